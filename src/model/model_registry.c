/*
 * model_registry.c - national registry ids checked against their scheme:
 * the written form each registry issues and, where the registry publishes
 * one, its check digits. organisation_validate (model_validate.c) calls
 * model_registry_check, so every way in (API, import, demo) applies it;
 * the store uses model_registry_national to decide which organisations
 * hold "the same" id (store_org.c).
 *
 * A check digit catches typing errors and ids made up at random; it does
 * not prove that the registry issued the id, nor that it belongs to the
 * organisation. That is what a coordinator checks before setting the tier
 * registry_checked, which the store refuses while another verified
 * organisation holds the same id.
 *
 * Each scheme has one written form (digits only, capital letters, the
 * hyphen of an NTN): two spellings of one id would hide a duplicate, so a
 * variant is refused with a message that says how to write it. Scheme
 * names are matched exactly ("INN", not "inn": a known name in other case
 * is refused); a name not in the table is a registry we do not know, and
 * its id stays free text (validated as text by model_validate.c).
 *
 * Sources for the algorithms are named above each rule. Where the issuing
 * authority publishes no check digit (Uzbekistan, Kyrgyzstan, Tajikistan,
 * Mongolia, India's CIN, Pakistan's NTN, Azerbaijan's VOEN), only the
 * format is checked.
 */
#include "model/model.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FIELD "registry_id"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_cap(char c) { return c >= 'A' && c <= 'Z'; }
static int dig(char c) { return c - '0'; }

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static bool has_lower(const char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            return true;
    return false;
}

/* The common first test of an all-digit id: "a BIN is 12 digits". what is
 * the id's name with its article ("a BIN"), n its length. */
static int need_digits(const char *id, const char *what, size_t n, hk_err *err)
{
    size_t len = strlen(id);
    if (len == n && all_digits(id, n))
        return 0;
    if (all_digits(id, len))
        return hk_err_set(err, HK_EINVAL, FIELD, "registry_id: %s is %zu digits; this one has %zu", what, n, len);
    return hk_err_set(err, HK_EINVAL, FIELD,
                      "registry_id: %s is %zu digits, written without spaces, dashes or letters", what, n);
}

/* A fixed-form id: pattern holds one class per character: '#' a digit,
 * '@' a capital letter, '*' a digit or a capital letter, '+' a digit 1-9
 * or a capital letter; any other character stands for itself. example is
 * a well-formed id of the scheme, shown in every message. */
static int need_pattern(const char *id, const char *pattern, const char *what, const char *example, hk_err *err)
{
    size_t len = strlen(id), n = strlen(pattern);
    if (len != n)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: %s is %zu characters (like %s); this one has %zu", what, n, example,
                          len);
    for (size_t i = 0; i < n; i++) {
        char c = id[i], p = pattern[i];
        bool ok;
        const char *want;
        switch (p) {
        case '#': ok = is_digit(c), want = "a digit"; break;
        case '@': ok = is_cap(c), want = "a capital letter"; break;
        case '*': ok = is_digit(c) || is_cap(c), want = "a digit or a capital letter"; break;
        case '+': ok = (c >= '1' && c <= '9') || is_cap(c), want = "a digit 1-9 or a capital letter"; break;
        default: ok = c == p, want = NULL; break;
        }
        if (!ok) {
            if (want)
                return hk_err_set(err, HK_EINVAL, FIELD,
                                  "registry_id: character %zu of %s should be %s (like %s)", i + 1, what, want,
                                  example);
            return hk_err_set(err, HK_EINVAL, FIELD,
                              "registry_id: character %zu of %s should be \"%c\" (like %s)", i + 1, what, p,
                              example);
        }
    }
    return 0;
}

static int wrong_check(const char *scheme, const char *id, const char *which, const char *should, hk_err *err)
{
    return hk_err_set(err, HK_EINVAL, FIELD, "registry_id %s %s: the check %s should be %s", scheme, id, which, should);
}

static int weighted(const char *s, const int *w, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += dig(s[i]) * w[i];
    return sum;
}

/* ---- Russia ---- */

/* INN (ИНН), Federal Tax Service order of 29.06.2012 N ММВ-7-6/435@ and
 * its appendix: 10 digits for an organisation, the 10th a check digit
 * (weights 2 4 10 3 5 9 4 6 8, sum mod 11 mod 10); 12 digits for a person
 * (including an individual entrepreneur), two check digits (weights
 * 7 2 4 10 3 5 9 4 6 8 over the first 10, then 3 7 2 4 10 3 5 9 4 6 8
 * over the first 11). As python-stdnum's ru.inn. */
