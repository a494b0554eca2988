/*
 * store_event.c - events with matchmaking sessions (BRIEF 4.6, issue 14;
 * store_event.h): the event and the time slots that follow from it, its
 * participants (the marketplace) and the meeting requests between them.
 * Running the scheduler and the stored schedule are store_event_sched.c.
 *
 * An event is one row plus its titles and breaks, replaced whole on
 * update as meetings are. A participant is an organisation and the person
 * who registered it; a request goes from one participant to another and
 * is pending, accepted, declined or cancelled. A participant who chose
 * auto-accept has requests accepted as they arrive.
 */
#include "store/store_coord_int.h"
#include "store/store_event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_tz.h"

/* ---- names ---- */

static const char *const kind_names[EVENT_KIND__COUNT] = {"economic_forum", "side_event", "other"};
static const char *const status_names[EREQ__COUNT] = {"pending", "accepted", "declined", "cancelled"};

const char *event_kind_name(event_kind k) { return (unsigned)k < EVENT_KIND__COUNT ? kind_names[k] : "other"; }
const char *event_request_status_name(event_request_status s)
{
    return (unsigned)s < EREQ__COUNT ? status_names[s] : "pending";
}

static int parse_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}
int event_kind_parse(const char *s) { return parse_name(kind_names, EVENT_KIND__COUNT, s); }
int event_request_status_parse(const char *s) { return parse_name(status_names, EREQ__COUNT, s); }

/* ---- lifetime ---- */

void hk_event_free(hk_event *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_texts; i++) {
        free(e->texts[i].lang);
        free(e->texts[i].title);
        free(e->texts[i].body);
    }
    free(e->texts);
    free(e->breaks);
    free(e->place);
    memset(e, 0, sizeof *e);
}

void store_events_free(hk_event *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hk_event_free(&v[i]);
    free(v);
}

void event_participant_free(event_participant *p)
{
    if (!p)
        return;
    free(p->note);
    free(p->listing_ids);
    free(p->org_name);
    free(p->person);
    memset(p, 0, sizeof *p);
}

void event_participants_free(event_participant *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        event_participant_free(&v[i]);
    free(v);
}

void event_request_free(event_request *r)
{
    if (!r)
        return;
    free(r->message);
    memset(r, 0, sizeof *r);
}

void event_requests_free(event_request *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        event_request_free(&v[i]);
    free(v);
}

/* ---- validation and slots ---- */

