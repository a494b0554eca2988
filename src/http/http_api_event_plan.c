/*
 * http_api_event_plan.c - the schedule of an event through the API
 * (issue 14; store_event_sched.c): the organisers run the scheduler and
 * read the table plan per slot; each participant reads their agenda, as
 * JSON for the printable page and as an iCalendar file (the content lines
 * written by src/io/io_ical.c); every user reads their event notices and
 * marks them read.
 */
#include "http/http_api_event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/io_ical.h"

static json_t *run_json(const store_event_run *r)
{
    double gap = r->bound ? (double)(r->bound - r->held) / (double)r->bound : 0.0;
    return json_pack("{s:I, s:I, s:I, s:f, s:I, s:I, s:I, s:I, s:f, s:b, s:o}", "requests", (json_int_t)r->requests,
                     "held", (json_int_t)r->held, "bound", (json_int_t)r->bound, "gap", gap, "kept",
                     (json_int_t)r->kept, "moved", (json_int_t)r->moved, "dropped", (json_int_t)r->dropped,
                     "notified", (json_int_t)r->notified, "seconds", r->seconds, "time_limited", r->time_limited,
                     "run_at", http_time_json(r->run_at));
}

/* The organisers' target: the event's organiser organisation. */
static int authorize_organiser(http_req *req, http_resp *resp, const hk_event *e)
{
    auth_target t = {.org_id = e->organiser_org_id};
    return http_authorize(req, resp, AUTH_EVENT_ORGANISE, &t);
}

void api_event_schedule_run(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_event e;
    if (http_event_load(req, resp, &e))
        return;
    int refused = authorize_organiser(req, resp, &e) || http_body_empty(req, resp);
    hk_event_free(&e);
    if (refused)
        return;
    store_event_run run;
    hk_err err;
    if (store_event_schedule_run(req->st, req->ids[0], NULL, req->actor.a.user_id, &run, &err))
        http_error(resp, &err);
    else
        http_json(resp, 200, run_json(&run));
}

/* Every participant of the event, by id (the plan names them all). */
static int all_participants(http_req *req, event_participant **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    store_participant_filter f = {.event_id = req->ids[0], .limit = EVENT_LIST_MAX};
    for (;;) {
        event_participant *v;
        size_t k;
        int rc = store_event_participants(req->st, &f, &v, &k, NULL, err);
        if (rc)
            return rc;
        event_participant *all = realloc(*out, (*n + k + 1) * sizeof *all);
        if (!all) {
            event_participants_free(v, k);
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        }
        if (k)
            memcpy(all + *n, v, k * sizeof *v);
        free(v);
        *out = all;
        *n += k;
        if (k < f.limit)
            return 0;
        f.offset += k;
    }
}

static const event_participant *find(const event_participant *v, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id)
            return &v[i];
    return NULL;
}

void api_event_schedule(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    hk_event e;
    if (http_event_load(req, resp, &e))
        return;
    hk_err err;
    event_slot *s = NULL;
    size_t ns = 0, nm = 0, np = 0;
    event_meeting *m = NULL;
    event_participant *p = NULL;
    if (authorize_organiser(req, resp, &e))
        goto done;
    if (event_slots(&e, &s, &ns, &err) || store_event_plan(req->st, e.id, &m, &nm, &err) ||
        all_participants(req, &p, &np, &err)) {
        http_error(resp, &err);
        goto done;
    }
    store_event_run run;
    json_t *last = store_event_last_run(req->st, e.id, &run, &err) == 0 ? run_json(&run) : json_null();
    json_t *slots = json_array();
    size_t k = 0;
    for (size_t i = 0; i < ns; i++) {
        json_t *sj = http_event_slot_json(&s[i], i), *ms = json_array();
        for (; k < nm && m[k].slot_at <= s[i].starts_at; k++) {
            if (m[k].slot_at != s[i].starts_at)
                continue;
            const event_participant *a = find(p, np, m[k].a), *b = find(p, np, m[k].b);
            json_array_append_new(ms, json_pack("{s:i, s:I, s:i, s:o, s:o}", "table", m[k].table_no + 1,
                                                "request_id", (json_int_t)m[k].request_id, "priority", m[k].priority,
                                                "a", a ? http_participant_brief(a) : json_null(), "b",
                                                b ? http_participant_brief(b) : json_null()));
        }
        json_object_set_new(sj, "meetings", ms);
        json_array_append_new(slots, sj);
    }
    http_json(resp, 200, json_pack("{s:I, s:i, s:o, s:I, s:o}", "event_id", (json_int_t)e.id, "tables", e.tables,
                                   "run", last, "participants", (json_int_t)np, "slots", slots));
done:
    free(s);
    free(m);
    event_participants_free(p, np);
    hk_event_free(&e);
}

