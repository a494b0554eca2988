/*
 * store_initiative.c - initiatives proposed by member states (BRIEF 4.8,
 * store_coord.h): proposed by a state, at a meeting, on a date; assigned
 * to an expert meeting for study; adopted, declined or withdrawn. Every
 * status an initiative takes is appended to its history, with the date it
 * took effect, who recorded it and a note.
 *
 * The status moves only through store_initiative_set_status, along
 * initiative_can_move (model_coord.c). The move is an UPDATE that names
 * the status it moves from, so of two concurrent moves from one status
 * the second changes no row and is refused like a move the check refused.
 */
#include "store/store_coord_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(initiative_status s) { return coord_enum_name(CENUM_INITIATIVE_STATUS, (int)s); }

/* The proposer exists; the meeting exists; the expert meeting is one. */
static int initiative_refs(hk_store *st, const initiative *i, hk_err *err)
{
    int rc = store__country_exists(st, i->proposer, "proposer", err);
    if (!rc && i->meeting_id)
        rc = store__meeting_check(st, i->meeting_id, -1, "meeting_id", err);
    if (!rc && i->expert_meeting_id)
        rc = store__meeting_check(st, i->expert_meeting_id, MEET_EXPERT, "expert_meeting_id", err);
    if (!rc)
        rc = store__coord_projects_check(st, i->project_ids, i->n_project_ids, err);
    return rc;
}

static int history_add(hk_store *st, int64_t id, initiative_status s, const char *on, int64_t actor, const char *note,
                       int64_t now, hk_err *err)
{
    return store__do(st, SQ_INIT_HISTORY_ADD,
                     ARGS(sv_int(id), sv_text(status_name(s)), sv_text(on), sv_int_opt(actor), sv_opt(note),
                          sv_time(now)),
                     err);
}

int store_initiative_create(hk_store *st, initiative *i, int64_t actor_id, hk_err *err)
{
    int rc = initiative_validate(i, err);
    if (rc)
        return rc;
    if (i->status != INIT_PROPOSED)
        return hk_err_set(err, HK_EINVAL, "status", "a new initiative is proposed; its status then moves on");
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0;
    if (!(rc = initiative_refs(st, i, err))) {
        wrote = true;
        rc = store__int(st, SQ_INIT_INSERT,
                        ARGS(sv_text(i->proposer), sv_int_opt(i->meeting_id), sv_text(i->proposed_on),
                             sv_int_opt(i->expert_meeting_id), sv_text(status_name(INIT_PROPOSED)), sv_time(now)),
                        &id, err);
        rc = rc < 0 ? rc : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving an initiative returned no id") : 0;
    }
    if (!rc)
        rc = store__coord_texts_put(st, SQ_INIT_TEXT_ADD, id, i->texts, i->n_texts, err);
    if (!rc)
        rc = store__coord_ids_put(st, SQ_INIT_PROJECT_ADD, id, i->project_ids, i->n_project_ids, err);
    if (!rc)
        rc = history_add(st, id, INIT_PROPOSED, i->proposed_on, actor_id, NULL, now, err);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"proposer\":\"%s\"}", i->proposer);
        rc = store__audit(st, actor_id, "create", "initiative", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        i->id = id;
        i->created_at = i->updated_at = now;
        i->version = 1;
    }
    return rc;
}

/* ---- reading ---- */

static int initiative_row(const store_row *r, void *ctx)
{
    initiative *i = ctx;
    i->id = row_int(r, 0);
    row_fixed(r, 1, i->proposer, sizeof i->proposer);
    i->meeting_id = row_null(r, 2) ? 0 : row_int(r, 2);
    row_fixed(r, 3, i->proposed_on, sizeof i->proposed_on);
    i->expert_meeting_id = row_null(r, 4) ? 0 : row_int(r, 4);
    int v = coord_enum_parse(CENUM_INITIATIVE_STATUS, row_text(r, 5));
    i->status = v < 0 ? INIT_PROPOSED : (initiative_status)v;
    i->created_at = row_time(r, 6);
    i->updated_at = row_time(r, 7);
    i->version = row_int(r, 8);
    return 1;
}

