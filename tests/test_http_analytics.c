/*
 * test_http_analytics.c - GET /api/v1/analytics over real HTTP
 * (http_api_analytics.c): the figures each role reads and with which
 * scope, a coordinator's default state, CSV by parameter and by Accept,
 * and bad input (dates, from after to, an unknown state or figure, an
 * unknown parameter), each refused with a 400 naming its field. The
 * world: a published listing of UZ, a draft joint project of UZ and KZ.
 * Runs on SQLite, and on PostgreSQL when HAMKOR_TEST_PG is set.
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
#include "store/store_project.h"

typedef struct server {
    http_fixture fx;
    http_session sec, coord_uz, coord_kz, member, financial, visitor;
} server;

static int setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    if (http_fixture_db(&s->fx, "analytics"))
        return -1;
    hk_store *st = http_fixture_store(&s->fx);
    http_fixture_user(st, "desk@sco.example", ROLE_SECRETARIAT, NULL);
    http_fixture_user(st, "coordinator@uz.example", ROLE_COORDINATOR, "UZ");
    http_fixture_user(st, "coordinator@kz.example", ROLE_COORDINATOR, "KZ");
    http_fixture_user(st, "credit@bank.example", ROLE_FINANCIAL, NULL);
    int64_t someone = http_fixture_user(st, "someone@a.uz", ROLE_MEMBER, NULL);
    int64_t uz = http_fixture_org(st, "Tashkent Aluminium", "UZ", ORG_ENTERPRISE);
    int64_t kz = http_fixture_org(st, "Karaganda Steel", "KZ", ORG_ENTERPRISE);
    http_fixture_member(st, someone, uz, true);
    http_fixture_listing(st, uz, DIR_OFFER, "Aluminium extrusion", NULL);

    project p;
    memset(&p, 0, sizeof p);
    p.sector = SECTOR_INDUSTRY;
    p.texts = calloc(1, sizeof *p.texts);
    p.texts[0] = (project_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Aluminium profiles plant"), NULL};
    p.n_texts = 1;
    p.partners = calloc(2, sizeof *p.partners);
    p.partners[0] = (project_partner){.org_id = uz, .role = PROLE_LEAD, .share_bp = 6000};
    p.partners[1] = (project_partner){.org_id = kz, .role = PROLE_COPRODUCER, .share_bp = 4000};
    p.n_partners = 2;
    p.budget = 1e6;
    strcpy(p.currency, "USD");
    hk_err err;
    if (store_project_create(st, &p, someone, &err))
        fail_msg("project: %s: %s", err.field, err.msg);
    project_free(&p);
    store_close(st);
    if (http_fixture_serve(&s->fx))
        return -1;
    s->visitor.port = s->fx.port;
    if (http_session_login(&s->sec, s->fx.port, "desk@sco.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->coord_uz, s->fx.port, "coordinator@uz.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->coord_kz, s->fx.port, "coordinator@kz.example", HTTP_FIXTURE_PASSWORD) != 200 ||
        http_session_login(&s->financial, s->fx.port, "credit@bank.example", HTTP_FIXTURE_PASSWORD) != 200 ||
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

static void expect_field(http_session *s, const char *target, long status, const char *field)
{
    json_t *j = http_expect_json(s, "GET", target, NULL, status);
    assert_non_null(j);
    if (strcmp(http_problem_field(j), field) != 0)
        fail_msg("GET %s: the problem names %s, not %s", target, http_problem_field(j), field);
    json_decref(j);
}

/* The rows of a figure as text: cells joined by '|', rows by '\n'. */
static char *rows_of(json_t *j)
{
    static char buf[2048];
    size_t len = 0;
    buf[0] = '\0';
    json_t *rows = json_object_get(j, "rows"), *row, *c;
    size_t i, k;
    json_array_foreach(rows, i, row) {
        json_array_foreach(row, k, c) {
            if (json_is_string(c))
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? "|" : "", json_string_value(c));
            else
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%lld", k ? "|" : "",
                                        (long long)json_integer_value(c));
        }
        len += (size_t)snprintf(buf + len, sizeof buf - len, "\n");
    }
    return buf;
}

static void anyone_reads_the_public_figures(void **state)
{
    server *s = *state;
    json_t *j = http_expect_json(&s->visitor, "GET", "/api/v1/analytics?figure=listings", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "scope")), "public");
    assert_true(json_is_null(json_object_get(j, "state")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "columns"), 3)), "listings");
    assert_string_equal(rows_of(j), "UZ|coproduction|offer|1\n");
    json_decref(j);
    /* The draft project is not public. */
    j = http_expect_json(&s->visitor, "GET", "/api/v1/analytics?figure=projects", NULL, 200);
    assert_string_equal(rows_of(j), "");
    json_decref(j);
    j = http_expect_json(&s->member, "GET", "/api/v1/analytics?figure=projects&state=UZ", NULL, 200);
    assert_string_equal(rows_of(j), "");
    json_decref(j);
    static const char *const figures[] = {"matches", "interests", "sectors", "plan", "meetings"};
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        char target[128];
        snprintf(target, sizeof target, "/api/v1/analytics?figure=%s&from=2020-01-01&to=2099-12-31", figures[i]);
        json_decref(http_expect_json(&s->visitor, "GET", target, NULL, 200));
    }
}

