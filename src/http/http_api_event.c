/*
 * http_api_event.c - events with matchmaking sessions through the API
 * (BRIEF 4.6, issue 14; store_event.h): events and their slots,
 * registration, the participants' marketplace, and the 1:1 meeting
 * requests between participants. The schedule, the organisers' table
 * plan, personal agendas (JSON and iCalendar) and the notices are
 * http_api_event_plan.c.
 *
 * Who may do what is auth_policy.c's (event.*): anyone reads events; the
 * secretariat keeps them; a signed-in user browses the marketplace; a
 * member registers their organisation and acts for its participants.
 * Handlers keep http_api_coord.c's order: query parameters, who is asking,
 * the records, auth_can, the body, the write; every refusal changes
 * nothing (the store validates before it writes, in one transaction).
 */
#include "http/http_api_event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* ---- reading JSON members into records ---- */

static int bad(hk_err *err, const char *field, const char *what)
{
    return hk_err_set(err, HK_EINVAL, field, "%s %s", field, what);
}

/* An optional string member (NULL when absent or null). */
static int opt_string(const json_t *o, const char *name, const char **out, hk_err *err)
{
    json_t *v = json_object_get(o, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(err, name, "must be a string");
    *out = json_string_value(v);
    return 0;
}

static int req_string(const json_t *o, const char *name, const char **out, hk_err *err)
{
    int rc = opt_string(o, name, out, err);
    if (!rc && !*out)
        rc = bad(err, name, "is required");
    return rc;
}

/* An optional whole number in [min, max] (def when absent). */
static int opt_int(const json_t *o, const char *name, long long min, long long max, long long def, long long *out,
                   hk_err *err)
{
    json_t *v = json_object_get(o, name);
    *out = def;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return hk_err_set(err, HK_EINVAL, name, "%s must be a whole number from %lld to %lld", name, min, max);
    *out = json_integer_value(v);
    return 0;
}

static int req_int(const json_t *o, const char *name, long long min, long long max, long long *out, hk_err *err)
{
    if (!json_object_get(o, name))
        return bad(err, name, "is required");
    return opt_int(o, name, min, max, 0, out, err);
}

static int copy_fixed(char *dst, size_t cap, const char *src, const char *field, hk_err *err)
{
    if (strlen(src) >= cap)
        return bad(err, field, "is too long");
    memcpy(dst, src, strlen(src) + 1);
    return 0;
}

int http_event_from_json(const json_t *o, hk_event *e, hk_err *err)
{
    memset(e, 0, sizeof *e);
    const char *s;
    long long v;
    int rc = req_string(o, "kind", &s, err);
    if (rc)
        return rc;
    int k = event_kind_parse(s);
    if (k < 0)
        return bad(err, "kind", "must be economic_forum, side_event or other");
    e->kind = (event_kind)k;
    if ((rc = opt_int(o, "meeting_id", 1, INT64_MAX, 0, &v, err)))
        return rc;
    e->meeting_id = v;
    if ((rc = opt_int(o, "organiser_org_id", 1, INT64_MAX, 0, &v, err)))
        return rc;
    e->organiser_org_id = v;
    json_t *texts = json_object_get(o, "texts");
    if (!json_is_array(texts) || json_array_size(texts) == 0 || json_array_size(texts) > EVENT_MAX_TEXTS)
        return hk_err_set(err, HK_EINVAL, "texts", "texts must be an array of 1 to %d titles", EVENT_MAX_TEXTS);
    e->texts = calloc(json_array_size(texts), sizeof *e->texts);
    if (!e->texts)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    size_t i;
    json_t *t;
    char f[64];
    json_array_foreach(texts, i, t) {
        snprintf(f, sizeof f, "texts[%zu]", i);
        if (!json_is_object(t))
            return bad(err, f, "must be an object");
        const char *lang, *title, *body, *origin;
        json_t *x;
        const char *key;
        json_object_foreach(t, key, x) if (strcmp(key, "lang") && strcmp(key, "title") && strcmp(key, "body") &&
                                           strcmp(key, "origin"))
        {
            snprintf(f, sizeof f, "texts[%zu].%.20s", i, key);
            return bad(err, f, "is not a member of a title");
        }
        snprintf(f, sizeof f, "texts[%zu].lang", i);
        if (opt_string(t, "lang", &lang, err) || !lang)
            return bad(err, f, "is required, a language tag");
        snprintf(f, sizeof f, "texts[%zu].title", i);
        if (opt_string(t, "title", &title, err) || !title)
            return bad(err, f, "is required, a string");
        snprintf(f, sizeof f, "texts[%zu].body", i);
        if (opt_string(t, "body", &body, err))
            return bad(err, f, "must be a string");
        /* Absent or null: the secretariat's own wording (original). */
        snprintf(f, sizeof f, "texts[%zu].origin", i);
        int og = ORIGIN_ORIGINAL;
        if (opt_string(t, "origin", &origin, err) || (origin && (og = model_enum_parse(ENUM_ORIGIN, origin)) < 0))
            return bad(err, f, "must be original, human or machine");
        event_text *et = &e->texts[e->n_texts++];
        et->origin = (text_origin)og;
        et->lang = strdup(lang);
        et->title = strdup(title);
        et->body = body ? strdup(body) : NULL;
        if (!et->lang || !et->title || (body && !et->body))
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    if ((rc = opt_string(o, "place", &s, err)))
        return rc;
    if (s && !(e->place = strdup(s)))
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    if ((rc = req_string(o, "tz", &s, err)) || (rc = copy_fixed(e->tz, sizeof e->tz, s, "tz", err)))
        return rc;
    if ((rc = req_string(o, "first_day", &s, err)) ||
        (rc = copy_fixed(e->first_day, sizeof e->first_day, s, "first_day", err)))
        return rc;
    if ((rc = req_int(o, "days", 1, EVENT_MAX_DAYS, &v, err)))
        return rc;
    e->days = (int)v;
    if ((rc = req_string(o, "day_start", &s, err)) ||
        (rc = copy_fixed(e->day_start, sizeof e->day_start, s, "day_start", err)))
        return rc;
    if ((rc = req_string(o, "day_end", &s, err)) ||
        (rc = copy_fixed(e->day_end, sizeof e->day_end, s, "day_end", err)))
        return rc;
    if ((rc = req_int(o, "slot_minutes", 5, 240, &v, err)))
        return rc;
    e->slot_minutes = (int)v;
    if ((rc = req_int(o, "tables", 1, EVENT_MAX_TABLES, &v, err)))
        return rc;
    e->tables = (int)v;
    json_t *breaks = json_object_get(o, "breaks");
    if (breaks && !json_is_null(breaks)) {
        if (!json_is_array(breaks) || json_array_size(breaks) > EVENT_MAX_BREAKS)
            return hk_err_set(err, HK_EINVAL, "breaks", "breaks must be an array of at most %d", EVENT_MAX_BREAKS);
        e->breaks = calloc(json_array_size(breaks) + 1, sizeof *e->breaks);
        if (!e->breaks)
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        json_array_foreach(breaks, i, t) {
            const char *a, *b;
            snprintf(f, sizeof f, "breaks[%zu]", i);
            if (!json_is_object(t) || json_object_size(t) != 2 || opt_string(t, "starts", &a, err) ||
                opt_string(t, "ends", &b, err) || !a || !b)
                return bad(err, f, "must be {\"starts\": \"HH:MM\", \"ends\": \"HH:MM\"}");
            snprintf(f, sizeof f, "breaks[%zu].starts", i);
            if ((rc = copy_fixed(e->breaks[i].starts, 6, a, f, err)))
                return rc;
            snprintf(f, sizeof f, "breaks[%zu].ends", i);
            if ((rc = copy_fixed(e->breaks[i].ends, 6, b, f, err)))
                return rc;
            e->n_breaks++;
        }
    }
    return event_validate(e, err);
}

/* ---- writing records as JSON ---- */

static json_t *id_or_null(int64_t id) { return id ? json_integer(id) : json_null(); }

json_t *http_event_slot_json(const event_slot *s, size_t i)
{
    return json_pack("{s:I, s:i, s:s, s:s, s:o, s:o}", "slot", (json_int_t)i, "day", s->day, "starts", s->local,
                     "ends", s->ends_local, "starts_at", http_time_json(s->starts_at), "ends_at",
                     http_time_json(s->ends_at));
}

json_t *http_event_json(const hk_event *e)
{
    json_t *texts = json_array(), *breaks = json_array(), *slots = json_array();
    for (size_t i = 0; i < e->n_texts; i++)
        json_array_append_new(texts, json_pack("{s:s, s:s, s:o, s:s}", "lang", e->texts[i].lang, "title",
                                               e->texts[i].title, "body",
                                               e->texts[i].body ? json_string(e->texts[i].body) : json_null(),
                                               "origin", model_enum_name(ENUM_ORIGIN, (int)e->texts[i].origin)));
    for (size_t i = 0; i < e->n_breaks; i++)
        json_array_append_new(breaks, json_pack("{s:s, s:s}", "starts", e->breaks[i].starts, "ends", e->breaks[i].ends));
    event_slot *s = NULL;
    size_t ns = 0;
    hk_err err;
    if (event_slots(e, &s, &ns, &err) == 0)
        for (size_t i = 0; i < ns; i++)
            json_array_append_new(slots, http_event_slot_json(&s[i], i));
    free(s);
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:i, s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:I}",
                     "id", (json_int_t)e->id, "kind", event_kind_name(e->kind), "meeting_id",
                     id_or_null(e->meeting_id), "organiser_org_id", id_or_null(e->organiser_org_id), "texts", texts,
                     "place", e->place ? json_string(e->place) : json_null(), "tz", e->tz, "first_day", e->first_day,
                     "days", e->days, "day_start", e->day_start, "day_end", e->day_end, "slot_minutes",
                     e->slot_minutes, "tables", e->tables, "breaks", breaks, "slots", slots, "created_at",
                     http_time_json(e->created_at), "updated_at", http_time_json(e->updated_at), "version",
                     (json_int_t)e->version);
}

