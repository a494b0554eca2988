/*
 * store_saved.c - saved searches and notifications (BRIEF 4.3 "saved
 * searches that alert on new matches", 4.4 "the owners of matching
 * listings and saved searches are notified"). The store keeps them and
 * guarantees "never twice" with a UNIQUE constraint (migration 2 in
 * store_migrate.c); deciding who is notified about what is
 * src/match/match_alerts.c's job, and it only talks to this file through
 * store.h. The inbox kinds (an interest received or decided, a message;
 * migration 3) are raised by store_interest.c in the transaction of the
 * write they report, through store__notify_members below.
 *
 * The statements here are prepared per call rather than kept in the
 * store__stmt cache: that cache is an enum in store_int.h shared by every
 * file of the store, and these calls are rare next to listing writes (a
 * saved search is created by hand; notifications are written in one batch
 * per listing write). Moving them into the cache is a one-line change per
 * statement when a profile asks for it.
 *
 * Filters are kept as JSON text, checked and rewritten to one canonical
 * form (compact, keys sorted) on the way in, so that what is stored is
 * always what idx_query can take back (see match_alerts.c).
 */
#include "store/store_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"
#include "index/index.h"

#define SS_COLS "id, user_id, name, query, lang, filters, created_at"
#define NT_COLS                                                                                                  \
    "id, user_id, kind, saved_search_id, listing_id, matched_listing_id, payload, created_at, read_at, interest_id, " \
    "message_id"

static const char *const kind_names[NOTIFY__COUNT] = {"saved_search", "listing_match", "interest_received",
                                                      "interest_decided", "message"};

const char *store_notify_kind_name(store_notify_kind k)
{
    return (unsigned)k < NOTIFY__COUNT ? kind_names[k] : NULL;
}

static int notify_kind_parse(const char *name)
{
    for (int k = 0; k < NOTIFY__COUNT; k++)
        if (name && strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

static int prep(hk_store *st, const char *sql, sqlite3_stmt **s, const char *what, hk_err *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK) {
        *s = NULL;
        return store__sqlerr(st, what, err);
    }
    return 0;
}

static int oom(hk_err *err)
{
    return hk_err_set(err, HK_ENOMEM, "", "out of memory");
}

/* 0 when the row exists; HK_EINVAL naming field when it does not. */
static int row_exists(hk_store *st, const char *sql, int64_t id, const char *field, const char *what, hk_err *err)
{
    sqlite3_stmt *s;
    int rc = prep(st, sql, &s, "looking up a reference", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = 0;
    else if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_EINVAL, field, "%s: %s %lld does not exist", field, what, (long long)id);
    else
        rc = store__sqlerr(st, "looking up a reference", err);
    sqlite3_finalize(s);
    return rc;
}

/* ---- saved searches ---- */

void store_saved_search_free(store_saved_search *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->query);
    free(s->lang);
    free(s->filters);
    memset(s, 0, sizeof *s);
}

void store_saved_searches_free(store_saved_search *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_saved_search_free(&v[i]);
    free(v);
}

static int check_filter_value(const char *key, size_t i, json_t *v, hk_err *err)
{
    char field[64];
    if (i == (size_t)-1)
        snprintf(field, sizeof field, "filters.%s", key);
    else
        snprintf(field, sizeof field, "filters.%s[%zu]", key, i);
    if (!json_is_string(v))
        return hk_err_set(err, HK_EINVAL, field, "%s: a filter value is a string", field);
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    if (len == 0 || len > STORE_FILTER_VALUE_MAX || !hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, field, "%s: a filter value is 1 to %d bytes of UTF-8", field,
                          STORE_FILTER_VALUE_MAX);
    return 0;
}

/* Checks filters (JSON text) and, when out is not NULL, returns it in
 * canonical form in *out (from malloc(); NULL for "no filters": NULL, ""
 * or {}). */
