/*
 * test_sched.c - the meeting scheduler (src/sched): every rule kept on
 * many random events (checked here independently of sched_check: no
 * double booking, availability, tables, limits), priority requests
 * first, the exact optimum of small events found by exhaustive search,
 * the upper bound never below it, stability of a re-run after a late
 * change, the same answer for the same seed, and input errors that name
 * the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"

/* --- generated events --- */

typedef struct event {
    sched_participant *pp;
    uint32_t *tables;
    sched_request *rq;
    size_t np, ns, nr;
} event;

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t *s, uint64_t n) { return n ? next(s) % n : 0; }

static void event_free(event *e)
{
    free(e->pp);
    free(e->tables);
    free(e->rq);
    memset(e, 0, sizeof *e);
}

/* np participants, at most nr requests (distinct pairs), ns slots with
 * 0..max_tables tables, availability density avail_pct, limits
 * 0..max_limit, about prio_pct percent priority requests. */
static void event_make(event *e, uint64_t seed, size_t np, size_t nr, size_t ns,
                       uint32_t max_tables, int avail_pct, uint32_t max_limit, int prio_pct)
{
    uint64_t s = seed;
    memset(e, 0, sizeof *e);
    e->np = np;
    e->ns = ns;
    e->pp = calloc(np ? np : 1, sizeof *e->pp);
    e->tables = calloc(ns, sizeof *e->tables);
    e->rq = calloc(nr ? nr : 1, sizeof *e->rq);
    assert_non_null(e->pp);
    assert_non_null(e->tables);
    assert_non_null(e->rq);
    for (size_t p = 0; p < np; p++) {
        for (size_t k = 0; k < ns; k++)
            if ((int)below(&s, 100) < avail_pct)
                e->pp[p].avail |= 1ull << k;
        e->pp[p].limit = (uint32_t)below(&s, max_limit + 1);
    }
    for (size_t k = 0; k < ns; k++)
        e->tables[k] = (uint32_t)below(&s, max_tables + 1);
    for (size_t tries = 0; e->nr < nr && tries < 20 * nr && np >= 2; tries++) {
        uint32_t a = (uint32_t)below(&s, np), b = (uint32_t)below(&s, np);
        if (a == b)
            continue;
        bool dup = false;
        for (size_t i = 0; i < e->nr && !dup; i++)
            dup = (e->rq[i].a == a && e->rq[i].b == b) || (e->rq[i].a == b && e->rq[i].b == a);
        if (dup)
            continue;
        uint8_t prio = 0;
        if ((int)below(&s, 100) < prio_pct)
            prio = (uint8_t)(1 + below(&s, SCHED_MAX_PRIORITY));
        e->rq[e->nr++] = (sched_request){a, b, prio};
    }
}

static sched_problem problem_of(const event *e, const sched_place *prev)
{
    return (sched_problem){.participants = e->pp,
                           .n_participants = e->np,
                           .tables = e->tables,
                           .n_slots = e->ns,
                           .requests = e->rq,
                           .n_requests = e->nr,
                           .previous = prev};
}

/* Solves; the tests want the deterministic answer, not a fast one, so
 * the time limit is raised far above what even a sanitizer build needs. */
static void solve_ok(const sched_problem *pb, const sched_options *o, sched_result *res)
{
    hk_err err;
    sched_options opt = o ? *o : (sched_options){0};
    if (!opt.time_limit_ms)
        opt.time_limit_ms = 600000;
    int rc = sched_solve(pb, &opt, res, &err);
    if (rc)
        fail_msg("sched_solve: %d %s: %s", rc, err.field, err.msg);
    assert_false(res->time_limited);
}

/* Every rule, checked here from scratch (not through sched_check), and
 * the result's counts against the places. */
