/*
 * mail.h - notifications by email (issue 18): what `hamkor serve` sends
 * when an SMTP server is configured, and nothing otherwise.
 *
 *   mail_text.c    the mails' text: subject and plain-text body of a
 *                  notification or a daily digest, in English, Russian or
 *                  Chinese, from a small table of templates per kind
 *   mail_send.c    one mail through libcurl's SMTP (STARTTLS,
 *                  authentication), with RFC 5322 headers
 *   mail_outbox.c  a round of the outbox: the digests due are queued, then
 *                  a bounded batch of due mails is sent, each failure
 *                  retried later with exponential backoff
 *
 * The store keeps the preferences and the queue (store.h, "notifications
 * by email"); the engine's follower runs mail_outbox_round every
 * MAIL_ROUND_S when engine_config.mail is set.
 */
#ifndef HK_MAIL_H
#define HK_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "store/store.h"

#define MAIL_ROUND_S 10        /* the follower's outbox round, at most this often */
#define MAIL_BATCH 8           /* mails sent per round: a slow server holds the follower briefly */
#define MAIL_TIMEOUT_MS 10000  /* per mail, connection included */
#define MAIL_LEASE_S 300       /* a claimed mail is not taken again before this */
#define MAIL_RETRY_S 60        /* the first retry; doubles per attempt ... */
#define MAIL_RETRY_MAX_S 21600 /* ... up to six hours */
#define MAIL_DIGEST_MAX 50     /* notifications listed in one digest */

typedef struct mail_config {
    const char *smtp_url;      /* smtp://host:port or smtps://host:port; borrowed */
    const char *user;          /* SMTP authentication; NULL = none */
    const char *password;      /* with user */
    const char *from;          /* the sender's address (From: and MAIL FROM) */
    const char *public_url;    /* the site's address, for links ("https://hamkor.example") */
    bool require_tls;          /* STARTTLS must succeed (else: used when the server offers it) */
    const char *ca_file;       /* PEM certificates to trust for the server; NULL = the system's */
    long timeout_ms;           /* per mail; 0 = MAIL_TIMEOUT_MS */
} mail_config;

/* The text of a notification's mail in lang ("en", "ru", "zh"; another
 * is English): *subject and *body malloc'd, or HK_ENOMEM. kind is a
 * notification kind's name (store_notify_kind_name); the body links to
 * the listing or the inbox under public_url. */
int mail_text_notification(const char *lang, const char *kind, int64_t listing_id, const char *public_url,
                           char **subject, char **body);
/* A daily digest listing v[0..n) (n > 0). */
int mail_text_digest(const char *lang, const store_notification *v, size_t n, const char *public_url, char **subject,
                     char **body);

/* The whole message (headers and base64 body, CRLF lines) to `to`;
 * malloc'd, or NULL when out of memory. now: the Date header's time. */
char *mail_message(const mail_config *cfg, const char *to, const char *subject, const char *body, int64_t now);
/* Sends one mail; 0, or HK_EIO with err saying what the server or the
 * connection said. */
int mail_send(const mail_config *cfg, const char *to, const char *subject, const char *body, hk_err *err);

typedef struct mail_round_counts {
    size_t digests;            /* digests queued */
    size_t sent;
    size_t failed;             /* attempts that failed (the mails stay queued) */
} mail_round_counts;
/* One round at unix time now: queues the daily digests due, then sends
 * at most max due mails (0 = MAIL_BATCH). A mail that fails is retried
 * after MAIL_RETRY_S * 2^attempts (at most MAIL_RETRY_MAX_S) and given up
 * after STORE_MAIL_MAX_ATTEMPTS, its last error kept. 0, or the store's
 * status (a failed send is not an error of the round). */
int mail_outbox_round(hk_store *st, const mail_config *cfg, int64_t now, size_t max, mail_round_counts *out,
                      hk_err *err);

#endif
