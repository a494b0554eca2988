/*
 * http_api_project.c - joint projects and their financing through the API
 * (docs/api.md "Joint projects", docs/projects.md): the actor's projects,
 * the financial institutions' pipeline (JSON or CSV), a project, its
 * co-edited content (If-Match), every transition of its state machine,
 * milestone progress, documents, financing decisions, question threads
 * and the project notices.
 *
 * The order of http_api_interest.c holds here too: query parameters,
 * 401, the record, auth_can() (404/403) with the actor's relation to the
 * project from store_project_relation, the body, then the write; the
 * store checks the state machine's rules again and refuses an illegal
 * transition with 409 naming the rule.
 *
 * The ETag of a project stands for its id and version, so If-Match gives the store the version to require in its UPDATE: a
 * write that lands between the check and the update is refused by the
 * database, not missed.
 */
#include "http/http_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_base64.h"
#include "hk_utf8.h"
#include "io/io_csv.h"
#include "model/model_json.h"
#include "store/store_project.h"

#define PAGE_DEFAULT 20

/* ---- loading a project and the actor's relation to it ---- */

typedef struct loaded {
    project p;
    project_relation rel;
    auth_target t;
} loaded;

static void target_of(const project_relation *rel, project_state s, auth_target *t)
{
    memset(t, 0, sizeof *t);
    t->project_visible = project_visible(rel, s);
    t->project_rel = (rel->partner_member ? AUTH_PRJ_PARTNER : 0u) | (rel->lead_admin ? AUTH_PRJ_LEAD_ADMIN : 0u) |
                     (rel->coordinator ? AUTH_PRJ_COORDINATOR : 0u) | (rel->institution ? AUTH_PRJ_INSTITUTION : 0u);
}

/* 401, then project req->ids[0] and the actor's relation; 404 for none. */
static int load(http_req *req, http_resp *resp, loaded *l)
{
    memset(l, 0, sizeof *l);
    if (http_require_user(req, resp))
        return -1;
    hk_err err;
    if (store_project_get(req->st, req->ids[0], &l->p, &err) ||
        store_project_relation(req->st, req->ids[0], req->actor.a.user_id, &l->rel, &err)) {
        project_free(&l->p);
        http_error(resp, &err);
        return -1;
    }
    target_of(&l->rel, l->p.state, &l->t);
    return 0;
}

/* The ETag of a project: its id and version, and today's date (milestones
 * become overdue), in the server's usual form (a hash of canonical JSON,
 * 16 hex digits). The same for every reader, so that If-Match is the
 * version whoever read it; but the view differs by reader (the submissions
 * shown, the relation), so the answers are private, no-store
 * (caching_headers): a browser shared by two people keeps no copy to
 * revalidate one's page for the other (Vary: Cookie does not do it: the
 * browser's cache looks before the cookie is added). */
static void etag_of(const http_req *req, const project *p, char out[40])
{
    (void)req;
    char iso[21];
    model_format_time((int64_t)time(NULL), iso);
    iso[10] = '\0';
    json_t *j = json_pack("{s:I, s:I, s:s}", "project", (json_int_t)p->id, "version", (json_int_t)p->version, "day",
                          iso);
    http_etag_of(j, out);
    json_decref(j);
}

static void caching_headers(http_resp *resp)
{
    resp->cache = "private, no-store";
}

/* Answers status with the project as the actor sees it now (re-read), and
 * its ETag; extra (may be NULL, taken) is merged into the object. */
static void answer(http_req *req, http_resp *resp, unsigned status, int64_t id, json_t *extra)
{
    hk_err err;
    loaded l;
    memset(&l, 0, sizeof l);
    if (store_project_get(req->st, id, &l.p, &err) ||
        store_project_relation(req->st, id, req->actor.a.user_id, &l.rel, &err)) {
        json_decref(extra);
        project_free(&l.p);
        http_error(resp, &err);
        return;
    }
    json_t *j = http_project_view(req, &l.p, &l.rel);
    if (extra) {
        json_object_update(j, extra);
        json_decref(extra);
    }
    http_json(resp, status, j);
    etag_of(req, &l.p, resp->etag);
    caching_headers(resp);
    project_free(&l.p);
}

