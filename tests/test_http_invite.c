/*
 * test_http_invite.c - joining an organisation by invitation, proving
 * one's email, leaving, and the caps (issue 17, finding 1), against the
 * real server: no one becomes a member without accepting, inviting tells
 * nothing about who is registered, only the verified owner of the email
 * accepts, members may leave, and memberships and new organisations per
 * account are capped. Verification links are read from the server's
 * outbox, as their owner would follow them.
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

typedef struct world {
    http_fixture fx;
    http_session admin;            /* admin of org */
    int64_t org;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_start(&w->fx, "invite"))
        return -1;
    http_session_register(&w->admin, w->fx.port, "admin@navoi.example", "Admin");
    hk_store *st = http_fixture_store(&w->fx);
    w->org = http_fixture_org(st, "Navoi Mining Machines", "UZ", ORG_ENTERPRISE);
    http_fixture_member(st, w->admin.user_id, w->org, true);
    store_close(st);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

static int64_t invite(world *w, const char *email)
{
    char path[96], body[160];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/invitations", (long long)w->org);
    snprintf(body, sizeof body, "{\"email\":\"%s\"}", email);
    json_t *j = http_expect_json(&w->admin, "POST", path, body, 201);
    int64_t id = (int64_t)json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static bool is_member(world *w, int64_t user_id)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/members", (long long)w->org);
    json_t *j = http_expect_json(&w->admin, "GET", path, NULL, 200);
    bool found = false;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(j, "members"), i, m) found |=
        json_integer_value(json_object_get(m, "user_id")) == user_id;
    json_decref(j);
    return found;
}

static void answer(http_session *s, int64_t id, const char *verb, long status, const char *field)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/invitations/%lld/%s", (long long)id, verb);
    json_t *j = http_expect_json(s, "POST", path, "{}", status);
    if (field)
        assert_string_equal(http_problem_field(j), field);
    json_decref(j);
}

static void inviting_tells_nothing_about_who_is_registered(void **state)
{
    world *w = *state;
    http_session someone = {0};
    http_session_register(&someone, w->fx.port, "registered@navoi.example", "Registered");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/invitations", (long long)w->org);
    json_t *a = http_expect_json(&w->admin, "POST", path, "{\"email\":\"registered@navoi.example\"}", 201);
    json_t *b = http_expect_json(&w->admin, "POST", path, "{\"email\":\"nobody-at-all@navoi.example\"}", 201);
    /* The same members, no user id, no name. */
    assert_int_equal(json_object_size(a), json_object_size(b));
    assert_null(json_object_get(a, "user_id"));
    assert_null(json_object_get(a, "display_name"));
    json_decref(a);
    json_decref(b);
    /* Bad input is refused and changes nothing. */
    json_t *p = http_expect_json(&w->admin, "POST", path, "{\"email\":\"not an email\"}", 400);
    assert_string_equal(http_problem_field(p), "email");
    json_decref(p);
    p = http_expect_json(&w->admin, "POST", path, "{\"email\":\"a@b.example\",\"colour\":1}", 400);
    assert_string_equal(http_problem_field(p), "colour");
    json_decref(p);
    json_t *list = http_expect_json(&w->admin, "GET", path, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "invitations")), 2);
    json_decref(list);
}

static void no_one_is_a_member_without_accepting(void **state)
{
    world *w = *state;
    http_session invitee = {0}, other = {0};
    http_session_register(&invitee, w->fx.port, "invitee@navoi.example", "Invitee");
    http_session_register(&other, w->fx.port, "other@navoi.example", "Other");
    int64_t id = invite(w, "Invitee@Navoi.example");
    /* Before: the member at once. */
    assert_false(is_member(w, invitee.user_id));
    /* Someone else cannot take it. */
    answer(&other, id, "accept", 404, "id");
    /* Its owner must show they own the email first. */
    answer(&invitee, id, "accept", 403, "email");
    json_t *mine = http_expect_json(&invitee, "GET", "/api/v1/invitations", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(mine, "invitations")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(mine, "invitations"), 0),
                                                          "org_name")),
                        "Navoi Mining Machines");
    json_decref(mine);
    http_fixture_verify_email(&w->fx, &invitee, "invitee@navoi.example");
    json_t *me = http_expect_json(&invitee, "GET", "/api/v1/me", NULL, 200);
    assert_true(json_is_true(json_object_get(me, "email_verified")));
    json_decref(me);
    answer(&invitee, id, "accept", 200, NULL);
    assert_true(is_member(w, invitee.user_id));
    /* Once only. */
    answer(&invitee, id, "accept", 409, "id");
    /* A used link does not work twice; resending to a verified email is 409. */
    http_expect(&invitee, "POST", "/api/v1/auth/verify-email/resend", "{}", 409);
}

