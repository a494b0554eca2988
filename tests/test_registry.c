/*
 * test_registry.c - the national registry id rules of model_registry.c:
 * for every scheme, real ids (or, for personal numbers, ids computed by
 * the published rule) are accepted, and the same id with one digit off,
 * one character short or in another spelling is refused with a message
 * that names registry_id and says what to write. Abuse case of issue 17:
 * "registry id checked" must mean the id is one the registry could have
 * issued.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/model.h"

/* Each case: scheme, id, the organisation's country. */
typedef struct reg_case {
    const char *scheme, *id, *iso2;
} reg_case;

static void accepted(const reg_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hk_err err = {0};
        int rc = model_registry_check(c[i].scheme, c[i].id, c[i].iso2, &err);
        if (rc)
            fail_msg("%s %s (%s) was refused: %s", c[i].scheme, c[i].id, c[i].iso2, err.msg);
    }
}

/* Refused naming registry_id, the message containing want. */
static void refused(const char *scheme, const char *id, const char *iso2, const char *want)
{
    hk_err err = {0};
    int rc = model_registry_check(scheme, id, iso2, &err);
    if (rc != HK_EINVAL)
        fail_msg("%s %s (%s) was accepted", scheme, id, iso2);
    assert_string_equal(err.field, "registry_id");
    if (!strstr(err.msg, want))
        fail_msg("%s %s: \"%s\" does not say \"%s\"", scheme, id, err.msg, want);
}

static void russian_inn_has_one_check_digit_for_organisations_and_two_for_persons(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"INN", "7707083893", "RU"},   /* Sberbank */
        {"INN", "7736050003", "RU"},   /* Gazprom */
        {"INN", "500100732259", "RU"}, /* a person (the FNS's published example) */
        {"INN", "123456789047", "RU"},
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("INN", "7707083894", "RU", "INN 7707083894: the check digit should be 3");
    refused("INN", "7707083883", "RU", "INN 7707083883: the check digit should be 6");
    refused("INN", "500100732258", "RU", "INN 500100732258: the check digits should be 59");
    refused("INN", "500100732269", "RU", "the check digits should be 59");
    refused("INN", "770708389", "RU", "10 digits (an organisation) or 12 (a person); this one has 9");
    refused("INN", "7707 083 893", "RU", "without spaces");
    refused("INN", "77O7083893", "RU", "without spaces or letters");
}

static void inn_means_the_registry_of_the_organisations_country(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"INN", "00203199810123", "KG"}, /* Kyrgyzstan: 14 digits, 0 for an organisation */
        {"INN", "20506198700123", "KG"}, /* ... 1 or 2 for a person */
        {"INN", "123456789", "TJ"},      /* Tajikistan: 9 digits */
        {"INN", "301234567", "UZ"},      /* Uzbekistan: the STIR */
        {"INN", "7707083893", "KZ"},     /* elsewhere: the Russian INN */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("INN", "7707083893", "KG", "a Kyrgyz INN is 14 digits; this one has 10");
    refused("INN", "30203199810123", "KG", "begins with 0 (an organisation) or with 1 or 2 (a person)");
    refused("INN", "12345678", "TJ", "a Tajik INN is 9 digits; this one has 8");
    refused("INN", "401234567", "UZ", "begins with 2 or 3");
    refused("INN", "7707083894", "KZ", "the check digit should be 3");
}

static void ogrn_is_checked_modulo_11_and_ogrnip_modulo_13(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"OGRN", "1027700132195", "RU"},     /* Sberbank */
        {"OGRN", "1027700070518", "RU"},     /* Gazprom */
        {"OGRNIP", "304500116000157", "RU"}, /* the FNS's published example */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("OGRN", "1027700132196", "RU", "OGRN 1027700132196: the check digit should be 5");
    refused("OGRN", "3027700132195", "RU", "begins with 1 or 5");
    refused("OGRN", "102770013219", "RU", "an OGRN is 13 digits; this one has 12");
    refused("OGRNIP", "304500116000158", "RU", "the check digit should be 7");
    refused("OGRNIP", "104500116000157", "RU", "an OGRNIP begins with 3");
}

