/*
 * test_http_coord.c - the coordination mechanism over real HTTP with real
 * sessions (issue 13): the secretariat records a meeting with texts side
 * by side and a decision, a restricted document is withheld from those
 * not listed, coordinators propose initiatives for their own state and
 * report progress on their state's measures, overdue measures are marked
 * on the day of the request, the plan exports as CSV and the calendar
 * feed is valid iCalendar (CRLF, folding at 75 octets, escaping, UTC).
 * Bad input is refused with a problem naming the field, and a refused
 * request changes nothing. Users are written straight into the store at
 * setup; everything under test goes through the API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_fixture.h"
#include "store/store_project.h"
#include "store_raw.h"

typedef struct server {
    http_fixture fx;
    http_session sec, coord_uz, coord_kz, member, visitor;
    int64_t project;       /* a draft joint project of the member's organisation (UZ) */
} server;

/* A draft joint project led by org, created by its member user. */
static int64_t make_project(hk_store *st, int64_t org, int64_t creator)
{
    project p;
    memset(&p, 0, sizeof p);
    p.sector = SECTOR_INDUSTRY;
    p.texts = calloc(1, sizeof *p.texts);
    p.texts[0] = (project_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Aluminium profiles plant"), NULL};
    p.n_texts = 1;
    p.partners = calloc(1, sizeof *p.partners);
    p.partners[0] = (project_partner){.org_id = org, .role = PROLE_LEAD, .share_bp = 10000};
    p.n_partners = 1;
    p.budget = 1e6;
    strcpy(p.currency, "USD");
    hk_err err;
    if (store_project_create(st, &p, creator, &err))
        fail_msg("project: %s: %s", err.field, err.msg);
    int64_t id = p.id;
    project_free(&p);
    return id;
}

static int setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    if (http_fixture_db(&s->fx, "coord"))
        return -1;
    hk_store *st = http_fixture_store(&s->fx);
    http_fixture_user(st, "desk@sco.example", ROLE_SECRETARIAT, NULL);
    http_fixture_user(st, "coordinator@uz.example", ROLE_COORDINATOR, "UZ");
    http_fixture_user(st, "coordinator@kz.example", ROLE_COORDINATOR, "KZ");
    int64_t someone = http_fixture_user(st, "someone@a.uz", ROLE_MEMBER, NULL);
    int64_t org = http_fixture_org(st, "Tashkent Aluminium", "UZ", ORG_ENTERPRISE);
    http_fixture_member(st, someone, org, true);
    s->project = make_project(st, org, someone);
    store_close(st);
    if (http_fixture_serve(&s->fx))
        return -1;
    s->visitor.port = s->fx.port;
    if (http_session_login(&s->sec, s->fx.port, "desk@sco.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->coord_uz, s->fx.port, "coordinator@uz.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->coord_kz, s->fx.port, "coordinator@kz.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->member, s->fx.port, "someone@a.uz", HTTP_FIXTURE_PASSWORD) != 200)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    server *s = *state;
    http_fixture_stop(&s->fx);
    free(s);
    return 0;
}

static int64_t id_of(json_t *j) { return (int64_t)json_integer_value(json_object_get(j, "id")); }

static void expect_field(http_session *s, const char *method, const char *target, const char *body, long status,
                         const char *field)
{
    json_t *j = http_expect_json(s, method, target, body, status);
    assert_non_null(j);
    if (strcmp(http_problem_field(j), field) != 0)
        fail_msg("%s %s: the problem names %s, not %s", method, target, http_problem_field(j), field);
    json_decref(j);
}

static int64_t rows(server *s, const char *sql) { return raw_count(s->fx.db, sql); }

/* The first Meeting of SCO Industry Ministers, with its decision and a
 * restricted minutes document open to Uzbekistan. */
static const char MINISTERS[] =
    "{\"type\":\"industry_ministers\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"Asia/Dushanbe\",\"minutes\":180,"
    "\"format\":\"videoconference\",\"chair\":\"TJ\","
    "\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\",\"title\":\"Первое совещание министров промышленности ШОС\"},"
    "{\"lang\":\"en\",\"origin\":\"human\",\"title\":\"First Meeting of SCO Industry Ministers\"},"
    "{\"lang\":\"zh\",\"origin\":\"machine\",\"title\":\"上合组织成员国第一次工业部长会议\"}],"
    "\"parties\":[{\"country\":\"TJ\",\"standing\":\"member\"},{\"country\":\"UZ\",\"standing\":\"member\"},"
    "{\"country\":\"KZ\",\"standing\":\"member\"}],"
    "\"bodies\":[\"secretariat\"],"
    "\"items\":[{\"kind\":\"decision\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\","
    "\"title\":\"Experts to study the co-production programme\"}]},"
    "{\"kind\":\"document\",\"doc_type\":\"minutes\",\"restricted\":true,\"access_states\":[\"UZ\"],"
    "\"url\":\"https://sco.example/minutes.pdf\","
    "\"texts\":[{\"lang\":\"en\",\"origin\":\"original\",\"title\":\"Minutes\"}]}]}";

static void secretariat_records_a_meeting_everyone_reads_it_side_by_side(void **state)
{
    server *s = *state;
    json_t *m = http_expect_json(&s->sec, "POST", "/api/v1/meetings", MINISTERS, 201);
    int64_t id = id_of(m);
    assert_string_equal(json_string_value(json_object_get(m, "starts_at")), "2021-07-16T05:00:00Z");
    json_decref(m);

    char path[64];
    snprintf(path, sizeof path, "/api/v1/meetings/%lld", (long long)id);
    m = http_expect_json(&s->visitor, "GET", path, NULL, 200);
    json_t *texts = json_object_get(m, "texts");
    assert_int_equal(json_array_size(texts), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 0), "origin")), "original");
    assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 1), "origin")), "human");
    assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 2), "title")),
                        "上合组织成员国第一次工业部长会议");
    json_t *items = json_object_get(m, "items");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "kind")), "decision");
    /* The visitor sees that minutes exist, not what they say. */
    json_t *doc = json_array_get(items, 1);
    assert_true(json_is_true(json_object_get(doc, "withheld")));
    assert_int_equal(json_array_size(json_object_get(doc, "texts")), 0);
    assert_true(json_is_null(json_object_get(doc, "url")));
    json_decref(m);

    /* Kazakhstan's coordinator is not listed; Uzbekistan's is, and the
     * secretariat sees everything. */
    http_session *who[] = {&s->coord_kz, &s->coord_uz, &s->sec};
    for (int i = 0; i < 3; i++) {
        m = http_expect_json(who[i], "GET", path, NULL, 200);
        doc = json_array_get(json_object_get(m, "items"), 1);
        assert_int_equal(json_is_true(json_object_get(doc, "withheld")), i == 0);
        assert_int_equal(json_array_size(json_object_get(doc, "texts")), i == 0 ? 0 : 1);
        json_decref(m);
    }

    /* The series view: Industry Ministers' meetings in time order. */
    m = http_expect_json(&s->visitor, "GET", "/api/v1/meetings?type=industry_ministers", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(m, "meetings")), 1);
    json_decref(m);
    m = http_expect_json(&s->visitor, "GET", "/api/v1/meetings?type=heads_of_government", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(m, "meetings")), 0);
    json_decref(m);
}