static void assert_rules_kept(const event *e, const sched_result *res)
{
    uint32_t *load = calloc(e->np ? e->np : 1, sizeof *load);
    uint64_t *busy = calloc(e->np ? e->np : 1, sizeof *busy);
    size_t *off = calloc(e->ns + 1, sizeof *off);
    for (size_t k = 0; k < e->ns; k++)
        off[k + 1] = off[k] + e->tables[k];
    uint8_t *table_used = calloc(off[e->ns] + 1, 1);
    uint32_t *in_slot = calloc(e->ns, sizeof *in_slot);
    size_t held = 0, by_prio[SCHED_MAX_PRIORITY + 1] = {0};
    for (size_t r = 0; r < e->nr; r++) {
        sched_place pl = res->place[r];
        const sched_request *q = &e->rq[r];
        if (pl.slot < 0) {
            assert_int_equal(pl.table, -1);
            continue;
        }
        assert_true(pl.slot < (int32_t)e->ns);
        assert_true(pl.table >= 0 && (uint32_t)pl.table < e->tables[pl.slot]);
        /* availability */
        if (!(e->pp[q->a].avail >> pl.slot & 1) || !(e->pp[q->b].avail >> pl.slot & 1))
            fail_msg("request %zu in slot %d where a participant is away", r, pl.slot);
        /* no double booking */
        if ((busy[q->a] >> pl.slot & 1) || (busy[q->b] >> pl.slot & 1))
            fail_msg("request %zu: a participant has two meetings in slot %d", r, pl.slot);
        busy[q->a] |= 1ull << pl.slot;
        busy[q->b] |= 1ull << pl.slot;
        /* one meeting per table */
        assert_false(table_used[off[pl.slot] + (size_t)pl.table]);
        table_used[off[pl.slot] + (size_t)pl.table] = 1;
        in_slot[pl.slot]++;
        load[q->a]++;
        load[q->b]++;
        held++;
        by_prio[q->priority]++;
    }
    for (size_t s = 0; s < e->ns; s++)
        assert_true(in_slot[s] <= e->tables[s]);
    for (size_t p = 0; p < e->np; p++)
        if (load[p] > e->pp[p].limit)
            fail_msg("participant %zu has %u meetings, limit %u", p, load[p], e->pp[p].limit);
    assert_int_equal(held, res->held);
    for (int p = 0; p <= SCHED_MAX_PRIORITY; p++)
        assert_int_equal(by_prio[p], res->held_by_priority[p]);
    assert_true(res->held <= res->upper_bound);
    free(load);
    free(busy);
    free(off);
    free(table_used);
    free(in_slot);
}

/* Priority first, as a local property anyone can check: no unplaced
 * request fits as it is, and none of priority p fits once one held
 * meeting of a lower priority is dropped. */
static void assert_no_simple_gain(const event *e, const sched_result *res)
{
    uint32_t *load = calloc(e->np ? e->np : 1, sizeof *load);
    int32_t *at = malloc((e->np ? e->np : 1) * e->ns * sizeof *at); /* meeting of p in slot s */
    uint32_t *in_slot = calloc(e->ns, sizeof *in_slot);
    memset(at, -1, (e->np ? e->np : 1) * e->ns * sizeof *at);
    for (size_t r = 0; r < e->nr; r++) {
        if (res->place[r].slot < 0)
            continue;
        int s = res->place[r].slot;
        load[e->rq[r].a]++;
        load[e->rq[r].b]++;
        at[e->rq[r].a * e->ns + s] = (int32_t)r;
        at[e->rq[r].b * e->ns + s] = (int32_t)r;
        in_slot[s]++;
    }
    /* The meeting worth dropping for a table: the lowest priority one of
     * each slot. */
    long *low = malloc(e->ns * sizeof *low);
    long *cand = malloc((e->nr + e->ns + 1) * sizeof *cand);
    for (size_t k = 0; k < e->ns; k++)
        low[k] = -1;
    for (size_t r = 0; r < e->nr; r++) {
        int k = res->place[r].slot;
        if (k >= 0 && (low[k] < 0 || e->rq[r].priority < e->rq[low[k]].priority))
            low[k] = (long)r;
    }
    for (size_t r = 0; r < e->nr; r++) {
        if (res->place[r].slot >= 0)
            continue;
        const sched_request *q = &e->rq[r];
        /* The drops to try: none, any meeting of either participant, the
         * lowest of each slot. */
        size_t nc = 0;
        cand[nc++] = -1;
        for (size_t m = 0; m < e->nr; m++)
            if (res->place[m].slot >= 0 && (e->rq[m].a == q->a || e->rq[m].b == q->a ||
                                            e->rq[m].a == q->b || e->rq[m].b == q->b))
                cand[nc++] = (long)m;
        for (size_t k = 0; k < e->ns; k++)
            if (low[k] >= 0)
                cand[nc++] = low[k];
        for (size_t c = 0; c < nc; c++) {
            long dropped = cand[c];
            if (dropped >= 0 && e->rq[dropped].priority >= q->priority)
                continue;
            int ds = dropped >= 0 ? res->place[dropped].slot : -1;
            const sched_request *d = dropped >= 0 ? &e->rq[dropped] : NULL;
            uint32_t la = load[q->a] - (d && (d->a == q->a || d->b == q->a));
            uint32_t lb = load[q->b] - (d && (d->a == q->b || d->b == q->b));
            if (la >= e->pp[q->a].limit || lb >= e->pp[q->b].limit)
                continue;
            for (size_t k = 0; k < e->ns; k++) {
                if (!(e->pp[q->a].avail >> k & 1) || !(e->pp[q->b].avail >> k & 1))
                    continue;
                int32_t ma = at[q->a * e->ns + k], mb = at[q->b * e->ns + k];
                bool free_a = ma < 0 || ma == dropped, free_b = mb < 0 || mb == dropped;
                uint32_t used = in_slot[k] - ((int)k == ds);
                if (free_a && free_b && used < e->tables[k])
                    fail_msg("request %zu (priority %u) fits in slot %zu%s%ld", r, q->priority, k,
                             dropped >= 0 ? " once it drops request " : ", drop ", dropped);
            }
        }
    }
    free(low);
    free(cand);
    free(load);
    free(at);
    free(in_slot);
}

