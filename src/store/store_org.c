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

/* What an update or a verification starts from (ORG_STATE): the
 * version, the tier and the identity fields of the stored row. */
typedef struct org_state {
    int64_t version;
    verification_tier tier;
    char *registry_scheme, *registry_id; /* from malloc(); NULL when unset */
    char country[3];
    char *website;                       /* from malloc(); NULL when unset */
    bool oom;
} org_state;

static void org_state_free(org_state *s)
{
    free(s->registry_scheme);
    free(s->registry_id);
    free(s->website);
    s->registry_scheme = s->registry_id = s->website = NULL;
}

static int state_row(const store_row *r, void *ctx)
{
    org_state *s = ctx;
    s->version = row_int(r, 0);
    s->tier = tier_of(row_text(r, 1));
    row_fixed(r, 4, s->country, sizeof s->country);
    s->oom = row_dup(r, 2, &s->registry_scheme) || row_dup(r, 3, &s->registry_id) || row_dup(r, 5, &s->website);
    return 1;
}

/* Reads the state of organisation id into s (on PostgreSQL locking its
 * row until the transaction ends): HK_ENOTFOUND when there is none. The
 * caller frees s with org_state_free whatever the result. */
static int read_state(hk_store *st, int64_t id, org_state *s, hk_err *err)
{
    memset(s, 0, sizeof *s);
    int rc = store__q(st, SQ_ORG_STATE, ARGS(sv_int(id)), state_row, s, err);
    if (rc < 0)
        return rc;
    if (s->oom)
        return store__oom(err);
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
    return 0;
}

/* 0 when the organisation read into s is at version expected (any version
 * when expected is 0), else HK_ECONFLICT. */
static int check_version(const org_state *s, int64_t id, int64_t expected, hk_err *err)
{
    if (expected && expected != s->version)
        return hk_err_set(err, HK_ECONFLICT, "version",
                          "organisation %lld was changed by someone else (version %lld, you edited %lld); reload it",
                          (long long)id, (long long)s->version, (long long)expected);
    return 0;
}

/* ---- identity: what a verification vouched for ----
 * A verification tier says that someone checked this organisation: its
 * names, its registry entry, its country and its website. A change of
 * any of them is a different organisation as far as the check goes, so
 * store_org_update drops the tier to self_declared in the same
 * transaction (audited as tier_dropped); descriptive fields (city, type,
 * codes, capabilities, certifications, languages, ...) keep it. */
enum { ID_NAMES = 1, ID_SCHEME = 2, ID_REGISTRY_ID = 4, ID_COUNTRY = 8, ID_WEBSITE = 16 };
static const char *const id_fields[] = {"names", "registry_scheme", "registry_id", "country", "website"};

static bool same_opt(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The stored name texts of one organisation (ORG_NAME_TEXTS). */
typedef struct name_texts {
    char **v;                 /* n texts from malloc() */
    size_t n;
    bool oom;
} name_texts;

static int name_text_row(const store_row *r, void *ctx)
{
    name_texts *t = ctx;
    char **p = store__grow(t->v, t->n, sizeof *p);
    if (!p) {
        t->oom = true;
        return 1;
    }
    t->v = p;
    if (row_dup(r, 0, &t->v[t->n++])) {
        t->oom = true;
        return 1;
    }
    return 0;
}

static bool has_text(char *const *v, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && !strcmp(v[i], text))
            return true;
    return false;
}

/* Sets *changed to the ID_* bits of the identity fields o changes against
 * the stored organisation (state s). Names compare as a set of texts: a
 * new order, another primary or another language tag is no change. */
static int identity_changes(hk_store *st, const org_state *s, const organisation *o, int *changed, hk_err *err)
{
    *changed = 0;
    if (!same_opt(s->registry_scheme, o->registry_scheme))
        *changed |= ID_SCHEME;
    if (!same_opt(s->registry_id, o->registry_id))
        *changed |= ID_REGISTRY_ID;
    if (strcmp(s->country, o->country))
        *changed |= ID_COUNTRY;
    if (!same_opt(s->website, o->website))
        *changed |= ID_WEBSITE;
    name_texts t = {0};
    int rc = store__q(st, SQ_ORG_NAME_TEXTS, ARGS(sv_int(o->id)), name_text_row, &t, err);
    if (rc >= 0 && t.oom)
        rc = store__oom(err);
    if (rc >= 0) {
        rc = 0;
        bool same = true;
        for (size_t i = 0; same && i < t.n; i++) {
            same = false;
            for (size_t k = 0; !same && k < o->n_names; k++)
                same = !strcmp(t.v[i], o->names[k].text);
        }
        for (size_t k = 0; same && k < o->n_names; k++)
            same = has_text(t.v, t.n, o->names[k].text);
        if (!same)
            *changed |= ID_NAMES;
    }
    for (size_t i = 0; i < t.n; i++)
        free(t.v[i]);
    free(t.v);
    return rc;
}

