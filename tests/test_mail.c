/*
 * test_mail.c - notifications by email (issue 18) against a real SMTP
 * server: Postfix's smtp-sink, started by each test on a free loopback
 * port, writes every mail it receives to a file of a fresh folder. The
 * tests read those files back: the envelope (X-Rcpt-Args), the headers
 * and the decoded subject and body.
 *
 * STARTTLS and the login are tried against a server that requires both:
 * Debian's python3-aiosmtpd (tests/smtp_tls_server.py) with a certificate
 * made for the test by openssl.
 *
 * The store part runs on PostgreSQL too (HAMKOR_TEST_PG, tests/run.sh).
 * Without smtp-sink (Debian's postfix package) or python3-aiosmtpd the
 * SMTP tests that need them are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/engine.h"
#include "hk_base64.h"
#include "mail/mail.h"
#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

#define SMTP_SINK "/usr/sbin/smtp-sink"
#define TLS_SERVER "tests/smtp_tls_server.py"

static void check(int rc, const hk_err *err)
{
    if (rc)
        fail_msg("%d %s: %s", rc, err->field, err->msg);
}

/* ---- the SMTP server ---- */

typedef struct sink {
    char dir[64];
    int port;
    pid_t pid;                 /* 0 while stopped */
} sink;

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || getsockname(fd, (struct sockaddr *)&a, &len))
        fail_msg("no free port");
    close(fd);
    return ntohs(a.sin_port);
}

