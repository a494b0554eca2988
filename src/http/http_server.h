/*
 * http_server.h - the HTTP front of `hamkor serve`: a libmicrohttpd
 * daemon (thread pool over epoll) in front of the store and the search
 * engine, serving the JSON API under /api/v1 and the web UI from the
 * data folder's web/.
 */
#ifndef HK_HTTP_SERVER_H
#define HK_HTTP_SERVER_H

#include <stdint.h>
#include <stdio.h>

#include "hk_err.h"
#include "mail/mail.h"

typedef struct http_config {
    const char *listen_addr;   /* IPv4 dotted quad, e.g. "127.0.0.1" */
    uint16_t port;             /* 0 picks a free port (tests) */
    const char *db_path;       /* the store the workers open */
    const char *data_dir;      /* shipped data; NULL = engine_data_dir() */
    const char *taxonomy_dir;  /* NULL = data_dir/taxonomy */
    const char *geo_dir;       /* NULL = data_dir/geo */
    const char *web_root;      /* NULL = data_dir/web; missing = API only */
    unsigned threads;          /* worker threads; 0 = 2 */
    unsigned timeout_s;        /* per-connection idle timeout; 0 = 30 */
    unsigned per_ip_limit;     /* concurrent connections per client; 0 = 64 */
    FILE *access_log;          /* one line per request; NULL = none */
    FILE *outbox;              /* where mail goes until hamkor sends it (the
                                * email checks' links); NULL = standard error */
    const char *key_path;      /* the token key file; NULL = db_path + ".key"
                                * (made on first start); for ":memory:" a
                                * fresh key is made in memory */
    int secure_cookies;        /* served over TLS (directly or by a proxy):
                                * cookies get the Secure attribute */
    const char *trusted_proxy; /* the address of a load balancer in front
                                * (e.g. "127.0.0.1"): for its requests the
                                * client is the last X-Forwarded-For entry,
                                * for per-address limits and the log; NULL =
                                * none, the peer is the client */
    int fast_password_hashing; /* tests only: the cheapest Argon2id cost */
    const mail_config *mail;   /* SMTP for notification mails; NULL = none
                                * (borrowed, outlives the server) */
    unsigned login_burst;      /* sign-in attempts per address at once; 0 = 10
                                * (tests that sign many users in raise it) */
} http_config;

typedef struct http_server http_server;

/* Parses "ADDR:PORT" into addr_buf and *port. */
int http_parse_listen(const char *s, char *addr_buf, size_t addr_len, uint16_t *port, hk_err *err);

/* Opens the engine (store pool, taxonomy, gazetteer, index and the
 * follower of the change log: src/engine) and starts serving. */
int http_server_start(const http_config *cfg, http_server **out, hk_err *err);
/* The port actually bound (useful when cfg->port was 0). */
uint16_t http_server_port(const http_server *srv);
struct idx;
/* The server's search index (tests move its day: idx_set_today). */
struct idx *http_server_index(http_server *srv);
/* Refuses new requests, lets requests in flight finish (up to a few
 * seconds), then stops listening and frees everything. */
void http_server_stop(http_server *srv);

#endif
