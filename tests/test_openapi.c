/*
 * test_openapi.c - holds docs/openapi.yaml (the API contract) to the code.
 *
 * The document is read with libyaml into a small tree of our own (maps,
 * sequences, scalars with their line numbers) and checked in three ways:
 *
 *   1. as a document: OpenAPI 3.1, every operation answers something and
 *      has a unique operationId, every $ref resolves, every {param} of a
 *      path template is declared, error answers are problem documents,
 *      schemas only use keywords the validator below really checks;
 *   2. against the route table of src/http/http_router.c, both ways;
 *   3. against a live server on a seeded temporary database: every
 *      documented GET is called, its status must be documented, its
 *      Content-Type must be the documented media type and its body must
 *      validate against the documented schema; documented limits
 *      (minimum/maximum, maxItems, format: date, x-max-bytes,
 *      x-hamkor-strict-query) are probed and must be refused with the
 *      documented problem; ETags are sent exactly where documented and
 *      revalidate to 304; every requestBody example is sent and must be
 *      accepted.
 *
 * The schema validator is a deliberately small subset of JSON Schema
 * 2020-12 (the dialect of OpenAPI 3.1): a keyword it does not know is an
 * error, never silently ignored, so the document cannot promise what the
 * test does not check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "http/http_int.h"
#include "http/http_server.h"
#include "model/model_json.h"
#include "store/store.h"
#include "http_client.h"

#ifndef DOC_PATH
#define DOC_PATH "docs/openapi.yaml"
#endif
#define YAML_MAX_DEPTH 64      /* nesting of the document */
#define DOC_MAX_OPS 128        /* operations in the document */
#define OP_MAX_PARAMS 64       /* parameters of one operation */
#define URL_MAX 16384          /* bytes of a request URL the test builds */

/* ------------------------------------------------------------------ */
/* Reports: a test collects every problem it finds, then fails once    */
/* listing them all, so one run shows everything that is out of step.  */
/* ------------------------------------------------------------------ */

typedef struct report {
    char text[16384];          /* the problems, one a line; truncated when full */
    size_t len;
    int count;
} report;

static void __attribute__((format(printf, 2, 3))) rep_add(report *r, const char *fmt, ...)
{
    r->count++;
    if (r->len + 2 >= sizeof r->text)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->text + r->len, sizeof r->text - r->len - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    r->len += (size_t)n < sizeof r->text - r->len - 1 ? (size_t)n : sizeof r->text - r->len - 2;
    r->text[r->len++] = '\n';
    r->text[r->len] = '\0';
}

/* cmocka cuts long failure messages, so the list goes to stderr whole. */
static void rep_check(const report *r, const char *what)
{
    if (!r->count)
        return;
    fprintf(stderr, "%d problem(s) with %s:\n%s", r->count, what, r->text);
    fail_msg("%d problem(s) with %s (listed above)", r->count, what);
}

/* ------------------------------------------------------------------ */
/* The YAML tree                                                       */
/* ------------------------------------------------------------------ */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_kind;

typedef struct ynode {
    yn_kind kind;
    char *text;                /* YN_SCALAR: the value, from malloc() */
    bool plain;                /* YN_SCALAR: unquoted (so may be a number, a boolean or null) */
    size_t line;               /* 1-based line where the node starts */
    struct ynode **kids;       /* YN_SEQ: items; YN_MAP: key, value, key, value, ...; from malloc() */
    size_t n;                  /* entries of kids (twice the pairs of a map) */
} ynode;

