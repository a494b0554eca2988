/*
 * test_geo.c - the gazetteer and the rail corridors (src/geo, data/geo):
 * load errors that name file:line, lookups of one city by its names in
 * several scripts, picker suggestions, the nearest city, great-circle and
 * rail distances (Tashkent-Moscow, the China-Kazakhstan gateways, places
 * that rail does not reach), trips between coordinates, concurrent
 * readers, and the completeness of the shipped data.
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
#include <sys/stat.h>
#include <unistd.h>

#include "geo/geo.h"

#define DATA "data/geo"
#define CITIES_HEADER "id\tcountry\tlat\tlon\tname_en\tname_ru\tname_zh\tlocal\taliases\n"
#define RAIL_HEADER "from\tto\tkm\tcorridor\n"
#define TWO_CITIES                                                                                 \
    CITIES_HEADER                                                                                  \
    "tashkent\tUZ\t41.30\t69.24\tTashkent\tТашкент\t塔什干\tToshkent\tТошкент\n"                   \
    "samarkand\tUZ\t39.65\t66.96\tSamarkand\tСамарканд\t撒马尔罕\tSamarqand\t\n"

static int setup(void **state)
{
    geo *g;
    hk_err err;
    if (geo_load(DATA, &g, &err)) {
        fprintf(stderr, "setup: %s: %s\n", err.field, err.msg);
        return -1;
    }
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    geo_free(*state);
    return 0;
}

static bool route_has(const char **ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], id))
            return true;
    return false;
}

/* --- lookups --- */

static void tashkent_is_one_city_in_every_script(void **state)
{
    const geo *g = *state;
    const char *names[] = {"Тошкент", "Toshkent", "Tashkent", "TASHKENT", "ташкент", "ТАШКЕНТ",
                           "塔什干", "  tashkent  ", "Taschkent"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *id = geo_lookup(g, names[i], NULL);
        if (!id || strcmp(id, "tashkent"))
            fail_msg("\"%s\" gave %s", names[i], id ? id : "nothing");
    }
}

static void urumqi_almaty_and_astana_are_found_by_any_name(void **state)
{
    const geo *g = *state;
    const char *cases[][2] = {
        {"乌鲁木齐", "urumqi"},   {"Urumqi", "urumqi"},      {"Ürümqi", "urumqi"},
        {"URUMQI", "urumqi"},     {"烏魯木齊", "urumqi"},    {"Урумчи", "urumqi"},
        {"Алматы", "almaty"},     {"Almaty", "almaty"},      {"Alma-Ata", "almaty"},
        {"alma ata", "almaty"},   {"АЛМА-АТА", "almaty"},    {"阿拉木图", "almaty"},
        {"Нур-Султан", "astana"}, {"Nur-Sultan", "astana"},  {"Астана", "astana"},
        {"Mumbai", "mumbai"},     {"Bombay", "mumbai"},      {"मुंबई", "mumbai"},
        {"Бишкек", "bishkek"},    {"Frunze", "bishkek"},     {"Мінск", "minsk"},
        {"Минск", "minsk"},       {"Қарағанды", "karaganda"},{"Karaganda", "karaganda"},
        {"Qo‘qon", "kokand"},     {"Qoʻqon", "kokand"},      {"Qo'qon", "kokand"},
        {"Қўқон", "kokand"},      {"Ürümchi", "urumqi"},     {"St. Petersburg", "saint-petersburg"},
        {"st petersburg", "saint-petersburg"}, {"Ленинград", "saint-petersburg"},
        {"تهران", "tehran"},      {"Улаанбаатар", "ulaanbaatar"}, {"Ulan Bator", "ulaanbaatar"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *id = geo_lookup(g, cases[i][0], NULL);
        if (!id || strcmp(id, cases[i][1]))
            fail_msg("\"%s\" gave %s, expected %s", cases[i][0], id ? id : "nothing", cases[i][1]);
    }
}

static void lookup_narrows_by_country_and_refuses_unknown_names(void **state)
{
    const geo *g = *state;
    /* Two cities share the name: the lower rank (India) wins unless the
     * country says otherwise. */
    assert_string_equal(geo_lookup(g, "Hyderabad", NULL), "hyderabad");
    assert_string_equal(geo_lookup(g, "Hyderabad", "PK"), "hyderabad-pk");
    assert_string_equal(geo_lookup(g, "Hyderabad", "IN"), "hyderabad");
    assert_null(geo_lookup(g, "Tashkent", "KZ"));
    assert_string_equal(geo_lookup(g, "Tashkent", ""), "tashkent");
    assert_null(geo_lookup(g, "Atlantis", NULL));
    assert_null(geo_lookup(g, "", NULL));
    assert_null(geo_lookup(g, " - ", NULL));
    assert_null(geo_lookup(g, "Tash\xff", NULL));
    /* A word of a name is not the name. */
    assert_null(geo_lookup(g, "Petersburg Saint", NULL));
    assert_null(geo_lookup(g, "Tash", NULL));
}

static void fold_ignores_case_accents_and_punctuation(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"Qoʻqon", "qoqon"},
        {"  Alma--Ata ", "alma ata"},
        {"ҚАРАҒАНДЫ", "караганды"},
        {"Ёлкино", "елкино"},
        {"İstanbul", "istanbul"},
        {"Straße", "strasse"},
        {"ＴＡＳＨ", "tash"},
        {"U\xcc\x88rümqi", "urumqi"}, /* U + combining diaeresis */
        {"Şymkent", "symkent"},
        {"Bakı", "baki"},
        {"St.Petersburg", "st petersburg"},
        {"乌鲁木齐", "乌鲁木齐"},
        {"كابل", "کابل"}, /* Arabic kaf becomes Persian keheh */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[128];
        int n = geo_fold(cases[i][0], out, sizeof out);
        assert_int_equal(n, (int)strlen(cases[i][1]));
        if (strcmp(out, cases[i][1]))
            fail_msg("\"%s\" folded to \"%s\", expected \"%s\"", cases[i][0], out, cases[i][1]);
    }
    char small[4];
    assert_int_equal(geo_fold("Tashkent", small, sizeof small), -1);
    assert_int_equal(geo_fold("\xc3\x28", small, sizeof small), -1);
}

