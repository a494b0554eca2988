// partner_meetings.js - 1:1 meeting requests between partners (issue 14):
// the "Propose a meeting" form (1 to 5 times, each a local date and time,
// an IANA time zone and a length; a place or a video link; a message),
// a request's card with its answers (accept one of the times, propose
// others, decline with a reason, cancel) and its calendar file, the
// section on an accepted interest's thread page, and the "My meetings"
// page. Everything goes through /api/v1/interests/{id}/meetings and
// /api/v1/partner-meetings; the server decides whose turn it is and the
// card only draws the buttons it says (may_answer, may_cancel).

import { get, send } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDateTime } from './i18n.js';
import { field, formErrorSlot, onSubmit, showFieldError, val } from './forms.js';
import { requireUser } from './session.js';
import { errorBlock } from './errors.js';

const MAX_TIMES = 5;
// Zones offered in the picker: the reader's own first, then those of the
// member states' capitals (any IANA name may be typed).
const ZONES = ['Asia/Tashkent', 'Asia/Almaty', 'Asia/Bishkek', 'Asia/Dushanbe', 'Europe/Moscow', 'Asia/Shanghai',
  'Asia/Kolkata', 'Asia/Karachi', 'Asia/Tehran', 'Europe/Minsk', 'UTC'];

function localZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/** "2031-03-10T10:00" in "Asia/Tashkent", 60 min, as the reader reads it. */
function timeText(x) {
  const [d, hm] = String(x.start || '').split('T');
  return t('pmeet.time', { date: d || '', time: hm || '', tz: x.tz, minutes: x.minutes });
}

export function pmStatusBadge(status) {
  return h('span', { class: `badge pmeet-${status}`, 'data-status': status }, t(`pmeet.status.${status}`));
}

/**
 * The proposal form. path is where it is POSTed (interests/{id}/meetings
 * or partner-meetings/{id}/propose); onDone(body) gets the answer.
 */
export function proposalForm(path, onDone, { submitKey = 'pmeet.send' } = {}) {
  const list = h('ol', { class: 'pmeet-times' });
  const zones = h('datalist', { id: `pmeet-zones-${Math.random().toString(36).slice(2)}` },
    [localZone(), ...ZONES.filter((z) => z !== localZone())].map((z) => h('option', { value: z })));
  function timeRow() {
    const i = list.children.length;
    const start = field({ name: `times[${i}].start`, label: t('pmeet.start'), type: 'datetime-local', required: true,
      attrs: { class: 'pmeet-start' } });
    const tz = field({ name: `times[${i}].tz`, label: t('pmeet.tz'), required: true, value: localZone(),
      attrs: { list: zones.id, class: 'pmeet-tz', autocomplete: 'off', spellcheck: 'false' } });
    const minutes = field({ name: `times[${i}].minutes`, label: t('pmeet.minutes'), type: 'number', required: true,
      value: 60, attrs: { min: 15, max: 480, step: 15, class: 'pmeet-minutes' } });
    return h('li', { class: 'pmeet-time', 'data-field': `times[${i}]` }, start, tz, minutes,
      h('p', { class: 'field-error', hidden: true }));
  }
  append(list, timeRow());
  const addBtn = h('button', { type: 'button', class: 'button button-small pmeet-add-time', onclick: () => {
    if (list.children.length < MAX_TIMES) list.append(timeRow());
    addBtn.disabled = list.children.length >= MAX_TIMES;
    list.lastElementChild.querySelector('input')?.focus();
  } }, t('pmeet.add_time'));
  const place = field({ name: 'place', label: t('pmeet.place'), attrs: { maxlength: 200, class: 'pmeet-place' } });
  const video = field({ name: 'video_url', label: t('pmeet.video_url'), type: 'url', hint: t('pmeet.video_hint'),
    attrs: { maxlength: 500, class: 'pmeet-video' } });
  const message = field({ name: 'message', label: t('pmeet.message'), type: 'textarea',
    attrs: { rows: 3, maxlength: 2000, class: 'pmeet-message' } });
  const form = h('form', { class: 'form pmeet-form', novalidate: true }, formErrorSlot(), zones,
    h('fieldset', { 'data-field': 'times' }, h('legend', null, t('pmeet.times')), list, h('p', { class: 'field-error', hidden: true }), addBtn),
    place, video, message,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t(submitKey))));
  onSubmit(form, async () => {
    const times = [...list.children].map((li) => ({
      start: li.querySelector('.pmeet-start').value,
      tz: li.querySelector('.pmeet-tz').value.trim(),
      minutes: Number(li.querySelector('.pmeet-minutes').value),
    }));
    if (!val(place.control) && !val(video.control)) {
      showFieldError(form, 'place', t('pmeet.place_or_video'), place.control);
      return;
    }
    const body = { times };
    if (val(place.control)) body.place = val(place.control);
    if (val(video.control)) body.video_url = val(video.control);
    if (val(message.control)) body.message = val(message.control);
    const r = await send('POST', path, body);
    onDone(r.body);
  });
  return form;
}

