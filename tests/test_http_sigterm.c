/*
 * test_http_sigterm.c - the graceful stop of `hamkor serve` under load:
 * four clients create listings as fast as the server takes them,
 * SIGTERM arrives in the middle, and afterwards every listing the
 * server acknowledged (201 with its id) is in the database, the server
 * exited 0 in good time, and the database passes its integrity check.
 * The real binary is started (build/hamkor, beside build/tests/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "http_client.h"
#include "http_fixture.h"
#include "store/store.h"

#define CLIENTS 4
#define MAX_ACKS 20000

typedef struct client {
    int index;
    uint16_t port;
    const http_session *session;
    int64_t org;
    int64_t acked[MAX_ACKS];
    char names[MAX_ACKS][40];
    size_t n_acked;
    size_t refused;            /* transport errors after the stop */
} client;

static volatile int stop_clients;

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
    char *buf = ctx;
    size_t used = strlen(buf), add = size * n;
    if (used + add < 4096) {
        memcpy(buf + used, p, add);
        buf[used + add] = '\0';
    }
    return size * n;
}

static void *client_run(void *arg)
{
    client *c = arg;
    CURL *h = curl_easy_init();
    char url[128], cookie[600], csrf[100];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/listings", (unsigned)c->port);
    snprintf(cookie, sizeof cookie, "Cookie: %s", c->session->cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->session->csrf);
    struct curl_slist *hdr = NULL;
    hdr = curl_slist_append(hdr, cookie);
    hdr = curl_slist_append(hdr, csrf);
    hdr = curl_slist_append(hdr, "Content-Type: application/json");
    for (int i = 0; !stop_clients && c->n_acked < MAX_ACKS; i++) {
        char name[40], body[512], answer[4096] = "";
        snprintf(name, sizeof name, "Load %d-%d", c->index, i);
        snprintf(body, sizeof body,
                 "{\"org_id\":%lld,\"direction\":\"offer\",\"kind\":\"supply\",\"texts\":[{\"lang\":\"en\","
                 "\"origin\":\"original\",\"title\":\"%s\"}],\"expires\":\"2099-12-31\"}",
                 (long long)c->org, name);
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
        if (curl_easy_perform(h) != CURLE_OK) {
            c->refused++;
            if (c->refused > 20)
                break;
            usleep(20000);
            continue;
        }
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        if (status != 201)
            continue;
        json_t *j = json_loads(answer, 0, NULL);
        int64_t id = j ? json_integer_value(json_object_get(j, "id")) : 0;
        json_decref(j);
        if (id > 0) {
            c->acked[c->n_acked] = id;
            snprintf(c->names[c->n_acked], sizeof c->names[0], "%s", name);
            c->n_acked++;
        }
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return NULL;
}

static uint16_t free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
    close(s);
    return ntohs(a.sin_port);
}

/* build/tests/test_http_sigterm -> build/hamkor */
static void hamkor_path(char *out, size_t len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    char *dir = dirname(dirname(self));
    snprintf(out, len, "%s/hamkor", dir);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void acknowledged_writes_survive_sigterm(void **state)
{
    (void)state;
    char db[64] = "/tmp/hamkor-sigterm-XXXXXX";
    int fd = mkstemp(db);
    close(fd);
    unlink(db);
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(db, &st, &err), 0);
    assert_int_equal(store_seed_countries(st, "data/countries.tsv", &err), 0);
    /* One organisation, many listings: organisations per account and day are capped. */
    int64_t user_id = http_fixture_user(st, "load@example.kz", ROLE_MEMBER, NULL);
    int64_t org = http_fixture_org(st, "Load Castings", "KZ", ORG_ENTERPRISE);
    http_fixture_member(st, user_id, org, true);
    store_close(st);

    char bin[PATH_MAX], listen[32], log[80];
    hamkor_path(bin, sizeof bin);
    uint16_t port = free_port();
    snprintf(listen, sizeof listen, "127.0.0.1:%u", (unsigned)port);
    snprintf(log, sizeof log, "%s.log", db);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *f = freopen(log, "w", stderr);
        (void)f;
        execl(bin, bin, "serve", "--db", db, "--listen", listen, (char *)NULL);
        _exit(127);
    }
    http_session s;
    int up = 0;
    for (int i = 0; i < 300 && !up; i++) {
        usleep(100000);
        CURL *h = curl_easy_init();
        char url[64];
        snprintf(url, sizeof url, "http://127.0.0.1:%u/healthz", (unsigned)port);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        up = curl_easy_perform(h) == CURLE_OK;
        curl_easy_cleanup(h);
    }
    assert_true(up);
    assert_int_equal(http_session_login(&s, port, "load@example.kz", HTTP_FIXTURE_PASSWORD), 200);

    static client clients[CLIENTS];
    pthread_t threads[CLIENTS];
    stop_clients = 0;
    for (int i = 0; i < CLIENTS; i++) {
        memset(&clients[i], 0, sizeof clients[i]);
        clients[i] = (client){.index = i, .port = port, .session = &s, .org = org};
        pthread_create(&threads[i], NULL, client_run, &clients[i]);
    }
    usleep(1500000);
    double t0 = now_s();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    double stop_time = now_s() - t0;
    stop_clients = 1;
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(threads[i], NULL);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(stop_time < 10.0);

    size_t total = 0;
    assert_int_equal(store_open(db, &st, &err), 0);
    for (int i = 0; i < CLIENTS; i++) {
        for (size_t k = 0; k < clients[i].n_acked; k++) {
            listing l;
            if (store_listing_get(st, clients[i].acked[k], &l, &err))
                fail_msg("acknowledged listing %lld (%s) is missing", (long long)clients[i].acked[k],
                         clients[i].names[k]);
            assert_string_equal(l.texts[0].title, clients[i].names[k]);
            listing_free(&l);
        }
        total += clients[i].n_acked;
    }
    store_close(st);
    /* Enough load for the test to mean something. */
    if (total < 20)
        fail_msg("only %zu writes were acknowledged before the stop", total);
    print_message("%zu acknowledged writes, all present; stopped in %.2f s\n", total, stop_time);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA integrity_check' | grep -qx ok", db);
    assert_int_equal(system(cmd), 0);
    const char *suffix[] = {"", "-wal", "-shm", ".key", ".log"};
    for (size_t i = 0; i < 5; i++) {
        char p[96];
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        unlink(p);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(acknowledged_writes_survive_sigterm),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
