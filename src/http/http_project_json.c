/*
 * http_project_json.c - joint projects in JSON for the API
 * (http_api_project.c): the project's body as a client writes it (create,
 * and the document a merge patch applies to), read strictly into a
 * project with every error naming its field ("partners[1].share"), and
 * the views the API answers (a project with its partners' names, overdue
 * milestones and the submissions the reader may see; submissions,
 * questions, documents, notices).
 */
#include "http/http_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_coord_json.h"
#include "model/model_json.h"
#include "store/store_project.h"

/* ---- reading a body ---- */

static int bad(hk_err *err, const char *field, const char *what)
{
    return hk_err_set(err, HK_EINVAL, field, "%s %s", field, what);
}

/* Refuses members of o not in allowed (NULL-ended), naming prefix.member. */
static int only(const json_t *o, const char *prefix, const char *const *allowed, hk_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(k, allowed[i]);
        if (!ok) {
            char f[96];
            snprintf(f, sizeof f, "%s%s%.40s", prefix, *prefix ? "." : "", k);
            return bad(err, f, "is not a member of this object");
        }
    }
    return 0;
}

/* A string member (NULL when absent or null and !required); *out borrowed. */
static int str(const json_t *o, const char *name, const char *prefix, bool required, const char **out, hk_err *err)
{
    char f[96];
    snprintf(f, sizeof f, "%s%s%s", prefix, *prefix ? "." : "", name);
    json_t *v = json_object_get(o, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? bad(err, f, "is required") : 0;
    if (!json_is_string(v))
        return bad(err, f, "must be a string");
    *out = json_string_value(v);
    if (strlen(*out) != json_string_length(v))
        return bad(err, f, "must not contain NUL characters");
    return 0;
}

static int num(const json_t *o, const char *name, const char *prefix, bool required, double *out, hk_err *err)
{
    char f[96];
    snprintf(f, sizeof f, "%s%s%s", prefix, *prefix ? "." : "", name);
    json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v))
        return required ? bad(err, f, "is required") : 0;
    if (!json_is_number(v))
        return bad(err, f, "must be a number");
    *out = json_number_value(v);
    return 0;
}

static int enum_of(const char *s, project_enum e, const char *field, int *out, hk_err *err)
{
    int v = project_enum_parse(e, s);
    if (v < 0)
        return bad(err, field, "is not one of the values listed in docs/api.md");
    *out = v;
    return 0;
}

