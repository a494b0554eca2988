/*
 * test_http_project.c - joint projects over real HTTP (http_api_project.c):
 * the chain from an accepted interest to a completed project with
 * partners from three states, each step by the person the chain names;
 * a change that voids sign-offs and says so; illegal transitions as 409
 * problems naming the rule; If-Match; bad input refused naming the field
 * and changing nothing; documents as every actor sees them; the
 * pipeline's filters and its CSV. Runs on SQLite, and on PostgreSQL when
 * HAMKOR_TEST_PG is set.
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

#include "http_fixture.h"
#include "store/store_project.h"

#define PASSWORD HTTP_FIXTURE_PASSWORD

enum {
    UZ_ADMIN, UZ_MEMBER, KZ_ADMIN, CN_ADMIN, COORD_UZ, COORD_KZ, COORD_CN, COORD_RU, BANKER, OTHER_BANKER,
    OUTSIDER, SECRETARIAT, N_PEOPLE
};
static const char *const emails[N_PEOPLE] = {
    "admin@uz.example",      "member@uz.example",    "admin@kz.example",    "admin@cn.example",
    "coordinator@uz.example", "coordinator@kz.example", "coordinator@cn.example", "coordinator@ru.example",
    "credit@aiib.example",   "credit@ndb.example",   "someone@else.example", "desk@sco.example"};

typedef struct world {
    http_fixture fx;
    hk_store *st;
    int64_t uz, kz, cn, aiib, ndb;
    int64_t user[N_PEOPLE];
    http_session s[N_PEOPLE];
    http_session visitor;
    int64_t eoi;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_db(&w->fx, "project"))
        return -1;
    hk_store *st = w->st = http_fixture_store(&w->fx);
    w->uz = http_fixture_org(st, "Navoi Solar Components", "UZ", ORG_ENTERPRISE);
    w->kz = http_fixture_org(st, "Karaganda Steel Structures", "KZ", ORG_ENTERPRISE);
    w->cn = http_fixture_org(st, "Xi'an Inverter Works", "CN", ORG_ENTERPRISE);
    w->aiib = http_fixture_org(st, "Asian Infrastructure Investment Bank", "CN", ORG_FINANCIAL);
    w->ndb = http_fixture_org(st, "New Development Bank", "CN", ORG_FINANCIAL);
    static const struct {
        user_role role;
        const char *state;
        int org; /* 1 uz, 2 kz, 3 cn, 4 aiib, 5 ndb */
        bool admin;
    } cast[N_PEOPLE] = {{ROLE_MEMBER, NULL, 1, true},        {ROLE_MEMBER, NULL, 1, false},
                        {ROLE_MEMBER, NULL, 2, true},        {ROLE_MEMBER, NULL, 3, true},
                        {ROLE_COORDINATOR, "UZ", 0, false},  {ROLE_COORDINATOR, "KZ", 0, false},
                        {ROLE_COORDINATOR, "CN", 0, false},  {ROLE_COORDINATOR, "RU", 0, false},
                        {ROLE_FINANCIAL, NULL, 4, false},    {ROLE_FINANCIAL, NULL, 5, false},
                        {ROLE_MEMBER, NULL, 0, false},       {ROLE_SECRETARIAT, NULL, 0, false}};
    int64_t orgs[6] = {0, w->uz, w->kz, w->cn, w->aiib, w->ndb};
    for (int i = 0; i < N_PEOPLE; i++) {
        w->user[i] = http_fixture_user(st, emails[i], cast[i].role, cast[i].state);
        if (cast[i].org)
            http_fixture_member(st, w->user[i], orgs[cast[i].org], cast[i].admin);
    }
    /* An accepted interest of KZ in a request of UZ: where the project grows from. */
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = w->uz;
    l.direction = DIR_REQUEST;
    l.kind = KIND_COPRODUCTION;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Ищем производителя опорных конструкций"), NULL};
    l.n_texts = 1;
    l.status = STATUS_PUBLISHED;
    memcpy(l.expires, "2099-12-31", 11);
    hk_err err;
    if (store_listing_create(st, &l, 0, &err))
        return -1;
    interest i = {.listing_id = l.id, .from_org_id = w->kz, .from_user_id = w->user[KZ_ADMIN],
                  .offered = (char *)"Steel mounting structures", .sought = (char *)"A solar project",
                  .why = (char *)"Rail link Karaganda-Navoi"};
    listing_free(&l);
    if (store_interest_create(st, &i, &err) ||
        store_interest_decide(st, i.id, EOI_ACCEPTED, w->user[UZ_ADMIN], &err))
        return -1;
    w->eoi = i.id;
    if (http_fixture_serve(&w->fx))
        return -1;
    w->visitor.port = w->fx.port;
    for (int k = 0; k < N_PEOPLE; k++)
        if (http_session_login(&w->s[k], w->fx.port, emails[k], PASSWORD) != 200)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    store_close(w->st);
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