/* --- suggestions --- */

static void suggest_completes_prefixes_in_several_scripts(void **state)
{
    const geo *g = *state;
    geo_suggestion s[10];
    const char *cases[][2] = {
        {"Tash", "tashkent"},   {"таш", "tashkent"},      {"Тош", "tashkent"},
        {"乌鲁", "urumqi"},     {"almat", "almaty"},      {"Нур-С", "astana"},
        {"peters", "saint-petersburg"}, {"Novosib", "novosibirsk"}, {"मुं", "mumbai"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = geo_suggest(g, cases[i][0], 10, s);
        if (n == 0 || strcmp(s[0].id, cases[i][1]))
            fail_msg("\"%s\" suggested %s first, expected %s", cases[i][0], n ? s[0].id : "nothing",
                     cases[i][1]);
    }
}

static void suggest_interleaves_countries_by_importance(void **state)
{
    const geo *g = *state;
    geo_suggestion s[10];
    /* Each country's list starts with its main cities, so Almaty (first of
     * Kazakhstan) comes before Almalyk, Karachi before Karshi. */
    size_t n = geo_suggest(g, "alma", 10, s);
    assert_true(n >= 2);
    assert_string_equal(s[0].id, "almaty");
    assert_string_equal(s[0].name, "Almaty");
    n = geo_suggest(g, "kar", 10, s);
    assert_true(n >= 3);
    assert_string_equal(s[0].id, "karachi");
}

static void suggest_ranks_exact_names_first_and_lists_each_city_once(void **state)
{
    const geo *g = *state;
    geo_suggestion s[GEO_MAX_SUGGEST];
    /* "Osh" is a whole name; Oshkosh-like longer names would follow it. */
    size_t n = geo_suggest(g, "osh", 5, s);
    assert_true(n >= 1);
    assert_string_equal(s[0].id, "osh");
    assert_string_equal(s[0].country, "KG");
    /* A word inside a name comes after names that start with the prefix. */
    n = geo_suggest(g, "нов", GEO_MAX_SUGGEST, s);
    assert_true(n >= 4);
    assert_string_equal(s[n - 1].id, "nizhny-novgorod");
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(s[i].id, s[j].id);
    n = geo_suggest(g, "a", 3, s);
    assert_int_equal(n, 3);
    n = geo_suggest(g, "a", 1000, s);
    assert_true(n <= GEO_MAX_SUGGEST);
    assert_int_equal(geo_suggest(g, "", 5, s), 0);
    assert_int_equal(geo_suggest(g, "tash", 0, s), 0);
    assert_int_equal(geo_suggest(g, "zzzz", 5, s), 0);
    /* The name that matched is given as written, for the picker to show. */
    n = geo_suggest(g, "Toshk", 5, s);
    assert_int_equal(n, 1);
    assert_string_equal(s[0].name, "Toshkent");
    assert_string_equal(s[0].name_en, "Tashkent");
}

/* --- distances --- */

static void nearest_city_to_a_point(void **state)
{
    const geo *g = *state;
    double km;
    const geo_city *c = geo_nearest(g, 41.31, 69.28, false, &km);
    assert_non_null(c);
    assert_string_equal(c->id, "tashkent");
    assert_true(km < 5);
    c = geo_nearest(g, 43.26, 76.93, false, NULL);
    assert_string_equal(c->id, "almaty");
    /* Chirchiq is no rail hub of the graph; the nearest hub is Tashkent. */
    assert_string_equal(geo_nearest(g, 41.47, 69.58, false, NULL)->id, "chirchiq");
    assert_string_equal(geo_nearest(g, 41.47, 69.58, true, &km)->id, "tashkent");
    assert_true(km > 20 && km < 40);
    assert_null(geo_nearest(g, 91, 0, false, NULL));
    assert_null(geo_nearest(g, 0, NAN, false, NULL));
}

static void great_circle_tashkent_moscow_is_about_2770_km(void **state)
{
    const geo *g = *state;
    double km = geo_city_gc_km(g, "tashkent", "moscow");
    assert_true(km > 2740 && km < 2820);
    assert_true(fabs(km - geo_city_gc_km(g, "moscow", "tashkent")) < 1e-9);
    assert_true(geo_city_gc_km(g, "tashkent", "atlantis") < 0);
    assert_true(fabs(geo_gc_km(10, 20, 10, 20)) < 1e-9);
    /* Half the circumference between antipodes on the equator. */
    assert_true(fabs(geo_gc_km(0, 0, 0, 180) - M_PI * GEO_EARTH_RADIUS_KM) < 1e-6);
    /* One degree of latitude is about 111.2 km. */
    assert_true(fabs(geo_gc_km(40, 70, 41, 70) - 111.19) < 0.05);
}

static void rail_tashkent_moscow_is_3300_to_3400_km(void **state)
{
    const geo *g = *state;
    double km = 0;
    assert_int_equal(geo_rail_km(g, "tashkent", "moscow", &km), HK_OK);
    assert_true(km >= 3300 && km <= 3400);
    double back = 0;
    assert_int_equal(geo_rail_km(g, "moscow", "tashkent", &back), HK_OK);
    assert_true(fabs(km - back) < 0.5);
    assert_true(km > geo_city_gc_km(g, "tashkent", "moscow"));
    const char *ids[64];
    size_t n;
    assert_int_equal(geo_rail_route(g, "tashkent", "moscow", ids, 64, &n), HK_OK);
    assert_true(n >= 3 && n <= 64);
    assert_string_equal(ids[0], "tashkent");
    assert_string_equal(ids[n - 1], "moscow");
    assert_true(route_has(ids, n, "aktobe")); /* the Trans-Aral line */
    /* A short array still learns the full count. */
    size_t n2;
    assert_int_equal(geo_rail_route(g, "tashkent", "moscow", ids, 2, &n2), HK_OK);
    assert_int_equal(n2, n);
    assert_int_equal(geo_rail_km(g, "tashkent", "tashkent", &km), HK_OK);
    assert_true(km == 0);
}

static void almaty_urumqi_runs_through_a_china_kazakhstan_gateway(void **state)
{
    const geo *g = *state;
    double km;
    assert_int_equal(geo_rail_km(g, "almaty", "urumqi", &km), HK_OK);
    assert_true(km > 900 && km < 1400);
    const char *ids[64];
    size_t n;
    assert_int_equal(geo_rail_route(g, "almaty", "urumqi", ids, 64, &n), HK_OK);
    bool dostyk = route_has(ids, n, "dostyk") && route_has(ids, n, "alashankou");
    bool khorgos = route_has(ids, n, "altynkol") && route_has(ids, n, "horgos");
    assert_true(dostyk || khorgos);
    /* Both gateways are on the graph: Semey-Urumqi goes by Dostyk. */
    assert_int_equal(geo_rail_route(g, "semey", "urumqi", ids, 64, &n), HK_OK);
    assert_true(route_has(ids, n, "dostyk"));
    /* Beijing reaches Moscow (Trans-Mongolian or Trans-Manchurian). */
    assert_int_equal(geo_rail_km(g, "beijing", "moscow", &km), HK_OK);
    assert_true(km > 7500 && km < 9300);
}

static void places_rail_does_not_reach_are_not_connected(void **state)
{
    const geo *g = *state;
    double km = -1;
    /* India's network has no open link to its neighbours (Attari-Wagah is
     * closed to traffic), Gwadar and Kabul have no railway. */
    assert_int_equal(geo_rail_km(g, "mumbai", "moscow", &km), HK_ENOTFOUND);
    assert_int_equal(geo_rail_km(g, "delhi", "lahore", &km), HK_ENOTFOUND);
    assert_int_equal(geo_rail_km(g, "gwadar", "karachi", &km), HK_ENOTFOUND);
    assert_int_equal(geo_rail_km(g, "kabul", "tashkent", &km), HK_ENOTFOUND);
    assert_int_equal(geo_rail_km(g, "istanbul", "tehran", &km), HK_ENOTFOUND);
    assert_int_equal(geo_rail_km(g, "atlantis", "moscow", &km), HK_EINVAL);
    const char *ids[8];
    size_t n = 99;
    assert_int_equal(geo_rail_route(g, "mumbai", "moscow", ids, 8, &n), HK_ENOTFOUND);
    assert_int_equal(n, 0);
    /* No line crosses from Kashgar to Osh: the way round is through
     * Urumqi and Kazakhstan. */
    assert_int_equal(geo_rail_route(g, "kashgar", "osh", ids, 8, &n), HK_OK);
    assert_int_equal(geo_rail_km(g, "kashgar", "osh", &km), HK_OK);
    assert_true(km > 3000);
    /* Afghanistan's one line: Termez-Hairatan-Mazar-i-Sharif. */
    assert_int_equal(geo_rail_km(g, "mazar-i-sharif", "tashkent", &km), HK_OK);
    assert_int_equal(geo_rail_km(g, "herat", "mazar-i-sharif", &km), HK_ENOTFOUND);
}

static void pakistan_reaches_the_network_only_through_zahedan(void **state)
{
    /* The brief expected Karachi-Moscow to be unconnected; the Quetta-
     * Taftan-Zahedan line is real and open, so Pakistan's broad gauge meets
     * Iran's network there, and nowhere else. */
    const geo *g = *state;
    const char *ids[64];
    size_t n;
    assert_int_equal(geo_rail_route(g, "karachi", "moscow", ids, 64, &n), HK_OK);
    assert_true(route_has(ids, n, "quetta") && route_has(ids, n, "zahedan"));
    double km;
    assert_int_equal(geo_rail_km(g, "karachi", "moscow", &km), HK_OK);
    assert_true(km > 6000);
}

static void rail_trip_snaps_coordinates_to_hubs(void **state)
{
    const geo *g = *state;
    geo_trip t;
    /* Chirchiq (no hub) to a Moscow suburb. */
    assert_int_equal(geo_rail_trip(g, 41.47, 69.58, 55.90, 37.40, 0, &t), HK_OK);
    assert_string_equal(t.from_hub, "tashkent");
    assert_string_equal(t.to_hub, "moscow");
    assert_true(t.lead_km > 0 && t.tail_km > 0);
    assert_true(fabs(t.total_km - (t.lead_km + t.rail_km + t.tail_km)) < 1e-6);
    double rail;
    geo_rail_km(g, "tashkent", "moscow", &rail);
    assert_true(fabs(t.rail_km - rail) < 0.5);
    /* Two points by the same hub: no rail between them, only the legs. */
    assert_int_equal(geo_rail_trip(g, 41.30, 69.20, 41.35, 69.30, 0, &t), HK_OK);
    assert_true(t.rail_km == 0);
    /* The Indian Ocean, and Gwadar (470 km from the nearest hub), get "no
     * rail"; a wide enough radius reaches Karachi. */
    assert_int_equal(geo_rail_trip(g, 0, 60, 41.30, 69.24, 0, &t), HK_ENOTFOUND);
    assert_int_equal(geo_rail_trip(g, 25.13, 62.32, 24.86, 67.01, 150, &t), HK_ENOTFOUND);
    assert_int_equal(geo_rail_trip(g, 25.13, 62.32, 24.86, 67.01, 600, &t), HK_OK);
    assert_string_equal(t.from_hub, "karachi");
    assert_int_equal(geo_rail_trip(g, 19.08, 72.88, 55.76, 37.62, 0, &t), HK_ENOTFOUND);
    assert_int_equal(geo_rail_trip(g, 100, 0, 0, 0, 0, &t), HK_EINVAL);
}

/* --- threads --- */

typedef struct reader_arg {
    const geo *g;
    int failures;
} reader_arg;

static void *reader(void *p)
{
    reader_arg *a = p;
    for (int i = 0; i < 2000; i++) {
        const char *id = geo_lookup(a->g, i % 2 ? "Тошкент" : "Alma-Ata", NULL);
        if (!id || strcmp(id, i % 2 ? "tashkent" : "almaty"))
            a->failures++;
        geo_suggestion s[5];
        if (geo_suggest(a->g, "tash", 5, s) < 1 || strcmp(s[0].id, "tashkent"))
            a->failures++;
        double km;
        if (geo_rail_km(a->g, "tashkent", "moscow", &km) || km < 3300 || km > 3400)
            a->failures++;
        geo_trip t;
        if (geo_rail_trip(a->g, 41.3, 69.2, 43.2, 76.9, 0, &t))
            a->failures++;
    }
    return NULL;
}

static void concurrent_readers_agree(void **state)
{
    pthread_t th[4];
    reader_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (reader_arg){*state, 0};
        assert_int_equal(pthread_create(&th[i], NULL, reader, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(args[i].failures, 0);
    }
}

/* --- the shipped data --- */

static void every_city_has_a_country_of_countries_tsv(void **state)
{
    const geo *g = *state;
    FILE *f = fopen("data/countries.tsv", "r");
    assert_non_null(f);
    char line[512], codes[64][3];
    size_t n = 0;
    bool used[64] = {false};
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f) && n < 64)
        if (strlen(line) > 2 && line[2] == '\t') {
            memcpy(codes[n], line, 2);
            codes[n++][2] = '\0';
        }
    fclose(f);
    assert_true(n >= 12);
    for (size_t i = 0; i < geo_city_count(g); i++) {
        const geo_city *c = geo_city_at(g, i);
        size_t k = 0;
        while (k < n && strcmp(codes[k], c->country))
            k++;
        if (k == n)
            fail_msg("%s: country %s is not in data/countries.tsv", c->id, c->country);
        used[k] = true;
    }
    /* And each country of the organisation has at least one city. */
    for (size_t k = 0; k < n; k++)
        if (!used[k])
            fail_msg("no city of %s in data/geo/cities.tsv", codes[k]);
}

