/*
 * test_model_json.c - the canonical JSON form (model_json.c): records
 * round-trip byte for byte, members come in a fixed order, doubles come
 * back bit for bit, and malformed input is refused naming the member.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"

static const char ORG_JSON[] =
    "{\"id\":12,\"names\":[{\"text\":\"Тошкент трактор заводи\",\"lang\":\"uz-Cyrl\",\"primary\":true},"
    "{\"text\":\"Toshkent traktor zavodi\",\"lang\":\"uz-Latn\",\"primary\":false}],"
    "\"registry_scheme\":\"STIR\",\"registry_id\":\"200123456\",\"country\":\"UZ\",\"city\":\"Toshkent\","
    "\"lat\":41.299999999999997,\"lon\":69.280000000000001,\"type\":\"enterprise\",\"size\":\"large\",\"sme\":false,"
    "\"isic\":[\"2821\"],\"hs\":[\"8701\",\"870190\"],"
    "\"capabilities\":[{\"kind\":\"capacity\",\"text\":\"tractor assembly\",\"amount\":5000.0,\"unit\":\"pcs/year\"}],"
    "\"certifications\":[{\"name\":\"ISO 9001:2015\",\"issued\":\"2022-03-01\"}],"
    "\"languages\":[\"uz\",\"ru\"],\"website\":\"https://ttz.uz\",\"tier\":\"registry_checked\","
    "\"created_at\":\"2026-11-23T09:30:00Z\",\"updated_at\":\"2026-11-24T10:00:00Z\",\"version\":3}";

static const char LISTING_JSON[] =
    "{\"id\":5,\"org_id\":12,\"direction\":\"request\",\"kind\":\"coproduction\",\"status\":\"published\","
    "\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\",\"title\":\"Ищем литьё алюминия\","
    "\"description\":\"Нужен партнёр.\"},{\"lang\":\"zh-Hans\",\"origin\":\"machine\",\"title\":\"铝压铸\"}],"
    "\"hs\":[\"7616\"],\"isic\":[],\"quantities\":[{\"kind\":\"quantity\",\"amount\":0.10000000000000001,"
    "\"unit\":\"t\",\"period\":\"month\"}],\"targets\":[\"KZ\",\"CN\"],\"deadline\":\"2027-01-15\","
    "\"expires\":\"2027-02-01\",\"created_at\":\"2026-11-23T09:30:00Z\",\"updated_at\":\"2026-11-23T09:30:00Z\","
    "\"published_at\":\"2026-11-23T09:31:00Z\",\"version\":2}";

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    assert_non_null(j);
    return j;
}

/* Replaces one member of a parsed document and returns it. */
static json_t *with_member(const char *doc, const char *key, json_t *value)
{
    json_t *j = parse(doc);
    json_object_set_new(j, key, value);
    return j;
}

static void organisation_round_trips_byte_for_byte(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = parse(ORG_JSON);
    assert_int_equal(organisation_from_json(j, true, &o, &err), 0);
    json_decref(j);
    assert_int_equal(organisation_validate(&o, &err), 0);
    json_t *back = organisation_to_json(&o);
    char *text = model_json_dump(back);
    assert_string_equal(text, ORG_JSON);
    free(text);
    json_decref(back);
    organisation_free(&o);
}

static void listing_round_trips_byte_for_byte(void **state)
{
    (void)state;
    hk_err err;
    listing l;
    json_t *j = parse(LISTING_JSON);
    assert_int_equal(listing_from_json(j, true, &l, &err), 0);
    json_decref(j);
    assert_int_equal(listing_validate(&l, &err), 0);
    json_t *back = listing_to_json(&l);
    char *text = model_json_dump(back);
    assert_string_equal(text, LISTING_JSON);
    free(text);
    json_decref(back);
    listing_free(&l);
}

static void doubles_come_back_bit_for_bit(void **state)
{
    (void)state;
    hk_err err;
    const double values[] = {0.1 + 0.2, 41.3, 1e-300, 123456789.123456789, 5e22, 2.5};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        org_name n = {.text = "X", .lang = "en", .primary = true};
        organisation o = {.names = &n, .n_names = 1, .country = "UZ", .has_coords = true, .lat = values[i] / 1e300,
                          .lon = 1.0 / 3.0};
        capability c = {.kind = CAP_CAPACITY, .text = "t", .amount = values[i], .unit = "u"};
        o.capabilities = &c;
        o.n_capabilities = 1;
        json_t *j = organisation_to_json(&o);
        char *text = model_json_dump(j);
        json_decref(j);
        json_t *again = parse(text);
        organisation r;
        assert_int_equal(organisation_from_json(again, true, &r, &err), 0);
        assert_memory_equal(&r.lat, &o.lat, sizeof(double));
        assert_memory_equal(&r.lon, &o.lon, sizeof(double));
        assert_memory_equal(&r.capabilities[0].amount, &c.amount, sizeof(double));
        organisation_free(&r);
        json_decref(again);
        free(text);
    }
}

