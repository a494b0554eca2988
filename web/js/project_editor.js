// project_editor.js - the form of a joint project's content, used twice:
// starting a project (POST /api/v1/projects, /projects/new) and editing a
// draft or signed-off one (PATCH /api/v1/projects/{id} with If-Match,
// /projects/:id/edit), which any member of a partner may do. The form has
// the texts side by side (language, origin original/human/machine, title,
// summary), sector, budget, partners (organisation, role, work share,
// money with its currency, in kind) and milestones. From an accepted
// interest (/projects/new?interest=ID) the two organisations of the
// interest are the first partners and the project keeps the link. The
// API's field errors land next to their controls; a stale edit (412) says
// that someone else changed the project and offers to reload it.

import { get, getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, getLang } from './i18n.js';
import { requireUser, memberships } from './session.js';
import { field, enumSelect, select, formErrorSlot, onSubmit, val } from './forms.js';
import { errorBlock } from './errors.js';
import { repeater } from './repeat.js';
import { navigate, render } from './router.js';
import { SECTORS, pickText, noteOnNextView } from './projects.js';

const ROLES = ['lead', 'coproducer', 'supplier', 'research', 'financier'];
const ORIGINS = ['original', 'human', 'machine'];
const MS_STATUS = ['planned', 'in_progress', 'done'];
const LANG_NAMES = [['ru', 'Русский'], ['zh', '中文'], ['en', 'English']];

/** A number input's value, or undefined when empty (the key is then left out). */
function num(control) {
  const v = (control.value ?? '').trim();
  return v === '' ? undefined : Number(v);
}

/**
 * The project form. p: the project's content (or the blank of a new one);
 * submitLabel; onsend(body) sends it (and throws the ApiError on refusal).
 * Returns the <form>.
 */
export function projectForm(p, { submitLabel, onsend, cls = '' }) {
  const texts = repeater({
    name: 'texts', legend: t('project.texts'), addLabel: t('project.add_text'), items: p.texts, min: 1,
    blank: () => ({ lang: '', origin: 'machine' }),
    make: (x) => {
      const langs = LANG_NAMES.some(([v]) => v === x.lang) || !x.lang ? LANG_NAMES : [...LANG_NAMES, [x.lang, x.lang]];
      const lang = field({ name: 'texts[0].lang', label: t('project.language'), control: select('lang', langs, x.lang || '') });
      const origin = field({ name: 'texts[0].origin', label: t('project.origin'), control: enumSelect('origin', 'origin', ORIGINS, x.origin || 'original') });
      const title = field({ name: 'texts[0].title', label: t('project.title_field'), required: true, value: x.title ?? '', attrs: { maxlength: '300' } });
      const summary = field({ name: 'texts[0].summary', label: t('project.summary'), type: 'textarea', value: x.summary ?? '' });
      return { el: h('div', { class: 'row-fields project-text-row' }, lang, origin, title, summary),
        get: () => ({ lang: lang.control.value, origin: origin.control.value, title: title.control.value.trim(), summary: val(summary.control) }) };
    },
  });
  const sector = field({ name: 'sector', label: t('pipeline.sector'), control: enumSelect('sector', 'sector', SECTORS, p.sector || 'industry') });
  const budget = field({ name: 'budget', label: t('project.budget'), type: 'number', required: true, value: p.budget ?? '', attrs: { min: '0', step: 'any' } });
  const currency = field({ name: 'currency', label: t('project.currency'), value: p.currency || 'USD', required: true, attrs: { maxlength: '3' } });
  const partners = repeater({
    name: 'partners', legend: t('project.partners'), addLabel: t('project.add_partner'), items: p.partners, min: 1,
    blank: () => ({ role: 'coproducer', share: 0 }),
    make: (x) => {
      const org = field({ name: 'partners[0].org_id', label: t('project.org_id'), type: 'number', value: x.org_id ?? '', attrs: { min: '1' } });
      const role = field({ name: 'partners[0].role', label: t('project.role'), control: enumSelect('role', 'prole', ROLES, x.role) });
      const share = field({ name: 'partners[0].share', label: t('project.share'), type: 'number', value: x.share ?? 0, attrs: { min: '0', max: '100', step: '0.01' } });
      const money = field({ name: 'partners[0].money', label: t('project.money'), type: 'number', value: x.money || '', attrs: { min: '0', step: 'any' } });
      const cur = field({ name: 'partners[0].currency', label: t('project.currency'), value: x.currency ?? '', attrs: { maxlength: '3' } });
      const kind = field({ name: 'partners[0].in_kind', label: t('project.in_kind'), type: 'textarea', value: x.in_kind ?? '' });
      return { el: h('div', { class: 'row-fields' }, org, role, share, money, cur, kind),
        get: () => {
          const out = { org_id: Number(org.control.value), role: role.control.value, share: Number(share.control.value) };
          const m = num(money.control);
          if (m !== undefined) out.money = m;
          const c = val(cur.control);
          if (c) out.currency = c.toUpperCase();
          const k = val(kind.control);
          if (k) out.in_kind = k;
          return out;
        } };
    },
  });
  const milestones = repeater({
    name: 'milestones', legend: t('project.milestones'), addLabel: t('project.add_milestone'), items: p.milestones || [],
    blank: () => ({ status: 'planned' }),
    make: (x) => {
      const mt = field({ name: 'milestones[0].title', label: t('project.ms_title'), value: x.title ?? '' });
      const due = field({ name: 'milestones[0].due', label: t('project.ms_due'), type: 'date', value: x.due ?? '' });
      const status = field({ name: 'milestones[0].status', label: t('project.ms_status'), control: enumSelect('status', 'ms', MS_STATUS, x.status || 'planned') });
      return { el: h('div', { class: 'row-fields' }, mt, due, status),
        // Progress notes are written by reporting, not here; an edit keeps them.
        get: () => ({ title: mt.control.value, due: due.control.value, status: status.control.value, ...(x.evidence ? { evidence: x.evidence } : {}) }) };
    },
  });
  const form = h('form', { class: `form project-form ${cls}`.trim(), novalidate: true }, formErrorSlot(),
    texts, sector, budget, currency, partners, milestones,
    h('p', { class: 'hint' }, t('project.rules_hint')),
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, submitLabel)));
  onSubmit(form, () => onsend({
    sector: sector.control.value,
    budget: Number(budget.control.value || 0),
    currency: (val(currency.control) || '').toUpperCase(),
    texts: texts.value(),
    partners: partners.value(),
    milestones: milestones.value(),
  }));
  return form;
}

