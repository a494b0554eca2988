/*
 * test_store_concurrency.c - the store's rules with concurrent writers,
 * on PostgreSQL (docs/store.md, "Rules that hold with concurrent
 * writers"). SQLite has one writer at a time, so there these rules held
 * by construction; on PostgreSQL several nodes write at once and each
 * rule must be in the SQL.
 *
 * Each race is made deterministic: writer A opens a transaction and makes
 * its write (not yet committed); writer B, on its own connection in a
 * thread, makes the competing write, which must wait for A; A commits;
 * B must then be refused with the rule's error. The change log test runs
 * writers and a follower freely and checks the follower saw every change
 * exactly once, in order. Skipped without HAMKOR_TEST_PG.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"

#define WAIT_US 300000 /* how long B is given to show that it waits */

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n";

typedef struct fx {
    char path[STORE_FIXTURE_PATH_MAX];
    hk_store *a; /* writer A, and the test's own reads */
} fx;

static int setup(void **state)
{
    if (!store_fixture_pg()) {
        *state = NULL;
        return 0;
    }
    fx *f = calloc(1, sizeof *f);
    if (!f || store_fixture_path(f->path, sizeof f->path, "race"))
        return -1;
    f->a = store_fixture_open(f->path, COUNTRIES);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (!f)
        return 0;
    store_close(f->a);
    store_fixture_remove(f->path);
    free(f);
    return 0;
}

static fx *need_pg(void **state)
{
    if (!*state)
        skip();
    return *state;
}

/* ---- writer B in a thread ---- */

typedef struct racer {
    const char *path;
    int (*write)(hk_store *st, void *arg, hk_err *err);
    void *arg;
    atomic_int done;
    int rc;
    hk_err err;
    pthread_t thread;
} racer;

static void *race(void *p)
{
    racer *r = p;
    hk_store *st;
    r->rc = store_open(r->path, &st, &r->err);
    if (!r->rc) {
        r->rc = r->write(st, r->arg, &r->err);
        store_close(st);
    }
    atomic_store(&r->done, 1);
    return NULL;
}

/* Starts B's write while A's transaction is open, shows that B waits,
 * commits A and returns B's status. */
static int race_against_open_transaction(fx *f, racer *b)
{
    b->path = f->path;
    atomic_store(&b->done, 0);
    assert_int_equal(pthread_create(&b->thread, NULL, race, b), 0);
    usleep(WAIT_US);
    assert_int_equal(atomic_load(&b->done), 0); /* B waits for A */
    hk_err err;
    assert_int_equal(store_commit(f->a, &err), 0);
    pthread_join(b->thread, NULL);
    return b->rc;
}

/* ---- builders ---- */

static int64_t new_org(hk_store *st, const char *iso2)
{
    org_name name = {.text = "Alumin Quyish", .lang = "en", .primary = true};
    organisation o = {.names = &name, .n_names = 1, .type = ORG_ENTERPRISE, .size = SIZE_SMALL};
    strcpy(o.country, iso2);
    hk_err err;
    assert_int_equal(store_org_create(st, &o, 0, &err), 0);
    return o.id;
}

static int64_t new_user(hk_store *st, const char *email)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone"};
    hk_err err;
    assert_int_equal(store_user_create(st, &u, &err), 0);
    return u.id;
}

static void join(hk_store *st, int64_t user_id, int64_t org_id, bool admin)
{
    membership m = {.user_id = user_id, .org_id = org_id, .is_admin = admin};
    hk_err err;
    assert_int_equal(store_membership_put(st, &m, 0, &err), 0);
}

/* ---- versions ---- */

typedef struct update_arg {
    int64_t id, version;
} update_arg;

static int update_org(hk_store *st, void *p, hk_err *err)
{
    update_arg *u = p;
    organisation o;
    int rc = store_org_get(st, u->id, &o, err);
    if (!rc) {
        o.website = strdup("https://b.example.uz");
        rc = store_org_update(st, &o, u->version, 0, err);
        organisation_free(&o);
    }
    return rc;
}

