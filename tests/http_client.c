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
    if (len > 10 && !strncasecmp(p, "Location: ", 10))
        snprintf(r->location, sizeof r->location, "%.*s", (int)(len - 10), p + 10);
    if (len > 13 && !strncasecmp(p, "Retry-After: ", 13))
        snprintf(r->retry_after, sizeof r->retry_after, "%.*s", (int)(len - 13), p + 13);
    if (len > 15 && !strncasecmp(p, "Cache-Control: ", 15))
        snprintf(r->cache_control, sizeof r->cache_control, "%.*s", (int)(len - 15), p + 15);
    if (len > 12 && !strncasecmp(p, "Set-Cookie: ", 12)) {
        size_t v = strcspn(p + 12, ";\r\n");
        size_t used = strlen(r->cookies);
        snprintf(r->cookies + used, sizeof r->cookies - used, "%s%.*s", used ? "; " : "", (int)v, p + 12);
    }
    return size * n;
}

http_reply http_client_request(uint16_t port, const http_request *rq)
{
    http_reply r;
    memset(&r, 0, sizeof r);
    CURL *c = curl_easy_init();
    if (!c)
        fail_msg("curl_easy_init failed");
    size_t url_len = strlen(rq->target) + 64;
    char *url = malloc(url_len);
    snprintf(url, url_len, "http://127.0.0.1:%u%s", (unsigned)port, rq->target);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    if (!strcmp(rq->method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    struct curl_slist *h = NULL;
    char line[256];
    if (rq->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
        snprintf(line, sizeof line, "Content-Type: %s", rq->body_type ? rq->body_type : "application/json");
        h = curl_slist_append(h, line);
    }
    for (size_t i = 0; i < 8 && rq->headers[i]; i++)
        h = curl_slist_append(h, rq->headers[i]);
    /* curl adds "Expect: 100-continue" to large bodies; send them at once. */
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("curl %s %s: %s", rq->method, rq->target, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(url);
    return r;
}

void http_reply_free(http_reply *r)
{
    free(r->body);
    r->body = NULL;
}

http_reply http_client_call(uint16_t port, const char *method, const char *target, const char *body,
                            size_t body_len, const char *body_type, const char *if_none_match)
{
    http_request rq = {.method = method, .target = target, .body = body, .body_len = body_len,
                       .body_type = body_type};
    char inm[256];
    if (if_none_match) {
        snprintf(inm, sizeof inm, "If-None-Match: %s", if_none_match);
        rq.headers[0] = inm;
    }
    return http_client_request(port, &rq);
}

/* Copies the value of cookie name out of a "a=b; c=d" list. */
static void cookie_value(const char *cookies, const char *name, char *out, size_t out_len)
{
    size_t n = strlen(name);
    out[0] = '\0';
    for (const char *p = cookies; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        if (!strncmp(p, name, n) && p[n] == '=') {
            size_t v = strcspn(p + n + 1, ";");
            snprintf(out, out_len, "%.*s", (int)v, p + n + 1);
            return;
        }
        p = strchr(p, ';');
    }
}

static void keep_session(http_session *s, const http_reply *r)
{
    char sid[128], csrf[64];
    cookie_value(r->cookies, "hk_session", sid, sizeof sid);
    cookie_value(r->cookies, "csrf", csrf, sizeof csrf);
    snprintf(s->cookie, sizeof s->cookie, "hk_session=%s; csrf=%s", sid, csrf);
    snprintf(s->csrf, sizeof s->csrf, "%s", csrf);
    const char *id = r->body ? strstr(r->body, "\"id\":") : NULL;
    s->user_id = id ? strtoll(id + 5, NULL, 10) : 0;
}

void http_session_register(http_session *s, uint16_t port, const char *email, const char *name)
{
    memset(s, 0, sizeof *s);
    s->port = port;
    char body[512];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"correct horse battery\",\"display_name\":\"%s\"}",
             email, name);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/register", .body = body, .body_len = strlen(body)};
    http_reply r = http_client_request(port, &rq);
    if (r.status != 201)
        fail_msg("register %s: %ld %s", email, r.status, r.body ? r.body : "");
    keep_session(s, &r);
    http_reply_free(&r);
}

long http_session_login(http_session *s, uint16_t port, const char *email, const char *password)
{
    memset(s, 0, sizeof *s);
    s->port = port;
    char body[512];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/login", .body = body, .body_len = strlen(body)};
    http_reply r = http_client_request(port, &rq);
    if (r.status == 200)
        keep_session(s, &r);
    long st = r.status;
    http_reply_free(&r);
    return st;
}

http_reply http_session_call(http_session *s, const char *method, const char *target, const char *json,
                             const char *if_match)
{
    char cookie[600], csrf[100], bearer[120], im[128];
    http_request rq = {.method = method, .target = target, .body = json, .body_len = json ? strlen(json) : 0};
    size_t n = 0;
    if (s && s->bearer[0]) {
        snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", s->bearer);
        rq.headers[n++] = bearer;
    } else if (s && s->cookie[0]) {
        snprintf(cookie, sizeof cookie, "Cookie: %s", s->cookie);
        snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", s->csrf);
        rq.headers[n++] = cookie;
        rq.headers[n++] = csrf;
    }
    if (if_match) {
        snprintf(im, sizeof im, "If-Match: %s", if_match);
        rq.headers[n++] = im;
    }
    return http_client_request(s ? s->port : 0, &rq);
}
