/*
 * test_store_project.c - joint projects and their financing in the store
 * (store_project*.c, migration 7): the whole chain with partners from
 * three states, every illegal transition, sign-offs voided by a change,
 * who may move each state, the sign-off rules, documents and who may read
 * them, the link to interests both ways, project notices for whoever
 * acts next, and the pipeline list. Runs on SQLite, and on PostgreSQL
 * when HAMKOR_TEST_PG is set (tests/run.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_project.h"
#include "store_fixture.h"
#include "store_raw.h"

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n"
                                "RU\tmember\tRussia\tРоссия\t俄罗斯\n";

static int setup(void **state) { return store_fixture_setup(state, "project", COUNTRIES); }
static int teardown(void **state) { return store_fixture_teardown(state); }

/* ---- the world: three enterprises in three states, two institutions,
 * their people, and an accepted interest between UZ and KZ ---- */

typedef struct world {
    fx *f;
    int64_t uz, kz, cn, ru, bank, bank2;                        /* organisations */
    int64_t uz_admin, uz_member, kz_admin, cn_admin, ru_admin;  /* people of the enterprises */
    int64_t coord_uz, coord_kz, coord_cn, coord_ru;             /* national coordinators */
    int64_t fin, fin2, outsider, sec;
    int64_t listing, eoi, pending_eoi;
} world;

static int64_t org(fx *f, const char *iso2, const char *name, org_type type)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){.text = strdup(name), .lang = strdup("en"), .primary = true};
    o.n_names = 1;
    strcpy(o.country, iso2);
    o.type = type;
    o.size = SIZE_LARGE;
    hk_err err;
    assert_int_equal(store_org_create(f->st, &o, 0, &err), 0);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t person(fx *f, const char *email, user_role role, const char *iso2)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone", .role = role};
    if (iso2)
        strcpy(u.country, iso2);
    hk_err err;
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    return u.id;
}

static void join(fx *f, int64_t user_id, int64_t org_id, bool admin)
{
    membership m = {.user_id = user_id, .org_id = org_id, .is_admin = admin};
    hk_err err;
    assert_int_equal(store_membership_put(f->st, &m, 0, &err), 0);
}

static int64_t interest_between(world *w, int64_t from_org, int64_t from_user, bool accept)
{
    interest i = {.listing_id = w->listing, .from_org_id = from_org, .from_user_id = from_user,
                  .offered = (char *)"machining", .sought = (char *)"castings", .why = (char *)"same corridor"};
    hk_err err;
    assert_int_equal(store_interest_create(w->f->st, &i, &err), 0);
    if (accept)
        assert_int_equal(store_interest_decide(w->f->st, i.id, EOI_ACCEPTED, w->uz_admin, &err), 0);
    return i.id;
}

static void build_world(world *w, fx *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->uz = org(f, "UZ", "Toshkent Mashinasozlik", ORG_ENTERPRISE);
    w->kz = org(f, "KZ", "Qaraghandy Steel", ORG_ENTERPRISE);
    w->cn = org(f, "CN", "Xi'an Precision Casting", ORG_ENTERPRISE);
    w->ru = org(f, "RU", "Uralmash Components", ORG_ENTERPRISE);
    w->bank = org(f, "CN", "Asian Infrastructure Investment Bank", ORG_FINANCIAL);
    w->bank2 = org(f, "RU", "New Development Bank", ORG_FINANCIAL);
    w->uz_admin = person(f, "admin@uz.example", ROLE_MEMBER, NULL);
    w->uz_member = person(f, "member@uz.example", ROLE_MEMBER, NULL);
    w->kz_admin = person(f, "admin@kz.example", ROLE_MEMBER, NULL);
    w->cn_admin = person(f, "admin@cn.example", ROLE_MEMBER, NULL);
    w->ru_admin = person(f, "admin@ru.example", ROLE_MEMBER, NULL);
    w->coord_uz = person(f, "coord@uz.example", ROLE_COORDINATOR, "UZ");
    w->coord_kz = person(f, "coord@kz.example", ROLE_COORDINATOR, "KZ");
    w->coord_cn = person(f, "coord@cn.example", ROLE_COORDINATOR, "CN");
    w->coord_ru = person(f, "coord@ru.example", ROLE_COORDINATOR, "RU");
    w->fin = person(f, "credit@aiib.example", ROLE_FINANCIAL, NULL);
    w->fin2 = person(f, "credit@ndb.example", ROLE_FINANCIAL, NULL);
    w->outsider = person(f, "someone@else.example", ROLE_MEMBER, NULL);
    w->sec = person(f, "desk@sco.example", ROLE_SECRETARIAT, NULL);
    join(f, w->uz_admin, w->uz, true);
    join(f, w->uz_member, w->uz, false);
    join(f, w->kz_admin, w->kz, true);
    join(f, w->cn_admin, w->cn, true);
    join(f, w->ru_admin, w->ru, true);
    join(f, w->fin, w->bank, true);
    join(f, w->fin2, w->bank2, true);

    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = w->uz;
    l.direction = DIR_REQUEST;
    l.kind = KIND_COPRODUCTION;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){.lang = strdup("ru"), .origin = ORIGIN_ORIGINAL, .title = strdup("Литьё алюминия")};
    l.n_texts = 1;
    l.status = STATUS_PUBLISHED;
    strcpy(l.expires, "2099-12-31");
    hk_err err;
    assert_int_equal(store_listing_create(f->st, &l, 0, &err), 0);
    w->listing = l.id;
    listing_free(&l);
    w->eoi = interest_between(w, w->kz, w->kz_admin, true);
    w->pending_eoi = interest_between(w, w->cn, w->cn_admin, false);
}

/* A project of uz (lead, 50 %), kz (30 %) and cn (20 %) grown from w->eoi,
 * with texts in ru (original), zh and en and two milestones. The caller
 * frees it. */
