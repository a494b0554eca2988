/*
 * http_fixture.c - the test server the HTTP tests share (see
 * http_fixture.h): its temporary database and its life, the records a
 * test seeds straight into the store, and reading replies as JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "http_fixture.h"
#include "store_fixture.h"

int http_fixture_db(http_fixture *f, const char *tag)
{
    if (store_fixture_path(f->db, sizeof f->db, tag))
        return -1;
    /* A file database keeps its key beside it (PATH.key); a PostgreSQL
     * one has no folder, so the key gets a file of its own. */
    snprintf(f->key, sizeof f->key, "/tmp/hamkor-key-%s-%ld-%p", tag, (long)getpid(), (void *)f);
    if (!store_fixture_pg())
        snprintf(f->key, sizeof f->key, "%s", "");
    store_close(store_fixture_open(f->db, NULL));
    return 0;
}

int http_fixture_serve(http_fixture *f)
{
    if (!f->outbox && !(f->outbox = tmpfile()))
        return -1;
    http_config cfg = {.listen_addr = "127.0.0.1",
                       .db_path = f->db,
                       .key_path = f->key[0] ? f->key : NULL,
                       .trusted_proxy = f->trusted_proxy,
                       .web_root = f->web_root,
                       .access_log = f->access_log,
                       .outbox = f->outbox,
                       .fast_password_hashing = 1,
                       .login_burst = f->login_burst ? f->login_burst : 100000};
    hk_err err;
    if (http_server_start(&cfg, &f->srv, &err)) {
        fprintf(stderr, "start: %s: %s\n", err.field, err.msg);
        f->srv = NULL;
        return -1;
    }
    f->port = http_server_port(f->srv);
    return 0;
}

int http_fixture_start(http_fixture *f, const char *tag)
{
    return http_fixture_db(f, tag) || http_fixture_serve(f) ? -1 : 0;
}

int http_fixture_restart(http_fixture *f)
{
    http_server_stop(f->srv);
    f->srv = NULL;
    return http_fixture_serve(f);
}

void http_fixture_stop(http_fixture *f)
{
    http_server_stop(f->srv);
    f->srv = NULL;
    if (f->outbox)
        fclose(f->outbox);
    f->outbox = NULL;
    store_fixture_remove(f->db);
    if (f->key[0])
        unlink(f->key);
}

hk_store *http_fixture_store(const http_fixture *f)
{
    hk_store *st;
    hk_err err;
    if (store_open(f->db, &st, &err))
        fail_msg("%s: %s: %s", f->db, err.field, err.msg);
    return st;
}

int64_t http_fixture_user(hk_store *st, const char *email, user_role role, const char *state)
{
    hk_err err;
    char hash[AUTH_PWHASH_STRBYTES];
    auth_pwhash_params fast = auth_pwhash_fast();
    if (auth_password_hash(&fast, HTTP_FIXTURE_PASSWORD, hash, &err))
        fail_msg("hash: %s", err.msg);
    user u;
    memset(&u, 0, sizeof u);
    u.email = (char *)email;
    u.display_name = (char *)email;
    u.password_hash = hash;
    u.role = role;
    if (state)
        memcpy(u.country, state, 3);
    if (store_user_create(st, &u, &err))
        fail_msg("user %s: %s: %s", email, err.field, err.msg);
    return u.id;
}

void http_fixture_verify_email(http_fixture *f, http_session *s, const char *email)
{
    char want[320], line[1024], token[128] = "";
    snprintf(want, sizeof want, "mail to %s: ", email);
    fflush(f->outbox);
    rewind(f->outbox);
    while (fgets(line, sizeof line, f->outbox)) {
        const char *at = strstr(line, want), *t = at ? strstr(at, "token=") : NULL;
        if (t)
            snprintf(token, sizeof token, "%.*s", (int)strcspn(t + 6, "\r\n"), t + 6);
    }
    fseek(f->outbox, 0, SEEK_END);
    if (!token[0])
        fail_msg("no verification link was sent to %s", email);
    char body[192];
    snprintf(body, sizeof body, "{\"token\":\"%s\"}", token);
    http_expect(s, "POST", "/api/v1/auth/verify-email", body, 200);
}