/* --- exhaustive optimum of tiny events --- */

typedef struct exh {
    const event *e;
    uint64_t *busy;
    uint32_t *load, *used;
    size_t held[SCHED_MAX_PRIORITY + 1];
    size_t best[SCHED_MAX_PRIORITY + 1];
} exh;

static bool lex_better(const size_t *x, const size_t *y)
{
    for (int p = SCHED_MAX_PRIORITY; p >= 0; p--)
        if (x[p] != y[p])
            return x[p] > y[p];
    return false;
}

static void exh_go(exh *x, size_t r)
{
    const event *e = x->e;
    if (r == e->nr) {
        if (lex_better(x->held, x->best))
            memcpy(x->best, x->held, sizeof x->best);
        return;
    }
    exh_go(x, r + 1); /* not held */
    const sched_request *q = &e->rq[r];
    if (x->load[q->a] >= e->pp[q->a].limit || x->load[q->b] >= e->pp[q->b].limit)
        return;
    for (size_t s = 0; s < e->ns; s++) {
        uint64_t bit = 1ull << s;
        if (!(e->pp[q->a].avail & e->pp[q->b].avail & bit) ||
            ((x->busy[q->a] | x->busy[q->b]) & bit) || x->used[s] >= e->tables[s])
            continue;
        x->busy[q->a] |= bit;
        x->busy[q->b] |= bit;
        x->load[q->a]++;
        x->load[q->b]++;
        x->used[s]++;
        x->held[q->priority]++;
        exh_go(x, r + 1);
        x->held[q->priority]--;
        x->used[s]--;
        x->load[q->a]--;
        x->load[q->b]--;
        x->busy[q->a] &= ~bit;
        x->busy[q->b] &= ~bit;
    }
}

static void exhaustive(const event *e, size_t *best)
{
    exh x = {.e = e};
    x.busy = calloc(e->np, sizeof *x.busy);
    x.load = calloc(e->np, sizeof *x.load);
    x.used = calloc(e->ns, sizeof *x.used);
    exh_go(&x, 0);
    memcpy(best, x.best, sizeof x.best);
    free(x.busy);
    free(x.load);
    free(x.used);
}

/* --- tests --- */

static void random_events_keep_every_rule(void **state)
{
    (void)state;
    uint64_t s = 42;
    for (int i = 0; i < 300; i++) {
        size_t np = 2 + below(&s, 120), ns = 1 + below(&s, 16);
        size_t nr = below(&s, np * 4);
        event e;
        event_make(&e, 1000 + (uint64_t)i, np, nr, ns, (uint32_t)below(&s, 12),
                   30 + (int)below(&s, 70), (uint32_t)below(&s, 10), (int)below(&s, 40));
        sched_problem pb = problem_of(&e, NULL);
        sched_options o = {.seed = (uint64_t)i,
                           .threads = 1 + (unsigned)(i % 2),
                           .searches = 1 + (unsigned)(i / 2 % 2),
                           .max_rounds = 300};
        sched_result res;
        solve_ok(&pb, &o, &res);
        assert_rules_kept(&e, &res);
        assert_no_simple_gain(&e, &res);
        sched_result_free(&res);
        event_free(&e);
    }
}

