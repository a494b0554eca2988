/*
 * test_openapi.c - holds docs/openapi.yaml (the API contract) to the code.
 *
 * The document (read by openapi_doc.c) is checked in three ways:
 *
 *   1. as a document: OpenAPI 3.1, every operation answers something and
 *      has a unique operationId, every $ref resolves, every {param} of a
 *      path template is declared, error answers are problem documents,
 *      schemas only use keywords the validator (openapi_schema.c) really
 *      checks, every operation declares its security and the actor the
 *      live test calls it as, consistently;
 *   2. against the route table of src/http/http_router.c, both ways;
 *   3. against a live server on a seeded temporary database
 *      (openapi_live.c), each operation called as the actor its
 *      x-hamkor-auth names (signed in with a session and its CSRF token):
 *      every documented GET is called, its status must be documented, its
 *      Content-Type must be the documented media type and its body must
 *      validate against the documented schema (a never-ending stream: its
 *      status and type only); documented limits (minimum/maximum,
 *      maxItems, format: date, x-max-bytes, an undocumented parameter) are
 *      probed and must be refused with the documented problem; ETags are
 *      sent exactly where documented and revalidate to 304; security is
 *      probed (a visitor gets 401 where a user is needed, a session
 *      without its CSRF header 403 csrf_failed, a body that is not JSON
 *      415, too many sign-in attempts 429 with Retry-After); every
 *      requestBody example is sent, on fresh records, and
 *      must be accepted, and so must every write that takes no body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "openapi_doc.h"
#include "openapi_live.h"
#include "openapi_schema.h"

#define MAX_ROUTES 256 /* the router's routes, as listed by the test */

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
    assert_int_equal(oa_yaml_load(bad, strlen(bad), "bad.yaml", &n, err, sizeof err), -1);
    assert_null(n);
    /* libyaml notices the unclosed flow sequence where the next key starts. */
    if (!strstr(err, "bad.yaml:4:"))
        fail_msg("expected the error on line 4, got: %s", err);
    const char *dup = "a: 1\nb: 2\na: 3\n";
    assert_int_equal(oa_yaml_load(dup, strlen(dup), "dup.yaml", &n, err, sizeof err), -1);
    if (!strstr(err, "dup.yaml:3:") || !strstr(err, "duplicate key 'a'"))
        fail_msg("expected a duplicate key on line 3, got: %s", err);
    const char *alias = "a: &x 1\nb: *x\n";
    assert_int_equal(oa_yaml_load(alias, strlen(alias), "alias.yaml", &n, err, sizeof err), -1);
    if (!strstr(err, "alias.yaml:2:"))
        fail_msg("expected an alias error on line 2, got: %s", err);
    const char *good = "a: {b: [1, 'two', true, ~]}\n";
    assert_int_equal(oa_yaml_load(good, strlen(good), "good.yaml", &n, err, sizeof err), 0);
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
    assert_int_equal(oa_yaml_load(text, strlen(text), "schema.yaml", &n, err, sizeof err), 0);
    const ynode *s = yget(n, "s");
    const char *good = "{\"id\":1,\"kind\":\"offer\",\"day\":\"2026-02-28\",\"code\":\"7616\",\"next\":null,\"r\":{\"a\":1}}";
    const char *bad[] = {"{}", "{\"id\":0}", "{\"id\":1.5}", "{\"id\":1,\"kind\":\"swap\"}",
                         "{\"id\":1,\"day\":\"2026-02-30\"}", "{\"id\":1,\"code\":\"76\"}",
                         "{\"id\":1,\"next\":3}", "{\"id\":1,\"extra\":true}", "{\"id\":1,\"r\":{\"a\":1,\"b\":2}}",
                         "{\"id\":1,\"r\":{}}"};
    json_t *j = json_loads(good, 0, NULL);
    vctx v = {n, ""};
    if (schema_validate(&v, s, j, "$"))
        fail_msg("valid document refused: %s", v.err);
    json_decref(j);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = json_loads(bad[i], 0, NULL);
        vctx w = {n, ""};
        if (!schema_validate(&w, s, j, "$"))
            fail_msg("invalid document accepted: %s", bad[i]);
        json_decref(j);
    }
    j = json_loads("{\"a\":1,\"b\":2}", 0, NULL);
    vctx w = {n, ""};
    if (schema_validate(&w, yget(n, "more"), j, "$"))
        fail_msg("allOf members refused: %s", w.err);
    json_decref(j);
    j = json_loads("{\"a\":1,\"c\":2}", 0, NULL);
    assert_int_equal(schema_validate(&w, yget(n, "more"), j, "$"), -1);
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