/* An optional "version" member: the version the actor read (0 = none). */
static int body_version(const json_t *body, http_resp *resp, int64_t *out)
{
    *out = 0;
    json_t *v = json_object_get(body, "version");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, "version", "version must be the project's version you read");
        http_error(resp, &err);
        return -1;
    }
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* The actor's membership of org (0 = none, 1 = member, 2 = admin). */
static int member_of(const http_req *req, int64_t org)
{
    for (size_t i = 0; i < req->actor.a.n_memberships; i++)
        if (req->actor.a.memberships[i].org_id == org)
            return req->actor.a.memberships[i].is_admin ? 2 : 1;
    return 0;
}

/* ---- GET /api/v1/projects: the actor's projects ---- */

static int stage_mask(http_req *req, http_resp *resp, unsigned def, unsigned *out)
{
    const char *s = http_arg(req, "stage");
    *out = def;
    if (!s)
        return 0;
    *out = 0;
    char buf[160];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int v = project_enum_parse(PENUM_STATE, tok);
        if (v < 0) {
            hk_err err;
            hk_err_set(&err, HK_EINVAL, "stage", "stage must be a comma-separated list of project states");
            http_error(resp, &err);
            return -1;
        }
        *out |= 1u << v;
    }
    return 0;
}

/* The filters shared by the list and the pipeline. */
static int query_args(http_req *req, http_resp *resp, project_query *q, unsigned def_stages)
{
    hk_err err;
    memset(q, 0, sizeof *q);
    q->sector = -1;
    long limit, offset;
    if (stage_mask(req, resp, def_stages, &q->states) ||
        http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit) ||
        http_int_arg(req, resp, "offset", 0, 1000000, 0, &offset))
        return -1;
    q->limit = (size_t)limit;
    q->offset = (size_t)offset;
    const char *sector = http_arg(req, "sector"), *iso = http_arg(req, "country");
    const char *sort = http_arg(req, "sort"), *currency = http_arg(req, "currency");
    if (sector && (q->sector = project_enum_parse(PENUM_SECTOR, sector)) < 0) {
        hk_err_set(&err, HK_EINVAL, "sector", "sector must be one of the sectors in docs/api.md");
        goto bad;
    }
    if (iso && !model_is_iso2(iso)) {
        hk_err_set(&err, HK_EINVAL, "country", "country must be an ISO alpha-2 code such as UZ");
        goto bad;
    }
    q->country = iso;
    if (currency && (strlen(currency) != 3 || !model_is_iso2((char[3]){currency[0], currency[1], 0}))) {
        hk_err_set(&err, HK_EINVAL, "currency", "currency must be an ISO 4217 code such as USD");
        goto bad;
    }
    q->currency = currency;
    if (sort) {
        q->descending = sort[0] == '-';
        const char *key = sort + q->descending;
        if (!strcmp(key, "updated"))
            q->sort = PSORT_UPDATED;
        else if (!strcmp(key, "budget") || !strcmp(key, "amount"))
            q->sort = PSORT_BUDGET;
        else if (!strcmp(key, "created"))
            q->sort = PSORT_CREATED;
        else {
            hk_err_set(&err, HK_EINVAL, "sort", "sort must be updated, budget or created, with - for descending");
            goto bad;
        }
    } else {
        q->sort = PSORT_UPDATED;
        q->descending = true;
    }
    static const char *const amounts[] = {"min_amount", "max_amount"};
    for (int i = 0; i < 2; i++) {
        const char *v = http_arg(req, amounts[i]);
        if (!v)
            continue;
        char *end;
        double d = strtod(v, &end);
        if (*end || !isfinite(d) || d < 0) {
            hk_err_set(&err, HK_EINVAL, amounts[i], "%s must be a number of at least 0", amounts[i]);
            goto bad;
        }
        *(i ? &q->max_budget : &q->min_budget) = d;
    }
    return 0;
bad:
    http_error(resp, &err);
    return -1;
}

static void list_answer(http_req *req, http_resp *resp, project *v, size_t n, const project_query *q)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        project_relation rel;
        hk_err err;
        if (store_project_relation(req->st, v[i].id, req->actor.a.user_id, &rel, &err) ||
            !project_visible(&rel, v[i].state))
            continue;
        json_array_append_new(list, http_project_view(req, &v[i], &rel));
    }
    http_json(resp, 200, json_pack("{s:o, s:I, s:o}", "projects", list, "offset", (json_int_t)q->offset,
                                   "next_offset",
                                   n == q->limit ? json_integer((json_int_t)(q->offset + n)) : json_null()));
}

