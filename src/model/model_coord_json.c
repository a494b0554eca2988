/*
 * model_coord_json.c - JSON of the coordination records (see
 * model_coord_json.h). Readers name the member at fault with its full
 * path ("items[2].access_states[0]"); a member that is null counts as
 * absent. Strings must be valid UTF-8 (jansson guarantees it for what it
 * parsed); lengths and formats are checked by *_validate afterwards.
 */
#include "model/model_coord_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"

#define PATH 96

/* ---- writing ---- */

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v ? v : json_null()); }
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *fixed_or_null(const char *s) { return s[0] ? json_string(s) : json_null(); }
static json_t *id_or_null(int64_t v) { return v ? json_integer(v) : json_null(); }
static json_t *cenum(coord_enum e, int v) { return str_or_null(coord_enum_name(e, v)); }

static json_t *time_json(int64_t t)
{
    char buf[21];
    model_format_time(t, buf);
    return json_string(buf);
}

json_t *coord_texts_to_json(const coord_text *t, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_object();
        set(o, "lang", json_string(t[i].lang));
        set(o, "origin", str_or_null(model_enum_name(ENUM_ORIGIN, (int)t[i].origin)));
        set(o, "title", json_string(t[i].title));
        set(o, "body", str_or_null(t[i].body));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *bodies_json(const int *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, cenum(CENUM_BODY, v[i]));
    return a;
}

static json_t *states_json(char (*v)[3], size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *ids_json(const int64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

json_t *meeting_to_json(const meeting *m)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set(o, "id", json_integer(m->id));
    set(o, "type", cenum(CENUM_MEETING_TYPE, (int)m->type));
    set(o, "starts", json_string(m->starts));
    set(o, "tz", json_string(m->tz));
    set(o, "starts_at", time_json(m->starts_at));
    set(o, "minutes", json_integer(m->minutes));
    set(o, "format", cenum(CENUM_FORMAT, (int)m->format));
    set(o, "place", str_or_null(m->place));
    set(o, "chair", json_string(m->chair));
    set(o, "texts", coord_texts_to_json(m->texts, m->n_texts));
    json_t *a = json_array();
    for (size_t i = 0; a && i < m->n_parties; i++)
        json_array_append_new(a, json_pack("{s:s, s:o}", "country", m->parties[i].country, "standing",
                                           cenum(CENUM_STANDING, (int)m->parties[i].standing)));
    set(o, "parties", a);
    set(o, "bodies", bodies_json(m->bodies, m->n_bodies));
    a = json_array();
    for (size_t i = 0; a && i < m->n_delegates; i++) {
        const meeting_delegate *d = &m->delegates[i];
        json_t *e = json_object();
        set(e, "name", json_string(d->name));
        set(e, "country", fixed_or_null(d->country));
        set(e, "body", d->body >= 0 ? cenum(CENUM_BODY, d->body) : json_null());
        set(e, "position", str_or_null(d->position));
        json_array_append_new(a, e);
    }
    set(o, "delegates", a);
    a = json_array();
    for (size_t i = 0; a && i < m->n_items; i++) {
        const meeting_item *it = &m->items[i];
        json_t *e = json_object();
        set(e, "kind", cenum(CENUM_ITEM_KIND, (int)it->kind));
        set(e, "doc_type", it->kind == ITEM_DOCUMENT ? cenum(CENUM_DOC_TYPE, (int)it->doc) : json_null());
        set(e, "texts", coord_texts_to_json(it->texts, it->n_texts));
        set(e, "url", str_or_null(it->url));
        set(e, "restricted", json_boolean(it->restricted));
        set(e, "access_states", states_json(it->access_states, it->n_access_states));
        set(e, "access_bodies", bodies_json(it->access_bodies, it->n_access_bodies));
        json_array_append_new(a, e);
    }
    set(o, "items", a);
    set(o, "created_at", time_json(m->created_at));
    set(o, "updated_at", time_json(m->updated_at));
    set(o, "version", json_integer(m->version));
    return o;
}

json_t *chair_term_to_json(const chair_term *c)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set(o, "id", json_integer(c->id));
    set(o, "type", cenum(CENUM_MEETING_TYPE, (int)c->type));
    set(o, "country", json_string(c->country));
    set(o, "from", json_string(c->from));
    set(o, "to", fixed_or_null(c->to));
    return o;
}

