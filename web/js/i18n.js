// i18n.js - the UI language: message catalogues (web/i18n/<lang>.json),
// the choice of language (localStorage, else navigator.languages, else
// English), <html lang>, and number/date formatting with Intl.

export const LANGS = ['en', 'ru', 'zh'];
const STORE_KEY = 'hamkor.lang';

let lang = 'en';
let messages = {};
let fallback = {};
const listeners = new Set();

/** The language to start with: the remembered one, else the browser's. */
export function preferredLang() {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage may be disabled */ }
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

async function loadCatalogue(l) {
  const resp = await fetch(`/i18n/${l}.json`, { headers: { Accept: 'application/json' } });
  if (!resp.ok) throw new Error(`catalogue ${l}: HTTP ${resp.status}`);
  return resp.json();
}

/** Switches the UI language; remember=true stores the choice. */
export async function setLang(l, { remember = false } = {}) {
  if (!LANGS.includes(l)) l = 'en';
  const [m, fb] = await Promise.all([loadCatalogue(l), l === 'en' ? null : (Object.keys(fallback).length ? fallback : loadCatalogue('en'))]);
  messages = m;
  fallback = l === 'en' ? m : fb;
  lang = l;
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : l;
  if (remember) {
    try { localStorage.setItem(STORE_KEY, l); } catch { /* ignore */ }
  }
  applyStatic(document);
  for (const fn of listeners) fn(l);
}

export function getLang() { return lang; }
export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

/** The message for key with {name} placeholders filled; the key itself if missing. */
export function t(key, params) {
  let s = messages[key] ?? fallback[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

/** Whether the catalogue has a message for key. */
export function has(key) { return key in messages || key in fallback; }

/** Fills every [data-i18n] element's text and [data-i18n-title|-aria-label|-placeholder] attribute. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['title', 'placeholder', 'aria-label']) {
    const data = 'i18n' + attr.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data]));
  }
}

const locale = () => (lang === 'zh' ? 'zh-CN' : lang);

export function fmtNumber(n, opts) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n ?? '');
  return new Intl.NumberFormat(locale(), opts).format(n);
}

export function fmtPercent(x) { return fmtNumber(x, { style: 'percent', maximumFractionDigits: 0 }); }

export function fmtKm(n) {
  return fmtNumber(Math.round(n), { style: 'unit', unit: 'kilometer', unitDisplay: 'short' });
}

/** A date "YYYY-MM-DD" (or ISO timestamp) in the reader's style; the input as is when not a date. */
export function fmtDate(s) {
  if (!s) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(s + 'T00:00:00Z') : new Date(s);
  if (Number.isNaN(d.getTime())) return String(s);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: /T/.test(s) ? undefined : 'UTC' }).format(d);
}

/** The name of a language ("ru" -> "Russian" / "русский" / "俄语"). */
export function languageName(code) {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale()], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

/** The region name Intl knows for an ISO 3166 code, used when the API has none. */
export function regionName(iso2) {
  try {
    return new Intl.DisplayNames([locale()], { type: 'region' }).of(iso2) || iso2;
  } catch {
    return iso2;
  }
}

/** A list in the reader's style ("A, B and C" / "A, B и C" / "A、B和C"). */
export function fmtList(items) {
  try {
    return new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items.map(String));
  } catch {
    return items.join(', ');
  }
}

/** A time "2026-11-23T09:30:00Z" as date and time in the reader's style and time zone. */
export function fmtDateTime(s) {
  if (!s) return '';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return String(s);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