void api_projects_list(http_req *req, http_resp *resp)
{
    project_query q;
    if (http_require_user(req, resp) || query_args(req, resp, &q, 0))
        return;
    const auth_actor *a = &req->actor.a;
    /* The actor's own: a partner's member sees their organisations'
     * projects; a coordinator those of its state past the draft; the
     * secretariat all past the draft; a financial user those submitted to
     * it or in the pipeline (GET /projects/pipeline has the filters). */
    unsigned past_draft = ~(1u << PRJ_DRAFT) & ((1u << PRJ__COUNT) - 1);
    if (a->n_memberships && a->role != ROLE_FINANCIAL)
        q.member_user_id = a->user_id;
    else if (a->role == ROLE_COORDINATOR) {
        if (!q.country)
            q.country = a->country;
        q.states = q.states ? q.states & past_draft : past_draft;
    } else if (a->role == ROLE_SECRETARIAT || a->role == ROLE_FINANCIAL)
        q.states = q.states ? q.states & past_draft : past_draft;
    else {
        http_json(resp, 200, json_pack("{s:[], s:I, s:n}", "projects", (json_int_t)q.offset, "next_offset"));
        return;
    }
    project *v;
    size_t n;
    hk_err err;
    if (store_project_list(req->st, &q, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    list_answer(req, resp, v, n, &q);
    projects_free(v, n);
}

/* ---- GET /api/v1/projects/pipeline ---- */

static const project_text *title_in(const project *p, const char *lang)
{
    for (size_t i = 0; lang && i < p->n_texts; i++)
        if (!strcmp(p->texts[i].lang, lang))
            return &p->texts[i];
    for (size_t i = 0; i < p->n_texts; i++)
        if (p->texts[i].origin == ORIGIN_ORIGINAL)
            return &p->texts[i];
    return p->n_texts ? &p->texts[0] : NULL;
}

static void pipeline_csv(http_req *req, http_resp *resp, project *v, size_t n)
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
    static const char *const head[] = {"id", "title", "sector", "stage", "budget", "currency", "states",
                                       "partners", "approved", "updated_at"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        io_csv_write_field(out, head[i], i == 0);
    fputs("\r\n", out);
    const char *lang = http_arg(req, "lang");
    for (size_t i = 0; i < n; i++) {
        const project *p = &v[i];
        char num[64], states[128] = "", when[21];
        snprintf(num, sizeof num, "%lld", (long long)p->id);
        io_csv_write_field(out, num, 1);
        const project_text *t = title_in(p, lang);
        io_csv_write_field(out, t ? t->title : "", 0);
        io_csv_write_field(out, project_enum_name(PENUM_SECTOR, (int)p->sector), 0);
        io_csv_write_field(out, project_enum_name(PENUM_STATE, (int)p->state), 0);
        snprintf(num, sizeof num, "%.2f", p->budget);
        io_csv_write_field(out, num, 0);
        io_csv_write_field(out, p->currency, 0);
        for (size_t k = 0; k < p->n_countries; k++)
            snprintf(states + strlen(states), sizeof states - strlen(states), "%s%s", k ? " " : "", p->countries[k]);
        io_csv_write_field(out, states, 0);
        snprintf(num, sizeof num, "%zu", p->n_partners);
        io_csv_write_field(out, num, 0);
        project_submission *s;
        size_t ns;
        hk_err err;
        double approved = 0;
        if (store_project_submissions(req->st, p->id, &s, &ns, &err) == 0) {
            for (size_t k = 0; k < ns; k++)
                if (s[k].status == SUB_APPROVED && !strcmp(s[k].currency, p->currency))
                    approved += s[k].amount;
            project_submissions_free(s, ns);
        }
        snprintf(num, sizeof num, "%.2f", approved);
        io_csv_write_field(out, num, 0);
        model_format_time(p->updated_at, when);
        io_csv_write_field(out, when, 0);
        fputs("\r\n", out);
    }
    fclose(out);
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/csv; charset=utf-8";
    http_header(resp, "Content-Disposition", "attachment; filename=\"hamkor-pipeline.csv\"");
}

void api_projects_pipeline(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    const char *format = http_arg(req, "format");
    hk_err err;
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
        hk_err_set(&err, HK_EINVAL, "format", "format must be json or csv");
        http_error(resp, &err);
        return;
    }
    const char *lang = http_arg(req, "lang");
    if (lang && !model_is_bcp47(lang)) {
        hk_err_set(&err, HK_EINVAL, "lang", "lang must be a language tag such as ru");
        http_error(resp, &err);
        return;
    }
    auth_target none = {0};
    if (http_authorize(req, resp, AUTH_PIPELINE_READ, &none))
        return;
    /* The pipeline: what seeks financing (endorsed, submitted) unless the
     * stages asked for say otherwise; never a draft or a project the
     * states have not endorsed yet. */
    unsigned pipeline = 1u << PRJ_ENDORSED | 1u << PRJ_SUBMITTED | 1u << PRJ_IMPLEMENTATION | 1u << PRJ_COMPLETED;
    project_query q;
    if (query_args(req, resp, &q, 1u << PRJ_ENDORSED | 1u << PRJ_SUBMITTED))
        return;
    q.states &= pipeline;
    if (!q.states) {
        hk_err_set(&err, HK_EINVAL, "stage", "the pipeline holds endorsed, submitted, implementation and completed "
                                             "projects");
        http_error(resp, &err);
        return;
    }
    project *v;
    size_t n;
    if (store_project_list(req->st, &q, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    if (format && !strcmp(format, "csv"))
        pipeline_csv(req, resp, v, n);
    else
        list_answer(req, resp, v, n, &q);
    projects_free(v, n);
}

/* ---- POST /api/v1/projects ---- */

void api_project_create(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    auth_target none = {0};
    if (http_authorize(req, resp, AUTH_PROJECT_CREATE, &none))
        return;
    json_t *body = http_body_object(req, resp);
    if (!body)
        return;
    project p;
    hk_err err;
    if (http_project_from_json(body, &p, &err) || store_project_create(req->st, &p, req->actor.a.user_id, &err)) {
        http_error(resp, &err);
    } else {
        http_header(resp, "Location", "/api/v1/projects/%lld", (long long)p.id);
        answer(req, resp, 201, p.id, NULL);
    }
    project_free(&p);
    json_decref(body);
}

/* ---- GET and PATCH /api/v1/projects/{id} ---- */

void api_project_get(http_req *req, http_resp *resp)
{
    loaded l;
    if (load(req, resp, &l))
        return;
    if (!http_authorize(req, resp, AUTH_PROJECT_READ, &l.t)) {
        http_json(resp, 200, http_project_view(req, &l.p, &l.rel));
        etag_of(req, &l.p, resp->etag);
        caching_headers(resp);
    }
    project_free(&l.p);
}

/* If-Match against the project's ETag: 428 when absent, 412 when stale;
 * *version gets the version it names. */
static int if_match(http_req *req, http_resp *resp, const project *p, int64_t *version)
{
    const char *im = http_req_header(req, "If-Match");
    hk_err err;
    if (!im) {
        hk_err_set(&err, HK_EINVAL, "If-Match", "send the ETag of the project you edited in If-Match");
        http_problem(resp, 428, "precondition_required", "Updates need If-Match", &err);
        return -1;
    }
    char tag[40];
    etag_of(req, p, tag);
    if (strcmp(im, tag) != 0) {
        hk_err_set(&err, HK_ECONFLICT, "If-Match", "the project changed since you read it; load it again and redo "
                                                   "your change");
        http_problem(resp, 412, "precondition_failed", "The record changed since you read it", &err);
        return -1;
    }
    *version = p->version;
    return 0;
}

void api_project_update(http_req *req, http_resp *resp)
{
    loaded l;
    if (load(req, resp, &l))
        return;
    int64_t version = 0;
    json_t *body = NULL, *current = NULL, *merged = NULL;
    hk_err err;
    project next;
    memset(&next, 0, sizeof next);
    if (http_authorize(req, resp, AUTH_PROJECT_EDIT, &l.t) || if_match(req, resp, &l.p, &version) ||
        !(body = http_body_object(req, resp)))
        goto done;
    current = http_project_body_json(&l.p);
    merged = current ? http_patched(current, body, (const char *const[]){NULL}) : NULL;
    if (!merged) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        goto done;
    }
    size_t voided = 0;
    if (http_project_from_json(merged, &next, &err)) {
        http_error(resp, &err);
        goto done;
    }
    next.id = l.p.id;
    if (store_project_update(req->st, &next, version, req->actor.a.user_id, &voided, &err)) {
        http_update_error(resp, &err);
        goto done;
    }
    /* Says so: every sign-off and endorsement this change voided. */
    answer(req, resp, 200, l.p.id, json_pack("{s:I}", "voided_signoffs", (json_int_t)voided));
done:
    project_free(&next);
    project_free(&l.p);
    json_decref(body);
    json_decref(current);
    json_decref(merged);
}

/* ---- transitions ---- */

/* Loads, authorizes action, reads a body with only allowed members (and
 * "version"); NULL with resp filled on refusal. */
static json_t *transition_begin(http_req *req, http_resp *resp, loaded *l, auth_action action,
                                const char *const *allowed)
{
    if (load(req, resp, l))
        return NULL;
    if (http_authorize(req, resp, action, &l->t)) {
        project_free(&l->p);
        return NULL;
    }
    json_t *body;
    if (req->body_len == 0 && !allowed[0])
        body = json_object();
    else
        body = http_body_strict(req, resp, allowed);
    if (!body)
        project_free(&l->p);
    return body;
}

static void transition_end(http_req *req, http_resp *resp, loaded *l, json_t *body, int rc, const hk_err *err)
{
    if (rc)
        http_update_error(resp, err);
    else
        answer(req, resp, 200, l->p.id, NULL);
    project_free(&l->p);
    json_decref(body);
}

void api_project_signoff(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"org_id", "content_version", NULL};
    loaded l;
    if (load(req, resp, &l))
        return;
    json_t *body = NULL;
    hk_err err;
    int64_t org = 0;
    /* 404 for who may not know of it before the body is read. */
    if (http_authorize(req, resp, AUTH_PROJECT_READ, &l.t) || !(body = http_body_strict(req, resp, allowed)) ||
        !(org = http_body_id(body, "org_id", "a partner organisation you are an admin of", resp)))
        goto done;
    json_t *cv = json_object_get(body, "content_version");
    if (!json_is_integer(cv) || json_integer_value(cv) <= 0) {
        hk_err_set(&err, HK_EINVAL, "content_version", "content_version must be the content version you read");
        http_error(resp, &err);
        goto done;
    }
    /* The admin relation is to the organisation signed for. */
    if (member_of(req, org) == 2)
        l.t.project_rel |= AUTH_PRJ_PARTNER_ADMIN;
    if (http_authorize(req, resp, AUTH_PROJECT_SIGNOFF, &l.t))
        goto done;
    int rc = store_project_signoff(req->st, l.p.id, org, (int64_t)json_integer_value(cv), req->actor.a.user_id, &err);
    transition_end(req, resp, &l, body, rc, &err);
    return;
done:
    project_free(&l.p);
    json_decref(body);
}

void api_project_endorse(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"version", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, AUTH_PROJECT_ENDORSE, allowed);
    int64_t version;
    if (!body)
        return;
    hk_err err;
    int rc = body_version(body, resp, &version);
    if (rc) {
        project_free(&l.p);
        json_decref(body);
        return;
    }
    rc = store_project_endorse(req->st, l.p.id, version, req->actor.a.user_id, &err);
    transition_end(req, resp, &l, body, rc, &err);
}

