/*
 * sched_int.h - what the scheduler's files share and nobody else sees: the
 * problem preprocessed once (sched_inst, read-only, shared by the search
 * threads) and the entry points of the search (sched_search.c) and of the
 * bound (sched_bound.c). sched.c validates, runs the searches, numbers the
 * tables and fills the result.
 */
#ifndef HK_SCHED_INT_H
#define HK_SCHED_INT_H

#include "sched.h"

/* The problem after validation, in the shapes the search needs. Every
 * array is from malloc() and owned here (sched_inst_free). */
typedef struct sched_inst {
    const sched_problem *pb;
    uint32_t np, nr, ns;     /* participants, requests, slots */
    uint64_t *fmask;         /* per request: slots where both are available and
                              * the slot has a table; 0 = the request cannot be held */
    uint32_t *limit;         /* per participant: min(limit, available slots) */
    uint32_t *cap;           /* per slot: usable tables, min(tables, np / 2, nr) */
    uint32_t *slot_off;      /* ns + 1: offsets of each slot's list of meetings */
    uint32_t *adj_off;       /* np + 1: offsets into adj */
    uint32_t *adj;           /* the requests of each participant (feasible ones only) */
    int8_t *prev;            /* per request: previous slot kept as a hint, -1 = none */
    size_t n_prev;           /* previous meetings that could stay where they were */
    float *pressure;         /* per participant: feasible requests / limit */
    size_t bound[SCHED_MAX_PRIORITY + 1]; /* bound[p]: upper bound on the meetings of
                              * priority >= p (sched_bound.c); bound[0] on all */
} sched_inst;

/* threads: 1 or 2, for the bounds. */
int sched_inst_init(sched_inst *in, const sched_problem *pb, unsigned threads, hk_err *err);
void sched_inst_free(sched_inst *in);

/* Ranks of the objective: 2 x priority + 1 for a previous meeting that
 * could stay (sched_search.c). */
#define SCHED_RANKS (2 * (SCHED_MAX_PRIORITY + 1))

/* One search's outcome: a slot (or -1) per request and its figures. */
typedef struct sched_run {
    int8_t *slot;            /* nr, from malloc() */
    size_t held[SCHED_RANKS]; /* meetings held per rank */
    size_t moved;            /* previous meetings not in their previous slot */
    unsigned rounds;
    bool time_limited;
    int status;              /* 0 or HK_ENOMEM */
} sched_run;

typedef struct sched_search_cfg {
    uint64_t seed;
    unsigned variant;        /* 0, 1: which greedy order (two searches differ) */
    double deadline;         /* CLOCK_MONOTONIC seconds */
    unsigned max_rounds;
} sched_search_cfg;

/* Runs one complete search (construction, ejection chains, ruin and
 * recreate) on in; fills *run (run->slot owned by the caller). */
void sched_search(const sched_inst *in, const sched_search_cfg *cfg, sched_run *run);

/* Upper bounds on the meetings of priority >= min_priority of in, each a
 * maximum flow over those requests (sched_bound.c): the seats network and
 * the pairs network; the bound is the smaller. 0 or HK_ENOMEM. */
int sched_bound_seats(const sched_inst *in, int min_priority, size_t *bound);
int sched_bound_pairs(const sched_inst *in, int min_priority, size_t *bound);

double sched_now(void);

#endif
