/*
 * store_project_flow.c - the state machine of a joint project (the
 * diagram in store_project.h): sign-off by every partner's admin,
 * endorsement (or return) by each involved state's coordinator,
 * submission to financial institutions, start of implementation, progress
 * on milestones, completion and cancellation.
 *
 * Each transition is one transaction: the project's row lock
 * (PostgreSQL), the checks of who acts and of the rules, the write whose
 * SQL itself requires the state it leaves (UPDATE ... WHERE state = ? AND
 * version = ?; a sign-off is an INSERT ... SELECT that requires the draft
 * and the content version signed), the audit row, and a project notice
 * for whoever must act next. A refusal names the rule in its message and
 * changes nothing.
 */
#include "store/store_project_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Moves id from `from` to `to` (reason may be NULL), at expected_version
 * when it is not 0. The caller holds the lock and checked the state, so a
 * row not changed means the version moved. */
static int set_state(hk_store *st, int64_t id, project_state from, project_state to, const char *reason,
                     int64_t expected_version, hk_err *err)
{
    int rc = store__do(st, SQ_PRJ_SET_STATE,
                       ARGS(sv_int(id), sv_text(project_enum_name(PENUM_STATE, (int)from)),
                            sv_text(project_enum_name(PENUM_STATE, (int)to)), sv_opt(reason), sv_time(store__now()),
                            sv_int(expected_version)),
                       err);
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ECONFLICT, "version", "the project changed since you read it; read it again");
    return rc;
}

static int touch(hk_store *st, int64_t id, hk_err *err)
{
    return store__do(st, SQ_PRJ_TOUCH, ARGS(sv_int(id), sv_time(store__now())), err);
}

static int check_version(const prj_head *h, int64_t expected, hk_err *err)
{
    if (expected != 0 && expected != h->version)
        return hk_err_set(err, HK_ECONFLICT, "version",
                          "the project changed since you read it (version %lld, not %lld); read it again",
                          (long long)h->version, (long long)expected);
    return 0;
}

static int audit(hk_store *st, int64_t actor, const char *action, int64_t id, const char *detail, hk_err *err)
{
    return store__audit(st, actor, action, "project", id, detail, err);
}

/* A small JSON payload {"project_id":id} plus extra ("" or ",\"k\":v"). */
static void payload(char *out, size_t size, int64_t id, const char *extra)
{
    snprintf(out, size, "{\"project_id\":%lld%s}", (long long)id, extra ? extra : "");
}

static int lead_admin_only(const project_relation *r, const char *what, hk_err *err)
{
    if (r->lead_admin)
        return 0;
    return hk_err_set(err, HK_EFORBIDDEN, "id", "only an admin of the lead partner %s", what);
}

static int check_reason(const char *reason, hk_err *err)
{
    return model_check_text("reason", reason, PROJECT_NOTE_MAX, true, err);
}

/* ---- sign-off ---- */

/* The rules a project meets before its partners may sign it (BRIEF 4.7):
 * HK_ECONFLICT naming the field, the message saying the rule. */
static int signoff_rules(const project *p, hk_err *err)
{
    size_t leads = 0;
    int64_t shares = 0;
    for (size_t i = 0; i < p->n_partners; i++) {
        leads += p->partners[i].role == PROLE_LEAD;
        shares += p->partners[i].share_bp;
    }
    if (p->n_countries < 2)
        return hk_err_set(err, HK_ECONFLICT, "partners",
                          "rule: a joint project has partners from at least two states; this one has %zu",
                          p->n_countries);
    if (leads != 1)
        return hk_err_set(err, HK_ECONFLICT, "partners", "rule: a joint project has exactly one lead partner; this "
                                                         "one has %zu", leads);
    if (shares != PROJECT_SHARE_TOTAL)
        return hk_err_set(err, HK_ECONFLICT, "partners",
                          "rule: the partners' work shares sum to 100 %%; these sum to %lld.%02lld %%",
                          (long long)(shares / 100), (long long)(shares % 100));
    if (!(p->budget > 0))
        return hk_err_set(err, HK_ECONFLICT, "budget", "rule: a project is signed off with a budget above 0");
    return 0;
}

