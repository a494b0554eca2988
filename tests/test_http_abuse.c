/*
 * test_http_abuse.c - the abuse cases of the security review (issue 17),
 * tried against the real server as an attacker would, so that none comes
 * back: a chosen account locked out by wrong passwords (finding 3), live
 * streams outliving sign-out and revocation or hoarded by throwaway
 * accounts (finding 4), and the request-target, log and cache defects of
 * finding 6 (too many parameters, %00 and %2F, forged log lines, cached
 * secrets, sessions never swept, no way to sign out everywhere).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "http_fixture.h"
#include "sse_client.h"

#define PASSWORD HTTP_FIXTURE_PASSWORD

typedef struct world {
    http_fixture fx;
    char log_path[128];
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    snprintf(w->log_path, sizeof w->log_path, "/tmp/hamkor-abuse-log-%ld", (long)getpid());
    w->fx.access_log = fopen(w->log_path, "w+");
    /* Behind a "load balancer" on loopback, so that a test can speak from
     * several client addresses with X-Forwarded-For. */
    w->fx.trusted_proxy = "127.0.0.1";
    *state = w;
    return w->fx.access_log && http_fixture_start(&w->fx, "abuse") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    world *w = *state;
    http_fixture_stop(&w->fx);
    fclose(w->fx.access_log);
    unlink(w->log_path);
    free(w);
    return 0;
}

static long status_of(uint16_t port, const http_request *rq, char *field, size_t cap)
{
    http_reply r = http_client_request(port, rq);
    long status = r.status;
    if (field) {
        json_t *j = r.body ? http_reply_json(&r) : NULL;
        snprintf(field, cap, "%s", j ? http_problem_field(j) : "");
        json_decref(j);
    }
    http_reply_free(&r);
    return status;
}

static long get(uint16_t port, const char *target, char *field, size_t cap)
{
    http_request rq = {.method = "GET", .target = target};
    return status_of(port, &rq, field, cap);
}

/* ---- finding 6: the request target ---- */

static void a_thousand_parameters_are_refused_at_once(void **state)
{
    world *w = *state;
    size_t cap = 16 * 1024;
    char *target = malloc(cap);
    size_t n = (size_t)snprintf(target, cap, "/api/v1/search?q=x");
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(target + n, cap - n, "&%d", i);
    char field[32];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long status = get(w->fx.port, target, field, sizeof field);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* Before: libmicrohttpd ran out of connection memory and the client
     * waited 30 s for nothing. */
    assert_int_equal(status, 400);
    assert_string_equal(field, "query");
    assert_true(t1.tv_sec - t0.tv_sec < 3);
    /* 65 short parameters: the cap, not the memory, refuses them. */
    n = (size_t)snprintf(target, cap, "/api/v1/search?q=x");
    for (int i = 0; i < 64; i++)
        n += (size_t)snprintf(target + n, cap - n, "&f%d=1", i);
    assert_int_equal(get(w->fx.port, target, field, sizeof field), 400);
    assert_string_equal(field, "query");
    /* A target longer than 4096 bytes: 414. */
    memset(target, 'a', 5000);
    memcpy(target, "/api/v1/search?q=", 17);
    target[5000] = '\0';
    assert_int_equal(get(w->fx.port, target, field, sizeof field), 414);
    assert_string_equal(field, "uri");
    free(target);
    /* The server still answers. */
    assert_int_equal(get(w->fx.port, "/healthz", NULL, 0), 200);
}

static void nul_and_encoded_slash_are_refused(void **state)
{
    world *w = *state;
    char field[32];
    assert_int_equal(get(w->fx.port, "/api/v1/listings/1%2F2", field, sizeof field), 400);
    assert_string_equal(field, "path");
    assert_int_equal(get(w->fx.port, "/api/v1/listings/1%2f..%2f2", field, sizeof field), 400);
    assert_int_equal(get(w->fx.port, "/api/v1/listings%00/1", field, sizeof field), 400);
    assert_string_equal(field, "path");
    assert_int_equal(get(w->fx.port, "/api/v1/search?q=a%00b", field, sizeof field), 400);
    assert_string_equal(field, "query");
    /* An encoded slash in a query value is data, not a path. */
    assert_int_equal(get(w->fx.port, "/api/v1/search?q=a%2Fb", NULL, 0), 200);
}

