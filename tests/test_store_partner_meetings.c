/*
 * test_store_partner_meetings.c - the store's rules for meeting requests
 * between partners (store_partner_meeting.c, migration 12): a proposal's
 * checks without the database, asking on an interest or a listing, the
 * turn, the history of rounds, the notifications every member of the
 * other side gets (never the actor), the audit trail, the lists, and a
 * refused step that changes nothing, and two answers racing from two
 * connections (one wins, the other is told why). Runs on SQLite and, with
 * HAMKOR_TEST_PG, on PostgreSQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

typedef struct world {
    store_fx fx;
    int64_t org_a, org_b, org_c;
    int64_t alice, anvar, bob, carol; /* alice and anvar in A, bob in B, carol in C */
    int64_t listing;                  /* A's published listing */
    int64_t interest;                 /* B's interest in it, accepted by A */
} world;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n";

/* The call, with hk_err e_ in scope, must succeed. */
#define CHECK(call)                                                                                                \
    do {                                                                                                           \
        if ((call) != 0)                                                                                           \
            fail_msg("%s: %s: %s", #call, e_.field, e_.msg);                                                       \
    } while (0)

static int64_t make_org(world *w, const char *iso2, const char *name)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){.text = strdup(name), .lang = strdup("en"), .primary = true};
    o.n_names = 1;
    strcpy(o.country, iso2);
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_SMALL;
    hk_err err;
    if (store_org_create(w->fx.st, &o, 0, &err))
        fail_msg("org: %s", err.msg);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t make_user(world *w, const char *email, int64_t org)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone"};
    hk_err err;
    if (store_user_create(w->fx.st, &u, &err))
        fail_msg("user: %s", err.msg);
    membership m = {.user_id = u.id, .org_id = org, .is_admin = true};
    if (store_membership_put(w->fx.st, &m, 0, &err))
        fail_msg("membership: %s", err.msg);
    return u.id;
}

static int64_t make_listing(world *w, int64_t org, listing_status status)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_ORIGINAL, .title = strdup("Castings")};
    l.n_texts = 1;
    l.status = status;
    strcpy(l.expires, "2099-12-31");
    hk_err err;
    if (store_listing_create(w->fx.st, &l, 0, &err))
        fail_msg("listing: %s", err.msg);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

static int64_t make_interest(world *w, int64_t listing_id, int64_t from_org, int64_t from_user, bool accept)
{
    interest i = {.listing_id = listing_id, .from_org_id = from_org, .from_user_id = from_user,
                  .offered = (char *)"machining", .sought = (char *)"castings", .why = (char *)"same corridor"};
    hk_err err;
    if (store_interest_create(w->fx.st, &i, &err) ||
        (accept && store_interest_decide(w->fx.st, i.id, EOI_ACCEPTED, w->alice, &err)))
        fail_msg("interest: %s", err.msg);
    return i.id;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (store_fixture_path(w->fx.path, sizeof w->fx.path, "pmeet"))
        return -1;
    w->fx.st = store_fixture_open(w->fx.path, COUNTRIES);
    w->org_a = make_org(w, "UZ", "Tashkent Foundry");
    w->org_b = make_org(w, "KZ", "Almaty Machine Works");
    w->org_c = make_org(w, "CN", "Xi'an Castings");
    w->alice = make_user(w, "alice@a.example", w->org_a);
    w->anvar = make_user(w, "anvar@a.example", w->org_a);
    w->bob = make_user(w, "bob@b.example", w->org_b);
    w->carol = make_user(w, "carol@c.example", w->org_c);
    w->listing = make_listing(w, w->org_a, STATUS_PUBLISHED);
    w->interest = make_interest(w, w->listing, w->org_b, w->bob, true);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    store_close(w->fx.st);
    store_fixture_remove(w->fx.path);
    free(w);
    return 0;
}

static pm_proposal proposal(const char *start, const char *tz)
{
    pm_proposal p = {.n_times = 1, .place = "Tashkent", .message = "Let us meet"};
    snprintf(p.times[0].starts, sizeof p.times[0].starts, "%s", start);
    snprintf(p.times[0].tz, sizeof p.times[0].tz, "%s", tz);
    p.times[0].minutes = 60;
    return p;
}

static int64_t count(world *w, const char *fmt, long long a)
{
    char sql[256];
    snprintf(sql, sizeof sql, fmt, a);
    return raw_count(w->fx.path, sql);
}