/** A request as a card with what the reader may do now; onChange(m) after a step. */
export function meetingCard(m, onChange) {
  const card = h('article', { class: 'card pmeet', 'data-id': m.id, 'data-status': m.status });
  const path = `partner-meetings/${encodeURIComponent(m.id)}`;
  const err = formErrorSlot();
  const actions = h('form', { class: 'form pmeet-actions', novalidate: true }, err);
  async function step(what, body) {
    const r = await send('POST', `${path}/${what}`, body);
    onChange(r.body);
  }
  const other = m.side === 'from' ? m.to_org_name : m.from_org_name;
  const timesEl = h('ol', { class: 'pmeet-options' }, (m.times || []).map((x) => h('li', { 'data-option': x.option },
    h('span', { class: 'pmeet-when' }, timeText(x)),
    m.may_answer ? [' ', h('button', { type: 'button', class: 'button button-small pmeet-accept', onclick: (e) => {
      e.target.disabled = true;
      step('accept', { option: x.option }).catch((er) => { e.target.disabled = false; showErrorIn(actions, er); });
    } }, t('pmeet.accept_this'))] : null)));
  append(card,
    h('h3', null, t(m.side === 'from' ? 'pmeet.with_asked' : 'pmeet.with_asking', { name: other || '' })),
    h('p', { class: 'badges' }, pmStatusBadge(m.status), m.status === 'pending'
      ? [' ', h('span', { class: 'muted pmeet-turn' }, t(m.may_answer ? 'pmeet.your_turn' : 'pmeet.their_turn'))] : null),
    m.listing_title ? h('p', null, h('a', { href: m.interest_id ? `/interests/${encodeURIComponent(m.interest_id)}` : `/listings/${encodeURIComponent(m.listing_id)}` }, m.listing_title)) : null,
    m.accepted
      ? h('p', { class: 'pmeet-agreed' }, t('pmeet.accepted_time', { when: timeText(m.accepted) }), ' ',
        m.ics_url ? h('a', { href: m.ics_url, class: 'pmeet-ics', download: `meeting-${m.id}.ics` }, t('pmeet.ics')) : null)
      : [h('p', null, t('pmeet.proposed')), timesEl],
    m.place ? h('p', { class: 'pmeet-place-text' }, t('pmeet.place'), ': ', m.place) : null,
    m.video_url ? h('p', null, t('pmeet.video_url'), ': ', h('a', { href: m.video_url, rel: 'noopener noreferrer', target: '_blank' }, m.video_url)) : null,
    m.message ? h('p', { class: 'pmeet-message-text' }, m.message) : null,
    h('p', { class: 'hit-meta' }, fmtDateTime(m.updated_at)));
  const panel = h('div', { class: 'pmeet-panel' });
  if (m.may_answer) {
    append(actions, h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'button pmeet-counter', onclick: () => {
        replace(panel, proposalForm(`${path}/propose`, onChange, { submitKey: 'pmeet.send_counter' }));
        panel.querySelector('input')?.focus();
      } }, t('pmeet.counter')), ' ',
      h('button', { type: 'button', class: 'button pmeet-decline', onclick: () => {
        const reason = field({ name: 'reason', label: t('pmeet.reason'), type: 'textarea', required: true, attrs: { rows: 2, maxlength: 2000 } });
        const f = h('form', { class: 'form pmeet-decline-form', novalidate: true }, formErrorSlot(), reason,
          h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('pmeet.decline'))));
        onSubmit(f, async () => {
          if (!val(reason.control)) { showFieldError(f, 'reason', t('pmeet.reason_needed'), reason.control); return; }
          await step('decline', { reason: val(reason.control) });
        });
        replace(panel, f);
        reason.control.focus();
      } }, t('pmeet.decline'))));
  }
  if (m.may_cancel) {
    append(actions, h('p', { class: 'actions' }, h('button', { type: 'button', class: 'button pmeet-cancel', onclick: (e) => {
      e.target.disabled = true;
      step('cancel', {}).catch((er) => { e.target.disabled = false; showErrorIn(actions, er); });
    } }, t('pmeet.cancel'))));
  }
  if (m.may_answer || m.may_cancel) append(card, actions, panel);
  return card;
}

