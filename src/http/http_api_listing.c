/*
 * http_api_listing.c - writing listings through the API: create (always
 * a draft), update (merge patch under If-Match), and the status changes
 * publish, close and renew. Reading one is api_listing_get in
 * http_api_read.c; an organisation's list is in http_api_org.c.
 *
 * Handlers check in the order that leaks nothing (docs/security.md):
 * 401 before loading, then the listing, then auth_can() with the
 * listing's organisation and status (a draft is 404 to outsiders, a
 * public listing 403), then the body, then the write. Whether a status
 * change makes sense (closing a draft, publishing a closed listing) is
 * not authorization: the store refuses it, and that is a 409.
 * After every committed write http_after_write() updates the index, so
 * search sees a publish or a close in the very next request.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_json.h"

#define DEFAULT_EXPIRY_DAYS 90

/* The members listing_from_json knows: what a create body may carry. */
static const char *const listing_members[] = {
    "id", "org_id", "direction", "kind", "status", "texts", "hs", "isic", "quantities", "targets",
    "deadline", "expires", "created_at", "updated_at", "published_at", "version", NULL};

/* A PATCH may also send back the "organisation" summary GET added. */
static const char *const patch_members[] = {
    "id", "org_id", "direction", "kind", "status", "texts", "hs", "isic", "quantities", "targets",
    "deadline", "expires", "created_at", "updated_at", "published_at", "version", "organisation", NULL};

/* Members the server owns: ignored in bodies, kept from the stored record. */
static const char *const listing_server_owned[] = {"id", "org_id", "status", "version", "created_at",
                                                   "updated_at", "published_at", "organisation", NULL};

/* Answers status with listing id as stored now, and its ETag. */
static void answer_listing(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    listing l;
    memset(&l, 0, sizeof l);
    hk_err err;
    json_t *j = NULL;
    if (store_listing_get(req->st, id, &l, &err) || !(j = http_listing_view(req, &l, &err))) {
        listing_free(&l);
        http_error(resp, &err);
        return;
    }
    listing_free(&l);
    http_json(resp, status, j);
    http_etag(resp);
}

/* Signed in, the listing {id} exists, and action is allowed on it given
 * its organisation and status: 0 with *l loaded (caller frees), else -1
 * with resp filled. */
static int listing_action(http_req *req, http_resp *resp, auth_action action, listing *l)
{
    memset(l, 0, sizeof *l);
    if (http_require_user(req, resp))
        return -1;
    return http_listing_for(req, resp, action, l, NULL);
}

void api_listing_create(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    json_t *body = http_body_strict(req, resp, listing_members);
    if (!body)
        return;
    listing l;
    hk_err err;
    if (!http_body_id(body, "org_id", "your organisation", resp)) {
        json_decref(body);
        return;
    }
    int rc = listing_from_json(body, false, &l, &err);
    json_decref(body);
    if (rc) {
        http_error(resp, &err);
        return;
    }
    /* The target is the organisation the listing is posted for. */
    auth_target t;
    memset(&t, 0, sizeof t);
    t.org_id = l.org_id;
    if (http_authorize(req, resp, AUTH_LISTING_CREATE, &t)) {
        listing_free(&l);
        return;
    }
    l.status = STATUS_DRAFT; /* published only by the publish route */
    if (store_listing_create(req->st, &l, req->actor.a.user_id, &err)) {
        listing_free(&l);
        http_error(resp, &err);
        return;
    }
    int64_t id = l.id;
    listing_free(&l);
    http_after_write(req);
    answer_listing(req, resp, 201, id);
    http_header(resp, "Location", "/api/v1/listings/%lld", (long long)id);
}