/* ---- helpers ---- */

static char *project_body(world *w, const char *title)
{
    char *b = NULL;
    if (asprintf(&b,
                 "{\"sector\":\"energy\",\"budget\":24000000,\"currency\":\"USD\","
                 "\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\",\"title\":\"%s\"},"
                 "{\"lang\":\"zh\",\"origin\":\"human\",\"title\":\"纳沃伊太阳能电站\"},"
                 "{\"lang\":\"en\",\"origin\":\"machine\",\"title\":\"Navoi solar plant\"}],"
                 "\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":50,\"money\":4000000,\"currency\":\"USD\"},"
                 "{\"org_id\":%lld,\"role\":\"coproducer\",\"share\":30.5,\"in_kind\":\"mounting structures\"},"
                 "{\"org_id\":%lld,\"role\":\"supplier\",\"share\":19.5}],"
                 "\"milestones\":[{\"title\":\"Site prepared\",\"due\":\"2020-01-31\"},"
                 "{\"title\":\"First 10 MW\",\"due\":\"2099-10-31\"}],"
                 "\"interest_ids\":[%lld]}",
                 title, (long long)w->uz, (long long)w->kz, (long long)w->cn, (long long)w->eoi) < 0)
        fail_msg("out of memory");
    return b;
}

static int64_t create(world *w)
{
    char *body = project_body(w, "Солнечная электростанция в Навои");
    json_t *p = http_expect_json(&w->s[UZ_MEMBER], "POST", "/api/v1/projects", body, 201);
    free(body);
    int64_t id = json_integer_value(json_object_get(p, "id"));
    json_decref(p);
    return id;
}

static json_t *get(world *w, int who, int64_t id)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/projects/%lld", (long long)id);
    return http_expect_json(&w->s[who], "GET", path, NULL, 200);
}

static const char *state_of(const json_t *p)
{
    return json_string_value(json_object_get(p, "state"));
}

/* POST /api/v1/projects/{id}/<what> as who with body; the reply must be status. */
static json_t *act(world *w, int who, int64_t id, const char *what, const char *body, long status)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/projects/%lld/%s", (long long)id, what);
    return http_expect_json(who < 0 ? &w->visitor : &w->s[who], "POST", path, body, status);
}

static void sign(world *w, int who, int64_t org, int64_t id)
{
    json_t *p = get(w, who, id);
    char body[96];
    snprintf(body, sizeof body, "{\"org_id\":%lld,\"content_version\":%lld}", (long long)org,
             (long long)json_integer_value(json_object_get(p, "content_version")));
    json_decref(p);
    json_decref(act(w, who, id, "signoff", body, 200));
}

static int64_t first_submission(world *w, int64_t id)
{
    json_t *p = get(w, UZ_ADMIN, id);
    int64_t sid = json_integer_value(json_object_get(json_array_get(json_object_get(p, "submissions"), 0), "id"));
    json_decref(p);
    return sid;
}

static int64_t count_projects(world *w)
{
    int64_t n = 0;
    hk_err err;
    project_query q = {.sector = -1, .limit = 100};
    project *v;
    size_t k;
    if (store_project_list(w->st, &q, &v, &k, &err))
        fail_msg("%s", err.msg);
    n = (int64_t)k;
    projects_free(v, k);
    return n;
}

/* ---- the chain ---- */

