/*
 * engine_listen.c - the listener: on a store whose engine sends change
 * notifications (PostgreSQL's LISTEN/NOTIFY; store_changes_wait), a
 * thread keeps a connection of its own waiting for them and wakes the
 * follower as soon as another node commits a change, so that node B's
 * index has node A's write within milliseconds instead of at the next
 * poll. The follower's polling stays the safety net: a notification lost
 * with a dropped connection costs at most one poll interval. On SQLite
 * there is nothing to listen to and no thread is started.
 */
#include "engine/engine_int.h"

#include <stdio.h>
#include <unistd.h>

#define LISTEN_SLICE_MS 500   /* how long one wait lasts: the longest stop takes */
#define RECONNECT_MS 1000     /* pause before listening again after a failure */

static bool stopping(engine *e)
{
    pthread_mutex_lock(&e->lock);
    bool stop = e->stop;
    pthread_mutex_unlock(&e->lock);
    return stop;
}

static void *listener_main(void *arg)
{
    engine *e = arg;
    hk_store *st = NULL;
    bool reported = false;
    while (!stopping(e)) {
        hk_err err;
        hk_err_clear(&err);
        if (!st && store_open(e->db, &st, &err)) {
            st = NULL;
        } else {
            int r = store_changes_wait(st, LISTEN_SLICE_MS, &err);
            if (r == 1) {
                engine_wake(e);
                reported = false;
            }
            if (r >= 0)
                continue;
            store_close(st); /* a dropped connection: listen afresh */
            st = NULL;
        }
        if (!reported)
            fprintf(stderr, "hamkor: not listening for other nodes' changes (polling meanwhile): %s\n", err.msg);
        reported = true;
        usleep(RECONNECT_MS * 1000);
    }
    store_close(st);
    return NULL;
}

int engine__listener_start(engine *e, hk_err *err)
{
    if (pthread_create(&e->listener, NULL, listener_main, e))
        return hk_err_set(err, HK_EINTERNAL, NULL, "cannot start the change notification listener");
    e->listener_running = true;
    return 0;
}

void engine__listener_stop(engine *e)
{
    /* e->stop is already set (engine__follower_stop). */
    if (e->listener_running)
        pthread_join(e->listener, NULL);
    e->listener_running = false;
}
