/*
 * test_http_inbox.c - the exchange between organisations over real HTTP
 * with real sessions: expressions of interest (send, the inbox, read,
 * accept or decline, who may do which), their message threads, the
 * notifications they raise, saved searches, and the live notification
 * stream (server-sent events, read by libcurl in a thread), including
 * resuming after Last-Event-ID and stopping the server while a stream is
 * open.
 *
 * Organisations, memberships and listings are written straight into the
 * store at setup; everything under test goes through the API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_fixture.h"
#include "sse_client.h"

typedef struct server {
    http_fixture fx;
    http_session alice, bob, carol; /* members of orgs A, B, C */
    http_session visitor;          /* no session */
    int64_t org_a, org_b, org_c;
    int64_t listing_a;             /* a published listing of A */
} server;

/* ---- helpers ---- */

/* The refused request names field in its problem document. */
static void expect_field(http_session *s, const char *method, const char *target, const char *body, long status,
                         const char *field)
{
    json_t *j = http_expect_json(s, method, target, body, status);
    assert_non_null(j);
    assert_string_equal(http_problem_field(j), field);
    json_decref(j);
}

static int64_t id_of(json_t *j) { return (int64_t)json_integer_value(json_object_get(j, "id")); }

/* An enterprise whose admin is member. */
static int64_t make_org(hk_store *st, const char *name, const char *iso2, int64_t member)
{
    int64_t id = http_fixture_org(st, name, iso2, ORG_ENTERPRISE);
    http_fixture_member(st, member, id, true);
    return id;
}

static int64_t make_listing(hk_store *st, int64_t org, const char *title)
{
    return http_fixture_listing(st, org, DIR_OFFER, title, NULL);
}

static int setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    if (http_fixture_start(&s->fx, "inbox"))
        return -1;
    s->visitor.port = s->fx.port;
    http_session_register(&s->alice, s->fx.port, "alice@tashkent.example", "Алишер");
    http_session_register(&s->bob, s->fx.port, "bob@almaty.example", "Болат");
    http_session_register(&s->carol, s->fx.port, "carol@xian.example", "陈");
    hk_store *st = http_fixture_store(&s->fx);
    s->org_a = make_org(st, "Tashkent Foundry", "UZ", s->alice.user_id);
    s->org_b = make_org(st, "Almaty Machine Works", "KZ", s->bob.user_id);
    s->org_c = make_org(st, "Xi'an Castings", "CN", s->carol.user_id);
    s->listing_a = make_listing(st, s->org_a, "Литьё алюминия под давлением");
    store_close(st);
    return 0;
}

static int teardown(void **state)
{
    server *s = *state;
    http_fixture_stop(&s->fx);
    free(s);
    return 0;
}

/* Bob (org B) sends an interest in A's listing; returns its id. */
static int64_t send_interest(server *s)
{
    char target[96], body[256];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)s->listing_a);
    snprintf(body, sizeof body,
             "{\"from_org_id\":%lld,\"offered\":\"Пресс-формы\",\"sought\":\"Отливки\",\"why\":\"Рядом\"}",
             (long long)s->org_b);
    json_t *j = http_expect_json(&s->bob, "POST", target, body, 201);
    int64_t id = id_of(j);
    json_decref(j);
    return id;
}

/* The user's notifications, newest first. */
static json_t *notifications(http_session *u)
{
    return http_expect_json(u, "GET", "/api/v1/notifications", NULL, 200);
}

static int has_kind(json_t *list, const char *kind)
{
    size_t i;
    json_t *n;
    json_array_foreach(list, i, n) if (!strcmp(json_string_value(json_object_get(n, "kind")), kind)) return 1;
    return 0;
}

/* ---- expressions of interest ---- */

