/*
 * demo.h - the realistic multilingual demo data set behind `hamkor demo`
 * (and `hamkor serve --demo-if-empty`): organisations from every SCO
 * member state and some observers and partners, with offers and requests
 * written in Russian, Chinese, English, Uzbek and Kazakh.
 *
 * Everything is generated from C tables in this folder (cities with real
 * coordinates, a catalogue of real industrial products with their HS 2022
 * headings and ISIC Rev.4 groups, name vocabularies per language) and a
 * seeded PRNG, so the same seed always writes the same records. Dates are
 * relative to a fixed reference date, DEMO_REFERENCE_DATE, never to the
 * clock, so that a data set generated today reads the same next year.
 * docs/demo-data.md describes the data set.
 */
#ifndef HK_DEMO_H
#define HK_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "store/store.h"

/* Listings expire in 2027, deadlines fall after this date, certificates
 * were issued before it. */
#define DEMO_REFERENCE_DATE "2026-11-01"

/* ---- the PRNG: xoshiro256** seeded through splitmix64. State lives in
 * the caller's struct, so two generators never disturb each other. ---- */
typedef struct demo_rng {
    uint64_t s[4];
} demo_rng;

/* Seeds r from seed and a stream number (orgs and listings draw from
 * separate streams so that changing one count leaves the other intact). */
void demo_rng_seed(demo_rng *r, uint64_t seed, uint64_t stream);
uint64_t demo_rng_next(demo_rng *r);
/* Uniform in [0, n); n must be > 0. Unbiased (Lemire's method). */
uint32_t demo_rng_below(demo_rng *r, uint32_t n);
/* Uniform in [0, 1). */
double demo_rng_unit(demo_rng *r);

/* ---- options and result ---- */
typedef struct demo_opts {
    uint64_t seed;          /* same seed, same data */
    size_t n_orgs;          /* organisations to write, >= 1 */
    size_t n_listings;      /* listings to write, >= 0 */
    size_t batch;           /* records per transaction, >= 1 */
    /* Called after every batch (and once at the end) when not NULL. */
    void (*progress)(void *ctx, size_t orgs_done, size_t listings_done, const struct demo_opts *opts);
    void *progress_ctx;
} demo_opts;

/* 2,000 organisations, 10,000 listings, seed 2026, batches of 50,000
 * records (bigger batches rewrite fewer WAL pages: 27 % faster than
 * 5,000 at 200,000 listings). */
void demo_opts_default(demo_opts *o);

typedef struct demo_result {
    size_t orgs, listings;  /* records written; on error, those of the rolled-back batch count too */
    size_t texts;           /* listing texts written, originals plus translations */
    size_t measures;        /* Action Plan measures written (demo_coordination) */
    size_t forum_participants, forum_meetings; /* the Economic Forum's (demo_forum) */
} demo_result;

/* Writes the data set into st, whose countries must already be loaded
 * (store_seed_countries); countries the store does not hold are left
 * out, and HK_EINVAL is returned when no SCO member state is present.
 * Writes in transactions of opts->batch records; on error the open batch
 * is rolled back, earlier batches stay. */
int demo_generate(hk_store *st, const demo_opts *opts, demo_result *out, hk_err *err);

/* The coordination mechanism of the demo (demo_coord.c): meetings from
 * the brief's history on (Heads of State summit of 10 November 2020,
 * Heads of Government Council of 30 November 2020, the first Meeting of
 * Industry Ministers of 16 July 2021, ...), the chairmanship, initiatives
 * with their status history and an Action Plan of 24 measures, texts in
 * ru/en/zh. One transaction; nothing is written when a state it names is
 * missing from the store. demo_generate calls it after its records. */
int demo_coordination(hk_store *st, size_t *n_measures, hk_err *err);
/* The SCO Economic Forum of the demo (demo_forum.c, issue 14): a two-day
 * event with a few hundred participants from the demo's organisations
 * (one delegate each), their requests and the schedule the scheduler
 * computes. One transaction. *n_participants and *n_held (may be NULL)
 * say how many participants and scheduled meetings. demo_generate calls
 * it after the coordination mechanism. */
int demo_forum(hk_store *st, uint64_t seed, size_t *n_participants, size_t *n_held, hk_err *err);
/* Registers user_id for org_id at the demo's latest event (none: nothing
 * done), all slots, limit 8; demo_accounts calls it for its members. */
