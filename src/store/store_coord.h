/*
 * store_coord.h - the store's functions for the coordination mechanism
 * (BRIEF 4.8, model_coord.h): meetings, the chairmanship, initiatives and
 * the Action Plan. Included by store.h; the rules live in store_meeting.c,
 * store_initiative.c and store_measure.c (migration 8, docs/store.md).
 *
 * Writes validate the record first (model_coord.c), check that the
 * states and records it names exist (HK_EINVAL naming the field), run in
 * one transaction (their own, or the caller's store_begin) and are
 * audited by actor_id (0 = the system: demo, import). Updates take the
 * version the caller read (0 = whatever is stored) and are HK_ECONFLICT
 * naming "version" when the record changed meanwhile; the check is in the
 * UPDATE's WHERE, so it holds with concurrent writers.
 */
#ifndef HK_STORE_COORD_H
#define HK_STORE_COORD_H

#include "model/model_coord.h"

typedef struct hk_store hk_store;

#define STORE_COORD_LIST_MAX 500 /* records in one list answer */
#define STORE_TIME_MAX 253402300799LL /* 9999-12-31T23:59:59Z: "no upper bound" */

/* ---- meetings (store_meeting.c) ---- */
/* Creates m (m->id 0): computes m->starts_at from starts and tz, sets id,
 * times and version 1. The chair, every party and every delegate's state
 * must exist. */
int store_meeting_create(hk_store *st, meeting *m, int64_t actor_id, hk_err *err);
/* Replaces meeting m->id whole (children included) if its version is
 * still version (0 = any). Updates m's times and version. */
int store_meeting_update(hk_store *st, meeting *m, int64_t version, int64_t actor_id, hk_err *err);
/* HK_ENOTFOUND naming "id" when there is none. */
int store_meeting_get(hk_store *st, int64_t id, meeting *out, hk_err *err);

typedef struct store_meeting_filter {
    int type;              /* meeting_type, or -1 for any */
    char country[3];       /* chair or party, or "" */
    int64_t from, to;      /* starts_at in [from, to); 0, 0 = any */
    size_t limit;          /* 1..STORE_COORD_LIST_MAX; 0 = the maximum */
} store_meeting_filter;
/* Meetings in time order into *out (malloc'd array of *n, each released
 * with meeting_free, then free). */
int store_meetings_list(hk_store *st, const store_meeting_filter *f, meeting **out, size_t *n, hk_err *err);
void store_meetings_free(meeting *v, size_t n);

/* ---- chairmanship (store_meeting.c) ---- */
/* Creates (c->id 0) or replaces term c->id. Terms of one kind of meeting
 * may not overlap (an open term runs until the next begins): HK_ECONFLICT
 * naming "from". The country must exist. */
int store_chair_put(hk_store *st, chair_term *c, int64_t actor_id, hk_err *err);
int store_chair_delete(hk_store *st, int64_t id, int64_t actor_id, hk_err *err);
/* Terms of type (-1 = all) ordered by type, then start. */
int store_chair_terms(hk_store *st, int type, chair_term **out, size_t *n, hk_err *err);
/* The term of type in force on day ("YYYY-MM-DD"), and the first to
 * begin after it, among v[0..n) as store_chair_terms orders them; NULL
 * when none. An open term ends the day before the next one begins. */
const chair_term *store_chair_at(const chair_term *v, size_t n, meeting_type type, const char *day);
const chair_term *store_chair_next(const chair_term *v, size_t n, meeting_type type, const char *day);

/* ---- initiatives (store_initiative.c) ---- */
/* Creates i as proposed (i->status must be INIT_PROPOSED), with the
 * first history entry (proposed, on proposed_on). The proposer must
 * exist; meeting_id, when given, a meeting; expert_meeting_id, when
 * given, an expert meeting; each of project_ids a joint project. */