static int read_texts(const json_t *a, project *p, hk_err *err)
{
    static const char *const allowed[] = {"lang", "origin", "title", "summary", NULL};
    if (!json_is_array(a))
        return bad(err, "texts", "must be an array");
    if (json_array_size(a) > PROJECT_MAX_TEXTS)
        return hk_err_set(err, HK_ETOOBIG, "texts", "texts: at most %d", PROJECT_MAX_TEXTS);
    p->texts = calloc(json_array_size(a) + 1, sizeof *p->texts);
    if (!p->texts)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    size_t i;
    json_t *t;
    json_array_foreach(a, i, t) {
        char pre[48];
        snprintf(pre, sizeof pre, "texts[%zu]", i);
        if (!json_is_object(t))
            return bad(err, pre, "must be an object");
        const char *lang, *origin, *title, *summary;
        int rc;
        if ((rc = only(t, pre, allowed, err)) || (rc = str(t, "lang", pre, true, &lang, err)) ||
            (rc = str(t, "origin", pre, false, &origin, err)) || (rc = str(t, "title", pre, true, &title, err)) ||
            (rc = str(t, "summary", pre, false, &summary, err)))
            return rc;
        int o = ORIGIN_ORIGINAL;
        if (origin && (o = model_enum_parse(ENUM_ORIGIN, origin)) < 0) {
            char f[80];
            snprintf(f, sizeof f, "%s.origin", pre);
            return bad(err, f, "must be original, human or machine");
        }
        project_text *x = &p->texts[p->n_texts++];
        x->origin = (text_origin)o;
        if (!(x->lang = strdup(lang)) || !(x->title = strdup(title)) || (summary && !(x->summary = strdup(summary))))
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    return 0;
}

static int read_partners(const json_t *a, project *p, hk_err *err)
{
    static const char *const allowed[] = {"org_id", "role", "share", "money", "currency", "in_kind", NULL};
    if (!json_is_array(a))
        return bad(err, "partners", "must be an array");
    if (json_array_size(a) > PROJECT_MAX_PARTNERS)
        return hk_err_set(err, HK_ETOOBIG, "partners", "partners: at most %d", PROJECT_MAX_PARTNERS);
    p->partners = calloc(json_array_size(a) + 1, sizeof *p->partners);
    if (!p->partners)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    size_t i;
    json_t *t;
    json_array_foreach(a, i, t) {
        char pre[48], f[64];
        snprintf(pre, sizeof pre, "partners[%zu]", i);
        if (!json_is_object(t))
            return bad(err, pre, "must be an object");
        const char *role, *currency, *in_kind;
        double share = 0, money = 0;
        int rc;
        if ((rc = only(t, pre, allowed, err)) || (rc = str(t, "role", pre, true, &role, err)) ||
            (rc = num(t, "share", pre, true, &share, err)) || (rc = num(t, "money", pre, false, &money, err)) ||
            (rc = str(t, "currency", pre, false, &currency, err)) || (rc = str(t, "in_kind", pre, false, &in_kind, err)))
            return rc;
        project_partner *x = &p->partners[p->n_partners++];
        json_t *id = json_object_get(t, "org_id");
        snprintf(f, sizeof f, "%s.org_id", pre);
        if (!json_is_integer(id) || json_integer_value(id) <= 0)
            return bad(err, f, "must be the id of an organisation");
        x->org_id = (int64_t)json_integer_value(id);
        snprintf(f, sizeof f, "%s.role", pre);
        int v = 0;
        if ((rc = enum_of(role, PENUM_ROLE, f, &v, err)))
            return rc;
        x->role = (partner_role)v;
        /* A share is a percentage with two decimals at most. */
        snprintf(f, sizeof f, "%s.share", pre);
        double bp = share * 100;
        if (!isfinite(bp) || bp < 0 || bp > PROJECT_SHARE_TOTAL || fabs(bp - round(bp)) > 1e-6)
            return bad(err, f, "must be a percentage from 0 to 100 with two decimals at most");
        x->share_bp = (int32_t)round(bp);
        x->money = money;
        snprintf(f, sizeof f, "%s.currency", pre);
        if (currency && strlen(currency) != 3)
            return bad(err, f, "must be an ISO 4217 code such as USD");
        if (currency)
            memcpy(x->currency, currency, 4);
        if (in_kind && !(x->in_kind = strdup(in_kind)))
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    return 0;
}

static int read_milestones(const json_t *a, project *p, hk_err *err)
{
    static const char *const allowed[] = {"title", "due", "status", "evidence", "overdue", "index", NULL};
    if (!json_is_array(a))
        return bad(err, "milestones", "must be an array");
    if (json_array_size(a) > PROJECT_MAX_MILESTONES)
        return hk_err_set(err, HK_ETOOBIG, "milestones", "milestones: at most %d", PROJECT_MAX_MILESTONES);
    p->milestones = calloc(json_array_size(a) + 1, sizeof *p->milestones);
    if (!p->milestones)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    size_t i;
    json_t *t;
    json_array_foreach(a, i, t) {
        char pre[48], f[64];
        snprintf(pre, sizeof pre, "milestones[%zu]", i);
        if (!json_is_object(t))
            return bad(err, pre, "must be an object");
        const char *title, *due, *status, *evidence;
        int rc;
        if ((rc = only(t, pre, allowed, err)) || (rc = str(t, "title", pre, true, &title, err)) ||
            (rc = str(t, "due", pre, true, &due, err)) || (rc = str(t, "status", pre, false, &status, err)) ||
            (rc = str(t, "evidence", pre, false, &evidence, err)))
            return rc;
        project_milestone *x = &p->milestones[p->n_milestones++];
        snprintf(f, sizeof f, "%s.due", pre);
        if (strlen(due) != 10)
            return bad(err, f, "must be a date YYYY-MM-DD");
        memcpy(x->due, due, 11);
        int v = MS_PLANNED;
        snprintf(f, sizeof f, "%s.status", pre);
        if (status && (rc = enum_of(status, PENUM_MILESTONE, f, &v, err)))
            return rc;
        x->status = (milestone_status)v;
        if (!(x->title = strdup(title)) || (evidence && !(x->evidence = strdup(evidence))))
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    return 0;
}

int http_project_from_json(const json_t *o, project *p, hk_err *err)
{
    static const char *const allowed[] = {"sector", "texts", "partners", "milestones", "budget",
                                          "currency", "interest_ids", NULL};
    memset(p, 0, sizeof *p);
    const char *sector, *currency;
    int rc, v = 0;
    if ((rc = only(o, "", allowed, err)) || (rc = str(o, "sector", "", true, &sector, err)) ||
        (rc = enum_of(sector, PENUM_SECTOR, "sector", &v, err)) ||
        (rc = num(o, "budget", "", true, &p->budget, err)) || (rc = str(o, "currency", "", true, &currency, err)))
        return rc;
    p->sector = (project_sector)v;
    if (strlen(currency) != 3)
        return bad(err, "currency", "must be an ISO 4217 code such as USD");
    memcpy(p->currency, currency, 4);
    json_t *a;
    if (!(a = json_object_get(o, "texts")))
        return bad(err, "texts", "is required");
    if ((rc = read_texts(a, p, err)))
        return rc;
    if (!(a = json_object_get(o, "partners")))
        return bad(err, "partners", "is required");
    if ((rc = read_partners(a, p, err)))
        return rc;
    if ((a = json_object_get(o, "milestones")) && !json_is_null(a) && (rc = read_milestones(a, p, err)))
        return rc;
    if ((a = json_object_get(o, "interest_ids")) && !json_is_null(a)) {
        if (!json_is_array(a))
            return bad(err, "interest_ids", "must be an array of ids");
        if (json_array_size(a) > PROJECT_MAX_INTERESTS)
            return hk_err_set(err, HK_ETOOBIG, "interest_ids", "interest_ids: at most %d", PROJECT_MAX_INTERESTS);
        p->interest_ids = calloc(json_array_size(a) + 1, sizeof *p->interest_ids);
        if (!p->interest_ids)
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        size_t i;
        json_t *x;
        json_array_foreach(a, i, x) {
            char f[48];
            snprintf(f, sizeof f, "interest_ids[%zu]", i);
            if (!json_is_integer(x) || json_integer_value(x) <= 0)
                return bad(err, f, "must be the id of an accepted expression of interest");
            p->interest_ids[p->n_interests++] = (int64_t)json_integer_value(x);
        }
    }
    return project_validate(p, err);
}

/* ---- writing ---- */

json_t *http_project_body_json(const project *p)
{
    json_t *texts = json_array(), *partners = json_array(), *ms = json_array(), *eois = json_array();
    for (size_t i = 0; i < p->n_texts; i++) {
        const project_text *t = &p->texts[i];
        json_array_append_new(texts, json_pack("{s:s, s:s, s:s, s:o}", "lang", t->lang, "origin",
                                               model_enum_name(ENUM_ORIGIN, (int)t->origin), "title", t->title,
                                               "summary", t->summary ? json_string(t->summary) : json_null()));
    }
    for (size_t i = 0; i < p->n_partners; i++) {
        const project_partner *q = &p->partners[i];
        json_array_append_new(partners,
                              json_pack("{s:I, s:s, s:f, s:f, s:o, s:o}", "org_id", (json_int_t)q->org_id, "role",
                                        project_enum_name(PENUM_ROLE, (int)q->role), "share", q->share_bp / 100.0,
                                        "money", q->money, "currency",
                                        q->currency[0] ? json_string(q->currency) : json_null(), "in_kind",
                                        q->in_kind ? json_string(q->in_kind) : json_null()));
    }
    for (size_t i = 0; i < p->n_milestones; i++) {
        const project_milestone *m = &p->milestones[i];
        json_array_append_new(ms, json_pack("{s:s, s:s, s:s, s:o}", "title", m->title, "due", m->due, "status",
                                            project_enum_name(PENUM_MILESTONE, (int)m->status), "evidence",
                                            m->evidence ? json_string(m->evidence) : json_null()));
    }
    for (size_t i = 0; i < p->n_interests; i++)
        json_array_append_new(eois, json_integer((json_int_t)p->interest_ids[i]));
    return json_pack("{s:s, s:o, s:o, s:o, s:f, s:s, s:o}", "sector", project_enum_name(PENUM_SECTOR, (int)p->sector),
                     "texts", texts, "partners", partners, "milestones", ms, "budget", p->budget, "currency",
                     p->currency, "interest_ids", eois);
}

json_t *http_submission_json(http_req *req, const project_submission *s)
{
    hk_err err;
    organisation o;
    json_t *name = json_null();
    if (store_org_get(req->st, s->institution_id, &o, &err) == 0) {
        json_decref(name);
        name = json_string(http_org_name(&o));
        organisation_free(&o);
    }
    return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)s->id, "institution_id",
                     (json_int_t)s->institution_id, "institution_name", name, "status",
                     project_enum_name(PENUM_SUBMISSION, (int)s->status), "amount",
                     s->status == SUB_APPROVED ? json_real(s->amount) : json_null(), "currency",
                     s->currency[0] ? json_string(s->currency) : json_null(), "reason",
                     s->reason ? json_string(s->reason) : json_null(), "submitted_at", http_time_json(s->submitted_at),
                     "decided_at", http_time_json(s->decided_at));
}

/* What the project serves in the coordination mechanism (migration 10):
 * the measures of the Action Plan and the initiatives that name it, each
 * with enough to link and label it. The plan is public
 * (coordination.read), so whoever may read the project may read these. A
 * record that cannot be read is left out rather than failing the view. */
static json_t *served_json(http_req *req, int64_t project_id)
{
    int64_t *ms = NULL, *is = NULL;
    size_t nm = 0, ni = 0;
    hk_err err;
    json_t *measures = json_array(), *inits = json_array();
    if (store_project_served(req->st, project_id, &ms, &nm, &is, &ni, &err) == 0) {
        for (size_t i = 0; i < nm; i++) {
            measure m;
            if (store_measure_get(req->st, ms[i], &m, &err))
                continue;
            json_array_append_new(measures,
                                  json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)m.id, "code", m.code, "status",
                                            coord_enum_name(CENUM_MEASURE_STATUS, (int)m.status), "texts",
                                            coord_texts_to_json(m.texts, m.n_texts)));
            measure_free(&m);
        }
        for (size_t i = 0; i < ni; i++) {
            initiative in;
            if (store_initiative_get(req->st, is[i], &in, &err))
                continue;
            json_array_append_new(inits, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)in.id, "proposer",
                                                   in.proposer, "status",
                                                   coord_enum_name(CENUM_INITIATIVE_STATUS, (int)in.status), "texts",
                                                   coord_texts_to_json(in.texts, in.n_texts)));
            initiative_free(&in);
        }
    }
    free(ms);
    free(is);
    return json_pack("{s:o, s:o}", "measures", measures, "initiatives", inits);
}

