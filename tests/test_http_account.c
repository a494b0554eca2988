/*
 * test_http_account.c - accounts over real HTTP: register, sign in and
 * out, the session and CSRF cookies, /me, password change, API tokens
 * (Bearer, exempt from CSRF, revocable), passwords compared in Unicode
 * NFC, the sign-in rate limit, the refusals of bad bodies, and the
 * secretariat's country registry.
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
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"
#include "http_fixture.h"

#define PASSWORD HTTP_FIXTURE_PASSWORD

/* A fresh server whose store holds the secretariat's account. */
static int start(void **state, unsigned login_burst)
{
    http_fixture *s = calloc(1, sizeof *s);
    s->login_burst = login_burst;
    *state = s;
    if (http_fixture_db(s, "acct"))
        return -1;
    hk_store *st = http_fixture_store(s);
    http_fixture_user(st, "secretariat@sco.example", ROLE_SECRETARIAT, NULL);
    store_close(st);
    return http_fixture_serve(s);
}

static int setup(void **state) { return start(state, 0); }
/* Behind a load balancer at 127.0.0.1 (the test client's address). */
static int setup_proxied(void **state)
{
    http_fixture *s = calloc(1, sizeof *s);
    s->login_burst = 3;
    s->trusted_proxy = "127.0.0.1";
    *state = s;
    return http_fixture_db(s, "proxy") || http_fixture_serve(s) ? -1 : 0;
}
static int setup_strict(void **state) { return start(state, 3); }

static int teardown(void **state)
{
    http_fixture_stop(*state);
    free(*state);
    return 0;
}

static http_reply post_json(uint16_t port, const char *target, const char *body)
{
    http_request rq = {.method = "POST", .target = target, .body = body, .body_len = strlen(body)};
    return http_client_request(port, &rq);
}

static void register_signs_in_with_two_cookies(void **state)
{
    http_fixture *s = *state;
    http_reply r = post_json(s->port, "/api/v1/auth/register",
                             "{\"email\":\"Ali@Example.UZ\",\"password\":\"" PASSWORD "\",\"display_name\":\"Али\"}");
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "email")), "ali@example.uz");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "role")), "member");
    assert_null(json_object_get(json_object_get(j, "user"), "password_hash"));
    assert_int_equal(json_array_size(json_object_get(j, "memberships")), 0);
    const char *csrf = json_string_value(json_object_get(j, "csrf_token"));
    assert_non_null(csrf);
    assert_non_null(strstr(r.cookies, "hk_session="));
    assert_non_null(strstr(r.cookies, "csrf="));
    assert_non_null(strstr(r.cookies, csrf));
    json_decref(j);
    http_reply_free(&r);

    /* The same email again, in another case: 409 naming email. */
    r = post_json(s->port, "/api/v1/auth/register",
                  "{\"email\":\"ali@example.uz\",\"password\":\"" PASSWORD "\",\"display_name\":\"Other\"}");
    assert_int_equal(r.status, 409);
    j = http_reply_json(&r);
    assert_string_equal(http_problem_field(j), "email");
    json_decref(j);
    http_reply_free(&r);
}