json_t *http_participant_brief(const event_participant *p)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id, "org_id", (json_int_t)p->org_id,
                     "org_name", p->org_name ? p->org_name : "", "country", p->org_country, "person",
                     p->person ? p->person : "");
}

json_t *http_participant_json(const event_participant *p)
{
    json_t *j = http_participant_brief(p), *avail = json_array(), *listings = json_array();
    for (int s = 0; s < 64; s++)
        if (p->avail & ((uint64_t)1 << s))
            json_array_append_new(avail, json_integer(s));
    for (size_t i = 0; i < p->n_listing_ids; i++)
        json_array_append_new(listings, json_integer(p->listing_ids[i]));
    json_object_set_new(j, "event_id", json_integer(p->event_id));
    json_object_set_new(j, "user_id", json_integer(p->user_id));
    json_object_set_new(j, "meeting_limit", json_integer(p->meeting_limit));
    json_object_set_new(j, "auto_accept", json_boolean(p->auto_accept));
    json_object_set_new(j, "availability", avail);
    json_object_set_new(j, "note", p->note ? json_string(p->note) : json_null());
    json_object_set_new(j, "listing_ids", listings);
    json_object_set_new(j, "created_at", http_time_json(p->created_at));
    json_object_set_new(j, "updated_at", http_time_json(p->updated_at));
    return j;
}

