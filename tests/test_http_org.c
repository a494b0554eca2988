/*
 * test_http_org.c - organisations and listings written over real HTTP:
 * the directory, create, update under If-Match, verification, duplicate
 * reports, members, listings from draft to published to closed (and
 * what search sees meanwhile), who may see a draft, and the refusals:
 * 401 for visitors, 403/404 as docs/security.md's table says, unknown
 * body members, CSRF, and injection strings kept as data; a change of
 * identity drops a verification tier, and a registry id is checked and
 * flagged when another organisation holds it (issue 17).
 *
 * Cast (one server per test): alice registers and creates "Toshkent
 * Quyma" in UZ (its admin); bob registers and is added by alice as a
 * plain member; carol registers and creates "Almaty Metall" in KZ; the
 * coordinators of UZ and KZ and the secretariat are made in the store.
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
#include <unistd.h>

#include "http_fixture.h"

#define PASSWORD HTTP_FIXTURE_PASSWORD

typedef struct world {
    http_fixture fx;
    http_session alice, bob, carol, coord_uz, coord_kz, sec;
    int64_t org_a, org_b;          /* alice's (UZ), carol's (KZ) */
} world;

/* ---- helpers ---- */

/* A request as s (NULL = a visitor), which must answer status; the
 * parsed body (NULL when empty). etag_out (may be NULL) gets the ETag. */
static json_t *expect(world *w, http_session *s, const char *method, const char *target, const char *body,
                      const char *if_match, long status, char *etag_out)
{
    http_reply r;
    if (s) {
        r = http_session_call(s, method, target, body, if_match);
    } else {
        http_request rq = {.method = method, .target = target, .body = body, .body_len = body ? strlen(body) : 0};
        r = http_client_request(w->fx.port, &rq);
    }
    if (r.status != status)
        fail_msg("%s %s: expected %ld, got %ld: %s", method, target, status, r.status, r.body ? r.body : "");
    if (etag_out)
        snprintf(etag_out, 64, "%s", r.etag);
    json_t *j = r.body && r.len ? http_reply_json(&r) : NULL;
    http_reply_free(&r);
    return j;
}

/* As expect, for a refusal: checks the problem's type and, when field is
 * not NULL, the first error's field. */
static void refused(world *w, http_session *s, const char *method, const char *target, const char *body,
                    const char *if_match, long status, const char *type, const char *field)
{
    json_t *j = expect(w, s, method, target, body, if_match, status, NULL);
    assert_non_null(j);
    assert_string_equal(http_problem_type(j), type);
    if (field)
        assert_string_equal(http_problem_field(j), field);
    json_decref(j);
}

static int64_t id_of(json_t *j, const char *member)
{
    return (int64_t)json_integer_value(json_object_get(j, member));
}

static const char *str_of(json_t *j, const char *member)
{
    const char *s = json_string_value(json_object_get(j, member));
    return s ? s : "";
}

static void org_json(char *out, size_t n, const char *name, const char *state)
{
    json_t *j = json_pack("{s:[{s:s, s:s, s:b}], s:s, s:s, s:s, s:[s]}", "names", "text", name, "lang", "en",
                          "primary", 1, "country", state, "type", "enterprise", "city", "Toshkent", "hs", "7616");
    char *s = json_dumps(j, JSON_COMPACT);
    snprintf(out, n, "%s", s);
    free(s);
    json_decref(j);
}

static int64_t create_org(world *w, http_session *s, const char *name, const char *state)
{
    char body[1024];
    org_json(body, sizeof body, name, state);
    json_t *j = expect(w, s, "POST", "/api/v1/organisations", body, NULL, 201, NULL);
    int64_t id = id_of(j, "id");
    json_decref(j);
    return id;
}

static void listing_json(char *out, size_t n, int64_t org_id, const char *title)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:[{s:s, s:s, s:s, s:s}], s:[s]}", "org_id", (json_int_t)org_id,
                          "direction", "offer", "kind", "supply", "texts", "lang", "ru", "origin", "original",
                          "title", title, "description", "Отливки под давлением", "hs", "7616");
    char *s = json_dumps(j, JSON_COMPACT);
    snprintf(out, n, "%s", s);
    free(s);
    json_decref(j);
}

static int64_t create_listing(world *w, http_session *s, int64_t org_id, const char *title)
{
    char body[2048];
    listing_json(body, sizeof body, org_id, title);
    json_t *j = expect(w, s, "POST", "/api/v1/listings", body, NULL, 201, NULL);
    assert_string_equal(str_of(j, "status"), "draft");
    int64_t id = id_of(j, "id");
    json_decref(j);
    return id;
}

/* Total hits of GET /api/v1/search?q=query (query URL-safe). */
static long search_total(world *w, const char *query)
{
    char path[256];
    snprintf(path, sizeof path, "/api/v1/search?q=%s", query);
    json_t *j = expect(w, NULL, "GET", path, NULL, NULL, 200, NULL);
    long n = (long)json_integer_value(json_object_get(j, "total"));
    json_decref(j);
    return n;
}

