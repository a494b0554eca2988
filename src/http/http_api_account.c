/*
 * http_api_account.c - accounts: register, sign in and out, change the
 * password, who am I, and API tokens for integrations. Passwords are
 * Argon2id (src/auth); sign-in is rate-limited per client address and per
 * email before any hashing, and an unknown email costs the same hash as a
 * wrong password, answered with the same 401 (docs/security.md). Every
 * password is hashed and verified in Unicode NFC (auth_password_nfc), so
 * the same password typed on two systems is the same password.
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_utf8.h"
#include "model/model_json.h"

#define DISPLAY_NAME_MAX 100   /* code points */
#define TOKEN_DAYS_MAX 3650

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Lower-cases the ASCII letters of an email into out (the store keeps
 * emails lower-case); 0, or a 400/413 naming "email". */
static int email_key(const char *email, char *out, size_t out_len, http_resp *resp)
{
    size_t n = strlen(email);
    hk_err err;
    if (n >= out_len) {
        hk_err_set(&err, HK_ETOOBIG, "email", "must be at most %zu bytes", out_len - 1);
        http_error(resp, &err);
        return -1;
    }
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)((unsigned char)email[i] < 128 ? tolower((unsigned char)email[i]) : email[i]);
    return 0;
}

/* The typed password in NFC, the form every hash is made of; NULL with
 * the problem (naming field) in resp. The caller frees it with forget(). */
static char *nfc_password(const char *typed, const char *field, http_resp *resp)
{
    char *nfc;
    hk_err err;
    if (auth_password_nfc(typed, &nfc, &err) == 0)
        return nfc;
    if (!strcmp(err.field, "password"))
        snprintf(err.field, sizeof err.field, "%s", field);
    http_error(resp, &err);
    return NULL;
}

/* Wipes and frees a copy of a password. */
static void forget(char *password)
{
    if (!password)
        return;
    explicit_bzero(password, strlen(password));
    free(password);
}

static int rate_limited(http_req *req, http_resp *resp, int64_t retry_ms, const char *account)
{
    http_log_security(req, "sign-in refused: too many attempts", account);
    http_problem(resp, 429, "rate_limited", "Too many attempts; wait and try again", NULL);
    http_header(resp, "Retry-After", "%lld", (long long)(retry_ms + 999) / 1000);
    return -1;
}

/* The key of an account's failed sign-ins from one address: an attacker
 * elsewhere can use up only their own budget, never the owner's. */
static void failure_key(http_req *req, const char *email_lc, char *out, size_t cap)
{
    char addr[INET6_ADDRSTRLEN];
    http_client_addr(req, addr);
    snprintf(out, cap, "%s\n%s", email_lc, addr);
}

/* Spends one attempt of the client's address, and, for a sign-in
 * (email_lc given), one of the account's failures from that address,
 * which a successful sign-in gives back (forgive_failures): only wrong
 * passwords count against an account. -1 with a 429 when either budget
 * is spent. */
static int spend_attempt(http_req *req, http_resp *resp, const char *email_lc)
{
    char addr[INET6_ADDRSTRLEN];
    http_client_addr(req, addr);
    int64_t now = monotonic_ms(), retry = 0;
    if (!auth_rate_take(req->app->login_by_addr, addr, now, &retry))
        return rate_limited(req, resp, retry, email_lc);
    if (email_lc) {
        char key[320];
        failure_key(req, email_lc, key, sizeof key);
        if (!auth_rate_take(req->app->login_failures, key, now, &retry))
            return rate_limited(req, resp, retry, email_lc);
    }
    return 0;
}

static void forgive_failures(http_req *req, const char *email_lc)
{
    char key[320];
    failure_key(req, email_lc, key, sizeof key);
    auth_rate_reset(req->app->login_failures, key);
}

/* {"user": ..., "memberships": [{"org_id", "is_admin", "name"}]} */
static json_t *me_json(http_req *req, const http_actor *ac)
{
    json_t *ms = json_array();
    for (size_t i = 0; i < ac->a.n_memberships; i++) {
        const auth_membership *m = &ac->a.memberships[i];
        organisation o;
        hk_err err;
        json_t *name = json_null();
        if (store_org_get(req->st, m->org_id, &o, &err) == 0) {
            json_decref(name);
            name = json_string(http_org_name(&o));
            organisation_free(&o);
        }
        json_array_append_new(ms, json_pack("{s:I, s:b, s:o}", "org_id", (json_int_t)m->org_id, "is_admin",
                                            m->is_admin, "name", name));
    }
    bool verified = true;
    hk_err err;
    store_email_verified(req->st, ac->u.id, &verified, &err); /* a store failure shows it verified */
    return json_pack("{s:o, s:o, s:b}", "user", user_to_json(&ac->u), "memberships", ms, "email_verified", verified);
}

