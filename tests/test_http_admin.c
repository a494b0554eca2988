/*
 * test_http_admin.c - the secretariat administering the taxonomy over
 * real HTTP (docs/taxonomy.md, "Administration"): a relabelled code is
 * suggested and inferred from its new words at once, search finds
 * listings through the new words in any language, the change survives a
 * restart, one code can be read back with its synonyms, and the
 * refusals: 401 for visitors, 403 for everyone but the secretariat,
 * 400 naming the field of a bad body, 404 for an unknown code.
 *
 * Cast (one server per test): the secretariat, a member of a Tashkent
 * organisation that offers aluminium profiles in Russian (HS 7604,
 * published), and a coordinator of UZ, all made in the store.
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

#define PASSWORD HTTP_FIXTURE_PASSWORD

/* 7604 as the secretariat rewrites it: a new Chinese label and the
 * Chinese trade name of thermally broken window profiles ("断桥隔热",
 * which nothing in the shipped taxonomy means) as a synonym. */
#define PUT_7604                                                                                               \
    "{\"labels\":{\"en\":\"Aluminium bars, rods and profiles\",\"ru\":\"Алюминиевые прутки и профили\","      \
    "\"zh\":\"铝型材及铝棒\"},\"synonyms\":{\"zh\":[\"铝型材\",\"断桥隔热\"]}}"

typedef struct world {
    http_fixture fx;
    http_session sec, member, coord;
    int64_t listing;              /* the Russian offer of HS 7604 */
} world;

static int64_t make_listing(hk_store *st, int64_t org)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.n_texts = 1;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Оконные профили из алюминия"),
                                strdup("Прессованные профили по чертежам заказчика, анодирование.")};
    l.n_hs = 1;
    l.hs = calloc(1, sizeof *l.hs);
    l.hs[0] = strdup("7604");
    memcpy(l.expires, "2099-12-31", 11);
    hk_err err;
    if (store_listing_create(st, &l, 0, &err) || store_listing_set_status(st, l.id, STATUS_PUBLISHED, NULL, 0, &err))
        fail_msg("listing: %s: %s", err.field, err.msg);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

static void sign_in(world *w)
{
    if (http_session_login(&w->sec, w->fx.port, "desk@sco.example", PASSWORD) != 200 ||
        http_session_login(&w->member, w->fx.port, "member@quyma.example.uz", PASSWORD) != 200 ||
        http_session_login(&w->coord, w->fx.port, "coordinator@uz.example", PASSWORD) != 200)
        fail_msg("signing in failed");
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_db(&w->fx, "admin"))
        return -1;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t org = http_fixture_org(st, "Toshkent Alyuminiy", "UZ", ORG_ENTERPRISE);
    http_fixture_user(st, "desk@sco.example", ROLE_SECRETARIAT, NULL);
    http_fixture_member(st, http_fixture_user(st, "member@quyma.example.uz", ROLE_MEMBER, NULL), org, true);
    http_fixture_user(st, "coordinator@uz.example", ROLE_COORDINATOR, "UZ");
    w->listing = make_listing(st, org);
    store_close(st);
    if (http_fixture_serve(&w->fx))
        return -1;
    sign_in(w);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

/* ---- helpers ---- */

static json_t *get(world *w, const char *target, long status)
{
    return http_expect_json(&(http_session){.port = w->fx.port}, "GET", target, NULL, status);
}

/* Whether GET /api/v1/taxonomy/hs?q=query lists code. */
static bool suggested(world *w, const char *query, const char *code)
{
    char *esc = curl_easy_escape(NULL, query, 0);
    char target[512];
    snprintf(target, sizeof target, "/api/v1/taxonomy/hs?q=%s", esc);
    curl_free(esc);
    json_t *j = get(w, target, 200);
    bool found = false;
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(j, "codes"), i, c) found =
        found || !strcmp(json_string_value(json_object_get(c, "code")), code);
    json_decref(j);
    return found;
}

/* Whether search for query finds the listing. */
static bool search_finds(world *w, const char *query, int64_t id)
{
    char *esc = curl_easy_escape(NULL, query, 0);
    char target[512];
    snprintf(target, sizeof target, "/api/v1/search?q=%s", esc);
    curl_free(esc);
    json_t *j = get(w, target, 200);
    bool found = false;
    json_t *h;
    size_t i;
    json_array_foreach(json_object_get(j, "hits"), i, h) found =
        found || json_integer_value(json_object_get(h, "id")) == id;
    json_decref(j);
    return found;
}

/* The label of the code's entry in lang. */
static const char *label_of(json_t *entry, const char *lang)
{
    return json_string_value(json_object_get(json_object_get(entry, "label"), lang));
}

