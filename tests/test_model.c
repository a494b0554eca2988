/*
 * test_model.c - the validation rules of model_validate.c and the enum
 * names of model_enum.c: each field's good and bad values, and that every
 * refusal names the field at fault by its path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* ---- a valid organisation and listing to break one field at a time ---- */

typedef struct org_fx {
    organisation o;
    org_name names[2];
    char *hs[3], *isic[2], *langs[2];
    capability caps[1];
    certification certs[1];
} org_fx;

static void org_fx_init(org_fx *f)
{
    memset(f, 0, sizeof *f);
    f->names[0] = (org_name){.text = "Тошкент трактор заводи", .lang = "uz-Cyrl", .primary = true};
    f->names[1] = (org_name){.text = "Toshkent traktor zavodi", .lang = "uz-Latn", .primary = false};
    f->hs[0] = "8701";
    f->hs[1] = "870190";
    f->hs[2] = "87";
    f->isic[0] = "2821";
    f->isic[1] = "28";
    f->langs[0] = "uz";
    f->langs[1] = "ru";
    f->caps[0] = (capability){.kind = CAP_CAPACITY, .text = "tractor assembly", .amount = 5000, .unit = "pcs/year"};
    f->certs[0] = (certification){.name = "ISO 9001:2015", .scope = "assembly", .issued = "2022-03-01",
                                  .expires = "2025-03-01"};
    organisation *o = &f->o;
    o->names = f->names;
    o->n_names = 2;
    o->registry_scheme = "STIR";
    o->registry_id = "200123456";
    strcpy(o->country, "UZ");
    o->city = "Toshkent";
    o->lat = 41.3;
    o->lon = 69.28;
    o->has_coords = true;
    o->type = ORG_ENTERPRISE;
    o->size = SIZE_LARGE;
    o->hs = f->hs;
    o->n_hs = 3;
    o->isic = f->isic;
    o->n_isic = 2;
    o->capabilities = f->caps;
    o->n_capabilities = 1;
    o->certifications = f->certs;
    o->n_certifications = 1;
    o->languages = f->langs;
    o->n_languages = 2;
    o->website = "https://ttz.uz/en";
}

typedef struct lst_fx {
    listing l;
    listing_text texts[2];
    char *hs[2], *isic[1];
    quantity qty[1];
    char targets[2][3];
} lst_fx;

static void lst_fx_init(lst_fx *f)
{
    memset(f, 0, sizeof *f);
    f->texts[0] = (listing_text){.lang = "ru", .origin = ORIGIN_ORIGINAL, .title = "Литьё алюминия под давлением",
                                 .description = "До 500 т в год."};
    f->texts[1] = (listing_text){.lang = "zh-Hans", .origin = ORIGIN_MACHINE, .title = "铝压铸"};
    f->hs[0] = "7616";
    f->hs[1] = "761699";
    f->isic[0] = "2432";
    f->qty[0] = (quantity){.kind = QTY_CAPACITY, .amount = 500, .unit = "t", .period = "year"};
    strcpy(f->targets[0], "KZ");
    strcpy(f->targets[1], "CN");
    listing *l = &f->l;
    l->org_id = 7;
    l->direction = DIR_OFFER;
    l->kind = KIND_COPRODUCTION;
    l->texts = f->texts;
    l->n_texts = 2;
    l->hs = f->hs;
    l->n_hs = 2;
    l->isic = f->isic;
    l->n_isic = 1;
    l->quantities = f->qty;
    l->n_quantities = 1;
    l->targets = f->targets;
    l->n_targets = 2;
    strcpy(l->expires, "2030-01-31");
    l->status = STATUS_PUBLISHED;
}

/* Asserts that rc is HK_EINVAL and err names field. */
static void assert_refused(int rc, const hk_err *err, const char *field)
{
    assert_int_equal(rc, HK_EINVAL);
    assert_string_equal(err->field, field);
    assert_non_null(strstr(err->msg, field));
}

