/*
 * idx_pending.c - a document's analysed terms before they enter the
 * index: analysis runs outside the index lock, then the occurrences are
 * sorted so that under the lock each distinct term is looked up once and
 * gets one posting.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define TERM_MAX 256
#define TEXT_GAP 16              /* positions between two texts of one field */

static int pending_add(idx_pending *p, const char *ns, const char *term, int field, uint32_t pos)
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
    p->occ[p->n++] = (idx_occ){(uint32_t)p->len, pos, idx_hash(p->terms + p->len, n - 1), (uint8_t)field};
    p->len += n;
    return 0;
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
            rc = pending_add(p, "b:", tk->norm, field, at);
            continue;
        }
        rc = pending_add(p, "w:", tk->stem, field, at);
        /* Plain ASCII words have no key: a query in another script finds
         * them through "w:" + its own key (idx_search.c). */
        if (!rc && tk->xkey && field != IDX_FIELD_DESC && tk->script != TEXT_SCRIPT_DIGIT)
            rc = pending_add(p, "x:", tk->xkey, field, at);
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
        if (pending_add(p, "", src->terms + src->occ[i].off, src->occ[i].field, src->occ[i].pos))
            return HK_ENOMEM;
    for (int f = 0; f < IDX_FIELDS; f++)
        p->flen[f] = (uint16_t)(p->flen[f] + src->flen[f] < UINT16_MAX ? p->flen[f] + src->flen[f] : UINT16_MAX);
    return 0;
}

static int cmp_occ(const void *a, const void *b, void *ctx)
{
    const char *terms = ctx;
    const idx_occ *x = a, *y = b;
    /* By hash first: the order only has to group equal terms. */
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    int c = strcmp(terms + x->off, terms + y->off);
    if (c)
        return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void idx_pending_sort(idx_pending *p)
{
    if (p->n > 1)
        qsort_r(p->occ, p->n, sizeof *p->occ, cmp_occ, p->terms);
}

void idx_pending_free(idx_pending *p)
{
    free(p->terms);
    free(p->occ);
    memset(p, 0, sizeof *p);
}
