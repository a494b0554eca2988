/*
 * store_project.c - the joint project record (BRIEF 4.7): its enums,
 * validation, reading, creation and the co-edited content of a draft,
 * the link to the accepted interests it grew from (both ways), who an
 * actor is to a project, and the project notices list. The state machine
 * is in store_project_flow.c, financing and documents in
 * store_project_fin.c and store_project_doc.c; SQL in sql_project.def.
 *
 * A content change is one UPDATE ... WHERE version = ? AND state IN
 * (draft, signed_off), so a lost update or an edit racing a transition is
 * refused by the database, not by a check before it; on PostgreSQL every
 * writer of a project also holds its row lock (PRJ_LOCK), so a sign-off
 * and an edit take turns.
 */
#include "store/store_project_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- enums ---- */

static const char *const state_names[PRJ__COUNT] = {"draft", "signed_off", "endorsed", "submitted",
                                                    "implementation", "completed", "cancelled"};
static const char *const sector_names[SECTOR__COUNT] = {"finance", "investment", "industry", "transport",
                                                        "energy", "agriculture", "other"};
static const char *const role_names[PROLE__COUNT] = {"lead", "coproducer", "supplier", "research", "financier"};
static const char *const ms_names[MS__COUNT] = {"planned", "in_progress", "done"};
static const char *const sub_names[SUB__COUNT] = {"pending", "approved", "declined"};

static const char *const *enum_table(project_enum e, int *n)
{
    switch (e) {
    case PENUM_STATE: *n = PRJ__COUNT; return state_names;
    case PENUM_SECTOR: *n = SECTOR__COUNT; return sector_names;
    case PENUM_ROLE: *n = PROLE__COUNT; return role_names;
    case PENUM_MILESTONE: *n = MS__COUNT; return ms_names;
    case PENUM_SUBMISSION: *n = SUB__COUNT; return sub_names;
    }
    *n = 0;
    return NULL;
}

const char *project_enum_name(project_enum e, int v)
{
    int n;
    const char *const *t = enum_table(e, &n);
    return t && v >= 0 && v < n ? t[v] : NULL;
}

int project_enum_parse(project_enum e, const char *name)
{
    int n;
    const char *const *t = enum_table(e, &n);
    for (int i = 0; name && t && i < n; i++)
        if (strcmp(t[i], name) == 0)
            return i;
    return -1;
}

/* ---- lifetime ---- */

void project_free(project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_texts; i++) {
        free(p->texts[i].lang);
        free(p->texts[i].title);
        free(p->texts[i].summary);
    }
    free(p->texts);
    for (size_t i = 0; i < p->n_partners; i++)
        free(p->partners[i].in_kind);
    free(p->partners);
    for (size_t i = 0; i < p->n_milestones; i++) {
        free(p->milestones[i].title);
        free(p->milestones[i].evidence);
    }
    free(p->milestones);
    free(p->interest_ids);
    free(p->state_reason);
    free(p->signoffs);
    free(p->endorsements);
    free(p->countries);
    memset(p, 0, sizeof *p);
}

void projects_free(project *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        project_free(&v[i]);
    free(v);
}

bool project_milestone_overdue(const project_milestone *m, const char *today)
{
    return m->status != MS_DONE && today && strcmp(m->due, today) < 0;
}

/* ---- validation ---- */

static bool is_currency(const char *c)
{
    return strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' &&
           c[2] <= 'Z';
}

static int check_amount(const char *field, double v, hk_err *err)
{
    if (!isfinite(v) || v < 0 || v > PROJECT_AMOUNT_MAX)
        return hk_err_set(err, HK_EINVAL, field, "%s must be a number from 0 to 10000000000000", field);
    return 0;
}

