/*
 * store_partner_meeting.c - 1:1 meeting requests between partners (BRIEF
 * 4.5, issue 14; the records and rules are described in
 * store_partner_meeting.h). Statements in sql_partner_meeting.def, tables
 * of migration 12.
 *
 * Every step reads the request, checks the rule of its state and turn,
 * then writes with an UPDATE conditioned on the version it read, so that
 * of two concurrent answers (PostgreSQL, READ COMMITTED) the second
 * changes no row and is refused as if it had come after the first. The
 * step's history row, its audit entry and the other side's notifications
 * are written in the same transaction.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"

static const char *const status_names[PM__STATUS_COUNT] = {"pending", "accepted", "declined", "cancelled"};
static const char *const action_names[PM__ACTION_COUNT] = {"propose", "counter", "accept", "decline", "cancel"};

const char *pm_status_name(pm_status s) { return (unsigned)s < PM__STATUS_COUNT ? status_names[s] : NULL; }
const char *pm_action_name(pm_action a) { return (unsigned)a < PM__ACTION_COUNT ? action_names[a] : NULL; }

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (s && !strcmp(s, names[i]))
            return i;
    return -1;
}

void partner_meeting_free(partner_meeting *m)
{
    if (!m)
        return;
    free(m->place);
    free(m->video_url);
    free(m->message);
    for (size_t i = 0; i < m->n_steps; i++) {
        free(m->steps[i].message);
        free(m->steps[i].place);
        free(m->steps[i].video_url);
        free(m->steps[i].times);
    }
    free(m->steps);
    memset(m, 0, sizeof *m);
}

void partner_meetings_free(partner_meeting *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        partner_meeting_free(&v[i]);
    free(v);
}

/* ---- checks without the database ---- */

bool pm_url_valid(const char *url) { return url && strlen(url) <= PM_URL_MAX && model_is_url(url); }

/* HK_EINVAL naming field unless s (NULL = "") is valid UTF-8 of at most
 * max code points. */
static int text_ok(const char *s, size_t max, const char *field, hk_err *err)
{
    if (!s)
        return 0;
    size_t len = strlen(s);
    if (!hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, field, "%s: not valid UTF-8", field);
    if (hk_utf8_count(s, len) > max)
        return hk_err_set(err, HK_EINVAL, field, "%s: at most %zu characters", field, max);
    return 0;
}

int pm_proposal_check(pm_proposal *p, int64_t now, hk_err *err)
{
    if (p->n_times < 1 || p->n_times > PM_TIMES_MAX)
        return hk_err_set(err, HK_EINVAL, "times", "times: propose 1 to %d times", PM_TIMES_MAX);
    char field[48];
    for (size_t i = 0; i < p->n_times; i++) {
        pm_time *t = &p->times[i];
        snprintf(field, sizeof field, "times[%zu].start", i);
        if (!hk_tz_is_local(t->starts))
            return hk_err_set(err, HK_EINVAL, field, "%s: a local date and time, YYYY-MM-DDTHH:MM", field);
        snprintf(field, sizeof field, "times[%zu].tz", i);
        if (!hk_tz_known(t->tz))
            return hk_err_set(err, HK_EINVAL, field, "%s: an IANA time zone such as Asia/Tashkent", field);
        snprintf(field, sizeof field, "times[%zu].minutes", i);
        if (t->minutes < PM_MINUTES_MIN || t->minutes > PM_MINUTES_MAX)
            return hk_err_set(err, HK_EINVAL, field, "%s: %d to %d minutes", field, PM_MINUTES_MIN, PM_MINUTES_MAX);
        snprintf(field, sizeof field, "times[%zu].start", i);
        if (hk_tz_to_utc(t->starts, t->tz, &t->starts_at))
            return hk_err_set(err, HK_EINVAL, field, "%s: not a time in %s", field, t->tz);
        if (t->starts_at <= now)
            return hk_err_set(err, HK_EINVAL, field, "%s: %s in %s has already begun; propose a later time", field,
                              t->starts, t->tz);
        for (size_t k = 0; k < i; k++)
            if (p->times[k].starts_at == t->starts_at && p->times[k].minutes == t->minutes)
                return hk_err_set(err, HK_EINVAL, field, "%s: the same time as times[%zu]", field, k);
    }
    bool place = p->place && p->place[0], video = p->video_url && p->video_url[0];
    if (!place && !video)
        return hk_err_set(err, HK_EINVAL, "place", "place: give a place to meet, a video link, or both");
    int rc;
    if ((rc = text_ok(p->place, PM_PLACE_MAX, "place", err)))
        return rc;
    if (video && !pm_url_valid(p->video_url))
        return hk_err_set(err, HK_EINVAL, "video_url", "video_url: an http:// or https:// address of at most %d bytes",
                          PM_URL_MAX);
    return text_ok(p->message, PM_MESSAGE_MAX, "message", err);
}

