// writes-flow.test.js - the whole path of issue 6 through the web UI, with
// two people in two browsers: sign up; create an organisation and a
// listing written in Russian; publish it; find it from a Chinese query;
// a second account (another state) expresses interest; the first accepts;
// messages both ways; the unread badge updates live; saved searches; the
// directory; en/ru/zh; no console errors. Steps run in order and share
// state; a step whose predecessor failed says so.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath } from './lib/browser.js';
import { go, uniqueEmail, signUp, createOrganisation, createListing, publish } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';

const TITLE_RU = 'Алюминиевые профили для окон';
const QUERY_ZH = '铝型材';
const HS = '7604';

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'console errors or outside requests');
}

/** Form controls in scope that have neither a <label> nor an aria-label. */
async function unlabelled(page, scope) {
  return page.$$eval(`${scope} input:not([type=hidden]), ${scope} select, ${scope} textarea`,
    (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML.slice(0, 80)));
}

async function badge(page) {
  return Number(await page.locator('#unread-badge').getAttribute('data-count').catch(() => '0')) || 0;
}

describe('the write flow through the web UI', { skip }, () => {
  let a; // first person: Russian enterprise
  let b; // second person: Chinese enterprise
  let pa;
  let pb;
  const s = {}; // ids found along the way
  const need = (...keys) => { for (const k of keys) if (!s[k]) throw new Error(`an earlier step failed (no ${k})`); };

  before(async () => {
    a = await launch({ locale: 'en-US' });
    b = await launch({ locale: 'zh-CN' });
    pa = await newPage(a.context);
    pb = await newPage(b.context);
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  test('sign up shows the account in the header', async () => {
    await go(pa, '/signup');
    await pa.waitForSelector('#signup-form');
    await pa.screenshot({ path: shotPath('signup-en'), fullPage: true });
    // Labelled controls only.
    const unlabelled = await pa.$$eval('#signup-form input', (els) => els.filter((e) => !e.labels?.length).length);
    assert.equal(unlabelled, 0);
    s.emailA = uniqueEmail('a');
    await signUp(pa, { email: s.emailA, name: 'Ирина Петрова' });
    assert.equal((await pa.locator('.nav-user').textContent()).trim(), 'Ирина Петрова');
    assert.ok(await pa.locator('#account-nav a[href="/inbox"]').count() === 1, 'no inbox link');
    s.signedUp = true;
    noProblems(pa);
  });

  test('a wrong password is refused with the message next to the field', async () => {
    need('signedUp');
    const c = await launch({ locale: 'ru-RU' });
    try {
      const p = await newPage(c.context);
      await p.goto(BASE + '/signin');
      await p.waitForSelector('#signin-form');
      await p.fill('[data-field="email"] input', s.emailA);
      await p.fill('[data-field="password"] input', 'not the password at all');
      await p.click('#signin-form button[type=submit]');
      await p.waitForSelector('.form-error .error');
      assert.equal((await p.locator('.form-error .error-title').textContent()).trim(), cat.ru['error.bad_login']);
      assert.equal(await p.locator('[data-field="password"] input').getAttribute('aria-invalid'), 'true');
      assert.equal((await p.locator('[data-field="password"] .field-error').textContent()).trim(), cat.ru['fieldmsg.bad_login']);
      await p.screenshot({ path: shotPath('signin-error-ru'), fullPage: true });
      // The right password signs in.
      await p.fill('[data-field="password"] input', 'correct horse battery staple');
      await p.click('#signin-form button[type=submit]');
      await p.waitForSelector('#signout');
      // The browser notes the 401 in its console; nothing else.
      assert.deepEqual(p.problems.filter((x) => !/status of 401/.test(x)), []);
    } finally {
      await c.close();
    }
  });

  test('an organisation is created with the form (names, country, city, HS code picked in Russian)', async () => {
    need('signedUp');
    // First a refused form: the errors land next to the field at fault.
    await go(pa, '/my/organisations/new');
    await pa.waitForSelector('form.org-form');
    await pa.fill('[data-field="names[0].text"] input', 'ООО «Уралпрофиль»');
    await pa.fill('[data-field="names[0].lang"] input', 'ru');
    await pa.selectOption('[data-field="country"] select', 'RU');
    await pa.fill('[data-field="website"] input', 'not a web address');
    await pa.click('form.org-form .actions button[type=submit]');
    await pa.waitForSelector('[data-field="website"] .field-error:not([hidden])');
    assert.equal(await pa.locator('[data-field="website"] input').getAttribute('aria-invalid'), 'true');
    assert.equal(await pa.evaluate(() => document.activeElement.closest('[data-field]')?.dataset.field), 'website');
    await pa.screenshot({ path: shotPath('organisation-form-error-en'), fullPage: true });
    pa.problems.splice(0); // the 400 of the refused form
    s.orgA = await createOrganisation(pa, {
      names: [{ text: 'ООО «Уралпрофиль»', lang: 'ru' }, { text: 'Uralprofil LLC', lang: 'en' }],
      country: 'RU', city: 'Екатеринбург', type: 'enterprise',
      hs: [['алюминиевые профили', HS]],
      fill: { '[data-field="website"] input': 'https://uralprofil.example.ru' },
    });
    assert.ok(s.orgA > 0);
    await pa.waitForSelector('.members .member');
    assert.equal(await pa.locator('.members .member').count(), 1, 'the creator is the only member');
    assert.deepEqual(await unlabelled(pa, 'main'), [], 'controls without a label on the organisation page');
    await pa.screenshot({ path: shotPath('organisation-edit-en'), fullPage: true });
    // The public page shows what was written.
    await go(pa, `/organisations/${s.orgA}`);
    await pa.waitForSelector('article.organisation');
    assert.equal((await pa.locator('h1').textContent()).trim(), 'ООО «Уралпрофиль»');
    assert.ok((await pa.locator('.facts').textContent()).includes('Екатеринбург'));
    assert.equal(await pa.locator(`.code[data-code="${HS}"]`).count(), 1);
    noProblems(pa);
  });

  test('the profile is edited with If-Match and saved', async () => {
    need('orgA');
    await go(pa, `/my/organisations/${s.orgA}`);
    await pa.waitForSelector('form.org-form');
    const req = pa.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/organisations/${s.orgA}`));
    await pa.fill('[data-field="languages"] input', 'ru, en');
    await pa.click('form.org-form .actions button[type=submit]');
    const r = await req;
    assert.ok(r.headers()['if-match'], 'no If-Match');
    assert.ok(r.headers()['x-csrf-token'], 'no X-CSRF-Token');
    assert.match(r.headers()['content-type'], /application\/json/);
    await pa.waitForSelector('.edit-section .note');
    noProblems(pa);
  });

  test('a profile changed elsewhere meanwhile is not overwritten (412, said in the reader\'s language)', async () => {
    need('orgA');
    const other = await newPage(a.context);
    try {
      await go(pa, `/my/organisations/${s.orgA}`);
      await pa.waitForSelector('form.org-form');
      await go(other, `/my/organisations/${s.orgA}`);
      await other.waitForSelector('form.org-form');
      await other.fill('[data-field="city"] input', 'Екатеринбург (Свердловская обл.)');
      await other.click('form.org-form .actions button[type=submit]');
      await other.waitForSelector('.edit-section .note');
      // The first page still holds the old version.
      await pa.fill('[data-field="city"] input', 'Екатеринбург');
      await pa.click('form.org-form .actions button[type=submit]');
      await pa.waitForSelector('.form-error .error');
      assert.equal(await pa.locator('.form-error .error').getAttribute('data-error-kind'), 'precondition_failed');
      assert.equal((await pa.locator('.form-error .error-title').textContent()).trim(), cat.en['error.precondition_failed']);
      pa.problems.splice(0); // the browser's note of the 412
      noProblems(other);
    } finally {
      await other.close();
    }
  });

  test('a listing written in Russian is created as a draft and published', async () => {
    need('orgA');
    // Without a title the server refuses, and says so under the title.
    await go(pa, `/my/listings/new?org=${s.orgA}`);
    await pa.waitForSelector('form.listing-form');
    await pa.fill('[data-field="texts[0].lang"] input', 'ru');
    await pa.click('form.listing-form .actions button[type=submit]');
    await pa.waitForSelector('[data-field="texts[0].title"] .field-error:not([hidden])');
    assert.equal(await pa.locator('[data-field="texts[0].title"] input').getAttribute('aria-invalid'), 'true');
    pa.problems.splice(0); // the browser's note of the 400
    s.listing = await createListing(pa, s.orgA, {
      direction: 'offer', kind: 'coproduction', lang: 'ru', title: TITLE_RU,
      description: 'Экструзия алюминиевых профилей для оконных и фасадных систем, анодирование, порошковая окраска.',
      hs: [[QUERY_ZH, HS]], // the picker finds the code from a Chinese word
    });
    await pa.waitForSelector('.listing-edit[data-status="draft"]');
    await pa.click('.targets-details > summary');
    assert.deepEqual(await unlabelled(pa, 'main'), [], 'controls without a label on the listing editor');
    await pa.screenshot({ path: shotPath('listing-edit-draft-en'), fullPage: true });
    await publish(pa);
    // It is in the organisation's list, published.
    await go(pa, `/my/organisations/${s.orgA}/listings`);
    await pa.waitForSelector(`.card[data-id="${s.listing}"][data-status="published"]`);
    await pa.screenshot({ path: shotPath('my-listings-en'), fullPage: true });
    s.published = true;
    noProblems(pa);
  });

  test('a Chinese query on the search page finds the Russian listing', async () => {
    need('published');
    await go(pa, '/');
    await pa.selectOption('#lang-select', 'zh');
    await pa.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await pa.fill('#q', QUERY_ZH);
    await pa.waitForFunction((q) => document.querySelector('.results')?.dataset.query === q, QUERY_ZH, { timeout: 15000 });
    const hit = pa.locator(`.hit[data-id="${s.listing}"]`);
    await hit.waitFor({ timeout: 10000 });
    assert.equal(await hit.getAttribute('data-lang'), 'ru');
    assert.ok((await hit.locator('.hit-title').textContent()).includes(TITLE_RU));
    await pa.screenshot({ path: shotPath('search-zh-finds-ru-listing'), fullPage: true });
    s.found = true;
    noProblems(pa);
  });

  test('the search is saved and listed on the saved-searches page', async () => {
    need('found');
    await pa.click('#save-search');
    await pa.fill('#save-search-form [data-field="name"] input', '铝型材 — окна');
    await pa.click('#save-search-form button[type=submit]');
    await pa.waitForSelector('#saved-note');
    await go(pa, '/saved');
    await pa.waitForSelector('.saved-list .card');
    assert.ok((await pa.locator('.saved-list').textContent()).includes('铝型材 — окна'));
    await pa.screenshot({ path: shotPath('saved-searches-zh'), fullPage: true });
    await pa.selectOption('#lang-select', 'en');
    await pa.waitForFunction(() => document.documentElement.lang === 'en');
    noProblems(pa);
  });

  test('a second account in another browser creates a Chinese organisation and expresses interest; the badge of the first updates live', async () => {
    need('published');
    s.emailB = uniqueEmail('b');
    await signUp(pb, { email: s.emailB, name: '王伟' });
    s.orgB = await createOrganisation(pb, {
      names: [{ text: '佛山铝业有限公司', lang: 'zh' }], country: 'CN', city: '佛山', type: 'enterprise',
      hs: [['铝', '7601']],
    });
    // A watches the inbox meanwhile.
    await go(pa, '/inbox');
    await pa.waitForSelector('.interests');
    const before = await badge(pa);
    await go(pb, `/listings/${s.listing}`);
    await pb.waitForSelector('#express-interest:not([disabled])');
    await pb.click('#express-interest');
    await pb.fill('#interest-form [data-field="offered"] textarea', '我们有 20 条挤压生产线，年产能 5 万吨。');
    await pb.fill('#interest-form [data-field="sought"] textarea', '寻找俄罗斯市场的合作生产伙伴。');
    await pb.fill('#interest-form [data-field="why"] textarea', '同一 HS 品目 7604，产品互补。');
    assert.deepEqual(await unlabelled(pb, '#interest-form'), []);
    await pb.screenshot({ path: shotPath('interest-form-zh'), fullPage: true });
    await pb.click('#interest-form button[type=submit]');
    await pb.waitForSelector('#interest-sent');
    s.interest = Number((await pb.locator('#interest-sent a').getAttribute('href')).split('/').pop());
    assert.ok(s.interest > 0);
    // A's badge rises without a reload (server-sent events).
    await pa.waitForFunction((n) => Number(document.querySelector('#unread-badge')?.dataset.count) > n, before, { timeout: 15000 });
    await pa.waitForSelector(`.interest-card[data-id="${s.interest}"]`, { timeout: 15000 });
    await pa.screenshot({ path: shotPath('inbox-received-en'), fullPage: true });
    noProblems(pa);
    noProblems(pb);
  });

  test('the first account accepts, and messages go both ways, live', async () => {
    need('interest');
    await pa.click(`.interest-card[data-id="${s.interest}"] a`);
    await pa.waitForSelector('article.thread');
    await pa.click('button[data-action="accept"]');
    await pa.waitForSelector('.interest-status [data-status="accepted"]');
    await pa.fill('.message-form [data-field="body"] textarea', 'Здравствуйте! Готовы обсудить поставки в Китай.');
    await pa.click('.message-form button[type=submit]');
    await pa.waitForSelector('.messages .message.mine');
    // B sees the decision and the message, and answers.
    await go(pb, `/interests/${s.interest}`);
    await pb.waitForSelector('.interest-status [data-status="accepted"]');
    await pb.waitForSelector('.messages .message:not(.mine)');
    assert.ok((await pb.locator('.messages').textContent()).includes('Готовы обсудить'));
    assert.equal(await pb.locator('button[data-action="accept"]').count(), 0, 'the sender cannot decide');
    const before = await badge(pa);
    await pb.fill('.message-form [data-field="body"] textarea', '你好！我们下周可以视频会议。');
    await pb.click('.message-form button[type=submit]');
    await pb.waitForSelector('.messages .message.mine');
    // A's open thread shows B's answer without a reload.
    await pa.waitForFunction(() => [...document.querySelectorAll('.messages .message:not(.mine)')].some((m) => m.textContent.includes('视频会议')), null, { timeout: 15000 });
    assert.ok(before >= 0);
    await pa.screenshot({ path: shotPath('thread-en'), fullPage: true });
    await pb.screenshot({ path: shotPath('thread-zh'), fullPage: true });
    s.talked = true;
    noProblems(pa);
    noProblems(pb);
  });

  test('notifications are listed and marked read, and the badge follows', async () => {
    need('talked');
    await go(pb, '/notifications');
    await pb.waitForSelector('.notice');
    const unread = await badge(pb);
    const first = pb.locator('.notice-unread .mark-read').first();
    if (unread > 0 && await first.count()) {
      await first.click();
      await pb.waitForFunction((n) => Number(document.querySelector('#unread-badge')?.dataset.count) === n - 1, unread);
    }
    await pb.screenshot({ path: shotPath('notifications-zh'), fullPage: true });
    await go(pb, '/inbox?box=sent');
    await pb.waitForSelector(`.interest-card[data-id="${s.interest}"][data-status="accepted"]`);
    noProblems(pb);
  });

  test('the directory finds both organisations', async () => {
    need('orgA', 'orgB');
    await go(pa, '/organisations?country=CN');
    await pa.waitForSelector('.directory-list, .directory-body .muted');
    let found = await pa.locator(`.org-card[data-id="${s.orgB}"]`).count();
    for (let i = 0; i < 20 && !found && await pa.locator('.more button').count(); i++) {
      await pa.click('.more button');
      await pa.waitForTimeout(300);
      found = await pa.locator(`.org-card[data-id="${s.orgB}"]`).count();
    }
    assert.ok(found, 'the Chinese organisation is not in the directory for CN');
    await pa.screenshot({ path: shotPath('directory-en'), fullPage: true });
    noProblems(pa);
  });

  test('the pages switch between en, ru and zh, and stay readable at 360 px', async () => {
    need('talked');
    const pages = ['/my', `/my/organisations/${s.orgA}`, `/my/listings/${s.listing}`, '/inbox', `/interests/${s.interest}`, '/notifications', '/saved'];
    for (const l of ['ru', 'zh', 'en']) {
      await go(pa, '/my');
      await pa.selectOption('#lang-select', l);
      await pa.waitForFunction((want) => document.documentElement.lang === want, l === 'zh' ? 'zh-CN' : l);
      assert.equal((await pa.locator('#account-nav a[href="/inbox"]').textContent()).replace(/\s*\d+\s*$/, '').trim(), cat[l]['nav.inbox']);
      assert.equal((await pa.locator('h1').textContent()).trim(), cat[l]['my.title']);
    }
    await pa.setViewportSize({ width: 360, height: 740 });
    for (const l of ['ru', 'zh', 'en']) {
      await pa.selectOption('#lang-select', l);
      await pa.waitForFunction((want) => document.documentElement.lang === want, l === 'zh' ? 'zh-CN' : l);
      for (const path of pages) {
        await go(pa, path);
        await pa.waitForSelector('h1');
        // The live stream keeps the network busy: wait for the page's own loading notes to go.
        await pa.waitForFunction(() => !document.querySelector('main .loading'));
        const { sw, cw } = await pa.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
        assert.ok(sw <= cw, `${l} ${path}: scrollWidth ${sw} > ${cw}`);
      }
      if (l === 'ru') await pa.screenshot({ path: shotPath('mobile-saved-ru'), fullPage: true });
    }
    await go(pa, `/my/listings/${s.listing}`);
    await pa.waitForSelector('form.listing-form');
    await pa.screenshot({ path: shotPath('mobile-listing-edit'), fullPage: true });
    await pa.setViewportSize({ width: 1280, height: 900 });
    noProblems(pa);
  });

  test('keyboard: the HS picker works with arrows and Enter', async () => {
    need('orgA');
    await go(pa, `/my/organisations/${s.orgA}`);
    await pa.waitForSelector('form.org-form');
    const input = pa.locator('[data-field="isic"] input[role=combobox]');
    await input.focus();
    await pa.keyboard.type('алюм', { delay: 20 });
    await pa.waitForSelector('[data-field="isic"] [role=option][data-code]');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    await pa.keyboard.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    assert.ok(active, 'no active option');
    const code = await pa.locator(`#${active}`).getAttribute('data-code');
    await pa.keyboard.press('Enter');
    await pa.waitForSelector(`[data-field="isic"] .chip[data-code="${code}"]`);
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    noProblems(pa);
  });

  test('an admin invites by email; the invitee confirms the address, accepts, and is removed', async () => {
    need('orgA', 'emailB');
    await go(pa, `/my/organisations/${s.orgA}`);
    await pa.waitForSelector('.members .member');
    await pa.fill('.members [data-field="email"] input', s.emailB);
    await pa.click('.members form.invite-form button[type=submit]');
    // An invitation, not a member: nobody joins without accepting.
    await pa.waitForSelector('.members .invitation');
    assert.ok((await pa.locator('.members .invitation').textContent()).includes(s.emailB));
    assert.equal(await pa.locator('.members .member').count(), 1);
    // B follows the link the server sent (its outbox is the server log).
    const log = readFileSync(process.env.HAMKOR_WEB_SERVER_LOG, 'utf8');
    const links = [...log.matchAll(/mail to (\S+): confirm your email address: (\/verify-email\?token=\S+)/g)]
      .filter((m) => m[1] === s.emailB);
    assert.ok(links.length, 'no confirmation link was sent to B');
    await go(pb, links[links.length - 1][2]);
    await pb.waitForSelector('.verify-email .email-verified');
    await go(pb, '/account');
    await pb.waitForSelector('.my-invitation');
    await pb.click('.my-invitation button[data-action="accept"]');
    await pb.waitForSelector('.no-invitations');
    await go(pa, '/my');
    await go(pa, `/my/organisations/${s.orgA}`);
    await pa.waitForFunction(() => document.querySelectorAll('.members .member').length === 2);
    await pa.locator('.members .member').filter({ hasText: s.emailB }).locator('button').click();
    await pa.waitForFunction(() => document.querySelectorAll('.members .member').length === 1);
    noProblems(pa);
    noProblems(pb);
  });

  test('a listing is renewed with a date and closed', async () => {
    need('published');
    await go(pa, `/my/listings/${s.listing}`);
    await pa.waitForSelector('.listing-edit[data-status="published"]');
    const date = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
    const req = pa.waitForRequest((r) => r.url().endsWith(`/api/v1/listings/${s.listing}/renew`));
    await pa.fill('.status-actions [data-field="expires"] input', date);
    await pa.click('button[data-action="renew"]');
    assert.deepEqual(JSON.parse((await req).postData()), { expires: date });
    await pa.waitForSelector('.listing-edit[data-status="published"] .status-actions .note, .listing-edit .note');
    await pa.click('button[data-action="close"]');
    await pa.waitForSelector('.listing-edit[data-status="closed"]');
    assert.equal(await pa.locator('button[data-action]').count(), 0);
    noProblems(pa);
  });

  test('a saved search is deleted', async () => {
    need('found');
    await go(pa, '/saved');
    await pa.waitForSelector('.saved-list .card');
    const n = await pa.locator('.saved-list .card').count();
    await pa.locator('.saved-list .card button').first().click();
    await pa.waitForFunction((k) => document.querySelectorAll('.saved-list .card').length === k - 1, n);
    noProblems(pa);
  });

  test('signing out returns to a visitor\'s header', async () => {
    need('signedUp');
    await go(pa, '/');
    await pa.click('#signout');
    await pa.waitForSelector('#account-nav a[href="/signin"]');
    await go(pa, '/inbox');
    await pa.waitForSelector('.signin-needed');
    noProblems(pa);
  });
});