static void refused(http_session *s, const char *method, const char *target, const char *body, long status,
                    const char *type, const char *field)
{
    json_t *j = http_expect_json(s, method, target, body, status);
    assert_non_null(j);
    assert_string_equal(http_problem_type(j), type);
    if (field)
        assert_string_equal(http_problem_field(j), field);
    json_decref(j);
}

/* ---- the tests ---- */

static void secretariat_relabels_a_code_and_suggestions_and_search_use_it_at_once(void **state)
{
    world *w = *state;
    assert_false(suggested(w, "断桥隔热", "7604"));
    assert_false(search_finds(w, "断桥隔热", w->listing));

    json_t *j = http_expect_json(&w->sec, "PUT", "/api/v1/taxonomy/hs/7604", PUT_7604, 200);
    assert_string_equal(json_string_value(json_object_get(j, "code")), "7604");
    assert_string_equal(label_of(j, "zh"), "铝型材及铝棒");
    json_t *zh = json_object_get(json_object_get(j, "synonyms"), "zh");
    assert_int_equal(json_array_size(zh), 2);
    assert_string_equal(json_string_value(json_array_get(zh, 1)), "断桥隔热");
    /* Languages left out of synonyms keep theirs. */
    assert_true(json_array_size(json_object_get(json_object_get(j, "synonyms"), "en")) > 0);
    json_decref(j);

    assert_true(suggested(w, "断桥隔热", "7604"));
    /* The Russian listing is found from the Chinese trade name through
     * the code the query is now inferred to mean. */
    char *esc = curl_easy_escape(NULL, "断桥隔热", 0), target[256];
    snprintf(target, sizeof target, "/api/v1/search?q=%s", esc);
    curl_free(esc);
    json_t *r = get(w, target, 200);
    json_t *inferred = json_object_get(r, "inferred_hs");
    assert_true(json_array_size(inferred) > 0);
    assert_string_equal(json_string_value(json_array_get(inferred, 0)), "7604");
    json_decref(r);
    assert_true(search_finds(w, "断桥隔热", w->listing));

    /* The list lookup shows the new label too. */
    j = get(w, "/api/v1/taxonomy/hs?q=7604", 200);
    assert_string_equal(label_of(json_array_get(json_object_get(j, "codes"), 0), "zh"), "铝型材及铝棒");
    json_decref(j);
}

static void relabelled_code_survives_a_restart(void **state)
{
    world *w = *state;
    http_expect(&w->sec, "PUT", "/api/v1/taxonomy/hs/7604", PUT_7604, 200);
    http_expect(&w->sec, "PUT", "/api/v1/taxonomy/isic/243",
                "{\"labels\":{\"en\":\"Casting of metals\",\"ru\":\"Литьё металлов\",\"zh\":\"金属铸造业\"}}", 200);
    assert_int_equal(http_fixture_restart(&w->fx), 0);
    json_t *j = get(w, "/api/v1/taxonomy/hs/7604", 200);
    assert_string_equal(label_of(j, "zh"), "铝型材及铝棒");
    json_decref(j);
    j = get(w, "/api/v1/taxonomy/isic/243", 200);
    assert_string_equal(label_of(j, "zh"), "金属铸造业");
    json_decref(j);
    assert_true(suggested(w, "断桥隔热", "7604"));
    assert_true(search_finds(w, "断桥隔热", w->listing));
}

static void one_code_reads_back_with_synonyms_and_an_etag(void **state)
{
    world *w = *state;
    json_t *j = get(w, "/api/v1/taxonomy/hs/7604", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "level")), 2);
    assert_non_null(label_of(j, "en"));
    json_t *syn = json_object_get(j, "synonyms");
    assert_true(json_is_array(json_object_get(syn, "en")));
    assert_true(json_is_array(json_object_get(syn, "ru")));
    assert_true(json_is_array(json_object_get(syn, "zh")));
    json_decref(j);
    http_reply r = http_client_call(w->fx.port, "GET", "/api/v1/taxonomy/isic/C", NULL, 0, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_true(r.etag[0] != '\0');
    char etag[64];
    snprintf(etag, sizeof etag, "%s", r.etag);
    http_reply_free(&r);
    r = http_client_call(w->fx.port, "GET", "/api/v1/taxonomy/isic/C", NULL, 0, NULL, etag);
    assert_int_equal(r.status, 304);
    http_reply_free(&r);
    /* A change is a new ETag. */
    http_expect(&w->sec, "PUT", "/api/v1/taxonomy/isic/C",
                "{\"labels\":{\"en\":\"Manufacturing industry\",\"ru\":\"Обрабатывающие производства\","
                "\"zh\":\"制造业\"}}",
                200);
    r = http_client_call(w->fx.port, "GET", "/api/v1/taxonomy/isic/C", NULL, 0, NULL, etag);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    refused(&(http_session){.port = w->fx.port}, "GET", "/api/v1/taxonomy/hs/9999", NULL, 404, "not_found", "code");
    refused(&(http_session){.port = w->fx.port}, "GET", "/api/v1/taxonomy/isic/7604", NULL, 404, "not_found",
            "code");
}

