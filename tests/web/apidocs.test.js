// apidocs.test.js - the API reference page (/developers, apidocs.js): it is
// linked from every page's footer, lists every operation of the server's
// own OpenAPI document (as many as /api/v1/openapi.json has), filters them,
// shows a request body example as text, loads nothing from outside the
// server, is labelled in en/ru/zh and is readable at 360 px.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';

async function setLang(page, l) {
  await page.selectOption('#lang-select', l);
  await page.waitForFunction((want) => document.documentElement.lang === want, l === 'zh' ? 'zh-CN' : l);
}

describe('the API reference page', { skip }, () => {
  let b;
  let page;
  before(async () => {
    b = await launch({ locale: 'en-US' });
    page = await newPage(b.context);
  });
  after(async () => b?.close());

  test('linked from the footer, every operation listed, filtered, examples shown', async () => {
    const doc = await api('/api/v1/openapi.json');
    let total = 0;
    for (const item of Object.values(doc.paths)) total += ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).length;
    assert.ok(total > 100, `only ${total} operations in the document`);
    await page.goto(`${BASE}/`);
    await page.click('footer a[href="/developers"]');
    await page.waitForSelector('.api-op');
    assert.equal(await page.locator('.api-op').count(), total);
    assert.equal((await page.locator('h1').textContent()).trim(), cat.en['apidocs.title']);
    // The filter narrows to the matching operations and says how many.
    await page.fill('#api-filter', 'openapi');
    await page.waitForFunction(() => document.querySelectorAll('.api-op:not([hidden])').length === 2);
    assert.match(await page.locator('#api-count').textContent(), new RegExp(`^2 of ${total} operations$`));
    await page.fill('#api-filter', '/api/v1/listings');
    await page.waitForFunction(() => document.querySelectorAll('.api-op:not([hidden])').length > 3);
    // A request body example is shown as JSON text, not markup.
    const card = page.locator('#op-createListing');
    await card.locator('details summary', { hasText: cat.en['apidocs.example'] }).first().click();
    const example = JSON.parse(await card.locator('pre.api-example').first().textContent());
    assert.ok(example.texts?.length, 'the createListing example has texts');
    assert.deepEqual(page.problems, [], 'console errors or outside requests');
  });

  test('labelled in ru and zh, readable at 360 px', async () => {
    for (const l of ['ru', 'zh']) {
      await setLang(page, l);
      await page.waitForSelector('.api-op');
      assert.equal((await page.locator('h1').textContent()).trim(), cat[l]['apidocs.title']);
      assert.equal((await page.locator('footer a[href="/developers"]').textContent()).trim(), cat[l]['apidocs.link']);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    await page.fill('#api-filter', '');
    const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `/developers: scrollWidth ${sw} > ${cw}`);
    await page.screenshot({ path: shotPath('mobile-apidocs-zh') });
    await setLang(page, 'en');
    assert.deepEqual(page.problems, [], 'console errors or outside requests');
  });
});