static int check_texts(const project *p, hk_err *err)
{
    char f[64];
    if (p->n_texts == 0)
        return hk_err_set(err, HK_EINVAL, "texts", "texts: a project needs a title in at least one language");
    if (p->n_texts > PROJECT_MAX_TEXTS)
        return hk_err_set(err, HK_ETOOBIG, "texts", "texts: at most %d languages", PROJECT_MAX_TEXTS);
    size_t originals = 0;
    for (size_t i = 0; i < p->n_texts; i++) {
        const project_text *t = &p->texts[i];
        int rc;
        snprintf(f, sizeof f, "texts[%zu].lang", i);
        if (!t->lang || !model_is_bcp47(t->lang))
            return hk_err_set(err, HK_EINVAL, f, "%s must be a BCP 47 language tag such as ru or zh-Hans", f);
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->texts[j].lang, t->lang) == 0)
                return hk_err_set(err, HK_EINVAL, f, "%s: %s is given twice", f, t->lang);
        snprintf(f, sizeof f, "texts[%zu].origin", i);
        if ((unsigned)t->origin >= ORIGIN__COUNT)
            return hk_err_set(err, HK_EINVAL, f, "%s must be original, human or machine", f);
        originals += t->origin == ORIGIN_ORIGINAL;
        snprintf(f, sizeof f, "texts[%zu].title", i);
        if ((rc = model_check_text(f, t->title, PROJECT_TITLE_MAX, true, err)))
            return rc;
        snprintf(f, sizeof f, "texts[%zu].summary", i);
        if ((rc = model_check_text(f, t->summary, PROJECT_SUMMARY_MAX, false, err)))
            return rc;
    }
    if (originals != 1)
        return hk_err_set(err, HK_EINVAL, "texts", "texts: exactly one text is the original (origin \"original\"); "
                                                   "the others are human or machine translations");
    return 0;
}

static int check_partners(const project *p, hk_err *err)
{
    char f[64];
    if (p->n_partners == 0)
        return hk_err_set(err, HK_EINVAL, "partners", "partners: a project has at least one partner");
    if (p->n_partners > PROJECT_MAX_PARTNERS)
        return hk_err_set(err, HK_ETOOBIG, "partners", "partners: at most %d", PROJECT_MAX_PARTNERS);
    for (size_t i = 0; i < p->n_partners; i++) {
        const project_partner *q = &p->partners[i];
        int rc;
        snprintf(f, sizeof f, "partners[%zu].org_id", i);
        if (q->org_id <= 0)
            return hk_err_set(err, HK_EINVAL, f, "%s must be an organisation id", f);
        for (size_t j = 0; j < i; j++)
            if (p->partners[j].org_id == q->org_id)
                return hk_err_set(err, HK_EINVAL, f, "%s: organisation %lld is a partner once", f,
                                  (long long)q->org_id);
        snprintf(f, sizeof f, "partners[%zu].role", i);
        if ((unsigned)q->role >= PROLE__COUNT)
            return hk_err_set(err, HK_EINVAL, f, "%s must be lead, coproducer, supplier, research or financier", f);
        snprintf(f, sizeof f, "partners[%zu].share", i);
        if (q->share_bp < 0 || q->share_bp > PROJECT_SHARE_TOTAL)
            return hk_err_set(err, HK_EINVAL, f, "%s must be a percentage from 0 to 100 (two decimals at most)", f);
        snprintf(f, sizeof f, "partners[%zu].money", i);
        if ((rc = check_amount(f, q->money, err)))
            return rc;
        snprintf(f, sizeof f, "partners[%zu].currency", i);
        if ((q->money > 0 || q->currency[0]) && !is_currency(q->currency))
            return hk_err_set(err, HK_EINVAL, f, "%s must be an ISO 4217 code such as USD, CNY or RUB", f);
        snprintf(f, sizeof f, "partners[%zu].in_kind", i);
        if ((rc = model_check_text(f, q->in_kind, PROJECT_NOTE_MAX, false, err)))
            return rc;
    }
    return 0;
}

static int check_milestones(const project *p, hk_err *err)
{
    char f[64];
    if (p->n_milestones > PROJECT_MAX_MILESTONES)
        return hk_err_set(err, HK_ETOOBIG, "milestones", "milestones: at most %d", PROJECT_MAX_MILESTONES);
    for (size_t i = 0; i < p->n_milestones; i++) {
        const project_milestone *m = &p->milestones[i];
        int rc;
        snprintf(f, sizeof f, "milestones[%zu].title", i);
        if ((rc = model_check_text(f, m->title, PROJECT_TITLE_MAX, true, err)))
            return rc;
        snprintf(f, sizeof f, "milestones[%zu].due", i);
        if (!model_is_date(m->due))
            return hk_err_set(err, HK_EINVAL, f, "%s must be a date YYYY-MM-DD", f);
        snprintf(f, sizeof f, "milestones[%zu].status", i);
        if ((unsigned)m->status >= MS__COUNT)
            return hk_err_set(err, HK_EINVAL, f, "%s must be planned, in_progress or done", f);
        snprintf(f, sizeof f, "milestones[%zu].evidence", i);
        if ((rc = model_check_text(f, m->evidence, PROJECT_NOTE_MAX, false, err)))
            return rc;
    }
    return 0;
}

