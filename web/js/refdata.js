// refdata.js - reference data the pages label things with: country names
// (from /api/v1/countries) and HS/ISIC code labels (from /api/v1/taxonomy),
// fetched once and kept for the life of the page.

import { get, getCached, forgetCached } from './api.js';
import { getLang, regionName } from './i18n.js';

let countries = null; // Map iso2 -> country record

export async function loadCountries({ fresh = false } = {}) {
  if (countries) return countries;
  try {
    const body = fresh ? await get('countries') : await getCached('countries');
    countries = new Map((body.countries || []).map((c) => [c.iso2, c]));
  } catch {
    countries = new Map(); // names fall back to Intl's
  }
  return countries;
}

/** The country's name in the UI language (needs loadCountries() first for the API's names). */
export function countryName(iso2) {
  if (!iso2) return '';
  const c = countries?.get(iso2);
  const name = c && (c[`name_${getLang()}`] || c.name_en);
  return name || regionName(iso2);
}

/** The country records the server knows (after loadCountries()). */
export function countryList() { return countries ? [...countries.values()] : []; }

/** Forgets the country names so that the next loadCountries() asks again (after an edit). */
export function reloadCountries() {
  countries = null;
  return loadCountries({ fresh: true });
}

export function countryStatus(iso2) { return countries?.get(iso2)?.status || null; }

const labels = new Map(); // "hs:7616" -> Promise<{en,ru,zh}|null>

/**
 * The label of an HS or ISIC code ({en, ru, zh}), or null when the taxonomy
 * does not know it. scheme is 'hs' or 'isic'.
 */
export function codeLabel(scheme, code) {
  const key = `${scheme}:${code}`;
  if (!labels.has(key)) {
    const p = getCached(`taxonomy/${scheme}`, { q: code, limit: 3 })
      .then((body) => (body.codes || []).find((c) => c.code === code)?.label || null)
      .catch(() => null);
    labels.set(key, p);
  }
  return labels.get(key);
}

/**
 * Forgets what was fetched about scheme's codes (after the secretariat
 * changed code's wording), so that the next label is asked for again.
 */
export function forgetCodeLabel(scheme, code) {
  labels.delete(`${scheme}:${code}`);
  forgetCached(`taxonomy/${scheme}`);
}

/** The label in the UI language, or '' (resolves; never rejects). */
export async function codeLabelText(scheme, code) {
  const l = await codeLabel(scheme, code);
  return l ? l[getLang()] || l.en || '' : '';
}

// Sections of HS 2022 and ISIC Rev.4 by their first and last chapter or
// division, so that a chapter can be shown under its section.
const HS_SECTIONS = [
  ['I', 1, 5], ['II', 6, 14], ['III', 15, 15], ['IV', 16, 24], ['V', 25, 27], ['VI', 28, 38],
  ['VII', 39, 40], ['VIII', 41, 43], ['IX', 44, 46], ['X', 47, 49], ['XI', 50, 63], ['XII', 64, 67],
  ['XIII', 68, 70], ['XIV', 71, 71], ['XV', 72, 83], ['XVI', 84, 85], ['XVII', 86, 89],
  ['XVIII', 90, 92], ['XIX', 93, 93], ['XX', 94, 96], ['XXI', 97, 97],
];
const ISIC_SECTIONS = [
  ['A', 1, 3], ['B', 5, 9], ['C', 10, 33], ['D', 35, 35], ['E', 36, 39], ['F', 41, 43], ['G', 45, 47],
  ['H', 49, 53], ['I', 55, 56], ['J', 58, 63], ['K', 64, 66], ['L', 68, 68], ['M', 69, 75],
  ['N', 77, 82], ['O', 84, 84], ['P', 85, 85], ['Q', 86, 88], ['R', 90, 93], ['S', 94, 96],
  ['T', 97, 98], ['U', 99, 99],
];

/**
 * The parent of a code in its hierarchy, or null for a section:
 * HS 7616 -> 76 -> XV; ISIC 243 -> 24 -> C.
 */
export function parentCode(scheme, code) {
  if (!/^\d+$/.test(code)) return null; // a section
  if (code.length > 2) return code.slice(0, scheme === 'hs' ? code.length - 2 : code.length - 1);
  const n = Number(code);
  const table = scheme === 'hs' ? HS_SECTIONS : ISIC_SECTIONS;
  return table.find(([, lo, hi]) => n >= lo && n <= hi)?.[0] || null;
}