static void ynode_free(ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        ynode_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

typedef struct yload {
    yaml_parser_t p;
    const char *name;          /* the source's name for messages */
    char err[512];             /* OUT: the first error, "name:line:col: what" */
} yload;

static int yload_next(yload *l, yaml_event_t *ev)
{
    if (yaml_parser_parse(&l->p, ev))
        return 0;
    snprintf(l->err, sizeof l->err, "%s:%zu:%zu: %s%s%s", l->name, (size_t)l->p.problem_mark.line + 1,
             (size_t)l->p.problem_mark.column + 1, l->p.problem ? l->p.problem : "not YAML",
             l->p.context ? " " : "", l->p.context ? l->p.context : "");
    return -1;
}

static ynode *ynode_new(yn_kind kind, size_t line)
{
    ynode *n = calloc(1, sizeof *n);
    if (!n)
        fail_msg("out of memory");
    n->kind = kind;
    n->line = line;
    return n;
}

static void ynode_push(ynode *parent, ynode *kid)
{
    ynode **k = realloc(parent->kids, (parent->n + 1) * sizeof *k);
    if (!k)
        fail_msg("out of memory");
    parent->kids = k;
    parent->kids[parent->n++] = kid;
}

/* Builds the node that begins with ev (which it consumes), reading the
 * events of its children. NULL with l->err set on any error. */
static ynode *yload_node(yload *l, yaml_event_t *ev, int depth)
{
    size_t line = (size_t)ev->start_mark.line + 1;
    if (depth > YAML_MAX_DEPTH) {
        snprintf(l->err, sizeof l->err, "%s:%zu: nested deeper than %d levels", l->name, line, YAML_MAX_DEPTH);
        yaml_event_delete(ev);
        return NULL;
    }
    if (ev->type == YAML_SCALAR_EVENT) {
        ynode *n = ynode_new(YN_SCALAR, line);
        n->text = strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        yaml_event_delete(ev);
        if (!n->text)
            fail_msg("out of memory");
        return n;
    }
    if (ev->type != YAML_SEQUENCE_START_EVENT && ev->type != YAML_MAPPING_START_EVENT) {
        /* Aliases would turn the tree into a graph; the contract has no
         * need of them, so they are refused rather than expanded. */
        snprintf(l->err, sizeof l->err, "%s:%zu: %s", l->name, line,
                 ev->type == YAML_ALIAS_EVENT ? "aliases (*name) are not allowed in this document"
                                              : "unexpected YAML event");
        yaml_event_delete(ev);
        return NULL;
    }
    bool map = ev->type == YAML_MAPPING_START_EVENT;
    yaml_event_type_t end = map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    yaml_event_delete(ev);
    ynode *n = ynode_new(map ? YN_MAP : YN_SEQ, line);
    for (;;) {
        yaml_event_t e;
        if (yload_next(l, &e)) {
            ynode_free(n);
            return NULL;
        }
        if (e.type == end) {
            yaml_event_delete(&e);
            return n;
        }
        ynode *kid = yload_node(l, &e, depth + 1);
        if (!kid) {
            ynode_free(n);
            return NULL;
        }
        if (map && n->n % 2 == 0) {
            const char *why = NULL;
            if (kid->kind != YN_SCALAR)
                why = "a mapping key must be a plain value";
            for (size_t i = 0; !why && i < n->n; i += 2)
                if (!strcmp(n->kids[i]->text, kid->text))
                    why = "duplicate key";
            if (why) {
                snprintf(l->err, sizeof l->err, "%s:%zu: %s '%s'", l->name, kid->line, why,
                         kid->text ? kid->text : "");
                ynode_free(kid);
                ynode_free(n);
                return NULL;
            }
        }
        ynode_push(n, kid);
    }
}

/* Parses one YAML document from text. 0 and *out (ynode_free), or -1 with
 * err holding "name:line[:col]: what". */
static int yaml_load(const char *text, size_t len, const char *name, ynode **out, char *err, size_t err_len)
{
    yload l;
    memset(&l, 0, sizeof l);
    l.name = name;
    *out = NULL;
    if (!yaml_parser_initialize(&l.p)) {
        snprintf(err, err_len, "%s: cannot start the YAML parser", name);
        return -1;
    }
    yaml_parser_set_input_string(&l.p, (const unsigned char *)text, len);
    ynode *root = NULL;
    yaml_event_t e;
    int stage = 0; /* 0 stream start, 1 document start, 2 root, 3 document end, 4 stream end */
    while (stage < 5) {
        if (yload_next(&l, &e))
            break;
        yaml_event_type_t want[] = {YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT, 0, YAML_DOCUMENT_END_EVENT,
                                  YAML_STREAM_END_EVENT};
        if (stage == 2) {
            root = yload_node(&l, &e, 0);
            if (!root)
                break;
        } else if (e.type != want[stage]) {
            snprintf(l.err, sizeof l.err, "%s:%zu: %s", name, (size_t)e.start_mark.line + 1,
                     stage == 1 ? "the document is empty" : "expected exactly one YAML document");
            yaml_event_delete(&e);
            break;
        } else {
            yaml_event_delete(&e);
        }
        stage++;
    }
    yaml_parser_delete(&l.p);
    if (stage < 5) {
        ynode_free(root);
        snprintf(err, err_len, "%s", l.err[0] ? l.err : "not YAML");
        return -1;
    }
    *out = root;
    return 0;
}

static int yaml_load_file(const char *path, ynode **out, char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: cannot open (run the test from the repository root)", path);
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *b = realloc(buf, cap);
            if (!b)
                fail_msg("out of memory");
            buf = b;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    int rc = yaml_load(buf ? buf : "", len, path, out, err, err_len);
    free(buf);
    return rc;
}

/* ---- reading the tree ---- */

static const ynode *yget(const ynode *m, const char *key)
{
    if (!m || m->kind != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (!strcmp(m->kids[i]->text, key))
            return m->kids[i + 1];
    return NULL;
}

static const char *ystr(const ynode *m, const char *key)
{
    const ynode *v = yget(m, key);
    return v && v->kind == YN_SCALAR ? v->text : NULL;
}

static bool ytrue(const ynode *m, const char *key)
{
    const ynode *v = yget(m, key);
    return v && v->kind == YN_SCALAR && v->plain && !strcmp(v->text, "true");
}

/* The node a local reference ("#/components/schemas/Listing") names, or
 * NULL. Segments are JSON Pointer escaped (~0 ~1) and may be %-encoded. */
static const ynode *yref(const ynode *root, const char *ref)
{
    if (strncmp(ref, "#/", 2) != 0)
        return ref[0] == '#' && !ref[1] ? root : NULL;
    const ynode *n = root;
    const char *p = ref + 2;
    while (n) {
        char seg[256];
        size_t k = 0;
        for (; *p && *p != '/'; p++) {
            char c = *p;
            if (c == '~' && (p[1] == '0' || p[1] == '1')) {
                c = p[1] == '0' ? '~' : '/';
                p++;
            } else if (c == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
                char hex[3] = {p[1], p[2], 0};
                c = (char)strtol(hex, NULL, 16);
                p += 2;
            }
            if (k + 1 >= sizeof seg)
                return NULL;
            seg[k++] = c;
        }
        seg[k] = '\0';
        if (n->kind == YN_MAP) {
            n = yget(n, seg);
        } else if (n->kind == YN_SEQ) {
            char *end;
            unsigned long i = strtoul(seg, &end, 10);
            n = *seg && !*end && i < n->n ? n->kids[i] : NULL;
        } else {
            n = NULL;
        }
        if (!*p)
            return n;
        p++;
    }
    return NULL;
}

/* n with its $ref followed (several hops at most), or NULL when a
 * reference does not resolve. */
static const ynode *yderef(const ynode *root, const ynode *n)
{
    for (int hops = 0; n && hops < 16; hops++) {
        const char *ref = ystr(n, "$ref");
        if (!ref)
            return n;
        n = yref(root, ref);
    }
    return NULL;
}

/* A YAML value as JSON, scalars typed by the YAML 1.2 core schema
 * (quoted scalars are always strings). New reference. */
static json_t *ynode_to_json(const ynode *n)
{
    if (n->kind == YN_MAP) {
        json_t *o = json_object();
        for (size_t i = 0; i + 1 < n->n; i += 2)
            json_object_set_new(o, n->kids[i]->text, ynode_to_json(n->kids[i + 1]));
        return o;
    }
    if (n->kind == YN_SEQ) {
        json_t *a = json_array();
        for (size_t i = 0; i < n->n; i++)
            json_array_append_new(a, ynode_to_json(n->kids[i]));
        return a;
    }
    const char *t = n->text;
    if (!n->plain)
        return json_string(t);
    if (!*t || !strcmp(t, "~") || !strcasecmp(t, "null"))
        return json_null();
    if (!strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE"))
        return json_true();
    if (!strcmp(t, "false") || !strcmp(t, "False") || !strcmp(t, "FALSE"))
        return json_false();
    char *end;
    long long i = strtoll(t, &end, 10);
    if (!*end && (isdigit((unsigned char)t[0]) || ((t[0] == '-' || t[0] == '+') && isdigit((unsigned char)t[1]))))
        return json_integer(i);
    double d = strtod(t, &end);
    if (!*end && (isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+' || t[0] == '.'))
        return json_real(d);
    return json_string(t);
}

/* The text of a scalar example as a query or path value. */
static const char *yscalar_text(const ynode *n) { return n && n->kind == YN_SCALAR ? n->text : NULL; }

/* ------------------------------------------------------------------ */
/* The document: its operations and their parameters                   */
/* ------------------------------------------------------------------ */

static const char *const http_methods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};

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

static int doc_load(doc *d, char *err, size_t err_len)
{
    memset(d, 0, sizeof *d);
    if (yaml_load_file(DOC_PATH, &d->root, err, err_len))
        return -1;
    const ynode *paths = yget(d->root, "paths");
    for (size_t i = 0; paths && paths->kind == YN_MAP && i + 1 < paths->n; i += 2) {
        const ynode *item = paths->kids[i + 1];
        for (size_t m = 0; m < sizeof http_methods / sizeof http_methods[0]; m++) {
            const ynode *o = yget(item, http_methods[m]);
            if (!o)
                continue;
            if (d->n_ops == DOC_MAX_OPS) {
                snprintf(err, err_len, "%s: more than %d operations; raise DOC_MAX_OPS", DOC_PATH, DOC_MAX_OPS);
                return -1;
            }
            d->ops[d->n_ops++] = (op){http_methods[m], paths->kids[i]->text, item, o};
        }
    }
    return 0;
}

static void doc_free(doc *d)
{
    ynode_free(d->root);
    d->root = NULL;
}

/* The parameters of an operation (path-level ones first, overridden by
 * the operation's own of the same name and place), dereferenced. A
 * parameter whose $ref does not resolve is left out (the $ref test
 * reports it). Returns how many were written to out. */
static size_t op_params(const doc *d, const op *o, const ynode **out, size_t max)
{
    size_t n = 0;
    const ynode *lists[2] = {yget(o->item, "parameters"), yget(o->node, "parameters")};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; lists[k] && lists[k]->kind == YN_SEQ && i < lists[k]->n; i++) {
            const ynode *p = yderef(d->root, lists[k]->kids[i]);
            const char *name = ystr(p, "name"), *in = ystr(p, "in");
            if (!p || !name || !in)
                continue;
            size_t j = 0;
            while (j < n && !(!strcmp(ystr(out[j], "name"), name) && !strcmp(ystr(out[j], "in"), in)))
                j++;
            if (j == n && n == max)
                fail_msg("%s %s: more than %zu parameters", o->method, o->path, max);
            out[j] = p;
            if (j == n)
                n++;
        }
    }
    return n;
}

static void upper(const char *s, char *out, size_t len)
{
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[i] = '\0';
}

/* ------------------------------------------------------------------ */
/* A JSON Schema subset                                                */
/* ------------------------------------------------------------------ */

/* Keywords that only annotate (nothing to check). */
static const char *const schema_annotations[] = {"description", "title", "example", "examples", "default",
                                                 "deprecated", "readOnly", "writeOnly", "$comment", "$ref"};
/* Keywords validate() checks. */
static const char *const schema_checked[] = {"type", "enum", "const", "required", "properties",
                                             "additionalProperties", "items", "minItems", "maxItems",
                                             "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                                             "minLength", "maxLength", "pattern", "format", "allOf",
                                             "anyOf", "oneOf", "unevaluatedProperties"};
/* Formats validate() checks; others are refused by the keyword test. */
static const char *const schema_formats[] = {"date", "date-time", "uri", "int64", "int32", "double"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}
#define IN_LIST(s, list) in_list((s), (list), sizeof(list) / sizeof(list)[0])

/* Reports every keyword of schema (and of the schemas inside it) that the
 * validator does not check; references are not followed (each component
 * is walked on its own). */
static void schema_keywords(const ynode *schema, const char *where, report *r)
{
    if (!schema || schema->kind != YN_MAP) {
        if (schema && !(schema->kind == YN_SCALAR && schema->plain &&
                        (!strcmp(schema->text, "true") || !strcmp(schema->text, "false"))))
            rep_add(r, "%s:%zu: %s: a schema must be a mapping", DOC_PATH, schema->line, where);
        return;
    }
    for (size_t i = 0; i + 1 < schema->n; i += 2) {
        const char *k = schema->kids[i]->text;
        const ynode *v = schema->kids[i + 1];
        if (!strncmp(k, "x-", 2) || IN_LIST(k, schema_annotations))
            continue;
        if (!IN_LIST(k, schema_checked)) {
            rep_add(r, "%s:%zu: %s: keyword '%s' is not checked by tests/test_openapi.c (teach validate() or do without)",
                    DOC_PATH, schema->kids[i]->line, where, k);
            continue;
        }
        if (!strcmp(k, "format") && v->kind == YN_SCALAR && !IN_LIST(v->text, schema_formats))
            rep_add(r, "%s:%zu: %s: format '%s' is not checked by tests/test_openapi.c", DOC_PATH, v->line, where,
                    v->text);
        if (!strcmp(k, "properties") && v->kind == YN_MAP) {
            for (size_t j = 0; j + 1 < v->n; j += 2)
                schema_keywords(v->kids[j + 1], where, r);
        } else if (!strcmp(k, "items") || (!strcmp(k, "additionalProperties") && v->kind == YN_MAP)) {
            schema_keywords(v, where, r);
        } else if ((!strcmp(k, "allOf") || !strcmp(k, "anyOf") || !strcmp(k, "oneOf")) && v->kind == YN_SEQ) {
            for (size_t j = 0; j < v->n; j++)
                schema_keywords(v->kids[j], where, r);
        }
    }
}

typedef struct vctx {
    const ynode *root;         /* the document, for $ref */
    char err[1024];            /* OUT: the first failure, "at: what (schema line N)" */
} vctx;

static int vfail(vctx *v, const char *at, const ynode *where, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int vfail(vctx *v, const char *at, const ynode *where, const char *fmt, ...)
{
    if (v->err[0])
        return -1;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(v->err, sizeof v->err, "%s: %s (%s:%zu)", at, what, DOC_PATH, where ? where->line : 0);
    return -1;
}

static bool json_type_is(const json_t *j, const char *type)
{
    if (!strcmp(type, "object")) return json_is_object(j);
    if (!strcmp(type, "array")) return json_is_array(j);
    if (!strcmp(type, "string")) return json_is_string(j);
    if (!strcmp(type, "integer")) return json_is_integer(j);
    if (!strcmp(type, "number")) return json_is_number(j);
    if (!strcmp(type, "boolean")) return json_is_boolean(j);
    if (!strcmp(type, "null")) return json_is_null(j);
    return false;
}

/* JSON equality where 1 and 1.0 are the same number (as in JSON Schema). */
static bool json_same(const json_t *a, const json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    return json_equal((json_t *)a, (json_t *)b);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool is_date_time(const char *s)
{
    int64_t t;
    return model_parse_time(s, &t) == 0;
}

static int validate(vctx *v, const ynode *schema, const json_t *j, const char *at);

/* Whether schema declares member name in its properties, or through its
 * $ref or allOf. This is what unevaluatedProperties: false means for the
 * schemas of this document (allOf of a record and its additions); members
 * declared only in a branch of oneOf/anyOf do not count. */
static bool declares_member(const ynode *root, const ynode *schema, const char *name, int depth)
{
    if (!schema || depth > 16)
        return false;
    if (yget(yget(schema, "properties"), name))
        return true;
    const char *ref = ystr(schema, "$ref");
    if (ref && declares_member(root, yref(root, ref), name, depth + 1))
        return true;
    const ynode *all = yget(schema, "allOf");
    for (size_t i = 0; all && all->kind == YN_SEQ && i < all->n; i++)
        if (declares_member(root, all->kids[i], name, depth + 1))
            return true;
    return false;
}

static int validate_keyword(vctx *v, const ynode *schema, const char *k, const ynode *kw, const json_t *j,
                            const char *at)
{
    char sub[512];
    if (!strcmp(k, "$ref")) {
        const ynode *target = yref(v->root, kw->text);
        if (!target)
            return vfail(v, at, kw, "$ref %s does not resolve", kw->text);
        return validate(v, target, j, at);
    }
    if (!strcmp(k, "type")) {
        bool ok = false;
        if (kw->kind == YN_SCALAR)
            ok = json_type_is(j, kw->text);
        for (size_t i = 0; kw->kind == YN_SEQ && i < kw->n; i++)
            ok |= json_type_is(j, kw->kids[i]->text);
        if (!ok) {
            char *dump = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
            int rc = vfail(v, at, kw, "%.80s is not of the documented type", dump ? dump : "?");
            free(dump);
            return rc;
        }
        return 0;
    }
    if (!strcmp(k, "enum") || !strcmp(k, "const")) {
        bool ok = false;
        for (size_t i = 0; i < (kw->kind == YN_SEQ ? kw->n : 1) && !ok; i++) {
            json_t *want = ynode_to_json(kw->kind == YN_SEQ ? kw->kids[i] : kw);
            ok = json_same(want, j);
            json_decref(want);
        }
        if (!ok) {
            char *dump = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
            int rc = vfail(v, at, kw, "%.80s is not one of the documented values", dump ? dump : "?");
            free(dump);
            return rc;
        }
        return 0;
    }
    if (!strcmp(k, "required")) {
        for (size_t i = 0; json_is_object(j) && i < kw->n; i++)
            if (!json_object_get(j, kw->kids[i]->text))
                return vfail(v, at, kw, "member '%s' is required but missing", kw->kids[i]->text);
        return 0;
    }
    if (!strcmp(k, "properties")) {
        if (!json_is_object(j))
            return 0;
        for (size_t i = 0; i + 1 < kw->n; i += 2) {
            json_t *m = json_object_get(j, kw->kids[i]->text);
            if (!m)
                continue;
            snprintf(sub, sizeof sub, "%s.%s", at, kw->kids[i]->text);
            if (validate(v, kw->kids[i + 1], m, sub))
                return -1;
        }
        return 0;
    }
    if (!strcmp(k, "additionalProperties")) {
        if (!json_is_object(j))
            return 0;
        const ynode *props = yget(schema, "properties");
        const char *name;
        json_t *m;
        json_object_foreach((json_t *)j, name, m)
        {
            if (yget(props, name))
                continue;
            snprintf(sub, sizeof sub, "%s.%s", at, name);
            if (kw->kind == YN_SCALAR && !strcmp(kw->text, "false"))
                return vfail(v, sub, kw, "member is not documented (additionalProperties: false)");
            if (kw->kind == YN_MAP && validate(v, kw, m, sub))
                return -1;
        }
        return 0;
    }
    if (!strcmp(k, "unevaluatedProperties")) {
        if (kw->kind != YN_SCALAR || strcmp(kw->text, "false") != 0)
            return vfail(v, at, kw, "only unevaluatedProperties: false is supported");
        const char *name;
        json_t *m;
        if (json_is_object(j))
            json_object_foreach((json_t *)j, name, m)
            {
                if (declares_member(v->root, schema, name, 0))
                    continue;
                snprintf(sub, sizeof sub, "%s.%s", at, name);
                return vfail(v, sub, kw, "member is not documented (unevaluatedProperties: false)");
            }
        return 0;
    }
    if (!strcmp(k, "items")) {
        size_t i;
        json_t *e;
        if (!json_is_array(j))
            return 0;
        json_array_foreach(j, i, e)
        {
            snprintf(sub, sizeof sub, "%s[%zu]", at, i);
            if (validate(v, kw, e, sub))
                return -1;
        }
        return 0;
    }
    if (!strcmp(k, "minItems") || !strcmp(k, "maxItems")) {
        long lim = strtol(kw->text, NULL, 10);
        if (json_is_array(j) && (k[1] == 'i' ? (long)json_array_size(j) < lim : (long)json_array_size(j) > lim))
            return vfail(v, at, kw, "%zu items, %s is %ld", json_array_size(j), k, lim);
        return 0;
    }
    if (!strcmp(k, "minimum") || !strcmp(k, "maximum") || !strcmp(k, "exclusiveMinimum") ||
        !strcmp(k, "exclusiveMaximum")) {
        if (!json_is_number(j))
            return 0;
        double x = json_number_value(j), lim = strtod(kw->text, NULL);
        bool ok = !strcmp(k, "minimum") ? x >= lim : !strcmp(k, "maximum") ? x <= lim
                 : !strcmp(k, "exclusiveMinimum") ? x > lim : x < lim;
        return ok ? 0 : vfail(v, at, kw, "%g is outside %s %g", x, k, lim);
    }
    if (!strcmp(k, "minLength") || !strcmp(k, "maxLength")) {
        if (!json_is_string(j))
            return 0;
        size_t n = utf8_chars(json_string_value(j));
        long lim = strtol(kw->text, NULL, 10);
        bool ok = k[1] == 'i' ? (long)n >= lim : (long)n <= lim;
        return ok ? 0 : vfail(v, at, kw, "%zu characters, %s is %ld", n, k, lim);
    }
    if (!strcmp(k, "pattern")) {
        if (!json_is_string(j))
            return 0;
        regex_t re;
        if (regcomp(&re, kw->text, REG_EXTENDED | REG_NOSUB))
            return vfail(v, at, kw, "pattern %s is not a POSIX extended regular expression", kw->text);
        int rc = regexec(&re, json_string_value(j), 0, NULL, 0);
        regfree(&re);
        return rc ? vfail(v, at, kw, "'%.80s' does not match %s", json_string_value(j), kw->text) : 0;
    }
    if (!strcmp(k, "format")) {
        if (!json_is_string(j))
            return 0;
        const char *s = json_string_value(j);
        bool ok = true;
        if (!strcmp(kw->text, "date"))
            ok = model_is_date(s);
        else if (!strcmp(kw->text, "date-time"))
            ok = is_date_time(s);
        else if (!strcmp(kw->text, "uri"))
            ok = strstr(s, ":") != NULL && !strpbrk(s, " \t\r\n");
        return ok ? 0 : vfail(v, at, kw, "'%.80s' is not a %s", s, kw->text);
    }
    if (!strcmp(k, "allOf")) {
        for (size_t i = 0; i < kw->n; i++)
            if (validate(v, kw->kids[i], j, at))
                return -1;
        return 0;
    }
    if (!strcmp(k, "anyOf") || !strcmp(k, "oneOf")) {
        size_t ok = 0;
        char first[1024] = "";
        for (size_t i = 0; i < kw->n; i++) {
            vctx trial = {v->root, ""};
            if (!validate(&trial, kw->kids[i], j, at))
                ok++;
            else if (!first[0])
                snprintf(first, sizeof first, "%s", trial.err);
        }
        if (ok == 0)
            return vfail(v, at, kw, "matches none of %s (the first says: %s)", k, first);
        if (k[0] == 'o' && ok > 1)
            return vfail(v, at, kw, "matches %zu schemas of oneOf, must match exactly one", ok);
        return 0;
    }
    return 0; /* annotations; unknown keywords are reported by schema_keywords */
}

/* Checks j against schema; 0, or -1 with v->err set. */
static int validate(vctx *v, const ynode *schema, const json_t *j, const char *at)
{
    if (!schema)
        return vfail(v, at, NULL, "no schema");
    if (schema->kind == YN_SCALAR)
        return strcmp(schema->text, "false") ? 0 : vfail(v, at, schema, "schema false accepts nothing");
    for (size_t i = 0; i + 1 < schema->n; i += 2)
        if (validate_keyword(v, schema, schema->kids[i]->text, schema->kids[i + 1], j, at))
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tests of the document alone                                         */
/* ------------------------------------------------------------------ */

static int doc_setup(void **state)
{
    doc *d = calloc(1, sizeof *d);
    char err[600];
    if (!d || doc_load(d, err, sizeof err)) {
        fprintf(stderr, "%s\n", d ? err : "out of memory");
        if (d)
            doc_free(d);
        free(d);
        *state = NULL;
        return -1;
    }
    *state = d;
    return 0;
}

static int doc_teardown(void **state)
{
    doc *d = *state;
    if (!d)
        return 0;
    doc_free(d);
    free(d);
    return 0;
}

static void yaml_loader_reports_the_line_of_a_parse_error(void **state)
{
    (void)state;
    ynode *n;
    char err[600];
    const char *bad = "openapi: 3.1.0\npaths:\n  /x: [1, 2\n  /y: 3\n";
    assert_int_equal(yaml_load(bad, strlen(bad), "bad.yaml", &n, err, sizeof err), -1);
    assert_null(n);
    /* libyaml notices the unclosed flow sequence where the next key starts. */
    if (!strstr(err, "bad.yaml:4:"))
        fail_msg("expected the error on line 4, got: %s", err);
    const char *dup = "a: 1\nb: 2\na: 3\n";
    assert_int_equal(yaml_load(dup, strlen(dup), "dup.yaml", &n, err, sizeof err), -1);
    if (!strstr(err, "dup.yaml:3:") || !strstr(err, "duplicate key 'a'"))
        fail_msg("expected a duplicate key on line 3, got: %s", err);
    const char *alias = "a: &x 1\nb: *x\n";
    assert_int_equal(yaml_load(alias, strlen(alias), "alias.yaml", &n, err, sizeof err), -1);
    if (!strstr(err, "alias.yaml:2:"))
        fail_msg("expected an alias error on line 2, got: %s", err);
    const char *good = "a: {b: [1, 'two', true, ~]}\n";
    assert_int_equal(yaml_load(good, strlen(good), "good.yaml", &n, err, sizeof err), 0);
    json_t *j = ynode_to_json(n);
    json_t *want = json_loads("{\"a\":{\"b\":[1,\"two\",true,null]}}", 0, NULL);
    assert_true(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    assert_ptr_equal(yref(n, "#/a/b/1"), n->kids[1]->kids[1]->kids[1]);
    assert_null(yref(n, "#/a/c"));
    ynode_free(n);
}

static void schema_validator_refuses_what_the_schema_forbids(void **state)
{
    (void)state;
    const char *text = "s:\n"
                       "  type: object\n"
                       "  required: [id]\n"
                       "  additionalProperties: false\n"
                       "  properties:\n"
                       "    id: {type: integer, minimum: 1}\n"
                       "    kind: {type: string, enum: [offer, request]}\n"
                       "    day: {type: string, format: date}\n"
                       "    code: {type: string, pattern: '^[0-9]{4}$'}\n"
                       "    next: {type: [string, 'null']}\n"
                       "    r: {oneOf: [{required: [a]}, {required: [b]}]}\n"
                       "base: {properties: {a: {type: integer}}}\n"
                       "more: {allOf: [{$ref: '#/base'}, {properties: {b: {}}}], unevaluatedProperties: false}\n";
    ynode *n;
    char err[600];
    assert_int_equal(yaml_load(text, strlen(text), "schema.yaml", &n, err, sizeof err), 0);
    const ynode *s = yget(n, "s");
    const char *good = "{\"id\":1,\"kind\":\"offer\",\"day\":\"2026-02-28\",\"code\":\"7616\",\"next\":null,\"r\":{\"a\":1}}";
    const char *bad[] = {"{}", "{\"id\":0}", "{\"id\":1.5}", "{\"id\":1,\"kind\":\"swap\"}",
                         "{\"id\":1,\"day\":\"2026-02-30\"}", "{\"id\":1,\"code\":\"76\"}",
                         "{\"id\":1,\"next\":3}", "{\"id\":1,\"extra\":true}", "{\"id\":1,\"r\":{\"a\":1,\"b\":2}}",
                         "{\"id\":1,\"r\":{}}"};
    json_t *j = json_loads(good, 0, NULL);
    vctx v = {n, ""};
    if (validate(&v, s, j, "$"))
        fail_msg("valid document refused: %s", v.err);
    json_decref(j);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = json_loads(bad[i], 0, NULL);
        vctx w = {n, ""};
        if (!validate(&w, s, j, "$"))
            fail_msg("invalid document accepted: %s", bad[i]);
        json_decref(j);
    }
    j = json_loads("{\"a\":1,\"b\":2}", 0, NULL);
    vctx w = {n, ""};
    if (validate(&w, yget(n, "more"), j, "$"))
        fail_msg("allOf members refused: %s", w.err);
    json_decref(j);
    j = json_loads("{\"a\":1,\"c\":2}", 0, NULL);
    assert_int_equal(validate(&w, yget(n, "more"), j, "$"), -1);
    json_decref(j);
    ynode_free(n);
}

static void document_is_openapi_3_1_with_title_and_version(void **state)
{
    doc *d = *state;
    report r = {0};
    const char *v = ystr(d->root, "openapi");
    if (!v || strncmp(v, "3.1.", 4) != 0)
        rep_add(&r, "openapi must be \"3.1.x\", is %s", v ? v : "missing");
    const ynode *info = yget(d->root, "info");
    if (!ystr(info, "title") || !*ystr(info, "title"))
        rep_add(&r, "info.title is missing");
    if (!ystr(info, "version") || !*ystr(info, "version"))
        rep_add(&r, "info.version is missing");
    if (!yget(d->root, "paths") || yget(d->root, "paths")->kind != YN_MAP)
        rep_add(&r, "paths is missing");
    if (d->n_ops == 0)
        rep_add(&r, "no operations");
    rep_check(&r, DOC_PATH);
}

static void every_operation_has_responses_and_a_unique_operation_id(void **state)
{
    doc *d = *state;
    report r = {0};
    for (size_t i = 0; i < d->n_ops; i++) {
        const op *o = &d->ops[i];
        const ynode *resp = yget(o->node, "responses");
        if (!resp || resp->kind != YN_MAP || resp->n == 0)
            rep_add(&r, "%s:%zu: %s %s has no responses", DOC_PATH, o->node->line, o->method, o->path);
        for (size_t k = 0; resp && resp->kind == YN_MAP && k + 1 < resp->n; k += 2) {
            const char *code = resp->kids[k]->text;
            bool ok = !strcmp(code, "default") ||
                      (strlen(code) == 3 && code[0] >= '1' && code[0] <= '5' &&
                       ((isdigit((unsigned char)code[1]) && isdigit((unsigned char)code[2])) ||
                        !strcmp(code + 1, "XX")));
            if (!ok)
                rep_add(&r, "%s:%zu: %s %s: '%s' is not a status code", DOC_PATH, resp->kids[k]->line, o->method,
                        o->path, code);
            if (!yderef(d->root, resp->kids[k + 1]) || !ystr(yderef(d->root, resp->kids[k + 1]), "description"))
                rep_add(&r, "%s:%zu: %s %s: response %s needs a description", DOC_PATH, resp->kids[k]->line,
                        o->method, o->path, code);
        }
        const char *id = ystr(o->node, "operationId");
        if (!id || !*id) {
            rep_add(&r, "%s:%zu: %s %s has no operationId", DOC_PATH, o->node->line, o->method, o->path);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const char *other = ystr(d->ops[j].node, "operationId");
            if (other && !strcmp(id, other))
                rep_add(&r, "%s:%zu: operationId %s is used twice", DOC_PATH, o->node->line, id);
        }
    }
    rep_check(&r, "operations");
}

/* Calls check on every "$ref" value under n. */
static void each_ref(const ynode *root, const ynode *n, report *r)
{
    if (!n || n->kind == YN_SCALAR)
        return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->kind == YN_MAP && i % 2 == 0) {
            if (!strcmp(n->kids[i]->text, "$ref")) {
                const ynode *v = n->kids[i + 1];
                if (v->kind != YN_SCALAR)
                    rep_add(r, "%s:%zu: $ref must be a string", DOC_PATH, v->line);
                else if (v->text[0] != '#')
                    rep_add(r, "%s:%zu: $ref %s points outside the document", DOC_PATH, v->line, v->text);
                else if (!yref(root, v->text))
                    rep_add(r, "%s:%zu: $ref %s does not resolve", DOC_PATH, v->line, v->text);
            }
            continue;
        }
        each_ref(root, n->kids[i], r);
    }
}

static void every_ref_resolves_inside_the_document(void **state)
{
    doc *d = *state;
    report r = {0};
    each_ref(d->root, d->root, &r);
    rep_check(&r, "references");
}

static void every_path_template_parameter_is_declared_in_path_and_required(void **state)
{
    doc *d = *state;
    report r = {0};
    for (size_t i = 0; i < d->n_ops; i++) {
        const op *o = &d->ops[i];
        const ynode *ps[OP_MAX_PARAMS];
        size_t n = op_params(d, o, ps, OP_MAX_PARAMS);
        /* Every {name} of the template is a required path parameter. */
        for (const char *p = strchr(o->path, '{'); p; p = strchr(p + 1, '{')) {
            const char *end = strchr(p, '}');
            if (!end) {
                rep_add(&r, "%s: unclosed { in the path", o->path);
                break;
            }
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
            size_t k = 0;
            while (k < n && !(!strcmp(ystr(ps[k], "in"), "path") && !strcmp(ystr(ps[k], "name"), name)))
                k++;
            if (k == n)
                rep_add(&r, "%s:%zu: %s %s: {%s} is not declared as a parameter in: path", DOC_PATH, o->node->line,
                        o->method, o->path, name);
            else if (!ytrue(ps[k], "required"))
                rep_add(&r, "%s:%zu: %s %s: path parameter %s must say required: true", DOC_PATH, ps[k]->line,
                        o->method, o->path, name);
        }
        /* And every path parameter is in the template. */
        for (size_t k = 0; k < n; k++) {
            if (strcmp(ystr(ps[k], "in"), "path") != 0)
                continue;
            char braced[80];
            snprintf(braced, sizeof braced, "{%s}", ystr(ps[k], "name"));
            if (!strstr(o->path, braced))
                rep_add(&r, "%s:%zu: %s %s: path parameter %s is not in the template", DOC_PATH, ps[k]->line,
                        o->method, o->path, ystr(ps[k], "name"));
        }
    }
    rep_check(&r, "path parameters");
}

static void every_parameter_and_body_has_a_schema_or_an_example(void **state)
{
    doc *d = *state;
    report r = {0};
    for (size_t i = 0; i < d->n_ops; i++) {
        const op *o = &d->ops[i];
        const ynode *ps[OP_MAX_PARAMS];
        size_t n = op_params(d, o, ps, OP_MAX_PARAMS);
        for (size_t k = 0; k < n; k++) {
            const char *in = ystr(ps[k], "in"), *name = ystr(ps[k], "name");
            if (!yget(ps[k], "schema"))
                rep_add(&r, "%s:%zu: parameter %s has no schema", DOC_PATH, ps[k]->line, name);
            if (strcmp(in, "path") && strcmp(in, "query") && strcmp(in, "header") && strcmp(in, "cookie"))
                rep_add(&r, "%s:%zu: parameter %s: in: %s is not a place", DOC_PATH, ps[k]->line, name, in);
            /* The live test builds requests from examples and seeds. */
            if (!strcmp(in, "query") && ytrue(ps[k], "required") && !yget(ps[k], "example"))
                rep_add(&r, "%s:%zu: required query parameter %s needs an example", DOC_PATH, ps[k]->line, name);
            const char *seed = ystr(ps[k], "x-hamkor-seed");
            if (!strcmp(in, "path") && (!seed || (strcmp(seed, "listing") && strcmp(seed, "organisation"))))
                rep_add(&r, "%s:%zu: path parameter %s needs x-hamkor-seed: listing or organisation "
                            "(or teach seeded_id() a new record)", DOC_PATH, ps[k]->line, name);
        }
        const ynode *body = yderef(d->root, yget(o->node, "requestBody"));
        const ynode *content = yget(body, "content");
        for (size_t k = 0; content && k + 1 < content->n; k += 2) {
            const ynode *mt = content->kids[k + 1];
            if (!yget(mt, "schema"))
                rep_add(&r, "%s:%zu: %s %s: request body %s has no schema", DOC_PATH, mt->line, o->method, o->path,
                        content->kids[k]->text);
            if (!yget(mt, "example") && !yget(mt, "examples"))
                rep_add(&r, "%s:%zu: %s %s: request body %s has no example (convention: "
                            "examples: {default: {$ref: '#/components/examples/<operationId>'}})",
                        DOC_PATH, mt->line, o->method, o->path, content->kids[k]->text);
        }
        const ynode *resps = yget(o->node, "responses");
        for (size_t k = 0; resps && k + 1 < resps->n; k += 2) {
            const ynode *c = yget(yderef(d->root, resps->kids[k + 1]), "content");
            for (size_t m = 0; c && m + 1 < c->n; m += 2)
                if (!yget(c->kids[m + 1], "schema"))
                    rep_add(&r, "%s:%zu: %s %s: response %s (%s) has no schema", DOC_PATH, c->kids[m]->line,
                            o->method, o->path, resps->kids[k]->text, c->kids[m]->text);
        }
    }
    rep_check(&r, "parameters and bodies");
}

static void every_error_response_is_a_problem_document(void **state)
{
    doc *d = *state;
    report r = {0};
    for (size_t i = 0; i < d->n_ops; i++) {
        const op *o = &d->ops[i];
        const ynode *resps = yget(o->node, "responses");
        for (size_t k = 0; resps && k + 1 < resps->n; k += 2) {
            const char *code = resps->kids[k]->text;
            if (code[0] != '4' && code[0] != '5')
                continue;
            const ynode *c = yget(yderef(d->root, resps->kids[k + 1]), "content");
            const ynode *mt = yget(c, "application/problem+json");
            const ynode *schema = yget(mt, "schema");
            if (!c || c->n != 2 || !mt)
                rep_add(&r, "%s:%zu: %s %s: response %s must be application/problem+json only", DOC_PATH,
                        resps->kids[k]->line, o->method, o->path, code);
            else if (!schema || !ystr(schema, "$ref") || strcmp(ystr(schema, "$ref"), "#/components/schemas/Problem"))
                rep_add(&r, "%s:%zu: %s %s: response %s must use #/components/schemas/Problem", DOC_PATH,
                        resps->kids[k]->line, o->method, o->path, code);
        }
        if (!yget(resps, "500") && !yget(resps, "5XX") && !yget(resps, "default"))
            rep_add(&r, "%s:%zu: %s %s: the 500 problem is not documented", DOC_PATH, o->node->line, o->method,
                    o->path);
    }
    rep_check(&r, "error responses");
}

/* Walks every schema of the document: components, parameters, media types. */
static void walk_schemas(const ynode *n, const char *key, report *r)
{
    if (!n || n->kind == YN_SCALAR)
        return;
    if (key && (!strcmp(key, "schema") || !strcmp(key, "x-hamkor-line-schema"))) {
        schema_keywords(n, key, r);
        return;
    }
    if (key && !strcmp(key, "schemas") && n->kind == YN_MAP) {
        for (size_t i = 0; i + 1 < n->n; i += 2)
            schema_keywords(n->kids[i + 1], n->kids[i]->text, r);
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        if (n->kind == YN_MAP && i % 2 == 0)
            continue;
        walk_schemas(n->kids[i], n->kind == YN_MAP ? n->kids[i - 1]->text : NULL, r);
    }
}

static void every_schema_uses_only_keywords_the_test_checks(void **state)
{
    doc *d = *state;
    report r = {0};
    walk_schemas(d->root, NULL, &r);
    rep_check(&r, "schema keywords");
}

/* ---- the router, both ways ---- */

typedef struct routes {
    char line[64][160];        /* "GET /api/v1/listings/{id}" */
    size_t n;
} routes;

static void collect_route(const char *method, const char *pattern, void *ctx)
{
    routes *rs = ctx;
    if (rs->n == 64)
        fail_msg("more than 64 routes: raise the limit in test_openapi.c");
    snprintf(rs->line[rs->n], sizeof rs->line[rs->n], "%s %s", method, pattern);
    rs->n++;
}

static void every_route_of_the_router_is_documented(void **state)
{
    doc *d = *state;
    routes rs = {0};
    http_routes_each(collect_route, &rs);
    report r = {0};
    for (size_t i = 0; i < rs.n; i++) {
        bool found = false;
        for (size_t k = 0; k < d->n_ops && !found; k++) {
            char line[160], m[16];
            upper(d->ops[k].method, m, sizeof m);
            snprintf(line, sizeof line, "%s %s", m, d->ops[k].path);
            found = !strcmp(line, rs.line[i]);
        }
        if (!found)
            rep_add(&r, "route %s (src/http/http_router.c) is not in %s", rs.line[i], DOC_PATH);
    }
    rep_check(&r, "undocumented routes");
}

static void every_documented_operation_is_served_by_the_router(void **state)
{
    doc *d = *state;
    routes rs = {0};
    http_routes_each(collect_route, &rs);
    report r = {0};
    for (size_t k = 0; k < d->n_ops; k++) {
        char line[160], m[16];
        upper(d->ops[k].method, m, sizeof m);
        snprintf(line, sizeof line, "%s %s", m, d->ops[k].path);
        bool found = false;
        for (size_t i = 0; i < rs.n && !found; i++)
            found = !strcmp(line, rs.line[i]);
        if (!found)
            rep_add(&r, "%s:%zu: %s is documented but src/http/http_router.c has no such route", DOC_PATH,
                    d->ops[k].node->line, line);
    }
    rep_check(&r, "documented operations nobody serves");
}

/* ------------------------------------------------------------------ */
/* The live server                                                     */
/* ------------------------------------------------------------------ */

typedef struct server {
    doc d;
    char db[64];
    http_server *srv;
    uint16_t port;
    int64_t org_id, org2_id;   /* the seeded organisations (UZ, KZ) */
    int64_t listing_id, listing2_id; /* an offer of the first, a request of the second */
} server;

typedef http_reply reply;

static reply call(server *s, const char *method, const char *target, const char *body, const char *body_type,
                  const char *if_none_match)
{
    return http_client_call(s->port, method, target, body, body ? strlen(body) : 0, body_type, if_none_match);
}

/* ---- seeding (0 and a message on stderr when the store refuses): two organisations in two states, an offer and a request
 * of the same HS heading, so that search, matches and every optional
 * member of the schemas have something to show. ---- */

static char **strs(size_t n, ...)
{
    char **a = calloc(n, sizeof *a);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        a[i] = strdup(va_arg(ap, const char *));
    va_end(ap);
    return a;
}

static int64_t seed_org(hk_store *st, const char *name, const char *lang, const char *iso2, const char *city,
                        double lat, double lon)
{
    organisation o;
    memset(&o, 0, sizeof o);
    hk_err err;
    o.n_names = 2;
    o.names = calloc(2, sizeof *o.names);
    o.names[0] = (org_name){strdup(name), strdup(lang), true};
    o.names[1] = (org_name){strdup("Casting Works"), strdup("en"), false};
    memcpy(o.country, iso2, 3);
    o.city = strdup(city);
    o.lat = lat;
    o.lon = lon;
    o.has_coords = true;
    o.registry_scheme = strdup("STIR");
    o.registry_id = strdup("301234567");
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_MEDIUM;
    o.sme = true;
    o.n_isic = 1;
    o.isic = strs(1, "2432");
    o.n_hs = 1;
    o.hs = strs(1, "7616");
    o.n_capabilities = 1;
    o.capabilities = calloc(1, sizeof *o.capabilities);
    o.capabilities[0] = (capability){CAP_PROCESS, strdup("high-pressure aluminium die casting"), 1200,
                                     strdup("t/year")};
    o.n_certifications = 1;
    o.certifications = calloc(1, sizeof *o.certifications);
    o.certifications[0] = (certification){strdup("ISO 9001:2015"), strdup("die casting"), "2024-01-15", "2027-01-14"};
    o.n_languages = 2;
    o.languages = strs(2, lang, "ru");
    o.website = strdup("https://example.org/casting");
    int64_t id = 0;
    if (store_org_create(st, &o, 0, &err))
        fprintf(stderr, "seeding organisation: %s: %s\n", err.field, err.msg);
    else
        id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t seed_listing(hk_store *st, int64_t org, listing_direction dir, const char *lang, const char *title,
                            const char *deadline)
{
    listing l;
    memset(&l, 0, sizeof l);
    hk_err err;
    l.org_id = org;
    l.direction = dir;
    l.kind = KIND_SUPPLY;
    l.n_texts = 2;
    l.texts = calloc(2, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup(lang), ORIGIN_ORIGINAL, strdup(title), strdup("Отливки под давлением, АК12")};
    l.texts[1] = (listing_text){strdup("en"), ORIGIN_MACHINE, strdup("Aluminium die castings"), NULL};
    l.n_hs = 1;
    l.hs = strs(1, "7616");
    l.n_isic = 1;
    l.isic = strs(1, "2432");
    l.n_quantities = 1;
    l.quantities = calloc(1, sizeof *l.quantities);
    l.quantities[0] = (quantity){QTY_CAPACITY, 1200, strdup("t"), strdup("year")};
    l.n_targets = 1;
    l.targets = calloc(1, sizeof *l.targets);
    memcpy(l.targets[0], dir == DIR_OFFER ? "KZ" : "UZ", 3);
    if (deadline)
        snprintf(l.deadline, sizeof l.deadline, "%s", deadline);
    memcpy(l.expires, "2099-12-31", 11);
    int64_t id = 0;
    if (store_listing_create(st, &l, 0, &err) || store_listing_set_status(st, l.id, STATUS_PUBLISHED, NULL, 0, &err))
        fprintf(stderr, "seeding listing: %s: %s\n", err.field, err.msg);
    else
        id = l.id;
    listing_free(&l);
    return id;
}

static int server_teardown(void **state)
{
    server *s = *state;
    if (!s)
        return 0;
    if (s->srv)
        http_server_stop(s->srv);
    const char *suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; s->db[0] && i < 3; i++) {
        char p[80];
        snprintf(p, sizeof p, "%s%s", s->db, suffix[i]);
        unlink(p);
    }
    if (s->port)
        curl_global_cleanup();
    doc_free(&s->d);
    free(s);
    *state = NULL;
    return 0;
}

static int server_setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    char err[600];
    if (!s || doc_load(&s->d, err, sizeof err)) {
        fprintf(stderr, "%s\n", s ? err : "out of memory");
        return server_teardown(state), -1;
    }
    snprintf(s->db, sizeof s->db, "/tmp/hamkor-openapi-XXXXXX");
    int fd = mkstemp(s->db);
    if (fd < 0) {
        s->db[0] = '\0';
        return server_teardown(state), -1;
    }
    close(fd);
    unlink(s->db);
    hk_store *st;
    hk_err e;
    if (store_open(s->db, &st, &e)) {
        fprintf(stderr, "store: %s: %s\n", e.field, e.msg);
        return server_teardown(state), -1;
    }
    if (store_seed_countries(st, "data/countries.tsv", &e)) {
        fprintf(stderr, "countries: %s: %s\n", e.field, e.msg);
        store_close(st);
        return server_teardown(state), -1;
    }
    s->org_id = seed_org(st, "Тошкент қуйма заводи", "uz-Cyrl", "UZ", "Toshkent", 41.3, 69.24);
    s->org2_id = seed_org(st, "Алматы машина жасау", "kk", "KZ", "Almaty", 43.24, 76.95);
    s->listing_id = seed_listing(st, s->org_id, DIR_OFFER, "ru", "Литьё алюминия под давлением", NULL);
    s->listing2_id = seed_listing(st, s->org2_id, DIR_REQUEST, "ru", "Ищем поставщика алюминиевых отливок",
                                  "2099-06-30");
    store_close(st);
    if (!s->org_id || !s->org2_id || !s->listing_id || !s->listing2_id)
        return server_teardown(state), -1;
    http_config cfg = {.listen_addr = "127.0.0.1", .port = 0, .db_path = s->db, .web_root = "tests/data/web"};
    if (http_server_start(&cfg, &s->srv, &e)) {
        fprintf(stderr, "start: %s: %s\n", e.field, e.msg);
        s->srv = NULL;
        return server_teardown(state), -1;
    }
    s->port = http_server_port(s->srv);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

/* ---- building requests from the document ---- */

typedef struct reqtarget {
    char s[URL_MAX];           /* path and query */
    size_t len;
    bool has_query;
} reqtarget;

static void t_append(reqtarget *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > sizeof t->s)
        fail_msg("request target over %d bytes", URL_MAX);
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

static void t_query(reqtarget *t, const char *name, const char *value)
{
    char *k = curl_easy_escape(NULL, name, 0), *v = curl_easy_escape(NULL, value, 0);
    t_append(t, t->has_query ? "&" : "?");
    t_append(t, k);
    t_append(t, "=");
    t_append(t, v);
    t->has_query = true;
    curl_free(k);
    curl_free(v);
}

/* Adds parameter p with its example (each item of an array example as a
 * repeated parameter: style form, explode true). */
static void t_example(reqtarget *t, const ynode *p)
{
    const ynode *ex = yget(p, "example");
    if (!ex)
        return;
    if (ex->kind == YN_SEQ)
        for (size_t i = 0; i < ex->n; i++)
            t_query(t, ystr(p, "name"), yscalar_text(ex->kids[i]));
    else if (ex->kind == YN_SCALAR)
        t_query(t, ystr(p, "name"), ex->text);
}

static int64_t seeded_id(const server *s, const ynode *p)
{
    const char *seed = ystr(p, "x-hamkor-seed");
    if (seed && !strcmp(seed, "listing"))
        return s->listing_id;
    if (seed && !strcmp(seed, "organisation"))
        return s->org_id;
    fail_msg("%s:%zu: path parameter %s has no x-hamkor-seed the test knows", DOC_PATH, p->line, ystr(p, "name"));
    return 0;
}

/* The path of o with its parameters replaced by the seeded ids, or by
 * id_text when given (a probe for 404). */
static void t_path(reqtarget *t, const server *s, const op *o, const char *id_text)
{
    const ynode *ps[OP_MAX_PARAMS];
    size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
    memset(t, 0, sizeof *t);
    for (const char *p = o->path; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            t_append(t, p);
            break;
        }
        char lit[256], name[64];
        snprintf(lit, sizeof lit, "%.*s", (int)(open - p), p);
        t_append(t, lit);
        const char *close = strchr(open, '}');
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        char val[32] = "";
        for (size_t k = 0; k < n; k++)
            if (!strcmp(ystr(ps[k], "in"), "path") && !strcmp(ystr(ps[k], "name"), name))
                snprintf(val, sizeof val, "%lld", (long long)seeded_id(s, ps[k]));
        t_append(t, id_text ? id_text : val);
        p = close + 1;
    }
}

/* The request of o with its required query parameters (from their
 * examples), or with every parameter that has an example. */
static void t_build(reqtarget *t, const server *s, const op *o, bool all_examples)
{
    t_path(t, s, o, NULL);
    const ynode *ps[OP_MAX_PARAMS];
    size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(ystr(ps[k], "in"), "query") && (all_examples || ytrue(ps[k], "required")))
            t_example(t, ps[k]);
}

static bool is_json_type(const char *mt)
{
    size_t n = strlen(mt);
    return !strcmp(mt, "application/json") || (n > 5 && !strcmp(mt + n - 5, "+json"));
}

/* The documented response of o for status, or NULL. */
static const ynode *op_response(const doc *d, const op *o, long status)
{
    const ynode *resps = yget(o->node, "responses");
    char code[24], range[24];
    snprintf(code, sizeof code, "%ld", status);
    snprintf(range, sizeof range, "%ldXX", status / 100);
    const ynode *r = yget(resps, code);
    if (!r)
        r = yget(resps, range);
    if (!r)
        r = yget(resps, "default");
    return r ? yderef(d->root, r) : NULL;
}

/* Checks that r is what the document promises for o: a documented
 * status, the documented media type, a body that validates. */
static void check_reply(const doc *d, const op *o, const char *target, const reply *r, report *rep)
{
    char m[16];
    upper(o->method, m, sizeof m);
    const ynode *resp = op_response(d, o, r->status);
    if (!resp) {
        rep_add(rep, "%s %.200s: status %ld is not documented for %s (body: %.200s)", m, target, r->status, o->path,
                r->body ? r->body : "");
        return;
    }
    const ynode *content = yget(resp, "content");
    if (!content || content->n == 0) {
        if (r->len)
            rep_add(rep, "%s %.200s: status %ld has a %s body the document does not describe", m, target, r->status,
                    r->content_type);
        return;
    }
    char mt[128];
    snprintf(mt, sizeof mt, "%s", r->content_type);
    char *semi = strchr(mt, ';');
    if (semi)
        *semi = '\0';
    const ynode *media = yget(content, mt);
    if (!media) {
        rep_add(rep, "%s %.200s: Content-Type '%s' is not documented for status %ld", m, target, r->content_type,
                r->status);
        return;
    }
    const ynode *schema = yget(media, "schema");
    vctx v = {d->root, ""};
    if (is_json_type(mt)) {
        json_error_t je;
        json_t *j = json_loads(r->body ? r->body : "", 0, &je);
        if (!j)
            rep_add(rep, "%s %.200s: body is not JSON: %s", m, target, je.text);
        else if (validate(&v, schema, j, "$"))
            rep_add(rep, "%s %.200s: %ld body does not match the schema: %s", m, target, r->status, v.err);
        json_decref(j);
        return;
    }
    const ynode *line_schema = yget(media, "x-hamkor-line-schema");
    if (!strcmp(mt, "application/x-ndjson") && line_schema) {
        size_t n = 0;
        for (char *p = r->body; p && *p; n++) {
            char *nl = strchr(p, '\n');
            if (!nl) {
                rep_add(rep, "%s %.200s: line %zu does not end in a newline", m, target, n + 1);
                break;
            }
            json_error_t je;
            json_t *j = json_loadb(p, (size_t)(nl - p), 0, &je);
            char at[32];
            snprintf(at, sizeof at, "line %zu", n + 1);
            if (!j)
                rep_add(rep, "%s %.200s: %s is not JSON: %s", m, target, at, je.text);
            else if (validate(&v, line_schema, j, at))
                rep_add(rep, "%s %.200s: %s does not match the schema: %s", m, target, at, v.err);
            json_decref(j);
            v.err[0] = '\0';
            p = nl + 1;
        }
    }
}

static void every_documented_get_answers_as_documented(void **state)
{
    server *s = *state;
    report rep = {0};
    size_t called = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (strcmp(o->method, "get") != 0)
            continue;
        reqtarget t;
        t_build(&t, s, o, false);
        reply r = call(s, "GET", t.s, NULL, NULL, NULL);
        if (r.status < 200 || r.status > 299)
            rep_add(&rep, "GET %.200s: status %ld, expected success with the seeded records", t.s, r.status);
        check_reply(&s->d, o, t.s, &r, &rep);
        free(r.body);
        called++;
    }
    assert_true(called > 0);
    rep_check(&rep, "live GET operations");
}

