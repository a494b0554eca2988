/*
 * http_api_partner_meeting.c - 1:1 meeting requests between partners
 * through the API (BRIEF 4.5, issue 14; the rules in
 * store_partner_meeting.c): ask for a meeting on an accepted interest or
 * on a listing, list one's organisations' requests, read one, accept a
 * proposed time, propose others, decline, cancel, and fetch an accepted
 * meeting as an iCalendar file. Named partner-meetings so as not to be
 * confused with the coordination mechanism's /api/v1/meetings.
 *
 * The handlers keep the order of http_api_interest.c: who is asking
 * (401), the records, auth_can() on them (404/403), the body, then the
 * write. A request is private to its two organisations; the target of
 * every check is {org_id: the asked organisation, from_org_id: the asking
 * one}. Whose turn it is is the store's rule (409 naming it).
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/io_ical.h"

#define PAGE_DEFAULT 20

/* ---- JSON ---- */

static json_t *time_json(const pm_time *t, int option)
{
    json_t *j = json_pack("{s:s, s:s, s:i, s:o}", "start", t->starts, "tz", t->tz, "minutes", t->minutes,
                          "starts_at", http_time_json(t->starts_at));
    if (j && option > 0)
        json_object_set_new(j, "option", json_integer(option));
    return j;
}

static json_t *org_name_json(http_req *req, int64_t id)
{
    organisation o;
    hk_err err;
    if (store_org_get(req->st, id, &o, &err))
        return json_null();
    json_t *j = json_string(http_org_name(&o));
    organisation_free(&o);
    return j ? j : json_null();
}

static json_t *listing_title_json(http_req *req, int64_t id)
{
    listing l;
    hk_err err;
    if (store_listing_get(req->st, id, &l, &err))
        return json_null();
    const listing_text *t = http_listing_original(&l);
    json_t *j = t && t->title ? json_string(t->title) : NULL;
    listing_free(&l);
    return j ? j : json_null();
}

static json_t *opt_id(int64_t id) { return id ? json_integer((json_int_t)id) : json_null(); }

/* The request as docs/api.md describes it: the latest proposal's times
 * (each with its option number), the accepted time, the history when it
 * was read with it, and the actor's side. */
static json_t *meeting_json(http_req *req, const partner_meeting *m)
{
    json_t *times = json_array();
    for (size_t i = 0; i < m->n_times; i++)
        json_array_append_new(times, time_json(&m->times[i], (int)i + 1));
    bool mine_from = http_actor_in_org(req, m->from_org_id), mine_to = http_actor_in_org(req, m->to_org_id);
    json_t *j = json_pack("{s:I, s:o, s:I, s:o, s:I, s:o, s:I, s:o, s:s, s:o, s:i, s:s, s:s, s:s, s:o}", "id",
                          (json_int_t)m->id, "interest_id", opt_id(m->interest_id), "listing_id",
                          (json_int_t)m->listing_id, "listing_title", listing_title_json(req, m->listing_id),
                          "from_org_id", (json_int_t)m->from_org_id, "from_org_name",
                          org_name_json(req, m->from_org_id), "to_org_id", (json_int_t)m->to_org_id, "to_org_name",
                          org_name_json(req, m->to_org_id), "status", pm_status_name(m->status), "turn_org_id",
                          opt_id(m->status == PM_PENDING ? m->turn_org_id : 0), "round", m->round, "place",
                          m->place ? m->place : "", "video_url", m->video_url ? m->video_url : "", "message",
                          m->message ? m->message : "", "times", times);
    if (!j)
        return NULL;
    json_object_set_new(j, "accepted", m->has_accepted ? time_json(&m->accepted, 0) : json_null());
    /* What the actor may do now, so that a client need not repeat the
     * store's rules to draw its buttons (the store still decides). */
    bool my_turn = m->status == PM_PENDING && http_actor_in_org(req, m->turn_org_id);
    json_object_set_new(j, "may_answer", json_boolean(my_turn));
    json_object_set_new(j, "may_cancel",
                        json_boolean(mine_from && (m->status == PM_PENDING || m->status == PM_ACCEPTED)));
    json_object_set_new(j, "side", json_string(mine_from && mine_to ? "both" : mine_from ? "from" : "to"));
    if (m->has_accepted) {
        char url[64];
        snprintf(url, sizeof url, "/api/v1/partner-meetings/%lld.ics", (long long)m->id);
        json_object_set_new(j, "ics_url", json_string(url));
    }
    if (m->steps) {
        json_t *h = json_array();
        for (size_t i = 0; i < m->n_steps; i++) {
            const pm_step *s = &m->steps[i];
            json_t *st = json_pack("{s:I, s:s, s:i, s:I, s:I, s:s, s:o}", "id", (json_int_t)s->id, "action",
                                   pm_action_name(s->action), "round", s->round, "org_id", (json_int_t)s->org_id,
                                   "actor_id", (json_int_t)s->actor_id, "message", s->message ? s->message : "",
                                   "at", http_time_json(s->at));
            if (st && (s->action == PM_PROPOSE || s->action == PM_COUNTER)) {
                json_t *tv = json_array();
                for (size_t k = 0; k < s->n_times; k++)
                    json_array_append_new(tv, time_json(&s->times[k], (int)k + 1));
                json_object_set_new(st, "times", tv);
                json_object_set_new(st, "place", json_string(s->place ? s->place : ""));
                json_object_set_new(st, "video_url", json_string(s->video_url ? s->video_url : ""));
            }
            json_array_append_new(h, st);
        }
        json_object_set_new(j, "history", h);
    }
    json_object_set_new(j, "created_at", http_time_json(m->created_at));
    json_object_set_new(j, "updated_at", http_time_json(m->updated_at));
    return j;
}

