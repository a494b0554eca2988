/*
 * test_taxonomy.c - loading the taxonomy (with errors that name file:line),
 * lookups, hierarchy, crosswalk, the code-known rule, suggestions, import
 * of a fuller list, the completeness of the shipped data, and relabelling
 * a code while serving (tax_edit.c): what suggestions and inference see,
 * a model equal to a fresh load's, the checks, the labels kept in the
 * store laid over the files (tax_store.c), and readers racing a writer
 * (run it under TSan too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"
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
    assert_string_equal(tax_label(n, TAX_RU), "Прочие изделия из алюминия");
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
            assert_true(tax_label(n, (tax_lang)l)[0] != '\0');
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

/* ---- relabelling (tax_edit.c, tax_store.c) ---- */

/* 7604 as the secretariat rewrites it: a new Chinese label and a Chinese
 * synonym traders use, the English synonym "aluminium extrusion" gone. */
static const char *const new_7604_labels[TAX__LANGS] = {"Aluminium bars, rods and profiles",
                                                        "Алюминиевые прутки и профили", "铝型材及铝棒"};
static const char *const new_7604_syns[TAX__LANGS] = {"window profiles", "алюминиевый профиль", "铝挤压件|断桥铝"};

/* The best HS heading for text, or "" when none. */
static const char *best_hs(tax *t, const char *text)
{
    static char code[8];
    tax_result r;
    hk_err err;
    assert_int_equal(tax_classify(t, text, strlen(text), NULL, 5, &r, &err), 0);
    snprintf(code, sizeof code, "%s", r.n_hs ? tax_node_at(t, r.hs[0].node)->code : "");
    tax_result_free(&r);
    return code;
}

/* Whether tax_suggest finds code for query (anywhere in its first ten). */
static bool suggests(tax *t, const char *query, const char *code)
{
    tax_hit *hits;
    size_t n;
    hk_err err;
    assert_int_equal(tax_suggest(t, TAX_HS, query, 10, &hits, &n, &err), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found = found || !strcmp(tax_node_at(t, hits[i].node)->code, code);
    free(hits);
    return found;
}

static void relabelled_code_is_suggested_and_inferred_from_its_new_words(void **state)
{
    fixture *f = *state;
    assert_false(suggests(f->t, "断桥铝", "7604"));
    assert_string_equal(best_hs(f->t, "aluminium extrusion"), "7604");
    hk_err err;
    assert_int_equal(tax_relabel(f->t, TAX_HS, "7604", new_7604_labels, new_7604_syns, &err), 0);
    const tax_node *n = tax_node_at(f->t, tax_find(f->t, TAX_HS, "7604"));
    assert_string_equal(tax_label(n, TAX_ZH), "铝型材及铝棒");
    assert_string_equal(tax_synonyms(n, TAX_ZH), "铝挤压件|断桥铝");
    assert_true(suggests(f->t, "断桥铝", "7604"));
    assert_true(suggests(f->t, "window prof", "7604"));
    assert_false(suggests(f->t, "extrusion", "7604")); /* the dropped synonym */
    assert_string_equal(best_hs(f->t, "断桥铝门窗型材"), "7604");
    assert_string_equal(best_hs(f->t, "铝挤压件"), "7604");
    /* Synonyms may be removed altogether. */
    const char *const none[TAX__LANGS] = {NULL, "", NULL};
    assert_int_equal(tax_relabel(f->t, TAX_HS, "7604", new_7604_labels, none, &err), 0);
    assert_null(tax_synonyms(n, TAX_ZH));
    assert_false(suggests(f->t, "断桥铝", "7604"));
}

/* Rewrites the line of path that starts with prefix. */
static void replace_line(const char *path, const char *prefix, const char *line)
{
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char buf[64 * 1024];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    bool done = false;
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (!strncmp(p, prefix, strlen(prefix))) {
            fputs(line, out);
            done = true;
        } else {
            fwrite(p, 1, len, out);
        }
        p += len;
    }
    fclose(out);
    assert_true(done);
}

