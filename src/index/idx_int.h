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

enum { IDX_FIELD_TITLE, IDX_FIELD_DESC, IDX_FIELD_ORG, IDX_FIELDS };

/* Positions: title from 0, description from DESC_BASE, organisation names
 * from ORG_BASE, so one number says field and place, and a phrase never
 * spans two fields. */
#define IDX_DESC_BASE 4096u
#define IDX_ORG_BASE 65536u
#define IDX_MAX_CODES 4        /* HS headings / ISIC groups kept per listing */

/* 8 bytes: a million listings make some sixty million of these. */
typedef struct idx_posting {
    uint32_t doc;
    uint8_t tf[IDX_FIELDS];   /* occurrences per field, saturating at 255 */
    uint8_t n_pos;            /* positions stored (at most 255) */
} idx_posting;

/* Positions are found through the offset of every IDX_POS_BLOCK-th
 * posting's positions, then skipping the postings before it in its block:
 * only phrase checks read positions, and they read few. */
#define IDX_POS_BLOCK 64

typedef struct idx_term {
    char *text;               /* namespace + term; from malloc() */
    idx_posting *v;           /* sorted by doc; from malloc() */
    uint32_t n, cap;
    uint8_t *pos;             /* varint position deltas, posting after posting; from malloc() */
    uint32_t pos_n, pos_cap;
    uint32_t *blk;            /* pos offset of postings 0, 64, 128, ...; from malloc() */
} idx_term;

/* The analysed terms of one document (or of an organisation's names),
 * built outside the index lock and appended under it. */
typedef struct idx_occ {
    uint32_t off;             /* of the term string in terms */
    uint32_t pos;             /* position (field base included) */
    uint64_t hash;            /* idx_hash of the term: sorts and looks up without strcmp */
    uint8_t field;
} idx_occ;

typedef struct idx_pending {
    char *terms;              /* NUL-separated term strings; from malloc() */
    size_t len, cap;
    idx_occ *occ;             /* from malloc() */
    size_t n, occ_cap;
    uint16_t flen[IDX_FIELDS];
} idx_pending;

typedef struct idx_org {
    int64_t id;
    char country[3];
    uint8_t type, sme, tier;
    idx_pending name_terms;   /* its names, analysed once, for its listings' org field */
    char **certs;             /* certification names ("ISO 9001:2015"); from malloc() */
    size_t n_certs;
    float lat, lon;           /* city, degrees; valid when has_coords */
    bool has_coords;
    uint32_t *docs;           /* its listings' current doc ids; from malloc() */
    size_t n_docs, cap_docs;
} idx_org;

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

/* A facet value's bitmap: "country:UZ", "hs:XV", "hs:76", "hs:7616", ... */
typedef struct idx_bitmap {
    char *key;                /* from malloc() */
    roaring_bitmap_t *bm;
} idx_bitmap;

/* Per-search scratch, sized to the documents, reused through a pool. */
typedef struct idx_scratch {
    uint32_t *stamp;          /* generation of the doc's entries below */
    float *score;
    uint32_t *mask;           /* which query tokens matched */
    float *code;              /* code-match score */
    uint32_t *touched;        /* docs with an entry this search */
    size_t n_touched, cap;    /* cap = documents covered */
    uint32_t gen;
    struct idx_scratch *next; /* in the pool */
} idx_scratch;

struct idx {
    text_analyzer *a;         /* not owned */
    tax *t;                   /* not owned */
    int32_t today;            /* days since 1970 */
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
    size_t n_docs, cap_docs;
    uint64_t field_len_sum[IDX_FIELDS]; /* over live documents, for BM25 */
    size_t n_live;

    idx_org *orgs;
    size_t n_orgs, cap_orgs;
    /* listing id -> doc, org id -> org: open addressing, key 0 = empty */
    int64_t *lmap_key; uint32_t *lmap_val; size_t lmap_cap, lmap_used;
    int64_t *omap_key; uint32_t *omap_val; size_t omap_cap, omap_used;

    roaring_bitmap_t *live;   /* published, unexpired, not dead */
    idx_bitmap *bitmaps;      /* open addressing by key */
    size_t bm_cap, bm_used;

    idx_scratch *pool;        /* free scratches */
    pthread_mutex_t pool_lock;

    size_t postings;          /* live and dead */
    size_t bytes;             /* memory held, tracked at each allocation */
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
/* Gives back the spare room of every posting list (after a bulk build).
 * Caller holds the write lock. */
void idx_dict_shrink(idx *ix);
void idx_dict_free(idx *ix);

/* idx_pending.c */
/* Analyses text into p as field, positions from *pos on (advanced past
 * it). Words give "w:" stems, Han bigrams "b:", and in titles and names
 * words of other scripts their "x:" cross-script key. */
int idx_pending_analyse(text_analyzer *a, idx_pending *p, const char *text, const char *lang, int field,
                        uint32_t base, uint32_t *pos, text_tokens *toks, hk_err *err);
/* Appends every occurrence of src to p. */
int idx_pending_append(idx_pending *p, const idx_pending *src);
/* Sorts the occurrences by term, then position, so each term is looked
 * up once and its positions arrive in order. */
void idx_pending_sort(idx_pending *p);
void idx_pending_free(idx_pending *p);

/* idx_dict.c: appends the n occurrences (sorted by position) of term in
 * doc as one posting. */
int idx_term_add_run(idx *ix, int32_t term, uint32_t doc, const idx_occ *occ, size_t n);

/* idx_facets.c */
roaring_bitmap_t *idx_bitmap_get(const idx *ix, const char *key);
int idx_bitmap_add(idx *ix, const char *key, uint32_t doc);
void idx_bitmap_remove(idx *ix, const char *key, uint32_t doc);
/* Adds or removes doc in the bitmaps of every facet value it has. */
int idx_doc_facets(idx *ix, uint32_t doc, bool add);
/* The bitmap of documents passing q's filters (NULL = no filter); owned by caller. */
roaring_bitmap_t *idx_filter_bitmap(idx *ix, const idx_query *q, hk_err *err);
int idx_count_facets(idx *ix, const uint32_t *docs, size_t n, idx_result *out);
void idx_facets_free(idx *ix);

/* idx_search.c */
int32_t idx_day_of(const char *date);
/* Text similarity for matching: scores every document against the words
 * of text (OR semantics, BM25F) into a scratch taken from the pool, which
 * the caller returns with idx_scratch_put. Caller holds the read lock. */
int idx_score_text(idx *ix, const char *text, const char *lang, idx_scratch **out, hk_err *err);
idx_scratch *idx_scratch_get(idx *ix);
void idx_scratch_put(idx *ix, idx_scratch *s);
/* The document of a listing id, or NULL. Caller holds a lock. */
const idx_doc *idx_doc_of(const idx *ix, int64_t listing_id, uint32_t *doc);

#endif
