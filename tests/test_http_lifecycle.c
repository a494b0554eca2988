/*
 * test_http_lifecycle.c - a listing's life after it is published (issue
 * 17): a request's deadline closes it to answers, the answers stay sealed
 * from the requester until the deadline has passed, a closed listing takes
 * no answers, and a listing past its expiry date is expired by the
 * engine's sweep and leaves search, and while the server runs as soon as
 * the day passes its date (the index's day moved, no restart); near-
 * identical listings of one organisation are one search hit. Against the real server, on SQLite and
 * (HAMKOR_TEST_PG) PostgreSQL; dates are moved with SQL under the store,
 * as time would move them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_fixture.h"
#include "index/index.h"
#include "store_raw.h"

typedef struct world {
    http_fixture fx;
    http_session buyer, seller;    /* members of the requesting and the answering org */
    int64_t org_buyer, org_seller;
} world;

/* "YYYY-MM-DD" of today plus days (UTC). */
static void day(int days, char out[11])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_start(&w->fx, "life"))
        return -1;
    http_session_register(&w->buyer, w->fx.port, "buyer@bishkek.example", "Buyer");
    http_session_register(&w->seller, w->fx.port, "seller@dushanbe.example", "Seller");
    hk_store *st = http_fixture_store(&w->fx);
    w->org_buyer = http_fixture_org(st, "Bishkek Tractor Plant", "KG", ORG_ENTERPRISE);
    http_fixture_member(st, w->buyer.user_id, w->org_buyer, true);
    w->org_seller = http_fixture_org(st, "Dushanbe Castings", "TJ", ORG_ENTERPRISE);
    http_fixture_member(st, w->seller.user_id, w->org_seller, true);
    store_close(st);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

/* A published request of the buyer with the given deadline. */
static int64_t request_with_deadline(world *w, const char *deadline)
{
    hk_store *st = http_fixture_store(&w->fx);
    int64_t id = http_fixture_listing(st, w->org_buyer, DIR_REQUEST, "Запрос: отливки корпуса редуктора", deadline);
    store_close(st);
    return id;
}

/* The seller answers listing id; the reply (the caller frees it). */
static http_reply answer(world *w, int64_t listing_id)
{
    char target[96], body[256];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/interests", (long long)listing_id);
    snprintf(body, sizeof body,
             "{\"from_org_id\":%lld,\"offered\":\"Цена 12 USD/кг\",\"sought\":\"Заказ 40 т\",\"why\":\"Рядом\"}",
             (long long)w->org_seller);
    return http_session_call(&w->seller, "POST", target, body, NULL);
}

static const char *field_of(const http_reply *r, json_t **keep)
{
    *keep = http_reply_json(r);
    return http_problem_field(*keep);
}

static void no_answer_after_the_deadline(void **state)
{
    world *w = *state;
    char yesterday[11];
    day(-1, yesterday);
    int64_t l = request_with_deadline(w, yesterday);
    http_reply r = answer(w, l);
    /* Before: 201. */
    assert_int_equal(r.status, 409);
    json_t *j;
    assert_string_equal(field_of(&r, &j), "deadline");
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), yesterday));
    json_decref(j);
    http_reply_free(&r);
    /* Nothing was written. */
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM interests WHERE listing_id = %lld", (long long)l);
    assert_int_equal(raw_count(w->fx.db, sql), 0);
}

static void a_closed_listing_takes_no_answer(void **state)
{
    world *w = *state;
    int64_t l = request_with_deadline(w, NULL);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/listings/%lld/close", (long long)l);
    http_expect(&w->buyer, "POST", target, NULL, 200);
    http_reply r = answer(w, l);
    assert_int_equal(r.status, 409);
    json_t *j;
    assert_string_equal(field_of(&r, &j), "listing_id");
    json_decref(j);
    http_reply_free(&r);
}

