/*
 * cmd_backup.c - `hamkor backup [--db PATH] [--force] FILE` and `hamkor
 * restore [--db PATH] FILE`: a consistent copy of a SQLite store taken
 * while the server runs, and putting one back while it does not (the work
 * is the store's: store_backup.c). A PostgreSQL store is backed up with
 * pg_dump; both commands say so rather than half-do it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/store_backup.h"

static void backup_usage(FILE *out)
{
    fprintf(out, "usage: hamkor backup [--db PATH] [--force] FILE\n\n"
                 "Copies the SQLite database PATH (default " CLI_DEFAULT_DB ") into the one file FILE,\n"
                 "consistently, while servers go on using it: every write committed before the\n"
                 "backup began is in the copy. FILE is written whole or not at all; an existing\n"
                 "FILE is kept unless --force. The token key (PATH.key) is not copied: keep it\n"
                 "apart. A PostgreSQL store is backed up with pg_dump (docs/operations.md).\n");
}

static void restore_usage(FILE *out)
{
    fprintf(out, "usage: hamkor restore [--db PATH] FILE\n\n"
                 "Puts the backup FILE in place of the SQLite database PATH (default " CLI_DEFAULT_DB ")\n"
                 "after checking it (SQLite's integrity check, a hamkor schema no newer than this\n"
                 "binary's). Stop the server first: a database another process has open is\n"
                 "refused. The database it replaces is kept as PATH.pre-restore. A PostgreSQL\n"
                 "store is restored with pg_restore (docs/operations.md).\n");
}

/* Parses [--db PATH] [--force (when force != NULL)] FILE; -1 to go on,
 * else the exit status. */
static int parse(int argc, char **argv, const char **db, int *force, const char **file, void (*usage)(FILE *))
{
    static const struct option with_force[] = {{"db", required_argument, 0, 'd'},
                                               {"force", no_argument, 0, 'f'},
                                               {"help", no_argument, 0, 'h'},
                                               {0}};
    static const struct option without_force[] = {{"db", required_argument, 0, 'd'},
                                                  {"help", no_argument, 0, 'h'},
                                                  {0}};
    const struct option *opts = force ? with_force : without_force;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': *db = optarg; break;
        case 'f': *force = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "hamkor %s: name one backup FILE\n", argv[0]);
        usage(stderr);
        return 2;
    }
    *file = argv[optind];
    return -1;
}

/* The message for a PostgreSQL store; returns 1. */
static int use_pg_tools(const char *cmd, const char *db)
{
    if (!strcmp(cmd, "backup"))
        fprintf(stderr,
                "hamkor backup: %s is a PostgreSQL store: back it up with PostgreSQL's pg_dump, e.g.\n"
                "  pg_dump --format=custom --file=hamkor.dump '%s'\n"
                "(consistent while the servers run; docs/operations.md, \"Backups\").\n",
                db, db);
    else
        fprintf(stderr,
                "hamkor restore: %s is a PostgreSQL store: restore a pg_dump backup with pg_restore into\n"
                "an empty database, e.g.\n"
                "  pg_restore --no-owner --dbname='%s' hamkor.dump\n"
                "(docs/operations.md, \"Backups\").\n",
                db, db);
    return 1;
}

int cmd_backup(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *file = NULL;
    int force = 0;
    int status = parse(argc, argv, &db, &force, &file, backup_usage);
    if (status >= 0)
        return status;
    const char *path;
    if (!store_driver_is_file(db, &path))
        return use_pg_tools("backup", db);
    hk_err err;
    hk_err_clear(&err);
    store_backup_info info;
    if (store_backup_sqlite(path, file, force, &info, &err))
        return cli_fail("backup", &err);
    printf("%s: backup of %s (schema version %d, %lld bytes, %lld ms)\n", file, path, info.schema_version,
           (long long)info.bytes, (long long)info.ms);
    return 0;
}

int cmd_restore(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *file = NULL;
    int status = parse(argc, argv, &db, NULL, &file, restore_usage);
    if (status >= 0)
        return status;
    const char *path;
    if (!store_driver_is_file(db, &path))
        return use_pg_tools("restore", db);
    hk_err err;
    hk_err_clear(&err);
    store_backup_info info;
    if (cli_ensure_parent_dir(path, &err) || store_restore_sqlite(file, path, &info, &err))
        return cli_fail("restore", &err);
    /* Opening runs the migrations a backup from an older hamkor needs. */
    hk_store *st;
    if (store_open(path, &st, &err))
        return cli_fail("restore", &err);
    int now = store_db_version(st);
    store_close(st);
    printf("%s: restored from %s (schema version %d", path, file, info.schema_version);
    if (now != info.schema_version)
        printf(", brought up to %d", now);
    printf(")\n");
    if (info.replaced)
        printf("%s.pre-restore: the database it replaced\n", path);
    return 0;
}