static int check_ru_inn(const char *id, hk_err *err)
{
    static const int w10[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w11[10] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w12[11] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    size_t len = strlen(id);
    if (!all_digits(id, len))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an INN is 10 digits (an organisation) or 12 (a person), written without "
                          "spaces or letters");
    if (len == 10) {
        int c = weighted(id, w10, 9) % 11 % 10;
        if (dig(id[9]) != c) {
            char want[2] = {(char)('0' + c), '\0'};
            return wrong_check("INN", id, "digit", want, err);
        }
        return 0;
    }
    if (len == 12) {
        int c1 = weighted(id, w11, 10) % 11 % 10;
        char first11[11];
        memcpy(first11, id, 10);
        first11[10] = (char)('0' + c1);
        int c2 = weighted(first11, w12, 11) % 11 % 10;
        if (dig(id[10]) != c1 || dig(id[11]) != c2) {
            char want[3] = {(char)('0' + c1), (char)('0' + c2), '\0'};
            return wrong_check("INN", id, "digits", want, err);
        }
        return 0;
    }
    return hk_err_set(err, HK_EINVAL, FIELD,
                      "registry_id: an INN is 10 digits (an organisation) or 12 (a person); this one has %zu", len);
}

/* The remainder of the number written by the first n digits of s (n <= 18)
 * divided by m. */
static int number_mod(const char *s, size_t n, int m)
{
    long long r = 0;
    for (size_t i = 0; i < n; i++)
        r = (r * 10 + dig(s[i])) % m;
    return (int)r;
}

/* OGRN (ОГРН) of a legal entity, Government decree of 19.06.2002 N 438:
 * 13 digits, the first 1 or 5; the 13th is the remainder of the first 12
 * read as a number divided by 11, its last digit when it is 10. */
static int check_ru_ogrn(const char *id, hk_err *err)
{
    int rc = need_digits(id, "an OGRN", 13, err);
    if (rc)
        return rc;
    if (id[0] != '1' && id[0] != '5')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an OGRN of a legal entity begins with 1 or 5 (an individual "
                          "entrepreneur's is an OGRNIP of 15 digits beginning with 3)");
    int c = number_mod(id, 12, 11) % 10;
    if (dig(id[12]) != c) {
        char want[2] = {(char)('0' + c), '\0'};
        return wrong_check("OGRN", id, "digit", want, err);
    }
    return 0;
}

/* OGRNIP (ОГРНИП) of an individual entrepreneur, same decree: 15 digits
 * beginning with 3; the 15th is the last digit of the remainder of the
 * first 14 divided by 13. */
