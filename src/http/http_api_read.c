/*
 * http_api_read.c - the public read endpoints: health, countries,
 * taxonomy lookup, search, listings, their matches, organisations, and
 * the bulk export of public records. Handlers read through the store API
 * and the index; they never build SQL.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"
#include "match/match.h"
#include "model/model_json.h"

#define SEARCH_MAX_Q 1000

void api_healthz(http_req *req, http_resp *resp)
{
    idx_stats s;
    idx_get_stats(req->app->ix, &s);
    http_json(resp, 200, json_pack("{s:s, s:i, s:I}", "status", "ok", "schema_version", req->app->schema_version,
                                   "listings_live", (json_int_t)s.live));
}

static int add_country(const country *c, void *ctx)
{
    json_array_append_new(ctx, country_to_json(c));
    return 0;
}

void api_countries(http_req *req, http_resp *resp)
{
    hk_err err;
    json_t *a = json_array();
    if (store_country_each(req->st, add_country, a, &err)) {
        json_decref(a);
        http_error(resp, &err);
        return;
    }
    http_json(resp, 200, json_pack("{s:o}", "countries", a));
    http_etag(resp);
}


/* A text argument: valid UTF-8 of at most max bytes. */
static int text_arg(http_req *req, http_resp *resp, const char *name, size_t max, const char **out)
{
    const char *v = http_arg(req, name);
    *out = v;
    if (!v)
        return 0;
    hk_err err;
    if (!hk_utf8_valid(v, strlen(v)))
        hk_err_set(&err, HK_EINVAL, name, "is not valid UTF-8");
    else if (strlen(v) > max)
        hk_err_set(&err, HK_ETOOBIG, name, "is longer than %zu bytes", max);
    else
        return 0;
    http_error(resp, &err);
    return -1;
}

/* Taxonomy answers are revalidated on every use (ETag, 304) rather than
 * cached for a time: the secretariat may change a code's labels at any
 * moment (PUT /api/v1/taxonomy/...), and the next lookup must show it. */
#define TAXONOMY_CACHE "public, no-cache"

json_t *http_taxonomy_entry(const tax_node *nd, bool with_synonyms)
{
    /* Each language is read once, atomically (tax_label): a relabel
     * meanwhile may mix old and new languages in one answer, never a
     * torn or freed string. */
    json_t *o = json_pack("{s:s, s:i, s:{s:s, s:s, s:s}}", "code", nd->code, "level", (int)nd->level, "label", "en",
                          tax_label(nd, TAX_EN), "ru", tax_label(nd, TAX_RU), "zh", tax_label(nd, TAX_ZH));
    if (!o || !with_synonyms)
        return o;
    static const char *const langs[TAX__LANGS] = {"en", "ru", "zh"};
    json_t *syn = json_object();
    for (int l = 0; l < TAX__LANGS; l++) {
        json_t *a = json_array();
        const char *p = tax_synonyms(nd, (tax_lang)l);
        while (p && *p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            json_array_append_new(a, json_stringn(p, n));
            p = bar ? bar + 1 : NULL;
        }
        json_object_set_new(syn, langs[l], a);
    }
    json_object_set_new(o, "synonyms", syn);
    return o;
}

static void taxonomy(http_req *req, http_resp *resp, tax_scheme scheme)
{
    const char *q;
    long limit;
    if (text_arg(req, resp, "q", 200, &q) || http_int_arg(req, resp, "limit", 1, 50, 10, &limit))
        return;
    tax_hit *hits;
    size_t n;
    hk_err err;
    if (tax_suggest(req->app->t, scheme, q ? q : "", (size_t)limit, &hits, &n, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, http_taxonomy_entry(tax_node_at(req->app->t, hits[i].node), false));
    free(hits);
    http_json(resp, 200, json_pack("{s:o}", "codes", a));
    http_etag(resp);
    resp->cache = TAXONOMY_CACHE;
}

void api_taxonomy_hs(http_req *req, http_resp *resp) { taxonomy(req, resp, TAX_HS); }
void api_taxonomy_isic(http_req *req, http_resp *resp) { taxonomy(req, resp, TAX_ISIC); }

/* One code with its labels and synonyms: what the secretariat edits
 * with PUT on the same path. */
static void taxonomy_code(http_req *req, http_resp *resp, tax_scheme scheme)
{
    int32_t k = tax_find(req->app->t, scheme, req->code);
    if (k < 0) {
        http_not_found(resp, "code");
        return;
    }
    http_json(resp, 200, http_taxonomy_entry(tax_node_at(req->app->t, k), true));
    http_etag(resp);
    resp->cache = TAXONOMY_CACHE;
}

void api_taxonomy_hs_get(http_req *req, http_resp *resp) { taxonomy_code(req, resp, TAX_HS); }
void api_taxonomy_isic_get(http_req *req, http_resp *resp) { taxonomy_code(req, resp, TAX_ISIC); }

const listing_text *http_listing_original(const listing *l)
{
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL)
            return &l->texts[i];
    return l->n_texts ? &l->texts[0] : NULL;
}

