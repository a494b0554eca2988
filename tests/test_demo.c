/*
 * test_demo.c - the demo data set (src/demo): deterministic for a seed,
 * the counts asked for, codes that are real and agree with the
 * catalogue, every member state present with real cities, languages and
 * scripts mixed, dates relative to the fixed reference date.
 *
 * Generation runs into ":memory:" stores at small sizes (60
 * organisations, 300 listings) so the whole file runs in about a second.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <math.h>

#include "auth/auth.h"
#include "demo/demo.h"
#include "model/model_json.h"
#include "store/store.h"

#define N_ORGS 60
#define N_LISTINGS 300
#define SHARED "../shared/data/"

static const char *const members[] = {"CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ", "BY"};

/* ---- helpers ---- */

static hk_store *open_seeded(void)
{
    hk_err err;
    hk_err_clear(&err);
    hk_store *st = NULL;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    assert_int_equal(store_seed_countries(st, "data/countries.tsv", &err), 0);
    return st;
}

static hk_store *open_with_demo(uint64_t seed)
{
    hk_store *st = open_seeded();
    demo_opts o;
    demo_opts_default(&o);
    o.seed = seed;
    o.n_orgs = N_ORGS;
    o.n_listings = N_LISTINGS;
    o.batch = 97; /* not a divisor of either count: batches end mid-way */
    demo_result res;
    hk_err err;
    hk_err_clear(&err);
    int rc = demo_generate(st, &o, &res, &err);
    if (rc)
        fail_msg("demo_generate: %s: %s", err.field, err.msg);
    assert_int_equal(res.orgs, N_ORGS);
    assert_int_equal(res.listings, N_LISTINGS);
    return st;
}

/* Every record as canonical JSON, without what the store stamps from
 * the clock, in store order. */
static int collect_org(const organisation *o, void *ctx)
{
    json_t *j = organisation_to_json(o);
    json_object_del(j, "created_at");
    json_object_del(j, "updated_at");
    json_object_del(j, "version");
    json_array_append_new(ctx, j);
    return 0;
}

static int collect_listing(const listing *l, void *ctx)
{
    json_t *j = listing_to_json(l);
    json_object_del(j, "created_at");
    json_object_del(j, "updated_at");
    json_object_del(j, "published_at");
    json_object_del(j, "version");
    json_array_append_new(ctx, j);
    return 0;
}

static json_t *dump_store(hk_store *st)
{
    hk_err err;
    hk_err_clear(&err);
    json_t *all = json_object();
    json_t *orgs = json_array(), *listings = json_array();
    assert_int_equal(store_org_each(st, collect_org, orgs, &err), 0);
    assert_int_equal(store_listing_each(st, collect_listing, listings, &err), 0);
    json_object_set_new(all, "orgs", orgs);
    json_object_set_new(all, "listings", listings);
    return all;
}

/* Shared fixture: one generated store, read by several tests. */
typedef struct fixture {
    hk_store *st;
    json_t *dump;
} fixture;

static int setup_demo(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->st = open_with_demo(2026);
    f->dump = dump_store(f->st);
    *state = f;
    return 0;
}

static int teardown_demo(void **state)
{
    fixture *f = *state;
    json_decref(f->dump);
    store_close(f->st);
    free(f);
    return 0;
}

static bool product_has_codes(const demo_product *p, json_t *hs, json_t *isic)
{
    size_t nh = 0, ni = 0;
    while (nh < 3 && p->hs[nh])
        nh++;
    while (ni < 2 && p->isic[ni])
        ni++;
    if (json_array_size(hs) != nh || json_array_size(isic) != ni)
        return false;
    for (size_t i = 0; i < nh; i++)
        if (strcmp(json_string_value(json_array_get(hs, i)), p->hs[i]))
            return false;
    for (size_t i = 0; i < ni; i++)
        if (strcmp(json_string_value(json_array_get(isic, i)), p->isic[i]))
            return false;
    return true;
}

/* ---- determinism and counts ---- */

static void same_seed_writes_identical_records(void **state)
{
    fixture *f = *state;
    hk_store *again = open_with_demo(2026);
    json_t *d = dump_store(again);
    assert_int_equal(json_array_size(json_object_get(d, "orgs")), N_ORGS);
    assert_int_equal(json_array_size(json_object_get(d, "listings")), N_LISTINGS);
    if (!json_equal(f->dump, d)) {
        char *a = json_dumps(f->dump, JSON_SORT_KEYS), *b = json_dumps(d, JSON_SORT_KEYS);
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        fprintf(stderr, "first difference at byte %zu: ...%.80s... vs ...%.80s...\n", i, a + (i > 40 ? i - 40 : 0),
                b + (i > 40 ? i - 40 : 0));
        free(a);
        free(b);
        fail_msg("two runs with seed 2026 wrote different records");
    }
    json_decref(d);
    store_close(again);
}

