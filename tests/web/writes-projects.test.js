// writes-projects.test.js - the chain of a joint project through the web UI
// (issue 12), with two people in two browsers: Alisher (Uzbekistan) and
// Bolat (Kazakhstan) each register and make their organisation; Alisher
// starts a project with both as partners, with an overdue milestone; both
// sign off; the coordinators of their states endorse; a credit officer of
// a bank finds it in the pipeline, asks a question, Alisher answers, the
// bank approves; Alisher starts it, reports the milestone done and
// completes it. Every step is a click or a keystroke in a page, as a
// person would do it. tests/web/run.sh makes the coordinators and the
// credit officer with `hamkor user add` (HAMKOR_WEB_ROLES).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath, api } from './lib/browser.js';
import { go, signUp, signIn, createOrganisation, uniqueEmail } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const [COORD_KZ, , COORD_UZ, BANKER] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !BANKER ? 'no coordinator and credit officer accounts (HAMKOR_WEB_ROLES)' : false;

/** The project's state as its page shows it. */
async function pageState(page) {
  return page.getAttribute('article.project', 'data-state');
}

/** Opens the project as the signed-in person and waits for its page. */
async function openProject(page, id) {
  await go(page, `/projects/${id}`);
  await page.waitForSelector(`article.project[data-id="${id}"]`);
}

/** Clicks the submit button of the action form cls and waits until the page shows state. */
async function actAndWait(page, cls, state) {
  await page.click(`form.${cls} button[type=submit]`);
  await page.waitForSelector(`article.project[data-state="${state}"]`, { timeout: 15000 });
}

async function switchPerson(page, email) {
  await page.click('#signout');
  await page.waitForSelector('#account-nav a[href="/signin"]');
  await signIn(page, email);
  await page.waitForSelector('main h1');
}

