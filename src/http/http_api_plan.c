/*
 * http_api_plan.c - the Action Plan through the API (BRIEF 4.8, issue
 * 13): its measures with "overdue" computed on the day of the request,
 * progress notes, the CSV export of the plan, and the view of one state's
 * part in the mechanism (its meetings, initiatives and measures).
 *
 * Anyone reads the plan. The secretariat keeps it (creates and changes
 * measures, status included); a national coordinator adds progress notes
 * to the measures its state answers for (auth_policy.c,
 * AUTH_MEASURE_REPORT), and the secretariat to any.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_csv.h"
#include "model/model_coord_json.h"

json_t *http_measure_view(const measure *m, const char *today)
{
    json_t *j = measure_to_json(m);
    if (j)
        json_object_set_new(j, "overdue", json_boolean(measure_overdue(m, today)));
    return j;
}

/* The measure with its notes (the view GET answers and If-Match is
 * checked against); NULL with err set on failure. */
static json_t *measure_full(http_req *req, const measure *m, hk_err *err)
{
    char today[11];
    http_today(today);
    measure_note *v;
    size_t n;
    if (store_measure_notes(req->st, m->id, &v, &n, err))
        return NULL;
    json_t *j = http_measure_view(m, today), *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, measure_note_to_json(&v[i]));
        measure_note_free(&v[i]);
    }
    free(v);
    json_object_set_new(j, "notes", a);
    return j;
}

static void answer_measure(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    measure m;
    hk_err err;
    if (store_measure_get(req->st, id, &m, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *j = measure_full(req, &m, &err);
    measure_free(&m);
    if (!j) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, status, j);
    http_etag(resp);
    if (status == 201)
        http_header(resp, "Location", "/api/v1/plan/measures/%lld", (long long)id);
}

/* The list filters shared by the list and the CSV export. */
static int measure_filter(http_req *req, http_resp *resp, store_measure_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
    http_today(f->today);
    const char *overdue = http_arg(req, "overdue");
    if (overdue && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, "overdue", "overdue must be true or false");
        http_error(resp, &err);
        return -1;
    }
    f->overdue = overdue && !strcmp(overdue, "true");
    if (http_state_arg(req, resp, "state", f->state) ||
        http_enum_arg(req, resp, "status", CENUM_MEASURE_STATUS, &f->status) ||
        http_cursor_arg(req, resp, "initiative", &f->initiative_id) ||
        http_cursor_arg(req, resp, "meeting", &f->meeting_id))
        return -1;
    return http_authorize(req, resp, AUTH_COORD_READ, NULL);
}

/* A page of the plan: at most limit measures (1..STORE_COORD_LIST_MAX,
 * the maximum by default) from offset on, with next_offset when there
 * are more, and the counts over the whole filtered plan (total, and how
 * many of those are overdue), not only the page. */
