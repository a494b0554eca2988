// events.js - events with matchmaking sessions (issue 14): the list of
// events (with "New event" for the secretariat, whose form is
// event_editor.js), an event's page (its titles side by side with their
// origin, its slots, your registration with availability and the published
// listings your organisation brings, your requests to accept or decline,
// and for the organisers the button that runs the schedule), the
// marketplace of participants (text, country and ISIC sector) with "request
// a meeting", the organisers' table plan per slot, and a participant's
// printable agenda with its iCalendar link (print rules in css/print.css).
// User text is always added as text (dom.js), never as markup.

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDateTime, fmtNumber, getLang } from './i18n.js';
import { currentUser, memberships, isAdminOf, requireUser } from './session.js';
import { render } from './router.js';
import { errorBlock } from './errors.js';
import { field, select, onSubmit, formErrorSlot, val, done, nextId } from './forms.js';
import { stateName, pickText, textsSideBySide } from './coord.js';
import { codePicker } from './pickers.js';
import { directionBadge } from './labels.js';

function titleOf(ev) {
  return pickText(ev.texts)?.title || `#${ev.id}`;
}

function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/** The slot's local time, "2031-06-10 09:00-09:30". */
function slotText(s) {
  return `${s.starts.replace('T', ' ')}–${s.ends}`;
}

function eventTabs(ev, current) {
  const tab = (href, key) => h('li', null, h('a', { href, class: 'tab', 'aria-current': href === current ? 'page' : null }, t(key)));
  return h('nav', { class: 'tabs event-tabs', 'aria-label': t('events.sections') }, h('ul', null,
    tab(`/events/${ev.id}`, 'events.overview'), tab(`/events/${ev.id}/participants`, 'events.marketplace')));
}

function isOrganiser(ev) {
  const user = currentUser();
  return !!user && (user.role === 'secretariat' || (ev.organiser_org_id && isAdminOf(ev.organiser_org_id)));
}

// ---- the list ----

export async function eventsView(main, { signal }) {
  document.title = `${t('events.title')} — hamkor`;
  const body = h('div', { class: 'events' }, loading());
  const keeper = currentUser()?.role === 'secretariat'
    ? h('p', null, h('a', { href: '/events/new', class: 'button button-primary', id: 'new-event' }, t('eventedit.new'))) : null;
  replace(main, h('section', { class: 'page events-page' }, h('h1', null, t('events.title')), h('p', { class: 'muted' }, t('events.intro')), keeper, body));
  try {
    const r = await get('events', null, { signal });
    replace(body, r.events.length ? h('ul', { class: 'card-list' }, r.events.map((ev) =>
      h('li', { class: 'card event-card', 'data-id': ev.id },
        h('h2', { class: 'card-title' }, h('a', { href: `/events/${ev.id}` }, titleOf(ev))),
        h('p', { class: 'hit-meta' }, t(`events.kind.${ev.kind}`), ' · ', ev.place || '', ' · ',
          h('time', { datetime: ev.slots[0]?.starts_at }, ev.first_day), ' · ', t('events.days_n', { n: fmtNumber(ev.days) })))))
      : h('p', { class: 'muted' }, t('events.none')));
  } catch (e) {
    if (e.name !== 'AbortError') replace(body, errorBlock(e));
  }
}

// ---- one event ----

/** The registrations of the signed-in user's organisations for ev. */
async function myRegistrations(ev, signal) {
  const mine = [];
  for (const m of memberships()) {
    const r = await get(`events/${ev.id}/participants`, { org: m.org_id }, { signal });
    mine.push(...r.participants);
  }
  return mine;
}

function slotsByDay(ev) {
  const days = new Map();
  for (const s of ev.slots) {
    if (!days.has(s.day)) days.set(s.day, []);
    days.get(s.day).push(s);
  }
  return days;
}

function availabilityBoxes(ev, chosen) {
  const days = slotsByDay(ev);
  return h('fieldset', { class: 'availability', 'data-field': 'availability' },
    h('legend', null, t('events.availability')),
    [...days.entries()].map(([d, slots]) => h('div', { class: 'avail-day', 'data-day': String(d) },
      h('p', { class: 'avail-day-title' }, slots[0].starts.slice(0, 10)),
      slots.map((s) => h('label', { class: 'avail-slot' },
        h('input', { type: 'checkbox', name: 'slot', value: String(s.slot), checked: !chosen || chosen.includes(s.slot) }),
        ` ${s.starts.slice(11)}–${s.ends}`)))));
}