static void different_seed_writes_different_records(void **state)
{
    fixture *f = *state;
    hk_store *other = open_with_demo(7);
    json_t *d = dump_store(other);
    assert_false(json_equal(f->dump, d));
    json_decref(d);
    store_close(other);
}

static int count_org(const organisation *o, void *ctx)
{
    (void)o;
    ++*(size_t *)ctx;
    return 0;
}

static void store_counts_match_what_was_asked(void **state)
{
    fixture *f = *state;
    json_t *listings = json_object_get(f->dump, "listings");
    assert_int_equal(json_array_size(json_object_get(f->dump, "orgs")), N_ORGS);
    assert_int_equal(json_array_size(listings), N_LISTINGS);
    /* Most listings are published; a few are drafts, closed or expired. */
    size_t published = 0, i;
    json_t *l;
    json_array_foreach(listings, i, l) published += !strcmp(json_string_value(json_object_get(l, "status")), "published");
    assert_true(published > N_LISTINGS * 8 / 10);
    assert_true(published < N_LISTINGS);
}

static void store_without_countries_is_refused(void **state)
{
    (void)state;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st = NULL;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    demo_opts o;
    demo_opts_default(&o);
    o.n_orgs = 5;
    o.n_listings = 5;
    assert_int_equal(demo_generate(st, &o, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "countries");
    size_t n = 0;
    assert_int_equal(store_org_each(st, count_org, &n, &err), 0);
    assert_int_equal(n, 0);
    store_close(st);
}

/* ---- content ---- */

static void every_listing_has_catalogue_codes_and_a_known_country(void **state)
{
    fixture *f = *state;
    size_t np;
    const demo_product *products = demo_products(&np);
    json_t *orgs = json_object_get(f->dump, "orgs");
    json_t *listings = json_object_get(f->dump, "listings");
    size_t i;
    json_t *l;
    json_array_foreach(listings, i, l) {
        json_t *hs = json_object_get(l, "hs"), *isic = json_object_get(l, "isic");
        bool found = false;
        for (size_t p = 0; p < np && !found; p++)
            found = product_has_codes(&products[p], hs, isic);
        if (!found)
            fail_msg("listing %zu has codes of no catalogue product", i);
        json_int_t org_id = json_integer_value(json_object_get(l, "org_id"));
        assert_true(org_id >= 1 && org_id <= N_ORGS);
        json_t *o = json_array_get(orgs, (size_t)org_id - 1);
        assert_int_equal(json_integer_value(json_object_get(o, "id")), org_id);
        country c;
        memset(&c, 0, sizeof c);
        hk_err err;
        hk_err_clear(&err);
        assert_int_equal(store_country_get(f->st, json_string_value(json_object_get(o, "country")), &c, &err), 0);
        country_free(&c);
        size_t k;
        json_t *t;
        json_array_foreach(json_object_get(l, "targets"), k, t) {
            memset(&c, 0, sizeof c);
            assert_int_equal(store_country_get(f->st, json_string_value(t), &c, &err), 0);
            country_free(&c);
        }
    }
}

static void every_member_state_has_organisations(void **state)
{
    fixture *f = *state;
    json_t *orgs = json_object_get(f->dump, "orgs");
    for (size_t m = 0; m < sizeof members / sizeof members[0]; m++) {
        bool found = false;
        size_t i;
        json_t *o;
        json_array_foreach(orgs, i, o) found |= !strcmp(json_string_value(json_object_get(o, "country")), members[m]);
        if (!found)
            fail_msg("no organisation from member state %s", members[m]);
    }
}

static void count_account(const char *email, const char *what, void *ctx)
{
    (void)email;
    (void)what;
    (*(int *)ctx)++;
}

static void demo_accounts_sign_in_with_their_roles(void **state)
{
    (void)state;
    hk_store *st = open_with_demo(2026);
    hk_err err;
    int n = 0;
    if (demo_accounts(st, DEMO_PASSWORD, count_account, &n, &err))
        fail_msg("%s: %s", err.field, err.msg);
    assert_int_equal(n, 9);
    user u;
    assert_int_equal(store_user_get_by_email(st, "coordinator.kz@demo.hamkor.org", &u, &err), 0);
    assert_int_equal(u.role, ROLE_COORDINATOR);
    assert_string_equal(u.country, "KZ");
    assert_true(auth_password_verify(u.password_hash, DEMO_PASSWORD));
    user_free(&u);
    assert_int_equal(store_user_get_by_email(st, "member.cn@demo.hamkor.org", &u, &err), 0);
    membership *m = NULL;
    size_t nm = 0;
    assert_int_equal(store_memberships_of_user(st, u.id, &m, &nm, &err), 0);
    assert_int_equal(nm, 1);
    assert_true(m[0].is_admin);
    organisation o;
    assert_int_equal(store_org_get(st, m[0].org_id, &o, &err), 0);
    assert_string_equal(o.country, "CN");
    organisation_free(&o);
    free(m);
    user_free(&u);
    /* A second call refuses (the emails exist) and adds nothing. */
    store_stats before, after;
    assert_int_equal(store_get_stats(st, &before, &err), 0);
    assert_int_not_equal(demo_accounts(st, DEMO_PASSWORD, NULL, NULL, &err), 0);
    assert_int_equal(store_get_stats(st, &after, &err), 0);
    assert_int_equal(before.users, after.users);
    store_close(st);
}

static void languages_and_scripts_are_mixed(void **state)
{
    fixture *f = *state;
    const char *want[] = {"ru", "zh", "en", "uz-", "kk-"};
    size_t seen[5] = {0}, translations = 0;
    size_t i, k;
    json_t *l, *t;
    json_array_foreach(json_object_get(f->dump, "listings"), i, l) {
        json_array_foreach(json_object_get(l, "texts"), k, t) {
            const char *lang = json_string_value(json_object_get(t, "lang"));
            for (size_t w = 0; w < 5; w++)
                seen[w] += !strncmp(lang, want[w], strlen(want[w]));
            translations += strcmp(json_string_value(json_object_get(t, "origin")), "original") != 0;
        }
    }
    for (size_t w = 0; w < 5; w++)
        if (!seen[w])
            fail_msg("no listing text in %s", want[w]);
    assert_true(translations > N_LISTINGS / 10);

    /* Organisation names: Uzbek in both scripts, Kazakh in both. */
    bool uz_latn = false, uz_cyrl = false, kk_cyrl = false, kk_latn = false;
    json_t *o, *n;
    json_array_foreach(json_object_get(f->dump, "orgs"), i, o) {
        json_array_foreach(json_object_get(o, "names"), k, n) {
            const char *lang = json_string_value(json_object_get(n, "lang"));
            uz_latn |= !strcmp(lang, "uz-Latn");
            uz_cyrl |= !strcmp(lang, "uz-Cyrl");
            kk_cyrl |= !strcmp(lang, "kk-Cyrl");
            kk_latn |= !strcmp(lang, "kk-Latn");
        }
    }
    assert_true(uz_latn && uz_cyrl && kk_cyrl && kk_latn);
}

static void organisations_sit_in_real_cities(void **state)
{
    fixture *f = *state;
    size_t nc;
    const demo_city *cities = demo_cities(&nc);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(f->dump, "orgs"), i, o) {
        const char *iso = json_string_value(json_object_get(o, "country"));
        json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "lon");
        assert_non_null(lat);
        assert_non_null(lon);
        assert_non_null(json_object_get(o, "city"));
        bool near = false;
        for (size_t c = 0; c < nc && !near; c++)
            near = !strcmp(cities[c].iso2, iso) && fabs(cities[c].lat - json_number_value(lat)) < 0.05 &&
                   fabs(cities[c].lon - json_number_value(lon)) < 0.05;
        if (!near)
            fail_msg("organisation %zu (%s) is not near any city of its country", i, iso);
    }
}