static void coordinators_and_the_secretariat_see_drafts(void **state)
{
    server *s = *state;
    json_t *j = http_expect_json(&s->coord_uz, "GET", "/api/v1/analytics?figure=projects&state=UZ", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "scope")), "restricted");
    assert_string_equal(rows_of(j), "UZ|draft|1\n");
    json_decref(j);
    /* Another state's: public scope. */
    j = http_expect_json(&s->coord_kz, "GET", "/api/v1/analytics?figure=projects&state=UZ", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "scope")), "public");
    assert_string_equal(rows_of(j), "");
    json_decref(j);
    j = http_expect_json(&s->sec, "GET", "/api/v1/analytics?figure=projects", NULL, 200);
    assert_string_equal(rows_of(j), "KZ|draft|1\nUZ|draft|1\n");
    json_decref(j);
}

static void restricted_figures_by_role(void **state)
{
    server *s = *state;
    static const char *const figures[] = {"financing", "matrix", "funnel"};
    for (size_t i = 0; i < 3; i++) {
        char all[96], uz[96];
        snprintf(all, sizeof all, "/api/v1/analytics?figure=%s", figures[i]);
        snprintf(uz, sizeof uz, "/api/v1/analytics?figure=%s&state=UZ", figures[i]);
        http_expect(&s->visitor, "GET", all, NULL, 401);
        http_expect(&s->member, "GET", all, NULL, 403);
        http_expect(&s->financial, "GET", uz, NULL, 403);
        http_expect(&s->coord_kz, "GET", uz, NULL, 403);
        json_decref(http_expect_json(&s->coord_uz, "GET", uz, NULL, 200));
        json_decref(http_expect_json(&s->sec, "GET", all, NULL, 200));
    }
    /* A coordinator naming no state gets its own. */
    json_t *j = http_expect_json(&s->coord_kz, "GET", "/api/v1/analytics?figure=matrix", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "KZ");
    assert_string_equal(rows_of(j), "KZ|UZ|0|0|0|0|1|0\n");
    json_decref(j);
    j = http_expect_json(&s->sec, "GET", "/api/v1/analytics?figure=funnel", NULL, 200);
    assert_string_equal(rows_of(j), "KZ|0|0|0|0|1|0\nUZ|1|0|0|0|1|0\n");
    json_decref(j);
}

static void csv_by_parameter_and_by_accept(void **state)
{
    server *s = *state;
    http_reply r = http_session_call(&s->visitor, "GET", "/api/v1/analytics?figure=listings&format=csv", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/csv"));
    assert_string_equal(r.body, "state,kind,direction,listings\r\nUZ,coproduction,offer,1\r\n");
    http_reply_free(&r);
    http_request rq = {.method = "GET", .target = "/api/v1/analytics?figure=listings&state=KZ",
                       .headers = {"Accept: text/csv, application/json;q=0.5", NULL}};
    r = http_client_request(s->fx.port, &rq);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/csv"));
    assert_string_equal(r.body, "state,kind,direction,listings\r\n");
    http_reply_free(&r);
    http_request js = {.method = "GET", .target = "/api/v1/analytics?figure=listings",
                       .headers = {"Accept: application/json, text/csv", NULL}};
    r = http_client_request(s->fx.port, &js);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "application/json"));
    http_reply_free(&r);
}

static void bad_input_names_its_field(void **state)
{
    server *s = *state;
    http_session *v = &s->visitor;
    expect_field(v, "/api/v1/analytics", 400, "figure");
    expect_field(v, "/api/v1/analytics?figure=gdp", 400, "figure");
    expect_field(v, "/api/v1/analytics?figure=", 400, "figure");
    expect_field(v, "/api/v1/analytics?figure=listings&from=2026-02-30", 400, "from");
    expect_field(v, "/api/v1/analytics?figure=listings&from=yesterday", 400, "from");
    expect_field(v, "/api/v1/analytics?figure=listings&to=2026-1-1", 400, "to");
    expect_field(v, "/api/v1/analytics?figure=listings&from=2026-05-01&to=2026-04-30", 400, "from");
    expect_field(v, "/api/v1/analytics?figure=listings&state=ZZ", 400, "state");
    expect_field(v, "/api/v1/analytics?figure=listings&state=uzb", 400, "state");
    expect_field(v, "/api/v1/analytics?figure=listings&format=xml", 400, "format");
    expect_field(v, "/api/v1/analytics?figure=listings&country=UZ", 400, "country");
    /* The restricted figures check their input before their reader. */
    expect_field(&s->sec, "/api/v1/analytics?figure=funnel&to=2026-13-01", 400, "to");
    /* One day is a valid range; figures count whole months, and say so. */
    json_t *j = http_expect_json(v, "GET", "/api/v1/analytics?figure=listings&from=2026-05-14&to=2026-05-14", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "from")), "2026-05-01");
    assert_string_equal(json_string_value(json_object_get(j, "to")), "2026-05-31");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(anyone_reads_the_public_figures),
        cmocka_unit_test(coordinators_and_the_secretariat_see_drafts),
        cmocka_unit_test(restricted_figures_by_role),
        cmocka_unit_test(csv_by_parameter_and_by_accept),
        cmocka_unit_test(bad_input_names_its_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