json_t *http_project_view(http_req *req, const project *p, const project_relation *rel)
{
    json_t *j = http_project_body_json(p);
    if (!j)
        return NULL;
    hk_err err;
    /* Overdue is judged against today's UTC date. */
    char iso[21], today[11];
    model_format_time((int64_t)time(NULL), iso);
    memcpy(today, iso, 10);
    today[10] = '\0';
    /* Partners: names, states and whether each has signed. */
    json_t *partners = json_object_get(j, "partners");
    for (size_t i = 0; i < p->n_partners; i++) {
        json_t *x = json_array_get(partners, i);
        organisation o;
        json_t *name = json_null();
        if (store_org_get(req->st, p->partners[i].org_id, &o, &err) == 0) {
            json_decref(name);
            name = json_string(http_org_name(&o));
            organisation_free(&o);
        }
        bool signed_off = false;
        for (size_t k = 0; k < p->n_signoffs; k++)
            signed_off |= p->signoffs[k].org_id == p->partners[i].org_id;
        json_object_set_new(x, "org_name", name);
        json_object_set_new(x, "country", json_string(p->partners[i].country));
        json_object_set_new(x, "signed_off", json_boolean(signed_off));
    }
    json_t *ms = json_object_get(j, "milestones");
    for (size_t i = 0; i < p->n_milestones; i++) {
        json_t *x = json_array_get(ms, i);
        json_object_set_new(x, "index", json_integer((json_int_t)i + 1));
        json_object_set_new(x, "overdue", json_boolean(project_milestone_overdue(&p->milestones[i], today)));
    }
    json_t *signoffs = json_array(), *endorsements = json_array(), *countries = json_array();
    for (size_t i = 0; i < p->n_signoffs; i++)
        json_array_append_new(signoffs, json_pack("{s:I, s:I, s:o, s:I}", "org_id", (json_int_t)p->signoffs[i].org_id,
                                                  "user_id", (json_int_t)p->signoffs[i].user_id, "at",
                                                  http_time_json(p->signoffs[i].at), "content_version",
                                                  (json_int_t)p->signoffs[i].content_version));
    for (size_t i = 0; i < p->n_endorsements; i++)
        json_array_append_new(endorsements, json_pack("{s:s, s:I, s:o}", "country", p->endorsements[i].country,
                                                      "user_id", (json_int_t)p->endorsements[i].user_id, "at",
                                                      http_time_json(p->endorsements[i].at)));
    for (size_t i = 0; i < p->n_countries; i++)
        json_array_append_new(countries, json_string(p->countries[i]));
    /* Submissions: all of them for the partners, coordinators and the
     * secretariat; an institution sees its own only. */
    json_t *subs = json_array();
    project_submission *v = NULL;
    size_t n = 0;
    if (store_project_submissions(req->st, p->id, &v, &n, &err) == 0) {
        bool all = rel->partner_member || rel->coordinator || rel->secretariat;
        for (size_t i = 0; i < n; i++) {
            bool mine = false;
            for (size_t k = 0; k < req->actor.a.n_memberships; k++)
                mine |= req->actor.a.memberships[k].org_id == v[i].institution_id;
            if (all || (mine && rel->financial))
                json_array_append_new(subs, http_submission_json(req, &v[i]));
        }
        project_submissions_free(v, n);
    }
    json_object_set_new(j, "id", json_integer((json_int_t)p->id));
    json_object_set_new(j, "state", json_string(project_enum_name(PENUM_STATE, (int)p->state)));
    json_object_set_new(j, "state_reason", p->state_reason ? json_string(p->state_reason) : json_null());
    json_object_set_new(j, "version", json_integer((json_int_t)p->version));
    json_object_set_new(j, "content_version", json_integer((json_int_t)p->content_version));
    json_object_set_new(j, "created_by", json_integer((json_int_t)p->created_by));
    json_object_set_new(j, "created_at", http_time_json(p->created_at));
    json_object_set_new(j, "updated_at", http_time_json(p->updated_at));
    json_object_set_new(j, "state_at", http_time_json(p->state_at));
    json_object_set_new(j, "signoffs", signoffs);
    json_object_set_new(j, "endorsements", endorsements);
    json_object_set_new(j, "countries", countries);
    json_object_set_new(j, "submissions", subs);
    json_object_set_new(j, "serves", served_json(req, p->id));
    json_object_set_new(j, "relation", json_pack("{s:b, s:b, s:b, s:b, s:b}", "partner", rel->partner_member,
                                                 "partner_admin", rel->partner_admin, "lead_admin", rel->lead_admin,
                                                 "coordinator", rel->coordinator, "institution", rel->institution));
    return j;
}

json_t *http_document_json(const project_document *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:b, s:s, s:I, s:o}", "id", (json_int_t)d->id, "project_id",
                     (json_int_t)d->project_id, "name", d->name, "content_type", d->content_type, "size",
                     (json_int_t)d->size, "confidential", d->confidential, "sha256", d->sha256, "uploaded_by",
                     (json_int_t)d->uploaded_by, "uploaded_at", http_time_json(d->uploaded_at));
}

json_t *http_question_json(const project_question *q)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:o}", "id", (json_int_t)q->id, "submission_id",
                     (json_int_t)q->submission_id, "author_id", (json_int_t)q->author_id, "body", q->body,
                     "created_at", http_time_json(q->created_at));
}

json_t *http_project_notice_json(const project_notice *n)
{
    json_error_t e;
    json_t *payload = json_loads(n->payload ? n->payload : "{}", 0, &e);
    return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)n->id, "project_id",
                     (json_int_t)n->project_id, "kind", n->kind, "payload", payload ? payload : json_object(),
                     "created_at", http_time_json(n->created_at), "read_at", http_time_json(n->read_at));
}
