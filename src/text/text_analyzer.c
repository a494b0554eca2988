/*
 * text_analyzer.c - the analysis pipeline (text_analyze) and the pool of
 * workers that makes it fast and thread-safe.
 *
 * Per call: check the input, pick the language, find the words
 * (text_segment.c: in C for Latin, Cyrillic and Chinese text, else by
 * ICU's break iterator over a UTF-16 copy), and for each word take its
 * analysis from the worker's word memo (text_memo.c) or normalise
 * (text_normalize.c), look up stop words (text_stopwords.c), stem
 * (text_stem.c) and compute the Latin key (text_translit.c). Han words
 * that touch each other form a run, and each run also yields overlapping
 * character bigrams, so that a query word ICU cut differently from the
 * text ("华为" in "华为技术", "银行" in "中国农业发展银行") still meets it.
 *
 * A worker bundles what may not be shared between threads (break
 * iterator, transliterators, stemmers, scratch buffers). text_analyze
 * takes one from the analyzer's pool, or creates one when all are busy,
 * and returns it when done; so there are as many workers as concurrent
 * callers ever were (up to POOL_MAX_IDLE kept), each opened once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "hk_utf8.h"
#include "text_int.h"

#define POOL_MAX_IDLE 64
/* Scratch a worker may keep while idle; more (after a 1 MB text) is freed
 * so that a pool of idle workers stays small. */
#define WORKER_KEEP_UNITS (64 * 1024)
#define XCACHE_ENTRIES (128u * 1024u)
/* Per-worker memos (text_memo.c), 128 bytes a slot: 1 MiB of words,
 * 256 KiB of keys and 1 MiB of Han runs, allocated on first use (sizes
 * chosen on the demo data: docs/text-analysis.md, "Threads and speed"). */
#define WORD_MEMO_SLOTS 8192u
#define KEY_MEMO_SLOTS 2048u
#define RUN_MEMO_SLOTS 8192u

/* ---- workers ---- */

static void worker_free(text_worker *w)
{
    if (!w)
        return;
    if (w->brk)
        ubrk_close(w->brk);
    text_stemmers_free(&w->stem);
    text_translit_free(&w->tl);
    text_ubuf_free(&w->text);
    text_ubuf_free(&w->tmp);
    text_cbuf_free(&w->norm);
    text_cbuf_free(&w->xkey);
    text_cbuf_free(&w->han);
    text_ubuf_free(&w->word);
    text_memo_free(&w->words);
    text_memo_free(&w->runs);
    free(w->han_run);
    free(w);
}

/* Identifies the calling thread: its address differs between live
 * threads. A worker remembers the last thread that used it, and that
 * thread gets it back when it is idle: its memos and scratch then stay in
 * the cache of the core the thread runs on, instead of travelling between
 * cores each time two threads swap workers. */
static _Thread_local char thread_token;

static int worker_take(text_analyzer *a, text_worker **out, hk_err *err)
{
    const void *me = &thread_token;
    pthread_mutex_lock(&a->pool_mu);
    text_worker **pp = &a->idle;
    while (*pp && (*pp)->last_thread != me)
        pp = &(*pp)->next;
    if (!*pp)
        pp = &a->idle;
    text_worker *w = *pp;
    if (w) {
        *pp = w->next;
        a->n_idle--;
    }
    pthread_mutex_unlock(&a->pool_mu);
    if (!w) {
        w = calloc(1, sizeof *w);
        if (!w)
            return hk_err_set(err, HK_ENOMEM, "text", "out of memory for an analysis worker");
        w->words.nslots = WORD_MEMO_SLOTS;
        w->runs.nslots = RUN_MEMO_SLOTS;
        w->tl.front.nslots = KEY_MEMO_SLOTS;
        UErrorCode st = U_ZERO_ERROR;
        /* Root locale: Unicode word rules plus ICU's CJK dictionary. */
        w->brk = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
        if (U_FAILURE(st)) {
            worker_free(w);
            return hk_err_set(err, HK_EINTERNAL, "text", "ICU word break iterator unavailable: %s",
                              u_errorName(st));
        }
    }
    w->next = NULL;
    w->last_thread = me;
    *out = w;
    return 0;
}

