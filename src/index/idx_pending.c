/*
 * idx_pending.c - a document's analysed terms before they enter the
 * index: analysis runs outside the index lock, then the occurrences are
 * sorted and grouped (one group per distinct term, its positions already
 * varint-coded), so that under the lock each distinct term is looked up
 * once and its posting is a copy.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define TERM_MAX 256
#define TEXT_GAP 16              /* positions between two texts of one field */

/* Appends namespace + term at pos; hash is idx_hash of the two joined
 * when the caller knows it (copying), else 0. */
static int pending_add(idx_pending *p, const char *ns, const char *term, int field, uint32_t pos, uint64_t hash)
{
    size_t nl = strlen(ns), tl = strlen(term), n = nl + tl + 1;
    if (n > TERM_MAX)
        return 0; /* a 250-byte "word" is noise, not a term */
    if (p->len + n > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4096;
        while (cap < p->len + n)
            cap *= 2;
        char *s = realloc(p->terms, cap);
        if (!s)
            return HK_ENOMEM;
        p->terms = s;
        p->cap = cap;
    }
    if (p->n == p->occ_cap) {
        size_t cap = p->occ_cap ? p->occ_cap * 2 : 256;
        idx_occ *o = realloc(p->occ, cap * sizeof *o);
        if (!o)
            return HK_ENOMEM;
        p->occ = o;
        p->occ_cap = cap;
    }
    memcpy(p->terms + p->len, ns, nl);
    memcpy(p->terms + p->len + nl, term, tl + 1);
    p->occ[p->n++] = (idx_occ){(uint32_t)p->len, pos, hash ? hash : idx_hash(p->terms + p->len, n - 1),
                               (uint8_t)field};
    p->len += n;
    return 0;
}

int idx_pending_add(idx_pending *p, const char *term, int field, uint32_t pos, uint64_t hash)
{
    return pending_add(p, "", term, field, pos, hash);
}

int idx_pending_analyse(text_analyzer *a, idx_pending *p, const char *text, const char *lang, int field,
                        uint32_t base, uint32_t *pos, text_tokens *toks, hk_err *err)
{
    if (!text || !*text)
        return 0;
    unsigned flags = field == IDX_FIELD_DESC ? TEXT_NO_XKEY : 0;
    int rc = text_analyze(a, text, strlen(text), lang, flags, toks, err);
    if (rc)
        return rc;
    uint32_t last = 0;
    for (size_t i = 0; i < toks->n && !rc; i++) {
        const text_token *tk = &toks->v[i];
        uint32_t at = base + *pos + tk->pos;
        last = tk->pos;
        if (tk->kind == TEXT_TOK_BIGRAM) {
            rc = pending_add(p, "b:", tk->norm, field, at, 0);
            continue;
        }
        rc = pending_add(p, "w:", tk->stem, field, at, 0);
        /* Plain ASCII words have no key: a query in another script finds
         * them through "w:" + its own key (idx_search.c). */
        if (!rc && tk->xkey && field != IDX_FIELD_DESC && tk->script != TEXT_SCRIPT_DIGIT)
            rc = pending_add(p, "x:", tk->xkey, field, at, 0);
        if (p->flen[field] < UINT16_MAX)
            p->flen[field]++;
    }
    *pos += last + TEXT_GAP;
    if (rc)
        return hk_err_set(err, rc, NULL, "out of memory");
    return 0;
}

int idx_pending_append(idx_pending *p, const idx_pending *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (pending_add(p, "", src->terms + src->occ[i].off, src->occ[i].field, src->occ[i].pos, src->occ[i].hash))
            return HK_ENOMEM;
    for (int f = 0; f < IDX_FIELDS; f++)
        p->flen[f] = (uint16_t)(p->flen[f] + src->flen[f] < UINT16_MAX ? p->flen[f] + src->flen[f] : UINT16_MAX);
    return 0;
}

/* The order of occurrences: by hash first (the order only has to group
 * equal terms), then term, then position. */
static inline bool occ_before(const idx_occ *x, const idx_occ *y, const char *terms)
{
    if (x->hash != y->hash)
        return x->hash < y->hash;
    int c = strcmp(terms + x->off, terms + y->off);
    if (c)
        return c < 0;
    return x->pos < y->pos;
}

/* Merge sort through tmp (n/2 entries), insertion sort for short runs.
 * qsort_r allocated a buffer and called through a pointer on every
 * comparison: a twentieth of the build. */
