/*
 * match.c - ranking complementary listings for one listing (see match.h
 * for the score). Candidates come from the index's code bitmaps (same
 * heading, same chapter, value-chain neighbours through the HS<->ISIC
 * crosswalk) and from text similarity; each is then scored and explained.
 *
 * This file is the one reader of the index's private layout outside
 * src/index/: matching walks documents and bitmaps that a copy would
 * double in memory.
 */
#include "match/match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/idx_int.h"

#define W_CODE 3.0
#define W_TEXT 1.5
#define W_QTY 0.5
#define W_CERT 0.3
#define W_TARGET 0.5
#define W_DIST 0.5
#define W_FRESH 0.2
#define W_TIER 0.2

const char *match_reason_name(match_reason_type t)
{
    static const char *const names[MR__COUNT] = {"same_hs_heading", "same_hs_chapter", "value_chain",
                                                 "text_similarity", "quantity_fit",    "certification",
                                                 "target_country",  "distance_km",     "verified",
                                                 "rail_km",         "same_isic_group"};
    return t < MR__COUNT ? names[t] : NULL;
}

void match_result_free(match_result *r)
{
    free(r->hits);
    memset(r, 0, sizeof *r);
}

/* Distance between the two organisations: by rail when the gazetteer
 * joins their cities, else great circle. *rail says which. */
static double org_distance(const match_options *opt, const idx_org *a, const idx_org *b, bool *rail)
{
    *rail = false;
    if (opt && opt->geo) {
        geo_trip trip;
        if (geo_rail_trip(opt->geo, a->lat, a->lon, b->lat, b->lon, 0, &trip) == HK_OK) {
            *rail = true;
            return trip.total_km;
        }
    }
    return geo_gc_km(a->lat, a->lon, b->lat, b->lon);
}

/* The code relation of a candidate to the listing's headings. */
typedef struct code_fit {
    double fit;
    match_reason reason;
} code_fit;

static code_fit fit_codes(const idx *ix, char (*mine)[5], size_t n_mine, const idx_doc *d)
{
    code_fit best = {0};
    for (size_t i = 0; i < n_mine; i++) {
        for (int k = 0; k < IDX_MAX_CODES && d->hs[k][0]; k++) {
            const char *a = mine[i], *b = d->hs[k];
            code_fit f = {0};
            if (!strcmp(a, b)) {
                f.fit = 1.0;
                f.reason.type = MR_SAME_HS_HEADING;
                snprintf(f.reason.code, sizeof f.reason.code, "%s", a);
            } else if (!strncmp(a, b, 2)) {
                f.fit = 0.6;
                f.reason.type = MR_SAME_HS_CHAPTER;
                snprintf(f.reason.code, sizeof f.reason.code, "%.2s", a);
            } else {
                /* Value chain: an ISIC group that makes both headings. */
                const tax_node *na = tax_node_at(ix->t, tax_find(ix->t, TAX_HS, a));
                const tax_node *nb = tax_node_at(ix->t, tax_find(ix->t, TAX_HS, b));
                for (uint32_t x = 0; na && nb && x < na->n_xwalk && !f.fit; x++)
                    for (uint32_t y = 0; y < nb->n_xwalk; y++)
                        if (na->xwalk[x] == nb->xwalk[y]) {
                            f.fit = 0.5;
                            f.reason.type = MR_VALUE_CHAIN;
                            snprintf(f.reason.code, sizeof f.reason.code, "%s", b);
                            snprintf(f.reason.via, sizeof f.reason.via, "%s",
                                     tax_node_at(ix->t, na->xwalk[x])->code);
                            break;
                        }
                if (!f.fit && tax_shared_depth(ix->t, TAX_HS, a, b) >= 1)
                    f.fit = 0.2; /* same section: weak, not worth a reason */
            }
            if (f.fit > best.fit)
                best = f;
        }
    }
    return best;
}

/* Adds the documents of "hs:<key>" to the candidate bitmap. */
static void add_bitmap(const idx *ix, roaring_bitmap_t *cand, const char *key)
{
    roaring_bitmap_t *bm = idx_bitmap_get(ix, key);
    if (bm)
        roaring_bitmap_or_inplace(cand, bm);
}

