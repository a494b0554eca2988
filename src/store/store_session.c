/*
 * store_session.c - the rows behind signing in (migration 3): browser
 * sessions and API tokens. The store never sees a secret: src/auth/
 * makes session ids, CSRF tokens and API tokens and hands the store their
 * keyed hashes (auth_token_hash, 64 lower-case hex characters), by which a
 * session is found; an API token is found by the public key id it carries
 * and checked against its hash by src/auth/. See docs/security.md for the
 * life cycle (30 days, 7 idle, one session per sign-in).
 *
 * Sessions are not audited: one is made at every sign-in and touched at
 * most once a minute, and the audit log is for changes to records. API
 * tokens are credentials a user manages, so their creation and revocation
 * are audited (never with the hash).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESS_COLS "id, user_id, csrf_hash, created_at, last_seen_at"
#define TOKEN_COLS "id, key_id, hash, user_id, name, created_at, last_used_at, expires_at, revoked_at"
#define KEY_ID_LEN 16

static bool is_lower_hex(const char *s, size_t len)
{
    if (!s || strlen(s) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static int check_hash(const char *field, const char *v, hk_err *err)
{
    if (is_lower_hex(v, STORE_HASH_LEN))
        return 0;
    return hk_err_set(err, HK_EINVAL, field, "%s: %d lower-case hexadecimal characters (a keyed hash)", field,
                      STORE_HASH_LEN);
}

/* Runs a DELETE or UPDATE prepared from sql with up to three integer
 * parameters, as one write; *changed (may be NULL) counts the rows. */
static int write3(hk_store *st, const char *sql, int n, int64_t a, int64_t b, int64_t c, size_t *changed,
                  const char *what, hk_err *err)
{
    if (changed)
        *changed = 0;
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        rc = store__sqlerr(st, what, err);
    } else {
        int64_t v[3] = {a, b, c};
        for (int i = 0; i < n; i++)
            sqlite3_bind_int64(s, i + 1, v[i]);
        wrote = true;
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, what, err);
        sqlite3_finalize(s);
        if (!rc && changed)
            *changed = (size_t)sqlite3_changes(st->db);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- sessions ---- */

int store_session_create(hk_store *st, const char *hash, const char *csrf_hash, int64_t user_id, int64_t *id_out,
                         hk_err *err)
{
    if (id_out)
        *id_out = 0;
    int rc;
    if ((rc = check_hash("hash", hash, err)) || (rc = check_hash("csrf_hash", csrf_hash, err)))
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    rc = store__user_exists(st, user_id, "user_id", err);
    sqlite3_stmt *s = NULL;
    if (!rc && sqlite3_prepare_v2(st->db,
                                  "INSERT INTO sessions(hash, csrf_hash, user_id, created_at, last_seen_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?4)",
                                  -1, &s, NULL) != SQLITE_OK)
        rc = store__sqlerr(st, "saving a session", err);
    int64_t id = 0;
    if (!rc) {
        sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, csrf_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, user_id);
        sqlite3_bind_int64(s, 4, store__now());
        wrote = true;
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "saving a session", err);
        /* Two equal hashes of fresh 256-bit random ids do not happen; if
         * one does, the caller makes a new id. */
        if (rc == HK_ECONFLICT && err)
            snprintf(err->field, sizeof err->field, "hash");
        id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    }
    sqlite3_finalize(s);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

int store_session_get(hk_store *st, const char *hash, store_session *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    /* A malformed hash cannot be stored, so it is simply not found: the
     * caller answers 401 either way. */
    if (!is_lower_hex(hash, STORE_HASH_LEN))
        return hk_err_set(err, HK_ENOTFOUND, "hash", "no such session");
    sqlite3_stmt *s = store__stmt(st, SQ_SESS_GET, "SELECT " SESS_COLS " FROM sessions WHERE hash = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->user_id = sqlite3_column_int64(s, 1);
        store__col_fixed(s, 2, out->csrf_hash, sizeof out->csrf_hash);
        out->created_at = sqlite3_column_int64(s, 3);
        out->last_seen_at = sqlite3_column_int64(s, 4);
    } else if (r == SQLITE_DONE) {
        rc = hk_err_set(err, HK_ENOTFOUND, "hash", "no such session");
    } else {
        rc = store__sqlerr(st, "reading a session", err);
    }
    sqlite3_reset(s);
    return rc;
}