/* Minutes since midnight of "HH:MM", or -1. */
static int hhmm(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

/* day + k days as "YYYY-MM-DD" (proleptic Gregorian, UTC arithmetic). */
static void day_plus(const char *day, int k, char out[11])
{
    int y = atoi(day), m = atoi(day + 5), d = atoi(day + 8) + k;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (;;) {
        int len = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
        if (d <= len)
            break;
        d -= len;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

int event_slots(const hk_event *e, event_slot **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int start = hhmm(e->day_start), end = hhmm(e->day_end);
    if (start < 0 || end <= start || e->slot_minutes < 5 || e->days < 1 || e->days > EVENT_MAX_DAYS ||
        !model_is_date(e->first_day))
        return hk_err_set(err, HK_EINVAL, "slot_minutes", "the event's days and times do not give any slots");
    event_slot *v = calloc(EVENT_MAX_SLOTS, sizeof *v);
    if (!v)
        return store__oom(err);
    size_t k = 0;
    for (int d = 0; d < e->days; d++) {
        char day[11];
        day_plus(e->first_day, d, day);
        int t = start;
        while (t + e->slot_minutes <= end) {
            int moved = 0;
            for (size_t b = 0; b < e->n_breaks; b++) {
                int bs = hhmm(e->breaks[b].starts), be = hhmm(e->breaks[b].ends);
                if (t < be && t + e->slot_minutes > bs) {
                    t = be;
                    moved = 1;
                }
            }
            if (moved)
                continue;
            if (k == EVENT_MAX_SLOTS) {
                free(v);
                return hk_err_set(err, HK_EINVAL, "slot_minutes",
                                  "the event has more than %d slots; make them longer or the days fewer",
                                  EVENT_MAX_SLOTS);
            }
            event_slot *s = &v[k];
            s->day = d;
            unsigned te = (unsigned)(t + e->slot_minutes);
            snprintf(s->local, sizeof s->local, "%.10sT%02u:%02u", day, (unsigned)t / 60u % 100u, (unsigned)t % 60u);
            snprintf(s->ends_local, sizeof s->ends_local, "%02u:%02u", te / 60u % 100u, te % 60u);
            if (hk_tz_to_utc(s->local, e->tz, &s->starts_at)) {
                free(v);
                return hk_err_set(err, HK_EINVAL, "tz", "the time %s cannot be placed in time zone %s", s->local,
                                  e->tz);
            }
            s->ends_at = s->starts_at + (int64_t)e->slot_minutes * 60;
            k++;
            t += e->slot_minutes;
        }
    }
    if (k == 0) {
        free(v);
        return hk_err_set(err, HK_EINVAL, "slot_minutes", "no slot fits between day_start and day_end");
    }
    *out = v;
    *n = k;
    return 0;
}

int event_validate(const hk_event *e, hk_err *err)
{
    char f[48];
    if ((unsigned)e->kind >= EVENT_KIND__COUNT)
        return hk_err_set(err, HK_EINVAL, "kind", "kind must be economic_forum, side_event or other");
    if (e->n_texts < 1 || e->n_texts > EVENT_MAX_TEXTS)
        return hk_err_set(err, HK_EINVAL, "texts", "texts must hold 1 to %d titles", EVENT_MAX_TEXTS);
    size_t originals = 0;
    for (size_t i = 0; i < e->n_texts; i++) {
        const event_text *t = &e->texts[i];
        snprintf(f, sizeof f, "texts[%zu].origin", i);
        if (!model_enum_name(ENUM_ORIGIN, (int)t->origin))
            return hk_err_set(err, HK_EINVAL, f, "%s must be original, human or machine", f);
        originals += t->origin == ORIGIN_ORIGINAL;
        snprintf(f, sizeof f, "texts[%zu].lang", i);
        if (!t->lang || !model_is_bcp47(t->lang))
            return hk_err_set(err, HK_EINVAL, f, "%s must be a language tag such as en, ru or zh", f);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(e->texts[j].lang, t->lang))
                return hk_err_set(err, HK_EINVAL, f, "%s: one title per language", f);
        int rc;
        snprintf(f, sizeof f, "texts[%zu].title", i);
        if ((rc = model_check_text(f, t->title, EVENT_MAX_TITLE, true, err)))
            return rc;
        snprintf(f, sizeof f, "texts[%zu].body", i);
        if ((rc = model_check_text(f, t->body, EVENT_MAX_BODY, false, err)))
            return rc;
    }
    /* Several originals are allowed: an announcement is often written in
     * more than one language by the secretariat itself. A translation
     * with nothing it translates is not. */
    if (originals == 0)
        return hk_err_set(err, HK_EINVAL, "texts", "texts must have at least one text whose origin is original");
    int rc = model_check_text("place", e->place, EVENT_MAX_PLACE, false, err);
    if (rc)
        return rc;
    if (e->meeting_id < 0)
        return hk_err_set(err, HK_EINVAL, "meeting_id", "meeting_id must be the id of a meeting");
    if (e->organiser_org_id < 0)
        return hk_err_set(err, HK_EINVAL, "organiser_org_id", "organiser_org_id must be the id of an organisation");
    if (!hk_tz_known(e->tz))
        return hk_err_set(err, HK_EINVAL, "tz", "tz must be an IANA time zone such as Asia/Tashkent");
    if (!model_is_date(e->first_day))
        return hk_err_set(err, HK_EINVAL, "first_day", "first_day must be a date YYYY-MM-DD");
    if (e->days < 1 || e->days > EVENT_MAX_DAYS)
        return hk_err_set(err, HK_EINVAL, "days", "days must be 1 to %d", EVENT_MAX_DAYS);
    int start = hhmm(e->day_start), end = hhmm(e->day_end);
    if (start < 0)
        return hk_err_set(err, HK_EINVAL, "day_start", "day_start must be a time HH:MM");
    if (end < 0 || end <= start)
        return hk_err_set(err, HK_EINVAL, "day_end", "day_end must be a time HH:MM after day_start");
    if (e->slot_minutes < 5 || e->slot_minutes > 240)
        return hk_err_set(err, HK_EINVAL, "slot_minutes", "slot_minutes must be 5 to 240");
    if (e->tables < 1 || e->tables > EVENT_MAX_TABLES)
        return hk_err_set(err, HK_EINVAL, "tables", "tables must be 1 to %d", EVENT_MAX_TABLES);
    if (e->n_breaks > EVENT_MAX_BREAKS)
        return hk_err_set(err, HK_EINVAL, "breaks", "at most %d breaks a day", EVENT_MAX_BREAKS);
    for (size_t i = 0; i < e->n_breaks; i++) {
        int bs = hhmm(e->breaks[i].starts), be = hhmm(e->breaks[i].ends);
        snprintf(f, sizeof f, "breaks[%zu].starts", i);
        if (bs < 0)
            return hk_err_set(err, HK_EINVAL, f, "%s must be a time HH:MM", f);
        snprintf(f, sizeof f, "breaks[%zu].ends", i);
        if (be <= bs)
            return hk_err_set(err, HK_EINVAL, f, "%s must be a time HH:MM after its start", f);
    }
    event_slot *s;
    size_t n;
    if ((rc = event_slots(e, &s, &n, err)))
        return rc;
    free(s);
    return 0;
}

/* ---- events ---- */

static int event_refs(hk_store *st, const hk_event *e, hk_err *err)
{
    int rc = 0;
    if (e->meeting_id)
        rc = store__meeting_check(st, e->meeting_id, -1, "meeting_id", err);
    if (!rc && e->organiser_org_id)
        rc = store__org_exists(st, e->organiser_org_id, "organiser_org_id", err);
    return rc;
}

static int event_children_put(hk_store *st, const hk_event *e, hk_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < e->n_texts; i++)
        rc = store__do(st, SQ_EVENT_TEXT_ADD,
                       ARGS(sv_int(e->id), sv_int((int64_t)i), sv_text(e->texts[i].lang), sv_text(e->texts[i].title),
                            sv_opt(e->texts[i].body), sv_text(model_enum_name(ENUM_ORIGIN, (int)e->texts[i].origin))),
                       err);
    for (size_t i = 0; !rc && i < e->n_breaks; i++)
        rc = store__do(st, SQ_EVENT_BREAK_ADD,
                       ARGS(sv_int(e->id), sv_int((int64_t)i), sv_text(e->breaks[i].starts),
                            sv_text(e->breaks[i].ends)),
                       err);
    return rc;
}

static int audit_event(hk_store *st, int64_t actor, const char *action, const char *entity, int64_t id,
                       int64_t event_id, hk_err *err)
{
    char detail[64];
    snprintf(detail, sizeof detail, "{\"event_id\":%lld}", (long long)event_id);
    return store__audit(st, actor, action, entity, id, detail, err);
}

int store_event_create(hk_store *st, hk_event *e, int64_t actor_id, hk_err *err)
{
    int rc = event_validate(e, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0;
    if (!(rc = event_refs(st, e, err))) {
        wrote = true;
        rc = store__int(st, SQ_EVENT_INSERT,
                        ARGS(sv_text(event_kind_name(e->kind)), sv_int_opt(e->meeting_id),
                             sv_int_opt(e->organiser_org_id), sv_opt(e->place), sv_text(e->tz),
                             sv_text(e->first_day), sv_int(e->days), sv_text(e->day_start), sv_text(e->day_end),
                             sv_int(e->slot_minutes), sv_int(e->tables), sv_time(now)),
                        &id, err);
        rc = rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving an event returned no id") : rc > 0 ? 0 : rc;
    }
    int64_t keep = e->id;
    e->id = id;
    if (!rc)
        rc = event_children_put(st, e, err);
    if (!rc)
        rc = audit_event(st, actor_id, "create", "event", id, id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        e->id = keep;
        return rc;
    }
    e->created_at = e->updated_at = now;
    e->version = 1;
    return 0;
}

static const store_sq event_children[] = {SQ_EVENT_DEL_TEXTS, SQ_EVENT_DEL_BREAKS};

/* Takes off the plan the meetings whose slot the event no longer has. */
static int prune_plan(hk_store *st, const hk_event *e, hk_err *err)
{
    event_slot *s;
    size_t ns;
    int rc = event_slots(e, &s, &ns, err);
    if (rc)
        return rc;
    event_meeting *m = NULL;
    size_t nm = 0;
    rc = store_event_plan(st, e->id, &m, &nm, err);
    for (size_t i = 0; !rc && i < nm; i++) {
        bool found = m[i].table_no < e->tables;
        size_t k = 0;
        while (found && k < ns && s[k].starts_at != m[i].slot_at)
            k++;
        if (!found || k == ns)
            rc = store__do(st, SQ_EM_DEL_REQUEST, ARGS(sv_int(m[i].request_id)), err);
    }
    uint64_t mask = ns >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << ns) - 1);
    if (!rc)
        rc = store__do(st, SQ_EVENT_AVAIL_CLIP, ARGS(sv_int(e->id), sv_int((int64_t)mask)), err);
    free(s);
    free(m);
    return rc;
}

