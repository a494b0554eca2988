/*
 * store_org.c - organisations in the store of record: create (keeping
 * the id and times given by an import), update with a version check,
 * verification tier changes, and reading one or all of them.
 *
 * An organisation is one row of organisations plus ordered child rows in
 * org_names, org_codes, capabilities, certifications and org_languages;
 * each child has a pos column so a record reads back in the order it was
 * written (export -> import -> export is byte-identical). An update
 * replaces the children wholesale: records are small, and it keeps one
 * write path.
 *
 * Reading is by batches (store__children in store_core.c): the parent
 * rows of an id range, then each child table once for the whole range.
 * store_org_get is a batch of one; the scans that feed the index build
 * read STORE_BATCH organisations per round, so a million records cost a
 * few thousand statements, not five per record. The statements are in
 * sql_org.def.
 */
#include "store/store_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static int insert_children(hk_store *st, const organisation *o, hk_err *err)
{
    int rc;
    for (size_t i = 0; i < o->n_names; i++) {
        const org_name *n = &o->names[i];
        if ((rc = store__do(st, SQ_ORG_NAME_INS,
                            ARGS(sv_int(o->id), sv_int((int64_t)i), sv_text(n->text), sv_text(n->lang),
                                 sv_bool(n->primary)),
                            err)))
            return rc;
    }
    if ((rc = store__insert_codes(st, SQ_ORG_CODE_INS, o->id, "hs", o->hs, o->n_hs, err)) ||
        (rc = store__insert_codes(st, SQ_ORG_CODE_INS, o->id, "isic", o->isic, o->n_isic, err)))
        return rc;
    for (size_t i = 0; i < o->n_capabilities; i++) {
        const capability *c = &o->capabilities[i];
        if ((rc = store__do(st, SQ_ORG_CAP_INS,
                            ARGS(sv_int(o->id), sv_int((int64_t)i),
                                 sv_text(model_enum_name(ENUM_CAPABILITY, (int)c->kind)), sv_text(c->text),
                                 sv_double(c->amount), sv_opt(c->unit)),
                            err)))
            return rc;
    }
    for (size_t i = 0; i < o->n_certifications; i++) {
        const certification *c = &o->certifications[i];
        if ((rc = store__do(st, SQ_ORG_CERT_INS,
                            ARGS(sv_int(o->id), sv_int((int64_t)i), sv_text(c->name), sv_opt(c->scope),
                                 sv_opt(c->issued), sv_opt(c->expires)),
                            err)))
            return rc;
    }
    for (size_t i = 0; i < o->n_languages; i++)
        if ((rc = store__do(st, SQ_ORG_LANG_INS, ARGS(sv_int(o->id), sv_int((int64_t)i), sv_text(o->languages[i])),
                            err)))
            return rc;
    return 0;
}

static int delete_children(hk_store *st, int64_t id, hk_err *err)
{
    static const store_sq children[] = {SQ_ORG_NAME_DEL, SQ_ORG_CODE_DEL, SQ_ORG_CAP_DEL, SQ_ORG_CERT_DEL,
                                        SQ_ORG_LANG_DEL};
    return store__delete_children(st, children, sizeof children / sizeof children[0], id, err);
}

/* The columns an author writes, shared by insert and update (their
 * parameters ?2..?11): registry scheme and id, country, city, lat, lon,
 * type, size, sme, website. */
#define ORG_AUTHOR_COLS 10

static void author_values(const organisation *o, store_val v[ORG_AUTHOR_COLS])
{
    v[0] = sv_opt(o->registry_scheme);
    v[1] = sv_opt(o->registry_id);
    v[2] = sv_text(o->country);
    v[3] = sv_opt(o->city);
    v[4] = o->has_coords ? sv_double(o->lat) : sv_null();
    v[5] = o->has_coords ? sv_double(o->lon) : sv_null();
    v[6] = sv_text(model_enum_name(ENUM_ORG_TYPE, (int)o->type));
    v[7] = sv_text(model_enum_name(ENUM_ORG_SIZE, (int)o->size));
    v[8] = sv_bool(o->sme);
    v[9] = sv_opt(o->website);
}

static int check_refs(hk_store *st, const organisation *o, hk_err *err)
{
    int rc;
    if ((rc = store__country_exists(st, o->country, "country", err)) ||
        (rc = store__codes_known(st, "hs", "hs", o->hs, o->n_hs, err)) ||
        (rc = store__codes_known(st, "isic", "isic", o->isic, o->n_isic, err)))
        return rc;
    return 0;
}

static verification_tier tier_of(const char *name)
{
    int t = model_enum_parse(ENUM_TIER, name);
    return t < 0 ? TIER_SELF_DECLARED : (verification_tier)t;
}

