/*
 * store_event.h - events with matchmaking sessions (BRIEF 4.6, issue 14):
 * the SCO Economic Forum and the side events of coordination meetings,
 * their participants, the 1:1 meeting requests between participants and
 * the schedule the scheduler (src/sched) makes of the accepted ones.
 *
 *   store_event.c        events and their time slots, participants (the
 *                        marketplace), requests
 *   store_event_sched.c  running the scheduler and storing its schedule,
 *                        agendas, table plans, notices
 *
 * Not to be confused with store_meeting.c, the ministers' meetings of the
 * coordination mechanism (issue 13): an event may name one of those as
 * the meeting it is a side event of.
 *
 * Time slots are not stored: they follow from the event (first day,
 * days, day start and end, slot length, breaks, time zone) by
 * event_slots, numbered from 0 in time order. A participant's
 * availability is a mask of slot numbers (bit s = slot s). A scheduled
 * meeting is stored with its slot's UTC start, so a meeting whose slot an
 * edit of the event removed is simply no longer on the plan and the next
 * run places it again.
 *
 * Writes validate first (HK_EINVAL naming the field), run in one
 * transaction and are audited by actor_id (0 = the system: the demo).
 */
#ifndef HK_STORE_EVENT_H
#define HK_STORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "model/model.h"
#include "sched/sched.h"

typedef struct hk_store hk_store;

#define EVENT_MAX_TEXTS 8         /* titles in several languages */
#define EVENT_MAX_TITLE 300       /* bytes of a title */
#define EVENT_MAX_BODY 8000       /* bytes of a description */
#define EVENT_MAX_PLACE 300
#define EVENT_MAX_DAYS 14
#define EVENT_MAX_BREAKS 8        /* breaks of each day */
#define EVENT_MAX_SLOTS SCHED_MAX_SLOTS /* 64: availability is a 64-bit mask */
#define EVENT_MAX_TABLES 10000
#define EVENT_MAX_LISTINGS 16     /* listings one participant brings */
#define EVENT_MAX_NOTE 2000       /* bytes of a participant's note */
#define EVENT_MAX_MESSAGE 2000    /* bytes of a request's message */
#define EVENT_LIST_MAX 200        /* records of one list answer */

typedef enum { EVENT_FORUM, EVENT_SIDE, EVENT_OTHER, EVENT_KIND__COUNT } event_kind;
typedef enum { EREQ_PENDING, EREQ_ACCEPTED, EREQ_DECLINED, EREQ_CANCELLED, EREQ__COUNT } event_request_status;

const char *event_kind_name(event_kind k);       /* "economic_forum", "side_event", "other" */
int event_kind_parse(const char *s);             /* -1 when unknown */
const char *event_request_status_name(event_request_status s);
int event_request_status_parse(const char *s);

typedef struct event_text {
    char *lang;            /* "en", "ru", "zh", ...: BCP 47, each once */
    char *title;           /* required */
    char *body;            /* may be NULL */
    text_origin origin;    /* original (0, the default), human or machine;
                            * at least one text of an event is original
                            * (migration 16) */
} event_text;

typedef struct event_break {
    char starts[6], ends[6]; /* "HH:MM" local, starts < ends; every day */
} event_break;

typedef struct hk_event {
    int64_t id;
    event_kind kind;
    int64_t meeting_id;    /* the coordination meeting it is a side event of, or 0 */
    int64_t organiser_org_id; /* whose admins organise it with the secretariat, or 0 */
    event_text *texts; size_t n_texts; /* malloc'd, 1..EVENT_MAX_TEXTS */
    char *place;           /* may be NULL */
    char tz[64];           /* IANA zone of the local times */
    char first_day[11];    /* "YYYY-MM-DD" */
    int days;              /* 1..EVENT_MAX_DAYS */
    char day_start[6], day_end[6]; /* "HH:MM" local, the sessions of each day */
    int slot_minutes;      /* 5..240 */
    int tables;            /* tables in each slot, 1..EVENT_MAX_TABLES */
    event_break *breaks; size_t n_breaks; /* malloc'd */
    int64_t created_at, updated_at, version;
} hk_event;

