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
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORG_COLS                                                                                            \
    "id, registry_scheme, registry_id, country, city, lat, lon, type, size, sme, website, tier, created_at, " \
    "updated_at, version"

/* ---- writing ---- */

#define ORG_CODE_INS "INSERT INTO org_codes(org_id, scheme, pos, code) VALUES (?1, ?2, ?3, ?4)"

static int insert_children(hk_store *st, const organisation *o, hk_err *err)
{
    int rc;
    for (size_t i = 0; i < o->n_names; i++) {
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_NAME_INS,
                                      "INSERT INTO org_names(org_id, pos, text, lang, is_primary) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                                      err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, o->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, o->names[i].text, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, o->names[i].lang, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 5, o->names[i].primary);
        if ((rc = store__run(st, s, "saving an organisation's names", err)))
            return rc;
    }
    if ((rc = store__insert_codes(st, SQ_ORG_CODE_INS, ORG_CODE_INS, o->id, "hs", o->hs, o->n_hs, err)) ||
        (rc = store__insert_codes(st, SQ_ORG_CODE_INS, ORG_CODE_INS, o->id, "isic", o->isic, o->n_isic, err)))
        return rc;
    for (size_t i = 0; i < o->n_capabilities; i++) {
        const capability *c = &o->capabilities[i];
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_CAP_INS,
                                      "INSERT INTO capabilities(org_id, pos, kind, text, amount, unit) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, o->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, model_enum_name(ENUM_CAPABILITY, (int)c->kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, c->text, -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 5, c->amount);
        store__bind_text(s, 6, c->unit);
        if ((rc = store__run(st, s, "saving an organisation's capabilities", err)))
            return rc;
    }
    for (size_t i = 0; i < o->n_certifications; i++) {
        const certification *c = &o->certifications[i];
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_CERT_INS,
                                      "INSERT INTO certifications(org_id, pos, name, scope, issued, expires) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, o->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, c->name, -1, SQLITE_STATIC);
        store__bind_text(s, 4, c->scope);
        store__bind_text(s, 5, c->issued);
        store__bind_text(s, 6, c->expires);
        if ((rc = store__run(st, s, "saving an organisation's certifications", err)))
            return rc;
    }
    for (size_t i = 0; i < o->n_languages; i++) {
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_LANG_INS,
                                      "INSERT INTO org_languages(org_id, pos, lang) VALUES (?1, ?2, ?3)", err);
        if (!s)
            return store__stmt_failed(err);
        sqlite3_bind_int64(s, 1, o->id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_text(s, 3, o->languages[i], -1, SQLITE_STATIC);
        if ((rc = store__run(st, s, "saving an organisation's languages", err)))
            return rc;
    }
    return 0;
}

static int delete_children(hk_store *st, int64_t id, hk_err *err)
{
    static const store_child children[] = {
        {SQ_ORG_NAME_DEL, "DELETE FROM org_names WHERE org_id = ?1"},
        {SQ_ORG_CODE_DEL, "DELETE FROM org_codes WHERE org_id = ?1"},
        {SQ_ORG_CAP_DEL, "DELETE FROM capabilities WHERE org_id = ?1"},
        {SQ_ORG_CERT_DEL, "DELETE FROM certifications WHERE org_id = ?1"},
        {SQ_ORG_LANG_DEL, "DELETE FROM org_languages WHERE org_id = ?1"},
    };
    return store__delete_children(st, children, sizeof children / sizeof children[0], id, err);
}

