// auth.js - the sign-up and sign-in pages (POST /api/v1/auth/register and
// /auth/login). After either, the session cookies are set by the server;
// the page goes on to ?next= (a path of this site) or to "My organisations".

import { send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { field, formErrorSlot, onSubmit, val } from './forms.js';
import { setSession, currentUser } from './session.js';
import { navigate } from './router.js';

function nextPath(query) {
  const next = query.get('next') || '';
  // Only a path on this site: "/x", never "//host" or "https://host".
  return /^\/(?!\/)/.test(next) && !next.startsWith('/\\') ? next : '/my';
}

function page(main, titleKey, form, other) {
  document.title = `${t(titleKey)} — hamkor`;
  replace(main, h('section', { class: 'page page-narrow' }, h('h1', null, t(titleKey)),
    currentUser() ? h('p', { class: 'note' }, t('auth.already', { name: currentUser().display_name || currentUser().email })) : null,
    form, other));
}

export function signUpView(main, { query }) {
  const email = field({ name: 'email', label: t('auth.email'), type: 'email', required: true, attrs: { autocomplete: 'email' } });
  const name = field({ name: 'display_name', label: t('auth.display_name'), required: true, attrs: { autocomplete: 'name', maxlength: 100 } });
  const password = field({ name: 'password', label: t('auth.password'), type: 'password', required: true,
    hint: t('auth.password_hint'), attrs: { autocomplete: 'new-password', minlength: 10, maxlength: 256 } });
  const form = h('form', { class: 'form', id: 'signup-form', novalidate: true }, formErrorSlot(), email, name, password,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('auth.signup_submit'))));
  onSubmit(form, async () => {
    const { body } = await send('POST', 'auth/register', {
      email: (val(email.control) || '').toLowerCase(), password: password.control.value, display_name: val(name.control) || '',
    });
    setSession(body);
    navigate(nextPath(query));
  });
  page(main, 'auth.signup_title', form,
    h('p', null, t('auth.have_account'), ' ', h('a', { href: `/signin${location.search}` }, t('nav.signin'))));
}

export function signInView(main, { query }) {
  const email = field({ name: 'email', label: t('auth.email'), type: 'email', required: true, attrs: { autocomplete: 'username' } });
  const password = field({ name: 'password', label: t('auth.password'), type: 'password', required: true,
    attrs: { autocomplete: 'current-password' } });
  const form = h('form', { class: 'form', id: 'signin-form', novalidate: true }, formErrorSlot(), email, password,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('auth.signin_submit'))));
  onSubmit(form, async () => {
    let body;
    try {
      ({ body } = await send('POST', 'auth/login', {
        email: (val(email.control) || '').toLowerCase(), password: password.control.value,
      }));
    } catch (e) {
      // One answer for an unknown email and a wrong password: say it as such.
      if (e.kind === 'unauthorized') e.kind = 'bad_login';
      throw e;
    }
    setSession(body);
    navigate(nextPath(query));
  });
  page(main, 'auth.signin_title', form,
    h('p', null, t('auth.no_account'), ' ', h('a', { href: `/signup${location.search}` }, t('nav.signup'))));
}
