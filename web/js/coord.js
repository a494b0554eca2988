// coord.js - what the coordination pages (meetings.js, initiatives.js,
// plan.js) share: texts shown side by side in every language with their
// origin, the title in the reader's language, and small labels. User text
// is always added as text (dom.js), never as markup.

import { h } from './dom.js';
import { send } from './api.js';
import { field, onSubmit, formErrorSlot, val, words } from './forms.js';
import { currentUser } from './session.js';
import { render } from './router.js';
import { t, getLang, has } from './i18n.js';
import { countryName } from './refdata.js';
import { writtenIn } from './labels.js';

/** The text in the reader's language, else the original, else the first. */
export function pickText(texts) {
  const list = Array.isArray(texts) ? texts : [];
  const lang = getLang();
  return list.find((x) => x.lang === lang || (x.lang || '').startsWith(`${lang}-`))
    || list.find((x) => x.origin === 'original') || list[0] || null;
}

/** The title to show for a record with texts. */
export function titleOf(texts, fallback) {
  return pickText(texts)?.title || fallback || '';
}

/** Every text side by side: one column per language, each marked original, human or machine. */
export function textsSideBySide(texts, { bodies = true } = {}) {
  const list = Array.isArray(texts) ? texts : [];
  return h('div', { class: 'side-by-side', 'data-count': String(list.length) },
    list.map((x) => h('section', { class: `side-text origin-${x.origin}`, lang: x.lang || null, 'data-lang': x.lang, 'data-origin': x.origin },
      h('p', { class: 'text-origin' }, h('span', { class: `badge badge-origin-${x.origin}` }, t(`origin.${x.origin}`)), ' ', writtenIn(x.lang)),
      h('p', { class: 'side-title' }, x.title),
      bodies && x.body ? h('p', { class: 'side-body' }, x.body) : null)));
}

/** A label from the catalogue (prefix.value), the value itself when there is none. */
export function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value ?? '');
}

export function stateName(iso2) {
  return iso2 ? `${countryName(iso2)} (${iso2})` : '';
}

/** A badge for a status of prefix (initiative_status, measure_status). */
export function statusBadge(prefix, status) {
  return h('span', { class: `badge ${prefix}-${status}`, 'data-status': status }, label(prefix, status));
}

export const MEETING_TYPES = ['industry_ministers', 'heads_of_government', 'expert', 'economic_forum', 'other'];
export const BODIES = ['secretariat', 'business_council', 'interbank_association', 'energy_club', 'aiib', 'ndb', 'silk_road_fund'];

/** The sub-navigation of the coordination pages. */
export function coordTabs(current) {
  const tab = (href, key) => h('li', null, h('a', { href, class: 'tab', 'aria-current': href === current ? 'page' : null }, t(key)));
  return h('nav', { class: 'tabs coord-tabs', 'aria-label': t('coord.sections') },
    h('ul', null, tab('/meetings', 'coord.meetings'), tab('/initiatives', 'coord.initiatives'), tab('/plan', 'coord.plan')));
}

/**
 * The joint projects serving a measure or an initiative (project_ids), as
 * a term and its links for a dl; null when there are none. The project
 * page itself opens only to those who may read the project.
 */
export function projectLinks(ids) {
  if (!(ids || []).length) return null;
  return [h('dt', null, t('coord.projects')), h('dd', { class: 'project-links' },
    ids.map((id, k) => [k ? ', ' : null, h('a', { href: `/projects/${id}`, class: 'link-project', 'data-id': id }, t('coord.project_n', { id }))]))];
}

/**
 * The secretariat's form linking the joint projects that serve a measure or
 * an initiative (path, for PATCH with If-Match etag) by number; null for
 * everyone else. A word that is not a number goes as null, so that the API
 * names it.
 */
export function projectLinkForm(path, ids, etag) {
  if (currentUser()?.role !== 'secretariat') return null;
  const input = field({ name: 'project_ids', label: t('plan.link_projects'), hint: t('plan.link_projects_hint'), value: (ids || []).join(' ') });
  const form = h('form', { class: 'link-form', novalidate: true }, formErrorSlot(), input,
    h('button', { type: 'submit', class: 'button' }, t('plan.link_save')));
  onSubmit(form, async () => {
    const list = words(val(input.control)).map((w) => (/^\d+$/.test(w) ? Number(w) : null));
    await send('PATCH', path, { project_ids: list }, { ifMatch: etag });
    render();
  });
  return h('details', { class: 'link-projects' }, h('summary', null, t('plan.link_projects')), form);
}