static void the_access_log_cannot_be_forged(void **state)
{
    world *w = *state;
    get(w->fx.port, "/api/v1/listings/1%0a2026-01-01T00:00:00Z%20GET%20/forged%20200", NULL, 0);
    get(w->fx.port, "/healthz", NULL, 0); /* a line after it, so the first is flushed */
    usleep(100000);
    fflush(w->fx.access_log);
    FILE *f = fopen(w->log_path, "r");
    assert_non_null(f);
    char line[1024];
    int lines = 0, forged = 0, escaped = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        if (!strncmp(line, "2026-01-01", 10))
            forged = 1;
        if (strstr(line, "/api/v1/listings/1%0a2026"))
            escaped = 1;
    }
    fclose(f);
    /* The path is logged as sent (still percent-encoded): one line. */
    assert_true(lines >= 2);
    assert_false(forged);
    assert_true(escaped);
}

static void private_answers_are_not_stored(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "cache@example.kz", "Cache");
    http_reply r = http_session_call(&u, "POST", "/api/v1/tokens", "{\"name\":\"ci\"}", NULL);
    assert_int_equal(r.status, 201);
    /* The one answer that carries a token's secret. */
    assert_string_equal(r.cache_control, "no-store, private");
    http_reply_free(&r);
    r = http_session_call(&u, "GET", "/api/v1/me", NULL, NULL);
    assert_string_equal(r.cache_control, "no-store, private");
    http_reply_free(&r);
    /* A visitor's public answer may be revalidated. */
    http_request rq = {.method = "GET", .target = "/api/v1/countries"};
    r = http_client_request(w->fx.port, &rq);
    assert_int_equal(r.status, 200);
    assert_string_not_equal(r.cache_control, "no-store, private");
    http_reply_free(&r);
}

/* ---- finding 3: sign-in limits ---- */

static long login_from(uint16_t port, const char *addr, const char *email, const char *password)
{
    char header[128], body[256];
    snprintf(header, sizeof header, "X-Forwarded-For: %s", addr);
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/login", .body = body, .body_len = strlen(body),
                       .headers = {header, NULL}};
    return status_of(port, &rq, NULL, 0);
}

static void wrong_passwords_elsewhere_never_lock_the_owner_out(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    http_fixture_user(st, "victim@example.uz", ROLE_MEMBER, NULL);
    store_close(st);
    /* The attacker spends the account's failures from its address... */
    long last = 0;
    int tries = 0;
    while (last != 429 && tries < 20) {
        last = login_from(w->fx.port, "198.51.100.66", "victim@example.uz", "not the password 1");
        tries++;
    }
    assert_int_equal(last, 429);
    assert_int_equal(tries, 6); /* five wrong passwords, then refused */
    /* ...and is still refused there, with the right password too... */
    assert_int_equal(login_from(w->fx.port, "198.51.100.66", "victim@example.uz", PASSWORD), 429);
    /* ...while the owner, elsewhere, signs in. */
    assert_int_equal(login_from(w->fx.port, "203.0.113.5", "victim@example.uz", PASSWORD), 200);
}