const char *http_org_name(const organisation *o)
{
    for (size_t i = 0; i < o->n_names; i++)
        if (o->names[i].primary)
            return o->names[i].text;
    return o->n_names ? o->names[0].text : "";
}

/* A summary as JSON (the matches' lists; search writes its own). */
static json_t *summary_json(const idx_summary *m)
{
    json_t *hs = json_array();
    const char *c = m->hs;
    for (size_t i = 0; i < m->n_hs; i++, c += strlen(c) + 1)
        json_array_append_new(hs, json_string(c));
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:{s:I, s:s}}", "id", (json_int_t)m->listing_id, "title",
                     m->title, "lang", m->lang, "direction", model_enum_name(ENUM_DIRECTION, m->direction), "kind",
                     model_enum_name(ENUM_KIND, m->kind), "hs", hs, "country", m->country, "organisation", "id",
                     (json_int_t)m->org_id, "name", m->org_name);
}

/* One search hit: the summary from the index's display record, the
 * title cut into marked and unmarked runs, score and the listings it
 * stands for. Keys in the order the jansson version wrote them. */
static void write_hit(http_jw *w, const idx_summary *m, const idx_hit *h, idx_marker *mk, uint32_t **spans,
                      size_t *cap)
{
    http_jw_lit(w, "{\"id\":");
    http_jw_int(w, (long long)m->listing_id);
    http_jw_lit(w, ",\"title\":");
    http_jw_cstr(w, m->title);
    http_jw_lit(w, ",\"lang\":");
    http_jw_cstr(w, m->lang);
    http_jw_lit(w, ",\"direction\":");
    http_jw_cstr(w, model_enum_name(ENUM_DIRECTION, m->direction));
    http_jw_lit(w, ",\"kind\":");
    http_jw_cstr(w, model_enum_name(ENUM_KIND, m->kind));
    http_jw_lit(w, ",\"hs\":[");
    const char *c = m->hs;
    for (size_t i = 0; i < m->n_hs; i++, c += strlen(c) + 1) {
        if (i)
            http_jw_lit(w, ",");
        http_jw_cstr(w, c);
    }
    http_jw_lit(w, "],\"country\":");
    http_jw_cstr(w, m->country);
    http_jw_lit(w, ",\"organisation\":{\"id\":");
    http_jw_int(w, (long long)m->org_id);
    http_jw_lit(w, ",\"name\":");
    http_jw_cstr(w, m->org_name);
    http_jw_lit(w, "},\"title_marked\":[");
    size_t n = 0;
    hk_err err;
    /* A hit found through codes alone has none of the query's words:
     * its title is not analysed for marks. */
    if (mk && !h->cross_lingual && idx_marker_spans(mk, m->title, m->lang[0] ? m->lang : NULL, spans, cap, &n, &err))
        n = 0;
    uint32_t at = 0;
    bool comma = false;
    for (size_t i = 0; i <= n; i++) {
        uint32_t from = i < n ? (*spans)[2 * i] : (uint32_t)strlen(m->title);
        if (from > at) {
            http_jw_raw(w, ",", comma);
            http_jw_lit(w, "{\"text\":");
            http_jw_str(w, m->title + at, from - at);
            http_jw_lit(w, ",\"mark\":false}");
            comma = true;
        }
        if (i == n)
            break;
        uint32_t to = (*spans)[2 * i + 1];
        http_jw_raw(w, ",", comma);
        http_jw_lit(w, "{\"text\":");
        http_jw_str(w, m->title + from, to - from);
        http_jw_lit(w, ",\"mark\":true}");
        comma = true;
        at = to;
    }
    http_jw_lit(w, "],\"score\":");
    http_jw_real(w, h->score);
    http_jw_lit(w, ",\"cross_lingual\":");
    http_jw_bool(w, h->cross_lingual);
    if (h->n_similar) {
        http_jw_lit(w, ",\"similar\":{\"count\":");
        http_jw_int(w, h->n_similar);
        http_jw_lit(w, ",\"ids\":[");
        for (uint32_t i = 0; i < h->n_similar && i < IDX_SIMILAR_IDS; i++) {
            http_jw_raw(w, ",", i > 0);
            http_jw_int(w, (long long)h->similar[i]);
        }
        http_jw_lit(w, "]}");
    }
    http_jw_lit(w, "}");
}

