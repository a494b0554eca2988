/*
 * http_server.c - libmicrohttpd daemon set-up and the health check.
 *
 * Until the API issue lands, the server answers GET /healthz with the
 * store's schema version (proving the store opened) and 404 as a problem
 * document for everything else.
 */
#include "http/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

struct http_server {
    struct MHD_Daemon *daemon;
    char *db_path;            /* from strdup() */
    int schema_version;       /* read once at start */
};

int http_parse_listen(const char *s, char *addr_buf, size_t addr_len, uint16_t *port, hk_err *err)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= addr_len)
        return hk_err_set(err, HK_EINVAL, "--listen", "expected ADDR:PORT, e.g. 127.0.0.1:8080");
    memcpy(addr_buf, s, (size_t)(colon - s));
    addr_buf[colon - s] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || p < 0 || p > 65535)
        return hk_err_set(err, HK_EINVAL, "--listen", "port must be a number from 0 to 65535");
    struct in_addr a;
    if (inet_pton(AF_INET, addr_buf, &a) != 1)
        return hk_err_set(err, HK_EINVAL, "--listen", "'%s' is not an IPv4 address", addr_buf);
    *port = (uint16_t)p;
    return 0;
}

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned status, const char *type,
                                 const char *body)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result r = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
    http_server *srv = cls;
    if (!strcmp(url, "/healthz") && (!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
        char body[128];
        snprintf(body, sizeof body, "{\"status\":\"ok\",\"schema_version\":%d}", srv->schema_version);
        return send_text(conn, MHD_HTTP_OK, "application/json", body);
    }
    return send_text(conn, MHD_HTTP_NOT_FOUND, "application/problem+json",
                     "{\"type\":\"about:blank#not_found\",\"title\":\"No such resource\",\"status\":404}");
}

int http_server_start(const http_config *cfg, http_server **out, hk_err *err)
{
    /* Open the store once before serving, so a bad or too-new database is
     * reported at start rather than on the first request. */
    hk_store *st;
    int rc = store_open(cfg->db_path, &st, err);
    if (rc)
        return rc;
    int schema = store_db_version(st);
    store_close(st);

    http_server *srv = calloc(1, sizeof *srv);
    if (!srv || !(srv->db_path = strdup(cfg->db_path))) {
        free(srv);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    srv->schema_version = schema;

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(cfg->port);
    inet_pton(AF_INET, cfg->listen_addr, &sa.sin_addr);

    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cfg->threads ? cfg->threads : 2), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->timeout_s ? cfg->timeout_s : 30), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(cfg->per_ip_limit ? cfg->per_ip_limit : 64), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(64 * 1024), MHD_OPTION_END);
    if (!srv->daemon) {
        free(srv->db_path);
        free(srv);
        return hk_err_set(err, HK_EIO, "--listen", "cannot listen on %s:%u (in use, or not allowed)",
                          cfg->listen_addr, (unsigned)cfg->port);
    }
    *out = srv;
    return 0;
}

uint16_t http_server_port(const http_server *srv)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_server_stop(http_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->daemon);
    free(srv->db_path);
    free(srv);
}
