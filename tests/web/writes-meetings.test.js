// writes-meetings.test.js - a 1:1 meeting between partners through the
// web UI (issue 14), two people in two browsers: an Uzbek enterprise's
// listing, a Kazakh enterprise's expression of interest, accepted (these
// preparations go through the API from the signed-in pages, as the other
// write tests do for what they do not test); then, in the UI, the Kazakh
// side proposes a meeting with two times on the interest's thread page,
// the Uzbek side finds it under "My meetings" and accepts the second
// time, and the calendar link of the accepted meeting gives an iCalendar
// file in the meeting's own time zone. Russian and English pages, no
// console errors. Steps run in order and share state.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, shotPath } from './lib/browser.js';
import { go, uniqueEmail, signUp, createOrganisation } from './lib/accounts.js';

const skip = BASE ? false : 'HAMKOR_URL is not set: run tests/web/run.sh';

/** A JSON call from the signed-in page, with its CSRF token. */
async function call(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('csrf='))?.slice(5) || '';
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, { method, path, body });
}

describe('a meeting between partners through the web UI', { skip }, () => {
  let a; // Uzbek enterprise, English
  let b; // Kazakh enterprise, Russian
  let pa;
  let pb;
  const s = {};
  const need = (...keys) => { for (const k of keys) if (!s[k]) throw new Error(`an earlier step failed (no ${k})`); };

  before(async () => {
    a = await launch({ locale: 'en-US' });
    b = await launch({ locale: 'ru-RU' });
    pa = await newPage(a.context);
    pb = await newPage(b.context);
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  test('two enterprises, a listing and an accepted expression of interest', async () => {
    await signUp(pa, { email: uniqueEmail('meet-a'), name: 'Dilshod Rakhimov' });
    s.orgA = await createOrganisation(pa, { names: [{ text: 'Chirchiq Foundry', lang: 'en' }], country: 'UZ', type: 'enterprise' });
    const l = await call(pa, 'POST', '/api/v1/listings', {
      org_id: s.orgA, direction: 'offer', kind: 'supply',
      texts: [{ lang: 'ru', origin: 'original', title: 'Литьё алюминия под давлением, Чирчик' }], hs: ['7616'],
    });
    assert.equal(l.status, 201, JSON.stringify(l.body));
    const p = await call(pa, 'POST', `/api/v1/listings/${l.body.id}/publish`, { expires: '2099-12-31' });
    assert.equal(p.status, 200, JSON.stringify(p.body));

    await signUp(pb, { email: uniqueEmail('meet-b'), name: 'Айгерим Сейткали' });
    s.orgB = await createOrganisation(pb, { names: [{ text: 'Караганда Машзавод', lang: 'ru' }], country: 'KZ', type: 'enterprise' });
    const i = await call(pb, 'POST', `/api/v1/listings/${l.body.id}/interests`, {
      from_org_id: s.orgB, offered: 'Механообработка отливок', sought: 'Отливки корпусов', why: 'Рядом по железной дороге',
    });
    assert.equal(i.status, 201, JSON.stringify(i.body));
    const d = await call(pa, 'POST', `/api/v1/interests/${i.body.id}/accept`, {});
    assert.equal(d.status, 200, JSON.stringify(d.body));
    s.interest = i.body.id;
  });

  test('the Kazakh side proposes a meeting with two times on the thread page', async () => {
    need('interest');
    await go(pb, `/interests/${s.interest}`);
    await pb.waitForSelector('.interest-status [data-status="accepted"]');
    await pb.click('.pmeet-propose');
    await pb.waitForSelector('form.pmeet-form');
    // Every control is labelled.
    const unlabelled = await pb.$$eval('form.pmeet-form input, form.pmeet-form textarea',
      (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).length);
    assert.equal(unlabelled, 0);
    await pb.fill('[data-field="times[0].start"] input', '2031-03-10T10:00');
    await pb.fill('[data-field="times[0].tz"] input', 'Asia/Tashkent');
    await pb.click('.pmeet-add-time');
    await pb.fill('[data-field="times[1].start"] input', '2031-03-11T15:30');
    await pb.fill('[data-field="times[1].tz"] input', 'Asia/Tashkent');
    await pb.fill('[data-field="times[1].minutes"] input', '45');
    // A bad zone is refused next to its field, and nothing is sent.
    await pb.fill('[data-field="times[0].tz"] input', 'Mars/Olympus');
    await pb.fill('[data-field="place"] input', 'Ташкент, ул. Навои 5');
    await pb.fill('[data-field="message"] textarea', 'Обсудим первую партию.');
    await pb.click('form.pmeet-form button[type=submit]');
    await pb.waitForSelector('[data-field="times[0].tz"] .field-error:not([hidden])', { timeout: 15000 });
    pb.problems.splice(0); // the browser's note of the refused request
    await pb.fill('[data-field="times[0].tz"] input', 'Asia/Tashkent');
    await pb.click('form.pmeet-form button[type=submit]');
    await pb.waitForSelector('.thread-meetings .pmeet[data-status="pending"]', { timeout: 15000 });
    s.meeting = Number(await pb.locator('.thread-meetings .pmeet').first().getAttribute('data-id'));
    assert.ok(s.meeting > 0);
    // The asking side waits and may cancel; it does not answer itself.
    assert.equal(await pb.locator('.thread-meetings .pmeet .pmeet-accept').count(), 0);
    assert.equal(await pb.locator('.thread-meetings .pmeet .pmeet-cancel').count(), 1);
    await pb.screenshot({ path: shotPath('meeting-proposed-ru'), fullPage: true });
    assert.deepEqual(pb.problems, []);
  });

  test('the Uzbek side accepts the second time under My meetings; the calendar file has the zone', async () => {
    need('meeting');
    await go(pa, '/partner-meetings');
    const card = `.pmeet[data-id="${s.meeting}"]`;
    await pa.waitForSelector(card, { timeout: 15000 });
    assert.equal(await pa.locator(`${card} .pmeet-options li`).count(), 2);
    await pa.click(`${card} .pmeet-options li[data-option="2"] .pmeet-accept`);
    await pa.waitForSelector(`.pmeet[data-id="${s.meeting}"][data-status="accepted"]`, { timeout: 15000 });
    const href = await pa.locator(`.pmeet[data-id="${s.meeting}"] .pmeet-ics`).getAttribute('href');
    assert.equal(href, `/api/v1/partner-meetings/${s.meeting}.ics`);
    const ics = await pa.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    assert.equal(ics.status, 200);
    assert.match(ics.type, /^text\/calendar/);
    assert.match(ics.text, /DTSTART;TZID=Asia\/Tashkent:20310311T153000\r\n/);
    assert.match(ics.text, /DURATION:PT45M\r\n/);
    assert.match(ics.text, /BEGIN:VTIMEZONE\r\nTZID:Asia\/Tashkent\r\n/);
    await pa.screenshot({ path: shotPath('meeting-accepted-en'), fullPage: true });
    assert.deepEqual(pa.problems, []);
  });

  test('the Kazakh side sees it accepted, told by a notification, in Russian', async () => {
    need('meeting');
    await go(pb, '/notifications');
    await pb.waitForSelector('.notice[data-kind="partner_meeting"]', { timeout: 15000 });
    await go(pb, '/partner-meetings?status=accepted');
    const card = `.pmeet[data-id="${s.meeting}"][data-status="accepted"]`;
    await pb.waitForSelector(card, { timeout: 15000 });
    const text = await pb.locator(`${card} .pmeet-agreed`).textContent();
    assert.match(text, /2031-03-11 15:30 \(Asia\/Tashkent\)/);
    assert.match(await pb.locator(`${card} [data-status="accepted"]`).textContent(), /Согласована/);
    // Someone of neither organisation cannot read it.
    const c = await launch({ locale: 'en-US' });
    try {
      const pc = await newPage(c.context);
      await signUp(pc, { email: uniqueEmail('meet-c'), name: 'Outsider' });
      const r = await call(pc, 'GET', `/api/v1/partner-meetings/${s.meeting}.ics`);
      assert.equal(r.status, 404);
    } finally {
      await c.close();
    }
    assert.deepEqual(pb.problems, []);
  });
});