static int64_t notes(world *w, int64_t user_id)
{
    return count(w, "SELECT count(*) FROM notifications WHERE kind = 'partner_meeting' AND user_id = %lld", user_id);
}

/* ---- proposals alone ---- */

static void a_proposal_is_checked_before_the_database_is_asked(void **state)
{
    (void)state;
    hk_err err;
    int64_t now = 1900000000; /* 2030-03-17 */
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    assert_int_equal(pm_proposal_check(&p, now, &err), 0);
    assert_int_equal(p.times[0].starts_at, 1930885200); /* 05:00 UTC */
    p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    p.n_times = 0;
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "times");
    p.n_times = PM_TIMES_MAX + 1;
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    p = proposal("2029-03-10T10:00", "Asia/Tashkent");
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "times[0].start");
    p = proposal("2031-03-10T10:00", "GMT+5");
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "times[0].tz");
    p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    p.place = NULL;
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "place");
    p.video_url = "ftp://meet.example.org/";
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "video_url");
    p.video_url = "https://meet.example.org/room";
    assert_int_equal(pm_proposal_check(&p, now, &err), 0);
    p.message = "\xc3\x28";
    assert_int_equal(pm_proposal_check(&p, now, &err), HK_EINVAL);
    assert_string_equal(err.field, "message");
    assert_true(pm_url_valid("https://meet.example.org/x?y=1"));
    assert_false(pm_url_valid("https://a@b.example/"));
    assert_false(pm_url_valid("javascript:alert(1)"));
}

/* ---- the steps ---- */

static void every_step_tells_every_member_of_the_other_side_and_is_audited(void **state)
{
    world *w = *state;
    hk_err e_;
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    int64_t id;
    CHECK(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_b, w->bob, &p, &id, &e_));
    /* Both members of A are told; bob, who asked, is not; C knows nothing. */
    assert_int_equal(notes(w, w->alice), 1);
    assert_int_equal(notes(w, w->anvar), 1);
    assert_int_equal(notes(w, w->bob), 0);
    assert_int_equal(notes(w, w->carol), 0);

    pm_proposal q = proposal("2031-03-12T09:00", "Asia/Almaty");
    CHECK(store_pm_counter(w->fx.st, id, w->org_a, w->anvar, &q, &e_));
    assert_int_equal(notes(w, w->bob), 1);
    assert_int_equal(notes(w, w->anvar), 1); /* the actor is not told of its own step */
    CHECK(store_pm_accept(w->fx.st, id, w->org_b, w->bob, 1, &e_));
    assert_int_equal(notes(w, w->alice), 2);
    assert_int_equal(notes(w, w->anvar), 2);

    partner_meeting m;
    CHECK(store_pm_get(w->fx.st, id, &m, &e_));
    assert_int_equal(m.status, PM_ACCEPTED);
    assert_true(m.has_accepted);
    assert_string_equal(m.accepted.tz, "Asia/Almaty");
    assert_int_equal(m.round, 2);
    assert_int_equal(m.n_steps, 3);
    assert_int_equal(m.steps[0].n_times, 1);
    assert_string_equal(m.steps[0].times[0].tz, "Asia/Tashkent");
    assert_int_equal(m.steps[1].action, PM_COUNTER);
    assert_int_equal(m.steps[1].actor_id, w->anvar);
    assert_int_equal(m.steps[2].action, PM_ACCEPT);
    assert_int_equal(m.version, 3);
    partner_meeting_free(&m);

    /* One audit entry per step, by its actor. */
    assert_int_equal(count(w, "SELECT count(*) FROM audit_log WHERE entity = 'partner_meeting' AND entity_id = %lld", id),
                     3);
    assert_int_equal(count(w,
                           "SELECT count(*) FROM audit_log WHERE entity = 'partner_meeting' AND action = 'counter' "
                           "AND actor_id = %lld",
                           w->anvar),
                     1);
    /* The notification names the interest and the request. */
    store_notification *v;
    size_t n;
    CHECK(store_notifications_of_user(w->fx.st, w->bob, 0, 10, &v, &n, &e_));
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == NOTIFY_PARTNER_MEETING) {
            seen = true;
            assert_int_equal(v[i].interest_id, w->interest);
            assert_int_equal(v[i].listing_id, w->listing);
            assert_non_null(strstr(v[i].payload, "\"step\":\"counter\""));
        }
    assert_true(seen);
    store_notifications_free(v, n);
}

