/*
 * store_analytics.c - the figures of the analytics pages (BRIEF 4.9,
 * store_analytics.h): each one a table built from one to three GROUP BY
 * statements of sql_analytics.def, gathered by their text columns here
 * (a pair of states counted from both sides, interests by the state
 * that sent and the state that received them, HS chapters and ISIC
 * divisions summed into their sections) and sorted by them.
 *
 * Listings, interests, match alerts (migration 14) and meetings between
 * partners (migration 15) are read from counters kept by triggers, so that a figure over a million
 * listings reads a few thousand counter rows by month instead; projects, financing and the
 * plan read their own tables, which are orders of magnitude smaller.
 *
 * Ranges are whole months (analytics_whole_months): the counters are by
 * month, and every figure counts the same months.
 *
 * Counting rules (docs/api.md, "Analytics"):
 *   - a listing counts from leaving draft, on its day of publication, in
 *     its organisation's state; its sector is the section of its first
 *     code of each scheme;
 *   - an interest counts on the day it was sent, for the sender's state
 *     (sent) and the listing's state (received); "accepted" is how many of
 *     those are accepted now; states as they were when it was sent;
 *   - a match is a pair of listings the platform alerted someone to, on
 *     the day of its first alert;
 *   - a joint project counts on the day it was created, once in each state
 *     of its partners; drafts only in the restricted scope;
 *   - financing requested is a project's budget, on the day of its first
 *     submission; approved is each approval's amount, on its day; both
 *     per currency, never converted;
 *   - a measure counts by its deadline, once for each responsible state;
 *   - a 1:1 meeting request counts on the day it was made, once in each
 *     state of its two organisations; "accepted" is how many of those are
 *     accepted now; a meeting at an event counts in the month of its
 *     slot, once in each state of its two participants. "meetings" in
 *     the matrix and the funnel is both: accepted requests and meetings
 *     placed at events.
 */
#include "store/store_analytics.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* ---- figures and their columns ---- */

#define T AN_TEXT
#define I AN_INT
#define A AN_AMOUNT

typedef struct figure_def {
    const char *name;
    bool restricted;
    size_t n_keys;             /* the leading text columns that identify a row */
    size_t n_cols;
    const char *cols[8];
    analytics_type types[8];
} figure_def;

static const figure_def figures[AN__COUNT] = {
    [AN_LISTINGS] = {"listings", false, 3, 4, {"state", "kind", "direction", "listings"}, {T, T, T, I}},
    [AN_MATCHES] = {"matches", false, 1, 2, {"state", "matches"}, {T, I}},
    [AN_INTERESTS] = {"interests", false, 1, 5,
                      {"state", "sent", "sent_accepted", "received", "received_accepted"}, {T, I, I, I, I}},
    [AN_PROJECTS] = {"projects", false, 2, 3, {"state", "stage", "projects"}, {T, T, I}},
    [AN_FINANCING] = {"financing", true, 2, 6,
                      {"state", "currency", "requested_projects", "requested_amount", "approved_decisions",
                       "approved_amount"},
                      {T, T, I, A, I, A}},
    [AN_MATRIX] = {"matrix", true, 2, 8,
                   {"state", "partner", "matches", "interests", "accepted", "meetings", "projects", "financed"},
                   {T, T, I, I, I, I, I, I}},
    [AN_SECTORS] = {"sectors", false, 3, 4, {"month", "scheme", "section", "listings"}, {T, T, T, I}},
    [AN_FUNNEL] = {"funnel", true, 1, 7,
                   {"state", "listings", "interests", "accepted", "meetings", "projects", "financed"},
                   {T, I, I, I, I, I, I}},
    [AN_PLAN] = {"plan", false, 1, 8,
                 {"state", "measures", "done", "in_progress", "not_started", "dropped", "overdue", "completion"},
                 {T, I, I, I, I, I, I, A}},
    [AN_MEETINGS] = {"meetings", false, 1, 4, {"state", "requested", "accepted", "at_events"}, {T, I, I, I}},
};