/* ---- agendas ---- */

typedef struct agenda_item {
    const event_slot *slot;
    size_t slot_no;
    int table_no;
    int64_t request_id;
    int priority;
    event_participant with;
} agenda_item;

typedef struct agenda {
    hk_event e;
    event_participant me;
    event_slot *slots;
    size_t n_slots;
    agenda_item *items;
    size_t n;
} agenda;

static void agenda_free(agenda *a)
{
    for (size_t i = 0; i < a->n; i++)
        event_participant_free(&a->items[i].with);
    free(a->items);
    free(a->slots);
    event_participant_free(&a->me);
    hk_event_free(&a->e);
}

/* Loads participant ids[1]'s agenda after checking the actor may read
 * it; -1 with the problem in resp. */
static int agenda_load(http_req *req, http_resp *resp, agenda *a)
{
    memset(a, 0, sizeof *a);
    if (http_require_user(req, resp) || http_event_participant(req, resp, &a->me))
        return -1;
    auth_target t = {.org_id = a->me.org_id};
    if (http_authorize(req, resp, AUTH_EVENT_AGENDA, &t) || http_event_load(req, resp, &a->e)) {
        agenda_free(a);
        return -1;
    }
    hk_err err;
    event_meeting *m = NULL;
    size_t nm = 0;
    int rc = event_slots(&a->e, &a->slots, &a->n_slots, &err);
    if (!rc)
        rc = store_event_plan(req->st, a->e.id, &m, &nm, &err);
    if (!rc && !(a->items = calloc(nm + 1, sizeof *a->items)))
        rc = hk_err_set(&err, HK_ENOMEM, "", "out of memory");
    for (size_t i = 0; !rc && i < nm; i++) {
        if (m[i].a != a->me.id && m[i].b != a->me.id)
            continue;
        size_t k = 0;
        while (k < a->n_slots && a->slots[k].starts_at != m[i].slot_at)
            k++;
        if (k == a->n_slots)
            continue;
        agenda_item *it = &a->items[a->n];
        *it = (agenda_item){&a->slots[k], k, m[i].table_no, m[i].request_id, m[i].priority, {0}};
        rc = store_event_participant_get(req->st, m[i].a == a->me.id ? m[i].b : m[i].a, &it->with, &err);
        if (!rc)
            a->n++;
    }
    free(m);
    if (rc) {
        http_error(resp, &err);
        agenda_free(a);
        return -1;
    }
    return 0;
}

static const event_text *title_of(const hk_event *e, const char *lang)
{
    for (size_t i = 0; lang && i < e->n_texts; i++)
        if (!strcmp(e->texts[i].lang, lang))
            return &e->texts[i];
    return &e->texts[0];
}

void api_event_agenda(http_req *req, http_resp *resp)
{
    agenda a;
    if (agenda_load(req, resp, &a))
        return;
    json_t *ms = json_array();
    for (size_t i = 0; i < a.n; i++) {
        json_t *j = http_event_slot_json(a.items[i].slot, a.items[i].slot_no);
        json_object_set_new(j, "table", json_integer(a.items[i].table_no + 1));
        json_object_set_new(j, "request_id", json_integer(a.items[i].request_id));
        json_object_set_new(j, "priority", json_integer(a.items[i].priority));
        json_object_set_new(j, "with", http_participant_brief(&a.items[i].with));
        json_array_append_new(ms, j);
    }
    json_t *full = http_event_json(&a.e);
    json_t *ev = json_pack("{s:I, s:O, s:o, s:s}", "id", (json_int_t)a.e.id, "texts", json_object_get(full, "texts"),
                           "place", a.e.place ? json_string(a.e.place) : json_null(), "tz", a.e.tz);
    json_decref(full);
    http_json(resp, 200, json_pack("{s:o, s:o, s:o}", "event", ev, "participant", http_participant_json(&a.me),
                                   "meetings", ms));
    agenda_free(&a);
}

