/*
 * idx_facets.c - filters and facet counts. Each facet value has a CRoaring
 * bitmap of the documents that carry it ("country:UZ", "kind:supply",
 * "hs:XV", "hs:76", "hs:7616", "isic:C", "isic:24", "isic:243", ...);
 * a filter is the AND over facets of the OR of its values. Facet counts
 * walk the matching documents once and count from the document table,
 * which at a million listings is cheaper than one bitmap intersection per
 * value.
 */
#include "index/idx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FACET_TOP 30           /* values returned per facet */

static size_t bm_slot(const idx *ix, const char *key)
{
    return idx_hash(key, strlen(key)) & (ix->bm_cap - 1);
}

roaring_bitmap_t *idx_bitmap_get(const idx *ix, const char *key)
{
    if (!ix->bm_cap)
        return NULL;
    for (size_t i = bm_slot(ix, key);; i = (i + 1) & (ix->bm_cap - 1)) {
        if (!ix->bitmaps[i].key)
            return NULL;
        if (!strcmp(ix->bitmaps[i].key, key))
            return ix->bitmaps[i].bm;
    }
}

static int bm_grow(idx *ix)
{
    size_t cap = ix->bm_cap ? ix->bm_cap * 2 : 1024;
    idx_bitmap *b = calloc(cap, sizeof *b);
    if (!b)
        return HK_ENOMEM;
    for (size_t k = 0; k < ix->bm_cap; k++) {
        if (!ix->bitmaps[k].key)
            continue;
        size_t i = idx_hash(ix->bitmaps[k].key, strlen(ix->bitmaps[k].key)) & (cap - 1);
        while (b[i].key)
            i = (i + 1) & (cap - 1);
        b[i] = ix->bitmaps[k];
    }
    free(ix->bitmaps);
    ix->bitmaps = b;
    ix->bm_cap = cap;
    return 0;
}

roaring_bitmap_t *idx_bitmap_make(idx *ix, const char *key)
{
    roaring_bitmap_t *bm = idx_bitmap_get(ix, key);
    if (bm)
        return bm;
    if ((ix->bm_used + 1) * 2 > ix->bm_cap && bm_grow(ix))
        return NULL;
    size_t i = bm_slot(ix, key);
    while (ix->bitmaps[i].key)
        i = (i + 1) & (ix->bm_cap - 1);
    if (!(ix->bitmaps[i].key = strdup(key)) || !(ix->bitmaps[i].bm = roaring_bitmap_create())) {
        free(ix->bitmaps[i].key);
        ix->bitmaps[i].key = NULL;
        return NULL;
    }
    ix->bm_used++;
    return ix->bitmaps[i].bm;
}

int idx_bitmap_add(idx *ix, const char *key, uint32_t doc)
{
    roaring_bitmap_t *bm = idx_bitmap_make(ix, key);
    if (!bm)
        return HK_ENOMEM;
    roaring_bitmap_add(bm, doc);
    return 0;
}

void idx_bitmap_remove(idx *ix, const char *key, uint32_t doc)
{
    roaring_bitmap_t *bm = idx_bitmap_get(ix, key);
    if (bm)
        roaring_bitmap_remove(bm, doc);
}

void idx_org_fkeys(const idx_org *o, char (*keys)[IDX_FKEY])
{
    snprintf(keys[0], IDX_FKEY, "country:%s", o->country);
    snprintf(keys[1], IDX_FKEY, "org_type:%s", model_enum_name(ENUM_ORG_TYPE, o->type));
    snprintf(keys[2], IDX_FKEY, "sme:%s", o->sme ? "true" : "false");
    snprintf(keys[3], IDX_FKEY, "tier:%s", model_enum_name(ENUM_TIER, o->tier));
}

size_t idx_doc_fkeys(const tax *t, const idx_doc *d, char (*keys)[IDX_FKEY])
{
    size_t n = 0;
    snprintf(keys[n++], IDX_FKEY, "kind:%s", model_enum_name(ENUM_KIND, d->kind));
    snprintf(keys[n++], IDX_FKEY, "direction:%s", model_enum_name(ENUM_DIRECTION, d->direction));
    for (int i = 0; i < IDX_MAX_CODES && d->hs[i][0]; i++) {
        int32_t k = tax_find(t, TAX_HS, d->hs[i]);
        int32_t sec = k >= 0 ? tax_ancestor(t, k, TAX_LEVEL_SECTION) : -1;
        if (sec >= 0)
            snprintf(keys[n++], IDX_FKEY, "hs:%s", tax_node_at(t, sec)->code);
        snprintf(keys[n++], IDX_FKEY, "hs:%.2s", d->hs[i]);
        snprintf(keys[n++], IDX_FKEY, "hs:%s", d->hs[i]);
    }
    for (int i = 0; i < IDX_MAX_CODES && d->isic[i][0]; i++) {
        int32_t k = tax_find(t, TAX_ISIC, d->isic[i]);
        int32_t sec = k >= 0 ? tax_ancestor(t, k, TAX_LEVEL_SECTION) : -1;
        if (sec >= 0)
            snprintf(keys[n++], IDX_FKEY, "isic:%s", tax_node_at(t, sec)->code);
        snprintf(keys[n++], IDX_FKEY, "isic:%.2s", d->isic[i]);
        snprintf(keys[n++], IDX_FKEY, "isic:%s", d->isic[i]);
    }
    return n;
}

