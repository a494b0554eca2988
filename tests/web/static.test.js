// static.test.js - checks of web/ that need no server: the message
// catalogues agree with each other and with the code, user text is never
// parsed as HTML, and nothing is loaded from outside the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const LANGS = ['en', 'ru', 'zh'];
const cat = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const jsFiles = readdirSync(join(web, 'js')).filter((f) => f.endsWith('.js'));
const js = Object.fromEntries(jsFiles.map((f) => [f, readFileSync(join(web, 'js', f), 'utf8')]));
const html = readFileSync(join(web, 'index.html'), 'utf8');
const css = readFileSync(join(web, 'css', 'app.css'), 'utf8');
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the catalogues en, ru and zh have the same keys', () => {
  const keys = Object.keys(cat.en).sort();
  for (const l of LANGS) assert.deepEqual(Object.keys(cat[l]).sort(), keys, `${l}.json keys differ from en.json`);
});

test('every message is a non-empty string with the same placeholders in each language', () => {
  for (const key of Object.keys(cat.en)) {
    for (const l of LANGS) {
      assert.equal(typeof cat[l][key], 'string', `${l}:${key}`);
      assert.ok(cat[l][key].trim().length > 0, `${l}:${key} is empty`);
      assert.deepEqual(placeholders(cat[l][key]), placeholders(cat.en[key]), `${l}:${key} placeholders`);
    }
  }
});

test('ru and zh are translated, not copies of en', () => {
  for (const l of ['ru', 'zh']) {
    const same = Object.keys(cat.en).filter((k) => cat[l][k] === cat.en[k]);
    assert.ok(same.length <= 3, `${l}.json repeats English for ${same.join(', ')}`);
  }
});

test('every literal key the code and index.html use is in the catalogue', () => {
  const used = new Set();
  for (const src of Object.values(js)) for (const m of src.matchAll(/\bt\('([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]);
  for (const m of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) used.add(m[1]);
  assert.ok(used.size > 50, `found only ${used.size} keys in use`);
  const missing = [...used].filter((k) => !(k in cat.en));
  assert.deepEqual(missing, []);
});

test('every value of the API enums has a label', () => {
  const enums = {
    direction: ['offer', 'request'],
    kind: ['coproduction', 'subcontracting', 'supply', 'technology', 'investment', 'research'],
    org_type: ['enterprise', 'state_agency', 'research', 'university', 'business_association', 'cluster', 'financial', 'medical', 'other'],
    tier: ['self_declared', 'registry_checked', 'coordinator_endorsed'],
    tier_help: ['self_declared', 'registry_checked', 'coordinator_endorsed'],
    origin: ['original', 'human', 'machine'],
    facet: ['direction', 'kind', 'country', 'org_type', 'sme', 'tier', 'hs', 'isic'],
    error: ['invalid', 'not_found', 'conflict', 'forbidden', 'too_big', 'internal', 'network', 'bad_response', 'unknown'],
    reason: ['same_hs_heading', 'same_hs_chapter', 'value_chain', 'text_similarity', 'quantity_fit', 'certification', 'target_country', 'distance_km', 'rail_km', 'verified'],
  };
  for (const [prefix, values] of Object.entries(enums)) for (const v of values) assert.ok(`${prefix}.${v}` in cat.en, `${prefix}.${v}`);
});

test('no HTML parsing of strings in the UI code', () => {
  for (const [f, src] of Object.entries(js)) {
    const code = src.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment/, f);
  }
});

test('nothing is loaded from outside the server, and the page sets a strict CSP', () => {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(csp, 'no CSP meta tag');
  assert.match(csp[1], /default-src 'self'/);
  assert.doesNotMatch(csp[1], /unsafe-inline|unsafe-eval|\*/);
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
  assert.doesNotMatch(css, /url\(|@import|@font-face/);
  for (const [f, src] of Object.entries(js)) assert.doesNotMatch(src, /(fetch|import)\s*\(\s*['"`]https?:/, f);
});
