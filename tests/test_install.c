/*
 * test_install.c - `make install` (issue 18): the tree this test was built
 * from is installed into a temporary DESTDIR with PREFIX=/usr/local, and
 * the installed binary, run from another folder with no HAMKOR_DATA_DIR,
 * finds the installed data (not the source tree's): it makes a database,
 * serves on a loopback port and answers GET /healthz, the web UI and the
 * taxonomy. The same build flavour is installed (the test passes its own
 * OPT and SAN), so that a sanitizer build installs a sanitizer binary.
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
#include <sys/stat.h>
#include <unistd.h>

#include "proc_fixture.h"

#ifndef HK_BUILD_OPT
#define HK_BUILD_OPT "-O2"
#endif
#ifndef HK_BUILD_SAN
#define HK_BUILD_SAN ""
#endif

typedef struct fx {
    char tree[PATH_MAX];
    char build[PATH_MAX];      /* the build folder's name in the tree ("build") */
    char tmp[64];              /* the test's folder under /tmp */
    char stage[128];           /* DESTDIR */
    char bin[256];             /* the installed binary */
    char share[256];           /* the installed data folder */
    char out[PROC_OUT_MAX];
} fx;

static const char *const make_env_unset[] = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "HAMKOR_DATA_DIR", NULL};

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    char bin[PATH_MAX], build[PATH_MAX];
    proc_find_binary(bin, sizeof bin, build, sizeof build);
    proc_source_tree(f->tree, sizeof f->tree);
    snprintf(f->build, sizeof f->build, "%s", strrchr(build, '/') + 1);
    snprintf(f->tmp, sizeof f->tmp, "/tmp/hamkor-install-XXXXXX");
    assert_non_null(mkdtemp(f->tmp));
    snprintf(f->stage, sizeof f->stage, "%s/stage", f->tmp);
    snprintf(f->bin, sizeof f->bin, "%s/usr/local/bin/hamkor", f->stage);
    snprintf(f->share, sizeof f->share, "%s/usr/local/share/hamkor", f->stage);
    char destdir[160], build_arg[PATH_MAX + 8], opt[64], san[256];
    snprintf(destdir, sizeof destdir, "DESTDIR=%s", f->stage);
    snprintf(build_arg, sizeof build_arg, "BUILD=%s", f->build);
    snprintf(opt, sizeof opt, "OPT=%s", HK_BUILD_OPT);
    snprintf(san, sizeof san, "SAN=%s", HK_BUILD_SAN);
    const char *argv[] = {"/usr/bin/make", "--no-print-directory", "-C", f->tree, "install", "PREFIX=/usr/local",
                          destdir, build_arg, opt, san, NULL};
    int rc = proc_run(NULL, NULL, make_env_unset, NULL, argv, f->out, sizeof f->out);
    if (rc != 0) {
        fprintf(stderr, "make install failed (%d):\n%s\n", rc, f->out);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->tmp);
    free(f);
    return 0;
}

/* path (under the stage) is a regular file, not a link into the tree. */
static void assert_regular(const fx *f, const char *path)
{
    char full[512];
    snprintf(full, sizeof full, "%s%s", f->stage, path);
    struct stat sb;
    if (lstat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
        fail_msg("%s: not installed as a file", full);
}

static void install_puts_every_file_where_debian_expects_it(void **state)
{
    fx *f = *state;
    assert_regular(f, "/usr/local/bin/hamkor");
    assert_regular(f, "/usr/local/share/hamkor/countries.tsv");
    assert_regular(f, "/usr/local/share/hamkor/taxonomy/isic.tsv");
    assert_regular(f, "/usr/local/share/hamkor/geo/cities.tsv");
    assert_regular(f, "/usr/local/share/hamkor/web/index.html");
    assert_regular(f, "/usr/local/share/hamkor/openapi.yaml");
    assert_regular(f, "/usr/local/share/man/man1/hamkor.1");
    assert_regular(f, "/usr/local/lib/systemd/system/hamkor.service");
    char unit[512];
    snprintf(unit, sizeof unit, "%s/usr/local/lib/systemd/system/hamkor.service", f->stage);
    FILE *fp = fopen(unit, "r");
    assert_non_null(fp);
    size_t n = fread(f->out, 1, sizeof f->out - 1, fp);
    f->out[n] = '\0';
    fclose(fp);
    assert_non_null(strstr(f->out, "ExecStart=/usr/local/bin/hamkor serve"));
    assert_null(strstr(f->out, "@BINDIR@"));
}

static void the_installed_binary_names_the_installed_data_folder(void **state)
{
    fx *f = *state;
    const char *argv[] = {f->bin, "--help", NULL};
    assert_int_equal(proc_run("/", NULL, make_env_unset, NULL, argv, f->out, sizeof f->out), 0);
    char want[300];
    snprintf(want, sizeof want, "%s/usr/local/bin/../share/hamkor", f->stage);
    if (!strstr(f->out, want))
        fail_msg("--help does not name %s:\n%s", want, f->out);
}

static void the_installed_binary_inits_and_serves_from_another_folder(void **state)
{
    fx *f = *state;
    char db[160], log[160];
    snprintf(db, sizeof db, "%s/var/hamkor.db", f->tmp);
    snprintf(log, sizeof log, "%s/serve.log", f->tmp);
    const char *init[] = {f->bin, "init", "--db", db, NULL};
    int rc = proc_run("/", NULL, make_env_unset, NULL, init, f->out, sizeof f->out);
    if (rc != 0)
        fail_msg("installed init: %d: %s", rc, f->out);
    proc_server s = {0};
    const char *args[] = {"--db", db, NULL};
    static const char *const no_env[] = {NULL};
    /* proc_serve keeps this process's environment: make sure it holds no
     * data folder, so that the binary must find its own. */
    unsetenv("HAMKOR_DATA_DIR");
    assert_int_equal(proc_serve(&s, f->bin, "/", no_env, args, log), 0);
    char body[4096];
    assert_int_equal(proc_get(s.port, "/healthz", NULL, 0), 200);
    assert_int_equal(proc_get(s.port, "/", body, sizeof body), 200);
    assert_non_null(strstr(body, "<html"));
    assert_int_equal(proc_get(s.port, "/api/v1/taxonomy/hs/8703", NULL, 0), 200);
    assert_int_equal(proc_serve_stop(&s), 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(install_puts_every_file_where_debian_expects_it),
        cmocka_unit_test(the_installed_binary_names_the_installed_data_folder),
        cmocka_unit_test(the_installed_binary_inits_and_serves_from_another_folder),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