/* A path parameter names the record it stands for in the live test: one
 * x-hamkor-seed, or a list of them, one per occurrence of the name in
 * the path (the router writes /organisations/{id}/members/{id}). */
static void check_seed(const op *o, const ynode *p, report *r)
{
    const char *name = ystr(p, "name");
    char braced[80];
    snprintf(braced, sizeof braced, "{%s}", name);
    size_t uses = 0;
    for (const char *q = strstr(o->path, braced); q; q = strstr(q + 1, braced))
        uses++;
    const ynode *seed = yget(p, "x-hamkor-seed");
    size_t n = seed && seed->kind == YN_SEQ ? seed->n : seed ? 1 : 0;
    bool known = n > 0;
    for (size_t i = 0; i < n && known; i++)
        known = seed_known(yscalar_text(seed->kind == YN_SEQ ? seed->kids[i] : seed));
    if (!known)
        rep_add(r, "%s:%zu: %s %s: path parameter %s needs x-hamkor-seed naming a record the test makes (listing, "
                   "draft, organisation, interest, notification, saved_search, token, member, country; or teach "
                   "seed_value() in tests/openapi_live.c a new one)", DOC_PATH, p->line, o->method, o->path, name);
    else if (n != 1 && n != uses)
        rep_add(r, "%s:%zu: %s %s: {%s} is used %zu times, x-hamkor-seed lists %zu records", DOC_PATH, p->line,
                o->method, o->path, name, uses, n);
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
            if (!strcmp(in, "path"))
                check_seed(o, ps[k], &r);
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

/* Whether the security requirement list of o allows a visitor ({}), and
 * which schemes it names. */
typedef struct op_security {
    bool anonymous, session, bearer;
    bool session_without_csrf;  /* a requirement names the cookie but not the CSRF header */
} op_security;

static op_security security_of(const doc *d, const op *o, report *r)
{
    op_security sec = {0};
    const ynode *list = yget(o->node, "security");
    const ynode *schemes = yget(yget(d->root, "components"), "securitySchemes");
    for (size_t i = 0; list && list->kind == YN_SEQ && i < list->n; i++) {
        const ynode *req = list->kids[i];
        if (req->kind != YN_MAP) {
            rep_add(r, "%s:%zu: a security requirement must be a mapping", DOC_PATH, req->line);
            continue;
        }
        if (req->n == 0)
            sec.anonymous = true;
        for (size_t k = 0; k + 1 < req->n; k += 2) {
            const char *name = req->kids[k]->text;
            if (!yget(schemes, name))
                rep_add(r, "%s:%zu: security scheme %s is not in components/securitySchemes", DOC_PATH,
                        req->kids[k]->line, name);
            const char *in = ystr(yget(schemes, name), "in"), *type = ystr(yget(schemes, name), "type");
            if (in && !strcmp(in, "cookie")) {
                sec.session = true;
                bool csrf = false; /* the CSRF token is the apiKey sent in a header */
                for (size_t j = 0; j + 1 < req->n; j += 2) {
                    const char *where = ystr(yget(schemes, req->kids[j]->text), "in");
                    csrf |= where && !strcmp(where, "header");
                }
                if (!csrf)
                    sec.session_without_csrf = true;
            }
            if (type && !strcmp(type, "http"))
                sec.bearer = true;
        }
    }
    return sec;
}

/* Each operation says who may call it (security) and who the live test
 * calls it as (x-hamkor-auth), and the two agree (an operation a visitor
 * may not call names a signed-in actor; a public one may name one too,
 * to be read as a member sees it); what the security
 * implies is documented: 401 where a user is needed, 403 (csrf_failed)
 * and 415 for every unsafe method, which a session must send with its
 * CSRF header. */
static void every_operation_declares_its_security_and_who_calls_it(void **state)
{
    doc *d = *state;
    report r = {0};
    for (size_t i = 0; i < d->n_ops; i++) {
        const op *o = &d->ops[i];
        char m[16];
        upper(o->method, m, sizeof m);
        if (!yget(o->node, "security")) {
            rep_add(&r, "%s:%zu: %s %s has no security (anonymous is [{}])", DOC_PATH, o->node->line, m, o->path);
            continue;
        }
        op_security sec = security_of(d, o, &r);
        int who = op_actor(o);
        if (who < 0)
            rep_add(&r, "%s:%zu: %s %s: x-hamkor-auth %s is not an actor the test knows (user, admin, other, "
                        "secretariat, fresh)", DOC_PATH, o->node->line, m, o->path, ystr(o->node, "x-hamkor-auth"));
        else if (!sec.anonymous && who == ACT_VISITOR)
            rep_add(&r, "%s:%zu: %s %s: security refuses a visitor: x-hamkor-auth must name who calls it", DOC_PATH,
                    o->node->line, m, o->path);
        if (!sec.anonymous && !sec.session && !sec.bearer)
            rep_add(&r, "%s:%zu: %s %s: no one may call it", DOC_PATH, o->node->line, m, o->path);
        const ynode *resps = yget(o->node, "responses");
        if (!sec.anonymous && !yget(resps, "401"))
            rep_add(&r, "%s:%zu: %s %s needs a user, so it answers 401: document it", DOC_PATH, o->node->line, m,
                    o->path);
        if (op_unsafe(o)) {
            if (sec.session_without_csrf)
                rep_add(&r, "%s:%zu: %s %s: an unsafe method with the session cookie needs the CSRF header too "
                            "(sessionCookie and csrfToken in one requirement)", DOC_PATH, o->node->line, m, o->path);
            if (!yget(resps, "403"))
                rep_add(&r, "%s:%zu: %s %s: every unsafe request may answer 403 (csrf_failed): document it", DOC_PATH,
                        o->node->line, m, o->path);
            if (!yget(resps, "415"))
                rep_add(&r, "%s:%zu: %s %s: every unsafe request may answer 415 (a body not JSON): document it",
                        DOC_PATH, o->node->line, m, o->path);
        }
    }
    rep_check(&r, "security");
}

/* ---- the router, both ways ---- */

typedef struct routes {
    char line[MAX_ROUTES][160]; /* "GET /api/v1/listings/{id}" */
    size_t n;
} routes;

static void collect_route(const char *method, const char *pattern, void *ctx)
{
    routes *rs = ctx;
    if (rs->n == MAX_ROUTES)
        fail_msg("more than %d routes: raise MAX_ROUTES in test_openapi.c", MAX_ROUTES);
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
/* The live server (openapi_live.c)                                    */
/* ------------------------------------------------------------------ */

static bool is_get(const op *o) { return !strcmp(o->method, "get"); }
static bool is_stream(const op *o) { return ytrue(o->node, "x-hamkor-stream"); }

/* The session of o's actor (a fresh user for "fresh", into *fresh). */
static http_session *caller(server *s, const op *o, http_session *fresh)
{
    int a = op_actor(o);
    if (a < 0)
        fail_msg("%s %s: x-hamkor-auth %s is not an actor the test knows", o->method, o->path,
                 ystr(o->node, "x-hamkor-auth"));
    return live_session(s, (actor)a, fresh);
}

/* GET target as o's actor, with an optional If-None-Match. */
static http_reply get_as(server *s, const op *o, const char *target, const char *if_none_match)
{
    http_session fresh;
    call_opts c = {.if_none_match = if_none_match};
    return live_call(s, o, caller(s, o, &fresh), "GET", target, &c);
}

static void every_documented_get_answers_as_documented(void **state)
{
    server *s = *state;
    report rep = {0};
    size_t called = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (!is_get(o))
            continue;
        reqtarget t;
        t_build(&t, s, o, false, false);
        http_reply r = get_as(s, o, t.s, NULL);
        if (r.status < 200 || r.status > 299)
            rep_add(&rep, "GET %.200s as %s: status %ld, expected success with the seeded records (body: %.200s)",
                    t.s, actor_name((actor)op_actor(o)), r.status, r.body ? r.body : "");
        /* A stream's first bytes are not a body to validate: its status,
         * media type and headers are checked. */
        check_reply(&s->d, o, t.s, &r, &rep);
        http_reply_free(&r);
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
        if (!is_get(o) || is_stream(o))
            continue;
        const ynode *ps[OP_MAX_PARAMS];
        size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
        for (size_t k = 0; k <= n; k++) {
            reqtarget t;
            if (k == n) {
                t_build(&t, s, o, true, false);
            } else {
                if (strcmp(ystr(ps[k], "in"), "query") != 0 || !yget(ps[k], "example"))
                    continue;
                t_build(&t, s, o, false, false);
                if (!ytrue(ps[k], "required"))
                    t_example(&t, ps[k]);
            }
            http_reply r = get_as(s, o, t.s, NULL);
            if (r.status < 200 || r.status > 299)
                rep_add(&rep, "GET %.200s: status %ld, the documented examples must be accepted (body: %.200s)", t.s,
                        r.status, r.body ? r.body : "");
            check_reply(&s->d, o, t.s, &r, &rep);
            http_reply_free(&r);
        }
    }
    rep_check(&rep, "parameter examples");
}

/* Checks that r is a problem document (of type, when not NULL) naming
 * field (when not NULL) in errors[0]. */
static void check_problem(const http_reply *r, const char *what, const char *type, const char *field, report *rep)
{
    if (strcmp(r->content_type, "application/problem+json") != 0) {
        rep_add(rep, "%s: Content-Type %s, expected application/problem+json", what, r->content_type);
        return;
    }
    json_t *j = json_loads(r->body ? r->body : "", 0, NULL);
    const char *t = json_string_value(json_object_get(j, "type"));
    const char *got = json_string_value(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "field"));
    const char *slash = t ? strrchr(t, '/') : NULL;
    if (type && (!slash || strcmp(slash + 1, type)))
        rep_add(rep, "%s: problem type %s, expected .../%s", what, t ? t : "missing", type);
    if (field && (!got || strcmp(got, field)))
        rep_add(rep, "%s: errors[0].field is %s, expected %s", what, got ? got : "missing", field);
    json_decref(j);
}