static void today_plus(int days, char out[11])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static void login(world *w, http_session *s, const char *email)
{
    assert_int_equal(http_session_login(s, w->fx.port, email, PASSWORD), 200);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_db(&w->fx, "org"))
        return -1;
    hk_store *st = http_fixture_store(&w->fx);
    http_fixture_user(st, "secretariat@sco.example", ROLE_SECRETARIAT, NULL);
    http_fixture_user(st, "coord@uz.example", ROLE_COORDINATOR, "UZ");
    http_fixture_user(st, "coord@kz.example", ROLE_COORDINATOR, "KZ");
    store_close(st);
    if (http_fixture_serve(&w->fx))
        return -1;
    http_session_register(&w->alice, w->fx.port, "alice@quyma.example", "Alice");
    http_session_register(&w->bob, w->fx.port, "bob@quyma.example", "Bob");
    http_session_register(&w->carol, w->fx.port, "carol@metall.example", "Carol");
    login(w, &w->coord_uz, "coord@uz.example");
    login(w, &w->coord_kz, "coord@kz.example");
    login(w, &w->sec, "secretariat@sco.example");
    w->org_a = create_org(w, &w->alice, "Toshkent Quyma", "UZ");
    w->org_b = create_org(w, &w->carol, "Almaty Metall", "KZ");
    http_fixture_join(&w->fx, &w->alice, w->org_a, &w->bob, "bob@quyma.example", false);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

/* ---- organisations ---- */

static void creating_an_organisation_makes_the_creator_its_self_declared_admin(void **state)
{
    world *w = *state;
    char body[1024], etag[64], get_etag[64];
    org_json(body, sizeof body, "Samarqand Tekstil", "UZ");
    /* A tier in the body is the server's to set: ignored. */
    body[strlen(body) - 1] = '\0';
    strcat(body, ",\"tier\":\"coordinator_endorsed\"}");
    http_reply r = http_session_call(&w->carol, "POST", "/api/v1/organisations", body, NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    int64_t id = id_of(j, "id");
    assert_true(id > 0);
    assert_string_equal(str_of(j, "tier"), "self_declared");
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/organisations/%lld", (long long)id);
    assert_string_equal(r.location, loc);
    assert_true(r.etag[0] != '\0');
    snprintf(etag, sizeof etag, "%s", r.etag);
    http_reply_free(&r);
    json_decref(j);
    json_decref(expect(w, NULL, "GET", loc, NULL, NULL, 200, get_etag));
    assert_string_equal(etag, get_etag);
    j = expect(w, &w->carol, "GET", "/api/v1/me", NULL, NULL, 200, NULL);
    json_t *ms = json_object_get(j, "memberships");
    bool admin = false;
    for (size_t i = 0; i < json_array_size(ms); i++)
        if (id_of(json_array_get(ms, i), "org_id") == id)
            admin = json_is_true(json_object_get(json_array_get(ms, i), "is_admin"));
    assert_true(admin);
    json_decref(j);
    refused(w, NULL, "POST", "/api/v1/organisations", body, NULL, 401, "unauthorized", NULL);
}

static void the_directory_filters_and_pages_by_cursor(void **state)
{
    world *w = *state;
    create_org(w, &w->alice, "Buxoro Mashina", "UZ");
    json_t *j = expect(w, NULL, "GET", "/api/v1/organisations?limit=2", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 2);
    const char *cursor = str_of(j, "next_cursor");
    assert_true(*cursor);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisations?limit=2&cursor=%s", cursor);
    json_decref(j);
    j = expect(w, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 1);
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?country=KZ", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 1);
    assert_int_equal(id_of(json_array_get(json_object_get(j, "organisations"), 0), "id"), w->org_b);
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?q=quyma&tier=self_declared&type=enterprise", NULL, NULL, 200,
               NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 1);
    json_decref(j);
    refused(w, NULL, "GET", "/api/v1/organisations?colour=red", NULL, NULL, 400, "invalid", "colour");
    refused(w, NULL, "GET", "/api/v1/organisations?tier=golden", NULL, NULL, 400, "invalid", "tier");
    refused(w, NULL, "GET", "/api/v1/organisations?limit=101", NULL, NULL, 400, "invalid", "limit");
    refused(w, NULL, "GET", "/api/v1/organisations?cursor=x", NULL, NULL, 400, "invalid", "cursor");
    refused(w, NULL, "GET", "/api/v1/organisations?q=%C3%28", NULL, NULL, 400, "invalid", "q");
    refused(w, NULL, "GET", "/api/v1/organisations?country=uzb", NULL, NULL, 400, "invalid", "country");
}

