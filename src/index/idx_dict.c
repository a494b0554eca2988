/*
 * idx_dict.c - the term dictionary and its posting lists. Terms live in
 * one array and are found by an open-addressing table of their ids; each
 * term's postings are an array sorted by document with the positions
 * varint-coded beside them. A sorted order of term ids, rebuilt only when
 * new terms have arrived, serves prefix and typo lookups.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define TERM_EMPTY UINT32_MAX

uint64_t idx_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static int32_t term_find_hashed(const idx *ix, const char *text, uint64_t hash)
{
    if (!ix->term_map_cap)
        return -1;
    size_t mask = ix->term_map_cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t id = ix->term_map[i];
        if (id == TERM_EMPTY)
            return -1;
        if (!strcmp(ix->terms[id].text, text))
            return (int32_t)id;
    }
}

int32_t idx_term_find(const idx *ix, const char *text)
{
    return term_find_hashed(ix, text, idx_hash(text, strlen(text)));
}

static int term_map_grow(idx *ix)
{
    size_t cap = ix->term_map_cap ? ix->term_map_cap * 2 : 1 << 16;
    uint32_t *m = malloc(cap * sizeof *m);
    if (!m)
        return -1;
    memset(m, 0xff, cap * sizeof *m);
    for (size_t id = 0; id < ix->n_terms; id++) {
        size_t i = idx_hash(ix->terms[id].text, strlen(ix->terms[id].text)) & (cap - 1);
        while (m[i] != TERM_EMPTY)
            i = (i + 1) & (cap - 1);
        m[i] = (uint32_t)id;
    }
    ix->bytes += (cap - ix->term_map_cap) * sizeof *m;
    free(ix->term_map);
    ix->term_map = m;
    ix->term_map_cap = cap;
    return 0;
}

int32_t idx_term_get(idx *ix, const char *text, uint64_t hash)
{
    int32_t id = term_find_hashed(ix, text, hash);
    if (id >= 0)
        return id;
    if ((ix->n_terms + 1) * 2 > ix->term_map_cap && term_map_grow(ix))
        return -1;
    if (ix->n_terms == ix->cap_terms) {
        size_t cap = ix->cap_terms ? ix->cap_terms * 2 : 1 << 15;
        idx_term *t = realloc(ix->terms, cap * sizeof *t);
        if (!t)
            return -1;
        ix->bytes += (cap - ix->cap_terms) * sizeof *t;
        ix->terms = t;
        ix->cap_terms = cap;
    }
    size_t len = strlen(text);
    idx_term *t = &ix->terms[ix->n_terms];
    memset(t, 0, sizeof *t);
    if (!(t->text = malloc(len + 1)))
        return -1;
    memcpy(t->text, text, len + 1);
    ix->bytes += len + 1;
    size_t mask = ix->term_map_cap - 1;
    size_t i = hash & mask;
    while (ix->term_map[i] != TERM_EMPTY)
        i = (i + 1) & mask;
    ix->term_map[i] = (uint32_t)ix->n_terms;
    return (int32_t)ix->n_terms++;
}

int idx_term_add_group(idx *ix, int32_t term, uint32_t doc, const idx_group *g, const uint8_t *pos)
{
    idx_term *t = &ix->terms[term];
    if (t->n == t->cap) {
        uint32_t cap = !t->cap ? 1 : ix->bulk ? t->cap * 2 : t->cap + t->cap / 2 + 1;
        idx_posting *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return HK_ENOMEM;
        ix->bytes += (cap - t->cap) * sizeof *v;
        t->v = v;
        t->cap = cap;
    }
    if (t->pos_n + g->pos_len > t->pos_cap) {
        uint32_t cap = !t->pos_cap ? 8 : ix->bulk ? t->pos_cap * 2 : t->pos_cap + t->pos_cap / 2 + 8;
        if (cap < t->pos_n + g->pos_len)
            cap = t->pos_n + g->pos_len;
        uint8_t *p = realloc(t->pos, cap);
        if (!p)
            return HK_ENOMEM;
        ix->bytes += cap - t->pos_cap;
        t->pos = p;
        t->pos_cap = cap;
    }
    if (t->n % IDX_POS_BLOCK == 0) {
        uint32_t nb = t->n / IDX_POS_BLOCK + 1;
        uint32_t *b = realloc(t->blk, nb * sizeof *b);
        if (!b)
            return HK_ENOMEM;
        ix->bytes += sizeof *b;
        t->blk = b;
        t->blk[nb - 1] = t->pos_n;
    }
    idx_posting *p = &t->v[t->n];
    p->doc = doc;
    memcpy(p->tf, g->tf, sizeof p->tf); /* title and description */
    p->n_pos = g->n_pos;
    p->pad = 0;
    memcpy(t->pos + t->pos_n, pos + g->pos_off, g->pos_len);
    t->pos_n += g->pos_len;
    t->n++;
    ix->postings++;
    return 0;
}