static void worker_give(text_analyzer *a, text_worker *w)
{
    if (w->text.cap > WORKER_KEEP_UNITS) {
        /* The break iterator still points at the text: detach it first. */
        UErrorCode st = U_ZERO_ERROR;
        static const UChar empty[1] = {0};
        ubrk_setText(w->brk, empty, 0, &st);
        text_ubuf_free(&w->text);
    }
    /* A single long word (the fast path has no text copy) grows these. */
    if (w->tmp.cap > WORKER_KEEP_UNITS)
        text_ubuf_free(&w->tmp);
    if (w->word.cap > WORKER_KEEP_UNITS)
        text_ubuf_free(&w->word);
    if (w->norm.cap > 4 * WORKER_KEEP_UNITS)
        text_cbuf_free(&w->norm);
    if (w->xkey.cap > 4 * WORKER_KEEP_UNITS)
        text_cbuf_free(&w->xkey);
    pthread_mutex_lock(&a->pool_mu);
    if (a->n_idle < POOL_MAX_IDLE) {
        w->next = a->idle;
        a->idle = w;
        a->n_idle++;
        w = NULL;
    }
    pthread_mutex_unlock(&a->pool_mu);
    worker_free(w);
}

/* ---- the analyzer ---- */

int text_analyzer_new(text_analyzer **out, hk_err *err)
{
    *out = NULL;
    text_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return hk_err_set(err, HK_ENOMEM, "text", "out of memory for the analyzer");
    pthread_mutex_init(&a->pool_mu, NULL);
    UErrorCode st = U_ZERO_ERROR;
    a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    int rc = 0;
    if (U_FAILURE(st))
        rc = hk_err_set(err, HK_EINTERNAL, "text", "ICU NFKC_Casefold data unavailable: %s", u_errorName(st));
    if (rc == 0)
        rc = text_t2s_build(&a->t2s, err);
    if (rc == 0)
        rc = text_stopwords_init(a->stop, err);
    if (rc == 0)
        rc = text_xcache_new(&a->xcache, XCACHE_ENTRIES, err);
    /* Open one worker now so that missing ICU data fails here, at start,
     * rather than on the first listing. */
    text_worker *w = NULL;
    if (rc == 0)
        rc = worker_take(a, &w, err);
    if (rc) {
        text_analyzer_free(a);
        return rc;
    }
    text_wb_build(a->wb, w->brk);
    worker_give(a, w);
    *out = a;
    return 0;
}

void text_analyzer_free(text_analyzer *a)
{
    if (!a)
        return;
    text_worker *w = a->idle;
    while (w) {
        text_worker *n = w->next;
        worker_free(w);
        w = n;
    }
    text_xcache_free(a->xcache);
    text_stopwords_free(a->stop);
    text_t2s_free(&a->t2s);
    pthread_mutex_destroy(&a->pool_mu);
    free(a);
}

/* ---- one call ---- */

/* One Han character of the current run, for bigrams. */
typedef struct han_char {
    uint32_t cp;       /* normalised (Simplified) code point */
    uint32_t b0, b1;   /* byte span in the input */
    uint32_t pos;      /* position of the word it belongs to */
    uint32_t word;     /* index of that word within the run */
    uint8_t wlen;      /* code points of that word (capped at 255) */
} han_char;

typedef struct run {
    han_char *v;       /* malloc'd, grown up to the input's code points */
    size_t n, cap;
    uint32_t words;    /* words in the run so far */
    uint32_t end;      /* byte offset where the run ends */
} run;

typedef struct call {
    text_analyzer *a;
    text_worker *w;
    text_tokens *out;
    text_lang lang;
    unsigned flags;
    hk_err *err;
    run han;
} call;

/* Languages a token's stop words are looked up in: the text's own when
 * the token is in the text's script, else the usual foreigner in that
 * script (English words in a Chinese text, Russian words in an English
 * one). */
