/*
 * http_sse.c - the live notification stream, GET /api/v1/notifications/stream
 * (server-sent events). Each new notification of the signed-in user is
 * sent as
 *
 *     id: 42
 *     event: notification
 *     data: {"id":42,"kind":"interest_received",...}
 *
 * with the JSON of GET /api/v1/notifications (http_notification_json in
 * http_api_notify.c). A client that reconnects sends Last-Event-ID and
 * gets everything after that id; a client without one gets only what is
 * raised from now on (the backlog is one GET /api/v1/notifications away,
 * with its unread count, and replaying it on every page load would repeat
 * it). Nothing but comments, the retry hint and events is ever sent.
 *
 * How a stream waits (libmicrohttpd 0.9.75, thread pool over epoll): the
 * response is a callback response of unknown size. Its reader looks in
 * the store for notifications after the last id it sent; when there are
 * none it suspends its connection (MHD_suspend_connection, allowed from a
 * content reader) and returns 0, so an idle stream costs no thread and no
 * polling. http_sse_wake(), called by the engine's follower after each
 * round that applied a change or followed a write (src/engine/
 * engine_follow.c; alerts are raised there), resumes every suspended
 * stream; each then looks again.
 * The race between "nothing new" and "suspend" is closed by a wake
 * counter: a reader notes the counter before it reads the store and
 * suspends only if, under the hub's lock, the counter has not moved since.
 * A hub thread resumes every stream each SSE_TICK_S seconds, so that idle
 * streams send a keep-alive comment (proxies and the daemon's connection
 * timeout would otherwise close them), and notices notifications written
 * by other processes (hamkor import) by polling the newest id.
 *
 * Lifetimes. A stream is registered in the hub by the handler and
 * unregistered by its response's free callback, which libmicrohttpd calls
 * when it is done with the response (before it frees the connection), so
 * a registered stream's connection is always valid to resume; resuming
 * happens only under the hub's lock, and the free callback takes it too.
 * The hub is reference counted (the app and every stream), so that a
 * stream whose connection outlives http_sse_hub_free (a client that
 * stopped reading) still finds its hub when the daemon finally frees it.
 * app->sse itself is read and cleared under one process-wide mutex, the
 * only static state here: it guards which hub an app has, never the
 * hub's contents, so two servers in one process still work side by side.
 *
 * A stream ends when the session or API token it was opened with does:
 * signing out, a password change and a revocation on this node call
 * http_sse_recheck_user(), which wakes the user's streams to check their
 * credential in the store at once; every woken stream also checks it
 * after SSE_RECHECK_MS, so one revoked on another node ends within a hub
 * round (SSE_TICK_S). Streams are capped per user (the oldest makes room)
 * and per client address (refused with 429), so throwaway accounts
 * cannot take every stream the server serves.
 *
 * Lock order: app_sse_lock, then hub->lock, then libmicrohttpd's own
 * (inside MHD_suspend_connection / MHD_resume_connection).
 */
#include "http/http_int.h"
#include "hk_time.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SSE_PER_USER 4            /* open streams of one user; a new one ends the oldest */
#define SSE_PER_ADDR 16           /* open streams from one client address; more are refused */
#define SSE_MAX 256               /* open streams in all */
#define SSE_RECHECK_MS 10000      /* a woken stream checks its session or token after this */
#define SSE_LOOK_MS 1000          /* how often the hub asks the store for new notifications
                                   * (other nodes' and processes' writes) */
#define SSE_TICK_S 15             /* seconds between rounds that resume every stream */
#define SSE_KEEPALIVE_MS 10000    /* a woken idle stream sends a comment after this */
#define SSE_BATCH 8               /* notifications read per look at the store */
#define SSE_BUF_MAX (SSE_BATCH * (STORE_PAYLOAD_MAX + 1024)) /* bytes pending per stream */
#define SSE_CLOSE_WAIT_MS 2000    /* how long hub_free waits for streams to end */
#define SSE_RETRY_AFTER_S 5       /* Retry-After of a refused stream */
#define SSE_RETRY_MS 5000         /* the reconnection delay the client is told */

/* Shared with http_api_notify.c, which defines it. */

typedef struct http_sse_hub sse_hub;

