/*
 * test_cli_admin.c - the operator's commands (issue 18), with the real
 * binary beside a real server on the same SQLite store: `hamkor user
 * list|disable|enable|role|reset-password`, `hamkor sweep` and `hamkor
 * reindex`. What the server does about each change is checked through
 * the API: a disabled account's session, sign-in and API token stop
 * working and its password works again once enabled; a new role applies
 * at the next request; a reset password signs the account out. Bad
 * arguments are usage errors (status 2) with a message saying what.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_fixture.h"
#include "proc_fixture.h"
#include "store_raw.h"

typedef struct fx {
    char bin[PATH_MAX];
    char dir[64];
    char db[128], key[128], log[128];
    char out[PROC_OUT_MAX];
    proc_server srv;
    int64_t alice, bob, org, listing;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    proc_find_binary(f->bin, sizeof f->bin, NULL, 0);
    snprintf(f->dir, sizeof f->dir, "/tmp/hamkor-admin-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/hamkor.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/hamkor.db.key", f->dir);
    snprintf(f->log, sizeof f->log, "%s/serve.log", f->dir);
    hk_store *st = store_fixture_open(f->db, NULL);
    f->alice = http_fixture_user(st, "alice@admin.example", ROLE_MEMBER, NULL);
    f->bob = http_fixture_user(st, "bob@admin.example", ROLE_COORDINATOR, "UZ");
    f->org = http_fixture_org(st, "Admin Test Works", "UZ", ORG_ENTERPRISE);
    http_fixture_member(st, f->alice, f->org, true);
    f->listing = http_fixture_listing(st, f->org, DIR_OFFER, "Cast iron valves", NULL);
    store_close(st);
    const char *args[] = {"--db", f->db, "--key", f->key, NULL};
    if (proc_serve(&f->srv, f->bin, NULL, NULL, args, f->log) != 0)
        return -1;
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
    free(f);
    return 0;
}

/* Runs `hamkor ARGS... --db DB` with stdin_text; the exit status. */
static int hamkor(fx *f, const char *stdin_text, const char *a1, const char *a2, const char *a3, const char *a4)
{
    const char *argv[10] = {f->bin};
    int n = 1;
    const char *in[] = {a1, a2, a3, a4};
    for (int i = 0; i < 4 && in[i]; i++)
        argv[n++] = in[i];
    argv[n++] = "--db";
    argv[n++] = f->db;
    argv[n] = NULL;
    return proc_run(NULL, NULL, NULL, stdin_text, argv, f->out, sizeof f->out);
}

static long me_status(http_session *s, char *role, size_t role_len)
{
    http_reply r = http_session_call(s, "GET", "/api/v1/me", NULL, NULL);
    long status = r.status;
    if (role && r.body) {
        const char *p = strstr(r.body, "\"role\":\"");
        snprintf(role, role_len, "%.*s", p ? (int)strcspn(p + 8, "\"") : 0, p ? p + 8 : "");
    }
    http_reply_free(&r);
    return status;
}

static void user_list_shows_every_account_with_its_role_and_status(void **state)
{
    fx *f = *state;
    assert_int_equal(hamkor(f, NULL, "user", "list", NULL, NULL), 0);
    assert_non_null(strstr(f->out, "alice@admin.example\tmember\t-\tactive"));
    assert_non_null(strstr(f->out, "bob@admin.example\tcoordinator\tUZ\tactive"));
}