/* What an update or a verification starts from (ORG_STATE). */
typedef struct org_state {
    int64_t version;
    verification_tier tier;
} org_state;

static int state_row(const store_row *r, void *ctx)
{
    org_state *s = ctx;
    s->version = row_int(r, 0);
    s->tier = tier_of(row_text(r, 1));
    return 1;
}

/* Reads the version and tier of organisation id (on PostgreSQL locking
 * its row until the transaction ends): HK_ENOTFOUND when there is none. */
static int read_state(hk_store *st, int64_t id, org_state *s, hk_err *err)
{
    int rc = store__q(st, SQ_ORG_STATE, ARGS(sv_int(id)), state_row, s, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
    return 0;
}

/* 0 when organisation id exists at version expected (any version when
 * expected is 0), else HK_ENOTFOUND or HK_ECONFLICT. */
static int check_version(hk_store *st, int64_t id, int64_t expected, hk_err *err)
{
    org_state s;
    int rc = read_state(st, id, &s, err);
    if (!rc && expected && expected != s.version)
        rc = hk_err_set(err, HK_ECONFLICT, "version",
                        "organisation %lld was changed by someone else (version %lld, you edited %lld); reload it",
                        (long long)id, (long long)s.version, (long long)expected);
    return rc;
}

int store_org_create(hk_store *st, organisation *o, int64_t actor_id, hk_err *err)
{
    int rc = organisation_validate(o, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    organisation saved = *o; /* the store-assigned fields, restored on failure */
    bool import = o->id != 0;
    rc = check_refs(st, o, err);
    if (!rc) {
        /* New records get the store's clock; imported ones (id given) keep
         * the times and version they were exported with. */
        int64_t now = store__now();
        if (!import || !o->created_at)
            o->created_at = now;
        if (!import || !o->updated_at)
            o->updated_at = o->created_at;
        if (!import || !o->version)
            o->version = 1;
        store_val v[15];
        v[0] = sv_int_opt(o->id);
        author_values(o, &v[1]);
        v[11] = sv_text(model_enum_name(ENUM_TIER, (int)o->tier));
        v[12] = sv_time(o->created_at);
        v[13] = sv_time(o->updated_at);
        v[14] = sv_int(o->version);
        int64_t id = 0;
        wrote = true;
        rc = store__int(st, SQ_ORG_INSERT, v, 15, &id, err);
        if (rc == 0) {
            /* No row back: the id is taken, and nothing was written. */
            wrote = false;
            rc = hk_err_set(err, HK_ECONFLICT, "id", "organisation %lld already exists", (long long)o->id);
        } else if (rc > 0) {
            rc = 0;
        }
        if (!rc) {
            o->id = id;
            if (import)
                rc = store__do(st, SQ_ORG_SEQ_SYNC, NOARGS, err);
        }
        if (!rc)
            rc = insert_children(st, o, err);
        if (!rc) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"version\":%lld,\"tier\":\"%s\"}", (long long)o->version,
                     model_enum_name(ENUM_TIER, (int)o->tier));
            rc = store__audit(st, actor_id, import ? "import" : "create", "organisation", o->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "organisation", o->id, "create", o->updated_at, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        o->id = saved.id;
        o->created_at = saved.created_at;
        o->updated_at = saved.updated_at;
        o->version = saved.version;
    } else {
        st->org_known = o->id;
    }
    return rc;
}

/* What ORG_UPDATE returns: the record's fields the author does not set. */
typedef struct org_updated {
    int64_t version, created_at;
    verification_tier tier;
} org_updated;

static int updated_row(const store_row *r, void *ctx)
{
    org_updated *u = ctx;
    u->version = row_int(r, 0);
    u->created_at = row_time(r, 1);
    u->tier = tier_of(row_text(r, 2));
    return 1;
}

int store_org_update(hk_store *st, organisation *o, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    if (o->id <= 0)
        return hk_err_set(err, HK_EINVAL, "id", "id is required to update an organisation");
    int rc = organisation_validate(o, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    int64_t now = store__now();
    org_updated u = {0};
    /* A missing record or a stale version is reported before the
     * references are checked, as it always was; the UPDATE below checks
     * the version again, so a concurrent writer in between is caught. */
    rc = check_version(st, o->id, expected_version, err);
    if (!rc)
        rc = check_refs(st, o, err);
    if (!rc) {
        store_val v[13];
        v[0] = sv_int(o->id);
        author_values(o, &v[1]);
        v[11] = sv_time(now);
        v[12] = sv_int(expected_version);
        wrote = true;
        rc = store__q(st, SQ_ORG_UPDATE, v, 13, updated_row, &u, err);
        if (rc == 0) {
            /* No row touched, so nothing was written: say why. */
            wrote = false;
            rc = check_version(st, o->id, expected_version, err);
            if (!rc)
                rc = hk_err_set(err, HK_ECONFLICT, "version",
                                "organisation %lld was changed by someone else; reload it", (long long)o->id);
        } else if (rc > 0) {
            rc = 0;
        }
        if (!rc && !(rc = delete_children(st, o->id, err)))
            rc = insert_children(st, o, err);
        if (!rc) {
            char detail[64];
            snprintf(detail, sizeof detail, "{\"version\":%lld}", (long long)u.version);
            rc = store__audit(st, actor_id, "update", "organisation", o->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "organisation", o->id, "update", now, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        /* The tier is not the author's to change: only store_org_set_tier
         * (a verification, audited as such) moves it. */
        o->version = u.version;
        o->updated_at = now;
        o->created_at = u.created_at;
        o->tier = u.tier;
    }
    return rc;
}

int store_org_set_tier(hk_store *st, int64_t id, verification_tier tier, int64_t actor_id, hk_err *err)
{
    if (!model_enum_name(ENUM_TIER, (int)tier))
        return hk_err_set(err, HK_EINVAL, "tier", "tier has an unknown value (%d)", (int)tier);
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    int64_t now = store__now(), version = 0;
    org_state old;
    rc = read_state(st, id, &old, err);
    if (!rc) {
        wrote = true;
        rc = store__int(st, SQ_ORG_SET_TIER, ARGS(sv_int(id), sv_text(model_enum_name(ENUM_TIER, (int)tier)),
                                                  sv_time(now)),
                        &version, err);
        /* The row was read (and, on PostgreSQL, locked) just above; only
         * a deletion by SQL outside the store could make it vanish. */
        if (rc == 0)
            rc = hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
        else if (rc > 0)
            rc = 0;
        if (!rc) {
            char detail[128];
            snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"version\":%lld}",
                     model_enum_name(ENUM_TIER, (int)old.tier), model_enum_name(ENUM_TIER, (int)tier),
                     (long long)version);
            rc = store__audit(st, actor_id, "verify", "organisation", id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "organisation", id, "update", now, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- reading ---- */

/* One ORG_BATCH row (columns as ORG_COLS in sql_org.def) into o. */
static int read_org(const store_row *r, organisation *o)
{
    memset(o, 0, sizeof *o);
    o->id = row_int(r, 0);
    if (row_dup(r, 1, &o->registry_scheme) || row_dup(r, 2, &o->registry_id))
        return HK_ENOMEM;
    row_fixed(r, 3, o->country, sizeof o->country);
    if (row_dup(r, 4, &o->city))
        return HK_ENOMEM;
    o->has_coords = !row_null(r, 5);
    if (o->has_coords) {
        o->lat = row_double(r, 5);
        o->lon = row_double(r, 6);
    }
    int t = model_enum_parse(ENUM_ORG_TYPE, row_text(r, 7));
    int z = model_enum_parse(ENUM_ORG_SIZE, row_text(r, 8));
    o->type = t < 0 ? ORG_OTHER : (org_type)t;
    o->size = z < 0 ? SIZE_UNKNOWN : (org_size)z;
    o->sme = row_bool(r, 9);
    if (row_dup(r, 10, &o->website))
        return HK_ENOMEM;
    o->tier = tier_of(row_text(r, 11));
    o->created_at = row_time(r, 12);
    o->updated_at = row_time(r, 13);
    o->version = row_int(r, 14);
    return 0;
}

/* The parents of a batch being read: recs[0..n) of room for cap. */
typedef struct parents {
    organisation *recs;
    size_t n, cap;
    bool oom;
} parents;

static int parent_row(const store_row *r, void *ctx)
{
    parents *p = ctx;
    if (p->n == p->cap)
        return 1; /* ORG_BATCH's LIMIT makes this unreachable */
    /* Counted before reading, so a half-read record is freed with the rest. */
    if (read_org(r, &p->recs[p->n++])) {
        p->oom = true;
        return 1;
    }
    return 0;
}

/* The child rows, one function per child statement (column 0 is the
 * owner's id); each returns non-zero when out of memory. */
static int add_name(void *rec, const store_row *r)
{
    organisation *o = rec;
    org_name *p = store__grow(o->names, o->n_names, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    o->names = p;
    org_name *n = &o->names[o->n_names++];
    n->primary = row_bool(r, 3);
    return row_dup(r, 1, &n->text) || row_dup(r, 2, &n->lang) ? HK_ENOMEM : 0;
}

static int add_code(void *rec, const store_row *r)
{
    organisation *o = rec;
    return store__add_code(r, &o->hs, &o->n_hs, &o->isic, &o->n_isic);
}

static int add_capability(void *rec, const store_row *r)
{
    organisation *o = rec;
    capability *p = store__grow(o->capabilities, o->n_capabilities, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    o->capabilities = p;
    capability *k = &o->capabilities[o->n_capabilities++];
    int kind = model_enum_parse(ENUM_CAPABILITY, row_text(r, 1));
    k->kind = kind < 0 ? CAP_PROCESS : (capability_kind)kind;
    k->amount = row_double(r, 3);
    return row_dup(r, 2, &k->text) || row_dup(r, 4, &k->unit) ? HK_ENOMEM : 0;
}

static int add_certification(void *rec, const store_row *r)
{
    organisation *o = rec;
    certification *p = store__grow(o->certifications, o->n_certifications, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    o->certifications = p;
    certification *k = &o->certifications[o->n_certifications++];
    row_fixed(r, 3, k->issued, sizeof k->issued);
    row_fixed(r, 4, k->expires, sizeof k->expires);
    return row_dup(r, 1, &k->name) || row_dup(r, 2, &k->scope) ? HK_ENOMEM : 0;
}

static int add_language(void *rec, const store_row *r)
{
    organisation *o = rec;
    char **p = store__grow(o->languages, o->n_languages, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    o->languages = p;
    return row_dup(r, 1, &p[o->n_languages++]);
}

/* Reads into recs[0..*n) the organisations with first <= id <= last, at
 * most cap of them, lowest ids first, each with all its child rows. On
 * failure nothing is left to free and *n is 0. The statements have all
 * finished when it returns, so the caller's callback may run others.
 *
 * Each statement sees the database as of its own start: a record updated
 * between the parent statement and a child statement can read with the
 * new children (the old code held one read transaction over a whole
 * scan). The index follows the change log from the point its build
 * started, so it re-reads such a record. */
static int read_batch(hk_store *st, int64_t first, int64_t last, organisation *recs, size_t cap, size_t *n,
                      hk_err *err)
{
    static const struct {
        store_sq id;
        int (*add)(void *rec, const store_row *r);
    } children[] = {
        {SQ_ORG_NAMES, add_name}, {SQ_ORG_CODES, add_code},          {SQ_ORG_CAPS, add_capability},
        {SQ_ORG_CERTS, add_certification}, {SQ_ORG_LANGS, add_language},
    };
    parents p = {.recs = recs, .cap = cap};
    int rc = store__q(st, SQ_ORG_BATCH, ARGS(sv_int(first), sv_int(last), sv_int((int64_t)cap)), parent_row, &p,
                      err);
    rc = rc < 0 ? rc : p.oom ? store__oom(err) : 0;
    store_batch b = {.recs = recs, .n = p.n, .size = sizeof *recs, .id_offset = offsetof(organisation, id)};
    for (size_t i = 0; !rc && i < sizeof children / sizeof children[0]; i++)
        rc = store__children(st, children[i].id, &b, children[i].add, err);
    if (rc) {
        for (size_t i = 0; i < p.n; i++)
            organisation_free(&recs[i]);
        p.n = 0;
    }
    *n = p.n;
    return rc;
}

int store_org_get(hk_store *st, int64_t id, organisation *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    size_t n;
    int rc = read_batch(st, id, id, out, 1, &n, err);
    if (!rc && n == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
    return rc;
}

int store_org_each(hk_store *st, int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err)
{
    return store_org_each_range(st, INT64_MIN, INT64_MAX, fn, ctx, err);
}

int store_org_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err)
{
    return store__id_range(st, SQ_ORG_ID_RANGE, first, last, err);
}

int store_org_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                         int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err)
{
    /* Batches of STORE_BATCH in id order, each read whole before fn sees
     * any of it, so fn may call store_org_get. A range lets several
     * threads read disjoint parts side by side. */
    if (first_id > last_id)
        return 0;
    organisation *recs = calloc(STORE_BATCH, sizeof *recs);
    if (!recs)
        return store__oom(err);
    int rc = 0;
    int64_t next = first_id;
    for (;;) {
        size_t n;
        if ((rc = read_batch(st, next, last_id, recs, STORE_BATCH, &n, err)))
            break;
        bool stop = false;
        int64_t seen = n ? recs[n - 1].id : last_id;
        for (size_t i = 0; i < n; i++) {
            if (!stop)
                stop = fn(&recs[i], ctx) != 0;
            organisation_free(&recs[i]);
        }
        /* seen < last_id also keeps seen + 1 from overflowing. */
        if (stop || n < STORE_BATCH || seen >= last_id)
            break;
        next = seen + 1;
    }
    free(recs);
    return rc;
}