/* Scores of a and b for text agree code by code. */
static void same_inference(tax *a, tax *b, const char *text)
{
    tax_result ra, rb;
    hk_err err;
    assert_int_equal(tax_classify(a, text, strlen(text), NULL, 10, &ra, &err), 0);
    assert_int_equal(tax_classify(b, text, strlen(text), NULL, 10, &rb, &err), 0);
    assert_int_equal(ra.n_hs, rb.n_hs);
    assert_int_equal(ra.n_isic, rb.n_isic);
    for (int s = 0; s < 2; s++) {
        const tax_hit *ha = s ? ra.isic : ra.hs, *hb = s ? rb.isic : rb.hs;
        size_t n = s ? ra.n_isic : ra.n_hs;
        for (size_t i = 0; i < n; i++) {
            bool found = false;
            for (size_t j = 0; j < n && !found; j++) {
                if (strcmp(tax_node_at(a, ha[i].node)->code, tax_node_at(b, hb[j].node)->code))
                    continue;
                found = true;
                if (fabs(ha[i].score - hb[j].score) > 1e-4 * (1 + ha[i].score))
                    fail_msg("%s: %s scores %f after relabelling, %f when loaded so", text,
                             tax_node_at(a, ha[i].node)->code, ha[i].score, hb[j].score);
            }
            if (!found)
                fail_msg("%s: %s found only after relabelling", text, tax_node_at(a, ha[i].node)->code);
        }
    }
    tax_result_free(&ra);
    tax_result_free(&rb);
}

/* Relabelling a heading and its chapter (whose label every heading of it
 * carries at parent weight) leaves the model as a load of files with the
 * new wording would build it. */
