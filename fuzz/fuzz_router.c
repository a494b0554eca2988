/*
 * fuzz_router.c - a request target from the client's first line to the
 * handler: the raw checks (http_uri_check: length, parameter count, %00,
 * %2F), the access log's escaping (http_log_escape), the percent-decoding
 * libmicrohttpd then applies (MHD_http_unescape, the library's own), the
 * route table (http_route) and the query parameters each route knows.
 *
 * Input: one byte choosing the method, then the target ("/api/v1/...?..").
 * Invariants:
 * - a refused target is a 400 or 414 naming "uri", "path" or "query"; an
 *   accepted one has at most HTTP_MAX_URI bytes and HTTP_MAX_PARAMS
 *   parameters, and decodes without a NUL or a new '/' in its path;
 * - a routed path is exactly some route's pattern of that method with
 *   the {id}s and {code} found written back in (so two different paths
 *   never reach the same record, and nothing after a match is ignored);
 *   ids are positive and a code is 1..16 letters, digits or '-';
 * - the escaped log text is printable ASCII with no space, quote or
 *   backslash except in its \xNN escapes, and fits its buffer.
 */
#include <microhttpd.h>

#include "fuzz_util.h"
#include "http/http_int.h"

static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get"};

typedef struct find_route {
    const char *method, *path;
    const http_req *req;
    int found;
} find_route;

/* pattern with req's ids and code written in. */
static void render(const char *pattern, const http_req *req, char *out, size_t cap)
{
    size_t o = 0;
    int id = 0;
    out[0] = '\0';
    for (const char *p = pattern; *p && o + 24 < cap;) {
        if (!strncmp(p, "{id}", 4)) {
            FUZZ_CHECK(id < HTTP_MAX_IDS, "more {id} segments than HTTP_MAX_IDS in %s", pattern);
            o += (size_t)snprintf(out + o, cap - o, "%lld", (long long)req->ids[id++]);
            p += 4;
        } else if (!strncmp(p, "{code}", 6)) {
            o += (size_t)snprintf(out + o, cap - o, "%s", req->code);
            p += 6;
        } else {
            out[o++] = *p++;
            out[o] = '\0';
        }
    }
}

static void each_route(const char *method, const char *pattern, void *ctx)
{
    find_route *f = ctx;
    if (strcmp(method, f->method) && !(!strcmp(f->method, "HEAD") && !strcmp(method, "GET")))
        return;
    char buf[HTTP_MAX_URI + 64];
    render(pattern, f->req, buf, sizeof buf);
    if (!strcmp(buf, f->path))
        f->found = 1;
}

static void check_log_escape(const char *raw, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    char *out = malloc(cap ? cap : 1);
    FUZZ_CHECK(out != NULL, "out of memory");
    http_log_escape(raw, out, cap);
    if (cap) {
        size_t n = strnlen(out, cap);
        FUZZ_CHECK(n < cap, "log text not terminated within its %zu bytes", cap);
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)out[i];
            FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '"', "byte 0x%02x in a log line", c);
            if (c == '\\') {
                FUZZ_CHECK(i + 3 < n && out[i + 1] == 'x' && strchr(hex, out[i + 2]) && strchr(hex, out[i + 3]),
                           "a backslash that does not start \\xNN in a log line");
                i += 3;
            }
        }
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 2 * HTTP_MAX_URI)
        return 0;
    const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    char *raw = fuzz_strndup(data + 1, size - 1);
    check_log_escape(raw, (size_t)(data[0] >> 3) * 8);

    http_uri_verdict v;
    if (http_uri_check(raw, &v)) {
        FUZZ_CHECK(v.status == 400 || v.status == 414, "refused with %u", v.status);
        FUZZ_CHECK(!strcmp(v.field, "uri") || !strcmp(v.field, "path") || !strcmp(v.field, "query"),
                   "refusal names \"%s\"", v.field);
        FUZZ_CHECK(v.msg[0], "refusal without a message");
        free(raw);
        return 0;
    }
    size_t len = strlen(raw);
    FUZZ_CHECK(len <= HTTP_MAX_URI, "a target of %zu bytes accepted", len);

    /* Split as libmicrohttpd does: the path before '?', '&'-separated
     * parameters after it, each percent-decoded. */
    char *query = strchr(raw, '?');
    if (query)
        *query++ = '\0';
    size_t raw_slashes = 0, slashes = 0;
    for (const char *p = raw; *p; p++)
        raw_slashes += *p == '/';
    size_t n = MHD_http_unescape(raw);
    FUZZ_CHECK(n == strlen(raw), "the accepted path decodes with a NUL at %zu of %zu", strlen(raw), n);
    for (const char *p = raw; *p; p++)
        slashes += *p == '/';
    FUZZ_CHECK(slashes == raw_slashes, "the accepted path decodes to a new '/' (%zu -> %zu)", raw_slashes,
               slashes);

    http_req req;
    memset(&req, 0, sizeof req);
    int allowed = -1;
    http_handler fn = http_route(method, raw, &req, &allowed);
    FUZZ_CHECK(allowed == 0 || allowed == 1, "allowed is %d", allowed);
    if (fn) {
        find_route f = {method, raw, &req, 0};
        http_routes_each(each_route, &f);
        FUZZ_CHECK(f.found, "%s %s routed, but no route of that method writes back to it", method, raw);
        for (int i = 0; i < HTTP_MAX_IDS; i++)
            FUZZ_CHECK(req.ids[i] >= 0, "a negative id %lld", (long long)req.ids[i]);
        size_t cl = strlen(req.code);
        FUZZ_CHECK(cl <= HTTP_MAX_CODE, "a code of %zu bytes", cl);
        for (size_t i = 0; i < cl; i++)
            FUZZ_CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-", req.code[i]),
                       "byte 0x%02x in a code", (unsigned char)req.code[i]);
    }
    size_t params = 0;
    for (char *p = query, *next; p && *p; p = next) {
        next = strchr(p, '&');
        if (next)
            *next++ = '\0';
        char *eq = strchr(p, '=');
        if (eq) {
            *eq = '\0';
            MHD_http_unescape(eq + 1);
        }
        MHD_http_unescape(p);
        params++;
    }
    FUZZ_CHECK(params <= HTTP_MAX_PARAMS, "%zu parameters accepted", params);
    free(raw);
    return 0;
}
