/*
 * index.h - the in-memory search index over listings (BRIEF 4.3, issue 4):
 * built from the store at start, updated on every committed write,
 * answering faceted, cross-lingual, typo-tolerant search.
 *
 *   idx_dict.c     term dictionary and posting lists (with positions)
 *   idx_docs.c     life cycle, the document table, organisations, deletes
 *   idx_put.c      putting a listing: prepared outside the lock, committed under it
 *   idx_pending.c  a document's analysed terms, grouped into postings
 *   idx_facets.c   filter bitmaps (CRoaring) and facet counts
 *   idx_search.c   query terms (exact, cross-script, prefix, typo variants),
 *                  scoring (BM25F + code match), top-k, pages
 *   idx_build.c    building from the store, in batches on several threads
 *   idx_cache.c    a build thread's term ids and facet bitmaps
 *   idx_memo.c     a build thread's titles analysed before
 *   idx_compact.c  dropping the dead postings that edits leave
 *   idx_filters.c  the stored form of search filters (saved searches)
 *   idx_display.c  what a result list shows of a listing, from memory
 *   idx_mark.c     highlights: the query analysed once, titles marked
 *   idx_expiry.c   the day expiry is judged against, following the clock
 *   idx_collapse.c near-identical listings of one organisation as one hit
 *
 * Concurrency: one writer at a time (idx_put_listing, idx_delete_listing)
 * holds a write lock for the few microseconds of one document (a bulk
 * build: of a batch of them, about a millisecond); searches hold a read
 * lock. A listing that is not published, is past its expiry,
 * or was deleted is never returned.
 */
#ifndef HK_INDEX_H
#define HK_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "model/model.h"
#include "taxonomy/taxonomy.h"
#include "text/text.h"

typedef struct idx idx;

/* a and t are not owned and must outlive the index. today is the date
 * (YYYY-MM-DD) against which expiry is judged; NULL = the system date,
 * followed while the index lives (idx_expiry.c). */
int idx_new(text_analyzer *a, tax *t, const char *today, idx **out, hk_err *err);
void idx_free(idx *ix);

/* Expiry (idx_expiry.c): a listing is live through its expiry date. When
 * the day changes, listings past their date leave the live set (and come
 * back if the day goes back): searches and puts look at the clock first,
 * and the engine's follower every round, so nothing waits for a restart
 * or for the store's sweep to mark them expired. */
/* Fixes the day to today (YYYY-MM-DD; tests), or NULL to follow the
 * system clock again; re-evaluates the live set at once. HK_EINVAL for a
 * date that is not one. */
int idx_set_today(idx *ix, const char *today, hk_err *err);
/* Re-evaluates the live set when the day has changed since the last
 * look; cheap (one clock read) when it has not. Returns the listings
 * that left or rejoined the live set. */
size_t idx_refresh_day(idx *ix);

/* Organisations carry the fields listings are filtered and ranked by
 * (country, type, SME, tier, names, city). Putting an organisation
 * re-indexes its listings. */
int idx_put_organisation(idx *ix, const organisation *o, hk_err *err);
/* Adds or replaces a listing; its organisation must have been put. */
int idx_put_listing(idx *ix, const listing *l, hk_err *err);
void idx_delete_listing(idx *ix, int64_t listing_id);

struct hk_store;
/* Puts every organisation and listing of the store (at start). */
int idx_build_from_store(idx *ix, struct hk_store *st, size_t *listings, hk_err *err);
/* The same with `threads` threads, each opening db_path for itself
 * (st serves the organisations). Falls back to one thread for ":memory:". */
int idx_build_parallel(idx *ix, struct hk_store *st, const char *db_path, int threads, size_t *listings,
                       hk_err *err);

/* Compaction (idx_compact.c): a changed or deleted listing leaves dead
 * postings behind. When a sweep is due (killed listings reach a fifth of
 * all), each step drops those of the next terms, about `budget` postings'
 * worth, under the write lock; *done (may be NULL) tells whether the
 * sweep is over. Returns the postings dropped. Cheap when none is due. */