/* Decodes count varint position deltas from s into out (at most max). */
static size_t decode_positions(const uint8_t *s, size_t count, uint32_t *out, size_t max)
{
    uint32_t cur = 0;
    size_t n = 0;
    for (size_t k = 0; k < count && n < max; k++) {
        uint32_t v = 0;
        int shift = 0;
        while (*s & 0x80) {
            v |= (uint32_t)(*s++ & 0x7f) << shift;
            shift += 7;
        }
        v |= (uint32_t)*s++ << shift;
        cur += v;
        out[n++] = cur;
    }
    return n;
}

size_t idx_posting_positions(const idx_term *t, const idx_posting *p, uint32_t *out, size_t max)
{
    size_t i = (size_t)(p - t->v);
    const uint8_t *s = t->pos + t->blk[i / IDX_POS_BLOCK];
    /* Skip the positions of the postings before p in its block. */
    for (size_t k = i - i % IDX_POS_BLOCK; k < i; k++)
        for (uint8_t m = 0; m < t->v[k].n_pos; m++)
            while (*s++ & 0x80)
                ;
    return decode_positions(s, p->n_pos, out, max);
}

size_t idx_term_positions(const idx *ix, int32_t term, uint32_t doc, uint32_t *out, size_t max)
{
    const idx_term *t = &ix->terms[term];
    const idx_posting *p = idx_term_posting(t, doc);
    size_t n = p ? idx_posting_positions(t, p, out, max) : 0;
    if (!t->n_orgs)
        return n;
    const idx_org *o = &ix->orgs[ix->dn[doc].org];
    size_t off = 0;
    for (uint16_t i = 0; i < o->n_names; i++) {
        if (o->names[i].term == term)
            return n + decode_positions(o->name_pos + off, o->names[i].n_pos, out + n, max - n);
        off += o->names[i].pos_len;
    }
    return n;
}

size_t idx_term_positions_from(const idx *ix, int32_t term, idx_pos_cursor *c, uint32_t doc, bool names, uint32_t *out,
                               size_t max)
{
    const idx_term *t = &ix->terms[term];
    size_t n = 0;
    /* j: the first posting whose doc is at least doc. */
    uint32_t lo = 0, hi = t->n;
    if (c->valid && c->i < t->n && t->v[c->i].doc <= doc) {
        uint32_t a = c->i, step = 1;
        if (t->v[a].doc == doc) {
            lo = hi = a;
        } else {
            uint32_t b = a + 1;
            while (b < t->n && t->v[b].doc < doc) {
                a = b;
                step *= 2;
                b = a + step < a ? t->n : a + step;
            }
            lo = a + 1;
            hi = b < t->n ? b : t->n;
        }
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].doc < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t j = lo;
    c->valid = t->n > 0;
    c->i = j < t->n ? j : (t->n ? t->n - 1 : 0);
    if (j < t->n && t->v[j].doc == doc) {
        uint32_t k, off;
        if (c->pos_valid && c->pos_i <= j && c->pos_i / IDX_POS_BLOCK == j / IDX_POS_BLOCK) {
            k = c->pos_i;
            off = c->pos_off;
        } else {
            k = j - j % IDX_POS_BLOCK;
            off = t->blk[j / IDX_POS_BLOCK];
        }
        const uint8_t *s = t->pos + off;
        for (; k < j; k++)
            for (uint8_t m = 0; m < t->v[k].n_pos; m++)
                while (*s++ & 0x80)
                    ;
        c->pos_i = j;
        c->pos_off = (uint32_t)(s - t->pos);
        c->pos_valid = true;
        n = decode_positions(s, t->v[j].n_pos, out, max);
    }
    if (!names || !t->n_orgs)
        return n;
    const idx_org *o = &ix->orgs[ix->dn[doc].org];
    size_t off = 0;
    for (uint16_t i = 0; i < o->n_names; i++) {
        if (o->names[i].term == term)
            return n + decode_positions(o->name_pos + off, o->names[i].n_pos, out + n, max - n);
        off += o->names[i].pos_len;
    }
    return n;
}

