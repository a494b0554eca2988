/*
 * fuzz_search.c - the search query as GET /api/v1/search takes it (the
 * text, its language and facet filters, a page) and as saved searches
 * store it (idx_filters_canonical), run against a small index of nine
 * listings in Russian, Chinese, English and Uzbek (those of
 * tests/test_index.c) built once with the test taxonomy: analysis of the
 * query, slot building (exact, cross-script, prefix and typo variants),
 * code inference, filters, scoring, paging, facets and highlights.
 *
 * Input: byte 0 even: a request, lines of "the query text" then
 * "name=value" parameters (lang, limit, cursor, facets, deadline_after, or
 * a facet name; repeated facets OR their values), checked as api_search
 * checks them; odd: the rest is saved-search filter JSON, which when
 * accepted is searched with byte 1.. as nothing else.
 * Invariants: a search accepted by those checks does not fail; at most
 * limit hits, each a live listing (published, not expired) that passes
 * every filter on country and direction; scores finite and best first;
 * total counts at least the hits; facet counts at most total; highlight
 * spans lie in order inside the text. A canonical filter text is
 * accepted again and is its own canonical form.
 */
#include <jansson.h>
#include <math.h>

#include "fuzz_util.h"
#include "hk_utf8.h"
#include "index/index.h"
#include "model/model.h"

#define TODAY "2026-11-23"
#define MAX_Q 1000 /* SEARCH_MAX_Q of http_api_read.c */

static text_analyzer *analyzer;
static tax *taxonomy;
static idx *ix;

typedef struct doc {
    int64_t id, org;
    listing_direction dir;
    const char *lang, *title, *desc, *hs;
    listing_status status;
    const char *expires;
} doc;

static const char *const org_country[] = {"", "RU", "CN", "KZ", "UZ"};

static const doc docs[] = {
    {101, 1, DIR_OFFER, "ru", "Литьё алюминия под давлением",
     "Отливки из алюминиевых сплавов для автомобильной промышленности", "7616", STATUS_PUBLISHED, "2027-06-30"},
    {102, 2, DIR_REQUEST, "zh", "寻求铝压铸件合作生产伙伴", "汽车零部件铝压铸", "7616", STATUS_PUBLISHED, "2027-06-30"},
    {103, 3, DIR_OFFER, "en", "Aluminium die castings for automotive parts",
     "High pressure die casting of aluminium housings", "7616", STATUS_PUBLISHED, "2027-06-30"},
    {104, 1, DIR_OFFER, "ru", "Стальные сварные трубы", "Электросварные трубы большого диаметра", "7306",
     STATUS_PUBLISHED, "2027-06-30"},
    {105, 2, DIR_OFFER, "zh", "中国农业发展银行项目融资", "为农业项目提供贷款", NULL, STATUS_PUBLISHED, "2027-06-30"},
    {106, 4, DIR_OFFER, "uz-Latn", "Paxta kalava ishlab chiqarish", "Toshkent viloyatida paxta kalavasi", "5205",
     STATUS_PUBLISHED, "2027-06-30"},
    {107, 3, DIR_REQUEST, "en", "Cotton yarn supply wanted", "Combed cotton yarn", "5205", STATUS_PUBLISHED,
     "2027-06-30"},
    {108, 1, DIR_OFFER, "ru", "Алюминиевый профиль (черновик)", NULL, "7604", STATUS_DRAFT, "2027-06-30"},
    {109, 1, DIR_OFFER, "ru", "Алюминиевые слитки, истёкшее", NULL, "7601", STATUS_PUBLISHED, "2025-01-01"},
};
#define N_DOCS (sizeof docs / sizeof docs[0])

static void die(const hk_err *err)
{
    fprintf(stderr, "fuzz_search setup: %s: %s\n", err->field, err->msg);
    abort();
}

