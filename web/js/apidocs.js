// apidocs.js - the API reference page (/developers): the server's own
// OpenAPI document (GET /api/v1/openapi.json, served by http_openapi.c)
// drawn as a readable list of operations grouped by tag, with a filter
// box, each operation's parameters, request body examples and answers.
// Nothing is loaded from outside the server; the document's texts are
// English and shown as text, never parsed as HTML.

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t } from './i18n.js';
import { errorBlock } from './errors.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The last part of a $ref ("#/components/schemas/Listing" -> "Listing"). */
function refName(ref) {
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : '';
}

/** Follows a $ref into doc.components, once. */
function deref(doc, obj) {
  if (!obj || typeof obj.$ref !== 'string') return obj;
  const [, , kind, name] = obj.$ref.split('/');
  return doc.components?.[kind]?.[name] || obj;
}

/** Every operation of the document as {method, path, op}, in document order. */
function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) if (item[method]) out.push({ method, path, op: item[method], common: item.parameters || [] });
  }
  return out;
}

function paramsTable(doc, params) {
  if (!params.length) return null;
  return h('table', { class: 'table api-params' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('apidocs.param')), h('th', { scope: 'col' }, t('apidocs.in')),
      h('th', { scope: 'col' }, t('apidocs.description')))),
    h('tbody', null, params.map((p0) => {
      const p = deref(doc, p0);
      return h('tr', null,
        h('td', null, h('code', null, p.name || ''), p.required ? h('span', { class: 'badge' }, t('apidocs.required')) : null),
        h('td', null, p.in || ''),
        h('td', null, p.description || ''));
    })));
}

function bodyBlock(doc, rb0) {
  const rb = deref(doc, rb0);
  const media = rb?.content?.['application/json'];
  if (!media) return null;
  const examples = Object.entries(media.examples || {}).map(([name, ex]) => [name, deref(doc, ex)?.value]);
  if (media.example !== undefined) examples.push(['example', media.example]);
  return h('div', { class: 'api-body' },
    h('h4', null, t('apidocs.body'), ' ', h('code', null, refName(media.schema?.$ref) || media.schema?.type || '')),
    examples.filter(([, v]) => v !== undefined).map(([name, v]) => h('details', null,
      h('summary', null, t('apidocs.example'), ': ', name),
      h('pre', { class: 'api-example' }, JSON.stringify(v, null, 2)))));
}

function responsesList(doc, responses) {
  return h('ul', { class: 'plain api-responses' }, Object.entries(responses || {}).map(([status, r0]) => {
    const r = deref(doc, r0);
    const schema = Object.values(r?.content || {})[0]?.schema;
    return h('li', null, h('code', null, status), ' ', r?.description?.split('\n')[0] || '',
      schema?.$ref ? [' — ', h('code', null, refName(schema.$ref))] : null);
  }));
}

function operationCard(doc, { method, path, op, common }) {
  const id = op.operationId || `${method}-${path}`;
  return h('article', { class: 'api-op', id: `op-${id}`, 'data-search': `${method} ${path} ${op.summary || ''} ${id}`.toLowerCase() },
    h('h3', null, h('span', { class: `api-method api-${method}` }, method.toUpperCase()), ' ', h('code', null, path)),
    op.summary ? h('p', null, op.summary) : null,
    op.description ? h('details', null, h('summary', null, t('apidocs.details')), h('p', { class: 'api-description' }, op.description)) : null,
    paramsTable(doc, [...common, ...(op.parameters || [])]),
    op.requestBody ? bodyBlock(doc, op.requestBody) : null,
    h('h4', null, t('apidocs.responses')), responsesList(doc, op.responses));
}

export function apiDocsView(main, { signal }) {
  document.title = `${t('apidocs.title')} — hamkor`;
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('section', { class: 'page api-docs' }, h('h1', null, t('apidocs.title')),
    h('p', null, t('apidocs.intro'), ' ',
      h('a', { href: '/api/v1/openapi.yaml', download: 'openapi.yaml' }, 'openapi.yaml'), ' · ',
      h('a', { href: '/api/v1/openapi.json', download: 'openapi.json' }, 'openapi.json')),
    body));
  get('openapi.json', null, { signal }).then((doc) => {
    const ops = operations(doc);
    const filter = h('input', { type: 'search', id: 'api-filter', 'aria-label': t('apidocs.filter'), placeholder: t('apidocs.filter') });
    const count = h('p', { class: 'muted', role: 'status', id: 'api-count' });
    const sections = [];
    const tags = [...(doc.tags || []).map((x) => x.name), ...new Set(ops.flatMap((o) => o.op.tags || []))]
      .filter((x, i, a) => a.indexOf(x) === i);
    for (const tag of [...tags, '']) {
      const mine = ops.filter((o) => (tag ? (o.op.tags || []).includes(tag) : !(o.op.tags || []).length));
      if (!mine.length) continue;
      const info = (doc.tags || []).find((x) => x.name === tag);
      sections.push(h('section', { class: 'api-tag', 'data-tag': tag || 'other' },
        h('h2', null, tag || t('apidocs.other')), info?.description ? h('p', null, info.description) : null,
        mine.map((o) => operationCard(doc, o))));
    }
    const apply = () => {
      const q = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const card of body.querySelectorAll('.api-op')) {
        const on = !q || card.dataset.search.includes(q);
        card.hidden = !on;
        shown += on ? 1 : 0;
      }
      for (const s of body.querySelectorAll('.api-tag')) s.hidden = !s.querySelector('.api-op:not([hidden])');
      count.textContent = t('apidocs.count', { n: shown, total: ops.length });
    };
    filter.addEventListener('input', apply);
    replace(body, h('p', { class: 'api-version' }, doc.info?.title || '', ' ', doc.info?.version || ''), filter, count);
    append(body, ...sections);
    apply();
  }).catch((e) => {
    if (e.name !== 'AbortError') replace(body, errorBlock(e));
  });
}