static void draft(world *w, project *p)
{
    memset(p, 0, sizeof *p);
    p->sector = SECTOR_INDUSTRY;
    p->texts = calloc(3, sizeof *p->texts);
    p->texts[0] = (project_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Совместное производство литых деталей"),
                                 strdup("Литейный участок в Ташкенте, механообработка в Караганде")};
    p->texts[1] = (project_text){strdup("zh"), ORIGIN_HUMAN, strdup("铸件联合生产"), NULL};
    p->texts[2] = (project_text){strdup("en"), ORIGIN_MACHINE, strdup("Joint production of cast parts"), NULL};
    p->n_texts = 3;
    p->partners = calloc(3, sizeof *p->partners);
    p->partners[0] = (project_partner){.org_id = w->uz, .role = PROLE_LEAD, .share_bp = 5000, .money = 400000,
                                       .currency = "USD"};
    p->partners[1] = (project_partner){.org_id = w->kz, .role = PROLE_COPRODUCER, .share_bp = 3000,
                                       .in_kind = strdup("machining line")};
    p->partners[2] = (project_partner){.org_id = w->cn, .role = PROLE_SUPPLIER, .share_bp = 2000};
    p->n_partners = 3;
    p->milestones = calloc(2, sizeof *p->milestones);
    p->milestones[0] = (project_milestone){.title = strdup("Foundry commissioned"), .due = "2027-06-30"};
    p->milestones[1] = (project_milestone){.title = strdup("First batch shipped"), .due = "2027-12-31"};
    p->n_milestones = 2;
    p->interest_ids = calloc(1, sizeof *p->interest_ids);
    p->interest_ids[0] = w->eoi;
    p->n_interests = 1;
    p->budget = 2500000;
    strcpy(p->currency, "USD");
}

static int64_t create(world *w)
{
    project p;
    draft(w, &p);
    hk_err err;
    assert_int_equal(store_project_create(w->f->st, &p, w->uz_member, &err), 0);
    int64_t id = p.id;
    project_free(&p);
    return id;
}

static project get(world *w, int64_t id)
{
    project p;
    hk_err err;
    assert_int_equal(store_project_get(w->f->st, id, &p, &err), 0);
    return p;
}

static project_state state_of(world *w, int64_t id)
{
    project p = get(w, id);
    project_state s = p.state;
    project_free(&p);
    return s;
}

static int64_t version_of(world *w, int64_t id)
{
    project p = get(w, id);
    int64_t v = p.version;
    project_free(&p);
    return v;
}

static int64_t content_of(world *w, int64_t id)
{
    project p = get(w, id);
    int64_t v = p.content_version;
    project_free(&p);
    return v;
}

static void sign(world *w, int64_t id, int64_t org_id, int64_t admin)
{
    hk_err err;
    int rc = store_project_signoff(w->f->st, id, org_id, content_of(w, id), admin, &err);
    if (rc)
        fail_msg("sign-off: %s", err.msg);
}

static void ok(int rc, const hk_err *err)
{
    if (rc)
        fail_msg("%s (%s)", err->msg, err->field);
}

/* The one submission of project id to institution, or 0. */
static int64_t submission_to(world *w, int64_t id, int64_t institution)
{
    project_submission *v;
    size_t n;
    hk_err err;
    assert_int_equal(store_project_submissions(w->f->st, id, &v, &n, &err), 0);
    int64_t sid = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].institution_id == institution)
            sid = v[i].id;
    project_submissions_free(v, n);
    return sid;
}

/* Moves a fresh project along the chain until it is in target. */
static void advance(world *w, int64_t id, project_state target)
{
    hk_err err;
    if (target == PRJ_DRAFT)
        return;
    if (target == PRJ_CANCELLED) {
        ok(store_project_cancel(w->f->st, id, "partner withdrew", 0, w->uz_admin, &err), &err);
        return;
    }
    sign(w, id, w->uz, w->uz_admin);
    sign(w, id, w->kz, w->kz_admin);
    sign(w, id, w->cn, w->cn_admin);
    if (target == PRJ_SIGNED_OFF)
        return;
    ok(store_project_endorse(w->f->st, id, 0, w->coord_uz, &err), &err);
    ok(store_project_endorse(w->f->st, id, 0, w->coord_kz, &err), &err);
    ok(store_project_endorse(w->f->st, id, 0, w->coord_cn, &err), &err);
    if (target == PRJ_ENDORSED)
        return;
    ok(store_project_submit(w->f->st, id, &w->bank, 1, 0, w->uz_admin, &err), &err);
    ok(store_project_decide(w->f->st, submission_to(w, id, w->bank), SUB_APPROVED, 2000000, "USD", NULL, w->fin,
                            &err),
       &err);
    if (target == PRJ_SUBMITTED)
        return;
    ok(store_project_start(w->f->st, id, 0, w->uz_admin, &err), &err);
    if (target == PRJ_IMPLEMENTATION)
        return;
    ok(store_project_milestone_report(w->f->st, id, 0, MS_DONE, "acceptance act 12", w->kz_admin, &err), &err);
    ok(store_project_milestone_report(w->f->st, id, 1, MS_DONE, NULL, w->uz_member, &err), &err);
    ok(store_project_complete(w->f->st, id, 0, w->uz_admin, &err), &err);
}

/* How many project notices of kind user has about project id. */
static int64_t notices(world *w, int64_t who, int64_t id, const char *kind)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM project_notices WHERE user_id = %lld AND project_id = %lld AND kind = '%s'",
             (long long)who, (long long)id, kind);
    return raw_count(w->f->path, sql);
}

static int64_t audits(world *w, int64_t id, const char *action)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE entity = 'project' AND entity_id = %lld AND action = '%s'",
             (long long)id, action);
    return raw_count(w->f->path, sql);
}

/* ---- the chain ---- */

