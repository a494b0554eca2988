/*
 * demo_gen.c - writes the demo data set (demo.h) into the store:
 * organisations first, then listings that refer to them, in
 * transactions of opts->batch records.
 *
 * Each record is built in buffers owned by the generator and reused from
 * one record to the next; the store copies what it keeps, so writing a
 * listing allocates nothing here. Two PRNG streams (organisations,
 * listings) come from the one seed, so runs with the same seed and
 * counts write identical records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_int.h"
#include "model/model.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ORG_PRODUCTS 4
#define MAX_ORG_CERTS 4

void demo_opts_default(demo_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 2026;
    o->n_orgs = 2000;
    o->n_listings = 10000;
    o->batch = 50000;
}

/* ---- certifications ---- */

enum {
    C_ISO9001, C_ISO14001, C_ISO45001, C_ISO50001, C_IATF, C_GOSTR, C_EAC, C_CCC, C_BIS, C_GMP_EAEU,
    C_GMP_WHO, C_GMP_NMPA, C_ISO22000, C_HALAL, C_ISO13485, C_API5L, C_CE, C_IRIS, C_ISO17025, C__COUNT
};

static const char *const cert_names[C__COUNT] = {
    [C_ISO9001] = "ISO 9001:2015",        [C_ISO14001] = "ISO 14001:2015", [C_ISO45001] = "ISO 45001:2018",
    [C_ISO50001] = "ISO 50001:2018",      [C_IATF] = "IATF 16949:2016",   [C_GOSTR] = "GOST R",
    [C_EAC] = "EAC (TR CU 010/2011)",    [C_CCC] = "CCC",                [C_BIS] = "BIS",
    [C_GMP_EAEU] = "GMP EAEU",            [C_GMP_WHO] = "WHO GMP",        [C_GMP_NMPA] = "NMPA GMP",
    [C_ISO22000] = "ISO 22000:2018",      [C_HALAL] = "Halal",            [C_ISO13485] = "ISO 13485:2016",
    [C_API5L] = "API Spec 5L",            [C_CE] = "CE marking",          [C_IRIS] = "ISO/TS 22163 (IRIS)",
    [C_ISO17025] = "ISO/IEC 17025:2017"};

static bool in_list(const char *iso2, const char *list)
{
    for (const char *p = list; *p; p += 3)
        if (p[0] == iso2[0] && p[1] == iso2[1])
            return true;
    return false;
}

#define EAEU "RU KZ KG BY AM "
#define MUSLIM_MAJORITY "UZ KZ KG TJ PK IR AF AZ TR EG SA AE QA KW BH MV TM "

/* ---- what the generator remembers about each organisation ---- */
typedef struct org_info {
    int64_t id;                          /* from the store */
    uint16_t country;                    /* index in demo_countries() */
    uint16_t city;                       /* index in demo_cities() */
    uint8_t sector, type;
    uint8_t n_products, n_certs;
    uint16_t products[MAX_ORG_PRODUCTS]; /* indexes in demo_products() */
    uint8_t certs[MAX_ORG_CERTS];        /* indexes in cert_names */
} org_info;

/* A country of the profile table that the store holds, with its names. */
typedef struct gen_country {
    const demo_country *profile;
    char *name_en, *name_ru, *name_zh;   /* from malloc(), copied from the store */
    sco_status status;
    size_t first_city, n_cities;         /* cities of this country in demo_cities() */
    int city_weight;                     /* sum of their weights */
    uint32_t serial;                     /* registry ids handed out so far */
} gen_country;

typedef struct gen {
    hk_store *st;
    const demo_opts *opts;
    const demo_product *products;
    size_t n_products;
    const demo_city *cities;
    size_t n_cities;
    gen_country countries[64];
    size_t n_countries;
    int country_weight;
    uint16_t *by_sector[DEMO_SEC__COUNT]; /* product indexes of each sector (malloc) */
    size_t n_by_sector[DEMO_SEC__COUNT];
    org_info *orgs;                      /* opts->n_orgs entries (malloc) */
    size_t n_orgs;
    size_t pending;                      /* writes in the open transaction */
    bool in_tx;
    demo_result *res;
} gen;

static int collect_country(const country *c, void *ctx)
{
    gen *g = ctx;
    size_t n;
    const demo_country *profiles = demo_countries(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(profiles[i].iso2, c->iso2) || g->n_countries >= N(g->countries))
            continue;
        gen_country *gc = &g->countries[g->n_countries];
        memset(gc, 0, sizeof *gc);
        gc->profile = &profiles[i];
        gc->status = c->status;
        gc->name_en = strdup(c->name_en);
        gc->name_ru = strdup(c->name_ru);
        gc->name_zh = strdup(c->name_zh);
        g->n_countries++;
        if (!gc->name_en || !gc->name_ru || !gc->name_zh)
            return HK_ENOMEM;
    }
    return 0;
}

