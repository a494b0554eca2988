/*
 * test_http.c - the HTTP server over a real loopback socket with libcurl:
 * the public read endpoints, their refusals (invalid UTF-8, unknown
 * parameters on every route, out-of-range numbers, oversized bodies), problem+json
 * errors, ETag revalidation and the web UI's static files.
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
#include <unistd.h>

#include "http/http_int.h"
#include "http_fixture.h"

typedef struct server {
    http_fixture fx;
    int64_t listing_id, org_id;
} server;

typedef http_reply reply;

static reply call(server *s, const char *method, const char *path, const char *body, size_t body_len,
                  const char *if_none_match)
{
    return http_client_call(s->fx.port, method, path, body, body_len, NULL, if_none_match);
}

static reply get(server *s, const char *path) { return call(s, "GET", path, NULL, 0, NULL); }

static void seed(server *s)
{
    hk_store *st = http_fixture_store(&s->fx);
    hk_err err;
    organisation o;
    memset(&o, 0, sizeof o);
    o.n_names = 1;
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){strdup("Тошкент қуйма заводи"), strdup("uz-Cyrl"), true};
    memcpy(o.country, "UZ", 3);
    o.city = strdup("Toshkent");
    o.lat = 41.3;
    o.lon = 69.24;
    o.has_coords = true;
    if (store_org_create(st, &o, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    s->org_id = o.id;
    organisation_free(&o);
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = s->org_id;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.n_texts = 1;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Литьё алюминия <script>alert(1)</script>"),
                                strdup("Отливки под давлением")};
    l.n_hs = 1;
    l.hs = calloc(1, sizeof *l.hs);
    l.hs[0] = strdup("7616");
    memcpy(l.expires, "2099-12-31", 11);
    if (store_listing_create(st, &l, 0, &err) ||
        store_listing_set_status(st, l.id, STATUS_PUBLISHED, NULL, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    s->listing_id = l.id;
    listing_free(&l);
    store_close(st);
}

static int setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    s->fx.web_root = "tests/data/web";
    if (http_fixture_db(&s->fx, "http"))
        return -1;
    seed(s);
    return http_fixture_serve(&s->fx);
}

static int teardown(void **state)
{
    server *s = *state;
    http_fixture_stop(&s->fx);
    curl_global_cleanup();
    free(s);
    return 0;
}

static void health_check_answers_ok(void **state)
{
    reply r = get(*state, "/healthz");
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
    json_decref(j);
    free(r.body);
}

static void countries_are_listed_in_three_languages(void **state)
{
    reply r = get(*state, "/api/v1/countries");
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    json_t *a = json_object_get(j, "countries");
    assert_true(json_array_size(a) >= 12);
    json_t *first = json_array_get(a, 0);
    assert_non_null(json_object_get(first, "name_zh"));
    json_decref(j);
    free(r.body);
}

static void search_finds_listing_and_marks_the_title(void **state)
{
    reply r = get(*state, "/api/v1/search?q=%D0%B0%D0%BB%D1%8E%D0%BC%D0%B8%D0%BD%D0%B8%D0%B9&facets=1");
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    json_t *hits = json_object_get(j, "hits");
    assert_int_equal(json_array_size(hits), 1);
    json_t *h = json_array_get(hits, 0);
    assert_string_equal(json_string_value(json_object_get(h, "country")), "UZ");
    /* The stored title keeps its markup as data; the API returns it as text. */
    assert_non_null(strstr(json_string_value(json_object_get(h, "title")), "<script>"));
    json_t *marked = json_object_get(h, "title_marked");
    bool any = false;
    size_t i;
    json_t *seg;
    json_array_foreach(marked, i, seg) any |= json_is_true(json_object_get(seg, "mark"));
    assert_true(any);
    assert_non_null(json_object_get(json_object_get(j, "facets"), "country"));
    json_decref(j);
    free(r.body);
}

static void chinese_query_finds_the_russian_listing_by_code(void **state)
{
    reply r = get(*state, "/api/v1/search?q=%E9%93%9D%E5%8E%8B%E9%93%B8"); /* 铝压铸 */
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "hits")), 1);
    json_decref(j);
    free(r.body);
}

