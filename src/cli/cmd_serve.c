/*
 * cmd_serve.c - `hamkor serve`: open (or create) the store, optionally
 * fill an empty one with the demo data set, then serve HTTP until SIGTERM
 * or SIGINT, when requests in flight finish before the process exits.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "demo/demo.h"
#include "engine/engine.h"
#include "http/http_server.h"

static void serve_usage(FILE *out)
{
    fprintf(out, "usage: hamkor serve [--listen ADDR:PORT] [--db PATH] [--threads N] [--demo-if-empty]\n"
                 "                    [--key FILE] [--secure-cookies] [--data-dir DIR] [--trusted-proxy ADDR]\n"
                 "                    [--login-burst N]\n"
                 "                    [--smtp-url URL [--smtp-user USER --smtp-password-file FILE]\n"
                 "                     [--smtp-require-tls] [--smtp-ca-file FILE] --mail-from ADDR\n"
                 "                     --public-url URL]\n\n"
                 "Serves hamkor over HTTP (default 127.0.0.1:8080, database " CLI_DEFAULT_DB ").\n"
                 "--demo-if-empty writes the demo data set first when the database has no\n"
                 "organisations. --key names the token key file (default PATH.key, made on\n"
                 "first start). --secure-cookies marks cookies Secure: use it when clients\n"
                 "reach hamkor over TLS (a TLS-terminating proxy in front).\n"
                 "--trusted-proxy ADDR: requests from ADDR (a load balancer) are counted for\n"
                 "the client in their last X-Forwarded-For entry (per-address limits, log).\n"
                 "--login-burst N: sign-ins one address may make at once (default 10; then\n"
                 "one more every 6 s), for many people behind one address.\n"
                 "With a PostgreSQL --db, give every node the same --key file.\n"
                 "--data-dir names the folder of the shipped data (countries.tsv, taxonomy/,\n"
                 "geo/); without it the environment variable HAMKOR_DATA_DIR, else the folder\n"
                 "built in (%s).\n"
                 "--smtp-url smtp://HOST:PORT (or smtps://) turns on notifications by email\n"
                 "(off by default); STARTTLS is used when the server offers it, and required\n"
                 "with --smtp-require-tls. --smtp-password-file holds the password (its first\n"
                 "line). --smtp-ca-file names PEM certificates to trust for the mail server\n"
                 "(a private relay's CA) instead of the system's. --mail-from is the sender's address; --public-url the site's address\n"
                 "for the links in mails.\n"
                 "Stops cleanly on SIGTERM or SIGINT.\n",
            engine_data_dir());
}

/* The first line of file (a password), malloc'd; NULL when unreadable. */
static char *read_secret(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return NULL;
    char buf[1024];
    char *s = fgets(buf, sizeof buf, f) ? strdup(buf) : strdup("");
    fclose(f);
    if (s)
        s[strcspn(s, "\r\n")] = '\0';
    return s;
}

static void print_account(const char *email, const char *what, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "  %-36s %s\n", email, what);
}

