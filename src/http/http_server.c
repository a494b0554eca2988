/*
 * http_server.c - the libmicrohttpd daemon and the life of one request:
 * the body is gathered up to HTTP_MAX_BODY, the query parameters are
 * checked against the route's, a store handle is borrowed from the
 * engine's pool (src/engine), the route's handler fills a response, it is
 * sent, and the access log gets a line when the exchange completes. The
 * engine owns the store handles, the index and the follower that keeps
 * the index in step with the store.
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct http_server {
    struct MHD_Daemon *daemon;
    http_app app;
    FILE *access_log;          /* not owned */
    atomic_int in_flight;      /* requests begun and not yet completed */
    atomic_int stopping;       /* set by http_server_stop: no new requests */
};

typedef struct exchange {
    http_req req;
    http_resp resp;
    struct timespec t0;
    int started;               /* on_request has seen the request */
    int refused;               /* on_uri answered it already (http_uri.c) */
    char target[512];          /* the raw path, escaped, for the access log */
} exchange;

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

/* ---- requests ---- */

static void dispatch(http_server *srv, exchange *x)
{
    http_req *req = &x->req;
    http_resp *resp = &x->resp;
    if (req->too_big) {
        hk_err err;
        hk_err_set(&err, HK_ETOOBIG, "body", "is larger than %u bytes", HTTP_MAX_BODY);
        http_error(resp, &err);
        return;
    }
    const char *path = req->url;
    int allowed = 0;
    http_handler fn = http_route(req->method, path, req, &allowed);
    if (!fn) {
        if (allowed)
            http_problem(resp, 405, "method_not_allowed", "This method is not allowed here", NULL);
        else if (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))
            http_static(req, resp);
        else
            http_problem(resp, 404, "not_found", "No such resource", NULL);
        return;
    }
    /* Unknown query parameters are refused here, for every route alike and
     * before anything is read, so that a misspelt one is never silently
     * ignored (docs/api.md, "Parameters and limits"). */
    if (req->args && http_args_only(req, req->args, resp))
        return;
    hk_err err;
    hk_err_clear(&err);
    req->st = engine_store_take(srv->app.eng, &err);
    if (!req->st) {
        http_error(resp, &err);
        return;
    }
    if (http_actor_resolve(req, resp) == 0)
        fn(req, resp);
    resp->personal = req->actor.a.user_id != 0 || req->actor.session_id != 0;
    http_actor_free(&req->actor);
    engine_store_give(srv->app.eng, req->st);
    req->st = NULL;
}