/* Audits a tier dropped by an update: the tier it had, the fields whose
 * change dropped it (field names only: the values are in the record's
 * history, and a name may be any text). */
static int audit_tier_drop(hk_store *st, int64_t actor, int64_t id, verification_tier from, int changed,
                           int64_t version, hk_err *err)
{
    char fields[96] = "";
    size_t len = 0;
    for (size_t i = 0; i < sizeof id_fields / sizeof id_fields[0]; i++)
        if (changed & (1 << i))
            len += (size_t)snprintf(fields + len, sizeof fields - len, "%s\"%s\"", len ? "," : "", id_fields[i]);
    char detail[256];
    snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"self_declared\",\"changed\":[%s],\"version\":%lld}",
             model_enum_name(ENUM_TIER, (int)from), fields, (long long)version);
    return store__audit(st, actor, "tier_dropped", "organisation", id, detail, err);
}

/* ---- registry ids held by another organisation ----
 * Branches and the same company entered twice exist (BRIEF 4.1), so a
 * registry id already held is not refused; the secretariat is told
 * instead, and the verification tiers keep one verified holder per id
 * (store_org_set_tier). Ids compare exactly: model_registry.c gives each
 * known scheme one written form. Under a scheme name several countries
 * use (INN, TIN, ...) and under unknown schemes only organisations of the
 * same country hold "the same" id. */

/* Sets *twin to the lowest id of another organisation than id holding
 * registry id regid of scheme (only those verified above self_declared
 * when verified_only), or 0. Returns 0 or a status. */
static int registry_twin(hk_store *st, int64_t id, const char *scheme, const char *regid, const char *iso2,
                         bool verified_only, int64_t *twin, hk_err *err)
{
    *twin = 0;
    int rc = store__int(st, SQ_ORG_REGISTRY_TWIN,
                        ARGS(sv_text(scheme), sv_text(regid), sv_int(id), sv_text(iso2),
                             sv_int(model_registry_national(scheme) ? 0 : 1), sv_int(verified_only ? 1 : 0)),
                        twin, err);
    return rc < 0 ? rc : 0;
}

/* When another organisation holds o's registry id, raises a duplicate
 * flag for the secretariat in the caller's transaction: o reported as a
 * duplicate of the lowest such id, with the note "same registry id SCHEME
 * ID", once per pair whoever raised it. The row is the one
 * store_dup_flag_create writes (its statement, FLAG_ADD, and its audit
 * entry, flag_duplicate on o): that function cannot be called from here,
 * as it would open a transaction of its own inside this one.
 *
 * flagged_by must be a user: the acting user; for a write with no user
 * behind it (actor 0: import, demo, tools) or by an id that is no user,
 * the first secretariat account, and no flag while there is none
 * (store_org_set_tier still refuses a second verified holder). The audit
 * entry names the actor, 0 included, and says the store raised it. */