int store_event_update(hk_store *st, hk_event *e, int64_t version, int64_t actor_id, hk_err *err)
{
    int rc = event_validate(e, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    if (version == 0) {
        rc = store__int(st, SQ_EVENT_VERSION, ARGS(sv_int(e->id)), &version, err);
        rc = rc < 0 ? rc : rc == 0 ? hk_err_set(err, HK_ENOTFOUND, "id", "no event %lld", (long long)e->id) : 0;
    }
    if (!rc)
        rc = event_refs(st, e, err);
    if (!rc) {
        rc = store__do(st, SQ_EVENT_UPDATE,
                       ARGS(sv_int(e->id), sv_int(version), sv_text(event_kind_name(e->kind)),
                            sv_int_opt(e->meeting_id), sv_int_opt(e->organiser_org_id), sv_opt(e->place),
                            sv_text(e->tz), sv_text(e->first_day), sv_int(e->days), sv_text(e->day_start),
                            sv_text(e->day_end), sv_int(e->slot_minutes), sv_int(e->tables), sv_time(now)),
                       err);
        wrote = rc != 0 || st->changed > 0;
        if (!rc && st->changed == 0)
            rc = store__coord_stale(st, SQ_EVENT_VERSION, "event", e->id, err);
    }
    if (!rc)
        rc = store__delete_children(st, event_children, 2, e->id, err);
    if (!rc)
        rc = event_children_put(st, e, err);
    if (!rc)
        rc = prune_plan(st, e, err);
    if (!rc)
        rc = audit_event(st, actor_id, "update", "event", e->id, e->id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        e->updated_at = now;
        e->version = version + 1;
    }
    return rc;
}

typedef struct ev_ctx {
    hk_event *e;
    bool oom;
} ev_ctx;

static int event_row(const store_row *r, void *ctx)
{
    ev_ctx *c = ctx;
    hk_event *e = c->e;
    e->id = row_int(r, 0);
    int k = event_kind_parse(row_text(r, 1));
    e->kind = k < 0 ? EVENT_OTHER : (event_kind)k;
    e->meeting_id = row_null(r, 2) ? 0 : row_int(r, 2);
    e->organiser_org_id = row_null(r, 3) ? 0 : row_int(r, 3);
    c->oom |= row_dup(r, 4, &e->place) != 0;
    row_fixed(r, 5, e->tz, sizeof e->tz);
    row_fixed(r, 6, e->first_day, sizeof e->first_day);
    e->days = (int)row_int(r, 7);
    row_fixed(r, 8, e->day_start, sizeof e->day_start);
    row_fixed(r, 9, e->day_end, sizeof e->day_end);
    e->slot_minutes = (int)row_int(r, 10);
    e->tables = (int)row_int(r, 11);
    e->created_at = row_time(r, 12);
    e->updated_at = row_time(r, 13);
    e->version = row_int(r, 14);
    return 0;
}

static int text_row(const store_row *r, void *ctx)
{
    ev_ctx *c = ctx;
    hk_event *e = c->e;
    event_text *v = store__grow(e->texts, e->n_texts, sizeof *v);
    if (!v) {
        c->oom = true;
        return 0;
    }
    e->texts = v;
    event_text *t = &v[e->n_texts++];
    c->oom |= row_dup(r, 0, &t->lang) || row_dup(r, 1, &t->title) || row_dup(r, 2, &t->body);
    int o = model_enum_parse(ENUM_ORIGIN, row_text(r, 3));
    t->origin = o < 0 ? ORIGIN_MACHINE : (text_origin)o; /* the CHECK allows no other; say the least */
    return 0;
}

static int break_row(const store_row *r, void *ctx)
{
    ev_ctx *c = ctx;
    hk_event *e = c->e;
    event_break *v = store__grow(e->breaks, e->n_breaks, sizeof *v);
    if (!v) {
        c->oom = true;
        return 0;
    }
    e->breaks = v;
    row_fixed(r, 0, v[e->n_breaks].starts, sizeof v->starts);
    row_fixed(r, 1, v[e->n_breaks].ends, sizeof v->ends);
    e->n_breaks++;
    return 0;
}

int store_event_get(hk_store *st, int64_t id, hk_event *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    ev_ctx c = {out, false};
    int rc = store__q(st, SQ_EVENT_GET, ARGS(sv_int(id)), event_row, &c, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "no event %lld", (long long)id);
    if (rc > 0)
        rc = store__q(st, SQ_EVENT_TEXTS, ARGS(sv_int(id)), text_row, &c, err);
    if (rc >= 0)
        rc = store__q(st, SQ_EVENT_BREAKS, ARGS(sv_int(id)), break_row, &c, err);
    if (rc >= 0 && c.oom)
        rc = store__oom(err);
    if (rc < 0) {
        hk_event_free(out);
        return rc;
    }
    return 0;
}

static int read_id(const store_row *r, void *rec, void *ctx)
{
    *(int64_t *)rec = row_int(r, 0);
    return 0;
}

int store_events_list(hk_store *st, size_t limit, hk_event **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit == 0 || limit > EVENT_LIST_MAX)
        limit = EVENT_LIST_MAX;
    store_list ids = {.size = sizeof(int64_t), .read = read_id};
    int rc = store__q_list(st, SQ_EVENT_LIST, ARGS(sv_int((int64_t)limit)), &ids, err);
    hk_event *v = rc >= 0 && ids.n ? calloc(ids.n, sizeof *v) : NULL;
    if (rc >= 0 && ids.n && !v)
        rc = store__oom(err);
    size_t k = 0;
    for (; rc >= 0 && k < ids.n; k++)
        if ((rc = store_event_get(st, ((int64_t *)ids.v)[k], &v[k], err)) < 0)
            break;
    free(ids.v);
    if (rc < 0) {
        store_events_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- participants ---- */

static int read_participant(const store_row *r, void *rec, void *ctx)
{
    event_participant *p = rec;
    p->id = row_int(r, 0);
    p->event_id = row_int(r, 1);
    p->org_id = row_int(r, 2);
    p->user_id = row_int(r, 3);
    p->meeting_limit = (int)row_int(r, 4);
    p->auto_accept = row_bool(r, 5);
    p->avail = (uint64_t)row_int(r, 6);
    p->created_at = row_time(r, 8);
    p->updated_at = row_time(r, 9);
    row_fixed(r, 11, p->org_country, sizeof p->org_country);
    return row_dup(r, 7, &p->note) || row_dup(r, 10, &p->org_name) || row_dup(r, 12, &p->person);
}

#define PARTICIPANTS {.size = sizeof(event_participant), .read = read_participant}

static int listing_id_row(const store_row *r, void *ctx)
{
    event_participant *p = ctx;
    int64_t *v = store__grow(p->listing_ids, p->n_listing_ids, sizeof *v);
    if (!v)
        return 0; /* past the limit or out of memory: the list is short, not wrong */
    p->listing_ids = v;
    v[p->n_listing_ids++] = row_int(r, 0);
    return 0;
}

static int participant_listings(hk_store *st, event_participant *p, hk_err *err)
{
    int rc = store__q(st, SQ_EP_LISTINGS, ARGS(sv_int(p->id)), listing_id_row, p, err);
    return rc < 0 ? rc : 0;
}

int store_event_participant_get(hk_store *st, int64_t id, event_participant *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    store_list l = PARTICIPANTS;
    int rc = store__q_list(st, SQ_EP_GET, ARGS(sv_int(id)), &l, err);
    if (!rc && l.n == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "no participant %lld", (long long)id);
    if (rc) {
        event_participants_free(l.v, l.n);
        return rc;
    }
    *out = ((event_participant *)l.v)[0];
    free(l.v);
    if ((rc = participant_listings(st, out, err)))
        event_participant_free(out);
    return rc;
}

static int participant_validate(const hk_event *e, const event_participant *p, hk_err *err)
{
    if (p->meeting_limit < 1 || p->meeting_limit > EVENT_MAX_SLOTS)
        return hk_err_set(err, HK_EINVAL, "meeting_limit", "meeting_limit must be 1 to %d", EVENT_MAX_SLOTS);
    int rc = model_check_text("note", p->note, EVENT_MAX_NOTE, false, err);
    if (rc)
        return rc;
    if (p->n_listing_ids > EVENT_MAX_LISTINGS)
        return hk_err_set(err, HK_EINVAL, "listing_ids", "at most %d listings", EVENT_MAX_LISTINGS);
    event_slot *s;
    size_t ns;
    if ((rc = event_slots(e, &s, &ns, err)))
        return rc;
    free(s);
    if (ns < 64 && (p->avail >> ns) != 0)
        return hk_err_set(err, HK_EINVAL, "availability", "availability names a slot the event does not have (it has %zu)",
                          ns);
    if (p->avail == 0)
        return hk_err_set(err, HK_EINVAL, "availability", "availability must name at least one slot");
    return 0;
}

/* The listings must be published listings of the participant's
 * organisation, each once. */
static int listings_check(hk_store *st, const event_participant *p, hk_err *err)
{
    char f[48];
    for (size_t i = 0; i < p->n_listing_ids; i++) {
        snprintf(f, sizeof f, "listing_ids[%zu]", i);
        for (size_t j = 0; j < i; j++)
            if (p->listing_ids[j] == p->listing_ids[i])
                return hk_err_set(err, HK_EINVAL, f, "%s is listed twice", f);
        int64_t one;
        int rc = store__int(st, SQ_EP_LISTING_OK, ARGS(sv_int(p->listing_ids[i]), sv_int(p->org_id)), &one, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return hk_err_set(err, HK_EINVAL, f, "%s must be a published listing of the organisation", f);
    }
    return 0;
}

static int listings_put(hk_store *st, const event_participant *p, hk_err *err)
{
    int rc = store__do(st, SQ_EP_DEL_LISTINGS, ARGS(sv_int(p->id)), err);
    for (size_t i = 0; !rc && i < p->n_listing_ids; i++)
        rc = store__do(st, SQ_EP_LISTING_ADD, ARGS(sv_int(p->id), sv_int((int64_t)i), sv_int(p->listing_ids[i])), err);
    return rc;
}

int store_event_register(hk_store *st, event_participant *p, int64_t actor_id, hk_err *err)
{
    hk_event e;
    int rc = store_event_get(st, p->event_id, &e, err);
    if (rc)
        return rc == HK_ENOTFOUND ? hk_err_set(err, HK_ENOTFOUND, "event_id", "no such event") : rc;
    rc = participant_validate(&e, p, err);
    hk_event_free(&e);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0, one;
    rc = store__int(st, SQ_EP_MEMBER, ARGS(sv_int(p->user_id), sv_int(p->org_id)), &one, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_EINVAL, "org_id", "the person must be a member of the organisation");
    if (rc > 0) {
        rc = store__int(st, SQ_EP_USER_TAKEN, ARGS(sv_int(p->event_id), sv_int(p->user_id)), &one, err);
        if (rc > 0)
            rc = hk_err_set(err, HK_ECONFLICT, "user_id", "this person is already registered for the event");
    }
    if (!rc)
        rc = listings_check(st, p, err);
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_EP_INSERT,
                        ARGS(sv_int(p->event_id), sv_int(p->org_id), sv_int(p->user_id), sv_int(p->meeting_limit),
                             sv_bool(p->auto_accept), sv_int((int64_t)p->avail), sv_opt(p->note), sv_time(now)),
                        &id, err);
        rc = rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "registering returned no id") : rc > 0 ? 0 : rc;
    }
    int64_t keep = p->id;
    p->id = id;
    if (!rc)
        rc = listings_put(st, p, err);
    if (!rc)
        rc = audit_event(st, actor_id, "register", "event_participant", id, p->event_id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        p->id = keep;
        return rc;
    }
    p->created_at = p->updated_at = now;
    return 0;
}