static void declined_and_withdrawn_invitations_change_nothing(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "decliner@navoi.example", "Decliner");
    http_fixture_verify_email(&w->fx, &u, "decliner@navoi.example");
    int64_t id = invite(w, "decliner@navoi.example");
    answer(&u, id, "decline", 200, NULL);
    answer(&u, id, "accept", 409, "id");
    assert_false(is_member(w, u.user_id));
    int64_t again = invite(w, "decliner@navoi.example");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/invitations/%lld", (long long)w->org, (long long)again);
    http_expect(&w->admin, "DELETE", path, NULL, 204);
    answer(&u, again, "accept", 409, "id");
    assert_false(is_member(w, u.user_id));
}

static void a_member_may_leave_but_not_orphan_the_organisation(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "leaver@navoi.example", "Leaver");
    http_fixture_join(&w->fx, &w->admin, w->org, &u, "leaver@navoi.example", false);
    assert_true(is_member(w, u.user_id));
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/members/%lld", (long long)w->org, (long long)u.user_id);
    http_expect(&u, "DELETE", path, NULL, 204);
    assert_false(is_member(w, u.user_id));
    /* The only admin cannot leave it with none. */
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/members/%lld", (long long)w->org,
             (long long)w->admin.user_id);
    http_expect(&w->admin, "DELETE", path, NULL, 409);
}

static void memberships_per_account_are_capped(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "joiner@navoi.example", "Joiner");
    http_fixture_verify_email(&w->fx, &u, "joiner@navoi.example");
    hk_store *st = http_fixture_store(&w->fx);
    for (int i = 0; i < STORE_MEMBERSHIPS_PER_USER; i++) {
        char name[64];
        snprintf(name, sizeof name, "Cap Works %d", i);
        http_fixture_member(st, u.user_id, http_fixture_org(st, name, "KZ", ORG_ENTERPRISE), false);
    }
    store_close(st);
    int64_t id = invite(w, "joiner@navoi.example");
    answer(&u, id, "accept", 413, "memberships");
    assert_false(is_member(w, u.user_id));
    /* The inbox of a user at the cap still works (before: 65 forced
     * memberships broke it). */
    http_expect(&u, "GET", "/api/v1/interests?box=received", NULL, 200);
}

static void new_organisations_per_account_are_capped(void **state)
{
    world *w = *state;
    http_session u = {0};
    http_session_register(&u, w->fx.port, "founder@navoi.example", "Founder");
    for (int i = 0; i <= STORE_ORGS_PER_USER_DAY; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"names\":[{\"text\":\"Founder Works %d\",\"lang\":\"en\",\"primary\":true}],\"country\":\"UZ\","
                 "\"type\":\"enterprise\"}",
                 i);
        http_reply r = http_session_call(&u, "POST", "/api/v1/organisations", body, NULL);
        assert_int_equal(r.status, i < STORE_ORGS_PER_USER_DAY ? 201 : 413);
        if (i == STORE_ORGS_PER_USER_DAY) {
            json_t *j = http_reply_json(&r);
            assert_string_equal(http_problem_field(j), "organisations");
            json_decref(j);
        }
        http_reply_free(&r);
    }
}

static void verification_links_are_checked(void **state)
{
    world *w = *state;
    http_session u = {0}, visitor = {.port = w->fx.port};
    http_session_register(&u, w->fx.port, "checker@navoi.example", "Checker");
    json_t *me = http_expect_json(&u, "GET", "/api/v1/me", NULL, 200);
    assert_true(json_is_false(json_object_get(me, "email_verified")));
    json_decref(me);
    json_t *p = http_expect_json(&visitor, "POST", "/api/v1/auth/verify-email",
                                 "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 404);
    assert_string_equal(http_problem_field(p), "token");
    json_decref(p);
    p = http_expect_json(&visitor, "POST", "/api/v1/auth/verify-email", "{\"token\":\"short\"}", 400);
    assert_string_equal(http_problem_field(p), "token");
    json_decref(p);
    /* A new link replaces the old one. */
    http_expect(&u, "POST", "/api/v1/auth/verify-email/resend", "{}", 202);
    http_fixture_verify_email(&w->fx, &u, "checker@navoi.example");
    me = http_expect_json(&u, "GET", "/api/v1/me", NULL, 200);
    assert_true(json_is_true(json_object_get(me, "email_verified")));
    json_decref(me);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inviting_tells_nothing_about_who_is_registered),
        cmocka_unit_test(no_one_is_a_member_without_accepting),
        cmocka_unit_test(declined_and_withdrawn_invitations_change_nothing),
        cmocka_unit_test(a_member_may_leave_but_not_orphan_the_organisation),
        cmocka_unit_test(memberships_per_account_are_capped),
        cmocka_unit_test(new_organisations_per_account_are_capped),
        cmocka_unit_test(verification_links_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
