/*
 * store_mail.c - notifications by email, the store's part: each user's
 * choice (immediately, a daily digest, never) and language, and the
 * outbox the sender (src/mail/mail_send.c) works through.
 *
 * A mail is queued in the transaction that writes its notification
 * (store__mail_enqueue, called by store_saved.c), so a notification and
 * its mail commit or vanish together. Sending is outside any transaction:
 * the sender claims a mail with a lease (next_attempt_at moved past the
 * send), sends it, then marks it sent or failed. A sender that dies
 * mid-way leaves the mail to be tried again when the lease ends; the one
 * case of a mail sent twice is a crash between the SMTP server's "250 OK"
 * and the UPDATE, which no queue without the server's help can exclude.
 *
 * The statements are in sql_mail.def.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const pref_names[] = {"never", "immediately", "daily"};

const char *store_mail_pref_name(store_mail_pref p)
{
    return (unsigned)p < 3 ? pref_names[p] : NULL;
}

int store_mail_pref_parse(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (name && !strcmp(name, pref_names[i]))
            return i;
    return -1;
}

static bool lang_ok(const char *lang)
{
    return lang && (!strcmp(lang, "en") || !strcmp(lang, "ru") || !strcmp(lang, "zh"));
}

static int pref_row(const store_row *r, void *ctx)
{
    store_mail_prefs *p = ctx;
    int k = store_mail_pref_parse(row_text(r, 0));
    p->pref = k < 0 ? MAIL_PREF_NEVER : (store_mail_pref)k;
    row_fixed(r, 1, p->lang, sizeof p->lang);
    p->digest_at = row_null(r, 2) ? 0 : row_time(r, 2);
    return 0;
}

int store_mail_prefs_get(hk_store *st, int64_t user_id, store_mail_prefs *out, hk_err *err)
{
    *out = (store_mail_prefs){.pref = MAIL_PREF_NEVER, .lang = "en"};
    int rc = store__q(st, SQ_MAIL_PREF_GET, ARGS(sv_int(user_id)), pref_row, out, err);
    return rc < 0 ? rc : 0;
}

int store_mail_prefs_set(hk_store *st, int64_t user_id, store_mail_pref pref, const char *lang, hk_err *err)
{
    if (!store_mail_pref_name(pref))
        return hk_err_set(err, HK_EINVAL, "mail", "mail: immediately, daily or never");
    if (!lang_ok(lang))
        return hk_err_set(err, HK_EINVAL, "lang", "lang: en, ru or zh");
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__user_exists(st, user_id, "user_id", err);
    if (!rc)
        rc = store__do(st, SQ_MAIL_PREF_SET, ARGS(sv_int(user_id), sv_text(pref_names[pref]), sv_text(lang)), err);
    return store__tx_leave(st, own, rc, true, err);
}

int store__mail_enqueue(hk_store *st, int64_t user_id, int64_t note_id, int64_t now, hk_err *err)
{
    return store__do(st, SQ_MAIL_ENQUEUE_NOTE, ARGS(sv_int(user_id), sv_int(note_id), sv_time(now)), err);
}

/* ---- the outbox ---- */

void store_mails_free(store_mail *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].subject);
        free(v[i].body);
        free(v[i].to);
        free(v[i].note_kind);
        free(v[i].note_payload);
    }
    free(v);
}

static int read_mail(const store_row *r, void *rec, void *ctx)
{
    store_mail *m = rec;
    m->id = row_int(r, 0);
    m->user_id = row_int(r, 1);
    const char *kind = row_text(r, 2);
    m->digest = kind && !strcmp(kind, "digest");
    m->notification_id = row_null(r, 3) ? 0 : row_int(r, 3);
    m->attempts = (int)row_int(r, 6);
    row_fixed(r, 8, m->lang, sizeof m->lang);
    m->listing_id = row_null(r, 10) ? 0 : row_int(r, 10);
    if (row_dup(r, 4, &m->subject) || row_dup(r, 5, &m->body) || row_dup(r, 7, &m->to) ||
        row_dup(r, 9, &m->note_kind) || row_dup(r, 11, &m->note_payload))
        return HK_ENOMEM;
    return 0;
}

