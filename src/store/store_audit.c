/*
 * store_audit.c - reading the logs the writers append to: the audit log
 * (who did what to which record, for people), the change log (what
 * changed, for the in-memory index to follow), and the record counts of
 * `hamkor stats`.
 */
#include "store/store_int.h"

#include <string.h>

/* Change log rows read per statement: a follower far behind reads the
 * log in pages instead of holding one huge result. */
#define CHANGES_PAGE 1000

typedef struct audit_ctx {
    int (*fn)(const audit_entry *a, void *ctx);
    void *ctx;
    bool oom;
} audit_ctx;

static int audit_row(const store_row *r, void *ctx)
{
    audit_ctx *c = ctx;
    audit_entry a = {0};
    a.id = row_int(r, 0);
    a.at = row_time(r, 1);
    a.actor_id = row_int(r, 2);
    a.entity_id = row_int(r, 5);
    if (row_dup(r, 3, &a.action) || row_dup(r, 4, &a.entity) || row_dup(r, 6, &a.detail)) {
        audit_entry_free(&a);
        c->oom = true;
        return 1;
    }
    int stop = c->fn(&a, c->ctx);
    audit_entry_free(&a);
    return stop;
}

int store_audit_each(hk_store *st, const char *entity, int64_t entity_id,
                     int (*fn)(const audit_entry *a, void *ctx), void *ctx, hk_err *err)
{
    audit_ctx c = {fn, ctx, false};
    int rc = store__q(st, SQ_AUDIT_OF, ARGS(sv_text(entity ? entity : ""), sv_int(entity_id)), audit_row, &c, err);
    if (rc < 0)
        return rc;
    return c.oom ? store__oom(err) : 0;
}

typedef struct change_ctx {
    int (*fn)(const store_change *c, void *ctx);
    void *ctx;
    int64_t last;      /* seq of the last row seen */
    bool stopped;
} change_ctx;

static int change_row(const store_row *r, void *ctx)
{
    change_ctx *c = ctx;
    store_change ch = {
        .seq = row_int(r, 0),
        .entity = row_text(r, 1),
        .entity_id = row_int(r, 2),
        .op = row_text(r, 3),
        .at = row_time(r, 4),
    };
    c->last = ch.seq;
    if (!ch.entity || !ch.op || c->fn(&ch, c->ctx)) {
        c->stopped = true;
        return 1;
    }
    return 0;
}

int store_changes_since(hk_store *st, int64_t after_seq, int (*fn)(const store_change *c, void *ctx), void *ctx,
                        hk_err *err)
{
    change_ctx c = {fn, ctx, after_seq, false};
    for (;;) {
        int rc = store__q(st, SQ_CHANGES_SINCE, ARGS(sv_int(c.last), sv_int(CHANGES_PAGE)), change_row, &c, err);
        if (rc < 0)
            return rc;
        if (c.stopped || rc < CHANGES_PAGE)
            return 0;
    }
}

int store_changes_last_seq(hk_store *st, int64_t *seq, hk_err *err)
{
    int rc = store__int(st, SQ_CHANGES_LAST, NOARGS, seq, err);
    return rc < 0 ? rc : 0;
}

static int stats_row(const store_row *r, void *ctx)
{
    store_stats *out = ctx;
    int64_t *f[] = {&out->countries, &out->organisations,      &out->users,     &out->memberships, &out->listings,
                    &out->listings_published, &out->interests, &out->messages, &out->audit_entries};
    for (int i = 0; i < 9; i++)
        *f[i] = row_int(r, i);
    return 1;
}

int store_get_stats(hk_store *st, store_stats *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_STATS, NOARGS, stats_row, out, err);
    return rc < 0 ? rc : 0;
}
