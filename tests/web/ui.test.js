// ui.test.js - the web UI in Debian's Chromium against the real server
// (tests/web/run.sh starts it and sets HAMKOR_URL). Every page is checked
// for console errors and for requests that leave the server.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { PAYLOAD_WORD, PAYLOAD_TITLE } from './lib/payload.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const LOCALE = { en: 'en', ru: 'ru', zh: 'zh-CN' };
const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';

/** Waits until the search results show query q (and, if after is given, a newer render). */
async function searchDone(page, q, after = 0) {
  await page.waitForFunction(([query, seq]) => {
    const r = document.querySelector('.results');
    return r && r.dataset.query === query && Number(r.dataset.seq || 0) > seq && r.getAttribute('aria-busy') === 'false';
  }, [q, after], { timeout: 15000 });
}

async function seqOf(page) {
  return Number(await page.locator('.results').getAttribute('data-seq')) || 0;
}

async function typeQuery(page, q) {
  const before = await seqOf(page).catch(() => 0);
  await page.fill('#q', q);
  await searchDone(page, q, before);
}

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'console errors or outside requests');
}

/** Finds, through the API, a Chinese query that finds a Russian listing. */
async function crossLingualQuery() {
  const all = await api('/api/v1/search?q=&limit=100');
  const ru = all.hits.filter((h) => h.lang === 'ru' && h.hs?.length);
  const tried = new Set();
  for (const hit of ru) {
    for (const code of hit.hs) {
      if (tried.has(code) || tried.size > 40) continue;
      tried.add(code);
      const tax = await api(`/api/v1/taxonomy/hs?q=${encodeURIComponent(code)}&limit=3`);
      const label = tax.codes.find((c) => c.code === code)?.label?.zh;
      if (!label) continue;
      // The label itself, then its first words: shorter queries are what people type.
      // Han characters only (no Latin abbreviations such as "PVC" that would match
      // English titles by their letters), the first words first: what people type.
      const first = label.split(/[，、,；;（(及和]/)[0];
      for (const q of [first, label]) {
        if (!q || q.length < 2 || /[A-Za-z0-9]/.test(q)) continue;
        const res = await api(`/api/v1/search?q=${encodeURIComponent(q)}&limit=20`);
        const found = res.hits.find((h) => h.lang === 'ru');
        if (found) return { q, listing: found };
      }
    }
  }
  return null;
}

/** A listing that has matches, with at least one reason. */
async function listingWithMatches() {
  const all = await api('/api/v1/search?q=&limit=60');
  let best = null;
  for (const hit of all.hits) {
    const m = await api(`/api/v1/listings/${hit.id}/matches`);
    if (m.matches?.some((x) => x.reasons?.length)) {
      const km = m.matches.some((x) => x.reasons.some((r) => (r.distance_km ?? r.rail_km) >= 1000));
      if (!best) best = { id: hit.id, matches: m.matches };
      if (km) return { id: hit.id, matches: m.matches };
    }
  }
  return best;
}

describe('web UI', { skip }, () => {
  let browser;
  let context;
  before(async () => {
    browser = await launch({ locale: 'en-US' });
    context = browser.context;
  });
  after(async () => { await browser?.close(); });
  // Each test starts without a remembered language, whatever the last one did.
  afterEach(async () => {
    const page = await context.newPage();
    await page.goto(BASE + '/favicon.svg');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  test('the home page loads in English with facets and results, and no console errors', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal((await page.locator('h1').textContent()).trim(), cat.en['search.heading']);
    assert.ok(await page.locator('.hit').count() > 0, 'no results on the home page');
    assert.ok(await page.locator('.facets input[type=checkbox]').count() > 0, 'no facet checkboxes');
    // Every facet checkbox has a label.
    const unlabelled = await page.$$eval('.facets input[type=checkbox]', (els) => els.filter((e) => !e.labels?.length).length);
    assert.equal(unlabelled, 0);
    await page.screenshot({ path: shotPath('home-en'), fullPage: true });
    noProblems(page);
    await page.close();
  });

  test('a Chinese query finds a Russian listing (found through its HS code)', async () => {
    const found = await crossLingualQuery();
    assert.ok(found, 'no Chinese HS label of a Russian listing finds it through the API');
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    await page.click('#q');
    await page.keyboard.type(found.q, { delay: 30 }); // search-as-you-type, debounced
    await searchDone(page, found.q);
    const ruHits = page.locator('.hit[data-lang="ru"]');
    assert.ok(await ruHits.count() > 0, `no Russian listing shown for ${found.q}`);
    const text = await page.locator(`.hit[data-id="${found.listing.id}"]`).textContent();
    assert.match(text, new RegExp(cat.en['listing.written_in'].replace('{language}', 'Russian')));
    if (found.listing.cross_lingual) {
      assert.ok(await page.locator(`.hit[data-id="${found.listing.id}"] .badge-cross`).count() === 1, 'no cross-lingual badge');
    }
    assert.equal(new URL(page.url()).searchParams.get('q'), found.q);
    await page.screenshot({ path: shotPath('search-cross-lingual-en'), fullPage: true });
    noProblems(page);
    await page.close();
  });

  test('results mark the matched words with <mark>', async () => {
    const page = await newPage(context);
    const first = (await api('/api/v1/search?q=&limit=1')).hits[0];
    const word = first.title.split(/\s+/).find((w) => w.length >= 4) || first.title;
    await page.goto(BASE + '/?q=' + encodeURIComponent(word));
    await searchDone(page, word);
    assert.ok(await page.locator('.hit-title mark').count() > 0, `no highlight for ${word}`);
    noProblems(page);
    await page.close();
  });

  test('near-identical listings of one organisation show as one result, "and N similar", in en/ru/zh', async () => {
    // A query whose first page has a collapsed hit: the empty one, or the title of one of its hits.
    let found = null;
    const first = await api('/api/v1/search?q=&limit=20');
    const h0 = first.hits.find((h) => h.similar?.count);
    if (h0) found = { q: '', hit: h0 };
    for (const hit of first.hits) {
      if (found) break;
      const res = await api('/api/v1/search?limit=20&q=' + encodeURIComponent(hit.title));
      const h = res.hits.find((x) => x.similar?.count);
      if (h) found = { q: hit.title, hit: h };
    }
    assert.ok(found, 'no search of the demo data has near-identical listings of one organisation');
    const page = await newPage(context);
    await page.goto(BASE + '/?q=' + encodeURIComponent(found.q));
    await searchDone(page, found.q);
    for (const l of ['en', 'ru', 'zh']) {
      if (l !== 'en') {
        await page.selectOption('#lang-select', l);
        await page.waitForFunction((want) => document.querySelector('h1')?.textContent === want, cat[l]['search.heading']);
        await searchDone(page, found.q, 0);
      }
      const line = page.locator(`.hit[data-id="${found.hit.id}"] .hit-similar`);
      assert.equal(await line.count(), 1, `${l}: no "similar" line`);
      const n = new Intl.NumberFormat(LOCALE[l]).format(found.hit.similar.count);
      assert.equal((await line.textContent()).trim(), cat[l]['hit.similar'].replace('{n}', n));
      assert.equal(await line.getAttribute('data-similar'), String(found.hit.similar.count));
    }
    // The collapsed listings are not results of their own.
    for (const id of found.hit.similar.ids) assert.equal(await page.locator(`.hit[data-id="${id}"]`).count(), 0);
    await page.selectOption('#lang-select', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    noProblems(page);
    await page.close();
  });

  test('facets filter the results and can be cleared', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    const total = Number(await page.locator('#summary').getAttribute('data-total'));
    const box = page.locator('.facet-country input[type=checkbox]').first();
    const value = await box.getAttribute('value');
    const label = await page.locator(`label[for="${await box.getAttribute('id')}"] .count`).textContent();
    const expected = Number(label.replace(/\D/g, ''));
    let seq = await seqOf(page);
    await box.check();
    await searchDone(page, '', seq);
    const filtered = Number(await page.locator('#summary').getAttribute('data-total'));
    assert.equal(filtered, expected, 'the total after filtering is the facet count');
    assert.ok(filtered < total, 'filtering did not narrow the results');
    const countries = await page.$$eval('.hit .country', (els) => els.map((e) => e.dataset.country));
    assert.ok(countries.length > 0 && countries.every((c) => c === value), `hits from other countries: ${countries}`);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('country'), [value]);
    assert.ok(await page.locator(`.facet-country input[value="${value}"]`).isChecked());
    // A second facet narrows further (AND across facets).
    const dir = page.locator('.facet-direction input[type=checkbox]').first();
    seq = await seqOf(page);
    await dir.check();
    await searchDone(page, '', seq);
    const dirValue = await dir.getAttribute('value');
    const dirs = await page.$$eval('.hit .badges [data-direction]', (els) => els.map((e) => e.dataset.direction));
    assert.ok(dirs.every((d) => d === dirValue));
    // Back in history undoes the last filter.
    seq = await seqOf(page);
    await page.goBack();
    await searchDone(page, '', 0);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('direction'), []);
    // Clear all.
    seq = await seqOf(page);
    await page.click('.facets-head button');
    await searchDone(page, '', seq);
    assert.equal(Number(await page.locator('#summary').getAttribute('data-total')), total);
    noProblems(page);
    await page.close();
  });

  test('"more results" appends the page the API gives for next_cursor', async () => {
    // A word of a frequent title, so that there is more than one page.
    const word = 'supply';
    const first = await api(`/api/v1/search?q=${word}&limit=20`);
    assert.ok(first.next_cursor, `"${word}" has only one page`);
    const second = await api(`/api/v1/search?q=${word}&limit=20&cursor=${encodeURIComponent(first.next_cursor)}`);
    const page = await newPage(context);
    await page.goto(BASE + '/?q=' + word);
    await searchDone(page, word);
    const more = page.locator('.more button');
    assert.equal(await more.count(), 1, 'no "more results" button');
    const req = page.waitForRequest((r) => r.url().includes('/api/v1/search') && new URL(r.url()).searchParams.get('cursor') === first.next_cursor);
    await more.click();
    await req;
    await page.waitForFunction((n) => document.querySelectorAll('.hit').length > n, first.hits.length);
    const ids = await page.$$eval('.hit', (els) => els.map((e) => Number(e.dataset.id)));
    assert.deepEqual(ids, [...first.hits, ...second.hits].map((h) => h.id));
    // Focus moves to the first new result.
    assert.equal(await page.evaluate(() => document.activeElement.closest('.hit')?.dataset.id), String(second.hits[0].id));
    noProblems(page);
    await page.close();
  });

  test('search-as-you-type waits for a pause and drops stale answers', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    const searches = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/search')) searches.push(new URL(r.url()).searchParams.get('q')); });
    const seq = await seqOf(page);
    await page.click('#q');
    await page.keyboard.type('aluminium', { delay: 40 }); // faster than the 250 ms pause
    await searchDone(page, 'aluminium', seq);
    // One request per pause (a slow machine may see one pause mid-word), not one per key.
    assert.ok(searches.length >= 1 && searches.length <= 2, `requests: ${JSON.stringify(searches)}`);
    assert.equal(searches.at(-1), 'aluminium');
    // A new query while one is in flight: only the last one's results are shown.
    searches.length = 0;
    await page.fill('#q', 'cotton');
    await page.waitForTimeout(260);
    await page.fill('#q', 'copper');
    await searchDone(page, 'copper');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.results').getAttribute('data-query'), 'copper');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'copper');
    noProblems(page);
    await page.close();
  });

  test('the second page of the home page does not repeat the first', async () => {
    const first = await api('/api/v1/search?q=&limit=20');
    const second = await api(`/api/v1/search?q=&limit=20&cursor=${first.next_cursor}`);
    const ids = new Set(first.hits.map((h) => h.id));
    assert.equal(second.hits.filter((h) => ids.has(h.id)).length, 0);
  });

  test('enum facets (kind, organisation type, tier) show their labels and filter', async () => {
    const body = await api('/api/v1/search?q=&facets=1&limit=1');
    const enums = {
      kind: ['coproduction', 'subcontracting', 'supply', 'technology', 'investment', 'research'],
      org_type: ['enterprise', 'state_agency', 'research', 'university', 'business_association', 'cluster', 'financial', 'medical', 'other'],
      tier: ['self_declared', 'registry_checked', 'coordinator_endorsed'],
    };
    for (const [f, values] of Object.entries(enums)) {
      for (const v of body.facets[f]) assert.ok(values.includes(v.value), `facet ${f} has value ${v.value}`);
    }
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    for (const f of Object.keys(enums)) {
      const texts = await page.$$eval(`.facet-${f} .facet-text`, (els) => els.map((e) => e.textContent.trim()));
      const want = body.facets[f].map((v) => cat.en[`${f}.${v.value}`]);
      assert.deepEqual(texts, want, `labels of ${f}`);
    }
    const box = page.locator('.facet-org_type input[type=checkbox]').first();
    const value = await box.getAttribute('value');
    const seq = await seqOf(page);
    await box.check();
    await searchDone(page, '', seq);
    const expected = body.facets.org_type.find((v) => v.value === value).count;
    assert.equal(Number(await page.locator('#summary').getAttribute('data-total')), expected);
    noProblems(page);
    await page.close();
  });

  test('the listing page shows the text, the organisation and matches with reasons', async () => {
    const target = await listingWithMatches();
    assert.ok(target, 'no listing with matches in the demo data');
    const page = await newPage(context);
    await page.goto(BASE + `/listings/${target.id}`);
    await page.waitForSelector('.match .reason');
    const listing = await api(`/api/v1/listings/${target.id}`);
    const original = listing.texts.find((t) => t.origin === 'original') || listing.texts[0];
    assert.equal((await page.locator('h1').textContent()).trim(), original.title.trim());
    assert.equal(await page.locator('h1').getAttribute('lang'), original.lang);
    assert.ok(await page.locator('[data-origin="original"] .badge-origin-original').count() === 1, 'original not labelled');
    assert.equal(await page.locator('a.org-link').getAttribute('href'), `/organisations/${listing.organisation?.id ?? listing.org_id}`);
    const reasons = await page.$$eval('.match .reason', (els) => els.map((e) => e.textContent));
    assert.ok(reasons.length > 0 && reasons.every((r) => r.trim().length > 0));
    assert.ok(reasons.every((r) => !/^[a-z_]+:/.test(r)), `a reason shown raw: ${reasons.find((r) => /^[a-z_]+:/.test(r))}`);
    // Labels of codes arrive from the taxonomy.
    if (await page.locator('.reason-same_hs_heading').count()) {
      await page.waitForFunction(() => document.querySelector('.reason-same_hs_heading .code-label')?.textContent.length > 3);
    }
    const btn = page.locator('#express-interest');
    assert.ok(await btn.isDisabled(), 'express interest must wait for sign-in');
    assert.equal(await btn.getAttribute('title'), cat.en['interest.signin_soon']);
    await page.screenshot({ path: shotPath('listing-en'), fullPage: true });
    // Switching to Russian re-renders the reasons in Russian, distances in Russian style.
    await page.selectOption('#lang-select', 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru' && document.querySelector('.match .reason'));
    await page.waitForSelector('.match .reason');
    assert.equal((await page.locator('#matches-title').textContent()).trim(), cat.ru['matches.title']);
    const km = target.matches.flatMap((m) => m.reasons).find((r) => 'distance_km' in r || 'rail_km' in r);
    if (km) {
      const key = 'distance_km' in km ? 'distance_km' : 'rail_km';
      const want = new Intl.NumberFormat('ru', { style: 'unit', unit: 'kilometer' }).format(km[key]);
      const texts = await page.$$eval(`.reason-${key}`, (els) => els.map((e) => e.textContent));
      assert.ok(texts.some((t) => t.includes(want)), `no "${want}" in ${texts}`);
    }
    await page.screenshot({ path: shotPath('listing-ru'), fullPage: true });
    await page.selectOption('#lang-select', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    noProblems(page);
    await page.close();
  });

  test('the organisation page shows names, country, type, codes and tier', async () => {
    const hit = (await api('/api/v1/search?q=&limit=1')).hits[0];
    const org = await api(`/api/v1/organisations/${hit.organisation.id}`);
    const page = await newPage(context);
    await page.goto(BASE + `/listings/${hit.id}`);
    await page.click('a.org-link');
    await page.waitForSelector('article.organisation');
    assert.equal(new URL(page.url()).pathname, `/organisations/${org.id}`);
    const primary = (org.names.find((n) => n.primary) || org.names[0]).text;
    assert.equal((await page.locator('h1').textContent()).trim(), primary);
    const facts = await page.locator('.facts').textContent();
    const countries = await api('/api/v1/countries');
    const c = countries.countries.find((x) => x.iso2 === org.country);
    if (c) assert.ok(facts.includes(c.name_en), `country ${c.name_en} not shown`);
    assert.ok(facts.includes(cat.en[`org_type.${org.type}`]), 'type not shown');
    assert.equal(await page.locator('.badge-tier').getAttribute('data-tier'), org.tier || 'self_declared');
    if (org.names.length > 1) assert.equal(await page.locator('.aliases li').count(), org.names.length - 1);
    for (const code of org.hs || []) assert.equal(await page.locator(`.code[data-code="${code}"]`).count() >= 1, true);
    await page.screenshot({ path: shotPath('organisation-en'), fullPage: true });
    noProblems(page);
    await page.close();
  });

  test('switching languages changes the UI texts, <html lang> and number formats, and is remembered', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    const total = Number(await page.locator('#summary').getAttribute('data-total'));
    for (const l of ['ru', 'zh', 'en']) {
      await page.selectOption('#lang-select', l);
      await page.waitForFunction((want) => document.querySelector('h1')?.textContent === want, cat[l]['search.heading']);
      await searchDone(page, '', 0);
      assert.equal(await page.locator('html').getAttribute('lang'), l === 'zh' ? 'zh-CN' : l);
      assert.equal((await page.locator('.skip-link').textContent()).trim(), cat[l]['nav.skip']);
      assert.equal((await page.locator('label[for="lang-select"]').textContent()).trim(), cat[l]['nav.language']);
      const summary = await page.locator('#summary').textContent();
      const n = new Intl.NumberFormat(LOCALE[l]).format(total);
      assert.ok(summary.includes(n), `${l}: "${summary}" lacks ${n}`);
      const badge = await page.locator('.hit .badges [data-direction]').first();
      const dir = await badge.getAttribute('data-direction');
      assert.equal((await badge.textContent()).trim(), cat[l][`direction.${dir}`]);
      if (l === 'zh') await page.screenshot({ path: shotPath('home-zh'), fullPage: true });
    }
    if (total >= 1000) {
      assert.notEqual(new Intl.NumberFormat('en').format(total), new Intl.NumberFormat('ru').format(total));
    }
    // Remembered across reloads.
    await page.selectOption('#lang-select', 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'ru' && document.body.classList.contains('ready'));
    assert.equal(await page.locator('#lang-select').inputValue(), 'ru');
    await page.selectOption('#lang-select', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    noProblems(page);
    await page.close();
  });

  test('the language follows the browser when nothing is remembered', async () => {
    for (const [locale, lang] of [['ru-RU', 'ru'], ['zh-CN', 'zh-CN']]) {
      const b = await launch({ locale });
      try {
        const page = await newPage(b.context);
        await page.goto(BASE + '/');
        await page.waitForFunction((want) => document.documentElement.lang === want, lang);
        const l = lang.slice(0, 2);
        assert.equal((await page.locator('h1').textContent()).trim(), cat[l]['search.heading']);
        noProblems(page);
      } finally {
        await b.close();
      }
    }
  });

  test('a 360 px wide phone has no horizontal scroll on any page', async () => {
    const b = await launch({ viewport: { width: 360, height: 740 } });
    try {
      const page = await newPage(b.context);
      const target = (await api('/api/v1/search?q=&limit=1')).hits[0];
      const pages = [['/', 'mobile-home'], [`/?q=${encodeURIComponent(target.title.split(/\s+/)[0])}`, 'mobile-search'],
        [`/listings/${target.id}`, 'mobile-listing'], [`/organisations/${target.organisation.id}`, 'mobile-organisation']];
      for (const l of ['en', 'ru', 'zh']) {
        await page.goto(BASE + '/');
        await page.selectOption('#lang-select', l);
        for (const [path, name] of pages) {
          await page.goto(BASE + path);
          await page.waitForSelector('h1');
          await page.waitForLoadState('networkidle');
          const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
          assert.ok(sw <= cw, `${l} ${path}: scrollWidth ${sw} > ${cw}`);
          if (l === 'en') await page.screenshot({ path: shotPath(name), fullPage: true });
        }
      }
      noProblems(page);
    } finally {
      await b.close();
    }
  });

  test('keyboard: skip link, search box, results and facets are reachable with Tab', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    const q = (await api('/api/v1/search?q=&limit=1')).hits[0].title.split(/\s+/).find((w) => w.length >= 4);
    let reached = null;
    for (let i = 0; i < 10 && reached !== 'q'; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement.id);
    }
    assert.equal(reached, 'q', 'Tab does not reach the search box');
    // The focused element shows a visible focus ring.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    const seq = await seqOf(page);
    await page.keyboard.type(q);
    await searchDone(page, q, seq);
    let onResult = false;
    for (let i = 0; i < 10 && !onResult; i++) {
      await page.keyboard.press('Tab');
      onResult = await page.evaluate(() => document.activeElement.matches('.hit a.hit-title'));
    }
    assert.ok(onResult, 'Tab does not reach the results');
    const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.pathname === h, href);
    await page.waitForSelector('article.listing');
    // Focus moves to the new page's heading once the page has rendered
    // (the listing and its organisation arrive in two answers).
    await page.waitForFunction(() => document.activeElement.tagName === 'H1', null, { timeout: 5000 });
    await page.goBack();
    await searchDone(page, q, 0);
    let onFacet = false;
    for (let i = 0; i < 120 && !onFacet; i++) {
      await page.keyboard.press('Tab');
      onFacet = await page.evaluate(() => document.activeElement.matches('.facets input[type=checkbox]'));
    }
    assert.ok(onFacet, 'Tab does not reach the facets');
    const seq2 = await seqOf(page);
    await page.keyboard.press('Space');
    await searchDone(page, q, seq2);
    assert.ok(await page.evaluate(() => document.activeElement.matches('.facets input[type=checkbox]:checked')), 'focus lost after filtering');
    noProblems(page);
    await page.close();
  });

  test('a listing whose title holds a script-injection payload renders it as text', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/?q=' + PAYLOAD_WORD);
    await searchDone(page, PAYLOAD_WORD);
    const hit = page.locator('.hit').filter({ hasText: PAYLOAD_WORD }).first();
    assert.equal(await hit.count(), 1, 'the payload listing is not found');
    const title = await hit.locator('.hit-title').textContent();
    assert.ok(title.includes('<script>') && title.includes('<img src=x'), `payload not shown as text: ${title}`);
    assert.equal(await page.locator('.hits script, .hits img, .hits b, .hits iframe, .hits svg').count(), 0);
    await hit.locator('.hit-title').click();
    await page.waitForSelector('article.listing');
    assert.equal((await page.locator('h1').textContent()).trim(), PAYLOAD_TITLE);
    assert.equal(await page.locator('article script, article img, article iframe, article svg, article b').count(), 0);
    assert.ok((await page.locator('.description').first().textContent()).includes('<iframe'));
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__hamkorXss), undefined);
    await page.screenshot({ path: shotPath('listing-payload'), fullPage: true });
    noProblems(page);
    await page.close();
  });

  test('API errors are shown in the chosen language, with the field at fault', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/');
    await searchDone(page, '');
    await page.selectOption('#lang-select', 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await searchDone(page, '', 0);
    // A query over the server's limit of 1000 bytes.
    const long = 'ж'.repeat(600);
    const seq = await seqOf(page);
    await page.fill('#q', long);
    await searchDone(page, long, seq);
    const err = page.locator('.search-error .error');
    assert.equal(await err.count(), 1, 'no error shown');
    const kind = await err.getAttribute('data-error-kind');
    assert.ok(['too_big', 'invalid'].includes(kind), kind);
    assert.equal((await err.locator('.error-title').textContent()).trim(), cat.ru[`error.${kind}`]);
    const fields = await err.locator('.error-fields').textContent();
    assert.ok(fields.includes(cat.ru['field.q']), 'field not named');
    assert.ok(fields.includes(cat.ru['fieldmsg.too_long'].replace('{n}', '1000')), `field message not translated: ${fields}`);
    await page.screenshot({ path: shotPath('error-ru'), fullPage: true });
    // A listing that does not exist.
    await page.goto(BASE + '/listings/999999999');
    await page.waitForSelector('.error');
    assert.equal(await page.locator('.error').getAttribute('data-error-kind'), 'not_found');
    assert.equal((await page.locator('.error-title').textContent()).trim(), cat.ru['error.not_found']);
    // The only console errors are the browser's own notes of the failed responses.
    const other = page.problems.filter((p) => !/status of (400|404|413)/.test(p));
    assert.deepEqual(other, []);
    await page.selectOption('#lang-select', 'en');
    await page.close();
  });

  test('an unknown path shows the not-found page', async () => {
    const page = await newPage(context);
    await page.goto(BASE + '/no/such/page');
    await page.waitForSelector('h1');
    assert.equal((await page.locator('h1').textContent()).trim(), cat.en['notfound.title']);
    noProblems(page);
    await page.close();
  });
});
