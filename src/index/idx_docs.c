/*
 * idx_docs.c - the index's life cycle and its document table: creating
 * and freeing an index, the listing and organisation id maps, putting
 * organisations, deleting listings. Putting a listing is idx_put.c.
 */
#include "index/idx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_huge.h"


int32_t idx_day_of(const char *date)
{
    if (!date || strlen(date) != 10)
        return INT32_MAX;
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    /* Days from civil (Howard Hinnant's algorithm). */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ---- int64 -> uint32 maps (listing id -> doc, organisation id -> org) ---- */

uint32_t *idx_imap_find(int64_t *keys, uint32_t *vals, size_t cap, int64_t key)
{
    if (!cap)
        return NULL;
    for (size_t i = (size_t)idx_hash((const char *)&key, sizeof key) & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (keys[i] == 0)
            return NULL;
        if (keys[i] == key)
            return &vals[i];
    }
}

int idx_imap_put(int64_t **keys, uint32_t **vals, size_t *cap, size_t *used, int64_t key, uint32_t val)
{
    uint32_t *v = idx_imap_find(*keys, *vals, *cap, key);
    if (v) {
        *v = val;
        return 0;
    }
    if ((*used + 1) * 2 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 4096;
        int64_t *nk = calloc(ncap, sizeof *nk);
        uint32_t *nv = calloc(ncap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return HK_ENOMEM;
        }
        for (size_t k = 0; k < *cap; k++) {
            if (!(*keys)[k])
                continue;
            size_t i = (size_t)idx_hash((const char *)&(*keys)[k], sizeof(int64_t)) & (ncap - 1);
            while (nk[i])
                i = (i + 1) & (ncap - 1);
            nk[i] = (*keys)[k];
            nv[i] = (*vals)[k];
        }
        free(*keys);
        free(*vals);
        *keys = nk;
        *vals = nv;
        *cap = ncap;
    }
    size_t i = (size_t)idx_hash((const char *)&key, sizeof key) & (*cap - 1);
    while ((*keys)[i])
        i = (i + 1) & (*cap - 1);
    (*keys)[i] = key;
    (*vals)[i] = val;
    (*used)++;
    return 0;
}

/* ---- life cycle ---- */

int idx_new(text_analyzer *a, tax *t, const char *today, idx **out, hk_err *err)
{
    idx *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->live = roaring_bitmap_create())) {
        free(ix);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    ix->a = a;
    ix->t = t;
    ix->fixed_today = today ? idx_day_of(today) : INT32_MIN;
    ix->today = today ? ix->fixed_today : (int32_t)(time(NULL) / 86400);
    ix->sweep_next = SIZE_MAX;
    pthread_rwlock_init(&ix->lock, NULL);
    pthread_mutex_init(&ix->pool_lock, NULL);
    *out = ix;
    return 0;
}

void idx_free(idx *ix)
{
    if (!ix)
        return;
    idx_dict_free(ix);
    idx_facets_free(ix);
    for (size_t i = 0; i < ix->n_orgs; i++) {
        free(ix->orgs[i].names);
        free(ix->orgs[i].name_pos);
        for (size_t k = 0; k < ix->orgs[i].n_certs; k++)
            free(ix->orgs[i].certs[k]);
        free(ix->orgs[i].certs);
        free(ix->orgs[i].docs);
        free(ix->orgs[i].name);
    }
    for (size_t i = 0; i < ix->n_docs; i++)
        free(ix->disp[i]);
    free(ix->disp);
    free(ix->orgs);
    free(ix->docs);
    free(ix->dn);
    free(ix->df);
    free(ix->live_bits);
    free(ix->lmap_key);
    free(ix->lmap_val);
    free(ix->omap_key);
    free(ix->omap_val);
    roaring_bitmap_free(ix->live);
    while (ix->pool) {
        idx_scratch *s = ix->pool;
        ix->pool = s->next;
        idx_scratch_free(s);
    }
    pthread_rwlock_destroy(&ix->lock);
    pthread_mutex_destroy(&ix->pool_lock);
    free(ix);
}

