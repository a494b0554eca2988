/*
 * http_api_coord.c - the coordination mechanism's meetings, chairmanship
 * and initiatives through the API (BRIEF 4.8, issue 13; the Action Plan
 * is http_api_plan.c, the calendar feed http_ical.c).
 *
 * Who may do what (auth_policy.c): anyone reads; the secretariat records
 * and changes meetings, the chairmanship and initiatives; a national
 * coordinator also proposes initiatives for its own state. A restricted
 * document of a meeting is shown with its texts and link withheld
 * ("withheld": true) to everyone but the secretariat and the coordinators
 * of the states listed for it; the meeting itself stays public.
 *
 * Handlers keep http_api_org.c's order: query parameters, then who is
 * asking (401), then the records, then auth_can, then the body, then the
 * write. Every refusal changes nothing: the store validates before it
 * writes and writes in one transaction.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_coord_json.h"
#include "model/model_json.h"

/* ---- shared with http_api_plan.c and http_ical.c ---- */

void http_today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void http_target_states(http_req *req, auth_target *t, char (*states)[3], size_t n)
{
    memset(t, 0, sizeof *t);
    const char *mine = req->actor.a.country;
    for (size_t i = 0; i < n; i++)
        if (strncmp(states[i], mine, 2) == 0 && mine[0]) {
            memcpy(t->org_country, states[i], 3);
            return;
        }
    if (n)
        memcpy(t->org_country, states[0], 3);
}

int http_enum_arg(http_req *req, http_resp *resp, const char *name, coord_enum e, int *out)
{
    const char *v = http_arg(req, name);
    *out = -1;
    if (!v)
        return 0;
    if ((*out = coord_enum_parse(e, v)) < 0) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, name, "%s is not one of the known values", name);
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

int http_state_arg(http_req *req, http_resp *resp, const char *name, char out[3])
{
    const char *v = http_arg(req, name);
    out[0] = '\0';
    if (!v)
        return 0;
    if (!model_is_iso2(v)) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, name, "%s must be a country code such as UZ", name);
        http_error(resp, &err);
        return -1;
    }
    memcpy(out, v, 3);
    return 0;
}

/* An optional YYYY-MM-DD query parameter as the unix time of its start
 * (UTC); 0 when absent. */
static int date_arg(http_req *req, http_resp *resp, const char *name, int64_t *out)
{
    const char *v = http_arg(req, name);
    *out = 0;
    if (!v)
        return 0;
    char buf[21];
    if (!model_is_date(v) || snprintf(buf, sizeof buf, "%sT00:00:00Z", v) != 20 || model_parse_time(buf, out)) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, name, "%s must be a date YYYY-MM-DD", name);
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

/* ---- meetings ---- */

/* May the actor read restricted item it? */
static bool may_read_item(http_req *req, const meeting_item *it)
{
    if (!it->restricted)
        return true;
    auth_target t;
    http_target_states(req, &t, it->access_states, it->n_access_states);
    return auth_can(&req->actor.a, AUTH_DOCUMENT_READ, &t) == AUTH_ALLOW;
}

json_t *http_meeting_view(http_req *req, const meeting *m)
{
    json_t *j = meeting_to_json(m);
    json_t *items = j ? json_object_get(j, "items") : NULL;
    for (size_t i = 0; items && i < m->n_items; i++) {
        json_t *it = json_array_get(items, i);
        bool withheld = !may_read_item(req, &m->items[i]);
        json_object_set_new(it, "withheld", json_boolean(withheld));
        if (withheld) {
            json_object_set_new(it, "texts", json_array());
            json_object_set_new(it, "url", json_null());
        }
    }
    return j;
}

