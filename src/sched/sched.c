/*
 * sched.c - the scheduler's public functions (sched.h): validating the
 * input, preparing it for the search (sched_inst, with the bounds computed
 * on up to two threads), running one or two searches (sched_search.c),
 * side by side when there are two threads, and keeping the best,
 * numbering the tables, checking every rule on the answer, and filling
 * the result with its upper bound (sched_bound.c) and stability figures.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_int.h"

#define DEFAULT_TIME_LIMIT_MS 4000u

/* --- validation --- */

int sched_validate(const sched_problem *pb, hk_err *err)
{
    if (!pb)
        return hk_err_set(err, HK_EINVAL, "problem", "is missing");
    if (pb->n_slots < 1 || pb->n_slots > SCHED_MAX_SLOTS)
        return hk_err_set(err, HK_EINVAL, "n_slots", "must be 1 to %d, not %zu", SCHED_MAX_SLOTS,
                          pb->n_slots);
    if (pb->n_participants > SCHED_MAX_PARTICIPANTS)
        return hk_err_set(err, HK_ETOOBIG, "n_participants", "must be at most %u",
                          SCHED_MAX_PARTICIPANTS);
    if (pb->n_requests > SCHED_MAX_REQUESTS)
        return hk_err_set(err, HK_ETOOBIG, "n_requests", "must be at most %u", SCHED_MAX_REQUESTS);
    if (!pb->tables)
        return hk_err_set(err, HK_EINVAL, "tables", "is missing");
    if (pb->n_participants && !pb->participants)
        return hk_err_set(err, HK_EINVAL, "participants", "is missing");
    if (pb->n_requests && !pb->requests)
        return hk_err_set(err, HK_EINVAL, "requests", "is missing");
    char field[64];
    for (size_t s = 0; s < pb->n_slots; s++)
        if (pb->tables[s] > SCHED_MAX_TABLES) {
            snprintf(field, sizeof field, "tables[%zu]", s);
            return hk_err_set(err, HK_ETOOBIG, field, "must be at most %u", SCHED_MAX_TABLES);
        }
    for (size_t r = 0; r < pb->n_requests; r++) {
        const sched_request *q = &pb->requests[r];
        if (q->a >= pb->n_participants || q->b >= pb->n_participants) {
            snprintf(field, sizeof field, "requests[%zu].%s", r,
                     q->a >= pb->n_participants ? "a" : "b");
            return hk_err_set(err, HK_EINVAL, field, "names no participant (there are %zu)",
                              pb->n_participants);
        }
        if (q->a == q->b) {
            snprintf(field, sizeof field, "requests[%zu].b", r);
            return hk_err_set(err, HK_EINVAL, field, "is the same participant as a");
        }
        if (q->priority > SCHED_MAX_PRIORITY) {
            snprintf(field, sizeof field, "requests[%zu].priority", r);
            return hk_err_set(err, HK_EINVAL, field, "must be 0 to %d", SCHED_MAX_PRIORITY);
        }
    }
    return 0;
}

/* --- the prepared instance --- */

/* The bounds: two flows (seats, pairs) per priority class some request
 * has, up to eight independent tasks shared by one or two threads. Each
 * task writes its own answer, so the result does not depend on which
 * thread ran which. */
typedef struct bound_tasks {
    const sched_inst *in;
    int n;                   /* tasks */
    int prio[2 * (SCHED_MAX_PRIORITY + 1)];
    bool pairs[2 * (SCHED_MAX_PRIORITY + 1)];
    size_t value[2 * (SCHED_MAX_PRIORITY + 1)];
    int rc[2 * (SCHED_MAX_PRIORITY + 1)];
    int next;                /* next task to take, under lock */
    pthread_mutex_t lock;
} bound_tasks;

static void *bound_worker(void *arg)
{
    bound_tasks *t = arg;
    for (;;) {
        pthread_mutex_lock(&t->lock);
        int i = t->next < t->n ? t->next++ : -1;
        pthread_mutex_unlock(&t->lock);
        if (i < 0)
            return NULL;
        t->rc[i] = t->pairs[i] ? sched_bound_pairs(t->in, t->prio[i], &t->value[i])
                               : sched_bound_seats(t->in, t->prio[i], &t->value[i]);
    }
}

