/*
 * geo_rail.c - distances: the great circle (haversine), the nearest city
 * to a point, and rail distances over the corridor graph of rail.tsv.
 *
 * The graph is small (a few hundred hubs), so geo_rail_build runs
 * Dijkstra from every hub once at load and keeps the whole table of
 * distances and predecessors: a query is then two array reads, needs no
 * lock and no allocation, and the matcher can ask for thousands of pairs
 * per request. Memory is n^2 * 6 bytes (0.3 MB for the 221 hubs shipped);
 * GEO_MAX_HUBS caps it, beyond which a per-query Dijkstra would be the
 * better trade.
 */
#include "geo/geo_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEG (M_PI / 180.0)

double geo_gc_km(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * DEG, p2 = lat2 * DEG;
    double dp = (lat2 - lat1) * DEG, dl = (lon2 - lon1) * DEG;
    double s1 = sin(dp / 2), s2 = sin(dl / 2);
    double h = s1 * s1 + cos(p1) * cos(p2) * s2 * s2;
    if (h > 1)
        h = 1; /* rounding near antipodes */
    return 2 * GEO_EARTH_RADIUS_KM * asin(sqrt(h));
}

double geo_city_gc_km(const geo *g, const char *from_id, const char *to_id)
{
    const geo_city *a = geo_city_by_id(g, from_id), *b = geo_city_by_id(g, to_id);
    if (!a || !b)
        return -1;
    return geo_gc_km(a->lat, a->lon, b->lat, b->lon);
}

static bool coords_ok(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
           lon <= 180;
}

/* A linear scan: a few hundred haversines take microseconds, less than a
 * spatial index would cost to explain. */
const geo_city *geo_nearest(const geo *g, double lat, double lon, bool hubs_only, double *km)
{
    if (!g || !coords_ok(lat, lon))
        return NULL;
    const geo_city *best = NULL;
    double best_km = INFINITY;
    for (size_t i = 0; i < g->n; i++) {
        const geo_city *c = &g->cities[i];
        if (hubs_only && c->hub < 0)
            continue;
        double d = geo_gc_km(lat, lon, c->lat, c->lon);
        if (d < best_km) {
            best_km = d;
            best = c;
        }
    }
    if (best && km)
        *km = best_km;
    return best;
}

/* Binary min-heap of (distance, hub) for Dijkstra, with lazy deletion:
 * a hub may sit in the heap several times; stale entries are skipped. */
typedef struct heap_item {
    float d;
    uint32_t v;
} heap_item;

static void heap_push(heap_item *h, size_t *n, heap_item x)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p].d <= x.d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}

static heap_item heap_pop(heap_item *h, size_t *n)
{
    heap_item top = h[0], x = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        float md = x.d;
        if (l < *n && h[l].d < md)
            m = l, md = h[l].d;
        if (r < *n && h[r].d < md)
            m = r;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
    return top;
}

