/*
 * http_router.c - the route table: every path the server answers, in one
 * place, so that the OpenAPI document can be held to it by a test.
 * Patterns are literal segments and {id} (a positive integer).
 */
#include "http/http_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct route {
    const char *method;
    const char *pattern;
    http_handler fn;
} route;

static const route routes[] = {
    {"GET", "/healthz", api_healthz},
    {"GET", "/api/v1/countries", api_countries},
    {"GET", "/api/v1/taxonomy/hs", api_taxonomy_hs},
    {"GET", "/api/v1/taxonomy/isic", api_taxonomy_isic},
    {"GET", "/api/v1/search", api_search},
    {"GET", "/api/v1/listings/{id}", api_listing_get},
    {"GET", "/api/v1/listings/{id}/matches", api_listing_matches},
    {"GET", "/api/v1/organisations/{id}", api_organisation_get},
    {"GET", "/api/v1/organisations/{id}/matches", api_organisation_matches},
    {"GET", "/api/v1/export/listings.jsonl", api_export_listings},
};

/* Matches path against pattern, filling ids; 1 on a match. */
static int match(const char *pattern, const char *path, int64_t *ids)
{
    int n_ids = 0;
    while (*pattern && *path) {
        if (!strncmp(pattern, "{id}", 4)) {
            char *end;
            if (*path < '1' || *path > '9')
                return 0;
            long long v = strtoll(path, &end, 10);
            if (v <= 0 || n_ids == HTTP_MAX_IDS)
                return 0;
            ids[n_ids++] = v;
            path = end;
            pattern += 4;
            continue;
        }
        if (*pattern != *path)
            return 0;
        pattern++;
        path++;
    }
    return !*pattern && !*path;
}

http_handler http_route(const char *method, const char *path, http_req *req, int *allowed)
{
    *allowed = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        int64_t ids[HTTP_MAX_IDS] = {0};
        if (!match(routes[i].pattern, path, ids))
            continue;
        if (strcmp(routes[i].method, method) != 0 &&
            !(strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            *allowed = 1;
            continue;
        }
        memcpy(req->ids, ids, sizeof ids);
        return routes[i].fn;
    }
    return NULL;
}

void http_routes_each(void (*fn)(const char *method, const char *pattern, void *ctx), void *ctx)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        fn(routes[i].method, routes[i].pattern, ctx);
}
