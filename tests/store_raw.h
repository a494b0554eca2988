/*
 * store_raw.h - SQL run straight on a test store's engine, beside the
 * store, for the few tests that must look under it: a schema's CHECKs
 * refusing rows written by hand, a database left by an older hamkor, the
 * rows a refused write must not have left. It opens a connection of its
 * own to target (a SQLite file or a PostgreSQL URI from store_fixture.h)
 * for each call, so it sees only what the store committed. Every other
 * assertion goes through store.h.
 */
#ifndef HK_TESTS_STORE_RAW_H
#define HK_TESTS_STORE_RAW_H

#include <stddef.h>
#include <stdint.h>

/* The integer in the first column of the first row of sql (a count);
 * fails the calling test on error. */
int64_t raw_count(const char *target, const char *sql);
/* Runs sql (no rows wanted); 0, or -1 when the engine refused it. */
int raw_exec(const char *target, const char *sql);

/* A time (unix seconds) as a literal of the test store's engine: an
 * integer for SQLite, to_timestamp(n) for PostgreSQL. Returns buf. */
const char *raw_time(char *buf, size_t len, int64_t unix_s);

/* Takes the SQLite file at path back to what a hamkor at schema version
 * `version` left: every newer migration's tables and indexes dropped and
 * its row in schema_migrations removed. Fails the calling test on error. */
void raw_downgrade_sqlite(const char *path, int version);

#endif
