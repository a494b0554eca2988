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

/* Makes room for n more occurrences and len more bytes of terms. */
static int reserve(idx_pending *p, size_t n, size_t len)
{
    if (p->len + len > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4096;
        while (cap < p->len + len)
            cap *= 2;
        char *s = realloc(p->terms, cap);
        if (!s)
            return HK_ENOMEM;
        p->terms = s;
        p->cap = cap;
    }
    if (p->n + n > p->occ_cap) {
        size_t cap = p->occ_cap ? p->occ_cap * 2 : 256;
        while (cap < p->n + n)
            cap *= 2;
        idx_occ *o = realloc(p->occ, cap * sizeof *o);
        if (!o)
            return HK_ENOMEM;
        p->occ = o;
        p->occ_cap = cap;
    }
    return 0;
}

/* Appends namespace ("w:", "b:", "x:") + term at pos. */
static int pending_add(idx_pending *p, const char *ns, const char *term, int field, uint32_t pos)
{
    size_t nl = strlen(ns), tl = strlen(term), n = nl + tl + 1;
    if (n > TERM_MAX)
        return 0; /* a 250-byte "word" is noise, not a term */
    if (reserve(p, 1, n))
        return HK_ENOMEM;
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

int idx_pending_append_occ(idx_pending *p, const char *terms, size_t len, const idx_occ *occ, size_t n,
                           uint32_t pos0)
{
    if (reserve(p, n, len))
        return HK_ENOMEM;
    uint32_t shift = (uint32_t)p->len;
    memcpy(p->terms + p->len, terms, len);
    for (size_t i = 0; i < n; i++) {
        idx_occ o = occ[i];
        o.off += shift;
        o.pos += pos0;
        p->occ[p->n++] = o;
    }
    p->len += len;
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

#define NONE UINT32_MAX

/* Room for grouping n occurrences: n groups, and in aux a hash table of
 * *slots (a power of two, at least 2n) then a link per occurrence and a
 * last occurrence per group. */
static int reserve_grouping(idx_pending *p, size_t *slots)
{
    size_t cap = 64;
    while (cap < 2 * p->n)
        cap *= 2;
    *slots = cap;
    if (p->grp_cap < p->n) {
        idx_group *g = realloc(p->grp, p->n * sizeof *g);
        if (!g)
            return HK_ENOMEM;
        p->grp = g;
        p->grp_cap = p->n;
    }
    size_t need = cap + 2 * p->n;
    if (p->aux_cap < need) {
        uint32_t *a = realloc(p->aux, need * sizeof *a);
        if (!a)
            return HK_ENOMEM;
        p->aux = a;
        p->aux_cap = need;
    }
    return 0;
}

int idx_pending_group(idx_pending *p)
{
    p->n_grp = 0;
    p->pos_n = 0;
    if (!p->n)
        return 0;
    size_t slots;
    if (reserve_grouping(p, &slots))
        return HK_ENOMEM;
    uint32_t *slot = p->aux, *link = slot + slots, *last = link + p->n;
    memset(slot, 0xff, slots * sizeof *slot);
    /* Pass 1: each occurrence joins the group of its term (a hash table
     * over the groups), chained in the order they came. */
    for (size_t i = 0; i < p->n; i++) {
        const idx_occ *o = &p->occ[i];
        size_t s = (size_t)o->hash & (slots - 1);
        for (;; s = (s + 1) & (slots - 1)) {
            uint32_t k = slot[s];
            if (k == NONE) {
                k = (uint32_t)p->n_grp++;
                slot[s] = k;
                idx_group *g = &p->grp[k];
                memset(g, 0, sizeof *g);
                g->off = o->off;
                g->hash = o->hash;
                g->term = -1;
                g->pos_off = (uint32_t)i; /* its first occurrence, until pass 2 */
                last[k] = (uint32_t)i;
                break;
            }
            const idx_group *g = &p->grp[k];
            if (g->hash == o->hash && (g->off == o->off || !strcmp(p->terms + g->off, p->terms + o->off))) {
                link[last[k]] = (uint32_t)i;
                last[k] = (uint32_t)i;
                break;
            }
        }
        link[i] = NONE;
    }
    /* Pass 2: counts and positions. Occurrences come in position order
     * within each field and fields in the order of their bases (titles,
     * then descriptions, then names), so a chain is ascending; a position
     * that is not (the same place twice: a word and its key) is not coded
     * again. */
    for (size_t k = 0; k < p->n_grp; k++) {
        idx_group *g = &p->grp[k];
        uint32_t i = g->pos_off, prev = 0;
        g->pos_off = (uint32_t)p->pos_n;
        for (bool first = true; i != NONE; i = link[i], first = false) {
            const idx_occ *o = &p->occ[i];
            if (g->tf[o->field] < 255)
                g->tf[o->field]++;
            if (g->n_pos == 255 || (!first && o->pos <= prev))
                continue;
            if (put_varint(p, o->pos - prev))
                return HK_ENOMEM;
            prev = o->pos;
            g->n_pos++;
        }
        g->pos_len = (uint16_t)(p->pos_n - g->pos_off);
    }
    return 0;
}

void idx_pending_reset(idx_pending *p)
{
    p->len = p->n = p->n_grp = p->pos_n = 0;
    memset(p->flen, 0, sizeof p->flen);
}

void idx_pending_free(idx_pending *p)
{
    free(p->terms);
    free(p->occ);
    free(p->grp);
    free(p->pos);
    free(p->aux);
    memset(p, 0, sizeof *p);
}
