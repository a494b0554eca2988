/*
 * bench_search_pg.c - the PostgreSQL peer of bench_search.c (see
 * bench_search_pg.h): a table of listings in a schema of its own, with a
 * tsvector column generated from the segmented text by the 'simple'
 * configuration, a GIN index on it and the facet columns; loaded with
 * COPY; queried with ts_rank ... ORDER BY rank LIMIT 20 and GROUP BY
 * facet counts, the same statements the FTS5 peer runs.
 *
 * Session settings, and why:
 * - jit = off: PostgreSQL 15 compiles a query with LLVM once its estimated
 *   cost passes jit_above_cost, which a ranked query over many matches
 *   does; the compile costs tens of milliseconds and buys nothing for
 *   statements this short, and deployments that serve search turn it off.
 * - maintenance_work_mem = 256MB: the GIN build sorts its entries in this
 *   memory; at the default 64MB a million listings build several times
 *   slower. It changes only the load time, not the queries.
 * Everything else (shared_buffers, work_mem, the planner's costs) is the
 * server's own: tests/pg.sh's throwaway server has shared_buffers = 32MB,
 * so the table is read through the operating system's page cache.
 */
#include "bench_search_pg.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_SCHEMA "hamkor_bench_search"
#define PG_COPY_CHUNK (1 << 20) /* bytes of COPY data sent at a time */

struct pg_peer {
    PGconn *conn;
    char *buf;     /* COPY rows not yet sent; from malloc() */
    size_t len;    /* bytes used in buf */
    size_t cap;    /* bytes allocated for buf; grows to fit one row */
    long rows;     /* rows added to the COPY */
    double t0;     /* when the load began, in ms */
};

static double pg_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Sets err from the connection's last message, without its newline. */
static int pg_fail(pg_peer *p, const char *what, hk_err *err)
{
    const char *m = PQerrorMessage(p->conn);
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    return hk_err_set(err, HK_EIO, "pg", "%s: %.*s", what, (int)n, m);
}

/* Runs sql (one or more statements with no result rows wanted). */
static int pg_exec(pg_peer *p, const char *sql, hk_err *err)
{
    PGresult *r = PQexec(p->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        return pg_fail(p, sql, err);
    return 0;
}

static const char *const statements[][2] = {
    {"q_plain", "SELECT id FROM listings, to_tsquery('simple', $1) q WHERE tsv @@ q"
                " ORDER BY ts_rank(tsv, q) DESC LIMIT 20"},
    {"q_filter", "SELECT id FROM listings, to_tsquery('simple', $1) q WHERE tsv @@ q AND country = $2"
                 " ORDER BY ts_rank(tsv, q) DESC LIMIT 20"},
    {"f_country", "SELECT country, count(*) FROM listings WHERE tsv @@ to_tsquery('simple', $1) GROUP BY country"},
    {"f_direction", "SELECT direction, count(*) FROM listings WHERE tsv @@ to_tsquery('simple', $1)"
                    " GROUP BY direction"},
    {"f_chapter", "SELECT chapter, count(*) FROM listings WHERE tsv @@ to_tsquery('simple', $1) GROUP BY chapter"},
};

int pg_peer_open(const char *uri, pg_peer **out, hk_err *err)
{
    *out = NULL;
    pg_peer *p = calloc(1, sizeof *p);
    if (!p)
        return hk_err_set(err, HK_ENOMEM, "pg", "out of memory");
    p->conn = PQconnectdb(uri);
    if (PQstatus(p->conn) != CONNECTION_OK) {
        int rc = pg_fail(p, "cannot connect", err);
        pg_peer_close(p, false);
        return rc;
    }
    /* The notice that a query has no lexemes is expected for queries the
     * analyser empties; warnings still show. */
    if (pg_exec(p,
                "SET client_min_messages = warning; SET jit = off; SET maintenance_work_mem = '256MB';"
                " DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE; CREATE SCHEMA " PG_SCHEMA ";"
                " SET search_path = " PG_SCHEMA,
                err)) {
        pg_peer_close(p, false);
        return HK_EIO;
    }
    *out = p;
    return 0;
}

int pg_peer_load_begin(pg_peer *p, hk_err *err)
{
    p->t0 = pg_now_ms();
    /* The table is made in the COPY's transaction, as a bulk load would
     * be. The text is kept as well as its tsvector, as a listings table
     * would keep its texts (and as FTS5 keeps its body). */
    if (pg_exec(p,
                "BEGIN; CREATE TABLE listings (id bigint NOT NULL, body text NOT NULL,"
                " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,"
                " country text NOT NULL, direction text NOT NULL, chapter text NOT NULL)",
                err))
        return HK_EIO;
    PGresult *r = PQexec(p->conn, "COPY listings (id, body, country, direction, chapter) FROM STDIN");
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    if (s != PGRES_COPY_IN)
        return pg_fail(p, "COPY", err);
    return 0;
}

/* Sends the buffered rows. */
static int pg_flush(pg_peer *p, hk_err *err)
{
    if (p->len && PQputCopyData(p->conn, p->buf, (int)p->len) != 1)
        return pg_fail(p, "COPY data", err);
    p->len = 0;
    return 0;
}

/* Appends s to the buffer in COPY's text format: backslash, tab, newline
 * and carriage return escaped. The buffer has room (see pg_peer_add). */
static void pg_put_field(pg_peer *p, const char *s, size_t n, char end)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '\\': p->buf[p->len++] = '\\'; p->buf[p->len++] = '\\'; break;
        case '\t': p->buf[p->len++] = '\\'; p->buf[p->len++] = 't'; break;
        case '\n': p->buf[p->len++] = '\\'; p->buf[p->len++] = 'n'; break;
        case '\r': p->buf[p->len++] = '\\'; p->buf[p->len++] = 'r'; break;
        default: p->buf[p->len++] = c;
        }
    }
    p->buf[p->len++] = end;
}