static void search_refuses_bad_parameters_with_problem_documents(void **state)
{
    const char *paths[] = {"/api/v1/search?q=%C3%28", "/api/v1/search?colour=red", "/api/v1/search?limit=0",
                           "/api/v1/search?limit=abc", "/api/v1/search?cursor=-5",
                           "/api/v1/search?deadline_after=2026-02-30"};
    const char *fields[] = {"q", "colour", "limit", "limit", "cursor", "deadline_after"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        reply r = get(*state, paths[i]);
        if (r.status != 400)
            fail_msg("%s: status %ld", paths[i], r.status);
        assert_string_equal(r.content_type, "application/problem+json");
        json_t *j = http_reply_json(&r);
        json_t *e = json_array_get(json_object_get(j, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "field")), fields[i]);
        json_decref(j);
        free(r.body);
    }
}

/* Called for each route: the pattern with {id} as 1 and {code} as UZ,
 * and ?bogus=1 appended, must be a 400 naming "bogus" before the handler
 * runs (so before any 401, 404 or stream). */
static void refuse_bogus(const char *method, const char *pattern, void *ctx)
{
    server *s = ctx;
    char target[256];
    size_t n = 0;
    for (const char *p = pattern; *p && n < sizeof target - 16;) {
        if (!strncmp(p, "{id}", 4)) {
            target[n++] = '1';
            p += 4;
        } else if (!strncmp(p, "{code}", 6)) {
            memcpy(target + n, "UZ", 2);
            n += 2;
            p += 6;
        } else {
            target[n++] = *p++;
        }
    }
    snprintf(target + n, sizeof target - n, "?bogus=1");
    reply r = call(s, method, target, NULL, 0, NULL);
    if (r.status != 400)
        fail_msg("%s %s: status %ld", method, target, r.status);
    assert_string_equal(r.content_type, "application/problem+json");
    json_t *j = http_reply_json(&r);
    json_t *e = json_array_get(json_object_get(j, "errors"), 0);
    if (!json_is_string(json_object_get(e, "field")) || strcmp(json_string_value(json_object_get(e, "field")), "bogus"))
        fail_msg("%s %s: %s", method, target, r.body);
    json_decref(j);
    free(r.body);
}

static void every_route_refuses_an_unknown_query_parameter(void **state)
{
    http_routes_each(refuse_bogus, *state);
}

static void listing_read_has_etag_and_revalidates(void **state)
{
    server *s = *state;
    char path[64];
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)s->listing_id);
    reply r = get(s, path);
    assert_int_equal(r.status, 200);
    assert_true(r.etag[0] == '"');
    json_t *j = http_reply_json(&r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "organisation"), "country")), "UZ");
    json_decref(j);
    reply again = call(s, "GET", path, NULL, 0, r.etag);
    assert_int_equal(again.status, 304);
    free(r.body);
    free(again.body);
}

static void unknown_listing_is_404_problem(void **state)
{
    reply r = get(*state, "/api/v1/listings/999999");
    assert_int_equal(r.status, 404);
    assert_string_equal(r.content_type, "application/problem+json");
    free(r.body);
    r = get(*state, "/api/v1/listings/0");
    assert_int_equal(r.status, 404);
    free(r.body);
}

static void wrong_method_is_405_and_big_body_is_413(void **state)
{
    reply r = call(*state, "DELETE", "/api/v1/countries", NULL, 0, NULL);
    assert_int_equal(r.status, 405);
    free(r.body);
    size_t n = (1u << 20) + 10;
    char *big = malloc(n);
    memset(big, 'a', n);
    r = call(*state, "POST", "/api/v1/countries", big, n, NULL);
    assert_int_equal(r.status, 413);
    free(r.body);
    free(big);
}

static void matches_and_organisation_are_served(void **state)
{
    server *s = *state;
    char path[80];
    snprintf(path, sizeof path, "/api/v1/listings/%lld/matches", (long long)s->listing_id);
    reply r = get(s, path);
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    assert_true(json_is_array(json_object_get(j, "matches")));
    json_decref(j);
    free(r.body);
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)s->org_id);
    r = get(s, path);
    assert_int_equal(r.status, 200);
    free(r.body);
}