/* ---- bodies ---- */

/* Reads a proposal from body members times, place, video_url, message
 * into *p (strings borrowed from body); -1 with a 400 in resp. */
static int read_proposal(const json_t *body, pm_proposal *p, http_resp *resp)
{
    memset(p, 0, sizeof *p);
    hk_err err;
    const json_t *times = json_object_get(body, "times");
    if (!json_is_array(times) || json_array_size(times) < 1 || json_array_size(times) > PM_TIMES_MAX) {
        hk_err_set(&err, HK_EINVAL, "times", "times: an array of 1 to %d proposed times", PM_TIMES_MAX);
        http_error(resp, &err);
        return -1;
    }
    static const char *const time_members[] = {"start", "tz", "minutes", NULL};
    for (size_t i = 0; i < json_array_size(times); i++) {
        const json_t *t = json_array_get(times, i);
        char field[48];
        snprintf(field, sizeof field, "times[%zu]", i);
        if (!json_is_object(t)) {
            hk_err_set(&err, HK_EINVAL, field, "%s: an object with start, tz and minutes", field);
            http_error(resp, &err);
            return -1;
        }
        if (http_body_only(t, time_members, resp))
            return -1;
        const json_t *start = json_object_get(t, "start"), *tz = json_object_get(t, "tz"),
                     *minutes = json_object_get(t, "minutes");
        pm_time *pt = &p->times[i];
        const char *bad = !json_is_string(start) || strlen(json_string_value(start)) >= sizeof pt->starts ? "start"
                          : !json_is_string(tz) || strlen(json_string_value(tz)) >= sizeof pt->tz     ? "tz"
                          : !json_is_integer(minutes) || json_integer_value(minutes) < PM_MINUTES_MIN ||
                                  json_integer_value(minutes) > PM_MINUTES_MAX
                              ? "minutes"
                              : NULL;
        if (bad) {
            snprintf(field, sizeof field, "times[%zu].%s", i, bad);
            hk_err_set(&err, HK_EINVAL, field,
                       !strcmp(bad, "start") ? "%s: a local date and time, YYYY-MM-DDTHH:MM"
                       : !strcmp(bad, "tz")  ? "%s: an IANA time zone such as Asia/Tashkent"
                                             : "%s: a whole number of minutes, 15 to 480",
                       field);
            http_error(resp, &err);
            return -1;
        }
        snprintf(pt->starts, sizeof pt->starts, "%s", json_string_value(start));
        snprintf(pt->tz, sizeof pt->tz, "%s", json_string_value(tz));
        pt->minutes = (int)json_integer_value(minutes);
        p->n_times++;
    }
    static const char *const texts[] = {"place", "video_url", "message"};
    const char **dst[] = {&p->place, &p->video_url, &p->message};
    for (size_t i = 0; i < 3; i++) {
        const json_t *v = json_object_get(body, texts[i]);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            hk_err_set(&err, HK_EINVAL, texts[i], "%s: must be a string", texts[i]);
            http_error(resp, &err);
            return -1;
        }
        *dst[i] = json_is_string(v) ? json_string_value(v) : NULL;
    }
    return 0;
}

/* Answers a new or changed request with its current state. */
static void answer(http_req *req, http_resp *resp, int64_t id, unsigned status)
{
    partner_meeting m;
    hk_err err;
    if (store_pm_get(req->st, id, &m, &err)) {
        http_error(resp, &err);
        return;
    }
    if (status == 201)
        http_header(resp, "Location", "/api/v1/partner-meetings/%lld", (long long)id);
    http_json(resp, status, meeting_json(req, &m));
    partner_meeting_free(&m);
    http_after_write(req);
}

