/*
 * text_translit.c - cross-script keys: a Latin spelling of every token, so
 * that "Тошкент" and "Toshkent", "Щёлково" and "Shchelkovo",
 * "Ўзбекистон" and "Oʻzbekiston", "北京" and "beijing" compare equal.
 *
 * Two steps. (1) A language-specific ICU transliterator to Latin: the
 * Cyrillic alphabets differ (Uzbek ў is o', Kazakh қ is q, Russian х is
 * kh), so the text's language picks it. (2) Folding, done here in C: NFD,
 * then only letters and digits are kept (accents, the modifier letters ʻ ʹ,
 * apostrophes, spaces between pinyin syllables all go), lower case, and
 * ICU's Latin-ASCII for the few letters without a decomposition (ı ø ß).
 *
 * ICU transliterators are slow (microseconds per word, Han-Latin more)
 * and not thread-safe. Each worker opens its own on first use and keeps
 * them (text_translit), and every key computed is kept in a bounded,
 * sharded, locked cache keyed by (transliterator, norm): vocabularies
 * repeat, so after warm-up nearly every key is a lookup. In front of that
 * shared cache each worker keeps a small lock-free memo (text_memo.c),
 * so that a frequent key takes no mutex at all.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "text_int.h"

/* ---- choosing the transliterator ---- */

/* Tajik Cyrillic has no ICU transliterator: its six extra letters first,
 * then Russian BGN for the shared alphabet. */
static const char tajik_rules[] =
    "ғ > gh; ӣ > i; қ > q; ӯ > u; ҳ > h; ҷ > j; Ғ > Gh; Ӣ > I; Қ > Q; Ӯ > U; Ҳ > H; Ҷ > J;"
    "::Russian-Latin/BGN;";

/* Arabic-Latin knows Arabic letters only; Urdu's retroflex and other
 * letters first, so that "اسٹیل" does not keep its ٹ. */
static const char urdu_rules[] =
    "ٹ > t; ڈ > d; ڑ > r; ں > n; ہ > h; ھ > h; ے > e; ۃ > t; ۓ > e;"
    "::Arabic-Latin;";

static const char *const tx_id[TX__COUNT] = {
    [TX_RU] = "Russian-Latin/BGN",
    [TX_UZ] = "uz_Cyrl-uz_Latn",
    [TX_KK] = "Kazakh-Latin/BGN",
    [TX_KY] = "Kirghiz-Latin/BGN",
    [TX_BE] = "Belarusian-Latin/BGN",
    [TX_MN] = "Mongolian-Latin/BGN",
    [TX_HAN] = "Han-Latin",
    [TX_DEVA] = "Devanagari-Latin",
    [TX_ANY] = "Any-Latin",
};

text_tx text_tx_for(text_lang l, text_script sc, bool plain)
{
    if (plain)
        return TX_NONE;
    switch (sc) {
    case TEXT_SCRIPT_LATIN:
        return TX_LATIN;
    case TEXT_SCRIPT_DIGIT:
        return TX_NONE; /* numbers are ASCII digits after normalisation */
    case TEXT_SCRIPT_CYRILLIC:
        switch (l) {
        case TL_UZ: return TX_UZ;
        case TL_KK: return TX_KK;
        case TL_KY: return TX_KY;
        case TL_BE: return TX_BE;
        case TL_MN: return TX_MN;
        case TL_TG: return TX_TG;
        default: return TX_RU;
        }
    case TEXT_SCRIPT_HAN: return TX_HAN;
    case TEXT_SCRIPT_DEVANAGARI: return TX_DEVA;
    case TEXT_SCRIPT_ARABIC: return TX_ARAB;
    default: return TX_ANY;
    }
}