static void a_large_event_keeps_every_rule(void **state)
{
    (void)state;
    /* Big enough for the augmenting paths and the rounds to matter:
     * limits bind for some, tables for some slots, availability for all. */
    event e;
    event_make(&e, 4242, 1500, 6000, 16, 120, 75, 8, 12);
    sched_problem pb = problem_of(&e, NULL);
    sched_result res;
    solve_ok(&pb, &(sched_options){.seed = 9}, &res);
    assert_rules_kept(&e, &res);
    assert_int_equal(sched_check(&pb, res.place, NULL), 0);
    print_message("large event: %zu held, bound %zu, gap %.2f %%\n", res.held, res.upper_bound,
                  100.0 * res.gap);
    assert_true(res.held > 0);
    assert_true(res.gap < 0.05);
    sched_result_free(&res);
    event_free(&e);
}

static void the_time_limit_still_gives_a_valid_schedule(void **state)
{
    (void)state;
    event e;
    event_make(&e, 4343, 1500, 6000, 16, 120, 75, 8, 12);
    sched_problem pb = problem_of(&e, NULL);
    sched_result res;
    hk_err err;
    assert_int_equal(sched_solve(&pb, &(sched_options){.seed = 9, .time_limit_ms = 1}, &res, &err), 0);
    assert_true(res.time_limited);
    assert_rules_kept(&e, &res);
    sched_result_free(&res);
    event_free(&e);
}

static void priority_requests_win_the_only_table(void **state)
{
    (void)state;
    /* Three pairs want the one table of the one slot; the priority-2 pair
     * gets it whatever the order of the requests. */
    sched_participant pp[6];
    for (int p = 0; p < 6; p++)
        pp[p] = (sched_participant){.avail = 1, .limit = 1};
    uint32_t tables[1] = {1};
    sched_request rq[3] = {{0, 1, 0}, {2, 3, 2}, {4, 5, 1}};
    sched_problem pb = {pp, 6, tables, 1, rq, 3, NULL};
    sched_result res;
    solve_ok(&pb, &(sched_options){.seed = 3}, &res);
    assert_int_equal(res.held, 1);
    assert_int_equal(res.place[1].slot, 0);
    assert_int_equal(res.place[1].table, 0);
    assert_int_equal(res.upper_bound, 1);
    assert_int_equal(res.upper_bound_from[2], 1);
    sched_result_free(&res);
}

static void a_priority_meeting_is_not_traded_for_two_ordinary_ones(void **state)
{
    (void)state;
    /* One slot, two tables, everybody there once. 0-1 (priority) excludes
     * both 0-2 and 1-3, which together would be two meetings: the
     * priority meeting is held, alone. */
    sched_participant pp[4] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    uint32_t tables[1] = {2};
    sched_request rq[3] = {{0, 2, 0}, {0, 1, 1}, {1, 3, 0}};
    sched_problem pb = {pp, 4, tables, 1, rq, 3, NULL};
    sched_result res;
    solve_ok(&pb, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.held, 1);
    assert_int_equal(res.held_by_priority[1], 1);
    assert_int_equal(res.place[1].slot, 0);
    assert_int_equal(res.upper_bound, 2);
    assert_int_equal(res.upper_bound_from[1], 1);
    sched_result_free(&res);
}

