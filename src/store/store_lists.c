/*
 * store_lists.c - the pages the HTTP API lists: the organisation
 * directory with its filters, an organisation's listings and members, the
 * interests an organisation received or sent, and the duplicate flags the
 * secretariat reviews; plus the two writes that belong with them
 * (creating an organisation together with its first admin, flagging a
 * duplicate).
 *
 * Lists page by keyset (after_id / before_id), never by offset, so a page
 * costs the same wherever it starts and a record written meanwhile is
 * neither skipped nor shown twice. Each list first selects the ids of one
 * page and then reads each record with its own reader (store_org_get,
 * store_listing_get, store_interest_get), inside one read transaction so
 * the page is one snapshot; the column lists live in one place only.
 *
 * The SQL of a list is assembled from fixed fragments according to which
 * filters are set (so that SQLite can use the index of the filter that
 * is), and every value, the user's text included, is a bound parameter.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(hk_err *err)
{
    return hk_err_set(err, HK_ENOMEM, "", "out of memory");
}

static int check_limit(size_t limit, hk_err *err)
{
    if (limit < 1 || limit > STORE_PAGE_MAX)
        return hk_err_set(err, HK_EINVAL, "limit", "limit: between 1 and %d", STORE_PAGE_MAX);
    return 0;
}

/* Opens a read transaction unless one (read or write) is open; the page
 * read between read_begin and read_end is then one snapshot. */
static int read_begin(hk_store *st, bool *own, hk_err *err)
{
    *own = !st->in_tx && sqlite3_get_autocommit(st->db);
    return *own ? store__exec(st, "BEGIN", err) : 0;
}

