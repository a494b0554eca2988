// reasons.js - why a match was proposed, in the reader's language. Each
// reason from /listings/{id}/matches is an object with one main key
// ({"same_hs_heading":"7616"}, {"distance_km":2850}, ...).

import { h, append } from './dom.js';
import { t, fmtKm, fmtPercent, has } from './i18n.js';
import { countryName, codeLabelText } from './refdata.js';

function withLabel(li, scheme, code) {
  const lab = h('span', { class: 'code-label' });
  append(li, lab);
  codeLabelText(scheme, code).then((s) => { if (s) lab.textContent = ` — ${s}`; });
}

/** One <li> for a reason object. */
export function reasonItem(reason) {
  const keys = Object.keys(reason || {});
  const type = keys.find((k) => k !== 'via_isic') || keys[0];
  const v = reason[type];
  const li = h('li', { class: `reason reason-${type}`, 'data-reason': type });
  switch (type) {
    case 'same_hs_heading':
      append(li, t('reason.same_hs_heading', { code: v }));
      withLabel(li, 'hs', v);
      break;
    case 'same_hs_chapter':
      append(li, t('reason.same_hs_chapter', { code: v }));
      withLabel(li, 'hs', v);
      break;
    case 'value_chain': {
      append(li, t('reason.value_chain', { code: v }));
      withLabel(li, 'hs', v);
      if (reason.via_isic) {
        append(li, ' (', t('reason.via_isic', { code: reason.via_isic }));
        withLabel(li, 'isic', reason.via_isic);
        append(li, ')');
      }
      break;
    }
    case 'text_similarity':
      append(li, t('reason.text_similarity', { pct: fmtPercent(Number(v)) }));
      break;
    case 'quantity_fit':
      append(li, t('reason.quantity_fit', { pct: fmtPercent(Number(v)) }));
      break;
    case 'certification':
      append(li, t('reason.certification', { name: v }));
      break;
    case 'target_country':
      append(li, t('reason.target_country', { country: countryName(v) }));
      break;
    case 'distance_km':
      append(li, t('reason.distance_km', { km: fmtKm(Number(v)) }));
      break;
    case 'rail_km':
      append(li, t('reason.rail_km', { km: fmtKm(Number(v)) }));
      break;
    case 'verified':
      append(li, t('reason.verified', { tier: has(`tier.${v}`) ? t(`tier.${v}`) : v }));
      break;
    default:
      // A reason this page does not know yet: show it plainly rather than hide it.
      append(li, `${type}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  return li;
}