typedef struct scored {
    uint32_t doc;
    double score;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->doc < y->doc ? -1 : 1;
}

static void push_reason(match_hit *h, match_reason r)
{
    if (h->n_reasons < MATCH_MAX_REASONS)
        h->reasons[h->n_reasons++] = r;
}

/* What is matched: a listing, or an organisation's profile. */
typedef struct partner_query {
    int64_t org_id;              /* whose partners; its own listings are skipped */
    int64_t listing_id;          /* the listing matched, 0 for an organisation */
    int direction;               /* the listing's direction, -1 for an organisation */
    int kind;                    /* the listing's kind, -1 for an organisation */
    char hs[IDX_MAX_CODES][5];   /* its headings */
    size_t n_hs;
    char isic[IDX_MAX_CODES][4]; /* its ISIC groups (organisations) */
    size_t n_isic;
    const char *text, *lang;     /* words to compare (title and description, or capabilities) */
    const quantity *qty;         /* first quantity or NULL */
    char (*targets)[3];          /* the listing's target countries */
    size_t n_targets;
} partner_query;

/* Adds the listings of every heading near the query's codes: the same
 * heading and chapter, and the headings made by the same ISIC groups. */
static void add_code_candidates(const idx *ix, const partner_query *pq, roaring_bitmap_t *cand)
{
    char key[32];
    for (size_t i = 0; i < pq->n_hs; i++) {
        snprintf(key, sizeof key, "hs:%s", pq->hs[i]);
        add_bitmap(ix, cand, key);
        snprintf(key, sizeof key, "hs:%.2s", pq->hs[i]);
        add_bitmap(ix, cand, key);
        const tax_node *h = tax_node_at(ix->t, tax_find(ix->t, TAX_HS, pq->hs[i]));
        for (uint32_t x = 0; h && x < h->n_xwalk; x++) {
            const tax_node *g = tax_node_at(ix->t, h->xwalk[x]);
            for (uint32_t y = 0; y < g->n_xwalk; y++) {
                snprintf(key, sizeof key, "hs:%s", tax_node_at(ix->t, g->xwalk[y])->code);
                add_bitmap(ix, cand, key);
            }
        }
    }
    for (size_t i = 0; i < pq->n_isic; i++) {
        snprintf(key, sizeof key, "isic:%s", pq->isic[i]);
        add_bitmap(ix, cand, key);
    }
}

/* The code fit of a candidate, also through the organisation's ISIC
 * groups (a listing made by one of its activities fits like a chapter). */
static code_fit fit_all(const idx *ix, const partner_query *pq, const idx_doc *d)
{
    code_fit cf = fit_codes(ix, (char(*)[5])pq->hs, pq->n_hs, d);
    for (size_t i = 0; i < pq->n_isic && cf.fit < 0.6; i++)
        for (int k = 0; k < IDX_MAX_CODES && d->isic[k][0]; k++)
            if (!strcmp(pq->isic[i], d->isic[k])) {
                cf.fit = 0.6;
                cf.reason = (match_reason){.type = MR_SAME_ISIC_GROUP};
                snprintf(cf.reason.code, sizeof cf.reason.code, "%s", pq->isic[i]);
            }
    return cf;
}

static double quantity_fit(const partner_query *pq, const idx_doc *d)
{
    if (d->qty <= 0 || !pq->qty || !pq->qty->unit || strcmp(d->qty_unit, pq->qty->unit) != 0)
        return -1;
    double a = d->qty, b = pq->qty->amount;
    return a < b ? a / b : b / a;
}