int demo_forum_join(hk_store *st, int64_t user_id, int64_t org_id, hk_err *err);
/* Progress notes by the coordinator of state on the state's first two
 * measures in progress (demo_accounts calls it for each coordinator). */
int demo_coordination_notes(hk_store *st, int64_t coordinator_id, const char *state, hk_err *err);

/* The demo accounts' password (documented in docs/demo-data.md). */
#define DEMO_PASSWORD "hamkor-demo-2026"

/* Adds demo accounts to a store holding the demo data (demo_accounts.c):
 * the secretariat, coordinators of UZ, KZ, RU and CN, and an admin of the
 * first organisation of each of those states, all with password; each
 * (may be NULL) is told every account made. One transaction. */
int demo_accounts(hk_store *st, const char *password, void (*each)(const char *email, const char *what, void *ctx),
                  void *ctx, hk_err *err);

/* ---- the vocabularies, for tests and docs ---- */
typedef enum {
    DEMO_SEC_METAL, DEMO_SEC_CASTING, DEMO_SEC_MACHINERY, DEMO_SEC_AUTO, DEMO_SEC_AGRIMACH,
    DEMO_SEC_ELECTRICAL, DEMO_SEC_ELECTRONICS, DEMO_SEC_ENERGY, DEMO_SEC_CHEMICALS, DEMO_SEC_PHARMA,
    DEMO_SEC_TEXTILES, DEMO_SEC_FOOD, DEMO_SEC_BUILDING, DEMO_SEC_MINING, DEMO_SEC_RAIL,
    DEMO_SEC_PLASTICS, DEMO_SEC_WOOD, DEMO_SEC_INSTRUMENTS, DEMO_SEC_ENGINEERING, DEMO_SEC__COUNT
} demo_sector;

/* One product or service of the catalogue, worded in each language so
 * that the codes agree with the text. */
typedef struct demo_product {
    demo_sector sector;
    const char *unit;       /* quantity unit key: "t", "pcs", "m", "sets", ... */
    double lo, hi;          /* plausible yearly quantity range in unit */
    const char *en, *ru, *zh; /* required */
    const char *uz;         /* Uzbek, Latin script; NULL when not given */
    const char *kk;         /* Kazakh, Cyrillic script; NULL when not given */
    const char *hs[3];      /* HS 2022 four-digit headings; all NULL for services */
    const char *isic[2];    /* ISIC Rev.4 three-digit groups; isic[0] required */
} demo_product;

const demo_product *demo_products(size_t *n);

typedef struct demo_city {
    const char *iso2;       /* country */
    const char *en, *ru, *zh;
    const char *local;      /* in the country's main language and script, or NULL */
    const char *local_lang; /* BCP 47 tag of local */
    const char *alt;        /* second script (uz-Cyrl, kk-Latn), or NULL */
    const char *alt_lang;
    const char *ru_adj;     /* Russian adjective ("Ташкентский") for institution names, or NULL */
    double lat, lon;        /* WGS84 degrees */
    const char *region;     /* registry region code (IN state, RU/BY/KZ region), or NULL */
    int weight;             /* relative share of the country's organisations */
} demo_city;

const demo_city *demo_cities(size_t *n);

/* Transliteration used for aliases, exposed for tests. Each writes a
 * NUL-terminated string into out (cap bytes) and returns its length, or
 * -1 when out is too small. */
int demo_uz_latn_to_cyrl(const char *in, char *out, size_t cap);
int demo_kk_cyrl_to_latn(const char *in, char *out, size_t cap);
/* Cyrillic (ru, kk, ky, tg, mn) to plain ASCII Latin, for English aliases. */
int demo_cyrl_to_ascii(const char *in, char *out, size_t cap);

/* Adds the demo's joint projects (demo_projects.c) to a store holding the
 * demo data and the demo accounts: the financial institutions (AIIB, NDB,
 * the Silk Road Fund, the SCO Interbank Association and three national
 * development banks) with a credit officer each (password, told through
 * each), two accepted interests between the accounts' organisations, and
 * one project at every stage grown from them, partners from three or four
 * states, in Russian, Chinese and English. One transaction. */
int demo_projects(hk_store *st, const char *password, void (*each)(const char *email, const char *what, void *ctx),
                  void *ctx, hk_err *err);

#endif