/* ---- reading ---- */

static void time_from_row(const store_row *r, int c, pm_time *t)
{
    row_fixed(r, c, t->starts, sizeof t->starts);
    row_fixed(r, c + 1, t->tz, sizeof t->tz);
    t->minutes = (int)row_int(r, c + 2);
    t->starts_at = row_time(r, c + 3);
}

static int meeting_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    partner_meeting *m = rec;
    m->id = row_int(r, 0);
    m->interest_id = row_null(r, 1) ? 0 : row_int(r, 1);
    m->listing_id = row_int(r, 2);
    m->from_org_id = row_int(r, 3);
    m->to_org_id = row_int(r, 4);
    m->from_user_id = row_int(r, 5);
    int s = name_index(status_names, PM__STATUS_COUNT, row_text(r, 6));
    m->status = s < 0 ? PM_CANCELLED : (pm_status)s;
    m->turn_org_id = row_int(r, 7);
    m->round = (int)row_int(r, 8);
    m->has_accepted = !row_null(r, 11);
    if (m->has_accepted)
        time_from_row(r, 11, &m->accepted);
    m->created_at = row_time(r, 15);
    m->updated_at = row_time(r, 16);
    m->version = row_int(r, 17);
    return row_dup(r, 9, &m->place) || row_dup(r, 10, &m->video_url) ? HK_ENOMEM : 0;
}

typedef struct one_ctx {
    partner_meeting *m;
    bool oom;
} one_ctx;

static int one_meeting_row(const store_row *r, void *ctx)
{
    one_ctx *c = ctx;
    c->oom = meeting_row(r, c->m, NULL) != 0;
    return 1;
}

static int round_time_row(const store_row *r, void *ctx)
{
    partner_meeting *m = ctx;
    if (m->n_times < PM_TIMES_MAX)
        time_from_row(r, 2, &m->times[m->n_times++]);
    return 0;
}

/* A failed copy leaves the message NULL, which latest_proposal reports. */
static int message_row(const store_row *r, void *ctx)
{
    (void)row_dup(r, 0, ctx);
    return 1;
}

/* Fills the latest proposal's times and message of m (read by meeting_row). */
static int latest_proposal(hk_store *st, partner_meeting *m, hk_err *err)
{
    m->n_times = 0;
    int rc = store__q(st, SQ_PM_TIMES_ROUND, ARGS(sv_int(m->id), sv_int(m->round)), round_time_row, m, err);
    if (rc < 0)
        return rc;
    rc = store__q(st, SQ_PM_LAST_PROPOSAL, ARGS(sv_int(m->id)), message_row, &m->message, err);
    if (rc < 0)
        return rc;
    return m->message ? 0 : store__oom(err);
}

static int step_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    pm_step *s = rec;
    s->id = row_int(r, 0);
    s->round = (int)row_int(r, 1);
    int a = name_index(action_names, PM__ACTION_COUNT, row_text(r, 2));
    s->action = a < 0 ? PM_PROPOSE : (pm_action)a;
    s->actor_id = row_int(r, 3);
    s->org_id = row_int(r, 4);
    s->at = row_time(r, 8);
    return row_dup(r, 5, &s->message) || row_dup(r, 6, &s->place) || row_dup(r, 7, &s->video_url) ? HK_ENOMEM : 0;
}

