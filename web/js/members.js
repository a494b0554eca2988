// members.js - the members of an organisation (GET /api/v1/organisations/{id}/members);
// for its admins, inviting an email (POST .../invitations: the person
// accepts from their account page), the pending invitations with a
// withdraw button (GET, DELETE .../invitations/{id}) and removing a member
// (DELETE .../members/{user_id}); for every member, leaving.

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { field, formErrorSlot, onSubmit, val, done } from './forms.js';
import { errorBlock } from './errors.js';
import { currentUser, loadSession } from './session.js';
import { navigate } from './router.js';

export function membersSection(orgId, isAdmin, signal) {
  const list = h('div', { class: 'members-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const section = h('section', { class: 'members', 'aria-labelledby': 'members-title' },
    h('h2', { id: 'members-title' }, t('members.title')), list);
  const path = `organisations/${encodeURIComponent(orgId)}/members`;

  async function load() {
    let body;
    try {
      body = await get(path, null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(list, errorBlock(e, load));
      return;
    }
    const me = currentUser();
    const removeButton = (m, label, after) => h('button', { type: 'button', class: 'button button-small', onclick: async (e) => {
      e.target.disabled = true;
      try {
        await send('DELETE', `${path}/${encodeURIComponent(m.user_id)}`);
        await after();
      } catch (err) {
        e.target.disabled = false;
        replace(list, errorBlock(err, load));
      }
    } }, label);
    const rows = (body.members || []).map((m) => h('li', { class: 'member', 'data-user': m.user_id },
      h('span', { class: 'member-name' }, m.display_name || m.email), ' ',
      h('span', { class: 'muted' }, m.email), ' ',
      m.is_admin ? h('span', { class: 'badge' }, t('members.admin')) : null, ' ',
      isAdmin && m.user_id !== me?.id ? removeButton(m, t('members.remove', { name: m.display_name || m.email }), load) : null,
      m.user_id === me?.id ? removeButton(m, t('members.leave'), async () => { await loadSession(); navigate('/my'); }) : null));
    replace(list, h('ul', { class: 'plain member-list' }, rows));
  }

  const pending = h('ul', { class: 'plain invitation-list', 'aria-live': 'polite' });
  async function loadInvitations() {
    let body;
    try {
      body = await get(`organisations/${encodeURIComponent(orgId)}/invitations`, null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(pending, h('li', null, errorBlock(e, loadInvitations)));
      return;
    }
    const rows = (body.invitations || []).map((v) => h('li', { class: 'invitation', 'data-id': v.id },
      h('span', { class: 'invitation-email' }, v.email), ' ',
      v.is_admin ? h('span', { class: 'badge' }, t('members.admin')) : null, ' ',
      h('span', { class: 'muted' }, t('members.invited_until', { date: fmtDate(v.expires_at) })), ' ',
      h('button', { type: 'button', class: 'button button-small', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await send('DELETE', `organisations/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(v.id)}`);
        } catch { /* answered meanwhile: the list says so */ }
        await loadInvitations();
      } }, t('members.withdraw', { email: v.email }))));
    replace(pending, rows.length ? rows : h('li', { class: 'muted no-invitations' }, t('members.no_invitations')));
  }

  if (isAdmin) {
    const email = field({ name: 'email', label: t('auth.email'), type: 'email', required: true, hint: t('members.email_hint') });
    const admin = field({ name: 'is_admin', label: t('members.make_admin'), control: h('input', { type: 'checkbox' }) });
    const form = h('form', { class: 'form form-inline invite-form', novalidate: true }, formErrorSlot(), email, admin,
      h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('members.add'))));
    onSubmit(form, async () => {
      const sent = (val(email.control) || '').toLowerCase();
      await send('POST', `organisations/${encodeURIComponent(orgId)}/invitations`, { email: sent, is_admin: admin.control.checked });
      email.control.value = '';
      admin.control.checked = false;
      done(form, t('members.added', { email: sent }));
      await loadInvitations();
    });
    section.append(h('h3', null, t('members.add_title')), form,
      h('h3', { id: 'invitations-title' }, t('members.invitations_title')), pending);
    loadInvitations();
  }
  load();
  return section;
}
