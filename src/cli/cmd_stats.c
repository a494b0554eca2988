/*
 * cmd_stats.c - `hamkor stats [--db PATH]`: one count per line, in a
 * form scripts can read ("organisations: 2000").
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli_util.h"
#include "cli/commands.h"

static void stats_usage(FILE *out)
{
    fprintf(out, "usage: hamkor stats [--db PATH]\n\nPrints one record count per line.\n");
}

int cmd_stats(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'h') {
            stats_usage(stdout);
            return 0;
        } else {
            stats_usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        stats_usage(stderr);
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("stats", &err);
    store_stats s;
    int rc = store_get_stats(st, &s, &err);
    store_close(st);
    if (rc)
        return cli_fail("stats", &err);
    printf("countries: %" PRId64 "\n", s.countries);
    printf("organisations: %" PRId64 "\n", s.organisations);
    printf("users: %" PRId64 "\n", s.users);
    printf("memberships: %" PRId64 "\n", s.memberships);
    printf("listings: %" PRId64 "\n", s.listings);
    printf("listings_published: %" PRId64 "\n", s.listings_published);
    printf("interests: %" PRId64 "\n", s.interests);
    printf("messages: %" PRId64 "\n", s.messages);
    printf("audit_entries: %" PRId64 "\n", s.audit_entries);
    return 0;
}
