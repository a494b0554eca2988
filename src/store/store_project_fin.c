/*
 * store_project_fin.c - financing of joint projects (BRIEF 4.7): the
 * submissions of a project to financial institutions, each one's
 * question thread and decision (approved with an amount, or declined
 * with a reason), and the project lists: a user's projects, a
 * coordinator's, and the institutions' pipeline (filtered by sector,
 * partner state, amount and stage, sorted).
 *
 * A decision is an UPDATE that only changes a pending submission, so of
 * two concurrent decisions the second changes nothing and is refused.
 */
#include "store/store_project_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int submission_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    project_submission *s = rec;
    s->id = row_int(r, 0);
    s->project_id = row_int(r, 1);
    s->institution_id = row_int(r, 2);
    int v = project_enum_parse(PENUM_SUBMISSION, row_text(r, 3));
    s->status = v < 0 ? SUB_PENDING : (submission_status)v;
    s->amount = row_null(r, 4) ? 0 : row_double(r, 4);
    row_fixed(r, 5, s->currency, sizeof s->currency);
    s->submitted_by = row_int(r, 7);
    s->submitted_at = row_time(r, 8);
    s->decided_by = row_null(r, 9) ? 0 : row_int(r, 9);
    s->decided_at = row_time(r, 10);
    return row_dup(r, 6, &s->reason);
}

void project_submissions_free(project_submission *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].reason);
    free(v);
}

int store_project_submissions(hk_store *st, int64_t project_id, project_submission **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(project_submission), .read = submission_row};
    int rc = store__q_list(st, SQ_PRJ_SUBS_OF, ARGS(sv_int(project_id)), &l, err);
    if (rc) {
        project_submissions_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}

int store_project_submission_get(hk_store *st, int64_t submission_id, project_submission *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    store_list l = {.size = sizeof(project_submission), .read = submission_row};
    int rc = store__q_list(st, SQ_PRJ_SUB_GET, ARGS(sv_int(submission_id)), &l, err);
    if (!rc && l.n == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "submission %lld does not exist", (long long)submission_id);
    if (!rc)
        *out = *(project_submission *)l.v;
    else
        project_submissions_free(l.v, l.n);
    if (!rc)
        free(l.v);
    return rc;
}

/* The submission and the actor's standing as one of its institution's
 * financial users (inst) or a partner's member (partner). */
typedef struct sub_ctx {
    project_submission s;
    bool inst, partner;
} sub_ctx;

static int load_submission(hk_store *st, int64_t submission_id, int64_t actor, sub_ctx *c, prj_head *h, hk_err *err)
{
    memset(c, 0, sizeof *c);
    int rc = store_project_submission_get(st, submission_id, &c->s, err);
    if (rc == HK_ENOTFOUND)
        return hk_err_set(err, HK_EINVAL, "submission_id", "submission_id: submission %lld does not exist",
                          (long long)submission_id);
    if (rc || (rc = prj__lock(st, c->s.project_id, h, err)))
        return rc;
    project_relation rel;
    bool member = false, admin = false;
    if ((rc = prj__relation(st, c->s.project_id, actor, &rel, err)) ||
        (rc = prj__membership(st, actor, c->s.institution_id, &member, &admin, err)))
        return rc;
    c->inst = member && rel.financial;
    c->partner = rel.partner_member;
    return 0;
}

int store_project_decide(hk_store *st, int64_t submission_id, submission_status status, double amount,
                         const char *currency, const char *reason, int64_t actor_id, hk_err *err)
{
    if (status == SUB_APPROVED) {
        if (!isfinite(amount) || amount <= 0 || amount > PROJECT_AMOUNT_MAX)
            return hk_err_set(err, HK_EINVAL, "amount", "amount: an approval gives an amount above 0");
        if (!currency || strlen(currency) != 3 || currency[0] < 'A' || currency[0] > 'Z' || currency[1] < 'A' ||
            currency[1] > 'Z' || currency[2] < 'A' || currency[2] > 'Z')
            return hk_err_set(err, HK_EINVAL, "currency", "currency must be an ISO 4217 code such as USD");
        reason = NULL;
    } else if (status == SUB_DECLINED) {
        int rc = model_check_text("reason", reason, PROJECT_NOTE_MAX, true, err);
        if (rc)
            return rc;
        amount = 0;
        currency = NULL;
    } else {
        return hk_err_set(err, HK_EINVAL, "status", "a financing decision is approved or declined");
    }
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    sub_ctx c;
    prj_head h = {0};
    if (!(rc = load_submission(st, submission_id, actor_id, &c, &h, err))) {
        if (!c.inst)
            rc = hk_err_set(err, HK_EFORBIDDEN, "id",
                            "only a financial user of the institution it was submitted to decides on financing");
        else if (h.state != PRJ_SUBMITTED)
            rc = prj__state_refused(err, h.state, "financing decisions are recorded while the project is submitted");
        else if (c.s.status != SUB_PENDING)
            rc = hk_err_set(err, HK_ECONFLICT, "status", "this submission was already %s",
                            project_enum_name(PENUM_SUBMISSION, (int)c.s.status));
    }
    int64_t now = store__now();
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_PRJ_SUB_DECIDE,
                       ARGS(sv_int(submission_id), sv_text(project_enum_name(PENUM_SUBMISSION, (int)status)),
                            status == SUB_APPROVED ? sv_double(amount) : sv_null(), sv_opt(currency), sv_opt(reason),
                            sv_int(actor_id), sv_time(now)),
                       err);
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "status", "this submission was decided meanwhile; read it again");
    }
    if (!rc)
        rc = store__do(st, SQ_PRJ_TOUCH, ARGS(sv_int(c.s.project_id), sv_time(now)), err);
    char pl[160];
    snprintf(pl, sizeof pl, "{\"project_id\":%lld,\"submission_id\":%lld,\"institution_id\":%lld,\"status\":\"%s\"}",
             (long long)c.s.project_id, (long long)submission_id, (long long)c.s.institution_id,
             project_enum_name(PENUM_SUBMISSION, (int)status));
    if (!rc)
        rc = store__audit(st, actor_id, "decide", "project", c.s.project_id, pl, err);
    if (!rc)
        rc = prj__tell(st, c.s.project_id, TELL_LEAD, 0, "financing_decided", pl, actor_id, err);
    free(c.s.reason);
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- question threads ---- */