/* Runs the cached UPDATE slot/sql that sets the last-use time (?2) of
 * row id (?1) of a session or token, as one write (what names it in a
 * database error); HK_ENOTFOUND naming "id" when there is no such row
 * (noun says what it is). */
static int touch(hk_store *st, store_sq slot, const char *sql, int64_t id, int64_t now, const char *what,
                 const char *noun, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    sqlite3_stmt *s = store__stmt(st, slot, sql, err);
    if (!s) {
        rc = store__stmt_failed(err);
    } else {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, now);
        wrote = true;
        rc = store__run(st, s, what, err);
        if (!rc && sqlite3_changes(st->db) == 0) {
            wrote = false;
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "%s %lld does not exist", noun, (long long)id);
        }
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_session_touch(hk_store *st, int64_t id, int64_t now, hk_err *err)
{
    return touch(st, SQ_SESS_TOUCH, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", id, now,
                 "touching a session", "session", err);
}

int store_session_delete(hk_store *st, int64_t id, hk_err *err)
{
    return write3(st, "DELETE FROM sessions WHERE id = ?1", 1, id, 0, 0, NULL, "deleting a session", err);
}

int store_sessions_delete_for_user(hk_store *st, int64_t user_id, int64_t except_id, size_t *deleted, hk_err *err)
{
    return write3(st, "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2", 2, user_id, except_id, 0, deleted,
                  "deleting sessions", err);
}

int store_sessions_expire(hk_store *st, int64_t created_before, int64_t seen_before, size_t *deleted, hk_err *err)
{
    return write3(st, "DELETE FROM sessions WHERE created_at < ?1 OR last_seen_at < ?2", 2, created_before,
                  seen_before, 0, deleted, "expiring sessions", err);
}

/* ---- API tokens ---- */

void store_api_token_free(store_api_token *t)
{
    if (!t)
        return;
    free(t->name);
    t->name = NULL;
}

void store_api_tokens_free(store_api_token *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_api_token_free(&v[i]);
    free(v);
}

static int token_validate(const store_api_token *t, hk_err *err)
{
    int rc = model_check_text("name", t->name, STORE_TOKEN_NAME_MAX, true, err);
    if (rc)
        return rc;
    if (!is_lower_hex(t->key_id, KEY_ID_LEN))
        return hk_err_set(err, HK_EINVAL, "key_id", "key_id: %d lower-case hexadecimal characters", KEY_ID_LEN);
    if ((rc = check_hash("hash", t->hash, err)))
        return rc;
    if (t->user_id <= 0)
        return hk_err_set(err, HK_EINVAL, "user_id", "user_id: a token belongs to a user");
    if (t->expires_at < 0)
        return hk_err_set(err, HK_EINVAL, "expires_at", "expires_at: unix seconds, or 0 for never");
    return 0;
}

/* Fills t from the current row (TOKEN_COLS); HK_ENOMEM on failure. */
static int read_token(sqlite3_stmt *s, store_api_token *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    store__col_fixed(s, 1, t->key_id, sizeof t->key_id);
    store__col_fixed(s, 2, t->hash, sizeof t->hash);
    t->user_id = sqlite3_column_int64(s, 3);
    t->created_at = sqlite3_column_int64(s, 5);
    t->last_used_at = sqlite3_column_int64(s, 6); /* NULL reads as 0 */
    t->expires_at = sqlite3_column_int64(s, 7);
    t->revoked_at = sqlite3_column_int64(s, 8);
    return store__col_dup(s, 4, &t->name) ? HK_ENOMEM : 0;
}

static int count_live_tokens(hk_store *st, int64_t user_id, int64_t *n, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM api_tokens WHERE user_id = ?1 AND revoked_at IS NULL", -1,
                           &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "counting API tokens", err);
    sqlite3_bind_int64(s, 1, user_id);
    int rc = 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    else
        rc = store__sqlerr(st, "counting API tokens", err);
    sqlite3_finalize(s);
    return rc;
}

