// analytics.js - the Analytics page (GET /api/v1/analytics, issue 15):
// listings by kind and direction, sectors over time, matches and
// interests per state, joint projects by stage, the Action Plan's
// completion; for a national coordinator (its own state) and the
// secretariat also the funnel, financing and the cooperation matrix as a
// state-by-state heat map. Each figure is a chart drawn with Chart.js
// (served from /vendor/, nothing loaded from outside), its numbers as a
// table (for screen readers, and for anyone who opens it) and a CSV
// download of the same figure. Without the chart library the tables
// remain. The heat map is an HTML table whose cells carry their numbers,
// so colour is never the only cue.

import { get } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtNumber, fmtDate, has } from './i18n.js';
import { currentUser } from './session.js';
import { navigate } from './router.js';
import { errorBlock } from './errors.js';
import { countryList } from './refdata.js';
import { stateName } from './coord.js';

const PALETTE = ['#1f6f8b', '#e07b39', '#5a9a3c', '#8c4f9f', '#c23b4e', '#b58b00', '#3f5fbf', '#6b6b6b'];
const STAGES = ['draft', 'signed_off', 'endorsed', 'submitted', 'implementation', 'completed', 'cancelled'];
const KINDS = ['coproduction', 'subcontracting', 'supply', 'technology', 'investment', 'research'];

let chartLib = null;
/** Chart.js, loaded once from the server's own copy; null when it is missing. */
async function loadCharts() {
  if (chartLib !== null) return chartLib || null;
  try {
    await import('/vendor/chart.umd.min.js');
    chartLib = globalThis.Chart || false;
  } catch {
    chartLib = false;
  }
  return chartLib || null;
}

const charts = new Set();
function destroyCharts() {
  for (const c of charts) c.destroy();
  charts.clear();
}

/** A column's heading in the reader's language. */
function colName(c) { return has(`analytics.col.${c}`) ? t(`analytics.col.${c}`) : c; }

/** A cell's text: states by name, enumerations by label, numbers formatted. */
function cellText(col, v) {
  if (typeof v === 'number') return col === 'completion' ? `${fmtNumber(v)} %` : fmtNumber(v);
  if (col === 'state' || col === 'partner') return stateName(v);
  if (col === 'kind' && has(`kind.${v}`)) return t(`kind.${v}`);
  if (col === 'direction' && has(`direction.${v}`)) return t(`direction.${v}`);
  if (col === 'stage' && has(`prj_state.${v}`)) return t(`prj_state.${v}`);
  if (col === 'scheme') return v.toUpperCase();
  return v;
}

/** The figure's numbers as a table with a caption. */
function numbersTable(fig, caption) {
  const cols = fig.columns;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table analytics-table', 'data-figure': fig.figure },
    h('caption', null, caption),
    h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, colName(c))))),
    h('tbody', null, fig.rows.length ? fig.rows.map((r) => h('tr', null, r.map((v, i) =>
      i === 0 ? h('th', { scope: 'row' }, cellText(cols[i], v)) : h('td', { class: typeof v === 'number' ? 'num' : null }, cellText(cols[i], v)))))
      : h('tr', null, h('td', { colspan: String(cols.length) }, t('analytics.no_data'))))));
}

function figureUrl(figure, params, csv) {
  const p = new URLSearchParams({ figure, ...params });
  if (csv) p.set('format', 'csv');
  return `/api/v1/analytics?${p}`;
}

/** One figure's section: heading, chart box, the table (collapsed) and the CSV link. */
function figureSection(id, titleKey, params, figure) {
  const canvas = h('canvas', { role: 'img', 'aria-label': t('analytics.chart_label', { title: t(titleKey) }) });
  const box = h('div', { class: 'chart-box', id: `chart-${id}` }, canvas);
  const numbers = h('details', { class: 'analytics-numbers' }, h('summary', null, t('analytics.table')));
  const sec = h('section', { class: 'analytics-figure card', id: `fig-${id}`, 'aria-labelledby': `fig-${id}-h` },
    h('h2', { id: `fig-${id}-h` }, t(titleKey)),
    box, numbers,
    h('p', { class: 'exports' }, h('a', { href: figureUrl(figure, params, true), download: '', class: 'analytics-csv', id: `csv-${id}` }, t('analytics.csv'))));
  return { sec, box, canvas, numbers };
}

