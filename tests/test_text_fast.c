/*
 * test_text_fast.c - the analyzer's fast paths give exactly what the
 * reference path gives.
 *
 * Two shortcuts exist only for speed (docs/text-analysis.md, "Threads and
 * speed"): Latin, Cyrillic and Chinese text is segmented in C instead
 * of by ICU's break iterator (which only cuts each distinct Han run, once),
 * and each worker memoises the analysis of the words it has seen. The private flags TEXT__NO_FASTPATH and TEXT__NO_MEMO turn
 * both off; every test here analyses the same inputs both ways and
 * compares every field of every token. Inputs: each code point the fast
 * path accepts, in every kind of neighbourhood; random strings over a
 * mixed alphabet; the golden inputs and the language-detection sentences
 * in every language and with every flag; and, when HK_TEXT_CORPUS names a
 * file (one text per line, e.g. every title and description of a demo
 * database), each of its lines. Last, four threads share one cold
 * analyzer with mixed flags and must all get the reference tokens.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hk_utf8.h"
#include "text/text_int.h"

#define REF (TEXT__NO_FASTPATH | TEXT__NO_MEMO)

typedef struct fixture {
    text_analyzer *a;
    text_tokens got, want;
    size_t compared, fast; /* texts compared, of which the fast path took */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    hk_err err;
    if (!f || text_analyzer_new(&f->a, &err) != 0)
        return -1;
    text_tokens_init(&f->got);
    text_tokens_init(&f->want);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    text_tokens_free(&f->got);
    text_tokens_free(&f->want);
    text_analyzer_free(f->a);
    free(f);
    return 0;
}

static bool same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Analyses s both ways with flags and fails with a readable message on
 * the first difference. */
static void compare(fixture *f, const char *s, size_t len, const char *lang, unsigned flags)
{
    hk_err e1, e2;
    int r1 = text_analyze(f->a, s, len, lang, flags, &f->got, &e1);
    int r2 = text_analyze(f->a, s, len, lang, flags | REF, &f->want, &e2);
    f->compared++;
    if (hk_utf8_valid(s, len) && text_wb_fast(f->a->wb, s, len))
        f->fast++;
    if (r1 != r2)
        fail_msg("'%.*s' (lang %s, flags %u): status %d, reference %d", (int)len, s, lang ? lang : "-", flags,
                 r1, r2);
    if (strcmp(f->got.lang, f->want.lang) != 0 || f->got.n != f->want.n)
        fail_msg("'%.*s' (lang %s, flags %u): %zu tokens in %s, reference %zu in %s", (int)len, s,
                 lang ? lang : "-", flags, f->got.n, f->got.lang, f->want.n, f->want.lang);
    for (size_t i = 0; i < f->got.n; i++) {
        const text_token *x = &f->got.v[i], *y = &f->want.v[i];
        if (!same_str(x->norm, y->norm) || !same_str(x->stem, y->stem) || !same_str(x->xkey, y->xkey) ||
            x->pos != y->pos || x->start != y->start || x->end != y->end || x->cps != y->cps ||
            x->kind != y->kind || x->script != y->script || (x->stem == x->norm) != (y->stem == y->norm))
            fail_msg("'%.*s' (lang %s, flags %u) token %zu: %s/%s/%s %u [%u,%u) %u, reference %s/%s/%s %u "
                     "[%u,%u) %u",
                     (int)len, s, lang ? lang : "-", flags, i, x->norm, x->stem, x->xkey ? x->xkey : "-",
                     x->pos, x->start, x->end, x->cps, y->norm, y->stem, y->xkey ? y->xkey : "-", y->pos,
                     y->start, y->end, y->cps);
    }
}

static void compare_str(fixture *f, const char *s, const char *lang, unsigned flags)
{
    compare(f, s, strlen(s), lang, flags);
}

static void fast_path_is_on_for_latin_cyrillic_and_chinese(void **state)
{
    fixture *f = *state;
    /* The probes at analyzer creation agreed with this ICU: the fast path
     * is on (if they had not, every test here would pass vacuously). */
    const char *s = "Литьё алюминия под давлением, e.g. 1,000.50 t/year: Oʻzbekiston «Тошкент» — №5";
    assert_true(text_wb_fast(f->a->wb, s, strlen(s)));
    const char *han = "中国农业发展银行，华为技术有限公司（iPhone 15）";
    assert_true(text_wb_fast(f->a->wb, han, strlen(han)));
    const char *kana = "トヨタ自動車";
    assert_false(text_wb_fast(f->a->wb, kana, strlen(kana)));
    const char *deva = "इस्पात";
    assert_false(text_wb_fast(f->a->wb, deva, strlen(deva)));
    const char *under = "snake_case";
    assert_false(text_wb_fast(f->a->wb, under, strlen(under)));
}

