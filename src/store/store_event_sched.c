/*
 * store_event_sched.c - the schedule of an event (issue 14; store_event.h):
 * runs the scheduler (src/sched) over the event's accepted meeting
 * requests and stores its answer, reads the plan back (the organisers'
 * table plan, each participant's agenda) and the notices that tell
 * participants their meetings were placed or moved, which their owner
 * marks read.
 *
 * A run is one write transaction: it reads the participants, the
 * accepted requests and the stored schedule, solves, replaces the stored
 * schedule and records the run, so a reader sees the old schedule or the
 * new one, never half of each, and a request accepted or cancelled
 * meanwhile waits for the run (SQLite's single writer; on PostgreSQL the
 * run's advisory lock keeps two runs apart, and a request answered during
 * a run simply has no meeting until the next). The stored schedule is
 * handed to the scheduler as the previous one, mapped by each meeting's
 * slot start, so a re-run after a late change keeps the meetings that
 * still fit where they were (docs/scheduler.md, "Stability").
 */
#include "store/store_int.h"
#include "store/store_event.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct part_rows {
    int64_t *id, *user;    /* participant ids (ascending) and their users */
    sched_participant *p;
    size_t n, cap;
    bool oom;
} part_rows;

static int part_row(const store_row *r, void *ctx)
{
    part_rows *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        int64_t *id = realloc(c->id, cap * sizeof *id);
        if (id)
            c->id = id;
        int64_t *us = realloc(c->user, cap * sizeof *us);
        if (us)
            c->user = us;
        sched_participant *p = realloc(c->p, cap * sizeof *p);
        if (p)
            c->p = p;
        if (!id || !us || !p) {
            c->oom = true;
            return 0;
        }
        c->cap = cap;
    }
    c->id[c->n] = row_int(r, 0);
    c->p[c->n].limit = (uint32_t)row_int(r, 1);
    c->p[c->n].avail = (uint64_t)row_int(r, 2);
    c->user[c->n] = row_int(r, 3);
    c->n++;
    return 0;
}

typedef struct req_rows {
    int64_t *id;           /* request ids */
    int64_t *from, *to;    /* participant ids */
    int *priority;
    int64_t *slot_at;      /* stored schedule: 0 = none */
    int *table_no;
    size_t n, cap;
    bool oom;
} req_rows;

static int req_row(const store_row *r, void *ctx)
{
    req_rows *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        void *a = realloc(c->id, cap * sizeof *c->id);
        if (a)
            c->id = a;
        void *b = realloc(c->from, cap * sizeof *c->from);
        if (b)
            c->from = b;
        void *d = realloc(c->to, cap * sizeof *c->to);
        if (d)
            c->to = d;
        void *e = realloc(c->priority, cap * sizeof *c->priority);
        if (e)
            c->priority = e;
        void *f = realloc(c->slot_at, cap * sizeof *c->slot_at);
        if (f)
            c->slot_at = f;
        void *g = realloc(c->table_no, cap * sizeof *c->table_no);
        if (g)
            c->table_no = g;
        if (!a || !b || !d || !e || !f || !g) {
            c->oom = true;
            return 0;
        }
        c->cap = cap;
    }
    size_t i = c->n++;
    c->id[i] = row_int(r, 0);
    c->from[i] = row_int(r, 1);
    c->to[i] = row_int(r, 2);
    c->priority[i] = (int)row_int(r, 3);
    c->slot_at[i] = row_null(r, 4) ? 0 : row_int(r, 4);
    c->table_no[i] = row_null(r, 5) ? -1 : (int)row_int(r, 5);
    return 0;
}

static void req_rows_free(req_rows *c)
{
    free(c->id);
    free(c->from);
    free(c->to);
    free(c->priority);
    free(c->slot_at);
    free(c->table_no);
}

/* Index of participant id among the ascending ids, or -1. */
static long part_index(const part_rows *p, int64_t id)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && p->id[lo] == id ? (long)lo : -1;
}

/* Tells each participant whose meetings changed (changed[i] of them) how
 * many meetings they now have (held[i]). */
static int notify(hk_store *st, int64_t event_id, const part_rows *p, const unsigned *changed, const unsigned *held,
                  int64_t now, size_t *notified, hk_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < p->n; i++) {
        if (!changed[i])
            continue;
        char payload[160];
        snprintf(payload, sizeof payload, "{\"event_id\":%lld,\"participant_id\":%lld,\"meetings\":%u,\"changed\":%u}",
                 (long long)event_id, (long long)p->id[i], held[i], changed[i]);
        rc = store__do(st, SQ_EVENT_NOTICE_ADD,
                       ARGS(sv_int(p->user[i]), sv_int(event_id), sv_text("schedule"), sv_text(payload), sv_time(now)),
                       err);
        (*notified)++;
    }
    return rc;
}

