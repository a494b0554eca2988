/*
 * http_int.h - what the files of src/http/ share: the application state
 * handlers work with, the request and response of one exchange, and the
 * route table.
 *
 *   http_server.c   libmicrohttpd daemon, request life cycle, limits, log
 *   http_router.c   route table (with each route's query parameters)
 *                   and path matching
 *   http_resp.c     JSON and problem+json responses, ETags, status mapping
 *   http_auth.c     who is asking: session cookie or API token, CSRF,
 *                   and the one mapping of auth_can() decisions to answers
 *   http_body.c     request bodies: strict JSON objects, merge patches,
 *                   If-Match, unknown query parameters
 *   http_write.c    after a committed write: wait until the engine's
 *                   follower has applied it (src/engine), so the writer's
 *                   next request finds it
 *   http_api_read.c public read endpoints (countries, taxonomy, search,
 *                   listings, organisations, matches, export)
 *   http_api_account.c  register, sign in and out, password, /me, API tokens
 *   http_api_org.c  organisations: directory, create, update, verify,
 *                   duplicates, members, an organisation's listings
 *   http_api_listing.c  listings: create, update, publish, close, renew
 *   http_api_interest.c expressions of interest and their message threads
 *   http_api_notify.c   notifications and saved searches
 *   http_api_project.c  joint projects: the state machine, documents,
 *                   financing decisions, questions, the pipeline
 *   http_project_json.c projects in and out of JSON
 *   http_sse.c      the live notification stream (server-sent events)
 *   http_api_admin.c    the secretariat's registry (countries, taxonomy labels)
 *   http_api_geo.c  the gazetteer's city suggestions (GET /api/v1/cities)
 *   http_api_coord.c    the coordination mechanism: meetings, chairmanship,
 *                   initiatives
 *   http_api_plan.c the Action Plan: measures, progress notes, CSV export,
 *                   one state's part
 *   http_ical.c     the iCalendar feed of meetings and deadlines
 *   http_api_analytics.c the analytics figures, JSON or CSV
 *   http_static.c   the web UI's files from web/
 *   http_api_invite.c   invitations to organisations, email checks
 *   http_export.c   the bulk export of public records, streamed
 *   http_jsonw.c    JSON written straight into a buffer, for hot routes
 *                   (search) where building a jansson tree is the cost
 *   http_uri.c      the raw request target: length, parameter count,
 *                   NUL and encoded-slash checks before libmicrohttpd
 *                   parses it; escaping for the access log
 */
#ifndef HK_HTTP_INT_H
#define HK_HTTP_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>

#include "auth/auth.h"
#include "engine/engine.h"
#include "http/http_server.h"
#include "geo/geo.h"
#include "index/index.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"
#include "text/text.h"

#define HTTP_MAX_BODY (1u << 20)   /* bytes of a request body */
#define HTTP_MAX_IDS 2             /* {id} segments in one path */
#define HTTP_SYNC_MS 2000          /* how long a write waits for the index to take it */
#define HTTP_MAX_CODE 16           /* bytes of a {code} path segment */
#define HTTP_MAX_EXTRA_HEADERS 6
#define HTTP_MAX_URI 4096          /* bytes of a request target (path and query) */
#define HTTP_MAX_PARAMS 64         /* query parameters of one request */

struct http_sse_hub;             /* http_sse.c */

/* Shared by every request; immutable after start except through the
 * thread-safe objects it points to. */