/* Every code point the fast path accepts, alone and between letters,
 * digits, middle characters and spaces: covers each word rule it
 * implements (WB5-WB12) for each class. */
static void every_fast_code_point_is_cut_as_icu_cuts_it(void **state)
{
    fixture *f = *state;
    static const char *const ctx[][2] = {
        {"", ""},   {"a", "b"},   {"1", "2"},   {"a", "1"},   {"1", "a"},   {"я", "я"},   {"a", ""},
        {"", "a"},  {"1", ""},    {"", "1"},    {"a.", "b"},  {"a", ".b"},  {"1,", "2"},  {"1", ",2"},
        {"a'", "b"}, {"a", "'b"}, {"x ", " y"}, {"a:", "b"},  {"@", "@"},   {"ʻ", "ʻ"},   {"’", "a"},
        {"中", "国"}, {"银行", "中国"}, {"a", "中"}, {"中", "1"}, {"华为", "技术"},
    };
    size_t accepted = 0, han = 0;
    for (uint32_t cp = 1; cp < TEXT_WB_LIMIT; cp++) {
        if (f->a->wb[cp] == TEXT_WB_SLOW || (cp >= 0xD800 && cp <= 0xDFFF))
            continue;
        accepted++;
        /* Ideographs all take one class and one code path (the dictionary
         * sees them, not these rules): one in 29 is enough here; real
         * Chinese texts follow below. */
        if (f->a->wb[cp] == TEXT_WB_HAN && han++ % 29 != 0)
            continue;
        char ch[5];
        ch[hk_utf8_encode(cp, ch)] = '\0';
        for (size_t i = 0; i < sizeof ctx / sizeof *ctx; i++) {
            char s[64];
            snprintf(s, sizeof s, "%s%s%s", ctx[i][0], ch, ctx[i][1]);
            compare_str(f, s, "en", 0);
            snprintf(s, sizeof s, "%s%s%s%s", ctx[i][0], ch, ch, ctx[i][1]);
            compare_str(f, s, "ru", 0);
        }
    }
    print_message("%zu code points on the fast path (%zu ideographs), %zu texts compared\n", accepted, han,
                  f->compared);
    assert_true(accepted > 20000);
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Random strings over letters, digits and every kind of separator,
 * including a few that send the text to ICU (so the two paths also meet
 * inside one worker's memo). */
static void random_mixed_strings_agree(void **state)
{
    fixture *f = *state;
    static const char *const alpha[] = {
        "a", "Z", "q", "я", "Ё", "ў", "қ", "ʻ", "é", "ı", "1", "0", ".", ",", ";", ":", "'", "’", "‘",
        "@", "\"", " ", "-", "\n", "·", "№", "«", "»", "–", "/", "(", "%", "²", "½", "Ⅻ", "ǅ", "ﬁ",
        "_", "中", "国", "银行", "华为", "技术", "有限公司", "，", "。", "（", "Ａ", "１", "ト", "\xC2\xAD",
        "\xCC\x81", "℃", "ß", "İ", "ΐ", "\t"};
    const size_t na = sizeof alpha / sizeof *alpha;
    static const char *const langs[] = {"en", "ru", "uz", "kk", "zh", NULL};
    uint64_t seed = 0x5EED5EEDull;
    for (int it = 0; it < 60000; it++) {
        char s[128];
        size_t o = 0;
        int n = 1 + (int)(rng(&seed) % 10);
        for (int k = 0; k < n; k++) {
            const char *p = alpha[rng(&seed) % na];
            size_t pl = strlen(p);
            memcpy(s + o, p, pl);
            o += pl;
        }
        s[o] = '\0';
        compare(f, s, o, langs[rng(&seed) % 6], (unsigned)(rng(&seed) % 8));
    }
    print_message("%zu texts compared, %zu on the fast path\n", f->compared, f->fast);
}

/* Han runs longer than the run memo takes are cut by the break iterator
 * word by word, between the analysis of the words: the same cuts. */
static void long_han_runs_are_cut_as_icu_cuts_them(void **state)
{
    fixture *f = *state;
    static const char *const parts[] = {"中国农业发展银行", "华为技术有限公司", "铝合金压铸件", "我们",
                                        "生产", "高精度", "数控机床", "与", "乌兹别克斯坦", "合作"};
    uint64_t seed = 42;
    for (int it = 0; it < 400; it++) {
        char s[2048];
        size_t o = 0;
        int n = 2 + (int)(rng(&seed) % 40);
        for (int k = 0; k < n; k++) {
            const char *p = parts[rng(&seed) % (sizeof parts / sizeof *parts)];
            size_t pl = strlen(p);
            memcpy(s + o, p, pl);
            o += pl;
            if (rng(&seed) % 9 == 0)
                s[o++] = rng(&seed) % 2 ? ' ' : '5';
        }
        s[o] = '\0';
        compare(f, s, o, "zh", (unsigned)(rng(&seed) % 8));
        compare(f, s, o, NULL, 0);
    }
    assert_true(f->fast == f->compared);
}

/* The inputs of every text at path, one per line: lines of a golden file
 * start with "> "; langid.tsv lines are "label<TAB>sentence". */
static size_t load_lines(const char *path, char ***out)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    size_t n = 0, cap = 0;
    char **v = NULL;
    char *line = NULL;
    size_t lc = 0;
    ssize_t len;
    while ((len = getline(&line, &lc, fp)) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *s = line;
        if (strncmp(s, "> ", 2) == 0)
            s += 2;
        else if (strchr(s, '\t') && strstr(path, ".tsv"))
            s = strchr(s, '\t') + 1;
        else if (!strstr(path, "golden") && *s && *s != '#')
            ; /* a corpus line */
        else
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            v = realloc(v, cap * sizeof *v);
            assert_non_null(v);
        }
        v[n++] = strdup(s);
    }
    free(line);
    fclose(fp);
    *out = v;
    return n;
}

