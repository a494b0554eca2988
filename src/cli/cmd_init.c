/*
 * cmd_init.c - `hamkor init [--db PATH]`: create the database (running
 * every migration), load the shipped SCO countries, and make the server's
 * token key (PATH.key, mode 0600) when there is none. Safe to repeat.
 */
#include <stdio.h>

#include "auth/auth.h"
#include "cli/cli_util.h"
#include "cli/commands.h"

static void init_usage(FILE *out)
{
    fprintf(out, "usage: hamkor init [--db PATH]\n\n"
                 "Creates the database at PATH (default " CLI_DEFAULT_DB "), brings its schema up to\n"
                 "date, loads the SCO countries and makes the server's token key PATH.key\n"
                 "(readable by its owner only; keep it out of backups of the database).\n"
                 "Running it again changes nothing.\n");
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
    const char *file;
    if (!store_driver_is_file(db, &file)) {
        /* A PostgreSQL store has no folder; every node is given the same
         * key file with `hamkor serve --key` (docs/operations.md). */
        printf("token key: give every node the same file with --key (PostgreSQL store)\n");
        return 0;
    }
    char key_path[4096];
    snprintf(key_path, sizeof key_path, "%s.key", file);
    auth_key key;
    bool created = false;
    if (auth_key_load_or_create(key_path, &key, &created, &err))
        return cli_fail("init", &err);
    auth_key_wipe(&key);
    printf("%s: token key %s\n", key_path, created ? "made" : "present");
    return 0;
}