static void a_disabled_account_is_signed_out_and_kept_out_until_enabled(void **state)
{
    fx *f = *state;
    http_session s = {0}, token = {0};
    assert_int_equal(http_session_login(&s, f->srv.port, "alice@admin.example", HTTP_FIXTURE_PASSWORD), 200);
    json_t *t = http_expect_json(&s, "POST", "/api/v1/tokens", "{\"name\":\"cron\"}", 201);
    token.port = f->srv.port;
    snprintf(token.bearer, sizeof token.bearer, "%s", json_string_value(json_object_get(t, "token")));
    json_decref(t);
    assert_int_equal(me_status(&token, NULL, 0), 200);

    assert_int_equal(hamkor(f, NULL, "user", "disable", "alice@admin.example", NULL), 0);
    assert_non_null(strstr(f->out, "disabled"));
    assert_int_equal(me_status(&s, NULL, 0), 401);
    assert_int_equal(me_status(&token, NULL, 0), 401);
    http_session again = {0};
    assert_int_equal(http_session_login(&again, f->srv.port, "alice@admin.example", HTTP_FIXTURE_PASSWORD), 401);
    assert_int_equal(hamkor(f, NULL, "user", "list", NULL, NULL), 0);
    assert_non_null(strstr(f->out, "alice@admin.example\tmember\t-\tdisabled"));
    /* Twice is no error, and says so. */
    assert_int_equal(hamkor(f, NULL, "user", "disable", "alice@admin.example", NULL), 0);
    assert_non_null(strstr(f->out, "already"));
    /* A new password would enable it behind the operator's back. */
    assert_int_equal(hamkor(f, "another long passphrase\n", "user", "reset-password", "alice@admin.example",
                            "--password-stdin"),
                     1);
    assert_non_null(strstr(f->out, "enable it first"));

    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)f->alice); /* by id this time */
    assert_int_equal(hamkor(f, NULL, "user", "enable", id, NULL), 0);
    assert_int_equal(http_session_login(&again, f->srv.port, "alice@admin.example", HTTP_FIXTURE_PASSWORD), 200);
    assert_int_equal(me_status(&token, NULL, 0), 401); /* tokens stay revoked */
}

static void a_new_role_applies_at_the_next_request(void **state)
{
    fx *f = *state;
    http_session s = {0};
    assert_int_equal(http_session_login(&s, f->srv.port, "bob@admin.example", HTTP_FIXTURE_PASSWORD), 200);
    char role[32];
    assert_int_equal(me_status(&s, role, sizeof role), 200);
    assert_string_equal(role, "coordinator");
    assert_int_equal(hamkor(f, NULL, "user", "role", "bob@admin.example", "secretariat"), 0);
    assert_int_equal(me_status(&s, role, sizeof role), 200);
    assert_string_equal(role, "secretariat");
    assert_int_equal(hamkor(f, NULL, "user", "role", "bob@admin.example", "coordinator"), 2);
    assert_non_null(strstr(f->out, "--country"));
    assert_int_equal(hamkor(f, NULL, "user", "role", "bob@admin.example", "emperor"), 2);
    assert_non_null(strstr(f->out, "ROLE 'emperor'"));
    assert_int_equal(hamkor(f, NULL, "user", "role", "nobody@admin.example", "member"), 1);
    assert_non_null(strstr(f->out, "no user"));
}

static void reset_password_signs_out_and_the_new_password_signs_in(void **state)
{
    fx *f = *state;
    http_session s = {0};
    assert_int_equal(http_session_login(&s, f->srv.port, "bob@admin.example", HTTP_FIXTURE_PASSWORD), 200);
    assert_int_equal(hamkor(f, "a brand new passphrase\n", "user", "reset-password", "bob@admin.example",
                            "--password-stdin"),
                     0);
    assert_null(strstr(f->out, "a brand new passphrase"));
    assert_int_equal(me_status(&s, NULL, 0), 401);
    http_session again = {0};
    assert_int_equal(http_session_login(&again, f->srv.port, "bob@admin.example", "a brand new passphrase"), 200);
    /* Without --password-stdin a random one is printed once. */
    assert_int_equal(hamkor(f, NULL, "user", "reset-password", "bob@admin.example", NULL), 0);
    const char *p = strstr(f->out, "password: ");
    assert_non_null(p);
    char pw[128];
    snprintf(pw, sizeof pw, "%.*s", (int)strcspn(p + 10, "\n"), p + 10);
    assert_int_equal(http_session_login(&again, f->srv.port, "bob@admin.example", pw), 200);
}

