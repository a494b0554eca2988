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

#include "store_fixture.h"

int store_fixture_path(char *path, size_t len, const char *tag)
{
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
