/*
 * http_api_notify.c - a user's own inbox and saved searches through the
 * API: the notifications (newest first, with the unread count), marking
 * one read, and saved searches (list, create, delete).
 *
 * Both are personal records (docs/security.md): lists are filtered by the
 * actor's id in the store query, and a single record of someone else is
 * answered 404, exactly as one that does not exist, so ids of others
 * cannot be probed. The live stream of the same notifications is
 * http_sse.c; both write a notification with http_notification_json().
 * Saved-search filters are checked and made canonical by the index
 * (idx_filters_canonical), whose format they are, before the store keeps
 * them.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"

#define PAGE_DEFAULT 20

static json_t *id_or_absent(json_t *j, const char *name, int64_t id)
{
    if (id)
        json_object_set_new(j, name, json_integer((json_int_t)id));
    return j;
}

/* {"id", "kind", "listing_id", "interest_id"?, "saved_search_id"?,
 * "matched_listing_id"?, "payload": {...}, "created_at", "read"}: the
 * payload is stored as JSON text and parsed back, so that clients get an
 * object; text that does not parse (never written by the store) reads as
 * an empty object rather than failing the list. */
json_t *http_notification_json(const store_notification *n)
{
    char when[21];
    model_format_time(n->created_at, when);
    const char *kind = store_notify_kind_name(n->kind);
    json_t *payload = n->payload ? json_loads(n->payload, 0, NULL) : NULL;
    if (!json_is_object(payload)) {
        json_decref(payload);
        payload = json_object();
    }
    json_t *j = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)n->id, "kind", kind ? kind : "", "listing_id",
                          (json_int_t)n->listing_id);
    if (!j) {
        json_decref(payload);
        return NULL;
    }
    id_or_absent(j, "interest_id", n->interest_id);
    id_or_absent(j, "saved_search_id", n->saved_search_id);
    id_or_absent(j, "matched_listing_id", n->matched_listing_id);
    json_object_set_new(j, "payload", payload);
    json_object_set_new(j, "created_at", json_string(when));
    json_object_set_new(j, "read", json_boolean(n->read_at != 0));
    return j;
}

/* The actor may read their own notifications (asked of auth_can() for
 * the record the list is made of, as the table says). */
static int own_inbox(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return -1;
    auth_target t = {.owner_user_id = req->actor.a.user_id};
    return http_authorize(req, resp, AUTH_NOTIFICATION_READ, &t);
}

/* ---- GET /api/v1/notifications ---- */

void api_notifications_list(http_req *req, http_resp *resp)
{
    if (own_inbox(req, resp))
        return;
    int64_t before;
    long limit;
    if (http_cursor_arg(req, resp, "before", &before) ||
        http_int_arg(req, resp, "limit", 1, STORE_NOTIFICATIONS_PAGE, PAGE_DEFAULT, &limit))
        return;
    store_notification *v = NULL;
    size_t n = 0;
    int64_t unread = 0;
    hk_err err;
    int64_t uid = req->actor.a.user_id;
    if (store_notifications_of_user(req->st, uid, before, (size_t)limit, &v, &n, &err) ||
        store_notifications_unread(req->st, uid, &unread, &err)) {
        store_notifications_free(v, n);
        http_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, http_notification_json(&v[i]));
    http_page(resp, "notifications", list, n, (size_t)limit, n ? v[n - 1].id : 0);
    store_notifications_free(v, n);
    json_object_set_new(resp->json, "unread", json_integer((json_int_t)unread));
}

/* ---- POST /api/v1/notifications/{id}/read ---- */