static void uscc_has_a_mod_31_check_character_and_no_ambiguous_letters(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"USCC", "91350100M000100Y43", "CN"}, /* the GB 32100-2015 example */
        {"USCC", "91110000600037341L", "CN"},
        {"USCC", "91110000101623741K", "CN"}, /* Quanjude */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("USCC", "91350100M000100Y44", "CN", "USCC 91350100M000100Y44: the check character should be 3");
    refused("USCC", "91110000600037341M", "CN", "the check character should be L");
    refused("USCC", "91350100M000100Y4", "CN", "a USCC is 18 characters");
    refused("USCC", "91350100m000100y43", "CN", "capital letters");
    refused("USCC", "91350100M0001O0Y43", "CN", "other than I, O, S, V and Z");
    refused("USCC", "9135A100M000100Y43", "CN", "characters 3 to 8 of a USCC are digits");
}

static void kazakh_bin_and_iin_take_the_two_pass_check(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"BIN", "940140000385", "KZ"}, /* Halyk Bank */
        {"BIN", "990140004654", "KZ"},
        {"IIN", "950101300036", "KZ"}, /* computed by the published rule */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("BIN", "940140000386", "KZ", "BIN 940140000386: the check digit should be 5");
    refused("BIN", "94014000038", "KZ", "a BIN is 12 digits; this one has 11");
    refused("BIN", "941340000385", "KZ", "month of registration");
    refused("BIN", "940170000385", "KZ", "the fifth digit of a BIN");
    refused("IIN", "950101300037", "KZ", "the check digit should be 6");
    refused("IIN", "951301300036", "KZ", "date of birth");
}

static void kazakh_numbers_whose_check_gives_ten_twice_are_not_issued(void **state)
{
    (void)state;
    /* Find an IIN whose both passes give 10 by trying the serials of one
     * birth date: such numbers exist, and no check digit makes them valid. */
    char id[32]; /* room for any int, so snprintf never truncates */
    for (int serial = 0; serial < 10000; serial++) {
        snprintf(id, sizeof id, "9501013%04d0", serial);
        hk_err err = {0};
        int rc = model_registry_check("IIN", id, "KZ", &err);
        if (rc && strstr(err.msg, "no IIN is issued")) {
            for (char d = '1'; d <= '9'; d++) {
                id[11] = d;
                assert_int_equal(model_registry_check("IIN", id, "KZ", &err), HK_EINVAL);
            }
            return;
        }
    }
    fail_msg("no IIN of 1995-01-01 has a check that gives 10 twice");
}

static void stir_is_nine_digits_and_an_organisations_begins_with_2_or_3(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"STIR", "200123456", "UZ"},
        {"STIR", "301234567", "UZ"},
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("STIR", "30123456", "UZ", "a STIR is 9 digits; this one has 8");
    refused("STIR", "401234567", "UZ", "begins with 2 or 3, not 4");
    refused("STIR", "301 234 567", "UZ", "without spaces");
}

static void indian_cin_gstin_and_pan_have_their_forms(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"CIN", "L17110MH1973PLC019786", "IN"}, /* Reliance Industries */
        {"CIN", "L85110KA1981PLC013115", "IN"}, /* Infosys */
        {"CIN", "U72200KA2005PTC035638", "IN"},
        {"GSTIN", "27AAPFU0939F1ZV", "IN"},
        {"GSTIN", "27AAACR5055K1Z7", "IN"},     /* Reliance Industries, Maharashtra */
        {"PAN", "AAACR5055K", "IN"},
        {"PAN", "301234567", "NP"},             /* Nepal's PAN is 9 digits */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("CIN", "L17110MH1973PLC01978", "IN", "a CIN is 21 characters");
    refused("CIN", "X17110MH1973PLC019786", "IN", "begins with L (listed) or U (unlisted)");
    refused("CIN", "L1711OMH1973PLC019786", "IN", "character 6 of a CIN should be a digit");
    refused("CIN", "L17110M41973PLC019786", "IN", "character 8 of a CIN should be a capital letter");
    refused("CIN", "L17110MH0973PLC019786", "IN", "year of incorporation");
    refused("GSTIN", "27AAPFU0939F1ZW", "IN", "GSTIN 27AAPFU0939F1ZW: the check character should be V");
    refused("GSTIN", "27AAPFU0939F1XV", "IN", "character 14 of a GSTIN should be \"Z\"");
    refused("GSTIN", "27aapfu0939f1zv", "IN", "capital letters");
    refused("GSTIN", "27AAPXU0939F1ZV", "IN", "the fourth letter of a PAN");
    refused("PAN", "AAACR5055", "IN", "a PAN is 10 characters");
    refused("PAN", "AAAXR5055K", "IN", "the fourth letter of a PAN");
    refused("PAN", "AAACR5055K", "NP", "a Nepali PAN is 9 digits");
}

