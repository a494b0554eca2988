// account.js - the signed-in person's account page (/account): changing
// the password (POST /api/v1/auth/password; every other session of the
// user ends) and API tokens for integrations (GET /api/v1/tokens, POST
// /api/v1/tokens -> the token shown once with a copy button, DELETE
// /api/v1/tokens/{id} after a confirmation). The secret of a new token
// lives only in the panel that shows it; the list never has it. Mail
// preferences (GET/PUT /api/v1/me/mail-preferences): notifications by
// email at once, in a daily digest, or never, in the page's language.

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDateTime, has, getLang } from './i18n.js';
import { field, formErrorSlot, onSubmit, val, showFieldError, clearErrors, done, select } from './forms.js';
import { requireUser, mySession } from './session.js';
import { invitationsSection } from './invitations.js';
import { errorBlock } from './errors.js';

const TOKEN_DAYS_MAX = 3650;

function passwordSection() {
  const current = field({ name: 'current_password', label: t('account.current_password'), type: 'password', required: true,
    attrs: { autocomplete: 'current-password', maxlength: 256 } });
  const next = field({ name: 'new_password', label: t('account.new_password'), type: 'password', required: true,
    hint: t('auth.password_hint'), attrs: { autocomplete: 'new-password', minlength: 10, maxlength: 256 } });
  const again = field({ name: 'new_password_again', label: t('account.new_password_again'), type: 'password', required: true,
    attrs: { autocomplete: 'new-password', maxlength: 256 } });
  const form = h('form', { class: 'form', id: 'password-form', novalidate: true }, formErrorSlot(),
    h('p', { class: 'hint' }, t('account.password_lead')),
    current, next, again,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('account.change_password'))));
  onSubmit(form, async () => {
    // The two new passwords are compared here: the server only sees one.
    if (next.control.value !== again.control.value) {
      showFieldError(form, 'new_password_again', t('account.passwords_differ'));
      return;
    }
    await send('POST', 'auth/password', { current_password: current.control.value, new_password: next.control.value });
    for (const f of [current, next, again]) f.control.value = '';
    clearErrors(form);
    done(form, t('account.password_changed'));
    form.querySelector(':scope > .note')?.setAttribute('id', 'password-changed');
  });
  return h('section', { class: 'account-section', 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, t('account.password_title')), form);
}

// The choice is loaded after the page is drawn; the mails are written in
// the language the page is shown in when the choice is saved.
function mailSection(signal) {
  const choice = select('mail', ['immediately', 'daily', 'never'].map((v) => [v, t(`account.mail_${v}`)]), 'never',
    { id: 'mail-pref' });
  const wrap = field({ name: 'mail', label: t('account.mail_label'), control: choice });
  const form = h('form', { class: 'form', id: 'mail-form', novalidate: true }, formErrorSlot(),
    h('p', { class: 'hint' }, t('account.mail_lead')), wrap,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('account.mail_save'))));
  get('me/mail-preferences', null, { signal }).then((p) => { if (p && p.mail) choice.value = p.mail; }).catch(() => {});
  onSubmit(form, async () => {
    const lang = ['en', 'ru', 'zh'].includes(getLang()) ? getLang() : 'en';
    await send('PUT', 'me/mail-preferences', { mail: choice.value, lang });
    clearErrors(form);
    done(form, t('account.mail_saved'));
  });
  return h('section', { class: 'account-section', 'aria-labelledby': 'mail-title' },
    h('h2', { id: 'mail-title' }, t('account.mail_title')), form);
}

function tokenState(tok) {
  if (tok.revoked) return 'revoked';
  if (tok.expires_at && new Date(tok.expires_at).getTime() <= Date.now()) return 'expired';
  return 'active';
}

/** The panel that shows a new token once: warning, the token, a copy button. */
function newTokenPanel(tok, onHide) {
  const input = h('input', { id: 'new-token-value', type: 'text', readonly: true, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'new-token-warning', class: 'token-value' });
  input.value = tok.token; // a value, never markup
  const status = h('p', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = h('button', { type: 'button', class: 'button button-primary', id: 'copy-token', onclick: async () => {
    let ok = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(input.value);
        ok = true;
      }
    } catch { /* no clipboard permission: fall back to the selection */ }
    if (!ok) {
      input.focus();
      input.select();
      try { ok = document.execCommand('copy'); } catch { ok = false; }
    }
    status.textContent = ok ? t('tokens.copied') : t('tokens.copy_by_hand');
  } }, t('tokens.copy'));
  const panel = h('div', { class: 'new-token', id: 'new-token', 'data-id': tok.id, tabindex: '-1', 'aria-labelledby': 'new-token-title' },
    h('h3', { id: 'new-token-title' }, t('tokens.new_title', { name: tok.name })),
    h('p', { class: 'warning', id: 'new-token-warning' }, h('strong', null, t('tokens.once_warning'))),
    h('div', { class: 'field' }, h('label', { for: 'new-token-value' }, t('tokens.token')), input),
    h('p', { class: 'actions' }, copy,
      h('button', { type: 'button', class: 'button', id: 'hide-token', onclick: onHide }, t('tokens.hide'))),
    status,
    h('p', { class: 'hint' }, t('tokens.how_to_use')));
  return panel;
}

