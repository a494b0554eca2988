/*
 * cli_util.h - small pieces shared by the subcommands: the default
 * database path, the paths of the shipped data files (found through
 * engine_data_dir, not the current directory), opening the store with the
 * shipped countries, and reporting an hk_err on stderr.
 */
#ifndef HK_CLI_UTIL_H
#define HK_CLI_UTIL_H

#include "hk_err.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"

#define CLI_DEFAULT_DB "var/hamkor.db"
#define CLI_PATH_MAX 4096          /* bytes of a data file's path */

#include <stdio.h>

/* The path of a shipped data file or folder ("countries.tsv", "taxonomy",
 * "geo") in data_dir, or in engine_data_dir() when data_dir is NULL;
 * written into buf (CLI_PATH_MAX bytes) and returned. */
const char *cli_data_path(const char *data_dir, const char *name, char buf[CLI_PATH_MAX]);

/* Parses the options of a command that takes only --db PATH (and --help)
 * and no operands. Returns -1 to go on, or the exit status to return: 0
 * after --help, 2 on a usage error (usage printed either way). */
int cli_parse_db_only(int argc, char **argv, const char **db, void (*usage)(FILE *out));

/* An io_progress_fn for import and export: "\rLABEL: N records" on
 * stderr (label is a const char *); callers use it when stderr is a
 * terminal and end the line themselves. */
void cli_show_progress(void *label, long records);

/* Prints "hamkor CMD: [field: ]message" on stderr and returns 1. */
int cli_fail(const char *cmd, const hk_err *err);

/* Creates the folder that will hold path (one level, like var/). */
int cli_ensure_parent_dir(const char *path, hk_err *err);

/* Opens the store at path (creating its folder and the file when absent)
 * and seeds the shipped countries (of engine_data_dir()) when the table is
 * empty. */
int cli_open_store(const char *path, hk_store **out, hk_err *err);
/* The same with the countries of data_dir (NULL = engine_data_dir()). */
int cli_open_store_in(const char *path, const char *data_dir, hk_store **out, hk_err *err);

/* Moves the alerts consumer (ENGINE_ALERTS_CONSUMER) to the newest
 * change: what was written so far (a demo data set) is a starting
 * state, not news, and a server started on it raises no alerts for it. */
int cli_alerts_start_now(hk_store *st, hk_err *err);

/* As cli_open_store, and every HS/ISIC code written must be in the
 * shipped taxonomy (engine_data_dir()/taxonomy; *tax, freed by the
 * caller after store_close). */
int cli_open_store_checked(const char *path, hk_store **out, tax **tax_out, hk_err *err);

#endif