// ---- /projects/new ----

export async function projectCreateView(main, { query, signal }) {
  if (!requireUser(main, 'projects.new')) return;
  document.title = `${t('projects.new')} — hamkor`;
  const interestId = Number(query.get('interest')) || 0;
  const partners = [];
  const mine = memberships()[0];
  if (interestId) {
    try {
      const i = await get(`interests/${interestId}`, null, { signal });
      const l = await get(`listings/${i.listing_id}`, null, { signal });
      partners.push({ org_id: l.org_id, role: 'lead', share: 50 }, { org_id: i.from_org_id, role: 'coproducer', share: 50 });
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
  }
  if (!partners.length && mine) partners.push({ org_id: mine.org_id, role: 'lead', share: 100 });
  const blank = { texts: [{ lang: getLang(), origin: 'original' }], sector: 'industry', currency: 'USD', partners, milestones: [] };
  const form = projectForm(blank, { submitLabel: t('project.create'), onsend: async (body) => {
    const r = await send('POST', 'projects', { ...body, interest_ids: interestId ? [interestId] : [] });
    await navigate(`/projects/${r.body.id}`);
  } });
  replace(main, h('section', { class: 'page project-new' },
    h('p', { class: 'crumbs' }, h('a', { href: '/projects' }, t('projects.back'))),
    h('h1', null, t('projects.new')),
    interestId ? h('p', { class: 'lead' }, t('project.from_interest', { id: interestId })) : null,
    form));
}

// ---- /projects/:id/edit ----

/** The block that says a stale edit was refused, with a button that loads the project again. */
function staleBlock() {
  return h('div', { class: 'error stale-edit', role: 'alert', tabindex: '-1' },
    h('p', { class: 'error-title' }, t('project.stale')),
    h('button', { type: 'button', class: 'button reload-project', onclick: () => render({ focus: true }) }, t('project.reload')));
}

export async function projectEditView(main, { params, signal }) {
  if (!requireUser(main, 'project.edit')) return;
  const path = `projects/${encodeURIComponent(params.id)}`;
  let r;
  try {
    r = await getWithEtag(path, { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(main, errorBlock(e, () => render()));
    return;
  }
  const p = r.body;
  const back = h('p', { class: 'crumbs' }, h('a', { href: `/projects/${encodeURIComponent(p.id)}` }, pickText(p).title));
  document.title = `${t('project.edit')} — hamkor`;
  const editable = (p.state === 'draft' || p.state === 'signed_off') && p.relation?.partner;
  if (!editable) {
    replace(main, h('section', { class: 'page project-edit' }, back, h('h1', null, t('project.edit')),
      h('p', { class: 'not-editable' }, t('project.not_editable'))));
    return;
  }
  const form = projectForm(p, { submitLabel: t('form.save'), cls: 'project-edit-form', onsend: async (body) => {
    let res;
    try {
      res = await send('PATCH', path, body, { ifMatch: r.etag });
    } catch (e) {
      if (e.kind !== 'precondition_failed') throw e;
      const slot = form.querySelector('.form-error');
      replace(slot, staleBlock());
      slot.firstChild.focus();
      return;
    }
    const n = Number(res.body?.voided_signoffs) || 0;
    noteOnNextView(n ? t('project.voided', { n }) : t('form.saved'), n ? 'voided-note' : 'saved-note');
    await navigate(`/projects/${encodeURIComponent(p.id)}`);
  } });
  replace(main, h('section', { class: 'page project-edit', 'data-id': p.id },
    back, h('h1', null, t('project.edit')),
    p.state === 'signed_off' || (p.signoffs || []).length ? h('p', { class: 'lead warn-voids' }, t('project.edit_voids')) : null,
    form));
}