/* Return and cancel: a reason and an optional version. */
static void with_reason(http_req *req, http_resp *resp, auth_action action,
                        int (*fn)(hk_store *, int64_t, const char *, int64_t, int64_t, hk_err *))
{
    static const char *const allowed[] = {"reason", "version", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, action, allowed);
    if (!body)
        return;
    int64_t version;
    const char *reason;
    if (body_version(body, resp, &version) || !(reason = http_body_string(body, "reason", resp))) {
        project_free(&l.p);
        json_decref(body);
        return;
    }
    hk_err err;
    int rc = fn(req->st, l.p.id, reason, version, req->actor.a.user_id, &err);
    transition_end(req, resp, &l, body, rc, &err);
}

void api_project_return(http_req *req, http_resp *resp) { with_reason(req, resp, AUTH_PROJECT_ENDORSE, store_project_return); }
void api_project_cancel(http_req *req, http_resp *resp) { with_reason(req, resp, AUTH_PROJECT_LEAD, store_project_cancel); }

/* Start and complete: an optional version. */
static void plain(http_req *req, http_resp *resp, int (*fn)(hk_store *, int64_t, int64_t, int64_t, hk_err *))
{
    static const char *const allowed[] = {"version", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, AUTH_PROJECT_LEAD, allowed);
    if (!body)
        return;
    int64_t version;
    if (body_version(body, resp, &version)) {
        project_free(&l.p);
        json_decref(body);
        return;
    }
    hk_err err;
    int rc = fn(req->st, l.p.id, version, req->actor.a.user_id, &err);
    transition_end(req, resp, &l, body, rc, &err);
}