static void right_passwords_do_not_count(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    http_fixture_user(st, "often@example.uz", ROLE_MEMBER, NULL);
    store_close(st);
    /* Before: every sign-in counted, the sixth in five minutes was refused. */
    for (int i = 0; i < 8; i++)
        assert_int_equal(login_from(w->fx.port, "203.0.113.8", "often@example.uz", PASSWORD), 200);
    /* A success clears the failures before it. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(login_from(w->fx.port, "203.0.113.8", "often@example.uz", "wrong wrong 1"), 401);
    assert_int_equal(login_from(w->fx.port, "203.0.113.8", "often@example.uz", PASSWORD), 200);
    for (int i = 0; i < 5; i++)
        assert_int_equal(login_from(w->fx.port, "203.0.113.8", "often@example.uz", "wrong wrong 1"), 401);
    assert_int_equal(login_from(w->fx.port, "203.0.113.8", "often@example.uz", "wrong wrong 1"), 429);
}

/* ---- finding 4: live streams ---- */

static sse_client *stream_as(const http_fixture *fx, const http_session *u, const char *addr)
{
    char auth[640], fwd[96];
    if (u->bearer[0])
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", u->bearer);
    else
        snprintf(auth, sizeof auth, "Cookie: %s", u->cookie);
    snprintf(fwd, sizeof fwd, "X-Forwarded-For: %s", addr ? addr : "192.0.2.1");
    const char *headers[] = {auth, fwd, NULL};
    return sse_client_open(fx->port, headers);
}

static void a_stream_ends_with_its_session(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "streamer@example.in", "Streamer");
    http_session other = u; /* a second session of the same user */
    assert_int_equal(http_session_login(&other, w->fx.port, "streamer@example.in", PASSWORD), 200);
    sse_client *mine = stream_as(&w->fx, &u, NULL);
    sse_client *theirs = stream_as(&w->fx, &other, NULL);
    assert_true(sse_client_wait(mine, ": hamkor", 3000));
    assert_true(sse_client_wait(theirs, ": hamkor", 3000));
    http_expect(&u, "POST", "/api/v1/auth/logout", NULL, 204);
    /* Signing out ends the stream of that session at once, not the other. */
    assert_true(sse_client_wait(mine, NULL, 3000));
    assert_false(sse_client_wait(theirs, NULL, 300));
    sse_client_close(mine);
    /* A password change ends every other session, and their streams. */
    http_session third = other;
    assert_int_equal(http_session_login(&third, w->fx.port, "streamer@example.in", PASSWORD), 200);
    http_expect(&third, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"a brand new secret\"}", 204);
    assert_true(sse_client_wait(theirs, NULL, 3000));
    sse_client_close(theirs);
    /* A stream opened again with the old session is refused. */
    sse_client *again = stream_as(&w->fx, &other, NULL);
    assert_true(sse_client_wait(again, NULL, 3000));
    assert_int_equal(sse_client_status(again), 401);
    sse_client_close(again);
}

static void a_stream_ends_with_its_token(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "tokens@example.in", "Tokens");
    json_t *t = http_expect_json(&u, "POST", "/api/v1/tokens", "{\"name\":\"bot\"}", 201);
    http_session bot = {.port = w->fx.port};
    snprintf(bot.bearer, sizeof bot.bearer, "%s", json_string_value(json_object_get(t, "token")));
    char target[64];
    snprintf(target, sizeof target, "/api/v1/tokens/%lld", (long long)json_integer_value(json_object_get(t, "id")));
    json_decref(t);
    sse_client *c = stream_as(&w->fx, &bot, NULL);
    assert_true(sse_client_wait(c, ": hamkor", 3000));
    http_expect(&u, "DELETE", target, NULL, 204);
    assert_true(sse_client_wait(c, NULL, 3000));
    sse_client_close(c);
}

static void sign_out_everywhere_ends_sessions_tokens_and_streams(void **state)
{
    world *w = *state;
    http_session a = {0};
    http_session_register(&a, w->fx.port, "everywhere@example.pk", "Everywhere");
    http_session b = a;
    assert_int_equal(http_session_login(&b, w->fx.port, "everywhere@example.pk", PASSWORD), 200);
    json_t *t = http_expect_json(&a, "POST", "/api/v1/tokens", "{\"name\":\"bot\"}", 201);
    http_session bot = {.port = w->fx.port};
    snprintf(bot.bearer, sizeof bot.bearer, "%s", json_string_value(json_object_get(t, "token")));
    json_decref(t);
    sse_client *c = stream_as(&w->fx, &b, NULL);
    assert_true(sse_client_wait(c, ": hamkor", 3000));
    /* Not by API token: a leaked token must not lock its owner out. */
    http_expect(&bot, "POST", "/api/v1/auth/logout-everywhere", NULL, 403);
    json_t *j = http_expect_json(&a, "POST", "/api/v1/auth/logout-everywhere", NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "sessions_ended")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "tokens_revoked")), 1);
    json_decref(j);
    assert_true(sse_client_wait(c, NULL, 3000));
    sse_client_close(c);
    http_expect(&a, "GET", "/api/v1/me", NULL, 401);
    http_expect(&b, "GET", "/api/v1/me", NULL, 401);
    http_expect(&bot, "GET", "/api/v1/me", NULL, 401);
    /* A visitor is turned away. */
    http_session visitor = {.port = w->fx.port};
    http_expect(&visitor, "POST", "/api/v1/auth/logout-everywhere", NULL, 401);
}

