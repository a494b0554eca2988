/*
 * idx_display.c - what a result list shows of a listing, kept by the
 * index beside its document so that a page of hits is written from
 * memory, never with a store read per hit: the original text's title and
 * language and the listing's HS codes (a compact record per listing,
 * made when the listing is put, freed when its document dies), and each
 * organisation's primary name (kept with the organisation, so a rename
 * reaches every listing at once, like its names' terms).
 *
 * The record also carries the key of the title's normalised words, by
 * which near-identical listings of one organisation are told apart
 * (idx_collapse.c).
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

/* The original text of l (its first when none is marked original), as
 * http_listing_original chooses it. */
static const listing_text *original(const listing *l)
{
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL)
            return &l->texts[i];
    return l->n_texts ? &l->texts[0] : NULL;
}

uint32_t idx_title_key(const idx_pending *p, size_t from, size_t to)
{
    /* FNV-1a over the words' stems and Han bigrams in order, separated:
     * case, punctuation, spacing and inflection do not change it. Cross-
     * script keys are left out (they follow from the words). */
    uint32_t h = 2166136261u;
    for (size_t i = from; i < to && i < p->n; i++) {
        const char *t = p->terms + p->occ[i].off;
        if (t[0] == 'x')
            continue;
        for (; *t; t++)
            h = (h ^ (uint8_t)*t) * 16777619u;
        h = (h ^ 0xFFu) * 16777619u;
    }
    return h ? h : 1;
}

int idx_disp_make(const listing *l, uint32_t title_key, idx_disp **out)
{
    *out = NULL;
    const listing_text *t = original(l);
    const char *title = t && t->title ? t->title : "", *lang = t && t->lang ? t->lang : "";
    size_t tl = strlen(title), ll = strlen(lang), size = sizeof(idx_disp) + tl + 1 + ll + 1;
    if (tl > UINT16_MAX)
        tl = UINT16_MAX;
    if (ll > UINT8_MAX)
        ll = UINT8_MAX;
    size_t n_hs = l->n_hs < UINT8_MAX ? l->n_hs : UINT8_MAX;
    for (size_t i = 0; i < n_hs; i++)
        size += strlen(l->hs[i]) + 1;
    idx_disp *d = malloc(size);
    if (!d)
        return HK_ENOMEM;
    d->title_key = title_key;
    d->size = (uint32_t)size;
    d->title_len = (uint16_t)tl;
    d->lang_len = (uint8_t)ll;
    d->n_hs = (uint8_t)n_hs;
    char *w = d->text;
    memcpy(w, title, tl);
    w[tl] = '\0';
    w += tl + 1;
    memcpy(w, lang, ll);
    w[ll] = '\0';
    w += ll + 1;
    for (size_t i = 0; i < n_hs; i++) {
        size_t n = strlen(l->hs[i]);
        memcpy(w, l->hs[i], n + 1);
        w += n + 1;
    }
    *out = d;
    return 0;
}

void idx_disp_drop(idx *ix, uint32_t doc)
{
    idx_disp *d = ix->disp[doc];
    if (!d)
        return;
    ix->bytes -= d->size;
    free(d);
    ix->disp[doc] = NULL;
}

void idx_summaries_free(idx_summaries *s)
{
    free(s->v);
    free(s->arena);
    memset(s, 0, sizeof *s);
}

int idx_summaries_get(idx *ix, const int64_t *ids, size_t n, idx_summaries *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    pthread_rwlock_rdlock(&ix->lock);
    /* One block for every string of the page: sized first, then copied. */
    size_t size = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t doc;
        const idx_doc *d = idx_doc_of(ix, ids[i], &doc);
        if (!d || !ix->disp[doc])
            continue;
        const idx_org *o = &ix->orgs[d->org];
        size += ix->disp[doc]->size + (o->name ? strlen(o->name) : 0) + 1;
    }
    char *arena = malloc(size);
    if (!arena) {
        pthread_rwlock_unlock(&ix->lock);
        idx_summaries_free(out);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t doc;
        const idx_doc *d = idx_doc_of(ix, ids[i], &doc);
        idx_summary *s = &out->v[i];
        s->listing_id = ids[i];
        if (!d || !ix->disp[doc])
            continue; /* gone since the search: the caller skips it */
        const idx_disp *r = ix->disp[doc];
        const idx_org *o = &ix->orgs[d->org];
        size_t len = r->size - sizeof *r;
        memcpy(arena + at, r->text, len);
        s->title = arena + at;
        s->lang = s->title + r->title_len + 1;
        s->hs = s->lang + r->lang_len + 1;
        s->n_hs = r->n_hs;
        at += len;
        size_t nl = o->name ? strlen(o->name) : 0;
        memcpy(arena + at, o->name ? o->name : "", nl + 1);
        s->org_name = arena + at;
        at += nl + 1;
        s->org_id = o->id;
        memcpy(s->country, o->country, sizeof s->country);
        s->direction = (listing_direction)d->direction;
        s->kind = (listing_kind)d->kind;
        s->found = true;
    }
    pthread_rwlock_unlock(&ix->lock);
    out->arena = arena;
    out->n = n;
    return 0;
}
