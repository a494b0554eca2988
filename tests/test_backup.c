/*
 * test_backup.c - `hamkor backup` and `hamkor restore` (issue 18), with the
 * real binary. A server runs on a SQLite store while a thread writes
 * listings through POST /api/v1/listings as fast as it answers; `hamkor
 * backup` copies the store in the middle of that load; the copy restored
 * into a new place holds every listing acknowledged before the backup
 * began and passes SQLite's integrity check. Restore refuses the live
 * database (the server has it open), a damaged backup and one from a newer
 * hamkor, leaving the target as it was; a PostgreSQL store is pointed to
 * pg_dump; bad arguments are usage errors (status 2).
 *
 * With HAMKOR_TEST_PG (tests/run.sh's PostgreSQL pass) the same load runs
 * against a PostgreSQL store while the pg_dump of docs/operations.md
 * takes its snapshot, and pg_restore brings it back in a new database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_fixture.h"
#include "proc_fixture.h"
#include "store_fixture.h"
#include "store_raw.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

#define MAX_ACKED 100000

typedef struct fx {
    char bin[PATH_MAX];
    char dir[64];              /* this test's folder under /tmp */
    char db[128], key[128], backup[128], restored[128];
    char out[PROC_OUT_MAX];
    proc_server srv;
    int64_t org;
    http_session s;
    /* The writer's: */
    pthread_mutex_t lock;
    int64_t *acked;            /* ids answered 201, in order */
    size_t n_acked;
    int stop;                  /* atomic */
    int serial;
} fx;

typedef struct body_buf {
    char data[512];
    size_t len;
} body_buf;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    body_buf *b = ctx;
    size_t k = size * n, room = sizeof b->data - 1 - b->len;
    memcpy(b->data + b->len, p, k < room ? k : room);
    b->len += k < room ? k : room;
    b->data[b->len] = '\0';
    return k;
}

/* POSTs one listing; its id when the server answered 201, else 0. */
static int64_t post_listing(fx *f, CURL *h, int n)
{
    char url[96], body[512], cookie[600], csrf[120];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/listings", (unsigned)f->srv.port);
    snprintf(body, sizeof body,
             "{\"org_id\":%lld,\"direction\":\"offer\",\"kind\":\"supply\",\"texts\":[{\"lang\":\"en\","
             "\"origin\":\"original\",\"title\":\"Backup load casting %d\"}],\"expires\":\"2099-12-31\"}",
             (long long)f->org, n);
    snprintf(cookie, sizeof cookie, "Cookie: %s", f->s.cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", f->s.csrf);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, cookie);
    hdr = curl_slist_append(hdr, csrf);
    body_buf b = {.len = 0};
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdr);
    if (status != 201)
        return 0;
    const char *id = strstr(b.data, "\"id\":");
    return id ? strtoll(id + 5, NULL, 10) : 0;
}

static void *writer_main(void *arg)
{
    fx *f = arg;
    CURL *h = curl_easy_init();
    while (!__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE)) {
        int64_t id = post_listing(f, h, ++f->serial);
        if (id > 0) {
            pthread_mutex_lock(&f->lock);
            if (f->n_acked < MAX_ACKED)
                f->acked[f->n_acked++] = id;
            pthread_mutex_unlock(&f->lock);
        }
    }
    curl_easy_cleanup(h);
    return NULL;
}

static size_t acked_now(fx *f)
{
    pthread_mutex_lock(&f->lock);
    size_t n = f->n_acked;
    pthread_mutex_unlock(&f->lock);
    return n;
}

/* The store at db with the writer's account and organisation. */
static void make_writer(fx *f, const char *db)
{
    hk_store *st = store_fixture_open(db, NULL);
    int64_t writer = http_fixture_user(st, "writer@backup.example", ROLE_MEMBER, NULL);
    f->org = http_fixture_org(st, "Backup Castings", "KZ", ORG_ENTERPRISE);
    http_fixture_member(st, writer, f->org, true);
    store_close(st);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->acked = calloc(MAX_ACKED, sizeof *f->acked);
    pthread_mutex_init(&f->lock, NULL);
    proc_find_binary(f->bin, sizeof f->bin, NULL, 0);
    snprintf(f->dir, sizeof f->dir, "/tmp/hamkor-backup-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/live.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/live.db.key", f->dir);
    snprintf(f->backup, sizeof f->backup, "%s/backup.db", f->dir);
    snprintf(f->restored, sizeof f->restored, "%s/restored/hamkor.db", f->dir);
    make_writer(f, f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    proc_serve_stop(&f->srv);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->dir);
    pthread_mutex_destroy(&f->lock);
    free(f->acked);
    free(f);
    return 0;
}