static void meeting_bad_input_is_refused_naming_the_field_and_changes_nothing(void **state)
{
    server *s = *state;
    expect_field(&s->sec, "POST", "/api/v1/meetings", "{\"type\":\"summit\"}", 400, "type");
    expect_field(&s->sec, "POST", "/api/v1/meetings",
                 "{\"type\":\"expert\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"MSK\",\"minutes\":60,"
                 "\"format\":\"videoconference\",\"chair\":\"UZ\",\"texts\":[{\"lang\":\"en\",\"origin\":"
                 "\"original\",\"title\":\"x\"}]}",
                 400, "tz");
    expect_field(&s->sec, "POST", "/api/v1/meetings",
                 "{\"type\":\"expert\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60,"
                 "\"format\":\"in_person\",\"chair\":\"UZ\",\"texts\":[{\"lang\":\"en\",\"origin\":"
                 "\"original\",\"title\":\"x\"}]}",
                 400, "place");
    expect_field(&s->sec, "POST", "/api/v1/meetings",
                 "{\"type\":\"expert\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60,"
                 "\"format\":\"videoconference\",\"chair\":\"UZ\",\"texts\":[{\"lang\":\"en\",\"origin\":"
                 "\"original\",\"title\":\"x\"}],\"items\":[{\"kind\":\"agenda\",\"texts\":[{\"lang\":\"en\","
                 "\"origin\":\"robot\",\"title\":\"y\"}]}]}",
                 400, "items[0].texts[0].origin");
    expect_field(&s->sec, "POST", "/api/v1/meetings",
                 "{\"type\":\"expert\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60,"
                 "\"format\":\"videoconference\",\"chair\":\"UZ\",\"colour\":\"red\",\"texts\":[]}",
                 400, "colour");
    expect_field(&s->sec, "POST", "/api/v1/meetings",
                 "{\"type\":\"expert\",\"starts\":\"2021-07-16T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60,"
                 "\"format\":\"videoconference\",\"chair\":\"ZZ\",\"texts\":[{\"lang\":\"en\",\"origin\":"
                 "\"original\",\"title\":\"x\"}]}",
                 400, "chair");
    /* Invalid UTF-8 in a title is refused before anything is parsed. */
    http_reply r = http_session_call(&s->sec, "POST", "/api/v1/meetings",
                                     "{\"type\":\"expert\",\"texts\":[{\"title\":\"\xff\"}]}", NULL);
    assert_int_equal(r.status, 400);
    http_reply_free(&r);
    assert_int_equal(rows(s, "SELECT count(*) FROM meetings"), 0);
    assert_int_equal(rows(s, "SELECT count(*) FROM meeting_texts"), 0);
    expect_field(&s->sec, "GET", "/api/v1/meetings?from=yesterday", NULL, 400, "from");
    expect_field(&s->sec, "GET", "/api/v1/meetings?country=Uzbekistan", NULL, 400, "country");
    expect_field(&s->sec, "GET", "/api/v1/meetings?sort=date", NULL, 400, "sort");
}