static void one_address_cannot_take_every_stream(void **state)
{
    world *w = *state;
    enum { ACCOUNTS = 20 };
    sse_client *c[ACCOUNTS] = {0};
    int opened = 0, refused = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
        http_session u = {0};
        char email[64];
        snprintf(email, sizeof email, "throwaway%d@example.ru", i);
        http_session_register(&u, w->fx.port, email, "Throwaway");
        c[i] = stream_as(&w->fx, &u, "198.51.100.99");
        /* One at a time, so that the count is exact. */
        for (int waited = 0; waited < 3000; waited += 20) {
            if (sse_client_wait(c[i], ": hamkor", 0) || sse_client_wait(c[i], NULL, 0))
                break;
            usleep(20000);
        }
        if (sse_client_wait(c[i], ": hamkor", 0))
            opened++;
        else if (sse_client_status(c[i]) == 429)
            refused++;
    }
    assert_int_equal(opened, 16);
    assert_int_equal(refused, ACCOUNTS - 16);
    /* Someone at another address still gets a stream. */
    http_session u = {0};
    http_session_register(&u, w->fx.port, "bystander@example.ru", "Bystander");
    sse_client *mine = stream_as(&w->fx, &u, "203.0.113.20");
    assert_true(sse_client_wait(mine, ": hamkor", 3000));
    sse_client_close(mine);
    for (int i = 0; i < ACCOUNTS; i++)
        sse_client_close(c[i]);
}

/* ---- finding 5: the bulk export ---- */

/* A signed-in user with an API token, for the export tests. */
static http_session exporter(world *w, const char *email)
{
    http_session u = {0};
    http_session_register(&u, w->fx.port, email, "Exporter");
    json_t *t = http_expect_json(&u, "POST", "/api/v1/tokens", "{\"name\":\"export\"}", 201);
    http_session bot = {.port = w->fx.port, .user_id = u.user_id};
    snprintf(bot.bearer, sizeof bot.bearer, "%s", json_string_value(json_object_get(t, "token")));
    json_decref(t);
    return bot;
}

static size_t count_lines(const char *body)
{
    size_t n = 0;
    for (const char *p = body; p && *p; p++)
        n += *p == '\n';
    return n;
}