static void shipped_gazetteer_is_complete(void **state)
{
    const geo *g = *state;
    assert_true(geo_city_count(g) >= 150);
    size_t hubs = 0;
    for (size_t i = 0; i < geo_city_count(g); i++) {
        const geo_city *c = geo_city_at(g, i);
        assert_true(*c->name_en && *c->name_ru && *c->name_zh && *c->local);
        assert_ptr_equal(geo_city_by_id(g, c->id), c);
        /* Each of its names finds the city (or, for a shared name, a city
         * of lower rank with the same name). */
        const char *id = geo_lookup(g, c->name_en, c->country);
        if (!id || strcmp(id, c->id))
            fail_msg("%s: its English name \"%s\" finds %s", c->id, c->name_en, id ? id : "nothing");
        assert_non_null(geo_lookup(g, c->local, c->country));
        hubs += c->hub >= 0;
    }
    assert_true(hubs >= 150);
    /* The member states' main cities sit on one connected network. */
    const char *connected[] = {"minsk", "brest", "moscow", "vladivostok", "astana", "almaty",
                               "bishkek", "tashkent", "dushanbe", "khujand", "osh", "ashgabat",
                               "tehran", "mashhad", "ulaanbaatar", "beijing", "shanghai",
                               "guangzhou", "urumqi", "kashgar", "karachi", "peshawar"};
    for (size_t i = 0; i < sizeof connected / sizeof *connected; i++) {
        double km;
        if (geo_rail_km(g, "moscow", connected[i], &km))
            fail_msg("%s is not connected to Moscow", connected[i]);
    }
}

