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
 *   text_memo.c      per-worker, lock-free memos of words and keys
 *
 * Thread model: a text_analyzer is shared and immutable after creation
 * except for its mutex-protected worker pool and xkey cache. Everything
 * that ICU or libstemmer do not allow to share (break iterators,
 * transliterators, stemmers) lives in a text_worker, which one call takes
 * from the pool for its whole duration and gives back afterwards, so
 * those objects are reused across calls without per-call opening. The
 * worker's memos (text_memo.c) rely on the same exclusivity: no locks.
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

/* Private flags of text_analyze, for tests that compare the fast paths
 * with the reference one (tests/test_text_fast.c). */
#define TEXT__NO_FASTPATH (1u << 30) /* always segment with ICU */
#define TEXT__NO_MEMO (1u << 29)     /* analyse every word afresh */

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

/* ---- text_memo.c ---- */

#define TEXT_MEMO_VALS 3
#define TEXT_MEMO_DATA 116   /* key + values + NULs per slot (slot = 128 bytes) */
#define TEXT_MEMO_NONE 255   /* vlen of an absent value */

typedef struct text_memo_slot {
    uint32_t hash;                 /* text_memo_hash(tag, key) */
    uint8_t tag;                   /* 0 = empty; else the caller's key space */
    uint8_t klen;                  /* key bytes at data[0] */
    uint8_t vlen[TEXT_MEMO_VALS];  /* value bytes (each then a NUL), or TEXT_MEMO_NONE */
    uint32_t aux;                  /* caller-defined bits */
    char data[TEXT_MEMO_DATA];     /* key, then the present values */
} text_memo_slot;

/* A direct-mapped memo owned by one worker (no lock: one call at a time). */
typedef struct text_memo {
    text_memo_slot *slot;  /* nslots entries, calloc'd on first put; NULL before */
    uint32_t mask;         /* nslots - 1 once allocated */
    uint32_t nslots;       /* power of two, set before first use (0 = 1024) */
} text_memo;

/* One memo entry's values: up to three strings and 32 bits. */
typedef struct text_memo_val {
    const char *s[TEXT_MEMO_VALS]; /* NULL = absent; on a get they point into the slot */
    uint16_t n[TEXT_MEMO_VALS];    /* lengths in bytes (< TEXT_MEMO_NONE to be kept) */
    uint32_t aux;
} text_memo_val;

uint32_t text_memo_hash(uint8_t tag, const char *key, size_t n);
/* True on a hit, *out filled; its strings are valid until the next put. */
bool text_memo_get(text_memo *m, uint8_t tag, const char *key, size_t n, uint32_t h, text_memo_val *out);
/* Keeps (tag, key) -> v, replacing whatever shared its slot; entries
 * larger than a slot are not kept. v's strings may point into the memo. */
void text_memo_put(text_memo *m, uint8_t tag, const char *key, size_t n, uint32_t h, const text_memo_val *v);
void text_memo_free(text_memo *m);

/* Starts loading the slot of h into the cache: a memo much larger than
 * the L2 cache misses on nearly every lookup, and the analyzer asks for
 * the next word's slot while it still works on the current word. */
static inline void text_memo_prefetch(const text_memo *m, uint32_t h)
{
    if (m->slot) {
        const char *p = (const char *)&m->slot[h & m->mask];
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
    }
}

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
    text_memo front;               /* (transliterator, norm) -> key, before the shared cache */
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

/* The fast path (text_segment.c): Latin, Cyrillic, Chinese and their
 * punctuation are segmented in C, without the UTF-16 copy of the text
 * and mostly without the break iterator, by the subset of the Unicode
 * word rules (UAX #29) that such text can trigger; runs of Han characters
 * are cut by ICU's dictionary once per distinct run and remembered. Each
 * code point below TEXT_WB_LIMIT has a class, taken from ICU's Word_Break
 * property with ICU's own tailorings (text_wb_build); a text holding any
 * code point of class TEXT_WB_SLOW goes to ICU whole. */
#define TEXT_WB_LIMIT 0x10000u