/* Hands each proposed time to the step of its round that proposed it. */
typedef struct times_ctx {
    partner_meeting *m;
    bool oom;
} times_ctx;

static int all_time_row(const store_row *r, void *ctx)
{
    times_ctx *c = ctx;
    int round = (int)row_int(r, 0);
    for (size_t i = 0; i < c->m->n_steps; i++) {
        pm_step *s = &c->m->steps[i];
        if (s->round != round || (s->action != PM_PROPOSE && s->action != PM_COUNTER))
            continue;
        if (!s->times && !(s->times = calloc(PM_TIMES_MAX, sizeof *s->times))) {
            c->oom = true;
            return 1;
        }
        if (s->n_times < PM_TIMES_MAX)
            time_from_row(r, 2, &s->times[s->n_times++]);
        break;
    }
    return 0;
}

int store_pm_get(hk_store *st, int64_t id, partner_meeting *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    one_ctx c1 = {out, false};
    int rc = store__q(st, SQ_PM_GET, ARGS(sv_int(id)), one_meeting_row, &c1, err);
    if (rc >= 0 && c1.oom)
        rc = store__oom(err);
    if (rc < 0) {
        partner_meeting_free(out);
        return rc;
    }
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "meeting request %lld does not exist", (long long)id);
    if ((rc = latest_proposal(st, out, err))) {
        partner_meeting_free(out);
        return rc;
    }
    store_list l = {.size = sizeof(pm_step), .read = step_row};
    rc = store__q_list(st, SQ_PM_STEPS_OF, ARGS(sv_int(id)), &l, err);
    out->steps = l.v;
    out->n_steps = l.n;
    times_ctx c = {out, false};
    if (!rc && (rc = store__q(st, SQ_PM_TIMES_OF, ARGS(sv_int(id)), all_time_row, &c, err)) > 0)
        rc = 0;
    if (!rc && c.oom)
        rc = store__oom(err);
    if (rc)
        partner_meeting_free(out);
    return rc;
}

int store_pm_list(hk_store *st, const store_pm_filter *f, partner_meeting **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (f->limit < 1 || f->limit > PM_LIST_MAX)
        return hk_err_set(err, HK_EINVAL, "limit", "limit: between 1 and %d", PM_LIST_MAX);
    if (f->status >= PM__STATUS_COUNT)
        return hk_err_set(err, HK_EINVAL, "status", "status: pending, accepted, declined or cancelled");
    if (f->n_orgs == 0)
        return 0;
    store_list l = {.size = sizeof(partner_meeting), .read = meeting_row};
    int rc = store__q_list(st, SQ_PM_LIST,
                           ARGS(sv_ints(f->orgs, f->n_orgs), sv_int(f->before_id > 0 ? f->before_id : INT64_MAX),
                                sv_int(f->interest_id), sv_text(f->status < 0 ? "" : status_names[f->status]),
                                sv_int((int64_t)f->limit)),
                           &l, err);
    partner_meeting *v = l.v;
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = latest_proposal(st, &v[i], err);
    if (rc) {
        partner_meetings_free(v, l.n);
        return rc;
    }
    *out = v;
    *n = l.n;
    return 0;
}

/* ---- writing ---- */

