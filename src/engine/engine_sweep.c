/*
 * engine_sweep.c - housekeeping the follower does now and then: records
 * whose time has passed are deleted, so that they neither pile up nor
 * linger where a stolen copy could still be used.
 *
 * Three kinds today:
 *  - listings past their expiry date (published, expires before today,
 *    UTC) become expired, through the store's one status path (audit,
 *    change log: the follower's next round takes them out of search);
 *  - the organisations of listings that expire within a week are
 *    reminded, once per expiry date (store_listings_remind_expiring);
 *  - expired sessions (30 days after sign-in, or 7 idle: the rule of
 *    auth_session_expired) are deleted. A session found expired at
 *    sign-in is already refused and deleted by the server; the sweep
 *    removes the ones nobody comes back with. The follower calls engine__sweep at its first
 * round and then every ENGINE_SWEEP_S seconds; any node may run it (the
 * DELETE is idempotent, so two nodes sweeping at once do no harm).
 * `hamkor sweep` runs the same engine_sweep from the command line, with
 * no limit on the batches.
 */
#include "engine/engine_int.h"

#include <stdio.h>

#include "auth/auth.h"

#define EXPIRE_BATCH 256
#define EXPIRE_BATCHES 16 /* per sweep: the rest waits for the next, so a
                           * backlog never holds the follower for long */

int engine_sweep(hk_store *st, int64_t now, unsigned max_batches, engine_sweep_counts *out, hk_err *err)
{
    out->listings = out->reminded = out->sessions = 0;
    size_t n = EXPIRE_BATCH;
    int rc = 0;
    for (unsigned i = 0; (max_batches == 0 || i < max_batches) && n == EXPIRE_BATCH && !rc; i++) {
        rc = store_listings_expire_due(st, EXPIRE_BATCH, &n, err);
        out->listings += rc ? 0 : n;
    }
    n = EXPIRE_BATCH;
    for (unsigned i = 0; (max_batches == 0 || i < max_batches) && n == EXPIRE_BATCH && !rc; i++) {
        rc = store_listings_remind_expiring(st, EXPIRE_BATCH, &n, err);
        out->reminded += rc ? 0 : n;
    }
    if (!rc)
        rc = store_sessions_expire(st, now - AUTH_SESSION_MAX_AGE, now - AUTH_SESSION_IDLE_MAX, &out->sessions,
                                   err);
    return rc;
}

int engine__sweep(hk_store *st, int64_t now, hk_err *err)
{
    engine_sweep_counts c;
    int rc = engine_sweep(st, now, EXPIRE_BATCHES, &c, err);
    if (c.listings)
        fprintf(stderr, "hamkor: expired %zu listing%s past their date\n", c.listings, c.listings == 1 ? "" : "s");
    if (c.reminded)
        fprintf(stderr, "hamkor: reminded the owners of %zu listing%s about to expire\n", c.reminded,
                c.reminded == 1 ? "" : "s");
    if (c.sessions)
        fprintf(stderr, "hamkor: swept %zu expired session%s\n", c.sessions, c.sessions == 1 ? "" : "s");
    return rc;
}
