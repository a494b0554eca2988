/*
 * sse_client.c - the live-stream client of the HTTP tests (sse_client.h).
 */
#include "sse_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sse_client {
    uint16_t port;
    char headers[SSE_CLIENT_HEADERS][640];
    int n_headers;
    pthread_t thread;
    pthread_mutex_t lock;
    char *data;                 /* everything received; under lock */
    size_t len;
    long status;                /* under lock */
    int done;                   /* curl_easy_perform returned; under lock */
    int stop;                   /* ask the thread to hang up; atomic */
};

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    sse_client *c = ctx;
    pthread_mutex_lock(&c->lock);
    char *d = realloc(c->data, c->len + size * n + 1);
    if (d) {
        memcpy(d + c->len, p, size * n);
        c->len += size * n;
        d[c->len] = '\0';
        c->data = d;
    }
    pthread_mutex_unlock(&c->lock);
    return d ? size * n : 0;
}

static int on_progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c2, curl_off_t d)
{
    (void)a, (void)b, (void)c2, (void)d;
    sse_client *c = ctx;
    return __atomic_load_n(&c->stop, __ATOMIC_ACQUIRE) ? 1 : 0;
}

static void *client_main(void *arg)
{
    sse_client *c = arg;
    CURL *h = curl_easy_init();
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/api/v1/notifications/stream", (unsigned)c->port);
    struct curl_slist *hdr = NULL;
    for (int i = 0; i < c->n_headers; i++)
        hdr = curl_slist_append(hdr, c->headers[i]);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    pthread_mutex_lock(&c->lock);
    c->status = status;
    c->done = 1;
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

sse_client *sse_client_open(uint16_t port, const char *const *headers)
{
    sse_client *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->port = port;
    for (int i = 0; headers && headers[i] && i < SSE_CLIENT_HEADERS; i++)
        snprintf(c->headers[c->n_headers++], sizeof c->headers[0], "%s", headers[i]);
    pthread_mutex_init(&c->lock, NULL);
    pthread_create(&c->thread, NULL, client_main, c);
    return c;
}

int sse_client_wait(sse_client *c, const char *needle, int ms)
{
    for (int waited = 0; waited <= ms; waited += 10) {
        int ok;
        if (needle) {
            ok = sse_client_received(c, needle);
        } else {
            pthread_mutex_lock(&c->lock);
            ok = c->done;
            pthread_mutex_unlock(&c->lock);
        }
        if (ok)
            return 1;
        usleep(10000);
    }
    return 0;
}

int sse_client_received(sse_client *c, const char *needle)
{
    pthread_mutex_lock(&c->lock);
    int ok = c->data && strstr(c->data, needle) != NULL;
    pthread_mutex_unlock(&c->lock);
    return ok;
}

long sse_client_status(sse_client *c)
{
    pthread_mutex_lock(&c->lock);
    long s = c->status;
    pthread_mutex_unlock(&c->lock);
    return s;
}

void sse_client_close(sse_client *c)
{
    __atomic_store_n(&c->stop, 1, __ATOMIC_RELEASE);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->lock);
    free(c->data);
    free(c);
}
