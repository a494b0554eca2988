/*
 * idx_build.c - filling an index from the store at start: every
 * organisation, then every listing. Later writes reach the index through
 * idx_put_* as they are committed.
 *
 * With several threads, each opens its own store handle and takes chunks
 * of ids in turn (phase): organisations first, then listings. Listings
 * go in batches: a thread analyses and groups BATCH of them with no lock,
 * resolving terms and facet bitmaps through its own cache (idx_cache.c),
 * then takes the write lock once to append the batch. The locked part is
 * a few microseconds of copying per listing, so the threads mostly run
 * in parallel.
 *
 * Why (measured 2026-11-23, 2 cores, 1,000,000 listings): before, each
 * organisation kept the 10 KB first allocation of its name terms (2 GB,
 * and 11 s of page faults in a serial organisation phase), and each
 * listing spent 38 us analysing, 5 us sorting, 13 us looking up terms
 * and appending postings and 4 us on facets, the last two under the
 * write lock, with per-listing malloc churn that faulted pages in both
 * threads; a second thread added 15%. What is left is mostly analysis
 * (src/text), which the threads do in parallel.
 */
#include "index/idx_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"

#define BUILD_MAX_THREADS 16
#define BATCH 128 /* listings per write lock; holds it ~1 ms */
/* When the other thread holds the write lock, a thread goes on analysing
 * rather than wait, up to this many batches, and then commits them all
 * under one lock. On a machine shared with other programs the lock's
 * holder is often preempted while holding it: at a load of 10 on two
 * cores the threads waited 31 s for the lock in a 157 s listing phase. */
#define MAX_PENDING 8

typedef struct build_ctx {
    idx *ix;
    hk_err *err;
    size_t n;
    text_tokens toks;         /* reused analysis output */
    idx_org_prep *org_batch;  /* BATCH * MAX_PENDING reusable organisations; from malloc() */
    idx_prep *batch;          /* BATCH * MAX_PENDING reusable listings; from malloc() */
    size_t n_batch;           /* of either, in the phase running */
    size_t n_grouped;         /* listings of the batch already grouped */
    idx_cache cache;
    idx_memo *memo;           /* titles analysed before; NULL if it could not be made */
    double lock_wait_ms;      /* waiting for the write lock */
} build_ctx;

static double clock_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* How long the calling thread has been runnable but not running (waiting
 * for a CPU), from /proc/thread-self/schedstat; 0 when unreadable. */
static double cpu_wait_ms(void)
{
    FILE *f = fopen("/proc/thread-self/schedstat", "r");
    unsigned long long run = 0, wait = 0;
    if (f) {
        if (fscanf(f, "%llu %llu", &run, &wait) != 2)
            wait = 0;
        fclose(f);
    }
    return (double)wait / 1e6;
}

/* Takes the write lock, counting the wait; with may_defer, only when it
 * is free at once (false: the caller goes on with more work first). */
static bool write_lock(build_ctx *b, bool may_defer)
{
    if (pthread_rwlock_trywrlock(&b->ix->lock) == 0)
        return true;
    if (may_defer)
        return false;
    double t0 = clock_ms(CLOCK_MONOTONIC);
    pthread_rwlock_wrlock(&b->ix->lock);
    b->lock_wait_ms += clock_ms(CLOCK_MONOTONIC) - t0;
    return true;
}

static int ctx_init(build_ctx *b, idx *ix, hk_err *err)
{
    memset(b, 0, sizeof *b);
    b->ix = ix;
    b->err = err;
    text_tokens_init(&b->toks);
    b->batch = calloc(BATCH * MAX_PENDING, sizeof *b->batch);
    b->org_batch = calloc(BATCH * MAX_PENDING, sizeof *b->org_batch);
    idx_memo_new(&b->memo); /* without it, titles are just analysed each time */
    return b->batch && b->org_batch ? 0 : hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
}