/* Calls fn (add) or rm (remove) with every facet key of doc. */
static int each_key(idx *ix, uint32_t doc, int (*fn)(idx *, const char *, uint32_t), void (*rm)(idx *, const char *, uint32_t))
{
    const idx_doc *d = &ix->docs[doc];
    char keys[IDX_ORG_FACETS + IDX_MAX_FKEYS][IDX_FKEY];
    idx_org_fkeys(&ix->orgs[d->org], keys);
    size_t n = IDX_ORG_FACETS + idx_doc_fkeys(ix->t, d, keys + IDX_ORG_FACETS);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (fn && !rc)
            rc = fn(ix, keys[i], doc);
        if (rm)
            rm(ix, keys[i], doc);
    }
    return rc;
}

int idx_doc_facets(idx *ix, uint32_t doc, bool add)
{
    return add ? each_key(ix, doc, idx_bitmap_add, NULL) : each_key(ix, doc, NULL, idx_bitmap_remove);
}

roaring_bitmap_t *idx_filter_bitmap(idx *ix, const idx_query *q, hk_err *err)
{
    roaring_bitmap_t *result = NULL;
    if (q->only_listing) {
        uint32_t doc;
        result = roaring_bitmap_create();
        if (idx_doc_of(ix, q->only_listing, &doc))
            roaring_bitmap_add(result, doc);
    }
    for (size_t f = 0; f < q->n_filters; f++) {
        const idx_filter *flt = &q->filters[f];
        roaring_bitmap_t *any = roaring_bitmap_create();
        for (size_t v = 0; v < flt->n; v++) {
            char key[64];
            snprintf(key, sizeof key, "%s:%.40s", idx_facet_name((idx_facet)flt->facet), flt->values[v]);
            roaring_bitmap_t *bm = idx_bitmap_get(ix, key);
            if (bm)
                roaring_bitmap_or_inplace(any, bm);
        }
        if (!result) {
            result = any;
        } else {
            roaring_bitmap_and_inplace(result, any);
            roaring_bitmap_free(any);
        }
    }
    (void)err;
    return result;
}

typedef struct counter {
    char value[24];
    uint32_t count;
} counter;

static int cmp_counter(const void *a, const void *b)
{
    const counter *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* A small counting table per facet: values are few except for codes. */
typedef struct tally {
    counter *v;
    size_t n, cap;
} tally;

static void tally_add_n(tally *t, const char *value, uint32_t count)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].value, value)) {
            t->v[i].count += count;
            return;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        counter *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return;
        t->v = v;
        t->cap = cap;
    }
    snprintf(t->v[t->n].value, sizeof t->v[0].value, "%s", value);
    t->v[t->n++].count = count;
}


/* Appends a value known to be new to the tally (no search): a code
 * printed with fmt. */
static void tally_push(tally *t, int code, const char *fmt, uint32_t count)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        counter *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return;
        t->v = v;
        t->cap = cap;
    }
    snprintf(t->v[t->n].value, sizeof t->v[0].value, fmt, code);
    t->v[t->n++].count = count;
}

/* Moves the best k of v (cmp_counter's order) to its front, in order;
 * returns how many that is. A broad query has some 1,300 code values, of
 * which 30 are sent back: a sorted insertion into the first k beats
 * sorting them all. */
