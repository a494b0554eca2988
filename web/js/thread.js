// thread.js - one expression of interest: the listing, the sending
// organisation, the three answers, its status with accept / decline for
// the listing's organisation (POST /api/v1/interests/{id}/accept|decline),
// and the message thread (GET/POST /api/v1/interests/{id}/messages),
// refreshed live when a notification about this interest arrives; and
// its 1:1 meeting requests (partner_meetings.js).

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDate, fmtDateTime } from './i18n.js';
import { field, formErrorSlot, onSubmit, showErrors } from './forms.js';
import { requireUser, isMemberOf, currentUser } from './session.js';
import { onNotification, markRead } from './notifications.js';
import { statusBadge } from './inbox.js';
import { errorBlock } from './errors.js';
import { interestMeetingsSection } from './partner_meetings.js';

export async function threadView(main, { params, signal }) {
  if (!requireUser(main, 'thread.title')) return;
  const path = `interests/${encodeURIComponent(params.id)}`;
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let i;
  let listing = null;
  try {
    i = await get(path, null, { signal });
    listing = await get(`listings/${encodeURIComponent(i.listing_id)}`, null, { signal }).catch((e) => {
      if (e.name === 'AbortError') throw e;
      return null;
    });
  } catch (e) {
    if (e.name === 'AbortError') return;
    document.title = `${t('thread.title')} — hamkor`;
    replace(main, h('section', { class: 'page' }, h('h1', null, t('thread.title')), errorBlock(e, () => threadView(main, { params, signal }))));
    return;
  }
  const title = i.listing_title || (listing?.texts || [])[0]?.title || t('inbox.listing_n', { id: i.listing_id });
  document.title = `${title} — ${t('thread.title')} — hamkor`;
  const listingOrg = listing?.organisation?.id ?? listing?.org_id;
  // Answers to a request stay sealed from its organisation until the day
  // after its deadline: the server sends their content as null.
  const sealedForMe = Boolean(i.sealed_until) && i.offered == null;
  const canDecide = listingOrg !== undefined && isMemberOf(listingOrg) && i.status === 'pending' && !sealedForMe;

  const statusEl = h('p', { class: 'badges interest-status' }, statusBadge(i.status));
  const decideForm = h('form', { class: 'form form-inline decide', novalidate: true }, formErrorSlot());
  const decide = (what) => h('button', { type: 'button', class: `button${what === 'accept' ? ' button-primary' : ''}`, 'data-action': what,
    onclick: async (e) => {
      e.target.disabled = true;
      try {
        const r = await send('POST', `${path}/${what}`, {});
        i = r.body || { ...i, status: what === 'accept' ? 'accepted' : 'declined' };
        replace(statusEl, statusBadge(i.status));
        decideForm.remove();
        statusEl.setAttribute('tabindex', '-1');
        statusEl.focus();
      } catch (err) {
        e.target.disabled = false;
        showErrors(decideForm, err);
      }
    } }, t(`thread.${what}`));
  if (canDecide) decideForm.append(h('p', { class: 'actions' }, decide('accept'), ' ', decide('decline')));

  const messagesEl = h('ol', { class: 'messages', 'aria-live': 'polite', 'aria-labelledby': 'messages-title' });
  const body = field({ name: 'body', label: t('thread.message'), type: 'textarea', required: true, attrs: { rows: 3 } });
  const msgForm = h('form', { class: 'form message-form', novalidate: true }, formErrorSlot(), body,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('thread.send'))));

  async function loadMessages() {
    let b;
    try {
      b = await get(`${path}/messages`, null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(messagesEl, h('li', null, errorBlock(e, loadMessages)));
      return;
    }
    const me = currentUser();
    const msgs = b.messages || [];
    replace(messagesEl, msgs.length ? msgs.map((m) => h('li', { class: `message${m.author_id === me?.id ? ' mine' : ''}`, 'data-id': m.id },
      h('p', { class: 'message-meta' }, h('strong', null, m.author_name || `#${m.author_id}`), ' · ', h('time', { datetime: m.created_at }, fmtDateTime(m.created_at))),
      h('p', { class: 'message-body' }, m.body)))
      : h('li', { class: 'muted no-messages' }, t('thread.no_messages')));
    messagesEl.dataset.count = String(msgs.length);
  }

  onSubmit(msgForm, async () => {
    const text = body.control.value.trim();
    if (!text) {
      showErrors(msgForm, { kind: 'invalid', errors: [{ field: 'body', message: 'body is required' }] });
      return;
    }
    await send('POST', `${path}/messages`, { body: text });
    body.control.value = '';
    await loadMessages();
    body.control.focus();
  });

  const off = onNotification(async (n) => {
    if (String(n.interest_id) !== String(i.id)) return;
    if (n.kind === 'interest_decided') {
      try { i = await get(path, null, { signal }); replace(statusEl, statusBadge(i.status)); } catch { /* keep */ }
    }
    await loadMessages();
    markRead(n).catch(() => {}); // seen here, on the open thread
  });
  signal.addEventListener('abort', off);

  const answer = (key, text) => [h('dt', null, t(`interest.${key}`)), h('dd', { class: `answer answer-${key}` }, text || '')];
  replace(main, h('article', { class: 'page thread', 'data-id': i.id },
    h('p', { class: 'crumbs' }, h('a', { href: '/inbox' }, t('thread.back'))),
    h('h1', null, t('thread.heading', { title })),
    h('p', null, h('a', { href: `/listings/${encodeURIComponent(i.listing_id)}`, class: 'listing-link' }, title), ' · ',
      h('a', { href: `/organisations/${encodeURIComponent(i.from_org_id)}` }, t('inbox.from', { name: i.from_org_name || `#${i.from_org_id}` })), ' · ',
      fmtDateTime(i.created_at)),
    statusEl, canDecide ? decideForm : null,
    i.status === 'accepted' ? h('p', null, h('a', { href: `/projects/new?interest=${encodeURIComponent(i.id)}`, class: 'button start-project' }, t('thread.start_project'))) : null,
    i.sealed_until ? h('p', { class: 'sealed-note', role: 'note' }, t(sealedForMe ? 'thread.sealed_for_you' : 'thread.sealed', { date: fmtDate(i.sealed_until) })) : null,
    sealedForMe ? null : h('dl', { class: 'facts answers' }, answer('offered', i.offered), answer('sought', i.sought), answer('why', i.why)),
    sealedForMe ? null : interestMeetingsSection(i, { signal }),
    sealedForMe ? null : h('section', { class: 'thread-messages', 'aria-labelledby': 'messages-title' },
      h('h2', { id: 'messages-title' }, t('thread.messages')), messagesEl, msgForm)));
  if (!sealedForMe) loadMessages();
}
