// router.js - history routing for the single-page app. The server answers
// index.html for any path without a file extension, so /listings/42 can be
// loaded directly. Views are functions (main, ctx) -> void; ctx.signal is
// aborted when the reader leaves the view.

import { replace } from './dom.js';
import { errorBlock } from './errors.js';

const routes = [];
let current = null; // {controller}
let notFoundView = null;

export function route(pattern, view) {
  const keys = [];
  const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
  routes.push({ re, keys, view });
}

export function notFound(view) { notFoundView = view; }

function resolve(pathname) {
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (m) return { view: r.view, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return { view: notFoundView, params: {} };
}

/** Renders the view of the current URL; focus=true moves focus to the main content. */
export function render({ focus = false } = {}) {
  current?.controller.abort();
  const controller = new AbortController();
  current = { controller };
  const main = document.getElementById('main');
  const { view, params } = resolve(location.pathname);
  const query = new URLSearchParams(location.search);
  window.dispatchEvent(new Event('hamkor:navigated'));
  const p = Promise.resolve()
    // A render overtaken before its view began (two navigations in one
    // turn) draws nothing: the newer one owns the page.
    .then(() => (controller.signal.aborted ? undefined : view(main, { params, query, signal: controller.signal })))
    .catch((e) => {
      // A bug in a view: say so instead of leaving a blank page.
      console.error(e);
      if (!controller.signal.aborted) replace(main, errorBlock({ kind: 'unknown' }, () => render()));
    });
  if (focus) {
    p.finally(() => {
      if (controller.signal.aborted) return;
      const target = main.querySelector('[data-autofocus]') || main.querySelector('h1') || main;
      if (!target.hasAttribute('tabindex') && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    });
    window.scrollTo(0, 0);
  }
  return p;
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return render({ focus: !replace });
}

export function start() {
  window.addEventListener('popstate', () => render({ focus: true }));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest?.('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page anchor
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
  return render();
}
