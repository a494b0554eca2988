/*
 * store_fixture.h - temporary databases for the tests: a fresh file name
 * under /tmp, a store opened there with countries seeded from TSV text
 * (or data/countries.tsv), and the removal of the database with its
 * -wal, -shm and .key files afterwards.
 *
 * With HAMKOR_TEST_PG set to the URI of a PostgreSQL server (tests/run.sh
 * starts a throwaway one for its second pass), the "path" is instead that
 * URI with a fresh schema of its own as the search path, and removal
 * drops the schema: the same tests then run on PostgreSQL.
 */
#ifndef HK_TESTS_STORE_FIXTURE_H
#define HK_TESTS_STORE_FIXTURE_H

#include <stddef.h>

#include "store/store.h"

#define STORE_FIXTURE_PATH_MAX 512

/* True when the tests run on PostgreSQL (HAMKOR_TEST_PG is set). */
int store_fixture_pg(void);

/* Fills path (STORE_FIXTURE_PATH_MAX bytes) with a fresh name /tmp/hamkor-<tag>-XXXXXX
 * where no file exists (the store makes it with its schema). 0 or -1. */
int store_fixture_path(char *path, size_t len, const char *tag);

/* Opens the store at path and seeds the countries: from countries_tsv
 * (the text of a countries file) when not NULL, else data/countries.tsv.
 * Fails the calling test on error. */
hk_store *store_fixture_open(const char *path, const char *countries_tsv);

/* Removes the database at path and its -wal, -shm and .key files. */
void store_fixture_remove(const char *path);

/* A cmocka fixture: a fresh store seeded from countries_tsv (as above),
 * set in *state; the teardown closes and removes it. */
typedef struct store_fx {
    char path[STORE_FIXTURE_PATH_MAX];
    hk_store *st;
} store_fx;
int store_fixture_setup(void **state, const char *tag, const char *countries_tsv);
int store_fixture_teardown(void **state);

#endif