int store_api_token_create(hk_store *st, store_api_token *t, hk_err *err)
{
    int rc = token_validate(t, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t live = 0;
    if (!(rc = store__user_exists(st, t->user_id, "user_id", err)) && !(rc = count_live_tokens(st, t->user_id, &live, err)) &&
        live >= STORE_TOKENS_PER_USER)
        rc = hk_err_set(err, HK_ETOOBIG, "user_id", "a user keeps at most %d API tokens; revoke one first",
                        STORE_TOKENS_PER_USER);
    sqlite3_stmt *s = NULL;
    if (!rc && sqlite3_prepare_v2(st->db,
                                  "INSERT INTO api_tokens(key_id, hash, user_id, name, created_at, expires_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  -1, &s, NULL) != SQLITE_OK)
        rc = store__sqlerr(st, "saving an API token", err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        sqlite3_bind_text(s, 1, t->key_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, t->hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, t->user_id);
        sqlite3_bind_text(s, 4, t->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, now);
        if (t->expires_at > 0)
            sqlite3_bind_int64(s, 6, t->expires_at);
        else
            sqlite3_bind_null(s, 6);
        wrote = true;
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "saving an API token", err);
        if (rc == HK_ECONFLICT) {
            /* Nothing was written: the outer transaction stays usable. */
            wrote = false;
            rc = hk_err_set(err, HK_ECONFLICT, "key_id", "key_id: another token has this key id; make a new token");
        }
        id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    }
    sqlite3_finalize(s);
    if (!rc) {
        /* The public key id identifies the token in the log; never the hash. */
        char detail[64];
        snprintf(detail, sizeof detail, "{\"key_id\":\"%s\"}", t->key_id);
        rc = store__audit(st, t->user_id, "create", "api_token", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        t->id = id;
        t->created_at = now;
        t->last_used_at = 0;
        t->revoked_at = 0;
    }
    return rc;
}

/* Reads the one token s (bound) returns. */
static int get_token(hk_store *st, sqlite3_stmt *s, store_api_token *out, hk_err *err)
{
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW)
        rc = read_token(s, out) ? hk_err_set(err, HK_ENOMEM, "", "out of memory") : 0;
    else if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "no such API token");
    else
        rc = store__sqlerr(st, "reading an API token", err);
    sqlite3_reset(s);
    if (rc)
        store_api_token_free(out);
    return rc;
}

int store_api_token_get(hk_store *st, int64_t id, store_api_token *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store__stmt(st, SQ_TOKEN_GET, "SELECT " TOKEN_COLS " FROM api_tokens WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    return get_token(st, s, out, err);
}

int store_api_token_get_by_key(hk_store *st, const char *key_id, store_api_token *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!is_lower_hex(key_id, KEY_ID_LEN))
        return hk_err_set(err, HK_ENOTFOUND, "key_id", "no such API token");
    sqlite3_stmt *s =
        store__stmt(st, SQ_TOKEN_GET_KEY, "SELECT " TOKEN_COLS " FROM api_tokens WHERE key_id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_text(s, 1, key_id, -1, SQLITE_STATIC);
    int rc = get_token(st, s, out, err);
    if (rc == HK_ENOTFOUND && err)
        snprintf(err->field, sizeof err->field, "key_id");
    return rc;
}

int store_api_tokens_of_user(hk_store *st, int64_t user_id, store_api_token **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC", -1,
                           &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading API tokens", err);
    sqlite3_bind_int64(s, 1, user_id);
    size_t cap = 0;
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            store_api_token *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
                break;
            }
            *out = p;
        }
        if (read_token(s, &(*out)[*n])) {
            store_api_token_free(&(*out)[*n]);
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        (*n)++;
    }
    if (!rc && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading API tokens", err);
    sqlite3_finalize(s);
    if (rc) {
        store_api_tokens_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int store_api_token_revoke(hk_store *st, int64_t id, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    store_api_token cur;
    if ((rc = store_api_token_get(st, id, &cur, err)))
        return store__tx_leave(st, own, rc, false, err);
    bool first = cur.revoked_at == 0;
    char detail[64];
    snprintf(detail, sizeof detail, "{\"user_id\":%lld}", (long long)cur.user_id);
    store_api_token_free(&cur);
    /* Revoking twice is not an error, and the first time is what counts
     * (and what the audit log says). */
    if (first) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(st->db, "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                               -1, &s, NULL) != SQLITE_OK) {
            rc = store__sqlerr(st, "revoking an API token", err);
        } else {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, store__now());
            wrote = true;
            rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store__sqlerr(st, "revoking an API token", err);
            sqlite3_finalize(s);
        }
        if (!rc)
            rc = store__audit(st, actor_id, "revoke", "api_token", id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_api_token_touch(hk_store *st, int64_t id, int64_t now, hk_err *err)
{
    return touch(st, SQ_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", id, now,
                 "touching an API token", "API token", err);
}