static void coordinators_propose_for_their_own_state_and_the_secretariat_decides(void **state)
{
    server *s = *state;
    static const char UZ[] = "{\"proposer\":\"UZ\",\"proposed_on\":\"2020-11-10\",\"texts\":[{\"lang\":\"ru\","
                             "\"origin\":\"original\",\"title\":\"Программа промышленной кооперации\"}]}";
    json_t *i = http_expect_json(&s->coord_uz, "POST", "/api/v1/initiatives", UZ, 201);
    int64_t id = id_of(i);
    assert_string_equal(json_string_value(json_object_get(i, "status")), "proposed");
    json_decref(i);
    http_expect(&s->coord_kz, "POST", "/api/v1/initiatives", UZ, 403);
    http_expect(&s->member, "POST", "/api/v1/initiatives", UZ, 403);
    http_expect(&s->visitor, "POST", "/api/v1/initiatives", UZ, 401);
    assert_int_equal(rows(s, "SELECT count(*) FROM initiatives"), 1);

    json_t *e = http_expect_json(&s->sec, "POST", "/api/v1/meetings",
                                 "{\"type\":\"expert\",\"starts\":\"2021-09-01T10:00\",\"tz\":\"Asia/Tashkent\","
                                 "\"minutes\":240,\"format\":\"hybrid\",\"place\":\"Tashkent\",\"chair\":\"UZ\","
                                 "\"texts\":[{\"lang\":\"en\",\"origin\":\"original\",\"title\":\"Experts\"}]}",
                                 201);
    char path[64], body[256];
    snprintf(path, sizeof path, "/api/v1/initiatives/%lld/status", (long long)id);
    snprintf(body, sizeof body,
             "{\"status\":\"under_study\",\"on\":\"2021-07-20\",\"expert_meeting_id\":%lld,\"note\":\"draft\"}",
             (long long)id_of(e));
    json_decref(e);
    http_expect(&s->coord_uz, "POST", path, body, 403);
    i = http_expect_json(&s->sec, "POST", path, body, 200);
    assert_string_equal(json_string_value(json_object_get(i, "status")), "under_study");
    assert_int_equal(json_array_size(json_object_get(i, "history")), 2);
    json_decref(i);
    expect_field(&s->sec, "POST", path, "{\"status\":\"proposed\",\"on\":\"2021-08-01\"}", 409, "status");
    expect_field(&s->sec, "POST", path, "{\"status\":\"adopted\",\"on\":\"21 July\"}", 400, "on");
    expect_field(&s->sec, "POST", path, "{\"status\":\"approved\",\"on\":\"2021-08-01\"}", 400, "status");
    assert_int_equal(rows(s, "SELECT count(*) FROM initiative_history"), 2);
}

