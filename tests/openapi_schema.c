/*
 * openapi_schema.c - the schema validator of tests/test_openapi.c (see
 * openapi_schema.h): type, enum/const, required, properties,
 * additionalProperties, unevaluatedProperties: false (over allOf and
 * $ref), items, min/maxItems, minimum/maximum (exclusive too),
 * min/maxLength in characters, POSIX extended patterns, the formats
 * date, date-time and uri, allOf/anyOf/oneOf. Annotations are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"
#include "openapi_schema.h"

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
void schema_keywords(const ynode *schema, const char *where, report *r)
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
            rep_add(r, "%s:%zu: %s: keyword '%s' is not checked by tests/openapi_schema.c (teach validate() or do without)",
                    DOC_PATH, schema->kids[i]->line, where, k);
            continue;
        }
        if (!strcmp(k, "format") && v->kind == YN_SCALAR && !IN_LIST(v->text, schema_formats))
            rep_add(r, "%s:%zu: %s: format '%s' is not checked by tests/openapi_schema.c", DOC_PATH, v->line, where,
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


int schema_validate(vctx *v, const ynode *schema, const json_t *j, const char *at)
{
    return validate(v, schema, j, at);
}

bool is_json_type(const char *mt)
{
    size_t n = strlen(mt);
    return !strcmp(mt, "application/json") || (n > 5 && !strcmp(mt + n - 5, "+json"));
}
