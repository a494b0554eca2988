/*
 * idx_put.c - putting a listing into the index, in three steps so that
 * only the last needs the write lock:
 *
 *   idx_prep_analyse     analyse its texts (titles through a build
 *                        thread's memo), fill its document row and
 *                        facet keys (no lock; the slow part)
 *   idx_prep_group       one group per distinct term, positions coded,
 *                        term ids and bitmaps from a build cache (no lock)
 *   idx_prep_commit      append the row, postings and facets (write lock)
 *
 * idx_put_listing runs the three for one listing; the bulk build
 * (idx_build.c) runs the first two for a batch and commits the batch
 * under one write lock.
 */
#include "index/idx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_codes(char (*dst)[5], size_t width, char **src, size_t n, size_t keep)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < IDX_MAX_CODES; i++) {
        if (strlen(src[i]) < keep)
            continue;
        char *slot = (char *)dst + k * width;
        memcpy(slot, src[i], keep);
        slot[keep] = '\0';
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup |= !strcmp((char *)dst + j * width, slot);
        if (!dup)
            k++;
    }
    for (; k < IDX_MAX_CODES; k++)
        ((char *)dst + k * width)[0] = '\0';
}

int idx_prep_analyse(idx *ix, const listing *l, idx_prep *pr, text_tokens *toks, idx_memo *memo, hk_err *err)
{
    idx_pending_reset(&pr->p);
    free(pr->disp);
    pr->disp = NULL;
    int rc = 0;
    uint32_t pos_title = 0, pos_desc = 0;
    /* The original text (or the first), whose title result lists show and
     * near-identical listings are told by. */
    size_t orig = 0;
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL) {
            orig = i;
            break;
        }
    size_t key_from = 0, key_to = 0;
    /* Titles, then descriptions: each field in position order, as
     * idx_pending_group wants. */
    for (size_t i = 0; i < l->n_texts && !rc; i++) {
        if (i == orig)
            key_from = pr->p.n;
        rc = idx_memo_analyse(memo, ix->a, &pr->p, l->texts[i].title, l->texts[i].lang, IDX_FIELD_TITLE, 0,
                              &pos_title, toks, err);
        if (i == orig)
            key_to = pr->p.n;
    }
    if (!rc && idx_disp_make(l, idx_title_key(&pr->p, key_from, key_to), &pr->disp))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < l->n_texts && !rc; i++)
        rc = idx_pending_analyse(ix->a, &pr->p, l->texts[i].description, l->texts[i].lang, IDX_FIELD_DESC,
                                 IDX_DESC_BASE, &pos_desc, toks, err);
    if (rc)
        return rc;
    idx_doc *d = &pr->d;
    memset(d, 0, sizeof *d);
    d->listing_id = l->id;
    d->direction = (uint8_t)l->direction;
    d->kind = (uint8_t)l->kind;
    d->status = (uint8_t)l->status;
    d->expires_day = l->expires[0] ? idx_day_of(l->expires) : INT32_MAX;
    d->deadline_day = l->deadline[0] ? idx_day_of(l->deadline) : INT32_MAX;
    d->updated_day = (int32_t)(l->updated_at / 86400);
    copy_codes(d->hs, sizeof d->hs[0], l->hs, l->n_hs, 4);
    copy_codes((char(*)[5])d->isic, sizeof d->isic[0], l->isic, l->n_isic, 3);
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL)
            snprintf(d->lang, sizeof d->lang, "%.3s", l->texts[i].lang);
    for (size_t i = 0; i < l->n_targets && i < IDX_MAX_CODES; i++)
        memcpy(d->targets[i], l->targets[i], 3);
    if (l->n_quantities) {
        d->qty = (float)l->quantities[0].amount;
        snprintf(d->qty_unit, sizeof d->qty_unit, "%.7s", l->quantities[0].unit ? l->quantities[0].unit : "");
    }
    pr->org_id = l->org_id;
    pr->published = l->status == STATUS_PUBLISHED;
    pr->n_fkeys = idx_doc_fkeys(ix->t, d, pr->fkey);
    memset(pr->fbm, 0, sizeof pr->fbm);
    return 0;
}

