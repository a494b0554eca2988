// project_editor.js - starting a joint project (POST /api/v1/projects):
// its title and summary in the author's language (translations are added
// later), sector, budget, partners (organisation, role, work share) and
// milestones. From an accepted interest (/projects/new?interest=ID) the two
// organisations of the interest are the first partners and the project
// keeps the link. The API's field errors land next to their controls.

import { get, send } from './api.js';
import { h, replace } from './dom.js';
import { t, getLang } from './i18n.js';
import { requireUser, memberships } from './session.js';
import { field, enumSelect, select, formErrorSlot, onSubmit, val } from './forms.js';
import { repeater } from './repeat.js';
import { navigate } from './router.js';
import { SECTORS } from './projects.js';

const ROLES = ['lead', 'coproducer', 'supplier', 'research', 'financier'];

export async function projectCreateView(main, { query, signal }) {
  if (!requireUser(main, 'projects.new')) return;
  document.title = `${t('projects.new')} — hamkor`;
  const interestId = Number(query.get('interest')) || 0;
  const partners = [];
  const mine = memberships()[0];
  if (interestId) {
    try {
      const i = await get(`interests/${interestId}`, null, { signal });
      const l = await get(`listings/${i.listing_id}`, null, { signal });
      partners.push({ org_id: l.org_id, role: 'lead', share: 50 }, { org_id: i.from_org_id, role: 'coproducer', share: 50 });
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
  }
  if (!partners.length && mine) partners.push({ org_id: mine.org_id, role: 'lead', share: 100 });

  const lang = field({ name: 'texts[0].lang', label: t('project.language'),
    control: select('lang', [['ru', 'Русский'], ['zh', '中文'], ['en', 'English']], getLang()) });
  const title = field({ name: 'texts[0].title', label: t('project.title_field'), required: true, attrs: { maxlength: '300' } });
  const summary = field({ name: 'texts[0].summary', label: t('project.summary'), type: 'textarea' });
  const sector = field({ name: 'sector', label: t('pipeline.sector'), control: enumSelect('sector', 'sector', SECTORS, 'industry') });
  const budget = field({ name: 'budget', label: t('project.budget'), type: 'number', required: true, attrs: { min: '0', step: 'any' } });
  const currency = field({ name: 'currency', label: t('project.currency'), value: 'USD', required: true, attrs: { maxlength: '3' } });
  const partnerRows = repeater({
    name: 'partners', legend: t('project.partners'), addLabel: t('project.add_partner'), items: partners, min: 1,
    blank: () => ({ role: 'coproducer', share: 0 }),
    make: (x) => {
      const org = field({ name: 'partners[0].org_id', label: t('project.org_id'), type: 'number', value: x.org_id ?? '', attrs: { min: '1' } });
      const role = field({ name: 'partners[0].role', label: t('project.role'), control: enumSelect('role', 'prole', ROLES, x.role) });
      const share = field({ name: 'partners[0].share', label: t('project.share'), type: 'number', value: x.share ?? 0, attrs: { min: '0', max: '100', step: '0.01' } });
      return { el: h('div', { class: 'row-fields' }, org, role, share),
        get: () => ({ org_id: Number(org.control.value), role: role.control.value, share: Number(share.control.value) }) };
    },
  });
  const msRows = repeater({
    name: 'milestones', legend: t('project.milestones'), addLabel: t('project.add_milestone'), items: [],
    make: () => {
      const mt = field({ name: 'milestones[0].title', label: t('project.ms_title') });
      const due = field({ name: 'milestones[0].due', label: t('project.ms_due'), type: 'date' });
      return { el: h('div', { class: 'row-fields' }, mt, due), get: () => ({ title: mt.control.value, due: due.control.value }) };
    },
  });
  const form = h('form', { class: 'form project-form', novalidate: true }, formErrorSlot(),
    lang, title, summary, sector, budget, currency, partnerRows, msRows,
    h('p', { class: 'hint' }, t('project.rules_hint')),
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('project.create'))));
  onSubmit(form, async () => {
    const body = {
      sector: sector.control.value,
      budget: Number(budget.control.value || 0),
      currency: (val(currency.control) || '').toUpperCase(),
      texts: [{ lang: lang.control.value, origin: 'original', title: title.control.value.trim(), summary: val(summary.control) }],
      partners: partnerRows.value(),
      milestones: msRows.value(),
      interest_ids: interestId ? [interestId] : [],
    };
    const r = await send('POST', 'projects', body);
    await navigate(`/projects/${r.body.id}`);
  });
  replace(main, h('section', { class: 'page project-new' },
    h('p', { class: 'crumbs' }, h('a', { href: '/projects' }, t('projects.back'))),
    h('h1', null, t('projects.new')),
    interestId ? h('p', { class: 'lead' }, t('project.from_interest', { id: interestId })) : null,
    form));
}
