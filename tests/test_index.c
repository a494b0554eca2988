/*
 * test_index.c - the search index on a small hand-made corpus in Russian,
 * Chinese, English and Uzbek: ranking, cross-lingual and cross-script
 * matches, typos, prefixes, phrases, filters, facets, updates and deletes,
 * and that unpublished or expired listings are never served.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "demo/demo.h"
#include "index/index.h"
#include "match/match.h"
#include "store/store.h"

#define TODAY "2026-11-23"

typedef struct world {
    text_analyzer *a;
    tax *t;
    idx *ix;
} world;

static void put_org(idx *ix, int64_t id, const char *iso2, const char *name, const char *lang,
                    verification_tier tier)
{
    organisation o;
    memset(&o, 0, sizeof o);
    org_name n = {(char *)name, (char *)lang, true};
    o.id = id;
    o.names = &n;
    o.n_names = 1;
    memcpy(o.country, iso2, 3);
    o.tier = tier;
    o.sme = id % 2;
    /* Yekaterinburg, Chongqing, Almaty, Tashkent */
    static const double coords[][2] = {{56.84, 60.61}, {29.56, 106.55}, {43.24, 76.89}, {41.30, 69.24}};
    o.lat = coords[(id - 1) % 4][0];
    o.lon = coords[(id - 1) % 4][1];
    o.has_coords = true;
    certification cert = {(char *)"ISO 9001:2015", NULL, "", ""};
    if (id != 4) {
        o.certifications = &cert;
        o.n_certifications = 1;
    }
    hk_err err;
    if (idx_put_organisation(ix, &o, &err))
        fail_msg("%s", err.msg);
}

static void put_listing(idx *ix, int64_t id, int64_t org, listing_direction dir, const char *lang,
                        const char *title, const char *desc, const char *hs, listing_status status,
                        const char *expires)
{
    listing l;
    memset(&l, 0, sizeof l);
    listing_text t = {(char *)lang, ORIGIN_ORIGINAL, (char *)title, (char *)desc};
    char *code = (char *)hs;
    l.id = id;
    l.org_id = org;
    l.direction = dir;
    l.kind = KIND_COPRODUCTION;
    l.texts = &t;
    l.n_texts = 1;
    if (hs) {
        l.hs = &code;
        l.n_hs = 1;
    }
    l.status = status;
    snprintf(l.expires, sizeof l.expires, "%s", expires);
    l.updated_at = 1763856000; /* 2025-11-23 */
    hk_err err;
    if (idx_put_listing(ix, &l, &err))
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    hk_err err;
    if (text_analyzer_new(&w->a, &err) || tax_load("tests/data/taxonomy", w->a, &w->t, &err) ||
        idx_new(w->a, w->t, TODAY, &w->ix, &err)) {
        fprintf(stderr, "setup: %s: %s\n", err.field, err.msg);
        return -1;
    }
    idx *ix = w->ix;
    put_org(ix, 1, "RU", "ООО «Уральский литейный завод»", "ru", TIER_COORDINATOR_ENDORSED);
    put_org(ix, 2, "CN", "重庆压铸有限公司", "zh", TIER_REGISTRY_CHECKED);
    put_org(ix, 3, "KZ", "Almaty Castings LLP", "en", TIER_SELF_DECLARED);
    put_org(ix, 4, "UZ", "Toshkent paxta klasteri", "uz-Latn", TIER_SELF_DECLARED);
    put_listing(ix, 101, 1, DIR_OFFER, "ru", "Литьё алюминия под давлением",
                "Отливки из алюминиевых сплавов для автомобильной промышленности", "7616", STATUS_PUBLISHED,
                "2027-06-30");
    put_listing(ix, 102, 2, DIR_REQUEST, "zh", "寻求铝压铸件合作生产伙伴", "汽车零部件铝压铸", "7616",
                STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 103, 3, DIR_OFFER, "en", "Aluminium die castings for automotive parts",
                "High pressure die casting of aluminium housings", "7616", STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 104, 1, DIR_OFFER, "ru", "Стальные сварные трубы", "Электросварные трубы большого диаметра",
                "7306", STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 105, 2, DIR_OFFER, "zh", "中国农业发展银行项目融资", "为农业项目提供贷款", NULL,
                STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 106, 4, DIR_OFFER, "uz-Latn", "Paxta kalava ishlab chiqarish",
                "Toshkent viloyatida paxta kalavasi", "5205", STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 107, 3, DIR_REQUEST, "en", "Cotton yarn supply wanted", "Combed cotton yarn", "5205",
                STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 108, 1, DIR_OFFER, "ru", "Алюминиевый профиль (черновик)", NULL, "7604", STATUS_DRAFT,
                "2027-06-30");
    put_listing(ix, 109, 1, DIR_OFFER, "ru", "Алюминиевые слитки, истёкшее", NULL, "7601", STATUS_PUBLISHED,
                "2025-01-01");
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    idx_free(w->ix);
    tax_free(w->t);
    text_analyzer_free(w->a);
    free(w);
    return 0;
}

/* Runs a query and returns the listing ids in order (up to 16, 0-ended). */
static size_t run(world *w, const char *text, const idx_query *base, int64_t *ids)
{
    idx_query q;
    if (base)
        q = *base;
    else
        memset(&q, 0, sizeof q);
    q.text = text;
    q.limit = 16;
    idx_result r;
    hk_err err;
    if (idx_search(w->ix, &q, &r, &err))
        fail_msg("%s: %s", err.field, err.msg);
    for (size_t i = 0; i < r.n_hits; i++)
        ids[i] = r.hits[i].listing_id;
    ids[r.n_hits] = 0;
    size_t n = r.n_hits;
    idx_result_free(&r);
    return n;
}

static size_t rank_of(const int64_t *ids, int64_t id)
{
    for (size_t i = 0; ids[i]; i++)
        if (ids[i] == id)
            return i + 1;
    return 0;
}

static void russian_query_ranks_russian_listing_first_and_finds_chinese_one(void **state)
{
    int64_t ids[17];
    run(*state, "литьё алюминия под давлением", NULL, ids);
    assert_int_equal(ids[0], 101);
    assert_true(rank_of(ids, 102) > 1); /* same heading 7616, written in Chinese */
    assert_true(rank_of(ids, 103) > 1);
}

static void chinese_query_finds_chinese_first_then_russian_of_same_heading(void **state)
{
    int64_t ids[17];
    run(*state, "铝压铸", NULL, ids);
    assert_int_equal(ids[0], 102);
    assert_true(rank_of(ids, 101) > 1);
}

