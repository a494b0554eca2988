/*
 * store_measure.c - the Action Plan for implementing the Trade and
 * Economic Cooperation Programme (BRIEF 4.8, store_coord.h): measures
 * with their responsible states and bodies, deadline and status, the
 * initiatives and meetings they are linked to, and dated progress notes.
 *
 * A measure is one row plus child rows replaced whole on update. Overdue
 * is not stored: a measure is overdue on a day when it is still open and
 * its deadline has passed (measure_overdue, and the same condition in
 * SQ_MEASURE_LIST for the "overdue only" filter), so it needs no sweep
 * and is right on whatever day it is read.
 */
#include "store/store_coord_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(measure_status s) { return coord_enum_name(CENUM_MEASURE_STATUS, (int)s); }

static int measure_refs(hk_store *st, const measure *m, hk_err *err)
{
    char path[48];
    int rc = 0;
    for (size_t i = 0; !rc && i < m->n_states; i++) {
        snprintf(path, sizeof path, "states[%zu]", i);
        rc = store__country_exists(st, m->states[i], path, err);
    }
    for (size_t i = 0; !rc && i < m->n_initiatives; i++) {
        snprintf(path, sizeof path, "initiatives[%zu]", i);
        int found = store__q(st, SQ_INIT_EXISTS, ARGS(sv_int(m->initiatives[i])), NULL, NULL, err);
        rc = found < 0   ? found
             : found == 0 ? hk_err_set(err, HK_EINVAL, path, "%s: initiative %lld does not exist", path,
                                       (long long)m->initiatives[i])
                          : 0;
    }
    for (size_t i = 0; !rc && i < m->n_meetings; i++) {
        snprintf(path, sizeof path, "meetings[%zu]", i);
        rc = store__meeting_check(st, m->meetings[i], -1, path, err);
    }
    if (!rc)
        rc = store__coord_projects_check(st, m->project_ids, m->n_project_ids, err);
    return rc;
}

static int children_put(hk_store *st, const measure *m, hk_err *err)
{
    int rc = store__coord_texts_put(st, SQ_MEASURE_TEXT_ADD, m->id, m->texts, m->n_texts, err);
    for (size_t i = 0; !rc && i < m->n_states; i++)
        rc = store__do(st, SQ_MEASURE_STATE_ADD, ARGS(sv_int(m->id), sv_int((int64_t)i), sv_text(m->states[i])), err);
    for (size_t i = 0; !rc && i < m->n_bodies; i++)
        rc = store__do(st, SQ_MEASURE_BODY_ADD,
                       ARGS(sv_int(m->id), sv_int((int64_t)i), sv_text(coord_enum_name(CENUM_BODY, m->bodies[i]))),
                       err);
    for (size_t i = 0; !rc && i < m->n_initiatives; i++)
        rc = store__do(st, SQ_MEASURE_INIT_ADD, ARGS(sv_int(m->id), sv_int(m->initiatives[i])), err);
    for (size_t i = 0; !rc && i < m->n_meetings; i++)
        rc = store__do(st, SQ_MEASURE_MEET_ADD, ARGS(sv_int(m->id), sv_int(m->meetings[i])), err);
    if (!rc)
        rc = store__coord_ids_put(st, SQ_MEASURE_PROJECT_ADD, m->id, m->project_ids, m->n_project_ids, err);
    return rc;
}

static int code_taken(const char *code, hk_err *err)
{
    return hk_err_set(err, HK_ECONFLICT, "code", "code: the plan already has a measure %s", code);
}

static int audit_measure(hk_store *st, int64_t actor, const char *action, const measure *m, hk_err *err)
{
    char detail[96];
    snprintf(detail, sizeof detail, "{\"code\":\"%s\",\"status\":\"%s\"}", m->code, status_name(m->status));
    return store__audit(st, actor, action, "measure", m->id, detail, err);
}