static text_lang stop_lang(text_lang doc, text_script sc)
{
    switch (sc) {
    case TEXT_SCRIPT_LATIN:
        return (doc == TL_UZ || doc == TL_KK) ? doc : TL_EN;
    case TEXT_SCRIPT_CYRILLIC:
        return (doc == TL_UZ || doc == TL_KK || doc == TL_KY || doc == TL_TG || doc == TL_BE ||
                doc == TL_MN)
                   ? doc
                   : TL_RU;
    case TEXT_SCRIPT_HAN: return TL_ZH;
    case TEXT_SCRIPT_DEVANAGARI: return TL_HI;
    case TEXT_SCRIPT_ARABIC: return (doc == TL_UR || doc == TL_AR) ? doc : TL_FA;
    default: return TL_UND;
    }
}

static int status_err(call *c, int rc, const char *what)
{
    return hk_err_set(c->err, rc, "text", "%s failed (%s)", what, hk_err_name(rc));
}

/* Computes the Latin key of norm into the arena, or NULL when it would
 * equal norm (plain ASCII) or be empty. */
static int make_xkey(call *c, text_script sc, bool plain, const char *norm, size_t len,
                     const char **xkey)
{
    *xkey = NULL;
    if (c->flags & TEXT_NO_XKEY)
        return 0;
    text_tx k = text_tx_for(c->lang, sc, plain);
    if (k == TX_NONE)
        return 0;
    int r = text_xkey_token(&c->w->tl, c->a->xcache, k, norm, len, &c->w->xkey);
    if (r < 0)
        return status_err(c, r, "transliteration");
    if (r == 0 || ((size_t)r == len && memcmp(c->w->xkey.p, norm, len) == 0))
        return 0;
    *xkey = text_arena_strdup(c->out, c->w->xkey.p, (size_t)r);
    if (!*xkey)
        return hk_err_set(c->err, HK_ETOOBIG, "text", "analysis output over its memory limit");
    return 0;
}

/* Emits the bigrams of the current Han run and empties it. */
static int flush_run(call *c)
{
    run *r = &c->han;
    int rc = 0;
    for (size_t i = 0; i + 1 < r->n && rc == 0; i++) {
        const han_char *x = &r->v[i], *y = &r->v[i + 1];
        /* A two-character word already is this bigram. */
        if (x->word == y->word && x->wlen == 2)
            continue;
        char buf[8];
        int n = hk_utf8_encode(x->cp, buf);
        n += hk_utf8_encode(y->cp, buf + n);
        char *norm = text_arena_strdup(c->out, buf, (size_t)n);
        if (!norm)
            return hk_err_set(c->err, HK_ETOOBIG, "text", "analysis output over its memory limit");
        text_token t = {.norm = norm, .stem = norm, .pos = x->pos, .start = x->b0, .end = y->b1,
                        .cps = 2, .kind = TEXT_TOK_BIGRAM, .script = TEXT_SCRIPT_HAN};
        rc = make_xkey(c, TEXT_SCRIPT_HAN, false, norm, (size_t)n, &t.xkey);
        if (rc == 0)
            rc = text_tokens_push(c->out, &t, c->err);
    }
    r->n = 0;
    r->words = 0;
    return rc;
}

/* Adds the characters of a Han word to the run (starting a new run when
 * the word does not touch the previous one). The word's norm must have
 * one code point per input code point, which NFKC and the one-to-one
 * Traditional->Simplified map keep for Han. */