static int filters_canonical(const char *text, char **out, hk_err *err)
{
    if (out)
        *out = NULL;
    if (!text || !*text)
        return 0;
    if (strlen(text) > STORE_SAVED_FILTERS_MAX)
        return hk_err_set(err, HK_ETOOBIG, "filters", "filters: at most %d bytes of JSON", STORE_SAVED_FILTERS_MAX);
    json_error_t je;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return hk_err_set(err, HK_EINVAL, "filters", "filters: not valid JSON (%s at character %d)", je.text,
                          je.position);
    int rc = 0;
    if (!json_is_object(root)) {
        rc = hk_err_set(err, HK_EINVAL, "filters", "filters: a JSON object of facet names to values");
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (idx_facet_parse(key) < 0) {
            rc = hk_err_set(err, HK_EINVAL, "filters",
                            "filters: \"%.40s\" is not a facet (country, org_type, kind, direction, hs, isic, sme, "
                            "tier)",
                            key);
            goto done;
        }
        if (json_is_array(v)) {
            size_t n = json_array_size(v);
            if (n == 0 || n > IDX_MAX_FILTER_VALUES) {
                rc = hk_err_set(err, HK_EINVAL, "filters", "filters.%s: 1 to %d values", key, IDX_MAX_FILTER_VALUES);
                goto done;
            }
            for (size_t i = 0; i < n; i++)
                if ((rc = check_filter_value(key, i, json_array_get(v, i), err)))
                    goto done;
        } else if ((rc = check_filter_value(key, (size_t)-1, v, err))) {
            goto done;
        }
    }
    if (out && json_object_size(root) > 0) {
        *out = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
        if (!*out)
            rc = oom(err);
    }
done:
    json_decref(root);
    return rc;
}

int store_saved_search_validate(const store_saved_search *s, hk_err *err)
{
    int rc = model_check_text("name", s->name, STORE_SAVED_NAME_MAX, true, err);
    if (rc)
        return rc;
    const char *q = s->query ? s->query : "";
    if (strlen(q) > STORE_SAVED_QUERY_MAX)
        return hk_err_set(err, HK_ETOOBIG, "query", "query: at most %d bytes", STORE_SAVED_QUERY_MAX);
    if (!hk_utf8_valid(q, strlen(q)))
        return hk_err_set(err, HK_EINVAL, "query", "query: not valid UTF-8");
    if (s->lang && *s->lang && !model_is_bcp47(s->lang))
        return hk_err_set(err, HK_EINVAL, "lang", "lang: not a BCP 47 language tag");
    if (s->user_id <= 0)
        return hk_err_set(err, HK_EINVAL, "user_id", "user_id: a saved search belongs to a user");
    return filters_canonical(s->filters, NULL, err);
}

/* Fills out from the current row (SS_COLS). */
static int read_saved(sqlite3_stmt *s, store_saved_search *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, 0);
    out->user_id = sqlite3_column_int64(s, 1);
    out->created_at = sqlite3_column_int64(s, 6);
    if (store__col_dup(s, 2, &out->name) || store__col_dup(s, 3, &out->query) || store__col_dup(s, 4, &out->lang) ||
        store__col_dup(s, 5, &out->filters) || (!out->query && !(out->query = strdup("")))) {
        store_saved_search_free(out);
        return HK_ENOMEM;
    }
    return 0;
}