static bool port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static void sink_start(sink *s)
{
    char tmpl[160], listen[64];
    snprintf(tmpl, sizeof tmpl, "%s/m.", s->dir);
    snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
    pid_t pid = fork();
    if (pid == 0) {
        if (getuid() == 0) /* smtp-sink refuses to run as root without -u */
            execl(SMTP_SINK, "smtp-sink", "-u", "nobody", "-d", tmpl, listen, "10", (char *)NULL);
        else
            execl(SMTP_SINK, "smtp-sink", "-d", tmpl, listen, "10", (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    for (int i = 0; i < 200 && !port_open(s->port); i++)
        usleep(10000);
    if (!port_open(s->port))
        fail_msg("smtp-sink did not start on port %d", s->port);
}

static void sink_stop(sink *s)
{
    if (!s->pid)
        return;
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

/* The STARTTLS server in s->dir's sibling folder certs (made by openssl
 * here): it wants the login user/secret; 0, or -1 when python3-aiosmtpd
 * or openssl is missing (the test then skips). */
static int tls_server_start(sink *s, const char *certs)
{
    char cmd[1024], cert[160], key[160], port[16];
    snprintf(cert, sizeof cert, "%s/cert.pem", certs);
    snprintf(key, sizeof key, "%s/key.pem", certs);
    if (system("/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null") != 0)
        return -1;
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -keyout '%s' -out '%s' >/dev/null 2>&1",
             key, cert);
    if (system(cmd) != 0)
        return -1;
    snprintf(port, sizeof port, "%d", s->port);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/usr/bin/python3", "python3", TLS_SERVER, port, cert, key, "hamkor", "s3cret", s->dir, (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    for (int i = 0; i < 500 && !port_open(s->port); i++)
        usleep(20000);
    if (!port_open(s->port))
        fail_msg("%s did not start on port %d", TLS_SERVER, s->port);
    return 0;
}

/* The files smtp-sink wrote, one per mail: their contents, malloc'd. */
static size_t sink_mails(const sink *s, char **out, size_t max)
{
    usleep(100000); /* smtp-sink closes the file after its "250" */
    DIR *d = opendir(s->dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && n < max) {
            char path[400];
            snprintf(path, sizeof path, "%s/%s", s->dir, e->d_name);
            FILE *f = fopen(path, "rb");
            char *buf = calloc(1, 1 << 16);
            size_t k = f ? fread(buf, 1, (1 << 16) - 1, f) : 0;
            buf[k] = '\0';
            if (f)
                fclose(f);
            out[n++] = buf;
        }
    if (d)
        closedir(d);
    return n;
}

static void free_mails(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
}

/* The decoded Subject of a mail (encoded words joined), malloc'd. */
static char *subject_of(const char *mail)
{
    const char *p = strstr(mail, "\nSubject:");
    assert_non_null(p);
    char *out = calloc(1, 4096);
    size_t n = 0;
    p += 9;
    for (;;) {
        const char *w = strstr(p, "=?UTF-8?B?"), *eol = strchr(p, '\n');
        if (!w || (eol && w > eol && !(eol[1] == ' ' || eol[1] == '\t')))
            break;
        w += 10;
        const char *end = strstr(w, "?=");
        unsigned char *dec;
        size_t k;
        assert_int_equal(hk_base64_decode(w, (size_t)(end - w), &dec, &k), 0);
        memcpy(out + n, dec, k);
        n += k;
        free(dec);
        p = end + 2;
    }
    return out;
}

/* The decoded body (base64 lines after the blank line), malloc'd. */
static char *body_of(const char *mail)
{
    const char *p = strstr(mail, "\n\n");
    const char *q = strstr(mail, "\r\n\r\n");
    if (!p || (q && q < p))
        p = q ? q + 4 : NULL;
    else
        p += 2;
    assert_non_null(p);
    char *b64 = calloc(1, strlen(p) + 1);
    size_t n = 0;
    for (; *p; p++)
        if (*p != '\r' && *p != '\n')
            b64[n++] = *p;
    unsigned char *dec;
    size_t k;
    assert_int_equal(hk_base64_decode(b64, n, &dec, &k), 0);
    free(b64);
    char *s = calloc(1, k + 1);
    memcpy(s, dec, k);
    free(dec);
    return s;
}

/* ---- the world: one organisation, a listing, three users ---- */

typedef struct world {
    store_fx fx;
    sink sink;
    mail_config cfg;
    char url[64];
    int64_t org, listing;
    int64_t now_user, never_user, daily_user; /* immediately (ru), never, daily (zh) */
    int64_t expiry;            /* the next notification's expires_on, unique per notification */
} world;

static int64_t add_user(world *w, const char *email, store_mail_pref pref, const char *lang)
{
    user u = {.email = strdup(email), .display_name = strdup("Someone"), .role = ROLE_MEMBER};
    hk_err err;
    check(store_user_create(w->fx.st, &u, &err), &err);
    int64_t id = u.id;
    user_free(&u);
    membership m = {.user_id = id, .org_id = w->org};
    check(store_membership_put(w->fx.st, &m, 0, &err), &err);
    check(store_mail_prefs_set(w->fx.st, id, pref, lang, &err), &err);
    return id;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    void *fx = NULL;
    if (store_fixture_setup(&fx, "mail", NULL))
        return -1;
    w->fx = *(store_fx *)fx;
    free(fx);
    hk_err err;
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){.text = strdup("Foundry"), .lang = strdup("en"), .primary = true};
    o.n_names = 1;
    strcpy(o.country, "UZ");
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_MEDIUM;
    check(store_org_create(w->fx.st, &o, 0, &err), &err);
    w->org = o.id;
    organisation_free(&o);
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = w->org;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_ORIGINAL, .title = strdup("Castings")};
    l.n_texts = 1;
    l.hs = calloc(1, sizeof *l.hs);
    l.hs[0] = strdup("7325");
    l.n_hs = 1;
    l.status = STATUS_DRAFT;
    strcpy(l.expires, "2099-12-31");
    check(store_listing_create(w->fx.st, &l, 0, &err), &err);
    w->listing = l.id;
    listing_free(&l);
    w->now_user = add_user(w, "now@example.org", MAIL_PREF_IMMEDIATELY, "ru");
    w->never_user = add_user(w, "never@example.org", MAIL_PREF_NEVER, "en");
    w->daily_user = add_user(w, "daily@example.org", MAIL_PREF_DAILY, "zh");
    w->expiry = 20990101;
    snprintf(w->sink.dir, sizeof w->sink.dir, "/tmp/hamkor-sink-XXXXXX");
    if (!mkdtemp(w->sink.dir))
        return -1;
    chmod(w->sink.dir, 0777); /* smtp-sink writes as nobody when run by root */
    w->sink.port = free_port();
    snprintf(w->url, sizeof w->url, "smtp://127.0.0.1:%d", w->sink.port);
    w->cfg = (mail_config){.smtp_url = w->url, .from = "hamkor <noreply@hamkor.example>",
                           .public_url = "https://hamkor.example/", .timeout_ms = 3000};
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    sink_stop(&w->sink);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->sink.dir);
    if (system(cmd)) {
    }
    store_fx *fx = malloc(sizeof *fx);
    *fx = w->fx;
    void *p = fx;
    store_fixture_teardown(&p);
    free(w);
    return 0;
}

