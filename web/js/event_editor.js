// event_editor.js - the secretariat announces an event (POST /api/v1/events,
// /events/new) or changes one (PATCH /api/v1/events/{id} with If-Match, so
// two editors cannot overwrite each other unseen; /events/:id/edit): its
// kind, organiser organisation, the coordination meeting it sits beside,
// titles and descriptions in several languages side by side (each marked
// original, human or machine translation), place, time zone, first day,
// days, the hours of each day, the length of a meeting slot, the tables of
// each slot and the breaks of each day. Errors come back next to the field
// the API names (texts[1].title, breaks[0].ends, tz).

import { get, getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, getLang, fmtDate } from './i18n.js';
import { currentUser } from './session.js';
import { navigate } from './router.js';
import { errorBlock } from './errors.js';
import { field, select, enumSelect, onSubmit, formErrorSlot, val } from './forms.js';
import { repeater } from './repeat.js';
import { titleOf } from './coord.js';

const LANGS = ['en', 'ru', 'zh'];
const KINDS = ['economic_forum', 'side_event', 'other'];
const ORIGINS = ['original', 'human', 'machine'];
// The zones of the SCO's member and partner states, offered as suggestions;
// any IANA zone may be typed (the server checks it).
const ZONES = ['Asia/Tashkent', 'Asia/Samarkand', 'Asia/Almaty', 'Asia/Bishkek', 'Asia/Dushanbe', 'Europe/Moscow',
  'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Asia/Shanghai', 'Asia/Urumqi', 'Asia/Kolkata',
  'Asia/Karachi', 'Asia/Tehran', 'Europe/Minsk', 'Asia/Ulaanbaatar', 'Asia/Kabul', 'Europe/Istanbul', 'UTC'];

/** A number input's value as a number, or null when empty (the API then names the field). */
function num(control) {
  const v = (control.value ?? '').trim();
  return v === '' ? null : Number(v);
}

/** The primary name of an organisation record. */
function orgName(o) {
  const names = o.names || [];
  return (names.find((n) => n.primary) || names[0])?.text || `#${o.id}`;
}

/**
 * The organiser organisation by its number, with its name said under the
 * field once the directory knows it (or that it does not).
 */
function organiserField(value, signal) {
  const f = field({ name: 'organiser_org_id', label: t('eventedit.organiser'), type: 'number', value: value ?? '',
    hint: t('eventedit.organiser_hint'), attrs: { min: 1, step: 1 } });
  const said = h('p', { class: 'hint organiser-name', 'aria-live': 'polite' });
  f.append(said);
  let seq = 0;
  const look = async () => {
    const id = num(f.control);
    const mine = ++seq;
    if (!id || !Number.isInteger(id) || id < 1) { replace(said); return; }
    try {
      const o = await get(`organisations/${id}`, null, { signal });
      if (mine === seq) replace(said, t('eventedit.organiser_is', { name: orgName(o) }));
    } catch (e) {
      if (e.name !== 'AbortError' && mine === seq) replace(said, t('eventedit.organiser_unknown'));
    }
  };
  f.control.addEventListener('change', look);
  look();
  return f;
}