/* Sends one probe that must be refused with want, as a problem naming
 * field (when field is not NULL). */
static void probe(server *s, const op *o, const char *tgt, long want, const char *field, const char *why, report *rep)
{
    http_reply r = get_as(s, o, tgt, NULL);
    char what[400];
    snprintf(what, sizeof what, "GET %.200s (%s)", tgt, why);
    if (r.status != want) {
        rep_add(rep, "%s: status %ld, expected %ld", what, r.status, want);
    } else {
        check_reply(&s->d, o, tgt, &r, rep);
        check_problem(&r, what, NULL, field, rep);
    }
    http_reply_free(&r);
}

static void documented_limits_are_refused_with_documented_problems(void **state)
{
    server *s = *state;
    report rep = {0};
    size_t probes = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (!is_get(o))
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
                    t_build(&t, s, o, false, false);
                    t_query(&t, name, val);
                    probe(s, o, t.s, 400, name, b ? "above maximum" : "below minimum", &rep);
                    probes++;
                }
                t_build(&t, s, o, false, false);
                t_query(&t, name, "seven");
                probe(s, o, t.s, 400, name, "not a number", &rep);
                probes++;
            }
            const char *fmt = ystr(schema, "format");
            if (type && !strcmp(type, "string") && fmt && !strcmp(fmt, "date")) {
                t_build(&t, s, o, false, false);
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
                t_build(&t, s, o, false, false);
                t_query(&t, name, big);
                probe(s, o, t.s, 413, name, "one byte over x-max-bytes", &rep);
                free(big);
                probes++;
                if (!strcmp(type ? type : "", "string")) {
                    t_build(&t, s, o, false, false);
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
                t_build(&t, s, o, false, false);
                for (long c = strtol(max_items, NULL, 10) + 1; c > 0; c--)
                    t_query(&t, name, yscalar_text(ex->kids[0]));
                probe(s, o, t.s, 400, name, "one value over maxItems", &rep);
                probes++;
            }
        }
        if (!is_stream(o)) { /* every route refuses what it does not document */
            t_build(&t, s, o, false, false);
            t_query(&t, "zz_undocumented", "1");
            probe(s, o, t.s, 400, "zz_undocumented", "an undocumented parameter", &rep);
            probes++;
        }
        if (has_path_param) {
            t_path(&t, s, o, "999999999", false);
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
        if (!is_get(o) || is_stream(o))
            continue;
        reqtarget t;
        t_build(&t, s, o, false, false);
        http_reply r = get_as(s, o, t.s, NULL);
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
            if (schema_validate(&v, yget(hs, "schema"), j, "ETag"))
                rep_add(&rep, "GET %.200s: %s", t.s, v.err);
            json_decref(j);
            http_reply again = get_as(s, o, t.s, r.etag);
            if (again.status != 304)
                rep_add(&rep, "GET %.200s with If-None-Match %s: status %ld, expected 304", t.s, r.etag, again.status);
            check_reply(&s->d, o, t.s, &again, &rep);
            http_reply_free(&again);
        }
        http_reply_free(&r);
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
        http_reply r = live_call(s, NULL, NULL, cases[i].method, cases[i].target, NULL);
        if (r.status != cases[i].status || strcmp(r.content_type, "application/problem+json") != 0) {
            rep_add(&rep, "%s %s: %ld %s, expected %ld application/problem+json", cases[i].method, cases[i].target,
                    r.status, r.content_type, cases[i].status);
        } else {
            json_t *j = json_loads(r.body, 0, NULL);
            vctx v = {s->d.root, ""};
            if (!j || schema_validate(&v, problem, j, "$"))
                rep_add(&rep, "%s %s: not a Problem: %s", cases[i].method, cases[i].target, v.err);
            json_decref(j);
        }
        http_reply_free(&r);
    }
    rep_check(&rep, "unrouted requests");
}

