/*
 * sched_search.c - one search for a good schedule (the optimiser behind
 * sched_solve; sched.c runs one or two of these, with different seeds, and
 * keeps the best).
 *
 * The problem: give each request a slot (or none) so that in every slot
 * the meetings form a matching of the participants available there, of at
 * most `tables` edges, and no participant exceeds their limit. It is a
 * list edge-colouring with capacities and degree bounds, NP-hard, so the
 * search is a heuristic with four stages, all working on one state that
 * keeps, for every participant and slot, the meeting held there:
 *
 * 1. Keep. With a previous schedule, every previous meeting that still
 *    fits where it was is placed there first (highest priority first), so
 *    a re-run starts from the old answer rather than from scratch.
 * 2. Greedy construction. The other requests, highest priority first,
 *    then those whose participants are under least pressure (pressure =
 *    feasible requests / limit: a request between two participants with
 *    few requests is one they cannot replace), then the ones with fewest
 *    feasible slots. Each goes to the free slot that least hurts the
 *    requests still to come: the one where its two participants have the
 *    fewest other undecided requests that could use it.
 * 3. Local improvement, repeated while it gains (at most 4 passes):
 *    - ejection chains: an unplaced request goes into a slot after the
 *      meetings blocking it there (each participant's meeting in that
 *      slot, or any one meeting when the slot's tables are full) move to
 *      other slots, recursively, up to depth 3, with the slots already on
 *      the chain banned (iterative deepening, so short chains, which move
 *      fewer meetings, are found first; a node budget bounds each try);
 *    - augmenting paths of the limits (the b-matching view): from a
 *      participant with a meeting to spare, an unplaced request to a full
 *      partner who gives up one meeting, whose other participant then has
 *      one to spare, and so on until a request between two participants
 *      with room closes the path (+1); each participant is visited once
 *      per search, as in augmenting-path matching;
 *    - limit exchange: one meeting of a full participant gives way to an
 *      unplaced request of higher priority (or of the same, when the
 *      partner it frees then holds another request);
 *    - priority drops: an unplaced request of priority p may push out
 *      meetings of priority below p that cannot be moved.
 *    Nothing is tried that the bounds rule out: when the meetings of
 *    priority >= p have reached their upper bound (sched_bound.c), no
 *    request of priority p is added; when every class has, the schedule is
 *    proven optimal and the search stops at once.
 * 4. Ruin and recreate until the round budget, the time limit or a
 *    stall (5,000 + n_requests / 10 rounds without gain): take an unplaced
 *    request that could still improve the schedule, remove every meeting
 *    of its two participants (and sometimes of a third, a partner of
 *    theirs), then re-insert the chosen request first and then the
 *    removed meetings, the unplaced requests of those participants and a
 *    few of their partners', highest priority first and at random within
 *    a priority, each by a short ejection chain. The round is kept when
 *    the objective is at least as good (plateau moves let the search
 *    drift), otherwise undone.
 * 5. Previous meetings moved by the search go back to their old slot
 *    wherever it is free again; then one last short pass of stage 3, so
 *    that the answer is a local optimum of its moves (no unplaced request
 *    fits as it is, none fits by dropping one lower-priority meeting).
 *
 * The objective is compared lexicographically: meetings held per priority
 * from the highest down, then fewest previous meetings moved. Every
 * tentative change is written to an undo log, so a failed chain or a
 * worse round is rolled back exactly. Randomness comes from one seeded
 * generator per search; the search stops on counts (rounds, stall), with
 * the time limit only as a cap, so a seed gives one answer.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_int.h"

#define CHAIN_DEPTH 3      /* deepest ejection chain of stage 3 */
#define CHAIN_BUDGET 400   /* nodes one chain search may visit */
#define EJECT_TRIES 6      /* meetings tried when a slot's tables are full */
#define RR_DEPTH 1         /* chain depth of the re-insertions of stage 4 */
#define RR_BUDGET 60
#define RR_OWN 24          /* unplaced requests of an emptied participant re-tried */
#define RR_PARTNER 3       /* ... of a partner who lost a meeting */
#define MAX_PASSES 4       /* repetitions of stage 3 */
#define AUG_DEPTH 8        /* longest augmenting path (meetings given up) */
#define AUG_BUDGET 4000
#define STALL_ROUNDS 5000  /* stage 4 stops after this + n_requests / 10 rounds without gain */

typedef struct move {
    uint32_t r;
    int8_t from, to;       /* slots, -1 = not held */
} move;