static void interest_is_sent_with_location_and_listing_title(void **state)
{
    server *s = *state;
    char target[96], body[256];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)s->listing_a);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"Пресс-формы\",\"sought\":\"Отливки\",\"why\":\"Рядом\"}",
             (long long)s->org_b);
    http_reply r = http_session_call(&s->bob, "POST", target, body, NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    char loc[96];
    snprintf(loc, sizeof loc, "/api/v1/interests/%lld", (long long)id_of(j));
    assert_string_equal(r.location, loc);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "pending");
    assert_string_equal(json_string_value(json_object_get(j, "listing_title")), "Литьё алюминия под давлением");
    assert_string_equal(json_string_value(json_object_get(j, "from_org_name")), "Almaty Machine Works");
    assert_int_equal(json_integer_value(json_object_get(j, "from_user_id")), s->bob.user_id);
    assert_true(json_is_null(json_object_get(j, "decided_at")));
    json_decref(j);
    http_reply_free(&r);
    /* A second pending one from the same organisation is a conflict. */
    http_expect(&s->bob, "POST", target, body, 409);
}

static void interest_send_is_refused_to_the_wrong_senders(void **state)
{
    server *s = *state;
    char target[96], body[256];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)s->listing_a);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\"}",
             (long long)s->org_a);
    http_expect(&s->alice, "POST", target, body, 403); /* its own listing */
    http_expect(&s->bob, "POST", target, body, 403);   /* as an organisation he is not in */
    http_expect(&s->visitor, "POST", target, body, 401);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\",\"x\":1}",
             (long long)s->org_b);
    expect_field(&s->bob, "POST", target, body, 400, "x");
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\"}", (long long)s->org_b);
    expect_field(&s->bob, "POST", target, body, 400, "why");
    expect_field(&s->bob, "POST", target, "{\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\"}", 400, "from_org_id");
    http_expect(&s->bob, "POST", "/api/v1/listings/999999/interests", body, 404);
    /* A draft is invisible to outsiders, whatever the body says. */
    hk_store *st = http_fixture_store(&s->fx);
    hk_err err;
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = s->org_a;
    l.n_texts = 1;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Draft"), NULL};
    if (store_listing_create(st, &l, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)l.id);
    listing_free(&l);
    store_close(st);
    http_expect(&s->bob, "POST", target, "{\"x\":1}", 404);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\"}",
             (long long)s->org_b);
    http_expect(&s->bob, "POST", target, body, 404);
}

static void inbox_lists_received_and_sent_for_each_side(void **state)
{
    server *s = *state;
    int64_t id = send_interest(s);
    json_t *j = http_expect_json(&s->alice, "GET", "/api/v1/interests?box=received", NULL, 200);
    json_t *list = json_object_get(j, "interests");
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(id_of(json_array_get(list, 0)), id);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "listing_title")),
                        "Литьё алюминия под давлением");
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);
    j = http_expect_json(&s->bob, "GET", "/api/v1/interests?box=sent", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "interests")), 1);
    json_decref(j);
    j = http_expect_json(&s->bob, "GET", "/api/v1/interests?box=received", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "interests")), 0);
    json_decref(j);
    j = http_expect_json(&s->carol, "GET", "/api/v1/interests?box=received", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "interests")), 0);
    json_decref(j);
    /* One per page: the cursor leads to the (empty) next page. */
    j = http_expect_json(&s->alice, "GET", "/api/v1/interests?limit=1", NULL, 200);
    const char *next = json_string_value(json_object_get(j, "next_cursor"));
    assert_non_null(next);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests?limit=1&cursor=%s", next);
    json_decref(j);
    j = http_expect_json(&s->alice, "GET", target, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "interests")), 0);
    json_decref(j);
    expect_field(&s->alice, "GET", "/api/v1/interests?box=inbox", NULL, 400, "box");
    expect_field(&s->alice, "GET", "/api/v1/interests?colour=red", NULL, 400, "colour");
    expect_field(&s->alice, "GET", "/api/v1/interests?limit=0", NULL, 400, "limit");
    http_expect(&s->visitor, "GET", "/api/v1/interests", NULL, 401);
}

static void interest_is_read_by_the_two_organisations_only(void **state)
{
    server *s = *state;
    int64_t id = send_interest(s);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld", (long long)id);
    json_t *j = http_expect_json(&s->alice, "GET", target, NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "from_org_name")), "Almaty Machine Works");
    json_decref(j);
    http_expect(&s->bob, "GET", target, NULL, 200);
    http_expect(&s->carol, "GET", target, NULL, 404);
    http_expect(&s->visitor, "GET", target, NULL, 401);
    http_expect(&s->alice, "GET", "/api/v1/interests/999999", NULL, 404);
}

