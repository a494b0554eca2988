/*
 * store_user_admin.c - the operator's changes to accounts, made from the
 * command line (`hamkor user list|disable|enable|role`): listing every
 * user, changing a role, and disabling or enabling an account. Creating
 * users and memberships is store_user.c; sessions and API tokens are
 * store_session.c, whose deletions a disable calls in its transaction.
 * The statements are in sql_user.def.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct each_ctx {
    int (*fn)(const user *u, void *ctx);
    void *ctx;
    int stopped;               /* fn's non-zero answer */
    bool oom;
} each_ctx;

static int each_row(const store_row *r, void *ctx)
{
    each_ctx *e = ctx;
    user u;
    memset(&u, 0, sizeof u);
    u.id = row_int(r, 0);
    if (row_dup(r, 1, &u.email) || row_dup(r, 2, &u.display_name) || row_dup(r, 3, &u.password_hash)) {
        user_free(&u);
        e->oom = true;
        return 1;
    }
    int role = model_enum_parse(ENUM_ROLE, row_text(r, 4));
    u.role = role < 0 ? ROLE_MEMBER : (user_role)role;
    row_fixed(r, 5, u.country, sizeof u.country);
    u.created_at = row_time(r, 6);
    e->stopped = e->fn(&u, e->ctx);
    user_free(&u);
    return e->stopped != 0;
}

int store_user_each(hk_store *st, int (*fn)(const user *u, void *ctx), void *ctx, hk_err *err)
{
    each_ctx e = {.fn = fn, .ctx = ctx};
    int rc = store__q(st, SQ_USER_EACH, NOARGS, each_row, &e, err);
    if (rc < 0)
        return rc;
    return e.oom ? store__oom(err) : 0;
}

bool store_user_disabled(const user *u)
{
    return u->password_hash && u->password_hash[0] == '!';
}

int store_user_set_role(hk_store *st, int64_t id, user_role role, const char *state, int64_t actor_id,
                        hk_err *err)
{
    /* The rules of a new user's role and state, on a probe. */
    user probe = {.email = "a@b.cd", .display_name = "x", .role = role};
    snprintf(probe.country, sizeof probe.country, "%s", state ? state : "");
    if (state && strlen(state) >= sizeof probe.country)
        return hk_err_set(err, HK_EINVAL, "country", "country is a two-letter ISO code");
    int rc = user_validate(&probe, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (role == ROLE_COORDINATOR)
        rc = store__country_exists(st, probe.country, "country", err);
    const char *role_name = model_enum_name(ENUM_ROLE, (int)role);
    if (!rc)
        rc = store__do(st, SQ_USER_SET_ROLE, ARGS(sv_int(id), sv_text(role_name), sv_opt(probe.country)), err);
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "user %lld does not exist", (long long)id);
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"role\":\"%s\",\"country\":\"%s\"}", role_name, probe.country);
        rc = store__audit(st, actor_id, "set_role", "user", id, detail, err);
    }
    return store__tx_leave(st, own, rc, true, err);
}

int store_user_set_disabled(hk_store *st, int64_t id, bool disabled, int64_t actor_id, bool *changed, hk_err *err)
{
    if (changed)
        *changed = false;
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__user_exists(st, id, "id", err);
    if (rc == HK_EINVAL)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "user %lld does not exist", (long long)id);
    if (!rc)
        rc = store__do(st, disabled ? SQ_USER_DISABLE : SQ_USER_ENABLE, ARGS(sv_int(id)), err);
    bool did = !rc && st->changed > 0;
    /* Signed out everywhere, and no API token left to act for it. */
    if (!rc && disabled)
        rc = store_sessions_delete_for_user(st, id, 0, NULL, err);
    if (!rc && disabled)
        rc = store_api_tokens_revoke_for_user(st, id, actor_id, NULL, err);
    if (!rc && did)
        rc = store__audit(st, actor_id, disabled ? "disable" : "enable", "user", id, NULL, err);
    rc = store__tx_leave(st, own, rc, true, err);
    if (!rc && changed)
        *changed = did;
    return rc;
}
