// repeat.js - a list of rows of fields in a form (an organisation's names,
// certifications, capabilities; a listing's texts and quantities), with
// "add" and "remove" buttons. Each row's fields carry data-field names
// with the row's index ("names[1].text"), renumbered when a row goes, so
// that the API's field errors land on the right row.

import { h, append } from './dom.js';
import { t } from './i18n.js';

/**
 * repeater({name, legend, addLabel, items, make, min})
 * make(item, index) -> {el, get()}; get() returns the row's record (an empty
 * row is sent too, so the server's errors keep the row numbers). Returns the fieldset with .value().
 */
export function repeater({ name, legend, addLabel, items = [], make, min = 0, blank = () => ({}) }) {
  const rows = [];
  const list = h('div', { class: 'rows' });
  const fs = h('fieldset', { class: 'repeat', 'data-field': name },
    h('legend', null, legend), list,
    h('p', { class: 'field-error', hidden: true }),
    h('p', null, h('button', { type: 'button', class: 'button button-small', onclick: () => add(blank(), true) }, addLabel)));

  function renumber() {
    rows.forEach((row, i) => {
      row.wrap.setAttribute('data-field', `${name}[${i}]`);
      for (const el of row.wrap.querySelectorAll('[data-field]')) {
        el.setAttribute('data-field', el.getAttribute('data-field').replace(/^[a-z_]+\[\d+\]/, `${name}[${i}]`));
      }
      row.remove.hidden = rows.length <= min;
      row.remove.setAttribute('aria-label', t('form.remove_row', { n: i + 1 }));
    });
  }

  function add(item, focus) {
    const index = rows.length;
    const made = make(item, index);
    const remove = h('button', { type: 'button', class: 'button button-small button-remove' }, t('form.remove'));
    const wrap = h('div', { class: 'row', 'data-field': `${name}[${index}]` }, made.el, h('p', { class: 'field-error', hidden: true }), remove);
    const row = { wrap, remove, get: made.get };
    remove.addEventListener('click', () => {
      const i = rows.indexOf(row);
      rows.splice(i, 1);
      wrap.remove();
      renumber();
      (rows[Math.min(i, rows.length - 1)]?.wrap.querySelector('input, select, textarea') || fs.querySelector('button'))?.focus();
    });
    rows.push(row);
    append(list, wrap);
    renumber();
    if (focus) wrap.querySelector('input, select, textarea')?.focus();
  }

  for (const item of items) add(item, false);
  while (rows.length < min) add(blank(), false);
  fs.value = () => rows.map((r) => r.get());
  return fs;
}