static void organisation_update_needs_the_current_etag(void **state)
{
    world *w = *state;
    char path[64], etag[64], new_etag[64], get_etag[64];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)w->org_a);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, etag));
    const char *patch = "{\"city\":\"Chirchiq\",\"tier\":\"coordinator_endorsed\",\"version\":99}";
    refused(w, &w->alice, "PATCH", path, patch, NULL, 428, "precondition_required", "If-Match");
    refused(w, &w->alice, "PATCH", path, patch, "\"0000000000000000\"", 412, "precondition_failed", "If-Match");
    /* A plain member keeps the profile too. */
    json_t *j = expect(w, &w->bob, "PATCH", path, patch, etag, 200, new_etag);
    assert_string_equal(str_of(j, "city"), "Chirchiq");
    assert_string_equal(str_of(j, "tier"), "self_declared");
    assert_int_equal(id_of(j, "version"), 2);
    json_decref(j);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, get_etag));
    assert_string_equal(new_etag, get_etag);
    /* The old ETag is stale now; nothing is written. */
    refused(w, &w->alice, "PATCH", path, "{\"city\":\"Olmaliq\"}", etag, 412, "precondition_failed", NULL);
    /* null removes an optional member; a required one cannot go. */
    j = expect(w, &w->alice, "PATCH", path, "{\"city\":null}", new_etag, 200, new_etag);
    assert_null(json_object_get(j, "city"));
    json_decref(j);
    refused(w, &w->alice, "PATCH", path, "{\"names\":null}", new_etag, 400, "invalid", "names");
    refused(w, &w->alice, "PATCH", path, "{\"sme\":\"yes\"}", new_etag, 400, "invalid", "sme");
    refused(w, &w->alice, "PATCH", path, "{\"colour\":\"red\"}", new_etag, 400, "invalid", "colour");
    /* Who may not: visitors 401, everyone outside the organisation 403. */
    refused(w, NULL, "PATCH", path, "{\"city\":\"X\"}", new_etag, 401, "unauthorized", NULL);
    refused(w, &w->carol, "PATCH", path, "{\"city\":\"X\"}", new_etag, 403, "forbidden", NULL);
    refused(w, &w->coord_uz, "PATCH", path, "{\"city\":\"X\"}", new_etag, 403, "forbidden", NULL);
    refused(w, &w->sec, "PATCH", path, "{\"city\":\"X\"}", new_etag, 403, "forbidden", NULL);
    refused(w, &w->alice, "PATCH", "/api/v1/organisations/999999", "{}", "*", 404, "not_found", NULL);
}

static void verification_is_for_the_states_coordinator_and_the_secretariat(void **state)
{
    world *w = *state;
    char path[80];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/verify", (long long)w->org_a);
    const char *body = "{\"tier\":\"registry_checked\"}";
    refused(w, NULL, "POST", path, body, NULL, 401, "unauthorized", NULL);
    refused(w, &w->alice, "POST", path, body, NULL, 403, "forbidden", NULL);
    refused(w, &w->carol, "POST", path, body, NULL, 403, "forbidden", NULL);
    refused(w, &w->coord_kz, "POST", path, body, NULL, 403, "forbidden", NULL);
    refused(w, &w->coord_uz, "POST", path, "{\"tier\":\"golden\"}", NULL, 400, "invalid", "tier");
    refused(w, &w->coord_uz, "POST", path, "{}", NULL, 400, "invalid", "tier");
    json_t *j = expect(w, &w->coord_uz, "POST", path, body, NULL, 200, NULL);
    assert_string_equal(str_of(j, "tier"), "registry_checked");
    json_decref(j);
    j = expect(w, &w->sec, "POST", path, "{\"tier\":\"coordinator_endorsed\"}", NULL, 200, NULL);
    assert_string_equal(str_of(j, "tier"), "coordinator_endorsed");
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?tier=coordinator_endorsed", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 1);
    json_decref(j);
}

/* Issue 17, finding 2: an endorsement vouches for an identity. The
 * coordinator endorses alice's organisation; alice renames it; the
 * answer, the record and the directory say self_declared, and the audit
 * keeps why. A descriptive edit after a new endorsement keeps it. */
