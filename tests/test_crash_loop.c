/*
 * test_crash_loop.c - the real server killed with SIGKILL under write load,
 * over and over (issue 17, "a crash loop"): no write it acknowledged is
 * lost, and the store reads back whole after every kill. Runs on SQLite
 * and (HAMKOR_TEST_PG) on PostgreSQL.
 *
 * Each round starts `hamkor serve` (the binary beside this test's build
 * folder) on the same store, signs in, and has a writer thread create
 * listings through POST /api/v1/listings as fast as the server answers,
 * noting the id of every 201. After a random 150..600 ms the server is
 * killed with SIGKILL, whatever it is doing. After the last round every
 * noted listing must read back with its title, the store's own checks
 * must be clean (SQLite's integrity_check; no child row without its
 * listing), and a last start must serve them. ROUNDS rounds in a plain
 * build; fewer under a sanitizer, which makes each start slow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_fixture.h"
#include "store_raw.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ROUNDS 8
#else
#define ROUNDS 50
#endif
#define MAX_ACKED 100000

typedef struct run {
    char db[STORE_FIXTURE_PATH_MAX];
    char key[128];
    char bin[PATH_MAX];
    uint16_t port;
    pid_t pid;
    int64_t org;
    http_session s;
    /* The writer's: */
    pthread_mutex_t lock;
    int64_t *acked;            /* ids answered 201, in order */
    size_t n_acked;
    int stop;                  /* atomic */
    int serial;
} run;

/* A loopback port nothing listens on now. */
static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || getsockname(fd, (struct sockaddr *)&sa, &len))
        fail_msg("no free port");
    close(fd);
    return ntohs(sa.sin_port);
}

static bool healthy(uint16_t port)
{
    CURL *h = curl_easy_init();
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/healthz", (unsigned)port);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 500L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    return status == 200;
}

/* Starts the server on r->db and waits until it answers. */
static void start_server(run *r)
{
    r->port = free_port();
    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", (unsigned)r->port);
    r->pid = fork();
    if (r->pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(r->bin, r->bin, "serve", "--listen", listen, "--db", r->db, "--key", r->key, (char *)NULL);
        _exit(127);
    }
    for (int waited = 0; waited < 20000; waited += 20) {
        if (healthy(r->port))
            return;
        int st;
        if (waitpid(r->pid, &st, WNOHANG) == r->pid)
            fail_msg("the server exited at start (status %d)", st);
        usleep(20000);
    }
    fail_msg("the server did not answer within 20 s");
}

static void kill_server(run *r)
{
    kill(r->pid, SIGKILL);
    int st;
    waitpid(r->pid, &st, 0);
}

typedef struct body_buf {
    char data[512];
    size_t len;
} body_buf;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    body_buf *b = ctx;
    size_t k = size * n;
    size_t room = sizeof b->data - 1 - b->len;
    memcpy(b->data + b->len, p, k < room ? k : room);
    b->len += k < room ? k : room;
    b->data[b->len] = '\0';
    return k;
}

/* POSTs one listing; its id when the server answered 201, else 0. */
static int64_t post_listing(run *r, CURL *h, int n)
{
    char url[96], body[512], cookie[600], csrf[120];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/listings", (unsigned)r->port);
    snprintf(body, sizeof body,
             "{\"org_id\":%lld,\"direction\":\"offer\",\"kind\":\"supply\",\"texts\":[{\"lang\":\"en\","
             "\"origin\":\"original\",\"title\":\"Crash loop casting %d\"}],\"expires\":\"2099-12-31\"}",
             (long long)r->org, n);
    snprintf(cookie, sizeof cookie, "Cookie: %s", r->s.cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", r->s.csrf);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, cookie);
    hdr = curl_slist_append(hdr, csrf);
    body_buf b = {.len = 0};
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdr);
    if (status != 201)
        return 0;
    const char *id = strstr(b.data, "\"id\":");
    return id ? strtoll(id + 5, NULL, 10) : 0;
}

