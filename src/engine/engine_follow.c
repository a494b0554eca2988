/*
 * engine_follow.c - the follower: one thread per engine that keeps the
 * in-memory index in step with the store's change log, raises the alerts
 * of changed listings, and runs the index's compaction.
 *
 * The store appends every write of an organisation or listing to its
 * change log, in the write's own transaction (store.h, "change log"). The
 * follower waits until it is woken (engine_wake, engine_sync: a write
 * committed here) or ENGINE_POLL_MS passed (the safety net that sees the
 * writes of other processes, `hamkor import` into a live database, and
 * of other nodes), then runs a round:
 *
 *  1. Index. The changes after index_seq are read and applied: the
 *     record's current state is read from the store and put in the index
 *     (idx_put_organisation, idx_put_listing), or deleted from it when the
 *     listing is gone. index_seq is only in memory: the index is rebuilt
 *     at every start, and starts at the log's position read before the
 *     build. Waiters of engine_sync are signalled here.
 *
 *  2. Alerts. The listing changes after alerts_seq, up to index_seq (the
 *     alerts need the listing in the index), are run through
 *     match_alerts_for_listing, ALERTS_PER_TX listings per store
 *     transaction, and store_consumer_set("alerts") joins that
 *     transaction: the position commits together with the notifications
 *     it accounts for, so a crash loses neither and a restart resumes
 *     where it stopped (engine_open reads the position). A failed
 *     transaction changes nothing; the same changes are tried again at
 *     the next round. Several nodes may raise the same alert at once: the
 *     store's UNIQUE constraint tells each user once, and the position
 *     never moves back.
 *
 *  3. Every ENGINE_SWEEP_S, engine__sweep (engine_sweep.c) deletes
 *     expired records.
 *
 *  4. When SMTP is configured, every MAIL_ROUND_S, mail_outbox_round
 *     (src/mail/mail_outbox.c) queues the daily digests due and sends a
 *     bounded batch of queued mails (MAIL_BATCH, each with a short
 *     timeout), so that a slow mail server holds the index up briefly.
 *
 *  5. idx_refresh_day (a new day takes listings past their date out of
 *     search at once, before the sweep marks them expired in the store),
 *     idx_compact_step, then cfg->on_applied (the server wakes its live
 *     notification streams there).
 *
 * The two steps read the log separately, each at most a bounded number of
 * changes, so that a long backlog of alerts (after a restart) never holds
 * up the index: every round starts with the index, and a writer waiting
 * in engine_sync waits for at most one bounded alerts step.
 *
 * A change that cannot be applied (the store fails, memory runs out) is
 * logged once and tried again at every round; nothing after it moves
 * past it, so no change is skipped.
 */
#include "engine/engine_int.h"
#include "hk_time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/match.h"

#define INDEX_ROUND_MAX 1024   /* records applied to the index per round */
#define ALERTS_ROUND_MAX 128   /* listings whose alerts are raised per round */
#define ALERTS_PER_TX 32       /* listings whose alerts share one transaction */
#define COMPACT_BUDGET (1 << 18) /* postings looked at per round while a sweep is due */

/* ---- reading the log ---- */

typedef struct change {
    int64_t seq;               /* the last change of this record in a run of them */
    int64_t id;
    bool is_listing;           /* else an organisation */
} change;

typedef struct change_list {
    change *v;                 /* from malloc(); reused from step to step */
    size_t n, cap;
    size_t max;                /* stop after this many records */
    int64_t last_seq;          /* every change up to here is in v (or needs nothing) */
    bool full;                 /* stopped at max: more may follow */
    bool oom;
} change_list;

