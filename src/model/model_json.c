/*
 * model_json.c - the canonical JSON form of each record (jansson), read
 * by import and the HTTP API and written by export and the API.
 *
 * Writing: members in one fixed order per record (the order below), so
 * that record -> JSON -> record -> JSON is byte-identical. Optional
 * scalars are left out when unset (NULL string, "" date, 0 id or time);
 * arrays are always written, [] when empty. Times are
 * "2026-11-23T09:30:00Z" strings, dates "YYYY-MM-DD", enumerations their
 * model_enum_name. Doubles are dumped with 17 significant digits
 * (model_json_dump), which reads back bit for bit.
 *
 * Reading is strict: a member not in the record's list is refused by
 * name, a member of the wrong JSON type is refused by name, null is the
 * same as absent for optional members. The rules of validity beyond
 * shape (lengths, code formats, exactly one primary name) are
 * model_validate.c's; from_json does not call it.
 */
#include "model/model_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PATH_LEN 64

/* ---- times ---- */

#define TIME_MAX 253402300799LL /* 9999-12-31T23:59:59Z */

void model_format_time(int64_t t, char out[21])
{
    if (t < 0)
        t = 0;
    if (t > TIME_MAX)
        t = TIME_MAX;
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    /* The clamp above keeps the year to four digits; the wider buffer
     * only quiets the compiler, which cannot see that. */
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(out, buf, 20);
    out[20] = '\0';
}

static int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

int model_parse_time(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return HK_EINVAL;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!model_is_date(date))
        return HK_EINVAL;
    for (int i = 11; i < 19; i += 3)
        if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
            return HK_EINVAL;
    int hh = two(s + 11), mm = two(s + 14), ss = two(s + 17);
    if (hh > 23 || mm > 59 || ss > 59)
        return HK_EINVAL;
    struct tm tm = {0};
    tm.tm_year = atoi(date) - 1900;
    tm.tm_mon = two(s + 5) - 1;
    tm.tm_mday = two(s + 8);
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    int64_t t = (int64_t)timegm(&tm);
    if (t < 0 || t > TIME_MAX)
        return HK_EINVAL;
    *out = t;
    return 0;
}

char *model_json_dump(const json_t *j)
{
    /* ENCODE_ANY: a list or a number alone is dumped the same way (CSV
     * cells of import/export). */
    return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY);
}

/* ---- writing ---- */

/* Each setter steals nothing on failure paths that matter: a NULL value
 * makes json_object_set_new fail, which we report as out of memory. */
static int put(json_t *o, const char *key, json_t *v)
{
    return json_object_set_new(o, key, v);
}

static int put_str(json_t *o, const char *key, const char *s)
{
    return s ? put(o, key, json_string(s)) : 0;
}

static int put_id(json_t *o, const char *key, int64_t v)
{
    return v ? put(o, key, json_integer((json_int_t)v)) : 0;
}

static int put_time(json_t *o, const char *key, int64_t t)
{
    if (!t)
        return 0;
    char buf[21];
    model_format_time(t, buf);
    return put(o, key, json_string(buf));
}

static int put_enum(json_t *o, const char *key, model_enum e, int v)
{
    const char *name = model_enum_name(e, v);
    return name ? put(o, key, json_string(name)) : -1;
}

static int put_strv(json_t *o, const char *key, char **v, size_t n)
{
    json_t *a = json_array();
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (json_array_append_new(a, json_string(v[i]))) {
            json_decref(a);
            return -1;
        }
    return put(o, key, a);
}