static void only_the_secretariat_may_relabel(void **state)
{
    world *w = *state;
    refused(&(http_session){.port = w->fx.port}, "PUT", "/api/v1/taxonomy/hs/7604", PUT_7604, 401, "unauthorized",
            NULL);
    refused(&w->member, "PUT", "/api/v1/taxonomy/hs/7604", PUT_7604, 403, "forbidden", NULL);
    refused(&w->coord, "PUT", "/api/v1/taxonomy/isic/243", PUT_7604, 403, "forbidden", NULL);
    json_t *j = get(w, "/api/v1/taxonomy/hs/7604", 200);
    assert_string_equal(label_of(j, "zh"), "铝条、杆及型材"); /* unchanged */
    json_decref(j);
}

static void bad_bodies_are_refused_naming_the_field(void **state)
{
    world *w = *state;
    const char *hs = "/api/v1/taxonomy/hs/7604";
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{}", "labels"},
        {"{\"labels\":\"aluminium\"}", "labels"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\"}}", "labels.zh"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":7604}}", "labels.zh"},
        {"{\"labels\":{\"en\":\"\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"}}", "labels.en"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прут\\u0007ки\",\"zh\":\"铝棒\"}}", "labels.ru"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\",\"fr\":\"Barres\"}}", "labels.fr"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"colour\":1}", "colour"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":[\"rods\"]}", "synonyms"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"en\":\"rods\"}}",
         "synonyms.en"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"en\":[\"rods\",3]}}",
         "synonyms.en[1]"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"ru\":[\"a|b\"]}}",
         "synonyms.ru[0]"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"zh\":[\"\"]}}",
         "synonyms.zh[0]"},
        {"{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"kk\":[\"профиль\"]}}",
         "synonyms.kk"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refused(&w->sec, "PUT", hs, bad[i].body, 400, "invalid", bad[i].field);
    /* A label of 201 characters, a synonym of 101. */
    char body[4096], label[1024] = "";
    for (int i = 0; i < 201; i++)
        strcat(label, "a");
    snprintf(body, sizeof body, "{\"labels\":{\"en\":\"%s\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"}}", label);
    refused(&w->sec, "PUT", hs, body, 400, "invalid", "labels.en");
    label[101] = '\0';
    snprintf(body, sizeof body,
             "{\"labels\":{\"en\":\"Bars\",\"ru\":\"Прутки\",\"zh\":\"铝棒\"},\"synonyms\":{\"en\":[\"%s\"]}}", label);
    refused(&w->sec, "PUT", hs, body, 400, "invalid", "synonyms.en");
    /* Unknown codes, whatever the body. */
    refused(&w->sec, "PUT", "/api/v1/taxonomy/hs/9999", PUT_7604, 404, "not_found", "code");
    refused(&w->sec, "PUT", "/api/v1/taxonomy/isic/7604", PUT_7604, 404, "not_found", "code");
    refused(&w->sec, "PUT", "/api/v1/taxonomy/hs/XXX", "{}", 404, "not_found", "code");
    /* None of it changed anything, after a restart either. */
    assert_int_equal(http_fixture_restart(&w->fx), 0);
    json_t *j = get(w, "/api/v1/taxonomy/hs/7604", 200);
    assert_string_equal(label_of(j, "en"), "Aluminium bars, rods and profiles");
    assert_string_equal(label_of(j, "zh"), "铝条、杆及型材");
    json_decref(j);
}

static void synonyms_can_be_removed_with_an_empty_list(void **state)
{
    world *w = *state;
    http_expect(&w->sec, "PUT", "/api/v1/taxonomy/hs/7604", PUT_7604, 200);
    assert_true(suggested(w, "断桥隔热", "7604"));
    json_t *j = http_expect_json(&w->sec, "PUT", "/api/v1/taxonomy/hs/7604",
                                 "{\"labels\":{\"en\":\"Aluminium bars, rods and profiles\",\"ru\":\"Алюминиевые "
                                 "прутки и профили\",\"zh\":\"铝型材及铝棒\"},\"synonyms\":{\"zh\":[]}}",
                                 200);
    assert_int_equal(json_array_size(json_object_get(json_object_get(j, "synonyms"), "zh")), 0);
    json_decref(j);
    assert_false(suggested(w, "断桥隔热", "7604"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(secretariat_relabels_a_code_and_suggestions_and_search_use_it_at_once),
        T(relabelled_code_survives_a_restart),
        T(one_code_reads_back_with_synonyms_and_an_etag),
        T(only_the_secretariat_may_relabel),
        T(bad_bodies_are_refused_naming_the_field),
        T(synonyms_can_be_removed_with_an_empty_list),
    };
    return cmocka_run_group_tests_name("http admin (taxonomy)", tests, NULL, NULL);
}