static void two_updates_of_one_version_cannot_both_win(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t id = new_org(f->a, "UZ");
    update_arg arg = {id, 1};
    assert_int_equal(store_begin(f->a, &err), 0);
    assert_int_equal(update_org(f->a, &arg, &err), 0);
    racer b = {.write = update_org, .arg = &arg};
    assert_int_equal(race_against_open_transaction(f, &b), HK_ECONFLICT);
    organisation o;
    assert_int_equal(store_org_get(f->a, id, &o, &err), 0);
    assert_int_equal(o.version, 2);
    organisation_free(&o);
}

/* ---- one pending interest per organisation and listing ---- */

typedef struct eoi_arg {
    int64_t listing_id, from_org, from_user;
} eoi_arg;

static int send_interest(hk_store *st, void *p, hk_err *err)
{
    eoi_arg *e = p;
    interest i = {.listing_id = e->listing_id, .from_org_id = e->from_org, .from_user_id = e->from_user,
                  .offered = (char *)"machining", .sought = (char *)"castings", .why = (char *)"same corridor"};
    return store_interest_create(st, &i, err);
}

static void two_pending_interests_cannot_both_be_sent(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t seller = new_org(f->a, "UZ"), buyer = new_org(f->a, "KZ"), u = new_user(f->a, "k@b.kz");
    join(f->a, u, buyer, true);
    listing_text text = {.lang = "en", .origin = ORIGIN_ORIGINAL, .title = "Castings"};
    listing l = {.org_id = seller, .direction = DIR_OFFER, .kind = KIND_SUPPLY, .texts = &text, .n_texts = 1,
                 .status = STATUS_PUBLISHED};
    strcpy(l.expires, "2099-12-31");
    assert_int_equal(store_listing_create(f->a, &l, 0, &err), 0);
    eoi_arg arg = {l.id, buyer, u};
    assert_int_equal(store_begin(f->a, &err), 0);
    assert_int_equal(send_interest(f->a, &arg, &err), 0);
    racer b = {.write = send_interest, .arg = &arg};
    assert_int_equal(race_against_open_transaction(f, &b), HK_ECONFLICT);
    assert_string_equal(b.err.field, "listing_id");
    store_stats s;
    assert_int_equal(store_get_stats(f->a, &s, &err), 0);
    assert_int_equal(s.interests, 1);
}

/* ---- the saved-search limit ---- */

static int save_search(hk_store *st, void *p, hk_err *err)
{
    store_saved_search s = {.user_id = *(int64_t *)p, .name = "Castings", .query = "castings"};
    return store_saved_search_create(st, &s, err);
}

static void the_saved_search_limit_holds_for_two_writers(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t u = new_user(f->a, "s@b.uz");
    for (int i = 0; i < STORE_SAVED_PER_USER - 1; i++)
        assert_int_equal(save_search(f->a, &u, &err), 0);
    assert_int_equal(store_begin(f->a, &err), 0);
    assert_int_equal(save_search(f->a, &u, &err), 0); /* the last one allowed */
    racer b = {.write = save_search, .arg = &u};
    assert_int_equal(race_against_open_transaction(f, &b), HK_ETOOBIG);
    store_saved_search *v;
    size_t n;
    assert_int_equal(store_saved_searches_of_user(f->a, u, &v, &n, &err), 0);
    assert_int_equal(n, STORE_SAVED_PER_USER);
    store_saved_searches_free(v, n);
}

/* ---- the last admin ---- */

typedef struct member_arg {
    int64_t user_id, org_id;
} member_arg;

static int remove_member(hk_store *st, void *p, hk_err *err)
{
    member_arg *m = p;
    return store_membership_delete(st, m->user_id, m->org_id, 0, err);
}

static void two_admins_removing_each_other_leave_one(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t o = new_org(f->a, "UZ"), x = new_user(f->a, "x@b.uz"), y = new_user(f->a, "y@b.uz");
    join(f->a, x, o, true);
    join(f->a, y, o, true);
    member_arg ax = {x, o}, by = {y, o};
    assert_int_equal(store_begin(f->a, &err), 0);
    assert_int_equal(remove_member(f->a, &ax, &err), 0);
    racer b = {.write = remove_member, .arg = &by};
    assert_int_equal(race_against_open_transaction(f, &b), HK_ECONFLICT);
    store_member *v;
    size_t n;
    assert_int_equal(store_members_of_org(f->a, o, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].user_id, y);
    assert_true(v[0].is_admin);
    store_members_free(v, n);
}