/* Each query parameter's example alone (so that, say, facets=1 shows the
 * facets of every seeded listing), then all of them together. */
static void documented_parameter_examples_are_accepted(void **state)
{
    server *s = *state;
    report rep = {0};
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (strcmp(o->method, "get") != 0)
            continue;
        const ynode *ps[OP_MAX_PARAMS];
        size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
        for (size_t k = 0; k <= n; k++) {
            reqtarget t;
            if (k == n) {
                t_build(&t, s, o, true);
            } else {
                if (strcmp(ystr(ps[k], "in"), "query") != 0 || !yget(ps[k], "example"))
                    continue;
                t_build(&t, s, o, false);
                if (!ytrue(ps[k], "required"))
                    t_example(&t, ps[k]);
            }
            reply r = call(s, "GET", t.s, NULL, NULL, NULL);
            if (r.status < 200 || r.status > 299)
                rep_add(&rep, "GET %.200s: status %ld, the documented examples must be accepted (body: %.200s)", t.s,
                        r.status, r.body ? r.body : "");
            check_reply(&s->d, o, t.s, &r, &rep);
            free(r.body);
        }
    }
    rep_check(&rep, "parameter examples");
}

/* Sends one probe that must be refused with want, as a problem naming
 * field (when field is not NULL). */