void api_listing_update(http_req *req, http_resp *resp)
{
    listing l, n;
    memset(&n, 0, sizeof n);
    if (listing_action(req, resp, AUTH_LISTING_UPDATE, &l))
        return;
    hk_err err;
    json_t *current = http_listing_view(req, &l, &err), *body = NULL, *merged = NULL;
    if (!current) {
        http_error(resp, &err);
        goto done;
    }
    if (http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, patch_members)))
        goto done;
    if (!(merged = http_patched(current, body, listing_server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    json_object_del(merged, "organisation"); /* not part of the record */
    if (listing_from_json(merged, false, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = l.id;
    n.org_id = l.org_id;
    n.status = l.status;
    if (store_listing_update(req->st, &n, l.version, req->actor.a.user_id, &err)) {
        http_update_error(resp, &err);
        goto done;
    }
    http_after_write(req);
    answer_listing(req, resp, 200, l.id);
done:
    listing_free(&n);
    listing_free(&l);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

/* ---- status changes ---- */

/* today + days (UTC) as YYYY-MM-DD, the calendar the store checks against. */
static void days_from_today(int days, char out[11])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The optional body of a status change: none, or an object with only
 * allowed members; an "expires" must be a real date. expires[0] is ""
 * when none was given. -1 with a 400 in resp. */
static int status_body(http_req *req, http_resp *resp, const char *const *allowed, char expires[11])
{
    expires[0] = '\0';
    if (!req->body || !req->body_len)
        return 0; /* "{}" and no body at all mean the same */
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return -1;
    const json_t *e = json_object_get(body, "expires");
    int rc = 0;
    if (e && !json_is_null(e)) {
        if (!json_is_string(e) || !model_is_date(json_string_value(e))) {
            hk_err err;
            hk_err_set(&err, HK_EINVAL, "expires", "must be a real date written YYYY-MM-DD");
            http_error(resp, &err);
            rc = -1;
        } else {
            snprintf(expires, 11, "%s", json_string_value(e));
        }
    }
    json_decref(body);
    return rc;
}

/* The store calls an impossible transition HK_EINVAL naming "status";
 * to a client it is a conflict with the record's current state. */
static void status_failed(http_resp *resp, hk_err *err)
{
    if (err->code == HK_EINVAL && !strcmp(err->field, "status"))
        err->code = HK_ECONFLICT;
    http_error(resp, err);
}

static void conflict(http_resp *resp, const char *msg)
{
    hk_err err;
    hk_err_set(&err, HK_ECONFLICT, "status", "%s", msg);
    http_error(resp, &err);
}

typedef enum { OP_PUBLISH, OP_CLOSE, OP_RENEW } status_op;

static void change_status(http_req *req, http_resp *resp, status_op op)
{
    static const char *const with_expiry[] = {"expires", NULL};
    static const char *const nothing[] = {NULL};
    static const auth_action actions[] = {AUTH_LISTING_PUBLISH, AUTH_LISTING_CLOSE, AUTH_LISTING_RENEW};
    listing l;
    if (listing_action(req, resp, actions[op], &l))
        return;
    char expires[11];
    listing_status status = op == OP_CLOSE ? STATUS_CLOSED : STATUS_PUBLISHED;
    if (status_body(req, resp, op == OP_CLOSE ? nothing : with_expiry, expires))
        goto done;
    /* The store reads "published with a new expiry" as publish from a
     * draft and as renew from any other state; the routes keep the two
     * apart so that /publish never reopens a closed listing and /renew
     * never publishes an unfinished draft. */
    if (op == OP_PUBLISH && l.status != STATUS_DRAFT) {
        conflict(resp, "only a draft is published; renew a closed or expired listing");
        goto done;
    }
    if (op == OP_RENEW && l.status == STATUS_DRAFT) {
        conflict(resp, "a draft is published, not renewed");
        goto done;
    }
    if (op != OP_CLOSE && !expires[0]) {
        char today[11];
        days_from_today(0, today);
        /* A draft that already says when it ends keeps that date. */
        if (op == OP_PUBLISH && l.expires[0] && strcmp(l.expires, today) >= 0)
            memcpy(expires, l.expires, sizeof l.expires);
        else
            days_from_today(DEFAULT_EXPIRY_DAYS, expires);
    }
    hk_err err;
    if (store_listing_set_status(req->st, l.id, status, op == OP_CLOSE ? NULL : expires, req->actor.a.user_id,
                                 &err)) {
        status_failed(resp, &err);
        goto done;
    }
    http_after_write(req);
    answer_listing(req, resp, 200, l.id);
done:
    listing_free(&l);
}

void api_listing_publish(http_req *req, http_resp *resp) { change_status(req, resp, OP_PUBLISH); }
void api_listing_close(http_req *req, http_resp *resp) { change_status(req, resp, OP_CLOSE); }
void api_listing_renew(http_req *req, http_resp *resp) { change_status(req, resp, OP_RENEW); }
