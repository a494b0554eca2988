/*
 * cli_engine.c - opening the store, analyzer, taxonomy and index for the
 * search and match commands (see cli_engine.h).
 */
#include "cli/cli_engine.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_util.h"

int cli_engine_open(cli_engine *e, const char *db, const char *taxonomy_dir, hk_err *err)
{
    memset(e, 0, sizeof *e);
    int rc = cli_open_store(db, &e->st, err);
    if (!rc)
        rc = text_analyzer_new(&e->a, err);
    if (!rc)
        rc = tax_load(taxonomy_dir, e->a, &e->t, err);
    if (!rc) /* the secretariat's wording, as the server uses it */
        rc = tax_apply_store(e->t, e->st, err);
    if (!rc)
        rc = geo_load("data/geo", &e->geo, err);
    if (!rc)
        rc = idx_new(e->a, e->t, NULL, &e->ix, err);
    if (!rc) {
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "indexing %s...\r", db);
        size_t n = 0;
        rc = idx_build_parallel(e->ix, e->st, db, 2, &n, err);
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "%40s\r", "");
    }
    if (rc)
        cli_engine_close(e);
    return rc;
}

void cli_engine_close(cli_engine *e)
{
    idx_free(e->ix);
    geo_free(e->geo);
    tax_free(e->t);
    text_analyzer_free(e->a);
    store_close(e->st);
    memset(e, 0, sizeof *e);
}