static void the_export_streams_public_records_to_accounts(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t org = http_fixture_org(st, "Export Works", "UZ", ORG_ENTERPRISE);
    int64_t first = http_fixture_listing(st, org, DIR_OFFER, "Экспорт один", NULL);
    int64_t second = http_fixture_listing(st, org, DIR_REQUEST, "Экспорт два", NULL);
    hk_err err;
    listing draft;
    memset(&draft, 0, sizeof draft);
    draft.org_id = org;
    draft.direction = DIR_OFFER;
    draft.kind = KIND_COPRODUCTION;
    draft.n_texts = 1;
    draft.texts = calloc(1, sizeof *draft.texts);
    draft.texts[0] = (listing_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Secret draft"), NULL};
    assert_int_equal(store_listing_create(st, &draft, 0, &err), 0);
    listing_free(&draft);
    int64_t published = 0, orgs = 0, first_id, last_id;
    assert_int_equal(store_listing_id_range(st, &first_id, &last_id, &err), 0);
    for (int64_t id = first_id; id <= last_id; id++) {
        listing l;
        if (store_listing_get(st, id, &l, &err) == 0) {
            published += l.status == STATUS_PUBLISHED;
            listing_free(&l);
        }
    }
    assert_int_equal(store_org_id_range(st, &first_id, &last_id, &err), 0);
    for (int64_t id = first_id; id <= last_id; id++) {
        organisation o;
        if (store_org_get(st, id, &o, &err) == 0) {
            orgs++;
            organisation_free(&o);
        }
    }
    store_close(st);
    http_session visitor = {.port = w->fx.port};
    http_expect(&visitor, "GET", "/api/v1/export/listings.jsonl", NULL, 401);
    http_session bot = exporter(w, "exports@example.uz");
    http_reply r = http_session_call(&bot, "GET", "/api/v1/export/listings.jsonl", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "ndjson"));
    /* Every published listing, one a line, in id order; no draft. */
    assert_int_equal(count_lines(r.body), published);
    assert_null(strstr(r.body, "Secret draft"));
    char *a = strstr(r.body, "Экспорт один"), *b = strstr(r.body, "Экспорт два");
    assert_true(a && b && a < b && first < second);
    for (char *line = r.body; *line; line = strchr(line, '\n') + 1) {
        json_error_t je;
        json_t *j = json_loadb(line, (size_t)(strchr(line, '\n') - line), 0, &je);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "status")), "published");
        json_decref(j);
    }
    http_reply_free(&r);
    r = http_session_call(&bot, "GET", "/api/v1/export/listings.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/csv"));
    assert_int_equal(strncmp(r.body, "id,", 3), 0);
    http_reply_free(&r);
    r = http_session_call(&bot, "GET", "/api/v1/export/organisations.jsonl", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_lines(r.body), orgs);
    assert_non_null(strstr(r.body, "Export Works"));
    http_reply_free(&r);
    r = http_session_call(&bot, "GET", "/api/v1/export/organisations.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

/* True when some cell of the CSV text starts with c (at the start of a
 * line or after a comma, quoted or not). */
static bool a_cell_starts_with(const char *csv, char c)
{
    for (const char *p = csv; *p; p++) {
        bool cell_start = p == csv || p[-1] == ',' || p[-1] == '\n';
        if (cell_start && (p[0] == c || (p[0] == '"' && p[1] == c)))
            return true;
    }
    return false;
}

static void csv_exports_quote_cells_a_spreadsheet_would_run(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    organisation o;
    memset(&o, 0, sizeof o);
    o.n_names = 1;
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){strdup("=HYPERLINK(\"http://evil.example\",\"Formula Works\")"), strdup("en"), true};
    memcpy(o.country, "UZ", 3);
    o.city = strdup("@SUM(1+1)*cmd|' /C calc'!A0");
    o.type = ORG_ENTERPRISE;
    hk_err err;
    assert_int_equal(store_org_create(st, &o, 0, &err), 0);
    http_fixture_listing(st, o.id, DIR_OFFER, "=1+2 aluminium profiles", NULL);
    organisation_free(&o);
    store_close(st);
    http_session bot = exporter(w, "formulas@example.uz");
    http_reply r = http_session_call(&bot, "GET", "/api/v1/export/organisations.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ",'@SUM(1+1)*cmd|' /C calc'!A0,"));
    for (const char *c = "=+-@"; *c; c++)
        if (a_cell_starts_with(r.body, *c))
            fail_msg("a cell of organisations.csv starts with %c", *c);
    http_reply_free(&r);
    r = http_session_call(&bot, "GET", "/api/v1/export/listings.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "=1+2 aluminium profiles"));
    for (const char *c = "=+-@"; *c; c++)
        if (a_cell_starts_with(r.body, *c))
            fail_msg("a cell of listings.csv starts with %c", *c);
    http_reply_free(&r);
}

/* Starts an export on a socket whose client then reads nothing more
 * than the status line; returns the socket. */
static int slow_export(uint16_t port, const char *bearer, char *status_line, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa))
        fail_msg("connect");
    char rq[256];
    int n = snprintf(rq, sizeof rq,
                     "GET /api/v1/export/listings.jsonl HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n",
                     bearer);
    if (send(fd, rq, (size_t)n, 0) != n)
        fail_msg("send");
    ssize_t got = recv(fd, status_line, cap - 1, 0);
    status_line[got > 0 ? got : 0] = '\0';
    return fd;
}

