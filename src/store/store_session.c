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
 *
 * The statements are in sql_session.def.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Runs the DELETE id with parameters p[0..n) as one write; *changed
 * (may be NULL) counts the rows. */
static int delete_rows(hk_store *st, store_sq id, const store_val *p, int n, size_t *changed, hk_err *err)
{
    if (changed)
        *changed = 0;
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, id, p, n, err);
    if (!rc && changed)
        *changed = (size_t)st->changed;
    return store__tx_leave(st, own, rc, true, err);
}

/* Runs the UPDATE id that sets the last-use time (?2) of row ?1 of a
 * session or token, as one write; HK_ENOTFOUND naming "id" when there is
 * no such row (noun says what it is). */
static int touch(hk_store *st, store_sq id, int64_t row_id, int64_t now, const char *noun, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, id, ARGS(sv_int(row_id), sv_time(now)), err);
    /* A row not found is a refusal, not a failed write. */
    bool wrote = rc != 0 || st->changed > 0;
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "%s %lld does not exist", noun, (long long)row_id);
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
    int64_t id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_SESS_INSERT,
                        ARGS(sv_text(hash), sv_text(csrf_hash), sv_int(user_id), sv_time(store__now())), &id, err);
        rc = rc < 0 ? rc : 0;
        /* Two equal hashes of fresh 256-bit random ids do not happen; if
         * one does, the caller makes a new id. */
        if (rc == HK_ECONFLICT && err)
            snprintf(err->field, sizeof err->field, "hash");
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

static int session_row(const store_row *r, void *ctx)
{
    store_session *s = ctx;
    s->id = row_int(r, 0);
    s->user_id = row_int(r, 1);
    row_fixed(r, 2, s->csrf_hash, sizeof s->csrf_hash);
    s->created_at = row_time(r, 3);
    s->last_seen_at = row_time(r, 4);
    return 1;
}

int store_session_get(hk_store *st, const char *hash, store_session *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    /* A malformed hash cannot be stored, so it is simply not found: the
     * caller answers 401 either way. */
    if (!is_lower_hex(hash, STORE_HASH_LEN))
        return hk_err_set(err, HK_ENOTFOUND, "hash", "no such session");
    int rc = store__q(st, SQ_SESS_GET, ARGS(sv_text(hash)), session_row, out, err);
    if (rc < 0)
        return rc;
    return rc ? 0 : hk_err_set(err, HK_ENOTFOUND, "hash", "no such session");
}

int store_session_get_by_id(hk_store *st, int64_t id, store_session *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_SESS_GET_ID, ARGS(sv_int(id)), session_row, out, err);
    if (rc < 0)
        return rc;
    return rc ? 0 : hk_err_set(err, HK_ENOTFOUND, "id", "no such session");
}

int store_session_touch(hk_store *st, int64_t id, int64_t now, hk_err *err)
{
    return touch(st, SQ_SESS_TOUCH, id, now, "session", err);
}

int store_session_delete(hk_store *st, int64_t id, hk_err *err)
{
    return delete_rows(st, SQ_SESS_DEL, ARGS(sv_int(id)), NULL, err);
}

int store_sessions_delete_for_user(hk_store *st, int64_t user_id, int64_t except_id, size_t *deleted, hk_err *err)
{
    return delete_rows(st, SQ_SESS_DEL_USER, ARGS(sv_int(user_id), sv_int(except_id)), deleted, err);
}

