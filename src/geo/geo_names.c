/*
 * geo_names.c - finding cities by name: every name of every city (English,
 * Russian, Chinese, local, aliases) is folded once at load (geo_fold.c)
 * into one sorted array of keys, with an extra key for each later word of
 * a name ("petersburg" in "saint petersburg"). A lookup is a binary search
 * for the whole folded name; a suggestion is a binary search for the first
 * key with the folded prefix and a scan of the keys that share it.
 */
#include "geo/geo_int.h"

#include <stdlib.h>
#include <string.h>

/* Orders keys by text, whole names before word keys, then by importance,
 * so the first entry of a run of equal keys is the best one. */
static int cmp_names_r(const void *pa, const void *pb, void *ctx)
{
    const geo *g = ctx;
    const geo_name *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    if (a->word != b->word)
        return a->word - b->word;
    uint64_t pa_ = g->prio[a->city], pb_ = g->prio[b->city];
    return pa_ < pb_ ? -1 : pa_ > pb_;
}

static int cmp_country_rank_r(const void *pa, const void *pb, void *ctx)
{
    const geo *g = ctx;
    const geo_city *a = &g->cities[*(const uint32_t *)pa], *b = &g->cities[*(const uint32_t *)pb];
    int c = strcmp(a->country, b->country);
    return c ? c : a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* The file lists each country's cities most important first; prio is that
 * position, then the rank (see geo_int.h). */
static int prio_build(geo *g, hk_err *err)
{
    uint32_t *ix = malloc(g->n * sizeof *ix);
    g->prio = malloc(g->n * sizeof *g->prio);
    if (!ix || !g->prio) {
        free(ix);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < g->n; i++)
        ix[i] = (uint32_t)i;
    qsort_r(ix, g->n, sizeof *ix, cmp_country_rank_r, g);
    uint64_t pos = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (i > 0 && strcmp(g->cities[ix[i]].country, g->cities[ix[i - 1]].country))
            pos = 0;
        g->prio[ix[i]] = pos++ * GEO_MAX_CITIES + g->cities[ix[i]].rank;
    }
    free(ix);
    return 0;
}

/* Collects the names of city c into out (4 + c->n_aliases entries), in
 * the order of preference for display (geo_name.which). */
static size_t names_of(const geo_city *c, const char **out)
{
    size_t n = 0;
    out[n++] = c->name_en;
    out[n++] = c->local;
    out[n++] = c->name_ru;
    out[n++] = c->name_zh;
    for (size_t i = 0; i < c->n_aliases; i++)
        out[n++] = c->aliases[i];
    return n;
}

