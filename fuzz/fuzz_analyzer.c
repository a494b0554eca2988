/*
 * fuzz_analyzer.c - the text analyzer (src/text/) on any bytes: the full
 * pipeline (text_analyze) in a given or detected language with each set
 * of flags, language detection, whole-string normalisation and
 * cross-script keys, and the edit distance that typo search uses.
 *
 * Input: byte 0 picks the language tag (or detection), byte 1 the flags
 * and the edit-distance bound, the rest is the text; for the edit
 * distance it is cut in two at its middle code point boundary.
 * Invariants:
 * - valid UTF-8 is analysed without error, invalid UTF-8 is HK_EINVAL;
 * - every token's span lies inside the input and in order; its norm and
 *   stem are non-empty valid UTF-8, cps counts norm's code points, xkey
 *   (when set) is valid UTF-8; word positions never go back; kind is a
 *   word or a bigram, and bigrams only when not switched off;
 * - the language used and the one detected are known tags;
 * - normalising twice gives what normalising once gave;
 * - edit distance: 0 exactly for equal strings, symmetric, at most max + 1.
 */
#include "fuzz_util.h"
#include "hk_utf8.h"
#include "text/text.h"

static text_analyzer *analyzer;

static const char *const langs[] = {NULL, "en", "ru", "zh", "kk", "uz", "uz-Cyrl", "uz-Latn", "ky", "tg",
                                    "be", "hi", "ur", "fa", "mn", "und", "xx", "zh-Hant", ""};
static const char *const detected[] = {"en", "ru", "zh", "kk", "uz", "ky", "tg", "be", "hi", "ur", "fa", "mn", "ar", "und"};

static bool known_tag(const char *t)
{
    for (size_t i = 0; i < sizeof detected / sizeof detected[0]; i++)
        if (!strcmp(t, detected[i]))
            return true;
    return false;
}

static void check_tokens(const text_tokens *t, size_t len, unsigned flags)
{
    uint32_t last_pos = 0, last_start = 0;
    for (size_t i = 0; i < t->n; i++) {
        const text_token *k = &t->v[i];
        FUZZ_CHECK(k->start <= k->end && k->end <= len, "token %zu spans %u..%u of %zu", i, k->start, k->end, len);
        FUZZ_CHECK(k->kind == TEXT_TOK_WORD || k->kind == TEXT_TOK_BIGRAM, "token kind %u", k->kind);
        FUZZ_CHECK(!(flags & TEXT_NO_BIGRAMS) || k->kind != TEXT_TOK_BIGRAM, "a bigram with TEXT_NO_BIGRAMS");
        FUZZ_CHECK(k->norm && k->norm[0] && hk_utf8_valid(k->norm, strlen(k->norm)), "token %zu norm", i);
        FUZZ_CHECK(k->stem && k->stem[0] && hk_utf8_valid(k->stem, strlen(k->stem)), "token %zu stem", i);
        FUZZ_CHECK(!k->xkey || hk_utf8_valid(k->xkey, strlen(k->xkey)), "token %zu xkey", i);
        FUZZ_CHECK(k->cps == hk_utf8_count(k->norm, strlen(k->norm)), "token %zu: cps %u for [%s]", i, k->cps,
                   k->norm);
        if (k->kind == TEXT_TOK_WORD) {
            FUZZ_CHECK(k->pos >= last_pos, "word %zu at position %u after %u", i, k->pos, last_pos);
            FUZZ_CHECK(k->start >= last_start, "word %zu starts at %u after %u", i, k->start, last_start);
            last_pos = k->pos;
            last_start = k->start;
        }
    }
    FUZZ_CHECK(memchr(t->lang, '\0', sizeof t->lang) != NULL, "lang not terminated");
}

static void check_normalize(const char *s, size_t len)
{
    char *once = NULL, *twice = NULL;
    hk_err err;
    if (text_normalize(analyzer, s, len, &once, &err))
        return;
    FUZZ_CHECK(once && hk_utf8_valid(once, strlen(once)), "normalised text is not UTF-8");
    int rc = text_normalize(analyzer, once, strlen(once), &twice, &err);
    FUZZ_CHECK(rc == 0, "normalised text does not normalise: %s", err.msg);
    FUZZ_CHECK(!strcmp(once, twice), "normalising is not idempotent: [%s] -> [%s]", once, twice);
    free(once);
    free(twice);
}

static void check_edit_distance(const char *s, size_t len, int max)
{
    size_t cut = len / 2;
    while (cut < len && (s[cut] & 0xC0) == 0x80)
        cut++;
    char *a = fuzz_strndup((const uint8_t *)s, cut), *b = fuzz_strndup((const uint8_t *)s + cut, len - cut);
    int ab = text_edit_distance(a, b, max), ba = text_edit_distance(b, a, max);
    FUZZ_CHECK(ab == ba, "distance [%s] [%s]: %d one way, %d the other", a, b, ab, ba);
    FUZZ_CHECK(ab >= 0 && ab <= max + 1, "distance %d with max %d", ab, max);
    FUZZ_CHECK((ab == 0) == !strcmp(a, b), "distance %d between [%s] and [%s]", ab, a, b);
    FUZZ_CHECK(text_edit_distance(a, a, max) == 0, "distance of [%s] to itself", a);
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 64 * 1024)
        return 0;
    hk_err err;
    if (!analyzer && text_analyzer_new(&analyzer, &err)) {
        fprintf(stderr, "fuzz_analyzer: %s\n", err.msg);
        abort();
    }
    const char *lang = langs[data[0] % (sizeof langs / sizeof langs[0])];
    unsigned flags = data[1] & 7;
    int max = data[1] >> 5;
    const char *s = (const char *)data + 2;
    size_t len = size - 2;
    bool valid = hk_utf8_valid(s, len);

    text_tokens t;
    text_tokens_init(&t);
    int rc = text_analyze(analyzer, s, len, lang, flags, &t, &err);
    FUZZ_CHECK(valid ? rc == 0 : rc == HK_EINVAL, "text_analyze gave %d (%s) for %s UTF-8", rc, err.msg,
               valid ? "valid" : "invalid");
    if (rc == 0) {
        check_tokens(&t, len, flags);
        FUZZ_CHECK(t.lang[0], "no language recorded");
    }
    text_tokens_free(&t);
    if (!valid)
        return 0;
    FUZZ_CHECK(known_tag(text_detect_lang(s, len)), "detected [%s]", text_detect_lang(s, len));
    check_normalize(s, len);
    char *key = NULL;
    if (text_xkey(analyzer, s, len, lang, &key, &err) == 0)
        FUZZ_CHECK(key && hk_utf8_valid(key, strlen(key)), "cross-script key is not UTF-8");
    free(key);
    if (len < 256)
        check_edit_distance(s, len, max);
    return 0;
}