/* A measure of UZ and KZ: the deadline given, status not started. */
static int64_t add_measure(server *s, const char *code, const char *deadline)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\",\"title\":\"Реестр, "
             "\\\"парков\\\"; этап %s\"},{\"lang\":\"en\",\"origin\":\"human\",\"title\":\"Register, \\\"parks\\\"; "
             "stage %s\"}],\"states\":[\"UZ\",\"KZ\"],\"bodies\":[\"business_council\"],\"deadline\":\"%s\"}",
             code, code, code, deadline);
    json_t *m = http_expect_json(&s->sec, "POST", "/api/v1/plan/measures", body, 201);
    int64_t id = id_of(m);
    json_decref(m);
    return id;
}

static void overdue_measures_stand_out_and_coordinators_report_progress(void **state)
{
    server *s = *state;
    time_t now = time(NULL);
    char yesterday[11], today[11];
    struct tm tm;
    time_t y = now - 86400;
    gmtime_r(&y, &tm);
    strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    int64_t late = add_measure(s, "1.1", yesterday);
    add_measure(s, "1.2", today);

    json_t *l = http_expect_json(&s->visitor, "GET", "/api/v1/plan/measures", NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(l, "overdue")), 1);
    json_t *a = json_object_get(l, "measures");
    assert_int_equal(json_array_size(a), 2);
    assert_true(json_is_true(json_object_get(json_array_get(a, 0), "overdue")));
    assert_true(json_is_false(json_object_get(json_array_get(a, 1), "overdue")));
    json_decref(l);
    l = http_expect_json(&s->visitor, "GET", "/api/v1/plan/measures?overdue=true&state=KZ", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(l, "measures")), 1);
    json_decref(l);
    /* Paged: the counts are the whole plan's on every page. */
    add_measure(s, "1.3", "2099-12-31");
    l = http_expect_json(&s->visitor, "GET", "/api/v1/plan/measures?limit=2", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(l, "measures")), 2);
    assert_int_equal(json_integer_value(json_object_get(l, "total")), 3);
    assert_int_equal(json_integer_value(json_object_get(l, "next_offset")), 2);
    json_decref(l);
    l = http_expect_json(&s->visitor, "GET", "/api/v1/plan/measures?limit=2&offset=2", NULL, 200);
    a = json_object_get(l, "measures");
    assert_int_equal(json_array_size(a), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "code")), "1.3");
    assert_int_equal(json_integer_value(json_object_get(l, "overdue")), 1);
    assert_true(json_is_null(json_object_get(l, "next_offset")));
    json_decref(l);
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?limit=0", NULL, 400, "limit");
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?limit=501", NULL, 400, "limit");
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?offset=-1", NULL, 400, "offset");
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?offset=x", NULL, 400, "offset");
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?overdue=maybe", NULL, 400, "overdue");
    expect_field(&s->visitor, "GET", "/api/v1/plan/measures?status=late", NULL, 400, "status");

    char path[64];
    snprintf(path, sizeof path, "/api/v1/plan/measures/%lld/notes", (long long)late);
    json_t *n = http_expect_json(&s->coord_uz, "POST", path,
                                 "{\"on\":\"2022-05-01\",\"lang\":\"ru\",\"text\":\"Составлено 60%\"}", 201);
    assert_string_equal(json_string_value(json_object_get(n, "country")), "UZ");
    json_decref(n);
    http_expect(&s->member, "POST", path, "{\"on\":\"2022-05-01\",\"lang\":\"en\",\"text\":\"x\"}", 403);
    expect_field(&s->coord_uz, "POST", path, "{\"on\":\"2022-05-01\",\"lang\":\"en\",\"text\":\"\"}", 400, "text");
    expect_field(&s->coord_uz, "POST", path, "{\"on\":\"May 2022\",\"lang\":\"en\",\"text\":\"x\"}", 400, "on");
    expect_field(&s->coord_uz, "POST", path, "{\"on\":\"2022-05-01\",\"lang\":\"English\",\"text\":\"x\"}", 400,
                 "lang");
    expect_field(&s->coord_uz, "POST", path, "{\"on\":\"2022-05-01\",\"lang\":\"en\",\"text\":\"x\",\"by\":1}", 400,
                 "by");
    assert_int_equal(rows(s, "SELECT count(*) FROM measure_notes"), 1);

    /* Marked done, it no longer stands out. */
    snprintf(path, sizeof path, "/api/v1/plan/measures/%lld", (long long)late);
    http_reply r = http_session_call(&s->sec, "GET", path, NULL, NULL);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", r.etag);
    http_reply_free(&r);
    r = http_session_call(&s->sec, "PATCH", path, "{\"status\":\"done\"}", etag);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    r = http_session_call(&s->sec, "PATCH", path, "{\"status\":\"dropped\"}", etag);
    assert_int_equal(r.status, 412);
    http_reply_free(&r);
    l = http_expect_json(&s->visitor, "GET", "/api/v1/plan/measures?overdue=true", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(l, "measures")), 0);
    json_decref(l);
}

