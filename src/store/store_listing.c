/*
 * store_listing.c - offers and requests in the store of record: create
 * (keeping ids and times given by an import), update with a version
 * check, the status life cycle, and reading one or all of them.
 *
 * A listing is one row of listings plus ordered child rows in
 * listing_texts, listing_codes, listing_quantities and listing_targets.
 * This is the hot write path of `hamkor demo --scale 1000000`: every
 * statement is cached, the organisation and country checks hit small
 * in-memory caches, and nothing is read back that was just written.
 *
 * Status life cycle (BRIEF 4.2):
 *   draft     -> published   needs an expiry date not in the past
 *   published -> closed | expired
 *   published | closed | expired -> published   renew: a new expiry date
 * A listing's status changes only through store_listing_set_status;
 * store_listing_update keeps the stored one.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LST_COLS \
    "id, org_id, direction, kind, status, deadline, expires, created_at, updated_at, published_at, version"

/* ---- writing ---- */

#define LST_CODE_INS "INSERT INTO listing_codes(listing_id, scheme, pos, code) VALUES (?1, ?2, ?3, ?4)"

static int insert_children(hk_store *st, const listing *l, hk_err *err)
{
    int rc;
    for (size_t i = 0; i < l->n_texts; i++) {
        const listing_text *t = &l->texts[i];
        sqlite3_stmt *s = store__stmt(st, SQ_LST_TEXT_INS,
                                      "INSERT INTO listing_texts(listing_id, pos, lang, origin, title, description) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, l->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, t->lang, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, model_enum_name(ENUM_ORIGIN, (int)t->origin), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, t->title, -1, SQLITE_STATIC);
        store__bind_text(s, 6, t->description);
        if ((rc = store__run(st, s, "saving a listing's texts", err)))
            return rc;
    }
    if ((rc = store__insert_codes(st, SQ_LST_CODE_INS, LST_CODE_INS, l->id, "hs", l->hs, l->n_hs, err)) ||
        (rc = store__insert_codes(st, SQ_LST_CODE_INS, LST_CODE_INS, l->id, "isic", l->isic, l->n_isic, err)))
        return rc;
    for (size_t i = 0; i < l->n_quantities; i++) {
        const quantity *q = &l->quantities[i];
        sqlite3_stmt *s = store__stmt(st, SQ_LST_QTY_INS,
                                      "INSERT INTO listing_quantities(listing_id, pos, kind, amount, unit, period) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, l->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, model_enum_name(ENUM_QUANTITY, (int)q->kind), -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 4, q->amount);
        sqlite3_bind_text(s, 5, q->unit, -1, SQLITE_STATIC);
        store__bind_text(s, 6, q->period);
        if ((rc = store__run(st, s, "saving a listing's quantities", err)))
            return rc;
    }
    for (size_t i = 0; i < l->n_targets; i++) {
        sqlite3_stmt *s = store__stmt(st, SQ_LST_TARGET_INS,
                                      "INSERT INTO listing_targets(listing_id, pos, country) VALUES (?1, ?2, ?3)", err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, l->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, l->targets[i], 2, SQLITE_STATIC);
        if ((rc = store__run(st, s, "saving a listing's target countries", err)))
            return rc;
    }
    return 0;
}

static int delete_children(hk_store *st, int64_t id, hk_err *err)
{
    static const store_child children[] = {
        {SQ_LST_TEXT_DEL, "DELETE FROM listing_texts WHERE listing_id = ?1"},
        {SQ_LST_CODE_DEL, "DELETE FROM listing_codes WHERE listing_id = ?1"},
        {SQ_LST_QTY_DEL, "DELETE FROM listing_quantities WHERE listing_id = ?1"},
        {SQ_LST_TARGET_DEL, "DELETE FROM listing_targets WHERE listing_id = ?1"},
    };
    return store__delete_children(st, children, sizeof children / sizeof children[0], id, err);
}

static int check_refs(hk_store *st, const listing *l, hk_err *err)
{
    int rc = store__org_exists(st, l->org_id, "org_id", err);
    for (size_t i = 0; !rc && i < l->n_targets; i++) {
        char path[32];
        snprintf(path, sizeof path, "targets[%zu]", i);
        rc = store__country_exists(st, l->targets[i], path, err);
    }
    if (!rc)
        rc = store__codes_known(st, "hs", "hs", l->hs, l->n_hs, err);
    if (!rc)
        rc = store__codes_known(st, "isic", "isic", l->isic, l->n_isic, err);
    return rc;
}

/* What the status rules and the version check need of a stored listing. */
typedef struct lst_state {
    int64_t org_id, version, created_at, published_at;
    listing_status status;
    char expires[11];
} lst_state;

static int read_state(hk_store *st, int64_t id, lst_state *out, hk_err *err)
{
    sqlite3_stmt *s = store__stmt(
        st, SQ_LST_STATE, "SELECT org_id, version, created_at, published_at, status, expires FROM listings WHERE id = ?1",
        err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        out->org_id = sqlite3_column_int64(s, 0);
        out->version = sqlite3_column_int64(s, 1);
        out->created_at = sqlite3_column_int64(s, 2);
        out->published_at = sqlite3_column_int64(s, 3);
        int v = model_enum_parse(ENUM_STATUS, (const char *)sqlite3_column_text(s, 4));
        out->status = v < 0 ? STATUS_DRAFT : (listing_status)v;
        store__col_fixed(s, 5, out->expires, sizeof out->expires);
    } else if (r == SQLITE_DONE) {
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "listing %lld does not exist", (long long)id);
    } else {
        rc = store__sqlerr(st, "reading a listing", err);
    }
    sqlite3_reset(s);
    return rc;
}

static int expiry_not_past(hk_store *st, const char *expires, hk_err *err)
{
    const char *today = store__today(st);
    if (!expires[0])
        return hk_err_set(err, HK_EINVAL, "expires", "expires is required to publish a listing");
    if (strcmp(expires, today) < 0)
        return hk_err_set(err, HK_EINVAL, "expires", "expires (%s) is in the past (today is %s)", expires, today);
    return 0;
}

int store_listing_create(hk_store *st, listing *l, int64_t actor_id, hk_err *err)
{
    int rc = listing_validate(l, err);
    if (rc)
        return rc;
    bool import = l->id != 0;
    /* A new listing starts as a draft or goes straight to published;
     * closed and expired are where a listing ends, not begins. Imports
     * keep whatever state they were exported in. */
    if (!import) {
        if (l->status != STATUS_DRAFT && l->status != STATUS_PUBLISHED)
            return hk_err_set(err, HK_EINVAL, "status", "a new listing is a draft or published, not %s",
                              model_enum_name(ENUM_STATUS, (int)l->status));
        if (l->status == STATUS_PUBLISHED && (rc = expiry_not_past(st, l->expires, err)))
            return rc;
    }
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    listing saved = *l;
    rc = check_refs(st, l, err);
    if (!rc && import) {
        lst_state old;
        rc = read_state(st, l->id, &old, NULL);
        rc = rc == 0 ? hk_err_set(err, HK_ECONFLICT, "id", "listing %lld already exists", (long long)l->id)
                     : rc == HK_ENOTFOUND ? 0 : store__sqlerr(st, "reading a listing", err);
    }
    if (!rc) {
        int64_t now = store__now();
        if (!import || !l->created_at)
            l->created_at = now;
        if (!import || !l->updated_at)
            l->updated_at = l->created_at;
        if (!import || !l->version)
            l->version = 1;
        if (!import)
            l->published_at = l->status == STATUS_PUBLISHED ? now : 0;
        sqlite3_stmt *s = store__stmt(st, SQ_LST_INSERT,
                                      "INSERT INTO listings(" LST_COLS ") VALUES "
                                      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            if (import)
                sqlite3_bind_int64(s, 1, l->id);
            else
                sqlite3_bind_null(s, 1);
            sqlite3_bind_int64(s, 2, l->org_id);
            sqlite3_bind_text(s, 3, model_enum_name(ENUM_DIRECTION, (int)l->direction), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, model_enum_name(ENUM_KIND, (int)l->kind), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 5, model_enum_name(ENUM_STATUS, (int)l->status), -1, SQLITE_STATIC);
            store__bind_text(s, 6, l->deadline);
            store__bind_text(s, 7, l->expires);
            sqlite3_bind_int64(s, 8, l->created_at);
            sqlite3_bind_int64(s, 9, l->updated_at);
            sqlite3_bind_int64(s, 10, l->published_at);
            sqlite3_bind_int64(s, 11, l->version);
            rc = store__run(st, s, "saving a listing", err);
        }
        if (!rc) {
            l->id = sqlite3_last_insert_rowid(st->db);
            rc = insert_children(st, l, err);
        }
        if (!rc) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"version\":%lld,\"status\":\"%s\"}", (long long)l->version,
                     model_enum_name(ENUM_STATUS, (int)l->status));
            rc = store__audit(st, actor_id, import ? "import" : "create", "listing", l->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", l->id, "create", l->updated_at, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        l->id = saved.id;
        l->created_at = saved.created_at;
        l->updated_at = saved.updated_at;
        l->published_at = saved.published_at;
        l->version = saved.version;
    }
    return rc;
}

int store_listing_update(hk_store *st, listing *l, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    if (l->id <= 0)
        return hk_err_set(err, HK_EINVAL, "id", "id is required to update a listing");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    lst_state old;
    int64_t now = store__now();
    listing u = *l; /* what is written: the caller's content, the stored status */
    rc = read_state(st, l->id, &old, err);
    if (!rc && expected_version && expected_version != old.version)
        rc = hk_err_set(err, HK_ECONFLICT, "version",
                        "listing %lld was changed by someone else (version %lld, you edited %lld); reload it",
                        (long long)l->id, (long long)old.version, (long long)expected_version);
    if (!rc) {
        u.status = old.status;
        rc = listing_validate(&u, err);
    }
    if (!rc && l->org_id != old.org_id)
        rc = hk_err_set(err, HK_EINVAL, "org_id", "a listing cannot move to another organisation");
    if (!rc && old.status == STATUS_PUBLISHED)
        rc = expiry_not_past(st, l->expires, err);
    if (!rc)
        rc = check_refs(st, l, err);
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_LST_UPDATE,
                                      "UPDATE listings SET direction = ?2, kind = ?3, deadline = ?4, expires = ?5, "
                                      "updated_at = ?6, version = ?7 WHERE id = ?1",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, l->id);
            sqlite3_bind_text(s, 2, model_enum_name(ENUM_DIRECTION, (int)l->direction), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, model_enum_name(ENUM_KIND, (int)l->kind), -1, SQLITE_STATIC);
            store__bind_text(s, 4, l->deadline);
            store__bind_text(s, 5, l->expires);
            sqlite3_bind_int64(s, 6, now);
            sqlite3_bind_int64(s, 7, old.version + 1);
            rc = store__run(st, s, "updating a listing", err);
        }
        if (!rc && !(rc = delete_children(st, l->id, err)))
            rc = insert_children(st, l, err);
        if (!rc) {
            char detail[64];
            snprintf(detail, sizeof detail, "{\"version\":%lld}", (long long)(old.version + 1));
            rc = store__audit(st, actor_id, "update", "listing", l->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", l->id, "update", now, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        l->status = old.status;
        l->version = old.version + 1;
        l->updated_at = now;
        l->created_at = old.created_at;
        l->published_at = old.published_at;
    }
    return rc;
}