static void small_events_reach_the_exhaustive_optimum(void **state)
{
    (void)state;
    uint64_t s = 7;
    int at_bound = 0;
    for (int i = 0; i < 250; i++) {
        size_t np = 3 + below(&s, 6), ns = 1 + below(&s, 3), nr = 2 + below(&s, 7);
        event e;
        event_make(&e, 5000 + (uint64_t)i, np, nr, ns, 1 + (uint32_t)below(&s, 3),
                   40 + (int)below(&s, 60), 1 + (uint32_t)below(&s, 3), 30);
        size_t best[SCHED_MAX_PRIORITY + 1];
        exhaustive(&e, best);
        sched_problem pb = problem_of(&e, NULL);
        sched_result res;
        solve_ok(&pb, &(sched_options){.seed = (uint64_t)i}, &res);
        assert_rules_kept(&e, &res);
        size_t total = 0, from = 0;
        for (int p = SCHED_MAX_PRIORITY; p >= 0; p--) {
            if (best[p] != res.held_by_priority[p])
                fail_msg("event %d: priority %d: optimum %zu, scheduler %zu", i, p, best[p],
                         res.held_by_priority[p]);
            total += best[p];
            from += best[p];
            /* each class bound is a true bound */
            assert_true(from <= res.upper_bound_from[p]);
        }
        assert_true(total <= res.upper_bound);
        at_bound += total == res.upper_bound;
        sched_result_free(&res);
        event_free(&e);
    }
    /* The bound is not only valid but close: on most tiny events exact. */
    assert_true(at_bound >= 200);
}

static void a_rerun_without_change_moves_nothing(void **state)
{
    (void)state;
    event e;
    event_make(&e, 77, 150, 600, 12, 20, 80, 8, 15);
    sched_problem pb = problem_of(&e, NULL);
    sched_result first, again;
    solve_ok(&pb, &(sched_options){.seed = 1}, &first);
    sched_problem pb2 = problem_of(&e, first.place);
    solve_ok(&pb2, &(sched_options){.seed = 99}, &again);
    assert_int_equal(again.held, first.held);
    assert_int_equal(again.previous_kept, first.held);
    assert_int_equal(again.previous_moved, 0);
    assert_int_equal(again.previous_dropped, 0);
    assert_memory_equal(again.place, first.place, e.nr * sizeof *first.place);
    sched_result_free(&first);
    sched_result_free(&again);
    event_free(&e);
}

static void a_late_change_moves_few_meetings(void **state)
{
    (void)state;
    event e;
    event_make(&e, 78, 200, 900, 12, 30, 85, 8, 15);
    sched_problem pb = problem_of(&e, NULL);
    sched_result first;
    solve_ok(&pb, &(sched_options){.seed = 1}, &first);
    assert_rules_kept(&e, &first);

    /* The change: three participants withdraw from one slot each (where
     * they had a meeting, when they had one), and ten new requests. */
    event e2 = e;
    e2.pp = malloc(e.np * sizeof *e2.pp);
    e2.rq = malloc((e.nr + 10) * sizeof *e2.rq);
    e2.tables = malloc(e.ns * sizeof *e2.tables);
    memcpy(e2.pp, e.pp, e.np * sizeof *e2.pp);
    memcpy(e2.rq, e.rq, e.nr * sizeof *e2.rq);
    memcpy(e2.tables, e.tables, e.ns * sizeof *e2.tables);
    sched_place *prev = malloc((e.nr + 10) * sizeof *prev);
    memcpy(prev, first.place, e.nr * sizeof *prev);
    uint64_t s = 5;
    size_t withdrawn = 0;
    for (size_t r = 0; r < e.nr && withdrawn < 3; r += 1 + below(&s, 50))
        if (first.place[r].slot >= 0) {
            e2.pp[e.rq[r].a].avail &= ~(1ull << first.place[r].slot);
            withdrawn++;
        }
    assert_int_equal(withdrawn, 3);
    for (size_t i = 0; i < 10; i++) {
        uint32_t a = (uint32_t)below(&s, e.np);
        uint32_t b = (a + 1 + (uint32_t)below(&s, e.np - 1)) % (uint32_t)e.np;
        e2.rq[e.nr + i] = (sched_request){a, b, 0};
        prev[e.nr + i] = (sched_place){-1, -1};
    }
    e2.nr = e.nr + 10;
    size_t impossible = 0;
    for (size_t r = 0; r < e.nr; r++)
        if (prev[r].slot >= 0 && (!(e2.pp[e2.rq[r].a].avail >> prev[r].slot & 1) ||
                                  !(e2.pp[e2.rq[r].b].avail >> prev[r].slot & 1)))
            impossible++;
    assert_true(impossible >= 3);

    sched_problem pb2 = problem_of(&e2, prev);
    sched_result late, scratch;
    solve_ok(&pb2, &(sched_options){.seed = 1}, &late);
    assert_rules_kept(&e2, &late);
    sched_problem pb3 = problem_of(&e2, NULL);
    solve_ok(&pb3, &(sched_options){.seed = 1}, &scratch);

    /* Beyond the meetings the change made impossible, a handful move (to
     * fit the impossible ones elsewhere and the new requests in), where a
     * run from scratch would reshuffle most of the schedule. */
    size_t changed = late.previous_moved + late.previous_dropped;
    size_t scratch_changed = 0;
    for (size_t r = 0; r < e.nr; r++)
        if (prev[r].slot >= 0 && (scratch.place[r].slot != prev[r].slot ||
                                  scratch.place[r].table != prev[r].table))
            scratch_changed++;
    print_message("late change: %zu impossible, %zu moved or dropped (from scratch: %zu of %zu)\n",
                  impossible, changed, scratch_changed, first.held);
    assert_true(changed <= impossible + 12);
    assert_true(scratch_changed > 4 * changed);
    /* ... and the late run holds about as many meetings as from scratch. */
    assert_true(late.held + late.held / 100 + 1 >= scratch.held);
    free(prev);
    event_free(&e2);
    sched_result_free(&first);
    sched_result_free(&late);
    sched_result_free(&scratch);
    event_free(&e);
}

