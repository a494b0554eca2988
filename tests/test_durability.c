/*
 * test_durability.c - a kill at any moment loses no acknowledged write
 * (BRIEF 7). A child process opens the store and creates organisations
 * one after another, reporting each id on a pipe only after
 * store_org_create returned 0; the parent kills it with SIGKILL after a
 * random few milliseconds, reopens the database, and checks that every
 * reported id reads back whole and that SQLite's integrity check passes.
 * The same file is killed into over and over, so recovery after recovery
 * is exercised too. No SQLite handle crosses the fork: the parent closes
 * its own before each child starts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"

#define ROUNDS 30
#define MAX_ACKED 100000

/* Acknowledged ids across all rounds; static so that a failed assertion
 * (which leaves the test by longjmp) leaks nothing. */
static int64_t acked[MAX_ACKED];

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n";

/* The child: write organisations until killed. Never returns. */
static void writer(const char *path, int fd)
{
    hk_store *st;
    hk_err err;
    if (store_open(path, &st, &err))
        _exit(3);
    int64_t ready = 0; /* 0 is never an id: it says "opened" */
    if (write(fd, &ready, sizeof ready) != (ssize_t)sizeof ready)
        _exit(5);
    for (int i = 0; i < 1000000; i++) {
        org_name names[2] = {{.text = "Alumin Quyish", .lang = "uz-Latn", .primary = true},
                             {.text = "Алюмин Қуйиш", .lang = "uz-Cyrl"}};
        char *hs[] = {"7616", "761699"};
        organisation o = {.names = names, .n_names = 2, .country = "UZ", .type = ORG_ENTERPRISE, .hs = hs,
                          .n_hs = 2};
        if (store_org_create(st, &o, 0, &err))
            _exit(4);
        /* Acknowledged: only now may anyone rely on it. */
        if (write(fd, &o.id, sizeof o.id) != (ssize_t)sizeof o.id)
            _exit(5);
    }
    store_close(st);
    _exit(0);
}

/* SQLite's own checks of the file; a PostgreSQL server keeps its files
 * itself, and a killed client can only leave an open transaction, which
 * the server rolls back. */
static void integrity_is_ok(const char *path)
{
    if (!store_driver_is_file(path, NULL))
        return;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE); /* no dangling references */
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void killed_writer_loses_no_acknowledged_organisation(void **state)
{
    (void)state;
    char path[STORE_FIXTURE_PATH_MAX];
    assert_int_equal(store_fixture_path(path, sizeof path, "durability"), 0);
    store_close(store_fixture_open(path, COUNTRIES));
    hk_store *st;
    hk_err err;

    size_t n_acked = 0;
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    int killed_mid_stream = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int p[2];
        assert_int_equal(pipe(p), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            writer(path, p[1]);
        }
        close(p[1]);
        /* Odd rounds time the kill from the moment the store is open, so
         * it lands among the writes however slow start-up is (sanitizer
         * builds); even rounds time it from the fork, so some kills land
         * during open and WAL recovery. 5 to 100 ms: a durable commit
         * costs about 10 ms on an ext4 disk (the WAL is fsynced). */
        int64_t id;
        if (round % 2 && read(p[0], &id, sizeof id) != (ssize_t)sizeof id)
            fail_msg("round %d: the writer died before opening the store", round);
        struct timespec d = {0, (5 + rand() % 96) * 1000000L};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        /* Killed, or failed on its own (which would be a bug to report). */
        assert_true(WIFSIGNALED(status));
        size_t before = n_acked;
        while (read(p[0], &id, sizeof id) == (ssize_t)sizeof id && n_acked < MAX_ACKED)
            if (id != 0)
                acked[n_acked++] = id;
        close(p[0]);
        killed_mid_stream += n_acked > before;

        assert_int_equal(store_open(path, &st, &err), 0);
        for (size_t i = 0; i < n_acked; i++) {
            organisation o;
            int rc = store_org_get(st, acked[i], &o, &err);
            if (rc)
                fail_msg("round %d: acknowledged organisation %lld is missing: %s", round, (long long)acked[i],
                         err.msg);
            assert_int_equal(o.n_names, 2);
            assert_int_equal(o.n_hs, 2);
            organisation_free(&o);
        }
        store_stats s;
        assert_int_equal(store_get_stats(st, &s, &err), 0);
        assert_true(s.organisations >= (int64_t)n_acked);
        store_close(st);
        integrity_is_ok(path);
    }
    /* The test means something only if kills landed while writing. */
    assert_true(killed_mid_stream >= ROUNDS / 3);
    assert_true(n_acked > 0);
    store_fixture_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_writer_loses_no_acknowledged_organisation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
