/*
 * sched.h - the meeting scheduler of an event (issue 14, BRIEF 4.6): places
 * accepted 1:1 meeting requests into time slots and tables.
 *
 * The module knows nothing of the store or HTTP: the caller numbers the
 * participants, slots and requests of one event from 0 and hands them in
 * as arrays; the answer is one (slot, table) per request, aligned with the
 * requests, or "not held".
 *
 * Rules every schedule keeps (sched_check verifies them):
 *   - a participant is in at most one meeting per slot, and only in slots
 *     where they said they are available;
 *   - a slot holds at most as many meetings as it has tables, each at its
 *     own table numbered from 0;
 *   - a participant is in at most `limit` meetings.
 * What the solver aims for, in this order (lexicographic):
 *   1. as many meetings of the highest priority as possible, then of the
 *      next priority, and so on down to priority 0 (a priority meeting is
 *      never given up to fit in more ordinary ones); within a priority,
 *      when a previous schedule is given, first as many of its meetings
 *      as can still be held, then as many new ones (a re-run never drops
 *      a meeting it had to fit in new ones of the same priority, though
 *      it may move it to another slot to make room for them);
 *   2. as few previous meetings moved (another slot or table) or dropped
 *      as possible.
 * Finding the best schedule is NP-hard (it contains edge colouring), so
 * sched_solve is a heuristic optimiser (greedy construction, ejection
 * chains, ruin and recreate; see sched_search.c and docs/scheduler.md)
 * that also reports a proven upper bound on the number of meetings any
 * schedule can hold (a maximum flow, see sched_bound.c), hence its gap.
 *
 * Threads: sched_solve computes its bounds on two threads, and may run two
 * searches side by side (options); all functions are reentrant and there
 * is no global state.
 * Determinism: the same problem, options and seed give the same schedule,
 * unless the time limit stopped the search (result.time_limited).
 */
#ifndef HK_SCHED_H
#define HK_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

#define SCHED_MAX_SLOTS 64              /* slots of one event (a 64-bit mask) */
#define SCHED_MAX_PRIORITY 3            /* priorities are 0 (ordinary) .. 3 */
#define SCHED_MAX_PARTICIPANTS 200000u   /* of one event */
#define SCHED_MAX_REQUESTS 500000u       /* memory grows with requests x slots */
#define SCHED_MAX_TABLES 100000u        /* per slot */

typedef struct sched_participant {
    uint64_t avail;   /* bit s set = available in slot s (bits >= n_slots ignored) */
    uint32_t limit;   /* most meetings this participant takes (0 = none) */
} sched_participant;

typedef struct sched_request {
    uint32_t a, b;    /* the two participants (indexes), a != b */
    uint8_t priority; /* 0 (ordinary) .. SCHED_MAX_PRIORITY; higher is placed first */
} sched_request;

/* Where one request is held: slot and table, or both -1 = not held. */
typedef struct sched_place {
    int32_t slot;
    int32_t table;
} sched_place;

typedef struct sched_problem {
    const sched_participant *participants; /* n_participants */
    size_t n_participants;
    const uint32_t *tables;                /* n_slots: tables in each slot */
    size_t n_slots;                        /* 1 .. SCHED_MAX_SLOTS */
    const sched_request *requests;         /* n_requests (accepted requests only) */
    size_t n_requests;
    /* NULL, or n_requests entries aligned with requests: the schedule of an
     * earlier run (a request new since then has slot -1). Entries that no
     * longer fit (slot gone, participant now unavailable, table number
     * beyond the tables now) are simply not kept; they are not errors. */
    const sched_place *previous;
} sched_problem;

typedef struct sched_options {
    uint64_t seed;          /* any value; the same seed gives the same schedule */
    unsigned threads;       /* 1 or 2 threads (0 = 2): the bounds are shared out, and
                             * two searches run side by side */
    unsigned searches;      /* 1 or 2 independent searches from different seeds, the
                             * better kept (0 = 1); the second costs a core for a
                             * chance of a better schedule */
    unsigned time_limit_ms; /* cap on the search (0 = 4000) */
    unsigned max_rounds;    /* cap on ruin-and-recreate rounds per search (0 = automatic) */
} sched_options;

typedef struct sched_result {
    sched_place *place;       /* n_requests, from malloc(); sched_result_free */
    size_t held;              /* meetings held */
    size_t held_by_priority[SCHED_MAX_PRIORITY + 1];
    size_t upper_bound;       /* no schedule of this problem holds more meetings */
    size_t upper_bound_from[SCHED_MAX_PRIORITY + 1]; /* [p]: ... more meetings of priority >= p
                               * ([0] = upper_bound; 0 where no request has priority >= p) */
    double gap;               /* (upper_bound - held) / upper_bound, 0 when the bound is 0 */
    size_t previous_kept;     /* previous meetings in the same slot and table */
    size_t previous_moved;    /* previous meetings now in another slot or at another table */
    size_t previous_dropped;  /* previous meetings no longer held */
    unsigned rounds;          /* ruin-and-recreate rounds of the winning search */
    bool time_limited;        /* the time limit cut a search short */
    double seconds;           /* wall time of sched_solve */
} sched_result;

/* Solves problem into *out (zeroed first; free with sched_result_free).
 * Returns 0, HK_EINVAL with err.field naming the bad input (for example
 * "requests[12].b"), HK_ENOMEM, or HK_EINTERNAL if the schedule found
 * broke a rule (a bug; nothing is returned then). */
int sched_solve(const sched_problem *problem, const sched_options *options, sched_result *out,
                hk_err *err);

void sched_result_free(sched_result *r);

/* Checks the problem's input alone (indexes in range, a != b, priorities,
 * slot and table counts). Returns 0 or HK_EINVAL / HK_ETOOBIG. */
int sched_validate(const sched_problem *problem, hk_err *err);

/* Checks that place (n_requests entries) keeps every rule above for
 * problem; returns 0 or HK_EINVAL naming the first rule broken. */
int sched_check(const sched_problem *problem, const sched_place *place, hk_err *err);

/* The upper bound sched_solve reports, alone (see sched_bound.c).
 * Returns 0 and sets *bound, or HK_EINVAL / HK_ENOMEM. */
int sched_upper_bound(const sched_problem *problem, size_t *bound, hk_err *err);

#endif
