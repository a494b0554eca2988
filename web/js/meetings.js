// meetings.js - the meetings of the coordination mechanism: the series of
// each kind of meeting across years (GET /api/v1/meetings?type=), who
// chairs each kind now and next (GET /api/v1/chairmanship), one meeting
// with its participants, agenda, documents and decisions, its titles side
// by side, the secretariat's form to record a meeting, and, on a meeting's
// page, its form to add an agenda item, a document or a decision (PATCH
// with If-Match).

import { get, getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtDateTime, fmtDate } from './i18n.js';
import { currentUser } from './session.js';
import { navigate, render } from './router.js';
import { errorBlock } from './errors.js';
import { field, select, enumSelect, onSubmit, formErrorSlot, val, words } from './forms.js';
import { titleOf, textsSideBySide, label, stateName, MEETING_TYPES, BODIES, coordTabs } from './coord.js';

function chairBox(chairs) {
  if (!chairs?.length) return null;
  return h('section', { class: 'chairs' }, h('h2', null, t('meetings.chairs')),
    h('ul', { class: 'plain' }, chairs.map((c) => h('li', { 'data-type': c.type },
      h('strong', null, label('meeting_type', c.type)), ': ',
      c.current ? t('meetings.chair_now', { state: stateName(c.current.country), from: fmtDate(c.current.from) }) : t('meetings.chair_none'),
      c.next ? ['; ', t('meetings.chair_next', { state: stateName(c.next.country), from: fmtDate(c.next.from) })] : null))));
}

function meetingRow(m) {
  return h('li', { class: 'card meeting-card', 'data-id': m.id, 'data-type': m.type },
    h('h3', { class: 'card-title' }, h('a', { href: `/meetings/${m.id}` }, titleOf(m.texts, `#${m.id}`))),
    h('p', { class: 'hit-meta' },
      h('time', { datetime: m.starts_at }, fmtDateTime(m.starts_at)), ' · ', label('meeting_format', m.format),
      m.place ? [' · ', m.place] : null, ' · ', t('meetings.chaired_by', { state: stateName(m.chair) })));
}

export async function meetingsView(main, { query, signal }) {
  const type = MEETING_TYPES.includes(query.get('type')) ? query.get('type') : '';
  document.title = `${t('coord.meetings')} — hamkor`;
  const typeNav = h('nav', { class: 'tabs', 'aria-label': t('meetings.series') }, h('ul', null,
    [['', t('meetings.all')], ...MEETING_TYPES.map((x) => [x, label('meeting_type', x)])].map(([v, text]) =>
      h('li', null, h('a', { class: 'tab', href: v ? `/meetings?type=${v}` : '/meetings', 'aria-current': v === type ? 'page' : null, 'data-type': v }, text)))));
  const body = h('div', { class: 'meetings' }, h('p', { class: 'loading' }, t('common.loading')));
  const user = currentUser();
  replace(main, h('section', { class: 'page coord meetings-page' }, coordTabs('/meetings'),
    h('h1', null, type ? label('meeting_type', type) : t('coord.meetings')),
    user?.role === 'secretariat' ? h('p', null, h('a', { href: '/meetings/new', class: 'button button-primary', id: 'new-meeting' }, t('meetings.new'))) : null,
    typeNav, body));
  try {
    const [list, chair] = await Promise.all([get('meetings', { type }, { signal }), get('chairmanship', { type }, { signal })]);
    const byYear = new Map();
    for (const m of list.meetings || []) {
      const y = (m.starts || '').slice(0, 4);
      if (!byYear.has(y)) byYear.set(y, []);
      byYear.get(y).push(m);
    }
    const years = [...byYear.keys()].sort().reverse();
    replace(body, chairBox(chair.chairs),
      years.length ? years.map((y) => h('section', { class: 'year', 'data-year': y }, h('h2', null, y),
        h('ul', { class: 'card-list' }, byYear.get(y).map(meetingRow))))
        : h('p', { class: 'muted' }, t('meetings.none')));
  } catch (e) {
    if (e.name !== 'AbortError') replace(body, errorBlock(e));
  }
}

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

function itemBlock(it, i) {
  const title = it.withheld ? h('p', { class: 'withheld muted' }, t('meetings.withheld')) : textsSideBySide(it.texts);
  return h('li', { class: `meeting-item item-${it.kind}`, 'data-kind': it.kind, 'data-index': String(i), 'data-withheld': it.withheld ? 'true' : 'false' },
    it.kind === 'document' ? h('p', { class: 'badges' }, h('span', { class: 'badge' }, label('doc_type', it.doc_type)),
      it.restricted ? h('span', { class: 'badge badge-restricted' }, t('meetings.restricted')) : null) : null,
    title,
    it.url && !it.withheld ? h('p', null, h('a', { href: it.url, rel: 'noopener noreferrer' }, t('meetings.open_document'))) : null);
}

