/*
 * model_validate.c - the rules every record obeys before it is stored,
 * whichever way it came in (HTTP, import, demo). Each failure returns
 * HK_EINVAL with err->field holding the path of the offending field
 * ("texts[1].title", "hs[2]") and err->msg a sentence naming it.
 *
 * Lengths are counted in code points (what a user sees), never bytes.
 * Whether a country exists or a code is in the taxonomy is the store's
 * business: it knows them.
 */
#include "model/model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hk_utf8.h"

/* Longest path we build ("certifications[63].expires" and the like). */
#define PATH_MAX_LEN 64

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* ---- field-level checks ---- */

bool model_is_bcp47(const char *tag)
{
    /* language[-Script][-REGION], in canonical case: "ru", "zh-Hans",
     * "uz-Latn", "kk-Cyrl", "en-GB", "es-419". Canonical case is required
     * because tags are compared as keys (one "zh-Hans", not three). */
    if (!tag)
        return false;
    const char *p = tag;
    size_t n = 0;
    while (is_lower(p[n]))
        n++;
    if (n < 2 || n > 3)
        return false;
    p += n;
    if (*p == '\0')
        return true;
    if (*p++ != '-')
        return false;
    if (is_upper(p[0]) && is_lower(p[1]) && is_lower(p[2]) && is_lower(p[3]) && (p[4] == '-' || p[4] == '\0')) {
        p += 4;
        if (*p == '\0')
            return true;
        if (*p++ != '-')
            return false;
    }
    if (is_upper(p[0]) && is_upper(p[1]) && p[2] == '\0')
        return true;
    if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && p[3] == '\0')
        return true;
    return false;
}

