/*
 * bench_search_redis.h - RediSearch (Debian's redis-server with the
 * redis-redisearch module, RediSearch 1.2) as a peer of bench_search.c,
 * beside SQLite FTS5 and PostgreSQL. Private to the benchmark: it speaks
 * the Redis protocol (RESP) over a loopback TCP connection itself, a few
 * dozen lines, rather than linking a client library for one program.
 *
 * The caller feeds it the same pre-segmented text it feeds FTS5 (stems and
 * Han bigrams separated by spaces), so every peer sees exactly the words
 * the index sees. The index is made with NOSTEM (the words are stems
 * already) and no stop words (a stem such as "a" or "in" must stay
 * searchable, as it is in the other engines); documents are added with
 * NOSAVE (only indexed, like FTS5's and PostgreSQL's indexed column), the
 * facet columns as sortable TAG fields.
 */
#ifndef BENCH_SEARCH_REDIS_H
#define BENCH_SEARCH_REDIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

typedef struct redis_peer redis_peer;

/* Connects to 127.0.0.1:port, drops an index left by an earlier run and
 * makes a fresh one. */
int redis_peer_open(int port, redis_peer **out, hk_err *err);

/* Adds one listing (pipelined: replies are read in batches). body is the
 * segmented text (n bytes); chapter may be "". */
int redis_peer_add(redis_peer *p, int64_t id, const char *body, size_t n, const char *country,
                   const char *direction, const char *chapter, hk_err *err);

/* Waits for the replies of every add. OUT: the documents the index holds
 * and the server's memory in bytes (used_memory). */
int redis_peer_load_end(redis_peer *p, long *docs, int64_t *memory, hk_err *err);

/* Runs a query (in RediSearch's syntax, VERBATIM: no stemming of its own)
 * as the FTS5 peer does: the 20 best matches (RediSearch's default
 * TF-IDF scoring), only those of country when it is not NULL, and with
 * facets the counts of the matches by country, direction and HS chapter
 * (three FT.AGGREGATE ... GROUPBY). OUT: *hits, the ranked ids returned. */
int redis_peer_search(redis_peer *p, const char *query, const char *country, bool facets, size_t *hits,
                      hk_err *err);

/* Drops the index and disconnects. NULL is allowed. */
void redis_peer_close(redis_peer *p);

#endif
