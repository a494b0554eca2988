/*
 * test_text.c - behaviour of the multilingual text analyzer (src/text/):
 * segmentation, normalisation, stemming, stop words, cross-script keys,
 * byte spans, limits, concurrency and edit distance. Language detection
 * is in test_text_langid.c, the golden files in test_text_golden.c.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/text.h"

typedef struct fx {
    text_analyzer *a;
    text_tokens t;
    hk_err err;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    if (text_analyzer_new(&f->a, &f->err) != 0) {
        fprintf(stderr, "analyzer: %s\n", f->err.msg);
        free(f);
        return -1;
    }
    text_tokens_init(&f->t);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    text_tokens_free(&f->t);
    text_analyzer_free(f->a);
    free(f);
    return 0;
}

static void analyze(fx *f, const char *s, const char *lang, unsigned flags)
{
    int rc = text_analyze(f->a, s, strlen(s), lang, flags, &f->t, &f->err);
    if (rc)
        fail_msg("text_analyze(%s): %s", s, f->err.msg);
}

/* The first token of kind k whose norm is norm, or NULL. */
static const text_token *find(const fx *f, const char *norm, int kind)
{
    for (size_t i = 0; i < f->t.n; i++)
        if (f->t.v[i].kind == kind && strcmp(f->t.v[i].norm, norm) == 0)
            return &f->t.v[i];
    return NULL;
}

static const text_token *word(const fx *f, const char *norm)
{
    const text_token *t = find(f, norm, TEXT_TOK_WORD);
    if (!t)
        fail_msg("no word token '%s'", norm);
    return t;
}

static const char *key_of(const text_token *t)
{
    return t->xkey ? t->xkey : t->norm;
}

/* ---- segmentation ---- */

static void test_chinese_is_segmented_into_dictionary_words(void **state)
{
    fx *f = *state;
    analyze(f, "中国农业发展银行", "zh", TEXT_NO_BIGRAMS);
    assert_non_null(word(f, "中国"));
    assert_non_null(word(f, "银行"));
    assert_null(find(f, "中国农业发展银行", TEXT_TOK_WORD));
}

static void test_chinese_gets_overlapping_bigrams_across_words(void **state)
{
    fx *f = *state;
    analyze(f, "中国农业发展银行", "zh", 0);
    /* 国农 straddles the words 中国 and 农业. */
    const text_token *b = find(f, "国农", TEXT_TOK_BIGRAM);
    assert_non_null(b);
    assert_int_equal(b->start, 3);
    assert_int_equal(b->end, 9);
    assert_int_equal(b->pos, word(f, "中国")->pos);
    /* A two-character word is not repeated as a bigram. */
    assert_null(find(f, "银行", TEXT_TOK_BIGRAM));
}

static void test_query_word_bank_meets_long_bank_name(void **state)
{
    fx *f = *state;
    analyze(f, "银行", "zh", 0);
    assert_int_equal(f->t.n, 1);
    char *q = strdup(f->t.v[0].norm);
    analyze(f, "中国农业发展银行", "zh", 0);
    bool found = false;
    for (size_t i = 0; i < f->t.n; i++)
        found |= strcmp(f->t.v[i].norm, q) == 0;
    free(q);
    assert_true(found);
}

static void test_brand_split_by_icu_is_found_by_bigram(void **state)
{
    fx *f = *state;
    /* ICU cuts 华为 into 华 + 为 (为 is also a stop word); the bigram
     * keeps the brand findable. */
    analyze(f, "华为技术有限公司", "zh", 0);
    bool found = find(f, "华为", TEXT_TOK_WORD) || find(f, "华为", TEXT_TOK_BIGRAM);
    assert_true(found);
}

static void test_no_bigrams_flag_skips_bigrams(void **state)
{
    fx *f = *state;
    analyze(f, "华为技术有限公司", "zh", TEXT_NO_BIGRAMS);
    for (size_t i = 0; i < f->t.n; i++)
        assert_int_equal(f->t.v[i].kind, TEXT_TOK_WORD);
}