static void skip_without_sink(void)
{
    if (access(SMTP_SINK, X_OK) != 0) {
        fprintf(stderr, "smtp-sink (Debian's postfix) is not installed: skipped\n");
        skip();
    }
}

/* A listing_expiring notification for user (a new one each call). */
static void notify(world *w, int64_t uid)
{
    store_notification n = {.user_id = uid, .kind = NOTIFY_LISTING_EXPIRING, .listing_id = w->listing,
                            .expires_on = w->expiry++, .payload = strdup("{\"days_left\":3}")};
    hk_err err;
    bool created;
    check(store_notification_add(w->fx.st, &n, &created, &err), &err);
    assert_true(created);
    free(n.payload);
}

static mail_round_counts round_at(world *w, int64_t now)
{
    mail_round_counts c;
    hk_err err;
    check(mail_outbox_round(w->fx.st, &w->cfg, now, 0, &c, &err), &err);
    return c;
}

/* ---- the tests ---- */

static void immediately_user_gets_one_mail_in_their_language_with_a_link(void **state)
{
    world *w = *state;
    skip_without_sink();
    sink_start(&w->sink);
    notify(w, w->now_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.sent, 1);
    assert_int_equal(c.failed, 0);
    char *mails[4];
    size_t n = sink_mails(&w->sink, mails, 4);
    assert_int_equal(n, 1);
    assert_non_null(strstr(mails[0], "X-Rcpt-Args: <now@example.org>"));
    assert_non_null(strstr(mails[0], "\nTo: now@example.org"));
    assert_non_null(strstr(mails[0], "Content-Type: text/plain; charset=UTF-8"));
    assert_non_null(strstr(mails[0], "\nMessage-ID: <"));
    assert_non_null(strstr(mails[0], "\nDate: "));
    char *subject = subject_of(mails[0]), *body = body_of(mails[0]);
    assert_string_equal(subject, "Срок вашего объявления скоро истекает");
    char link[96];
    snprintf(link, sizeof link, "https://hamkor.example/listings/%lld", (long long)w->listing);
    assert_non_null(strstr(body, link));
    free(subject);
    free(body);
    free_mails(mails, n);
    /* Sent once: a second round sends nothing. */
    c = round_at(w, (int64_t)time(NULL) + 3600);
    assert_int_equal(c.sent, 0);
    store_mail_counts k;
    hk_err err;
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.sent, 1);
    assert_int_equal(k.pending, 0);
}

static void never_user_gets_no_mail(void **state)
{
    world *w = *state;
    skip_without_sink();
    sink_start(&w->sink);
    notify(w, w->never_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.sent, 0);
    char *mails[4];
    assert_int_equal(sink_mails(&w->sink, mails, 4), 0);
    store_mail_counts k;
    hk_err err;
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.pending + k.sent + k.failed, 0);
}

static void daily_user_gets_one_digest_listing_the_day(void **state)
{
    world *w = *state;
    skip_without_sink();
    sink_start(&w->sink);
    notify(w, w->daily_user);
    notify(w, w->daily_user);
    int64_t now = (int64_t)time(NULL) + 1;
    mail_round_counts c = round_at(w, now);
    assert_int_equal(c.digests, 1);
    assert_int_equal(c.sent, 1);
    /* Not again the same day, even with a new notification. */
    notify(w, w->daily_user);
    c = round_at(w, now + 3600);
    assert_int_equal(c.digests, 0);
    assert_int_equal(c.sent, 0);
    char *mails[4];
    size_t n = sink_mails(&w->sink, mails, 4);
    assert_int_equal(n, 1);
    assert_non_null(strstr(mails[0], "X-Rcpt-Args: <daily@example.org>"));
    char *subject = subject_of(mails[0]), *body = body_of(mails[0]);
    assert_string_equal(subject, "您的每日摘要：2 条通知");
    assert_non_null(strstr(body, "您的信息即将过期"));
    free(subject);
    free(body);
    free_mails(mails, n);
}