/**
 * The published listings of organisation orgId as checkboxes (the API's
 * listing_ids: what the participant brings to the marketplace), chosen
 * ones ticked. Returns the fieldset with .value() -> ids and .load(orgId)
 * for another organisation.
 */
function listingChoice(orgId, chosen, signal) {
  const list = h('ul', { class: 'check-list listing-choice-list' });
  const fs = h('fieldset', { class: 'checks listing-choice', 'data-field': 'listing_ids' },
    h('legend', null, t('events.listings')), h('p', { class: 'hint' }, t('events.listings_hint')), list,
    h('p', { class: 'field-error', hidden: true }));
  let seq = 0;
  let pending = null; // the ids to send while the list is loading (a save then keeps what was chosen)
  fs.load = async (id, ticked = []) => {
    const mine = ++seq;
    pending = ticked;
    replace(list, h('li', { class: 'loading' }, t('common.loading')));
    try {
      const r = await get(`organisations/${encodeURIComponent(id)}/listings`, { limit: 100 }, { signal });
      if (mine !== seq) return;
      const pub = (r.listings || []).filter((l) => l.status === 'published');
      pending = null;
      replace(list, pub.length ? pub.map((l) => {
        const text = (l.texts || []).find((x) => x.origin === 'original') || (l.texts || [])[0] || { title: `#${l.id}` };
        const cid = nextId('listing');
        return h('li', null, h('input', { type: 'checkbox', id: cid, name: 'listing_ids', value: String(l.id), checked: ticked.includes(l.id) || null }),
          h('label', { for: cid, lang: text.lang || null }, text.title), ' ', directionBadge(l.direction));
      }) : h('li', { class: 'muted none' }, t('events.no_listings')));
    } catch (e) {
      if (e.name !== 'AbortError' && mine === seq) replace(list, h('li', null, errorBlock(e)));
    }
  };
  fs.value = () => pending || [...list.querySelectorAll('input[name=listing_ids]:checked')].map((x) => Number(x.value));
  fs.load(orgId, chosen || []);
  return fs;
}

function registrationForm(ev, orgs, signal) {
  const org = field({ name: 'org_id', label: t('events.org'), control: select('org_id', orgs.map((m) => [String(m.org_id), m.name || `#${m.org_id}`]), String(orgs[0].org_id)) });
  const listings = listingChoice(orgs[0].org_id, [], signal);
  org.control.addEventListener('change', () => listings.load(org.control.value));
  const limit = field({ name: 'meeting_limit', label: t('events.limit'), type: 'number', value: '8', attrs: { min: 1, max: 64 } });
  const note = field({ name: 'note', label: t('events.note'), type: 'textarea', hint: t('events.note_hint') });
  const auto = h('label', { class: 'check', 'data-field': 'auto_accept' }, h('input', { type: 'checkbox', name: 'auto_accept' }), ' ', t('events.auto_accept'));
  const form = h('form', { class: 'register-form', id: 'register-form', novalidate: true }, formErrorSlot(),
    org, availabilityBoxes(ev, null), limit, auto, note, listings,
    h('button', { type: 'submit', class: 'button button-primary' }, t('events.register')));
  onSubmit(form, async () => {
    const availability = [...form.querySelectorAll('input[name=slot]:checked')].map((x) => Number(x.value));
    await send('POST', `events/${ev.id}/participants`, {
      org_id: Number(org.control.value), availability, meeting_limit: Number(limit.control.value || 8),
      auto_accept: form.querySelector('input[name=auto_accept]').checked, note: val(note.control), listing_ids: listings.value(),
    });
    render();
  });
  return form;
}