static void test_words_of_spaced_scripts_split_on_spaces_and_punctuation(void **state)
{
    fx *f = *state;
    analyze(f, "Literie, CNC-machining; 3.5 mm", "en", TEXT_KEEP_STOPWORDS);
    assert_int_equal(f->t.n, 5);
    assert_string_equal(f->t.v[0].norm, "literie");
    assert_string_equal(f->t.v[1].norm, "cnc");
    assert_string_equal(f->t.v[2].norm, "machining");
    assert_string_equal(f->t.v[3].norm, "3.5");
    assert_int_equal(f->t.v[3].script, TEXT_SCRIPT_DIGIT);
    assert_string_equal(f->t.v[4].norm, "mm");
}

/* ---- normalisation ---- */

static void test_full_width_latin_folds_to_ascii_lower_case(void **state)
{
    fx *f = *state;
    analyze(f, "ＡＢＣ１２３", "en", 0);
    assert_int_equal(f->t.n, 1);
    assert_string_equal(f->t.v[0].norm, "abc123");
}

static void test_case_folding_of_cyrillic(void **state)
{
    fx *f = *state;
    analyze(f, "ЗАВОД", "ru", 0);
    assert_string_equal(f->t.v[0].norm, "завод");
}

static void test_traditional_chinese_folds_to_simplified(void **state)
{
    fx *f = *state;
    analyze(f, "鋁", "zh", 0);
    assert_int_equal(f->t.n, 1);
    assert_string_equal(f->t.v[0].norm, "铝");
    analyze(f, "鋁壓鑄", "zh", 0);
    assert_non_null(find(f, "铝压", TEXT_TOK_BIGRAM));
}

static void test_normalize_whole_string(void **state)
{
    fx *f = *state;
    char *out = NULL;
    const char *s = "ＡＢＣ 銀行 Straße";
    assert_int_equal(text_normalize(f->a, s, strlen(s), &out, &f->err), 0);
    assert_string_equal(out, "abc 银行 strasse");
    free(out);
}

static void test_uzbek_apostrophes_are_one_letter(void **state)
{
    fx *f = *state;
    analyze(f, "oʻzbekiston o’zbekiston o'zbekiston", "uz", 0);
    assert_int_equal(f->t.n, 3);
    assert_string_equal(f->t.v[0].norm, f->t.v[2].norm);
    assert_string_equal(f->t.v[1].norm, f->t.v[2].norm);
}

/* ---- stemming ---- */

static void test_russian_casting_forms_share_a_stem(void **state)
{
    fx *f = *state;
    analyze(f, "литьё литья", "ru", 0);
    assert_int_equal(f->t.n, 2);
    assert_string_equal(f->t.v[0].stem, f->t.v[1].stem);
    assert_string_not_equal(f->t.v[0].norm, f->t.v[1].norm);
}

static void test_english_plural_shares_stem_with_singular(void **state)
{
    fx *f = *state;
    analyze(f, "castings casting", "en", 0);
    assert_int_equal(f->t.n, 2);
    assert_string_equal(f->t.v[0].stem, "cast");
    assert_string_equal(f->t.v[1].stem, "cast");
    assert_string_equal(f->t.v[0].norm, "castings");
}

static void test_hindi_is_stemmed(void **state)
{
    fx *f = *state;
    analyze(f, "उत्पादों उत्पाद", "hi", 0);
    assert_int_equal(f->t.n, 2);
    assert_string_equal(f->t.v[0].stem, f->t.v[1].stem);
}

static void test_uzbek_passes_through_unstemmed(void **state)
{
    fx *f = *state;
    analyze(f, "korxonalari", "uz", 0);
    assert_string_equal(f->t.v[0].stem, "korxonalari");
    analyze(f, "қуймаларини", "uz", 0);
    assert_string_equal(f->t.v[0].stem, f->t.v[0].norm);
}

static void test_english_word_in_russian_text_is_stemmed_as_english(void **state)
{
    fx *f = *state;
    analyze(f, "станки castings", "ru", 0);
    assert_string_equal(word(f, "castings")->stem, "cast");
}

/* ---- stop words ---- */

