/*
 * store_raw.c - SQL straight on a test store's engine (see store_raw.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

/* Runs sql on target; *out (may be NULL) gets column 0 of row 0. */
static int raw_run(const char *target, const char *sql, int64_t *out)
{
    const char *path;
    int rc = -1;
    if (store_driver_is_file(target, &path)) {
        sqlite3 *db;
        sqlite3_stmt *s = NULL;
        if (sqlite3_open(path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
            int r = sqlite3_step(s);
            if (r == SQLITE_ROW && out)
                *out = sqlite3_column_int64(s, 0);
            rc = r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return rc;
    }
    PGconn *c = PQconnectdb(target);
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_TUPLES_OK && out && PQntuples(r) > 0)
            *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        rc = t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK ? 0 : -1;
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

int64_t raw_count(const char *target, const char *sql)
{
    int64_t n = -1;
    if (raw_run(target, sql, &n))
        fail_msg("raw_count: %s failed", sql);
    return n;
}

int raw_exec(const char *target, const char *sql)
{
    return raw_run(target, sql, NULL);
}

const char *raw_time(char *buf, size_t len, int64_t unix_s)
{
    snprintf(buf, len, store_fixture_pg() ? "to_timestamp(%lld)" : "%lld", (long long)unix_s);
    return buf;
}
