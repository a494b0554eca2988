// verify.js - the national coordinator's verification queue: the
// self-declared organisations of its own state (the secretariat picks the
// state), each with "registry ID checked" and "endorse" buttons
// (POST /api/v1/organisations/{id}/verify {"tier"}).

import { get, send } from './api.js';
import { h, replace, append } from './dom.js';
import { t } from './i18n.js';
import { field } from './forms.js';
import { countrySelect } from './pickers.js';
import { countryName } from './refdata.js';
import { requireUser } from './session.js';
import { orgCard } from './directory.js';
import { errorBlock } from './errors.js';
import { navigate } from './router.js';

export function verifyView(main, { query, signal }) {
  const user = requireUser(main, 'verify.title');
  if (!user) return;
  document.title = `${t('verify.title')} — hamkor`;
  if (user.role !== 'coordinator' && user.role !== 'secretariat') {
    replace(main, h('section', { class: 'page' }, h('h1', null, t('verify.title')), h('p', null, t('verify.not_allowed'))));
    return;
  }
  const country = user.role === 'coordinator' ? user.country : (query.get('country') || '');
  const picker = user.role === 'secretariat'
    ? field({ name: 'country', label: t('org.country'), control: countrySelect('country', country, { empty: t('orgform.choose') }) })
    : null;
  picker?.control.addEventListener('change', () => navigate(`/verify?country=${encodeURIComponent(picker.control.value)}`));
  const body = h('div', { class: 'queue' });
  const more = h('div', { class: 'more' });
  replace(main, h('section', { class: 'page' }, h('h1', null, t('verify.title')),
    h('p', { class: 'lead' }, country ? t('verify.lead', { country: countryName(country) }) : t('verify.pick')),
    picker, body, more));
  if (!country) return;
  const list = h('ul', { class: 'card-list verify-list' });

  function buttons(o, li) {
    const status = h('p', { class: 'verify-status', role: 'status' });
    const act = (tier) => h('button', { type: 'button', class: `button button-small${tier === 'coordinator_endorsed' ? ' button-primary' : ''}`,
      'data-tier': tier, onclick: async (e) => {
        for (const b of li.querySelectorAll('button')) b.disabled = true;
        try {
          const r = await send('POST', `organisations/${encodeURIComponent(o.id)}/verify`, { tier });
          const now = r.body?.tier || tier;
          replace(status, t('verify.done', { tier: t(`tier.${now}`) }));
          const badge = li.querySelector('.badge-tier');
          if (badge) { badge.textContent = t(`tier.${now}`); badge.dataset.tier = now; }
          li.dataset.verified = now;
          // Endorsing stays possible after the registry check.
          for (const b of li.querySelectorAll('button')) b.disabled = b.dataset.tier === now || now === 'coordinator_endorsed';
        } catch (err) {
          for (const b of li.querySelectorAll('button')) b.disabled = false;
          replace(status, errorBlock(err));
        }
        e.target.focus?.();
      } }, t(`verify.to_${tier}`));
    return [h('p', { class: 'actions' }, act('registry_checked'), ' ', act('coordinator_endorsed')), status];
  }

  async function page(cursor) {
    let b;
    try {
      b = await get('organisations', { country, tier: 'self_declared', cursor, limit: 20 }, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(body, errorBlock(e, () => page(cursor)));
      return;
    }
    const items = (b.organisations || []).map((o) => {
      const li = orgCard(o);
      li.append(...buttons(o, li));
      return li;
    });
    if (!cursor) replace(body, items.length ? list : h('p', { class: 'muted' }, t('verify.none')));
    append(list, items);
    replace(more, b.next_cursor ? h('button', { type: 'button', class: 'button', onclick: () => page(b.next_cursor) }, t('search.more')) : null);
  }
  page(null);
}