static void read_end(hk_store *st, bool own)
{
    if (own)
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

/* How a page reads its records: each by its own reader, into an array
 * of elements of size bytes, freed (the first n) by free_page. */
typedef struct page_reader {
    size_t size;
    int (*get)(hk_store *st, int64_t id, void *out, hk_err *err);
    void (*free_page)(void *v, size_t n);
} page_reader;

/* Reads one page: steps s (prepared and bound by the caller, finalized
 * here) for the ids of at most limit records, then reads each with pr,
 * all in one read transaction so that the page is one snapshot. On
 * failure nothing is left allocated and *out is NULL. */
static int read_page(hk_store *st, sqlite3_stmt *s, size_t limit, const char *what, const page_reader *pr,
                     void **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    bool own;
    int rc = read_begin(st, &own, err);
    if (rc) {
        sqlite3_finalize(s);
        return rc;
    }
    int64_t *ids = malloc(limit * sizeof *ids);
    size_t n_ids = 0;
    if (!ids) {
        rc = oom(err);
    } else {
        int r = SQLITE_DONE;
        while (n_ids < limit && (r = sqlite3_step(s)) == SQLITE_ROW)
            ids[n_ids++] = sqlite3_column_int64(s, 0);
        if (n_ids < limit && r != SQLITE_DONE)
            rc = store__sqlerr(st, what, err);
    }
    sqlite3_finalize(s);
    char *v = NULL;
    size_t k = 0;
    if (!rc && n_ids && !(v = calloc(n_ids, pr->size)))
        rc = oom(err);
    for (; !rc && k < n_ids; k++)
        if ((rc = pr->get(st, ids[k], v + k * pr->size, err)))
            break;
    read_end(st, own);
    free(ids);
    if (rc) {
        pr->free_page(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- the organisation directory ---- */

void store_orgs_free(organisation *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        organisation_free(&v[i]);
    free(v);
}

static int page_get_org(hk_store *st, int64_t id, void *out, hk_err *err) { return store_org_get(st, id, out, err); }
static void page_free_orgs(void *v, size_t n) { store_orgs_free(v, n); }
static const page_reader org_page = {sizeof(organisation), page_get_org, page_free_orgs};

/* "%<text>%" with the LIKE metacharacters of text escaped by '\', so the
 * user's text matches only itself; from malloc(). */
static char *like_contains(const char *text)
{
    size_t len = strlen(text);
    char *p = malloc(2 * len + 3), *o = p;
    if (!p)
        return NULL;
    *o++ = '%';
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

static int org_query_validate(const store_org_query *q, hk_err *err)
{
    int rc = check_limit(q->limit, err);
    if (rc)
        return rc;
    if (q->after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: an organisation id, or 0 for the first page");
    if (q->country && *q->country && !model_is_iso2(q->country))
        return hk_err_set(err, HK_EINVAL, "country", "country: two upper-case letters (ISO 3166-1 alpha-2)");
    if (q->tier != -1 && !model_enum_name(ENUM_TIER, q->tier))
        return hk_err_set(err, HK_EINVAL, "tier", "tier: self_declared, registry_checked or coordinator_endorsed");
    if (q->type != -1 && !model_enum_name(ENUM_ORG_TYPE, q->type))
        return hk_err_set(err, HK_EINVAL, "type", "type: not an organisation type");
    if (q->name && *q->name)
        return model_check_text("name", q->name, MODEL_MAX_NAME, false, err);
    return 0;
}

int store_org_list(hk_store *st, const store_org_query *q, organisation **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = org_query_validate(q, err);
    if (rc)
        return rc;
    bool by_country = q->country && *q->country, by_name = q->name && *q->name;
    char *pattern = by_name ? like_contains(q->name) : NULL;
    if (by_name && !pattern)
        return oom(err);
    /* Fixed fragments only; lower() is the connection's Unicode-aware one
     * (store_fold.c), so "завод" finds "Завод" as in PostgreSQL. */
    char sql[640];
    snprintf(sql, sizeof sql, "SELECT o.id FROM organisations o WHERE o.id > ?1%s%s%s%s ORDER BY o.id LIMIT ?6",
             by_country ? " AND o.country = ?2" : "", q->tier != -1 ? " AND o.tier = ?3" : "",
             q->type != -1 ? " AND o.type = ?4" : "",
             by_name ? " AND EXISTS (SELECT 1 FROM org_names n WHERE n.org_id = o.id"
                       " AND lower(n.text) LIKE lower(?5) ESCAPE '\\')"
                     : "");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        free(pattern);
        return store__sqlerr(st, "listing organisations", err);
    }
    sqlite3_bind_int64(s, 1, q->after_id);
    if (by_country)
        sqlite3_bind_text(s, 2, q->country, -1, SQLITE_STATIC);
    if (q->tier != -1)
        sqlite3_bind_text(s, 3, model_enum_name(ENUM_TIER, q->tier), -1, SQLITE_STATIC);
    if (q->type != -1)
        sqlite3_bind_text(s, 4, model_enum_name(ENUM_ORG_TYPE, q->type), -1, SQLITE_STATIC);
    if (by_name)
        sqlite3_bind_text(s, 5, pattern, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)q->limit);
    void *v;
    rc = read_page(st, s, q->limit, "listing organisations", &org_page, &v, n, err);
    *out = v;
    free(pattern);
    return rc;
}

int store_org_create_with_admin(hk_store *st, organisation *o, int64_t user_id, hk_err *err)
{
    organisation saved = *o; /* the store-assigned fields, restored on failure */
    o->tier = TIER_SELF_DECLARED; /* a new organisation vouches for nothing yet */
    o->id = 0;                    /* the store assigns it; an id is only kept by import */
    /* Inside an outer transaction the writes join it; otherwise this call
     * owns one, so the organisation never exists without its admin. */
    bool own = !st->in_tx;
    int rc = own ? store_begin(st, err) : 0;
    if (rc) {
        o->id = saved.id;
        return rc;
    }
    /* Every check that can refuse runs before the first write, so a
     * refusal inside an outer transaction leaves it usable. */
    if (user_id <= 0)
        rc = hk_err_set(err, HK_EINVAL, "user_id", "user_id: the organisation's first admin is a user");
    else
        rc = store__user_exists(st, user_id, "user_id", err);
    if (!rc)
        rc = store_org_create(st, o, user_id, err);
    if (!rc) {
        membership m = {.user_id = user_id, .org_id = o->id, .is_admin = true};
        if ((rc = store_membership_put(st, &m, user_id, err)) && !own)
            st->tx_failed = true; /* the organisation was written without its admin */
    }
    if (own) {
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, err);
    }
    if (rc) {
        o->id = saved.id;
        o->created_at = saved.created_at;
        o->updated_at = saved.updated_at;
        o->version = saved.version;
    }
    return rc;
}

/* ---- an organisation's listings and members ---- */

void store_listings_free(listing *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        listing_free(&v[i]);
    free(v);
}

static int page_get_listing(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_listing_get(st, id, out, err);
}
static void page_free_listings(void *v, size_t n) { store_listings_free(v, n); }
static const page_reader listing_page = {sizeof(listing), page_get_listing, page_free_listings};

int store_listings_of_org(hk_store *st, int64_t org_id, bool include_drafts, int64_t after_id, size_t limit,
                          listing **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: a listing id, or 0 for the first page");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           include_drafts
                               ? "SELECT id FROM listings WHERE org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
                               : "SELECT id FROM listings WHERE org_id = ?1 AND id > ?2 AND status <> 'draft' "
                                 "ORDER BY id LIMIT ?3",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "listing an organisation's listings", err);
    sqlite3_bind_int64(s, 1, org_id);
    sqlite3_bind_int64(s, 2, after_id);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    void *v;
    rc = read_page(st, s, limit, "listing an organisation's listings", &listing_page, &v, n, err);
    *out = v;
    return rc;
}

void store_members_free(store_member *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].email);
        free(v[i].display_name);
    }
    free(v);
}

