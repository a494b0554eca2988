/*
 * bench_sched.c - the meeting scheduler (src/sched) on generated events:
 * time, meetings held, the upper bound and the gap, re-scheduling
 * stability, and (when built with GLPK) the exact optimum of small
 * instances from an integer program.
 *
 * Instances are generated from a seed like a b2match-style forum: most
 * participants are there all day, some only in the first or last part,
 * each misses a few slots for sessions; limits of 4 to 12 meetings; the
 * requesting side is uniform, the requested side follows a Zipf-like
 * popularity (a few exhibitors are asked by hundreds); 10 % of requests
 * have priority 1 and 2 % priority 2. Lines:
 *   target   the size of issue 14: 5,000 participants, 20,000 accepted
 *            requests, 16 slots, 500 tables (targets: under 5 s on two
 *            cores, within 2 % of the bound)
 *   tight    the same with 1,000 tables, so that participants (limits,
 *            availability, clashes) bind rather than tables
 *   late     the event above re-run after a late change (30 participants
 *            withdraw one slot each, 50 new requests, 20 withdrawn), with
 *            the first schedule as the previous one: meetings moved
 *   glpk     small instances solved exactly by GLPK (bench_sched_glpk.c):
 *            the scheduler against the optimum (target: within 1 %), a
 *            mix of 30 to 60 participants in 6 to 8 slots, then the shape
 *            of `tight` at 80 participants (--glpk-shape N for another size)
 * Run from the repository root (make bench does); --quick runs smaller
 * sizes, --seed N another seed, --threads 1 one thread (default two),
 * --searches 2 two searches side by side, --only NAME one part, --lp
 * also the LP relaxation of the large events by GLPK's simplex (a bound
 * for comparison; minutes, so not in make bench). Exits non-zero if a
 * target is missed (time, gap) or a bound is below GLPK's optimum (a bug).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_sched_glpk.h"
#include "sched/sched.h"

typedef struct gen {
    sched_participant *pp;
    uint32_t *tables;
    sched_request *rq;
    size_t np, ns, nr;
} gen;

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) / 9007199254740992.0; }

static void gen_free(gen *g)
{
    free(g->pp);
    free(g->tables);
    free(g->rq);
    memset(g, 0, sizeof *g);
}

/* An event of np participants, nr distinct requests, ns slots of nt
 * tables each, from seed; 0 or -1 (out of memory, or nr too many). */