static void a_refused_step_changes_nothing(void **state)
{
    world *w = *state;
    hk_err err;
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    int64_t id;
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_b, w->bob, &p, &id, &err), 0);
    int64_t steps = count(w, "SELECT count(*) FROM partner_meeting_steps WHERE meeting_id = %lld", id);
    int64_t noted = count(w, "SELECT count(*) FROM notifications WHERE kind = 'partner_meeting' AND %lld > 0", 1);
    /* Out of turn, by a non-member, a wrong option, a bad counter. */
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_b, w->bob, 1, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "status");
    assert_int_equal(strncmp(err.msg, "rule: ", 6), 0);
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_a, w->carol, 1, &err), HK_EFORBIDDEN);
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_c, w->carol, 1, &err), HK_EFORBIDDEN);
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_a, w->alice, 2, &err), HK_EINVAL);
    assert_string_equal(err.field, "option");
    pm_proposal bad = proposal("2031-03-10T10:00", "Nowhere/Land");
    assert_int_equal(store_pm_counter(w->fx.st, id, w->org_a, w->alice, &bad, &err), HK_EINVAL);
    assert_int_equal(store_pm_decline(w->fx.st, id, w->org_a, w->alice, "", &err), HK_EINVAL);
    assert_int_equal(store_pm_cancel(w->fx.st, id, w->org_a, w->alice, NULL, &err), HK_ECONFLICT);
    assert_int_equal(count(w, "SELECT count(*) FROM partner_meeting_steps WHERE meeting_id = %lld", id), steps);
    assert_int_equal(count(w, "SELECT count(*) FROM notifications WHERE kind = 'partner_meeting' AND %lld > 0", 1),
                     noted);
    partner_meeting m;
    assert_int_equal(store_pm_get(w->fx.st, id, &m, &err), 0);
    assert_int_equal(m.status, PM_PENDING);
    assert_int_equal(m.version, 1);
    partner_meeting_free(&m);
    /* After a decline, nothing but reading. */
    assert_int_equal(store_pm_decline(w->fx.st, id, w->org_a, w->alice, "Not now", &err), 0);
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_a, w->alice, 1, &err), HK_ECONFLICT);
    assert_int_equal(store_pm_counter(w->fx.st, id, w->org_a, w->alice, &p, &err), HK_ECONFLICT);
    assert_int_equal(store_pm_cancel(w->fx.st, id, w->org_b, w->bob, NULL, &err), HK_ECONFLICT);
}

static void asking_needs_an_accepted_interest_or_a_published_listing_of_another_organisation(void **state)
{
    world *w = *state;
    hk_err err;
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    int64_t id;
    int64_t pending = make_interest(w, w->listing, w->org_c, w->carol, false);
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, pending, w->org_c, w->carol, &p, &id, &err), HK_ECONFLICT);
    assert_int_equal(id, 0);
    /* Only the interest's two sides, each by its own member. */
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_c, w->carol, &p, &id, &err),
                     HK_EINVAL);
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_a, w->bob, &p, &id, &err),
                     HK_EFORBIDDEN);
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, 999999, w->org_a, w->alice, &p, &id, &err), HK_ENOTFOUND);
    /* The listing's side asks B. */
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_a, w->alice, &p, &id, &err), 0);
    partner_meeting m;
    assert_int_equal(store_pm_get(w->fx.st, id, &m, &err), 0);
    assert_int_equal(m.to_org_id, w->org_b);
    assert_int_equal(m.turn_org_id, w->org_b);
    partner_meeting_free(&m);

    int64_t draft = make_listing(w, w->org_a, STATUS_DRAFT);
    assert_int_equal(store_pm_propose_on_listing(w->fx.st, draft, w->org_c, w->carol, &p, &id, &err), HK_ECONFLICT);
    assert_int_equal(store_pm_propose_on_listing(w->fx.st, w->listing, w->org_a, w->alice, &p, &id, &err),
                     HK_ECONFLICT);
    assert_int_equal(store_pm_propose_on_listing(w->fx.st, w->listing, w->org_c, w->carol, &p, &id, &err), 0);
    assert_int_equal(store_pm_get(w->fx.st, id, &m, &err), 0);
    assert_int_equal(m.interest_id, 0);
    assert_int_equal(m.to_org_id, w->org_a);
    partner_meeting_free(&m);
    /* The notification of a request on a listing names no interest. */
    assert_int_equal(count(w,
                           "SELECT count(*) FROM notifications WHERE kind = 'partner_meeting' AND interest_id IS NULL "
                           "AND user_id = %lld",
                           w->alice),
                     1);
}

