/*
 * http_jsonw.c - JSON written straight into a growing buffer, for the
 * routes where building a jansson tree and dumping it is most of the cost
 * (search: a page of twenty hits was some five hundred small objects
 * made, dumped and freed). The bytes are the ones model_json_dump would
 * give for the same values, so clients and the OpenAPI tests see no
 * difference.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool room(http_jw *w, size_t n)
{
    if (w->oom)
        return false;
    if (w->n + n <= w->cap)
        return true;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->n + n)
        cap *= 2;
    char *b = realloc(w->b, cap);
    if (!b) {
        free(w->b);
        w->b = NULL;
        w->n = w->cap = 0;
        w->oom = true;
        return false;
    }
    w->b = b;
    w->cap = cap;
    return true;
}

void http_jw_raw(http_jw *w, const char *s, size_t n)
{
    if (!room(w, n))
        return;
    memcpy(w->b + w->n, s, n);
    w->n += n;
}

void http_jw_str(http_jw *w, const char *s, size_t n)
{
    /* At most six bytes per input byte (\u00XX), and the quotes. */
    if (!room(w, 6 * n + 2))
        return;
    char *o = w->b + w->n;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            o += sprintf(o, "u%04X", c);
            break;
        }
    }
    *o++ = '"';
    w->n = (size_t)(o - w->b);
}

void http_jw_int(http_jw *w, long long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    http_jw_raw(w, buf, (size_t)n);
}

void http_jw_real(http_jw *w, double v)
{
    /* As jansson: %.17g, a ".0" when it would read back as an integer,
     * and the exponent without '+' or leading zeros. */
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.17g", v);
    if (n < 0 || n >= (int)sizeof buf - 3)
        return;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *d = e + 1, *r = e + 1;
        if (*r == '+')
            r++;
        else if (*r == '-')
            *d++ = *r++;
        while (*r == '0' && r[1])
            r++;
        memmove(d, r, strlen(r) + 1);
        n = (int)strlen(buf);
    }
    http_jw_raw(w, buf, (size_t)n);
}

void http_jw_bool(http_jw *w, bool v)
{
    if (v)
        http_jw_lit(w, "true");
    else
        http_jw_lit(w, "false");
}

void http_jw_send(http_resp *resp, unsigned status, http_jw *w)
{
    if (w->oom) {
        hk_err err;
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    json_decref(resp->json);
    resp->json = NULL;
    free(resp->raw);
    resp->status = status;
    resp->raw = w->b;
    resp->raw_len = w->n;
    resp->content_type = "application/json";
    resp->problem = 0;
    w->b = NULL;
    w->n = w->cap = 0;
}