static void dates_follow_the_reference_date(void **state)
{
    fixture *f = *state;
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(f->dump, "listings"), i, l) {
        const char *status = json_string_value(json_object_get(l, "status"));
        const char *expires = json_string_value(json_object_get(l, "expires"));
        json_t *deadline = json_object_get(l, "deadline");
        assert_non_null(expires);
        if (!strcmp(status, "expired"))
            assert_true(strcmp(expires, DEMO_REFERENCE_DATE) < 0);
        else
            assert_true(!strncmp(expires, "2027-", 5));
        if (deadline && json_is_string(deadline) && json_string_length(deadline))
            assert_true(strcmp(json_string_value(deadline), expires) <= 0);
    }
}

/* The check digits of the schemes that publish one. */
static void registry_ids_follow_their_schemes(void **state)
{
    fixture *f = *state;
    size_t i, checked = 0;
    json_t *o;
    json_array_foreach(json_object_get(f->dump, "orgs"), i, o) {
        const char *scheme = json_string_value(json_object_get(o, "registry_scheme"));
        const char *id = json_string_value(json_object_get(o, "registry_id"));
        assert_non_null(scheme);
        assert_non_null(id);
        if (!strcmp(scheme, "INN") && strlen(id) == 10 && !strcmp(json_string_value(json_object_get(o, "country")), "RU")) {
            static const int w[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
            int s = 0;
            for (int k = 0; k < 9; k++)
                s += (id[k] - '0') * w[k];
            assert_int_equal(s % 11 % 10, id[9] - '0');
            checked++;
        } else if (!strcmp(scheme, "USCC")) {
            static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
            static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
            assert_int_equal(strlen(id), 18);
            int s = 0;
            for (int k = 0; k < 17; k++)
                s += (int)(strchr(cs, id[k]) - cs) * w[k];
            assert_int_equal(cs[(31 - s % 31) % 31], id[17]);
            checked++;
        } else if (!strcmp(scheme, "BIN")) {
            assert_int_equal(strlen(id), 12);
            int s = 0;
            for (int k = 0; k < 11; k++)
                s += (id[k] - '0') * (k + 1);
            int c = s % 11;
            if (c == 10) {
                s = 0;
                for (int k = 0; k < 11; k++)
                    s += (id[k] - '0') * ((k + 2) % 11 + 1);
                c = s % 11;
            }
            assert_int_equal(c, id[11] - '0');
            checked++;
        } else if (!strcmp(scheme, "STIR")) {
            assert_int_equal(strlen(id), 9);
            assert_true(id[0] == '2' || id[0] == '3');
            checked++;
        }
    }
    assert_true(checked > N_ORGS / 3);
}

/* ---- vocabularies ---- */

static void catalogue_has_150_products_worded_in_three_languages(void **state)
{
    (void)state;
    size_t n;
    const demo_product *p = demo_products(&n);
    assert_true(n >= 150);
    size_t uz = 0, kk = 0;
    for (size_t i = 0; i < n; i++) {
        assert_non_null(p[i].en);
        assert_non_null(p[i].ru);
        assert_non_null(p[i].zh);
        assert_non_null(p[i].isic[0]);
        assert_true(p[i].lo > 0 && p[i].hi >= p[i].lo);
        uz += p[i].uz != NULL;
        kk += p[i].kk != NULL;
    }
    assert_true(uz >= 100 && kk >= 80);
}

static void member_states_have_five_cities_with_coordinates(void **state)
{
    (void)state;
    size_t n;
    const demo_city *c = demo_cities(&n);
    for (size_t m = 0; m < sizeof members / sizeof members[0]; m++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(c[i].iso2, members[m]))
                continue;
            assert_true(c[i].lat >= -90 && c[i].lat <= 90 && c[i].lon >= -180 && c[i].lon <= 180);
            assert_true(c[i].lat != 0 || c[i].lon != 0);
            assert_non_null(c[i].ru);
            assert_non_null(c[i].zh);
            k++;
        }
        if (k < 5)
            fail_msg("%s has %zu cities, at least 5 are needed", members[m], k);
    }
}