static int org_check(org_fx *f, hk_err *err)
{
    hk_err_clear(err);
    return organisation_validate(&f->o, err);
}

static int lst_check(lst_fx *f, hk_err *err)
{
    hk_err_clear(err);
    return listing_validate(&f->l, err);
}

/* Fills buf with n copies of the Cyrillic letter "ж" (2 bytes each). */
static char *cyrillic(size_t n)
{
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, "ж", 2);
    s[2 * n] = '\0';
    return s;
}

/* ---- enums ---- */

static void every_enum_value_has_a_name_that_parses_back(void **state)
{
    (void)state;
    for (int e = ENUM_SCO_STATUS; e <= ENUM_EOI_STATUS; e++) {
        int n = model_enum_count((model_enum)e);
        assert_true(n >= 2);
        for (int v = 0; v < n; v++) {
            const char *name = model_enum_name((model_enum)e, v);
            assert_non_null(name);
            assert_int_equal(model_enum_parse((model_enum)e, name), v);
        }
        assert_null(model_enum_name((model_enum)e, n));
        assert_null(model_enum_name((model_enum)e, -1));
        assert_int_equal(model_enum_parse((model_enum)e, "no_such_value"), -1);
    }
}

static void enum_names_are_the_documented_lowercase_names(void **state)
{
    (void)state;
    assert_string_equal(model_enum_name(ENUM_SCO_STATUS, SCO_DIALOGUE_PARTNER), "dialogue_partner");
    assert_string_equal(model_enum_name(ENUM_ORG_TYPE, ORG_STATE_AGENCY), "state_agency");
    assert_string_equal(model_enum_name(ENUM_TIER, TIER_COORDINATOR_ENDORSED), "coordinator_endorsed");
    assert_string_equal(model_enum_name(ENUM_KIND, KIND_COPRODUCTION), "coproduction");
    assert_int_equal(model_enum_parse(ENUM_STATUS, "Published"), -1); /* names are case-sensitive */
}

/* ---- field checks ---- */

