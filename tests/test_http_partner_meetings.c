/*
 * test_http_partner_meetings.c - 1:1 meeting requests between partners
 * over real HTTP with real sessions (issue 14): asking on an accepted
 * interest and on a listing, accepting a proposed time, counter-proposals
 * with their history, declining and cancelling, every refused transition
 * (409 naming the rule, 403 for the wrong side), bad input that changes
 * nothing, the notifications each step raises, and the iCalendar file of
 * an accepted meeting. Runs on SQLite and, with HAMKOR_TEST_PG, on
 * PostgreSQL.
 *
 * Organisations, memberships and listings are written straight into the
 * store at setup; the interest and everything under test go through the
 * API. Proposed times lie in 2031, safely in the future.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_fixture.h"

typedef struct server {
    http_fixture fx;
    http_session alice, bob, carol; /* members of orgs A (UZ), B (KZ), C (CN) */
    http_session visitor;
    int64_t org_a, org_b, org_c;
    int64_t listing_a;              /* a published listing of A */
    int64_t interest;               /* B's interest in listing_a, accepted by A */
} server;

#define TIMES_TWO                                                                                   \
    "\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"          \
    "{\"start\":\"2031-03-11T15:30\",\"tz\":\"Asia/Tashkent\",\"minutes\":45}]"
#define TIME_ONE "\"times\":[{\"start\":\"2031-03-12T09:00\",\"tz\":\"Asia/Almaty\",\"minutes\":30}]"

static int64_t id_of(json_t *j) { return (int64_t)json_integer_value(json_object_get(j, "id")); }
static const char *str_of(json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

static void expect_field(http_session *s, const char *method, const char *target, const char *body, long status,
                         const char *field)
{
    json_t *j = http_expect_json(s, method, target, body, status);
    assert_non_null(j);
    assert_string_equal(http_problem_field(j), field);
    json_decref(j);
}

/* As expect_field, and the detail states the rule. */
static void expect_rule(http_session *s, const char *method, const char *target, const char *body)
{
    json_t *j = http_expect_json(s, method, target, body, 409);
    assert_non_null(j);
    const char *detail = str_of(j, "detail");
    assert_non_null(detail);
    if (strncmp(detail, "rule: ", 6) != 0)
        fail_msg("409 without a rule: %s", detail);
    json_decref(j);
}

static int64_t make_org(hk_store *st, const char *name, const char *iso2, int64_t member)
{
    int64_t id = http_fixture_org(st, name, iso2, ORG_ENTERPRISE);
    http_fixture_member(st, member, id, true);
    return id;
}

static int setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    if (http_fixture_start(&s->fx, "pmeet"))
        return -1;
    s->visitor.port = s->fx.port;
    http_session_register(&s->alice, s->fx.port, "alice@tashkent.example", "Алишер");
    http_session_register(&s->bob, s->fx.port, "bob@almaty.example", "Болат");
    http_session_register(&s->carol, s->fx.port, "carol@xian.example", "陈");
    hk_store *st = http_fixture_store(&s->fx);
    s->org_a = make_org(st, "Tashkent Foundry", "UZ", s->alice.user_id);
    s->org_b = make_org(st, "Almaty Machine Works", "KZ", s->bob.user_id);
    s->org_c = make_org(st, "Xi'an Castings", "CN", s->carol.user_id);
    s->listing_a = http_fixture_listing(st, s->org_a, DIR_OFFER, "Литьё алюминия под давлением", NULL);
    store_close(st);
    char target[96], body[256];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)s->listing_a);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"Пресс-формы\",\"sought\":\"Отливки\",\"why\":\"Рядом\"}",
             (long long)s->org_b);
    json_t *j = http_expect_json(&s->bob, "POST", target, body, 201);
    s->interest = id_of(j);
    json_decref(j);
    snprintf(target, sizeof target, "/api/v1/interests/%lld/accept", (long long)s->interest);
    http_expect(&s->alice, "POST", target, "{}", 200);
    return 0;
}

static int teardown(void **state)
{
    server *s = *state;
    http_fixture_stop(&s->fx);
    free(s);
    return 0;
}