/* ---- security, as the document declares it ---- */

/* The first JSON example of o's request body (NULL when it has none), as
 * text (free), and its media type. */
static char *first_example(const doc *d, const op *o, const char **media_type)
{
    const ynode *content = yget(yderef(d->root, yget(o->node, "requestBody")), "content");
    for (size_t k = 0; content && k + 1 < content->n; k += 2) {
        const ynode *exs[1];
        if (!is_json_type(content->kids[k]->text) || body_examples(d, content->kids[k + 1], exs, 1) == 0)
            continue;
        json_t *j = ynode_to_json(exs[0]);
        char *body = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        *media_type = content->kids[k]->text;
        return body;
    }
    return NULL;
}

static void operations_that_need_a_user_answer_401_to_a_visitor(void **state)
{
    server *s = *state;
    report rep = {0};
    report ignored = {0};
    size_t sent = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (security_of(&s->d, o, &ignored).anonymous)
            continue;
        char m[16], what[300];
        upper(o->method, m, sizeof m);
        reqtarget t;
        /* Fresh records for writes, in case one is wrongly accepted. */
        t_build(&t, s, o, false, op_unsafe(o));
        const char *mt = NULL;
        char *body = first_example(&s->d, o, &mt);
        call_opts c = {.body = body, .body_type = mt};
        http_reply r = live_call(s, o, NULL, m, t.s, &c);
        snprintf(what, sizeof what, "%s %.200s as a visitor", m, t.s);
        if (r.status != 401)
            rep_add(&rep, "%s: status %ld, expected 401 (x-hamkor-auth says a user is needed)", what, r.status);
        check_reply(&s->d, o, t.s, &r, &rep);
        if (r.status == 401)
            check_problem(&r, what, "unauthorized", NULL, &rep);
        http_reply_free(&r);
        free(body);
        sent++;
    }
    assert_true(sent > 0);
    rep_check(&rep, "visitors");
}