/* held[rank(r)]: meetings held by rank (see rank()), then the previous
 * meetings not in their previous slot. */
typedef struct objective {
    size_t held[SCHED_RANKS];
    size_t moved;
} objective;

typedef struct state {
    const sched_inst *in;
    int8_t *slot;          /* per request: its slot, -1 = not held */
    int32_t *occ;          /* np * ns: the request participant p holds in slot s, or -1 */
    uint32_t *load;        /* per participant: meetings held */
    uint32_t *used;        /* per slot: meetings held */
    uint32_t *list;        /* per slot: the requests held there, list[slot_off[s] + i],
                            * i < used[s] */
    uint32_t *pos;         /* per held request: its index in its slot's list */
    objective obj;
    move *log;             /* undo log of the tentative change in progress */
    size_t n_log, cap_log;
    uint32_t *cand;        /* scratch for ruin and recreate */
    size_t cap_cand;
    uint32_t *seen;        /* per participant: stamp of the last augmenting search that saw them */
    uint32_t stamp;
    uint64_t rng;
    long budget;           /* nodes left to the chain search in progress */
    bool oom;
} state;

double sched_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rnd(state *st)
{
    /* splitmix64: small, fast and good enough to order candidates. */
    uint64_t z = (st->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int obj_cmp(const objective *x, const objective *y)
{
    for (int p = SCHED_RANKS - 1; p >= 0; p--)
        if (x->held[p] != y->held[p])
            return x->held[p] > y->held[p] ? 1 : -1;
    if (x->moved != y->moved)
        return x->moved < y->moved ? 1 : -1;
    return 0;
}

/* The rank of a request in the objective: its priority, and within a
 * priority a previous meeting that could stay (a hint) above a new one,
 * so that a re-run never gives up a meeting it had for one or even two
 * new ones of the same priority, while a new request of higher priority
 * still outranks an old meeting. */
static int rank(const sched_inst *in, uint32_t r)
{
    return 2 * in->pb->requests[r].priority + (in->prev[r] >= 0);
}

/* --- the state and its undo log --- */

static void raw_place(state *st, uint32_t r, int s)
{
    const sched_inst *in = st->in;
    const sched_request *q = &in->pb->requests[r];
    st->occ[(size_t)q->a * in->ns + s] = (int32_t)r;
    st->occ[(size_t)q->b * in->ns + s] = (int32_t)r;
    st->load[q->a]++;
    st->load[q->b]++;
    st->pos[r] = st->used[s];
    st->list[in->slot_off[s] + st->used[s]++] = r;
    st->slot[r] = (int8_t)s;
    st->obj.held[rank(in, r)]++;
    if (in->prev[r] == s)
        st->obj.moved--;
}

static void raw_remove(state *st, uint32_t r)
{
    const sched_inst *in = st->in;
    const sched_request *q = &in->pb->requests[r];
    int s = st->slot[r];
    st->occ[(size_t)q->a * in->ns + s] = -1;
    st->occ[(size_t)q->b * in->ns + s] = -1;
    st->load[q->a]--;
    st->load[q->b]--;
    uint32_t last = st->list[in->slot_off[s] + --st->used[s]];
    st->list[in->slot_off[s] + st->pos[r]] = last;
    st->pos[last] = st->pos[r];
    st->slot[r] = -1;
    st->obj.held[rank(in, r)]--;
    if (in->prev[r] == s)
        st->obj.moved++;
}

/* Records a change about to be made; false (and st->oom) when the log
 * cannot grow, and then the change is not made, so that the state and
 * its log always agree (the search then stops and is thrown away). */
static bool log_push(state *st, uint32_t r, int from, int to)
{
    if (st->n_log == st->cap_log) {
        size_t cap = st->cap_log ? st->cap_log * 2 : 256;
        move *m = realloc(st->log, cap * sizeof *m);
        if (!m) {
            st->oom = true;
            return false;
        }
        st->log = m;
        st->cap_log = cap;
    }
    st->log[st->n_log++] = (move){r, (int8_t)from, (int8_t)to};
    return true;
}

static void place(state *st, uint32_t r, int s)
{
    if (log_push(st, r, -1, s))
        raw_place(st, r, s);
}

static void unplace(state *st, uint32_t r)
{
    if (log_push(st, r, st->slot[r], -1))
        raw_remove(st, r);
}

static void undo_to(state *st, size_t mark)
{
    while (st->n_log > mark) {
        move m = st->log[--st->n_log];
        if (m.to >= 0)
            raw_remove(st, m.r);
        if (m.from >= 0)
            raw_place(st, m.r, m.from);
    }
}

static void commit(state *st) { st->n_log = 0; }

static int32_t occ(const state *st, uint32_t p, int s)
{
    return st->occ[(size_t)p * st->in->ns + s];
}

static bool fits(const state *st, uint32_t r, int s)
{
    const sched_request *q = &st->in->pb->requests[r];
    return occ(st, q->a, s) < 0 && occ(st, q->b, s) < 0 && st->used[s] < st->in->cap[s];
}

static bool room(const state *st, uint32_t r)
{
    const sched_request *q = &st->in->pb->requests[r];
    return st->load[q->a] < st->in->limit[q->a] && st->load[q->b] < st->in->limit[q->b];
}

static uint32_t other(const sched_inst *in, uint32_t r, uint32_t p)
{
    const sched_request *q = &in->pb->requests[r];
    return q->a == p ? q->b : q->a;
}

/* The slots of mask in the order a chain tries them: the request's
 * previous slot first (a move back there is free for stability), then
 * all others from a random start. Returns how many. */
static int slot_order(state *st, uint32_t r, uint64_t mask, uint8_t *order)
{
    const int ns = (int)st->in->ns;
    int n = 0;
    int pv = st->in->prev[r];
    if (pv >= 0 && (mask >> pv & 1)) {
        order[n++] = (uint8_t)pv;
        mask &= ~(1ull << pv);
    }
    int start = (int)(rnd(st) % (uint64_t)ns);
    for (int k = 0; k < ns; k++) {
        int s = (start + k) % ns;
        if (mask >> s & 1)
            order[n++] = (uint8_t)s;
    }
    return n;
}

/* --- ejection chains --- */

static bool insert_chain(state *st, uint32_t r, int depth, uint64_t banned);

/* Slot s is full: moves one of its meetings elsewhere (a chain of depth). */
static bool eject_one(state *st, int s, int depth, uint64_t banned)
{
    const sched_inst *in = st->in;
    uint32_t n = st->used[s];
    if (!n)
        return false;
    uint32_t start = (uint32_t)(rnd(st) % n);
    for (uint32_t k = 0; k < EJECT_TRIES && k < n; k++) {
        uint32_t m = st->list[in->slot_off[s] + (start + k) % st->used[s]];
        size_t mark = st->n_log;
        unplace(st, m);
        if (insert_chain(st, m, depth, banned))
            return true;
        undo_to(st, mark);
    }
    return false;
}

/* Places the unplaced request r (whose participants have room), moving
 * the meetings in its way along a chain of at most depth further moves
 * that never uses a banned slot. On failure the state is as before. */
static bool insert_chain(state *st, uint32_t r, int depth, uint64_t banned)
{
    const sched_inst *in = st->in;
    if (st->oom)
        return false;
    uint64_t mask = in->fmask[r] & ~banned;
    if (!mask)
        return false;
    uint8_t order[SCHED_MAX_SLOTS];
    int n = slot_order(st, r, mask, order);
    for (int i = 0; i < n; i++)
        if (fits(st, r, order[i])) {
            place(st, r, order[i]);
            return true;
        }
    if (depth <= 0)
        return false;
    const sched_request *q = &in->pb->requests[r];
    for (int i = 0; i < n; i++) {
        if (--st->budget < 0 || st->oom)
            return false;
        int s = order[i];
        int32_t ma = occ(st, q->a, s), mb = occ(st, q->b, s);
        size_t mark = st->n_log;
        uint64_t nb = banned | 1ull << s;
        bool ok = true;
        if (ma >= 0) {
            unplace(st, (uint32_t)ma);
            ok = insert_chain(st, (uint32_t)ma, depth - 1, nb);
        }
        if (ok && mb >= 0 && mb != ma) {
            unplace(st, (uint32_t)mb);
            ok = insert_chain(st, (uint32_t)mb, depth - 1, nb);
        }
        if (ok && st->used[s] >= in->cap[s])
            ok = eject_one(st, s, depth - 1, nb);
        if (ok && !st->oom) {
            place(st, r, s);
            return true;
        }
        undo_to(st, mark);
    }
    return false;
}

/* full[p]: the meetings of priority >= p have reached their bound, so
 * no change can add one; an unplaced request of priority p can only help
 * if full[p] is false (and a plain addition only if no full[q], q <= p). */
static void fullness(const state *st, bool *full)
{
    size_t from = 0;
    for (int p = SCHED_MAX_PRIORITY; p >= 0; p--) {
        from += st->obj.held[2 * p] + st->obj.held[2 * p + 1];
        full[p] = from >= st->in->bound[p];
    }
}

static bool promising(const state *st, uint32_t r, const bool *full)
{
    return st->slot[r] < 0 && st->in->fmask[r] &&
           (!full[st->in->pb->requests[r].priority] || st->in->prev[r] >= 0);
}

/* One top-level try: r placed (committed) or nothing changed. */
static bool try_add(state *st, uint32_t r, int depth, long budget)
{
    if (st->slot[r] >= 0 || !st->in->fmask[r] || !room(st, r))
        return false;
    bool full[SCHED_MAX_PRIORITY + 1];
    fullness(st, full);
    for (int p = 0; p <= st->in->pb->requests[r].priority; p++)
        if (full[p])
            return false; /* no schedule holds one more of these */
    st->budget = budget;
    if (insert_chain(st, r, depth, 0) && !st->oom) {
        commit(st);
        return true;
    }
    undo_to(st, 0);
    return false;
}

/* Limit exchange: r's participant `full` is at their limit (the other
 * has room). One of full's meetings m gives way to r when m's other
 * participant can then hold one more of their unplaced requests, or when
 * m ranks below r (a lower priority, or a new meeting where r is a
 * previous one). */
static bool limit_exchange(state *st, uint32_t r, uint32_t full)
{
    const sched_inst *in = st->in;
    st->budget = 4 * CHAIN_BUDGET; /* for the whole exchange, not each chain */
    for (uint32_t i = in->adj_off[full]; i < in->adj_off[full + 1]; i++) {
        uint32_t m = in->adj[i];
        if (m == r || st->slot[m] < 0 || rank(in, m) > rank(in, r))
            continue;
        unplace(st, m);
        if (insert_chain(st, r, 1, 0)) {
            if (rank(in, m) < rank(in, r) && !st->oom) {
                commit(st);
                return true;
            }
            uint32_t c = other(in, m, full);
            for (uint32_t j = in->adj_off[c]; j < in->adj_off[c + 1]; j++) {
                uint32_t r2 = in->adj[j];
                if (r2 == m || st->slot[r2] >= 0 || !room(st, r2))
                    continue;
                if (insert_chain(st, r2, 1, 0) && !st->oom) {
                    commit(st);
                    return true;
                }
            }
        }
        undo_to(st, 0);
    }
    return false;
}

/* Augmenting paths of the limits (the b-matching view, slots checked as
 * the path is laid): participant p has a unit to spare; either one of
 * p's unplaced requests goes to a partner with room (+1, done), or it
 * goes to a full partner d who gives up one of their meetings m (of no
 * higher priority), whose other participant then has the unit to spare,
 * up to depth times. Each participant is looked at once per search (the
 * stamps), as in augmenting-path matching, so a search is linear in the
 * requests it reaches. Every request laid goes in by a short ejection
 * chain; on failure everything is undone. */
static bool augment(state *st, uint32_t p, int depth)
{
    const sched_inst *in = st->in;
    if (st->seen[p] == st->stamp || st->oom)
        return false;
    st->seen[p] = st->stamp;
    for (uint32_t i = in->adj_off[p]; i < in->adj_off[p + 1]; i++) {
        uint32_t r = in->adj[i];
        if (st->slot[r] >= 0 || !room(st, r))
            continue;
        if (--st->budget < 0)
            return false;
        long keep = st->budget;
        st->budget = RR_BUDGET;
        bool ok = insert_chain(st, r, 1, 0);
        st->budget = keep;
        if (ok)
            return true;
    }
    if (depth <= 0)
        return false;
    for (uint32_t i = in->adj_off[p]; i < in->adj_off[p + 1]; i++) {
        uint32_t r = in->adj[i];
        if (st->slot[r] >= 0)
            continue;
        uint32_t d = other(in, r, p);
        if (st->seen[d] == st->stamp || st->load[d] < in->limit[d])
            continue;
        st->seen[d] = st->stamp;
        int rk = rank(in, r);
        for (uint32_t j = in->adj_off[d]; j < in->adj_off[d + 1]; j++) {
            uint32_t m = in->adj[j];
            if (m == r || st->slot[m] < 0 || rank(in, m) > rk)
                continue;
            uint32_t c = other(in, m, d);
            if (st->seen[c] == st->stamp)
                continue;
            if (--st->budget < 0 || st->oom)
                return false;
            size_t mark = st->n_log;
            unplace(st, m);
            long keep = st->budget;
            st->budget = RR_BUDGET;
            bool ok = room(st, r) && insert_chain(st, r, 1, 0);
            st->budget = keep;
            if (ok && augment(st, c, depth - 1))
                return true;
            undo_to(st, mark);
        }
    }
    return false;
}

/* One augmenting search from p (committed when the objective improves). */
static bool try_augment(state *st, uint32_t p)
{
    if (!++st->stamp) {
        memset(st->seen, 0, st->in->np * sizeof *st->seen);
        st->stamp = 1;
    }
    objective before = st->obj;
    st->budget = AUG_BUDGET;
    if (augment(st, p, AUG_DEPTH) && !st->oom && obj_cmp(&st->obj, &before) > 0) {
        commit(st);
        return true;
    }
    undo_to(st, 0);
    return false;
}

/* Priority drop: r (rank > 0, participants with room) takes a slot whose
 * blocking meetings are moved if they can be and otherwise dropped, as
 * long as every dropped one ranks below r. */
static bool priority_drop(state *st, uint32_t r)
{
    const sched_inst *in = st->in;
    const sched_request *q = &in->pb->requests[r];
    uint8_t order[SCHED_MAX_SLOTS];
    int n = slot_order(st, r, in->fmask[r], order);
    st->budget = 4 * CHAIN_BUDGET; /* for all the slots, not each chain */
    for (int i = 0; i < n; i++) {
        int s = order[i];
        int32_t blk[2] = {occ(st, q->a, s), occ(st, q->b, s)};
        bool ok = true;
        for (int k = 0; k < 2 && ok; k++) {
            if (blk[k] < 0 || (k == 1 && blk[1] == blk[0]))
                continue;
            uint32_t m = (uint32_t)blk[k];
            unplace(st, m);
            if (!insert_chain(st, m, 1, 1ull << s) && rank(in, m) >= rank(in, r))
                ok = false;
        }
        if (ok && st->used[s] >= in->cap[s]) {
            /* Full tables: the lowest-priority meeting there leaves. */
            uint32_t best = UINT32_MAX;
            for (uint32_t k = 0; k < st->used[s]; k++) {
                uint32_t m = st->list[in->slot_off[s] + k];
                if (best == UINT32_MAX || rank(in, m) < rank(in, best))
                    best = m;
            }
            if (best == UINT32_MAX || rank(in, best) >= rank(in, r))
                ok = false;
            else {
                unplace(st, best);
                insert_chain(st, best, 1, 1ull << s);
            }
        }
        if (ok && !st->oom) {
            place(st, r, s);
            commit(st);
            return true;
        }
        undo_to(st, 0);
    }
    return false;
}

/* --- stages --- */

typedef struct keyed {
    uint32_t r;
    uint8_t prio;
    uint8_t nslots;
    float key;
} keyed;

static int keyed_cmp(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->prio != b->prio)
        return a->prio > b->prio ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->nslots != b->nslots)
        return a->nslots < b->nslots ? -1 : 1;
    return a->r < b->r ? -1 : a->r > b->r;
}

