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
 */
#include "engine/engine_int.h"

#include <stdio.h>

#include "auth/auth.h"

#define EXPIRE_BATCH 256
#define EXPIRE_BATCHES 16 /* per sweep: the rest waits for the next, so a
                           * backlog never holds the follower for long */

int engine__sweep(hk_store *st, int64_t now, hk_err *err)
{
    size_t listings = 0, n = EXPIRE_BATCH;
    int rc = 0;
    for (int i = 0; i < EXPIRE_BATCHES && n == EXPIRE_BATCH && !rc; i++) {
        rc = store_listings_expire_due(st, EXPIRE_BATCH, &n, err);
        listings += n;
    }
    if (listings)
        fprintf(stderr, "hamkor: expired %zu listing%s past their date\n", listings, listings == 1 ? "" : "s");
    if (rc)
        return rc;
    size_t reminded = 0;
    n = EXPIRE_BATCH;
    for (int i = 0; i < EXPIRE_BATCHES && n == EXPIRE_BATCH && !rc; i++) {
        rc = store_listings_remind_expiring(st, EXPIRE_BATCH, &n, err);
        reminded += n;
    }
    if (reminded)
        fprintf(stderr, "hamkor: reminded the owners of %zu listing%s about to expire\n", reminded,
                reminded == 1 ? "" : "s");
    if (rc)
        return rc;
    size_t sessions = 0;
    rc = store_sessions_expire(st, now - AUTH_SESSION_MAX_AGE, now - AUTH_SESSION_IDLE_MAX, &sessions, err);
    if (!rc && sessions)
        fprintf(stderr, "hamkor: swept %zu expired session%s\n", sessions, sessions == 1 ? "" : "s");
    return rc;
}
