/*
 * store_invite.c - how people join organisations (issue 17, finding 1):
 * invitations an organisation's admin sends to an email and the person
 * who owns that email accepts or declines, the email checks that prove
 * ownership, and the caps that keep one account from being drowned in
 * memberships or from flooding the directory with organisations.
 *
 * Before this, an admin added any registered email as a member at once:
 * anyone could be made a member of anything without consent, could not
 * leave, and 65 such memberships broke their inbox; the answer also told
 * whether an email was registered. Now:
 *  - an invitation names an email, not a user, so sending one says
 *    nothing about who is registered; it lasts STORE_INVITE_DAYS and a
 *    second one to the same email renews the first;
 *  - only a user signed in with that email, and whose email is verified
 *    (store_email_verified), may accept; accepting makes the membership
 *    in the same transaction, within STORE_MEMBERSHIPS_PER_USER;
 *  - a user who registered through the API has an email check until they
 *    follow the link sent to them; one the operator made has none.
 * Statements in sql_invite.def.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_CHECK_VALID_S (3 * 24 * 3600) /* a verification link works three days */

void store_invitation_free(store_invitation *v)
{
    if (!v)
        return;
    free(v->email);
    v->email = NULL;
}

void store_invitations_free(store_invitation *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_invitation_free(&v[i]);
    free(v);
}

static int read_invitation(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    store_invitation *v = rec;
    v->id = row_int(r, 0);
    v->org_id = row_int(r, 1);
    v->is_admin = row_bool(r, 3);
    v->invited_by = row_int(r, 4);
    row_fixed(r, 5, v->status, sizeof v->status);
    v->created_at = row_time(r, 6);
    v->expires_at = row_time(r, 7);
    v->decided_at = row_null(r, 8) ? 0 : row_time(r, 8);
    return row_dup(r, 2, &v->email) ? HK_ENOMEM : 0;
}

static int one_invitation(const store_row *r, void *ctx)
{
    read_invitation(r, ctx, NULL); /* out of memory leaves email NULL */
    return 1;
}

int store_invitation_get(hk_store *st, int64_t id, store_invitation *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_INV_GET, ARGS(sv_int(id)), one_invitation, out, err);
    if (rc > 0 && !out->email)
        rc = store__oom(err);
    if (rc < 0) {
        store_invitation_free(out);
        return rc;
    }
    return rc ? 0 : hk_err_set(err, HK_ENOTFOUND, "id", "no such invitation");
}

static int list_of(hk_store *st, store_sq q, store_val key, store_invitation **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    store_list l = {.size = sizeof(store_invitation), .read = read_invitation};
    int rc = store__q_list(st, q, ARGS(key, sv_time(store__now())), &l, err);
    if (rc) {
        store_invitations_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

int store_invitations_of_org(hk_store *st, int64_t org_id, store_invitation **out, size_t *n, hk_err *err)
{
    return list_of(st, SQ_INV_OF_ORG, sv_int(org_id), out, n, err);
}

int store_invitations_for_email(hk_store *st, const char *email, store_invitation **out, size_t *n, hk_err *err)
{
    return list_of(st, SQ_INV_FOR_EMAIL, sv_text(email), out, n, err);
}

int store_invitation_send(hk_store *st, int64_t org_id, const char *email, bool is_admin, int64_t actor_id,
                          store_invitation *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!email || !model_is_email(email))
        return hk_err_set(err, HK_EINVAL, "email", "must be an email address");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__org_exists(st, org_id, "org_id", err);
    int64_t now = store__now(), expires = now + (int64_t)STORE_INVITE_DAYS * 86400, id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_INV_RENEW,
                        ARGS(sv_int(org_id), sv_text(email), sv_bool(is_admin), sv_int(actor_id), sv_time(now),
                             sv_time(expires)),
                        &id, err);
        if (rc == 0)
            rc = store__int(st, SQ_INV_INSERT,
                            ARGS(sv_int(org_id), sv_text(email), sv_bool(is_admin), sv_int(actor_id), sv_time(now),
                                 sv_time(expires)),
                            &id, err);
        rc = rc > 0 ? 0 : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving an invitation returned no id") : rc;
    }
    if (!rc) {
        /* The email is the invitee's: the audit entry names the
         * organisation and the rights offered, not whom. */
        char detail[64];
        snprintf(detail, sizeof detail, "{\"org_id\":%lld,\"is_admin\":%s}", (long long)org_id,
                 is_admin ? "true" : "false");
        rc = store__audit(st, actor_id, "invite", "invitation", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc)
        rc = store_invitation_get(st, id, out, err);
    return rc;
}

/* HK_ETOOBIG when user_id is a member of STORE_MEMBERSHIPS_PER_USER
 * organisations already (their row locked first on PostgreSQL). */
static int membership_room(hk_store *st, int64_t user_id, hk_err *err)
{
    int64_t n = 0;
    int rc = store__do(st, SQ_INV_LOCK_USER, ARGS(sv_int(user_id)), err);
    if (!rc)
        rc = store__int(st, SQ_INV_COUNT_MEMBERSHIPS, ARGS(sv_int(user_id)), &n, err);
    if (rc < 0)
        return rc;
    if (n >= STORE_MEMBERSHIPS_PER_USER)
        return hk_err_set(err, HK_ETOOBIG, "memberships",
                          "you are a member of %d organisations, the most one account may be; leave one first",
                          STORE_MEMBERSHIPS_PER_USER);
    return 0;
}