static void the_plan_exports_as_csv_with_titles_side_by_side(void **state)
{
    server *s = *state;
    add_measure(s, "2.1", "2030-01-31");
    http_reply r = http_session_call(&s->visitor, "GET", "/api/v1/export/plan.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/csv"));
    assert_non_null(strstr(r.body, "code,title_en,title_ru,title_zh,original_lang,responsible,deadline,status,"
                                   "overdue,initiatives,meetings\r\n"));
    /* A title with a comma and quotes is quoted, its quotes doubled. */
    assert_non_null(strstr(r.body, "2.1,\"Register, \"\"parks\"\"; stage 2.1\",\"Реестр, \"\"парков\"\"; этап 2.1\",,ru,"
                                   "UZ;KZ;business_council,2030-01-31,not_started,no,,\r\n"));
    http_reply_free(&r);
}

static void the_plan_csv_quotes_titles_a_spreadsheet_would_run(void **state)
{
    server *s = *state;
    http_expect(&s->sec, "POST", "/api/v1/plan/measures",
                "{\"code\":\"7.1\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\","
                "\"title\":\"=HYPERLINK(\\\"http://evil.example\\\",\\\"Open\\\")\"},"
                "{\"lang\":\"ru\",\"origin\":\"human\",\"title\":\"@SUM(1+1)\"},"
                "{\"lang\":\"zh\",\"origin\":\"machine\",\"title\":\"-1+2\"}],"
                "\"states\":[\"UZ\"],\"deadline\":\"2030-01-31\"}",
                201);
    http_reply r = http_session_call(&s->visitor, "GET", "/api/v1/export/plan.csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(
        strstr(r.body, "7.1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Open\"\")\",'@SUM(1+1),'-1+2,en,UZ,"));
    http_reply_free(&r);
}