typedef struct http_app {
    engine *eng;               /* owned: the store pool, the index and its follower */
    char *web_root;            /* from strdup(); NULL = no UI */
    /* Borrowed from eng, for the handlers (valid while eng is): */
    text_analyzer *a;
    tax *t;
    idx *ix;
    geo *geo;                  /* gazetteer and rail corridors */
    int schema_version;

    auth_key key;              /* the server's token key; wiped at stop */
    auth_pwhash_params pwhash; /* Argon2id cost of new password hashes */
    char dummy_hash[AUTH_PWHASH_STRBYTES]; /* verified for unknown emails */
    auth_rate *login_by_addr;  /* sign-in attempts per client address */
    auth_rate *token_by_addr;  /* failed API token checks per client address */
    auth_rate *login_failures; /* failed sign-ins per account and address */
    int secure_cookies;        /* behind TLS: cookies get Secure */
    char trusted_proxy[64];    /* a load balancer's address, or "" (http_client_addr) */
    FILE *outbox;              /* http_mail_link writes here; not owned */

    struct http_sse_hub *sse;  /* live notification streams; owned */

    char *openapi_yaml;        /* the data folder's openapi.yaml, from malloc(); NULL = absent */
    size_t openapi_yaml_len;
    char *openapi_json;        /* the same as compact JSON, from malloc(); NULL with it */
    size_t openapi_json_len;

    pthread_mutex_t export_lock; /* guards the two below (http_export.c) */
    int64_t export_users[8];   /* the users of the exports streaming now */
    int n_exports;
} http_app;

/* Who is asking, resolved once per request by http_auth.c. */
typedef struct http_actor {
    auth_actor a;              /* a.user_id 0 = visitor */
    user u;                    /* the signed-in user (zeroed for a visitor) */
    auth_membership *ms;       /* from malloc(); a.memberships points here */
    int64_t session_id;        /* 0 when not signed in by a session */
    int64_t token_id;          /* 0 when not signed in by an API token */
} http_actor;

typedef struct http_req {
    struct MHD_Connection *conn;
    const char *method, *url;
    char *body;                /* from malloc(); NUL-terminated */
    size_t body_len;
    int too_big;               /* the body passed HTTP_MAX_BODY */
    int64_t ids[HTTP_MAX_IDS]; /* {id} path segments, in order */
    char code[HTTP_MAX_CODE + 1]; /* the {code} path segment, if any */
    int no_csrf;               /* the route needs no CSRF token (sign-in) */
    const char *const *args;   /* the route's query parameters (NULL-ended, static);
                                * NULL when its handler checks them itself */
    http_actor actor;
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
    const char *cache;         /* Cache-Control value or NULL (no-cache, or no-store
                                * for a personal answer) */
    int personal;              /* answered to a signed-in user: Cache-Control no-store */
    struct {
        const char *name;      /* static string */
        char *value;           /* from malloc() */
    } extra[HTTP_MAX_EXTRA_HEADERS]; /* Set-Cookie, Location, Retry-After... */
    size_t n_extra;
    struct MHD_Response *mhd;  /* a ready response (streams); owned until sent */
} http_resp;

typedef void (*http_handler)(http_req *req, http_resp *resp);

/* http_router.c */
/* The handler for method and path, with {id} segments parsed into
 * req->ids and the route's query parameters in req->args; NULL with *allowed set (405) when the path exists for other
 * methods, NULL with *allowed 0 (404) when it does not. */
http_handler http_route(const char *method, const char *path, http_req *req, int *allowed);
/* Calls fn for every route (for the OpenAPI test). */
void http_routes_each(void (*fn)(const char *method, const char *pattern, void *ctx), void *ctx);

/* http_jsonw.c: JSON written as it goes, byte for byte as jansson dumps
 * the same values (model_json_dump: compact, reals to 17 digits, UTF-8
 * kept, only quotes, backslashes and control characters escaped). The
 * caller writes the commas and colons' structure with http_jw_raw. On
 * out of memory the buffer is dropped and oom set; later calls do nothing. */
typedef struct http_jw {
    char *b;                   /* from malloc() */
    size_t n, cap;
    bool oom;
} http_jw;
void http_jw_raw(http_jw *w, const char *s, size_t n);
#define http_jw_lit(w, s) http_jw_raw((w), (s), sizeof(s) - 1)
/* A string (n bytes of valid UTF-8), quoted and escaped. */
void http_jw_str(http_jw *w, const char *s, size_t n);
#define http_jw_cstr(w, s) http_jw_str((w), (s), strlen(s))
void http_jw_int(http_jw *w, long long v);
void http_jw_real(http_jw *w, double v);
void http_jw_bool(http_jw *w, bool v);
/* Answers status with w's bytes as application/json (taking them); 500
 * when w ran out of memory. */