static int rank_partners(idx *ix, const partner_query *pq, const match_options *opt, match_result *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    size_t limit = opt && opt->limit ? opt->limit : 20;
    if (limit > 100)
        return hk_err_set(err, HK_EINVAL, "limit", "must be between 1 and 100");
    bool same_country = opt && opt->same_country;

    pthread_rwlock_rdlock(&ix->lock);
    int rc = 0;
    idx_scratch *s = NULL;
    roaring_bitmap_t *cand = roaring_bitmap_create();
    scored *all = NULL;
    const idx_org *me = NULL;
    for (size_t i = 0; i < ix->n_orgs; i++)
        if (ix->orgs[i].id == pq->org_id) {
            me = &ix->orgs[i];
            break;
        }
    if (!me) {
        rc = hk_err_set(err, HK_EINVAL, "org_id", "organisation %lld is not in the index", (long long)pq->org_id);
        goto done;
    }
    if (pq->text && pq->text[0] && (rc = idx_score_text(ix, pq->text, pq->lang, &s, err)))
        goto done;
    add_code_candidates(ix, pq, cand);
    double best_text = 0;
    if (s)
        for (size_t i = 0; i < s->n_touched; i++) {
            uint32_t doc = s->touched[i];
            roaring_bitmap_add(cand, doc);
            if (s->acc[doc].score > best_text)
                best_text = s->acc[doc].score;
        }
    roaring_bitmap_and_inplace(cand, ix->live);
    uint64_t n_cand = roaring_bitmap_get_cardinality(cand);
    all = malloc((n_cand ? n_cand : 1) * sizeof *all);
    if (!all) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    size_t n_all = 0;
    roaring_uint32_iterator_t *it = roaring_create_iterator(cand);
    for (; it->has_value; roaring_advance_uint32_iterator(it)) {
        uint32_t doc = it->current_value;
        const idx_doc *d = &ix->docs[doc];
        const idx_org *o = &ix->orgs[d->org];
        if (d->listing_id == pq->listing_id || o->id == pq->org_id)
            continue;
        if (!same_country && !strcmp(o->country, me->country))
            continue;
        code_fit cf = fit_all(ix, pq, d);
        /* A listing pairs with the opposite direction, or, for two
         * co-production listings, with a value-chain neighbour; an
         * organisation fits listings of either direction. */
        bool complementary = pq->direction < 0 || (int)d->direction != pq->direction ||
                             (pq->kind == KIND_COPRODUCTION && d->kind == KIND_COPRODUCTION &&
                              cf.reason.type == MR_VALUE_CHAIN && cf.fit > 0);
        if (!complementary)
            continue;
        double text_sim = s && best_text > 0 && idx_scratch_has(s, doc) ? s->acc[doc].score / best_text : 0;
        if (cf.fit == 0 && text_sim < 0.2)
            continue; /* neither the codes nor the words say they belong together */
        double score = W_CODE * cf.fit + W_TEXT * text_sim;
        double qf = quantity_fit(pq, d);
        score += qf > 0 ? W_QTY * qf : 0;
        for (size_t c = 0; c < me->n_certs; c++)
            for (size_t k = 0; k < o->n_certs; k++)
                if (!strcmp(me->certs[c], o->certs[k]))
                    score += W_CERT / (double)(me->n_certs ? me->n_certs : 1);
        bool targeted = false;
        for (size_t t = 0; t < pq->n_targets; t++)
            targeted |= !strcmp(pq->targets[t], o->country);
        for (int t = 0; t < IDX_MAX_CODES && d->targets[t][0]; t++)
            targeted |= !strcmp(d->targets[t], me->country);
        score += targeted ? W_TARGET : 0;
        if (me->has_coords && o->has_coords) {
            bool rail;
            score += W_DIST / (1 + org_distance(opt, me, o, &rail) / 1000);
        }
        double age = ix->today - d->updated_day;
        score += W_FRESH * exp(-(age > 0 ? age : 0) / 180.0) + W_TIER * o->tier / 2.0;
        all[n_all++] = (scored){doc, score};
    }
    roaring_free_uint32_iterator(it);
    qsort(all, n_all, sizeof *all, cmp_scored);
    out->n_hits = n_all < limit ? n_all : limit;
    out->hits = calloc(out->n_hits ? out->n_hits : 1, sizeof *out->hits);
    if (!out->hits) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < out->n_hits; i++) {
        uint32_t doc = all[i].doc;
        const idx_doc *d = &ix->docs[doc];
        const idx_org *o = &ix->orgs[d->org];
        match_hit *h = &out->hits[i];
        h->listing_id = d->listing_id;
        h->score = all[i].score;
        code_fit cf = fit_all(ix, pq, d);
        if (cf.fit >= 0.5)
            push_reason(h, cf.reason);
        double text_sim = s && best_text > 0 && idx_scratch_has(s, doc) ? s->acc[doc].score / best_text : 0;
        if (text_sim >= 0.005) /* what rounds to 0.00 says nothing */
            push_reason(h, (match_reason){.type = MR_TEXT_SIMILARITY, .value = round(text_sim * 100) / 100});
        double qf = quantity_fit(pq, d);
        if (qf > 0)
            push_reason(h, (match_reason){.type = MR_QUANTITY_FIT, .value = round(qf * 100) / 100});
        for (size_t c = 0; c < me->n_certs; c++)
            for (size_t k = 0; k < o->n_certs; k++)
                if (!strcmp(me->certs[c], o->certs[k])) {
                    match_reason r = {.type = MR_CERTIFICATION};
                    snprintf(r.code, sizeof r.code, "%.31s", o->certs[k]);
                    push_reason(h, r);
                }
        for (size_t t = 0; t < pq->n_targets; t++)
            if (!strcmp(pq->targets[t], o->country)) {
                match_reason r = {.type = MR_TARGET_COUNTRY};
                snprintf(r.code, sizeof r.code, "%s", o->country);
                push_reason(h, r);
            }
        if (me->has_coords && o->has_coords) {
            bool rail;
            double km = org_distance(opt, me, o, &rail);
            push_reason(h, (match_reason){.type = rail ? MR_RAIL_KM : MR_DISTANCE_KM, .value = round(km)});
        }
        if (o->tier > TIER_SELF_DECLARED) {
            match_reason r = {.type = MR_VERIFIED};
            snprintf(r.code, sizeof r.code, "%s", model_enum_name(ENUM_TIER, o->tier));
            push_reason(h, r);
        }
    }
