/*
 * geo_load.c - reading data/geo/cities.tsv and data/geo/rail.tsv into a
 * geo, checking every line; errors say "cities.tsv:12" in err->field and
 * what to fix in err->msg. Each file is read whole and its fields are cut
 * in place, so the city strings point into one buffer per file. Then the
 * name index (geo_names.c) and the rail table (geo_rail.c) are built.
 */
#include "geo/geo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"

#define CITIES_HEADER "id\tcountry\tlat\tlon\tname_en\tname_ru\tname_zh\tlocal\taliases"
#define RAIL_HEADER "from\tto\tkm\tcorridor"
#define GEO_MAX_FIELDS 16

/* Reads path whole into a NUL-terminated malloc'd buffer. */
static int read_file(const char *path, const char *base, char **out, hk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return hk_err_set(err, HK_EIO, base, "cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return hk_err_set(err, HK_ENOMEM, base, "out of memory");
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= GEO_MAX_FILE + 1) {
                free(buf);
                fclose(f);
                return hk_err_set(err, HK_ETOOBIG, base, "%s is over %u bytes", path,
                                  GEO_MAX_FILE);
            }
            size_t ncap = cap * 2 > GEO_MAX_FILE + 1 ? GEO_MAX_FILE + 1 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return hk_err_set(err, HK_ENOMEM, base, "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return hk_err_set(err, HK_EIO, base, "cannot read %s", path);
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        free(buf);
        return hk_err_set(err, HK_EINVAL, base, "%s holds a NUL byte", path);
    }
    *out = buf;
    return 0;
}

/* Walks the lines of a buffer, cutting each in place. */
typedef struct line_iter {
    char *p;             /* next unread byte */
    unsigned no;         /* number of the line last returned, 1-based */
    const char *base;    /* file name for messages */
    char where[64];      /* "cities.tsv:12" */
} line_iter;

/* Next line without its end of line, or NULL at the end. Strips a UTF-8
 * BOM on line 1 and a CR before LF. */
static char *next_line(line_iter *it)
{
    if (!*it->p)
        return NULL;
    char *s = it->p, *e = strchr(s, '\n');
    if (e) {
        *e = '\0';
        it->p = e + 1;
    } else {
        it->p = s + strlen(s);
    }
    size_t len = strlen(s);
    if (len && s[len - 1] == '\r')
        s[--len] = '\0';
    it->no++;
    if (it->no == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    snprintf(it->where, sizeof it->where, "%s:%u", it->base, it->no);
    return s;
}

static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    for (;;) {
        if (n < max)
            f[n] = s;
        n++;
        char *t = strchr(s, '\t');
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    return n;
}

/* A decimal number: [-+]digits[.digits]. Not strtod: the result must not
 * depend on the process locale. */
static bool parse_decimal(const char *s, double *out)
{
    double sign = 1, v = 0, scale = 1;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1 : 1;
    if (!(*s >= '0' && *s <= '9'))
        return false;
    size_t digits = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        if (++digits <= 12)
            v = v * 10 + (*s - '0');
        else
            return false;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (++digits > 15)
                return false;
            scale /= 10;
            v += (*s - '0') * scale;
        }
    }
    if (*s)
        return false;
    *out = sign * v;
    return true;
}

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 48 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* A name field: valid UTF-8, 1..GEO_MAX_NAME bytes, no control bytes,
 * no leading or trailing space, something left after folding. */
