/*
 * store_sqlite.c - opening and closing the SQLite store of record, and the
 * machinery every other store file uses: the prepared-statement cache,
 * transactions, error mapping, the audit log and the change log, and the
 * referential checks shared by organisations and listings.
 *
 * Durability settings (see docs/store.md for why): WAL journal,
 * synchronous=FULL (the WAL is fsynced at every commit, so a call that
 * returned 0 survives a crash or power loss), foreign_keys=ON,
 * busy_timeout 5 s so that a second process waits for the writer instead
 * of failing at once.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUSY_TIMEOUT_MS 5000
/* Page cache per connection, in KiB (negative PRAGMA cache_size). Bulk
 * loads of a million listings insert into several indexes at random
 * places; 64 MiB keeps their upper levels in memory. Pages are allocated
 * only as used. */
#define CACHE_KIB 65536


int store__sqlerr(hk_store *st, const char *what, hk_err *err)
{
    int ext = sqlite3_extended_errcode(st->db);
    int code = ext & 0xff;
    const char *m = sqlite3_errmsg(st->db);
    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return hk_err_set(err, HK_EIO, "", "%s: the database stayed locked by another writer for over %d s (%s)",
                          what, BUSY_TIMEOUT_MS / 1000, m);
    case SQLITE_NOMEM:
        return hk_err_set(err, HK_ENOMEM, "", "%s: out of memory", what);
    case SQLITE_CONSTRAINT:
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return hk_err_set(err, HK_ECONFLICT, "", "%s: %s", what, m);
        return hk_err_set(err, HK_EINVAL, "", "%s: %s", what, m);
    case SQLITE_FULL:
        return hk_err_set(err, HK_EIO, "", "%s: the disk is full", what);
    default:
        return hk_err_set(err, HK_EIO, "", "%s: %s", what, m);
    }
}

sqlite3_stmt *store__stmt(hk_store *st, store_sq slot, const char *sql, hk_err *err)
{
    sqlite3_stmt *s = st->sq[slot];
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        store__sqlerr(st, "preparing a statement", err);
        return NULL;
    }
    st->sq[slot] = s;
    return s;
}

int store__exec(hk_store *st, const char *sql, hk_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = store__sqlerr(st, "running SQL", err);
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

int store__id_range(hk_store *st, const char *sql, int64_t *first, int64_t *last, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "id range", err);
    int rc = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        *first = sqlite3_column_int64(s, 0);
        *last = sqlite3_column_int64(s, 1);
    } else {
        rc = store__sqlerr(st, "id range", err);
    }
    sqlite3_finalize(s);
    return rc;
}

int store__run(hk_store *st, sqlite3_stmt *s, const char *what, hk_err *err)
{
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        ;
    int rc = r == SQLITE_DONE ? 0 : store__sqlerr(st, what, err);
    sqlite3_reset(s);
    return rc;
}

int store__bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (!v || !*v)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int store__col_dup(sqlite3_stmt *s, int i, char **out)
{
    *out = NULL;
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return 0;
    const unsigned char *t = sqlite3_column_text(s, i);
    int n = sqlite3_column_bytes(s, i);
    if (!t)
        return HK_ENOMEM;
    *out = malloc((size_t)n + 1);
    if (!*out)
        return HK_ENOMEM;
    memcpy(*out, t, (size_t)n);
    (*out)[n] = '\0';
    return 0;
}

void store__col_fixed(sqlite3_stmt *s, int i, char *out, size_t size)
{
    out[0] = '\0';
    const unsigned char *t = sqlite3_column_text(s, i);
    if (t)
        snprintf(out, size, "%s", (const char *)t);
}

int64_t store__now(void)
{
    return (int64_t)time(NULL);
}

const char *store__today(hk_store *st)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(st->today, sizeof st->today, "%Y-%m-%d", &tm);
    return st->today;
}

void store__forget_caches(hk_store *st)
{
    memset(st->country_known, 0, sizeof st->country_known);
    st->org_known = 0;
}

void store__err_prefix(hk_err *err, const char *prefix)
{
    if (!err)
        return;
    size_t p = strlen(prefix) + 2, n = strlen(err->msg);
    if (p >= sizeof err->msg)
        return;
    if (n + p >= sizeof err->msg)
        n = sizeof err->msg - p - 1;
    memmove(err->msg + p, err->msg, n);
    err->msg[p + n] = '\0';
    memcpy(err->msg, prefix, p - 2);
    err->msg[p - 2] = ':';
    err->msg[p - 1] = ' ';
}