/* Reads the first and last comma-separated fields of each CSV line whose
 * last field equals level; returns a "|code|code|" string (malloc). */
static char *read_codes(const char *path, int code_field, const char *level)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 1;
    char *out = malloc(cap);
    out[0] = '|';
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *last = strrchr(line, ',');
        if (!last || strcmp(last + 1, level))
            continue;
        char *code = line;
        for (int k = 0; k < code_field; k++)
            code = strchr(code, ',') + 1;
        size_t n = strcspn(code, ",");
        if (len + n + 2 >= cap)
            out = realloc(out, cap *= 2);
        memcpy(out + len, code, n);
        len += n;
        out[len++] = '|';
    }
    out[len] = '\0';
    fclose(f);
    return out;
}

static bool has_code(const char *set, const char *code)
{
    char key[16];
    snprintf(key, sizeof key, "|%s|", code);
    return strstr(set, key) != NULL;
}

static void catalogue_codes_are_real_hs_headings_and_isic_groups(void **state)
{
    (void)state;
    char *hs = read_codes(SHARED "hs-en/harmonized-system.csv", 1, "4");
    char *isic = read_codes(SHARED "industry-classifications/isic4.csv", 0, "GROUP");
    if (!hs || !isic) {
        free(hs);
        free(isic);
        skip(); /* ../shared/data is absent outside the development machine */
    }
    size_t n;
    const demo_product *p = demo_products(&n);
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 3 && p[i].hs[k]; k++)
            if (!has_code(hs, p[i].hs[k]))
                fail_msg("%s: %s is not an HS 2022 heading", p[i].en, p[i].hs[k]);
        for (int k = 0; k < 2 && p[i].isic[k]; k++)
            if (!has_code(isic, p[i].isic[k]))
                fail_msg("%s: %s is not an ISIC Rev.4 group", p[i].en, p[i].isic[k]);
    }
    free(hs);
    free(isic);
}