json_t *http_request_json(const event_request *r)
{
    json_t *held = json_null();
    if (r->slot_at)
        held = json_pack("{s:o, s:i}", "starts_at", http_time_json(r->slot_at), "table", r->table_no + 1);
    return json_pack("{s:I, s:I, s:I, s:I, s:i, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->id, "event_id",
                     (json_int_t)r->event_id, "from_id", (json_int_t)r->from_id, "to_id", (json_int_t)r->to_id,
                     "priority", r->priority, "message", r->message ? json_string(r->message) : json_null(),
                     "status", event_request_status_name(r->status), "created_at", http_time_json(r->created_at),
                     "decided_at", http_time_json(r->decided_at), "meeting", held);
}

/* ---- shared lookups ---- */

int http_event_load(http_req *req, http_resp *resp, hk_event *e)
{
    hk_err err;
    if (store_event_get(req->st, req->ids[0], e, &err)) {
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

/* Participant ids[1] of event ids[0] (404 when it is another event's). */
int http_event_participant(http_req *req, http_resp *resp, event_participant *p)
{
    hk_err err;
    if (store_event_participant_get(req->st, req->ids[1], p, &err)) {
        http_error(resp, &err);
        return -1;
    }
    if (p->event_id != req->ids[0]) {
        event_participant_free(p);
        http_not_found(resp, "id");
        return -1;
    }
    return 0;
}

/* ---- events ---- */

static const char *const event_members[] = {"id",        "kind",    "meeting_id",   "organiser_org_id", "texts",
                                            "place",     "tz",      "first_day",    "days",             "day_start",
                                            "day_end",   "slot_minutes", "tables",  "breaks",           "slots",
                                            "created_at", "updated_at", "version",  NULL};
static const char *const event_server_owned[] = {"id", "slots", "created_at", "updated_at", "version", NULL};

static void answer_event(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    hk_event e;
    hk_err err;
    if (store_event_get(req->st, id, &e, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, status, http_event_json(&e));
    hk_event_free(&e);
    http_etag(resp);
    if (status == 201)
        http_header(resp, "Location", "/api/v1/events/%lld", (long long)id);
}

void api_events_list(http_req *req, http_resp *resp)
{
    long limit;
    if (http_int_arg(req, resp, "limit", 1, EVENT_LIST_MAX, 50, &limit) ||
        http_authorize(req, resp, AUTH_EVENT_READ, NULL))
        return;
    hk_event *v;
    size_t n;
    hk_err err;
    if (store_events_list(req->st, (size_t)limit, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, http_event_json(&v[i]));
    store_events_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "events", a));
}

void api_event_get(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_EVENT_READ, NULL))
        return;
    answer_event(req, resp, 200, req->ids[0]);
}

