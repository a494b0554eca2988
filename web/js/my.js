// my.js - "My organisations" (the signed-in user's memberships, with links
// to edit each profile and its listings) and one organisation's listings,
// drafts included (GET /api/v1/organisations/{id}/listings).

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { requireUser, memberships, isMemberOf } from './session.js';
import { directionBadge, kindBadge } from './labels.js';
import { errorBlock } from './errors.js';

export function myView(main) {
  const user = requireUser(main, 'my.title');
  if (!user) return;
  document.title = `${t('my.title')} — hamkor`;
  const mine = memberships();
  replace(main, h('section', { class: 'page my' },
    h('h1', null, t('my.title')),
    h('p', { class: 'lead' }, t('my.hello', { name: user.display_name || user.email })),
    mine.length ? h('ul', { class: 'card-list' }, mine.map((m) => h('li', { class: 'card', 'data-org': m.org_id },
      h('h2', { class: 'card-title' }, h('a', { href: `/my/organisations/${encodeURIComponent(m.org_id)}` }, m.name || `#${m.org_id}`)),
      m.is_admin ? h('p', null, h('span', { class: 'badge' }, t('members.admin'))) : null,
      h('p', { class: 'links' },
        h('a', { href: `/my/organisations/${encodeURIComponent(m.org_id)}` }, t('my.edit_profile')), ' · ',
        h('a', { href: `/my/organisations/${encodeURIComponent(m.org_id)}/listings` }, t('my.listings')), ' · ',
        h('a', { href: `/organisations/${encodeURIComponent(m.org_id)}` }, t('my.public_page'))))))
      : h('p', { class: 'muted' }, t('my.no_orgs')),
    h('p', null, h('a', { href: '/my/organisations/new', class: 'button button-primary', id: 'create-org' }, t('my.create_org')))));
}

export async function myListingsView(main, { params, signal }) {
  if (!requireUser(main, 'my.listings')) return;
  const id = params.id;
  const m = memberships().find((x) => String(x.org_id) === String(id));
  const name = m?.name || `#${id}`;
  document.title = `${t('my.listings')} — ${name} — hamkor`;
  const list = h('div', { class: 'my-listings' }, h('p', { class: 'loading' }, t('common.loading')));
  const more = h('div', { class: 'more' });
  replace(main, h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: '/my' }, t('my.back'))),
    h('h1', null, t('my.listings_of', { name })),
    isMemberOf(id) ? h('p', null, h('a', { href: `/my/listings/new?org=${encodeURIComponent(id)}`, class: 'button button-primary', id: 'new-listing' }, t('my.new_listing'))) : null,
    list, more));
  const ol = h('ul', { class: 'card-list' });
  async function page(cursor) {
    let body;
    try {
      body = await get(`organisations/${encodeURIComponent(id)}/listings`, { cursor, limit: 50 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(list, errorBlock(e, () => page(cursor)));
      return;
    }
    const items = (body.listings || []).map(listingCard);
    if (!cursor) replace(list, items.length ? ol : h('p', { class: 'muted' }, t('my.no_listings')));
    append(ol, items);
    replace(more, body.next_cursor ? h('button', { type: 'button', class: 'button', onclick: () => page(body.next_cursor) }, t('search.more')) : null);
  }
  page(null);
}

function listingCard(l) {
  const text = (l.texts || []).find((x) => x.origin === 'original') || (l.texts || [])[0] || { title: `#${l.id}` };
  return h('li', { class: 'card', 'data-id': l.id, 'data-status': l.status },
    h('h2', { class: 'card-title' }, h('a', { href: `/my/listings/${encodeURIComponent(l.id)}`, lang: text.lang || null }, text.title)),
    h('p', { class: 'badges' }, h('span', { class: `badge status-${l.status}` }, t(`status.${l.status}`)), directionBadge(l.direction), kindBadge(l.kind)),
    l.expires ? h('p', { class: 'muted' }, `${t('listing.expires')}: ${fmtDate(l.expires)}`) : null);
}
