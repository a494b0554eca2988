// labels.js - small shared pieces of pages: badges, code lists with their
// labels, language labels.

import { h } from './dom.js';
import { t, languageName } from './i18n.js';
import { codeLabelText } from './refdata.js';

export function directionBadge(direction) {
  return h('span', { class: `badge badge-${direction === 'request' ? 'request' : 'offer'}`, 'data-direction': direction },
    t(`direction.${direction}`));
}

export function kindBadge(kind) {
  return h('span', { class: 'badge badge-kind' }, t(`kind.${kind}`));
}

/** "Written in Russian" with lang marked for the language name. */
export function writtenIn(lang) {
  return h('span', { class: 'written-in', 'data-lang': lang }, t('listing.written_in', { language: languageName(lang) }));
}

/**
 * A code with its label filled in when the taxonomy answers:
 * "HS 7616 — Other articles of aluminium". Returns the element at once.
 */
export function codeWithLabel(scheme, code, { prefix = true } = {}) {
  const label = h('span', { class: 'code-label' });
  const el = h('span', { class: 'code', 'data-code': code },
    h('span', { class: 'code-value' }, prefix ? `${scheme === 'hs' ? 'HS' : 'ISIC'} ${code}` : code), label);
  codeLabelText(scheme, code).then((text) => {
    if (text) label.textContent = ` — ${text}`;
  });
  return el;
}

export function codeList(scheme, codes) {
  if (!codes?.length) return h('span', { class: 'muted' }, t('common.none'));
  return h('ul', { class: 'code-list' }, codes.map((c) => h('li', null, codeWithLabel(scheme, c))));
}

/** Only http(s) addresses become links; anything else stays text. */
export function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