static void an_endorsed_organisation_renamed_by_its_admin_is_self_declared_again(void **state)
{
    world *w = *state;
    char path[80], verify[96], etag[64];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)w->org_a);
    snprintf(verify, sizeof verify, "%s/verify", path);
    json_t *j = expect(w, &w->coord_uz, "POST", verify, "{\"tier\":\"coordinator_endorsed\"}", NULL, 200, NULL);
    assert_string_equal(str_of(j, "tier"), "coordinator_endorsed");
    json_decref(j);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, etag));
    j = expect(w, &w->alice, "PATCH", path,
               "{\"names\":[{\"text\":\"Toshkent Oltin Quyma\",\"lang\":\"en\",\"primary\":true}]}", etag, 200,
               etag);
    assert_string_equal(str_of(j, "tier"), "self_declared");
    json_decref(j);
    j = expect(w, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(j, "tier"), "self_declared");
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?tier=coordinator_endorsed", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 0);
    json_decref(j);
    /* Endorsed again, the organisation may change its city and codes. */
    json_decref(expect(w, &w->coord_uz, "POST", verify, "{\"tier\":\"coordinator_endorsed\"}", NULL, 200, etag));
    j = expect(w, &w->bob, "PATCH", path, "{\"city\":\"Chirchiq\",\"hs\":[\"7616\",\"7604\"]}", etag, 200, etag);
    assert_string_equal(str_of(j, "tier"), "coordinator_endorsed");
    json_decref(j);
    /* ... but not its website. */
    j = expect(w, &w->bob, "PATCH", path, "{\"website\":\"https://other.example.uz\"}", etag, 200, etag);
    assert_string_equal(str_of(j, "tier"), "self_declared");
    json_decref(j);
}

/* Issue 17, finding 2: a registry id is checked against its national
 * format, and a second organisation taking a verified one is flagged for
 * the secretariat and cannot be verified. */
static void a_registry_id_is_checked_and_a_second_holder_is_flagged_and_not_verified(void **state)
{
    world *w = *state;
    char path[80], etag[64];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)w->org_a);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, etag));
    /* A STIR of an organisation begins with 2 or 3. */
    refused(w, &w->alice, "PATCH", path, "{\"registry_scheme\":\"STIR\",\"registry_id\":\"401234567\"}", etag, 400,
            "invalid", "registry_id");
    refused(w, &w->alice, "PATCH", path, "{\"registry_scheme\":\"stir\",\"registry_id\":\"301234567\"}", etag, 400,
            "invalid", "registry_scheme");
    json_decref(expect(w, &w->alice, "PATCH", path, "{\"registry_scheme\":\"STIR\",\"registry_id\":\"301234567\"}",
                       etag, 200, NULL));
    char verify[96];
    snprintf(verify, sizeof verify, "%s/verify", path);
    json_decref(expect(w, &w->coord_uz, "POST", verify, "{\"tier\":\"registry_checked\"}", NULL, 200, NULL));

    /* Carol registers a copy with alice's STIR: written, and flagged. */
    const char *copy = "{\"names\":[{\"text\":\"Toshkent Quyma Savdo\",\"lang\":\"en\",\"primary\":true}],"
                       "\"country\":\"UZ\",\"type\":\"enterprise\",\"registry_scheme\":\"STIR\","
                       "\"registry_id\":\"301234567\"}";
    json_t *j = expect(w, &w->carol, "POST", "/api/v1/organisations", copy, NULL, 201, NULL);
    int64_t copy_id = id_of(j, "id");
    json_decref(j);
    j = expect(w, &w->sec, "GET", "/api/v1/duplicates", NULL, NULL, 200, NULL);
    json_t *flags = json_object_get(j, "duplicates");
    assert_int_equal(json_array_size(flags), 1);
    assert_int_equal(id_of(json_array_get(flags, 0), "org_id"), copy_id);
    assert_int_equal(id_of(json_array_get(flags, 0), "duplicate_of"), w->org_a);
    assert_string_equal(str_of(json_array_get(flags, 0), "note"), "same registry id STIR 301234567");
    json_decref(j);
    /* The coordinator cannot vouch for the copy: 409 naming tier. */
    snprintf(verify, sizeof verify, "/api/v1/organisations/%lld/verify", (long long)copy_id);
    refused(w, &w->coord_uz, "POST", verify, "{\"tier\":\"registry_checked\"}", NULL, 409, "conflict", "tier");
    refused(w, &w->sec, "POST", verify, "{\"tier\":\"coordinator_endorsed\"}", NULL, 409, "conflict", "tier");
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)copy_id);
    j = expect(w, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(j, "tier"), "self_declared");
    json_decref(j);
}

static void duplicates_are_reported_by_anyone_and_reviewed_by_the_secretariat(void **state)
{
    world *w = *state;
    char path[80], body[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/duplicates", (long long)w->org_a);
    snprintf(body, sizeof body, "{\"duplicate_of\":%lld,\"note\":\"same INN\"}", (long long)w->org_b);
    refused(w, NULL, "POST", path, body, NULL, 401, "unauthorized", NULL);
    json_t *j = expect(w, &w->carol, "POST", path, body, NULL, 201, NULL);
    assert_int_equal(id_of(j, "org_id"), w->org_a);
    assert_int_equal(id_of(j, "duplicate_of"), w->org_b);
    assert_string_equal(str_of(j, "note"), "same INN");
    json_decref(j);
    refused(w, &w->carol, "POST", path, body, NULL, 409, "conflict", "duplicate_of");
    refused(w, &w->carol, "POST", path, "{\"duplicate_of\":\"two\"}", NULL, 400, "invalid", "duplicate_of");
    refused(w, &w->carol, "POST", path, "{\"duplicate_of\":999999}", NULL, 400, "invalid", "duplicate_of");
    refused(w, NULL, "GET", "/api/v1/duplicates", NULL, NULL, 401, "unauthorized", NULL);
    refused(w, &w->carol, "GET", "/api/v1/duplicates", NULL, NULL, 403, "forbidden", NULL);
    refused(w, &w->coord_uz, "GET", "/api/v1/duplicates", NULL, NULL, 403, "forbidden", NULL);
    j = expect(w, &w->sec, "GET", "/api/v1/duplicates", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "duplicates")), 1);
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);
}