static void test_stop_words_are_dropped_but_keep_their_position(void **state)
{
    fx *f = *state;
    analyze(f, "литьё и обработка", "ru", 0);
    assert_int_equal(f->t.n, 2);
    assert_int_equal(f->t.v[0].pos, 0);
    assert_int_equal(f->t.v[1].pos, 2);
    analyze(f, "the castings of steel", "en", 0);
    assert_int_equal(f->t.n, 2);
    analyze(f, "我们的产品", "zh", TEXT_NO_BIGRAMS);
    assert_null(find(f, "的", TEXT_TOK_WORD));
    assert_non_null(word(f, "产品"));
}

static void test_keep_stopwords_flag_keeps_them(void **state)
{
    fx *f = *state;
    analyze(f, "литьё и обработка", "ru", TEXT_KEEP_STOPWORDS);
    assert_int_equal(f->t.n, 3);
    assert_string_equal(f->t.v[1].norm, "и");
}

static void test_uzbek_and_kazakh_stop_words(void **state)
{
    fx *f = *state;
    analyze(f, "paxta va ipak", "uz", 0);
    assert_int_equal(f->t.n, 2);
    analyze(f, "мақта және жібек", "kk", 0);
    assert_int_equal(f->t.n, 2);
}

/* ---- cross-script keys ---- */

static void assert_same_key(fx *f, const char *a, const char *la, const char *b, const char *lb)
{
    analyze(f, a, la, 0);
    assert_int_equal(f->t.n, 1);
    char *ka = strdup(key_of(&f->t.v[0]));
    analyze(f, b, lb, 0);
    assert_int_equal(f->t.n, 1);
    if (strcmp(ka, key_of(&f->t.v[0])) != 0)
        fail_msg("key of %s is %s, of %s is %s", a, ka, b, key_of(&f->t.v[0]));
    free(ka);
}

static void test_tashkent_cyrillic_and_latin_share_a_key(void **state)
{
    assert_same_key(*state, "Тошкент", NULL, "Toshkent", NULL);
    assert_same_key(*state, "Тошкент", "uz", "Toshkent", "uz");
}

static void test_almaty_cyrillic_and_latin_share_a_key(void **state)
{
    assert_same_key(*state, "Алматы", "kk", "Almaty", "en");
    assert_same_key(*state, "Алматы", NULL, "Almaty", NULL);
}

static void test_shchelkovo_matches_its_bgn_spelling(void **state)
{
    assert_same_key(*state, "Щёлково", "ru", "Shchelkovo", "en");
}

static void test_uzbekistan_in_both_uzbek_scripts_shares_a_key(void **state)
{
    assert_same_key(*state, "Oʻzbekiston", NULL, "Ўзбекистон", NULL);
    assert_same_key(*state, "O'zbekiston", "uz", "Ўзбекистон", "uz");
}

static void test_beijing_han_key_is_pinyin(void **state)
{
    fx *f = *state;
    analyze(f, "北京", "zh", 0);
    assert_int_equal(f->t.n, 1);
    assert_string_equal(f->t.v[0].xkey, "beijing");
    assert_same_key(f, "北京", NULL, "Beijing", NULL);
}

static void test_plain_latin_has_no_key_and_accents_fold(void **state)
{
    fx *f = *state;
    analyze(f, "casting café", "en", 0);
    assert_null(f->t.v[0].xkey);
    assert_string_equal(f->t.v[1].xkey, "cafe");
}

static void test_tajik_and_kyrgyz_letters_transliterate(void **state)
{
    fx *f = *state;
    analyze(f, "ҷумҳурӣ", "tg", 0);
    assert_string_equal(f->t.v[0].xkey, "jumhuri");
    analyze(f, "өнөр", "ky", 0);
    assert_string_equal(f->t.v[0].xkey, "onor");
}

static void test_no_xkey_flag_skips_keys(void **state)
{
    fx *f = *state;
    analyze(f, "Тошкент 北京", NULL, TEXT_NO_XKEY);
    for (size_t i = 0; i < f->t.n; i++)
        assert_null(f->t.v[i].xkey);
}

