/*
 * test_engine.c - the engine (src/engine): the follower thread that keeps
 * the in-memory index in step with the store's change log and raises
 * alerts, the alerts consumer's position kept in the store across
 * restarts, engine_sync for read-your-writes, and the pool of store
 * handles, every one of which checks HS/ISIC codes.
 *
 * Writes are made through a store handle of the test's own, as another
 * process (`hamkor import` into a live database) or another node would
 * make them: the engine learns of them only from the change log. Runs on
 * PostgreSQL too when HAMKOR_TEST_PG is set (tests/run.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/engine.h"
#include "store/store.h"
#include "store_fixture.h"

#define EXPIRES "2099-12-31"
#define POLL_MS 50           /* the follower's polling in these tests */
#define WAIT_MS 5000         /* the most a test waits for the follower */
#define TITLE "Aluminium die castings for automotive parts"

typedef struct world {
    char path[STORE_FIXTURE_PATH_MAX];
    hk_store *st;            /* the test's own handle: "another process" */
    engine *e;
    int64_t org_cn, org_kz;
    int64_t dana;            /* no organisation; keeps a saved search */
    int64_t bing;            /* member of the Chinese organisation */
    int64_t search;          /* dana's saved search for die castings */
    atomic_int rounds;       /* on_applied calls */
} world;

static void check(int rc, const hk_err *err)
{
    if (rc)
        fail_msg("%d %s: %s", rc, err->field, err->msg);
}

static void on_applied(void *ctx)
{
    world *w = ctx;
    atomic_fetch_add(&w->rounds, 1);
}

static void open_engine(world *w, unsigned poll_ms)
{
    engine_config cfg = {.db = w->path,
                         .taxonomy_dir = "tests/data/taxonomy",
                         .build_threads = 2,
                         .follow = true,
                         .on_applied = on_applied,
                         .on_applied_ctx = w,
                         .poll_ms = poll_ms};
    hk_err err;
    check(engine_open(&cfg, &w->e, &err), &err);
}

static int64_t add_org(world *w, const char *iso2, const char *name, const char *lang)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){.text = strdup(name), .lang = strdup(lang), .primary = true};
    o.n_names = 1;
    strcpy(o.country, iso2);
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_MEDIUM;
    hk_err err;
    check(store_org_create(w->st, &o, 0, &err), &err);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t add_user(world *w, const char *email, int64_t org)
{
    user u = {.email = strdup(email), .display_name = strdup(email), .role = ROLE_MEMBER};
    hk_err err;
    check(store_user_create(w->st, &u, &err), &err);
    int64_t id = u.id;
    user_free(&u);
    if (org) {
        membership m = {.user_id = id, .org_id = org};
        check(store_membership_put(w->st, &m, 0, &err), &err);
    }
    return id;
}

static void new_listing(listing *l, int64_t org, const char *title, const char *hs)
{
    memset(l, 0, sizeof *l);
    l->org_id = org;
    l->direction = DIR_OFFER;
    l->kind = KIND_SUPPLY;
    l->texts = calloc(1, sizeof *l->texts);
    l->texts[0] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_ORIGINAL, .title = strdup(title)};
    l->n_texts = 1;
    l->hs = calloc(1, sizeof *l->hs);
    l->hs[0] = strdup(hs);
    l->n_hs = 1;
    l->status = STATUS_PUBLISHED;
    strcpy(l->expires, EXPIRES);
}

/* A published listing written through st, which the engine does not own. */
static int64_t publish_through(hk_store *st, int64_t org, const char *title)
{
    listing l;
    new_listing(&l, org, title, "7616");
    hk_err err;
    check(store_listing_create(st, &l, 0, &err), &err);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    if (!w || store_fixture_path(w->path, sizeof w->path, "engine"))
        return -1;
    w->st = store_fixture_open(w->path, NULL);
    w->org_cn = add_org(w, "CN", "重庆压铸有限公司", "zh");
    w->org_kz = add_org(w, "KZ", "Almaty Castings LLP", "en");
    w->dana = add_user(w, "dana@example.org", 0);
    w->bing = add_user(w, "bing@cqdc.cn", w->org_cn);
    store_saved_search s = {.user_id = w->dana,
                            .name = (char *)"Die castings",
                            .query = (char *)"aluminium die castings",
                            .lang = (char *)"en"};
    hk_err err;
    check(store_saved_search_create(w->st, &s, &err), &err);
    w->search = s.id;
    open_engine(w, POLL_MS);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    engine_close(w->e);
    store_close(w->st);
    store_fixture_remove(w->path);
    free(w);
    return 0;
}