static int gen_init(gen *g, hk_store *st, const demo_opts *opts, demo_result *res, hk_err *err)
{
    memset(g, 0, sizeof *g);
    g->st = st;
    g->opts = opts;
    g->res = res;
    g->products = demo_products(&g->n_products);
    g->cities = demo_cities(&g->n_cities);
    int rc = store_country_each(st, collect_country, g, err);
    if (rc == HK_ENOMEM)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory while reading countries");
    if (rc)
        return rc;
    /* Keep the profile table's order (not the store's), so that the data
     * do not depend on how the store sorts. */
    size_t np;
    const demo_country *profiles = demo_countries(&np);
    gen_country sorted[64] = {0};
    size_t k = 0;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < g->n_countries; j++)
            if (g->countries[j].profile == &profiles[i])
                sorted[k++] = g->countries[j];
    memcpy(g->countries, sorted, k * sizeof sorted[0]);
    bool member = false;
    for (size_t i = 0; i < g->n_countries; i++) {
        gen_country *gc = &g->countries[i];
        gc->first_city = g->n_cities;
        for (size_t c = 0; c < g->n_cities; c++) {
            if (strcmp(g->cities[c].iso2, gc->profile->iso2))
                continue;
            if (gc->n_cities == 0)
                gc->first_city = c;
            gc->n_cities++;
            gc->city_weight += g->cities[c].weight;
        }
        if (gc->n_cities)
            g->country_weight += gc->profile->weight;
        member |= gc->status == SCO_MEMBER && gc->n_cities > 0;
    }
    if (!member)
        return hk_err_set(err, HK_EINVAL, "countries",
                          "the store holds no SCO member state; load data/countries.tsv first (hamkor init)");
    for (size_t i = 0; i < g->n_products; i++)
        g->n_by_sector[g->products[i].sector]++;
    for (int s = 0; s < DEMO_SEC__COUNT; s++) {
        g->by_sector[s] = malloc((g->n_by_sector[s] + 1) * sizeof(uint16_t));
        if (!g->by_sector[s])
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        g->n_by_sector[s] = 0;
    }
    for (size_t i = 0; i < g->n_products; i++) {
        int s = g->products[i].sector;
        g->by_sector[s][g->n_by_sector[s]++] = (uint16_t)i;
    }
    g->orgs = calloc(opts->n_orgs ? opts->n_orgs : 1, sizeof *g->orgs);
    if (!g->orgs)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory for %zu organisations", opts->n_orgs);
    return 0;
}

static void gen_free(gen *g)
{
    for (size_t i = 0; i < g->n_countries; i++) {
        free(g->countries[i].name_en);
        free(g->countries[i].name_ru);
        free(g->countries[i].name_zh);
    }
    for (int s = 0; s < DEMO_SEC__COUNT; s++)
        free(g->by_sector[s]);
    free(g->orgs);
}

/* ---- transactions ---- */

static int tx_write_done(gen *g, hk_err *err)
{
    if (++g->pending < g->opts->batch)
        return 0;
    int rc = store_commit(g->st, err);
    g->in_tx = false;
    if (rc)
        return rc;
    g->pending = 0;
    if (g->opts->progress)
        g->opts->progress(g->opts->progress_ctx, g->res->orgs, g->res->listings, g->opts);
    rc = store_begin(g->st, err);
    g->in_tx = rc == 0;
    return rc;
}

/* ---- small random helpers ---- */

static bool chance(demo_rng *r, int percent)
{
    return (int)demo_rng_below(r, 100) < percent;
}

/* Log-uniform in [lo, hi], rounded to two significant digits: the
 * figures people write ("12,000 t", not "11,873 t"). */
static double nice_amount(demo_rng *r, double lo, double hi)
{
    double v = exp(log(lo) + demo_rng_unit(r) * (log(hi) - log(lo)));
    double mag = pow(10, floor(log10(v)) - 1);
    v = round(v / mag) * mag;
    return v < 1 ? 1 : v;
}