int store_invitation_answer(hk_store *st, int64_t id, int64_t user_id, bool accept, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    store_invitation inv = {0};
    user u = {0};
    bool verified = false;
    if (!(rc = store__do(st, SQ_INV_LOCK, ARGS(sv_int(id)), err)) && !(rc = store_invitation_get(st, id, &inv, err)) &&
        !(rc = store_user_get(st, user_id, &u, err))) {
        /* Someone else's invitation does not exist, for this user. */
        if (strcmp(u.email, inv.email) != 0)
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "no such invitation");
        else if (strcmp(inv.status, "pending") != 0)
            rc = hk_err_set(err, HK_ECONFLICT, "id", "this invitation was %s already", inv.status);
        else if (inv.expires_at <= store__now())
            rc = hk_err_set(err, HK_ECONFLICT, "id", "this invitation has expired; ask for a new one");
        else if (accept && !(rc = store_email_verified(st, user_id, &verified, err)) && !verified)
            rc = hk_err_set(err, HK_EFORBIDDEN, "email",
                            "confirm your email address first (follow the link sent to it)");
    }
    /* One who is a member already keeps the rights they have: an
     * invitation never demotes (nor, silently, promotes). */
    bool member = false;
    if (!rc && accept) {
        rc = store__q(st, SQ_EOI_MEMBER, ARGS(sv_int(user_id), sv_int(inv.org_id)), NULL, NULL, err);
        member = rc > 0;
        rc = rc < 0 ? rc : 0;
    }
    if (!rc && accept && !member)
        rc = membership_room(st, user_id, err);
    if (!rc && accept && !member) {
        wrote = true;
        membership m = {.user_id = user_id, .org_id = inv.org_id, .is_admin = inv.is_admin};
        rc = store_membership_put(st, &m, user_id, err);
    }
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_INV_SET_STATUS,
                       ARGS(sv_int(id), sv_text(accept ? "accepted" : "declined"), sv_time(store__now())), err);
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "id", "this invitation was answered already");
    }
    if (!rc)
        rc = store__audit(st, user_id, accept ? "accept" : "decline", "invitation", id, NULL, err);
    store_invitation_free(&inv);
    user_free(&u);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_invitation_revoke(hk_store *st, int64_t org_id, int64_t id, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    store_invitation inv = {0};
    if (!(rc = store__do(st, SQ_INV_LOCK, ARGS(sv_int(id)), err)) && !(rc = store_invitation_get(st, id, &inv, err))) {
        if (inv.org_id != org_id)
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "no such invitation");
        else if (strcmp(inv.status, "pending") != 0)
            rc = hk_err_set(err, HK_ECONFLICT, "id", "this invitation was %s already", inv.status);
    }
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_INV_SET_STATUS, ARGS(sv_int(id), sv_text("revoked"), sv_time(store__now())), err);
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "id", "this invitation was answered already");
    }
    if (!rc)
        rc = store__audit(st, actor_id, "revoke", "invitation", id, NULL, err);
    store_invitation_free(&inv);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store__org_create_room(hk_store *st, int64_t actor_id, hk_err *err)
{
    if (actor_id <= 0)
        return 0; /* imports, the demo, the operator's tools */
    /* The user's row is locked first (PostgreSQL), so that creations at
     * once are counted one after the other. */
    int64_t n = 0;
    int rc = store__do(st, SQ_INV_LOCK_USER, ARGS(sv_int(actor_id)), err);
    if (!rc)
        rc = store__int(st, SQ_INV_ORGS_CREATED, ARGS(sv_int(actor_id), sv_time(store__now() - 86400)), &n, err);
    if (rc < 0)
        return rc;
    if (n >= STORE_ORGS_PER_USER_DAY)
        return hk_err_set(err, HK_ETOOBIG, "organisations",
                          "one account may create at most %d organisations a day; try again tomorrow",
                          STORE_ORGS_PER_USER_DAY);
    return 0;
}

/* ---- email checks ---- */

int store_email_check_start(hk_store *st, int64_t user_id, const char *token_hash, hk_err *err)
{
    if (!token_hash || strlen(token_hash) != STORE_HASH_LEN)
        return hk_err_set(err, HK_EINVAL, "token_hash", "token_hash: a keyed hash of %d characters", STORE_HASH_LEN);
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__user_exists(st, user_id, "user_id", err);
    if (!rc)
        rc = store__do(st, SQ_EMAIL_CHECK_PUT, ARGS(sv_int(user_id), sv_text(token_hash), sv_time(store__now())), err);
    return store__tx_leave(st, own, rc, true, err);
}

int store_email_check_confirm(hk_store *st, const char *token_hash, int64_t *user_id, hk_err *err)
{
    *user_id = 0;
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    int64_t now = store__now();
    rc = store__int(st, SQ_EMAIL_CHECK_CONFIRM,
                    ARGS(sv_text(token_hash), sv_time(now - EMAIL_CHECK_VALID_S), sv_time(now)), user_id, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "token",
                        "this link is not valid, was used already or has expired; ask for a new one");
    else if (rc > 0)
        rc = store__audit(st, *user_id, "verify_email", "user", *user_id, NULL, err);
    return store__tx_leave(st, own, rc, true, err);
}

int store_email_verified(hk_store *st, int64_t user_id, bool *verified, hk_err *err)
{
    int rc = store__q(st, SQ_EMAIL_UNVERIFIED, ARGS(sv_int(user_id)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    *verified = rc == 0;
    return 0;
}
