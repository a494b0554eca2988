/*
 * store_user.c - people (users) and which organisations they belong to
 * (memberships). E-mail addresses are unique; the password hash is stored
 * here but never written to the audit log or exported. An organisation
 * keeps at least one admin once it has one: the store refuses to remove
 * or demote its last admin (store_membership_delete, store_membership_put).
 * The statements are in sql_user.def.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store__user_exists(hk_store *st, int64_t id, const char *field, hk_err *err)
{
    int rc = store__q(st, SQ_USER_EXISTS, ARGS(sv_int(id)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: user %lld does not exist", field, (long long)id);
    return 0;
}

static int email_taken(hk_store *st, const char *email, hk_err *err)
{
    int rc = store__q(st, SQ_USER_EMAIL_TAKEN, ARGS(sv_text(email)), NULL, NULL, err);
    if (rc > 0)
        return hk_err_set(err, HK_ECONFLICT, "email", "email %s is already registered", email);
    return rc;
}

/* Inserts u (its id when it has one, as imports keep ids) and sets *id. */
static int insert_user(hk_store *st, const user *u, int64_t created, int64_t *id, hk_err *err)
{
    int rc = store__int(st, SQ_USER_INSERT,
                        ARGS(sv_int_opt(u->id), sv_text(u->email), sv_text(u->display_name),
                             sv_opt(u->password_hash), sv_text(model_enum_name(ENUM_ROLE, (int)u->role)),
                             sv_opt(u->country), sv_time(created)),
                        id, err);
    if (rc == HK_ECONFLICT && err)
        snprintf(err->field, sizeof err->field, "%s", u->id ? "id" : "email");
    if (rc >= 0 && u->id)
        rc = store__do(st, SQ_USER_SEQ, NOARGS, err);
    return rc < 0 ? rc : 0;
}

int store_user_create(hk_store *st, user *u, hk_err *err)
{
    int rc = user_validate(u, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (u->role == ROLE_COORDINATOR)
        rc = store__country_exists(st, u->country, "country", err);
    if (!rc)
        rc = email_taken(st, u->email, err);
    int64_t created = u->created_at ? u->created_at : store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = insert_user(st, u, created, &id, err);
    }
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", model_enum_name(ENUM_ROLE, (int)u->role));
        rc = store__audit(st, 0, "create", "user", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        u->id = id;
        u->created_at = created;
    }
    return rc;
}

/* Fills the user passed as ctx from r (the columns of SQ_USER_GET); on
 * running out of memory leaves its email NULL. */
static int user_row(const store_row *r, void *ctx)
{
    user *u = ctx;
    memset(u, 0, sizeof *u);
    u->id = row_int(r, 0);
    if (row_dup(r, 1, &u->email) || row_dup(r, 2, &u->display_name) || row_dup(r, 3, &u->password_hash)) {
        user_free(u);
        memset(u, 0, sizeof *u);
        return 1;
    }
    int role = model_enum_parse(ENUM_ROLE, row_text(r, 4));
    u->role = role < 0 ? ROLE_MEMBER : (user_role)role;
    row_fixed(r, 5, u->country, sizeof u->country);
    u->created_at = row_time(r, 6);
    return 1;
}

/* Runs id (one user by key) into *out; HK_ENOTFOUND naming field, saying
 * "no user <what>", when there is none. */
static int get_one(hk_store *st, store_sq id, store_val key, const char *field, const char *what, user *out,
                   hk_err *err)
{
    int rc = store__q(st, id, &key, 1, user_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, field, "no user %s", what);
    return out->email ? 0 : store__oom(err);
}

int store_user_get(hk_store *st, int64_t id, user *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    char what[32];
    snprintf(what, sizeof what, "%lld", (long long)id);
    return get_one(st, SQ_USER_GET, sv_int(id), "id", what, out, err);
}

int store_user_get_by_email(hk_store *st, const char *email, user *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!email || strlen(email) > 254)
        return hk_err_set(err, HK_ENOTFOUND, "email", "no user with that email");
    /* Stored addresses are lower case; a login typed with capitals is
     * the same address. */
    char low[256];
    size_t n = strlen(email);
    for (size_t i = 0; i <= n; i++)
        low[i] = (email[i] >= 'A' && email[i] <= 'Z') ? (char)(email[i] + 32) : email[i];
    return get_one(st, SQ_USER_GET_EMAIL, sv_text(low), "email", "with that email", out, err);
}