/* The organisation the actor acts for among two: the one given in the
 * body (from_org_id), else the one of the two it belongs to, preferring
 * prefer when it belongs to both. */
static int64_t side_of(http_req *req, int64_t a, int64_t b, int64_t prefer)
{
    bool in_a = http_actor_in_org(req, a), in_b = http_actor_in_org(req, b);
    if (in_a && in_b)
        return prefer;
    return in_a ? a : in_b ? b : 0;
}

/* ---- POST /api/v1/interests/{id}/meetings ---- */

void api_pm_propose_on_interest(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"from_org_id", "times", "place", "video_url", "message", NULL};
    if (http_require_user(req, resp))
        return;
    hk_err err;
    interest i;
    if (store_interest_get(req->st, req->ids[0], &i, &err)) {
        http_error(resp, &err);
        return;
    }
    listing l;
    int rc = store_listing_get(req->st, i.listing_id, &l, &err);
    int64_t from_org = i.from_org_id;
    interest_free(&i);
    if (rc) {
        http_not_found(resp, "id");
        return;
    }
    auth_target target = {.org_id = l.org_id, .from_org_id = from_org, .listing_status = l.status};
    listing_free(&l);
    if (http_authorize(req, resp, AUTH_PMEET_PROPOSE, &target))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    int64_t side = side_of(req, target.from_org_id, target.org_id, target.from_org_id);
    pm_proposal p;
    if (json_object_get(body, "from_org_id") &&
        !(side = http_body_id(body, "from_org_id", "one of the interest's two organisations you belong to", resp)))
        goto done;
    if (!http_actor_in_org(req, side)) {
        hk_err_set(&err, HK_EINVAL, "from_org_id", "from_org_id: one of the interest's organisations you belong to");
        http_error(resp, &err);
        goto done;
    }
    if (read_proposal(body, &p, resp))
        goto done;
    int64_t id;
    if (store_pm_propose_on_interest(req->st, req->ids[0], side, req->actor.a.user_id, &p, &id, &err))
        http_error(resp, &err);
    else
        answer(req, resp, id, 201);
done:
    json_decref(body);
}

/* ---- POST /api/v1/listings/{id}/meetings ---- */

void api_pm_propose_on_listing(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"from_org_id", "times", "place", "video_url", "message", NULL};
    if (http_require_user(req, resp))
        return;
    hk_err err;
    listing l;
    auth_target target;
    if (http_listing_for(req, resp, AUTH_LISTING_READ, &l, &target))
        return;
    listing_free(&l);
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    pm_proposal p;
    int64_t id;
    if (!(target.from_org_id = http_body_id(body, "from_org_id", "an organisation you belong to", resp)) ||
        http_authorize(req, resp, AUTH_PMEET_REQUEST, &target) || read_proposal(body, &p, resp))
        goto done;
    if (store_pm_propose_on_listing(req->st, req->ids[0], target.from_org_id, req->actor.a.user_id, &p, &id, &err))
        http_error(resp, &err);
    else
        answer(req, resp, id, 201);
done:
    json_decref(body);
}

/* ---- GET /api/v1/partner-meetings ---- */

