/*
 * text_int.h - private interfaces between the files of src/text/.
 *
 * text_analyzer.c runs the pipeline and owns the worker pool; each other
 * file owns one concern and one dependency where it can:
 *   text_tokens.c    the token array and its string arena
 *   text_segment.c   ICU word break iteration (UTF-16 -> byte spans)
 *   text_normalize.c NFKC + case folding (ICU), Traditional->Simplified table
 *   text_stem.c      libstemmer, per-worker stemmers
 *   text_stopwords.c per-language stop word lists (data) and lookup
 *   text_translit.c  cross-script keys: ICU transliterators, folding, cache
 *   text_langid.c    language detection from script and letter statistics
 *   text_edit.c      Damerau edit distance in code points
 *
 * Thread model: a text_analyzer is shared and immutable after creation
 * except for its mutex-protected worker pool and xkey cache. Everything
 * that ICU or libstemmer do not allow to share (break iterators,
 * transliterators, stemmers) lives in a text_worker, which one call takes
 * from the pool for its whole duration and gives back afterwards, so
 * those objects are reused across calls without per-call opening.
 */
#ifndef HK_TEXT_INT_H
#define HK_TEXT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>

#include "hk_err.h"
#include "text.h"

/* ---- languages the analyzer knows (index into per-language tables) ---- */
typedef enum {
    TL_UND, TL_EN, TL_RU, TL_ZH, TL_KK, TL_UZ, TL_KY, TL_TG, TL_BE, TL_HI,
    TL_UR, TL_FA, TL_MN, TL_AR, TL__COUNT
} text_lang;

/* "ru", "uz-Cyrl", "zh-Hant-TW" -> TL_*; TL_UND for anything unknown. */
text_lang text_lang_parse(const char *tag);
/* The static tag of l ("ru"), "und" for TL_UND. */
const char *text_lang_tag(text_lang l);
/* Detection on a prefix of s, as text_detect_lang but the enum. */
text_lang text_lang_detect(const char *s, size_t len);

/* Script of one code point (letters and digits; everything else OTHER). */
text_script text_script_of(uint32_t cp);
bool text_is_han(uint32_t cp);

/* ---- text_tokens.c: arena ---- */

/* Copies n bytes of s plus a NUL into t's arena; NULL when the arena is
 * over its limit or out of memory. */
char *text_arena_strdup(text_tokens *t, const char *s, size_t n);
/* Reserves n bytes in the arena (for writing a string in place). */
char *text_arena_alloc(text_tokens *t, size_t n);
/* Forgets all tokens and strings but keeps the memory for the next call. */
void text_tokens_reset(text_tokens *t);
/* Appends a token (strings already in the arena); HK_ENOMEM/HK_ETOOBIG. */
int text_tokens_push(text_tokens *t, const text_token *tok, hk_err *err);

/* ---- text_normalize.c ---- */

/* Traditional->Simplified map derived once from ICU's
 * "Traditional-Simplified" transliterator, one code point to one (ICU's
 * rules are one-to-one for single characters, which is what keeps byte
 * spans and bigrams exact). */
typedef struct text_t2s {
    uint16_t *bmp;     /* [cp - T2S_BMP_LO] -> simplified cp, 0 = unchanged; malloc'd */
    uint32_t (*astral)[2]; /* sorted (from, to) pairs above the BMP; malloc'd */
    size_t n_astral;
} text_t2s;

#define T2S_BMP_LO 0x3400u
#define T2S_BMP_HI 0x9FFFu

int text_t2s_build(text_t2s *m, hk_err *err);
void text_t2s_free(text_t2s *m);
uint32_t text_t2s_map(const text_t2s *m, uint32_t cp);

/* A UTF-16 scratch buffer of a worker, grown on demand up to a maximum. */
typedef struct text_ubuf {
    UChar *p;          /* malloc'd */
    int32_t cap;       /* in UTF-16 units */
} text_ubuf;

int text_ubuf_reserve(text_ubuf *b, int32_t n);
void text_ubuf_free(text_ubuf *b);

/* A UTF-8 scratch buffer of a worker. */
typedef struct text_cbuf {
    char *p;           /* malloc'd */
    size_t cap;        /* bytes */
} text_cbuf;

int text_cbuf_reserve(text_cbuf *b, size_t n);
void text_cbuf_free(text_cbuf *b);

/* Normalises the UTF-16 token u[0..n) (NFKC + case folding,
 * Traditional->Simplified, one apostrophe for the Uzbek/Turkic ʻ ’ ʼ
 * variants) into UTF-8 in *out (NUL-terminated). Returns the byte length
 * or a negative HK_E* status. */
int text_norm_token(const UNormalizer2 *nfkc_cf, const text_t2s *t2s, const UChar *u, int32_t n,
                    text_ubuf *tmp, text_cbuf *out);

/* ---- text_stopwords.c ---- */

