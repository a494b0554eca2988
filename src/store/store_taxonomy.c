/*
 * store_taxonomy.c - the labels and search synonyms the secretariat set
 * for existing HS and ISIC codes (migration 4). The taxonomy itself is
 * reference data in data/taxonomy/, loaded before any store is opened;
 * these rows are laid over it at every start by tax_apply_store
 * (src/taxonomy/tax_store.c), and written by PUT /api/v1/taxonomy/...
 * before the live taxonomy is changed.
 *
 * Writes are rare, so the statements are prepared per call rather than
 * kept in the statement cache.
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
    sqlite3_stmt *s = NULL;
    if (!rc && sqlite3_prepare_v2(st->db,
                                  "INSERT INTO taxonomy_labels(scheme, code, label_en, label_ru, label_zh, "
                                  "synonyms_en, synonyms_ru, synonyms_zh, updated_at, updated_by) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                  "ON CONFLICT(scheme, code) DO UPDATE SET label_en = excluded.label_en, "
                                  "label_ru = excluded.label_ru, label_zh = excluded.label_zh, "
                                  "synonyms_en = excluded.synonyms_en, synonyms_ru = excluded.synonyms_ru, "
                                  "synonyms_zh = excluded.synonyms_zh, updated_at = excluded.updated_at, "
                                  "updated_by = excluded.updated_by",
                                  -1, &s, NULL) != SQLITE_OK)
        rc = store__sqlerr(st, "saving taxonomy labels", err);
    int64_t now = store__now();
    if (!rc) {
        sqlite3_bind_text(s, 1, r->scheme, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, r->code, -1, SQLITE_STATIC);
        for (int l = 0; l < STORE_TAX_LANGS; l++) {
            sqlite3_bind_text(s, 3 + l, r->label[l], -1, SQLITE_STATIC);
            store__bind_text(s, 6 + l, r->synonyms[l]); /* "" binds NULL: none */
        }
        sqlite3_bind_int64(s, 9, now);
        if (actor_id)
            sqlite3_bind_int64(s, 10, actor_id);
        else
            sqlite3_bind_null(s, 10);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "saving taxonomy labels", err);
    }
    sqlite3_finalize(s);
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

int store_tax_label_each(hk_store *st, int (*fn)(const store_tax_label *r, void *ctx), void *ctx, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT scheme, code, label_en, label_ru, label_zh, synonyms_en, synonyms_ru, synonyms_zh, "
                           "updated_at, updated_by FROM taxonomy_labels ORDER BY scheme, code",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading taxonomy labels", err);
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        store_tax_label row;
        memset(&row, 0, sizeof row);
        row.scheme = (const char *)sqlite3_column_text(s, 0);
        row.code = (const char *)sqlite3_column_text(s, 1);
        for (int l = 0; l < STORE_TAX_LANGS; l++) {
            row.label[l] = (const char *)sqlite3_column_text(s, 2 + l);
            row.synonyms[l] = (const char *)sqlite3_column_text(s, 5 + l);
            if (!row.label[l]) /* NOT NULL columns: NULL here means no memory */
                break;
        }
        row.updated_at = sqlite3_column_int64(s, 8);
        row.updated_by = sqlite3_column_int64(s, 9);
        if (!row.scheme || !row.code || !row.label[0] || !row.label[1] || !row.label[2]) {
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        if (fn(&row, ctx))
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading taxonomy labels", err);
    sqlite3_finalize(s);
    return rc;
}
