/*
 * test_demo_projects.c - the demo's joint projects (src/demo/demo_projects.c):
 * after the demo data and accounts, the financial institutions the brief
 * names exist with a credit officer each, and there is a project at every
 * stage of the chain, each with partners from at least three states,
 * texts in Russian, Chinese and English, grown from an accepted interest,
 * and the pipeline shows the ones seeking financing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "store/store_project.h"

static void demo_has_institutions_and_a_project_at_every_stage(void **state)
{
    (void)state;
    hk_err err;
    hk_store *st = NULL;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    assert_int_equal(store_seed_countries(st, "data/countries.tsv", &err), 0);
    demo_opts o;
    demo_opts_default(&o);
    o.n_orgs = 300;
    o.n_listings = 1500;
    demo_result res;
    if (demo_generate(st, &o, &res, &err) || demo_accounts(st, "demo password 1", NULL, NULL, &err) ||
        demo_projects(st, "demo password 1", NULL, NULL, &err))
        fail_msg("%s: %s", err.field, err.msg);

    static const char *const banks[] = {"credit.aiib@demo.hamkor.org", "credit.ndb@demo.hamkor.org",
                                        "credit.silkroad@demo.hamkor.org", "credit.sco-iba@demo.hamkor.org"};
    for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++) {
        user u;
        assert_int_equal(store_user_get_by_email(st, banks[i], &u, &err), 0);
        assert_int_equal(u.role, ROLE_FINANCIAL);
        membership *m;
        size_t n;
        assert_int_equal(store_memberships_of_user(st, u.id, &m, &n, &err), 0);
        assert_int_equal(n, 1);
        organisation org;
        assert_int_equal(store_org_get(st, m[0].org_id, &org, &err), 0);
        assert_int_equal(org.type, ORG_FINANCIAL);
        organisation_free(&org);
        free(m);
        user_free(&u);
    }

    project_query q = {.sector = -1, .limit = 100, .sort = PSORT_CREATED};
    project *v;
    size_t n;
    assert_int_equal(store_project_list(st, &q, &v, &n, &err), 0);
    bool stage[PRJ__COUNT] = {false};
    for (size_t i = 0; i < n; i++) {
        stage[v[i].state] = true;
        assert_true(v[i].n_countries >= 3);
        assert_int_equal(v[i].n_texts, 3);
        assert_int_equal(v[i].n_interests, 1);
        int64_t *ids;
        size_t k;
        assert_int_equal(store_projects_of_interest(st, v[i].interest_ids[0], &ids, &k, &err), 0);
        assert_true(k >= 1);
        free(ids);
        interest eoi;
        assert_int_equal(store_interest_get(st, v[i].interest_ids[0], &eoi, &err), 0);
        assert_int_equal(eoi.status, EOI_ACCEPTED);
        interest_free(&eoi);
    }
    for (int s = 0; s < PRJ__COUNT; s++)
        if (!stage[s])
            fail_msg("no demo project is %s", project_enum_name(PENUM_STATE, s));
    projects_free(v, n);

    /* The pipeline holds what seeks financing. */
    project_query pipe = {.sector = -1, .limit = 100, .states = 1u << PRJ_ENDORSED | 1u << PRJ_SUBMITTED};
    assert_int_equal(store_project_list(st, &pipe, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    projects_free(v, n);

    /* Meeting requests on the accepted interests, in every state. */
    user uz;
    assert_int_equal(store_user_get_by_email(st, "member.uz@demo.hamkor.org", &uz, &err), 0);
    membership *mm;
    size_t nm;
    assert_int_equal(store_memberships_of_user(st, uz.id, &mm, &nm, &err), 0);
    int64_t orgs[2] = {mm[0].org_id, 0};
    free(mm);
    user_free(&uz);
    user cn;
    assert_int_equal(store_user_get_by_email(st, "member.cn@demo.hamkor.org", &cn, &err), 0);
    assert_int_equal(store_memberships_of_user(st, cn.id, &mm, &nm, &err), 0);
    orgs[1] = mm[0].org_id;
    free(mm);
    user_free(&cn);
    store_pm_filter f = {.orgs = orgs, .n_orgs = 2, .status = -1, .limit = 100};
    partner_meeting *pm;
    size_t npm;
    assert_int_equal(store_pm_list(st, &f, &pm, &npm, &err), 0);
    bool seen[PM__STATUS_COUNT] = {false};
    bool countered = false;
    for (size_t i = 0; i < npm; i++) {
        seen[pm[i].status] = true;
        countered = countered || pm[i].round > 1;
        assert_true(pm[i].interest_id > 0);
    }
    for (int s = 0; s < PM__STATUS_COUNT; s++)
        if (!seen[s])
            fail_msg("no demo meeting request is %s", pm_status_name((pm_status)s));
    assert_true(countered);
    partner_meetings_free(pm, npm);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_has_institutions_and_a_project_at_every_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
