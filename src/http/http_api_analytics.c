/*
 * http_api_analytics.c - the analytics figures over the API (BRIEF 4.9,
 * issue 15): GET /api/v1/analytics?figure=NAME&from=&to=&state=&format=
 * answers one figure of store_analytics.h as a table, in JSON
 * ({"figure", "from", "to", "state", "scope", "columns", "rows"}; amounts
 * and the plan's completion rounded to whole units and percents) or as
 * CSV (format=csv, or an Accept header naming text/csv before JSON).
 *
 * Who sees what (auth_policy.c, docs/api.md "Analytics"):
 *   - public figures (listings, matches, interests, projects, sectors,
 *     plan, meetings) are read by anyone, counting only what is public (no draft
 *     projects); a national coordinator asking for its own state, and the
 *     secretariat, get the restricted scope, drafts counted;
 *   - restricted figures (financing, matrix, funnel) are read by the
 *     secretariat for any state and by a coordinator for its own: with no
 *     state given, a coordinator gets its own state's, any other is 403,
 *     and a visitor 401.
 *
 * A figure added to the store needs nothing here: its name, columns and
 * scope come from store_analytics.h.
 */
#include "http/http_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_csv.h"
#include "store/store_analytics.h"

static int bad(http_resp *resp, const char *field, const char *msg)
{
    hk_err err;
    hk_err_set(&err, HK_EINVAL, field, "%s", msg);
    http_error(resp, &err);
    return -1;
}

/* An optional date parameter as a day number (def when absent). */
static int day_arg(http_req *req, http_resp *resp, const char *name, int64_t def, int64_t *out)
{
    const char *v = http_arg(req, name);
    if (!v) {
        *out = def;
        return 0;
    }
    *out = analytics_day_of(v);
    if (*out < 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s must be a date YYYY-MM-DD between 1970-01-01 and 9999-12-31", name);
        return bad(resp, name, msg);
    }
    return 0;
}

/* True when the Accept header prefers CSV: text/csv listed before any
 * JSON type (a browser's download link sends format=csv instead). */
static bool wants_csv(http_req *req)
{
    const char *format = http_arg(req, "format");
    if (format)
        return !strcmp(format, "csv");
    const char *accept = http_req_header(req, "Accept");
    if (!accept)
        return false;
    const char *csv = strstr(accept, "text/csv"), *json = strstr(accept, "json");
    return csv && (!json || csv < json);
}

static json_t *cell_json(const analytics_table *t, size_t r, size_t c)
{
    const analytics_cell *x = &t->cells[r * t->n_cols + c];
    switch (t->types[c]) {
    case AN_TEXT: return json_string(x->text);
    case AN_INT: return json_integer((json_int_t)x->i);
    default: return json_integer((json_int_t)llround(x->d)); /* whole units of money, whole percents */
    }
}

static void answer_json(http_resp *resp, const analytics_table *t, const char *from, const char *to,
                        const char *state, bool restricted)
{
    json_t *cols = json_array(), *rows = json_array();
    for (size_t c = 0; c < t->n_cols; c++)
        json_array_append_new(cols, json_string(t->cols[c]));
    for (size_t r = 0; r < t->n_rows; r++) {
        json_t *row = json_array();
        for (size_t c = 0; c < t->n_cols; c++)
            json_array_append_new(row, cell_json(t, r, c));
        json_array_append_new(rows, row);
    }
    http_json(resp, 200,
              json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "figure", analytics_figure_name(t->figure), "from",
                        from, "to", to, "state", *state ? json_string(state) : json_null(), "scope",
                        restricted ? "restricted" : "public", "columns", cols, "rows", rows));
}

static void answer_csv(http_resp *resp, const analytics_table *t, const char *from, const char *to)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        hk_err err;
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    /* RFC 4180: a header row, CRLF line ends. */
    for (size_t c = 0; c < t->n_cols; c++)
        io_csv_write_field(out, t->cols[c], c == 0);
    fputs("\r\n", out);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const analytics_cell *x = &t->cells[r * t->n_cols + c];
            char num[40];
            if (t->types[c] == AN_INT)
                snprintf(num, sizeof num, "%lld", (long long)x->i);
            else if (t->types[c] == AN_AMOUNT)
                snprintf(num, sizeof num, "%lld", (long long)llround(x->d));
            io_csv_write_field(out, t->types[c] == AN_TEXT ? x->text : num, c == 0);
        }
        fputs("\r\n", out);
    }
    fclose(out);
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/csv; charset=utf-8; header=present";
    http_header(resp, "Content-Disposition", "attachment; filename=\"hamkor-%s-%s-%s.csv\"",
                analytics_figure_name(t->figure), from, to);
}

void api_analytics(http_req *req, http_resp *resp)
{
    const char *name = http_arg(req, "figure");
    const char *format = http_arg(req, "format");
    int figure = analytics_figure_parse(name);
    if (figure < 0) {
        char msg[256];
        size_t n = (size_t)snprintf(msg, sizeof msg, "figure %s one of", name ? "must be" : "is required:");
        for (int f = 0; f < AN__COUNT && n < sizeof msg; f++)
            n += (size_t)snprintf(msg + n, sizeof msg - n, "%s %s", f ? "," : "", analytics_figure_name(f));
        bad(resp, "figure", msg);
        return;
    }
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
        bad(resp, "format", "format must be json or csv");
        return;
    }
    analytics_query q = {.figure = (analytics_figure)figure};
    if (day_arg(req, resp, "from", 0, &q.from_day) || day_arg(req, resp, "to", AN_DAY_MAX, &q.to_day) ||
        http_state_arg(req, resp, "state", q.state))
        return;
    if (q.from_day > q.to_day) {
        bad(resp, "from", "from must not be after to");
        return;
    }
    http_today(q.today);

    /* The scope: restricted for the secretariat, and for a coordinator
     * about its own state (the state it is given when it names none). */
    const http_actor *ac = &req->actor;
    bool coordinator = ac->a.user_id > 0 && ac->a.role == ROLE_COORDINATOR && strlen(ac->a.country) == 2;
    bool restricted_figure = analytics_figure_restricted(q.figure);
    if (restricted_figure && coordinator && !q.state[0])
        memcpy(q.state, ac->a.country, 3);
    auth_target t = {0};
    memcpy(t.org_country, q.state, sizeof q.state);
    if (restricted_figure) {
        if (http_authorize(req, resp, AUTH_ANALYTICS_RESTRICTED, &t))
            return;
        q.restricted = true;
    } else {
        if (http_authorize(req, resp, AUTH_ANALYTICS_PUBLIC, NULL))
            return;
        q.restricted = ac->a.user_id > 0 && auth_can(&ac->a, AUTH_ANALYTICS_RESTRICTED, &t) == AUTH_ALLOW;
    }

    analytics_table table;
    hk_err err;
    if (store_analytics(req->st, &q, &table, &err)) {
        analytics_table_free(&table);
        http_error(resp, &err);
        return;
    }
    /* The range counted: whole months. */
    int64_t from_day = q.from_day, to_day = q.to_day;
    analytics_whole_months(&from_day, &to_day);
    char from[11], to[11];
    analytics_date_of(from_day, from);
    analytics_date_of(to_day, to);
    if (wants_csv(req))
        answer_csv(resp, &table, from, to);
    else
        answer_json(resp, &table, from, to, q.state, q.restricted);
    analytics_table_free(&table);
}