int store_saved_search_create(hk_store *st, store_saved_search *s, hk_err *err)
{
    int rc = store_saved_search_validate(s, err);
    char *filters = NULL;
    if (rc || (rc = filters_canonical(s->filters, &filters, err)))
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err))) {
        free(filters);
        return rc;
    }
    rc = row_exists(st, "SELECT 1 FROM users WHERE id = ?1", s->user_id, "user_id", "user", err);
    sqlite3_stmt *q = NULL;
    if (!rc && !(rc = prep(st, "SELECT count(*) FROM saved_searches WHERE user_id = ?1", &q, "counting saved searches",
                           err))) {
        sqlite3_bind_int64(q, 1, s->user_id);
        if (sqlite3_step(q) != SQLITE_ROW)
            rc = store__sqlerr(st, "counting saved searches", err);
        else if (sqlite3_column_int64(q, 0) >= STORE_SAVED_PER_USER)
            rc = hk_err_set(err, HK_ETOOBIG, "user_id",
                            "a user keeps at most %d saved searches; delete one before saving another",
                            STORE_SAVED_PER_USER);
        sqlite3_finalize(q);
    }
    int64_t now = store__now(), id = 0;
    if (!rc && !(rc = prep(st,
                           "INSERT INTO saved_searches(user_id, name, query, lang, filters, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &q, "saving a search", err))) {
        wrote = true;
        sqlite3_bind_int64(q, 1, s->user_id);
        sqlite3_bind_text(q, 2, s->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, s->query ? s->query : "", -1, SQLITE_STATIC);
        store__bind_text(q, 4, s->lang);
        store__bind_text(q, 5, filters);
        sqlite3_bind_int64(q, 6, now);
        rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store__sqlerr(st, "saving a search", err);
        sqlite3_finalize(q);
        id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    }
    if (!rc)
        rc = store__audit(st, s->user_id, "create", "saved_search", id, NULL, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        free(filters);
        return rc;
    }
    s->id = id;
    s->created_at = now;
    free(s->filters);
    s->filters = filters;
    return 0;
}

int store_saved_search_get(hk_store *st, int64_t id, store_saved_search *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    int rc = prep(st, "SELECT " SS_COLS " FROM saved_searches WHERE id = ?1", &s, "reading a saved search", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = read_saved(s, out) ? oom(err) : 0;
    else if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "saved search %lld does not exist", (long long)id);
    else
        rc = store__sqlerr(st, "reading a saved search", err);
    sqlite3_finalize(s);
    return rc;
}

int store_saved_search_delete(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    sqlite3_stmt *s;
    if (!(rc = prep(st, "DELETE FROM saved_searches WHERE id = ?1 AND user_id = ?2", &s, "deleting a saved search",
                    err))) {
        wrote = true;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, user_id);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "deleting a saved search", err);
        sqlite3_finalize(s);
        if (!rc && sqlite3_changes(st->db) == 0) {
            wrote = false; /* nothing was touched: the outer transaction stays usable */
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "saved search %lld does not exist", (long long)id);
        }
    }
    if (!rc)
        rc = store__audit(st, user_id, "delete", "saved_search", id, NULL, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_saved_searches_of_user(hk_store *st, int64_t user_id, store_saved_search **out, size_t *n,
                                 hk_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = prep(st, "SELECT " SS_COLS " FROM saved_searches WHERE user_id = ?1 ORDER BY id", &s,
                  "reading saved searches", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, user_id);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            store_saved_search *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = oom(err);
                break;
            }
            *out = p;
        }
        if (read_saved(s, &(*out)[*n])) {
            rc = oom(err);
            break;
        }
        (*n)++;
    }
    if (!rc && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading saved searches", err);
    sqlite3_finalize(s);
    if (rc) {
        store_saved_searches_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int store_saved_search_each(hk_store *st, int (*fn)(const store_saved_search *s, void *ctx), void *ctx,
                            hk_err *err)
{
    sqlite3_stmt *s;
    int rc = prep(st, "SELECT " SS_COLS " FROM saved_searches ORDER BY id", &s, "reading saved searches", err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        store_saved_search ss;
        if (read_saved(s, &ss)) {
            rc = oom(err);
            break;
        }
        int stop = fn(&ss, ctx);
        store_saved_search_free(&ss);
        if (stop)
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading saved searches", err);
    sqlite3_finalize(s);
    return rc;
}

/* ---- notifications ---- */

void store_notification_free(store_notification *n)
{
    if (!n)
        return;
    free(n->payload);
    n->payload = NULL;
}

void store_notifications_free(store_notification *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_notification_free(&v[i]);
    free(v);
}

/* True when nt names its user and listing and exactly the references
 * its kind needs (the same rule as the table's CHECK, told in words). */
static bool kind_refs_consistent(const store_notification *nt)
{
    if (nt->user_id <= 0 || nt->listing_id <= 0)
        return false;
    bool search = nt->saved_search_id > 0, match = nt->matched_listing_id > 0, eoi = nt->interest_id > 0,
         msg = nt->message_id > 0;
    if (nt->saved_search_id < 0 || nt->matched_listing_id < 0 || nt->interest_id < 0 || nt->message_id < 0)
        return false;
    switch (nt->kind) {
    case NOTIFY_SAVED_SEARCH: return search && !match && !eoi && !msg;
    case NOTIFY_LISTING_MATCH: return match && !search && !eoi && !msg;
    case NOTIFY_INTEREST_RECEIVED:
    case NOTIFY_INTEREST_DECIDED: return eoi && !search && !match && !msg;
    case NOTIFY_MESSAGE: return eoi && msg && !search && !match;
    default: return false;
    }
}

/* The id the UNIQUE (user_id, kind, about_id, listing_id) uses: what the
 * notification is about besides its listing. */
static int64_t about_id(const store_notification *nt)
{
    switch (nt->kind) {
    case NOTIFY_SAVED_SEARCH: return nt->saved_search_id;
    case NOTIFY_LISTING_MATCH: return nt->matched_listing_id;
    case NOTIFY_MESSAGE: return nt->message_id;
    default: return nt->interest_id;
    }
}

/* Binds id at i, or NULL when it is 0 (not given). */
static void bind_ref(sqlite3_stmt *s, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

/* The checks that need no database: kind and its reference, payload. */
static int notification_validate(const store_notification *nt, size_t i, hk_err *err)
{
    char field[48];
    if (store_notify_kind_name(nt->kind) == NULL) {
        snprintf(field, sizeof field, "[%zu].kind", i);
        return hk_err_set(err, HK_EINVAL, field,
                          "%s: saved_search, listing_match, interest_received, interest_decided or message", field);
    }
    if (!kind_refs_consistent(nt)) {
        snprintf(field, sizeof field, "[%zu]", i);
        return hk_err_set(err, HK_EINVAL, field,
                          "%s: a notification names its user and listing, and exactly what its kind is about: the "
                          "saved search (saved_search), the matched listing (listing_match), the interest "
                          "(interest_received, interest_decided) or the interest and message (message)",
                          field);
    }
    snprintf(field, sizeof field, "[%zu].payload", i);
    if (!nt->payload)
        return hk_err_set(err, HK_EINVAL, field, "%s: required", field);
    size_t len = strlen(nt->payload);
    if (len > STORE_PAYLOAD_MAX)
        return hk_err_set(err, HK_ETOOBIG, field, "%s: at most %d bytes", field, STORE_PAYLOAD_MAX);
    json_t *j = json_loadb(nt->payload, len, 0, NULL);
    bool ok = json_is_object(j);
    json_decref(j);
    if (!ok)
        return hk_err_set(err, HK_EINVAL, field, "%s: a JSON object", field);
    return 0;
}

/* The references a notification makes, checked before anything is
 * written so that a refused batch changes nothing. */
static int notification_refs(hk_store *st, const store_notification *nt, size_t i, hk_err *err)
{
    char field[48];
    snprintf(field, sizeof field, "[%zu].user_id", i);
    int rc = row_exists(st, "SELECT 1 FROM users WHERE id = ?1", nt->user_id, field, "user", err);
    if (rc)
        return rc;
    snprintf(field, sizeof field, "[%zu].listing_id", i);
    if ((rc = row_exists(st, "SELECT 1 FROM listings WHERE id = ?1", nt->listing_id, field, "listing", err)))
        return rc;
    if (nt->kind == NOTIFY_SAVED_SEARCH) {
        snprintf(field, sizeof field, "[%zu].saved_search_id", i);
        return row_exists(st, "SELECT 1 FROM saved_searches WHERE id = ?1", nt->saved_search_id, field,
                          "saved search", err);
    }
    if (nt->kind == NOTIFY_LISTING_MATCH) {
        snprintf(field, sizeof field, "[%zu].matched_listing_id", i);
        return row_exists(st, "SELECT 1 FROM listings WHERE id = ?1", nt->matched_listing_id, field, "listing", err);
    }
    if (nt->kind == NOTIFY_MESSAGE) {
        snprintf(field, sizeof field, "[%zu].message_id", i);
        if ((rc = row_exists(st, "SELECT 1 FROM messages WHERE id = ?1", nt->message_id, field, "message", err)))
            return rc;
    }
    snprintf(field, sizeof field, "[%zu].interest_id", i);
    return row_exists(st, "SELECT 1 FROM interests WHERE id = ?1", nt->interest_id, field, "expression of interest",
                      err);
}

/* Checks the references of v[0..n) and inserts them inside the caller's
 * transaction; *wrote says whether anything may have been written. The
 * ids of the new ones are set, and *made counts them. */
static int write_notifications(hk_store *st, store_notification *v, size_t n, size_t *made, bool *wrote,
                               hk_err *err)
{
    *made = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = notification_refs(st, &v[i], i, err);
    if (rc)
        return rc;
    /* "ON CONFLICT DO NOTHING" without a target: only the UNIQUE
     * (user_id, kind, about_id, listing_id) can conflict (the id is ours
     * to assign); CHECK and foreign-key failures still fail. A skipped row
     * is "already notified", and sqlite3_changes says which it was. */
    sqlite3_stmt *s = NULL;
    if ((rc = prep(st,
                   "INSERT INTO notifications(user_id, kind, saved_search_id, listing_id, matched_listing_id, "
                   "interest_id, message_id, about_id, payload, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                   &s, "saving a notification", err)))
        return rc;
    int64_t now = store__now();
    for (size_t i = 0; i < n && !rc; i++) {
        store_notification *nt = &v[i];
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_bind_int64(s, 1, nt->user_id);
        sqlite3_bind_text(s, 2, kind_names[nt->kind], -1, SQLITE_STATIC);
        bind_ref(s, 3, nt->saved_search_id);
        sqlite3_bind_int64(s, 4, nt->listing_id);
        bind_ref(s, 5, nt->matched_listing_id);
        bind_ref(s, 6, nt->interest_id);
        bind_ref(s, 7, nt->message_id);
        sqlite3_bind_int64(s, 8, about_id(nt));
        sqlite3_bind_text(s, 9, nt->payload, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 10, now);
        *wrote = true;
        if (sqlite3_step(s) != SQLITE_DONE) {
            rc = store__sqlerr(st, "saving a notification", err);
        } else if (sqlite3_changes(st->db) == 1) {
            nt->id = sqlite3_last_insert_rowid(st->db);
            nt->created_at = now;
            nt->read_at = 0;
            (*made)++;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

int store_notifications_add(hk_store *st, store_notification *v, size_t n, size_t *created, hk_err *err)
{
    if (created)
        *created = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].id = 0;
        if ((rc = notification_validate(&v[i], i, err)))
            return rc;
    }
    if (n == 0)
        return 0;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    size_t made = 0;
    rc = write_notifications(st, v, n, &made, &wrote, err);
    /* Notifications are not audited: they are derived from records that
     * are (listings, saved searches, interests, messages), carry their own
     * time, and one listing write can raise hundreds of them. */
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            v[i].id = 0;
        return rc;
    }
    if (created)
        *created = made;
    return 0;
}

int store_notification_add(hk_store *st, store_notification *nt, bool *created, hk_err *err)
{
    size_t made = 0;
    int rc = store_notifications_add(st, nt, 1, &made, err);
    if (created)
        *created = made == 1;
    return rc;
}

int store__notify_members(hk_store *st, int64_t org_id, int64_t skip_user, store_notify_kind kind,
                          int64_t listing_id, int64_t interest_id, int64_t message_id, const char *payload,
                          hk_err *err)
{
    int64_t *members;
    size_t n_members;
    int rc = store_org_member_ids(st, org_id, &members, &n_members, err);
    if (rc || n_members == 0) {
        free(members);
        return rc;
    }
    store_notification *v = calloc(n_members, sizeof *v);
    if (!v) {
        free(members);
        return oom(err);
    }
    size_t n = 0;
    for (size_t i = 0; i < n_members; i++) {
        if (members[i] == skip_user)
            continue;
        /* payload is borrowed: v is freed below without freeing it. */
        v[n++] = (store_notification){.user_id = members[i],
                                      .kind = kind,
                                      .listing_id = listing_id,
                                      .interest_id = interest_id,
                                      .message_id = kind == NOTIFY_MESSAGE ? message_id : 0,
                                      .payload = (char *)payload};
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = notification_validate(&v[i], i, err);
    size_t made;
    bool wrote = false;
    if (!rc && n)
        rc = write_notifications(st, v, n, &made, &wrote, err);
    free(v);
    free(members);
    return rc;
}

/* Fills nt from the current row (NT_COLS); HK_ENOMEM on failure. */
static int read_notification(sqlite3_stmt *s, store_notification *nt)
{
    memset(nt, 0, sizeof *nt);
    nt->id = sqlite3_column_int64(s, 0);
    nt->user_id = sqlite3_column_int64(s, 1);
    int kind = notify_kind_parse((const char *)sqlite3_column_text(s, 2));
    nt->kind = kind < 0 ? NOTIFY_SAVED_SEARCH : (store_notify_kind)kind; /* the CHECK allows no other */
    nt->saved_search_id = sqlite3_column_int64(s, 3);
    nt->listing_id = sqlite3_column_int64(s, 4);
    nt->matched_listing_id = sqlite3_column_int64(s, 5);
    nt->created_at = sqlite3_column_int64(s, 7);
    nt->read_at = sqlite3_column_int64(s, 8);
    nt->interest_id = sqlite3_column_int64(s, 9);
    nt->message_id = sqlite3_column_int64(s, 10);
    return store__col_dup(s, 6, &nt->payload) ? HK_ENOMEM : 0;
}

/* Runs s (bound, returning NT_COLS rows) and collects at most limit rows
 * into a new array. */
static int read_notifications(hk_store *st, sqlite3_stmt *s, size_t limit, store_notification **out, size_t *n,
                              hk_err *err)
{
    store_notification *v = calloc(limit, sizeof *v);
    if (!v)
        return oom(err);
    int r = SQLITE_DONE, rc = 0;
    size_t k = 0;
    while (k < limit && (r = sqlite3_step(s)) == SQLITE_ROW) {
        if (read_notification(s, &v[k])) {
            store_notification_free(&v[k]);
            rc = oom(err);
            break;
        }
        k++;
    }
    if (!rc && k < limit && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading notifications", err);
    if (rc) {
        store_notifications_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

int store_notifications_of_user(hk_store *st, int64_t user_id, int64_t before_id, size_t limit,
                                store_notification **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > STORE_NOTIFICATIONS_PAGE)
        return hk_err_set(err, HK_EINVAL, "limit", "limit: between 1 and %d", STORE_NOTIFICATIONS_PAGE);
    if (before_id < 0)
        return hk_err_set(err, HK_EINVAL, "before", "before: a notification id, or 0 for the newest");
    sqlite3_stmt *s;
    int rc = prep(st,
                  "SELECT " NT_COLS " FROM notifications WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
                  &s, "reading notifications", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    rc = read_notifications(st, s, limit, out, n, err);
    sqlite3_finalize(s);
    return rc;
}

int store_notifications_after(hk_store *st, int64_t user_id, int64_t after_id, size_t limit,
                              store_notification **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > STORE_NOTIFICATIONS_PAGE)
        return hk_err_set(err, HK_EINVAL, "limit", "limit: between 1 and %d", STORE_NOTIFICATIONS_PAGE);
    if (after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after", "after: a notification id, or 0 for the oldest");
    sqlite3_stmt *s;
    int rc = prep(st, "SELECT " NT_COLS " FROM notifications WHERE user_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                  &s, "reading notifications", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, after_id);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    rc = read_notifications(st, s, limit, out, n, err);
    sqlite3_finalize(s);
    return rc;
}

/* Runs a one-row, one-integer query bound to arg (when has_arg). */
static int query_int(hk_store *st, const char *sql, bool has_arg, int64_t arg, int64_t *out, const char *what,
                     hk_err *err)
{
    *out = 0;
    sqlite3_stmt *s;
    int rc = prep(st, sql, &s, what, err);
    if (rc)
        return rc;
    if (has_arg)
        sqlite3_bind_int64(s, 1, arg);
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0); /* max() of no rows is NULL, read as 0 */
    else
        rc = store__sqlerr(st, what, err);
    sqlite3_finalize(s);
    return rc;
}

int store_notifications_unread(hk_store *st, int64_t user_id, int64_t *count, hk_err *err)
{
    return query_int(st, "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL", true, user_id,
                     count, "counting unread notifications", err);
}

int store_notifications_max_id(hk_store *st, int64_t *max_id, hk_err *err)
{
    /* max(id) of the rowid is answered from the end of the table's b-tree. */
    return query_int(st, "SELECT max(id) FROM notifications", false, 0, max_id, "reading the newest notification",
                     err);
}

int store_notification_mark_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    sqlite3_stmt *s;
    if (!(rc = prep(st, "UPDATE notifications SET read_at = coalesce(read_at, ?3) WHERE id = ?1 AND user_id = ?2", &s,
                    "marking a notification read", err))) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, user_id);
        sqlite3_bind_int64(s, 3, store__now());
        wrote = true;
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "marking a notification read", err);
        sqlite3_finalize(s);
        /* Someone else's notification reads as absent, so ids cannot be probed. */
        if (!rc && sqlite3_changes(st->db) == 0) {
            wrote = false;
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "notification %lld does not exist", (long long)id);
        }
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- recipients ---- */

int store_org_member_ids(hk_store *st, int64_t org_id, int64_t **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = prep(st, "SELECT user_id FROM memberships WHERE org_id = ?1 ORDER BY user_id", &s, "reading members",
                  err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, org_id);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = oom(err);
                break;
            }
            *out = p;
        }
        (*out)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading members", err);
    sqlite3_finalize(s);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
