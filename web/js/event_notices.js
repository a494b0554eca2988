// event_notices.js - the event notices on the notifications page (GET
// /api/v1/event-notices): after the organisers schedule an event's
// meetings, each participant whose meetings were placed, moved or dropped
// is told so. Newest first, each naming the event, linking to the
// participant's agenda, with "mark as read" (POST
// /api/v1/event-notices/{id}/read). They are a table of their own on the
// server, as the joint projects' notices are (project_notices.js), so they
// are a section of their own here; the header's unread badge counts them
// with the other notifications (notifications.js).

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDateTime, fmtNumber } from './i18n.js';
import { loadEventNotices, markEventNoticeRead } from './notifications.js';
import { errorBlock } from './errors.js';
import { pickText } from './coord.js';

function item(n, titles) {
  const p = n.payload || {};
  const href = p.participant_id ? `/events/${encodeURIComponent(n.event_id)}/agenda/${encodeURIComponent(p.participant_id)}`
    : `/events/${encodeURIComponent(n.event_id)}`;
  const title = h('span', { class: 'event-name' }, t('enotice.event', { id: n.event_id }));
  titles(n.event_id).then((x) => { if (x) replace(title, x); });
  const li = h('li', { class: `notice event-notice${n.read_at ? '' : ' notice-unread'}`, 'data-id': n.id, 'data-kind': n.kind,
    'data-event': n.event_id });
  const readBtn = n.read_at ? null : h('button', { type: 'button', class: 'button button-small mark-read', onclick: async (e) => {
    e.target.disabled = true;
    try {
      await markEventNoticeRead(n);
      li.classList.remove('notice-unread');
      li.querySelector('.badge-new')?.remove();
      li.querySelector('a')?.focus(); // the button goes; focus stays on this notice
      e.target.remove();
    } catch (err) {
      e.target.disabled = false;
      e.target.after(errorBlock(err));
    }
  } }, t('notifications.mark_read'));
  const what = n.kind === 'schedule'
    ? t('enotice.schedule', { changed: fmtNumber(Number(p.changed) || 0), meetings: fmtNumber(Number(p.meetings) || 0) })
    : t('enotice.other');
  append(li,
    h('p', { class: 'notice-text' }, n.read_at ? null : h('span', { class: 'badge badge-new' }, t('notifications.new')), ' ',
      h('a', { href }, what)),
    h('p', { class: 'hit-meta' }, title, ' · ', fmtDateTime(n.created_at)), readBtn);
  return li;
}

/** The section "Events: your meetings" of the notifications page. */
export function eventNoticesSection({ signal }) {
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const list = h('ol', { class: 'notices event-notices' });
  // One request per event, shared by its notices; an event that cannot be read keeps "Event #id".
  const cache = new Map();
  const titles = (id) => {
    if (!cache.has(id)) cache.set(id, get(`events/${encodeURIComponent(id)}`, null, { signal }).then((ev) => pickText(ev.texts)?.title || null).catch(() => null));
    return cache.get(id);
  };
  (async () => {
    let b;
    try {
      b = await loadEventNotices({ signal }); // also recounts the badge
    } catch (e) {
      if (e.name !== 'AbortError') replace(body, errorBlock(e));
      return;
    }
    const items = (b.notices || []).map((n) => item(n, titles));
    replace(body, items.length ? list : h('p', { class: 'muted none' }, t('enotice.none')));
    append(list, items);
  })();
  return h('section', { class: 'event-notices-section', id: 'event-notices', 'aria-labelledby': 'enotice-title' },
    h('h2', { id: 'enotice-title' }, t('enotice.title')), body);
}
