/*
 * text_analyzer.c - the analysis pipeline (text_analyze) and the pool of
 * workers that makes it fast and thread-safe.
 *
 * Per call: check the input, pick the language, convert to UTF-16 once,
 * walk ICU word boundaries (text_segment.c), and for each word normalise
 * (text_normalize.c), drop stop words (text_stopwords.c), stem
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
    free(w);
}

static int worker_take(text_analyzer *a, text_worker **out, hk_err *err)
{
    pthread_mutex_lock(&a->pool_mu);
    text_worker *w = a->idle;
    if (w) {
        a->idle = w->next;
        a->n_idle--;
    }
    pthread_mutex_unlock(&a->pool_mu);
    if (!w) {
        w = calloc(1, sizeof *w);
        if (!w)
            return hk_err_set(err, HK_ENOMEM, "text", "out of memory for an analysis worker");
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
        text_ubuf_free(&w->tmp);
    }
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

/* Script of a segment: that of its first letter; DIGIT when it has only
 * digits. all_han tells whether every code point is a Han character. */
static text_script seg_script(const UChar *u, int32_t u0, int32_t u1, bool *all_han)
{
    text_script sc = TEXT_SCRIPT_OTHER;
    bool digit = false;
    *all_han = true;
    int32_t i = u0;
    while (i < u1) {
        UChar32 cp;
        U16_NEXT(u, i, u1, cp);
        if (!text_is_han((uint32_t)cp))
            *all_han = false;
        text_script x = text_script_of((uint32_t)cp);
        if (x == TEXT_SCRIPT_DIGIT)
            digit = true;
        else if (x != TEXT_SCRIPT_OTHER && sc == TEXT_SCRIPT_OTHER)
            sc = x;
    }
    if (sc == TEXT_SCRIPT_OTHER && digit)
        sc = TEXT_SCRIPT_DIGIT;
    return sc;
}

static int analyze_segment(call *c, const text_seg *sg, const char *s, uint32_t pos)
{
    text_worker *w = c->w;
    bool all_han;
    text_script sc = seg_script(w->text.p, sg->u0, sg->u1, &all_han);
    int nl = text_norm_token(c->a->nfkc_cf, &c->a->t2s, w->text.p + sg->u0, sg->u1 - sg->u0, &w->tmp,
                             &w->norm);
    if (nl < 0)
        return status_err(c, nl, "normalisation");
    if (nl == 0)
        return 0; /* only default-ignorable characters */
    const char *nv = w->norm.p;
    int rc = 0;
    bool han = all_han && !(c->flags & TEXT_NO_BIGRAMS);
    if (han) {
        rc = add_to_run(c, sg, s, nv, pos);
    } else if (c->han.n) {
        rc = flush_run(c);
    }
    if (rc)
        return rc;
    if (!(c->flags & TEXT_KEEP_STOPWORDS) && text_is_stopword(&c->a->stop[stop_lang(c->lang, sc)], nv))
        return 0;
    char *norm = text_arena_strdup(c->out, nv, (size_t)nl);
    if (!norm)
        return hk_err_set(c->err, HK_ETOOBIG, "text", "analysis output over its memory limit");
    const char *stem;
    int sl;
    rc = text_stem(&w->stem, text_stem_lang(c->lang, sc), norm, nl, &stem, &sl);
    if (rc)
        return status_err(c, rc, "stemming");
    if (stem != norm) {
        if (sl == nl && memcmp(stem, norm, (size_t)nl) == 0)
            stem = norm;
        else if (!(stem = text_arena_strdup(c->out, stem, (size_t)sl)))
            return hk_err_set(c->err, HK_ETOOBIG, "text", "analysis output over its memory limit");
    }
    /* Only plain ASCII letters and digits need no key: "o'zbekiston" is
     * folded to "ozbekiston" like the key of "ўзбекистон". */
    bool plain = true;
    for (int i = 0; i < nl; i++) {
        unsigned char ch = (unsigned char)norm[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            plain = false;
            break;
        }
    }
    text_token t = {.norm = norm, .stem = stem, .pos = pos, .start = sg->b0, .end = sg->b1,
                    .cps = (uint32_t)hk_utf8_count(norm, (size_t)nl), .kind = TEXT_TOK_WORD,
                    .script = (uint8_t)sc};
    rc = make_xkey(c, sc, plain, norm, (size_t)nl, &t.xkey);
    if (rc == 0)
        rc = text_tokens_push(c->out, &t, c->err);
    return rc;
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
    uint32_t pos = 0;
    text_seg seg;
    while (rc == 0 && text_segmenter_next(&sg, &seg)) {
        rc = analyze_segment(&c, &seg, s, pos);
        pos++;
    }
    if (rc == 0 && c.han.n)
        rc = flush_run(&c);
    free(c.han.v);
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