int store_event_participant_update(hk_store *st, event_participant *p, int64_t actor_id, hk_err *err)
{
    event_participant cur;
    int rc = store_event_participant_get(st, p->id, &cur, err);
    if (rc)
        return rc;
    p->event_id = cur.event_id;
    p->org_id = cur.org_id;
    p->user_id = cur.user_id;
    event_participant_free(&cur);
    hk_event e;
    if ((rc = store_event_get(st, p->event_id, &e, err)))
        return rc;
    rc = participant_validate(&e, p, err);
    hk_event_free(&e);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    rc = listings_check(st, p, err);
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_EP_UPDATE,
                       ARGS(sv_int(p->id), sv_int(p->meeting_limit), sv_bool(p->auto_accept),
                            sv_int((int64_t)p->avail), sv_opt(p->note), sv_time(now)),
                       err);
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "no participant %lld", (long long)p->id);
    }
    if (!rc)
        rc = listings_put(st, p, err);
    if (!rc && p->auto_accept)
        rc = store__do(st, SQ_ER_ACCEPT_PENDING, ARGS(sv_int(p->id), sv_time(now)), err);
    if (!rc)
        rc = audit_event(st, actor_id, "update", "event_participant", p->id, p->event_id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc)
        p->updated_at = now;
    return rc;
}