static int pick_weighted(demo_rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = (int)demo_rng_below(r, (uint32_t)total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

static const gen_country *pick_country(gen *g, demo_rng *r, size_t *index)
{
    int x = (int)demo_rng_below(r, (uint32_t)g->country_weight);
    for (size_t i = 0; i < g->n_countries; i++) {
        const gen_country *gc = &g->countries[i];
        if (!gc->n_cities)
            continue;
        if (x < gc->profile->weight) {
            *index = i;
            return gc;
        }
        x -= gc->profile->weight;
    }
    *index = 0;
    return &g->countries[0];
}

static size_t pick_city(gen *g, demo_rng *r, const gen_country *gc)
{
    int x = (int)demo_rng_below(r, (uint32_t)gc->city_weight);
    for (size_t c = gc->first_city; c < g->n_cities; c++) {
        if (strcmp(g->cities[c].iso2, gc->profile->iso2))
            continue;
        if (x < g->cities[c].weight)
            return c;
        x -= g->cities[c].weight;
    }
    return gc->first_city;
}

/* Sectors each economy is known for weigh more in its organisations. */
static demo_sector pick_sector(demo_rng *r, const char *iso2)
{
    static const struct {
        const char *iso2;
        demo_sector s[4];
        int boost[4];
    } flavour[] = {
        {"UZ", {DEMO_SEC_TEXTILES, DEMO_SEC_FOOD, DEMO_SEC_CHEMICALS, DEMO_SEC_AUTO}, {25, 12, 6, 6}},
        {"KZ", {DEMO_SEC_MINING, DEMO_SEC_METAL, DEMO_SEC_ENERGY, DEMO_SEC_RAIL}, {20, 15, 10, 6}},
        {"RU", {DEMO_SEC_MACHINERY, DEMO_SEC_METAL, DEMO_SEC_ENERGY, DEMO_SEC_RAIL}, {12, 10, 10, 6}},
        {"CN", {DEMO_SEC_ELECTRONICS, DEMO_SEC_ELECTRICAL, DEMO_SEC_MACHINERY, DEMO_SEC_ENERGY}, {20, 15, 10, 10}},
        {"IN", {DEMO_SEC_PHARMA, DEMO_SEC_AUTO, DEMO_SEC_TEXTILES, DEMO_SEC_ENGINEERING}, {15, 15, 10, 10}},
        {"PK", {DEMO_SEC_TEXTILES, DEMO_SEC_FOOD, DEMO_SEC_PHARMA, DEMO_SEC_INSTRUMENTS}, {25, 10, 5, 5}},
        {"IR", {DEMO_SEC_METAL, DEMO_SEC_CHEMICALS, DEMO_SEC_AUTO, DEMO_SEC_BUILDING}, {15, 15, 10, 10}},
        {"BY", {DEMO_SEC_AGRIMACH, DEMO_SEC_MACHINERY, DEMO_SEC_AUTO, DEMO_SEC_CHEMICALS}, {20, 10, 10, 5}},
        {"KG", {DEMO_SEC_MINING, DEMO_SEC_FOOD, DEMO_SEC_TEXTILES, DEMO_SEC_BUILDING}, {15, 10, 10, 5}},
        {"TJ", {DEMO_SEC_ENERGY, DEMO_SEC_METAL, DEMO_SEC_TEXTILES, DEMO_SEC_FOOD}, {15, 10, 10, 10}},
        {"MN", {DEMO_SEC_MINING, DEMO_SEC_FOOD, DEMO_SEC_TEXTILES, DEMO_SEC_BUILDING}, {25, 10, 10, 5}},
    };
    int w[DEMO_SEC__COUNT];
    for (int s = 0; s < DEMO_SEC__COUNT; s++)
        w[s] = 10;
    bool found = false;
    for (size_t i = 0; i < N(flavour); i++)
        if (!strcmp(flavour[i].iso2, iso2)) {
            for (int k = 0; k < 4; k++)
                w[flavour[i].s[k]] += flavour[i].boost[k];
            found = true;
        }
    if (!found) {
        w[DEMO_SEC_FOOD] += 10;
        w[DEMO_SEC_ENERGY] += 10;
        w[DEMO_SEC_CHEMICALS] += 10;
        w[DEMO_SEC_BUILDING] += 5;
    }
    return (demo_sector)pick_weighted(r, w, DEMO_SEC__COUNT);
}

/* ---- organisations ---- */

/* Everything one organisation record points into, reused per record. */
typedef struct org_scratch {
    demo_name_out names;
    org_name name_rec[4];
    char registry_id[40];
    char city[128];
    char *isic[8], *hs[12];
    capability caps[6];
    char cap_unit[3][32];
    certification certs[MAX_ORG_CERTS];
    char cert_scope[MAX_ORG_CERTS][200];
    char lang_store[12][16];
    char *langs[12];
    char website[160];
} org_scratch;

static void add_cert(org_info *oi, int c)
{
    if (oi->n_certs < MAX_ORG_CERTS)
        oi->certs[oi->n_certs++] = (uint8_t)c;
}

static void choose_certs(demo_rng *r, org_info *oi, const char *iso2)
{
    int s = oi->sector;
    if (oi->type == ORG_RESEARCH || oi->type == ORG_OTHER || s == DEMO_SEC_ENGINEERING) {
        if (chance(r, 50))
            add_cert(oi, C_ISO17025);
        if (oi->type != ORG_ENTERPRISE)
            return;
    }
    if (oi->type != ORG_ENTERPRISE)
        return;
    if (chance(r, 75))
        add_cert(oi, C_ISO9001);
    if (s == DEMO_SEC_AUTO && chance(r, 60))
        add_cert(oi, C_IATF);
    if (s == DEMO_SEC_PHARMA && chance(r, 80))
        add_cert(oi, in_list(iso2, EAEU) ? C_GMP_EAEU : !strcmp(iso2, "CN") ? C_GMP_NMPA : C_GMP_WHO);
    if (s == DEMO_SEC_FOOD && chance(r, 50))
        add_cert(oi, C_ISO22000);
    if (s == DEMO_SEC_FOOD && in_list(iso2, MUSLIM_MAJORITY) && chance(r, 60))
        add_cert(oi, C_HALAL);
    if (s == DEMO_SEC_RAIL && chance(r, 50))
        add_cert(oi, C_IRIS);
    if (s == DEMO_SEC_METAL && chance(r, 20))
        add_cert(oi, C_API5L);
    if ((s == DEMO_SEC_ELECTRICAL || s == DEMO_SEC_ELECTRONICS) && !strcmp(iso2, "CN") && chance(r, 60))
        add_cert(oi, C_CCC);
    if ((s == DEMO_SEC_ELECTRICAL || s == DEMO_SEC_ELECTRONICS || s == DEMO_SEC_BUILDING) && !strcmp(iso2, "IN") &&
        chance(r, 40))
        add_cert(oi, C_BIS);
    if ((s == DEMO_SEC_MACHINERY || s == DEMO_SEC_ELECTRICAL || s == DEMO_SEC_AUTO || s == DEMO_SEC_AGRIMACH) &&
        in_list(iso2, EAEU) && chance(r, 50))
        add_cert(oi, C_EAC);
    if (!strcmp(iso2, "RU") && chance(r, 30))
        add_cert(oi, C_GOSTR);
    if (!strcmp(iso2, "TR") && chance(r, 50))
        add_cert(oi, C_CE);
    if (chance(r, 30))
        add_cert(oi, C_ISO14001);
    if (chance(r, 15))
        add_cert(oi, C_ISO45001);
    if (chance(r, 5))
        add_cert(oi, C_ISO50001);
}

static void add_code(char **list, size_t *n, size_t max, const char *code)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(list[i], code))
            return;
    if (*n < max)
        list[(*n)++] = (char *)code; /* the store copies; nothing here frees it */
}

