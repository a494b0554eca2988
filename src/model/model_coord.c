/*
 * model_coord.c - names, lifetime and validation of the coordination
 * records of model_coord.h (meetings, chairmanship, initiatives, the
 * Action Plan). Validation follows model_validate.c: each failure is
 * HK_EINVAL with err->field the path of the field ("items[2].texts[0].title")
 * and a sentence naming it; lengths are in code points.
 */
#include "model/model_coord.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_tz.h"

#define PATH_LEN 64

/* ---- names ---- */

static const char *const type_names[MEET__COUNT] = {"industry_ministers", "heads_of_government", "expert",
                                                     "economic_forum", "other"};
static const char *const format_names[FMT__COUNT] = {"in_person", "videoconference", "hybrid"};
static const char *const standing_names[STANDING__COUNT] = {"member", "observer", "guest"};
static const char *const body_names[BODY__COUNT] = {"secretariat", "business_council", "interbank_association",
                                                    "energy_club", "aiib", "ndb", "silk_road_fund"};
static const char *const item_names[ITEM__COUNT] = {"agenda", "document", "decision"};
static const char *const doc_names[DOC__COUNT] = {"none", "communique", "minutes", "report", "other"};
static const char *const init_names[INIT__COUNT] = {"proposed", "under_study", "adopted", "declined", "withdrawn"};
static const char *const measure_names[MEASURE__COUNT] = {"not_started", "in_progress", "done", "dropped"};

static const char *const *table(coord_enum e, int *n)
{
    switch (e) {
    case CENUM_MEETING_TYPE: *n = MEET__COUNT; return type_names;
    case CENUM_FORMAT: *n = FMT__COUNT; return format_names;
    case CENUM_STANDING: *n = STANDING__COUNT; return standing_names;
    case CENUM_BODY: *n = BODY__COUNT; return body_names;
    case CENUM_ITEM_KIND: *n = ITEM__COUNT; return item_names;
    case CENUM_DOC_TYPE: *n = DOC__COUNT; return doc_names;
    case CENUM_INITIATIVE_STATUS: *n = INIT__COUNT; return init_names;
    case CENUM_MEASURE_STATUS: *n = MEASURE__COUNT; return measure_names;
    }
    *n = 0;
    return NULL;
}

const char *coord_enum_name(coord_enum e, int v)
{
    int n;
    const char *const *t = table(e, &n);
    return t && v >= 0 && v < n ? t[v] : NULL;
}

int coord_enum_parse(coord_enum e, const char *name)
{
    int n;
    const char *const *t = table(e, &n);
    if (!t || !name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(t[i], name) == 0)
            return i;
    return -1;
}

int coord_enum_count(coord_enum e)
{
    int n;
    table(e, &n);
    return n;
}

/* ---- lifetime ---- */

void coord_text_free(coord_text *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        free(t[i].lang);
        free(t[i].title);
        free(t[i].body);
    }
    free(t);
}

void meeting_free(meeting *m)
{
    if (!m)
        return;
    free(m->place);
    coord_text_free(m->texts, m->n_texts);
    free(m->parties);
    free(m->bodies);
    for (size_t i = 0; m->delegates && i < m->n_delegates; i++) {
        free(m->delegates[i].name);
        free(m->delegates[i].position);
    }
    free(m->delegates);
    for (size_t i = 0; m->items && i < m->n_items; i++) {
        coord_text_free(m->items[i].texts, m->items[i].n_texts);
        free(m->items[i].url);
        free(m->items[i].access_states);
        free(m->items[i].access_bodies);
    }
    free(m->items);
    memset(m, 0, sizeof *m);
}

void initiative_free(initiative *i)
{
    if (!i)
        return;
    coord_text_free(i->texts, i->n_texts);
    for (size_t k = 0; i->history && k < i->n_history; k++)
        free(i->history[k].note);
    free(i->history);
    free(i->project_ids);
    memset(i, 0, sizeof *i);
}