int pg_peer_add(pg_peer *p, int64_t id, const char *body, size_t n, const char *country, const char *direction,
                const char *chapter, hk_err *err)
{
    size_t nc = strlen(country), nd = strlen(direction), nh = strlen(chapter);
    /* Every byte may double when escaped; 32 for the id and separators. */
    size_t need = 2 * (n + nc + nd + nh) + 32;
    if (p->len + need > PG_COPY_CHUNK && pg_flush(p, err))
        return HK_EIO;
    if (p->len + need > p->cap) {
        size_t cap = p->len + need > PG_COPY_CHUNK ? p->len + need : PG_COPY_CHUNK;
        char *b = realloc(p->buf, cap);
        if (!b)
            return hk_err_set(err, HK_ENOMEM, "pg", "out of memory for a COPY buffer of %zu bytes", cap);
        p->buf = b;
        p->cap = cap;
    }
    p->len += (size_t)snprintf(p->buf + p->len, p->cap - p->len, "%lld\t", (long long)id);
    pg_put_field(p, body, n, '\t');
    pg_put_field(p, country, nc, '\t');
    pg_put_field(p, direction, nd, '\t');
    pg_put_field(p, chapter, nh, '\n');
    p->rows++;
    return 0;
}

int pg_peer_load_end(pg_peer *p, double *copy_ms, double *index_ms, double *vacuum_ms, hk_err *err)
{
    if (pg_flush(p, err))
        return HK_EIO;
    if (PQputCopyEnd(p->conn, NULL) != 1)
        return pg_fail(p, "COPY end", err);
    PGresult *r = PQgetResult(p->conn);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    while ((r = PQgetResult(p->conn)))
        PQclear(r);
    if (s != PGRES_COMMAND_OK)
        return pg_fail(p, "COPY", err);
    if (pg_exec(p, "COMMIT", err))
        return HK_EIO;
    double t = pg_now_ms();
    *copy_ms = t - p->t0;
    if (pg_exec(p, "CREATE INDEX listings_tsv ON listings USING gin (tsv)", err))
        return HK_EIO;
    *index_ms = pg_now_ms() - t;
    /* VACUUM sets the rows' hint bits and the visibility map, so the first
     * queries do not pay for (and write) them; ANALYZE gives the planner
     * the statistics of the tsvector column. */
    t = pg_now_ms();
    if (pg_exec(p, "VACUUM (ANALYZE) listings", err))
        return HK_EIO;
    *vacuum_ms = pg_now_ms() - t;
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        r = PQprepare(p->conn, statements[i][0], statements[i][1], 0, NULL);
        s = PQresultStatus(r);
        PQclear(r);
        if (s != PGRES_COMMAND_OK)
            return pg_fail(p, statements[i][0], err);
    }
    return 0;
}

void pg_peer_stats(pg_peer *p, long *rows, int64_t *table_bytes, int64_t *index_bytes)
{
    *rows = p->rows;
    *table_bytes = *index_bytes = -1;
    PGresult *r = PQexec(p->conn, "SELECT pg_table_size('listings'), pg_relation_size('listings_tsv')");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        *table_bytes = atoll(PQgetvalue(r, 0, 0));
        *index_bytes = atoll(PQgetvalue(r, 0, 1));
    }
    PQclear(r);
}

/* Runs one prepared statement and returns its row count, or -1. */
static long pg_run(pg_peer *p, const char *name, int n, const char *const *params, hk_err *err)
{
    PGresult *r = PQexecPrepared(p->conn, name, n, params, NULL, NULL, 0);
    long rows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : -1;
    PQclear(r);
    if (rows < 0)
        pg_fail(p, name, err);
    return rows;
}

int pg_peer_search(pg_peer *p, const char *tsquery, const char *country, bool facets, size_t *hits, hk_err *err)
{
    const char *params[2] = {tsquery, country};
    long n = pg_run(p, country ? "q_filter" : "q_plain", country ? 2 : 1, params, err);
    if (n < 0)
        return HK_EIO;
    *hits = (size_t)n;
    static const char *const facet_stmts[] = {"f_country", "f_direction", "f_chapter"};
    for (int k = 0; facets && k < 3; k++)
        if (pg_run(p, facet_stmts[k], 1, params, err) < 0)
            return HK_EIO;
    return 0;
}

void pg_peer_close(pg_peer *p, bool keep_schema)
{
    if (!p)
        return;
    if (p->conn && PQstatus(p->conn) == CONNECTION_OK) {
        /* A COPY or a transaction left open by a failure is ended first
         * (outside a COPY, PQputCopyEnd only fails), then the schema goes. */
        PQputCopyEnd(p->conn, "bench_search stopped");
        PGresult *r;
        while ((r = PQgetResult(p->conn)))
            PQclear(r);
        if (PQtransactionStatus(p->conn) != PQTRANS_IDLE)
            PQclear(PQexec(p->conn, "ROLLBACK"));
        if (!keep_schema)
            PQclear(PQexec(p->conn, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE"));
    }
    PQfinish(p->conn);
    free(p->buf);
    free(p);
}