static void probe(server *s, const op *o, const char *tgt, long want, const char *field, const char *why, report *rep)
{
    reply r = call(s, "GET", tgt, NULL, NULL, NULL);
    if (r.status != want) {
        rep_add(rep, "GET %.200s (%s): status %ld, expected %ld", tgt, why, r.status, want);
    } else {
        check_reply(&s->d, o, tgt, &r, rep);
        json_t *j = json_loads(r.body ? r.body : "", 0, NULL);
        const char *got = json_string_value(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "field"));
        if (strcmp(r.content_type, "application/problem+json") != 0)
            rep_add(rep, "GET %.200s (%s): Content-Type %s, expected application/problem+json", tgt, why, r.content_type);
        else if (field && (!got || strcmp(got, field)))
            rep_add(rep, "GET %.200s (%s): errors[0].field is %s, expected %s", tgt, why, got ? got : "missing", field);
        json_decref(j);
    }
    free(r.body);
}

static void documented_limits_are_refused_with_documented_problems(void **state)
{
    server *s = *state;
    report rep = {0};
    size_t probes = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (strcmp(o->method, "get") != 0)
            continue;
        const ynode *ps[OP_MAX_PARAMS];
        size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
        reqtarget t;
        bool has_path_param = false;
        for (size_t k = 0; k < n; k++) {
            const char *name = ystr(ps[k], "name");
            if (!strcmp(ystr(ps[k], "in"), "path"))
                has_path_param = true;
            if (strcmp(ystr(ps[k], "in"), "query") != 0)
                continue;
            const ynode *schema = yderef(s->d.root, yget(ps[k], "schema"));
            const char *type = ystr(schema, "type");
            char val[64];
            if (type && !strcmp(type, "integer")) {
                const char *bounds[2] = {ystr(schema, "minimum"), ystr(schema, "maximum")};
                for (int b = 0; b < 2; b++) {
                    if (!bounds[b])
                        continue;
                    snprintf(val, sizeof val, "%lld", strtoll(bounds[b], NULL, 10) + (b ? 1 : -1));
                    t_build(&t, s, o, false);
                    t_query(&t, name, val);
                    probe(s, o, t.s, 400, name, b ? "above maximum" : "below minimum", &rep);
                    probes++;
                }
                t_build(&t, s, o, false);
                t_query(&t, name, "seven");
                probe(s, o, t.s, 400, name, "not a number", &rep);
                probes++;
            }
            const char *fmt = ystr(schema, "format");
            if (type && !strcmp(type, "string") && fmt && !strcmp(fmt, "date")) {
                t_build(&t, s, o, false);
                t_query(&t, name, "2026-02-30");
                probe(s, o, t.s, 400, name, "not a real date", &rep);
                probes++;
            }
            const char *max_bytes = ystr(ps[k], "x-max-bytes");
            if (max_bytes) {
                size_t len = strtoul(max_bytes, NULL, 10) + 1;
                char *big = malloc(len + 1);
                memset(big, '7', len);
                big[len] = '\0';
                t_build(&t, s, o, false);
                t_query(&t, name, big);
                probe(s, o, t.s, 413, name, "one byte over x-max-bytes", &rep);
                free(big);
                probes++;
                if (!strcmp(type ? type : "", "string")) {
                    t_build(&t, s, o, false);
                    t_append(&t, t.has_query ? "&" : "?");
                    t_append(&t, name);
                    t_append(&t, "=%C3%28"); /* an invalid UTF-8 sequence */
                    probe(s, o, t.s, 400, name, "invalid UTF-8", &rep);
                    probes++;
                }
            }
            const char *max_items = ystr(schema, "maxItems");
            const ynode *ex = yget(ps[k], "example");
            if (type && !strcmp(type, "array") && max_items && ex && ex->kind == YN_SEQ && ex->n) {
                t_build(&t, s, o, false);
                for (long c = strtol(max_items, NULL, 10) + 1; c > 0; c--)
                    t_query(&t, name, yscalar_text(ex->kids[0]));
                probe(s, o, t.s, 400, name, "one value over maxItems", &rep);
                probes++;
            }
        }
        if (ytrue(o->node, "x-hamkor-strict-query")) {
            t_build(&t, s, o, false);
            t_query(&t, "zz_undocumented", "1");
            probe(s, o, t.s, 400, "zz_undocumented", "an undocumented parameter", &rep);
            probes++;
        }
        if (has_path_param) {
            t_path(&t, s, o, "999999999");
            probe(s, o, t.s, 404, NULL, "an id nobody has", &rep);
            probes++;
        }
    }
    assert_true(probes > 0);
    rep_check(&rep, "documented limits");
}