/* Bob asks A for a meeting on the accepted interest; returns its id. */
static int64_t bob_proposes(server *s)
{
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/meetings", (long long)s->interest);
    json_t *j = http_expect_json(&s->bob, "POST", target,
                                 "{" TIMES_TWO ",\"place\":\"Ташкент, ул. Навои 5\",\"message\":\"Обсудим пресс-формы\"}",
                                 201);
    int64_t id = id_of(j);
    json_decref(j);
    return id;
}

static void path(char *out, size_t n, int64_t id, const char *suffix)
{
    snprintf(out, n, "/api/v1/partner-meetings/%lld%s", (long long)id, suffix);
}

/* The number of u's partner_meeting notifications with step. */
static int pm_notes(http_session *u, int64_t meeting_id, const char *step)
{
    json_t *j = http_expect_json(u, "GET", "/api/v1/notifications?limit=100", NULL, 200);
    json_t *list = json_object_get(j, "notifications");
    size_t i;
    json_t *n;
    int count = 0;
    json_array_foreach(list, i, n)
    {
        json_t *p = json_object_get(n, "payload");
        if (!strcmp(str_of(n, "kind"), "partner_meeting") &&
            json_integer_value(json_object_get(p, "partner_meeting_id")) == meeting_id && !strcmp(str_of(p, "step"), step))
            count++;
    }
    json_decref(j);
    return count;
}

static size_t count_meetings(http_session *u)
{
    json_t *j = http_expect_json(u, "GET", "/api/v1/partner-meetings?limit=100", NULL, 200);
    size_t n = json_array_size(json_object_get(j, "meetings"));
    json_decref(j);
    return n;
}

/* ---- the happy paths ---- */