static void test_xkey_of_whole_string_joins_word_keys(void **state)
{
    fx *f = *state;
    char *k = NULL;
    const char *s = "Тошкент шаҳри";
    assert_int_equal(text_xkey(f->a, s, strlen(s), "uz", &k, &f->err), 0);
    assert_string_equal(k, "toshkent shahri");
    free(k);
}

/* ---- spans, lengths, language ---- */

static void test_byte_spans_point_at_the_input_words(void **state)
{
    fx *f = *state;
    const char *s = "Литьё «Щёлково» 北京 ＡＢＣ and naïve";
    analyze(f, s, NULL, TEXT_NO_BIGRAMS | TEXT_KEEP_STOPWORDS);
    const char *want[] = {"Литьё", "Щёлково", "北京", "ＡＢＣ", "and", "naïve"};
    assert_int_equal(f->t.n, 6);
    for (size_t i = 0; i < 6; i++) {
        const text_token *t = &f->t.v[i];
        assert_int_equal(t->end - t->start, strlen(want[i]));
        assert_memory_equal(s + t->start, want[i], strlen(want[i]));
    }
}

static void test_token_length_counts_code_points(void **state)
{
    fx *f = *state;
    analyze(f, "литьё 北京", NULL, TEXT_NO_BIGRAMS);
    assert_int_equal(word(f, "литьё")->cps, 5);
    assert_int_equal(word(f, "北京")->cps, 2);
}

static void test_given_language_is_reported_and_detected_otherwise(void **state)
{
    fx *f = *state;
    analyze(f, "завод", "uz-Cyrl", 0);
    assert_string_equal(f->t.lang, "uz");
    analyze(f, "Литейный завод ищет партнёра", NULL, 0);
    assert_string_equal(f->t.lang, "ru");
}

/* ---- limits and bad input ---- */

static void test_invalid_utf8_is_refused(void **state)
{
    fx *f = *state;
    const char bad[] = "caf\xc3(";
    assert_int_equal(text_analyze(f->a, bad, sizeof bad - 1, NULL, 0, &f->t, &f->err), HK_EINVAL);
    assert_int_equal(f->t.n, 0);
    const char truncated[] = "\xe5\x8c"; /* the first two bytes of 北 */
    assert_int_equal(text_analyze(f->a, truncated, 2, "zh", 0, &f->t, &f->err), HK_EINVAL);
    char *out = NULL;
    assert_int_equal(text_normalize(f->a, bad, sizeof bad - 1, &out, &f->err), HK_EINVAL);
    assert_null(out);
    assert_string_equal(text_detect_lang(bad, sizeof bad - 1), "und");
}

static void test_empty_input_gives_no_tokens(void **state)
{
    fx *f = *state;
    assert_int_equal(text_analyze(f->a, "", 0, NULL, 0, &f->t, &f->err), 0);
    assert_int_equal(f->t.n, 0);
    analyze(f, " ,;— ", NULL, 0);
    assert_int_equal(f->t.n, 0);
}

/* A text of exactly TEXT_MAX_INPUT bytes built from s repeated. */
static char *megabyte_of(const char *s, size_t *len)
{
    size_t n = strlen(s), cap = TEXT_MAX_INPUT;
    char *b = malloc(cap);
    size_t o = 0;
    while (o + n <= cap) {
        memcpy(b + o, s, n);
        o += n;
    }
    memset(b + o, ' ', cap - o);
    *len = cap;
    return b;
}

static void test_one_megabyte_of_mixed_text_is_analysed(void **state)
{
    fx *f = *state;
    size_t len;
    char *b = megabyte_of("Литьё алюминия 铝压铸件 aluminium castings Toshkent. ", &len);
    assert_int_equal(text_analyze(f->a, b, len, NULL, 0, &f->t, &f->err), 0);
    assert_true(f->t.n > 100000);
    const text_token *last = &f->t.v[f->t.n - 1];
    assert_true(last->end <= len);
    free(b);
}

