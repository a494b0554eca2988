/*
 * cmd_mail.c - `hamkor mail queue [--db PATH]`: the operator's view of the
 * notification mail outbox (src/mail, store_mail.c): how many mails wait
 * to be sent, how many were given up after STORE_MAIL_MAX_ATTEMPTS
 * attempts (each keeps its last error in outbox.last_error), and how
 * many were sent. Reads only; safe beside a running server.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/commands.h"

static void mail_usage(FILE *out)
{
    fprintf(out, "usage: hamkor mail queue [--db PATH]\n\n"
                 "Counts the notification mails of the database PATH (default " CLI_DEFAULT_DB "):\n"
                 "pending (still to be tried), failed (given up after %d attempts; the\n"
                 "outbox keeps each one's last error) and sent.\n",
            STORE_MAIL_MAX_ATTEMPTS);
}

int cmd_mail(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "queue") != 0) {
        bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        mail_usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    const char *db = CLI_DEFAULT_DB;
    int status = cli_parse_db_only(argc - 1, argv + 1, &db, mail_usage);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("mail", &err);
    store_mail_counts c;
    int rc = store_mail_counts_get(st, &c, &err);
    store_close(st);
    if (rc)
        return cli_fail("mail", &err);
    printf("pending: %lld\nfailed: %lld\nsent: %lld\n", (long long)c.pending, (long long)c.failed, (long long)c.sent);
    return 0;
}