void api_project_start(http_req *req, http_resp *resp) { plain(req, resp, store_project_start); }
void api_project_complete(http_req *req, http_resp *resp) { plain(req, resp, store_project_complete); }

void api_project_submit(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"institution_ids", "version", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, AUTH_PROJECT_LEAD, allowed);
    if (!body)
        return;
    int64_t version, ids[PROJECT_MAX_INTERESTS];
    size_t n = 0;
    hk_err err;
    int rc = 0;
    json_t *a = json_object_get(body, "institution_ids");
    if (body_version(body, resp, &version))
        rc = -1;
    else if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > PROJECT_MAX_INTERESTS) {
        hk_err_set(&err, HK_EINVAL, "institution_ids", "institution_ids must list 1 to %d financial institutions",
                   PROJECT_MAX_INTERESTS);
        http_error(resp, &err);
        rc = -1;
    } else {
        size_t i;
        json_t *x;
        json_array_foreach(a, i, x) {
            if (!json_is_integer(x) || json_integer_value(x) <= 0) {
                char f[40];
                snprintf(f, sizeof f, "institution_ids[%zu]", i);
                hk_err_set(&err, HK_EINVAL, f, "%s must be the id of a financial institution", f);
                http_error(resp, &err);
                rc = -1;
                break;
            }
            ids[n++] = (int64_t)json_integer_value(x);
        }
    }
    if (rc) {
        project_free(&l.p);
        json_decref(body);
        return;
    }
    rc = store_project_submit(req->st, l.p.id, ids, n, version, req->actor.a.user_id, &err);
    transition_end(req, resp, &l, body, rc, &err);
}

