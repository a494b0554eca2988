/*
 * store_analytics.h - the figures of the analytics pages (BRIEF 4.9,
 * issue 15) as tables: each figure is a fixed list of columns and rows of
 * text, whole numbers or amounts, read from the store with GROUP BY
 * queries over a range of whole months and, optionally, one state
 * (store_analytics.c, sql_analytics.def, migration 14 in docs/store.md).
 *
 * Which figure an actor may read, and with which scope, is the HTTP
 * layer's question (auth_policy.c, http_api_analytics.c); the store only
 * takes the scope it is told (analytics_query.restricted).
 *
 * A new figure is a new value before AN__COUNT, its name and column
 * list in store_analytics.c and its SQL in sql_analytics.def; the API,
 * the CSV and the web UI's table take it from there.
 */
#ifndef HK_STORE_ANALYTICS_H
#define HK_STORE_ANALYTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

typedef struct hk_store hk_store;

typedef enum {
    AN_LISTINGS,   /* state, kind, direction, listings */
    AN_MATCHES,    /* state, matches */
    AN_INTERESTS,  /* state, sent, sent_accepted, received, received_accepted */
    AN_PROJECTS,   /* state, stage, projects */
    AN_FINANCING,  /* state, currency, requested_projects, requested_amount, approved_decisions, approved_amount */
    AN_MATRIX,     /* state, partner, matches, interests, accepted, meetings, projects, financed */
    AN_SECTORS,    /* month, scheme, section, listings */
    AN_FUNNEL,     /* state, listings, interests, accepted, meetings, projects, financed */
    AN_PLAN,       /* state, measures, done, in_progress, not_started, dropped, overdue, completion */
    AN_MEETINGS,   /* state, requested, accepted, at_events */
    AN__COUNT
} analytics_figure;

/* "listings", "matches", ...; NULL out of range. */
const char *analytics_figure_name(analytics_figure f);
/* The figure named name, or -1. */
int analytics_figure_parse(const char *name);
/* True for the figures only coordinators (their state's) and the
 * secretariat read: financing, the matrix, the funnel. */
bool analytics_figure_restricted(analytics_figure f);

#define AN_DAY_MAX 2932896 /* 9999-12-31 as days since 1970-01-01 */

typedef struct analytics_query {
    analytics_figure figure;
    int64_t from_day, to_day; /* UTC days since 1970-01-01, both included; 0..AN_DAY_MAX;
                               * widened to whole months */
    char state[3];            /* "" = every state */
    bool restricted;          /* count what only coordinators and the secretariat see: draft projects */
    char today[11];           /* "YYYY-MM-DD": what "overdue" is judged on (plan) */
} analytics_query;

typedef enum { AN_TEXT, AN_INT, AN_AMOUNT } analytics_type;

typedef struct analytics_cell {
    char text[24];            /* AN_TEXT: a state, kind, stage, month, currency, section */
    int64_t i;                /* AN_INT */
    double d;                 /* AN_AMOUNT (also completion, a percentage) */
} analytics_cell;

typedef struct analytics_table {
    analytics_figure figure;
    size_t n_cols;
    const char *const *cols;        /* static column names */
    const analytics_type *types;    /* static, one per column */
    size_t n_rows;
    analytics_cell *cells;          /* n_rows * n_cols, row after row; malloc'd */
    size_t cap;
} analytics_table;

/* The figure q->figure over q's days and state into *out (zeroed first;
 * release with analytics_table_free whatever it returns). Rows are in
 * the order of their text columns. HK_EINVAL naming "from"/"to"/"figure"
 * for a query out of range. */
int store_analytics(hk_store *st, const analytics_query *q, analytics_table *out, hk_err *err);
void analytics_table_free(analytics_table *t);

/* Widens [*from_day, *to_day] to whole months: from the first day of
 * from's month to the last day of to's. Every figure counts whole months
 * (the counters are by month); the API answers with the widened range. */
void analytics_whole_months(int64_t *from_day, int64_t *to_day);
/* "YYYY-MM-DD" into days since 1970-01-01; -1 when it is not a date. */
int64_t analytics_day_of(const char *date);
/* Days since 1970-01-01 into "YYYY-MM-DD". */
void analytics_date_of(int64_t day, char out[11]);

#endif
