// accounts.js - steps of the browser tests that write through the UI:
// signing up, creating an organisation and a listing with the forms, and
// waiting for what the pages show. Every step goes through the web UI as a
// person would (typing, clicking), never around it.
import { BASE } from './browser.js';

let counter = 0;
export const PASSWORD = 'correct horse battery staple';

/**
 * Goes to path inside the loaded app, as a click on a link does (history
 * and the router), without reloading: the page keeps its one live
 * notification stream, as it does for a person who follows links. The
 * server allows a user few open streams, and notices a stream closed by a
 * reload only at its next keep-alive.
 */
export async function go(page, path) {
  if (!page.url().startsWith(BASE)) {
    await page.goto(BASE + path);
    return;
  }
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForFunction((p) => location.pathname + location.search === p, path);
}

/** A unique email for this run. */
export function uniqueEmail(who) {
  return `${who}-${Date.now().toString(36)}-${++counter}@example.org`;
}

/** Signs up on /signup and waits until the header shows the account. */
export async function signUp(page, { email, name, password = PASSWORD }) {
  await page.goto(BASE + '/signup');
  await page.waitForSelector('#signup-form');
  await page.fill('[data-field="email"] input', email);
  await page.fill('[data-field="display_name"] input', name);
  await page.fill('[data-field="password"] input', password);
  await page.click('#signup-form button[type=submit]');
  await page.waitForSelector('#signout', { timeout: 15000 });
  await page.waitForFunction(() => location.pathname === '/my');
}

/** Picks a code in the picker of the field (hs or isic) by typing text and choosing code. */
export async function pickCode(page, scheme, text, code) {
  const input = page.locator(`[data-field="${scheme}"] input[role=combobox]`);
  await input.fill(text);
  await page.waitForSelector(`[data-field="${scheme}"] [role=option][data-code="${code}"]`, { timeout: 10000 });
  await page.click(`[data-field="${scheme}"] [role=option][data-code="${code}"]`);
  await page.waitForSelector(`[data-field="${scheme}"] .chip[data-code="${code}"]`);
}

/**
 * Creates an organisation through /my/organisations/new; org: {names:[{text, lang}],
 * country, city, type, hs:[[text, code]], ...extra fields by data-field}. Returns its id.
 */
export async function createOrganisation(page, org) {
  await go(page, '/my');
  await page.click('#create-org');
  await page.waitForSelector('form.org-form');
  for (let i = 0; i < org.names.length; i++) {
    if (i > 0) await page.click('[data-field="names"] > p > button');
    await page.fill(`[data-field="names[${i}].text"] input`, org.names[i].text);
    await page.fill(`[data-field="names[${i}].lang"] input`, org.names[i].lang);
  }
  await page.selectOption('[data-field="country"] select', org.country);
  if (org.city) await page.fill('[data-field="city"] input', org.city);
  if (org.type) await page.selectOption('[data-field="type"] select', org.type);
  for (const [text, code] of org.hs || []) await pickCode(page, 'hs', text, code);
  for (const [sel, value] of Object.entries(org.fill || {})) await page.fill(sel, value);
  await page.click('form.org-form .actions button[type=submit]');
  await page.waitForFunction(() => /^\/my\/organisations\/\d+$/.test(location.pathname), null, { timeout: 15000 });
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/**
 * Creates a draft listing of organisation orgId through its listings page;
 * l: {direction, kind, lang, title, description, hs:[[text, code]], fill}. Returns its id.
 */
export async function createListing(page, orgId, l) {
  await go(page, `/my/organisations/${orgId}/listings`);
  await page.click('#new-listing');
  await page.waitForSelector('form.listing-form');
  if (l.direction) await page.selectOption('[data-field="direction"] select', l.direction);
  if (l.kind) await page.selectOption('[data-field="kind"] select', l.kind);
  await page.fill('[data-field="texts[0].lang"] input', l.lang);
  await page.fill('[data-field="texts[0].title"] input', l.title);
  if (l.description) await page.fill('[data-field="texts[0].description"] textarea', l.description);
  for (const [text, code] of l.hs || []) await pickCode(page, 'hs', text, code);
  for (const [sel, value] of Object.entries(l.fill || {})) await page.fill(sel, value);
  await page.click('form.listing-form .actions button[type=submit]');
  await page.waitForFunction(() => /^\/my\/listings\/\d+$/.test(location.pathname), null, { timeout: 15000 });
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Publishes the listing open in its editor and waits for the new status. */
export async function publish(page) {
  await page.click('button[data-action="publish"]');
  await page.waitForSelector('.listing-edit[data-status="published"]', { timeout: 15000 });
}

/** Signs in on /signin with the shared test password. */
export async function signIn(page, email, password = PASSWORD) {
  await page.goto(BASE + '/signin');
  await page.waitForSelector('#signin-form');
  await page.fill('[data-field="email"] input', email);
  await page.fill('[data-field="password"] input', password);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#signout', { timeout: 15000 });
  // The page then goes on to /my (or ?next=): let it, so that a step's own
  // navigation is not overtaken by it.
  await page.waitForFunction(() => location.pathname !== '/signin', null, { timeout: 15000 });
}
