// project_docs.js - a joint project's documents: the list (GET
// /api/v1/projects/{id}/documents; the server leaves out confidential ones
// for readers who may not see them) and, for the partners' members while
// the project is open, the upload form (POST .../documents with the file
// in base64 `data`). The request body is capped at 1 MiB, so a file over
// MAX_BYTES is refused here, before anything is sent; the types are the
// ones the store accepts (docs/projects.md, "Documents"). Refusals show
// the server's detail next to the file control.

import { send, get } from './api.js';
import { h, replace } from './dom.js';
import { t, fmtNumber } from './i18n.js';
import { field, formErrorSlot, onSubmit, showFieldError } from './forms.js';

/** Bytes of file that fit a 1 MiB JSON body once base64 makes them 4/3 larger (docs/api.md). */
export const MAX_BYTES = 760 * 1024;

// Extension -> the content type the store accepts for it.
const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** The content type to declare for file: its extension's, else what the browser says if accepted, else null. */
export function contentType(file) {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name || '')?.[1]?.toLowerCase();
  if (ext && TYPES[ext]) return TYPES[ext];
  return Object.values(TYPES).includes(file.type) ? file.type : null;
}

/** The file's bytes as base64 (padded, no line breaks). */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const kib = (n) => fmtNumber(Math.ceil(n / 1024));

function docItem(path, d) {
  return h('li', { class: 'document', 'data-id': d.id, 'data-confidential': String(!!d.confidential) },
    h('a', { href: `/api/v1/${path}/documents/${d.id}`, download: d.name }, d.name), ' · ',
    `${kib(d.size)} KiB`, d.confidential ? [' · ', h('span', { class: 'badge' }, t('project.confidential'))] : null);
}

/**
 * The documents section of project p (API path `path`, the reader's relation
 * rel). onAdded(note, cls) is called after an upload with what to tell the
 * reader (the sign-offs it voided, if any); it redraws the page.
 */
export function documentsSection(p, path, rel, { signal, onAdded }) {
  const list = h('ul', { class: 'documents' }, h('li', { class: 'loading' }, t('common.loading')));
  get(`${path}/documents`, null, { signal }).then((b) => {
    const docs = b.documents || [];
    replace(list, docs.length ? docs.map((d) => docItem(path, d)) : h('li', { class: 'muted' }, t('project.no_documents')));
  }).catch(() => replace(list));

  const open = p.state !== 'completed' && p.state !== 'cancelled';
  let form = null;
  if (rel.partner && open) {
    const accept = Object.keys(TYPES).map((x) => `.${x}`).join(',');
    const file = field({ name: 'file', label: t('project.doc_file'), type: 'file', required: true,
      hint: t('project.doc_hint', { max: kib(MAX_BYTES) }), attrs: { accept } });
    const conf = field({ name: 'confidential', label: t('project.doc_confidential'), type: 'checkbox',
      hint: t('project.doc_confidential_hint') });
    form = h('form', { class: 'form document-form', novalidate: true }, formErrorSlot(), file, conf,
      p.state === 'draft' || p.state === 'signed_off' ? h('p', { class: 'hint' }, t('project.doc_voids')) : null,
      h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('project.doc_upload'))));
    onSubmit(form, async () => {
      const f = file.control.files?.[0];
      if (!f) return showFieldError(form, 'file', t('project.doc_none'));
      const type = contentType(f);
      if (!type) return showFieldError(form, 'file', t('project.doc_bad_type'));
      if (f.size > MAX_BYTES) return showFieldError(form, 'file', t('project.doc_too_big', { size: kib(f.size), max: kib(MAX_BYTES) }));
      // The server's refusals name content_type, name or data: all of them are about the file.
      let r;
      try {
        r = await send('POST', `${path}/documents`, { name: f.name, content_type: type, confidential: conf.control.checked, data: await base64(f) });
      } catch (e) {
        if (e.errors?.length) e.errors = e.errors.map((x) => ({ ...x, field: 'file' }));
        else if (e.problem?.detail) e.errors = [{ field: 'file', message: e.problem.detail }];
        throw e;
      }
      const n = Number(r.body?.voided_signoffs) || 0;
      await onAdded(n ? t('project.doc_added_voided', { name: f.name, n }) : t('project.doc_added', { name: f.name }),
        n ? 'voided-note' : 'doc-note');
    });
  }
  return h('section', { class: 'project-documents' }, h('h2', null, t('project.documents')), list, form);
}