static void setup(void)
{
    hk_err err;
    if (text_analyzer_new(&analyzer, &err) || tax_load(HK_DATA_DIR "/../tests/data/taxonomy", analyzer, &taxonomy, &err) ||
        idx_new(analyzer, taxonomy, TODAY, &ix, &err))
        die(&err);
    static const char *const names[] = {"", "ООО «Уральский литейный завод»", "重庆压铸有限公司",
                                        "Almaty Castings LLP", "Toshkent paxta klasteri"};
    static const char *const name_langs[] = {"", "ru", "zh", "en", "uz-Latn"};
    for (int i = 1; i <= 4; i++) {
        organisation o;
        memset(&o, 0, sizeof o);
        org_name n = {(char *)names[i], (char *)name_langs[i], true};
        o.id = i;
        o.names = &n;
        o.n_names = 1;
        memcpy(o.country, org_country[i], 3);
        o.tier = (verification_tier)(i % 3);
        o.sme = i % 2;
        if (idx_put_organisation(ix, &o, &err))
            die(&err);
    }
    for (size_t i = 0; i < N_DOCS; i++) {
        const doc *d = &docs[i];
        listing l;
        memset(&l, 0, sizeof l);
        listing_text t = {(char *)d->lang, ORIGIN_ORIGINAL, (char *)d->title, (char *)d->desc};
        char *code = (char *)d->hs;
        l.id = d->id;
        l.org_id = d->org;
        l.direction = d->dir;
        l.kind = KIND_COPRODUCTION;
        l.texts = &t;
        l.n_texts = 1;
        if (code) {
            l.hs = &code;
            l.n_hs = 1;
        }
        l.status = d->status;
        snprintf(l.expires, sizeof l.expires, "%s", d->expires);
        l.updated_at = 1763856000;
        if (idx_put_listing(ix, &l, &err))
            die(&err);
    }
}

static const doc *doc_of(int64_t id)
{
    for (size_t i = 0; i < N_DOCS; i++)
        if (docs[i].id == id)
            return &docs[i];
    return NULL;
}

static bool filter_has(const idx_filter *f, const char *v)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->values[i], v))
            return true;
    return false;
}

static void check_result(const idx_query *q, const idx_result *r)
{
    FUZZ_CHECK(r->n_hits <= q->limit, "%zu hits for limit %zu", r->n_hits, q->limit);
    FUZZ_CHECK(r->total >= r->n_hits, "total %zu below %zu hits", r->total, r->n_hits);
    for (size_t i = 0; i < r->n_hits; i++) {
        const idx_hit *h = &r->hits[i];
        const doc *d = doc_of(h->listing_id);
        FUZZ_CHECK(d, "hit %lld is no listing", (long long)h->listing_id);
        FUZZ_CHECK(d->status == STATUS_PUBLISHED && strcmp(d->expires, TODAY) >= 0, "hit %lld is not live",
                   (long long)d->id);
        FUZZ_CHECK(isfinite(h->score), "score %g", h->score);
        FUZZ_CHECK(i == 0 || h->score <= r->hits[i - 1].score, "hits out of order");
        for (size_t k = 0; k < q->n_filters; k++) {
            const idx_filter *f = &q->filters[k];
            if (f->facet == IDX_F_COUNTRY)
                FUZZ_CHECK(filter_has(f, org_country[d->org]), "hit %lld outside its country filter",
                           (long long)d->id);
            if (f->facet == IDX_F_DIRECTION)
                FUZZ_CHECK(filter_has(f, model_enum_name(ENUM_DIRECTION, (int)d->dir)),
                           "hit %lld outside its direction filter", (long long)d->id);
        }
        uint32_t *spans = NULL;
        size_t n_spans = 0;
        hk_err err;
        if (idx_highlight(ix, q->text, d->title, d->lang, &spans, &n_spans, &err) == 0) {
            size_t tl = strlen(d->title);
            for (size_t s = 0; s < n_spans; s++) {
                FUZZ_CHECK(spans[2 * s] < spans[2 * s + 1] && spans[2 * s + 1] <= tl, "span %u..%u of %zu",
                           spans[2 * s], spans[2 * s + 1], tl);
                FUZZ_CHECK(s == 0 || spans[2 * s] >= spans[2 * s - 1], "spans out of order");
            }
        }
        free(spans);
    }
    for (int k = 0; k < IDX_F__COUNT; k++)
        for (size_t i = 0; i < r->n_facets[k]; i++)
            FUZZ_CHECK(r->facets[k][i].count <= r->total, "facet count %u above total %zu", r->facets[k][i].count,
                       r->total);
}