static void etags_are_sent_exactly_where_documented_and_revalidate(void **state)
{
    server *s = *state;
    report rep = {0};
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (strcmp(o->method, "get") != 0)
            continue;
        reqtarget t;
        t_build(&t, s, o, false);
        reply r = call(s, "GET", t.s, NULL, NULL, NULL);
        const ynode *resp = op_response(&s->d, o, r.status);
        const ynode *etag_doc = yget(yget(resp, "headers"), "ETag");
        if (etag_doc && !r.etag[0])
            rep_add(&rep, "GET %.200s: the document promises an ETag, none was sent", t.s);
        if (!etag_doc && r.etag[0])
            rep_add(&rep, "GET %.200s: an ETag was sent, the document does not say so (add headers: ETag and 304)", t.s);
        if (etag_doc && r.etag[0]) {
            const ynode *hs = yderef(s->d.root, etag_doc);
            json_t *j = json_string(r.etag);
            vctx v = {s->d.root, ""};
            if (validate(&v, yget(hs, "schema"), j, "ETag"))
                rep_add(&rep, "GET %.200s: %s", t.s, v.err);
            json_decref(j);
            reply again = call(s, "GET", t.s, NULL, NULL, r.etag);
            if (again.status != 304)
                rep_add(&rep, "GET %.200s with If-None-Match %s: status %ld, expected 304", t.s, r.etag, again.status);
            check_reply(&s->d, o, t.s, &again, &rep);
            free(again.body);
        }
        free(r.body);
    }
    rep_check(&rep, "ETags");
}