static void listing_org_accepts_and_the_sender_cannot_decide(void **state)
{
    server *s = *state;
    int64_t id = send_interest(s);
    char accept[96], decline[96];
    snprintf(accept, sizeof accept, "/api/v1/interests/%lld/accept", (long long)id);
    snprintf(decline, sizeof decline, "/api/v1/interests/%lld/decline", (long long)id);
    http_expect(&s->bob, "POST", accept, "{}", 403);
    http_expect(&s->carol, "POST", accept, "{}", 404);
    http_expect(&s->visitor, "POST", accept, "{}", 401);
    expect_field(&s->alice, "POST", accept, "{\"why\":\"x\"}", 400, "why");
    json_t *j = http_expect_json(&s->alice, "POST", accept, "{}", 200);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "accepted");
    assert_true(json_is_string(json_object_get(j, "decided_at")));
    json_decref(j);
    http_expect(&s->alice, "POST", accept, "{}", 409);
    http_expect(&s->alice, "POST", decline, "{}", 409);
    /* Decided, the organisation may send another. */
    send_interest(s);
}

static void thread_carries_messages_both_ways_with_author_names(void **state)
{
    server *s = *state;
    int64_t id = send_interest(s);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/messages", (long long)id);
    json_t *j = http_expect_json(&s->bob, "POST", target, "{\"body\":\"Здравствуйте! Когда можно приехать?\"}", 201);
    assert_string_equal(json_string_value(json_object_get(j, "author_name")), "Болат");
    json_decref(j);
    http_expect(&s->alice, "POST", target, "{\"body\":\"В четверг.\"}", 201);
    j = http_expect_json(&s->bob, "GET", target, NULL, 200);
    json_t *m = json_object_get(j, "messages");
    assert_int_equal(json_array_size(m), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "body")),
                        "Здравствуйте! Когда можно приехать?");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(m, 0), "author_id")), s->bob.user_id);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 1), "author_name")), "Алишер");
    json_decref(j);
    http_expect(&s->carol, "GET", target, NULL, 404);
    http_expect(&s->carol, "POST", target, "{\"body\":\"hello\"}", 404);
    http_expect(&s->visitor, "GET", target, NULL, 401);
    expect_field(&s->bob, "POST", target, "{\"body\":\"\"}", 400, "body");
    expect_field(&s->bob, "POST", target, "{\"body\":\"a\",\"to\":1}", 400, "to");
    char *big = malloc(5002 * 2 + 16);
    strcpy(big, "{\"body\":\"");
    for (int i = 0; i < 5001; i++)
        strcat(big, "я");
    strcat(big, "\"}");
    expect_field(&s->bob, "POST", target, big, 400, "body");
    free(big);
    /* A declined interest's thread is closed. */
    char decline[96];
    snprintf(decline, sizeof decline, "/api/v1/interests/%lld/decline", (long long)id);
    http_expect(&s->alice, "POST", decline, "{}", 200);
    http_expect(&s->bob, "POST", target, "{\"body\":\"Жаль.\"}", 409);
}

