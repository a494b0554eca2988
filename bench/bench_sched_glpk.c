/*
 * bench_sched_glpk.c - the scheduling problem as an integer program for
 * GLPK (see bench_sched_glpk.h). One binary x[r][s] per request r and slot
 * s where both participants are available and the slot has tables:
 *
 *   sum_s x[r][s]            <= 1          each request held at most once
 *   sum_{r of p} x[r][s]     <= 1          a participant, one meeting a slot
 *   sum_{r of p, s} x[r][s]  <= limit(p)
 *   sum_r x[r][s]            <= tables(s)
 *   maximise sum w(r) x[r][s], w(r) = (n_requests + 1) ^ priority(r)
 *
 * The weights make the optimum lexicographic like the scheduler's own
 * objective: one meeting of priority p outweighs every meeting of lower
 * priority together. Tables are numbered afterwards and play no part.
 * The LP relaxation (x in [0, 1], weights 1) bounds the meetings of
 * events too large for the integer program.
 */
#include "bench_sched_glpk.h"

#ifdef HAVE_GLPK

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool bench_sched_glpk_available(void) { return true; }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds the program of pb into lp (binary columns, or continuous in
 * [0, 1] with relax and an objective of plain counts); var_r (n_vars + 1,
 * from malloc()) names each column's request. 0 or -1. */
static int build(glp_prob *lp, const sched_problem *pb, bool relax, int **var_r_out, size_t *n_out);

static int solve_mip(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out);

int bench_sched_glpk_solve(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out)
{
    return solve_mip(pb, time_limit, out);
}

int bench_sched_glpk_lp_bound(const sched_problem *pb, double time_limit, double *bound,
                              double *seconds)
{
    double t0 = now();
    glp_prob *lp = glp_create_prob();
    int *var_r = NULL;
    size_t n_vars = 0;
    int rc = build(lp, pb, true, &var_r, &n_vars);
    free(var_r);
    if (!rc) {
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.presolve = GLP_ON;
        parm.tm_lim = (int)(time_limit * 1000);
        rc = glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT ? 0 : -1;
        if (!rc)
            *bound = glp_get_obj_val(lp);
    }
    glp_delete_prob(lp);
    *seconds = now() - t0;
    return rc;
}

static int build(glp_prob *lp, const sched_problem *pb, bool relax, int **var_r_out, size_t *n_out)
{
    const size_t ns = pb->n_slots, np = pb->n_participants, nr = pb->n_requests;
    /* Rows: requests, then (participant, slot), then participants, then slots. */
    const size_t row_req = 1, row_ps = row_req + nr, row_p = row_ps + np * ns, row_s = row_p + np;
    const size_t n_rows = row_s + ns - 1;
    size_t n_vars = 0;
    for (size_t r = 0; r < nr; r++) {
        uint64_t m = pb->participants[pb->requests[r].a].avail &
                     pb->participants[pb->requests[r].b].avail;
        for (size_t s = 0; s < ns; s++)
            n_vars += (m >> s & 1) && pb->tables[s] > 0;
    }
    int *ia = malloc((6 * n_vars + 1) * sizeof *ia);
    int *ja = malloc((6 * n_vars + 1) * sizeof *ja);
    double *ar = malloc((6 * n_vars + 1) * sizeof *ar);
    int *var_r = malloc((n_vars + 1) * sizeof *var_r);
    if (!ia || !ja || !ar || !var_r) {
        free(ia);
        free(ja);
        free(ar);
        free(var_r);
        return -1;
    }
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, (int)n_rows);
    for (size_t i = 0; i < nr; i++)
        glp_set_row_bnds(lp, (int)(row_req + i), GLP_UP, 0, 1);
    for (size_t i = 0; i < np * ns; i++)
        glp_set_row_bnds(lp, (int)(row_ps + i), GLP_UP, 0, 1);
    for (size_t p = 0; p < np; p++)
        glp_set_row_bnds(lp, (int)(row_p + p), GLP_UP, 0, pb->participants[p].limit);
    for (size_t s = 0; s < ns; s++)
        glp_set_row_bnds(lp, (int)(row_s + s), GLP_UP, 0, pb->tables[s]);
    if (n_vars)
        glp_add_cols(lp, (int)n_vars);
    size_t j = 0, k = 0;
    for (size_t r = 0; r < nr; r++) {
        const sched_request *q = &pb->requests[r];
        uint64_t m = pb->participants[q->a].avail & pb->participants[q->b].avail;
        double w = relax ? 1.0 : pow((double)nr + 1.0, q->priority);
        for (size_t s = 0; s < ns; s++) {
            if (!(m >> s & 1) || !pb->tables[s])
                continue;
            j++;
            var_r[j] = (int)r;
            if (relax)
                glp_set_col_bnds(lp, (int)j, GLP_DB, 0.0, 1.0);
            else
                glp_set_col_kind(lp, (int)j, GLP_BV);
            glp_set_obj_coef(lp, (int)j, w);
            size_t rows[6] = {row_req + r,  row_ps + q->a * ns + s, row_ps + q->b * ns + s,
                              row_p + q->a, row_p + q->b,           row_s + s};
            for (int t = 0; t < 6; t++) {
                k++;
                ia[k] = (int)rows[t];
                ja[k] = (int)j;
                ar[k] = 1.0;
            }
        }
    }
    if (k)
        glp_load_matrix(lp, (int)k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    *var_r_out = var_r;
    *n_out = n_vars;
    return 0;
}

static int solve_mip(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out)
{
    memset(out, 0, sizeof *out);
    double t0 = now();
    glp_prob *lp = glp_create_prob();
    int *var_r = NULL;
    size_t n_vars = 0;
    int rc = build(lp, pb, false, &var_r, &n_vars);
    if (rc)
        goto out;
    if (!n_vars) {
        out->proven = true;
        goto out;
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = (int)(time_limit * 1000);
    int ret = glp_intopt(lp, &parm);
    int st = glp_mip_status(lp);
    if ((ret != 0 && ret != GLP_ETMLIM) || (st != GLP_OPT && st != GLP_FEAS)) {
        rc = -1;
        goto out;
    }
    out->proven = ret == 0 && st == GLP_OPT;
    for (size_t c = 1; c <= n_vars; c++)
        if (glp_mip_col_val(lp, (int)c) > 0.5) {
            out->held++;
            out->held_by_priority[pb->requests[var_r[c]].priority]++;
        }
out:
    out->seconds = now() - t0;
    free(var_r);
    glp_delete_prob(lp);
    return rc;
}

#else

bool bench_sched_glpk_available(void) { return false; }

int bench_sched_glpk_solve(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out)
{
    (void)pb;
    (void)time_limit;
    (void)out;
    return -1;
}

int bench_sched_glpk_lp_bound(const sched_problem *pb, double time_limit, double *bound,
                              double *seconds)
{
    (void)pb;
    (void)time_limit;
    (void)bound;
    (void)seconds;
    return -1;
}

#endif