json_t *country_to_json(const country *c)
{
    json_t *o = json_object();
    if (!o || put(o, "iso2", json_string(c->iso2)) || put_enum(o, "status", ENUM_SCO_STATUS, (int)c->status) ||
        put_str(o, "name_en", c->name_en) || put_str(o, "name_ru", c->name_ru) || put_str(o, "name_zh", c->name_zh)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A JSON list of n objects, one per elem-sized item, each filled by
 * write_one (non-zero on failure). NULL when out of memory. */
typedef int (*item_writer)(json_t *obj, const void *item);

static json_t *list_json(const void *items, size_t n, size_t elem, item_writer write_one)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *obj = json_object();
        if (!obj || write_one(obj, (const char *)items + i * elem)) {
            json_decref(obj);
            json_decref(a);
            return NULL;
        }
        if (json_array_append_new(a, obj)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static int org_name_json(json_t *n, const void *item)
{
    const org_name *nm = item;
    return put_str(n, "text", nm->text) || put_str(n, "lang", nm->lang) || put(n, "primary", json_boolean(nm->primary));
}

static int capability_json(json_t *n, const void *item)
{
    const capability *c = item;
    return put_enum(n, "kind", ENUM_CAPABILITY, (int)c->kind) || put_str(n, "text", c->text) ||
           (c->amount != 0 && put(n, "amount", json_real(c->amount))) || put_str(n, "unit", c->unit);
}

static int certification_json(json_t *n, const void *item)
{
    const certification *c = item;
    return put_str(n, "name", c->name) || put_str(n, "scope", c->scope) ||
           put_str(n, "issued", c->issued[0] ? c->issued : NULL) ||
           put_str(n, "expires", c->expires[0] ? c->expires : NULL);
}

static json_t *org_names_json(const organisation *o)
{
    return list_json(o->names, o->n_names, sizeof *o->names, org_name_json);
}

static json_t *capabilities_json(const organisation *o)
{
    return list_json(o->capabilities, o->n_capabilities, sizeof *o->capabilities, capability_json);
}

static json_t *certifications_json(const organisation *o)
{
    return list_json(o->certifications, o->n_certifications, sizeof *o->certifications, certification_json);
}

json_t *organisation_to_json(const organisation *o)
{
    json_t *j = json_object();
    if (!j || put_id(j, "id", o->id) || put(j, "names", org_names_json(o)) ||
        put_str(j, "registry_scheme", o->registry_scheme) || put_str(j, "registry_id", o->registry_id) ||
        put(j, "country", json_string(o->country)) || put_str(j, "city", o->city) ||
        (o->has_coords && (put(j, "lat", json_real(o->lat)) || put(j, "lon", json_real(o->lon)))) ||
        put_enum(j, "type", ENUM_ORG_TYPE, (int)o->type) || put_enum(j, "size", ENUM_ORG_SIZE, (int)o->size) ||
        put(j, "sme", json_boolean(o->sme)) || put_strv(j, "isic", o->isic, o->n_isic) ||
        put_strv(j, "hs", o->hs, o->n_hs) || put(j, "capabilities", capabilities_json(o)) ||
        put(j, "certifications", certifications_json(o)) ||
        put_strv(j, "languages", o->languages, o->n_languages) || put_str(j, "website", o->website) ||
        put_enum(j, "tier", ENUM_TIER, (int)o->tier) || put_time(j, "created_at", o->created_at) ||
        put_time(j, "updated_at", o->updated_at) || put_id(j, "version", o->version)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static int text_json(json_t *n, const void *item)
{
    const listing_text *t = item;
    return put_str(n, "lang", t->lang) || put_enum(n, "origin", ENUM_ORIGIN, (int)t->origin) ||
           put_str(n, "title", t->title) || put_str(n, "description", t->description);
}

static int quantity_json(json_t *n, const void *item)
{
    const quantity *q = item;
    return put_enum(n, "kind", ENUM_QUANTITY, (int)q->kind) || put(n, "amount", json_real(q->amount)) ||
           put_str(n, "unit", q->unit) || put_str(n, "period", q->period);
}

static json_t *texts_json(const listing *l)
{
    return list_json(l->texts, l->n_texts, sizeof *l->texts, text_json);
}

static json_t *quantities_json(const listing *l)
{
    return list_json(l->quantities, l->n_quantities, sizeof *l->quantities, quantity_json);
}

static json_t *targets_json(const listing *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n_targets; i++)
        if (json_array_append_new(a, json_string(l->targets[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *listing_to_json(const listing *l)
{
    json_t *j = json_object();
    if (!j || put_id(j, "id", l->id) || put_id(j, "org_id", l->org_id) ||
        put_enum(j, "direction", ENUM_DIRECTION, (int)l->direction) ||
        put_enum(j, "kind", ENUM_KIND, (int)l->kind) || put_enum(j, "status", ENUM_STATUS, (int)l->status) ||
        put(j, "texts", texts_json(l)) || put_strv(j, "hs", l->hs, l->n_hs) ||
        put_strv(j, "isic", l->isic, l->n_isic) || put(j, "quantities", quantities_json(l)) ||
        put(j, "targets", targets_json(l)) || put_str(j, "deadline", l->deadline[0] ? l->deadline : NULL) ||
        put_str(j, "expires", l->expires[0] ? l->expires : NULL) || put_time(j, "created_at", l->created_at) ||
        put_time(j, "updated_at", l->updated_at) || put_time(j, "published_at", l->published_at) ||
        put_id(j, "version", l->version)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

json_t *user_to_json(const user *u)
{
    json_t *j = json_object();
    if (!j || put_id(j, "id", u->id) || put_str(j, "email", u->email) ||
        put_str(j, "display_name", u->display_name) || put_enum(j, "role", ENUM_ROLE, (int)u->role) ||
        put_str(j, "country", u->country[0] ? u->country : NULL) || put_time(j, "created_at", u->created_at)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

json_t *interest_to_json(const interest *i)
{
    json_t *j = json_object();
    if (!j || put_id(j, "id", i->id) || put_id(j, "listing_id", i->listing_id) ||
        put_id(j, "from_org_id", i->from_org_id) || put_id(j, "from_user_id", i->from_user_id) ||
        put_str(j, "offered", i->offered) || put_str(j, "sought", i->sought) || put_str(j, "why", i->why) ||
        put_enum(j, "status", ENUM_EOI_STATUS, (int)i->status) || put_time(j, "created_at", i->created_at) ||
        put_time(j, "decided_at", i->decided_at)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

json_t *message_to_json(const message *m)
{
    json_t *j = json_object();
    if (!j || put_id(j, "id", m->id) || put_id(j, "interest_id", m->interest_id) ||
        put_id(j, "author_id", m->author_id) || put_str(j, "body", m->body) ||
        put_time(j, "created_at", m->created_at)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* ---- reading ---- */

/* path of member key inside the object at prefix ("" or "names[0]"). */
static void member_path(char out[PATH_LEN], const char *prefix, const char *key)
{
    if (prefix[0])
        snprintf(out, PATH_LEN, "%s.%s", prefix, key);
    else
        snprintf(out, PATH_LEN, "%s", key);
}

static int need_object(const json_t *j, const char *prefix, hk_err *err)
{
    if (json_is_object(j))
        return 0;
    return hk_err_set(err, HK_EINVAL, prefix[0] ? prefix : "", "%s must be a JSON object",
                      prefix[0] ? prefix : "the record");
}

/* Refuses any member of j not named in allowed (NULL-terminated). */
static int only_members(const json_t *j, const char *prefix, const char *const *allowed, hk_err *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)j, key, v) {
        bool known = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0) {
                known = true;
                break;
            }
        if (!known) {
            char path[PATH_LEN];
            member_path(path, prefix, key);
            return hk_err_set(err, HK_EINVAL, path, "%s is not a known member", path);
        }
    }
    return 0;
}

/* Looks up key; absent and null both give NULL, and a missing required
 * member is an error. */
static int member(const json_t *j, const char *prefix, const char *key, bool required, json_t **out, hk_err *err)
{
    json_t *v = json_object_get(j, key);
    if (v && json_is_null(v))
        v = NULL;
    *out = v;
    if (!v && required) {
        char path[PATH_LEN];
        member_path(path, prefix, key);
        return hk_err_set(err, HK_EINVAL, path, "%s is required", path);
    }
    return 0;
}

static int wrong_type(const char *prefix, const char *key, const char *what, hk_err *err)
{
    char path[PATH_LEN];
    member_path(path, prefix, key);
    return hk_err_set(err, HK_EINVAL, path, "%s must be %s", path, what);
}

static int get_str(const json_t *j, const char *prefix, const char *key, bool required, char **out, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_string(v))
        return wrong_type(prefix, key, "a string", err);
    *out = strndup(json_string_value(v), json_string_length(v));
    return *out ? 0 : hk_err_set(err, HK_ENOMEM, key, "out of memory");
}

/* Strings into a fixed buffer (dates, country codes): their length is
 * part of their shape, so a longer one is refused here. */
static int get_fixed(const json_t *j, const char *prefix, const char *key, bool required, char *out, size_t size,
                     bool (*ok)(const char *), const char *what, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_string(v) || json_string_length(v) >= size || !ok(json_string_value(v)))
        return wrong_type(prefix, key, what, err);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int get_enum(const json_t *j, const char *prefix, const char *key, bool required, model_enum e, int *out,
                    hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    int x = json_is_string(v) ? model_enum_parse(e, json_string_value(v)) : -1;
    if (x < 0) {
        char what[256];
        size_t n = (size_t)snprintf(what, sizeof what, "one of");
        for (int i = 0; model_enum_name(e, i) && n < sizeof what; i++)
            n += (size_t)snprintf(what + n, sizeof what - n, "%s \"%s\"", i ? "," : "", model_enum_name(e, i));
        return wrong_type(prefix, key, what, err);
    }
    *out = x;
    return 0;
}

static int get_bool(const json_t *j, const char *prefix, const char *key, bool *out, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, false, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_boolean(v))
        return wrong_type(prefix, key, "true or false", err);
    *out = json_is_true(v);
    return 0;
}

static int get_id(const json_t *j, const char *prefix, const char *key, bool keep, int64_t *out, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, false, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return wrong_type(prefix, key, "a whole number of at least 0", err);
    if (keep)
        *out = (int64_t)json_integer_value(v);
    return 0;
}

static int get_time(const json_t *j, const char *prefix, const char *key, bool keep, int64_t *out, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, false, &v, err);
    if (rc || !v)
        return rc;
    int64_t t;
    if (!json_is_string(v) || model_parse_time(json_string_value(v), &t))
        return wrong_type(prefix, key, "a UTC time written like \"2026-11-23T09:30:00Z\"", err);
    if (keep)
        *out = t;
    return 0;
}

static int get_number(const json_t *j, const char *prefix, const char *key, bool required, double *out,
                      bool *present, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, required, &v, err);
    if (present)
        *present = v != NULL;
    if (rc || !v)
        return rc;
    if (!json_is_number(v))
        return wrong_type(prefix, key, "a number", err);
    *out = json_number_value(v);
    return 0;
}

/* Fetches an array member (absent = empty) and checks its size. */
static int get_array(const json_t *j, const char *prefix, const char *key, json_t **out, size_t *n, hk_err *err)
{
    json_t *v;
    int rc = member(j, prefix, key, false, &v, err);
    *out = v;
    *n = 0;
    if (rc || !v)
        return rc;
    if (!json_is_array(v))
        return wrong_type(prefix, key, "an array", err);
    *n = json_array_size(v);
    if (*n > MODEL_MAX_LIST) {
        char path[PATH_LEN];
        member_path(path, prefix, key);
        return hk_err_set(err, HK_EINVAL, path, "%s has %zu entries; at most %d are allowed", path, *n,
                          MODEL_MAX_LIST);
    }
    return 0;
}

static int get_strv(const json_t *j, const char *prefix, const char *key, char ***out, size_t *count, hk_err *err)
{
    json_t *a;
    size_t n;
    int rc = get_array(j, prefix, key, &a, &n, err);
    if (rc || n == 0)
        return rc;
    *out = calloc(n, sizeof **out);
    if (!*out)
        return hk_err_set(err, HK_ENOMEM, key, "out of memory");
    *count = n;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v)) {
            char path[PATH_LEN];
            snprintf(path, sizeof path, "%s[%zu]", key, i);
            return hk_err_set(err, HK_EINVAL, path, "%s must be a string", path);
        }
        (*out)[i] = strndup(json_string_value(v), json_string_length(v));
        if (!(*out)[i])
            return hk_err_set(err, HK_ENOMEM, key, "out of memory");
    }
    return 0;
}

static bool date_ok(const char *s) { return model_is_date(s); }
static bool iso2_ok(const char *s) { return model_is_iso2(s); }

int country_from_json(const json_t *j, country *out, hk_err *err)
{
    static const char *const keys[] = {"iso2", "status", "name_en", "name_ru", "name_zh", NULL};
    memset(out, 0, sizeof *out);
    int st = 0;
    int rc = need_object(j, "", err);
    if (!rc)
        rc = only_members(j, "", keys, err);
    if (!rc)
        rc = get_fixed(j, "", "iso2", true, out->iso2, sizeof out->iso2, iso2_ok,
                       "two upper-case letters (ISO 3166-1 alpha-2)", err);
    if (!rc)
        rc = get_enum(j, "", "status", true, ENUM_SCO_STATUS, &st, err);
    out->status = (sco_status)st;
    if (!rc)
        rc = get_str(j, "", "name_en", true, &out->name_en, err);
    if (!rc)
        rc = get_str(j, "", "name_ru", true, &out->name_ru, err);
    if (!rc)
        rc = get_str(j, "", "name_zh", true, &out->name_zh, err);
    if (rc)
        country_free(out);
    return rc;
}

/* Reads the list member `name` of j, each element an object with only
 * the members keys, into a new zeroed array of elem-sized items (*out,
 * *n), with read_one filling each item. Absent or empty: no array. */
typedef int (*item_reader)(const json_t *e, const char *path, void *item, hk_err *err);

static int list_from(const json_t *j, const char *name, const char *const *keys, size_t elem, void **out,
                     size_t *out_n, item_reader read_one, hk_err *err)
{
    json_t *a;
    size_t n;
    int rc = get_array(j, "", name, &a, &n, err);
    if (rc || n == 0)
        return rc;
    char *items = calloc(n, elem);
    if (!items)
        return hk_err_set(err, HK_ENOMEM, name, "out of memory");
    /* Owned by the record from here, so that its _free releases what
     * a failing element leaves behind. */
    *out = items;
    *out_n = n;
    for (size_t i = 0; i < n; i++) {
        char p[PATH_LEN];
        snprintf(p, sizeof p, "%s[%zu]", name, i);
        json_t *e = json_array_get(a, i);
        if ((rc = need_object(e, p, err)) || (rc = only_members(e, p, keys, err)) ||
            (rc = read_one(e, p, items + i * elem, err)))
            return rc;
    }
    return 0;
}

static int org_name_from(const json_t *e, const char *p, void *item, hk_err *err)
{
    org_name *nm = item;
    int rc;
    if ((rc = get_str(e, p, "text", true, &nm->text, err)) || (rc = get_str(e, p, "lang", true, &nm->lang, err)) ||
        (rc = get_bool(e, p, "primary", &nm->primary, err)))
        return rc;
    return 0;
}

static int capability_from(const json_t *e, const char *p, void *item, hk_err *err)
{
    capability *c = item;
    int kind = 0, rc;
    if ((rc = get_enum(e, p, "kind", true, ENUM_CAPABILITY, &kind, err)) ||
        (rc = get_str(e, p, "text", true, &c->text, err)) ||
        (rc = get_number(e, p, "amount", false, &c->amount, NULL, err)) ||
        (rc = get_str(e, p, "unit", false, &c->unit, err)))
        return rc;
    c->kind = (capability_kind)kind;
    return 0;
}

static int certification_from(const json_t *e, const char *p, void *item, hk_err *err)
{
    certification *c = item;
    int rc;
    if ((rc = get_str(e, p, "name", true, &c->name, err)) || (rc = get_str(e, p, "scope", false, &c->scope, err)) ||
        (rc = get_fixed(e, p, "issued", false, c->issued, sizeof c->issued, date_ok, "a date YYYY-MM-DD", err)) ||
        (rc = get_fixed(e, p, "expires", false, c->expires, sizeof c->expires, date_ok, "a date YYYY-MM-DD", err)))
        return rc;
    return 0;
}

static int org_names_from(const json_t *j, organisation *o, hk_err *err)
{
    static const char *const keys[] = {"text", "lang", "primary", NULL};
    return list_from(j, "names", keys, sizeof *o->names, (void **)&o->names, &o->n_names, org_name_from, err);
}

static int capabilities_from(const json_t *j, organisation *o, hk_err *err)
{
    static const char *const keys[] = {"kind", "text", "amount", "unit", NULL};
    return list_from(j, "capabilities", keys, sizeof *o->capabilities, (void **)&o->capabilities,
                     &o->n_capabilities, capability_from, err);
}

static int certifications_from(const json_t *j, organisation *o, hk_err *err)
{
    static const char *const keys[] = {"name", "scope", "issued", "expires", NULL};
    return list_from(j, "certifications", keys, sizeof *o->certifications, (void **)&o->certifications,
                     &o->n_certifications, certification_from, err);
}

int organisation_from_json(const json_t *j, bool with_ids, organisation *out, hk_err *err)
{
    static const char *const keys[] = {
        "id", "names", "registry_scheme", "registry_id", "country", "city", "lat", "lon", "type", "size", "sme",
        "isic", "hs", "capabilities", "certifications", "languages", "website", "tier", "created_at",
        "updated_at", "version", NULL};
    memset(out, 0, sizeof *out);
    int type = 0, size = SIZE_UNKNOWN, tier = TIER_SELF_DECLARED;
    bool has_lat = false, has_lon = false;
    int rc = need_object(j, "", err);
    if (!rc)
        rc = only_members(j, "", keys, err);
    if (!rc)
        rc = get_id(j, "", "id", with_ids, &out->id, err);
    if (!rc)
        rc = org_names_from(j, out, err);
    if (!rc)
        rc = get_str(j, "", "registry_scheme", false, &out->registry_scheme, err);
    if (!rc)
        rc = get_str(j, "", "registry_id", false, &out->registry_id, err);
    if (!rc)
        rc = get_fixed(j, "", "country", true, out->country, sizeof out->country, iso2_ok,
                       "two upper-case letters (ISO 3166-1 alpha-2)", err);
    if (!rc)
        rc = get_str(j, "", "city", false, &out->city, err);
    if (!rc)
        rc = get_number(j, "", "lat", false, &out->lat, &has_lat, err);
    if (!rc)
        rc = get_number(j, "", "lon", false, &out->lon, &has_lon, err);
    if (!rc && has_lat != has_lon)
        rc = hk_err_set(err, HK_EINVAL, has_lat ? "lon" : "lat", "%s is required when %s is given",
                        has_lat ? "lon" : "lat", has_lat ? "lat" : "lon");
    out->has_coords = has_lat && has_lon;
    if (!rc)
        rc = get_enum(j, "", "type", true, ENUM_ORG_TYPE, &type, err);
    if (!rc)
        rc = get_enum(j, "", "size", false, ENUM_ORG_SIZE, &size, err);
    if (!rc)
        rc = get_bool(j, "", "sme", &out->sme, err);
    if (!rc)
        rc = get_strv(j, "", "isic", &out->isic, &out->n_isic, err);
    if (!rc)
        rc = get_strv(j, "", "hs", &out->hs, &out->n_hs, err);
    if (!rc)
        rc = capabilities_from(j, out, err);
    if (!rc)
        rc = certifications_from(j, out, err);
    if (!rc)
        rc = get_strv(j, "", "languages", &out->languages, &out->n_languages, err);
    if (!rc)
        rc = get_str(j, "", "website", false, &out->website, err);
    if (!rc)
        rc = get_enum(j, "", "tier", false, ENUM_TIER, &tier, err);
    if (!rc)
        rc = get_time(j, "", "created_at", with_ids, &out->created_at, err);
    if (!rc)
        rc = get_time(j, "", "updated_at", with_ids, &out->updated_at, err);
    if (!rc)
        rc = get_id(j, "", "version", with_ids, &out->version, err);
    out->type = (org_type)type;
    out->size = (org_size)size;
    out->tier = (verification_tier)tier;
    if (rc)
        organisation_free(out);
    return rc;
}

static int text_from(const json_t *e, const char *p, void *item, hk_err *err)
{
    listing_text *t = item;
    int origin = 0, rc;
    if ((rc = get_str(e, p, "lang", true, &t->lang, err)) ||
        (rc = get_enum(e, p, "origin", true, ENUM_ORIGIN, &origin, err)) ||
        (rc = get_str(e, p, "title", true, &t->title, err)) ||
        (rc = get_str(e, p, "description", false, &t->description, err)))
        return rc;
    t->origin = (text_origin)origin;
    return 0;
}

static int quantity_from(const json_t *e, const char *p, void *item, hk_err *err)
{
    quantity *q = item;
    int kind = 0, rc;
    if ((rc = get_enum(e, p, "kind", true, ENUM_QUANTITY, &kind, err)) ||
        (rc = get_number(e, p, "amount", true, &q->amount, NULL, err)) ||
        (rc = get_str(e, p, "unit", true, &q->unit, err)) || (rc = get_str(e, p, "period", false, &q->period, err)))
        return rc;
    q->kind = (quantity_kind)kind;
    return 0;
}

static int texts_from(const json_t *j, listing *l, hk_err *err)
{
    static const char *const keys[] = {"lang", "origin", "title", "description", NULL};
    return list_from(j, "texts", keys, sizeof *l->texts, (void **)&l->texts, &l->n_texts, text_from, err);
}

static int quantities_from(const json_t *j, listing *l, hk_err *err)
{
    static const char *const keys[] = {"kind", "amount", "unit", "period", NULL};
    return list_from(j, "quantities", keys, sizeof *l->quantities, (void **)&l->quantities, &l->n_quantities,
                     quantity_from, err);
}

static int targets_from(const json_t *j, listing *l, hk_err *err)
{
    json_t *a;
    size_t n;
    int rc = get_array(j, "", "targets", &a, &n, err);
    if (rc || n == 0)
        return rc;
    if (!(l->targets = calloc(n, sizeof *l->targets)))
        return hk_err_set(err, HK_ENOMEM, "targets", "out of memory");
    l->n_targets = n;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v) || json_string_length(v) != 2 || !model_is_iso2(json_string_value(v))) {
            char path[PATH_LEN];
            snprintf(path, sizeof path, "targets[%zu]", i);
            return hk_err_set(err, HK_EINVAL, path, "%s must be two upper-case letters (ISO 3166-1 alpha-2)", path);
        }
        memcpy(l->targets[i], json_string_value(v), 3);
    }
    return 0;
}

int listing_from_json(const json_t *j, bool with_ids, listing *out, hk_err *err)
{
    static const char *const keys[] = {
        "id", "org_id", "direction", "kind", "status", "texts", "hs", "isic", "quantities", "targets",
        "deadline", "expires", "created_at", "updated_at", "published_at", "version", NULL};
    memset(out, 0, sizeof *out);
    int direction = 0, kind = 0, status = STATUS_DRAFT;
    int rc = need_object(j, "", err);
    if (!rc)
        rc = only_members(j, "", keys, err);
    if (!rc)
        rc = get_id(j, "", "id", with_ids, &out->id, err);
    /* org_id is the author's choice, not the store's: always read. */
    if (!rc)
        rc = get_id(j, "", "org_id", true, &out->org_id, err);
    if (!rc)
        rc = get_enum(j, "", "direction", true, ENUM_DIRECTION, &direction, err);
    if (!rc)
        rc = get_enum(j, "", "kind", true, ENUM_KIND, &kind, err);
    if (!rc)
        rc = get_enum(j, "", "status", false, ENUM_STATUS, &status, err);
    if (!rc)
        rc = texts_from(j, out, err);
    if (!rc)
        rc = get_strv(j, "", "hs", &out->hs, &out->n_hs, err);
    if (!rc)
        rc = get_strv(j, "", "isic", &out->isic, &out->n_isic, err);
    if (!rc)
        rc = quantities_from(j, out, err);
    if (!rc)
        rc = targets_from(j, out, err);
    if (!rc)
        rc = get_fixed(j, "", "deadline", false, out->deadline, sizeof out->deadline, date_ok, "a date YYYY-MM-DD",
                       err);
    if (!rc)
        rc = get_fixed(j, "", "expires", false, out->expires, sizeof out->expires, date_ok, "a date YYYY-MM-DD",
                       err);
    if (!rc)
        rc = get_time(j, "", "created_at", with_ids, &out->created_at, err);
    if (!rc)
        rc = get_time(j, "", "updated_at", with_ids, &out->updated_at, err);
    if (!rc)
        rc = get_time(j, "", "published_at", with_ids, &out->published_at, err);
    if (!rc)
        rc = get_id(j, "", "version", with_ids, &out->version, err);
    out->direction = (listing_direction)direction;
    out->kind = (listing_kind)kind;
    out->status = (listing_status)status;
    if (rc)
        listing_free(out);
    return rc;
}

int interest_from_json(const json_t *j, interest *out, hk_err *err)
{
    static const char *const keys[] = {"id", "listing_id", "from_org_id", "from_user_id", "offered", "sought",
                                       "why", "status", "created_at", "decided_at", NULL};
    memset(out, 0, sizeof *out);
    int status = EOI_PENDING;
    int rc = need_object(j, "", err);
    if (!rc)
        rc = only_members(j, "", keys, err);
    /* The id and times are the store's; they are checked for shape only. */
    if (!rc)
        rc = get_id(j, "", "id", false, &out->id, err);
    if (!rc)
        rc = get_id(j, "", "listing_id", true, &out->listing_id, err);
    if (!rc)
        rc = get_id(j, "", "from_org_id", true, &out->from_org_id, err);
    if (!rc)
        rc = get_id(j, "", "from_user_id", true, &out->from_user_id, err);
    if (!rc)
        rc = get_str(j, "", "offered", true, &out->offered, err);
    if (!rc)
        rc = get_str(j, "", "sought", true, &out->sought, err);
    if (!rc)
        rc = get_str(j, "", "why", true, &out->why, err);
    if (!rc)
        rc = get_enum(j, "", "status", false, ENUM_EOI_STATUS, &status, err);
    if (!rc)
        rc = get_time(j, "", "created_at", false, &out->created_at, err);
    if (!rc)
        rc = get_time(j, "", "decided_at", false, &out->decided_at, err);
    out->status = (eoi_status)status;
    if (rc)
        interest_free(out);
    return rc;
}