static void notifications_reach_the_other_side_and_are_marked_read(void **state)
{
    server *s = *state;
    int64_t id = send_interest(s);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/messages", (long long)id);
    http_expect(&s->bob, "POST", target, "{\"body\":\"Добрый день\"}", 201);
    snprintf(target, sizeof target, "/api/v1/interests/%lld/accept", (long long)id);
    http_expect(&s->alice, "POST", target, "{}", 200);

    json_t *a = notifications(&s->alice);
    json_t *list = json_object_get(a, "notifications");
    assert_int_equal(json_array_size(list), 2);
    assert_true(has_kind(list, "interest_received"));
    assert_true(has_kind(list, "message"));
    assert_int_equal(json_integer_value(json_object_get(a, "unread")), 2);
    json_t *first = json_array_get(list, 0), *second = json_array_get(list, 1);
    assert_true(id_of(first) > id_of(second)); /* newest first */
    assert_true(json_is_object(json_object_get(second, "payload")));
    assert_int_equal(json_integer_value(json_object_get(second, "interest_id")), id);
    assert_int_equal(json_integer_value(json_object_get(second, "listing_id")), s->listing_a);
    assert_false(json_is_true(json_object_get(second, "read")));
    int64_t alices = id_of(second);

    json_t *b = notifications(&s->bob);
    assert_int_equal(json_array_size(json_object_get(b, "notifications")), 1);
    assert_true(has_kind(json_object_get(b, "notifications"), "interest_decided"));
    json_decref(b);
    json_t *c = notifications(&s->carol);
    assert_int_equal(json_array_size(json_object_get(c, "notifications")), 0);
    json_decref(c);

    char read[96];
    snprintf(read, sizeof read, "/api/v1/notifications/%lld/read", (long long)alices);
    http_expect(&s->bob, "POST", read, "{}", 404);
    http_expect(&s->visitor, "POST", read, "{}", 401);
    http_expect(&s->alice, "POST", read, "{}", 204);
    http_expect(&s->alice, "POST", read, "{}", 204); /* again: no change, no error */
    http_expect(&s->alice, "POST", "/api/v1/notifications/999999/read", "{}", 404);
    json_decref(a);
    a = notifications(&s->alice);
    assert_int_equal(json_integer_value(json_object_get(a, "unread")), 1);
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(a, "notifications"), 1), "read")));
    json_decref(a);

    /* Pages: one at a time, older with before=. */
    a = http_expect_json(&s->alice, "GET", "/api/v1/notifications?limit=1", NULL, 200);
    const char *next = json_string_value(json_object_get(a, "next_cursor"));
    assert_non_null(next);
    snprintf(read, sizeof read, "/api/v1/notifications?limit=1&before=%s", next);
    json_t *p2 = http_expect_json(&s->alice, "GET", read, NULL, 200);
    assert_int_equal(id_of(json_array_get(json_object_get(p2, "notifications"), 0)), alices);
    json_decref(p2);
    json_decref(a);
    expect_field(&s->alice, "GET", "/api/v1/notifications?limit=101", NULL, 400, "limit");
    expect_field(&s->alice, "GET", "/api/v1/notifications?after=1", NULL, 400, "after");
    http_expect(&s->visitor, "GET", "/api/v1/notifications", NULL, 401);
}

/* ---- saved searches ---- */

static void saved_searches_are_created_listed_and_deleted_by_their_owner(void **state)
{
    server *s = *state;
    http_reply r = http_session_call(&s->alice, "POST", "/api/v1/saved-searches",
                                     "{\"name\":\"Литьё в Казахстане\",\"query\":\"литьё алюминия\",\"lang\":\"ru\","
                                     "\"filters\":{\"country\":[\"KZ\"]}}",
                                     NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    int64_t id = id_of(j);
    char loc[96];
    snprintf(loc, sizeof loc, "/api/v1/saved-searches/%lld", (long long)id);
    assert_string_equal(r.location, loc);
    assert_string_equal(json_string_value(json_object_get(j, "lang")), "ru");
    assert_true(json_is_object(json_object_get(j, "filters")));
    json_decref(j);
    http_reply_free(&r);

    j = http_expect_json(&s->alice, "GET", "/api/v1/saved-searches", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "saved_searches")), 1);
    json_decref(j);
    j = http_expect_json(&s->bob, "GET", "/api/v1/saved-searches", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "saved_searches")), 0);
    json_decref(j);

    http_expect(&s->bob, "DELETE", loc, NULL, 404);
    http_expect(&s->visitor, "DELETE", loc, NULL, 401);
    http_expect(&s->alice, "DELETE", loc, NULL, 204);
    http_expect(&s->alice, "DELETE", loc, NULL, 404);
    j = http_expect_json(&s->alice, "GET", "/api/v1/saved-searches", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "saved_searches")), 0);
    json_decref(j);
}

