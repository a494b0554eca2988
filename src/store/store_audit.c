/*
 * store_audit.c - reading the logs the writers append to: the audit log
 * (who did what to which record, for people), the change log (what
 * changed, for the in-memory index to follow), and the record counts of
 * `hamkor stats`.
 */
#include "store/store_int.h"

#include <string.h>

int store_audit_each(hk_store *st, const char *entity, int64_t entity_id,
                     int (*fn)(const audit_entry *a, void *ctx), void *ctx, hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, at, actor_id, action, entity, entity_id, detail FROM audit_log "
                           "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading the audit log", err);
    sqlite3_bind_text(s, 1, entity ? entity : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, entity_id);
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        audit_entry a = {0};
        a.id = sqlite3_column_int64(s, 0);
        a.at = sqlite3_column_int64(s, 1);
        a.actor_id = sqlite3_column_int64(s, 2);
        a.entity_id = sqlite3_column_int64(s, 5);
        if (store__col_dup(s, 3, &a.action) || store__col_dup(s, 4, &a.entity) || store__col_dup(s, 6, &a.detail)) {
            audit_entry_free(&a);
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        int stop = fn(&a, ctx);
        audit_entry_free(&a);
        if (stop)
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading the audit log", err);
    sqlite3_finalize(s);
    return rc;
}

int store_changes_since(hk_store *st, int64_t after_seq, int (*fn)(const store_change *c, void *ctx), void *ctx,
                        hk_err *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT seq, entity, entity_id, op, at FROM changes WHERE seq > ?1 ORDER BY seq",
                           -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading the change log", err);
    sqlite3_bind_int64(s, 1, after_seq);
    int r, rc = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        store_change c = {
            .seq = sqlite3_column_int64(s, 0),
            .entity = (const char *)sqlite3_column_text(s, 1),
            .entity_id = sqlite3_column_int64(s, 2),
            .op = (const char *)sqlite3_column_text(s, 3),
            .at = sqlite3_column_int64(s, 4),
        };
        if (!c.entity || !c.op) {
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        if (fn(&c, ctx))
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store__sqlerr(st, "reading the change log", err);
    sqlite3_finalize(s);
    return rc;
}

int store_changes_last_seq(hk_store *st, int64_t *seq, hk_err *err)
{
    sqlite3_stmt *s;
    *seq = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(seq), 0) FROM changes", -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "reading the change log", err);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *seq = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? 0 : store__sqlerr(st, "reading the change log", err);
}

int store_get_stats(hk_store *st, store_stats *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    static const char sql[] =
        "SELECT (SELECT count(*) FROM countries), (SELECT count(*) FROM organisations),"
        " (SELECT count(*) FROM users), (SELECT count(*) FROM memberships), (SELECT count(*) FROM listings),"
        " (SELECT count(*) FROM listings WHERE status = 'published'), (SELECT count(*) FROM interests),"
        " (SELECT count(*) FROM messages), (SELECT count(*) FROM audit_log)";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return store__sqlerr(st, "counting records", err);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        int64_t *f[] = {&out->countries, &out->organisations,      &out->users,     &out->memberships, &out->listings,
                        &out->listings_published, &out->interests, &out->messages, &out->audit_entries};
        for (int i = 0; i < 9; i++)
            *f[i] = sqlite3_column_int64(s, i);
    } else {
        rc = store__sqlerr(st, "counting records", err);
    }
    sqlite3_finalize(s);
    return rc;
}
