/*
 * store_project_doc.c - the documents of a joint project: PDF and office
 * files, kept in the store itself so that every node of a cluster serves
 * the same bytes and a backup or `hamkor copy` carries them.
 *
 * The bytes are stored as base64 text (4/3 of their size): the drivers
 * bind text values on both engines, and a 10 MiB limit keeps a row well
 * inside what either takes. The declared type must be one of the
 * accepted ones and agree with the file's first bytes (PDF "%PDF-", the
 * ZIP container of OOXML and OpenDocument, the OLE container of the old
 * binary Office formats); anything else is refused naming content_type.
 * A SHA-256 of the bytes is kept for integrity and the download's ETag.
 * Virus-style checks are out of scope.
 */
#include "store/store_project_int.h"

#include "hk_base64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SHA-256 (FIPS 180-4), for a checksum, not for secrets ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *b)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = bb;
        bb = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        sha256_block(h, data + i);
    unsigned char tail[128] = {0};
    size_t rest = len - i;
    memcpy(tail, data + i, rest);
    tail[rest] = 0x80;
    size_t blocks = rest + 9 > 64 ? 2 : 1;
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        tail[blocks * 64 - 1 - k] = (unsigned char)(bits >> (8 * k));
    for (size_t k = 0; k < blocks; k++)
        sha256_block(h, tail + 64 * k);
    for (int k = 0; k < 8; k++)
        snprintf(out + 8 * k, 9, "%08x", h[k]);
}

/* ---- types ---- */

typedef enum { MAGIC_PDF, MAGIC_ZIP, MAGIC_OLE } doc_magic;

static const struct {
    const char *type;
    doc_magic magic;
} doc_types[] = {
    {"application/pdf", MAGIC_PDF},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", MAGIC_ZIP},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MAGIC_ZIP},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", MAGIC_ZIP},
    {"application/vnd.oasis.opendocument.text", MAGIC_ZIP},
    {"application/vnd.oasis.opendocument.spreadsheet", MAGIC_ZIP},
    {"application/vnd.oasis.opendocument.presentation", MAGIC_ZIP},
    {"application/msword", MAGIC_OLE},
    {"application/vnd.ms-excel", MAGIC_OLE},
    {"application/vnd.ms-powerpoint", MAGIC_OLE},
};

static int doc_type_index(const char *content_type)
{
    for (size_t i = 0; content_type && i < sizeof doc_types / sizeof doc_types[0]; i++)
        if (strcmp(doc_types[i].type, content_type) == 0)
            return (int)i;
    return -1;
}

bool project_doc_type_ok(const char *content_type)
{
    return doc_type_index(content_type) >= 0;
}

const char *project_doc_type_name(const char *content_type)
{
    int t = doc_type_index(content_type);
    return t < 0 ? NULL : doc_types[t].type;
}

static bool magic_ok(doc_magic m, const unsigned char *d, size_t n)
{
    switch (m) {
    case MAGIC_PDF: return n >= 5 && memcmp(d, "%PDF-", 5) == 0;
    case MAGIC_ZIP: return n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0;
    case MAGIC_OLE: return n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
    }
    return false;
}

/* A file name as given, without path separators or control characters. */
static int check_name(const char *name, hk_err *err)
{
    int rc = model_check_text("name", name, PROJECT_DOC_NAME_MAX, true, err);
    if (rc)
        return rc;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == '"')
            return hk_err_set(err, HK_EINVAL, "name", "name: a file name without / \\ \" or control characters");
    return 0;
}

/* ---- records ---- */

void project_document_free(project_document *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->content_type);
    memset(d, 0, sizeof *d);
}

void project_documents_free(project_document *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        project_document_free(&v[i]);
    free(v);
}

static int doc_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    project_document *d = rec;
    d->id = row_int(r, 0);
    d->project_id = row_int(r, 1);
    d->size = row_int(r, 4);
    d->confidential = row_bool(r, 5);
    row_fixed(r, 6, d->sha256, sizeof d->sha256);
    d->uploaded_by = row_int(r, 7);
    d->uploaded_at = row_time(r, 8);
    return row_dup(r, 2, &d->name) || row_dup(r, 3, &d->content_type);
}

int store_project_docs(hk_store *st, int64_t project_id, project_document **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(project_document), .read = doc_row};
    int rc = store__q_list(st, SQ_PRJ_DOCS_OF, ARGS(sv_int(project_id)), &l, err);
    if (rc) {
        project_documents_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}

typedef struct doc_get_ctx {
    project_document *d;
    unsigned char **data;
    size_t *len;
    int rc;
} doc_get_ctx;

static int doc_get_row(const store_row *r, void *ctx)
{
    doc_get_ctx *c = ctx;
    if (doc_row(r, c->d, NULL)) {
        c->rc = HK_ENOMEM;
        return 1;
    }
    const char *b64 = row_text(r, 9);
    if (c->data && (!b64 || hk_base64_decode(b64, strlen(b64), c->data, c->len)))
        c->rc = HK_EIO;
    return 1;
}

