// organisation.js - one organisation's public profile: names and aliases
// (each in its language and script), country, city, type, size, codes with
// their labels, capabilities, certifications, languages, verification tier;
// for signed-in people, "Flag as duplicate" (duplicate.js).

import { get } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtNumber, fmtDate, fmtList, languageName, has } from './i18n.js';
import { countryName } from './refdata.js';
import { codeList, safeHref } from './labels.js';
import { errorBlock } from './errors.js';
import { isMemberOf } from './session.js';
import { duplicateSection } from './duplicate.js';
import { cityText } from './pickers.js';

const opt = (prefix, v) => (v && has(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : v);

export async function organisationView(main, { params, signal }) {
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let o;
  try {
    o = await get(`organisations/${encodeURIComponent(params.id)}`, null, { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    document.title = `${t('org.title')} — hamkor`;
    replace(main, h('section', { class: 'page' }, h('h1', null, t('org.title')), errorBlock(e, () => organisationView(main, { params, signal })),
      h('p', null, h('a', { href: '/' }, t('nav.back_to_search')))));
    return;
  }
  const names = o.names || [];
  const primary = names.find((n) => n.primary) || names[0] || { text: `#${o.id}` };
  const aliases = names.filter((n) => n !== primary);
  document.title = `${primary.text} — hamkor`;
  const site = o.website ? safeHref(o.website) : null;
  const tier = o.tier || 'self_declared';

  const rows = [
    [t('org.country'), countryName(o.country)],
    o.city ? [t('org.city'), cityText(o)] : null,
    [t('org.type'), opt('org_type', o.type)],
    o.size && o.size !== 'unknown' ? [t('org.size'), opt('size', o.size)] : null,
    o.sme !== undefined ? [t('org.sme'), t(o.sme ? 'common.yes' : 'common.no')] : null,
    o.registry_id ? [t('org.registry'), `${o.registry_scheme ? o.registry_scheme + ' ' : ''}${o.registry_id}`] : null,
    o.languages?.length ? [t('org.languages'), fmtList(o.languages.map(languageName))] : null,
    o.website ? [t('org.website'), site ? h('a', { href: site, rel: 'noopener noreferrer nofollow', target: '_blank' }, o.website) : o.website] : null,
  ].filter(Boolean);

  replace(main, h('article', { class: 'page organisation', 'data-id': o.id },
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, t('nav.back_to_search')),
      isMemberOf(o.id) ? [' · ', h('a', { href: `/my/organisations/${encodeURIComponent(o.id)}`, class: 'edit-link' }, t('my.edit_profile'))] : null),
    h('p', { class: 'badges' }, h('span', { class: `badge badge-tier tier-${tier}`, 'data-tier': tier }, t(`tier.${tier}`))),
    h('h1', { lang: primary.lang || null }, primary.text),
    aliases.length ? h('section', { class: 'aliases', 'aria-labelledby': 'aliases-title' },
      h('h2', { id: 'aliases-title' }, t('org.aliases')),
      h('ul', { class: 'plain' }, aliases.map((n) => h('li', null, h('span', { lang: n.lang || null }, n.text),
        n.lang ? h('span', { class: 'muted' }, ` (${languageName(n.lang)})`) : null)))) : null,
    h('section', { class: 'details', 'aria-labelledby': 'org-details' },
      h('h2', { id: 'org-details' }, t('org.details')),
      h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]))),
    h('section', { 'aria-labelledby': 'org-codes' },
      h('h2', { id: 'org-codes' }, t('org.codes')),
      h('h3', null, t('listing.hs')), codeList('hs', o.hs),
      h('h3', null, t('listing.isic')), codeList('isic', o.isic)),
    h('section', { 'aria-labelledby': 'org-caps' },
      h('h2', { id: 'org-caps' }, t('org.capabilities')),
      o.capabilities?.length ? h('ul', { class: 'plain capabilities' }, o.capabilities.map((c) => h('li', null,
        h('span', { class: 'badge' }, opt('capability', c.kind)), ' ', c.text || '',
        c.amount !== undefined && c.amount !== null ? ` — ${fmtNumber(Number(c.amount))}${c.unit ? ' ' + c.unit : ''}` : '')))
        : h('p', { class: 'muted' }, t('common.none'))),
    h('section', { 'aria-labelledby': 'org-certs' },
      h('h2', { id: 'org-certs' }, t('org.certifications')),
      o.certifications?.length ? h('ul', { class: 'plain certifications' }, o.certifications.map((c) => h('li', null,
        h('strong', null, c.name), c.scope ? ` — ${c.scope}` : '',
        c.issued || c.expires ? h('span', { class: 'muted' }, ` (${[c.issued ? t('org.cert_issued', { date: fmtDate(c.issued) }) : '',
          c.expires ? t('org.cert_expires', { date: fmtDate(c.expires) }) : ''].filter(Boolean).join(', ')})`) : null)))
        : h('p', { class: 'muted' }, t('common.none'))),
    h('section', { 'aria-labelledby': 'org-tier' },
      h('h2', { id: 'org-tier' }, t('org.verification')),
      h('p', null, t(`tier_help.${tier}`))),
    duplicateSection(o, signal)));
}
