// writes-events.test.js - an event's matchmaking in Chromium (issue 14):
// two people of two new organisations register for the demo's SCO Economic
// Forum with their availability; one finds the other in the marketplace and
// asks for a meeting, the other accepts it among their requests and is then
// away in one slot (a late change); the
// secretariat runs the schedule and sees the table plan; the first reads
// their printable agenda (with a print stylesheet) with the meeting, in
// Russian too, and its iCalendar file holds the same meeting. Runs on the
// demo data (which has the forum) with the accounts tests/web/run.sh makes
// (HAMKOR_WEB_ROLES: the secretariat is the second).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, signIn, signUp, createOrganisation, uniqueEmail } from './lib/accounts.js';

const [, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no secretariat account (HAMKOR_WEB_ROLES)' : false;

/** Signs up a new person with an organisation of their own; returns {email, org, name}. */
async function newcomer(page, who, orgName, country) {
  const email = uniqueEmail(who.split(' ')[0].toLowerCase());
  await signUp(page, { email, name: who });
  const org = await createOrganisation(page, { names: [{ text: orgName, lang: 'en' }], country, type: 'enterprise' });
  return { email, org, name: orgName };
}

/** Registers the signed-in person's organisation for event ev on its page, free in every slot. */
async function register(page, ev, { autoAccept = false } = {}) {
  await page.goto(`${BASE}/events/${ev}`); // a fresh load: the session knows the new organisation
  await page.waitForSelector('#register-form');
  assert.ok(await page.locator('#register-form input[name=slot]').count() >= 10, 'the slots are offered by day');
  if (autoAccept) await page.check('#register-form input[name=auto_accept]');
  await page.fill('[data-field="meeting_limit"] input', '6');
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('#my-registration');
  return Number(await page.getAttribute('#my-registration', 'data-id'));
}

describe('matchmaking at an event', { skip }, () => {
  let br;
  before(async () => { br = await launch({ locale: 'en-US' }); });
  after(async () => { await br?.close(); });

  test('register, request, accept, schedule, agenda', async () => {
    const events = (await api('/api/v1/events')).events;
    const ev = events.find((e) => e.kind === 'economic_forum');
    assert.ok(ev, 'the demo has no Economic Forum');
    const page = await newPage(br.context);

    // The list of events leads to the forum.
    await page.goto(`${BASE}/events`);
    await page.waitForSelector(`.event-card[data-id="${ev.id}"]`);

    // B registers first, and will answer by hand.
    const b = await newcomer(page, 'Timur Abenov', `Karaganda Castings ${Date.now().toString(36)}`, 'KZ');
    const pb = await register(page, ev.id);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // A registers, finds B in the marketplace and asks for a meeting.
    const a = await newcomer(page, 'Gulnara Karimova', `Samarkand Pumps ${Date.now().toString(36)}`, 'UZ');
    const pa = await register(page, ev.id);
    await page.click('a[href$="/participants"].button');
    await page.waitForSelector('#market-search');
    await page.fill('#market-search [data-field="q"] input', b.name);
    await page.click('#market-search button[type=submit]');
    await page.waitForSelector(`.participant-card[data-id="${pb}"]`);
    assert.equal(await page.locator('.participant-card').count(), 1);
    await page.fill(`.participant-card[data-id="${pb}"] input[name=message]`, 'Pump housings from your foundry?');
    await page.click(`.participant-card[data-id="${pb}"] button[data-action=request]`);
    await page.waitForSelector(`.participant-card[data-id="${pb}"] .note[data-status="pending"]`);
    await page.screenshot({ path: shotPath('events-marketplace-en'), fullPage: true });
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // B sees the request among theirs and accepts it.
    await signIn(page, b.email);
    await page.goto(`${BASE}/events/${ev.id}`);
    const received = '#my-requests .request-card[data-direction="received"][data-status="pending"]';
    await page.waitForSelector(received);
    assert.match(await page.textContent(received), /Samarkand Pumps/);
    await page.click(`${received} button[data-action=accept]`);
    await page.waitForSelector('#my-requests .request-card[data-direction="received"][data-status="accepted"]');
    // A late change: B is away in the first slot.
    const slots = ev.slots.length;
    await page.click('#my-registration details.registration-change summary');
    await page.uncheck('#registration-edit input[name=slot][value="0"]');
    await page.click('#registration-edit button[type=submit]');
    await page.waitForFunction((n) => document.querySelector('#my-registration .registration-summary')?.textContent.includes(`Free in ${n} slots`), slots - 1);
    const mine = await page.evaluate(async (id) => (await (await fetch(`/api/v1/events/${id}/requests`)).json()), ev.id);
    assert.equal(mine.requests.length, 1);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // The secretariat runs the schedule and reads the table plan.
    await signIn(page, SECRETARIAT);
    await page.goto(`${BASE}/events/${ev.id}`);
    await page.waitForSelector('#run-schedule');
    await page.click('#run-schedule');
    await page.waitForSelector('#run-result .note', { timeout: 30000 });
    await page.click('#plan-link');
    await page.waitForSelector('#plan-run');
    await page.waitForSelector('.plan-table tbody tr');
    const planText = await page.textContent('main');
    assert.match(planText, /Samarkand Pumps/);
    assert.match(planText, /Karaganda Castings/);
    await page.screenshot({ path: shotPath('events-plan-en'), fullPage: true });
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // A's agenda holds the meeting with B, prints without the page's
    // chrome, and its calendar file holds the same meeting.
    await signIn(page, a.email);
    await page.goto(`${BASE}/events/${ev.id}`);
    await page.waitForSelector('#agenda-link');
    await page.click('#agenda-link');
    await page.waitForSelector('.agenda-meeting');
    assert.equal(await page.locator('.agenda-meeting').count(), 1);
    assert.match(await page.textContent('.agenda-meeting'), /Karaganda Castings/);
    assert.equal(await page.locator('link[rel=stylesheet][media=print][href="/css/print.css"]').count(), 1);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#print-agenda').isVisible(), false, 'buttons do not print');
    assert.equal(await page.locator('header.site-header').isVisible(), false, 'the header does not print');
    await page.screenshot({ path: shotPath('events-agenda-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const ics = await page.evaluate(async () => {
      const r = await fetch(document.querySelector('#ics-link').getAttribute('href'));
      return { status: r.status, type: r.headers.get('Content-Type'), text: await r.text() };
    });
    assert.equal(ics.status, 200);
    assert.match(ics.type, /^text\/calendar/);
    assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
    assert.equal((ics.text.match(/BEGIN:VEVENT/g) || []).length, 1);
    assert.match(ics.text, /SUMMARY:Karaganda Castings/);
    // The same page in Russian.
    await page.selectOption('#lang-select', 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.waitForSelector('.agenda-meeting');
    assert.match(await page.textContent('main h1'), /Программа встреч/);
    assert.match(await page.textContent('#ics-link'), /календарь/);
    await page.screenshot({ path: shotPath('events-agenda-ru'), fullPage: true });
    await page.selectOption('#lang-select', 'en');
    assert.ok(pa > 0);
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });
});