static void ctx_free(build_ctx *b)
{
    text_tokens_free(&b->toks);
    for (size_t i = 0; b->batch && i < BATCH * MAX_PENDING; i++)
        idx_prep_free(&b->batch[i]);
    free(b->batch);
    for (size_t i = 0; b->org_batch && i < BATCH * MAX_PENDING; i++)
        idx_org_prep_free(&b->org_batch[i]);
    free(b->org_batch);
    idx_cache_free(&b->cache);
    idx_memo_free(b->memo);
}

/* Commits the batch of organisations under one write lock: taken per
 * organisation, the lock passed between the threads 200,000 times, and
 * the hand-overs made the organisation phase a tenth of the build. */
static int flush_orgs(build_ctx *b, bool may_defer)
{
    int rc = 0;
    if (!write_lock(b, may_defer && b->n_batch < BATCH * MAX_PENDING))
        return 0;
    for (size_t i = 0; i < b->n_batch && !rc; i++)
        rc = idx_org_prep_commit(b->ix, &b->org_batch[i], b->err);
    pthread_rwlock_unlock(&b->ix->lock);
    for (size_t i = 0; i < b->n_batch; i++)
        idx_org_prep_clear(&b->org_batch[i]);
    b->n += b->n_batch;
    b->n_batch = 0;
    return rc;
}

static int put_org(const organisation *o, void *ctx)
{
    build_ctx *b = ctx;
    int rc = idx_org_prep_make(b->ix, o, &b->org_batch[b->n_batch], &b->toks, b->err);
    if (rc)
        return rc;
    return ++b->n_batch % BATCH == 0 ? flush_orgs(b, true) : 0;
}

/* Puts the batch: grouping with no lock, appending under one write lock.
 * With may_defer, and room for another batch, it returns without
 * appending when the lock is taken. */
static int flush(build_ctx *b, bool may_defer)
{
    idx *ix = b->ix;
    int rc = 0;
    for (; b->n_grouped < b->n_batch && !rc; b->n_grouped++)
        if (idx_prep_group(&b->batch[b->n_grouped], &b->cache))
            rc = hk_err_set(b->err, HK_ENOMEM, NULL, "out of memory");
    if (!rc) {
        if (!write_lock(b, may_defer && b->n_batch < BATCH * MAX_PENDING))
            return 0;
        for (size_t i = 0; i < b->n_batch && !rc; i++) {
            /* The rows, maps and lists a listing touches are cold: ask
             * for the next ones' while committing this one. */
            if (i + 2 < b->n_batch)
                idx_prep_prefetch(ix, &b->batch[i + 2], 0);
            if (i + 1 < b->n_batch)
                idx_prep_prefetch(ix, &b->batch[i + 1], 1);
            rc = idx_prep_commit(ix, &b->batch[i], &b->cache, b->err);
        }
        pthread_rwlock_unlock(&ix->lock);
    }
    b->n += b->n_batch;
    b->n_batch = 0;
    b->n_grouped = 0;
    return rc;
}

static int put_listing(const listing *l, void *ctx)
{
    build_ctx *b = ctx;
    int rc = idx_prep_analyse(b->ix, l, &b->batch[b->n_batch], &b->toks, b->memo, b->err);
    if (rc)
        return rc;
    return ++b->n_batch % BATCH == 0 ? flush(b, true) : 0;
}

#define WARM_SCRATCHES 2 /* one per core of the machines we run on */

/* Marks a bulk build as running (see idx.bulk). */
static void bulk_begin(idx *ix)
{
    pthread_rwlock_wrlock(&ix->lock);
    ix->bulk = true;
    pthread_rwlock_unlock(&ix->lock);
}

