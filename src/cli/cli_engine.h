/*
 * cli_engine.h - the engine (src/engine) as `hamkor search` and `hamkor
 * match` use it: opened once per run, without the follower (a command
 * reads the store as it is when it starts), with progress on a terminal
 * while the index is built.
 */
#ifndef HK_CLI_ENGINE_H
#define HK_CLI_ENGINE_H

#include "engine/engine.h"

/* Opens the engine over db; taxonomy_dir NULL = the shipped taxonomy
 * (engine_data_dir()/taxonomy). */
int cli_engine_open(const char *db, const char *taxonomy_dir, engine **out, hk_err *err);

#endif