int store_project_doc_get(hk_store *st, int64_t doc_id, project_document *out, unsigned char **data, size_t *len,
                          hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    doc_get_ctx c = {out, data, len, 0};
    int rc = store__q(st, SQ_PRJ_DOC_GET, ARGS(sv_int(doc_id)), doc_get_row, &c, err);
    if (rc >= 0 && c.rc)
        rc = c.rc == HK_ENOMEM ? store__oom(err)
                               : hk_err_set(err, HK_EIO, "", "document %lld is damaged in the store", (long long)doc_id);
    else if (rc == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "document %lld does not exist", (long long)doc_id);
    else if (rc > 0)
        rc = 0;
    if (rc) {
        project_document_free(out);
        if (data) {
            free(*data);
            *data = NULL;
        }
    }
    return rc;
}

int store_project_doc_add(hk_store *st, project_document *d, const void *data, size_t len, int64_t actor_id,
                          size_t *voided, hk_err *err)
{
    if (voided)
        *voided = 0;
    int rc = check_name(d->name, err);
    if (rc)
        return rc;
    int t = doc_type_index(d->content_type);
    if (t < 0)
        return hk_err_set(err, HK_EINVAL, "content_type",
                          "content_type: documents are PDF or office files (docx, xlsx, pptx, odt, ods, odp, doc, "
                          "xls, ppt)");
    if (len == 0)
        return hk_err_set(err, HK_EINVAL, "file", "file: the document is empty");
    if (len > PROJECT_DOC_MAX_BYTES)
        return hk_err_set(err, HK_ETOOBIG, "file", "file: a document is at most %d MiB",
                          PROJECT_DOC_MAX_BYTES / (1024 * 1024));
    if (!magic_ok(doc_types[t].magic, data, len))
        return hk_err_set(err, HK_EINVAL, "content_type", "content_type: the file is not a %s file", d->content_type);
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    prj_head h = {0};
    project_relation rel;
    int64_t count = 0;
    size_t n_void = 0;
    if (!(rc = prj__lock(st, d->project_id, &h, err)) && !(rc = prj__relation(st, d->project_id, actor_id, &rel, err))) {
        if (!rel.partner_member)
            rc = hk_err_set(err, HK_EFORBIDDEN, "id", "only the members of a project's partners add its documents");
        else if (h.state == PRJ_COMPLETED || h.state == PRJ_CANCELLED)
            rc = prj__state_refused(err, h.state, "documents are added until the project is completed or cancelled");
        else if ((rc = store__int(st, SQ_PRJ_DOC_COUNT, ARGS(sv_int(d->project_id)), &count, err)) >= 0)
            rc = count < PROJECT_DOCS_MAX ? 0
                                          : hk_err_set(err, HK_ETOOBIG, "file", "a project keeps at most %d documents",
                                                       PROJECT_DOCS_MAX);
    }
    char *b64 = NULL;
    if (!rc && !(b64 = hk_base64_encode(data, len)))
        rc = store__oom(err);
    sha256_hex(data, len, d->sha256);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_PRJ_DOC_ADD,
                        ARGS(sv_int(d->project_id), sv_text(d->name), sv_text(d->content_type), sv_int((int64_t)len),
                             sv_bool(d->confidential), sv_text(d->sha256), sv_text(b64), sv_int(actor_id),
                             sv_time(now)),
                        &id, err);
        rc = rc > 0 ? 0 : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving a document returned no id") : rc;
    }
    free(b64);
    /* Before endorsement a document is part of what the partners sign. */
    bool content = h.state == PRJ_DRAFT || h.state == PRJ_SIGNED_OFF;
    if (!rc && content && !(rc = prj__void(st, d->project_id, &n_void, err)))
        rc = store__do(st, SQ_PRJ_CONTENT_TOUCH, ARGS(sv_int(d->project_id), sv_time(now)), err);
    else if (!rc)
        rc = store__do(st, SQ_PRJ_TOUCH, ARGS(sv_int(d->project_id), sv_time(now)), err);
    char pl[128];
    snprintf(pl, sizeof pl, "{\"project_id\":%lld,\"document_id\":%lld,\"voided\":%zu}", (long long)d->project_id,
             (long long)id, n_void);
    if (!rc)
        rc = store__audit(st, actor_id, "add_document", "project", d->project_id, pl, err);
    if (!rc && n_void > 0)
        rc = prj__tell(st, d->project_id, TELL_ADMINS, 0, "signoffs_voided", pl, actor_id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        d->id = id;
        d->size = (int64_t)len;
        d->uploaded_by = actor_id;
        d->uploaded_at = now;
        if (voided)
            *voided = n_void;
    }
    return rc;
}
