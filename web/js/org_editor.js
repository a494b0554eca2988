// org_editor.js - creating and editing an organisation's profile
// (POST /api/v1/organisations; PATCH /api/v1/organisations/{id} with
// If-Match = the ETag of the GET). The form's fields are the record's
// members (src/model/model_json.c), named as the API names them so that
// its field errors appear next to the right control.

import { getWithEtag, send } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { field, enumSelect, formErrorSlot, onSubmit, val, words, done, nextId } from './forms.js';
import { repeater } from './repeat.js';
import { codePicker, countrySelect, cityPicker } from './pickers.js';
import { requireUser, refreshSession, isMemberOf, isAdminOf } from './session.js';
import { membersSection } from './members.js';
import { navigate } from './router.js';
import { errorBlock } from './errors.js';

export const ORG_TYPES = ['enterprise', 'state_agency', 'research', 'university', 'business_association', 'cluster', 'financial', 'medical', 'other'];
const SIZES = ['unknown', 'micro', 'small', 'medium', 'large'];
const CAP_KINDS = ['process', 'equipment', 'capacity'];
export const LANG_TAGS = ['en', 'ru', 'zh', 'uz-Latn', 'uz-Cyrl', 'kk', 'ky', 'tg', 'hi', 'ur', 'fa', 'be', 'mn'];

/** A <datalist> of common language tags, shared by the language inputs of a form. */
export function langDatalist(id) {
  return h('datalist', { id }, LANG_TAGS.map((tag) => h('option', { value: tag })));
}

function nameRow(radioName, listId) {
  return (item, i) => {
    const text = field({ name: `names[${i}].text`, label: t('orgform.name'), required: true, value: item.text, attrs: { maxlength: 300 } });
    const lang = field({ name: `names[${i}].lang`, label: t('orgform.name_lang'), value: item.lang, hint: t('orgform.lang_hint'),
      attrs: { list: listId, maxlength: 35, autocomplete: 'off', spellcheck: 'false' } });
    const primary = field({ name: `names[${i}].primary`, label: t('orgform.primary'),
      control: h('input', { type: 'radio', name: radioName, checked: item.primary || null }) });
    return {
      el: h('div', { class: 'row-fields' }, text, lang, primary),
      get: () => ({ text: text.control.value.trim(), lang: lang.control.value.trim(), primary: primary.control.checked }),
    };
  };
}

function capRow(item, i) {
  const kind = field({ name: `capabilities[${i}].kind`, label: t('orgform.cap_kind'), control: enumSelect('kind', 'capability', CAP_KINDS, item.kind) });
  const text = field({ name: `capabilities[${i}].text`, label: t('orgform.cap_text'), required: true, value: item.text, attrs: { maxlength: 300 } });
  const amount = field({ name: `capabilities[${i}].amount`, label: t('orgform.amount'), type: 'number', value: item.amount, attrs: { min: 0, step: 'any' } });
  const unit = field({ name: `capabilities[${i}].unit`, label: t('orgform.unit'), value: item.unit, attrs: { maxlength: 200 } });
  return {
    el: h('div', { class: 'row-fields' }, kind, text, amount, unit),
    get: () => {
      const c = { kind: kind.control.value, text: text.control.value.trim() };
      const a = val(amount.control);
      if (a !== null) c.amount = Number(a);
      const u = val(unit.control);
      if (u !== null) c.unit = u;
      return c;
    },
  };
}

function certRow(item, i) {
  const name = field({ name: `certifications[${i}].name`, label: t('orgform.cert_name'), required: true, value: item.name, attrs: { maxlength: 300 } });
  const scope = field({ name: `certifications[${i}].scope`, label: t('orgform.cert_scope'), type: 'textarea', value: item.scope, attrs: { rows: 2 } });
  const issued = field({ name: `certifications[${i}].issued`, label: t('orgform.cert_issued'), type: 'date', value: item.issued });
  const expires = field({ name: `certifications[${i}].expires`, label: t('orgform.cert_expires'), type: 'date', value: item.expires });
  return {
    el: h('div', { class: 'row-fields' }, name, scope, issued, expires),
    get: () => {
      const c = { name: name.control.value.trim() };
      for (const [k, f] of [['scope', scope], ['issued', issued], ['expires', expires]]) {
        const v = val(f.control);
        if (v !== null) c[k] = v;
      }
      return c;
    },
  };
}

