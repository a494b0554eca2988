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
 *
 * A listing takes expressions of interest while it is published and, when
 * it has a deadline (a request for quotations), until the end of that day
 * (UTC). Until then the answers are sealed from the listing's
 * organisation (store_answers_sealed): it can neither decide them nor
 * write in their threads, and the HTTP layer shows it no content; the day
 * after the deadline they open, all at once.
 *
 * The rules hold with concurrent writers (PostgreSQL, READ COMMITTED):
 * the one-pending rule by a unique index, a decision by an UPDATE that
 * only changes a pending EOI, a closed thread by a row lock (statements
 * in sql_interest.def).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the rules of this file need to know of a listing. */
typedef struct listing_facts {
    int64_t org;               /* the owning organisation */
    char status[16];
    char deadline[11];         /* "" when none */
} listing_facts;

static int facts_row(const store_row *r, void *ctx)
{
    listing_facts *f = ctx;
    f->org = row_int(r, 0);
    row_fixed(r, 1, f->status, sizeof f->status);
    row_fixed(r, 2, f->deadline, sizeof f->deadline);
    return 1;
}

/* The facts of listing_id; HK_EINVAL naming field when there is no such
 * listing. */
static int listing_facts_get(hk_store *st, int64_t listing_id, const char *field, listing_facts *f, hk_err *err)
{
    memset(f, 0, sizeof *f);
    int rc = store__q(st, SQ_EOI_LISTING_ORG, ARGS(sv_int(listing_id)), facts_row, f, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: listing %lld does not exist", field, (long long)listing_id);
    return 0;
}

bool store_answers_sealed(hk_store *st, const char *deadline)
{
    return deadline && deadline[0] && strcmp(store__today(st), deadline) <= 0;
}

/* HK_ECONFLICT unless the listing takes expressions of interest today. */
static int takes_answers(hk_store *st, int64_t listing_id, const listing_facts *f, hk_err *err)
{
    if (strcmp(f->status, "published") != 0)
        return hk_err_set(err, HK_ECONFLICT, "listing_id",
                          "listing %lld is %s; only a published listing takes expressions of interest",
                          (long long)listing_id, f->status);
    if (f->deadline[0] && strcmp(store__today(st), f->deadline) > 0)
        return hk_err_set(err, HK_ECONFLICT, "deadline", "answers to this request closed at its deadline, %s",
                          f->deadline);
    return 0;
}

static int sealed_error(const listing_facts *f, const char *what, hk_err *err)
{
    return hk_err_set(err, HK_ECONFLICT, "deadline",
                      "answers to this request are sealed until its deadline (%s) has passed; %s after it",
                      f->deadline, what);
}

/* Sets *yes to whether user_id is a member of org_id. */
static int is_member(hk_store *st, int64_t user_id, int64_t org_id, bool *yes, hk_err *err)
{
    int rc = store__q(st, SQ_EOI_MEMBER, ARGS(sv_int(user_id), sv_int(org_id)), NULL, NULL, err);
    *yes = rc > 0;
    return rc < 0 ? rc : 0;
}

/* The error of a second pending EOI of one organisation on one listing,
 * whether the check before the insert or the unique index found it. */
static int pending_exists(hk_err *err)
{
    return hk_err_set(err, HK_ECONFLICT, "listing_id",
                      "your organisation already has a pending expression of interest for this listing; wait for "
                      "its answer, or write in its thread");
}

/* HK_ECONFLICT when from_org already has a pending EOI on listing_id. */
static int no_pending(hk_store *st, int64_t listing_id, int64_t from_org, hk_err *err)
{
    int rc = store__q(st, SQ_EOI_PENDING, ARGS(sv_int(listing_id), sv_int(from_org)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    return rc ? pending_exists(err) : 0;
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
    listing_facts lf;
    if (!(rc = listing_facts_get(st, i->listing_id, "listing_id", &lf, err)) &&
        !(rc = takes_answers(st, i->listing_id, &lf, err)) &&
        !(rc = store__org_exists(st, i->from_org_id, "from_org_id", err)) &&
        !(rc = store__user_exists(st, i->from_user_id, "from_user_id", err)))
        rc = no_pending(st, i->listing_id, i->from_org_id, err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_EOI_INSERT,
                        ARGS(sv_int(i->listing_id), sv_int(i->from_org_id), sv_int(i->from_user_id),
                             sv_text(i->offered), sv_text(i->sought), sv_text(i->why), sv_time(now), sv_time(0)),
                        &id, err);
        /* A concurrent writer of the same organisation inserted its
         * pending EOI after the check above: the unique index
         * interests_one_pending refused this one. */
        if (rc == HK_ECONFLICT)
            rc = pending_exists(err);
        else if (rc > 0)
            rc = 0;
        else if (rc == 0)
            rc = hk_err_set(err, HK_EINTERNAL, "", "saving an expression of interest returned no id");
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"listing_id\":%lld}", (long long)i->listing_id);
        rc = store__audit(st, i->from_user_id, "create", "interest", id, detail, err);
    }
    if (!rc) {
        char payload[128];
        snprintf(payload, sizeof payload, "{\"interest_id\":%lld,\"listing_id\":%lld,\"from_org_id\":%lld}",
                 (long long)id, (long long)i->listing_id, (long long)i->from_org_id);
        rc = store__notify_members(st, lf.org, i->from_user_id, NOTIFY_INTEREST_RECEIVED, i->listing_id, id, 0,
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

/* Reads a row of SQ_EOI_GET into *out (non-zero: out of memory, out freed). */
static int interest_row(const store_row *r, void *ctx)
{
    interest *out = ctx;
    out->id = row_int(r, 0);
    out->listing_id = row_int(r, 1);
    out->from_org_id = row_int(r, 2);
    out->from_user_id = row_int(r, 3);
    int v = model_enum_parse(ENUM_EOI_STATUS, row_text(r, 7));
    out->status = v < 0 ? EOI_PENDING : (eoi_status)v;
    out->created_at = row_time(r, 8);
    out->decided_at = row_time(r, 9);
    if (row_dup(r, 4, &out->offered) || row_dup(r, 5, &out->sought) || row_dup(r, 6, &out->why)) {
        interest_free(out);
        return -1;
    }
    return 1;
}

int store_interest_get(hk_store *st, int64_t id, interest *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_EOI_GET, ARGS(sv_int(id)), interest_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "expression of interest %lld does not exist", (long long)id);
    /* The three answers are NOT NULL: missing here means no memory. */
    return out->offered && out->sought && out->why ? 0 : store__oom(err);
}

/* The error of a decision on an EOI no longer pending (status was). */
static int already_decided(int64_t id, eoi_status was, hk_err *err)
{
    return hk_err_set(err, HK_ECONFLICT, "status", "expression of interest %lld was already %s", (long long)id,
                      model_enum_name(ENUM_EOI_STATUS, (int)was));
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
        rc = already_decided(id, cur.status, err);
    int64_t listing_id = cur.listing_id, from_org = cur.from_org_id;
    interest_free(&cur);
    listing_facts lf;
    if (!rc && !(rc = listing_facts_get(st, listing_id, "id", &lf, err)) &&
        store_answers_sealed(st, lf.deadline))
        rc = sealed_error(&lf, "decide", err);
    if (!rc) {
        rc = store__do(st, SQ_EOI_DECIDE,
                       ARGS(sv_int(id), sv_text(model_enum_name(ENUM_EOI_STATUS, (int)status)),
                            sv_time(store__now())),
                       err);
        /* A failed statement spoils the transaction; one that changed no
         * row wrote nothing. */
        wrote = rc != 0 || st->changed > 0;
        if (!rc && st->changed == 0) {
            /* Another writer decided it since it was read above: say
             * what it decided, as the check above would have. */
            if (!(rc = store_interest_get(st, id, &cur, err))) {
                rc = already_decided(id, cur.status, err);
                interest_free(&cur);
            }
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
                         bool in_owner, bool in_sender, hk_err *err)
{
    int rc;
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
    listing_facts lf = {0};
    bool in_owner = false, in_sender = false;
    /* The lock (PostgreSQL only) keeps the EOI from being declined
     * between the check below and the commit of the message. */
    if (!(rc = store__do(st, SQ_EOI_LOCK, ARGS(sv_int(m->interest_id)), err)) &&
        (rc = store_interest_get(st, m->interest_id, &eoi, err)) == HK_ENOTFOUND)
        rc = hk_err_set(err, HK_EINVAL, "interest_id", "interest_id: expression of interest %lld does not exist",
                        (long long)m->interest_id);
    if (!rc) {
        if (eoi.status == EOI_DECLINED)
            rc = hk_err_set(err, HK_ECONFLICT, "interest_id",
                            "expression of interest %lld was declined; its thread is closed", (long long)eoi.id);
        else if (!(rc = listing_facts_get(st, eoi.listing_id, "interest_id", &lf, err)))
            rc = store__user_exists(st, m->author_id, "author_id", err);
    }
    if (!rc && !(rc = is_member(st, m->author_id, lf.org, &in_owner, err)) &&
        !(rc = is_member(st, m->author_id, eoi.from_org_id, &in_sender, err)) && in_owner && !in_sender &&
        store_answers_sealed(st, lf.deadline))
        rc = sealed_error(&lf, "write", err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_MSG_INSERT,
                        ARGS(sv_int(m->interest_id), sv_int(m->author_id), sv_text(m->body), sv_time(now)), &id,
                        err);
        if (rc > 0)
            rc = 0;
        else if (rc == 0)
            rc = hk_err_set(err, HK_EINTERNAL, "", "saving a message returned no id");
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"interest_id\":%lld}", (long long)m->interest_id);
        rc = store__audit(st, m->author_id, "create", "message", id, detail, err);
    }
    if (!rc)
        rc = notify_thread(st, &eoi, lf.org, id, m->author_id, in_owner, in_sender, err);
    interest_free(&eoi);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        m->id = id;
        m->created_at = now;
    }
    return rc;
}

typedef struct message_ctx {
    int (*fn)(const message *m, void *ctx);
    void *ctx;
    bool oom;
} message_ctx;

static int message_row(const store_row *r, void *ctx)
{
    message_ctx *c = ctx;
    message m = {0};
    m.id = row_int(r, 0);
    m.interest_id = row_int(r, 1);
    m.author_id = row_int(r, 2);
    m.created_at = row_time(r, 4);
    if (row_dup(r, 3, &m.body)) {
        c->oom = true;
        return 1;
    }
    int stop = c->fn(&m, c->ctx);
    message_free(&m);
    return stop;
}

int store_message_each(hk_store *st, int64_t interest_id, int (*fn)(const message *m, void *ctx), void *ctx,
                       hk_err *err)
{
    message_ctx c = {fn, ctx, false};
    int rc = store__q(st, SQ_MSG_OF, ARGS(sv_int(interest_id)), message_row, &c, err);
    if (rc < 0)
        return rc;
    return c.oom ? store__oom(err) : 0;
}