static void relabelled_model_equals_a_fresh_load_of_the_same_wording(void **state)
{
    fixture *f = *state;
    char *dir = strdup("/tmp/hamkor-taxrel-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[512], path[600];
    snprintf(cmd, sizeof cmd, "cp " FIXTURE "/*.tsv '%s'/", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/hs-headings.tsv", dir);
    replace_line(path, "7604\t",
                 "7604\t76\tAluminium bars, rods and profiles\tАлюминиевые прутки и профили\t铝型材及铝棒\t"
                 "window profiles\tалюминиевый профиль\t铝挤压件|断桥铝\t242\n");
    snprintf(path, sizeof path, "%s/hs-chapters.tsv", dir);
    replace_line(path, "76\t", "76\tXV\tAluminium and its articles\tАлюминий и изделия из него\t铝和铝材\t\t\t\t\n");
    tax *fresh;
    hk_err err;
    assert_int_equal(tax_load(dir, f->a, &fresh, &err), 0);
    assert_int_equal(tax_relabel(f->t, TAX_HS, "7604", new_7604_labels, new_7604_syns, &err), 0);
    const char *const ch[TAX__LANGS] = {"Aluminium and its articles", "Алюминий и изделия из него", "铝和铝材"};
    assert_int_equal(tax_relabel(f->t, TAX_HS, "76", ch, NULL, &err), 0);
    const char *texts[] = {"aluminium extrusion", "window profiles", "断桥铝门窗", "铝材", "articles",
                           "алюминиевый профиль", "die castings of aluminium", "cotton yarn"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        same_inference(f->t, fresh, texts[i]);
    tax_free(fresh);
    remove_dir(dir);
}

static void relabel_check_names_the_field_and_changes_nothing(void **state)
{
    fixture *f = *state;
    hk_err err;
    const char *syn_ok[TAX__LANGS] = {NULL, NULL, NULL};
    const char *labels[TAX__LANGS] = {"Aluminium bars", "Алюминиевые прутки", "铝棒"};
    assert_int_equal(tax_relabel(f->t, TAX_HS, "9999", labels, syn_ok, &err), HK_ENOTFOUND);
    assert_string_equal(err.field, "code");
    assert_int_equal(tax_relabel(f->t, TAX_HS, "243", labels, syn_ok, &err), HK_ENOTFOUND); /* ISIC, not HS */

    struct {
        const char *label[TAX__LANGS];
        const char *syn[TAX__LANGS];
        const char *field;
    } bad[] = {
        {{"", "Прутки", "铝棒"}, {NULL}, "labels.en"},
        {{"   ", "Прутки", "铝棒"}, {NULL}, "labels.en"},
        {{"Bars", "Прутки\tи профили", "铝棒"}, {NULL}, "labels.ru"},
        {{"Bars", "Прутки", "铝\xc2\x85棒"}, {NULL}, "labels.zh"},   /* U+0085, a C1 control */
        {{"Bars", "Прутки", "\xe9\x93"}, {NULL}, "labels.zh"},       /* cut UTF-8 */
        {{"Bars", NULL, "铝棒"}, {NULL}, "labels.ru"},
        {{"Bars", "Прутки", "铝棒"}, {"rods||bars", NULL, NULL}, "synonyms.en"},
        {{"Bars", "Прутки", "铝棒"}, {NULL, "профиль|", NULL}, "synonyms.ru"},
        {{"Bars", "Прутки", "铝棒"}, {NULL, NULL, "铝\n型材"}, "synonyms.zh"},
    };
    const tax_node *n = tax_node_at(f->t, tax_find(f->t, TAX_HS, "7604"));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(tax_relabel(f->t, TAX_HS, "7604", bad[i].label, bad[i].syn, &err), HK_EINVAL);
        assert_string_equal(err.field, bad[i].field);
    }
    /* Lengths: 200 characters of a label pass, 201 do not; a synonym of
     * 101; more than 2000 bytes of synonyms in one language. */
    char long_label[1024] = "";
    for (int i = 0; i < 200; i++)
        strcat(long_label, "铝");
    labels[2] = long_label;
    assert_int_equal(tax_relabel_check(f->t, TAX_HS, "7604", labels, syn_ok, &err), 0);
    strcat(long_label, "铝");
    assert_int_equal(tax_relabel_check(f->t, TAX_HS, "7604", labels, syn_ok, &err), HK_EINVAL);
    assert_string_equal(err.field, "labels.zh");
    labels[2] = "铝棒";
    char syn[4096];
    memset(syn, 'a', 101);
    syn[101] = '\0';
    const char *syns[TAX__LANGS] = {syn, NULL, NULL};
    assert_int_equal(tax_relabel_check(f->t, TAX_HS, "7604", labels, syns, &err), HK_EINVAL);
    assert_string_equal(err.field, "synonyms.en");
    for (int i = 0; i < 25; i++)
        memcpy(syn + i * 81, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|", 81);
    syn[25 * 81 - 1] = '\0'; /* 25 synonyms of 80, 2024 bytes */
    assert_int_equal(tax_relabel_check(f->t, TAX_HS, "7604", labels, syns, &err), HK_EINVAL);
    assert_string_equal(err.field, "synonyms.en");
    /* Nothing of the refused changes is visible. */
    assert_string_equal(tax_label(n, TAX_EN), "Aluminium bars, rods and profiles");
    assert_string_equal(tax_synonyms(n, TAX_EN), "aluminium extrusion");
    assert_string_equal(best_hs(f->t, "aluminium extrusion"), "7604");
}

static int count_rows(const store_tax_label *r, void *ctx)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

static int count_audit(const audit_entry *a, void *ctx)
{
    if (!strcmp(a->action, "put") && strstr(a->detail, "\"7604\""))
        (*(int *)ctx)++;
    return 0;
}

/* The store keeps the secretariat's rows (one per code, replaced on the
 * next put, audited); tax_apply_store lays them over a fresh load and
 * skips, without failing, a row whose code is not in the taxonomy. */
static void labels_kept_in_the_store_are_applied_over_the_files(void **state)
{
    fixture *f = *state;
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    store_tax_label row = {.scheme = "hs", .code = "7604"};
    for (int l = 0; l < TAX__LANGS; l++) {
        row.label[l] = l == TAX_ZH ? "铝型材" : new_7604_labels[l];
        row.synonyms[l] = new_7604_syns[l];
    }
    assert_int_equal(store_tax_label_put(st, &row, 0, &err), 0);
    assert_true(row.updated_at > 0);
    row.label[TAX_ZH] = new_7604_labels[TAX_ZH]; /* replaced, not added */
    assert_int_equal(store_tax_label_put(st, &row, 0, &err), 0);
    store_tax_label gone = row;
    gone.code = "7699"; /* not in the fixture */
    assert_int_equal(store_tax_label_put(st, &gone, 0, &err), 0);
    int n = 0;
    assert_int_equal(store_tax_label_each(st, count_rows, &n, &err), 0);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(store_audit_each(st, "taxonomy_label", 0, count_audit, &n, &err), 0);
    assert_int_equal(n, 2);

    /* The store refuses what is not a row. */
    store_tax_label bad = row;
    bad.scheme = "cpc";
    assert_int_equal(store_tax_label_put(st, &bad, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "scheme");
    bad = row;
    bad.code = "76'04";
    assert_int_equal(store_tax_label_put(st, &bad, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "code");
    bad = row;
    bad.label[TAX_RU] = "";
    assert_int_equal(store_tax_label_put(st, &bad, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "labels.ru");
    assert_int_equal(store_tax_label_put(st, &row, 999, &err), HK_EINVAL); /* no such user */
    assert_string_equal(err.field, "updated_by");

    assert_int_equal(tax_apply_store(f->t, st, &err), 0);
    const tax_node *nd = tax_node_at(f->t, tax_find(f->t, TAX_HS, "7604"));
    assert_string_equal(tax_label(nd, TAX_ZH), "铝型材及铝棒");
    assert_string_equal(tax_synonyms(nd, TAX_ZH), "铝挤压件|断桥铝");
    assert_true(suggests(f->t, "断桥铝", "7604"));
    assert_string_equal(best_hs(f->t, "铝挤压件"), "7604");

    /* A taxonomy without an analyzer (the import commands' code check)
     * takes the labels too. */
    tax *plain;
    assert_int_equal(tax_load(FIXTURE, NULL, &plain, &err), 0);
    assert_int_equal(tax_apply_store(plain, st, &err), 0);
    assert_string_equal(tax_label(tax_node_at(plain, tax_find(plain, TAX_HS, "7604")), TAX_ZH), "铝型材及铝棒");
    tax_free(plain);
    store_close(st);
}

/* Readers that hold no lock (tax_label, tax_synonyms) or a read lock
 * (suggest, classify) while a writer relabels back and forth: run under
 * ThreadSanitizer (make BUILD=build-tsan OPT=-O1 SAN=-fsanitize=thread
 * build-tsan/tests/test_taxonomy) this shows the accessors race-free,
 * and under ASan that no reader sees a freed string. */
typedef struct race {
    tax *t;
    const tax_node *n;
    int stop;                /* __atomic */
    long reads;
} race;

static void *reader(void *arg)
{
    race *r = arg;
    long reads = 0;
    const char *queries[] = {"铝型", "alumin", "断桥铝", "профил"};
    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        for (int l = 0; l < TAX__LANGS; l++) {
            const char *s = tax_label(r->n, (tax_lang)l);
            const char *y = tax_synonyms(r->n, (tax_lang)l);
            if (!s || !*s || (y && strlen(y) > TAX_SYNONYMS_MAX_BYTES))
                abort();
        }
        tax_hit *hits;
        size_t n;
        hk_err err;
        if (tax_suggest(r->t, TAX_HS, queries[reads % 4], 5, &hits, &n, &err))
            abort();
        free(hits);
        tax_result res;
        if (tax_classify(r->t, queries[reads % 4], strlen(queries[reads % 4]), NULL, 3, &res, &err))
            abort();
        tax_result_free(&res);
        reads++;
    }
    __atomic_add_fetch(&r->reads, reads, __ATOMIC_RELAXED);
    return NULL;
}

static void readers_see_whole_labels_while_a_writer_relabels(void **state)
{
    fixture *f = *state;
    race r = {f->t, tax_node_at(f->t, tax_find(f->t, TAX_HS, "7604")), 0, 0};
    const char *const old_labels[TAX__LANGS] = {"Aluminium bars, rods and profiles", "Алюминиевые прутки и профили",
                                                "铝条杆型材"};
    const char *const old_syns[TAX__LANGS] = {"aluminium extrusion", "алюминиевый профиль", "铝型材"};
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&th[i], NULL, reader, &r), 0);
    hk_err err;
    for (int i = 0; i < 200; i++) {
        bool odd = i % 2;
        assert_int_equal(tax_relabel(f->t, TAX_HS, "7604", odd ? old_labels : new_7604_labels,
                                     odd ? old_syns : new_7604_syns, &err),
                         0);
    }
    __atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    assert_true(__atomic_load_n(&r.reads, __ATOMIC_RELAXED) > 0);
    /* 200 relabels end where they began: so does the model. */
    assert_string_equal(best_hs(f->t, "aluminium extrusion"), "7604");
    assert_string_equal(tax_label(r.n, TAX_ZH), "铝条杆型材");
}

static int setup_each(void **state)
{
    return setup(state);
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
    /* Each relabel test changes its taxonomy: a fresh one per test. */
    const struct CMUnitTest relabel_tests[] = {
        cmocka_unit_test_setup_teardown(relabelled_code_is_suggested_and_inferred_from_its_new_words, setup_each,
                                        teardown),
        cmocka_unit_test_setup_teardown(relabelled_model_equals_a_fresh_load_of_the_same_wording, setup_each,
                                        teardown),
        cmocka_unit_test_setup_teardown(relabel_check_names_the_field_and_changes_nothing, setup_each, teardown),
        cmocka_unit_test_setup_teardown(labels_kept_in_the_store_are_applied_over_the_files, setup_each, teardown),
        cmocka_unit_test_setup_teardown(readers_see_whole_labels_while_a_writer_relabels, setup_each, teardown),
    };
    int failed = cmocka_run_group_tests_name("taxonomy (fixture)", fixture_tests, setup, teardown);
    failed += cmocka_run_group_tests_name("taxonomy", other_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("taxonomy (relabel)", relabel_tests, NULL, NULL);
    return failed ? 1 : 0;
}
