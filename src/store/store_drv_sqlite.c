/*
 * store_drv_sqlite.c - the SQLite driver of the store (store_driver.h):
 * one connection to a database file, its statements prepared once per id
 * and kept, values bound natively, errors mapped to HK_E* statuses.
 *
 * Durability settings (docs/store.md says why): WAL journal,
 * synchronous=FULL (the WAL is fsynced at every commit, so a call that
 * returned 0 survives a crash or power loss), foreign_keys=ON, and a busy
 * timeout of 5 s so that a second process waits for the writer instead of
 * failing at once; a lock held longer is HK_EBUSY. Transactions begin
 * IMMEDIATE: the write lock is taken at once, so a transaction never
 * fails half way for want of an upgrade from reader to writer.
 */
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 5000
/* Page cache per connection, in KiB (negative PRAGMA cache_size). Bulk
 * loads of a million listings insert into several indexes at random
 * places; 64 MiB keeps their upper levels in memory. Pages are allocated
 * only as used. */
#define CACHE_KIB 65536

typedef struct lite_conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[SQ__COUNT];  /* prepared on first use, kept */
    bool busy[SQ__COUNT];           /* being stepped: a nested use prepares its own */
} lite_conn;

static int lite_err(sqlite3 *db, hk_err *err)
{
    int ext = sqlite3_extended_errcode(db);
    const char *m = sqlite3_errmsg(db);
    switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return hk_err_set(err, HK_EBUSY, "", "the database stayed locked by another writer for over %d s (%s)",
                          BUSY_TIMEOUT_MS / 1000, m);
    case SQLITE_NOMEM:
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    case SQLITE_CONSTRAINT:
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return hk_err_set(err, HK_ECONFLICT, "", "%s", m);
        return hk_err_set(err, HK_EINVAL, "", "%s", m);
    case SQLITE_FULL:
        return hk_err_set(err, HK_EIO, "", "the disk is full");
    default:
        return hk_err_set(err, HK_EIO, "", "%s", m);
    }
}

static int lite_exec(void *conn, const char *sql, hk_err *err)
{
    lite_conn *c = conn;
    if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return lite_err(c->db, err);
    return 0;
}

static int lite_open(const char *path, void **out, hk_err *err)
{
    *out = NULL;
    lite_conn *c = calloc(1, sizeof *c);
    if (!c)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        int rc = hk_err_set(err, HK_EIO, "db", "cannot open database %s: %s", path,
                            c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    char settings[256];
    /* journal_mode answers "memory" for ":memory:" databases; that is
     * fine, so its answer is not checked. */
    snprintf(settings, sizeof settings,
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
             "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -%d;",
             CACHE_KIB);
    int rc = lite_exec(c, settings, err);
    if (!rc)
        rc = store__register_lower(c->db, err);
    if (rc) {
        store__err_prefix(err, path);
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

static void lite_close(void *conn)
{
    lite_conn *c = conn;
    if (!c)
        return;
    for (int i = 0; i < SQ__COUNT; i++)
        sqlite3_finalize(c->stmt[i]);
    sqlite3_close(c->db);
    free(c);
}

static int lite_begin(void *conn, hk_err *err)
{
    return lite_exec(conn, "BEGIN IMMEDIATE", err);
}

static int lite_commit(void *conn, hk_err *err)
{
    return lite_exec(conn, "COMMIT", err);
}

static void lite_rollback(void *conn)
{
    lite_conn *c = conn;
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A list of ids as the JSON array json_each reads: "[1,2,3]". */
static char *ints_json(const int64_t *v, size_t n)
{
    char *s = malloc(n * 21 + 3), *p = s;
    if (!s)
        return NULL;
    *p++ = '[';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%lld", i ? "," : "", (long long)v[i]);
    *p++ = ']';
    *p = '\0';
    return s;
}

static int bind(sqlite3_stmt *s, const store_val *p, int n, char **owned)
{
    for (int i = 0; i < n; i++) {
        int r, k = i + 1;
        switch (p[i].type) {
        case SV_INT:
        case SV_BOOL:
        case SV_TIME: r = sqlite3_bind_int64(s, k, p[i].i); break;
        case SV_DOUBLE: r = sqlite3_bind_double(s, k, p[i].d); break;
        case SV_TEXT: r = sqlite3_bind_text(s, k, p[i].s, -1, SQLITE_STATIC); break;
        case SV_INTS: {
            char *j = ints_json(p[i].ints, p[i].n);
            if (!j)
                return SQLITE_NOMEM;
            free(owned[i]);
            owned[i] = j;
            r = sqlite3_bind_text(s, k, j, -1, SQLITE_STATIC);
            break;
        }
        default: r = sqlite3_bind_null(s, k);
        }
        if (r != SQLITE_OK)
            return r;
    }
    return SQLITE_OK;
}

#define MAX_PARAMS 32

static int lite_run(void *conn, int id, const char *sql, const store_val *p, int n, store_row_fn fn, void *ctx,
                    int64_t *changed, hk_err *err)
{
    lite_conn *c = conn;
    if (n > MAX_PARAMS)
        return hk_err_set(err, HK_EINTERNAL, "", "statement %d has more than %d parameters", id, MAX_PARAMS);
    sqlite3_stmt *s = c->stmt[id];
    bool own = false; /* a statement of this call only, finalized at its end */
    if (!s || c->busy[id]) {
        unsigned flags = c->busy[id] ? 0 : SQLITE_PREPARE_PERSISTENT;
        if (sqlite3_prepare_v3(c->db, sql, -1, flags, &s, NULL) != SQLITE_OK)
            return lite_err(c->db, err);
        own = c->busy[id];
        if (!own)
            c->stmt[id] = s;
    }
    char *owned[MAX_PARAMS] = {0};
    int rows = 0, r = bind(s, p, n, owned);
    if (r == SQLITE_OK) {
        if (!own)
            c->busy[id] = true;
        store_row row = {.drv = &store_driver_sqlite, .res = s};
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            rows++;
            if (fn && fn(&row, ctx)) {
                r = SQLITE_DONE;
                break;
            }
        }
        if (!own)
            c->busy[id] = false;
    }
    int rc = r == SQLITE_DONE ? rows : lite_err(c->db, err);
    if (changed)
        *changed = sqlite3_changes64(c->db);
    if (own) {
        sqlite3_finalize(s);
    } else {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    for (int i = 0; i < n; i++)
        free(owned[i]);
    return rc;
}

static bool lite_is_null(const store_row *r, int col)
{
    return sqlite3_column_type(r->res, col) == SQLITE_NULL;
}

static int64_t lite_int(const store_row *r, int col)
{
    return sqlite3_column_int64(r->res, col);
}

static double lite_double(const store_row *r, int col)
{
    return sqlite3_column_double(r->res, col);
}

static const char *lite_text(const store_row *r, int col)
{
    return (const char *)sqlite3_column_text(r->res, col);
}

static bool lite_bool(const store_row *r, int col)
{
    return sqlite3_column_int64(r->res, col) != 0;
}

const store_driver store_driver_sqlite = {
    .name = "sqlite",
    .dialect = STORE_SQLITE,
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .run = lite_run,
    .is_null = lite_is_null,
    .col_int = lite_int,
    .col_double = lite_double,
    .col_text = lite_text,
    .col_bool = lite_bool,
    .col_time = lite_int,
};