static int check_ru_ogrnip(const char *id, hk_err *err)
{
    int rc = need_digits(id, "an OGRNIP", 15, err);
    if (rc)
        return rc;
    if (id[0] != '3')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an OGRNIP begins with 3 (a legal entity's OGRN has 13 digits)");
    int c = number_mod(id, 14, 13) % 10;
    if (dig(id[14]) != c) {
        char want[2] = {(char)('0' + c), '\0'};
        return wrong_check("OGRNIP", id, "digit", want, err);
    }
    return 0;
}

/* ---- China ---- */

/* Unified Social Credit Code (统一社会信用代码), GB 32100-2015: 18
 * characters from the digits and the capital letters without I, O, S, V
 * and Z (31 characters, valued 0-30 in this order): registration
 * authority, entity category, six-digit administrative division code, the
 * nine-character organisation code (GB 11714), and a check character:
 * 31 - (sum of value x 3^(i-1) mod 31 over the first 17) mod 31, 31
 * giving 0. The organisation code's own GB 11714 check is not tested:
 * python-stdnum (cn.uscc) does not either, and codes issued before 2015
 * are not all consistent with it. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int check_cn_uscc(const char *id, hk_err *err)
{
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    static const char example[] = "91350100M000100Y43";
    size_t len = strlen(id);
    if (has_lower(id))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a USCC is written in capital letters (like %s)", example);
    if (len != 18)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a USCC is 18 characters (like %s); this one has %zu", example, len);
    int sum = 0;
    for (size_t i = 0; i < 18; i++) {
        const char *p = id[i] ? strchr(uscc_alphabet, id[i]) : NULL;
        if (!p)
            return hk_err_set(err, HK_EINVAL, FIELD,
                              "registry_id: character %zu of a USCC is \"%c\": a USCC uses digits and the "
                              "capital letters other than I, O, S, V and Z",
                              i + 1, id[i]);
        if (i >= 2 && i < 8 && !is_digit(id[i]))
            return hk_err_set(err, HK_EINVAL, FIELD,
                              "registry_id: characters 3 to 8 of a USCC are digits (the administrative "
                              "division code)");
        if (i < 17)
            sum += (int)(p - uscc_alphabet) * w[i];
    }
    char want[2] = {uscc_alphabet[(31 - sum % 31) % 31], '\0'};
    if (id[17] != want[0])
        return wrong_check("USCC", id, "character", want, err);
    return 0;
}

/* ---- Kazakhstan ---- */

/* The check digit of a BIN or IIN, Government decree of 11.06.2003
 * N 565 (the programme of transition to IIN/BIN): the sum of the first 11
 * digits weighted 1..11, mod 11; when that is 10, a second pass with the
 * weights 3 4 5 6 7 8 9 10 11 1 2; when that is 10 too, the number is
 * not issued. -1 for such a number. */
static int kz_check(const char *id)
{
    static const int w1[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
    int c = weighted(id, w1, 11) % 11;
    if (c == 10)
        c = weighted(id, w2, 11) % 11;
    return c == 10 ? -1 : c;
}

static int kz_check_digit(const char *scheme, const char *id, hk_err *err)
{
    int c = kz_check(id);
    if (c < 0)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id %s %s: no %s is issued with these first eleven digits (both passes of the "
                          "check give 10)",
                          scheme, id, scheme);
    if (dig(id[11]) != c) {
        char want[2] = {(char)('0' + c), '\0'};
        return wrong_check(scheme, id, "digit", want, err);
    }
    return 0;
}

/* BIN (БСН/БИН), same decree and egov.kz: 12 digits; year and month of
 * registration (YYMM), then 4 (resident legal entity), 5 (non-resident)
 * or 6 (individual entrepreneur in joint venture), an attribute digit, a
 * serial of five and the check digit. */
static int check_kz_bin(const char *id, hk_err *err)
{
    int rc = need_digits(id, "a BIN", 12, err);
    if (rc)
        return rc;
    int month = dig(id[2]) * 10 + dig(id[3]);
    if (month < 1 || month > 12)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: digits 3 and 4 of a BIN are the month of registration, 01 to 12, not %c%c",
                          id[2], id[3]);
    if (id[4] < '4' || id[4] > '6')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: the fifth digit of a BIN is 4 (resident legal entity), 5 "
                          "(non-resident) or 6 (joint individual entrepreneurship), not %c; a person's number "
                          "is an IIN",
                          id[4]);
    return kz_check_digit("BIN", id, err);
}

/* IIN (ЖСН/ИИН) of a person, same decree: 12 digits; the date of birth
 * (YYMMDD), a digit for century and sex, a serial of four and the check
 * digit. */
static int check_kz_iin(const char *id, hk_err *err)
{
    int rc = need_digits(id, "an IIN", 12, err);
    if (rc)
        return rc;
    int month = dig(id[2]) * 10 + dig(id[3]), day = dig(id[4]) * 10 + dig(id[5]);
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an IIN begins with the date of birth, YYMMDD; %.6s is not a date", id);
    return kz_check_digit("IIN", id, err);
}

/* ---- Uzbekistan, Kyrgyzstan, Tajikistan ---- */

/* STIR (СТИР; ИНН in Russian), Cabinet of Ministers resolution of
 * 11.03.1997 N 130: 9 digits; those of legal entities begin with 2 or 3.
 * No check-digit algorithm is published, so only the form is checked. */
static int check_uz_stir(const char *id, hk_err *err)
{
    int rc = need_digits(id, "a STIR", 9, err);
    if (rc)
        return rc;
    if (id[0] != '2' && id[0] != '3')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an organisation's STIR begins with 2 or 3, not %c (the numbers of "
                          "individuals begin with other digits)",
                          id[0]);
    return 0;
}

/* INN of Kyrgyzstan (Tax Code): 14 digits; 0 then the date of
 * registration for an organisation, 1 or 2 (sex) then the date of birth
 * for a person. No public check digit: the form only. */