/* ---- the change log: no follower skips a change ---- */

#define WRITERS 4
#define WRITES_EACH 40
#define MAX_SEEN (WRITERS * WRITES_EACH + 16)

typedef struct writer_arg {
    const char *path;
    unsigned seed;
    int rc;
} writer_arg;

/* Writes organisations, each in a transaction held open for a random
 * moment, so that commits land in another order than seqs are taken. */
static void *write_orgs(void *p)
{
    writer_arg *w = p;
    hk_store *st;
    hk_err err;
    if ((w->rc = store_open(w->path, &st, &err)))
        return NULL;
    for (int i = 0; i < WRITES_EACH && !w->rc; i++) {
        org_name name = {.text = "Alumin Quyish", .lang = "en", .primary = true};
        organisation o = {.names = &name, .n_names = 1, .type = ORG_ENTERPRISE, .size = SIZE_SMALL};
        strcpy(o.country, "UZ");
        if ((w->rc = store_begin(st, &err)))
            break;
        w->rc = store_org_create(st, &o, 0, &err);
        usleep((useconds_t)(rand_r(&w->seed) % 3000));
        if (w->rc)
            store_rollback(st);
        else
            w->rc = store_commit(st, &err);
    }
    store_close(st);
    return NULL;
}

typedef struct follower {
    int64_t last;
    int64_t seen[MAX_SEEN];
    size_t n;
} follower;

static int follow(const store_change *c, void *ctx)
{
    follower *fl = ctx;
    if (fl->n < MAX_SEEN)
        fl->seen[fl->n++] = c->seq;
    fl->last = c->seq;
    return 0;
}

static void a_follower_sees_every_change_once_in_order(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t start;
    assert_int_equal(store_changes_last_seq(f->a, &start, &err), 0);
    pthread_t t[WRITERS];
    writer_arg w[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (writer_arg){.path = f->path, .seed = (unsigned)(i * 7919 + getpid())};
        assert_int_equal(pthread_create(&t[i], NULL, write_orgs, &w[i]), 0);
    }
    /* The follower reads "after my position" as fast as it can while the
     * writers run, as a node's index follower does. */
    follower *fl = calloc(1, sizeof *fl);
    fl->last = start;
    for (int round = 0; round < 100000; round++) {
        assert_int_equal(store_changes_since(f->a, fl->last, follow, fl, &err), 0);
        if (fl->n >= WRITERS * WRITES_EACH)
            break;
        usleep(200);
    }
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].rc, 0);
    }
    assert_int_equal(store_changes_since(f->a, fl->last, follow, fl, &err), 0);
    /* Every change once, in order, with no gap: nothing was skipped. */
    assert_int_equal(fl->n, WRITERS * WRITES_EACH);
    for (size_t i = 1; i < fl->n; i++)
        if (fl->seen[i] != fl->seen[i - 1] + 1)
            fail_msg("the follower saw seq %lld after %lld", (long long)fl->seen[i], (long long)fl->seen[i - 1]);
    free(fl);
}

/* ---- notifications: a live stream skips none ---- */

typedef struct note_writer {
    const char *path;
    int64_t user_id, listing_id;
    const int64_t *searches;   /* this writer's saved searches */
    int n;
    unsigned seed;
    int rc;
} note_writer;

/* Raises one notification per saved search, each in a transaction held
 * open for a random moment. */
static void *write_notes(void *p)
{
    note_writer *w = p;
    hk_store *st;
    hk_err err;
    if ((w->rc = store_open(w->path, &st, &err)))
        return NULL;
    for (int i = 0; i < w->n && !w->rc; i++) {
        store_notification nt = {.user_id = w->user_id, .kind = NOTIFY_SAVED_SEARCH,
                                 .saved_search_id = w->searches[i], .listing_id = w->listing_id,
                                 .payload = "{}"};
        if ((w->rc = store_begin(st, &err)))
            break;
        w->rc = store_notification_add(st, &nt, NULL, &err);
        usleep((useconds_t)(rand_r(&w->seed) % 3000));
        if (w->rc)
            store_rollback(st);
        else
            w->rc = store_commit(st, &err);
    }
    store_close(st);
    return NULL;
}

