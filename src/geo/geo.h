/*
 * geo.h - the gazetteer of SCO industrial cities and the rail corridors
 * between them (BRIEF 4.1 city with coordinates, 4.4 "distance between the
 * two cities (great-circle, and rail where a corridor is known)").
 *
 * data/geo/cities.tsv lists the cities with their names in English,
 * Russian, Chinese, the local language and any other spelling or script;
 * data/geo/rail.tsv lists rail distances along real lines between
 * neighbouring hub cities. geo_load reads both, checks every line, folds
 * every name for lookups and suggestions, and precomputes the shortest
 * rail distance between every pair of hubs (Dijkstra from each hub), so
 * that every query afterwards is a read of immutable memory.
 *
 * Threads: a loaded geo is never written again; any number of threads may
 * call every function below at the same time. There is no global state.
 * See docs/geo.md for the data, the accuracy and how to extend it.
 */
#ifndef HK_GEO_H
#define HK_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

#define GEO_EARTH_RADIUS_KM 6371.0088 /* mean radius (IUGG) */
#define GEO_SNAP_RADIUS_KM 150.0      /* default reach of geo_rail_trip */
#define GEO_MAX_SUGGEST 100           /* most suggestions one call returns */

typedef struct geo geo;

typedef struct geo_city {
    const char *id;           /* "tashkent": [a-z0-9-], unique, stable */
    char country[3];          /* ISO 3166-1 alpha-2, as in data/countries.tsv */
    double lat, lon;          /* degrees, WGS 84, 2 decimals in the file */
    const char *name_en;      /* "Tashkent" */
    const char *name_ru;      /* "Ташкент" */
    const char *name_zh;      /* "塔什干" */
    const char *local;        /* in the local language and script: "Toshkent" */
    const char *const *aliases; /* n_aliases other spellings, scripts, former names */
    size_t n_aliases;
    uint32_t rank;            /* 0-based order of the city in cities.tsv */
    int32_t hub;              /* index in the rail graph, -1 when no line of
                               * rail.tsv touches the city */
} geo_city;                   /* all strings owned by the geo */

/* Reads dir/cities.tsv and dir/rail.tsv (dir is usually "data/geo").
 * Every error names the file and line in err->field ("cities.tsv:12") and
 * says what is wrong in err->msg: field count, id format, duplicate id,
 * coordinates out of range, invalid UTF-8, unknown city in rail.tsv, a
 * rail distance shorter than the great circle. HK_EIO when a file cannot
 * be read, HK_ETOOBIG over the documented limits (docs/geo.md). */
int geo_load(const char *dir, geo **out, hk_err *err);
void geo_free(geo *g);

size_t geo_city_count(const geo *g);
/* The i-th city in file order (i < geo_city_count), or NULL. */
const geo_city *geo_city_at(const geo *g, size_t i);
/* The city with this exact id, or NULL. */
const geo_city *geo_city_by_id(const geo *g, const char *id);

/* The id of the city that has name among its names (English, Russian,
 * Chinese, local or any alias), compared case- and accent-insensitively
 * in Latin and Cyrillic, ignoring punctuation between words ("Alma-Ata" =
 * "alma ata"). country ("UZ") restricts the search when not NULL or "".
 * When several cities share the name the more important wins: cities.tsv
 * lists each country's cities most important first, and the one earlier
 * in its country's list wins (then the one earlier in the file). NULL when no
 * city has the name (or name is not valid UTF-8). */
const char *geo_lookup(const geo *g, const char *name, const char *country);

typedef struct geo_suggestion {
    const char *id;           /* the city */
    const char *name;         /* the name that matched, as written in the file */
    const char *name_en;
    const char *country;
} geo_suggestion;

/* Suggestions for a city picker: the cities with a name that starts with
 * prefix, or with a word of a name that starts with prefix (same folding
 * as geo_lookup), best first: an exact name, then a name prefix, then a
 * word prefix, each by importance as in geo_lookup, so that countries
 * interleave ("kar": Karachi, Karaganda, Karshi...). One suggestion per
 * city, showing its English, local, Russian or Chinese name in that order
 * of preference when one of them matched, else the alias. Fills at most limit
 * (1..GEO_MAX_SUGGEST) entries of out and returns their number. */
size_t geo_suggest(const geo *g, const char *prefix, size_t limit, geo_suggestion *out);

/* Great-circle distance in km between two points in degrees (haversine on
 * a sphere of GEO_EARTH_RADIUS_KM; within 0.5% of the ellipsoid). */
double geo_gc_km(double lat1, double lon1, double lat2, double lon2);

/* Great-circle distance between two cities of the gazetteer; a negative
 * value when either id is unknown. */
double geo_city_gc_km(const geo *g, const char *from_id, const char *to_id);

/* The city nearest to (lat, lon), and its distance in *km when km is not
 * NULL. hubs_only restricts to cities on the rail graph. NULL when the
 * coordinates are out of range or there is no candidate. */
const geo_city *geo_nearest(const geo *g, double lat, double lon, bool hubs_only, double *km);

/* Shortest rail distance in km between two cities over the corridor
 * graph. HK_OK and *km set; HK_ENOTFOUND when the two are not connected
 * by rail (or either is off the graph); HK_EINVAL when an id is unknown.
 * The distance from a hub to itself is 0. */
int geo_rail_km(const geo *g, const char *from_id, const char *to_id, double *km);

/* The hubs on that shortest path, from_id first and to_id last: fills at
 * most max ids into ids and sets *n to the full count (so a caller can
 * size the array). Same statuses as geo_rail_km. */
int geo_rail_route(const geo *g, const char *from_id, const char *to_id, const char **ids,
                   size_t max, size_t *n);

typedef struct geo_trip {
    const char *from_hub;     /* hub nearest the origin */
    const char *to_hub;       /* hub nearest the destination */
    double lead_km;           /* great circle origin -> from_hub */
    double rail_km;           /* rail from_hub -> to_hub (0 when the same hub) */
    double tail_km;           /* great circle to_hub -> destination */
    double total_km;          /* lead + rail + tail */
} geo_trip;

/* Rail distance between two coordinates: each end snaps to its nearest
 * hub within radius_km (GEO_SNAP_RADIUS_KM when radius_km <= 0), and the
 * great-circle legs to the hubs are added to the rail distance between
 * them. HK_OK and *out filled; HK_ENOTFOUND ("no rail") when an end has no
 * hub within the radius or the two hubs are not connected; HK_EINVAL for
 * coordinates out of range. */
int geo_rail_trip(const geo *g, double lat1, double lon1, double lat2, double lon2,
                  double radius_km, geo_trip *out);

/* Folds s for comparisons of names into out (at least strlen(s) + 1
 * bytes; the folded form is never longer than the input): lower case,
 * Latin and Cyrillic letters without accents or descenders (ş -> s,
 * ё -> е, қ -> к, ў -> у, і -> и), Arabic-script letter variants unified,
 * apostrophes dropped, runs of spaces and punctuation between words made
 * one space, no leading or trailing space. Returns the folded length, or
 * -1 when s is not valid UTF-8. */
int geo_fold(const char *s, char *out, size_t cap);

#endif