static int check_kg_inn(const char *id, hk_err *err)
{
    int rc = need_digits(id, "a Kyrgyz INN", 14, err);
    if (rc)
        return rc;
    if (id[0] > '2')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a Kyrgyz INN begins with 0 (an organisation) or with 1 or 2 (a "
                          "person), not %c",
                          id[0]);
    return 0;
}

/* INN (РМА) of Tajikistan: 9 digits. No public check digit. */
static int check_tj_inn(const char *id, hk_err *err)
{
    return need_digits(id, "a Tajik INN", 9, err);
}

/* ---- India ---- */

/* CIN, the Corporate Identity Number of the Ministry of Corporate Affairs
 * (Companies Act 2013): 21 characters, L (listed) or U (unlisted), the
 * five-digit NIC industry code, the two-letter state code, the year of
 * incorporation, three letters for the kind of company (PLC, PTC, GOI,
 * SGC, FLC, FTC, NPL, OPC, ...) and a six-digit registration number. No
 * check character: the form only. */
static int check_in_cin(const char *id, hk_err *err)
{
    static const char example[] = "L17110MH1973PLC019786";
    if (id[0] != 'L' && id[0] != 'U')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a CIN begins with L (listed) or U (unlisted), like %s", example);
    int rc = need_pattern(id, "@#####@@####@@@######", "a CIN", example, err);
    if (rc)
        return rc;
    if (!(id[8] == '1' && id[9] >= '8') && id[8] != '2')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: characters 9 to 12 of a CIN are the year of incorporation, not %.4s "
                          "(like %s)",
                          id + 8, example);
    return 0;
}

/* The form of an Indian PAN (Income Tax Act, s. 139A): five letters, four
 * digits, a letter; the fourth letter is the holder's kind (C company,
 * P person, H HUF, F firm, A AOP, T trust, B BOI, L local authority,
 * J artificial juridical person, G government, K krish). */
static int pan_form(const char *pan, hk_err *err)
{
    static const char example[] = "AAACR5055K";
    int rc = need_pattern(pan, "@@@@@####@", "a PAN", example, err);
    if (rc)
        return rc;
    if (!strchr("CPHFATBLJGK", pan[3]))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: the fourth letter of a PAN is the holder's kind (C company, F firm, P "
                          "person, ...), not %c",
                          pan[3]);
    return 0;
}

static int check_in_pan(const char *id, hk_err *err)
{
    return pan_form(id, err);
}

/* GSTIN (Central GST Rules 2017, rule 10): the two-digit state code, the
 * holder's PAN, an entity number (1-9, A-Z), "Z", and a check character
 * computed with Luhn mod 36 over 0-9A-Z: from the left, the values
 * weighted 1 and 2 in turn, each product counted as product / 36 +
 * product % 36; the check is (36 - sum % 36) % 36. As python-stdnum's
 * in_.gstin. */
static int check_in_gstin(const char *id, hk_err *err)
{
    static const char example[] = "27AAPFU0939F1ZV";
    static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (has_lower(id))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a GSTIN is written in capital letters (like %s)", example);
    int rc = need_pattern(id, "##@@@@@####@+Z*", "a GSTIN", example, err);
    if (rc)
        return rc;
    char pan[11];
    memcpy(pan, id + 2, 10);
    pan[10] = '\0';
    if ((rc = pan_form(pan, err)))
        return rc;
    int sum = 0;
    for (size_t i = 0; i < 14; i++) {
        int p = (int)(strchr(alnum, id[i]) - alnum) * (i % 2 ? 2 : 1);
        sum += p / 36 + p % 36;
    }
    char want[2] = {alnum[(36 - sum % 36) % 36], '\0'};
    if (id[14] != want[0])
        return wrong_check("GSTIN", id, "character", want, err);
    return 0;
}

/* ---- Belarus ---- */

/* UNP (УНП), Ministry of Taxes and Duties resolution of 31.12.2003 N 127:
 * 9 characters; an organisation's are digits, the first the region (1-7);
 * an individual's begin with two letters (first A B C E H K M, second
 * A B C E H K M O P T). Check: the first eight valued 0-9 and A=10 ...
 * Z=35, the second letter replaced by its place in ABCEHKMOPT, weighted
 * 29 23 19 17 13 7 5 3, sum mod 11; 10 is never issued. As
 * python-stdnum's by.unp. */
