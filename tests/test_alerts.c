/*
 * test_alerts.c - saved searches and the notifications raised when a
 * listing is written (BRIEF 4.3, 4.4): the store's saved searches and
 * notifications (src/store/store_saved.c, migration 2), the filter
 * format they keep (src/index/idx_filters.c), and who is told
 * what (src/match/match_alerts.c), on a small store of three
 * organisations in Russia, China and Kazakhstan and the index over it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index/index.h"
#include "match/match.h"
#include "store/store.h"
#include "store_fixture.h"

#define EXPIRES "2099-12-31"

typedef struct world {
    char path[STORE_FIXTURE_PATH_MAX]; /* the database */
    hk_store *st;
    text_analyzer *a;
    tax *t;
    idx *ix;
    int64_t org_ru, org_cn, org_kz;
    int64_t ali;           /* member of the Russian organisation */
    int64_t bing, cai;     /* members of the Chinese one */
    int64_t dana;          /* no organisation: a searcher */
    int64_t erlan;         /* member of the Kazakh one */
} world;

static void check(int rc, const hk_err *err)
{
    if (rc)
        fail_msg("%d %s: %s", rc, err->field, err->msg);
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
    /* The index takes the organisation as the store keeps it. */
    check(store_org_get(w->st, id, &o, &err), &err);
    check(idx_put_organisation(w->ix, &o, &err), &err);
    organisation_free(&o);
    return id;
}

static int64_t add_user(world *w, const char *email, const char *name, int64_t org)
{
    user u = {.email = strdup(email), .display_name = strdup(name), .role = ROLE_MEMBER};
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

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    if (store_fixture_path(w->path, sizeof w->path, "alerts"))
        return -1;
    hk_err err;
    if (store_open(w->path, &w->st, &err) || text_analyzer_new(&w->a, &err) ||
        tax_load("tests/data/taxonomy", w->a, &w->t, &err) || idx_new(w->a, w->t, NULL, &w->ix, &err)) {
        fprintf(stderr, "setup: %s: %s\n", err.field, err.msg);
        return -1;
    }
    static const char *const cc[][4] = {{"RU", "Russia", "Россия", "俄罗斯"},
                                        {"CN", "China", "Китай", "中国"},
                                        {"KZ", "Kazakhstan", "Казахстан", "哈萨克斯坦"}};
    for (size_t i = 0; i < 3; i++) {
        country c = {.status = SCO_MEMBER,
                     .name_en = (char *)cc[i][1],
                     .name_ru = (char *)cc[i][2],
                     .name_zh = (char *)cc[i][3]};
        memcpy(c.iso2, cc[i][0], 3);
        if (store_country_put(w->st, &c, &err)) {
            fprintf(stderr, "setup: %s\n", err.msg);
            return -1;
        }
    }
    *state = w;
    w->org_ru = add_org(w, "RU", "Уральский литейный завод", "ru");
    w->org_cn = add_org(w, "CN", "重庆压铸有限公司", "zh");
    w->org_kz = add_org(w, "KZ", "Almaty Castings LLP", "en");
    w->ali = add_user(w, "ali@ulz.ru", "Ali", w->org_ru);
    w->bing = add_user(w, "bing@cqdc.cn", "Bing", w->org_cn);
    w->cai = add_user(w, "cai@cqdc.cn", "Cai", w->org_cn);
    w->dana = add_user(w, "dana@example.org", "Dana", 0);
    w->erlan = add_user(w, "erlan@acl.kz", "Erlan", w->org_kz);
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    idx_free(w->ix);
    tax_free(w->t);
    text_analyzer_free(w->a);
    store_close(w->st);
    store_fixture_remove(w->path);
    free(w);
    return 0;
}

/* ---- builders ---- */

static void new_listing(listing *l, int64_t org, listing_direction dir, const char *lang, const char *title,
                        const char *hs, listing_status status)
{
    memset(l, 0, sizeof *l);
    l->org_id = org;
    l->direction = dir;
    l->kind = KIND_SUPPLY;
    l->texts = calloc(1, sizeof *l->texts);
    l->texts[0] = (listing_text){.lang = strdup(lang), .origin = ORIGIN_ORIGINAL, .title = strdup(title)};
    l->n_texts = 1;
    l->hs = calloc(1, sizeof *l->hs);
    l->hs[0] = strdup(hs);
    l->n_hs = 1;
    l->status = status;
    strcpy(l->expires, EXPIRES);
}