int project_validate(const project *p, hk_err *err)
{
    int rc;
    if ((unsigned)p->sector >= SECTOR__COUNT)
        return hk_err_set(err, HK_EINVAL, "sector",
                          "sector must be finance, investment, industry, transport, energy, agriculture or other");
    if ((rc = check_texts(p, err)) || (rc = check_partners(p, err)) || (rc = check_milestones(p, err)) ||
        (rc = check_amount("budget", p->budget, err)))
        return rc;
    if (!is_currency(p->currency))
        return hk_err_set(err, HK_EINVAL, "currency", "currency must be an ISO 4217 code such as USD, CNY or RUB");
    if (p->n_interests > PROJECT_MAX_INTERESTS)
        return hk_err_set(err, HK_ETOOBIG, "interest_ids", "interest_ids: at most %d", PROJECT_MAX_INTERESTS);
    for (size_t i = 0; i < p->n_interests; i++) {
        char f[64];
        snprintf(f, sizeof f, "interest_ids[%zu]", i);
        if (p->interest_ids[i] <= 0)
            return hk_err_set(err, HK_EINVAL, f, "%s must be the id of an expression of interest", f);
        for (size_t j = 0; j < i; j++)
            if (p->interest_ids[j] == p->interest_ids[i])
                return hk_err_set(err, HK_EINVAL, f, "%s: interest %lld is linked once", f,
                                  (long long)p->interest_ids[i]);
    }
    return 0;
}

/* ---- reading ---- */

static int head_row(const store_row *r, void *ctx)
{
    project *p = ctx;
    p->id = row_int(r, 0);
    int v = project_enum_parse(PENUM_SECTOR, row_text(r, 1));
    p->sector = v < 0 ? SECTOR_OTHER : (project_sector)v;
    v = project_enum_parse(PENUM_STATE, row_text(r, 2));
    p->state = v < 0 ? PRJ_CANCELLED : (project_state)v;
    p->budget = row_double(r, 3);
    row_fixed(r, 4, p->currency, sizeof p->currency);
    p->created_by = row_int(r, 6);
    p->created_at = row_time(r, 7);
    p->updated_at = row_time(r, 8);
    p->state_at = row_time(r, 9);
    p->version = row_int(r, 10);
    p->content_version = row_int(r, 11);
    return row_dup(r, 5, &p->state_reason) ? -1 : 1;
}

typedef struct read_ctx {
    project *p;
    bool oom;
} read_ctx;

static int text_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    project_text *t = store__grow(p->texts, p->n_texts, sizeof *t);
    if (!t)
        return c->oom = true;
    p->texts = t;
    t = &t[p->n_texts++];
    int v = model_enum_parse(ENUM_ORIGIN, row_text(r, 1));
    t->origin = v < 0 ? ORIGIN_MACHINE : (text_origin)v;
    if (row_dup(r, 0, &t->lang) || row_dup(r, 2, &t->title) || row_dup(r, 3, &t->summary))
        return c->oom = true;
    return 0;
}

static int partner_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    project_partner *q = store__grow(p->partners, p->n_partners, sizeof *q);
    if (!q)
        return c->oom = true;
    p->partners = q;
    q = &q[p->n_partners++];
    q->org_id = row_int(r, 0);
    int v = project_enum_parse(PENUM_ROLE, row_text(r, 1));
    q->role = v < 0 ? PROLE_COPRODUCER : (partner_role)v;
    q->share_bp = (int32_t)row_int(r, 2);
    q->money = row_double(r, 3);
    row_fixed(r, 4, q->currency, sizeof q->currency);
    row_fixed(r, 6, q->country, sizeof q->country);
    if (row_dup(r, 5, &q->in_kind))
        return c->oom = true;
    return 0;
}

static int milestone_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    project_milestone *m = store__grow(p->milestones, p->n_milestones, sizeof *m);
    if (!m)
        return c->oom = true;
    p->milestones = m;
    m = &m[p->n_milestones++];
    row_fixed(r, 1, m->due, sizeof m->due);
    int v = project_enum_parse(PENUM_MILESTONE, row_text(r, 2));
    m->status = v < 0 ? MS_PLANNED : (milestone_status)v;
    if (row_dup(r, 0, &m->title) || row_dup(r, 3, &m->evidence))
        return c->oom = true;
    return 0;
}

