// listing_editor.js - writing a listing (POST /api/v1/listings makes a
// draft; PATCH /api/v1/listings/{id} with If-Match) and moving it through
// its states: publish, close, renew (POST /api/v1/listings/{id}/publish|close|renew
// with an optional {"expires"}).

import { getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t, getLang, fmtDate } from './i18n.js';
import { field, enumSelect, formErrorSlot, onSubmit, val, done, nextId, showErrors } from './forms.js';
import { repeater } from './repeat.js';
import { codePicker, countryChecks } from './pickers.js';
import { requireUser, memberships, isMemberOf } from './session.js';
import { langDatalist } from './org_editor.js';
import { navigate } from './router.js';
import { errorBlock } from './errors.js';

const DIRECTIONS = ['offer', 'request'];
export const KINDS = ['coproduction', 'subcontracting', 'supply', 'technology', 'investment', 'research'];
const ORIGINS = ['original', 'human', 'machine'];
const QTY_KINDS = ['quantity', 'capacity'];
const PERIODS = ['year', 'month', 'week', 'day', 'batch'];

function textRow(listId) {
  return (item, i) => {
    const lang = field({ name: `texts[${i}].lang`, label: t('listform.lang'), required: true, value: item.lang, hint: t('orgform.lang_hint'),
      attrs: { list: listId, maxlength: 35, autocomplete: 'off', spellcheck: 'false' } });
    const origin = field({ name: `texts[${i}].origin`, label: t('listform.origin'), control: enumSelect('origin', 'origin', ORIGINS, item.origin || 'human') });
    const title = field({ name: `texts[${i}].title`, label: t('listform.title'), required: true, value: item.title, attrs: { maxlength: 300 } });
    const desc = field({ name: `texts[${i}].description`, label: t('listform.description'), type: 'textarea', value: item.description, attrs: { rows: 5 } });
    return {
      el: h('div', { class: 'row-fields row-text' }, lang, origin, title, desc),
      get: () => {
        const x = { lang: lang.control.value.trim(), origin: origin.control.value, title: title.control.value.trim() };
        const d = val(desc.control);
        if (d !== null) x.description = d;
        return x;
      },
    };
  };
}

function qtyRow(item, i) {
  const kind = field({ name: `quantities[${i}].kind`, label: t('listform.qty_kind'), control: enumSelect('kind', 'quantity', QTY_KINDS, item.kind) });
  const amount = field({ name: `quantities[${i}].amount`, label: t('orgform.amount'), type: 'number', required: true, value: item.amount, attrs: { min: 0, step: 'any' } });
  const unit = field({ name: `quantities[${i}].unit`, label: t('orgform.unit'), required: true, value: item.unit, hint: t('listform.unit_hint'), attrs: { maxlength: 200 } });
  const period = field({ name: `quantities[${i}].period`, label: t('listform.period'),
    control: enumSelect('period', 'period', PERIODS, item.period || '', { empty: t('listform.no_period') }) });
  return {
    el: h('div', { class: 'row-fields' }, kind, amount, unit, period),
    get: () => {
      const q = { kind: kind.control.value, amount: Number(amount.control.value), unit: unit.control.value.trim() };
      if (period.control.value) q.period = period.control.value;
      return q;
    },
  };
}

/** The listing form; body() is the record as the API takes it. */
function listingForm(l, { forUpdate, orgId }) {
  const listId = nextId('langs');
  const direction = field({ name: 'direction', label: t('facet.direction'), required: true, control: enumSelect('direction', 'direction', DIRECTIONS, l.direction || 'offer') });
  const kind = field({ name: 'kind', label: t('facet.kind'), required: true, control: enumSelect('kind', 'kind', KINDS, l.kind || 'coproduction') });
  const texts = repeater({ name: 'texts', legend: t('listform.texts'), addLabel: t('listform.add_text'), min: 1,
    items: l.texts?.length ? l.texts : [{ lang: getLang(), origin: 'original', title: '' }],
    blank: () => ({ lang: '', origin: 'human', title: '' }), make: textRow(listId) });
  const hs = codePicker('hs', { codes: l.hs || [] });
  const isic = codePicker('isic', { codes: l.isic || [] });
  const qty = repeater({ name: 'quantities', legend: t('listing.quantities'), addLabel: t('listform.add_quantity'),
    items: l.quantities || [], make: qtyRow, blank: () => ({ kind: 'quantity' }) });
  const targets = countryChecks(t('listing.targets'), l.targets || []);
  targets.setAttribute('data-field', 'targets');
  const deadline = field({ name: 'deadline', label: t('listing.deadline'), type: 'date', value: l.deadline, hint: t('listform.deadline_hint') });
  const expires = field({ name: 'expires', label: t('listing.expires'), type: 'date', value: l.expires, hint: t('listform.expires_hint') });
  const form = h('form', { class: 'form listing-form', novalidate: true }, formErrorSlot(), langDatalist(listId),
    h('fieldset', { class: 'group' }, h('legend', null, t('listform.what')), direction, kind),
    texts,
    h('fieldset', { class: 'group' }, h('legend', null, t('org.codes')),
      field({ name: 'hs', label: t('listing.hs'), control: hs.control, box: hs, hint: t('picker.hint') }),
      field({ name: 'isic', label: t('listing.isic'), control: isic.control, box: isic, hint: t('picker.hint') })),
    qty,
    h('details', { class: 'targets-details', open: (l.targets || []).length ? true : null },
      h('summary', null, t('listing.targets')), targets),
    h('fieldset', { class: 'group' }, h('legend', null, t('listform.dates')), deadline, expires),
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t(forUpdate ? 'form.save' : 'listform.create'))));
  function body() {
    const b = {
      direction: direction.control.value, kind: kind.control.value, texts: texts.value(),
      hs: hs.value(), isic: isic.value(), quantities: qty.value(), targets: targets.value(),
      deadline: val(deadline.control), expires: val(expires.control),
    };
    if (!forUpdate) {
      b.org_id = Number(orgId);
      for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
    }
    return b;
  }
  return { form, body };
}