static void the_whole_chain_over_http_reaches_completed(void **state)
{
    world *w = *state;
    int64_t id = create(w);
    json_t *p = get(w, KZ_ADMIN, id);
    assert_string_equal(state_of(p), "draft");
    /* The first milestone's date is past: it stands out. */
    json_t *ms = json_object_get(p, "milestones");
    assert_true(json_is_true(json_object_get(json_array_get(ms, 0), "overdue")));
    assert_false(json_is_true(json_object_get(json_array_get(ms, 1), "overdue")));
    assert_true(json_real_value(json_object_get(json_array_get(json_object_get(p, "partners"), 1), "share")) == 30.5);
    json_decref(p);

    sign(w, UZ_ADMIN, w->uz, id);
    sign(w, KZ_ADMIN, w->kz, id);
    sign(w, CN_ADMIN, w->cn, id);
    p = get(w, COORD_CN, id);
    assert_string_equal(state_of(p), "signed_off");
    json_decref(p);
    /* One version, one ETag for every reader: If-Match means the version. */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/projects/%lld", (long long)id);
    http_reply r1 = http_session_call(&w->s[COORD_CN], "GET", path, NULL, NULL);
    http_reply r2 = http_session_call(&w->s[UZ_ADMIN], "GET", path, NULL, NULL);
    assert_true(r1.etag[0]);
    assert_string_equal(r1.etag, r2.etag);
    http_reply_free(&r1);
    http_reply_free(&r2);
    /* The coordinators were told to act next. */
    json_t *n = http_expect_json(&w->s[COORD_KZ], "GET", "/api/v1/project-notices", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(n, "notices"), 0), "kind")),
                        "endorsement_needed");
    json_decref(n);
    json_decref(act(w, COORD_UZ, id, "endorse", "{}", 200));
    json_decref(act(w, COORD_KZ, id, "endorse", "{}", 200));
    p = act(w, COORD_CN, id, "endorse", "{}", 200);
    assert_string_equal(state_of(p), "endorsed");
    json_decref(p);

    char body[96];
    snprintf(body, sizeof body, "{\"institution_ids\":[%lld]}", (long long)w->aiib);
    p = act(w, UZ_ADMIN, id, "submit", body, 200);
    assert_string_equal(state_of(p), "submitted");
    json_decref(p);
    int64_t sid = first_submission(w, id);
    char what[96];
    snprintf(what, sizeof what, "submissions/%lld/questions", (long long)sid);
    json_decref(act(w, BANKER, id, what, "{\"body\":\"Кто владеет землёй под станцией?\"}", 201));
    json_decref(act(w, UZ_MEMBER, id, what, "{\"body\":\"Хокимият, аренда на 49 лет.\"}", 201));
    snprintf(what, sizeof what, "submissions/%lld/decision", (long long)sid);
    p = act(w, BANKER, id, what, "{\"status\":\"approved\",\"amount\":18000000,\"currency\":\"USD\"}", 200);
    json_t *sub = json_array_get(json_object_get(p, "submissions"), 0);
    assert_string_equal(json_string_value(json_object_get(sub, "status")), "approved");
    json_decref(p);

    json_decref(act(w, UZ_ADMIN, id, "start", "{}", 200));
    json_decref(act(w, KZ_ADMIN, id, "milestones/1/report", "{\"status\":\"done\",\"evidence\":\"Акт № 12\"}", 200));
    json_decref(act(w, CN_ADMIN, id, "milestones/2/report", "{\"status\":\"done\"}", 200));
    p = act(w, UZ_ADMIN, id, "complete", "{}", 200);
    assert_string_equal(state_of(p), "completed");
    assert_false(json_is_true(json_object_get(json_array_get(json_object_get(p, "milestones"), 0), "overdue")));
    json_decref(p);
}

static void a_change_after_sign_off_voids_it_and_the_answer_says_so(void **state)
{
    world *w = *state;
    int64_t id = create(w);
    sign(w, UZ_ADMIN, w->uz, id);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/projects/%lld", (long long)id);
    http_reply g = http_session_call(&w->s[KZ_ADMIN], "GET", path, NULL, NULL);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", g.etag);
    http_reply_free(&g);
    /* Without If-Match 428; with a stale one 412; nothing changes. */
    http_reply r = http_session_call(&w->s[KZ_ADMIN], "PATCH", path, "{\"budget\":25000000}", NULL);
    assert_int_equal(r.status, 428);
    http_reply_free(&r);
    r = http_session_call(&w->s[KZ_ADMIN], "PATCH", path, "{\"budget\":25000000}", "\"0000000000000000\"");
    assert_int_equal(r.status, 412);
    http_reply_free(&r);
    r = http_session_call(&w->s[KZ_ADMIN], "PATCH", path, "{\"budget\":25000000}", etag);
    assert_int_equal(r.status, 200);
    json_t *p = http_reply_json(&r);
    assert_int_equal(json_integer_value(json_object_get(p, "voided_signoffs")), 1);
    assert_int_equal(json_array_size(json_object_get(p, "signoffs")), 0);
    assert_true(json_number_value(json_object_get(p, "budget")) == 25000000);
    json_decref(p);
    /* The same ETag again: the project moved on. */
    http_reply_free(&r);
    r = http_session_call(&w->s[UZ_MEMBER], "PATCH", path, "{\"budget\":1}", etag);
    assert_int_equal(r.status, 412);
    http_reply_free(&r);
}