bool store__cur_at(store_cur *c, int64_t id)
{
    while (c->r == SQLITE_ROW && sqlite3_column_int64(c->s, 0) < id)
        c->r = sqlite3_step(c->s);
    return c->r == SQLITE_ROW && sqlite3_column_int64(c->s, 0) == id;
}

int store__cur_status(hk_store *st, const store_cur *c, hk_err *err)
{
    if (c->r == SQLITE_ROW || c->r == SQLITE_DONE)
        return 0;
    return store__sqlerr(st, "reading child rows", err);
}

void *store__grow(void *arr, size_t n, size_t sz)
{
    if (n >= MODEL_MAX_LIST)
        return NULL;
    void *p = realloc(arr, (n + 1) * sz);
    if (p)
        memset((char *)p + n * sz, 0, sz);
    return p;
}

/* ---- transactions ---- */

int store__tx_enter(hk_store *st, bool *own, hk_err *err)
{
    if (st->in_tx) {
        *own = false;
        if (st->tx_failed)
            return hk_err_set(err, HK_EIO, "",
                              "an earlier write in this transaction failed; roll it back before writing again");
        return 0;
    }
    /* IMMEDIATE takes the write lock now, so a transaction never fails
     * half way for want of an upgrade from reader to writer. */
    int rc = store__exec(st, "BEGIN IMMEDIATE", err);
    *own = rc == 0;
    return rc;
}

int store__tx_leave(hk_store *st, bool own, int rc, bool wrote, hk_err *err)
{
    if (!own) {
        if (rc && wrote)
            st->tx_failed = true;
        return rc;
    }
    if (rc) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        store__forget_caches(st);
        return rc;
    }
    int c = store__exec(st, "COMMIT", err);
    if (c) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        store__forget_caches(st);
    }
    return c;
}

int store_begin(hk_store *st, hk_err *err)
{
    if (st->in_tx)
        return hk_err_set(err, HK_EINTERNAL, "", "a transaction is already open on this store");
    int rc = store__exec(st, "BEGIN IMMEDIATE", err);
    if (rc == 0) {
        st->in_tx = true;
        st->tx_failed = false;
    }
    return rc;
}

int store_commit(hk_store *st, hk_err *err)
{
    if (!st->in_tx)
        return hk_err_set(err, HK_EINTERNAL, "", "store_commit without store_begin");
    if (st->tx_failed) {
        store_rollback(st);
        return hk_err_set(err, HK_EIO, "", "a write in the transaction failed half way; everything was rolled back");
    }
    int rc = store__exec(st, "COMMIT", err);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    st->in_tx = false;
    return 0;
}

void store_rollback(hk_store *st)
{
    if (!st || !st->in_tx)
        return;
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = false;
    st->tx_failed = false;
    store__forget_caches(st);
}

/* ---- audit and change logs ---- */

int store__audit(hk_store *st, int64_t actor, const char *action, const char *entity, int64_t id,
                 const char *detail, hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, SQ_AUDIT_ADD,
                                  "INSERT INTO audit_log(at, actor_id, action, entity, entity_id, detail) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  err);
    if (!s)
        return err ? err->code : HK_EIO;
    sqlite3_bind_int64(s, 1, store__now());
    sqlite3_bind_int64(s, 2, actor);
    sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, id);
    store__bind_text(s, 6, detail);
    return store__run(st, s, "writing the audit log", err);
}

int store__change(hk_store *st, const char *entity, int64_t id, const char *op, int64_t at, hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, SQ_CHANGE_ADD,
                                  "INSERT INTO changes(entity, entity_id, op, at) VALUES (?1, ?2, ?3, ?4)", err);
    if (!s)
        return err ? err->code : HK_EIO;
    sqlite3_bind_text(s, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_text(s, 3, op, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, at);
    return store__run(st, s, "writing the change log", err);
}

/* ---- referential checks ---- */

int store__country_exists(hk_store *st, const char *iso2, const char *field, hk_err *err)
{
    if (!model_is_iso2(iso2))
        return hk_err_set(err, HK_EINVAL, field, "%s must be two upper-case letters (ISO 3166-1 alpha-2)", field);
    int slot = (iso2[0] - 'A') * 26 + (iso2[1] - 'A');
    if (st->country_known[slot])
        return 0;
    sqlite3_stmt *s = store__stmt(st, SQ_COUNTRY_EXISTS, "SELECT 1 FROM countries WHERE iso2 = ?1", err);
    if (!s)
        return err ? err->code : HK_EIO;
    sqlite3_bind_text(s, 1, iso2, 2, SQLITE_STATIC);
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r == SQLITE_ROW) {
        st->country_known[slot] = 1;
        return 0;
    }
    if (r != SQLITE_DONE)
        return store__sqlerr(st, "looking up a country", err);
    return hk_err_set(err, HK_EINVAL, field, "%s: %s is not a country known to hamkor", field, iso2);
}

