// projects.js - joint projects (docs/projects.md): the list of my projects
// (GET /api/v1/projects), a project's page with its texts side by side,
// partners, milestones (overdue ones stand out), documents, financing and
// the actions the reader may take now (sign off, endorse or return,
// submit, decide, ask, start, report, complete, cancel), and the
// financial institutions' pipeline with its filters and CSV export.
// Editing the content is project_editor.js, documents project_docs.js.
// Every user text goes in as text nodes (dom.js).

import { get, getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtNumber, fmtDate, fmtDateTime, getLang } from './i18n.js';
import { requireUser, currentUser, memberships } from './session.js';
import { countryName } from './refdata.js';
import { errorBlock } from './errors.js';
import { field, enumSelect, formErrorSlot, onSubmit, done, val } from './forms.js';
import { navigate, render } from './router.js';
import { documentsSection } from './project_docs.js';
import { titleOf } from './coord.js';

export const STATES = ['draft', 'signed_off', 'endorsed', 'submitted', 'implementation', 'completed', 'cancelled'];
export const SECTORS = ['finance', 'investment', 'industry', 'transport', 'energy', 'agriculture', 'other'];

// A note for the next project page drawn (what an edit or an upload did,
// such as the sign-offs it voided), shown once under its heading.
let pendingNote = null;

/** Shows text (class cls) on the next project page drawn. */
export function noteOnNextView(text, cls) { pendingNote = { text, cls }; }

export function stateBadge(state) {
  return h('span', { class: `badge prj-${state}`, 'data-state': state }, t(`prj_state.${state}`));
}

function money(amount, currency) {
  return `${fmtNumber(amount, { maximumFractionDigits: 2 })} ${currency || ''}`.trim();
}

/** The text in the reader's language, else the original, else the first. */
export function pickText(p) {
  const texts = p.texts || [];
  return texts.find((x) => x.lang === getLang()) || texts.find((x) => x.origin === 'original') || texts[0] || { title: `#${p.id}` };
}

function projectCard(p) {
  const text = pickText(p);
  const overdue = (p.milestones || []).filter((m) => m.overdue).length;
  return h('li', { class: 'card project-card', 'data-id': p.id, 'data-state': p.state },
    h('h2', { class: 'card-title' }, h('a', { href: `/projects/${encodeURIComponent(p.id)}` }, text.title)),
    h('p', { class: 'badges' }, stateBadge(p.state), ' ', h('span', { class: 'badge' }, t(`sector.${p.sector}`)),
      overdue ? [' ', h('span', { class: 'badge overdue' }, t('project.overdue_n', { n: fmtNumber(overdue) }))] : null),
    h('p', { class: 'hit-meta' }, money(p.budget, p.currency), ' · ',
      (p.countries || []).map((c) => countryName(c)).join(', '), ' · ', fmtDateTime(p.updated_at)));
}

// ---- /projects ----

export function projectsView(main, { signal }) {
  if (!requireUser(main, 'projects.title')) return;
  document.title = `${t('projects.title')} — hamkor`;
  const list = h('div', { class: 'projects' }, h('p', { class: 'loading' }, t('common.loading')));
  const user = currentUser();
  replace(main, h('section', { class: 'page projects-page' },
    h('h1', null, t('projects.title')),
    h('p', { class: 'actions' },
      memberships().length ? h('a', { href: '/projects/new', class: 'button button-primary', id: 'new-project' }, t('projects.new')) : null,
      user.role === 'financial' || user.role === 'secretariat' ? [' ', h('a', { href: '/pipeline', class: 'button' }, t('pipeline.title'))] : null),
    list));
  get('projects', { limit: 100 }, { signal }).then((b) => {
    const items = (b.projects || []).map(projectCard);
    replace(list, items.length ? h('ul', { class: 'card-list project-list' }, items) : h('p', { class: 'muted' }, t('projects.none')));
  }).catch((e) => { if (e.name !== 'AbortError') replace(list, errorBlock(e, () => render())); });
}

// ---- /projects/:id ----

function actionForm(label, fields, onsend, cls) {
  const form = h('form', { class: `form project-action ${cls}`, novalidate: true }, formErrorSlot(), fields,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, label)));
  onSubmit(form, onsend);
  return form;
}