void idx_get_stats(idx *ix, idx_stats *out)
{
    pthread_rwlock_rdlock(&ix->lock);
    out->docs = ix->n_docs;
    out->live = (size_t)roaring_bitmap_get_cardinality(ix->live);
    out->terms = ix->n_terms;
    out->postings = ix->postings;
    size_t bm = 0;
    for (size_t i = 0; i < ix->bm_cap; i++)
        if (ix->bitmaps[i].key)
            bm += roaring_bitmap_size_in_bytes(ix->bitmaps[i].bm);
    out->memory_bytes = ix->bytes + bm + roaring_bitmap_size_in_bytes(ix->live) +
                        ix->cap_docs * (sizeof(idx_doc) + sizeof(idx_dnorm) + sizeof(idx_dfacet) + sizeof(idx_disp *)) +
                        ix->cap_docs / 8 + ix->cap_orgs * sizeof(idx_org) +
                        (ix->lmap_cap + ix->omap_cap) * (sizeof(int64_t) + sizeof(uint32_t)) +
                        ix->bm_cap * sizeof(idx_bitmap);
    pthread_rwlock_unlock(&ix->lock);
}

/* ---- documents ---- */

void idx_live_set(idx *ix, uint32_t doc, bool live)
{
    if (live) {
        roaring_bitmap_add(ix->live, doc);
        ix->live_bits[doc >> 6] |= 1ull << (doc & 63);
    } else {
        roaring_bitmap_remove(ix->live, doc);
        ix->live_bits[doc >> 6] &= ~(1ull << (doc & 63));
    }
}

void idx_kill_doc(idx *ix, uint32_t doc)
{
    idx_doc *d = &ix->docs[doc];
    if (d->dead)
        return;
    d->dead = 1;
    ix->dn[doc].dead = 1;
    idx_disp_drop(ix, doc);
    idx_note_killed(ix);
    if (roaring_bitmap_contains(ix->live, doc)) {
        idx_live_set(ix, doc, false);
        for (int f = 0; f < IDX_DOC_FIELDS; f++)
            ix->field_len_sum[f] -= d->len[f];
        ix->n_live--;
    }
    idx_doc_facets(ix, doc, false);
    idx_org *o = &ix->orgs[d->org];
    for (size_t i = 0; i < o->n_docs; i++)
        if (o->docs[i] == doc) {
            o->docs[i] = o->docs[--o->n_docs];
            break;
        }
}

const idx_doc *idx_doc_of(const idx *ix, int64_t listing_id, uint32_t *doc)
{
    uint32_t *d = idx_imap_find(ix->lmap_key, ix->lmap_val, ix->lmap_cap, listing_id);
    if (!d || ix->docs[*d].dead)
        return NULL;
    if (doc)
        *doc = *d;
    return &ix->docs[*d];
}

void idx_delete_listing(idx *ix, int64_t listing_id)
{
    pthread_rwlock_wrlock(&ix->lock);
    uint32_t *doc = idx_imap_find(ix->lmap_key, ix->lmap_val, ix->lmap_cap, listing_id);
    if (doc)
        idx_kill_doc(ix, *doc);
    pthread_rwlock_unlock(&ix->lock);
}

int idx_put_organisation(idx *ix, const organisation *o, hk_err *err)
{
    text_tokens toks;
    text_tokens_init(&toks);
    idx_org_prep op;
    memset(&op, 0, sizeof op);
    int rc = idx_org_prep_make(ix, o, &op, &toks, err);
    text_tokens_free(&toks);
    if (!rc) {
        pthread_rwlock_wrlock(&ix->lock);
        rc = idx_org_prep_commit(ix, &op, err);
        pthread_rwlock_unlock(&ix->lock);
    }
    idx_org_prep_free(&op);
    return rc;
}

