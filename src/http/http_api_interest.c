/*
 * http_api_interest.c - expressions of interest (EOIs) and their message
 * threads through the API: send one on a listing, the inbox of received
 * and sent ones, read one, accept or decline it, and write in its thread.
 *
 * Every handler follows the order of http_api_org.c, so that refusals
 * leak nothing and change nothing: query parameters first, then "who is
 * asking" (401 before any record is loaded), then the records, then
 * auth_can() on them (403/404 through http_authorize), then the body, and
 * only then the write. The store raises the inbox notifications of each
 * write in the write's own transaction (store_interest.c);
 * http_after_write() then wakes the live streams (http_sse.c).
 *
 * An interest is private to the two organisations: the listing's own (it
 * may decide) and the sender (it may read and write in the thread). The
 * target of every check is therefore {org_id: the listing's organisation,
 * from_org_id: the sending organisation}.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"
#include "model/model_json.h"

#define PAGE_DEFAULT 20
#define MESSAGE_MAX 5000       /* code points of one message */

/* The interest as interest_to_json() writes it, plus the title of its
 * listing (the original text's) and the name of the sending
 * organisation, so that an inbox can be shown without more requests.
 * A listing or organisation that cannot be read gives null there rather
 * than failing the whole list. */
static json_t *interest_json(http_req *req, const interest *i)
{
    json_t *j = interest_to_json(i);
    if (!j)
        return NULL;
    /* The canonical form leaves an undecided time out; the API always
     * has the member (null while pending), as docs/api.md lists it. */
    if (!json_object_get(j, "decided_at"))
        json_object_set_new(j, "decided_at", json_null());
    hk_err err;
    listing l;
    json_t *title = json_null();
    if (store_listing_get(req->st, i->listing_id, &l, &err) == 0) {
        const listing_text *t = http_listing_original(&l);
        if (t && t->title) {
            json_decref(title);
            title = json_string(t->title);
        }
        /* Sealed answers (store_interest.c): the sender sees its own; the
         * listing's organisation sees that it came, from whom, and when
         * it opens, but not what it says. */
        if (store_answers_sealed(req->st, l.deadline)) {
            json_object_set_new(j, "sealed_until", json_string(l.deadline));
            if (!http_actor_in_org(req, i->from_org_id)) {
                json_object_set_new(j, "offered", json_null());
                json_object_set_new(j, "sought", json_null());
                json_object_set_new(j, "why", json_null());
            }
        }
        listing_free(&l);
    }
    organisation o;
    json_t *name = json_null();
    if (store_org_get(req->st, i->from_org_id, &o, &err) == 0) {
        json_decref(name);
        name = json_string(http_org_name(&o));
        organisation_free(&o);
    }
    json_object_set_new(j, "listing_title", title ? title : json_null());
    json_object_set_new(j, "from_org_name", name ? name : json_null());
    return j;
}

/* Loads interest req->ids[0] and the organisation of its listing into
 * *i and *target, after the 401 check; 0, or -1 with resp filled (404
 * for an interest that does not exist). sealed_until (may be NULL) gets
 * the listing's deadline while answers to it are sealed, else "". */
static int load_interest(http_req *req, http_resp *resp, interest *i, auth_target *target, char sealed_until[11])
{
    memset(i, 0, sizeof *i);
    memset(target, 0, sizeof *target);
    if (http_require_user(req, resp))
        return -1;
    hk_err err;
    if (store_interest_get(req->st, req->ids[0], i, &err)) {
        http_error(resp, &err);
        return -1;
    }
    listing l;
    if (store_listing_get(req->st, i->listing_id, &l, &err)) {
        /* The listing of an existing interest is gone: for the caller
         * the interest is gone too. */
        if (err.code == HK_ENOTFOUND)
            http_problem(resp, 404, "not_found", "No such resource", NULL);
        else
            http_error(resp, &err);
        interest_free(i);
        return -1;
    }
    target->org_id = l.org_id;
    target->listing_status = l.status;
    target->from_org_id = i->from_org_id;
    if (sealed_until)
        snprintf(sealed_until, 11, "%s", store_answers_sealed(req->st, l.deadline) ? l.deadline : "");
    listing_free(&l);
    return 0;
}

/* ---- POST /api/v1/listings/{id}/interests ---- */

