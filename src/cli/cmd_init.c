/*
 * cmd_init.c - `hamkor init [--db PATH]`: create the database (running
 * every migration) and load the shipped SCO countries. Safe to repeat.
 */
#include <stdio.h>

#include "cli/cli_util.h"
#include "cli/commands.h"

static void init_usage(FILE *out)
{
    fprintf(out, "usage: hamkor init [--db PATH]\n\n"
                 "Creates the database at PATH (default " CLI_DEFAULT_DB "), brings its schema up to\n"
                 "date and loads the SCO countries. Running it again changes nothing.\n");
}

int cmd_init(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int status = cli_parse_db_only(argc, argv, &db, init_usage);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("init", &err);
    printf("%s: schema version %d\n", db, store_db_version(st));
    store_close(st);
    return 0;
}