static void register_refuses_bad_bodies_naming_the_field(void **state)
{
    http_fixture *s = *state;
    static const struct {
        const char *body;
        long status;
        const char *field;
    } cases[] = {
        {"{\"email\":\"a@b.example\",\"password\":\"short\",\"display_name\":\"A\"}", 400, "password"},
        {"{\"email\":\"not an email\",\"password\":\"" PASSWORD "\",\"display_name\":\"A\"}", 400, "email"},
        {"{\"email\":\"a@b.example\",\"password\":\"" PASSWORD "\",\"display_name\":\"\"}", 400, "display_name"},
        {"{\"email\":\"a@b.example\",\"password\":\"" PASSWORD "\"}", 400, "display_name"},
        {"{\"email\":\"a@b.example\",\"password\":\"" PASSWORD "\",\"display_name\":\"A\",\"role\":\"secretariat\"}",
         400, "role"},
        {"{\"email\":1,\"password\":\"" PASSWORD "\",\"display_name\":\"A\"}", 400, "email"},
        {"[1,2]", 400, "body"},
        {"{\"email\":", 400, "body"},
        {"{\"email\":\"a@b.example\",\"email\":\"c@d.example\"}", 400, "body"},
        {"{\"email\":\"\xff\xfe\",\"password\":\"" PASSWORD "\",\"display_name\":\"A\"}", 400, "body"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        http_reply r = post_json(s->port, "/api/v1/auth/register", cases[i].body);
        if (r.status != cases[i].status)
            fail_msg("case %zu: %ld %s", i, r.status, r.body ? r.body : "");
        json_t *j = http_reply_json(&r);
        assert_string_equal(http_problem_field(j), cases[i].field);
        assert_string_equal(r.content_type, "application/problem+json");
        json_decref(j);
        http_reply_free(&r);
    }
    /* Deep nesting and a body that is not JSON at all. */
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/register", .body = deep, .body_len = 200};
    http_reply r = http_client_request(s->port, &rq);
    assert_int_equal(r.status, 400);
    http_reply_free(&r);
    rq.body = "email=a";
    rq.body_len = 7;
    rq.body_type = "application/x-www-form-urlencoded";
    r = http_client_request(s->port, &rq);
    assert_int_equal(r.status, 415);
    http_reply_free(&r);
    /* Nothing was created by any of them. */
    assert_int_equal(http_session_login(&(http_session){0}, s->port, "a@b.example", PASSWORD), 401);
}

static void me_logout_and_csrf(void **state)
{
    http_fixture *s = *state;
    http_session a;
    http_session_register(&a, s->port, "me@example.kz", "Айгерим");
    http_reply r = http_session_call(&a, "GET", "/api/v1/me", NULL, NULL);
    assert_int_equal(r.status, 200);
    json_t *j = http_reply_json(&r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "display_name")), "Айгерим");
    json_decref(j);
    http_reply_free(&r);

    /* A visitor is 401. */
    http_expect(&(http_session){.port = s->port}, "GET", "/api/v1/me", NULL, 401);

    /* An unsafe request with the cookie but without the token: 403 csrf_failed. */
    char cookie[600];
    snprintf(cookie, sizeof cookie, "Cookie: %s", a.cookie);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/logout", .headers = {cookie}};
    r = http_client_request(s->port, &rq);
    assert_int_equal(r.status, 403);
    j = http_reply_json(&r);
    assert_string_equal(http_problem_type(j), "csrf_failed");
    json_decref(j);
    http_reply_free(&r);

    /* A token that is not the session's own (a planted pair) is refused too. */
    char planted[AUTH_TOKEN_LEN + 1], hdr[100], pair[700];
    auth_token_new(planted);
    char sid[128] = "";
    sscanf(a.cookie, "hk_session=%127[^;]", sid);
    snprintf(pair, sizeof pair, "Cookie: hk_session=%s; csrf=%s", sid, planted);
    snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", planted);
    http_request rq2 = {.method = "POST", .target = "/api/v1/auth/logout", .headers = {pair, hdr}};
    r = http_client_request(s->port, &rq2);
    assert_int_equal(r.status, 403);
    http_reply_free(&r);

    /* A foreign Origin is refused even with the right token. */
    char origin[] = "Origin: http://evil.example";
    http_request rq3 = {.method = "POST", .target = "/api/v1/auth/logout"};
    char csrf_hdr[100];
    snprintf(csrf_hdr, sizeof csrf_hdr, "X-CSRF-Token: %s", a.csrf);
    rq3.headers[0] = cookie;
    rq3.headers[1] = csrf_hdr;
    rq3.headers[2] = origin;
    r = http_client_request(s->port, &rq3);
    assert_int_equal(r.status, 403);
    http_reply_free(&r);

    /* With the token: 204, cookies expired, and the session is gone. */
    r = http_session_call(&a, "POST", "/api/v1/auth/logout", NULL, NULL);
    assert_int_equal(r.status, 204);
    assert_non_null(strstr(r.cookies, "hk_session="));
    http_reply_free(&r);
    http_expect(&a, "GET", "/api/v1/me", NULL, 401);
}