/* ---- looking ---- */

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* True when a search for the listing's words lists listing_id now. */
static bool index_finds(world *w, int64_t listing_id)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "aluminium die castings";
    q.lang = "en";
    q.limit = 100;
    idx_result r;
    hk_err err;
    check(idx_search(engine_index(w->e), &q, &r, &err), &err);
    bool found = false;
    for (size_t i = 0; i < r.n_hits; i++)
        found |= r.hits[i].listing_id == listing_id;
    idx_result_free(&r);
    return found;
}

static bool index_finds_within(world *w, int64_t listing_id, int ms)
{
    for (int waited = 0; waited < ms; waited += 10) {
        if (index_finds(w, listing_id))
            return true;
        sleep_ms(10);
    }
    return index_finds(w, listing_id);
}

/* How many saved-search notifications user_id has about listing_id (any
 * listing when 0). */
static size_t alerts_of(world *w, int64_t user_id, int64_t listing_id)
{
    store_notification *v;
    size_t n, count = 0;
    hk_err err;
    check(store_notifications_of_user(w->st, user_id, 0, 100, &v, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == NOTIFY_SAVED_SEARCH && (!listing_id || v[i].listing_id == listing_id))
            count++;
    store_notifications_free(v, n);
    return count;
}

static size_t alerts_within(world *w, int64_t user_id, int64_t listing_id, size_t want, int ms)
{
    size_t n = 0;
    for (int waited = 0; waited < ms && (n = alerts_of(w, user_id, listing_id)) < want; waited += 10)
        sleep_ms(10);
    return n;
}

static int64_t last_seq(world *w)
{
    int64_t seq;
    hk_err err;
    check(store_changes_last_seq(w->st, &seq, &err), &err);
    return seq;
}

static int64_t alerts_position(world *w)
{
    int64_t seq;
    hk_err err;
    check(store_consumer_get(w->st, ENGINE_ALERTS_CONSUMER, &seq, &err), &err);
    return seq;
}

/* ---- the follower ---- */

static void listing_written_by_another_process_is_found_within_a_few_polls(void **state)
{
    world *w = *state;
    int64_t id = publish_through(w->st, w->org_cn, TITLE);
    /* Nobody wakes the engine: only its polling can find the write. */
    assert_true(index_finds_within(w, id, WAIT_MS));
    assert_true(atomic_load(&w->rounds) > 0); /* and it said so */
}

static void saved_search_matching_a_listing_gets_exactly_one_notification(void **state)
{
    world *w = *state;
    int64_t id = publish_through(w->st, w->org_cn, TITLE);
    assert_int_equal(alerts_within(w, w->dana, id, 1, WAIT_MS), 1);
    /* The alerts' position commits with them and reaches the log's end. */
    int64_t end = last_seq(w);
    for (int waited = 0; waited < WAIT_MS && alerts_position(w) < end; waited += 10)
        sleep_ms(10);
    assert_int_equal(alerts_position(w), end);
    /* More rounds raise nothing more. */
    sleep_ms(5 * POLL_MS);
    assert_int_equal(alerts_of(w, w->dana, id), 1);
    assert_int_equal(alerts_of(w, w->dana, 0), 1);
    /* The listing's own organisation is not told about it. */
    assert_int_equal(alerts_of(w, w->bing, 0), 0);
}

static void alerts_resume_after_a_restart_from_the_saved_position(void **state)
{
    world *w = *state;
    int64_t first = publish_through(w->st, w->org_cn, TITLE);
    assert_int_equal(alerts_within(w, w->dana, first, 1, WAIT_MS), 1);
    for (int waited = 0; waited < WAIT_MS && alerts_position(w) < last_seq(w); waited += 10)
        sleep_ms(10);
    engine_close(w->e);
    w->e = NULL;

    /* Written while no engine runs (a crash, a stop, an import). */
    int64_t second = publish_through(w->st, w->org_kz, "High pressure aluminium die castings");
    assert_int_equal(alerts_of(w, w->dana, second), 0);
    assert_true(alerts_position(w) < last_seq(w));

    open_engine(w, POLL_MS);
    assert_true(index_finds(w, second)); /* the build took it */
    assert_int_equal(alerts_within(w, w->dana, second, 1, WAIT_MS), 1);
    sleep_ms(5 * POLL_MS);
    assert_int_equal(alerts_of(w, w->dana, first), 1); /* not raised twice */
    assert_int_equal(alerts_of(w, w->dana, 0), 2);
}

static void engine_sync_returns_once_the_index_has_the_write(void **state)
{
    world *w = *state;
    /* A follower that would not poll for a minute: only the wake of
     * engine_sync explains the index finding the write at once. */
    engine_close(w->e);
    open_engine(w, 60000);
    int64_t id = publish_through(w->st, w->org_cn, TITLE);
    assert_int_equal(engine_sync(w->e, last_seq(w), WAIT_MS), 0);
    assert_true(index_finds(w, id));
    /* A change that never comes times out. */
    assert_int_equal(engine_sync(w->e, last_seq(w) + 1000, 100), HK_EBUSY);
    /* The alerts follow in the same round. */
    assert_int_equal(alerts_within(w, w->dana, id, 1, WAIT_MS), 1);
}

/* On PostgreSQL another node's commit is announced (LISTEN/NOTIFY): an
 * engine that would not poll for a minute still finds the write at once. */
static void another_nodes_commit_wakes_the_follower_on_postgresql(void **state)
{
    world *w = *state;
    if (!store_changes_can_wait(w->st))
        skip(); /* SQLite: one machine, and followers poll */
    engine_close(w->e);
    open_engine(w, 60000);
    sleep_ms(200); /* the listener is listening */
    int64_t id = publish_through(w->st, w->org_cn, TITLE);
    assert_true(index_finds_within(w, id, 2000));
}

static void engine_wake_makes_the_follower_look_now(void **state)
{
    world *w = *state;
    engine_close(w->e);
    open_engine(w, 60000);
    int64_t id = publish_through(w->st, w->org_cn, TITLE);
    engine_wake(w->e);
    assert_true(index_finds_within(w, id, WAIT_MS));
}

/* ---- the pool ---- */

static void every_pooled_store_handle_refuses_an_unknown_hs_code(void **state)
{
    world *w = *state;
    hk_err err;
    /* Two at once: the first is the handle the engine opened with, the
     * second a new connection of the pool. */
    hk_store *a = engine_store_take(w->e, &err), *b = engine_store_take(w->e, &err);
    assert_non_null(a);
    assert_non_null(b);
    hk_store *both[] = {a, b};
    for (size_t i = 0; i < 2; i++) {
        listing l;
        new_listing(&l, w->org_kz, "Tractors", "8701"); /* not in tests/data/taxonomy */
        assert_int_equal(store_listing_create(both[i], &l, 0, &err), HK_EINVAL);
        assert_string_equal(err.field, "hs[0]");
        listing_free(&l);
        /* A known code goes through the same handle. */
        assert_true(publish_through(both[i], w->org_kz, "Die-cast aluminium housings") > 0);
    }
    engine_store_give(w->e, a);
    engine_store_give(w->e, b);
    /* Given back and taken again, still checked. */
    hk_store *c = engine_store_take(w->e, &err);
    listing l;
    new_listing(&l, w->org_kz, "Tractors", "8701");
    assert_int_equal(store_listing_create(c, &l, 0, &err), HK_EINVAL);
    listing_free(&l);
    engine_store_give(w->e, c);
}

/* ---- migration 5 ---- */

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    char *msg = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_close(db);
}

