/*
 * http_export.c - the bulk export of public records, streamed:
 *
 *   GET /api/v1/export/listings.jsonl       published listings, JSON Lines
 *   GET /api/v1/export/listings.csv         the same as CSV
 *   GET /api/v1/export/organisations.jsonl  the organisation directory
 *   GET /api/v1/export/organisations.csv
 *
 * in the formats of `hamkor export` (src/io/io_records.c), in id order.
 *
 * Why streamed (issue 17, finding 5). The export used to be built whole in
 * memory by the request's worker: 8.5 MB per request at demo size, about
 * 850 MB at a million listings, and eight slow clients held both workers
 * long enough to stall /healthz to 715 ms. Now the answer is a callback
 * response: libmicrohttpd asks stream_read for more only when the client's
 * socket can take it, and each call writes at most one batch of
 * EXPORT_BATCH ids (io_exporter_step) into a buffer that is handed out
 * before the next is read. A worker never waits on a slow client, memory
 * per export is one batch, and a store handle is borrowed from the pool
 * for each batch only, so an idle client holds none.
 *
 * Who: signed-in users (export.public in auth_policy.c); at most
 * EXPORTS_PER_USER at once per user (429) and EXPORTS_MAX in all (503),
 * so that exports cannot crowd out everything else. The records are
 * those that exist when the export starts; one changed while it runs is
 * written as it is when its batch is read (no single snapshot).
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_records.h"

#define EXPORTS_MAX 4         /* exports streaming at once, in all */
#define EXPORTS_PER_USER 1    /* and per user */
#define EXPORT_BATCH 256      /* ids read per step */
#define EXPORT_RETRY_S 10     /* Retry-After of a refused export */

_Static_assert(EXPORTS_MAX <= sizeof ((http_app *)0)->export_users / sizeof(int64_t), "room for every export");

typedef struct export_stream {
    http_app *app;
    int64_t user_id;          /* holds one of app's export slots until freed */
    io_exporter *x;
    char *buf;                /* the current batch, from open_memstream; [off, len) unsent */
    size_t len, off;
    bool done;                /* the last batch has been read */
    bool slot_given;          /* the export slot went back at the end of the stream */
} export_stream;

/* Takes an export slot for user_id; 0, 429 or 503. */
static unsigned slot_take(http_app *app, int64_t user_id)
{
    unsigned refused = 0;
    pthread_mutex_lock(&app->export_lock);
    int mine = 0;
    for (int i = 0; i < app->n_exports; i++)
        mine += app->export_users[i] == user_id;
    if (mine >= EXPORTS_PER_USER)
        refused = 429;
    else if (app->n_exports >= EXPORTS_MAX)
        refused = 503;
    else
        app->export_users[app->n_exports++] = user_id;
    pthread_mutex_unlock(&app->export_lock);
    return refused;
}

static void slot_give(http_app *app, int64_t user_id)
{
    pthread_mutex_lock(&app->export_lock);
    for (int i = 0; i < app->n_exports; i++)
        if (app->export_users[i] == user_id) {
            app->export_users[i] = app->export_users[--app->n_exports];
            break;
        }
    pthread_mutex_unlock(&app->export_lock);
}

/* Reads the next batch into s->buf; 0, or -1 (logged) when the store or
 * memory failed. */
static int next_batch(export_stream *s)
{
    free(s->buf);
    s->buf = NULL;
    s->len = s->off = 0;
    FILE *out = open_memstream(&s->buf, &s->len);
    if (!out)
        return -1;
    hk_err err;
    hk_err_clear(&err);
    int rc = HK_EIO;
    hk_store *st = engine_store_take(s->app->eng, &err);
    if (st) {
        rc = io_exporter_step(s->x, st, EXPORT_BATCH, out, &s->done, &err);
        engine_store_give(s->app->eng, st);
    }
    if (fclose(out) != 0 && !rc)
        rc = HK_ENOMEM;
    if (rc) {
        fprintf(stderr, "hamkor serve: an export stopped: %s: %s\n", err.field, err.msg);
        return -1;
    }
    return 0;
}

/* Gives the export slot back once: at the end of the stream, before the
 * client can see it end (so that its next export is not refused), or
 * when the response is freed after a client hung up. */
static void stream_end(export_stream *s)
{
    if (!s->slot_given)
        slot_give(s->app, s->user_id);
    s->slot_given = true;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    export_stream *s = cls;
    while (s->off == s->len) {
        if (s->done) {
            stream_end(s);
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        /* A batch may hold nothing (only drafts in that id range): read
         * on until one holds something or the export is done. */
        if (next_batch(s)) {
            stream_end(s);
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(out, s->buf + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    export_stream *s = cls;
    stream_end(s);
    io_exporter_free(s->x);
    free(s->buf);
    free(s);
}

static void export_records(http_req *req, http_resp *resp, io_entity entity, io_format format)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_EXPORT_PUBLIC, NULL))
        return;
    hk_err err;
    int64_t user_id = req->actor.a.user_id;
    unsigned refused = slot_take(req->app, user_id);
    if (refused) {
        hk_err_set(&err, HK_EIO, "", "%s", refused == 429 ? "you have an export running; wait for it to finish"
                                                          : "the server is busy with other exports");
        http_problem(resp, refused, refused == 429 ? "rate_limited" : "unavailable",
                     "Too many exports at once; try again shortly", &err);
        http_header(resp, "Retry-After", "%d", EXPORT_RETRY_S);
        return;
    }
    export_stream *s = calloc(1, sizeof *s);
    if (!s || io_exporter_new(entity, format, true, &s->x, &err)) {
        free(s);
        slot_give(req->app, user_id);
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    s->app = req->app;
    s->user_id = user_id;
    /* From here the stream belongs to the response (stream_free). */
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, s, stream_free);
    if (!r) {
        stream_free(s);
        hk_err_set(&err, HK_ENOMEM, "", "cannot create the export's response");
        http_error(resp, &err);
        return;
    }
    const char *name = entity == IO_ORGANISATIONS ? "organisations" : "listings";
    const char *ext = format == IO_CSV ? "csv" : "jsonl";
    MHD_add_response_header(r, "Content-Type", format == IO_CSV ? "text/csv; charset=utf-8"
                                                                 : "application/x-ndjson; charset=utf-8");
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"hamkor-%s.%s\"", name, ext);
    MHD_add_response_header(r, "Content-Disposition", disposition);
    resp->status = 200;
    resp->mhd = r;
}

void api_export_listings(http_req *req, http_resp *resp) { export_records(req, resp, IO_LISTINGS, IO_JSONL); }
void api_export_listings_csv(http_req *req, http_resp *resp) { export_records(req, resp, IO_LISTINGS, IO_CSV); }
void api_export_organisations(http_req *req, http_resp *resp)
{
    export_records(req, resp, IO_ORGANISATIONS, IO_JSONL);
}
void api_export_organisations_csv(http_req *req, http_resp *resp)
{
    export_records(req, resp, IO_ORGANISATIONS, IO_CSV);
}
