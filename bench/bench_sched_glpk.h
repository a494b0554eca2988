/*
 * bench_sched_glpk.h - the exact optimum of a small scheduling problem
 * from GLPK's integer-programming solver, for bench_sched to measure the
 * scheduler against. GLPK is linked into the benchmark only (never into
 * hamkor); built without it, bench_sched_glpk_available() is false.
 */
#ifndef BENCH_SCHED_GLPK_H
#define BENCH_SCHED_GLPK_H

#include <stdbool.h>
#include <stddef.h>

#include "sched/sched.h"

typedef struct bench_sched_glpk_result {
    size_t held;                                    /* meetings in the optimum */
    size_t held_by_priority[SCHED_MAX_PRIORITY + 1];
    bool proven;                                    /* GLPK proved it optimal in time */
    double seconds;
} bench_sched_glpk_result;

bool bench_sched_glpk_available(void);

/* Solves pb (previous ignored) to optimality within time_limit seconds;
 * 0, or -1 if GLPK is missing or failed. */
int bench_sched_glpk_solve(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out);

/* The LP relaxation of the same program, counting meetings (all weights
 * 1): its optimum bounds the meetings of any schedule of pb. 0 and
 * *bound, or -1 (no GLPK, failure, or time_limit seconds passed). */
int bench_sched_glpk_lp_bound(const sched_problem *pb, double time_limit, double *bound,
                              double *seconds);

#endif
