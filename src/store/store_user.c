/*
 * store_user.c - people (users) and which organisations they belong to
 * (memberships). E-mail addresses are unique; the password hash is stored
 * here but never written to the audit log or exported.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_COLS "id, email, display_name, password_hash, role, country, created_at"

int store__user_exists(hk_store *st, int64_t id, const char *field, hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, SQ_USER_EXISTS, "SELECT 1 FROM users WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r == SQLITE_ROW)
        return 0;
    if (r != SQLITE_DONE)
        return store__sqlerr(st, "looking up a user", err);
    return hk_err_set(err, HK_EINVAL, field, "%s: user %lld does not exist", field, (long long)id);
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
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_USER_EMAIL_TAKEN, "SELECT 1 FROM users WHERE email = ?1", err);
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_text(s, 1, u->email, -1, SQLITE_STATIC);
            int r = sqlite3_step(s);
            sqlite3_reset(s);
            if (r == SQLITE_ROW)
                rc = hk_err_set(err, HK_ECONFLICT, "email", "email %s is already registered", u->email);
            else if (r != SQLITE_DONE)
                rc = store__sqlerr(st, "looking up an email", err);
        }
    }
    int64_t now = store__now(), created = u->created_at ? u->created_at : now;
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_USER_INSERT,
                                      "INSERT INTO users(" USER_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            if (u->id)
                sqlite3_bind_int64(s, 1, u->id);
            else
                sqlite3_bind_null(s, 1);
            sqlite3_bind_text(s, 2, u->email, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, u->display_name, -1, SQLITE_STATIC);
            store__bind_text(s, 4, u->password_hash);
            sqlite3_bind_text(s, 5, model_enum_name(ENUM_ROLE, (int)u->role), -1, SQLITE_STATIC);
            store__bind_text(s, 6, u->country);
            sqlite3_bind_int64(s, 7, created);
            rc = store__run(st, s, "saving a user", err);
            if (rc == HK_ECONFLICT && err)
                snprintf(err->field, sizeof err->field, "%s", u->id ? "id" : "email");
        }
    }
    int64_t id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
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

static int read_user(sqlite3_stmt *s, user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(s, 0);
    if (store__col_dup(s, 1, &u->email) || store__col_dup(s, 2, &u->display_name) ||
        store__col_dup(s, 3, &u->password_hash))
        return HK_ENOMEM;
    int r = model_enum_parse(ENUM_ROLE, (const char *)sqlite3_column_text(s, 4));
    u->role = r < 0 ? ROLE_MEMBER : (user_role)r;
    store__col_fixed(s, 5, u->country, sizeof u->country);
    u->created_at = sqlite3_column_int64(s, 6);
    return 0;
}

static int get_one(hk_store *st, sqlite3_stmt *s, const char *what, user *out, hk_err *err)
{
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        if (read_user(s, out))
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = hk_err_set(err, HK_ENOTFOUND, "", "no user %s", what);
    } else {
        rc = store__sqlerr(st, "reading a user", err);
    }
    sqlite3_reset(s);
    if (rc)
        user_free(out);
    return rc;
}

int store_user_get(hk_store *st, int64_t id, user *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store__stmt(st, SQ_USER_GET, "SELECT " USER_COLS " FROM users WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    char what[32];
    snprintf(what, sizeof what, "%lld", (long long)id);
    int rc = get_one(st, s, what, out, err);
    if (rc == HK_ENOTFOUND && err)
        snprintf(err->field, sizeof err->field, "id");
    return rc;
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
    sqlite3_stmt *s = store__stmt(st, SQ_USER_GET_EMAIL, "SELECT " USER_COLS " FROM users WHERE email = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_text(s, 1, low, -1, SQLITE_STATIC);
    int rc = get_one(st, s, "with that email", out, err);
    if (rc == HK_ENOTFOUND && err)
        snprintf(err->field, sizeof err->field, "email");
    return rc;
}

int store_user_set_password(hk_store *st, int64_t id, const char *password_hash, hk_err *err)
{
    user probe = {.email = "a@b.cd", .display_name = "x", .password_hash = (char *)password_hash};
    int rc = user_validate(&probe, err); /* reuses the hash rules */
    if (!password_hash)
        rc = hk_err_set(err, HK_EINVAL, "password_hash", "password_hash is required");
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    sqlite3_stmt *s = store__stmt(st, SQ_USER_SET_PW, "UPDATE users SET password_hash = ?2 WHERE id = ?1", err);
    if (!s) {
        rc = store__stmt_failed(err);
    } else {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, password_hash, -1, SQLITE_STATIC);
        wrote = true;
        rc = store__run(st, s, "setting a password", err);
        if (!rc && sqlite3_changes(st->db) == 0)
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "user %lld does not exist", (long long)id);
    }
    /* The detail says that it changed, never what to. */
    if (!rc)
        rc = store__audit(st, id, "set_password", "user", id, NULL, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_membership_put(hk_store *st, const membership *m, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    if (!(rc = store__user_exists(st, m->user_id, "user_id", err)))
        rc = store__org_exists(st, m->org_id, "org_id", err);
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_MEMBER_PUT,
                                      "INSERT INTO memberships(user_id, org_id, is_admin) VALUES (?1, ?2, ?3) "
                                      "ON CONFLICT(user_id, org_id) DO UPDATE SET is_admin = excluded.is_admin",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, m->user_id);
            sqlite3_bind_int64(s, 2, m->org_id);
            sqlite3_bind_int(s, 3, m->is_admin);
            rc = store__run(st, s, "saving a membership", err);
        }
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
    sqlite3_stmt *s =
        store__stmt(st, SQ_MEMBER_DEL, "DELETE FROM memberships WHERE user_id = ?1 AND org_id = ?2", err);
    if (!s) {
        rc = store__stmt_failed(err);
    } else {
        sqlite3_bind_int64(s, 1, user_id);
        sqlite3_bind_int64(s, 2, org_id);
        wrote = true;
        rc = store__run(st, s, "removing a membership", err);
        if (!rc && sqlite3_changes(st->db) == 0)
            rc = hk_err_set(err, HK_ENOTFOUND, "user_id", "user %lld is not a member of organisation %lld",
                            (long long)user_id, (long long)org_id);
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"user_id\":%lld}", (long long)user_id);
        rc = store__audit(st, actor_id, "remove_member", "organisation", org_id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_memberships_of_user(hk_store *st, int64_t user_id, membership **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = store__stmt(st, SQ_MEMBER_OF_USER,
                                  "SELECT org_id, is_admin FROM memberships WHERE user_id = ?1 ORDER BY org_id", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, user_id);
    int r, rc = 0;
    size_t cap = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            membership *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
                break;
            }
            *out = p;
        }
        (*out)[*n] = (membership){.user_id = user_id,
                                  .org_id = sqlite3_column_int64(s, 0),
                                  .is_admin = sqlite3_column_int(s, 1) != 0};
        (*n)++;
    }
    if (!rc && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading memberships", err);
    sqlite3_reset(s);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