/* Binds the columns shared by insert and update: ?2..?12. */
static void bind_org(sqlite3_stmt *s, const organisation *o)
{
    store__bind_text(s, 2, o->registry_scheme);
    store__bind_text(s, 3, o->registry_id);
    sqlite3_bind_text(s, 4, o->country, -1, SQLITE_STATIC);
    store__bind_text(s, 5, o->city);
    if (o->has_coords) {
        sqlite3_bind_double(s, 6, o->lat);
        sqlite3_bind_double(s, 7, o->lon);
    } else {
        sqlite3_bind_null(s, 6);
        sqlite3_bind_null(s, 7);
    }
    sqlite3_bind_text(s, 8, model_enum_name(ENUM_ORG_TYPE, (int)o->type), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, model_enum_name(ENUM_ORG_SIZE, (int)o->size), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 10, o->sme);
    store__bind_text(s, 11, o->website);
    sqlite3_bind_text(s, 12, model_enum_name(ENUM_TIER, (int)o->tier), -1, SQLITE_STATIC);
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

/* Reads version, created_at and tier of organisation id. */
static int org_state(hk_store *st, int64_t id, int64_t *version, int64_t *created, verification_tier *tier,
                     hk_err *err)
{
    sqlite3_stmt *s = store__stmt(st, SQ_ORG_VERSION,
                                  "SELECT version, created_at, tier FROM organisations WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_ROW) {
        *version = sqlite3_column_int64(s, 0);
        if (created)
            *created = sqlite3_column_int64(s, 1);
        if (tier) {
            int t = model_enum_parse(ENUM_TIER, (const char *)sqlite3_column_text(s, 2));
            *tier = t < 0 ? TIER_SELF_DECLARED : (verification_tier)t;
        }
    } else if (r == SQLITE_DONE) {
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
    } else {
        rc = store__sqlerr(st, "reading an organisation", err);
    }
    sqlite3_reset(s);
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
    rc = check_refs(st, o, err);
    if (!rc && o->id) {
        int64_t v;
        rc = org_state(st, o->id, &v, NULL, NULL, NULL);
        rc = rc == 0 ? hk_err_set(err, HK_ECONFLICT, "id", "organisation %lld already exists", (long long)o->id)
                     : rc == HK_ENOTFOUND ? 0 : store__sqlerr(st, "reading an organisation", err);
    }
    if (!rc) {
        /* New records get the store's clock; imported ones (id given) keep
         * the times and version they were exported with. */
        int64_t now = store__now();
        bool import = o->id != 0;
        if (!import || !o->created_at)
            o->created_at = now;
        if (!import || !o->updated_at)
            o->updated_at = o->created_at;
        if (!import || !o->version)
            o->version = 1;
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_INSERT,
                                      "INSERT INTO organisations(" ORG_COLS ") VALUES "
                                      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            if (o->id)
                sqlite3_bind_int64(s, 1, o->id);
            else
                sqlite3_bind_null(s, 1);
            bind_org(s, o);
            sqlite3_bind_int64(s, 13, o->created_at);
            sqlite3_bind_int64(s, 14, o->updated_at);
            sqlite3_bind_int64(s, 15, o->version);
            rc = store__run(st, s, "saving an organisation", err);
        }
        if (!rc) {
            o->id = sqlite3_last_insert_rowid(st->db);
            rc = insert_children(st, o, err);
        }
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
    int64_t version = 0, created = 0, now = store__now();
    verification_tier tier = TIER_SELF_DECLARED;
    rc = org_state(st, o->id, &version, &created, &tier, err);
    if (!rc && expected_version && expected_version != version)
        rc = hk_err_set(err, HK_ECONFLICT, "version",
                        "organisation %lld was changed by someone else (version %lld, you edited %lld); reload it",
                        (long long)o->id, (long long)version, (long long)expected_version);
    if (!rc)
        rc = check_refs(st, o, err);
    if (!rc) {
        /* The tier is not the author's to change: only store_org_set_tier
         * (a verification, audited as such) moves it. */
        organisation u = *o;
        u.tier = tier;
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_UPDATE,
                                      "UPDATE organisations SET registry_scheme = ?2, registry_id = ?3, country = ?4, "
                                      "city = ?5, lat = ?6, lon = ?7, type = ?8, size = ?9, sme = ?10, website = ?11, "
                                      "tier = ?12, updated_at = ?13, version = ?14 WHERE id = ?1",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, o->id);
            bind_org(s, &u);
            sqlite3_bind_int64(s, 13, now);
            sqlite3_bind_int64(s, 14, version + 1);
            rc = store__run(st, s, "updating an organisation", err);
        }
        if (!rc && !(rc = delete_children(st, o->id, err)))
            rc = insert_children(st, o, err);
        if (!rc) {
            char detail[64];
            snprintf(detail, sizeof detail, "{\"version\":%lld}", (long long)(version + 1));
            rc = store__audit(st, actor_id, "update", "organisation", o->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "organisation", o->id, "update", now, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        o->version = version + 1;
        o->updated_at = now;
        o->created_at = created;
        o->tier = tier;
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
    int64_t version = 0, now = store__now();
    verification_tier old = TIER_SELF_DECLARED;
    rc = org_state(st, id, &version, NULL, &old, err);
    if (!rc) {
        sqlite3_stmt *s = store__stmt(st, SQ_ORG_SET_TIER,
                                      "UPDATE organisations SET tier = ?2, updated_at = ?3, version = ?4 WHERE id = ?1",
                                      err);
        wrote = true;
        if (!s) {
            rc = store__stmt_failed(err);
        } else {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_text(s, 2, model_enum_name(ENUM_TIER, (int)tier), -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, now);
            sqlite3_bind_int64(s, 4, version + 1);
            rc = store__run(st, s, "changing a verification tier", err);
        }
        if (!rc) {
            char detail[128];
            snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"version\":%lld}",
                     model_enum_name(ENUM_TIER, (int)old), model_enum_name(ENUM_TIER, (int)tier),
                     (long long)(version + 1));
            rc = store__audit(st, actor_id, "verify", "organisation", id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "organisation", id, "update", now, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

/* ---- reading ---- */

/* The five child cursors of organisations, columns after the owner id. */
typedef struct org_curs {
    store_cur names, codes, caps, certs, langs;
} org_curs;

static int read_main(sqlite3_stmt *s, organisation *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(s, 0);
    if (store__col_dup(s, 1, &o->registry_scheme) || store__col_dup(s, 2, &o->registry_id))
        return HK_ENOMEM;
    store__col_fixed(s, 3, o->country, sizeof o->country);
    if (store__col_dup(s, 4, &o->city))
        return HK_ENOMEM;
    o->has_coords = sqlite3_column_type(s, 5) != SQLITE_NULL;
    if (o->has_coords) {
        o->lat = sqlite3_column_double(s, 5);
        o->lon = sqlite3_column_double(s, 6);
    }
    int t = model_enum_parse(ENUM_ORG_TYPE, (const char *)sqlite3_column_text(s, 7));
    int z = model_enum_parse(ENUM_ORG_SIZE, (const char *)sqlite3_column_text(s, 8));
    int v = model_enum_parse(ENUM_TIER, (const char *)sqlite3_column_text(s, 11));
    o->type = t < 0 ? ORG_OTHER : (org_type)t;
    o->size = z < 0 ? SIZE_UNKNOWN : (org_size)z;
    o->tier = v < 0 ? TIER_SELF_DECLARED : (verification_tier)v;
    o->sme = sqlite3_column_int(s, 9) != 0;
    if (store__col_dup(s, 10, &o->website))
        return HK_ENOMEM;
    o->created_at = sqlite3_column_int64(s, 12);
    o->updated_at = sqlite3_column_int64(s, 13);
    o->version = sqlite3_column_int64(s, 14);
    return 0;
}

static int read_children(org_curs *c, organisation *o)
{
    while (store__cur_at(&c->names, o->id)) {
        org_name *p = store__grow(o->names, o->n_names, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        o->names = p;
        org_name *n = &o->names[o->n_names++];
        if (store__col_dup(c->names.s, 1, &n->text) || store__col_dup(c->names.s, 2, &n->lang))
            return HK_ENOMEM;
        n->primary = sqlite3_column_int(c->names.s, 3) != 0;
        c->names.r = sqlite3_step(c->names.s);
    }
    if (store__read_codes(&c->codes, o->id, &o->hs, &o->n_hs, &o->isic, &o->n_isic))
        return HK_ENOMEM;
    while (store__cur_at(&c->caps, o->id)) {
        capability *p = store__grow(o->capabilities, o->n_capabilities, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        o->capabilities = p;
        capability *k = &o->capabilities[o->n_capabilities++];
        int kind = model_enum_parse(ENUM_CAPABILITY, (const char *)sqlite3_column_text(c->caps.s, 1));
        k->kind = kind < 0 ? CAP_PROCESS : (capability_kind)kind;
        k->amount = sqlite3_column_double(c->caps.s, 3);
        if (store__col_dup(c->caps.s, 2, &k->text) || store__col_dup(c->caps.s, 4, &k->unit))
            return HK_ENOMEM;
        c->caps.r = sqlite3_step(c->caps.s);
    }
    while (store__cur_at(&c->certs, o->id)) {
        certification *p = store__grow(o->certifications, o->n_certifications, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        o->certifications = p;
        certification *k = &o->certifications[o->n_certifications++];
        if (store__col_dup(c->certs.s, 1, &k->name) || store__col_dup(c->certs.s, 2, &k->scope))
            return HK_ENOMEM;
        store__col_fixed(c->certs.s, 3, k->issued, sizeof k->issued);
        store__col_fixed(c->certs.s, 4, k->expires, sizeof k->expires);
        c->certs.r = sqlite3_step(c->certs.s);
    }
    while (store__cur_at(&c->langs, o->id)) {
        char **p = store__grow(o->languages, o->n_languages, sizeof *p);
        if (!p)
            return HK_ENOMEM;
        o->languages = p;
        if (store__col_dup(c->langs.s, 1, &p[o->n_languages++]))
            return HK_ENOMEM;
        c->langs.r = sqlite3_step(c->langs.s);
    }
    return 0;
}

#define NAME_SQL "SELECT org_id, text, lang, is_primary FROM org_names"
#define CODE_SQL "SELECT org_id, scheme, code FROM org_codes"
#define CAP_SQL "SELECT org_id, kind, text, amount, unit FROM capabilities"
#define CERT_SQL "SELECT org_id, name, scope, issued, expires FROM certifications"
#define LANG_SQL "SELECT org_id, lang FROM org_languages"

static int curs_status(hk_store *st, org_curs *c, hk_err *err)
{
    int rc;
    if ((rc = store__cur_status(st, &c->names, err)) || (rc = store__cur_status(st, &c->codes, err)) ||
        (rc = store__cur_status(st, &c->caps, err)) || (rc = store__cur_status(st, &c->certs, err)) ||
        (rc = store__cur_status(st, &c->langs, err)))
        return rc;
    return 0;
}

int store_org_get(hk_store *st, int64_t id, organisation *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store__stmt(st, SQ_ORG_GET, "SELECT " ORG_COLS " FROM organisations WHERE id = ?1", err);
    if (!s)
        return store__stmt_failed(err);
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s), rc = 0;
    if (r == SQLITE_DONE)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "organisation %lld does not exist", (long long)id);
    else if (r != SQLITE_ROW)
        rc = store__sqlerr(st, "reading an organisation", err);
    else if (read_main(s, out))
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
    sqlite3_reset(s);
    if (rc) {
        organisation_free(out);
        return rc;
    }
    static const struct {
        store_sq slot;
        const char *sql;
    } q[5] = {
        {SQ_ORG_NAME_GET, NAME_SQL " WHERE org_id = ?1 ORDER BY pos"},
        {SQ_ORG_CODE_GET, CODE_SQL " WHERE org_id = ?1 ORDER BY scheme, pos"},
        {SQ_ORG_CAP_GET, CAP_SQL " WHERE org_id = ?1 ORDER BY pos"},
        {SQ_ORG_CERT_GET, CERT_SQL " WHERE org_id = ?1 ORDER BY pos"},
        {SQ_ORG_LANG_GET, LANG_SQL " WHERE org_id = ?1 ORDER BY pos"},
    };
    org_curs c;
    store_cur *cs[5] = {&c.names, &c.codes, &c.caps, &c.certs, &c.langs};
    for (int i = 0; i < 5; i++) {
        cs[i]->s = store__stmt(st, q[i].slot, q[i].sql, err);
        if (!cs[i]->s) {
            for (int k = 0; k < i; k++)
                sqlite3_reset(cs[k]->s);
            organisation_free(out);
            return store__stmt_failed(err);
        }
        sqlite3_bind_int64(cs[i]->s, 1, id);
        cs[i]->r = sqlite3_step(cs[i]->s);
    }
    rc = read_children(&c, out) ? hk_err_set(err, HK_ENOMEM, "", "out of memory") : curs_status(st, &c, err);
    for (int i = 0; i < 5; i++)
        sqlite3_reset(cs[i]->s);
    if (rc)
        organisation_free(out);
    return rc;
}

int store_org_each(hk_store *st, int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err)
{
    return store_org_each_range(st, INT64_MIN, INT64_MAX, fn, ctx, err);
}

int store_org_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err)
{
    return store__id_range(st, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM organisations", first,
                           last, err);
}

int store_org_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                         int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err)
{
    /* A merge join: the organisations and each child table are scanned
     * once in id order, instead of five lookups per organisation. The
     * statements are this call's own, so fn may call store_org_get. A
     * range lets several threads read disjoint parts side by side. */
    static const char *const sql[6] = {
        "SELECT " ORG_COLS " FROM organisations WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        NAME_SQL " WHERE org_id BETWEEN ?1 AND ?2 ORDER BY org_id, pos",
        CODE_SQL " WHERE org_id BETWEEN ?1 AND ?2 ORDER BY org_id, scheme, pos",
        CAP_SQL " WHERE org_id BETWEEN ?1 AND ?2 ORDER BY org_id, pos",
        CERT_SQL " WHERE org_id BETWEEN ?1 AND ?2 ORDER BY org_id, pos",
        LANG_SQL " WHERE org_id BETWEEN ?1 AND ?2 ORDER BY org_id, pos",
    };
    store_cur main = {0};
    org_curs c;
    memset(&c, 0, sizeof c);
    store_cur *cs[6] = {&main, &c.names, &c.codes, &c.caps, &c.certs, &c.langs};
    int rc = 0;
    bool own_read = !st->in_tx && sqlite3_get_autocommit(st->db);
    /* One read transaction, so the six scans see one snapshot. */
    if (own_read && (rc = store__exec(st, "BEGIN", err)))
        return rc;
    for (int i = 0; i < 6 && !rc; i++) {
        if (sqlite3_prepare_v2(st->db, sql[i], -1, &cs[i]->s, NULL) != SQLITE_OK) {
            rc = store__sqlerr(st, "listing organisations", err);
        } else {
            sqlite3_bind_int64(cs[i]->s, 1, first_id);
            sqlite3_bind_int64(cs[i]->s, 2, last_id);
            cs[i]->r = sqlite3_step(cs[i]->s);
        }
    }
    while (!rc && main.r == SQLITE_ROW) {
        organisation o;
        if (read_main(main.s, &o) || read_children(&c, &o)) {
            organisation_free(&o);
            rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
            break;
        }
        if ((rc = curs_status(st, &c, err))) {
            organisation_free(&o);
            break;
        }
        int stop = fn(&o, ctx);
        organisation_free(&o);
        if (stop)
            break;
        main.r = sqlite3_step(main.s);
    }
    if (!rc)
        rc = store__cur_status(st, &main, err);
    for (int i = 0; i < 6; i++)
        sqlite3_finalize(cs[i]->s);
    if (own_read)
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}