static void belarusian_unp_is_checked_modulo_11(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"UNP", "100320487", "BY"},
        {"UNP", "200988541", "BY"},
        {"UNP", "MA1953684", "BY"}, /* an individual's */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("UNP", "200988542", "BY", "UNP 200988542: the check digit should be 1");
    refused("UNP", "100320488", "BY", "the check digit should be 7");
    refused("UNP", "MA1953685", "BY", "the check digit should be 4");
    refused("UNP", "800988541", "BY", "begins with its region, 1 to 7");
    refused("UNP", "10032048", "BY", "a UNP is 9 digits");
    refused("UNP", "ZA1953684", "BY", "one of the letters ABCEHKM");
}

static void iranian_national_id_of_legal_persons_has_a_check_digit(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"NID", "10380284790", "IR"},
        {"NID", "not an Iranian id", "CN"}, /* NID names Iran's registry in Iran only */
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("NID", "10380284792", "IR", "NID 10380284792: the check digit should be 0");
    refused("NID", "10380284791", "IR", "the check digit should be 0");
    refused("NID", "1038028479", "IR", "is 11 digits; this one has 10");
    refused("NID", "10300000090", "IR", "digits 4 to 9");
}

static void pakistani_ntn_is_seven_digits_a_hyphen_and_a_check_digit(void **state)
{
    (void)state;
    static const reg_case ok[] = {{"NTN", "3804142-1", "PK"}, {"NTN", "0822910-4", "PK"}};
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("NTN", "38041421", "PK", "with a hyphen before its check digit: 3804142-1");
    refused("NTN", "3804142", "PK", "an NTN is 9 characters");
    refused("NTN", "3804142/1", "PK", "character 8 of an NTN should be \"-\"");
}

static void turkish_vkn_azerbaijani_voen_and_mongolian_register_numbers(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"VKN", "4540536920", "TR"},
        {"VOEN", "1400057421", "AZ"},
        {"VOEN", "1401555072", "AZ"}, /* a natural person's */
        {"RN", "2012345", "MN"},
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    refused("VKN", "4540536921", "TR", "VKN 4540536921: the check digit should be 0");
    refused("VKN", "4540536930", "TR", "the check digit should be");
    refused("VKN", "454053692", "TR", "a VKN is 10 digits");
    refused("VOEN", "1400057424", "AZ", "the last digit of a VOEN is 1 (a legal person) or 2");
    refused("RN", "201234", "MN", "a Mongolian register number is 7 digits");
}

static void unknown_schemes_keep_free_text_ids(void **state)
{
    (void)state;
    static const reg_case ok[] = {
        {"TIN", "any-thing 12/3", "AM"},
        {"CR", "1010123456", "SA"},
        {"Handelsregister", "HRB 12345", "DE"},
    };
    accepted(ok, sizeof ok / sizeof ok[0]);
    assert_false(model_registry_known("TIN", "AM"));
    assert_true(model_registry_known("INN", "TJ"));
    assert_true(model_registry_known("NID", "IR"));
    assert_false(model_registry_known("NID", "CN"));
    /* No scheme or no id: nothing to check here (model_validate.c
     * requires both or neither). */
    assert_int_equal(model_registry_check(NULL, "1", "RU", NULL), 0);
    assert_int_equal(model_registry_check("INN", NULL, "RU", NULL), 0);
}

