/*
 * mail_send.c - one mail through libcurl's SMTP: the only file that
 * includes curl.h (STYLE.md 8).
 *
 * The message is built whole before the connection (a mail is a few
 * kilobytes): RFC 5322 headers (Date, From, To, Subject, Message-ID,
 * MIME-Version), the subject as RFC 2047 encoded words (UTF-8, base64),
 * and the plain-text body in base64, which passes any server whether or
 * not it offers 8BITMIME and keeps every line short. STARTTLS is used
 * whenever the server offers it (CURLUSESSL_TRY), and required with
 * cfg->require_tls (CURLUSESSL_ALL); smtps:// is TLS from the start.
 */
#include "mail/mail.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_base64.h"

/* True when s could smuggle a header or an SMTP command. */
static bool has_crlf(const char *s)
{
    return s && strpbrk(s, "\r\n") != NULL;
}

typedef struct msgbuf {
    char *s;                   /* from malloc() */
    size_t n, cap;
    bool oom;
} msgbuf;

static void mb_add(msgbuf *m, const char *s, size_t len)
{
    if (m->oom)
        return;
    if (m->n + len + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 1024;
        while (cap < m->n + len + 1)
            cap *= 2;
        char *p = realloc(m->s, cap);
        if (!p) {
            m->oom = true;
            return;
        }
        m->s = p;
        m->cap = cap;
    }
    memcpy(m->s + m->n, s, len);
    m->n += len;
    m->s[m->n] = '\0';
}

static void mb_str(msgbuf *m, const char *s)
{
    mb_add(m, s, strlen(s));
}

/* The subject as encoded words of at most 39 bytes of UTF-8 each (52
 * base64 characters, so that the first line, "Subject: " included, stays
 * within 78), never splitting a character (RFC 2047, 5). */
static void mb_subject(msgbuf *m, const char *subject)
{
    mb_str(m, "Subject:");
    size_t len = strlen(subject), i = 0;
    if (!len)
        mb_str(m, " ");
    while (i < len) {
        size_t k = len - i > 39 ? 39 : len - i;
        while (k < len - i && k > 0 && ((unsigned char)subject[i + k] & 0xC0) == 0x80)
            k--; /* back to the start of a character */
        char *b64 = hk_base64_encode((const unsigned char *)subject + i, k);
        if (!b64) {
            m->oom = true;
            return;
        }
        mb_str(m, i ? "\r\n =?UTF-8?B?" : " =?UTF-8?B?");
        mb_str(m, b64);
        mb_str(m, "?=");
        free(b64);
        i += k;
    }
    mb_str(m, "\r\n");
}

char *mail_message(const mail_config *cfg, const char *to, const char *subject, const char *body, int64_t now)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    char line[512];
    msgbuf m = {0};
    /* Written by hand, not strftime: the names must be English whatever
     * the process's locale. */
    snprintf(line, sizeof line, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    mb_str(&m, line);
    mb_str(&m, "From: ");
    mb_str(&m, cfg->from);
    mb_str(&m, "\r\nTo: ");
    mb_str(&m, to);
    mb_str(&m, "\r\n");
    mb_subject(&m, subject);
    const char *at = strrchr(cfg->from, '@');
    unsigned char rnd[12];
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(rnd, 1, sizeof rnd, f) != sizeof rnd)
        for (size_t i = 0; i < sizeof rnd; i++)
            rnd[i] = (unsigned char)(now >> (i % 8 * 8)) ^ (unsigned char)(uintptr_t)&m;
    if (f)
        fclose(f);
    snprintf(line, sizeof line, "Message-ID: <%lld.", (long long)now);
    mb_str(&m, line);
    for (size_t i = 0; i < sizeof rnd; i++) {
        snprintf(line, sizeof line, "%02x", rnd[i]);
        mb_str(&m, line);
    }
    mb_str(&m, "@");
    mb_str(&m, at && at[1] ? at + 1 : "hamkor.invalid");
    mb_str(&m, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
    /* The body with CRLF line ends, then base64 in lines of 76. */
    msgbuf crlf = {0};
    for (const char *p = body; *p; p++) {
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            mb_add(&crlf, "\r", 1);
        mb_add(&crlf, p, 1);
    }
    char *b64 = crlf.oom ? NULL : hk_base64_encode((const unsigned char *)(crlf.s ? crlf.s : ""), crlf.n);
    free(crlf.s);
    if (!b64) {
        free(m.s);
        return NULL;
    }
    size_t blen = strlen(b64);
    for (size_t i = 0; i < blen; i += 76) {
        mb_add(&m, b64 + i, blen - i > 76 ? 76 : blen - i);
        mb_str(&m, "\r\n");
    }
    free(b64);
    if (m.oom) {
        free(m.s);
        return NULL;
    }
    return m.s;
}

typedef struct reader {
    const char *s;
    size_t left;
} reader;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ctx)
{
    reader *r = ctx;
    size_t k = size * nitems < r->left ? size * nitems : r->left;
    memcpy(buf, r->s, k);
    r->s += k;
    r->left -= k;
    return k;
}

/* "<addr>" for MAIL FROM and RCPT TO, from "Name <addr>" or "addr". */
static void envelope(const char *addr, char *out, size_t size)
{
    const char *lt = strrchr(addr, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt)
        snprintf(out, size, "%.*s", (int)(gt - lt + 1), lt);
    else
        snprintf(out, size, "<%s>", addr);
}

int mail_send(const mail_config *cfg, const char *to, const char *subject, const char *body, hk_err *err)
{
    if (!cfg->smtp_url || !cfg->from || !to || has_crlf(to) || has_crlf(cfg->from) || has_crlf(subject))
        return hk_err_set(err, HK_EINVAL, "to", "mail: no server, sender or recipient, or a line break in one");
    char *msg = mail_message(cfg, to, subject, body, (int64_t)time(NULL));
    if (!msg)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    CURL *c = curl_easy_init();
    if (!c) {
        free(msg);
        return hk_err_set(err, HK_ENOMEM, NULL, "mail: cannot start libcurl");
    }
    char from[320], rcpt_addr[320], errbuf[CURL_ERROR_SIZE] = "";
    envelope(cfg->from, from, sizeof from);
    envelope(to, rcpt_addr, sizeof rcpt_addr);
    struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
    reader r = {msg, strlen(msg)};
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(cfg->require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    if (cfg->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
    if (cfg->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &r);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : (long)MAIL_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : (long)MAIL_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode res = rcpt ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
    int rc = 0;
    if (res != CURLE_OK)
        rc = hk_err_set(err, HK_EIO, NULL, "mail to %s: %s", rcpt_addr, errbuf[0] ? errbuf : curl_easy_strerror(res));
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    free(msg);
    return rc;
}