function tokensSection(signal) {
  const list = h('div', { class: 'tokens-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const shown = h('div', { class: 'new-token-slot' });
  const name = field({ name: 'name', label: t('tokens.name'), required: true, hint: t('tokens.name_hint'), attrs: { maxlength: 100 } });
  const days = field({ name: 'expires_in_days', label: t('tokens.expires_in_days'), type: 'number', hint: t('tokens.days_hint'),
    attrs: { min: 1, max: TOKEN_DAYS_MAX, step: 1, inputmode: 'numeric' } });
  const form = h('form', { class: 'form', id: 'token-form', novalidate: true }, formErrorSlot(), name, days,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('tokens.create'))));
  const note = h('div', { class: 'tokens-note' });

  function say(text) {
    replace(note, h('p', { class: 'note', role: 'status' }, text));
  }

  function hideToken() {
    replace(shown);
    name.control.focus();
  }

  function confirmRevoke(li, tok, button) {
    const open = li.querySelector('.revoke-confirm');
    if (open) { open.querySelector('button')?.focus(); return; }
    const id = `revoke-q-${tok.id}`;
    const yes = h('button', { type: 'button', class: 'button button-danger', 'data-action': 'confirm-revoke', 'aria-describedby': id,
      onclick: async () => {
        yes.disabled = true;
        try {
          await send('DELETE', `tokens/${encodeURIComponent(tok.id)}`);
          say(t('tokens.revoked_done', { name: tok.name }));
          await load();
          note.querySelector('.note')?.setAttribute('tabindex', '-1');
          note.querySelector('.note')?.focus();
        } catch (err) {
          yes.disabled = false;
          box.querySelector('.error')?.remove();
          box.prepend(errorBlock(err));
        }
      } }, t('tokens.revoke_yes'));
    const no = h('button', { type: 'button', class: 'button', 'data-action': 'cancel-revoke', onclick: () => {
      box.remove();
      button.hidden = false;
      button.focus();
    } }, t('tokens.revoke_no'));
    const box = h('div', { class: 'revoke-confirm', role: 'group', 'aria-labelledby': id },
      h('p', { id }, t('tokens.revoke_question', { name: tok.name })),
      h('p', { class: 'actions' }, yes, no));
    button.hidden = true;
    li.append(box);
    yes.focus();
  }

  async function load() {
    let b;
    try {
      b = await get('tokens', null, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(list, errorBlock(e, load));
      return;
    }
    const tokens = b.tokens || [];
    if (!tokens.length) {
      replace(list, h('p', { class: 'muted', id: 'no-tokens' }, t('tokens.none')));
      return;
    }
    replace(list, h('ul', { class: 'card-list token-list' }, tokens.map((tok) => {
      const state = tokenState(tok);
      const li = h('li', { class: 'card token', 'data-id': tok.id, 'data-state': state },
        h('h3', { class: 'card-title' }, h('span', { class: 'token-name' }, tok.name), ' ',
          h('span', { class: `badge token-${state}` }, t(`tokens.state_${state}`))),
        h('dl', { class: 'facts token-facts' },
          h('dt', null, t('tokens.key_id')), h('dd', null, h('code', { class: 'key-id' }, `hk_${tok.key_id}_…`)),
          h('dt', null, t('tokens.created_at')), h('dd', null, fmtDateTime(tok.created_at)),
          h('dt', null, t('tokens.last_used_at')), h('dd', { class: 'last-used' }, tok.last_used_at ? fmtDateTime(tok.last_used_at) : t('tokens.never_used')),
          h('dt', null, t('tokens.expires_at')), h('dd', null, tok.expires_at ? fmtDateTime(tok.expires_at) : t('tokens.no_expiry'))));
      if (state !== 'revoked') {
        const revoke = h('button', { type: 'button', class: 'button button-small', 'data-action': 'revoke',
          onclick: () => confirmRevoke(li, tok, revoke) }, t('tokens.revoke', { name: tok.name }));
        li.append(h('p', { class: 'actions' }, revoke));
      }
      return li;
    })));
  }

  onSubmit(form, async () => {
    const body = { name: val(name.control) || '' };
    const d = val(days.control);
    if (d !== null) {
      const n = Number(d);
      if (!Number.isInteger(n) || n < 1 || n > TOKEN_DAYS_MAX) {
        showFieldError(form, 'expires_in_days', t('fieldmsg.range', { min: 1, max: TOKEN_DAYS_MAX }));
        return;
      }
      body.expires_in_days = n;
    }
    const { body: tok } = await send('POST', 'tokens', body);
    name.control.value = '';
    days.control.value = '';
    replace(note);
    const panel = newTokenPanel(tok, hideToken);
    replace(shown, panel);
    // Focus goes to the token as it appears, not after the list has been
    // fetched again (seconds on a slow line; the list is elsewhere).
    panel.querySelector('input').focus();
    panel.querySelector('input').select();
    await load();
  });

  load();
  return h('section', { class: 'account-section', 'aria-labelledby': 'tokens-title' },
    h('h2', { id: 'tokens-title' }, t('tokens.title')),
    h('p', { class: 'lead' }, t('tokens.lead')),
    shown,
    h('h3', null, t('tokens.create_title')), form,
    h('h3', { id: 'token-list-title' }, t('tokens.list_title')), note, list);
}

export function accountView(main, { signal }) {
  const user = requireUser(main, 'account.title');
  if (!user) return;
  document.title = `${t('account.title')} — hamkor`;
  const role = has(`role.${user.role}`) ? t(`role.${user.role}`) : user.role;
  replace(main, h('section', { class: 'page account' },
    h('h1', null, t('account.title')),
    h('dl', { class: 'facts account-facts' },
      h('dt', null, t('auth.display_name')), h('dd', { class: 'account-name' }, user.display_name || ''),
      h('dt', null, t('auth.email')), h('dd', { class: 'account-email' }, user.email || ''),
      h('dt', null, t('account.role')), h('dd', null, role)),
    invitationsSection(mySession(), signal),
    passwordSection(),
    mailSection(signal),
    tokensSection(signal)));
}
