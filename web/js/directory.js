// directory.js - the organisation directory (GET /api/v1/organisations?q=&country=&type=&cursor=):
// a search box and two filters kept in the URL, results in id order with
// "more" through next_cursor.

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t } from './i18n.js';
import { field, enumSelect } from './forms.js';
import { countrySelect, cityText } from './pickers.js';
import { countryName } from './refdata.js';
import { ORG_TYPES } from './org_editor.js';
import { errorBlock } from './errors.js';
import { navigate } from './router.js';

export function orgCard(o, extra) {
  const names = o.names || [];
  const primary = names.find((n) => n.primary) || names[0] || { text: o.name || `#${o.id}` };
  const tier = o.tier || 'self_declared';
  return h('li', { class: 'card org-card', 'data-id': o.id },
    h('h2', { class: 'card-title' }, h('a', { href: `/organisations/${encodeURIComponent(o.id)}`, lang: primary.lang || null }, primary.text)),
    h('p', { class: 'badges' }, h('span', { class: `badge badge-tier tier-${tier}`, 'data-tier': tier }, t(`tier.${tier}`)),
      o.type ? h('span', { class: 'badge' }, t(`org_type.${o.type}`)) : null),
    h('p', { class: 'hit-meta' }, h('span', { class: 'country', 'data-country': o.country }, countryName(o.country)), o.city ? [' · ', cityText(o)] : ''),
    extra || null);
}

export function directoryView(main, { query, signal }) {
  const state = { q: query.get('q') || '', country: query.get('country') || '', type: query.get('type') || '' };
  document.title = `${t('directory.title')} — hamkor`;
  const q = field({ name: 'q', label: t('directory.q'), type: 'search', value: state.q, attrs: { maxlength: 200 } });
  const country = field({ name: 'country', label: t('org.country'), control: countrySelect('country', state.country, { empty: t('directory.any_country') }) });
  const type = field({ name: 'type', label: t('org.type'), control: enumSelect('type', 'org_type', ORG_TYPES, state.type, { empty: t('directory.any_type') }) });
  const form = h('form', { class: 'form form-filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (q.control.value.trim()) p.set('q', q.control.value.trim());
    if (country.control.value) p.set('country', country.control.value);
    if (type.control.value) p.set('type', type.control.value);
    const s = p.toString();
    navigate(`/organisations${s ? `?${s}` : ''}`);
  } }, q, country, type, h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('search.submit'))));
  const list = h('ul', { class: 'card-list directory-list' });
  const body = h('div', { class: 'directory-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const more = h('div', { class: 'more' });
  replace(main, h('section', { class: 'page page-wide' }, h('h1', null, t('directory.title')), h('p', { class: 'lead' }, t('directory.lead')),
    form, body, more));
  async function page(cursor) {
    let b;
    try {
      b = await get('organisations', { q: state.q, country: state.country, type: state.type, cursor, limit: 20 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(body, errorBlock(e, () => page(cursor)));
      return;
    }
    const items = (b.organisations || []).map((o) => orgCard(o));
    if (!cursor) replace(body, items.length ? list : h('p', { class: 'muted' }, t('directory.none')));
    append(list, items);
    if (cursor) items[0]?.querySelector('a')?.focus();
    replace(more, b.next_cursor ? h('button', { type: 'button', class: 'button', onclick: () => page(b.next_cursor) }, t('search.more')) : null);
  }
  page(null);
}