int geo_rail_build(geo *g, hk_err *err)
{
    size_t n = g->n_hubs, m = g->n_edges;
    if (n == 0)
        return 0;
    /* Adjacency in CSR form: off[v]..off[v+1] are v's neighbours. */
    uint32_t *off = calloc(n + 1, sizeof *off);
    uint32_t *to = malloc(2 * m * sizeof *to);
    float *w = malloc(2 * m * sizeof *w);
    heap_item *heap = malloc((2 * m + 1) * sizeof *heap);
    g->dist = malloc(n * n * sizeof *g->dist);
    g->pred = malloc(n * n * sizeof *g->pred);
    if (!off || !to || !w || !heap || !g->dist || !g->pred) {
        free(off), free(to), free(w), free(heap);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    for (size_t e = 0; e < m; e++) {
        off[g->edges[e].a + 1]++;
        off[g->edges[e].b + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    uint32_t *fill = calloc(n, sizeof *fill);
    if (!fill) {
        free(off), free(to), free(w), free(heap);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    for (size_t e = 0; e < m; e++) {
        const geo_edge *x = &g->edges[e];
        uint32_t i = off[x->a] + fill[x->a]++, j = off[x->b] + fill[x->b]++;
        to[i] = x->b, w[i] = x->km;
        to[j] = x->a, w[j] = x->km;
    }
    free(fill);
    for (size_t s = 0; s < n; s++) {
        float *d = g->dist + s * n;
        uint16_t *p = g->pred + s * n;
        for (size_t v = 0; v < n; v++) {
            d[v] = INFINITY;
            p[v] = GEO_NO_PRED;
        }
        size_t hn = 0;
        d[s] = 0;
        heap_push(heap, &hn, (heap_item){0, (uint32_t)s});
        while (hn) {
            heap_item it = heap_pop(heap, &hn);
            if (it.d > d[it.v])
                continue;
            for (uint32_t k = off[it.v]; k < off[it.v + 1]; k++) {
                float nd = it.d + w[k];
                if (nd < d[to[k]]) {
                    d[to[k]] = nd;
                    p[to[k]] = (uint16_t)it.v;
                    /* Each improvement pushes once; improvements happen at
                     * most once per directed edge, so 2m + 1 slots suffice. */
                    heap_push(heap, &hn, (heap_item){nd, to[k]});
                }
            }
        }
    }
    free(off), free(to), free(w), free(heap);
    return 0;
}

/* Hubs of two ids: HK_EINVAL for an unknown id, HK_ENOTFOUND when either
 * city is off the graph or the two are not connected. */
static int hubs_of(const geo *g, const char *from_id, const char *to_id, int32_t *a, int32_t *b)
{
    const geo_city *x = geo_city_by_id(g, from_id), *y = geo_city_by_id(g, to_id);
    if (!x || !y)
        return HK_EINVAL;
    if (x->hub < 0 || y->hub < 0)
        return HK_ENOTFOUND;
    *a = x->hub, *b = y->hub;
    if (!isfinite(g->dist[(size_t)*a * g->n_hubs + (size_t)*b]))
        return HK_ENOTFOUND;
    return HK_OK;
}

int geo_rail_km(const geo *g, const char *from_id, const char *to_id, double *km)
{
    int32_t a, b;
    if (!g)
        return HK_EINVAL;
    int rc = hubs_of(g, from_id, to_id, &a, &b);
    if (rc)
        return rc;
    *km = g->dist[(size_t)a * g->n_hubs + (size_t)b];
    return HK_OK;
}

int geo_rail_route(const geo *g, const char *from_id, const char *to_id, const char **ids,
                   size_t max, size_t *n)
{
    int32_t a, b;
    *n = 0;
    if (!g)
        return HK_EINVAL;
    int rc = hubs_of(g, from_id, to_id, &a, &b);
    if (rc)
        return rc;
    /* Walk back from b to a along the predecessors of row a, counting
     * first, then filling from the end so the route reads a -> b. */
    const uint16_t *p = g->pred + (size_t)a * g->n_hubs;
    size_t count = 1;
    for (uint32_t v = (uint32_t)b; v != (uint32_t)a; v = p[v])
        count++;
    *n = count;
    size_t i = count;
    for (uint32_t v = (uint32_t)b;; v = p[v]) {
        i--;
        if (i < max)
            ids[i] = g->cities[g->hub_city[v]].id;
        if (v == (uint32_t)a)
            break;
    }
    return HK_OK;
}

int geo_rail_trip(const geo *g, double lat1, double lon1, double lat2, double lon2,
                  double radius_km, geo_trip *out)
{
    memset(out, 0, sizeof *out);
    if (!g || !coords_ok(lat1, lon1) || !coords_ok(lat2, lon2))
        return HK_EINVAL;
    if (!(radius_km > 0))
        radius_km = GEO_SNAP_RADIUS_KM;
    double lead, tail;
    const geo_city *a = geo_nearest(g, lat1, lon1, true, &lead);
    const geo_city *b = geo_nearest(g, lat2, lon2, true, &tail);
    if (!a || !b || lead > radius_km || tail > radius_km)
        return HK_ENOTFOUND;
    float rail = g->dist[(size_t)a->hub * g->n_hubs + (size_t)b->hub];
    if (!isfinite(rail))
        return HK_ENOTFOUND;
    *out = (geo_trip){a->id, b->id, lead, rail, tail, lead + rail + tail};
    return HK_OK;
}