static int eoi_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    int64_t *v = store__grow(p->interest_ids, p->n_interests, sizeof *v);
    if (!v)
        return c->oom = true;
    p->interest_ids = v;
    v[p->n_interests++] = row_int(r, 0);
    return 0;
}

static int signoff_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    project_signoff *s = store__grow(p->signoffs, p->n_signoffs, sizeof *s);
    if (!s)
        return c->oom = true;
    p->signoffs = s;
    s[p->n_signoffs++] = (project_signoff){row_int(r, 0), row_int(r, 1), row_time(r, 2), row_int(r, 3)};
    return 0;
}

static int endorsement_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    project_endorsement *e = store__grow(p->endorsements, p->n_endorsements, sizeof *e);
    if (!e)
        return c->oom = true;
    p->endorsements = e;
    e = &e[p->n_endorsements++];
    row_fixed(r, 0, e->country, sizeof e->country);
    e->user_id = row_int(r, 1);
    e->at = row_time(r, 2);
    return 0;
}

static int country_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    project *p = c->p;
    char(*v)[3] = store__grow(p->countries, p->n_countries, sizeof *v);
    if (!v)
        return c->oom = true;
    p->countries = v;
    row_fixed(r, 0, v[p->n_countries++], 3);
    return 0;
}

int store_project_get(hk_store *st, int64_t id, project *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_PRJ_GET, ARGS(sv_int(id)), head_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "project %lld does not exist", (long long)id);
    static const struct {
        store_sq sq;
        store_row_fn fn;
    } parts[] = {{SQ_PRJ_TEXTS, text_row},         {SQ_PRJ_PARTNERS, partner_row},
                 {SQ_PRJ_MILESTONES, milestone_row}, {SQ_PRJ_EOIS, eoi_row},
                 {SQ_PRJ_SIGNOFFS, signoff_row},     {SQ_PRJ_ENDORSEMENTS, endorsement_row},
                 {SQ_PRJ_COUNTRIES, country_row}};
    read_ctx c = {out, false};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && rc >= 0 && !c.oom; i++)
        rc = store__q(st, parts[i].sq, ARGS(sv_int(id)), parts[i].fn, &c, err);
    if (rc >= 0 && c.oom)
        rc = store__oom(err);
    if (rc < 0) {
        project_free(out);
        return rc;
    }
    return 0;
}

/* ---- relations ---- */

static int rel_partner_row(const store_row *r, void *ctx)
{
    project_relation *rel = ctx;
    bool admin = row_bool(r, 1);
    rel->partner_member = true;
    rel->partner_admin |= admin;
    const char *role = row_text(r, 0);
    if (admin && role && strcmp(role, "lead") == 0)
        rel->lead_admin = true;
    return 0;
}

typedef struct user_role_ctx {
    char role[16];
    char country[3];
} user_role_ctx;

static int user_role_row(const store_row *r, void *ctx)
{
    user_role_ctx *u = ctx;
    row_fixed(r, 0, u->role, sizeof u->role);
    row_fixed(r, 1, u->country, sizeof u->country);
    return 1;
}

static int country_match_row(const store_row *r, void *ctx)
{
    user_role_ctx *u = ctx;
    const char *c = row_text(r, 0);
    if (c && strcmp(c, u->country) == 0) {
        u->role[0] = '!'; /* found */
        return 1;
    }
    return 0;
}

int prj__relation(hk_store *st, int64_t id, int64_t user_id, project_relation *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    if (user_id <= 0)
        return 0;
    user_role_ctx u = {{0}, {0}};
    int rc = store__q(st, SQ_PRJ_USER_ROLE, ARGS(sv_int(user_id)), user_role_row, &u, err);
    if (rc <= 0)
        return rc;
    if ((rc = store__q(st, SQ_PRJ_REL_PARTNER, ARGS(sv_int(id), sv_int(user_id)), rel_partner_row, out, err)) < 0)
        return rc;
    out->financial = strcmp(u.role, "financial") == 0;
    out->secretariat = strcmp(u.role, "secretariat") == 0;
    if (out->financial) {
        if ((rc = store__q(st, SQ_PRJ_REL_INSTITUTION, ARGS(sv_int(id), sv_int(user_id)), NULL, NULL, err)) < 0)
            return rc;
        out->institution = rc > 0;
    }
    if (strcmp(u.role, "coordinator") == 0 && u.country[0]) {
        if ((rc = store__q(st, SQ_PRJ_COUNTRIES, ARGS(sv_int(id)), country_match_row, &u, err)) < 0)
            return rc;
        out->coordinator = u.role[0] == '!';
    }
    return 0;
}

