// project_notices.js - the joint-project notices on the notifications page
// (GET /api/v1/project-notices): what a project needs from the reader next
// (sign off, endorse, submit, answer, ...), newest first, each linking to
// its project with "mark as read" (POST /api/v1/project-notices/{id}/read).
// They are a table of their own on the server (docs/projects.md,
// "Notices"), so they are a section of their own here; the header's
// unread badge counts them with the other notifications (notifications.js).

import { get } from './api.js';
import { h, replace, append } from './dom.js';
import { t, fmtDateTime, has } from './i18n.js';
import { loadProjectNotices, markProjectNoticeRead } from './notifications.js';
import { errorBlock } from './errors.js';
import { pickText } from './projects.js';

function item(n, titles) {
  const kind = has(`pnotice.${n.kind}`) ? n.kind : 'other';
  const href = `/projects/${encodeURIComponent(n.project_id)}`;
  const title = h('span', { class: 'project-name' }, t('pnotice.project', { id: n.project_id }));
  titles(n.project_id).then((x) => { if (x) replace(title, x); });
  const li = h('li', { class: `notice project-notice${n.read_at ? '' : ' notice-unread'}`, 'data-id': n.id, 'data-kind': n.kind,
    'data-project': n.project_id });
  const readBtn = n.read_at ? null : h('button', { type: 'button', class: 'button button-small mark-read', onclick: async (e) => {
    e.target.disabled = true;
    try {
      await markProjectNoticeRead(n);
      li.classList.remove('notice-unread');
      li.querySelector('.badge-new')?.remove();
      li.querySelector('a')?.focus(); // the button goes; focus stays on this notice
      e.target.remove();
    } catch {
      e.target.disabled = false;
    }
  } }, t('notifications.mark_read'));
  append(li,
    h('p', { class: 'notice-text' }, n.read_at ? null : h('span', { class: 'badge badge-new' }, t('notifications.new')), ' ',
      h('a', { href }, t(`pnotice.${kind}`))),
    h('p', { class: 'hit-meta' }, title, ' · ', fmtDateTime(n.created_at)), readBtn);
  return li;
}

/** The section "Joint projects" of the notifications page. */
export function projectNoticesSection({ signal }) {
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const list = h('ol', { class: 'notices project-notices' });
  const more = h('div', { class: 'more' });
  // One request per project, shared by its notices; a project no longer visible keeps "Project #id".
  const cache = new Map();
  const titles = (id) => {
    if (!cache.has(id)) cache.set(id, get(`projects/${encodeURIComponent(id)}`, null, { signal }).then((p) => pickText(p).title).catch(() => null));
    return cache.get(id);
  };
  // The first page also recounts the badge; older pages follow next_cursor.
  async function page(before) {
    let b;
    try {
      b = before ? await get('project-notices', { before, limit: 100 }, { signal }) : await loadProjectNotices({ signal });
    } catch (e) {
      if (e.name !== 'AbortError') replace(body, errorBlock(e, () => page(before)));
      return;
    }
    const items = (b.notices || []).map((n) => item(n, titles));
    if (!before) replace(body, items.length ? list : h('p', { class: 'muted none' }, t('pnotice.none')));
    append(list, items);
    replace(more, b.next_cursor ? h('button', { type: 'button', class: 'button', onclick: () => page(b.next_cursor) }, t('search.more')) : null);
  }
  page(null);
  return h('section', { class: 'project-notices-section', 'aria-labelledby': 'pnotice-title' },
    h('h2', { id: 'pnotice-title' }, t('pnotice.title')), body, more);
}