void measure_free(measure *m)
{
    if (!m)
        return;
    free(m->code);
    coord_text_free(m->texts, m->n_texts);
    free(m->states);
    free(m->bodies);
    free(m->initiatives);
    free(m->meetings);
    free(m->project_ids);
    memset(m, 0, sizeof *m);
}

void measure_note_free(measure_note *n)
{
    if (!n)
        return;
    free(n->lang);
    free(n->text);
    memset(n, 0, sizeof *n);
}

/* ---- validation ---- */

static int list_size(const char *field, size_t n, const void *v, size_t min, hk_err *err)
{
    if (n < min)
        return hk_err_set(err, HK_EINVAL, field, "%s needs at least %zu entr%s", field, min, min == 1 ? "y" : "ies");
    if (n > MODEL_MAX_LIST)
        return hk_err_set(err, HK_EINVAL, field, "%s has %zu entries; at most %d are allowed", field, n,
                          MODEL_MAX_LIST);
    if (n && !v)
        return hk_err_set(err, HK_EINVAL, field, "%s has a count but no entries", field);
    return 0;
}

static int check_cenum(const char *field, coord_enum e, int v, hk_err *err)
{
    if (!coord_enum_name(e, v))
        return hk_err_set(err, HK_EINVAL, field, "%s has an unknown value (%d)", field, v);
    return 0;
}

static int check_date(const char *field, const char *s, bool required, hk_err *err)
{
    if (!memchr(s, '\0', 11))
        return hk_err_set(err, HK_EINVAL, field, "%s is not terminated", field);
    if (!s[0] && !required)
        return 0;
    if (!model_is_date(s))
        return hk_err_set(err, HK_EINVAL, field, "%s must be a date YYYY-MM-DD", field);
    return 0;
}

static int check_iso2(const char *field, const char *s, hk_err *err)
{
    if (!memchr(s, '\0', 3) || !model_is_iso2(s))
        return hk_err_set(err, HK_EINVAL, field, "%s must be two upper-case letters (ISO 3166-1 alpha-2)", field);
    return 0;
}

/* Each body of v[0..n) known and given once. */
static int check_bodies(const char *field, const int *v, size_t n, hk_err *err)
{
    char path[PATH_LEN];
    int rc = list_size(field, n, v, 0, err);
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu]", field, i);
        if ((rc = check_cenum(path, CENUM_BODY, v[i], err)))
            break;
        for (size_t k = 0; k < i; k++)
            if (v[k] == v[i])
                return hk_err_set(err, HK_EINVAL, path, "%s repeats %s[%zu] (%s)", path, field, k,
                                  coord_enum_name(CENUM_BODY, v[i]));
    }
    return rc;
}

/* Each state of v[0..n) well formed and given once. */
static int check_states(const char *field, char (*v)[3], size_t n, size_t min, hk_err *err)
{
    char path[PATH_LEN];
    int rc = list_size(field, n, v, min, err);
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu]", field, i);
        if ((rc = check_iso2(path, v[i], err)))
            break;
        for (size_t k = 0; k < i; k++)
            if (strcmp(v[k], v[i]) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats %s[%zu] (%s)", path, field, k, v[i]);
    }
    return rc;
}

/* Positive ids, each once. */
static int check_ids(const char *field, const int64_t *v, size_t n, hk_err *err)
{
    char path[PATH_LEN];
    int rc = list_size(field, n, v, 0, err);
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu]", field, i);
        if (v[i] <= 0)
            return hk_err_set(err, HK_EINVAL, path, "%s must be a positive id", path);
        for (size_t k = 0; k < i; k++)
            if (v[k] == v[i])
                return hk_err_set(err, HK_EINVAL, path, "%s repeats %s[%zu]", path, field, k);
    }
    return rc;
}