/* POST /api/v1/projects/{id}/milestones/{id}/report: the milestone's
 * number from 1, as the project's view shows it. */
void api_project_milestone_report(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"status", "evidence", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, AUTH_PROJECT_EDIT, allowed);
    if (!body)
        return;
    const char *status = NULL, *evidence = NULL;
    hk_err err;
    int rc = 0, v = -1;
    json_t *ev = json_object_get(body, "evidence");
    if (!(status = http_body_string(body, "status", resp)))
        rc = -1;
    else if ((v = project_enum_parse(PENUM_MILESTONE, status)) < 0) {
        hk_err_set(&err, HK_EINVAL, "status", "status must be planned, in_progress or done");
        http_error(resp, &err);
        rc = -1;
    } else if (ev && !json_is_null(ev) && !(evidence = json_string_value(ev))) {
        hk_err_set(&err, HK_EINVAL, "evidence", "evidence must be a string");
        http_error(resp, &err);
        rc = -1;
    }
    if (rc) {
        project_free(&l.p);
        json_decref(body);
        return;
    }
    rc = store_project_milestone_report(req->st, l.p.id, (size_t)(req->ids[1] - 1), (milestone_status)v, evidence,
                                        req->actor.a.user_id, &err);
    if (rc && err.code == HK_EINVAL && !strcmp(err.field, "index")) {
        /* A milestone that does not exist is a path that does not. */
        project_free(&l.p);
        json_decref(body);
        http_not_found(resp, "milestone");
        return;
    }
    transition_end(req, resp, &l, body, rc, &err);
}

/* ---- documents ---- */

void api_project_documents(http_req *req, http_resp *resp)
{
    loaded l;
    if (load(req, resp, &l))
        return;
    if (http_authorize(req, resp, AUTH_PROJECT_READ, &l.t)) {
        project_free(&l.p);
        return;
    }
    bool confidential = auth_can(&req->actor.a, AUTH_PROJECT_CONFIDENTIAL, &l.t) == AUTH_ALLOW;
    project_document *v;
    size_t n;
    hk_err err;
    if (store_project_docs(req->st, l.p.id, &v, &n, &err)) {
        http_error(resp, &err);
    } else {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++)
            if (!v[i].confidential || confidential)
                json_array_append_new(list, http_document_json(&v[i]));
        http_json(resp, 200, json_pack("{s:o}", "documents", list));
        project_documents_free(v, n);
    }
    project_free(&l.p);
}

