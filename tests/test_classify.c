/*
 * test_classify.c - code inference on the shipped taxonomy: the same
 * product named in Chinese, Russian and English lands on the same HS
 * heading and ISIC group; batch classification keeps input order; bad
 * input is refused naming the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taxonomy/taxonomy.h"

typedef struct world {
    text_analyzer *a;
    tax *t;
} world;

static char hamkor_bin[512]; /* BUILD/hamkor, next to BUILD/tests/ */

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    hk_err err;
    if (text_analyzer_new(&w->a, &err) || tax_load("data/taxonomy", w->a, &w->t, &err)) {
        fprintf(stderr, "setup: %s: %s\n", err.field, err.msg);
        return -1;
    }
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    tax_free(w->t);
    text_analyzer_free(w->a);
    free(w);
    return 0;
}

/* Rank (1-based) of code among the hits of scheme, 0 when absent. */
static size_t rank(world *w, const char *text, tax_scheme scheme, const char *code)
{
    tax_result r;
    hk_err err;
    if (tax_classify(w->t, text, strlen(text), NULL, 5, &r, &err))
        fail_msg("%s", err.msg);
    size_t at = 0;
    const tax_hit *h = scheme == TAX_HS ? r.hs : r.isic;
    size_t n = scheme == TAX_HS ? r.n_hs : r.n_isic;
    for (size_t i = 0; i < n && !at; i++)
        if (!strcmp(tax_node_at(w->t, h[i].node)->code, code))
            at = i + 1;
    tax_result_free(&r);
    return at;
}

static void die_castings_in_three_languages_land_on_7616(void **state)
{
    const char *texts[] = {"铝压铸件", "литьё алюминия под давлением", "aluminium die castings"};
    for (size_t i = 0; i < 3; i++) {
        size_t hs = rank(*state, texts[i], TAX_HS, "7616");
        if (hs < 1 || hs > 5)
            fail_msg("%s: 7616 at rank %zu", texts[i], hs);
        size_t cast = rank(*state, texts[i], TAX_ISIC, "243"), metal = rank(*state, texts[i], TAX_ISIC, "259");
        if (!cast && !metal)
            fail_msg("%s: neither ISIC 243 nor 259 in the top 5", texts[i]);
    }
}

static void steel_pipes_in_three_languages_land_on_pipe_headings(void **state)
{
    const char *texts[] = {"焊接钢管", "стальные сварные трубы", "welded steel pipes"};
    for (size_t i = 0; i < 3; i++) {
        size_t a = rank(*state, texts[i], TAX_HS, "7306"), b = rank(*state, texts[i], TAX_HS, "7305");
        if (!a && !b)
            fail_msg("%s: neither 7306 nor 7305 in the top 5", texts[i]);
    }
}

static void learned_examples_move_a_code_up(void **state)
{
    world *w = *state;
    const char *text = "kompressor stansiyalari";
    size_t before = rank(w, text, TAX_HS, "8414");
    const char *hs[] = {"8414"}, *isic[] = {"281"};
    hk_err err;
    for (int i = 0; i < 3; i++)
        assert_int_equal(tax_learn(w->t, "kompressor stansiyalari ishlab chiqarish", 40, "uz", hs, 1, isic, 1, &err), 0);
    size_t after = rank(w, text, TAX_HS, "8414");
    assert_true(after == 1);
    assert_true(before != 1);
}

/* Runs BUILD/hamkor classify --json - on input; returns its stdout. */
static char *run_batch(const char *input, int *status)
{
    char in_path[] = "/tmp/hamkor-classify-XXXXXX";
    int fd = mkstemp(in_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, input, strlen(input)), (ssize_t)strlen(input));
    close(fd);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' classify --json - < '%s' 2>&1", hamkor_bin, in_path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        fwrite(buf, 1, n, o);
    fclose(o);
    *status = pclose(p);
    unlink(in_path);
    return out;
}

static void batch_mode_writes_one_result_per_line_in_order(void **state)
{
    (void)state;
    if (access(hamkor_bin, X_OK) != 0)
        skip();
    int status;
    char *out = run_batch("aluminium die castings\n铝压铸件\n\nwelded steel pipes\n", &status);
    assert_int_equal(status, 0);
    int lines = 0;
    for (char *c = out; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 4); /* the empty line has its (empty) result too */
    char *third = strchr(strchr(out, '\n') + 1, '\n') + 1;
    assert_non_null(strstr(third, "\"hs\":[]"));
    char *fourth = strchr(third, '\n') + 1;
    assert_non_null(strstr(fourth, "730"));
    free(out);
}

static void batch_mode_names_the_line_with_invalid_utf8(void **state)
{
    (void)state;
    if (access(hamkor_bin, X_OK) != 0)
        skip();
    int status;
    char *out = run_batch("steel\n\xC3\x28 bad\n", &status);
    assert_int_not_equal(status, 0);
    assert_non_null(strstr(out, "line 2"));
    free(out);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[512];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(hamkor_bin, sizeof hamkor_bin, "%s/../hamkor", dirname(self));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(die_castings_in_three_languages_land_on_7616),
        cmocka_unit_test(steel_pipes_in_three_languages_land_on_pipe_headings),
        cmocka_unit_test(learned_examples_move_a_code_up),
        cmocka_unit_test(batch_mode_writes_one_result_per_line_in_order),
        cmocka_unit_test(batch_mode_names_the_line_with_invalid_utf8),
    };
    return cmocka_run_group_tests_name("code inference", tests, setup, teardown);
}