typedef struct arg_scan {
    idx_query *q;
    const char *bad;          /* first unknown argument */
    const char *too_many;     /* first filter given more than IDX_MAX_FILTER_VALUES values */
} arg_scan;

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    arg_scan *s = cls;
    static const char *const plain[] = {"q", "lang", "limit", "cursor", "facets", "deadline_after"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strcmp(key, plain[i]))
            return MHD_YES;
    int f = idx_facet_parse(key);
    if (f < 0) {
        if (!s->bad)
            s->bad = key;
        return MHD_YES;
    }
    if (!value)
        return MHD_YES;
    idx_query *q = s->q;
    for (size_t i = 0; i < q->n_filters; i++)
        if (q->filters[i].facet == f) {
            if (q->filters[i].n < IDX_MAX_FILTER_VALUES)
                q->filters[i].values[q->filters[i].n++] = value;
            else if (!s->too_many)
                s->too_many = key;
            return MHD_YES;
        }
    q->filters[q->n_filters] = (idx_filter){.facet = (uint8_t)f, .n = 1, .values = {value}};
    q->n_filters++;
    return MHD_YES;
}

void api_search(http_req *req, http_resp *resp)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    long limit, offset = 0, facets;
    const char *text, *cursor, *deadline;
    if (text_arg(req, resp, "q", SEARCH_MAX_Q, &text) || text_arg(req, resp, "lang", 35, &q.lang) ||
        text_arg(req, resp, "cursor", 20, &cursor) || text_arg(req, resp, "deadline_after", 10, &deadline) ||
        http_int_arg(req, resp, "limit", 1, 100, 20, &limit) || http_int_arg(req, resp, "facets", 0, 1, 0, &facets))
        return;
    hk_err err;
    hk_err_clear(&err);
    if (cursor) {
        /* The cursor is the offset of the next page, opaque to clients. */
        char *end;
        offset = strtol(cursor, &end, 10);
        if (!*cursor || *end || offset < 0 || offset > 10000) {
            hk_err_set(&err, HK_EINVAL, "cursor", "is not a cursor this server gave");
            http_error(resp, &err);
            return;
        }
    }
    if (deadline && !model_is_date(deadline)) {
        hk_err_set(&err, HK_EINVAL, "deadline_after", "must be a date YYYY-MM-DD");
        http_error(resp, &err);
        return;
    }
    arg_scan scan = {&q, NULL, NULL};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &scan);
    if (scan.bad || scan.too_many) {
        hk_err_set(&err, HK_EINVAL, scan.bad ? scan.bad : scan.too_many,
                   scan.bad ? "is not a search parameter" : "has more than %d values", IDX_MAX_FILTER_VALUES);
        http_error(resp, &err);
        return;
    }
    q.text = text ? text : "";
    q.limit = (size_t)limit;
    q.offset = (size_t)offset;
    q.facets = facets == 1;
    q.deadline_after = deadline;
    q.collapse = true;
    /* The query is analysed once, for its words, its codes and all the
     * highlights of the page. */
    text_tokens toks;
    text_tokens_init(&toks);
    if (q.text[0] && idx_query_analyse(req->app->ix, q.text, q.lang, &toks, &err)) {
        text_tokens_free(&toks);
        http_error(resp, &err);
        return;
    }
    q.toks = q.text[0] ? &toks : NULL;
    idx_result r;
    if (idx_search(req->app->ix, &q, &r, &err)) {
        text_tokens_free(&toks);
        http_error(resp, &err);
        return;
    }
    /* What the page shows comes from the index (idx_display.c). */
    int64_t ids[100] = {0};
    for (size_t i = 0; i < r.n_hits; i++)
        ids[i] = r.hits[i].listing_id;
    idx_summaries sm;
    idx_marker *mk = NULL;
    if (idx_summaries_get(req->app->ix, ids, r.n_hits, &sm, &err)) {
        idx_result_free(&r);
        text_tokens_free(&toks);
        http_error(resp, &err);
        return;
    }
    if (q.text[0] && idx_marker_of(req->app->ix, &toks, &mk, &err))
        mk = NULL; /* no marks then, as before when a highlight failed */
    http_jw w = {0};
    http_jw_lit(&w, "{\"query\":");
    http_jw_cstr(&w, q.text);
    http_jw_lit(&w, ",\"total\":");
    http_jw_int(&w, (long long)r.total);
    http_jw_lit(&w, ",\"hits\":[");
    uint32_t *spans = NULL;
    size_t cap = 0;
    bool comma = false;
    for (size_t i = 0; i < r.n_hits; i++) {
        if (!sm.v[i].found)
            continue; /* deleted since the search: skip it */
        http_jw_raw(&w, ",", comma);
        write_hit(&w, &sm.v[i], &r.hits[i], mk, &spans, &cap);
        comma = true;
    }
    free(spans);
    idx_marker_free(mk);
    text_tokens_free(&toks);
    idx_summaries_free(&sm);
    http_jw_lit(&w, "]");
    if (q.facets) {
        http_jw_lit(&w, ",\"facets\":{");
        for (int k = 0; k < IDX_F__COUNT; k++) {
            http_jw_raw(&w, ",", k > 0);
            http_jw_cstr(&w, idx_facet_name((idx_facet)k));
            http_jw_lit(&w, ":[");
            for (size_t i = 0; i < r.n_facets[k]; i++) {
                http_jw_raw(&w, ",", i > 0);
                http_jw_lit(&w, "{\"value\":");
                http_jw_cstr(&w, r.facets[k][i].value);
                http_jw_lit(&w, ",\"count\":");
                http_jw_int(&w, (long long)r.facets[k][i].count);
                http_jw_lit(&w, "}");
            }
            http_jw_lit(&w, "]");
        }
        http_jw_lit(&w, "}");
    }
    http_jw_lit(&w, ",\"inferred_hs\":[");
    for (size_t i = 0; i < r.n_inferred_hs; i++) {
        http_jw_raw(&w, ",", i > 0);
        http_jw_cstr(&w, r.inferred_hs[i]);
    }
    http_jw_lit(&w, "],\"next_cursor\":");
    if (r.n_hits == q.limit && r.more) {
        char c[24];
        snprintf(c, sizeof c, "%zu", (size_t)offset + r.n_hits);
        http_jw_cstr(&w, c);
    } else {
        http_jw_lit(&w, "null");
    }
    http_jw_lit(&w, "}");
    idx_result_free(&r);
    http_jw_send(resp, 200, &w);
}

