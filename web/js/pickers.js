// pickers.js - form controls that choose from reference data: HS and ISIC
// codes with autocomplete in any of en/ru/zh (GET /api/v1/taxonomy/{hs,isic}?q=),
// countries (from /api/v1/countries, names in the UI language), and a city
// box with suggestions from the cities of the organisations of a country.
// The code picker follows the ARIA combobox pattern: arrows move through
// the suggestions, Enter adds one, Escape closes, chips have remove buttons.

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, getLang } from './i18n.js';
import { countryList, countryName, codeLabelText } from './refdata.js';
import { nextId } from './forms.js';

const DEBOUNCE_MS = 200;

/**
 * A multi-value code picker. Returns an element with .control (the text
 * input, for labels and errors) and .value() -> the chosen codes.
 */
export function codePicker(scheme, { id, codes = [], label } = {}) {
  const inputId = id || nextId(`pick-${scheme}`);
  const listId = `${inputId}-list`;
  let chosen = [...codes];
  let options = [];
  let active = -1;
  let timer = 0;
  let seq = 0;

  const chips = h('ul', { class: 'chips', 'aria-label': label || t(`picker.${scheme}_chosen`) });
  const input = h('input', {
    id: inputId, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: t(`picker.${scheme}_placeholder`), maxlength: 100,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': t('picker.suggestions') });
  const wrap = h('div', { class: 'picker', 'data-scheme': scheme }, chips, h('div', { class: 'picker-box' }, input, list));

  function renderChips() {
    replace(chips, chosen.map((code) => {
      const lab = h('span', { class: 'code-label' });
      codeLabelText(scheme, code).then((s) => { if (s) lab.textContent = ` ${s}`; });
      return h('li', { class: 'chip', 'data-code': code },
        h('span', { class: 'code-value' }, code), lab,
        h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('picker.remove', { code }), onclick: () => {
          chosen = chosen.filter((c) => c !== code);
          renderChips();
          input.focus();
        } }, '×'));
    }));
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    const items = list.querySelectorAll('[role=option]');
    items.forEach((el, k) => el.setAttribute('aria-selected', k === i ? 'true' : 'false'));
    active = i;
    if (i >= 0 && items[i]) {
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView?.({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(code) {
    if (!chosen.includes(code)) chosen.push(code);
    renderChips();
    input.value = '';
    close();
    input.focus();
  }

  function renderOptions() {
    const l = getLang();
    replace(list, options.length ? options.map((c, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-code': c.code, class: 'suggestion',
      onmousedown: (e) => { e.preventDefault(); pick(c.code); },
    }, h('span', { class: 'code-value' }, c.code), ' ', (c.label && (c.label[l] || c.label.en)) || ''))
      : h('li', { class: 'suggestion muted', role: 'presentation' }, t('picker.nothing')));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(options.length ? 0 : -1);
  }

  async function lookup() {
    const q = input.value.trim();
    const my = ++seq;
    if (!q) { close(); return; }
    // The server takes at most 200 bytes; a longer text is cut at a character.
    let cut = q;
    while (new TextEncoder().encode(cut).length > 200) cut = [...cut].slice(0, -1).join('');
    try {
      const body = await get(`taxonomy/${scheme}`, { q: cut, limit: 8 });
      if (my !== seq) return;
      options = body.codes || [];
      renderOptions();
    } catch {
      if (my === seq) close();
    }
  }

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(lookup, DEBOUNCE_MS); });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && options.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) { lookup(); return; }
      setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if (e.key === 'Enter') {
      if (open && active >= 0) { e.preventDefault(); pick(options[active].code); return; }
      // A code typed in full is taken as it is.
      const typed = input.value.trim();
      if (/^\d{2,6}$/.test(typed)) { e.preventDefault(); pick(typed); }
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  renderChips();
  wrap.control = input;
  wrap.id = `${inputId}-picker`;
  wrap.value = () => [...chosen];
  return wrap;
}

/** A <select> of the countries the server knows, by name in the UI language. */
export function countrySelect(name, value, { empty } = {}) {
  const items = countryList().map((c) => [c.iso2, countryName(c.iso2)]);
  items.sort((a, b) => a[1].localeCompare(b[1], getLang()));
  if (value && !items.some(([c]) => c === value)) items.unshift([value, countryName(value)]);
  const el = h('select', { name });
  if (empty !== undefined) append(el, h('option', { value: '' }, empty));
  for (const [code, text] of items) append(el, h('option', { value: code, selected: code === value || null }, text));
  return el;
}

/**
 * Checkboxes for several countries (a listing's targets), in a fieldset.
 * Returns the fieldset with .value() -> ISO codes.
 */
export function countryChecks(legend, values = []) {
  const items = countryList().map((c) => [c.iso2, countryName(c.iso2)]);
  items.sort((a, b) => a[1].localeCompare(b[1], getLang()));
  const chosen = new Set(values);
  const boxes = items.map(([code, text]) => {
    const id = nextId(`cc-${code}`);
    return h('li', null, h('input', { type: 'checkbox', id, value: code, checked: chosen.has(code) || null }),
      h('label', { for: id }, text));
  });
  const fs = h('fieldset', { class: 'checks' }, h('legend', null, legend), h('ul', { class: 'check-list' }, boxes));
  fs.value = () => [...fs.querySelectorAll('input:checked')].map((b) => b.value);
  return fs;
}

const cityCache = new Map();

/**
 * Fills datalist with the cities of organisations of country (from the
 * directory, GET /api/v1/organisations?country=); free text stays allowed.
 */
export async function fillCities(datalist, country) {
  if (!country) { replace(datalist); return; }
  if (!cityCache.has(country)) {
    cityCache.set(country, get('organisations', { country, limit: 50 })
      .then((b) => [...new Set((b.organisations || []).map((o) => o.city).filter(Boolean))].sort())
      .catch(() => []));
  }
  const cities = await cityCache.get(country);
  replace(datalist, cities.map((c) => h('option', { value: c })));
}
