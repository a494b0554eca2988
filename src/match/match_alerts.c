/*
 * match_alerts.c - who is told about a listing that was just written
 * (BRIEF 4.3 "saved searches that alert on new matches", 4.4 "the owners
 * of matching listings and saved searches are notified").
 *
 * Two sources of notifications, both decided here and stored through
 * store.h (src/store/store_saved.c), which refuses a second notification
 * for the same (user, kind, saved search or own listing, listing):
 *
 *  - saved searches: each one is run through idx_search restricted to
 *    this listing (idx_query.only_listing), with its saved filters, so a
 *    saved search matches exactly when the same search typed in the box
 *    would list the listing;
 *  - matching: match_listing finds the complementary listings, and the
 *    members of the organisations owning them are told, with the reasons.
 *
 * Cost: one restricted search per saved search per listing write. Each is
 * cheap (the candidate set is one document) but the query is analysed and
 * classified every time; with many saved searches a percolator (an index
 * of the saved queries' terms and codes, to pick the few worth running)
 * is the next step, see docs/search.md.
 *
 * Data flow: this file reads the index and the store and writes only
 * notifications; it runs after the store committed the listing and the
 * index took it, so it never sees a listing the store does not hold.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "store/store.h"

/* Only the strongest matches alert anyone: the same default page the
 * API shows, so nobody is told about a match they cannot see listed. */
#define ALERT_MATCH_LIMIT 20

/* The notifications being gathered; written in one batch at the end. */
typedef struct alert_list {
    store_notification *v; /* from malloc(); payloads owned */
    size_t n, cap;
} alert_list;

static void alerts_free(alert_list *a)
{
    store_notifications_free(a->v, a->n);
    memset(a, 0, sizeof *a);
}

/* Appends a notification, taking payload (from json_dumps) in every case. */
static int alerts_push(alert_list *a, const store_notification *nt, char *payload, hk_err *err)
{
    if (!payload)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        store_notification *p = realloc(a->v, cap * sizeof *p);
        if (!p) {
            free(payload);
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        }
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n] = *nt;
    a->v[a->n].payload = payload;
    a->n++;
    return 0;
}

static bool in_ids(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* Dumps j compactly and drops the reference; NULL when out of memory. */
static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return s;
}

/* True when the index serves listing_id (published, not expired, put). */
static int is_served(idx *ix, int64_t listing_id, bool *served, hk_err *err)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.limit = 1;
    q.only_listing = listing_id;
    idx_result r;
    int rc = idx_search(ix, &q, &r, err);
    *served = rc == 0 && r.n_hits == 1;
    idx_result_free(&r);
    return rc;
}

/* ---- saved searches ---- */

typedef struct ss_ctx {
    idx *ix;
    int64_t listing_id;
    const int64_t *own_members; /* members of the listing's organisation: not told */
    size_t n_own;
    alert_list *out;
    int rc;                     /* first hard error (out of memory); stops the scan */
    hk_err *err;
} ss_ctx;

/* Fills q's filters from the stored filter JSON (already checked and
 * canonical, see store_saved.c); the strings stay owned by f. */
static void query_filters(json_t *f, idx_query *q)
{
    const char *key;
    json_t *v;
    json_object_foreach(f, key, v) {
        int facet = idx_facet_parse(key);
        if (facet < 0 || q->n_filters >= IDX_F__COUNT)
            continue;
        idx_filter *fl = &q->filters[q->n_filters++];
        fl->facet = (uint8_t)facet;
        fl->n = 0;
        if (json_is_string(v)) {
            fl->values[fl->n++] = json_string_value(v);
            continue;
        }
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (json_is_string(e) && fl->n < IDX_MAX_FILTER_VALUES)
                fl->values[fl->n++] = json_string_value(e);
        }
    }
}

static int check_saved(const store_saved_search *ss, void *p)
{
    ss_ctx *c = p;
    if (in_ids(c->own_members, c->n_own, ss->user_id))
        return 0;
    json_t *f = NULL;
    if (ss->filters && !(f = json_loads(ss->filters, 0, NULL)))
        return 0; /* the store checks filters on the way in; a row that fails anyway matches nothing */
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = ss->query;
    q.lang = ss->lang;
    q.limit = 1;
    q.only_listing = c->listing_id;
    if (f)
        query_filters(f, &q);
    idx_result r;
    hk_err e;
    int rc = idx_search(c->ix, &q, &r, &e);
    bool hit = rc == 0 && r.n_hits > 0;
    idx_result_free(&r);
    json_decref(f);
    if (rc == HK_ENOMEM || rc == HK_EIO || rc == HK_EINTERNAL) {
        /* Anything else is this search's own problem (one saved before a
         * rule changed): it matches nothing, and the others still run. */
        if (c->err)
            *c->err = e;
        c->rc = rc;
        return 1;
    }
    if (!hit)
        return 0;
    json_t *j = json_object();
    if (j) {
        json_object_set_new(j, "saved_search_id", json_integer(ss->id));
        json_object_set_new(j, "name", json_string(ss->name));
        json_object_set_new(j, "query", json_string(ss->query));
        if (ss->filters)
            json_object_set_new(j, "filters", json_loads(ss->filters, 0, NULL));
        json_object_set_new(j, "listing_id", json_integer(c->listing_id));
    }
    store_notification nt = {.user_id = ss->user_id,
                             .kind = NOTIFY_SAVED_SEARCH,
                             .saved_search_id = ss->id,
                             .listing_id = c->listing_id};
    if ((c->rc = alerts_push(c->out, &nt, dump(j), c->err)))
        return 1;
    return 0;
}