json_t *initiative_to_json(const initiative *i)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set(o, "id", json_integer(i->id));
    set(o, "proposer", json_string(i->proposer));
    set(o, "meeting_id", id_or_null(i->meeting_id));
    set(o, "proposed_on", json_string(i->proposed_on));
    set(o, "expert_meeting_id", id_or_null(i->expert_meeting_id));
    set(o, "status", cenum(CENUM_INITIATIVE_STATUS, (int)i->status));
    set(o, "texts", coord_texts_to_json(i->texts, i->n_texts));
    json_t *a = json_array();
    for (size_t k = 0; a && k < i->n_history; k++) {
        const initiative_event *e = &i->history[k];
        json_t *h = json_object();
        set(h, "status", cenum(CENUM_INITIATIVE_STATUS, (int)e->status));
        set(h, "on", json_string(e->on));
        set(h, "actor_id", id_or_null(e->actor_id));
        set(h, "note", str_or_null(e->note));
        set(h, "recorded_at", time_json(e->at));
        json_array_append_new(a, h);
    }
    set(o, "history", a);
    set(o, "project_ids", ids_json(i->project_ids, i->n_project_ids));
    set(o, "created_at", time_json(i->created_at));
    set(o, "updated_at", time_json(i->updated_at));
    set(o, "version", json_integer(i->version));
    return o;
}

json_t *measure_to_json(const measure *m)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set(o, "id", json_integer(m->id));
    set(o, "code", json_string(m->code));
    set(o, "texts", coord_texts_to_json(m->texts, m->n_texts));
    set(o, "states", states_json(m->states, m->n_states));
    set(o, "bodies", bodies_json(m->bodies, m->n_bodies));
    set(o, "deadline", json_string(m->deadline));
    set(o, "status", cenum(CENUM_MEASURE_STATUS, (int)m->status));
    set(o, "initiatives", ids_json(m->initiatives, m->n_initiatives));
    set(o, "meetings", ids_json(m->meetings, m->n_meetings));
    set(o, "project_ids", ids_json(m->project_ids, m->n_project_ids));
    set(o, "created_at", time_json(m->created_at));
    set(o, "updated_at", time_json(m->updated_at));
    set(o, "version", json_integer(m->version));
    return o;
}

json_t *measure_note_to_json(const measure_note *n)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set(o, "id", json_integer(n->id));
    set(o, "measure_id", json_integer(n->measure_id));
    set(o, "on", json_string(n->on));
    set(o, "author_id", json_integer(n->author_id));
    set(o, "country", fixed_or_null(n->country));
    set(o, "lang", json_string(n->lang));
    set(o, "text", json_string(n->text));
    set(o, "created_at", time_json(n->created_at));
    return o;
}

/* ---- reading ---- */

static void path_of(char *out, const char *prefix, const char *key)
{
    if (prefix[0])
        snprintf(out, PATH, "%s.%s", prefix, key);
    else
        snprintf(out, PATH, "%s", key);
}

static int bad(const char *prefix, const char *key, const char *what, hk_err *err)
{
    char p[PATH];
    path_of(p, prefix, key);
    return hk_err_set(err, HK_EINVAL, p, "%s %s", p, what);
}

static int only(const json_t *o, const char *prefix, const char *const *allowed, hk_err *err)
{
    if (!json_is_object(o))
        return hk_err_set(err, HK_EINVAL, prefix[0] ? prefix : "body", "%s must be an object",
                          prefix[0] ? prefix : "the body");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(k, allowed[i]) == 0;
        if (!known)
            return bad(prefix, k, "is not a known member", err);
    }
    return 0;
}

