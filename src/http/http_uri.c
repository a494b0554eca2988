/*
 * http_uri.c - the request target as the client sent it, before
 * libmicrohttpd decodes and splits it: the checks that must happen there,
 * the refusal written when one fails, and the escaping of a target for
 * the access log.
 *
 * Why before. libmicrohttpd 0.9.75 percent-decodes the path before the
 * router sees it, so "%2F" becomes a segment separator and "%00" ends the
 * string early; and it stores every query parameter in the connection's
 * fixed memory pool, so about a thousand of them exhaust it, after which
 * the connection gets no answer until its timeout (issue 17, finding 6).
 * Its URI callback (MHD_OPTION_URI_LOG_CALLBACK) runs first, with the raw
 * target: http_uri_check() judges it there, and http_uri_refuse() answers
 * on the socket itself and shuts it, so that the client gets its 400 or
 * 414 at once whatever libmicrohttpd then makes of the request. Nothing
 * was read and nothing is written to the store by such a request.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* Case-insensitive "%XY" at p. */
static bool pct_is(const char *p, char x, char y)
{
    return p[0] == '%' && p[1] && (p[1] | 0x20) == (x | 0x20) && p[2] && (p[2] | 0x20) == (y | 0x20);
}

int http_uri_check(const char *raw, http_uri_verdict *v)
{
    memset(v, 0, sizeof *v);
    size_t len = strlen(raw);
    if (len > HTTP_MAX_URI) {
        v->status = 414;
        snprintf(v->field, sizeof v->field, "uri");
        snprintf(v->msg, sizeof v->msg, "is longer than %u bytes", (unsigned)HTTP_MAX_URI);
        return -1;
    }
    const char *query = strchr(raw, '?');
    size_t path_len = query ? (size_t)(query - raw) : len;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] != '%')
            continue;
        if (pct_is(raw + i, '0', '0')) {
            v->status = 400;
            snprintf(v->field, sizeof v->field, i < path_len ? "path" : "query");
            snprintf(v->msg, sizeof v->msg, "must not contain a NUL byte (%%00)");
            return -1;
        }
        if (i < path_len && pct_is(raw + i, '2', 'F')) {
            v->status = 400;
            snprintf(v->field, sizeof v->field, "path");
            snprintf(v->msg, sizeof v->msg, "must not contain an encoded slash (%%2F) in a segment");
            return -1;
        }
    }
    if (query) {
        size_t params = 0;
        for (const char *p = query + 1; *p; p++)
            if (*p == '&' || *p == ';')
                params++;
        if (query[1])
            params++;
        if (params > HTTP_MAX_PARAMS) {
            v->status = 400;
            snprintf(v->field, sizeof v->field, "query");
            snprintf(v->msg, sizeof v->msg, "has more than %u parameters", (unsigned)HTTP_MAX_PARAMS);
            return -1;
        }
    }
    return 0;
}

void http_uri_refuse(struct MHD_Connection *conn, const http_uri_verdict *v)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return;
    int fd = ci->connect_fd;
    /* The problem document of http_problem(), by hand: field and msg are
     * our own ASCII text, with no character JSON would need to escape. */
    char body[512], head[256];
    int bn = snprintf(body, sizeof body,
                      "{\"type\":\"https://hamkor.example/problems/%s\",\"title\":\"%s\",\"status\":%u,"
                      "\"detail\":\"%s\",\"errors\":[{\"field\":\"%s\",\"message\":\"%s\"}]}",
                      v->status == 414 ? "uri_too_long" : "invalid",
                      v->status == 414 ? "The request target is too long" : "The request is not valid", v->status,
                      v->msg, v->field, v->msg);
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %u %s\r\nContent-Type: application/problem+json\r\nContent-Length: %d\r\n"
                      "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
                      v->status, v->status == 414 ? "URI Too Long" : "Bad Request", bn);
    /* A fresh answer of under 1 KB fits the socket's send buffer; if it
     * does not, the client simply sees the connection close. */
    if (send(fd, head, (size_t)hn, MSG_NOSIGNAL | MSG_DONTWAIT) == hn)
        send(fd, body, (size_t)bn, MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(fd, SHUT_RDWR);
}

void http_log_escape(const char *in, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < cap; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '\\' || *p == '"' || *p == ' ') {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        } else {
            out[o++] = (char)*p;
        }
    }
    if (cap)
        out[o < cap ? o : cap - 1] = '\0';
}
