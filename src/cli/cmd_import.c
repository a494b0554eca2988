/*
 * cmd_import.c - `hamkor import FILE [--kind organisations|listings]
 * [--db PATH]`: load a JSON Lines or CSV file (format from the file name)
 * in one transaction. The first bad record aborts the import with
 * FILE:LINE and the reason, and nothing is written.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "io/io_records.h"

static void import_usage(FILE *out)
{
    fprintf(out, "usage: hamkor import FILE [--kind organisations|listings] [--db PATH]\n\n"
                 "Imports a .jsonl or .csv file written by 'hamkor export'. The kind of record is\n"
                 "taken from --kind, else from the file name (containing 'organisation' or\n"
                 "'listing'). All or nothing: a bad record stops the import, naming FILE:LINE.\n");
}

static int kind_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strstr(base, "organisation") || strstr(base, "organization"))
        return IO_ORGANISATIONS;
    if (strstr(base, "listing"))
        return IO_LISTINGS;
    return -1;
}

int cmd_import(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *kind = NULL;
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"kind", required_argument, 0, 'k'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 'k')
            kind = optarg;
        else if (c == 'h') {
            import_usage(stdout);
            return 0;
        } else {
            import_usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        import_usage(stderr);
        return 2;
    }
    const char *path = argv[optind];
    int format = io_format_from_path(path);
    if (format < 0) {
        fprintf(stderr, "hamkor import: %s: the file name must end in .jsonl or .csv\n", path);
        return 2;
    }
    int entity = kind ? io_entity_parse(kind) : kind_from_name(path);
    if (entity < 0) {
        fprintf(stderr, "hamkor import: %s: say --kind organisations or --kind listings\n", path);
        return 2;
    }
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return 1;
    }
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    tax *codes;
    if (cli_open_store_checked(db, &st, &codes, &err)) {
        fclose(in);
        return cli_fail("import", &err);
    }
    long n = 0;
    int tty = isatty(STDERR_FILENO);
    int rc = io_import(st, (io_entity)entity, (io_format)format, in, path, tty ? cli_show_progress : NULL,
                       (void *)path, &n, &err);
    if (tty)
        fputc('\n', stderr);
    fclose(in);
    store_close(st);
    tax_free(codes);
    if (rc)
        return cli_fail("import", &err);
    fprintf(stderr, "%s: imported %ld %s\n", path, n, entity == IO_ORGANISATIONS ? "organisations" : "listings");
    return 0;
}
