/*
 * openapi_doc.c - reads docs/openapi.yaml for tests/test_openapi.c (see
 * openapi_doc.h): libyaml's events become a tree of our own, with line
 * numbers for messages; the tree is walked by key, by local $ref, and
 * turned into JSON for examples; the operations of the document are
 * listed with their parameters and responses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "openapi_doc.h"

#define YAML_MAX_DEPTH 64      /* nesting of the document */

/* ------------------------------------------------------------------ */
/* Reports                                                             */
/* ------------------------------------------------------------------ */

void rep_add(report *r, const char *fmt, ...)
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
void rep_check(const report *r, const char *what)
{
    if (!r->count)
        return;
    fprintf(stderr, "%d problem(s) with %s:\n%s", r->count, what, r->text);
    fail_msg("%d problem(s) with %s (listed above)", r->count, what);
}

/* ------------------------------------------------------------------ */
/* The YAML tree                                                       */
/* ------------------------------------------------------------------ */

void ynode_free(ynode *n)
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
int oa_yaml_load(const char *text, size_t len, const char *name, ynode **out, char *err, size_t err_len)
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

int oa_yaml_load_file(const char *path, ynode **out, char *err, size_t err_len)
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
    int rc = oa_yaml_load(buf ? buf : "", len, path, out, err, err_len);
    free(buf);
    return rc;
}

/* ---- reading the tree ---- */

const ynode *yget(const ynode *m, const char *key)
{
    if (!m || m->kind != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (!strcmp(m->kids[i]->text, key))
            return m->kids[i + 1];
    return NULL;
}

const char *ystr(const ynode *m, const char *key)
{
    const ynode *v = yget(m, key);
    return v && v->kind == YN_SCALAR ? v->text : NULL;
}

bool ytrue(const ynode *m, const char *key)
{
    const ynode *v = yget(m, key);
    return v && v->kind == YN_SCALAR && v->plain && !strcmp(v->text, "true");
}

/* The node a local reference ("#/components/schemas/Listing") names, or
 * NULL. Segments are JSON Pointer escaped (~0 ~1) and may be %-encoded. */
const ynode *yref(const ynode *root, const char *ref)
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
const ynode *yderef(const ynode *root, const ynode *n)
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
json_t *ynode_to_json(const ynode *n)
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
const char *yscalar_text(const ynode *n) { return n && n->kind == YN_SCALAR ? n->text : NULL; }

/* ------------------------------------------------------------------ */
/* The document: its operations and their parameters                   */
/* ------------------------------------------------------------------ */

static const char *const http_methods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};

int doc_load(doc *d, char *err, size_t err_len)
{
    memset(d, 0, sizeof *d);
    if (oa_yaml_load_file(DOC_PATH, &d->root, err, err_len))
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

void doc_free(doc *d)
{
    ynode_free(d->root);
    d->root = NULL;
}

/* The parameters of an operation (path-level ones first, overridden by
 * the operation's own of the same name and place), dereferenced. A
 * parameter whose $ref does not resolve is left out (the $ref test
 * reports it). Returns how many were written to out. */
size_t op_params(const doc *d, const op *o, const ynode **out, size_t max)
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

void upper(const char *s, char *out, size_t len)
{
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[i] = '\0';
}


bool op_unsafe(const op *o)
{
    return strcmp(o->method, "get") != 0 && strcmp(o->method, "head") != 0 && strcmp(o->method, "options") != 0 &&
           strcmp(o->method, "trace") != 0;
}

const ynode *op_response(const doc *d, const op *o, long status)
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

size_t body_examples(const doc *d, const ynode *media, const ynode **out, size_t max)
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