static void add_lang(org_scratch *s, organisation *o, const char *tag)
{
    for (size_t i = 0; i < o->n_languages; i++)
        if (!strcmp(o->languages[i], tag))
            return;
    if (o->n_languages >= N(s->langs))
        return;
    snprintf(s->lang_store[o->n_languages], sizeof s->lang_store[0], "%s", tag);
    s->langs[o->n_languages] = s->lang_store[o->n_languages];
    o->n_languages++;
}

static int make_org(gen *g, demo_rng *r, size_t index, org_scratch *s, hk_err *err)
{
    static const int type_w[ORG__COUNT] = {
        [ORG_ENTERPRISE] = 800, [ORG_STATE_AGENCY] = 20, [ORG_RESEARCH] = 50, [ORG_UNIVERSITY] = 40,
        [ORG_BUSINESS_ASSOCIATION] = 20, [ORG_CLUSTER] = 30, [ORG_FINANCIAL] = 20, [ORG_MEDICAL] = 10,
        [ORG_OTHER] = 10};
    org_info *oi = &g->orgs[index];
    size_t ci;
    /* The first organisations go round the member states once, so that
     * even a small data set has every one of them. */
    gen_country *gc = NULL;
    if (index < g->n_countries && g->countries[index].status == SCO_MEMBER && g->countries[index].n_cities) {
        ci = index;
        gc = &g->countries[ci];
    } else {
        gc = (gen_country *)pick_country(g, r, &ci);
    }
    const demo_country *c = gc->profile;
    size_t city_i = pick_city(g, r, gc);
    const demo_city *city = &g->cities[city_i];

    memset(oi, 0, sizeof *oi);
    oi->country = (uint16_t)ci;
    oi->city = (uint16_t)city_i;
    oi->type = (uint8_t)pick_weighted(r, type_w, ORG__COUNT);
    oi->sector = (uint8_t)pick_sector(r, c->iso2);
    size_t nsec = g->n_by_sector[oi->sector];
    int want = 1 + (int)demo_rng_below(r, MAX_ORG_PRODUCTS);
    for (int k = 0; k < want; k++) {
        uint16_t p = g->by_sector[oi->sector][demo_rng_below(r, (uint32_t)nsec)];
        bool dup = false;
        for (int j = 0; j < oi->n_products; j++)
            dup |= oi->products[j] == p;
        if (!dup)
            oi->products[oi->n_products++] = p;
    }
    choose_certs(r, oi, c->iso2);

    organisation o;
    memset(&o, 0, sizeof o);
    int rc = demo_name_org(r, c, city, oi->type, (demo_sector)oi->sector, &s->names, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < s->names.n; i++) {
        s->name_rec[i].text = s->names.text[i];
        s->name_rec[i].lang = (char *)s->names.lang[i];
        s->name_rec[i].primary = i == 0;
    }
    o.names = s->name_rec;
    o.n_names = s->names.n;

    const demo_product *first = &g->products[oi->products[0]];
    demo_registry_id(r, c, city, first->isic[0], gc->serial++, s->registry_id, sizeof s->registry_id);
    o.registry_scheme = (char *)c->scheme;
    o.registry_id = s->registry_id;
    memcpy(o.country, c->iso2, 3);

    /* The city as the organisation itself writes it. */
    const char *primary = s->names.lang[0];
    const char *cname = city->en;
    if (city->local && !strcmp(primary, city->local_lang))
        cname = city->local;
    else if (city->alt && !strcmp(primary, city->alt_lang))
        cname = city->alt;
    else if (!strcmp(primary, "ru"))
        cname = city->ru;
    else if (!strcmp(primary, "zh"))
        cname = city->zh;
    snprintf(s->city, sizeof s->city, "%s", cname);
    o.city = s->city;
    /* Spread sites over the metropolitan area (about ±4 km). */
    o.lat = round((city->lat + (demo_rng_unit(r) - 0.5) * 0.07) * 1e4) / 1e4;
    o.lon = round((city->lon + (demo_rng_unit(r) - 0.5) * 0.07) * 1e4) / 1e4;
    o.has_coords = true;

    o.type = (org_type)oi->type;
    if (o.type == ORG_ENTERPRISE) {
        o.sme = chance(r, 65);
        o.size = o.sme ? (org_size)(SIZE_MICRO + pick_weighted(r, (const int[]){15, 45, 40}, 3)) : SIZE_LARGE;
    } else {
        o.size = chance(r, 60) ? SIZE_LARGE : SIZE_MEDIUM;
    }

    size_t n_isic = 0, n_hs = 0;
    for (int k = 0; k < oi->n_products; k++) {
        const demo_product *p = &g->products[oi->products[k]];
        for (int i = 0; i < 2 && p->isic[i]; i++)
            add_code(s->isic, &n_isic, N(s->isic), p->isic[i]);
        for (int i = 0; i < 3 && p->hs[i]; i++)
            add_code(s->hs, &n_hs, N(s->hs), p->hs[i]);
    }
    o.isic = s->isic, o.n_isic = n_isic;
    o.hs = n_hs ? s->hs : NULL, o.n_hs = n_hs;

    /* Capabilities: what the plant can do, with capacities for its main
     * products; institutions that do not produce list none. */
    const demo_sector_words *w = demo_sector_words_of((demo_sector)oi->sector);
    size_t nc = 0;
    bool producer = o.type == ORG_ENTERPRISE || o.type == ORG_RESEARCH || o.type == ORG_UNIVERSITY;
    if (producer) {
        for (int k = 0; k < oi->n_products && k < 2; k++) {
            const demo_product *p = &g->products[oi->products[k]];
            capability *cp = &s->caps[nc++];
            cp->kind = CAP_CAPACITY;
            cp->text = (char *)p->en;
            cp->amount = nice_amount(r, p->lo, p->hi);
            snprintf(s->cap_unit[k], sizeof s->cap_unit[0], "%s/year", p->unit);
            cp->unit = s->cap_unit[k];
        }
        int np = 1 + (int)demo_rng_below(r, 2);
        for (int k = 0; k < np; k++) {
            capability *cp = &s->caps[nc++];
            cp->kind = CAP_PROCESS;
            cp->text = (char *)w->process[(k + (int)demo_rng_below(r, 3)) % 3];
            cp->amount = 0;
            cp->unit = NULL;
            if (k == 1 && !strcmp(cp->text, s->caps[nc - 2].text))
                nc--; /* the same process twice says nothing */
        }
        capability *cp = &s->caps[nc++];
        cp->kind = CAP_EQUIPMENT;
        cp->text = (char *)w->equipment[demo_rng_below(r, 3)];
        cp->amount = 1 + demo_rng_below(r, 40);
        cp->unit = (char *)"units";
    }
    o.capabilities = nc ? s->caps : NULL;
    o.n_capabilities = nc;

    int64_t ref = demo_days_from_civil(2026, 11, 1);
    for (int k = 0; k < oi->n_certs; k++) {
        certification *ce = &s->certs[k];
        memset(ce, 0, sizeof *ce);
        ce->name = (char *)cert_names[oi->certs[k]];
        if (chance(r, 60)) {
            snprintf(s->cert_scope[k], sizeof s->cert_scope[0], "design and manufacture of %s", first->en);
            ce->scope = s->cert_scope[k];
        }
        /* Issued within three years before the reference date, mostly;
         * a few are older and have lapsed. */
        int64_t issued = ref - 1 - (int64_t)demo_rng_below(r, chance(r, 90) ? 1090 : 1800);
        demo_format_date(issued, ce->issued);
        demo_format_date(issued + 3 * 365, ce->expires);
    }
    o.certifications = oi->n_certs ? s->certs : NULL;
    o.n_certifications = oi->n_certs;

    o.languages = s->langs;
    o.n_languages = 0;
    char tags[64];
    snprintf(tags, sizeof tags, "%s", c->languages);
    for (char *save = NULL, *t = strtok_r(tags, " ", &save); t; t = strtok_r(NULL, " ", &save))
        add_lang(s, &o, t);
    if (chance(r, 25))
        add_lang(s, &o, "en");
    if (chance(r, 15))
        add_lang(s, &o, "zh");
    if (chance(r, 15))
        add_lang(s, &o, "ru");

    if (chance(r, 85)) {
        snprintf(s->website, sizeof s->website, "https://www.%s.%s", s->names.slug, c->tld);
        o.website = s->website;
    }
    int tier_w[TIER__COUNT] = {45, 38, 17};
    o.tier = (verification_tier)pick_weighted(r, tier_w, TIER__COUNT);

    rc = store_org_create(g->st, &o, 0, err);
    if (rc)
        return rc;
    oi->id = o.id;
    return 0;
}