/* The feasible requests in the order of stage 2 (variant 1 shakes the
 * pressures by up to 25 % so that a second search starts elsewhere). */
static uint32_t *make_order(state *st, unsigned variant, size_t *n_out)
{
    const sched_inst *in = st->in;
    keyed *k = malloc((in->nr ? in->nr : 1) * sizeof *k);
    uint32_t *order = malloc((in->nr ? in->nr : 1) * sizeof *order);
    if (!k || !order) {
        free(k);
        free(order);
        return NULL;
    }
    size_t n = 0;
    for (uint32_t r = 0; r < in->nr; r++) {
        if (!in->fmask[r])
            continue;
        const sched_request *q = &in->pb->requests[r];
        float key = in->pressure[q->a] + in->pressure[q->b];
        if (variant)
            key *= 0.75f + 0.5f * (float)(rnd(st) >> 40) / (float)(1ull << 24);
        k[n++] = (keyed){r, q->priority, (uint8_t)__builtin_popcountll(in->fmask[r]), key};
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].r;
    free(k);
    *n_out = n;
    return order;
}

static void keep_previous(state *st, const uint32_t *order, size_t n)
{
    /* order is by priority first, so higher priorities keep their place
     * when a lowered limit or fewer tables leave room for only some. */
    for (size_t i = 0; i < n; i++) {
        uint32_t r = order[i];
        int s = st->in->prev[r];
        if (s >= 0 && room(st, r) && fits(st, r, s))
            raw_place(st, r, s);
    }
}