void api_measures_list(http_req *req, http_resp *resp)
{
    store_measure_filter f;
    long limit, offset;
    if (http_int_arg(req, resp, "limit", 1, STORE_COORD_LIST_MAX, STORE_COORD_LIST_MAX, &limit) ||
        http_int_arg(req, resp, "offset", 0, 1000000, 0, &offset) || measure_filter(req, resp, &f))
        return;
    f.limit = (size_t)limit;
    f.offset = (size_t)offset;
    measure *v;
    size_t n, total, overdue;
    hk_err err;
    store_measure_filter late = f;
    late.overdue = true;
    if (store_measures_count(req->st, &f, &total, &err) || store_measures_count(req->st, &late, &overdue, &err) ||
        store_measures_list(req->st, &f, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, http_measure_view(&v[i], f.today));
    store_measures_free(v, n);
    json_t *next = f.offset + n < total ? json_integer((json_int_t)(f.offset + n)) : json_null();
    http_json(resp, 200,
              json_pack("{s:s, s:I, s:I, s:I, s:o, s:o}", "today", f.today, "overdue", (json_int_t)overdue, "total",
                        (json_int_t)total, "offset", (json_int_t)f.offset, "next_offset", next, "measures", a));
}

void api_measure_get(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    answer_measure(req, resp, 200, req->ids[0]);
}

static const char *const measure_members[] = {"id",       "code",     "texts",      "states",     "bodies",
                                              "deadline", "status",   "overdue",    "initiatives", "meetings",
                                              "project_ids", "notes",    "created_at", "updated_at", "version",  NULL};

void api_measure_create(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    json_t *body = http_body_strict(req, resp, measure_members);
    if (!body)
        return;
    measure m;
    hk_err err;
    if (measure_from_json(body, &m, &err) || store_measure_create(req->st, &m, req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        answer_measure(req, resp, 201, m.id);
    measure_free(&m);
    json_decref(body);
}

void api_measure_update(http_req *req, http_resp *resp)
{
    static const char *const server_owned[] = {"id", "overdue", "notes", "created_at", "updated_at", "version", NULL};
    if (http_authorize(req, resp, AUTH_COORD_KEEP, NULL))
        return;
    measure cur, n;
    memset(&n, 0, sizeof n);
    hk_err err;
    if (store_measure_get(req->st, req->ids[0], &cur, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *current = measure_full(req, &cur, &err), *body = NULL, *merged = NULL;
    if (!current) {
        http_error(resp, &err);
        goto done;
    }
    if (http_if_match(req, resp, current) || !(body = http_body_strict(req, resp, measure_members)))
        goto done;
    if (!(merged = http_patched(current, body, server_owned))) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    if (measure_from_json(merged, &n, &err)) {
        http_error(resp, &err);
        goto done;
    }
    n.id = cur.id;
    if (store_measure_update(req->st, &n, cur.version, req->actor.a.user_id, &err))
        http_update_error(resp, &err);
    else
        answer_measure(req, resp, 200, cur.id);
done:
    measure_free(&n);
    measure_free(&cur);
    json_decref(current);
    json_decref(body);
    json_decref(merged);
}

void api_measure_note_add(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"on", "lang", "text", NULL};
    if (http_require_user(req, resp))
        return;
    measure m;
    hk_err err;
    if (store_measure_get(req->st, req->ids[0], &m, &err)) {
        http_error(resp, &err);
        return;
    }
    auth_target t;
    http_target_states(req, &t, m.states, m.n_states);
    measure_free(&m);
    if (http_authorize(req, resp, AUTH_MEASURE_REPORT, &t))
        return;
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const char *on = http_body_string(body, "on", resp), *lang = NULL, *text = NULL;
    if (on && (lang = http_body_string(body, "lang", resp)) && (text = http_body_string(body, "text", resp))) {
        measure_note n = {.measure_id = req->ids[0], .author_id = req->actor.a.user_id};
        if (strlen(on) >= sizeof n.on) {
            hk_err_set(&err, HK_EINVAL, "on", "on must be a date YYYY-MM-DD");
            http_error(resp, &err);
            json_decref(body);
            return;
        }
        memcpy(n.on, on, strlen(on) + 1);
        /* The coordinator reports for its state; the secretariat for none. */
        if (req->actor.a.role == ROLE_COORDINATOR)
            memcpy(n.country, req->actor.a.country, 2);
        n.lang = (char *)lang;
        n.text = (char *)text;
        if (store_measure_note_add(req->st, &n, &err))
            http_error(resp, &err);
        else {
            http_json(resp, 201, measure_note_to_json(&n));
            http_header(resp, "Location", "/api/v1/plan/measures/%lld", (long long)n.measure_id);
        }
    }
    json_decref(body);
}

/* ---- the CSV export ---- */

/* The original text's title (or the first). */
static const coord_text *original(const coord_text *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].origin == ORIGIN_ORIGINAL)
            return &t[i];
    return n ? &t[0] : NULL;
}

static const char *title_in(const coord_text *t, size_t n, const char *lang)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].lang, lang) || (!strncmp(t[i].lang, lang, 2) && t[i].lang[2] == '-'))
            return t[i].title;
    return "";
}

/* One field of joined values: "UZ;KZ". */
static void joined(FILE *out, char (*states)[3], size_t ns, const int *bodies, size_t nb)
{
    char buf[MODEL_MAX_LIST * 24] = "";
    size_t o = 0;
    for (size_t i = 0; i < ns && o < sizeof buf - 4; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? ";" : "", states[i]);
    for (size_t i = 0; i < nb && o < sizeof buf - 24; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? ";" : "", coord_enum_name(CENUM_BODY, bodies[i]));
    io_csv_write_field(out, buf, 0);
}

static void ids_field(FILE *out, const int64_t *v, size_t n)
{
    char buf[MODEL_MAX_LIST * 21] = "";
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof buf - 21; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%lld", o ? ";" : "", (long long)v[i]);
    io_csv_write_field(out, buf, 0);
}