void api_notification_read(http_req *req, http_resp *resp)
{
    if (own_inbox(req, resp) || http_body_empty(req, resp))
        return;
    /* The store marks only the actor's own: another user's notification
     * is HK_ENOTFOUND, the same answer as a missing one. */
    hk_err err;
    if (store_notification_mark_read(req->st, req->ids[0], req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 204, NULL);
}

/* ---- saved searches ---- */

static json_t *saved_json(const store_saved_search *s)
{
    char when[21];
    model_format_time(s->created_at, when);
    json_t *filters = s->filters ? json_loads(s->filters, 0, NULL) : NULL;
    if (!filters)
        filters = json_null();
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "id", (json_int_t)s->id, "name", s->name ? s->name : "",
                     "query", s->query ? s->query : "", "lang", s->lang ? json_string(s->lang) : json_null(),
                     "filters", filters, "created_at", when);
}

static int may_manage_saved(http_req *req, http_resp *resp, int64_t owner)
{
    auth_target t = {.owner_user_id = owner};
    return http_authorize(req, resp, AUTH_SAVED_SEARCH_MANAGE, &t);
}

void api_saved_list(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || may_manage_saved(req, resp, req->actor.a.user_id))
        return;
    store_saved_search *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_saved_searches_of_user(req->st, req->actor.a.user_id, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, saved_json(&v[i]));
    store_saved_searches_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "saved_searches", list));
}

void api_saved_create(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"name", "query", "lang", "filters", NULL};
    if (http_require_user(req, resp) || may_manage_saved(req, resp, req->actor.a.user_id))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    hk_err err;
    store_saved_search s;
    memset(&s, 0, sizeof s);
    char *given = NULL; /* the filters as sent, compact */
    const json_t *name = json_object_get(body, "name"), *query = json_object_get(body, "query"),
                 *lang = json_object_get(body, "lang"), *filters = json_object_get(body, "filters");
    if (!json_is_string(name)) {
        hk_err_set(&err, HK_EINVAL, "name", name ? "must be a string" : "is required");
    } else if (!json_is_string(query)) {
        hk_err_set(&err, HK_EINVAL, "query", query ? "must be a string (\"\" for filters only)" : "is required");
    } else if (lang && !json_is_null(lang) && !json_is_string(lang)) {
        hk_err_set(&err, HK_EINVAL, "lang", "must be a BCP 47 language tag, or null to detect");
    } else if (filters && !json_is_null(filters) && !json_is_object(filters)) {
        hk_err_set(&err, HK_EINVAL, "filters", "must be an object of search filters, e.g. {\"country\": [\"KZ\"]}");
    } else {
        err.code = 0;
    }
    if (err.code) {
        http_error(resp, &err);
        goto done;
    }
    s.user_id = req->actor.a.user_id;
    s.name = strdup(json_string_value(name));
    s.query = strdup(json_string_value(query));
    s.lang = json_is_string(lang) && *json_string_value(lang) ? strdup(json_string_value(lang)) : NULL;
    given = json_is_object(filters) ? json_dumps(filters, JSON_COMPACT) : NULL;
    if (!s.name || !s.query || (json_is_object(filters) && !given)) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    /* The store checks the fields it keeps (name length, query size, the
     * tag) and names the one at fault; the filters are the index's format,
     * checked and made canonical (keys sorted, {} for none) there, after
     * the other fields so that errors come in the order of the form. */
    int rc = store_saved_search_validate(&s, &err);
    if (!rc)
        rc = idx_filters_canonical(given, &s.filters, &err);
    if (rc || store_saved_search_create(req->st, &s, &err)) {
        http_error(resp, &err);
        goto done;
    }
    http_header(resp, "Location", "/api/v1/saved-searches/%lld", (long long)s.id);
    http_json(resp, 201, saved_json(&s));
done:
    free(given);
    store_saved_search_free(&s);
    json_decref(body);
}

void api_saved_delete(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    store_saved_search s;
    hk_err err;
    if (store_saved_search_get(req->st, req->ids[0], &s, &err)) {
        http_error(resp, &err);
        return;
    }
    int64_t owner = s.user_id;
    store_saved_search_free(&s);
    if (may_manage_saved(req, resp, owner))
        return;
    if (store_saved_search_delete(req->st, req->ids[0], req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 204, NULL);
}
