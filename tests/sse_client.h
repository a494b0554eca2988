/*
 * sse_client.h - a live-stream client for the HTTP tests: GET
 * /api/v1/notifications/stream read by libcurl in a thread of its own,
 * with what arrived kept for the test to wait on.
 */
#ifndef HK_TESTS_SSE_CLIENT_H
#define HK_TESTS_SSE_CLIENT_H
#include <stdint.h>

#define SSE_CLIENT_HEADERS 4

typedef struct sse_client sse_client;

/* Opens the stream on 127.0.0.1:port with up to SSE_CLIENT_HEADERS extra
 * header lines ("Cookie: ...", "Last-Event-ID: 3"; NULL-ended, copied). */
sse_client *sse_client_open(uint16_t port, const char *const *headers);
/* Waits up to ms for needle in what the stream received, or, when needle
 * is NULL, for the stream to end; 1 when it came. */
int sse_client_wait(sse_client *c, const char *needle, int ms);
/* 1 when needle is in what the stream has received so far. */
int sse_client_received(sse_client *c, const char *needle);
/* The stream's HTTP status once it ended (0 before). */
long sse_client_status(sse_client *c);
/* Hangs up and frees c. */
void sse_client_close(sse_client *c);
#endif
