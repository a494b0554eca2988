/*
 * http_resp.c - building and sending responses: JSON bodies, problem
 * documents (RFC 9457, application/problem+json) with per-field errors,
 * the one mapping from hamkor statuses to HTTP statuses, ETags, and the
 * small JSON values every list answer shares (cursors, times).
 */
#include "http/http_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"

#define PROBLEM_BASE "https://hamkor.example/problems/"

void http_json(http_resp *resp, unsigned status, json_t *body)
{
    json_decref(resp->json);
    resp->status = status;
    resp->json = body;
    resp->problem = 0;
}

void http_problem(http_resp *resp, unsigned status, const char *type, const char *title, const hk_err *err)
{
    char t[128];
    snprintf(t, sizeof t, PROBLEM_BASE "%s", type);
    json_t *p = json_pack("{s:s, s:s, s:i}", "type", t, "title", title, "status", (int)status);
    if (err && (err->msg[0] || err->field[0])) {
        json_object_set_new(p, "detail", json_string(err->msg));
        json_object_set_new(p, "errors", json_pack("[{s:s, s:s}]", "field", err->field, "message", err->msg));
    }
    http_json(resp, status, p);
    resp->problem = 1;
}

void http_not_found(http_resp *resp, const char *field)
{
    /* One answer whether the record is missing or hidden from the caller
     * (auth_can's not_found), so that ids of private records cannot be
     * probed by comparing answers. */
    hk_err err;
    hk_err_set(&err, HK_ENOTFOUND, field, "does not exist, or is not visible to you");
    http_problem(resp, 404, "not_found", "No such resource", &err);
}

void http_error(http_resp *resp, const hk_err *err)
{
    switch (err->code) {
    case HK_EINVAL: http_problem(resp, 400, "invalid", "The request is not valid", err); break;
    case HK_ENOTFOUND: http_not_found(resp, err->field[0] ? err->field : "id"); break;
    case HK_ECONFLICT: http_problem(resp, 409, "conflict", "The resource changed or already exists", err); break;
    case HK_EFORBIDDEN: http_problem(resp, 403, "forbidden", "You may not do this", err); break;
    case HK_ETOOBIG: http_problem(resp, 413, "too_big", "The request is too large", err); break;
    case HK_EBUSY:
        /* Nothing was written; the same request may simply be sent again. */
        http_header(resp, "Retry-After", "1");
        http_problem(resp, 503, "busy", "The store is busy; try again", err);
        break;
    default: {
        /* Internal details stay in the log, not in the response. */
        fprintf(stderr, "hamkor serve: internal error: %s: %s\n", err->field, err->msg);
        http_problem(resp, 500, "internal", "Something went wrong on the server", NULL);
    }
    }
}

static void etag_of_bytes(const char *p, size_t n, char out[40])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; p && i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    snprintf(out, 40, "\"%016llx\"", (unsigned long long)h);
}

void http_etag_of(const json_t *body, char out[40])
{
    char *s = model_json_dump(body);
    etag_of_bytes(s, s ? strlen(s) : 0, out);
    free(s);
}

bool http_etag_listed(const char *list, const char *etag, bool weak)
{
    size_t n = strlen(etag);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        size_t len = strcspn(p, ",");
        const char *end = p + len;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        const char *tag = p;
        if (weak && len >= 2 && tag[0] == 'W' && tag[1] == '/') {
            tag += 2;
            len -= 2;
        }
        if (len == n && !memcmp(tag, etag, n))
            return true;
        p = end;
    }
    return false;
}

void http_page(http_resp *resp, const char *member, json_t *items, size_t n, size_t limit, int64_t last_id)
{
    json_t *next = json_null();
    if (n > 0 && n == limit) {
        char c[24];
        snprintf(c, sizeof c, "%lld", (long long)last_id);
        json_decref(next);
        next = json_string(c);
    }
    http_json(resp, 200, json_pack("{s:o, s:o}", member, items, "next_cursor", next));
}

json_t *http_time_json(int64_t t)
{
    if (!t)
        return json_null();
    char buf[21];
    model_format_time(t, buf);
    return json_string(buf);
}

void http_etag(http_resp *resp)
{
    if (resp->json)
        http_etag_of(resp->json, resp->etag);
    else
        etag_of_bytes(resp->raw, resp->raw_len, resp->etag);
}

void http_header(http_resp *resp, const char *name, const char *fmt, ...)
{
    if (resp->n_extra == HTTP_MAX_EXTRA_HEADERS)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *v = strdup(buf);
    if (!v)
        return;
    resp->extra[resp->n_extra].name = name;
    resp->extra[resp->n_extra].value = v;
    resp->n_extra++;
}

static void add_common_headers(struct MHD_Response *r, const http_resp *resp)
{
    for (size_t i = 0; i < resp->n_extra; i++)
        MHD_add_response_header(r, resp->extra[i].name, resp->extra[i].value);
    /* What a signed-in user is answered may be theirs alone (an API
     * token's secret, an inbox): no cache, shared or private, keeps it.
     * Visitors' answers are public and may be kept and revalidated. */
    MHD_add_response_header(r, "Cache-Control", resp->cache ? resp->cache : resp->personal ? "no-store, private" : "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
}

const char *http_arg(const http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

enum MHD_Result http_send(http_req *req, http_resp *resp)
{
    if (resp->mhd) {
        /* A stream the handler made itself (server-sent events). */
        struct MHD_Response *r = resp->mhd;
        resp->mhd = NULL;
        add_common_headers(r, resp);
        enum MHD_Result ok = MHD_queue_response(req->conn, resp->status ? resp->status : 200, r);
        MHD_destroy_response(r);
        return ok;
    }
    char *body = NULL;
    size_t len = 0;
    const char *type = resp->content_type;
    unsigned status = resp->status ? resp->status : 200;
    if (resp->etag[0]) {
        const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "If-None-Match");
        if (inm && (http_etag_listed(inm, resp->etag, true) || !strcmp(inm, "*")) && status == 200)
            status = 304;
    }
    if (status != 304) {
        if (resp->json) {
            body = model_json_dump(resp->json);
            len = body ? strlen(body) : 0;
            type = resp->problem ? "application/problem+json" : "application/json";
        } else if (resp->raw) {
            body = resp->raw;
            len = resp->raw_len;
            resp->raw = NULL;
        }
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    if (type && status != 304)
        MHD_add_response_header(r, "Content-Type", type);
    if (resp->etag[0])
        MHD_add_response_header(r, "ETag", resp->etag);
    add_common_headers(r, resp);
    enum MHD_Result ok = MHD_queue_response(req->conn, status, r);
    MHD_destroy_response(r);
    return ok;
}