static void taxonomy_autocompletes_in_any_language(void **state)
{
    reply r = get(*state, "/api/v1/taxonomy/hs?q=761");
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    json_t *first = json_array_get(json_object_get(j, "codes"), 0);
    assert_non_null(first);
    assert_non_null(json_object_get(json_object_get(first, "label"), "ru"));
    json_decref(j);
    free(r.body);
}

/* The first city of GET path's answer, its id and name into the outs
 * (empty when the answer has no city); the answer must be a 200. */
static void first_city(server *s, const char *path, char id[64], char name[128], size_t *count)
{
    reply r = get(s, path);
    if (r.status != 200)
        fail_msg("%s: status %ld: %s", path, r.status, r.body ? r.body : "");
    json_t *j = http_reply_json(&r);
    json_t *a = json_object_get(j, "cities");
    assert_true(json_is_array(a));
    *count = json_array_size(a);
    json_t *c = json_array_get(a, 0);
    snprintf(id, 64, "%s", c ? json_string_value(json_object_get(c, "id")) : "");
    snprintf(name, 128, "%s", c ? json_string_value(json_object_get(c, "name")) : "");
    if (c) {
        assert_true(json_is_string(json_object_get(c, "country")));
        assert_true(json_is_number(json_object_get(c, "lat")) && json_is_number(json_object_get(c, "lon")));
        for (const char *const *k = (const char *const[]){"name_en", "name_ru", "name_zh", "local", NULL}; *k; k++)
            assert_true(json_is_string(json_object_get(c, *k)));
    }
    json_decref(j);
    free(r.body);
}

static void cities_are_suggested_from_a_prefix_in_any_script(void **state)
{
    char id[64], name[128];
    size_t n;
    first_city(*state, "/api/v1/cities?q=%D1%82%D0%B0%D1%88", id, name, &n); /* таш */
    assert_string_equal(id, "tashkent");
    assert_string_equal(name, "Ташкент");
    first_city(*state, "/api/v1/cities?q=%E5%A1%94%E4%BB%80", id, name, &n); /* 塔什 */
    assert_string_equal(id, "tashkent");
    assert_string_equal(name, "塔什干");
    first_city(*state, "/api/v1/cities?q=TASH&limit=3", id, name, &n);
    assert_string_equal(id, "tashkent");
    assert_string_equal(name, "Tashkent");
    assert_true(n >= 1 && n <= 3);
    /* The answer is Tashkent's record: names in the three languages and
     * the local one, and its coordinates. */
    reply r = get(*state, "/api/v1/cities?q=tashkent&limit=1");
    assert_int_equal(r.status, 200);
    assert_true(r.etag[0] == '"');
    json_t *j = http_reply_json(&r);
    json_t *c = json_array_get(json_object_get(j, "cities"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "name_ru")), "Ташкент");
    assert_string_equal(json_string_value(json_object_get(c, "name_zh")), "塔什干");
    assert_string_equal(json_string_value(json_object_get(c, "local")), "Toshkent");
    assert_string_equal(json_string_value(json_object_get(c, "country")), "UZ");
    assert_true(json_real_value(json_object_get(c, "lat")) > 41.2 && json_real_value(json_object_get(c, "lat")) < 41.4);
    assert_true(json_real_value(json_object_get(c, "lon")) > 69.1 && json_real_value(json_object_get(c, "lon")) < 69.4);
    json_decref(j);
    reply again = call(*state, "GET", "/api/v1/cities?q=tashkent&limit=1", NULL, 0, r.etag);
    assert_int_equal(again.status, 304);
    free(r.body);
    free(again.body);
}