void api_event_agenda_ics(http_req *req, http_resp *resp)
{
    const char *lang = http_arg(req, "lang");
    if (lang && strcmp(lang, "en") && strcmp(lang, "ru") && strcmp(lang, "zh")) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, "lang", "lang must be en, ru or zh");
        http_error(resp, &err);
        return;
    }
    agenda a;
    if (agenda_load(req, resp, &a))
        return;
    int64_t now = (int64_t)time(NULL);
    const event_text *title = title_of(&a.e, lang);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (out) {
        fputs("BEGIN:VCALENDAR\r\n", out);
        io_ical_raw(out, "VERSION", "2.0");
        io_ical_raw(out, "PRODID", "-//hamkor//SCO events matchmaking//EN");
        io_ical_raw(out, "CALSCALE", "GREGORIAN");
        io_ical_raw(out, "METHOD", "PUBLISH");
        io_ical_text(out, "X-WR-CALNAME", title->title);
        for (size_t i = 0; i < a.n; i++) {
            const agenda_item *it = &a.items[i];
            char uid[96], summary[1024], where[512];
            snprintf(uid, sizeof uid, "event-%lld-request-%lld@hamkor", (long long)a.e.id, (long long)it->request_id);
            snprintf(summary, sizeof summary, "%s (%s, %s)", it->with.org_name ? it->with.org_name : "",
                     it->with.person ? it->with.person : "", it->with.org_country);
            snprintf(where, sizeof where, "%s%stable %d", a.e.place ? a.e.place : "", a.e.place ? ", " : "",
                     it->table_no + 1);
            fputs("BEGIN:VEVENT\r\n", out);
            io_ical_raw(out, "UID", uid);
            io_ical_utc(out, "DTSTAMP", now);
            io_ical_utc(out, "DTSTART", it->slot->starts_at);
            io_ical_utc(out, "DTEND", it->slot->ends_at);
            io_ical_text(out, "SUMMARY", summary);
            io_ical_text(out, "LOCATION", where);
            io_ical_text(out, "DESCRIPTION", title->title);
            io_ical_raw(out, "CATEGORIES", "MEETING");
            fputs("END:VEVENT\r\n", out);
        }
        fputs("END:VCALENDAR\r\n", out);
        fclose(out);
    }
    agenda_free(&a);
    if (!out) {
        hk_err err;
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/calendar; charset=utf-8";
}

/* ---- notices ---- */

void api_event_notices(http_req *req, http_resp *resp)
{
    long limit;
    if (http_int_arg(req, resp, "limit", 1, 100, 50, &limit) || http_require_user(req, resp))
        return;
    auth_target t = {.owner_user_id = req->actor.a.user_id};
    if (http_authorize(req, resp, AUTH_EVENT_NOTICE_READ, &t))
        return;
    event_notice *v;
    size_t n;
    hk_err err;
    if (store_event_notices(req->st, req->actor.a.user_id, (size_t)limit, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *payload = json_loads(v[i].payload, 0, NULL);
        json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)v[i].id, "event_id",
                                           (json_int_t)v[i].event_id, "kind", v[i].kind, "payload",
                                           payload ? payload : json_object(), "created_at",
                                           http_time_json(v[i].created_at), "read_at",
                                           http_time_json(v[i].read_at)));
    }
    event_notices_free(v, n);
    http_json(resp, 200, json_pack("{s:o}", "notices", a));
}

/* POST /api/v1/event-notices/{id}/read: the notice's owner only. Whose it
 * is comes from the store, and event_notice.read answers for everyone
 * else as for a notice that does not exist (404), so that no one learns
 * another user's notice ids. */
void api_event_notice_read(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    int64_t owner = 0;
    hk_err err;
    if (store_event_notice_owner(req->st, req->ids[0], &owner, &err)) {
        http_error(resp, &err);
        return;
    }
    auth_target t = {.owner_user_id = owner};
    if (http_authorize(req, resp, AUTH_EVENT_NOTICE_READ, &t) || http_body_empty(req, resp))
        return;
    if (store_event_notice_read(req->st, req->ids[0], req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        resp->status = 204;
}