/* Where org is, or would go, in term's ascending organisation list. */
static uint32_t org_slot(const idx_term *t, uint32_t org)
{
    uint32_t lo = 0, hi = t->n_orgs;
    if (hi && t->orgs[hi - 1].org < org)
        return hi; /* the bulk build adds organisations in order */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->orgs[mid].org < org)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int idx_term_add_org(idx *ix, int32_t term, uint32_t org, uint8_t tf)
{
    idx_term *t = &ix->terms[term];
    uint32_t at = org_slot(t, org);
    if (at < t->n_orgs && t->orgs[at].org == org) {
        t->orgs[at].tf = tf;
        return 0;
    }
    if (t->n_orgs == t->cap_orgs) {
        uint32_t cap = t->cap_orgs ? t->cap_orgs + t->cap_orgs / 2 + 1 : 2;
        idx_term_org *v = realloc(t->orgs, cap * sizeof *v);
        if (!v)
            return HK_ENOMEM;
        ix->bytes += (cap - t->cap_orgs) * sizeof *v;
        t->orgs = v;
        t->cap_orgs = cap;
    }
    memmove(t->orgs + at + 1, t->orgs + at, (t->n_orgs - at) * sizeof *t->orgs);
    t->orgs[at] = (idx_term_org){org, tf, {0}};
    t->n_orgs++;
    return 0;
}

void idx_term_remove_org(idx *ix, int32_t term, uint32_t org)
{
    idx_term *t = &ix->terms[term];
    uint32_t at = org_slot(t, org);
    if (at == t->n_orgs || t->orgs[at].org != org)
        return;
    memmove(t->orgs + at, t->orgs + at + 1, (t->n_orgs - at - 1) * sizeof *t->orgs);
    t->n_orgs--;
}

const idx_posting *idx_term_posting(const idx_term *t, uint32_t doc)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->v[mid].doc < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->v[lo].doc == doc ? &t->v[lo] : NULL;
}

static int cmp_term_text(const void *a, const void *b, void *ctx)
{
    const idx *ix = ctx;
    return strcmp(ix->terms[*(const uint32_t *)a].text, ix->terms[*(const uint32_t *)b].text);
}

void idx_sorted_update(idx *ix, bool force)
{
    size_t tail = ix->n_terms - ix->n_sorted;
    /* Re-sort when the unsorted tail outgrows a quarter of the sorted
     * part (and 4096 terms), so the cost stays O(T log T) in total while
     * searches scan at most a short tail linearly. */
    if (!tail || (!force && (tail < 4096 || tail < ix->n_sorted / 4)))
        return;
    uint32_t *s = realloc(ix->sorted, ix->n_terms * sizeof *s);
    if (!s)
        return; /* the old order and a longer tail still answer correctly */
    for (size_t i = 0; i < ix->n_terms; i++)
        s[i] = (uint32_t)i;
    qsort_r(s, ix->n_terms, sizeof *s, cmp_term_text, ix);
    ix->bytes += (ix->n_terms - ix->n_sorted) * sizeof *s;
    ix->sorted = s;
    ix->n_sorted = ix->n_terms;
}

void idx_term_shrink(idx *ix, idx_term *t)
{
    if (t->cap > t->n && t->n) {
        idx_posting *v = realloc(t->v, t->n * sizeof *v);
        if (v) {
            ix->bytes -= (t->cap - t->n) * sizeof *v;
            t->v = v;
            t->cap = t->n;
        }
    }
    if (t->cap_orgs > t->n_orgs && t->n_orgs) {
        idx_term_org *o = realloc(t->orgs, t->n_orgs * sizeof *o);
        if (o) {
            ix->bytes -= (t->cap_orgs - t->n_orgs) * sizeof *o;
            t->orgs = o;
            t->cap_orgs = t->n_orgs;
        }
    }
    if (t->pos_cap > t->pos_n && t->pos_n) {
        uint8_t *p = realloc(t->pos, t->pos_n);
        if (p) {
            ix->bytes -= t->pos_cap - t->pos_n;
            t->pos = p;
            t->pos_cap = t->pos_n;
        }
    }
}

void idx_dict_shrink(idx *ix)
{
    for (size_t i = 0; i < ix->n_terms; i++)
        idx_term_shrink(ix, &ix->terms[i]);
}

void idx_dict_free(idx *ix)
{
    for (size_t i = 0; i < ix->n_terms; i++) {
        free(ix->terms[i].text);
        free(ix->terms[i].v);
        free(ix->terms[i].pos);
        free(ix->terms[i].blk);
        free(ix->terms[i].orgs);
    }
    free(ix->terms);
    free(ix->term_map);
    free(ix->sorted);
}