static int compute_bounds(sched_inst *in, unsigned threads)
{
    bound_tasks t = {.in = in};
    bool has[SCHED_MAX_PRIORITY + 1] = {false};
    for (uint32_t r = 0; r < in->nr; r++)
        has[in->pb->requests[r].priority] = true;
    /* Heaviest first (the pairs network of all requests), so that two
     * threads finish together. */
    for (int p = 0, any_above = 0; p <= SCHED_MAX_PRIORITY; p++) {
        any_above = 0;
        for (int q = p; q <= SCHED_MAX_PRIORITY; q++)
            any_above |= has[q];
        if (!any_above && p > 0)
            continue;
        for (int k = 0; k < 2; k++) {
            t.prio[t.n] = p;
            t.pairs[t.n] = k == 0;
            t.n++;
        }
    }
    if (pthread_mutex_init(&t.lock, NULL))
        return HK_ENOMEM;
    pthread_t th;
    bool threaded = threads > 1 && pthread_create(&th, NULL, bound_worker, &t) == 0;
    bound_worker(&t);
    if (threaded)
        pthread_join(th, NULL);
    pthread_mutex_destroy(&t.lock);
    memset(in->bound, 0, sizeof in->bound);
    for (int i = 0; i < t.n; i++) {
        if (t.rc[i])
            return t.rc[i];
        size_t *b = &in->bound[t.prio[i]];
        bool first = i == 0 || t.prio[i - 1] != t.prio[i];
        if (first || t.value[i] < *b)
            *b = t.value[i];
    }
    return 0;
}

void sched_inst_free(sched_inst *in)
{
    free(in->fmask);
    free(in->limit);
    free(in->cap);
    free(in->slot_off);
    free(in->adj_off);
    free(in->adj);
    free(in->prev);
    free(in->pressure);
    memset(in, 0, sizeof *in);
}

int sched_inst_init(sched_inst *in, const sched_problem *pb, unsigned threads, hk_err *err)
{
    memset(in, 0, sizeof *in);
    in->pb = pb;
    in->np = (uint32_t)pb->n_participants;
    in->nr = (uint32_t)pb->n_requests;
    in->ns = (uint32_t)pb->n_slots;
    size_t np = in->np ? in->np : 1, nr = in->nr ? in->nr : 1;
    in->fmask = malloc(nr * sizeof *in->fmask);
    in->limit = malloc(np * sizeof *in->limit);
    in->cap = malloc(in->ns * sizeof *in->cap);
    in->slot_off = malloc((in->ns + 1) * sizeof *in->slot_off);
    in->adj_off = calloc(np + 1, sizeof *in->adj_off);
    in->adj = malloc(2 * nr * sizeof *in->adj);
    in->prev = malloc(nr * sizeof *in->prev);
    in->pressure = malloc(np * sizeof *in->pressure);
    if (!in->fmask || !in->limit || !in->cap || !in->slot_off || !in->adj_off || !in->adj ||
        !in->prev || !in->pressure) {
        sched_inst_free(in);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory preparing the schedule");
    }
    uint64_t open = 0; /* slots with at least one usable table */
    in->slot_off[0] = 0;
    for (uint32_t s = 0; s < in->ns; s++) {
        uint32_t c = pb->tables[s];
        if (c > in->np / 2)
            c = in->np / 2;
        if (c > in->nr)
            c = in->nr;
        in->cap[s] = c;
        in->slot_off[s + 1] = in->slot_off[s] + c;
        if (c)
            open |= 1ull << s;
    }
    for (uint32_t p = 0; p < in->np; p++) {
        uint32_t avail = (uint32_t)__builtin_popcountll(pb->participants[p].avail & open);
        in->limit[p] = pb->participants[p].limit < avail ? pb->participants[p].limit : avail;
    }
    for (uint32_t r = 0; r < in->nr; r++) {
        const sched_request *q = &pb->requests[r];
        uint64_t m = pb->participants[q->a].avail & pb->participants[q->b].avail & open;
        if (!in->limit[q->a] || !in->limit[q->b])
            m = 0;
        in->fmask[r] = m;
        if (m) {
            in->adj_off[q->a + 1]++;
            in->adj_off[q->b + 1]++;
        }
        in->prev[r] = -1;
        if (pb->previous) {
            int32_t s = pb->previous[r].slot;
            /* Kept as a hint only where it could still be held. */
            if (s >= 0 && s < (int32_t)in->ns && (m >> s & 1)) {
                in->prev[r] = (int8_t)s;
                in->n_prev++;
            }
        }
    }
    for (uint32_t p = 0; p < in->np; p++)
        in->adj_off[p + 1] += in->adj_off[p];
    uint32_t *fill = calloc(np, sizeof *fill);
    if (!fill) {
        sched_inst_free(in);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory preparing the schedule");
    }
    for (uint32_t r = 0; r < in->nr; r++) {
        if (!in->fmask[r])
            continue;
        const sched_request *q = &pb->requests[r];
        in->adj[in->adj_off[q->a] + fill[q->a]++] = r;
        in->adj[in->adj_off[q->b] + fill[q->b]++] = r;
    }
    free(fill);
    for (uint32_t p = 0; p < in->np; p++) {
        uint32_t deg = in->adj_off[p + 1] - in->adj_off[p];
        in->pressure[p] = in->limit[p] ? (float)deg / (float)in->limit[p] : 0.0f;
    }
    if (compute_bounds(in, threads)) {
        sched_inst_free(in);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory computing the bound");
    }
    return 0;
}