export async function meetingView(main, { params, signal }) {
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let m, etag;
  try {
    ({ body: m, etag } = await getWithEtag(`meetings/${encodeURIComponent(params.id)}`, { signal }));
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  document.title = `${titleOf(m.texts)} — hamkor`;
  const kinds = (k) => (m.items || []).map((it, i) => [it, i]).filter(([it]) => it.kind === k);
  const section = (k, key) => {
    const items = kinds(k);
    return items.length ? h('section', { class: `items items-${k}` }, h('h2', null, t(key)), h('ol', { class: 'item-list' }, items.map(([it, i]) => itemBlock(it, i)))) : null;
  };
  replace(main, h('article', { class: 'page coord meeting', 'data-id': m.id },
    coordTabs('/meetings'),
    h('p', null, h('a', { href: `/meetings?type=${m.type}` }, t('meetings.series_of', { type: label('meeting_type', m.type) }))),
    h('h1', null, titleOf(m.texts)),
    textsSideBySide(m.texts),
    facts([
      [t('meetings.type'), label('meeting_type', m.type)],
      [t('meetings.when'), [h('time', { datetime: m.starts_at }, fmtDateTime(m.starts_at)), ' ', h('span', { class: 'muted' }, `(${m.starts.replace('T', ' ')} ${m.tz})`)]],
      [t('meetings.format'), label('meeting_format', m.format)],
      m.place ? [t('meetings.place'), m.place] : null,
      [t('meetings.chair'), stateName(m.chair)],
      m.parties?.length ? [t('meetings.parties'), h('ul', { class: 'plain parties' }, m.parties.map((p) =>
        h('li', { 'data-country': p.country }, stateName(p.country), ' — ', label('standing', p.standing))))] : null,
      m.bodies?.length ? [t('meetings.bodies'), m.bodies.map((b) => label('body', b)).join(', ')] : null,
      m.delegates?.length ? [t('meetings.delegates'), h('ul', { class: 'plain' }, m.delegates.map((d) =>
        h('li', null, d.name, d.position ? `, ${d.position}` : '', ' (', d.country ? stateName(d.country) : label('body', d.body), ')')))] : null,
    ]),
    section('agenda', 'meetings.agenda'), section('document', 'meetings.documents'), section('decision', 'meetings.decisions'),
    itemForm(m, etag)));
}

const ITEM_KINDS = ['agenda', 'document', 'decision'];
const DOC_TYPES = ['communique', 'minutes', 'report', 'other'];

/** The secretariat adds an agenda item, a document or a decision to a recorded meeting. */
function itemForm(m, etag) {
  if (currentUser()?.role !== 'secretariat') return null;
  const lang = document.documentElement.lang?.slice(0, 2) || 'en';
  const kind = field({ name: 'kind', label: t('meetings.item_kind'), control: enumSelect('kind', 'meetings.kind', ITEM_KINDS, 'decision') });
  const title = field({ name: 'items.texts.title', label: t('meetings.item_title'), required: true, attrs: { lang } });
  const text = field({ name: 'items.texts.body', label: t('meetings.item_text'), type: 'textarea', attrs: { lang } });
  const docType = field({ name: 'doc_type', label: t('meetings.doc_type'), control: enumSelect('doc_type', 'doc_type', DOC_TYPES, 'communique') });
  const url = field({ name: 'items.url', label: t('meetings.doc_url'), type: 'url', hint: t('meetings.doc_url_hint') });
  const restricted = h('input', { type: 'checkbox', id: 'item-restricted', name: 'restricted' });
  const states = field({ name: 'items.access_states', label: t('meetings.access_states'), hint: t('meetings.codes_hint') });
  const bodies = h('fieldset', { class: 'checks', 'data-field': 'items.access_bodies' }, h('legend', null, t('meetings.access_bodies')),
    BODIES.map((b) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'access_bodies', value: b }), ' ', label('body', b))));
  const docPart = h('div', { class: 'doc-part' }, docType, url,
    h('p', { class: 'check' }, restricted, ' ', h('label', { for: 'item-restricted' }, t('meetings.restricted_to'))), states, bodies);
  const showDoc = () => { docPart.hidden = kind.control.value !== 'document'; };
  kind.control.addEventListener('change', showDoc);
  showDoc();
  const form = h('form', { class: 'item-form', id: 'item-form', novalidate: true }, formErrorSlot(), kind, title, text, docPart,
    h('button', { type: 'submit', class: 'button button-primary' }, t('meetings.add_item')));
  onSubmit(form, async () => {
    const k = kind.control.value;
    const item = { kind: k, texts: [{ lang, origin: 'original', title: val(title.control) || '', body: val(text.control) }] };
    if (k === 'document') {
      item.doc_type = docType.control.value;
      item.url = val(url.control);
      item.restricted = restricted.checked;
      if (item.restricted) {
        item.access_states = words(states.control.value).map((c) => c.toUpperCase());
        item.access_bodies = [...bodies.querySelectorAll('input:checked')].map((x) => x.value);
      }
    }
    await send('PATCH', `meetings/${m.id}`, { items: [...(m.items || []), item] }, { ifMatch: etag });
    render();
  });
  return h('section', { class: 'add-item' }, h('h2', null, t('meetings.add_item')), form);
}

