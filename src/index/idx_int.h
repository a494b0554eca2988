/*
 * idx_int.h - private layout of the search index, shared by the files of
 * src/index/ (see index.h for who does what).
 *
 * Terms are strings in three namespaces: "w:" + stem of a word (Han words
 * too), "b:" + a Han character bigram, "x:" + the Latin cross-script key
 * of a word of the title or the organisation's names (so Тошкент meets
 * Toshkent). A posting is one document's occurrences of a term: its term
 * frequency per field and its positions, varint-coded in the term's
 * position buffer. Document ids are dense and only grow: a changed listing
 * gets a new id and the old one is marked dead, so posting lists stay
 * sorted by document without rewriting.
 */
#ifndef HK_IDX_INT_H
#define HK_IDX_INT_H

#include <pthread.h>
#include <roaring/roaring.h>

#include "index/index.h"

/* A listing's text fields are its title and description; its third field,
 * the organisation's names, is kept once with the organisation (idx_org)
 * and reaches the organisation's listings at query time, instead of being
 * copied into every listing: a fifth of all postings, and a rename would
 * have left the old names in them. */
enum { IDX_FIELD_TITLE, IDX_FIELD_DESC, IDX_FIELD_ORG, IDX_FIELDS };
#define IDX_DOC_FIELDS 2          /* the fields a listing's postings carry */

/* Positions: title from 0, description from DESC_BASE, organisation names
 * from ORG_BASE, so one number says field and place, and a phrase never
 * spans two fields. */
#define IDX_DESC_BASE 4096u
#define IDX_ORG_BASE 65536u
#define IDX_MAX_CODES 4        /* HS headings / ISIC groups kept per listing */

/* 8 bytes: a million listings make some sixty million of these. */
typedef struct idx_posting {
    uint32_t doc;
    uint8_t tf[IDX_DOC_FIELDS]; /* occurrences in title and description, saturating at 255 */
    uint8_t n_pos;            /* positions stored (at most 255) */
    uint8_t pad;
} idx_posting;

/* Positions are found through the offset of every IDX_POS_BLOCK-th
 * posting's positions, then skipping the postings before it in its block:
 * only phrase checks read positions, and they read few. */
#define IDX_POS_BLOCK 64

/* An organisation whose names have a term, and how often. */
typedef struct idx_term_org {
    uint32_t org;             /* index in ix->orgs */
    uint8_t tf;               /* occurrences, saturating at 255 */
    uint8_t pad[3];
} idx_term_org;

typedef struct idx_term {
    char *text;               /* namespace + term; from malloc() */
    idx_posting *v;           /* sorted by doc; from malloc() */
    uint32_t n, cap;
    uint8_t *pos;             /* varint position deltas, posting after posting; from malloc() */
    uint32_t pos_n, pos_cap;
    uint32_t *blk;            /* pos offset of postings 0, 64, 128, ...; from malloc() */
    idx_term_org *orgs;       /* organisations whose names have it, by
                               * index; from malloc() */
    uint32_t n_orgs, cap_orgs;
} idx_term;

/* The analysed terms of one document (or of an organisation's names),
 * built outside the index lock and appended under it. */
typedef struct idx_occ {
    uint32_t off;             /* of the term string in terms */
    uint32_t pos;             /* position (field base included) */
    uint64_t hash;            /* idx_hash of the term: sorts and looks up without strcmp */
    uint8_t field;
} idx_occ;

/* One distinct term of a document with all its occurrences: what becomes
 * one posting. Built outside the lock (idx_pending_group). */
typedef struct idx_group {
    uint32_t off;             /* of the term string in terms */
    int32_t term;             /* term id when a build cache knew it, else -1 */
    uint64_t hash;            /* idx_hash of the term */
    uint32_t pos_off;         /* its varint position deltas, in pos */
    uint16_t pos_len;         /* bytes of them (at most 255 * 5) */
    uint8_t tf[IDX_FIELDS];   /* occurrences per field, saturating at 255 */
    uint8_t n_pos;            /* positions encoded (at most 255) */
} idx_group;