static void lists_hold_each_side_its_own_requests(void **state)
{
    world *w = *state;
    hk_err err;
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    int64_t ids[3];
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_b, w->bob, &p, &ids[0], &err), 0);
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_a, w->alice, &p, &ids[1], &err), 0);
    assert_int_equal(store_pm_propose_on_listing(w->fx.st, w->listing, w->org_c, w->carol, &p, &ids[2], &err), 0);
    assert_int_equal(store_pm_accept(w->fx.st, ids[0], w->org_a, w->alice, 1, &err), 0);

    int64_t a[] = {w->org_a}, c[] = {w->org_c};
    partner_meeting *v;
    size_t n;
    store_pm_filter f = {.orgs = a, .n_orgs = 1, .status = -1, .limit = 10};
    assert_int_equal(store_pm_list(w->fx.st, &f, &v, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, ids[2]); /* newest first */
    assert_int_equal(v[0].n_times, 1);
    assert_string_equal(v[0].message, "Let us meet");
    partner_meetings_free(v, n);
    f.status = PM_ACCEPTED;
    assert_int_equal(store_pm_list(w->fx.st, &f, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, ids[0]);
    partner_meetings_free(v, n);
    f.status = -1;
    f.interest_id = w->interest;
    f.limit = 1;
    assert_int_equal(store_pm_list(w->fx.st, &f, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, ids[1]);
    f.before_id = v[0].id;
    partner_meetings_free(v, n);
    assert_int_equal(store_pm_list(w->fx.st, &f, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, ids[0]);
    partner_meetings_free(v, n);
    store_pm_filter fc = {.orgs = c, .n_orgs = 1, .status = -1, .limit = 10};
    assert_int_equal(store_pm_list(w->fx.st, &fc, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, ids[2]);
    partner_meetings_free(v, n);
    fc.limit = 0;
    assert_int_equal(store_pm_list(w->fx.st, &fc, &v, &n, &err), HK_EINVAL);
}

/* ---- two answers at once ---- */

typedef struct racer {
    const char *path;
    int64_t id, org, user;
    atomic_int done;
    int rc;
    hk_err err;
} racer;

static void *decline_from_another_connection(void *p)
{
    racer *r = p;
    hk_store *st;
    r->rc = store_open(r->path, &st, &r->err);
    if (!r->rc) {
        r->rc = store_pm_decline(st, r->id, r->org, r->user, "Too late for us", &r->err);
        store_close(st);
    }
    atomic_store(&r->done, 1);
    return NULL;
}

static void of_two_answers_at_once_the_second_is_refused_as_coming_after(void **state)
{
    world *w = *state;
    hk_err err;
    pm_proposal p = proposal("2031-03-10T10:00", "Asia/Tashkent");
    int64_t id;
    assert_int_equal(store_pm_propose_on_interest(w->fx.st, w->interest, w->org_b, w->bob, &p, &id, &err), 0);
    /* Alice accepts in an open transaction; Anvar, of the same side,
     * declines from another connection meanwhile and must wait. */
    assert_int_equal(store_begin(w->fx.st, &err), 0);
    assert_int_equal(store_pm_accept(w->fx.st, id, w->org_a, w->alice, 1, &err), 0);
    racer r = {.path = w->fx.path, .id = id, .org = w->org_a, .user = w->anvar};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, decline_from_another_connection, &r), 0);
    usleep(300000);
    assert_int_equal(atomic_load(&r.done), 0);
    assert_int_equal(store_commit(w->fx.st, &err), 0);
    pthread_join(t, NULL);
    assert_int_equal(r.rc, HK_ECONFLICT);
    assert_string_equal(r.err.field, "status");
    assert_non_null(strstr(r.err.msg, "accepted"));
    partner_meeting m;
    assert_int_equal(store_pm_get(w->fx.st, id, &m, &err), 0);
    assert_int_equal(m.status, PM_ACCEPTED);
    assert_int_equal(m.n_steps, 2);
    partner_meeting_free(&m);
    assert_int_equal(notes(w, w->bob), 1); /* the accept only */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_proposal_is_checked_before_the_database_is_asked),
        cmocka_unit_test_setup_teardown(every_step_tells_every_member_of_the_other_side_and_is_audited, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_refused_step_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(asking_needs_an_accepted_interest_or_a_published_listing_of_another_organisation,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(lists_hold_each_side_its_own_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(of_two_answers_at_once_the_second_is_refused_as_coming_after, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