static void finish(idx *ix)
{
    pthread_rwlock_wrlock(&ix->lock);
    ix->bulk = false;
    idx_sorted_update(ix, true);
    idx_dict_shrink(ix);
    idx_docs_to_huge(ix);
    /* Size the per-search scratch arrays now, so that the first searches
     * after start do not each pay for allocating them. */
    idx_scratch *s[WARM_SCRATCHES];
    for (int i = 0; i < WARM_SCRATCHES; i++)
        s[i] = idx_scratch_get(ix);
    for (int i = 0; i < WARM_SCRATCHES; i++)
        if (s[i])
            idx_scratch_put(ix, s[i]);
    pthread_rwlock_unlock(&ix->lock);
    /* One search now: the first one otherwise pays ~90 ms of one-time
     * set-up (the classifier's and analyser's first use, the scratch
     * arrays' first touch) on a user's query. */
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "steel pipes";
    q.limit = 1;
    q.facets = true;
    idx_result r;
    hk_err err;
    if (idx_search(ix, &q, &r, &err) == 0)
        idx_result_free(&r);
}

void idx_get_build_times(idx *ix, idx_build_times *out)
{
    pthread_rwlock_rdlock(&ix->lock);
    *out = ix->build_times;
    pthread_rwlock_unlock(&ix->lock);
}

int idx_build_from_store(idx *ix, hk_store *st, size_t *listings, hk_err *err)
{
    build_ctx b;
    bulk_begin(ix);
    int rc = ctx_init(&b, ix, err);
    if (!rc)
        rc = store_org_each(st, put_org, &b, err);
    if (!rc && b.n_batch)
        rc = flush_orgs(&b, false);
    b.n = 0;
    if (!rc)
        rc = store_listing_each(st, put_listing, &b, err);
    if (!rc && b.n_batch)
        rc = flush(&b, false);
    if (!rc && listings)
        *listings = b.n;
    ctx_free(&b);
    finish(ix);
    return rc;
}

/* One phase of a parallel build: the ids from first to last, handed out
 * in chunks. Each thread takes the next chunk when it is done with its
 * own, so a thread slowed down (longer texts, Chinese ones, or another
 * program on its core) leaves more of the work to the others instead of
 * leaving them idle at the end, as fixed halves did. */
typedef struct phase {
    _Atomic int64_t next;     /* first id of the next chunk */
    int64_t last;
    int64_t chunk;            /* ids per chunk, at most */
    int threads;
    bool orgs;                /* organisations, not listings */
} phase;

#define CHUNKS_PER_THREAD 32
#define CHUNK_MIN 256

typedef struct worker {
    pthread_t thread;
    const char *db_path;
    phase *ph;
    build_ctx ctx;
    hk_err err;
    int rc;
    double cpu_ms;            /* this thread's CPU time, over the phases */
    double cpu_wait_ms;       /* and its time waiting for a CPU */
} worker;

