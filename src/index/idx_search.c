/*
 * idx_search.c - answering a query.
 *
 * 1. The query is analysed like a document. Each word becomes a slot (up
 *    to 31) with its variants: the exact stem ("w:"), its cross-script key
 *    ("x:"), for the last word the terms it is a prefix of (search as you
 *    type), and when the word is unknown its spellings one edit away (two
 *    from nine code points; none for Han). Han text is matched by its
 *    character bigrams.
 * 2. Postings are scored term at a time with BM25F over title, description
 *    and organisation names; a document keeps the best variant per slot.
 *    A strict query of several words is driven by the word reaching fewest
 *    listings: the others score only listings it touched (score_slots).
 * 3. The query is also classified (tax_classify): listings carrying its
 *    likeliest HS headings match through the codes, in any language, with
 *    a code score; a direct text match of the same code fit always ranks
 *    above them.
 * 4. A document matches when it has every slot (or, when none has, at
 *    least half) or matches through codes, passes the filters and is live.
 *    The final score adds freshness and verification; the top offset+limit
 *    are selected with a heap, not a full sort. Every match is counted
 *    (total and facets are exact), but one whose score cannot enter the
 *    full heap, even with the best freshness and tier, skips reading its
 *    row and organisation: at a million listings the time of a common
 *    word goes into such memory reads, not into arithmetic.
 */
#include "index/idx_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_huge.h"

#define MAX_SLOTS 31 /* bits of idx_acc.mask; its last says code match */
#define MAX_VARIANTS 64
#define PREFIX_EXPANSIONS 40
#define TYPO_EXPANSIONS 16
#define BM25_K1 1.2
#define BM25_B 0.75
#define CODE_WEIGHT 2.0
#define FRESH_WEIGHT 0.3
#define TIER_WEIGHT 0.2
#define TERM_MAX 256
#define PREFETCH_AHEAD 16 /* postings between asking for a listing's memory and reading it */
#define MIN_CODE_SCORE 3.0     /* below it a query says too little about codes */

static const double field_weight[IDX_FIELDS] = {3.0, 1.0, 2.0};

const char *idx_facet_name(idx_facet f)
{
    static const char *const names[IDX_F__COUNT] = {"country", "org_type", "kind", "direction",
                                                    "hs", "isic", "sme", "tier"};
    return f < IDX_F__COUNT ? names[f] : NULL;
}

int idx_facet_parse(const char *name)
{
    for (int f = 0; f < IDX_F__COUNT; f++)
        if (!strcmp(name, idx_facet_name((idx_facet)f)))
            return f;
    return -1;
}

void idx_result_free(idx_result *r)
{
    free(r->hits);
    for (int f = 0; f < IDX_F__COUNT; f++)
        free(r->facets[f]);
    for (size_t i = 0; i < r->n_inferred_hs; i++)
        free(r->inferred_hs[i]);
    free(r->inferred_hs);
    memset(r, 0, sizeof *r);
}

/* ---- scratch ---- */

/* Forgets every entry of s, as a fresh scratch: clears the seen bits of
 * the documents the last search touched, or the whole bitset when that
 * is fewer writes. */
static void scratch_restart(idx_scratch *s)
{
    size_t words = s->cap / 64 + 1;
    if (s->n_touched > words)
        memset(s->seen, 0, words * sizeof *s->seen);
    else
        for (size_t i = 0; i < s->n_touched; i++)
            s->seen[s->touched[i] >> 6] = 0;
    s->n_touched = 0;
}

/* Frees the arrays sized to the documents (not s). */
static void scratch_free_arrays(idx_scratch *s)
{
    free(s->acc); free(s->seen); free(s->code); free(s->touched); free(s->matched); free(s->fbits);
}

void idx_scratch_free(idx_scratch *s)
{
    scratch_free_arrays(s);
    free(s->code_count);
    free(s->org_count);
    free(s->org_seen);
    free(s->org_w);
    free(s->slots);
    free(s->phrase);
    free(s->heap);
    free(s);
}

idx_scratch *idx_scratch_get(idx *ix)
{
    pthread_mutex_lock(&ix->pool_lock);
    idx_scratch *s = ix->pool;
    if (s)
        ix->pool = s->next;
    pthread_mutex_unlock(&ix->pool_lock);
    if (!s && !(s = calloc(1, sizeof *s)))
        return NULL;
    if (s->cap < ix->n_docs) {
        size_t cap = ix->n_docs + ix->n_docs / 4 + 1024;
        scratch_free_arrays(s);
        /* Read at random, a document at a time: on huge pages. */
        s->acc = hk_huge_calloc(cap, sizeof *s->acc);
        s->seen = calloc(cap / 64 + 1, sizeof *s->seen);
        s->code = hk_huge_calloc(cap, sizeof *s->code);
        s->touched = hk_huge_calloc(cap, sizeof *s->touched);
        s->matched = hk_huge_calloc(cap, sizeof *s->matched);
        s->fbits = hk_huge_calloc(cap / 64 + 1, sizeof *s->fbits);
        s->cap = cap;
        s->n_touched = 0;
        if (!s->acc || !s->seen || !s->code || !s->touched || !s->matched || !s->fbits) {
            scratch_free_arrays(s);
            free(s);
            return NULL;
        }
    }
    scratch_restart(s);
    return s;
}

void idx_scratch_put(idx *ix, idx_scratch *s)
{
    pthread_mutex_lock(&ix->pool_lock);
    s->next = ix->pool;
    ix->pool = s;
    pthread_mutex_unlock(&ix->pool_lock);
}

