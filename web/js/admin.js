// admin.js - the secretariat's pages: countries (GET /api/v1/countries;
// PUT /api/v1/countries/{code} with the whole record), the open duplicate
// flags (GET /api/v1/duplicates), and the taxonomy's wording: browsing
// HS and ISIC codes and editing a code's labels and search synonyms in
// en/ru/zh (GET and PUT /api/v1/taxonomy/{hs|isic}/{code}). New codes are
// not added here but by an operator with `hamkor import-taxonomy`.

import { get, send, getCached } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDateTime, getLang } from './i18n.js';
import { field, enumSelect, formErrorSlot, onSubmit, val, done } from './forms.js';
import { requireUser } from './session.js';
import { reloadCountries, forgetCodeLabel } from './refdata.js';
import { errorBlock } from './errors.js';

const STATUSES = ['member', 'observer', 'dialogue_partner', 'guest'];

function secretariatOnly(main, titleKey) {
  const user = requireUser(main, titleKey);
  if (!user) return null;
  document.title = `${t(titleKey)} — hamkor`;
  if (user.role !== 'secretariat') {
    replace(main, h('section', { class: 'page' }, h('h1', null, t(titleKey)), h('p', null, t('admin.not_allowed'))));
    return null;
  }
  return user;
}

function countryForm(c) {
  const names = ['en', 'ru', 'zh'].map((l) => field({ name: `name_${l}`, label: t(`admin.name_${l}`), required: true, value: c[`name_${l}`],
    attrs: { lang: l, maxlength: 300 } }));
  const status = field({ name: 'status', label: t('admin.status'), control: enumSelect('status', 'sco', STATUSES, c.status) });
  const form = h('form', { class: 'form country-form', 'data-iso2': c.iso2, novalidate: true }, formErrorSlot(),
    h('fieldset', { class: 'group' }, h('legend', null, `${c.iso2} — ${c[`name_${getLang()}`] || c.name_en}`), status, ...names,
      h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('form.save')))));
  onSubmit(form, async () => {
    await send('PUT', `countries/${encodeURIComponent(c.iso2)}`, {
      iso2: c.iso2, status: status.control.value,
      name_en: val(names[0].control) || '', name_ru: val(names[1].control) || '', name_zh: val(names[2].control) || '',
    });
    await reloadCountries();
    done(form, t('form.saved'));
  });
  return form;
}

/** The primary name of organisation id (the flag's own name when it has one), else "#id". */
function orgName(id, known) {
  if (known) return Promise.resolve(known);
  return getCached(`organisations/${encodeURIComponent(id)}`).then((o) => {
    const names = o.names || [];
    return (names.find((n) => n.primary) || names[0])?.text || `#${id}`;
  }).catch(() => `#${id}`);
}

/** A link to an organisation's page, its text the name once known. */
function orgLink(id, known) {
  const a = h('a', { href: `/organisations/${encodeURIComponent(id)}` }, known || `#${id}`);
  if (!known) orgName(id).then((name) => { a.textContent = `${name} (#${id})`; });
  return a;
}