int cmd_serve(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *listen = "127.0.0.1:8080", *key = NULL, *data_dir = NULL, *proxy = NULL;
    int demo_if_empty = 0, secure = 0;
    unsigned threads = 0, login_burst = 0;
    mail_config mail = {0};
    const char *password_file = NULL;
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},
                                         {"demo-if-empty", no_argument, 0, 'e'},
                                         {"key", required_argument, 0, 'k'},
                                         {"secure-cookies", no_argument, 0, 's'},
                                         {"data-dir", required_argument, 0, 'D'},
                                         {"trusted-proxy", required_argument, 0, 'P'},
                                         {"login-burst", required_argument, 0, 'B'},
                                         {"smtp-url", required_argument, 0, 'S'},
                                         {"smtp-user", required_argument, 0, 'U'},
                                         {"smtp-password-file", required_argument, 0, 'W'},
                                         {"smtp-require-tls", no_argument, 0, 'T'},
                                         {"smtp-ca-file", required_argument, 0, 'C'},
                                         {"mail-from", required_argument, 0, 'F'},
                                         {"public-url", required_argument, 0, 'u'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': listen = optarg; break;
        case 't': threads = (unsigned)atoi(optarg); break;
        case 'e': demo_if_empty = 1; break;
        case 'k': key = optarg; break;
        case 's': secure = 1; break;
        case 'D': data_dir = optarg; break;
        case 'P': proxy = optarg; break;
        case 'B': {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*optarg < '0' || *optarg > '9' || *end || v < 1 || v > 1000000) {
                fprintf(stderr, "hamkor serve: --login-burst: '%s' is not a number from 1 to 1000000\n", optarg);
                return 2;
            }
            login_burst = (unsigned)v;
            break;
        }
        case 'S': mail.smtp_url = optarg; break;
        case 'U': mail.user = optarg; break;
        case 'W': password_file = optarg; break;
        case 'T': mail.require_tls = true; break;
        case 'C': mail.ca_file = optarg; break;
        case 'F': mail.from = optarg; break;
        case 'u': mail.public_url = optarg; break;
        case 'h': serve_usage(stdout); return 0;
        default: serve_usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        serve_usage(stderr);
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    char *password = NULL;
    if (mail.smtp_url) {
        if (!mail.from || !mail.public_url || (mail.user && !password_file)) {
            fprintf(stderr, "hamkor serve: --smtp-url needs --mail-from and --public-url (and --smtp-user "
                            "--smtp-password-file for a server that wants a login)\n");
            return 2;
        }
        if (password_file && !(password = read_secret(password_file))) {
            fprintf(stderr, "hamkor serve: %s: cannot read the SMTP password\n", password_file);
            return 1;
        }
        mail.password = password;
        curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread starts */
    }
    http_config cfg = {.db_path = db, .data_dir = data_dir, .threads = threads, .access_log = stderr,
                       .key_path = key, .secure_cookies = secure, .trusted_proxy = proxy,
                       .login_burst = login_burst, .mail = mail.smtp_url ? &mail : NULL};
    char addr[64];
    if (http_parse_listen(listen, addr, sizeof addr, &cfg.port, &err))
        return cli_fail("serve", &err);
    cfg.listen_addr = addr;

    hk_store *st;
    if (cli_open_store_in(db, data_dir, &st, &err))
        return cli_fail("serve", &err);
    if (demo_if_empty) {
        store_stats s;
        int rc = store_get_stats(st, &s, &err);
        if (!rc && s.organisations == 0) {
            fprintf(stderr, "hamkor serve: empty database, writing the demo data set...\n");
            demo_opts dopt;
            demo_opts_default(&dopt);
            demo_result dres;
            rc = demo_generate(st, &dopt, &dres, &err);
            if (!rc) {
                fprintf(stderr, "hamkor serve: demo accounts (password \"%s\"):\n", DEMO_PASSWORD);
                rc = demo_accounts(st, DEMO_PASSWORD, print_account, NULL, &err);
            }
            if (!rc)
                rc = demo_projects(st, DEMO_PASSWORD, print_account, NULL, &err);
            /* The demo is a starting state, not news: no alerts for it. */
            if (!rc)
                rc = cli_alerts_start_now(st, &err);
        }
        if (rc) {
            store_close(st);
            return cli_fail("serve", &err);
        }
    }
    store_close(st);

    /* Block the stop signals in every thread (libmicrohttpd's included)
     * and wait for them here, so the stop runs in ordinary code. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    http_server *srv;
    if (http_server_start(&cfg, &srv, &err))
        return cli_fail("serve", &err);
    fprintf(stderr, "hamkor serve: listening on http://%s:%u/ (database %s)\n", addr,
            (unsigned)http_server_port(srv), db);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, "hamkor serve: signal %d, finishing requests in flight\n", sig);
    http_server_stop(srv);
    free(password); /* the error paths above end the process */
    return 0;
}
