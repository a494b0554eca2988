/*
 * openapi_schema.h - the JSON Schema subset tests/test_openapi.c checks
 * answers and examples against: a deliberately small part of JSON Schema
 * 2020-12 (the dialect of OpenAPI 3.1). A keyword the validator does not
 * know is an error (schema_keywords), never silently ignored, so the
 * document cannot promise what the test does not check.
 */
#ifndef HK_TESTS_OPENAPI_SCHEMA_H
#define HK_TESTS_OPENAPI_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>

#include "openapi_doc.h"

typedef struct vctx {
    const ynode *root;         /* the document, for $ref */
    char err[1024];            /* OUT: the first failure, "at: what (schema line N)" */
} vctx;

/* Checks j against schema; 0, or -1 with v->err set. at names j in
 * messages ("$", "example", "line 3"). */
int schema_validate(vctx *v, const ynode *schema, const json_t *j, const char *at);
/* Reports every keyword of schema (and of the schemas inside it) that the
 * validator does not check; references are not followed (each component
 * is walked on its own). where names the schema in messages. */
void schema_keywords(const ynode *schema, const char *where, report *r);
/* application/json or any +json type. */
bool is_json_type(const char *media_type);

#endif