static UTransliterator *open_tx(text_tx k)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[256];
    UTransliterator *t;
    if (k == TX_TG || k == TX_ARAB) {
        int32_t n = 0;
        u_strFromUTF8(buf, (int32_t)(sizeof buf / sizeof *buf), &n, k == TX_TG ? tajik_rules : urdu_rules,
                      -1, &st);
        UChar id[] = {'x', '-', 'L', 'a', 't', 'n', 0};
        t = utrans_openU(id, -1, UTRANS_FORWARD, buf, n, NULL, &st);
    } else {
        u_uastrcpy(buf, k == TX__COUNT ? "Latin-ASCII" : tx_id[k]);
        t = utrans_openU(buf, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    }
    if (U_FAILURE(st)) {
        if (t)
            utrans_close(t);
        return NULL;
    }
    return t;
}

void text_translit_free(text_translit *tl)
{
    for (int i = 0; i < TX__COUNT; i++) {
        if (tl->t[i])
            utrans_close(tl->t[i]);
        tl->t[i] = NULL;
    }
    if (tl->ascii)
        utrans_close(tl->ascii);
    tl->ascii = NULL;
    text_ubuf_free(&tl->u);
    text_ubuf_free(&tl->v);
    text_memo_free(&tl->front);
}

/* Transliterates tl->u[0..*n) in place with t (capacity grows and the
 * call is retried when ICU needs room). */
static int translit(text_ubuf *b, int32_t *n, UTransliterator *t)
{
    for (;;) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t len = *n, limit = *n;
        utrans_transUChars(t, b->p, &len, b->cap, 0, &limit, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            int rc = text_ubuf_reserve(b, len + 16);
            if (rc)
                return rc;
            continue;
        }
        if (U_FAILURE(st))
            return HK_EINTERNAL;
        *n = len;
        return 0;
    }
}

static bool is_foreign_letter(UChar32 c)
{
    if (c < 0x80)
        return false;
    UScriptCode sc;
    UErrorCode st = U_ZERO_ERROR;
    sc = uscript_getScript(c, &st);
    return u_isalpha(c) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED;
}