static void run(const idx_query *q)
{
    idx_result r;
    hk_err err;
    int rc = idx_search(ix, q, &r, &err);
    FUZZ_CHECK(rc == 0, "search [%s] failed: %s: %s", q->text, err.field, err.msg);
    check_result(q, &r);
    idx_result_free(&r);
}

/* Adds value to facet f's filter, as api_search's scan_arg does; false
 * when the facet has IDX_MAX_FILTER_VALUES already (a 400 there). */
static bool add_filter(idx_query *q, int f, const char *value)
{
    for (size_t i = 0; i < q->n_filters; i++)
        if (q->filters[i].facet == f) {
            if (q->filters[i].n == IDX_MAX_FILTER_VALUES)
                return false;
            q->filters[i].values[q->filters[i].n++] = value;
            return true;
        }
    q->filters[q->n_filters++] = (idx_filter){.facet = (uint8_t)f, .n = 1, .values = {value}};
    return true;
}

static bool num_arg(const char *v, long min, long max, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max)
        return false;
    *out = n;
    return true;
}

static void request(char *s)
{
    idx_query q;
    memset(&q, 0, sizeof q);
    q.limit = 20;
    char *nl = strchr(s, '\n');
    if (nl)
        *nl++ = '\0';
    q.text = s;
    if (strlen(s) > MAX_Q)
        return;
    for (char *line = nl, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            return; /* a parameter without a value: not one of these */
        *eq = '\0';
        const char *v = eq + 1;
        long n;
        int f;
        if (!strcmp(line, "lang")) {
            if (strlen(v) > 35)
                return;
            q.lang = v;
        } else if (!strcmp(line, "limit")) {
            if (!num_arg(v, 1, 100, &n))
                return;
            q.limit = (size_t)n;
        } else if (!strcmp(line, "cursor")) {
            if (!num_arg(v, 0, 10000, &n))
                return;
            q.offset = (size_t)n;
        } else if (!strcmp(line, "facets")) {
            if (!num_arg(v, 0, 1, &n))
                return;
            q.facets = n == 1;
        } else if (!strcmp(line, "deadline_after")) {
            if (!model_is_date(v))
                return;
            q.deadline_after = v;
        } else if ((f = idx_facet_parse(line)) < 0 || !add_filter(&q, f, v)) {
            return;
        }
    }
    run(&q);
}

static void saved_filters(const char *json)
{
    char *canon = NULL, *again = NULL;
    hk_err err;
    if (idx_filters_canonical(json, &canon, &err)) {
        FUZZ_CHECK(err.code == HK_EINVAL || err.code == HK_ETOOBIG, "refused with %d", err.code);
        return;
    }
    if (!canon)
        return;
    int rc = idx_filters_canonical(canon, &again, &err);
    FUZZ_CHECK(rc == 0, "canonical filters %s refused: %s", canon, err.msg);
    FUZZ_CHECK(again && !strcmp(canon, again), "canonical form not stable: %s -> %s", canon, again);
    /* Searched as match_alerts.c does: each string value a filter value. */
    json_t *j = json_loads(canon, 0, NULL);
    FUZZ_CHECK(json_is_object(j), "canonical filters are not an object: %s", canon);
    idx_query q;
    memset(&q, 0, sizeof q);
    q.text = "";
    q.limit = 10;
    q.facets = true;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        int f = idx_facet_parse(key);
        FUZZ_CHECK(f >= 0, "canonical filters with facet %s", key);
        if (json_is_string(v)) {
            add_filter(&q, f, json_string_value(v));
        } else {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e)
                FUZZ_CHECK(json_is_string(e) && add_filter(&q, f, json_string_value(e)), "filter value %zu", i);
        }
    }
    run(&q);
    json_decref(j);
    free(canon);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    if (!ix)
        setup();
    char *s = fuzz_strndup(data + 1, size - 1);
    /* The HTTP layer refuses parameters that are not UTF-8. */
    if (hk_utf8_valid(s, strlen(s))) {
        if (data[0] % 2 == 0)
            request(s);
        else
            saved_filters(s);
    }
    free(s);
    return 0;
}
