/*
 * http_api_org.c - organisations through the API: the directory, create,
 * update (merge patch under If-Match), verification by a coordinator or
 * the secretariat, duplicate reports and their review list, an
 * organisation's listings, and its members.
 *
 * Every handler follows the same order, so that refusals leak nothing and
 * change nothing: query parameters first (unknown ones are refused by
 * the dispatcher, values by the handler), then "who is asking" (401
 * before any record is loaded, so a visitor cannot tell an existing id
 * from a missing one), then the record, then auth_can() on that record
 * (403/404 through http_authorize), then the body, and only then the
 * write. After a committed write of an organisation,
 * http_after_write() brings the index up to date before the answer goes.
 *
 * The JSON of one organisation is organisation_to_json(), exactly what
 * GET /api/v1/organisations/{id} (http_api_read.c) answers, so the ETag
 * a client read there is the one PATCH checks in If-Match.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"
#include "model/model_json.h"

#define DIRECTORY_MAX_Q 200    /* bytes of the directory's name filter */
#define PAGE_DEFAULT 20

/* The members organisation_from_json knows: what a body may carry. */
static const char *const org_members[] = {
    "id", "names", "registry_scheme", "registry_id", "country", "city", "lat", "lon", "type", "size", "sme",
    "isic", "hs", "capabilities", "certifications", "languages", "website", "tier", "created_at",
    "updated_at", "version", NULL};

/* Members the store owns: ignored in bodies, kept from the stored record. */
static const char *const org_server_owned[] = {"id", "version", "tier", "created_at", "updated_at", NULL};

/* ---- small helpers ---- */

/* Loads organisation id into o (zeroed first); -1 with the problem
 * (404 for an unknown id) in resp. */
static int load_org(http_req *req, http_resp *resp, int64_t id, organisation *o)
{
    hk_err err;
    memset(o, 0, sizeof *o);
    if (store_org_get(req->st, id, o, &err)) {
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

/* The caller is signed in when action needs it, the organisation {id}
 * exists, and action is allowed on it: 0 with *o loaded (the caller frees
 * it), else -1 with resp filled. */
static int org_action(http_req *req, http_resp *resp, auth_action action, organisation *o)
{
    if (auth_action_needs_user(action) && http_require_user(req, resp))
        return -1;
    if (load_org(req, resp, req->ids[0], o))
        return -1;
    auth_target t;
    http_target_org(&t, o);
    if (http_authorize(req, resp, action, &t)) {
        organisation_free(o);
        return -1;
    }
    return 0;
}

/* As org_action, for a handler that needs the permission only (the id
 * is req->ids[0]): 0, or -1 with resp filled. */
int http_org_may(http_req *req, http_resp *resp, auth_action action)
{
    organisation o;
    if (org_action(req, resp, action, &o))
        return -1;
    organisation_free(&o);
    return 0;
}

/* org_may, then the body holding only allowed members: the body (the
 * caller's), or NULL with resp filled. */
static json_t *org_may_body(http_req *req, http_resp *resp, auth_action action, const char *const *allowed)
{
    return http_org_may(req, resp, action) ? NULL : http_body_strict(req, resp, allowed);
}

/* Answers 200 (or status) with organisation id as stored now, and its ETag. */
static void answer_org(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    organisation o;
    if (load_org(req, resp, id, &o))
        return;
    http_json(resp, status, organisation_to_json(&o));
    organisation_free(&o);
    http_etag(resp);
}

/* ---- the directory ---- */

/* An enumeration-valued query parameter: -1 when absent, its value, or
 * -2 with a 400 naming it. */
static int enum_arg(http_req *req, http_resp *resp, const char *name, model_enum e)
{
    const char *v = http_arg(req, name);
    if (!v || !*v)
        return -1;
    int x = model_enum_parse(e, v);
    if (x >= 0)
        return x;
    hk_err err;
    hk_err_set(&err, HK_EINVAL, name, "is not one of the %s values this API defines", name);
    http_error(resp, &err);
    return -2;
}

void api_organisations_list(http_req *req, http_resp *resp)
{
    store_org_query q;
    memset(&q, 0, sizeof q);
    long limit;
    hk_err err;
    if (http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit) ||
        http_cursor_arg(req, resp, "cursor", &q.after_id))
        return;
    q.limit = (size_t)limit;
    q.name = http_arg(req, "q");
    if (q.name && !hk_utf8_valid(q.name, strlen(q.name))) {
        hk_err_set(&err, HK_EINVAL, "q", "is not valid UTF-8");
        http_error(resp, &err);
        return;
    }
    if (q.name && strlen(q.name) > DIRECTORY_MAX_Q) {
        hk_err_set(&err, HK_ETOOBIG, "q", "is longer than %d bytes", DIRECTORY_MAX_Q);
        http_error(resp, &err);
        return;
    }
    q.country = http_arg(req, "country");
    if (q.country && *q.country && !model_is_iso2(q.country)) {
        hk_err_set(&err, HK_EINVAL, "country", "must be two upper-case letters (ISO 3166-1 alpha-2)");
        http_error(resp, &err);
        return;
    }
    if ((q.tier = enum_arg(req, resp, "tier", ENUM_TIER)) == -2 ||
        (q.type = enum_arg(req, resp, "type", ENUM_ORG_TYPE)) == -2)
        return;
    organisation *v = NULL;
    size_t n = 0;
    if (store_org_list(req->st, &q, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, organisation_to_json(&v[i]));
    http_page(resp, "organisations", a, n, q.limit, n ? v[n - 1].id : 0);
    store_orgs_free(v, n);
}

/* ---- create, update, verify ---- */

void api_organisation_create(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_ORG_CREATE, NULL))
        return;
    json_t *body = http_body_strict(req, resp, org_members);
    if (!body)
        return;
    organisation o;
    hk_err err;
    /* with_ids false: id, version and times in the body are ignored; the
     * store forces the tier to self_declared. */
    if (organisation_from_json(body, false, &o, &err)) {
        http_error(resp, &err);
        json_decref(body);
        return;
    }
    json_decref(body);
    if (store_org_create_with_admin(req->st, &o, req->actor.a.user_id, &err)) {
        organisation_free(&o);
        http_error(resp, &err);
        return;
    }
    int64_t id = o.id;
    organisation_free(&o);
    http_after_write(req);
    answer_org(req, resp, 201, id);
    http_header(resp, "Location", "/api/v1/organisations/%lld", (long long)id);
}

