/*
 * store_fixture.c - temporary databases for the tests (see store_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "store_fixture.h"

#define PG_SCHEMA_OPT "options=-csearch_path%3D"

int store_fixture_pg(void)
{
    const char *uri = getenv("HAMKOR_TEST_PG");
    return uri && *uri;
}

/* Runs one statement on the test server's own database; 0 or -1. */
static int pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(getenv("HAMKOR_TEST_PG"));
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PQclear(PQexec(c, "SET client_min_messages = warning"));
        PGresult *r = PQexec(c, sql);
        rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
        if (rc)
            fprintf(stderr, "store_fixture: %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    } else {
        fprintf(stderr, "store_fixture: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return rc;
}

/* A schema of its own in the test server: the URI with its search path. */
static int pg_fixture_path(char *path, size_t len, const char *tag)
{
    static unsigned serial;
    char schema[64], sql[128];
    snprintf(schema, sizeof schema, "hk_%.20s_%ld_%u", tag, (long)getpid(), serial++);
    for (char *p = schema; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
    if (pg_admin(sql))
        return -1;
    const char *base = getenv("HAMKOR_TEST_PG");
    int n = snprintf(path, len, "%s%c%s%s", base, strchr(base, '?') ? '&' : '?', PG_SCHEMA_OPT, schema);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int store_fixture_path(char *path, size_t len, const char *tag)
{
    if (store_fixture_pg())
        return pg_fixture_path(path, len, tag);
    snprintf(path, len, "/tmp/hamkor-%s-XXXXXX", tag);
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return -1;
    }
    close(fd);
    unlink(path);
    return 0;
}

hk_store *store_fixture_open(const char *path, const char *countries_tsv)
{
    char tsv[64] = "data/countries.tsv";
    if (countries_tsv) {
        snprintf(tsv, sizeof tsv, "/tmp/hamkor-countries-XXXXXX");
        int fd = mkstemp(tsv);
        size_t n = strlen(countries_tsv);
        if (fd < 0 || write(fd, countries_tsv, n) != (ssize_t)n)
            fail_msg("cannot write the countries fixture %s", tsv);
        close(fd);
    }
    hk_store *st = NULL;
    hk_err err;
    int rc = store_open(path, &st, &err);
    if (!rc)
        rc = store_seed_countries(st, tsv, &err);
    if (countries_tsv)
        unlink(tsv);
    if (rc)
        fail_msg("%s: %s: %s", path, err.field, err.msg);
    return st;
}

void store_fixture_remove(const char *path)
{
    const char *schema = strstr(path, PG_SCHEMA_OPT);
    if (schema) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA %.64s CASCADE", schema + strlen(PG_SCHEMA_OPT));
        pg_admin(sql);
        return;
    }
    static const char *const suffix[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

int store_fixture_setup(void **state, const char *tag, const char *countries_tsv)
{
    store_fx *f = calloc(1, sizeof *f);
    if (!f || store_fixture_path(f->path, sizeof f->path, tag)) {
        free(f);
        return -1;
    }
    f->st = store_fixture_open(f->path, countries_tsv);
    *state = f;
    return 0;
}

int store_fixture_teardown(void **state)
{
    store_fx *f = *state;
    store_close(f->st);
    store_fixture_remove(f->path);
    free(f);
    return 0;
}
