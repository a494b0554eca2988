// writes-roles.test.js - the pages of the national coordinator (the
// verification queue of its own state) and of the secretariat (countries,
// duplicate flags, the taxonomy's wording: labels and synonyms edited,
// then found by the HS picker). A coordinator sees no taxonomy editor. tests/web/run.sh makes the two
// accounts with `hamkor user add` and names them in HAMKOR_WEB_ROLES.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, signIn } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const [COORDINATOR, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);
/** Form controls in scope that have neither a <label> nor an aria-label. */
async function unlabelledIn(page, scope) {
  return page.$$eval(`${scope} input:not([type=hidden]), ${scope} select, ${scope} textarea`,
    (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML.slice(0, 80)));
}

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no coordinator and secretariat accounts (HAMKOR_WEB_ROLES; this hamkor has no `user` command)' : false;

describe('the coordinator\'s and the secretariat\'s pages', { skip }, () => {
  let br;
  before(async () => { br = await launch({ locale: 'en-US' }); });
  after(async () => { await br?.close(); });

  test('a national coordinator verifies a self-declared organisation of its own state', async () => {
    const page = await newPage(br.context);
    await signIn(page, COORDINATOR);
    assert.equal(await page.locator('#account-nav a[href="/verify"]').count(), 1, 'no Verification link');
    assert.equal(await page.locator('#account-nav a[href="/admin"]').count(), 0, 'a coordinator has no Administration link');
    await go(page, '/verify');
    await page.waitForSelector('.verify-list .org-card, .queue .muted');
    const cards = page.locator('.verify-list .org-card');
    assert.ok(await cards.count() > 0, 'no self-declared organisation of KZ in the queue');
    const countries = await page.$$eval('.verify-list .org-card .country', (els) => els.map((e) => e.dataset.country));
    assert.ok(countries.every((c) => c === 'KZ'), `organisations of other states: ${countries}`);
    const tiers = await page.$$eval('.verify-list .org-card .badge-tier', (els) => els.map((e) => e.dataset.tier));
    assert.ok(tiers.every((x) => x === 'self_declared'), `tiers: ${tiers}`);
    const first = cards.first();
    const id = await first.getAttribute('data-id');
    await first.locator('button[data-tier="registry_checked"]').click();
    await page.waitForSelector(`.verify-list .org-card[data-id="${id}"][data-verified="registry_checked"]`);
    assert.equal((await api(`/api/v1/organisations/${id}`)).tier, 'registry_checked');
    await page.screenshot({ path: shotPath('verify-kz-en'), fullPage: true });
    // The taxonomy's editor is the secretariat's only.
    await go(page, '/admin/taxonomy?scheme=hs&q=7608');
    await page.waitForSelector('main h1');
    await page.waitForFunction((msg) => document.querySelector('main')?.textContent.includes(msg), cat.en['admin.not_allowed']);
    assert.equal(await page.locator('form.taxonomy-form, button[data-action="edit"], .taxonomy-results').count(), 0,
      'a coordinator sees the taxonomy editor');
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });

  test('the secretariat edits a country, sees the duplicate flags and browses the taxonomy', async () => {
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    assert.equal(await page.locator('#account-nav a[href="/admin"]').count(), 1, 'no Administration link');
    await go(page, '/admin');
    await page.waitForSelector('.dup-list, #dups-title ~ div .muted');
    await page.waitForSelector('.countries-details');
    await page.click('.countries-details > summary');
    const form = page.locator('form.country-form[data-iso2="KZ"]');
    const ru = await form.locator('[data-field="name_ru"] input').inputValue();
    assert.ok(ru.length > 0);
    // Saved unchanged, so that other tests see the same names.
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/v1/countries/KZ'));
    await form.locator('button[type=submit]').click();
    const req = await put;
    assert.deepEqual(Object.keys(JSON.parse(req.postData())).sort(), ['iso2', 'name_en', 'name_ru', 'name_zh', 'status']);
    await form.locator('.note').waitFor();
    await page.screenshot({ path: shotPath('admin-en') });
    await go(page, '/admin/taxonomy?scheme=hs&q=7604');
    await page.waitForSelector('tr[data-code="7604"]');
    assert.equal((await page.locator('.taxonomy-lead').textContent()).trim(), cat.en['taxonomy.lead']);
    assert.ok(cat.en['taxonomy.lead'].includes('hamkor import-taxonomy'));
    assert.equal(await page.getByText(/not built/i).count(), 0, 'the page still says editing is not built');
    assert.ok((await page.locator('tr[data-code="7604"] td[lang="zh"]').textContent()).length > 0);
    await page.screenshot({ path: shotPath('admin-taxonomy-en'), fullPage: true });
    // The secretariat picks the state of the verification queue.
    await go(page, '/verify');
    await page.selectOption('[data-field="country"] select', 'UZ');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('country') === 'UZ');
    await page.waitForSelector('.verify-list .org-card, .queue .muted');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
  test('the secretariat relabels a code in Chinese and adds a synonym; the HS picker finds the code by it', async () => {
    const CODE = '7608';
    const SYNONYM = 'hamkorduct';
    const before = await api(`/api/v1/taxonomy/hs/${CODE}`);
    const zh = `${before.label.zh}（测试）`;
    // A browser of its own: in the shared one the secretariat is still
    // signed in, and signing in again would land on /my mid-test.
    const own = await launch({ locale: 'en-US' });
    const page = await newPage(own.context);
    await signIn(page, SECRETARIAT);
    await go(page, `/admin/taxonomy?scheme=hs&q=${CODE}`);
    await page.waitForSelector(`tr[data-code="${CODE}"] button[data-action="edit"]`);
    // By keyboard: focus the row's Edit button and press Enter.
    await page.focus(`tr[data-code="${CODE}"] button[data-action="edit"]`);
    await page.keyboard.press('Enter');
    const form = page.locator(`form.taxonomy-form[data-code="${CODE}"]`);
    await form.waitFor();
    assert.deepEqual(await unlabelledIn(page, 'form.taxonomy-form'), [], 'controls without a label in the editor');
    assert.equal(await form.locator('[data-field="labels.en"] input').inputValue(), before.label.en);
    assert.equal(await form.locator('[data-field="synonyms.en"] textarea').inputValue(), before.synonyms.en.join('\n'));
    await form.locator('[data-field="labels.zh"] input').fill(zh);
    const en = form.locator('[data-field="synonyms.en"] textarea');
    await en.fill([...before.synonyms.en, SYNONYM].join('\n'));
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/v1/taxonomy/hs/${CODE}`));
    await form.locator('button[type=submit]').click();
    const req = await put;
    const sent = JSON.parse(req.postData());
    assert.deepEqual(Object.keys(sent).sort(), ['labels', 'synonyms']);
    assert.equal(sent.labels.zh, zh);
    assert.deepEqual(sent.synonyms.en, [...before.synonyms.en, SYNONYM]);
    assert.deepEqual(sent.synonyms.ru, before.synonyms.ru);
    await form.locator('.note').waitFor();
    // The table shows the new label, and the server has it.
    assert.equal((await page.locator(`tr[data-code="${CODE}"] td[lang="zh"]`).textContent()).trim(), zh);
    const after = await api(`/api/v1/taxonomy/hs/${CODE}`);
    assert.equal(after.label.zh, zh);
    assert.ok(after.synonyms.en.includes(SYNONYM), `synonyms: ${after.synonyms.en}`);
    assert.equal(after.label.en, before.label.en);
    await page.screenshot({ path: shotPath('admin-taxonomy-edit-en'), fullPage: true });
    // A refused change names the field: an empty Chinese label.
    await form.locator('[data-field="labels.zh"] input').fill(' ');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-field="labels.zh"] .field-error:not([hidden])');
    page.problems.splice(0); // the browser's note of the 400
    await form.locator('[data-field="labels.zh"] input').fill(zh);
    // The HS picker of the organisation form finds the code by the new synonym.
    await go(page, '/my/organisations/new');
    await page.waitForSelector('form.org-form');
    await page.locator('[data-field="hs"] input[role=combobox]').fill(SYNONYM);
    await page.waitForSelector(`[data-field="hs"] [role=option][data-code="${CODE}"]`, { timeout: 10000 });
    await page.screenshot({ path: shotPath('hs-picker-synonym-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await own.close();
  });
});
