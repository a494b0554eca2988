/*
 * test_taxonomy.c - loading the taxonomy (with errors that name file:line),
 * lookups, hierarchy, crosswalk, the code-known rule, suggestions, import
 * of a fuller list, and the completeness of the shipped data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "taxonomy/taxonomy.h"

#define FIXTURE "tests/data/taxonomy"
#define HEADER "code\tparent\ten\tru\tzh\tsyn_en\tsyn_ru\tsyn_zh\tisic\n"

typedef struct fixture {
    text_analyzer *a;
    tax *t;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    hk_err err;
    if (text_analyzer_new(&f->a, &err) || tax_load(FIXTURE, f->a, &f->t, &err)) {
        fprintf(stderr, "setup: %s: %s\n", err.field, err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tax_free(f->t);
    text_analyzer_free(f->a);
    free(f);
    return 0;
}

/* Makes a temporary taxonomy folder holding one file with the given body. */
static char *temp_dir_with(const char *file, const char *body)
{
    char *dir = strdup("/tmp/hamkor-tax-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(body, out);
    fclose(out);
    return dir;
}

static void remove_dir(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void loads_codes_at_every_level(void **state)
{
    fixture *f = *state;
    int32_t k = tax_find(f->t, TAX_HS, "7616");
    assert_true(k >= 0);
    const tax_node *n = tax_node_at(f->t, k);
    assert_int_equal(n->level, TAX_LEVEL_3);
    assert_string_equal(n->label[TAX_RU], "Прочие изделия из алюминия");
    assert_string_equal(tax_node_at(f->t, tax_ancestor(f->t, k, TAX_LEVEL_2))->code, "76");
    assert_string_equal(tax_node_at(f->t, tax_ancestor(f->t, k, TAX_LEVEL_SECTION))->code, "XV");
    assert_true(tax_find(f->t, TAX_ISIC, "243") >= 0);
    assert_int_equal(tax_find(f->t, TAX_HS, "243"), -1);
}

static void crosswalk_links_headings_and_groups_both_ways(void **state)
{
    fixture *f = *state;
    const tax_node *h = tax_node_at(f->t, tax_find(f->t, TAX_HS, "7616"));
    assert_int_equal(h->n_xwalk, 2);
    assert_string_equal(tax_node_at(f->t, h->xwalk[0])->code, "243");
    assert_string_equal(tax_node_at(f->t, h->xwalk[1])->code, "259");
    const tax_node *g = tax_node_at(f->t, tax_find(f->t, TAX_ISIC, "242"));
    assert_int_equal(g->n_xwalk, 2); /* 7601 and 7604 */
}

static void code_known_accepts_finer_codes_under_known_parents(void **state)
{
    fixture *f = *state;
    assert_true(tax_code_known(f->t, "hs", "7616"));
    assert_true(tax_code_known(f->t, "hs", "761699"));
    assert_false(tax_code_known(f->t, "hs", "999999"));
    assert_false(tax_code_known(f->t, "hs", "9999"));
    assert_true(tax_code_known(f->t, "isic", "2431"));
    assert_false(tax_code_known(f->t, "isic", "2631"));
    assert_false(tax_code_known(f->t, "cpc", "7616"));
}

static void shared_depth_counts_common_levels(void **state)
{
    fixture *f = *state;
    assert_int_equal(tax_shared_depth(f->t, TAX_HS, "7616", "7616"), 3);
    assert_int_equal(tax_shared_depth(f->t, TAX_HS, "7616", "7604"), 2);
    assert_int_equal(tax_shared_depth(f->t, TAX_HS, "7616", "7306"), 1); /* same section XV */
    assert_int_equal(tax_shared_depth(f->t, TAX_HS, "761610", "761699"), 3);
    assert_int_equal(tax_shared_depth(f->t, TAX_ISIC, "243", "259"), 1);
}

static void load_error_names_file_and_line(void **state)
{
    (void)state;
    char *dir = temp_dir_with("hs-x.tsv", HEADER "XV\t\tMetals\tМеталлы\t金属\t\t\t\t\n76\tXV\tAluminium\t\t铝\t\t\t\t\n");
    tax *t = NULL;
    hk_err err;
    assert_int_equal(tax_load(dir, NULL, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs-x.tsv:3");
    assert_non_null(strstr(err.msg, "ru label"));
    assert_null(t);
    remove_dir(dir);
}

static void load_refuses_unknown_parent_and_bad_code(void **state)
{
    (void)state;
    char *dir = temp_dir_with("hs-x.tsv", HEADER "XV\t\tMetals\tМеталлы\t金属\t\t\t\t\n7616\t76\tAl\tАл\t铝\t\t\t\t\n");
    tax *t = NULL;
    hk_err err;
    assert_int_equal(tax_load(dir, NULL, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs-x.tsv:3");
    assert_non_null(strstr(err.msg, "parent 76"));
    remove_dir(dir);
    dir = temp_dir_with("hs-x.tsv", HEADER "XV\t\tMetals\tМеталлы\t金属\t\t\t\t\n7A\tXV\tAl\tАл\t铝\t\t\t\t\n");
    assert_int_equal(tax_load(dir, NULL, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs-x.tsv:3");
    remove_dir(dir);
}

static void load_refuses_wrong_header_and_field_count(void **state)
{
    (void)state;
    char *dir = temp_dir_with("isic.tsv", "code\ten\n");
    tax *t = NULL;
    hk_err err;
    assert_int_equal(tax_load(dir, NULL, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "isic.tsv:1");
    remove_dir(dir);
    dir = temp_dir_with("isic.tsv", HEADER "C\t\tManufacturing\n");
    assert_int_equal(tax_load(dir, NULL, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "isic.tsv:2");
    assert_non_null(strstr(err.msg, "9 tab-separated"));
    remove_dir(dir);
}

static void suggest_finds_codes_in_each_language(void **state)
{
    fixture *f = *state;
    const char *queries[] = {"alumin", "алюмин", "铝型", "761", "die cast"};
    const char *expect[] = {NULL, NULL, "7604", "7616", "7616"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        tax_hit *hits;
        size_t n;
        hk_err err;
        assert_int_equal(tax_suggest(f->t, TAX_HS, queries[i], 10, &hits, &n, &err), 0);
        assert_true(n > 0);
        if (expect[i])
            assert_string_equal(tax_node_at(f->t, hits[0].node)->code, expect[i]);
        free(hits);
    }
}

static void import_adds_finer_codes_and_refuses_bad_rows(void **state)
{
    (void)state;
    char *dir = strdup("/tmp/hamkor-taximp-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp " FIXTURE "/*.tsv '%s'/", dir);
    assert_int_equal(system(cmd), 0);
    char csv[600];
    snprintf(csv, sizeof csv, "%s/six.csv", dir);
    FILE *out = fopen(csv, "w");
    fputs("hscode,description,parent\n761610,\"Doors, windows\",7616\n761699,Other,7616\n", out);
    fclose(out);
    size_t added = 0;
    hk_err err;
    assert_int_equal(tax_import_csv(dir, csv, &added, &err), 0);
    assert_int_equal(added, 2);
    tax *t;
    assert_int_equal(tax_load(dir, NULL, &t, &err), 0);
    assert_true(tax_find(t, TAX_HS, "761610") >= 0);
    /* Once six-digit codes are imported, only imported ones are known. */
    assert_true(tax_code_known(t, "hs", "761699"));
    assert_false(tax_code_known(t, "hs", "761620"));
    tax_free(t);

    out = fopen(csv, "w");
    fputs("hscode,description\n730610,Line pipe\n999910,Nothing\n", out);
    fclose(out);
    assert_int_equal(tax_import_csv(dir, csv, &added, &err), HK_EINVAL);
    assert_string_equal(err.field, "six.csv:3");
    assert_int_equal(tax_load(dir, NULL, &t, &err), 0);
    assert_int_equal(tax_find(t, TAX_HS, "730610"), -1); /* nothing of the bad file kept */
    assert_true(tax_find(t, TAX_HS, "761610") >= 0);     /* the earlier import stays */
    tax_free(t);
    remove_dir(dir);
}

static const char *shared_data(void)
{
    static const char *const paths[] = {"../shared/data", "/work/shared/data"};
    for (size_t i = 0; i < 2; i++)
        if (access(paths[i], R_OK) == 0)
            return paths[i];
    return NULL;
}

static void import_takes_the_official_six_digit_list(void **state)
{
    (void)state;
    const char *shared = shared_data();
    if (!shared)
        skip();
    char *dir = strdup("/tmp/hamkor-taxhs6-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp data/taxonomy/*.tsv '%s'/", dir);
    assert_int_equal(system(cmd), 0);
    /* The published list ends with statistical pseudo-codes (99, 9999,
     * TOTAL) that are not HS; leave those rows out, as a user would. */
    char csv[512];
    snprintf(csv, sizeof csv, "%s/hs6.csv", dir);
    snprintf(cmd, sizeof cmd, "grep -v '^TOTAL,' '%s/hs-en/harmonized-system.csv' > '%s'", shared, csv);
    assert_int_equal(system(cmd), 0);
    size_t added = 0;
    hk_err err;
    int rc = tax_import_csv(dir, csv, &added, &err);
    if (rc)
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
    assert_true(added > 5000);
    tax *t;
    assert_int_equal(tax_load(dir, NULL, &t, &err), 0);
    assert_true(tax_code_known(t, "hs", "761610"));
    tax_free(t);
    remove_dir(dir);
}

/* The shipped data: every section, chapter, heading, division and group
 * present with all three labels (the loader refuses empty ones). */
static void shipped_taxonomy_is_complete_in_three_languages(void **state)
{
    (void)state;
    tax *t;
    hk_err err;
    int rc = tax_load("data/taxonomy", NULL, &t, &err);
    if (rc)
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
    size_t count[2][4] = {{0}};
    for (size_t k = 0; k < tax_count(t); k++) {
        const tax_node *n = tax_node_at(t, (int32_t)k);
        count[n->scheme][n->level]++;
        for (int l = 0; l < TAX__LANGS; l++)
            assert_true(n->label[l][0] != '\0');
        if (n->scheme == TAX_HS && n->level == TAX_LEVEL_3)
            assert_true(n->n_xwalk > 0);
    }
    assert_int_equal(count[TAX_HS][TAX_LEVEL_SECTION], 21);
    assert_int_equal(count[TAX_HS][TAX_LEVEL_2], 97);
    assert_int_equal(count[TAX_HS][TAX_LEVEL_3], 1228);
    assert_int_equal(count[TAX_ISIC][TAX_LEVEL_SECTION], 21);
    assert_int_equal(count[TAX_ISIC][TAX_LEVEL_2], 88);
    assert_int_equal(count[TAX_ISIC][TAX_LEVEL_3], 238);
    tax_free(t);
}

int main(void)
{
    const struct CMUnitTest fixture_tests[] = {
        cmocka_unit_test(loads_codes_at_every_level),
        cmocka_unit_test(crosswalk_links_headings_and_groups_both_ways),
        cmocka_unit_test(code_known_accepts_finer_codes_under_known_parents),
        cmocka_unit_test(shared_depth_counts_common_levels),
        cmocka_unit_test(suggest_finds_codes_in_each_language),
    };
    const struct CMUnitTest other_tests[] = {
        cmocka_unit_test(load_error_names_file_and_line),
        cmocka_unit_test(load_refuses_unknown_parent_and_bad_code),
        cmocka_unit_test(load_refuses_wrong_header_and_field_count),
        cmocka_unit_test(import_adds_finer_codes_and_refuses_bad_rows),
        cmocka_unit_test(import_takes_the_official_six_digit_list),
        cmocka_unit_test(shipped_taxonomy_is_complete_in_three_languages),
    };
    int failed = cmocka_run_group_tests_name("taxonomy (fixture)", fixture_tests, setup, teardown);
    failed += cmocka_run_group_tests_name("taxonomy", other_tests, NULL, NULL);
    return failed ? 1 : 0;
}