/* The body of a run, inside its transaction. */
static int run_locked(hk_store *st, int64_t event_id, const sched_options *opt, int64_t actor_id,
                      store_event_run *out, hk_err *err)
{
    hk_event e;
    int rc = store_event_get(st, event_id, &e, err);
    if (rc)
        return rc;
    event_slot *slots = NULL;
    size_t ns = 0;
    rc = event_slots(&e, &slots, &ns, err);
    int tables = e.tables;
    hk_event_free(&e);
    if (rc)
        return rc;
    part_rows p = {0};
    req_rows q = {0};
    uint32_t *tab = NULL;
    sched_request *sr = NULL;
    sched_place *prev = NULL;
    unsigned *changed = NULL, *held = NULL;
    sched_result res = {0};
    rc = store__q(st, SQ_EVENT_SCHED_PARTS, ARGS(sv_int(event_id)), part_row, &p, err);
    if (rc >= 0)
        rc = store__q(st, SQ_EVENT_SCHED_REQUESTS, ARGS(sv_int(event_id)), req_row, &q, err);
    if (rc >= 0 && (p.oom || q.oom))
        rc = store__oom(err);
    if (rc < 0)
        goto done;
    rc = 0;
    tab = malloc(ns * sizeof *tab);
    sr = malloc((q.n ? q.n : 1) * sizeof *sr);
    prev = malloc((q.n ? q.n : 1) * sizeof *prev);
    changed = calloc(p.n ? p.n : 1, sizeof *changed);
    held = calloc(p.n ? p.n : 1, sizeof *held);
    if (!tab || !sr || !prev || !changed || !held) {
        rc = store__oom(err);
        goto done;
    }
    for (size_t s = 0; s < ns; s++)
        tab[s] = (uint32_t)tables;
    for (size_t i = 0; i < q.n; i++) {
        long a = part_index(&p, q.from[i]), b = part_index(&p, q.to[i]);
        if (a < 0 || b < 0) {
            rc = hk_err_set(err, HK_EINTERNAL, "", "request %lld names no participant of the event", (long long)q.id[i]);
            goto done;
        }
        sr[i] = (sched_request){(uint32_t)a, (uint32_t)b, (uint8_t)q.priority[i]};
        prev[i] = (sched_place){-1, -1};
        for (size_t s = 0; q.slot_at[i] && s < ns; s++)
            if (slots[s].starts_at == q.slot_at[i]) {
                prev[i] = (sched_place){(int32_t)s, q.table_no[i]};
                break;
            }
    }
    sched_problem pb = {.participants = p.p, .n_participants = p.n, .tables = tab, .n_slots = ns,
                        .requests = sr, .n_requests = q.n, .previous = prev};
    sched_options o = opt ? *opt : (sched_options){0};
    if (!opt) {
        o.seed = (uint64_t)event_id;
        o.time_limit_ms = 3000;
    }
    if ((rc = sched_solve(&pb, &o, &res, err)))
        goto done;
    int64_t now = store__now();
    if ((rc = store__do(st, SQ_EM_DEL_EVENT, ARGS(sv_int(event_id)), err)))
        goto done;
    for (size_t i = 0; !rc && i < q.n; i++) {
        const sched_place *pl = &res.place[i];
        int64_t at = pl->slot >= 0 ? slots[pl->slot].starts_at : 0;
        if (pl->slot >= 0) {
            rc = store__do(st, SQ_EM_INSERT, ARGS(sv_int(q.id[i]), sv_int(event_id), sv_int(at), sv_int(pl->table)),
                           err);
            held[sr[i].a]++;
            held[sr[i].b]++;
        }
        if (at != q.slot_at[i] || (at && pl->table != q.table_no[i])) {
            changed[sr[i].a]++;
            changed[sr[i].b]++;
        }
    }
    if (rc)
        goto done;
    memset(out, 0, sizeof *out);
    out->requests = q.n;
    out->held = res.held;
    out->bound = res.upper_bound;
    out->kept = res.previous_kept;
    out->moved = res.previous_moved;
    out->dropped = res.previous_dropped;
    out->seconds = res.seconds;
    out->time_limited = res.time_limited;
    out->run_at = now;
    rc = notify(st, event_id, &p, changed, held, now, &out->notified, err);
    if (!rc)
        rc = store__do(st, SQ_EVENT_RUN_ADD,
                       ARGS(sv_int(event_id), sv_int_opt(actor_id), sv_time(now), sv_int((int64_t)out->requests),
                            sv_int((int64_t)out->held), sv_int((int64_t)out->bound), sv_int((int64_t)out->kept),
                            sv_int((int64_t)out->moved), sv_int((int64_t)out->dropped),
                            sv_int((int64_t)(out->seconds * 1000.0))),
                       err);
    if (!rc) {
        char detail[160];
        snprintf(detail, sizeof detail, "{\"event_id\":%lld,\"held\":%zu,\"moved\":%zu,\"dropped\":%zu}",
                 (long long)event_id, out->held, out->moved, out->dropped);
        rc = store__audit(st, actor_id, "schedule", "event", event_id, detail, err);
    }
done:
    sched_result_free(&res);
    free(slots);
    free(p.id);
    free(p.user);
    free(p.p);
    req_rows_free(&q);
    free(tab);
    free(sr);
    free(prev);
    free(changed);
    free(held);
    return rc;
}

