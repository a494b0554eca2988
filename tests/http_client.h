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
} http_reply;

/* Sends method to target on 127.0.0.1:port; a body (body_len bytes, of
 * body_type) and an If-None-Match value are optional. A transport error
 * fails the calling cmocka test. */
http_reply http_client_call(uint16_t port, const char *method, const char *target, const char *body,
                            size_t body_len, const char *body_type, const char *if_none_match);

#endif