export async function projectView(main, { params, signal }) {
  if (!requireUser(main, 'project.title')) return;
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
  const rel = p.relation || {};
  const user = currentUser();
  const text = pickText(p);
  document.title = `${text.title} — hamkor`;
  const after = async (promise, note) => { await promise; await render(); done(main.querySelector('.project-actions') || main, note); };
  const act = (what, body, note) => after(send('POST', `${path}/${what}`, { version: p.version, ...body }), note);

  // The texts side by side, each marked original, human or machine.
  const texts = h('div', { class: 'project-texts' }, (p.texts || []).map((x) => h('section', { class: 'project-text', lang: x.lang, 'data-lang': x.lang },
    h('h2', null, x.title), h('p', { class: 'origin muted' }, t(`origin.${x.origin || 'original'}`)),
    x.summary ? h('p', { class: 'summary' }, x.summary) : null)));

  const partners = h('table', { class: 'table partners' },
    h('thead', null, h('tr', null, ['project.partner', 'project.role', 'project.share', 'project.contribution', 'project.signed']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, (p.partners || []).map((x) => h('tr', { 'data-org': x.org_id },
      h('td', null, h('a', { href: `/organisations/${encodeURIComponent(x.org_id)}` }, x.org_name || `#${x.org_id}`), ' (', countryName(x.country), ')'),
      h('td', null, t(`prole.${x.role}`)),
      h('td', null, `${fmtNumber(x.share, { maximumFractionDigits: 2 })} %`),
      h('td', null, x.money ? money(x.money, x.currency) : '', x.in_kind ? [x.money ? '; ' : '', x.in_kind] : null),
      h('td', { class: 'signed' }, x.signed_off ? t('project.signed_yes') : t('project.signed_no'))))));

  const milestones = h('ol', { class: 'milestones' }, (p.milestones || []).map((m) => h('li', {
    class: `milestone ms-${m.status}${m.overdue ? ' overdue' : ''}`, 'data-index': m.index, 'data-overdue': String(!!m.overdue) },
  h('strong', null, m.title), ' · ', t('project.due', { date: fmtDate(m.due) }), ' · ', t(`ms.${m.status}`),
  m.overdue ? [' ', h('span', { class: 'badge overdue', role: 'note' }, t('project.overdue'))] : null,
  m.evidence ? h('p', { class: 'evidence' }, m.evidence) : null,
  p.state === 'implementation' && rel.partner ? reportForm(m) : null)));

  function reportForm(m) {
    const status = field({ name: 'status', label: t('project.ms_status'), control: enumSelect('status', 'ms', ['planned', 'in_progress', 'done'], m.status) });
    const evidence = field({ name: 'evidence', label: t('project.evidence'), type: 'textarea' });
    return actionForm(t('project.report'), [status, evidence],
      () => after(send('POST', `${path}/milestones/${m.index}/report`, { status: status.control.value, evidence: val(evidence.control) }), t('project.reported')), 'report-form');
  }

  // What the reader may do now.
  const actions = [];
  if (p.state === 'draft' && rel.partner_admin) {
    for (const m of memberships().filter((x) => x.is_admin)) {
      const partner = (p.partners || []).find((x) => String(x.org_id) === String(m.org_id));
      if (!partner || partner.signed_off) continue;
      actions.push(actionForm(t('project.signoff_for', { name: partner.org_name || `#${partner.org_id}` }), [],
        () => after(send('POST', `${path}/signoff`, { org_id: partner.org_id, content_version: p.content_version }), t('project.signed_note')), 'signoff-form'));
    }
  }
  if (p.state === 'signed_off' && rel.coordinator && !(p.endorsements || []).some((e) => e.country === user.country)) {
    actions.push(actionForm(t('project.endorse'), [], () => act('endorse', {}, t('project.endorsed_note')), 'endorse-form'));
    const reason = field({ name: 'reason', label: t('project.reason'), type: 'textarea', required: true });
    actions.push(actionForm(t('project.return'), [reason], () => act('return', { reason: val(reason.control) || '' }, t('project.returned_note')), 'return-form'));
  }
  if ((p.state === 'endorsed' || p.state === 'submitted') && rel.lead_admin) {
    const inst = field({ name: 'institution_ids', label: t('project.institution'), hint: t('project.institution_hint'), attrs: { inputmode: 'numeric' } });
    actions.push(actionForm(t('project.submit'), [inst], () => act('submit', { institution_ids: [Number(val(inst.control))] }, t('project.submitted_note')), 'submit-form'));
  }
  if (p.state === 'submitted' && rel.lead_admin && (p.submissions || []).some((s) => s.status === 'approved')) {
    actions.push(actionForm(t('project.start'), [], () => act('start', {}, t('project.started_note')), 'start-form'));
  }
  if (p.state === 'implementation' && rel.lead_admin) {
    actions.push(actionForm(t('project.complete'), [], () => act('complete', {}, t('project.completed_note')), 'complete-form'));
  }
  if (p.state !== 'completed' && p.state !== 'cancelled' && rel.lead_admin) {
    const reason = field({ name: 'reason', label: t('project.reason'), type: 'textarea', required: true });
    actions.push(actionForm(t('project.cancel'), [reason], () => act('cancel', { reason: val(reason.control) || '' }, t('project.cancelled_note')), 'cancel-form'));
  }

  const subs = h('div', { class: 'submissions' }, (p.submissions || []).length
    ? (p.submissions || []).map((s) => submissionBlock(s))
    : h('p', { class: 'muted' }, t('project.no_submissions')));

  function submissionBlock(s) {
    const thread = h('ul', { class: 'questions' });
    const box = h('section', { class: `submission sub-${s.status}`, 'data-id': s.id, 'data-status': s.status },
      h('h3', null, s.institution_name || `#${s.institution_id}`, ' · ', t(`sub.${s.status}`)),
      s.status === 'approved' ? h('p', { class: 'decision' }, t('project.approved_amount', { amount: money(s.amount, s.currency) })) : null,
      s.status === 'declined' ? h('p', { class: 'decision' }, t('project.declined_reason'), ' ', s.reason || '') : null,
      thread);
    const mine = user.role === 'financial' && memberships().some((m) => String(m.org_id) === String(s.institution_id));
    if (mine && s.status === 'pending' && p.state === 'submitted') {
      const status = field({ name: 'status', label: t('project.decision'), control: enumSelect('status', 'sub', ['approved', 'declined'], 'approved') });
      const amount = field({ name: 'amount', label: t('project.amount'), type: 'number', attrs: { min: '0', step: 'any' } });
      const currency = field({ name: 'currency', label: t('project.currency'), value: p.currency, attrs: { maxlength: '3' } });
      const reason = field({ name: 'reason', label: t('project.reason'), type: 'textarea' });
      box.appendChild(actionForm(t('project.decide'), [status, amount, currency, reason], () => {
        const body = status.control.value === 'approved'
          ? { status: 'approved', amount: Number(amount.control.value), currency: val(currency.control) }
          : { status: 'declined', reason: val(reason.control) || '' };
        return after(send('POST', `${path}/submissions/${s.id}/decision`, body), t('project.decided_note'));
      }, 'decision-form'));
    }
    if ((mine || rel.partner) && p.state !== 'completed' && p.state !== 'cancelled') {
      const q = field({ name: 'body', label: mine ? t('project.ask') : t('project.answer'), type: 'textarea', required: true });
      box.appendChild(actionForm(t('project.send'), [q], async () => {
        await send('POST', `${path}/submissions/${s.id}/questions`, { body: val(q.control) || '' });
        q.control.value = '';
        await loadThread();
      }, 'question-form'));
    }
    async function loadThread() {
      try {
        const b = await get(`${path}/submissions/${s.id}/questions`, null, { signal });
        replace(thread, (b.questions || []).map((x) => h('li', { class: 'question', 'data-id': x.id },
          h('p', { class: 'message-meta' }, fmtDateTime(x.created_at)), h('p', { class: 'message-body' }, x.body))));
      } catch { /* not allowed to read the thread: nothing to show */ }
    }
    if (mine || rel.partner) loadThread();
    return box;
  }

  const docs = documentsSection(p, path, rel, { signal, onAdded: (note, cls) => { noteOnNextView(note, cls); return render(); } });
  const note = pendingNote;
  pendingNote = null;
  const editable = (p.state === 'draft' || p.state === 'signed_off') && rel.partner;

  replace(main, h('article', { class: 'page project', 'data-id': p.id, 'data-state': p.state },
    h('p', { class: 'crumbs' }, h('a', { href: '/projects' }, t('projects.back'))),
    h('h1', null, text.title),
    note ? h('p', { class: `note ${note.cls || ''}`.trim(), role: 'status' }, note.text) : null,
    h('p', { class: 'badges' }, stateBadge(p.state), ' ', h('span', { class: 'badge' }, t(`sector.${p.sector}`))),
    editable ? h('p', { class: 'actions' }, h('a', { href: `/projects/${encodeURIComponent(p.id)}/edit`, class: 'button', id: 'edit-project' }, t('project.edit'))) : null,
    p.state_reason ? h('p', { class: 'state-reason' }, t('project.reason_was'), ' ', p.state_reason) : null,
    h('dl', { class: 'facts' },
      h('dt', null, t('project.budget')), h('dd', { class: 'budget' }, money(p.budget, p.currency)),
      h('dt', null, t('project.states')), h('dd', null, (p.countries || []).map((c) => countryName(c)).join(', ')),
      h('dt', null, t('project.signoffs')), h('dd', { class: 'signoff-count' }, `${(p.signoffs || []).length} / ${(p.partners || []).length}`),
      h('dt', null, t('project.endorsements')), h('dd', { class: 'endorsement-count' }, `${(p.endorsements || []).length} / ${(p.countries || []).length}`)),
    actions.length ? h('section', { class: 'project-actions', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('project.your_actions')), actions) : null,
    texts,
    h('section', null, h('h2', null, t('project.partners')), partners),
    h('section', null, h('h2', null, t('project.milestones')), milestones),
    docs,
    h('section', null, h('h2', null, t('project.financing')), subs),
    servesSection(p.serves)));
}

/** What the project serves in the coordination mechanism: measures of the Action Plan and initiatives. */
function servesSection(serves) {
  const ms = serves?.measures || [], is = serves?.initiatives || [];
  if (!ms.length && !is.length) return null;
  return h('section', { class: 'project-serves' }, h('h2', null, t('project.serves')),
    h('dl', { class: 'facts' },
      ms.length ? [h('dt', null, t('project.serves_measures')), h('dd', null, h('ul', { class: 'plain' }, ms.map((m) =>
        h('li', null, h('a', { href: `/plan/measures/${m.id}`, class: 'link-measure', 'data-id': m.id },
          h('span', { class: 'measure-code' }, m.code), ' ', titleOf(m.texts, m.code))))))] : null,
      is.length ? [h('dt', null, t('project.serves_initiatives')), h('dd', null, h('ul', { class: 'plain' }, is.map((x) =>
        h('li', null, h('a', { href: `/initiatives/${x.id}`, class: 'link-initiative', 'data-id': x.id }, titleOf(x.texts, `#${x.id}`))))))] : null));
}

// ---- /pipeline ----

export function pipelineView(main, { query, signal }) {
  if (!requireUser(main, 'pipeline.title')) return;
  document.title = `${t('pipeline.title')} — hamkor`;
  const f = Object.fromEntries(['sector', 'stage', 'country', 'min_amount', 'max_amount', 'sort'].map((k) => [k, query.get(k) || '']));
  const sector = field({ name: 'sector', label: t('pipeline.sector'), control: enumSelect('sector', 'sector', SECTORS, f.sector, { empty: t('pipeline.any') }) });
  const stage = field({ name: 'stage', label: t('pipeline.stage'), control: enumSelect('stage', 'prj_state', ['endorsed', 'submitted', 'implementation', 'completed'], f.stage, { empty: t('pipeline.seeking') }) });
  const country = field({ name: 'country', label: t('pipeline.country'), value: f.country, attrs: { maxlength: '2' } });
  const min = field({ name: 'min_amount', label: t('pipeline.min'), type: 'number', value: f.min_amount, attrs: { min: '0' } });
  const max = field({ name: 'max_amount', label: t('pipeline.max'), type: 'number', value: f.max_amount, attrs: { min: '0' } });
  const sort = field({ name: 'sort', label: t('pipeline.sort'), control: enumSelect('sort', 'pipeline.sort', ['-updated', '-budget', 'budget', '-created'], f.sort || '-updated') });
  const params = () => ({ sector: val(sector.control), stage: val(stage.control), country: val(country.control)?.toUpperCase(),
    min_amount: val(min.control), max_amount: val(max.control), sort: val(sort.control) });
  const form = h('form', { class: 'form pipeline-filters', novalidate: true }, formErrorSlot(), sector, stage, country, min, max, sort,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('pipeline.apply'))));
  onSubmit(form, async () => {
    const q = new URLSearchParams(Object.entries(params()).filter(([, v]) => v));
    await navigate(`/pipeline${q.toString() ? `?${q}` : ''}`);
  });
  const csv = new URLSearchParams(Object.entries({ ...params(), format: 'csv', lang: getLang() }).filter(([, v]) => v));
  const list = h('div', { class: 'pipeline' }, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page pipeline-page' },
    h('h1', null, t('pipeline.title')), h('p', { class: 'lead' }, t('pipeline.lead')), form,
    h('p', null, h('a', { href: `/api/v1/projects/pipeline?${csv}`, download: 'hamkor-pipeline.csv', class: 'button csv-link' }, t('pipeline.csv'))),
    list));
  get('projects/pipeline', { ...params(), limit: 100 }, { signal }).then((b) => {
    const rows = (b.projects || []).map((p) => h('tr', { 'data-id': p.id },
      h('td', null, h('a', { href: `/projects/${p.id}` }, pickText(p).title)),
      h('td', null, t(`sector.${p.sector}`)), h('td', null, stateBadge(p.state)),
      h('td', { class: 'num' }, money(p.budget, p.currency)),
      h('td', null, (p.countries || []).join(' '))));
    replace(list, rows.length ? h('table', { class: 'table pipeline-table' },
      h('thead', null, h('tr', null, ['pipeline.project', 'pipeline.sector', 'pipeline.stage', 'pipeline.amount', 'pipeline.states'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, rows)) : h('p', { class: 'muted' }, t('pipeline.none')));
  }).catch((e) => { if (e.name !== 'AbortError') replace(list, errorBlock(e, () => render())); });
}