static void login_answers_one_way_for_unknown_and_wrong(void **state)
{
    http_fixture *s = *state;
    http_session a;
    http_session_register(&a, s->port, "li@example.cn", "李");
    http_session b;
    assert_int_equal(http_session_login(&b, s->port, "LI@example.cn", PASSWORD), 200);
    assert_int_not_equal(strcmp(a.cookie, b.cookie), 0); /* a new session each time */
    http_reply r = post_json(s->port, "/api/v1/auth/login", "{\"email\":\"li@example.cn\",\"password\":\"wrong one!\"}");
    assert_int_equal(r.status, 401);
    json_t *wrong = http_reply_json(&r);
    http_reply_free(&r);
    r = post_json(s->port, "/api/v1/auth/login", "{\"email\":\"nobody@example.cn\",\"password\":\"wrong one!\"}");
    assert_int_equal(r.status, 401);
    json_t *unknown = http_reply_json(&r);
    http_reply_free(&r);
    assert_true(json_equal(wrong, unknown));
    json_decref(wrong);
    json_decref(unknown);
}

static void password_change_ends_other_sessions(void **state)
{
    http_fixture *s = *state;
    http_session a, other;
    http_session_register(&a, s->port, "pw@example.ru", "Пётр");
    assert_int_equal(http_session_login(&other, s->port, "pw@example.ru", PASSWORD), 200);
    http_reply r = http_session_call(&a, "POST", "/api/v1/auth/password",
                                     "{\"current_password\":\"not it at all\",\"new_password\":\"a new long secret\"}",
                                     NULL);
    assert_int_equal(r.status, 400);
    json_t *j = http_reply_json(&r);
    assert_string_equal(http_problem_field(j), "current_password");
    json_decref(j);
    http_reply_free(&r);
    http_expect(&a, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"a new long secret\"}", 204);
    http_expect(&a, "GET", "/api/v1/me", NULL, 200);
    http_expect(&other, "GET", "/api/v1/me", NULL, 401);
    http_session c;
    assert_int_equal(http_session_login(&c, s->port, "pw@example.ru", PASSWORD), 401);
    assert_int_equal(http_session_login(&c, s->port, "pw@example.ru", "a new long secret"), 200);
}

/* The same password in two Unicode forms: "секретный йод" with й
 * composed (U+0439) and decomposed (и U+0438 + combining breve U+0306). */
#define PW_COMPOSED "секретный \xd0\xb9од"
#define PW_DECOMPOSED "секретный \xd0\xb8\xcc\x86од"

static void password_registered_decomposed_signs_in_typed_composed(void **state)
{
    http_fixture *s = *state;
    http_reply r = post_json(s->port, "/api/v1/auth/register",
                             "{\"email\":\"nfc@example.kg\",\"password\":\"" PW_DECOMPOSED
                             "\",\"display_name\":\"Йылдыз\"}");
    assert_int_equal(r.status, 201);
    http_reply_free(&r);
    http_session a, b;
    assert_int_equal(http_session_login(&b, s->port, "nfc@example.kg", PW_DECOMPOSED), 200);
    /* Normalisation is not case folding. */
    assert_int_equal(http_session_login(&b, s->port, "nfc@example.kg", "СЕКРЕТНЫЙ \xd0\x99ОД"), 401);
    assert_int_equal(http_session_login(&a, s->port, "nfc@example.kg", PW_COMPOSED), 200);
    /* A new password is normalised too, and the old one is verified so. */
    http_expect(&a, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" PW_COMPOSED "\",\"new_password\":\"новый \xd0\xb8\xcc\x86огурт\"}",
                204);
    assert_int_equal(http_session_login(&a, s->port, "nfc@example.kg", "новый \xd0\xb9огурт"), 200);
}