int idx_prep_group(idx_prep *pr, idx_cache *c)
{
    int rc = idx_pending_group(&pr->p);
    if (rc || !c)
        return rc;
    for (size_t i = 0; i < pr->p.n_grp; i++) {
        idx_group *g = &pr->p.grp[i];
        uintptr_t *id = idx_strmap_get(&c->terms, pr->p.terms + g->off, g->hash);
        if (id)
            g->term = (int32_t)*id;
    }
    for (size_t i = 0; i < pr->n_fkeys; i++) {
        uintptr_t *bm = idx_strmap_get(&c->bitmaps, pr->fkey[i], idx_hash(pr->fkey[i], strlen(pr->fkey[i])));
        if (bm)
            pr->fbm[i] = (roaring_bitmap_t *)*bm;
    }
    return 0;
}

/* The bitmap of facet key, made when missing and remembered in c. */
static roaring_bitmap_t *bitmap_for(idx *ix, const char *key, idx_cache *c)
{
    roaring_bitmap_t *bm = idx_bitmap_make(ix, key);
    if (bm && c)
        idx_strmap_put(&c->bitmaps, key, idx_hash(key, strlen(key)), (uintptr_t)bm);
    return bm;
}

/* Adds doc to the bitmaps of its own and its organisation's facet values. */
static int add_facets(idx *ix, idx_prep *pr, uint32_t doc, idx_cache *c)
{
    idx_org *o = &ix->orgs[pr->d.org];
    if (!o->fbm[0]) {
        char keys[IDX_ORG_FACETS][IDX_FKEY];
        idx_org_fkeys(o, keys);
        for (int i = 0; i < IDX_ORG_FACETS; i++)
            if (!(o->fbm[i] = bitmap_for(ix, keys[i], NULL))) {
                memset(o->fbm, 0, sizeof o->fbm);
                return HK_ENOMEM;
            }
    }
    for (int i = 0; i < IDX_ORG_FACETS; i++)
        roaring_bitmap_add(o->fbm[i], doc);
    for (size_t i = 0; i < pr->n_fkeys; i++) {
        if (!pr->fbm[i] && !(pr->fbm[i] = bitmap_for(ix, pr->fkey[i], c)))
            return HK_ENOMEM;
        roaring_bitmap_add(pr->fbm[i], doc);
    }
    return 0;
}

#define PF_TAIL 4

static size_t imap_slot(size_t cap, int64_t key)
{
    return (size_t)idx_hash((const char *)&key, sizeof key) & (cap - 1);
}

void idx_prep_prefetch(idx *ix, const idx_prep *pr, int stage)
{
    if (stage == 0) {
        if (ix->omap_cap) {
            size_t i = imap_slot(ix->omap_cap, pr->org_id);
            __builtin_prefetch(&ix->omap_key[i]);
            __builtin_prefetch(&ix->omap_val[i]);
        }
        if (ix->lmap_cap) {
            size_t i = imap_slot(ix->lmap_cap, pr->d.listing_id);
            __builtin_prefetch(&ix->lmap_key[i]);
            __builtin_prefetch(&ix->lmap_val[i]);
        }
        return;
    }
    const uint32_t *org = idx_imap_find(ix->omap_key, ix->omap_val, ix->omap_cap, pr->org_id);
    if (org) {
        const idx_org *o = &ix->orgs[*org];
        __builtin_prefetch(o);
        __builtin_prefetch((const char *)o + 64);
    }
    for (size_t i = 0; i < pr->p.n_grp; i++)
        if (pr->p.grp[i].term >= 0)
            __builtin_prefetch(&ix->terms[pr->p.grp[i].term]);
}