export async function adminView(main, { signal }) {
  if (!secretariatOnly(main, 'admin.title')) return;
  const countriesEl = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const dupsEl = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page' }, h('h1', null, t('admin.title')),
    h('p', null, h('a', { href: '/admin/taxonomy' }, t('taxonomy.title')), ' · ', h('a', { href: '/verify' }, t('verify.title'))),
    h('section', { 'aria-labelledby': 'dups-title' }, h('h2', { id: 'dups-title' }, t('admin.duplicates')), dupsEl),
    h('section', { 'aria-labelledby': 'countries-title' }, h('h2', { id: 'countries-title' }, t('admin.countries')),
      h('p', { class: 'hint' }, t('admin.countries_lead')), countriesEl)));
  get('countries', null, { signal }).then((b) => {
    const list = (b.countries || []).slice().sort((a, c) => a.iso2.localeCompare(c.iso2));
    replace(countriesEl, h('details', { class: 'countries-details' }, h('summary', null, t('admin.edit_countries', { n: list.length })),
      list.map(countryForm)));
  }).catch((e) => { if (e.name !== 'AbortError') replace(countriesEl, errorBlock(e)); });

  const dl = h('ul', { class: 'card-list dup-list' });
  async function dups(cursor) {
    let b;
    try {
      b = await get('duplicates', { cursor }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(dupsEl, errorBlock(e, () => dups(cursor)));
      return;
    }
    const flags = b.duplicates || b.flags || [];
    const items = flags.map((f) => {
      const pair = h('p', { class: 'dup-pair' }, t('admin.dup_pair', { a: f.org_name || `#${f.org_id}`, b: f.duplicate_of_name || `#${f.duplicate_of}` }));
      const li = h('li', { class: 'card', 'data-id': f.id, 'data-org': f.org_id, 'data-duplicate-of': f.duplicate_of },
        pair,
        h('p', { class: 'links' }, orgLink(f.org_id, f.org_name), ' · ', orgLink(f.duplicate_of, f.duplicate_of_name)),
        f.note ? h('p', { class: 'excerpt' }, f.note) : null,
        f.created_at ? h('p', { class: 'muted' }, fmtDateTime(f.created_at)) : null);
      // The flag names the organisations by id; the sentence gets their names when they load.
      if (!f.org_name || !f.duplicate_of_name) {
        Promise.all([orgName(f.org_id, f.org_name), orgName(f.duplicate_of, f.duplicate_of_name)])
          .then(([a, c]) => { pair.textContent = t('admin.dup_pair', { a, b: c }); });
      }
      return li;
    });
    if (!cursor) replace(dupsEl, items.length ? dl : h('p', { class: 'muted' }, t('admin.no_duplicates')));
    append(dl, items);
    if (b.next_cursor) dupsEl.append(h('button', { type: 'button', class: 'button', onclick: (e) => { e.target.remove(); dups(b.next_cursor); } }, t('search.more')));
  }
  dups(null);
  append(dupsEl, h('p', { class: 'hint' }, t('admin.merge_not_built')));
}

const LANGS3 = ['en', 'ru', 'zh'];

/** "a\n b \n\n c" -> ["a", "b", "c"]: one synonym per line. */
function lines(text) {
  return String(text || '').split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
}

/**
 * The editor of one code's wording: GET /api/v1/taxonomy/{scheme}/{code},
 * then PUT the same path with {"labels": {en, ru, zh}, "synonyms": {en: [...],
 * ru: [...], zh: [...]}} (docs/taxonomy.md, "Administration"). The fields
 * are named as the API names them (labels.zh, synonyms.ru), so that its
 * refusals appear next to the right control. onSaved(entry) gets the code
 * as the server answers it.
 */
async function codeEditor(scheme, code, { signal, onSaved } = {}) {
  const entry = await get(`taxonomy/${scheme}/${encodeURIComponent(code)}`, null, { signal });
  const labels = LANGS3.map((l) => field({ name: `labels.${l}`, label: t(`taxonomy.label_${l}`), required: true,
    value: entry.label?.[l] || '', attrs: { lang: l, maxlength: 200, autocomplete: 'off' } }));
  const syns = LANGS3.map((l) => field({ name: `synonyms.${l}`, label: t(`taxonomy.synonyms_${l}`), type: 'textarea',
    value: (entry.synonyms?.[l] || []).join('\n'), hint: t('taxonomy.synonyms_hint'), attrs: { lang: l, rows: 4, spellcheck: 'false' } }));
  const titleId = `tax-edit-${scheme}-${code}`;
  const heading = h('h2', { id: titleId }, t('taxonomy.edit_title', { code: `${scheme === 'hs' ? 'HS' : 'ISIC'} ${entry.code}` }));
  const form = h('form', { class: 'form taxonomy-form', 'data-scheme': scheme, 'data-code': entry.code, novalidate: true, 'aria-labelledby': titleId },
    formErrorSlot(),
    h('fieldset', { class: 'group' }, h('legend', null, t('taxonomy.labels')), ...labels),
    h('fieldset', { class: 'group' }, h('legend', null, t('taxonomy.synonyms')), ...syns),
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('form.save'))));
  onSubmit(form, async () => {
    const body = { labels: {}, synonyms: {} };
    LANGS3.forEach((l, i) => {
      body.labels[l] = labels[i].control.value.trim();
      body.synonyms[l] = lines(syns[i].control.value);
    });
    const r = await send('PUT', `taxonomy/${scheme}/${encodeURIComponent(entry.code)}`, body);
    const saved = r.body || {};
    LANGS3.forEach((l, i) => {
      labels[i].control.value = saved.label?.[l] ?? body.labels[l];
      syns[i].control.value = (saved.synonyms?.[l] || body.synonyms[l]).join('\n');
    });
    forgetCodeLabel(scheme, entry.code);
    onSaved?.(saved);
    done(form, t('taxonomy.saved'));
  });
  return h('section', { class: 'taxonomy-editor', 'aria-labelledby': titleId }, heading, form);
}

