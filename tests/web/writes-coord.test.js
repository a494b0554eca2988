// writes-coord.test.js - the coordination mechanism in Chromium (issue 13):
// the secretariat records a meeting with its title in three languages and a
// decision, and sees the titles side by side, each marked original, human
// or machine; the national coordinator of Kazakhstan reports progress on a
// measure its state answers for (and finds no form on another state's) and
// proposes an initiative for its state; the secretariat links a joint
// project to a measure, and the measure and the project link to each other; a
// visitor sees the overdue measures of the Action Plan stand out, in every
// language, and the meetings of one kind as a series across years. Runs on
// the demo data (its Action Plan has overdue measures) with the accounts
// tests/web/run.sh makes (HAMKOR_WEB_ROLES).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, signIn, signUp, createOrganisation, uniqueEmail } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const [COORDINATOR, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no coordinator and secretariat accounts (HAMKOR_WEB_ROLES)' : false;

describe('the coordination mechanism', { skip }, () => {
  let br;
  before(async () => { br = await launch({ locale: 'en-US' }); });
  after(async () => { await br?.close(); });

  test('the secretariat records a meeting with a decision; its titles stand side by side', async () => {
    const page = await newPage(br.context);
    await signIn(page, SECRETARIAT);
    await go(page, '/meetings');
    await page.click('#new-meeting');
    await page.waitForSelector('form.meeting-form');
    await page.selectOption('form.meeting-form select[name="type"]', 'industry_ministers');
    await page.fill('[data-title-lang="en"]', 'Meeting of SCO Industry Ministers (browser test)');
    await page.fill('[data-title-lang="ru"]', 'Совещание министров промышленности ШОС (тест)');
    await page.selectOption('select[name="origin_ru"]', 'original');
    await page.selectOption('select[name="origin_en"]', 'human');
    await page.fill('[data-title-lang="zh"]', '上合组织工业部长会议（测试）');
    await page.selectOption('select[name="origin_zh"]', 'machine');
    await page.fill('[data-field="starts"] input', '2027-06-01T10:00');
    await page.fill('[data-field="tz"] input', 'Asia/Dushanbe');
    await page.selectOption('form.meeting-form select[name="format"]', 'videoconference');
    await page.fill('[data-field="chair"] input', 'TJ');
    await page.fill('[data-field="parties"] input', 'TJ UZ KZ');
    await page.fill('[data-field="items[0].texts"] textarea', 'Experts to study the industrial clusters initiative');
    await page.click('form.meeting-form button[type=submit]');
    await page.waitForSelector('article.meeting');
    const id = await page.getAttribute('article.meeting', 'data-id');
    // Three titles side by side, each with its origin.
    const origins = await page.$$eval('article.meeting > .side-by-side .side-text', (els) => els.map((e) => `${e.dataset.lang}:${e.dataset.origin}`));
    assert.deepEqual(origins, ['ru:original', 'en:human', 'zh:machine']);
    await page.waitForSelector('.items-decision .meeting-item');
    assert.match(await page.textContent('.items-decision'), /industrial clusters initiative/);
    const stored = await api(`/api/v1/meetings/${id}`);
    assert.equal(stored.starts_at, '2027-06-01T05:00:00Z'); // Dushanbe is UTC+5
    assert.equal(stored.items[0].kind, 'decision');
    // The series view lists it among the Industry Ministers' meetings.
    await go(page, '/meetings?type=industry_ministers');
    await page.waitForSelector(`.meeting-card[data-id="${id}"]`);
    assert.ok(await page.locator('section.year').count() >= 3, 'the series spans several years');
    await page.screenshot({ path: shotPath('coord-meeting-secretariat-en'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });

  test('the national coordinator reports progress on a measure of its own state only', async () => {
    const kz = (await api('/api/v1/plan/measures?state=KZ')).measures;
    assert.ok(kz.length > 0, 'the demo has no measure of KZ');
    const other = (await api('/api/v1/plan/measures')).measures.find((m) => !m.states.includes('KZ'));
    const page = await newPage(br.context);
    await signIn(page, COORDINATOR);
    await go(page, `/plan/measures/${kz[0].id}`);
    await page.waitForSelector('form.note-form');
    const text = `Kazakhstan: stage two under way (${Date.now()})`;
    await page.fill('[data-field="text"] textarea', text);
    await page.click('form.note-form button[type=submit]');
    await page.waitForFunction((t) => [...document.querySelectorAll('.note-item')].some((e) => e.textContent.includes(t)), text);
    const stored = await api(`/api/v1/plan/measures/${kz[0].id}`);
    assert.ok(stored.notes.some((n) => n.text === text && n.country === 'KZ'), 'the note was not stored for KZ');
    if (other) {
      await go(page, `/plan/measures/${other.id}`);
      await page.waitForSelector('article.measure');
      assert.equal(await page.locator('form.note-form').count(), 0, 'a form on a measure of another state');
    }
    // It proposes an initiative for its own state (the proposer is fixed to KZ).
    await go(page, '/initiatives');
    await page.click('details.propose summary');
    assert.equal(await page.inputValue('[data-field="proposer"] input'), 'KZ');
    await page.fill('[data-field="texts[0].title"] input', 'Joint testing laboratories for machine building');
    await page.click('form.propose-form button[type=submit]');
    await page.waitForSelector('article.initiative');
    const iid = await page.getAttribute('article.initiative', 'data-id');
    const init = await api(`/api/v1/initiatives/${iid}`);
    assert.equal(init.proposer, 'KZ');
    assert.equal(init.status, 'proposed');
    assert.equal(init.texts[0].origin, 'original');
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });

  test('the secretariat links a joint project to a measure; the measure and the project link to each other', async () => {
    const measure = (await api('/api/v1/plan/measures?limit=1')).measures[0];
    assert.ok(measure, 'the demo plan has no measure');
    const page = await newPage(br.context);
    // Someone of an Uzbek enterprise starts a draft joint project.
    const lead = uniqueEmail('lead');
    await signUp(page, { email: lead, name: 'Dilnoza Yusupova' });
    const org = await createOrganisation(page, { names: [{ text: 'Chirchiq Transformer Works', lang: 'en' }], country: 'UZ', type: 'enterprise' });
    const project = await page.evaluate(async (orgId) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('csrf='))?.slice(5) || '';
      const r = await fetch('/api/v1/projects', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ sector: 'energy', budget: 1000000, currency: 'USD',
          texts: [{ lang: 'en', origin: 'original', title: 'Transformer substations for the plan' }],
          partners: [{ org_id: orgId, role: 'lead', share: 100 }] }),
      });
      return { status: r.status, body: await r.json() };
    }, org);
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const pid = project.body.id;
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // The secretariat links it to the measure, by number.
    await signIn(page, SECRETARIAT);
    await go(page, `/plan/measures/${measure.id}`);
    await page.click('details.link-projects summary');
    // A number that is no project is refused, naming the field; nothing changes.
    await page.fill('[data-field="project_ids"] input', '999999999');
    await page.click('form.link-form button[type=submit]');
    await page.waitForSelector('form.link-form .form-error:not(:empty), form.link-form .field-error:not([hidden])');
    assert.deepEqual((await api(`/api/v1/plan/measures/${measure.id}`)).project_ids, measure.project_ids);
    assert.deepEqual(page.problems.filter((x) => !/status of 400/.test(x)), []);
    page.problems.splice(0); // the browser's note of the refused link
    await page.fill('[data-field="project_ids"] input', String(pid));
    await page.click('form.link-form button[type=submit]');
    await page.waitForSelector(`a.link-project[href="/projects/${pid}"]`);
    assert.equal(await page.textContent(`a.link-project[href="/projects/${pid}"]`), cat.en['coord.project_n'].replace('{id}', pid));
    assert.deepEqual((await api(`/api/v1/plan/measures/${measure.id}`)).project_ids, [...(measure.project_ids || []), pid].sort((x, y) => x - y));
    await page.screenshot({ path: shotPath('coord-measure-project-link-en'), fullPage: true });
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');

    // The project's partner follows the link back: the project page lists the measure it serves.
    await signIn(page, lead);
    await go(page, `/plan/measures/${measure.id}`);
    await page.click(`a.link-project[href="/projects/${pid}"]`);
    await page.waitForSelector(`section.project-serves a.link-measure[href="/plan/measures/${measure.id}"]`);
    assert.match(await page.textContent('section.project-serves'), new RegExp(measure.code.replace(/\./g, '\\.')));
    assert.deepEqual(page.problems, []);
    await page.click('#signout');
    await page.waitForSelector('#account-nav a[href="/signin"]');
    await page.close();
  });

  for (const lang of ['en', 'ru', 'zh']) {
    test(`a visitor sees the overdue measures stand out (${lang})`, async () => {
      const plan = await api('/api/v1/plan/measures');
      const overdue = plan.measures.filter((m) => m.overdue).map((m) => String(m.id)).sort();
      assert.ok(overdue.length > 0, 'the demo plan has no overdue measure today');
      const page = await newPage(br.context);
      await page.goto(BASE + '/plan');
      // The app has started (the header is drawn) before the language is switched.
      await page.waitForSelector('#account-nav a[href="/meetings"]');
      // Switching to the language the page is already in would draw the
      // list a second time, under the checks below: switch only to another.
      if ((await page.inputValue('#lang-select')) !== lang) await page.selectOption('#lang-select', lang);
      await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
      // The list drawn in that language, whole.
      await page.waitForFunction(({ label, n }) => document.querySelectorAll('.measure-card.overdue .badge-overdue').length === n
        && [...document.querySelectorAll('.badge-overdue')].every((e) => e.textContent === label), { label: cat[lang]['plan.overdue'], n: overdue.length });
      // Exactly the overdue measures (waited for, as the list may still be drawn once more).
      await page.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll('.measure-card.overdue')]
        .map((e) => e.dataset.id).sort()) === JSON.stringify(ids), overdue);
      const shown = (await page.$$eval('.measure-card.overdue', (els) => els.map((e) => e.dataset.id))).sort();
      assert.deepEqual(shown, overdue);
      // Each is labelled in words, not by colour alone, and they come first.
      const labels = await page.$$eval('.measure-card.overdue .badge-overdue', (els) => els.map((e) => e.textContent));
      assert.equal(labels.length, overdue.length);
      assert.ok(labels.every((l) => l === cat[lang]['plan.overdue']), `labels: ${labels}`);
      const flags = await page.$$eval('.measure-list .measure-card', (els) => els.map((e) => e.dataset.overdue));
      assert.deepEqual(flags, [...flags].sort().reverse(), 'overdue measures are not listed first');
      assert.equal(await page.getAttribute('.plan-summary', 'data-overdue'), String(overdue.length));
      // Only the overdue ones, through the filter.
      await page.check('#plan-overdue');
      await page.waitForFunction(() => location.search.includes('overdue=true'));
      await page.waitForFunction((n) => document.querySelectorAll('.measure-list .measure-card').length === n
        && document.querySelectorAll('.measure-card.overdue').length === n, overdue.length);
      await page.screenshot({ path: shotPath(`coord-plan-overdue-${lang}`), fullPage: true });
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }
});