/* ---- listings ---- */

typedef struct listing_scratch {
    char title[2][1024];
    char desc[2][8192];
    char tmp[8192];
    listing_text texts[2];
    quantity qty;
    char targets[3][3];
    char *hs[3], *isic[2];
} listing_scratch;

static const char *pick_text_lang(demo_rng *r, const char *iso2)
{
    int x = (int)demo_rng_below(r, 100);
    if (!strcmp(iso2, "UZ"))
        return x < 35 ? "uz-Latn" : x < 50 ? "uz-Cyrl" : x < 85 ? "ru" : "en";
    if (!strcmp(iso2, "KZ"))
        return x < 50 ? "ru" : x < 70 ? "kk-Cyrl" : x < 75 ? "kk-Latn" : "en";
    if (!strcmp(iso2, "RU") || !strcmp(iso2, "BY") || !strcmp(iso2, "KG") || !strcmp(iso2, "TJ"))
        return x < 85 ? "ru" : "en";
    if (!strcmp(iso2, "CN"))
        return x < 80 ? "zh" : "en";
    if (!strcmp(iso2, "MN") || !strcmp(iso2, "TM") || !strcmp(iso2, "AZ") || !strcmp(iso2, "AM"))
        return x < 35 ? "ru" : "en";
    return "en";
}