int store_project_relation(hk_store *st, int64_t project_id, int64_t user_id, project_relation *out, hk_err *err)
{
    return prj__relation(st, project_id, user_id, out, err);
}

bool project_visible(const project_relation *r, project_state s)
{
    if (r->partner_member || r->institution)
        return true;
    if (s == PRJ_DRAFT)
        return false;
    if (r->coordinator || r->secretariat)
        return true;
    /* The pipeline: what seeks financing or was financed. */
    return r->financial && (s == PRJ_ENDORSED || s == PRJ_SUBMITTED || s == PRJ_IMPLEMENTATION || s == PRJ_COMPLETED);
}

bool project_confidential_visible(const project_relation *r)
{
    return r->partner_member || r->coordinator || r->institution;
}

/* ---- shared write helpers ---- */

static int head_lock_row(const store_row *r, void *ctx)
{
    prj_head *h = ctx;
    int v = project_enum_parse(PENUM_STATE, row_text(r, 2));
    h->state = v < 0 ? PRJ_CANCELLED : (project_state)v;
    h->version = row_int(r, 10);
    h->content_version = row_int(r, 11);
    return 1;
}

int prj__lock(hk_store *st, int64_t id, prj_head *out, hk_err *err)
{
    int rc = store__do(st, SQ_PRJ_LOCK, ARGS(sv_int(id)), err);
    if (!rc)
        rc = store__q(st, SQ_PRJ_GET, ARGS(sv_int(id)), head_lock_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "project %lld does not exist", (long long)id);
    return 0;
}

int prj__state_refused(hk_err *err, project_state was, const char *rule)
{
    return hk_err_set(err, HK_ECONFLICT, "state", "the project is %s: %s", project_enum_name(PENUM_STATE, (int)was),
                      rule);
}

int prj__void(hk_store *st, int64_t id, size_t *n, hk_err *err)
{
    int64_t count = 0;
    int rc = store__int(st, SQ_PRJ_SIGNOFFS_COUNT, ARGS(sv_int(id)), &count, err);
    if (rc >= 0)
        rc = store__do(st, SQ_PRJ_SIGNOFFS_DEL, ARGS(sv_int(id)), err);
    if (!rc)
        rc = store__do(st, SQ_PRJ_ENDORSE_DEL, ARGS(sv_int(id)), err);
    if (n)
        *n = rc ? 0 : (size_t)count;
    return rc;
}

static int membership_row(const store_row *r, void *ctx)
{
    *(bool *)ctx = row_bool(r, 0);
    return 1;
}

int prj__membership(hk_store *st, int64_t user_id, int64_t org_id, bool *member, bool *admin, hk_err *err)
{
    *admin = false;
    int rc = store__q(st, SQ_PRJ_MEMBERSHIP, ARGS(sv_int(user_id), sv_int(org_id)), membership_row, admin, err);
    *member = rc > 0;
    return rc < 0 ? rc : 0;
}

/* ---- notices ---- */

typedef struct id_set {
    int64_t *v;
    size_t n, cap;
    bool oom;
} id_set;

static int id_set_row(const store_row *r, void *ctx)
{
    id_set *s = ctx;
    int64_t id = row_int(r, 0);
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == id)
            return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *p = realloc(s->v, cap * sizeof *p);
        if (!p)
            return s->oom = true;
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n++] = id;
    return 0;
}

