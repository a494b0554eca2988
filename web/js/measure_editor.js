// measure_editor.js - the secretariat keeps the Action Plan: a new measure
// (POST /api/v1/plan/measures) or an existing one changed (PATCH with
// If-Match, so two editors cannot overwrite each other unseen): its number
// in the plan, its title in up to three languages with their origin, the
// responsible states and bodies, the deadline, the status, and the
// initiatives and meetings it is linked to. Errors come back next to the
// field the API names.

import { getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { currentUser } from './session.js';
import { navigate } from './router.js';
import { errorBlock } from './errors.js';
import { field, select, enumSelect, onSubmit, formErrorSlot, val, words } from './forms.js';
import { label, BODIES, coordTabs } from './coord.js';

const LANGS = ['en', 'ru', 'zh'];
const STATUSES = ['not_started', 'in_progress', 'done', 'dropped'];

function originSelect(lang, value) {
  return select(`origin_${lang}`, ['original', 'human', 'machine'].map((o) => [o, t(`origin.${o}`)]), value,
    { 'aria-label': t('meetings.origin_in', { lang }) });
}

/** The numbers in a field ("12 14"), as integers; a word that is not one is kept to be refused by the API. */
function ids(control) {
  return words(control.value).map((w) => (/^[0-9]+$/.test(w) ? Number(w) : w));
}

/** /plan/measures/new and /plan/measures/:id/edit. */
export async function measureEditView(main, { params, signal }) {
  const editing = Boolean(params?.id);
  const heading = editing ? t('plan.edit') : t('plan.new');
  document.title = `${heading} — hamkor`;
  if (currentUser()?.role !== 'secretariat') {
    replace(main, h('section', { class: 'page' }, h('h1', null, heading), h('p', null, t('coord.secretariat_only'))));
    return;
  }
  let m = { code: '', texts: [], states: [], bodies: [], deadline: '', status: 'not_started', initiatives: [], meetings: [] };
  let etag = null;
  if (editing) {
    replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      ({ body: m, etag } = await getWithEtag(`plan/measures/${encodeURIComponent(params.id)}`, { signal }));
    } catch (e) {
      if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
      return;
    }
  }
  const textOf = (l) => (m.texts || []).find((x) => x.lang === l);
  const f = {
    code: field({ name: 'code', label: t('plan.code'), required: true, value: m.code, hint: t('plan.code_hint'), attrs: { maxlength: 16 } }),
    deadline: field({ name: 'deadline', label: t('plan.deadline_label'), type: 'date', required: true, value: m.deadline }),
    status: field({ name: 'status', label: t('plan.status'), control: enumSelect('status', 'measure_status', STATUSES, m.status) }),
    states: field({ name: 'states', label: t('plan.states'), value: (m.states || []).join(' '), hint: t('meetings.codes_hint') }),
    initiatives: field({ name: 'initiatives', label: t('coord.initiatives'), value: (m.initiatives || []).join(' '), hint: t('plan.ids_hint') }),
    meetings: field({ name: 'meetings', label: t('coord.meetings'), value: (m.meetings || []).join(' '), hint: t('plan.ids_hint') }),
  };
  const titles = LANGS.map((l, i) => {
    const cur = textOf(l);
    return h('div', { class: 'title-row', 'data-lang': l },
      field({ name: `texts[${i}].title`, label: t('meetings.title_in', { lang: l }), value: cur?.title || '', attrs: { lang: l, 'data-title-lang': l } }),
      originSelect(l, cur?.origin || (l === 'en' ? 'original' : 'human')));
  });
  const bodies = h('fieldset', { class: 'checks', 'data-field': 'bodies' }, h('legend', null, t('meetings.bodies')),
    BODIES.map((b) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'bodies', value: b, checked: (m.bodies || []).includes(b) || null }), ' ', label('body', b))));
  const form = h('form', { class: 'measure-form', id: 'measure-form', novalidate: true }, formErrorSlot(),
    f.code, titles, f.deadline, f.status, f.states, bodies, f.initiatives, f.meetings,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('plan.save')),
      editing ? [' ', h('a', { href: `/plan/measures/${m.id}` }, t('common.cancel'))] : null));
  onSubmit(form, async () => {
    const texts = [];
    for (const l of LANGS) {
      const title = val(form.querySelector(`[data-title-lang="${l}"]`));
      // A language kept from before keeps its body text.
      if (title) texts.push({ lang: l, origin: form.querySelector(`[name="origin_${l}"]`).value, title, body: textOf(l)?.body ?? null });
    }
    texts.sort((a, b) => (b.origin === 'original') - (a.origin === 'original'));
    const body = {
      code: val(f.code.control) || '', texts, deadline: f.deadline.control.value || '', status: f.status.control.value,
      states: words(f.states.control.value).map((c) => c.toUpperCase()),
      bodies: [...form.querySelectorAll('input[name="bodies"]:checked')].map((x) => x.value),
      initiatives: ids(f.initiatives.control), meetings: ids(f.meetings.control),
    };
    const r = editing ? await send('PATCH', `plan/measures/${m.id}`, body, { ifMatch: etag })
      : await send('POST', 'plan/measures', body);
    navigate(`/plan/measures/${r.body.id}`);
  });
  replace(main, h('section', { class: 'page coord measure-editor' }, coordTabs('/plan'), h('h1', null, heading), form));
}