static void unsafe_session_requests_without_the_csrf_header_answer_403(void **state)
{
    server *s = *state;
    report rep = {0}, ignored = {0};
    size_t sent = 0;
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (!op_unsafe(o) || !security_of(&s->d, o, &ignored).session || op_actor(o) <= ACT_VISITOR)
            continue;
        char m[16], what[300];
        upper(o->method, m, sizeof m);
        reqtarget t;
        t_build(&t, s, o, false, true);
        const char *mt = NULL;
        char *body = first_example(&s->d, o, &mt);
        http_session fresh;
        call_opts c = {.body = body, .body_type = mt, .no_csrf = true, .if_match = "*"};
        http_reply r = live_call(s, o, caller(s, o, &fresh), m, t.s, &c);
        snprintf(what, sizeof what, "%s %.200s as %s without X-CSRF-Token", m, t.s, actor_name((actor)op_actor(o)));
        if (r.status != 403)
            rep_add(&rep, "%s: status %ld, expected 403", what, r.status);
        check_reply(&s->d, o, t.s, &r, &rep);
        if (r.status == 403)
            check_problem(&r, what, "csrf_failed", "X-CSRF-Token", &rep);
        http_reply_free(&r);
        free(body);
        sent++;
    }
    assert_true(sent > 0);
    rep_check(&rep, "CSRF");
}