/* An account whose hash was made of the bytes as typed, before passwords
 * were normalised, still signs in with those bytes, and from then on in
 * either form (the hash is made again, of the NFC form). */
static void api_tokens_work_without_csrf_and_can_be_revoked(void **state)
{
    http_fixture *s = *state;
    http_session a;
    http_session_register(&a, s->port, "int@example.in", "Integration");
    http_reply r = http_session_call(&a, "POST", "/api/v1/tokens", "{\"name\":\"ERP sync\",\"expires_in_days\":30}", NULL);
    assert_int_equal(r.status, 201);
    json_t *j = http_reply_json(&r);
    http_session bot = {.port = s->port};
    snprintf(bot.bearer, sizeof bot.bearer, "%s", json_string_value(json_object_get(j, "token")));
    assert_int_equal(strncmp(bot.bearer, "hk_", 3), 0);
    int64_t id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    http_reply_free(&r);

    http_expect(&bot, "GET", "/api/v1/me", NULL, 200);
    /* A token cannot mint more tokens, nor change the password. */
    http_expect(&bot, "POST", "/api/v1/tokens", "{\"name\":\"more\"}", 403);
    http_expect(&bot, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"another secret!\"}", 403);

    /* The list shows it without its secret. */
    r = http_session_call(&a, "GET", "/api/v1/tokens", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, bot.bearer));
    assert_non_null(strstr(r.body, "ERP sync"));
    http_reply_free(&r);

    /* Another user cannot revoke it (404), the owner can. */
    http_session b;
    http_session_register(&b, s->port, "other@example.in", "Other");
    char path[64];
    snprintf(path, sizeof path, "/api/v1/tokens/%lld", (long long)id);
    http_expect(&b, "DELETE", path, NULL, 404);
    http_expect(&a, "DELETE", path, NULL, 204);
    http_expect(&bot, "GET", "/api/v1/me", NULL, 401);

    /* Garbage tokens are 401, and cookies are ignored when a header is sent. */
    snprintf(bot.bearer, sizeof bot.bearer, "hk_0123456789abcdef_notarealsecret");
    http_expect(&bot, "GET", "/api/v1/me", NULL, 401);
}

static void a_token_cannot_sign_out_and_bad_tokens_do_not_block_sign_in(void **state)
{
    http_fixture *s = *state;
    http_session a;
    http_session_register(&a, s->port, "bot@example.kg", "Bot owner");
    http_reply r = http_session_call(&a, "POST", "/api/v1/tokens", "{\"name\":\"sync\"}", NULL);
    assert_int_equal(r.status, 201);
    json_t *j = json_loads(r.body, 0, NULL);
    http_session bot = {.port = s->port};
    snprintf(bot.bearer, sizeof bot.bearer, "%s", json_string_value(json_object_get(j, "token")));
    json_decref(j);
    http_reply_free(&r);
    /* Signing out ends a session; a token is revoked, not signed out. */
    http_expect(&bot, "POST", "/api/v1/auth/logout", NULL, 403);
    http_expect(&bot, "GET", "/api/v1/me", NULL, 200);
    /* A script looping on a stale token runs out of its own budget (429)
     * without spending the budget of sign-ins from the same address. */
    snprintf(bot.bearer, sizeof bot.bearer, "hk_0123456789abcdef_notarealsecret");
    long last = 0;
    for (int i = 0; i < 40 && last != 429; i++) {
        r = http_session_call(&bot, "GET", "/api/v1/me", NULL, NULL);
        last = r.status;
        http_reply_free(&r);
    }
    assert_int_equal(last, 429);
    http_session again;
    assert_int_equal(http_session_login(&again, s->port, "bot@example.kg", "correct horse battery"), 200);
}

