/*
 * store_meeting.c - meetings of the coordination mechanism and the
 * chairmanship of each kind of meeting (BRIEF 4.8, store_coord.h).
 *
 * A meeting is one row plus ordered child rows (texts, participating
 * states, bodies, delegates, and items: agenda items, documents and
 * decisions, each with its own texts and, for a restricted document, the
 * states and bodies that may read it). An update replaces the children
 * whole, as listings do. The local start and its IANA zone are kept as
 * announced; starts_at, the UTC instant they give, is computed here on
 * every write so that it can never disagree with them.
 *
 * Chairmanship terms of one kind of meeting never overlap. The check
 * reads the other terms before writing; on PostgreSQL writers of terms
 * take turns through an advisory lock (SQ_CHAIR_LOCK), so two concurrent
 * writes cannot both pass it.
 */
#include "store/store_coord_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_tz.h"

/* ---- writing ---- */

static const char *body_name(int b) { return coord_enum_name(CENUM_BODY, b); }

/* Every state the meeting names exists. */
static int meeting_refs(hk_store *st, const meeting *m, hk_err *err)
{
    char path[64];
    int rc = store__country_exists(st, m->chair, "chair", err);
    for (size_t i = 0; !rc && i < m->n_parties; i++) {
        snprintf(path, sizeof path, "parties[%zu].country", i);
        rc = store__country_exists(st, m->parties[i].country, path, err);
    }
    for (size_t i = 0; !rc && i < m->n_delegates; i++)
        if (m->delegates[i].country[0]) {
            snprintf(path, sizeof path, "delegates[%zu].country", i);
            rc = store__country_exists(st, m->delegates[i].country, path, err);
        }
    for (size_t i = 0; !rc && i < m->n_items; i++)
        for (size_t k = 0; !rc && k < m->items[i].n_access_states; k++) {
            snprintf(path, sizeof path, "items[%zu].access_states[%zu]", i, k);
            rc = store__country_exists(st, m->items[i].access_states[k], path, err);
        }
    return rc;
}

static int item_put(hk_store *st, int64_t id, size_t pos, const meeting_item *it, hk_err *err)
{
    int rc = store__do(st, SQ_MEET_ITEM_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)pos), sv_text(coord_enum_name(CENUM_ITEM_KIND, (int)it->kind)),
                            sv_text(coord_enum_name(CENUM_DOC_TYPE, (int)it->doc)), sv_opt(it->url),
                            sv_bool(it->restricted)),
                       err);
    for (size_t k = 0; !rc && k < it->n_texts; k++) {
        const coord_text *t = &it->texts[k];
        rc = store__do(st, SQ_MEET_ITEM_TEXT_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)pos), sv_int((int64_t)k), sv_text(t->lang),
                            sv_text(model_enum_name(ENUM_ORIGIN, (int)t->origin)), sv_text(t->title),
                            sv_opt(t->body)),
                       err);
    }
    size_t a = 0;
    for (size_t k = 0; !rc && k < it->n_access_states; k++, a++)
        rc = store__do(st, SQ_MEET_ACCESS_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)pos), sv_int((int64_t)a), sv_text(it->access_states[k]),
                            sv_null()),
                       err);
    for (size_t k = 0; !rc && k < it->n_access_bodies; k++, a++)
        rc = store__do(st, SQ_MEET_ACCESS_ADD,
                       ARGS(sv_int(id), sv_int((int64_t)pos), sv_int((int64_t)a), sv_null(),
                            sv_text(body_name(it->access_bodies[k]))),
                       err);
    return rc;
}