/* Folds tl->u[0..n) into out as described at the top. */
static int fold(text_translit *tl, int32_t n, text_cbuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    int rc = text_ubuf_reserve(&tl->v, n * 4 + 1);
    if (rc)
        return rc;
    int32_t m = unorm2_normalize(nfd, tl->u.p, n, tl->v.p, tl->v.cap, &st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    /* Keep letters and digits, lower-cased; note whether any non-ASCII
     * Latin letter stays (ı ø ß need Latin-ASCII). */
    int32_t k = 0, i = 0;
    bool latin_ext = false;
    while (i < m) {
        UChar32 c;
        U16_NEXT(tl->v.p, i, m, c);
        int8_t t = u_charType(c);
        if (t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER || t == U_TITLECASE_LETTER ||
            t == U_OTHER_LETTER || t == U_DECIMAL_DIGIT_NUMBER) {
            c = u_tolower(c);
            if (c >= 0x80)
                latin_ext = true;
            U16_APPEND_UNSAFE(tl->v.p, k, c); /* k <= i: writing behind reading */
        }
    }
    if (latin_ext) {
        if (!tl->ascii)
            tl->ascii = open_tx(TX__COUNT);
        if (tl->ascii) {
            rc = text_ubuf_reserve(&tl->v, k * 4 + 1);
            if (rc)
                return rc;
            rc = translit(&tl->v, &k, tl->ascii);
            if (rc)
                return rc;
        }
    }
    rc = text_cbuf_reserve(out, (size_t)k * 3 + 1);
    if (rc)
        return rc;
    int32_t olen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(out->p, (int32_t)out->cap, &olen, tl->v.p, k, &st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    out->p[olen] = '\0';
    return olen;
}

/* ---- the cache ---- */

#define XC_SHARDS 16
#define XC_MAX_KEY 128 /* longer norms are rare and not worth caching */

typedef struct xentry {
    struct xentry *next;
    uint32_t hash;
    uint16_t klen, vlen;
    uint8_t kind;
    char data[];       /* key bytes, then value bytes + NUL */
} xentry;

/* One generation: a chained hash table. */
typedef struct xgen {
    xentry **b;        /* nb buckets, malloc'd */
    size_t n;          /* entries */
} xgen;

/* Two generations approximate LRU: hits in the old one move to the new
 * one; when the new one is full the old one is dropped. Memory is bounded
 * by 2 * per_gen entries of at most XC_MAX_KEY + key length bytes. */
typedef struct xshard {
    pthread_mutex_t mu;
    xgen cur, old;
    size_t nb;         /* buckets per generation, power of two */
    size_t per_gen;    /* entries per generation before rotating */
} xshard;

struct text_xcache {
    xshard s[XC_SHARDS];
};

static uint32_t hash_key(text_tx k, const char *s, size_t n)
{
    uint32_t h = 2166136261u ^ (uint32_t)k;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void gen_clear(xgen *g, size_t nb)
{
    for (size_t i = 0; i < nb; i++) {
        xentry *e = g->b[i];
        while (e) {
            xentry *nx = e->next;
            free(e);
            e = nx;
        }
        g->b[i] = NULL;
    }
    g->n = 0;
}

int text_xcache_new(text_xcache **out, size_t max_entries, hk_err *err)
{
    *out = NULL;
    text_xcache *c = calloc(1, sizeof *c);
    if (!c)
        return hk_err_set(err, HK_ENOMEM, "text", "out of memory for the key cache");
    size_t per_gen = max_entries / XC_SHARDS / 2;
    if (per_gen < 16)
        per_gen = 16;
    size_t nb = 16;
    while (nb < per_gen)
        nb *= 2;
    for (int i = 0; i < XC_SHARDS; i++) {
        xshard *s = &c->s[i];
        pthread_mutex_init(&s->mu, NULL);
        s->nb = nb;
        s->per_gen = per_gen;
        s->cur.b = calloc(nb, sizeof *s->cur.b);
        s->old.b = calloc(nb, sizeof *s->old.b);
        if (!s->cur.b || !s->old.b) {
            text_xcache_free(c);
            return hk_err_set(err, HK_ENOMEM, "text", "out of memory for the key cache");
        }
    }
    *out = c;
    return 0;
}

void text_xcache_free(text_xcache *c)
{
    if (!c)
        return;
    for (int i = 0; i < XC_SHARDS; i++) {
        xshard *s = &c->s[i];
        if (s->cur.b)
            gen_clear(&s->cur, s->nb);
        if (s->old.b)
            gen_clear(&s->old, s->nb);
        free(s->cur.b);
        free(s->old.b);
        pthread_mutex_destroy(&s->mu);
    }
    free(c);
}

static xentry **find(xgen *g, size_t nb, uint32_t h, text_tx k, const char *key, size_t n)
{
    xentry **pp = &g->b[h & (nb - 1)];
    for (; *pp; pp = &(*pp)->next) {
        xentry *e = *pp;
        if (e->hash == h && e->kind == k && e->klen == n && memcmp(e->data, key, n) == 0)
            return pp;
    }
    return NULL;
}

/* Makes room in cur: drops the old generation and starts a new one. */
static void rotate(xshard *s)
{
    gen_clear(&s->old, s->nb);
    xgen t = s->old;
    s->old = s->cur;
    s->cur = t;
}

static void link_cur(xshard *s, xentry *e)
{
    if (s->cur.n >= s->per_gen)
        rotate(s);
    xentry **b = &s->cur.b[e->hash & (s->nb - 1)];
    e->next = *b;
    *b = e;
    s->cur.n++;
}

/* Looks the key up; on a hit copies the value into out and returns its
 * length, else -1. */
static int cache_get(text_xcache *c, uint32_t h, text_tx k, const char *key, size_t n, text_cbuf *out)
{
    xshard *s = &c->s[h % XC_SHARDS];
    int r = -1;
    pthread_mutex_lock(&s->mu);
    xentry **pp = find(&s->cur, s->nb, h, k, key, n);
    if (!pp) {
        pp = find(&s->old, s->nb, h, k, key, n);
        if (pp) {
            xentry *e = *pp;
            *pp = e->next;
            s->old.n--;
            link_cur(s, e);
            pp = find(&s->cur, s->nb, h, k, key, n);
        }
    }
    if (pp) {
        xentry *e = *pp;
        if (text_cbuf_reserve(out, (size_t)e->vlen + 1) == 0) {
            memcpy(out->p, e->data + e->klen, (size_t)e->vlen + 1);
            r = e->vlen;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return r;
}

static void cache_put(text_xcache *c, uint32_t h, text_tx k, const char *key, size_t n, const char *v,
                      size_t vn)
{
    if (vn > 4 * XC_MAX_KEY)
        return;
    xshard *s = &c->s[h % XC_SHARDS];
    xentry *e = malloc(sizeof *e + n + vn + 1);
    if (!e)
        return; /* a cache that cannot grow just misses */
    e->hash = h;
    e->kind = (uint8_t)k;
    e->klen = (uint16_t)n;
    e->vlen = (uint16_t)vn;
    memcpy(e->data, key, n);
    memcpy(e->data + n, v, vn + 1);
    pthread_mutex_lock(&s->mu);
    /* Another thread may have added it meanwhile. */
    if (find(&s->cur, s->nb, h, k, key, n) || find(&s->old, s->nb, h, k, key, n))
        free(e);
    else
        link_cur(s, e);
    pthread_mutex_unlock(&s->mu);
}

/* ---- keys ---- */

int text_xkey_token(text_translit *tl, text_xcache *c, text_tx k, const char *norm, size_t len,
                    text_cbuf *out)
{
    if (k == TX_NONE || k >= TX__COUNT)
        return 0;
    bool cacheable = c && k != TX_LATIN && len <= XC_MAX_KEY;
    uint32_t h = 0, fh = 0;
    if (cacheable) {
        /* The worker's own memo first: no lock, and a Han bigram or a
         * frequent word is nearly always there. */
        fh = text_memo_hash((uint8_t)k, norm, len);
        text_memo_val v;
        if (text_memo_get(&tl->front, (uint8_t)k, norm, len, fh, &v)) {
            int rc = text_cbuf_reserve(out, (size_t)v.n[0] + 1);
            if (rc)
                return rc;
            memcpy(out->p, v.s[0], (size_t)v.n[0] + 1);
            return v.n[0];
        }
        h = hash_key(k, norm, len);
        int r = cache_get(c, h, k, norm, len, out);
        if (r >= 0) {
            text_memo_put(&tl->front, (uint8_t)k, norm, len, fh,
                          &(text_memo_val){.s = {out->p}, .n = {(uint16_t)r}});
            return r;
        }
    }
    int rc = text_ubuf_reserve(&tl->u, (int32_t)len * 2 + 16);
    if (rc)
        return rc;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(tl->u.p, tl->u.cap, &n, norm, (int32_t)len, &st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    if (k != TX_LATIN) {
        if (!tl->t[k] && !(tl->t[k] = open_tx(k)))
            return HK_EINTERNAL;
        rc = translit(&tl->u, &n, tl->t[k]);
        if (rc)
            return rc;
        /* Letters the language's transliterator does not know (an Uzbek ў
         * in a text taken for Russian) go through Any-Latin. */
        bool foreign = false;
        for (int32_t i = 0; i < n && !foreign;) {
            UChar32 ch;
            U16_NEXT(tl->u.p, i, n, ch);
            foreign = is_foreign_letter(ch);
        }
        if (foreign && k != TX_ANY) {
            if (!tl->t[TX_ANY] && !(tl->t[TX_ANY] = open_tx(TX_ANY)))
                return HK_EINTERNAL;
            rc = translit(&tl->u, &n, tl->t[TX_ANY]);
            if (rc)
                return rc;
        }
    }
    int olen = fold(tl, n, out);
    if (olen >= 0 && cacheable) {
        cache_put(c, h, k, norm, len, out->p, (size_t)olen);
        if (olen < TEXT_MEMO_NONE)
            text_memo_put(&tl->front, (uint8_t)k, norm, len, fh,
                          &(text_memo_val){.s = {out->p}, .n = {(uint16_t)olen}});
    }
    return olen;
}