bool model_is_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int max = dim[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

bool model_is_hs_code(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    return (n == 2 || n == 4 || n == 6) && all_digits(s, n);
}

bool model_is_isic_code(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    return n >= 2 && n <= 4 && all_digits(s, n);
}

bool model_is_iso2(const char *s)
{
    return s && is_upper(s[0]) && is_upper(s[1]) && s[2] == '\0';
}

bool model_is_email(const char *s)
{
    /* A deliberately plain subset of RFC 5321: dot-atom local part of
     * lower-case ASCII, a domain of at least two labels. Quoted local
     * parts and IP literals are refused: nobody registers with them, and
     * each is a way to smuggle odd bytes into mail headers. */
    if (!s)
        return false;
    size_t len = strlen(s);
    if (len < 5 || len > 254)
        return false;
    const char *at = strchr(s, '@');
    if (!at || strchr(at + 1, '@'))
        return false;
    size_t local = (size_t)(at - s);
    if (local < 1 || local > 64 || s[0] == '.' || s[local - 1] == '.')
        return false;
    for (size_t i = 0; i < local; i++) {
        char c = s[i];
        if (c == '.' && s[i + 1] == '.')
            return false;
        if (!(is_lower(c) || is_digit(c) || (c && strchr(".!#$%&'*+/=?^_`{|}~-", c))))
            return false;
    }
    const char *d = at + 1;
    int labels = 0;
    const char *last = d;
    while (*d) {
        const char *e = d;
        while (*e && *e != '.')
            e++;
        size_t n = (size_t)(e - d);
        if (n < 1 || n > 63 || d[0] == '-' || d[n - 1] == '-')
            return false;
        for (size_t i = 0; i < n; i++)
            if (!(is_lower(d[i]) || is_digit(d[i]) || d[i] == '-'))
                return false;
        labels++;
        last = d;
        if (*e == '\0')
            break;
        d = e + 1;
        if (*d == '\0')
            return false; /* trailing dot */
    }
    if (labels < 2)
        return false;
    /* The top-level label is letters only (or an IDN "xn--" label). */
    if (strncmp(last, "xn--", 4) != 0) {
        size_t n = 0;
        for (; last[n]; n++)
            if (!is_lower(last[n]))
                return false;
        if (n < 2)
            return false;
    }
    return true;
}

bool model_is_url(const char *s)
{
    if (!s)
        return false;
    const char *p;
    if (strncasecmp(s, "https://", 8) == 0)
        p = s + 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        p = s + 7;
    else
        return false;
    /* No whitespace or control characters anywhere: they end a URL in
     * every place we print one. */
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        if (*q <= 0x20 || *q == 0x7f)
            return false;
    /* The authority: a host of letters, digits, dots, hyphens or any
     * non-ASCII (internationalised names), or a bracketed IPv6 literal,
     * then an optional :port. User info ("user@") is refused, a classic
     * way to disguise where a link goes. */
    size_t host = 0;
    if (*p == '[') {
        const char *e = strchr(p, ']');
        if (!e || e == p + 1)
            return false;
        for (const char *q = p + 1; q < e; q++)
            if (!(isxdigit((unsigned char)*q) || *q == ':' || *q == '.'))
                return false;
        host = (size_t)(e - p) + 1;
    } else {
        while (p[host] && (isalnum((unsigned char)p[host]) || p[host] == '.' || p[host] == '-' ||
                           (unsigned char)p[host] >= 0x80))
            host++;
        if (host == 0 || p[0] == '.' || p[0] == '-')
            return false;
    }
    p += host;
    if (*p == ':') {
        p++;
        size_t n = 0;
        while (is_digit(p[n]))
            n++;
        if (n < 1 || n > 5)
            return false;
        p += n;
    }
    return *p == '\0' || *p == '/' || *p == '?' || *p == '#';
}

int model_check_text(const char *field, const char *s, size_t max, bool required, hk_err *err)
{
    bool blank = true;
    for (const char *p = s; p && *p; p++)
        if (!isspace((unsigned char)*p)) {
            blank = false;
            break;
        }
    if (blank) {
        if (required)
            return hk_err_set(err, HK_EINVAL, field, "%s is required", field);
        if (!s || !*s)
            return 0;
        return hk_err_set(err, HK_EINVAL, field, "%s must not be only spaces; leave it out instead", field);
    }
    size_t len = strlen(s);
    if (!hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, field, "%s is not valid UTF-8", field);
    /* Control characters other than tab and line breaks have no place in
     * any text a person types, and some of them corrupt terminals and CSV. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
            return hk_err_set(err, HK_EINVAL, field, "%s contains a control character (0x%02x)", field, *p);
    if (len > max) { /* fewer bytes than max cannot be more code points */
        size_t cps = hk_utf8_count(s, len);
        if (cps > max)
            return hk_err_set(err, HK_EINVAL, field, "%s is %zu characters long; at most %zu are allowed", field,
                              cps, max);
    }
    return 0;
}

/* ---- helpers for lists ---- */

static int check_list_size(const char *field, size_t n, size_t min, hk_err *err)
{
    if (n < min)
        return hk_err_set(err, HK_EINVAL, field, "%s needs at least %zu entr%s", field, min, min == 1 ? "y" : "ies");
    if (n > MODEL_MAX_LIST)
        return hk_err_set(err, HK_EINVAL, field, "%s has %zu entries; at most %d are allowed", field, n,
                          MODEL_MAX_LIST);
    return 0;
}

static int check_codes(const char *field, char **codes, size_t n, bool is_hs, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size(field, n, 0, err);
    if (rc)
        return rc;
    if (n && !codes)
        return hk_err_set(err, HK_EINVAL, field, "%s has a count but no entries", field);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu]", field, i);
        if (!(is_hs ? model_is_hs_code(codes[i]) : model_is_isic_code(codes[i])))
            return hk_err_set(err, HK_EINVAL, path, "%s must be %s, not \"%.16s\"", path,
                              is_hs ? "an HS code of 2, 4 or 6 digits" : "an ISIC code of 2 to 4 digits",
                              codes[i] ? codes[i] : "");
        for (size_t k = 0; k < i; k++)
            if (strcmp(codes[k], codes[i]) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats %s[%zu] (%s)", path, field, k, codes[i]);
    }
    return 0;
}