static void unrouted_requests_answer_with_problem_documents(void **state)
{
    server *s = *state;
    report rep = {0};
    const ynode *problem = yref(s->d.root, "#/components/schemas/Problem");
    assert_non_null(problem);
    struct {
        const char *method, *target;
        long status;
    } cases[] = {{"GET", "/api/v1/no-such-thing", 404}, {"GET", "/api/v1/listings/abc", 404},
                 {"DELETE", "/api/v1/countries", 405}, {"POST", "/api/v1/search", 405}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reply r = call(s, cases[i].method, cases[i].target, NULL, NULL, NULL);
        if (r.status != cases[i].status || strcmp(r.content_type, "application/problem+json") != 0) {
            rep_add(&rep, "%s %s: %ld %s, expected %ld application/problem+json", cases[i].method, cases[i].target,
                    r.status, r.content_type, cases[i].status);
        } else {
            json_t *j = json_loads(r.body, 0, NULL);
            vctx v = {s->d.root, ""};
            if (!j || validate(&v, problem, j, "$"))
                rep_add(&rep, "%s %s: not a Problem: %s", cases[i].method, cases[i].target, v.err);
            json_decref(j);
        }
        free(r.body);
    }
    rep_check(&rep, "unrouted requests");
}

/* The examples of a media type: its example, or each of its examples
 * (dereferenced) with a value. */