static void bigrams_find_words_inside_longer_chinese_words(void **state)
{
    int64_t ids[17];
    run(*state, "银行", NULL, ids);
    assert_int_equal(ids[0], 105);
}

static void cyrillic_query_finds_latin_spelling(void **state)
{
    int64_t ids[17];
    run(*state, "Тошкент", NULL, ids);
    assert_true(rank_of(ids, 106) >= 1);
}

static void misspelt_word_within_one_edit_is_found(void **state)
{
    int64_t ids[17];
    run(*state, "alumnium castings ", NULL, ids);
    assert_int_equal(ids[0], 103);
}

static void last_word_matches_as_prefix(void **state)
{
    int64_t ids[17];
    run(*state, "cotton ya", NULL, ids);
    assert_int_equal(ids[0], 107);
}

static void phrase_requires_adjacent_words_in_order(void **state)
{
    int64_t ids[17];
    run(*state, "\"die castings\"", NULL, ids);
    assert_int_equal(ids[0], 103);
    assert_int_equal(run(*state, "\"castings die\"", NULL, ids), 0);
}

/* A phrase asks for words: the query's headings rank the listings that
 * have it (a code score), and bring none that lack it, even those of the
 * heading with one of its words. */
static void phrase_hits_carry_the_code_score_and_codes_bring_no_other(void **state)
{
    world *w = *state;
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "\"aluminium die castings\"";
    q.limit = 16;
    idx_result r;
    hk_err err;
    assert_int_equal(idx_search(w->ix, &q, &r, &err), 0);
    assert_int_equal(r.total, 1);
    assert_int_equal(r.hits[0].listing_id, 103);
    assert_true(r.hits[0].code_score > 0); /* 7616, like 101 and 102, which lack the words */
    assert_true(r.n_inferred_hs > 0);
    idx_result_free(&r);
    q.text = "aluminium die castings";
    assert_int_equal(idx_search(w->ix, &q, &r, &err), 0);
    assert_true(r.total >= 3); /* without quotes, 101 and 102 match through 7616 */
    idx_result_free(&r);
}

static void filters_keep_only_matching_listings(void **state)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.filters[0] = (idx_filter){IDX_F_COUNTRY, 1, {"RU"}};
    q.n_filters = 1;
    int64_t ids[17];
    size_t n = run(*state, "", &q, ids);
    assert_int_equal(n, 2); /* 101 and 104; the draft and the expired one are not served */
    q.filters[1] = (idx_filter){IDX_F_HS, 1, {"73"}};
    q.n_filters = 2;
    n = run(*state, "", &q, ids);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 104);
    q.filters[0] = (idx_filter){IDX_F_HS, 1, {"XV"}};
    q.filters[1] = (idx_filter){IDX_F_DIRECTION, 1, {"request"}};
    n = run(*state, "", &q, ids);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 102);
}

/* The count of value in facet f of r, 0 when it is not among them. */
static uint32_t facet_value_count(const idx_result *r, idx_facet f, const char *value)
{
    for (size_t i = 0; i < r->n_facets[f]; i++)
        if (!strcmp(r->facets[f][i].value, value))
            return r->facets[f][i].count;
    return 0;
}

static void facets_count_matching_listings_per_value(void **state)
{
    world *w = *state;
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "";
    q.limit = 5;
    q.facets = true;
    idx_result r;
    hk_err err;
    assert_int_equal(idx_search(w->ix, &q, &r, &err), 0);
    assert_int_equal(r.total, 7);
    assert_int_equal(facet_value_count(&r, IDX_F_COUNTRY, "RU"), 2);
    assert_int_equal(facet_value_count(&r, IDX_F_HS, "76"), 3);
    assert_int_equal(facet_value_count(&r, IDX_F_HS, "XV"), 4);
    idx_result_free(&r);
}

/* The count of a heading's or group's value in the facets for a query
 * of no words (every live listing). */
static uint32_t code_count(idx *ix, idx_facet f, const char *value)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "";
    q.facets = true;
    idx_result r;
    hk_err err;
    assert_int_equal(idx_search(ix, &q, &r, &err), 0);
    uint32_t n = facet_value_count(&r, f, value);
    idx_result_free(&r);
    return n;
}

/* A listing counts under each of its codes, the first two (kept beside
 * the row for the count) as the third and fourth (read from the row). */
static void facets_count_every_code_of_a_listing(void **state)
{
    world *w = *state;
    idx *ix;
    hk_err err;
    assert_int_equal(idx_new(w->a, w->t, TODAY, &ix, &err), 0);
    put_org(ix, 1, "RU", "Ural Metals", "en", TIER_SELF_DECLARED);
    static char *hs[] = {"7304", "7306", "7616", "7601"};
    static char *isic[] = {"241", "242", "259", "251"};
    for (int n = 1; n <= 4; n++) {
        listing l;
        memset(&l, 0, sizeof l);
        listing_text t = {"en", ORIGIN_ORIGINAL, "Metal products", NULL};
        l.id = n;
        l.org_id = 1;
        l.direction = DIR_OFFER;
        l.kind = KIND_COPRODUCTION;
        l.texts = &t;
        l.n_texts = 1;
        l.hs = hs;
        l.n_hs = (size_t)n; /* listing n has the first n codes */
        l.isic = isic;
        l.n_isic = (size_t)n;
        l.status = STATUS_PUBLISHED;
        snprintf(l.expires, sizeof l.expires, "2027-06-30");
        l.updated_at = 1763856000;
        assert_int_equal(idx_put_listing(ix, &l, &err), 0);
    }
    assert_int_equal(code_count(ix, IDX_F_HS, "7304"), 4);
    assert_int_equal(code_count(ix, IDX_F_HS, "7306"), 3);
    assert_int_equal(code_count(ix, IDX_F_HS, "7616"), 2);
    assert_int_equal(code_count(ix, IDX_F_HS, "7601"), 1);
    assert_int_equal(code_count(ix, IDX_F_ISIC, "241"), 4);
    assert_int_equal(code_count(ix, IDX_F_ISIC, "242"), 3);
    assert_int_equal(code_count(ix, IDX_F_ISIC, "259"), 2);
    assert_int_equal(code_count(ix, IDX_F_ISIC, "251"), 1);
    assert_int_equal(code_count(ix, IDX_F_HS, "73"), 7); /* a chapter: each heading of it once */
    idx_free(ix);
}

static void query_can_be_checked_against_one_listing(void **state)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.only_listing = 103;
    int64_t ids[17];
    assert_int_equal(run(*state, "castings", &q, ids), 1);
    assert_int_equal(ids[0], 103);
    assert_int_equal(run(*state, "трубы", &q, ids), 0);
    q.only_listing = 108; /* a draft: never served, even when asked for */
    assert_int_equal(run(*state, "профиль", &q, ids), 0);
}

