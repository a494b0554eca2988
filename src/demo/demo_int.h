/*
 * demo_int.h - what the files of src/demo share and nobody else sees:
 * the bounded text buffer, the country profiles and sector vocabularies,
 * and the builders of organisation names and listing texts that
 * demo_gen.c drives.
 */
#ifndef HK_DEMO_INT_H
#define HK_DEMO_INT_H

#include <stdarg.h>

#include "demo/demo.h"

/* ---- a fixed-capacity text buffer (no allocation per record). Appends
 * that do not fit set overflow and leave the text as it was; the
 * generator turns an overflow into HK_EINTERNAL rather than truncating. */
typedef struct demo_buf {
    char *p;             /* caller's storage, always NUL-terminated */
    size_t len, cap;     /* cap counts the NUL */
    bool overflow;
} demo_buf;

void demo_buf_init(demo_buf *b, char *storage, size_t cap);
void demo_buf_reset(demo_buf *b);
void demo_buf_puts(demo_buf *b, const char *s);
void demo_buf_printf(demo_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Upper-cases the first letter (ASCII or Cyrillic) of the text from byte off. */
void demo_buf_capitalise(demo_buf *b, size_t off);

/* ---- countries ---- */
typedef enum {
    NS_RU,   /* Russian: ООО «Уралхим» / Uralkhim LLC */
    NS_UZ,   /* Uzbek Latin + Cyrillic + English */
    NS_KK,   /* Kazakh Cyrillic + Latin + English */
    NS_TG,   /* Tajik Cyrillic + English */
    NS_MN,   /* Mongolian Cyrillic + English */
    NS_ZH,   /* Chinese + English */
    NS_FA,   /* Persian + English */
    NS_TR,   /* Turkish + English */
    NS_EN    /* English, with an alias in a local script where given */
} demo_name_style;

typedef struct demo_stem {
    const char *local;   /* as written in the style's script */
    const char *latin;   /* ASCII form for the English alias; NULL: transliterate local */
} demo_stem;

typedef struct demo_country {
    const char *iso2;
    int weight;                  /* share of organisations, per mille */
    demo_name_style style;       /* main naming style */
    const char *lang;            /* BCP 47 tag of the main style's names */
    const demo_stem *stems;      /* brand stems of the main style */
    size_t n_stems;
    const demo_stem *ru_stems;   /* Russian-style names used beside the main style, or NULL */
    size_t n_ru_stems;
    int ru_share;                /* percent of enterprises named in Russian style */
    const char *alias_lang;      /* NS_EN: BCP 47 tag of the local alias (hi, ur), or NULL */
    const char *alias_suffix;    /* NS_EN: word after the local stem ("इंडस्ट्रीज़") */
    const char *legal_local[2];  /* legal forms in the main style (LLC-like, JSC-like) */
    const char *legal_en[2];     /* their English forms */
    const char *scheme;          /* registry scheme: "INN", "USCC", ... */
    const char *tld;             /* website top-level domain */
    const char *languages;       /* spoken languages, space-separated BCP 47 tags */
    const char *name_uz, *name_kk; /* the country in Uzbek (Latin) and Kazakh */
} demo_country;

const demo_country *demo_countries(size_t *n);

/* ---- sectors ---- */
typedef struct demo_sector_words {
    const char *en_company;  /* "Foundry" in "Huadong Foundry Co., Ltd." */
    const char *en_field;    /* "Foundry Engineering" in "... Institute of ..." */
    const char *ru_brand;    /* "лит" in "Уралит" */
    const char *ru_gen;      /* "литейного производства" */
    const char *zh_company;  /* "精密铸造" */
    const char *zh_field;    /* "铸造" */
    const char *uz;          /* "Quyuvchilik" */
    const char *kk;          /* "Құю" */
    const char *tg;          /* "Рехтагарӣ" */
    const char *mn;          /* "Цутгамал" */
    const char *fa;          /* "ریخته‌گری" */
    const char *tr;          /* "Döküm" */
    const char *process[3];  /* capability texts, English */
    const char *equipment[3];
} demo_sector_words;

const demo_sector_words *demo_sector_words_of(demo_sector s);

/* ---- units and dates ---- */
/* The unit key's word in lang ("en", "ru", "zh", "uz", "kk"). */
const char *demo_unit_word(const char *unit, const char *lang);

/* Days since 1970-01-01 <-> civil date. */
int64_t demo_days_from_civil(int y, int m, int d);
void demo_civil_from_days(int64_t z, int *y, int *m, int *d);
/* Writes YYYY-MM-DD (11 bytes with NUL). */
void demo_format_date(int64_t days, char out[11]);

/* ---- organisation names ---- */
typedef struct demo_name_out {
    char text[4][512];        /* names as written */
    const char *lang[4];      /* their BCP 47 tags (static strings) */
    size_t n;                 /* names[0] is the primary one */
    char slug[64];            /* ASCII for the website host */
} demo_name_out;

/* Names organisation of type t (org_type) in sector sec, in city,
 * country c. Returns 0, or HK_EINTERNAL if a name did not fit. */
int demo_name_org(demo_rng *r, const demo_country *c, const demo_city *city, int t, demo_sector sec,
                  demo_name_out *out, hk_err *err);

/* Fills id (cap bytes) with a registry id in c->scheme's format,
 * unique for each (country, serial) pair. */
void demo_registry_id(demo_rng *r, const demo_country *c, const demo_city *city, const char *isic,
                      uint64_t serial, char *id, size_t cap);

/* ---- listing texts ---- */
typedef struct demo_text_in {
    const demo_product *product;
    int direction, kind;       /* listing_direction, listing_kind */
    int variant;               /* template variant, 0 or 1 */
    double amount;             /* quantity, 0 when none */
    const char *period;        /* "year", "month", "batch" */
    const demo_city *city;
    const char *country_en, *country_ru, *country_zh, *country_uz, *country_kk;
    const char *target_en[3], *target_ru[3], *target_zh[3], *target_uz[3], *target_kk[3];
    size_t n_targets;
    const char *certs[4];      /* certification names */
    size_t n_certs;
    const char *deadline;      /* YYYY-MM-DD or NULL */
    double invest_musd;        /* investment in million USD, 0 when none */
    bool show_hs;              /* mention the HS heading in the text */
} demo_text_in;

/* Writes title and description of in in lang, one of "en", "ru", "zh",
 * "uz-Latn", "uz-Cyrl", "kk-Cyrl", "kk-Latn". tmp is scratch of the same
 * size as description. Returns 0 or HK_EINTERNAL on overflow. */
int demo_write_text(const demo_text_in *in, const char *lang, demo_buf *title, demo_buf *description,
                    demo_buf *tmp, hk_err *err);

/* True when the product has wording in lang's language. */
bool demo_product_has_lang(const demo_product *p, const char *lang);

/* The demo's meeting requests between partners (demo_partner_meetings.c),
 * on the accepted interests eoi[0] (KZ in UZ) and eoi[1] (RU in CN) of
 * demo_projects.c, by the admins of org[UZ, KZ, RU, CN], inside the
 * caller's transaction. */
int demo__partner_meetings(hk_store *st, const int64_t org[4], const int64_t admin[4], const int64_t eoi[2],
                           hk_err *err);

#endif