int coord_texts_validate(const char *field, const coord_text *t, size_t n, hk_err *err)
{
    char path[PATH_LEN];
    int rc = list_size(field, n, t, 1, err);
    if (rc)
        return rc;
    size_t originals = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s[%zu].lang", field, i);
        if (!model_is_bcp47(t[i].lang))
            return hk_err_set(err, HK_EINVAL, path, "%s must be a BCP 47 language tag such as ru, zh-Hans or uz-Latn",
                              path);
        for (size_t k = 0; k < i; k++)
            if (strcmp(t[k].lang, t[i].lang) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats the language of %s[%zu] (%s)", path, field, k,
                                  t[i].lang);
        snprintf(path, sizeof path, "%s[%zu].origin", field, i);
        if (!model_enum_name(ENUM_ORIGIN, (int)t[i].origin))
            return hk_err_set(err, HK_EINVAL, path, "%s has an unknown value", path);
        originals += t[i].origin == ORIGIN_ORIGINAL;
        snprintf(path, sizeof path, "%s[%zu].title", field, i);
        if ((rc = model_check_text(path, t[i].title, MODEL_MAX_NAME, true, err)))
            return rc;
        snprintf(path, sizeof path, "%s[%zu].body", field, i);
        if ((rc = model_check_text(path, t[i].body, MODEL_MAX_TEXT, false, err)))
            return rc;
    }
    if (originals != 1)
        return hk_err_set(err, HK_EINVAL, field, "%s must have exactly one text whose origin is original (found %zu)",
                          field, originals);
    return 0;
}

static int check_delegate(const meeting_delegate *d, size_t i, hk_err *err)
{
    char path[PATH_LEN];
    int rc;
    snprintf(path, sizeof path, "delegates[%zu].name", i);
    if ((rc = model_check_text(path, d->name, MODEL_MAX_NAME, true, err)))
        return rc;
    snprintf(path, sizeof path, "delegates[%zu].position", i);
    if ((rc = model_check_text(path, d->position, MODEL_MAX_NAME, false, err)))
        return rc;
    bool has_state = memchr(d->country, '\0', 3) && d->country[0];
    snprintf(path, sizeof path, "delegates[%zu].country", i);
    if (has_state == (d->body >= 0))
        return hk_err_set(err, HK_EINVAL, path, "%s: a delegate represents either a state or a body (exactly one)",
                          path);
    if (has_state)
        return check_iso2(path, d->country, err);
    snprintf(path, sizeof path, "delegates[%zu].body", i);
    return check_cenum(path, CENUM_BODY, d->body, err);
}

static int check_item(const meeting_item *it, size_t i, hk_err *err)
{
    char path[PATH_LEN];
    int rc;
    snprintf(path, sizeof path, "items[%zu].kind", i);
    if ((rc = check_cenum(path, CENUM_ITEM_KIND, (int)it->kind, err)))
        return rc;
    snprintf(path, sizeof path, "items[%zu].doc_type", i);
    if ((rc = check_cenum(path, CENUM_DOC_TYPE, (int)it->doc, err)))
        return rc;
    if ((it->kind == ITEM_DOCUMENT) != (it->doc != DOC_NONE))
        return hk_err_set(err, HK_EINVAL, path, "%s is given for documents (communique, minutes, report, other) only",
                          path);
    snprintf(path, sizeof path, "items[%zu].texts", i);
    if ((rc = coord_texts_validate(path, it->texts, it->n_texts, err)))
        return rc;
    snprintf(path, sizeof path, "items[%zu].url", i);
    if (it->url && !model_is_url(it->url))
        return hk_err_set(err, HK_EINVAL, path, "%s must be an http(s) URL", path);
    if ((rc = model_check_text(path, it->url, MODEL_MAX_URL, false, err)))
        return rc;
    snprintf(path, sizeof path, "items[%zu].restricted", i);
    if (it->restricted && it->kind != ITEM_DOCUMENT)
        return hk_err_set(err, HK_EINVAL, path, "%s: only documents can be restricted", path);
    if (!it->restricted && (it->n_access_states || it->n_access_bodies))
        return hk_err_set(err, HK_EINVAL, path, "%s: states and bodies with access are given for restricted documents only",
                          path);
    snprintf(path, sizeof path, "items[%zu].access_states", i);
    if ((rc = check_states(path, it->access_states, it->n_access_states, 0, err)))
        return rc;
    snprintf(path, sizeof path, "items[%zu].access_bodies", i);
    return check_bodies(path, it->access_bodies, it->n_access_bodies, err);
}

