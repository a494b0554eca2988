// writes-payload.test.js - script-injection payloads typed into every text
// field of an organisation and a listing through the forms are stored and
// shown back as text on every page that shows them: nothing runs, no
// element is made from them, nothing is requested because of them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, shotPath } from './lib/browser.js';
import { go, uniqueEmail, signUp, createOrganisation, createListing, publish } from './lib/accounts.js';

const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';
const WORD = 'Qwzvarnix'; // made up, so that search finds only these records
// Under 200 characters, the limit of the short fields (city, registry, unit).
const P = (n) => `${WORD}${n} <script>window.__hamkorXss=1</script><img src=x onerror="window.__hamkorXss=2"> "q" & <b>b</b><svg onload="window.__hamkorXss=3">`;
// For the long fields (descriptions, scope).
const D = (n) => `${P(n)}</svg><iframe src="javascript:window.__hamkorXss=4"></iframe>\n<a href="javascript:window.__hamkorXss=5">a</a>`;
// Display names are at most 100 characters.
const SHORT = `${WORD} <script>window.__hamkorXss=6</script><img src=x onerror="window.__hamkorXss=7">`;
const HOSTILE = 'main script, main img, main b, main svg, main iframe, main a[href^="javascript"], #account-nav script, #account-nav img, #account-nav b';

async function assertInert(page, where) {
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__hamkorXss), undefined, `${where}: a payload ran`);
  assert.equal(await page.locator(HOSTILE).count(), 0, `${where}: markup made from user text`);
  assert.deepEqual(page.problems, [], `${where}: console errors or outside requests`);
}

describe('script-injection payloads written through the UI', { skip }, () => {
  let br;
  let page;
  const s = {};
  before(async () => {
    br = await launch({ locale: 'en-US' });
    page = await newPage(br.context);
    // Requests for /x (an <img src=x> that was made) would show up here.
    page.on('request', (r) => { if (/\/x$/.test(new URL(r.url()).pathname)) page.problems.push(`payload request: ${r.url()}`); });
  });
  after(async () => { await br?.close(); });

  test('an organisation with a payload in every text field is shown as text', async () => {
    await signUp(page, { email: uniqueEmail('xss'), name: SHORT });
    assert.ok((await page.locator('.nav-user').textContent()).includes('<script>'));
    s.org = await createOrganisation(page, {
      names: [{ text: P('org'), lang: 'en' }, { text: P('alias'), lang: 'ru' }],
      country: 'KZ', city: P('city'), type: 'enterprise',
      fill: {
        '[data-field="registry_scheme"] input': P('scheme'),
        '[data-field="registry_id"] input': P('regid'),
        '[data-field="website"] input': 'https://example.org/"><script>window.__hamkorXss=5</script>',
      },
    }).catch(async (e) => {
      await page.screenshot({ path: shotPath('payload-org-failed'), fullPage: true });
      throw e;
    });
    // A capability and a certification, added on the edit page.
    await page.click('[data-field="capabilities"] > p > button');
    await page.fill('[data-field="capabilities[0].text"] input', P('cap'));
    await page.fill('[data-field="capabilities[0].amount"] input', '10');
    await page.fill('[data-field="capabilities[0].unit"] input', P('unit'));
    await page.click('[data-field="certifications"] > p > button');
    await page.fill('[data-field="certifications[0].name"] input', P('cert'));
    await page.fill('[data-field="certifications[0].scope"] textarea', D('scope'));
    await page.click('form.org-form .actions button[type=submit]');
    await page.waitForSelector('.edit-section .note');
    await assertInert(page, 'organisation editor');
    // The values come back into the inputs unchanged.
    assert.equal(await page.locator('[data-field="city"] input').inputValue(), P('city'));
    assert.ok((await page.locator('h1').textContent()).includes('<img src=x'));

    await go(page, `/organisations/${s.org}`);
    await page.waitForSelector('article.organisation');
    const text = await page.locator('article.organisation').textContent();
    for (const n of ['org', 'alias', 'city', 'scheme', 'regid', 'cap', 'unit', 'cert', 'scope']) {
      assert.ok(text.includes(n === 'scope' ? D(n) : P(n)), `the public page does not show the ${n} payload as text`);
    }
    // The website is a link only to its own http(s) address.
    const href = await page.locator('.facts a[href^="http"]').getAttribute('href');
    assert.ok(href.startsWith('https://example.org/'), href);
    await page.screenshot({ path: shotPath('payload-organisation'), fullPage: true });
    await assertInert(page, 'organisation page');

    await go(page, `/organisations?country=KZ&q=${WORD}`);
    await page.waitForSelector('.directory-body');
    await page.waitForFunction(() => !document.querySelector('main .loading'));
    await assertInert(page, 'directory');
    await go(page, '/my');
    await page.waitForSelector('.card');
    await assertInert(page, 'my organisations');
  });

  test('a listing with a payload in every text field is shown as text', async () => {
    if (!s.org) throw new Error('an earlier step failed (no organisation)');
    s.listing = await createListing(page, s.org, {
      direction: 'request', kind: 'supply', lang: 'en', title: P('title'), description: D('desc'),
    });
    await page.click('[data-field="quantities"] > p > button');
    await page.fill('[data-field="quantities[0].amount"] input', '5');
    await page.fill('[data-field="quantities[0].unit"] input', P('qty'));
    await page.click('[data-field="texts"] > p > button');
    await page.fill('[data-field="texts[1].lang"] input', 'ru');
    await page.fill('[data-field="texts[1].title"] input', P('trtitle'));
    await page.fill('[data-field="texts[1].description"] textarea', D('trdesc'));
    await page.click('form.listing-form .actions button[type=submit]');
    await page.waitForSelector('.edit-section .note');
    await assertInert(page, 'listing editor');
    await publish(page);
    await assertInert(page, 'listing editor after publishing');

    await go(page, `/listings/${s.listing}`);
    await page.waitForSelector('article.listing');
    assert.equal((await page.locator('h1').textContent()).trim(), P('title'));
    const text = await page.locator('article.listing').textContent();
    for (const n of ['desc', 'qty', 'trtitle', 'trdesc']) {
      const want = n.endsWith('desc') ? D(n) : P(n);
      // Descriptions keep their line breaks (white-space: pre-line); textContent has them as written.
      assert.ok(text.includes(want), `the listing page does not show the ${n} payload as text`);
    }
    assert.ok((await page.locator('a.org-link').textContent()).includes(P('org')));
    await page.screenshot({ path: shotPath('payload-listing-written'), fullPage: true });
    await assertInert(page, 'listing page');

    await go(page, `/?q=${WORD}title`);
    await page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false' && document.querySelector('.results')?.dataset.seq);
    await page.waitForSelector(`.hit[data-id="${s.listing}"]`, { timeout: 10000 });
    assert.ok((await page.locator(`.hit[data-id="${s.listing}"] .hit-title`).textContent()).includes('<script>'));
    await assertInert(page, 'search results');

    await go(page, `/my/organisations/${s.org}/listings`);
    await page.waitForSelector(`.card[data-id="${s.listing}"]`);
    await assertInert(page, 'my listings');
  });
});