static void an_illegal_transition_is_a_409_naming_the_rule(void **state)
{
    world *w = *state;
    int64_t id = create(w);
    json_t *e = act(w, UZ_ADMIN, id, "start", "{}", 409);
    assert_string_equal(http_problem_field(e), "state");
    assert_non_null(strstr(json_string_value(json_object_get(e, "detail")), "the project is draft"));
    json_decref(e);
    e = act(w, COORD_UZ, id, "endorse", "{}", 404); /* a draft is the partners' alone */
    json_decref(e);
    sign(w, UZ_ADMIN, w->uz, id);
    sign(w, KZ_ADMIN, w->kz, id);
    sign(w, CN_ADMIN, w->cn, id);
    e = act(w, UZ_ADMIN, id, "complete", "{}", 409);
    assert_non_null(strstr(json_string_value(json_object_get(e, "detail")), "from implementation"));
    json_decref(e);
    /* Sign-off rules: shares that do not sum to 100. */
    int64_t other = create(w);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/projects/%lld", (long long)other);
    http_reply g = http_session_call(&w->s[UZ_ADMIN], "GET", path, NULL, NULL);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", g.etag);
    http_reply_free(&g);
    char patch[256];
    snprintf(patch, sizeof patch,
             "{\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":50},{\"org_id\":%lld,\"role\":\"supplier\","
             "\"share\":40}]}",
             (long long)w->uz, (long long)w->kz);
    http_reply r = http_session_call(&w->s[UZ_ADMIN], "PATCH", path, patch, etag);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    json_t *p = get(w, UZ_ADMIN, other);
    char body[96];
    snprintf(body, sizeof body, "{\"org_id\":%lld,\"content_version\":%lld}", (long long)w->uz,
             (long long)json_integer_value(json_object_get(p, "content_version")));
    json_decref(p);
    e = act(w, UZ_ADMIN, other, "signoff", body, 409);
    assert_string_equal(http_problem_field(e), "partners");
    assert_non_null(strstr(json_string_value(json_object_get(e, "detail")), "sum to 100 %"));
    json_decref(e);
}

/* ---- bad input ---- */

