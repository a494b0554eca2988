// plan.js - the Action Plan (GET /api/v1/plan/measures): its measures by
// deadline with the overdue ones standing out (marked, counted, and first
// in the eye: a red edge and a label, not colour alone), filtered by state
// and by overdue; the CSV export and the calendar feed; one measure with
// its progress notes, where a coordinator of a responsible state (or the
// secretariat) reports progress. The secretariat's links to add and edit
// measures lead to measure_editor.js.

import { get, getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDate, fmtNumber } from './i18n.js';
import { currentUser } from './session.js';
import { render, navigate } from './router.js';
import { errorBlock } from './errors.js';
import { field, onSubmit, formErrorSlot, val } from './forms.js';
import { titleOf, textsSideBySide, label, stateName, statusBadge, coordTabs, projectLinks, projectLinkForm } from './coord.js';
import { countryList } from './refdata.js';

function responsible(m) {
  return [...(m.states || []).map(stateName), ...(m.bodies || []).map((b) => label('body', b))].join(', ');
}

/** One measure as a card: code, title, deadline, status, and the overdue mark. */
export function measureRow(m) {
  return h('li', { class: `card measure-card${m.overdue ? ' overdue' : ''}`, 'data-id': m.id, 'data-overdue': m.overdue ? 'true' : 'false', 'data-status': m.status },
    h('h3', { class: 'card-title' }, h('span', { class: 'measure-code' }, m.code), ' ', h('a', { href: `/plan/measures/${m.id}` }, titleOf(m.texts, m.code))),
    h('p', { class: 'badges' }, statusBadge('measure_status', m.status),
      m.overdue ? h('span', { class: 'badge badge-overdue' }, t('plan.overdue')) : null),
    h('p', { class: 'hit-meta' }, t('plan.deadline', { date: fmtDate(m.deadline) }), ' · ', responsible(m)));
}

export async function planView(main, { query, signal }) {
  document.title = `${t('coord.plan')} — hamkor`;
  const state = /^[A-Z]{2}$/.test(query.get('state') || '') ? query.get('state') : '';
  const overdue = query.get('overdue') === 'true';
  const params = { state, overdue: overdue ? 'true' : '' };
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  const stateSel = h('select', { id: 'plan-state', name: 'state' }, h('option', { value: '' }, t('plan.all_states')),
    countryList().filter((c) => c.status === 'member' || c.status === 'observer').map((c) =>
      h('option', { value: c.iso2, selected: c.iso2 === state || null }, stateName(c.iso2))));
  const overdueBox = h('input', { type: 'checkbox', id: 'plan-overdue', checked: overdue || null });
  const apply = () => {
    const p = new URLSearchParams();
    if (stateSel.value) p.set('state', stateSel.value);
    if (overdueBox.checked) p.set('overdue', 'true');
    navigate(`/plan${p.toString() ? `?${p}` : ''}`);
  };
  stateSel.addEventListener('change', apply);
  overdueBox.addEventListener('change', apply);
  const body = h('div', { class: 'plan' }, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page coord plan-page' }, coordTabs('/plan'),
    h('h1', null, t('coord.plan')),
    currentUser()?.role === 'secretariat' ? h('p', null, h('a', { href: '/plan/measures/new', class: 'button button-primary', id: 'new-measure' }, t('plan.new'))) : null,
    h('div', { class: 'filters plan-filters' },
      h('label', { for: 'plan-state' }, t('plan.state')), ' ', stateSel, ' ',
      overdueBox, ' ', h('label', { for: 'plan-overdue' }, t('plan.overdue_only'))),
    h('p', { class: 'exports' },
      h('a', { href: `/api/v1/export/plan.csv${qs ? `?${qs}` : ''}`, download: '', id: 'plan-csv' }, t('plan.csv')), ' · ',
      h('a', { href: `/api/v1/calendar.ics${state ? `?country=${state}` : ''}`, id: 'plan-ics' }, t('plan.calendar'))),
    body));
  try {
    // The list comes in pages of at most 500 (next_offset); the plan is
    // shown whole, so every page is read.
    let list = await get('plan/measures', params, { signal });
    const items = [...(list.measures || [])];
    while (list.next_offset != null) {
      list = await get('plan/measures', { ...params, offset: String(list.next_offset) }, { signal });
      items.push(...(list.measures || []));
    }
    // Overdue measures first, then by deadline (the API's order).
    items.sort((a, b) => (b.overdue ? 1 : 0) - (a.overdue ? 1 : 0));
    replace(body,
      h('p', { class: `plan-summary${list.overdue ? ' has-overdue' : ''}`, role: 'status', 'data-overdue': String(list.overdue) },
        t('plan.summary', { n: fmtNumber(items.length), overdue: fmtNumber(list.overdue), date: fmtDate(list.today) })),
      items.length ? h('ul', { class: 'card-list measure-list' }, items.map(measureRow)) : h('p', { class: 'muted' }, t('plan.none')));
  } catch (e) {
    if (e.name !== 'AbortError') replace(body, errorBlock(e));
  }
}