int store_initiative_create(hk_store *st, initiative *i, int64_t actor_id, hk_err *err);
/* Replaces i's texts, proposer, meeting, date, expert meeting and
 * project_ids; the status is kept (only store_initiative_set_status
 * changes it). */
int store_initiative_update(hk_store *st, initiative *i, int64_t version, int64_t actor_id, hk_err *err);
/* Moves initiative id to status as of on ("YYYY-MM-DD"), with a note
 * (may be NULL), if initiative_can_move allows it from the stored status
 * (else HK_ECONFLICT naming "status"). Moving to under study assigns
 * expert_meeting_id (an expert meeting; 0 keeps the one assigned, and
 * there must then be one). Appends to the history. */
int store_initiative_set_status(hk_store *st, int64_t id, initiative_status status, const char *on,
                                int64_t expert_meeting_id, const char *note, int64_t actor_id, hk_err *err);
/* With its history, oldest first. */
int store_initiative_get(hk_store *st, int64_t id, initiative *out, hk_err *err);

typedef struct store_initiative_filter {
    char proposer[3];      /* or "" */
    int status;            /* initiative_status, or -1 */
    int64_t meeting_id;    /* proposed at or studied by it, or 0 */
} store_initiative_filter;
/* In order of proposal. */
int store_initiatives_list(hk_store *st, const store_initiative_filter *f, initiative **out, size_t *n,
                           hk_err *err);
void store_initiatives_free(initiative *v, size_t n);

/* ---- the Action Plan (store_measure.c) ---- */
/* Creates m; its code is unique in the plan (HK_ECONFLICT naming
 * "code"); every state, initiative, meeting and project must exist. */
int store_measure_create(hk_store *st, measure *m, int64_t actor_id, hk_err *err);
/* Replaces measure m->id whole, status included. */
int store_measure_update(hk_store *st, measure *m, int64_t version, int64_t actor_id, hk_err *err);
int store_measure_get(hk_store *st, int64_t id, measure *out, hk_err *err);

typedef struct store_measure_filter {
    char state[3];         /* a responsible state, or "" */
    int64_t initiative_id; /* serving it, or 0 */
    int64_t meeting_id;    /* linked to it, or 0 */
    int status;            /* measure_status, or -1 */
    bool overdue;          /* only measures overdue on today */
    char today[11];        /* "YYYY-MM-DD" the overdue filter is judged on */
    size_t offset;         /* measures to skip (paging) */
    size_t limit;          /* at most this many; 0 = all (the CSV export, the per-state view) */
} store_measure_filter;
/* By deadline, then code (unique), so that pages never overlap. */
int store_measures_list(hk_store *st, const store_measure_filter *f, measure **out, size_t *n, hk_err *err);
/* How many measures f's filters match (offset and limit ignored). */
int store_measures_count(hk_store *st, const store_measure_filter *f, size_t *n, hk_err *err);
void store_measures_free(measure *v, size_t n);

/* Adds a dated progress note to n->measure_id by n->author_id; sets id
 * and created_at. The measure, the author and the state must exist.
 * Whether the author may report on the measure is the HTTP layer's
 * question (auth_can). */
int store_measure_note_add(hk_store *st, measure_note *n, hk_err *err);
/* The notes of a measure by date, into *out (free each with
 * measure_note_free, then the array). */
int store_measure_notes(hk_store *st, int64_t measure_id, measure_note **out, size_t *n, hk_err *err);

/* ---- links to joint projects (migration 10) ----
 * A measure's and an initiative's project_ids are written and read with
 * the record (store_measure_*, store_initiative_*; each project must
 * exist: HK_EINVAL naming "project_ids[i]"). This is the other side: the
 * ids of the measures and of the initiatives that project_id serves, in
 * id order, into malloc'd arrays (NULL when none; free both). */
int store_project_served(hk_store *st, int64_t project_id, int64_t **measures, size_t *n_measures,
                         int64_t **initiatives, size_t *n_initiatives, hk_err *err);

#endif
