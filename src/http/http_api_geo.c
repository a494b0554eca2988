/*
 * http_api_geo.c - the gazetteer over HTTP: GET /api/v1/cities, the city
 * suggestions a picker shows while someone types a city in any script
 * ("таш", "塔什", "tash" all offer Tashkent). The answers come from the
 * immutable gazetteer the server loaded at start (app->geo, src/geo), so
 * this file only checks parameters and turns geo_suggest() into JSON.
 */
#include "http/http_int.h"

#include <string.h>

#include "hk_utf8.h"
#include "model/model.h"

#define CITIES_MAX_Q 100      /* bytes of q */
#define CITIES_MAX_LIMIT 20
#define CITIES_DEFAULT_LIMIT 10

/* The gazetteer changes only with a new release of data/geo (read once
 * at start), so shared caches may keep an answer for an hour; the ETag
 * still lets them revalidate cheaply after that. */
#define CITIES_CACHE "public, max-age=3600"

typedef struct q_scan {
    const char *first;        /* the first value of q (borrowed from MHD) */
    size_t count;             /* how many times q was given */
    hk_err err;               /* the first value's fault, when err.code != 0 */
} q_scan;

/* Every value of q is checked, not only the first that http_arg() would
 * see, so that "?q=tash&q=<invalid>" is refused for the invalid value
 * rather than answered for the valid one. */
static enum MHD_Result scan_q(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    q_scan *s = cls;
    if (strcmp(key, "q") != 0)
        return MHD_YES;
    if (!s->count++)
        s->first = value;
    if (s->err.code)
        return MHD_YES;
    size_t n = value ? strlen(value) : 0;
    if (!hk_utf8_valid(value ? value : "", n))
        hk_err_set(&s->err, HK_EINVAL, "q", "is not valid UTF-8");
    else if (n > CITIES_MAX_Q)
        hk_err_set(&s->err, HK_ETOOBIG, "q", "is longer than %d bytes", CITIES_MAX_Q);
    return MHD_YES;
}

void api_cities(http_req *req, http_resp *resp)
{
    q_scan s;
    memset(&s, 0, sizeof s);
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, scan_q, &s);
    if (!s.err.code) {
        if (!s.count || !s.first || !*s.first)
            hk_err_set(&s.err, HK_EINVAL, "q", "is required: the first letters of a city's name, in any language");
        else if (s.count > 1)
            hk_err_set(&s.err, HK_EINVAL, "q", "must be given once");
    }
    if (s.err.code) {
        http_error(resp, &s.err);
        return;
    }
    long limit;
    if (http_int_arg(req, resp, "limit", 1, CITIES_MAX_LIMIT, CITIES_DEFAULT_LIMIT, &limit))
        return;
    const char *iso2 = http_arg(req, "country");
    if (iso2 && *iso2 && !model_is_iso2(iso2)) {
        hk_err err;
        hk_err_set(&err, HK_EINVAL, "country", "must be two upper-case letters (ISO 3166-1 alpha-2)");
        http_error(resp, &err);
        return;
    }
    bool filter = iso2 && *iso2;

    /* geo_suggest has no country filter: with one, ask for as many as it
     * gives (GEO_MAX_SUGGEST, which is more than any prefix of one or two
     * letters matches in the shipped 257 cities) and keep the country's. */
    geo_suggestion sug[GEO_MAX_SUGGEST];
    size_t n = geo_suggest(req->app->geo, s.first, filter ? GEO_MAX_SUGGEST : (size_t)limit, sug);
    json_t *a = json_array();
    for (size_t i = 0; i < n && json_array_size(a) < (size_t)limit; i++) {
        if (filter && strcmp(sug[i].country, iso2) != 0)
            continue;
        const geo_city *c = geo_city_by_id(req->app->geo, sug[i].id);
        if (!c)
            continue;
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f}", "id", c->id, "name",
                                           sug[i].name, "name_en", c->name_en, "name_ru", c->name_ru, "name_zh",
                                           c->name_zh, "local", c->local, "country", c->country, "lat", c->lat,
                                           "lon", c->lon));
    }
    http_json(resp, 200, json_pack("{s:o}", "cities", a));
    http_etag(resp);
    resp->cache = CITIES_CACHE;
}
