// notifications.js - the signed-in user's notifications: the unread count
// (for the header badge), new ones arriving live over server-sent events
// (EventSource on /api/v1/notifications/stream, which resumes by itself
// with Last-Event-ID), and marking one read. The badge also counts the
// unread project notices (GET /api/v1/project-notices: what a joint
// project needs from the user next) and event notices (GET
// /api/v1/event-notices: your meetings at an event were placed, moved or
// dropped), which have no live stream: they are counted at start and
// whenever the notifications page lists them.

import { get, send } from './api.js';

let unread = 0;
let projectUnread = 0; // unread project notices among the newest PROJECT_PAGE
const PROJECT_PAGE = 100;
let eventUnread = 0; // unread event notices among the newest EVENT_PAGE
const EVENT_PAGE = 100;
let source = null;
let seen = new Set();
const unreadListeners = new Set();
const arrivalListeners = new Set();

export function unreadCount() { return unread + projectUnread + eventUnread; }
/** fn(n) whenever the unread count changes. */
export function onUnread(fn) { unreadListeners.add(fn); return () => unreadListeners.delete(fn); }
/** fn(notification) for each one that arrives live; returns the unsubscriber. */
export function onNotification(fn) { arrivalListeners.add(fn); return () => arrivalListeners.delete(fn); }

function changed() {
  for (const fn of unreadListeners) fn(unread + projectUnread + eventUnread);
}

function setUnread(n) {
  unread = Math.max(0, n);
  changed();
}

/** Sets the count of unread project notices from a list of them (the newest page). */
export function setProjectNotices(list) {
  projectUnread = (list || []).filter((n) => !n.read_at).length;
  changed();
}

/** The newest project notices ({notices, next_cursor}); also recounts the badge. */
export async function loadProjectNotices({ signal } = {}) {
  const body = await get('project-notices', { limit: PROJECT_PAGE }, { signal });
  setProjectNotices(body.notices);
  return body;
}

/** Marks project notice n read on the server and in the badge. */
export async function markProjectNoticeRead(n) {
  await send('POST', `project-notices/${encodeURIComponent(n.id)}/read`, {});
  if (!n.read_at) {
    projectUnread = Math.max(0, projectUnread - 1);
    n.read_at = new Date().toISOString();
    changed();
  }
}

/** The newest event notices ({notices}); also recounts the badge. */
export async function loadEventNotices({ signal } = {}) {
  const body = await get('event-notices', { limit: EVENT_PAGE }, { signal });
  eventUnread = (body.notices || []).filter((n) => !n.read_at).length;
  changed();
  return body;
}

/** Marks event notice n read on the server and in the badge. */
export async function markEventNoticeRead(n) {
  await send('POST', `event-notices/${encodeURIComponent(n.id)}/read`, {});
  if (!n.read_at) {
    eventUnread = Math.max(0, eventUnread - 1);
    n.read_at = new Date().toISOString();
    changed();
  }
}

export async function startNotifications() {
  if (source) return;
  source = 'starting';
  try {
    const body = await get('notifications', { limit: 20 });
    for (const n of body.notifications || []) seen.add(n.id);
    setUnread(Number(body.unread) || 0);
  } catch { /* the badge stays at 0 */ }
  try { await loadProjectNotices(); } catch { /* nor does it count project notices */ }
  try { await loadEventNotices(); } catch { /* nor event notices */ }
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
  projectUnread = 0;
  eventUnread = 0;
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
