/*
 * http_client.h - the HTTP client the server tests share: one request
 * over loopback with libcurl, the reply's status, body, Content-Type and
 * ETag. Paths are sent as written ("/../" included).
 */
#ifndef HK_TESTS_HTTP_CLIENT_H
#define HK_TESTS_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

typedef struct http_reply {
    long status;
    char *body;                /* from malloc(); NUL-terminated; NULL when empty */
    size_t len;
    char content_type[128];
    char etag[64];
    char location[256];
    char retry_after[16];
    char cache_control[64];
    char cookies[512];         /* "name=value; name=value" from Set-Cookie */
} http_reply;

/* One request with every option; NULL members are not sent. */
typedef struct http_request {
    const char *method, *target;
    const char *body;          /* sent with body_len bytes */
    size_t body_len;
    const char *body_type;     /* default application/json */
    const char *headers[8];    /* extra "Name: value" lines, NULL-ended */
} http_request;

http_reply http_client_request(uint16_t port, const http_request *rq);
void http_reply_free(http_reply *r);

/* A signed-in client: the cookies of its session and its CSRF token, or
 * an API token. Every call sends what it has. */
typedef struct http_session {
    uint16_t port;
    char cookie[512];          /* Cookie header value */
    char csrf[64];
    char bearer[80];           /* an API token; when set, cookies are not sent */
    int64_t user_id;
} http_session;

/* Registers (email, password "correct horse battery", display name) and
 * keeps the session; fails the test unless 201. */
void http_session_register(http_session *s, uint16_t port, const char *email, const char *name);
/* Signs in; returns the reply status (200 keeps the session). */
long http_session_login(http_session *s, uint16_t port, const char *email, const char *password);
/* method target with an optional JSON body and If-Match. */
http_reply http_session_call(http_session *s, const char *method, const char *target, const char *json,
                             const char *if_match);

/* Sends method to target on 127.0.0.1:port; a body (body_len bytes, of
 * body_type) and an If-None-Match value are optional. A transport error
 * fails the calling cmocka test. */
http_reply http_client_call(uint16_t port, const char *method, const char *target, const char *body,
                            size_t body_len, const char *body_type, const char *if_none_match);

#endif