static void asked_on_an_interest_accepted_by_the_other_side_gives_a_calendar_entry(void **state)
{
    server *s = *state;
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/meetings", (long long)s->interest);
    http_reply r = http_session_call(&s->bob, "POST", target,
                                     "{" TIMES_TWO ",\"place\":\"Ташкент, ул. Навои 5\",\"video_url\":"
                                     "\"https://meet.example.org/room-7\",\"message\":\"Обсудим; пресс-формы\"}",
                                     NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    int64_t id = id_of(j);
    char loc[96];
    path(loc, sizeof loc, id, "");
    assert_string_equal(r.location, loc);
    http_reply_free(&r);
    assert_string_equal(str_of(j, "status"), "pending");
    assert_int_equal(json_integer_value(json_object_get(j, "from_org_id")), s->org_b);
    assert_int_equal(json_integer_value(json_object_get(j, "to_org_id")), s->org_a);
    assert_int_equal(json_integer_value(json_object_get(j, "turn_org_id")), s->org_a);
    assert_int_equal(json_integer_value(json_object_get(j, "interest_id")), s->interest);
    assert_int_equal(json_array_size(json_object_get(j, "times")), 2);
    assert_false(json_is_true(json_object_get(j, "may_answer")));
    assert_true(json_is_true(json_object_get(j, "may_cancel")));
    json_decref(j);

    /* The other side is told; the asker is not. */
    assert_int_equal(pm_notes(&s->alice, id, "propose"), 1);
    assert_int_equal(pm_notes(&s->bob, id, "propose"), 0);

    char t[96];
    path(t, sizeof t, id, "");
    j = http_expect_json(&s->alice, "GET", t, NULL, 200);
    assert_true(json_is_true(json_object_get(j, "may_answer")));
    json_decref(j);
    /* Not a calendar entry before a time is accepted. */
    path(t, sizeof t, id, ".ics");
    expect_rule(&s->alice, "GET", t, NULL);

    path(t, sizeof t, id, "/accept");
    j = http_expect_json(&s->alice, "POST", t, "{\"option\":2}", 200);
    assert_string_equal(str_of(j, "status"), "accepted");
    json_t *acc = json_object_get(j, "accepted");
    assert_string_equal(str_of(acc, "start"), "2031-03-11T15:30");
    assert_string_equal(str_of(acc, "tz"), "Asia/Tashkent");
    assert_string_equal(str_of(acc, "starts_at"), "2031-03-11T10:30:00Z");
    assert_true(json_is_null(json_object_get(j, "turn_org_id")));
    json_decref(j);
    assert_int_equal(pm_notes(&s->bob, id, "accept"), 1);
    assert_int_equal(pm_notes(&s->alice, id, "accept"), 0);

    /* Both sides read the calendar entry, in the meeting's own zone. */
    path(t, sizeof t, id, ".ics");
    http_session *both[] = {&s->alice, &s->bob};
    for (int k = 0; k < 2; k++) {
        r = http_session_call(both[k], "GET", t, NULL, NULL);
        assert_int_equal(r.status, 200);
        assert_non_null(strstr(r.content_type, "text/calendar"));
        assert_non_null(strstr(r.body, "BEGIN:VCALENDAR\r\n"));
        assert_non_null(strstr(r.body, "BEGIN:VTIMEZONE\r\nTZID:Asia/Tashkent\r\n"));
        assert_non_null(strstr(r.body, "TZOFFSETTO:+0500\r\n"));
        assert_non_null(strstr(r.body, "DTSTART;TZID=Asia/Tashkent:20310311T153000\r\n"));
        assert_non_null(strstr(r.body, "DURATION:PT45M\r\n"));
        assert_non_null(strstr(r.body, "UID:partner-meeting-"));
        assert_non_null(strstr(r.body, "URL:https://meet.example.org/room-7\r\n"));
        /* TEXT escaping of the message's semicolon. */
        assert_non_null(strstr(r.body, "DESCRIPTION:Обсудим\\; пресс-формы\r\n"));
        assert_non_null(strstr(r.body, "STATUS:CONFIRMED\r\n"));
        assert_non_null(strstr(r.body, "END:VCALENDAR\r\n"));
        http_reply_free(&r);
    }
    /* Nobody else learns it exists. */
    path(t, sizeof t, id, "");
    http_expect(&s->carol, "GET", t, NULL, 404);
    http_expect(&s->visitor, "GET", t, NULL, 401);
    path(t, sizeof t, id, ".ics");
    http_expect(&s->carol, "GET", t, NULL, 404);
    http_expect(&s->visitor, "GET", t, NULL, 401);
}

static void a_counter_proposal_passes_the_turn_and_keeps_the_history(void **state)
{
    server *s = *state;
    int64_t id = bob_proposes(s);
    char t[96];
    path(t, sizeof t, id, "/propose");
    json_t *j = http_expect_json(&s->alice, "POST", t,
                                 "{" TIME_ONE ",\"video_url\":\"https://meet.example.org/a\",\"message\":\"Лучше так\"}",
                                 200);
    assert_string_equal(str_of(j, "status"), "pending");
    assert_int_equal(json_integer_value(json_object_get(j, "turn_org_id")), s->org_b);
    assert_int_equal(json_integer_value(json_object_get(j, "round")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "times")), 1);
    assert_string_equal(str_of(j, "video_url"), "https://meet.example.org/a");
    assert_string_equal(str_of(j, "message"), "Лучше так");
    json_decref(j);
    assert_int_equal(pm_notes(&s->bob, id, "counter"), 1);

    /* Now A waits: its own counter-proposal is not A's to accept. */
    path(t, sizeof t, id, "/accept");
    expect_rule(&s->alice, "POST", t, "{\"option\":1}");
    /* The option must be one of the latest proposal's (it has one). */
    expect_field(&s->bob, "POST", t, "{\"option\":2}", 400, "option");
    j = http_expect_json(&s->bob, "POST", t, "{\"option\":1}", 200);
    assert_string_equal(str_of(json_object_get(j, "accepted"), "tz"), "Asia/Almaty");
    json_decref(j);
    assert_int_equal(pm_notes(&s->alice, id, "accept"), 1);

    path(t, sizeof t, id, "");
    j = http_expect_json(&s->bob, "GET", t, NULL, 200);
    json_t *h = json_object_get(j, "history");
    assert_int_equal(json_array_size(h), 3);
    const char *actions[] = {"propose", "counter", "accept"};
    int rounds[] = {1, 2, 2};
    for (size_t i = 0; i < 3; i++) {
        json_t *st = json_array_get(h, i);
        assert_string_equal(str_of(st, "action"), actions[i]);
        assert_int_equal(json_integer_value(json_object_get(st, "round")), rounds[i]);
    }
    /* The first proposal's two times are kept beside the counter's one. */
    assert_int_equal(json_array_size(json_object_get(json_array_get(h, 0), "times")), 2);
    assert_int_equal(json_array_size(json_object_get(json_array_get(h, 1), "times")), 1);
    assert_string_equal(str_of(json_array_get(h, 0), "place"), "Ташкент, ул. Навои 5");
    json_decref(j);
}

