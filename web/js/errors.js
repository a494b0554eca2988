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
  // The record validator's messages (src/model/model_validate.c) start with the field's path.
  [/^(\S+ )?is required\b/, 'fieldmsg.required', () => ({})],
  [/^\S+ is (\d+) characters long; at most (\d+) are allowed$/, 'fieldmsg.too_many_chars', (m) => ({ max: m[2] })],
  [/^\S+ must not be only spaces/, 'fieldmsg.spaces', () => ({})],
  [/^\S+ must be a real date/, 'fieldmsg.date', () => ({})],
  [/^\S+ must be an http:\/\/ or https:\/\/ address$/, 'fieldmsg.url', () => ({})],
  [/^\S+ must be a lower-case address/, 'fieldmsg.email', () => ({})],
  [/^\S+ must be a language tag/, 'fieldmsg.lang_tag', () => ({})],
  [/^\S+ must be an HS code/, 'fieldmsg.hs_code', () => ({})],
  [/^\S+ must be an ISIC code/, 'fieldmsg.isic_code', () => ({})],
  [/^\S+ repeats /, 'fieldmsg.repeats', () => ({})],
  [/^\S+ must be (a positive number|a number greater than 0)/, 'fieldmsg.positive', () => ({})],
  [/^names must have exactly one primary name/, 'fieldmsg.one_primary', () => ({})],
  [/^texts must have exactly one text whose origin is original/, 'fieldmsg.one_original', () => ({})],
  [/^\S+ has (\d+) entries; at most (\d+) are allowed$/, 'fieldmsg.too_many', (m) => ({ max: m[2] })],
  [/^\S+ needs at least/, 'fieldmsg.required', () => ({})],
  [/^\S+ is before the issue date/, 'fieldmsg.before_issue', () => ({})],
  [/^\S+ \(\S+\) is before the issue date/, 'fieldmsg.before_issue', () => ({})],
  [/^\S+ must be two upper-case letters/, 'fieldmsg.country', () => ({})],
  [/^\S+ is given without an amount$/, 'fieldmsg.unit_without_amount', () => ({})],
  [/^email or password is wrong$/, 'fieldmsg.bad_login', () => ({})],
  // The account routes' messages (src/auth/auth_password.c, src/http/http_api_account.c).
  [/^must be at least (\d+) characters long/, 'fieldmsg.min_chars', (m) => ({ min: m[1] })],
  [/^must be at most (\d+) characters long/, 'fieldmsg.too_many_chars', (m) => ({ max: m[1] })],
  [/^must be 1 to (\d+) characters$/, 'fieldmsg.too_many_chars', (m) => ({ max: m[1] })],
  [/^must not be one character repeated$/, 'fieldmsg.repeated_char', () => ({})],
  [/^must not be the email address$/, 'fieldmsg.not_email', () => ({})],
  [/^an account with this email exists/, 'fieldmsg.email_taken', () => ({})],
  [/^is not a member this request knows$/, 'fieldmsg.unknown_member', () => ({})],
  [/^is not your current password$/, 'fieldmsg.not_current', () => ({})],
  // Duplicate flags (src/store/store_lists.c).
  [/^you already reported organisation \d+ as a duplicate of \d+$/, 'fieldmsg.dup_already', () => ({})],
  [/^(\S+: )?an organisation does not duplicate itself$/, 'fieldmsg.dup_self', () => ({})],
  [/^(\S+: )?organisation \d+ does not exist$/, 'fieldmsg.org_missing', () => ({})],
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