size_t idx_compact_step(idx *ix, size_t budget, bool *done);
/* A whole sweep now, in steps. */
void idx_compact_now(idx *ix);

typedef struct idx_stats {
    size_t docs;             /* listings indexed (live or not) */
    size_t live;             /* listings that can be returned */
    size_t terms;            /* distinct terms */
    size_t postings;
    size_t memory_bytes;     /* index memory, measured from its allocations */
} idx_stats;
void idx_get_stats(idx *ix, idx_stats *out);

/* Where the last idx_build_parallel's time went (all 0 before one, or
 * after a one-thread build): the wall time of its organisation and
 * listing phases and of the single-threaded finish, the CPU time the
 * building threads used (each thread's own clock), how long they waited
 * for the write lock, and how long they were ready to run but waited for
 * a CPU that other programs had (Linux's schedstat; 0 where it is not
 * available), each summed over threads. */
typedef struct idx_build_times {
    int threads;
    double orgs_ms, listings_ms, finish_ms; /* wall */
    double threads_cpu_ms;                  /* CPU of the threads, summed */
    double lock_wait_ms;                    /* waiting for the write lock, summed */
    double cpu_wait_ms;                     /* runnable, waiting for a CPU, summed */
} idx_build_times;
void idx_get_build_times(idx *ix, idx_build_times *out);

/* ---- queries ---- */
#define IDX_MAX_FILTER_VALUES 16

typedef enum {
    IDX_F_COUNTRY, IDX_F_ORG_TYPE, IDX_F_KIND, IDX_F_DIRECTION, IDX_F_HS, IDX_F_ISIC,
    IDX_F_SME, IDX_F_TIER, IDX_F__COUNT
} idx_facet;

/* "country", "org_type", "kind", "direction", "hs", "isic", "sme", "tier" */
const char *idx_facet_name(idx_facet f);
int idx_facet_parse(const char *name);

/* ---- filters as stored (idx_filters.c) ----
 * A saved search keeps its filters as a JSON object of facet names to a
 * value or an array of 1..IDX_MAX_FILTER_VALUES values, each a string of
 * 1..IDX_FILTER_VALUE_MAX bytes of UTF-8: {"country":["CN","KZ"],"hs":"7616"}. */
#define IDX_FILTER_VALUE_MAX 40   /* bytes of one filter value */
#define IDX_FILTERS_MAX 4096      /* bytes of filter JSON */

/* Checks json (NULL or "" = no filters) and, when out is not NULL, gives
 * its canonical form in *out: compact, keys sorted (from malloc(); NULL
 * for no filters, {} included). HK_EINVAL or HK_ETOOBIG naming "filters"
 * or the value at fault ("filters.hs[1]"). */
int idx_filters_canonical(const char *json, char **out, hk_err *err);

typedef struct idx_filter {
    uint8_t facet;           /* idx_facet */
    uint8_t n;
    const char *values[IDX_MAX_FILTER_VALUES]; /* ORed; HS/ISIC values may be
                                              * a section ("XV", "C"), chapter
                                              * or division, heading or group */
} idx_filter;

typedef struct idx_query {
    const char *text;        /* the search box; may be empty with filters */
    const char *lang;        /* BCP 47 or NULL to detect */
    const text_tokens *toks; /* text as idx_query_analyse gave it, when the
                              * caller shares the analysis (with
                              * idx_marker_of); NULL: idx_search makes it */
    idx_filter filters[IDX_F__COUNT];
    size_t n_filters;
    const char *deadline_after; /* YYYY-MM-DD: requests whose RFQ deadline is not before it */
    size_t limit;            /* hits per page, 1..100 */
    size_t offset;           /* from a cursor */
    int64_t only_listing;    /* non-zero: match this listing or nothing
                              * (checking saved searches against a new listing) */
    bool facets;             /* compute facet counts */
    bool explain;            /* fill score components */
    bool collapse;           /* near-identical listings of one organisation
                              * (same organisation, direction and title words)
                              * make one hit, the best of them; pages and
                              * the cursor count hits so made (idx_collapse.c) */
} idx_query;