static void unsafe_requests_with_a_body_that_is_not_json_answer_415(void **state)
{
    server *s = *state;
    report rep = {0};
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (!op_unsafe(o))
            continue;
        char m[16], what[300];
        upper(o->method, m, sizeof m);
        reqtarget t;
        t_build(&t, s, o, false, true);
        http_session fresh;
        call_opts c = {.body = "{}", .body_type = "text/plain", .if_match = "*"};
        http_reply r = live_call(s, o, caller(s, o, &fresh), m, t.s, &c);
        snprintf(what, sizeof what, "%s %.200s with a text/plain body", m, t.s);
        if (r.status != 415)
            rep_add(&rep, "%s: status %ld, expected 415", what, r.status);
        check_reply(&s->d, o, t.s, &r, &rep);
        if (r.status == 415)
            check_problem(&r, what, "unsupported_media_type", "Content-Type", &rep);
        http_reply_free(&r);
    }
    rep_check(&rep, "media types");
}

/* Sign-in is limited per email (5 attempts at once, docs/security.md):
 * the sixth wrong password for one email must be the documented 429 with
 * Retry-After. An email of nobody's, so no seeded user is locked out. */
static void sign_in_over_the_limit_answers_429_with_retry_after(void **state)
{
    server *s = *state;
    report rep = {0};
    const op *o = NULL;
    for (size_t i = 0; i < s->d.n_ops && !o; i++)
        if (!strcmp(ystr(s->d.ops[i].node, "operationId"), "signIn"))
            o = &s->d.ops[i];
    assert_non_null(o);
    const char *body = "{\"email\":\"nobody@quyma.example.uz\",\"password\":\"not the password\"}";
    call_opts c = {.body = body};
    http_reply r = {0};
    for (int attempt = 0; attempt < 10 && r.status != 429; attempt++) {
        http_reply_free(&r);
        r = live_call(s, o, NULL, "POST", o->path, &c);
        check_reply(&s->d, o, o->path, &r, &rep);
    }
    if (r.status != 429)
        rep_add(&rep, "POST %s: ten wrong passwords for one email, and still status %ld, not 429", o->path, r.status);
    else if (atoi(r.retry_after) < 1)
        rep_add(&rep, "POST %s: 429 with Retry-After '%s', expected whole seconds", o->path, r.retry_after);
    else
        check_problem(&r, "POST /api/v1/auth/login over the limit", "rate_limited", NULL, &rep);
    http_reply_free(&r);
    rep_check(&rep, "sign-in limits");
}

/* ---- writes ---- */

/* Sends method target with body as o's actor, If-Match from a GET of the
 * same target when o requires it, and checks the answer is a documented
 * success. */
