/*
 * http_api_invite.c - joining organisations by invitation, and proving
 * one owns one's email (issue 17, finding 1; the rules are the store's,
 * store_invite.c):
 *
 *   POST   /api/v1/organisations/{id}/invitations       an admin invites an email
 *   GET    /api/v1/organisations/{id}/invitations       its pending invitations
 *   DELETE /api/v1/organisations/{id}/invitations/{id}  withdraw one
 *   GET    /api/v1/invitations                          mine (to my email)
 *   POST   /api/v1/invitations/{id}/accept | /decline
 *   POST   /api/v1/auth/verify-email                    {token} from the link
 *   POST   /api/v1/auth/verify-email/resend             a new link
 *
 * Inviting answers the same for every email, registered or not, and
 * never names anyone. Until hamkor sends email (the operations issue),
 * the verification link is written to the server's log (http_mail_link),
 * where the operator of a development server finds it.
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EMAIL_MAX 254 /* bytes, as model_is_email */

/* Lower-cases the ASCII letters of the body's email member into out, as
 * registration keeps emails; -1 with a 400 naming "email" when it is
 * missing, not a string, too long or not an address. */
static int body_email(const json_t *body, char out[EMAIL_MAX + 1], http_resp *resp)
{
    const json_t *e = json_object_get(body, "email");
    hk_err err;
    const char *s = json_is_string(e) ? json_string_value(e) : NULL;
    size_t len = s ? strlen(s) : 0;
    if (!s || len > EMAIL_MAX) {
        hk_err_set(&err, HK_EINVAL, "email", !e ? "is required" : !s ? "must be a string" : "must be at most %d bytes",
                   EMAIL_MAX);
        http_error(resp, &err);
        return -1;
    }
    for (size_t i = 0; i <= len; i++)
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    if (!model_is_email(out)) {
        hk_err_set(&err, HK_EINVAL, "email", "must be an email address");
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

/* The invitation as the API shows it; org_name when known. */
static json_t *invitation_json(http_req *req, const store_invitation *v)
{
    json_t *name = json_null();
    organisation o;
    hk_err err;
    if (store_org_get(req->st, v->org_id, &o, &err) == 0) {
        json_decref(name);
        name = json_string(http_org_name(&o));
        organisation_free(&o);
    }
    return json_pack("{s:I, s:I, s:o, s:s, s:b, s:s, s:o, s:o}", "id", (json_int_t)v->id, "org_id",
                     (json_int_t)v->org_id, "org_name", name ? name : json_null(), "email", v->email, "is_admin",
                     v->is_admin, "status", v->status, "created_at", http_time_json(v->created_at), "expires_at",
                     http_time_json(v->expires_at));
}

static void answer_list(http_req *req, http_resp *resp, store_invitation *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, invitation_json(req, &v[i]));
    store_invitations_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "invitations", a));
}

void api_invitation_send(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"email", "is_admin", NULL};
    if (http_org_may(req, resp, AUTH_MEMBERSHIP_MANAGE))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    char email[EMAIL_MAX + 1];
    hk_err err;
    const json_t *adm = json_object_get(body, "is_admin");
    store_invitation v;
    if (body_email(body, email, resp))
        goto done;
    if (adm && !json_is_null(adm) && !json_is_boolean(adm)) {
        hk_err_set(&err, HK_EINVAL, "is_admin", "must be true or false");
        http_error(resp, &err);
        goto done;
    }
    if (store_invitation_send(req->st, req->ids[0], email, json_is_true(adm), req->actor.a.user_id, &v, &err)) {
        http_error(resp, &err);
        goto done;
    }
    /* 201 for every email alike: whether someone is registered with it is
     * not the inviter's to learn. */
    http_header(resp, "Location", "/api/v1/organisations/%lld/invitations/%lld", (long long)req->ids[0],
                (long long)v.id);
    http_json(resp, 201, invitation_json(req, &v));
    store_invitation_free(&v);
done:
    json_decref(body);
}