void http_jw_send(http_resp *resp, unsigned status, http_jw *w);

/* http_resp.c */
void http_json(http_resp *resp, unsigned status, json_t *body);
/* A problem document; err (may be NULL) adds its field to "errors". */
void http_problem(http_resp *resp, unsigned status, const char *type, const char *title, const hk_err *err);
/* The 404 problem naming field: the same for a record that does not
 * exist and for one the caller may not know of. */
void http_not_found(http_resp *resp, const char *field);
/* Maps a store/model status to the problem it means. */
void http_error(http_resp *resp, const hk_err *err);
/* Sets resp->etag from the JSON body (a hash of its canonical text). */
void http_etag(http_resp *resp);
/* The ETag http_etag would give body, into out. */
void http_etag_of(const json_t *body, char out[40]);
/* True when the If-Match or If-None-Match list (comma-separated entity
 * tags) holds etag. weak: the comparison of If-None-Match, where W/"x"
 * is "x"; else the strong one of If-Match, where a weak tag never
 * matches. "*" is the caller's to handle. */
bool http_etag_listed(const char *list, const char *etag, bool weak);
/* Answers 200 with one page of a keyset list: {member: items (taken),
 * "next_cursor"}, where the cursor is last_id (the id of the page's last
 * record) as text when the page is full (n == limit), else null. */
void http_page(http_resp *resp, const char *member, json_t *items, size_t n, size_t limit, int64_t last_id);
/* A time as model_format_time writes it, or null for 0 (never). */
json_t *http_time_json(int64_t t);
/* Adds a response header (printf-style value); silently dropped past
 * HTTP_MAX_EXTRA_HEADERS, which no route comes near. */