void api_event_create(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_EVENT_KEEP, NULL))
        return;
    json_t *body = http_body_strict(req, resp, event_members);
    if (!body)
        return;
    hk_event e;
    hk_err err;
    if (http_event_from_json(body, &e, &err) || store_event_create(req->st, &e, req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        answer_event(req, resp, 201, e.id);
    hk_event_free(&e);
    json_decref(body);
}

void api_event_update(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_EVENT_KEEP, NULL))
        return;
    hk_event cur, n;
    memset(&n, 0, sizeof n);
    if (http_event_load(req, resp, &cur))
        return;
    hk_err err;
    json_t *current = http_event_json(&cur), *body = NULL, *merged = NULL;
    if (!current || http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, event_members)))
        goto done;
    if (!(merged = http_patched(current, body, event_server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    for (const char *const *m = event_server_owned; *m; m++)
        json_object_del(merged, *m);
    if (http_event_from_json(merged, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = cur.id;
    if (store_event_update(req->st, &n, cur.version, req->actor.a.user_id, &err))
        http_update_error(resp, &err);
    else
        answer_event(req, resp, 200, cur.id);
done:
    hk_event_free(&n);
    hk_event_free(&cur);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

/* ---- participants ---- */

static const char *const register_members[] = {"org_id", "meeting_limit", "auto_accept", "availability", "note",
                                               "listing_ids", NULL};

/* Reads a registration's settings (all but org_id) from body into p;
 * availability defaults to every one of the event's n_slots slots, the
 * limit to 8. */
static int participant_from_json(const json_t *body, size_t n_slots, event_participant *p, hk_err *err)
{
    long long v;
    int rc = opt_int(body, "meeting_limit", 1, EVENT_MAX_SLOTS, 8, &v, err);
    if (rc)
        return rc;
    p->meeting_limit = (int)v;
    json_t *aa = json_object_get(body, "auto_accept");
    if (aa && !json_is_boolean(aa))
        return bad(err, "auto_accept", "must be true or false");
    p->auto_accept = aa && json_is_true(aa);
    json_t *av = json_object_get(body, "availability");
    if (!av || json_is_null(av)) {
        p->avail = n_slots >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n_slots) - 1);
    } else {
        if (!json_is_array(av))
            return bad(err, "availability", "must be an array of slot numbers");
        size_t i;
        json_t *x;
        p->avail = 0;
        json_array_foreach(av, i, x) {
            if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) >= (json_int_t)n_slots) {
                char f[40];
                snprintf(f, sizeof f, "availability[%zu]", i);
                return hk_err_set(err, HK_EINVAL, f, "%s must be a slot number from 0 to %zu", f, n_slots - 1);
            }
            p->avail |= (uint64_t)1 << json_integer_value(x);
        }
    }
    const char *note;
    if ((rc = opt_string(body, "note", &note, err)))
        return rc;
    if (note && !(p->note = strdup(note)))
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    json_t *ls = json_object_get(body, "listing_ids");
    if (ls && !json_is_null(ls)) {
        if (!json_is_array(ls) || json_array_size(ls) > EVENT_MAX_LISTINGS)
            return hk_err_set(err, HK_EINVAL, "listing_ids", "listing_ids must be an array of at most %d ids",
                              EVENT_MAX_LISTINGS);
        p->listing_ids = calloc(json_array_size(ls) + 1, sizeof *p->listing_ids);
        if (!p->listing_ids)
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        size_t i;
        json_t *x;
        json_array_foreach(ls, i, x) {
            if (!json_is_integer(x) || json_integer_value(x) < 1) {
                char f[40];
                snprintf(f, sizeof f, "listing_ids[%zu]", i);
                return bad(err, f, "must be the id of a listing");
            }
            p->listing_ids[p->n_listing_ids++] = json_integer_value(x);
        }
    }
    return 0;
}

static size_t slot_count(const hk_event *e)
{
    event_slot *s;
    size_t n = 0;
    hk_err err;
    if (event_slots(e, &s, &n, &err) == 0)
        free(s);
    return n;
}

static void answer_participant(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    event_participant p;
    hk_err err;
    if (store_event_participant_get(req->st, id, &p, &err)) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, status, http_participant_json(&p));
    if (status == 201)
        http_header(resp, "Location", "/api/v1/events/%lld/participants/%lld", (long long)p.event_id,
                    (long long)id);
    event_participant_free(&p);
}

