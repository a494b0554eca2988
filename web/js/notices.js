// notices.js - the notifications page (GET /api/v1/notifications, newest
// first, "more" with before=<last id>), each with a link to what it is
// about and "mark as read" (POST /api/v1/notifications/{id}/read). New ones
// arrive at the top while the page is open. The joint projects' notices
// come first, in a section of their own (project_notices.js), then the
// events' (event_notices.js: your meetings were placed or moved).

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDateTime, has } from './i18n.js';
import { requireUser } from './session.js';
import { onNotification, markRead } from './notifications.js';
import { errorBlock } from './errors.js';
import { projectNoticesSection } from './project_notices.js';
import { eventNoticesSection } from './event_notices.js';

function target(n) {
  if (n.kind === 'partner_meeting') return '/partner-meetings';
  if (n.interest_id) return `/interests/${encodeURIComponent(n.interest_id)}`;
  if (n.listing_id) return `/listings/${encodeURIComponent(n.listing_id)}`;
  return null;
}

function item(n) {
  const kind = has(`notice.${n.kind}`) ? n.kind : 'other';
  const p = n.payload || {};
  const decided = n.kind === 'interest_decided' && (p.status === 'accepted' || p.status === 'declined');
  const step = n.kind === 'partner_meeting' && has(`notice.partner_meeting_${p.step}`) ? `notice.partner_meeting_${p.step}` : null;
  const text = t(step || (decided ? `notice.interest_${p.status}` : `notice.${kind}`), { name: p.name || '' });
  const href = target(n);
  const li = h('li', { class: `notice${n.read ? '' : ' notice-unread'}`, 'data-id': n.id, 'data-kind': n.kind });
  const readBtn = n.read ? null : h('button', { type: 'button', class: 'button button-small mark-read', onclick: async (e) => {
    e.target.disabled = true;
    try {
      await markRead(n);
      li.classList.remove('notice-unread');
      li.querySelector('.badge-new')?.remove();
      li.querySelector('a')?.focus(); // the button goes; focus stays on this notification
      e.target.remove();
    } catch {
      e.target.disabled = false;
    }
  } }, t('notifications.mark_read'));
  append(li,
    h('p', { class: 'notice-text' }, n.read ? null : h('span', { class: 'badge badge-new' }, t('notifications.new')), ' ',
      href ? h('a', { href }, text) : text),
    h('p', { class: 'hit-meta' }, fmtDateTime(n.created_at)), readBtn);
  return li;
}

export function noticesView(main, { signal }) {
  if (!requireUser(main, 'notifications.title')) return;
  document.title = `${t('notifications.title')} — hamkor`;
  const list = h('ol', { class: 'notices' });
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const more = h('div', { class: 'more' });
  replace(main, h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: '/inbox' }, t('inbox.title'))),
    h('h1', null, t('notifications.title')), projectNoticesSection({ signal }), eventNoticesSection({ signal }),
    h('section', { class: 'general-notices', 'aria-labelledby': 'notices-general' },
      h('h2', { id: 'notices-general' }, t('notifications.general')), body, more)));

  async function page(before) {
    let b;
    try {
      b = await get('notifications', { before, limit: 50 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(body, errorBlock(e, () => page(before)));
      return;
    }
    const items = (b.notifications || []).map(item);
    if (!before) replace(body, items.length ? list : h('p', { class: 'muted none' }, t('notifications.none')));
    append(list, items);
    const last = (b.notifications || []).at(-1);
    const next = b.next_cursor ?? (items.length === 50 && last ? last.id : null);
    replace(more, next ? h('button', { type: 'button', class: 'button', onclick: () => page(next) }, t('search.more')) : null);
  }
  const off = onNotification((n) => {
    if (!list.isConnected) replace(body, list);
    list.insertBefore(item(n), list.firstChild);
  });
  signal.addEventListener('abort', off);
  page(null);
}