static int gen_make(gen *g, size_t np, size_t nr, size_t ns, uint32_t nt, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->np = np;
    g->ns = ns;
    g->pp = calloc(np, sizeof *g->pp);
    g->tables = calloc(ns, sizeof *g->tables);
    g->rq = calloc(nr ? nr : 1, sizeof *g->rq);
    double *cum = calloc(np, sizeof *cum);
    size_t hcap = 1;
    while (hcap < 4 * nr + 4)
        hcap <<= 1;
    uint64_t *hash = calloc(hcap, sizeof *hash);
    if (!g->pp || !g->tables || !g->rq || !cum || !hash || np < 2 || nr > np * (np - 1) / 4) {
        free(cum);
        free(hash);
        gen_free(g);
        return -1;
    }
    uint64_t s = seed * 7919 + 17;
    uint64_t all = ns == 64 ? ~0ull : (1ull << ns) - 1;
    for (size_t p = 0; p < np; p++) {
        uint64_t av = all;
        double u = rng_unit(&s);
        size_t part = (ns * 6 + 9) / 10;
        if (u < 0.15)
            av &= part == 64 ? ~0ull : (1ull << part) - 1; /* first part of the day */
        else if (u < 0.30)
            av &= ~((1ull << (ns - part)) - 1); /* last part */
        for (size_t k = 0; k < ns; k++)
            if (rng_unit(&s) < 0.08)
                av &= ~(1ull << k); /* a session elsewhere */
        g->pp[p].avail = av;
        g->pp[p].limit = 4 + (uint32_t)(rng_next(&s) % 9);
    }
    for (size_t k = 0; k < ns; k++)
        g->tables[k] = nt;
    /* Popularity: weight 1 / (rank + 10)^0.9 over a shuffled ranking. */
    double tot = 0;
    for (size_t p = 0; p < np; p++) {
        tot += 1.0 / pow((double)(rng_next(&s) % np) + 10.0, 0.9);
        cum[p] = tot;
    }
    while (g->nr < nr) {
        uint32_t a = (uint32_t)(rng_next(&s) % np);
        double x = rng_unit(&s) * tot;
        size_t lo = 0, hi = np - 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cum[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t b = (uint32_t)lo;
        if (a == b)
            continue;
        uint64_t key = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
        size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (hcap - 1);
        bool dup = false;
        while (hash[h]) {
            if (hash[h] == key + 1) {
                dup = true;
                break;
            }
            h = (h + 1) & (hcap - 1);
        }
        if (dup)
            continue;
        hash[h] = key + 1;
        double u = rng_unit(&s);
        g->rq[g->nr++] = (sched_request){a, b, (uint8_t)(u < 0.02 ? 2 : u < 0.12 ? 1 : 0)};
    }
    free(cum);
    free(hash);
    return 0;
}

static sched_problem gen_problem(const gen *g, const sched_place *prev)
{
    return (sched_problem){.participants = g->pp,
                           .n_participants = g->np,
                           .tables = g->tables,
                           .n_slots = g->ns,
                           .requests = g->rq,
                           .n_requests = g->nr,
                           .previous = prev};
}

static unsigned opt_rounds, opt_threads = 2, opt_searches = 1, opt_time_ms;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the last solve (all threads): on a shared machine the
 * wall time alone says little. */
static double last_cpu;

static int timed_solve(const sched_problem *pb, const sched_options *o, sched_result *res,
                       hk_err *err)
{
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    int rc = sched_solve(pb, o, res, err);
    last_cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    return rc;
}

static void print_line(const char *name, const gen *g, uint32_t nt, const sched_result *res)
{
    printf("%-7s %5zu %6zu %3zu %5" PRIu32 "  held %6zu (p2 %zu/%zu, p1+ %zu/%zu)  bound %6zu"
           "  gap %5.2f %%  %5.2f s (cpu %5.2f s)  %u rounds%s\n",
           name, g->np, g->nr, g->ns, nt, res->held, res->held_by_priority[2],
           res->upper_bound_from[2], res->held_by_priority[1] + res->held_by_priority[2],
           res->upper_bound_from[1], res->upper_bound, 100.0 * res->gap, res->seconds,
           last_cpu, res->rounds, res->time_limited ? " (time limit)" : "");
}

/* One generated event; with targets (max_seconds > 0), a line saying
 * whether they were met, and status 1 if not. */
static bool opt_lp;

static int run_large(const char *name, size_t np, size_t nr, size_t ns, uint32_t nt, uint64_t seed,
                     bool late, double max_seconds, double max_gap)
{
    gen g;
    if (gen_make(&g, np, nr, ns, nt, seed)) {
        fprintf(stderr, "bench_sched: cannot generate %s\n", name);
        return 1;
    }
    sched_problem pb = gen_problem(&g, NULL);
    sched_options opt = {.seed = seed,
                         .threads = opt_threads,
                         .searches = opt_searches,
                         .max_rounds = opt_rounds,
                         .time_limit_ms = opt_time_ms};
    sched_result res;
    hk_err err;
    if (timed_solve(&pb, &opt, &res, &err)) {
        fprintf(stderr, "bench_sched: %s: %s: %s\n", name, err.field, err.msg);
        gen_free(&g);
        return 1;
    }
    print_line(name, &g, nt, &res);
    int status = 0;
    /* The bound alone, to show its share of the time. */
    size_t bound;
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (!sched_upper_bound(&pb, &bound, &err))
        printf("%-7s the bounds alone: %.2f s (cpu %.2f s)\n", name, clock_s(CLOCK_MONOTONIC) - t0,
               clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
    double lp, lp_s;
    if (opt_lp && !bench_sched_glpk_lp_bound(&pb, 600.0, &lp, &lp_s))
        printf("%-7s LP relaxation (GLPK simplex, %.0f s): %.1f, gap to it %.2f %%\n", name,
               lp_s, lp, 100.0 * (lp - (double)res.held) / lp);
    else if (opt_lp)
        printf("%-7s LP relaxation: not solved (no GLPK, or over 600 s)\n", name);
    if (max_seconds > 0) {
        bool met = res.seconds <= max_seconds && res.gap <= max_gap;
        printf("%-7s targets (under %.0f s, within %.0f %% of the bound): %s\n", name, max_seconds,
               100.0 * max_gap, met ? "met" : "MISSED");
        status |= !met;
    }
    if (late) {
        /* The late change: the old requests keep their indexes (the
         * withdrawn ones are swapped with new ones at the same index, as a
         * caller that re-reads its requests would align them), the new
         * requests come after, and 30 participants lose a slot. */
        size_t nr2 = g.nr + 50;
        sched_request *rq2 = malloc(nr2 * sizeof *rq2);
        sched_place *prev = malloc(nr2 * sizeof *prev);
        if (!rq2 || !prev) {
            free(rq2);
            free(prev);
            sched_result_free(&res);
            gen_free(&g);
            return 1;
        }
        memcpy(rq2, g.rq, g.nr * sizeof *rq2);
        memcpy(prev, res.place, g.nr * sizeof *prev);
        uint64_t s = seed ^ 0xabcdef;
        size_t given = 0;
        for (size_t i = 0; i < 20; i++) {
            size_t r = rng_next(&s) % g.nr;
            /* withdrawn: replaced by a request between two others */
            rq2[r].a = (uint32_t)(rng_next(&s) % g.np);
            rq2[r].b = (rq2[r].a + 1 + (uint32_t)(rng_next(&s) % (g.np - 1))) % (uint32_t)g.np;
            prev[r] = (sched_place){-1, -1};
        }
        for (size_t i = g.nr; i < nr2; i++) {
            rq2[i].a = (uint32_t)(rng_next(&s) % g.np);
            rq2[i].b = (rq2[i].a + 1 + (uint32_t)(rng_next(&s) % (g.np - 1))) % (uint32_t)g.np;
            rq2[i].priority = 0;
            prev[i] = (sched_place){-1, -1};
        }
        for (size_t i = 0; i < 30; i++) {
            size_t p = rng_next(&s) % g.np;
            g.pp[p].avail &= ~(1ull << (rng_next(&s) % g.ns));
        }
        size_t invalid = 0;
        for (size_t r = 0; r < g.nr; r++)
            if (prev[r].slot >= 0) {
                given++;
                if (!(g.pp[rq2[r].a].avail >> prev[r].slot & 1) ||
                    !(g.pp[rq2[r].b].avail >> prev[r].slot & 1))
                    invalid++;
            }
        sched_problem pb2 = pb;
        pb2.requests = rq2;
        pb2.n_requests = nr2;
        pb2.previous = prev;
        sched_result res2;
        if (timed_solve(&pb2, &opt, &res2, &err)) {
            fprintf(stderr, "bench_sched: late: %s: %s\n", err.field, err.msg);
            status = 1;
        } else {
            print_line("late", &g, nt, &res2);
            printf("late    %zu previous meetings, %zu no longer possible: %zu kept, %zu moved, "
                   "%zu dropped\n",
                   given, invalid, res2.previous_kept, res2.previous_moved, res2.previous_dropped);
            sched_result_free(&res2);
        }
        free(rq2);
        free(prev);
    }
    sched_result_free(&res);
    gen_free(&g);
    return status;
}

/* Small instances: the scheduler against GLPK's optimum. With shape_np
 * set, every instance has the shape of `tight` scaled to shape_np
 * participants (16 slots, 4 requests and 1/5 table per participant)
 * instead of the mix of small sizes. */
static int run_glpk(uint64_t seed, int count, size_t shape_np)
{
    if (!bench_sched_glpk_available()) {
        printf("glpk    skipped: built without GLPK (bench/run.sh installs libglpk-dev)\n");
        return 0;
    }
    int status = 0;
    double worst = 0, sum_gap = 0, glpk_s = 0, ours_s = 0;
    int n_opt = 0, n_solved = 0, n_bound_tight = 0;
    for (int i = 0; i < count; i++) {
        size_t np = 30 + (size_t)(i % 4) * 10, ns = 6 + (size_t)(i % 3), nr = np * 3;
        uint32_t nt = (uint32_t)(np / 6 + (size_t)(i % 2) * np / 6);
        if (shape_np) {
            np = shape_np;
            nr = 4 * np;
            ns = 16;
            nt = (uint32_t)(np / 5);
        }
        gen g;
        if (gen_make(&g, np, nr, ns, nt, seed + 1000 + (uint64_t)i))
            return 1;
        sched_problem pb = gen_problem(&g, NULL);
        sched_options opt = {.seed = seed,
                             .threads = opt_threads,
                             .searches = opt_searches,
                             .max_rounds = opt_rounds,
                             .time_limit_ms = opt_time_ms};
        sched_result res;
        hk_err err;
        if (timed_solve(&pb, &opt, &res, &err)) {
            fprintf(stderr, "bench_sched: glpk %d: %s: %s\n", i, err.field, err.msg);
            gen_free(&g);
            return 1;
        }
        bench_sched_glpk_result ex;
        if (bench_sched_glpk_solve(&pb, 60.0, &ex)) {
            printf("glpk    instance %d: GLPK failed\n", i);
            status = 1;
        } else {
            n_solved++;
            glpk_s += ex.seconds;
            ours_s += res.seconds;
            bool same_prio = true;
            for (int p = 1; p <= SCHED_MAX_PRIORITY; p++)
                if (ex.held_by_priority[p] != res.held_by_priority[p])
                    same_prio = false;
            double gap = ex.held ? ((double)ex.held - (double)res.held) / (double)ex.held : 0;
            /* Lexicographic: more ordinary meetings than GLPK can only come
             * with fewer priority ones; the gap is then negative. */
            if (gap > worst)
                worst = gap;
            sum_gap += gap;
            n_opt += res.held == ex.held && same_prio;
            n_bound_tight += res.upper_bound == ex.held;
            printf("glpk    %3zu %4zu %2zu %3" PRIu32 "  optimum %4zu (p2 %zu, p1 %zu)%s  scheduler"
                   " %4zu (p2 %zu, p1 %zu)  gap %5.2f %%  bound %4zu  %.2f s vs %.3f s\n",
                   np, g.nr, ns, nt, ex.held, ex.held_by_priority[2], ex.held_by_priority[1],
                   ex.proven ? "" : " (not proven)", res.held, res.held_by_priority[2],
                   res.held_by_priority[1], 100.0 * gap, res.upper_bound, ex.seconds, res.seconds);
            if (res.upper_bound < ex.held) {
                printf("glpk    BUG: the bound %zu is below the optimum %zu\n", res.upper_bound,
                       ex.held);
                status = 1;
            }
        }
        sched_result_free(&res);
        gen_free(&g);
    }
    if (worst > 0.01) {
        printf("glpk    target (within 1 %% of the optimum): MISSED\n");
        status = 1;
    }
    if (n_solved)
        printf("glpk    %s: %d instances: %d at the optimum, mean gap %.2f %%, worst %.2f %%, bound = "
               "optimum on %d; GLPK %.1f s in all, scheduler %.2f s\n",
               shape_np ? "tight shape" : "mixed", n_solved, n_opt, 100.0 * sum_gap / n_solved,
               100.0 * worst, n_bound_tight, glpk_s,
               ours_s);
    return status;
}

int main(int argc, char **argv)
{
    bool quick = false;
    uint64_t seed = 1;
    const char *only = "";
    size_t shape_np = 80;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = true;
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            opt_rounds = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            opt_threads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--searches") && i + 1 < argc)
            opt_searches = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--time-ms") && i + 1 < argc)
            opt_time_ms = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--lp"))
            opt_lp = true;
        else if (!strcmp(argv[i], "--glpk-shape") && i + 1 < argc)
            shape_np = strtoul(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: bench_sched [--quick] [--seed N] [--rounds N] [--threads 1|2] [--searches 1|2]"
                            " [--time-ms N] [--only target|tight|glpk] [--glpk-shape NP] [--lp]\n");
            return 2;
        }
    }
    printf("name    part.  req. slots tables\n");
    int status = 0;
    size_t k = quick ? 5 : 1;
    if (!*only || !strcmp(only, "target"))
        status |= run_large("target", 5000 / k, 20000 / k, 16, (uint32_t)(500 / k), seed, true,
                            5.0, 0.02);
    if (!*only || !strcmp(only, "tight"))
        status |= run_large("tight", 5000 / k, 20000 / k, 16, (uint32_t)(1000 / k), seed, true,
                            0, 0);
    if (!*only || !strcmp(only, "glpk")) {
        status |= run_glpk(seed, quick ? 4 : 12, 0);
        status |= run_glpk(seed, quick ? 2 : 4, shape_np);
    }
    return status;
}
