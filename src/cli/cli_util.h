/*
 * cli_util.h - small pieces shared by the subcommands: the default
 * database path, opening the store with the shipped countries, and
 * reporting an hk_err on stderr.
 */
#ifndef HK_CLI_UTIL_H
#define HK_CLI_UTIL_H

#include "hk_err.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"

#define CLI_DEFAULT_DB "var/hamkor.db"
#define CLI_COUNTRIES_TSV "data/countries.tsv"
#define CLI_TAXONOMY_DIR "data/taxonomy"

#include <stdio.h>

/* Parses the options of a command that takes only --db PATH (and --help)
 * and no operands. Returns -1 to go on, or the exit status to return: 0
 * after --help, 2 on a usage error (usage printed either way). */
int cli_parse_db_only(int argc, char **argv, const char **db, void (*usage)(FILE *out));

/* Prints "hamkor CMD: [field: ]message" on stderr and returns 1. */
int cli_fail(const char *cmd, const hk_err *err);

/* Creates the folder that will hold path (one level, like var/). */
int cli_ensure_parent_dir(const char *path, hk_err *err);

/* Opens the store at path (creating its folder and the file when absent)
 * and seeds the shipped countries when the table is empty. */
int cli_open_store(const char *path, hk_store **out, hk_err *err);

/* As cli_open_store, and every HS/ISIC code written must be in the
 * taxonomy of CLI_TAXONOMY_DIR (*tax, freed by the caller after
 * store_close). */
int cli_open_store_checked(const char *path, hk_store **out, tax **tax_out, hk_err *err);

#endif