static void a_rerun_keeps_a_meeting_rather_than_fit_two_new_ones(void **state)
{
    (void)state;
    /* One slot, two tables, everybody there once. From scratch 0-2 and 1-3
     * (two meetings) beat 0-1; but 0-1 was in the previous schedule, so
     * the re-run keeps it. */
    sched_participant pp[4] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    uint32_t tables[1] = {2};
    sched_request rq[3] = {{0, 1, 0}, {0, 2, 0}, {1, 3, 0}};
    sched_problem pb = {pp, 4, tables, 1, rq, 3, NULL};
    sched_result res;
    solve_ok(&pb, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.held, 2);
    assert_int_equal(res.place[0].slot, -1);
    sched_result_free(&res);
    sched_place prev[3] = {{0, 1}, {-1, -1}, {-1, -1}};
    pb.previous = prev;
    solve_ok(&pb, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.held, 1);
    assert_int_equal(res.place[0].slot, 0);
    assert_int_equal(res.place[0].table, 1);
    assert_int_equal(res.previous_kept, 1);
    sched_result_free(&res);
    /* ... unless a new request of higher priority wants the place. */
    rq[1].priority = 1;
    solve_ok(&pb, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.held_by_priority[1], 1);
    assert_int_equal(res.place[0].slot, -1);
    assert_int_equal(res.previous_dropped, 1);
    sched_result_free(&res);
}

static void previous_meetings_keep_their_tables(void **state)
{
    (void)state;
    /* One slot with three tables; the earlier schedule put the one meeting
     * at table 2: it stays there, and the new meeting takes table 0. */
    sched_participant pp[4] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    uint32_t tables[1] = {3};
    sched_request rq[2] = {{0, 1, 0}, {2, 3, 0}};
    sched_place prev[2] = {{0, 2}, {-1, -1}};
    sched_problem pb = {pp, 4, tables, 1, rq, 2, prev};
    sched_result res;
    solve_ok(&pb, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.place[0].slot, 0);
    assert_int_equal(res.place[0].table, 2);
    assert_int_equal(res.place[1].table, 0);
    assert_int_equal(res.previous_kept, 1);
    sched_result_free(&res);
}

static void the_same_seed_gives_the_same_schedule_on_any_threads(void **state)
{
    (void)state;
    event e;
    event_make(&e, 31, 300, 1500, 16, 40, 75, 10, 10);
    sched_problem pb = problem_of(&e, NULL);
    for (unsigned searches = 1; searches <= 2; searches++) {
        sched_result x, y, z;
        solve_ok(&pb, &(sched_options){.seed = 5, .threads = 2, .searches = searches}, &x);
        solve_ok(&pb, &(sched_options){.seed = 5, .threads = 2, .searches = searches}, &y);
        /* ... on one thread too: threads change the time, not the answer */
        solve_ok(&pb, &(sched_options){.seed = 5, .threads = 1, .searches = searches}, &z);
        assert_memory_equal(x.place, y.place, e.nr * sizeof *x.place);
        assert_memory_equal(x.place, z.place, e.nr * sizeof *x.place);
        assert_int_equal(x.upper_bound, z.upper_bound);
        sched_result_free(&x);
        sched_result_free(&y);
        sched_result_free(&z);
    }
    /* Two searches keep the better: never worse than the first alone. */
    sched_result one, two;
    solve_ok(&pb, &(sched_options){.seed = 5, .searches = 1}, &one);
    solve_ok(&pb, &(sched_options){.seed = 5, .searches = 2}, &two);
    assert_true(two.held >= one.held);
    sched_result_free(&one);
    sched_result_free(&two);
    event_free(&e);
}