int meeting_validate(const meeting *m, hk_err *err)
{
    char path[PATH_LEN];
    int rc;
    if ((rc = check_cenum("type", CENUM_MEETING_TYPE, (int)m->type, err)) ||
        (rc = check_cenum("format", CENUM_FORMAT, (int)m->format, err)))
        return rc;
    if (!memchr(m->starts, '\0', sizeof m->starts) || !hk_tz_is_local(m->starts))
        return hk_err_set(err, HK_EINVAL, "starts", "starts must be a local date and time YYYY-MM-DDTHH:MM");
    if (!memchr(m->tz, '\0', sizeof m->tz) || !hk_tz_known(m->tz))
        return hk_err_set(err, HK_EINVAL, "tz", "tz must be an IANA time zone name such as Asia/Dushanbe");
    if (m->minutes < 1 || m->minutes > COORD_MAX_MINUTES)
        return hk_err_set(err, HK_EINVAL, "minutes", "minutes must be between 1 and %d", COORD_MAX_MINUTES);
    if ((rc = model_check_text("place", m->place, MODEL_MAX_SHORT, m->format != FMT_VIDEOCONFERENCE, err)))
        return rc;
    if ((rc = check_iso2("chair", m->chair, err)) || (rc = coord_texts_validate("texts", m->texts, m->n_texts, err)))
        return rc;
    if ((rc = list_size("parties", m->n_parties, m->parties, 0, err)))
        return rc;
    bool chair_there = false;
    for (size_t i = 0; i < m->n_parties; i++) {
        snprintf(path, sizeof path, "parties[%zu].country", i);
        if ((rc = check_iso2(path, m->parties[i].country, err)))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(m->parties[k].country, m->parties[i].country) == 0)
                return hk_err_set(err, HK_EINVAL, path, "%s repeats parties[%zu] (%s)", path, k,
                                  m->parties[i].country);
        snprintf(path, sizeof path, "parties[%zu].standing", i);
        if ((rc = check_cenum(path, CENUM_STANDING, (int)m->parties[i].standing, err)))
            return rc;
        chair_there |= strcmp(m->parties[i].country, m->chair) == 0;
    }
    if (m->n_parties && !chair_there)
        return hk_err_set(err, HK_EINVAL, "chair", "chair: the chairing state %s is not among the parties", m->chair);
    if ((rc = check_bodies("bodies", m->bodies, m->n_bodies, err)) ||
        (rc = list_size("delegates", m->n_delegates, m->delegates, 0, err)) ||
        (rc = list_size("items", m->n_items, m->items, 0, err)))
        return rc;
    for (size_t i = 0; i < m->n_delegates; i++)
        if ((rc = check_delegate(&m->delegates[i], i, err)))
            return rc;
    for (size_t i = 0; i < m->n_items; i++)
        if ((rc = check_item(&m->items[i], i, err)))
            return rc;
    return 0;
}

int chair_term_validate(const chair_term *c, hk_err *err)
{
    int rc;
    if ((rc = check_cenum("type", CENUM_MEETING_TYPE, (int)c->type, err)) ||
        (rc = check_iso2("country", c->country, err)) || (rc = check_date("from", c->from, true, err)) ||
        (rc = check_date("to", c->to, false, err)))
        return rc;
    if (c->to[0] && strcmp(c->to, c->from) < 0)
        return hk_err_set(err, HK_EINVAL, "to", "to (%s) is before from (%s)", c->to, c->from);
    return 0;
}