static int check_name(const line_iter *it, const char *what, const char *s, hk_err *err)
{
    size_t n = strlen(s);
    if (n == 0)
        return hk_err_set(err, HK_EINVAL, it->where, "%s:%u: %s is empty", it->base, it->no, what);
    if (n > GEO_MAX_NAME)
        return hk_err_set(err, HK_EINVAL, it->where, "%s:%u: %s is over %d bytes", it->base,
                          it->no, what, GEO_MAX_NAME);
    if (!hk_utf8_valid(s, n))
        return hk_err_set(err, HK_EINVAL, it->where, "%s:%u: %s is not valid UTF-8", it->base,
                          it->no, what);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return hk_err_set(err, HK_EINVAL, it->where, "%s:%u: %s holds a control character",
                              it->base, it->no, what);
    if (s[0] == ' ' || s[n - 1] == ' ')
        return hk_err_set(err, HK_EINVAL, it->where, "%s:%u: %s has a leading or trailing space",
                          it->base, it->no, what);
    char folded[GEO_MAX_NAME + 1];
    if (geo_fold(s, folded, sizeof folded) <= 0)
        return hk_err_set(err, HK_EINVAL, it->where,
                          "%s:%u: %s \"%s\" has no letters or digits to search by", it->base,
                          it->no, what, s);
    return 0;
}

static int cmp_by_id_r(const void *a, const void *b, void *ctx)
{
    const geo *g = ctx;
    return strcmp(g->cities[*(const uint32_t *)a].id, g->cities[*(const uint32_t *)b].id);
}

static int cities_lines(geo *g, line_iter *itp, unsigned *line_of, hk_err *err);
static int check_unique_ids(geo *g, const unsigned *line_of, hk_err *err);

static int load_cities(geo *g, const char *path, hk_err *err)
{
    int rc = read_file(path, "cities.tsv", &g->cities_text, err);
    if (rc)
        return rc;
    line_iter it = {g->cities_text, 0, "cities.tsv", ""};
    char *line = next_line(&it);
    if (!line || strcmp(line, CITIES_HEADER))
        return hk_err_set(err, HK_EINVAL, "cities.tsv:1",
                          "cities.tsv:1: the header must be \"%s\" (tab-separated)",
                          "id country lat lon name_en name_ru name_zh local aliases");
    /* Upper bounds from the byte count, so the arrays are sized once. */
    size_t lines = 1, bars = 0;
    for (const char *p = it.p; *p; p++) {
        lines += *p == '\n';
        bars += *p == '|';
    }
    g->cities = calloc(lines, sizeof *g->cities);
    g->aliases = calloc(lines + bars + 1, sizeof *g->aliases);
    unsigned *line_of = calloc(lines, sizeof *line_of); /* city -> its line, for messages */
    if (!g->cities || !g->aliases || !line_of) {
        free(line_of);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    rc = cities_lines(g, &it, line_of, err);
    if (!rc)
        rc = check_unique_ids(g, line_of, err);
    free(line_of);
    return rc;
}

/* Reads the city lines after the header. */
static int cities_lines(geo *g, line_iter *itp, unsigned *line_of, hk_err *err)
{
    line_iter it = *itp;
    char *line;
    int rc;
    size_t n_alias = 0;
    while ((line = next_line(&it))) {
        if (!*line || *line == '#')
            continue;
        if (strlen(line) > GEO_MAX_LINE)
            return hk_err_set(err, HK_ETOOBIG, it.where, "%s: the line is over %d bytes", it.where,
                              GEO_MAX_LINE);
        char *f[GEO_MAX_FIELDS];
        size_t nf = split_tabs(line, f, GEO_MAX_FIELDS);
        if (nf != 9)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: expected 9 tab-separated fields, found %zu", it.where, nf);
        if (g->n >= GEO_MAX_CITIES)
            return hk_err_set(err, HK_ETOOBIG, it.where, "%s: more than %d cities", it.where,
                              GEO_MAX_CITIES);
        geo_city *c = &g->cities[g->n];
        if (!valid_id(f[0]))
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: id \"%.48s\" must be 1-48 characters of a-z, 0-9 and '-'",
                              it.where, f[0]);
        c->id = f[0];
        if (strlen(f[1]) != 2 || f[1][0] < 'A' || f[1][0] > 'Z' || f[1][1] < 'A' || f[1][1] > 'Z')
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: country \"%.8s\" must be an ISO 3166-1 alpha-2 code (\"UZ\")",
                              it.where, f[1]);
        memcpy(c->country, f[1], 3);
        if (!parse_decimal(f[2], &c->lat) || c->lat < -90 || c->lat > 90)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: latitude \"%.32s\" must be a decimal number from -90 to 90",
                              it.where, f[2]);
        if (!parse_decimal(f[3], &c->lon) || c->lon < -180 || c->lon > 180)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: longitude \"%.32s\" must be a decimal number from -180 to 180",
                              it.where, f[3]);
        static const char *what[] = {"name_en", "name_ru", "name_zh", "local"};
        for (int k = 0; k < 4; k++)
            if ((rc = check_name(&it, what[k], f[4 + k], err)))
                return rc;
        c->name_en = f[4];
        c->name_ru = f[5];
        c->name_zh = f[6];
        c->local = f[7];
        c->aliases = g->aliases + n_alias;
        if (*f[8]) {
            for (char *a = f[8];;) {
                char *bar = strchr(a, '|');
                if (bar)
                    *bar = '\0';
                if ((rc = check_name(&it, "an alias", a, err)))
                    return rc;
                g->aliases[n_alias++] = a;
                c->n_aliases++;
                if (!bar)
                    break;
                a = bar + 1;
            }
        }
        c->rank = (uint32_t)g->n;
        c->hub = -1;
        line_of[g->n++] = it.no;
    }
    if (g->n == 0)
        return hk_err_set(err, HK_EINVAL, "cities.tsv", "cities.tsv lists no city");
    return 0;
}