/* --- checking an answer --- */

static int place_cmp(const void *x, const void *y)
{
    const sched_place *a = x, *b = y;
    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    return (a->table > b->table) - (a->table < b->table);
}

int sched_check(const sched_problem *pb, const sched_place *place, hk_err *err)
{
    int rc = sched_validate(pb, err);
    if (rc)
        return rc;
    size_t np = pb->n_participants ? pb->n_participants : 1;
    uint64_t *busy = calloc(np, sizeof *busy);
    uint32_t *load = calloc(np, sizeof *load);
    sched_place *held = malloc((pb->n_requests ? pb->n_requests : 1) * sizeof *held);
    if (!busy || !load || !held) {
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory checking the schedule");
        goto out;
    }
    char field[64];
    size_t n = 0;
    for (size_t r = 0; r < pb->n_requests && !rc; r++) {
        const sched_request *q = &pb->requests[r];
        int32_t s = place[r].slot, t = place[r].table;
        snprintf(field, sizeof field, "place[%zu]", r);
        if (s < 0 && t < 0)
            continue;
        if (s < 0 || s >= (int32_t)pb->n_slots)
            rc = hk_err_set(err, HK_EINVAL, field, "slot %d does not exist", s);
        else if (t < 0 || (uint32_t)t >= pb->tables[s])
            rc = hk_err_set(err, HK_EINVAL, field, "table %d does not exist in slot %d", t, s);
        else if (!(pb->participants[q->a].avail >> s & 1) ||
                 !(pb->participants[q->b].avail >> s & 1))
            rc = hk_err_set(err, HK_EINVAL, field, "participant %u is not available in slot %d",
                            !(pb->participants[q->a].avail >> s & 1) ? q->a : q->b, s);
        else if ((busy[q->a] >> s & 1) || (busy[q->b] >> s & 1))
            rc = hk_err_set(err, HK_EINVAL, field, "participant %u has two meetings in slot %d",
                            (busy[q->a] >> s & 1) ? q->a : q->b, s);
        else if (++load[q->a] > pb->participants[q->a].limit ||
                 ++load[q->b] > pb->participants[q->b].limit)
            rc = hk_err_set(err, HK_EINVAL, field,
                            "a participant has more meetings than their limit");
        else {
            busy[q->a] |= 1ull << s;
            busy[q->b] |= 1ull << s;
            held[n++] = place[r];
        }
    }
    if (rc)
        goto out;
    qsort(held, n, sizeof *held, place_cmp);
    for (size_t i = 1; i < n; i++)
        if (held[i].slot == held[i - 1].slot && held[i].table == held[i - 1].table) {
            rc = hk_err_set(err, HK_EINVAL, "place", "two meetings at table %d of slot %d",
                            held[i].table, held[i].slot);
            break;
        }
out:
    free(busy);
    free(load);
    free(held);
    return rc;
}

/* --- solving --- */

typedef struct job {
    const sched_inst *in;
    sched_search_cfg cfg;
    sched_run run;
} job;

static void *job_main(void *arg)
{
    job *j = arg;
    sched_search(j->in, &j->cfg, &j->run);
    return NULL;
}

static int run_cmp(const sched_run *x, const sched_run *y)
{
    for (int p = SCHED_RANKS - 1; p >= 0; p--)
        if (x->held[p] != y->held[p])
            return x->held[p] > y->held[p] ? 1 : -1;
    if (x->moved != y->moved)
        return x->moved < y->moved ? 1 : -1;
    return 0;
}

/* Numbers the tables of each slot: a previous meeting still in its slot
 * keeps its table when it can, the others take the lowest free ones. */
static int number_tables(const sched_problem *pb, const int8_t *slot, sched_place *place)
{
    size_t *off = malloc((pb->n_slots + 1) * sizeof *off);
    if (!off)
        return HK_ENOMEM;
    off[0] = 0;
    for (size_t s = 0; s < pb->n_slots; s++)
        off[s + 1] = off[s] + pb->tables[s];
    uint8_t *taken = calloc(off[pb->n_slots] + 1, 1);
    uint32_t *next = calloc(pb->n_slots, sizeof *next);
    if (!taken || !next) {
        free(off);
        free(taken);
        free(next);
        return HK_ENOMEM;
    }
    for (size_t r = 0; r < pb->n_requests; r++) {
        place[r] = (sched_place){slot[r], -1};
        if (slot[r] < 0 || !pb->previous || pb->previous[r].slot != slot[r])
            continue;
        int32_t t = pb->previous[r].table;
        if (t >= 0 && (uint32_t)t < pb->tables[slot[r]] && !taken[off[slot[r]] + t]) {
            taken[off[slot[r]] + t] = 1;
            place[r].table = t;
        }
    }
    for (size_t r = 0; r < pb->n_requests; r++) {
        int s = slot[r];
        if (s < 0 || place[r].table >= 0)
            continue;
        while (next[s] < pb->tables[s] && taken[off[s] + next[s]])
            next[s]++;
        /* The search never puts more meetings in a slot than it has tables,
         * so a free table is always found; sched_check confirms it. */
        place[r].table = (int32_t)next[s];
        if (next[s] < pb->tables[s])
            taken[off[s] + next[s]] = 1;
    }
    free(off);
    free(taken);
    free(next);
    return 0;
}