static void answers_are_sealed_until_the_deadline(void **state)
{
    world *w = *state;
    char in_five_days[11], yesterday[11];
    day(5, in_five_days);
    day(-1, yesterday);
    int64_t l = request_with_deadline(w, in_five_days);
    http_reply r = answer(w, l);
    assert_int_equal(r.status, 201);
    json_t *sent = http_reply_json(&r);
    http_reply_free(&r);
    int64_t eoi = (int64_t)json_integer_value(json_object_get(sent, "id"));
    /* The sender sees its own answer, and when it opens. */
    assert_string_equal(json_string_value(json_object_get(sent, "offered")), "Цена 12 USD/кг");
    assert_string_equal(json_string_value(json_object_get(sent, "sealed_until")), in_five_days);
    json_decref(sent);
    char target[96], messages[112], accept[112];
    snprintf(target, sizeof target, "/api/v1/interests/%lld", (long long)eoi);
    snprintf(messages, sizeof messages, "%s/messages", target);
    snprintf(accept, sizeof accept, "%s/accept", target);
    /* The requester sees that it came and from whom, not what it says. */
    json_t *seen = http_expect_json(&w->buyer, "GET", target, NULL, 200);
    assert_true(json_is_null(json_object_get(seen, "offered")));
    assert_true(json_is_null(json_object_get(seen, "sought")));
    assert_true(json_is_null(json_object_get(seen, "why")));
    assert_int_equal(json_integer_value(json_object_get(seen, "from_org_id")), w->org_seller);
    json_decref(seen);
    /* Its inbox shows the same. */
    json_t *box = http_expect_json(&w->buyer, "GET", "/api/v1/interests?box=received", NULL, 200);
    json_t *first = json_array_get(json_object_get(box, "interests"), 0);
    assert_non_null(first);
    assert_true(json_is_null(json_object_get(first, "offered")));
    json_decref(box);
    /* It can neither decide, read the thread nor write in it... */
    json_t *p = http_expect_json(&w->buyer, "POST", accept, NULL, 409);
    assert_string_equal(http_problem_field(p), "deadline");
    json_decref(p);
    p = http_expect_json(&w->buyer, "GET", messages, NULL, 409);
    assert_string_equal(http_problem_field(p), "deadline");
    json_decref(p);
    p = http_expect_json(&w->buyer, "POST", messages, "{\"body\":\"Какая цена?\"}", 409);
    assert_string_equal(http_problem_field(p), "deadline");
    json_decref(p);
    /* ...while the sender may add to its answer. */
    http_expect(&w->seller, "POST", messages, "{\"body\":\"Срок поставки 6 недель\"}", 201);
    /* The deadline passes: everything opens at once. */
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE listings SET deadline = '%s' WHERE id = %lld", yesterday, (long long)l);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    seen = http_expect_json(&w->buyer, "GET", target, NULL, 200);
    assert_string_equal(json_string_value(json_object_get(seen, "offered")), "Цена 12 USD/кг");
    assert_null(json_object_get(seen, "sealed_until"));
    json_decref(seen);
    json_t *thread = http_expect_json(&w->buyer, "GET", messages, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(thread, "messages")), 1);
    json_decref(thread);
    http_expect(&w->buyer, "POST", accept, NULL, 200);
}

/* Whether a search for "поковки" finds listing id. */
static bool search_finds(http_session *u, int64_t id)
{
    json_t *res = http_expect_json(u, "GET", "/api/v1/search?q=%D0%BF%D0%BE%D0%BA%D0%BE%D0%B2%D0%BA%D0%B8", NULL, 200);
    json_t *h;
    size_t i;
    bool found = false;
    json_array_foreach(json_object_get(res, "hits"), i, h) {
        json_t *lst = json_object_get(h, "listing");
        if (json_integer_value(json_object_get(lst ? lst : h, "id")) == id)
            found = true;
    }
    json_decref(res);
    return found;
}