static void members_are_seen_by_members_and_managed_by_admins(void **state)
{
    world *w = *state;
    char path[96], one[128];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/members", (long long)w->org_a);
    json_t *j = expect(w, &w->bob, "GET", path, NULL, NULL, 200, NULL);
    json_t *m = json_object_get(j, "members");
    assert_int_equal(json_array_size(m), 2);
    assert_string_equal(str_of(json_array_get(m, 1), "email"), "bob@quyma.example");
    assert_true(json_is_false(json_object_get(json_array_get(m, 1), "is_admin")));
    json_decref(j);
    refused(w, NULL, "GET", path, NULL, NULL, 401, "unauthorized", NULL);
    refused(w, &w->carol, "GET", path, NULL, NULL, 403, "forbidden", NULL);
    refused(w, &w->sec, "GET", path, NULL, NULL, 403, "forbidden", NULL);
    /* Joining is by invitation (test_http_invite.c): admins only invite. */
    char invitations[112];
    snprintf(invitations, sizeof invitations, "/api/v1/organisations/%lld/invitations", (long long)w->org_a);
    refused(w, &w->bob, "POST", invitations, "{\"email\":\"carol@metall.example\"}", NULL, 403, "forbidden", NULL);
    refused(w, &w->alice, "POST", invitations, "{\"email\":\"carol@metall.example\",\"is_admin\":1}", NULL, 400,
            "invalid", "is_admin");
    http_fixture_join(&w->fx, &w->alice, w->org_a, &w->carol, "carol@metall.example", true);
    /* Removing: admins remove others, anyone may leave, the last admin stays. */
    snprintf(one, sizeof one, "%s/%lld", path, (long long)w->carol.user_id);
    refused(w, &w->bob, "DELETE", one, NULL, NULL, 403, "forbidden", NULL);
    snprintf(one, sizeof one, "%s/%lld", path, (long long)w->bob.user_id);
    json_decref(expect(w, &w->bob, "DELETE", one, NULL, NULL, 204, NULL)); /* bob leaves */
    refused(w, &w->alice, "DELETE", one, NULL, NULL, 404, "not_found", NULL);
    snprintf(one, sizeof one, "%s/%lld", path, (long long)w->carol.user_id);
    json_decref(expect(w, &w->alice, "DELETE", one, NULL, NULL, 204, NULL));
    snprintf(one, sizeof one, "%s/%lld", path, (long long)w->alice.user_id);
    refused(w, &w->alice, "DELETE", one, NULL, NULL, 409, "conflict", NULL);
    j = expect(w, &w->alice, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "members")), 1);
    json_decref(j);
    /* Bob left: his rights went with his membership. */
    snprintf(one, sizeof one, "/api/v1/organisations/%lld", (long long)w->org_a);
    refused(w, &w->bob, "PATCH", one, "{\"city\":\"X\"}", "*", 403, "forbidden", NULL);
}

/* ---- listings ---- */

static void a_published_listing_is_found_at_once_and_gone_when_closed(void **state)
{
    world *w = *state;
    /* "Zirkonium" and its URL form: a word nothing else in the store has. */
    int64_t id = create_listing(w, &w->alice, w->org_a, "Zirkonium Gussteile");
    char path[96], expires[11];
    assert_int_equal(search_total(w, "Zirkonium"), 0);
    snprintf(path, sizeof path, "/api/v1/listings/%lld/publish", (long long)id);
    json_t *j = expect(w, &w->bob, "POST", path, "{}", NULL, 200, NULL);
    assert_string_equal(str_of(j, "status"), "published");
    today_plus(90, expires);
    assert_string_equal(str_of(j, "expires"), expires);
    json_decref(j);
    assert_int_equal(search_total(w, "Zirkonium"), 1);
    refused(w, &w->alice, "POST", path, "{}", NULL, 409, "conflict", "status");
    snprintf(path, sizeof path, "/api/v1/listings/%lld/close", (long long)id);
    refused(w, &w->alice, "POST", path, "{\"expires\":\"2099-01-01\"}", NULL, 400, "invalid", "expires");
    j = expect(w, &w->alice, "POST", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(j, "status"), "closed");
    json_decref(j);
    assert_int_equal(search_total(w, "Zirkonium"), 0);
    refused(w, &w->alice, "POST", path, "{}", NULL, 409, "conflict", "status");
    /* A closed listing is still readable by anyone (links keep working). */
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)id);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, NULL));
    snprintf(path, sizeof path, "/api/v1/listings/%lld/renew", (long long)id);
    refused(w, &w->alice, "POST", path, "{\"expires\":\"2020-01-01\"}", NULL, 400, "invalid", "expires");
    refused(w, &w->alice, "POST", path, "{\"expires\":\"2099-02-30\"}", NULL, 400, "invalid", "expires");
    j = expect(w, &w->alice, "POST", path, "{\"expires\":\"2099-06-30\"}", NULL, 200, NULL);
    assert_string_equal(str_of(j, "status"), "published");
    assert_string_equal(str_of(j, "expires"), "2099-06-30");
    json_decref(j);
    assert_int_equal(search_total(w, "Zirkonium"), 1);
}