int store_event_unregister(hk_store *st, int64_t id, int64_t actor_id, hk_err *err)
{
    event_participant cur;
    int rc = store_event_participant_get(st, id, &cur, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = store__tx_enter(st, &own, err))) {
        event_participant_free(&cur);
        return rc;
    }
    rc = store__do(st, SQ_EP_DELETE, ARGS(sv_int(id)), err);
    if (!rc)
        rc = audit_event(st, actor_id, "unregister", "event_participant", id, cur.event_id, err);
    event_participant_free(&cur);
    return store__tx_leave(st, own, rc, true, err);
}

/* "%<text>%" with LIKE's metacharacters escaped by '\'; from malloc(). */
static char *like_contains(const char *text)
{
    size_t len = strlen(text);
    char *p = malloc(2 * len + 3), *o = p;
    if (!p)
        return NULL;
    *o++ = '%';
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

int store_event_participants(hk_store *st, const store_participant_filter *f, event_participant **out, size_t *n,
                             size_t *total, hk_err *err)
{
    *out = NULL;
    *n = 0;
    size_t limit = f->limit == 0 || f->limit > EVENT_LIST_MAX ? EVENT_LIST_MAX : f->limit;
    char *pat = f->q && *f->q ? like_contains(f->q) : NULL;
    if (f->q && *f->q && !pat)
        return store__oom(err);
    const char *q = pat ? pat : "";
    store_list l = PARTICIPANTS;
    int rc = store__q_list(st, SQ_EP_SEARCH,
                           ARGS(sv_int(f->event_id), sv_text(f->country), sv_text(f->sector), sv_text(q),
                                sv_int(f->org_id), sv_int((int64_t)limit), sv_int((int64_t)f->offset)),
                           &l, err);
    event_participant *v = l.v;
    for (size_t i = 0; rc >= 0 && i < l.n; i++)
        rc = participant_listings(st, &v[i], err);
    if (rc >= 0 && total) {
        int64_t t = 0;
        rc = store__int(st, SQ_EP_COUNT,
                        ARGS(sv_int(f->event_id), sv_text(f->country), sv_text(f->sector), sv_text(q),
                             sv_int(f->org_id)),
                        &t, err);
        *total = (size_t)t;
    }
    free(pat);
    if (rc < 0) {
        event_participants_free(v, l.n);
        return rc;
    }
    *out = v;
    *n = l.n;
    return 0;
}

/* ---- requests ---- */

static int read_request(const store_row *r, void *rec, void *ctx)
{
    event_request *q = rec;
    q->id = row_int(r, 0);
    q->event_id = row_int(r, 1);
    q->from_id = row_int(r, 2);
    q->to_id = row_int(r, 3);
    q->priority = (int)row_int(r, 4);
    int s = event_request_status_parse(row_text(r, 6));
    q->status = s < 0 ? EREQ_CANCELLED : (event_request_status)s;
    q->created_at = row_time(r, 7);
    q->decided_at = row_null(r, 8) ? 0 : row_time(r, 8);
    q->slot_at = row_null(r, 9) ? 0 : row_int(r, 9);
    q->table_no = row_null(r, 10) ? -1 : (int)row_int(r, 10);
    return row_dup(r, 5, &q->message);
}

#define REQUESTS {.size = sizeof(event_request), .read = read_request}

int store_event_request_get(hk_store *st, int64_t id, event_request *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    store_list l = REQUESTS;
    int rc = store__q_list(st, SQ_ER_GET, ARGS(sv_int(id)), &l, err);
    if (!rc && l.n == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "no meeting request %lld", (long long)id);
    if (rc) {
        event_requests_free(l.v, l.n);
        return rc;
    }
    *out = ((event_request *)l.v)[0];
    free(l.v);
    return 0;
}

int store_event_requests(hk_store *st, int64_t event_id, int64_t participant_id, event_request **out, size_t *n,
                         hk_err *err)
{
    *out = NULL;
    *n = 0;
    store_list l = REQUESTS;
    int rc = store__q_list(st, SQ_ER_LIST, ARGS(sv_int(event_id), sv_int(participant_id)), &l, err);
    if (rc) {
        event_requests_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

int store_event_request_send(hk_store *st, event_request *r, int64_t actor_id, hk_err *err)
{
    if (r->priority < 0 || r->priority > SCHED_MAX_PRIORITY)
        return hk_err_set(err, HK_EINVAL, "priority", "priority must be 0 to %d", SCHED_MAX_PRIORITY);
    int rc = model_check_text("message", r->message, EVENT_MAX_MESSAGE, false, err);
    if (rc)
        return rc;
    if (r->from_id == r->to_id)
        return hk_err_set(err, HK_EINVAL, "to_id", "a participant cannot ask to meet themselves");
    event_participant a, b;
    if ((rc = store_event_participant_get(st, r->from_id, &a, err)))
        return rc == HK_ENOTFOUND ? hk_err_set(err, HK_EINVAL, "from_id", "from_id must be a participant") : rc;
    if ((rc = store_event_participant_get(st, r->to_id, &b, err))) {
        event_participant_free(&a);
        return rc == HK_ENOTFOUND ? hk_err_set(err, HK_EINVAL, "to_id", "to_id must be a participant") : rc;
    }
    if (a.event_id != r->event_id)
        rc = hk_err_set(err, HK_EINVAL, "from_id", "from_id must be a participant of this event");
    else if (b.event_id != r->event_id)
        rc = hk_err_set(err, HK_EINVAL, "to_id", "to_id must be a participant of this event");
    else if (a.org_id == b.org_id)
        rc = hk_err_set(err, HK_EINVAL, "to_id", "to_id is of the same organisation");
    bool auto_accept = b.auto_accept;
    event_participant_free(&a);
    event_participant_free(&b);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0, one;
    rc = store__int(st, SQ_ER_OPEN_PAIR, ARGS(sv_int(r->event_id), sv_int(r->from_id), sv_int(r->to_id)), &one, err);
    if (rc > 0)
        rc = hk_err_set(err, HK_ECONFLICT, "to_id", "a pending or accepted request already joins these participants");
    r->status = auto_accept ? EREQ_ACCEPTED : EREQ_PENDING;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_ER_INSERT,
                        ARGS(sv_int(r->event_id), sv_int(r->from_id), sv_int(r->to_id), sv_int(r->priority),
                             sv_opt(r->message), sv_text(event_request_status_name(r->status)), sv_time(now),
                             sv_time_opt(auto_accept ? now : 0)),
                        &id, err);
        rc = rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving a request returned no id") : rc > 0 ? 0 : rc;
    }
    if (!rc)
        rc = audit_event(st, actor_id, "request", "event_request", id, r->event_id, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc)
        return rc;
    r->id = id;
    r->created_at = now;
    r->decided_at = auto_accept ? now : 0;
    r->slot_at = 0;
    r->table_no = -1;
    return 0;
}

int store_event_request_decide(hk_store *st, int64_t id, event_request_status status, int64_t actor_id,
                               hk_err *err)
{
    event_request r;
    int rc = store_event_request_get(st, id, &r, err);
    if (rc)
        return rc;
    event_request_status from = r.status;
    int64_t event_id = r.event_id;
    event_request_free(&r);
    bool ok = (from == EREQ_PENDING && (status == EREQ_ACCEPTED || status == EREQ_DECLINED)) ||
              (status == EREQ_CANCELLED && (from == EREQ_PENDING || from == EREQ_ACCEPTED));
    if (!ok)
        return hk_err_set(err, HK_ECONFLICT, "status", "a %s request cannot become %s", event_request_status_name(from),
                          event_request_status_name(status));
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    rc = store__do(st, SQ_ER_SET_STATUS,
                   ARGS(sv_int(id), sv_text(event_request_status_name(status)), sv_time(now),
                        sv_text(event_request_status_name(from))),
                   err);
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ECONFLICT, "status", "the request was answered meanwhile");
    if (!rc && status == EREQ_CANCELLED)
        rc = store__do(st, SQ_EM_DEL_REQUEST, ARGS(sv_int(id)), err);
    if (!rc)
        rc = audit_event(st, actor_id, event_request_status_name(status), "event_request", id, event_id, err);
    return store__tx_leave(st, own, rc, true, err);
}