static void mail_outage_keeps_the_mail_until_the_server_is_back(void **state)
{
    world *w = *state;
    skip_without_sink();
    notify(w, w->now_user); /* the sink is not running: the port refuses */
    int64_t now = (int64_t)time(NULL);
    mail_round_counts c = round_at(w, now);
    assert_int_equal(c.failed, 1);
    assert_int_equal(c.sent, 0);
    store_mail_counts k;
    hk_err err;
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.pending, 1);
    store_mail *v;
    size_t n;
    /* Not before its backoff ... */
    check(store_mail_due(w->fx.st, now + 1, 10, &v, &n, &err), &err);
    assert_int_equal(n, 0);
    store_mails_free(v, n);
    check(store_mail_due(w->fx.st, now + MAIL_RETRY_S, 10, &v, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].attempts, 1);
    assert_non_null(v[0].to);
    store_mails_free(v, n);
    /* ... and delivered, once, when the server is back. */
    sink_start(&w->sink);
    c = round_at(w, now + MAIL_RETRY_S);
    assert_int_equal(c.sent, 1);
    c = round_at(w, now + 10 * MAIL_RETRY_S);
    assert_int_equal(c.sent, 0);
    char *mails[4];
    size_t nm = sink_mails(&w->sink, mails, 4);
    assert_int_equal(nm, 1);
    free_mails(mails, nm);
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.sent, 1);
    assert_int_equal(k.pending, 0);
}

static void every_kind_renders_in_every_language(void **state)
{
    (void)state;
    static const char *const langs[] = {"en", "ru", "zh", "de"};
    for (int k = 0; k < NOTIFY__COUNT; k++)
        for (size_t l = 0; l < 4; l++) {
            char *s, *b;
            assert_int_equal(mail_text_notification(langs[l], store_notify_kind_name((store_notify_kind)k), 7,
                                                    "https://h.example", &s, &b),
                             0);
            assert_true(strlen(s) > 3);
            assert_non_null(strstr(b, "https://h.example/"));
            free(s);
            free(b);
        }
}

static void long_utf8_subject_is_folded_without_splitting_a_character(void **state)
{
    (void)state;
    mail_config cfg = {.from = "a@b.example"};
    const char *subject = "Срок одного из объявлений вашей организации истекает в течение недели";
    char *m = mail_message(&cfg, "c@d.example", subject, "line\nline", 1700000000);
    assert_non_null(m);
    assert_non_null(strstr(m, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
    for (const char *p = m; *p;) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        assert_true(e - p <= 78);
        p = e + 2;
    }
    char *s = subject_of(m);
    assert_string_equal(s, subject);
    free(s);
    free(m);
}

/* The server's follower sends the outbox by itself: a mail queued while
 * no server ran goes at its first round. */
static void the_engine_follower_sends_queued_mail_when_smtp_is_configured(void **state)
{
    world *w = *state;
    skip_without_sink();
    sink_start(&w->sink);
    notify(w, w->now_user);
    engine_config ec = {.db = w->fx.path, .taxonomy_dir = "tests/data/taxonomy", .build_threads = 1, .follow = true,
                        .poll_ms = 50, .mail = &w->cfg};
    engine *e;
    hk_err err;
    check(engine_open(&ec, &e, &err), &err);
    char *mails[4];
    size_t n = 0;
    for (int i = 0; i < 100 && n == 0; i++) {
        usleep(50000);
        n = sink_mails(&w->sink, mails, 4);
    }
    engine_close(e);
    assert_int_equal(n, 1);
    assert_non_null(strstr(mails[0], "X-Rcpt-Args: <now@example.org>"));
    free_mails(mails, n);
}

/* ---- STARTTLS and login, against a server that requires both ---- */

static void remove_certs(const char *certs)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", certs);
    if (system(cmd)) {
    }
}

/* Starts the TLS server for w (skips the test without it); the CA file,
 * the server's own self-signed certificate, goes in ca. */
static void tls_world(world *w, char *certs, size_t len, char *ca, size_t ca_len)
{
    snprintf(certs, len, "/tmp/hamkor-certs-XXXXXX");
    assert_non_null(mkdtemp(certs));
    if (tls_server_start(&w->sink, certs)) {
        remove_certs(certs);
        fprintf(stderr, "python3-aiosmtpd or openssl is not installed: skipped\n");
        skip();
    }
    snprintf(ca, ca_len, "%s/cert.pem", certs);
    w->cfg.require_tls = true;
    w->cfg.user = "hamkor";
    w->cfg.ca_file = ca;
}


static void starttls_and_a_login_carry_the_mail(void **state)
{
    world *w = *state;
    char certs[64], ca[96];
    tls_world(w, certs, sizeof certs, ca, sizeof ca);
    w->cfg.password = "s3cret";
    notify(w, w->now_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.failed, 0);
    assert_int_equal(c.sent, 1);
    char *mails[4];
    size_t n = 0;
    for (int i = 0; i < 50 && n == 0; i++)
        n = sink_mails(&w->sink, mails, 4);
    assert_int_equal(n, 1);
    assert_non_null(strstr(mails[0], "To: now@example.org"));
    char *subject = subject_of(mails[0]);
    assert_string_equal(subject, "Срок вашего объявления скоро истекает");
    free(subject);
    free_mails(mails, n);
    remove_certs(certs);
}