static int greedy(state *st, const uint32_t *order, size_t n)
{
    const sched_inst *in = st->in;
    const uint32_t ns = in->ns;
    uint32_t *demand = calloc((size_t)in->np * ns + 1, sizeof *demand);
    if (!demand)
        return HK_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = order[i];
        if (st->slot[r] >= 0)
            continue;
        const sched_request *q = &in->pb->requests[r];
        for (uint64_t m = in->fmask[r]; m; m &= m - 1) {
            int s = __builtin_ctzll(m);
            demand[(size_t)q->a * ns + s]++;
            demand[(size_t)q->b * ns + s]++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t r = order[i];
        if (st->slot[r] >= 0)
            continue;
        const sched_request *q = &in->pb->requests[r];
        for (uint64_t m = in->fmask[r]; m; m &= m - 1) {
            int s = __builtin_ctzll(m);
            demand[(size_t)q->a * ns + s]--;
            demand[(size_t)q->b * ns + s]--;
        }
        if (!room(st, r))
            continue;
        int best = -1;
        uint32_t best_d = 0, best_free = 0;
        for (uint64_t m = in->fmask[r]; m; m &= m - 1) {
            int s = __builtin_ctzll(m);
            if (!fits(st, r, s))
                continue;
            uint32_t d = demand[(size_t)q->a * ns + s] + demand[(size_t)q->b * ns + s];
            uint32_t fr = in->cap[s] - st->used[s];
            if (best < 0 || d < best_d || (d == best_d && fr > best_free)) {
                best = s;
                best_d = d;
                best_free = fr;
            }
        }
        if (best >= 0)
            raw_place(st, r, best);
    }
    free(demand);
    return 0;
}

