/*
 * http_openapi.c - the API's own description, served by the running
 * server: GET /api/v1/openapi.yaml gives the data folder's openapi.yaml
 * (docs/openapi.yaml in the source tree) as it is, and
 * GET /api/v1/openapi.json the same document as JSON, for tools that read
 * only JSON. Both are read and converted once, at start; every request
 * answers from memory, with an ETag.
 *
 * libyaml sits behind this file alone: the conversion walks its event
 * stream into jansson values. Plain scalars are typed by YAML 1.2's core
 * schema (null, true/false, integers, floats; anything else a string),
 * quoted ones are strings, and mapping keys are always strings (JSON
 * wants them so, and OpenAPI's "200:" is a response code, not a number).
 * Anchors and aliases, which the document does not use, are refused.
 */
#include "http/http_int.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "model/model.h"

#define OPENAPI_MAX_BYTES (8u << 20) /* a larger file is a mistake, not a document */
#define OPENAPI_MAX_DEPTH 64         /* nesting of mappings and sequences */

typedef struct conv {
    yaml_parser_t p;
    const char *path;
    hk_err *err;
    regex_t int_re, float_re;
} conv;

static int conv_fail(conv *c, const char *what, size_t line)
{
    return hk_err_set(c->err, HK_EINVAL, NULL, "%s:%zu: %s", c->path, line + 1, what);
}

static int next_event(conv *c, yaml_event_t *ev)
{
    if (yaml_parser_parse(&c->p, ev))
        return 0;
    return hk_err_set(c->err, HK_EINVAL, NULL, "%s:%zu: %s", c->path, c->p.problem_mark.line + 1,
                      c->p.problem ? c->p.problem : "not YAML");
}