static int add_to_run(call *c, const text_seg *sg, const char *s, const char *norm, uint32_t pos)
{
    run *r = &c->han;
    int rc = 0;
    if (r->n && r->end != sg->b0)
        rc = flush_run(c);
    if (rc)
        return rc;
    size_t in_cps = hk_utf8_count(s + sg->b0, sg->b1 - sg->b0);
    size_t nlen = strlen(norm);
    if (hk_utf8_count(norm, nlen) != in_cps)
        return flush_run(c); /* cannot align characters: no bigrams across it */
    if (r->n + in_cps > r->cap) {
        size_t cap = r->cap ? r->cap : 64;
        while (cap < r->n + in_cps)
            cap *= 2;
        han_char *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return hk_err_set(c->err, HK_ENOMEM, "text", "out of memory for Han bigrams");
        r->v = v;
        r->cap = cap;
    }
    uint32_t b = sg->b0;
    size_t ni = 0;
    for (size_t k = 0; k < in_cps; k++) {
        uint32_t cp_in, cp;
        int kb = hk_utf8_decode(s + b, &cp_in);
        ni += (size_t)hk_utf8_decode(norm + ni, &cp);
        han_char *h = &r->v[r->n++];
        h->cp = cp;
        h->b0 = b;
        h->b1 = b + (uint32_t)kb;
        h->pos = pos;
        h->word = r->words;
        h->wlen = (uint8_t)(in_cps > 255 ? 255 : in_cps);
        b += (uint32_t)kb;
    }
    r->words++;
    r->end = sg->b1;
    return 0;
}

/* Script of a word: that of its first letter; DIGIT when it has only
 * digits. all_han tells whether every code point is a Han character. */
static text_script word_script(const char *s, size_t n, bool *all_han)
{
    text_script sc = TEXT_SCRIPT_OTHER;
    bool digit = false;
    *all_han = true;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        i += (size_t)hk_utf8_decode(s + i, &cp);
        if (!text_is_han(cp))
            *all_han = false;
        text_script x = text_script_of(cp);
        if (x == TEXT_SCRIPT_DIGIT)
            digit = true;
        else if (x != TEXT_SCRIPT_OTHER && sc == TEXT_SCRIPT_OTHER)
            sc = x;
    }
    if (sc == TEXT_SCRIPT_OTHER && digit)
        sc = TEXT_SCRIPT_DIGIT;
    return sc;
}

/* What analysis learns about one word of the input, whatever the flags
 * (kept in the worker's word memo, so that a word seen before costs a
 * lookup: no normalisation, stop word search, stemming or key). */
typedef struct word_info {
    const char *norm;  /* NUL-terminated; worker scratch or memo */
    const char *stem;  /* NULL when equal to norm */
    const char *xkey;  /* NULL: none, or not known yet (see xkey_known) */
    int nl, sl, xl;    /* byte lengths */
    uint32_t cps;      /* code points of norm */
    text_script sc;
    bool all_han;      /* every code point is Han (joins bigram runs) */
    bool stop;         /* a stop word of stop_lang(lang, sc) */
    bool plain;        /* norm is only a-z 0-9: never a key */
    bool xkey_known;   /* xkey was computed (and is NULL if none) */
} word_info;

/* The memo's 32 bits of word_info. */
enum { WI_SCRIPT = 0x7, WI_HAN = 0x8, WI_STOP = 0x10, WI_PLAIN = 0x20, WI_XKNOWN = 0x40, WI_CPS_SHIFT = 8 };

static void word_memo_put(text_worker *w, uint8_t tag, const char *key, size_t kn, uint32_t h,
                          const word_info *wi)
{
    text_memo_val v = {.s = {wi->norm, wi->stem, wi->xkey},
                       .n = {(uint16_t)wi->nl, (uint16_t)wi->sl, (uint16_t)wi->xl},
                       .aux = (uint32_t)wi->sc | (wi->all_han ? WI_HAN : 0) | (wi->stop ? WI_STOP : 0) |
                              (wi->plain ? WI_PLAIN : 0) | (wi->xkey_known ? WI_XKNOWN : 0) |
                              (wi->cps << WI_CPS_SHIFT)};
    if (wi->nl >= TEXT_MEMO_NONE || wi->sl >= TEXT_MEMO_NONE || wi->xl >= TEXT_MEMO_NONE)
        return;
    text_memo_put(&w->words, tag, key, kn, h, &v);
}

/* Computes the key of wi's norm into the worker's scratch: wi->xkey is
 * NULL when the key would be empty or equal norm (plain ASCII). */