static int children_put(hk_store *st, const meeting *m, hk_err *err)
{
    int rc = store__coord_texts_put(st, SQ_MEET_TEXT_ADD, m->id, m->texts, m->n_texts, err);
    for (size_t i = 0; !rc && i < m->n_parties; i++)
        rc = store__do(st, SQ_MEET_PARTY_ADD,
                       ARGS(sv_int(m->id), sv_int((int64_t)i), sv_text(m->parties[i].country),
                            sv_text(coord_enum_name(CENUM_STANDING, (int)m->parties[i].standing))),
                       err);
    for (size_t i = 0; !rc && i < m->n_bodies; i++)
        rc = store__do(st, SQ_MEET_BODY_ADD, ARGS(sv_int(m->id), sv_int((int64_t)i), sv_text(body_name(m->bodies[i]))),
                       err);
    for (size_t i = 0; !rc && i < m->n_delegates; i++) {
        const meeting_delegate *d = &m->delegates[i];
        rc = store__do(st, SQ_MEET_DELEGATE_ADD,
                       ARGS(sv_int(m->id), sv_int((int64_t)i), sv_text(d->name), sv_opt(d->country),
                            d->body >= 0 ? sv_text(body_name(d->body)) : sv_null(), sv_opt(d->position)),
                       err);
    }
    for (size_t i = 0; !rc && i < m->n_items; i++)
        rc = item_put(st, m->id, i, &m->items[i], err);
    return rc;
}

/* Validates m and computes its UTC start. */
static int meeting_prepare(meeting *m, hk_err *err)
{
    int rc = meeting_validate(m, err);
    if (rc)
        return rc;
    if (hk_tz_to_utc(m->starts, m->tz, &m->starts_at))
        return hk_err_set(err, HK_EINVAL, "starts", "starts %s cannot be placed in time zone %s", m->starts, m->tz);
    return 0;
}

static int audit_meeting(hk_store *st, int64_t actor, const char *action, const meeting *m, hk_err *err)
{
    char detail[96];
    snprintf(detail, sizeof detail, "{\"type\":\"%s\",\"starts\":\"%s\"}",
             coord_enum_name(CENUM_MEETING_TYPE, (int)m->type), m->starts);
    return store__audit(st, actor, action, "meeting", m->id, detail, err);
}

int store_meeting_create(hk_store *st, meeting *m, int64_t actor_id, hk_err *err)
{
    int rc = meeting_prepare(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now(), id = 0;
    if (!(rc = meeting_refs(st, m, err))) {
        wrote = true;
        rc = store__int(st, SQ_MEET_INSERT,
                        ARGS(sv_text(coord_enum_name(CENUM_MEETING_TYPE, (int)m->type)), sv_text(m->starts),
                             sv_text(m->tz), sv_time(m->starts_at), sv_int(m->minutes),
                             sv_text(coord_enum_name(CENUM_FORMAT, (int)m->format)), sv_opt(m->place),
                             sv_text(m->chair), sv_time(now)),
                        &id, err);
        if (rc == 0)
            rc = hk_err_set(err, HK_EINTERNAL, "", "saving a meeting returned no id");
        else if (rc > 0)
            rc = 0;
    }
    int64_t keep = m->id;
    m->id = id;
    if (!rc)
        rc = children_put(st, m, err);
    if (!rc)
        rc = audit_meeting(st, actor_id, "create", m, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        m->id = keep;
        return rc;
    }
    m->created_at = m->updated_at = now;
    m->version = 1;
    return 0;
}

static const store_sq meeting_children[] = {SQ_MEET_DEL_TEXTS, SQ_MEET_DEL_PARTIES, SQ_MEET_DEL_BODIES,
                                            SQ_MEET_DEL_DELEGATES, SQ_MEET_DEL_ITEMS};

int store_meeting_update(hk_store *st, meeting *m, int64_t version, int64_t actor_id, hk_err *err)
{
    int rc = meeting_prepare(m, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    if (!rc && version == 0) {
        rc = store__int(st, SQ_MEET_VERSION, ARGS(sv_int(m->id)), &version, err);
        rc = rc < 0 ? rc : rc == 0 ? store__coord_stale(st, SQ_MEET_VERSION, "meeting", m->id, err) : 0;
    }
    if (!rc)
        rc = meeting_refs(st, m, err);
    if (!rc) {
        rc = store__do(st, SQ_MEET_UPDATE,
                       ARGS(sv_int(m->id), sv_int(version), sv_text(coord_enum_name(CENUM_MEETING_TYPE, (int)m->type)),
                            sv_text(m->starts), sv_text(m->tz), sv_time(m->starts_at), sv_int(m->minutes),
                            sv_text(coord_enum_name(CENUM_FORMAT, (int)m->format)), sv_opt(m->place),
                            sv_text(m->chair), sv_time(now)),
                       err);
        wrote = rc != 0 || st->changed > 0;
        if (!rc && st->changed == 0)
            rc = store__coord_stale(st, SQ_MEET_VERSION, "meeting", m->id, err);
    }
    if (!rc)
        rc = store__delete_children(st, meeting_children, sizeof meeting_children / sizeof meeting_children[0],
                                    m->id, err);
    if (!rc)
        rc = children_put(st, m, err);
    if (!rc)
        rc = audit_meeting(st, actor_id, "update", m, err);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        m->updated_at = now;
        m->version = version + 1;
    }
    return rc;
}

/* ---- reading ---- */

typedef struct read_ctx {
    meeting *m;
    bool oom;
} read_ctx;

static int meeting_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting *m = c->m;
    m->id = row_int(r, 0);
    int v = coord_enum_parse(CENUM_MEETING_TYPE, row_text(r, 1));
    m->type = v < 0 ? MEET_OTHER : (meeting_type)v;
    row_fixed(r, 2, m->starts, sizeof m->starts);
    row_fixed(r, 3, m->tz, sizeof m->tz);
    m->starts_at = row_time(r, 4);
    m->minutes = (int)row_int(r, 5);
    v = coord_enum_parse(CENUM_FORMAT, row_text(r, 6));
    m->format = v < 0 ? FMT_IN_PERSON : (meeting_format)v;
    row_fixed(r, 8, m->chair, sizeof m->chair);
    m->created_at = row_time(r, 9);
    m->updated_at = row_time(r, 10);
    m->version = row_int(r, 11);
    c->oom = row_dup(r, 7, &m->place) != 0;
    return 1;
}

