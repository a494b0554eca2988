/*
 * geo_int.h - private layout of a loaded gazetteer, shared by the files of
 * src/geo/: geo_load.c reads and checks the TSV files, geo_fold.c folds
 * names, geo_names.c answers lookups and suggestions, geo_rail.c builds the
 * corridor graph and answers distances.
 */
#ifndef HK_GEO_INT_H
#define HK_GEO_INT_H

#include "geo/geo.h"

#define GEO_MAX_FILE (8u << 20) /* 8 MiB per TSV file */
#define GEO_MAX_LINE 4096       /* bytes per line */
#define GEO_MAX_CITIES 100000
#define GEO_MAX_HUBS 2048       /* the all-pairs table is n^2 * 6 bytes */
#define GEO_MAX_NAME 256        /* bytes per name or alias */
#define GEO_NO_PRED 0xFFFFu

/* One searchable key: a whole folded name, or the tail of one that starts
 * at a later word ("petersburg" inside "saint petersburg"). */
typedef struct geo_name {
    const char *key;     /* folded; points into geo.fold_pool */
    const char *name;    /* the name as written; points into geo.cities_text */
    uint32_t city;       /* index into geo.cities */
    uint8_t word;        /* 0 whole name, 1 a later word of it */
    uint8_t which;       /* 0 name_en, 1 local, 2 name_ru, 3 name_zh, 4 an alias:
                          * the name a suggestion shows when several match */
} geo_name;

/* An undirected line of rail.tsv between two hubs. */
typedef struct geo_edge {
    uint32_t a, b;       /* hub indices */
    float km;
} geo_edge;

struct geo {
    char *cities_text;   /* cities.tsv, fields cut in place; from malloc() */
    char *rail_text;     /* rail.tsv, same; from malloc() */
    geo_city *cities;    /* file order; from malloc() */
    size_t n;
    const char **aliases;/* every alias of every city; cities point into it */
    uint32_t *by_id;     /* city indices sorted by id (strcmp) */
    uint64_t *prio;      /* per city: lower is more important; the position of
                          * the city within its country's lines, then its
                          * rank, so ties between names and the order of
                          * suggestions interleave countries by importance */
    char *fold_pool;     /* folded names, NUL-separated; from malloc() */
    geo_name *names;     /* sorted by key (strcmp), then word, then prio */
    size_t n_names;
    uint32_t *hub_city;  /* hub -> city index; n_hubs entries */
    size_t n_hubs;
    geo_edge *edges;     /* from malloc() */
    size_t n_edges;
    float *dist;         /* n_hubs * n_hubs km; INFINITY when unconnected */
    uint16_t *pred;      /* n_hubs * n_hubs: pred[s*n+v] is the hub before v on
                          * the shortest path from s, GEO_NO_PRED at s or when
                          * unconnected */
};

/* geo_names.c: builds g->names and g->fold_pool from the cities. */
int geo_names_build(geo *g, hk_err *err);
/* geo_rail.c: all-pairs shortest paths over g->edges. */
int geo_rail_build(geo *g, hk_err *err);

#endif