int store_sessions_expire(hk_store *st, int64_t created_before, int64_t seen_before, size_t *deleted, hk_err *err)
{
    return delete_rows(st, SQ_SESS_EXPIRE, ARGS(sv_time(created_before), sv_time(seen_before)), deleted, err);
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

/* Fills t from r (the columns of SQ_TOKEN_GET); HK_ENOMEM on failure.
 * The optional times read as 0 when NULL. */
static int read_token(const store_row *r, store_api_token *t)
{
    memset(t, 0, sizeof *t);
    t->id = row_int(r, 0);
    row_fixed(r, 1, t->key_id, sizeof t->key_id);
    row_fixed(r, 2, t->hash, sizeof t->hash);
    t->user_id = row_int(r, 3);
    t->created_at = row_time(r, 5);
    t->last_used_at = row_time(r, 6);
    t->expires_at = row_time(r, 7);
    t->revoked_at = row_time(r, 8);
    return row_dup(r, 4, &t->name) ? HK_ENOMEM : 0;
}

/* Refuses a token over the per-user limit. On PostgreSQL the user's row
 * is locked first and stays locked until commit, so that two tokens made
 * at once cannot both see room for one more; SQLite's single writer
 * already runs them one after the other. */
static int check_token_room(hk_store *st, int64_t user_id, hk_err *err)
{
    int64_t live = 0;
    int rc = store__do(st, SQ_TOKEN_LOCK_USER, ARGS(sv_int(user_id)), err);
    if (!rc)
        rc = store__int(st, SQ_TOKEN_COUNT_LIVE, ARGS(sv_int(user_id)), &live, err);
    if (rc < 0)
        return rc;
    if (live >= STORE_TOKENS_PER_USER)
        return hk_err_set(err, HK_ETOOBIG, "user_id", "a user keeps at most %d API tokens; revoke one first",
                          STORE_TOKENS_PER_USER);
    return 0;
}

int store_api_token_create(hk_store *st, store_api_token *t, hk_err *err)
{
    int rc = token_validate(t, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (!(rc = store__user_exists(st, t->user_id, "user_id", err)))
        rc = check_token_room(st, t->user_id, err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_TOKEN_INSERT,
                        ARGS(sv_text(t->key_id), sv_text(t->hash), sv_int(t->user_id), sv_text(t->name),
                             sv_time(now), sv_time_opt(t->expires_at)),
                        &id, err);
        if (rc == 0) {
            /* No row: the key id is taken. Nothing was written and no
             * statement failed, so an outer transaction stays usable. */
            wrote = false;
            rc = hk_err_set(err, HK_ECONFLICT, "key_id", "key_id: another token has this key id; make a new token");
        } else if (rc > 0) {
            rc = 0;
        }
    }
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

static int one_token_row(const store_row *r, void *ctx)
{
    return read_token(r, ctx) ? -1 : 1;
}

/* Reads the one token statement id finds by key into *out; HK_ENOTFOUND
 * naming field when there is none. */
static int get_token(hk_store *st, store_sq id, store_val key, const char *field, store_api_token *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, id, &key, 1, one_token_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, field, "no such API token");
    if (!out->name) /* NOT NULL in the table: read_token ran out of memory */
        return store__oom(err);
    return 0;
}

int store_api_token_get(hk_store *st, int64_t id, store_api_token *out, hk_err *err)
{
    return get_token(st, SQ_TOKEN_GET, sv_int(id), "id", out, err);
}

int store_api_token_get_by_key(hk_store *st, const char *key_id, store_api_token *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!is_lower_hex(key_id, KEY_ID_LEN))
        return hk_err_set(err, HK_ENOTFOUND, "key_id", "no such API token");
    return get_token(st, SQ_TOKEN_GET_KEY, sv_text(key_id), "key_id", out, err);
}

static int read_token_rec(const store_row *r, void *rec, void *ctx)
{
    return read_token(r, rec);
}

int store_api_tokens_of_user(hk_store *st, int64_t user_id, store_api_token **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(store_api_token), .read = read_token_rec};
    int rc = store__q_list(st, SQ_TOKEN_OF_USER, ARGS(sv_int(user_id)), &l, err);
    if (rc) {
        store_api_tokens_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
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
    char detail[64];
    snprintf(detail, sizeof detail, "{\"user_id\":%lld}", (long long)cur.user_id);
    bool revoked = cur.revoked_at != 0;
    store_api_token_free(&cur);
    /* Revoking twice is not an error, and the first time is what counts
     * (and what the audit log says). The UPDATE itself decides which is
     * first: of two racing revocations only one changes the row. */
    if (!revoked) {
        wrote = true;
        rc = store__do(st, SQ_TOKEN_REVOKE, ARGS(sv_int(id), sv_time(store__now())), err);
        if (!rc && st->changed > 0)
            rc = store__audit(st, actor_id, "revoke", "api_token", id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_api_tokens_revoke_for_user(hk_store *st, int64_t user_id, int64_t actor_id, size_t *revoked, hk_err *err)
{
    if (revoked)
        *revoked = 0;
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, SQ_TOKEN_REVOKE_USER, ARGS(sv_int(user_id), sv_time(store__now())), err);
    size_t n = rc ? 0 : (size_t)st->changed;
    if (!rc && n > 0) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"revoked\":%zu}", n);
        rc = store__audit(st, actor_id, "revoke_all", "user", user_id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, true, err);
    if (!rc && revoked)
        *revoked = n;
    return rc;
}

int store_api_token_touch(hk_store *st, int64_t id, int64_t now, hk_err *err)
{
    return touch(st, SQ_TOKEN_TOUCH, id, now, "API token", err);
}