typedef struct sse_stream {
    /* Under hub->lock: */
    struct sse_stream *prev, *next; /* the hub's list while registered */
    int suspended;             /* the reader suspended conn and nobody resumed it */
    int evicted;               /* a newer stream of the same user took its place */
    int recheck;               /* the user's sessions or tokens changed: check ours */
    /* Set once by the handler: */
    sse_hub *hub;              /* a counted reference, dropped by the free callback */
    struct MHD_Connection *conn; /* valid while the stream is registered */
    int64_t user_id;
    int64_t session_id;        /* the credential the stream was opened with: */
    int64_t token_id;          /*   a session, or else an API token */
    char addr[INET6_ADDRSTRLEN]; /* the client's address (the per-address cap) */
    /* Only the reader touches these (libmicrohttpd calls one
     * connection's reader from one thread at a time): */
    hk_store *st;              /* own handle, from the engine's pool; given back when freed */
    int64_t last_sent_id;      /* the newest notification id queued for sending */
    uint64_t queried_wakes;    /* hub->wakes when the store was last read */
    int queried;               /* the store was read at least once since queried_wakes */
    int hello_sent;            /* the opening comment and retry hint are queued */
    int64_t last_write_ms;     /* monotonic time of the last bytes handed out */
    int64_t checked_ms;        /* monotonic time the credential was last found valid */
    char *buf;                 /* pending bytes [off, len); from malloc(), at most SSE_BUF_MAX */
    size_t len, off, cap;
} sse_stream;

struct http_sse_hub {
    pthread_mutex_t lock;
    pthread_cond_t tick;       /* the hub thread sleeps on it (monotonic clock) */
    pthread_cond_t gone;       /* broadcast when a stream is unregistered */
    sse_stream *streams;       /* registered streams */
    size_t n_streams;
    uint64_t wakes;            /* bumped by every wake: "something may be new" */
    int closing;               /* set by hub_free: readers end their streams */
    int refs;                  /* 1 for the app until hub_free, + 1 per stream */
    pthread_t thread;
    int thread_started;
    engine *eng;               /* the app's, for store handles; outlives the hub */
    hk_store *st;              /* the hub thread's handle, for the newest id */
    int64_t seen_max_id;       /* the newest notification id the hub thread saw */
};

static pthread_mutex_t app_sse_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


/* Resumes every suspended stream. Called with h->lock held. */
static void resume_all_locked(sse_hub *h)
{
    for (sse_stream *s = h->streams; s; s = s->next)
        if (s->suspended) {
            s->suspended = 0;
            MHD_resume_connection(s->conn);
        }
}

