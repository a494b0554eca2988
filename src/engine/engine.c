/*
 * engine.c - opening and closing the engine (engine.h), the folder of the
 * shipped data, and the pool of store handles. The follower thread is
 * engine_follow.c.
 *
 * The pool exists because a store handle is used by one thread at a time
 * and opening one costs a connection (and, on SQLite, the schema check):
 * a request or the follower takes a handle, uses it, and gives it back.
 * Every handle is configured once, where it is opened, so that none of
 * them can skip a check (the HS/ISIC codes written must be in the
 * taxonomy the engine loaded).
 */
#include "engine/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The Makefile passes the absolute path of the tree's data/ for a build
 * here, and "../share/hamkor" for `make install`; a build without it
 * finds data/ in the current directory, as before. */
#ifndef HK_DATA_DIR
#define HK_DATA_DIR "data"
#endif

#define PATH_MAX_BYTES 4096

/* A relative HK_DATA_DIR other than the bare "data" of a build without
 * the Makefile names a folder relative to the running executable's
 * folder: the installed binary (PREFIX/bin/hamkor) finds PREFIX/share/hamkor
 * wherever the tree was put, so a DESTDIR staging copy, a Debian package
 * and a tree moved to /opt all work without rebuilding. Resolved once;
 * the executable does not move while it runs. */
static char exe_rel_dir[PATH_MAX_BYTES];
static pthread_once_t exe_rel_once = PTHREAD_ONCE_INIT;

static void resolve_exe_rel(void)
{
    char self[PATH_MAX_BYTES];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash = n > 0 ? (self[n] = '\0', strrchr(self, '/')) : NULL;
    int len = -1;
    if (slash) {
        *slash = '\0';
        len = snprintf(exe_rel_dir, sizeof exe_rel_dir, "%s/%s", self, HK_DATA_DIR);
    }
    /* Without /proc (or with a path too long), the folder as compiled:
     * relative to the current directory, which fails with its name. */
    if (len < 0 || (size_t)len >= sizeof exe_rel_dir)
        snprintf(exe_rel_dir, sizeof exe_rel_dir, "%s", HK_DATA_DIR);
}

const char *engine_data_dir(void)
{
    const char *env = getenv("HAMKOR_DATA_DIR");
    if (env && *env)
        return env;
    if (HK_DATA_DIR[0] == '/' || !strcmp(HK_DATA_DIR, "data"))
        return HK_DATA_DIR;
    pthread_once(&exe_rel_once, resolve_exe_rel);
    return exe_rel_dir;
}

/* dir/name into buf, or HK_EINVAL naming field when it does not fit. */
static int data_path(char *buf, size_t len, const char *dir, const char *name, const char *field, hk_err *err)
{
    int n = snprintf(buf, len, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= len)
        return hk_err_set(err, HK_EINVAL, field, "the data folder's path is too long (%.60s...)", dir);
    return 0;
}

/* What every handle gets when it is opened. */
static void configure(engine *e, hk_store *st)
{
    store_set_code_check(st, tax_code_known, e->t);
}