static int collect(const store_change *c, void *ctx)
{
    change_list *l = ctx;
    bool is_listing = !strcmp(c->entity, "listing");
    if (!is_listing && strcmp(c->entity, "organisation") != 0) {
        l->last_seq = c->seq; /* nothing the index or the alerts know of */
        return 0;
    }
    /* Several changes of one record in a row are applied once: each
     * application reads the record as it is now. */
    if (l->n && l->v[l->n - 1].id == c->entity_id && l->v[l->n - 1].is_listing == is_listing) {
        l->v[l->n - 1].seq = c->seq;
        l->last_seq = c->seq;
        return 0;
    }
    if (l->n == l->max) {
        l->full = true;
        return 1;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        change *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = true;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (change){c->seq, c->entity_id, is_listing};
    l->last_seq = c->seq;
    return 0;
}

/* Reads at most max records changed after after_seq into l. */
static int read_changes(hk_store *st, int64_t after_seq, size_t max, change_list *l, hk_err *err)
{
    l->n = 0;
    l->max = max;
    l->last_seq = after_seq;
    l->full = l->oom = false;
    int rc = store_changes_since(st, after_seq, collect, l, err);
    if (!rc && l->oom)
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    return rc;
}

/* ---- what a round keeps between rounds (the follower thread's own) ---- */

typedef struct follower {
    engine *e;
    change_list l;
    int64_t index_failed_at;   /* the change whose failure was logged last (0 = none) */
    int64_t alerts_failed_at;
    int64_t swept_at;          /* unix time of the last engine__sweep (0 = never) */
    int64_t mailed_at;         /* unix time of the last mail_outbox_round (0 = never) */
    bool mail_failing;         /* the last round failed (logged once until one succeeds) */
} follower;

/* Logs a failure at seq once: the same failure every ENGINE_POLL_MS would
 * bury the log. */
static void log_once(int64_t *logged, int64_t seq, const char *what, const hk_err *err)
{
    if (*logged == seq)
        return;
    *logged = seq;
    fprintf(stderr, "hamkor: %s at change %lld (tried again at every round): %s%s%s\n", what, (long long)seq,
            err->field, err->field[0] ? ": " : "", err->msg);
}

/* ---- 1. the index ---- */

static int apply(engine *e, hk_store *st, const change *c, hk_err *err)
{
    if (!c->is_listing) {
        organisation o;
        int rc = store_org_get(st, c->id, &o, err);
        if (rc)
            return rc;
        rc = idx_put_organisation(e->ix, &o, err);
        organisation_free(&o);
        return rc;
    }
    listing l;
    int rc = store_listing_get(st, c->id, &l, err);
    if (rc == HK_ENOTFOUND) {
        idx_delete_listing(e->ix, c->id);
        return 0;
    }
    if (rc)
        return rc;
    rc = idx_put_listing(e->ix, &l, err);
    listing_free(&l);
    return rc;
}

/* Applies the changes after index_seq; *more when a round could not take
 * them all. Returns whether anything was applied. */
static bool index_step(follower *f, hk_store *st, bool *more)
{
    engine *e = f->e;
    pthread_mutex_lock(&e->lock);
    int64_t from = e->index_seq;
    pthread_mutex_unlock(&e->lock);
    hk_err err;
    hk_err_clear(&err);
    change_list *l = &f->l;
    int rc = read_changes(st, from, INDEX_ROUND_MAX, l, &err);
    if (rc) {
        log_once(&f->index_failed_at, from + 1, "the index could not read the change log", &err);
        return false;
    }
    int64_t to = l->last_seq;
    for (size_t i = 0; i < l->n; i++) {
        if ((rc = apply(e, st, &l->v[i], &err))) {
            log_once(&f->index_failed_at, l->v[i].seq, "the index could not apply a change", &err);
            to = l->v[i].seq - 1; /* everything before it is applied */
            break;
        }
    }
    *more = *more || (!rc && l->full);
    if (to <= from)
        return false;
    pthread_mutex_lock(&e->lock);
    e->index_seq = to;
    pthread_cond_broadcast(&e->applied);
    pthread_mutex_unlock(&e->lock);
    return true;
}

/* ---- 2. the alerts ---- */

/* Raises the alerts of l->v[*i ...] (changes up to upper) in one
 * transaction with the consumer's new position: at most ALERTS_PER_TX
 * listings. Moves *i past what it covered and *pos to the position saved. */
static int alerts_tx(follower *f, hk_store *st, size_t *i, int64_t upper, int64_t *pos, hk_err *err)
{
    const change_list *l = &f->l;
    int rc = store_begin(st, err);
    if (rc)
        return rc;
    size_t k = *i, listings = 0;
    int64_t upto = *pos;
    for (; k < l->n && l->v[k].seq <= upper; k++) {
        const change *c = &l->v[k];
        if (c->seq <= *pos)
            continue;
        if (c->is_listing) {
            if (listings == ALERTS_PER_TX)
                break;
            listings++;
            rc = match_alerts_for_listing(f->e->ix, st, c->id, NULL, err);
            if (rc == HK_ENOTFOUND) /* gone from the store since: nobody to tell */
                rc = 0;
            if (rc)
                break;
        }
        upto = c->seq;
    }
    /* Past the last record: the changes up to upper that needed nothing. */
    if (!rc && (k == l->n || l->v[k].seq > upper))
        upto = upper;
    if (!rc && upto > *pos)
        rc = store_consumer_set(st, ENGINE_ALERTS_CONSUMER, upto, err);
    if (!rc)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    if (rc)
        return rc;
    *i = k;
    *pos = upto;
    return 0;
}

/* Raises the alerts of the listing changes after alerts_seq that the
 * index has applied. Returns whether the position moved. */
static bool alerts_step(follower *f, hk_store *st, bool *more)
{
    engine *e = f->e;
    pthread_mutex_lock(&e->lock);
    int64_t pos = e->alerts_seq, indexed = e->index_seq;
    pthread_mutex_unlock(&e->lock);
    if (pos >= indexed)
        return false;
    hk_err err;
    hk_err_clear(&err);
    /* Another process or node may have raised these already. */
    int64_t stored = 0;
    int rc = store_consumer_get(st, ENGINE_ALERTS_CONSUMER, &stored, &err);
    if (!rc && stored > pos)
        pos = stored;
    if (!rc && pos < indexed)
        rc = read_changes(st, pos, ALERTS_ROUND_MAX, &f->l, &err);
    if (rc) {
        log_once(&f->alerts_failed_at, pos + 1, "alerts could not read the change log", &err);
        return false;
    }
    int64_t start = pos;
    if (pos < indexed) {
        /* Up to what the index holds and this read saw, whichever is less. */
        int64_t upper = f->l.last_seq < indexed ? f->l.last_seq : indexed;
        size_t i = 0;
        while (!rc && pos < upper)
            if ((rc = alerts_tx(f, st, &i, upper, &pos, &err)))
                log_once(&f->alerts_failed_at, pos + 1, "alerts could not be raised", &err);
        *more = *more || (!rc && f->l.full);
    }
    pthread_mutex_lock(&e->lock);
    if (pos > e->alerts_seq)
        e->alerts_seq = pos;
    pthread_mutex_unlock(&e->lock);
    return pos > start;
}

/* ---- the thread ---- */

/* One round; returns whether anything changed. *more when the log had
 * more than a round takes. */
static bool round_once(follower *f, bool *more)
{
    engine *e = f->e;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st = engine_store_take(e, &err);
    if (!st) {
        log_once(&f->index_failed_at, -1, "the follower could not open the store", &err);
        return false;
    }
    bool changed = index_step(f, st, more);
    changed |= alerts_step(f, st, more);
    int64_t now = (int64_t)time(NULL);
    if (now - f->swept_at >= ENGINE_SWEEP_S) {
        f->swept_at = now; /* a failure is logged and tried at the next sweep */
        if (engine__sweep(st, now, &err))
            fprintf(stderr, "hamkor: the sweep of expired records failed: %s: %s\n", err.field, err.msg);
    }
    if (e->mail && now - f->mailed_at >= MAIL_ROUND_S) {
        f->mailed_at = now;
        mail_round_counts mc;
        hk_err_clear(&err);
        int mrc = mail_outbox_round(st, e->mail, now, 0, &mc, &err);
        if (mrc && !f->mail_failing)
            fprintf(stderr, "hamkor: the mail outbox could not be read (tried again every %d s): %s\n", MAIL_ROUND_S,
                    err.msg);
        f->mail_failing = mrc != 0;
        if (mc.failed)
            fprintf(stderr, "hamkor: %zu mail%s could not be sent (kept in the outbox for a later attempt)\n",
                    mc.failed, mc.failed == 1 ? "" : "s");
    }
    engine_store_give(e, st);
    /* When edits have left enough dead postings, each round gives a
     * millisecond or so to dropping them (idx_compact.c); cheap when no
     * sweep is due. */
    idx_refresh_day(e->ix);
    idx_compact_step(e->ix, COMPACT_BUDGET, NULL);
    return changed;
}


static void *follower_main(void *arg)
{
    follower f = {.e = arg};
    engine *e = f.e;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        struct timespec until = hk_deadline_ms(e->poll_ms);
        while (!e->wake && !e->stop)
            if (pthread_cond_timedwait(&e->kick, &e->lock, &until) == ETIMEDOUT)
                break;
        if (e->stop)
            break;
        bool woken = e->wake;
        e->wake = false;
        pthread_mutex_unlock(&e->lock);
        bool more = false;
        bool changed = round_once(&f, &more);
        /* A write that was woken for may have raised notifications of its
         * own (an interest, a message) without a change to follow. */
        if ((changed || woken) && e->on_applied)
            e->on_applied(e->on_applied_ctx);
        pthread_mutex_lock(&e->lock);
        if (more)
            e->wake = true;
    }
    pthread_mutex_unlock(&e->lock);
    free(f.l.v);
    return NULL;
}

