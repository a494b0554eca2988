// members.js - the members of an organisation (GET /api/v1/organisations/{id}/members),
// and for its admins, adding a registered user by email (POST) and
// removing a member (DELETE .../members/{user_id}).

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { field, formErrorSlot, onSubmit, val, done } from './forms.js';
import { errorBlock } from './errors.js';
import { currentUser } from './session.js';

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
    const rows = (body.members || []).map((m) => h('li', { class: 'member', 'data-user': m.user_id },
      h('span', { class: 'member-name' }, m.display_name || m.email), ' ',
      h('span', { class: 'muted' }, m.email), ' ',
      m.is_admin ? h('span', { class: 'badge' }, t('members.admin')) : null, ' ',
      isAdmin && m.user_id !== me?.id ? h('button', { type: 'button', class: 'button button-small', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await send('DELETE', `${path}/${encodeURIComponent(m.user_id)}`);
          await load();
        } catch (err) {
          e.target.disabled = false;
          replace(list, errorBlock(err, load));
        }
      } }, t('members.remove', { name: m.display_name || m.email })) : null));
    replace(list, h('ul', { class: 'plain member-list' }, rows));
  }

  if (isAdmin) {
    const email = field({ name: 'email', label: t('auth.email'), type: 'email', required: true, hint: t('members.email_hint') });
    const admin = field({ name: 'is_admin', label: t('members.make_admin'), control: h('input', { type: 'checkbox' }) });
    const form = h('form', { class: 'form form-inline', novalidate: true }, formErrorSlot(), email, admin,
      h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('members.add'))));
    onSubmit(form, async () => {
      await send('POST', path, { email: (val(email.control) || '').toLowerCase(), is_admin: admin.control.checked });
      email.control.value = '';
      admin.control.checked = false;
      done(form, t('members.added'));
      await load();
    });
    section.append(h('h3', null, t('members.add_title')), form);
  }
  load();
  return section;
}
