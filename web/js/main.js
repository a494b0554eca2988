// main.js - starts the app: picks the language, wires the language
// switcher, and registers the pages.

import { setLang, preferredLang, getLang, onLangChange, t } from './i18n.js';
import { loadCountries } from './refdata.js';
import { route, notFound, start, render } from './router.js';
import { searchView } from './search.js';
import { listingView } from './listing.js';
import { organisationView } from './organisation.js';
import { h, replace } from './dom.js';

route('/', searchView);
route('/search', searchView);
route('/listings/:id', listingView);
route('/organisations/:id', organisationView);
notFound((main) => {
  document.title = `${t('notfound.title')} — hamkor`;
  replace(main, h('section', { class: 'page' },
    h('h1', null, t('notfound.title')),
    h('p', null, t('notfound.text')),
    h('p', null, h('a', { href: '/' }, t('notfound.home')))));
});

async function boot() {
  const select = document.getElementById('lang-select');
  await Promise.all([setLang(preferredLang()), loadCountries()]);
  select.value = getLang();
  select.addEventListener('change', async () => {
    await setLang(select.value, { remember: true });
  });
  onLangChange((l) => {
    select.value = l;
    render();
  });
  document.body.classList.add('ready');
  await start();
}

boot().catch((e) => {
  // The catalogue itself failed to load: say so in all three languages.
  const main = document.getElementById('main');
  replace(main, h('div', { class: 'error', role: 'alert' },
    h('p', { lang: 'en' }, 'hamkor could not start. Please reload the page.'),
    h('p', { lang: 'ru' }, 'Не удалось запустить hamkor. Перезагрузите страницу.'),
    h('p', { lang: 'zh' }, 'hamkor 无法启动，请重新加载页面。'),
    h('p', { class: 'muted' }, String(e && e.message || e))));
});