/* Answers status with the meeting id as stored, and its ETag. */
static void answer_meeting(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    meeting m;
    hk_err err;
    if (store_meeting_get(req->st, id, &m, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *j = http_meeting_view(req, &m);
    meeting_free(&m);
    http_json(resp, status, j);
    http_etag(resp);
    if (status == 201)
        http_header(resp, "Location", "/api/v1/meetings/%lld", (long long)id);
}

void api_meetings_list(http_req *req, http_resp *resp)
{
    store_meeting_filter f = {.type = -1};
    long limit;
    if (http_enum_arg(req, resp, "type", CENUM_MEETING_TYPE, &f.type) ||
        http_state_arg(req, resp, "country", f.country) || date_arg(req, resp, "from", &f.from) ||
        date_arg(req, resp, "to", &f.to) ||
        http_int_arg(req, resp, "limit", 1, STORE_COORD_LIST_MAX, STORE_COORD_LIST_MAX, &limit) ||
        http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    f.limit = (size_t)limit;
    meeting *v;
    size_t n;
    hk_err err;
    if (store_meetings_list(req->st, &f, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, http_meeting_view(req, &v[i]));
    store_meetings_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "meetings", a));
}

void api_meeting_get(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    answer_meeting(req, resp, 200, req->ids[0]);
}

static const char *const meeting_members[] = {"id",      "type",       "starts",     "tz",        "starts_at",
                                              "minutes", "format",     "place",      "chair",     "texts",
                                              "parties", "bodies",     "delegates",  "items",     "created_at",
                                              "updated_at", "version", NULL};

void api_meeting_create(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    json_t *body = http_body_strict(req, resp, meeting_members);
    if (!body)
        return;
    meeting m;
    hk_err err;
    if (meeting_from_json(body, &m, &err) || store_meeting_create(req->st, &m, req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        answer_meeting(req, resp, 201, m.id);
    meeting_free(&m);
    json_decref(body);
}

/* The view items add, which a patch may carry back unchanged. */
static const char *const meeting_server_owned[] = {"id", "starts_at", "created_at", "updated_at", "version", NULL};

/* Strips the members http_meeting_view added to items, so that the
 * merged record parses. */
static void strip_view(json_t *merged)
{
    json_t *items = json_object_get(merged, "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) if (json_is_object(it)) json_object_del(it, "withheld");
}

void api_meeting_update(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    meeting cur, n;
    memset(&n, 0, sizeof n);
    hk_err err;
    if (store_meeting_get(req->st, req->ids[0], &cur, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *current = http_meeting_view(req, &cur), *body = NULL, *merged = NULL;
    if (!current || http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, meeting_members)))
        goto done;
    if (!(merged = http_patched(current, body, meeting_server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    strip_view(merged);
    if (meeting_from_json(merged, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = cur.id;
    if (store_meeting_update(req->st, &n, cur.version, req->actor.a.user_id, &err))
        http_update_error(resp, &err);
    else
        answer_meeting(req, resp, 200, cur.id);
done:
    meeting_free(&n);
    meeting_free(&cur);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

/* ---- chairmanship ---- */

void api_chairmanship(http_req *req, http_resp *resp)
{
    int type;
    if (http_enum_arg(req, resp, "type", CENUM_MEETING_TYPE, &type) ||
        http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    chair_term *v;
    size_t n;
    hk_err err;
    if (store_chair_terms(req->st, type, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    char today[11];
    http_today(today);
    json_t *terms = json_array(), *now = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(terms, chair_term_to_json(&v[i]));
    /* Who chairs each kind of meeting today, and who chairs next. */
    for (int t = 0; t < MEET__COUNT; t++) {
        if (type >= 0 && t != type)
            continue;
        const chair_term *cur = store_chair_at(v, n, (meeting_type)t, today);
        const chair_term *next = store_chair_next(v, n, (meeting_type)t, today);
        if (!cur && !next)
            continue;
        json_array_append_new(now, json_pack("{s:s, s:o, s:o}", "type", coord_enum_name(CENUM_MEETING_TYPE, t),
                                             "current", cur ? chair_term_to_json(cur) : json_null(), "next",
                                             next ? chair_term_to_json(next) : json_null()));
    }
    free(v);
    http_json(resp, 200, json_pack("{s:s, s:o, s:o}", "today", today, "terms", terms, "chairs", now));
}

void api_chair_create(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"type", "country", "from", "to", NULL};
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    chair_term c;
    hk_err err;
    if (chair_term_from_json(body, &c, &err) || store_chair_put(req->st, &c, req->actor.a.user_id, &err))
        http_error(resp, &err);
    else {
        http_json(resp, 201, chair_term_to_json(&c));
        http_header(resp, "Location", "/api/v1/chairmanship/%lld", (long long)c.id);
    }
    json_decref(body);
}

void api_chair_delete(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL) || http_body_empty(req, resp))
        return;
    hk_err err;
    if (store_chair_delete(req->st, req->ids[0], req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        resp->status = 204;
}

/* ---- initiatives ---- */

/* The initiative with the Action Plan's measures that serve it (the
 * per-initiative view), each with "overdue" as of today. */
static json_t *initiative_view(http_req *req, const initiative *i, hk_err *err)
{
    json_t *j = initiative_to_json(i);
    store_measure_filter f = {.initiative_id = i->id, .status = -1};
    measure *v;
    size_t n;
    if (!j || store_measures_list(req->st, &f, &v, &n, err)) {
        json_decref(j);
        return NULL;
    }
    char today[11];
    http_today(today);
    json_t *a = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(a, http_measure_view(&v[k], today));
    store_measures_free(v, n);
    json_object_set_new(j, "measures", a);
    return j;
}

static void answer_initiative(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    initiative i;
    hk_err err;
    if (store_initiative_get(req->st, id, &i, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *j = initiative_view(req, &i, &err);
    initiative_free(&i);
    if (!j) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, status, j);
    http_etag(resp);
    if (status == 201)
        http_header(resp, "Location", "/api/v1/initiatives/%lld", (long long)id);
}

void api_initiatives_list(http_req *req, http_resp *resp)
{
    store_initiative_filter f = {.status = -1};
    if (http_state_arg(req, resp, "proposer", f.proposer) ||
        http_enum_arg(req, resp, "status", CENUM_INITIATIVE_STATUS, &f.status) ||
        http_cursor_arg(req, resp, "meeting", &f.meeting_id) || http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    initiative *v;
    size_t n;
    hk_err err;
    if (store_initiatives_list(req->st, &f, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, initiative_to_json(&v[i]));
    store_initiatives_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "initiatives", a));
}

void api_initiative_get(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    answer_initiative(req, resp, 200, req->ids[0]);
}

static const char *const initiative_members[] = {"id",     "proposer", "meeting_id", "proposed_on", "expert_meeting_id",
                                                 "status", "texts",    "history",    "measures",    "project_ids",
                                                 "created_at", "updated_at", "version", NULL};

void api_initiative_create(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"proposer", "meeting_id", "proposed_on", "expert_meeting_id", "texts", NULL};
    if (http_require_user(req, resp))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    initiative i;
    hk_err err;
    if (initiative_from_json(body, &i, &err)) {
        http_error(resp, &err);
        json_decref(body);
        return;
    }
    /* Whether the actor may propose for this state: its coordinator, or
     * the secretariat for any. */
    auth_target t = {0};
    memcpy(t.org_country, i.proposer, 3);
    if (!http_authorize(req, resp, AUTH_INITIATIVE_PROPOSE, &t)) {
        if (store_initiative_create(req->st, &i, req->actor.a.user_id, &err))
            http_error(resp, &err);
        else
            answer_initiative(req, resp, 201, i.id);
    }
    initiative_free(&i);
    json_decref(body);
}

void api_initiative_update(http_req *req, http_resp *resp)
{
    static const char *const server_owned[] = {"id",       "status",     "history",    "measures",
                                               "created_at", "updated_at", "version", NULL};
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    initiative cur, n;
    memset(&n, 0, sizeof n);
    hk_err err;
    if (store_initiative_get(req->st, req->ids[0], &cur, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *current = initiative_view(req, &cur, &err), *body = NULL, *merged = NULL;
    if (!current) {
        http_error(resp, &err);
        goto done;
    }
    if (http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, initiative_members)))
        goto done;
    if (!(merged = http_patched(current, body, server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    if (initiative_from_json(merged, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = cur.id;
    if (store_initiative_update(req->st, &n, cur.version, req->actor.a.user_id, &err))
        http_update_error(resp, &err);
    else
        answer_initiative(req, resp, 200, cur.id);
done:
    initiative_free(&n);
    initiative_free(&cur);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

void api_initiative_status(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"status", "on", "expert_meeting_id", "note", NULL};
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    hk_err err;
    const char *status = http_body_string(body, "status", resp), *on = NULL;
    if (!status || !(on = http_body_string(body, "on", resp)))
        goto done;
    int s = coord_enum_parse(CENUM_INITIATIVE_STATUS, status);
    const json_t *em = json_object_get(body, "expert_meeting_id"), *note = json_object_get(body, "note");
    if (s < 0)
        hk_err_set(&err, HK_EINVAL, "status", "status must be one of under_study, adopted, declined, withdrawn");
    else if (em && !json_is_null(em) && (!json_is_integer(em) || json_integer_value(em) <= 0))
        hk_err_set(&err, HK_EINVAL, "expert_meeting_id", "expert_meeting_id must be the id of an expert meeting");
    else if (note && !json_is_null(note) && !json_is_string(note))
        hk_err_set(&err, HK_EINVAL, "note", "note must be a string");
    else if (!store_initiative_set_status(req->st, req->ids[0], (initiative_status)s, on,
                                         em && json_is_integer(em) ? json_integer_value(em) : 0,
                                         note && json_is_string(note) ? json_string_value(note) : NULL,
                                         req->actor.a.user_id, &err)) {
        answer_initiative(req, resp, 200, req->ids[0]);
        goto done;
    }
    http_error(resp, &err);
done:
    json_decref(body);
}
