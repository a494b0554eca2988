/*
 * store_taxonomy.c - the labels and search synonyms the secretariat set
 * for existing HS and ISIC codes (migration 4). The taxonomy itself is
 * reference data in data/taxonomy/, loaded before any store is opened;
 * these rows are laid over it at every start by tax_apply_store
 * (src/taxonomy/tax_store.c), and written by PUT /api/v1/taxonomy/...
 * before the live taxonomy is changed.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "hk_utf8.h"

static const char *const lang_names[STORE_TAX_LANGS] = {"en", "ru", "zh"};

/* Form and size only: the wording rules are the taxonomy's
 * (tax_relabel_check), which the caller applies before writing. */
static int validate(const store_tax_label *r, hk_err *err)
{
    if (!r->scheme || (strcmp(r->scheme, "hs") != 0 && strcmp(r->scheme, "isic") != 0))
        return hk_err_set(err, HK_EINVAL, "scheme", "must be hs or isic");
    size_t n = r->code ? strlen(r->code) : 0;
    if (n < 1 || n > 7)
        return hk_err_set(err, HK_EINVAL, "code", "must be 1 to 7 letters or digits");
    for (size_t i = 0; i < n; i++) {
        char c = r->code[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
            return hk_err_set(err, HK_EINVAL, "code", "must be 1 to 7 letters or digits");
    }
    char field[32];
    for (int l = 0; l < STORE_TAX_LANGS; l++) {
        const char *v = r->label[l];
        snprintf(field, sizeof field, "labels.%s", lang_names[l]);
        if (!v || !*v)
            return hk_err_set(err, HK_EINVAL, field, "is required");
        if (strlen(v) > STORE_TAX_LABEL_MAX_BYTES || !hk_utf8_valid(v, strlen(v)))
            return hk_err_set(err, HK_EINVAL, field, "must be valid UTF-8 of at most %d bytes",
                              STORE_TAX_LABEL_MAX_BYTES);
        v = r->synonyms[l];
        snprintf(field, sizeof field, "synonyms.%s", lang_names[l]);
        if (v && (strlen(v) > STORE_TAX_SYNONYMS_MAX_BYTES || !hk_utf8_valid(v, strlen(v))))
            return hk_err_set(err, HK_EINVAL, field, "must be valid UTF-8 of at most %d bytes",
                              STORE_TAX_SYNONYMS_MAX_BYTES);
    }
    return 0;
}

int store_tax_label_put(hk_store *st, store_tax_label *r, int64_t actor_id, hk_err *err)
{
    int rc = validate(r, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (actor_id)
        rc = store__user_exists(st, actor_id, "updated_by", err);
    int64_t now = store__now();
    if (!rc) /* synonyms "" bind NULL (none); actor 0 binds NULL (no user) */
        rc = store__do(st, SQ_TAX_LABEL_PUT,
                       ARGS(sv_text(r->scheme), sv_text(r->code), sv_text(r->label[0]), sv_text(r->label[1]),
                            sv_text(r->label[2]), sv_opt(r->synonyms[0]), sv_opt(r->synonyms[1]),
                            sv_opt(r->synonyms[2]), sv_time(now), sv_int_opt(actor_id)),
                       err);
    if (!rc) {
        /* Codes have no numeric id; as for countries, the audit row uses
         * 0 and names the code in its detail (scheme and code were
         * checked above, so they need no escaping). */
        char detail[64];
        snprintf(detail, sizeof detail, "{\"scheme\":\"%s\",\"code\":\"%s\"}", r->scheme, r->code);
        rc = store__audit(st, actor_id, "put", "taxonomy_label", 0, detail, err);
    }
    rc = store__tx_leave(st, own, rc, true, err);
    if (!rc) {
        r->updated_at = now;
        r->updated_by = actor_id;
    }
    return rc;
}

typedef struct label_ctx {
    int (*fn)(const store_tax_label *r, void *ctx);
    void *ctx;
    bool oom;
} label_ctx;

/* Hands one row to the caller's fn; the strings are the driver's, valid
 * during this call only, as store_tax_label_each promises. */
static int label_row(const store_row *rw, void *ctx)
{
    label_ctx *c = ctx;
    store_tax_label row;
    memset(&row, 0, sizeof row);
    row.scheme = row_text(rw, 0);
    row.code = row_text(rw, 1);
    for (int l = 0; l < STORE_TAX_LANGS; l++) {
        row.label[l] = row_text(rw, 2 + l);
        row.synonyms[l] = row_text(rw, 5 + l); /* NULL: none */
    }
    row.updated_at = row_time(rw, 8);
    row.updated_by = row_int(rw, 9);
    /* NOT NULL columns: NULL here means no memory. */
    if (!row.scheme || !row.code || !row.label[0] || !row.label[1] || !row.label[2]) {
        c->oom = true;
        return 1;
    }
    return c->fn(&row, c->ctx);
}

int store_tax_label_each(hk_store *st, int (*fn)(const store_tax_label *r, void *ctx), void *ctx, hk_err *err)
{
    label_ctx c = {fn, ctx, false};
    int rc = store__q(st, SQ_TAX_LABEL_ALL, NOARGS, label_row, &c, err);
    if (rc < 0)
        return rc;
    return c.oom ? store__oom(err) : 0;
}