static void pick_kind(demo_rng *r, int type, int *dir, int *kind)
{
    static const int ent_w[KIND__COUNT] = {22, 16, 34, 10, 8, 10};
    switch (type) {
    case ORG_RESEARCH:
    case ORG_UNIVERSITY:
        *kind = chance(r, 60) ? KIND_RESEARCH : KIND_TECHNOLOGY;
        *dir = chance(r, 65) ? DIR_OFFER : DIR_REQUEST;
        break;
    case ORG_FINANCIAL:
        *kind = KIND_INVESTMENT;
        *dir = chance(r, 90) ? DIR_OFFER : DIR_REQUEST;
        break;
    case ORG_STATE_AGENCY:
    case ORG_CLUSTER:
    case ORG_BUSINESS_ASSOCIATION:
        *kind = pick_weighted(r, (const int[]){40, 0, 20, 0, 40, 0}, KIND__COUNT);
        *dir = chance(r, 70) ? DIR_REQUEST : DIR_OFFER;
        break;
    case ORG_MEDICAL:
        *kind = chance(r, 80) ? KIND_SUPPLY : KIND_RESEARCH;
        *dir = DIR_REQUEST;
        break;
    case ORG_OTHER:
        *kind = KIND_RESEARCH;
        *dir = DIR_OFFER;
        break;
    default:
        *kind = pick_weighted(r, ent_w, KIND__COUNT);
        *dir = chance(r, 50) ? DIR_OFFER : DIR_REQUEST;
        break;
    }
}

