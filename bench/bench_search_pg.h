/*
 * bench_search_pg.h - PostgreSQL's own full-text search (tsvector + GIN)
 * as a peer of bench_search.c, beside SQLite FTS5. Private to the
 * benchmark: it talks to PostgreSQL through libpq directly, because it
 * measures PostgreSQL's search, not hamkor's store.
 *
 * The caller feeds it the same pre-segmented text it feeds FTS5 (stems and
 * Han bigrams separated by spaces), so both peers see exactly the words the
 * index sees; PostgreSQL parses that text with the 'simple' configuration,
 * which only splits and lower-cases.
 */
#ifndef BENCH_SEARCH_PG_H
#define BENCH_SEARCH_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

typedef struct pg_peer pg_peer;

/* Connects to uri (a libpq conninfo or URI) and makes a fresh schema,
 * hamkor_bench_search, dropping one left by an earlier run. */
int pg_peer_open(const char *uri, pg_peer **out, hk_err *err);

/* Starts the load: creates the table and opens a COPY into it. */
int pg_peer_load_begin(pg_peer *p, hk_err *err);

/* Adds one listing to the COPY: body is the segmented text (n bytes). */
int pg_peer_add(pg_peer *p, int64_t id, const char *body, size_t n, const char *country, const char *direction,
                const char *chapter, hk_err *err);

/* Ends the COPY, builds the GIN index, vacuums and analyses the table.
 * OUT: the milliseconds each of the three steps took (the COPY's time
 * counts from pg_peer_load_begin). */
int pg_peer_load_end(pg_peer *p, double *copy_ms, double *index_ms, double *vacuum_ms, hk_err *err);

/* Rows loaded, and the table's and GIN index's sizes in bytes. */
void pg_peer_stats(pg_peer *p, long *rows, int64_t *table_bytes, int64_t *index_bytes);

/* Runs a query (in to_tsquery's syntax) as the FTS5 peer does: the 20
 * best matches ranked by ts_rank (only those of country when it is not
 * NULL), and with facets the counts of the matches by country, direction
 * and HS chapter (three GROUP BY statements). OUT: *hits, the ranked rows
 * returned. */
int pg_peer_search(pg_peer *p, const char *tsquery, const char *country, bool facets, size_t *hits, hk_err *err);

/* Drops the schema, unless keep_schema (to look at the plans with psql
 * afterwards), and disconnects. NULL is allowed. */
void pg_peer_close(pg_peer *p, bool keep_schema);

#endif