/* The action name of a transition, or NULL when it is not allowed. */
static const char *transition(listing_status from, listing_status to, bool new_expiry)
{
    if (to == STATUS_PUBLISHED) {
        if (from == STATUS_DRAFT)
            return "publish";
        return new_expiry ? "renew" : NULL;
    }
    if (from != STATUS_PUBLISHED)
        return NULL;
    if (to == STATUS_CLOSED)
        return "close";
    if (to == STATUS_EXPIRED)
        return "expire";
    return NULL;
}

int store_listing_set_status(hk_store *st, int64_t id, listing_status status, const char *new_expires,
                             int64_t actor_id, hk_err *err)
{
    if (!model_enum_name(ENUM_STATUS, (int)status))
        return hk_err_set(err, HK_EINVAL, "status", "status has an unknown value (%d)", (int)status);
    bool has_expiry = new_expires && *new_expires;
    if (has_expiry && !model_is_date(new_expires))
        return hk_err_set(err, HK_EINVAL, "expires", "expires must be a real date written YYYY-MM-DD");
    if (has_expiry && status != STATUS_PUBLISHED)
        return hk_err_set(err, HK_EINVAL, "expires", "a new expiry date is only given when publishing or renewing");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    lst_state old;
    int64_t now = store__now();
    const char *action = NULL;
    char expires[11];
    rc = read_state(st, id, &old, err);
    if (!rc) {
        action = transition(old.status, status, has_expiry);
        if (!action)
            rc = hk_err_set(err, HK_EINVAL, "status",
                            "a %s listing cannot become %s%s", model_enum_name(ENUM_STATUS, (int)old.status),
                            model_enum_name(ENUM_STATUS, (int)status),
                            status == STATUS_PUBLISHED ? " without a new expiry date (renew)" : "");
    }
    if (!rc) {
        snprintf(expires, sizeof expires, "%s", has_expiry ? new_expires : old.expires);
        if (status == STATUS_PUBLISHED)
            rc = expiry_not_past(st, expires, err);
    }
    if (!rc) {
        int64_t published_at = status == STATUS_PUBLISHED ? now : old.published_at;
        sqlite3_stmt *s = store__stmt(st, SQ_LST_SET_STATUS,
                                      "UPDATE listings SET status = ?2, expires = ?3, published_at = ?4, "
                                      "updated_at = ?5, version = ?6 WHERE id = ?1",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_text(s, 2, model_enum_name(ENUM_STATUS, (int)status), -1, SQLITE_STATIC);
            store__bind_text(s, 3, expires);
            sqlite3_bind_int64(s, 4, published_at);
            sqlite3_bind_int64(s, 5, now);
            sqlite3_bind_int64(s, 6, old.version + 1);
            rc = store__run(st, s, "changing a listing's status", err);
        }
        if (!rc) {
            char detail[160];
            snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"expires\":\"%s\",\"version\":%lld}",
                     model_enum_name(ENUM_STATUS, (int)old.status), model_enum_name(ENUM_STATUS, (int)status),
                     expires, (long long)(old.version + 1));
            rc = store__audit(st, actor_id, action, "listing", id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", id, "status", now, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- reading ---- */

typedef struct lst_curs {
    store_cur texts, codes, qtys, targets;
} lst_curs;

static int read_main(sqlite3_stmt *s, listing *l)
{
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(s, 0);
    l->org_id = sqlite3_column_int64(s, 1);
    int d = model_enum_parse(ENUM_DIRECTION, (const char *)sqlite3_column_text(s, 2));
    int k = model_enum_parse(ENUM_KIND, (const char *)sqlite3_column_text(s, 3));
    int t = model_enum_parse(ENUM_STATUS, (const char *)sqlite3_column_text(s, 4));
    l->direction = d < 0 ? DIR_OFFER : (listing_direction)d;
    l->kind = k < 0 ? KIND_SUPPLY : (listing_kind)k;
    l->status = t < 0 ? STATUS_DRAFT : (listing_status)t;
    store__col_fixed(s, 5, l->deadline, sizeof l->deadline);
    store__col_fixed(s, 6, l->expires, sizeof l->expires);
    l->created_at = sqlite3_column_int64(s, 7);
    l->updated_at = sqlite3_column_int64(s, 8);
    l->published_at = sqlite3_column_int64(s, 9);
    l->version = sqlite3_column_int64(s, 10);
    return 0;
}

static int read_children(lst_curs *c, listing *l)
{
    while (store__cur_at(&c->texts, l->id)) {
        listing_text *p = store__grow(l->texts, l->n_texts, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        l->texts = p;
        listing_text *t = &l->texts[l->n_texts++];
        int o = model_enum_parse(ENUM_ORIGIN, (const char *)sqlite3_column_text(c->texts.s, 2));
        t->origin = o < 0 ? ORIGIN_MACHINE : (text_origin)o;
        if (store__col_dup(c->texts.s, 1, &t->lang) || store__col_dup(c->texts.s, 3, &t->title) ||
            store__col_dup(c->texts.s, 4, &t->description))
            return HK_ENOMEM;
        c->texts.r = sqlite3_step(c->texts.s);
    }
    if (store__read_codes(&c->codes, l->id, &l->hs, &l->n_hs, &l->isic, &l->n_isic))
        return HK_ENOMEM;
    while (store__cur_at(&c->qtys, l->id)) {
        quantity *p = store__grow(l->quantities, l->n_quantities, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        l->quantities = p;
        quantity *q = &l->quantities[l->n_quantities++];
        int k = model_enum_parse(ENUM_QUANTITY, (const char *)sqlite3_column_text(c->qtys.s, 1));
        q->kind = k < 0 ? QTY_QUANTITY : (quantity_kind)k;
        q->amount = sqlite3_column_double(c->qtys.s, 2);
        if (store__col_dup(c->qtys.s, 3, &q->unit) || store__col_dup(c->qtys.s, 4, &q->period))
            return HK_ENOMEM;
        c->qtys.r = sqlite3_step(c->qtys.s);
    }
    while (store__cur_at(&c->targets, l->id)) {
        char(*p)[3] = store__grow(l->targets, l->n_targets, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        l->targets = p;
        store__col_fixed(c->targets.s, 1, l->targets[l->n_targets++], 3);
        c->targets.r = sqlite3_step(c->targets.s);
    }
    return 0;
}

#define TEXT_SQL "SELECT listing_id, lang, origin, title, description FROM listing_texts"
#define CODE_SQL "SELECT listing_id, scheme, code FROM listing_codes"
#define QTY_SQL "SELECT listing_id, kind, amount, unit, period FROM listing_quantities"
#define TARGET_SQL "SELECT listing_id, country FROM listing_targets"

static int curs_status(hk_store *st, lst_curs *c, hk_err *err)
{
    int rc;
    if ((rc = store__cur_status(st, &c->texts, err)) || (rc = store__cur_status(st, &c->codes, err)) ||
        (rc = store__cur_status(st, &c->qtys, err)) || (rc = store__cur_status(st, &c->targets, err)))
        return rc;
    return 0;
}

int store_listing_get(hk_store *st, int64_t id, listing *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store__stmt(st, SQ_LST_GET, "SELECT " LST_COLS " FROM listings WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "listing %lld does not exist", (long long)id);
    else if (r != SQLITE_ROW)
        rc = store__sqlerr(st, "reading a listing", err);
    else
        read_main(s, out);
    sqlite3_reset(s);
    if (rc)
        return rc;
    static const struct {
        store_sq slot;
        const char *sql;
    } q[4] = {
        {SQ_LST_TEXT_GET, TEXT_SQL " WHERE listing_id = ?1 ORDER BY pos"},
        {SQ_LST_CODE_GET, CODE_SQL " WHERE listing_id = ?1 ORDER BY scheme, pos"},
        {SQ_LST_QTY_GET, QTY_SQL " WHERE listing_id = ?1 ORDER BY pos"},
        {SQ_LST_TARGET_GET, TARGET_SQL " WHERE listing_id = ?1 ORDER BY pos"},
    };
    lst_curs c;
    store_cur *cs[4] = {&c.texts, &c.codes, &c.qtys, &c.targets};
    for (int i = 0; i < 4; i++) {
        cs[i]->s = store__stmt(st, q[i].slot, q[i].sql, err);
        if (!cs[i]->s) {
            for (int k = 0; k < i; k++)
                sqlite3_reset(cs[k]->s);
            listing_free(out);
            return store__stmt_failed(err);
        }
        sqlite3_bind_int64(cs[i]->s, 1, id);
        cs[i]->r = sqlite3_step(cs[i]->s);
    }
    rc = read_children(&c, out) ? hk_err_set(err, HK_ENOMEM, "", "out of memory") : curs_status(st, &c, err);
    for (int i = 0; i < 4; i++)
        sqlite3_reset(cs[i]->s);
    if (rc)
        listing_free(out);
    return rc;
}

int store_listing_each(hk_store *st, int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err)
{
    return store_listing_each_range(st, INT64_MIN, INT64_MAX, fn, ctx, err);
}

int store_listing_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err)
{
    return store__id_range(st, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM listings", first, last,
                           err);
}

int store_listing_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                             int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err)
{
    /* A merge join over the listings and their four child tables in id
     * order: one sequential pass each, which is what building the search
     * index from a million listings at start-up needs. A range lets
     * several threads read disjoint parts side by side. */
    static const char *const sql[5] = {
        "SELECT " LST_COLS " FROM listings WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        TEXT_SQL " WHERE listing_id BETWEEN ?1 AND ?2 ORDER BY listing_id, pos",
        CODE_SQL " WHERE listing_id BETWEEN ?1 AND ?2 ORDER BY listing_id, scheme, pos",
        QTY_SQL " WHERE listing_id BETWEEN ?1 AND ?2 ORDER BY listing_id, pos",
        TARGET_SQL " WHERE listing_id BETWEEN ?1 AND ?2 ORDER BY listing_id, pos",
    };
    store_cur main = {0};
    lst_curs c;
    memset(&c, 0, sizeof c);
    store_cur *cs[5] = {&main, &c.texts, &c.codes, &c.qtys, &c.targets};
    int rc = 0;
    bool own_read = !st->in_tx && sqlite3_get_autocommit(st->db);
    if (own_read && (rc = store__exec(st, "BEGIN", err)))
        return rc;
    for (int i = 0; i < 5 && !rc; i++) {
        if (sqlite3_prepare_v2(st->db, sql[i], -1, &cs[i]->s, NULL) != SQLITE_OK) {
            rc = store__sqlerr(st, "listing listings", err);
        } else {
            sqlite3_bind_int64(cs[i]->s, 1, first_id);
            sqlite3_bind_int64(cs[i]->s, 2, last_id);
            cs[i]->r = sqlite3_step(cs[i]->s);
        }
    }
    while (!rc && main.r == SQLITE_ROW) {
        listing l;
        read_main(main.s, &l);
        if (read_children(&c, &l)) {
            listing_free(&l);
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        if ((rc = curs_status(st, &c, err))) {
            listing_free(&l);
            break;
        }
        int stop = fn(&l, ctx);
        listing_free(&l);
        if (stop)
            break;
        main.r = sqlite3_step(main.s);
    }
    if (!rc)
        rc = store__cur_status(st, &main, err);
    for (int i = 0; i < 5; i++)
        sqlite3_finalize(cs[i]->s);
    if (own_read)
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}