static int run(fx *f, const char *const *argv)
{
    return proc_run(NULL, NULL, NULL, NULL, argv, f->out, sizeof f->out);
}

static void a_backup_under_write_load_restores_every_acknowledged_write(void **state)
{
    fx *f = *state;
    const char *args[] = {"--db", f->db, "--key", f->key, NULL};
    char log[128];
    snprintf(log, sizeof log, "%s/serve.log", f->dir);
    assert_int_equal(proc_serve(&f->srv, f->bin, NULL, NULL, args, log), 0);
    if (http_session_login(&f->s, f->srv.port, "writer@backup.example", HTTP_FIXTURE_PASSWORD) != 200)
        fail_msg("cannot sign in");
    pthread_t writer;
    pthread_create(&writer, NULL, writer_main, f);
    usleep(400000);
    /* Every write acknowledged from here on began before the backup. */
    size_t before = acked_now(f);
    const char *backup[] = {f->bin, "backup", "--db", f->db, f->backup, NULL};
    int rc = run(f, backup);
    size_t after = acked_now(f);
    if (rc != 0)
        fail_msg("backup under load: status %d: %s", rc, f->out);
    print_message("%s", f->out);
    struct stat sb;
    assert_int_equal(stat(f->backup, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600); /* it holds password hashes */
    /* The server still holds the database: restoring over it is refused. */
    const char *over_live[] = {f->bin, "restore", "--db", f->db, f->backup, NULL};
    assert_int_equal(run(f, over_live), 1);
    assert_non_null(strstr(f->out, "stop it"));
    usleep(200000);
    __atomic_store_n(&f->stop, 1, __ATOMIC_RELEASE);
    pthread_join(writer, NULL);
    size_t total = acked_now(f);
    assert_int_equal(proc_serve_stop(&f->srv), 0);
    print_message("writes acknowledged: %zu before the backup, %zu during it, %zu in all\n", before,
                  after - before, total);
    assert_true(before > 0); /* the load was real */
    assert_true(total > after);  /* and the server kept answering writes */

    const char *restore[] = {f->bin, "restore", "--db", f->restored, f->backup, NULL};
    rc = run(f, restore);
    if (rc != 0)
        fail_msg("restore: status %d: %s", rc, f->out);
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(f->restored, &st, &err), 0);
    for (size_t i = 0; i < before; i++) {
        listing l;
        if (store_listing_get(st, f->acked[i], &l, &err))
            fail_msg("listing %lld, acknowledged before the backup, is not in it: %s", (long long)f->acked[i],
                     err.msg);
        assert_non_null(strstr(l.texts[0].title, "Backup load casting"));
        listing_free(&l);
    }
    store_close(st);
    assert_int_equal(raw_count(f->restored, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
                     0);
    /* Nothing acknowledged is in the backup without its child rows. */
    assert_int_equal(raw_count(f->restored, "SELECT count(*) FROM listings l WHERE NOT EXISTS "
                                            "(SELECT 1 FROM listing_texts t WHERE t.listing_id = l.id)"),
                     0);
    int64_t in_backup = raw_count(f->restored, "SELECT count(*) FROM listings");
    assert_true(in_backup >= (int64_t)before && in_backup <= (int64_t)total);
    /* The restored store serves. */
    const char *serve_args[] = {"--db", f->restored, NULL};
    assert_int_equal(proc_serve(&f->srv, f->bin, NULL, NULL, serve_args, log), 0);
    assert_int_equal(proc_serve_stop(&f->srv), 0);
}

/* Copies the backup to path, then runs sql on the copy (NULL = none). */
static void copy_backup(fx *f, const char *path)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->backup, path);
    assert_int_equal(system(cmd), 0);
}

