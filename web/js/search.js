// search.js - the home page: one search box (search-as-you-type, debounced,
// stale requests cancelled), facets with counts as checkboxes, results with
// highlights, and "more results" through next_cursor. The state lives in
// the URL (?q=...&country=RU&hs=76), so back/forward and links work.

import { get } from './api.js';
import { h, replace, append, marked } from './dom.js';
import { t, fmtNumber, has } from './i18n.js';
import { countryName, codeLabelText, parentCode } from './refdata.js';
import { directionBadge, kindBadge, writtenIn } from './labels.js';
import { errorBlock } from './errors.js';
import { saveSearchControl } from './saved.js';

export const FACETS = ['direction', 'kind', 'country', 'org_type', 'sme', 'tier', 'hs', 'isic'];
const PAGE = 20;
const DEBOUNCE_MS = 250;

function stateFromQuery(query) {
  const filters = {};
  for (const f of FACETS) {
    const v = query.getAll(f).filter(Boolean);
    if (v.length) filters[f] = [...new Set(v)];
  }
  return { q: query.get('q') || '', filters };
}

function urlOf(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const f of FACETS) for (const v of state.filters[f] || []) p.append(f, v);
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

function apiParams(state, cursor) {
  const params = { q: state.q, limit: PAGE, cursor, facets: cursor ? undefined : 1 };
  for (const f of FACETS) if (state.filters[f]?.length) params[f] = state.filters[f];
  return params;
}

/** The label of a facet value in the UI language (async for codes). */
function facetValueLabel(facet, value) {
  switch (facet) {
    case 'country': return countryName(value);
    case 'direction': case 'kind': case 'org_type': case 'tier':
      return has(`${facet}.${value}`) ? t(`${facet}.${value}`) : value;
    case 'sme': return t(value === 'true' ? 'sme.true' : 'sme.false');
    default: return value;
  }
}