typedef struct hist_ctx {
    initiative *i;
    bool oom;
} hist_ctx;

static int history_row(const store_row *r, void *ctx)
{
    hist_ctx *c = ctx;
    initiative_event *e = store__grow(c->i->history, c->i->n_history, sizeof *e);
    if (!e) {
        c->oom = true;
        return 1;
    }
    c->i->history = e;
    e = &e[c->i->n_history++];
    int v = coord_enum_parse(CENUM_INITIATIVE_STATUS, row_text(r, 0));
    e->status = v < 0 ? INIT_PROPOSED : (initiative_status)v;
    row_fixed(r, 1, e->on, sizeof e->on);
    e->actor_id = row_null(r, 2) ? 0 : row_int(r, 2);
    e->at = row_time(r, 4);
    if (row_dup(r, 3, &e->note)) {
        c->oom = true;
        return 1;
    }
    return 0;
}

int store_initiative_get(hk_store *st, int64_t id, initiative *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_INIT_GET, ARGS(sv_int(id)), initiative_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "initiative %lld does not exist", (long long)id);
    hist_ctx c = {out, false};
    rc = store__coord_texts_get(st, SQ_INIT_TEXTS, id, &out->texts, &out->n_texts, err);
    if (!rc && (rc = store__q(st, SQ_INIT_HISTORY, ARGS(sv_int(id)), history_row, &c, err)) >= 0)
        rc = c.oom ? store__oom(err) : 0;
    if (!rc)
        rc = store__coord_ids_get(st, SQ_INIT_PROJECTS, id, &out->project_ids, &out->n_project_ids, err);
    if (rc)
        initiative_free(out);
    return rc;
}

/* ---- changes ---- */

