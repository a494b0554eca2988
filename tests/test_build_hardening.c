/*
 * test_build_hardening.c - the built hamkor binary carries the hardening
 * the Makefile asks for (issue 17): a position-independent executable,
 * full RELRO (GNU_RELRO segment and symbols bound at start-up), the
 * stack protector, and, in builds without a sanitizer, _FORTIFY_SOURCE's
 * checked functions. Read with binutils' readelf from the binary beside
 * this test's build folder (BUILD/hamkor for BUILD/tests/test_...).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

/* readelf's report on the binary, from malloc(); NULL when it cannot run. */
static char *readelf_report(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return NULL;
    self[n] = '\0';
    char *slash = strrchr(self, '/'); /* BUILD/tests/test_build_hardening */
    if (!slash)
        return NULL;
    *slash = '\0';
    slash = strrchr(self, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "readelf -W -h -l -d --dyn-syms '%s/hamkor' 2>/dev/null", self);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    size_t got;
    while (out && (got = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 4096) {
            char *bigger = realloc(out, cap * 2);
            if (!bigger) {
                free(out);
                out = NULL;
                break;
            }
            out = bigger;
            cap *= 2;
        }
    }
    int status = pclose(p);
    if (!out || status != 0 || len == 0) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}

static int setup(void **state)
{
    char *r = readelf_report();
    if (!r) {
        fprintf(stderr, "readelf could not read the hamkor binary beside this test\n");
        return -1;
    }
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static void the_binary_is_position_independent(void **state)
{
    const char *r = *state;
    /* "Type: DYN (Position-Independent Executable file)" */
    assert_non_null(strstr(r, "DYN ("));
}

static void relocations_are_read_only_after_start(void **state)
{
    const char *r = *state;
    assert_non_null(strstr(r, "GNU_RELRO"));
    /* Full RELRO: bound at start-up (BIND_NOW, or NOW in FLAGS/FLAGS_1). */
    assert_true(strstr(r, "BIND_NOW") || strstr(r, "Flags: NOW"));
}

static void the_stack_protector_is_in(void **state)
{
    const char *r = *state;
    assert_non_null(strstr(r, "__stack_chk_fail"));
}

static void fortified_functions_are_used(void **state)
{
    if (SANITIZED)
        skip(); /* sanitizer builds leave _FORTIFY_SOURCE out (Makefile) */
    const char *r = *state;
    assert_true(strstr(r, "__snprintf_chk") || strstr(r, "__memcpy_chk") || strstr(r, "__fprintf_chk"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_binary_is_position_independent),
        cmocka_unit_test(relocations_are_read_only_after_start),
        cmocka_unit_test(the_stack_protector_is_in),
        cmocka_unit_test(fortified_functions_are_used),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