void http_header(http_resp *resp, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *http_req_header(const http_req *req, const char *name);
const char *http_arg(const http_req *req, const char *name);
enum MHD_Result http_send(http_req *req, http_resp *resp);

/* http_uri.c */
/* What http_uri_check found wrong with a request target. */
typedef struct http_uri_verdict {
    unsigned status;           /* 400 or 414 */
    char field[8];             /* "uri", "path" or "query" */
    char msg[96];
} http_uri_verdict;
/* 0 when the raw target (as sent, before decoding) may be parsed; -1
 * with v filled when it is too long, has too many parameters, a %00, or
 * a %2F in the path. */
int http_uri_check(const char *raw, http_uri_verdict *v);
/* Answers v on the connection's socket and shuts it (see http_uri.c). */
void http_uri_refuse(struct MHD_Connection *conn, const http_uri_verdict *v);
/* in as printable ASCII for a log line: control bytes, bytes past 0x7e,
 * spaces, quotes and backslashes become \xNN; cut to fit cap. */
void http_log_escape(const char *in, char *out, size_t cap);

/* http_auth.c */
/* A line in the server's log for a refused sign-in, a 429 or a CSRF
 * refusal: what, the client's address, the account (account, else the
 * signed-in user's email, else "-") and the request, all escaped. */
void http_log_security(const http_req *req, const char *what, const char *account);
/* Resolves req->actor from the Authorization header or the session
 * cookie and checks CSRF for unsafe methods. 0, or -1 with resp filled
 * (401 for a bad API token, 403 csrf_failed, 415 for a body that is not
 * JSON). A missing or stale session cookie is a visitor, not an error. */
int http_actor_resolve(http_req *req, http_resp *resp);
void http_actor_free(http_actor *ac);
/* The client's address as text (the key of per-address rate limits). */
void http_client_addr(const http_req *req, char out[46]);
/* Asks auth_can(); 0 when allowed, else -1 with the problem in resp. */
int http_authorize(http_req *req, http_resp *resp, auth_action action, const auth_target *target);
/* Whether the signed-in actor is a member (or admin) of org_id. */
bool http_actor_in_org(const http_req *req, int64_t org_id);
/* 401 (and -1) when the request is not signed in. */
int http_require_user(http_req *req, http_resp *resp);
/* The target of an organisation's record: its id and country. */
void http_target_org(auth_target *t, const organisation *o);
/* Loads listing req->ids[0] into *l and asks auth_can() for action on it
 * (its organisation and status; *t, when not NULL, gets that target): 0,
 * or -1 with the problem in resp and nothing to free. A draft hidden from
 * the actor is answered exactly like an id that does not exist. */
int http_listing_for(http_req *req, http_resp *resp, auth_action action, listing *l, auth_target *t);
/* Signs user_id in: a new session row and the two cookies on resp. */
int http_session_start(http_req *req, http_resp *resp, int64_t user_id, char csrf_out[AUTH_TOKEN_LEN + 1]);
/* Signs the current session out and expires the cookies. */
void http_session_end(http_req *req, http_resp *resp);
/* Loads the user's memberships into ac (replacing what it had). */
int http_actor_load_memberships(http_req *req, http_actor *ac, hk_err *err);

/* http_body.c */
/* The request body as a JSON object: refuses a body that is missing,
 * not JSON, not an object, nested deeper than 32, or invalid UTF-8, with
 * a 400 naming "body". NULL with resp filled on refusal. */
json_t *http_body_object(http_req *req, http_resp *resp);
/* Refuses (400 naming it) a member of body not in allowed (NULL-ended). */
int http_body_only(const json_t *body, const char *const *allowed, http_resp *resp);
/* http_body_object() holding only allowed members; NULL with resp filled. */
json_t *http_body_strict(http_req *req, http_resp *resp, const char *const *allowed);
/* The body of a route that takes none: absent or {} is 0; anything else
 * -1 with a 400 in resp. */
int http_body_empty(http_req *req, http_resp *resp);
/* A required string member of body (borrowed from it), or NULL with a
 * 400 naming it ("is required" or "must be a string"). */
const char *http_body_string(const json_t *body, const char *name, http_resp *resp);
/* Refuses (400 naming it) a query parameter not in allowed (NULL-ended). */
int http_args_only(http_req *req, const char *const *allowed, http_resp *resp);
/* A required id member of body (a positive integer), or 0 with a 400
 * naming it ("must be the id of " what, or "is required"). */
int64_t http_body_id(const json_t *body, const char *name, const char *what, http_resp *resp);
/* Applies a JSON merge patch (RFC 7396) to target in place. */
void http_merge_patch(json_t *target, const json_t *patch);
/* A copy of current with patch merged in, except for the members named
 * in server_owned (NULL-ended), which keep current's values; NULL when
 * out of memory. The caller owns the copy. */
json_t *http_patched(const json_t *current, const json_t *patch, const char *const *server_owned);
/* Checks If-Match against the ETag of current: 428 when absent, 412
 * when it differs (-1 with resp filled), else 0. */
int http_if_match(http_req *req, http_resp *resp, const json_t *current);
/* Answers a store error of an update: a version conflict found by the
 * store after If-Match passed (a write landed between the read and the
 * write) is the same 412 as a stale If-Match; anything else as
 * http_error. */
void http_update_error(http_resp *resp, const hk_err *err);
/* Parses an optional whole-number query parameter in [min, max]. */
int http_int_arg(http_req *req, http_resp *resp, const char *name, long min, long max, long def, long *out);
/* Parses an optional keyset cursor (a positive id as text; 0 when absent). */
int http_cursor_arg(http_req *req, http_resp *resp, const char *name, int64_t *out);

/* http_write.c */
/* After a committed write through req->st: waits (up to HTTP_SYNC_MS)
 * until the engine's follower has applied the change log up to this
 * write, so that the writer's next request finds it; the follower then
 * raises the alerts and wakes the live streams (http_sse_wake). A
 * timeout is logged, not returned: the write itself is already durable. */
void http_after_write(http_req *req);

/* http_sse.c */
int http_sse_hub_new(http_app *app, hk_err *err);
/* Something may have been written: streams look for new notifications.
 * The engine's follower calls it after each round (engine_config's
 * on_applied, with the app as ctx). */
void http_sse_wake(http_app *app);
/* The user's sessions or tokens changed (signed out, password, revoked):
 * their live streams check theirs now and end if it is gone. */
void http_sse_recheck_user(http_app *app, int64_t user_id);
/* Ends every stream (before the daemon stops) and frees the hub. */
void http_sse_hub_free(http_app *app);
void api_notifications_stream(http_req *req, http_resp *resp);
/* A Last-Event-ID header's value: the id of an event a stream sent
 * (decimal digits, no sign or leading zero) into *out; -1 otherwise. */
int http_sse_parse_last_event_id(const char *v, int64_t *out);

/* http_api_account.c */
void api_register(http_req *req, http_resp *resp);
void api_login(http_req *req, http_resp *resp);
void api_logout(http_req *req, http_resp *resp);
void api_logout_everywhere(http_req *req, http_resp *resp);
void api_password(http_req *req, http_resp *resp);
void api_me(http_req *req, http_resp *resp);
void api_mail_prefs_get(http_req *req, http_resp *resp);
void api_mail_prefs_put(http_req *req, http_resp *resp);
void api_tokens_list(http_req *req, http_resp *resp);
void api_token_create(http_req *req, http_resp *resp);
void api_token_revoke(http_req *req, http_resp *resp);

/* http_api_org.c */
void api_organisations_list(http_req *req, http_resp *resp);
void api_organisation_create(http_req *req, http_resp *resp);
void api_organisation_update(http_req *req, http_resp *resp);
void api_organisation_verify(http_req *req, http_resp *resp);
void api_organisation_flag_duplicate(http_req *req, http_resp *resp);
void api_duplicates_list(http_req *req, http_resp *resp);
void api_organisation_listings(http_req *req, http_resp *resp);
void api_members_list(http_req *req, http_resp *resp);
void api_member_remove(http_req *req, http_resp *resp);
/* The caller may do action on organisation {id} (which exists): 0, or -1
 * with resp filled (http_api_org.c). */
int http_org_may(http_req *req, http_resp *resp, auth_action action);
/* http_api_invite.c */
void api_invitation_send(http_req *req, http_resp *resp);
void api_org_invitations(http_req *req, http_resp *resp);
void api_invitation_revoke(http_req *req, http_resp *resp);
void api_my_invitations(http_req *req, http_resp *resp);
void api_invitation_accept(http_req *req, http_resp *resp);
void api_invitation_decline(http_req *req, http_resp *resp);
void api_verify_email(http_req *req, http_resp *resp);
void api_verify_email_resend(http_req *req, http_resp *resp);
/* Starts the check of user_id's email with a new link, and sends it (to
 * the server's log until hamkor sends mail). */
int http_mail_link(http_req *req, int64_t user_id, const char *email, hk_err *err);

/* http_api_listing.c */
void api_listing_create(http_req *req, http_resp *resp);
void api_listing_update(http_req *req, http_resp *resp);
void api_listing_publish(http_req *req, http_resp *resp);
void api_listing_close(http_req *req, http_resp *resp);
void api_listing_renew(http_req *req, http_resp *resp);

/* http_api_interest.c */
void api_interest_send(http_req *req, http_resp *resp);
void api_interests_list(http_req *req, http_resp *resp);
void api_interest_get(http_req *req, http_resp *resp);
void api_interest_accept(http_req *req, http_resp *resp);
void api_interest_decline(http_req *req, http_resp *resp);
void api_messages_list(http_req *req, http_resp *resp);
void api_message_post(http_req *req, http_resp *resp);

/* http_api_notify.c */
/* A notification as the API writes it (the list and the live stream). */
json_t *http_notification_json(const store_notification *n);
void api_notifications_list(http_req *req, http_resp *resp);
void api_notification_read(http_req *req, http_resp *resp);
void api_saved_list(http_req *req, http_resp *resp);
void api_saved_create(http_req *req, http_resp *resp);
void api_saved_delete(http_req *req, http_resp *resp);

/* http_api_admin.c */
void api_country_put(http_req *req, http_resp *resp);

/* http_project_json.c (types from store/store_project.h) */
struct project;
struct project_relation;
struct project_submission;
struct project_document;
struct project_question;
struct project_notice;
/* Reads a project body (create, or a merged patch) strictly: unknown
 * members, wrong types and invalid values are HK_EINVAL naming the field.
 * p is zeroed first; the caller frees it with project_free either way. */
int http_project_from_json(const json_t *o, struct project *p, hk_err *err);
/* The members a client writes, as http_project_from_json reads them. */
json_t *http_project_body_json(const struct project *p);
/* The project as GET answers it for an actor of relation rel. */
json_t *http_project_view(http_req *req, const struct project *p, const struct project_relation *rel);
json_t *http_submission_json(http_req *req, const struct project_submission *s);
json_t *http_document_json(const struct project_document *d);
json_t *http_question_json(const struct project_question *q);
json_t *http_project_notice_json(const struct project_notice *n);

/* http_api_project.c */
void api_projects_list(http_req *req, http_resp *resp);
void api_projects_pipeline(http_req *req, http_resp *resp);
void api_project_create(http_req *req, http_resp *resp);
void api_project_get(http_req *req, http_resp *resp);
void api_project_update(http_req *req, http_resp *resp);
void api_project_signoff(http_req *req, http_resp *resp);
void api_project_endorse(http_req *req, http_resp *resp);
void api_project_return(http_req *req, http_resp *resp);
void api_project_submit(http_req *req, http_resp *resp);
void api_project_start(http_req *req, http_resp *resp);
void api_project_complete(http_req *req, http_resp *resp);
void api_project_cancel(http_req *req, http_resp *resp);
void api_project_milestone_report(http_req *req, http_resp *resp);
void api_project_documents(http_req *req, http_resp *resp);
void api_project_document_add(http_req *req, http_resp *resp);
void api_project_document_get(http_req *req, http_resp *resp);
void api_project_decision(http_req *req, http_resp *resp);
void api_project_questions(http_req *req, http_resp *resp);
void api_project_question_add(http_req *req, http_resp *resp);
void api_project_notices(http_req *req, http_resp *resp);
void api_project_notice_read(http_req *req, http_resp *resp);

/* http_api_read.c */
/* The organisation's primary name (or its first; "" when none). */
const char *http_org_name(const organisation *o);
/* The listing's original text (or its first; NULL when it has none). */
const listing_text *http_listing_original(const listing *l);
/* A listing as GET /api/v1/listings/{id} answers it: the canonical record
 * plus a summary of its organisation. Writes answer the same text, so its
 * ETag is what If-Match is checked against. NULL with err on failure. */
json_t *http_listing_view(http_req *req, const listing *l, hk_err *err);
void api_countries(http_req *req, http_resp *resp);
void api_taxonomy_hs(http_req *req, http_resp *resp);
void api_taxonomy_isic(http_req *req, http_resp *resp);
void api_search(http_req *req, http_resp *resp);
void api_listing_get(http_req *req, http_resp *resp);
void api_listing_matches(http_req *req, http_resp *resp);
void api_organisation_get(http_req *req, http_resp *resp);
void api_organisation_matches(http_req *req, http_resp *resp);
/* http_export.c */
void api_export_listings(http_req *req, http_resp *resp);
void api_export_listings_csv(http_req *req, http_resp *resp);
void api_export_organisations(http_req *req, http_resp *resp);
void api_export_organisations_csv(http_req *req, http_resp *resp);
void api_healthz(http_req *req, http_resp *resp);

/* http_openapi.c: the API description the server serves. Reads
 * data_dir/openapi.yaml and converts it to JSON once (a missing file is
 * logged and leaves both routes answering 404; a malformed one fails). */
int http_openapi_load(http_app *app, const char *data_dir, hk_err *err);
void http_openapi_free(http_app *app);
void api_openapi_yaml(http_req *req, http_resp *resp);
void api_openapi_json(http_req *req, http_resp *resp);

/* http_api_coord.c: meetings, chairmanship, initiatives (issue 13). */
/* Today's UTC date "YYYY-MM-DD" (what "overdue" is judged on). */
void http_today(char out[11]);
/* The target of a rule over a record with several states (a measure's
 * responsible states, a document's states with access): org_country is
 * the actor's state when it is among states[0..n), else the first. */
void http_target_states(http_req *req, auth_target *t, char (*states)[3], size_t n);
/* An optional query parameter naming a value of e (-1 when absent), or a
 * country code ("" when absent); -1 with a 400 naming it otherwise. */
int http_enum_arg(http_req *req, http_resp *resp, const char *name, coord_enum e, int *out);
int http_state_arg(http_req *req, http_resp *resp, const char *name, char out[3]);
/* A meeting as the API shows it to this actor: restricted documents it
 * may not read have "withheld": true and no texts or link. */
json_t *http_meeting_view(http_req *req, const meeting *m);
void api_meetings_list(http_req *req, http_resp *resp);
void api_meeting_get(http_req *req, http_resp *resp);
void api_meeting_create(http_req *req, http_resp *resp);
void api_meeting_update(http_req *req, http_resp *resp);
void api_chairmanship(http_req *req, http_resp *resp);
void api_chair_create(http_req *req, http_resp *resp);
void api_chair_delete(http_req *req, http_resp *resp);
void api_initiatives_list(http_req *req, http_resp *resp);
void api_initiative_get(http_req *req, http_resp *resp);
void api_initiative_create(http_req *req, http_resp *resp);
void api_initiative_update(http_req *req, http_resp *resp);
void api_initiative_status(http_req *req, http_resp *resp);

/* http_api_plan.c: the Action Plan. */
/* A measure with "overdue" as of today ("YYYY-MM-DD"). */
json_t *http_measure_view(const measure *m, const char *today);
void api_measures_list(http_req *req, http_resp *resp);
void api_measure_get(http_req *req, http_resp *resp);
void api_measure_create(http_req *req, http_resp *resp);
void api_measure_update(http_req *req, http_resp *resp);
void api_measure_note_add(http_req *req, http_resp *resp);
void api_export_plan(http_req *req, http_resp *resp);
void api_state_coordination(http_req *req, http_resp *resp);

/* http_api_analytics.c: the analytics figures (issue 15), JSON or CSV. */
void api_analytics(http_req *req, http_resp *resp);

/* http_ical.c */
void api_calendar(http_req *req, http_resp *resp);

/* http_api_partner_meeting.c: meeting requests between partners (issue 14) */
void api_pm_propose_on_interest(http_req *req, http_resp *resp);
void api_pm_propose_on_listing(http_req *req, http_resp *resp);
void api_pm_list(http_req *req, http_resp *resp);
void api_pm_get(http_req *req, http_resp *resp);
void api_pm_ics(http_req *req, http_resp *resp);
void api_pm_accept(http_req *req, http_resp *resp);
void api_pm_propose(http_req *req, http_resp *resp);
void api_pm_decline(http_req *req, http_resp *resp);
void api_pm_cancel(http_req *req, http_resp *resp);

/* http_static.c */
void http_static(http_req *req, http_resp *resp);
/* Where url (the decoded request path) is under root: the file's path
 * into path (cap bytes) and its content type into *type (NULL for a
 * type not served). -1 when url may not be served: no root, an unsafe
 * path ("..", hidden files, other characters), /api/, or a path that
 * would not fit. Pure: the file system is not looked at. */
int http_static_resolve(const char *root, const char *url, char *path, size_t cap, const char **type);

/* The secretariat's taxonomy administration (http_api_admin.c) and the
 * one-code lookups it pairs with (http_api_read.c). */
void api_taxonomy_hs_put(http_req *req, http_resp *resp);
void api_taxonomy_isic_put(http_req *req, http_resp *resp);
void api_taxonomy_hs_get(http_req *req, http_resp *resp);
void api_taxonomy_isic_get(http_req *req, http_resp *resp);
/* A taxonomy code as the API answers it: {"code", "level", "label":
 * {"en", "ru", "zh"}}, and with_synonyms "synonyms": {"en": [...], "ru":
 * [...], "zh": [...]}. */
json_t *http_taxonomy_entry(const tax_node *nd, bool with_synonyms);

/* http_api_geo.c: the gazetteer over HTTP (src/geo). */
/* GET /api/v1/cities?q=&country=&limit=: the gazetteer's suggestions for
 * a city picker (geo_suggest), each city with its names and coordinates. */
void api_cities(http_req *req, http_resp *resp);

#endif