static int make_listing(gen *g, demo_rng *r, listing_scratch *s, hk_err *err)
{
    const org_info *oi = &g->orgs[demo_rng_below(r, (uint32_t)g->n_orgs)];
    const gen_country *gc = &g->countries[oi->country];
    const demo_country *c = gc->profile;
    const demo_city *city = &g->cities[oi->city];

    uint16_t pi = chance(r, 85) ? oi->products[demo_rng_below(r, oi->n_products)]
                                : g->by_sector[oi->sector][demo_rng_below(r, (uint32_t)g->n_by_sector[oi->sector])];
    const demo_product *p = &g->products[pi];

    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = oi->id;
    int dir, kind;
    pick_kind(r, oi->type, &dir, &kind);
    l.direction = (listing_direction)dir;
    l.kind = (listing_kind)kind;

    demo_text_in in;
    memset(&in, 0, sizeof in);
    in.product = p;
    in.direction = dir;
    in.kind = kind;
    in.variant = (int)demo_rng_below(r, 2);
    in.city = city;
    in.country_en = gc->name_en, in.country_ru = gc->name_ru, in.country_zh = gc->name_zh;
    in.country_uz = c->name_uz, in.country_kk = c->name_kk;

    /* Quantities: capacity offered per year, or volume sought per period. */
    bool has_qty = kind == KIND_RESEARCH ? false : kind == KIND_INVESTMENT ? chance(r, 60) : chance(r, 90);
    if (has_qty) {
        double a = nice_amount(r, p->lo, p->hi);
        s->qty.unit = (char *)p->unit;
        if (dir == DIR_OFFER) {
            s->qty.kind = QTY_CAPACITY;
            s->qty.period = (char *)"year";
        } else {
            int per = pick_weighted(r, (const int[]){50, 25, 25}, 3);
            s->qty.kind = QTY_QUANTITY;
            s->qty.period = (char *)(per == 0 ? "year" : per == 1 ? "month" : "batch");
            if (per)
                a = nice_amount(r, fmax(1, a / (per == 1 ? 12 : 20)), fmax(1, a / (per == 1 ? 12 : 20)));
        }
        s->qty.amount = a;
        in.amount = a;
        in.period = s->qty.period;
        l.quantities = &s->qty;
        l.n_quantities = 1;
    }
    if (kind == KIND_INVESTMENT)
        in.invest_musd = nice_amount(r, 0.5, 200);

    /* Target countries: other member states, sometimes a partner. */
    if (chance(r, 55)) {
        size_t want = 1 + demo_rng_below(r, 3);
        for (int tries = 0; tries < 12 && l.n_targets < want; tries++) {
            const gen_country *t = &g->countries[demo_rng_below(r, (uint32_t)g->n_countries)];
            if (t == gc || (t->status != SCO_MEMBER && !chance(r, 15)))
                continue;
            bool dup = false;
            for (size_t k = 0; k < l.n_targets; k++)
                dup |= !strcmp(s->targets[k], t->profile->iso2);
            if (dup)
                continue;
            memcpy(s->targets[l.n_targets], t->profile->iso2, 3);
            in.target_en[l.n_targets] = t->name_en;
            in.target_ru[l.n_targets] = t->name_ru;
            in.target_zh[l.n_targets] = t->name_zh;
            in.target_uz[l.n_targets] = t->profile->name_uz;
            in.target_kk[l.n_targets] = t->profile->name_kk;
            l.n_targets++;
        }
        in.n_targets = l.n_targets;
        l.targets = l.n_targets ? s->targets : NULL;
    }

    /* Status and dates, relative to the reference date 2026-11-01. */
    int st = pick_weighted(r, (const int[]){4, 90, 3, 3}, STATUS__COUNT);
    l.status = (listing_status)st;
    int64_t expires;
    if (st == STATUS_EXPIRED)
        expires = demo_days_from_civil(2026, 3, 1) + demo_rng_below(r, 245);  /* to 2026-10-31 */
    else
        expires = demo_days_from_civil(2027, 1, 1) + demo_rng_below(r, 365); /* during 2027 */
    if (dir == DIR_REQUEST && kind != KIND_RESEARCH && chance(r, 45)) {
        int64_t dl = st == STATUS_EXPIRED ? expires - 1 - demo_rng_below(r, 60)
                                          : demo_days_from_civil(2026, 11, 15) + demo_rng_below(r, 228);
        if (dl > expires)
            expires = dl + 30;
        demo_format_date(dl, l.deadline);
        in.deadline = l.deadline;
    }
    demo_format_date(expires, l.expires);

    for (size_t k = 0; k < oi->n_certs && k < 3 && dir == DIR_OFFER && chance(r, 70); k++)
        in.certs[in.n_certs++] = cert_names[oi->certs[k]];
    in.show_hs = chance(r, 40);

    for (int i = 0; i < 3 && p->hs[i]; i++)
        s->hs[l.n_hs++] = (char *)p->hs[i];
    for (int i = 0; i < 2 && p->isic[i]; i++)
        s->isic[l.n_isic++] = (char *)p->isic[i];
    l.hs = l.n_hs ? s->hs : NULL;
    l.isic = s->isic;

    /* The original, in the language the author would write. */
    const char *lang = pick_text_lang(r, c->iso2);
    if (!demo_product_has_lang(p, lang))
        lang = "ru";
    demo_buf title, desc, tmp;
    demo_buf_init(&tmp, s->tmp, sizeof s->tmp);
    demo_buf_init(&title, s->title[0], sizeof s->title[0]);
    demo_buf_init(&desc, s->desc[0], sizeof s->desc[0]);
    int rc = demo_write_text(&in, lang, &title, &desc, &tmp, err);
    if (rc)
        return rc;
    s->texts[0] = (listing_text){(char *)lang, ORIGIN_ORIGINAL, s->title[0], s->desc[0]};
    l.texts = s->texts;
    l.n_texts = 1;

    /* A third of listings carry a translation: usually English (machine
     * or human); English originals gain Russian or Chinese; Uzbek and
     * Kazakh ones are sometimes given in their other script. */
    if (chance(r, 33)) {
        const char *tl = "en";
        text_origin origin = chance(r, 65) ? ORIGIN_MACHINE : ORIGIN_HUMAN;
        if (!strcmp(lang, "en"))
            tl = chance(r, 50) ? "ru" : "zh";
        else if (!strcmp(lang, "uz-Latn") && chance(r, 30))
            tl = "uz-Cyrl", origin = ORIGIN_HUMAN;
        else if (!strcmp(lang, "kk-Cyrl") && chance(r, 30))
            tl = "kk-Latn", origin = ORIGIN_HUMAN;
        demo_buf_init(&title, s->title[1], sizeof s->title[1]);
        demo_buf_init(&desc, s->desc[1], sizeof s->desc[1]);
        if ((rc = demo_write_text(&in, tl, &title, &desc, &tmp, err)))
            return rc;
        s->texts[1] = (listing_text){(char *)tl, origin, s->title[1], s->desc[1]};
        l.n_texts = 2;
    }

    /* The store creates listings as drafts or published and moves them on
     * only through their life cycle, as an author would: closed ones are
     * published and then closed; expired ones are published with an
     * expiry that the store accepts, expired, and then given the past
     * expiry date they had. */
    char past_expiry[11];
    memcpy(past_expiry, l.expires, sizeof past_expiry);
    if (st == STATUS_CLOSED || st == STATUS_EXPIRED) {
        l.status = STATUS_PUBLISHED;
        if (st == STATUS_EXPIRED)
            memcpy(l.expires, "2027-12-31", sizeof l.expires);
    }
    rc = store_listing_create(g->st, &l, 0, err);
    if (!rc && (st == STATUS_CLOSED || st == STATUS_EXPIRED))
        rc = store_listing_set_status(g->st, l.id, (listing_status)st, NULL, 0, err);
    if (!rc && st == STATUS_EXPIRED) {
        memcpy(l.expires, past_expiry, sizeof l.expires);
        l.status = STATUS_EXPIRED;
        rc = store_listing_update(g->st, &l, 0, 0, err);
    }
    if (rc)
        return rc;
    g->res->texts += l.n_texts;
    return 0;
}

