/*
 * cmd_sweep.c - `hamkor sweep [--db PATH]`: the housekeeping every server
 * does every ten minutes, now and from the command line: published
 * listings past their expiry date become expired, and expired sessions
 * are deleted. It calls the follower's own engine_sweep (engine_sweep.c),
 * without its limit per round. Safe beside a running server: each batch
 * is a transaction, and the server's follower takes the newly expired
 * listings out of search through the change log.
 */
#include <stdio.h>
#include <time.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "engine/engine.h"

static void sweep_usage(FILE *out)
{
    fprintf(out, "usage: hamkor sweep [--db PATH]\n\n"
                 "Expires the published listings past their expiry date and deletes expired\n"
                 "sessions (30 days after sign-in, or 7 days idle) in the database PATH\n"
                 "(default " CLI_DEFAULT_DB "), as a running server does every ten minutes.\n"
                 "Prints what it did.\n");
}

int cmd_sweep(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int status = cli_parse_db_only(argc, argv, &db, sweep_usage);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("sweep", &err);
    engine_sweep_counts c;
    int rc = engine_sweep(st, (int64_t)time(NULL), 0, &c, &err);
    store_close(st);
    /* Batches already committed stay done when a later one fails. */
    printf("listings expired: %zu\nlistings reminded of their expiry: %zu\nsessions deleted: %zu\n", c.listings,
           c.reminded, c.sessions);
    return rc ? cli_fail("sweep", &err) : 0;
}