typedef struct idx_pending {
    char *terms;              /* NUL-separated term strings; from malloc() */
    size_t len, cap;
    idx_occ *occ;             /* from malloc() */
    size_t n, occ_cap;
    uint16_t flen[IDX_FIELDS];
    idx_group *grp;           /* after idx_pending_group; from malloc() */
    size_t n_grp, grp_cap;
    uint8_t *pos;             /* the groups' varint positions; from malloc() */
    size_t pos_n, pos_cap;
    uint32_t *aux;            /* grouping scratch; from malloc() */
    size_t aux_cap;
} idx_pending;

/* A string -> value map private to one build thread: term ids and facet
 * bitmaps it has seen, so that most lookups happen outside the index lock.
 * Term ids and bitmap pointers never change once made, so a remembered
 * value stays true (idx_cache.c). */
typedef struct idx_strmap_slot {
    uint64_t hash;            /* 0 = empty slot */
    uintptr_t val;
    uint32_t off;             /* of the key in keys */
} idx_strmap_slot;

typedef struct idx_strmap {
    idx_strmap_slot *slot;    /* hash, value and key offset side by side: one
                               * cache line a lookup, not three; from malloc() */
    size_t cap, used;         /* cap a power of two */
    char *keys;               /* NUL-separated keys; from malloc() */
    size_t len, kcap;
} idx_strmap;

typedef struct idx_cache {
    idx_strmap terms;         /* term text -> term id */
    idx_strmap bitmaps;       /* facet key -> roaring_bitmap_t * */
} idx_cache;

/* One distinct term of an organisation's names: its listings' org field. */
typedef struct idx_org_term {
    int32_t term;
    uint8_t tf;               /* occurrences, saturating at 255 */
    uint8_t n_pos;            /* positions coded */
    uint16_t pos_len;         /* bytes of them, after the previous terms' in name_pos */
} idx_org_term;

typedef struct idx_org {
    /* First, what a search reaching the organisation by its names reads. */
    uint32_t *docs;           /* its listings' current doc ids; from malloc() */
    size_t n_docs, cap_docs;
    uint16_t name_len;        /* tokens in its names, for BM25 */
    uint16_t n_names;
    int64_t id;
    char country[3];
    uint8_t type, sme, tier;
    idx_org_term *names;      /* its names' terms; from malloc() */
    uint8_t *name_pos;        /* their varint positions, term after term; from malloc() */
    char **certs;             /* certification names ("ISO 9001:2015"); from malloc() */
    size_t n_certs;
    float lat, lon;           /* city, degrees; valid when has_coords */
    bool has_coords;
    roaring_bitmap_t *fbm[4]; /* bitmaps of its country, type, sme, tier
                               * facet values (IDX_ORG_FACETS), found on first
                               * use; NULL until then and after a change */
    char *name;               /* its primary name, for result lists; from malloc() */
} idx_org;

#define IDX_ORG_FACETS 4

typedef struct idx_doc {
    int64_t listing_id;
    uint32_t org;             /* index into ix->orgs */
    uint8_t direction, kind, status;
    uint8_t dead;             /* replaced or deleted */
    uint16_t len[IDX_FIELDS]; /* tokens per field */
    int32_t expires_day;      /* days since 1970; INT32_MAX when none */
    int32_t deadline_day;     /* RFQ deadline; INT32_MAX when none */
    int32_t updated_day;
    char hs[IDX_MAX_CODES][5];   /* headings "7616" ("" when unused) */
    char isic[IDX_MAX_CODES][4]; /* groups "243" */
    char lang[4];
    char targets[IDX_MAX_CODES][3]; /* target countries ("" when unused) */
    float qty;                /* first quantity or capacity, 0 when none */
    char qty_unit[8];
} idx_doc;