/* The member key of o, NULL when absent or null; a required one missing
 * is an error. */
static int member(const json_t *o, const char *prefix, const char *key, bool required, json_t **v, hk_err *err)
{
    *v = json_object_get(o, key);
    if (*v && json_is_null(*v))
        *v = NULL;
    if (!*v && required)
        return bad(prefix, key, "is required", err);
    return 0;
}

static int get_str(const json_t *o, const char *prefix, const char *key, bool required, char **out, hk_err *err)
{
    json_t *v;
    int rc = member(o, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_string(v))
        return bad(prefix, key, "must be a string", err);
    if (!(*out = strdup(json_string_value(v))))
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    return 0;
}

static int get_fixed(const json_t *o, const char *prefix, const char *key, bool required, char *out, size_t size,
                     hk_err *err)
{
    json_t *v;
    out[0] = '\0';
    int rc = member(o, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_string(v))
        return bad(prefix, key, "must be a string", err);
    if (json_string_length(v) >= size)
        return bad(prefix, key, "is too long", err);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int get_cenum(const json_t *o, const char *prefix, const char *key, bool required, coord_enum e, int *out,
                     hk_err *err)
{
    json_t *v;
    int rc = member(o, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    int x = json_is_string(v) ? coord_enum_parse(e, json_string_value(v)) : -1;
    if (x < 0) {
        char what[200];
        int n = snprintf(what, sizeof what, "must be one of");
        for (int i = 0; i < coord_enum_count(e) && n > 0 && (size_t)n < sizeof what; i++)
            n += snprintf(what + n, sizeof what - (size_t)n, "%s %s", i ? "," : "", coord_enum_name(e, i));
        return bad(prefix, key, what, err);
    }
    *out = x;
    return 0;
}

static int get_int(const json_t *o, const char *prefix, const char *key, bool required, int64_t *out, hk_err *err)
{
    json_t *v;
    int rc = member(o, prefix, key, required, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return bad(prefix, key, "must be a positive whole number", err);
    *out = json_integer_value(v);
    return 0;
}

static int get_bool(const json_t *o, const char *prefix, const char *key, bool *out, hk_err *err)
{
    json_t *v;
    int rc = member(o, prefix, key, false, &v, err);
    if (rc || !v)
        return rc;
    if (!json_is_boolean(v))
        return bad(prefix, key, "must be true or false", err);
    *out = json_is_true(v);
    return 0;
}

/* An optional array member (absent = empty), at most MODEL_MAX_LIST. */
static int get_array(const json_t *o, const char *prefix, const char *key, bool required, json_t **a, size_t *n,
                     hk_err *err)
{
    int rc = member(o, prefix, key, required, a, err);
    *n = 0;
    if (rc || !*a)
        return rc;
    if (!json_is_array(*a))
        return bad(prefix, key, "must be an array", err);
    *n = json_array_size(*a);
    if (*n > MODEL_MAX_LIST) {
        char what[64];
        snprintf(what, sizeof what, "has more than %d entries", MODEL_MAX_LIST);
        return bad(prefix, key, what, err);
    }
    return 0;
}

static void elem_path(char *out, const char *prefix, const char *key, size_t i)
{
    /* Paths are short (the deepest is items[63].access_states[63]); one
     * that would not fit is cut, never overrun. */
    char p[PATH];
    path_of(p, prefix, key);
    int n = snprintf(out, PATH, "%.*s[%zu]", PATH - 24, p, i);
    (void)n;
}

static int oom(hk_err *err) { return hk_err_set(err, HK_ENOMEM, "", "out of memory"); }

static int texts_from(const json_t *o, const char *prefix, const char *key, coord_text **out, size_t *n,
                      hk_err *err)
{
    static const char *const keys[] = {"lang", "origin", "title", "body", NULL};
    json_t *a;
    size_t count;
    int rc = get_array(o, prefix, key, true, &a, &count, err);
    if (rc || !count)
        return rc;
    if (!(*out = calloc(count, sizeof **out)))
        return oom(err);
    for (size_t i = 0; i < count; i++) {
        char p[PATH];
        elem_path(p, prefix, key, i);
        json_t *e = json_array_get(a, i);
        coord_text *t = &(*out)[i];
        *n = i + 1;
        int origin = ORIGIN_ORIGINAL;
        if ((rc = only(e, p, keys, err)) || (rc = get_str(e, p, "lang", true, &t->lang, err)) ||
            (rc = get_str(e, p, "title", true, &t->title, err)) || (rc = get_str(e, p, "body", false, &t->body, err)))
            return rc;
        json_t *v;
        if ((rc = member(e, p, "origin", true, &v, err)))
            return rc;
        origin = json_is_string(v) ? model_enum_parse(ENUM_ORIGIN, json_string_value(v)) : -1;
        if (origin < 0)
            return bad(p, "origin", "must be one of original, human, machine", err);
        t->origin = (text_origin)origin;
    }
    return 0;
}

static int bodies_from(const json_t *o, const char *prefix, const char *key, int **out, size_t *n, hk_err *err)
{
    json_t *a;
    size_t count;
    int rc = get_array(o, prefix, key, false, &a, &count, err);
    if (rc || !count)
        return rc;
    if (!(*out = calloc(count, sizeof **out)))
        return oom(err);
    *n = count;
    for (size_t i = 0; i < count; i++) {
        json_t *v = json_array_get(a, i);
        int b = json_is_string(v) ? coord_enum_parse(CENUM_BODY, json_string_value(v)) : -1;
        if (b < 0) {
            char p[PATH];
            elem_path(p, prefix, key, i);
            return hk_err_set(err, HK_EINVAL, p, "%s is not a known body (secretariat, business_council, "
                                                 "interbank_association, energy_club, aiib, ndb, silk_road_fund)",
                              p);
        }
        (*out)[i] = b;
    }
    return 0;
}

static int states_from(const json_t *o, const char *prefix, const char *key, char (**out)[3], size_t *n,
                       hk_err *err)
{
    json_t *a;
    size_t count;
    int rc = get_array(o, prefix, key, false, &a, &count, err);
    if (rc || !count)
        return rc;
    if (!(*out = calloc(count, sizeof **out)))
        return oom(err);
    *n = count;
    for (size_t i = 0; i < count; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v) || json_string_length(v) != 2) {
            char p[PATH];
            elem_path(p, prefix, key, i);
            return hk_err_set(err, HK_EINVAL, p, "%s must be a country code such as UZ", p);
        }
        memcpy((*out)[i], json_string_value(v), 3);
    }
    return 0;
}

static int ids_from(const json_t *o, const char *prefix, const char *key, int64_t **out, size_t *n, hk_err *err)
{
    json_t *a;
    size_t count;
    int rc = get_array(o, prefix, key, false, &a, &count, err);
    if (rc || !count)
        return rc;
    if (!(*out = calloc(count, sizeof **out)))
        return oom(err);
    *n = count;
    for (size_t i = 0; i < count; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            char p[PATH];
            elem_path(p, prefix, key, i);
            return hk_err_set(err, HK_EINVAL, p, "%s must be a record's id", p);
        }
        (*out)[i] = json_integer_value(v);
    }
    return 0;
}

