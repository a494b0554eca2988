/*
 * cmd_stats.c - `hamkor stats [--db PATH]`: one count per line, in a
 * form scripts can read ("organisations: 2000").
 */
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
    int status = cli_parse_db_only(argc, argv, &db, stats_usage);
    if (status >= 0)
        return status;
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