static void sweep_expires_listings_past_their_date_and_old_sessions(void **state)
{
    fx *f = *state;
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '2020-01-01' WHERE id = %lld", (long long)f->listing);
    assert_int_equal(raw_exec(f->db, sql), 0);
    http_session s = {0};
    assert_int_equal(http_session_login(&s, f->srv.port, "alice@admin.example", HTTP_FIXTURE_PASSWORD), 200);
    int64_t old = (int64_t)time(NULL) - 40 * 86400;
    snprintf(sql, sizeof sql, "UPDATE sessions SET created_at = %lld, last_seen_at = %lld", (long long)old,
             (long long)old);
    assert_int_equal(raw_exec(f->db, sql), 0);
    int64_t sessions = raw_count(f->db, "SELECT count(*) FROM sessions");
    assert_true(sessions >= 1);

    assert_int_equal(hamkor(f, NULL, "sweep", NULL, NULL, NULL), 0);
    assert_non_null(strstr(f->out, "listings expired: 1\n"));
    char want[64];
    snprintf(want, sizeof want, "sessions deleted: %lld\n", (long long)sessions);
    assert_non_null(strstr(f->out, want));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM listings WHERE id = %lld AND status = 'expired'",
             (long long)f->listing);
    assert_int_equal(raw_count(f->db, sql), 1);
    assert_int_equal(me_status(&s, NULL, 0), 401);
    /* Nothing left: a second sweep does nothing. */
    assert_int_equal(hamkor(f, NULL, "sweep", NULL, NULL, NULL), 0);
    assert_non_null(strstr(f->out, "listings expired: 0\nlistings reminded of their expiry: 0\nsessions deleted: 0\n"));
}

static void reindex_builds_the_index_and_reports_it(void **state)
{
    fx *f = *state;
    assert_int_equal(hamkor(f, NULL, "reindex", NULL, NULL, NULL), 0);
    assert_non_null(strstr(f->out, "listings indexed: 1\n"));
    assert_non_null(strstr(f->out, "index memory: "));
}

static void bad_arguments_are_usage_errors(void **state)
{
    fx *f = *state;
    assert_int_equal(hamkor(f, NULL, "user", NULL, NULL, NULL), 2);
    assert_non_null(strstr(f->out, "name a subcommand"));
    assert_int_equal(hamkor(f, NULL, "user", "frob", NULL, NULL), 2);
    assert_non_null(strstr(f->out, "unknown subcommand 'frob'"));
    assert_int_equal(hamkor(f, NULL, "user", "disable", NULL, NULL), 2);
    assert_non_null(strstr(f->out, "needs one USER"));
    assert_int_equal(hamkor(f, NULL, "user", "list", "extra", NULL), 2);
    assert_int_equal(hamkor(f, NULL, "user", "disable", "--country", "UZ"), 2);
    assert_int_equal(hamkor(f, NULL, "user", "add", "--email", "x@admin.example"), 2);
    assert_non_null(strstr(f->out, "--name"));
    assert_int_equal(hamkor(f, NULL, "sweep", "extra", NULL, NULL), 2);
    assert_int_equal(hamkor(f, NULL, "reindex", "--bogus", NULL, NULL), 2);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_list_shows_every_account_with_its_role_and_status),
        cmocka_unit_test(a_disabled_account_is_signed_out_and_kept_out_until_enabled),
        cmocka_unit_test(a_new_role_applies_at_the_next_request),
        cmocka_unit_test(reset_password_signs_out_and_the_new_password_signs_in),
        cmocka_unit_test(sweep_expires_listings_past_their_date_and_old_sessions),
        cmocka_unit_test(reindex_builds_the_index_and_reports_it),
        cmocka_unit_test(bad_arguments_are_usage_errors),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