/* True when no schedule can be better than this one: every unplaced
 * request is of a priority p whose meetings of priority >= p are at their
 * bound (then each held(>= p) is the most any schedule has, which is the
 * lexicographic optimum), and with a previous schedule, every previous
 * meeting that could stay is in its place. */
static bool proven_best(const state *st, const uint32_t *order, size_t n)
{
    if (st->in->n_prev && st->obj.moved)
        return false;
    bool full[SCHED_MAX_PRIORITY + 1];
    fullness(st, full);
    for (size_t i = 0; i < n; i++)
        if (promising(st, order[i], full))
            return false;
    return true;
}

static void improve(state *st, const uint32_t *order, size_t n, int max_depth, int passes,
                    double deadline, bool *timed)
{
    const sched_inst *in = st->in;
    for (int pass = 0; pass < passes; pass++) {
        bool changed = false;
        for (int depth = 1; depth <= max_depth; depth++) {
            for (size_t i = 0; i < n && !st->oom; i++) {
                if ((i & 255) == 0 && sched_now() > deadline) {
                    *timed = true;
                    return;
                }
                if (try_add(st, order[i], depth, CHAIN_BUDGET))
                    changed = true;
            }
            if (proven_best(st, order, n))
                return;
        }
        bool full[SCHED_MAX_PRIORITY + 1];
        fullness(st, full);
        if (!full[0]) {
            uint32_t start = (uint32_t)(rnd(st) % (in->np ? in->np : 1));
            for (uint32_t k = 0; k < in->np && !st->oom; k++) {
                uint32_t p = (start + k) % in->np;
                if ((k & 255) == 0 && sched_now() > deadline) {
                    *timed = true;
                    return;
                }
                if (st->load[p] < in->limit[p] && try_augment(st, p))
                    changed = true;
            }
        }
        for (size_t i = 0; i < n && !st->oom; i++) {
            uint32_t r = order[i];
            if (st->slot[r] >= 0)
                continue;
            if ((i & 63) == 0 && sched_now() > deadline) {
                *timed = true;
                return;
            }
            const sched_request *q = &in->pb->requests[r];
            bool fa = st->load[q->a] >= in->limit[q->a], fb = st->load[q->b] >= in->limit[q->b];
            fullness(st, full);
            if (full[q->priority] && in->prev[r] < 0)
                continue;
            if (fa != fb && limit_exchange(st, r, fa ? q->a : q->b))
                changed = true;
            else if (!fa && !fb && rank(in, r) > 0 && priority_drop(st, r))
                changed = true;
        }
        if (!changed || sched_now() > deadline)
            break;
    }
}

