// notifications.js - the signed-in user's notifications: the unread count
// (for the header badge), new ones arriving live over server-sent events
// (EventSource on /api/v1/notifications/stream, which resumes by itself
// with Last-Event-ID), and marking one read.

import { get, send } from './api.js';

let unread = 0;
let source = null;
let seen = new Set();
const unreadListeners = new Set();
const arrivalListeners = new Set();

export function unreadCount() { return unread; }
/** fn(n) whenever the unread count changes. */
export function onUnread(fn) { unreadListeners.add(fn); return () => unreadListeners.delete(fn); }
/** fn(notification) for each one that arrives live; returns the unsubscriber. */
export function onNotification(fn) { arrivalListeners.add(fn); return () => arrivalListeners.delete(fn); }

function setUnread(n) {
  unread = Math.max(0, n);
  for (const fn of unreadListeners) fn(unread);
}

export async function startNotifications() {
  if (source) return;
  source = 'starting';
  try {
    const body = await get('notifications', { limit: 20 });
    for (const n of body.notifications || []) seen.add(n.id);
    setUnread(Number(body.unread) || 0);
  } catch { /* the badge stays at 0 */ }
  if (source !== 'starting' || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/notifications/stream');
  source.addEventListener('notification', (ev) => {
    let n;
    try { n = JSON.parse(ev.data); } catch { return; }
    if (!n || seen.has(n.id)) return;
    seen.add(n.id);
    if (!n.read) setUnread(unread + 1);
    for (const fn of arrivalListeners) fn(n);
  });
}

export function stopNotifications() {
  if (source && source !== 'starting') source.close();
  source = null;
  seen = new Set();
  setUnread(0);
}

/** Marks notification n read on the server and in the badge. */
export async function markRead(n) {
  await send('POST', `notifications/${encodeURIComponent(n.id)}/read`, {});
  if (!n.read) setUnread(unread - 1);
  n.read = true;
}

/** Re-reads the unread count (after a page marked several read). */
export async function refreshUnread() {
  try {
    const body = await get('notifications', { limit: 1 });
    setUnread(Number(body.unread) || 0);
  } catch { /* keep the count */ }
}