void api_interest_send(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"from_org_id", "offered", "sought", "why", NULL};
    if (http_require_user(req, resp))
        return;
    hk_err err;
    listing l;
    auth_target target;
    /* A draft the actor may not see is 404 before the body is looked at,
     * so that a 400 cannot tell an outsider that the draft exists. */
    if (http_listing_for(req, resp, AUTH_LISTING_READ, &l, &target))
        return;
    listing_free(&l);
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *offered, *sought, *why;
    if (!(target.from_org_id = http_body_id(body, "from_org_id", "an organisation you belong to", resp)))
        goto done;
    /* Whether the actor may send as from_org_id, to this listing (not
     * its own organisation's, not a draft it may not see). */
    if (http_authorize(req, resp, AUTH_INTEREST_SEND, &target))
        goto done;
    if (!(offered = http_body_string(body, "offered", resp)) || !(sought = http_body_string(body, "sought", resp)) ||
        !(why = http_body_string(body, "why", resp)))
        goto done;
    interest i;
    memset(&i, 0, sizeof i);
    i.listing_id = req->ids[0];
    i.from_org_id = target.from_org_id;
    i.from_user_id = req->actor.a.user_id;
    i.offered = (char *)offered;
    i.sought = (char *)sought;
    i.why = (char *)why;
    i.status = EOI_PENDING;
    if (store_interest_create(req->st, &i, &err)) {
        http_error(resp, &err);
        goto done;
    }
    interest saved;
    if (store_interest_get(req->st, i.id, &saved, &err)) {
        http_error(resp, &err);
        goto done;
    }
    http_header(resp, "Location", "/api/v1/interests/%lld", (long long)saved.id);
    http_json(resp, 201, interest_json(req, &saved));
    interest_free(&saved);
    http_after_write(req);
done:
    json_decref(body);
}

/* ---- GET /api/v1/interests ---- */

void api_interests_list(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    const char *box_arg = http_arg(req, "box");
    store_box box = STORE_BOX_RECEIVED;
    hk_err err;
    if (box_arg && !strcmp(box_arg, "sent")) {
        box = STORE_BOX_SENT;
    } else if (box_arg && strcmp(box_arg, "received") != 0) {
        hk_err_set(&err, HK_EINVAL, "box", "must be received or sent");
        http_error(resp, &err);
        return;
    }
    int64_t before = 0;
    long limit;
    if (http_cursor_arg(req, resp, "cursor", &before) ||
        http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit))
        return;
    /* The list is the actor's organisations' by construction, so no
     * record needs auth_can() (docs/security.md: lists filter in the
     * store query). */
    const auth_actor *a = &req->actor.a;
    interest *v = NULL;
    size_t n = 0;
    if (a->n_memberships) {
        int64_t *orgs = malloc(a->n_memberships * sizeof *orgs);
        if (!orgs) {
            hk_err_set(&err, HK_ENOMEM, "", "out of memory");
            http_error(resp, &err);
            return;
        }
        for (size_t k = 0; k < a->n_memberships; k++)
            orgs[k] = a->memberships[k].org_id;
        int rc = store_interests_of_orgs(req->st, orgs, a->n_memberships, box, before, (size_t)limit, &v, &n, &err);
        free(orgs);
        if (rc) {
            http_error(resp, &err);
            return;
        }
    }
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(list, interest_json(req, &v[k]));
    http_page(resp, "interests", list, n, (size_t)limit, n ? v[n - 1].id : 0);
    store_interests_free(v, n);
}

/* ---- GET /api/v1/interests/{id} ---- */

void api_interest_get(http_req *req, http_resp *resp)
{
    interest i;
    auth_target target;
    if (load_interest(req, resp, &i, &target, NULL))
        return;
    if (!http_authorize(req, resp, AUTH_INTEREST_READ, &target))
        http_json(resp, 200, interest_json(req, &i));
    interest_free(&i);
}

/* ---- POST /api/v1/interests/{id}/accept, /decline ---- */