int prj__tell(hk_store *st, int64_t id, unsigned who, int64_t institution, const char *kind, const char *payload,
              int64_t actor, hk_err *err)
{
    id_set s = {0};
    int rc = 0;
    static const struct {
        unsigned bit;
        const char *set;
    } partner_sets[] = {
        {TELL_MEMBERS, "members"}, {TELL_ADMINS, "admins"}, {TELL_UNSIGNED, "unsigned"}, {TELL_LEAD, "lead"}};
    for (size_t i = 0; i < sizeof partner_sets / sizeof partner_sets[0] && rc >= 0; i++)
        if (who & partner_sets[i].bit)
            rc = store__q(st, SQ_PRJ_TELL_PARTNERS, ARGS(sv_int(id), sv_text(partner_sets[i].set)), id_set_row, &s,
                          err);
    if (rc >= 0 && (who & (TELL_COORDS | TELL_COORDS_OPEN)))
        rc = store__q(st, SQ_PRJ_TELL_COORDS, ARGS(sv_int(id), sv_bool(!(who & TELL_COORDS))), id_set_row, &s, err);
    if (rc >= 0 && (who & TELL_INSTITUTIONS))
        rc = store__q(st, SQ_PRJ_TELL_INSTITUTIONS, ARGS(sv_int(id), sv_int(institution)), id_set_row, &s, err);
    if (rc >= 0 && s.oom)
        rc = store__oom(err);
    int64_t now = store__now();
    for (size_t i = 0; rc >= 0 && i < s.n; i++)
        if (s.v[i] != actor)
            rc = store__do(st, SQ_PRJ_NOTICE_ADD,
                           ARGS(sv_int(s.v[i]), sv_int(id), sv_text(kind), sv_text(payload), sv_time(now)), err);
    free(s.v);
    return rc < 0 ? rc : 0;
}

static int notice_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    project_notice *n = rec;
    n->id = row_int(r, 0);
    n->user_id = row_int(r, 1);
    n->project_id = row_int(r, 2);
    n->created_at = row_time(r, 5);
    n->read_at = row_time(r, 6);
    return row_dup(r, 3, &n->kind) || row_dup(r, 4, &n->payload);
}

void project_notices_free(project_notice *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].kind);
        free(v[i].payload);
    }
    free(v);
}

int store_project_notices(hk_store *st, int64_t user_id, int64_t before_id, size_t limit, project_notice **out,
                          size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > STORE_PAGE_MAX)
        return hk_err_set(err, HK_EINVAL, "limit", "limit must be from 1 to %d", STORE_PAGE_MAX);
    store_list l = {.size = sizeof(project_notice), .read = notice_row};
    int rc = store__q_list(st, SQ_PRJ_NOTICES_OF, ARGS(sv_int(user_id), sv_int(before_id), sv_int((int64_t)limit)),
                           &l, err);
    if (rc) {
        project_notices_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

int store_project_notice_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err)
{
    int rc = store__do(st, SQ_PRJ_NOTICE_READ, ARGS(sv_int(id), sv_int(user_id), sv_time(store__now())), err);
    if (rc)
        return rc;
    if (st->changed == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "notice %lld does not exist", (long long)id);
    return 0;
}

/* ---- creating and changing the content ---- */

typedef struct org_info {
    char type[32];
    char country[3];
} org_info;

static int org_info_row(const store_row *r, void *ctx)
{
    org_info *o = ctx;
    row_fixed(r, 0, o->type, sizeof o->type);
    row_fixed(r, 1, o->country, sizeof o->country);
    return 1;
}

/* Every partner organisation exists; the actor is a member of one of
 * them. (Organisations have no unpublished state in hamkor: one in the
 * store is in the public directory.) */
static int check_partner_orgs(hk_store *st, const project *p, int64_t actor, hk_err *err)
{
    bool member = false;
    for (size_t i = 0; i < p->n_partners; i++) {
        org_info o = {{0}, {0}};
        int rc = store__q(st, SQ_PRJ_ORG_INFO, ARGS(sv_int(p->partners[i].org_id)), org_info_row, &o, err);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            char f[64];
            snprintf(f, sizeof f, "partners[%zu].org_id", i);
            return hk_err_set(err, HK_EINVAL, f, "%s: organisation %lld does not exist", f,
                              (long long)p->partners[i].org_id);
        }
        if (!member) {
            rc = store__q(st, SQ_PRJ_MEMBERSHIP, ARGS(sv_int(actor), sv_int(p->partners[i].org_id)), NULL, NULL, err);
            if (rc < 0)
                return rc;
            member = rc > 0;
        }
    }
    if (!member)
        return hk_err_set(err, HK_EFORBIDDEN, "partners",
                          "partners: you must be a member of one of the project's partner organisations");
    return 0;
}