static void draft_and_expired_listings_are_never_served(void **state)
{
    int64_t ids[17];
    run(*state, "алюминиевый профиль", NULL, ids);
    assert_int_equal(rank_of(ids, 108), 0);
    run(*state, "слитки", NULL, ids);
    assert_int_equal(rank_of(ids, 109), 0);
}

static void changed_listing_is_found_by_new_words_only(void **state)
{
    world *w = *state;
    put_listing(w->ix, 104, 1, DIR_OFFER, "ru", "Бесшовные стальные трубы", NULL, "7304", STATUS_PUBLISHED,
                "2027-06-30");
    int64_t ids[17];
    run(w, "бесшовные", NULL, ids);
    assert_int_equal(ids[0], 104);
    run(w, "электросварные", NULL, ids);
    assert_int_equal(rank_of(ids, 104), 0);
}

static void deleted_listing_is_not_served(void **state)
{
    world *w = *state;
    idx_delete_listing(w->ix, 107);
    int64_t ids[17];
    run(w, "cotton yarn", NULL, ids);
    assert_int_equal(rank_of(ids, 107), 0);
}

static void closing_a_listing_removes_it(void **state)
{
    world *w = *state;
    put_listing(w->ix, 105, 2, DIR_OFFER, "zh", "中国农业发展银行项目融资", NULL, NULL, STATUS_CLOSED, "2027-06-30");
    int64_t ids[17];
    assert_int_equal(run(w, "银行", NULL, ids), 0);
}