function requestRow(ev, r, onChange) {
  const actions = [];
  const act = (verb, key, cls) => h('button', { type: 'button', class: `button ${cls || ''}`, 'data-action': verb, onclick: async (e) => {
    e.target.disabled = true;
    try {
      await send('POST', `events/${ev.id}/requests/${r.id}/${verb}`, {});
      onChange();
    } catch (err) {
      e.target.disabled = false;
      e.target.after(errorBlock(err));
    }
  } }, t(key));
  if (r.direction === 'received' && r.status === 'pending') actions.push(act('accept', 'events.accept', 'button-primary'), act('decline', 'events.decline'));
  if (r.status === 'pending' || r.status === 'accepted') actions.push(act('cancel', 'events.cancel'));
  return h('li', { class: 'card request-card', 'data-id': r.id, 'data-status': r.status, 'data-direction': r.direction },
    h('p', null, h('strong', null, r.with?.org_name || ''), ' ', h('span', { class: 'muted' }, `${r.with?.person || ''} · ${stateName(r.with?.country)}`)),
    h('p', { class: 'hit-meta' }, t(`events.direction.${r.direction}`), ' · ',
      h('span', { class: `badge request-${r.status}`, 'data-status': r.status }, t(`events.status.${r.status}`)),
      r.meeting ? [' · ', h('time', { datetime: r.meeting.starts_at }, fmtDateTime(r.meeting.starts_at)), ' · ', t('events.table_n', { n: r.meeting.table })] : null),
    r.message ? h('p', { class: 'request-message' }, r.message) : null,
    actions.length ? h('p', { class: 'actions' }, actions) : null);
}

async function requestsBlock(ev, signal) {
  const box = h('section', { class: 'my-requests', id: 'my-requests' }, h('h2', null, t('events.requests')), loading());
  const load = async () => {
    try {
      const r = await get(`events/${ev.id}/requests`, null, { signal });
      replace(box, h('h2', null, t('events.requests')), r.requests.length
        ? h('ul', { class: 'card-list' }, r.requests.map((x) => requestRow(ev, x, load)))
        : h('p', { class: 'muted' }, t('events.no_requests')));
    } catch (e) {
      if (e.name !== 'AbortError') replace(box, errorBlock(e));
    }
  };
  load();
  return box;
}

function registrationBox(ev, p, signal) {
  const withdraw = h('button', { type: 'button', class: 'button', id: 'withdraw', onclick: async () => {
    if (!window.confirm(t('events.withdraw_confirm'))) return;
    await send('DELETE', `events/${ev.id}/participants/${p.id}`);
    render();
  } }, t('events.withdraw'));
  // A late change: other slots, limit or auto-accept (PUT replaces them).
  const limit = field({ name: 'meeting_limit', label: t('events.limit'), type: 'number', value: String(p.meeting_limit), attrs: { min: 1, max: 64 } });
  const listings = listingChoice(p.org_id, p.listing_ids, signal);
  const edit = h('form', { class: 'registration-edit', id: 'registration-edit', novalidate: true }, formErrorSlot(),
    availabilityBoxes(ev, p.availability), limit, listings,
    h('label', { class: 'check', 'data-field': 'auto_accept' }, h('input', { type: 'checkbox', name: 'auto_accept', checked: p.auto_accept }), ' ', t('events.auto_accept')),
    h('button', { type: 'submit', class: 'button' }, t('events.save_changes')));
  onSubmit(edit, async () => {
    const availability = [...edit.querySelectorAll('input[name=slot]:checked')].map((x) => Number(x.value));
    await send('PUT', `events/${ev.id}/participants/${p.id}`, {
      availability, meeting_limit: Number(limit.control.value || 8),
      auto_accept: edit.querySelector('input[name=auto_accept]').checked, note: p.note, listing_ids: listings.value(),
    });
    render();
  });
  return h('section', { class: 'my-registration', id: 'my-registration', 'data-id': p.id },
    h('h2', null, t('events.registered_as', { org: p.org_name })),
    h('details', { class: 'registration-change' }, h('summary', null, t('events.change')), edit),
    h('p', { class: 'registration-summary' }, t('events.registration_summary', { slots: fmtNumber(p.availability.length), limit: fmtNumber(p.meeting_limit) }),
      p.auto_accept ? [' ', h('span', { class: 'badge' }, t('events.auto_accept_on'))] : null),
    p.listing_ids.length ? h('p', { class: 'registration-listings' }, t('events.brings'), ' ',
      p.listing_ids.map((id, i) => [i ? ', ' : '', h('a', { href: `/listings/${id}`, 'data-listing': id }, `#${id}`)])) : null,
    h('p', { class: 'actions' },
      h('a', { class: 'button button-primary', id: 'agenda-link', href: `/events/${ev.id}/agenda/${p.id}` }, t('events.agenda')), ' ',
      h('a', { class: 'button', href: `/events/${ev.id}/participants` }, t('events.find_partners')), ' ', withdraw));
}