void http_fixture_join(http_fixture *f, http_session *admin, int64_t org_id, http_session *invitee,
                       const char *email, bool is_admin)
{
    char path[96], body[320];
    snprintf(path, sizeof path, "/api/v1/organisations/%lld/invitations", (long long)org_id);
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"is_admin\":%s}", email, is_admin ? "true" : "false");
    json_t *j = http_expect_json(admin, "POST", path, body, 201);
    long long id = (long long)json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    json_t *me = http_expect_json(invitee, "GET", "/api/v1/me", NULL, 200);
    bool verified = json_is_true(json_object_get(me, "email_verified"));
    json_decref(me);
    if (!verified)
        http_fixture_verify_email(f, invitee, email);
    snprintf(path, sizeof path, "/api/v1/invitations/%lld/accept", id);
    http_expect(invitee, "POST", path, "{}", 200);
}

int64_t http_fixture_listing(hk_store *st, int64_t org, listing_direction dir, const char *title,
                             const char *deadline)
{
    hk_err err;
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org;
    l.direction = dir;
    l.kind = KIND_COPRODUCTION;
    l.n_texts = 1;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("ru"), ORIGIN_ORIGINAL, strdup(title), strdup("Отливки под давлением")};
    memcpy(l.expires, "2099-12-31", 11);
    if (deadline)
        snprintf(l.deadline, sizeof l.deadline, "%s", deadline);
    if (store_listing_create(st, &l, 0, &err) || store_listing_set_status(st, l.id, STATUS_PUBLISHED, NULL, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

int64_t http_fixture_org(hk_store *st, const char *name, const char *iso2, org_type type)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.n_names = 1;
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){strdup(name), strdup("en"), true};
    memcpy(o.country, iso2, 3);
    o.type = type;
    hk_err err;
    if (store_org_create(st, &o, 0, &err))
        fail_msg("organisation %s: %s: %s", name, err.field, err.msg);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

void http_fixture_member(hk_store *st, int64_t user_id, int64_t org_id, bool admin)
{
    membership m = {.user_id = user_id, .org_id = org_id, .is_admin = admin};
    hk_err err;
    if (store_membership_put(st, &m, 0, &err))
        fail_msg("membership: %s: %s", err.field, err.msg);
}

json_t *http_expect_json(http_session *s, const char *method, const char *target, const char *body, long status)
{
    http_reply r = http_session_call(s, method, target, body, NULL);
    if (r.status != status)
        fail_msg("%s %s: expected %ld, got %ld: %s", method, target, status, r.status, r.body ? r.body : "");
    json_t *j = r.body ? http_reply_json(&r) : NULL;
    if (j && status >= 400)
        assert_string_equal(r.content_type, "application/problem+json");
    http_reply_free(&r);
    return j;
}

void http_expect(http_session *s, const char *method, const char *target, const char *body, long status)
{
    json_decref(http_expect_json(s, method, target, body, status));
}

json_t *http_reply_json(const http_reply *r)
{
    json_t *j = json_loads(r->body ? r->body : "", 0, NULL);
    if (!j)
        fail_msg("not JSON: %s", r->body ? r->body : "(empty)");
    return j;
}

const char *http_problem_type(const json_t *problem)
{
    const char *t = json_string_value(json_object_get(problem, "type"));
    const char *slash = t ? strrchr(t, '/') : NULL;
    return slash ? slash + 1 : "";
}

const char *http_problem_field(const json_t *problem)
{
    const json_t *e = json_array_get(json_object_get(problem, "errors"), 0);
    const char *f = json_string_value(json_object_get(e, "field"));
    return f ? f : "";
}