static void highlights_mark_matched_words(void **state)
{
    world *w = *state;
    uint32_t *spans;
    size_t n;
    hk_err err;
    const char *title = "Литьё алюминия под давлением";
    assert_int_equal(idx_highlight(w->ix, "алюминий", title, "ru", &spans, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(strncmp(title + spans[0], "алюминия", spans[1] - spans[0]), 0);
    free(spans);
}

static void highlights_of_many_titles_analyse_the_query_once(void **state)
{
    world *w = *state;
    idx_marker *m;
    hk_err err;
    assert_int_equal(idx_marker_new(w->ix, "алюминий литьё", "ru", &m, &err), 0);
    uint32_t *spans = NULL;
    size_t cap = 0, n;
    const char *t1 = "Литьё алюминия под давлением", *t2 = "Стальные трубы", *t3 = "寻求铝压铸件合作生产伙伴";
    assert_int_equal(idx_marker_spans(m, t1, "ru", &spans, &cap, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(strncmp(t1 + spans[0], "Литьё", spans[1] - spans[0]), 0);
    assert_int_equal(strncmp(t1 + spans[2], "алюминия", spans[3] - spans[2]), 0);
    assert_int_equal(idx_marker_spans(m, t2, "ru", &spans, &cap, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(idx_marker_spans(m, t3, "zh", &spans, &cap, &n, &err), 0);
    assert_int_equal(n, 0);
    free(spans);
    idx_marker_free(m);
}

/* A request analyses its query once (idx_query_analyse) and hands the
 * tokens to the search, the code inference and the highlights. */
static void a_search_and_its_highlights_share_one_analysis_of_the_query(void **state)
{
    world *w = *state;
    hk_err err;
    text_tokens toks;
    text_tokens_init(&toks);
    assert_int_equal(idx_query_analyse(w->ix, "трубы", "ru", &toks, &err), 0);
    idx_query q = {.text = "трубы", .lang = "ru", .limit = 16};
    idx_result own, shared;
    assert_int_equal(idx_search(w->ix, &q, &own, &err), 0);
    q.toks = &toks;
    assert_int_equal(idx_search(w->ix, &q, &shared, &err), 0);
    assert_int_equal(own.n_hits, shared.n_hits);
    assert_true(own.n_hits >= 1);
    assert_int_equal(own.hits[0].listing_id, 104);
    for (size_t i = 0; i < own.n_hits; i++)
        assert_int_equal(own.hits[i].listing_id, shared.hits[i].listing_id);
    assert_int_equal(own.n_inferred_hs, shared.n_inferred_hs);
    for (size_t i = 0; i < own.n_inferred_hs; i++)
        assert_string_equal(own.inferred_hs[i], shared.inferred_hs[i]);
    idx_result_free(&shared);
    /* The tokens are what the search reads: beside a text of the same
     * length that would find nothing, they still find the pipes. */
    q.text = "qqqqqqqqqq";
    assert_int_equal(idx_search(w->ix, &q, &shared, &err), 0);
    assert_true(shared.n_hits >= 1);
    assert_int_equal(shared.hits[0].listing_id, 104);
    assert_int_equal(shared.n_inferred_hs, own.n_inferred_hs);
    idx_result_free(&shared);
    idx_result_free(&own);
    /* The highlights read the same tokens. */
    idx_marker *m;
    assert_int_equal(idx_marker_of(w->ix, &toks, &m, &err), 0);
    uint32_t *spans = NULL;
    size_t cap = 0, n;
    const char *title = "Стальные сварные трубы";
    assert_int_equal(idx_marker_spans(m, title, "ru", &spans, &cap, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(strncmp(title + spans[0], "трубы", spans[1] - spans[0]), 0);
    free(spans);
    idx_marker_free(m);
    text_tokens_free(&toks);
    /* Invalid UTF-8 is refused by the one analysis, naming the text. */
    assert_int_not_equal(idx_query_analyse(w->ix, "\xff\xfe", "ru", &toks, &err), 0);
    assert_int_equal(err.code, HK_EINVAL);
    text_tokens_free(&toks);
}

static void result_lists_are_written_from_the_index(void **state)
{
    world *w = *state;
    int64_t ids[] = {101, 102, 424242};
    idx_summaries sm;
    hk_err err;
    assert_int_equal(idx_summaries_get(w->ix, ids, 3, &sm, &err), 0);
    assert_int_equal(sm.n, 3);
    assert_true(sm.v[0].found);
    assert_string_equal(sm.v[0].title, "Литьё алюминия под давлением");
    assert_string_equal(sm.v[0].lang, "ru");
    assert_int_equal(sm.v[0].n_hs, 1);
    assert_string_equal(sm.v[0].hs, "7616");
    assert_int_equal(sm.v[0].org_id, 1);
    assert_string_equal(sm.v[0].org_name, "ООО «Уральский литейный завод»");
    assert_string_equal(sm.v[0].country, "RU");
    assert_int_equal(sm.v[0].direction, DIR_OFFER);
    assert_int_equal(sm.v[0].kind, KIND_COPRODUCTION);
    assert_true(sm.v[1].found);
    assert_string_equal(sm.v[1].title, "寻求铝压铸件合作生产伙伴");
    assert_int_equal(sm.v[1].direction, DIR_REQUEST);
    assert_false(sm.v[2].found); /* not in the index */
    idx_summaries_free(&sm);
    /* A renamed organisation shows its new name on every listing at once;
     * a deleted listing is not found. */
    put_org(w->ix, 2, "CN", "重庆精密压铸有限公司", "zh", TIER_REGISTRY_CHECKED);
    put_listing(w->ix, 301, 2, DIR_OFFER, "zh", "临时信息", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    idx_delete_listing(w->ix, 301);
    int64_t again[] = {102, 301};
    assert_int_equal(idx_summaries_get(w->ix, again, 2, &sm, &err), 0);
    assert_string_equal(sm.v[0].org_name, "重庆精密压铸有限公司");
    assert_false(sm.v[1].found);
    idx_summaries_free(&sm);
    put_org(w->ix, 2, "CN", "重庆压铸有限公司", "zh", TIER_REGISTRY_CHECKED);
}

static size_t live_count(idx *ix)
{
    idx_stats s;
    idx_get_stats(ix, &s);
    return s.live;
}

static void a_new_day_takes_listings_past_their_date_out_at_once(void **state)
{
    world *w = *state;
    /* TODAY is 2026-11-23: it is live through 2026-11-24. */
    put_listing(w->ix, 302, 3, DIR_OFFER, "en", "Titanium forgings for valves", NULL, NULL, STATUS_PUBLISHED,
                "2026-11-24");
    int64_t ids[17];
    size_t live = live_count(w->ix);
    hk_err err;
    run(w, "titanium forgings", NULL, ids);
    assert_int_equal(ids[0], 302);
    assert_int_equal(idx_set_today(w->ix, "2026-11-24", &err), 0);
    run(w, "titanium forgings", NULL, ids);
    assert_int_equal(ids[0], 302);
    assert_int_equal(idx_set_today(w->ix, "2026-11-25", &err), 0);
    assert_int_equal(run(w, "titanium forgings", NULL, ids), 0);
    assert_int_equal(live_count(w->ix), live - 1);
    /* Put again on that day (a change of another field), it stays out. */
    put_listing(w->ix, 302, 3, DIR_OFFER, "en", "Titanium forgings for valves and pumps", NULL, NULL,
                STATUS_PUBLISHED, "2026-11-24");
    assert_int_equal(run(w, "titanium forgings", NULL, ids), 0);
    /* Back to TODAY: live again; a bad date changes nothing. */
    assert_int_equal(idx_set_today(w->ix, TODAY, &err), 0);
    assert_int_equal(run(w, "titanium forgings", NULL, ids), 1);
    assert_int_equal(live_count(w->ix), live);
    assert_int_equal(idx_set_today(w->ix, "2026-02-30", &err), HK_EINVAL);
    assert_int_equal(run(w, "titanium forgings", NULL, ids), 1);
    idx_delete_listing(w->ix, 302);
}

static idx_result search_collapsed(world *w, const char *text, size_t limit, size_t offset, bool collapse)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = text;
    q.limit = limit;
    q.offset = offset;
    q.collapse = collapse;
    idx_result r;
    hk_err err;
    if (idx_search(w->ix, &q, &r, &err))
        fail_msg("%s: %s", err.field, err.msg);
    return r;
}

static void near_identical_listings_of_one_organisation_make_one_hit(void **state)
{
    world *w = *state;
    /* Three of organisation 3's offers say the same thing; its request,
     * organisation 4's offer and a different title of 3 do not. */
    put_listing(w->ix, 311, 3, DIR_OFFER, "en", "Bronze bushings for pumps", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    put_listing(w->ix, 312, 3, DIR_OFFER, "en", "bronze bushing, for pump", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    put_listing(w->ix, 313, 3, DIR_OFFER, "en", "BRONZE BUSHINGS FOR PUMPS", "Made to drawing", NULL, STATUS_PUBLISHED,
                "2027-06-30");
    put_listing(w->ix, 314, 3, DIR_REQUEST, "en", "Bronze bushings for pumps", NULL, NULL, STATUS_PUBLISHED,
                "2027-06-30");
    put_listing(w->ix, 315, 4, DIR_OFFER, "en", "Bronze bushings for pumps", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    put_listing(w->ix, 316, 3, DIR_OFFER, "en", "Bronze bushings for compressors", NULL, NULL, STATUS_PUBLISHED,
                "2027-06-30");
    idx_result r = search_collapsed(w, "bronze bushings", 20, 0, false);
    assert_int_equal(r.total, 6);
    assert_int_equal(r.n_hits, 6);
    idx_result_free(&r);
    r = search_collapsed(w, "bronze bushings", 20, 0, true);
    assert_int_equal(r.total, 6);
    assert_int_equal(r.n_hits, 4);
    assert_false(r.more);
    int groups = 0;
    for (size_t i = 0; i < r.n_hits; i++) {
        const idx_hit *h = &r.hits[i];
        if (h->listing_id >= 311 && h->listing_id <= 313) {
            groups++;
            assert_int_equal(h->n_similar, 2);
            int64_t want[2], k = 0;
            for (int64_t id = 311; id <= 313; id++)
                if (id != h->listing_id)
                    want[k++] = id;
            assert_int_equal(h->similar[0], want[0]);
            assert_int_equal(h->similar[1], want[1]);
        } else {
            assert_int_equal(h->n_similar, 0);
        }
    }
    assert_int_equal(groups, 1);
    idx_result_free(&r);
    /* Pages count hits: 4 hits are pages of 3 and 1. */
    r = search_collapsed(w, "bronze bushings", 3, 0, true);
    assert_int_equal(r.n_hits, 3);
    assert_true(r.more);
    idx_result_free(&r);
    r = search_collapsed(w, "bronze bushings", 3, 3, true);
    assert_int_equal(r.n_hits, 1);
    assert_false(r.more);
    idx_result_free(&r);
    /* One of them deleted: the others still collapse, counted right. */
    idx_delete_listing(w->ix, 312);
    r = search_collapsed(w, "bronze bushings", 20, 0, true);
    assert_int_equal(r.total, 5);
    assert_int_equal(r.n_hits, 4);
    for (size_t i = 0; i < r.n_hits; i++)
        if (r.hits[i].listing_id == 311 || r.hits[i].listing_id == 313)
            assert_int_equal(r.hits[i].n_similar, 1);
    idx_result_free(&r);
    for (int64_t id = 311; id <= 316; id++)
        idx_delete_listing(w->ix, id);
}

static void score_components_add_up(void **state)
{
    world *w = *state;
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "aluminium die castings";
    q.limit = 3;
    q.explain = true;
    idx_result r;
    hk_err err;
    assert_int_equal(idx_search(w->ix, &q, &r, &err), 0);
    assert_true(r.n_hits >= 1);
    const idx_hit *h = &r.hits[0];
    assert_true(h->text_score > 0);
    assert_true(fabs(h->score - (h->text_score + h->code_score + h->fresh + h->verified)) < 1e-3);
    idx_result_free(&r);
}

static listing listing_of(int64_t id, int64_t org, listing_direction dir, const char *lang, const char *title,
                          char **hs, listing_text *t)
{
    listing l;
    memset(&l, 0, sizeof l);
    *t = (listing_text){(char *)lang, ORIGIN_ORIGINAL, (char *)title, NULL};
    l.id = id;
    l.org_id = org;
    l.direction = dir;
    l.kind = KIND_SUPPLY;
    l.texts = t;
    l.n_texts = 1;
    l.hs = hs;
    l.n_hs = 1;
    l.status = STATUS_PUBLISHED;
    return l;
}

static const match_reason *reason_of(const match_hit *h, match_reason_type type)
{
    for (size_t i = 0; i < h->n_reasons; i++)
        if (h->reasons[i].type == type)
            return &h->reasons[i];
    return NULL;
}

static void match_pairs_offer_with_requests_of_the_same_heading_abroad(void **state)
{
    world *w = *state;
    char *hs = (char *)"7616";
    listing_text t;
    listing l = listing_of(101, 1, DIR_OFFER, "ru", "Литьё алюминия под давлением", &hs, &t);
    match_result r;
    hk_err err;
    assert_int_equal(match_listing(w->ix, &l, NULL, &r, &err), 0);
    assert_true(r.n_hits >= 1);
    assert_int_equal(r.hits[0].listing_id, 102); /* the Chinese request, not the offers */
    const match_reason *same = reason_of(&r.hits[0], MR_SAME_HS_HEADING);
    assert_non_null(same);
    assert_string_equal(same->code, "7616");
    const match_reason *km = reason_of(&r.hits[0], MR_DISTANCE_KM);
    assert_non_null(km);
    assert_true(km->value > 4600 && km->value < 4720); /* Yekaterinburg - Chongqing, great circle */
    assert_non_null(reason_of(&r.hits[0], MR_CERTIFICATION));
    for (size_t i = 0; i < r.n_hits; i++)
        assert_int_not_equal(r.hits[i].listing_id, 103); /* an offer does not match an offer */
    match_result_free(&r);
}

static void match_skips_own_organisation_and_state_unless_asked(void **state)
{
    world *w = *state;
    put_listing(w->ix, 120, 1, DIR_REQUEST, "ru", "Куплю алюминиевое литьё", NULL, "7616", STATUS_PUBLISHED,
                "2027-06-30");
    char *hs = (char *)"7616";
    listing_text t;
    listing l = listing_of(121, 3, DIR_OFFER, "en", "Aluminium die castings", &hs, &t);
    match_result r;
    hk_err err;
    assert_int_equal(match_listing(w->ix, &l, NULL, &r, &err), 0);
    bool saw_ru = false;
    for (size_t i = 0; i < r.n_hits; i++)
        saw_ru |= r.hits[i].listing_id == 120;
    assert_true(saw_ru);
    match_result_free(&r);
    l.org_id = 1; /* the same organisation: its own request is not a partner */
    assert_int_equal(match_listing(w->ix, &l, NULL, &r, &err), 0);
    for (size_t i = 0; i < r.n_hits; i++)
        assert_int_not_equal(r.hits[i].listing_id, 120);
    match_result_free(&r);
    idx_delete_listing(w->ix, 120);
}

static void organisation_is_matched_with_listings_of_its_codes_abroad(void **state)
{
    world *w = *state;
    organisation o;
    memset(&o, 0, sizeof o);
    org_name n = {(char *)"Almaty Castings LLP", (char *)"en", true};
    char *hs = (char *)"7616", *isic = (char *)"243";
    capability cap = {CAP_PROCESS, (char *)"aluminium die casting", 0, NULL};
    o.id = 3;
    o.names = &n;
    o.n_names = 1;
    memcpy(o.country, "KZ", 3);
    o.hs = &hs;
    o.n_hs = 1;
    o.isic = &isic;
    o.n_isic = 1;
    o.capabilities = &cap;
    o.n_capabilities = 1;
    match_result r;
    hk_err err;
    assert_int_equal(match_organisation(w->ix, &o, NULL, &r, &err), 0);
    bool saw_request = false, saw_offer = false;
    for (size_t i = 0; i < r.n_hits; i++) {
        assert_int_not_equal(r.hits[i].listing_id, 103); /* its own listing */
        saw_request |= r.hits[i].listing_id == 102;      /* the Chinese request */
        saw_offer |= r.hits[i].listing_id == 101;        /* the Russian offer: a competitor or a partner */
    }
    assert_true(saw_request && saw_offer);
    assert_non_null(reason_of(&r.hits[0], MR_SAME_HS_HEADING));
    match_result_free(&r);
}

static void distance_without_gazetteer_is_great_circle(void **state)
{
    (void)state;
    double km = geo_gc_km(41.30, 69.24, 55.76, 37.62); /* Tashkent - Moscow */
    assert_true(km > 2750 && km < 2800);
}

static void distance_with_gazetteer_goes_by_rail(void **state)
{
    world *w = *state;
    geo *g;
    hk_err err;
    if (geo_load("data/geo", &g, &err))
        fail_msg("%s: %s", err.field, err.msg);
    char *hs = (char *)"7616";
    listing_text t;
    listing l = listing_of(101, 1, DIR_OFFER, "ru", "Литьё алюминия под давлением", &hs, &t);
    match_options opt = {.limit = 5, .geo = g};
    match_result r;
    assert_int_equal(match_listing(w->ix, &l, &opt, &r, &err), 0);
    assert_true(r.n_hits >= 1);
    const match_reason *rail = reason_of(&r.hits[0], MR_RAIL_KM);
    assert_non_null(rail); /* Yekaterinburg and Chongqing are joined by rail */
    assert_true(rail->value > 4700);
    match_result_free(&r);
    geo_free(g);
}

/* Readers search while a writer adds listings: run under -fsanitize=thread. */
typedef struct reader_arg {
    world *w;
    int rounds;
} reader_arg;

static void *reader(void *p)
{
    reader_arg *a = p;
    for (int i = 0; i < a->rounds; i++) {
        idx_query q;
        memset(&q, 0, sizeof q);
        q.text = i % 2 ? "алюминий" : "铝压铸";
        q.limit = 5;
        q.facets = true;
        idx_result r;
        hk_err err;
        if (idx_search(a->w->ix, &q, &r, &err) == 0)
            idx_result_free(&r);
    }
    return NULL;
}

static void searches_run_beside_a_writer(void **state)
{
    world *w = *state;
    pthread_t th[2];
    reader_arg arg = {w, 200};
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, reader, &arg);
    /* 50 listings put four times each: the replaced ones die, and the
     * sweep that makes due runs in steps between the puts. */
    for (int i = 0; i < 200; i++) {
        put_listing(w->ix, 1000 + i % 50, 1, DIR_OFFER, "ru", "Алюминиевые отливки серии", "литьё", "7616",
                    STATUS_PUBLISHED, "2027-06-30");
        idx_compact_step(w->ix, 64, NULL);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    idx_stats st;
    idx_get_stats(w->ix, &st);
    assert_true(st.live >= 50);
}

/* Runs query (limit 50, facets) on both indexes and asserts the same
 * answer: total, scores rank by rank (ties may differ in order) and facet
 * counts. Returns the total. */
static size_t assert_same_answers(idx *x, idx *y, const char *query)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = query;
    q.limit = 50;
    q.facets = true;
    idx_result ra, rb;
    hk_err err;
    assert_int_equal(idx_search(x, &q, &ra, &err), 0);
    assert_int_equal(idx_search(y, &q, &rb, &err), 0);
    assert_int_equal(ra.total, rb.total);
    assert_int_equal(ra.n_hits, rb.n_hits);
    for (size_t h = 0; h < ra.n_hits; h++)
        assert_true(ra.hits[h].score == rb.hits[h].score);
    for (int f = 0; f < IDX_F__COUNT; f++) {
        assert_int_equal(ra.n_facets[f], rb.n_facets[f]);
        for (size_t v = 0; v < ra.n_facets[f]; v++) {
            assert_string_equal(ra.facets[f][v].value, rb.facets[f][v].value);
            assert_int_equal(ra.facets[f][v].count, rb.facets[f][v].count);
        }
    }
    size_t total = ra.total;
    idx_result_free(&ra);
    idx_result_free(&rb);
    return total;
}

/* ---- compaction ---- */

static void put_lot(idx *ix, int64_t id, int version)
{
    char title[96], desc[96];
    snprintf(title, sizeof title, "Steel pipes lot %lld version %d", (long long)id, version);
    snprintf(desc, sizeof desc, "Welded steel pipes, revision %d", version);
    put_listing(ix, id, 1 + id % 4, id % 2 ? DIR_OFFER : DIR_REQUEST, "en", title, desc, "7306", STATUS_PUBLISHED,
                "2027-06-30");
}

/* Edits and deletes leave dead postings; a sweep drops them, and the index
 * then answers exactly like one that put each listing once: same
 * postings, same scores (document frequencies no longer count the dead),
 * same totals and facets, phrases still matched through the moved
 * positions. */
static void a_sweep_drops_dead_postings_and_answers_like_a_fresh_index(void **state)
{
    world *w = *state;
    hk_err err;
    idx *edited, *fresh;
    assert_int_equal(idx_new(w->a, w->t, TODAY, &edited, &err), 0);
    assert_int_equal(idx_new(w->a, w->t, TODAY, &fresh, &err), 0);
    bool done = false;
    assert_int_equal(idx_compact_step(edited, 1000, &done), 0); /* nothing due */
    assert_true(done);
    for (int64_t org = 1; org <= 4; org++) {
        static const char *const names[] = {"Ural Pipe Works", "Chongqing Steel", "Almaty Castings LLP",
                                            "Toshkent Quvur"};
        put_org(edited, org, "RU", names[org - 1], "en", TIER_SELF_DECLARED);
        put_org(fresh, org, "RU", names[org - 1], "en", TIER_SELF_DECLARED);
    }
    for (int64_t id = 300; id < 340; id++) {
        for (int v = 0; v < 6; v++)
            put_lot(edited, id, v);
        if (id % 7 == 0)
            idx_delete_listing(edited, id);
        else
            put_lot(fresh, id, 5);
    }
    idx_stats a, b;
    idx_get_stats(edited, &a);
    idx_get_stats(fresh, &b);
    assert_true(a.postings > 5 * b.postings);
    /* The kills made a sweep due; small steps send the longer terms
     * through the copy made under the read lock. */
    size_t dropped = 0, steps = 0;
    for (done = false; !done; steps++)
        dropped += idx_compact_step(edited, 16, &done);
    assert_true(steps > 10);
    idx_get_stats(edited, &a);
    assert_int_equal(a.postings, b.postings);
    idx_compact_now(edited); /* a second sweep finds nothing more */
    assert_true(dropped > 0);
    idx_get_stats(edited, &a);
    assert_int_equal(a.postings, b.postings);
    assert_int_equal(a.live, b.live);
    assert_true(a.memory_bytes > b.memory_bytes); /* the dead rows stay */

    static const char *const queries[] = {"steel pipes", "\"welded steel pipes\"", "revision 5", "\"revision 3\"",
                                          "version", "Chongqing", "\"Ural Pipe\"", "lot 31"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        size_t total = assert_same_answers(edited, fresh, queries[i]);
        if (i == 1)
            assert_true(total > 0); /* the phrase is found through the moved positions */
        if (i == 3)
            assert_int_equal(total, 0); /* old versions are gone */
    }
    idx_free(edited);
    idx_free(fresh);
}

/* A search's scratch is reused: whatever the search before it touched,
 * broad (its entries forgotten all at once) or narrow (one by one), a
 * query answers as on an index that ran a different query before. */
static void a_search_answers_the_same_whatever_ran_before_it(void **state)
{
    world *w = *state;
    hk_err err;
    idx *x, *y;
    assert_int_equal(idx_new(w->a, w->t, TODAY, &x, &err), 0);
    assert_int_equal(idx_new(w->a, w->t, TODAY, &y, &err), 0);
    for (int64_t org = 1; org <= 4; org++) {
        put_org(x, org, "RU", "Ural Pipe Works", "en", TIER_SELF_DECLARED);
        put_org(y, org, "RU", "Ural Pipe Works", "en", TIER_SELF_DECLARED);
    }
    for (int64_t id = 300; id < 400; id++) {
        put_lot(x, id, (int)(id % 3));
        put_lot(y, id, (int)(id % 3));
    }
    static const char *const before[] = {"steel pipes", "lot 31", "\"revision 2\"", "Ural", "lot 3"};
    static const char *const queries[] = {"lot 350", "steel pipes revision 1", "\"welded steel\"", "version 2",
                                          "Ural pipe lot"};
    for (size_t b = 0; b < sizeof before / sizeof *before; b++)
        for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
            idx_query q;
            memset(&q, 0, sizeof q);
            idx_result r;
            q.text = before[b];
            assert_int_equal(idx_search(x, &q, &r, &err), 0);
            idx_result_free(&r);
            q.text = before[(b + 1) % (sizeof before / sizeof *before)];
            assert_int_equal(idx_search(y, &q, &r, &err), 0);
            idx_result_free(&r);
            assert_true(assert_same_answers(x, y, queries[i]) > 0);
        }
    idx_free(x);
    idx_free(y);
}

/* ---- organisation names ---- */

/* An organisation's names are searched as a field of each of its listings
 * (kept once, with the organisation), and a rename reaches every one of
 * them at once. */
static void listings_are_found_by_their_organisation_names_and_a_rename_at_once(void **state)
{
    world *w = *state;
    int64_t ids[17];
    run(w, "литейный", NULL, ids);
    assert_true(rank_of(ids, 101) && rank_of(ids, 104));
    assert_int_equal(rank_of(ids, 103), 0);
    assert_int_equal(rank_of(ids, 108), 0); /* a draft, whatever its organisation */
    put_org(w->ix, 1, "RU", "ООО «Уральский трубный завод»", "ru", TIER_COORDINATOR_ENDORSED);
    run(w, "литейный", NULL, ids);
    assert_int_equal(ids[0], 0);
    run(w, "трубный", NULL, ids);
    assert_true(rank_of(ids, 101) && rank_of(ids, 104));
    /* A word in the listing's own title and in its organisation's name
     * counts once, with both fields: still found, no double hit. */
    run(w, "трубный завод", NULL, ids);
    assert_true(rank_of(ids, 101) && rank_of(ids, 104));
    put_org(w->ix, 1, "RU", "ООО «Уральский литейный завод»", "ru", TIER_COORDINATOR_ENDORSED);
    run(w, "трубный", NULL, ids);
    assert_int_equal(ids[0], 0);
    run(w, "литейный", NULL, ids);
    assert_true(rank_of(ids, 101) && rank_of(ids, 104));
}

static void phrase_matches_inside_organisation_names(void **state)
{
    world *w = *state;
    /* Almaty Castings LLP's second listing (107 was deleted above). */
    put_listing(w->ix, 131, 3, DIR_REQUEST, "en", "Cotton fabric wanted", NULL, "5208", STATUS_PUBLISHED,
                "2027-06-30");
    int64_t ids[17];
    run(*state, "\"Almaty Castings\"", NULL, ids);
    assert_true(rank_of(ids, 103) && rank_of(ids, 131));
    run(*state, "\"Castings Almaty\"", NULL, ids);
    assert_int_equal(ids[0], 0);
    /* A phrase never spans the title and the names. */
    run(*state, "\"automotive parts Almaty\"", NULL, ids);
    assert_int_equal(ids[0], 0);
}

/* The organisation field weighs in BM25F like the others: a listing with
 * the word in its title ranks above one that has it only in its
 * organisation's name. */
static void own_title_outranks_organisation_name(void **state)
{
    int64_t ids[17];
    run(*state, "castings", NULL, ids);
    assert_true(rank_of(ids, 103) && rank_of(ids, 131));
    assert_true(rank_of(ids, 103) < rank_of(ids, 131));
}

/* The text scores of query's hits, by listing id, into ids and scores
 * (0-ended). */
static void text_scores(idx *ix, const char *query, int64_t *ids, double *scores, size_t *total)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = query;
    q.lang = "en"; /* the same stems whatever the words */
    q.limit = 16;
    idx_result r;
    hk_err err;
    if (idx_search(ix, &q, &r, &err))
        fail_msg("%s: %s", err.field, err.msg);
    for (size_t i = 0; i < r.n_hits; i++) {
        ids[i] = r.hits[i].listing_id;
        scores[i] = r.hits[i].text_score;
    }
    ids[r.n_hits] = 0;
    *total = r.total;
    idx_result_free(&r);
}

/* "steel" is in the names of forty organisations (two hundred listings),
 * "pipes" in four titles. A search of both is driven by "pipes" and
 * finds the names' weight through each touched listing's organisation,
 * not by walking the organisations' listings; a phrase whose other word
 * is in no name leaves the names' positions unread. Both answer as the
 * plain way does: the same text scores as the relaxed pass (which scores
 * every listing, driven by nothing) gives them, and the phrase only
 * where a title has it, while a phrase of the names still finds theirs. */
static void a_word_in_many_names_scores_the_same_when_the_search_is_driven(void **state)
{
    world *w = *state;
    idx *ix;
    hk_err err;
    assert_int_equal(idx_new(w->a, w->t, TODAY, &ix, &err), 0);
    char name[64], title[64];
    for (int org = 1; org <= 40; org++) {
        snprintf(name, sizeof name, "%s Steel Works %d", org % 2 ? "Ural" : "Volga", org);
        put_org(ix, org, "RU", name, "en", TIER_SELF_DECLARED);
        for (int k = 0; k < 5; k++) {
            snprintf(title, sizeof title, "Machined flanges, batch %d", k);
            put_listing(ix, org * 100 + k, org, DIR_OFFER, "en", title, NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
        }
    }
    put_org(ix, 41, "KZ", "Almaty Trading", "en", TIER_SELF_DECLARED);
    put_listing(ix, 9001, 41, DIR_OFFER, "en", "Steel pipes for gas lines", NULL, NULL, STATUS_PUBLISHED,
                "2027-06-30");
    put_listing(ix, 9002, 3, DIR_OFFER, "en", "Pipes of large diameter", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 9003, 41, DIR_OFFER, "en", "Pipes and steel sheet", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");
    put_listing(ix, 9004, 4, DIR_OFFER, "en", "Steel pipes, seamless", NULL, NULL, STATUS_PUBLISHED, "2027-06-30");

    int64_t ids[17], relaxed_ids[17];
    double scores[17], relaxed[17];
    size_t total, relaxed_total;
    text_scores(ix, "pipes steel ", ids, scores, &total);
    /* "qzx" is in no listing: the strict pass finds nothing and the
     * relaxed one scores two slots of three, 4/9 of the full score. */
    text_scores(ix, "pipes steel qzx ", relaxed_ids, relaxed, &relaxed_total);
    assert_int_equal(total, 4);
    assert_int_equal(relaxed_total, 4);
    for (size_t i = 0; ids[i]; i++) {
        size_t j = rank_of(relaxed_ids, ids[i]);
        assert_true(j > 0);
        assert_true(scores[i] > 0);
        assert_true(fabs(scores[i] * 4.0 / 9.0 - relaxed[j - 1]) <= 1e-9 * scores[i]);
    }
    /* 9002 has "steel" only in its organisation's name: as good a match
     * as 9003, whose title has both words apart. */
    assert_true(rank_of(ids, 9002) > 0);

    text_scores(ix, "\"steel pipes\"", ids, scores, &total);
    assert_int_equal(total, 2);
    assert_true(rank_of(ids, 9001) && rank_of(ids, 9004));
    text_scores(ix, "\"steel works\"", ids, scores, &total);
    assert_int_equal(total, 202); /* every listing of the forty, 9002 and 9004 among them */
    idx_free(ix);
}

/* ---- the bulk build ---- */

static int put_org_cb(const organisation *o, void *ctx)
{
    hk_err err;
    return idx_put_organisation(ctx, o, &err);
}

static int put_listing_cb(const listing *l, void *ctx)
{
    hk_err err;
    return idx_put_listing(ctx, l, &err);
}

/* The two-thread build (batches, per-thread caches, remembered titles)
 * must give the index that putting the listings one by one gives: same
 * counts, same scores, totals and facet counts for every query. (Hits of
 * equal score may come in another order: ties go to the newer document,
 * and the threads number documents in another order.) */
static void bulk_build_answers_like_listings_put_one_by_one(void **state)
{
    world *w = *state;
    char path[] = "/tmp/hamkor-test-index-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    hk_err err;
    hk_store *st;
    assert_int_equal(store_open(path, &st, &err), 0);
    assert_int_equal(store_seed_countries(st, "data/countries.tsv", &err), 0);
    demo_opts o;
    demo_opts_default(&o);
    o.seed = 7;
    o.n_orgs = 80;
    o.n_listings = 1100; /* several batches per thread, and a partial one */
    if (demo_generate(st, &o, NULL, &err))
        fail_msg("demo_generate: %s", err.msg);

    idx *one, *bulk;
    assert_int_equal(idx_new(w->a, w->t, TODAY, &one, &err), 0);
    assert_int_equal(idx_new(w->a, w->t, TODAY, &bulk, &err), 0);
    assert_int_equal(store_org_each(st, put_org_cb, one, &err), 0);
    assert_int_equal(store_listing_each(st, put_listing_cb, one, &err), 0);
    size_t n = 0;
    if (idx_build_parallel(bulk, st, path, 2, &n, &err))
        fail_msg("idx_build_parallel: %s", err.msg);
    assert_int_equal(n, 1100);

    idx_stats a, b;
    idx_get_stats(one, &a);
    idx_get_stats(bulk, &b);
    assert_int_equal(a.docs, b.docs);
    assert_int_equal(a.live, b.live);
    assert_int_equal(a.terms, b.terms);
    assert_int_equal(a.postings, b.postings);

    static const char *const queries[] = {"aluminium", "трубы", "铝", "cott", "Toshkent ", "\"steel pipes\"",
                                          "подшипники качения", "cement", "production capacity", "поставка"};
    size_t found = 0;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        found += assert_same_answers(one, bulk, queries[i]);
    assert_true(found > 100); /* the queries do find the demo's listings */
    idx_free(one);
    idx_free(bulk);
    store_close(st);
    char side[sizeof path + 8];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(russian_query_ranks_russian_listing_first_and_finds_chinese_one),
        cmocka_unit_test(chinese_query_finds_chinese_first_then_russian_of_same_heading),
        cmocka_unit_test(bigrams_find_words_inside_longer_chinese_words),
        cmocka_unit_test(cyrillic_query_finds_latin_spelling),
        cmocka_unit_test(misspelt_word_within_one_edit_is_found),
        cmocka_unit_test(last_word_matches_as_prefix),
        cmocka_unit_test(phrase_requires_adjacent_words_in_order),
        cmocka_unit_test(phrase_hits_carry_the_code_score_and_codes_bring_no_other),
        cmocka_unit_test(filters_keep_only_matching_listings),
        cmocka_unit_test(facets_count_matching_listings_per_value),
        cmocka_unit_test(facets_count_every_code_of_a_listing),
        cmocka_unit_test(query_can_be_checked_against_one_listing),
        cmocka_unit_test(draft_and_expired_listings_are_never_served),
        cmocka_unit_test(highlights_mark_matched_words),
        cmocka_unit_test(score_components_add_up),
        cmocka_unit_test(highlights_of_many_titles_analyse_the_query_once),
        cmocka_unit_test(a_search_and_its_highlights_share_one_analysis_of_the_query),
        cmocka_unit_test(result_lists_are_written_from_the_index),
        cmocka_unit_test(a_new_day_takes_listings_past_their_date_out_at_once),
        cmocka_unit_test(near_identical_listings_of_one_organisation_make_one_hit),
        cmocka_unit_test(changed_listing_is_found_by_new_words_only),
        cmocka_unit_test(deleted_listing_is_not_served),
        cmocka_unit_test(closing_a_listing_removes_it),
        cmocka_unit_test(match_pairs_offer_with_requests_of_the_same_heading_abroad),
        cmocka_unit_test(match_skips_own_organisation_and_state_unless_asked),
        cmocka_unit_test(organisation_is_matched_with_listings_of_its_codes_abroad),
        cmocka_unit_test(distance_without_gazetteer_is_great_circle),
        cmocka_unit_test(distance_with_gazetteer_goes_by_rail),
        cmocka_unit_test(listings_are_found_by_their_organisation_names_and_a_rename_at_once),
        cmocka_unit_test(phrase_matches_inside_organisation_names),
        cmocka_unit_test(a_word_in_many_names_scores_the_same_when_the_search_is_driven),
        cmocka_unit_test(own_title_outranks_organisation_name),
        cmocka_unit_test(searches_run_beside_a_writer),
        cmocka_unit_test(a_sweep_drops_dead_postings_and_answers_like_a_fresh_index),
        cmocka_unit_test(a_search_answers_the_same_whatever_ran_before_it),
        cmocka_unit_test(bulk_build_answers_like_listings_put_one_by_one),
    };
    return cmocka_run_group_tests_name("search index", tests, setup, teardown);
}