static void decide(http_req *req, http_resp *resp, eoi_status status)
{
    interest i;
    auth_target target;
    if (load_interest(req, resp, &i, &target, NULL))
        return;
    hk_err err;
    int rc = http_authorize(req, resp, AUTH_INTEREST_DECIDE, &target) || http_body_empty(req, resp);
    /* Deciding twice is a state conflict: the store answers HK_ECONFLICT (409). */
    if (!rc && store_interest_decide(req->st, i.id, status, req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        rc = -1;
    }
    interest_free(&i);
    if (rc)
        return;
    interest now;
    if (store_interest_get(req->st, req->ids[0], &now, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 200, interest_json(req, &now));
    interest_free(&now);
    http_after_write(req);
}

void api_interest_accept(http_req *req, http_resp *resp) { decide(req, resp, EOI_ACCEPTED); }
void api_interest_decline(http_req *req, http_resp *resp) { decide(req, resp, EOI_DECLINED); }

/* ---- the thread: GET and POST /api/v1/interests/{id}/messages ---- */

/* Display names of a thread's authors, looked up once each. */
typedef struct author_cache {
    int64_t id[16];
    char *name[16];
    size_t n;
} author_cache;

static json_t *author_name(http_req *req, author_cache *c, int64_t id)
{
    for (size_t k = 0; k < c->n; k++)
        if (c->id[k] == id)
            return c->name[k] ? json_string(c->name[k]) : json_null();
    user u;
    hk_err err;
    char *name = NULL;
    if (store_user_get(req->st, id, &u, &err) == 0) {
        name = u.display_name ? strdup(u.display_name) : NULL;
        user_free(&u);
    }
    json_t *j = name ? json_string(name) : json_null();
    if (c->n < sizeof c->id / sizeof c->id[0]) {
        c->id[c->n] = id;
        c->name[c->n++] = name;
    } else {
        free(name);
    }
    return j;
}

static void author_cache_free(author_cache *c)
{
    for (size_t k = 0; k < c->n; k++)
        free(c->name[k]);
}

static json_t *message_json(http_req *req, author_cache *c, const message *m)
{
    char when[21];
    model_format_time(m->created_at, when);
    return json_pack("{s:I, s:I, s:o, s:s, s:s}", "id", (json_int_t)m->id, "author_id", (json_int_t)m->author_id,
                     "author_name", author_name(req, c, m->author_id), "body", m->body ? m->body : "",
                     "created_at", when);
}

typedef struct thread_ctx {
    http_req *req;
    author_cache authors;
    json_t *list;
} thread_ctx;

static int add_message(const message *m, void *ctx)
{
    thread_ctx *t = ctx;
    json_array_append_new(t->list, message_json(t->req, &t->authors, m));
    return 0;
}

void api_messages_list(http_req *req, http_resp *resp)
{
    interest i;
    auth_target target;
    char sealed_until[11];
    if (load_interest(req, resp, &i, &target, sealed_until))
        return;
    int64_t id = i.id;
    interest_free(&i);
    if (http_authorize(req, resp, AUTH_MESSAGE_READ, &target))
        return;
    hk_err err;
    if (sealed_until[0] && !http_actor_in_org(req, target.from_org_id)) {
        hk_err_set(&err, HK_ECONFLICT, "deadline",
                   "answers to this request are sealed until its deadline (%s) has passed; read them after it",
                   sealed_until);
        http_error(resp, &err);
        return;
    }
    thread_ctx t = {.req = req, .list = json_array()};
    if (store_message_each(req->st, id, add_message, &t, &err)) {
        json_decref(t.list);
        http_error(resp, &err);
    } else {
        http_json(resp, 200, json_pack("{s:o}", "messages", t.list));
    }
    author_cache_free(&t.authors);
}

void api_message_post(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"body", NULL};
    interest i;
    auth_target target;
    if (load_interest(req, resp, &i, &target, NULL))
        return;
    int64_t id = i.id;
    interest_free(&i);
    if (http_authorize(req, resp, AUTH_MESSAGE_WRITE, &target))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *text;
    hk_err err;
    if (!(text = http_body_string(body, "body", resp)))
        goto done;
    size_t len = strlen(text), cps = hk_utf8_valid(text, len) ? hk_utf8_count(text, len) : 0;
    if (cps == 0 || cps > MESSAGE_MAX) {
        hk_err_set(&err, HK_EINVAL, "body", "must be 1 to %d characters", MESSAGE_MAX);
        http_error(resp, &err);
        goto done;
    }
    message m;
    memset(&m, 0, sizeof m);
    m.interest_id = id;
    m.author_id = req->actor.a.user_id;
    m.body = (char *)text;
    if (store_message_add(req->st, &m, &err)) {
        /* A declined interest's thread is closed: the store's 409 names
         * interest_id, which is the path here, not the body. */
        http_error(resp, &err);
        goto done;
    }
    author_cache c = {.n = 0};
    http_header(resp, "Location", "/api/v1/interests/%lld/messages", (long long)id);
    http_json(resp, 201, message_json(req, &c, &m));
    author_cache_free(&c);
    http_after_write(req);
done:
    json_decref(body);
}
