// writes-geo.test.js - the organisation editor's city picker on the
// gazetteer (GET /api/v1/cities): a Russian reader types "Таш", chooses
// Ташкент by keyboard, and the saved organisation carries the city's
// coordinates (for distances in partner matching); an English reader sees
// the city as "Tashkent"; free text stays allowed and has no coordinates.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, uniqueEmail, signUp } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';

describe('the city picker of the organisation editor', { skip }, () => {
  let ru;
  let en;
  let page;
  const s = {};

  before(async () => {
    ru = await launch({ locale: 'ru-RU' });
    en = await launch({ locale: 'en-US' });
    page = await newPage(ru.context);
  });
  after(async () => {
    await ru?.close();
    await en?.close();
  });

  test('"Таш" offers Ташкент; chosen by keyboard, the organisation is saved with its coordinates', async () => {
    await signUp(page, { email: uniqueEmail('geo'), name: 'Гульнора Рашидова' });
    await go(page, '/my/organisations/new');
    await page.waitForSelector('form.org-form');
    await page.fill('[data-field="names[0].text"] input', 'ООО «Ташкентский литейный завод»');
    await page.fill('[data-field="names[0].lang"] input', 'ru');
    await page.selectOption('[data-field="country"] select', 'UZ');
    const city = page.locator('[data-field="city"] input[role=combobox]');
    assert.equal(await city.count(), 1, 'the city field is not a combobox');
    assert.equal((await page.locator(`label[for="${await city.getAttribute('id')}"]`).textContent()).replace('*', '').trim(),
      cat.ru['org.city']);
    await city.focus();
    await page.keyboard.type('Таш');
    const option = page.locator('[data-field="city"] [role=option][data-city="tashkent"]');
    await option.waitFor({ timeout: 10000 });
    assert.ok((await option.textContent()).includes('Ташкент'), await option.textContent());
    assert.equal(await city.getAttribute('aria-expanded'), 'true');
    await page.screenshot({ path: shotPath('city-picker-ru'), fullPage: true });
    // The keyboard: arrows to Ташкент, Enter takes it.
    const ids = await page.$$eval('[data-field="city"] [role=option]', (els) => els.map((e) => e.dataset.city));
    for (let i = 0; i < ids.indexOf('tashkent'); i++) await page.keyboard.press('ArrowDown');
    assert.equal(await city.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    assert.equal(await city.inputValue(), 'Ташкент');
    assert.equal(await city.getAttribute('aria-expanded'), 'false');
    const coords = page.locator('[data-field="city"] .city-coords');
    assert.equal(await coords.getAttribute('data-city'), 'tashkent');
    // Enter chose the city; it did not send the form.
    assert.ok(/\/my\/organisations\/new$/.test(page.url()), page.url());
    const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/organisations'));
    await page.click('form.org-form .actions button[type=submit]');
    const sent = JSON.parse((await post).postData());
    assert.equal(sent.city, 'Ташкент');
    assert.ok(Math.abs(sent.lat - 41.3) < 0.01 && Math.abs(sent.lon - 69.24) < 0.01, `sent ${sent.lat}, ${sent.lon}`);
    await page.waitForFunction(() => /^\/my\/organisations\/\d+$/.test(location.pathname), null, { timeout: 15000 });
    s.org = Number(new URL(page.url()).pathname.split('/').pop());
    const o = await api(`/api/v1/organisations/${s.org}`);
    assert.equal(o.city, 'Ташкент');
    assert.ok(Math.abs(o.lat - 41.3) < 0.01 && Math.abs(o.lon - 69.24) < 0.01, `stored ${o.lat}, ${o.lon}`);
    // The editor says the city is known, with its coordinates.
    await page.waitForSelector('[data-field="city"] .city-coords[data-city="tashkent"]');
    assert.deepEqual(page.problems, []);
  });

  test('an English reader sees the chosen city as Tashkent', async () => {
    if (!s.org) throw new Error('an earlier step failed (no organisation)');
    const p = await newPage(en.context);
    await p.goto(`${BASE}/organisations/${s.org}`);
    await p.waitForSelector('article.organisation .facts .city[data-city="tashkent"]');
    assert.equal((await p.locator('.facts .city').textContent()).trim(), 'Tashkent');
    assert.equal(await p.locator('.facts .city').getAttribute('title'), 'Ташкент');
    await p.screenshot({ path: shotPath('organisation-city-en'), fullPage: true });
    assert.deepEqual(p.problems, []);
    await p.close();
  });

  test('free text stays allowed and removes the coordinates', async () => {
    if (!s.org) throw new Error('an earlier step failed (no organisation)');
    await go(page, `/my/organisations/${s.org}`);
    await page.waitForSelector('form.org-form');
    const city = page.locator('[data-field="city"] input');
    assert.equal(await city.inputValue(), 'Ташкент');
    await page.waitForSelector('[data-field="city"] .city-coords[data-city="tashkent"]');
    await city.fill('Промзона «Чиланзар-7»');
    await page.locator('[data-field="city"] .city-coords:not([data-lat])').waitFor();
    await city.press('Escape');
    const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/organisations/${s.org}`));
    await page.click('form.org-form .actions button[type=submit]');
    const sent = JSON.parse((await patch).postData());
    assert.equal(sent.city, 'Промзона «Чиланзар-7»');
    assert.equal(sent.lat, null);
    assert.equal(sent.lon, null);
    await page.waitForSelector('.edit-section .note');
    const o = await api(`/api/v1/organisations/${s.org}`);
    assert.equal(o.city, 'Промзона «Чиланзар-7»');
    assert.equal(o.lat, undefined);
    assert.equal(o.lon, undefined);
    await page.screenshot({ path: shotPath('city-free-text-ru'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });
});