static void uzbek_latin_is_written_in_cyrillic(void **state)
{
    (void)state;
    char out[128];
    assert_true(demo_uz_latn_to_cyrl("Toshkent", out, sizeof out) > 0);
    assert_string_equal(out, "Тошкент");
    demo_uz_latn_to_cyrl("Farg'ona", out, sizeof out);
    assert_string_equal(out, "Фарғона");
    demo_uz_latn_to_cyrl("To'qimachilik MChJ", out, sizeof out);
    assert_string_equal(out, "Тўқимачилик МЧЖ");
    demo_uz_latn_to_cyrl("Energetika yangi", out, sizeof out);
    assert_string_equal(out, "Энергетика янги");
    assert_int_equal(demo_uz_latn_to_cyrl("Toshkent", out, 4), -1);
}

static void kazakh_and_russian_cyrillic_are_written_in_latin(void **state)
{
    (void)state;
    char out[128];
    demo_kk_cyrl_to_latn("Қарағанды", out, sizeof out);
    assert_string_equal(out, "Qarağandy");
    demo_kk_cyrl_to_latn("Өскемен", out, sizeof out);
    assert_string_equal(out, "Öskemen");
    demo_cyrl_to_ascii("Уралхим", out, sizeof out);
    assert_string_equal(out, "Uralkhim");
    demo_cyrl_to_ascii("Щёлково", out, sizeof out);
    assert_string_equal(out, "Shchyolkovo");
}

static void rng_repeats_for_a_seed_and_stays_in_range(void **state)
{
    (void)state;
    demo_rng a, b, c;
    demo_rng_seed(&a, 42, 1);
    demo_rng_seed(&b, 42, 1);
    demo_rng_seed(&c, 42, 2);
    bool differs = false;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = demo_rng_next(&a);
        assert_true(x == demo_rng_next(&b));
        differs |= x != demo_rng_next(&c);
        uint32_t v = demo_rng_below(&a, 7);
        demo_rng_below(&b, 7);
        assert_true(v < 7);
        double u = demo_rng_unit(&a);
        demo_rng_unit(&b);
        assert_true(u >= 0 && u < 1);
    }
    assert_true(differs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(same_seed_writes_identical_records, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(different_seed_writes_different_records, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(store_counts_match_what_was_asked, setup_demo, teardown_demo),
        cmocka_unit_test(store_without_countries_is_refused),
        cmocka_unit_test(demo_accounts_sign_in_with_their_roles),
        cmocka_unit_test_setup_teardown(every_listing_has_catalogue_codes_and_a_known_country, setup_demo,
                                        teardown_demo),
        cmocka_unit_test_setup_teardown(every_member_state_has_organisations, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(languages_and_scripts_are_mixed, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(organisations_sit_in_real_cities, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(dates_follow_the_reference_date, setup_demo, teardown_demo),
        cmocka_unit_test_setup_teardown(registry_ids_follow_their_schemes, setup_demo, teardown_demo),
        cmocka_unit_test(catalogue_has_150_products_worded_in_three_languages),
        cmocka_unit_test(member_states_have_five_cities_with_coordinates),
        cmocka_unit_test(catalogue_codes_are_real_hs_headings_and_isic_groups),
        cmocka_unit_test(uzbek_latin_is_written_in_cyrillic),
        cmocka_unit_test(kazakh_and_russian_cyrillic_are_written_in_latin),
        cmocka_unit_test(rng_repeats_for_a_seed_and_stays_in_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
