// writes-projects-edit.test.js - what the partners do to a joint project
// before it is endorsed (issue 12), through the web UI, with two people in
// two browsers: Aziza (Uzbekistan, English) and Dana (Kazakhstan, Russian).
// Aziza edits the draft after Dana signed it off and is told that the
// change voided the sign-off; two edits of one version (two browsers): the
// later one is refused (412) with "someone else changed it" and a reload;
// documents are uploaded (one confidential), a too-large file is refused
// before sending and a false PDF with the server's detail; the secretariat
// sees the project once signed off but not its confidential document; Dana
// finds the project notices on the notifications page and marks one read;
// the new labels in Russian and Chinese.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, shotPath } from './lib/browser.js';
import { go, signUp, signIn, createOrganisation, uniqueEmail } from './lib/accounts.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = Object.fromEntries(['en', 'ru', 'zh'].map((l) => [l, JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'))]));
const [, SECRETARIAT] = (process.env.HAMKOR_WEB_ROLES || '').split(/\s+/).filter(Boolean);

const skip = !BASE ? 'HAMKOR_URL is not set: run tests/web/run.sh'
  : !SECRETARIAT ? 'no secretariat account (HAMKOR_WEB_ROLES)' : false;

/** cat[lang][key] with its {placeholders} filled. */
function msg(lang, key, params = {}) {
  return cat[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
}

/** The problems a page recorded, less the console lines of refusals the test provokes on purpose. */
function unexpected(page, statuses) {
  const re = new RegExp(`status of (${statuses.join('|')})`);
  return page.problems.filter((p) => !re.test(p));
}

async function openProject(page, id) {
  await go(page, `/projects/${id}`);
  await page.waitForSelector(`article.project[data-id="${id}"]`);
}

async function openEditor(page, id) {
  await openProject(page, id);
  await page.click('#edit-project');
  await page.waitForSelector('form.project-edit-form');
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// The ZIP container's local file header is what the store checks for OOXML.
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 0)]);

async function upload(page, file, { confidential = false } = {}) {
  await page.setInputFiles('form.document-form input[type=file]', file);
  if (confidential) await page.check('form.document-form [data-field="confidential"] input');
  await page.click('form.document-form button[type=submit]');
}