static void cities_are_filtered_by_country(void **state)
{
    char id[64], name[128];
    size_t n;
    /* "kar" begins Karachi first; in Kazakhstan, Karaganda. */
    first_city(*state, "/api/v1/cities?q=kar", id, name, &n);
    assert_string_equal(id, "karachi");
    reply r = get(*state, "/api/v1/cities?q=kar&country=KZ&limit=20");
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    json_t *a = json_object_get(j, "cities"), *c;
    size_t i;
    assert_true(json_array_size(a) >= 1);
    json_array_foreach(a, i, c) assert_string_equal(json_string_value(json_object_get(c, "country")), "KZ");
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "id")), "karaganda");
    json_decref(j);
    free(r.body);
    /* A country without such a city answers an empty list, not an error. */
    first_city(*state, "/api/v1/cities?q=tash&country=CN", id, name, &n);
    assert_int_equal(n, 0);
}

static void cities_refuse_bad_parameters_naming_them(void **state)
{
    char big[160] = "/api/v1/cities?q=";
    memset(big + strlen(big), 'a', 101);
    const struct {
        const char *path;
        long status;
        const char *field;
    } cases[] = {
        {"/api/v1/cities", 400, "q"},
        {"/api/v1/cities?q=", 400, "q"},
        {"/api/v1/cities?q=%C3%28", 400, "q"},
        {"/api/v1/cities?q=tash&q=%C3%28", 400, "q"},
        {big, 413, "q"},
        {"/api/v1/cities?q=tash&limit=0", 400, "limit"},
        {"/api/v1/cities?q=tash&limit=21", 400, "limit"},
        {"/api/v1/cities?q=tash&limit=ten", 400, "limit"},
        {"/api/v1/cities?q=tash&country=uz", 400, "country"},
        {"/api/v1/cities?q=tash&country=UZB", 400, "country"},
        {"/api/v1/cities?q=tash&city=1", 400, "city"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reply r = get(*state, cases[i].path);
        if (r.status != cases[i].status)
            fail_msg("%s: status %ld", cases[i].path, r.status);
        assert_string_equal(r.content_type, "application/problem+json");
        json_t *j = http_reply_json(&r);
        if (strcmp(http_problem_field(j), cases[i].field))
            fail_msg("%s: field %s, expected %s", cases[i].path, http_problem_field(j), cases[i].field);
        json_decref(j);
        free(r.body);
    }
}

static void export_needs_an_account(void **state)
{
    /* What an export holds is public, but a visitor cannot start one
     * (issue 17, finding 5); test_http_abuse.c reads exports. */
    reply r = get(*state, "/api/v1/export/listings.jsonl");
    assert_int_equal(r.status, 401);
    free(r.body);
}

static void static_files_and_app_routes_are_served(void **state)
{
    reply r = get(*state, "/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "text/html"));
    free(r.body);
    r = get(*state, "/listing/5"); /* an app route: index.html */
    assert_int_equal(r.status, 200);
    free(r.body);
    r = get(*state, "/../../etc/passwd");
    assert_int_equal(r.status, 404);
    free(r.body);
    r = get(*state, "/missing.js");
    assert_int_equal(r.status, 404);
    free(r.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_check_answers_ok),
        cmocka_unit_test(countries_are_listed_in_three_languages),
        cmocka_unit_test(search_finds_listing_and_marks_the_title),
        cmocka_unit_test(chinese_query_finds_the_russian_listing_by_code),
        cmocka_unit_test(search_refuses_bad_parameters_with_problem_documents),
        cmocka_unit_test(every_route_refuses_an_unknown_query_parameter),
        cmocka_unit_test(listing_read_has_etag_and_revalidates),
        cmocka_unit_test(unknown_listing_is_404_problem),
        cmocka_unit_test(wrong_method_is_405_and_big_body_is_413),
        cmocka_unit_test(matches_and_organisation_are_served),
        cmocka_unit_test(taxonomy_autocompletes_in_any_language),
        cmocka_unit_test(cities_are_suggested_from_a_prefix_in_any_script),
        cmocka_unit_test(cities_are_filtered_by_country),
        cmocka_unit_test(cities_refuse_bad_parameters_naming_them),
        cmocka_unit_test(export_needs_an_account),
        cmocka_unit_test(static_files_and_app_routes_are_served),
    };
    return cmocka_run_group_tests_name("http", tests, setup, teardown);
}