static int word_xkey(call *c, word_info *wi)
{
    wi->xkey = NULL;
    wi->xl = 0;
    wi->xkey_known = true;
    text_tx k = text_tx_for(c->lang, wi->sc, wi->plain);
    if (k == TX_NONE)
        return 0;
    int r = text_xkey_token(&c->w->tl, c->a->xcache, k, wi->norm, (size_t)wi->nl, &c->w->xkey);
    if (r < 0)
        return status_err(c, r, "transliteration");
    if (r == 0 || (r == wi->nl && memcmp(c->w->xkey.p, wi->norm, (size_t)wi->nl) == 0))
        return 0;
    wi->xkey = c->w->xkey.p;
    wi->xl = r;
    return 0;
}

/* Analyses the word s[sg->b0..sg->b1) from scratch into *wi (strings in
 * worker scratch), all but its key. u is its UTF-16 form, or NULL to
 * convert it here. */
static int word_compute(call *c, const text_seg *sg, const char *s, const UChar *u, word_info *wi)
{
    text_worker *w = c->w;
    const char *key = s + sg->b0;
    size_t kn = sg->b1 - sg->b0;
    int32_t un = sg->u1 - sg->u0;
    if (!u) {
        int rc = text_ubuf_reserve(&w->word, (int32_t)kn + 1);
        if (rc)
            return status_err(c, rc, "conversion to UTF-16");
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(w->word.p, w->word.cap, &un, key, (int32_t)kn, &st);
        if (U_FAILURE(st))
            return hk_err_set(c->err, HK_EINTERNAL, "text", "ICU UTF-8 conversion failed: %s", u_errorName(st));
        u = w->word.p;
    }
    memset(wi, 0, sizeof *wi);
    wi->sc = word_script(key, kn, &wi->all_han);
    int nl = text_norm_token(c->a->nfkc_cf, &c->a->t2s, u, un, &w->tmp, &w->norm);
    if (nl < 0)
        return status_err(c, nl, "normalisation");
    wi->norm = w->norm.p;
    wi->nl = nl;
    if (nl == 0)
        return 0; /* only default-ignorable characters: not a word */
    wi->stop = text_is_stopword(&c->a->stop[stop_lang(c->lang, wi->sc)], wi->norm);
    int rc = text_stem(&w->stem, text_stem_lang(c->lang, wi->sc), wi->norm, nl, &wi->stem, &wi->sl);
    if (rc)
        return status_err(c, rc, "stemming");
    if (wi->stem == wi->norm || (wi->sl == nl && memcmp(wi->stem, wi->norm, (size_t)nl) == 0)) {
        wi->stem = NULL;
        wi->sl = 0;
    }
    /* Only plain ASCII letters and digits need no key: "o'zbekiston" is
     * folded to "ozbekiston" like the key of "ўзбекистон". */
    wi->plain = true;
    for (int i = 0; i < nl; i++) {
        unsigned char ch = (unsigned char)wi->norm[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            wi->plain = false;
            break;
        }
    }
    wi->cps = (uint32_t)hk_utf8_count(wi->norm, (size_t)nl);
    /* The key comes later (analyze_segment): closing a bigram run first
     * reuses the key scratch. */
    return 0;
}

static char *arena_dup(call *c, const char *p, int n)
{
    char *r = text_arena_strdup(c->out, p, (size_t)n);
    if (!r)
        hk_err_set(c->err, HK_ETOOBIG, "text", "analysis output over its memory limit");
    return r;
}

/* One word found by segmentation (either path): its analysis from the
 * worker's memo (h = its memo hash, word_hash) or computed, then bigram
 * runs, stop words, the token. */