static int item_from(const json_t *e, const char *p, meeting_item *it, hk_err *err)
{
    static const char *const keys[] = {"kind",          "doc_type", "texts", "url", "restricted", "access_states",
                                       "access_bodies", NULL};
    int kind = 0, doc = DOC_NONE, rc;
    if ((rc = only(e, p, keys, err)) || (rc = get_cenum(e, p, "kind", true, CENUM_ITEM_KIND, &kind, err)) ||
        (rc = get_cenum(e, p, "doc_type", false, CENUM_DOC_TYPE, &doc, err)))
        return rc;
    it->kind = (item_kind)kind;
    it->doc = (doc_type)doc;
    if ((rc = texts_from(e, p, "texts", &it->texts, &it->n_texts, err)) ||
        (rc = get_str(e, p, "url", false, &it->url, err)) || (rc = get_bool(e, p, "restricted", &it->restricted, err)) ||
        (rc = states_from(e, p, "access_states", &it->access_states, &it->n_access_states, err)))
        return rc;
    return bodies_from(e, p, "access_bodies", &it->access_bodies, &it->n_access_bodies, err);
}

static int delegate_from(const json_t *e, const char *p, meeting_delegate *d, hk_err *err)
{
    static const char *const keys[] = {"name", "country", "body", "position", NULL};
    int body = -1, rc;
    d->body = -1;
    if ((rc = only(e, p, keys, err)) || (rc = get_str(e, p, "name", true, &d->name, err)) ||
        (rc = get_fixed(e, p, "country", false, d->country, sizeof d->country, err)) ||
        (rc = get_cenum(e, p, "body", false, CENUM_BODY, &body, err)) ||
        (rc = get_str(e, p, "position", false, &d->position, err)))
        return rc;
    d->body = body;
    return 0;
}

