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
 * The statements are in sql_saved.def. Two rules there hold with
 * concurrent writers on PostgreSQL as well as under SQLite's single
 * writer: the limit of saved searches per user is counted with the user's
 * row locked, and "never twice" is the UNIQUE constraint itself (an
 * insert that meets it does nothing), not a look before writing.
 *
 * Filters are kept as the JSON text given. Their format (facet names,
 * values) is the index's: the caller checks and canonicalises them with
 * idx_filters_canonical (src/index/idx_filters.c) before saving; the
 * store only checks that they are a JSON object of bounded size, and
 * includes no index header.
 */
#include "store/store_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_utf8.h"
#include "model/model_json.h"

static const char *const kind_names[NOTIFY__COUNT] = {"saved_search",     "listing_match", "interest_received",
                                                      "interest_decided", "message",       "listing_expiring",
                                                      "partner_meeting"};

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

/* 0 when statement sq (?1 = id) finds the row; HK_EINVAL naming field
 * when it does not. */
static int ref_exists(hk_store *st, store_sq sq, int64_t id, const char *field, const char *what, hk_err *err)
{
    int rc = store__q(st, sq, ARGS(sv_int(id)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: %s %lld does not exist", field, what, (long long)id);
    return 0;
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

/* Filters are the index's format (idx_filters_canonical, which the HTTP
 * handler applies before saving); the store only makes sure that what it
 * keeps is a JSON object of bounded size, so that a reader can always
 * parse it back. NULL or "" is no filters. */
static int filters_check(const char *text, hk_err *err)
{
    if (!text || !*text)
        return 0;
    size_t len = strlen(text);
    if (len > STORE_SAVED_FILTERS_MAX)
        return hk_err_set(err, HK_ETOOBIG, "filters", "filters: at most %d bytes of JSON", STORE_SAVED_FILTERS_MAX);
    json_t *root = json_loadb(text, len, 0, NULL);
    bool ok = json_is_object(root);
    json_decref(root);
    if (!ok)
        return hk_err_set(err, HK_EINVAL, "filters", "filters: a JSON object of search filters");
    return 0;
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
    return filters_check(s->filters, err);
}

/* Fills rec, a store_saved_search, from row r (the columns of SAVED_GET). */
static int read_saved(const store_row *r, void *rec);

/* read_saved for store__q_list, which frees a record that failed half
 * way itself: read_saved has already, so the record is left empty. */
static int saved_rec(const store_row *r, void *rec, void *ctx)
{
    int rc = read_saved(r, rec);
    if (rc)
        memset(rec, 0, sizeof(store_saved_search));
    return rc;
}

static int read_saved(const store_row *r, void *rec)
{
    store_saved_search *out = rec;
    memset(out, 0, sizeof *out);
    out->id = row_int(r, 0);
    out->user_id = row_int(r, 1);
    out->created_at = row_time(r, 6);
    if (row_dup(r, 2, &out->name) || row_dup(r, 3, &out->query) || row_dup(r, 4, &out->lang) ||
        row_dup(r, 5, &out->filters) || (!out->query && !(out->query = strdup("")))) {
        store_saved_search_free(out);
        return HK_ENOMEM;
    }
    return 0;
}

int store_saved_search_create(hk_store *st, store_saved_search *s, hk_err *err)
{
    int rc = store_saved_search_validate(s, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    /* The user's row is locked (PostgreSQL) before counting, so that the
     * count stays true until this transaction commits its insert. */
    rc = store__do(st, SQ_SAVED_LOCK_USER, ARGS(sv_int(s->user_id)), err);
    if (!rc)
        rc = store__user_exists(st, s->user_id, "user_id", err);
    int64_t count = 0, now = store__now(), id = 0;
    if (!rc) {
        rc = store__int(st, SQ_SAVED_COUNT, ARGS(sv_int(s->user_id)), &count, err);
        if (rc >= 0)
            rc = count < STORE_SAVED_PER_USER
                     ? 0
                     : hk_err_set(err, HK_ETOOBIG, "user_id",
                                  "a user keeps at most %d saved searches; delete one before saving another",
                                  STORE_SAVED_PER_USER);
    }
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_SAVED_ADD,
                        ARGS(sv_int(s->user_id), sv_text(s->name), sv_text(s->query ? s->query : ""),
                             sv_opt(s->lang), sv_opt(s->filters), sv_time(now)),
                        &id, err);
        rc = rc < 0 ? rc : 0;
    }
    if (!rc)
        rc = store__audit(st, s->user_id, "create", "saved_search", id, NULL, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc)
        return rc;
    s->id = id;
    s->created_at = now;
    return 0;
}

static int saved_one_row(const store_row *r, void *ctx)
{
    return read_saved(r, ctx) ? -1 : 1;
}

int store_saved_search_get(hk_store *st, int64_t id, store_saved_search *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_SAVED_GET, ARGS(sv_int(id)), saved_one_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "saved search %lld does not exist", (long long)id);
    return out->name ? 0 : store__oom(err);
}

int store_saved_search_delete(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    bool wrote = true;
    rc = store__do(st, SQ_SAVED_DELETE, ARGS(sv_int(id), sv_int(user_id)), err);
    if (!rc && st->changed == 0) {
        wrote = false; /* nothing was touched: the outer transaction stays usable */
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "saved search %lld does not exist", (long long)id);
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
    store_list l = {.size = sizeof(store_saved_search), .read = saved_rec};
    int rc = store__q_list(st, SQ_SAVED_OF_USER, ARGS(sv_int(user_id)), &l, err);
    if (rc) {
        store_saved_searches_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

typedef struct saved_each {
    int (*fn)(const store_saved_search *s, void *ctx);
    void *ctx;
    bool oom;
} saved_each;

static int saved_each_row(const store_row *r, void *ctx)
{
    saved_each *e = ctx;
    store_saved_search ss;
    if (read_saved(r, &ss)) {
        e->oom = true;
        return 1;
    }
    int stop = e->fn(&ss, e->ctx);
    store_saved_search_free(&ss);
    return stop;
}

int store_saved_search_each(hk_store *st, int (*fn)(const store_saved_search *s, void *ctx), void *ctx,
                            hk_err *err)
{
    saved_each e = {fn, ctx, false};
    int rc = store__q(st, SQ_SAVED_ALL, NOARGS, saved_each_row, &e, err);
    if (rc < 0)
        return rc;
    return e.oom ? store__oom(err) : 0;
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
    case NOTIFY_LISTING_EXPIRING: return nt->expires_on > 0 && !eoi && !msg && !search && !match;
    case NOTIFY_PARTNER_MEETING: return nt->meeting_step_id > 0 && !msg && !search && !match;
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
    case NOTIFY_LISTING_EXPIRING: return nt->expires_on;
    case NOTIFY_PARTNER_MEETING: return nt->meeting_step_id;
    default: return nt->interest_id;
    }
}

/* The checks that need no database: kind and its reference, payload. */
static int notification_validate(const store_notification *nt, size_t i, hk_err *err)
{
    char field[48];
    if (store_notify_kind_name(nt->kind) == NULL) {
        snprintf(field, sizeof field, "[%zu].kind", i);
        return hk_err_set(err, HK_EINVAL, field,
                          "%s: saved_search, listing_match, interest_received, interest_decided, message, "
                          "listing_expiring or partner_meeting",
                          field);
    }
    if (!kind_refs_consistent(nt)) {
        snprintf(field, sizeof field, "[%zu]", i);
        return hk_err_set(err, HK_EINVAL, field,
                          "%s: a notification names its user and listing, and exactly what its kind is about: the "
                          "saved search (saved_search), the matched listing (listing_match), the interest "
                          "(interest_received, interest_decided), the interest and message (message), the "
                          "expiry date (listing_expiring) or the meeting request's step (partner_meeting)",
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
    int rc = store__user_exists(st, nt->user_id, field, err);
    if (rc)
        return rc;
    snprintf(field, sizeof field, "[%zu].listing_id", i);
    if ((rc = ref_exists(st, SQ_NOTE_LISTING_EXISTS, nt->listing_id, field, "listing", err)))
        return rc;
    if (nt->kind == NOTIFY_SAVED_SEARCH) {
        snprintf(field, sizeof field, "[%zu].saved_search_id", i);
        return ref_exists(st, SQ_NOTE_SEARCH_EXISTS, nt->saved_search_id, field, "saved search", err);
    }
    if (nt->kind == NOTIFY_LISTING_MATCH) {
        snprintf(field, sizeof field, "[%zu].matched_listing_id", i);
        return ref_exists(st, SQ_NOTE_LISTING_EXISTS, nt->matched_listing_id, field, "listing", err);
    }
    if (nt->kind == NOTIFY_LISTING_EXPIRING || (nt->kind == NOTIFY_PARTNER_MEETING && !nt->interest_id))
        return 0;
    if (nt->kind == NOTIFY_MESSAGE) {
        snprintf(field, sizeof field, "[%zu].message_id", i);
        if ((rc = ref_exists(st, SQ_NOTE_MESSAGE_EXISTS, nt->message_id, field, "message", err)))
            return rc;
    }
    snprintf(field, sizeof field, "[%zu].interest_id", i);
    return ref_exists(st, SQ_NOTE_INTEREST_EXISTS, nt->interest_id, field, "expression of interest", err);
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
    /* On PostgreSQL, held until commit: notifications then commit in id
     * order, so a live stream reading "after id N" never passes one that
     * commits later (as the change log's lock does for its followers). */
    if ((rc = store__do(st, SQ_NOTE_ORDER_LOCK, NOARGS, err)))
        return rc;
    int64_t now = store__now();
    for (size_t i = 0; i < n && !rc; i++) {
        store_notification *nt = &v[i];
        int64_t id = 0;
        *wrote = true;
        /* No row back: one already present for the same (user, kind,
         * about_id, listing), i.e. "already notified". */
        int r = store__int(st, SQ_NOTE_ADD,
                           ARGS(sv_int(nt->user_id), sv_text(kind_names[nt->kind]), sv_int_opt(nt->saved_search_id),
                                sv_int(nt->listing_id), sv_int_opt(nt->matched_listing_id),
                                sv_int_opt(nt->interest_id), sv_int_opt(nt->message_id), sv_int(about_id(nt)),
                                sv_text(nt->payload), sv_time(now)),
                           &id, err);
        if (r < 0) {
            rc = r;
        } else if (r == 1) {
            rc = store__mail_enqueue(st, nt->user_id, id, now, err);
            nt->id = id;
            nt->created_at = now;
            nt->read_at = 0;
            (*made)++;
        }
    }
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

/* One notification like tmpl (its payload borrowed) for every member of
 * org_id except skip_user, inside the caller's transaction. */
static int notify_members_like(hk_store *st, int64_t org_id, int64_t skip_user, const store_notification *tmpl,
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
        return store__oom(err);
    }
    size_t n = 0;
    for (size_t i = 0; i < n_members; i++) {
        if (members[i] == skip_user)
            continue;
        /* payload is borrowed: v is freed below without freeing it. */
        v[n] = *tmpl;
        v[n++].user_id = members[i];
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

int store__notify_members(hk_store *st, int64_t org_id, int64_t skip_user, store_notify_kind kind,
                          int64_t listing_id, int64_t interest_id, int64_t message_id, const char *payload,
                          hk_err *err)
{
    store_notification tmpl = {.kind = kind,
                               .listing_id = listing_id,
                               .interest_id = interest_id,
                               .message_id = kind == NOTIFY_MESSAGE ? message_id : 0,
                               .payload = (char *)payload};
    return notify_members_like(st, org_id, skip_user, &tmpl, err);
}

int store__notify_members_pm(hk_store *st, int64_t org_id, int64_t skip_user, int64_t listing_id,
                             int64_t interest_id, int64_t step_id, const char *payload, hk_err *err)
{
    store_notification tmpl = {.kind = NOTIFY_PARTNER_MEETING,
                               .listing_id = listing_id,
                               .interest_id = interest_id,
                               .meeting_step_id = step_id,
                               .payload = (char *)payload};
    return notify_members_like(st, org_id, skip_user, &tmpl, err);
}

/* ---- reminders before a listing expires ---- */

typedef struct expiring {
    int64_t id, org_id;
    char expires[11];
} expiring;

typedef struct expiring_batch {
    expiring *v;
    size_t n, max;
} expiring_batch;

static int expiring_row(const store_row *r, void *ctx)
{
    expiring_batch *b = ctx;
    if (b->n == b->max)
        return 1;
    expiring *e = &b->v[b->n++];
    e->id = row_int(r, 0);
    e->org_id = row_int(r, 1);
    snprintf(e->expires, sizeof e->expires, "%s", row_text(r, 2) ? row_text(r, 2) : "");
    return 0;
}

/* "YYYY-MM-DD" as days since 1970-01-01, or INT64_MIN when it is not a date. */
static int64_t iso_day(const char *iso)
{
    char stamp[32];
    int64_t t;
    snprintf(stamp, sizeof stamp, "%.10sT00:00:00Z", iso);
    return strlen(iso) == 10 && model_parse_time(stamp, &t) == 0 ? t / 86400 : INT64_MIN;
}

int store_listings_remind_expiring(hk_store *st, size_t max, size_t *reminded, hk_err *err)
{
    *reminded = 0;
    if (max == 0 || max > 1024)
        return hk_err_set(err, HK_EINVAL, "max", "remind of 1 to 1024 listings at a time");
    char today[11], last[11];
    snprintf(today, sizeof today, "%s", store__today(st));
    time_t until = time(NULL) + (time_t)STORE_EXPIRY_REMINDER_DAYS * 86400;
    struct tm tm;
    gmtime_r(&until, &tm);
    strftime(last, sizeof last, "%Y-%m-%d", &tm);
    expiring *v = calloc(max, sizeof *v);
    if (!v)
        return store__oom(err);
    expiring_batch b = {v, 0, max};
    int rc = store__q(st, SQ_LST_EXPIRING, ARGS(sv_text(today), sv_text(last), sv_int((int64_t)max)), expiring_row,
                      &b, err);
    rc = rc < 0 ? rc : 0;
    int64_t day0 = iso_day(today);
    for (size_t i = 0; i < b.n && !rc; i++) {
        int64_t day = iso_day(v[i].expires);
        if (day == INT64_MIN)
            continue;
        char payload[64];
        snprintf(payload, sizeof payload, "{\"expires\":\"%s\",\"days_left\":%lld}", v[i].expires,
                 (long long)(day - day0));
        store_notification tmpl = {.kind = NOTIFY_LISTING_EXPIRING,
                                   .listing_id = v[i].id,
                                   .expires_on = strtoll(v[i].expires, NULL, 10) * 10000 +
                                                 strtoll(v[i].expires + 5, NULL, 10) * 100 +
                                                 strtoll(v[i].expires + 8, NULL, 10),
                                   .payload = payload};
        /* One transaction per listing: all its members, or none. */
        bool own;
        if ((rc = store__tx_enter(st, &own, err)))
            break;
        rc = notify_members_like(st, v[i].org_id, 0, &tmpl, err);
        rc = store__tx_leave(st, own, rc, true, err);
        if (!rc)
            (*reminded)++;
    }
    free(v);
    return rc;
}

/* Fills rec, a store_notification, from row r (the columns of
 * NOTE_OF_USER); HK_ENOMEM on failure. */
static int read_notification(const store_row *r, void *rec, void *ctx)
{
    store_notification *nt = rec;
    memset(nt, 0, sizeof *nt);
    nt->id = row_int(r, 0);
    nt->user_id = row_int(r, 1);
    int kind = notify_kind_parse(row_text(r, 2));
    nt->kind = kind < 0 ? NOTIFY_SAVED_SEARCH : (store_notify_kind)kind; /* the CHECK allows no other */
    nt->saved_search_id = row_int(r, 3);
    nt->listing_id = row_int(r, 4);
    nt->matched_listing_id = row_int(r, 5);
    nt->created_at = row_time(r, 7);
    nt->read_at = row_time(r, 8); /* 0 while unread */
    nt->interest_id = row_int(r, 9);
    nt->message_id = row_int(r, 10);
    return row_dup(r, 6, &nt->payload) ? HK_ENOMEM : 0;
}

/* Runs statement sq (?1 = user_id, ?2 = the id to start from, ?3 =
 * limit) and collects its rows into a new array. */
static int read_notifications(hk_store *st, store_sq sq, int64_t user_id, int64_t from_id, size_t limit,
                              store_notification **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(store_notification), .read = read_notification};
    int rc = store__q_list(st, sq, ARGS(sv_int(user_id), sv_int(from_id), sv_int((int64_t)limit)), &l, err);
    if (rc) {
        store_notifications_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
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
    return read_notifications(st, SQ_NOTE_OF_USER, user_id, before_id > 0 ? before_id : INT64_MAX, limit, out, n,
                              err);
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
    return read_notifications(st, SQ_NOTE_AFTER, user_id, after_id, limit, out, n, err);
}

int store_notifications_unread(hk_store *st, int64_t user_id, int64_t *count, hk_err *err)
{
    int rc = store__int(st, SQ_NOTE_UNREAD, ARGS(sv_int(user_id)), count, err);
    return rc < 0 ? rc : 0;
}

int store_notifications_max_id(hk_store *st, int64_t *max_id, hk_err *err)
{
    int rc = store__int(st, SQ_NOTE_MAX_ID, NOARGS, max_id, err);
    return rc < 0 ? rc : 0;
}

int store_notification_mark_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    bool wrote = true;
    rc = store__do(st, SQ_NOTE_MARK_READ, ARGS(sv_int(id), sv_int(user_id), sv_time(store__now())), err);
    /* Someone else's notification reads as absent, so ids cannot be probed. */
    if (!rc && st->changed == 0) {
        wrote = false;
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "notification %lld does not exist", (long long)id);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- recipients ---- */

static int read_member_id(const store_row *r, void *rec, void *ctx)
{
    *(int64_t *)rec = row_int(r, 0);
    return 0;
}

int store_org_member_ids(hk_store *st, int64_t org_id, int64_t **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    store_list l = {.size = sizeof(int64_t), .read = read_member_id};
    int rc = store__q_list(st, SQ_NOTE_ORG_MEMBERS, ARGS(sv_int(org_id)), &l, err);
    if (rc) {
        free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}