/* Takes organisation org (index) out of the term lists of its names and
 * frees them. Caller holds the write lock. */
static void drop_names(idx *ix, uint32_t org)
{
    idx_org *g = &ix->orgs[org];
    for (uint16_t i = 0; i < g->n_names; i++)
        idx_term_remove_org(ix, g->names[i].term, org);
    size_t pos_bytes = 0;
    for (uint16_t i = 0; i < g->n_names; i++)
        pos_bytes += g->names[i].pos_len;
    ix->bytes -= g->n_names * sizeof *g->names + pos_bytes;
    ix->field_len_sum[IDX_FIELD_ORG] -= g->name_len;
    free(g->names);
    free(g->name_pos);
    g->names = NULL;
    g->name_pos = NULL;
    g->n_names = g->name_len = 0;
}

/* Gives organisation org the grouped name terms of p: each term found or
 * made, and org added to its list. Caller holds the write lock. */
static int set_names(idx *ix, uint32_t org, const idx_pending *p)
{
    idx_org *g = &ix->orgs[org];
    size_t n = p->n_grp < UINT16_MAX ? p->n_grp : UINT16_MAX;
    g->names = malloc((n ? n : 1) * sizeof *g->names);
    g->name_pos = malloc(p->pos_n ? p->pos_n : 1);
    if (!g->names || !g->name_pos) {
        free(g->names);
        free(g->name_pos);
        g->names = NULL;
        g->name_pos = NULL;
        return HK_ENOMEM;
    }
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        const idx_group *gr = &p->grp[i];
        int32_t term = idx_term_get(ix, p->terms + gr->off, gr->hash);
        if (term < 0 || idx_term_add_org(ix, term, org, gr->tf[IDX_FIELD_ORG])) {
            for (size_t j = 0; j < i; j++)
                idx_term_remove_org(ix, g->names[j].term, org);
            free(g->names);
            free(g->name_pos);
            g->names = NULL;
            g->name_pos = NULL;
            return HK_ENOMEM;
        }
        g->names[i] = (idx_org_term){term, gr->tf[IDX_FIELD_ORG], gr->n_pos, gr->pos_len};
        memcpy(g->name_pos + off, p->pos + gr->pos_off, gr->pos_len);
        off += gr->pos_len;
    }
    g->n_names = (uint16_t)n;
    g->name_len = p->flen[IDX_FIELD_ORG];
    ix->field_len_sum[IDX_FIELD_ORG] += g->name_len;
    ix->bytes += n * sizeof *g->names + off;
    idx_sorted_update(ix, false);
    return 0;
}

