/*
 * main.c - the `hamkor` binary: dispatches to one subcommand per file
 * (src/cli/cmd_*.c, declared in commands.h). Nothing else lives here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "engine/engine.h"

#ifndef HAMKOR_VERSION
#define HAMKOR_VERSION "0.1.0"
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"init", cmd_init, "create the database and load the SCO countries"},
    {"serve", cmd_serve, "serve the web UI and the JSON API over HTTP"},
    {"demo", cmd_demo, "write the multilingual demo data set"},
    {"import", cmd_import, "import organisations or listings (JSON Lines, CSV)"},
    {"export", cmd_export, "export organisations or listings (JSON Lines, CSV)"},
    {"stats", cmd_stats, "print record counts"},
    {"analyze", cmd_analyze, "show how text is analysed for search"},
    {"classify", cmd_classify, "infer HS headings and ISIC groups for a text"},
    {"import-taxonomy", cmd_import_taxonomy, "load a fuller official code list from CSV"},
    {"search", cmd_search, "search the listings in any language"},
    {"match", cmd_match, "find complementary listings for a listing"},
    {"user", cmd_user, "accounts: add, list, disable, enable, role, reset-password"},
    {"copy", cmd_copy, "copy a whole store to another (SQLite to PostgreSQL, ...)"},
    {"backup", cmd_backup, "copy a SQLite store into one file while it is in use"},
    {"restore", cmd_restore, "put a backup in place of a SQLite store"},
    {"sweep", cmd_sweep, "expire listings past their date, delete expired sessions"},
    {"reindex", cmd_reindex, "build the search index from the store and report it"},
    {"mail", cmd_mail, "the notification mail outbox: pending, failed and sent counts"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hamkor COMMAND [OPTIONS]\n"
            "\n"
            "hamkor is the SCO industrial co-production platform. Commands:\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-16s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'hamkor COMMAND --help' describes one command. See also hamkor(1).\n"
                 "Every command takes --data-dir DIR, the folder of the shipped data and web UI\n"
                 "(else $HAMKOR_DATA_DIR, else %s).\n",
            engine_data_dir());
}

/* Takes every "--data-dir DIR" and "--data-dir=DIR" out of argv (up to a
 * "--") and makes DIR the data folder of this process through
 * HAMKOR_DATA_DIR, which engine_data_dir() reads: one place gives every
 * command the option, before or after the command's name. Returns the
 * new argc, or -1 when the option has no value. */
static int take_data_dir(int argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *dir = NULL;
        if (!strcmp(argv[i], "--")) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(argv[i], "--data-dir")) {
            if (i + 1 >= argc)
                return -1;
            dir = argv[++i];
        } else if (!strncmp(argv[i], "--data-dir=", 11)) {
            dir = argv[i] + 11;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        if (!*dir || setenv("HAMKOR_DATA_DIR", dir, 1) != 0)
            return -1;
    }
    argv[out] = NULL;
    return out;
}

int main(int argc, char **argv)
{
    argc = take_data_dir(argc, argv);
    if (argc < 0) {
        fprintf(stderr, "hamkor: --data-dir needs a folder\n");
        return 2;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("hamkor %s\n", HAMKOR_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "hamkor: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
