/*
 * http_int.h - what the files of src/http/ share: the application state
 * handlers work with, the request and response of one exchange, and the
 * route table.
 *
 *   http_server.c   libmicrohttpd daemon, request life cycle, limits, log
 *   http_router.c   route table and path matching
 *   http_resp.c     JSON and problem+json responses, ETags, status mapping
 *   http_api_read.c public read endpoints (countries, taxonomy, search,
 *                   listings, organisations, matches, export)
 *   http_static.c   the web UI's files from web/
 */
#ifndef HK_HTTP_INT_H
#define HK_HTTP_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>

#include "http/http_server.h"
#include "geo/geo.h"
#include "index/index.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"
#include "text/text.h"

#define HTTP_MAX_BODY (1u << 20)   /* bytes of a request body */
#define HTTP_MAX_IDS 2             /* {id} segments in one path */
#define HTTP_STORE_POOL 16

/* Shared by every request; immutable after start except through the
 * thread-safe objects it points to. */
typedef struct http_app {
    char *db_path;             /* from strdup() */
    char *web_root;            /* from strdup(); NULL = no UI */
    text_analyzer *a;          /* owned */
    tax *t;                    /* owned */
    idx *ix;                   /* owned */
    geo *geo;                  /* owned; gazetteer and rail corridors */
    hk_store *stores[HTTP_STORE_POOL]; /* idle store handles, one per worker in use */
    size_t n_stores;
    pthread_mutex_t stores_lock;
    int schema_version;
} http_app;

typedef struct http_req {
    struct MHD_Connection *conn;
    const char *method, *url;
    char *body;                /* from malloc(); NUL-terminated */
    size_t body_len;
    int too_big;               /* the body passed HTTP_MAX_BODY */
    int64_t ids[HTTP_MAX_IDS]; /* {id} path segments, in order */
    hk_store *st;              /* borrowed from the pool for this request */
    http_app *app;
} http_req;

typedef struct http_resp {
    unsigned status;
    json_t *json;              /* owned; sent as application/json (or problem+json) */
    int problem;               /* json is a problem document */
    char *raw;                 /* owned alternative body (files, JSON Lines) */
    size_t raw_len;
    const char *content_type;  /* for raw */
    char etag[40];             /* set to send ETag and honour If-None-Match */
    const char *cache;         /* Cache-Control value or NULL */
} http_resp;

typedef void (*http_handler)(http_req *req, http_resp *resp);

/* http_router.c */
/* The handler for method and path, with {id} segments parsed into
 * req->ids; NULL with *allowed set (405) when the path exists for other
 * methods, NULL with *allowed 0 (404) when it does not. */
http_handler http_route(const char *method, const char *path, http_req *req, int *allowed);
/* Calls fn for every route (for the OpenAPI test). */
void http_routes_each(void (*fn)(const char *method, const char *pattern, void *ctx), void *ctx);

/* http_resp.c */
void http_json(http_resp *resp, unsigned status, json_t *body);
/* A problem document; err (may be NULL) adds its field to "errors". */
void http_problem(http_resp *resp, unsigned status, const char *type, const char *title, const hk_err *err);
/* Maps a store/model status to the problem it means. */
void http_error(http_resp *resp, const hk_err *err);
/* Sets resp->etag from the JSON body (a hash of its canonical text). */
void http_etag(http_resp *resp);
const char *http_arg(const http_req *req, const char *name);
enum MHD_Result http_send(http_req *req, http_resp *resp);

/* http_api_read.c */
void api_countries(http_req *req, http_resp *resp);
void api_taxonomy_hs(http_req *req, http_resp *resp);
void api_taxonomy_isic(http_req *req, http_resp *resp);
void api_search(http_req *req, http_resp *resp);
void api_listing_get(http_req *req, http_resp *resp);
void api_listing_matches(http_req *req, http_resp *resp);
void api_organisation_get(http_req *req, http_resp *resp);
void api_organisation_matches(http_req *req, http_resp *resp);
void api_export_listings(http_req *req, http_resp *resp);
void api_healthz(http_req *req, http_resp *resp);

/* http_static.c */
void http_static(http_req *req, http_resp *resp);

#endif
