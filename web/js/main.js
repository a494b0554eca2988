// main.js - starts the app: picks the language, learns who is signed in,
// wires the language switcher, and registers the pages.

import { setLang, preferredLang, getLang, onLangChange, t } from './i18n.js';
import { loadCountries } from './refdata.js';
import { route, notFound, start, render } from './router.js';
import { searchView } from './search.js';
import { listingView } from './listing.js';
import { organisationView } from './organisation.js';
import { loadSession, renderNav } from './session.js';
import { signInView, signUpView } from './auth.js';
import { myView, myListingsView } from './my.js';
import { orgCreateView, orgEditView } from './org_editor.js';
import { listingCreateView, listingEditView } from './listing_editor.js';
import { inboxView } from './inbox.js';
import { threadView } from './thread.js';
import { noticesView } from './notices.js';
import { savedView } from './saved.js';
import { apiDocsView } from './apidocs.js';
import { directoryView } from './directory.js';
import { verifyView } from './verify.js';
import { adminView, taxonomyView } from './admin.js';
import { accountView } from './account.js';
import { verifyEmailView } from './invitations.js';
import { projectsView, projectView, pipelineView } from './projects.js';
import { projectCreateView, projectEditView } from './project_editor.js';
import { meetingsView, meetingView, meetingCreateView } from './meetings.js';
import { initiativesView, initiativeView } from './initiatives.js';
import { planView, measureView } from './plan.js';
import { measureEditView } from './measure_editor.js';
import { myMeetingsView } from './partner_meetings.js';
import { eventsView, eventView, marketplaceView, planView as eventPlanView, agendaView } from './events.js';
import { eventEditView } from './event_editor.js';
import { analyticsView } from './analytics.js';
import { h, replace } from './dom.js';

route('/', searchView);
route('/search', searchView);
route('/listings/:id', listingView);
route('/organisations', directoryView);
route('/organisations/:id', organisationView);
route('/signin', signInView);
route('/signup', signUpView);
route('/my', myView);
route('/my/organisations/new', orgCreateView);
route('/my/organisations/:id', orgEditView);
route('/my/organisations/:id/listings', myListingsView);
route('/my/listings/new', listingCreateView);
route('/my/listings/:id', listingEditView);
route('/inbox', inboxView);
route('/partner-meetings', myMeetingsView);
route('/interests/:id', threadView);
route('/notifications', noticesView);
route('/saved', savedView);
route('/developers', apiDocsView);
route('/verify', verifyView);
route('/admin', adminView);
route('/admin/taxonomy', taxonomyView);
route('/account', accountView);
route('/verify-email', verifyEmailView);
route('/projects', projectsView);
route('/projects/new', projectCreateView);
route('/projects/:id', projectView);
route('/projects/:id/edit', projectEditView);
route('/pipeline', pipelineView);
route('/meetings', meetingsView);
route('/meetings/new', meetingCreateView);
route('/meetings/:id', meetingView);
route('/initiatives', initiativesView);
route('/initiatives/:id', initiativeView);
route('/plan', planView);
route('/plan/measures/new', measureEditView);
route('/plan/measures/:id/edit', measureEditView);
route('/plan/measures/:id', measureView);
route('/events', eventsView);
route('/events/new', eventEditView);
route('/events/:id', eventView);
route('/events/:id/edit', eventEditView);
route('/events/:id/participants', marketplaceView);
route('/events/:id/plan', eventPlanView);
route('/events/:id/agenda/:pid', agendaView);
route('/analytics', analyticsView);
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
  await loadSession();
  select.value = getLang();
  select.addEventListener('change', async () => {
    await setLang(select.value, { remember: true });
  });
  onLangChange((l) => {
    select.value = l;
    renderNav();
    render();
  });
  // The header's links show the current page.
  window.addEventListener('hamkor:navigated', renderNav);
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