static void test_more_than_one_megabyte_is_too_big(void **state)
{
    fx *f = *state;
    size_t len = TEXT_MAX_INPUT + 1;
    char *b = malloc(len);
    memset(b, 'a', len);
    assert_int_equal(text_analyze(f->a, b, len, NULL, 0, &f->t, &f->err), HK_ETOOBIG);
    free(b);
}

static void test_tokens_struct_is_reusable_across_calls(void **state)
{
    fx *f = *state;
    analyze(f, "first call with several words", "en", 0);
    const char *n0 = f->t.v[0].norm;
    (void)n0;
    analyze(f, "второй", "ru", 0);
    assert_int_equal(f->t.n, 1);
    assert_string_equal(f->t.v[0].norm, "второй");
}

/* ---- concurrency ---- */

static const char *const conc_texts[] = {
    "Литьё алюминия под давлением в Щёлково",
    "中国农业发展银行 华为技术有限公司 鋁壓鑄",
    "Toshkent shahrida to'qimachilik korxonasi",
    "Тошкент шаҳрида тўқимачилик корхонаси",
    "Алматы қаласында өнеркәсіп аймағы",
    "We offer aluminium castings and CNC machining",
    "भारत में इस्पात उत्पादन",
};
#define N_CONC (sizeof conc_texts / sizeof *conc_texts)

/* A text's tokens as one string, to compare runs. */
static char *dump(const text_tokens *t)
{
    size_t cap = 64, o = 0;
    for (size_t i = 0; i < t->n; i++)
        cap += strlen(t->v[i].norm) + strlen(t->v[i].stem) + (t->v[i].xkey ? strlen(t->v[i].xkey) : 1) + 40;
    char *b = malloc(cap);
    o += (size_t)snprintf(b + o, cap - o, "%s|", t->lang);
    for (size_t i = 0; i < t->n; i++) {
        const text_token *x = &t->v[i];
        o += (size_t)snprintf(b + o, cap - o, "%u %u %s %s %s %u %u|", x->pos, x->kind, x->norm, x->stem,
                              x->xkey ? x->xkey : "-", x->start, x->end);
    }
    return b;
}

typedef struct conc_arg {
    text_analyzer *a;
    char **want;      /* expected dump per text */
    int id;
    int mismatches;   /* OUT */
} conc_arg;

static void *conc_run(void *p)
{
    conc_arg *c = p;
    text_tokens t;
    text_tokens_init(&t);
    hk_err err;
    for (int r = 0; r < 60; r++) {
        size_t k = (size_t)(r + c->id) % N_CONC;
        if (text_analyze(c->a, conc_texts[k], strlen(conc_texts[k]), NULL, 0, &t, &err) != 0) {
            c->mismatches++;
            continue;
        }
        char *d = dump(&t);
        if (strcmp(d, c->want[k]) != 0)
            c->mismatches++;
        free(d);
    }
    text_tokens_free(&t);
    return NULL;
}

static void test_concurrent_analysis_gives_the_same_tokens(void **state)
{
    fx *f = *state;
    /* A fresh analyzer, so that the threads also race on a cold cache and
     * an empty worker pool. */
    text_analyzer *a = NULL;
    assert_int_equal(text_analyzer_new(&a, &f->err), 0);
    char *want[N_CONC];
    for (size_t k = 0; k < N_CONC; k++) {
        analyze(f, conc_texts[k], NULL, 0);
        want[k] = dump(&f->t);
    }
    enum { NT = 8 };
    pthread_t th[NT];
    conc_arg args[NT];
    for (int i = 0; i < NT; i++) {
        args[i] = (conc_arg){.a = a, .want = want, .id = i};
        assert_int_equal(pthread_create(&th[i], NULL, conc_run, &args[i]), 0);
    }
    int bad = 0;
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        bad += args[i].mismatches;
    }
    for (size_t k = 0; k < N_CONC; k++)
        free(want[k]);
    text_analyzer_free(a);
    assert_int_equal(bad, 0);
}

/* ---- edit distance ---- */