int store_mail_due(hk_store *st, int64_t now, size_t max, store_mail **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(store_mail), .read = read_mail};
    int rc = store__q_list(
        st, SQ_MAIL_DUE, ARGS(sv_time(now), sv_int(STORE_MAIL_MAX_ATTEMPTS), sv_int((int64_t)max)), &l, err);
    if (rc) {
        store_mails_free(l.v, l.n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

/* One write statement in a transaction of its own (or the caller's). */
static int write1(hk_store *st, store_sq sq, const store_val *p, int np, int64_t *changed, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, sq, p, np, err);
    if (!rc && changed)
        *changed = st->changed;
    return store__tx_leave(st, own, rc, true, err);
}

int store_mail_claim(hk_store *st, int64_t id, int64_t now, int64_t lease_until, bool *claimed, hk_err *err)
{
    int64_t changed = 0;
    int rc = write1(st, SQ_MAIL_CLAIM, ARGS(sv_int(id), sv_time(now), sv_time(lease_until)), &changed, err);
    *claimed = !rc && changed == 1;
    return rc;
}

int store_mail_sent(hk_store *st, int64_t id, int64_t now, const char *subject, const char *body, hk_err *err)
{
    return write1(st, SQ_MAIL_SENT, ARGS(sv_int(id), sv_time(now), sv_text(subject), sv_text(body)), NULL, err);
}

int store_mail_failed(hk_store *st, int64_t id, int64_t next_at, const char *error, hk_err *err)
{
    return write1(st, SQ_MAIL_FAILED, ARGS(sv_int(id), sv_time(next_at), sv_text(error ? error : "")), NULL, err);
}

static int counts_row(const store_row *r, void *ctx)
{
    store_mail_counts *c = ctx;
    c->pending = row_int(r, 0);
    c->failed = row_int(r, 1);
    c->sent = row_int(r, 2);
    return 0;
}

int store_mail_counts_get(hk_store *st, store_mail_counts *out, hk_err *err)
{
    *out = (store_mail_counts){0};
    int rc = store__q(st, SQ_MAIL_COUNTS, ARGS(sv_int(STORE_MAIL_MAX_ATTEMPTS)), counts_row, out, err);
    return rc < 0 ? rc : 0;
}

/* ---- daily digests ---- */

static int read_digest(const store_row *r, void *rec, void *ctx)
{
    store_mail_digest *d = rec;
    d->user_id = row_int(r, 0);
    row_fixed(r, 1, d->lang, sizeof d->lang);
    d->digest_at = row_null(r, 2) ? 0 : row_time(r, 2);
    return 0;
}

int store_mail_digests_due(hk_store *st, int64_t due_before, size_t max, store_mail_digest **out, size_t *n,
                           hk_err *err)
{
    store_list l = {.size = sizeof(store_mail_digest), .read = read_digest};
    int rc = store__q_list(st, SQ_MAIL_DIGEST_DUE, ARGS(sv_time(due_before), sv_int((int64_t)max)), &l, err);
    if (rc) {
        free(l.v);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

static int read_digest_note(const store_row *r, void *rec, void *ctx)
{
    store_notification *nt = rec;
    nt->id = row_int(r, 0);
    nt->user_id = *(const int64_t *)ctx;
    const char *kind = row_text(r, 1);
    for (int k = 0; k < NOTIFY__COUNT; k++)
        if (kind && !strcmp(kind, store_notify_kind_name((store_notify_kind)k)))
            nt->kind = (store_notify_kind)k;
    nt->listing_id = row_int(r, 2);
    return row_dup(r, 3, &nt->payload) ? HK_ENOMEM : 0;
}

int store_mail_digest_notes(hk_store *st, int64_t user_id, int64_t after, size_t limit, store_notification **out,
                            size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(store_notification), .read = read_digest_note, .ctx = &user_id};
    int rc = store__q_list(st, SQ_MAIL_DIGEST_NOTES, ARGS(sv_int(user_id), sv_time(after), sv_int((int64_t)limit)),
                           &l, err);
    if (rc) {
        store_notifications_free(l.v, l.n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

int store_mail_digest_queue(hk_store *st, int64_t user_id, const char *subject, const char *body, int64_t now,
                            hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    if (subject)
        rc = store__do(st, SQ_MAIL_ENQUEUE_DIGEST,
                       ARGS(sv_int(user_id), sv_text(subject), sv_text(body ? body : ""), sv_time(now)), err);
    if (!rc)
        rc = store__do(st, SQ_MAIL_DIGEST_MARK, ARGS(sv_int(user_id), sv_time(now)), err);
    return store__tx_leave(st, own, rc, true, err);
}