static int check_lang(const char *path, const char *tag, hk_err *err)
{
    if (!tag || !*tag)
        return hk_err_set(err, HK_EINVAL, path, "%s is required", path);
    if (!model_is_bcp47(tag))
        return hk_err_set(err, HK_EINVAL, path,
                          "%s must be a language tag like \"ru\", \"zh-Hans\" or \"uz-Latn\", not \"%.24s\"", path, tag);
    return 0;
}

static int check_enum(const char *field, model_enum e, int v, hk_err *err)
{
    if (!model_enum_name(e, v))
        return hk_err_set(err, HK_EINVAL, field, "%s has an unknown value (%d)", field, v);
    return 0;
}

static int check_date(const char *field, const char *s, bool required, hk_err *err)
{
    if (!s[0])
        return required ? hk_err_set(err, HK_EINVAL, field, "%s is required", field) : 0;
    if (!model_is_date(s))
        return hk_err_set(err, HK_EINVAL, field, "%s must be a real date written YYYY-MM-DD, not \"%.10s\"", field, s);
    return 0;
}

static bool fixed_terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

/* ---- records ---- */

int country_validate(const country *c, hk_err *err)
{
    int rc;
    if (!fixed_terminated(c->iso2, sizeof c->iso2) || !model_is_iso2(c->iso2))
        return hk_err_set(err, HK_EINVAL, "iso2", "iso2 must be two upper-case letters (ISO 3166-1 alpha-2)");
    if ((rc = check_enum("status", ENUM_SCO_STATUS, (int)c->status, err)))
        return rc;
    if ((rc = model_check_text("name_en", c->name_en, MODEL_MAX_NAME, true, err)) ||
        (rc = model_check_text("name_ru", c->name_ru, MODEL_MAX_NAME, true, err)) ||
        (rc = model_check_text("name_zh", c->name_zh, MODEL_MAX_NAME, true, err)))
        return rc;
    return 0;
}

static int check_coords(const organisation *o, hk_err *err)
{
    if (!o->has_coords)
        return 0;
    if (!isfinite(o->lat) || o->lat < -90.0 || o->lat > 90.0)
        return hk_err_set(err, HK_EINVAL, "lat", "lat must be between -90 and 90 degrees");
    if (!isfinite(o->lon) || o->lon < -180.0 || o->lon > 180.0)
        return hk_err_set(err, HK_EINVAL, "lon", "lon must be between -180 and 180 degrees");
    return 0;
}

static int check_org_names(const organisation *o, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("names", o->n_names, 1, err);
    if (rc)
        return rc;
    if (!o->names)
        return hk_err_set(err, HK_EINVAL, "names", "names has a count but no entries");
    size_t primaries = 0;
    for (size_t i = 0; i < o->n_names; i++) {
        snprintf(path, sizeof path, "names[%zu].text", i);
        if ((rc = model_check_text(path, o->names[i].text, MODEL_MAX_NAME, true, err)))
            return rc;
        snprintf(path, sizeof path, "names[%zu].lang", i);
        if ((rc = check_lang(path, o->names[i].lang, err)))
            return rc;
        primaries += o->names[i].primary;
    }
    if (primaries != 1)
        return hk_err_set(err, HK_EINVAL, "names", "names must have exactly one primary name (found %zu)", primaries);
    return 0;
}

static int check_capabilities(const organisation *o, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("capabilities", o->n_capabilities, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < o->n_capabilities; i++) {
        const capability *c = &o->capabilities[i];
        snprintf(path, sizeof path, "capabilities[%zu].kind", i);
        if ((rc = check_enum(path, ENUM_CAPABILITY, (int)c->kind, err)))
            return rc;
        snprintf(path, sizeof path, "capabilities[%zu].text", i);
        if ((rc = model_check_text(path, c->text, MODEL_MAX_NAME, true, err)))
            return rc;
        snprintf(path, sizeof path, "capabilities[%zu].amount", i);
        if (!isfinite(c->amount) || c->amount < 0)
            return hk_err_set(err, HK_EINVAL, path, "%s must be a positive number, or 0 when not given", path);
        snprintf(path, sizeof path, "capabilities[%zu].unit", i);
        if (c->amount > 0) {
            if ((rc = model_check_text(path, c->unit, MODEL_MAX_SHORT, true, err)))
                return rc;
        } else if (c->unit) {
            return hk_err_set(err, HK_EINVAL, path, "%s is given without an amount", path);
        }
    }
    return 0;
}