static void restore_refuses_damaged_and_newer_backups_and_keeps_the_target(void **state)
{
    fx *f = *state;
    /* The first test's backup, or a fresh one of the (now idle) store. */
    if (access(f->backup, R_OK) != 0) {
        const char *backup[] = {f->bin, "backup", "--db", f->db, f->backup, NULL};
        assert_int_equal(run(f, backup), 0);
    }
    char target[160];
    snprintf(target, sizeof target, "%s/target.db", f->dir);
    const char *first[] = {f->bin, "restore", "--db", target, f->backup, NULL};
    assert_int_equal(run(f, first), 0);
    int64_t listings = raw_count(target, "SELECT count(*) FROM listings");

    char damaged[160];
    snprintf(damaged, sizeof damaged, "%s/damaged.db", f->dir);
    copy_backup(f, damaged);
    int fd = open(damaged, O_WRONLY);
    char junk[8192];
    memset(junk, 0x5a, sizeof junk);
    assert_int_equal(pwrite(fd, junk, sizeof junk, 3 * 4096), (ssize_t)sizeof junk);
    close(fd);
    const char *bad[] = {f->bin, "restore", "--db", target, damaged, NULL};
    assert_int_equal(run(f, bad), 1);
    print_message("damaged: %s", f->out);

    char newer[160];
    snprintf(newer, sizeof newer, "%s/newer.db", f->dir);
    copy_backup(f, newer);
    assert_int_equal(raw_exec(newer, "PRAGMA user_version = 999"), 0);
    const char *future[] = {f->bin, "restore", "--db", target, newer, NULL};
    assert_int_equal(run(f, future), 1);
    assert_non_null(strstr(f->out, "newer than this hamkor"));

    const char *missing[] = {f->bin, "restore", "--db", target, "/nonexistent/backup.db", NULL};
    assert_int_equal(run(f, missing), 1);
    assert_non_null(strstr(f->out, "/nonexistent/backup.db"));

    assert_int_equal(raw_count(target, "SELECT count(*) FROM listings"), listings);
    assert_int_equal(raw_count(target, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
}

static void backup_keeps_an_existing_file_unless_forced(void **state)
{
    fx *f = *state;
    char file[160];
    snprintf(file, sizeof file, "%s/twice.db", f->dir);
    const char *once[] = {f->bin, "backup", "--db", f->db, file, NULL};
    assert_int_equal(run(f, once), 0);
    assert_int_equal(run(f, once), 1);
    assert_non_null(strstr(f->out, "--force"));
    const char *forced[] = {f->bin, "backup", "--force", "--db", f->db, file, NULL};
    assert_int_equal(run(f, forced), 0);
}

static void a_postgresql_store_is_sent_to_pg_dump(void **state)
{
    fx *f = *state;
    const char *b[] = {f->bin, "backup", "--db", "postgresql://hamkor@db.example/hamkor", "x.dump", NULL};
    assert_int_equal(run(f, b), 1);
    assert_non_null(strstr(f->out, "pg_dump"));
    const char *r[] = {f->bin, "restore", "--db", "postgresql://hamkor@db.example/hamkor", "x.dump", NULL};
    assert_int_equal(run(f, r), 1);
    assert_non_null(strstr(f->out, "pg_restore"));
}

/* PostgreSQL: the pg_dump and pg_restore of docs/operations.md under the
 * same write load. The dump takes one schema (the tests share a server);
 * an operator's takes the whole database the same way. */
static void a_pg_dump_under_write_load_restores_every_acknowledged_write(void **state)
{
    fx *f = *state;
    const char *base = getenv("HAMKOR_TEST_PG");
    if (!store_fixture_pg() || access(PG_BIN "/pg_dump", X_OK) != 0) {
        fprintf(stderr, "no PostgreSQL (HAMKOR_TEST_PG, pg_dump): skipped\n");
        skip();
    }
    char uri[STORE_FIXTURE_PATH_MAX], restored[STORE_FIXTURE_PATH_MAX + 160], restored_db[STORE_FIXTURE_PATH_MAX];
    char schema[80], dbname[48], dump[128], sql[128], log[128];
    assert_int_equal(store_fixture_path(uri, sizeof uri, "pgdump"), 0);
    const char *sp = strstr(uri, "search_path%3D");
    assert_non_null(sp);
    snprintf(schema, sizeof schema, "%s", sp + strlen("search_path%3D"));
    make_writer(f, uri);
    f->n_acked = 0; /* the fixture is the group's: the SQLite test's load is over */
    __atomic_store_n(&f->stop, 0, __ATOMIC_RELEASE);
    const char *args[] = {"--db", uri, "--key", f->key, NULL};
    snprintf(log, sizeof log, "%s/serve-pg.log", f->dir);
    assert_int_equal(proc_serve(&f->srv, f->bin, NULL, NULL, args, log), 0);
    if (http_session_login(&f->s, f->srv.port, "writer@backup.example", HTTP_FIXTURE_PASSWORD) != 200)
        fail_msg("cannot sign in");
    pthread_t writer;
    pthread_create(&writer, NULL, writer_main, f);
    usleep(400000);
    size_t before = acked_now(f);
    snprintf(dump, sizeof dump, "%s/hamkor.dump", f->dir);
    char schema_arg[96];
    snprintf(schema_arg, sizeof schema_arg, "--schema=%s", schema);
    const char *pg_dump[] = {PG_BIN "/pg_dump", "--format=custom", schema_arg, "--file", dump, base, NULL};
    int rc = run(f, pg_dump);
    size_t after = acked_now(f);
    usleep(200000);
    __atomic_store_n(&f->stop, 1, __ATOMIC_RELEASE);
    pthread_join(writer, NULL);
    size_t total = acked_now(f);
    assert_int_equal(proc_serve_stop(&f->srv), 0);
    if (rc != 0)
        fail_msg("pg_dump under load: status %d: %s", rc, f->out);
    print_message("writes acknowledged: %zu before pg_dump, %zu during it, %zu in all\n", before, after - before,
                  total);
    assert_true(before > 0);

    /* Into a new database, as the operator would. */
    snprintf(dbname, sizeof dbname, "hk_restore_%ld", (long)getpid());
    const char *db_part = strstr(base, "/postgres?");
    if (!db_part)
        fail_msg("HAMKOR_TEST_PG names no /postgres database: %s", base);
    snprintf(restored_db, sizeof restored_db, "%.*s/%s%s", (int)(db_part - base), base, dbname,
             db_part + strlen("/postgres"));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
    assert_int_equal(raw_exec(base, sql), 0);
    char dbname_arg[STORE_FIXTURE_PATH_MAX + 16];
    snprintf(dbname_arg, sizeof dbname_arg, "--dbname=%s", restored_db);
    const char *pg_restore[] = {PG_BIN "/pg_restore", "--no-owner", dbname_arg, dump, NULL};
    rc = run(f, pg_restore);
    if (rc != 0)
        fail_msg("pg_restore: status %d: %s", rc, f->out);
    snprintf(restored, sizeof restored, "%s&options=-csearch_path%%3D%s", restored_db, schema);
    hk_store *st;
    hk_err err;
    if (store_open(restored, &st, &err))
        fail_msg("the restored store does not open: %s", err.msg);
    for (size_t i = 0; i < before; i++) {
        listing l;
        if (store_listing_get(st, f->acked[i], &l, &err))
            fail_msg("listing %lld, acknowledged before pg_dump, is not in it: %s", (long long)f->acked[i], err.msg);
        listing_free(&l);
    }
    int64_t in_dump = raw_count(restored, "SELECT count(*) FROM listings");
    assert_true(in_dump >= (int64_t)before && in_dump <= (int64_t)total);
    assert_int_equal(raw_count(restored, "SELECT count(*) FROM listings l WHERE NOT EXISTS "
                                         "(SELECT 1 FROM listing_texts t WHERE t.listing_id = l.id)"),
                     0);
    /* The id sequences came along: a new listing gets an id past the
     * restored ones (ids of writes after the snapshot may come again:
     * those listings are not in this database). */
    int64_t last = raw_count(restored, "SELECT max(id) FROM listings");
    int64_t fresh = http_fixture_listing(st, f->org, DIR_OFFER, "After the restore", NULL);
    assert_true(fresh > last);
    store_close(st);
    snprintf(sql, sizeof sql, "DROP DATABASE %s", dbname);
    assert_int_equal(raw_exec(base, sql), 0);
    store_fixture_remove(uri);
}

static void bad_arguments_are_usage_errors(void **state)
{
    fx *f = *state;
    const char *none[] = {f->bin, "backup", "--db", f->db, NULL};
    assert_int_equal(run(f, none), 2);
    const char *two[] = {f->bin, "restore", "a.db", "b.db", NULL};
    assert_int_equal(run(f, two), 2);
    const char *unknown[] = {f->bin, "restore", "--force", "a.db", NULL};
    assert_int_equal(run(f, unknown), 2);
    const char *no_db[] = {f->bin, "backup", "--db", "/nonexistent/x.db", "out.db", NULL};
    assert_int_equal(run(f, no_db), 1);
    assert_non_null(strstr(f->out, "no database at /nonexistent/x.db"));
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_backup_under_write_load_restores_every_acknowledged_write),
        cmocka_unit_test(restore_refuses_damaged_and_newer_backups_and_keeps_the_target),
        cmocka_unit_test(backup_keeps_an_existing_file_unless_forced),
        cmocka_unit_test(a_postgresql_store_is_sent_to_pg_dump),
        cmocka_unit_test(a_pg_dump_under_write_load_restores_every_acknowledged_write),
        cmocka_unit_test(bad_arguments_are_usage_errors),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