void api_organisation_update(http_req *req, http_resp *resp)
{
    organisation o;
    if (org_action(req, resp, AUTH_ORG_UPDATE, &o))
        return;
    json_t *current = organisation_to_json(&o), *body = NULL, *merged = NULL;
    organisation n;
    memset(&n, 0, sizeof n);
    hk_err err;
    if (!current || http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, org_members)))
        goto done;
    if (!(merged = http_patched(current, body, org_server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    if (organisation_from_json(merged, false, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = o.id;
    /* The store keeps the tier, or drops it to self_declared when the
     * patch changes what a verification vouched for (names, registry id,
     * country, website); the answer below is read back, so it shows
     * which. */
    n.tier = o.tier;
    if (store_org_update(req->st, &n, o.version, req->actor.a.user_id, &err)) {
        http_update_error(resp, &err);
        goto done;
    }
    http_after_write(req);
    answer_org(req, resp, 200, o.id);
done:
    organisation_free(&n);
    organisation_free(&o);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

void api_organisation_verify(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"tier", NULL};
    int64_t id = req->ids[0];
    json_t *body = org_may_body(req, resp, AUTH_ORG_VERIFY, allowed);
    if (!body)
        return;
    hk_err err;
    const json_t *t = json_object_get(body, "tier");
    int tier = json_is_string(t) ? model_enum_parse(ENUM_TIER, json_string_value(t)) : -1;
    if (tier < 0) {
        hk_err_set(&err, HK_EINVAL, "tier", t ? "must be self_declared, registry_checked or coordinator_endorsed"
                                              : "is required");
        http_error(resp, &err);
    } else if (store_org_set_tier(req->st, id, (verification_tier)tier, req->actor.a.user_id, &err)) {
        http_error(resp, &err);
    } else {
        http_after_write(req);
        answer_org(req, resp, 200, id);
    }
    json_decref(body);
}

/* ---- duplicates ---- */

static json_t *flag_json(const store_dup_flag *f)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:s, s:o}", "id", (json_int_t)f->id, "org_id", (json_int_t)f->org_id,
                     "duplicate_of", (json_int_t)f->duplicate_of, "flagged_by", (json_int_t)f->flagged_by, "note",
                     f->note ? f->note : "", "created_at", http_time_json(f->created_at));
}

void api_organisation_flag_duplicate(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"duplicate_of", "note", NULL};
    json_t *body = org_may_body(req, resp, AUTH_ORG_FLAG_DUPLICATE, allowed);
    if (!body)
        return;
    hk_err err;
    const json_t *note = json_object_get(body, "note");
    store_dup_flag f = {.org_id = req->ids[0], .flagged_by = req->actor.a.user_id};
    if (!(f.duplicate_of = http_body_id(body, "duplicate_of", "an organisation", resp)))
        goto done;
    if (note && !json_is_null(note) && !json_is_string(note)) {
        hk_err_set(&err, HK_EINVAL, "note", "must be a string");
        http_error(resp, &err);
        goto done;
    }
    f.note = json_is_string(note) ? (char *)json_string_value(note) : NULL; /* borrowed from body */
    if (store_dup_flag_create(req->st, &f, &err))
        http_error(resp, &err);
    else
        http_json(resp, 201, flag_json(&f));
done:
    json_decref(body);
}