typedef struct text_stopset {
    const char **w;    /* sorted pointers into static data; malloc'd array */
    size_t n;
} text_stopset;

int text_stopwords_init(text_stopset sets[TL__COUNT], hk_err *err);
void text_stopwords_free(text_stopset sets[TL__COUNT]);
bool text_is_stopword(const text_stopset *set, const char *norm);

/* ---- text_stem.c ---- */

struct sb_stemmer;
typedef struct text_stemmers {
    struct sb_stemmer *s[TL__COUNT]; /* opened lazily; NULL = not yet or none */
    bool tried[TL__COUNT];           /* true once opening was attempted */
} text_stemmers;

/* The language whose stemmer applies to a token of script sc in a text of
 * language doc (a Latin word in a Russian text is stemmed as English);
 * TL_UND when none. */
text_lang text_stem_lang(text_lang doc, text_script sc);
/* Stems norm (len bytes) with the stemmer of l. *out points at the stem
 * (valid until the next call on st) and *out_len its length; when no
 * stemmer applies *out is norm. */
int text_stem(text_stemmers *st, text_lang l, const char *norm, int len, const char **out,
              int *out_len);
void text_stemmers_free(text_stemmers *st);

/* ---- text_translit.c ---- */

/* Which transliterator makes the Latin key of a token. */
typedef enum {
    TX_NONE,            /* already plain ASCII: no key */
    TX_LATIN,           /* Latin with accents/apostrophes: fold only */
    TX_RU, TX_UZ, TX_KK, TX_KY, TX_BE, TX_MN, TX_TG, /* Cyrillic by language */
    TX_HAN, TX_DEVA, TX_ARAB, TX_ANY,
    TX__COUNT
} text_tx;

typedef struct text_xcache text_xcache;

int text_xcache_new(text_xcache **out, size_t max_entries, hk_err *err);
void text_xcache_free(text_xcache *c);

typedef struct text_translit {
    UTransliterator *t[TX__COUNT]; /* opened lazily per worker */
    UTransliterator *ascii;        /* Latin-ASCII, lazily */
    text_ubuf u, v;                /* scratch */
} text_translit;

void text_translit_free(text_translit *tl);
/* The transliterator for a token of script sc in a text of language l,
 * given whether its norm is plain ASCII letters and digits (no key). */
text_tx text_tx_for(text_lang l, text_script sc, bool plain);
/* Computes the folded Latin key of norm (UTF-8, len bytes) with
 * transliterator kind k into out; looks it up in / adds it to cache c
 * (may be NULL). Returns the key length (0 = no letters), or HK_E*. */
int text_xkey_token(text_translit *tl, text_xcache *c, text_tx k, const char *norm, size_t len,
                    text_cbuf *out);

/* ---- text_segment.c ---- */

/* One word found by the ICU break iterator. */
typedef struct text_seg {
    int32_t u0, u1;     /* span in the UTF-16 copy of the input */
    uint32_t b0, b1;    /* span in the UTF-8 input (bytes) */
    int32_t status;     /* ubrk rule status (UBRK_WORD_*) */
} text_seg;

/* A cursor walking the word boundaries of one text in order. */
typedef struct text_segmenter {
    UBreakIterator *brk;   /* borrowed from the worker */
    const UChar *u;        /* the UTF-16 text */
    int32_t ulen;
    const char *s;         /* the UTF-8 text (for byte offsets) */
    int32_t ucur;          /* UTF-16 index matching bcur */
    uint32_t bcur;         /* byte index */
    int32_t prev;          /* last boundary */
} text_segmenter;

int text_segmenter_start(text_segmenter *sg, UBreakIterator *brk, const UChar *u, int32_t ulen,
                         const char *s, hk_err *err);
/* Next word-like segment (letters, numbers, kana, ideographs; spaces and
 * punctuation are skipped). Returns 1 with *seg filled, 0 at the end. */
int text_segmenter_next(text_segmenter *sg, text_seg *seg);

/* ---- text_analyzer.c: the worker and the analyzer ---- */

typedef struct text_worker {
    struct text_worker *next;  /* free list link in the pool */
    UBreakIterator *brk;       /* word break iterator, root locale */
    text_stemmers stem;
    text_translit tl;
    text_ubuf text;            /* the input in UTF-16 */
    text_ubuf tmp;             /* normaliser scratch */
    text_cbuf norm, xkey, han; /* UTF-8 scratch */
} text_worker;

struct text_analyzer {
    const UNormalizer2 *nfkc_cf;   /* ICU singleton, thread-safe */
    text_t2s t2s;                  /* read-only after creation */
    text_stopset stop[TL__COUNT];  /* read-only after creation */
    text_xcache *xcache;           /* internally locked */
    pthread_mutex_t pool_mu;       /* guards idle, n_idle */
    text_worker *idle;             /* workers not in use */
    size_t n_idle;
};

#endif