#undef T
#undef I
#undef A

const char *analytics_figure_name(analytics_figure f)
{
    return (unsigned)f < AN__COUNT ? figures[f].name : NULL;
}

int analytics_figure_parse(const char *name)
{
    for (int i = 0; name && i < AN__COUNT; i++)
        if (!strcmp(name, figures[i].name))
            return i;
    return -1;
}

bool analytics_figure_restricted(analytics_figure f)
{
    return (unsigned)f < AN__COUNT && figures[f].restricted;
}

/* ---- days ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t analytics_day_of(const char *date)
{
    if (!date || !model_is_date(date))
        return -1;
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    int64_t day = days_from_civil(y, m, d);
    return day < 0 || day > AN_DAY_MAX ? -1 : day;
}

void analytics_date_of(int64_t day, char out[11])
{
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    int yy = (int)(y < 0 ? 0 : y > 9999 ? 9999 : y);
    m = m < 1 ? 1 : m > 12 ? 12 : m;
    d = d < 1 ? 1 : d > 31 ? 31 : d;
    snprintf(out, 11, "%04d-%02d-%02d", yy, m, d);
}

void analytics_whole_months(int64_t *from_day, int64_t *to_day)
{
    char d[11];
    analytics_date_of(*from_day, d);
    memcpy(d + 8, "01", 2);
    *from_day = analytics_day_of(d);
    analytics_date_of(*to_day, d);
    int y = atoi(d), m = atoi(d + 5);
    if (y < 0 || y >= 9999 || m < 1 || m > 12) {
        *to_day = AN_DAY_MAX;
        return;
    }
    char next[32];
    snprintf(next, sizeof next, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    *to_day = analytics_day_of(next) - 1;
}

/* ---- the table ---- */

void analytics_table_free(analytics_table *t)
{
    if (!t)
        return;
    free(t->cells);
    t->cells = NULL;
    t->n_rows = t->cap = 0;
}

static analytics_cell *cell(analytics_table *t, size_t row, size_t col)
{
    return &t->cells[row * t->n_cols + col];
}

/* Rows by their text keys: an open-addressing table of row numbers + 1
 * (0 = empty), rebuilt twice as large when half full. A figure gathers
 * tens of thousands of additions into at most a few thousand rows (the
 * matrix: every pair of states of every project). */
typedef struct row_index {
    uint32_t *slot;
    size_t cap;                /* a power of two, or 0 */
} row_index;

static uint64_t key_hash(const char *const *keys, size_t nk)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < nk; k++) {
        for (const unsigned char *c = (const unsigned char *)keys[k]; *c; c++)
            h = (h ^ *c) * 1099511628211ULL;
        h = (h ^ 0xff) * 1099511628211ULL;
    }
    return h;
}

static bool row_is(analytics_table *t, size_t r, const char *const *keys, size_t nk)
{
    for (size_t k = 0; k < nk; k++)
        if (strcmp(cell(t, r, k)->text, keys[k]) != 0)
            return false;
    return true;
}

static bool index_grow(analytics_table *t, row_index *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 256, nk = figures[t->figure].n_keys;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return false;
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *keys[8];
        for (size_t k = 0; k < nk; k++)
            keys[k] = cell(t, r, k)->text;
        size_t i = (size_t)key_hash(keys, nk) & (cap - 1);
        while (slot[i])
            i = (i + 1) & (cap - 1);
        slot[i] = (uint32_t)r + 1;
    }
    free(ix->slot);
    ix->slot = slot;
    ix->cap = cap;
    return true;
}

/* The row whose text keys are keys[0..n_keys) (added zeroed when there is
 * none); -1 when out of memory. */
