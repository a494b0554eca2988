/*
 * engine_int.h - the engine's state, shared by engine.c (life cycle, the
 * store pool) and engine_follow.c (the follower thread). Nobody else
 * sees it.
 */
#ifndef HK_ENGINE_INT_H
#define HK_ENGINE_INT_H

#include <pthread.h>

#include "engine/engine.h"

struct engine {
    char *db;                  /* the store's target; from strdup() */
    text_analyzer *a;          /* owned */
    tax *t;                    /* owned */
    geo *geo;                  /* owned */
    idx *ix;                   /* owned */
    int schema_version;        /* of the store, read at open */

    /* The pool of idle store handles, under pool_lock. */
    pthread_mutex_t pool_lock;
    hk_store *pool[ENGINE_POOL_MAX];
    size_t n_pool;

    /* The follower. The fields below lock are under it; the thread reads
     * the change log and writes the index and store without holding it. */
    pthread_mutex_t lock;
    pthread_cond_t kick;       /* the follower waits on it (monotonic clock) */
    pthread_cond_t applied;    /* broadcast when index_seq moves or the follower stops */
    bool wake;                 /* a write committed since the follower last looked */
    bool stop;                 /* engine_close: the follower ends its loop */
    bool follower_running;     /* the thread was started and not yet joined */
    int64_t index_seq;         /* the last change applied to ix */
    int64_t alerts_seq;        /* the alerts consumer's position as this engine
                                * last knew it (the store's is the truth) */
    pthread_t thread;
    pthread_t listener;        /* engine_listen.c; only where the store can wait */
    bool listener_running;     /* started and not yet joined (engine.c's thread only) */
    unsigned poll_ms;          /* > 0 */
    void (*on_applied)(void *ctx);
    void *on_applied_ctx;
    const mail_config *mail;   /* borrowed (engine_config.mail); NULL = no mail */
};

/* engine_follow.c: starts and stops the thread (engine_open, engine_close). */
int engine__follower_start(engine *e, hk_err *err);
/* engine_sweep.c: deletes what has expired by now (unix seconds). */
#define ENGINE_SWEEP_S 600
int engine__sweep(hk_store *st, int64_t now, hk_err *err);
void engine__follower_stop(engine *e);
/* engine_listen.c: the thread that wakes the follower when another node
 * commits (started only for a store that can wait, store_changes_can_wait;
 * stopped after engine__follower_stop, which sets e->stop). */
int engine__listener_start(engine *e, hk_err *err);
void engine__listener_stop(engine *e);

#endif