static void a_live_stream_sees_every_notification_once_in_order(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    int64_t u = new_user(f->a, "n@b.uz"), org = new_org(f->a, "UZ");
    listing_text text = {.lang = "en", .origin = ORIGIN_ORIGINAL, .title = "Castings"};
    listing l = {.org_id = org, .direction = DIR_OFFER, .kind = KIND_SUPPLY, .texts = &text, .n_texts = 1,
                 .status = STATUS_PUBLISHED};
    strcpy(l.expires, "2099-12-31");
    assert_int_equal(store_listing_create(f->a, &l, 0, &err), 0);
    int64_t searches[WRITERS * 25];
    for (int i = 0; i < WRITERS * 25; i++) {
        store_saved_search ss = {.user_id = u, .name = "Castings", .query = "castings"};
        assert_int_equal(store_saved_search_create(f->a, &ss, &err), 0);
        searches[i] = ss.id;
    }
    pthread_t t[WRITERS];
    note_writer w[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (note_writer){.path = f->path, .user_id = u, .listing_id = l.id, .searches = searches + i * 25,
                             .n = 25, .seed = (unsigned)(i * 31 + getpid())};
        assert_int_equal(pthread_create(&t[i], NULL, write_notes, &w[i]), 0);
    }
    /* The stream's way: "after the last id I sent", as fast as it can. */
    int64_t last = 0, seen = 0, prev = 0;
    for (int round = 0; round < 100000 && seen < WRITERS * 25; round++) {
        store_notification *v;
        size_t n;
        assert_int_equal(store_notifications_after(f->a, u, last, 100, &v, &n, &err), 0);
        for (size_t i = 0; i < n; i++) {
            if (prev && v[i].id != prev + 1)
                fail_msg("the stream saw notification %lld after %lld", (long long)v[i].id, (long long)prev);
            prev = last = v[i].id;
            seen++;
        }
        store_notifications_free(v, n);
        if (!n)
            usleep(200);
    }
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].rc, 0);
    }
    assert_int_equal(seen, WRITERS * 25);
}

/* ---- waking the followers of other nodes ---- */

typedef struct waiter {
    const char *path;
    int first, second; /* store_changes_wait's answers */
    atomic_int listening;
} waiter;

static void *wait_twice(void *p)
{
    waiter *w = p;
    hk_store *st;
    hk_err err;
    if (store_open(w->path, &st, &err)) {
        w->first = w->second = -100;
        return NULL;
    }
    /* A first short wait starts listening; a rolled-back write must not
     * wake it, a committed one must. */
    w->first = store_changes_wait(st, 50, &err);
    atomic_store(&w->listening, 1);
    w->first = store_changes_wait(st, 400, &err);
    w->second = store_changes_wait(st, 10000, &err);
    store_close(st);
    return NULL;
}

static void a_committed_change_wakes_a_listening_follower_and_a_rolled_back_one_does_not(void **state)
{
    fx *f = need_pg(state);
    hk_err err;
    assert_true(store_changes_can_wait(f->a));
    waiter w = {.path = f->path};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_twice, &w), 0);
    while (!atomic_load(&w.listening))
        usleep(1000);
    assert_int_equal(store_begin(f->a, &err), 0);
    new_org(f->a, "UZ");
    store_rollback(f->a);
    usleep(600000); /* the first wait (400 ms) times out: nothing committed */
    new_org(f->a, "UZ");
    pthread_join(t, NULL);
    assert_int_equal(w.first, 0);
    assert_int_equal(w.second, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(two_updates_of_one_version_cannot_both_win, setup, teardown),
        cmocka_unit_test_setup_teardown(two_pending_interests_cannot_both_be_sent, setup, teardown),
        cmocka_unit_test_setup_teardown(the_saved_search_limit_holds_for_two_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(two_admins_removing_each_other_leave_one, setup, teardown),
        cmocka_unit_test_setup_teardown(a_follower_sees_every_change_once_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(a_live_stream_sees_every_notification_once_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_committed_change_wakes_a_listening_follower_and_a_rolled_back_one_does_not, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
