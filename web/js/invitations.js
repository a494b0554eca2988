// invitations.js - joining organisations from one's own side: the account
// page's section with the state of one's email (confirmed, or a button
// that sends a new link: POST /api/v1/auth/verify-email/resend) and the
// invitations to it (GET /api/v1/invitations) with accept / decline
// (POST /api/v1/invitations/{id}/accept|decline); and the page the link
// in the confirmation mail opens, /verify-email?token=...
// (POST /api/v1/auth/verify-email).

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { loadSession } from './session.js';
import { errorBlock } from './errors.js';

/** The account page's section: email state and invitations. */
export function invitationsSection(me, signal) {
  const state = h('div', { class: 'email-state' });
  const list = h('ul', { class: 'plain my-invitations', 'aria-live': 'polite' });
  const status = h('p', { class: 'invitation-status', role: 'status', 'aria-live': 'polite' });

  function showEmailState(verified) {
    if (verified) {
      replace(state, h('p', { class: 'email-verified' }, t('invite.email_verified')));
      return;
    }
    const resend = h('button', { type: 'button', class: 'button', id: 'resend-link', onclick: async () => {
      resend.disabled = true;
      try {
        await send('POST', 'auth/verify-email/resend', {});
        status.textContent = t('invite.link_sent');
      } catch (e) {
        replace(status, errorBlock(e));
      }
      resend.disabled = false;
    } }, t('invite.resend'));
    replace(state, h('p', { class: 'email-unverified' }, t('invite.email_unverified')), h('p', null, resend));
  }

  async function load() {
    let body;
    try {
      body = await get('invitations', null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(list, h('li', null, errorBlock(e, load)));
      return;
    }
    const answer = (v, verb) => h('button', { type: 'button', class: `button button-small${verb === 'accept' ? ' button-primary' : ''}`,
      'data-action': verb, onclick: async (e) => {
        e.target.disabled = true;
        try {
          await send('POST', `invitations/${encodeURIComponent(v.id)}/${verb}`, {});
          status.textContent = t(verb === 'accept' ? 'invite.accepted' : 'invite.declined', { name: v.org_name || `#${v.org_id}` });
          if (verb === 'accept') await loadSession(); // the new membership, in the header and forms
          await load();
        } catch (err) {
          e.target.disabled = false;
          replace(status, errorBlock(err));
        }
      } }, t(`invite.${verb}`));
    const rows = (body.invitations || []).map((v) => h('li', { class: 'my-invitation', 'data-id': v.id },
      h('a', { href: `/organisations/${encodeURIComponent(v.org_id)}` }, v.org_name || `#${v.org_id}`), ' ',
      v.is_admin ? h('span', { class: 'badge' }, t('members.admin')) : null, ' ',
      h('span', { class: 'muted' }, t('members.invited_until', { date: fmtDate(v.expires_at) })), ' ',
      answer(v, 'accept'), ' ', answer(v, 'decline')));
    replace(list, rows.length ? rows : h('li', { class: 'muted no-invitations' }, t('invite.none')));
  }

  showEmailState(me?.email_verified !== false);
  load();
  return h('section', { class: 'account-section invitations', 'aria-labelledby': 'invitations-title' },
    h('h2', { id: 'invitations-title' }, t('invite.title')), state, list, status);
}

/** /verify-email?token=...: confirms the address and says so. */
export async function verifyEmailView(main, { query, signal }) {
  document.title = `${t('invite.verify_title')} — hamkor`;
  const out = h('div', { class: 'verify-result', role: 'status' }, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page verify-email' }, h('h1', null, t('invite.verify_title')), out));
  try {
    await send('POST', 'auth/verify-email', { token: query.get('token') || '' }, { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(out, errorBlock(e));
    return;
  }
  await loadSession();
  replace(out, h('p', { class: 'email-verified' }, t('invite.verified_now')),
    h('p', null, h('a', { href: '/account' }, t('invite.to_account'))));
}