export function searchView(main, { query, signal }) {
  const state = stateFromQuery(query);
  document.title = state.q ? `${state.q} — ${t('search.title')} — hamkor` : `hamkor — ${t('app.tagline')}`;

  const input = h('input', {
    id: 'q', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
    'aria-describedby': 'q-hint', 'aria-controls': 'results', placeholder: t('search.placeholder'),
  });
  input.value = state.q;
  const form = h('form', { class: 'search-form', role: 'search', onsubmit: (e) => { e.preventDefault(); schedule(0); } },
    h('label', { for: 'q', class: 'search-label' }, t('search.label')),
    h('div', { class: 'search-row' }, input,
      h('button', { type: 'submit', class: 'button button-primary' }, t('search.submit'))),
    h('p', { id: 'q-hint', class: 'hint' }, t('search.hint')));

  const facetsEl = h('div', { class: 'facets-body' });
  const clearBtn = h('button', { type: 'button', class: 'button button-link', hidden: true, onclick: () => {
    state.filters = {};
    update({ push: true });
  } }, t('facets.clear'));
  const facetsPanel = h('aside', { class: 'facets', 'aria-labelledby': 'facets-title' },
    h('div', { class: 'facets-head' }, h('h2', { id: 'facets-title' }, t('facets.title')), clearBtn), facetsEl);
  const summary = h('p', { class: 'summary', id: 'summary' });
  const inferred = h('p', { class: 'inferred', hidden: true });
  const list = h('ol', { class: 'hits', id: 'results', 'aria-labelledby': 'results-title' });
  const more = h('div', { class: 'more' });
  const errorEl = h('div', { class: 'search-error' });
  const results = h('section', { class: 'results', 'aria-busy': 'false' },
    h('h2', { id: 'results-title', class: 'visually-hidden' }, t('search.results')), summary, inferred, errorEl, list, more);

  replace(main,
    h('section', { class: 'hero' }, h('h1', null, t('search.heading')), h('p', { class: 'lead' }, t('search.lead')), form,
      saveSearchControl(() => state)),
    h('div', { class: 'search-layout' }, results, facetsPanel));
  input.setAttribute('data-autofocus', '');

  let timer = 0;
  let inflight = null; // AbortController of the request in flight
  let seq = 0;

  input.addEventListener('input', () => schedule(DEBOUNCE_MS));
  signal.addEventListener('abort', () => { clearTimeout(timer); inflight?.abort(); });

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (input.value === state.q && ms) return;
      state.q = input.value;
      update({ push: false });
    }, ms);
  }

  function update({ push }) {
    const url = urlOf(state);
    if (url !== location.pathname + location.search) {
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
    document.title = state.q ? `${state.q} — ${t('search.title')} — hamkor` : `hamkor — ${t('app.tagline')}`;
    return run();
  }

  async function fetchPage(cursor) {
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const my = ++seq;
    results.setAttribute('aria-busy', 'true');
    try {
      const body = await get('search', apiParams(state, cursor), { signal: ctl.signal });
      return my === seq && !signal.aborted ? body : null;
    } finally {
      if (my === seq) results.setAttribute('aria-busy', 'false');
    }
  }

  async function run() {
    replace(errorEl);
    let body;
    try {
      body = await fetchPage(null);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(errorEl, errorBlock(e, () => run()));
      replace(list);
      replace(more);
      replace(summary);
      inferred.hidden = true;
      renderFacets({}); // only the filters in use stay, so that they can be removed
      rendered();
      return;
    }
    if (!body) return;
    renderSummary(body);
    replace(list, ...body.hits.map((hit) => hitItem(hit, body.inferred_hs || [])));
    renderMore(body.next_cursor, body);
    renderFacets(body.facets || {});
    announce(summary.textContent);
    rendered(); // for tests and assistive tech: which query the results show
  }

  let renders = 0;
  function rendered() {
    results.dataset.query = state.q;
    results.dataset.seq = String(++renders);
  }

  function renderSummary(body) {
    const n = body.total ?? body.hits.length;
    replace(summary, n === 0 ? t('search.none') :
      (state.q ? t('search.total_for', { n: fmtNumber(n), q: state.q }) : t('search.total', { n: fmtNumber(n) })));
    summary.dataset.total = String(n);
    const inf = body.inferred_hs || [];
    inferred.hidden = inf.length === 0;
    if (inf.length) {
      const codes = h('span', null);
      replace(inferred, t('search.inferred'), ' ', codes);
      inf.slice(0, 3).forEach((c, i) => {
        const label = h('span', { class: 'code-label' });
        append(codes, i ? ', ' : '', h('span', { class: 'code', 'data-code': c }, `HS ${c}`, label));
        codeLabelText('hs', c).then((s) => { if (s) label.textContent = ` — ${s}`; });
      });
    }
  }

  function renderMore(cursor, body) {
    replace(more);
    if (!cursor) return;
    const btn = h('button', { type: 'button', class: 'button', 'data-cursor': cursor }, t('search.more'));
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      let page;
      try {
        page = await fetchPage(cursor);
      } catch (e) {
        if (e.name === 'AbortError') return;
        btn.disabled = false;
        replace(errorEl, errorBlock(e));
        return;
      }
      if (!page) return;
      const items = page.hits.map((hit) => hitItem(hit, page.inferred_hs || body.inferred_hs || []));
      append(list, items);
      renderMore(page.next_cursor, body);
      items[0]?.querySelector('a')?.focus();
      announce(t('search.loaded_more', { n: fmtNumber(list.children.length) }));
    });
    append(more, btn);
  }

  function renderFacets(facets) {
    const active = Object.values(state.filters).some((v) => v.length);
    clearBtn.hidden = !active;
    const groups = [];
    for (const f of FACETS) {
      // One entry per value (the counts of repeated values are added up).
      const byValue = new Map();
      for (const v of facets[f] || []) {
        const key = String(v.value);
        byValue.set(key, (byValue.get(key) || 0) + (Number(v.count) || 0));
      }
      const values = [...byValue].map(([value, count]) => ({ value, count }));
      for (const v of state.filters[f] || []) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
      if (!values.length) continue;
      groups.push(facetGroup(f, values));
    }
    replace(facetsEl, groups.length ? groups : h('p', { class: 'muted' }, t('facets.empty')));
  }

  function facetGroup(facet, values) {
    const selected = new Set(state.filters[facet] || []);
    const hierarchical = facet === 'hs' || facet === 'isic';
    const item = (v) => {
      const id = `f-${facet}-${v.value}`.replace(/[^\w-]/g, '_');
      const box = h('input', { type: 'checkbox', id, name: facet, value: v.value, checked: selected.has(v.value) });
      box.addEventListener('change', () => {
        const set = new Set(state.filters[facet] || []);
        if (box.checked) set.add(v.value); else set.delete(v.value);
        state.filters[facet] = [...set];
        if (!set.size) delete state.filters[facet];
        update({ push: true }).then(() => document.getElementById(id)?.focus());
      });
      const text = h('span', { class: 'facet-text' });
      if (hierarchical) {
        append(text, h('span', { class: 'code-value' }, v.value));
        const lab = h('span', { class: 'code-label' });
        append(text, lab);
        codeLabelText(facet, v.value).then((s) => { if (s) lab.textContent = ` ${s}`; });
      } else {
        append(text, facetValueLabel(facet, v.value));
      }
      return h('li', { 'data-value': v.value },
        h('label', { for: id, class: 'facet-option' }, box, text, h('span', { class: 'count' }, fmtNumber(v.count))));
    };
    let listEl;
    if (hierarchical) {
      // Nest each code under its parent when the parent is among the values.
      const byValue = new Map(values.map((v) => [v.value, { ...v, children: [] }]));
      const roots = [];
      for (const node of byValue.values()) {
        let p = parentCode(facet, node.value);
        while (p && !byValue.has(p)) p = parentCode(facet, p);
        if (p) byValue.get(p).children.push(node); else roots.push(node);
      }
      const build = (nodes) => h('ul', { class: 'facet-list' }, nodes.map((n) => {
        const li = item(n);
        if (n.children.length) append(li, build(n.children));
        return li;
      }));
      listEl = build(roots);
    } else {
      listEl = h('ul', { class: 'facet-list' }, values.map(item));
    }
    const fs = h('fieldset', { class: `facet facet-${facet}`, 'data-facet': facet },
      h('legend', null, t(`facet.${facet}`)), listEl);
    if (hierarchical && values.length > 8) {
      return h('details', { class: 'facet-details', open: selected.size > 0 || undefined },
        h('summary', null, t(`facet.${facet}`), ' ', h('span', { class: 'count' }, fmtNumber(values.length))), fs);
    }
    return fs;
  }

  function hitItem(hit, inferredHs) {
    const title = h('a', { href: `/listings/${encodeURIComponent(hit.id)}`, class: 'hit-title', lang: hit.lang || null },
      marked(hit.title_marked, hit.title));
    const badges = [directionBadge(hit.direction), kindBadge(hit.kind)];
    if (hit.cross_lingual) {
      const via = (hit.hs || []).find((c) => inferredHs.includes(c)) || (hit.hs || [])[0];
      badges.push(h('span', { class: 'badge badge-cross', title: t('hit.cross_lingual_help') },
        via ? t('hit.cross_lingual_code', { code: via }) : t('hit.cross_lingual')));
    }
    const org = hit.organisation;
    return h('li', { class: 'hit', 'data-id': hit.id, 'data-lang': hit.lang },
      h('h3', { class: 'hit-heading' }, title),
      h('p', { class: 'badges' }, badges),
      h('p', { class: 'hit-meta' },
        writtenIn(hit.lang), ' · ',
        h('span', { class: 'country', 'data-country': hit.country }, countryName(hit.country)),
        org ? [' · ', h('a', { href: `/organisations/${encodeURIComponent(org.id)}` }, org.name)] : null,
        hit.hs?.length ? [' · ', h('span', { class: 'codes' }, hit.hs.map((c) => `HS ${c}`).join(', '))] : null),
      // Near-identical listings of the same organisation, collapsed into this hit.
      hit.similar?.count ? h('p', { class: 'hit-similar', 'data-similar': String(hit.similar.count) },
        org ? h('a', { href: `/organisations/${encodeURIComponent(org.id)}` }, t('hit.similar', { n: fmtNumber(hit.similar.count) }))
          : t('hit.similar', { n: fmtNumber(hit.similar.count) })) : null);
  }

  return run();
}

function announce(text) {
  const live = document.getElementById('live');
  if (live) live.textContent = text;
}