void api_pm_list(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_err err;
    int64_t before = 0, interest_id = 0;
    long limit;
    if (http_cursor_arg(req, resp, "cursor", &before) || http_cursor_arg(req, resp, "interest", &interest_id) ||
        http_int_arg(req, resp, "limit", 1, PM_LIST_MAX, PAGE_DEFAULT, &limit))
        return;
    int status = -1;
    const char *s = http_arg(req, "status");
    if (s) {
        for (int k = 0; k < PM__STATUS_COUNT; k++)
            if (!strcmp(s, pm_status_name((pm_status)k)))
                status = k;
        if (status < 0) {
            hk_err_set(&err, HK_EINVAL, "status", "status: pending, accepted, declined or cancelled");
            http_error(resp, &err);
            return;
        }
    }
    /* The list is the actor's organisations' by construction
     * (docs/security.md: lists filter in the store query). */
    const auth_actor *a = &req->actor.a;
    int64_t *orgs = a->n_memberships ? malloc(a->n_memberships * sizeof *orgs) : NULL;
    if (a->n_memberships && !orgs) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    for (size_t k = 0; k < a->n_memberships; k++)
        orgs[k] = a->memberships[k].org_id;
    store_pm_filter f = {.orgs = orgs, .n_orgs = a->n_memberships, .interest_id = interest_id, .status = status,
                         .before_id = before, .limit = (size_t)limit};
    partner_meeting *v = NULL;
    size_t n = 0;
    int rc = store_pm_list(req->st, &f, &v, &n, &err);
    free(orgs);
    if (rc) {
        http_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(list, meeting_json(req, &v[k]));
    http_page(resp, "meetings", list, n, (size_t)limit, n ? v[n - 1].id : 0);
    partner_meetings_free(v, n);
}

/* Loads request req->ids[0] into *m after the 401 check and asks auth_can
 * for action; 0, or -1 with resp filled. */
static int load(http_req *req, http_resp *resp, auth_action action, partner_meeting *m)
{
    memset(m, 0, sizeof *m);
    if (http_require_user(req, resp))
        return -1;
    hk_err err;
    if (store_pm_get(req->st, req->ids[0], m, &err)) {
        http_error(resp, &err);
        return -1;
    }
    auth_target t = {.org_id = m->to_org_id, .from_org_id = m->from_org_id};
    if (http_authorize(req, resp, action, &t)) {
        partner_meeting_free(m);
        return -1;
    }
    return 0;
}

/* ---- GET /api/v1/partner-meetings/{id} ---- */

void api_pm_get(http_req *req, http_resp *resp)
{
    partner_meeting m;
    if (load(req, resp, AUTH_PMEET_READ, &m))
        return;
    http_json(resp, 200, meeting_json(req, &m));
    partner_meeting_free(&m);
}

/* ---- the steps ---- */

typedef enum { DO_ACCEPT, DO_PROPOSE, DO_DECLINE, DO_CANCEL } step_kind;

static void do_step(http_req *req, http_resp *resp, step_kind kind)
{
    static const char *const accept_members[] = {"option", NULL};
    static const char *const propose_members[] = {"times", "place", "video_url", "message", NULL};
    static const char *const reason_members[] = {"reason", NULL};
    partner_meeting m;
    if (load(req, resp, kind == DO_CANCEL ? AUTH_PMEET_CANCEL : AUTH_PMEET_ANSWER, &m))
        return;
    /* Answers are given for the side whose turn it is when the actor is
     * in it, so that the store can tell an answer out of turn (409)
     * from one by a member of both sides. */
    int64_t org = kind == DO_CANCEL ? m.from_org_id : side_of(req, m.from_org_id, m.to_org_id, m.turn_org_id);
    int64_t id = m.id;
    partner_meeting_free(&m);
    json_t *body = http_body_strict(req, resp,
                                    kind == DO_ACCEPT    ? accept_members
                                    : kind == DO_PROPOSE ? propose_members
                                                         : reason_members);
    if (!body)
        return;
    hk_err err;
    int rc = 0;
    if (kind == DO_ACCEPT) {
        const json_t *o = json_object_get(body, "option");
        if (!json_is_integer(o) || json_integer_value(o) < 1 || json_integer_value(o) > PM_TIMES_MAX) {
            hk_err_set(&err, HK_EINVAL, "option", "option: the number (1 to %d) of the proposed time accepted",
                       PM_TIMES_MAX);
            http_error(resp, &err);
            goto done;
        }
        rc = store_pm_accept(req->st, id, org, req->actor.a.user_id, (int)json_integer_value(o), &err);
    } else if (kind == DO_PROPOSE) {
        pm_proposal p;
        if (read_proposal(body, &p, resp))
            goto done;
        rc = store_pm_counter(req->st, id, org, req->actor.a.user_id, &p, &err);
    } else {
        const json_t *r = json_object_get(body, "reason");
        if (r && !json_is_string(r)) {
            hk_err_set(&err, HK_EINVAL, "reason", "reason: must be a string");
            http_error(resp, &err);
            goto done;
        }
        const char *reason = json_string_value(r);
        rc = kind == DO_DECLINE ? store_pm_decline(req->st, id, org, req->actor.a.user_id, reason, &err)
                                : store_pm_cancel(req->st, id, org, req->actor.a.user_id, reason, &err);
    }
    if (rc)
        http_error(resp, &err);
    else
        answer(req, resp, id, 200);
done:
    json_decref(body);
}

void api_pm_accept(http_req *req, http_resp *resp) { do_step(req, resp, DO_ACCEPT); }
void api_pm_propose(http_req *req, http_resp *resp) { do_step(req, resp, DO_PROPOSE); }
void api_pm_decline(http_req *req, http_resp *resp) { do_step(req, resp, DO_DECLINE); }
void api_pm_cancel(http_req *req, http_resp *resp) { do_step(req, resp, DO_CANCEL); }

/* ---- GET /api/v1/partner-meetings/{id}.ics ---- */

/* "YYYYMMDDTHHMMSS" of local "YYYY-MM-DDTHH:MM". */
static void ical_local(const char *starts, char out[16])
{
    snprintf(out, 16, "%.4s%.2s%.2sT%.2s%.2s00", starts, starts + 5, starts + 8, starts + 11, starts + 14);
}

/* "+HHMM" / "-HHMM" of an offset in seconds. */
static void ical_offset(int seconds, char out[8])
{
    int a = seconds < 0 ? -seconds : seconds;
    snprintf(out, 8, "%c%02d%02d", seconds < 0 ? '-' : '+', (a / 3600) % 100, (a / 60) % 60);
}

/* The meeting as one VEVENT at its local time in its IANA zone
 * (DTSTART;TZID=...), with a VTIMEZONE giving the zone's offset at that
 * time: a single meeting needs no rules beyond the one in force when it
 * is held, and every client also knows the zone by its IANA name. */
void api_pm_ics(http_req *req, http_resp *resp)
{
    partner_meeting m;
    if (load(req, resp, AUTH_PMEET_READ, &m))
        return;
    hk_err err;
    if (!m.has_accepted) {
        hk_err_set(&err, HK_ECONFLICT, "status",
                   "rule: a meeting has a calendar entry once a time is accepted; this request is %s",
                   pm_status_name(m.status));
        partner_meeting_free(&m);
        http_error(resp, &err);
        return;
    }
    int offset = 0;
    (void)hk_tz_offset(m.accepted.tz, m.accepted.starts_at, &offset);
    char *from = NULL, *to = NULL;
    json_t *fj = org_name_json(req, m.from_org_id), *tj = org_name_json(req, m.to_org_id);
    from = strdup(json_is_string(fj) ? json_string_value(fj) : "");
    to = strdup(json_is_string(tj) ? json_string_value(tj) : "");
    json_decref(fj);
    json_decref(tj);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = from && to ? open_memstream(&buf, &len) : NULL;
    if (out) {
        char uid[64], local[16], off[8], name[96], summary[600], dur[16];
        fputs("BEGIN:VCALENDAR\r\n", out);
        io_ical_raw(out, "VERSION", "2.0");
        io_ical_raw(out, "PRODID", "-//hamkor//meetings between partners//EN");
        io_ical_raw(out, "CALSCALE", "GREGORIAN");
        io_ical_raw(out, "METHOD", "PUBLISH");
        fputs("BEGIN:VTIMEZONE\r\n", out);
        io_ical_raw(out, "TZID", m.accepted.tz);
        fputs("BEGIN:STANDARD\r\n", out);
        io_ical_raw(out, "DTSTART", "19700101T000000");
        ical_offset(offset, off);
        io_ical_raw(out, "TZOFFSETFROM", off);
        io_ical_raw(out, "TZOFFSETTO", off);
        fputs("END:STANDARD\r\n", out);
        fputs("END:VTIMEZONE\r\n", out);
        fputs("BEGIN:VEVENT\r\n", out);
        snprintf(uid, sizeof uid, "partner-meeting-%lld@hamkor", (long long)m.id);
        io_ical_raw(out, "UID", uid);
        io_ical_utc(out, "DTSTAMP", m.updated_at);
        ical_local(m.accepted.starts, local);
        snprintf(name, sizeof name, "DTSTART;TZID=%s", m.accepted.tz);
        io_ical_raw(out, name, local);
        snprintf(dur, sizeof dur, "PT%dM", m.accepted.minutes);
        io_ical_raw(out, "DURATION", dur);
        snprintf(summary, sizeof summary, "%s / %s", from, to);
        io_ical_text(out, "SUMMARY", summary);
        if (m.place && m.place[0])
            io_ical_text(out, "LOCATION", m.place);
        else if (m.video_url && m.video_url[0])
            io_ical_text(out, "LOCATION", m.video_url);
        if (m.video_url && m.video_url[0])
            io_ical_raw(out, "URL", m.video_url);
        if (m.message && m.message[0])
            io_ical_text(out, "DESCRIPTION", m.message);
        io_ical_raw(out, "STATUS", m.status == PM_CANCELLED ? "CANCELLED" : "CONFIRMED");
        fputs("END:VEVENT\r\n", out);
        fputs("END:VCALENDAR\r\n", out);
        fclose(out);
    }
    free(from);
    free(to);
    partner_meeting_free(&m);
    if (!out) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/calendar; charset=utf-8";
}