/* What scoring reads of a document for every posting, kept beside the
 * row (same index, same capacity) so that a posting list of a few hundred
 * thousand touches 8 bytes per document instead of a 104-byte row. */
typedef struct idx_dnorm {
    uint16_t len[IDX_DOC_FIELDS]; /* = idx_doc.len (title, description) */
    uint32_t org : 31;        /* = idx_doc.org: where its names' weight is */
    uint32_t dead : 1;        /* = idx_doc.dead */
} idx_dnorm;

/* What facet counting reads of a document, beside the row like
 * idx_dnorm: a count over 300,000 matches read the 104-byte row and the
 * organisation of each, two cache misses per match. Two codes of each
 * kind: a listing with one more (one in thirteen of the demo's) read the
 * row, a miss that was a third of the count's time. */
#define IDX_NO_CODE 0xFFFFu
#define IDX_DFACET_CODES 2
typedef struct idx_dfacet {
    uint32_t org;             /* = idx_doc.org */
    uint16_t hs[IDX_DFACET_CODES];   /* first headings as numbers ("7616" -> 7616), IDX_NO_CODE */
    uint16_t isic[IDX_DFACET_CODES]; /* first groups as numbers, IDX_NO_CODE */
    uint8_t kind, direction;  /* = idx_doc */
    uint8_t more;             /* more headings or groups than these: read the row */
} idx_dfacet;

/* What a result list shows of a listing (idx_display.c): one block per
 * live document, from malloc(), NULL for a dead one. */
typedef struct idx_disp {
    uint32_t title_key;       /* its original title's words (idx_title_key) */
    uint32_t size;            /* of the whole block */
    uint16_t title_len;
    uint8_t lang_len;
    uint8_t n_hs;
    char text[];              /* title NUL lang NUL hs NUL hs NUL ... */
} idx_disp;

/* A facet value's bitmap: "country:UZ", "hs:XV", "hs:76", "hs:7616", ... */
typedef struct idx_bitmap {
    char *key;                /* from malloc() */
    roaring_bitmap_t *bm;
} idx_bitmap;

/* What one search keeps of one document: 8 bytes, so that the scores of
 * a broad query (a few hundred thousand listings at a million) fill half
 * the cache lines. Whether a document has an entry at all is the
 * scratch's `seen` bitset (128 KB at a million, which stays in cache); a
 * code-match score, which few documents have, is kept apart (`code`). */
#define IDX_ACC_CODE (1u << 31) /* in mask: the document matches through codes */
typedef struct idx_acc {
    float score;              /* text score */
    uint32_t mask;            /* which query slots matched (bits 0-30), IDX_ACC_CODE */
} idx_acc;

/* Per-search scratch, sized to the documents, reused through a pool. */
typedef struct idx_scratch {
    idx_acc *acc;             /* per document, valid where seen; from hk_huge_calloc() */
    uint64_t *seen;           /* documents with an entry this search, a bit
                               * each; cleared through touched when the
                               * scratch is next taken; from calloc() */
    float *code;              /* per document, its code-match score, valid
                               * where acc.mask has IDX_ACC_CODE; from hk_huge_calloc() */
    uint32_t *touched;        /* docs with an entry this search */
    uint32_t *matched;        /* docs that matched (same capacity) */
    uint32_t *org_count;      /* per organisation, all 0 between searches; from calloc() */
    uint32_t *org_seen;       /* organisations with a count this search */
    size_t org_cap;
    float *org_w;             /* per organisation, its names' weight for the
                               * term being scored; all 0 between terms */
    size_t org_w_cap;
    size_t n_touched, cap;    /* cap = documents covered */
    uint64_t *fbits;          /* a filter as a bitset, cap bits; all 0
                               * between searches; from calloc() */
    uint32_t *code_count;     /* facet counts by HS heading (10,000) then ISIC
                               * group (1,000); all 0 between searches; from calloc() */
    /* idx_search.c's working memory, kept between searches so that a
     * search makes no large allocation (each could consolidate the
     * allocator's free lists, work that other code left): the query's
     * slots and phrase cursors (types private to idx_search.c), and the
     * top-k heap. From malloc(), NULL until first used. */
    void *slots, *phrase;
    struct idx_cand *heap;
    size_t heap_cap;
    struct idx_scratch *next; /* in the pool */
} idx_scratch;