static void a_listing_past_its_date_expires_and_leaves_search(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t l = http_fixture_listing(st, w->org_seller, DIR_OFFER, "Поковки валов для насосов", NULL);
    store_close(st);
    char target[64], sql[160];
    snprintf(target, sizeof target, "/api/v1/listings/%lld", (long long)l);
    bool found = false;
    for (int waited = 0; waited < 5000 && !found; waited += 50) {
        found = search_finds(&w->buyer, l);
        if (!found)
            usleep(50000);
    }
    assert_true(found);
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '2020-01-31' WHERE id = %lld", (long long)l);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    /* The follower sweeps at its first round after a start. */
    assert_int_equal(http_fixture_restart(&w->fx), 0);
    w->buyer.port = w->seller.port = w->fx.port;
    const char *status = NULL;
    json_t *j = NULL;
    for (int waited = 0; waited < 5000; waited += 50) {
        json_decref(j);
        j = http_expect_json(&w->seller, "GET", target, NULL, 200);
        status = json_string_value(json_object_get(j, "status"));
        if (status && !strcmp(status, "expired"))
            break;
        usleep(50000);
    }
    assert_string_equal(status, "expired");
    json_decref(j);
    /* The system did it, and says so. */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE entity = 'listing' AND entity_id = %lld AND action = 'expire' "
             "AND actor_id = 0",
             (long long)l);
    assert_int_equal(raw_count(w->fx.db, sql), 1);
    /* Search no longer finds it, and it takes no answers. */
    assert_false(search_finds(&w->buyer, l));
    char to[96], body[160];
    snprintf(to, sizeof to, "/api/v1/listings/%lld/interests", (long long)l);
    snprintf(body, sizeof body, "{\"from_org_id\":%lld,\"offered\":\"a\",\"sought\":\"b\",\"why\":\"c\"}",
             (long long)w->org_buyer);
    http_expect(&w->buyer, "POST", to, body, 409);
}

/* Whether a search for q (percent-encoded) lists listing id as a hit. */
static bool search_lists(http_session *u, const char *q, int64_t id)
{
    char target[256];
    snprintf(target, sizeof target, "/api/v1/search?q=%s", q);
    json_t *res = http_expect_json(u, "GET", target, NULL, 200);
    json_t *h;
    size_t i;
    bool found = false;
    json_array_foreach(json_object_get(res, "hits"), i, h) found |= json_integer_value(json_object_get(h, "id")) == id;
    json_decref(res);
    return found;
}

#define Q_FLANGES "%D1%84%D0%BB%D0%B0%D0%BD%D1%86%D0%B5%D0%B2" /* фланцев */

static void a_listing_leaves_search_the_day_after_its_date_without_a_restart(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t l = http_fixture_listing(st, w->org_buyer, DIR_OFFER, "Поставка фланцев из нержавеющей стали", NULL);
    store_close(st);
    bool found = false;
    for (int waited = 0; waited < 5000 && !found; waited += 50) {
        found = search_lists(&w->buyer, Q_FLANGES, l);
        if (!found)
            usleep(50000);
    }
    assert_true(found);
    /* It expires on 2099-12-31: the server's day moves past it, as the
     * clock would, with the server running and the store untouched. */
    idx *ix = http_server_index(w->fx.srv);
    hk_err err;
    assert_int_equal(idx_set_today(ix, "2099-12-31", &err), 0);
    assert_true(search_lists(&w->buyer, Q_FLANGES, l)); /* its last day */
    assert_int_equal(idx_set_today(ix, "2100-01-01", &err), 0);
    assert_false(search_lists(&w->buyer, Q_FLANGES, l));
    /* The count of live listings says so too. */
    json_t *h = http_expect_json(&w->buyer, "GET", "/healthz", NULL, 200);
    json_int_t live_after = json_integer_value(json_object_get(h, "listings_live"));
    json_decref(h);
    /* Back to the clock: today it has not expired. */
    assert_int_equal(idx_set_today(ix, NULL, &err), 0);
    assert_true(search_lists(&w->buyer, Q_FLANGES, l));
    h = http_expect_json(&w->buyer, "GET", "/healthz", NULL, 200);
    assert_true(json_integer_value(json_object_get(h, "listings_live")) > live_after);
    json_decref(h);
}