static void measures_and_initiatives_link_to_joint_projects_the_project_lists_them(void **state)
{
    server *s = *state;
    char body[1024], path[64], ipath[64], ppath[64];
    snprintf(body, sizeof body,
             "{\"code\":\"4.1\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\",\"title\":\"Build the plant\"}],"
             "\"states\":[\"UZ\"],\"deadline\":\"2030-01-31\",\"project_ids\":[%lld]}",
             (long long)s->project);
    json_t *m = http_expect_json(&s->sec, "POST", "/api/v1/plan/measures", body, 201);
    int64_t mid = id_of(m);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(m, "project_ids"), 0)), s->project);
    json_decref(m);
    snprintf(path, sizeof path, "/api/v1/plan/measures/%lld", (long long)mid);

    static const char UZ[] = "{\"proposer\":\"UZ\",\"proposed_on\":\"2020-11-10\",\"texts\":[{\"lang\":\"en\","
                             "\"origin\":\"original\",\"title\":\"Co-production programme\"}]}";
    json_t *in = http_expect_json(&s->coord_uz, "POST", "/api/v1/initiatives", UZ, 201);
    int64_t init = id_of(in);
    assert_int_equal(json_array_size(json_object_get(in, "project_ids")), 0);
    json_decref(in);
    snprintf(ipath, sizeof ipath, "/api/v1/initiatives/%lld", (long long)init);
    /* Linking is the secretariat's: a coordinator cannot propose with links. */
    char with[512];
    snprintf(with, sizeof with, "{\"proposer\":\"UZ\",\"proposed_on\":\"2020-11-10\",\"project_ids\":[%lld],"
             "\"texts\":[{\"lang\":\"en\",\"origin\":\"original\",\"title\":\"x\"}]}", (long long)s->project);
    expect_field(&s->coord_uz, "POST", "/api/v1/initiatives", with, 400, "project_ids");
    http_reply r = http_session_call(&s->sec, "GET", ipath, NULL, NULL);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", r.etag);
    http_reply_free(&r);
    snprintf(body, sizeof body, "{\"project_ids\":[%lld]}", (long long)s->project);
    r = http_session_call(&s->sec, "PATCH", ipath, body, etag);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);

    /* The project's page lists what it serves, for those who may read it. */
    snprintf(ppath, sizeof ppath, "/api/v1/projects/%lld", (long long)s->project);
    json_t *p = http_expect_json(&s->member, "GET", ppath, NULL, 200);
    json_t *serves = json_object_get(p, "serves");
    json_t *sm = json_array_get(json_object_get(serves, "measures"), 0);
    assert_int_equal(json_integer_value(json_object_get(sm, "id")), mid);
    assert_string_equal(json_string_value(json_object_get(sm, "code")), "4.1");
    json_t *si = json_array_get(json_object_get(serves, "initiatives"), 0);
    assert_int_equal(json_integer_value(json_object_get(si, "id")), init);
    assert_string_equal(json_string_value(json_object_get(si, "proposer")), "UZ");
    json_decref(p);
    http_expect(&s->coord_kz, "GET", ppath, NULL, 404);

    /* Bad input names the field and changes nothing. */
    r = http_session_call(&s->sec, "GET", path, NULL, NULL);
    snprintf(etag, sizeof etag, "%s", r.etag);
    http_reply_free(&r);
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"project_ids\":[999999]}", "project_ids[0]"},
        {"{\"project_ids\":\"1\"}", "project_ids"},
        {"{\"project_ids\":[\"1\"]}", "project_ids[0]"},
        {"{\"project_ids\":[-3]}", "project_ids[0]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = http_session_call(&s->sec, "PATCH", path, bad[i].body, etag);
        json_t *j = http_reply_json(&r);
        if (r.status != 400 || strcmp(http_problem_field(j), bad[i].field) != 0)
            fail_msg("PATCH %s: %ld naming %s, not 400 naming %s", bad[i].body, r.status, http_problem_field(j),
                     bad[i].field);
        json_decref(j);
        http_reply_free(&r);
    }
    /* More links than a list may hold (64). */
    char big[2048];
    size_t o = (size_t)snprintf(big, sizeof big, "{\"project_ids\":[");
    for (int i = 1; i <= 65; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "%s%d", i > 1 ? "," : "", i);
    snprintf(big + o, sizeof big - o, "]}");
    r = http_session_call(&s->sec, "PATCH", path, big, etag);
    json_t *j = http_reply_json(&r);
    assert_int_equal(r.status, 400);
    assert_string_equal(http_problem_field(j), "project_ids");
    json_decref(j);
    http_reply_free(&r);
    assert_int_equal(rows(s, "SELECT count(*) FROM measure_projects"), 1);
    assert_int_equal(rows(s, "SELECT count(*) FROM initiative_projects"), 1);

    /* Emptied by PATCH, the project no longer lists it. */
    r = http_session_call(&s->sec, "PATCH", path, "{\"project_ids\":[]}", etag);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    p = http_expect_json(&s->member, "GET", ppath, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(json_object_get(p, "serves"), "measures")), 0);
    json_decref(p);
}