/* True when this search has an entry for doc (s->acc[doc] is valid). */
static inline bool idx_scratch_has(const idx_scratch *s, uint32_t doc)
{
    return s->seen[doc >> 6] >> (doc & 63) & 1;
}

struct idx {
    text_analyzer *a;         /* not owned */
    tax *t;                   /* not owned */
    int32_t today;            /* days since 1970: the day the live set was
                               * judged against (idx_expiry.c); written under
                               * the write lock, read atomically */
    int32_t fixed_today;      /* the day fixed by idx_new or idx_set_today;
                               * INT32_MIN to follow the clock */
    pthread_rwlock_t lock;

    idx_term *terms;          /* from malloc() */
    size_t n_terms, cap_terms;
    uint32_t *term_map;       /* open addressing over terms; UINT32_MAX empty */
    size_t term_map_cap;
    uint32_t *sorted;         /* ids of terms [0, n_sorted) sorted by text, for
                               * prefix and typo lookups; terms added since
                               * (the tail) are scanned linearly */
    size_t n_sorted;

    idx_doc *docs;
    idx_dnorm *dn;            /* cap_docs of them; from malloc() */
    idx_dfacet *df;           /* cap_docs of them; from malloc() */
    idx_disp **disp;          /* cap_docs of them; from malloc() */
    size_t n_docs, cap_docs;
    uint64_t field_len_sum[IDX_FIELDS]; /* title and description over live
                                         * documents, names over organisations */
    size_t n_live;

    idx_org *orgs;
    size_t n_orgs, cap_orgs;
    /* listing id -> doc, org id -> org: open addressing, key 0 = empty */
    int64_t *lmap_key; uint32_t *lmap_val; size_t lmap_cap, lmap_used;
    int64_t *omap_key; uint32_t *omap_val; size_t omap_cap, omap_used;

    roaring_bitmap_t *live;   /* published, unexpired, not dead */
    uint64_t *live_bits;      /* the same set as a plain bitset (cap_docs bits), for
                               * the per-match test of a search: a roaring lookup
                               * per match was a millisecond of a broad query;
                               * changed only with live, through idx_live_set */
    idx_bitmap *bitmaps;      /* open addressing by key */
    size_t bm_cap, bm_used;

    idx_scratch *pool;        /* free scratches */
    pthread_mutex_t pool_lock;

    size_t postings;          /* live and dead */
    size_t bytes;             /* memory held, tracked at each allocation */
    size_t killed_since_sweep; /* documents killed since the last sweep began */
    size_t sweep_next;        /* next term to compact; SIZE_MAX when no sweep is due */
    idx_build_times build_times; /* of the last parallel build (idx_build.c) */
    bool bulk;                /* a bulk build is running: posting lists grow
                               * by doubling (shrunk when it ends) rather
                               * than by half, copying half as much;
                               * written under the write lock */
};

/* idx_dict.c */
uint64_t idx_hash(const char *s, size_t n);
int32_t idx_term_find(const idx *ix, const char *text);
/* The term's id, creating it when absent; -1 when out of memory. hash is
 * idx_hash(text). */
int32_t idx_term_get(idx *ix, const char *text, uint64_t hash);
/* Decodes the positions of posting p of term into out (at most max). */
size_t idx_posting_positions(const idx_term *t, const idx_posting *p, uint32_t *out, size_t max);
/* The posting of doc in term, or NULL (binary search). */
const idx_posting *idx_term_posting(const idx_term *t, uint32_t doc);
/* Re-sorts the term order when the unsorted tail has grown (or always,
 * with force). Caller holds the write lock. */