/* Signs the user in (session and cookies) and answers status with
 * me_json plus the CSRF token. */
static void signed_in(http_req *req, http_resp *resp, unsigned status, int64_t user_id)
{
    hk_err err;
    http_actor_free(&req->actor);
    char csrf[AUTH_TOKEN_LEN + 1];
    if (http_session_start(req, resp, user_id, csrf))
        return;
    http_actor *ac = &req->actor;
    if (store_user_get(req->st, user_id, &ac->u, &err) || http_actor_load_memberships(req, ac, &err)) {
        http_error(resp, &err);
        return;
    }
    ac->a.user_id = ac->u.id;
    json_t *j = me_json(req, ac);
    json_object_set_new(j, "csrf_token", json_string(csrf));
    http_json(resp, status, j);
}

void api_register(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"email", "password", "display_name", NULL};
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *email, *typed, *name;
    char *password = NULL;
    char email_lc[255]; /* 254 bytes, as model_is_email allows */
    hk_err err;
    if (!(email = http_body_string(body, "email", resp)) || !(typed = http_body_string(body, "password", resp)) ||
        !(name = http_body_string(body, "display_name", resp)) ||
        email_key(email, email_lc, sizeof email_lc, resp) || !(password = nfc_password(typed, "password", resp)))
        goto done;
    size_t cps = 0;
    if (!hk_utf8_valid(name, strlen(name)) || (cps = hk_utf8_count(name, strlen(name))) == 0 || cps > DISPLAY_NAME_MAX) {
        hk_err_set(&err, HK_EINVAL, "display_name", "must be 1 to %d characters", DISPLAY_NAME_MAX);
        http_error(resp, &err);
        goto done;
    }
    if (auth_password_check(password, email_lc, &err)) {
        http_error(resp, &err);
        goto done;
    }
    /* Registration hashes a password too: it spends the same budget. */
    if (spend_attempt(req, resp, NULL))
        goto done;
    char hash[AUTH_PWHASH_STRBYTES];
    if (auth_password_hash(&req->app->pwhash, password, hash, &err)) {
        http_error(resp, &err);
        goto done;
    }
    user u;
    memset(&u, 0, sizeof u);
    u.email = email_lc;
    u.display_name = (char *)name;
    u.password_hash = hash;
    u.role = ROLE_MEMBER;
    /* The account and the check of its email are made together: an
     * account without a check would count as verified. */
    if (store_begin(req->st, &err)) {
        http_error(resp, &err);
        goto done;
    }
    if (store_user_create(req->st, &u, &err) || http_mail_link(req, u.id, email_lc, &err) ||
        store_commit(req->st, &err)) {
        store_rollback(req->st);
        if (err.code == HK_ECONFLICT && !strcmp(err.field, "email"))
            hk_err_set(&err, HK_ECONFLICT, "email", "an account with this email exists; sign in instead");
        http_error(resp, &err);
        goto done;
    }
    signed_in(req, resp, 201, u.id);
done:
    forget(password);
    json_decref(body);
}

void api_login(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"email", "password", NULL};
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *email, *typed;
    char *nfc = NULL;
    char email_lc[255]; /* 254 bytes, as model_is_email allows */
    hk_err err;
    if (!(email = http_body_string(body, "email", resp)) || !(typed = http_body_string(body, "password", resp)) ||
        email_key(email, email_lc, sizeof email_lc, resp) || spend_attempt(req, resp, email_lc))
        goto done;
    /* Sign-in verifies whatever is typed: a password that cannot be
     * normalised (too long to be one) is verified as typed, and fails. */
    if (auth_password_nfc(typed, &nfc, &err))
        nfc = NULL;
    const char *password = nfc ? nfc : typed;
    user u;
    memset(&u, 0, sizeof u);
    int found = store_user_get_by_email(req->st, email_lc, &u, &err) == 0;
    /* An unknown email costs the same hash as a known one. */
    bool ok = auth_password_verify(found && u.password_hash ? u.password_hash : req->app->dummy_hash, password);
    if (!found || !u.password_hash || !ok) {
        user_free(&u);
        http_log_security(req, "sign-in refused: wrong email or password", email_lc);
        hk_err_set(&err, HK_EINVAL, "password", "email or password is wrong");
        http_problem(resp, 401, "unauthorized", "Email or password is wrong", &err);
        goto done;
    }
    forgive_failures(req, email_lc);
    if (auth_password_needs_rehash(&req->app->pwhash, u.password_hash)) {
        char hash[AUTH_PWHASH_STRBYTES];
        if (auth_password_hash(&req->app->pwhash, password, hash, &err) == 0)
            store_user_set_password(req->st, u.id, hash, NULL);
    }
    int64_t id = u.id;
    user_free(&u);
    signed_in(req, resp, 200, id);