static void first_start_after_migration_5_raises_no_alerts_for_the_history(void **state)
{
    world *w = *state;
    if (store_fixture_pg())
        skip(); /* an upgrade of a SQLite file; PostgreSQL stores begin at this version */
    engine_close(w->e);
    w->e = NULL;
    int64_t old = publish_through(w->st, w->org_cn, TITLE);
    int64_t end = last_seq(w);
    store_close(w->st);
    w->st = NULL;
    /* Take the file back to what a version-4 hamkor left, with its history. */
    exec_sql(w->path, "DROP TABLE measure_notes; DROP TABLE measure_meetings; DROP TABLE measure_initiatives;"
                      "DROP TABLE measure_bodies; DROP TABLE measure_states; DROP TABLE measure_texts;"
                      "DROP TABLE measures; DROP TABLE initiative_history; DROP TABLE initiative_texts; DROP TABLE initiatives;"
                      "DROP TABLE chair_terms; DROP TABLE meeting_item_access; DROP TABLE meeting_item_texts;"
                      "DROP TABLE meeting_items; DROP TABLE meeting_delegates; DROP TABLE meeting_bodies;"
                      "DROP TABLE meeting_parties; DROP TABLE meeting_texts; DROP TABLE meetings;"
                      "DROP INDEX interests_one_pending; DROP TABLE consumers;"
                      "DELETE FROM schema_migrations WHERE version >= 5; PRAGMA user_version = 4;");
    hk_err err;
    check(store_open(w->path, &w->st, &err), &err);
    assert_int_equal(alerts_position(w), end); /* starts at the newest change */
    open_engine(w, POLL_MS);
    assert_true(index_finds(w, old));
    int64_t fresh = publish_through(w->st, w->org_kz, "High pressure aluminium die castings");
    assert_int_equal(alerts_within(w, w->dana, fresh, 1, WAIT_MS), 1);
    assert_int_equal(alerts_of(w, w->dana, old), 0); /* history is not news */
}