static void full_chain_with_partners_from_three_states_reaches_completed(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    project p = get(&w, id);
    assert_int_equal(p.state, PRJ_DRAFT);
    assert_int_equal(p.n_countries, 3);
    assert_string_equal(p.countries[0], "CN");
    assert_int_equal(p.n_texts, 3);
    assert_int_equal(p.texts[1].origin, ORIGIN_HUMAN);
    assert_string_equal(p.partners[1].in_kind, "machining line");
    assert_string_equal(p.partners[1].country, "KZ");
    project_free(&p);
    assert_int_equal(notices(&w, w.kz_admin, id, "project_invited"), 1);
    assert_int_equal(notices(&w, w.uz_member, id, "project_invited"), 0); /* the actor is not told */

    /* Sign-offs: each partner's admin; the others are told to sign. */
    sign(&w, id, w.uz, w.uz_admin);
    assert_int_equal(state_of(&w, id), PRJ_DRAFT);
    assert_int_equal(notices(&w, w.kz_admin, id, "signoff_needed"), 1);
    assert_int_equal(notices(&w, w.uz_admin, id, "signoff_needed"), 0);
    sign(&w, id, w.kz, w.kz_admin);
    assert_int_equal(state_of(&w, id), PRJ_DRAFT);
    sign(&w, id, w.cn, w.cn_admin);
    assert_int_equal(state_of(&w, id), PRJ_SIGNED_OFF);
    assert_int_equal(notices(&w, w.coord_kz, id, "endorsement_needed"), 1);
    assert_int_equal(notices(&w, w.coord_ru, id, "endorsement_needed"), 0);

    /* Endorsements: each involved state's coordinator. */
    ok(store_project_endorse(w.f->st, id, 0, w.coord_kz, &err), &err);
    ok(store_project_endorse(w.f->st, id, 0, w.coord_cn, &err), &err);
    assert_int_equal(state_of(&w, id), PRJ_SIGNED_OFF);
    ok(store_project_endorse(w.f->st, id, version_of(&w, id), w.coord_uz, &err), &err);
    assert_int_equal(state_of(&w, id), PRJ_ENDORSED);
    assert_int_equal(notices(&w, w.uz_admin, id, "submit_needed"), 1);

    /* Financing: submitted to AIIB, which asks, is answered, approves. */
    ok(store_project_submit(w.f->st, id, &w.bank, 1, 0, w.uz_admin, &err), &err);
    assert_int_equal(state_of(&w, id), PRJ_SUBMITTED);
    assert_int_equal(notices(&w, w.fin, id, "financing_requested"), 1);
    assert_int_equal(notices(&w, w.fin2, id, "financing_requested"), 0);
    int64_t sid = submission_to(&w, id, w.bank);
    project_question q = {.submission_id = sid, .author_id = w.fin, .body = (char *)"Who owns the foundry land?"};
    ok(store_project_question_add(w.f->st, &q, &err), &err);
    assert_int_equal(notices(&w, w.uz_member, id, "question"), 1);
    project_question a = {.submission_id = sid, .author_id = w.uz_member, .body = (char *)"The lead, since 2019."};
    ok(store_project_question_add(w.f->st, &a, &err), &err);
    assert_int_equal(notices(&w, w.fin, id, "answer"), 1);
    project_question *thread;
    size_t n;
    ok(store_project_questions(w.f->st, sid, &thread, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_string_equal(thread[1].body, "The lead, since 2019.");
    project_questions_free(thread, n);
    ok(store_project_decide(w.f->st, sid, SUB_APPROVED, 1800000, "USD", NULL, w.fin, &err), &err);
    assert_int_equal(notices(&w, w.uz_admin, id, "financing_decided"), 1);
    project_submission s;
    ok(store_project_submission_get(w.f->st, sid, &s, &err), &err);
    assert_int_equal(s.status, SUB_APPROVED);
    assert_true(s.amount == 1800000);
    assert_string_equal(s.currency, "USD");
    assert_int_equal(s.decided_by, w.fin);
    free(s.reason);

    /* Implementation, milestones, completion. */
    ok(store_project_start(w.f->st, id, 0, w.uz_admin, &err), &err);
    assert_int_equal(state_of(&w, id), PRJ_IMPLEMENTATION);
    assert_int_equal(notices(&w, w.cn_admin, id, "implementation_started"), 1);
    ok(store_project_milestone_report(w.f->st, id, 0, MS_DONE, "acceptance act No. 12", w.kz_admin, &err), &err);
    assert_int_equal(notices(&w, w.uz_admin, id, "milestone_reported"), 1);
    ok(store_project_milestone_report(w.f->st, id, 1, MS_DONE, NULL, w.cn_admin, &err), &err);
    ok(store_project_complete(w.f->st, id, 0, w.uz_admin, &err), &err);
    p = get(&w, id);
    assert_int_equal(p.state, PRJ_COMPLETED);
    assert_string_equal(p.milestones[0].evidence, "acceptance act No. 12");
    assert_int_equal(p.n_signoffs, 3);
    assert_int_equal(p.n_endorsements, 3);
    project_free(&p);
    assert_int_equal(notices(&w, w.fin, id, "completed"), 1);
    assert_int_equal(notices(&w, w.coord_uz, id, "completed"), 1);

    /* Every transition is in the audit log. */
    static const char *const actions[] = {"create", "signoff", "signed_off", "endorse", "endorsed", "submit",
                                          "question", "decide", "start", "milestone", "complete"};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (audits(&w, id, actions[i]) < 1)
            fail_msg("no audit row for %s", actions[i]);
    assert_int_equal(audits(&w, id, "signoff"), 3);
    assert_int_equal(audits(&w, id, "endorse"), 3);
}

static void project_and_interest_are_linked_both_ways(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    project p = get(&w, id);
    assert_int_equal(p.n_interests, 1);
    assert_int_equal(p.interest_ids[0], w.eoi);
    project_free(&p);
    int64_t *ids;
    size_t n;
    hk_err err;
    ok(store_projects_of_interest(w.f->st, w.eoi, &ids, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], id);
    free(ids);
}

static void a_project_grows_only_from_an_accepted_interest_of_ones_own(void **state)
{
    world w;
    build_world(&w, *state);
    project p;
    draft(&w, &p);
    p.interest_ids[0] = w.pending_eoi;
    hk_err err;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "interest_ids[0]");
    assert_non_null(strstr(err.msg, "accepted"));
    /* An accepted interest of others (RU sent it; the CN admin links it). */
    p.interest_ids[0] = interest_between(&w, w.ru, w.ru_admin, true);
    assert_int_equal(store_project_create(w.f->st, &p, w.cn_admin, &err), HK_EFORBIDDEN);
    assert_string_equal(err.field, "interest_ids[0]");
    project_free(&p);
    assert_int_equal(raw_count(w.f->path, "SELECT count(*) FROM projects"), 0);
}

static void only_a_partners_member_creates_a_project(void **state)
{
    world w;
    build_world(&w, *state);
    project p;
    draft(&w, &p);
    hk_err err;
    assert_int_equal(store_project_create(w.f->st, &p, w.outsider, &err), HK_EFORBIDDEN);
    assert_string_equal(err.field, "partners");
    p.partners[2].org_id = 999999;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "partners[2].org_id");
    project_free(&p);
    assert_int_equal(raw_count(w.f->path, "SELECT count(*) FROM projects"), 0);
}

