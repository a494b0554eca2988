/*
 * text.h - multilingual text analysis (BRIEF 4.3): one analyzer turns
 * UTF-8 text in any SCO language into the tokens that indexing, search,
 * code inference and matching compare.
 *
 * Pipeline per call: UTF-8 check -> ICU NFKC + case folding -> Traditional
 * to Simplified Chinese -> ICU word break (dictionary segmentation for Han)
 * -> per-language stop words -> Snowball stemming (libstemmer) for the
 * languages it has -> cross-script key (Latin transliteration, e.g.
 * Тошкент -> toshkent, 北京 -> beijing) -> for Han runs also overlapping
 * character bigrams.
 *
 * A text_analyzer is created once and shared: text_analyze is thread-safe
 * (each call borrows a worker holding its own ICU objects and lock-free
 * memos; the shared key cache is locked). See docs/text-analysis.md.
 */
#ifndef HK_TEXT_H
#define HK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

#define TEXT_MAX_INPUT (1u << 20) /* 1 MiB: larger input is HK_ETOOBIG */

typedef struct text_analyzer text_analyzer;

int text_analyzer_new(text_analyzer **out, hk_err *err);
void text_analyzer_free(text_analyzer *a);

typedef enum {
    TEXT_TOK_WORD = 1,   /* a word (for Han: an ICU dictionary word) */
    TEXT_TOK_BIGRAM = 2  /* two adjacent Han characters, for recall */
} text_token_kind;

typedef struct text_token {
    const char *norm;    /* normalised, case-folded, unstemmed form ("литья") */
    const char *stem;    /* Snowball stem, or norm when no stemmer applies ("лит") */
    const char *xkey;    /* Latin cross-script key of norm ("litya"), or NULL
                          * when norm is already plain Latin (only a-z 0-9):
                          * compare `xkey ? xkey : norm`. Accented or
                          * apostrophed Latin gets a folded key
                          * ("o'zbekiston" -> "ozbekiston") */
    uint32_t pos;        /* word position; bigrams take the position of the
                          * word they were cut from */
    uint32_t start, end; /* byte span of the token in the input (highlights) */
    uint32_t cps;        /* length of norm in code points */
    uint8_t kind;        /* text_token_kind */
    uint8_t script;      /* text_script of the token */
} text_token;

/* The tokens of one call, in text order, except that the bigrams of a
 * run of touching Han words follow that run's words. Stop words are
 * dropped but keep their position (pos has a gap). The strings live in an arena owned by the
 * struct; text_tokens_free releases everything. Reusable across calls
 * (text_analyze resets it). */
typedef struct text_tokens {
    text_token *v;
    size_t n, cap;
    void *arena;         /* private */
    char lang[16];       /* the language used: given or detected */
} text_tokens;

void text_tokens_init(text_tokens *t);
void text_tokens_free(text_tokens *t);

enum {
    TEXT_KEEP_STOPWORDS = 1, /* keep stop words (phrase queries) */
    TEXT_NO_BIGRAMS = 2,     /* skip Han bigrams */
    TEXT_NO_XKEY = 4         /* skip cross-script keys (faster) */
};

/* Analyses s[0..len). lang is a BCP 47 tag ("ru", "uz-Cyrl") or NULL to
 * detect it. Invalid UTF-8 is HK_EINVAL; more than TEXT_MAX_INPUT bytes is
 * HK_ETOOBIG. */
int text_analyze(text_analyzer *a, const char *s, size_t len, const char *lang, unsigned flags,
                 text_tokens *out, hk_err *err);

typedef enum {
    TEXT_SCRIPT_OTHER, TEXT_SCRIPT_LATIN, TEXT_SCRIPT_CYRILLIC, TEXT_SCRIPT_HAN,
    TEXT_SCRIPT_DEVANAGARI, TEXT_SCRIPT_ARABIC, TEXT_SCRIPT_DIGIT
} text_script;

/* Detects the language of s from script and letter statistics. Returns a
 * static tag: "en", "ru", "zh", "kk", "uz", "ky", "tg", "be", "hi", "ur",
 * "fa", "mn", or "und" when unsure. */
const char *text_detect_lang(const char *s, size_t len);

/* NFKC + case folding + Traditional->Simplified of a whole string into a
 * new malloc'd string (*out), for exact comparisons of names. */
int text_normalize(text_analyzer *a, const char *s, size_t len, char **out, hk_err *err);

/* Latin cross-script key of a whole string (malloc'd *out). */
int text_xkey(text_analyzer *a, const char *s, size_t len, const char *lang, char **out, hk_err *err);

/* Edit distance in code points (Damerau: a transposition counts as one),
 * stopping early once it exceeds max (returns max + 1 then). */
int text_edit_distance(const char *a, const char *b, int max);

#endif
