// account.test.js - the account page and "flag as duplicate", through the
// web UI as a person uses them: the page is linked from the header,
// labelled, in en/ru/zh and readable at 360 px; a password change refused
// for a wrong current password and for the password policy (each message
// next to its field), then made, which signs out the other session, after
// which the old password is refused at sign-in and the new one works; an
// API token created, shown once with a copy button, listed without its
// secret, working as a Bearer token, and revoked after a confirmation
// (by keyboard); notification mails chosen (a daily digest, in the page's
// language) and kept; an organisation flagged as a duplicate of another found
// through the directory, a second flag of the same pair refused (409, said
// so), and the flag on the secretariat's page. No console errors beyond
// the refusals the steps provoke. Steps run in order and share state.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, uniqueEmail, signUp, signIn, PASSWORD } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';
const SECRETARIAT = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean)[1];
const NEW_PASSWORD = 'квадратный трёхчлен 2026';
const TOKEN_NAME = 'ERP export <b>bold</b> & "quoted"';
const NOTE = 'Same registry ID <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/** The page's problems, leaving out the browser's notes of refusals a step provoked on purpose (statuses). */
function noProblems(page, ...statuses) {
  const expected = statuses.length ? new RegExp(`status of (${statuses.join('|')})`) : null;
  assert.deepEqual(page.problems.filter((x) => !(expected && expected.test(x))), [], 'console errors or outside requests');
  page.problems.splice(0);
}

/** Form controls in scope that have neither a <label> nor an aria-label. */
async function unlabelled(page, scope) {
  return page.$$eval(`${scope} input:not([type=hidden]), ${scope} select, ${scope} textarea, ${scope} button`,
    (els) => els.filter((e) => (e.tagName === 'BUTTON' ? !e.textContent.trim() && !e.getAttribute('aria-label')
      : !e.labels?.length && !e.getAttribute('aria-label'))).map((e) => e.outerHTML.slice(0, 80)));
}

async function setLang(page, l) {
  await page.selectOption('#lang-select', l);
  await page.waitForFunction((want) => document.documentElement.lang === want, l === 'zh' ? 'zh-CN' : l);
}

async function fieldError(page, scope, name) {
  const sel = `${scope} [data-field="${name}"] .field-error:not([hidden])`;
  await page.waitForSelector(sel);
  return (await page.locator(sel).first().textContent()).trim();
}

async function activeField(page) {
  return page.evaluate(() => document.activeElement?.closest('[data-field]')?.dataset.field);
}