done:
    if (s)
        idx_scratch_put(ix, s);
    pthread_rwlock_unlock(&ix->lock);
    roaring_bitmap_free(cand);
    free(all);
    if (rc)
        match_result_free(out);
    return rc;
}

int match_listing(idx *ix, const listing *l, const match_options *opt, match_result *out, hk_err *err)
{
    partner_query pq = {.org_id = l->org_id, .listing_id = l->id, .direction = (int)l->direction,
                        .kind = (int)l->kind, .targets = l->targets, .n_targets = l->n_targets,
                        .qty = l->n_quantities ? &l->quantities[0] : NULL};
    for (size_t i = 0; i < l->n_hs && pq.n_hs < IDX_MAX_CODES; i++)
        if (strlen(l->hs[i]) >= 4)
            snprintf(pq.hs[pq.n_hs++], 5, "%.4s", l->hs[i]);
    const listing_text *tx = NULL;
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL || !tx)
            tx = &l->texts[i];
    char text[2048] = "";
    if (tx) {
        snprintf(text, sizeof text, "%s %.1500s", tx->title, tx->description ? tx->description : "");
        pq.lang = tx->lang;
    }
    pq.text = text;
    return rank_partners(ix, &pq, opt, out, err);
}

int match_organisation(idx *ix, const organisation *o, const match_options *opt, match_result *out, hk_err *err)
{
    partner_query pq = {.org_id = o->id, .direction = -1, .kind = -1};
    for (size_t i = 0; i < o->n_hs && pq.n_hs < IDX_MAX_CODES; i++)
        if (strlen(o->hs[i]) >= 4)
            snprintf(pq.hs[pq.n_hs++], 5, "%.4s", o->hs[i]);
    for (size_t i = 0; i < o->n_isic && pq.n_isic < IDX_MAX_CODES; i++)
        if (strlen(o->isic[i]) >= 3)
            snprintf(pq.isic[pq.n_isic++], 4, "%.3s", o->isic[i]);
    /* Its capabilities in words: what it can make or do. */
    char text[2048] = "";
    size_t at = 0;
    for (size_t i = 0; i < o->n_capabilities && at + 2 < sizeof text; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s. ", o->capabilities[i].text);
    pq.text = text;
    pq.lang = NULL;
    return rank_partners(ix, &pq, opt, out, err);
}