static void members_are_written_in_a_fixed_order(void **state)
{
    (void)state;
    org_name n = {.text = "Завод", .lang = "ru", .primary = true};
    organisation o = {.id = 1, .names = &n, .n_names = 1, .country = "RU", .type = ORG_RESEARCH, .version = 1};
    json_t *j = organisation_to_json(&o);
    char *text = model_json_dump(j);
    assert_string_equal(text, "{\"id\":1,\"names\":[{\"text\":\"Завод\",\"lang\":\"ru\",\"primary\":true}],"
                              "\"country\":\"RU\",\"type\":\"research\",\"size\":\"unknown\",\"sme\":false,"
                              "\"isic\":[],\"hs\":[],\"capabilities\":[],\"certifications\":[],\"languages\":[],"
                              "\"tier\":\"self_declared\",\"version\":1}");
    free(text);
    json_decref(j);
}

static void store_fields_are_ignored_unless_ids_are_kept(void **state)
{
    (void)state;
    hk_err err;
    listing l;
    json_t *j = parse(LISTING_JSON);
    assert_int_equal(listing_from_json(j, false, &l, &err), 0);
    assert_int_equal(l.id, 0);
    assert_int_equal(l.version, 0);
    assert_int_equal(l.created_at, 0);
    assert_int_equal(l.published_at, 0);
    assert_int_equal(l.org_id, 12); /* the author's choice, always read */
    listing_free(&l);
    json_decref(j);
}

static void unknown_top_level_member_is_refused_by_name(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = with_member(ORG_JSON, "colour", json_string("red"));
    assert_int_equal(organisation_from_json(j, true, &o, &err), HK_EINVAL);
    assert_string_equal(err.field, "colour");
    assert_non_null(strstr(err.msg, "not a known member"));
    json_decref(j);
}

static void unknown_nested_member_is_refused_with_its_path(void **state)
{
    (void)state;
    hk_err err;
    listing l;
    json_t *j = parse(LISTING_JSON);
    json_object_set_new(json_array_get(json_object_get(j, "texts"), 1), "script", json_string("Hans"));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "texts[1].script");
    json_decref(j);
}

static void wrong_types_are_refused_by_name(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = with_member(ORG_JSON, "sme", json_string("yes"));
    assert_int_equal(organisation_from_json(j, true, &o, &err), HK_EINVAL);
    assert_string_equal(err.field, "sme");
    json_decref(j);

    listing l;
    j = parse(LISTING_JSON);
    json_object_set_new(json_array_get(json_object_get(j, "texts"), 0), "title", json_integer(5));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "texts[0].title");
    json_decref(j);

    j = with_member(LISTING_JSON, "hs", json_string("7616"));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs");
    json_decref(j);

    j = parse(LISTING_JSON);
    json_array_set_new(json_object_get(j, "hs"), 0, json_integer(7616));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs[0]");
    json_decref(j);
}

static void unknown_enum_names_are_refused_listing_the_choices(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = with_member(ORG_JSON, "type", json_string("factory"));
    assert_int_equal(organisation_from_json(j, true, &o, &err), HK_EINVAL);
    assert_string_equal(err.field, "type");
    assert_non_null(strstr(err.msg, "state_agency"));
    json_decref(j);
}

static void bad_dates_and_times_are_refused(void **state)
{
    (void)state;
    hk_err err;
    listing l;
    json_t *j = with_member(LISTING_JSON, "expires", json_string("2027-02-30"));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "expires");
    json_decref(j);
    j = with_member(LISTING_JSON, "created_at", json_string("2026-11-23 09:30:00"));
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "created_at");
    json_decref(j);
}

