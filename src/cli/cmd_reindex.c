/*
 * cmd_reindex.c - `hamkor reindex [--db PATH]`: builds the search index
 * from the store exactly as `hamkor serve` does at start (the engine,
 * with the data folder's taxonomy and the secretariat's labels), and
 * reports what it built and what it took.
 *
 * The index lives in memory, in each server: it is built at every start
 * and kept in step with the store by the follower, so there is nothing on
 * disk to rebuild. This command is the operator's check that the store
 * indexes cleanly with this binary and data folder (after an upgrade, an
 * import or a restore) and the measure of how long a start will take and
 * how much memory the index needs. To rebuild a running server's index,
 * restart it (docs/operations.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli_engine.h"
#include "cli/cli_util.h"
#include "cli/commands.h"

static void reindex_usage(FILE *out)
{
    fprintf(out, "usage: hamkor reindex [--db PATH]\n\n"
                 "Builds the search index from the database PATH (default " CLI_DEFAULT_DB ") as\n"
                 "hamkor serve does at start, and prints the listings, terms and postings indexed,\n"
                 "its memory and the time taken. A running server keeps its own index in memory,\n"
                 "built at start: restart it to rebuild that one.\n");
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int cmd_reindex(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int status = cli_parse_db_only(argc, argv, &db, reindex_usage);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    /* Countries into a new database, as every command does; then the
     * engine opens its own handles. */
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("reindex", &err);
    store_close(st);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    engine *e;
    if (cli_engine_open(db, NULL, &e, &err))
        return cli_fail("reindex", &err);
    double ms = ms_since(&t0);
    idx_stats s;
    idx_get_stats(engine_index(e), &s);
    engine_close(e);
    printf("listings indexed: %zu\nsearchable: %zu\nterms: %zu\npostings: %zu\nindex memory: %.1f MB\n"
           "time: %.0f ms\n",
           s.docs, s.live, s.terms, s.postings, (double)s.memory_bytes / 1e6, ms);
    return 0;
}