static void a_refused_login_keeps_the_mail_queued(void **state)
{
    world *w = *state;
    char certs[64], ca[96];
    tls_world(w, certs, sizeof certs, ca, sizeof ca);
    w->cfg.password = "wrong";
    notify(w, w->now_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.sent, 0);
    assert_int_equal(c.failed, 1);
    store_mail_counts k;
    hk_err err;
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.pending, 1);
    char *mails[4];
    assert_int_equal(sink_mails(&w->sink, mails, 4), 0);
    /* The right password at the retry delivers it. */
    w->cfg.password = "s3cret";
    c = round_at(w, (int64_t)time(NULL) + MAIL_RETRY_S);
    assert_int_equal(c.sent, 1);
    remove_certs(certs);
}

/* A certificate the client cannot trust is refused: without the CA file
 * the self-signed server gets nothing, and nothing is sent in clear. */
static void an_untrusted_certificate_is_refused(void **state)
{
    world *w = *state;
    char certs[64], ca[96];
    tls_world(w, certs, sizeof certs, ca, sizeof ca);
    w->cfg.password = "s3cret";
    w->cfg.ca_file = NULL;
    notify(w, w->now_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.sent, 0);
    assert_int_equal(c.failed, 1);
    char *mails[4];
    assert_int_equal(sink_mails(&w->sink, mails, 4), 0);
    remove_certs(certs);
}

/* --smtp-require-tls against a server without STARTTLS (smtp-sink):
 * the mail is not sent in clear; it waits in the outbox. */
static void required_tls_is_never_skipped(void **state)
{
    world *w = *state;
    skip_without_sink();
    sink_start(&w->sink);
    w->cfg.require_tls = true;
    notify(w, w->now_user);
    mail_round_counts c = round_at(w, (int64_t)time(NULL));
    assert_int_equal(c.sent, 0);
    assert_int_equal(c.failed, 1);
    char *mails[4];
    assert_int_equal(sink_mails(&w->sink, mails, 4), 0);
    store_mail_counts k;
    hk_err err;
    check(store_mail_counts_get(w->fx.st, &k, &err), &err);
    assert_int_equal(k.pending, 1);
}

/* Migration 12 rebuilds the notifications table on SQLite; a mail queued
 * before it keeps the notification it is about (the table's DROP would
 * otherwise set it to NULL through the foreign key). */
static void an_upgrade_keeps_queued_mails_tied_to_their_notifications(void **state)
{
    world *w = *state;
    if (store_fixture_pg()) {
        fprintf(stderr, "the SQLite rebuild only: skipped on PostgreSQL\n");
        skip();
    }
    notify(w, w->now_user);
    const char *q = "SELECT count(*) FROM outbox WHERE notification_id IS NOT NULL AND sent_at IS NULL";
    assert_int_equal(raw_count(w->fx.path, q), 1);
    store_close(w->fx.st);
    raw_downgrade_sqlite(w->fx.path, 11);
    hk_err err;
    if (store_open(w->fx.path, &w->fx.st, &err))
        fail_msg("reopen: %s", err.msg);
    assert_int_equal(raw_count(w->fx.path, "SELECT max(version) FROM schema_migrations"),
                     (int64_t)store_schema_version());
    assert_int_equal(raw_count(w->fx.path, q), 1);
    assert_int_equal(raw_count(w->fx.path, "SELECT count(*) FROM notifications"), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(immediately_user_gets_one_mail_in_their_language_with_a_link),
        T(never_user_gets_no_mail),
        T(daily_user_gets_one_digest_listing_the_day),
        T(mail_outage_keeps_the_mail_until_the_server_is_back),
        T(the_engine_follower_sends_queued_mail_when_smtp_is_configured),
        T(starttls_and_a_login_carry_the_mail),
        T(a_refused_login_keeps_the_mail_queued),
        T(an_untrusted_certificate_is_refused),
        T(required_tls_is_never_skipped),
        T(an_upgrade_keeps_queued_mails_tied_to_their_notifications),
        cmocka_unit_test(every_kind_renders_in_every_language),
        cmocka_unit_test(long_utf8_subject_is_folded_without_splitting_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