static void a_member_of_another_organisation_asks_on_a_listing(void **state)
{
    server *s = *state;
    char target[96], body[512];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/meetings", (long long)s->listing_a);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld," TIME_ONE ",\"place\":\"Xi'an\"}", (long long)s->org_c);
    json_t *j = http_expect_json(&s->carol, "POST", target, body, 201);
    int64_t id = id_of(j);
    assert_true(json_is_null(json_object_get(j, "interest_id")));
    assert_int_equal(json_integer_value(json_object_get(j, "listing_id")), s->listing_a);
    assert_int_equal(json_integer_value(json_object_get(j, "to_org_id")), s->org_a);
    json_decref(j);
    assert_int_equal(pm_notes(&s->alice, id, "propose"), 1);

    /* Not as an organisation one is not in, nor to one's own listing. */
    snprintf(body, sizeof body, "{\"from_org_id\":%lld," TIME_ONE ",\"place\":\"Xi'an\"}", (long long)s->org_b);
    http_expect(&s->carol, "POST", target, body, 403);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld," TIME_ONE ",\"place\":\"Tashkent\"}", (long long)s->org_a);
    http_expect(&s->alice, "POST", target, body, 403);
    http_expect(&s->visitor, "POST", target, body, 401);

    /* The lists are each side's own. */
    j = http_expect_json(&s->carol, "GET", "/api/v1/partner-meetings", NULL, 200);
    json_t *list = json_object_get(j, "meetings");
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(id_of(json_array_get(list, 0)), id);
    json_decref(j);
    char q[128];
    snprintf(q, sizeof q, "/api/v1/partner-meetings?status=pending&interest=%lld", (long long)s->interest);
    int64_t other = bob_proposes(s);
    j = http_expect_json(&s->alice, "GET", q, NULL, 200);
    list = json_object_get(j, "meetings");
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(id_of(json_array_get(list, 0)), other);
    json_decref(j);
    expect_field(&s->alice, "GET", "/api/v1/partner-meetings?status=maybe", NULL, 400, "status");
}

/* ---- refused transitions ---- */

