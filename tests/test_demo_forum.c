/*
 * test_demo_forum.c - the demo's SCO Economic Forum (src/demo/demo_forum.c,
 * issue 14): written with the demo, a few hundred participants from the
 * demo's organisations, requests in every state, and a stored schedule
 * that keeps the scheduler's rules and comes close to its bound; the same
 * seed writes the same schedule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/demo.h"
#include "store/store_event.h"

static hk_store *open_with_demo(uint64_t seed, demo_result *res)
{
    hk_err err;
    hk_err_clear(&err);
    hk_store *st = NULL;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    assert_int_equal(store_seed_countries(st, "data/countries.tsv", &err), 0);
    demo_opts o;
    demo_opts_default(&o);
    o.seed = seed;
    o.n_orgs = 600;
    o.n_listings = 1500;
    if (demo_generate(st, &o, res, &err))
        fail_msg("demo_generate: %s: %s", err.field, err.msg);
    return st;
}

static void the_forum_is_written_with_a_schedule_that_keeps_the_rules(void **state)
{
    (void)state;
    demo_result res;
    hk_store *st = open_with_demo(2026, &res);
    hk_err err;
    hk_event *ev;
    size_t n;
    assert_int_equal(store_events_list(st, 10, &ev, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].kind, EVENT_FORUM);
    assert_int_equal(ev[0].n_texts, 3);
    event_slot *s;
    size_t ns;
    assert_int_equal(event_slots(&ev[0], &s, &ns, &err), 0);
    assert_int_equal(ns, 28);
    assert_true(res.forum_participants >= 200);
    store_event_run run;
    assert_int_equal(store_event_last_run(st, ev[0].id, &run, &err), 0);
    print_message("%zu participants, %zu accepted requests, %zu held, bound %zu, %.3f s\n", res.forum_participants,
                  run.requests, run.held, run.bound, run.seconds);
    assert_int_equal(run.held, res.forum_meetings);
    assert_true(run.held > 0 && run.held <= run.bound);
    assert_true((double)(run.bound - run.held) <= 0.05 * (double)run.bound);
    /* The rules on the stored plan. */
    event_meeting *m;
    size_t nm;
    assert_int_equal(store_event_plan(st, ev[0].id, &m, &nm, &err), 0);
    assert_int_equal(nm, run.held);
    for (size_t i = 0; i < nm; i++) {
        size_t k = 0;
        while (k < ns && s[k].starts_at != m[i].slot_at)
            k++;
        assert_true(k < ns);
        assert_true(m[i].table_no >= 0 && m[i].table_no < ev[0].tables);
        int64_t who[2] = {m[i].a, m[i].b};
        for (int w = 0; w < 2; w++) {
            event_participant p;
            assert_int_equal(store_event_participant_get(st, who[w], &p, &err), 0);
            assert_true(p.avail & (1ull << k));
            int mine = 0;
            for (size_t j = 0; j < nm; j++)
                if (m[j].a == who[w] || m[j].b == who[w]) {
                    mine++;
                    assert_true(j == i || m[j].slot_at != m[i].slot_at);
                }
            assert_true(mine <= p.meeting_limit);
            event_participant_free(&p);
        }
    }
    /* Requests in every state, the declined and pending ones off the plan. */
    event_request *rq;
    size_t nr;
    assert_int_equal(store_event_requests(st, ev[0].id, 0, &rq, &nr, &err), 0);
    size_t by[EREQ__COUNT] = {0};
    for (size_t i = 0; i < nr; i++) {
        by[rq[i].status]++;
        if (rq[i].status != EREQ_ACCEPTED)
            assert_int_equal(rq[i].slot_at, 0);
    }
    assert_true(by[EREQ_ACCEPTED] > 0 && by[EREQ_DECLINED] > 0 && by[EREQ_PENDING] > 0);
    event_requests_free(rq, nr);
    /* The marketplace pages past 64 (the store's usual list cap). */
    store_participant_filter f = {.event_id = ev[0].id, .limit = EVENT_LIST_MAX};
    event_participant *pv;
    size_t np, total;
    assert_int_equal(store_event_participants(st, &f, &pv, &np, &total, &err), 0);
    assert_int_equal(np, EVENT_LIST_MAX);
    assert_int_equal(total, res.forum_participants);
    event_participants_free(pv, np);
    /* A re-run with nothing changed keeps every meeting where it was; its
     * time through the store (read, solve, write, one transaction). */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    store_event_run again;
    assert_int_equal(store_event_schedule_run(st, ev[0].id, NULL, 0, &again, &err), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("re-run through the store: %.3f s (solver %.3f s), held %zu, kept %zu, moved %zu, dropped %zu\n",
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, again.seconds,
                  again.held, again.kept, again.moved, again.dropped);
    assert_int_equal(again.held, run.held);
    assert_int_equal(again.moved + again.dropped, 0);
    assert_int_equal(again.notified, 0);
    free(m);
    free(s);
    store_events_free(ev, n);
    store_close(st);
}

static void the_same_seed_writes_the_same_schedule(void **state)
{
    (void)state;
    demo_result a, b;
    hk_store *x = open_with_demo(7, &a), *y = open_with_demo(7, &b);
    hk_err err;
    event_meeting *ma, *mb;
    size_t na, nb;
    assert_int_equal(store_event_plan(x, 1, &ma, &na, &err), 0);
    assert_int_equal(store_event_plan(y, 1, &mb, &nb, &err), 0);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(ma[i].request_id, mb[i].request_id);
        assert_int_equal(ma[i].slot_at, mb[i].slot_at);
        assert_int_equal(ma[i].table_no, mb[i].table_no);
    }
    free(ma);
    free(mb);
    store_close(x);
    store_close(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_forum_is_written_with_a_schedule_that_keeps_the_rules),
        cmocka_unit_test(the_same_seed_writes_the_same_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
