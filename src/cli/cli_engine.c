/*
 * cli_engine.c - opening the engine for the search and match commands
 * (see cli_engine.h). The setup itself is the engine's, shared with
 * `hamkor serve`; this only says so on a terminal, since building the
 * index of a large store takes seconds.
 */
#include "cli/cli_engine.h"

#include <stdio.h>
#include <unistd.h>

int cli_engine_open(const char *db, const char *taxonomy_dir, engine **out, hk_err *err)
{
    engine_config cfg = {.db = db, .taxonomy_dir = taxonomy_dir, .build_threads = 2, .follow = false};
    int tty = isatty(STDERR_FILENO);
    if (tty)
        fprintf(stderr, "indexing %s...\r", db);
    int rc = engine_open(&cfg, out, err);
    if (tty)
        fprintf(stderr, "%40s\r", "");
    return rc;
}