int meeting_from_json(const json_t *j, meeting *out, hk_err *err)
{
    static const char *const keys[] = {"id",     "type",     "starts",    "tz",         "starts_at",  "minutes",
                                       "format", "place",    "chair",     "texts",      "parties",    "bodies",
                                       "delegates", "items", "created_at", "updated_at", "version",   NULL};
    memset(out, 0, sizeof *out);
    int type = 0, format = 0, rc;
    int64_t minutes = 0;
    json_t *a;
    size_t n;
    if ((rc = only(j, "", keys, err)) || (rc = get_cenum(j, "", "type", true, CENUM_MEETING_TYPE, &type, err)) ||
        (rc = get_fixed(j, "", "starts", true, out->starts, sizeof out->starts, err)) ||
        (rc = get_fixed(j, "", "tz", true, out->tz, sizeof out->tz, err)) ||
        (rc = get_int(j, "", "minutes", true, &minutes, err)) ||
        (rc = get_cenum(j, "", "format", true, CENUM_FORMAT, &format, err)) ||
        (rc = get_str(j, "", "place", false, &out->place, err)) ||
        (rc = get_fixed(j, "", "chair", true, out->chair, sizeof out->chair, err)) ||
        (rc = texts_from(j, "", "texts", &out->texts, &out->n_texts, err)) ||
        (rc = bodies_from(j, "", "bodies", &out->bodies, &out->n_bodies, err)))
        goto fail;
    out->type = (meeting_type)type;
    out->format = (meeting_format)format;
    out->minutes = minutes > COORD_MAX_MINUTES ? COORD_MAX_MINUTES + 1 : (int)minutes;
    if ((rc = get_array(j, "", "parties", false, &a, &n, err)))
        goto fail;
    if (n && !(out->parties = calloc(n, sizeof *out->parties))) {
        rc = oom(err);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        static const char *const pk[] = {"country", "standing", NULL};
        char p[PATH];
        elem_path(p, "", "parties", i);
        json_t *e = json_array_get(a, i);
        int standing = STANDING_MEMBER;
        out->n_parties = i + 1;
        if ((rc = only(e, p, pk, err)) ||
            (rc = get_fixed(e, p, "country", true, out->parties[i].country, 3, err)) ||
            (rc = get_cenum(e, p, "standing", true, CENUM_STANDING, &standing, err)))
            goto fail;
        out->parties[i].standing = (meeting_standing)standing;
    }
    if ((rc = get_array(j, "", "delegates", false, &a, &n, err)))
        goto fail;
    if (n && !(out->delegates = calloc(n, sizeof *out->delegates))) {
        rc = oom(err);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        char p[PATH];
        elem_path(p, "", "delegates", i);
        out->n_delegates = i + 1;
        if ((rc = delegate_from(json_array_get(a, i), p, &out->delegates[i], err)))
            goto fail;
    }
    if ((rc = get_array(j, "", "items", false, &a, &n, err)))
        goto fail;
    if (n && !(out->items = calloc(n, sizeof *out->items))) {
        rc = oom(err);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        char p[PATH];
        elem_path(p, "", "items", i);
        out->n_items = i + 1;
        if ((rc = item_from(json_array_get(a, i), p, &out->items[i], err)))
            goto fail;
    }
    return 0;
fail:
    meeting_free(out);
    return rc;
}