int store_measure_create(hk_store *st, measure *m, int64_t actor_id, hk_err *err)
{
    int rc = measure_validate(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0;
    if (!(rc = measure_refs(st, m, err))) {
        wrote = true;
        rc = store__int(st, SQ_MEASURE_INSERT,
                        ARGS(sv_text(m->code), sv_text(m->deadline), sv_text(status_name(m->status)), sv_time(now)),
                        &id, err);
        rc = rc == HK_ECONFLICT ? code_taken(m->code, err)
             : rc < 0           ? rc
             : rc == 0          ? hk_err_set(err, HK_EINTERNAL, "", "saving a measure returned no id")
                                : 0;
    }
    int64_t keep = m->id;
    m->id = id;
    if (!rc)
        rc = children_put(st, m, err);
    if (!rc)
        rc = audit_measure(st, actor_id, "create", m, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        m->id = keep;
        return rc;
    }
    m->created_at = m->updated_at = now;
    m->version = 1;
    return 0;
}

static const store_sq measure_children[] = {SQ_MEASURE_DEL_TEXTS, SQ_MEASURE_DEL_STATES, SQ_MEASURE_DEL_BODIES,
                                            SQ_MEASURE_DEL_INITS, SQ_MEASURE_DEL_MEETS, SQ_MEASURE_DEL_PROJECTS};

int store_measure_update(hk_store *st, measure *m, int64_t version, int64_t actor_id, hk_err *err)
{
    int rc = measure_validate(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    if (version == 0) {
        rc = store__int(st, SQ_MEASURE_VERSION, ARGS(sv_int(m->id)), &version, err);
        rc = rc < 0 ? rc : rc == 0 ? store__coord_stale(st, SQ_MEASURE_VERSION, "measure", m->id, err) : 0;
    }
    if (!rc)
        rc = measure_refs(st, m, err);
    if (!rc) {
        rc = store__do(st, SQ_MEASURE_UPDATE,
                       ARGS(sv_int(m->id), sv_int(version), sv_text(m->code), sv_text(m->deadline),
                            sv_text(status_name(m->status)), sv_time(now)),
                       err);
        wrote = rc != 0 || st->changed > 0;
        if (rc == HK_ECONFLICT)
            rc = code_taken(m->code, err);
        else if (!rc && st->changed == 0)
            rc = store__coord_stale(st, SQ_MEASURE_VERSION, "measure", m->id, err);
    }
    if (!rc)
        rc = store__delete_children(st, measure_children, sizeof measure_children / sizeof measure_children[0],
                                    m->id, err);
    if (!rc)
        rc = children_put(st, m, err);
    if (!rc)
        rc = audit_measure(st, actor_id, "update", m, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        m->updated_at = now;
        m->version = version + 1;
    }
    return rc;
}

/* ---- reading ---- */

typedef struct read_ctx {
    measure *m;
    bool oom;
} read_ctx;

static int measure_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    measure *m = c->m;
    m->id = row_int(r, 0);
    row_fixed(r, 2, m->deadline, sizeof m->deadline);
    int v = coord_enum_parse(CENUM_MEASURE_STATUS, row_text(r, 3));
    m->status = v < 0 ? MEASURE_NOT_STARTED : (measure_status)v;
    m->created_at = row_time(r, 4);
    m->updated_at = row_time(r, 5);
    m->version = row_int(r, 6);
    c->oom = row_dup(r, 1, &m->code) != 0;
    return 1;
}

static int state_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    char(*p)[3] = store__grow(c->m->states, c->m->n_states, sizeof *p);
    if (!p) {
        c->oom = true;
        return 1;
    }
    c->m->states = p;
    row_fixed(r, 0, p[c->m->n_states++], 3);
    return 0;
}

static int body_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    int *p = store__grow(c->m->bodies, c->m->n_bodies, sizeof *p);
    if (!p) {
        c->oom = true;
        return 1;
    }
    c->m->bodies = p;
    p[c->m->n_bodies++] = coord_enum_parse(CENUM_BODY, row_text(r, 0));
    return 0;
}

typedef struct idlist_ctx {
    int64_t **v;
    size_t *n;
    bool oom;
} idlist_ctx;

static int idlist_row(const store_row *r, void *ctx)
{
    idlist_ctx *c = ctx;
    int64_t *p = store__grow(*c->v, *c->n, sizeof *p);
    if (!p) {
        c->oom = true;
        return 1;
    }
    *c->v = p;
    p[(*c->n)++] = row_int(r, 0);
    return 0;
}

int store_measure_get(hk_store *st, int64_t id, measure *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    read_ctx c = {out, false};
    int rc = store__q(st, SQ_MEASURE_GET, ARGS(sv_int(id)), measure_row, &c, err);
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "measure %lld does not exist", (long long)id);
    idlist_ctx inits = {&out->initiatives, &out->n_initiatives, false};
    idlist_ctx meets = {&out->meetings, &out->n_meetings, false};
    if (rc > 0 && !c.oom)
        rc = store__coord_texts_get(st, SQ_MEASURE_TEXTS, id, &out->texts, &out->n_texts, err);
    if (rc >= 0 && !c.oom)
        rc = store__q(st, SQ_MEASURE_STATES, ARGS(sv_int(id)), state_row, &c, err);
    if (rc >= 0 && !c.oom)
        rc = store__q(st, SQ_MEASURE_BODIES, ARGS(sv_int(id)), body_row, &c, err);
    if (rc >= 0 && !c.oom)
        rc = store__q(st, SQ_MEASURE_INITS, ARGS(sv_int(id)), idlist_row, &inits, err);
    if (rc >= 0 && !inits.oom && !c.oom)
        rc = store__q(st, SQ_MEASURE_MEETS, ARGS(sv_int(id)), idlist_row, &meets, err);
    if (rc >= 0 && (c.oom || inits.oom || meets.oom))
        rc = store__oom(err);
    if (rc >= 0)
        rc = store__coord_ids_get(st, SQ_MEASURE_PROJECTS, id, &out->project_ids, &out->n_project_ids, err);
    if (rc < 0) {
        measure_free(out);
        return rc;
    }
    return 0;
}

