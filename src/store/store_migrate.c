/*
 * store_migrate.c - brings a store's schema up to this binary's version
 * by running the migrations of its dialect (store_schema_sqlite.c,
 * store_schema_pg.c) in order. Each runs once, inside its own
 * transaction, together with the row that records it in
 * schema_migrations (and, in SQLite, the new PRAGMA user_version), so a
 * crash leaves the store either before or after a migration, never
 * between. A store whose version is above the last migration here was
 * written by a newer hamkor and is refused before anything is touched.
 * Several processes may start at once: SQLite's write lock and a
 * PostgreSQL advisory lock make them take turns, and each reads the
 * version again once it holds the lock.
 */
#include "store/store_int.h"

#include <stdio.h>

static const store_migration *list_of(const hk_store *st, size_t *n)
{
    if (store__is_pg(st)) {
        *n = store__n_migrations_pg;
        return store__migrations_pg;
    }
    *n = store__n_migrations_sqlite;
    return store__migrations_sqlite;
}

const char *store__migration_sql(int version)
{
    for (size_t i = 0; i < store__n_migrations_sqlite; i++)
        if (store__migrations_sqlite[i].version == version)
            return store__migrations_sqlite[i].sql;
    return NULL;
}

int store_schema_version(void)
{
    return store__migrations_sqlite[store__n_migrations_sqlite - 1].version;
}

static int read_version(hk_store *st, int *out, hk_err *err)
{
    int64_t v = 0;
    int rc = store__int(st, SQ_MIG_VERSION, NOARGS, &v, err);
    *out = (int)v;
    return rc < 0 ? rc : 0;
}

int store_db_version(hk_store *st)
{
    int v = 0;
    if (read_version(st, &v, NULL))
        return -1;
    return v;
}

static int refuse_newer(int found, hk_err *err)
{
    return hk_err_set(err, HK_EINVAL, "db",
                      "the database has schema version %d, newer than this hamkor (which knows up to %d); "
                      "run a newer hamkor, or restore a backup made by this one",
                      found, store_schema_version());
}

/* Runs migration m unless another process did while this one waited. */
static int run_one(hk_store *st, const store_migration *m, hk_err *err)
{
    int rc = st->drv->begin(st->conn, err), now = 0;
    if (rc)
        return rc;
    if (!(rc = store__do(st, SQ_MIG_LOCK, NOARGS, err)) && !(rc = read_version(st, &now, err))) {
        if (now > store_schema_version())
            rc = refuse_newer(now, err);
        else if (now >= m->version)
            return st->drv->commit(st->conn, err);
    }
    if (!rc)
        rc = st->drv->exec(st->conn, m->sql, err);
    if (!rc)
        rc = store__do(st, SQ_MIG_RECORD, ARGS(sv_int(m->version), sv_text(m->name), sv_time(store__now())), err);
    if (!rc && !store__is_pg(st)) {
        /* PRAGMA takes no parameters; the value is our own integer. */
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
        rc = st->drv->exec(st->conn, sql, err);
    }
    if (!rc)
        rc = st->drv->commit(st->conn, err);
    if (rc) {
        st->drv->rollback(st->conn);
        if (err && err->code != HK_EINVAL) {
            char what[64];
            snprintf(what, sizeof what, "migration to schema version %d failed", m->version);
            store__err_prefix(err, what);
        }
    }
    return rc;
}

/* Makes the migrations table where the dialect needs it made first, under
 * the migration lock, so two nodes starting on an empty database do not
 * race to create it. */
static int make_table(hk_store *st, hk_err *err)
{
    if (!store__sql(st, SQ_MIG_TABLE))
        return 0;
    int rc = st->drv->begin(st->conn, err);
    if (rc)
        return rc;
    if ((rc = store__do(st, SQ_MIG_LOCK, NOARGS, err)) || (rc = store__do(st, SQ_MIG_TABLE, NOARGS, err))) {
        st->drv->rollback(st->conn);
        return rc;
    }
    return st->drv->commit(st->conn, err);
}

int store__migrate(hk_store *st, hk_err *err)
{
    int v, rc = make_table(st, err);
    if (!rc)
        rc = read_version(st, &v, err);
    if (rc)
        return rc;
    if (v > store_schema_version())
        return refuse_newer(v, err);
    size_t n;
    const store_migration *list = list_of(st, &n);
    for (size_t i = 0; i < n; i++)
        if (list[i].version > v && (rc = run_one(st, &list[i], err)))
            return rc;
    return 0;
}