static size_t body_examples(const doc *d, const ynode *media, const ynode **out, size_t max)
{
    size_t n = 0;
    const ynode *ex = yget(media, "example");
    if (ex && n < max)
        out[n++] = ex;
    const ynode *exs = yget(media, "examples");
    for (size_t i = 0; exs && exs->kind == YN_MAP && i + 1 < exs->n && n < max; i += 2) {
        const ynode *e = yderef(d->root, exs->kids[i + 1]);
        if (e && yget(e, "value"))
            out[n++] = yget(e, "value");
    }
    return n;
}

/* Write routes (issue 5) will need a signed-in caller: when they come,
 * sign in here before sending (the examples are meant to be accepted from
 * an organisation's member), and give each example fresh unique values if
 * a second send would conflict. */
static void every_request_body_example_is_accepted(void **state)
{
    server *s = *state;
    report rep = {0};
    size_t sent = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        const ynode *content = yget(yderef(s->d.root, yget(o->node, "requestBody")), "content");
        for (size_t k = 0; content && k + 1 < content->n; k += 2) {
            const char *mt = content->kids[k]->text;
            const ynode *exs[16];
            size_t n = body_examples(&s->d, content->kids[k + 1], exs, 16);
            for (size_t e = 0; e < n; e++) {
                char *body;
                if (is_json_type(mt)) {
                    json_t *j = ynode_to_json(exs[e]);
                    vctx v = {s->d.root, ""};
                    if (validate(&v, yget(content->kids[k + 1], "schema"), j, "example"))
                        rep_add(&rep, "%s:%zu: the example does not match its own schema: %s", DOC_PATH,
                                exs[e]->line, v.err);
                    body = json_dumps(j, JSON_COMPACT);
                    json_decref(j);
                } else {
                    body = strdup(exs[e]->kind == YN_SCALAR ? exs[e]->text : "");
                }
                reqtarget t;
                t_build(&t, s, o, false);
                char m[16];
                upper(o->method, m, sizeof m);
                reply r = call(s, m, t.s, body, mt, NULL);
                if (r.status < 200 || r.status > 299)
                    rep_add(&rep, "%s %.200s with the example of line %zu: status %ld: %.300s", m, t.s, exs[e]->line,
                            r.status, r.body ? r.body : "");
                check_reply(&s->d, o, t.s, &r, &rep);
                free(r.body);
                free(body);
                sent++;
            }
        }
    }
    rep_check(&rep, "request body examples");
    if (sent == 0)
        skip(); /* no write route is documented yet (issue 5); this runs as soon as one is */
}