int engine__follower_start(engine *e, hk_err *err)
{
    pthread_mutex_lock(&e->lock);
    e->wake = true; /* the first round at once: alerts left from before a restart */
    e->stop = false;
    int r = pthread_create(&e->thread, NULL, follower_main, e);
    e->follower_running = r == 0;
    pthread_mutex_unlock(&e->lock);
    if (r)
        return hk_err_set(err, HK_EINTERNAL, NULL, "cannot start the change log follower thread");
    return 0;
}

void engine__follower_stop(engine *e)
{
    pthread_mutex_lock(&e->lock);
    bool running = e->follower_running;
    e->stop = true;
    pthread_cond_signal(&e->kick);
    pthread_cond_broadcast(&e->applied);
    pthread_mutex_unlock(&e->lock);
    if (!running)
        return;
    pthread_join(e->thread, NULL);
    pthread_mutex_lock(&e->lock);
    e->follower_running = false;
    pthread_mutex_unlock(&e->lock);
}

void engine_wake(engine *e)
{
    pthread_mutex_lock(&e->lock);
    e->wake = true;
    pthread_cond_signal(&e->kick);
    pthread_mutex_unlock(&e->lock);
}

int engine_sync(engine *e, int64_t seq, int timeout_ms)
{
    struct timespec until = hk_deadline_ms(timeout_ms > 0 ? timeout_ms : 0);
    pthread_mutex_lock(&e->lock);
    e->wake = true;
    pthread_cond_signal(&e->kick);
    int rc = 0;
    while (e->index_seq < seq) {
        if (!e->follower_running || e->stop) {
            rc = HK_EBUSY;
            break;
        }
        if (pthread_cond_timedwait(&e->applied, &e->lock, &until) == ETIMEDOUT) {
            rc = e->index_seq >= seq ? 0 : HK_EBUSY;
            break;
        }
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}