void api_export_plan(http_req *req, http_resp *resp)
{
    store_measure_filter f;
    if (measure_filter(req, resp, &f))
        return;
    measure *v;
    size_t n;
    hk_err err;
    if (store_measures_list(req->st, &f, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        store_measures_free(v, n);
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    /* RFC 4180: CRLF line ends, a header row; the titles in the three
     * languages side by side, then the original's language. */
    static const char *const head[] = {"code",     "title_en", "title_ru",    "title_zh", "original_lang",
                                       "responsible", "deadline", "status", "overdue", "initiatives", "meetings"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        io_csv_write_field(out, head[i], i == 0);
    fputs("\r\n", out);
    for (size_t i = 0; i < n; i++) {
        const measure *m = &v[i];
        const coord_text *o = original(m->texts, m->n_texts);
        io_csv_write_field(out, m->code, 1);
        io_csv_write_field(out, title_in(m->texts, m->n_texts, "en"), 0);
        io_csv_write_field(out, title_in(m->texts, m->n_texts, "ru"), 0);
        io_csv_write_field(out, title_in(m->texts, m->n_texts, "zh"), 0);
        io_csv_write_field(out, o ? o->lang : "", 0);
        joined(out, m->states, m->n_states, m->bodies, m->n_bodies);
        io_csv_write_field(out, m->deadline, 0);
        io_csv_write_field(out, coord_enum_name(CENUM_MEASURE_STATUS, (int)m->status), 0);
        io_csv_write_field(out, measure_overdue(m, f.today) ? "yes" : "no", 0);
        ids_field(out, m->initiatives, m->n_initiatives);
        ids_field(out, m->meetings, m->n_meetings);
        fputs("\r\n", out);
    }
    fclose(out);
    store_measures_free(v, n);
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/csv; charset=utf-8; header=present";
    http_header(resp, "Content-Disposition", "attachment; filename=\"action-plan-%s.csv\"", f.today);
}

/* ---- one state's part ---- */

void api_state_coordination(http_req *req, http_resp *resp)
{
    if (http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    hk_err err;
    /* A path that cannot name a country names no state: 404, as for an
     * unknown one. */
    if (!model_is_iso2(req->code)) {
        http_not_found(resp, "code");
        return;
    }
    country c;
    if (store_country_get(req->st, req->code, &c, &err)) {
        http_error(resp, &err);
        return;
    }
    country_free(&c);
    store_meeting_filter mf = {.type = -1};
    memcpy(mf.country, req->code, 3);
    store_initiative_filter inf = {.status = -1};
    memcpy(inf.proposer, req->code, 3);
    store_measure_filter sf = {.status = -1};
    memcpy(sf.state, req->code, 3);
    http_today(sf.today);
    meeting *mv = NULL;
    initiative *iv = NULL;
    measure *sv = NULL;
    size_t mn = 0, in = 0, sn = 0;
    if (store_meetings_list(req->st, &mf, &mv, &mn, &err) || store_initiatives_list(req->st, &inf, &iv, &in, &err) ||
        store_measures_list(req->st, &sf, &sv, &sn, &err)) {
        http_error(resp, &err);
        goto done;
    }
    json_t *meetings = json_array(), *inits = json_array(), *measures = json_array();
    size_t chaired = 0, overdue = 0, done_n = 0;
    for (size_t i = 0; i < mn; i++) {
        chaired += strcmp(mv[i].chair, req->code) == 0;
        json_array_append_new(meetings, http_meeting_view(req, &mv[i]));
    }
    for (size_t i = 0; i < in; i++)
        json_array_append_new(inits, initiative_to_json(&iv[i]));
    for (size_t i = 0; i < sn; i++) {
        overdue += measure_overdue(&sv[i], sf.today);
        done_n += sv[i].status == MEASURE_DONE;
        json_array_append_new(measures, http_measure_view(&sv[i], sf.today));
    }
    http_json(resp, 200,
              json_pack("{s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o, s:o}", "country", req->code,
                        "today", sf.today, "counts", "meetings", (json_int_t)mn, "chaired", (json_int_t)chaired,
                        "initiatives", (json_int_t)in, "measures", (json_int_t)sn, "done", (json_int_t)done_n,
                        "overdue", (json_int_t)overdue, "meetings",
                        meetings, "initiatives", inits, "measures", measures));
done:
    store_meetings_free(mv, mn);
    store_initiatives_free(iv, in);
    store_measures_free(sv, sn);
}