static void secretariat_edits_countries_members_cannot(void **state)
{
    http_fixture *s = *state;
    http_session sec, member;
    assert_int_equal(http_session_login(&sec, s->port, "secretariat@sco.example", PASSWORD), 200);
    http_session_register(&member, s->port, "m@example.pk", "Member");
    const char *body = "{\"status\":\"observer\",\"name_en\":\"Mongolia\",\"name_ru\":\"Монголия\",\"name_zh\":\"蒙古国\"}";
    http_reply r = http_session_call(&member, "PUT", "/api/v1/countries/MN", body, NULL);
    assert_int_equal(r.status, 403);
    http_reply_free(&r);
    http_expect(&(http_session){.port = s->port}, "PUT", "/api/v1/countries/MN", body, 401);
    r = http_session_call(&sec, "PUT", "/api/v1/countries/MN", body, NULL);
    if (r.status != 200)
        fail_msg("%ld %s", r.status, r.body);
    http_reply_free(&r);
    http_expect(&sec, "PUT", "/api/v1/countries/MN", "{\"iso2\":\"KZ\"}", 400);
    http_expect(&sec, "PUT", "/api/v1/countries/MN", "{\"status\":\"observer\",\"name_en\":\"\"}", 400);
    r = http_session_call(&member, "GET", "/api/v1/countries", NULL, NULL);
    assert_non_null(strstr(r.body, "蒙古国"));
    http_reply_free(&r);
}

static void sign_in_is_rate_limited(void **state)
{
    http_fixture *s = *state;
    long last = 0;
    http_reply r;
    for (int i = 0; i < 5; i++) {
        r = post_json(s->port, "/api/v1/auth/login", "{\"email\":\"x@example.by\",\"password\":\"guess guess 1\"}");
        last = r.status;
        if (last == 429)
            break;
        http_reply_free(&r);
    }
    assert_int_equal(last, 429);
    assert_true(atoi(r.retry_after) >= 1);
    http_reply_free(&r);
}

/* A failed sign-in from a client as the proxy reports it; the status. */
static long login_via(uint16_t port, const char *forwarded_for, int n)
{
    char header[128], body[128];
    snprintf(header, sizeof header, "X-Forwarded-For: %s", forwarded_for);
    snprintf(body, sizeof body, "{\"email\":\"p%d@example.by\",\"password\":\"guess guess 1\"}", n);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/login", .body = body, .body_len = strlen(body),
                       .headers = {header, NULL}};
    http_reply r = http_client_request(port, &rq);
    long status = r.status;
    http_reply_free(&r);
    return status;
}

static void behind_a_trusted_proxy_limits_count_the_forwarded_client(void **state)
{
    http_fixture *s = *state;
    long last = 0;
    for (int i = 0; i < 5 && last != 429; i++)
        last = login_via(s->port, "198.51.100.7", i);
    assert_int_equal(last, 429);
    /* Another client behind the same proxy still gets in (a wrong
     * password: 401, not 429)... */
    assert_int_equal(login_via(s->port, "203.0.113.9", 10), 401);
    /* ...and only the proxy's own (last) entry counts: a client cannot
     * pick its address by writing the header first. */
    assert_int_equal(login_via(s->port, "203.0.113.77, 198.51.100.7", 11), 429);
}

static void without_a_trusted_proxy_the_forwarded_header_is_ignored(void **state)
{
    http_fixture *s = *state;
    long last = 0;
    for (int i = 0; i < 5 && last != 429; i++)
        last = login_via(s->port, "198.51.100.7", i);
    assert_int_equal(last, 429);
    assert_int_equal(login_via(s->port, "203.0.113.9", 10), 429);
}

