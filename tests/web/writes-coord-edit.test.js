// writes-coord-edit.test.js - the secretariat keeps the coordination records
// through the web UI (issue 13): it adds a measure to the Action Plan (its
// number, titles, responsible state and body, a deadline already past), which
// then stands out as overdue; edits it to done, after which it no longer
// does; a measure with no one responsible, and a number the plan already
// has, are refused next to their fields; it
// adds a decision and a document restricted to Kazakhstan to a recorded
// meeting, and a visitor sees the decision but only a "restricted" note in
// place of the document. A coordinator finds no editing links. Runs with the
// accounts tests/web/run.sh makes (HAMKOR_WEB_ROLES).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, api } from './lib/browser.js';
import { go, signIn } from './lib/accounts.js';

const [COORDINATOR, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);
const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no coordinator and secretariat accounts (HAMKOR_WEB_ROLES)' : false;

/** Signs out and closes: the next step signs in afresh in the same browser. */
async function done(page) {
  await page.click('#signout');
  await page.waitForSelector('#account-nav a[href="/signin"]');
  await page.close();
}

function daysFromToday(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}

describe('the secretariat keeps the plan and the meetings', { skip }, () => {
  let br;
  const s = {};
  before(async () => { br = await launch({ locale: 'en-US' }); });
  after(async () => { await br?.close(); });

  test('a new measure with a past deadline is overdue; edited to done it no longer is', async () => {
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    await go(page, '/plan');
    await page.click('#new-measure');
    await page.waitForSelector('#measure-form');
    s.code = `9.${Date.now() % 100000}`;
    await page.fill('[data-field="code"] input', s.code);
    await page.fill('[data-title-lang="en"]', 'Joint testing laboratory for pipe steel');
    await page.fill('[data-title-lang="ru"]', 'Совместная лаборатория испытаний трубной стали');
    await page.fill('[data-field="deadline"] input', daysFromToday(-3));
    await page.selectOption('#measure-form select[name="status"]', 'in_progress');
    await page.fill('[data-field="states"] input', 'kz');
    await page.check('#measure-form input[name="bodies"][value="business_council"]');
    await page.click('#measure-form button[type=submit]');
    await page.waitForSelector('article.measure');
    s.id = await page.getAttribute('article.measure', 'data-id');
    assert.equal(await page.getAttribute('article.measure', 'data-overdue'), 'true');
    const stored = await api(`/api/v1/plan/measures/${s.id}`);
    assert.equal(stored.code, s.code);
    assert.deepEqual(stored.states, ['KZ']);
    assert.deepEqual(stored.bodies, ['business_council']);
    assert.equal(stored.texts[0].origin, 'original');
    assert.equal(stored.overdue, true);
    // On the plan filtered by Kazakhstan's overdue measures.
    await go(page, '/plan?state=KZ&overdue=true');
    await page.waitForSelector(`.measure-card[data-id="${s.id}"][data-overdue="true"]`);

    await go(page, `/plan/measures/${s.id}`);
    await page.click('#edit-measure');
    await page.waitForSelector('#measure-form');
    assert.equal(await page.inputValue('[data-field="code"] input'), s.code);
    assert.equal(await page.inputValue('[data-title-lang="ru"]'), 'Совместная лаборатория испытаний трубной стали');
    await page.selectOption('#measure-form select[name="status"]', 'done');
    await page.click('#measure-form button[type=submit]');
    await page.waitForSelector(`article.measure[data-id="${s.id}"][data-overdue="false"]`);
    assert.equal((await api(`/api/v1/plan/measures/${s.id}`)).status, 'done');
    assert.deepEqual(page.problems, []);
    await done(page);
  });

  test('a number the plan already has is refused next to its field, and nothing is added', async () => {
    if (!s.code) throw new Error('an earlier step failed');
    const before = (await api('/api/v1/plan/measures?limit=500')).total;
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    await go(page, '/plan/measures/new');
    await page.waitForSelector('#measure-form');
    await page.fill('[data-field="code"] input', s.code);
    await page.fill('[data-title-lang="en"]', 'A second measure with the same number');
    await page.fill('[data-field="deadline"] input', daysFromToday(30));
    // No responsible state or body: refused next to that field first.
    await page.click('#measure-form button[type=submit]');
    await page.waitForSelector('[data-field="states"] .field-error:not([hidden])');
    await page.fill('[data-field="states"] input', 'UZ');
    await page.click('#measure-form button[type=submit]');
    await page.waitForSelector('[data-field="code"] .field-error:not([hidden])');
    assert.equal((await api('/api/v1/plan/measures?limit=500')).total, before);
    assert.match(await page.textContent('[data-field="code"] .field-error'), new RegExp(s.code.replace('.', '\\.')));
    page.problems.splice(0); // the 400 and 409 the step provoked
    await done(page);
  });

  test('a decision and a restricted document added to a meeting; a visitor sees the decision only', async () => {
    const meetings = (await api('/api/v1/meetings?type=expert')).meetings;
    assert.ok(meetings.length > 0, 'the demo has no expert meeting');
    const id = meetings[0].id;
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    await go(page, `/meetings/${id}`);
    await page.waitForSelector('#item-form');
    const decisions = await page.locator('.items-decision .meeting-item').count();
    await page.selectOption('#item-form select[name="kind"]', 'decision');
    await page.fill('#item-form [data-field="items.texts.title"] input', 'Study the freight rail initiative by June');
    await page.click('#item-form button[type=submit]');
    await page.waitForFunction((n) => document.querySelectorAll('.items-decision .meeting-item').length === n + 1, decisions);
    await page.waitForSelector('#item-form');
    await page.selectOption('#item-form select[name="kind"]', 'document');
    await page.fill('#item-form [data-field="items.texts.title"] input', 'Minutes for Kazakhstan only');
    await page.selectOption('#item-form select[name="doc_type"]', 'minutes');
    await page.fill('#item-form [data-field="items.url"] input', 'https://sco.example/minutes-kz.pdf');
    await page.check('#item-restricted');
    await page.fill('#item-form [data-field="items.access_states"] input', 'KZ');
    await page.click('#item-form button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('.items-document .meeting-item')].some((e) => e.textContent.includes('Minutes for Kazakhstan only')));
    assert.deepEqual(page.problems, []);
    await done(page);

    // A visitor: the decision is there; the document is withheld.
    const visitor = await launch({ locale: 'en-US' });
    try {
      const v = await newPage(visitor.context);
      await go(v, `/meetings/${id}`);
      await v.waitForSelector('.items-decision');
      assert.match(await v.textContent('.items-decision'), /freight rail initiative/);
      assert.doesNotMatch(await v.textContent('article.meeting'), /Minutes for Kazakhstan only|minutes-kz\.pdf/);
      assert.ok(await v.locator('.items-document .meeting-item[data-withheld="true"]').count() >= 1);
      assert.equal(await v.locator('#item-form').count(), 0);
    } finally {
      await visitor.close();
    }
  });

  test('a coordinator finds no link to add or edit measures', async () => {
    if (!s.id) throw new Error('an earlier step failed');
    const page = await newPage(br.context);
    await signIn(page, COORDINATOR);
    await go(page, '/plan');
    await page.waitForSelector('.plan-summary');
    assert.equal(await page.locator('#new-measure').count(), 0);
    await go(page, `/plan/measures/${s.id}`);
    await page.waitForSelector('article.measure');
    assert.equal(await page.locator('#edit-measure').count(), 0);
    await go(page, '/plan/measures/new');
    await page.waitForSelector('main h1');
    assert.equal(await page.locator('#measure-form').count(), 0);
    await page.close();
  });
});