function organiserBox(ev) {
  const out = h('div', { class: 'run-result', id: 'run-result', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', class: 'button button-primary', id: 'run-schedule', onclick: async () => {
    run.disabled = true;
    try {
      const r = (await send('POST', `events/${ev.id}/schedule`, {})).body;
      done(out, t('events.run_done', { held: fmtNumber(r.held), requests: fmtNumber(r.requests), bound: fmtNumber(r.bound),
        moved: fmtNumber(r.moved), dropped: fmtNumber(r.dropped) }));
    } catch (e) {
      replace(out, errorBlock(e));
    } finally {
      run.disabled = false;
    }
  } }, t('events.run'));
  return h('section', { class: 'organisers' }, h('h2', null, t('events.organisers')),
    h('p', { class: 'muted' }, t('events.run_hint')),
    h('p', { class: 'actions' }, run, ' ', h('a', { class: 'button', id: 'plan-link', href: `/events/${ev.id}/plan` }, t('events.plan'))), out);
}

export async function eventView(main, { params, signal }) {
  replace(main, loading());
  let ev;
  try {
    ev = await get(`events/${encodeURIComponent(params.id)}`, null, { signal });
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${titleOf(ev)} — hamkor`;
  const user = currentUser();
  const mine = h('div', { class: 'event-mine' });
  const days = slotsByDay(ev);
  replace(main, h('article', { class: 'page event', 'data-id': ev.id },
    eventTabs(ev, `/events/${ev.id}`),
    h('h1', null, titleOf(ev)),
    user?.role === 'secretariat' ? h('p', { class: 'actions' }, h('a', { href: `/events/${ev.id}/edit`, class: 'button', id: 'edit-event' }, t('eventedit.edit'))) : null,
    textsSideBySide(ev.texts),
    h('dl', { class: 'facts' },
      h('dt', null, t('events.kind_label')), h('dd', null, t(`events.kind.${ev.kind}`)),
      ev.place ? [h('dt', null, t('events.place')), h('dd', null, ev.place)] : null,
      h('dt', null, t('events.when')), h('dd', null, `${ev.first_day} · ${t('events.days_n', { n: fmtNumber(ev.days) })} · ${ev.day_start}–${ev.day_end} (${ev.tz})`),
      h('dt', null, t('events.slots')), h('dd', null, t('events.slots_summary', { n: fmtNumber(ev.slots.length), minutes: fmtNumber(ev.slot_minutes), tables: fmtNumber(ev.tables) }))),
    mine,
    h('section', { class: 'event-slots' }, h('h2', null, t('events.programme')),
      [...days.entries()].map(([d, slots]) => h('div', { class: 'slot-day' }, h('h3', null, slots[0].starts.slice(0, 10)),
        h('ol', { class: 'slot-list' }, slots.map((s) => h('li', { 'data-slot': String(s.slot) }, slotText(s)))))))));
  if (!user) {
    replace(mine, h('p', { class: 'signin-needed' }, h('a', { href: `/signin?next=/events/${ev.id}` }, t('events.signin_to_register'))));
    return;
  }
  try {
    const regs = await myRegistrations(ev, signal);
    const registeredOrgs = new Set(regs.map((p) => String(p.org_id)));
    const free = memberships().filter((m) => !registeredOrgs.has(String(m.org_id)));
    const parts = regs.map((p) => registrationBox(ev, p, signal));
    if (regs.length) parts.push(await requestsBlock(ev, signal));
    if (!regs.length && free.length) parts.push(h('section', { class: 'register' }, h('h2', null, t('events.register_title')), registrationForm(ev, free, signal)));
    if (!regs.length && !free.length) parts.push(h('p', { class: 'muted' }, t('events.need_org')));
    if (isOrganiser(ev)) parts.push(organiserBox(ev));
    replace(mine, parts);
  } catch (e) {
    if (e.name !== 'AbortError') replace(mine, errorBlock(e));
  }
}

// ---- the marketplace ----

export async function marketplaceView(main, { params, query, signal }) {
  if (!requireUser(main, 'events.marketplace')) return;
  replace(main, loading());
  let ev, regs;
  try {
    ev = await get(`events/${encodeURIComponent(params.id)}`, null, { signal });
    regs = await myRegistrations(ev, signal);
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${t('events.marketplace')} — ${titleOf(ev)} — hamkor`;
  const me = regs[0] || null;
  const q = field({ name: 'q', label: t('events.search'), value: query.get('q') || '' });
  const country = field({ name: 'country', label: t('events.country'), value: query.get('country') || '', attrs: { maxlength: 2 } });
  // The sector: an ISIC division, group or class (digits; a section letter
  // chosen in the picker stands for no digit code and is refused by the API).
  const sectorPick = codePicker('isic', { codes: query.get('sector') ? [query.get('sector')] : [], label: t('events.sector') });
  const sector = field({ name: 'sector', label: t('events.sector'), control: sectorPick.control, box: sectorPick, hint: t('events.sector_hint') });
  const results = h('div', { class: 'market-results' }, loading());
  const form = h('form', { class: 'market-search', id: 'market-search', role: 'search' }, q, country, sector,
    h('button', { type: 'submit', class: 'button' }, t('events.search_button')));
  const search = async () => {
    replace(results, loading());
    try {
      const p = { q: val(q.control) || undefined, country: (val(country.control) || '').toUpperCase() || undefined,
        sector: sectorPick.value()[0] || undefined, limit: 50 };
      // The filters are in the URL, so that Back and a shared link keep them.
      const url = new URL(location.href);
      for (const k of ['q', 'country', 'sector']) if (p[k]) url.searchParams.set(k, p[k]); else url.searchParams.delete(k);
      if (url.search !== location.search) history.replaceState(null, '', url.pathname + url.search);
      const r = await get(`events/${ev.id}/participants`, p, { signal });
      replace(results, h('p', { class: 'muted', id: 'market-total' }, t('events.found', { n: fmtNumber(r.total) })),
        h('ul', { class: 'card-list' }, r.participants.map((x) => participantCard(ev, x, me))));
    } catch (e) {
      if (e.name !== 'AbortError') replace(results, errorBlock(e));
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  replace(main, h('section', { class: 'page marketplace', 'data-event': ev.id }, eventTabs(ev, `/events/${ev.id}/participants`),
    h('h1', null, t('events.marketplace')), h('p', { class: 'muted' }, titleOf(ev)),
    me ? null : h('p', { class: 'note' }, h('a', { href: `/events/${ev.id}` }, t('events.register_first'))),
    form, results));
  search();
}

function participantCard(ev, p, me) {
  const out = h('div', { class: 'request-result', 'aria-live': 'polite' });
  let ask = null;
  if (me && me.org_id !== p.org_id) {
    const msg = h('input', { type: 'text', name: 'message', class: 'request-message-input', 'aria-label': t('events.message'), placeholder: t('events.message') });
    ask = h('form', { class: 'request-form', novalidate: true }, msg,
      h('button', { type: 'submit', class: 'button button-primary', 'data-action': 'request' }, t('events.request')));
    onSubmit(ask, async () => {
      const r = (await send('POST', `events/${ev.id}/requests`, { from_id: me.id, to_id: p.id, message: val(msg) })).body;
      replace(out, h('p', { class: 'note', 'data-status': r.status }, t(`events.sent.${r.status}`)));
      ask.remove();
    });
  }
  return h('li', { class: 'card participant-card', 'data-id': p.id, 'data-org': p.org_id },
    h('h2', { class: 'card-title' }, h('a', { href: `/organisations/${p.org_id}` }, p.org_name)),
    h('p', { class: 'hit-meta' }, `${p.person} · ${stateName(p.country)} · `, t('events.free_slots', { n: fmtNumber(p.availability.length) })),
    p.note ? h('p', null, p.note) : null,
    p.listing_ids.length ? h('p', null, t('events.brings'), ' ', p.listing_ids.map((id, i) => [i ? ', ' : '', h('a', { href: `/listings/${id}` }, `#${id}`)])) : null,
    ask, out);
}

// ---- the organisers' table plan ----

export async function planView(main, { params, signal }) {
  if (!requireUser(main, 'events.plan')) return;
  replace(main, loading());
  let ev, plan;
  try {
    ev = await get(`events/${encodeURIComponent(params.id)}`, null, { signal });
    plan = await get(`events/${ev.id}/schedule`, null, { signal });
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${t('events.plan')} — ${titleOf(ev)} — hamkor`;
  const run = plan.run;
  replace(main, h('section', { class: 'page event-plan', 'data-event': ev.id }, eventTabs(ev, ''),
    h('h1', null, t('events.plan')), h('p', { class: 'muted' }, titleOf(ev)),
    run ? h('p', { id: 'plan-run' }, t('events.run_done', { held: fmtNumber(run.held), requests: fmtNumber(run.requests), bound: fmtNumber(run.bound),
      moved: fmtNumber(run.moved), dropped: fmtNumber(run.dropped) }), ' ', h('time', { datetime: run.run_at }, fmtDateTime(run.run_at)))
      : h('p', { class: 'muted' }, t('events.not_run')),
    h('p', { class: 'actions no-print' }, h('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('events.print'))),
    plan.slots.filter((s) => s.meetings.length).map((s) => h('section', { class: 'plan-slot', 'data-slot': String(s.slot) },
      h('h2', null, slotText(s)),
      h('table', { class: 'plan-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('events.table')), h('th', { scope: 'col' }, t('events.side_a')), h('th', { scope: 'col' }, t('events.side_b')))),
        h('tbody', null, s.meetings.map((m) => h('tr', { 'data-request': m.request_id },
          h('td', null, String(m.table)),
          h('td', null, m.a ? `${m.a.org_name} (${m.a.person}, ${m.a.country})` : ''),
          h('td', null, m.b ? `${m.b.org_name} (${m.b.person}, ${m.b.country})` : '')))))))));
}

// ---- a participant's printable agenda ----

export async function agendaView(main, { params, signal }) {
  if (!requireUser(main, 'events.agenda')) return;
  replace(main, loading());
  let a;
  try {
    a = await get(`events/${encodeURIComponent(params.id)}/participants/${encodeURIComponent(params.pid)}/agenda`, null, { signal });
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  const title = pickText(a.event.texts)?.title || '';
  document.title = `${t('events.agenda')} — ${title} — hamkor`;
  const ics = `/api/v1/events/${a.event.id}/participants/${a.participant.id}/agenda.ics?lang=${getLang()}`;
  replace(main, h('article', { class: 'page agenda printable', 'data-participant': a.participant.id },
    h('p', { class: 'no-print' }, h('a', { href: `/events/${a.event.id}` }, title)),
    h('h1', null, t('events.agenda_of', { org: a.participant.org_name })),
    h('p', { class: 'agenda-head' }, title, a.event.place ? ` · ${a.event.place}` : '', ` · ${a.participant.person}`, ` · ${a.event.tz}`),
    h('p', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'button button-primary', id: 'print-agenda', onclick: () => window.print() }, t('events.print')), ' ',
      h('a', { class: 'button', id: 'ics-link', href: ics, download: `agenda-${a.participant.id}.ics` }, t('events.ics'))),
    a.meetings.length ? h('table', { class: 'agenda-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('events.time')), h('th', { scope: 'col' }, t('events.table')),
        h('th', { scope: 'col' }, t('events.with')))),
      h('tbody', null, a.meetings.map((m) => h('tr', { class: 'agenda-meeting', 'data-request': m.request_id },
        h('td', null, h('time', { datetime: m.starts_at }, slotText(m))),
        h('td', null, String(m.table)),
        h('td', null, h('strong', null, m.with.org_name), ` — ${m.with.person}, ${stateName(m.with.country)}`)))))
      : h('p', { class: 'muted', id: 'agenda-empty' }, t('events.agenda_empty'))));
}