static void key_file_is_private_and_stable(void **state)
{
    http_fixture *s = *state;
    char p[STORE_FIXTURE_PATH_MAX + 8];
    if (s->key[0])
        snprintf(p, sizeof p, "%s", s->key);
    else
        snprintf(p, sizeof p, "%s.key", s->db);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* Sessions survive a restart, since the key does. */
    http_session a;
    http_session_register(&a, s->port, "restart@example.tj", "Restart");
    assert_int_equal(http_fixture_restart(s), 0);
    a.port = s->port;
    http_reply r = http_session_call(&a, "GET", "/api/v1/me", NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

static void mail_preferences_are_never_by_default_and_refuse_unknown_values(void **state)
{
    http_fixture *s = *state;
    http_session a;
    http_session_register(&a, s->port, "mail@example.org", "Mail");
    json_t *j = http_expect_json(&a, "GET", "/api/v1/me/mail-preferences", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "mail")), "never");
    assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
    json_decref(j);
    j = http_expect_json(&a, "PUT", "/api/v1/me/mail-preferences", "{\"mail\":\"daily\",\"lang\":\"zh\"}", 200);
    assert_string_equal(json_string_value(json_object_get(j, "mail")), "daily");
    json_decref(j);
    j = http_expect_json(&a, "GET", "/api/v1/me/mail-preferences", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "mail")), "daily");
    assert_string_equal(json_string_value(json_object_get(j, "lang")), "zh");
    json_decref(j);
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"mail\":\"weekly\",\"lang\":\"en\"}", "mail"},
        {"{\"mail\":\"daily\",\"lang\":\"fr\"}", "lang"},
        {"{\"mail\":1,\"lang\":\"en\"}", "mail"},
        {"{\"mail\":\"daily\",\"lang\":[\"en\"]}", "lang"},
        {"{\"mail\":\"daily\"}", "lang"},
        {"{\"mail\":\"daily\",\"lang\":\"en\",\"user_id\":1}", "user_id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = http_expect_json(&a, "PUT", "/api/v1/me/mail-preferences", bad[i].body, 400);
        assert_string_equal(http_problem_field(j), bad[i].field);
        json_decref(j);
    }
    /* Unchanged by the refused ones. */
    j = http_expect_json(&a, "GET", "/api/v1/me/mail-preferences", NULL, 200);
    assert_string_equal(json_string_value(json_object_get(j, "mail")), "daily");
    json_decref(j);
    http_session nobody = {.port = s->port};
    http_expect(&nobody, "GET", "/api/v1/me/mail-preferences", NULL, 401);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(mail_preferences_are_never_by_default_and_refuse_unknown_values, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(register_signs_in_with_two_cookies, setup, teardown),
        cmocka_unit_test_setup_teardown(register_refuses_bad_bodies_naming_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(me_logout_and_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(login_answers_one_way_for_unknown_and_wrong, setup, teardown),
        cmocka_unit_test_setup_teardown(password_change_ends_other_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(password_registered_decomposed_signs_in_typed_composed, setup, teardown),
        cmocka_unit_test_setup_teardown(api_tokens_work_without_csrf_and_can_be_revoked, setup, teardown),
        cmocka_unit_test_setup_teardown(secretariat_edits_countries_members_cannot, setup, teardown),
        cmocka_unit_test_setup_teardown(a_token_cannot_sign_out_and_bad_tokens_do_not_block_sign_in, setup_strict,
                                        teardown),
        cmocka_unit_test_setup_teardown(sign_in_is_rate_limited, setup_strict, teardown),
        cmocka_unit_test_setup_teardown(behind_a_trusted_proxy_limits_count_the_forwarded_client, setup_proxied,
                                        teardown),
        cmocka_unit_test_setup_teardown(without_a_trusted_proxy_the_forwarded_header_is_ignored, setup_strict,
                                        teardown),
        cmocka_unit_test_setup_teardown(key_file_is_private_and_stable, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
