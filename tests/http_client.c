/*
 * http_client.c - the server tests' HTTP client (see http_client.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http_client.h"

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    http_reply *r = ctx;
    char *b = realloc(r->body, r->len + size * n + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, p, size * n);
    r->body = b;
    r->len += size * n;
    b[r->len] = '\0';
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    http_reply *r = ctx;
    size_t len = size * n;
    while (len && (p[len - 1] == '\r' || p[len - 1] == '\n'))
        len--;
    if (len > 6 && !strncasecmp(p, "ETag: ", 6))
        snprintf(r->etag, sizeof r->etag, "%.*s", (int)(len - 6), p + 6);
    if (len > 14 && !strncasecmp(p, "Content-Type: ", 14))
        snprintf(r->content_type, sizeof r->content_type, "%.*s", (int)(len - 14), p + 14);
    return size * n;
}

http_reply http_client_call(uint16_t port, const char *method, const char *target, const char *body,
                            size_t body_len, const char *body_type, const char *if_none_match)
{
    http_reply r;
    memset(&r, 0, sizeof r);
    CURL *c = curl_easy_init();
    if (!c)
        fail_msg("curl_easy_init failed");
    size_t url_len = strlen(target) + 64;
    char *url = malloc(url_len);
    snprintf(url, url_len, "http://127.0.0.1:%u%s", (unsigned)port, target);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    struct curl_slist *h = NULL;
    char line[256];
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
        snprintf(line, sizeof line, "Content-Type: %s", body_type ? body_type : "application/json");
        h = curl_slist_append(h, line);
    }
    if (if_none_match) {
        snprintf(line, sizeof line, "If-None-Match: %s", if_none_match);
        h = curl_slist_append(h, line);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("curl %s %s: %s", method, target, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(url);
    return r;
}