void idx_sorted_update(idx *ix, bool force);
/* Gives back the spare room of every posting and organisation list (after
 * a bulk build). Caller holds the write lock. */
void idx_dict_shrink(idx *ix);
/* The same for one term. */
void idx_term_shrink(idx *ix, idx_term *t);
void idx_dict_free(idx *ix);

/* Facet keys ("kind:supply", "hs:76") are at most this long. */
#define IDX_FKEY 32
/* Per listing: kind, direction and three levels of up to IDX_MAX_CODES HS
 * and ISIC codes each. */
#define IDX_MAX_FKEYS (2 + 2 * 3 * IDX_MAX_CODES)

/* A listing analysed and ready to enter the index: made outside the lock,
 * committed under it (idx_put.c). Reusable: idx_prep_analyse resets it. */
typedef struct idx_prep {
    idx_pending p;            /* its terms */
    idx_doc d;                /* its row; d.org is set by idx_prep_commit */
    int64_t org_id;
    bool published;           /* status is published */
    char fkey[IDX_MAX_FKEYS][IDX_FKEY]; /* facet keys of its own values */
    roaring_bitmap_t *fbm[IDX_MAX_FKEYS]; /* their bitmaps when a cache knew them */
    size_t n_fkeys;
    idx_disp *disp;           /* its display record; from malloc(), taken by the commit */
} idx_prep;

/* idx_put.c: the three steps of idx_put_listing, split so that a bulk
 * build can run the first two for a batch outside the write lock. */
/* Analyses l into pr (no lock); memo, when given, remembers titles. */
typedef struct idx_memo idx_memo;
int idx_prep_analyse(idx *ix, const listing *l, idx_prep *pr, text_tokens *toks, idx_memo *memo, hk_err *err);
/* Groups the terms into postings; with a cache, resolves known term ids
 * and facet bitmaps (no lock). */
int idx_prep_group(idx_prep *pr, idx_cache *c);
/* Appends the document. Caller holds the write lock. */
int idx_prep_commit(idx *ix, idx_prep *pr, idx_cache *c, hk_err *err);
/* Starts fetching into the cache what committing pr will touch, for a
 * batch committed in a row: stage 0 (two listings ahead) the slots of
 * its ids in the maps, stage 1 (one ahead) its organisation's record
 * and its terms' records. Caller holds the write lock. */
void idx_prep_prefetch(idx *ix, const idx_prep *pr, int stage);
void idx_prep_free(idx_prep *pr);

/* idx_memo.c: idx_pending_analyse through a memory of texts analysed
 * before (memo may be NULL). */
int idx_memo_new(idx_memo **out);
void idx_memo_free(idx_memo *m);
int idx_memo_analyse(idx_memo *m, text_analyzer *a, idx_pending *p, const char *text, const char *lang, int field,
                     uint32_t base, uint32_t *pos, text_tokens *toks, hk_err *err);

/* idx_cache.c */
uintptr_t *idx_strmap_get(idx_strmap *m, const char *key, uint64_t hash);
int idx_strmap_put(idx_strmap *m, const char *key, uint64_t hash, uintptr_t val);
void idx_cache_free(idx_cache *c);

/* idx_compact.c: counts a killed document, and makes a sweep due when
 * enough were. Caller holds the write lock. */
void idx_note_killed(idx *ix);

/* idx_docs.c: the int64 -> uint32 maps (listing id -> doc, org id -> org) */
uint32_t *idx_imap_find(int64_t *keys, uint32_t *vals, size_t cap, int64_t key);
int idx_imap_put(int64_t **keys, uint32_t **vals, size_t *cap, size_t *used, int64_t key, uint32_t val);
/* Puts doc in or out of the live set (ix->live and ix->live_bits). */
void idx_live_set(idx *ix, uint32_t doc, bool live);
static inline bool idx_is_live(const idx *ix, uint32_t doc)
{
    return ix->live_bits[doc >> 6] >> (doc & 63) & 1;
}
/* Marks doc dead: out of the live set, the facets and the length sums. */
void idx_kill_doc(idx *ix, uint32_t doc);
/* Moves the per-document arrays a search reads at random (docs, dn, df)
 * and the organisations onto huge pages, after a bulk build has sized
 * them. Caller holds the write lock. */
