/*
 * bench_analytics.c - the latency of every analytics figure
 * (store_analytics.c) on a large store: `make bench` runs it on the
 * 1,000,000-listing demo store (bench/run.sh), with --pg on a PostgreSQL
 * copy when one is given. Each figure is read ROUNDS times over every day,
 * over one year and for one state; the median and the slowest wall time
 * and the median CPU time are printed, against the target of 200 ms per
 * figure (issue 15).
 *
 *   bench_analytics --db PATH [--rounds N]
 *
 * The first open of a store older than migration 14 fills the counters
 * (a one-off cost, printed separately).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_analytics.h"

#define TARGET_MS 200.0

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* This process's CPU time: the cost of a figure apart from other work on
 * the machine (shared, the wall times of a loaded machine say little). */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    int rounds = 15;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_analytics --db PATH [--rounds N]\n");
            return 2;
        }
    }
    if (!db || rounds < 1 || rounds > 1000) {
        fprintf(stderr, "usage: bench_analytics --db PATH [--rounds N]\n");
        return 2;
    }
    hk_store *st;
    hk_err err;
    double t0 = now_ms();
    if (store_open(db, &st, &err)) {
        fprintf(stderr, "bench_analytics: %s: %s\n", db, err.msg);
        return 1;
    }
    printf("bench_analytics: opened %s in %.0f ms (includes migrations, if any)\n", db, now_ms() - t0);
    int64_t first = 0, last = 0;
    store_listing_id_range(st, &first, &last, &err);
    printf("bench_analytics: listings with ids %lld..%lld, %d rounds per case, target %.0f ms\n", (long long)first,
           (long long)last, rounds, TARGET_MS);

    struct {
        const char *name, *from, *to, *state;
    } cases[] = {{"all days", "1970-01-01", "9999-12-31", ""},
                 {"one year", "2026-01-01", "2026-12-31", ""},
                 {"one state", "1970-01-01", "9999-12-31", "UZ"}};
    double *ms = calloc((size_t)rounds, sizeof *ms), *cpu = calloc((size_t)rounds, sizeof *cpu);
    int over = 0, status = 0;
    printf("%-10s %-10s %11s %11s %11s %6s\n", "figure", "case", "median", "max", "median cpu", "rows");
    for (int f = 0; f < AN__COUNT; f++) {
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            analytics_query q = {.figure = (analytics_figure)f, .from_day = analytics_day_of(cases[c].from),
                                 .to_day = analytics_day_of(cases[c].to), .restricted = true};
            snprintf(q.state, sizeof q.state, "%s", cases[c].state);
            size_t rows = 0;
            for (int r = 0; r < rounds; r++) {
                analytics_table t;
                double s = now_ms(), c0 = cpu_ms();
                if (store_analytics(st, &q, &t, &err)) {
                    fprintf(stderr, "bench_analytics: %s: %s\n", analytics_figure_name(q.figure), err.msg);
                    status = 1;
                    break;
                }
                ms[r] = now_ms() - s;
                cpu[r] = cpu_ms() - c0;
                rows = t.n_rows;
                analytics_table_free(&t);
            }
            qsort(ms, (size_t)rounds, sizeof *ms, cmp_double);
            qsort(cpu, (size_t)rounds, sizeof *cpu, cmp_double);
            double med = ms[rounds / 2], max = ms[rounds - 1], mcpu = cpu[rounds / 2];
            over += med > TARGET_MS;
            printf("%-10s %-10s %8.1f ms %8.1f ms %8.1f ms %6zu%s\n", analytics_figure_name(q.figure), cases[c].name,
                   med, max, mcpu, rows, med > TARGET_MS ? "  OVER TARGET" : "");
        }
    }
    printf("bench_analytics: %d of %d cases over %.0f ms (median)\n", over, AN__COUNT * 3, TARGET_MS);
    free(ms);
    free(cpu);
    store_close(st);
    return status;
}