static int question_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    project_question *q = rec;
    q->id = row_int(r, 0);
    q->submission_id = row_int(r, 1);
    q->author_id = row_int(r, 2);
    q->created_at = row_time(r, 4);
    return row_dup(r, 3, &q->body);
}

void project_questions_free(project_question *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].body);
    free(v);
}

int store_project_questions(hk_store *st, int64_t submission_id, project_question **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(project_question), .read = question_row};
    int rc = store__q_list(st, SQ_PRJ_Q_OF, ARGS(sv_int(submission_id)), &l, err);
    if (rc) {
        project_questions_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}

int store_project_question_add(hk_store *st, project_question *q, hk_err *err)
{
    int rc = model_check_text("body", q->body, PROJECT_NOTE_MAX, true, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    sub_ctx c;
    prj_head h = {0};
    if (!(rc = load_submission(st, q->submission_id, q->author_id, &c, &h, err))) {
        if (!c.inst && !c.partner)
            rc = hk_err_set(err, HK_EFORBIDDEN, "id", "only the institution and the project's partners write in its "
                                                      "question thread");
        else if (h.state == PRJ_COMPLETED || h.state == PRJ_CANCELLED)
            rc = prj__state_refused(err, h.state, "the question threads of a completed or cancelled project are "
                                                  "closed");
    }
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_PRJ_Q_ADD, ARGS(sv_int(q->submission_id), sv_int(q->author_id), sv_text(q->body),
                                              sv_time(now)), &id, err);
        rc = rc > 0 ? 0 : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving a question returned no id") : rc;
    }
    char pl[160];
    snprintf(pl, sizeof pl, "{\"project_id\":%lld,\"submission_id\":%lld,\"question_id\":%lld}",
             (long long)c.s.project_id, (long long)q->submission_id, (long long)id);
    if (!rc)
        rc = store__audit(st, q->author_id, "question", "project", c.s.project_id, pl, err);
    /* The institution asks, the partners answer: each side tells the other. */
    if (!rc)
        rc = c.inst ? prj__tell(st, c.s.project_id, TELL_MEMBERS, 0, "question", pl, q->author_id, err)
                    : prj__tell(st, c.s.project_id, TELL_INSTITUTIONS, c.s.institution_id, "answer", pl, q->author_id,
                                err);
    free(c.s.reason);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        q->id = id;
        q->created_at = now;
    }
    return rc;
}

/* ---- lists ---- */

static int list_id_row(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    *(int64_t *)rec = row_int(r, 0);
    return 0;
}

int store_project_list(hk_store *st, const project_query *q, project **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    if (q->limit < 1 || q->limit > STORE_PAGE_MAX)
        return hk_err_set(err, HK_EINVAL, "limit", "limit must be from 1 to %d", STORE_PAGE_MAX);
    if (q->sector >= SECTOR__COUNT)
        return hk_err_set(err, HK_EINVAL, "sector", "sector is not one of the sectors");
    char states[160] = "";
    if (q->states) {
        size_t len = 0;
        states[len++] = ',';
        for (int s = 0; s < PRJ__COUNT; s++)
            if (q->states & (1u << s))
                len += (size_t)snprintf(states + len, sizeof states - len, "%s,", project_enum_name(PENUM_STATE, s));
    }
    static const char *const sorts[PSORT__COUNT] = {"updated", "budget", "created"};
    char sort[16];
    snprintf(sort, sizeof sort, "%s%s", q->descending ? "-" : "",
             sorts[(unsigned)q->sort < PSORT__COUNT ? q->sort : PSORT_UPDATED]);
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    store_list l = {.size = sizeof(int64_t), .read = list_id_row};
    rc = store__q_list(st, SQ_PRJ_LIST,
                       ARGS(sv_int(q->member_user_id), sv_opt(q->country), sv_opt(q->states ? states : NULL),
                            sv_opt(q->sector >= 0 ? project_enum_name(PENUM_SECTOR, q->sector) : NULL),
                            sv_double(q->min_budget), sv_double(q->max_budget), sv_opt(q->currency), sv_text(sort),
                            sv_int((int64_t)q->limit), sv_int((int64_t)q->offset)),
                       &l, err);
    project *v = NULL;
    size_t got = 0;
    if (!rc && l.n && !(v = calloc(l.n, sizeof *v)))
        rc = store__oom(err);
    for (size_t i = 0; !rc && i < l.n; i++) {
        rc = store_project_get(st, ((int64_t *)l.v)[i], &v[i], err);
        if (!rc)
            got++;
    }
    free(l.v);
    store__tx_leave(st, own, 0, false, err);
    if (rc) {
        projects_free(v, got);
        return rc;
    }
    *out = v;
    *n = got;
    return 0;
}