/* libmicrohttpd's URI callback: the first thing known of a request, with
 * its target as sent. Makes the exchange (which on_completed frees) and
 * refuses a target http_uri_check() rejects before it is parsed. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    http_server *srv = cls;
    exchange *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    atomic_fetch_add(&srv->in_flight, 1);
    clock_gettime(CLOCK_MONOTONIC, &x->t0);
    char path[sizeof x->target];
    size_t n = strcspn(uri, "?");
    if (n >= sizeof path)
        n = sizeof path - 1;
    memcpy(path, uri, n);
    path[n] = '\0';
    http_log_escape(path, x->target, sizeof x->target);
    http_uri_verdict v;
    if (http_uri_check(uri, &v)) {
        x->refused = 1;
        x->resp.status = v.status;
        http_uri_refuse(conn, &v);
    }
    return x;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **req_cls)
{
    http_server *srv = cls;
    exchange *x = *req_cls;
    if (!x || x->refused)
        return MHD_NO;
    if (!x->started) {
        /* Stopping: a new request on a kept-alive connection is refused
         * by closing it (it was not acknowledged, so nothing is lost). */
        if (atomic_load(&srv->stopping))
            return MHD_NO;
        x->started = 1;
        x->req.conn = conn;
        x->req.method = method;
        x->req.url = url;
        x->req.app = &srv->app;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY)
            x->req.too_big = 1;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!x->req.too_big) {
            if (x->req.body_len + *upload_size > HTTP_MAX_BODY) {
                x->req.too_big = 1;
            } else {
                char *b = realloc(x->req.body, x->req.body_len + *upload_size + 1);
                if (!b)
                    return MHD_NO;
                memcpy(b + x->req.body_len, upload_data, *upload_size);
                x->req.body = b;
                x->req.body_len += *upload_size;
                b[x->req.body_len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    dispatch(srv, x);
    return http_send(&x->req, &x->resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    http_server *srv = cls;
    exchange *x = *req_cls;
    if (!x)
        return;
    if (srv->access_log) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (t1.tv_sec - x->t0.tv_sec) * 1e3 + (t1.tv_nsec - x->t0.tv_nsec) / 1e6;
        time_t now = time(NULL);
        struct tm tm;
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
        /* The path as sent (still percent-encoded) and escaped, so that
         * no request can write a line of its own into the log. */
        char method[16];
        http_log_escape(x->req.method ? x->req.method : "-", method, sizeof method);
        fprintf(srv->access_log, "%s %s %s %u %.2fms%s\n", when, method, x->target,
                x->resp.status ? x->resp.status : 200, ms,
                x->refused ? " refused" : toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        fflush(srv->access_log);
    }
    atomic_fetch_sub(&srv->in_flight, 1);
    json_decref(x->resp.json);
    free(x->resp.raw);
    for (size_t i = 0; i < x->resp.n_extra; i++)
        free(x->resp.extra[i].value);
    if (x->resp.mhd)
        MHD_destroy_response(x->resp.mhd);
    free(x->req.body);
    free(x);
    *req_cls = NULL;
}

static void app_free(http_app *app)
{
    http_sse_hub_free(app);
    pthread_mutex_destroy(&app->export_lock);
    auth_rate_free(app->login_by_addr);
    auth_rate_free(app->token_by_addr);
    auth_rate_free(app->login_failures);
    auth_key_wipe(&app->key);
    engine_close(app->eng);
    app->eng = NULL;
    free(app->web_root);
    http_openapi_free(app);
}

/* The engine's on_applied: the follower applied changes or was woken
 * after a write, so live streams look for new notifications. */
static void wake_streams(void *app)
{
    http_sse_wake(app);
}

/* libmicrohttpd's own messages, into the server's log with a prefix. A
 * client hanging up mid-answer (a closed tab with a live stream) is
 * ordinary and not logged. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (strstr(msg, "Failed to send") || strstr(msg, "closed by remote") || strstr(msg, "Connection reset"))
        return;
    msg[strcspn(msg, "\n")] = '\0';
    fprintf(stderr, "hamkor serve: libmicrohttpd: %s\n", msg);
}

/* The token key, password cost, the dummy hash for unknown emails, and
 * the sign-in rate limiters (sizes from docs/security.md). */
static int app_security_init(http_app *app, const http_config *cfg, hk_err *err)
{
    int rc = auth_init(err);
    if (rc)
        return rc;
    if (!strcmp(cfg->db_path, ":memory:") && !cfg->key_path) {
        auth_key_generate(&app->key);
    } else {
        char path[4096];
        const char *file;
        if (cfg->key_path)
            snprintf(path, sizeof path, "%s", cfg->key_path);
        else if (store_driver_is_file(cfg->db_path, &file))
            snprintf(path, sizeof path, "%s.key", file);
        else
            return hk_err_set(err, HK_EINVAL, "key",
                              "a PostgreSQL store needs --key FILE: the token key, the same file on every node");
        if ((rc = auth_key_load_or_create(path, &app->key, NULL, err)))
            return rc;
    }
    app->pwhash = cfg->fast_password_hashing ? auth_pwhash_fast() : auth_pwhash_interactive();
    app->secure_cookies = cfg->secure_cookies;
    app->outbox = cfg->outbox ? cfg->outbox : stderr;
    if (cfg->trusted_proxy) {
        unsigned char buf[sizeof(struct in6_addr)];
        if (inet_pton(AF_INET, cfg->trusted_proxy, buf) != 1 && inet_pton(AF_INET6, cfg->trusted_proxy, buf) != 1)
            return hk_err_set(err, HK_EINVAL, "--trusted-proxy", "'%s' is not an IPv4 or IPv6 address",
                              cfg->trusted_proxy);
        snprintf(app->trusted_proxy, sizeof app->trusted_proxy, "%s", cfg->trusted_proxy);
    }
    char random[AUTH_TOKEN_LEN + 1];
    auth_token_new(random);
    if ((rc = auth_password_hash(&app->pwhash, random, app->dummy_hash, err)))
        return rc;
    auth_rate_config by_addr = {.burst = cfg->login_burst ? cfg->login_burst : 10, .refill_ms = 6000, .slots = 65536};
    /* Wrong passwords for one account from one address: five, then one
     * more every five minutes; a right password clears them. */
    auth_rate_config failures = {.burst = 5, .refill_ms = 300000, .slots = 65536};
    /* Failed API token checks have their own budget, so that a script
     * looping on a revoked token does not lock people at the same
     * address out of signing in. */
    auth_rate_config tokens = {.burst = 20, .refill_ms = 3000, .slots = 65536};
    if ((rc = auth_rate_new(&by_addr, &app->login_by_addr, err)) ||
        (rc = auth_rate_new(&tokens, &app->token_by_addr, err)))
        return rc;
    return auth_rate_new(&failures, &app->login_failures, err);
}

int http_server_start(const http_config *cfg, http_server **out, hk_err *err)
{
    http_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    http_app *app = &srv->app;
    pthread_mutex_init(&app->export_lock, NULL);
    srv->access_log = cfg->access_log;
    /* The web UI is part of the shipped data: DATA_DIR/web (in the
     * source tree a link to web/, installed a copy). */
    char web_buf[4096];
    const char *web = cfg->web_root;
    if (!web) {
        snprintf(web_buf, sizeof web_buf, "%s/web", cfg->data_dir && *cfg->data_dir ? cfg->data_dir : engine_data_dir());
        web = web_buf;
    }
    struct stat sb;
    if (stat(web, &sb) == 0 && S_ISDIR(sb.st_mode))
        app->web_root = strdup(web);
    /* The store pool, analyzer, taxonomy, gazetteer and index, and the
     * follower that keeps the index in step with the store's change log
     * and wakes the live streams (on_applied) after each round. */
    engine_config ecfg = {.db = cfg->db_path,
                          .data_dir = cfg->data_dir,
                          .taxonomy_dir = cfg->taxonomy_dir,
                          .geo_dir = cfg->geo_dir,
                          .build_threads = 2,
                          .follow = true,
                          .on_applied = wake_streams,
                          .on_applied_ctx = app,
                          .mail = cfg->mail};
    int rc = engine_open(&ecfg, &app->eng, err);
    if (!rc) {
        app->a = engine_analyzer(app->eng);
        app->t = engine_taxonomy(app->eng);
        app->ix = engine_index(app->eng);
        app->geo = engine_gazetteer(app->eng);
        app->schema_version = engine_schema_version(app->eng);
        rc = app_security_init(app, cfg, err);
    }
    if (!rc)
        rc = http_openapi_load(app, cfg->data_dir && *cfg->data_dir ? cfg->data_dir : engine_data_dir(), err);
    if (!rc)
        rc = http_sse_hub_new(app, err);
    if (rc) {
        app_free(app);
        free(srv);
        return rc;
    }

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(cfg->port);
    inet_pton(AF_INET, cfg->listen_addr, &sa.sin_addr);
    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL,
        on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cfg->threads ? cfg->threads : 2), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->timeout_s ? cfg->timeout_s : 30), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(cfg->per_ip_limit ? cfg->per_ip_limit : 64), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        app_free(app);
        free(srv);
        return hk_err_set(err, HK_EIO, "--listen", "cannot listen on %s:%u (in use, or not allowed)",
                          cfg->listen_addr, (unsigned)cfg->port);
    }
    *out = srv;
    return 0;
}

struct idx *http_server_index(http_server *srv)
{
    return srv->app.ix;
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
    /* Refuse new requests (their connections are closed unanswered), end
     * the live streams, then give the requests in flight up to five
     * seconds to finish and be answered; MHD_stop_daemon then closes the
     * listening socket and the idle connections, on which nothing was
     * acknowledged that is not written. MHD_quiesce_daemon is not used:
     * with a thread pool over epoll it races the workers and can abort
     * the process ("Failed to remove listen FD from epoll set", seen in
     * the tests under ASan). */
    atomic_store(&srv->stopping, 1);
    http_sse_hub_free(&srv->app);
    for (int i = 0; i < 500 && atomic_load(&srv->in_flight) > 0; i++)
        usleep(10000);
    MHD_stop_daemon(srv->daemon);
    app_free(&srv->app);
    free(srv);
}