/* Loads a published listing or answers 404. Unpublished listings are
 * visible to their organisation only, which needs sign-in (issue 5). */
static int published_listing(http_req *req, http_resp *resp, listing *l)
{
    hk_err err;
    memset(l, 0, sizeof *l);
    if (store_listing_get(req->st, req->ids[0], l, &err)) {
        http_error(resp, &err);
        return -1;
    }
    if (l->status != STATUS_PUBLISHED) {
        listing_free(l);
        hk_err_set(&err, HK_ENOTFOUND, "id", "no published listing %lld", (long long)req->ids[0]);
        http_error(resp, &err);
        return -1;
    }
    return 0;
}

json_t *http_listing_view(http_req *req, const listing *l, hk_err *err)
{
    organisation o;
    memset(&o, 0, sizeof o);
    if (store_org_get(req->st, l->org_id, &o, err))
        return NULL;
    json_t *j = listing_to_json(l);
    if (j)
        json_object_set_new(j, "organisation", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)o.id, "name",
                                                         http_org_name(&o), "country", o.country));
    organisation_free(&o);
    if (!j)
        hk_err_set(err, HK_ENOMEM, "", "out of memory");
    return j;
}

/* A listing is readable as auth_can() says for its status: published,
 * closed and expired ones by anyone (links from interests and exports
 * keep working), a draft by its organisation's members only. To anyone
 * else a draft is answered exactly like an id that does not exist. */