typedef struct eoi_info {
    char status[16];
    int64_t from_org, listing_org;
} eoi_info;

static int eoi_info_row(const store_row *r, void *ctx)
{
    eoi_info *e = ctx;
    row_fixed(r, 0, e->status, sizeof e->status);
    e->from_org = row_int(r, 1);
    e->listing_org = row_int(r, 2);
    return 1;
}

static bool in_list(const int64_t *v, size_t n, int64_t x)
{
    for (size_t i = 0; v && i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

/* Each newly linked interest exists, is accepted, and the actor is a
 * member of one of its two organisations (nobody links other people's
 * conversations). Links already there (old[0..n_old)) stay as they are. */
static int check_interests(hk_store *st, const project *p, const int64_t *old, size_t n_old, int64_t actor,
                           hk_err *err)
{
    for (size_t i = 0; i < p->n_interests; i++) {
        if (in_list(old, n_old, p->interest_ids[i]))
            continue;
        char f[64];
        snprintf(f, sizeof f, "interest_ids[%zu]", i);
        eoi_info e = {{0}, 0, 0};
        int rc = store__q(st, SQ_PRJ_EOI_INFO, ARGS(sv_int(p->interest_ids[i])), eoi_info_row, &e, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return hk_err_set(err, HK_EINVAL, f, "%s: expression of interest %lld does not exist", f,
                              (long long)p->interest_ids[i]);
        if (strcmp(e.status, "accepted") != 0)
            return hk_err_set(err, HK_ECONFLICT, f,
                              "%s: a project grows from an accepted expression of interest; %lld is %s", f,
                              (long long)p->interest_ids[i], e.status);
        int a = store__q(st, SQ_PRJ_MEMBERSHIP, ARGS(sv_int(actor), sv_int(e.from_org)), NULL, NULL, err);
        int b = a < 0 ? a : store__q(st, SQ_PRJ_MEMBERSHIP, ARGS(sv_int(actor), sv_int(e.listing_org)), NULL, NULL, err);
        if (b < 0)
            return b;
        if (a == 0 && b == 0)
            return hk_err_set(err, HK_EFORBIDDEN, f,
                              "%s: you may link only expressions of interest your organisation sent or received", f);
    }
    return 0;
}

static int write_children(hk_store *st, const project *p, int64_t id, hk_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < p->n_texts; i++) {
        const project_text *t = &p->texts[i];
        rc = store__do(st, SQ_PRJ_TEXT_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)i), sv_text(t->lang),
                            sv_text(model_enum_name(ENUM_ORIGIN, (int)t->origin)), sv_text(t->title),
                            sv_opt(t->summary)),
                       err);
    }
    for (size_t i = 0; !rc && i < p->n_partners; i++) {
        const project_partner *q = &p->partners[i];
        rc = store__do(st, SQ_PRJ_PARTNER_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)i), sv_int(q->org_id),
                            sv_text(project_enum_name(PENUM_ROLE, (int)q->role)), sv_int(q->share_bp),
                            sv_double(q->money), sv_opt(q->currency), sv_opt(q->in_kind)),
                       err);
    }
    for (size_t i = 0; !rc && i < p->n_milestones; i++) {
        const project_milestone *m = &p->milestones[i];
        rc = store__do(st, SQ_PRJ_MS_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)i), sv_text(m->title), sv_text(m->due),
                            sv_text(project_enum_name(PENUM_MILESTONE, (int)m->status)), sv_opt(m->evidence)),
                       err);
    }
    for (size_t i = 0; !rc && i < p->n_interests; i++)
        rc = store__do(st, SQ_PRJ_EOI_ADD, ARGS(sv_int(id), sv_int(p->interest_ids[i])), err);
    return rc;
}