done:
    forget(nfc);
    json_decref(body);
}

void api_logout(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    if (req->actor.a.by_api_token) {
        hk_err err;
        hk_err_set(&err, HK_EFORBIDDEN, "Authorization",
                   "signing out ends a session; an API token is revoked with DELETE /api/v1/tokens/{id}");
        http_error(resp, &err);
        return;
    }
    http_session_end(req, resp);
    http_json(resp, 204, NULL);
}

/* Sign out everywhere: every session of the user (this one too) ends and
 * every API token is revoked, for a user who fears one has leaked. */
void api_logout_everywhere(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_err err;
    if (req->actor.a.by_api_token) {
        hk_err_set(&err, HK_EFORBIDDEN, "Authorization", "signing out everywhere is done from a signed-in session");
        http_error(resp, &err);
        return;
    }
    int64_t user_id = req->actor.a.user_id;
    size_t tokens = 0, sessions = 0;
    if (store_api_tokens_revoke_for_user(req->st, user_id, user_id, &tokens, &err) ||
        store_sessions_delete_for_user(req->st, user_id, 0, &sessions, &err)) {
        http_error(resp, &err);
        return;
    }
    req->actor.session_id = 0; /* deleted with the others */
    http_session_end(req, resp);
    http_json(resp, 200, json_pack("{s:I, s:I}", "sessions_ended", (json_int_t)sessions, "tokens_revoked",
                                   (json_int_t)tokens));
}

void api_me(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    http_json(resp, 200, me_json(req, &req->actor));
}

void api_password(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"current_password", "new_password", NULL};
    if (http_require_user(req, resp))
        return;
    hk_err err;
    if (req->actor.a.by_api_token) {
        hk_err_set(&err, HK_EFORBIDDEN, "Authorization", "the password is changed from a signed-in session only");
        http_error(resp, &err);
        return;
    }
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *typed_current, *typed_next;
    char *current = NULL, *next = NULL;
    const user *u = &req->actor.u;
    if (!(typed_current = http_body_string(body, "current_password", resp)) ||
        !(typed_next = http_body_string(body, "new_password", resp)) || spend_attempt(req, resp, u->email))
        goto done;
    /* The current password is verified as sign-in verifies it. */
    if (auth_password_nfc(typed_current, &current, &err))
        current = NULL;
    if (!u->password_hash || !auth_password_verify(u->password_hash, current ? current : typed_current)) {
        hk_err_set(&err, HK_EINVAL, "current_password", "is not your current password");
        http_error(resp, &err);
        goto done;
    }
    if (!(next = nfc_password(typed_next, "new_password", resp)))
        goto done;
    char hash[AUTH_PWHASH_STRBYTES];
    if (auth_password_check(next, u->email, &err) || auth_password_hash(&req->app->pwhash, next, hash, &err) ||
        store_user_set_password(req->st, u->id, hash, &err) ||
        store_sessions_delete_for_user(req->st, u->id, req->actor.session_id, NULL, &err)) {
        if (!strcmp(err.field, "password"))
            snprintf(err.field, sizeof err.field, "new_password");
        http_error(resp, &err);
        goto done;
    }
    forgive_failures(req, u->email);
    http_sse_recheck_user(req->app, u->id);
    http_json(resp, 204, NULL);
done:
    forget(current);
    forget(next);
    json_decref(body);
}

/* ---- notifications by email ---- */

static json_t *mail_prefs_json(const store_mail_prefs *p)
{
    return json_pack("{s:s, s:s}", "mail", store_mail_pref_name(p->pref), "lang", p->lang);
}