#define Q_BRACKETS "%D1%88%D1%82%D0%B0%D0%BC%D0%BF%D0%BE%D0%B2%D0%BA%D0%B0" /* штамповка */

static void near_identical_listings_of_one_organisation_are_one_hit(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    /* Three of the seller's offers say the same (case, punctuation and
     * inflection aside); its request and the buyer's offer do not count. */
    int64_t a = http_fixture_listing(st, w->org_seller, DIR_OFFER, "Штамповка кронштейнов из стали", NULL);
    int64_t b = http_fixture_listing(st, w->org_seller, DIR_OFFER, "штамповка: кронштейны из стали", NULL);
    int64_t c = http_fixture_listing(st, w->org_seller, DIR_OFFER, "ШТАМПОВКА КРОНШТЕЙНОВ ИЗ СТАЛИ", NULL);
    int64_t req = http_fixture_listing(st, w->org_seller, DIR_REQUEST, "Штамповка кронштейнов из стали", NULL);
    int64_t other = http_fixture_listing(st, w->org_buyer, DIR_OFFER, "Штамповка кронштейнов из стали", NULL);
    store_close(st);
    json_t *res = NULL;
    for (int waited = 0; waited < 5000; waited += 50) {
        json_decref(res);
        res = http_expect_json(&w->buyer, "GET", "/api/v1/search?q=" Q_BRACKETS, NULL, 200);
        if (json_integer_value(json_object_get(res, "total")) == 5)
            break;
        usleep(50000);
    }
    assert_int_equal(json_integer_value(json_object_get(res, "total")), 5);
    json_t *hits = json_object_get(res, "hits"), *h;
    assert_int_equal(json_array_size(hits), 3);
    size_t i;
    int64_t seen[3] = {0};
    json_array_foreach(hits, i, h) {
        int64_t id = json_integer_value(json_object_get(h, "id"));
        json_t *sim = json_object_get(h, "similar");
        if (id == req || id == other) {
            assert_null(sim);
            continue;
        }
        /* One of the three stands for the other two. */
        assert_true(id == a || id == b || id == c);
        assert_int_equal(json_integer_value(json_object_get(sim, "count")), 2);
        json_t *ids = json_object_get(sim, "ids");
        assert_int_equal(json_array_size(ids), 2);
        int64_t x = json_integer_value(json_array_get(ids, 0)), y = json_integer_value(json_array_get(ids, 1));
        assert_true(x < y);
        assert_true(x != id && y != id && (x == a || x == b || x == c) && (y == a || y == b || y == c));
        seen[0] = id;
    }
    assert_true(seen[0] != 0);
    json_decref(res);
    /* Pages count hits so made: two of one, then the last, then none. */
    res = http_expect_json(&w->buyer, "GET", "/api/v1/search?limit=2&q=" Q_BRACKETS, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(res, "hits")), 2);
    assert_string_equal(json_string_value(json_object_get(res, "next_cursor")), "2");
    json_decref(res);
    res = http_expect_json(&w->buyer, "GET", "/api/v1/search?limit=2&cursor=2&q=" Q_BRACKETS, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(res, "hits")), 1);
    assert_true(json_is_null(json_object_get(res, "next_cursor")));
    json_decref(res);
}

/* The seller's listing_expiring notifications about listing l (their
 * payloads' "expires", comma-separated, newest first, into out). */
static int reminders_of(world *w, int64_t l, char *out, size_t len)
{
    json_t *j = http_expect_json(&w->seller, "GET", "/api/v1/notifications?limit=100", NULL, 200);
    json_t *v = json_object_get(j, "notifications"), *n;
    size_t i;
    int count = 0;
    out[0] = '\0';
    json_array_foreach(v, i, n) {
        if (strcmp(json_string_value(json_object_get(n, "kind")), "listing_expiring") != 0 ||
            json_integer_value(json_object_get(n, "listing_id")) != l)
            continue;
        json_t *p = json_object_get(n, "payload");
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s/%lld", count ? "," : "", json_string_value(json_object_get(p, "expires")),
                 (long long)json_integer_value(json_object_get(p, "days_left")));
        count++;
    }
    json_decref(j);
    return count;
}

