// pickers.js - form controls that choose from reference data: HS and ISIC
// codes with autocomplete in any of en/ru/zh (GET /api/v1/taxonomy/{hs,isic}?q=),
// countries (from /api/v1/countries, names in the UI language), and a city
// picker on the gazetteer (GET /api/v1/cities?q=, any language or script)
// that also gives the chosen city's coordinates.
// The code picker follows the ARIA combobox pattern: arrows move through
// the suggestions, Enter adds one, Escape closes, chips have remove buttons.

import { get, getCached } from './api.js';
import { h, replace, append } from './dom.js';
import { t, getLang, fmtNumber } from './i18n.js';
import { countryList, countryName, codeLabelText } from './refdata.js';
import { nextId } from './forms.js';

const DEBOUNCE_MS = 200;

/**
 * The listbox of a combobox: close() hides it, setActive(i) marks option i
 * (aria-selected, aria-activedescendant, scrolled into view; -1 for none),
 * .active is the marked option's index.
 */
function listbox(input, list) {
  const box = {
    active: -1,
    close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      box.active = -1;
    },
    setActive(i) {
      const items = list.querySelectorAll('[role=option]');
      items.forEach((el, k) => el.setAttribute('aria-selected', k === i ? 'true' : 'false'));
      box.active = i;
      if (i >= 0 && items[i]) {
        input.setAttribute('aria-activedescendant', items[i].id);
        items[i].scrollIntoView?.({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    },
  };
  return box;
}

/**
 * A multi-value code picker. Returns an element with .control (the text
 * input, for labels and errors) and .value() -> the chosen codes.
 */
export function codePicker(scheme, { id, codes = [], label } = {}) {
  const inputId = id || nextId(`pick-${scheme}`);
  const listId = `${inputId}-list`;
  let chosen = [...codes];
  let options = [];
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

  const box = listbox(input, list);
  const close = box.close;
  const setActive = box.setActive;

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
      setActive((box.active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((box.active - 1 + options.length) % options.length);
    } else if (e.key === 'Enter') {
      if (open && box.active >= 0) { e.preventDefault(); pick(options[box.active].code); return; }
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

/** text cut to at most max bytes of UTF-8, at a character. */
export function cutBytes(text, max) {
  let cut = text;
  while (new TextEncoder().encode(cut).length > max) cut = [...cut].slice(0, -1).join('');
  return cut;
}

/** The city's name in the reader's language (the English one when it has none). */
export function cityNameIn(c, l = getLang()) {
  return c[`name_${l}`] || c.name_en || c.name || '';
}

const near = (a, b) => Math.abs(Number(a) - Number(b)) < 0.01;

/**
 * The gazetteer city an organisation's city is, when it was chosen from
 * the picker: its text is one of the city's names and its coordinates are
 * the city's. Resolves to the city ({id, name_en, ...}) or null; never
 * rejects. Free text and cities without coordinates give null.
 */
export async function gazetteerCity({ city, country, lat, lon }) {
  const text = String(city || '').trim();
  if (!text || typeof lat !== 'number' || typeof lon !== 'number' || new TextEncoder().encode(text).length > 100) return null;
  try {
    const b = await getCached('cities', { q: text, country: /^[A-Z]{2}$/.test(country || '') ? country : undefined, limit: 20 });
    const low = text.toLocaleLowerCase();
    return (b.cities || []).find((c) => [c.name, c.name_en, c.name_ru, c.name_zh, c.local]
      .some((n) => n && n.toLocaleLowerCase() === low) && near(c.lat, lat) && near(c.lon, lon)) || null;
  } catch {
    return null;
  }
}

/**
 * The city of an organisation, in the reader's language when it is a
 * gazetteer city chosen with the picker, else as written. Returns an
 * element at once; its text changes when the gazetteer answers.
 */
export function cityText(o) {
  const el = h('span', { class: 'city' }, o.city || '');
  gazetteerCity(o).then((c) => {
    if (!c) return;
    const name = cityNameIn(c);
    if (name && name !== o.city) {
      el.textContent = name;
      el.title = o.city;
    }
    el.dataset.city = c.id;
  });
  return el;
}

/**
 * The city of an organisation: a text box with suggestions from the
 * gazetteer (GET /api/v1/cities?q=, any language or script, of the
 * country country() returns when it returns one), following the ARIA
 * combobox pattern like codePicker. Choosing a suggestion writes the
 * city's name in the reader's language and keeps its coordinates; text
 * typed without choosing stays allowed and has none. Returns an element
 * with .control (the input) and .coords() -> {lat, lon} or null:
 * the chosen city's, else the record's own (lat, lon) while its city text
 * is unchanged, else null.
 */
export function cityPicker({ id, value = '', lat, lon, country = () => '', onPick } = {}) {
  const inputId = id || nextId('city');
  const listId = `${inputId}-list`;
  const hasOwn = typeof lat === 'number' && typeof lon === 'number';
  const own = { text: value || '', lat, lon };
  let picked = null; // {text, lat, lon, country, city}
  let options = [];
  let timer = 0;
  let seq = 0;

  const input = h('input', {
    id: inputId, name: 'city', type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, maxlength: 200,
    placeholder: t('picker.city_placeholder'),
  });
  input.value = value || '';
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': t('picker.city_suggestions') });
  const status = h('p', { class: 'city-coords hint', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'picker city-picker' }, h('div', { class: 'picker-box' }, input, list), status);

  function coords() {
    const text = input.value.trim();
    if (picked && text === picked.text) return { lat: picked.lat, lon: picked.lon };
    if (hasOwn && text === own.text.trim()) return { lat: own.lat, lon: own.lon };
    return null;
  }

  function showStatus(c) {
    const at = coords();
    delete status.dataset.lat;
    delete status.dataset.lon;
    delete status.dataset.city;
    if (!input.value.trim()) { status.textContent = ''; return; }
    if (!at) { status.textContent = t('picker.city_free'); return; }
    status.dataset.lat = at.lat;
    status.dataset.lon = at.lon;
    if (c) status.dataset.city = c.id;
    const where = c ? `${cityNameIn(c)}, ${countryName(c.country)}` : input.value.trim();
    status.textContent = t('picker.city_chosen', { city: where, lat: fmtNumber(at.lat, { maximumFractionDigits: 2 }), lon: fmtNumber(at.lon, { maximumFractionDigits: 2 }) });
  }

  const box = listbox(input, list);
  const close = box.close;
  const setActive = box.setActive;

  function pick(c) {
    const text = cityNameIn(c);
    picked = { text, lat: c.lat, lon: c.lon, country: c.country, city: c };
    input.value = text;
    close();
    showStatus(c);
    onPick?.(c);
    input.focus();
  }

  function renderOptions() {
    replace(list, options.length ? options.map((c, i) => {
      const main = cityNameIn(c);
      const extra = [c.name !== main ? c.name : null, c.local !== main && c.local !== c.name ? c.local : null].filter(Boolean);
      return h('li', {
        id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-city': c.id, 'data-country': c.country, class: 'suggestion',
        onmousedown: (e) => { e.preventDefault(); pick(c); },
      }, h('span', { class: 'city-name' }, main), extra.length ? h('span', { class: 'muted' }, ` (${extra.join(', ')})`) : null,
      h('span', { class: 'muted' }, ` — ${countryName(c.country)}`));
    }) : h('li', { class: 'suggestion muted', role: 'presentation' }, t('picker.city_nothing')));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(options.length ? 0 : -1);
  }

  async function lookup() {
    const q = cutBytes(input.value.trim(), 100);
    const my = ++seq;
    if (!q) { close(); return; }
    const cc = country();
    try {
      const body = await getCached('cities', { q, country: /^[A-Z]{2}$/.test(cc || '') ? cc : undefined, limit: 8 });
      if (my !== seq) return;
      options = body.cities || [];
      renderOptions();
    } catch {
      if (my === seq) close();
    }
  }

  input.addEventListener('input', () => {
    if (picked && input.value.trim() !== picked.text) picked = null;
    showStatus(picked?.city);
    clearTimeout(timer);
    timer = setTimeout(lookup, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && options.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) { lookup(); return; }
      setActive((box.active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((box.active - 1 + options.length) % options.length);
    } else if (e.key === 'Enter' && open && box.active >= 0) {
      e.preventDefault();
      pick(options[box.active]);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  // A record whose city is a gazetteer city says so (in the reader's language).
  if (hasOwn && own.text) {
    showStatus(null);
    gazetteerCity({ city: own.text, country: country(), lat, lon }).then((c) => { if (c && !picked) showStatus(c); });
  } else {
    showStatus(null);
  }

  wrap.control = input;
  wrap.coords = coords;
  /** The country changed: a chosen city of another country no longer holds. */
  wrap.countryChanged = (cc) => {
    if (picked && cc && picked.country !== cc) { picked = null; showStatus(null); }
  };
  return wrap;
}