function showErrorIn(form, er) {
  replace(form.querySelector('.form-error'), errorBlock(er));
}

/**
 * The meetings section of an interest's thread page: its requests, and
 * the form to propose one when the interest is accepted.
 */
export function interestMeetingsSection(interest, { signal }) {
  const listEl = h('div', { class: 'pmeet-list' }, h('p', { class: 'loading' }, t('common.loading')));
  const formSlot = h('div', { class: 'pmeet-new' });
  async function load() {
    let b;
    try {
      b = await get('partner-meetings', { interest: interest.id, limit: 100 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(listEl, errorBlock(e, load));
      return;
    }
    const ms = b.meetings || [];
    replace(listEl, ms.length ? ms.map((m) => meetingCard(m, load)) : h('p', { class: 'muted' }, t('pmeet.none_here')));
  }
  if (interest.status === 'accepted') {
    const open = h('button', { type: 'button', class: 'button pmeet-propose', onclick: () => {
      replace(formSlot, proposalForm(`interests/${encodeURIComponent(interest.id)}/meetings`, () => {
        replace(formSlot, open);
        load();
      }));
      formSlot.querySelector('input')?.focus();
    } }, t('pmeet.propose'));
    append(formSlot, open);
  }
  load();
  return h('section', { class: 'thread-meetings', 'aria-labelledby': 'pmeet-title' },
    h('h2', { id: 'pmeet-title' }, t('pmeet.title')), listEl, formSlot);
}

/** The "My meetings" page: every request of the reader's organisations. */
export function myMeetingsView(main, { query, signal }) {
  if (!requireUser(main, 'pmeet.mine')) return;
  document.title = `${t('pmeet.mine')} — hamkor`;
  const status = query.get('status') || '';
  const listEl = h('div', { class: 'pmeet-list' }, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  const filters = h('p', { class: 'filters' }, ['', 'pending', 'accepted', 'declined', 'cancelled'].map((s) => [
    h('a', { href: s ? `/partner-meetings?status=${s}` : '/partner-meetings', 'aria-current': s === status ? 'page' : null },
      s ? t(`pmeet.status.${s}`) : t('pmeet.all')), ' ']));
  replace(main, h('section', { class: 'page pmeet-page' },
    h('p', { class: 'crumbs' }, h('a', { href: '/inbox' }, t('inbox.title'))),
    h('h1', null, t('pmeet.mine')), filters, listEl));
  async function load() {
    let b;
    try {
      b = await get('partner-meetings', { status: status || null, limit: 100 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(listEl, errorBlock(e, load));
      return;
    }
    const ms = b.meetings || [];
    replace(listEl, ms.length ? ms.map((m) => meetingCard(m, load)) : h('p', { class: 'muted none' }, t('pmeet.none')));
  }
  load();
}