void api_project_document_add(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"name", "content_type", "confidential", "data", NULL};
    loaded l;
    json_t *body = transition_begin(req, resp, &l, AUTH_PROJECT_EDIT, allowed);
    if (!body)
        return;
    const char *name, *type, *data;
    hk_err err;
    unsigned char *bytes = NULL;
    size_t len = 0;
    json_t *conf = json_object_get(body, "confidential");
    if (!(name = http_body_string(body, "name", resp)) || !(type = http_body_string(body, "content_type", resp)) ||
        !(data = http_body_string(body, "data", resp)))
        goto done;
    if (conf && !json_is_boolean(conf)) {
        hk_err_set(&err, HK_EINVAL, "confidential", "confidential must be true or false");
        http_error(resp, &err);
        goto done;
    }
    if (hk_base64_decode(data, strlen(data), &bytes, &len)) {
        hk_err_set(&err, HK_EINVAL, "data", "data must be the file's bytes in base64 (RFC 4648, padded)");
        http_error(resp, &err);
        goto done;
    }
    project_document d = {.project_id = l.p.id, .name = (char *)name, .content_type = (char *)type,
                          .confidential = json_is_true(conf)};
    size_t voided = 0;
    if (store_project_doc_add(req->st, &d, bytes, len, req->actor.a.user_id, &voided, &err)) {
        http_error(resp, &err);
        goto done;
    }
    json_t *j = http_document_json(&d);
    json_object_set_new(j, "voided_signoffs", json_integer((json_int_t)voided));
    http_header(resp, "Location", "/api/v1/projects/%lld/documents/%lld", (long long)l.p.id, (long long)d.id);
    http_json(resp, 201, j);
done:
    free(bytes);
    project_free(&l.p);
    json_decref(body);
}

/* The file itself, to those allowed: a confidential one only to the
 * partners, the involved coordinators and the institutions it was
 * submitted to. Sent as an attachment, never rendered inline. */
void api_project_document_get(http_req *req, http_resp *resp)
{
    loaded l;
    if (load(req, resp, &l))
        return;
    if (http_authorize(req, resp, AUTH_PROJECT_READ, &l.t)) {
        project_free(&l.p);
        return;
    }
    project_document d;
    unsigned char *data = NULL;
    size_t len = 0;
    hk_err err;
    if (store_project_doc_get(req->st, req->ids[1], &d, &data, &len, &err)) {
        http_error(resp, &err);
    } else if (d.project_id != l.p.id) {
        http_not_found(resp, "id");
    } else if (!d.confidential || !http_authorize(req, resp, AUTH_PROJECT_CONFIDENTIAL, &l.t)) {
        const char *type = project_doc_type_name(d.content_type);
        resp->status = 200;
        resp->raw = (char *)data;
        resp->raw_len = len;
        data = NULL;
        resp->content_type = type ? type : "application/octet-stream";
        snprintf(resp->etag, sizeof resp->etag, "\"%.16s\"", d.sha256);
        resp->cache = "private, no-store";
        /* RFC 6266 / 5987: the name as UTF-8, percent-encoded. */
        char name[3 * 4 * PROJECT_DOC_NAME_MAX + 1];
        size_t o = 0;
        for (const unsigned char *p = (const unsigned char *)d.name; *p && o + 4 < sizeof name; p++) {
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
                name[o++] = (char)*p;
            else
                o += (size_t)snprintf(name + o, sizeof name - o, "%%%02X", *p);
        }
        name[o] = '\0';
        http_header(resp, "Content-Disposition", "attachment; filename*=UTF-8''%s", name);
    }
    free(data);
    project_document_free(&d);
    project_free(&l.p);
}

/* ---- submissions: decision and question thread ---- */

/* Loads submission req->ids[1] of project req->ids[0] and marks whether
 * the actor is one of its institution's financial users. */
static int load_submission(http_req *req, http_resp *resp, loaded *l, project_submission *s)
{
    memset(s, 0, sizeof *s);
    if (load(req, resp, l))
        return -1;
    hk_err err;
    if (http_authorize(req, resp, AUTH_PROJECT_READ, &l->t)) {
        project_free(&l->p);
        return -1;
    }
    if (store_project_submission_get(req->st, req->ids[1], s, &err) || s->project_id != l->p.id) {
        free(s->reason);
        project_free(&l->p);
        http_not_found(resp, "id");
        return -1;
    }
    l->t.project_rel &= ~AUTH_PRJ_INSTITUTION;
    if (req->actor.a.role == ROLE_FINANCIAL && member_of(req, s->institution_id))
        l->t.project_rel |= AUTH_PRJ_INSTITUTION;
    return 0;
}