static int party_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting_party *p = store__grow(c->m->parties, c->m->n_parties, sizeof *p);
    if (!p)
        return c->oom = true;
    c->m->parties = p;
    p = &p[c->m->n_parties++];
    row_fixed(r, 0, p->country, sizeof p->country);
    int v = coord_enum_parse(CENUM_STANDING, row_text(r, 1));
    p->standing = v < 0 ? STANDING_GUEST : (meeting_standing)v;
    return 0;
}

static int body_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    int *p = store__grow(c->m->bodies, c->m->n_bodies, sizeof *p);
    if (!p)
        return c->oom = true;
    c->m->bodies = p;
    p[c->m->n_bodies++] = coord_enum_parse(CENUM_BODY, row_text(r, 0));
    return 0;
}

static int delegate_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting_delegate *d = store__grow(c->m->delegates, c->m->n_delegates, sizeof *d);
    if (!d)
        return c->oom = true;
    c->m->delegates = d;
    d = &d[c->m->n_delegates++];
    row_fixed(r, 1, d->country, sizeof d->country);
    d->body = row_null(r, 2) ? -1 : coord_enum_parse(CENUM_BODY, row_text(r, 2));
    if (row_dup(r, 0, &d->name) || row_dup(r, 3, &d->position))
        return c->oom = true;
    return 0;
}

static int item_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting_item *it = store__grow(c->m->items, c->m->n_items, sizeof *it);
    if (!it)
        return c->oom = true;
    c->m->items = it;
    it = &it[c->m->n_items++];
    int v = coord_enum_parse(CENUM_ITEM_KIND, row_text(r, 0));
    it->kind = v < 0 ? ITEM_AGENDA : (item_kind)v;
    v = coord_enum_parse(CENUM_DOC_TYPE, row_text(r, 1));
    it->doc = v < 0 ? DOC_NONE : (doc_type)v;
    it->restricted = row_bool(r, 3);
    if (row_dup(r, 2, &it->url))
        return c->oom = true;
    return 0;
}

/* The item a child row (column 0: item_pos) belongs to, or NULL. */
static meeting_item *row_item(const store_row *r, read_ctx *c)
{
    int64_t pos = row_int(r, 0);
    return pos >= 0 && (size_t)pos < c->m->n_items ? &c->m->items[pos] : NULL;
}

static int item_text_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting_item *it = row_item(r, c);
    if (it && store__coord_text_row(r, 2, &it->texts, &it->n_texts))
        return c->oom = true;
    return 0;
}

