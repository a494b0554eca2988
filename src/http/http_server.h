/*
 * http_server.h - the HTTP front of `hamkor serve` (libmicrohttpd, thread
 * pool over epoll). This file owns the daemon's life cycle and the
 * request limits; routes are added by the API issue.
 */
#ifndef HK_HTTP_SERVER_H
#define HK_HTTP_SERVER_H

#include <stdint.h>

#include "hk_err.h"

typedef struct http_config {
    const char *listen_addr;   /* IPv4 dotted quad, e.g. "127.0.0.1" */
    uint16_t port;             /* 0 picks a free port (tests) */
    const char *db_path;       /* the store the workers open */
    unsigned threads;          /* worker threads; 0 = 2 */
    unsigned timeout_s;        /* per-connection idle timeout */
    unsigned per_ip_limit;     /* concurrent connections per client */
} http_config;

typedef struct http_server http_server;

/* Parses "ADDR:PORT" into cfg (addr points into a copy owned by cfg_buf). */
int http_parse_listen(const char *s, char *addr_buf, size_t addr_len, uint16_t *port, hk_err *err);

int http_server_start(const http_config *cfg, http_server **out, hk_err *err);
/* The port actually bound (useful when cfg->port was 0). */
uint16_t http_server_port(const http_server *srv);
/* Stops accepting, lets requests in flight finish, frees everything. */
void http_server_stop(http_server *srv);

#endif
