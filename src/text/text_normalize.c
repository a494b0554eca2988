/*
 * text_normalize.c - per-token normalisation: ICU NFKC with case folding
 * (the "nfkc_cf" normaliser, which also drops default-ignorable code points
 * such as soft hyphens), Traditional to Simplified Chinese, and one
 * apostrophe for the many that Uzbek and other Turkic Latin spellings use
 * (oʻ o' o’ o` are the same letter to their readers), and ASCII digits for
 * the Arabic-Indic, Persian and Devanagari ones.
 *
 * Normalisation runs per token rather than over the whole text so that the
 * byte spans the word break iterator found in the input stay exact.
 *
 * Also here: text_normalize (a whole string, for comparing names) and the
 * growable scratch buffers of the workers.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "hk_utf8.h"
#include "text_int.h"

/* Scratch buffers never need more than a few times the largest input. */
#define UBUF_MAX ((int32_t)(8 * TEXT_MAX_INPUT))
#define CBUF_MAX ((size_t)24 * TEXT_MAX_INPUT)

int text_ubuf_reserve(text_ubuf *b, int32_t n)
{
    if (n <= b->cap)
        return 0;
    if (n > UBUF_MAX)
        return HK_ETOOBIG;
    int32_t cap = b->cap ? b->cap : 256;
    while (cap < n)
        cap = cap > UBUF_MAX / 2 ? UBUF_MAX : cap * 2;
    UChar *p = realloc(b->p, (size_t)cap * sizeof *p);
    if (!p)
        return HK_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

void text_ubuf_free(text_ubuf *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

int text_cbuf_reserve(text_cbuf *b, size_t n)
{
    if (n <= b->cap)
        return 0;
    if (n > CBUF_MAX)
        return HK_ETOOBIG;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < n)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return HK_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

void text_cbuf_free(text_cbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

/* ---- Traditional -> Simplified ---- */

/* Runs ICU's transliterator once over every CJK code point (each followed
 * by a space, so no multi-character rule fires) and keeps the one-to-one
 * changes. About 13 ms once per analyzer, instead of a transliterator call
 * per Han token on the hot path. */
static int t2s_collect(UTransliterator *tr, uint32_t lo, uint32_t hi, text_t2s *m, bool astral,
                       hk_err *err)
{
    int32_t cap = (int32_t)(hi - lo + 1) * 3 + 16;
    UChar *buf = malloc((size_t)cap * sizeof *buf);
    if (!buf)
        return hk_err_set(err, HK_ENOMEM, "text", "out of memory building the Traditional->Simplified map");
    int32_t n = 0;
    for (uint32_t c = lo; c <= hi; c++) {
        U16_APPEND_UNSAFE(buf, n, c);
        buf[n++] = ' ';
    }
    UErrorCode st = U_ZERO_ERROR;
    int32_t limit = n;
    utrans_transUChars(tr, buf, &n, cap, 0, &limit, &st);
    if (U_FAILURE(st)) {
        free(buf);
        return hk_err_set(err, HK_EINTERNAL, "text", "ICU Traditional-Simplified failed: %s", u_errorName(st));
    }
    int32_t i = 0;
    uint32_t c = lo;
    int rc = 0;
    while (i < n && c <= hi) {
        UChar32 out;
        U16_NEXT(buf, i, n, out);
        if (i < n && buf[i] == ' ') {
            i++;
            if ((uint32_t)out != c) {
                if (!astral) {
                    m->bmp[c - T2S_BMP_LO] = (uint16_t)out;
                } else {
                    uint32_t(*p)[2] = realloc(m->astral, (m->n_astral + 1) * sizeof *p);
                    if (!p) {
                        rc = hk_err_set(err, HK_ENOMEM, "text", "out of memory building the Traditional->Simplified map");
                        break;
                    }
                    m->astral = p;
                    m->astral[m->n_astral][0] = c;
                    m->astral[m->n_astral][1] = (uint32_t)out;
                    m->n_astral++;
                }
            }
        } else {
            /* A character became several: leave it unchanged and resync on
             * the next separator. */
            while (i < n && buf[i] != ' ')
                i++;
            i++;
        }
        c++;
    }
    free(buf);
    return rc;
}

int text_t2s_build(text_t2s *m, hk_err *err)
{
    memset(m, 0, sizeof *m);
    m->bmp = calloc(T2S_BMP_HI - T2S_BMP_LO + 1, sizeof *m->bmp);
    if (!m->bmp)
        return hk_err_set(err, HK_ENOMEM, "text", "out of memory building the Traditional->Simplified map");
    UErrorCode st = U_ZERO_ERROR;
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) {
        text_t2s_free(m);
        return hk_err_set(err, HK_EINTERNAL, "text", "ICU has no Traditional-Simplified transliterator: %s",
                          u_errorName(st));
    }
    int rc = t2s_collect(tr, T2S_BMP_LO, T2S_BMP_HI, m, false, err);
    /* CJK Extension B holds a few traditional forms with simplified ones. */
    if (rc == 0)
        rc = t2s_collect(tr, 0x20000, 0x2A6DF, m, true, err);
    utrans_close(tr);
    if (rc)
        text_t2s_free(m);
    return rc;
}

void text_t2s_free(text_t2s *m)
{
    free(m->bmp);
    free(m->astral);
    memset(m, 0, sizeof *m);
}

uint32_t text_t2s_map(const text_t2s *m, uint32_t cp)
{
    if (cp >= T2S_BMP_LO && cp <= T2S_BMP_HI) {
        uint16_t s = m->bmp[cp - T2S_BMP_LO];
        return s ? s : cp;
    }
    if (cp >= 0x20000) {
        size_t lo = 0, hi = m->n_astral;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (m->astral[mid][0] == cp)
                return m->astral[mid][1];
            if (m->astral[mid][0] < cp)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return cp;
}

/* ---- per-token normalisation ---- */

static bool is_apostrophe(uint32_t c)
{
    /* ’ ‘ ʻ ʼ ʽ ` ´ ′: all written for the Uzbek oʻ/gʻ and the tutuq belgisi. */
    return c == 0x2019 || c == 0x2018 || c == 0x02BB || c == 0x02BC || c == 0x02BD || c == 0x60 ||
           c == 0xB4 || c == 0x2032;
}

int text_norm_token(const UNormalizer2 *nfkc_cf, const text_t2s *t2s, const UChar *u, int32_t n,
                    text_ubuf *tmp, text_cbuf *out)
{
    /* Fast path: ASCII needs only lower-casing (NFKC leaves it alone). */
    bool ascii = true;
    for (int32_t i = 0; i < n; i++)
        if (u[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        int rc = text_cbuf_reserve(out, (size_t)n + 1);
        if (rc)
            return rc;
        for (int32_t i = 0; i < n; i++) {
            UChar c = u[i];
            out->p[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        out->p[n] = '\0';
        return n;
    }
    /* NFKC_Casefold can expand (ligatures, ﷺ); 18x is its worst case. */
    int rc = text_ubuf_reserve(tmp, n * 18 + 1);
    if (rc)
        return rc;
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(nfkc_cf, u, n, tmp->p, tmp->cap, &st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    rc = text_cbuf_reserve(out, (size_t)m * 3 + 1);
    if (rc)
        return rc;
    size_t o = 0;
    int32_t i = 0;
    while (i < m) {
        UChar32 c;
        U16_NEXT(tmp->p, i, m, c);
        if (c >= (UChar32)T2S_BMP_LO)
            c = (UChar32)text_t2s_map(t2s, (uint32_t)c);
        else if (is_apostrophe((uint32_t)c))
            c = '\'';
        else if (c >= 0x660 && u_isdigit(c))
            c = '0' + u_charDigitValue(c); /* ١٢ ۱۲ १२ are 12: numbers match across scripts */
        o += (size_t)hk_utf8_encode((uint32_t)c, out->p + o);
    }
    out->p[o] = '\0';
    return (int)o;
}

int text_normalize(text_analyzer *a, const char *s, size_t len, char **out, hk_err *err)
{
    *out = NULL;
    if (len > TEXT_MAX_INPUT)
        return hk_err_set(err, HK_ETOOBIG, "text", "text is %zu bytes, more than %u", len, TEXT_MAX_INPUT);
    if (!hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, "text", "text is not valid UTF-8");
    text_ubuf u = {0}, tmp = {0};
    text_cbuf o = {0};
    int rc = text_ubuf_reserve(&u, (int32_t)len + 1);
    int32_t n = 0;
    if (rc == 0) {
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(u.p, u.cap, &n, s, (int32_t)len, &st);
        if (U_FAILURE(st))
            rc = HK_EINTERNAL;
    }
    if (rc == 0) {
        rc = text_norm_token(a->nfkc_cf, &a->t2s, u.p, n, &tmp, &o);
        if (rc >= 0) {
            *out = o.p;
            o.p = NULL;
            rc = 0;
        }
    }
    text_ubuf_free(&u);
    text_ubuf_free(&tmp);
    text_cbuf_free(&o);
    if (rc)
        return hk_err_set(err, rc, "text", "normalisation failed (%s)", hk_err_name(rc));
    return 0;
}
