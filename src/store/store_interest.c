/*
 * store_interest.c - expressions of interest (EOIs) in a listing and the
 * message thread of each (BRIEF 4.5). An EOI starts pending and is
 * decided once, accepted or declined.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EOI_COLS "id, listing_id, from_org_id, from_user_id, offered, sought, why, status, created_at, decided_at"

/* 0 when a row with id exists in the table that stmt (bound to ?1) reads. */
static int exists(hk_store *st, store_sq slot, const char *sql, int64_t id, const char *field, const char *what,
                  hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, slot, sql, err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r == SQLITE_ROW)
        return 0;
    if (r != SQLITE_DONE)
        return store__sqlerr(st, "looking up a reference", err);
    return hk_err_set(err, HK_EINVAL, field, "%s: %s %lld does not exist", field, what, (long long)id);
}

int store_interest_create(hk_store *st, interest *i, hk_err *err)
{
    int rc = interest_validate(i, err);
    if (rc)
        return rc;
    if (i->status != EOI_PENDING)
        return hk_err_set(err, HK_EINVAL, "status", "a new expression of interest is pending");
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (!(rc = exists(st, SQ_LST_EXISTS, "SELECT 1 FROM listings WHERE id = ?1", i->listing_id, "listing_id",
                      "listing", err)) &&
        !(rc = store__org_exists(st, i->from_org_id, "from_org_id", err)))
        rc = exists(st, SQ_USER_EXISTS, "SELECT 1 FROM users WHERE id = ?1", i->from_user_id, "from_user_id", "user",
                    err);
    int64_t now = store__now();
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_EOI_INSERT,
                                      "INSERT INTO interests(" EOI_COLS ") VALUES "
                                      "(NULL, ?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, 0)",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, i->listing_id);
            sqlite3_bind_int64(s, 2, i->from_org_id);
            sqlite3_bind_int64(s, 3, i->from_user_id);
            sqlite3_bind_text(s, 4, i->offered, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 5, i->sought, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 6, i->why, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 7, now);
            rc = store__run(st, s, "saving an expression of interest", err);
        }
    }
    int64_t id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"listing_id\":%lld}", (long long)i->listing_id);
        rc = store__audit(st, i->from_user_id, "create", "interest", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        i->id = id;
        i->created_at = now;
        i->decided_at = 0;
    }
    return rc;
}

int store_interest_get(hk_store *st, int64_t id, interest *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store__stmt(st, SQ_EOI_GET, "SELECT " EOI_COLS " FROM interests WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->listing_id = sqlite3_column_int64(s, 1);
        out->from_org_id = sqlite3_column_int64(s, 2);
        out->from_user_id = sqlite3_column_int64(s, 3);
        if (store__col_dup(s, 4, &out->offered) || store__col_dup(s, 5, &out->sought) ||
            store__col_dup(s, 6, &out->why))
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
        int v = model_enum_parse(ENUM_EOI_STATUS, (const char *)sqlite3_column_text(s, 7));
        out->status = v < 0 ? EOI_PENDING : (eoi_status)v;
        out->created_at = sqlite3_column_int64(s, 8);
        out->decided_at = sqlite3_column_int64(s, 9);
    } else if (r == SQLITE_DONE) {
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "expression of interest %lld does not exist", (long long)id);
    } else {
        rc = store__sqlerr(st, "reading an expression of interest", err);
    }
    sqlite3_reset(s);
    if (rc)
        interest_free(out);
    return rc;
}

int store_interest_decide(hk_store *st, int64_t id, eoi_status status, int64_t actor_id, hk_err *err)
{
    if (status != EOI_ACCEPTED && status != EOI_DECLINED)
        return hk_err_set(err, HK_EINVAL, "status", "an expression of interest is decided as accepted or declined");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    interest cur;
    rc = store_interest_get(st, id, &cur, err);
    if (!rc && cur.status != EOI_PENDING)
        rc = hk_err_set(err, HK_EINVAL, "status", "expression of interest %lld was already %s", (long long)id,
                        model_enum_name(ENUM_EOI_STATUS, (int)cur.status));
    interest_free(&cur);
    if (!rc) {
        sqlite3_stmt *s =
            store__stmt(st, SQ_EOI_DECIDE, "UPDATE interests SET status = ?2, decided_at = ?3 WHERE id = ?1", err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_text(s, 2, model_enum_name(ENUM_EOI_STATUS, (int)status), -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, store__now());
            rc = store__run(st, s, "deciding an expression of interest", err);
        }
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"status\":\"%s\"}", model_enum_name(ENUM_EOI_STATUS, (int)status));
        rc = store__audit(st, actor_id, status == EOI_ACCEPTED ? "accept" : "decline", "interest", id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_message_add(hk_store *st, message *m, hk_err *err)
{
    int rc = message_validate(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (!(rc = exists(st, SQ_EOI_EXISTS, "SELECT 1 FROM interests WHERE id = ?1", m->interest_id, "interest_id",
                      "expression of interest", err)))
        rc = exists(st, SQ_USER_EXISTS, "SELECT 1 FROM users WHERE id = ?1", m->author_id, "author_id", "user", err);
    int64_t now = store__now();
    if (!rc) {
        sqlite3_stmt *s = store__stmt(
            st, SQ_MSG_INSERT, "INSERT INTO messages(interest_id, author_id, body, created_at) VALUES (?1, ?2, ?3, ?4)",
            err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, m->interest_id);
            sqlite3_bind_int64(s, 2, m->author_id);
            sqlite3_bind_text(s, 3, m->body, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 4, now);
            rc = store__run(st, s, "saving a message", err);
        }
    }
    int64_t id = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"interest_id\":%lld}", (long long)m->interest_id);
        rc = store__audit(st, m->author_id, "create", "message", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        m->id = id;
        m->created_at = now;
    }
    return rc;
}

int store_message_each(hk_store *st, int64_t interest_id, int (*fn)(const message *m, void *ctx), void *ctx,
                       hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, interest_id, author_id, body, created_at FROM messages "
                           "WHERE interest_id = ?1 ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading messages", err);
    sqlite3_bind_int64(s, 1, interest_id);
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        message m = {0};
        m.id = sqlite3_column_int64(s, 0);
        m.interest_id = sqlite3_column_int64(s, 1);
        m.author_id = sqlite3_column_int64(s, 2);
        m.created_at = sqlite3_column_int64(s, 4);
        if (store__col_dup(s, 3, &m.body)) {
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        int stop = fn(&m, ctx);
        message_free(&m);
        if (stop)
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading messages", err);
    sqlite3_finalize(s);
    return rc;
}