int store__codes_known(hk_store *st, const char *scheme, const char *field, char **codes, size_t n, hk_err *err)
{
    if (!st->code_fn)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!st->code_fn(st->code_ctx, scheme, codes[i])) {
            char path[64];
            snprintf(path, sizeof path, "%s[%zu]", field, i);
            return hk_err_set(err, HK_EINVAL, path, "%s: %s is not a known %s code", path, codes[i],
                              strcmp(scheme, "hs") == 0 ? "HS" : "ISIC");
        }
    return 0;
}

int store__org_exists(hk_store *st, int64_t id, const char *field, hk_err *err)
{
    if (id > 0 && id == st->org_known)
        return 0;
    sqlite3_stmt *s = store__stmt(st, SQ_ORG_EXISTS, "SELECT 1 FROM organisations WHERE id = ?1", err);
    if (!s)
        return err ? err->code : HK_EIO;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r == SQLITE_ROW) {
        st->org_known = id;
        return 0;
    }
    if (r != SQLITE_DONE)
        return store__sqlerr(st, "looking up an organisation", err);
    return hk_err_set(err, HK_EINVAL, field, "%s: organisation %lld does not exist", field, (long long)id);
}

void store_set_code_check(hk_store *st, store_code_known_fn fn, void *ctx)
{
    st->code_fn = fn;
    st->code_ctx = ctx;
}

/* ---- open and close ---- */

static int pragma(hk_store *st, const char *sql, hk_err *err)
{
    return store__exec(st, sql, err);
}

int store_open(const char *path, hk_store **out, hk_err *err)
{
    *out = NULL;
    hk_store *st = calloc(1, sizeof *st);
    if (!st)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        int rc = hk_err_set(err, HK_EIO, "db", "cannot open database %s: %s", path,
                            st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sqlite3_close(st->db);
        free(st);
        return rc;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    char cache[64];
    snprintf(cache, sizeof cache, "PRAGMA cache_size = -%d", CACHE_KIB);
    /* journal_mode answers "memory" for ":memory:" databases; that is
     * fine, so its answer is not checked. */
    int rc = pragma(st, "PRAGMA journal_mode = WAL", err);
    if (!rc)
        rc = pragma(st, "PRAGMA synchronous = FULL", err);
    if (!rc)
        rc = pragma(st, "PRAGMA foreign_keys = ON", err);
    if (!rc)
        rc = pragma(st, "PRAGMA temp_store = MEMORY", err);
    if (!rc)
        rc = pragma(st, cache, err);
    if (!rc)
        rc = store__register_lower(st, err);
    if (!rc)
        rc = store__migrate(st, err);
    if (rc) {
        if (err && err->code == HK_EIO && !strstr(err->msg, path))
            store__err_prefix(err, path);
        store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

void store_close(hk_store *st)
{
    if (!st)
        return;
    if (st->in_tx)
        store_rollback(st);
    for (int i = 0; i < SQ__COUNT; i++)
        sqlite3_finalize(st->sq[i]);
    sqlite3_close(st->db);
    free(st);
}

int store__read_codes(store_cur *c, int64_t id, char ***hs, size_t *n_hs, char ***isic, size_t *n_isic)
{
    while (store__cur_at(c, id)) {
        bool is_hs = strcmp((const char *)sqlite3_column_text(c->s, 1), "hs") == 0;
        char ***v = is_hs ? hs : isic;
        size_t *n = is_hs ? n_hs : n_isic;
        char **p = store__grow(*v, *n, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        *v = p;
        if (store__col_dup(c->s, 2, &p[(*n)++]))
            return HK_ENOMEM;
        c->r = sqlite3_step(c->s);
    }
    return 0;
}

int store__stmt_failed(hk_err *err)
{
    return err && err->code ? err->code : HK_EIO;
}

int store__delete_children(hk_store *st, const store_child *children, size_t n, int64_t id, hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = store__stmt(st, children[i].slot, children[i].sql, err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, id);
        int rc = store__run(st, s, "replacing a record's details", err);
        if (rc)
            return rc;
    }
    return 0;
}

int store__insert_codes(hk_store *st, store_sq slot, const char *sql, int64_t id, const char *scheme, char **codes,
                        size_t n, hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = store__stmt(st, slot, sql, err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, scheme, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, (int64_t)i);
        sqlite3_bind_text(s, 4, codes[i], -1, SQLITE_STATIC);
        int rc = store__run(st, s, "saving codes", err);
        if (rc)
            return rc;
    }
    return 0;
}