static void *writer_main(void *arg)
{
    run *r = arg;
    CURL *h = curl_easy_init();
    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        int n = ++r->serial;
        int64_t id = post_listing(r, h, n);
        if (id > 0) {
            pthread_mutex_lock(&r->lock);
            if (r->n_acked < MAX_ACKED)
                r->acked[r->n_acked++] = id;
            pthread_mutex_unlock(&r->lock);
        }
    }
    curl_easy_cleanup(h);
    return NULL;
}

/* The binary beside this test's build folder: BUILD/hamkor. */
static void find_binary(char *out, size_t len)
{
    char self[PATH_MAX - 16];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    *strrchr(self, '/') = '\0';
    *strrchr(self, '/') = '\0';
    snprintf(out, len, "%s/hamkor", self);
    assert_int_equal(access(out, X_OK), 0);
}

static void no_acknowledged_write_is_lost_across_kills(void **state)
{
    (void)state;
    run *r = calloc(1, sizeof *r);
    r->acked = calloc(MAX_ACKED, sizeof *r->acked);
    pthread_mutex_init(&r->lock, NULL);
    find_binary(r->bin, sizeof r->bin);
    assert_int_equal(store_fixture_path(r->db, sizeof r->db, "crash"), 0);
    snprintf(r->key, sizeof r->key, "/tmp/hamkor-crash-%ld.key", (long)getpid());
    hk_store *st = store_fixture_open(r->db, NULL);
    int64_t writer_id = http_fixture_user(st, "writer@crash.example", ROLE_MEMBER, NULL);
    r->org = http_fixture_org(st, "Crash Loop Castings", "UZ", ORG_ENTERPRISE);
    http_fixture_member(st, writer_id, r->org, true);
    store_close(st);
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    for (int round = 0; round < ROUNDS; round++) {
        start_server(r);
        memset(&r->s, 0, sizeof r->s);
        if (http_session_login(&r->s, r->port, "writer@crash.example", HTTP_FIXTURE_PASSWORD) != 200)
            fail_msg("round %d: cannot sign in", round);
        __atomic_store_n(&r->stop, 0, __ATOMIC_RELEASE);
        pthread_t writer;
        pthread_create(&writer, NULL, writer_main, r);
        usleep((useconds_t)(150000 + rand() % 450000));
        kill_server(r);
        __atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
        pthread_join(writer, NULL);
    }
    print_message("%d kills (seed %u), %zu writes acknowledged\n", ROUNDS, seed, r->n_acked);
    assert_true(r->n_acked > (size_t)ROUNDS); /* the load was real */
    /* Every acknowledged listing reads back whole. */
    st = store_fixture_open(r->db, NULL);
    hk_err err;
    for (size_t i = 0; i < r->n_acked; i++) {
        listing l;
        if (store_listing_get(st, r->acked[i], &l, &err))
            fail_msg("acknowledged listing %lld is lost: %s", (long long)r->acked[i], err.msg);
        assert_int_equal(l.n_texts, 1);
        assert_non_null(strstr(l.texts[0].title, "Crash loop casting"));
        listing_free(&l);
    }
    store_close(st);
    /* No child row without its listing, every listing in the change log. */
    assert_int_equal(raw_count(r->db, "SELECT count(*) FROM listing_texts t WHERE NOT EXISTS "
                                      "(SELECT 1 FROM listings l WHERE l.id = t.listing_id)"),
                     0);
    assert_int_equal(raw_count(r->db, "SELECT count(*) FROM listings l WHERE NOT EXISTS (SELECT 1 FROM changes c "
                                      "WHERE c.entity = 'listing' AND c.entity_id = l.id)"),
                     0);
    if (!store_fixture_pg())
        assert_int_equal(raw_count(r->db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
                         0);
    /* And the server starts on it and serves them. */
    start_server(r);
    assert_true(healthy(r->port));
    kill_server(r);
    store_fixture_remove(r->db);
    unlink(r->key);
    pthread_mutex_destroy(&r->lock);
    free(r->acked);
    free(r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_acknowledged_write_is_lost_across_kills),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
