// saved.js - saved searches: "Save this search" on the search page (the
// search box and the filters in use: POST /api/v1/saved-searches), and the
// page listing them with a link to run each and a delete button
// (GET /api/v1/saved-searches, DELETE /api/v1/saved-searches/{id}).

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDateTime, has } from './i18n.js';
import { field, formErrorSlot, onSubmit, val } from './forms.js';
import { requireUser, currentUser } from './session.js';
import { countryName } from './refdata.js';
import { errorBlock } from './errors.js';

/** The search page's "Save this search" control; getState() -> {q, filters}. */
export function saveSearchControl(getState) {
  if (!currentUser()) return null;
  const name = field({ name: 'name', label: t('saved.name'), required: true, attrs: { maxlength: 100 } });
  const form = h('form', { class: 'form form-inline save-search', id: 'save-search-form', hidden: true, novalidate: true },
    formErrorSlot(), name,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('saved.save'))));
  const open = h('button', { type: 'button', class: 'button', id: 'save-search', 'aria-expanded': 'false', 'aria-controls': 'save-search-form',
    onclick: () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) {
        if (!name.control.value) name.control.value = getState().q || t('saved.default_name');
        name.control.focus();
      }
    } }, t('saved.open'));
  const box = h('div', { class: 'save-box' }, open, form);
  onSubmit(form, async () => {
    const { q, filters } = getState();
    const body = { name: val(name.control) || '', query: q || '' };
    const f = Object.fromEntries(Object.entries(filters || {}).filter(([, v]) => v?.length));
    if (Object.keys(f).length) body.filters = f;
    await send('POST', 'saved-searches', body);
    form.hidden = true;
    open.setAttribute('aria-expanded', 'false');
    const note = h('p', { class: 'note', role: 'status', id: 'saved-note' }, t('saved.done'), ' ', h('a', { href: '/saved' }, t('saved.title')));
    box.querySelector('.note')?.remove();
    box.append(note);
  });
  return box;
}

function filtersOf(s) {
  if (typeof s.filters !== 'string') return s.filters || {};
  try { return JSON.parse(s.filters) || {}; } catch { return {}; }
}

function searchUrl(s) {
  const p = new URLSearchParams();
  if (s.query) p.set('q', s.query);
  for (const [k, v] of Object.entries(filtersOf(s))) for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  const q = p.toString();
  return q ? `/?${q}` : '/';
}

function filterText(filters) {
  const parts = [];
  for (const [k, v] of Object.entries(filters || {})) {
    const vals = (Array.isArray(v) ? v : [v]).map((x) => (k === 'country' ? countryName(x)
      : has(`${k}.${x}`) ? t(`${k}.${x}`) : String(x)));
    parts.push(`${has(`facet.${k}`) ? t(`facet.${k}`) : k}: ${vals.join(', ')}`);
  }
  return parts.join(' · ');
}

export async function savedView(main, { signal }) {
  if (!requireUser(main, 'saved.title')) return;
  document.title = `${t('saved.title')} — hamkor`;
  const body = h('div', { class: 'saved-body' }, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page' }, h('h1', null, t('saved.title')), h('p', { class: 'lead' }, t('saved.lead')), body));
  async function load() {
    let b;
    try {
      b = await get('saved-searches', null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(body, errorBlock(e, load));
      return;
    }
    const list = b.saved_searches || b.searches || b.items || [];
    replace(body, list.length ? h('ul', { class: 'card-list saved-list' }, list.map((s) => h('li', { class: 'card', 'data-id': s.id },
      h('h2', { class: 'card-title' }, h('a', { href: searchUrl(s) }, s.name)),
      h('p', { class: 'hit-meta' }, s.query ? t('saved.query', { q: s.query }) : t('saved.no_query'),
        Object.keys(filtersOf(s)).length ? ` · ${filterText(filtersOf(s))}` : ''),
      s.created_at ? h('p', { class: 'muted' }, fmtDateTime(s.created_at)) : null,
      h('button', { type: 'button', class: 'button button-small', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await send('DELETE', `saved-searches/${encodeURIComponent(s.id)}`);
          await load();
        } catch (err) {
          e.target.disabled = false;
          replace(body, errorBlock(err, load));
        }
      } }, t('saved.delete', { name: s.name })))))
      : h('p', { class: 'muted' }, t('saved.none')));
  }
  load();
}