static int check_by_unp(const char *id, hk_err *err)
{
    static const int w[8] = {29, 23, 19, 17, 13, 7, 5, 3};
    static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t len = strlen(id);
    bool letters = len == 9 && is_cap(id[0]) && is_cap(id[1]);
    if (len != 9 || !all_digits(id + 2, 7) || !(letters || all_digits(id, 2)))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a UNP is 9 digits for an organisation (like 100320487), or two capital "
                          "letters and 7 digits for an individual");
    static const char second[] = "ABCEHKMOPT";
    if (letters && (!strchr("ABCEHKM", id[0]) || !strchr(second, id[1])))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: a UNP of an individual begins with one of the letters ABCEHKM, then one of "
                          "ABCEHKMOPT");
    if (!letters && (id[0] < '1' || id[0] > '7'))
        return hk_err_set(err, HK_EINVAL, FIELD, "registry_id: a UNP begins with its region, 1 to 7, not %c", id[0]);
    int sum = 0;
    for (size_t i = 0; i < 8; i++) {
        int v = (int)(strchr(alnum, id[i]) - alnum);
        if (letters && i == 1)
            v = (int)(strchr(second, id[1]) - second);
        sum += v * w[i];
    }
    int c = sum % 11;
    if (c == 10)
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id UNP %s: no UNP is issued with these first eight characters (the check "
                          "gives 10)",
                          id);
    if (dig(id[8]) != c) {
        char want[2] = {(char)('0' + c), '\0'};
        return wrong_check("UNP", id, "digit", want, err);
    }
    return 0;
}

/* ---- Iran ---- */

/* National identifier of legal persons (شناسه ملی), the Civil
 * Registration Organisation's rules: 11 digits; digits 4-9 not all zero;
 * with d = the 10th digit + 2, the sum of (digit + d) over the first ten
 * weighted 29 27 23 19 17 29 27 23 19 17, mod 11, 10 giving 0, is the
 * 11th. As persian-tools' verifyIranianLegalId. */
static int check_ir_nid(const char *id, hk_err *err)
{
    static const int w[10] = {29, 27, 23, 19, 17, 29, 27, 23, 19, 17};
    int rc = need_digits(id, "a national id of a legal person", 11, err);
    if (rc)
        return rc;
    if (!strncmp(id + 3, "000000", 6))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: digits 4 to 9 of a national id of a legal person are not all 0");
    int d = dig(id[9]) + 2, sum = 0;
    for (size_t i = 0; i < 10; i++)
        sum += (dig(id[i]) + d) * w[i];
    int c = sum % 11 == 10 ? 0 : sum % 11;
    if (dig(id[10]) != c) {
        char want[2] = {(char)('0' + c), '\0'};
        return wrong_check("NID", id, "digit", want, err);
    }
    return 0;
}

/* ---- Pakistan, Mongolia, Türkiye, Azerbaijan, Nepal ---- */

/* NTN of the Federal Board of Revenue: seven digits, a hyphen and a check
 * digit ("3804142-1"), as FBR prints it. Its algorithm is not published:
 * the form only. */
static int check_pk_ntn(const char *id, hk_err *err)
{
    /* Eight digits are the right digits in another spelling, which would
     * hide a duplicate: say how to write them. */
    if (strlen(id) == 8 && all_digits(id, 8))
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: an NTN is written with a hyphen before its check digit: %.7s-%c", id, id[7]);
    return need_pattern(id, "#######-#", "an NTN", "3804142-1", err);
}

/* Register number (регистрын дугаар) of a Mongolian legal entity: 7
 * digits. No public check digit. */
static int check_mn_rn(const char *id, hk_err *err)
{
    return need_digits(id, "a Mongolian register number", 7, err);
}

/* VKN (Vergi Kimlik Numarası): 10 digits; for the first nine from the
 * right (i = 1..9): c = (digit + i) mod 10, and when c is not 0,
 * c x 2^i mod 9 (9 when that is 0) is added; the 10th digit is
 * (10 - sum mod 10) mod 10. As python-stdnum's tr.vkn. */
static int check_tr_vkn(const char *id, hk_err *err)
{
    int rc = need_digits(id, "a VKN", 10, err);
    if (rc)
        return rc;
    int sum = 0;
    for (int i = 1; i <= 9; i++) {
        int c = (dig(id[9 - i]) + i) % 10;
        if (c)
            sum += (c * (1 << i)) % 9 ? (c * (1 << i)) % 9 : 9;
    }
    int want = (10 - sum % 10) % 10;
    if (dig(id[9]) != want) {
        char w[2] = {(char)('0' + want), '\0'};
        return wrong_check("VKN", id, "digit", w, err);
    }
    return 0;
}