static inline void touch(idx_scratch *s, uint32_t doc)
{
    uint64_t *w = &s->seen[doc >> 6], bit = 1ull << (doc & 63);
    if (!(*w & bit)) {
        *w |= bit;
        s->acc[doc] = (idx_acc){0, 0};
        s->touched[s->n_touched++] = doc;
    }
}

/* The query slots an entry has, its code bit left out. */
static inline int slots_of(idx_acc a)
{
    return __builtin_popcount(a.mask & ~IDX_ACC_CODE);
}

/* The code-match score of doc, whose entry is a; 0 when it has none. */
static inline float code_of(const idx_scratch *s, idx_acc a, uint32_t doc)
{
    return a.mask & IDX_ACC_CODE ? s->code[doc] : 0;
}

/* Adds to doc's entry the BM25 part of slot bit, tf its weighted term
 * frequency (one saturation per slot, whatever fields it came from). */
static inline void credit(idx_scratch *s, uint32_t doc, uint32_t bit, double scale, double tf)
{
    s->acc[doc].score += (float)(scale * tf / (tf + BM25_K1));
    s->acc[doc].mask |= bit;
}

/* ---- query slots ---- */

typedef struct variant {
    int32_t term;
    float weight;
} variant;

typedef struct slot {
    variant v[MAX_VARIANTS];
    int n;
    uint32_t qpos;            /* analyser position in the query */
    bool in_phrase;
} slot;

static void add_variant(slot *s, int32_t term, float w)
{
    if (term < 0 || s->n == MAX_VARIANTS)
        return;
    for (int i = 0; i < s->n; i++)
        if (s->v[i].term == term) {
            if (w > s->v[i].weight)
                s->v[i].weight = w;
            return;
        }
    s->v[s->n++] = (variant){term, w};
}