static void free_lines(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void real_texts(fixture *f, char **v, size_t n, bool all_modes)
{
    static const char *const langs[] = {NULL, "en", "ru", "zh", "kk", "uz", "ky", "tg", "be", "hi", "ur", "fa", "mn"};
    for (size_t i = 0; i < n; i++) {
        /* Twice each: the second run meets the words in the memo. Texts
         * without keys first, so that keys are completed later. */
        compare_str(f, v[i], NULL, TEXT_NO_XKEY);
        compare_str(f, v[i], NULL, 0);
        compare_str(f, v[i], NULL, 0);
        if (!all_modes)
            continue;
        for (size_t l = 1; l < sizeof langs / sizeof *langs; l++)
            for (unsigned fl = 0; fl < 8; fl++)
                compare_str(f, v[i], langs[l], fl);
    }
}

static void golden_and_langid_texts_agree_in_every_language_and_mode(void **state)
{
    fixture *f = *state;
    static const char *const files[] = {
        "tests/data/langid.tsv",       "tests/golden/text/en.txt", "tests/golden/text/ru.txt",
        "tests/golden/text/zh.txt",    "tests/golden/text/kk.txt", "tests/golden/text/uz-Cyrl.txt",
        "tests/golden/text/uz-Latn.txt", "tests/golden/text/ky.txt", "tests/golden/text/tg.txt",
        "tests/golden/text/be.txt",    "tests/golden/text/hi.txt", "tests/golden/text/ur.txt",
        "tests/golden/text/fa.txt"};
    size_t total = 0;
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char **v = NULL;
        size_t n = load_lines(files[k], &v);
        assert_true(n > 0);
        total += n;
        real_texts(f, v, n, true);
        free_lines(v, n);
    }
    print_message("%zu texts, %zu comparisons, %zu on the fast path\n", total, f->compared, f->fast);
    assert_true(f->fast > f->compared / 3);
}

/* HK_TEXT_CORPUS=file: one text per line, compared in detected language
 * with and without keys (see the top of this file). */
static void corpus_texts_agree(void **state)
{
    fixture *f = *state;
    const char *path = getenv("HK_TEXT_CORPUS");
    if (!path || !*path) {
        skip();
        return;
    }
    char **v = NULL;
    size_t n = load_lines(path, &v);
    assert_true(n > 0);
    real_texts(f, v, n, false);
    free_lines(v, n);
    print_message("%zu corpus texts, %zu comparisons, %zu on the fast path\n", n, f->compared, f->fast);
}

