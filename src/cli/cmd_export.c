/*
 * cmd_export.c - `hamkor export organisations|listings [--format jsonl|csv]
 * [--db PATH]`: every record of the kind on standard output, in id order,
 * with the count so far on standard error when that is a terminal (as
 * import shows it).
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "io/io_records.h"

static void export_usage(FILE *out)
{
    fprintf(out, "usage: hamkor export organisations|listings [--format jsonl|csv] [--db PATH]\n\n"
                 "Writes every organisation or listing to standard output as JSON Lines (default)\n"
                 "or CSV. 'hamkor import' reads the same files back. On a terminal, the count\n"
                 "of records written so far is shown on standard error.\n");
}

int cmd_export(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *format_name = "jsonl";
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"format", required_argument, 0, 'f'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'f')
            format_name = optarg;
        else if (c == 'h') {
            export_usage(stdout);
            return 0;
        } else {
            export_usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        export_usage(stderr);
        return 2;
    }
    int entity = io_entity_parse(argv[optind]);
    int format = io_format_parse(format_name);
    if (entity < 0 || format < 0) {
        fprintf(stderr, "hamkor export: %s\n",
                entity < 0 ? "say what to export: organisations or listings" : "--format must be jsonl or csv");
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("export", &err);
    int tty = isatty(STDERR_FILENO);
    int rc = io_export(st, (io_entity)entity, (io_format)format, stdout, tty ? cli_show_progress : NULL,
                       (void *)argv[optind], &err);
    if (tty)
        fputc('\n', stderr);
    store_close(st);
    return rc ? cli_fail("export", &err) : 0;
}