static void saved_search_refusals_name_the_field(void **state)
{
    server *s = *state;
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"query\":\"x\"}", 400, "name");
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"name\":\"x\"}", 400, "query");
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"name\":\"\",\"query\":\"x\"}", 400, "name");
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"query\":\"x\",\"filters\":[1]}", 400,
                 "filters");
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"query\":\"x\",\"lang\":\"??\"}", 400,
                 "lang");
    expect_field(&s->alice, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"query\":\"x\",\"colour\":1}", 400,
                 "colour");
    http_expect(&s->visitor, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"query\":\"x\"}", 401);
    http_expect(&s->visitor, "GET", "/api/v1/saved-searches", NULL, 401);
}

/* ---- the live stream ---- */

typedef sse_client stream_client;

/* u's stream on its node (or the test server), after last_event_id
 * when it is not negative. */
static stream_client *stream_open(server *s, http_session *u, int64_t last_event_id)
{
    char cookie[640], lei[64];
    snprintf(cookie, sizeof cookie, "Cookie: %s", u->cookie);
    snprintf(lei, sizeof lei, "Last-Event-ID: %lld", (long long)last_event_id);
    const char *headers[] = {cookie, last_event_id >= 0 ? lei : NULL, NULL};
    return sse_client_open(u->port ? u->port : s->fx.port, headers);
}

#define stream_wait sse_client_wait
#define stream_close sse_client_close

static int64_t newest_notification(http_session *u)
{
    json_t *j = notifications(u);
    int64_t id = id_of(json_array_get(json_object_get(j, "notifications"), 0));
    json_decref(j);
    return id;
}

static void stream_delivers_a_new_notification_at_once(void **state)
{
    server *s = *state;
    stream_client *c = stream_open(s, &s->alice, -1);
    assert_true(stream_wait(c, ": hamkor notifications\n", 3000));
    /* Opened without Last-Event-ID, the stream sends only what is new. */
    send_interest(s);
    int64_t id = newest_notification(&s->alice);
    char want[64];
    snprintf(want, sizeof want, "id: %lld\nevent: notification\ndata: {", (long long)id);
    assert_true(stream_wait(c, want, 3000));
    assert_true(sse_client_received(c, "\"kind\":\"interest_received\""));
    stream_close(c);
}

/* ---- two nodes on one store ----
 * A second server on the same database and token key, as a second node
 * behind a load balancer (on PostgreSQL in the suite's PostgreSQL pass;
 * two processes on one SQLite file otherwise). */

static void a_second_node_shares_sessions_writes_and_notifications(void **state)
{
    server *s = *state;
    http_fixture b = s->fx; /* the same database and key; a server of its own */
    b.srv = NULL;
    assert_int_equal(http_fixture_serve(&b), 0);
    /* A session made on node A works on node B. */
    http_session alice_b = s->alice;
    alice_b.port = b.port;
    http_expect(&alice_b, "GET", "/api/v1/me", NULL, 200);
    /* A notification raised by a write on A reaches a live stream on B. */
    stream_client *c = stream_open(s, &alice_b, -1);
    assert_true(stream_wait(c, ": hamkor notifications\n", 3000));
    send_interest(s);
    assert_true(stream_wait(c, "\"kind\":\"interest_received\"", 5000));
    stream_close(c);
    /* A listing published on A is found by search on B within a second. */
    char body[512], target[96];
    snprintf(body, sizeof body,
             "{\"org_id\":%lld,\"direction\":\"offer\",\"kind\":\"supply\",\"expires\":\"2099-12-31\","
             "\"hs\":[\"7616\"],\"texts\":[{\"lang\":\"en\",\"origin\":\"original\","
             "\"title\":\"Castings zqnodetwoword\"}]}",
             (long long)s->org_a);
    json_t *j = http_expect_json(&s->alice, "POST", "/api/v1/listings", body, 201);
    snprintf(target, sizeof target, "/api/v1/listings/%lld/publish", (long long)id_of(j));
    json_decref(j);
    http_expect(&s->alice, "POST", target, "{}", 200);
    http_session visitor_b = {.port = b.port};
    long found = 0;
    for (int waited = 0; waited <= 1000 && !found; waited += 10) {
        json_t *r = http_expect_json(&visitor_b, "GET", "/api/v1/search?q=zqnodetwoword", NULL, 200);
        found = (long)json_integer_value(json_object_get(r, "total"));
        json_decref(r);
        if (!found)
            usleep(10000);
    }
    assert_int_equal(found, 1);
    http_server_stop(b.srv);
}

