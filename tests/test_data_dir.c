/*
 * test_data_dir.c - the binary finds its shipped data (countries,
 * taxonomy, gazetteer, web UI) wherever it is run from (issue 18): the
 * real build/hamkor is run with /tmp as its current folder, and
 * --data-dir and HAMKOR_DATA_DIR move the data folder (a wrong one fails
 * with a message naming it).
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

#include "proc_fixture.h"

typedef struct fx {
    char bin[PATH_MAX];
    char tree[PATH_MAX];
    char dir[64];              /* a fresh folder under /tmp for the databases */
    char db[128];              /* the database init and serve share */
    char fresh[128];           /* one no test has loaded countries into */
    char out[PROC_OUT_MAX];
} fx;

static const char *const no_data_env[] = {"HAMKOR_DATA_DIR", NULL};

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    proc_find_binary(f->bin, sizeof f->bin, NULL, 0);
    proc_source_tree(f->tree, sizeof f->tree);
    snprintf(f->dir, sizeof f->dir, "/tmp/hamkor-datadir-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/sub/hamkor.db", f->dir);
    /* Countries are read only into an empty database: the failing runs
     * below use a database that never gets any. */
    snprintf(f->fresh, sizeof f->fresh, "%s/fresh.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->dir);
    free(f);
    return 0;
}

static void init_from_tmp_loads_the_countries(void **state)
{
    fx *f = *state;
    const char *init[] = {f->bin, "init", "--db", f->db, NULL};
    int rc = proc_run("/tmp", NULL, no_data_env, NULL, init, f->out, sizeof f->out);
    if (rc != 0)
        fail_msg("init from /tmp: status %d: %s", rc, f->out);
    const char *stats[] = {f->bin, "stats", "--db", f->db, NULL};
    assert_int_equal(proc_run("/", NULL, no_data_env, NULL, stats, f->out, sizeof f->out), 0);
    assert_non_null(strstr(f->out, "countries: "));
    assert_null(strstr(f->out, "countries: 0\n"));
}

static void a_wrong_data_dir_option_fails_naming_it(void **state)
{
    fx *f = *state;
    const char *init[] = {f->bin, "init", "--data-dir", "/nonexistent/hamkor-data", "--db", f->fresh, NULL};
    assert_int_equal(proc_run("/tmp", NULL, no_data_env, NULL, init, f->out, sizeof f->out), 1);
    assert_non_null(strstr(f->out, "/nonexistent/hamkor-data/countries.tsv"));
    /* Before the command's name too. */
    const char *before[] = {f->bin, "--data-dir=/nonexistent/hamkor-data", "init", "--db", f->fresh, NULL};
    assert_int_equal(proc_run("/tmp", NULL, no_data_env, NULL, before, f->out, sizeof f->out), 1);
    assert_non_null(strstr(f->out, "/nonexistent/hamkor-data/countries.tsv"));
}

static void the_environment_variable_names_the_data_dir(void **state)
{
    fx *f = *state;
    const char *env_bad[] = {"HAMKOR_DATA_DIR=/nonexistent/env-data", NULL};
    const char *init[] = {f->bin, "init", "--db", f->fresh, NULL};
    assert_int_equal(proc_run("/tmp", env_bad, NULL, NULL, init, f->out, sizeof f->out), 1);
    assert_non_null(strstr(f->out, "/nonexistent/env-data/countries.tsv"));
    /* The option wins over the variable. */
    char opt[PATH_MAX + 16];
    snprintf(opt, sizeof opt, "--data-dir=%s/data", f->tree);
    const char *both[] = {f->bin, opt, "init", "--db", f->fresh, NULL};
    int rc = proc_run("/tmp", env_bad, NULL, NULL, both, f->out, sizeof f->out);
    if (rc != 0)
        fail_msg("init with --data-dir over a wrong HAMKOR_DATA_DIR: %d: %s", rc, f->out);
}

static void a_missing_option_value_is_a_usage_error(void **state)
{
    fx *f = *state;
    const char *argv[] = {f->bin, "init", "--data-dir", NULL};
    assert_int_equal(proc_run("/tmp", NULL, no_data_env, NULL, argv, f->out, sizeof f->out), 2);
    assert_non_null(strstr(f->out, "--data-dir"));
}

static void serve_from_tmp_serves_the_api_and_the_web_ui(void **state)
{
    fx *f = *state;
    proc_server s = {0};
    const char *args[] = {"--db", f->db, NULL};
    char log[128];
    snprintf(log, sizeof log, "%s/serve.log", f->dir);
    assert_int_equal(proc_serve(&s, f->bin, "/tmp", NULL, args, log), 0);
    char body[8192];
    assert_int_equal(proc_get(s.port, "/", body, sizeof body), 200);
    assert_non_null(strstr(body, "<html"));
    /* The taxonomy and the gazetteer came from the data folder. */
    assert_int_equal(proc_get(s.port, "/api/v1/taxonomy/hs/8703", body, sizeof body), 200);
    assert_int_equal(proc_get(s.port, "/api/v1/cities?q=Tashkent", body, sizeof body), 200);
    assert_non_null(strstr(body, "Tashkent"));
    assert_int_equal(proc_serve_stop(&s), 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_from_tmp_loads_the_countries),
        cmocka_unit_test(a_wrong_data_dir_option_fails_naming_it),
        cmocka_unit_test(the_environment_variable_names_the_data_dir),
        cmocka_unit_test(a_missing_option_value_is_a_usage_error),
        cmocka_unit_test(serve_from_tmp_serves_the_api_and_the_web_ui),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