int idx_org_prep_make(idx *ix, const organisation *o, idx_org_prep *op, text_tokens *toks, hk_err *err)
{
    /* Its names are analysed and grouped here, with no lock; under the
     * lock (idx_org_prep_commit) their terms are found or made, and the
     * organisation joins each term's list of organisations, which is how
     * its listings are found by its names. */
    idx_pending_reset(&op->names);
    op->certs = NULL;
    op->n_certs = 0;
    free(op->name);
    op->name = NULL;
    uint32_t pos = 0;
    int rc = 0;
    for (size_t i = 0; i < o->n_names && !rc; i++)
        rc = idx_pending_analyse(ix->a, &op->names, o->names[i].text, o->names[i].lang, IDX_FIELD_ORG,
                                 IDX_ORG_BASE, &pos, toks, err);
    if (rc)
        return rc;
    if (idx_pending_group(&op->names))
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    op->certs = calloc(o->n_certifications ? o->n_certifications : 1, sizeof *op->certs);
    if (!op->certs)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (; op->n_certs < o->n_certifications; op->n_certs++)
        if (!(op->certs[op->n_certs] = strdup(o->certifications[op->n_certs].name))) {
            idx_org_prep_clear(op);
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        }
    const char *name = o->n_names ? o->names[0].text : "";
    for (size_t i = 0; i < o->n_names; i++)
        if (o->names[i].primary) {
            name = o->names[i].text;
            break;
        }
    if (!(op->name = strdup(name ? name : ""))) {
        idx_org_prep_clear(op);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    op->id = o->id;
    memcpy(op->country, o->country, 3);
    op->type = (uint8_t)o->type;
    op->sme = o->sme;
    op->tier = (uint8_t)o->tier;
    op->lat = (float)o->lat;
    op->lon = (float)o->lon;
    op->has_coords = o->has_coords;
    return 0;
}

void idx_org_prep_clear(idx_org_prep *op)
{
    for (size_t i = 0; op->certs && i < op->n_certs; i++)
        free(op->certs[i]);
    free(op->certs);
    op->certs = NULL;
    op->n_certs = 0;
    free(op->name);
    op->name = NULL;
}

void idx_org_prep_free(idx_org_prep *op)
{
    idx_org_prep_clear(op);
    idx_pending_free(&op->names);
}

int idx_org_prep_commit(idx *ix, idx_org_prep *op, hk_err *err)
{
    int rc = 0;
    uint32_t *at = idx_imap_find(ix->omap_key, ix->omap_val, ix->omap_cap, op->id);
    idx_org *g;
    if (at) {
        g = &ix->orgs[*at];
        /* Its listings leave the facets of the old values and join the new. */
        for (size_t i = 0; i < g->n_docs; i++)
            idx_doc_facets(ix, g->docs[i], false);
        drop_names(ix, *at);
        for (size_t k = 0; k < g->n_certs; k++)
            free(g->certs[k]);
        free(g->certs);
    } else {
        if (ix->n_orgs == ix->cap_orgs) {
            size_t cap = ix->cap_orgs ? ix->cap_orgs * 2 : 1024;
            idx_org *v = realloc(ix->orgs, cap * sizeof *v);
            if (!v)
                return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
            ix->orgs = v;
            ix->cap_orgs = cap;
        }
        g = &ix->orgs[ix->n_orgs];
        memset(g, 0, sizeof *g);
        if (idx_imap_put(&ix->omap_key, &ix->omap_val, &ix->omap_cap, &ix->omap_used, op->id, (uint32_t)ix->n_orgs))
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        ix->n_orgs++;
    }
    g->id = op->id;
    memcpy(g->country, op->country, 3);
    g->type = op->type;
    g->sme = op->sme;
    g->tier = op->tier;
    if (set_names(ix, (uint32_t)(g - ix->orgs), &op->names))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory"); /* it keeps no names */
    g->certs = op->certs; /* taken over */
    g->n_certs = op->n_certs;
    op->certs = NULL;
    op->n_certs = 0;
    if (op->name) {
        if (g->name)
            ix->bytes -= strlen(g->name) + 1;
        free(g->name);
        g->name = op->name; /* taken over */
        op->name = NULL;
        ix->bytes += strlen(g->name) + 1;
    }
    g->lat = op->lat;
    g->lon = op->lon;
    g->has_coords = op->has_coords;
    memset(g->fbm, 0, sizeof g->fbm); /* its facet values may have changed */
    for (size_t i = 0; i < g->n_docs; i++)
        idx_doc_facets(ix, g->docs[i], true);
    return rc;
}

void idx_docs_to_huge(idx *ix)
{
    /* Later growth reallocs them, which keeps the pages already moved. */
    ix->docs = hk_huge_move(ix->docs, ix->n_docs * sizeof *ix->docs, ix->cap_docs * sizeof *ix->docs);
    ix->dn = hk_huge_move(ix->dn, ix->n_docs * sizeof *ix->dn, ix->cap_docs * sizeof *ix->dn);
    ix->df = hk_huge_move(ix->df, ix->n_docs * sizeof *ix->df, ix->cap_docs * sizeof *ix->df);
    ix->orgs = hk_huge_move(ix->orgs, ix->n_orgs * sizeof *ix->orgs, ix->cap_orgs * sizeof *ix->orgs);
}
