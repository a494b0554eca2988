/*
 * sched_bound.c - an upper bound on the meetings any schedule can hold,
 * so that sched_solve can say how far from the best its answer may be,
 * and stop early when it has reached it.
 *
 * The bound is the smaller of two maximum flows, each a relaxation in
 * which every schedule of M meetings is a flow of 2M, so M <= flow / 2:
 *
 * Seats (what binds when tables are scarce):
 *   source -> request r          capacity 2 (r feasible: a common slot)
 *   r -> participant p (in)      capacity 1, for both participants of r
 *   p (in) -> p (out)            capacity limit(p)
 *   p (out) -> slot s            capacity 1, each slot p could meet in
 *   slot s -> sink               capacity 2 x tables(s)
 * A meeting sends one unit through each participant into its slot. Its
 * weakness: a request may send one unit only, through one participant.
 *
 * Pairs (what binds when limits and availability are scarce): the
 * bipartite double cover of the fractional b-matching, with slots.
 *   source -> p (left)           capacity limit(p)
 *   p (left) -> (r, p->q)        capacity 1, for each request r = {p, q}
 *   (r, p->q) -> (q, s)          capacity 1, each slot s of r
 *   (q, s) -> q (right)          capacity 1: one meeting per slot
 *   q (right) -> sink            capacity limit(q)
 * A meeting {a, b} in slot s sends a -> (b, s) and b -> (a, s): each
 * participant's limit is spent on both sides, so a request half used by
 * one side counts as half a meeting, as in the LP relaxation; it knows
 * nothing of tables.
 *
 * Both are never above the simple bounds (total tables; half the sum over
 * the participants of min(limit, available slots, feasible requests); the
 * feasible requests). Computed for the requests of priority >= p alone,
 * they bound each priority class, which lets the search prove a
 * lexicographic optimum. bench_sched compares the bound with GLPK's exact
 * optimum on small instances and reports how loose it is.
 *
 * The maximum flow is Dinic's algorithm (BFS levels, blocking flow by an
 * iterative DFS with a current-arc pointer per node: residual paths can
 * be long, so no recursion). At the target size (20,000 requests, about
 * 500,000 arcs for the pairs) both take a few tenths of a second at most.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_int.h"

typedef struct net {
    uint32_t n;             /* nodes */
    uint32_t *head;         /* n + 1: CSR offsets of each node's edges */
    uint32_t *to;           /* per edge */
    uint32_t *rev;          /* per edge: index of the reverse edge */
    int32_t *capa;          /* per edge: residual capacity */
    int32_t *level;         /* per node, BFS distance from the source, -1 unreached */
    uint32_t *it;           /* per node: next edge to try in the DFS */
    uint32_t *queue;        /* n: the BFS queue, then the DFS path */
} net;

typedef struct arc {
    uint32_t u, v;
    int32_t c;
} arc;

static bool bfs(net *g, uint32_t s, uint32_t t)
{
    for (uint32_t i = 0; i < g->n; i++)
        g->level[i] = -1;
    uint32_t qh = 0, qt = 0;
    g->level[s] = 0;
    g->queue[qt++] = s;
    while (qh < qt) {
        uint32_t u = g->queue[qh++];
        for (uint32_t e = g->head[u]; e < g->head[u + 1]; e++)
            if (g->capa[e] > 0 && g->level[g->to[e]] < 0) {
                g->level[g->to[e]] = g->level[u] + 1;
                g->queue[qt++] = g->to[e];
            }
    }
    return g->level[t] >= 0;
}

/* A blocking flow of the level graph from s to t, by depth-first search
 * without recursion (a residual path may be long: it can run back along
 * reverse arcs), using g->queue as the stack of arcs on the path.
 * Returns the flow added. */