static void *build_worker(void *arg)
{
    worker *w = arg;
    phase *ph = w->ph;
    hk_store *st;
    double cpu0 = clock_ms(CLOCK_THREAD_CPUTIME_ID), wait0 = cpu_wait_ms();
    w->rc = store_open(w->db_path, &st, &w->err);
    if (w->rc)
        return NULL;
    for (;;) {
        /* Chunks shrink as the ids left do (a quarter of a thread's share
         * of them, at least CHUNK_MIN): on a loaded machine a thread may
         * run at a tenth of a core, and a whole chunk of 15,000 listings
         * left to one thread at the end kept the other idle for seconds. */
        int64_t a = atomic_load(&ph->next), c = CHUNK_MIN;
        do {
            if (a > ph->last)
                break;
            c = (ph->last - a + 1) / (4 * ph->threads);
            c = c < CHUNK_MIN ? CHUNK_MIN : c > ph->chunk ? ph->chunk : c;
        } while (!atomic_compare_exchange_weak(&ph->next, &a, a + c));
        if (a > ph->last)
            break;
        /* The last chunk runs to the end, whatever was added since. */
        int64_t b = a > ph->last - c ? INT64_MAX : a + c - 1;
        w->rc = ph->orgs ? store_org_each_range(st, a, b, put_org, &w->ctx, &w->err)
                         : store_listing_each_range(st, a, b, put_listing, &w->ctx, &w->err);
        if (w->rc)
            break;
    }
    if (!w->rc && w->ctx.n_batch)
        w->rc = ph->orgs ? flush_orgs(&w->ctx, false) : flush(&w->ctx, false);
    store_close(st);
    w->cpu_ms += clock_ms(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    w->cpu_wait_ms += cpu_wait_ms() - wait0;
    return NULL;
}

/* Runs one phase (organisations or listings) on `threads` threads over the
 * ids from first to last. */
static int run_phase(worker *w, int threads, bool orgs, int64_t first, int64_t last, size_t *n, hk_err *err)
{
    phase ph = {.last = last, .threads = threads, .orgs = orgs};
    atomic_init(&ph.next, first);
    ph.chunk = last >= first ? (last - first + 1) / (threads * CHUNKS_PER_THREAD) : 1;
    if (ph.chunk < CHUNK_MIN)
        ph.chunk = CHUNK_MIN;
    int rc = 0, started = 0;
    for (int i = 0; i < threads; i++) {
        w[i].ph = &ph;
        w[i].ctx.n = 0;
        w[i].rc = 0;
        if (pthread_create(&w[i].thread, NULL, build_worker, &w[i]) != 0) {
            rc = hk_err_set(err, HK_EINTERNAL, NULL, "cannot start an indexing thread");
            break;
        }
        started++;
    }
    *n = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        if (w[i].rc && !rc) {
            *err = w[i].err;
            rc = w[i].rc;
        }
        *n += w[i].ctx.n;
    }
    return rc;
}

int idx_build_parallel(idx *ix, hk_store *st, const char *db_path, int threads, size_t *listings, hk_err *err)
{
    if (threads <= 1 || !db_path || !strcmp(db_path, ":memory:"))
        return idx_build_from_store(ix, st, listings, err);
    if (threads > BUILD_MAX_THREADS)
        threads = BUILD_MAX_THREADS;
    int64_t org_first, org_last, first, last;
    int rc = store_org_id_range(st, &org_first, &org_last, err);
    if (!rc)
        rc = store_listing_id_range(st, &first, &last, err);
    if (rc)
        return rc;
    worker w[BUILD_MAX_THREADS];
    memset(w, 0, sizeof w);
    int ready = 0;
    for (; ready < threads && !rc; ready++) {
        w[ready].db_path = db_path;
        hk_err_clear(&w[ready].err);
        rc = ctx_init(&w[ready].ctx, ix, &w[ready].err);
        if (rc)
            *err = w[ready].err;
    }
    size_t n = 0;
    idx_build_times bt = {.threads = threads};
    bulk_begin(ix);
    double t0 = clock_ms(CLOCK_MONOTONIC);
    if (!rc)
        rc = run_phase(w, threads, true, org_first, org_last, &n, err);
    double t1 = clock_ms(CLOCK_MONOTONIC);
    if (!rc)
        rc = run_phase(w, threads, false, first, last, &n, err);
    double t2 = clock_ms(CLOCK_MONOTONIC);
    for (int i = 0; i < ready; i++) {
        bt.threads_cpu_ms += w[i].cpu_ms;
        bt.lock_wait_ms += w[i].ctx.lock_wait_ms;
        bt.cpu_wait_ms += w[i].cpu_wait_ms;
        ctx_free(&w[i].ctx);
    }
    if (!rc && listings)
        *listings = n;
    finish(ix);
    bt.orgs_ms = t1 - t0;
    bt.listings_ms = t2 - t1;
    bt.finish_ms = clock_ms(CLOCK_MONOTONIC) - t2;
    pthread_rwlock_wrlock(&ix->lock);
    ix->build_times = bt;
    pthread_rwlock_unlock(&ix->lock);
    return rc;
}
