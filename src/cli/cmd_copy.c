/*
 * cmd_copy.c - `hamkor copy --from STORE --to STORE`: copies a whole store
 * (every record, user, session, token and both logs, ids kept) into an
 * empty one, all or nothing: the way up from a SQLite file to PostgreSQL
 * when one machine is no longer enough (docs/operations.md), or back.
 * Progress goes to stderr, one line per table.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "cli/commands.h"

static void copy_usage(FILE *out)
{
    fprintf(out, "usage: hamkor copy --from STORE --to STORE\n\n"
                 "Copies every record of the store FROM into the store TO, which is created\n"
                 "when absent and must hold no records: organisations, listings, users,\n"
                 "sessions, API tokens, interests, messages, notifications, the audit and\n"
                 "change logs, with their ids. All or nothing: on any error TO is left as it\n"
                 "was. A STORE is a SQLite file (PATH or sqlite:PATH) or a PostgreSQL URI\n"
                 "(postgresql://user@host/dbname). Stop the servers writing to FROM first.\n");
}

typedef struct progress {
    char table[64];
    int tty;
} progress;

static void show(const char *table, int64_t done, int64_t total, void *ctx)
{
    progress *p = ctx;
    if (strcmp(p->table, table) != 0) {
        if (p->table[0] && p->tty)
            fputc('\n', stderr);
        snprintf(p->table, sizeof p->table, "%s", table);
    } else if (!p->tty && done < total) {
        return; /* a log gets one line per table */
    }
    fprintf(stderr, "%s%-20s %" PRId64 " / %" PRId64 "%s", p->tty ? "\r" : "", table, done, total,
            p->tty ? "" : "\n");
}

/* Removes a SQLite file this command made, with its -wal and -shm. */
static void remove_store_file(const char *file)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[4096];
        if (snprintf(p, sizeof p, "%s%s", file, suffix[i]) < (int)sizeof p)
            unlink(p);
    }
}

int cmd_copy(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'}, {"help", no_argument, 0, 'h'}, {0}};
    const char *from = NULL, *to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'f') {
            from = optarg;
        } else if (c == 't') {
            to = optarg;
        } else if (c == 'h') {
            copy_usage(stdout);
            return 0;
        } else {
            copy_usage(stderr);
            return 2;
        }
    }
    if (optind != argc || !from || !to) {
        copy_usage(stderr);
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    hk_store *src = NULL, *dst = NULL;
    const char *file;
    if (store_driver_is_file(from, &file) && access(file, F_OK) != 0) {
        hk_err_set(&err, HK_ENOTFOUND, "--from", "%s does not exist", file);
        return cli_fail("copy", &err);
    }
    if (store_open(from, &src, &err)) {
        return cli_fail("copy", &err);
    }
    /* A destination file that did not exist is made by store_open; when
     * the copy fails it is removed again, so that TO is left as it was. */
    bool to_file = store_driver_is_file(to, &file);
    bool created = to_file && access(file, F_OK) != 0;
    int rc = to_file ? cli_ensure_parent_dir(file, &err) : 0;
    if (!rc)
        rc = store_open(to, &dst, &err);
    progress p = {.tty = isatty(STDERR_FILENO)};
    if (!rc)
        rc = store_copy(src, dst, show, &p, &err);
    if (p.table[0] && p.tty)
        fputc('\n', stderr);
    store_close(dst);
    store_close(src);
    if (rc) {
        if (created)
            remove_store_file(file);
        return cli_fail("copy", &err);
    }
    fprintf(stderr, "copied %s to %s\n", from, to);
    return 0;
}