static int access_row(const store_row *r, void *ctx)
{
    read_ctx *c = ctx;
    meeting_item *it = row_item(r, c);
    if (!it)
        return 0;
    if (!row_null(r, 1)) {
        char(*p)[3] = store__grow(it->access_states, it->n_access_states, sizeof *p);
        if (!p)
            return c->oom = true;
        it->access_states = p;
        row_fixed(r, 1, p[it->n_access_states++], 3);
    } else {
        int *p = store__grow(it->access_bodies, it->n_access_bodies, sizeof *p);
        if (!p)
            return c->oom = true;
        it->access_bodies = p;
        p[it->n_access_bodies++] = coord_enum_parse(CENUM_BODY, row_text(r, 2));
    }
    return 0;
}

int store_meeting_get(hk_store *st, int64_t id, meeting *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    read_ctx c = {out, false};
    int rc = store__q(st, SQ_MEET_GET, ARGS(sv_int(id)), meeting_row, &c, err);
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "meeting %lld does not exist", (long long)id);
    static const struct {
        store_sq id;
        store_row_fn fn;
    } parts[] = {{SQ_MEET_PARTIES, party_row},   {SQ_MEET_BODIES, body_row},
                 {SQ_MEET_DELEGATES, delegate_row}, {SQ_MEET_ITEMS, item_row},
                 {SQ_MEET_ITEM_TEXTS, item_text_row}, {SQ_MEET_ACCESS, access_row}};
    if (rc > 0)
        rc = store__coord_texts_get(st, SQ_MEET_TEXTS, id, &out->texts, &out->n_texts, err);
    for (size_t i = 0; rc >= 0 && !c.oom && i < sizeof parts / sizeof parts[0]; i++)
        rc = store__q(st, parts[i].id, ARGS(sv_int(id)), parts[i].fn, &c, err);
    if (rc >= 0 && c.oom)
        rc = store__oom(err);
    if (rc < 0) {
        meeting_free(out);
        return rc;
    }
    return 0;
}

/* ---- lists ---- */

void store_meetings_free(meeting *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        meeting_free(&v[i]);
    free(v);
}

static int get_meeting(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_meeting_get(st, id, out, err);
}

static void free_meetings(void *v, size_t n)
{
    store_meetings_free(v, n);
}

int store_meetings_list(hk_store *st, const store_meeting_filter *f, meeting **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    size_t limit = f->limit == 0 || f->limit > STORE_COORD_LIST_MAX ? STORE_COORD_LIST_MAX : f->limit;
    const char *type = f->type >= 0 ? coord_enum_name(CENUM_MEETING_TYPE, f->type) : "";
    if (!type)
        return hk_err_set(err, HK_EINVAL, "type", "type is not a kind of meeting");
    if (f->country[0] && !model_is_iso2(f->country))
        return hk_err_set(err, HK_EINVAL, "country", "country must be two upper-case letters");
    int64_t to = f->to > 0 ? f->to : STORE_TIME_MAX;
    store_coord_page pg = {sizeof(meeting), get_meeting, free_meetings};
    return store__coord_page(st, SQ_MEET_LIST,
                             ARGS(sv_text(type), sv_text(f->country), sv_time(f->from), sv_time(to),
                                  sv_int((int64_t)limit)),
                             &pg, (void **)out, n, err);
}

/* ---- chairmanship ---- */

static int term_row(const store_row *r, void *ctx)
{
    chair_term *t = ctx;
    t->id = row_int(r, 0);
    int v = coord_enum_parse(CENUM_MEETING_TYPE, row_text(r, 1));
    t->type = v < 0 ? MEET_OTHER : (meeting_type)v;
    row_fixed(r, 2, t->country, sizeof t->country);
    row_fixed(r, 3, t->from, sizeof t->from);
    row_fixed(r, 4, t->to, sizeof t->to);
    return 0;
}

static int term_read(const store_row *r, void *rec, void *ctx)
{
    (void)ctx;
    term_row(r, rec);
    return 0;
}

