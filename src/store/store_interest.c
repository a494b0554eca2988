/*
 * store_interest.c - expressions of interest (EOIs) in a listing and the
 * message thread of each (BRIEF 4.5). An EOI starts pending and is
 * decided once, accepted or declined. An organisation has at most one
 * pending EOI on a listing, and a declined EOI's thread is closed.
 *
 * Each write also tells the other side, in the same transaction, through
 * inbox notifications (store__notify_members in store_saved.c): a new EOI
 * every member of the listing's organisation, a decision every member of
 * the sending organisation, a message every member of the other
 * organisation of the thread. The actor who wrote is never told.
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

/* The organisation owning listing_id; HK_EINVAL naming field when there
 * is no such listing. */
static int listing_org(hk_store *st, int64_t listing_id, const char *field, int64_t *org, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT org_id FROM listings WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "looking up a listing", err);
    sqlite3_bind_int64(s, 1, listing_id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW)
        *org = sqlite3_column_int64(s, 0);
    else if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_EINVAL, field, "%s: listing %lld does not exist", field, (long long)listing_id);
    else
        rc = store__sqlerr(st, "looking up a listing", err);
    sqlite3_finalize(s);
    return rc;
}

/* Sets *yes to whether user_id is a member of org_id. */
static int is_member(hk_store *st, int64_t user_id, int64_t org_id, bool *yes, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM memberships WHERE user_id = ?1 AND org_id = ?2", -1, &s, NULL) !=
        SQLITE_OK)
        return store__sqlerr(st, "looking up a membership", err);
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, org_id);
    int r = sqlite3_step(s);
    sqlite3_finalize(s);
    *yes = r == SQLITE_ROW;
    return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : store__sqlerr(st, "looking up a membership", err);
}

/* HK_ECONFLICT when from_org already has a pending EOI on listing_id. */
static int no_pending(hk_store *st, int64_t listing_id, int64_t from_org, hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, SQ_EOI_PENDING,
                                  "SELECT 1 FROM interests WHERE listing_id = ?1 AND from_org_id = ?2 "
                                  "AND status = 'pending'",
                                  err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, listing_id);
    sqlite3_bind_int64(s, 2, from_org);
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r == SQLITE_DONE)
        return 0;
    if (r != SQLITE_ROW)
        return store__sqlerr(st, "looking up pending expressions of interest", err);
    return hk_err_set(err, HK_ECONFLICT, "listing_id",
                      "your organisation already has a pending expression of interest for this listing; wait for "
                      "its answer, or write in its thread");
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
    int64_t owner = 0;
    if (!(rc = listing_org(st, i->listing_id, "listing_id", &owner, err)) &&
        !(rc = store__org_exists(st, i->from_org_id, "from_org_id", err)) &&
        !(rc = store__user_exists(st, i->from_user_id, "from_user_id", err)))
        rc = no_pending(st, i->listing_id, i->from_org_id, err);
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
    if (!rc) {
        char payload[128];
        snprintf(payload, sizeof payload, "{\"interest_id\":%lld,\"listing_id\":%lld,\"from_org_id\":%lld}",
                 (long long)id, (long long)i->listing_id, (long long)i->from_org_id);
        rc = store__notify_members(st, owner, i->from_user_id, NOTIFY_INTEREST_RECEIVED, i->listing_id, id, 0,
                                   payload, err);
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
        rc = hk_err_set(err, HK_ECONFLICT, "status", "expression of interest %lld was already %s", (long long)id,
                        model_enum_name(ENUM_EOI_STATUS, (int)cur.status));
    int64_t listing_id = cur.listing_id, from_org = cur.from_org_id;
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
    if (!rc) {
        char payload[128];
        snprintf(payload, sizeof payload, "{\"interest_id\":%lld,\"listing_id\":%lld,\"status\":\"%s\"}",
                 (long long)id, (long long)listing_id, model_enum_name(ENUM_EOI_STATUS, (int)status));
        rc = store__notify_members(st, from_org, actor_id, NOTIFY_INTEREST_DECIDED, listing_id, id, 0, payload, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* Tells the other side of the thread of eoi (on a listing of owner) about
 * message_id. The author's side is the organisation(s) among the two the
 * author belongs to; the other one is told. An author of both sides (or of
 * neither: a secretariat tool, an import) has no "other" side, so both
 * are told; the author never is. */
static int notify_thread(hk_store *st, const interest *eoi, int64_t owner, int64_t message_id, int64_t author,
                         hk_err *err)
{
    bool in_owner, in_sender;
    int rc;
    if ((rc = is_member(st, author, owner, &in_owner, err)) ||
        (rc = is_member(st, author, eoi->from_org_id, &in_sender, err)))
        return rc;
    char payload[160];
    snprintf(payload, sizeof payload, "{\"interest_id\":%lld,\"message_id\":%lld,\"author_id\":%lld}",
             (long long)eoi->id, (long long)message_id, (long long)author);
    bool both = in_owner == in_sender;
    if ((both || in_sender) && (rc = store__notify_members(st, owner, author, NOTIFY_MESSAGE, eoi->listing_id,
                                                            eoi->id, message_id, payload, err)))
        return rc;
    if ((both || in_owner) && owner != eoi->from_org_id)
        rc = store__notify_members(st, eoi->from_org_id, author, NOTIFY_MESSAGE, eoi->listing_id, eoi->id,
                                   message_id, payload, err);
    return rc;
}

int store_message_add(hk_store *st, message *m, hk_err *err)
{
    int rc = message_validate(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    interest eoi = {0};
    int64_t owner = 0;
    if (!(rc = exists(st, SQ_EOI_EXISTS, "SELECT 1 FROM interests WHERE id = ?1", m->interest_id, "interest_id",
                      "expression of interest", err)) &&
        !(rc = store_interest_get(st, m->interest_id, &eoi, err))) {
        if (eoi.status == EOI_DECLINED)
            rc = hk_err_set(err, HK_ECONFLICT, "interest_id",
                            "expression of interest %lld was declined; its thread is closed", (long long)eoi.id);
        else if (!(rc = listing_org(st, eoi.listing_id, "interest_id", &owner, err)))
            rc = store__user_exists(st, m->author_id, "author_id", err);
    }
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
    if (!rc)
        rc = notify_thread(st, &eoi, owner, id, m->author_id, err);
    interest_free(&eoi);
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