export function listingCreateView(main, { query }) {
  if (!requireUser(main, 'listform.new_title')) return;
  document.title = `${t('listform.new_title')} — hamkor`;
  const mine = memberships();
  let orgId = query.get('org') || (mine[0] && String(mine[0].org_id));
  if (!mine.length) {
    replace(main, h('section', { class: 'page' }, h('h1', null, t('listform.new_title')),
      h('p', null, t('my.no_orgs')), h('p', null, h('a', { href: '/my/organisations/new', class: 'button button-primary' }, t('my.create_org')))));
    return;
  }
  if (!isMemberOf(orgId)) orgId = String(mine[0].org_id);
  const orgSel = field({ name: 'org_id', label: t('listform.org'), control: h('select', { name: 'org_id' },
    mine.map((m) => h('option', { value: m.org_id, selected: String(m.org_id) === orgId || null }, m.name || `#${m.org_id}`))) });
  const { form, body } = listingForm({}, { forUpdate: false, orgId });
  form.insertBefore(orgSel, form.children[2]);
  onSubmit(form, async () => {
    const b = body();
    b.org_id = Number(orgSel.control.value);
    const r = await send('POST', 'listings', b);
    navigate(`/my/listings/${encodeURIComponent(r.body.id)}?created=1`);
  });
  replace(main, h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: `/my/organisations/${encodeURIComponent(orgId)}/listings` }, t('my.back_listings'))),
    h('h1', null, t('listform.new_title')), h('p', { class: 'lead' }, t('listform.new_lead')), form));
}

function statusActions(l, reload) {
  const box = h('section', { class: 'status-actions', 'aria-labelledby': 'status-title' });
  const expires = field({ name: 'expires', label: t('listform.new_expires'), type: 'date', hint: t('listform.default_expiry') });
  const form = h('form', { class: 'form form-inline', novalidate: true }, formErrorSlot());
  const act = (action, label, withExpiry) => h('button', { type: 'button', class: `button${action === 'publish' ? ' button-primary' : ''}`,
    'data-action': action, onclick: async (e) => {
      e.target.disabled = true;
      try {
        const b = {};
        if (withExpiry && val(expires.control)) b.expires = val(expires.control);
        await send('POST', `listings/${encodeURIComponent(l.id)}/${action}`, b);
        await reload(t(`listform.done_${action}`));
      } catch (err) {
        e.target.disabled = false;
        showErrors(form, err);
      }
    } }, label);
  const buttons = [];
  if (l.status === 'draft') buttons.push(act('publish', t('listform.publish'), true));
  if (l.status === 'published' || l.status === 'expired') buttons.push(act('renew', t('listform.renew'), true));
  if (l.status === 'published') buttons.push(act('close', t('listform.close'), false));
  const needsDate = l.status === 'draft' || l.status === 'published' || l.status === 'expired';
  if (needsDate) form.append(expires);
  form.append(h('p', { class: 'actions' }, buttons));
  box.append(h('h2', { id: 'status-title' }, t('listform.status')),
    h('p', null, h('span', { class: `badge status-${l.status}`, 'data-status': l.status }, t(`status.${l.status}`)),
      l.expires ? ` · ${t('listing.expires')}: ${fmtDate(l.expires)}` : ''),
    buttons.length ? form : h('p', { class: 'muted' }, t('listform.no_actions')));
  return box;
}

export async function listingEditView(main, { params, query, signal }, note) {
  if (!requireUser(main, 'listform.edit_title')) return;
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let l;
  let etag;
  try {
    ({ body: l, etag } = await getWithEtag(`listings/${encodeURIComponent(params.id)}`, { signal }));
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(main, h('section', { class: 'page' }, h('h1', null, t('listform.edit_title')), errorBlock(e, () => listingEditView(main, { params, query, signal }))));
    return;
  }
  const original = (l.texts || []).find((x) => x.origin === 'original') || (l.texts || [])[0] || { title: `#${l.id}` };
  document.title = `${original.title} — ${t('listform.edit_title')} — hamkor`;
  const { form, body } = listingForm(l, { forUpdate: true });
  const section = h('section', { class: 'edit-section' }, form);
  onSubmit(form, async () => {
    const r = await send('PATCH', `listings/${encodeURIComponent(l.id)}`, body(), { ifMatch: etag });
    etag = r.etag || etag;
    done(section, t('form.saved'));
  });
  const reload = (msg) => listingEditView(main, { params, query: new URLSearchParams(), signal }, msg);
  replace(main, h('section', { class: 'page listing-edit', 'data-id': l.id, 'data-status': l.status },
    h('p', { class: 'crumbs' }, h('a', { href: `/my/organisations/${encodeURIComponent(l.org_id)}/listings` }, t('my.back_listings'))),
    h('h1', { lang: original.lang || null }, original.title),
    query.get('created') ? h('p', { class: 'note', role: 'status' }, t('listform.created')) : null,
    note ? h('p', { class: 'note', role: 'status' }, note) : null,
    h('p', null, h('a', { href: `/listings/${encodeURIComponent(l.id)}`, class: 'public-link' }, t('listform.view_public'))),
    statusActions(l, reload),
    h('h2', null, t('listform.edit_title')), section));
}