/* The organisation's names are searched with its listings, and a rename
 * is seen by the next search, for every listing it has. */
static void a_renamed_organisation_is_found_by_its_new_name_at_once(void **state)
{
    world *w = *state;
    int64_t org = create_org(w, &w->alice, "Quokka Foundry", "UZ");
    int64_t id = create_listing(w, &w->alice, org, "Литые корпуса");
    char path[96], etag[64];
    snprintf(path, sizeof path, "/api/v1/listings/%lld/publish", (long long)id);
    json_decref(expect(w, &w->alice, "POST", path, "{}", NULL, 200, NULL));
    assert_int_equal(search_total(w, "Quokka"), 1);
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)org);
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, etag));
    json_decref(expect(w, &w->alice, "PATCH", path,
                       "{\"names\":[{\"text\":\"Wombat Foundry\",\"lang\":\"en\",\"primary\":true}]}", etag, 200,
                       NULL));
    assert_int_equal(search_total(w, "Quokka"), 0);
    assert_int_equal(search_total(w, "Wombat"), 1);
    assert_int_equal(search_total(w, "%22Wombat%20Foundry%22"), 1); /* a phrase in the names */
}

static void a_draft_is_seen_by_its_organisation_only(void **state)
{
    world *w = *state;
    int64_t id = create_listing(w, &w->alice, w->org_a, "Черновик");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)id);
    json_t *j = expect(w, &w->bob, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(id_of(json_object_get(j, "organisation"), "id"), w->org_a);
    json_decref(j);
    json_decref(expect(w, &w->alice, "GET", path, NULL, NULL, 200, NULL));
    http_session *outsiders[] = {NULL, &w->carol, &w->coord_uz, &w->coord_kz, &w->sec};
    for (size_t i = 0; i < 5; i++)
        refused(w, outsiders[i], "GET", path, NULL, NULL, 404, "not_found", "id");
    /* Writing to it: 401 for visitors, 404 for outsiders (it "does not exist"). */
    refused(w, NULL, "PATCH", path, "{\"kind\":\"technology\"}", "*", 401, "unauthorized", NULL);
    refused(w, &w->carol, "PATCH", path, "{\"kind\":\"technology\"}", "*", 404, "not_found", "id");
    char action[128];
    snprintf(action, sizeof action, "%s/publish", path);
    refused(w, &w->carol, "POST", action, "{}", NULL, 404, "not_found", NULL);
    refused(w, &w->sec, "POST", action, "{}", NULL, 404, "not_found", NULL);
    snprintf(action, sizeof action, "%s/close", path);
    refused(w, &w->sec, "POST", action, "{}", NULL, 404, "not_found", NULL);
    snprintf(action, sizeof action, "%s/renew", path);
    refused(w, &w->alice, "POST", action, "{}", NULL, 409, "conflict", "status");
    /* The organisation's list shows drafts to members only. */
    snprintf(action, sizeof action, "/api/v1/organisations/%lld/listings", (long long)w->org_a);
    j = expect(w, NULL, "GET", action, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "listings")), 0);
    json_decref(j);
    j = expect(w, &w->carol, "GET", action, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "listings")), 0);
    json_decref(j);
    j = expect(w, &w->bob, "GET", action, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "listings")), 1);
    json_decref(j);
    /* Published, it is public: outsiders now get 403 for writes. */
    snprintf(action, sizeof action, "%s/publish", path);
    json_decref(expect(w, &w->alice, "POST", action, NULL, NULL, 200, NULL));
    json_decref(expect(w, NULL, "GET", path, NULL, NULL, 200, NULL));
    refused(w, &w->carol, "PATCH", path, "{\"kind\":\"technology\"}", "*", 403, "forbidden", NULL);
    refused(w, &w->coord_uz, "POST", action, "{}", NULL, 403, "forbidden", NULL);
    snprintf(action, sizeof action, "/api/v1/organisations/%lld/listings?limit=1", (long long)w->org_a);
    j = expect(w, NULL, "GET", action, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "listings")), 1);
    json_decref(j);
    /* The secretariat may close a public listing (moderation). */
    snprintf(action, sizeof action, "%s/close", path);
    json_decref(expect(w, &w->sec, "POST", action, "{}", NULL, 200, NULL));
}