static size_t top_counters(counter *v, size_t n, size_t k)
{
    if (k > n)
        k = n;
    size_t m = 0; /* v[0..m) is the best so far, sorted; m <= i, so
                   * the moves below only write places already read */
    for (size_t i = 0; i < n; i++) {
        counter c = v[i];
        size_t j;
        if (m < k)
            j = m++;
        else if (cmp_counter(&c, &v[k - 1]) < 0)
            j = k - 1; /* the worst is pushed out */
        else
            continue;
        while (j > 0 && cmp_counter(&c, &v[j - 1]) < 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = c;
    }
    return k;
}

/* atoi for the short digit strings of codes (atoi was a tenth of the
 * facet count of a query matching a million listings). */
static unsigned digits(const char *s)
{
    unsigned v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (unsigned)(*s - '0');
    return v;
}

void idx_dfacet_of(const idx_doc *d, idx_dfacet *out)
{
    memset(out, 0, sizeof *out);
    out->org = d->org;
    out->kind = d->kind;
    out->direction = d->direction;
    for (int k = 0; k < IDX_DFACET_CODES; k++) {
        out->hs[k] = d->hs[k][0] ? (uint16_t)(digits(d->hs[k]) % 10000) : IDX_NO_CODE;
        out->isic[k] = d->isic[k][0] ? (uint16_t)(digits(d->isic[k]) % 1000) : IDX_NO_CODE;
    }
    out->more = IDX_DFACET_CODES < IDX_MAX_CODES && (d->hs[IDX_DFACET_CODES][0] || d->isic[IDX_DFACET_CODES][0]);
}

int idx_count_facets(idx *ix, idx_scratch *scr, const uint32_t *docs, size_t n, idx_result *out)
{
    tally t[IDX_F__COUNT];
    memset(t, 0, sizeof t);
    /* Organisations' values are counted once per organisation: matches
     * count their organisation, whose values are read at the end. */
    if (scr->org_cap < ix->n_orgs) {
        size_t cap = ix->n_orgs + ix->n_orgs / 4 + 64;
        uint32_t *c = calloc(cap, sizeof *c), *seen = malloc(cap * sizeof *seen);
        if (!c || !seen) {
            free(c);
            free(seen);
            return HK_ENOMEM;
        }
        free(scr->org_count);
        free(scr->org_seen);
        scr->org_count = c;
        scr->org_seen = seen;
        scr->org_cap = cap;
    }
    /* Codes: dense counters by number, folded into the tallies at the end
     * (and zeroed there for the next search: allocating them per search
     * was a twentieth of a search's time in malloc and free). */
    if (!scr->code_count && !(scr->code_count = calloc(10000 + 1000, sizeof *scr->code_count)))
        return HK_ENOMEM;
    uint32_t *hs_heading = scr->code_count, *isic_group = scr->code_count + 10000;
    /* Dense counters in the loop over matches (which may be a million
     * long); names are attached once at the end. */
    uint32_t by_country[26 * 26] = {0}, by_type[ORG__COUNT] = {0}, kind[KIND__COUNT] = {0};
    uint32_t direction[DIR__COUNT] = {0}, sme[2] = {0}, tier[TIER__COUNT] = {0};
    size_t n_seen = 0;
    for (size_t i = 0; i < n; i++) {
        /* Matches come in no particular order (an organisation's
         * listings): ask for the record 16 ahead while counting this one. */
        if (i + 16 < n)
            __builtin_prefetch(&ix->df[docs[i + 16]]);
        const idx_dfacet *f = &ix->df[docs[i]];
        if (scr->org_count[f->org]++ == 0)
            scr->org_seen[n_seen++] = f->org;
        kind[f->kind % KIND__COUNT]++;
        direction[f->direction % DIR__COUNT]++;
        if (!f->more) {
            for (int k = 0; k < IDX_DFACET_CODES; k++) {
                if (f->hs[k] != IDX_NO_CODE)
                    hs_heading[f->hs[k]]++;
                if (f->isic[k] != IDX_NO_CODE)
                    isic_group[f->isic[k]]++;
            }
            continue;
        }
        const idx_doc *d = &ix->docs[docs[i]];
        for (int k = 0; k < IDX_MAX_CODES && d->hs[k][0]; k++)
            hs_heading[digits(d->hs[k]) % 10000]++;
        for (int k = 0; k < IDX_MAX_CODES && d->isic[k][0]; k++)
            isic_group[digits(d->isic[k]) % 1000]++;
    }
    for (size_t i = 0; i < n_seen; i++) {
        if (i + 8 < n_seen)
            __builtin_prefetch(&ix->orgs[scr->org_seen[i + 8]]);
        uint32_t org = scr->org_seen[i], c = scr->org_count[org];
        const idx_org *o = &ix->orgs[org];
        unsigned c0 = (unsigned)(o->country[0] - 'A'), c1 = (unsigned)(o->country[1] - 'A');
        if (c0 < 26 && c1 < 26)
            by_country[c0 * 26 + c1] += c;
        by_type[o->type % ORG__COUNT] += c;
        sme[o->sme ? 1 : 0] += c;
        tier[o->tier % TIER__COUNT] += c;
        scr->org_count[org] = 0; /* zero again for the next search */
    }
    for (int c = 0; c < 26 * 26; c++)
        if (by_country[c]) {
            char iso[3] = {(char)('A' + c / 26), (char)('A' + c % 26), '\0'};
            tally_add_n(&t[IDX_F_COUNTRY], iso, by_country[c]);
        }
    for (int v = 0; v < ORG__COUNT; v++)
        if (by_type[v])
            tally_add_n(&t[IDX_F_ORG_TYPE], model_enum_name(ENUM_ORG_TYPE, v), by_type[v]);
    for (int v = 0; v < KIND__COUNT; v++)
        if (kind[v])
            tally_add_n(&t[IDX_F_KIND], model_enum_name(ENUM_KIND, v), kind[v]);
    for (int v = 0; v < DIR__COUNT; v++)
        if (direction[v])
            tally_add_n(&t[IDX_F_DIRECTION], model_enum_name(ENUM_DIRECTION, v), direction[v]);
    for (int v = 0; v < 2; v++)
        if (sme[v])
            tally_add_n(&t[IDX_F_SME], v ? "true" : "false", sme[v]);
    for (int v = 0; v < TIER__COUNT; v++)
        if (tier[v])
            tally_add_n(&t[IDX_F_TIER], model_enum_name(ENUM_TIER, v), tier[v]);
    /* Hierarchical code facets: headings/groups, their chapters/divisions
     * and sections, each value counted once per listing level. A listing
     * with two headings of one chapter counts twice at chapter level;
     * that overcount is accepted for speed (rare: most carry one code).
     * Chapters and sections are summed in dense counters too: a value's
     * level is its length (four or three digits, two digits, a section's
     * letters), so no two levels share a value, and one tally entry per
     * value is made at the end. (Adding every level to a tally searched
     * linearly made 1,300 values of a broad query cost a million string
     * compares, the most of its facet time.) */
    for (int s = 0; s < 2; s++) {
        tally *ty = &t[s == 0 ? IDX_F_HS : IDX_F_ISIC];
        uint32_t *c = s == 0 ? hs_heading : isic_group;
        int top = s == 0 ? 10000 : 1000, div = s == 0 ? 100 : 10;
        uint32_t chapter[100] = {0};
        for (int code = 0; code < top; code++)
            if (c[code])
                chapter[code / div] += c[code];
        counter sec[64] = {{{0}, 0}}; /* zeroed: cppcheck cannot see that only [0, n_sec) is read */
        size_t n_sec = 0;
        for (int code = 0; code < top; code++)
            if (c[code]) {
                tally_push(ty, code, s == 0 ? "%04d" : "%03d", c[code]);
                c[code] = 0;
            }
        for (int ch = 0; ch < 100; ch++) {
            if (!chapter[ch])
                continue;
            char p[3] = {(char)('0' + ch / 10), (char)('0' + ch % 10), 0}; /* ch is 0..99 */
            tally_push(ty, ch, "%02d", chapter[ch]);
            int32_t k = tax_find(ix->t, s == 0 ? TAX_HS : TAX_ISIC, p);
            int32_t si = k >= 0 ? tax_node_at(ix->t, k)->parent : -1;
            if (si < 0)
                continue;
            const char *code = tax_node_at(ix->t, si)->code;
            size_t j = 0;
            while (j < n_sec && strcmp(sec[j].value, code))
                j++;
            if (j == n_sec && n_sec < sizeof sec / sizeof *sec) {
                snprintf(sec[n_sec].value, sizeof sec[0].value, "%s", code);
                sec[n_sec++].count = 0;
            }
            if (j < n_sec)
                sec[j].count += chapter[ch];
        }
        for (size_t j = 0; j < n_sec; j++)
            tally_add_n(ty, sec[j].value, sec[j].count);
    }
    for (int f = 0; f < IDX_F__COUNT; f++) {
        size_t k = top_counters(t[f].v, t[f].n, FACET_TOP);
        out->facets[f] = malloc((k ? k : 1) * sizeof *out->facets[f]);
        if (!out->facets[f]) {
            for (int g = f; g < IDX_F__COUNT; g++)
                free(t[g].v);
            return HK_ENOMEM;
        }
        for (size_t i = 0; i < k; i++) {
            memcpy(out->facets[f][i].value, t[f].v[i].value, sizeof out->facets[f][i].value);
            out->facets[f][i].count = t[f].v[i].count;
        }
        out->n_facets[f] = k;
        free(t[f].v);
    }
    return 0;
}

void idx_facets_free(idx *ix)
{
    for (size_t i = 0; i < ix->bm_cap; i++)
        if (ix->bitmaps[i].key) {
            free(ix->bitmaps[i].key);
            roaring_bitmap_free(ix->bitmaps[i].bm);
        }
    free(ix->bitmaps);
}