static int analyze_segment(call *c, const text_seg *sg, const char *s, const UChar *u, uint32_t pos,
                           uint32_t h)
{
    text_worker *w = c->w;
    const char *key = s + sg->b0;
    size_t kn = sg->b1 - sg->b0;
    uint8_t tag = (uint8_t)(1 + c->lang);
    bool use_memo = !(c->flags & TEXT__NO_MEMO);
    word_info wi;
    text_memo_val v;
    bool fresh = false;
    if (use_memo && text_memo_get(&w->words, tag, key, kn, h, &v)) {
        wi = (word_info){.norm = v.s[0], .stem = v.s[1], .xkey = v.s[2], .nl = v.n[0], .sl = v.n[1],
                         .xl = v.n[2], .cps = v.aux >> WI_CPS_SHIFT, .sc = (text_script)(v.aux & WI_SCRIPT),
                         .all_han = v.aux & WI_HAN, .stop = v.aux & WI_STOP, .plain = v.aux & WI_PLAIN,
                         .xkey_known = v.aux & WI_XKNOWN};
    } else {
        int rc = word_compute(c, sg, s, u ? u + sg->u0 : NULL, &wi);
        if (rc)
            return rc;
        fresh = true;
    }
    if (wi.nl == 0)
        return 0; /* only default-ignorable characters */
    int rc = 0;
    if (wi.all_han && !(c->flags & TEXT_NO_BIGRAMS))
        rc = add_to_run(c, sg, s, wi.norm, pos);
    else if (c->han.n)
        rc = flush_run(c);
    if (rc)
        return rc;
    /* Memo strings stay valid until the next put: the bigrams above only
     * touch the key memo, a different one. */
    if (wi.stop && !(c->flags & TEXT_KEEP_STOPWORDS)) {
        if (fresh && use_memo)
            word_memo_put(w, tag, key, kn, h, &wi);
        return 0;
    }
    char *norm = arena_dup(c, wi.norm, wi.nl);
    if (!norm)
        return HK_ETOOBIG;
    const char *stem = norm;
    if (wi.stem && !(stem = arena_dup(c, wi.stem, wi.sl)))
        return HK_ETOOBIG;
    text_token t = {.norm = norm, .stem = stem, .pos = pos, .start = sg->b0, .end = sg->b1, .cps = wi.cps,
                    .kind = TEXT_TOK_WORD, .script = (uint8_t)wi.sc};
    if (!(c->flags & TEXT_NO_XKEY)) {
        if (!wi.xkey_known) {
            /* A new word, or one met before only in texts analysed
             * without keys: complete it (its strings are in the arena
             * now, out of the way of the memo and the scratch). */
            wi.norm = norm;
            wi.stem = wi.stem ? stem : NULL;
            rc = word_xkey(c, &wi);
            if (rc)
                return rc;
            fresh = true;
        }
        if (wi.xkey && !(t.xkey = arena_dup(c, wi.xkey, wi.xl)))
            return HK_ETOOBIG;
    }
    if (fresh && use_memo)
        word_memo_put(w, tag, key, kn, h, &wi);
    return text_tokens_push(c->out, &t, c->err);
}

/* The memo hash of a word, with its slot's prefetch started. */
static uint32_t word_hash(call *c, const text_seg *sg, const char *s)
{
    if (c->flags & TEXT__NO_MEMO)
        return 0;
    uint32_t h = text_memo_hash((uint8_t)(1 + c->lang), s + sg->b0, sg->b1 - sg->b0);
    text_memo_prefetch(&c->w->words, h);
    return h;
}