/* Gathers the requests a ruin-and-recreate round re-inserts. */
static void cand_push(state *st, size_t *n, uint32_t r)
{
    if (*n < st->cap_cand)
        st->cand[(*n)++] = r;
}

typedef struct ckey {
    uint64_t key;
    uint32_t r;
} ckey;

static int ckey_cmp(const void *x, const void *y)
{
    const ckey *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* Orders cand[first..n) by priority, highest first, at random within a
 * priority; duplicates stay (a placed one is skipped on insertion). */
static void cand_sort(state *st, size_t first, size_t n)
{
    if (n <= first + 1)
        return;
    ckey *k = malloc((n - first) * sizeof *k);
    if (!k)
        return; /* left in gathering order: still a valid round */
    for (size_t i = first; i < n; i++)
        k[i - first] = (ckey){(uint64_t)(SCHED_RANKS - 1 - rank(st->in, st->cand[i])) << 60 |
                                  (rnd(st) >> 4),
                              st->cand[i]};
    qsort(k, n - first, sizeof *k, ckey_cmp);
    for (size_t i = first; i < n; i++)
        st->cand[i] = k[i - first].r;
    free(k);
}

static void ruin_participant(state *st, uint32_t p, size_t *n)
{
    for (uint32_t s = 0; s < st->in->ns; s++) {
        int32_t m = occ(st, p, (int)s);
        if (m >= 0) {
            unplace(st, (uint32_t)m);
            cand_push(st, n, (uint32_t)m);
        }
    }
}

/* Up to max unplaced requests of p, from a random start among them. */
static void push_unplaced_of(state *st, uint32_t p, size_t *n, uint32_t max)
{
    const sched_inst *in = st->in;
    uint32_t deg = in->adj_off[p + 1] - in->adj_off[p];
    if (!deg)
        return;
    uint32_t start = (uint32_t)(rnd(st) % deg), got = 0;
    for (uint32_t k = 0; k < deg && got < max; k++) {
        uint32_t r = in->adj[in->adj_off[p] + (start + k) % deg];
        if (st->slot[r] < 0) {
            cand_push(st, n, r);
            got++;
        }
    }
}

/* One round of stage 4; returns 1 if it improved, 0 if kept equal or
 * undone, -1 if no unplaced request could improve the schedule. */
static int ruin_recreate(state *st)
{
    const sched_inst *in = st->in;
    uint32_t r0 = UINT32_MAX;
    uint32_t start = (uint32_t)(rnd(st) % in->nr);
    bool full[SCHED_MAX_PRIORITY + 1];
    fullness(st, full);
    for (uint32_t k = 0; k < in->nr; k++) {
        uint32_t r = (start + k) % in->nr;
        if (promising(st, r, full)) {
            r0 = r;
            break;
        }
    }
    if (r0 == UINT32_MAX)
        return -1;
    const sched_request *q = &in->pb->requests[r0];
    objective before = st->obj;
    size_t n = 0;
    cand_push(st, &n, r0);
    size_t first_removed = n;
    ruin_participant(st, q->a, &n);
    ruin_participant(st, q->b, &n);
    size_t n_removed = n;
    if (n_removed > first_removed && (rnd(st) & 1)) {
        /* A wider neighbourhood: a partner of theirs is emptied too. */
        uint32_t m = st->cand[first_removed + rnd(st) % (n_removed - first_removed)];
        uint32_t p = other(in, m, in->pb->requests[m].a == q->a || in->pb->requests[m].a == q->b
                                      ? in->pb->requests[m].a
                                      : in->pb->requests[m].b);
        ruin_participant(st, p, &n);
        n_removed = n;
        push_unplaced_of(st, p, &n, RR_OWN);
    }
    push_unplaced_of(st, q->a, &n, RR_OWN);
    push_unplaced_of(st, q->b, &n, RR_OWN);
    for (size_t i = first_removed; i < n_removed; i++) {
        /* Each removed meeting's partner lost one: it may take another. */
        uint32_t m = st->cand[i];
        push_unplaced_of(st, in->pb->requests[m].a, &n, RR_PARTNER);
        push_unplaced_of(st, in->pb->requests[m].b, &n, RR_PARTNER);
    }
    cand_sort(st, 1, n);
    for (size_t i = 0; i < n && !st->oom; i++) {
        uint32_t c = st->cand[i];
        if (st->slot[c] >= 0 || !room(st, c))
            continue;
        st->budget = RR_BUDGET;
        insert_chain(st, c, RR_DEPTH, 0);
    }
    int c = obj_cmp(&st->obj, &before);
    if (c >= 0 && !st->oom) {
        commit(st);
        return c > 0;
    }
    undo_to(st, 0);
    return 0;
}

/* Stability: previous meetings go back to their old slot when it is free. */
static void restore_previous(state *st)
{
    const sched_inst *in = st->in;
    for (uint32_t r = 0; r < in->nr && !st->oom; r++) {
        int s = in->prev[r];
        if (s < 0 || st->slot[r] == s)
            continue;
        objective before = st->obj;
        if (st->slot[r] >= 0)
            unplace(st, r);
        if (room(st, r) && fits(st, r, s))
            place(st, r, s);
        if (obj_cmp(&st->obj, &before) > 0 && !st->oom)
            commit(st);
        else
            undo_to(st, 0);
    }
}

void sched_search(const sched_inst *in, const sched_search_cfg *cfg, sched_run *run)
{
    memset(run, 0, sizeof *run);
    state st = {.in = in, .rng = cfg->seed * 0x2545f4914f6cdd1dull + 1};
    size_t np = in->np ? in->np : 1, nr = in->nr ? in->nr : 1;
    st.slot = malloc(nr * sizeof *st.slot);
    st.occ = malloc(np * in->ns * sizeof *st.occ);
    st.load = calloc(np, sizeof *st.load);
    st.used = calloc(in->ns, sizeof *st.used);
    st.list = malloc(((size_t)in->slot_off[in->ns] + 1) * sizeof *st.list);
    st.pos = malloc(nr * sizeof *st.pos);
    st.cap_cand = 3 * (size_t)in->ns * (1 + 2 * RR_PARTNER) + 3 * RR_OWN + 16;
    st.cand = malloc(st.cap_cand * sizeof *st.cand);
    st.seen = calloc(np, sizeof *st.seen);
    size_t n = 0;
    uint32_t *order = NULL;
    if (!st.slot || !st.occ || !st.load || !st.used || !st.list || !st.pos || !st.cand || !st.seen)
        goto oom;
    memset(st.slot, -1, nr * sizeof *st.slot);
    memset(st.occ, -1, np * in->ns * sizeof *st.occ);
    st.obj.moved = in->n_prev;
    order = make_order(&st, cfg->variant, &n);
    if (!order)
        goto oom;

    keep_previous(&st, order, n);
    if (greedy(&st, order, n))
        goto oom;
    bool timed = false;
    if (!proven_best(&st, order, n))
        improve(&st, order, n, CHAIN_DEPTH, MAX_PASSES, cfg->deadline, &timed);
    unsigned stall = 0, stall_limit = STALL_ROUNDS + in->nr / 10;
    /* Proof of optimality is looked for again only after a gain (it costs
     * a pass over the requests). */
    bool proven = proven_best(&st, order, n);
    while (!timed && !st.oom && run->rounds < cfg->max_rounds && stall < stall_limit && !proven) {
        if ((run->rounds & 63) == 0 && sched_now() > cfg->deadline) {
            timed = true;
            break;
        }
        int g = ruin_recreate(&st);
        run->rounds++;
        if (g < 0)
            break;
        if (g > 0) {
            stall = 0;
            proven = proven_best(&st, order, n);
        } else {
            stall++;
        }
    }
    restore_previous(&st);
    /* The rounds and the moves back may have opened chances for the moves
     * of stage 3 (a direct fit, a priority swap, a chain): a last pass, so
     * that the answer is a local optimum of them, unless proven best. */
    if (!timed && !st.oom && !proven_best(&st, order, n))
        improve(&st, order, n, 1, 1, cfg->deadline, &timed);
    if (st.oom)
        goto oom;
    run->slot = st.slot;
    st.slot = NULL;
    memcpy(run->held, st.obj.held, sizeof run->held);
    run->moved = st.obj.moved;
    run->time_limited = timed;
    goto out;
oom:
    run->status = HK_ENOMEM;
out:
    free(order);
    free(st.slot);
    free(st.occ);
    free(st.load);
    free(st.used);
    free(st.list);
    free(st.pos);
    free(st.cand);
    free(st.seen);
    free(st.log);
}