void api_org_invitations(http_req *req, http_resp *resp)
{
    if (http_org_may(req, resp, AUTH_MEMBERSHIP_MANAGE))
        return;
    store_invitation *v;
    size_t n;
    hk_err err;
    if (store_invitations_of_org(req->st, req->ids[0], &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    answer_list(req, resp, v, n);
}

void api_invitation_revoke(http_req *req, http_resp *resp)
{
    if (http_org_may(req, resp, AUTH_MEMBERSHIP_MANAGE))
        return;
    hk_err err;
    if (store_invitation_revoke(req->st, req->ids[0], req->ids[1], req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 204, NULL);
}

void api_my_invitations(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_INVITATION_ANSWER, NULL))
        return;
    store_invitation *v;
    size_t n;
    hk_err err;
    if (store_invitations_for_email(req->st, req->actor.u.email, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    answer_list(req, resp, v, n);
}

static void answer_invitation(http_req *req, http_resp *resp, bool accept)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_INVITATION_ANSWER, NULL))
        return;
    hk_err err;
    store_invitation v;
    if (store_invitation_answer(req->st, req->ids[0], req->actor.a.user_id, accept, &err) ||
        store_invitation_get(req->st, req->ids[0], &v, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 200, invitation_json(req, &v));
    store_invitation_free(&v);
    http_after_write(req);
}

void api_invitation_accept(http_req *req, http_resp *resp) { answer_invitation(req, resp, true); }
void api_invitation_decline(http_req *req, http_resp *resp) { answer_invitation(req, resp, false); }

/* ---- email checks ---- */

int http_mail_link(http_req *req, int64_t user_id, const char *email, hk_err *err)
{
    char token[AUTH_TOKEN_LEN + 1], hash[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_new(token);
    auth_token_hash(&req->app->key, AUTH_TOKEN_EMAIL, token, hash);
    int rc = store_email_check_start(req->st, user_id, hash, err);
    if (rc)
        return rc;
    char who[320];
    http_log_escape(email, who, sizeof who);
    /* The outbox until hamkor sends mail (docs/security.md). */
    fprintf(req->app->outbox, "hamkor serve: mail to %s: confirm your email address: /verify-email?token=%s\n", who,
            token);
    fflush(req->app->outbox);
    return 0;
}

void api_verify_email(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"token", NULL};
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *token = http_body_string(body, "token", resp);
    hk_err err;
    int64_t user_id = 0;
    if (token) {
        char hash[AUTH_TOKEN_HASH_LEN + 1];
        if (!auth_token_well_formed(token)) {
            hk_err_set(&err, HK_EINVAL, "token", "is not a link hamkor sent");
            http_error(resp, &err);
        } else {
            auth_token_hash(&req->app->key, AUTH_TOKEN_EMAIL, token, hash);
            if (store_email_check_confirm(req->st, hash, &user_id, &err))
                http_error(resp, &err);
            else
                http_json(resp, 200, json_pack("{s:b}", "email_verified", 1));
        }
    }
    json_decref(body);
}

void api_verify_email_resend(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_err err;
    bool verified = false;
    if (store_email_verified(req->st, req->actor.a.user_id, &verified, &err)) {
        http_error(resp, &err);
        return;
    }
    if (verified) {
        hk_err_set(&err, HK_ECONFLICT, "email", "your email address is confirmed already");
        http_error(resp, &err);
        return;
    }
    /* Each link is a mail: the sign-in budget of the address limits them. */
    char addr[INET6_ADDRSTRLEN];
    http_client_addr(req, addr);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t retry = 0;
    if (!auth_rate_take(req->app->login_by_addr, addr, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &retry)) {
        http_problem(resp, 429, "rate_limited", "Too many attempts; wait and try again", NULL);
        http_header(resp, "Retry-After", "%lld", (long long)(retry + 999) / 1000);
        return;
    }
    if (http_mail_link(req, req->actor.a.user_id, req->actor.u.email, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 202, json_pack("{s:b}", "sent", 1));
}