static long row_for(analytics_table *t, row_index *ix, const char *const *keys)
{
    size_t nk = figures[t->figure].n_keys;
    if ((t->n_rows + 1) * 2 > ix->cap && !index_grow(t, ix))
        return -1;
    size_t i = (size_t)key_hash(keys, nk) & (ix->cap - 1);
    for (; ix->slot[i]; i = (i + 1) & (ix->cap - 1))
        if (row_is(t, ix->slot[i] - 1, keys, nk))
            return (long)ix->slot[i] - 1;
    if (t->n_rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        analytics_cell *v = realloc(t->cells, cap * t->n_cols * sizeof *v);
        if (!v)
            return -1;
        t->cells = v;
        t->cap = cap;
    }
    size_t r = t->n_rows++;
    memset(cell(t, r, 0), 0, t->n_cols * sizeof(analytics_cell));
    for (size_t k = 0; k < nk; k++)
        snprintf(cell(t, r, k)->text, sizeof cell(t, r, k)->text, "%s", keys[k]);
    ix->slot[i] = (uint32_t)r + 1;
    return (long)r;
}

static int cmp_rows(const void *a, const void *b, void *ctx)
{
    size_t nk = *(const size_t *)ctx;
    const analytics_cell *x = a, *y = b;
    for (size_t k = 0; k < nk; k++) {
        int c = strcmp(x[k].text, y[k].text);
        if (c)
            return c;
    }
    return 0;
}

static void sort_rows(analytics_table *t)
{
    size_t nk = figures[t->figure].n_keys;
    if (t->n_rows > 1)
        qsort_r(t->cells, t->n_rows, t->n_cols * sizeof(analytics_cell), cmp_rows, &nk);
}

/* What a row callback gathers into. */
typedef struct gather {
    analytics_table *t;
    row_index ix;              /* t's rows by their keys */
    const char *state;         /* keep only rows of this state ("" = all) */
    int what;                  /* which statement (per figure) */
    bool oom;
    /* The matrix's projects: the states of the project being read. */
    int64_t project;
    char states[32][3];
    size_t n_states;
    bool financed;             /* it has an approval in the range */
} gather;

static const char *text_or(const store_row *r, int c)
{
    const char *s = row_text(r, c);
    return s ? s : "";
}

/* Adds v to column col of the row with keys; false when out of memory.
 * A row of another state than g->state is skipped (pairs are added from
 * both sides, and only the asked state's side is kept). */
static bool add_int(gather *g, const char *const *keys, size_t col, int64_t v)
{
    if (*g->state && strcmp(keys[0], g->state) != 0)
        return true;
    long r = row_for(g->t, &g->ix, keys);
    if (r < 0)
        return false;
    cell(g->t, (size_t)r, col)->i += v;
    return true;
}

static bool add_amount(gather *g, const char *const *keys, size_t col, double v)
{
    if (*g->state && strcmp(keys[0], g->state) != 0)
        return true;
    long r = row_for(g->t, &g->ix, keys);
    if (r < 0)
        return false;
    cell(g->t, (size_t)r, col)->d += v;
    return true;
}

/* Column col of the row of pair (a, b) and, when a != b, of (b, a). */
static bool add_pair(gather *g, const char *a, const char *b, size_t col, int64_t v)
{
    const char *ab[2] = {a, b}, *ba[2] = {b, a};
    return add_int(g, ab, col, v) && (!strcmp(a, b) || add_int(g, ba, col, v));
}

/* Column col of the rows of states a and b, once when they are the same
 * state (a meeting between two organisations of one state counts once). */
static bool add_both(gather *g, const char *a, const char *b, size_t col, int64_t v)
{
    return add_int(g, &a, col, v) && (!strcmp(a, b) || add_int(g, &b, col, v));
}

/* Each pair of the states gathered for one project counts one project. */
static bool project_pairs(gather *g)
{
    bool ok = true;
    for (size_t i = 0; ok && i < g->n_states; i++)
        for (size_t k = i + 1; ok && k < g->n_states; k++)
            ok = add_pair(g, g->states[i], g->states[k], 6, 1) &&
                 (!g->financed || add_pair(g, g->states[i], g->states[k], 7, 1));
    g->n_states = 0;
    return ok;
}