void sched_result_free(sched_result *r)
{
    if (!r)
        return;
    free(r->place);
    memset(r, 0, sizeof *r);
}

int sched_upper_bound(const sched_problem *pb, size_t *bound, hk_err *err)
{
    int rc = sched_validate(pb, err);
    if (rc)
        return rc;
    sched_inst in;
    if ((rc = sched_inst_init(&in, pb, 2, err)))
        return rc;
    *bound = in.bound[0];
    sched_inst_free(&in);
    return 0;
}

int sched_solve(const sched_problem *pb, const sched_options *opt, sched_result *out,
                hk_err *err)
{
    double t0 = sched_now();
    memset(out, 0, sizeof *out);
    int rc = sched_validate(pb, err);
    if (rc)
        return rc;
    sched_options o = opt ? *opt : (sched_options){0};
    if (!o.threads || o.threads > 2)
        o.threads = 2;
    if (!o.searches || o.searches > 2)
        o.searches = 1;
    if (!o.time_limit_ms)
        o.time_limit_ms = DEFAULT_TIME_LIMIT_MS;
    if (!o.max_rounds)
        o.max_rounds = pb->n_requests > 20000 ? 400000u : 20u * (unsigned)pb->n_requests + 20000u;

    sched_inst in;
    if ((rc = sched_inst_init(&in, pb, o.threads, err)))
        return rc;
    job jobs[2];
    memset(jobs, 0, sizeof jobs);
    for (unsigned k = 0; k < o.searches; k++)
        jobs[k] = (job){.in = &in,
                        .cfg = {.seed = o.seed * 2 + k,
                                .variant = k,
                                .deadline = t0 + o.time_limit_ms / 1000.0,
                                .max_rounds = o.max_rounds}};
    pthread_t th;
    bool threaded = o.searches == 2 && o.threads == 2 &&
                    pthread_create(&th, NULL, job_main, &jobs[1]) == 0;
    job_main(&jobs[0]);
    if (threaded)
        pthread_join(th, NULL);
    else if (o.searches == 2)
        job_main(&jobs[1]); /* one thread (or none to be had): the same search, in turn */
    sched_run *best = &jobs[0].run;
    for (unsigned k = 1; k < o.searches; k++)
        if (!jobs[k].run.status && (best->status || run_cmp(&jobs[k].run, best) > 0))
            best = &jobs[k].run;
    if (best->status) {
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory searching for a schedule");
        goto out;
    }
    out->place = malloc((pb->n_requests ? pb->n_requests : 1) * sizeof *out->place);
    if (!out->place || number_tables(pb, best->slot, out->place)) {
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory numbering the tables");
        goto out;
    }
    hk_err cerr;
    if (sched_check(pb, out->place, &cerr)) {
        rc = hk_err_set(err, HK_EINTERNAL, cerr.field, "the schedule found breaks a rule: %s",
                        cerr.msg);
        goto out;
    }
    for (int p = 0; p <= SCHED_MAX_PRIORITY; p++) {
        out->held_by_priority[p] = best->held[2 * p] + best->held[2 * p + 1];
        out->held += out->held_by_priority[p];
    }
    out->upper_bound = in.bound[0];
    memcpy(out->upper_bound_from, in.bound, sizeof out->upper_bound_from);
    out->gap = in.bound[0] ? ((double)in.bound[0] - (double)out->held) / (double)in.bound[0] : 0.0;
    for (size_t r = 0; pb->previous && r < pb->n_requests; r++) {
        if (pb->previous[r].slot < 0)
            continue;
        if (out->place[r].slot < 0)
            out->previous_dropped++;
        else if (out->place[r].slot == pb->previous[r].slot &&
                 out->place[r].table == pb->previous[r].table)
            out->previous_kept++;
        else
            out->previous_moved++;
    }
    out->rounds = best->rounds;
    for (unsigned k = 0; k < o.searches; k++)
        out->time_limited |= jobs[k].run.time_limited;
out:
    if (rc) {
        free(out->place);
        out->place = NULL;
    }
    for (unsigned k = 0; k < o.searches; k++)
        free(jobs[k].run.slot);
    sched_inst_free(&in);
    out->seconds = sched_now() - t0;
    return rc;
}
