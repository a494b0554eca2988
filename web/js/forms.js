// forms.js - labelled form controls and the placing of the API's field
// errors next to the control they are about. Every control is wrapped in
// a .field element carrying data-field = the name the API uses for it
// ("email", "texts[0].title"), so errors[].field finds its place.

import { h, replace, append } from './dom.js';
import { t, has } from './i18n.js';
import { errorBlock, fieldMessage } from './errors.js';
import { render } from './router.js';

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/**
 * A labelled control: {name, label, control (an element, or built from type),
 * hint, required}; box, when given, is what is shown in place of the control
 * (a picker around it). Returns the .field wrapper; wrapper.control is the input.
 */
export function field({ name, label, control, box, type = 'text', hint, required, value, attrs }) {
  const id = control?.id || nextId('f');
  const input = control || h(type === 'textarea' ? 'textarea' : 'input',
    { id, name, type: type === 'textarea' ? null : type, required: required || null, ...(attrs || {}) });
  input.id = id;
  if (value !== undefined && value !== null && 'value' in input) input.value = value;
  const errId = `${id}-err`;
  const hintId = hint ? `${id}-hint` : null;
  input.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  const isCheck = input.type === 'checkbox' || input.type === 'radio';
  const lab = h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
  const wrap = h('div', { class: `field${isCheck ? ' field-check' : ''}`, 'data-field': name },
    isCheck ? [input, lab] : [lab, box || input],
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errId, hidden: true }));
  wrap.control = input;
  return wrap;
}

/** A <select> of [value, text] pairs. */
export function select(name, options, value, attrs) {
  const el = h('select', { name, ...(attrs || {}) },
    options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') || null }, text)));
  return el;
}

/** A <select> of the values of an enum, labelled from the catalogue (prefix.value). */
export function enumSelect(name, prefix, values, value, { empty } = {}) {
  const opts = values.map((v) => [v, has(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : v]);
  if (empty) opts.unshift(['', empty]);
  return select(name, opts, value);
}

/** Removes the errors shown in form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.form-error')) replace(el);
}

// "texts[0].title" -> ["texts[0].title", "texts[0]", "texts"]
function candidates(path) {
  const out = [path];
  let p = path;
  while (/[.[]/.test(p)) {
    p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (!p || out.includes(p)) break;
    out.push(p);
  }
  return out;
}

/**
 * Shows an ApiError in form: each errors[] entry next to the control whose
 * data-field matches (or its nearest enclosing field), the problem's kind in
 * the form's .form-error block, and focus on the first invalid control.
 */
export function showErrors(form, err, retry) {
  clearErrors(form);
  const top = form.querySelector('.form-error');
  const unplaced = [];
  let first = null;
  for (const e of err?.errors || []) {
    let wrap = null;
    for (const c of candidates(e.field || '')) {
      wrap = form.querySelector(`[data-field="${CSS.escape(c)}"]`);
      if (wrap) break;
    }
    const slot = wrap && [...wrap.querySelectorAll('.field-error')].find((x) => x.closest('[data-field]') === wrap);
    if (!slot) { unplaced.push(e); continue; }
    const msg = fieldMessage(e.message);
    slot.textContent = slot.textContent ? `${slot.textContent} ${msg}` : msg;
    slot.hidden = false;
    const control = wrap.control || wrap.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first = first || control;
    }
  }
  if (top) replace(top, errorBlock({ kind: err?.kind, status: err?.status, errors: unplaced }, retry));
  if (first) {
    first.focus();
  } else {
    const block = top?.querySelector('.error');
    block?.setAttribute('tabindex', '-1');
    block?.focus();
  }
}

/**
 * A mistake caught before sending (two passwords differ, nothing chosen):
 * message under the control of data-field name, as showErrors puts the
 * server's, but without the block at the top (no request was refused).
 * Focus goes to the control, else to fallback.
 */
export function showFieldError(form, name, message, fallback) {
  showErrors(form, { kind: 'invalid', errors: [{ field: name, message }] });
  for (const el of form.querySelectorAll('.form-error')) replace(el);
  const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!wrap?.querySelector('[aria-invalid="true"]')) fallback?.focus();
}

/** The block at the top of a form where errors without a field go. */
export function formErrorSlot() {
  return h('div', { class: 'form-error', 'aria-live': 'polite' });
}

/** A success/status note that screen readers announce. */
export function statusNote(text) {
  return h('p', { class: 'note', role: 'status' }, text);
}

/**
 * Wires a form's submit: prevents the default, disables the submit button
 * while action() runs, shows errors it throws (ApiError). action returns
 * a promise.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const buttons = [...form.querySelectorAll('button[type=submit]')];
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    clearErrors(form);
    try {
      await action(e);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      if (!err?.kind) console.error(err);
      // A record changed elsewhere: offer to load the new version.
      const reload = err?.kind === 'precondition_failed' || err?.kind === 'precondition_required' ? () => render() : undefined;
      showErrors(form, err?.kind ? err : { kind: 'unknown' }, reload);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      form.setAttribute('aria-busy', 'false');
    }
  });
  return form;
}

/** Trimmed value of a control, or null when empty. */
export function val(control) {
  const v = (control?.value ?? '').trim();
  return v === '' ? null : v;
}

/** Splits "ru, en zh" into ["ru", "en", "zh"]. */
export function words(s) {
  return String(s || '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
}

/** Appends a note that the action went through, replacing the previous one. */
export function done(container, text) {
  const old = container.querySelector(':scope > .note');
  if (old) old.remove();
  append(container, statusNote(text));
}