/* ---- matches ---- */

static char *match_payload(int64_t listing_id, const match_hit *h)
{
    json_t *j = json_object(), *reasons = json_array();
    if (!j || !reasons) {
        json_decref(j);
        json_decref(reasons);
        return NULL;
    }
    for (size_t i = 0; i < h->n_reasons; i++)
        json_array_append_new(reasons, match_reason_to_json(&h->reasons[i]));
    json_object_set_new(j, "listing_id", json_integer(listing_id));
    json_object_set_new(j, "matched_listing_id", json_integer(h->listing_id));
    json_object_set_new(j, "score", json_real(h->score));
    json_object_set_new(j, "reasons", reasons);
    return dump(j);
}

static int alert_matches(idx *ix, hk_store *st, const listing *l, const int64_t *own, size_t n_own,
                         alert_list *out, hk_err *err)
{
    match_options opt;
    memset(&opt, 0, sizeof opt);
    opt.limit = ALERT_MATCH_LIMIT;
    match_result mr;
    int rc = match_listing(ix, l, &opt, &mr, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < mr.n_hits && !rc; i++) {
        const match_hit *h = &mr.hits[i];
        listing other;
        if ((rc = store_listing_get(st, h->listing_id, &other, err))) {
            if (rc == HK_ENOTFOUND) /* in the index, not (yet) in this store: nobody to tell */
                rc = 0;
            continue;
        }
        int64_t org = other.org_id;
        listing_free(&other);
        int64_t *members;
        size_t n_members;
        if ((rc = store_org_member_ids(st, org, &members, &n_members, err)))
            break;
        for (size_t m = 0; m < n_members && !rc; m++) {
            if (in_ids(own, n_own, members[m]))
                continue;
            store_notification nt = {.user_id = members[m],
                                     .kind = NOTIFY_LISTING_MATCH,
                                     .listing_id = l->id,
                                     .matched_listing_id = h->listing_id};
            rc = alerts_push(out, &nt, match_payload(l->id, h), err);
        }
        free(members);
    }
    match_result_free(&mr);
    return rc;
}

int match_alerts_for_listing(idx *ix, struct hk_store *st, int64_t listing_id, size_t *created, hk_err *err)
{
    if (created)
        *created = 0;
    bool served;
    int rc = is_served(ix, listing_id, &served, err);
    if (rc || !served)
        return rc;
    listing l;
    if ((rc = store_listing_get(st, listing_id, &l, err)))
        return rc;
    if (l.status != STATUS_PUBLISHED) { /* the index is behind the store: the store wins */
        listing_free(&l);
        return 0;
    }
    int64_t *own = NULL;
    size_t n_own = 0;
    alert_list out = {0};
    if ((rc = store_org_member_ids(st, l.org_id, &own, &n_own, err)))
        goto done;
    ss_ctx c = {.ix = ix, .listing_id = listing_id, .own_members = own, .n_own = n_own, .out = &out, .err = err};
    if ((rc = store_saved_search_each(st, check_saved, &c, err)) || (rc = c.rc))
        goto done;
    if ((rc = alert_matches(ix, st, &l, own, n_own, &out, err)))
        goto done;
    rc = store_notifications_add(st, out.v, out.n, created, err);
    if (rc == HK_EINVAL) {
        /* The batch names a saved search or user that another connection
         * deleted while the searches ran (the scan and the write are two
         * transactions, so that the searches never hold the write lock).
         * The batch was refused before writing anything; the rest is
         * added one by one, and what vanished is dropped. This is rare,
         * and costs one commit per notification when it happens. */
        size_t made = 0;
        rc = 0;
        for (size_t i = 0; i < out.n && !rc; i++) {
            bool was_new = false;
            rc = store_notification_add(st, &out.v[i], &was_new, err);
            if (rc == HK_EINVAL)
                rc = 0;
            made += was_new;
        }
        if (created)
            *created = rc ? 0 : made;
    }
done:
    alerts_free(&out);
    free(own);
    listing_free(&l);
    return rc;
}