int chair_term_from_json(const json_t *j, chair_term *out, hk_err *err)
{
    static const char *const keys[] = {"id", "type", "country", "from", "to", NULL};
    memset(out, 0, sizeof *out);
    int type = 0, rc;
    if ((rc = only(j, "", keys, err)) || (rc = get_cenum(j, "", "type", true, CENUM_MEETING_TYPE, &type, err)) ||
        (rc = get_fixed(j, "", "country", true, out->country, sizeof out->country, err)) ||
        (rc = get_fixed(j, "", "from", true, out->from, sizeof out->from, err)) ||
        (rc = get_fixed(j, "", "to", false, out->to, sizeof out->to, err)))
        return rc;
    out->type = (meeting_type)type;
    return 0;
}

int initiative_from_json(const json_t *j, initiative *out, hk_err *err)
{
    static const char *const keys[] = {"id",      "proposer",   "meeting_id", "proposed_on", "expert_meeting_id",
                                       "status",  "texts",      "history",    "measures",    "project_ids",
                                       "created_at", "updated_at", "version", NULL};
    memset(out, 0, sizeof *out);
    int rc;
    if ((rc = only(j, "", keys, err)) ||
        (rc = get_fixed(j, "", "proposer", true, out->proposer, sizeof out->proposer, err)) ||
        (rc = get_int(j, "", "meeting_id", false, &out->meeting_id, err)) ||
        (rc = get_fixed(j, "", "proposed_on", true, out->proposed_on, sizeof out->proposed_on, err)) ||
        (rc = get_int(j, "", "expert_meeting_id", false, &out->expert_meeting_id, err)) ||
        (rc = texts_from(j, "", "texts", &out->texts, &out->n_texts, err)) ||
        (rc = ids_from(j, "", "project_ids", &out->project_ids, &out->n_project_ids, err))) {
        initiative_free(out);
        return rc;
    }
    out->status = INIT_PROPOSED;
    return 0;
}

int measure_from_json(const json_t *j, measure *out, hk_err *err)
{
    static const char *const keys[] = {"id",          "code",     "texts",   "states",     "bodies",
                                       "deadline",    "status",   "overdue", "initiatives", "meetings",
                                       "project_ids", "notes",    "created_at", "updated_at", "version", NULL};
    memset(out, 0, sizeof *out);
    int status = MEASURE_NOT_STARTED, rc;
    if ((rc = only(j, "", keys, err)) || (rc = get_str(j, "", "code", true, &out->code, err)) ||
        (rc = texts_from(j, "", "texts", &out->texts, &out->n_texts, err)) ||
        (rc = states_from(j, "", "states", &out->states, &out->n_states, err)) ||
        (rc = bodies_from(j, "", "bodies", &out->bodies, &out->n_bodies, err)) ||
        (rc = get_fixed(j, "", "deadline", true, out->deadline, sizeof out->deadline, err)) ||
        (rc = get_cenum(j, "", "status", false, CENUM_MEASURE_STATUS, &status, err)) ||
        (rc = ids_from(j, "", "initiatives", &out->initiatives, &out->n_initiatives, err)) ||
        (rc = ids_from(j, "", "meetings", &out->meetings, &out->n_meetings, err)) ||
        (rc = ids_from(j, "", "project_ids", &out->project_ids, &out->n_project_ids, err))) {
        measure_free(out);
        return rc;
    }
    out->status = (measure_status)status;
    return 0;
}