void idx_docs_to_huge(idx *ix);
/* An organisation analysed and ready to enter the index, in two steps
 * like a listing: made with no lock, committed under the write lock, so
 * that the bulk build commits a batch under one lock. Reusable. */
typedef struct idx_org_prep {
    idx_pending names;        /* its names' terms, grouped */
    int64_t id;
    char country[3];
    uint8_t type, sme, tier;
    float lat, lon;
    bool has_coords;
    char **certs;             /* certification names; from malloc(), taken by the commit */
    size_t n_certs;
    char *name;               /* primary name; from malloc(), taken by the commit */
} idx_org_prep;
int idx_org_prep_make(idx *ix, const organisation *o, idx_org_prep *op, text_tokens *toks, hk_err *err);
/* Puts it (new or changed). Caller holds the write lock. */
int idx_org_prep_commit(idx *ix, idx_org_prep *op, hk_err *err);
/* Frees what commit did not take (the certifications); keeps the buffers. */
void idx_org_prep_clear(idx_org_prep *op);
void idx_org_prep_free(idx_org_prep *op);

/* idx_pending.c */
/* Analyses text into p as field, positions from *pos on (advanced past
 * it). Words give "w:" stems, Han bigrams "b:", and in titles and names
 * words of other scripts their "x:" cross-script key. */
int idx_pending_analyse(text_analyzer *a, idx_pending *p, const char *text, const char *lang, int field,
                        uint32_t base, uint32_t *pos, text_tokens *toks, hk_err *err);
/* Appends n occurrences whose offsets point into terms (len bytes), their
 * positions moved by pos0: a copy of what an earlier analysis made. */
int idx_pending_append_occ(idx_pending *p, const char *terms, size_t len, const idx_occ *occ, size_t n,
                           uint32_t pos0);
/* Groups the occurrences into one idx_group per distinct term, positions
 * varint-coded. Each field's occurrences must come in position order and
 * the fields in the order of their position bases. */
int idx_pending_group(idx_pending *p);
/* Empties p, keeping its buffers. */
void idx_pending_reset(idx_pending *p);
void idx_pending_free(idx_pending *p);

/* idx_dict.c: appends group g (its positions coded in pos) of doc as
 * one posting of term. */
int idx_term_add_group(idx *ix, int32_t term, uint32_t doc, const idx_group *g, const uint8_t *pos);
/* A place in a term's postings and positions, kept between calls for
 * documents asked in ascending order (the phrase checks of one search):
 * a call finds the next document by galloping from the last, and its
 * positions by skipping from the last one's in the same block, instead of
 * a binary search and a skip from the block's start each time. Zeroed =
 * no place yet. */
typedef struct idx_pos_cursor {
    uint32_t i;               /* a posting whose doc is at most the next asked */
    uint32_t pos_i;           /* a posting whose positions start at pos_off */
    uint32_t pos_off;
    bool valid, pos_valid;
} idx_pos_cursor;
/* idx_term_positions through a cursor: the same positions, those in the
 * organisation's names only with names. */
size_t idx_term_positions_from(const idx *ix, int32_t term, idx_pos_cursor *c, uint32_t doc, bool names, uint32_t *out,
                               size_t max);
/* Adds or removes organisation org in the list of organisations whose
 * names have term. Caller holds the write lock. */
int idx_term_add_org(idx *ix, int32_t term, uint32_t org, uint8_t tf);
void idx_term_remove_org(idx *ix, int32_t term, uint32_t org);
/* The positions of term in doc, its title and description's then its
 * organisation's names' (ascending), into out (at most max). */