int main(void)
{
    const struct CMUnitTest document[] = {
        cmocka_unit_test(yaml_loader_reports_the_line_of_a_parse_error),
        cmocka_unit_test(schema_validator_refuses_what_the_schema_forbids),
        cmocka_unit_test(document_is_openapi_3_1_with_title_and_version),
        cmocka_unit_test(every_operation_has_responses_and_a_unique_operation_id),
        cmocka_unit_test(every_ref_resolves_inside_the_document),
        cmocka_unit_test(every_path_template_parameter_is_declared_in_path_and_required),
        cmocka_unit_test(every_parameter_and_body_has_a_schema_or_an_example),
        cmocka_unit_test(every_error_response_is_a_problem_document),
        cmocka_unit_test(every_schema_uses_only_keywords_the_test_checks),
        cmocka_unit_test(every_route_of_the_router_is_documented),
        cmocka_unit_test(every_documented_operation_is_served_by_the_router),
    };
    const struct CMUnitTest live[] = {
        cmocka_unit_test(every_documented_get_answers_as_documented),
        cmocka_unit_test(documented_parameter_examples_are_accepted),
        cmocka_unit_test(documented_limits_are_refused_with_documented_problems),
        cmocka_unit_test(etags_are_sent_exactly_where_documented_and_revalidate),
        cmocka_unit_test(unrouted_requests_answer_with_problem_documents),
        cmocka_unit_test(every_request_body_example_is_accepted),
    };
    int failed = cmocka_run_group_tests_name("openapi document", document, doc_setup, doc_teardown);
    failed += cmocka_run_group_tests_name("openapi live server", live, server_setup, server_teardown);
    return failed ? 1 : 0;
}