static void sort_occ(idx_occ *a, size_t n, idx_occ *tmp, const char *terms)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            idx_occ v = a[i];
            size_t j = i;
            for (; j > 0 && occ_before(&v, &a[j - 1], terms); j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    size_t h = n / 2;
    sort_occ(a, h, tmp, terms);
    sort_occ(a + h, n - h, tmp, terms);
    if (!occ_before(&a[h], &a[h - 1], terms))
        return; /* the halves are already in order */
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        a[k++] = occ_before(&a[j], &tmp[i], terms) ? a[j++] : tmp[i++];
    while (i < h)
        a[k++] = tmp[i++];
}

int idx_pending_sort(idx_pending *p)
{
    if (p->n < 2)
        return 0;
    if (p->tmp_cap < p->n / 2 + 1) {
        size_t cap = p->n / 2 + 1;
        idx_occ *t = realloc(p->tmp, cap * sizeof *t);
        if (!t)
            return HK_ENOMEM;
        p->tmp = t;
        p->tmp_cap = cap;
    }
    sort_occ(p->occ, p->n, p->tmp, p->terms);
    return 0;
}

static int put_varint(idx_pending *p, uint32_t v)
{
    if (p->pos_n + 5 > p->pos_cap) {
        size_t cap = p->pos_cap ? p->pos_cap * 2 : 1024;
        uint8_t *b = realloc(p->pos, cap);
        if (!b)
            return HK_ENOMEM;
        p->pos = b;
        p->pos_cap = cap;
    }
    while (v >= 0x80) {
        p->pos[p->pos_n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p->pos[p->pos_n++] = (uint8_t)v;
    return 0;
}

int idx_pending_group(idx_pending *p)
{
    if (idx_pending_sort(p))
        return HK_ENOMEM;
    p->n_grp = 0;
    p->pos_n = 0;
    for (size_t i = 0; i < p->n;) {
        const char *text = p->terms + p->occ[i].off;
        size_t j = i + 1;
        while (j < p->n && p->occ[j].hash == p->occ[i].hash && !strcmp(p->terms + p->occ[j].off, text))
            j++;
        if (p->n_grp == p->grp_cap) {
            size_t cap = p->grp_cap ? p->grp_cap * 2 : 128;
            idx_group *g = realloc(p->grp, cap * sizeof *g);
            if (!g)
                return HK_ENOMEM;
            p->grp = g;
            p->grp_cap = cap;
        }
        idx_group *g = &p->grp[p->n_grp++];
        memset(g, 0, sizeof *g);
        g->off = p->occ[i].off;
        g->hash = p->occ[i].hash;
        g->term = -1;
        g->pos_off = (uint32_t)p->pos_n;
        uint32_t prev = 0;
        for (size_t k = i; k < j; k++) {
            const idx_occ *o = &p->occ[k];
            if (g->tf[o->field] < 255)
                g->tf[o->field]++;
            if (g->n_pos == 255 || (k > i && o->pos == prev))
                continue; /* the same place twice (a word and its key) or too many */
            if (put_varint(p, o->pos - prev))
                return HK_ENOMEM;
            prev = o->pos;
            g->n_pos++;
        }
        g->pos_len = (uint16_t)(p->pos_n - g->pos_off);
        i = j;
    }
    return 0;
}

void idx_pending_reset(idx_pending *p)
{
    p->len = p->n = p->n_grp = p->pos_n = 0;
    memset(p->flen, 0, sizeof p->flen);
}

int idx_pending_copy_exact(idx_pending *dst, const idx_pending *src)
{
    memset(dst, 0, sizeof *dst);
    if (src->n) {
        dst->terms = malloc(src->len);
        dst->occ = malloc(src->n * sizeof *dst->occ);
        if (!dst->terms || !dst->occ) {
            idx_pending_free(dst);
            return HK_ENOMEM;
        }
        memcpy(dst->terms, src->terms, src->len);
        memcpy(dst->occ, src->occ, src->n * sizeof *dst->occ);
    }
    dst->len = dst->cap = src->len;
    dst->n = dst->occ_cap = src->n;
    memcpy(dst->flen, src->flen, sizeof dst->flen);
    return 0;
}

void idx_pending_free(idx_pending *p)
{
    free(p->terms);
    free(p->occ);
    free(p->grp);
    free(p->pos);
    free(p->tmp);
    memset(p, 0, sizeof *p);
}
