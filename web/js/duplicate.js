// duplicate.js - "Flag as duplicate" on an organisation's page, for
// signed-in people: find the other organisation in the directory
// (GET /api/v1/organisations?q=), choose it (radio buttons), add a note,
// and send POST /api/v1/organisations/{id}/duplicates {duplicate_of, note}.
// The secretariat reviews the flags on its page (/admin). A second flag of
// the same pair by the same person is a 409, said as such.

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { field, formErrorSlot, onSubmit, val, showFieldError, clearErrors, nextId } from './forms.js';
import { countryName } from './refdata.js';
import { currentUser } from './session.js';
import { errorBlock } from './errors.js';

function primaryName(o) {
  const names = o.names || [];
  return names.find((n) => n.primary) || names[0] || { text: `#${o.id}` };
}

/** The section for the page of organisation org; null for visitors. */
export function duplicateSection(org, signal) {
  if (!currentUser()) return null;
  const group = nextId('dup');
  const qInput = h('input', { type: 'search', name: 'q', maxlength: 200, autocomplete: 'off', id: nextId('dup-q') });
  const find = h('button', { type: 'button', class: 'button', id: 'dup-find' }, t('dup.find'));
  const q = field({ name: 'q', label: t('dup.search'), control: qInput, box: h('div', { class: 'search-row' }, qInput, find), hint: t('dup.search_hint') });
  const results = h('div', { class: 'dup-results', 'aria-live': 'polite' });
  const choice = h('fieldset', { class: 'group dup-choice', 'data-field': 'duplicate_of' },
    h('legend', null, t('dup.choose')), results,
    h('p', { class: 'field-error', id: `${group}-err`, hidden: true }));
  const note = field({ name: 'note', label: t('dup.note'), type: 'textarea', hint: t('dup.note_hint'), attrs: { maxlength: 1000, rows: 3 } });
  const form = h('form', { class: 'form dup-form', id: 'dup-form', hidden: true, novalidate: true }, formErrorSlot(),
    h('p', { class: 'hint' }, t('dup.lead')),
    q,
    choice, note,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('dup.submit'))));
  const open = h('button', { type: 'button', class: 'button', id: 'dup-open', 'aria-expanded': 'false', 'aria-controls': 'dup-form',
    onclick: () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) q.control.focus();
    } }, t('dup.open'));
  const outcome = h('div', { class: 'dup-outcome' });

  let seq = 0;
  let timer = null;
  let inFlight = null;
  signal?.addEventListener('abort', () => { clearTimeout(timer); inFlight?.abort(); }, { once: true });
  async function search() {
    clearTimeout(timer);
    const text = q.control.value.trim();
    const mine = ++seq;
    inFlight?.abort();
    if (!text) { replace(results, h('p', { class: 'muted' }, t('dup.type_to_search'))); return; }
    inFlight = new AbortController();
    replace(results, h('p', { class: 'loading' }, t('common.loading')));
    let b;
    try {
      b = await get('organisations', { q: text, limit: 20 }, { signal: inFlight.signal });
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return;
      replace(results, errorBlock(e, search));
      return;
    }
    if (mine !== seq) return;
    const others = (b.organisations || []).filter((o) => String(o.id) !== String(org.id));
    if (!others.length) { replace(results, h('p', { class: 'muted' }, t('dup.nothing'))); return; }
    replace(results, h('ul', { class: 'plain dup-options' }, others.map((o) => {
      const id = nextId('dup-o');
      const name = primaryName(o);
      return h('li', { class: 'dup-option', 'data-id': o.id },
        h('input', { type: 'radio', name: 'duplicate_of', id, value: String(o.id), 'aria-describedby': `${group}-err` }),
        h('label', { for: id }, h('span', { class: 'dup-name', lang: name.lang || null }, name.text),
          h('span', { class: 'muted' }, ` — ${countryName(o.country)}${o.city ? ', ' + o.city : ''} (#${o.id})`)));
    })));
  }
  q.control.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 300); });
  // Enter in the search box searches; it does not send the flag.
  q.control.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); search(); } });
  find.addEventListener('click', search);
  // Choosing an organisation answers "choose the other organisation first".
  results.addEventListener('change', () => clearErrors(form));
  replace(results, h('p', { class: 'muted' }, t('dup.type_to_search')));

  onSubmit(form, async () => {
    const picked = form.querySelector('input[name="duplicate_of"]:checked');
    if (!picked) {
      showFieldError(form, 'duplicate_of', t('dup.choose_first'), q.control);
      return;
    }
    const label = picked.closest('li')?.querySelector('.dup-name')?.textContent || `#${picked.value}`;
    try {
      await send('POST', `organisations/${encodeURIComponent(org.id)}/duplicates`,
        { duplicate_of: Number(picked.value), note: val(note.control) || '' });
    } catch (e) {
      // 409: this person flagged this pair before.
      if (e.kind === 'conflict') e.kind = 'dup_already';
      throw e;
    }
    note.control.value = '';
    form.hidden = true;
    open.setAttribute('aria-expanded', 'false');
    const done = h('p', { class: 'note', role: 'status', id: 'dup-sent', tabindex: '-1' }, t('dup.sent', { name: label }));
    replace(outcome, done);
    done.focus();
  });

  return h('section', { class: 'dup-section', 'aria-labelledby': 'dup-title' },
    h('h2', { id: 'dup-title' }, t('dup.title')), open, form, outcome);
}