static void test_edit_distance_counts_code_points_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("литьё", "литье", 3), 1);
    assert_int_equal(text_edit_distance("北京", "南京", 3), 1);
    assert_int_equal(text_edit_distance("Toshkent", "Tashkent", 3), 1);
    assert_int_equal(text_edit_distance("", "北京", 3), 2);
    assert_int_equal(text_edit_distance("same", "same", 0), 0);
}

static void test_edit_distance_counts_a_transposition_as_one(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("steel", "stele", 3), 1);
    assert_int_equal(text_edit_distance("завод", "зовад", 3), 2);
    assert_int_equal(text_edit_distance("ab", "ba", 3), 1);
}

static void test_edit_distance_stops_past_max(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("aluminium", "copper", 2), 3);
    assert_int_equal(text_edit_distance("a", "abcdef", 2), 3);
    /* Long strings leave the stack buffers. */
    char a[600], b[600];
    memset(a, 'x', 599);
    a[599] = '\0';
    memcpy(b, a, 600);
    b[300] = 'y';
    assert_int_equal(text_edit_distance(a, b, 2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinese_is_segmented_into_dictionary_words),
        cmocka_unit_test(test_chinese_gets_overlapping_bigrams_across_words),
        cmocka_unit_test(test_query_word_bank_meets_long_bank_name),
        cmocka_unit_test(test_brand_split_by_icu_is_found_by_bigram),
        cmocka_unit_test(test_no_bigrams_flag_skips_bigrams),
        cmocka_unit_test(test_words_of_spaced_scripts_split_on_spaces_and_punctuation),
        cmocka_unit_test(test_full_width_latin_folds_to_ascii_lower_case),
        cmocka_unit_test(test_case_folding_of_cyrillic),
        cmocka_unit_test(test_traditional_chinese_folds_to_simplified),
        cmocka_unit_test(test_normalize_whole_string),
        cmocka_unit_test(test_uzbek_apostrophes_are_one_letter),
        cmocka_unit_test(test_russian_casting_forms_share_a_stem),
        cmocka_unit_test(test_english_plural_shares_stem_with_singular),
        cmocka_unit_test(test_hindi_is_stemmed),
        cmocka_unit_test(test_uzbek_passes_through_unstemmed),
        cmocka_unit_test(test_english_word_in_russian_text_is_stemmed_as_english),
        cmocka_unit_test(test_stop_words_are_dropped_but_keep_their_position),
        cmocka_unit_test(test_keep_stopwords_flag_keeps_them),
        cmocka_unit_test(test_uzbek_and_kazakh_stop_words),
        cmocka_unit_test(test_tashkent_cyrillic_and_latin_share_a_key),
        cmocka_unit_test(test_almaty_cyrillic_and_latin_share_a_key),
        cmocka_unit_test(test_shchelkovo_matches_its_bgn_spelling),
        cmocka_unit_test(test_uzbekistan_in_both_uzbek_scripts_shares_a_key),
        cmocka_unit_test(test_beijing_han_key_is_pinyin),
        cmocka_unit_test(test_plain_latin_has_no_key_and_accents_fold),
        cmocka_unit_test(test_tajik_and_kyrgyz_letters_transliterate),
        cmocka_unit_test(test_no_xkey_flag_skips_keys),
        cmocka_unit_test(test_xkey_of_whole_string_joins_word_keys),
        cmocka_unit_test(test_byte_spans_point_at_the_input_words),
        cmocka_unit_test(test_token_length_counts_code_points),
        cmocka_unit_test(test_given_language_is_reported_and_detected_otherwise),
        cmocka_unit_test(test_invalid_utf8_is_refused),
        cmocka_unit_test(test_empty_input_gives_no_tokens),
        cmocka_unit_test(test_one_megabyte_of_mixed_text_is_analysed),
        cmocka_unit_test(test_more_than_one_megabyte_is_too_big),
        cmocka_unit_test(test_tokens_struct_is_reusable_across_calls),
        cmocka_unit_test(test_concurrent_analysis_gives_the_same_tokens),
        cmocka_unit_test(test_edit_distance_counts_code_points_not_bytes),
        cmocka_unit_test(test_edit_distance_counts_a_transposition_as_one),
        cmocka_unit_test(test_edit_distance_stops_past_max),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