static int flag_registry_twin(hk_store *st, const organisation *o, int64_t actor, hk_err *err)
{
    if (!o->registry_scheme || !o->registry_id)
        return 0;
    int64_t twin, flagged = 0, by = 0, flag_id = 0;
    int rc = registry_twin(st, o->id, o->registry_scheme, o->registry_id, o->country, false, &twin, err);
    if (rc || !twin)
        return rc;
    if ((rc = store__int(st, SQ_ORG_PAIR_FLAGGED, ARGS(sv_int(o->id), sv_int(twin)), &flagged, err)) < 0)
        return rc;
    if (rc > 0)
        return 0; /* already on the secretariat's list */
    if ((rc = store__int(st, SQ_ORG_FLAGGER, ARGS(sv_int(actor)), &by, err)) < 0)
        return rc;
    if (by <= 0)
        return 0;
    /* Both parts are at most MODEL_MAX_SHORT code points of 4 bytes,
     * well under the note's STORE_FLAG_NOTE_MAX code points. */
    char note[2 * 4 * MODEL_MAX_SHORT + 32];
    snprintf(note, sizeof note, "same registry id %s %s", o->registry_scheme, o->registry_id);
    rc = store__int(st, SQ_FLAG_ADD,
                    ARGS(sv_int(o->id), sv_int(twin), sv_int(by), sv_text(note), sv_time(store__now())), &flag_id,
                    err);
    if (rc <= 0)
        return rc; /* 0: the same user flagged the pair meanwhile, and nothing was written */
    char detail[128];
    snprintf(detail, sizeof detail, "{\"flag_id\":%lld,\"duplicate_of\":%lld,\"by_store\":true}",
             (long long)flag_id, (long long)twin);
    return store__audit(st, actor, "flag_duplicate", "organisation", o->id, detail, err);
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
    if (!rc && !import)
        rc = store__org_create_room(st, actor_id, err);
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
            rc = flag_registry_twin(st, o, actor_id, err);
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
    org_state old;
    int changed = 0;
    /* A missing record or a stale version is reported before the
     * references are checked, as it always was; the UPDATE below checks
     * the version again, so a concurrent writer in between is caught. */
    rc = read_state(st, o->id, &old, err);
    if (!rc)
        rc = check_version(&old, o->id, expected_version, err);
    if (!rc)
        rc = check_refs(st, o, err);
    /* Only a verified organisation has a tier to lose: the others need
     * not read their names. */
    if (!rc && old.tier != TIER_SELF_DECLARED)
        rc = identity_changes(st, &old, o, &changed, err);
    if (!rc) {
        store_val v[14];
        v[0] = sv_int(o->id);
        author_values(o, &v[1]);
        v[11] = sv_time(now);
        v[12] = sv_int(expected_version);
        v[13] = sv_int(changed ? 1 : 0);
        wrote = true;
        rc = store__q(st, SQ_ORG_UPDATE, v, 14, updated_row, &u, err);
        if (rc == 0) {
            /* No row touched, so nothing was written: say why. */
            wrote = false;
            org_state now_state;
            rc = read_state(st, o->id, &now_state, err);
            if (!rc)
                rc = check_version(&now_state, o->id, expected_version, err);
            org_state_free(&now_state);
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
        if (!rc && changed)
            rc = audit_tier_drop(st, actor_id, o->id, old.tier, changed, u.version, err);
        if (!rc)
            rc = flag_registry_twin(st, o, actor_id, err);
        if (!rc)
            rc = store__change(st, "organisation", o->id, "update", now, err);
    }
    org_state_free(&old);
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        /* The tier is not the author's to raise: only store_org_set_tier
         * (a verification, audited as such) moves it up; a change of
         * identity has just dropped it (u.tier says which). */
        o->version = u.version;
        o->updated_at = now;
        o->created_at = u.created_at;
        o->tier = u.tier;
    }
    return rc;
}

/* Whether organisation id (state s) may be verified to tier: an id that
 * is not valid in its scheme (stored before the rules of model_registry.c
 * existed) or that another verified organisation holds is "registry
 * checked" by nobody. HK_ECONFLICT naming tier, or 0. */
static int check_verifiable(hk_store *st, int64_t id, const org_state *s, verification_tier tier, hk_err *err)
{
    if (tier < TIER_REGISTRY_CHECKED || !s->registry_scheme || !s->registry_id)
        return 0;
    hk_err why;
    if (model_registry_check(s->registry_scheme, s->registry_id, s->country, &why))
        return hk_err_set(err, HK_ECONFLICT, "tier", "the registry id is not valid (%s); correct it first", why.msg);
    int rc = store__do(st, SQ_ORG_REGISTRY_LOCK, ARGS(sv_text(s->registry_scheme), sv_text(s->registry_id)), err);
    int64_t twin = 0;
    if (!rc)
        rc = registry_twin(st, id, s->registry_scheme, s->registry_id, s->country, true, &twin, err);
    if (!rc && twin)
        rc = hk_err_set(err, HK_ECONFLICT, "tier",
                        "organisation %lld, already verified, holds the same registry id (%.40s %.40s); the "
                        "secretariat resolves the duplicate first",
                        (long long)twin, s->registry_scheme, s->registry_id);
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
    if (!rc)
        rc = check_verifiable(st, id, &old, tier, err);
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
    org_state_free(&old);
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
