// interest_form.js - "Express interest" on a listing page: the three
// standard questions (what we offer, what we seek, why this partner) and
// which of my organisations sends it (POST /api/v1/listings/{id}/interests).
// A visitor sees the button disabled with a note and a sign-in link.

import { send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { field, formErrorSlot, onSubmit } from './forms.js';
import { currentUser, memberships } from './session.js';

export function interestBox(listing) {
  const box = h('div', { class: 'interest' });
  const orgId = listing.organisation?.id ?? listing.org_id;
  if (!currentUser()) {
    const next = encodeURIComponent(location.pathname);
    replace(box,
      h('button', { type: 'button', class: 'button button-primary', disabled: true, title: t('interest.signin_soon'),
        'aria-describedby': 'interest-note', id: 'express-interest' }, t('interest.button')),
      h('p', { id: 'interest-note', class: 'hint' }, t('interest.signin_soon'), ' ',
        h('a', { href: `/signin?next=${next}` }, t('nav.signin'))));
    return box;
  }
  const mine = memberships().filter((m) => String(m.org_id) !== String(orgId));
  if (memberships().some((m) => String(m.org_id) === String(orgId))) {
    replace(box, h('p', { class: 'hint' }, t('interest.own_listing'), ' ',
      h('a', { href: `/my/listings/${encodeURIComponent(listing.id)}` }, t('interest.edit_own'))));
    return box;
  }
  if (!mine.length) {
    replace(box, h('p', { class: 'hint' }, t('interest.need_org'), ' ', h('a', { href: '/my/organisations/new' }, t('my.create_org'))));
    return box;
  }
  if (listing.status && listing.status !== 'published') {
    replace(box, h('p', { class: 'hint' }, t('interest.not_open')));
    return box;
  }
  const from = field({ name: 'from_org_id', label: t('interest.from'), control: h('select', { name: 'from_org_id' },
    mine.map((m) => h('option', { value: m.org_id }, m.name || `#${m.org_id}`))) });
  const offered = field({ name: 'offered', label: t('interest.offered'), type: 'textarea', required: true, hint: t('interest.offered_hint'), attrs: { rows: 3 } });
  const sought = field({ name: 'sought', label: t('interest.sought'), type: 'textarea', required: true, hint: t('interest.sought_hint'), attrs: { rows: 3 } });
  const why = field({ name: 'why', label: t('interest.why'), type: 'textarea', required: true, hint: t('interest.why_hint'), attrs: { rows: 3 } });
  const form = h('form', { class: 'form interest-form', id: 'interest-form', hidden: true, novalidate: true,
    'aria-labelledby': 'interest-form-title' },
  h('h2', { id: 'interest-form-title' }, t('interest.form_title')), formErrorSlot(), from, offered, sought, why,
  h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('interest.send'))));
  const open = h('button', { type: 'button', class: 'button button-primary', id: 'express-interest', 'aria-expanded': 'false',
    'aria-controls': 'interest-form', onclick: () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) offered.control.focus();
    } }, t('interest.button'));
  onSubmit(form, async () => {
    const r = await send('POST', `listings/${encodeURIComponent(listing.id)}/interests`, {
      from_org_id: Number(from.control.value), offered: offered.control.value.trim(),
      sought: sought.control.value.trim(), why: why.control.value.trim(),
    });
    const id = r.body?.id;
    const note = h('p', { class: 'note', role: 'status', id: 'interest-sent' }, t('interest.sent'), ' ',
      id ? h('a', { href: `/interests/${encodeURIComponent(id)}` }, t('interest.open_thread')) : null);
    replace(box, note);
    note.setAttribute('tabindex', '-1');
    note.focus();
  });
  replace(box, open, form);
  return box;
}
