// analytics.test.js - the Analytics page (web/js/analytics.js): a visitor
// sees the public figures drawn as charts (Chart.js from the server's own
// /vendor/, nothing from outside) with their tables and CSV links; the
// secretariat also sees the funnel, financing and the state-by-state heat
// map; a phone-sized screen shows it without sideways scrolling of the
// page; the Russian and Chinese pages have their own headings. No console
// errors anywhere.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath } from './lib/browser.js';
import { go, signIn } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const [, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

/** Waits until the page's charts are drawn: every chart box holds a canvas with pixels of a size. */
async function chartsDrawn(page, n) {
  await page.waitForSelector('.analytics-grid .analytics-figure');
  await page.waitForFunction((min) => {
    // A figure with nothing to count says so instead of drawing empty axes.
    const figs = [...document.querySelectorAll('.analytics-grid .analytics-figure')];
    const boxes = [...document.querySelectorAll('.analytics-grid .chart-box canvas')];
    return figs.length >= min && figs.every((f) => f.querySelector('.chart-box canvas, .no-data, .heat-holder'))
      && boxes.length > 0 && boxes.every((c) => c.width > 0 && c.height > 0);
  }, n);
}

describe('the analytics page', { skip: BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh' }, () => {
  let br;
  before(async () => { br = await launch({ locale: 'en-US' }); });
  after(async () => { await br?.close(); });

  test('a visitor sees the public figures as charts, tables and CSV links', async () => {
    const page = await newPage(br.context);
    const vendor = page.waitForResponse((r) => r.url().endsWith('/vendor/chart.umd.min.js'));
    await go(page, '/analytics');
    assert.equal((await vendor).status(), 200);
    await chartsDrawn(page, 6);
    assert.equal(await page.locator('#charts-unavailable').count(), 0, 'Chart.js did not load');
    assert.equal(await page.locator('h1').textContent(), cat.en['analytics.title']);
    // Public figures only: no funnel, financing or matrix for a visitor.
    for (const id of ['listings', 'sectors', 'activity', 'meetings', 'projects', 'plan'])
      assert.equal(await page.locator(`#fig-${id}`).count(), 1, `no ${id} figure`);
    for (const id of ['funnel', 'financing', 'matrix'])
      assert.equal(await page.locator(`#fig-${id}`).count(), 0, `a visitor sees ${id}`);
    // Each chart has its numbers as a table and a CSV link; the listings
    // table holds the demo's counts.
    await page.click('#fig-listings summary');
    const rows = await page.locator('#fig-listings table.analytics-table tbody tr').count();
    assert.ok(rows > 0, 'the listings table is empty');
    const csv = await page.getAttribute('#csv-listings', 'href');
    assert.match(csv, /figure=listings/);
    assert.match(csv, /format=csv/);
    const r = await page.request.get(new URL(csv, BASE).toString());
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /text\/csv/);
    assert.match(await r.text(), /^state,kind,direction,listings\r\n/);
    await page.screenshot({ path: shotPath('analytics-visitor-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a state and dates narrow every figure', async () => {
    const page = await newPage(br.context);
    await go(page, '/analytics');
    await chartsDrawn(page, 5);
    await page.selectOption('#an-state', 'KZ');
    await page.fill('#an-from', '2020-01-01');
    await page.click('.analytics-filters button[type=submit]');
    await page.waitForURL(/state=KZ/);
    await chartsDrawn(page, 5);
    await page.click('#fig-listings summary');
    const states = await page.$$eval('#fig-listings table.analytics-table tbody th', (els) => els.map((e) => e.textContent));
    assert.ok(states.length > 0 && states.every((s) => s.includes('(KZ)')), `states: ${states}`);
    assert.match(await page.getAttribute('#csv-sectors', 'href'), /state=KZ/);
    // 2020-01-01 is the first day of its month: the range counted starts there.
    assert.match(await page.locator('#analytics-range').textContent(), /2020/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('the secretariat sees the funnel, financing and the heat map', { skip: SECRETARIAT ? false : 'no secretariat account (HAMKOR_WEB_ROLES)' }, async () => {
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    await go(page, '/analytics');
    await chartsDrawn(page, 7);
    for (const id of ['funnel', 'financing', 'matrix'])
      assert.equal(await page.locator(`#fig-${id}`).count(), 1, `no ${id} figure`);
    await page.waitForSelector('#heat-map, #fig-matrix .muted');
    if (await page.locator('#heat-map').count()) {
      // A square table of states, each cell with its number as text.
      const cols = await page.locator('#heat-map thead th').count();
      const rowsN = await page.locator('#heat-map tbody tr').count();
      assert.equal(cols, rowsN);
      const texts = await page.$$eval('#heat-map tbody td', (els) => els.map((e) => e.textContent));
      assert.ok(texts.every((x) => /^[\d\s,.\u00a0]+$/.test(x)), 'a cell without its number');
      // The demo's Forum placed meetings between states: the heat map shows them.
      await page.selectOption('#matrix-measure', 'meetings');
      await page.waitForFunction(() => document.querySelector('#heat-map caption')?.textContent.length > 0);
      const met = await page.$$eval('#heat-map tbody td', (els) => els.map((e) => Number(e.dataset.value)));
      assert.ok(met.some((v) => v > 0), 'no meetings in the heat map');
      await page.selectOption('#matrix-measure', 'projects');
      await page.waitForFunction(() => document.querySelector('#heat-map caption')?.textContent.length > 0);
    }
    await page.screenshot({ path: shotPath('analytics-secretariat-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });

  test('on a phone, in Russian and Chinese', async () => {
    for (const lang of ['ru', 'zh']) {
      const phone = await launch({ locale: lang === 'ru' ? 'ru-RU' : 'zh-CN', viewport: { width: 390, height: 844 } });
      try {
        const page = await newPage(phone.context);
        await go(page, '/analytics');
        await chartsDrawn(page, 5);
        assert.equal(await page.locator('h1').textContent(), cat[lang]['analytics.title']);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: shotPath(`analytics-phone-${lang}`), fullPage: true });
        assert.deepEqual(page.problems, []);
        await page.close();
      } finally {
        await phone.close();
      }
    }
  });
});
