/*
 * mail_outbox.c - a round of the outbox, run by the engine's follower
 * every MAIL_ROUND_S while SMTP is configured (and by the tests at will).
 *
 * First the daily digests that are due are rendered and queued (each in
 * one transaction with the user's new digest time, so a digest is queued
 * once a day whatever fails after). Then at most MAIL_BATCH due mails are
 * sent, one at a time: claimed with a lease, rendered (a notification's
 * mail is rendered now, in the user's language of now), sent, marked.
 * A failure counts an attempt and sets the next one after an exponential
 * backoff; the mail is never dropped, so an outage of the mail server
 * loses nothing, and after STORE_MAIL_MAX_ATTEMPTS it stays with its last
 * error for the operator (`hamkor mail queue`).
 */
#include "mail/mail.h"

#include <stdio.h>
#include <stdlib.h>

#define DIGESTS_PER_ROUND 64

static int queue_digests(hk_store *st, const mail_config *cfg, int64_t now, size_t *queued, hk_err *err)
{
    store_mail_digest *d;
    size_t n;
    int rc = store_mail_digests_due(st, now - 86400, DIGESTS_PER_ROUND, &d, &n, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        store_notification *v;
        size_t nv;
        /* The first digest covers the day before it. */
        int64_t after = d[i].digest_at ? d[i].digest_at : now - 86400;
        if ((rc = store_mail_digest_notes(st, d[i].user_id, after, MAIL_DIGEST_MAX, &v, &nv, err)))
            break;
        char *subject = NULL, *body = NULL;
        if (nv)
            rc = mail_text_digest(d[i].lang, v, nv, cfg->public_url, &subject, &body);
        store_notifications_free(v, nv);
        if (!rc)
            rc = store_mail_digest_queue(st, d[i].user_id, subject, body, now, err);
        else
            hk_err_set(err, rc, NULL, "out of memory");
        if (!rc && subject)
            (*queued)++;
        free(subject);
        free(body);
    }
    free(d);
    return rc;
}

static int64_t backoff(int attempts)
{
    int64_t s = MAIL_RETRY_S;
    for (int i = 0; i < attempts && s < MAIL_RETRY_MAX_S; i++)
        s *= 2;
    return s < MAIL_RETRY_MAX_S ? s : MAIL_RETRY_MAX_S;
}

/* Sends m; a failed send is counted on the mail, not returned. */
static int send_one(hk_store *st, const mail_config *cfg, store_mail *m, int64_t now, mail_round_counts *c,
                    hk_err *err)
{
    bool claimed;
    int rc = store_mail_claim(st, m->id, now, now + MAIL_LEASE_S, &claimed, err);
    if (rc || !claimed)
        return rc;
    char *subject = NULL, *body = NULL;
    if (!m->subject) {
        if (!m->note_kind) /* its notification is gone (its user or search deleted) */
            return store_mail_sent(st, m->id, now, NULL, NULL, err);
        if (mail_text_notification(m->lang, m->note_kind, m->listing_id, cfg->public_url, &subject, &body))
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    hk_err serr;
    hk_err_clear(&serr);
    int src = mail_send(cfg, m->to, subject ? subject : m->subject, body ? body : m->body, &serr);
    if (!src) {
        rc = store_mail_sent(st, m->id, now, subject, body, err);
        c->sent++;
    } else {
        c->failed++;
        rc = store_mail_failed(st, m->id, now + backoff(m->attempts), serr.msg, err);
        if (m->attempts + 1 >= STORE_MAIL_MAX_ATTEMPTS)
            fprintf(stderr, "hamkor: gave up mail %lld after %d attempts: %s\n", (long long)m->id, m->attempts + 1,
                    serr.msg);
    }
    free(subject);
    free(body);
    return rc;
}

int mail_outbox_round(hk_store *st, const mail_config *cfg, int64_t now, size_t max, mail_round_counts *out,
                      hk_err *err)
{
    mail_round_counts c = {0};
    int rc = queue_digests(st, cfg, now, &c.digests, err);
    store_mail *v = NULL;
    size_t n = 0;
    if (!rc)
        rc = store_mail_due(st, now, max ? max : MAIL_BATCH, &v, &n, err);
    for (size_t i = 0; i < n && !rc; i++)
        rc = send_one(st, cfg, &v[i], now, &c, err);
    store_mails_free(v, n);
    if (out)
        *out = c;
    return rc;
}