static int require_member(hk_store *st, int64_t user_id, int64_t org_id, hk_err *err)
{
    int rc = store__q(st, SQ_PM_MEMBER, ARGS(sv_int(user_id), sv_int(org_id)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    return rc ? 0 : hk_err_set(err, HK_EFORBIDDEN, "org_id", "you are not a member of organisation %lld",
                               (long long)org_id);
}

/* Writes one step of request m (its round already the step's), with the
 * proposal p (propose, counter; else NULL) and text; audits it and
 * tells the members of notify_org. *step_id gets its id. */
static int write_step(hk_store *st, const partner_meeting *m, int round, pm_action action, int64_t org_id,
                      int64_t actor_id, const pm_proposal *p, const char *text, int64_t notify_org, hk_err *err)
{
    int64_t now = store__now(), step_id = 0;
    const char *place = p && p->place ? p->place : "", *video = p && p->video_url ? p->video_url : "";
    int rc = store__int(st, SQ_PM_STEP_INSERT,
                        ARGS(sv_int(m->id), sv_int(round), sv_text(action_names[action]), sv_int(actor_id),
                             sv_int(org_id), sv_text(text ? text : ""), sv_text(place), sv_text(video),
                             sv_time(now)),
                        &step_id, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_EINTERNAL, "", "saving a step returned no id");
    if (rc < 0)
        return rc;
    rc = 0;
    for (size_t i = 0; p && i < p->n_times && !rc; i++) {
        const pm_time *t = &p->times[i];
        rc = store__do(st, SQ_PM_TIME_INSERT,
                       ARGS(sv_int(m->id), sv_int(round), sv_int((int64_t)i + 1), sv_text(t->starts), sv_text(t->tz),
                            sv_int(t->minutes), sv_time(t->starts_at)),
                       err);
    }
    char detail[96];
    snprintf(detail, sizeof detail, "{\"org_id\":%lld,\"round\":%d}", (long long)org_id, round);
    if (!rc)
        rc = store__audit(st, actor_id, action_names[action], "partner_meeting", m->id, detail, err);
    if (!rc) {
        char payload[192];
        snprintf(payload, sizeof payload,
                 "{\"partner_meeting_id\":%lld,\"step\":\"%s\",\"org_id\":%lld,\"from_org_id\":%lld,"
                 "\"to_org_id\":%lld}",
                 (long long)m->id, action_names[action], (long long)org_id, (long long)m->from_org_id,
                 (long long)m->to_org_id);
        rc = store__notify_members_pm(st, notify_org, actor_id, m->listing_id, m->interest_id, step_id, payload,
                                      err);
    }
    return rc;
}

/* Inserts a new request from from_org to to_org with its first step. */
static int create(hk_store *st, int64_t interest_id, int64_t listing_id, int64_t from_org, int64_t to_org,
                  int64_t actor_id, const pm_proposal *p, int64_t *id, hk_err *err)
{
    int64_t now = store__now();
    partner_meeting m = {.interest_id = interest_id,
                         .listing_id = listing_id,
                         .from_org_id = from_org,
                         .to_org_id = to_org};
    int rc = store__int(st, SQ_PM_INSERT,
                        ARGS(sv_int_opt(interest_id), sv_int(listing_id), sv_int(from_org), sv_int(to_org),
                             sv_int(actor_id), sv_text(p->place ? p->place : ""),
                             sv_text(p->video_url ? p->video_url : ""), sv_time(now)),
                        &m.id, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_EINTERNAL, "", "saving a meeting request returned no id");
    if (rc < 0)
        return rc;
    rc = write_step(st, &m, 1, PM_PROPOSE, from_org, actor_id, p, p->message, to_org, err);
    if (!rc)
        *id = m.id;
    return rc;
}

static int interest_facts_row(const store_row *r, void *ctx)
{
    int64_t *f = ctx;
    char status[16];
    row_fixed(r, 0, status, sizeof status);
    f[0] = !strcmp(status, "accepted");
    f[1] = row_int(r, 1);
    f[2] = row_int(r, 2);
    f[3] = row_int(r, 3);
    return 1;
}

int store_pm_propose_on_interest(hk_store *st, int64_t interest_id, int64_t from_org_id, int64_t actor_id,
                                 pm_proposal *p, int64_t *id, hk_err *err)
{
    *id = 0;
    int rc = pm_proposal_check(p, store__now(), err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t f[4] = {0}; /* accepted?, sending org, listing's org, listing */
    rc = store__q(st, SQ_PM_INTEREST, ARGS(sv_int(interest_id)), interest_facts_row, f, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "interest_id", "expression of interest %lld does not exist",
                        (long long)interest_id);
    else if (rc > 0)
        rc = 0;
    int64_t to_org = 0;
    if (!rc) {
        if (from_org_id == f[1])
            to_org = f[2];
        else if (from_org_id == f[2])
            to_org = f[1];
        else
            rc = hk_err_set(err, HK_EINVAL, "from_org_id",
                            "from_org_id: one of the two organisations of the expression of interest");
    }
    if (!rc && !f[0])
        rc = hk_err_set(err, HK_ECONFLICT, "status",
                        "rule: a meeting is asked for on an accepted expression of interest; this one is not");
    if (!rc && to_org == from_org_id)
        rc = hk_err_set(err, HK_ECONFLICT, "from_org_id", "rule: a meeting is between two organisations");
    if (!rc)
        rc = require_member(st, actor_id, from_org_id, err);
    if (!rc) {
        wrote = true;
        rc = create(st, interest_id, f[3], from_org_id, to_org, actor_id, p, id, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc)
        *id = 0;
    return rc;
}

static int listing_facts_row(const store_row *r, void *ctx)
{
    int64_t *f = ctx;
    f[0] = row_int(r, 0);
    f[1] = !strcmp(row_text(r, 1), "published");
    return 1;
}

int store_pm_propose_on_listing(hk_store *st, int64_t listing_id, int64_t from_org_id, int64_t actor_id,
                                pm_proposal *p, int64_t *id, hk_err *err)
{
    *id = 0;
    int rc = pm_proposal_check(p, store__now(), err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t f[2] = {0}; /* organisation, published? */
    rc = store__q(st, SQ_PM_LISTING, ARGS(sv_int(listing_id)), listing_facts_row, f, err);
    if (rc == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "listing_id", "listing %lld does not exist", (long long)listing_id);
    else if (rc > 0)
        rc = 0;
    if (!rc && !f[1])
        rc = hk_err_set(err, HK_ECONFLICT, "status",
                        "rule: a meeting is asked for on a published listing; this one is not published");
    if (!rc && f[0] == from_org_id)
        rc = hk_err_set(err, HK_ECONFLICT, "from_org_id",
                        "rule: a meeting is between two organisations; this listing is your organisation's own");
    if (!rc)
        rc = store__org_exists(st, from_org_id, "from_org_id", err);
    if (!rc)
        rc = require_member(st, actor_id, from_org_id, err);
    if (!rc) {
        wrote = true;
        rc = create(st, 0, listing_id, from_org_id, f[0], actor_id, p, id, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc)
        *id = 0;
    return rc;
}

/* The rule for a step on m by org_id: the request must be pending and it
 * must be org_id's turn (answer steps), or org_id must be the asking side
 * (cancel, pending or accepted). */
static int step_rule(const partner_meeting *m, pm_action action, int64_t org_id, hk_err *err)
{
    if (org_id != m->from_org_id && org_id != m->to_org_id)
        return hk_err_set(err, HK_EFORBIDDEN, "org_id", "you do not act for either side of this meeting request");
    if (action == PM_CANCEL) {
        if (org_id != m->from_org_id)
            return hk_err_set(err, HK_ECONFLICT, "status",
                              "rule: only the organisation that asked for a meeting cancels it; the other declines");
        if (m->status != PM_PENDING && m->status != PM_ACCEPTED)
            return hk_err_set(err, HK_ECONFLICT, "status", "rule: a %s meeting request cannot be cancelled",
                              status_names[m->status]);
        return 0;
    }
    if (m->status != PM_PENDING)
        return hk_err_set(err, HK_ECONFLICT, "status", "rule: only a pending meeting request is answered; this one is %s",
                          status_names[m->status]);
    if (org_id != m->turn_org_id)
        return hk_err_set(err, HK_ECONFLICT, "status",
                          "rule: the other organisation answers the latest proposal; wait for its answer");
    return 0;
}

/* The error of a step whose conditional UPDATE changed no row: another
 * step came first. */
static int raced(hk_store *st, int64_t id, pm_action action, int64_t org_id, hk_err *err)
{
    partner_meeting now;
    int rc = store_pm_get(st, id, &now, err);
    if (rc)
        return rc;
    rc = step_rule(&now, action, org_id, err);
    partner_meeting_free(&now);
    return rc ? rc : hk_err_set(err, HK_ECONFLICT, "version", "the meeting request changed meanwhile; read it again");
}

/* Runs one answer or cancel step on request id. */
static int step(hk_store *st, int64_t id, pm_action action, int64_t org_id, int64_t actor_id, pm_proposal *p,
                int option, const char *text, hk_err *err)
{
    int rc;
    if (p && (rc = pm_proposal_check(p, store__now(), err)))
        return rc;
    if (action == PM_DECLINE && (!text || !text[0]))
        return hk_err_set(err, HK_EINVAL, "reason", "reason: say why the meeting is declined");
    if ((action == PM_DECLINE || action == PM_CANCEL) && (rc = text_ok(text, PM_MESSAGE_MAX, "reason", err)))
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    partner_meeting m;
    if ((rc = store_pm_get(st, id, &m, err)))
        return store__tx_leave(st, own, rc, false, err);
    if (!(rc = step_rule(&m, action, org_id, err)))
        rc = require_member(st, actor_id, org_id, err);
    if (!rc && action == PM_ACCEPT) {
        if (option < 1 || (size_t)option > m.n_times)
            rc = hk_err_set(err, HK_EINVAL, "option", "option: 1 to %zu, one of the latest proposal's times",
                            m.n_times);
        else if (m.times[option - 1].starts_at <= store__now())
            rc = hk_err_set(err, HK_ECONFLICT, "option",
                            "rule: a time that has already begun cannot be accepted; propose other times");
    }
    int64_t other = org_id == m.from_org_id ? m.to_org_id : m.from_org_id;
    int round = m.round;
    int64_t now = store__now();
    if (!rc) {
        wrote = true;
        switch (action) {
        case PM_COUNTER:
            round++;
            rc = store__do(st, SQ_PM_COUNTER,
                           ARGS(sv_int(id), sv_int(m.version), sv_int(other), sv_text(p->place ? p->place : ""),
                                sv_text(p->video_url ? p->video_url : ""), sv_time(now)),
                           err);
            break;
        case PM_ACCEPT: {
            const pm_time *t = &m.times[option - 1];
            rc = store__do(st, SQ_PM_ACCEPT,
                           ARGS(sv_int(id), sv_int(m.version), sv_text(t->starts), sv_text(t->tz),
                                sv_int(t->minutes), sv_time(t->starts_at), sv_time(now)),
                           err);
            break;
        }
        default:
            rc = store__do(st, SQ_PM_CLOSE,
                           ARGS(sv_int(id), sv_int(m.version),
                                sv_text(action == PM_DECLINE ? "declined" : "cancelled"), sv_time(now)),
                           err);
        }
        if (!rc && st->changed == 0)
            rc = raced(st, id, action, org_id, err);
    }
    if (!rc)
        rc = write_step(st, &m, round, action, org_id, actor_id, p, p ? p->message : text, other, err);
    partner_meeting_free(&m);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_pm_counter(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, pm_proposal *p, hk_err *err)
{
    return step(st, id, PM_COUNTER, org_id, actor_id, p, 0, NULL, err);
}

int store_pm_accept(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, int option, hk_err *err)
{
    return step(st, id, PM_ACCEPT, org_id, actor_id, NULL, option, NULL, err);
}

int store_pm_decline(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, const char *reason, hk_err *err)
{
    return step(st, id, PM_DECLINE, org_id, actor_id, NULL, 0, reason, err);
}

int store_pm_cancel(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, const char *reason, hk_err *err)
{
    return step(st, id, PM_CANCEL, org_id, actor_id, NULL, 0, reason, err);
}