static void bad_input_is_refused_naming_the_field_and_changes_nothing(void **state)
{
    world *w = *state;
    int64_t before = count_projects(w);
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char long_title[1200];
    snprintf(long_title, sizeof long_title,
             "{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"%s\"}],"
             "\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":100}]}",
             big, (long long)w->uz);
    char unknown_org[400], bad_share[400];
    snprintf(unknown_org, sizeof unknown_org,
             "{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
             "\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":100},{\"org_id\":99999,\"role\":\"supplier\","
             "\"share\":0}]}",
             (long long)w->uz);
    snprintf(bad_share, sizeof bad_share,
             "{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
             "\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":33.333}]}",
             (long long)w->uz);
    const struct {
        const char *body;
        long status;
        const char *field;
    } cases[] = {
        {"{\"sector\":\"mining\"}", 400, "sector"},
        {"{\"sector\":\"energy\",\"budget\":\"lots\",\"currency\":\"USD\"}", 400, "budget"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[],\"partners\":[]}", 400, "texts"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"\\u00ff\","
         "\"colour\":1}],\"partners\":[]}",
         400, "texts[0].colour"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"US\",\"texts\":[],\"partners\":[]}", 400, "currency"},
        {"{\"sector\":\"energy\",\"budget\":-5,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
         "\"partners\":[{\"org_id\":1,\"role\":\"lead\",\"share\":100}]}",
         400, "budget"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
         "\"partners\":[{\"org_id\":1,\"role\":\"boss\",\"share\":100}]}",
         400, "partners[0].role"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
         "\"partners\":[{\"org_id\":1,\"role\":\"lead\",\"share\":100}],\"milestones\":[{\"title\":\"m\","
         "\"due\":\"2027-13-01\"}]}",
         400, "milestones[0].due"},
        {long_title, 400, "texts[0].title"},
        {unknown_org, 400, "partners[1].org_id"},
        {bad_share, 400, "partners[0].share"},
        {"[1,2]", 400, "body"},
        {"{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"x\"}],"
         "\"partners\":[{\"org_id\":1,\"role\":\"lead\",\"share\":100}],\"interest_ids\":[0]}",
         400, "interest_ids[0]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        http_reply r = http_session_call(&w->s[UZ_MEMBER], "POST", "/api/v1/projects", cases[i].body, NULL);
        json_t *e = r.body ? json_loads(r.body, 0, NULL) : NULL;
        if (r.status != cases[i].status || !e || strcmp(http_problem_field(e), cases[i].field) != 0)
            fail_msg("case %zu: status %ld, field \"%s\" (want %ld, %s): %.300s", i, r.status,
                     e ? http_problem_field(e) : "", cases[i].status, cases[i].field, r.body ? r.body : "");
        assert_string_equal(r.content_type, "application/problem+json");
        json_decref(e);
        http_reply_free(&r);
    }
    /* Invalid UTF-8 in a title. */
    char bad_utf8[400];
    snprintf(bad_utf8, sizeof bad_utf8,
             "{\"sector\":\"energy\",\"budget\":1,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"title\":\"\xc3\x28\"}],"
             "\"partners\":[{\"org_id\":%lld,\"role\":\"lead\",\"share\":100}]}",
             (long long)w->uz);
    http_reply r = http_session_call(&w->s[UZ_MEMBER], "POST", "/api/v1/projects", bad_utf8, NULL);
    assert_int_equal(r.status, 400);
    http_reply_free(&r);
    assert_int_equal(count_projects(w), before);

    /* Transitions and documents refuse bad bodies too, naming the field. */
    int64_t id = create(w);
    json_t *e = act(w, UZ_ADMIN, id, "signoff", "{\"org_id\":1}", 400);
    assert_string_equal(http_problem_field(e), "content_version");
    json_decref(e);
    e = act(w, UZ_ADMIN, id, "cancel", "{}", 400);
    assert_string_equal(http_problem_field(e), "reason");
    json_decref(e);
    e = act(w, UZ_ADMIN, id, "cancel", "{\"reason\":\"x\",\"why\":1}", 400);
    assert_string_equal(http_problem_field(e), "why");
    json_decref(e);
    e = act(w, UZ_MEMBER, id, "documents", "{\"name\":\"a.pdf\",\"content_type\":\"application/pdf\",\"data\":\"@@@\"}",
            400);
    assert_string_equal(http_problem_field(e), "data");
    json_decref(e);
    /* "MZ..." declared as a PDF. */
    e = act(w, UZ_MEMBER, id, "documents", "{\"name\":\"a.pdf\",\"content_type\":\"application/pdf\",\"data\":\"TVqQAA==\"}",
            400);
    assert_string_equal(http_problem_field(e), "content_type");
    json_decref(e);
    e = act(w, UZ_MEMBER, id, "documents",
            "{\"name\":\"a.exe\",\"content_type\":\"application/x-msdownload\",\"data\":\"TVqQAA==\"}", 400);
    assert_string_equal(http_problem_field(e), "content_type");
    json_decref(e);
    /* A draft has no progress to report, whatever the milestone. */
    e = act(w, UZ_MEMBER, id, "milestones/9/report", "{\"status\":\"done\"}", 409);
    assert_string_equal(http_problem_field(e), "state");
    json_decref(e);
    e = act(w, UZ_MEMBER, id, "milestones/1/report", "{\"status\":\"finished\"}", 400);
    assert_string_equal(http_problem_field(e), "status");
    json_decref(e);
    json_t *docs = http_expect_json(&w->s[UZ_MEMBER], "GET", "/api/v1/projects/1/documents", NULL, 200);
    json_decref(docs);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/projects/%lld/documents", (long long)id);
    docs = http_expect_json(&w->s[UZ_MEMBER], "GET", path, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(docs, "documents")), 0);
    json_decref(docs);
    /* Unknown query parameters and bad filters. */
    http_expect(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?colour=red", NULL, 400);
    http_expect(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?stage=draft", NULL, 400);
    http_expect(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?min_amount=-1", NULL, 400);
    http_expect(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?sort=colour", NULL, 400);
    http_expect(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?format=xml", NULL, 400);
}

/* ---- documents from every actor ---- */

static void documents_are_served_only_to_those_allowed(void **state)
{
    world *w = *state;
    int64_t id = create(w);
    /* A confidential feasibility study and a public leaflet. */
    json_t *c = act(w, UZ_MEMBER, id, "documents",
                    "{\"name\":\"Технико-экономическое обоснование.pdf\",\"content_type\":\"application/pdf\","
                    "\"confidential\":true,\"data\":\"JVBERi0xLjcKJSVFT0YK\"}",
                    201);
    int64_t conf = json_integer_value(json_object_get(c, "id"));
    json_decref(c);
    json_t *o = act(w, UZ_MEMBER, id, "documents",
                    "{\"name\":\"leaflet.pdf\",\"content_type\":\"application/pdf\",\"data\":\"JVBERi0xLjQKJSVFT0YK\"}",
                    201);
    int64_t open = json_integer_value(json_object_get(o, "id"));
    json_decref(o);
    sign(w, UZ_ADMIN, w->uz, id);
    sign(w, KZ_ADMIN, w->kz, id);
    sign(w, CN_ADMIN, w->cn, id);
    json_decref(act(w, COORD_UZ, id, "endorse", "{}", 200));
    json_decref(act(w, COORD_KZ, id, "endorse", "{}", 200));
    json_decref(act(w, COORD_CN, id, "endorse", "{}", 200));
    char body[64];
    snprintf(body, sizeof body, "{\"institution_ids\":[%lld]}", (long long)w->aiib);
    json_decref(act(w, UZ_ADMIN, id, "submit", body, 200));

    /* confidential, public, and the number of documents listed */
    const struct {
        int who; /* -1 = visitor */
        long conf, open;
        int listed;
    } want[] = {
        {UZ_ADMIN, 200, 200, 2},    {UZ_MEMBER, 200, 200, 2},   {KZ_ADMIN, 200, 200, 2},  {CN_ADMIN, 200, 200, 2},
        {COORD_UZ, 200, 200, 2},    {COORD_KZ, 200, 200, 2},    {COORD_CN, 200, 200, 2},  {BANKER, 200, 200, 2},
        {OTHER_BANKER, 403, 200, 1}, /* the pipeline shows it; not submitted to NDB */
        {SECRETARIAT, 403, 200, 1},  {COORD_RU, 404, 404, -1},  {OUTSIDER, 404, 404, -1}, {-1, 401, 401, -1},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        http_session *s = want[i].who < 0 ? &w->visitor : &w->s[want[i].who];
        const char *name = want[i].who < 0 ? "visitor" : emails[want[i].who];
        char path[128];
        snprintf(path, sizeof path, "/api/v1/projects/%lld/documents/%lld", (long long)id, (long long)conf);
        http_reply r = http_session_call(s, "GET", path, NULL, NULL);
        if (r.status != want[i].conf)
            fail_msg("%s, confidential: %ld, want %ld", name, r.status, want[i].conf);
        if (r.status == 200) {
            assert_int_equal(r.len, 15);
            assert_memory_equal(r.body, "%PDF-1.7\n%%EOF\n", 15);
            assert_string_equal(r.content_type, "application/pdf");
        }
        http_reply_free(&r);
        snprintf(path, sizeof path, "/api/v1/projects/%lld/documents/%lld", (long long)id, (long long)open);
        r = http_session_call(s, "GET", path, NULL, NULL);
        if (r.status != want[i].open)
            fail_msg("%s, public: %ld, want %ld", name, r.status, want[i].open);
        http_reply_free(&r);
        snprintf(path, sizeof path, "/api/v1/projects/%lld/documents", (long long)id);
        r = http_session_call(s, "GET", path, NULL, NULL);
        if (want[i].listed < 0) {
            assert_true(r.status == 401 || r.status == 404);
        } else {
            json_t *j = http_reply_json(&r);
            if ((int)json_array_size(json_object_get(j, "documents")) != want[i].listed)
                fail_msg("%s lists %zu documents, want %d", name, json_array_size(json_object_get(j, "documents")),
                         want[i].listed);
            json_decref(j);
        }
        http_reply_free(&r);
    }
    /* A document of another project is not this project's. */
    int64_t other = create(w);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/projects/%lld/documents/%lld", (long long)other, (long long)conf);
    http_expect(&w->s[UZ_ADMIN], "GET", path, NULL, 404);
}

/* ---- the pipeline ---- */

static void the_pipeline_filters_sorts_and_exports_csv(void **state)
{
    world *w = *state;
    int64_t a = create(w), b = create(w);
    for (int k = 0; k < 2; k++) {
        int64_t id = k ? b : a;
        sign(w, UZ_ADMIN, w->uz, id);
        sign(w, KZ_ADMIN, w->kz, id);
        sign(w, CN_ADMIN, w->cn, id);
        json_decref(act(w, COORD_UZ, id, "endorse", "{}", 200));
        json_decref(act(w, COORD_KZ, id, "endorse", "{}", 200));
        json_decref(act(w, COORD_CN, id, "endorse", "{}", 200));
    }
    char body[64];
    snprintf(body, sizeof body, "{\"institution_ids\":[%lld]}", (long long)w->ndb);
    json_decref(act(w, UZ_ADMIN, b, "submit", body, 200));
    /* A draft is never in the pipeline. */
    create(w);
    /* A title a spreadsheet would run as a formula. */
    char *formula = project_body(w, "=HYPERLINK(\\\"http://evil.example\\\")");
    json_t *fp = http_expect_json(&w->s[UZ_MEMBER], "POST", "/api/v1/projects", formula, 201);
    int64_t f = json_integer_value(json_object_get(fp, "id"));
    json_decref(fp);
    free(formula);
    sign(w, UZ_ADMIN, w->uz, f);
    sign(w, KZ_ADMIN, w->kz, f);
    sign(w, CN_ADMIN, w->cn, f);
    json_decref(act(w, COORD_UZ, f, "endorse", "{}", 200));
    json_decref(act(w, COORD_KZ, f, "endorse", "{}", 200));
    json_decref(act(w, COORD_CN, f, "endorse", "{}", 200));

    json_t *j = http_expect_json(&w->s[OTHER_BANKER], "GET", "/api/v1/projects/pipeline?stage=submitted&sector=energy",
                                 NULL, 200);
    json_t *list = json_object_get(j, "projects");
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), b);
    json_decref(j);
    j = http_expect_json(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?country=KZ&min_amount=1000000&sort=-updated",
                         NULL, 200);
    list = json_object_get(j, "projects");
    assert_true(json_array_size(list) >= 2);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *st = json_string_value(json_object_get(json_array_get(list, i), "state"));
        assert_true(!strcmp(st, "endorsed") || !strcmp(st, "submitted"));
    }
    json_decref(j);
    j = http_expect_json(&w->s[BANKER], "GET", "/api/v1/projects/pipeline?sector=transport", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "projects")), 0);
    json_decref(j);

    http_reply r = http_session_call(&w->s[SECRETARIAT], "GET", "/api/v1/projects/pipeline?format=csv&lang=zh", NULL,
                                     NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/csv; charset=utf-8");
    assert_non_null(strstr(r.body, "id,title,sector,stage,budget,currency,states,partners,approved,updated_at\r\n"));
    assert_non_null(strstr(r.body, "纳沃伊太阳能电站,energy,submitted,24000000.00,USD,CN KZ UZ,3,0.00,"));
    http_reply_free(&r);
    r = http_session_call(&w->s[SECRETARIAT], "GET", "/api/v1/projects/pipeline?format=csv&lang=ru", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ",\"'=HYPERLINK(\"\"http://evil.example\"\")\",energy,endorsed,"));
    http_reply_free(&r);
    /* Members and coordinators are not institutions. */
    http_expect(&w->s[UZ_ADMIN], "GET", "/api/v1/projects/pipeline", NULL, 403);
    http_expect(&w->s[COORD_UZ], "GET", "/api/v1/projects/pipeline", NULL, 403);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_whole_chain_over_http_reaches_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_change_after_sign_off_voids_it_and_the_answer_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(an_illegal_transition_is_a_409_naming_the_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_is_refused_naming_the_field_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(documents_are_served_only_to_those_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(the_pipeline_filters_sorts_and_exports_csv, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