static void send_write(server *s, const op *o, const char *target, const char *body, const char *media_type,
                       const char *what, report *rep)
{
    char m[16];
    upper(o->method, m, sizeof m);
    http_session fresh;
    http_session *who = caller(s, o, &fresh);
    call_opts c = {.body = body, .body_type = media_type};
    const ynode *ps[OP_MAX_PARAMS];
    size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
    char etag[64] = "";
    for (size_t k = 0; k < n; k++) {
        if (strcmp(ystr(ps[k], "in"), "header") != 0 || !ytrue(ps[k], "required"))
            continue;
        if (strcasecmp(ystr(ps[k], "name"), "If-Match") != 0) {
            rep_add(rep, "%s %.200s: the test does not know how to send the required header %s", m, target,
                    ystr(ps[k], "name"));
            continue;
        }
        http_reply g = live_call(s, NULL, who, "GET", target, NULL);
        if (!g.etag[0])
            rep_add(rep, "GET %.200s (for If-Match): status %ld and no ETag", target, g.status);
        snprintf(etag, sizeof etag, "%s", g.etag);
        c.if_match = etag;
        http_reply_free(&g);
    }
    http_reply r = live_call(s, o, who, m, target, &c);
    if (r.status < 200 || r.status > 299)
        rep_add(rep, "%s %.200s as %s (%s): status %ld: %.300s", m, target, actor_name((actor)op_actor(o)), what,
                r.status, r.body ? r.body : "");
    check_reply(&s->d, o, target, &r, rep);
    http_reply_free(&r);
}

/* Every example goes to a fresh record (a fresh draft for publish, a
 * fresh interest for accept, ...) as the operation's actor, so that each
 * is accepted on its own whatever was sent before it. */
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
                    if (schema_validate(&v, yget(content->kids[k + 1], "schema"), j, "example"))
                        rep_add(&rep, "%s:%zu: the example does not match its own schema: %s", DOC_PATH,
                                exs[e]->line, v.err);
                    body = json_dumps(j, JSON_COMPACT);
                    json_decref(j);
                } else {
                    body = strdup(exs[e]->kind == YN_SCALAR ? exs[e]->text : "");
                }
                const char *body_seed = ystr(o->node, "x-hamkor-body-seed");
                if (body_seed && !strcmp(body_seed, "email_token")) {
                    free(body);
                    body = live_email_token_body(s);
                }
                reqtarget t;
                t_build(&t, s, o, false, true);
                char what[64];
                snprintf(what, sizeof what, "the example of line %zu", exs[e]->line);
                send_write(s, o, t.s, body, mt, what, &rep);
                free(body);
                sent++;
            }
        }
    }
    assert_true(sent > 0);
    rep_check(&rep, "request body examples");
}

/* The writes that take no body (sign out, DELETE ...): each on a fresh
 * record, as its actor. */
static void every_write_without_a_body_is_accepted(void **state)
{
    server *s = *state;
    report rep = {0};
    for (size_t i = 0; i < s->d.n_ops; i++) {
        const op *o = &s->d.ops[i];
        if (!op_unsafe(o) || yget(o->node, "requestBody"))
            continue;
        reqtarget t;
        t_build(&t, s, o, false, true);
        send_write(s, o, t.s, NULL, NULL, "no body", &rep);
    }
    rep_check(&rep, "writes without a body");
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
        cmocka_unit_test(every_operation_declares_its_security_and_who_calls_it),
        cmocka_unit_test(every_route_of_the_router_is_documented),
        cmocka_unit_test(every_documented_operation_is_served_by_the_router),
    };
    const struct CMUnitTest live[] = {
        cmocka_unit_test(every_documented_get_answers_as_documented),
        cmocka_unit_test(documented_parameter_examples_are_accepted),
        cmocka_unit_test(documented_limits_are_refused_with_documented_problems),
        cmocka_unit_test(etags_are_sent_exactly_where_documented_and_revalidate),
        cmocka_unit_test(unrouted_requests_answer_with_problem_documents),
        cmocka_unit_test(operations_that_need_a_user_answer_401_to_a_visitor),
        cmocka_unit_test(unsafe_session_requests_without_the_csrf_header_answer_403),
        cmocka_unit_test(unsafe_requests_with_a_body_that_is_not_json_answer_415),
        cmocka_unit_test(sign_in_over_the_limit_answers_429_with_retry_after),
        cmocka_unit_test(every_request_body_example_is_accepted),
        cmocka_unit_test(every_write_without_a_body_is_accepted),
    };
    int failed = cmocka_run_group_tests_name("openapi document", document, doc_setup, doc_teardown);
    failed += cmocka_run_group_tests_name("openapi live server", live, live_setup, live_teardown);
    return failed ? 1 : 0;
}