int text_analyze(text_analyzer *a, const char *s, size_t len, const char *lang, unsigned flags,
                 text_tokens *out, hk_err *err)
{
    text_tokens_reset(out);
    if (!a || (!s && len))
        return hk_err_set(err, HK_EINVAL, "text", "no analyzer or no text");
    if (len > TEXT_MAX_INPUT)
        return hk_err_set(err, HK_ETOOBIG, "text", "text is %zu bytes, more than the %u allowed", len,
                          TEXT_MAX_INPUT);
    if (!hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, "text", "text is not valid UTF-8 (or holds a NUL byte)");
    text_lang l = (lang && *lang && strcmp(lang, "auto") != 0) ? text_lang_parse(lang)
                                                                : text_lang_detect(s, len);
    snprintf(out->lang, sizeof out->lang, "%s", text_lang_tag(l));
    if (len == 0)
        return 0;

    call c = {.a = a, .out = out, .lang = l, .flags = flags, .err = err};
    int rc = worker_take(a, &c.w, err);
    if (rc)
        return rc;
    text_worker *w = c.w;
    /* The Han run's scratch is the worker's: a malloc and a free per
     * Chinese text were a twentieth of analysing it. */
    c.han.v = w->han_run;
    c.han.cap = w->han_run_cap;
    uint32_t pos = 0;
    /* Both loops find the next word before analysing the current one, so
     * that its memo slot is on its way into the cache meanwhile. */
    text_seg seg, next;
    uint32_t h = 0, hn = 0;
    if (!(flags & TEXT__NO_FASTPATH) && text_wb_fast(a->wb, s, len)) {
        /* Latin, Cyrillic, Chinese and punctuation: no UTF-16 copy of
         * the text, ICU only for Han runs not met before. */
        text_fastseg f = {.wb = a->wb, .s = s, .len = len, .brk = w->brk, .runs = &w->runs, .u = &w->text};
        int more = text_fastseg_next(&f, &seg);
        if (more > 0)
            h = word_hash(&c, &seg, s);
        while (rc == 0 && more > 0) {
            int after = text_fastseg_next(&f, &next);
            if (after > 0)
                hn = word_hash(&c, &next, s);
            rc = analyze_segment(&c, &seg, s, NULL, pos, h);
            pos++;
            seg = next;
            h = hn;
            more = after;
        }
        if (rc == 0 && more < 0)
            rc = status_err(&c, more, "word break");
    } else {
        /* UTF-16 never needs more units than UTF-8 has bytes. */
        rc = text_ubuf_reserve(&w->text, (int32_t)len + 1);
        int32_t ulen = 0;
        if (rc) {
            rc = status_err(&c, rc, "conversion to UTF-16");
        } else {
            UErrorCode st = U_ZERO_ERROR;
            u_strFromUTF8(w->text.p, w->text.cap, &ulen, s, (int32_t)len, &st);
            if (U_FAILURE(st))
                rc = hk_err_set(err, HK_EINTERNAL, "text", "ICU UTF-8 conversion failed: %s", u_errorName(st));
        }
        text_segmenter sg;
        if (rc == 0)
            rc = text_segmenter_start(&sg, w->brk, w->text.p, ulen, s, err);
        bool more = rc == 0 && text_segmenter_next(&sg, &seg);
        if (more)
            h = word_hash(&c, &seg, s);
        while (rc == 0 && more) {
            bool after = text_segmenter_next(&sg, &next);
            if (after)
                hn = word_hash(&c, &next, s);
            rc = analyze_segment(&c, &seg, s, w->text.p, pos, h);
            pos++;
            seg = next;
            h = hn;
            more = after;
        }
    }
    if (rc == 0 && c.han.n)
        rc = flush_run(&c);
    if (c.han.cap > WORKER_KEEP_UNITS) {
        free(c.han.v);
        c.han.v = NULL;
        c.han.cap = 0;
    }
    w->han_run = c.han.v;
    w->han_run_cap = c.han.cap;
    worker_give(a, w);
    if (rc)
        text_tokens_reset(out);
    return rc;
}

/* ---- whole-string keys ---- */

int text_xkey(text_analyzer *a, const char *s, size_t len, const char *lang, char **out, hk_err *err)
{
    *out = NULL;
    text_tokens t;
    text_tokens_init(&t);
    int rc = text_analyze(a, s, len, lang, TEXT_KEEP_STOPWORDS | TEXT_NO_BIGRAMS, &t, err);
    if (rc) {
        text_tokens_free(&t);
        return rc;
    }
    /* The words' keys joined by one space: "Тошкент шаҳри" -> "toshkent shahri". */
    size_t n = 1;
    for (size_t i = 0; i < t.n; i++)
        n += strlen(t.v[i].xkey ? t.v[i].xkey : t.v[i].norm) + 1;
    char *r = malloc(n);
    if (!r) {
        text_tokens_free(&t);
        return hk_err_set(err, HK_ENOMEM, "text", "out of memory");
    }
    size_t o = 0;
    for (size_t i = 0; i < t.n; i++) {
        const char *k = t.v[i].xkey ? t.v[i].xkey : t.v[i].norm;
        size_t kl = strlen(k);
        if (o)
            r[o++] = ' ';
        memcpy(r + o, k, kl);
        o += kl;
    }
    r[o] = '\0';
    text_tokens_free(&t);
    *out = r;
    return 0;
}