int demo_generate(hk_store *st, const demo_opts *opts, demo_result *out, hk_err *err)
{
    demo_result res = {0};
    if (out)
        *out = res;
    if (opts->n_orgs < 1)
        return hk_err_set(err, HK_EINVAL, "orgs", "the demo needs at least one organisation");
    if (opts->batch < 1)
        return hk_err_set(err, HK_EINVAL, "batch", "batch must be at least 1");
    if (opts->n_orgs > 10000000 || opts->n_listings > 100000000)
        return hk_err_set(err, HK_ETOOBIG, "scale", "at most 10,000,000 organisations and 100,000,000 listings");

    gen g;
    int rc = gen_init(&g, st, opts, &res, err);
    org_scratch *os = NULL;
    listing_scratch *ls = NULL;
    if (!rc) {
        os = calloc(1, sizeof *os);
        ls = calloc(1, sizeof *ls);
        if (!os || !ls)
            rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    if (!rc)
        rc = store_begin(st, err);
    g.in_tx = rc == 0;

    demo_rng r;
    demo_rng_seed(&r, opts->seed, 1);
    for (size_t i = 0; !rc && i < opts->n_orgs; i++) {
        rc = make_org(&g, &r, i, os, err);
        if (!rc) {
            res.orgs++;
            g.n_orgs++;
            rc = tx_write_done(&g, err);
        }
    }
    demo_rng_seed(&r, opts->seed, 2);
    for (size_t i = 0; !rc && i < opts->n_listings; i++) {
        rc = make_listing(&g, &r, ls, err);
        if (!rc) {
            res.listings++;
            rc = tx_write_done(&g, err);
        }
    }
    if (!rc && g.in_tx) {
        rc = store_commit(st, err);
        g.in_tx = false;
    }
    if (rc && g.in_tx)
        store_rollback(st);
    if (!rc)
        rc = demo_coordination(st, &res.measures, err);
    if (!rc && res.orgs >= 20)
        rc = demo_forum(st, opts->seed, &res.forum_participants, &res.forum_meetings, err);
    if (!rc && opts->progress)
        opts->progress(opts->progress_ctx, res.orgs, res.listings, opts);
    free(os);
    free(ls);
    gen_free(&g);
    if (out)
        *out = res;
    return rc;
}