int initiative_validate(const initiative *i, hk_err *err)
{
    int rc;
    if ((rc = check_iso2("proposer", i->proposer, err)) || (rc = check_date("proposed_on", i->proposed_on, true, err)))
        return rc;
    if (i->meeting_id < 0)
        return hk_err_set(err, HK_EINVAL, "meeting_id", "meeting_id must be a meeting's id");
    if (i->expert_meeting_id < 0)
        return hk_err_set(err, HK_EINVAL, "expert_meeting_id", "expert_meeting_id must be a meeting's id");
    if ((rc = check_cenum("status", CENUM_INITIATIVE_STATUS, (int)i->status, err)) ||
        (rc = check_ids("project_ids", i->project_ids, i->n_project_ids, err)))
        return rc;
    return coord_texts_validate("texts", i->texts, i->n_texts, err);
}

static bool code_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-';
}

int measure_validate(const measure *m, hk_err *err)
{
    int rc;
    size_t n = m->code ? strlen(m->code) : 0;
    if (n == 0 || n > COORD_MAX_CODE)
        return hk_err_set(err, HK_EINVAL, "code", "code is required: the measure's number in the plan, such as 2.4 "
                                                  "(at most %d letters, digits, dots or hyphens)",
                          COORD_MAX_CODE);
    for (size_t i = 0; i < n; i++)
        if (!code_char(m->code[i]))
            return hk_err_set(err, HK_EINVAL, "code", "code may hold letters, digits, dots and hyphens only");
    if ((rc = coord_texts_validate("texts", m->texts, m->n_texts, err)) ||
        (rc = check_states("states", m->states, m->n_states, 0, err)) ||
        (rc = check_bodies("bodies", m->bodies, m->n_bodies, err)))
        return rc;
    if (m->n_states + m->n_bodies == 0)
        return hk_err_set(err, HK_EINVAL, "states", "states: a measure needs at least one responsible state or body");
    if ((rc = check_date("deadline", m->deadline, true, err)) ||
        (rc = check_cenum("status", CENUM_MEASURE_STATUS, (int)m->status, err)) ||
        (rc = check_ids("initiatives", m->initiatives, m->n_initiatives, err)))
        return rc;
    if ((rc = check_ids("meetings", m->meetings, m->n_meetings, err)))
        return rc;
    return check_ids("project_ids", m->project_ids, m->n_project_ids, err);
}

int measure_note_validate(const measure_note *n, hk_err *err)
{
    int rc;
    if (n->measure_id <= 0)
        return hk_err_set(err, HK_EINVAL, "measure_id", "measure_id is required");
    if (n->author_id <= 0)
        return hk_err_set(err, HK_EINVAL, "author_id", "author_id is required");
    if ((rc = check_date("on", n->on, true, err)))
        return rc;
    if (!memchr(n->country, '\0', 3) || (n->country[0] && !model_is_iso2(n->country)))
        return hk_err_set(err, HK_EINVAL, "country", "country must be two upper-case letters or empty");
    if (!model_is_bcp47(n->lang))
        return hk_err_set(err, HK_EINVAL, "lang", "lang must be a BCP 47 language tag such as ru or zh-Hans");
    return model_check_text("text", n->text, MODEL_MAX_TEXT, true, err);
}

bool measure_overdue(const measure *m, const char *today)
{
    return (m->status == MEASURE_NOT_STARTED || m->status == MEASURE_IN_PROGRESS) && today &&
           strcmp(m->deadline, today) < 0;
}

bool initiative_can_move(initiative_status from, initiative_status to)
{
    if (from == to)
        return false;
    switch (from) {
    case INIT_PROPOSED: return to == INIT_UNDER_STUDY || to == INIT_ADOPTED || to == INIT_DECLINED ||
                               to == INIT_WITHDRAWN;
    case INIT_UNDER_STUDY: return to == INIT_ADOPTED || to == INIT_DECLINED || to == INIT_WITHDRAWN;
    default: return false;
    }
}