/* The signed-in user's choice of notification mails: {"mail":
 * "immediately"|"daily"|"never", "lang": "en"|"ru"|"zh"}. Whether the
 * server sends mail at all is the operator's (hamkor serve --smtp-url). */
void api_mail_prefs_get(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    store_mail_prefs p;
    hk_err err;
    if (store_mail_prefs_get(req->st, req->actor.u.id, &p, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 200, mail_prefs_json(&p));
}

void api_mail_prefs_put(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"mail", "lang", NULL};
    if (http_require_user(req, resp))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    hk_err err;
    const char *mail = http_body_string(body, "mail", resp), *lang = mail ? http_body_string(body, "lang", resp) : NULL;
    if (mail && lang) {
        int pref = store_mail_pref_parse(mail);
        store_mail_prefs p;
        if (pref < 0)
            hk_err_set(&err, HK_EINVAL, "mail", "mail: immediately, daily or never");
        if (pref < 0 || store_mail_prefs_set(req->st, req->actor.u.id, (store_mail_pref)pref, lang, &err) ||
            store_mail_prefs_get(req->st, req->actor.u.id, &p, &err))
            http_error(resp, &err);
        else
            http_json(resp, 200, mail_prefs_json(&p));
    }
    json_decref(body);
}

/* ---- API tokens ---- */

static json_t *token_json(const store_api_token *t)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)t->id, "key_id", t->key_id, "name",
                     t->name, "created_at", http_time_json(t->created_at), "last_used_at",
                     http_time_json(t->last_used_at), "expires_at", http_time_json(t->expires_at), "revoked",
                     t->revoked_at != 0);
}

static int may_manage_tokens(http_req *req, http_resp *resp)
{
    auth_target t = {.owner_user_id = req->actor.a.user_id};
    return http_require_user(req, resp) || http_authorize(req, resp, AUTH_API_TOKEN_MANAGE, &t);
}

void api_tokens_list(http_req *req, http_resp *resp)
{
    if (may_manage_tokens(req, resp))
        return;
    store_api_token *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_api_tokens_of_user(req->st, req->actor.a.user_id, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, token_json(&v[i]));
    store_api_tokens_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "tokens", a));
}

void api_token_create(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"name", "expires_in_days", NULL};
    if (may_manage_tokens(req, resp))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    hk_err err;
    const char *name;
    if (!(name = http_body_string(body, "name", resp)))
        goto done;
    const json_t *days = json_object_get(body, "expires_in_days");
    if (days && !json_is_null(days) &&
        (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > TOKEN_DAYS_MAX)) {
        hk_err_set(&err, HK_EINVAL, "expires_in_days", "must be a whole number from 1 to %d", TOKEN_DAYS_MAX);
        http_error(resp, &err);
        goto done;
    }
    auth_api_token tok;
    auth_api_token_new(&req->app->key, &tok);
    store_api_token t;
    memset(&t, 0, sizeof t);
    memcpy(t.key_id, tok.id, sizeof t.key_id);
    memcpy(t.hash, tok.hash, sizeof t.hash);
    t.user_id = req->actor.a.user_id;
    t.name = (char *)name;
    if (json_is_integer(days))
        t.expires_at = (int64_t)time(NULL) + (int64_t)json_integer_value(days) * 86400;
    if (store_api_token_create(req->st, &t, &err)) {
        http_error(resp, &err);
    } else {
        json_t *j = token_json(&t);
        json_object_set_new(j, "token", json_string(tok.token));
        http_header(resp, "Location", "/api/v1/tokens/%lld", (long long)t.id);
        http_json(resp, 201, j);
    }
    memset(tok.token, 0, sizeof tok.token);
done:
    json_decref(body);
}

void api_token_revoke(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    store_api_token t;
    hk_err err;
    if (store_api_token_get(req->st, req->ids[0], &t, &err)) {
        http_error(resp, &err);
        return;
    }
    auth_target target = {.owner_user_id = t.user_id};
    store_api_token_free(&t);
    if (http_authorize(req, resp, AUTH_API_TOKEN_REVOKE, &target))
        return;
    if (store_api_token_revoke(req->st, req->ids[0], req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        return;
    }
    http_sse_recheck_user(req->app, target.owner_user_id);
    http_json(resp, 204, NULL);
}