/* ---- threads ---- */

/* The reference tokens of one (text, flags) as one string. */
static char *dump(const text_tokens *t)
{
    size_t cap = 64, o = 0;
    for (size_t i = 0; i < t->n; i++)
        cap += strlen(t->v[i].norm) + strlen(t->v[i].stem) + (t->v[i].xkey ? strlen(t->v[i].xkey) : 1) + 60;
    char *b = malloc(cap);
    assert_non_null(b);
    o += (size_t)snprintf(b + o, cap - o, "%s|", t->lang);
    for (size_t i = 0; i < t->n; i++) {
        const text_token *x = &t->v[i];
        o += (size_t)snprintf(b + o, cap - o, "%u %u %s %s %s %u %u %u %u|", x->pos, x->kind, x->norm, x->stem,
                              x->xkey ? x->xkey : "-", x->start, x->end, x->cps, x->script);
    }
    return b;
}

#define T_FLAGS 4 /* flags 0, NO_XKEY, KEEP_STOPWORDS, NO_BIGRAMS */
static const unsigned t_flags[T_FLAGS] = {0, TEXT_NO_XKEY, TEXT_KEEP_STOPWORDS, TEXT_NO_BIGRAMS};

typedef struct t_arg {
    text_analyzer *a;
    char **texts;
    char **want;      /* [text * T_FLAGS + flag] */
    size_t n;
    int id;
    int mismatches;   /* OUT */
} t_arg;

static void *t_run(void *p)
{
    t_arg *c = p;
    text_tokens t;
    text_tokens_init(&t);
    hk_err err;
    for (size_t r = 0; r < 3 * c->n; r++) {
        /* Each thread walks texts and flags in its own order, so that a
         * word enters a memo without keys in one thread and is completed
         * in another's worker later. */
        size_t k = (r * 7 + (size_t)c->id * 13) % c->n;
        size_t fl = (r + (size_t)c->id) % T_FLAGS;
        if (text_analyze(c->a, c->texts[k], strlen(c->texts[k]), NULL, t_flags[fl], &t, &err) != 0) {
            c->mismatches++;
            continue;
        }
        char *d = dump(&t);
        if (strcmp(d, c->want[k * T_FLAGS + fl]) != 0)
            c->mismatches++;
        free(d);
    }
    text_tokens_free(&t);
    return NULL;
}

static void threads_sharing_memos_give_the_reference_tokens(void **state)
{
    fixture *f = *state;
    char **v = NULL;
    size_t n = load_lines("tests/data/langid.tsv", &v);
    assert_true(n > 0);
    char **want = calloc(n * T_FLAGS, sizeof *want);
    assert_non_null(want);
    hk_err err;
    for (size_t k = 0; k < n; k++)
        for (size_t fl = 0; fl < T_FLAGS; fl++) {
            assert_int_equal(text_analyze(f->a, v[k], strlen(v[k]), NULL, t_flags[fl] | REF, &f->want, &err), 0);
            want[k * T_FLAGS + fl] = dump(&f->want);
        }
    /* A fresh analyzer: cold memos, cold shared cache, empty pool. */
    text_analyzer *a = NULL;
    assert_int_equal(text_analyzer_new(&a, &err), 0);
    enum { NT = 4 };
    pthread_t th[NT];
    t_arg args[NT];
    for (int i = 0; i < NT; i++) {
        args[i] = (t_arg){.a = a, .texts = v, .want = want, .n = n, .id = i};
        assert_int_equal(pthread_create(&th[i], NULL, t_run, &args[i]), 0);
    }
    int bad = 0;
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        bad += args[i].mismatches;
    }
    text_analyzer_free(a);
    for (size_t k = 0; k < n * T_FLAGS; k++)
        free(want[k]);
    free(want);
    free_lines(v, n);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fast_path_is_on_for_latin_cyrillic_and_chinese, setup, teardown),
        cmocka_unit_test_setup_teardown(every_fast_code_point_is_cut_as_icu_cuts_it, setup, teardown),
        cmocka_unit_test_setup_teardown(random_mixed_strings_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(long_han_runs_are_cut_as_icu_cuts_them, setup, teardown),
        cmocka_unit_test_setup_teardown(golden_and_langid_texts_agree_in_every_language_and_mode, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(corpus_texts_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(threads_sharing_memos_give_the_reference_tokens, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