/* ---- sections of HS chapters and ISIC divisions ---- */

static const char *hs_section(int chapter)
{
    static const struct {
        int last;
        const char *s;
    } v[] = {{5, "I"},    {14, "II"},   {15, "III"},   {24, "IV"},  {27, "V"},    {38, "VI"},  {40, "VII"},
             {43, "VIII"}, {46, "IX"},  {49, "X"},     {63, "XI"},  {67, "XII"},  {70, "XIII"}, {71, "XIV"},
             {83, "XV"},  {85, "XVI"},  {89, "XVII"},  {92, "XVIII"}, {93, "XIX"}, {96, "XX"},  {99, "XXI"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (chapter <= v[i].last)
            return v[i].s;
    return "";
}

static const char *isic_section(int division)
{
    static const struct {
        int last;
        const char *s;
    } v[] = {{3, "A"},  {9, "B"},  {33, "C"}, {35, "D"}, {39, "E"}, {43, "F"}, {47, "G"},
             {53, "H"}, {56, "I"}, {63, "J"}, {66, "K"}, {68, "L"}, {75, "M"}, {82, "N"},
             {84, "O"}, {85, "P"}, {88, "Q"}, {93, "R"}, {96, "S"}, {98, "T"}, {99, "U"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (division <= v[i].last)
            return v[i].s;
    return "";
}

/* The section of a counter's head: a chapter or division (two digits)
 * maps to its section; anything else is a section already. */
static const char *section_of(const char *scheme, const char *head)
{
    if (head[0] >= '0' && head[0] <= '9' && head[1] >= '0' && head[1] <= '9') {
        int n = (head[0] - '0') * 10 + (head[1] - '0');
        return !strcmp(scheme, "hs") ? hs_section(n) : isic_section(n);
    }
    return head;
}

/* ---- row callbacks ---- */

static int on_row(const store_row *r, void *ctx)
{
    gather *g = ctx;
    bool ok = true;
    switch (g->t->figure) {
    case AN_LISTINGS: {
        const char *k[3] = {text_or(r, 0), text_or(r, 1), text_or(r, 2)};
        ok = add_int(g, k, 3, row_int(r, 3));
        break;
    }
    case AN_SECTORS: {
        const char *scheme = text_or(r, 1);
        const char *k[3] = {text_or(r, 0), scheme, section_of(scheme, text_or(r, 2))};
        ok = add_int(g, k, 3, row_int(r, 3));
        break;
    }
    case AN_MATCHES: {
        /* A pair counts for each of its states, once for a domestic one. */
        int64_t n = row_int(r, 4);
        if (n)
            ok = add_both(g, text_or(r, 0), text_or(r, 1), 1, n);
        break;
    }
    case AN_INTERESTS: {
        const char *f = text_or(r, 0), *t = text_or(r, 1);
        int64_t n = row_int(r, 2), acc = row_int(r, 3);
        if (n)
            ok = add_int(g, &f, 1, n) && add_int(g, &f, 2, acc) && add_int(g, &t, 3, n) && add_int(g, &t, 4, acc);
        break;
    }
    case AN_PROJECTS: {
        const char *k[2] = {text_or(r, 0), text_or(r, 1)};
        ok = add_int(g, k, 2, row_int(r, 2));
        break;
    }
    case AN_FINANCING: {
        const char *k[2] = {text_or(r, 0), text_or(r, 1)};
        size_t col = g->what == 0 ? 2 : 4; /* requested, or approved */
        ok = add_int(g, k, col, row_int(r, 2)) && add_amount(g, k, col + 1, row_double(r, 3));
        break;
    }
    case AN_MATRIX: {
        const char *a = text_or(r, 0), *b = text_or(r, 1);
        if (g->what == 0) {
            int64_t n = row_int(r, 2), acc = row_int(r, 3), m = row_int(r, 4);
            if (n || m)
                ok = add_pair(g, a, b, 2, m) && add_pair(g, a, b, 3, n) && add_pair(g, a, b, 4, acc);
        } else if (g->what == 2) {
            /* Meetings: accepted requests and meetings at events. */
            int64_t n = row_int(r, 3) + row_int(r, 4);
            if (n)
                ok = add_pair(g, a, b, 5, n);
        } else {
            /* Rows (project, state) in project order, states distinct. */
            int64_t id = row_int(r, 0);
            if (id != g->project)
                ok = project_pairs(g);
            g->project = id;
            g->financed = row_int(r, 2) != 0;
            if (ok && g->n_states < sizeof g->states / sizeof g->states[0])
                snprintf(g->states[g->n_states++], 3, "%s", b);
        }
        break;
    }
    case AN_FUNNEL: {
        const char *s = text_or(r, 0);
        if (g->what == 0)
            ok = add_int(g, &s, 1, row_int(r, 1));
        else if (g->what == 1) {
            /* An interest once for each state it involves. */
            const char *b = text_or(r, 1);
            int64_t n = row_int(r, 2), acc = row_int(r, 3);
            if (n)
                ok = add_both(g, s, b, 2, n) && add_both(g, s, b, 3, acc);
        } else if (g->what == 2)
            ok = add_int(g, &s, 5, row_int(r, 1)) && add_int(g, &s, 6, row_int(r, 2));
        else {
            /* Meetings: accepted requests and meetings at events. */
            int64_t n = row_int(r, 3) + row_int(r, 4);
            if (n)
                ok = add_both(g, s, text_or(r, 1), 4, n);
        }
        break;
    }
    case AN_PLAN: {
        const char *s = text_or(r, 0);
        for (size_t c = 1; ok && c <= 6; c++)
            ok = add_int(g, &s, c, row_int(r, (int)c));
        break;
    }
    case AN_MEETINGS: {
        const char *a = text_or(r, 0), *b = text_or(r, 1);
        for (size_t c = 1; ok && c <= 3; c++)
            ok = add_both(g, a, b, c, row_int(r, (int)c + 1));
        break;
    }
    default: break;
    }
    if (!ok) {
        g->oom = true;
        return 1;
    }
    return 0;
}

/* Runs statement id into g (as statement number what of the figure). */
static int run(hk_store *st, gather *g, int what, store_sq id, const store_val *p, int n, hk_err *err)
{
    g->what = what;
    int rc = store__q(st, id, p, n, on_row, g, err);
    if (g->oom)
        return store__oom(err);
    return rc < 0 ? rc : 0;
}

static int check(hk_store *st, const analytics_query *q, hk_err *err)
{
    if ((unsigned)q->figure >= AN__COUNT)
        return hk_err_set(err, HK_EINVAL, "figure", "figure: no such figure");
    if (q->from_day < 0 || q->from_day > AN_DAY_MAX)
        return hk_err_set(err, HK_EINVAL, "from", "from: out of range");
    if (q->to_day < 0 || q->to_day > AN_DAY_MAX)
        return hk_err_set(err, HK_EINVAL, "to", "to: out of range");
    if (q->from_day > q->to_day)
        return hk_err_set(err, HK_EINVAL, "from", "from: after to");
    if (q->state[0])
        return store__country_exists(st, q->state, "state", err);
    return 0;
}

int store_analytics(hk_store *st, const analytics_query *q, analytics_table *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = check(st, q, err);
    if (rc)
        return rc;
    const figure_def *fd = &figures[q->figure];
    out->figure = q->figure;
    out->n_cols = fd->n_cols;
    out->cols = fd->cols;
    out->types = fd->types;

    /* Rows are kept for the asked state by their first column, which is
     * the state in every figure but sectors (filtered by the SQL). */
    gather g = {.t = out, .state = q->figure == AN_SECTORS ? "" : q->state};
    int64_t from_day = q->from_day, to_day = q->to_day;
    analytics_whole_months(&from_day, &to_day);
    int64_t to_t = (to_day + 1) * 86400;
    char from_date[11], to_date[11], from_month[8], to_month[8];
    analytics_date_of(from_day, from_date);
    analytics_date_of(to_day, to_date);
    snprintf(from_month, sizeof from_month, "%.7s", from_date);
    snprintf(to_month, sizeof to_month, "%.7s", to_date);
    store_val m_from = sv_text(from_month), m_to = sv_text(to_month), state = sv_text(q->state),
              t_from = sv_time(from_day * 86400), t_to = sv_time(to_t > STORE_TIME_MAX ? STORE_TIME_MAX : to_t),
              drafts = sv_bool(q->restricted);

    switch (q->figure) {
    case AN_LISTINGS:
        rc = run(st, &g, 0, SQ_AN_LISTINGS, ARGS(m_from, m_to, state), err);
        break;
    case AN_SECTORS:
        rc = run(st, &g, 0, SQ_AN_SECTORS, ARGS(m_from, m_to, state), err);
        break;
    case AN_MATCHES:
    case AN_INTERESTS:
        rc = run(st, &g, 0, SQ_AN_PAIRS, ARGS(m_from, m_to, state), err);
        break;
    case AN_PROJECTS:
        rc = run(st, &g, 0, SQ_AN_PROJECT_STAGES, ARGS(t_from, t_to, state, drafts), err);
        break;
    case AN_FINANCING:
        rc = run(st, &g, 0, SQ_AN_FIN_REQUESTED, ARGS(t_from, t_to, state), err);
        if (!rc)
            rc = run(st, &g, 1, SQ_AN_FIN_APPROVED, ARGS(t_from, t_to, state), err);
        break;
    case AN_MATRIX:
        rc = run(st, &g, 0, SQ_AN_PAIRS, ARGS(m_from, m_to, state), err);
        if (!rc)
            rc = run(st, &g, 1, SQ_AN_PROJECT_STATES, ARGS(t_from, t_to, drafts), err);
        if (!rc && !project_pairs(&g))
            rc = store__oom(err);
        if (!rc)
            rc = run(st, &g, 2, SQ_AN_MEETING_PAIRS, ARGS(m_from, m_to, state), err);
        break;
    case AN_FUNNEL:
        rc = run(st, &g, 0, SQ_AN_LISTINGS_BY_STATE, ARGS(m_from, m_to, state), err);
        if (!rc)
            rc = run(st, &g, 1, SQ_AN_PAIRS, ARGS(m_from, m_to, state), err);
        if (!rc)
            rc = run(st, &g, 2, SQ_AN_FUNNEL_PROJECTS, ARGS(t_from, t_to, state, drafts), err);
        if (!rc)
            rc = run(st, &g, 3, SQ_AN_MEETING_PAIRS, ARGS(m_from, m_to, state), err);
        break;
    case AN_PLAN:
        rc = run(st, &g, 0, SQ_AN_PLAN,
                 ARGS(sv_text(from_date), sv_text(to_date), state, sv_text(q->today[0] ? q->today : store__today(st))),
                 err);
        for (size_t r = 0; !rc && r < out->n_rows; r++) {
            int64_t open = cell(out, r, 1)->i - cell(out, r, 5)->i;
            cell(out, r, 7)->d = open > 0 ? (double)cell(out, r, 2)->i * 100.0 / (double)open : 0.0;
        }
        break;
    case AN_MEETINGS:
        rc = run(st, &g, 0, SQ_AN_MEETING_PAIRS, ARGS(m_from, m_to, state), err);
        break;
    default: break;
    }
    free(g.ix.slot);
    if (rc) {
        analytics_table_free(out);
        return rc;
    }
    sort_rows(out);
    return 0;
}