static void the_bound_counts_tables_limits_and_availability(void **state)
{
    (void)state;
    /* A star: participant 0 (limit 3) is asked by ten others, in 4 slots
     * with 5 tables each: no more than 3 meetings. */
    sched_participant pp[11];
    sched_request rq[10];
    for (int p = 0; p < 11; p++)
        pp[p] = (sched_participant){.avail = 0xf, .limit = p ? 4 : 3};
    for (int r = 0; r < 10; r++)
        rq[r] = (sched_request){0, (uint32_t)r + 1, 0};
    uint32_t tables[4] = {5, 5, 5, 5};
    sched_problem pb = {pp, 11, tables, 4, rq, 10, NULL};
    size_t bound;
    assert_int_equal(sched_upper_bound(&pb, &bound, NULL), 0);
    assert_int_equal(bound, 3);
    /* The same with everybody away in slots 2 and 3: 2. */
    for (int p = 0; p < 11; p++)
        pp[p].avail = 0x3;
    assert_int_equal(sched_upper_bound(&pb, &bound, NULL), 0);
    assert_int_equal(bound, 2);
    /* Twenty disjoint pairs in 2 slots of 3 tables: 6. */
    sched_participant pp2[40];
    sched_request rq2[20];
    for (int p = 0; p < 40; p++)
        pp2[p] = (sched_participant){.avail = 0x3, .limit = 5};
    for (int r = 0; r < 20; r++)
        rq2[r] = (sched_request){(uint32_t)(2 * r), (uint32_t)(2 * r + 1), 0};
    uint32_t tables2[2] = {3, 3};
    sched_problem pb2 = {pp2, 40, tables2, 2, rq2, 20, NULL};
    sched_result res;
    solve_ok(&pb2, &(sched_options){.seed = 1}, &res);
    assert_int_equal(res.upper_bound, 6);
    assert_int_equal(res.held, 6);
    assert_true(res.gap == 0.0);
    sched_result_free(&res);
}

static void an_event_without_requests_or_tables_holds_nothing(void **state)
{
    (void)state;
    sched_participant pp[2] = {{~0ull, 5}, {~0ull, 5}};
    uint32_t tables[3] = {0, 0, 0};
    sched_request rq[1] = {{0, 1, 0}};
    sched_problem pb = {pp, 2, tables, 3, rq, 0, NULL};
    sched_result res;
    solve_ok(&pb, NULL, &res);
    assert_int_equal(res.held, 0);
    assert_int_equal(res.upper_bound, 0);
    sched_result_free(&res);
    pb.n_requests = 1;
    solve_ok(&pb, NULL, &res);
    assert_int_equal(res.held, 0);
    assert_int_equal(res.place[0].slot, -1);
    assert_int_equal(res.place[0].table, -1);
    sched_result_free(&res);
    /* a previous place in a slot that no longer exists is simply dropped */
    tables[0] = 1;
    sched_place prev[1] = {{7, 0}};
    pb.previous = prev;
    solve_ok(&pb, NULL, &res);
    assert_int_equal(res.held, 1);
    assert_int_equal(res.previous_moved, 1);
    sched_result_free(&res);
}