/* VOEN (VÖEN) of Azerbaijan's State Tax Service: 10 digits; the last is 1
 * for a legal person, 2 for a natural person. The ninth is a check digit
 * whose algorithm is not published: the form only (as python-stdnum's
 * az.voen). */
static int check_az_voen(const char *id, hk_err *err)
{
    int rc = need_digits(id, "a VOEN", 10, err);
    if (rc)
        return rc;
    if (id[9] != '1' && id[9] != '2')
        return hk_err_set(err, HK_EINVAL, FIELD,
                          "registry_id: the last digit of a VOEN is 1 (a legal person) or 2 (a natural person), "
                          "not %c",
                          id[9]);
    return 0;
}

/* PAN of Nepal's Inland Revenue Department: 9 digits. */
static int check_np_pan(const char *id, hk_err *err)
{
    return need_digits(id, "a Nepali PAN", 9, err);
}

/* ---- the table ---- */

typedef struct registry_rule {
    const char *scheme;       /* as written in registry_scheme */
    const char *country;      /* organisations of this country; NULL: any country without a rule of its own */
    int (*check)(const char *id, hk_err *err);
    bool national;            /* the name belongs to one country's registry */
} registry_rule;

/* Rules for the same name are looked up by the organisation's country
 * first; the entry without a country serves every other country. "INN"
 * is Russia's except in the three states whose Russian-language name for
 * their tax number is also ИНН; "PAN" is India's except in Nepal. */
static const registry_rule rules[] = {
    {"INN", "KG", check_kg_inn, false},
    {"INN", "TJ", check_tj_inn, false},
    {"INN", "UZ", check_uz_stir, false},
    {"INN", NULL, check_ru_inn, false},
    {"OGRN", NULL, check_ru_ogrn, true},
    {"OGRNIP", NULL, check_ru_ogrnip, true},
    {"USCC", NULL, check_cn_uscc, true},
    {"BIN", NULL, check_kz_bin, true},
    {"IIN", NULL, check_kz_iin, true},
    {"STIR", NULL, check_uz_stir, true},
    {"CIN", NULL, check_in_cin, true},
    {"GSTIN", NULL, check_in_gstin, true},
    {"PAN", "NP", check_np_pan, false},
    {"PAN", NULL, check_in_pan, false},
    {"UNP", NULL, check_by_unp, true},
    {"NID", "IR", check_ir_nid, false},
    {"NTN", NULL, check_pk_ntn, true},
    {"RN", "MN", check_mn_rn, false},
    {"VKN", NULL, check_tr_vkn, true},
    {"VOEN", NULL, check_az_voen, true},
};

#define N_RULES (sizeof rules / sizeof rules[0])

/* The rule for scheme (exact name) in country, or NULL. */
static const registry_rule *find_rule(const char *scheme, const char *iso2)
{
    const registry_rule *any = NULL;
    for (size_t i = 0; i < N_RULES; i++) {
        if (strcmp(rules[i].scheme, scheme))
            continue;
        if (!rules[i].country)
            any = any ? any : &rules[i];
        else if (iso2 && !strcmp(rules[i].country, iso2))
            return &rules[i];
    }
    return any;
}

int model_registry_check(const char *scheme, const char *id, const char *iso2, hk_err *err)
{
    if (!scheme || !id)
        return 0;
    const registry_rule *r = find_rule(scheme, iso2);
    if (!r) {
        /* A known name in other case would slip past its rule, and past
         * the duplicate check, which compares names exactly. */
        for (size_t i = 0; i < N_RULES; i++)
            if (!strcasecmp(rules[i].scheme, scheme) && strcmp(rules[i].scheme, scheme))
                return hk_err_set(err, HK_EINVAL, "registry_scheme", "registry_scheme is written %s, not \"%.20s\"",
                                  rules[i].scheme, scheme);
        return 0; /* a registry we have no rule for: free text */
    }
    return r->check(id, err);
}

bool model_registry_known(const char *scheme, const char *iso2)
{
    return scheme && find_rule(scheme, iso2) != NULL;
}

bool model_registry_national(const char *scheme)
{
    for (size_t i = 0; scheme && i < N_RULES; i++)
        if (!strcmp(rules[i].scheme, scheme))
            return rules[i].national;
    return false;
}