void store_measures_free(measure *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        measure_free(&v[i]);
    free(v);
}

static int get_measure(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_measure_get(st, id, out, err);
}

static void free_measures(void *v, size_t n)
{
    store_measures_free(v, n);
}

/* Checks f's filters; *status gets the status name to bind ("" = any). */
static int filter_check(const store_measure_filter *f, const char **status, hk_err *err)
{
    *status = f->status >= 0 ? status_name((measure_status)f->status) : "";
    if (!*status)
        return hk_err_set(err, HK_EINVAL, "status", "status is not a status of measures");
    if (f->state[0] && !model_is_iso2(f->state))
        return hk_err_set(err, HK_EINVAL, "state", "state must be two upper-case letters");
    if (f->overdue && !model_is_date(f->today))
        return hk_err_set(err, HK_EINVAL, "today", "today must be a date YYYY-MM-DD");
    return 0;
}

/* The six filter parameters of MEASURE_LIST and MEASURE_COUNT. */
#define FILTER_ARGS(f, status)                                                                                  \
    sv_text((f)->state), sv_int((f)->initiative_id), sv_text(status), sv_int((f)->overdue ? 1 : 0),              \
        sv_text((f)->overdue ? (f)->today : ""), sv_int((f)->meeting_id)

int store_measures_list(hk_store *st, const store_measure_filter *f, measure **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    const char *status;
    int rc = filter_check(f, &status, err);
    if (rc)
        return rc;
    /* No limit is a limit past any plan (PostgreSQL has no LIMIT -1). */
    int64_t limit = f->limit ? (int64_t)f->limit : INT64_MAX;
    store_coord_page pg = {sizeof(measure), get_measure, free_measures};
    return store__coord_page(st, SQ_MEASURE_LIST,
                             ARGS(FILTER_ARGS(f, status), sv_int(limit), sv_int((int64_t)f->offset)), &pg,
                             (void **)out, n, err);
}

int store_measures_count(hk_store *st, const store_measure_filter *f, size_t *n, hk_err *err)
{
    *n = 0;
    const char *status;
    int rc = filter_check(f, &status, err);
    if (rc)
        return rc;
    int64_t v = 0;
    rc = store__int(st, SQ_MEASURE_COUNT, ARGS(FILTER_ARGS(f, status)), &v, err);
    if (rc < 0)
        return rc;
    *n = (size_t)v;
    return 0;
}

/* ---- progress notes ---- */

int store_measure_note_add(hk_store *st, measure_note *n, hk_err *err)
{
    int rc = measure_note_validate(n, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int found = store__q(st, SQ_MEASURE_EXISTS, ARGS(sv_int(n->measure_id)), NULL, NULL, err);
    rc = found < 0    ? found
         : found == 0 ? hk_err_set(err, HK_EINVAL, "measure_id", "measure_id: measure %lld does not exist",
                                   (long long)n->measure_id)
                      : 0;
    if (!rc)
        rc = store__user_exists(st, n->author_id, "author_id", err);
    if (!rc && n->country[0])
        rc = store__country_exists(st, n->country, "country", err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_NOTE_INSERT,
                        ARGS(sv_int(n->measure_id), sv_text(n->on), sv_int(n->author_id), sv_opt(n->country),
                             sv_text(n->lang), sv_text(n->text), sv_time(now)),
                        &id, err);
        rc = rc < 0 ? rc : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving a progress note returned no id") : 0;
    }
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"measure_id\":%lld}", (long long)n->measure_id);
        rc = store__audit(st, n->author_id, "create", "measure_note", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        n->id = id;
        n->created_at = now;
    }
    return rc;
}

static int note_read(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    measure_note *n = rec;
    n->id = row_int(r, 0);
    n->measure_id = row_int(r, 1);
    row_fixed(r, 2, n->on, sizeof n->on);
    n->author_id = row_int(r, 3);
    row_fixed(r, 4, n->country, sizeof n->country);
    n->created_at = row_time(r, 7);
    return row_dup(r, 5, &n->lang) || row_dup(r, 6, &n->text);
}

int store_measure_notes(hk_store *st, int64_t measure_id, measure_note **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(measure_note), .read = note_read};
    int rc = store__q_list(st, SQ_NOTE_LIST, ARGS(sv_int(measure_id)), &l, err);
    if (rc) {
        for (size_t i = 0; i < l.n; i++)
            measure_note_free(&((measure_note *)l.v)[i]);
        free(l.v);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}
