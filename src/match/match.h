/*
 * match.h - partner matching (BRIEF 4.4): for a listing, the complementary
 * listings of other organisations, by default in other states, best
 * first, each with the reasons it was matched as structured data that any
 * UI renders in its reader's language.
 *
 * Score (documented in docs/matching.md):
 *   3.0 code fit    same HS heading 1.0, same chapter 0.6, a value-chain
 *                   neighbour (a heading made by the same ISIC group) 0.5,
 *                   same section 0.2
 * + 1.5 text        BM25F similarity of the listing's words, relative to
 *                   the best candidate
 * + 0.5 quantity    min/max ratio of the two amounts in the same unit
 * + 0.3 certificates shared certification names
 * + 0.5 targets     the other's country is among the listing's targets
 *                   (or the reverse)
 * + 0.5 distance    1 / (1 + km / 1000), by rail where a corridor joins the
 *                   two cities (src/geo), else great-circle
 * + 0.2 freshness   + 0.2 verification tier
 */
#ifndef HK_MATCH_H
#define HK_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "geo/geo.h"
#include "index/index.h"
#include "model/model.h"

typedef enum {
    MR_SAME_HS_HEADING,   /* code */
    MR_SAME_HS_CHAPTER,   /* code */
    MR_VALUE_CHAIN,       /* code (the other's heading), via (the ISIC group) */
    MR_TEXT_SIMILARITY,   /* value 0..1 */
    MR_QUANTITY_FIT,      /* value 0..1 */
    MR_CERTIFICATION,     /* code = shared certification name (truncated) */
    MR_TARGET_COUNTRY,    /* code = country */
    MR_DISTANCE_KM,       /* value */
    MR_VERIFIED,          /* code = tier name */
    MR_RAIL_KM,           /* value (km by rail) */
    MR_SAME_ISIC_GROUP,   /* code (the organisation's activity) */
    MR__COUNT
} match_reason_type;

/* "same_hs_heading", "same_hs_chapter", "value_chain", "text_similarity",
 * "quantity_fit", "certification", "target_country", "distance_km",
 * "verified", "rail_km", "same_isic_group" */
const char *match_reason_name(match_reason_type t);

typedef struct match_reason {
    uint8_t type;            /* match_reason_type */
    char code[32];
    char via[8];
    double value;
} match_reason;

#define MATCH_MAX_REASONS 10

typedef struct match_hit {
    int64_t listing_id;
    double score;
    match_reason reasons[MATCH_MAX_REASONS];
    size_t n_reasons;
} match_hit;

typedef struct match_result {
    match_hit *hits;         /* from malloc() */
    size_t n_hits;
} match_result;

typedef struct match_options {
    size_t limit;            /* 1..100, default 20 */
    bool same_country;       /* also partners in the listing's own state */
    const geo *geo;          /* gazetteer for rail distances; NULL = great circle only */
} match_options;

void match_result_free(match_result *r);

/* A reason as the API writes it: {"same_hs_heading":"7616"},
 * {"value_chain":"7604","via_isic":"242"}, {"rail_km":3345}, ...
 * A new reference (jansson). */
struct json_t;
struct json_t *match_reason_to_json(const match_reason *r);

/* Matches for l (its organisation must be in the index). */
int match_listing(idx *ix, const listing *l, const match_options *opt, match_result *out, hk_err *err);

/* Listings of other organisations (by default in other states), offers
 * and requests alike, that fit o's HS headings, ISIC groups (its
 * activities) and capabilities (in words). o must be in the index. */
int match_organisation(idx *ix, const organisation *o, const match_options *opt, match_result *out, hk_err *err);

/* ---- alerts (match_alerts.c; BRIEF 4.3, 4.4) ----
 * For a listing just written (new or changed) and already put in ix:
 * runs every saved search of the store against that listing alone and
 * stores a 'saved_search' notification for each owner whose search
 * matches; then matches the listing (match_listing) and stores a
 * 'listing_match' notification for every member of each organisation
 * owning a matched listing. Nothing is stored for a listing the index
 * does not serve (draft, closed, expired, not yet put). The store's
 * UNIQUE constraint makes a repeat call (the listing changed again)
 * raise nothing for pairs already notified. Members of the listing's
 * own organisation are never notified about it. All notifications of
 * one call are written in one transaction. *created (may be NULL) counts
 * the new ones. st must not be used by another thread meanwhile. */
struct hk_store;
int match_alerts_for_listing(idx *ix, struct hk_store *st, int64_t listing_id, size_t *created, hk_err *err);

#endif