static int check_certifications(const organisation *o, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("certifications", o->n_certifications, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < o->n_certifications; i++) {
        const certification *c = &o->certifications[i];
        snprintf(path, sizeof path, "certifications[%zu].name", i);
        if ((rc = model_check_text(path, c->name, MODEL_MAX_NAME, true, err)))
            return rc;
        snprintf(path, sizeof path, "certifications[%zu].scope", i);
        if ((rc = model_check_text(path, c->scope, MODEL_MAX_TEXT, false, err)))
            return rc;
        snprintf(path, sizeof path, "certifications[%zu].issued", i);
        if (!fixed_terminated(c->issued, sizeof c->issued) || (rc = check_date(path, c->issued, false, err)))
            return rc ? rc : hk_err_set(err, HK_EINVAL, path, "%s is not terminated", path);
        snprintf(path, sizeof path, "certifications[%zu].expires", i);
        if (!fixed_terminated(c->expires, sizeof c->expires) || (rc = check_date(path, c->expires, false, err)))
            return rc ? rc : hk_err_set(err, HK_EINVAL, path, "%s is not terminated", path);
        if (c->issued[0] && c->expires[0] && strcmp(c->expires, c->issued) < 0)
            return hk_err_set(err, HK_EINVAL, path, "%s (%s) is before the issue date (%s)", path, c->expires,
                              c->issued);
    }
    return 0;
}

static int check_langs(const char *field, char **tags, size_t n, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size(field, n, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu]", field, i);
        if ((rc = check_lang(path, tags[i], err)))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(tags[k], tags[i]) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats %s[%zu] (%s)", path, field, k, tags[i]);
    }
    return 0;
}

int organisation_validate(const organisation *o, hk_err *err)
{
    int rc;
    if (o->id < 0)
        return hk_err_set(err, HK_EINVAL, "id", "id must not be negative");
    if ((rc = check_org_names(o, err)))
        return rc;
    if ((rc = model_check_text("registry_scheme", o->registry_scheme, MODEL_MAX_SHORT, false, err)) ||
        (rc = model_check_text("registry_id", o->registry_id, MODEL_MAX_SHORT, false, err)))
        return rc;
    /* A registry id means nothing without the registry it is from. */
    if (o->registry_id && !o->registry_scheme)
        return hk_err_set(err, HK_EINVAL, "registry_scheme", "registry_scheme is required when registry_id is given");
    if (o->registry_scheme && !o->registry_id)
        return hk_err_set(err, HK_EINVAL, "registry_id", "registry_id is required when registry_scheme is given");
    if (!fixed_terminated(o->country, sizeof o->country) || !model_is_iso2(o->country))
        return hk_err_set(err, HK_EINVAL, "country",
                          "country must be two upper-case letters (ISO 3166-1 alpha-2), e.g. \"UZ\"");
    /* The id's national form and check digits (model_registry.c); some
     * scheme names mean another registry in another country. */
    if ((rc = model_registry_check(o->registry_scheme, o->registry_id, o->country, err)))
        return rc;
    if ((rc = model_check_text("city", o->city, MODEL_MAX_SHORT, false, err)) || (rc = check_coords(o, err)))
        return rc;
    if ((rc = check_enum("type", ENUM_ORG_TYPE, (int)o->type, err)) ||
        (rc = check_enum("size", ENUM_ORG_SIZE, (int)o->size, err)) ||
        (rc = check_enum("tier", ENUM_TIER, (int)o->tier, err)))
        return rc;
    if ((rc = check_codes("isic", o->isic, o->n_isic, false, err)) ||
        (rc = check_codes("hs", o->hs, o->n_hs, true, err)))
        return rc;
    if ((rc = check_capabilities(o, err)) || (rc = check_certifications(o, err)) ||
        (rc = check_langs("languages", o->languages, o->n_languages, err)))
        return rc;
    if (o->website) {
        if ((rc = model_check_text("website", o->website, MODEL_MAX_URL, true, err)))
            return rc;
        if (!model_is_url(o->website))
            return hk_err_set(err, HK_EINVAL, "website", "website must be an http:// or https:// address");
    }
    if (o->version < 0 || o->created_at < 0 || o->updated_at < 0)
        return hk_err_set(err, HK_EINVAL, "version", "version and timestamps must not be negative");
    return 0;
}