static int check_unique_ids(geo *g, const unsigned *line_of, hk_err *err)
{
    /* Ids sorted for geo_city_by_id; a duplicate sits next to its twin. */
    g->by_id = malloc(g->n * sizeof *g->by_id);
    if (!g->by_id)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < g->n; i++)
        g->by_id[i] = (uint32_t)i;
    qsort_r(g->by_id, g->n, sizeof *g->by_id, cmp_by_id_r, g);
    for (size_t i = 1; i < g->n; i++) {
        const geo_city *a = &g->cities[g->by_id[i - 1]], *b = &g->cities[g->by_id[i]];
        if (!strcmp(a->id, b->id)) {
            const geo_city *later = a->rank > b->rank ? a : b, *first = a->rank > b->rank ? b : a;
            char where[64];
            snprintf(where, sizeof where, "cities.tsv:%u", line_of[later->rank]);
            return hk_err_set(err, HK_ECONFLICT, where,
                              "%s: duplicate city id \"%s\" (first at line %u)", where, later->id,
                              line_of[first->rank]);
        }
    }
    return 0;
}

const geo_city *geo_city_by_id(const geo *g, const char *id)
{
    if (!g || !id)
        return NULL;
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->cities[g->by_id[mid]].id, id);
        if (c == 0)
            return &g->cities[g->by_id[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int load_rail(geo *g, const char *path, hk_err *err)
{
    int rc = read_file(path, "rail.tsv", &g->rail_text, err);
    if (rc)
        return rc;
    line_iter it = {g->rail_text, 0, "rail.tsv", ""};
    char *line = next_line(&it);
    if (!line || strcmp(line, RAIL_HEADER))
        return hk_err_set(err, HK_EINVAL, "rail.tsv:1",
                          "rail.tsv:1: the header must be \"from to km corridor\" (tab-separated)");
    size_t lines = 1;
    for (const char *p = it.p; *p; p++)
        lines += *p == '\n';
    g->edges = calloc(lines, sizeof *g->edges);
    g->hub_city = calloc(g->n, sizeof *g->hub_city);
    if (!g->edges || !g->hub_city)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    while ((line = next_line(&it))) {
        if (!*line || *line == '#')
            continue;
        if (strlen(line) > GEO_MAX_LINE)
            return hk_err_set(err, HK_ETOOBIG, it.where, "%s: the line is over %d bytes", it.where,
                              GEO_MAX_LINE);
        char *f[GEO_MAX_FIELDS];
        size_t nf = split_tabs(line, f, GEO_MAX_FIELDS);
        if (nf != 4)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: expected 4 tab-separated fields, found %zu", it.where, nf);
        geo_city *ends[2];
        for (int k = 0; k < 2; k++) {
            ends[k] = (geo_city *)geo_city_by_id(g, f[k]);
            if (!ends[k])
                return hk_err_set(err, HK_EINVAL, it.where,
                                  "%s: unknown city id \"%.48s\" (not in cities.tsv)", it.where,
                                  f[k]);
        }
        if (ends[0] == ends[1])
            return hk_err_set(err, HK_EINVAL, it.where, "%s: a line from \"%s\" to itself",
                              it.where, f[0]);
        double km;
        if (!parse_decimal(f[2], &km) || km <= 0 || km > 20000)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: km \"%.32s\" must be a number above 0 and at most 20000",
                              it.where, f[2]);
        if ((rc = check_name(&it, "corridor", f[3], err)))
            return rc;
        /* Rail is never shorter than the great circle, and a line more than
         * three times as long is a typo; the slack covers coordinates
         * rounded to 2 decimals (about 1 km) at short border crossings. */
        double gc = geo_gc_km(ends[0]->lat, ends[0]->lon, ends[1]->lat, ends[1]->lon);
        if (km < gc * 0.97 - 3)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: %s-%s is %.0f km by rail but %.0f km on the great circle; "
                              "check the distance and the coordinates",
                              it.where, f[0], f[1], km, gc);
        if (km > gc * 3 + 100)
            return hk_err_set(err, HK_EINVAL, it.where,
                              "%s: %s-%s is %.0f km by rail, over three times the %.0f km great "
                              "circle; check the distance and the coordinates",
                              it.where, f[0], f[1], km, gc);
        uint32_t hub[2];
        for (int k = 0; k < 2; k++) {
            if (ends[k]->hub < 0) {
                if (g->n_hubs >= GEO_MAX_HUBS)
                    return hk_err_set(err, HK_ETOOBIG, it.where,
                                      "%s: more than %d cities on the rail graph", it.where,
                                      GEO_MAX_HUBS);
                ends[k]->hub = (int32_t)g->n_hubs;
                g->hub_city[g->n_hubs++] = (uint32_t)(ends[k] - g->cities);
            }
            hub[k] = (uint32_t)ends[k]->hub;
        }
        for (size_t e = 0; e < g->n_edges; e++) {
            const geo_edge *x = &g->edges[e];
            if ((x->a == hub[0] && x->b == hub[1]) || (x->a == hub[1] && x->b == hub[0]))
                return hk_err_set(err, HK_ECONFLICT, it.where,
                                  "%s: the line %s-%s is listed twice", it.where, f[0], f[1]);
        }
        g->edges[g->n_edges++] = (geo_edge){hub[0], hub[1], (float)km};
    }
    return 0;
}