int geo_names_build(geo *g, hk_err *err)
{
    int rc = prio_build(g, err);
    if (rc)
        return rc;
    /* Sizes first: pool bytes are bounded by the names' own bytes. */
    size_t n_keys = 0, pool = 0, max_names = 4;
    for (size_t i = 0; i < g->n; i++) {
        const geo_city *c = &g->cities[i];
        if (c->n_aliases + 4 > max_names)
            max_names = c->n_aliases + 4;
        const char *four[4] = {c->name_en, c->name_ru, c->name_zh, c->local};
        for (size_t k = 0; k < 4 + c->n_aliases; k++) {
            const char *s = k < 4 ? four[k] : c->aliases[k - 4];
            /* A folded name is never longer than the name, and each later
             * word key needs a space and a letter before it. */
            pool += strlen(s) + 1;
            n_keys += 1 + strlen(s) / 2;
        }
    }
    const char **nm = malloc(max_names * sizeof *nm);
    g->fold_pool = malloc(pool ? pool : 1);
    g->names = malloc(n_keys * sizeof *g->names);
    if (!nm || !g->fold_pool || !g->names) {
        free(nm);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    size_t used = 0;
    for (size_t i = 0; i < g->n; i++) {
        size_t k = names_of(&g->cities[i], nm);
        for (size_t j = 0; j < k; j++) {
            char *dst = g->fold_pool + used;
            int len = geo_fold(nm[j], dst, pool - used);
            if (len <= 0) { /* checked at load; a bug if it happens */
                const char *bad = nm[j]; /* owned by the geo, not by nm */
                free(nm);
                return hk_err_set(err, HK_EINTERNAL, g->cities[i].id, "name \"%s\" did not fold",
                                  bad);
            }
            /* The same folded key twice for one city (Алматы as Russian and
             * Kazakh name) would only crowd the scan: keep the first. */
            bool dup = false;
            for (size_t x = g->n_names; x-- > 0 && g->names[x].city == i;)
                if (!g->names[x].word && !strcmp(g->names[x].key, dst))
                    dup = true;
            if (dup)
                continue;
            used += (size_t)len + 1;
            uint8_t which = j < 4 ? (uint8_t)j : 4;
            g->names[g->n_names++] = (geo_name){dst, nm[j], (uint32_t)i, 0, which};
            for (char *p = dst; *p; p++)
                if (*p == ' ')
                    g->names[g->n_names++] = (geo_name){p + 1, nm[j], (uint32_t)i, 1, which};
        }
    }
    free(nm);
    qsort_r(g->names, g->n_names, sizeof *g->names, cmp_names_r, g);
    return 0;
}

/* Index of the first key >= s. */
static size_t lower_bound(const geo *g, const char *s)
{
    size_t lo = 0, hi = g->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->names[mid].key, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *geo_lookup(const geo *g, const char *name, const char *country)
{
    if (!g || !name)
        return NULL;
    size_t len = strlen(name);
    if (len == 0 || len > GEO_MAX_NAME * 4)
        return NULL;
    char *key = malloc(len + 1);
    if (!key)
        return NULL;
    const char *found = NULL;
    if (geo_fold(name, key, len + 1) > 0) {
        for (size_t i = lower_bound(g, key); i < g->n_names && !strcmp(g->names[i].key, key);
             i++) {
            const geo_name *e = &g->names[i];
            const geo_city *c = &g->cities[e->city];
            if (e->word)
                break; /* whole names sort first */
            if (country && *country && strcmp(c->country, country))
                continue;
            found = c->id;
            break;
        }
    }
    free(key);
    return found;
}

typedef struct cand {
    uint32_t city;
    uint32_t score;      /* 0 exact name, 1 name prefix, 2 word prefix */
    uint32_t which;      /* geo_name.which of the name shown */
    const char *name;
} cand;

static int cmp_cand_r(const void *pa, const void *pb, void *ctx)
{
    const geo *g = ctx;
    const cand *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    uint64_t pa_ = g->prio[a->city], pb_ = g->prio[b->city];
    return pa_ < pb_ ? -1 : pa_ > pb_;
}

size_t geo_suggest(const geo *g, const char *prefix, size_t limit, geo_suggestion *out)
{
    if (!g || !prefix || !out || limit == 0)
        return 0;
    if (limit > GEO_MAX_SUGGEST)
        limit = GEO_MAX_SUGGEST;
    size_t len = strlen(prefix);
    if (len == 0 || len > GEO_MAX_NAME * 4)
        return 0;
    char *key = malloc(len + 1);
    /* One candidate per city: best[city] is its slot in c, or -1. */
    cand *c = malloc(g->n * sizeof *c);
    int32_t *best = malloc(g->n * sizeof *best);
    size_t nc = 0, klen;
    if (!key || !c || !best || geo_fold(prefix, key, len + 1) <= 0)
        goto done;
    klen = strlen(key);
    for (size_t i = 0; i < g->n; i++)
        best[i] = -1;
    for (size_t i = lower_bound(g, key); i < g->n_names; i++) {
        const geo_name *e = &g->names[i];
        if (strncmp(e->key, key, klen))
            break;
        uint32_t score = e->word ? 2 : e->key[klen] ? 1 : 0;
        int32_t *b = &best[e->city];
        if (*b < 0) {
            *b = (int32_t)nc;
            c[nc++] = (cand){e->city, score, e->which, e->name};
        } else if (score < c[*b].score || (score == c[*b].score && e->which < c[*b].which)) {
            c[*b] = (cand){e->city, score, e->which, e->name};
        }
    }
    qsort_r(c, nc, sizeof *c, cmp_cand_r, (void *)g);
    if (nc > limit)
        nc = limit;
    for (size_t i = 0; i < nc; i++) {
        const geo_city *city = &g->cities[c[i].city];
        out[i] = (geo_suggestion){city->id, c[i].name, city->name_en, city->country};
    }
done:
    free(key);
    free(c);
    free(best);
    return nc;
}