void api_project_decision(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"status", "amount", "currency", "reason", NULL};
    loaded l;
    project_submission s;
    if (load_submission(req, resp, &l, &s))
        return;
    json_t *body = NULL;
    hk_err err;
    if (http_authorize(req, resp, AUTH_PROJECT_FINANCE, &l.t) || !(body = http_body_strict(req, resp, allowed)))
        goto done;
    const char *status = http_body_string(body, "status", resp);
    if (!status)
        goto done;
    int v = project_enum_parse(PENUM_SUBMISSION, status);
    json_t *amount = json_object_get(body, "amount"), *cur = json_object_get(body, "currency"),
           *reason = json_object_get(body, "reason");
    if (v != SUB_APPROVED && v != SUB_DECLINED) {
        hk_err_set(&err, HK_EINVAL, "status", "status must be approved or declined");
    } else if (amount && !json_is_null(amount) && !json_is_number(amount)) {
        hk_err_set(&err, HK_EINVAL, "amount", "amount must be a number");
    } else if (cur && !json_is_null(cur) && !json_is_string(cur)) {
        hk_err_set(&err, HK_EINVAL, "currency", "currency must be a string");
    } else if (reason && !json_is_null(reason) && !json_is_string(reason)) {
        hk_err_set(&err, HK_EINVAL, "reason", "reason must be a string");
    } else if (!store_project_decide(req->st, s.id, (submission_status)v, json_number_value(amount),
                                     json_string_value(cur), json_string_value(reason), req->actor.a.user_id, &err)) {
        answer(req, resp, 200, l.p.id, NULL);
        goto done;
    }
    http_error(resp, &err);
done:
    free(s.reason);
    project_free(&l.p);
    json_decref(body);
}

void api_project_questions(http_req *req, http_resp *resp)
{
    loaded l;
    project_submission s;
    if (load_submission(req, resp, &l, &s))
        return;
    if (!http_authorize(req, resp, AUTH_PROJECT_THREAD, &l.t)) {
        project_question *v;
        size_t n;
        hk_err err;
        if (store_project_questions(req->st, s.id, &v, &n, &err)) {
            http_error(resp, &err);
        } else {
            json_t *list = json_array();
            for (size_t i = 0; i < n; i++)
                json_array_append_new(list, http_question_json(&v[i]));
            http_json(resp, 200, json_pack("{s:o}", "questions", list));
            project_questions_free(v, n);
        }
    }
    free(s.reason);
    project_free(&l.p);
}

void api_project_question_add(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"body", NULL};
    loaded l;
    project_submission s;
    if (load_submission(req, resp, &l, &s))
        return;
    json_t *body = NULL;
    const char *text;
    hk_err err;
    if (!http_authorize(req, resp, AUTH_PROJECT_THREAD, &l.t) && (body = http_body_strict(req, resp, allowed)) &&
        (text = http_body_string(body, "body", resp))) {
        project_question q = {.submission_id = s.id, .author_id = req->actor.a.user_id, .body = (char *)text};
        if (store_project_question_add(req->st, &q, &err)) {
            http_error(resp, &err);
        } else {
            http_header(resp, "Location", "/api/v1/projects/%lld/submissions/%lld/questions", (long long)l.p.id,
                        (long long)s.id);
            http_json(resp, 201, http_question_json(&q));
        }
    }
    free(s.reason);
    project_free(&l.p);
    json_decref(body);
}

/* ---- project notices ---- */

void api_project_notices(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp))
        return;
    int64_t before = 0;
    long limit;
    if (http_cursor_arg(req, resp, "before", &before) ||
        http_int_arg(req, resp, "limit", 1, STORE_PAGE_MAX, PAGE_DEFAULT, &limit))
        return;
    project_notice *v;
    size_t n;
    hk_err err;
    if (store_project_notices(req->st, req->actor.a.user_id, before, (size_t)limit, &v, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, http_project_notice_json(&v[i]));
    http_page(resp, "notices", list, n, (size_t)limit, n ? v[n - 1].id : 0);
    project_notices_free(v, n);
}

void api_project_notice_read(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || http_body_empty(req, resp))
        return;
    hk_err err;
    /* Another user's notice, or none, is the same 404. */
    if (store_project_notice_read(req->st, req->ids[0], req->actor.a.user_id, &err))
        http_error(resp, &err);
    else
        resp->status = 204;
}
