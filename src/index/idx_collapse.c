/*
 * idx_collapse.c - near-identical listings of one organisation as one
 * hit (idx_query.collapse). Two listings are near-identical when they
 * belong to the same organisation, go the same direction (offer or
 * request) and their original titles have the same words in the same
 * order after analysis (idx_title_key: case, punctuation, spacing and
 * inflection aside). A supplier that publishes the same product three
 * times, in three cities or with three quantities, then shows as one hit,
 * the best ranked of the three, "and 2 similar from this organisation".
 *
 * In ranking: the search keeps more candidates than hits in its heap
 * (idx_search.c), sorts them, and idx_collapse_order puts the best of
 * each group first; a group's rank is its best listing's, so the groups
 * found among the top candidates are exactly the top groups as long as
 * there are enough of them (else the search runs its selection again with
 * a larger heap). Pages and cursors count hits so made.
 *
 * idx_collapse_similar then counts, for the groups up to the page's end,
 * their other listings among all the search's matches: the candidates
 * are each group's organisation's listings with the same key (a few), and
 * one sequential pass over the matched documents looks each up in a small
 * table, so the cost is nothing when no group has another listing and one
 * pass over the matches when one has. `total` stays the number of
 * matching listings.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

/* The key of a document's group; a document without a display record
 * (out of memory when it was put) is a group of its own. */
typedef struct gkey {
    uint32_t org;
    uint32_t title;
    uint8_t direction;
    uint32_t doc;             /* tells apart documents without a record */
} gkey;

static gkey key_of(const idx *ix, uint32_t doc)
{
    const idx_doc *d = &ix->docs[doc];
    const idx_disp *r = ix->disp[doc];
    return (gkey){d->org, r ? r->title_key : 0, d->direction, r ? 0 : doc};
}

static bool key_eq(gkey a, gkey b)
{
    return a.org == b.org && a.title == b.title && a.direction == b.direction && a.doc == b.doc;
}

static uint32_t key_hash(gkey k)
{
    uint64_t h = (uint64_t)k.org * 0x9E3779B97F4A7C15ull ^ (uint64_t)k.title * 0xC2B2AE3D27D4EB4Full ^
                 ((uint64_t)k.direction << 32) ^ k.doc;
    return (uint32_t)(h ^ (h >> 29));
}

static size_t table_size(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

void idx_collapse_order(const idx *ix, idx_cand *c, size_t n, size_t *n_groups)
{
    *n_groups = n;
    if (n < 2)
        return;
    size_t cap = table_size(n);
    uint32_t *slot = malloc(cap * sizeof *slot); /* position of a group's best in c, + 1; 0 empty */
    if (!slot)
        return; /* out of memory: no collapse, every listing its own hit */
    memset(slot, 0, cap * sizeof *slot);
    size_t g = 0;
    for (size_t i = 0; i < n; i++) {
        gkey k = key_of(ix, c[i].doc);
        size_t at = key_hash(k) & (cap - 1);
        bool seen = false;
        for (; slot[at]; at = (at + 1) & (cap - 1))
            if (key_eq(key_of(ix, c[slot[at] - 1].doc), k)) {
                seen = true;
                break;
            }
        if (seen)
            continue;
        c[g] = c[i]; /* g <= i: a place already read */
        slot[at] = (uint32_t)g + 1;
        g++;
    }
    free(slot);
    *n_groups = g;
}

/* Keeps the IDX_SIMILAR_IDS smallest ids of a hit, ascending. */
static void add_id(idx_hit *h, int64_t id)
{
    size_t n = h->n_similar < IDX_SIMILAR_IDS ? h->n_similar : IDX_SIMILAR_IDS;
    h->n_similar++;
    if (n == IDX_SIMILAR_IDS && id > h->similar[n - 1])
        return;
    size_t i = n < IDX_SIMILAR_IDS ? n : n - 1;
    while (i > 0 && h->similar[i - 1] > id) {
        h->similar[i] = h->similar[i - 1];
        i--;
    }
    h->similar[i] = id;
}

void idx_collapse_similar(const idx *ix, const idx_cand *reps, size_t n_reps, size_t first, idx_hit *h,
                          const uint32_t *matched, size_t n_matched, size_t *consumed)
{
    *consumed = n_reps;
    /* The candidates: each group's organisation's other listings with its key. */
    size_t n_cand = 0;
    for (size_t r = 0; r < n_reps; r++) {
        gkey k = key_of(ix, reps[r].doc);
        if (k.doc)
            continue;
        const idx_org *o = &ix->orgs[k.org];
        for (size_t i = 0; i < o->n_docs; i++)
            n_cand += o->docs[i] != reps[r].doc && key_eq(key_of(ix, o->docs[i]), k);
    }
    if (!n_cand)
        return;
    size_t cap = table_size(n_cand);
    uint32_t *doc_of = malloc(cap * sizeof *doc_of);
    uint32_t *rep_of = malloc(cap * sizeof *rep_of);
    uint32_t *count = calloc(n_reps, sizeof *count);
    if (!doc_of || !rep_of || !count)
        goto done; /* out of memory: the hits say nothing of similar ones */
    memset(doc_of, 0xFF, cap * sizeof *doc_of);
    for (size_t r = 0; r < n_reps; r++) {
        gkey k = key_of(ix, reps[r].doc);
        if (k.doc)
            continue;
        const idx_org *o = &ix->orgs[k.org];
        for (size_t i = 0; i < o->n_docs; i++) {
            uint32_t doc = o->docs[i];
            if (doc == reps[r].doc || !key_eq(key_of(ix, doc), k))
                continue;
            size_t at = (doc * 2654435761u) & (cap - 1);
            while (doc_of[at] != UINT32_MAX)
                at = (at + 1) & (cap - 1);
            doc_of[at] = doc;
            rep_of[at] = (uint32_t)r;
        }
    }
    for (size_t i = 0; i < n_matched; i++) {
        uint32_t doc = matched[i];
        for (size_t at = (doc * 2654435761u) & (cap - 1); doc_of[at] != UINT32_MAX; at = (at + 1) & (cap - 1))
            if (doc_of[at] == doc) {
                uint32_t r = rep_of[at];
                count[r]++;
                if (r >= first)
                    add_id(&h[r - first], ix->docs[doc].listing_id);
                break;
            }
    }
    for (size_t r = 0; r < n_reps; r++)
        *consumed += count[r];
done:
    free(doc_of);
    free(rep_of);
    free(count);
}
