/*
 * http_body.c - what a write request brings: its JSON body (a strict
 * object, refused with a problem naming "body" or the member), merge
 * patches for updates, the If-Match precondition that keeps two editors
 * from overwriting each other, and the query parameters a route knows.
 */
#include "http/http_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BODY_MAX_DEPTH 32

static int depth_of(const json_t *j, int limit)
{
    if (limit < 0)
        return 1;
    int deepest = 0;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v) {
            int d = depth_of(v, limit - 1);
            if (d > deepest)
                deepest = d;
        }
        return deepest + 1;
    }
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            int d = depth_of(v, limit - 1);
            if (d > deepest)
                deepest = d;
        }
        return deepest + 1;
    }
    return 0;
}

json_t *http_body_object(http_req *req, http_resp *resp)
{
    hk_err err;
    if (!req->body || !req->body_len) {
        hk_err_set(&err, HK_EINVAL, "body", "a JSON object is required");
        http_error(resp, &err);
        return NULL;
    }
    json_error_t je;
    /* jansson refuses invalid UTF-8 and NUL characters in strings. */
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        hk_err_set(&err, HK_EINVAL, "body", "not valid JSON at line %d, column %d: %s", je.line, je.column, je.text);
        http_error(resp, &err);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        hk_err_set(&err, HK_EINVAL, "body", "must be a JSON object");
        http_error(resp, &err);
        return NULL;
    }
    if (depth_of(j, BODY_MAX_DEPTH) > BODY_MAX_DEPTH) {
        json_decref(j);
        hk_err_set(&err, HK_EINVAL, "body", "is nested deeper than %d levels", BODY_MAX_DEPTH);
        http_error(resp, &err);
        return NULL;
    }
    return j;
}

static bool listed(const char *name, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (!strcmp(allowed[i], name))
            return true;
    return false;
}

int http_body_only(const json_t *body, const char *const *allowed, http_resp *resp)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)body, k, v) {
        if (!listed(k, allowed)) {
            hk_err err;
            hk_err_set(&err, HK_EINVAL, k, "is not a member this request knows");
            http_error(resp, &err);
            return -1;
        }
    }
    return 0;
}

json_t *http_body_strict(http_req *req, http_resp *resp, const char *const *allowed)
{
    json_t *body = http_body_object(req, resp);
    if (body && http_body_only(body, allowed, resp)) {
        json_decref(body);
        return NULL;
    }
    return body;
}

int http_body_empty(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    if (!req->body || !req->body_len)
        return 0; /* "{}" and no body at all mean the same */
    json_t *body = http_body_strict(req, resp, none);
    json_decref(body);
    return body ? 0 : -1;
}

const char *http_body_string(const json_t *body, const char *name, http_resp *resp)
{
    const json_t *v = json_object_get(body, name);
    if (json_is_string(v))
        return json_string_value(v);
    hk_err err;
    hk_err_set(&err, HK_EINVAL, name, v ? "must be a string" : "is required");
    http_error(resp, &err);
    return NULL;
}

typedef struct args_check {
    const char *const *allowed;
    const char *bad;
} args_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    args_check *c = cls;
    if (!listed(key, c->allowed)) {
        c->bad = key;
        return MHD_NO;
    }
    return MHD_YES;
}

int http_args_only(http_req *req, const char *const *allowed, http_resp *resp)
{
    args_check c = {allowed, NULL};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
    if (!c.bad)
        return 0;
    hk_err err;
    hk_err_set(&err, HK_EINVAL, c.bad, "is not a parameter of this route");
    http_error(resp, &err);
    return -1;
}

int64_t http_body_id(const json_t *body, const char *name, const char *what, http_resp *resp)
{
    const json_t *v = json_object_get(body, name);
    if (json_is_integer(v) && json_integer_value(v) > 0)
        return (int64_t)json_integer_value(v);
    hk_err err;
    if (v)
        hk_err_set(&err, HK_EINVAL, name, "must be the id of %s", what);
    else
        hk_err_set(&err, HK_EINVAL, name, "is required");
    http_error(resp, &err);
    return 0;
}

void http_merge_patch(json_t *target, const json_t *patch)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)patch, k, v) {
        if (json_is_null(v)) {
            json_object_del(target, k);
        } else if (json_is_object(v) && json_is_object(json_object_get(target, k))) {
            http_merge_patch(json_object_get(target, k), v);
        } else {
            json_object_set(target, k, v);
        }
    }
}

json_t *http_patched(const json_t *current, const json_t *patch, const char *const *server_owned)
{
    json_t *merged = json_deep_copy(current);
    if (!merged)
        return NULL;
    http_merge_patch(merged, patch);
    /* The server-owned members are put back as they were (or removed
     * again), so that a patch cannot change them. */
    for (size_t i = 0; server_owned[i]; i++) {
        json_t *v = json_object_get(current, server_owned[i]);
        if (v)
            json_object_set(merged, server_owned[i], v);
        else
            json_object_del(merged, server_owned[i]);
    }
    return merged;
}

int http_if_match(http_req *req, http_resp *resp, const json_t *current)
{
    const char *im = http_req_header(req, "If-Match");
    hk_err err;
    if (!im) {
        hk_err_set(&err, HK_EINVAL, "If-Match", "send the ETag of the record you edited in If-Match");
        http_problem(resp, 428, "precondition_required", "Updates need If-Match", &err);
        return -1;
    }
    char tag[40];
    http_etag_of(current, tag);
    /* If-Match compares strongly, so weak tags (W/"...") never match. */
    if (strcmp(im, "*") != 0 && !http_etag_listed(im, tag, false)) {
        hk_err_set(&err, HK_ECONFLICT, "If-Match",
                   "the record changed since you read it; load it again and redo your change");
        http_problem(resp, 412, "precondition_failed", "The record changed since you read it", &err);
        return -1;
    }
    return 0;
}

void http_update_error(http_resp *resp, const hk_err *err)
{
    if (err->code == HK_ECONFLICT && !strcmp(err->field, "version"))
        http_problem(resp, 412, "precondition_failed", "The record changed since you read it", err);
    else
        http_error(resp, err);
}

int http_int_arg(http_req *req, http_resp *resp, const char *name, long min, long max, long def, long *out)
{
    const char *v = http_arg(req, name);
    if (!v) {
        *out = def;
        return 0;
    }
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, name, "must be a whole number from %ld to %ld", min, max);
        http_error(resp, &err);
        return -1;
    }
    *out = n;
    return 0;
}

int http_cursor_arg(http_req *req, http_resp *resp, const char *name, int64_t *out)
{
    const char *v = http_arg(req, name);
    *out = 0;
    if (!v)
        return 0;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || errno == ERANGE || n <= 0 || v[0] == '0' || v[0] == '+') {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, name, "is not a cursor this list gave");
        http_error(resp, &err);
        return -1;
    }
    *out = n;
    return 0;
}