/* Unfolds an iCalendar text (CRLF + space removed) and checks every
 * physical line: CRLF ended, at most 75 octets, no UTF-8 sequence split. */
static char *unfold_checked(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t o = 0;
    const char *line = s;
    while (*line) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_true(end - line <= 75);
        if (line != s && line[0] == ' ') {
            assert_false(((unsigned char)line[1] & 0xC0) == 0x80);
            memcpy(out + o, line + 1, (size_t)(end - line - 1));
            o += (size_t)(end - line - 1);
        } else {
            if (o)
                out[o++] = '\n';
            memcpy(out + o, line, (size_t)(end - line));
            o += (size_t)(end - line);
        }
        line = end + 2;
    }
    out[o] = '\0';
    return out;
}

static void calendar_feed_is_icalendar_with_folding_escaping_and_utc(void **state)
{
    server *s = *state;
    /* A meeting next year in Beijing with a long Chinese title. */
    time_t later = time(NULL) + 200 * 86400;
    struct tm tm;
    gmtime_r(&later, &tm);
    char day[11], body[2048], want[64];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(body, sizeof body,
             "{\"type\":\"heads_of_government\",\"starts\":\"%sT10:00\",\"tz\":\"Asia/Shanghai\",\"minutes\":120,"
             "\"format\":\"in_person\",\"place\":\"Beijing; Great Hall, East\",\"chair\":\"CN\","
             "\"texts\":[{\"lang\":\"zh\",\"origin\":\"original\",\"title\":\"上海合作组织成员国政府首脑（总理）理事会第二十"
             "次会议暨经贸合作行动计划落实情况审议\"},{\"lang\":\"en\",\"origin\":\"human\",\"title\":\"Heads of "
             "Government Council, 20th meeting\"}]}",
             day);
    http_expect(&s->sec, "POST", "/api/v1/meetings", body, 201);
    add_measure(s, "3.1", "2099-12-31");
    snprintf(want, sizeof want, "DTSTART:%c%c%c%c%c%c%c%cT020000Z", day[0], day[1], day[2], day[3], day[5], day[6],
             day[8], day[9]);

    http_reply r = http_session_call(&s->visitor, "GET", "/api/v1/calendar.ics?lang=zh", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/calendar"));
    assert_int_equal(strncmp(r.body, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30), 0);
    assert_non_null(strstr(r.body, "\r\n ")); /* the long title was folded */
    char *u = unfold_checked(r.body);
    /* 10:00 in Beijing is 02:00 UTC. */
    assert_non_null(strstr(u, want));
    assert_non_null(strstr(u, "SUMMARY:上海合作组织成员国政府首脑（总理）理事会第二十次会议暨经贸合作行动计划落实情况审议\n"));
    assert_non_null(strstr(u, "LOCATION:Beijing\\; Great Hall\\, East\n"));
    assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20991231\nDTEND;VALUE=DATE:21000101\n"));
    assert_non_null(strstr(u, "SUMMARY:3.1 Реестр\\, \"парков\"\\; этап 3.1\n"));
    assert_non_null(strstr(u, "END:VCALENDAR"));
    free(u);
    http_reply_free(&r);
    expect_field(&s->visitor, "GET", "/api/v1/calendar.ics?lang=fr", NULL, 400, "lang");
}

static void chairmanship_says_who_chairs_now_and_next(void **state)
{
    server *s = *state;
    http_expect(&s->sec, "POST", "/api/v1/chairmanship",
                "{\"type\":\"heads_of_government\",\"country\":\"KZ\",\"from\":\"2020-11-30\"}", 201);
    http_expect(&s->sec, "POST", "/api/v1/chairmanship",
                "{\"type\":\"heads_of_government\",\"country\":\"CN\",\"from\":\"2099-01-01\"}", 201);
    expect_field(&s->sec, "POST", "/api/v1/chairmanship",
                 "{\"type\":\"heads_of_government\",\"country\":\"UZ\",\"from\":\"2020-11-30\"}", 409, "from");
    expect_field(&s->sec, "POST", "/api/v1/chairmanship",
                 "{\"type\":\"heads_of_government\",\"country\":\"UZ\",\"from\":\"2021-13-01\"}", 400, "from");
    http_expect(&s->coord_kz, "POST", "/api/v1/chairmanship",
                "{\"type\":\"heads_of_government\",\"country\":\"KZ\",\"from\":\"2050-01-01\"}", 403);
    json_t *c = http_expect_json(&s->visitor, "GET", "/api/v1/chairmanship?type=heads_of_government", NULL, 200);
    json_t *now = json_array_get(json_object_get(c, "chairs"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(now, "current"), "country")), "KZ");
    assert_string_equal(json_string_value(json_object_get(json_object_get(now, "next"), "country")), "CN");
    json_decref(c);
}

