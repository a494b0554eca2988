/*
 * http_auth.c - who is asking, and whether they may. Every routed request
 * passes through http_actor_resolve() before its handler: an
 * "Authorization: Bearer hk_..." header names an API token; otherwise the
 * hk_session cookie names a session. Unsafe methods made with a session
 * must echo the csrf cookie in X-CSRF-Token, and that token must be the
 * session's own (docs/security.md, "Sessions and CSRF"). Handlers then
 * ask http_authorize(), which maps auth_can()'s decision to 401/403/404
 * in this one place.
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SESSION_COOKIE "hk_session"
#define CSRF_COOKIE "csrf"
#define TOUCH_EVERY 60                    /* seconds between last-seen writes */

static int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

static bool is_unsafe(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

const char *http_req_header(const http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* The last entry of X-Forwarded-For (the address the proxy itself saw:
 * entries before it were written by the client and prove nothing), when
 * it is an IP address; false otherwise. */
static bool forwarded_for(const http_req *req, char out[INET6_ADDRSTRLEN])
{
    const char *h = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!h)
        return false;
    const char *last = strrchr(h, ',');
    last = last ? last + 1 : h;
    while (*last == ' ' || *last == '\t')
        last++;
    size_t n = strcspn(last, " \t");
    char addr[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    if (n == 0 || n >= sizeof addr)
        return false;
    memcpy(addr, last, n);
    addr[n] = '\0';
    if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1)
        return false;
    memcpy(out, addr, n + 1);
    return true;
}

void http_client_addr(const http_req *req, char out[INET6_ADDRSTRLEN])
{
    strcpy(out, "?");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, INET6_ADDRSTRLEN);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, INET6_ADDRSTRLEN);
    /* Behind a trusted load balancer every request comes from it: the
     * client is who it says connected to it. A header from anyone else
     * is ignored, so it cannot be used to dodge the per-address limits. */
    const char *proxy = req->app->trusted_proxy;
    if (proxy[0] && !strcmp(out, proxy))
        forwarded_for(req, out);
}

void http_actor_free(http_actor *ac)
{
    user_free(&ac->u);
    free(ac->ms);
    memset(ac, 0, sizeof *ac);
}