static engine *engine_alloc(const engine_config *cfg, hk_err *err)
{
    engine *e = calloc(1, sizeof *e);
    if (!e || !(e->db = strdup(cfg->db))) {
        free(e);
        hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&e->pool_lock, NULL);
    pthread_mutex_init(&e->lock, NULL);
    /* Both waits have deadlines; the monotonic clock keeps them true
     * when the wall clock is set. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&e->kick, &ca);
    pthread_cond_init(&e->applied, &ca);
    pthread_condattr_destroy(&ca);
    e->poll_ms = cfg->poll_ms ? cfg->poll_ms : ENGINE_POLL_MS;
    e->on_applied = cfg->on_applied;
    e->on_applied_ctx = cfg->on_applied_ctx;
    e->mail = cfg->mail;
    return e;
}

int engine_open(const engine_config *cfg, engine **out, hk_err *err)
{
    *out = NULL;
    if (!cfg->db || !*cfg->db)
        return hk_err_set(err, HK_EINVAL, "db", "no store was named");
    const char *data = cfg->data_dir && *cfg->data_dir ? cfg->data_dir : engine_data_dir();
    char tax_dir[PATH_MAX_BYTES], geo_dir[PATH_MAX_BYTES];
    int rc = 0;
    if (cfg->taxonomy_dir)
        snprintf(tax_dir, sizeof tax_dir, "%s", cfg->taxonomy_dir);
    else
        rc = data_path(tax_dir, sizeof tax_dir, data, "taxonomy", "data_dir", err);
    if (!rc && cfg->geo_dir)
        snprintf(geo_dir, sizeof geo_dir, "%s", cfg->geo_dir);
    else if (!rc)
        rc = data_path(geo_dir, sizeof geo_dir, data, "geo", "data_dir", err);
    if (rc)
        return rc;

    engine *e = engine_alloc(cfg, err);
    if (!e)
        return HK_ENOMEM;
    hk_store *st = NULL;
    rc = store_open(e->db, &st, err);
    if (!rc)
        rc = text_analyzer_new(&e->a, err);
    if (!rc)
        rc = tax_load(tax_dir, e->a, &e->t, err);
    /* The secretariat's labels and synonyms (PUT /api/v1/taxonomy/...)
     * over the shipped ones, before anything classifies or suggests. */
    if (!rc)
        rc = tax_apply_store(e->t, st, err);
    if (!rc) {
        configure(e, st);
        rc = geo_load(geo_dir, &e->geo, err);
    }
    if (!rc)
        rc = idx_new(e->a, e->t, NULL, &e->ix, err);
    /* The positions are read before the build: a write that lands during
     * the build is applied again afterwards, harmlessly. The alerts
     * consumer resumes where it stopped, which may be well before. */
    if (!rc)
        rc = store_changes_last_seq(st, &e->index_seq, err);
    if (!rc)
        rc = store_consumer_get(st, ENGINE_ALERTS_CONSUMER, &e->alerts_seq, err);
    if (!rc)
        rc = idx_build_parallel(e->ix, st, e->db, cfg->build_threads ? (int)cfg->build_threads : 2, NULL, err);
    /* Asked of this handle before the pool shares it: once the follower
     * runs, the pool is its too. */
    bool can_wait = false;
    if (!rc) {
        e->schema_version = store_db_version(st);
        can_wait = store_changes_can_wait(st);
        e->pool[e->n_pool++] = st;
        st = NULL;
    }
    if (!rc && cfg->follow)
        rc = engine__follower_start(e, err);
    if (!rc && cfg->follow && can_wait)
        rc = engine__listener_start(e, err);
    if (rc) {
        store_close(st);
        engine_close(e);
        return rc;
    }
    *out = e;
    return 0;
}

void engine_close(engine *e)
{
    if (!e)
        return;
    engine__follower_stop(e);
    engine__listener_stop(e);
    /* The handles check codes against e->t: closed before it is freed. */
    for (size_t i = 0; i < e->n_pool; i++)
        store_close(e->pool[i]);
    idx_free(e->ix);
    geo_free(e->geo);
    tax_free(e->t);
    text_analyzer_free(e->a);
    pthread_cond_destroy(&e->kick);
    pthread_cond_destroy(&e->applied);
    pthread_mutex_destroy(&e->lock);
    pthread_mutex_destroy(&e->pool_lock);
    free(e->db);
    free(e);
}

hk_store *engine_store_take(engine *e, hk_err *err)
{
    pthread_mutex_lock(&e->pool_lock);
    hk_store *st = e->n_pool ? e->pool[--e->n_pool] : NULL;
    pthread_mutex_unlock(&e->pool_lock);
    if (st)
        return st;
    if (store_open(e->db, &st, err))
        return NULL;
    configure(e, st);
    return st;
}

void engine_store_give(engine *e, hk_store *st)
{
    if (!st)
        return;
    /* A handle goes back clean: a transaction a caller left open would
     * otherwise be joined by the next user's writes. */
    store_rollback(st);
    pthread_mutex_lock(&e->pool_lock);
    if (e->n_pool < ENGINE_POOL_MAX) {
        e->pool[e->n_pool++] = st;
        st = NULL;
    }
    pthread_mutex_unlock(&e->pool_lock);
    if (st)
        store_close(st);
}

text_analyzer *engine_analyzer(engine *e)
{
    return e->a;
}

tax *engine_taxonomy(engine *e)
{
    return e->t;
}

geo *engine_gazetteer(engine *e)
{
    return e->geo;
}

idx *engine_index(engine *e)
{
    return e->ix;
}

int engine_schema_version(const engine *e)
{
    return e->schema_version;
}
