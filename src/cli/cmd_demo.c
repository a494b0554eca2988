/*
 * cmd_demo.c - `hamkor demo [--db PATH] [--scale N] [--orgs N] [--seed S]`:
 * writes the multilingual demo data set (src/demo, docs/demo-data.md)
 * into a database, creating it (and its folder) and loading the SCO
 * countries first when needed. `--scale N` makes N listings and N/5
 * organisations, for benchmarks. The data set is a starting state: the
 * alerts consumer is moved past it, so a server started on it does not
 * raise alerts for every demo listing.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "demo/demo.h"

static void demo_usage(FILE *out)
{
    fprintf(out,
            "usage: hamkor demo [--db PATH] [--scale N] [--orgs N] [--seed S]\n"
            "\n"
            "Writes a realistic multilingual demo data set: organisations from every SCO\n"
            "member state (and some observers and partners) with offers and requests in\n"
            "Russian, Chinese, English, Uzbek and Kazakh. Dates are relative to the fixed\n"
            "reference date " DEMO_REFERENCE_DATE "; the same seed always writes the same data.\n"
            "\n"
            "  --db PATH    database to write (default " CLI_DEFAULT_DB "); it must hold no\n"
            "               organisations yet\n"
            "  --scale N    write N listings and N/5 organisations (default 10000 and 2000)\n"
            "  --orgs N     number of organisations (overrides the N/5 of --scale)\n"
            "  --seed S     PRNG seed, a whole number (default 2026)\n");
}

/* Parses a whole number in [min, max]; 0 on success. */
static int parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

typedef struct demo_progress_ctx {
    struct timespec start;
} demo_progress_ctx;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void demo_progress(void *ctx, size_t orgs, size_t listings, const struct demo_opts *opts)
{
    demo_progress_ctx *p = ctx;
    fprintf(stderr, "\rhamkor demo: %zu/%zu organisations, %zu/%zu listings (%.0f s)", orgs, opts->n_orgs,
            listings, opts->n_listings, seconds_since(&p->start));
    if (orgs == opts->n_orgs && listings == opts->n_listings)
        fputc('\n', stderr);
    fflush(stderr);
}

int cmd_demo(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    demo_opts opts;
    demo_opts_default(&opts);
    bool orgs_given = false;
    uint64_t v;
    static const struct option lopts[] = {{"db", required_argument, 0, 'd'},   {"scale", required_argument, 0, 's'},
                                          {"orgs", required_argument, 0, 'o'}, {"seed", required_argument, 0, 'S'},
                                          {"help", no_argument, 0, 'h'},       {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            if (parse_count(optarg, 1, 100000000, &v)) {
                fprintf(stderr, "hamkor demo: --scale must be a whole number from 1 to 100000000\n");
                return 2;
            }
            opts.n_listings = (size_t)v;
            if (!orgs_given)
                opts.n_orgs = v / 5 ? (size_t)(v / 5) : 1;
            break;
        case 'o':
            if (parse_count(optarg, 1, 10000000, &v)) {
                fprintf(stderr, "hamkor demo: --orgs must be a whole number from 1 to 10000000\n");
                return 2;
            }
            opts.n_orgs = (size_t)v;
            orgs_given = true;
            break;
        case 'S':
            if (parse_count(optarg, 0, UINT64_MAX, &v)) {
                fprintf(stderr, "hamkor demo: --seed must be a whole number\n");
                return 2;
            }
            opts.seed = v;
            break;
        case 'h':
            demo_usage(stdout);
            return 0;
        default:
            demo_usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        demo_usage(stderr);
        return 2;
    }

    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    tax *codes;
    if (cli_open_store_checked(db, &st, &codes, &err))
        return cli_fail("demo", &err);
    store_stats s;
    if (store_get_stats(st, &s, &err)) {
        store_close(st);
        tax_free(codes);
        return cli_fail("demo", &err);
    }
    if (s.organisations > 0) {
        store_close(st);
        tax_free(codes);
        fprintf(stderr,
                "hamkor demo: %s already holds %" PRId64 " organisations; the demo writes into an empty "
                "database (choose another --db)\n",
                db, s.organisations);
        return 1;
    }

    demo_progress_ctx pc;
    clock_gettime(CLOCK_MONOTONIC, &pc.start);
    if (isatty(STDERR_FILENO)) {
        opts.progress = demo_progress;
        opts.progress_ctx = &pc;
    }
    demo_result res;
    int rc = demo_generate(st, &opts, &res, &err);
    if (!rc)
        rc = cli_alerts_start_now(st, &err);
    store_close(st);
    tax_free(codes);
    if (rc)
        return cli_fail("demo", &err);
    printf("%s: wrote %zu organisations and %zu listings (%zu texts) in %.1f s, seed %" PRIu64 "\n", db,
           res.orgs, res.listings, res.texts, seconds_since(&pc.start), opts.seed);
    if (res.forum_participants)
        printf("%s: the SCO Economic Forum: %zu participants, %zu meetings scheduled\n", db, res.forum_participants,
               res.forum_meetings);
    return 0;
}