typedef enum {
    TEXT_WB_SLOW = 0,   /* not handled here: the whole text goes to ICU */
    TEXT_WB_OTHER,      /* breaks on both sides (spaces, punctuation, symbols) */
    TEXT_WB_HAN,        /* a Han character: runs are cut by ICU's dictionary */
    TEXT_WB_LETTER,     /* ALetter */
    TEXT_WB_NUMERIC,    /* Numeric */
    TEXT_WB_MIDLETTER,  /* joins letters (WB6, WB7) */
    TEXT_WB_MIDNUM,     /* joins digits (WB11, WB12) */
    TEXT_WB_MIDNUMLET,  /* joins either: "." and "’" */
    TEXT_WB_SQUOTE      /* "'": joins either too */
} text_wb;

/* Fills tab[TEXT_WB_LIMIT]; leaves it all TEXT_WB_SLOW (fast path off)
 * when ICU's break iterator disagrees with it on the probes run here. */
void text_wb_build(uint8_t *tab, UBreakIterator *brk);
/* True when every code point of s[0..len) (valid UTF-8) has a fast class. */
bool text_wb_fast(const uint8_t *tab, const char *s, size_t len);

/* Runs of at most this many Han characters have their cuts memoised
 * (key 3 bytes a character, cuts 1 byte each, in one memo slot). */
#define TEXT_RUN_MEMO_MAX 28

typedef struct text_fastseg {
    const uint8_t *wb;     /* the analyzer's class table */
    const char *s;         /* the UTF-8 text */
    size_t len, i;         /* length, and the byte where scanning resumes */
    /* Han runs; borrowed from the worker: */
    UBreakIterator *brk;   /* cuts runs that are not in the memo */
    text_memo *runs;       /* run bytes -> cuts */
    text_ubuf *u;          /* the run in UTF-16 while brk walks it */
    /* The run being cut (none when run_b0 == run_b1): */
    size_t run_b0, run_b1; /* its bytes in s (3 per character) */
    int32_t run_at;        /* characters of it already given out */
    bool run_icu;          /* its cuts come from brk (too long for the memo) */
    uint8_t cuts[TEXT_RUN_MEMO_MAX]; /* else: word ends, in characters */
    int ncuts, icut;
} text_fastseg;

/* The next word of the text, as ICU would have cut it (seg->u0 and u1
 * are -1: there is no UTF-16 copy). Returns 1, 0 at the end, or a
 * negative HK_E* status. */
int text_fastseg_next(text_fastseg *f, text_seg *seg);

/* ---- text_analyzer.c: the worker and the analyzer ---- */

typedef struct text_worker {
    struct text_worker *next;  /* free list link in the pool */
    const void *last_thread;   /* token of the thread that used it last (a preference only) */
    UBreakIterator *brk;       /* word break iterator, root locale */
    text_stemmers stem;
    text_translit tl;
    text_ubuf text;            /* the input in UTF-16 */
    text_ubuf tmp;             /* normaliser scratch */
    text_ubuf word;            /* one word in UTF-16 (fast path, memo misses) */
    text_cbuf norm, xkey, han; /* UTF-8 scratch */
    text_memo words;           /* (language, word bytes) -> analysis */
    text_memo runs;            /* Han run -> its dictionary cuts (fast path) */
    void *han_run;             /* a call's Han run scratch (text_analyzer.c), kept
                                * between calls; from malloc() */
    size_t han_run_cap;        /* its capacity, in characters */
} text_worker;

struct text_analyzer {
    const UNormalizer2 *nfkc_cf;   /* ICU singleton, thread-safe */
    text_t2s t2s;                  /* read-only after creation */
    text_stopset stop[TL__COUNT];  /* read-only after creation */
    text_xcache *xcache;           /* internally locked */
    uint8_t wb[TEXT_WB_LIMIT];     /* text_wb class per code point; read-only after creation */
    pthread_mutex_t pool_mu;       /* guards idle, n_idle */
    text_worker *idle;             /* workers not in use */
    size_t n_idle;
};

#endif