static void every_illegal_transition_is_refused_naming_its_rule(void **state)
{
    server *s = *state;
    int64_t id = bob_proposes(s);
    char t[96];
    /* The asker does not answer its own proposal. */
    path(t, sizeof t, id, "/accept");
    expect_rule(&s->bob, "POST", t, "{\"option\":1}");
    path(t, sizeof t, id, "/propose");
    expect_rule(&s->bob, "POST", t, "{" TIME_ONE ",\"place\":\"Almaty\"}");
    path(t, sizeof t, id, "/decline");
    expect_rule(&s->bob, "POST", t, "{\"reason\":\"no\"}");
    /* Only the asking side cancels (the other declines). */
    path(t, sizeof t, id, "/cancel");
    http_expect(&s->alice, "POST", t, "{}", 403);
    http_expect(&s->carol, "POST", t, "{}", 404);
    /* A decline says why. */
    path(t, sizeof t, id, "/decline");
    expect_field(&s->alice, "POST", t, "{}", 400, "reason");
    expect_field(&s->alice, "POST", t, "{\"reason\":\"\"}", 400, "reason");
    json_t *j = http_expect_json(&s->alice, "POST", t, "{\"reason\":\"Not this quarter\"}", 200);
    assert_string_equal(str_of(j, "status"), "declined");
    json_decref(j);
    assert_int_equal(pm_notes(&s->bob, id, "decline"), 1);
    /* Declined is final. */
    expect_rule(&s->alice, "POST", t, "{\"reason\":\"again\"}");
    path(t, sizeof t, id, "/accept");
    expect_rule(&s->alice, "POST", t, "{\"option\":1}");
    path(t, sizeof t, id, "/propose");
    expect_rule(&s->alice, "POST", t, "{" TIME_ONE ",\"place\":\"Tashkent\"}");
    path(t, sizeof t, id, "/cancel");
    expect_rule(&s->bob, "POST", t, "{}");
    path(t, sizeof t, id, ".ics");
    expect_rule(&s->bob, "GET", t, NULL);

    /* An accepted meeting may be cancelled by its asker, once; its
     * calendar entry then says so. */
    id = bob_proposes(s);
    path(t, sizeof t, id, "/accept");
    http_expect(&s->alice, "POST", t, "{\"option\":1}", 200);
    expect_rule(&s->alice, "POST", t, "{\"option\":1}");
    path(t, sizeof t, id, "/decline");
    expect_rule(&s->alice, "POST", t, "{\"reason\":\"changed my mind\"}");
    path(t, sizeof t, id, "/cancel");
    j = http_expect_json(&s->bob, "POST", t, "{\"reason\":\"Поезд отменили\"}", 200);
    assert_string_equal(str_of(j, "status"), "cancelled");
    json_decref(j);
    assert_int_equal(pm_notes(&s->alice, id, "cancel"), 1);
    expect_rule(&s->bob, "POST", t, "{}");
    path(t, sizeof t, id, ".ics");
    http_reply r = http_session_call(&s->alice, "GET", t, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "STATUS:CANCELLED\r\n"));
    http_reply_free(&r);
}

static void a_meeting_is_asked_on_an_accepted_interest_only(void **state)
{
    server *s = *state;
    char target[96], body[256];
    /* C's interest, still pending. */
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)s->listing_a);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\"}",
             (long long)s->org_c);
    json_t *j = http_expect_json(&s->carol, "POST", target, body, 201);
    int64_t pending = id_of(j);
    json_decref(j);
    snprintf(target, sizeof target, "/api/v1/interests/%lld/meetings", (long long)pending);
    expect_rule(&s->carol, "POST", target, "{" TIME_ONE ",\"place\":\"Xi'an\"}");
    expect_rule(&s->alice, "POST", target, "{" TIME_ONE ",\"place\":\"Tashkent\"}");
    /* Outsiders of the interest do not learn it exists. */
    snprintf(target, sizeof target, "/api/v1/interests/%lld/meetings", (long long)s->interest);
    http_expect(&s->carol, "POST", target, "{" TIME_ONE ",\"place\":\"Xi'an\"}", 404);
    http_expect(&s->visitor, "POST", target, "{" TIME_ONE ",\"place\":\"Xi'an\"}", 401);
    http_expect(&s->alice, "POST", "/api/v1/interests/999999/meetings", "{" TIME_ONE ",\"place\":\"x\"}", 404);
    /* The listing's side may ask too. */
    j = http_expect_json(&s->alice, "POST", target, "{" TIME_ONE ",\"place\":\"Tashkent\"}", 201);
    assert_int_equal(json_integer_value(json_object_get(j, "from_org_id")), s->org_a);
    assert_int_equal(json_integer_value(json_object_get(j, "to_org_id")), s->org_b);
    json_decref(j);
}

/* ---- bad input changes nothing ---- */