static void malformed_fields_are_refused_naming_the_field(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    project p;
    draft(&w, &p);
    p.texts[1].origin = ORIGIN_ORIGINAL; /* two originals */
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "texts");
    p.texts[1].origin = ORIGIN_HUMAN;
    free(p.texts[2].title);
    p.texts[2].title = strdup("\xff\xfe");
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "texts[2].title");
    free(p.texts[2].title);
    p.texts[2].title = strdup("ok");
    p.partners[1].share_bp = 10001;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "partners[1].share");
    p.partners[1].share_bp = 3000;
    p.partners[0].money = 5;
    strcpy(p.partners[0].currency, "usd");
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "partners[0].currency");
    strcpy(p.partners[0].currency, "USD");
    p.partners[2].org_id = w.uz;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "partners[2].org_id");
    p.partners[2].org_id = w.cn;
    strcpy(p.milestones[1].due, "2027-02-30");
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "milestones[1].due");
    strcpy(p.milestones[1].due, "2027-02-28");
    p.budget = -1;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "budget");
    p.budget = 1;
    p.sector = (project_sector)99;
    assert_int_equal(store_project_create(w.f->st, &p, w.uz_member, &err), HK_EINVAL);
    assert_string_equal(err.field, "sector");
    project_free(&p);
    assert_int_equal(raw_count(w.f->path, "SELECT count(*) FROM projects"), 0);
}

/* ---- sign-offs voided by a change ---- */

static void a_change_after_sign_offs_voids_them_all_and_says_so(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    sign(&w, id, w.uz, w.uz_admin);
    sign(&w, id, w.kz, w.kz_admin);
    project p = get(&w, id);
    assert_int_equal(p.n_signoffs, 2);
    free(p.texts[2].title);
    p.texts[2].title = strdup("Joint production of aluminium cast parts");
    size_t voided = 99;
    hk_err err;
    ok(store_project_update(w.f->st, &p, p.version, w.cn_admin, &voided, &err), &err);
    assert_int_equal(voided, 2);
    project_free(&p);
    p = get(&w, id);
    assert_int_equal(p.n_signoffs, 0);
    assert_int_equal(p.state, PRJ_DRAFT);
    assert_int_equal(p.content_version, 2);
    assert_string_equal(p.texts[2].title, "Joint production of aluminium cast parts");
    project_free(&p);
    assert_int_equal(notices(&w, w.uz_admin, id, "signoffs_voided"), 1);
    assert_int_equal(notices(&w, w.kz_admin, id, "signoffs_voided"), 1);
    assert_int_equal(raw_count(w.f->path, "SELECT count(*) FROM audit_log WHERE action = 'update' "
                                          "AND detail LIKE '%\"voided\":2%'"),
                     1);
}

static void a_change_when_signed_off_voids_endorsements_and_returns_to_draft(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    advance(&w, id, PRJ_SIGNED_OFF);
    hk_err err;
    ok(store_project_endorse(w.f->st, id, 0, w.coord_uz, &err), &err);
    project p = get(&w, id);
    p.budget = 2600000;
    size_t voided = 0;
    ok(store_project_update(w.f->st, &p, p.version, w.uz_member, &voided, &err), &err);
    assert_int_equal(voided, 4); /* three sign-offs and one endorsement */
    project_free(&p);
    p = get(&w, id);
    assert_int_equal(p.state, PRJ_DRAFT);
    assert_int_equal(p.n_signoffs, 0);
    assert_int_equal(p.n_endorsements, 0);
    project_free(&p);
}