int store_chair_terms(hk_store *st, int type, chair_term **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    const char *name = type >= 0 ? coord_enum_name(CENUM_MEETING_TYPE, type) : "";
    if (!name)
        return hk_err_set(err, HK_EINVAL, "type", "type is not a kind of meeting");
    store_list l = {.size = sizeof(chair_term), .read = term_read};
    int rc = store__q_list(st, SQ_CHAIR_LIST, ARGS(sv_text(name)), &l, err);
    if (rc) {
        free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

const chair_term *store_chair_at(const chair_term *v, size_t n, meeting_type type, const char *day)
{
    /* Terms of a kind never overlap and come in order of start, so the
     * last one begun by day is the only candidate; it is in force unless
     * it ended before day. An open term gives way to the next one, which
     * would then be the candidate. */
    const chair_term *cand = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].type == type && strcmp(v[i].from, day) <= 0)
            cand = &v[i];
    if (cand && cand->to[0] && strcmp(day, cand->to) > 0)
        return NULL;
    return cand;
}

const chair_term *store_chair_next(const chair_term *v, size_t n, meeting_type type, const char *day)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].type == type && strcmp(v[i].from, day) > 0)
            return &v[i];
    return NULL;
}

/* HK_ECONFLICT when c overlaps another term of its kind in v. */
static int no_overlap(const chair_term *c, const chair_term *v, size_t n, hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].id == c->id || v[i].type != c->type)
            continue;
        /* Two terms overlap when each starts no later than the other
         * ends; an open term ends at the next start, so only two open
         * terms, or a closed one reaching past a later start, collide. */
        bool c_first = strcmp(c->from, v[i].from) < 0;
        const chair_term *a = c_first ? c : &v[i], *b = c_first ? &v[i] : c;
        if (strcmp(a->from, b->from) == 0 || (a->to[0] && strcmp(a->to, b->from) >= 0))
            return hk_err_set(err, HK_ECONFLICT, "from",
                              "from: the term overlaps %s's term from %s; end that term first", v[i].country,
                              v[i].from);
    }
    return 0;
}

int store_chair_put(hk_store *st, chair_term *c, int64_t actor_id, hk_err *err)
{
    int rc = chair_term_validate(c, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    chair_term *v = NULL;
    size_t n = 0;
    if (!(rc = store__do(st, SQ_CHAIR_LOCK, NOARGS, err)) && !(rc = store__country_exists(st, c->country, "country", err)) &&
        !(rc = store_chair_terms(st, (int)c->type, &v, &n, err)))
        rc = no_overlap(c, v, n, err);
    free(v);
    const char *type = coord_enum_name(CENUM_MEETING_TYPE, (int)c->type);
    int64_t id = c->id;
    if (!rc) {
        wrote = true;
        if (id == 0) {
            rc = store__int(st, SQ_CHAIR_INSERT, ARGS(sv_text(type), sv_text(c->country), sv_text(c->from), sv_opt(c->to)),
                            &id, err);
            rc = rc < 0 ? rc : rc == 0 ? hk_err_set(err, HK_EINTERNAL, "", "saving a term returned no id") : 0;
        } else {
            rc = store__do(st, SQ_CHAIR_UPDATE,
                           ARGS(sv_int(id), sv_text(type), sv_text(c->country), sv_text(c->from), sv_opt(c->to)), err);
            if (!rc && st->changed == 0)
                rc = hk_err_set(err, HK_ENOTFOUND, "id", "chairmanship term %lld does not exist", (long long)id);
        }
        if (rc == HK_ECONFLICT)
            rc = hk_err_set(err, HK_ECONFLICT, "from", "from: another %s term begins on %s", type, c->from);
    }
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"type\":\"%s\",\"country\":\"%s\",\"from\":\"%s\"}", type, c->country, c->from);
        rc = store__audit(st, actor_id, c->id ? "update" : "create", "chair_term", id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc)
        c->id = id;
    return rc;
}

int store_chair_delete(hk_store *st, int64_t id, int64_t actor_id, hk_err *err)
{
    bool own;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    rc = store__do(st, SQ_CHAIR_DELETE, ARGS(sv_int(id)), err);
    bool wrote = rc != 0 || st->changed > 0;
    if (!rc && st->changed == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "chairmanship term %lld does not exist", (long long)id);
    if (!rc)
        rc = store__audit(st, actor_id, "delete", "chair_term", id, NULL, err);
    return store__tx_leave(st, own, rc, wrote, err);
}