int store_project_create(hk_store *st, project *p, int64_t actor_id, hk_err *err)
{
    int rc = project_validate(p, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    if (!(rc = store__user_exists(st, actor_id, "actor", err)) && !(rc = check_partner_orgs(st, p, actor_id, err)))
        rc = check_interests(st, p, NULL, 0, actor_id, err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_PRJ_INSERT,
                        ARGS(sv_text(project_enum_name(PENUM_SECTOR, (int)p->sector)), sv_double(p->budget),
                             sv_text(p->currency), sv_int(actor_id), sv_time(now)),
                        &id, err);
        if (rc > 0)
            rc = 0;
        else if (rc == 0)
            rc = hk_err_set(err, HK_EINTERNAL, "", "saving a project returned no id");
    }
    if (!rc)
        rc = write_children(st, p, id, err);
    if (!rc)
        rc = store__audit(st, actor_id, "create", "project", id, NULL, err);
    if (!rc) {
        char payload[64];
        snprintf(payload, sizeof payload, "{\"project_id\":%lld}", (long long)id);
        rc = prj__tell(st, id, TELL_MEMBERS, 0, "project_invited", payload, actor_id, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        p->id = id;
        p->state = PRJ_DRAFT;
        p->created_by = actor_id;
        p->created_at = p->updated_at = p->state_at = now;
        p->version = p->content_version = 1;
    }
    return rc;
}

static const char content_rule[] =
    "its content is changed only in draft or signed_off (before endorsement); cancel it and start a new one, or "
    "report progress on its milestones";

int store_project_update(hk_store *st, project *p, int64_t expected_version, int64_t actor_id, size_t *voided,
                         hk_err *err)
{
    if (voided)
        *voided = 0;
    int rc = project_validate(p, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    prj_head h = {0};
    project_relation rel;
    project old = {0};
    size_t n_void = 0;
    if (!(rc = prj__lock(st, p->id, &h, err)) && !(rc = prj__relation(st, p->id, actor_id, &rel, err))) {
        if (!rel.partner_member)
            rc = hk_err_set(err, HK_EFORBIDDEN, "id", "only the members of a project's partners change it");
        else if (h.state != PRJ_DRAFT && h.state != PRJ_SIGNED_OFF)
            rc = prj__state_refused(err, h.state, content_rule);
        else if (expected_version != h.version)
            rc = hk_err_set(err, HK_ECONFLICT, "version",
                            "the project changed since you read it (version %lld, not %lld); read it again",
                            (long long)h.version, (long long)expected_version);
    }
    if (!rc) {
        read_ctx c = {&old, false};
        int q = store__q(st, SQ_PRJ_EOIS, ARGS(sv_int(p->id)), eoi_row, &c, err);
        rc = q < 0 ? q : c.oom ? store__oom(err) : 0;
    }
    if (!rc && !(rc = check_partner_orgs(st, p, actor_id, err)))
        rc = check_interests(st, p, old.interest_ids, old.n_interests, actor_id, err);
    project_free(&old);
    int64_t now = store__now();
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_PRJ_UPDATE,
                       ARGS(sv_int(p->id), sv_text(project_enum_name(PENUM_SECTOR, (int)p->sector)),
                            sv_double(p->budget), sv_text(p->currency), sv_time(now), sv_int(expected_version)),
                       err);
        /* Under the row lock nothing else moved it, but the rule is the
         * statement's: no row changed means the version or state moved. */
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "version", "the project changed since you read it; read it again");
    }
    static const store_sq children[] = {SQ_PRJ_TEXTS_DEL, SQ_PRJ_PARTNERS_DEL, SQ_PRJ_MS_DEL, SQ_PRJ_EOIS_DEL};
    if (!rc && !(rc = prj__void(st, p->id, &n_void, err)) &&
        !(rc = store__delete_children(st, children, sizeof children / sizeof children[0], p->id, err)))
        rc = write_children(st, p, p->id, err);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"voided\":%zu}", n_void);
        rc = store__audit(st, actor_id, "update", "project", p->id, detail, err);
    }
    if (!rc && n_void > 0) {
        char payload[96];
        snprintf(payload, sizeof payload, "{\"project_id\":%lld,\"voided\":%zu}", (long long)p->id, n_void);
        rc = prj__tell(st, p->id, TELL_ADMINS, 0, "signoffs_voided", payload, actor_id, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        p->version = expected_version + 1;
        p->state = PRJ_DRAFT;
        p->updated_at = now;
        if (voided)
            *voided = n_void;
    }
    return rc;
}

static int id_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    *(int64_t *)rec = row_int(r, 0);
    return 0;
}

int store_projects_of_interest(hk_store *st, int64_t interest_id, int64_t **ids, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(int64_t), .read = id_row};
    int rc = store__q_list(st, SQ_PRJ_OF_EOI, ARGS(sv_int(interest_id)), &l, err);
    if (rc) {
        free(l.v);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    *ids = l.v;
    *n = l.n;
    return 0;
}