static void hub_destroy(sse_hub *h)
{
    engine_store_give(h->eng, h->st);
    pthread_cond_destroy(&h->tick);
    pthread_cond_destroy(&h->gone);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* Drops one reference; the last one frees the hub. */
static void hub_unref(sse_hub *h)
{
    pthread_mutex_lock(&h->lock);
    int last = --h->refs == 0;
    pthread_mutex_unlock(&h->lock);
    if (last)
        hub_destroy(h);
}

/* The hub thread: every SSE_LOOK_MS it learns whether anything was
 * notified (also by other processes and other nodes, whose writes wake
 * nobody here) and then resumes every stream; every SSE_TICK_S seconds it
 * resumes them anyway, so that idle ones send their keep-alive. A local
 * write wakes it at once (http_sse_wake). */
static void *hub_main(void *arg)
{
    sse_hub *h = arg;
    int64_t last_round = 0;
    pthread_mutex_lock(&h->lock);
    while (!h->closing) {
        struct timespec until = hk_deadline_ms(SSE_LOOK_MS);
        int r = 0;
        while (!h->closing && r != ETIMEDOUT)
            r = pthread_cond_timedwait(&h->tick, &h->lock, &until);
        if (h->closing)
            break;
        pthread_mutex_unlock(&h->lock);
        int64_t max_id = 0;
        hk_err err;
        int known = store_notifications_max_id(h->st, &max_id, &err) == 0;
        int64_t now = monotonic_ms();
        pthread_mutex_lock(&h->lock);
        bool news = known && max_id != h->seen_max_id;
        if (news) {
            h->seen_max_id = max_id;
            h->wakes++;
        }
        if (news || now - last_round >= (int64_t)SSE_TICK_S * 1000) {
            last_round = now;
            resume_all_locked(h);
        }
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

int http_sse_hub_new(http_app *app, hk_err *err)
{
    sse_hub *h = calloc(1, sizeof *h);
    if (!h)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    pthread_mutex_init(&h->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&h->tick, &ca);
    pthread_cond_init(&h->gone, &ca);
    pthread_condattr_destroy(&ca);
    h->refs = 1;
    h->eng = app->eng;
    h->st = engine_store_take(app->eng, err);
    int rc = h->st ? store_notifications_max_id(h->st, &h->seen_max_id, err) : (err->code ? err->code : HK_EIO);
    if (!rc) {
        if (pthread_create(&h->thread, NULL, hub_main, h) == 0)
            h->thread_started = 1;
        else
            rc = hk_err_set(err, HK_EINTERNAL, NULL, "cannot start the notification stream thread");
    }
    if (rc) {
        hub_destroy(h);
        return rc;
    }
    pthread_mutex_lock(&app_sse_lock);
    app->sse = h;
    pthread_mutex_unlock(&app_sse_lock);
    return 0;
}

void http_sse_wake(http_app *app)
{
    pthread_mutex_lock(&app_sse_lock);
    sse_hub *h = app->sse;
    if (h) {
        pthread_mutex_lock(&h->lock);
        h->wakes++;
        resume_all_locked(h);
        pthread_mutex_unlock(&h->lock);
    }
    pthread_mutex_unlock(&app_sse_lock);
}

void http_sse_recheck_user(http_app *app, int64_t user_id)
{
    pthread_mutex_lock(&app_sse_lock);
    sse_hub *h = app->sse;
    if (h) {
        pthread_mutex_lock(&h->lock);
        for (sse_stream *s = h->streams; s; s = s->next)
            if (s->user_id == user_id) {
                s->recheck = 1;
                if (s->suspended) {
                    s->suspended = 0;
                    MHD_resume_connection(s->conn);
                }
            }
        pthread_mutex_unlock(&h->lock);
    }
    pthread_mutex_unlock(&app_sse_lock);
}

void http_sse_hub_free(http_app *app)
{
    pthread_mutex_lock(&app_sse_lock);
    sse_hub *h = app->sse;
    app->sse = NULL;
    pthread_mutex_unlock(&app_sse_lock);
    if (!h)
        return;
    /* End every stream: woken readers see closing and answer
     * END_OF_STREAM; their connections close (Connection: close) and
     * libmicrohttpd frees their responses, which unregisters them. */
    pthread_mutex_lock(&h->lock);
    h->closing = 1;
    resume_all_locked(h);
    pthread_cond_broadcast(&h->tick);
    struct timespec until = hk_deadline_ms(SSE_CLOSE_WAIT_MS);
    int r = 0;
    while (h->n_streams && r != ETIMEDOUT)
        r = pthread_cond_timedwait(&h->gone, &h->lock, &until);
    pthread_mutex_unlock(&h->lock);
    if (h->thread_started)
        pthread_join(h->thread, NULL);
    h->thread_started = 0;
    /* Streams still registered (a client that stopped reading) keep the
     * hub alive through their references until the daemon stops. */
    hub_unref(h);
}

/* ---- one stream ---- */

/* Appends n bytes to the pending buffer; -1 when it would pass
 * SSE_BUF_MAX (the caller sends what it has and comes back). */
static int pending_add(sse_stream *s, const char *p, size_t n)
{
    if (s->len + n > SSE_BUF_MAX)
        return -1;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 1024;
        while (cap < s->len + n)
            cap *= 2;
        if (cap > SSE_BUF_MAX)
            cap = SSE_BUF_MAX;
        char *b = realloc(s->buf, cap);
        if (!b)
            return -1;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    return 0;
}

/* Queues the notifications after last_sent_id as events: 1 when the
 * batch was full (there may be more), 0 otherwise, -1 when the store
 * failed (logged; the stream ends and the client reconnects). */
static int fill_events(sse_stream *s)
{
    store_notification *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_notifications_after(s->st, s->user_id, s->last_sent_id, SSE_BATCH, &v, &n, &err)) {
        fprintf(stderr, "hamkor serve: a notification stream could not read the store: %s: %s\n", err.field, err.msg);
        return -1;
    }
    int more = n == SSE_BATCH;
    for (size_t i = 0; i < n; i++) {
        json_t *j = http_notification_json(&v[i]);
        char *data = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (!data) {
            more = 1;
            break;
        }
        char head[64];
        int hn = snprintf(head, sizeof head, "id: %lld\nevent: notification\ndata: ", (long long)v[i].id);
        size_t dn = strlen(data), at = s->len;
        /* JSON_COMPACT text has no raw newline (strings escape it), so
         * the event is one data line. */
        if (pending_add(s, head, (size_t)hn) || pending_add(s, data, dn) || pending_add(s, "\n\n", 2)) {
            s->len = at; /* not this one, this time: the buffer is full */
            free(data);
            more = 1;
            break;
        }
        free(data);
        s->last_sent_id = v[i].id;
    }
    store_notifications_free(v, n);
    return more;
}

/* Whether the session or API token the stream was opened with still
 * stands (signing out, a password change, a revocation or expiry end
 * it); a store failure counts as standing, to be asked again later. */
static bool credential_stands(sse_stream *s)
{
    hk_err err;
    int64_t now = (int64_t)time(NULL);
    if (s->session_id) {
        store_session ses;
        int rc = store_session_get_by_id(s->st, s->session_id, &ses, &err);
        if (rc == HK_ENOTFOUND)
            return false;
        return rc || !auth_session_expired(ses.created_at, ses.last_seen_at, now);
    }
    store_api_token t;
    int rc = store_api_token_get(s->st, s->token_id, &t, &err);
    if (rc == HK_ENOTFOUND)
        return false;
    bool stands = rc || (t.revoked_at == 0 && (t.expires_at == 0 || t.expires_at > now));
    if (!rc)
        store_api_token_free(&t);
    return stands;
}

/* libmicrohttpd's content reader: hands out pending bytes, else looks for
 * new notifications, else a keep-alive, else suspends (see the top of
 * the file). */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    sse_stream *s = cls;
    sse_hub *h = s->hub;
    for (;;) {
        if (s->off < s->len) {
            size_t n = s->len - s->off < max ? s->len - s->off : max;
            memcpy(out, s->buf + s->off, n);
            s->off += n;
            if (s->off == s->len)
                s->off = s->len = 0;
            s->last_write_ms = monotonic_ms();
            return (ssize_t)n;
        }
        pthread_mutex_lock(&h->lock);
        int closing = h->closing || s->evicted;
        int recheck = s->recheck;
        s->recheck = 0;
        uint64_t wakes = h->wakes;
        pthread_mutex_unlock(&h->lock);
        if (closing)
            return MHD_CONTENT_READER_END_OF_STREAM;
        int64_t now = monotonic_ms();
        if (recheck || now - s->checked_ms >= SSE_RECHECK_MS) {
            if (!credential_stands(s))
                return MHD_CONTENT_READER_END_OF_STREAM;
            s->checked_ms = now;
        }
        if (!s->hello_sent) {
            char hello[64];
            int n = snprintf(hello, sizeof hello, ": hamkor notifications\nretry: %d\n\n", SSE_RETRY_MS);
            if (pending_add(s, hello, (size_t)n))
                return MHD_CONTENT_READER_END_WITH_ERROR;
            s->hello_sent = 1;
            continue;
        }
        if (!s->queried || wakes != s->queried_wakes) {
            int more = fill_events(s);
            if (more < 0)
                return MHD_CONTENT_READER_END_WITH_ERROR;
            s->queried = !more; /* a full batch: look again before sleeping */
            s->queried_wakes = wakes;
            if (s->len)
                continue;
        }
        if (monotonic_ms() - s->last_write_ms >= SSE_KEEPALIVE_MS) {
            if (pending_add(s, ": keepalive\n\n", 13))
                return MHD_CONTENT_READER_END_WITH_ERROR;
            continue;
        }
        pthread_mutex_lock(&h->lock);
        if (h->closing || s->evicted || s->recheck || h->wakes != wakes) {
            /* Woken between the look and now: look again. */
            pthread_mutex_unlock(&h->lock);
            continue;
        }
        s->suspended = 1;
        MHD_suspend_connection(s->conn);
        pthread_mutex_unlock(&h->lock);
        return 0;
    }
}

/* The response's free callback: unregisters the stream and frees it. */
static void stream_free(void *cls)
{
    sse_stream *s = cls;
    sse_hub *h = s->hub;
    engine *eng = h->eng; /* the hub may go with the reference dropped below */
    pthread_mutex_lock(&h->lock);
    if (s->prev)
        s->prev->next = s->next;
    else
        h->streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    h->n_streams--;
    pthread_cond_broadcast(&h->gone);
    pthread_mutex_unlock(&h->lock);
    hub_unref(h);
    engine_store_give(eng, s->st);
    free(s->buf);
    free(s);
}

/* A refused stream: 503 when the server is full or stopping, 429 when
 * the client's own address is at its cap. */
static void unavailable(http_resp *resp, unsigned status, const char *why)
{
    hk_err err;
    hk_err_set(&err, HK_EIO, "", "%s", why);
    http_problem(resp, status, status == 429 ? "rate_limited" : "unavailable",
                 "Too many live streams; try again shortly", &err);
    http_header(resp, "Retry-After", "%d", SSE_RETRY_AFTER_S);
}

int http_sse_parse_last_event_id(const char *v, int64_t *out)
{
    char *end;
    /* ERANGE: an id past INT64_MAX is none this stream sent; strtoll would
     * read it as INT64_MAX, which skips every event (found by fuzzing). */
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || errno == ERANGE || v[0] < '0' || v[0] > '9' || n < 0 || (v[0] == '0' && v[1]))
        return -1;
    *out = n;
    return 0;
}

