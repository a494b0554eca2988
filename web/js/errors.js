// errors.js - turning API errors into messages in the reader's language.
// The problem document's "type" picks the catalogue key (error.<kind>);
// each field error names the field (field.<name> when the catalogue has
// it) and gives the server's own detail beside it.

import { h } from './dom.js';
import { t, has } from './i18n.js';

// The server's field messages are English; the ones it is known to send are
// translated, anything else is shown as the server wrote it.
const KNOWN_MESSAGES = [
  [/^is longer than (\d+) bytes$/, 'fieldmsg.too_long', (m) => ({ n: m[1] })],
  [/^a query is at most (\d+) bytes$/, 'fieldmsg.too_long', (m) => ({ n: m[1] })],
  [/^must be a whole number from (-?\d+) to (-?\d+)$/, 'fieldmsg.range', (m) => ({ min: m[1], max: m[2] })],
  [/^must be between (-?\d+) and (-?\d+)$/, 'fieldmsg.range', (m) => ({ min: m[1], max: m[2] })],
  [/^is not valid UTF-8$/, 'fieldmsg.utf8', () => ({})],
  [/^is not a search parameter$/, 'fieldmsg.unknown_param', () => ({})],
  [/^is not a cursor this server gave$/, 'fieldmsg.cursor', () => ({})],
  [/^must be a date YYYY-MM-DD$/, 'fieldmsg.date', () => ({})],
  [/^no published listing/, 'fieldmsg.no_listing', () => ({})],
];

export function fieldMessage(message) {
  for (const [re, key, params] of KNOWN_MESSAGES) {
    const m = re.exec(message || '');
    if (m && has(key)) return t(key, params(m));
  }
  return message || '';
}

export function errorTitle(err) {
  const kind = err?.kind || 'unknown';
  return has(`error.${kind}`) ? t(`error.${kind}`) : t('error.unknown');
}

/** A block (role=alert) describing err; retry, when given, adds a button. */
export function errorBlock(err, retry) {
  const fields = (err?.errors || []).map((e) => {
    const f = e.field || '';
    const base = f.replace(/\[.*$/, '').replace(/\..*$/, '');
    const name = f && has(`field.${base}`) ? t(`field.${base}`) : f;
    return h('li', null, name ? h('strong', null, name) : null, name ? ': ' : '', fieldMessage(e.message));
  });
  return h('div', { class: 'error', role: 'alert', 'data-error-kind': err?.kind || 'unknown' },
    h('p', { class: 'error-title' }, errorTitle(err)),
    err?.status ? h('p', { class: 'error-status' }, t('error.status', { status: err.status })) : null,
    fields.length ? h('ul', { class: 'error-fields' }, fields) : null,
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, t('error.retry')) : null);
}