static void a_sign_off_of_content_that_changed_is_refused(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    int64_t seen = content_of(&w, id);
    project p = get(&w, id);
    hk_err err;
    ok(store_project_update(w.f->st, &p, p.version, w.kz_admin, NULL, &err), &err);
    project_free(&p);
    assert_int_equal(store_project_signoff(w.f->st, id, w.uz, seen, w.uz_admin, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "content_version");
    p = get(&w, id);
    assert_int_equal(p.n_signoffs, 0);
    project_free(&p);
}

static void an_edit_with_a_stale_version_is_refused_and_changes_nothing(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    project a = get(&w, id), b = get(&w, id);
    a.budget = 3000000;
    hk_err err;
    ok(store_project_update(w.f->st, &a, a.version, w.uz_member, NULL, &err), &err);
    b.budget = 1000;
    assert_int_equal(store_project_update(w.f->st, &b, b.version, w.kz_admin, NULL, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");
    project_free(&a);
    project_free(&b);
    project p = get(&w, id);
    assert_true(p.budget == 3000000);
    assert_int_equal(p.version, 2);
    project_free(&p);
}

static void an_organisation_signs_off_once(void **state)
{
    world w;
    build_world(&w, *state);
    int64_t id = create(&w);
    sign(&w, id, w.uz, w.uz_admin);
    hk_err err;
    assert_int_equal(store_project_signoff(w.f->st, id, w.uz, content_of(&w, id), w.uz_admin, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "org_id");
}

/* ---- the rules of sign-off ---- */

static void sign_off_needs_two_states_full_shares_one_lead_and_a_budget(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    project p;
    draft(&w, &p);
    p.n_interests = 0;
    /* Only Uzbekistan: drop kz and cn, lead takes 100 %. */
    p.partners[0].share_bp = 10000;
    p.n_partners = 1;
    ok(store_project_create(w.f->st, &p, w.uz_member, &err), &err);
    p.n_partners = 3;
    assert_int_equal(store_project_signoff(w.f->st, p.id, w.uz, 1, w.uz_admin, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "partners");
    assert_non_null(strstr(err.msg, "at least two states"));

    p.partners[0].share_bp = 5000; /* 50 + 30 + 20 - 10 = 90 */
    p.partners[2].share_bp = 1000;
    ok(store_project_update(w.f->st, &p, p.version, w.uz_member, NULL, &err), &err);
    assert_int_equal(store_project_signoff(w.f->st, p.id, w.uz, p.content_version + 1, w.uz_admin, &err),
                     HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "sum to 100 %; these sum to 90.00 %"));

    p.partners[2].share_bp = 2000;
    p.partners[1].role = PROLE_LEAD;
    ok(store_project_update(w.f->st, &p, p.version, w.uz_member, NULL, &err), &err);
    assert_int_equal(store_project_signoff(w.f->st, p.id, w.uz, content_of(&w, p.id), w.uz_admin, &err),
                     HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "exactly one lead"));

    p.partners[1].role = PROLE_COPRODUCER;
    p.budget = 0;
    ok(store_project_update(w.f->st, &p, p.version, w.uz_member, NULL, &err), &err);
    assert_int_equal(store_project_signoff(w.f->st, p.id, w.uz, content_of(&w, p.id), w.uz_admin, &err),
                     HK_ECONFLICT);
    assert_string_equal(err.field, "budget");
    int64_t id = p.id;
    project_free(&p);
    p = get(&w, id);
    assert_int_equal(p.n_signoffs, 0);
    project_free(&p);
}

/* ---- every illegal transition ---- */

typedef enum {
    OP_UPDATE, OP_SIGNOFF, OP_ENDORSE, OP_RETURN, OP_SUBMIT, OP_DECIDE, OP_START, OP_MILESTONE, OP_COMPLETE,
    OP_CANCEL, OP_QUESTION, OP_DOCUMENT, OP__COUNT
} op;
static const char *const op_names[OP__COUNT] = {"update", "signoff", "endorse", "return", "submit", "decide",
                                                "start", "milestone", "complete", "cancel", "question", "document"};

/* Whether op is allowed in state s by the state machine (other rules
 * aside); decide and question need a submission, which exists from
 * submitted on. */
static bool allowed(op o, project_state s)
{
    switch (o) {
    case OP_UPDATE: return s == PRJ_DRAFT || s == PRJ_SIGNED_OFF;
    case OP_SIGNOFF: return s == PRJ_DRAFT;
    case OP_ENDORSE: case OP_RETURN: return s == PRJ_SIGNED_OFF;
    case OP_SUBMIT: return s == PRJ_ENDORSED || s == PRJ_SUBMITTED;
    case OP_DECIDE: return s == PRJ_SUBMITTED;
    case OP_START: return s == PRJ_SUBMITTED;
    case OP_MILESTONE: case OP_COMPLETE: return s == PRJ_IMPLEMENTATION;
    case OP_CANCEL: case OP_DOCUMENT: return s != PRJ_COMPLETED && s != PRJ_CANCELLED;
    case OP_QUESTION: return s != PRJ_COMPLETED && s != PRJ_CANCELLED;
    default: return false;
    }
}

static const char PDF[] = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

static int attempt(world *w, int64_t id, op o, hk_err *err)
{
    hk_store *st = w->f->st;
    switch (o) {
    case OP_UPDATE: {
        project p = get(w, id);
        int rc = store_project_update(st, &p, p.version, w->uz_member, NULL, err);
        project_free(&p);
        return rc;
    }
    case OP_SIGNOFF: return store_project_signoff(st, id, w->uz, content_of(w, id), w->uz_admin, err);
    case OP_ENDORSE: return store_project_endorse(st, id, 0, w->coord_kz, err);
    case OP_RETURN: return store_project_return(st, id, "budget unclear", 0, w->coord_kz, err);
    case OP_SUBMIT: return store_project_submit(st, id, &w->bank2, 1, 0, w->uz_admin, err);
    case OP_DECIDE:
        return store_project_decide(st, submission_to(w, id, w->bank), SUB_DECLINED, 0, NULL, "no", w->fin, err);
    case OP_START: return store_project_start(st, id, 0, w->uz_admin, err);
    case OP_MILESTONE: return store_project_milestone_report(st, id, 0, MS_IN_PROGRESS, NULL, w->kz_admin, err);
    case OP_COMPLETE: return store_project_complete(st, id, 0, w->uz_admin, err);
    case OP_CANCEL: return store_project_cancel(st, id, "withdrawn", 0, w->uz_admin, err);
    case OP_QUESTION: {
        project_question q = {.submission_id = submission_to(w, id, w->bank), .author_id = w->fin, .body = (char *)"?"};
        return store_project_question_add(st, &q, err);
    }
    case OP_DOCUMENT: {
        project_document d = {.project_id = id, .name = (char *)"plan.pdf", .content_type = (char *)"application/pdf"};
        return store_project_doc_add(st, &d, PDF, sizeof PDF - 1, w->uz_member, NULL, err);
    }
    default: return HK_EINTERNAL;
    }
}

static void every_illegal_transition_is_refused_naming_the_rule_and_changes_nothing(void **state)
{
    world w;
    build_world(&w, *state);
    int tried = 0;
    for (int s = 0; s < PRJ__COUNT; s++) {
        int64_t id = create(&w);
        advance(&w, id, (project_state)s);
        assert_int_equal(state_of(&w, id), s);
        for (int o = 0; o < OP__COUNT; o++) {
            if (allowed((op)o, (project_state)s))
                continue;
            /* Without a submission there is nothing to decide or ask about. */
            if ((o == OP_DECIDE || o == OP_QUESTION) && submission_to(&w, id, w.bank) == 0)
                continue;
            int64_t before = version_of(&w, id);
            int64_t rows = raw_count(w.f->path, "SELECT (SELECT count(*) FROM audit_log) + "
                                                "(SELECT count(*) FROM project_notices)");
            hk_err err;
            hk_err_clear(&err);
            int rc = attempt(&w, id, (op)o, &err);
            if (rc != HK_ECONFLICT || strcmp(err.field, "state") != 0)
                fail_msg("%s in %s: rc %d, field \"%s\": %s", op_names[o], project_enum_name(PENUM_STATE, s), rc,
                         err.field, err.msg);
            char expect[64];
            snprintf(expect, sizeof expect, "the project is %s: ", project_enum_name(PENUM_STATE, s));
            assert_non_null(strstr(err.msg, expect));
            assert_int_equal(version_of(&w, id), before);
            assert_int_equal(state_of(&w, id), s);
            assert_int_equal(raw_count(w.f->path, "SELECT (SELECT count(*) FROM audit_log) + "
                                                  "(SELECT count(*) FROM project_notices)"),
                             rows);
            tried++;
        }
    }
    assert_true(tried >= 40);
}

/* ---- who moves each state ---- */

static void each_transition_is_made_only_by_whoever_the_chain_names(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    /* A plain member signs nothing; an admin signs only for their own organisation. */
    assert_int_equal(store_project_signoff(w.f->st, id, w.uz, 1, w.uz_member, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_signoff(w.f->st, id, w.uz, 1, w.kz_admin, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_signoff(w.f->st, id, w.ru, 1, w.ru_admin, &err), HK_EINVAL);
    assert_string_equal(err.field, "org_id");
    /* Outsiders do not edit. */
    project p = get(&w, id);
    assert_int_equal(store_project_update(w.f->st, &p, p.version, w.outsider, NULL, &err), HK_EFORBIDDEN);
    project_free(&p);
    advance(&w, id, PRJ_SIGNED_OFF);
    /* Only the coordinators of the partners' states endorse. */
    assert_int_equal(store_project_endorse(w.f->st, id, 0, w.coord_ru, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_endorse(w.f->st, id, 0, w.uz_admin, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_endorse(w.f->st, id, 0, w.sec, &err), HK_EFORBIDDEN);
    ok(store_project_endorse(w.f->st, id, 0, w.coord_uz, &err), &err);
    assert_int_equal(store_project_endorse(w.f->st, id, 0, w.coord_uz, &err), HK_ECONFLICT);
    ok(store_project_endorse(w.f->st, id, 0, w.coord_kz, &err), &err);
    ok(store_project_endorse(w.f->st, id, 0, w.coord_cn, &err), &err);
    /* Only the lead's admin submits, and only to financial institutions. */
    assert_int_equal(store_project_submit(w.f->st, id, &w.bank, 1, 0, w.kz_admin, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_submit(w.f->st, id, &w.ru, 1, 0, w.uz_admin, &err), HK_EINVAL);
    assert_string_equal(err.field, "institution_ids[0]");
    ok(store_project_submit(w.f->st, id, &w.bank, 1, 0, w.uz_admin, &err), &err);
    assert_int_equal(store_project_submit(w.f->st, id, &w.bank, 1, 0, w.uz_admin, &err), HK_ECONFLICT);
    int64_t sid = submission_to(&w, id, w.bank);
    /* Only the institution's financial users decide; another bank asks nothing. */
    assert_int_equal(store_project_decide(w.f->st, sid, SUB_APPROVED, 10, "USD", NULL, w.fin2, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_decide(w.f->st, sid, SUB_APPROVED, 10, "USD", NULL, w.uz_admin, &err),
                     HK_EFORBIDDEN);
    project_question q = {.submission_id = sid, .author_id = w.fin2, .body = (char *)"May we join?"};
    assert_int_equal(store_project_question_add(w.f->st, &q, &err), HK_EFORBIDDEN);
    q.author_id = w.outsider;
    assert_int_equal(store_project_question_add(w.f->st, &q, &err), HK_EFORBIDDEN);
    /* A decision needs its amount or its reason. */
    assert_int_equal(store_project_decide(w.f->st, sid, SUB_APPROVED, 0, "USD", NULL, w.fin, &err), HK_EINVAL);
    assert_string_equal(err.field, "amount");
    assert_int_equal(store_project_decide(w.f->st, sid, SUB_DECLINED, 0, NULL, "", w.fin, &err), HK_EINVAL);
    assert_string_equal(err.field, "reason");
    ok(store_project_decide(w.f->st, sid, SUB_DECLINED, 0, NULL, "outside our mandate", w.fin, &err), &err);
    assert_int_equal(store_project_decide(w.f->st, sid, SUB_APPROVED, 10, "USD", NULL, w.fin, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "status");
    /* Declined everywhere: implementation cannot start; another institution may be asked. */
    assert_int_equal(store_project_start(w.f->st, id, 0, w.uz_admin, &err), HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "approved financing"));
    ok(store_project_submit(w.f->st, id, &w.bank2, 1, 0, w.uz_admin, &err), &err);
    ok(store_project_decide(w.f->st, submission_to(&w, id, w.bank2), SUB_APPROVED, 5e5, "CNY", NULL, w.fin2, &err),
       &err);
    assert_int_equal(store_project_start(w.f->st, id, 0, w.kz_admin, &err), HK_EFORBIDDEN);
    ok(store_project_start(w.f->st, id, 0, w.uz_admin, &err), &err);
    /* Milestones by partners only; completion when all are done. */
    assert_int_equal(store_project_milestone_report(w.f->st, id, 0, MS_DONE, NULL, w.fin, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_milestone_report(w.f->st, id, 7, MS_DONE, NULL, w.uz_member, &err), HK_EINVAL);
    ok(store_project_milestone_report(w.f->st, id, 0, MS_DONE, NULL, w.uz_member, &err), &err);
    assert_int_equal(store_project_complete(w.f->st, id, 0, w.uz_admin, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "milestones");
    assert_int_equal(store_project_cancel(w.f->st, id, "x", 0, w.kz_admin, &err), HK_EFORBIDDEN);
    assert_int_equal(store_project_cancel(w.f->st, id, "", 0, w.uz_admin, &err), HK_EINVAL);
    assert_int_equal(state_of(&w, id), PRJ_IMPLEMENTATION);
}

static void a_coordinator_returns_a_project_with_a_reason_voiding_sign_offs(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    advance(&w, id, PRJ_SIGNED_OFF);
    ok(store_project_endorse(w.f->st, id, 0, w.coord_uz, &err), &err);
    assert_int_equal(store_project_return(w.f->st, id, "need the land title", 1, w.coord_kz, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");
    ok(store_project_return(w.f->st, id, "need the land title", version_of(&w, id), w.coord_kz, &err), &err);
    project p = get(&w, id);
    assert_int_equal(p.state, PRJ_DRAFT);
    assert_string_equal(p.state_reason, "need the land title");
    assert_int_equal(p.n_signoffs, 0);
    assert_int_equal(p.n_endorsements, 0);
    project_free(&p);
    assert_int_equal(notices(&w, w.cn_admin, id, "returned"), 1);
    assert_int_equal(audits(&w, id, "return"), 1);
}

/* ---- documents ---- */

static void documents_are_pdf_or_office_files_within_the_limits(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    project_document d = {.project_id = id, .name = (char *)"plan.pdf", .content_type = (char *)"application/pdf"};
    assert_int_equal(store_project_doc_add(w.f->st, &d, "MZ\x90\x00", 4, w.uz_member, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "content_type");
    d.content_type = (char *)"application/x-msdownload";
    assert_int_equal(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.uz_member, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "content_type");
    d.content_type = (char *)"application/pdf";
    d.name = (char *)"../../etc/passwd";
    assert_int_equal(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.uz_member, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "name");
    d.name = (char *)"plan.pdf";
    size_t big = PROJECT_DOC_MAX_BYTES + 1;
    char *huge = calloc(1, big);
    memcpy(huge, "%PDF-", 5);
    assert_int_equal(store_project_doc_add(w.f->st, &d, huge, big, w.uz_member, NULL, &err), HK_ETOOBIG);
    free(huge);
    assert_int_equal(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.outsider, NULL, &err), HK_EFORBIDDEN);
    assert_int_equal(raw_count(w.f->path, "SELECT count(*) FROM project_documents"), 0);

    static const unsigned char DOCX[] = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};
    project_document x = {.project_id = id, .name = (char *)"Смета.docx", .confidential = true,
                          .content_type =
                              (char *)"application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
    ok(store_project_doc_add(w.f->st, &x, DOCX, sizeof DOCX, w.kz_admin, NULL, &err), &err);
    project_document back;
    unsigned char *data;
    size_t len;
    ok(store_project_doc_get(w.f->st, x.id, &back, &data, &len, &err), &err);
    assert_int_equal(len, sizeof DOCX);
    assert_memory_equal(data, DOCX, sizeof DOCX);
    assert_true(back.confidential);
    assert_string_equal(back.name, "Смета.docx");
    assert_int_equal(back.size, (int64_t)sizeof DOCX);
    assert_string_equal(back.sha256, x.sha256);
    free(data);
    project_document_free(&back);
}

static void the_sha256_of_a_document_is_the_standard_one(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    /* "%PDF-" then 59 bytes: 64 in all, a padding block of its own. */
    char body[65];
    memset(body, 'a', 64);
    memcpy(body, "%PDF-", 5);
    body[64] = '\0';
    project_document d = {.project_id = id, .name = (char *)"a.pdf", .content_type = (char *)"application/pdf"};
    ok(store_project_doc_add(w.f->st, &d, body, 64, w.uz_member, NULL, &err), &err);
    /* printf '%%PDF-' ; printf 'a%.0s' {1..59} | sha256sum */
    assert_string_equal(d.sha256, "a3714423792fdc789f6bd2f39f494139a675db6446c62753f27f849e5b74e97a");
}

static void a_document_added_after_sign_offs_voids_them(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    sign(&w, id, w.uz, w.uz_admin);
    project_document d = {.project_id = id, .name = (char *)"annex.pdf", .content_type = (char *)"application/pdf"};
    size_t voided = 0;
    ok(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.cn_admin, &voided, &err), &err);
    assert_int_equal(voided, 1);
    project p = get(&w, id);
    assert_int_equal(p.n_signoffs, 0);
    assert_int_equal(p.content_version, 2);
    project_free(&p);
    /* After endorsement a document is a progress document: nothing voided. */
    advance(&w, id, PRJ_ENDORSED);
    ok(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.cn_admin, &voided, &err), &err);
    assert_int_equal(voided, 0);
    assert_int_equal(state_of(&w, id), PRJ_ENDORSED);
}

/* Who sees the project and its confidential documents, from every actor. */
static void confidential_documents_are_seen_by_partners_coordinators_and_institutions_only(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    advance(&w, id, PRJ_SUBMITTED); /* submitted to AIIB, not NDB */
    struct {
        int64_t uid;
        bool sees, confidential;
    } who[] = {
        {w.uz_admin, true, true},  {w.uz_member, true, true}, {w.kz_admin, true, true},  {w.cn_admin, true, true},
        {w.coord_uz, true, true},  {w.coord_kz, true, true},  {w.coord_cn, true, true},  {w.fin, true, true},
        {w.coord_ru, false, false}, {w.ru_admin, false, false}, {w.outsider, false, false},
        {w.fin2, true, false}, /* the pipeline: the project, not its confidential papers */
        {w.sec, true, false},  /* follow-up in the action plan */
        {0, false, false},     /* a visitor */
    };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
        project_relation r;
        ok(store_project_relation(w.f->st, id, who[i].uid, &r, &err), &err);
        if (project_visible(&r, PRJ_SUBMITTED) != who[i].sees ||
            project_confidential_visible(&r) != who[i].confidential)
            fail_msg("actor %zu (user %lld): sees %d, confidential %d", i, (long long)who[i].uid,
                     project_visible(&r, PRJ_SUBMITTED), project_confidential_visible(&r));
    }
    /* A draft is the partners' alone. */
    int64_t other = create(&w);
    project_relation r;
    ok(store_project_relation(w.f->st, other, w.coord_uz, &r, &err), &err);
    assert_false(project_visible(&r, PRJ_DRAFT));
    ok(store_project_relation(w.f->st, other, w.sec, &r, &err), &err);
    assert_false(project_visible(&r, PRJ_DRAFT));
    ok(store_project_relation(w.f->st, other, w.kz_admin, &r, &err), &err);
    assert_true(project_visible(&r, PRJ_DRAFT));
}

/* ---- lists and notices ---- */

static void the_pipeline_filters_by_sector_state_amount_and_stage_and_sorts(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t a = create(&w), b = create(&w), c = create(&w);
    advance(&w, a, PRJ_ENDORSED);
    advance(&w, b, PRJ_SUBMITTED);
    project p = get(&w, c);
    p.budget = 9e6;
    p.sector = SECTOR_ENERGY;
    ok(store_project_update(w.f->st, &p, p.version, w.uz_member, NULL, &err), &err);
    project_free(&p);
    advance(&w, c, PRJ_ENDORSED);

    project_query q = {.states = 1u << PRJ_ENDORSED | 1u << PRJ_SUBMITTED, .sector = -1, .sort = PSORT_BUDGET,
                       .descending = true, .limit = 10};
    project *v;
    size_t n;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, c);
    projects_free(v, n);
    q.sector = SECTOR_INDUSTRY;
    q.descending = false;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, a);
    projects_free(v, n);
    q.sector = -1;
    q.min_budget = 5e6;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, c);
    projects_free(v, n);
    q.min_budget = 0;
    q.max_budget = 5e6;
    q.states = 1u << PRJ_SUBMITTED;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, b);
    projects_free(v, n);
    q.states = 0;
    q.max_budget = 0;
    q.country = "RU";
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 0);
    projects_free(v, n);
    q.country = "KZ";
    q.member_user_id = w.outsider;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 0);
    projects_free(v, n);
    q.member_user_id = w.cn_admin;
    ok(store_project_list(w.f->st, &q, &v, &n, &err), &err);
    assert_int_equal(n, 3);
    projects_free(v, n);
}

static void notices_list_newest_first_and_are_marked_read(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    sign(&w, id, w.uz, w.uz_admin);
    project_notice *v;
    size_t n;
    ok(store_project_notices(w.f->st, w.kz_admin, 0, 10, &v, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].kind, "signoff_needed");
    assert_string_equal(v[1].kind, "project_invited");
    assert_int_equal(v[0].read_at, 0);
    int64_t first = v[0].id;
    project_notices_free(v, n);
    ok(store_project_notice_read(w.f->st, first, w.kz_admin, &err), &err);
    assert_int_equal(store_project_notice_read(w.f->st, first, w.cn_admin, &err), HK_ENOTFOUND);
    ok(store_project_notices(w.f->st, w.kz_admin, 0, 1, &v, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_true(v[0].read_at > 0);
    project_notices_free(v, n);
}

/* hamkor copy carries projects whole: every table of migration 7, ids kept,
 * document bytes and all, and the next id is fresh. */
static void a_store_with_projects_copies_whole(void **state)
{
    world w;
    build_world(&w, *state);
    hk_err err;
    int64_t id = create(&w);
    advance(&w, id, PRJ_SUBMITTED);
    project_document d = {.project_id = id, .name = (char *)"plan.pdf", .content_type = (char *)"application/pdf",
                          .confidential = true};
    ok(store_project_doc_add(w.f->st, &d, PDF, sizeof PDF - 1, w.uz_member, NULL, &err), &err);
    project_question q = {.submission_id = submission_to(&w, id, w.bank), .author_id = w.fin, .body = (char *)"?"};
    ok(store_project_question_add(w.f->st, &q, &err), &err);

    char path[STORE_FIXTURE_PATH_MAX];
    assert_int_equal(store_fixture_path(path, sizeof path, "projcopy"), 0);
    hk_store *to;
    ok(store_open(path, &to, &err), &err);
    ok(store_copy(w.f->st, to, NULL, NULL, &err), &err);
    project a = get(&w, id), b;
    ok(store_project_get(to, id, &b, &err), &err);
    assert_int_equal(b.state, a.state);
    assert_int_equal(b.version, a.version);
    assert_int_equal(b.n_partners, 3);
    assert_int_equal(b.n_signoffs, a.n_signoffs);
    assert_int_equal(b.n_endorsements, a.n_endorsements);
    assert_string_equal(b.texts[1].title, a.texts[1].title);
    assert_int_equal(b.created_at, a.created_at);
    project_free(&a);
    project_free(&b);
    project_document back;
    unsigned char *data;
    size_t len;
    ok(store_project_doc_get(to, d.id, &back, &data, &len, &err), &err);
    assert_int_equal(len, sizeof PDF - 1);
    assert_memory_equal(data, PDF, len);
    assert_true(back.confidential);
    free(data);
    project_document_free(&back);
    project_question *thread;
    size_t n;
    ok(store_project_questions(to, q.submission_id, &thread, &n, &err), &err);
    assert_int_equal(n, 1);
    project_questions_free(thread, n);
    /* A new project in the copy gets an id past the copied ones. */
    world w2 = w;
    store_fx f2 = {.st = to};
    snprintf(f2.path, sizeof f2.path, "%s", path);
    w2.f = &f2;
    assert_true(create(&w2) > id);
    store_close(to);
    store_fixture_remove(path);
}

static void a_milestone_not_done_after_its_due_date_is_overdue(void **state)
{
    (void)state;
    project_milestone m = {.title = (char *)"Foundry", .due = "2027-06-30", .status = MS_IN_PROGRESS};
    assert_false(project_milestone_overdue(&m, "2027-06-30"));
    assert_true(project_milestone_overdue(&m, "2027-07-01"));
    m.status = MS_DONE;
    assert_false(project_milestone_overdue(&m, "2027-07-01"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(full_chain_with_partners_from_three_states_reaches_completed),
        T(project_and_interest_are_linked_both_ways),
        T(a_project_grows_only_from_an_accepted_interest_of_ones_own),
        T(only_a_partners_member_creates_a_project),
        T(malformed_fields_are_refused_naming_the_field),
        T(a_change_after_sign_offs_voids_them_all_and_says_so),
        T(a_change_when_signed_off_voids_endorsements_and_returns_to_draft),
        T(a_sign_off_of_content_that_changed_is_refused),
        T(an_edit_with_a_stale_version_is_refused_and_changes_nothing),
        T(an_organisation_signs_off_once),
        T(sign_off_needs_two_states_full_shares_one_lead_and_a_budget),
        T(every_illegal_transition_is_refused_naming_the_rule_and_changes_nothing),
        T(each_transition_is_made_only_by_whoever_the_chain_names),
        T(a_coordinator_returns_a_project_with_a_reason_voiding_sign_offs),
        T(documents_are_pdf_or_office_files_within_the_limits),
        T(the_sha256_of_a_document_is_the_standard_one),
        T(a_document_added_after_sign_offs_voids_them),
        T(confidential_documents_are_seen_by_partners_coordinators_and_institutions_only),
        T(the_pipeline_filters_by_sector_state_amount_and_stage_and_sorts),
        T(notices_list_newest_first_and_are_marked_read),
        T(a_store_with_projects_copies_whole),
        cmocka_unit_test(a_milestone_not_done_after_its_due_date_is_overdue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