/* Parses Last-Event-ID: an id this stream sent (digits, no sign); 0 or
 * -1 with a 400 naming the header. */
static int last_event_id(http_req *req, http_resp *resp, int64_t *out)
{
    const char *v = http_req_header(req, "Last-Event-ID");
    *out = -1;
    if (!v)
        return 0;
    if (http_sse_parse_last_event_id(v, out)) {
        *out = -1;
        hk_err err;
        hk_err_set(&err, HK_EINVAL, "Last-Event-ID", "must be the id of an event this stream sent");
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

void api_notifications_stream(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    auth_target t = {.owner_user_id = req->actor.a.user_id};
    int64_t after;
    if (http_authorize(req, resp, AUTH_NOTIFICATION_READ, &t) || last_event_id(req, resp, &after))
        return;
    hk_err err;
    if (after < 0 && store_notifications_max_id(req->st, &after, &err)) {
        http_error(resp, &err);
        return;
    }
    sse_stream *s = calloc(1, sizeof *s);
    if (!s) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    s->user_id = req->actor.a.user_id;
    s->session_id = req->actor.session_id;
    s->token_id = req->actor.token_id;
    http_client_addr(req, s->addr);
    s->last_sent_id = after;
    s->conn = req->conn;
    s->last_write_ms = s->checked_ms = monotonic_ms();
    /* Its own handle: req->st goes back to the pool when this returns,
     * and the stream reads from whichever worker serves it later. */
    if (!(s->st = engine_store_take(req->app->eng, &err))) {
        free(s);
        http_error(resp, &err);
        return;
    }
    const char *refused = NULL;
    unsigned refused_status = 503;
    pthread_mutex_lock(&app_sse_lock);
    sse_hub *h = req->app->sse;
    if (!h) {
        refused = "the server is stopping";
    } else {
        pthread_mutex_lock(&h->lock);
        /* A user over the limit most likely reloaded a page whose old
         * stream the server has not noticed gone yet: the oldest of the
         * user's streams (the list is newest first) makes room. */
        size_t mine = 0, from_addr = 0;
        sse_stream *oldest = NULL;
        for (sse_stream *o = h->streams; o; o = o->next) {
            if (o->user_id == s->user_id && !o->evicted) {
                mine++;
                oldest = o;
            }
            if (!o->evicted && !strcmp(o->addr, s->addr))
                from_addr++;
        }
        /* Accounts cost nothing to make, so the user's own cap alone
         * would let one client hold every stream with a few dozen: the
         * address is capped too (its own users' streams excepted, which
         * replace each other below). */
        if (h->closing)
            refused = "the server is stopping";
        else if (h->n_streams >= SSE_MAX)
            refused = "the server has as many live streams open as it serves";
        else if (from_addr >= SSE_PER_ADDR && mine < SSE_PER_USER) {
            refused = "this address has as many live streams open as one address may";
            refused_status = 429;
        }
        else if (mine >= SSE_PER_USER && oldest) {
            oldest->evicted = 1;
            if (oldest->suspended) {
                oldest->suspended = 0;
                MHD_resume_connection(oldest->conn);
            }
        }
        if (!refused) {
            s->hub = h;
            s->next = h->streams;
            if (h->streams)
                h->streams->prev = s;
            h->streams = s;
            h->n_streams++;
            h->refs++;
        }
        pthread_mutex_unlock(&h->lock);
    }
    pthread_mutex_unlock(&app_sse_lock);
    if (refused) {
        engine_store_give(req->app->eng, s->st);
        free(s);
        unavailable(resp, refused_status, refused);
        return;
    }
    /* From here the stream belongs to the response: stream_free runs
     * when libmicrohttpd is done with it, or at once if it cannot be made. */
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
    if (!r) {
        stream_free(s);
        hk_err_set(&err, HK_ENOMEM, "", "cannot create the stream's response");
        http_error(resp, &err);
        return;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    /* A stream is its connection's last answer: when it ends (the server
     * stops, the store fails) the connection closes with it. */
    MHD_add_response_header(r, "Connection", "close");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    resp->status = 200;
    resp->mhd = r;
}
