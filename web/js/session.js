// session.js - who is signed in (GET /api/v1/me), kept for the life of the
// page, and the account part of the header: links, the unread badge, sign
// out. /me is asked only when the `csrf` cookie exists (it is set at
// sign-in and expired at sign-out), so a visitor's pages make no request
// that is bound to fail.

import { get, send, cookie } from './api.js';
import { h, replace } from './dom.js';
import { navigate } from './router.js';
import { t, fmtNumber } from './i18n.js';
import { startNotifications, stopNotifications, unreadCount, onUnread } from './notifications.js';

let me = null; // {user, memberships} or null
const listeners = new Set();

export function currentUser() { return me?.user || null; }
/** What GET /api/v1/me answered ({user, memberships, email_verified}), or null. */
export function mySession() { return me; }
export function memberships() { return me?.memberships || []; }
export function isMemberOf(orgId) { return memberships().some((m) => String(m.org_id) === String(orgId)); }
export function isAdminOf(orgId) { return memberships().some((m) => String(m.org_id) === String(orgId) && m.is_admin); }
export function onSessionChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

function changed() {
  renderNav();
  if (me) startNotifications(); else stopNotifications();
  for (const fn of listeners) fn(me);
}

/** Asks the server who is signed in (when a session may exist). */
export async function loadSession() {
  if (!cookie('csrf')) {
    me = null;
  } else {
    try {
      me = await get('me');
    } catch (e) {
      me = null; // 401: the session ended; anything else: treat as signed out
    }
  }
  changed();
  return me;
}

/** After register or login: the answer's {user, memberships}. */
export function setSession(body) {
  me = body?.user ? { user: body.user, memberships: body.memberships || [] } : null;
  changed();
}

/** Reloads /me (memberships change when an organisation is created). */
export async function refreshSession() {
  try { me = await get('me'); } catch { /* keep what we had */ }
  changed();
  return me;
}

export async function signOut() {
  try { await send('POST', 'auth/logout', {}); } catch { /* the session is gone either way */ }
  me = null;
  changed();
}

function navLink(href, text, extra) {
  const a = h('a', { href, class: 'nav-link' }, text, extra || null);
  if (location.pathname === href || (href !== '/' && location.pathname.startsWith(href + '/'))) a.setAttribute('aria-current', 'page');
  return a;
}

/** The header's account navigation, in the current language. */
export function renderNav() {
  const nav = document.getElementById('account-nav');
  if (!nav) return;
  const items = [navLink('/organisations', t('nav.directory')), navLink('/meetings', t('nav.coordination')),
    navLink('/events', t('nav.events')),
    navLink('/analytics', t('nav.analytics'))];
  const user = currentUser();
  if (!user) {
    items.push(navLink('/signin', t('nav.signin')), navLink('/signup', t('nav.signup')));
  } else {
    const n = unreadCount();
    const badge = h('span', { class: 'unread', id: 'unread-badge', 'data-count': String(n), hidden: n ? null : true,
      'aria-label': t('nav.unread', { n: fmtNumber(n) }) }, fmtNumber(n));
    items.push(navLink('/inbox', t('nav.inbox'), [' ', badge]), navLink('/partner-meetings', t('nav.meetings_mine')),
      navLink('/my', t('nav.my')), navLink('/saved', t('nav.saved')),
      navLink('/projects', t('nav.projects')));
    if (user.role === 'coordinator' || user.role === 'secretariat') items.push(navLink('/verify', t('nav.verify')));
    if (user.role === 'secretariat') items.push(navLink('/admin', t('nav.admin')));
    items.push(navLink('/account', t('nav.account_page')));
    items.push(h('span', { class: 'nav-user', title: user.email }, user.display_name || user.email),
      h('button', { type: 'button', class: 'button-link nav-signout', id: 'signout', onclick: async () => {
        await signOut();
        navigate('/');
      } }, t('nav.signout')));
  }
  replace(nav, h('ul', null, items.map((x) => h('li', null, x))));
}

onUnread((n) => {
  const badge = document.getElementById('unread-badge');
  if (!badge) return;
  badge.textContent = fmtNumber(n);
  badge.dataset.count = String(n);
  badge.hidden = n === 0;
  badge.setAttribute('aria-label', t('nav.unread', { n: fmtNumber(n) }));
});

/** For pages that need a signed-in user: the user, or renders a sign-in prompt and returns null. */
export function requireUser(main, titleKey) {
  const user = currentUser();
  if (user) return user;
  document.title = `${t(titleKey)} — hamkor`;
  const next = location.pathname + location.search;
  replace(main, h('section', { class: 'page' }, h('h1', null, t(titleKey)),
    h('p', { class: 'signin-needed' }, t('auth.needed')),
    h('p', null, h('a', { href: `/signin?next=${encodeURIComponent(next)}`, class: 'button button-primary' }, t('nav.signin')), ' ',
      h('a', { href: `/signup?next=${encodeURIComponent(next)}` }, t('nav.signup')))));
  return null;
}
