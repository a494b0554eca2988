/*
 * cli_engine.h - the search engine as the command line uses it: a store,
 * the text analyzer, the taxonomy, and an index built from the store.
 * `hamkor search` and `hamkor match` open one per run.
 */
#ifndef HK_CLI_ENGINE_H
#define HK_CLI_ENGINE_H

#include "geo/geo.h"
#include "index/index.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"
#include "text/text.h"

typedef struct cli_engine {
    hk_store *st;
    text_analyzer *a;
    tax *t;
    idx *ix;
    geo *geo;                /* gazetteer and rail corridors (data/geo) */
} cli_engine;

/* Opens everything and builds the index; prints progress on a terminal. */
int cli_engine_open(cli_engine *e, const char *db, const char *taxonomy_dir, hk_err *err);
void cli_engine_close(cli_engine *e);

#endif