export function taxonomyView(main, { query, signal }) {
  if (!secretariatOnly(main, 'taxonomy.title')) return;
  const scheme = query.get('scheme') === 'isic' ? 'isic' : 'hs';
  const q = field({ name: 'q', label: t('taxonomy.q'), type: 'search', value: query.get('q') || '', attrs: { maxlength: 200 } });
  const schemeSel = field({ name: 'scheme', label: t('taxonomy.scheme'), control: h('select', { name: 'scheme' },
    h('option', { value: 'hs', selected: scheme === 'hs' || null }, 'HS'), h('option', { value: 'isic', selected: scheme === 'isic' || null }, 'ISIC')) });
  const results = h('div', { class: 'taxonomy-results' });
  const editorEl = h('div', { class: 'taxonomy-edit' });
  const form = h('form', { class: 'form form-filters', role: 'search' }, schemeSel, q,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('search.submit'))));
  let editing = query.get('code') || '';

  function url() {
    const text = q.control.value.trim();
    return `/admin/taxonomy?scheme=${schemeSel.control.value}${text ? `&q=${encodeURIComponent(text)}` : ''}${editing ? `&code=${encodeURIComponent(editing)}` : ''}`;
  }

  function labelCells(c) {
    return LANGS3.map((l) => h('td', { lang: l, 'data-lang': l }, c.label?.[l] || ''));
  }

  async function edit(s, code, { focus = true } = {}) {
    editing = code;
    history.replaceState(null, '', url());
    for (const b of results.querySelectorAll('button[data-action="edit"]')) b.setAttribute('aria-pressed', b.dataset.code === code ? 'true' : 'false');
    replace(editorEl, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      const el = await codeEditor(s, code, {
        signal,
        onSaved: (saved) => {
          const row = results.querySelector(`tr[data-code="${CSS.escape(saved.code || code)}"]`);
          if (row) replace(row, h('th', { scope: 'row' }, saved.code || code), labelCells(saved), row.lastChild);
        },
      });
      replace(editorEl, el);
      if (focus) el.querySelector('input')?.focus();
    } catch (e) {
      if (e.name !== 'AbortError') replace(editorEl, errorBlock(e, () => edit(s, code)));
    }
  }

  async function run() {
    const s = schemeSel.control.value;
    const text = q.control.value.trim();
    history.replaceState(null, '', url());
    try {
      const b = await get(`taxonomy/${s}`, { q: text, limit: 50 }, { signal });
      const rows = (b.codes || []).map((c) => h('tr', { 'data-code': c.code },
        h('th', { scope: 'row' }, c.code), labelCells(c),
        h('td', null, h('button', { type: 'button', class: 'button', 'data-action': 'edit', 'data-code': c.code, 'aria-pressed': 'false',
          'aria-label': t('taxonomy.edit_code', { code: c.code }), onclick: () => edit(s, c.code) }, t('taxonomy.edit')))));
      replace(results, rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('taxonomy.code')),
          ...LANGS3.map((l) => h('th', { scope: 'col' }, t(`admin.name_${l}`))), h('th', { scope: 'col' }, t('taxonomy.actions')))),
        h('tbody', null, rows))) : h('p', { class: 'muted' }, t('picker.nothing')));
    } catch (e) {
      if (e.name !== 'AbortError') replace(results, errorBlock(e));
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  schemeSel.control.addEventListener('change', () => { editing = ''; replace(editorEl); });
  replace(main, h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: '/admin' }, t('admin.title'))),
    h('h1', null, t('taxonomy.title')),
    h('p', { class: 'hint taxonomy-lead' }, t('taxonomy.lead')), form, results, editorEl));
  run();
  if (editing) edit(scheme, editing, { focus: false });
}