int store_initiative_update(hk_store *st, initiative *i, int64_t version, int64_t actor_id, hk_err *err)
{
    int rc = initiative_validate(i, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    initiative cur;
    int64_t now = store__now();
    if (!(rc = store_initiative_get(st, i->id, &cur, err))) {
        if (version == 0)
            version = cur.version;
        i->status = cur.status;
        initiative_free(&cur);
        rc = initiative_refs(st, i, err);
    }
    if (!rc) {
        rc = store__do(st, SQ_INIT_UPDATE,
                       ARGS(sv_int(i->id), sv_int(version), sv_text(i->proposer), sv_int_opt(i->meeting_id),
                            sv_text(i->proposed_on), sv_int_opt(i->expert_meeting_id), sv_time(now)),
                       err);
        wrote = rc != 0 || st->changed > 0;
        if (!rc && st->changed == 0)
            rc = store__coord_stale(st, SQ_INIT_VERSION, "initiative", i->id, err);
    }
    if (!rc && !(rc = store__do(st, SQ_INIT_DEL_TEXTS, ARGS(sv_int(i->id)), err)))
        rc = store__coord_texts_put(st, SQ_INIT_TEXT_ADD, i->id, i->texts, i->n_texts, err);
    if (!rc && !(rc = store__do(st, SQ_INIT_DEL_PROJECTS, ARGS(sv_int(i->id)), err)))
        rc = store__coord_ids_put(st, SQ_INIT_PROJECT_ADD, i->id, i->project_ids, i->n_project_ids, err);
    if (!rc)
        rc = store__audit(st, actor_id, "update", "initiative", i->id, NULL, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        i->updated_at = now;
        i->version = version + 1;
    }
    return rc;
}

int store_initiative_set_status(hk_store *st, int64_t id, initiative_status status, const char *on,
                                int64_t expert_meeting_id, const char *note, int64_t actor_id, hk_err *err)
{
    if (!status_name(status))
        return hk_err_set(err, HK_EINVAL, "status", "status has an unknown value");
    if (!on || !model_is_date(on))
        return hk_err_set(err, HK_EINVAL, "on", "on must be a date YYYY-MM-DD");
    int rc = model_check_text("note", note, MODEL_MAX_TEXT, false, err);
    if (rc)
        return rc;
    if (expert_meeting_id < 0)
        return hk_err_set(err, HK_EINVAL, "expert_meeting_id", "expert_meeting_id must be a meeting's id");
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    initiative cur;
    initiative_status from = INIT_PROPOSED;
    if (!(rc = store_initiative_get(st, id, &cur, err))) {
        from = cur.status;
        if (!initiative_can_move(from, status))
            rc = hk_err_set(err, HK_ECONFLICT, "status", "initiative %lld is %s and cannot become %s", (long long)id,
                            status_name(from), status_name(status));
        else if (status == INIT_UNDER_STUDY && !expert_meeting_id && !cur.expert_meeting_id)
            rc = hk_err_set(err, HK_EINVAL, "expert_meeting_id",
                            "expert_meeting_id: an initiative under study is assigned to an expert meeting");
        else if (strcmp(on, cur.history && cur.n_history ? cur.history[cur.n_history - 1].on : "") < 0)
            rc = hk_err_set(err, HK_EINVAL, "on", "on (%s) is before the initiative's last status change (%s)", on,
                            cur.history[cur.n_history - 1].on);
        initiative_free(&cur);
    }
    if (!rc && expert_meeting_id)
        rc = store__meeting_check(st, expert_meeting_id, MEET_EXPERT, "expert_meeting_id", err);
    int64_t now = store__now();
    if (!rc) {
        rc = store__do(st, SQ_INIT_SET_STATUS,
                       ARGS(sv_int(id), sv_text(status_name(from)), sv_text(status_name(status)), sv_time(now),
                            sv_int(expert_meeting_id)),
                       err);
        wrote = rc != 0 || st->changed > 0;
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "status",
                            "initiative %lld changed status meanwhile; read it again", (long long)id);
    }
    if (!rc)
        rc = history_add(st, id, status, on, actor_id, note, now, err);
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"on\":\"%s\"}", status_name(from),
                 status_name(status), on);
        rc = store__audit(st, actor_id, "status", "initiative", id, detail, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- lists ---- */

void store_initiatives_free(initiative *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        initiative_free(&v[i]);
    free(v);
}

static int get_initiative(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_initiative_get(st, id, out, err);
}

static void free_initiatives(void *v, size_t n)
{
    store_initiatives_free(v, n);
}

int store_initiatives_list(hk_store *st, const store_initiative_filter *f, initiative **out, size_t *n,
                           hk_err *err)
{
    *out = NULL;
    *n = 0;
    const char *status = f->status >= 0 ? status_name((initiative_status)f->status) : "";
    if (!status)
        return hk_err_set(err, HK_EINVAL, "status", "status is not a status of initiatives");
    if (f->proposer[0] && !model_is_iso2(f->proposer))
        return hk_err_set(err, HK_EINVAL, "proposer", "proposer must be two upper-case letters");
    store_coord_page pg = {sizeof(initiative), get_initiative, free_initiatives};
    return store__coord_page(st, SQ_INIT_LIST, ARGS(sv_text(f->proposer), sv_text(status), sv_int(f->meeting_id)),
                             &pg, (void **)out, n, err);
}

/* ---- what a joint project serves (migration 10) ---- */

int store_project_served(hk_store *st, int64_t project_id, int64_t **measures, size_t *n_measures,
                         int64_t **initiatives, size_t *n_initiatives, hk_err *err)
{
    *measures = *initiatives = NULL;
    *n_measures = *n_initiatives = 0;
    int rc = store__coord_ids_get(st, SQ_PROJECT_MEASURES, project_id, measures, n_measures, err);
    if (!rc && (rc = store__coord_ids_get(st, SQ_PROJECT_INITIATIVES, project_id, initiatives, n_initiatives, err))) {
        free(*measures);
        *measures = NULL;
        *n_measures = 0;
    }
    return rc;
}