#define IDX_SIMILAR_IDS 20   /* ids of collapsed listings given per hit */

typedef struct idx_hit {
    int64_t listing_id;
    double score;
    double text_score, code_score, fresh, verified; /* components (explain) */
    int cross_lingual;       /* 1 when found through codes, not words */
    uint32_t n_similar;      /* with collapse: other matching listings it stands for */
    int64_t similar[IDX_SIMILAR_IDS]; /* the first of them, ascending ids */
} idx_hit;

typedef struct idx_facet_count {
    char value[24];          /* a value as sent back in a filter ("enterprise", "7616") */
    uint32_t count;
} idx_facet_count;

typedef struct idx_result {
    idx_hit *hits; size_t n_hits;   /* from malloc() */
    size_t total;                    /* matching listings */
    idx_facet_count *facets[IDX_F__COUNT]; /* from malloc(); best first */
    size_t n_facets[IDX_F__COUNT];
    char **inferred_hs; size_t n_inferred_hs; /* codes the query was mapped to */
    bool more;                       /* a next page has hits */
} idx_result;

void idx_result_free(idx_result *r);

/* The analysis of a query that idx_search, the code inference and the
 * highlights all read, so that a request makes it once (q->toks). */
int idx_query_analyse(idx *ix, const char *text, const char *lang, text_tokens *out, hk_err *err);

int idx_search(idx *ix, const idx_query *q, idx_result *out, hk_err *err);

/* Highlights: the byte spans of text (a hit's title or description, in
 * language lang) that match the words of query, for <mark> in results.
 * *spans is malloc'd, two uint32 (start, end) per span. */
int idx_highlight(idx *ix, const char *query, const char *text, const char *lang, uint32_t **spans,
                  size_t *n_spans, hk_err *err);

/* The same for many texts with one query (idx_mark.c): the query is
 * analysed once, by idx_marker_new (lang may be NULL to detect). */
typedef struct idx_marker idx_marker;
int idx_marker_new(idx *ix, const char *query, const char *lang, idx_marker **out, hk_err *err);
/* A marker over a query already analysed (idx_query_analyse); it reads
 * *query, which must outlive it. */
int idx_marker_of(idx *ix, const text_tokens *query, idx_marker **out, hk_err *err);
/* Spans as idx_highlight; *spans is reused between calls (realloc'd;
 * free it after the last), *cap its capacity in spans. */
int idx_marker_spans(idx_marker *m, const char *text, const char *lang, uint32_t **spans, size_t *cap,
                     size_t *n_spans, hk_err *err);
void idx_marker_free(idx_marker *m);

/* ---- what result lists show (idx_display.c) ---- */
typedef struct idx_summary {
    int64_t listing_id;
    bool found;              /* false: no longer in the index (skip it) */
    const char *title;       /* the original text's title and language */
    const char *lang;
    const char *hs;          /* n_hs codes, each NUL-terminated, one after another */
    size_t n_hs;
    int64_t org_id;
    const char *org_name;    /* its primary name */
    char country[3];         /* the organisation's */
    listing_direction direction;
    listing_kind kind;
} idx_summary;

typedef struct idx_summaries {
    idx_summary *v; size_t n;   /* one per id asked, in order; from malloc() */
    char *arena;                /* the strings; from malloc() */
} idx_summaries;

/* The summaries of listings ids (a page of hits), copied out of the
 * index under one read lock. */
int idx_summaries_get(idx *ix, const int64_t *ids, size_t n, idx_summaries *out, hk_err *err);
void idx_summaries_free(idx_summaries *s);

#endif
