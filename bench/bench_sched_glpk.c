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

int bench_sched_glpk_solve(const sched_problem *pb, double time_limit, bench_sched_glpk_result *out)
{
    memset(out, 0, sizeof *out);
    double t0 = now();
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
    glp_prob *lp = glp_create_prob();
    int rc = -1;
    if (!ia || !ja || !ar || !var_r)
        goto out;
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
    if (!n_vars) {
        rc = 0;
        out->proven = true;
        goto out;
    }
    glp_add_cols(lp, (int)n_vars);
    size_t j = 0, k = 0;
    for (size_t r = 0; r < nr; r++) {
        const sched_request *q = &pb->requests[r];
        uint64_t m = pb->participants[q->a].avail & pb->participants[q->b].avail;
        double w = pow((double)nr + 1.0, q->priority);
        for (size_t s = 0; s < ns; s++) {
            if (!(m >> s & 1) || !pb->tables[s])
                continue;
            j++;
            var_r[j] = (int)r;
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
    glp_load_matrix(lp, (int)k, ia, ja, ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = (int)(time_limit * 1000);
    int ret = glp_intopt(lp, &parm);
    int st = glp_mip_status(lp);
    if ((ret != 0 && ret != GLP_ETMLIM) || (st != GLP_OPT && st != GLP_FEAS))
        goto out;
    out->proven = ret == 0 && st == GLP_OPT;
    for (size_t c = 1; c <= n_vars; c++)
        if (glp_mip_col_val(lp, (int)c) > 0.5) {
            out->held++;
            out->held_by_priority[pb->requests[var_r[c]].priority]++;
        }
    rc = 0;
out:
    out->seconds = now() - t0;
    free(ia);
    free(ja);
    free(ar);
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

#endif