int store_members_of_org(hk_store *st, int64_t org_id, store_member **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT m.user_id, u.email, u.display_name, m.is_admin FROM memberships m "
                           "JOIN users u ON u.id = m.user_id WHERE m.org_id = ?1 ORDER BY m.user_id",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading members", err);
    sqlite3_bind_int64(s, 1, org_id);
    size_t cap = 0;
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            store_member *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = oom(err);
                break;
            }
            *out = p;
        }
        store_member *m = &(*out)[*n];
        memset(m, 0, sizeof *m);
        (*n)++; /* counted before filling, so a half-filled entry is freed too */
        m->user_id = sqlite3_column_int64(s, 0);
        m->is_admin = sqlite3_column_int(s, 3) != 0;
        if (store__col_dup(s, 1, &m->email) || store__col_dup(s, 2, &m->display_name)) {
            rc = oom(err);
            break;
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading members", err);
    sqlite3_finalize(s);
    if (rc) {
        store_members_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- interests received and sent ---- */

void store_interests_free(interest *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        interest_free(&v[i]);
    free(v);
}

static int page_get_interest(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_interest_get(st, id, out, err);
}
static void page_free_interests(void *v, size_t n) { store_interests_free(v, n); }
static const page_reader interest_page = {sizeof(interest), page_get_interest, page_free_interests};

int store_interests_of_orgs(hk_store *st, const int64_t *org_ids, size_t n_orgs, store_box box, int64_t before_id,
                            size_t limit, interest **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (before_id < 0)
        return hk_err_set(err, HK_EINVAL, "before_id", "before_id: an interest id, or 0 for the newest");
    if (box != STORE_BOX_RECEIVED && box != STORE_BOX_SENT)
        return hk_err_set(err, HK_EINVAL, "box", "box: received or sent");
    /* The organisations of one user: a handful; the bound is the model's
     * list bound, which also keeps the statement small. */
    if (n_orgs > MODEL_MAX_LIST)
        return hk_err_set(err, HK_EINVAL, "org_ids", "org_ids: at most %d organisations", MODEL_MAX_LIST);
    if (n_orgs == 0)
        return 0; /* a user of no organisation has no interests */
    /* "?3, ?4, ..." for the organisations: the shape depends on their
     * count only; the ids are bound. */
    char in[MODEL_MAX_LIST * 6 + 1];
    size_t used = 0;
    for (size_t i = 0; i < n_orgs; i++)
        used += (size_t)snprintf(in + used, sizeof in - used, "%s?%zu", i ? "," : "", i + 3);
    char sql[MODEL_MAX_LIST * 6 + 256];
    if (box == STORE_BOX_RECEIVED)
        snprintf(sql, sizeof sql,
                 "SELECT i.id FROM interests i JOIN listings l ON l.id = i.listing_id "
                 "WHERE l.org_id IN (%s) AND i.id < ?1 ORDER BY i.id DESC LIMIT ?2",
                 in);
    else
        snprintf(sql, sizeof sql,
                 "SELECT id FROM interests WHERE from_org_id IN (%s) AND id < ?1 ORDER BY id DESC LIMIT ?2", in);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "listing expressions of interest", err);
    sqlite3_bind_int64(s, 1, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
    for (size_t i = 0; i < n_orgs; i++)
        sqlite3_bind_int64(s, (int)i + 3, org_ids[i]);
    void *v;
    rc = read_page(st, s, limit, "listing expressions of interest", &interest_page, &v, n, err);
    *out = v;
    return rc;
}

/* ---- duplicate flags ---- */

void store_dup_flag_free(store_dup_flag *f)
{
    if (!f)
        return;
    free(f->note);
    f->note = NULL;
}

void store_dup_flags_free(store_dup_flag *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_dup_flag_free(&v[i]);
    free(v);
}

static int dup_flag_validate(const store_dup_flag *f, hk_err *err)
{
    if (f->org_id <= 0)
        return hk_err_set(err, HK_EINVAL, "org_id", "org_id: the organisation reported");
    if (f->duplicate_of <= 0)
        return hk_err_set(err, HK_EINVAL, "duplicate_of", "duplicate_of: the organisation it duplicates");
    if (f->duplicate_of == f->org_id)
        return hk_err_set(err, HK_EINVAL, "duplicate_of", "duplicate_of: an organisation does not duplicate itself");
    if (f->flagged_by <= 0)
        return hk_err_set(err, HK_EINVAL, "flagged_by", "flagged_by: the user who reports it");
    return model_check_text("note", f->note, STORE_FLAG_NOTE_MAX, false, err);
}

int store_dup_flag_create(hk_store *st, store_dup_flag *f, hk_err *err)
{
    int rc = dup_flag_validate(f, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    /* The reported organisation is usually named by the URL (and checked
     * there); the other one is what the user typed, hence the field. */
    if (!(rc = store__org_exists(st, f->org_id, "org_id", err)) &&
        !(rc = store__org_exists(st, f->duplicate_of, "duplicate_of", err)))
        rc = store__user_exists(st, f->flagged_by, "flagged_by", err);
    sqlite3_stmt *s = NULL;
    if (!rc && sqlite3_prepare_v2(st->db,
                                  "INSERT INTO duplicate_flags(org_id, duplicate_of, flagged_by, note, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                  -1, &s, NULL) != SQLITE_OK)
        rc = store__sqlerr(st, "saving a duplicate flag", err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        sqlite3_bind_int64(s, 1, f->org_id);
        sqlite3_bind_int64(s, 2, f->duplicate_of);
        sqlite3_bind_int64(s, 3, f->flagged_by);
        sqlite3_bind_text(s, 4, f->note ? f->note : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, now);
        wrote = true;
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "saving a duplicate flag", err);
        if (rc == HK_ECONFLICT) {
            wrote = false; /* nothing was written: the outer transaction stays usable */
            rc = hk_err_set(err, HK_ECONFLICT, "duplicate_of",
                            "you already reported organisation %lld as a duplicate of %lld", (long long)f->org_id,
                            (long long)f->duplicate_of);
        }
        id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    }
    sqlite3_finalize(s);
    if (!rc) {
        /* Under the organisation reported, so that its history shows it. */
        char detail[96];
        snprintf(detail, sizeof detail, "{\"flag_id\":%lld,\"duplicate_of\":%lld}", (long long)id,
                 (long long)f->duplicate_of);
        rc = store__audit(st, f->flagged_by, "flag_duplicate", "organisation", f->org_id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        f->id = id;
        f->created_at = now;
    }
    return rc;
}

int store_dup_flags_list(hk_store *st, int64_t after_id, size_t limit, store_dup_flag **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: a flag id, or 0 for the first page");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, org_id, duplicate_of, flagged_by, note, created_at FROM duplicate_flags "
                           "WHERE id > ?1 ORDER BY id LIMIT ?2",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "listing duplicate flags", err);
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
    store_dup_flag *v = calloc(limit, sizeof *v);
    if (!v) {
        sqlite3_finalize(s);
        return oom(err);
    }
    size_t k = 0;
    int r = SQLITE_DONE;
    while (k < limit && (r = sqlite3_step(s)) == SQLITE_ROW) {
        store_dup_flag *f = &v[k++];
        f->id = sqlite3_column_int64(s, 0);
        f->org_id = sqlite3_column_int64(s, 1);
        f->duplicate_of = sqlite3_column_int64(s, 2);
        f->flagged_by = sqlite3_column_int64(s, 3);
        f->created_at = sqlite3_column_int64(s, 5);
        if (store__col_dup(s, 4, &f->note)) {
            rc = oom(err);
            break;
        }
    }
    if (!rc && k < limit && r != SQLITE_DONE)
        rc = store__sqlerr(st, "listing duplicate flags", err);
    sqlite3_finalize(s);
    if (rc) {
        store_dup_flags_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}
