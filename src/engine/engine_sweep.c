/*
 * engine_sweep.c - housekeeping the follower does now and then: records
 * whose time has passed are deleted, so that they neither pile up nor
 * linger where a stolen copy could still be used.
 *
 * Today that is expired sessions (30 days after sign-in, or 7 idle: the
 * rule of auth_session_expired). A session found expired at sign-in is
 * already refused and deleted by the server; the sweep removes the ones
 * nobody comes back with. The follower calls engine__sweep at its first
 * round and then every ENGINE_SWEEP_S seconds; any node may run it (the
 * DELETE is idempotent, so two nodes sweeping at once do no harm).
 */
#include "engine/engine_int.h"

#include <stdio.h>

#include "auth/auth.h"

int engine__sweep(hk_store *st, int64_t now, hk_err *err)
{
    size_t sessions = 0;
    int rc = store_sessions_expire(st, now - AUTH_SESSION_MAX_AGE, now - AUTH_SESSION_IDLE_MAX, &sessions, err);
    if (!rc && sessions)
        fprintf(stderr, "hamkor: swept %zu expired session%s\n", sessions, sessions == 1 ? "" : "s");
    return rc;
}