function sum(rows, col, keyCol, key) {
  return rows.filter((r) => keyCol === undefined || r[keyCol] === key).reduce((a, r) => a + r[col], 0);
}

function draw(Chart, canvas, config) {
  const c = new Chart(canvas, {
    ...config,
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom' } },
      ...config.options,
    },
  });
  charts.add(c);
  return c;
}

/* ---- the charts of each figure ---- */

function listingsChart(Chart, canvas, fig) {
  const kinds = KINDS.filter((k) => fig.rows.some((r) => r[1] === k));
  draw(Chart, canvas, { type: 'bar', data: { labels: kinds.map((k) => t(`kind.${k}`)), datasets: ['offer', 'request'].map((d, i) => ({
    label: t(`direction.${d}`), backgroundColor: PALETTE[i],
    data: kinds.map((k) => fig.rows.filter((r) => r[1] === k && r[2] === d).reduce((a, r) => a + r[3], 0)) })) } });
}

function sectorsChart(Chart, canvas, fig) {
  const months = [...new Set(fig.rows.map((r) => r[0]))];
  // The six HS sections with the most listings, one line each.
  const totals = new Map();
  for (const r of fig.rows) if (r[1] === 'hs') totals.set(r[2], (totals.get(r[2]) || 0) + r[3]);
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([s]) => s);
  draw(Chart, canvas, { type: months.length > 1 ? 'line' : 'bar', data: { labels: months, datasets: top.map((s, i) => ({
    label: `HS ${s}`, borderColor: PALETTE[i], backgroundColor: PALETTE[i],
    data: months.map((m) => sum(fig.rows.filter((r) => r[0] === m && r[1] === 'hs'), 3, 2, s)) })) } });
}

function activityChart(Chart, canvas, matches, interests) {
  const states = [...new Set([...matches.rows.map((r) => r[0]), ...interests.rows.map((r) => r[0])])].sort();
  draw(Chart, canvas, { type: 'bar', data: { labels: states, datasets: [
    { label: colName('matches'), backgroundColor: PALETTE[0], data: states.map((s) => sum(matches.rows, 1, 0, s)) },
    { label: colName('sent'), backgroundColor: PALETTE[1], data: states.map((s) => sum(interests.rows, 1, 0, s)) },
    { label: colName('sent_accepted'), backgroundColor: PALETTE[2], data: states.map((s) => sum(interests.rows, 2, 0, s)) }] } });
}