describe('partners edit a draft, upload documents and read their project notices', { skip }, () => {
  let a; let b; let c;
  let aziza; let dana; let id;
  before(async () => {
    a = await launch({ locale: 'en-US' });
    b = await launch({ locale: 'ru-RU' });
    c = await launch({ locale: 'en-US' });
    aziza = await newPage(a.context);
    dana = await newPage(b.context);
    const danaEmail = uniqueEmail('dana');
    await signUp(aziza, { email: uniqueEmail('aziza'), name: 'Aziza Yusupova' });
    await signUp(dana, { email: danaEmail, name: 'Дана Ахметова' });
    await createOrganisation(aziza, { names: [{ text: 'Samarkand Cable Works', lang: 'en' }], country: 'UZ', type: 'enterprise' });
    const kzOrg = await createOrganisation(dana, { names: [{ text: 'Павлодар Алюминий', lang: 'ru' }], country: 'KZ', type: 'enterprise' });
    // Aziza starts the project with the create form: both organisations, 70/30.
    await go(aziza, '/projects/new');
    await aziza.waitForSelector('form.project-form');
    await aziza.fill('[data-field="texts[0].title"] input', 'Cable plant in Samarkand');
    await aziza.fill('[data-field="budget"] input', '3000000');
    await aziza.fill('[data-field="partners[0].share"] input', '70');
    await aziza.click('[data-field="partners"] > p > button');
    await aziza.fill('[data-field="partners[1].org_id"] input', String(kzOrg));
    await aziza.fill('[data-field="partners[1].share"] input', '30');
    await aziza.click('form.project-form .actions button[type=submit]');
    await aziza.waitForFunction(() => /^\/projects\/\d+$/.test(location.pathname), null, { timeout: 15000 });
    id = Number(new URL(aziza.url()).pathname.split('/').pop());
    await aziza.waitForSelector('article.project[data-state="draft"]');
  });
  after(async () => { await a?.close(); await b?.close(); await c?.close(); });

  test('a partner edits the draft the other partner signed off and is told the sign-off was voided', async () => {
    await openProject(dana, id);
    await dana.click('form.signoff-form button[type=submit]');
    await dana.waitForFunction(() => document.querySelector('.signoff-count')?.textContent === '1 / 2');
    // The edit button speaks Russian for Dana.
    assert.equal(await dana.textContent('#edit-project'), cat.ru['project.edit']);

    await openEditor(aziza, id);
    assert.equal(await aziza.textContent('.warn-voids'), cat.en['project.edit_voids']);
    // The form holds the project as it is.
    assert.equal(await aziza.inputValue('[data-field="texts[0].title"] input'), 'Cable plant in Samarkand');
    assert.equal(await aziza.inputValue('[data-field="partners[1].share"] input'), '30');
    await aziza.fill('[data-field="texts[0].title"] input', 'Cable <b>plant</b> in Samarkand');
    await aziza.click('[data-field="texts"] > p > button');
    await aziza.selectOption('[data-field="texts[1].lang"] select', 'zh');
    await aziza.selectOption('[data-field="texts[1].origin"] select', 'machine');
    await aziza.fill('[data-field="texts[1].title"] input', '撒马尔罕电缆厂');
    await aziza.fill('[data-field="partners[1].money"] input', '250000');
    await aziza.fill('[data-field="partners[1].currency"] input', 'usd');
    await aziza.fill('[data-field="partners[1].in_kind"] textarea', 'Aluminium rod, 400 t');
    const patch = aziza.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/projects/${id}`));
    await aziza.click('form.project-edit-form .actions button[type=submit]');
    const req = await patch;
    assert.match(req.headers()['if-match'] || '', /.+/, 'the PATCH carries If-Match');
    const body = JSON.parse(req.postData());
    assert.equal(body.partners[1].currency, 'USD');
    assert.equal(body.texts[1].origin, 'machine');
    await aziza.waitForSelector('article.project .voided-note');
    assert.equal(await aziza.textContent('.voided-note'), msg('en', 'project.voided', { n: 1 }));
    assert.equal(await aziza.getAttribute('article.project', 'data-state'), 'draft');
    assert.equal(await aziza.textContent('.signoff-count'), '0 / 2');
    // The texts side by side, the title's markup shown as text, the translation marked machine.
    assert.equal(await aziza.textContent('article.project h1'), 'Cable <b>plant</b> in Samarkand');
    assert.equal(await aziza.textContent('.project-text[data-lang="zh"] .origin'), cat.en['origin.machine']);
    assert.match(await aziza.textContent(`.partners tr:nth-child(2)`), /250,000 USD; Aluminium rod, 400 t/);
    await aziza.screenshot({ path: shotPath('project-edited-voided-en'), fullPage: true });
    assert.deepEqual(unexpected(aziza, []), []);
  });

  test('two edits of the same version: the later one is told someone else changed it, and reloads', async () => {
    await openEditor(aziza, id);
    await openEditor(dana, id);
    // Dana's labels are Russian.
    assert.match(await dana.textContent('[data-field="partners[0].money"] label'), new RegExp(`^${cat.ru['project.money']}`));
    await dana.fill('[data-field="texts[0].summary"] textarea', 'Линия волочения и изоляции.');
    await dana.click('form.project-edit-form .actions button[type=submit]');
    await dana.waitForSelector('article.project .saved-note');
    assert.equal(await dana.textContent('.saved-note'), cat.ru['form.saved']);

    await aziza.fill('[data-field="texts[0].title"] input', 'Cable plant in Samarkand, phase 1');
    await aziza.click('form.project-edit-form .actions button[type=submit]');
    await aziza.waitForSelector('.stale-edit');
    assert.equal(await aziza.textContent('.stale-edit .error-title'), cat.en['project.stale']);
    assert.equal(await aziza.evaluate(() => document.activeElement?.classList.contains('stale-edit')), true, 'focus on the message');
    await aziza.screenshot({ path: shotPath('project-edit-stale-en'), fullPage: true });
    await aziza.click('.stale-edit .reload-project');
    await aziza.waitForFunction(() => document.querySelector('[data-field="texts[0].summary"] textarea')?.value === 'Линия волочения и изоляции.');
    assert.equal(await aziza.inputValue('[data-field="texts[0].title"] input'), 'Cable <b>plant</b> in Samarkand', 'the stale change was not saved');
    // The editor fits a 360 px screen.
    await aziza.setViewportSize({ width: 360, height: 800 });
    const { sw, cw } = await aziza.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `the project editor at 360 px: scrollWidth ${sw} > ${cw}`);
    await aziza.screenshot({ path: shotPath('mobile-project-edit-en'), fullPage: true });
    await aziza.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(unexpected(aziza, [412]), []);
    assert.deepEqual(unexpected(dana, []), []);
  });

  test('documents: uploaded ones are listed, too large and false ones refused, the confidential one hidden from an outsider', async () => {
    await openProject(aziza, id);
    await aziza.waitForSelector('form.document-form');
    await upload(aziza, { name: 'feasibility-study.pdf', mimeType: 'application/pdf', buffer: PDF });
    await aziza.waitForSelector('.documents .document >> text=feasibility-study.pdf');
    await aziza.waitForSelector('.doc-note');
    assert.equal(await aziza.textContent('.doc-note'), msg('en', 'project.doc_added', { name: 'feasibility-study.pdf' }));
    await upload(aziza, { name: 'loan-terms.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: DOCX },
      { confidential: true });
    await aziza.waitForSelector('.documents .document[data-confidential="true"] >> text=loan-terms.docx');
    assert.equal(await aziza.locator('.documents .document').count(), 2);

    // Too large: refused in the browser, nothing sent.
    let posts = 0;
    const count = (r) => { if (r.method() === 'POST' && r.url().endsWith(`/projects/${id}/documents`)) posts++; };
    aziza.on('request', count);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(800 * 1024, 0x20)]);
    await upload(aziza, { name: 'scans.pdf', mimeType: 'application/pdf', buffer: big });
    await aziza.waitForSelector('form.document-form [data-field="file"] .field-error:not([hidden])');
    assert.match(await aziza.textContent('form.document-form [data-field="file"] .field-error'), /760 KiB/);
    assert.equal(posts, 0, 'a too-large file is not sent');
    aziza.off('request', count);
    // A PDF that is not one: the server's detail next to the file.
    await upload(aziza, { name: 'not-really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('hello, world') });
    await aziza.waitForFunction(() => /is not a application\/pdf file/.test(document.querySelector('form.document-form [data-field="file"] .field-error')?.textContent || ''));
    assert.equal(await aziza.locator('.documents .document').count(), 2);
    await aziza.screenshot({ path: shotPath('project-documents-en'), fullPage: true });

    // Both sign off; the secretariat then sees the project, but not the confidential document.
    await openProject(aziza, id);
    await aziza.click('form.signoff-form button[type=submit]');
    await aziza.waitForFunction(() => document.querySelector('.signoff-count')?.textContent === '1 / 2');
    await openProject(dana, id);
    await dana.click('form.signoff-form button[type=submit]');
    await dana.waitForSelector('article.project[data-state="signed_off"]', { timeout: 15000 });
    const sec = await newPage(c.context);
    await signIn(sec, SECRETARIAT);
    await openProject(sec, id);
    await sec.waitForSelector('.documents .document >> text=feasibility-study.pdf');
    assert.equal(await sec.locator('.documents .document').count(), 1);
    assert.equal(await sec.locator('.documents >> text=loan-terms.docx').count(), 0, 'the confidential document is not shown');
    assert.equal(await sec.locator('form.document-form').count(), 0, 'an outsider gets no upload form');
    assert.equal(await sec.locator('#edit-project').count(), 0, 'nor an edit button');
    assert.deepEqual(unexpected(aziza, [400, 412]), []);
    assert.deepEqual(unexpected(sec, []), []);
  });

  test('project notices on the notifications page, marked read, in Russian and Chinese', async () => {
    await go(dana, '/notifications');
    await dana.waitForSelector(`.project-notice[data-project="${id}"][data-kind="signoffs_voided"]`);
    assert.equal(await dana.textContent('#pnotice-title'), cat.ru['pnotice.title']);
    assert.equal(await dana.textContent(`.project-notice[data-kind="signoffs_voided"] .notice-text a`), cat.ru['pnotice.signoffs_voided']);
    assert.equal(await dana.getAttribute(`.project-notice[data-kind="signoffs_voided"] .notice-text a`, 'href'), `/projects/${id}`);
    // The project's name, drawn as text.
    await dana.waitForFunction(() => document.querySelector('.project-notice[data-kind="signoffs_voided"] .project-name')?.textContent === 'Cable <b>plant</b> in Samarkand');
    const unreadBefore = await dana.locator('.project-notice.notice-unread').count();
    assert.ok(unreadBefore >= 2, 'invited and voided are unread');
    await dana.waitForFunction((n) => Number(document.querySelector('#unread-badge')?.dataset.count) >= n, unreadBefore);
    const badge = Number(await dana.getAttribute('#unread-badge', 'data-count'));
    const noticeId = await dana.getAttribute('.project-notice[data-kind="signoffs_voided"]', 'data-id');
    await dana.click('.project-notice[data-kind="signoffs_voided"] .mark-read');
    await dana.waitForSelector('.project-notice[data-kind="signoffs_voided"]:not(.notice-unread)');
    await dana.waitForFunction((n) => Number(document.querySelector('#unread-badge')?.dataset.count) === n - 1, badge);
    const read = await dana.evaluate(async () => (await (await fetch('/api/v1/project-notices?limit=100')).json()).notices);
    assert.ok(read.find((n) => String(n.id) === noticeId)?.read_at, 'the server has it read');
    await dana.screenshot({ path: shotPath('project-notices-ru'), fullPage: true });
    await dana.setViewportSize({ width: 360, height: 800 });
    const { sw, cw } = await dana.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `the notifications page at 360 px: scrollWidth ${sw} > ${cw}`);
    await dana.setViewportSize({ width: 1280, height: 900 });

    await dana.selectOption('#lang-select', 'zh');
    await dana.waitForFunction((s) => document.querySelector('#pnotice-title')?.textContent === s, cat.zh['pnotice.title']);
    assert.equal(await dana.textContent(`.project-notice[data-kind="project_invited"] .notice-text a`), cat.zh['pnotice.project_invited']);
    await go(dana, `/projects/${id}`);
    await dana.waitForSelector('form.document-form');
    assert.equal(await dana.textContent('form.document-form button[type=submit]'), cat.zh['project.doc_upload']);
    await dana.screenshot({ path: shotPath('project-documents-zh'), fullPage: true });
    assert.deepEqual(unexpected(dana, []), []);
  });
});