function noteForm(m) {
  const user = currentUser();
  if (!user) return null;
  const mine = user.role === 'secretariat' || (user.role === 'coordinator' && (m.states || []).includes(user.country));
  if (!mine) return null;
  const on = field({ name: 'on', label: t('plan.note_on'), type: 'date', required: true, value: new Date().toISOString().slice(0, 10) });
  const text = field({ name: 'text', label: t('plan.note_text'), type: 'textarea', required: true });
  const form = h('form', { class: 'note-form', novalidate: true }, formErrorSlot(), on, text,
    h('button', { type: 'submit', class: 'button button-primary' }, t('plan.add_note')));
  onSubmit(form, async () => {
    const lang = document.documentElement.lang || 'en';
    await send('POST', `plan/measures/${m.id}/notes`, { on: on.control.value, lang, text: val(text.control) || '' });
    render();
  });
  return h('section', { class: 'add-note' }, h('h2', null, t('plan.add_note')), form);
}

export async function measureView(main, { params, signal }) {
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let m, etag;
  try {
    ({ body: m, etag } = await getWithEtag(`plan/measures/${encodeURIComponent(params.id)}`, { signal }));
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${m.code} ${titleOf(m.texts)} — hamkor`;
  replace(main, h('article', { class: `page coord measure${m.overdue ? ' overdue' : ''}`, 'data-id': m.id, 'data-overdue': m.overdue ? 'true' : 'false' },
    coordTabs('/plan'),
    h('h1', null, h('span', { class: 'measure-code' }, m.code), ' ', titleOf(m.texts)),
    h('p', { class: 'badges' }, statusBadge('measure_status', m.status),
      m.overdue ? h('span', { class: 'badge badge-overdue' }, t('plan.overdue')) : null),
    currentUser()?.role === 'secretariat' ? h('p', null, h('a', { href: `/plan/measures/${m.id}/edit`, class: 'button', id: 'edit-measure' }, t('plan.edit'))) : null,
    textsSideBySide(m.texts),
    h('dl', { class: 'facts' },
      h('dt', null, t('plan.deadline_label')), h('dd', null, fmtDate(m.deadline)),
      h('dt', null, t('plan.responsible')), h('dd', null, responsible(m)),
      (m.initiatives || []).length ? [h('dt', null, t('coord.initiatives')), h('dd', null, m.initiatives.map((id) => h('a', { href: `/initiatives/${id}`, class: 'link-initiative' }, `#${id} `)))] : null,
      (m.meetings || []).length ? [h('dt', null, t('coord.meetings')), h('dd', null, m.meetings.map((id) => h('a', { href: `/meetings/${id}` }, `#${id} `)))] : null,
      projectLinks(m.project_ids)),
    h('section', { class: 'notes' }, h('h2', null, t('plan.notes')),
      (m.notes || []).length ? h('ol', { class: 'plain note-list' }, m.notes.map((n) => h('li', { class: 'note-item', 'data-id': n.id },
        h('time', { datetime: n.on }, fmtDate(n.on)), n.country ? [' — ', stateName(n.country)] : null, ': ',
        h('span', { lang: n.lang }, n.text)))) : h('p', { class: 'muted' }, t('plan.no_notes'))),
    noteForm(m),
    projectLinkForm(`plan/measures/${m.id}`, m.project_ids, etag)));
}