/**
 * The organisation form for record o (empty for a new one). Returns
 * {form, body()}; body() is the record as the API takes it, with null for
 * emptied optional members when forUpdate (a merge patch removes them).
 */
function orgForm(o, { forUpdate }) {
  const listId = nextId('langs');
  const radioName = nextId('primary');
  const names = repeater({
    name: 'names', legend: t('orgform.names'), addLabel: t('orgform.add_name'), min: 1,
    items: o.names?.length ? o.names : [{ text: '', lang: '', primary: true }],
    blank: () => ({ text: '', lang: '', primary: false }), make: nameRow(radioName, listId),
  });
  const country = field({ name: 'country', label: t('org.country'), required: true,
    control: countrySelect('country', o.country, { empty: t('orgform.choose') }) });
  // The city: a gazetteer city chosen from the suggestions brings its
  // coordinates (partner matching uses them for distances); free text
  // stays allowed and has none, unless it is the record's own city text.
  const cityBox = cityPicker({
    value: o.city || '', lat: o.lat, lon: o.lon, country: () => country.control.value,
    onPick: (c) => {
      if (!country.control.value && c.country) {
        country.control.value = c.country;
        country.control.dispatchEvent(new Event('change'));
      }
    },
  });
  const city = field({ name: 'city', label: t('org.city'), control: cityBox.control, box: cityBox, hint: t('orgform.city_hint') });
  country.control.addEventListener('change', () => cityBox.countryChanged(country.control.value));
  const type = field({ name: 'type', label: t('org.type'), required: true, control: enumSelect('type', 'org_type', ORG_TYPES, o.type || 'enterprise') });
  const size = field({ name: 'size', label: t('org.size'), control: enumSelect('size', 'size', SIZES, o.size || 'unknown') });
  const sme = field({ name: 'sme', label: t('org.sme'), control: h('input', { type: 'checkbox', checked: o.sme || null }) });
  const scheme = field({ name: 'registry_scheme', label: t('orgform.registry_scheme'), value: o.registry_scheme, hint: t('orgform.registry_hint'), attrs: { maxlength: 200 } });
  const regId = field({ name: 'registry_id', label: t('orgform.registry_id'), value: o.registry_id, attrs: { maxlength: 200 } });
  const hs = codePicker('hs', { codes: o.hs || [] });
  const hsField = field({ name: 'hs', label: t('listing.hs'), control: hs.control, box: hs, hint: t('picker.hint') });
  const isic = codePicker('isic', { codes: o.isic || [] });
  const isicField = field({ name: 'isic', label: t('listing.isic'), control: isic.control, box: isic, hint: t('picker.hint') });
  const caps = repeater({ name: 'capabilities', legend: t('org.capabilities'), addLabel: t('orgform.add_capability'),
    items: o.capabilities || [], make: capRow, blank: () => ({ kind: 'process' }) });
  const certs = repeater({ name: 'certifications', legend: t('org.certifications'), addLabel: t('orgform.add_certification'),
    items: o.certifications || [], make: certRow });
  const langs = field({ name: 'languages', label: t('org.languages'), value: (o.languages || []).join(', '), hint: t('orgform.languages_hint'),
    attrs: { autocomplete: 'off', spellcheck: 'false' } });
  const website = field({ name: 'website', label: t('org.website'), type: 'url', value: o.website, hint: t('orgform.website_hint'), attrs: { maxlength: 2000 } });

  const form = h('form', { class: 'form org-form', novalidate: true }, formErrorSlot(), langDatalist(listId),
    names,
    h('fieldset', { class: 'group' }, h('legend', null, t('orgform.basics')), country, city, type, size, sme, scheme, regId),
    h('fieldset', { class: 'group' }, h('legend', null, t('org.codes')), hsField, isicField),
    caps, certs,
    h('fieldset', { class: 'group' }, h('legend', null, t('orgform.contact')), langs, website),
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t(forUpdate ? 'form.save' : 'orgform.create'))));

  function body() {
    const b = {
      names: names.value(),
      country: country.control.value,
      city: val(city.control),
      type: type.control.value,
      size: size.control.value,
      sme: sme.control.checked,
      registry_scheme: val(scheme.control),
      registry_id: val(regId.control),
      hs: hs.value(),
      isic: isic.value(),
      capabilities: caps.value(),
      certifications: certs.value(),
      languages: words(langs.control.value),
      website: val(website.control),
    };
    const at = b.city ? cityBox.coords() : null;
    b.lat = at ? at.lat : null;
    b.lon = at ? at.lon : null;
    if (!forUpdate) for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
    return b;
  }
  return { form, body };
}