describe('a joint project from draft to completed, two people in two browsers', { skip }, () => {
  let a; let b; // the two browsers
  before(async () => {
    a = await launch({ locale: 'ru-RU' });
    b = await launch({ locale: 'en-US' });
  });
  after(async () => { await a?.close(); await b?.close(); });

  test('partners from two states sign it off, both states endorse it, a bank finances it, it is completed', async () => {
    const alisher = await newPage(a.context);
    const bolat = await newPage(b.context);
    const alisherEmail = uniqueEmail('alisher');
    const bolatEmail = uniqueEmail('bolat');
    await signUp(alisher, { email: alisherEmail, name: 'Алишер Каримов' });
    await signUp(bolat, { email: bolatEmail, name: 'Bolat Seitkali' });
    const uzOrg = await createOrganisation(alisher, { names: [{ text: 'Навоий қуёш компонентлари', lang: 'uz-Cyrl' }], country: 'UZ', type: 'enterprise' });
    const kzOrg = await createOrganisation(bolat, { names: [{ text: 'Qaraghandy Steel Structures', lang: 'en' }], country: 'KZ', type: 'enterprise' });

    // Alisher starts the project: both organisations, shares 60/40, one overdue milestone.
    await go(alisher, '/projects');
    await alisher.click('#new-project');
    await alisher.waitForSelector('form.project-form');
    await alisher.selectOption('[data-field="texts[0].lang"] select', 'ru');
    await alisher.fill('[data-field="texts[0].title"] input', 'Солнечная станция <script>alert(1)</script> в Навои');
    await alisher.fill('[data-field="budget"] input', '24000000');
    await alisher.selectOption('[data-field="sector"] select', 'energy');
    await alisher.fill('[data-field="partners[0].share"] input', '60');
    await alisher.click('[data-field="partners"] > p > button');
    await alisher.fill('[data-field="partners[1].org_id"] input', String(kzOrg));
    await alisher.fill('[data-field="partners[1].share"] input', '40');
    await alisher.click('[data-field="milestones"] > p > button');
    await alisher.fill('[data-field="milestones[0].title"] input', 'Площадка подготовлена');
    await alisher.fill('[data-field="milestones[0].due"] input', '2020-01-31');
    await alisher.click('form.project-form .actions button[type=submit]');
    await alisher.waitForFunction(() => /^\/projects\/\d+$/.test(location.pathname), null, { timeout: 15000 });
    const id = Number(new URL(alisher.url()).pathname.split('/').pop());
    await alisher.waitForSelector('article.project[data-state="draft"]');
    // User text is text: the title's markup is shown, not run.
    assert.equal(await alisher.textContent('article.project h1'), 'Солнечная станция <script>alert(1)</script> в Навои');
    // The overdue milestone stands out.
    await alisher.waitForSelector('.milestone.overdue .badge.overdue');
    assert.equal(await alisher.textContent('.milestone.overdue .badge.overdue'), cat.ru['project.overdue']);
    assert.equal(await alisher.textContent('article.project .badge[data-state="draft"]'), cat.ru['prj_state.draft']);

    // Each partner's admin signs off, each in their own browser.
    await alisher.click('form.signoff-form button[type=submit]');
    await alisher.waitForFunction(() => document.querySelector('.signoff-count')?.textContent === '1 / 2');
    assert.equal(await alisher.locator('form.signoff-form').count(), 0, 'signed once, no second sign-off offered');
    await openProject(bolat, id);
    await bolat.waitForSelector('form.signoff-form');
    await actAndWait(bolat, 'signoff-form', 'signed_off');
    await alisher.screenshot({ path: shotPath('project-draft-ru'), fullPage: true });

    // The coordinators of Kazakhstan and Uzbekistan endorse it.
    await switchPerson(bolat, COORD_KZ);
    await openProject(bolat, id);
    await bolat.click('form.endorse-form button[type=submit]');
    await bolat.waitForFunction(() => document.querySelector('.endorsement-count')?.textContent === '1 / 2');
    await switchPerson(bolat, COORD_UZ);
    await openProject(bolat, id);
    await actAndWait(bolat, 'endorse-form', 'endorsed');

    // The credit officer's bank, then the project in its pipeline.
    await switchPerson(bolat, BANKER);
    const bank = await createOrganisation(bolat, { names: [{ text: 'Eurasian Development Bank (test)', lang: 'en' }], country: 'KZ', type: 'financial' });
    await go(bolat, '/pipeline');
    await bolat.waitForSelector(`.pipeline-table tr[data-id="${id}"]`);

    // Alisher submits it to that bank.
    await openProject(alisher, id);
    await alisher.fill('form.submit-form [data-field="institution_ids"] input', String(bank));
    await actAndWait(alisher, 'submit-form', 'submitted');

    // The bank asks; Alisher answers; the bank approves.
    await openProject(bolat, id);
    await bolat.fill('form.question-form textarea', 'Who holds the land under the plant?');
    await bolat.click('form.question-form button[type=submit]');
    await bolat.waitForSelector('.questions .question');
    await openProject(alisher, id);
    await alisher.fill('form.question-form textarea', 'Хокимият, аренда на 49 лет.');
    await alisher.click('form.question-form button[type=submit]');
    await alisher.waitForFunction(() => document.querySelectorAll('.questions .question').length === 2);
    await openProject(bolat, id);
    await bolat.waitForFunction(() => document.querySelectorAll('.questions .question').length === 2);
    await bolat.selectOption('form.decision-form [data-field="status"] select', 'approved');
    await bolat.fill('form.decision-form [data-field="amount"] input', '18000000');
    await bolat.click('form.decision-form button[type=submit]');
    await bolat.waitForSelector('.submission[data-status="approved"]', { timeout: 15000 });

    // Alisher starts it, reports the milestone, completes it.
    await openProject(alisher, id);
    await actAndWait(alisher, 'start-form', 'implementation');
    await alisher.selectOption('form.report-form [data-field="status"] select', 'done');
    await alisher.fill('form.report-form [data-field="evidence"] textarea', 'Акт приёмки № 12');
    await alisher.click('form.report-form button[type=submit]');
    await alisher.waitForSelector('.milestone.ms-done');
    assert.equal(await alisher.locator('.milestone.overdue').count(), 0, 'a done milestone is not overdue');
    await actAndWait(alisher, 'complete-form', 'completed');
    assert.equal(await pageState(alisher), 'completed');
    assert.equal(await alisher.textContent('article.project .badge[data-state="completed"]'), cat.ru['prj_state.completed']);
    await alisher.screenshot({ path: shotPath('project-completed-ru'), fullPage: true });

    // In Chinese, the same page speaks Chinese.
    await alisher.selectOption('#lang-select', 'zh');
    await alisher.waitForFunction((s) => document.querySelector('article.project .badge[data-state="completed"]')?.textContent === s,
      cat.zh['prj_state.completed']);
    assert.deepEqual(alisher.problems, []);
    assert.deepEqual(bolat.problems, []);
    // The project is not public.
    await assert.rejects(() => api(`/api/v1/projects/${id}`), /HTTP 401/);
  });
});
