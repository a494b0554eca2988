/*
 * idx_build.c - filling an index from the store at start: every
 * organisation, then every listing. Later writes reach the index through
 * idx_put_* as they are committed.
 */
#include "index/idx_int.h"

#include "store/store.h"

typedef struct build_ctx {
    idx *ix;
    hk_err *err;
    size_t n;
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

int idx_build_from_store(idx *ix, hk_store *st, size_t *listings, hk_err *err)
{
    build_ctx b = {ix, err, 0};
    int rc = store_org_each(st, put_org, &b, err);
    b.n = 0;
    if (!rc)
        rc = store_listing_each(st, put_listing, &b, err);
    if (!rc && listings)
        *listings = b.n;
    pthread_rwlock_wrlock(&ix->lock);
    idx_sorted_update(ix, true);
    pthread_rwlock_unlock(&ix->lock);
    return rc;
}