int idx_prep_commit(idx *ix, idx_prep *pr, idx_cache *c, hk_err *err)
{
    int rc = 0;
    /* The organisation's names stay with it (idx_org); the listing only
     * learns which one it is. */
    uint32_t *org = idx_imap_find(ix->omap_key, ix->omap_val, ix->omap_cap, pr->org_id);
    if (!org)
        return hk_err_set(err, HK_EINVAL, "org_id", "organisation %lld is not in the index", (long long)pr->org_id);
    pr->d.org = *org;
    uint32_t *old = idx_imap_find(ix->lmap_key, ix->lmap_val, ix->lmap_cap, pr->d.listing_id);
    if (old)
        idx_kill_doc(ix, *old);
    if (ix->n_docs == ix->cap_docs) {
        size_t cap = ix->cap_docs ? ix->cap_docs * 2 : 4096;
        idx_doc *d = realloc(ix->docs, cap * sizeof *d);
        if (d)
            ix->docs = d;
        idx_dnorm *dn = d ? realloc(ix->dn, cap * sizeof *dn) : NULL;
        if (dn)
            ix->dn = dn;
        idx_dfacet *df = dn ? realloc(ix->df, cap * sizeof *df) : NULL;
        if (df)
            ix->df = df;
        idx_disp **disp = df ? realloc(ix->disp, cap * sizeof *disp) : NULL;
        if (!disp)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        ix->disp = disp;
        uint64_t *lb = df ? realloc(ix->live_bits, cap / 64 * sizeof *lb) : NULL;
        if (!lb)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        memset(lb + ix->cap_docs / 64, 0, (cap - ix->cap_docs) / 64 * sizeof *lb);
        ix->live_bits = lb;
        ix->cap_docs = cap;
    }
    uint32_t doc = (uint32_t)ix->n_docs;
    idx_doc *d = &ix->docs[doc];
    *d = pr->d;
    memcpy(d->len, pr->p.flen, sizeof d->len);
    memset(&ix->dn[doc], 0, sizeof ix->dn[doc]);
    memcpy(ix->dn[doc].len, d->len, sizeof ix->dn[doc].len);
    ix->dn[doc].org = d->org;
    idx_dfacet_of(d, &ix->df[doc]);
    ix->disp[doc] = pr->disp; /* taken over */
    pr->disp = NULL;
    if (ix->disp[doc])
        ix->bytes += ix->disp[doc]->size;
    ix->n_docs++;
    const idx_pending *p = &pr->p;
    for (size_t i = 0; i < p->n_grp && !rc; i++) {
        /* Each posting lands at the end of its term's lists, cold in the
         * cache: the ends are fetched PF_TAIL groups ahead (the term's
         * record came with idx_prep_prefetch). */
        if (i + PF_TAIL < p->n_grp && p->grp[i + PF_TAIL].term >= 0) {
            const idx_term *t = &ix->terms[p->grp[i + PF_TAIL].term];
            __builtin_prefetch(t->v + t->n, 1);
            __builtin_prefetch(t->pos + t->pos_n, 1);
        }
        const idx_group *g = &p->grp[i];
        int32_t term = g->term;
        if (term < 0) {
            const char *text = p->terms + g->off;
            term = idx_term_get(ix, text, g->hash);
            if (term >= 0 && c)
                idx_strmap_put(&c->terms, text, g->hash, (uintptr_t)term);
        }
        if (term < 0 || idx_term_add_group(ix, term, doc, g, p->pos))
            rc = HK_ENOMEM;
    }
    idx_org *o = &ix->orgs[d->org];
    if (!rc && o->n_docs == o->cap_docs) {
        size_t cap = o->cap_docs ? o->cap_docs * 2 : 4;
        uint32_t *v = realloc(o->docs, cap * sizeof *v);
        if (!v)
            rc = HK_ENOMEM;
        else {
            o->docs = v;
            o->cap_docs = cap;
        }
    }
    if (!rc) {
        o->docs[o->n_docs++] = doc;
        rc = idx_imap_put(&ix->lmap_key, &ix->lmap_val, &ix->lmap_cap, &ix->lmap_used, d->listing_id, doc);
    }
    if (!rc)
        rc = add_facets(ix, pr, doc, c);
    if (rc) {
        /* The postings written so far point at a document that is dead. */
        d->dead = 1;
        ix->dn[doc].dead = 1;
        idx_disp_drop(ix, doc);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    if (idx_doc_live_today(ix, d)) {
        idx_live_set(ix, doc, true);
        for (int f = 0; f < IDX_DOC_FIELDS; f++)
            ix->field_len_sum[f] += d->len[f];
        ix->n_live++;
    }
    idx_sorted_update(ix, false);
    return 0;
}

void idx_prep_free(idx_prep *pr)
{
    idx_pending_free(&pr->p);
    free(pr->disp);
    pr->disp = NULL;
}

int idx_put_listing(idx *ix, const listing *l, hk_err *err)
{
    idx_prep *pr = calloc(1, sizeof *pr);
    if (!pr)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    text_tokens toks;
    text_tokens_init(&toks);
    int rc = idx_prep_analyse(ix, l, pr, &toks, NULL, err);
    text_tokens_free(&toks);
    if (!rc && idx_prep_group(pr, NULL))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    if (!rc) {
        idx_refresh_day(ix); /* so that it is judged against today */
        pthread_rwlock_wrlock(&ix->lock);
        rc = idx_prep_commit(ix, pr, NULL, err);
        pthread_rwlock_unlock(&ix->lock);
    }
    idx_prep_free(pr);
    free(pr);
    return rc;
}