void hk_event_free(hk_event *e);

typedef struct event_slot {
    int day;               /* 0-based day of the event */
    char local[17];        /* "YYYY-MM-DDTHH:MM" start, local */
    char ends_local[6];    /* "HH:MM" end, local */
    int64_t starts_at, ends_at; /* UTC unix seconds */
} event_slot;

/* The slots of e, in time order, into *out (malloc'd, *n of them, NULL
 * when none): each day from day_start, one slot of slot_minutes after the
 * other, a slot overlapping a break starting at the break's end, none
 * past day_end. HK_EINVAL naming "slot_minutes" when there would be more
 * than EVENT_MAX_SLOTS or none, "tz" when the times cannot be placed in
 * the zone. Pure: no store. */
int event_slots(const hk_event *e, event_slot **out, size_t *n, hk_err *err);

/* Checks e alone (texts, kind, zone, dates and times, breaks, slots). */
int event_validate(const hk_event *e, hk_err *err);

/* ---- events (store_event.c) ---- */
/* Creates e (e->id 0): sets id, times, version 1. A meeting_id must be a
 * meeting, an organiser_org_id an organisation. */
int store_event_create(hk_store *st, hk_event *e, int64_t actor_id, hk_err *err);
/* Replaces event e->id (texts and breaks included) if its version is
 * still version (0 = any), else HK_ECONFLICT naming "version". Scheduled
 * meetings whose slot no longer exists are taken off the plan, and
 * availability beyond the new last slot is cleared. */
int store_event_update(hk_store *st, hk_event *e, int64_t version, int64_t actor_id, hk_err *err);
int store_event_get(hk_store *st, int64_t id, hk_event *out, hk_err *err);
/* Events by first day (latest first), at most limit (1..EVENT_LIST_MAX). */
int store_events_list(hk_store *st, size_t limit, hk_event **out, size_t *n, hk_err *err);
void store_events_free(hk_event *v, size_t n);

/* ---- participants ---- */
typedef struct event_participant {
    int64_t id;
    int64_t event_id;
    int64_t org_id;        /* the organisation taking part */
    int64_t user_id;       /* the person who registered and attends */
    int meeting_limit;     /* 1..64 meetings at most */
    bool auto_accept;      /* requests to it are accepted at once */
    uint64_t avail;        /* bit s: available in slot s */
    char *note;            /* what they look for; may be NULL */
    int64_t *listing_ids; size_t n_listing_ids; /* published listings of org_id */
    int64_t created_at, updated_at;
    /* Read only, joined from the directory: */
    char *org_name;        /* primary name */
    char org_country[3];
    char *person;          /* the user's display name */
} event_participant;

void event_participant_free(event_participant *p);
void event_participants_free(event_participant *v, size_t n);

/* Registers p (p->id 0) for p->event_id: the user must be a member of
 * p->org_id (HK_EINVAL naming "org_id" else), each listing a published
 * listing of that organisation, the mask within the event's slots; a
 * user registers once an event (HK_ECONFLICT naming "user_id"). */
int store_event_register(hk_store *st, event_participant *p, int64_t actor_id, hk_err *err);
/* Replaces p->id's limit, auto-accept, availability, note and listings
 * (org and user stay). Turning auto-accept on accepts what is pending. */
int store_event_participant_update(hk_store *st, event_participant *p, int64_t actor_id, hk_err *err);
/* Removes participant id, its requests and its scheduled meetings. */
int store_event_unregister(hk_store *st, int64_t id, int64_t actor_id, hk_err *err);
int store_event_participant_get(hk_store *st, int64_t id, event_participant *out, hk_err *err);

typedef struct store_participant_filter {
    int64_t event_id;
    const char *q;         /* in the organisation's names, person or note; NULL or "" = any */
    char country[3];       /* the organisation's, or "" */
    char sector[5];        /* an ISIC code prefix of the organisation's, or "" */
    int64_t org_id;        /* only this organisation's, or 0 */
    size_t offset, limit;  /* limit 1..EVENT_LIST_MAX; 0 = the maximum */
} store_participant_filter;
/* The event's participants matching f, by organisation name then id;
 * *total (may be NULL) counts all that match. */
