/*
 * idx_build.c - filling an index from the store at start: every
 * organisation, then every listing. Later writes reach the index through
 * idx_put_* as they are committed.
 *
 * Listings are put by several threads, each with its own store handle
 * reading its own range of listing ids: reading and analysis (the
 * expensive parts) run in parallel outside the index lock.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define BUILD_MAX_THREADS 16

typedef struct build_ctx {
    idx *ix;
    hk_err *err;
    size_t n;
    int64_t first, last;      /* the listing ids this thread puts */
} build_ctx;

static int put_org(const organisation *o, void *ctx)
{
    build_ctx *b = ctx;
    b->n++;
    return idx_put_organisation(b->ix, o, b->err);
}

static int put_listing(const listing *l, void *ctx)
{
    build_ctx *b = ctx;
    b->n++;
    return idx_put_listing(b->ix, l, b->err);
}

#define WARM_SCRATCHES 2 /* one per core of the machines we run on */

static void finish(idx *ix)
{
    pthread_rwlock_wrlock(&ix->lock);
    idx_sorted_update(ix, true);
    idx_dict_shrink(ix);
    /* Size the per-search scratch arrays now, so that the first searches
     * after start do not each pay for allocating them. */
    idx_scratch *s[WARM_SCRATCHES];
    for (int i = 0; i < WARM_SCRATCHES; i++)
        s[i] = idx_scratch_get(ix);
    for (int i = 0; i < WARM_SCRATCHES; i++)
        if (s[i])
            idx_scratch_put(ix, s[i]);
    pthread_rwlock_unlock(&ix->lock);
}

int idx_build_from_store(idx *ix, hk_store *st, size_t *listings, hk_err *err)
{
    build_ctx b = {ix, err, 0, INT64_MIN, INT64_MAX};
    int rc = store_org_each(st, put_org, &b, err);
    b.n = 0;
    if (!rc)
        rc = store_listing_each(st, put_listing, &b, err);
    if (!rc && listings)
        *listings = b.n;
    finish(ix);
    return rc;
}

typedef struct worker {
    pthread_t thread;
    idx *ix;
    const char *db_path;
    build_ctx ctx;
    hk_err err;
    int rc;
} worker;

static void *build_worker(void *arg)
{
    worker *w = arg;
    hk_store *st;
    w->rc = store_open(w->db_path, &st, &w->err);
    if (!w->rc) {
        w->rc = store_listing_each_range(st, w->ctx.first, w->ctx.last, put_listing, &w->ctx, &w->err);
        store_close(st);
    }
    return NULL;
}

int idx_build_parallel(idx *ix, hk_store *st, const char *db_path, int threads, size_t *listings, hk_err *err)
{
    if (threads <= 1 || !db_path || !strcmp(db_path, ":memory:"))
        return idx_build_from_store(ix, st, listings, err);
    if (threads > BUILD_MAX_THREADS)
        threads = BUILD_MAX_THREADS;
    build_ctx b = {ix, err, 0, INT64_MIN, INT64_MAX};
    int rc = store_org_each(st, put_org, &b, err);
    int64_t first, last;
    if (!rc)
        rc = store_listing_id_range(st, &first, &last, err);
    if (rc)
        return rc;
    int64_t span = last >= first ? (last - first) / threads + 1 : 1;
    worker w[BUILD_MAX_THREADS];
    memset(w, 0, sizeof w);
    int started = 0;
    for (int i = 0; i < threads; i++) {
        w[i].ix = ix;
        w[i].db_path = db_path;
        w[i].ctx = (build_ctx){ix, &w[i].err, 0, first + i * span,
                               i == threads - 1 ? INT64_MAX : first + (i + 1) * span - 1};
        hk_err_clear(&w[i].err);
        if (pthread_create(&w[i].thread, NULL, build_worker, &w[i]) != 0) {
            rc = hk_err_set(err, HK_EINTERNAL, NULL, "cannot start an indexing thread");
            break;
        }
        started++;
    }
    size_t n = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        if (w[i].rc && !rc) {
            *err = w[i].err;
            rc = w[i].rc;
        }
        n += w[i].ctx.n;
    }
    if (!rc && listings)
        *listings = n;
    finish(ix);
    return rc;
}