static void a_state_view_gathers_its_meetings_initiatives_and_measures(void **state)
{
    server *s = *state;
    http_expect(&s->sec, "POST", "/api/v1/meetings", MINISTERS, 201);
    http_expect(&s->coord_uz, "POST", "/api/v1/initiatives",
                "{\"proposer\":\"UZ\",\"proposed_on\":\"2020-11-10\",\"texts\":[{\"lang\":\"en\",\"origin\":"
                "\"original\",\"title\":\"Co-production\"}]}",
                201);
    add_measure(s, "4.1", "2000-01-01");
    json_t *v = http_expect_json(&s->visitor, "GET", "/api/v1/coordination/states/UZ", NULL, 200);
    json_t *counts = json_object_get(v, "counts");
    assert_int_equal(json_integer_value(json_object_get(counts, "meetings")), 1);
    assert_int_equal(json_integer_value(json_object_get(counts, "chaired")), 0);
    assert_int_equal(json_integer_value(json_object_get(counts, "initiatives")), 1);
    assert_int_equal(json_integer_value(json_object_get(counts, "measures")), 1);
    assert_int_equal(json_integer_value(json_object_get(counts, "overdue")), 1);
    json_decref(v);
    http_expect(&s->visitor, "GET", "/api/v1/coordination/states/XX", NULL, 404);
    http_expect(&s->visitor, "GET", "/api/v1/coordination/states/uzb", NULL, 404);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        T(secretariat_records_a_meeting_everyone_reads_it_side_by_side),
        T(meeting_bad_input_is_refused_naming_the_field_and_changes_nothing),
        T(coordinators_propose_for_their_own_state_and_the_secretariat_decides),
        T(overdue_measures_stand_out_and_coordinators_report_progress),
        T(the_plan_exports_as_csv_with_titles_side_by_side),
        T(the_plan_csv_quotes_titles_a_spreadsheet_would_run),
        T(measures_and_initiatives_link_to_joint_projects_the_project_lists_them),
        T(calendar_feed_is_icalendar_with_folding_escaping_and_utc),
        T(chairmanship_says_who_chairs_now_and_next),
        T(a_state_view_gathers_its_meetings_initiatives_and_measures),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