static void a_known_scheme_in_other_case_is_refused_naming_the_scheme(void **state)
{
    (void)state;
    hk_err err;
    /* Otherwise "inn" would skip both the check digits and the search for
     * the same id under "INN". */
    assert_int_equal(model_registry_check("inn", "7707083894", "RU", &err), HK_EINVAL);
    assert_string_equal(err.field, "registry_scheme");
    assert_non_null(strstr(err.msg, "written INN"));
    assert_int_equal(model_registry_check("Uscc", "x", "CN", &err), HK_EINVAL);
    assert_string_equal(err.field, "registry_scheme");
}

static void national_schemes_name_one_countrys_registry(void **state)
{
    (void)state;
    static const char *const national[] = {"USCC", "BIN", "IIN", "STIR", "CIN", "GSTIN", "UNP", "NTN",
                                           "OGRN", "OGRNIP", "VKN", "VOEN"};
    for (size_t i = 0; i < sizeof national / sizeof national[0]; i++)
        assert_true(model_registry_national(national[i]));
    static const char *const shared[] = {"INN", "PAN", "NID", "RN", "TIN", "CR", "unknown"};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
        assert_false(model_registry_national(shared[i]));
    assert_false(model_registry_national(NULL));
}

static void every_error_fits_the_message_and_names_the_id(void **state)
{
    (void)state;
    /* A 200-character id (the field's maximum) under each scheme: the
     * message is built without overflowing and says what to write. */
    char id[201];
    memset(id, '7', 200);
    id[200] = '\0';
    static const char *const schemes[] = {"INN", "OGRN", "OGRNIP", "USCC", "BIN", "IIN", "STIR", "CIN", "GSTIN",
                                          "PAN", "UNP", "NID", "NTN", "RN", "VKN", "VOEN"};
    static const char *const countries[] = {"RU", "KG", "TJ", "UZ", "IR", "MN", "NP", "CN"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        for (size_t k = 0; k < sizeof countries / sizeof countries[0]; k++) {
            hk_err err = {0};
            int rc = model_registry_check(schemes[i], id, countries[k], &err);
            if (!model_registry_known(schemes[i], countries[k])) {
                assert_int_equal(rc, 0);
                continue;
            }
            assert_int_equal(rc, HK_EINVAL);
            assert_string_equal(err.field, "registry_id");
            assert_true(strlen(err.msg) > 10 && strlen(err.msg) < sizeof err.msg - 1);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(russian_inn_has_one_check_digit_for_organisations_and_two_for_persons),
        cmocka_unit_test(inn_means_the_registry_of_the_organisations_country),
        cmocka_unit_test(ogrn_is_checked_modulo_11_and_ogrnip_modulo_13),
        cmocka_unit_test(uscc_has_a_mod_31_check_character_and_no_ambiguous_letters),
        cmocka_unit_test(kazakh_bin_and_iin_take_the_two_pass_check),
        cmocka_unit_test(kazakh_numbers_whose_check_gives_ten_twice_are_not_issued),
        cmocka_unit_test(stir_is_nine_digits_and_an_organisations_begins_with_2_or_3),
        cmocka_unit_test(indian_cin_gstin_and_pan_have_their_forms),
        cmocka_unit_test(belarusian_unp_is_checked_modulo_11),
        cmocka_unit_test(iranian_national_id_of_legal_persons_has_a_check_digit),
        cmocka_unit_test(pakistani_ntn_is_seven_digits_a_hyphen_and_a_check_digit),
        cmocka_unit_test(turkish_vkn_azerbaijani_voen_and_mongolian_register_numbers),
        cmocka_unit_test(unknown_schemes_keep_free_text_ids),
        cmocka_unit_test(a_known_scheme_in_other_case_is_refused_naming_the_scheme),
        cmocka_unit_test(national_schemes_name_one_countrys_registry),
        cmocka_unit_test(every_error_fits_the_message_and_names_the_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
