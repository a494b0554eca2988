/*
 * store_partner_meeting.h - 1:1 meeting requests between partners (BRIEF
 * 4.5, issue 14), outside events: the records and the store's functions.
 * Included by store.h; the rules live in store_partner_meeting.c
 * (migration 12, docs/store.md). Not to be confused with the
 * coordination mechanism's meetings of ministers (store_coord.h).
 *
 * A request goes from one organisation (from_org_id) to another
 * (to_org_id), either on an accepted expression of interest (either side
 * may ask) or on a published listing (another organisation asks the
 * listing's). It proposes 1 to PM_TIMES_MAX times, a place or a video
 * link (or both) and a message. While it is pending, the organisation
 * whose turn it is (turn_org_id) accepts one of the times of the latest
 * proposal, proposes others (a counter-proposal, which passes the turn
 * back) or declines with a reason; the asking organisation may cancel it,
 * pending or accepted. Accepted, declined and cancelled are final except
 * that an accepted meeting may still be cancelled.
 *
 * Each step is one transaction with its audit entry (entity
 * "partner_meeting") and one NOTIFY_PARTNER_MEETING notification for
 * every member of the other organisation (the actor is never told). A
 * step out of turn or out of state is HK_ECONFLICT naming "status" with a
 * message beginning "rule: ".
 */
#ifndef HK_STORE_PARTNER_MEETING_H
#define HK_STORE_PARTNER_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "hk_tz.h"

typedef struct hk_store hk_store;

#define PM_TIMES_MAX 5           /* proposed times in one proposal */
#define PM_MINUTES_MIN 15        /* a meeting lasts 15 minutes ... */
#define PM_MINUTES_MAX 480       /* ... to 8 hours */
#define PM_PLACE_MAX 200         /* code points of a place */
#define PM_URL_MAX 500           /* bytes of a video link */
#define PM_MESSAGE_MAX 2000      /* code points of a message or reason */
#define PM_LIST_MAX 100          /* requests in one page of a list */

typedef enum { PM_PENDING, PM_ACCEPTED, PM_DECLINED, PM_CANCELLED, PM__STATUS_COUNT } pm_status;
typedef enum { PM_PROPOSE, PM_COUNTER, PM_ACCEPT, PM_DECLINE, PM_CANCEL, PM__ACTION_COUNT } pm_action;

/* "pending", "accepted", ...; NULL out of range. */
const char *pm_status_name(pm_status s);
/* "propose", "counter", "accept", "decline", "cancel"; NULL out of range. */
const char *pm_action_name(pm_action a);

/* One proposed (or the accepted) time, as announced. */
typedef struct pm_time {
    char starts[17];          /* local "YYYY-MM-DDTHH:MM" */
    char tz[HK_TZ_MAX];       /* IANA zone name */
    int minutes;              /* PM_MINUTES_MIN..PM_MINUTES_MAX */
    int64_t starts_at;        /* unix seconds; computed by the store from starts and tz */
} pm_time;

/* One step of a request's history. */
typedef struct pm_step {
    int64_t id;
    int round;                /* the proposal round it belongs to (1 = the first proposal) */
    pm_action action;
    int64_t actor_id, org_id; /* who acted, for which of the two organisations */
    char *message;            /* from malloc(); "" when none */
    char *place, *video_url;  /* from malloc(); the proposal's (propose, counter), else "" */
    pm_time *times;           /* from malloc(); the proposal's times (propose, counter), else NULL */
    size_t n_times;
    int64_t at;               /* unix seconds */
} pm_step;

typedef struct partner_meeting {
    int64_t id;
    int64_t interest_id;      /* the accepted interest it came from; 0 = from a listing */
    int64_t listing_id;       /* the interest's listing, or the listing asked on */
    int64_t from_org_id;      /* the organisation that asked */
    int64_t to_org_id;        /* the other one */
    int64_t from_user_id;     /* the member who asked */
    pm_status status;
    int64_t turn_org_id;      /* whose answer is awaited (meaningful while pending) */
    int round;                /* the latest proposal's round */
    char *place, *video_url;  /* from malloc(); the latest proposal's; "" when none */
    char *message;            /* from malloc(); the latest proposal's message */
    pm_time times[PM_TIMES_MAX]; /* the latest proposal's times */
    size_t n_times;
    bool has_accepted;        /* status accepted: accepted holds the chosen time */
    pm_time accepted;
    pm_step *steps;           /* from malloc(); the history, oldest first (store_pm_get only) */
    size_t n_steps;
    int64_t created_at, updated_at, version;
} partner_meeting;

void partner_meeting_free(partner_meeting *m);
void partner_meetings_free(partner_meeting *v, size_t n);

/* A proposal: the first one or a counter-proposal. The strings are the
 * caller's. times[i].starts_at is computed by the store. */
typedef struct pm_proposal {
    pm_time times[PM_TIMES_MAX];
    size_t n_times;           /* 1..PM_TIMES_MAX */
    const char *place;        /* NULL or "" = none; a place or a video link is required */
    const char *video_url;    /* NULL or "" = none; http(s) URL */
    const char *message;      /* NULL or "" = none */
} pm_proposal;

/* Checks a proposal alone (no database): HK_EINVAL naming the field
 * ("times", "times[1].tz", "video_url", ...), and fills each
 * starts_at. now is the current unix time (times must start after it). */
int pm_proposal_check(pm_proposal *p, int64_t now, hk_err *err);
/* True when url is an http:// or https:// URL with a host, printable
 * ASCII with no spaces, at most PM_URL_MAX bytes. */
bool pm_url_valid(const char *url);

/* Asks for a meeting on accepted interest interest_id, as from_org_id
 * (one of its two sides; the other is asked) by actor_id (a member of
 * it). *id gets the new request's id. */
int store_pm_propose_on_interest(hk_store *st, int64_t interest_id, int64_t from_org_id, int64_t actor_id,
                                 pm_proposal *p, int64_t *id, hk_err *err);
/* Asks the organisation of published listing listing_id for a meeting, as
 * from_org_id (another organisation) by actor_id (a member of it). */
int store_pm_propose_on_listing(hk_store *st, int64_t listing_id, int64_t from_org_id, int64_t actor_id,
                                pm_proposal *p, int64_t *id, hk_err *err);
/* The steps. org_id is the organisation the actor acts for (one of the
 * two; the actor must be its member). option is 1..n_times of the latest
 * proposal. A reason is required to decline, optional to cancel. */
int store_pm_counter(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, pm_proposal *p, hk_err *err);
int store_pm_accept(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, int option, hk_err *err);
int store_pm_decline(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, const char *reason, hk_err *err);
int store_pm_cancel(hk_store *st, int64_t id, int64_t org_id, int64_t actor_id, const char *reason, hk_err *err);

/* The request with its latest proposal and whole history; HK_ENOTFOUND
 * naming "id" when there is none. */
int store_pm_get(hk_store *st, int64_t id, partner_meeting *out, hk_err *err);

typedef struct store_pm_filter {
    const int64_t *orgs;      /* the organisations whose requests (either side) are listed */
    size_t n_orgs;
    int64_t interest_id;      /* 0 = any */
    int status;               /* pm_status, or -1 for any */
    int64_t before_id;        /* 0 = from the newest; else ids below it */
    size_t limit;             /* 1..PM_LIST_MAX */
} store_pm_filter;
/* The requests newest first, with their latest proposal (no history),
 * into *out (free with partner_meetings_free). */
int store_pm_list(hk_store *st, const store_pm_filter *f, partner_meeting **out, size_t *n, hk_err *err);

#endif