static void a_new_store_has_no_consumer_rows(void **state)
{
    (void)state;
    /* So that `hamkor copy` finds a new store empty of records. */
    char path[STORE_FIXTURE_PATH_MAX];
    assert_int_equal(store_fixture_path(path, sizeof path, "engine-new"), 0);
    hk_store *st = store_fixture_open(path, NULL);
    int64_t seq = -1;
    hk_err err;
    check(store_consumer_get(st, ENGINE_ALERTS_CONSUMER, &seq, &err), &err);
    assert_int_equal(seq, 0);
    store_close(st);
    store_fixture_remove(path);
}

/* ---- the data folder ---- */

static void data_dir_comes_from_the_environment_else_the_build(void **state)
{
    (void)state;
    const char *saved = getenv("HAMKOR_DATA_DIR");
    char *copy = saved ? strdup(saved) : NULL;
    setenv("HAMKOR_DATA_DIR", "/srv/hamkor/data", 1);
    assert_string_equal(engine_data_dir(), "/srv/hamkor/data");
    unsetenv("HAMKOR_DATA_DIR");
    assert_string_equal(engine_data_dir(), HK_DATA_DIR);
    if (copy) {
        setenv("HAMKOR_DATA_DIR", copy, 1);
        free(copy);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(listing_written_by_another_process_is_found_within_a_few_polls),
        T(saved_search_matching_a_listing_gets_exactly_one_notification),
        T(alerts_resume_after_a_restart_from_the_saved_position),
        T(engine_sync_returns_once_the_index_has_the_write),
        T(another_nodes_commit_wakes_the_follower_on_postgresql),
        T(engine_wake_makes_the_follower_look_now),
        T(every_pooled_store_handle_refuses_an_unknown_hs_code),
        T(first_start_after_migration_5_raises_no_alerts_for_the_history),
        cmocka_unit_test(a_new_store_has_no_consumer_rows),
        cmocka_unit_test(data_dir_comes_from_the_environment_else_the_build),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