static void bad_input_is_refused_naming_the_field_and_changes_nothing(void **state)
{
    server *s = *state;
    char target[96];
    snprintf(target, sizeof target, "/api/v1/interests/%lld/meetings", (long long)s->interest);
    size_t before = count_meetings(&s->bob);
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Mars/Olympus\",\"minutes\":60}],\"place\":\"x\"}",
         "times[0].tz"},
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"MSK\",\"minutes\":60}],\"place\":\"x\"}",
         "times[0].tz"},
        {"{\"times\":[{\"start\":\"2020-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}],\"place\":\"x\"}",
         "times[0].start"},
        {"{\"times\":[{\"start\":\"2031-02-30T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}],\"place\":\"x\"}",
         "times[0].start"},
        {"{\"times\":[{\"start\":\"2031-03-10 10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}],\"place\":\"x\"}",
         "times[0].start"},
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":5}],\"place\":\"x\"}",
         "times[0].minutes"},
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}],\"place\":\"x\"}",
         "times[1].start"},
        {"{\"times\":[],\"place\":\"x\"}", "times"},
        {"{\"place\":\"x\"}", "times"},
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-11T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-12T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-13T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-14T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60},"
         "{\"start\":\"2031-03-15T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}],\"place\":\"x\"}",
         "times"},
        {"{" TIME_ONE "}", "place"},
        {"{" TIME_ONE ",\"place\":\"\",\"video_url\":\"\"}", "place"},
        {"{" TIME_ONE ",\"video_url\":\"javascript:alert(1)\"}", "video_url"},
        {"{" TIME_ONE ",\"video_url\":\"https://user@evil.example/\"}", "video_url"},
        {"{" TIME_ONE ",\"video_url\":\"https://meet.example.org/a b\"}", "video_url"},
        {"{" TIME_ONE ",\"place\":\"x\",\"colour\":\"red\"}", "colour"},
        {"{" TIME_ONE ",\"place\":42}", "place"},
        {"{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60,\"x\":1}],"
         "\"place\":\"x\"}",
         "x"},
        {"{\"times\":[\"2031-03-10T10:00\"],\"place\":\"x\"}", "times[0]"},
        {"{" TIME_ONE ",\"place\":\"\xff\xfe\"}", "body"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *j = http_expect_json(&s->bob, "POST", target, cases[i].body, 400);
        if (strcmp(http_problem_field(j), cases[i].field))
            fail_msg("case %zu: field %s, expected %s", i, http_problem_field(j), cases[i].field);
        json_decref(j);
    }
    /* A place of 201 characters is one too many. */
    char body[1024];
    char place[210 * 2 + 1];
    for (int k = 0; k < 201; k++)
        memcpy(place + 2 * k, "ж", 2);
    place[402] = '\0';
    snprintf(body, sizeof body, "{" TIME_ONE ",\"place\":\"%s\"}", place);
    expect_field(&s->bob, "POST", target, body, 400, "place");
    assert_int_equal(count_meetings(&s->bob), before);

    /* The steps' bodies too. */
    int64_t id = bob_proposes(s);
    char t[96];
    path(t, sizeof t, id, "/accept");
    expect_field(&s->alice, "POST", t, "{}", 400, "option");
    expect_field(&s->alice, "POST", t, "{\"option\":\"1\"}", 400, "option");
    expect_field(&s->alice, "POST", t, "{\"option\":0}", 400, "option");
    expect_field(&s->alice, "POST", t, "{\"option\":3}", 400, "option");
    path(t, sizeof t, id, "/propose");
    expect_field(&s->alice, "POST", t,
                 "{\"times\":[{\"start\":\"2031-03-10T10:00\",\"tz\":\"Europe/Nowhere\",\"minutes\":60}],\"place\":\"x\"}",
                 400, "times[0].tz");
    path(t, sizeof t, id, "/decline");
    expect_field(&s->alice, "POST", t, "{\"reason\":7}", 400, "reason");
    path(t, sizeof t, id, "");
    json_t *j = http_expect_json(&s->alice, "GET", t, NULL, 200);
    assert_string_equal(str_of(j, "status"), "pending");
    assert_int_equal(json_array_size(json_object_get(j, "history")), 1);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(asked_on_an_interest_accepted_by_the_other_side_gives_a_calendar_entry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_counter_proposal_passes_the_turn_and_keeps_the_history, setup, teardown),
        cmocka_unit_test_setup_teardown(a_member_of_another_organisation_asks_on_a_listing, setup, teardown),
        cmocka_unit_test_setup_teardown(every_illegal_transition_is_refused_naming_its_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(a_meeting_is_asked_on_an_accepted_interest_only, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_is_refused_naming_the_field_and_changes_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