static void stream_resumes_after_last_event_id(void **state)
{
    server *s = *state;
    int64_t eoi = send_interest(s);
    int64_t first = newest_notification(&s->alice);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/messages", (long long)eoi);
    http_expect(&s->bob, "POST", target, "{\"body\":\"Ещё вопрос\"}", 201);
    int64_t second = newest_notification(&s->alice);
    assert_true(second > first);
    /* Reconnecting after the first: the second comes without any new write. */
    stream_client *c = stream_open(s, &s->alice, first);
    char want[64];
    snprintf(want, sizeof want, "id: %lld\n", (long long)second);
    assert_true(stream_wait(c, want, 3000));
    snprintf(want, sizeof want, "id: %lld\n", (long long)first);
    assert_false(sse_client_received(c, want));
    stream_close(c);
}

static void stream_is_for_signed_in_users_and_limited(void **state)
{
    server *s = *state;
    http_expect(&s->visitor, "GET", "/api/v1/notifications/stream", NULL, 401);
    http_request rq = {.method = "GET", .target = "/api/v1/notifications/stream"};
    char cookie[640];
    snprintf(cookie, sizeof cookie, "Cookie: %s", s->alice.cookie);
    rq.headers[0] = cookie;
    rq.headers[1] = "Last-Event-ID: banana";
    http_reply r = http_client_request(s->fx.port, &rq);
    assert_int_equal(r.status, 400);
    http_reply_free(&r);
    expect_field(&s->alice, "GET", "/api/v1/notifications/stream?x=1", NULL, 400, "x");
    stream_client *c[4];
    for (int i = 0; i < 4; i++) {
        c[i] = stream_open(s, &s->alice, -1);
        assert_true(stream_wait(c[i], ": hamkor", 3000));
    }
    /* A fifth of the same user (a reloaded page) ends the oldest. */
    stream_client *fifth = stream_open(s, &s->alice, -1);
    assert_true(stream_wait(fifth, ": hamkor", 3000));
    assert_true(stream_wait(c[0], NULL, 3000));
    stream_client *other = stream_open(s, &s->bob, -1);
    assert_true(stream_wait(other, ": hamkor", 3000));
    stream_close(other);
    stream_close(fifth);
    for (int i = 0; i < 4; i++)
        stream_close(c[i]);
}

static void server_stops_quickly_with_a_stream_open(void **state)
{
    server *s = *state;
    stream_client *c = stream_open(s, &s->alice, -1);
    assert_true(stream_wait(c, ": hamkor", 3000));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    http_server_stop(s->fx.srv);
    s->fx.srv = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (secs >= 3.0)
        fail_msg("stopping took %.2f s", secs);
    /* The client saw its stream end. */
    assert_true(stream_wait(c, NULL, 2000));
    stream_close(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(interest_is_sent_with_location_and_listing_title, setup, teardown),
        cmocka_unit_test_setup_teardown(interest_send_is_refused_to_the_wrong_senders, setup, teardown),
        cmocka_unit_test_setup_teardown(inbox_lists_received_and_sent_for_each_side, setup, teardown),
        cmocka_unit_test_setup_teardown(interest_is_read_by_the_two_organisations_only, setup, teardown),
        cmocka_unit_test_setup_teardown(listing_org_accepts_and_the_sender_cannot_decide, setup, teardown),
        cmocka_unit_test_setup_teardown(thread_carries_messages_both_ways_with_author_names, setup, teardown),
        cmocka_unit_test_setup_teardown(notifications_reach_the_other_side_and_are_marked_read, setup, teardown),
        cmocka_unit_test_setup_teardown(saved_searches_are_created_listed_and_deleted_by_their_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(saved_search_refusals_name_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_delivers_a_new_notification_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_node_shares_sessions_writes_and_notifications, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_resumes_after_last_event_id, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_is_for_signed_in_users_and_limited, setup, teardown),
        cmocka_unit_test_setup_teardown(server_stops_quickly_with_a_stream_open, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