/** The secretariat's form: a meeting with its title in up to three languages and one decision. */
export function meetingCreateView(main) {
  document.title = `${t('meetings.new')} — hamkor`;
  const user = currentUser();
  if (user?.role !== 'secretariat') {
    replace(main, h('section', { class: 'page' }, h('h1', null, t('meetings.new')), h('p', null, t('coord.secretariat_only'))));
    return;
  }
  const langs = ['en', 'ru', 'zh'];
  const origins = (l) => select(`origin_${l}`, [['original', t('origin.original')], ['human', t('origin.human')], ['machine', t('origin.machine')]], l === 'en' ? 'original' : 'human', { 'aria-label': t('meetings.origin_in', { lang: l }) });
  const f = {
    type: field({ name: 'type', label: t('meetings.type'), control: enumSelect('type', 'meeting_type', MEETING_TYPES, 'expert') }),
    starts: field({ name: 'starts', label: t('meetings.starts'), type: 'datetime-local', required: true }),
    tz: field({ name: 'tz', label: t('meetings.tz'), value: 'Asia/Tashkent', required: true, hint: t('meetings.tz_hint') }),
    minutes: field({ name: 'minutes', label: t('meetings.minutes'), type: 'number', value: '120', attrs: { min: 1 } }),
    format: field({ name: 'format', label: t('meetings.format'), control: enumSelect('format', 'meeting_format', ['in_person', 'videoconference', 'hybrid'], 'videoconference') }),
    place: field({ name: 'place', label: t('meetings.place') }),
    chair: field({ name: 'chair', label: t('meetings.chair'), required: true, hint: t('meetings.codes_hint'), attrs: { maxlength: 2 } }),
    parties: field({ name: 'parties', label: t('meetings.parties'), hint: t('meetings.codes_hint') }),
    decision: field({ name: 'items[0].texts', label: t('meetings.decision'), type: 'textarea' }),
  };
  const titles = langs.map((l, i) => h('div', { class: 'title-row', 'data-lang': l },
    field({ name: `texts[${i}].title`, label: t('meetings.title_in', { lang: l }), attrs: { lang: l, 'data-title-lang': l } }), origins(l)));
  const form = h('form', { class: 'meeting-form', novalidate: true }, formErrorSlot(),
    f.type, titles, f.starts, f.tz, f.minutes, f.format, f.place, f.chair, f.parties, f.decision,
    h('button', { type: 'submit', class: 'button button-primary' }, t('meetings.save')));
  onSubmit(form, async () => {
    const texts = [];
    for (const l of langs) {
      const title = val(form.querySelector(`[data-title-lang="${l}"]`));
      if (title) texts.push({ lang: l, origin: form.querySelector(`[name="origin_${l}"]`).value, title });
    }
    // The original first, then the translations.
    texts.sort((a, b) => (b.origin === 'original') - (a.origin === 'original'));
    const chair = (val(f.chair.control) || '').toUpperCase();
    const parties = words(f.parties.control.value).map((c) => ({ country: c.toUpperCase(), standing: 'member' }));
    if (chair && !parties.some((p) => p.country === chair) && parties.length) parties.unshift({ country: chair, standing: 'member' });
    const decision = val(f.decision.control);
    const body = {
      type: f.type.control.value, starts: (f.starts.control.value || '').slice(0, 16), tz: val(f.tz.control) || '',
      minutes: Number(f.minutes.control.value || 0), format: f.format.control.value, place: val(f.place.control), chair,
      texts, parties,
      items: decision ? [{ kind: 'decision', texts: [{ lang: getLangOfTexts(texts), origin: 'original', title: decision }] }] : [],
    };
    const r = await send('POST', 'meetings', body);
    navigate(`/meetings/${r.body.id}`);
  });
  replace(main, h('section', { class: 'page coord' }, coordTabs('/meetings'), h('h1', null, t('meetings.new')), form));
}

function getLangOfTexts(texts) {
  return texts.find((x) => x.origin === 'original')?.lang || texts[0]?.lang || 'en';
}