int store_user_set_password(hk_store *st, int64_t id, const char *password_hash, hk_err *err)
{
    user probe = {.email = "a@b.cd", .display_name = "x", .password_hash = (char *)password_hash};
    int rc = user_validate(&probe, err); /* reuses the hash rules */
    if (!password_hash)
        rc = hk_err_set(err, HK_EINVAL, "password_hash", "password_hash is required");
    if (rc)
        return rc;
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    rc = store__do(st, SQ_USER_SET_PW, ARGS(sv_int(id), sv_text(password_hash)), err);
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "user %lld does not exist", (long long)id);
    /* The detail says that it changed, never what to. */
    if (!rc)
        rc = store__audit(st, id, "set_password", "user", id, NULL, err);
    return store__tx_leave(st, own, rc, true, err);
}

/* ---- memberships ---- */

typedef struct member_role {
    bool member;       /* the user is a member of the organisation */
    bool admin;        /* ... and one of its admins */
    int64_t admins;    /* the organisation's admins, the user included */
} member_role;

static int role_row(const store_row *r, void *ctx)
{
    member_role *m = ctx;
    m->member = true;
    m->admin = row_bool(r, 0);
    m->admins = row_int(r, 1);
    return 1;
}

/* The last-admin rule, checked inside the caller's write transaction:
 * reads user_id's role in org_id after taking the organisation's lock
 * (PostgreSQL; SQLite has one writer), so that no other writer changes
 * the organisation's admins between this check and the caller's write.
 * HK_ENOTFOUND when the user is not a member and must be (must_be_member),
 * HK_ECONFLICT when the user is its only admin. */
static int check_last_admin(hk_store *st, int64_t user_id, int64_t org_id, bool must_be_member, hk_err *err)
{
    member_role m = {0};
    int rc = store__do(st, SQ_MEMBER_LOCK_ORG, ARGS(sv_int(org_id)), err);
    if (!rc)
        rc = store__q(st, SQ_MEMBER_ROLE, ARGS(sv_int(org_id), sv_int(user_id)), role_row, &m, err);
    if (rc < 0)
        return rc;
    if (!m.member && must_be_member)
        return hk_err_set(err, HK_ENOTFOUND, "id", "user %lld is not a member of organisation %lld",
                          (long long)user_id, (long long)org_id);
    if (m.admin && m.admins <= 1)
        return hk_err_set(err, HK_ECONFLICT, "id",
                          "this is the organisation's last admin; make another member admin first");
    return 0;
}

/* Adds or changes a membership. Making someone admin can never leave an
 * organisation without one, so only a non-admin membership (possibly a
 * demotion) is checked against the last-admin rule. */
int store_membership_put(hk_store *st, const membership *m, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    if (!(rc = store__user_exists(st, m->user_id, "user_id", err)))
        rc = store__org_exists(st, m->org_id, "org_id", err);
    if (!rc && !m->is_admin)
        rc = check_last_admin(st, m->user_id, m->org_id, false, err);
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_MEMBER_PUT, ARGS(sv_int(m->user_id), sv_int(m->org_id), sv_bool(m->is_admin)), err);
    }
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"user_id\":%lld,\"is_admin\":%s}", (long long)m->user_id,
                 m->is_admin ? "true" : "false");
        rc = store__audit(st, actor_id, "add_member", "organisation", m->org_id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_membership_delete(hk_store *st, int64_t user_id, int64_t org_id, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = check_last_admin(st, user_id, org_id, true, err);
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_MEMBER_DEL, ARGS(sv_int(user_id), sv_int(org_id)), err);
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"user_id\":%lld}", (long long)user_id);
        rc = store__audit(st, actor_id, "remove_member", "organisation", org_id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

static int read_membership(const store_row *r, void *rec, void *ctx)
{
    *(membership *)rec = (membership){.user_id = *(const int64_t *)ctx, .org_id = row_int(r, 0),
                                      .is_admin = row_bool(r, 1)};
    return 0;
}

int store_memberships_of_user(hk_store *st, int64_t user_id, membership **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(membership), .read = read_membership, .ctx = &user_id};
    int rc = store__q_list(st, SQ_MEMBER_OF_USER, ARGS(sv_int(user_id)), &l, err);
    if (rc) {
        free(l.v);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}