/* Writes l to the store (create when l->id is 0, else update), puts the
 * stored record in the index, as the server does after a commit, and
 * runs the alerts; returns how many notifications they created. */
static size_t write_listing(world *w, listing *l)
{
    hk_err err;
    if (l->id == 0)
        check(store_listing_create(w->st, l, 0, &err), &err);
    else
        check(store_listing_update(w->st, l, 0, 0, &err), &err);
    listing stored;
    check(store_listing_get(w->st, l->id, &stored, &err), &err);
    check(idx_put_listing(w->ix, &stored, &err), &err);
    listing_free(&stored);
    size_t created = 99;
    check(match_alerts_for_listing(w->ix, w->st, l->id, &created, &err), &err);
    return created;
}

static int64_t publish(world *w, int64_t org, listing_direction dir, const char *lang, const char *title,
                       const char *hs, size_t *created)
{
    listing l;
    new_listing(&l, org, dir, lang, title, hs, STATUS_PUBLISHED);
    *created = write_listing(w, &l);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

/* Saves a search as the API does: the filters made canonical by the
 * index (whose format they are) first, then kept by the store. */
static int64_t save_search(world *w, int64_t user_id, const char *name, const char *query, const char *lang,
                           const char *filters)
{
    store_saved_search s = {.user_id = user_id,
                            .name = strdup(name),
                            .query = strdup(query),
                            .lang = lang ? strdup(lang) : NULL};
    hk_err err;
    check(idx_filters_canonical(filters, &s.filters, &err), &err);
    check(store_saved_search_create(w->st, &s, &err), &err);
    int64_t id = s.id;
    store_saved_search_free(&s);
    return id;
}

/* Validation result of creating a saved search with these fields. */
static int try_save(world *w, int64_t user_id, const char *name, const char *query, const char *lang,
                    const char *filters, hk_err *err)
{
    store_saved_search s = {.user_id = user_id,
                            .name = (char *)name,
                            .query = (char *)query,
                            .lang = (char *)lang,
                            .filters = filters ? strdup(filters) : NULL};
    int rc = store_saved_search_create(w->st, &s, err);
    free(s.filters);
    return rc;
}

/* The user's notifications, newest first (at most 100). */
static size_t inbox(world *w, int64_t user_id, store_notification **out)
{
    size_t n;
    hk_err err;
    check(store_notifications_of_user(w->st, user_id, 0, 100, out, &n, &err), &err);
    return n;
}

static size_t inbox_count(world *w, int64_t user_id)
{
    store_notification *v;
    size_t n = inbox(w, user_id, &v);
    store_notifications_free(v, n);
    return n;
}

/* ---- saved searches in the store ---- */

static void saved_search_reads_back_with_canonical_filters_and_is_listed_for_its_owner(void **state)
{
    world *w = *state;
    int64_t id = save_search(w, w->dana, "Литьё для авто", "aluminium die castings", "en",
                             "{\"hs\": \"7616\", \"country\": [\"CN\", \"KZ\"]}");
    assert_true(id > 0);
    store_saved_search got;
    hk_err err;
    assert_int_equal(store_saved_search_get(w->st, id, &got, &err), 0);
    assert_int_equal(got.user_id, w->dana);
    assert_string_equal(got.name, "Литьё для авто");
    assert_string_equal(got.query, "aluminium die castings");
    assert_string_equal(got.lang, "en");
    assert_string_equal(got.filters, "{\"country\":[\"CN\",\"KZ\"],\"hs\":\"7616\"}");
    assert_true(got.created_at > 0);
    store_saved_search_free(&got);

    save_search(w, w->dana, "Everything from Kazakhstan", "", NULL, "{}");
    save_search(w, w->ali, "Cotton", "cotton yarn", NULL, NULL);
    store_saved_search *v;
    size_t n;
    assert_int_equal(store_saved_searches_of_user(w->st, w->dana, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, id);
    assert_string_equal(v[1].query, "");
    assert_null(v[1].filters); /* {} is no filter */
    store_saved_searches_free(v, n);
}

static void saved_search_is_deleted_only_by_its_owner(void **state)
{
    world *w = *state;
    int64_t id = save_search(w, w->dana, "Castings", "castings", NULL, NULL);
    hk_err err;
    assert_int_equal(store_saved_search_delete(w->st, id, w->ali, &err), HK_ENOTFOUND);
    assert_int_equal(store_saved_search_delete(w->st, id, w->dana, &err), 0);
    store_saved_search got;
    assert_int_equal(store_saved_search_get(w->st, id, &got, &err), HK_ENOTFOUND);
    assert_int_equal(store_saved_search_delete(w->st, id, w->dana, &err), HK_ENOTFOUND);
}

static void saved_search_validation_names_the_field(void **state)
{
    world *w = *state;
    hk_err err;
    assert_int_equal(try_save(w, w->dana, "", "x", NULL, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "name");
    char name[2 * 101 + 1] = "";
    for (int i = 0; i < 100; i++)
        strcat(name, "я"); /* 100 code points, 200 bytes */
    assert_int_equal(try_save(w, w->dana, name, "x", NULL, NULL, &err), 0);
    strcat(name, "я");
    assert_int_equal(try_save(w, w->dana, name, "x", NULL, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "name");

    char query[1002];
    memset(query, 'a', 1001);
    query[1001] = 0;
    assert_int_equal(try_save(w, w->dana, "Long", query, NULL, NULL, &err), HK_ETOOBIG);
    assert_string_equal(err.field, "query");
    query[1000] = 0;
    assert_int_equal(try_save(w, w->dana, "Long", query, NULL, NULL, &err), 0);
    assert_int_equal(try_save(w, w->dana, "Bad", "caf\xc3", NULL, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "query");
    assert_int_equal(try_save(w, w->dana, "Lang", "x", "not a tag!", NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "lang");

    /* The store keeps filters as given, as long as they are a JSON object
     * (their format is the index's, checked below). */
    assert_int_equal(try_save(w, w->dana, "Filters", "", NULL, "[\"CN\"]", &err), HK_EINVAL);
    assert_string_equal(err.field, "filters");
    assert_int_equal(try_save(w, w->dana, "Filters", "", NULL, "{\"hs\":\"7616\"", &err), HK_EINVAL);
    assert_string_equal(err.field, "filters");
    assert_int_equal(try_save(w, 9999, "Nobody", "x", NULL, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "user_id");
}

static void the_index_refuses_filters_it_cannot_apply_naming_the_value(void **state)
{
    (void)state;
    static const struct {
        const char *json, *field;
    } bad[] = {
        {"[\"CN\"]", "filters"},                      /* not an object */
        {"{\"colour\":\"red\"}", "filters"},          /* not a facet */
        {"{\"hs\":7616}", "filters.hs"},               /* not a string */
        {"{\"hs\":[]}", "filters"},                    /* no value */
        {"{\"hs\":[\"7616\",1]}", "filters.hs[1]"},    /* not a string in the array */
        {"{\"country\":\"\"}", "filters.country"},     /* empty value */
        {"{\"hs\":\"7616\"", "filters"},               /* not JSON */
        {"{\"hs\":\"1\",\"hs\":\"2\"}", "filters"},    /* the same facet twice */
    };
    hk_err err;
    char *out = (char *)"untouched";
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(idx_filters_canonical(bad[i].json, &out, &err), HK_EINVAL);
        assert_string_equal(err.field, bad[i].field);
        assert_null(out);
    }
    char big[IDX_FILTERS_MAX + 32];
    size_t n = (size_t)snprintf(big, sizeof big, "{\"hs\":[");
    while (n < IDX_FILTERS_MAX)
        n += (size_t)snprintf(big + n, sizeof big - n, "\"7616\",");
    snprintf(big + n - 1, sizeof big - n + 1, "]}");
    assert_int_equal(idx_filters_canonical(big, NULL, &err), HK_ETOOBIG);
    assert_string_equal(err.field, "filters");
}

static void the_index_makes_filters_canonical(void **state)
{
    (void)state;
    hk_err err;
    char *out = NULL;
    assert_int_equal(idx_filters_canonical("{\"hs\": \"7616\", \"country\": [\"CN\", \"KZ\"]}", &out, &err), 0);
    assert_string_equal(out, "{\"country\":[\"CN\",\"KZ\"],\"hs\":\"7616\"}");
    free(out);
    assert_int_equal(idx_filters_canonical("{}", &out, &err), 0);
    assert_null(out); /* no filters */
    assert_int_equal(idx_filters_canonical(NULL, &out, &err), 0);
    assert_null(out);
    assert_int_equal(idx_filters_canonical("{\"sme\":\"true\"}", NULL, &err), 0); /* a check only */
}

static void the_store_keeps_filters_as_given(void **state)
{
    world *w = *state;
    const char *given = "{ \"hs\": \"7616\", \"country\": \"CN\" }";
    store_saved_search s = {.user_id = w->dana, .name = (char *)"As given", .query = (char *)"",
                            .filters = (char *)given};
    hk_err err;
    assert_int_equal(store_saved_search_create(w->st, &s, &err), 0);
    assert_ptr_equal(s.filters, given); /* not rewritten */
    store_saved_search got;
    assert_int_equal(store_saved_search_get(w->st, s.id, &got, &err), 0);
    assert_string_equal(got.filters, given);
    store_saved_search_free(&got);
    char big[STORE_SAVED_FILTERS_MAX + 16];
    memset(big, ' ', sizeof big);
    big[0] = '{';
    big[sizeof big - 2] = '}';
    big[sizeof big - 1] = '\0';
    s.filters = big;
    assert_int_equal(store_saved_search_create(w->st, &s, &err), HK_ETOOBIG);
    assert_string_equal(err.field, "filters");
}

static void a_user_keeps_at_most_one_hundred_saved_searches(void **state)
{
    world *w = *state;
    hk_err err;
    assert_int_equal(store_begin(w->st, &err), 0); /* one commit, not a hundred */
    for (int i = 0; i < STORE_SAVED_PER_USER; i++)
        save_search(w, w->dana, "Search", "castings", NULL, NULL);
    assert_int_equal(store_commit(w->st, &err), 0);
    assert_int_equal(try_save(w, w->dana, "One more", "castings", NULL, NULL, &err), HK_ETOOBIG);
    assert_int_equal(try_save(w, w->ali, "Another user's", "castings", NULL, NULL, &err), 0);
}

/* ---- saved searches alert on new listings ---- */

static void new_listing_matching_a_saved_search_notifies_its_owner_once(void **state)
{
    world *w = *state;
    int64_t ss = save_search(w, w->dana, "Die castings", "aluminium die castings", "en", NULL);
    size_t created;
    listing l;
    new_listing(&l, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616",
                STATUS_PUBLISHED);
    assert_int_equal(write_listing(w, &l), 1);

    store_notification *v;
    assert_int_equal(inbox(w, w->dana, &v), 1);
    assert_int_equal(v[0].kind, NOTIFY_SAVED_SEARCH);
    assert_int_equal(v[0].saved_search_id, ss);
    assert_int_equal(v[0].listing_id, l.id);
    assert_int_equal(v[0].matched_listing_id, 0);
    assert_int_equal(v[0].read_at, 0);
    assert_non_null(strstr(v[0].payload, "\"query\":\"aluminium die castings\""));
    store_notifications_free(v, 1);

    /* The same listing, changed: the pair was notified already. */
    free(l.texts[0].title);
    l.texts[0].title = strdup("Aluminium die castings for automotive and rail parts");
    assert_int_equal(write_listing(w, &l), 0);
    assert_int_equal(inbox_count(w, w->dana), 1);
    listing_free(&l);

    /* A second matching listing is a new pair. */
    publish(w, w->org_kz, DIR_OFFER, "en", "High pressure aluminium die castings", "7616", &created);
    assert_int_equal(created, 1);
    assert_int_equal(inbox_count(w, w->dana), 2);
}

static void listing_that_does_not_match_a_saved_search_notifies_nobody(void **state)
{
    world *w = *state;
    save_search(w, w->dana, "Yarn", "cotton yarn", "en", NULL);
    size_t created;
    publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(created, 0);
    assert_int_equal(inbox_count(w, w->dana), 0);
}

static void saved_filters_apply_to_new_listings(void **state)
{
    world *w = *state;
    save_search(w, w->dana, "Anything from Kazakhstan", "", NULL, "{\"country\":\"KZ\"}");
    save_search(w, w->dana, "Castings from China", "castings", "en", "{\"country\":[\"CN\"],\"hs\":\"76\"}");
    size_t created;
    publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(created, 1); /* the Chinese castings, not Kazakhstan */
    publish(w, w->org_kz, DIR_OFFER, "en", "Combed cotton yarn", "5205", &created);
    assert_int_equal(created, 1); /* Kazakhstan, not castings */
    assert_int_equal(inbox_count(w, w->dana), 2);
}

static void draft_listing_notifies_nobody(void **state)
{
    world *w = *state;
    save_search(w, w->dana, "Die castings", "aluminium die castings", "en", NULL);
    listing l;
    new_listing(&l, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616",
                STATUS_DRAFT);
    assert_int_equal(write_listing(w, &l), 0);
    assert_int_equal(inbox_count(w, w->dana), 0);
    /* Published later, it alerts then. */
    hk_err err;
    assert_int_equal(store_listing_set_status(w->st, l.id, STATUS_PUBLISHED, NULL, 0, &err), 0);
    listing stored;
    assert_int_equal(store_listing_get(w->st, l.id, &stored, &err), 0);
    assert_int_equal(idx_put_listing(w->ix, &stored, &err), 0);
    listing_free(&stored);
    size_t created;
    assert_int_equal(match_alerts_for_listing(w->ix, w->st, l.id, &created, &err), 0);
    assert_int_equal(created, 1);
    listing_free(&l);
}

static void own_organisation_is_not_alerted_about_its_own_listing(void **state)
{
    world *w = *state;
    save_search(w, w->bing, "Our castings", "aluminium die castings", "en", NULL);
    size_t created;
    publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(created, 0);
    assert_int_equal(inbox_count(w, w->bing), 0);
}

/* ---- matches alert the owners of matched listings ---- */

static void listing_match_reaches_members_of_the_other_organisation(void **state)
{
    world *w = *state;
    size_t created;
    int64_t request =
        publish(w, w->org_ru, DIR_REQUEST, "ru", "Куплю алюминиевое литьё под давлением", "7616", &created);
    assert_int_equal(created, 0); /* nothing to match yet */
    int64_t offer =
        publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(created, 1); /* Ali, for the Russian request */

    store_notification *v;
    assert_int_equal(inbox(w, w->ali, &v), 1);
    assert_int_equal(v[0].kind, NOTIFY_LISTING_MATCH);
    assert_int_equal(v[0].listing_id, offer);
    assert_int_equal(v[0].matched_listing_id, request);
    assert_int_equal(v[0].saved_search_id, 0);
    assert_non_null(strstr(v[0].payload, "{\"same_hs_heading\":\"7616\"}"));
    assert_non_null(strstr(v[0].payload, "\"reasons\":["));
    store_notifications_free(v, 1);
    assert_int_equal(inbox_count(w, w->bing), 0); /* the offer's own organisation */
    assert_int_equal(inbox_count(w, w->cai), 0);

    /* Another request of the same heading from Kazakhstan: the Chinese
     * members are told, each once; Ali is not (his is not a partner). */
    publish(w, w->org_kz, DIR_REQUEST, "en", "Wanted: aluminium die cast housings", "7616", &created);
    assert_int_equal(created, 2);
    assert_int_equal(inbox_count(w, w->bing), 1);
    assert_int_equal(inbox_count(w, w->cai), 1);
    assert_int_equal(inbox_count(w, w->ali), 1);

    /* Changing the offer matches it afresh: it now also matches the
     * Kazakh request, whose owner Erlan is told; Ali was told already. */
    listing l;
    hk_err err;
    assert_int_equal(store_listing_get(w->st, offer, &l, &err), 0);
    assert_int_equal(write_listing(w, &l), 1);
    assert_int_equal(inbox_count(w, w->erlan), 1);
    assert_int_equal(inbox_count(w, w->ali), 1);
    /* And once more: every pair was notified. */
    assert_int_equal(write_listing(w, &l), 0);
    listing_free(&l);
}

/* ---- notifications in the store ---- */

static store_notification note(int64_t user_id, int64_t listing_id, int64_t saved_search)
{
    return (store_notification){.user_id = user_id,
                                .kind = NOTIFY_SAVED_SEARCH,
                                .saved_search_id = saved_search,
                                .listing_id = listing_id,
                                .payload = strdup("{\"why\":\"test\"}")};
}

static void same_notification_twice_is_already_notified_not_an_error(void **state)
{
    world *w = *state;
    int64_t ss = save_search(w, w->dana, "Castings", "castings", NULL, NULL);
    listing l;
    new_listing(&l, w->org_cn, DIR_OFFER, "en", "Something else", "7616", STATUS_DRAFT);
    hk_err err;
    assert_int_equal(store_listing_create(w->st, &l, 0, &err), 0);
    store_notification n = note(w->dana, l.id, ss);
    bool created;
    assert_int_equal(store_notification_add(w->st, &n, &created, &err), 0);
    assert_true(created);
    assert_true(n.id > 0);
    assert_int_equal(store_notification_add(w->st, &n, &created, &err), 0);
    assert_false(created);
    assert_int_equal(n.id, 0);
    store_notification_free(&n);

    /* Refused: a listing_match without its matched listing; an unknown user; a payload not an object. */
    n = note(w->dana, l.id, ss);
    n.kind = NOTIFY_LISTING_MATCH;
    assert_int_equal(store_notification_add(w->st, &n, &created, &err), HK_EINVAL);
    n.kind = NOTIFY_SAVED_SEARCH;
    n.user_id = 9999;
    assert_int_equal(store_notification_add(w->st, &n, &created, &err), HK_EINVAL);
    assert_string_equal(err.field, "[0].user_id");
    n.user_id = w->dana;
    free(n.payload);
    n.payload = strdup("[1]");
    assert_int_equal(store_notification_add(w->st, &n, &created, &err), HK_EINVAL);
    store_notification_free(&n);
    assert_int_equal(inbox_count(w, w->dana), 1);
    listing_free(&l);
}

static void notifications_are_listed_newest_first_in_pages(void **state)
{
    world *w = *state;
    int64_t ss = save_search(w, w->dana, "Castings", "castings", NULL, NULL);
    hk_err err;
    store_notification batch[5];
    for (int i = 0; i < 5; i++) {
        listing l;
        new_listing(&l, w->org_cn, DIR_OFFER, "en", "Listing", "7616", STATUS_DRAFT);
        assert_int_equal(store_listing_create(w->st, &l, 0, &err), 0);
        batch[i] = note(w->dana, l.id, ss);
        listing_free(&l);
    }
    size_t created;
    assert_int_equal(store_notifications_add(w->st, batch, 5, &created, &err), 0);
    assert_int_equal(created, 5);
    store_notification *v;
    size_t n;
    assert_int_equal(store_notifications_of_user(w->st, w->dana, 0, 2, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, batch[4].id);
    assert_int_equal(v[1].id, batch[3].id);
    int64_t cursor = v[1].id;
    store_notifications_free(v, n);
    assert_int_equal(store_notifications_of_user(w->st, w->dana, cursor, 100, &v, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, batch[2].id);
    assert_int_equal(v[2].id, batch[0].id);
    store_notifications_free(v, n);
    assert_int_equal(store_notifications_of_user(w->st, w->dana, 0, 0, &v, &n, &err), HK_EINVAL);
    assert_int_equal(store_notifications_of_user(w->st, w->dana, 0, 101, &v, &n, &err), HK_EINVAL);
    assert_int_equal(inbox_count(w, w->ali), 0);
    for (int i = 0; i < 5; i++)
        store_notification_free(&batch[i]);
}

static void notification_is_marked_read_only_by_its_owner(void **state)
{
    world *w = *state;
    save_search(w, w->dana, "Die castings", "aluminium die castings", "en", NULL);
    size_t created;
    publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(created, 1);
    store_notification *v;
    assert_int_equal(inbox(w, w->dana, &v), 1);
    int64_t id = v[0].id;
    store_notifications_free(v, 1);
    hk_err err;
    assert_int_equal(store_notification_mark_read(w->st, id, w->ali, &err), HK_ENOTFOUND);
    assert_int_equal(store_notification_mark_read(w->st, id + 1000, w->dana, &err), HK_ENOTFOUND);
    assert_int_equal(inbox(w, w->dana, &v), 1);
    assert_int_equal(v[0].read_at, 0);
    store_notifications_free(v, 1);
    assert_int_equal(store_notification_mark_read(w->st, id, w->dana, &err), 0);
    assert_int_equal(inbox(w, w->dana, &v), 1);
    int64_t read_at = v[0].read_at;
    assert_true(read_at > 0);
    store_notifications_free(v, 1);
    assert_int_equal(store_notification_mark_read(w->st, id, w->dana, &err), 0); /* again: no change */
    assert_int_equal(inbox(w, w->dana, &v), 1);
    assert_int_equal(v[0].read_at, read_at);
    store_notifications_free(v, 1);
}

static void deleting_a_saved_search_deletes_its_notifications(void **state)
{
    world *w = *state;
    int64_t ss = save_search(w, w->dana, "Die castings", "aluminium die castings", "en", NULL);
    size_t created;
    publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings for automotive parts", "7616", &created);
    assert_int_equal(inbox_count(w, w->dana), 1);
    hk_err err;
    assert_int_equal(store_saved_search_delete(w->st, ss, w->dana, &err), 0);
    assert_int_equal(inbox_count(w, w->dana), 0);
}

/* ---- migration ---- */

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg);
    sqlite3_close(db);
}

static void version_1_database_is_migrated_with_its_data_intact(void **state)
{
    world *w = *state;
    if (store_fixture_pg())
        skip(); /* an upgrade of a SQLite file; PostgreSQL stores begin at this version */
    size_t created;
    int64_t id = publish(w, w->org_cn, DIR_OFFER, "en", "Aluminium die castings", "7616", &created);
    store_close(w->st);
    w->st = NULL;
    /* Take the file back to what a version-1 hamkor left. */
    /* Migration 6's tables (the coordination mechanism) go first. */
    exec_sql(w->path, "DROP TABLE measure_notes; DROP TABLE measure_meetings; DROP TABLE measure_initiatives;"
                      "DROP TABLE measure_bodies; DROP TABLE measure_states; DROP TABLE measure_texts;"
                      "DROP TABLE measures; DROP TABLE initiative_history; DROP TABLE initiative_texts; DROP TABLE initiatives;"
                      "DROP TABLE chair_terms; DROP TABLE meeting_item_access; DROP TABLE meeting_item_texts;"
                      "DROP TABLE meeting_items; DROP TABLE meeting_delegates; DROP TABLE meeting_bodies;"
                      "DROP TABLE meeting_parties; DROP TABLE meeting_texts; DROP TABLE meetings;"
                      "DROP TABLE notifications; DROP TABLE saved_searches; DROP TABLE sessions;"
                      "DROP TABLE api_tokens; DROP TABLE duplicate_flags; DROP TABLE taxonomy_labels;"
                      "DROP INDEX interests_one_pending; DROP TABLE consumers;"
                      "DELETE FROM schema_migrations WHERE version > 1; PRAGMA user_version = 1;");
    hk_err err;
    assert_int_equal(store_open(w->path, &w->st, &err), 0);
    assert_true(store_schema_version() >= 3);
    assert_int_equal(store_db_version(w->st), store_schema_version());
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(w->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(version) FROM schema_migrations", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    char all[64] = "1";
    for (int v = 2; v <= store_schema_version(); v++)
        snprintf(all + strlen(all), sizeof all - strlen(all), ",%d", v);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), all); /* every migration, in order */
    sqlite3_finalize(q);
    sqlite3_close(db);
    listing l;
    assert_int_equal(store_listing_get(w->st, id, &l, &err), 0);
    assert_string_equal(l.texts[0].title, "Aluminium die castings");
    listing_free(&l);
    user u;
    assert_int_equal(store_user_get(w->st, w->dana, &u, &err), 0);
    user_free(&u);
    /* The new tables work. */
    save_search(w, w->dana, "Die castings", "aluminium die castings", "en", NULL);
    assert_int_equal(match_alerts_for_listing(w->ix, w->st, id, &created, &err), 0);
    assert_int_equal(created, 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(saved_search_reads_back_with_canonical_filters_and_is_listed_for_its_owner),
        T(saved_search_is_deleted_only_by_its_owner),
        T(saved_search_validation_names_the_field),
        T(the_index_refuses_filters_it_cannot_apply_naming_the_value),
        T(the_index_makes_filters_canonical),
        T(the_store_keeps_filters_as_given),
        T(a_user_keeps_at_most_one_hundred_saved_searches),
        T(new_listing_matching_a_saved_search_notifies_its_owner_once),
        T(listing_that_does_not_match_a_saved_search_notifies_nobody),
        T(saved_filters_apply_to_new_listings),
        T(draft_listing_notifies_nobody),
        T(own_organisation_is_not_alerted_about_its_own_listing),
        T(listing_match_reaches_members_of_the_other_organisation),
        T(same_notification_twice_is_already_notified_not_an_error),
        T(notifications_are_listed_newest_first_in_pages),
        T(notification_is_marked_read_only_by_its_owner),
        T(deleting_a_saved_search_deletes_its_notifications),
        T(version_1_database_is_migrated_with_its_data_intact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