static void listing_create_is_for_members_of_the_organisation(void **state)
{
    world *w = *state;
    char body[2048];
    listing_json(body, sizeof body, w->org_a, "Kabel");
    refused(w, NULL, "POST", "/api/v1/listings", body, NULL, 401, "unauthorized", NULL);
    refused(w, &w->carol, "POST", "/api/v1/listings", body, NULL, 403, "forbidden", NULL);
    refused(w, &w->sec, "POST", "/api/v1/listings", body, NULL, 403, "forbidden", NULL);
    /* A status in the body is the server's: the listing starts as a draft. */
    body[strlen(body) - 1] = '\0';
    strcat(body, ",\"status\":\"published\",\"expires\":\"2099-01-01\"}");
    http_reply r = http_session_call(&w->bob, "POST", "/api/v1/listings", body, NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    assert_string_equal(str_of(j, "status"), "draft");
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/listings/%lld", (long long)id_of(j, "id"));
    assert_string_equal(r.location, loc);
    json_decref(j);
    http_reply_free(&r);
    /* The draft's own expiry date is kept when it publishes. */
    snprintf(loc + strlen(loc), sizeof loc - strlen(loc), "/publish");
    j = expect(w, &w->bob, "POST", loc, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(j, "expires"), "2099-01-01");
    json_decref(j);
    refused(w, &w->alice, "POST", "/api/v1/listings", "{\"direction\":\"offer\"}", NULL, 400, "invalid", "org_id");
    refused(w, &w->alice, "POST", "/api/v1/listings?x=1", body, NULL, 400, "invalid", "x");
}

static void listing_update_needs_the_current_etag_and_keeps_server_fields(void **state)
{
    world *w = *state;
    int64_t id = create_listing(w, &w->alice, w->org_a, "Profil");
    char path[96], etag[64], new_etag[64], get_etag[64], body[256];
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)id);
    json_decref(expect(w, &w->alice, "GET", path, NULL, NULL, 200, etag));
    snprintf(body, sizeof body, "{\"kind\":\"technology\",\"status\":\"published\",\"org_id\":%lld,\"id\":7}",
             (long long)w->org_b);
    refused(w, &w->alice, "PATCH", path, body, NULL, 428, "precondition_required", "If-Match");
    refused(w, &w->alice, "PATCH", path, body, "\"0000000000000000\"", 412, "precondition_failed", "If-Match");
    json_t *j = expect(w, &w->alice, "PATCH", path, body, etag, 200, new_etag);
    assert_string_equal(str_of(j, "kind"), "technology");
    assert_string_equal(str_of(j, "status"), "draft");
    assert_int_equal(id_of(j, "org_id"), w->org_a);
    assert_int_equal(id_of(j, "id"), id);
    json_decref(j);
    json_decref(expect(w, &w->alice, "GET", path, NULL, NULL, 200, get_etag));
    assert_string_equal(new_etag, get_etag);
    refused(w, &w->alice, "PATCH", path, "{\"kind\":\"supply\"}", etag, 412, "precondition_failed", NULL);
    refused(w, &w->alice, "PATCH", path, "{\"texts\":[]}", new_etag, 400, "invalid", NULL);
    refused(w, &w->alice, "PATCH", path, "{\"hs\":\"7616\"}", new_etag, 400, "invalid", "hs");
    refused(w, &w->alice, "PATCH", path, "{\"colour\":1}", new_etag, 400, "invalid", "colour");
    refused(w, &w->alice, "PATCH", "/api/v1/listings/999999", "{}", "*", 404, "not_found", NULL);
}

/* ---- refusals that apply to every write ---- */

static void injection_strings_are_stored_and_returned_as_data(void **state)
{
    world *w = *state;
    const char *name = "Robert'); DROP TABLE organisations;-- <script>alert(1)</script>";
    int64_t org = create_org(w, &w->alice, name, "UZ");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)org);
    json_t *j = expect(w, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(json_array_get(json_object_get(j, "names"), 0), "text"), name);
    json_decref(j);
    const char *title = "<img src=x onerror=alert(1)> ' OR 1=1 --";
    int64_t id = create_listing(w, &w->alice, org, title);
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)id);
    j = expect(w, &w->alice, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(json_array_get(json_object_get(j, "texts"), 0), "title"), title);
    json_decref(j);
    /* In a filter, the same characters only match themselves. */
    j = expect(w, NULL, "GET", "/api/v1/organisations?q=%27%29%3B%20DROP", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 1);
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?q=%25", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 0);
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 3);
    json_decref(j);
}