int user_validate(const user *u, hk_err *err)
{
    int rc;
    if (!u->email || !*u->email)
        return hk_err_set(err, HK_EINVAL, "email", "email is required");
    if (!model_is_email(u->email))
        return hk_err_set(err, HK_EINVAL, "email",
                          "email must be a lower-case address like name@example.org");
    if ((rc = model_check_text("display_name", u->display_name, MODEL_MAX_NAME, true, err)))
        return rc;
    if (u->password_hash) {
        /* Argon2id strings from libsodium are ASCII and well under 256 bytes. */
        size_t n = strlen(u->password_hash);
        if (n == 0 || n > 255)
            return hk_err_set(err, HK_EINVAL, "password_hash", "password_hash must be 1 to 255 bytes");
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)u->password_hash[i] < 0x21 || (unsigned char)u->password_hash[i] > 0x7e)
                return hk_err_set(err, HK_EINVAL, "password_hash", "password_hash must be printable ASCII");
    }
    if ((rc = check_enum("role", ENUM_ROLE, (int)u->role, err)))
        return rc;
    if (!fixed_terminated(u->country, sizeof u->country))
        return hk_err_set(err, HK_EINVAL, "country", "country is not terminated");
    if (u->role == ROLE_COORDINATOR) {
        if (!model_is_iso2(u->country))
            return hk_err_set(err, HK_EINVAL, "country",
                              "country is required for a national coordinator (ISO 3166-1 alpha-2)");
    } else if (u->country[0]) {
        return hk_err_set(err, HK_EINVAL, "country", "country is only given for a national coordinator");
    }
    return 0;
}

static int check_texts(const listing *l, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("texts", l->n_texts, 1, err);
    if (rc)
        return rc;
    if (!l->texts)
        return hk_err_set(err, HK_EINVAL, "texts", "texts has a count but no entries");
    size_t originals = 0;
    for (size_t i = 0; i < l->n_texts; i++) {
        const listing_text *t = &l->texts[i];
        snprintf(path, sizeof path, "texts[%zu].lang", i);
        if ((rc = check_lang(path, t->lang, err)))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(l->texts[k].lang, t->lang) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats the language of texts[%zu] (%s)", path, k,
                                  t->lang);
        snprintf(path, sizeof path, "texts[%zu].origin", i);
        if ((rc = check_enum(path, ENUM_ORIGIN, (int)t->origin, err)))
            return rc;
        originals += t->origin == ORIGIN_ORIGINAL;
        snprintf(path, sizeof path, "texts[%zu].title", i);
        if ((rc = model_check_text(path, t->title, MODEL_MAX_NAME, true, err)))
            return rc;
        snprintf(path, sizeof path, "texts[%zu].description", i);
        if ((rc = model_check_text(path, t->description, MODEL_MAX_TEXT, false, err)))
            return rc;
    }
    if (originals != 1)
        return hk_err_set(err, HK_EINVAL, "texts",
                          "texts must have exactly one text whose origin is original (found %zu)", originals);
    return 0;
}