/** GET path with an API token; the HTTP status and the body. */
async function withToken(token, path) {
  const r = await fetch(BASE + path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  return { status: r.status, body: await r.json().catch(() => null) };
}

describe('the account page: password and API tokens; flagging a duplicate', { skip }, () => {
  let a; // the first person's browser
  let t; // the second person's browser (tokens, duplicates)
  let pa;
  let pt;
  const s = {};
  const need = (...keys) => { for (const k of keys) if (!s[k]) throw new Error(`an earlier step failed (no ${k})`); };

  before(async () => {
    a = await launch({ locale: 'en-US' });
    t = await launch({ locale: 'en-US' });
    pa = await newPage(a.context);
    pt = await newPage(t.context);
  });
  after(async () => {
    await a?.close();
    await t?.close();
  });

  test('the account page is linked from the header, labelled, in en/ru/zh, and readable at 360 px', async () => {
    s.emailA = uniqueEmail('account');
    await signUp(pa, { email: s.emailA, name: 'Айгерим Сапарова' });
    const link = pa.locator('#account-nav a[href="/account"]');
    assert.equal((await link.textContent()).trim(), cat.en['nav.account_page']);
    await link.click();
    await pa.waitForSelector('#password-form');
    await pa.waitForFunction(() => !document.querySelector('main .loading'));
    assert.equal(await link.getAttribute('aria-current'), 'page');
    assert.equal((await pa.locator('h1').textContent()).trim(), cat.en['account.title']);
    assert.equal(await pa.evaluate(() => document.activeElement?.tagName), 'H1', 'focus is not on the heading');
    assert.equal((await pa.locator('.account-email').textContent()).trim(), s.emailA);
    assert.equal((await pa.locator('.account-name').textContent()).trim(), 'Айгерим Сапарова');
    assert.deepEqual(await unlabelled(pa, 'main'), [], 'controls without a label');
    assert.ok(await pa.locator('#no-tokens').count() === 1, 'a new account lists no tokens');
    await pa.screenshot({ path: shotPath('account-en'), fullPage: true });
    for (const l of ['ru', 'zh']) {
      await setLang(pa, l);
      await pa.waitForSelector('#password-form');
      assert.equal((await pa.locator('h1').textContent()).trim(), cat[l]['account.title']);
      assert.equal((await pa.locator('#password-form button[type=submit]').textContent()).trim(), cat[l]['account.change_password']);
      assert.equal((await pa.locator('#token-form [data-field="name"] label').textContent()).replace('*', '').trim(), cat[l]['tokens.name']);
      assert.equal((await link.textContent()).trim(), cat[l]['nav.account_page']);
    }
    await pa.screenshot({ path: shotPath('account-zh'), fullPage: true });
    await pa.setViewportSize({ width: 360, height: 740 });
    for (const l of ['ru', 'zh', 'en']) {
      await setLang(pa, l);
      await pa.waitForSelector('#password-form');
      const { sw, cw } = await pa.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
      assert.ok(sw <= cw, `${l} /account: scrollWidth ${sw} > ${cw}`);
      if (l === 'ru') await pa.screenshot({ path: shotPath('mobile-account-ru'), fullPage: true });
    }
    await pa.setViewportSize({ width: 1280, height: 900 });
    s.page = true;
    noProblems(pa);
  });

  test('notification mails: never by default; a daily digest chosen in Russian is kept, with the page\'s language', async () => {
    need('page');
    await pa.waitForSelector('#mail-form');
    await pa.waitForFunction(() => document.querySelector('#mail-pref')?.value === 'never');
    await setLang(pa, 'ru');
    await pa.waitForSelector('#mail-form');
    assert.equal((await pa.locator('#mail-title').textContent()).trim(), cat.ru['account.mail_title']);
    await pa.selectOption('#mail-pref', 'daily');
    await pa.click('#mail-form button[type=submit]');
    await pa.waitForSelector('#mail-form > .note[role=status]');
    assert.equal((await pa.locator('#mail-form > .note').textContent()).trim(), cat.ru['account.mail_saved']);
    const saved = await pa.evaluate(async () => {
      const r = await fetch('/api/v1/me/mail-preferences', { headers: { Accept: 'application/json' } });
      return r.json();
    });
    assert.equal(saved.mail, 'daily');
    assert.equal(saved.lang, 'ru');
    await pa.reload();
    await pa.waitForSelector('#mail-form');
    await pa.waitForFunction(() => document.querySelector('#mail-pref')?.value === 'daily');
    await setLang(pa, 'en');
    noProblems(pa);
  });

  test('a wrong current password is refused next to its field; two different new passwords are caught before sending', async () => {
    need('page');
    // A second session of the same person, which the change must end.
    const b = await launch({ locale: 'en-US' });
    s.other = b;
    s.po = await newPage(b.context);
    await signIn(s.po, s.emailA);
    let sent = 0;
    const count = (r) => { if (r.url().endsWith('/api/v1/auth/password')) sent++; };
    pa.on('request', count);
    // The two new passwords differ: said under the second, nothing is sent.
    await pa.fill('#password-form [data-field="current_password"] input', PASSWORD);
    await pa.fill('#password-form [data-field="new_password"] input', NEW_PASSWORD);
    await pa.fill('#password-form [data-field="new_password_again"] input', NEW_PASSWORD + 'x');
    await pa.click('#password-form button[type=submit]');
    assert.equal(await fieldError(pa, '#password-form', 'new_password_again'), cat.en['account.passwords_differ']);
    assert.equal(await activeField(pa), 'new_password_again');
    assert.equal(sent, 0, 'a request was sent with two different new passwords');
    // A wrong current password: 400 naming current_password.
    await pa.fill('#password-form [data-field="current_password"] input', 'this is not my password');
    await pa.fill('#password-form [data-field="new_password_again"] input', NEW_PASSWORD);
    await pa.click('#password-form button[type=submit]');
    assert.equal(await fieldError(pa, '#password-form', 'current_password'), cat.en['fieldmsg.not_current']);
    assert.equal(await pa.locator('#password-form [data-field="current_password"] input').getAttribute('aria-invalid'), 'true');
    assert.equal(await activeField(pa), 'current_password');
    assert.equal(await pa.locator('#password-form [data-field="new_password_again"] .field-error:not([hidden])').count(), 0,
      'the earlier error stayed');
    assert.equal(sent, 1);
    pa.off('request', count);
    await pa.screenshot({ path: shotPath('account-password-error-en'), fullPage: true });
    s.refused = true;
    noProblems(pa, 400);
  });

  test('the password is changed; the other session is signed out, this one stays', async () => {
    need('refused');
    await pa.fill('#password-form [data-field="current_password"] input', PASSWORD);
    await pa.fill('#password-form [data-field="new_password"] input', NEW_PASSWORD);
    await pa.fill('#password-form [data-field="new_password_again"] input', NEW_PASSWORD);
    const req = pa.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/auth/password'));
    const resp = pa.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'));
    await pa.click('#password-form button[type=submit]');
    const r = await req;
    assert.deepEqual(JSON.parse(r.postData()), { current_password: PASSWORD, new_password: NEW_PASSWORD });
    assert.ok(r.headers()['x-csrf-token'], 'no X-CSRF-Token');
    assert.equal((await resp).status(), 204);
    await pa.waitForSelector('#password-changed');
    assert.equal((await pa.locator('#password-changed').textContent()).trim(), cat.en['account.password_changed']);
    for (const f of ['current_password', 'new_password', 'new_password_again']) {
      assert.equal(await pa.locator(`#password-form [data-field="${f}"] input`).inputValue(), '', `${f} kept its value`);
    }
    assert.equal(await pa.locator('#password-form [aria-invalid]').count(), 0);
    await pa.screenshot({ path: shotPath('account-password-changed-en'), fullPage: true });
    // This browser is still signed in; the other one is not.
    assert.equal(await pa.evaluate(async () => (await fetch('/api/v1/me')).status), 200);
    assert.equal(await s.po.evaluate(async () => (await fetch('/api/v1/me')).status), 401);
    await s.other.close();
    s.changed = true;
    noProblems(pa);
  });

  test('the old password is then refused at sign-in, and the new one works', async () => {
    need('changed');
    const c = await launch({ locale: 'en-US' });
    try {
      const p = await newPage(c.context);
      await p.goto(BASE + '/signin');
      await p.waitForSelector('#signin-form');
      await p.fill('[data-field="email"] input', s.emailA);
      await p.fill('[data-field="password"] input', PASSWORD);
      await p.click('#signin-form button[type=submit]');
      await p.waitForSelector('.form-error .error');
      assert.equal((await p.locator('.form-error .error-title').textContent()).trim(), cat.en['error.bad_login']);
      assert.equal(await p.locator('#signout').count(), 0);
      await p.fill('[data-field="password"] input', NEW_PASSWORD);
      await p.click('#signin-form button[type=submit]');
      await p.waitForSelector('#signout', { timeout: 15000 });
      assert.equal((await p.locator('.nav-user').textContent()).trim(), 'Айгерим Сапарова');
      noProblems(p, 401);
    } finally {
      await c.close();
    }
  });

  test('the password policy\'s refusals are shown under the new password', async () => {
    s.emailT = uniqueEmail('tokens');
    await signUp(pt, { email: s.emailT, name: '李娜' });
    await pt.click('#account-nav a[href="/account"]');
    await pt.waitForSelector('#password-form');
    await setLang(pt, 'ru');
    await pt.waitForSelector('#password-form');
    for (const [bad, key, params] of [['короткий', 'fieldmsg.min_chars', { min: 10 }], [s.emailT, 'fieldmsg.not_email', {}]]) {
      await pt.fill('#password-form [data-field="current_password"] input', PASSWORD);
      await pt.fill('#password-form [data-field="new_password"] input', bad);
      await pt.fill('#password-form [data-field="new_password_again"] input', bad);
      await pt.click('#password-form button[type=submit]');
      const want = cat.ru[key].replace(/\{(\w+)\}/g, (m, k) => String(params[k]));
      await pt.waitForFunction((w) => document.querySelector('#password-form [data-field="new_password"] .field-error:not([hidden])')?.textContent.trim() === w, want);
      assert.equal(await pt.locator('#password-form [data-field="new_password"] input').getAttribute('aria-invalid'), 'true');
      assert.equal(await activeField(pt), 'new_password');
      assert.equal(await pt.locator('#password-form [data-field="current_password"] .field-error:not([hidden])').count(), 0);
    }
    await pt.screenshot({ path: shotPath('account-password-policy-ru'), fullPage: true });
    await setLang(pt, 'en');
    s.signedUpT = true;
    noProblems(pt, 400);
  });

  test('an API token is created and shown once, with a copy button and a warning', async () => {
    need('signedUpT');
    await go(pt, '/account');
    await pt.waitForSelector('#token-form');
    await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    await pt.fill('#token-form [data-field="name"] input', TOKEN_NAME);
    await pt.fill('#token-form [data-field="expires_in_days"] input', '30');
    const req = pt.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/tokens'));
    await pt.click('#token-form button[type=submit]');
    assert.deepEqual(JSON.parse((await req).postData()), { name: TOKEN_NAME, expires_in_days: 30 });
    await pt.waitForSelector('#new-token');
    s.token = await pt.locator('#new-token-value').inputValue();
    assert.match(s.token, /^hk_[0-9a-f]{16}_\S+$/);
    s.tokenId = await pt.locator('#new-token').getAttribute('data-id');
    assert.equal((await pt.locator('#new-token-warning').textContent()).trim(), cat.en['tokens.once_warning']);
    assert.equal(await pt.evaluate(() => document.activeElement?.id), 'new-token-value', 'focus is not on the token');
    assert.equal(await pt.locator('#new-token-value').getAttribute('aria-describedby'), 'new-token-warning');
    // The name is text: no <b> made from it.
    assert.ok((await pt.locator('#new-token-title').textContent()).includes(TOKEN_NAME));
    assert.equal(await pt.locator('main b').count(), 0);
    assert.deepEqual(await unlabelled(pt, '#new-token'), []);
    // Copy: to the clipboard where the browser allows it, else selected for Ctrl+C.
    await pt.click('#copy-token');
    await pt.waitForFunction(() => document.querySelector('#new-token .copy-status')?.textContent.trim());
    const status = (await pt.locator('#new-token .copy-status').textContent()).trim();
    assert.ok([cat.en['tokens.copied'], cat.en['tokens.copy_by_hand']].includes(status), status);
    if (status === cat.en['tokens.copied']) assert.equal(await pt.evaluate(() => navigator.clipboard.readText()), s.token);
    await pt.screenshot({ path: shotPath('token-created-en'), fullPage: true });
    // The token works for the API, as its owner.
    const me = await withToken(s.token, '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, s.emailT);
    noProblems(pt);
  });

  test('the token is listed without its secret, and is not shown again', async () => {
    need('token');
    const secret = s.token.split('_').slice(2).join('_');
    const card = pt.locator(`.token-list .token[data-id="${s.tokenId}"]`);
    await card.waitFor();
    assert.equal((await card.locator('.token-name').textContent()), TOKEN_NAME);
    assert.equal(await card.getAttribute('data-state'), 'active');
    assert.ok((await card.locator('.key-id').textContent()).startsWith(s.token.split('_').slice(0, 2).join('_')));
    assert.ok(!(await pt.locator('.token-list').textContent()).includes(secret), 'the list shows the secret');
    // Hidden by the person, and gone after leaving the page.
    await pt.click('#hide-token');
    assert.equal(await pt.locator('#new-token').count(), 0);
    assert.equal(await activeField(pt), 'name');
    await go(pt, '/my');
    await pt.waitForSelector('h1');
    await go(pt, '/account');
    await pt.waitForSelector(`.token-list .token[data-id="${s.tokenId}"]`);
    const everything = await pt.evaluate(() => document.body.textContent + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join(' '));
    assert.ok(!everything.includes(secret), 'the secret is on the page again');
    assert.equal(await pt.locator('#new-token').count(), 0);
    // Its use was recorded.
    assert.notEqual((await card.locator('.last-used').textContent()).trim(), cat.en['tokens.never_used']);
    s.listed = true;
    noProblems(pt);
  });

  test('the token is revoked after a confirmation, by keyboard, and stops working', async () => {
    need('listed');
    const card = pt.locator(`.token-list .token[data-id="${s.tokenId}"]`);
    // Cancel first: nothing is sent and focus returns to the button.
    let deletes = 0;
    const count = (r) => { if (r.method() === 'DELETE') deletes++; };
    pt.on('request', count);
    await card.locator('button[data-action="revoke"]').focus();
    await pt.keyboard.press('Enter');
    await card.locator('.revoke-confirm').waitFor();
    assert.ok((await card.locator('.revoke-confirm').textContent()).includes(TOKEN_NAME));
    assert.equal(await pt.evaluate(() => document.activeElement?.dataset.action), 'confirm-revoke');
    await pt.keyboard.press('Tab');
    assert.equal(await pt.evaluate(() => document.activeElement?.dataset.action), 'cancel-revoke');
    await pt.keyboard.press('Enter');
    assert.equal(await card.locator('.revoke-confirm').count(), 0);
    assert.equal(await pt.evaluate(() => document.activeElement?.dataset.action), 'revoke');
    assert.equal(deletes, 0);
    pt.off('request', count);
    // Then for real.
    await pt.keyboard.press('Enter');
    await card.locator('.revoke-confirm').waitFor();
    await pt.screenshot({ path: shotPath('token-revoke-confirm-en'), fullPage: true });
    const del = pt.waitForRequest((r) => r.method() === 'DELETE' && r.url().endsWith(`/api/v1/tokens/${s.tokenId}`));
    await pt.keyboard.press('Enter');
    assert.ok((await del).headers()['x-csrf-token'], 'no X-CSRF-Token');
    await pt.waitForSelector(`.token-list .token[data-id="${s.tokenId}"][data-state="revoked"]`);
    assert.equal(await pt.locator(`.token-list .token[data-id="${s.tokenId}"] button[data-action="revoke"]`).count(), 0);
    assert.equal((await pt.locator('.tokens-note .note').textContent()).trim(), cat.en['tokens.revoked_done'].replace('{name}', TOKEN_NAME));
    assert.equal((await withToken(s.token, '/api/v1/me')).status, 401);
    await pt.screenshot({ path: shotPath('token-revoked-en'), fullPage: true });
    noProblems(pt);
  });

  test('an organisation is flagged as a duplicate of another found in the directory; the same flag again is refused (409)', async () => {
    need('signedUpT');
    // Two organisations of the demo data; the second is found by its name.
    const orgs = (await api('/api/v1/organisations?limit=30')).organisations;
    assert.ok(orgs.length >= 2, 'the demo has too few organisations');
    const x = orgs[0];
    let y = null;
    let q = '';
    for (const o of orgs.slice(1)) {
      const name = (o.names.find((n) => n.primary) || o.names[0]).text;
      const found = (await api(`/api/v1/organisations?q=${encodeURIComponent(name)}&limit=20`)).organisations;
      if (found.some((f) => f.id === o.id)) { y = o; q = name; break; }
    }
    assert.ok(y, 'no organisation is found by its own name');
    s.x = x.id;
    s.y = y.id;
    s.xName = (x.names.find((n) => n.primary) || x.names[0]).text;
    s.yName = q;
    // A visitor has no such control.
    const v = await launch({ locale: 'en-US' });
    try {
      const pv = await newPage(v.context);
      await pv.goto(`${BASE}/organisations/${s.x}`);
      await pv.waitForSelector('article.organisation');
      assert.equal(await pv.locator('#dup-open').count(), 0, 'a visitor may flag');
      noProblems(pv);
    } finally {
      await v.close();
    }
    await go(pt, `/organisations/${s.x}`);
    await pt.waitForSelector('#dup-open');
    assert.equal(await pt.locator('#dup-open').getAttribute('aria-expanded'), 'false');
    await pt.click('#dup-open');
    assert.equal(await pt.locator('#dup-open').getAttribute('aria-expanded'), 'true');
    assert.equal(await activeField(pt), 'q', 'focus is not in the search box');
    // Sending without a choice is caught here.
    let posts = 0;
    const count = (r) => { if (r.method() === 'POST' && r.url().includes('/duplicates')) posts++; };
    pt.on('request', count);
    await pt.click('#dup-form button[type=submit]');
    assert.equal(await fieldError(pt, '#dup-form', 'duplicate_of'), cat.en['dup.choose_first']);
    assert.equal(posts, 0);
    pt.off('request', count);
    // Typed and Enter: Enter searches, it does not send.
    await pt.locator('#dup-form [data-field="q"] input').fill(q);
    await pt.locator('#dup-form [data-field="q"] input').press('Enter');
    await pt.waitForSelector(`#dup-form .dup-option[data-id="${s.y}"]`);
    assert.equal(await pt.locator(`#dup-form .dup-option[data-id="${s.x}"]`).count(), 0, 'the organisation itself is offered');
    assert.deepEqual(await unlabelled(pt, '#dup-form'), []);
    // Chosen by keyboard.
    await pt.locator(`#dup-form .dup-option[data-id="${s.y}"] input`).focus();
    await pt.keyboard.press('Space');
    assert.ok(await pt.locator(`#dup-form .dup-option[data-id="${s.y}"] input`).isChecked());
    await pt.fill('#dup-form [data-field="note"] textarea', NOTE);
    await pt.screenshot({ path: shotPath('duplicate-form-en'), fullPage: true });
    const req = pt.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/organisations/${s.x}/duplicates`));
    await pt.click('#dup-form button[type=submit]');
    assert.deepEqual(JSON.parse((await req).postData()), { duplicate_of: s.y, note: NOTE });
    await pt.waitForSelector('#dup-sent');
    assert.equal((await pt.locator('#dup-sent').textContent()).trim(), cat.en['dup.sent'].replace('{name}', s.yName));
    assert.ok(await pt.locator('#dup-form').isHidden());
    s.flagged = true;
    // Again, in Russian: the server says 409 and the page says so.
    await setLang(pt, 'ru');
    await pt.waitForSelector('#dup-open');
    await pt.click('#dup-open');
    await pt.locator('#dup-form [data-field="q"] input').fill(q);
    await pt.click('#dup-find');
    await pt.locator(`#dup-form .dup-option[data-id="${s.y}"] input`).check();
    await pt.click('#dup-form button[type=submit]');
    await pt.waitForSelector('#dup-form .form-error .error');
    assert.equal(await pt.locator('#dup-form .form-error .error').getAttribute('data-error-kind'), 'dup_already');
    assert.equal((await pt.locator('#dup-form .form-error .error-title').textContent()).trim(), cat.ru['error.dup_already']);
    assert.equal(await fieldError(pt, '#dup-form', 'duplicate_of'), cat.ru['fieldmsg.dup_already']);
    await pt.screenshot({ path: shotPath('duplicate-again-ru'), fullPage: true });
    await pt.setViewportSize({ width: 360, height: 740 });
    const { sw, cw } = await pt.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `ru /organisations/${s.x} with the flag form: scrollWidth ${sw} > ${cw}`);
    await pt.screenshot({ path: shotPath('mobile-duplicate-ru'), fullPage: true });
    await pt.setViewportSize({ width: 1280, height: 900 });
    await setLang(pt, 'en');
    assert.equal(await pt.evaluate(() => window.__pwned), undefined);
    noProblems(pt, 409);
  });

  test('the secretariat sees the flag on its duplicates page', { skip: SECRETARIAT ? false : 'no secretariat account (HAMKOR_WEB_ROLES)' }, async () => {
    need('flagged');
    const c = await launch({ locale: 'en-US' });
    try {
      const p = await newPage(c.context);
      await signIn(p, SECRETARIAT);
      await go(p, '/admin');
      await p.waitForSelector('.dup-list, #dups-title ~ div .muted');
      const sel = `.dup-list .card[data-org="${s.x}"][data-duplicate-of="${s.y}"]`;
      for (let i = 0; i < 50 && !await p.locator(sel).count() && await p.locator('#dups-title ~ div > button').count(); i++) {
        await p.click('#dups-title ~ div > button');
        await p.waitForTimeout(200);
      }
      const card = p.locator(sel).last();
      await card.waitFor();
      assert.equal((await card.locator('.excerpt').textContent()), NOTE, 'the note is not shown as text');
      assert.equal(await p.locator('.dup-list script, .dup-list img').count(), 0);
      // The sentence names both organisations once their names are loaded.
      await p.waitForFunction(([el, a, b]) => {
        const txt = document.querySelector(el)?.textContent || '';
        return txt.includes(a) && txt.includes(b);
      }, [`${sel} .dup-pair`, s.xName, s.yName]);
      await card.scrollIntoViewIfNeeded();
      await p.screenshot({ path: shotPath('admin-duplicates-en'), fullPage: true });
      assert.equal(await p.evaluate(() => window.__pwned), undefined);
      noProblems(p);
    } finally {
      await c.close();
    }
  });
});