int store_event_participants(hk_store *st, const store_participant_filter *f, event_participant **out, size_t *n,
                             size_t *total, hk_err *err);

/* ---- requests ---- */
typedef struct event_request {
    int64_t id;
    int64_t event_id;
    int64_t from_id, to_id; /* participants */
    int priority;          /* 0..SCHED_MAX_PRIORITY */
    char *message;         /* may be NULL */
    event_request_status status;
    int64_t created_at, decided_at;
    /* Read only: where the schedule holds it (slot_at 0 = not scheduled). */
    int64_t slot_at;
    int table_no;
} event_request;

void event_request_free(event_request *r);
void event_requests_free(event_request *v, size_t n);

/* Sends r (r->id 0) from participant from_id to to_id of r->event_id:
 * both must be of the event, of different organisations; no pending or
 * accepted request may join the two already (either way: HK_ECONFLICT
 * naming "to_id"). Accepted at once when the recipient auto-accepts
 * (r->status says which). */
int store_event_request_send(hk_store *st, event_request *r, int64_t actor_id, hk_err *err);
/* Moves request id to status: accepted or declined from pending, or
 * cancelled from pending or accepted (a cancelled meeting leaves the
 * plan); else HK_ECONFLICT naming "status". Who may is the caller's
 * question. */
int store_event_request_decide(hk_store *st, int64_t id, event_request_status status, int64_t actor_id,
                               hk_err *err);
int store_event_request_get(hk_store *st, int64_t id, event_request *out, hk_err *err);
/* Requests of event_id that participant_id sends or receives (0 = all
 * of the event), newest first. */
int store_event_requests(hk_store *st, int64_t event_id, int64_t participant_id, event_request **out, size_t *n,
                         hk_err *err);

/* ---- the schedule (store_event_sched.c) ---- */
typedef struct store_event_run {
    size_t requests;       /* accepted requests given to the scheduler */
    size_t held, bound;    /* meetings placed; proven upper bound */
    size_t kept, moved, dropped; /* against the stored schedule before */
    size_t notified;       /* participants told of new or moved meetings */
    double seconds;
    bool time_limited;
    int64_t run_at;
} store_event_run;

/* Runs the scheduler over the event's accepted requests, with the stored
 * schedule as the previous one (so that a re-run moves as few meetings as
 * it can), and replaces the stored schedule with its answer, all in one
 * transaction. Participants whose meetings were placed, moved or dropped
 * get a notice. opt may be NULL (defaults; seed = the event id). */
int store_event_schedule_run(hk_store *st, int64_t event_id, const sched_options *opt, int64_t actor_id,
                             store_event_run *out, hk_err *err);
/* The last run of the event; HK_ENOTFOUND naming "schedule" when none. */
int store_event_last_run(hk_store *st, int64_t event_id, store_event_run *out, hk_err *err);

/* A scheduled meeting of the plan. */
typedef struct event_meeting {
    int64_t request_id;
    int64_t slot_at;
    int table_no;
    int64_t a, b;          /* the requesting and the requested participant */
    int priority;
} event_meeting;
/* The event's scheduled meetings by slot and table (*out malloc'd). */
int store_event_plan(hk_store *st, int64_t event_id, event_meeting **out, size_t *n, hk_err *err);

typedef struct event_notice {
    int64_t id, user_id, event_id;
    char *kind;            /* "schedule" */
    char *payload;         /* JSON object */
    int64_t created_at, read_at;
} event_notice;
void event_notices_free(event_notice *v, size_t n);
/* The user's event notices, newest first, at most limit (1..100). */
int store_event_notices(hk_store *st, int64_t user_id, size_t limit, event_notice **out, size_t *n, hk_err *err);
/* The user notice id is for, into *user_id; HK_ENOTFOUND naming "id"
 * when there is no such notice. */
int store_event_notice_owner(hk_store *st, int64_t id, int64_t *user_id, hk_err *err);
/* Marks notice id of user_id read (a notice read before keeps its time);
 * HK_ENOTFOUND naming "id" when user_id has no notice id. */
int store_event_notice_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err);

#endif