static int check_quantities(const listing *l, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("quantities", l->n_quantities, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < l->n_quantities; i++) {
        const quantity *q = &l->quantities[i];
        snprintf(path, sizeof path, "quantities[%zu].kind", i);
        if ((rc = check_enum(path, ENUM_QUANTITY, (int)q->kind, err)))
            return rc;
        snprintf(path, sizeof path, "quantities[%zu].amount", i);
        if (!isfinite(q->amount) || q->amount <= 0)
            return hk_err_set(err, HK_EINVAL, path, "%s must be a number greater than 0", path);
        snprintf(path, sizeof path, "quantities[%zu].unit", i);
        if ((rc = model_check_text(path, q->unit, MODEL_MAX_SHORT, true, err)))
            return rc;
        snprintf(path, sizeof path, "quantities[%zu].period", i);
        if ((rc = model_check_text(path, q->period, MODEL_MAX_SHORT, false, err)))
            return rc;
    }
    return 0;
}

static int check_targets(const listing *l, hk_err *err)
{
    char path[PATH_MAX_LEN];
    int rc = check_list_size("targets", l->n_targets, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < l->n_targets; i++) {
        snprintf(path, sizeof path, "targets[%zu]", i);
        if (!fixed_terminated(l->targets[i], 3) || !model_is_iso2(l->targets[i]))
            return hk_err_set(err, HK_EINVAL, path, "%s must be two upper-case letters (ISO 3166-1 alpha-2)", path);
        for (size_t k = 0; k < i; k++)
            if (strcmp(l->targets[k], l->targets[i]) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats targets[%zu] (%s)", path, k, l->targets[i]);
    }
    return 0;
}

int listing_validate(const listing *l, hk_err *err)
{
    int rc;
    if (l->id < 0)
        return hk_err_set(err, HK_EINVAL, "id", "id must not be negative");
    if (l->org_id <= 0)
        return hk_err_set(err, HK_EINVAL, "org_id", "org_id is required (the organisation posting the listing)");
    if ((rc = check_enum("direction", ENUM_DIRECTION, (int)l->direction, err)) ||
        (rc = check_enum("kind", ENUM_KIND, (int)l->kind, err)) ||
        (rc = check_enum("status", ENUM_STATUS, (int)l->status, err)))
        return rc;
    if ((rc = check_texts(l, err)) || (rc = check_codes("hs", l->hs, l->n_hs, true, err)) ||
        (rc = check_codes("isic", l->isic, l->n_isic, false, err)) || (rc = check_quantities(l, err)) ||
        (rc = check_targets(l, err)))
        return rc;
    if (!fixed_terminated(l->deadline, sizeof l->deadline) || !fixed_terminated(l->expires, sizeof l->expires))
        return hk_err_set(err, HK_EINVAL, "expires", "deadline or expires is not terminated");
    if ((rc = check_date("deadline", l->deadline, false, err)) ||
        (rc = check_date("expires", l->expires, l->status != STATUS_DRAFT, err)))
        return rc;
    if (l->version < 0 || l->created_at < 0 || l->updated_at < 0 || l->published_at < 0)
        return hk_err_set(err, HK_EINVAL, "version", "version and timestamps must not be negative");
    return 0;
}

int interest_validate(const interest *i, hk_err *err)
{
    int rc;
    if (i->listing_id <= 0)
        return hk_err_set(err, HK_EINVAL, "listing_id", "listing_id is required");
    if (i->from_org_id <= 0)
        return hk_err_set(err, HK_EINVAL, "from_org_id", "from_org_id is required");
    if (i->from_user_id <= 0)
        return hk_err_set(err, HK_EINVAL, "from_user_id", "from_user_id is required");
    if ((rc = model_check_text("offered", i->offered, MODEL_MAX_TEXT, true, err)) ||
        (rc = model_check_text("sought", i->sought, MODEL_MAX_TEXT, true, err)) ||
        (rc = model_check_text("why", i->why, MODEL_MAX_TEXT, true, err)))
        return rc;
    return check_enum("status", ENUM_EOI_STATUS, (int)i->status, err);
}

int message_validate(const message *m, hk_err *err)
{
    if (m->interest_id <= 0)
        return hk_err_set(err, HK_EINVAL, "interest_id", "interest_id is required");
    if (m->author_id <= 0)
        return hk_err_set(err, HK_EINVAL, "author_id", "author_id is required");
    return model_check_text("body", m->body, MODEL_MAX_TEXT, true, err);
}