static void language_tags_with_script_and_region_are_accepted(void **state)
{
    (void)state;
    const char *good[] = {"ru", "zh", "zh-Hans", "uz-Latn", "kk-Cyrl", "en-GB", "zh-Hans-CN", "es-419", "fil"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(model_is_bcp47(good[i]));
    const char *bad[] = {"", "r", "RU", "zh-hans", "uz-latn", "en-gb", "english", "zh_Hans", "zh-", "ru-RU-",
                         "zh-Hans-Latn", "en-GBR", "ru ", NULL};
    for (size_t i = 0; bad[i]; i++)
        assert_false(model_is_bcp47(bad[i]));
    assert_false(model_is_bcp47(NULL));
}

static void dates_must_exist_on_the_calendar(void **state)
{
    (void)state;
    assert_true(model_is_date("2024-02-29"));
    assert_true(model_is_date("2000-02-29"));
    assert_true(model_is_date("2026-12-31"));
    assert_false(model_is_date("2023-02-29"));
    assert_false(model_is_date("1900-02-29"));
    assert_false(model_is_date("2024-13-01"));
    assert_false(model_is_date("2024-04-31"));
    assert_false(model_is_date("2024-00-10"));
    assert_false(model_is_date("2024-1-10"));
    assert_false(model_is_date("24-01-10"));
    assert_false(model_is_date("2024/01/10"));
    assert_false(model_is_date("0000-01-01"));
}

static void hs_codes_have_two_four_or_six_digits(void **state)
{
    (void)state;
    assert_true(model_is_hs_code("76"));
    assert_true(model_is_hs_code("7616"));
    assert_true(model_is_hs_code("761699"));
    assert_false(model_is_hs_code("761"));
    assert_false(model_is_hs_code("7616.99"));
    assert_false(model_is_hs_code("76169910"));
    assert_false(model_is_hs_code("76a6"));
    assert_false(model_is_hs_code(""));
}

static void isic_codes_have_two_to_four_digits(void **state)
{
    (void)state;
    assert_true(model_is_isic_code("24"));
    assert_true(model_is_isic_code("243"));
    assert_true(model_is_isic_code("2432"));
    assert_false(model_is_isic_code("2"));
    assert_false(model_is_isic_code("24321"));
    assert_false(model_is_isic_code("C"));
}

static void country_codes_are_two_upper_case_letters(void **state)
{
    (void)state;
    assert_true(model_is_iso2("UZ"));
    assert_false(model_is_iso2("uz"));
    assert_false(model_is_iso2("UZB"));
    assert_false(model_is_iso2("U"));
    assert_false(model_is_iso2("U1"));
}

static void emails_are_plain_lower_case_addresses(void **state)
{
    (void)state;
    assert_true(model_is_email("ali@ttz.uz"));
    assert_true(model_is_email("first.last+tag@mail.example.org"));
    assert_true(model_is_email("x@xn--80ak6aa92e.com"));
    assert_false(model_is_email("Ali@ttz.uz"));
    assert_false(model_is_email("ali@localhost"));
    assert_false(model_is_email("ali@@ttz.uz"));
    assert_false(model_is_email("ali.@ttz.uz"));
    assert_false(model_is_email("a..b@ttz.uz"));
    assert_false(model_is_email("ali@ttz..uz"));
    assert_false(model_is_email("ali@-ttz.uz"));
    assert_false(model_is_email("ali@ttz.u"));
    assert_false(model_is_email("ali ttz@ttz.uz"));
    assert_false(model_is_email("алі@ttz.uz"));
}

static void websites_are_http_or_https_addresses(void **state)
{
    (void)state;
    assert_true(model_is_url("https://ttz.uz"));
    assert_true(model_is_url("http://example.org:8080/a?b=c#d"));
    assert_true(model_is_url("https://завод.рф/"));
    assert_true(model_is_url("http://[2001:db8::1]/"));
    assert_false(model_is_url("ftp://ttz.uz"));
    assert_false(model_is_url("javascript:alert(1)"));
    assert_false(model_is_url("https://"));
    assert_false(model_is_url("https://ttz.uz/a b"));
    assert_false(model_is_url("https://user@evil.example/"));
    assert_false(model_is_url("ttz.uz"));
}

static void text_length_counts_code_points_not_bytes(void **state)
{
    (void)state;
    hk_err err;
    char *ok = cyrillic(300), *long1 = cyrillic(301);
    assert_int_equal(model_check_text("title", ok, 300, true, &err), 0);
    assert_refused(model_check_text("title", long1, 300, true, &err), &err, "title");
    assert_non_null(strstr(err.msg, "301"));
    free(ok);
    free(long1);
}

static void required_text_refuses_missing_empty_and_blank(void **state)
{
    (void)state;
    hk_err err;
    assert_refused(model_check_text("city", NULL, 10, true, &err), &err, "city");
    assert_refused(model_check_text("city", "", 10, true, &err), &err, "city");
    assert_refused(model_check_text("city", "  \t", 10, true, &err), &err, "city");
    assert_int_equal(model_check_text("city", NULL, 10, false, &err), 0);
    assert_int_equal(model_check_text("city", "", 10, false, &err), 0);
}

static void text_refuses_invalid_utf8_and_control_characters(void **state)
{
    (void)state;
    hk_err err;
    assert_refused(model_check_text("title", "abc\xff", 300, true, &err), &err, "title");
    assert_non_null(strstr(err.msg, "UTF-8"));
    assert_refused(model_check_text("title", "\xc0\xaf", 300, true, &err), &err, "title"); /* overlong */
    assert_refused(model_check_text("title", "\xed\xa0\x80", 300, true, &err), &err, "title"); /* surrogate */
    assert_refused(model_check_text("title", "bell\a", 300, true, &err), &err, "title");
    assert_int_equal(model_check_text("description", "line one\nline two\ttab", 300, true, &err), 0);
}

/* ---- organisations ---- */

static void a_complete_organisation_is_valid(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    assert_int_equal(org_check(&f, &err), 0);
}

static void organisation_needs_exactly_one_primary_name(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.names[1].primary = true;
    assert_refused(org_check(&f, &err), &err, "names");
    f.names[0].primary = f.names[1].primary = false;
    assert_refused(org_check(&f, &err), &err, "names");
    f.o.n_names = 0;
    assert_refused(org_check(&f, &err), &err, "names");
}

static void organisation_name_errors_name_the_entry(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.names[1].text = "";
    assert_refused(org_check(&f, &err), &err, "names[1].text");
    org_fx_init(&f);
    f.names[1].lang = "uz-latn";
    assert_refused(org_check(&f, &err), &err, "names[1].lang");
    org_fx_init(&f);
    char *n301 = cyrillic(301), *n300 = cyrillic(300);
    f.names[0].text = n300;
    assert_int_equal(org_check(&f, &err), 0);
    f.names[0].text = n301;
    assert_refused(org_check(&f, &err), &err, "names[0].text");
    free(n301);
    free(n300);
}

static void organisation_country_must_be_iso_alpha2(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    strcpy(f.o.country, "uz");
    assert_refused(org_check(&f, &err), &err, "country");
    f.o.country[0] = '\0';
    assert_refused(org_check(&f, &err), &err, "country");
}

static void organisation_codes_are_checked_one_by_one(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.hs[2] = "761";
    assert_refused(org_check(&f, &err), &err, "hs[2]");
    org_fx_init(&f);
    f.isic[1] = "C";
    assert_refused(org_check(&f, &err), &err, "isic[1]");
    org_fx_init(&f);
    f.hs[2] = "8701";
    assert_refused(org_check(&f, &err), &err, "hs[2]"); /* repeats hs[0] */
}

static void organisation_coordinates_must_be_on_the_globe(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.o.lat = 90.5;
    assert_refused(org_check(&f, &err), &err, "lat");
    org_fx_init(&f);
    f.o.lon = -180.01;
    assert_refused(org_check(&f, &err), &err, "lon");
    org_fx_init(&f);
    f.o.lat = NAN;
    assert_refused(org_check(&f, &err), &err, "lat");
    f.o.has_coords = false; /* unset coordinates are not looked at */
    assert_int_equal(org_check(&f, &err), 0);
}

static void organisation_website_must_be_http(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.o.website = "ftp://ttz.uz";
    assert_refused(org_check(&f, &err), &err, "website");
    f.o.website = NULL;
    assert_int_equal(org_check(&f, &err), 0);
}

static void registry_id_and_scheme_come_together(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.o.registry_scheme = NULL;
    assert_refused(org_check(&f, &err), &err, "registry_scheme");
    org_fx_init(&f);
    f.o.registry_id = NULL;
    assert_refused(org_check(&f, &err), &err, "registry_id");
}

/* Issue 17: every way in (API, import, demo) validates through here, so
 * a registry id with a wrong check digit never reaches the store. The
 * rules of each scheme are in test_registry.c. */
static void registry_id_is_checked_against_its_scheme(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.o.registry_id = "401234567"; /* not an organisation's STIR */
    assert_refused(org_check(&f, &err), &err, "registry_id");
    org_fx_init(&f);
    strcpy(f.o.country, "RU");
    f.o.registry_scheme = "INN";
    f.o.registry_id = "7707083894";
    assert_refused(org_check(&f, &err), &err, "registry_id");
    assert_string_equal(err.msg, "registry_id INN 7707083894: the check digit should be 3");
    f.o.registry_id = "7707083893";
    assert_int_equal(org_check(&f, &err), 0);
    /* The same scheme name means the organisation's own country's registry. */
    strcpy(f.o.country, "KG");
    assert_refused(org_check(&f, &err), &err, "registry_id");
    f.o.registry_scheme = "inn";
    assert_refused(org_check(&f, &err), &err, "registry_scheme");
    /* A registry without a rule keeps free text. */
    f.o.registry_scheme = "Reg. No.";
    f.o.registry_id = "12/345-A";
    assert_int_equal(org_check(&f, &err), 0);
}

static void capability_amount_and_unit_are_checked(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.caps[0].amount = -1;
    assert_refused(org_check(&f, &err), &err, "capabilities[0].amount");
    org_fx_init(&f);
    f.caps[0].amount = INFINITY;
    assert_refused(org_check(&f, &err), &err, "capabilities[0].amount");
    org_fx_init(&f);
    f.caps[0].unit = NULL;
    assert_refused(org_check(&f, &err), &err, "capabilities[0].unit");
    org_fx_init(&f);
    f.caps[0].amount = 0; /* unit without an amount */
    assert_refused(org_check(&f, &err), &err, "capabilities[0].unit");
}

static void certification_dates_are_real_and_ordered(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    strcpy(f.certs[0].issued, "2022-02-30");
    assert_refused(org_check(&f, &err), &err, "certifications[0].issued");
    org_fx_init(&f);
    strcpy(f.certs[0].expires, "2021-01-01");
    assert_refused(org_check(&f, &err), &err, "certifications[0].expires");
}

static void organisation_languages_are_tags_without_repeats(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    f.langs[1] = "Russian";
    assert_refused(org_check(&f, &err), &err, "languages[1]");
    f.langs[1] = "uz";
    assert_refused(org_check(&f, &err), &err, "languages[1]");
}

static void lists_longer_than_the_limit_are_refused(void **state)
{
    (void)state;
    org_fx f;
    hk_err err;
    org_fx_init(&f);
    char *codes[MODEL_MAX_LIST + 1];
    char buf[MODEL_MAX_LIST + 1][12];
    for (int i = 0; i <= MODEL_MAX_LIST; i++) {
        snprintf(buf[i], sizeof buf[i], "%04d", 1000 + i);
        codes[i] = buf[i];
    }
    f.o.hs = codes;
    f.o.n_hs = MODEL_MAX_LIST;
    assert_int_equal(org_check(&f, &err), 0);
    f.o.n_hs = MODEL_MAX_LIST + 1;
    assert_refused(org_check(&f, &err), &err, "hs");
}

/* ---- listings ---- */

static void a_complete_listing_is_valid(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    assert_int_equal(lst_check(&f, &err), 0);
}

static void listing_needs_exactly_one_original_text(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    f.texts[1].origin = ORIGIN_ORIGINAL;
    assert_refused(lst_check(&f, &err), &err, "texts");
    f.texts[0].origin = f.texts[1].origin = ORIGIN_HUMAN;
    assert_refused(lst_check(&f, &err), &err, "texts");
    f.l.n_texts = 0;
    assert_refused(lst_check(&f, &err), &err, "texts");
}

static void listing_text_errors_name_the_entry(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    char *t300 = cyrillic(300), *t301 = cyrillic(301);
    f.texts[1].title = t300;
    assert_int_equal(lst_check(&f, &err), 0);
    f.texts[1].title = t301;
    assert_refused(lst_check(&f, &err), &err, "texts[1].title");
    f.texts[1].title = "\xe9t\xe9"; /* Latin-1, not UTF-8 */
    assert_refused(lst_check(&f, &err), &err, "texts[1].title");
    f.texts[1].title = "ok";
    f.texts[1].lang = "ru";
    assert_refused(lst_check(&f, &err), &err, "texts[1].lang"); /* a second Russian text */
    free(t300);
    free(t301);
}

static void listing_description_may_be_long_but_not_too_long(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    char *d = cyrillic(MODEL_MAX_TEXT + 1);
    f.texts[0].description = d;
    assert_refused(lst_check(&f, &err), &err, "texts[0].description");
    d[2 * MODEL_MAX_TEXT] = '\0';
    assert_int_equal(lst_check(&f, &err), 0);
    free(d);
}

static void listing_quantities_are_positive_and_finite(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    f.qty[0].amount = 0;
    assert_refused(lst_check(&f, &err), &err, "quantities[0].amount");
    f.qty[0].amount = NAN;
    assert_refused(lst_check(&f, &err), &err, "quantities[0].amount");
    f.qty[0].amount = 1.5;
    f.qty[0].unit = NULL;
    assert_refused(lst_check(&f, &err), &err, "quantities[0].unit");
}

static void listing_targets_are_countries_without_repeats(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    strcpy(f.targets[1], "cn");
    assert_refused(lst_check(&f, &err), &err, "targets[1]");
    strcpy(f.targets[1], "KZ");
    assert_refused(lst_check(&f, &err), &err, "targets[1]");
}

static void published_listing_needs_an_expiry_date(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    f.l.expires[0] = '\0';
    assert_refused(lst_check(&f, &err), &err, "expires");
    f.l.status = STATUS_DRAFT;
    assert_int_equal(lst_check(&f, &err), 0);
    strcpy(f.l.deadline, "2030-02-30");
    assert_refused(lst_check(&f, &err), &err, "deadline");
}

static void listing_needs_an_organisation_and_known_enums(void **state)
{
    (void)state;
    lst_fx f;
    hk_err err;
    lst_fx_init(&f);
    f.l.org_id = 0;
    assert_refused(lst_check(&f, &err), &err, "org_id");
    lst_fx_init(&f);
    f.l.kind = (listing_kind)KIND__COUNT;
    assert_refused(lst_check(&f, &err), &err, "kind");
    lst_fx_init(&f);
    f.l.direction = (listing_direction)-1;
    assert_refused(lst_check(&f, &err), &err, "direction");
    lst_fx_init(&f);
    f.hs[1] = "76169";
    assert_refused(lst_check(&f, &err), &err, "hs[1]");
}

/* ---- users, interests, messages, countries ---- */

static void user_email_and_name_are_required(void **state)
{
    (void)state;
    hk_err err;
    user u = {.email = "ali@ttz.uz", .display_name = "Ali Karimov", .role = ROLE_MEMBER};
    assert_int_equal(user_validate(&u, &err), 0);
    u.email = "ALI@ttz.uz";
    assert_refused(user_validate(&u, &err), &err, "email");
    u.email = "ali@ttz.uz";
    u.display_name = " ";
    assert_refused(user_validate(&u, &err), &err, "display_name");
}

static void coordinator_belongs_to_a_state_and_others_do_not(void **state)
{
    (void)state;
    hk_err err;
    user u = {.email = "min@gov.uz", .display_name = "Ministry", .role = ROLE_COORDINATOR};
    assert_refused(user_validate(&u, &err), &err, "country");
    strcpy(u.country, "UZ");
    assert_int_equal(user_validate(&u, &err), 0);
    u.role = ROLE_MEMBER;
    assert_refused(user_validate(&u, &err), &err, "country");
}

static void interest_needs_the_three_standard_answers(void **state)
{
    (void)state;
    hk_err err;
    interest i = {.listing_id = 1, .from_org_id = 2, .from_user_id = 3, .offered = "castings", .sought = "machining",
                  .why = "close by rail"};
    assert_int_equal(interest_validate(&i, &err), 0);
    i.why = NULL;
    assert_refused(interest_validate(&i, &err), &err, "why");
    i.why = "x";
    i.listing_id = 0;
    assert_refused(interest_validate(&i, &err), &err, "listing_id");
}

static void message_needs_a_body(void **state)
{
    (void)state;
    hk_err err;
    message m = {.interest_id = 1, .author_id = 2, .body = "Здравствуйте"};
    assert_int_equal(message_validate(&m, &err), 0);
    m.body = "";
    assert_refused(message_validate(&m, &err), &err, "body");
}

static void country_needs_three_names(void **state)
{
    (void)state;
    hk_err err;
    country c = {.iso2 = "UZ", .status = SCO_MEMBER, .name_en = "Uzbekistan", .name_ru = "Узбекистан",
                 .name_zh = "乌兹别克斯坦"};
    assert_int_equal(country_validate(&c, &err), 0);
    c.name_zh = NULL;
    assert_refused(country_validate(&c, &err), &err, "name_zh");
    c.name_zh = "x";
    c.status = (sco_status)9;
    assert_refused(country_validate(&c, &err), &err, "status");
}

static void freeing_a_zeroed_record_twice_is_harmless(void **state)
{
    (void)state;
    organisation o = {0};
    listing l = {0};
    organisation_free(&o);
    organisation_free(&o);
    listing_free(&l);
    listing_free(&l);
    user u = {.email = strdup("a@b.cd")};
    user_free(&u);
    assert_null(u.email);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_enum_value_has_a_name_that_parses_back),
        cmocka_unit_test(enum_names_are_the_documented_lowercase_names),
        cmocka_unit_test(language_tags_with_script_and_region_are_accepted),
        cmocka_unit_test(dates_must_exist_on_the_calendar),
        cmocka_unit_test(hs_codes_have_two_four_or_six_digits),
        cmocka_unit_test(isic_codes_have_two_to_four_digits),
        cmocka_unit_test(country_codes_are_two_upper_case_letters),
        cmocka_unit_test(emails_are_plain_lower_case_addresses),
        cmocka_unit_test(websites_are_http_or_https_addresses),
        cmocka_unit_test(text_length_counts_code_points_not_bytes),
        cmocka_unit_test(required_text_refuses_missing_empty_and_blank),
        cmocka_unit_test(text_refuses_invalid_utf8_and_control_characters),
        cmocka_unit_test(a_complete_organisation_is_valid),
        cmocka_unit_test(organisation_needs_exactly_one_primary_name),
        cmocka_unit_test(organisation_name_errors_name_the_entry),
        cmocka_unit_test(organisation_country_must_be_iso_alpha2),
        cmocka_unit_test(organisation_codes_are_checked_one_by_one),
        cmocka_unit_test(organisation_coordinates_must_be_on_the_globe),
        cmocka_unit_test(organisation_website_must_be_http),
        cmocka_unit_test(registry_id_and_scheme_come_together),
        cmocka_unit_test(registry_id_is_checked_against_its_scheme),
        cmocka_unit_test(capability_amount_and_unit_are_checked),
        cmocka_unit_test(certification_dates_are_real_and_ordered),
        cmocka_unit_test(organisation_languages_are_tags_without_repeats),
        cmocka_unit_test(lists_longer_than_the_limit_are_refused),
        cmocka_unit_test(a_complete_listing_is_valid),
        cmocka_unit_test(listing_needs_exactly_one_original_text),
        cmocka_unit_test(listing_text_errors_name_the_entry),
        cmocka_unit_test(listing_description_may_be_long_but_not_too_long),
        cmocka_unit_test(listing_quantities_are_positive_and_finite),
        cmocka_unit_test(listing_targets_are_countries_without_repeats),
        cmocka_unit_test(published_listing_needs_an_expiry_date),
        cmocka_unit_test(listing_needs_an_organisation_and_known_enums),
        cmocka_unit_test(user_email_and_name_are_required),
        cmocka_unit_test(coordinator_belongs_to_a_state_and_others_do_not),
        cmocka_unit_test(interest_needs_the_three_standard_answers),
        cmocka_unit_test(message_needs_a_body),
        cmocka_unit_test(country_needs_three_names),
        cmocka_unit_test(freeing_a_zeroed_record_twice_is_harmless),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