void api_listing_get(http_req *req, http_resp *resp)
{
    listing l;
    hk_err err;
    if (http_listing_for(req, resp, AUTH_LISTING_READ, &l, NULL))
        return;
    json_t *j = http_listing_view(req, &l, &err);
    listing_free(&l);
    if (!j) {
        http_error(resp, &err);
        return;
    }
    http_json(resp, 200, j);
    http_etag(resp);
}

/* Answers a match result as {"matches": [summary + score + reasons]}. */
static void send_matches(http_req *req, http_resp *resp, const match_result *r)
{
    hk_err err;
    int64_t ids[100] = {0};
    size_t n = r->n_hits < 100 ? r->n_hits : 100;
    for (size_t i = 0; i < n; i++)
        ids[i] = r->hits[i].listing_id;
    idx_summaries sm;
    if (idx_summaries_get(req->app->ix, ids, n, &sm, &err)) {
        http_error(resp, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *h = sm.v[i].found ? summary_json(&sm.v[i]) : NULL;
        if (!h)
            continue; /* no longer in the index */
        json_object_set_new(h, "score", json_real(r->hits[i].score));
        json_t *reasons = json_array();
        for (size_t k = 0; k < r->hits[i].n_reasons; k++)
            json_array_append_new(reasons, match_reason_to_json(&r->hits[i].reasons[k]));
        json_object_set_new(h, "reasons", reasons);
        json_array_append_new(a, h);
    }
    idx_summaries_free(&sm);
    http_json(resp, 200, json_pack("{s:o}", "matches", a));
}

void api_listing_matches(http_req *req, http_resp *resp)
{
    listing l;
    long limit;
    if (http_int_arg(req, resp, "limit", 1, 100, 20, &limit) || published_listing(req, resp, &l))
        return;
    match_options opt = {.limit = (size_t)limit, .geo = req->app->geo};
    match_result r;
    hk_err err;
    int rc = match_listing(req->app->ix, &l, &opt, &r, &err);
    listing_free(&l);
    if (rc) {
        http_error(resp, &err);
        return;
    }
    send_matches(req, resp, &r);
    match_result_free(&r);
}

void api_organisation_matches(http_req *req, http_resp *resp)
{
    long limit;
    if (http_int_arg(req, resp, "limit", 1, 100, 20, &limit))
        return;
    organisation o;
    memset(&o, 0, sizeof o);
    hk_err err;
    if (store_org_get(req->st, req->ids[0], &o, &err)) {
        http_error(resp, &err);
        return;
    }
    match_options opt = {.limit = (size_t)limit, .geo = req->app->geo};
    match_result r;
    int rc = match_organisation(req->app->ix, &o, &opt, &r, &err);
    organisation_free(&o);
    if (rc) {
        http_error(resp, &err);
        return;
    }
    send_matches(req, resp, &r);
    match_result_free(&r);
}

/* Organisations are public (organisation.read allows everyone); the
 * question is still asked, so that a change of the rule reaches this
 * route. The body is organisation_to_json(), as PATCH answers it. */
void api_organisation_get(http_req *req, http_resp *resp)
{
    organisation o;
    memset(&o, 0, sizeof o);
    hk_err err;
    if (store_org_get(req->st, req->ids[0], &o, &err)) {
        http_error(resp, &err);
        return;
    }
    auth_target t;
    http_target_org(&t, &o);
    if (http_authorize(req, resp, AUTH_ORG_READ, &t)) {
        organisation_free(&o);
        return;
    }
    http_json(resp, 200, organisation_to_json(&o));
    organisation_free(&o);
    http_etag(resp);
}