static void bodies_with_unknown_members_or_bad_text_are_refused_naming_them(void **state)
{
    world *w = *state;
    char body[1024];
    org_json(body, sizeof body, "Namangan", "UZ");
    body[strlen(body) - 1] = '\0';
    strcat(body, ",\"colour\":\"red\"}");
    refused(w, &w->alice, "POST", "/api/v1/organisations", body, NULL, 400, "invalid", "colour");
    refused(w, &w->alice, "POST", "/api/v1/organisations", "{\"names\":5,\"country\":\"UZ\",\"type\":\"enterprise\"}",
            NULL, 400, "invalid", "names");
    refused(w, &w->alice, "POST", "/api/v1/organisations",
            "{\"names\":[{\"text\":\"A\",\"lang\":\"en\",\"primary\":true}],\"country\":\"XX\",\"type\":\"enterprise\"}",
            NULL, 400, "invalid", "country");
    refused(w, &w->alice, "POST", "/api/v1/organisations", "[1]", NULL, 400, "invalid", "body");
    refused(w, &w->alice, "POST", "/api/v1/organisations", "{\"names\":[{\"text\":\"\xC3\x28\"}]}", NULL, 400,
            "invalid", "body");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/verify", (long long)w->org_a);
    refused(w, &w->sec, "POST", path, "{\"tier\":\"registry_checked\",\"why\":1}", NULL, 400, "invalid", "why");
    int64_t id = create_listing(w, &w->alice, w->org_a, "Quvur");
    snprintf(path, sizeof path, "/api/v1/listings/%lld/publish", (long long)id);
    refused(w, &w->alice, "POST", path, "{\"foo\":1}", NULL, 400, "invalid", "foo");
    refused(w, &w->alice, "POST", path, "{\"expires\":20990101}", NULL, 400, "invalid", "expires");
    /* Nothing changed: still a draft. */
    snprintf(path, sizeof path, "/api/v1/listings/%lld", (long long)id);
    json_t *j = expect(w, &w->alice, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(str_of(j, "status"), "draft");
    json_decref(j);
    j = expect(w, NULL, "GET", "/api/v1/organisations?q=Namangan", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 0);
    json_decref(j);
}

static void a_session_write_without_the_csrf_token_is_refused(void **state)
{
    world *w = *state;
    char body[1024], cookie[600];
    org_json(body, sizeof body, "Qo'qon", "UZ");
    snprintf(cookie, sizeof cookie, "Cookie: %s", w->alice.cookie);
    http_request rq = {.method = "POST", .target = "/api/v1/organisations", .body = body,
                       .body_len = strlen(body), .headers = {cookie, NULL}};
    http_reply r = http_client_request(w->fx.port, &rq);
    assert_int_equal(r.status, 403);
    json_t *j = http_reply_json(&r);
    const char *type = json_string_value(json_object_get(j, "type"));
    assert_non_null(type);
    size_t n = strlen(type);
    assert_true(n >= 11 && !strcmp(type + n - 11, "csrf_failed"));
    json_decref(j);
    http_reply_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/members/%lld", (long long)w->org_a,
             (long long)w->bob.user_id);
    http_request del = {.method = "DELETE", .target = path, .headers = {cookie, NULL}};
    r = http_client_request(w->fx.port, &del);
    assert_int_equal(r.status, 403);
    http_reply_free(&r);
    /* Nothing was written. */
    j = expect(w, NULL, "GET", "/api/v1/organisations?q=Qo", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "organisations")), 0);
    json_decref(j);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(creating_an_organisation_makes_the_creator_its_self_declared_admin, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_directory_filters_and_pages_by_cursor, setup, teardown),
        cmocka_unit_test_setup_teardown(organisation_update_needs_the_current_etag, setup, teardown),
        cmocka_unit_test_setup_teardown(verification_is_for_the_states_coordinator_and_the_secretariat, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_endorsed_organisation_renamed_by_its_admin_is_self_declared_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_registry_id_is_checked_and_a_second_holder_is_flagged_and_not_verified,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(duplicates_are_reported_by_anyone_and_reviewed_by_the_secretariat, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(members_are_seen_by_members_and_managed_by_admins, setup, teardown),
        cmocka_unit_test_setup_teardown(a_published_listing_is_found_at_once_and_gone_when_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_renamed_organisation_is_found_by_its_new_name_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_draft_is_seen_by_its_organisation_only, setup, teardown),
        cmocka_unit_test_setup_teardown(listing_create_is_for_members_of_the_organisation, setup, teardown),
        cmocka_unit_test_setup_teardown(listing_update_needs_the_current_etag_and_keeps_server_fields, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(injection_strings_are_stored_and_returned_as_data, setup, teardown),
        cmocka_unit_test_setup_teardown(bodies_with_unknown_members_or_bad_text_are_refused_naming_them, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_session_write_without_the_csrf_token_is_refused, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
