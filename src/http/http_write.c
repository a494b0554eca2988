/*
 * http_write.c - what follows a committed write. The store appends every
 * change of an organisation or listing to its change log in the write's
 * own transaction; here the in-memory index catches up with that log
 * (so the next query sees the write, whichever worker serves it), every
 * changed listing is run against the saved searches and matched against
 * the other listings (match_alerts_for_listing), and the live
 * notification streams are woken. One mutex keeps the log applied in
 * order; readers of the index are not blocked by it. When edits have left
 * enough dead postings, each write also runs a step of the index's
 * compaction (idx_compact.c).
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"

#define COMPACT_BUDGET (1 << 18) /* postings looked at per write while a sweep is due */

typedef struct pending_change {
    int64_t seq;
    int64_t id;
    int is_listing;
} pending_change;

typedef struct change_list {
    pending_change *v;
    size_t n, cap;
    int oom;
} change_list;

static int collect(const store_change *c, void *ctx)
{
    change_list *l = ctx;
    int is_listing = !strcmp(c->entity, "listing");
    if (!is_listing && strcmp(c->entity, "organisation") != 0)
        return 0;
    /* Several changes of one record in a row are applied once. */
    if (l->n && l->v[l->n - 1].id == c->entity_id && l->v[l->n - 1].is_listing == is_listing) {
        l->v[l->n - 1].seq = c->seq;
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        pending_change *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (pending_change){c->seq, c->entity_id, is_listing};
    return 0;
}

static int apply(http_app *app, hk_store *st, const pending_change *c, hk_err *err)
{
    if (!c->is_listing) {
        organisation o;
        int rc = store_org_get(st, c->id, &o, err);
        if (rc)
            return rc;
        rc = idx_put_organisation(app->ix, &o, err);
        organisation_free(&o);
        return rc;
    }
    listing l;
    int rc = store_listing_get(st, c->id, &l, err);
    if (rc == HK_ENOTFOUND) {
        idx_delete_listing(app->ix, c->id);
        return 0;
    }
    if (rc)
        return rc;
    rc = idx_put_listing(app->ix, &l, err);
    listing_free(&l);
    if (rc)
        return rc;
    size_t created = 0;
    return match_alerts_for_listing(app->ix, st, c->id, &created, err);
}

void http_after_write(http_req *req)
{
    http_app *app = req->app;
    hk_err err;
    hk_err_clear(&err);
    pthread_mutex_lock(&app->index_lock);
    change_list l = {0};
    int rc = store_changes_since(req->st, app->index_seq, collect, &l, &err);
    if (!rc && l.oom)
        rc = hk_err_set(&err, HK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; !rc && i < l.n; i++) {
        rc = apply(app, req->st, &l.v[i], &err);
        if (!rc)
            app->index_seq = l.v[i].seq;
    }
    pthread_mutex_unlock(&app->index_lock);
    /* When edits have left enough dead postings, each write gives a
     * millisecond or so to dropping them (idx_compact.c). */
    idx_compact_step(app->ix, COMPACT_BUDGET, NULL);
    free(l.v);
    if (rc)
        fprintf(stderr, "hamkor serve: the index could not follow a write (it will retry at the next one): %s: %s\n",
                err.field, err.msg);
    http_sse_wake(app);
}

int http_index_seq_init(http_app *app, hk_store *st, hk_err *err)
{
    return store_changes_last_seq(st, &app->index_seq, err);
}