/* --- load errors --- */

/* A temporary data folder with the two files. */
static char *temp_dir_with(const char *cities, const char *rail)
{
    char *dir = strdup("/tmp/hamkor-geo-XXXXXX");
    assert_non_null(mkdtemp(dir));
    const char *files[2] = {"cities.tsv", "rail.tsv"}, *bodies[2] = {cities, rail};
    for (int i = 0; i < 2; i++) {
        if (!bodies[i])
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *out = fopen(path, "w");
        assert_non_null(out);
        fputs(bodies[i], out);
        fclose(out);
    }
    return dir;
}

static void remove_dir(char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cities.tsv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/rail.tsv", dir);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* Loads the two bodies and checks the status, the file:line and a piece of
 * the message. */
static void expect_load_error(const char *cities, const char *rail, int code, const char *where,
                              const char *says)
{
    char *dir = temp_dir_with(cities, rail);
    geo *g = (geo *)1;
    hk_err err;
    int rc = geo_load(dir, &g, &err);
    remove_dir(dir);
    assert_null(g);
    if (rc != code || strcmp(err.field, where) || !strstr(err.msg, says))
        fail_msg("got %d \"%s\" \"%s\", expected %d \"%s\" with \"%s\"", rc, err.field, err.msg,
                 code, where, says);
}

static void a_small_folder_loads(void **state)
{
    (void)state;
    char *dir = temp_dir_with("\xEF\xBB\xBF" TWO_CITIES,
                              RAIL_HEADER "# a comment\r\n\ntashkent\tsamarkand\t344\tTest line\r\n");
    geo *g;
    hk_err err;
    int rc = geo_load(dir, &g, &err);
    remove_dir(dir);
    if (rc)
        fail_msg("%s: %s", err.field, err.msg);
    assert_int_equal(geo_city_count(g), 2);
    assert_string_equal(geo_lookup(g, "Тошкент", NULL), "tashkent");
    double km;
    assert_int_equal(geo_rail_km(g, "samarkand", "tashkent", &km), HK_OK);
    assert_true(fabs(km - 344) < 1e-3);
    assert_int_equal(geo_city_at(g, 1)->n_aliases, 0);
    assert_null(geo_city_at(g, 2));
    geo_free(g);
}

static void load_errors_name_file_and_line(void **state)
{
    (void)state;
    const char *rail = RAIL_HEADER;
    expect_load_error(TWO_CITIES "# comment\n\nbad\tUZ\t41\t69\tBad\n", rail, HK_EINVAL,
                      "cities.tsv:6", "expected 9 tab-separated fields, found 5");
    expect_load_error(TWO_CITIES "north\tUZ\t95.00\t69\tN\tН\t北\tN\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "latitude");
    expect_load_error(TWO_CITIES "east\tUZ\t41\t181\tE\tВ\t东\tE\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "longitude");
    expect_load_error(TWO_CITIES "comma\tUZ\t41,3\t69\tC\tК\t逗\tC\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "latitude");
    expect_load_error(TWO_CITIES "Bad_Id\tUZ\t41\t69\tB\tБ\t坏\tB\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "id");
    expect_load_error(TWO_CITIES "x\tUzb\t41\t69\tX\tХ\t叉\tX\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "country");
    expect_load_error(TWO_CITIES "x\tUZ\t41\t69\t\tХ\t叉\tX\t\n", rail, HK_EINVAL, "cities.tsv:4",
                      "name_en is empty");
    expect_load_error(TWO_CITIES "x\tUZ\t41\t69\tX\tХ\t叉\tX\ta||b\n", rail, HK_EINVAL,
                      "cities.tsv:4", "alias is empty");
    expect_load_error(TWO_CITIES "x\tUZ\t41\t69\tX\t\xd0\tY\tX\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "not valid UTF-8");
    expect_load_error(TWO_CITIES "x\tUZ\t41\t69\tX\tХ\t叉\t--\t\n", rail, HK_EINVAL,
                      "cities.tsv:4", "no letters or digits");
    expect_load_error(TWO_CITIES "\ntashkent\tUZ\t41\t69\tT2\tТ2\t塔2\tT2\t\n", rail, HK_ECONFLICT,
                      "cities.tsv:5", "duplicate city id \"tashkent\" (first at line 2)");
    expect_load_error("id\tcountry\tlat\tlon\n", rail, HK_EINVAL, "cities.tsv:1", "header");
    expect_load_error(CITIES_HEADER, rail, HK_EINVAL, "cities.tsv", "no city");
}

static void rail_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_load_error(TWO_CITIES, RAIL_HEADER "tashkent\tbukhara\t600\tX\n", HK_EINVAL,
                      "rail.tsv:2", "unknown city id \"bukhara\"");
    expect_load_error(TWO_CITIES, RAIL_HEADER "tashkent\tsamarkand\t344\n", HK_EINVAL, "rail.tsv:2",
                      "expected 4 tab-separated fields, found 3");
    expect_load_error(TWO_CITIES, RAIL_HEADER "\ntashkent\tsamarkand\t-5\tX\n", HK_EINVAL,
                      "rail.tsv:3", "km");
    expect_load_error(TWO_CITIES, RAIL_HEADER "tashkent\tsamarkand\t100\tX\n", HK_EINVAL,
                      "rail.tsv:2", "great circle");
    expect_load_error(TWO_CITIES, RAIL_HEADER "tashkent\tsamarkand\t5000\tX\n", HK_EINVAL,
                      "rail.tsv:2", "over three times");
    expect_load_error(TWO_CITIES, RAIL_HEADER "tashkent\ttashkent\t10\tX\n", HK_EINVAL,
                      "rail.tsv:2", "to itself");
    expect_load_error(TWO_CITIES,
                      RAIL_HEADER "tashkent\tsamarkand\t344\tX\nsamarkand\ttashkent\t350\tY\n",
                      HK_ECONFLICT, "rail.tsv:3", "listed twice");
    expect_load_error(TWO_CITIES, "from\tto\tkm\n", HK_EINVAL, "rail.tsv:1", "header");
    expect_load_error(TWO_CITIES, NULL, HK_EIO, "rail.tsv", "cannot open");
    expect_load_error(NULL, RAIL_HEADER, HK_EIO, "cities.tsv", "cannot open");
}

int main(void)
{
    const struct CMUnitTest shipped[] = {
        cmocka_unit_test(tashkent_is_one_city_in_every_script),
        cmocka_unit_test(urumqi_almaty_and_astana_are_found_by_any_name),
        cmocka_unit_test(lookup_narrows_by_country_and_refuses_unknown_names),
        cmocka_unit_test(suggest_completes_prefixes_in_several_scripts),
        cmocka_unit_test(suggest_ranks_exact_names_first_and_lists_each_city_once),
        cmocka_unit_test(suggest_interleaves_countries_by_importance),
        cmocka_unit_test(nearest_city_to_a_point),
        cmocka_unit_test(great_circle_tashkent_moscow_is_about_2770_km),
        cmocka_unit_test(rail_tashkent_moscow_is_3300_to_3400_km),
        cmocka_unit_test(almaty_urumqi_runs_through_a_china_kazakhstan_gateway),
        cmocka_unit_test(places_rail_does_not_reach_are_not_connected),
        cmocka_unit_test(pakistan_reaches_the_network_only_through_zahedan),
        cmocka_unit_test(rail_trip_snaps_coordinates_to_hubs),
        cmocka_unit_test(concurrent_readers_agree),
        cmocka_unit_test(every_city_has_a_country_of_countries_tsv),
        cmocka_unit_test(shipped_gazetteer_is_complete),
    };
    const struct CMUnitTest loading[] = {
        cmocka_unit_test(fold_ignores_case_accents_and_punctuation),
        cmocka_unit_test(a_small_folder_loads),
        cmocka_unit_test(load_errors_name_file_and_line),
        cmocka_unit_test(rail_errors_name_file_and_line),
    };
    int failed = cmocka_run_group_tests_name("geo (shipped data)", shipped, setup, teardown);
    failed += cmocka_run_group_tests_name("geo (loading)", loading, NULL, NULL);
    return failed ? 1 : 0;
}