/* A scalar as JSON: typed when plain and untagged, else a string. */
static json_t *scalar_json(conv *c, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && (!tag || !strcmp(tag, "!"));
    if (tag && !strcmp(tag, YAML_STR_TAG))
        plain = false;
    if (plain) {
        if (n == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
            return json_null();
        if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
            return json_true();
        if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
            return json_false();
        if (regexec(&c->int_re, s, 0, NULL, 0) == 0) {
            errno = 0;
            long long v = strtoll(s, NULL, 10);
            if (errno == 0)
                return json_integer((json_int_t)v);
        }
        if (regexec(&c->float_re, s, 0, NULL, 0) == 0)
            return json_real(strtod(s, NULL));
    }
    return json_stringn(s, n);
}

static int node_json(conv *c, yaml_event_t *ev, int depth, json_t **out);

/* The rest of a mapping or sequence whose start event was just read. */
static int collection_json(conv *c, bool map, int depth, json_t **out)
{
    json_t *j = map ? json_object() : json_array();
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if ((rc = next_event(c, &ev)))
            break;
        if (ev.type == (map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT)) {
            yaml_event_delete(&ev);
            break;
        }
        if (!map) {
            json_t *item = NULL;
            rc = node_json(c, &ev, depth + 1, &item);
            if (!rc)
                json_array_append_new(j, item);
        } else if (ev.type != YAML_SCALAR_EVENT) {
            rc = conv_fail(c, "a mapping key must be a scalar", ev.start_mark.line);
            yaml_event_delete(&ev);
        } else {
            char *key = strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
            size_t line = ev.start_mark.line;
            yaml_event_delete(&ev);
            json_t *value = NULL;
            if (!key)
                rc = hk_err_set(c->err, HK_ENOMEM, NULL, "out of memory");
            else if (json_object_get(j, key))
                rc = conv_fail(c, "a key appears twice in one mapping", line);
            else if (!(rc = next_event(c, &ev)))
                rc = node_json(c, &ev, depth + 1, &value);
            if (!rc)
                json_object_set_new(j, key, value);
            free(key);
        }
        if (rc)
            break;
    }
    if (rc) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* The node that starts with ev (consumed) into *out. */
static int node_json(conv *c, yaml_event_t *ev, int depth, json_t **out)
{
    size_t line = ev->start_mark.line;
    yaml_event_type_t type = ev->type;
    int rc = 0;
    if (depth > OPENAPI_MAX_DEPTH)
        rc = conv_fail(c, "nested too deeply", line);
    else if (type == YAML_SCALAR_EVENT)
        *out = scalar_json(c, ev);
    else if (type == YAML_ALIAS_EVENT)
        rc = conv_fail(c, "aliases are not supported", line);
    else if (type != YAML_MAPPING_START_EVENT && type != YAML_SEQUENCE_START_EVENT)
        rc = conv_fail(c, "unexpected YAML event", line);
    yaml_event_delete(ev);
    if (!rc && (type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT))
        rc = collection_json(c, type == YAML_MAPPING_START_EVENT, depth, out);
    return rc;
}

/* The first document of text as compact JSON (from malloc()). */
static int yaml_to_json(const char *text, size_t len, const char *path, char **out, hk_err *err)
{
    conv c = {.path = path, .err = err};
    if (!yaml_parser_initialize(&c.p))
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    regcomp(&c.int_re, "^[-+]?[0-9]+$", REG_EXTENDED | REG_NOSUB);
    regcomp(&c.float_re, "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", REG_EXTENDED | REG_NOSUB);
    yaml_parser_set_input_string(&c.p, (const unsigned char *)text, len);
    json_t *doc = NULL;
    int rc = 0;
    /* STREAM-START, DOCUMENT-START, then the root node. */
    for (int i = 0; i < 3 && !rc; i++) {
        yaml_event_t ev;
        if ((rc = next_event(&c, &ev)))
            break;
        if (i < 2) {
            yaml_event_type_t want = i == 0 ? YAML_STREAM_START_EVENT : YAML_DOCUMENT_START_EVENT;
            if (ev.type != want)
                rc = conv_fail(&c, "no YAML document", ev.start_mark.line);
            yaml_event_delete(&ev);
        } else {
            rc = node_json(&c, &ev, 0, &doc);
        }
    }
    yaml_parser_delete(&c.p);
    regfree(&c.int_re);
    regfree(&c.float_re);
    if (rc)
        return rc;
    if (!json_is_object(doc)) {
        json_decref(doc);
        return hk_err_set(err, HK_EINVAL, NULL, "%s: the document is not a mapping", path);
    }
    *out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return *out ? 0 : hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
}

/* Reads the whole file at path (at most OPENAPI_MAX_BYTES). */
static int read_file(const char *path, char **out, size_t *len, hk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return hk_err_set(err, HK_ENOTFOUND, NULL, "%s: %s", path, strerror(errno));
    char *buf = malloc(OPENAPI_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, OPENAPI_MAX_BYTES + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    if (bad || n > OPENAPI_MAX_BYTES) {
        free(buf);
        return hk_err_set(err, HK_EIO, NULL, "%s: %s", path, bad ? "cannot read" : "larger than 8 MiB");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int http_openapi_load(http_app *app, const char *data_dir, hk_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/openapi.yaml", data_dir);
    int rc = read_file(path, &app->openapi_yaml, &app->openapi_yaml_len, err);
    if (rc == HK_ENOTFOUND) {
        /* A data folder without it still serves everything else. */
        fprintf(stderr, "hamkor serve: %s: not found; /api/v1/openapi.yaml and .json answer 404\n", path);
        return 0;
    }
    if (!rc)
        rc = yaml_to_json(app->openapi_yaml, app->openapi_yaml_len, path, &app->openapi_json, err);
    if (rc) {
        http_openapi_free(app);
        return rc;
    }
    app->openapi_json_len = strlen(app->openapi_json);
    return 0;
}

void http_openapi_free(http_app *app)
{
    free(app->openapi_yaml);
    free(app->openapi_json);
    app->openapi_yaml = app->openapi_json = NULL;
    app->openapi_yaml_len = app->openapi_json_len = 0;
}

/* A copy of doc as the response body, with an ETag and a day of caching
 * (the document changes only with the server's version). */
static void answer(http_resp *resp, const char *doc, size_t len, const char *type)
{
    if (!doc) {
        http_not_found(resp, NULL);
        return;
    }
    resp->raw = malloc(len ? len : 1);
    if (!resp->raw) {
        hk_err err;
        hk_err_set(&err, HK_ENOMEM, NULL, "out of memory");
        http_error(resp, &err);
        return;
    }
    memcpy(resp->raw, doc, len);
    resp->raw_len = len;
    resp->content_type = type;
    resp->status = 200;
    resp->cache = "public, max-age=86400";
    http_etag(resp);
}

void api_openapi_yaml(http_req *req, http_resp *resp)
{
    answer(resp, req->app->openapi_yaml, req->app->openapi_yaml_len, "application/yaml; charset=utf-8");
}

void api_openapi_json(http_req *req, http_resp *resp)
{
    answer(resp, req->app->openapi_json, req->app->openapi_json_len, "application/json");
}