function projectsChart(Chart, canvas, fig) {
  const states = [...new Set(fig.rows.map((r) => r[0]))].sort();
  const stages = STAGES.filter((s) => fig.rows.some((r) => r[1] === s));
  draw(Chart, canvas, { type: 'bar', data: { labels: states, datasets: stages.map((s, i) => ({
    label: t(`prj_state.${s}`), backgroundColor: PALETTE[i % PALETTE.length],
    data: states.map((st) => sum(fig.rows.filter((r) => r[1] === s), 2, 0, st)) })) },
  options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
}

function funnelChart(Chart, canvas, fig) {
  const steps = ['listings', 'interests', 'accepted', 'meetings', 'projects', 'financed'];
  draw(Chart, canvas, { type: 'bar', data: { labels: steps.map(colName), datasets: [{
    label: t('analytics.funnel'), backgroundColor: steps.map((_, i) => PALETTE[i]),
    data: steps.map((step) => fig.rows.reduce((a, r) => a + r[fig.columns.indexOf(step)], 0)) }] },
  options: { indexAxis: 'y', plugins: { legend: { display: false } } } });
}

function meetingsChart(Chart, canvas, fig) {
  const states = fig.rows.map((r) => r[0]);
  draw(Chart, canvas, { type: 'bar', data: { labels: states, datasets: ['requested', 'accepted', 'at_events'].map((c, i) => ({
    label: colName(c), backgroundColor: PALETTE[i], data: fig.rows.map((r) => r[fig.columns.indexOf(c)]) })) } });
}

function financingChart(Chart, canvas, fig) {
  const currencies = [...new Set(fig.rows.map((r) => r[1]))].sort();
  draw(Chart, canvas, { type: 'bar', data: { labels: currencies, datasets: [
    { label: colName('requested_amount'), backgroundColor: PALETTE[0], data: currencies.map((c) => sum(fig.rows, 3, 1, c)) },
    { label: colName('approved_amount'), backgroundColor: PALETTE[2], data: currencies.map((c) => sum(fig.rows, 5, 1, c)) }] } });
}

function planChart(Chart, canvas, fig) {
  const states = fig.rows.map((r) => r[0]);
  draw(Chart, canvas, { type: 'bar', data: { labels: states, datasets: [
    { label: colName('done'), backgroundColor: PALETTE[2], data: fig.rows.map((r) => r[2]) },
    { label: colName('in_progress'), backgroundColor: PALETTE[0], data: fig.rows.map((r) => r[3]) },
    { label: colName('not_started'), backgroundColor: PALETTE[7], data: fig.rows.map((r) => r[4]) },
    { label: colName('overdue'), backgroundColor: PALETTE[4], data: fig.rows.map((r) => r[6]) }] } });
}

/** The cooperation matrix as a heat map: states by states, the chosen count in each cell. */
function heatMap(fig, measure) {
  const col = fig.columns.indexOf(measure);
  const states = [...new Set(fig.rows.flatMap((r) => [r[0], r[1]]))].sort();
  const value = new Map(fig.rows.map((r) => [`${r[0]}-${r[1]}`, r[col]]));
  const max = Math.max(1, ...fig.rows.map((r) => r[col]));
  if (!states.length) return h('p', { class: 'muted' }, t('analytics.no_data'));
  const cell = (a, b) => {
    const v = value.get(`${a}-${b}`) || 0;
    const td = h('td', { class: `heat${v ? '' : ' heat-zero'}`, 'data-value': String(v), title: `${stateName(a)} — ${stateName(b)}: ${fmtNumber(v)}` }, fmtNumber(v));
    // Set through the CSSOM, which the content security policy allows.
    const alpha = v ? 0.15 + 0.85 * (v / max) : 0;
    td.style.backgroundColor = `rgba(31, 111, 139, ${alpha.toFixed(2)})`;
    if (alpha > 0.55) td.classList.add('heat-dark');
    return td;
  };
  return h('div', { class: 'table-wrap' }, h('table', { class: 'heat-map', id: 'heat-map' },
    h('caption', null, t('analytics.matrix_caption', { what: colName(measure) })),
    h('thead', null, h('tr', null, h('td', null), states.map((s) => h('th', { scope: 'col', title: stateName(s) }, s)))),
    h('tbody', null, states.map((a) => h('tr', null, h('th', { scope: 'row', title: stateName(a) }, a), states.map((b) => cell(a, b)))))));
}

/* ---- the page ---- */

export async function analyticsView(main, { query, signal }) {
  document.title = `${t('analytics.title')} — hamkor`;
  destroyCharts();
  const user = currentUser();
  const date = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : '');
  const from = date(query.get('from'));
  const to = date(query.get('to'));
  const state = /^[A-Z]{2}$/.test(query.get('state') || '') ? query.get('state') : '';
  const params = Object.fromEntries(Object.entries({ from, to, state }).filter(([, v]) => v));
  // The funnel, financing and the matrix: the secretariat's for any state,
  // a coordinator's for its own (also when it names none).
  const restricted = !!user && (user.role === 'secretariat' || (user.role === 'coordinator' && (!state || state === user.country)));

  const fromIn = h('input', { type: 'date', id: 'an-from', name: 'from', value: from || null });
  const toIn = h('input', { type: 'date', id: 'an-to', name: 'to', value: to || null });
  const stateSel = h('select', { id: 'an-state', name: 'state' }, h('option', { value: '' }, t('analytics.all_states')),
    countryList().map((c) => h('option', { value: c.iso2, selected: c.iso2 === state || null }, stateName(c.iso2))));
  const form = h('form', { class: 'filters analytics-filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (fromIn.value) p.set('from', fromIn.value);
    if (toIn.value) p.set('to', toIn.value);
    if (stateSel.value) p.set('state', stateSel.value);
    navigate(`/analytics${p.toString() ? `?${p}` : ''}`);
  } },
  h('label', { for: 'an-from' }, t('analytics.from')), ' ', fromIn, ' ',
  h('label', { for: 'an-to' }, t('analytics.to')), ' ', toIn, ' ',
  h('label', { for: 'an-state' }, t('analytics.state')), ' ', stateSel, ' ',
  h('button', { type: 'submit', class: 'button' }, t('analytics.apply')));

  const status = h('p', { class: 'loading', role: 'status' }, t('common.loading'));
  const grid = h('div', { class: 'analytics-grid' });
  const scopeNote = h('p', { class: 'muted', id: 'analytics-scope' },
    user?.role === 'secretariat' ? t('analytics.scope_secretariat')
      : user?.role === 'coordinator' ? t('analytics.scope_coordinator', { state: stateName(user.country) })
        : t('analytics.scope_public'));
  replace(main, h('section', { class: 'page analytics-page' }, h('h1', null, t('analytics.title')),
    h('p', null, t('analytics.intro')), scopeNote, form, status, grid));

  // A coordinator's restricted figures are its own state's.
  const restrictedParams = user?.role === 'coordinator' && !state ? { ...params, state: user.country } : params;
  const want = [['listings', params], ['sectors', params], ['matches', params], ['interests', params], ['meetings', params], ['projects', params], ['plan', params]];
  if (restricted) want.push(['funnel', restrictedParams], ['financing', restrictedParams], ['matrix', restrictedParams]);
  let figs;
  try {
    const got = await Promise.all(want.map(([f, p]) => get('analytics', { figure: f, ...p }, { signal })));
    figs = Object.fromEntries(got.map((g) => [g.figure, g]));
  } catch (e) {
    if (e.name !== 'AbortError') replace(status, errorBlock(e));
    return;
  }
  const Chart = await loadCharts();
  status.remove();
  // Figures count whole months: say which days were counted.
  const counted = figs.listings;
  if (counted?.from && counted?.to) {
    scopeNote.after(h('p', { class: 'muted', id: 'analytics-range' },
      t('analytics.counted', { from: fmtDate(counted.from), to: fmtDate(counted.to) })));
  }
  if (!Chart) grid.before(h('p', { class: 'muted', id: 'charts-unavailable' }, t('analytics.charts_unavailable')));

  const add = (id, titleKey, figure, p, drawIt, extraTables = []) => {
    const s = figureSection(id, titleKey, p, figure);
    grid.append(s.sec);
    s.numbers.append(...[figs[figure], ...extraTables].map((f) => numbersTable(f, `${t(titleKey)} — ${colName(f.figure)}`)));
    const empty = [figs[figure], ...extraTables].every((f) => !f.rows.length);
    if (Chart && drawIt && !empty) drawIt(Chart, s.canvas);
    else s.box.remove();
    if (empty && drawIt) s.numbers.before(h('p', { class: 'muted no-data' }, t('analytics.no_data')));
    return s;
  };
  add('listings', 'analytics.listings', 'listings', params, (C, c) => listingsChart(C, c, figs.listings));
  add('sectors', 'analytics.sectors', 'sectors', params, (C, c) => sectorsChart(C, c, figs.sectors));
  add('activity', 'analytics.activity', 'interests', params, (C, c) => activityChart(C, c, figs.matches, figs.interests), [figs.matches]);
  add('meetings', 'analytics.meetings', 'meetings', params, (C, c) => meetingsChart(C, c, figs.meetings));
  add('projects', 'analytics.projects', 'projects', params, (C, c) => projectsChart(C, c, figs.projects));
  if (restricted) {
    add('funnel', 'analytics.funnel', 'funnel', restrictedParams, (C, c) => funnelChart(C, c, figs.funnel));
    add('financing', 'analytics.financing', 'financing', restrictedParams, (C, c) => financingChart(C, c, figs.financing));
    // The heat map: an HTML table, with a choice of count.
    const s = add('matrix', 'analytics.matrix', 'matrix', restrictedParams, null);
    const measures = ['interests', 'accepted', 'matches', 'meetings', 'projects', 'financed'];
    const pick = h('select', { id: 'matrix-measure' }, measures.map((m) => h('option', { value: m }, colName(m))));
    const holder = h('div', { class: 'heat-holder' }, heatMap(figs.matrix, 'interests'));
    pick.addEventListener('change', () => replace(holder, heatMap(figs.matrix, pick.value)));
    s.sec.querySelector('h2').after(h('p', { class: 'filters' }, h('label', { for: 'matrix-measure' }, t('analytics.matrix_measure')), ' ', pick), holder);
  }
  add('plan', 'analytics.plan', 'plan', params, (C, c) => planChart(C, c, figs.plan));
}

/** For the router: charts are dropped when another page is shown. */
export function leaveAnalytics() { destroyCharts(); }
