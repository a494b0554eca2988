/*
 * http_api_admin.c - the secretariat's registry: countries (their names
 * in the three languages and SCO status), and the labels and search
 * synonyms of existing taxonomy codes (docs/taxonomy.md,
 * "Administration"). Codes themselves are data shipped in data/taxonomy/
 * and extended with `hamkor import-taxonomy`; the API does not add them.
 */
#include "http/http_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/model_json.h"

void api_country_put(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_REGISTRY_ADMIN, NULL))
        return;
    json_t *body = http_body_object(req, resp);
    if (!body)
        return;
    country c;
    memset(&c, 0, sizeof c);
    hk_err err;
    const json_t *iso = json_object_get(body, "iso2");
    if (iso && (!json_is_string(iso) || strcmp(json_string_value(iso), req->code) != 0)) {
        hk_err_set(&err, HK_EINVAL, "iso2", "must be the code in the path (%s) when given", req->code);
        http_error(resp, &err);
    } else {
        if (!iso)
            json_object_set_new(body, "iso2", json_string(req->code));
        if (country_from_json(body, &c, &err) || store_country_put(req->st, &c, &err))
            http_error(resp, &err);
        else
            http_json(resp, 200, country_to_json(&c));
    }
    country_free(&c);
    json_decref(body);
}

/* ---- taxonomy labels ---- */

static const char *const tax_langs[TAX__LANGS] = {"en", "ru", "zh"};

/* Refuses a member of obj (the body's member "what") other than en, ru
 * and zh, naming it as "what.xx". */
static int only_langs(const json_t *obj, const char *what, http_resp *resp)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        if (strcmp(k, "en") && strcmp(k, "ru") && strcmp(k, "zh")) {
            hk_err err;
            hk_err_set(&err, HK_EINVAL, NULL, "is not a member this request knows (en, ru, zh)");
            snprintf(err.field, sizeof err.field, "%s.%.40s", what, k);
            http_error(resp, &err);
            return -1;
        }
    }
    return 0;
}

/* The synonyms of one language as the taxonomy keeps them ('|'-joined),
 * from a JSON array of strings, into *out (from malloc(); NULL for an
 * empty list). Each synonym must be a string without '|'; the taxonomy
 * checks the rest (length, characters). */
static int join_synonyms(const json_t *a, const char *lang, char **out, hk_err *err)
{
    *out = NULL;
    char field[64];
    snprintf(field, sizeof field, "synonyms.%s", lang);
    if (!json_is_array(a))
        return hk_err_set(err, HK_EINVAL, field, "must be a list of strings");
    size_t len = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        snprintf(field, sizeof field, "synonyms.%s[%zu]", lang, i);
        if (!json_is_string(v))
            return hk_err_set(err, HK_EINVAL, field, "must be a string");
        if (strchr(json_string_value(v), '|'))
            return hk_err_set(err, HK_EINVAL, field, "must not contain '|'");
        if (!json_string_length(v))
            return hk_err_set(err, HK_EINVAL, field, "must not be empty");
        len += json_string_length(v) + 1;
        if (len > TAX_SYNONYMS_MAX_BYTES + 1) {
            snprintf(field, sizeof field, "synonyms.%s", lang);
            return hk_err_set(err, HK_EINVAL, field, "are longer than %d bytes together", TAX_SYNONYMS_MAX_BYTES);
        }
    }
    if (!len)
        return 0;
    char *s = malloc(len), *p = s;
    if (!s)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        if (i)
            *p++ = '|';
        memcpy(p, json_string_value(v), json_string_length(v));
        p += json_string_length(v);
    }
    *p = '\0';
    *out = s;
    return 0;
}

typedef struct persist_ctx {
    hk_store *st;
    store_tax_label *row;
    int64_t actor;
} persist_ctx;

static int persist_row(void *ctx, hk_err *err)
{
    persist_ctx *c = ctx;
    return store_tax_label_put(c->st, c->row, c->actor, err);
}

/* PUT /api/v1/taxonomy/{hs|isic}/{code}: {"labels": {"en", "ru", "zh"},
 * "synonyms"?: {"en"?: [...], "ru"?: [...], "zh"?: [...]}}. Labels are
 * all required; a language left out of synonyms (or synonyms left out)
 * keeps its current synonyms, and [] removes them. The store is written
 * first, so a change the server shows is one a restart keeps; the
 * taxonomy checks the whole change before either is touched. */
static void taxonomy_put(http_req *req, http_resp *resp, tax_scheme scheme)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_REGISTRY_ADMIN, NULL))
        return;
    tax *t = req->app->t;
    int32_t k = tax_find(t, scheme, req->code);
    if (k < 0) {
        http_not_found(resp, "code");
        return;
    }
    static const char *const allowed[] = {"labels", "synonyms", NULL};
    json_t *body = http_body_strict(req, resp, allowed);
    if (!body)
        return;
    const tax_node *nd = tax_node_at(t, k);
    const json_t *labels = json_object_get(body, "labels");
    const json_t *syns = json_object_get(body, "synonyms");
    const char *label[TAX__LANGS] = {0}, *syn[TAX__LANGS] = {0};
    char *joined[TAX__LANGS] = {0};
    hk_err err;
    int rc = 0;
    if (!labels)
        rc = hk_err_set(&err, HK_EINVAL, "labels", "is required");
    else if (!json_is_object(labels))
        rc = hk_err_set(&err, HK_EINVAL, "labels", "must be an object with en, ru and zh");
    else if (only_langs(labels, "labels", resp))
        goto done;
    for (int l = 0; !rc && l < TAX__LANGS; l++) {
        const json_t *v = json_object_get(labels, tax_langs[l]);
        char field[32];
        snprintf(field, sizeof field, "labels.%s", tax_langs[l]);
        if (!v)
            rc = hk_err_set(&err, HK_EINVAL, field, "is required");
        else if (!json_is_string(v))
            rc = hk_err_set(&err, HK_EINVAL, field, "must be a string");
        else
            label[l] = json_string_value(v);
    }
    if (!rc && syns && !json_is_null(syns)) {
        if (!json_is_object(syns))
            rc = hk_err_set(&err, HK_EINVAL, "synonyms", "must be an object with lists of strings per language");
        else if (only_langs(syns, "synonyms", resp))
            goto done;
    }
    for (int l = 0; !rc && l < TAX__LANGS; l++) {
        const json_t *v = json_is_object(syns) ? json_object_get(syns, tax_langs[l]) : NULL;
        if (v)
            rc = join_synonyms(v, tax_langs[l], &joined[l], &err);
        syn[l] = v ? joined[l] : tax_synonyms(nd, (tax_lang)l);
    }
    if (!rc) {
        store_tax_label row = {.scheme = tax_scheme_name(scheme), .code = nd->code};
        for (int l = 0; l < TAX__LANGS; l++) {
            row.label[l] = label[l];
            row.synonyms[l] = syn[l];
        }
        persist_ctx pc = {req->st, &row, req->actor.a.user_id};
        rc = tax_relabel_persist(t, scheme, nd->code, label, syn, persist_row, &pc, &err);
    }
    if (rc)
        http_error(resp, &err);
    else
        http_json(resp, 200, http_taxonomy_entry(nd, true));
done:
    for (int l = 0; l < TAX__LANGS; l++)
        free(joined[l]);
    json_decref(body);
}

void api_taxonomy_hs_put(http_req *req, http_resp *resp) { taxonomy_put(req, resp, TAX_HS); }
void api_taxonomy_isic_put(http_req *req, http_resp *resp) { taxonomy_put(req, resp, TAX_ISIC); }
