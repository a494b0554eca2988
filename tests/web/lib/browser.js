// browser.js - Debian's Chromium driven by playwright-core, with the launch
// options known to work on these machines, and pages that record console
// errors, uncaught exceptions and requests that leave the server.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.HAMKOR_URL || '';
export const ARTIFACTS = process.env.HAMKOR_WEB_ARTIFACTS || join(process.cwd(), 'web-artifacts');
export const CHROMIUM = process.env.HAMKOR_CHROMIUM || '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A persistent context in a fresh user-data dir; close() removes the dir. */
export async function launch({ locale = 'en-US', viewport = { width: 1280, height: 900 } } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hamkor-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, locale, viewport,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new page that records problems: console errors, page errors, and any
 * request to another origin (the UI must load nothing from outside).
 */
export async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('about:')) problems.push(`outside request: ${u}`);
  });
  page.problems = problems;
  return page;
}

export function shotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
}

export async function api(path) {
  const r = await fetch(BASE + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}