export function orgCreateView(main) {
  if (!requireUser(main, 'orgform.new_title')) return;
  document.title = `${t('orgform.new_title')} — hamkor`;
  const { form, body } = orgForm({}, { forUpdate: false });
  onSubmit(form, async () => {
    const r = await send('POST', 'organisations', body());
    await refreshSession();
    navigate(`/my/organisations/${encodeURIComponent(r.body.id)}?created=1`);
  });
  replace(main, h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: '/my' }, t('my.back'))),
    h('h1', null, t('orgform.new_title')), h('p', { class: 'lead' }, t('orgform.new_lead')), form));
}

export async function orgEditView(main, { params, query, signal }) {
  if (!requireUser(main, 'orgform.edit_title')) return;
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let o;
  let etag;
  try {
    ({ body: o, etag } = await getWithEtag(`organisations/${encodeURIComponent(params.id)}`, { signal }));
  } catch (e) {
    if (e.name === 'AbortError') return;
    replace(main, h('section', { class: 'page' }, h('h1', null, t('orgform.edit_title')), errorBlock(e, () => orgEditView(main, { params, query, signal }))));
    return;
  }
  const primary = (o.names || []).find((n) => n.primary) || (o.names || [])[0] || { text: `#${o.id}` };
  document.title = `${primary.text} — ${t('orgform.edit_title')} — hamkor`;
  const member = isMemberOf(o.id);
  const { form, body } = orgForm(o, { forUpdate: true });
  const section = h('section', { class: 'edit-section' }, form);
  onSubmit(form, async () => {
    const r = await send('PATCH', `organisations/${encodeURIComponent(o.id)}`, body(), { ifMatch: etag });
    etag = r.etag || etag;
    done(section, t('form.saved'));
  });
  replace(main, h('section', { class: 'page org-edit', 'data-id': o.id },
    h('p', { class: 'crumbs' }, h('a', { href: '/my' }, t('my.back'))),
    h('h1', { lang: primary.lang || null }, primary.text),
    query.get('created') ? h('p', { class: 'note', role: 'status' }, t('orgform.created')) : null,
    h('p', { class: 'links' },
      h('a', { href: `/organisations/${encodeURIComponent(o.id)}` }, t('my.public_page')), ' · ',
      h('a', { href: `/my/organisations/${encodeURIComponent(o.id)}/listings`, class: 'org-listings-link' }, t('my.listings'))),
    h('p', null, h('span', { class: `badge badge-tier tier-${o.tier || 'self_declared'}` }, t(`tier.${o.tier || 'self_declared'}`))),
    member ? null : h('p', { class: 'note' }, t('orgform.not_member')),
    h('h2', null, t('orgform.profile')), section,
    member ? membersSection(o.id, isAdminOf(o.id), signal) : null));
}
