// initiatives.js - initiatives of member states (GET /api/v1/initiatives):
// the list by state and status, and one initiative with its titles side by
// side, the history of its status and the Action Plan's measures serving
// it (the per-initiative view). The secretariat moves its status on.

import { get, getWithEtag, send } from './api.js';
import { navigate } from './router.js';
import { h, replace } from './dom.js';
import { t, fmtDate, getLang } from './i18n.js';
import { currentUser } from './session.js';
import { render } from './router.js';
import { errorBlock } from './errors.js';
import { field, enumSelect, onSubmit, formErrorSlot, val } from './forms.js';
import { titleOf, textsSideBySide, stateName, statusBadge, coordTabs, projectLinks, projectLinkForm } from './coord.js';
import { measureRow } from './plan.js';

const STATUSES = ['proposed', 'under_study', 'adopted', 'declined', 'withdrawn'];

/** The form to propose an initiative: a coordinator for its own state, the secretariat for any. */
function proposeForm(user) {
  const coordinator = user.role === 'coordinator';
  const proposer = field({ name: 'proposer', label: t('initiatives.proposer'), value: coordinator ? user.country : '',
    required: true, hint: t('meetings.codes_hint'), attrs: { maxlength: 2, readonly: coordinator || null } });
  const on = field({ name: 'proposed_on', label: t('initiatives.proposed_on'), type: 'date', required: true, value: new Date().toISOString().slice(0, 10) });
  const title = field({ name: 'texts[0].title', label: t('initiatives.title_field'), required: true });
  const bodyText = field({ name: 'texts[0].body', label: t('initiatives.body_field'), type: 'textarea' });
  const form = h('form', { class: 'propose-form', novalidate: true }, formErrorSlot(), proposer, on, title, bodyText,
    h('button', { type: 'submit', class: 'button button-primary' }, t('initiatives.propose')));
  onSubmit(form, async () => {
    const r = await send('POST', 'initiatives', {
      proposer: (val(proposer.control) || '').toUpperCase(), proposed_on: on.control.value,
      texts: [{ lang: getLang(), origin: 'original', title: val(title.control) || '', body: val(bodyText.control) }],
    });
    navigate(`/initiatives/${r.body.id}`);
  });
  return h('details', { class: 'propose' }, h('summary', null, t('initiatives.propose')), form);
}

export async function initiativesView(main, { query, signal }) {
  document.title = `${t('coord.initiatives')} — hamkor`;
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const proposer = /^[A-Z]{2}$/.test(query.get('proposer') || '') ? query.get('proposer') : '';
  const body = h('div', { class: 'initiatives' }, h('p', { class: 'loading' }, t('common.loading')));
  const user = currentUser();
  const mayPropose = user && (user.role === 'secretariat' || (user.role === 'coordinator' && user.country));
  replace(main, h('section', { class: 'page coord initiatives-page' }, coordTabs('/initiatives'),
    h('h1', null, t('coord.initiatives')), mayPropose ? proposeForm(user) : null, body));
  try {
    const list = await get('initiatives', { status, proposer }, { signal });
    const items = list.initiatives || [];
    replace(body, items.length ? h('ul', { class: 'card-list' }, items.map((i) =>
      h('li', { class: 'card initiative-card', 'data-id': i.id, 'data-status': i.status },
        h('h2', { class: 'card-title' }, h('a', { href: `/initiatives/${i.id}` }, titleOf(i.texts, `#${i.id}`))),
        h('p', { class: 'badges' }, statusBadge('initiative_status', i.status)),
        h('p', { class: 'hit-meta' }, t('initiatives.proposed_by', { state: stateName(i.proposer), date: fmtDate(i.proposed_on) })))))
      : h('p', { class: 'muted' }, t('initiatives.none')));
  } catch (e) {
    if (e.name !== 'AbortError') replace(body, errorBlock(e));
  }
}

function statusForm(i) {
  const next = i.status === 'proposed' ? ['under_study', 'adopted', 'declined', 'withdrawn']
    : i.status === 'under_study' ? ['adopted', 'declined', 'withdrawn'] : [];
  if (!next.length) return null;
  const st = field({ name: 'status', label: t('initiatives.new_status'), control: enumSelect('status', 'initiative_status', next, next[0]) });
  const on = field({ name: 'on', label: t('initiatives.on'), type: 'date', required: true, value: new Date().toISOString().slice(0, 10) });
  const em = field({ name: 'expert_meeting_id', label: t('initiatives.expert_meeting'), type: 'number', value: i.expert_meeting_id ?? '', hint: t('initiatives.expert_meeting_hint') });
  const note = field({ name: 'note', label: t('initiatives.note'), type: 'textarea' });
  const form = h('form', { class: 'status-form', novalidate: true }, formErrorSlot(), st, on, em, note,
    h('button', { type: 'submit', class: 'button button-primary' }, t('initiatives.record_status')));
  onSubmit(form, async () => {
    const body = { status: st.control.value, on: on.control.value, note: val(note.control) };
    const id = Number(em.control.value || 0);
    if (id > 0) body.expert_meeting_id = id;
    await send('POST', `initiatives/${i.id}/status`, body);
    render();
  });
  return h('section', { class: 'status-change' }, h('h2', null, t('initiatives.record_status')), form);
}

export async function initiativeView(main, { params, signal }) {
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let i, etag;
  try {
    ({ body: i, etag } = await getWithEtag(`initiatives/${encodeURIComponent(params.id)}`, { signal }));
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${titleOf(i.texts)} — hamkor`;
  const user = currentUser();
  replace(main, h('article', { class: 'page coord initiative', 'data-id': i.id, 'data-status': i.status },
    coordTabs('/initiatives'),
    h('h1', null, titleOf(i.texts)),
    h('p', { class: 'badges' }, statusBadge('initiative_status', i.status)),
    textsSideBySide(i.texts),
    h('p', null, t('initiatives.proposed_by', { state: stateName(i.proposer), date: fmtDate(i.proposed_on) }),
      i.meeting_id ? [' · ', h('a', { href: `/meetings/${i.meeting_id}` }, t('initiatives.at_meeting'))] : null,
      i.expert_meeting_id ? [' · ', h('a', { href: `/meetings/${i.expert_meeting_id}`, class: 'expert-meeting' }, t('initiatives.studied_by'))] : null),
    (i.project_ids || []).length ? h('dl', { class: 'facts' }, projectLinks(i.project_ids)) : null,
    h('section', { class: 'history' }, h('h2', null, t('initiatives.history')),
      h('ol', { class: 'plain history-list' }, (i.history || []).map((e) => h('li', { 'data-status': e.status },
        h('time', { datetime: e.on }, fmtDate(e.on)), ' — ', statusBadge('initiative_status', e.status), e.note ? [' ', e.note] : null)))),
    h('section', { class: 'measures' }, h('h2', null, t('initiatives.measures')),
      (i.measures || []).length ? h('ul', { class: 'card-list measure-list' }, i.measures.map(measureRow)) : h('p', { class: 'muted' }, t('initiatives.no_measures'))),
    user?.role === 'secretariat' ? statusForm(i) : null,
    projectLinkForm(`initiatives/${i.id}`, i.project_ids, etag)));
}