int store_event_schedule_run(hk_store *st, int64_t event_id, const sched_options *opt, int64_t actor_id,
                             store_event_run *out, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, SQ_EVENT_SCHED_LOCK, NOARGS, err);
    if (!rc)
        rc = run_locked(st, event_id, opt, actor_id, out, err);
    return store__tx_leave(st, own, rc, true, err);
}

static int run_row(const store_row *r, void *ctx)
{
    store_event_run *o = ctx;
    o->run_at = row_time(r, 0);
    o->requests = (size_t)row_int(r, 1);
    o->held = (size_t)row_int(r, 2);
    o->bound = (size_t)row_int(r, 3);
    o->kept = (size_t)row_int(r, 4);
    o->moved = (size_t)row_int(r, 5);
    o->dropped = (size_t)row_int(r, 6);
    o->seconds = (double)row_int(r, 7) / 1000.0;
    return 0;
}

int store_event_last_run(hk_store *st, int64_t event_id, store_event_run *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_EVENT_RUN_LAST, ARGS(sv_int(event_id)), run_row, out, err);
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "schedule", "the schedule of this event has not been run yet");
    return rc < 0 ? rc : 0;
}

typedef struct plan_rows {
    event_meeting *v;
    size_t n;
    bool oom;
} plan_rows;

static int plan_row(const store_row *r, void *ctx)
{
    plan_rows *c = ctx;
    event_meeting *v = c->n % 256 == 0 ? realloc(c->v, (c->n + 256) * sizeof *v) : c->v;
    if (!v) {
        c->oom = true;
        return 0;
    }
    c->v = v;
    v[c->n++] = (event_meeting){row_int(r, 0), row_int(r, 1), (int)row_int(r, 2), row_int(r, 3), row_int(r, 4),
                                (int)row_int(r, 5)};
    return 0;
}

int store_event_plan(hk_store *st, int64_t event_id, event_meeting **out, size_t *n, hk_err *err)
{
    plan_rows c = {0};
    int rc = store__q(st, SQ_EM_PLAN, ARGS(sv_int(event_id)), plan_row, &c, err);
    if (rc >= 0 && c.oom)
        rc = store__oom(err);
    if (rc < 0) {
        free(c.v);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = c.v;
    *n = c.n;
    return 0;
}

void event_notices_free(event_notice *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].kind);
        free(v[i].payload);
    }
    free(v);
}

static int read_notice(const store_row *r, void *rec, void *ctx)
{
    event_notice *x = rec;
    x->id = row_int(r, 0);
    x->user_id = row_int(r, 1);
    x->event_id = row_int(r, 2);
    x->created_at = row_time(r, 5);
    x->read_at = row_null(r, 6) ? 0 : row_time(r, 6);
    return row_dup(r, 3, &x->kind) || row_dup(r, 4, &x->payload);
}

int store_event_notices(hk_store *st, int64_t user_id, size_t limit, event_notice **out, size_t *n, hk_err *err)
{
    if (limit == 0 || limit > 100)
        limit = 100;
    store_list l = {.size = sizeof(event_notice), .read = read_notice};
    int rc = store__q_list(st, SQ_EVENT_NOTICES, ARGS(sv_int(user_id), sv_int((int64_t)limit)), &l, err);
    if (rc) {
        event_notices_free(l.v, l.n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

int store_event_notice_owner(hk_store *st, int64_t id, int64_t *user_id, hk_err *err)
{
    int rc = store__int(st, SQ_EVENT_NOTICE_OWNER, ARGS(sv_int(id)), user_id, err);
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "no event notice %lld", (long long)id);
    return rc < 0 ? rc : 0;
}

int store_event_notice_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    int rc = store__do(st, SQ_EVENT_NOTICE_READ, ARGS(sv_int(id), sv_int(user_id), sv_time(store__now())), err);
    if (rc)
        return rc;
    if (st->changed == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "no event notice %lld", (long long)id);
    return 0;
}