static void missing_required_members_are_named(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = parse(ORG_JSON);
    json_object_del(j, "country");
    assert_int_equal(organisation_from_json(j, true, &o, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
    json_decref(j);
    listing l;
    j = parse(LISTING_JSON);
    json_object_del(json_array_get(json_object_get(j, "texts"), 0), "origin");
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "texts[0].origin");
    json_decref(j);
}

static void null_means_absent_for_optional_members(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = with_member(ORG_JSON, "website", json_null());
    assert_int_equal(organisation_from_json(j, true, &o, &err), 0);
    assert_null(o.website);
    organisation_free(&o);
    json_decref(j);
}

static void lat_without_lon_is_refused(void **state)
{
    (void)state;
    hk_err err;
    organisation o;
    json_t *j = parse(ORG_JSON);
    json_object_del(j, "lon");
    assert_int_equal(organisation_from_json(j, true, &o, &err), HK_EINVAL);
    assert_string_equal(err.field, "lon");
    json_decref(j);
}

static void too_many_list_entries_are_refused_before_allocating(void **state)
{
    (void)state;
    hk_err err;
    json_t *codes = json_array();
    for (int i = 0; i <= MODEL_MAX_LIST; i++)
        json_array_append_new(codes, json_string("7616"));
    json_t *j = with_member(LISTING_JSON, "hs", codes);
    listing l;
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs");
    json_decref(j);
}

static void a_non_object_is_refused(void **state)
{
    (void)state;
    hk_err err;
    listing l;
    json_t *j = json_array();
    assert_int_equal(listing_from_json(j, true, &l, &err), HK_EINVAL);
    json_decref(j);
}

static void times_format_and_parse_as_utc(void **state)
{
    (void)state;
    char buf[21];
    int64_t t;
    model_format_time(1795426200, buf); /* 2026-11-23T09:30:00Z */
    assert_string_equal(buf, "2026-11-23T09:30:00Z");
    assert_int_equal(model_parse_time(buf, &t), 0);
    assert_int_equal(t, 1795426200);
    assert_int_equal(model_parse_time("2026-11-23T24:00:00Z", &t), HK_EINVAL);
    assert_int_equal(model_parse_time("2026-11-23T09:30:00+01:00", &t), HK_EINVAL);
    assert_int_equal(model_parse_time("2026-02-30T09:30:00Z", &t), HK_EINVAL);
    assert_int_equal(model_parse_time("1969-12-31T23:59:59Z", &t), HK_EINVAL);
    model_format_time(-5, buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

static void country_round_trips(void **state)
{
    (void)state;
    hk_err err;
    const char *text = "{\"iso2\":\"TM\",\"status\":\"guest\",\"name_en\":\"Turkmenistan\","
                       "\"name_ru\":\"Туркменистан\",\"name_zh\":\"土库曼斯坦\"}";
    json_t *j = parse(text);
    country c;
    assert_int_equal(country_from_json(j, &c, &err), 0);
    json_decref(j);
    assert_int_equal(c.status, SCO_GUEST);
    json_t *back = country_to_json(&c);
    char *out = model_json_dump(back);
    assert_string_equal(out, text);
    free(out);
    json_decref(back);
    country_free(&c);
}

static void interest_reads_the_three_answers(void **state)
{
    (void)state;
    hk_err err;
    json_t *j = parse("{\"listing_id\":5,\"from_org_id\":3,\"from_user_id\":9,\"offered\":\"a\",\"sought\":\"b\","
                      "\"why\":\"c\",\"id\":77}");
    interest i;
    assert_int_equal(interest_from_json(j, &i, &err), 0);
    assert_int_equal(i.id, 0); /* the store assigns it */
    assert_string_equal(i.why, "c");
    assert_int_equal(i.status, EOI_PENDING);
    json_t *back = interest_to_json(&i);
    assert_string_equal(json_string_value(json_object_get(back, "status")), "pending");
    json_decref(back);
    interest_free(&i);
    json_decref(j);
}

static void user_json_never_contains_the_password_hash(void **state)
{
    (void)state;
    user u = {.id = 3, .email = "ali@ttz.uz", .display_name = "Ali", .password_hash = "$argon2id$v=19$secret",
              .role = ROLE_COORDINATOR, .country = "UZ", .created_at = 1795426200};
    json_t *j = user_to_json(&u);
    char *text = model_json_dump(j);
    assert_null(strstr(text, "argon2"));
    assert_null(strstr(text, "password"));
    assert_non_null(strstr(text, "\"role\":\"coordinator\""));
    free(text);
    json_decref(j);
    message m = {.id = 1, .interest_id = 2, .author_id = 3, .body = "Салом", .created_at = 1795426200};
    j = message_to_json(&m);
    assert_string_equal(json_string_value(json_object_get(j, "body")), "Салом");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(organisation_round_trips_byte_for_byte),
        cmocka_unit_test(listing_round_trips_byte_for_byte),
        cmocka_unit_test(doubles_come_back_bit_for_bit),
        cmocka_unit_test(members_are_written_in_a_fixed_order),
        cmocka_unit_test(store_fields_are_ignored_unless_ids_are_kept),
        cmocka_unit_test(unknown_top_level_member_is_refused_by_name),
        cmocka_unit_test(unknown_nested_member_is_refused_with_its_path),
        cmocka_unit_test(wrong_types_are_refused_by_name),
        cmocka_unit_test(unknown_enum_names_are_refused_listing_the_choices),
        cmocka_unit_test(bad_dates_and_times_are_refused),
        cmocka_unit_test(missing_required_members_are_named),
        cmocka_unit_test(null_means_absent_for_optional_members),
        cmocka_unit_test(lat_without_lon_is_refused),
        cmocka_unit_test(too_many_list_entries_are_refused_before_allocating),
        cmocka_unit_test(a_non_object_is_refused),
        cmocka_unit_test(times_format_and_parse_as_utc),
        cmocka_unit_test(country_round_trips),
        cmocka_unit_test(interest_reads_the_three_answers),
        cmocka_unit_test(user_json_never_contains_the_password_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