size_t idx_term_positions(const idx *ix, int32_t term, uint32_t doc, uint32_t *out, size_t max);

/* idx_facets.c */
/* The idx_dfacet of a document row. */
void idx_dfacet_of(const idx_doc *d, idx_dfacet *out);
roaring_bitmap_t *idx_bitmap_get(const idx *ix, const char *key);
int idx_bitmap_add(idx *ix, const char *key, uint32_t doc);
/* The bitmap of key, made empty when missing (NULL when out of memory).
 * A bitmap, once made, stays at its address for the index's lifetime. */
roaring_bitmap_t *idx_bitmap_make(idx *ix, const char *key);
void idx_bitmap_remove(idx *ix, const char *key, uint32_t doc);
/* Adds or removes doc in the bitmaps of every facet value it has. */
int idx_doc_facets(idx *ix, uint32_t doc, bool add);
/* The facet keys of d's own values (not its organisation's) into keys;
 * returns how many (at most IDX_MAX_FKEYS). */
size_t idx_doc_fkeys(const tax *t, const idx_doc *d, char (*keys)[IDX_FKEY]);
/* The keys of o's values, in the order of idx_org.fbm. */
void idx_org_fkeys(const idx_org *o, char (*keys)[IDX_FKEY]);
/* The bitmap of documents passing q's filters (NULL = no filter); owned by caller. */
roaring_bitmap_t *idx_filter_bitmap(idx *ix, const idx_query *q, hk_err *err);
/* Counts the facet values of docs, using s's organisation counters. */
int idx_count_facets(idx *ix, idx_scratch *s, const uint32_t *docs, size_t n, idx_result *out);
void idx_facets_free(idx *ix);

/* idx_display.c */
/* The key of the title words among p's occurrences [from, to). */
uint32_t idx_title_key(const idx_pending *p, size_t from, size_t to);
/* The display record of l; HK_ENOMEM. */
int idx_disp_make(const listing *l, uint32_t title_key, idx_disp **out);
/* Frees doc's record (its document died). Caller holds the write lock. */
void idx_disp_drop(idx *ix, uint32_t doc);

/* idx_expiry.c: whether d is live on ix->today. */
bool idx_doc_live_today(const idx *ix, const idx_doc *d);

/* idx_collapse.c: a candidate of the top k, and the grouping of a sorted
 * run of them into hits (see idx_collapse.c). */
typedef struct idx_cand {
    uint32_t doc;
    float score;
} idx_cand;
/* Reorders the best-first cands so that [0, *n_groups) are the best of
 * each group (organisation, direction, title key), best first. */
void idx_collapse_order(const idx *ix, idx_cand *c, size_t n, size_t *n_groups);
/* For hits h (n of them, the page) and the groups before them (first
 * group reps reps[0, n_reps), the page's among them from `first`): the
 * other matching listings of each group, from the matched documents;
 * *consumed = matching listings in these groups. */
void idx_collapse_similar(const idx *ix, const idx_cand *reps, size_t n_reps, size_t first, idx_hit *h,
                          const uint32_t *matched, size_t n_matched, size_t *consumed);

/* idx_search.c */
int32_t idx_day_of(const char *date);
/* Text similarity for matching: scores every document against the words
 * of text (OR semantics, BM25F) into a scratch taken from the pool, which
 * the caller returns with idx_scratch_put. Caller holds the read lock. */
int idx_score_text(idx *ix, const char *text, const char *lang, idx_scratch **out, hk_err *err);
idx_scratch *idx_scratch_get(idx *ix);
void idx_scratch_put(idx *ix, idx_scratch *s);
/* Frees a scratch and all it holds (idx_free, for those in the pool). */
void idx_scratch_free(idx_scratch *s);
/* The document of a listing id, or NULL. Caller holds a lock. */
const idx_doc *idx_doc_of(const idx *ix, int64_t listing_id, uint32_t *doc);

#endif