static void slow_exports_do_not_stall_the_server(void **state)
{
    world *w = *state;
    /* About 7 MB of published listings: more than the socket buffers of
     * a client that stops reading hold. */
    hk_store *st = http_fixture_store(&w->fx);
    int64_t org = http_fixture_org(st, "Bulk Works", "KZ", ORG_ENTERPRISE);
    char description[2101];
    memset(description, 'x', sizeof description - 1);
    description[sizeof description - 1] = '\0';
    hk_err err;
    assert_int_equal(store_begin(st, &err), 0);
    for (int i = 0; i < 3200; i++) {
        listing l;
        memset(&l, 0, sizeof l);
        l.org_id = org;
        l.direction = DIR_OFFER;
        l.kind = KIND_COPRODUCTION;
        l.n_texts = 1;
        l.texts = calloc(1, sizeof *l.texts);
        l.texts[0] = (listing_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Bulk casting"), strdup(description)};
        l.status = STATUS_PUBLISHED;
        memcpy(l.expires, "2099-12-31", 11);
        if (store_listing_create(st, &l, 0, &err))
            fail_msg("%s: %s", err.field, err.msg);
        listing_free(&l);
    }
    assert_int_equal(store_commit(st, &err), 0);
    store_close(st);
    enum { SLOW = 4 };
    int fds[SLOW];
    http_session users[SLOW];
    for (int i = 0; i < SLOW; i++) {
        char email[64], line[64];
        snprintf(email, sizeof email, "slow%d@example.kz", i);
        users[i] = exporter(w, email);
        fds[i] = slow_export(w->fx.port, users[i].bearer, line, sizeof line);
        assert_int_equal(strncmp(line, "HTTP/1.1 200", 12), 0);
    }
    /* The server still answers at once while they stall. The bug this
     * guards against stalled every answer (715 ms each); sanitizers and a
     * shared machine delay some answers on their own, so the test asks
     * that most of ten answers come within 200 ms, not all. */
    int slow_answers = 0;
    char seen[256] = "";
    for (int i = 0; i < 10; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(get(w->fx.port, "/healthz", NULL, 0), 200);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        snprintf(seen + strlen(seen), sizeof seen - strlen(seen), " %.0f", ms);
        if (ms > 200)
            slow_answers++;
    }
    if (slow_answers > 5)
        fail_msg("/healthz with slow exports open took (ms):%s; %d of 10 over 200 ms", seen, slow_answers);
    /* A second export of one of them waits its turn (429); a fifth user
     * finds the server's exports taken (503). */
    http_reply r = http_session_call(&users[0], "GET", "/api/v1/export/listings.jsonl", NULL, NULL);
    assert_int_equal(r.status, 429);
    assert_true(r.retry_after[0] != '\0');
    http_reply_free(&r);
    http_session fifth = exporter(w, "slow-fifth@example.kz");
    r = http_session_call(&fifth, "GET", "/api/v1/export/organisations.csv", NULL, NULL);
    assert_int_equal(r.status, 503);
    http_reply_free(&r);
    /* When they hang up, the slots come back. */
    for (int i = 0; i < SLOW; i++)
        close(fds[i]);
    long status = 0;
    for (int waited = 0; waited < 5000 && status != 200; waited += 100) {
        r = http_session_call(&fifth, "GET", "/api/v1/export/organisations.csv", NULL, NULL);
        status = r.status;
        http_reply_free(&r);
        if (status != 200)
            usleep(100000);
    }
    assert_int_equal(status, 200);
}

/* ---- finding 6: expired sessions are swept ---- */

static void expired_sessions_are_swept(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t uid = http_fixture_user(st, "sleeper@example.cn", ROLE_MEMBER, NULL);
    char hash[65], csrf[65];
    memset(hash, 'a', 64);
    memset(csrf, 'b', 64);
    hash[64] = csrf[64] = '\0';
    int64_t sid = 0;
    hk_err err;
    assert_int_equal(store_session_create(st, hash, csrf, uid, &sid, &err), 0);
    /* Last seen eight days ago: past the idle limit. */
    int64_t old = (int64_t)time(NULL) - 8 * 24 * 3600;
    assert_int_equal(store_session_touch(st, sid, old, &err), 0);
    store_close(st);
    /* The follower sweeps at its first round after a start. */
    assert_int_equal(http_fixture_restart(&w->fx), 0);
    st = http_fixture_store(&w->fx);
    int gone = 0;
    for (int waited = 0; waited < 5000 && !gone; waited += 50) {
        store_session s;
        gone = store_session_get_by_id(st, sid, &s, &err) == HK_ENOTFOUND;
        if (!gone)
            usleep(50000);
    }
    assert_true(gone);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_thousand_parameters_are_refused_at_once),
        cmocka_unit_test(nul_and_encoded_slash_are_refused),
        cmocka_unit_test(the_access_log_cannot_be_forged),
        cmocka_unit_test(private_answers_are_not_stored),
        cmocka_unit_test(wrong_passwords_elsewhere_never_lock_the_owner_out),
        cmocka_unit_test(right_passwords_do_not_count),
        cmocka_unit_test(a_stream_ends_with_its_session),
        cmocka_unit_test(a_stream_ends_with_its_token),
        cmocka_unit_test(sign_out_everywhere_ends_sessions_tokens_and_streams),
        cmocka_unit_test(one_address_cannot_take_every_stream),
        cmocka_unit_test(expired_sessions_are_swept),
        cmocka_unit_test(the_export_streams_public_records_to_accounts),
        cmocka_unit_test(csv_exports_quote_cells_a_spreadsheet_would_run),
        cmocka_unit_test(slow_exports_do_not_stall_the_server),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