int store_project_signoff(hk_store *st, int64_t id, int64_t org_id, int64_t content_version, int64_t actor_id,
                          hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    prj_head h = {0};
    project p = {0};
    bool last = false;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = store_project_get(st, id, &p, err))) {
        bool partner = false;
        for (size_t i = 0; i < p.n_partners; i++)
            partner |= p.partners[i].org_id == org_id;
        bool member = false, admin = false;
        rc = prj__membership(st, actor_id, org_id, &member, &admin, err);
        if (rc)
            ;
        else if (!partner)
            rc = hk_err_set(err, HK_EINVAL, "org_id", "org_id: organisation %lld is not a partner of project %lld",
                            (long long)org_id, (long long)id);
        else if (!member || !admin)
            rc = hk_err_set(err, HK_EFORBIDDEN, "org_id",
                            "only an admin of organisation %lld signs off for it", (long long)org_id);
        else if (h.state != PRJ_DRAFT)
            rc = prj__state_refused(err, h.state,
                                    "partners sign off a draft; a change of its content returns it to draft");
        else if (content_version != h.content_version)
            rc = hk_err_set(err, HK_ECONFLICT, "content_version",
                            "the project's content changed since you read it (content version %lld, not %lld), "
                            "and earlier sign-offs were voided; read it again before signing",
                            (long long)h.content_version, (long long)content_version);
        else
            rc = signoff_rules(&p, err);
    }
    project_free(&p);
    int64_t now = store__now();
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_PRJ_SIGNOFF_ADD,
                       ARGS(sv_int(id), sv_int(org_id), sv_int(actor_id), sv_int(content_version), sv_time(now)),
                       err);
        if (rc == HK_ECONFLICT)
            rc = hk_err_set(err, HK_ECONFLICT, "org_id",
                            "organisation %lld has already signed off this content", (long long)org_id);
        else if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_ECONFLICT, "content_version", "the project changed since you read it; read it "
                                                                  "again before signing");
    }
    int64_t unsigned_n = 0;
    if (!rc && (rc = store__int(st, SQ_PRJ_UNSIGNED, ARGS(sv_int(id)), &unsigned_n, err)) > 0)
        rc = 0;
    if (!rc) {
        last = unsigned_n == 0;
        rc = last ? set_state(st, id, PRJ_DRAFT, PRJ_SIGNED_OFF, NULL, 0, err) : touch(st, id, err);
    }
    char detail[96], pl[128];
    snprintf(detail, sizeof detail, "{\"org_id\":%lld,\"content_version\":%lld}", (long long)org_id,
             (long long)content_version);
    if (!rc)
        rc = audit(st, actor_id, "signoff", id, detail, err);
    if (!rc && last)
        rc = audit(st, actor_id, "signed_off", id, NULL, err);
    if (!rc) {
        snprintf(detail, sizeof detail, ",\"org_id\":%lld", (long long)org_id);
        payload(pl, sizeof pl, id, detail);
        rc = last ? prj__tell(st, id, TELL_COORDS, 0, "endorsement_needed", pl, actor_id, err)
                  : prj__tell(st, id, TELL_UNSIGNED, 0, "signoff_needed", pl, actor_id, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- endorsement and return by the states' coordinators ---- */

typedef struct coord_ctx {
    char role[16];
    char country[3];
} coord_ctx;

static int coord_row(const store_row *r, void *ctx)
{
    coord_ctx *c = ctx;
    row_fixed(r, 0, c->role, sizeof c->role);
    row_fixed(r, 1, c->country, sizeof c->country);
    return 1;
}

/* The actor's state, when the actor is the coordinator of one of the
 * project's states; HK_EFORBIDDEN otherwise. */
static int involved_coordinator(hk_store *st, int64_t id, int64_t actor, char state_iso[3], hk_err *err)
{
    coord_ctx c = {{0}, {0}};
    int rc = store__q(st, SQ_PRJ_USER_ROLE, ARGS(sv_int(actor)), coord_row, &c, err);
    if (rc < 0)
        return rc;
    if (strcmp(c.role, "coordinator") != 0 || !c.country[0])
        return hk_err_set(err, HK_EFORBIDDEN, "id", "only a national coordinator endorses or returns a project");
    project_relation rel;
    if ((rc = prj__relation(st, id, actor, &rel, err)))
        return rc;
    if (!rel.coordinator)
        return hk_err_set(err, HK_EFORBIDDEN, "id",
                          "a coordinator endorses or returns only projects with a partner from their state (%s)",
                          c.country);
    memcpy(state_iso, c.country, 3);
    return 0;
}

int store_project_endorse(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    prj_head h = {0};
    char iso[3] = "";
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = involved_coordinator(st, id, actor_id, iso, err))) {
        if (h.state != PRJ_SIGNED_OFF)
            rc = prj__state_refused(err, h.state, "a coordinator endorses a project once every partner has signed it "
                                                  "off (signed_off), before it is submitted");
        else
            rc = check_version(&h, expected_version, err);
    }
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_PRJ_ENDORSE_ADD, ARGS(sv_int(id), sv_text(iso), sv_int(actor_id),
                                                   sv_time(store__now())), err);
        if (rc == HK_ECONFLICT)
            rc = hk_err_set(err, HK_ECONFLICT, "id", "%s has already endorsed this project", iso);
    }
    int64_t open_n = 0;
    if (!rc && (rc = store__int(st, SQ_PRJ_UNENDORSED, ARGS(sv_int(id)), &open_n, err)) > 0)
        rc = 0;
    bool last = open_n == 0;
    if (!rc)
        rc = last ? set_state(st, id, PRJ_SIGNED_OFF, PRJ_ENDORSED, NULL, 0, err) : touch(st, id, err);
    char extra[48], pl[96];
    snprintf(extra, sizeof extra, ",\"country\":\"%s\"", iso);
    payload(pl, sizeof pl, id, extra);
    if (!rc)
        rc = audit(st, actor_id, "endorse", id, pl, err);
    if (!rc && last)
        rc = audit(st, actor_id, "endorsed", id, NULL, err);
    if (!rc)
        rc = last ? prj__tell(st, id, TELL_LEAD, 0, "submit_needed", pl, actor_id, err)
                  : prj__tell(st, id, TELL_COORDS_OPEN, 0, "endorsement_needed", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_project_return(hk_store *st, int64_t id, const char *reason, int64_t expected_version, int64_t actor_id,
                         hk_err *err)
{
    int rc = check_reason(reason, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    prj_head h = {0};
    char iso[3] = "";
    size_t voided = 0;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = involved_coordinator(st, id, actor_id, iso, err))) {
        if (h.state != PRJ_SIGNED_OFF)
            rc = prj__state_refused(err, h.state, "a coordinator returns a project while it awaits the states' "
                                                  "endorsements (signed_off)");
        else
            rc = check_version(&h, expected_version, err);
    }
    if (!rc) {
        wrote = true;
        if (!(rc = prj__void(st, id, &voided, err)))
            rc = set_state(st, id, PRJ_SIGNED_OFF, PRJ_DRAFT, reason, 0, err);
    }
    char extra[80], pl[128];
    snprintf(extra, sizeof extra, ",\"country\":\"%s\",\"voided\":%zu", iso, voided);
    payload(pl, sizeof pl, id, extra);
    if (!rc)
        rc = audit(st, actor_id, "return", id, pl, err);
    if (!rc)
        rc = prj__tell(st, id, TELL_ADMINS, 0, "returned", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- financing requests and implementation ---- */

typedef struct type_ctx {
    char type[32];
} type_ctx;

static int type_row(const store_row *r, void *ctx)
{
    row_fixed(r, 0, ((type_ctx *)ctx)->type, sizeof ((type_ctx *)ctx)->type);
    return 1;
}

int store_project_submit(hk_store *st, int64_t id, const int64_t *institutions, size_t n, int64_t expected_version,
                         int64_t actor_id, hk_err *err)
{
    if (n == 0)
        return hk_err_set(err, HK_EINVAL, "institution_ids", "institution_ids: name at least one financial institution");
    if (n > PROJECT_MAX_INTERESTS)
        return hk_err_set(err, HK_ETOOBIG, "institution_ids", "institution_ids: at most %d at once",
                          PROJECT_MAX_INTERESTS);
    for (size_t i = 0; i < n; i++) {
        char f[48];
        snprintf(f, sizeof f, "institution_ids[%zu]", i);
        if (institutions[i] <= 0)
            return hk_err_set(err, HK_EINVAL, f, "%s must be an organisation id", f);
        for (size_t j = 0; j < i; j++)
            if (institutions[j] == institutions[i])
                return hk_err_set(err, HK_EINVAL, f, "%s: institution %lld is named twice", f,
                                  (long long)institutions[i]);
    }
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    prj_head h = {0};
    project_relation rel;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = prj__relation(st, id, actor_id, &rel, err)) &&
        !(rc = lead_admin_only(&rel, "submits the project for financing", err))) {
        if (h.state != PRJ_ENDORSED && h.state != PRJ_SUBMITTED)
            rc = prj__state_refused(err, h.state, "a project is submitted for financing once every involved state "
                                                  "has endorsed it (endorsed), and while it is submitted");
        else
            rc = check_version(&h, expected_version, err);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        char f[48];
        snprintf(f, sizeof f, "institution_ids[%zu]", i);
        type_ctx t = {{0}};
        int q = store__q(st, SQ_PRJ_ORG_INFO, ARGS(sv_int(institutions[i])), type_row, &t, err);
        if (q < 0)
            rc = q;
        else if (q == 0)
            rc = hk_err_set(err, HK_EINVAL, f, "%s: organisation %lld does not exist", f, (long long)institutions[i]);
        else if (strcmp(t.type, "financial") != 0)
            rc = hk_err_set(err, HK_EINVAL, f, "%s: organisation %lld is not a financial institution", f,
                            (long long)institutions[i]);
    }
    int64_t now = store__now();
    for (size_t i = 0; !rc && i < n; i++) {
        wrote = true;
        int64_t sid = 0;
        rc = store__int(st, SQ_PRJ_SUB_ADD, ARGS(sv_int(id), sv_int(institutions[i]), sv_int(actor_id), sv_time(now)),
                        &sid, err);
        if (rc == HK_ECONFLICT)
            rc = hk_err_set(err, HK_ECONFLICT, "institution_ids", "the project was already submitted to institution "
                                                                  "%lld", (long long)institutions[i]);
        else if (rc > 0)
            rc = 0;
    }
    if (!rc)
        rc = h.state == PRJ_ENDORSED ? set_state(st, id, PRJ_ENDORSED, PRJ_SUBMITTED, NULL, 0, err) : touch(st, id, err);
    char pl[96], extra[48];
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(extra, sizeof extra, ",\"institution_id\":%lld", (long long)institutions[i]);
        payload(pl, sizeof pl, id, extra);
        if (!(rc = audit(st, actor_id, "submit", id, pl, err)))
            rc = prj__tell(st, id, TELL_INSTITUTIONS, institutions[i], "financing_requested", pl, actor_id, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_project_start(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    prj_head h = {0};
    project_relation rel;
    int64_t approved = 0;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = prj__relation(st, id, actor_id, &rel, err)) &&
        !(rc = lead_admin_only(&rel, "starts implementation", err))) {
        if (h.state != PRJ_SUBMITTED)
            rc = prj__state_refused(err, h.state, "implementation starts from submitted, once an institution has "
                                                  "approved financing");
        else if (!(rc = check_version(&h, expected_version, err)) &&
                 (rc = store__int(st, SQ_PRJ_SUB_APPROVED, ARGS(sv_int(id)), &approved, err)) >= 0) {
            rc = approved > 0 ? 0
                              : hk_err_set(err, HK_ECONFLICT, "state", "rule: implementation starts once an "
                                                                       "institution has approved financing; none has");
        }
    }
    if (!rc) {
        wrote = true;
        rc = set_state(st, id, PRJ_SUBMITTED, PRJ_IMPLEMENTATION, NULL, expected_version, err);
    }
    char pl[64];
    payload(pl, sizeof pl, id, NULL);
    if (!rc)
        rc = audit(st, actor_id, "start", id, NULL, err);
    if (!rc)
        rc = prj__tell(st, id, TELL_MEMBERS | TELL_COORDS, 0, "implementation_started", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_project_milestone_report(hk_store *st, int64_t id, size_t index, milestone_status status,
                                   const char *evidence, int64_t actor_id, hk_err *err)
{
    if ((unsigned)status >= MS__COUNT)
        return hk_err_set(err, HK_EINVAL, "status", "status must be planned, in_progress or done");
    int rc = model_check_text("evidence", evidence, PROJECT_NOTE_MAX, false, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    prj_head h = {0};
    project_relation rel;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = prj__relation(st, id, actor_id, &rel, err))) {
        if (!rel.partner_member)
            rc = hk_err_set(err, HK_EFORBIDDEN, "id", "only the members of a project's partners report progress");
        else if (h.state != PRJ_IMPLEMENTATION)
            rc = prj__state_refused(err, h.state, "progress on milestones is reported during implementation");
    }
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_PRJ_MS_REPORT,
                       ARGS(sv_int(id), sv_int((int64_t)index),
                            sv_text(project_enum_name(PENUM_MILESTONE, (int)status)), sv_opt(evidence)),
                       err);
        if (!rc && st->changed == 0)
            rc = hk_err_set(err, HK_EINVAL, "index", "index: the project has no milestone %zu", index);
    }
    if (!rc)
        rc = touch(st, id, err);
    char extra[64], pl[128];
    snprintf(extra, sizeof extra, ",\"index\":%zu,\"status\":\"%s\"", index,
             project_enum_name(PENUM_MILESTONE, (int)status));
    payload(pl, sizeof pl, id, extra);
    if (!rc)
        rc = audit(st, actor_id, "milestone", id, pl, err);
    if (!rc)
        rc = prj__tell(st, id, TELL_LEAD, 0, "milestone_reported", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_project_complete(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    prj_head h = {0};
    project_relation rel;
    int64_t open_n = 0;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = prj__relation(st, id, actor_id, &rel, err)) &&
        !(rc = lead_admin_only(&rel, "completes the project", err))) {
        if (h.state != PRJ_IMPLEMENTATION)
            rc = prj__state_refused(err, h.state, "a project is completed from implementation");
        else if (!(rc = check_version(&h, expected_version, err)) &&
                 (rc = store__int(st, SQ_PRJ_MS_OPEN, ARGS(sv_int(id)), &open_n, err)) >= 0)
            rc = open_n == 0 ? 0
                             : hk_err_set(err, HK_ECONFLICT, "milestones",
                                          "rule: a project is completed when every milestone is done; %lld are not",
                                          (long long)open_n);
    }
    if (!rc) {
        wrote = true;
        rc = set_state(st, id, PRJ_IMPLEMENTATION, PRJ_COMPLETED, NULL, expected_version, err);
    }
    char pl[64];
    payload(pl, sizeof pl, id, NULL);
    if (!rc)
        rc = audit(st, actor_id, "complete", id, NULL, err);
    if (!rc)
        rc = prj__tell(st, id, TELL_MEMBERS | TELL_COORDS | TELL_INSTITUTIONS, 0, "completed", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}

int store_project_cancel(hk_store *st, int64_t id, const char *reason, int64_t expected_version, int64_t actor_id,
                         hk_err *err)
{
    int rc = check_reason(reason, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    prj_head h = {0};
    project_relation rel;
    if (!(rc = prj__lock(st, id, &h, err)) && !(rc = prj__relation(st, id, actor_id, &rel, err)) &&
        !(rc = lead_admin_only(&rel, "cancels the project", err))) {
        if (h.state == PRJ_COMPLETED || h.state == PRJ_CANCELLED)
            rc = prj__state_refused(err, h.state, "a completed or cancelled project stays so");
        else
            rc = check_version(&h, expected_version, err);
    }
    if (!rc) {
        wrote = true;
        rc = set_state(st, id, h.state, PRJ_CANCELLED, reason, expected_version, err);
    }
    char pl[64];
    payload(pl, sizeof pl, id, NULL);
    if (!rc)
        rc = audit(st, actor_id, "cancel", id, NULL, err);
    if (!rc)
        rc = prj__tell(st, id, TELL_MEMBERS | TELL_COORDS | TELL_INSTITUTIONS, 0, "cancelled", pl, actor_id, err);
    return store__tx_leave(st, own, rc, wrote, err);
}