static int64_t blocking_flow(net *g, uint32_t s, uint32_t t)
{
    int64_t total = 0;
    uint32_t *path = g->queue, depth = 0, u = s;
    for (;;) {
        if (u == t) {
            int32_t f = INT32_MAX;
            for (uint32_t i = 0; i < depth; i++)
                if (g->capa[path[i]] < f)
                    f = g->capa[path[i]];
            for (uint32_t i = 0; i < depth; i++) {
                g->capa[path[i]] -= f;
                g->capa[g->rev[path[i]]] += f;
            }
            total += f;
            depth = 0;
            u = s;
            continue;
        }
        uint32_t e = g->it[u];
        while (e < g->head[u + 1] &&
               (g->capa[e] <= 0 || g->level[g->to[e]] != g->level[u] + 1))
            e++;
        g->it[u] = e;
        if (e < g->head[u + 1]) {
            path[depth++] = e;
            u = g->to[e];
            continue;
        }
        /* A dead end: step back and skip the arc that led here. */
        if (!depth)
            return total;
        uint32_t back = path[--depth];
        u = g->to[g->rev[back]];
        g->it[u]++;
    }
}

/* Builds the CSR residual network of arcs (each with its reverse). */
static int net_build(net *g, uint32_t n, const arc *arcs, size_t m)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->head = calloc((size_t)n + 1, sizeof *g->head);
    g->to = malloc((2 * m + 1) * sizeof *g->to);
    g->rev = malloc((2 * m + 1) * sizeof *g->rev);
    g->capa = malloc((2 * m + 1) * sizeof *g->capa);
    g->level = malloc((size_t)n * sizeof *g->level);
    g->it = malloc((size_t)n * sizeof *g->it);
    g->queue = malloc((size_t)n * sizeof *g->queue);
    uint32_t *fill = calloc((size_t)n + 1, sizeof *fill);
    if (!g->head || !g->to || !g->rev || !g->capa || !g->level || !g->it || !g->queue || !fill) {
        free(fill);
        return HK_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        g->head[arcs[i].u + 1]++;
        g->head[arcs[i].v + 1]++;
    }
    for (uint32_t i = 0; i < n; i++)
        g->head[i + 1] += g->head[i];
    for (size_t i = 0; i < m; i++) {
        uint32_t u = arcs[i].u, v = arcs[i].v;
        uint32_t eu = g->head[u] + fill[u]++, ev = g->head[v] + fill[v]++;
        g->to[eu] = v;
        g->capa[eu] = arcs[i].c;
        g->rev[eu] = ev;
        g->to[ev] = u;
        g->capa[ev] = 0;
        g->rev[ev] = eu;
    }
    free(fill);
    return 0;
}

static void net_free(net *g)
{
    free(g->head);
    free(g->to);
    free(g->rev);
    free(g->capa);
    free(g->level);
    free(g->it);
    free(g->queue);
}

/* Maximum flow from node 0 to node 1 of the network of arcs. */
static int maxflow(uint32_t n, const arc *arcs, size_t m, int64_t *flow)
{
    net g;
    int rc = net_build(&g, n, arcs, m);
    if (rc) {
        net_free(&g);
        return rc;
    }
    *flow = 0;
    while (bfs(&g, 0, 1)) {
        for (uint32_t i = 0; i < n; i++)
            g.it[i] = g.head[i];
        *flow += blocking_flow(&g, 0, 1);
    }
    net_free(&g);
    return 0;
}