/** The coordination meeting of a side event: a choice among the meetings, or none. */
async function meetingField(value, signal) {
  let meetings = [];
  try {
    meetings = (await get('meetings', null, { signal })).meetings || [];
  } catch (e) {
    if (e.name === 'AbortError') throw e;
  }
  const opts = [['', t('eventedit.no_meeting')],
    ...meetings.map((m) => [String(m.id), `${titleOf(m.texts, `#${m.id}`)} — ${fmtDate((m.starts || '').slice(0, 10))}`])];
  if (value && !meetings.some((m) => m.id === value)) opts.push([String(value), `#${value}`]);
  return field({ name: 'meeting_id', label: t('eventedit.meeting'), hint: t('eventedit.meeting_hint'),
    control: select('meeting_id', opts, value ? String(value) : '') });
}

/**
 * The titles side by side: a column per language (en, ru, zh and any other
 * the event already has), each with its title, description and origin.
 * Returns {el, value()} where value() gives the texts to send and numbers
 * the columns' data-field as the API will number them.
 */
function textColumns(texts, editing) {
  const langs = [...new Set([...(texts || []).map((x) => x.lang), ...LANGS])];
  const reader = LANGS.includes(getLang()) ? getLang() : 'en';
  const cols = langs.map((l) => {
    const cur = (texts || []).find((x) => x.lang === l);
    const origin = cur?.origin || (editing ? 'human' : l === reader ? 'original' : 'human');
    const title = field({ name: `unsent-${l}.title`, label: t('meetings.title_in', { lang: l }), value: cur?.title || '',
      attrs: { lang: l, maxlength: 300, 'data-title-lang': l } });
    const body = field({ name: `unsent-${l}.body`, label: t('eventedit.body_in', { lang: l }), type: 'textarea', value: cur?.body || '',
      attrs: { lang: l, rows: 4, 'data-body-lang': l } });
    const og = field({ name: `unsent-${l}.origin`, label: t('meetings.origin_in', { lang: l }),
      control: enumSelect(`origin_${l}`, 'origin', ORIGINS, origin) });
    const col = h('div', { class: 'side-text event-text-col', 'data-lang': l, 'data-field': `unsent-${l}` }, title, og, body);
    return { l, col, title, body, og };
  });
  const el = h('fieldset', { class: 'group event-texts', 'data-field': 'texts' },
    h('legend', null, t('eventedit.texts')), h('p', { class: 'hint' }, t('eventedit.texts_hint')),
    h('div', { class: 'side-by-side', 'data-count': String(cols.length) }, cols.map((c) => c.col)),
    h('p', { class: 'field-error', hidden: true }));
  const value = () => {
    const out = [];
    for (const c of cols) {
      const title = val(c.title.control);
      const body = val(c.body.control);
      if (!title && !body) {
        for (const [el, name] of [[c.col, ''], [c.title, '.title'], [c.body, '.body'], [c.og, '.origin']]) el.setAttribute('data-field', `unsent-${c.l}${name}`);
        continue;
      }
      // The API numbers what is sent; its errors (texts[1].title) find the column.
      const i = out.length;
      c.col.setAttribute('data-field', `texts[${i}]`);
      c.title.setAttribute('data-field', `texts[${i}].title`);
      c.body.setAttribute('data-field', `texts[${i}].body`);
      c.og.setAttribute('data-field', `texts[${i}].origin`);
      out.push({ lang: c.l, origin: c.og.control.value, title: title || '', body });
    }
    return out;
  };
  return { el, value };
}

/** The breaks of each day, as rows of two times. */
function breakRows(breaks) {
  return repeater({
    name: 'breaks', legend: t('eventedit.breaks'), addLabel: t('eventedit.add_break'), items: breaks || [],
    blank: () => ({ starts: '', ends: '' }),
    make: (b) => {
      const starts = field({ name: 'breaks[0].starts', label: t('eventedit.break_starts'), type: 'time', value: b.starts || '' });
      const ends = field({ name: 'breaks[0].ends', label: t('eventedit.break_ends'), type: 'time', value: b.ends || '' });
      return { el: h('div', { class: 'row-fields break-row' }, starts, ends),
        get: () => ({ starts: starts.control.value, ends: ends.control.value }) };
    },
  });
}

/** /events/new and /events/:id/edit. */
export async function eventEditView(main, { params, signal }) {
  const editing = Boolean(params?.id);
  const heading = editing ? t('eventedit.edit') : t('eventedit.new');
  document.title = `${heading} — hamkor`;
  if (currentUser()?.role !== 'secretariat') {
    replace(main, h('section', { class: 'page' }, h('h1', null, heading), h('p', { class: 'not-allowed' }, t('eventedit.secretariat_only'))));
    return;
  }
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let ev = { kind: 'economic_forum', texts: [], tz: 'Asia/Tashkent', days: 1, day_start: '09:00', day_end: '13:00',
    slot_minutes: 30, tables: 10, breaks: [] };
  let etag = null;
  let meeting;
  try {
    if (editing) ({ body: ev, etag } = await getWithEtag(`events/${encodeURIComponent(params.id)}`, { signal }));
    meeting = await meetingField(ev.meeting_id, signal);
  } catch (e) {
    if (e.name !== 'AbortError') replace(main, h('section', { class: 'page' }, errorBlock(e)));
    return;
  }
  const texts = textColumns(ev.texts, editing);
  const zones = h('datalist', { id: 'event-zones' }, ZONES.map((z) => h('option', { value: z })));
  const f = {
    kind: field({ name: 'kind', label: t('events.kind_label'), control: enumSelect('kind', 'events.kind', KINDS, ev.kind) }),
    organiser: organiserField(ev.organiser_org_id, signal),
    place: field({ name: 'place', label: t('events.place'), value: ev.place || '', attrs: { maxlength: 300 } }),
    tz: field({ name: 'tz', label: t('eventedit.tz'), required: true, value: ev.tz || '', hint: t('eventedit.tz_hint'),
      attrs: { list: 'event-zones', autocomplete: 'off', spellcheck: 'false' } }),
    first_day: field({ name: 'first_day', label: t('eventedit.first_day'), type: 'date', required: true, value: ev.first_day || '' }),
    days: field({ name: 'days', label: t('eventedit.days'), type: 'number', required: true, value: ev.days ?? '', attrs: { min: 1, max: 14 } }),
    day_start: field({ name: 'day_start', label: t('eventedit.day_start'), type: 'time', required: true, value: ev.day_start || '' }),
    day_end: field({ name: 'day_end', label: t('eventedit.day_end'), type: 'time', required: true, value: ev.day_end || '' }),
    slot_minutes: field({ name: 'slot_minutes', label: t('eventedit.slot_minutes'), type: 'number', required: true,
      value: ev.slot_minutes ?? '', hint: t('eventedit.slot_hint'), attrs: { min: 5, max: 240 } }),
    tables: field({ name: 'tables', label: t('eventedit.tables'), type: 'number', required: true, value: ev.tables ?? '',
      attrs: { min: 1, max: 10000 } }),
  };
  const breaks = breakRows(ev.breaks);
  const back = editing ? `/events/${ev.id}` : '/events';
  const form = h('form', { class: 'form event-form', id: 'event-form', novalidate: true }, formErrorSlot(),
    f.kind, f.organiser, meeting, texts.el, f.place,
    h('fieldset', { class: 'group event-days' }, h('legend', null, t('eventedit.when')),
      f.tz, zones, f.first_day, f.days, f.day_start, f.day_end),
    h('fieldset', { class: 'group event-slots-form' }, h('legend', null, t('eventedit.meetings')), f.slot_minutes, f.tables),
    breaks,
    editing ? h('p', { class: 'hint' }, t('eventedit.edit_hint')) : null,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, editing ? t('form.save') : t('eventedit.create')),
      ' ', h('a', { href: back }, t('common.cancel'))));
  onSubmit(form, async () => {
    const body = {
      kind: f.kind.control.value,
      organiser_org_id: num(f.organiser.control),
      meeting_id: meeting.control.value ? Number(meeting.control.value) : null,
      texts: texts.value(),
      place: val(f.place.control),
      tz: (f.tz.control.value || '').trim(),
      first_day: f.first_day.control.value || '',
      days: num(f.days.control),
      day_start: f.day_start.control.value || '',
      day_end: f.day_end.control.value || '',
      slot_minutes: num(f.slot_minutes.control),
      tables: num(f.tables.control),
      breaks: breaks.value(),
    };
    const r = editing ? await send('PATCH', `events/${ev.id}`, body, { ifMatch: etag })
      : await send('POST', 'events', body);
    await navigate(`/events/${r.body.id}`);
  });
  replace(main, h('section', { class: 'page event-editor' },
    h('p', { class: 'crumbs' }, h('a', { href: back }, editing ? titleOf(ev.texts, `#${ev.id}`) : t('events.title'))),
    h('h1', null, heading), form));
}