void api_duplicates_list(http_req *req, http_resp *resp)
{
    long limit;
    int64_t after;
    if (http_require_user(req, resp) ||
        http_authorize(req, resp, AUTH_ORG_MERGE, NULL) ||
        http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit) ||
        http_cursor_arg(req, resp, "cursor", &after))
        return;
    store_dup_flag *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_dup_flags_list(req->st, after, (size_t)limit, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, flag_json(&v[i]));
    http_page(resp, "duplicates", a, n, (size_t)limit, n ? v[n - 1].id : 0);
    store_dup_flags_free(v, n);
}

/* ---- an organisation's listings ---- */

void api_organisation_listings(http_req *req, http_resp *resp)
{
    long limit;
    int64_t after;
    organisation o;
    /* Parameters are checked before anything is read. */
    if (http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit) ||
        http_cursor_arg(req, resp, "cursor", &after) || org_action(req, resp, AUTH_ORG_READ, &o))
        return;
    /* Drafts are listed to whoever may read a draft of this organisation:
     * the same rule as GET /api/v1/listings/{id}, asked the same way. */
    auth_target t;
    http_target_org(&t, &o);
    t.listing_status = STATUS_DRAFT;
    bool drafts = auth_can(&req->actor.a, AUTH_LISTING_READ, &t) == AUTH_ALLOW;
    organisation_free(&o);
    listing *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_listings_of_org(req->st, req->ids[0], drafts, after, (size_t)limit, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, listing_to_json(&v[i]));
    http_page(resp, "listings", a, n, (size_t)limit, n ? v[n - 1].id : 0);
    store_listings_free(v, n);
}

/* ---- members ---- */

static json_t *member_json(const store_member *m)
{
    return json_pack("{s:I, s:s, s:s, s:b}", "user_id", (json_int_t)m->user_id, "email", m->email ? m->email : "",
                     "display_name", m->display_name ? m->display_name : "", "is_admin", m->is_admin);
}

/* The member list is the organisation's own business: its members see
 * it (the rule of organisation.update, "a member keeps the profile"),
 * everyone else signed in gets 403, since the organisation itself is
 * public; visitors 401. */
void api_members_list(http_req *req, http_resp *resp)
{
    if (http_org_may(req, resp, AUTH_ORG_UPDATE))
        return;
    store_member *v = NULL;
    size_t n = 0;
    hk_err err;
    if (store_members_of_org(req->st, req->ids[0], &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, member_json(&v[i]));
    store_members_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "members", a));
}

/* An admin removes a member; a member removes themselves (leaves). */
void api_member_remove(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    int64_t org_id = req->ids[0], user_id = req->ids[1];
    if (user_id == req->actor.a.user_id) {
        organisation o;
        if (load_org(req, resp, org_id, &o))
            return;
        organisation_free(&o);
        auth_target t = {.org_id = org_id, .owner_user_id = user_id};
        if (http_authorize(req, resp, AUTH_MEMBERSHIP_LEAVE, &t))
            return;
    } else if (http_org_may(req, resp, AUTH_MEMBERSHIP_MANAGE)) {
        return;
    }
    hk_err err;
    /* The store refuses to remove the organisation's last admin (409),
     * under a lock on the organisation, so two admins removing each other
     * at once cannot leave it with none. */
    if (store_membership_delete(req->st, user_id, org_id, req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 204, NULL);
}