int http_actor_load_memberships(http_req *req, http_actor *ac, hk_err *err)
{
    membership *m = NULL;
    size_t n = 0;
    int rc = store_memberships_of_user(req->st, ac->u.id, &m, &n, err);
    if (rc)
        return rc;
    auth_membership *ms = n ? calloc(n, sizeof *ms) : NULL;
    if (n && !ms) {
        free(m);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        ms[i] = (auth_membership){.org_id = m[i].org_id, .is_admin = m[i].is_admin};
    free(m);
    free(ac->ms);
    ac->ms = ms;
    ac->a.memberships = ms;
    ac->a.n_memberships = n;
    return 0;
}

/* Fills the actor from user id: the user, its role and state, its
 * memberships. HK_ENOTFOUND when the user is gone. */
static int load_actor(http_req *req, int64_t user_id, hk_err *err)
{
    http_actor *ac = &req->actor;
    int rc = store_user_get(req->st, user_id, &ac->u, err);
    if (rc)
        return rc;
    ac->a.user_id = ac->u.id;
    ac->a.role = ac->u.role;
    memcpy(ac->a.country, ac->u.country, sizeof ac->a.country);
    return http_actor_load_memberships(req, ac, err);
}

static void unauthorized(http_resp *resp, const char *why)
{
    hk_err err;
    hk_err_set(&err, HK_EINVAL, "Authorization", "%s", why);
    http_problem(resp, 401, "unauthorized", "Sign in first", &err);
    http_header(resp, "WWW-Authenticate", "Bearer realm=\"hamkor\"");
}

void http_log_security(const http_req *req, const char *what, const char *account)
{
    char addr[INET6_ADDRSTRLEN], who[320], path[256];
    http_client_addr(req, addr);
    if (!account && req->actor.a.user_id)
        account = req->actor.u.email;
    http_log_escape(account ? account : "-", who, sizeof who);
    http_log_escape(req->url ? req->url : "-", path, sizeof path);
    fprintf(stderr, "hamkor serve: security: %s: address %s, account %s, %s %s\n", what, addr, who,
            req->method ? req->method : "-", path);
}

static int csrf_failed(http_req *req, http_resp *resp, const char *field, const char *why)
{
    http_log_security(req, "CSRF check failed", NULL);
    hk_err err;
    hk_err_set(&err, HK_EFORBIDDEN, field, "%s", why);
    http_problem(resp, 403, "csrf_failed", "The request did not prove it comes from hamkor's own pages", &err);
    return -1;
}

/* "Authorization: Bearer hk_..." */
static int resolve_token(http_req *req, http_resp *resp, const char *authz)
{
    http_app *app = req->app;
    hk_err err;
    char id[AUTH_API_ID_LEN + 1];
    const char *token = !strncasecmp(authz, "Bearer ", 7) ? authz + 7 : NULL;
    store_api_token t;
    memset(&t, 0, sizeof t);
    bool ok = token && auth_api_token_parse(token, id, &err) == 0 &&
              store_api_token_get_by_key(req->st, id, &t, &err) == 0 &&
              auth_token_check(&app->key, AUTH_TOKEN_API, token, t.hash) && t.revoked_at == 0 &&
              (t.expires_at == 0 || t.expires_at > now_s());
    if (ok && load_actor(req, t.user_id, &err) != 0)
        ok = false;
    if (!ok) {
        store_api_token_free(&t);
        http_actor_free(&req->actor);
        /* Failed token checks spend a per-address budget of their own,
         * so tokens cannot be guessed at speed. */
        char addr[INET6_ADDRSTRLEN];
        http_client_addr(req, addr);
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t retry = 0;
        if (!auth_rate_take(app->token_by_addr, addr, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &retry)) {
            http_log_security(req, "API token refused: too many failed checks", NULL);
            http_problem(resp, 429, "rate_limited", "Too many attempts; wait and try again", NULL);
            http_header(resp, "Retry-After", "%lld", (long long)(retry + 999) / 1000);
            return -1;
        }
        unauthorized(resp, token ? "the API token is not valid, revoked or expired"
                                 : "use \"Authorization: Bearer <API token>\"");
        return -1;
    }
    req->actor.a.by_api_token = true;
    req->actor.token_id = t.id;
    if (now_s() - t.last_used_at >= TOUCH_EVERY)
        store_api_token_touch(req->st, t.id, now_s(), NULL);
    store_api_token_free(&t);
    return 0;
}

/* The hk_session cookie; a missing, malformed or stale one is a visitor. */
static int resolve_session(http_req *req, http_resp *resp)
{
    http_app *app = req->app;
    const char *sid = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (!sid || !auth_token_well_formed(sid))
        return 0;
    char hash[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_hash(&app->key, AUTH_TOKEN_SESSION, sid, hash);
    store_session s;
    hk_err err;
    if (store_session_get(req->st, hash, &s, &err))
        return 0;
    int64_t now = now_s();
    if (auth_session_expired(s.created_at, s.last_seen_at, now)) {
        store_session_delete(req->st, s.id, NULL);
        return 0;
    }
    if (load_actor(req, s.user_id, &err)) {
        http_actor_free(&req->actor);
        return 0;
    }
    req->actor.session_id = s.id;
    if (now - s.last_seen_at >= TOUCH_EVERY)
        store_session_touch(req->st, s.id, now, NULL);
    if (!is_unsafe(req->method) || req->no_csrf)
        return 0;
    const char *header = http_req_header(req, "X-CSRF-Token");
    const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, CSRF_COOKIE);
    if (!header)
        return csrf_failed(req, resp, "X-CSRF-Token", "send the value of the csrf cookie in the X-CSRF-Token header");
    if (!cookie || !auth_token_equal(header, cookie) ||
        !auth_token_check(&app->key, AUTH_TOKEN_CSRF, header, s.csrf_hash))
        return csrf_failed(req, resp, "X-CSRF-Token", "the CSRF token does not belong to this session; sign in again");
    return 0;
}

/* Unsafe requests: a body must be JSON, and an Origin, when sent, must
 * be this server. */
static int check_unsafe(http_req *req, http_resp *resp)
{
    if (req->body_len) {
        const char *ct = http_req_header(req, "Content-Type");
        size_t n = ct ? strcspn(ct, ";") : 0;
        while (n && ct[n - 1] == ' ')
            n--;
        if (!ct || !((n == 16 && !strncasecmp(ct, "application/json", 16)) ||
                     (n == 28 && !strncasecmp(ct, "application/merge-patch+json", 28)))) {
            hk_err err;
            hk_err_set(&err, HK_EINVAL, "Content-Type", "must be application/json");
            http_problem(resp, 415, "unsupported_media_type", "The body must be JSON", &err);
            return -1;
        }
    }
    const char *origin = http_req_header(req, "Origin");
    const char *host = http_req_header(req, "Host");
    if (origin && strcmp(origin, "null") != 0) {
        const char *rest = !strncmp(origin, "http://", 7) ? origin + 7 : !strncmp(origin, "https://", 8) ? origin + 8 : NULL;
        if (!rest || !host || strcasecmp(rest, host) != 0)
            return csrf_failed(req, resp, "Origin", "requests that change data must come from this server's own pages");
    } else if (origin) {
        return csrf_failed(req, resp, "Origin", "requests that change data must come from this server's own pages");
    }
    return 0;
}

int http_actor_resolve(http_req *req, http_resp *resp)
{
    memset(&req->actor, 0, sizeof req->actor);
    if (is_unsafe(req->method) && check_unsafe(req, resp))
        return -1;
    const char *authz = http_req_header(req, "Authorization");
    if (authz)
        return resolve_token(req, resp, authz);
    return resolve_session(req, resp);
}

bool http_actor_in_org(const http_req *req, int64_t org_id)
{
    const auth_actor *a = &req->actor.a;
    for (size_t i = 0; i < a->n_memberships; i++)
        if (a->memberships[i].org_id == org_id)
            return true;
    return false;
}

int http_require_user(http_req *req, http_resp *resp)
{
    if (req->actor.a.user_id)
        return 0;
    unauthorized(resp, "this needs a signed-in user (a session or an API token)");
    return -1;
}

int http_authorize(http_req *req, http_resp *resp, auth_action action, const auth_target *target)
{
    auth_target none;
    memset(&none, 0, sizeof none);
    auth_decision d = auth_can(&req->actor.a, action, target ? target : &none);
    switch (d) {
    case AUTH_ALLOW: return 0;
    case AUTH_DENY_UNAUTHENTICATED: unauthorized(resp, "this needs a signed-in user"); break;
    case AUTH_NOT_FOUND: http_not_found(resp, "id"); break;
    default: {
        hk_err err;
        hk_err_set(&err, HK_EFORBIDDEN, "", "%s is not allowed to you for this record", auth_action_name(action));
        http_problem(resp, 403, "forbidden", "You may not do this", &err);
    }
    }
    return -1;
}

void http_target_org(auth_target *t, const organisation *o)
{
    memset(t, 0, sizeof *t);
    t->org_id = o->id;
    memcpy(t->org_country, o->country, sizeof t->org_country);
}

int http_listing_for(http_req *req, http_resp *resp, auth_action action, listing *l, auth_target *t)
{
    hk_err err;
    memset(l, 0, sizeof *l);
    if (store_listing_get(req->st, req->ids[0], l, &err)) {
        http_error(resp, &err);
        return -1;
    }
    auth_target target;
    memset(&target, 0, sizeof target);
    target.org_id = l->org_id;
    target.listing_status = l->status;
    if (t)
        *t = target;
    if (http_authorize(req, resp, action, &target)) {
        listing_free(l);
        return -1;
    }
    return 0;
}

/* ---- sessions ---- */

static void set_cookie(http_req *req, http_resp *resp, const char *name, const char *value, int http_only,
                       long max_age)
{
    http_header(resp, "Set-Cookie", "%s=%s; Path=/; SameSite=Lax; Max-Age=%ld%s%s", name, value, max_age,
                http_only ? "; HttpOnly" : "", req->app->secure_cookies ? "; Secure" : "");
}

int http_session_start(http_req *req, http_resp *resp, int64_t user_id, char csrf_out[AUTH_TOKEN_LEN + 1])
{
    http_app *app = req->app;
    char sid[AUTH_TOKEN_LEN + 1], sid_hash[AUTH_TOKEN_HASH_LEN + 1], csrf_hash[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_new(sid);
    auth_token_new(csrf_out);
    auth_token_hash(&app->key, AUTH_TOKEN_SESSION, sid, sid_hash);
    auth_token_hash(&app->key, AUTH_TOKEN_CSRF, csrf_out, csrf_hash);
    hk_err err;
    /* A new id at every sign-in, so a session id planted before sign-in
     * is worth nothing. A session the client had stays valid until it
     * ends (the browser replaces its cookie). */
    int64_t id = 0;
    if (store_session_create(req->st, sid_hash, csrf_hash, user_id, &id, &err)) {
        http_error(resp, &err);
        return -1;
    }
    req->actor.session_id = id;
    set_cookie(req, resp, SESSION_COOKIE, sid, 1, AUTH_SESSION_MAX_AGE);
    set_cookie(req, resp, CSRF_COOKIE, csrf_out, 0, AUTH_SESSION_MAX_AGE);
    return 0;
}

void http_session_end(http_req *req, http_resp *resp)
{
    if (req->actor.session_id)
        store_session_delete(req->st, req->actor.session_id, NULL);
    req->actor.session_id = 0;
    http_sse_recheck_user(req->app, req->actor.a.user_id);
    set_cookie(req, resp, SESSION_COOKIE, "", 1, 0);
    set_cookie(req, resp, CSRF_COOKIE, "", 0, 0);
}
