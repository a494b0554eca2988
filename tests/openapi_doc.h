/*
 * openapi_doc.h - the OpenAPI document as tests/test_openapi.c reads it:
 * a small YAML tree of our own (maps, sequences, scalars with their line
 * numbers) loaded with libyaml, the operations of the document with their
 * parameters and responses, and the reports the tests fill (every problem
 * found, listed at once). The schema validator is openapi_schema.h; the
 * live server and its seeds are openapi_live.h.
 */
#ifndef HK_TESTS_OPENAPI_DOC_H
#define HK_TESTS_OPENAPI_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#ifndef DOC_PATH
#define DOC_PATH "docs/openapi.yaml"
#endif
#define DOC_MAX_OPS 256        /* operations in the document */
#define OP_MAX_PARAMS 64       /* parameters of one operation */

/* ---- reports: a test collects every problem it finds, then fails once
 * listing them all, so one run shows everything that is out of step ---- */

typedef struct report {
    char text[16384];          /* the problems, one a line; truncated when full */
    size_t len;
    int count;
} report;

void rep_add(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fails the calling cmocka test when r holds problems (listed on stderr
 * whole, since cmocka cuts long messages). */
void rep_check(const report *r, const char *what);

/* ---- the YAML tree ---- */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_kind;

typedef struct ynode {
    yn_kind kind;
    char *text;                /* YN_SCALAR: the value, from malloc() */
    bool plain;                /* YN_SCALAR: unquoted (so may be a number, a boolean or null) */
    size_t line;               /* 1-based line where the node starts */
    struct ynode **kids;       /* YN_SEQ: items; YN_MAP: key, value, key, value, ...; from malloc() */
    size_t n;                  /* entries of kids (twice the pairs of a map) */
} ynode;

void ynode_free(ynode *n);
/* Parses one YAML document from text (no aliases, no duplicate keys). 0
 * and *out (ynode_free), or -1 with err holding "name:line[:col]: what". */
int oa_yaml_load(const char *text, size_t len, const char *name, ynode **out, char *err, size_t err_len);
int oa_yaml_load_file(const char *path, ynode **out, char *err, size_t err_len);

const ynode *yget(const ynode *m, const char *key);   /* a map's value, or NULL */
const char *ystr(const ynode *m, const char *key);    /* a map's scalar value, or NULL */
bool ytrue(const ynode *m, const char *key);          /* a map's value is plain true */
/* The node a local reference ("#/components/schemas/Listing") names, or
 * NULL. Segments are JSON Pointer escaped (~0 ~1) and may be %-encoded. */
const ynode *yref(const ynode *root, const char *ref);
/* n with its $ref followed (several hops at most), or NULL when a
 * reference does not resolve. */
const ynode *yderef(const ynode *root, const ynode *n);
/* A YAML value as JSON, scalars typed by the YAML 1.2 core schema
 * (quoted scalars are always strings). New reference. */
json_t *ynode_to_json(const ynode *n);
/* The text of a scalar (an example as a query or path value), or NULL. */
const char *yscalar_text(const ynode *n);

/* ---- the document: its operations ---- */

typedef struct op {
    const char *method;        /* as in the document: "get" */
    const char *path;          /* "/api/v1/listings/{id}" */
    const ynode *item;         /* the path item */
    const ynode *node;         /* the operation object */
} op;

typedef struct doc {
    ynode *root;               /* owned */
    op ops[DOC_MAX_OPS];
    size_t n_ops;
} doc;

int doc_load(doc *d, char *err, size_t err_len);
void doc_free(doc *d);
/* The parameters of an operation (path-level ones first, overridden by
 * the operation's own of the same name and place), dereferenced. A
 * parameter whose $ref does not resolve is left out (the $ref test
 * reports it). Returns how many were written to out. */
size_t op_params(const doc *d, const op *o, const ynode **out, size_t max);
/* The documented (dereferenced) response of o for status: the code, its
 * range ("4XX") or default; NULL when none. */
const ynode *op_response(const doc *d, const op *o, long status);
/* The examples of a media type: its example, or each of its examples
 * (dereferenced) with a value. */
size_t body_examples(const doc *d, const ynode *media, const ynode **out, size_t max);
/* Whether o's method may change something (POST, PUT, PATCH, DELETE). */
bool op_unsafe(const op *o);
/* The method in capitals ("GET") into out. */
void upper(const char *s, char *out, size_t len);

#endif
