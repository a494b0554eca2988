// writes-events-edit.test.js - the rest of issue 14 in Chromium, every
// step through the forms: the secretariat announces a side event with the
// event form (a bad time zone refused under its field first; titles in
// three languages marked original, human and machine translation, shown so
// on the event's page), edits it (PATCH with If-Match), and a stale edit is
// refused without a change. A member whose organisation works in ISIC 281
// registers with one of its published listings and accepts requests
// automatically; a second member finds it in the marketplace by the sector
// 28 and asks for a meeting; the secretariat schedules the event; the
// first member sees the event notice on /notifications, with the badge,
// and marks it read. Runs on the demo data with the accounts
// tests/web/run.sh makes (HAMKOR_WEB_ROLES: the secretariat is the second).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, signIn, signUp, createOrganisation, createListing, publish, uniqueEmail } from './lib/accounts.js';

const [, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no secretariat account (HAMKOR_WEB_ROLES)' : false;

const stamp = Date.now().toString(36);
const TITLE_EN = `Tashkent Machinery Days ${stamp}`;
const TITLE_RU = `Ташкентские дни машиностроения ${stamp}`;
const TITLE_ZH = `塔什干机械日 ${stamp}`;

/** Signs out and waits for the visitor's header. */
async function signOut(page) {
  await page.click('#signout');
  await page.waitForSelector('#account-nav a[href="/signin"]');
}

/** The JSON of an API GET made by the page (with its session). */
function fetchJson(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

/** Picks code in the ISIC picker of the field named field, typing text. */
async function pickIsic(page, fieldName, text, code) {
  await page.locator(`[data-field="${fieldName}"] input[role=combobox]`).fill(text);
  await page.waitForSelector(`[data-field="${fieldName}"] [role=option][data-code="${code}"]`, { timeout: 10000 });
  await page.click(`[data-field="${fieldName}"] [role=option][data-code="${code}"]`);
  await page.waitForSelector(`[data-field="${fieldName}"] .chip[data-code="${code}"]`);
}

describe('events: the form, listings at registration, the sector filter, notices', { skip }, () => {
  let br;
  let page;
  const s = {};
  const need = (k) => { if (!s[k]) throw new Error(`an earlier step failed (no ${k})`); };
  before(async () => {
    br = await launch({ locale: 'en-US' });
    page = await newPage(br.context);
  });
  after(async () => { await br?.close(); });

  test('the secretariat announces an event through the form', async () => {
    const orgs = await api('/api/v1/organisations?limit=1');
    s.organiser = orgs.organisations[0].id;
    await signIn(page, SECRETARIAT);
    await go(page, '/events');
    await page.click('#new-event');
    await page.waitForSelector('#event-form');
    await page.selectOption('[data-field="kind"] select', 'side_event');
    await page.fill('[data-field="organiser_org_id"] input', String(s.organiser));
    await page.locator('[data-field="organiser_org_id"] input').dispatchEvent('change');
    await page.waitForFunction(() => /Organiser: /.test(document.querySelector('.organiser-name')?.textContent || ''));
    await page.selectOption('[data-field="meeting_id"] select', { index: 1 });
    s.meeting = Number(await page.locator('[data-field="meeting_id"] select').inputValue());
    assert.ok(s.meeting > 0, 'the demo has coordination meetings to choose from');
    await page.fill('[data-title-lang="en"]', TITLE_EN);
    await page.fill('[data-body-lang="en"]', 'Thirty-minute meetings between machine builders.');
    await page.selectOption('select[name="origin_en"]', 'original');
    await page.fill('[data-title-lang="ru"]', TITLE_RU);
    await page.selectOption('select[name="origin_ru"]', 'human');
    await page.fill('[data-title-lang="zh"]', TITLE_ZH);
    await page.selectOption('select[name="origin_zh"]', 'machine');
    await page.fill('[data-field="place"] input', 'Tashkent, Expocentre');
    await page.fill('[data-field="tz"] input', 'Mars/Olympus');
    await page.fill('[data-field="first_day"] input', '2031-09-15');
    await page.fill('[data-field="days"] input', '2');
    await page.fill('[data-field="day_start"] input', '09:00');
    await page.fill('[data-field="day_end"] input', '12:00');
    await page.fill('[data-field="slot_minutes"] input', '30');
    await page.fill('[data-field="tables"] input', '6');
    await page.click('[data-field="breaks"] > p > button');
    await page.fill('[data-field="breaks[0].starts"] input', '10:30');
    await page.fill('[data-field="breaks[0].ends"] input', '11:00');
    // A zone that does not exist is refused under its field, focused.
    await page.click('#event-form .actions button[type=submit]');
    await page.waitForSelector('[data-field="tz"] .field-error:not([hidden])');
    assert.equal(await page.locator('[data-field="tz"] input').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-field]')?.dataset.field), 'tz');
    page.problems.splice(0); // the browser's note of the 400
    await page.screenshot({ path: shotPath('event-form-error-en'), fullPage: true });
    await page.fill('[data-field="tz"] input', 'Asia/Tashkent');
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/events'));
    await page.click('#event-form .actions button[type=submit]');
    const body = JSON.parse((await posted).postData());
    assert.deepEqual(body.texts.map((x) => [x.lang, x.origin]), [['en', 'original'], ['ru', 'human'], ['zh', 'machine']]);
    await page.waitForFunction(() => /^\/events\/\d+$/.test(location.pathname), null, { timeout: 15000 });
    s.event = Number(new URL(page.url()).pathname.split('/').pop());
    await page.waitForSelector(`article.event[data-id="${s.event}"]`);
    // The titles side by side, each with its origin.
    assert.equal(await page.locator('.side-text[data-lang="en"][data-origin="original"] .badge-origin-original').count(), 1);
    assert.equal(await page.locator('.side-text[data-lang="ru"][data-origin="human"]').count(), 1);
    assert.match(await page.textContent('.side-text[data-lang="zh"][data-origin="machine"]'), /Machine translation/);
    const ev = await api(`/api/v1/events/${s.event}`);
    assert.equal(ev.kind, 'side_event');
    assert.equal(ev.organiser_org_id, s.organiser);
    assert.equal(ev.meeting_id, s.meeting);
    assert.deepEqual(ev.breaks, [{ starts: '10:30', ends: '11:00' }]);
    assert.equal(ev.slots.length, 10, '5 slots a day around the break, two days');
    assert.equal(ev.texts.find((x) => x.lang === 'zh').origin, 'machine');
    await page.screenshot({ path: shotPath('event-origins-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('the secretariat edits it with If-Match, and a stale edit changes nothing', async () => {
    need('event');
    await page.click('#edit-event');
    await page.waitForSelector('#event-form');
    assert.equal(await page.inputValue('[data-title-lang="ru"]'), TITLE_RU);
    assert.equal(await page.inputValue('select[name="origin_zh"]'), 'machine');
    assert.equal(await page.inputValue('[data-field="breaks[0].ends"] input'), '11:00');
    await page.fill('[data-field="days"] input', '1');
    await page.fill('[data-field="tables"] input', '8');
    await page.selectOption('select[name="origin_ru"]', 'original');
    const patched = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/events/${s.event}`));
    await page.click('#event-form .actions button[type=submit]');
    const req = await patched;
    assert.ok(req.headers()['if-match'], 'the PATCH carries If-Match');
    assert.ok(req.headers()['x-csrf-token'], 'and the CSRF token');
    await page.waitForSelector(`article.event[data-id="${s.event}"] .side-text[data-lang="ru"][data-origin="original"]`);
    let ev = await api(`/api/v1/events/${s.event}`);
    assert.equal(ev.tables, 8);
    assert.equal(ev.slots.length, 5);

    // Someone else saves first: the form's save is refused and says so.
    await page.click('#edit-event');
    await page.waitForSelector('#event-form');
    const status = await page.evaluate(async (id) => {
      const g = await fetch(`/api/v1/events/${id}`);
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('csrf=')).slice(5));
      const r = await fetch(`/api/v1/events/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json',
        'X-CSRF-Token': csrf, 'If-Match': g.headers.get('ETag') }, body: JSON.stringify({ place: 'Tashkent, Congress Hall' }) });
      return r.status;
    }, s.event);
    assert.equal(status, 200);
    await page.fill('[data-field="tables"] input', '3');
    await page.click('#event-form .actions button[type=submit]');
    await page.waitForSelector('#event-form .form-error .error');
    assert.match(await page.textContent('#event-form .form-error'), /changed this in the meantime/);
    page.problems.splice(0); // the browser's note of the 412
    ev = await api(`/api/v1/events/${s.event}`);
    assert.equal(ev.tables, 8, 'the stale edit changed nothing');
    assert.equal(ev.place, 'Tashkent, Congress Hall');
    await signOut(page);
  });

  test('a member registers with a published listing of their organisation', async () => {
    need('event');
    s.emailA = uniqueEmail('pumps');
    await signUp(page, { email: s.emailA, name: 'Gulnara Karimova' });
    s.orgA = await createOrganisation(page, { names: [{ text: `Chirchiq Pump Works ${stamp}`, lang: 'en' }], country: 'UZ', type: 'enterprise' });
    await go(page, `/my/organisations/${s.orgA}`);
    await page.waitForSelector('form.org-form');
    await pickIsic(page, 'isic', 'General-purpose machinery', '281');
    await page.click('form.org-form .actions button[type=submit]');
    await page.waitForSelector('.edit-section .note');
    s.listing = await createListing(page, s.orgA, { direction: 'offer', kind: 'coproduction', lang: 'en',
      title: `Centrifugal pump housings ${stamp}`, description: 'Cast iron housings, machined.' });
    await publish(page);
    await page.goto(`${BASE}/events/${s.event}`); // a fresh load: the session knows the new organisation
    await page.waitForSelector('#register-form');
    const box = `#register-form .listing-choice input[name=listing_ids][value="${s.listing}"]`;
    await page.waitForSelector(box);
    assert.match(await page.textContent('#register-form .listing-choice'), /Centrifugal pump housings/);
    await page.check(box);
    await page.check('#register-form input[name=auto_accept]');
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/events/${s.event}/participants`));
    await page.click('#register-form button[type=submit]');
    assert.deepEqual(JSON.parse((await posted).postData()).listing_ids, [s.listing]);
    await page.waitForSelector(`#my-registration .registration-listings a[data-listing="${s.listing}"]`);
    s.partA = Number(await page.getAttribute('#my-registration', 'data-id'));
    const mine = await fetchJson(page, `/api/v1/events/${s.event}/participants?org=${s.orgA}`);
    assert.deepEqual(mine.participants[0].listing_ids, [s.listing]);
    await page.screenshot({ path: shotPath('event-register-listing-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await signOut(page);
  });

  test('another member finds it by sector in the marketplace and asks for a meeting', async () => {
    need('partA');
    await signUp(page, { email: uniqueEmail('castings'), name: 'Timur Abenov' });
    s.orgB = await createOrganisation(page, { names: [{ text: `Karaganda Foundry ${stamp}`, lang: 'en' }], country: 'KZ', type: 'enterprise' });
    await page.goto(`${BASE}/events/${s.event}`);
    await page.waitForSelector('#register-form .listing-choice .none'); // nothing published to bring
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('#my-registration');
    await page.click('a[href$="/participants"].button');
    await page.waitForSelector('#market-search');
    await page.waitForSelector('#market-total');
    assert.equal(await page.locator('.participant-card').count(), 2);
    await pickIsic(page, 'sector', 'Machinery and equipment', '28');
    await page.click('#market-search button[type=submit]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sector') === '28');
    await page.waitForFunction(() => document.querySelectorAll('.participant-card').length === 1);
    const card = `.participant-card[data-org="${s.orgA}"]`;
    await page.waitForSelector(card);
    assert.match(await page.textContent(card), new RegExp(`#${s.listing}`));
    await page.screenshot({ path: shotPath('event-market-sector-en'), fullPage: true });
    await page.fill(`${card} input[name=message]`, 'Housings for our castings?');
    await page.click(`${card} button[data-action=request]`);
    await page.waitForSelector(`${card} .note[data-status="accepted"]`); // A accepts automatically
    s.requested = true;
    assert.deepEqual(page.problems, []);
    await signOut(page);

    // The secretariat schedules the event.
    await signIn(page, SECRETARIAT);
    await page.goto(`${BASE}/events/${s.event}`);
    await page.waitForSelector('#run-schedule');
    await page.click('#run-schedule');
    await page.waitForSelector('#run-result .note', { timeout: 30000 });
    assert.match(await page.textContent('#run-result'), /1 meetings of 1 accepted/);
    await signOut(page);
  });

  test('the participant sees the event notice and marks it read', async () => {
    need('requested');
    await signIn(page, s.emailA);
    await page.waitForFunction(() => Number(document.querySelector('#unread-badge')?.dataset.count) >= 1);
    await go(page, '/notifications');
    const item = `#event-notices .event-notice[data-event="${s.event}"]`;
    await page.waitForSelector(`${item}.notice-unread`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Tashkent Machinery Days'), item);
    assert.match(await page.textContent(item), /1 placed, moved or dropped; 1 in your agenda now/);
    assert.equal(await page.getAttribute(`${item} a`, 'href'), `/events/${s.event}/agenda/${s.partA}`);
    const before = Number(await page.getAttribute('#unread-badge', 'data-count'));
    await page.screenshot({ path: shotPath('event-notices-en'), fullPage: true });
    await page.click(`${item} button.mark-read`);
    await page.waitForSelector(`${item}:not(.notice-unread)`);
    await page.waitForFunction((n) => Number(document.querySelector('#unread-badge')?.dataset.count) === n, before - 1);
    assert.equal(await page.locator(`${item} button.mark-read`).count(), 0);
    const notices = await fetchJson(page, '/api/v1/event-notices');
    assert.ok(notices.notices.find((n) => n.event_id === s.event).read_at, 'the API has it read');
    // The same section in Russian.
    await page.selectOption('#lang-select', 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.waitForSelector('#event-notices h2');
    assert.match(await page.textContent('#event-notices h2'), /Мероприятия/);
    await page.selectOption('#lang-select', 'en');
    // The agenda the notice links to holds the meeting.
    await page.click(`${item} a`);
    await page.waitForSelector('.agenda-meeting');
    assert.match(await page.textContent('.agenda-meeting'), /Karaganda Foundry/);
    assert.deepEqual(page.problems, []);
    await signOut(page);
  });
});
