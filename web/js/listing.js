// listing.js - one listing: its text in the original language (labelled)
// and any translations, its organisation, codes, quantities, targets and
// dates, the matches with their reasons, and "express interest"
// (interest_form.js).

import { get } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtNumber, fmtDate, fmtList, has } from './i18n.js';
import { countryName } from './refdata.js';
import { directionBadge, kindBadge, writtenIn, codeList } from './labels.js';
import { reasonItem } from './reasons.js';
import { errorBlock } from './errors.js';
import { interestBox } from './interest_form.js';

function textBlock(text, heading) {
  const origin = text.origin || 'original';
  return h('section', { class: `listing-text origin-${origin}`, 'data-origin': origin, 'data-lang': text.lang },
    heading,
    h('p', { class: 'text-origin' },
      h('span', { class: `badge badge-origin-${origin}` }, t(`origin.${origin}`)), ' ',
      writtenIn(text.lang)),
    text.description ? h('p', { class: 'description', lang: text.lang || null }, text.description) : null);
}

function quantityText(q) {
  const parts = [has(`quantity.${q.kind}`) ? t(`quantity.${q.kind}`) : q.kind, ': ',
    typeof q.amount === 'number' ? fmtNumber(q.amount) : String(q.amount ?? ''), q.unit ? ` ${q.unit}` : ''];
  if (q.period) parts.push(' ', has(`period.${q.period}`) ? t(`period.${q.period}`) : `/ ${q.period}`);
  return parts.join('');
}

function dl(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export async function listingView(main, { params, signal }) {
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let listing;
  try {
    listing = await get(`listings/${encodeURIComponent(params.id)}`, null, { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    document.title = `${t('listing.title')} — hamkor`;
    replace(main, h('section', { class: 'page' }, h('h1', null, t('listing.title')), errorBlock(e, () => listingView(main, { params, signal })),
      h('p', null, h('a', { href: '/' }, t('nav.back_to_search')))));
    return;
  }
  const texts = listing.texts || [];
  const original = texts.find((x) => x.origin === 'original') || texts[0] || { title: '', lang: '' };
  const others = texts.filter((x) => x !== original);
  document.title = `${original.title} — hamkor`;

  const org = listing.organisation || { id: listing.org_id };
  const matchesEl = h('div', { class: 'matches-body' }, h('p', { class: 'loading' }, t('common.loading')));

  replace(main, h('article', { class: 'page listing', 'data-id': listing.id },
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, t('nav.back_to_search'))),
    h('p', { class: 'badges' }, directionBadge(listing.direction), kindBadge(listing.kind),
      listing.status && listing.status !== 'published' ? h('span', { class: 'badge' }, t(`status.${listing.status}`)) : null),
    h('h1', { lang: original.lang || null }, original.title),
    textBlock(original, null),
    others.length ? h('section', { class: 'translations', 'aria-labelledby': 'tr-title' },
      h('h2', { id: 'tr-title' }, t('listing.translations')),
      others.map((x) => textBlock(x, h('h3', { lang: x.lang || null }, x.title)))) : null,
    h('section', { class: 'details', 'aria-labelledby': 'details-title' },
      h('h2', { id: 'details-title' }, t('listing.details')),
      dl([
        [t('listing.organisation'), [h('a', { href: `/organisations/${encodeURIComponent(org.id)}`, class: 'org-link' }, org.name || `#${org.id}`),
          org.country ? ` · ${countryName(org.country)}` : '']],
        [t('listing.hs'), codeList('hs', listing.hs)],
        [t('listing.isic'), codeList('isic', listing.isic)],
        listing.quantities?.length ? [t('listing.quantities'), h('ul', { class: 'plain' }, listing.quantities.map((q) => h('li', null, quantityText(q))))] : null,
        listing.targets?.length ? [t('listing.targets'), fmtList(listing.targets.map(countryName))] : null,
        listing.deadline ? [t('listing.deadline'), fmtDate(listing.deadline)] : null,
        listing.expires ? [t('listing.expires'), fmtDate(listing.expires)] : null,
        listing.published_at ? [t('listing.published'), fmtDate(listing.published_at)] : null,
      ])),
    interestBox(listing),
    h('section', { class: 'matches', 'aria-labelledby': 'matches-title' },
      h('h2', { id: 'matches-title' }, t('matches.title')), h('p', { class: 'hint' }, t('matches.lead')), matchesEl)));

  try {
    const body = await get(`listings/${encodeURIComponent(params.id)}/matches`, null, { signal });
    const matches = body.matches || [];
    replace(matchesEl, matches.length ? h('ol', { class: 'match-list' }, matches.map(matchItem)) : h('p', { class: 'muted' }, t('matches.none')));
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(matchesEl, errorBlock(e));
  }
}

function matchItem(m) {
  return h('li', { class: 'match', 'data-id': m.id },
    h('h3', { class: 'hit-heading' }, h('a', { href: `/listings/${encodeURIComponent(m.id)}`, lang: m.lang || null }, m.title)),
    h('p', { class: 'badges' }, directionBadge(m.direction), m.kind ? kindBadge(m.kind) : null),
    h('p', { class: 'hit-meta' }, writtenIn(m.lang), ' · ', countryName(m.country),
      m.organisation ? [' · ', h('a', { href: `/organisations/${encodeURIComponent(m.organisation.id)}` }, m.organisation.name)] : null),
    m.reasons?.length ? h('ul', { class: 'reasons', 'aria-label': t('matches.why') }, m.reasons.map(reasonItem)) : null);
}