static void bad_input_is_refused_naming_the_field(void **state)
{
    (void)state;
    sched_participant pp[2] = {{1, 1}, {1, 1}};
    uint32_t tables[1] = {1};
    sched_request rq[2] = {{0, 1, 0}, {0, 1, 0}};
    sched_problem pb = {pp, 2, tables, 1, rq, 2, NULL};
    sched_result res;
    hk_err err;
    struct {
        sched_request second;
        size_t n_slots;
        uint32_t tables;
        const char *field;
        int code;
    } cases[] = {
        {{0, 2, 0}, 1, 1, "requests[1].b", HK_EINVAL},
        {{5, 1, 0}, 1, 1, "requests[1].a", HK_EINVAL},
        {{1, 1, 0}, 1, 1, "requests[1].b", HK_EINVAL},
        {{0, 1, 4}, 1, 1, "requests[1].priority", HK_EINVAL},
        {{0, 1, 0}, 0, 1, "n_slots", HK_EINVAL},
        {{0, 1, 0}, 65, 1, "n_slots", HK_EINVAL},
        {{0, 1, 0}, 1, SCHED_MAX_TABLES + 1, "tables[0]", HK_ETOOBIG},
    };
    uint32_t many[65] = {0};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq[1] = cases[i].second;
        pb.n_slots = cases[i].n_slots;
        tables[0] = cases[i].tables;
        pb.tables = cases[i].n_slots > 1 ? many : tables;
        memset(&res, 0x55, sizeof res);
        assert_int_equal(sched_solve(&pb, NULL, &res, &err), cases[i].code);
        assert_string_equal(err.field, cases[i].field);
        assert_null(res.place);
    }
    pb = (sched_problem){pp, 2, NULL, 1, rq, 1, NULL};
    assert_int_equal(sched_solve(&pb, NULL, &res, &err), HK_EINVAL);
    assert_string_equal(err.field, "tables");
}

static void the_checker_finds_each_broken_rule(void **state)
{
    (void)state;
    sched_participant pp[4] = {{0x3, 1}, {0x3, 2}, {0x1, 2}, {0x3, 2}};
    uint32_t tables[2] = {2, 1};
    sched_request rq[3] = {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}};
    sched_problem pb = {pp, 4, tables, 2, rq, 3, NULL};
    sched_place good[3] = {{1, 0}, {0, 0}, {-1, -1}};
    hk_err err;
    assert_int_equal(sched_check(&pb, good, &err), 0);
    struct {
        sched_place p[3];
        const char *what;
    } bad[] = {
        {{{0, 0}, {0, 1}, {-1, -1}}, "two meetings"},        /* 1 twice in slot 0 */
        {{{1, 0}, {1, 1}, {-1, -1}}, "table 1 does not"},    /* slot 1 has one table */
        {{{0, 0}, {-1, -1}, {0, 0}}, "two meetings at table"}, /* table 0 of slot 0 twice */
        {{{1, 0}, {0, 0}, {1, 0}}, "not available"},         /* 2 is away in slot 1 */
        {{{2, 0}, {-1, -1}, {-1, -1}}, "does not exist"},    /* no slot 2 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(sched_check(&pb, bad[i].p, &err), HK_EINVAL);
        if (!strstr(err.msg, bad[i].what))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err.msg, bad[i].what);
    }
    /* participant 0's limit is 1 */
    sched_request rq2[2] = {{0, 1, 0}, {0, 3, 0}};
    sched_problem pb2 = {pp, 4, tables, 2, rq2, 2, NULL};
    sched_place over[2] = {{0, 0}, {1, 0}};
    assert_int_equal(sched_check(&pb2, over, &err), HK_EINVAL);
    assert_non_null(strstr(err.msg, "limit"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_events_keep_every_rule),
        cmocka_unit_test(a_large_event_keeps_every_rule),
        cmocka_unit_test(the_time_limit_still_gives_a_valid_schedule),
        cmocka_unit_test(priority_requests_win_the_only_table),
        cmocka_unit_test(a_priority_meeting_is_not_traded_for_two_ordinary_ones),
        cmocka_unit_test(small_events_reach_the_exhaustive_optimum),
        cmocka_unit_test(a_rerun_without_change_moves_nothing),
        cmocka_unit_test(a_late_change_moves_few_meetings),
        cmocka_unit_test(a_rerun_keeps_a_meeting_rather_than_fit_two_new_ones),
        cmocka_unit_test(previous_meetings_keep_their_tables),
        cmocka_unit_test(the_same_seed_gives_the_same_schedule_on_any_threads),
        cmocka_unit_test(the_bound_counts_tables_limits_and_availability),
        cmocka_unit_test(an_event_without_requests_or_tables_holds_nothing),
        cmocka_unit_test(bad_input_is_refused_naming_the_field),
        cmocka_unit_test(the_checker_finds_each_broken_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
