/*
 * test_cli_serve.c - options of `hamkor serve` with the real binary:
 * --login-burst sets how many sign-ins one address may make at once (the
 * next is answered 429 with Retry-After), and a value that is not a number
 * from 1 to 1000000 is a usage error (status 2) naming the option.
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
#include <unistd.h>

#include "http_client.h"
#include "proc_fixture.h"

typedef struct fx {
    char bin[PATH_MAX];
    char dir[64], db[128], out[PROC_OUT_MAX];
    proc_server srv;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    proc_find_binary(f->bin, sizeof f->bin, NULL, 0);
    snprintf(f->dir, sizeof f->dir, "/tmp/hamkor-serve-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/hamkor.db", f->dir);
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

static void a_bad_login_burst_is_a_usage_error(void **state)
{
    fx *f = *state;
    static const char *const bad[] = {"0", "-3", "12x", "", "1000001", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[] = {f->bin, "serve", "--db", f->db, "--login-burst", bad[i], NULL};
        assert_int_equal(proc_run(NULL, NULL, NULL, NULL, argv, f->out, sizeof f->out), 2);
        assert_non_null(strstr(f->out, "--login-burst"));
    }
    assert_int_equal(access(f->db, F_OK), -1); /* refused before anything was made */
}

static void the_login_burst_bounds_sign_ins_from_one_address(void **state)
{
    fx *f = *state;
    const char *init[] = {f->bin, "init", "--db", f->db, NULL};
    assert_int_equal(proc_run(NULL, NULL, NULL, NULL, init, f->out, sizeof f->out), 0);
    const char *args[] = {"--db", f->db, "--login-burst", "3", NULL};
    char log[128];
    snprintf(log, sizeof log, "%s/serve.log", f->dir);
    assert_int_equal(proc_serve(&f->srv, f->bin, NULL, NULL, args, log), 0);
    const char *body = "{\"email\":\"nobody@example.org\",\"password\":\"not the password\"}";
    for (int i = 0; i < 4; i++) {
        http_reply r = http_client_call(f->srv.port, "POST", "/api/v1/auth/login", body, strlen(body), "application/json", NULL);
        if (i < 3)
            assert_int_equal(r.status, 401);
        else {
            assert_int_equal(r.status, 429);
            assert_true(r.retry_after[0] != '\0');
        }
        http_reply_free(&r);
    }
    assert_int_equal(proc_serve_stop(&f->srv), 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_bad_login_burst_is_a_usage_error, setup, teardown),
        cmocka_unit_test_setup_teardown(the_login_burst_bounds_sign_ins_from_one_address, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