/* First index in ix->sorted whose term is >= key. */
static size_t lower_bound(const idx *ix, const char *key)
{
    size_t lo = 0, hi = ix->n_sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(ix->terms[ix->sorted[mid]].text, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void add_prefix(const idx *ix, slot *s, const char *ns, const char *prefix, float w)
{
    char key[TERM_MAX];
    int n = snprintf(key, sizeof key, "%s%s", ns, prefix);
    if (n <= 3 || n >= (int)sizeof key)
        return; /* one letter expands to half the dictionary: not useful */
    int added = 0;
    for (size_t i = lower_bound(ix, key); i < ix->n_sorted && added < PREFIX_EXPANSIONS; i++) {
        const char *t = ix->terms[ix->sorted[i]].text;
        if (strncmp(t, key, (size_t)n) != 0)
            break;
        add_variant(s, (int32_t)ix->sorted[i], w);
        added++;
    }
    for (size_t id = ix->n_sorted; id < ix->n_terms && added < PREFIX_EXPANSIONS; id++)
        if (!strncmp(ix->terms[id].text, key, (size_t)n)) {
            add_variant(s, (int32_t)id, w);
            added++;
        }
}

/* Adds term id when it is within max edits of word (after its "x:"). */
static bool typo_candidate(const idx *ix, slot *s, uint32_t id, const char *word, size_t wl, int max, float w)
{
    const char *t = ix->terms[id].text + 2;
    size_t tl = strlen(t);
    if (tl + 4 * (size_t)max < wl || wl + 4 * (size_t)max < tl)
        return false; /* byte lengths too far apart for max code-point edits */
    if (text_edit_distance(t, word, max) > max)
        return false;
    add_variant(s, (int32_t)id, w);
    return true;
}

/* Terms of namespace ns within max edits of word, sharing its first
 * letter (which keeps the scan to one slice of the sorted dictionary,
 * plus the unsorted tail). */
static void add_typos(const idx *ix, slot *s, const char *ns, const char *word, int max, float w)
{
    char key[TERM_MAX];
    int first = 1;
    unsigned char c = (unsigned char)word[0];
    if (c >= 0xF0) first = 4; else if (c >= 0xE0) first = 3; else if (c >= 0xC0) first = 2;
    int n = snprintf(key, sizeof key, "%s%.*s", ns, first, word);
    if (n >= (int)sizeof key)
        return;
    int added = 0;
    size_t wl = strlen(word);
    for (size_t i = lower_bound(ix, key); i < ix->n_sorted && added < TYPO_EXPANSIONS; i++) {
        uint32_t id = ix->sorted[i];
        if (strncmp(ix->terms[id].text, key, (size_t)n) != 0)
            break;
        added += typo_candidate(ix, s, id, word, wl, max, w);
    }
    for (size_t id = ix->n_sorted; id < ix->n_terms && added < TYPO_EXPANSIONS; id++)
        if (!strncmp(ix->terms[id].text, key, (size_t)n))
            added += typo_candidate(ix, s, (uint32_t)id, word, wl, max, w);
}

/* Builds the slots of the query. Returns the slot count. */
static int build_slots(idx *ix, const char *text, const text_tokens *toks, bool prefix_last, slot *slots)
{
    /* Phrases: the parts of the query between double quotes. */
    size_t len = strlen(text);
    int n = 0;
    char key[TERM_MAX];
    for (size_t i = 0; i < toks->n && n < MAX_SLOTS; i++) {
        const text_token *tk = &toks->v[i];
        bool han = tk->script == TEXT_SCRIPT_HAN;
        if (han && tk->kind == TEXT_TOK_WORD && tk->cps >= 2) {
            /* A Han word is matched through the bigrams cut from it, which
             * also find it inside longer words; only a word without them
             * (should the analyser not cut any) is looked up itself. */
            bool has_bigram = false;
            for (size_t j = 0; j < toks->n && !has_bigram; j++)
                has_bigram = toks->v[j].kind == TEXT_TOK_BIGRAM && toks->v[j].start >= tk->start &&
                             toks->v[j].end <= tk->end;
            if (has_bigram)
                continue;
        }
        slot *s = &slots[n];
        memset(s, 0, sizeof *s);
        s->qpos = tk->pos;
        size_t quotes = 0;
        for (size_t b = 0; b < tk->start; b++)
            quotes += text[b] == '"';
        s->in_phrase = quotes % 2 == 1;
        if (tk->kind == TEXT_TOK_BIGRAM) {
            snprintf(key, sizeof key, "b:%s", tk->norm);
            add_variant(s, idx_term_find(ix, key), 1.0f);
        } else {
            snprintf(key, sizeof key, "w:%s", tk->stem);
            int32_t exact = idx_term_find(ix, key);
            add_variant(s, exact, 1.0f);
            const char *xk = tk->xkey ? tk->xkey : tk->norm;
            snprintf(key, sizeof key, "x:%s", xk);
            int32_t cross = idx_term_find(ix, key);
            add_variant(s, cross, 0.9f);
            if (tk->xkey) {
                /* Plain ASCII words are indexed without a key: meet them
                 * as words ("Тошкент" -> toshkent). */
                snprintf(key, sizeof key, "w:%s", tk->xkey);
                int32_t latin = idx_term_find(ix, key);
                add_variant(s, latin, 0.9f);
                if (cross < 0)
                    cross = latin;
            }
            bool last = i + 1 == toks->n && tk->end == len;
            if (last && prefix_last && !han) {
                /* The stem of a half-typed word may be cut short or not at
                 * all; the shorter of stem and word is the safer prefix. */
                const char *pre = strlen(tk->stem) < strlen(tk->norm) ? tk->stem : tk->norm;
                add_prefix(ix, s, "w:", pre, 0.8f);
                add_prefix(ix, s, "x:", xk, 0.7f);
            }
            int max = han ? 0 : tk->cps >= 9 ? 2 : tk->cps >= 5 ? 1 : 0;
            if (max && exact < 0 && cross < 0) {
                add_typos(ix, s, "w:", tk->stem, max, 0.6f);
                add_typos(ix, s, "x:", xk, max, 0.5f);
            }
        }
        n++;
    }
    return n;
}

/* ---- scoring ---- */

/* Room in s for a weight per organisation. */
static int org_weights_ready(const idx *ix, idx_scratch *s)
{
    if (s->org_w_cap >= ix->n_orgs)
        return 0;
    size_t cap = ix->n_orgs + ix->n_orgs / 4 + 256;
    float *w = calloc(cap, sizeof *w);
    if (!w)
        return HK_ENOMEM;
    free(s->org_w);
    s->org_w = w;
    s->org_w_cap = cap;
    return 0;
}

/* The BM25 term frequency of a posting's title and description. */
static inline double doc_tf(const idx_posting *po, const idx_dnorm *d, const double *avg)
{
    double tf = 0;
    for (int f = 0; f < IDX_DOC_FIELDS; f++)
        if (po->tf[f])
            tf += field_weight[f] * po->tf[f] / (1 - BM25_B + BM25_B * d->len[f] / avg[f]);
    return tf;
}

/* score_term's organisation part when only touched listings count and
 * they are fewer than the listings of the organisations whose names have
 * t ("steel" is in the names of thousands): each touched listing without
 * the slot looks up its organisation's weight (s->org_w, nonzero for
 * those organisations only) instead of every such organisation's listings
 * being walked, two cache misses per organisation. The same listings get
 * the same score. Zeroes the weights after. */
static void score_touched_by_names(idx *ix, const idx_term *t, double scale, uint32_t bit, idx_scratch *s)
{
    for (size_t i = 0; i < s->n_touched; i++) {
        if (i + PREFETCH_AHEAD < s->n_touched) {
            uint32_t ahead = s->touched[i + PREFETCH_AHEAD];
            __builtin_prefetch(&s->acc[ahead]);
            __builtin_prefetch(&ix->dn[ahead]);
        }
        uint32_t doc = s->touched[i];
        if (s->acc[doc].mask & bit)
            continue; /* scored with its postings, or by a better variant */
        const idx_dnorm *d = &ix->dn[doc];
        double tf = s->org_w[d->org];
        if (tf == 0 || d->dead)
            continue;
        credit(s, doc, bit, scale, tf);
    }
    for (uint32_t i = 0; i < t->n_orgs; i++)
        s->org_w[t->orgs[i].org] = 0;
}

/* Scores one variant (term t, weight w) of slot bit: its postings, and the
 * listings of the organisations whose names have it. A listing with the
 * term in both gets one BM25 saturation over the sum of its fields. With
 * only_touched, listings this search has not touched yet are passed over
 * (see score_slots). */
static void score_term(idx *ix, const idx_term *t, float w, uint32_t bit, const double *avg, double N,
                       bool orgs_ok, bool only_touched, idx_scratch *s)
{
    bool with_orgs = orgs_ok && t->n_orgs;
    double df = t->n, org_docs = 0;
    if (with_orgs)
        for (uint32_t i = 0; i < t->n_orgs; i++) {
            const idx_term_org *to = &t->orgs[i];
            if (i + PREFETCH_AHEAD < t->n_orgs)
                __builtin_prefetch(&ix->orgs[t->orgs[i + PREFETCH_AHEAD].org]);
            const idx_org *o = &ix->orgs[to->org];
            org_docs += (double)o->n_docs;
            s->org_w[to->org] = (float)(field_weight[IDX_FIELD_ORG] * to->tf /
                                        (1 - BM25_B + BM25_B * o->name_len / avg[IDX_FIELD_ORG]));
        }
    df += org_docs;
    double idf = log(1.0 + (N - df + 0.5) / (df + 0.5));
    if (idf < 0.05)
        idf = 0.05;
    double scale = w * idf * (BM25_K1 + 1);
    /* A term's postings are few per cache line of the listings' records
     * and scratch entries, so each is a cache miss unless asked for ahead
     * (they were half of the time of a one-word query at 1M listings).
     * The names' weight of a listing's organisation is asked for in a
     * second step, once its record has come. */
    for (uint32_t p = 0; p < t->n; p++) {
        const idx_posting *po = &t->v[p];
        if (p + PREFETCH_AHEAD < t->n) {
            uint32_t ahead = t->v[p + PREFETCH_AHEAD].doc;
            if (!only_touched || idx_scratch_has(s, ahead)) {
                __builtin_prefetch(&ix->dn[ahead]);
                __builtin_prefetch(&s->acc[ahead]);
            }
        }
        if (with_orgs && p + PREFETCH_AHEAD / 2 < t->n) {
            uint32_t ahead = t->v[p + PREFETCH_AHEAD / 2].doc;
            if (!only_touched || idx_scratch_has(s, ahead))
                __builtin_prefetch(&s->org_w[ix->dn[ahead].org]);
        }
        if (only_touched && !idx_scratch_has(s, po->doc))
            continue;
        const idx_dnorm *d = &ix->dn[po->doc];
        if (d->dead)
            continue;
        touch(s, po->doc);
        if (s->acc[po->doc].mask & bit)
            continue;
        double tf = doc_tf(po, d, avg);
        if (with_orgs)
            tf += s->org_w[d->org];
        credit(s, po->doc, bit, scale, tf);
    }
    if (!with_orgs)
        return;
    if (only_touched && (double)s->n_touched < org_docs) {
        score_touched_by_names(ix, t, scale, bit, s);
        return;
    }
    for (uint32_t i = 0; i < t->n_orgs; i++) {
        uint32_t org = t->orgs[i].org;
        const idx_org *o = &ix->orgs[org];
        double tf = s->org_w[org];
        s->org_w[org] = 0; /* zero again for the next term */
        /* Organisations come in no order: their records are asked for
         * (above), then their lists of listings, then those listings'
         * scratch entries, each a few organisations ahead of its use. */
        if (i + PREFETCH_AHEAD / 4 < t->n_orgs)
            __builtin_prefetch(ix->orgs[t->orgs[i + PREFETCH_AHEAD / 4].org].docs);
        if (i + 1 < t->n_orgs) {
            const idx_org *next = &ix->orgs[t->orgs[i + 1].org];
            for (size_t k = 0; k < next->n_docs && k < 8; k++)
                if (!only_touched || idx_scratch_has(s, next->docs[k]))
                    __builtin_prefetch(&s->acc[next->docs[k]]);
        }
        for (size_t k = 0; k < o->n_docs; k++) {
            uint32_t doc = o->docs[k];
            if (k + 8 < o->n_docs)
                __builtin_prefetch(&s->acc[o->docs[k + 8]]);
            if (only_touched && !idx_scratch_has(s, doc))
                continue;
            touch(s, doc);
            if (s->acc[doc].mask & bit)
                continue; /* scored above with its postings, or by a better variant */
            credit(s, doc, bit, scale, tf);
        }
    }
}

/* Touches the live listings that have a variant of slot sl (postings and
 * organisations' names), scoring nothing. */
static void touch_slot(idx *ix, const slot *sl, idx_scratch *s)
{
    for (int vi = 0; vi < sl->n; vi++) {
        const idx_term *t = &ix->terms[sl->v[vi].term];
        for (uint32_t p = 0; p < t->n; p++)
            if (idx_is_live(ix, t->v[p].doc)) /* a bitset in cache: no record read */
                touch(s, t->v[p].doc);
        for (uint32_t i = 0; i < t->n_orgs; i++) {
            const idx_org *o = &ix->orgs[t->orgs[i].org];
            for (size_t k = 0; k < o->n_docs; k++)
                touch(s, o->docs[k]);
        }
    }
}

/* The listings a slot can reach, roughly: its variants' postings and the
 * organisations' listings (counted at the average per organisation). */
static double slot_cost(const idx *ix, const slot *sl)
{
    double per_org = ix->n_orgs ? (double)ix->n_docs / (double)ix->n_orgs : 1.0, c = 0;
    for (int vi = 0; vi < sl->n; vi++) {
        const idx_term *t = &ix->terms[sl->v[vi].term];
        c += t->n + t->n_orgs * per_org;
    }
    return c;
}

/* Scores the slots term at a time. With driver >= 0 (a strict search of
 * several slots: a match must have every slot), the listings of slot
 * `driver` (the one reaching fewest) are touched first and every other
 * slot scores only listings already touched (those and the code matches
 * touched before): a listing without the driver's slot cannot match, so
 * neither its scratch entry nor its place in the touched list is made.
 * The slots are still scored in their order, so a listing's score is
 * the same sum, added in the same order, as with no driver. */
static void score_slots(idx *ix, slot *slots, int n_slots, int driver, idx_scratch *s)
{
    double N = ix->n_live ? (double)ix->n_live : 1.0;
    double avg[IDX_FIELDS];
    for (int f = 0; f < IDX_DOC_FIELDS; f++)
        avg[f] = ix->n_live && ix->field_len_sum[f] ? (double)ix->field_len_sum[f] / N : 1.0;
    avg[IDX_FIELD_ORG] = ix->n_orgs && ix->field_len_sum[IDX_FIELD_ORG]
                             ? (double)ix->field_len_sum[IDX_FIELD_ORG] / (double)ix->n_orgs
                             : 1.0;
    /* Without room for the organisations' weights (out of memory), names
     * are not searched; the rest of the query still is. */
    bool orgs_ok = org_weights_ready(ix, s) == 0;
    if (driver >= 0)
        touch_slot(ix, &slots[driver], s);
    for (int k = 0; k < n_slots; k++) {
        slot *sl = &slots[k];
        /* Best variants first, so a document's first hit for a slot is its best. */
        for (int a = 1; a < sl->n; a++)
            for (int b = a; b > 0 && sl->v[b].weight > sl->v[b - 1].weight; b--) {
                variant t = sl->v[b];
                sl->v[b] = sl->v[b - 1];
                sl->v[b - 1] = t;
            }
        bool only_touched = driver >= 0 && k != driver;
        for (int vi = 0; vi < sl->n; vi++)
            score_term(ix, &ix->terms[sl->v[vi].term], sl->v[vi].weight, 1u << k, avg, N, orgs_ok, only_touched,
                       s);
    }
}

/* True when doc has the phrase slots at the same relative positions as
 * in the query (any variant of each slot). */
static bool phrase_matches_plain(const idx *ix, const slot *slots, int n_slots, uint32_t doc)
{
    int first = -1;
    for (int k = 0; k < n_slots; k++)
        if (slots[k].in_phrase) {
            first = k;
            break;
        }
    if (first < 0)
        return true;
    uint32_t start[256];
    size_t n_start = 0;
    for (int v = 0; v < slots[first].n && n_start < 256; v++)
        n_start += idx_term_positions(ix, slots[first].v[v].term, doc, start + n_start, 256 - n_start);
    for (size_t si = 0; si < n_start; si++) {
        bool all = true;
        for (int k = first + 1; k < n_slots && all; k++) {
            if (!slots[k].in_phrase)
                continue;
            uint32_t want = start[si] + (slots[k].qpos - slots[first].qpos);
            bool found = false;
            for (int v = 0; v < slots[k].n && !found; v++) {
                uint32_t pos[510];
                size_t np = idx_term_positions(ix, slots[k].v[v].term, doc, pos, 510);
                for (size_t j = 0; j < np && !found; j++)
                    found = pos[j] == want;
            }
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

/* What the phrase checks of one search keep: a cursor per slot and
 * variant (the listings come mostly in ascending order), and room for one
 * slot's positions. */
#define PHRASE_POS_MAX 2048
typedef struct phrase_ctx {
    idx_pos_cursor cur[MAX_SLOTS][MAX_VARIANTS];
    uint32_t pos[PHRASE_POS_MAX + 510];
    bool names; /* every phrase word is in some organisation's names */
} phrase_ctx;

/* Whether a phrase of slots can be in an organisation's names: only when
 * each of its words is in some names. When one is not (no name has
 * "pipes"), the phrase checks leave the names' positions unread: "steel"
 * is in thousands of names, and reading them was most of the checks' time. */
static bool phrase_in_names(const idx *ix, const slot *slots, int n_slots)
{
    for (int k = 0; k < n_slots; k++) {
        bool any = !slots[k].in_phrase;
        for (int v = 0; v < slots[k].n && !any; v++)
            any = ix->terms[slots[k].v[v].term].n_orgs > 0;
        if (!any)
            return false;
    }
    return true;
}

/* phrase_matches_plain's answer, through pc's cursors; each slot's
 * positions are read once per listing, not once per start of the phrase
 * ("steel pipes" at a million listings: tens of thousands of listings
 * with both words, each read three times by a binary search and a skip
 * from its block's start). */
static bool phrase_matches(const idx *ix, const slot *slots, int n_slots, uint32_t doc, phrase_ctx *pc)
{
    if (!pc)
        return phrase_matches_plain(ix, slots, n_slots, doc);
    int first = -1;
    for (int k = 0; k < n_slots; k++)
        if (slots[k].in_phrase) {
            first = k;
            break;
        }
    if (first < 0)
        return true;
    uint32_t start[256];
    size_t n_start = 0;
    for (int v = 0; v < slots[first].n && n_start < 256; v++)
        n_start += idx_term_positions_from(ix, slots[first].v[v].term, &pc->cur[first][v], doc, pc->names,
                                           start + n_start,
                                           256 - n_start);
    if (!n_start)
        return false;
    /* Each later slot rules out the starts it lacks. */
    bool ok[256];
    for (size_t si = 0; si < n_start; si++)
        ok[si] = true;
    for (int k = first + 1; k < n_slots; k++) {
        if (!slots[k].in_phrase)
            continue;
        size_t np = 0;
        for (int v = 0; v < slots[k].n; v++) {
            if (np > PHRASE_POS_MAX)
                return phrase_matches_plain(ix, slots, n_slots, doc);
            np += idx_term_positions_from(ix, slots[k].v[v].term, &pc->cur[k][v], doc, pc->names, pc->pos + np,
                                          510);
        }
        bool any = false;
        for (size_t si = 0; si < n_start; si++) {
            if (!ok[si])
                continue;
            uint32_t want = start[si] + (slots[k].qpos - slots[first].qpos);
            bool found = false;
            for (size_t j = 0; j < np && !found; j++)
                found = pc->pos[j] == want;
            ok[si] = found;
            any |= found;
        }
        if (!any)
            return false;
    }
    return true;
}

/* Gives the listings of the query's likeliest headings (r) a code score;
 * with only_touched, only the listings this search has touched already.
 * With record, names the headings in out->inferred_hs. */
static int score_codes(idx *ix, const tax_result *r, idx_scratch *s, const roaring_bitmap_t *filter,
                       bool only_touched, bool record, idx_result *out, hk_err *err)
{
    double top = r->n_hs ? r->hs[0].score : 0;
    if (record) {
        out->inferred_hs = calloc(r->n_hs ? r->n_hs : 1, sizeof *out->inferred_hs);
        if (!out->inferred_hs)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < r->n_hs && top >= MIN_CODE_SCORE; i++) {
        if (r->hs[i].score < 0.5 * top)
            break;
        const char *code = tax_node_at(ix->t, r->hs[i].node)->code;
        if (record)
            out->inferred_hs[out->n_inferred_hs++] = strdup(code);
        char key[16];
        snprintf(key, sizeof key, "hs:%s", code);
        roaring_bitmap_t *bm = idx_bitmap_get(ix, key);
        if (!bm)
            continue;
        float w = (float)(r->hs[i].score / top);
        /* The heading's live listings passing the filter, by intersecting
         * the bitmaps (a membership test per listing of a heading of
         * 20,000 was a few milliseconds). */
        roaring_bitmap_t *m = roaring_bitmap_and(bm, ix->live);
        if (m && filter)
            roaring_bitmap_and_inplace(m, filter);
        if (!m)
            continue;
        roaring_uint32_iterator_t *it = roaring_create_iterator(m);
        for (; it->has_value; roaring_advance_uint32_iterator(it)) {
            uint32_t doc = it->current_value;
            if (only_touched && !idx_scratch_has(s, doc))
                continue;
            touch(s, doc);
            idx_acc *a = &s->acc[doc];
            if (!(a->mask & IDX_ACC_CODE)) {
                a->mask |= IDX_ACC_CODE;
                s->code[doc] = w;
            } else if (s->code[doc] < w) {
                s->code[doc] = w;
            }
        }
        roaring_free_uint32_iterator(it);
        roaring_bitmap_free(m);
    }
    return 0;
}

/* roaring_iterate's callback: sets bit v of the bitset. */
static bool set_bit(uint32_t v, void *bits)
{
    ((uint64_t *)bits)[v >> 6] |= 1ull << (v & 63);
    return true;
}

typedef idx_cand cand;

/* The order of results: higher score first, then newer document (the
 * heap and the final sort must agree, or equal scores page unstably). */
static bool cand_worse(cand a, cand b)
{
    return a.score < b.score || (a.score == b.score && a.doc < b.doc);
}

/* Min-heap (worst at the top) keeps the best k. */
static void heap_push(cand *h, size_t *n, size_t k, cand c)
{
    if (*n < k) {
        size_t i = (*n)++;
        h[i] = c;
        while (i && cand_worse(h[i], h[(i - 1) / 2])) {
            cand t = h[i]; h[i] = h[(i - 1) / 2]; h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
        return;
    }
    if (!cand_worse(h[0], c))
        return;
    h[0] = c;
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && cand_worse(h[l], h[m])) m = l;
        if (r < *n && cand_worse(h[r], h[m])) m = r;
        if (m == i) break;
        cand t = h[i]; h[i] = h[m]; h[m] = t;
        i = m;
    }
}

static int cmp_cand_desc(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->doc < y->doc ? 1 : -1; /* newer first on ties */
}

static double freshness(const idx *ix, const idx_doc *d)
{
    double age = ix->today - d->updated_day;
    return exp(-(age > 0 ? age : 0) / 180.0);
}

int idx_score_text(idx *ix, const char *text, const char *lang, idx_scratch **out, hk_err *err)
{
    *out = NULL;
    slot *slots = malloc(MAX_SLOTS * sizeof *slots);
    idx_scratch *s = idx_scratch_get(ix);
    text_tokens toks;
    text_tokens_init(&toks);
    int rc = 0;
    if (!slots || !s)
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    if (!rc)
        rc = idx_query_analyse(ix, text, lang, &toks, err);
    if (!rc)
        score_slots(ix, slots, build_slots(ix, text, &toks, false, slots), -1, s);
    text_tokens_free(&toks);
    free(slots);
    if (rc) {
        if (s)
            idx_scratch_put(ix, s);
        return rc;
    }
    *out = s;
    return 0;
}

int idx_search(idx *ix, const idx_query *q, idx_result *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    size_t limit = q->limit ? q->limit : 20;
    if (limit > 100)
        return hk_err_set(err, HK_EINVAL, "limit", "must be between 1 and 100");
    const char *text = q->text ? q->text : "";
    if (strlen(text) > 1000)
        return hk_err_set(err, HK_ETOOBIG, "q", "a query is at most 1000 bytes");
    int32_t deadline_after = q->deadline_after ? idx_day_of(q->deadline_after) : INT32_MIN;

    idx_refresh_day(ix); /* expiry is judged against today */
    /* The query's words and likeliest headings, before taking the lock:
     * its analysis may come from the caller, who shares it with the
     * highlights (idx_marker_of). */
    text_tokens own;
    text_tokens_init(&own);
    const text_tokens *toks = q->toks;
    tax_result codes = {0};
    int rc = 0;
    if (text[0] && !toks) {
        rc = idx_query_analyse(ix, text, q->lang, &own, err);
        toks = &own;
    }
    if (!rc && text[0])
        rc = tax_classify_tokens(ix->t, toks, 3, &codes, err);
    if (rc) {
        text_tokens_free(&own);
        tax_result_free(&codes);
        return rc;
    }
    pthread_rwlock_rdlock(&ix->lock);
    idx_scratch *s = idx_scratch_get(ix);
    roaring_bitmap_t *filter = idx_filter_bitmap(ix, q, err);
    uint64_t *fbits = NULL; /* filter as a bitset, when made (s->fbits) */
    phrase_ctx *pc = NULL;  /* phrase checks' cursors, when a phrase is asked */
    cand *heap = NULL;      /* s->heap */
    if (s && !s->slots)
        s->slots = malloc(MAX_SLOTS * sizeof(slot));
    if (!s || !s->slots) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    slot *slots = s->slots;
    bool prefix_last = text[0] && text[strlen(text) - 1] != ' ' && text[strlen(text) - 1] != '"';
    int n_slots = text[0] ? build_slots(ix, text, toks, prefix_last, slots) : 0;
    bool has_phrase = false, all_phrase = n_slots > 0;
    for (int k = 0; k < n_slots; k++) {
        has_phrase |= slots[k].in_phrase;
        all_phrase &= slots[k].in_phrase;
    }
    /* Code matches are touched first, so that a driven search (see
     * score_slots) gives them the masks of the slots they have. A phrase
     * asks for words, so with one the codes only rank the listings the
     * words reach: they are scored after the words, and only there (the
     * headings of "die castings" hold thousands of listings without the
     * phrase). */
    if (n_slots && !has_phrase)
        rc = score_codes(ix, &codes, s, filter, false, true, out, err);
    if (rc)
        goto done;
    int driver = -1;
    double driver_cost = 0;
    for (int k = 0; k < n_slots && n_slots >= 2; k++) {
        double c = slot_cost(ix, &slots[k]);
        if (driver < 0 || c < driver_cost) {
            driver = k;
            driver_cost = c;
        }
    }
    score_slots(ix, slots, n_slots, driver, s);
    if (has_phrase)
        rc = score_codes(ix, &codes, s, filter, true, true, out, err);
    if (rc)
        goto done;

    uint32_t all = (1u << n_slots) - 1;
    if (has_phrase && !s->phrase)
        s->phrase = malloc(sizeof *pc);
    if (has_phrase && s->phrase) { /* without it, phrases are checked the plain way */
        pc = s->phrase;
        for (int k = 0; k < n_slots; k++) /* cursors at their start */
            memset(pc->cur[k], 0, sizeof pc->cur[k]);
        pc->names = phrase_in_names(ix, slots, n_slots);
    }
    /* With no text, every live listing passing the filters matches. */
    if (!text[0] || !n_slots) {
        roaring_bitmap_t *base = filter ? roaring_bitmap_and(ix->live, filter) : roaring_bitmap_copy(ix->live);
        roaring_uint32_iterator_t *it = roaring_create_iterator(base);
        for (; it->has_value; roaring_advance_uint32_iterator(it))
            touch(s, it->current_value);
        roaring_free_uint32_iterator(it);
        roaring_bitmap_free(base);
    }
    /* Strict pass (every slot) first; if it finds nothing, half the slots. */
    size_t k = q->offset + limit, k_hits = k;
    /* With collapse, near-identical listings share a hit: the heap keeps
     * more listings than hits, and more again when they made too few. */
    if (q->collapse)
        k = 2 * k + 16;
    uint32_t *matched = s->matched;
    /* Freshness is at most 1 and the tier at most TIER__COUNT - 1, so
     * text + code + this bounds a document's final score. */
    const double extra_max = FRESH_WEIGHT * 1.0 + TIER_WEIGHT * (TIER__COUNT - 1) / 2.0;
    size_t n_heap, n_matched, n_rows;
select:
    if (s->heap_cap < k) {
        cand *grown = realloc(s->heap, k * sizeof *grown);
        if (grown) {
            s->heap = grown;
            s->heap_cap = k;
        }
    }
    heap = s->heap_cap >= k ? s->heap : NULL;
    if (!heap) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    n_heap = n_matched = 0;
    /* Half the slots of one is the one, and a listing with half the words
     * of a phrase does not have it: a second pass would find nothing new. */
    int passes = n_slots >= 2 && !all_phrase ? 2 : 1;
    for (int pass = 0; pass < passes && n_matched == 0; pass++) {
        n_heap = 0;
        if (pass == 1 && driver >= 0) {
            /* Half the slots now: the driven scoring left out listings
             * without the driver's slot, so score again without one. */
            scratch_restart(s);
            if (!has_phrase)
                score_codes(ix, &codes, s, filter, false, false, out, err);
            score_slots(ix, slots, n_slots, -1, s);
            if (has_phrase)
                score_codes(ix, &codes, s, filter, true, false, out, err);
        }
        /* The filter as a plain bitset when there are many listings to
         * test: making it costs about as much as 1 test in 10 of its
         * members. */
        if (filter && !fbits && s->n_touched > 1024 &&
            s->n_touched * 10 > roaring_bitmap_get_cardinality(filter)) {
            fbits = s->fbits; /* all 0: cleared after each use */
            roaring_iterate(filter, set_bit, fbits);
        }
        for (size_t i = 0; i < s->n_touched; i++) {
            uint32_t doc = s->touched[i];
            /* Organisations' listings come in no order: ask for the
             * scratch entry, then the listing's record, ahead of their
             * use. */
            if (i + 2 * PREFETCH_AHEAD < s->n_touched)
                __builtin_prefetch(&s->acc[s->touched[i + 2 * PREFETCH_AHEAD]]);
            /* The record (and code score) only of a listing that may
             * enter the heap: most do not, and asking for all of theirs
             * took the memory's bandwidth from the reads that matter. */
            if (i + PREFETCH_AHEAD < s->n_touched) {
                uint32_t ahead = s->touched[i + PREFETCH_AHEAD];
                const idx_acc *a = &s->acc[ahead];
                bool code = a->mask & IDX_ACC_CODE; /* a code score is at most CODE_WEIGHT */
                float best = a->score + (float)extra_max + (code ? (float)CODE_WEIGHT : 0.0f);
                if ((code || (a->mask & all) == all || pass == 1) && (n_heap < k || best >= heap[0].score)) {
                    if (code)
                        __builtin_prefetch(&s->code[ahead]);
                    __builtin_prefetch(&ix->docs[ahead]);
                }
            }
            /* The cheap tests first: most listings a query of several
             * words touches lack one of them. A phrase asks for words,
             * not for codes. */
            idx_acc acc = s->acc[doc];
            bool by_code = acc.mask & IDX_ACC_CODE;
            int got = slots_of(acc);
            bool text_ok = n_slots == 0 || (acc.mask & all) == all || (pass == 1 && 2 * got >= n_slots);
            if (!text_ok && (!by_code || has_phrase))
                continue;
            if (!idx_is_live(ix, doc))
                continue;
            if (filter && !(fbits ? fbits[doc >> 6] >> (doc & 63) & 1 : roaring_bitmap_contains(filter, doc)))
                continue;
            if (deadline_after != INT32_MIN) {
                const idx_doc *d = &ix->docs[doc];
                if (d->direction == DIR_REQUEST && d->deadline_day != INT32_MAX && d->deadline_day < deadline_after)
                    continue;
            }
            if (text_ok && has_phrase && got && !phrase_matches(ix, slots, n_slots, doc, pc))
                text_ok = false;
            if (!text_ok && (!by_code || has_phrase))
                continue;
            double text_score = text_ok && n_slots ? acc.score * (double)got * got / ((double)n_slots * n_slots) : 0;
            matched[n_matched++] = doc;
            /* Top-k threshold: a document whose best possible score cannot
             * enter the full heap is counted (total, facets) but never
             * reads its row and organisation, two cache misses that were
             * most of the time of a query matching 300,000 listings. */
            if (n_heap == k && (float)(text_score + (by_code ? CODE_WEIGHT : 0) + extra_max) < heap[0].score)
                continue; /* not even with the best code score: that is not read */
            double base = text_score + CODE_WEIGHT * code_of(s, acc, doc);
            if (n_heap == k && (float)(base + extra_max) < heap[0].score)
                continue;
            const idx_doc *d = &ix->docs[doc];
            const idx_org *o = &ix->orgs[d->org];
            double score = base + FRESH_WEIGHT * freshness(ix, d) + TIER_WEIGHT * o->tier / 2.0;
            heap_push(heap, &n_heap, k, (cand){doc, (float)score});
        }
    }
    qsort(heap, n_heap, sizeof *heap, cmp_cand_desc);
    n_rows = n_heap;
    if (q->collapse) {
        idx_collapse_order(ix, heap, n_heap, &n_rows);
        if (n_rows < k_hits && n_heap == k && n_matched > n_heap) {
            k *= 4;
            goto select;
        }
    }
    out->total = n_matched;
    size_t last = n_rows < k_hits ? n_rows : k_hits;
    size_t first = q->offset < last ? q->offset : last;
    out->n_hits = last - first;
    out->hits = calloc(out->n_hits ? out->n_hits : 1, sizeof *out->hits);
    if (!out->hits) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < out->n_hits; i++) {
        uint32_t doc = heap[first + i].doc;
        const idx_doc *d = &ix->docs[doc];
        idx_hit *h = &out->hits[i];
        idx_acc acc = s->acc[doc];
        int got = slots_of(acc);
        h->listing_id = d->listing_id;
        h->score = heap[first + i].score;
        h->text_score = n_slots ? acc.score * (double)got * got / ((double)n_slots * n_slots) : 0;
        h->code_score = CODE_WEIGHT * code_of(s, acc, doc);
        h->fresh = FRESH_WEIGHT * freshness(ix, d);
        h->verified = TIER_WEIGHT * ix->orgs[d->org].tier / 2.0;
        h->cross_lingual = n_slots && got == 0;
    }
    size_t consumed = last;
    if (q->collapse)
        idx_collapse_similar(ix, heap, last, first, out->hits, matched, n_matched, &consumed);
    out->more = n_rows > last || consumed < n_matched;
    if (q->facets && idx_count_facets(ix, s, matched, n_matched, out))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
done:
    if (fbits) /* zero again for the next search */
        memset(fbits, 0, (ix->n_docs / 64 + 1) * sizeof *fbits);
    if (s)
        idx_scratch_put(ix, s);
    pthread_rwlock_unlock(&ix->lock);
    if (filter)
        roaring_bitmap_free(filter);
    text_tokens_free(&own);
    tax_result_free(&codes);
    if (rc)
        idx_result_free(out);
    return rc;
}

int idx_query_analyse(idx *ix, const char *text, const char *lang, text_tokens *out, hk_err *err)
{
    return text_analyze(ix->a, text, strlen(text), lang, 0, out, err);
}