int geo_load(const char *dir, geo **out, hk_err *err)
{
    hk_err_clear(err);
    *out = NULL;
    if (!dir || strlen(dir) > 3000)
        return hk_err_set(err, HK_EINVAL, "dir", "the data folder path is missing or too long");
    geo *g = calloc(1, sizeof *g);
    if (!g)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    char path[3100];
    snprintf(path, sizeof path, "%s/cities.tsv", dir);
    int rc = load_cities(g, path, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/rail.tsv", dir);
        rc = load_rail(g, path, err);
    }
    if (!rc)
        rc = geo_names_build(g, err);
    if (!rc)
        rc = geo_rail_build(g, err);
    if (rc) {
        geo_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

void geo_free(geo *g)
{
    if (!g)
        return;
    free(g->cities_text);
    free(g->rail_text);
    free(g->cities);
    free(g->aliases);
    free(g->by_id);
    free(g->prio);
    free(g->fold_pool);
    free(g->names);
    free(g->hub_city);
    free(g->edges);
    free(g->dist);
    free(g->pred);
    free(g);
}

size_t geo_city_count(const geo *g)
{
    return g ? g->n : 0;
}

const geo_city *geo_city_at(const geo *g, size_t i)
{
    return g && i < g->n ? &g->cities[i] : NULL;
}
