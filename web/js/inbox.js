// inbox.js - expressions of interest received by my organisations and
// sent by them (GET /api/v1/interests?box=received|sent), newest first,
// with "more" through next_cursor. The list refreshes when a notification
// about an interest arrives while it is open.

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDate, fmtDateTime } from './i18n.js';
import { requireUser } from './session.js';
import { onNotification } from './notifications.js';
import { errorBlock } from './errors.js';

export function statusBadge(status) {
  return h('span', { class: `badge eoi-${status}`, 'data-status': status }, t(`eoi.${status}`));
}

export function inboxView(main, { query, signal }) {
  if (!requireUser(main, 'inbox.title')) return;
  const box = query.get('box') === 'sent' ? 'sent' : 'received';
  document.title = `${t(`inbox.${box}`)} — ${t('inbox.title')} — hamkor`;
  const tab = (b) => h('li', null, h('a', { href: `/inbox?box=${b}`, class: 'tab', 'aria-current': b === box ? 'page' : null, 'data-box': b }, t(`inbox.${b}`)));
  const list = h('div', { class: 'interests', 'data-box': box }, h('p', { class: 'loading' }, t('common.loading')));
  const more = h('div', { class: 'more' });
  replace(main, h('section', { class: 'page inbox' },
    h('h1', null, t('inbox.title')),
    h('nav', { class: 'tabs', 'aria-label': t('inbox.boxes') }, h('ul', null, tab('received'), tab('sent'))),
    h('p', null, h('a', { href: '/notifications', class: 'notifications-link' }, t('notifications.title'))),
    list, more));
  const ul = h('ul', { class: 'card-list interest-list' });

  async function page(cursor) {
    let body;
    try {
      body = await get('interests', { box, cursor }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(list, errorBlock(e, () => page(cursor)));
      return;
    }
    const items = (body.interests || []).map((i) => interestCard(i, box));
    if (!cursor) {
      replace(ul);
      replace(list, items.length ? ul : h('p', { class: 'muted' }, t(`inbox.none_${box}`)));
    }
    append(ul, items);
    replace(more, body.next_cursor ? h('button', { type: 'button', class: 'button', onclick: () => page(body.next_cursor) }, t('search.more')) : null);
    list.dataset.loaded = String(Date.now());
  }
  const off = onNotification((n) => { if (n.interest_id) page(null); });
  signal.addEventListener('abort', off);
  page(null);
}

function interestCard(i, box) {
  return h('li', { class: 'card interest-card', 'data-id': i.id, 'data-status': i.status },
    h('h2', { class: 'card-title' }, h('a', { href: `/interests/${encodeURIComponent(i.id)}` },
      i.listing_title || t('inbox.listing_n', { id: i.listing_id }))),
    h('p', { class: 'badges' }, statusBadge(i.status),
      i.sealed_until ? [' ', h('span', { class: 'badge badge-sealed' }, t('inbox.sealed_until', { date: fmtDate(i.sealed_until) }))] : null),
    h('p', { class: 'hit-meta' },
      box === 'received' ? t('inbox.from', { name: i.from_org_name || `#${i.from_org_id}` }) : t('inbox.sent_as', { name: i.from_org_name || `#${i.from_org_id}` }),
      ' · ', fmtDateTime(i.created_at)),
    i.offered ? h('p', { class: 'excerpt' }, i.offered.length > 200 ? `${i.offered.slice(0, 200)}…` : i.offered) : null);
}