/* The seats network (tables, limits, slots; see the top of the file). */
int sched_bound_seats(const sched_inst *in, int min_priority, size_t *bound)
{
    /* Nodes: 0 source, 1 sink, 2 + r requests, then in and out of each
     * participant, then the slots. */
    const uint32_t src = 0, sink = 1, req0 = 2, pin0 = req0 + in->nr, pout0 = pin0 + in->np,
                   slot0 = pout0 + in->np;
    const uint32_t n = slot0 + in->ns;
    size_t m = 0, max_m = 3 * (size_t)in->nr + (size_t)in->np * (1 + in->ns) + in->ns;
    arc *arcs = malloc((max_m + 1) * sizeof *arcs);
    uint64_t *uses = calloc((size_t)in->np + 1, sizeof *uses);
    if (!arcs || !uses) {
        free(arcs);
        free(uses);
        return HK_ENOMEM;
    }
    for (uint32_t r = 0; r < in->nr; r++) {
        const sched_request *q = &in->pb->requests[r];
        if (!in->fmask[r] || q->priority < min_priority)
            continue;
        arcs[m++] = (arc){src, req0 + r, 2};
        arcs[m++] = (arc){req0 + r, pin0 + q->a, 1};
        arcs[m++] = (arc){req0 + r, pin0 + q->b, 1};
        uses[q->a] |= in->fmask[r];
        uses[q->b] |= in->fmask[r];
    }
    for (uint32_t p = 0; p < in->np; p++) {
        if (!uses[p])
            continue;
        arcs[m++] = (arc){pin0 + p, pout0 + p, (int32_t)in->limit[p]};
        for (uint64_t u = uses[p]; u; u &= u - 1)
            arcs[m++] = (arc){pout0 + p, slot0 + (uint32_t)__builtin_ctzll(u), 1};
    }
    for (uint32_t s = 0; s < in->ns; s++)
        arcs[m++] = (arc){slot0 + s, sink, (int32_t)(2 * in->cap[s])};
    free(uses);
    int64_t flow = 0;
    int rc = maxflow(n, arcs, m, &flow);
    free(arcs);
    *bound = (size_t)(flow / 2);
    return rc;
}

/* The pairs network (limits, slots per participant, both directions of
 * each request; see the top of the file). */
int sched_bound_pairs(const sched_inst *in, int min_priority, size_t *bound)
{
    /* Nodes: 0 source, 1 sink, then the left copy of each participant, two
     * per request (a->b, b->a), (participant, slot), the right copies. */
    const uint32_t left0 = 2, dir0 = left0 + in->np, ps0 = dir0 + 2 * in->nr,
                   right0 = ps0 + in->np * in->ns;
    const uint32_t n = right0 + in->np;
    size_t m = 0, max_m = 2 * (size_t)in->np + 2 * (size_t)in->nr * (1 + in->ns) +
                          (size_t)in->np * in->ns;
    arc *arcs = malloc((max_m + 1) * sizeof *arcs);
    uint64_t *uses = calloc((size_t)in->np + 1, sizeof *uses);
    if (!arcs || !uses) {
        free(arcs);
        free(uses);
        return HK_ENOMEM;
    }
    for (uint32_t r = 0; r < in->nr; r++) {
        const sched_request *q = &in->pb->requests[r];
        if (!in->fmask[r] || q->priority < min_priority)
            continue;
        uint32_t ends[2][2] = {{q->a, q->b}, {q->b, q->a}};
        for (int d = 0; d < 2; d++) {
            uint32_t from = ends[d][0], to = ends[d][1], node = dir0 + 2 * r + (uint32_t)d;
            arcs[m++] = (arc){left0 + from, node, 1};
            for (uint64_t u = in->fmask[r]; u; u &= u - 1)
                arcs[m++] = (arc){node, ps0 + to * in->ns + (uint32_t)__builtin_ctzll(u), 1};
        }
        uses[q->a] |= in->fmask[r];
        uses[q->b] |= in->fmask[r];
    }
    for (uint32_t p = 0; p < in->np; p++) {
        if (!uses[p])
            continue;
        arcs[m++] = (arc){0, left0 + p, (int32_t)in->limit[p]};
        for (uint64_t u = uses[p]; u; u &= u - 1)
            arcs[m++] = (arc){ps0 + p * in->ns + (uint32_t)__builtin_ctzll(u), right0 + p, 1};
        arcs[m++] = (arc){right0 + p, 1, (int32_t)in->limit[p]};
    }
    free(uses);
    int64_t flow = 0;
    int rc = maxflow(n, arcs, m, &flow);
    free(arcs);
    *bound = (size_t)(flow / 2);
    return rc;
}