void api_event_participants(http_req *req, http_resp *resp)
{
    store_participant_filter f = {.event_id = req->ids[0]};
    long offset, limit, org;
    const char *sector = http_arg(req, "sector");
    hk_err err;
    if (http_int_arg(req, resp, "offset", 0, 1000000, 0, &offset) ||
        http_int_arg(req, resp, "limit", 1, EVENT_LIST_MAX, 50, &limit) ||
        http_int_arg(req, resp, "org", 1, INT32_MAX, 0, &org) || http_state_arg(req, resp, "country", f.country))
        return;
    if (sector && (strlen(sector) < 1 || strlen(sector) > 4 || strspn(sector, "0123456789") != strlen(sector))) {
        hk_err_set(&err, HK_EINVAL, "sector", "sector must be an ISIC code of 1 to 4 digits");
        http_error(resp, &err);
        return;
    }
    f.q = http_arg(req, "q");
    if (f.q && (strlen(f.q) > 200 || model_check_text("q", f.q, 200, false, &err))) {
        hk_err_set(&err, HK_EINVAL, "q", "q must be text of at most 200 characters");
        http_error(resp, &err);
        return;
    }
    if (http_authorize(req, resp, AUTH_EVENT_MARKET, NULL))
        return;
    hk_event e;
    if (http_event_load(req, resp, &e))
        return;
    hk_event_free(&e);
    if (sector)
        snprintf(f.sector, sizeof f.sector, "%s", sector);
    f.org_id = org;
    f.offset = (size_t)offset;
    f.limit = (size_t)limit;
    event_participant *v;
    size_t n, total;
    if (store_event_participants(req->st, &f, &v, &n, &total, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, http_participant_json(&v[i]));
    event_participants_free(v, n);
    http_json(resp, 200, json_pack("{s:o, s:I, s:I, s:I}", "participants", a, "total", (json_int_t)total, "offset",
                                   (json_int_t)offset, "limit", (json_int_t)limit));
}

void api_event_register(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_event e;
    if (http_event_load(req, resp, &e))
        return;
    size_t ns = slot_count(&e);
    hk_event_free(&e);
    json_t *body = http_body_strict(req, resp, register_members);
    if (!body)
        return;
    event_participant p;
    memset(&p, 0, sizeof p);
    hk_err err;
    int64_t org = http_body_id(body, "org_id", "an organisation", resp);
    auth_target t = {.org_id = org};
    if (org && !http_authorize(req, resp, AUTH_EVENT_REGISTER, &t)) {
        p.event_id = req->ids[0];
        p.org_id = org;
        p.user_id = req->actor.a.user_id;
        if (participant_from_json(body, ns, &p, &err) ||
            store_event_register(req->st, &p, req->actor.a.user_id, &err))
            http_error(resp, &err);
        else
            answer_participant(req, resp, 201, p.id);
    }
    event_participant_free(&p);
    json_decref(body);
}

void api_event_participant_put(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    event_participant cur;
    if (http_event_participant(req, resp, &cur))
        return;
    auth_target t = {.org_id = cur.org_id};
    event_participant p;
    memset(&p, 0, sizeof p);
    json_t *body = NULL;
    hk_event e;
    memset(&e, 0, sizeof e);
    if (http_authorize(req, resp, AUTH_EVENT_PARTICIPANT, &t) || http_event_load(req, resp, &e) ||
        !(body = http_body_strict(req, resp, register_members + 1)))
        goto done;
    hk_err err;
    p.id = cur.id;
    if (participant_from_json(body, slot_count(&e), &p, &err) ||
        store_event_participant_update(req->st, &p, req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        answer_participant(req, resp, 200, p.id);
done:
    hk_event_free(&e);
    event_participant_free(&p);
    event_participant_free(&cur);
    json_decref(body);
}

void api_event_unregister(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    event_participant cur;
    if (http_event_participant(req, resp, &cur))
        return;
    auth_target t = {.org_id = cur.org_id};
    hk_err err;
    if (!http_authorize(req, resp, AUTH_EVENT_PARTICIPANT, &t) && !http_body_empty(req, resp)) {
        if (store_event_unregister(req->st, cur.id, req->actor.a.user_id, &err))
            http_error(resp, &err);
        else
            resp->status = 204;
    }
    event_participant_free(&cur);
}

/* ---- requests ---- */

/* Appends the requests of participant pid to a, each with its other
 * side and direction. */
static int append_requests(http_req *req, int64_t pid, json_t *a, hk_err *err)
{
    event_request *v;
    size_t n;
    int rc = store_event_requests(req->st, req->ids[0], pid, &v, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *j = http_request_json(&v[i]);
        /* The other side, so that a list needs no second call per row. */
        event_participant o;
        int64_t other = v[i].from_id == pid ? v[i].to_id : v[i].from_id;
        if (store_event_participant_get(req->st, other, &o, err) == 0) {
            json_object_set_new(j, "with", http_participant_brief(&o));
            event_participant_free(&o);
        }
        json_object_set_new(j, "direction", json_string(v[i].from_id == pid ? "sent" : "received"));
        json_array_append_new(a, j);
    }
    event_requests_free(v, n);
    return rc;
}

void api_event_requests(http_req *req, http_resp *resp)
{
    long pid;
    if (http_int_arg(req, resp, "participant", 1, INT32_MAX, 0, &pid) || http_require_user(req, resp))
        return;
    hk_event e;
    if (http_event_load(req, resp, &e))
        return;
    hk_event_free(&e);
    hk_err err;
    json_t *a = json_array();
    if (pid) {
        event_participant p;
        if (store_event_participant_get(req->st, pid, &p, &err) || p.event_id != req->ids[0]) {
            if (err.code == HK_ENOTFOUND || p.event_id != req->ids[0])
                http_not_found(resp, "participant");
            else
                http_error(resp, &err);
            event_participant_free(&p);
            json_decref(a);
            return;
        }
        auth_target t = {.org_id = p.org_id};
        event_participant_free(&p);
        if (http_authorize(req, resp, AUTH_EVENT_AGENDA, &t) || append_requests(req, pid, a, &err)) {
            if (!resp->status)
                http_error(resp, &err);
            json_decref(a);
            return;
        }
    } else {
        /* Without a participant: the registrations of the actor's own
         * organisations for this event. */
        for (size_t m = 0; m < req->actor.a.n_memberships; m++) {
            store_participant_filter f = {.event_id = req->ids[0], .org_id = req->actor.a.memberships[m].org_id};
            event_participant *v;
            size_t n;
            int rc = store_event_participants(req->st, &f, &v, &n, NULL, &err);
            if (!rc) {
                for (size_t i = 0; !rc && i < n; i++)
                    rc = append_requests(req, v[i].id, a, &err);
                event_participants_free(v, n);
            }
            if (rc) {
                http_error(resp, &err);
                json_decref(a);
                return;
            }
        }
    }
    http_json(resp, 200, json_pack("{s:o}", "requests", a));
}

static const char *const request_members[] = {"from_id", "to_id", "priority", "message", NULL};

void api_event_request_send(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    json_t *body = http_body_strict(req, resp, request_members);
    if (!body)
        return;
    hk_err err;
    event_request r = {.event_id = req->ids[0]};
    event_participant a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    long long prio;
    const char *msg;
    int64_t from = http_body_id(body, "from_id", "your registration", resp), to = 0;
    if (!from || !(to = http_body_id(body, "to_id", "a participant", resp)))
        goto done;
    if (opt_int(body, "priority", 0, SCHED_MAX_PRIORITY, 0, &prio, &err) || opt_string(body, "message", &msg, &err)) {
        http_error(resp, &err);
        goto done;
    }
    if (store_event_participant_get(req->st, from, &a, &err) || a.event_id != req->ids[0]) {
        hk_err_set(&err, HK_EINVAL, "from_id", "from_id must be your registration for this event");
        http_error(resp, &err);
        goto done;
    }
    if (store_event_participant_get(req->st, to, &b, &err) || b.event_id != req->ids[0]) {
        hk_err_set(&err, HK_EINVAL, "to_id", "to_id must be a participant of this event");
        http_error(resp, &err);
        goto done;
    }
    auth_target t = {.org_id = b.org_id, .from_org_id = a.org_id};
    if (http_authorize(req, resp, AUTH_EVENT_REQUEST_SEND, &t))
        goto done;
    r.from_id = from;
    r.to_id = to;
    r.priority = (int)prio;
    r.message = (char *)msg;
    if (store_event_request_send(req->st, &r, req->actor.a.user_id, &err)) {
        http_error(resp, &err);
        goto done;
    }
    r.message = NULL;
    event_request got;
    if (store_event_request_get(req->st, r.id, &got, &err)) {
        http_error(resp, &err);
        goto done;
    }
    http_json(resp, 201, http_request_json(&got));
    http_header(resp, "Location", "/api/v1/events/%lld/requests/%lld", (long long)req->ids[0], (long long)r.id);
    event_request_free(&got);
done:
    event_participant_free(&a);
    event_participant_free(&b);
    json_decref(body);
}

/* Accept, decline or cancel request ids[1] of event ids[0]. */
static void request_move(http_req *req, http_resp *resp, event_request_status to)
{
    if (http_require_user(req, resp))
        return;
    hk_err err;
    event_request r;
    if (store_event_request_get(req->st, req->ids[1], &r, &err)) {
        http_error(resp, &err);
        return;
    }
    event_participant a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (r.event_id != req->ids[0] || store_event_participant_get(req->st, r.from_id, &a, &err) ||
        store_event_participant_get(req->st, r.to_id, &b, &err)) {
        http_not_found(resp, "id");
        goto done;
    }
    auth_target t = {.org_id = b.org_id, .from_org_id = a.org_id};
    if (http_authorize(req, resp, to == EREQ_CANCELLED ? AUTH_EVENT_REQUEST_CANCEL : AUTH_EVENT_REQUEST_DECIDE, &t) ||
        http_body_empty(req, resp))
        goto done;
    event_request got;
    if (store_event_request_decide(req->st, r.id, to, req->actor.a.user_id, &err) ||
        store_event_request_get(req->st, r.id, &got, &err)) {
        http_error(resp, &err);
        goto done;
    }
    http_json(resp, 200, http_request_json(&got));
    event_request_free(&got);
done:
    event_participant_free(&a);
    event_participant_free(&b);
    event_request_free(&r);
}

void api_event_request_accept(http_req *req, http_resp *resp) { request_move(req, resp, EREQ_ACCEPTED); }
void api_event_request_decline(http_req *req, http_resp *resp) { request_move(req, resp, EREQ_DECLINED); }
void api_event_request_cancel(http_req *req, http_resp *resp) { request_move(req, resp, EREQ_CANCELLED); }
