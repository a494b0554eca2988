/*
 * http_write.c - what follows a committed write. The store appends every
 * change of an organisation or listing to its change log in the write's
 * own transaction; the engine's follower thread (src/engine/
 * engine_follow.c) applies that log to the in-memory index, raises the
 * alerts of changed listings and wakes the live notification streams.
 * A handler only tells it that a write committed and waits until the
 * index has taken it: the writer's next request, whichever worker serves
 * it, then finds its write (read-your-writes). Writes by other processes
 * and other nodes are seen by the follower's polling.
 */
#include "http/http_int.h"

#include <stdio.h>

void http_after_write(http_req *req)
{
    engine *e = req->app->eng;
    hk_err err;
    hk_err_clear(&err);
    /* The log's newest seq as this handle sees it after its commit: at
     * least the seq of this write. */
    int64_t seq = 0;
    if (store_changes_last_seq(req->st, &seq, &err)) {
        fprintf(stderr, "hamkor serve: cannot read the change log after a write (the index follows it anyway): "
                        "%s: %s\n",
                err.field, err.msg);
        engine_wake(e);
        return;
    }
    if (engine_sync(e, seq, HTTP_SYNC_MS))
        fprintf(stderr, "hamkor serve: the index had not taken change %lld after %d ms; it will shortly\n",
                (long long)seq, HTTP_SYNC_MS);
}