static void owners_are_reminded_a_week_before_expiry_once_per_date(void **state)
{
    world *w = *state;
    hk_store *st = http_fixture_store(&w->fx);
    int64_t soon = http_fixture_listing(st, w->org_seller, DIR_OFFER, "Литые диски тормозов", NULL);
    int64_t later = http_fixture_listing(st, w->org_seller, DIR_OFFER, "Шестерни редукторов", NULL);
    char in3[11], in5[11], in10[11], sql[160], got[256], want[64];
    day(3, in3);
    day(5, in5);
    day(10, in10);
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '%s' WHERE id = %lld", in3, (long long)soon);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '%s' WHERE id = %lld", in10, (long long)later);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    hk_err err;
    size_t n = 0;
    assert_int_equal(store_listings_remind_expiring(st, 0, &n, &err), HK_EINVAL); /* bad batch size */
    assert_int_equal(store_listings_remind_expiring(st, 1024, &n, &err), 0);
    assert_true(n >= 1);
    assert_int_equal(reminders_of(w, soon, got, sizeof got), 1);
    snprintf(want, sizeof want, "%s/3", in3);
    assert_string_equal(got, want);
    assert_int_equal(reminders_of(w, later, got, sizeof got), 0); /* ten days away: not yet */
    /* Once per date: a second sweep (or another node's) adds nothing. */
    assert_int_equal(store_listings_remind_expiring(st, 1024, &n, &err), 0);
    assert_int_equal(reminders_of(w, soon, got, sizeof got), 1);
    /* Renewed to a later date inside the week: reminded of the new date. */
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '%s' WHERE id = %lld", in5, (long long)soon);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    assert_int_equal(store_listings_remind_expiring(st, 1024, &n, &err), 0);
    assert_int_equal(reminders_of(w, soon, got, sizeof got), 2);
    snprintf(want, sizeof want, "%s/5,%s/3", in5, in3);
    assert_string_equal(got, want);
    /* The other organisation's member is not told. */
    json_t *j = http_expect_json(&w->buyer, "GET", "/api/v1/notifications?limit=100", NULL, 200);
    json_t *v = json_object_get(j, "notifications"), *e;
    size_t i;
    json_array_foreach(v, i, e) assert_string_not_equal(json_string_value(json_object_get(e, "kind")),
                                                        "listing_expiring");
    json_decref(j);
    /* The server's own sweep (at the follower's first round) reminds too. */
    int64_t third = http_fixture_listing(st, w->org_seller, DIR_OFFER, "Корпуса подшипников", NULL);
    store_close(st);
    snprintf(sql, sizeof sql, "UPDATE listings SET expires = '%s' WHERE id = %lld", in3, (long long)third);
    assert_int_equal(raw_exec(w->fx.db, sql), 0);
    assert_int_equal(http_fixture_restart(&w->fx), 0);
    w->buyer.port = w->seller.port = w->fx.port;
    int seen = 0;
    for (int waited = 0; waited < 5000 && !seen; waited += 50) {
        seen = reminders_of(w, third, got, sizeof got);
        if (!seen)
            usleep(50000);
    }
    assert_int_equal(seen, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_answer_after_the_deadline),
        cmocka_unit_test(a_closed_listing_takes_no_answer),
        cmocka_unit_test(answers_are_sealed_until_the_deadline),
        cmocka_unit_test(a_listing_past_its_date_expires_and_leaves_search),
        cmocka_unit_test(a_listing_leaves_search_the_day_after_its_date_without_a_restart),
        cmocka_unit_test(near_identical_listings_of_one_organisation_are_one_hit),
        cmocka_unit_test(owners_are_reminded_a_week_before_expiry_once_per_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
