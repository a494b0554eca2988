/*
 * model.h - the records of hamkor's registry and exchange (BRIEF 4.1, 4.2,
 * 4.5) as plain C structs, with validation and their canonical JSON form.
 *
 * Every record is a caller-owned struct: zero it (or call *_init), fill
 * it, and release what it owns with *_free. All strings are NUL-terminated
 * UTF-8 from malloc() and owned by the struct holding them; arrays are a
 * pointer from malloc() plus a count. Optional strings are NULL when unset.
 *
 * Validation lives here (model_validate.c), not in the store, the importer
 * or the HTTP layer, so that every path in applies the same rules; each
 * error names the field ("texts[1].title") and says what is wrong.
 * The canonical JSON form (model_json.c) is what import/export and the
 * HTTP API read and write.
 */
#ifndef HK_MODEL_H
#define HK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

/* ---- limits (in code points unless stated) ---- */
#define MODEL_MAX_NAME 300        /* organisation names, titles */
#define MODEL_MAX_TEXT 20000      /* descriptions, message bodies */
#define MODEL_MAX_SHORT 200       /* city, registry id, units, ... */
#define MODEL_MAX_URL 2000
#define MODEL_MAX_LIST 64         /* entries in any list field */

/* ---- enumerations: each has a stable lowercase name used in JSON, CSV
 * and SQL; model_enum_parse/model_enum_name convert. ---- */
typedef enum { SCO_MEMBER, SCO_OBSERVER, SCO_DIALOGUE_PARTNER, SCO_GUEST, SCO__COUNT } sco_status;
typedef enum {
    ORG_ENTERPRISE, ORG_STATE_AGENCY, ORG_RESEARCH, ORG_UNIVERSITY,
    ORG_BUSINESS_ASSOCIATION, ORG_CLUSTER, ORG_FINANCIAL, ORG_MEDICAL, ORG_OTHER, ORG__COUNT
} org_type;
typedef enum { SIZE_UNKNOWN, SIZE_MICRO, SIZE_SMALL, SIZE_MEDIUM, SIZE_LARGE, SIZE__COUNT } org_size;
typedef enum { TIER_SELF_DECLARED, TIER_REGISTRY_CHECKED, TIER_COORDINATOR_ENDORSED, TIER__COUNT } verification_tier;
typedef enum { ROLE_MEMBER, ROLE_COORDINATOR, ROLE_FINANCIAL, ROLE_SECRETARIAT, ROLE__COUNT } user_role;
typedef enum { DIR_OFFER, DIR_REQUEST, DIR__COUNT } listing_direction;
typedef enum {
    KIND_COPRODUCTION, KIND_SUBCONTRACTING, KIND_SUPPLY, KIND_TECHNOLOGY,
    KIND_INVESTMENT, KIND_RESEARCH, KIND__COUNT
} listing_kind;
typedef enum { STATUS_DRAFT, STATUS_PUBLISHED, STATUS_CLOSED, STATUS_EXPIRED, STATUS__COUNT } listing_status;
typedef enum { ORIGIN_ORIGINAL, ORIGIN_HUMAN, ORIGIN_MACHINE, ORIGIN__COUNT } text_origin;
typedef enum { CAP_PROCESS, CAP_EQUIPMENT, CAP_CAPACITY, CAP__COUNT } capability_kind;
typedef enum { QTY_QUANTITY, QTY_CAPACITY, QTY__COUNT } quantity_kind;
typedef enum { EOI_PENDING, EOI_ACCEPTED, EOI_DECLINED, EOI__COUNT } eoi_status;

typedef enum {
    ENUM_SCO_STATUS, ENUM_ORG_TYPE, ENUM_ORG_SIZE, ENUM_TIER, ENUM_ROLE, ENUM_DIRECTION,
    ENUM_KIND, ENUM_STATUS, ENUM_ORIGIN, ENUM_CAPABILITY, ENUM_QUANTITY, ENUM_EOI_STATUS
} model_enum;

/* Name of value v of enumeration e ("dialogue_partner"), or NULL. */
const char *model_enum_name(model_enum e, int v);
/* Value of name in enumeration e, or -1 when name is not one of them. */
int model_enum_parse(model_enum e, const char *name);
/* Number of values of enumeration e (its *__COUNT). */
int model_enum_count(model_enum e);

/* ---- countries ---- */
typedef struct country {
    char iso2[3];          /* ISO 3166-1 alpha-2, upper case, e.g. "UZ" */
    sco_status status;
    char *name_en, *name_ru, *name_zh; /* all three required */
} country;

/* ---- organisations ---- */
typedef struct org_name {
    char *text;            /* the name as written, e.g. "Тошкент трактор заводи" */
    char *lang;            /* BCP 47 tag with script where it matters: "uz-Cyrl" */
    bool primary;          /* exactly one name is primary */
} org_name;

typedef struct capability {
    capability_kind kind;
    char *text;            /* "high-pressure aluminium die casting" */
    double amount;         /* > 0 when given, 0 when not */
    char *unit;            /* "t/year", NULL when amount is 0 */
} capability;

typedef struct certification {
    char *name;            /* "ISO 9001:2015" */
    char *scope;           /* what it covers; may be NULL */
    char issued[11];       /* YYYY-MM-DD or "" */
    char expires[11];      /* YYYY-MM-DD or "" */
} certification;

typedef struct organisation {
    int64_t id;            /* assigned by the store; 0 before create */
    org_name *names; size_t n_names;
    char *registry_scheme; /* "INN", "USCC", "BIN", "CIN", "STIR", ... (the names of
                            * model_registry.c, exactly as written there); may be NULL */
    char *registry_id;     /* national registry id in its scheme's form; may be NULL */
    char country[3];       /* ISO alpha-2 of a country in the store */
    char *city;            /* city name as written; may be NULL */
    double lat, lon;       /* WGS84 degrees; valid only when has_coords */
    bool has_coords;
    org_type type;
    org_size size;
    bool sme;
    char **isic; size_t n_isic; /* ISIC Rev.4 codes: 2-4 digits ("2592") */
    char **hs; size_t n_hs;     /* HS codes: 2, 4 or 6 digits ("7616") */
    capability *capabilities; size_t n_capabilities;
    certification *certifications; size_t n_certifications;
    char **languages; size_t n_languages; /* BCP 47 tags */
    char *website;         /* http(s) URL; may be NULL */
    verification_tier tier;
    int64_t created_at, updated_at; /* unix seconds, set by the store */
    int64_t version;       /* bumped by the store on every update (ETag) */
} organisation;

/* ---- users ---- */
typedef struct user {
    int64_t id;
    char *email;           /* lower-cased, unique */
    char *display_name;
    char *password_hash;   /* Argon2id string from libsodium; never exported */
    user_role role;
    char country[3];       /* the coordinator's state; "" for other roles */
    int64_t created_at;
} user;

typedef struct membership {
    int64_t user_id, org_id;
    bool is_admin;         /* organisation admin */
} membership;

/* ---- listings ---- */
typedef struct listing_text {
    char *lang;            /* BCP 47 */
    text_origin origin;    /* exactly one text per listing is ORIGIN_ORIGINAL */
    char *title;           /* required */
    char *description;     /* may be NULL */
} listing_text;

typedef struct quantity {
    quantity_kind kind;
    double amount;         /* > 0 */
    char *unit;            /* "pcs", "t", "m3", ... */
    char *period;          /* "year", "month", "batch"; may be NULL */
} quantity;

typedef struct listing {
    int64_t id;
    int64_t org_id;
    listing_direction direction;
    listing_kind kind;
    listing_text *texts; size_t n_texts;
    char **hs; size_t n_hs;
    char **isic; size_t n_isic;
    quantity *quantities; size_t n_quantities;
    char (*targets)[3]; size_t n_targets; /* target countries, ISO alpha-2 */
    char deadline[11];     /* RFQ deadline YYYY-MM-DD or "" */
    char expires[11];      /* YYYY-MM-DD; required once published */
    listing_status status;
    int64_t created_at, updated_at, published_at;
    int64_t version;
} listing;

/* ---- interaction ---- */
typedef struct interest {
    int64_t id;
    int64_t listing_id;
    int64_t from_org_id, from_user_id;
    char *offered, *sought, *why; /* the three standard questions */
    eoi_status status;
    int64_t created_at, decided_at;
} interest;

typedef struct message {
    int64_t id;
    int64_t interest_id;
    int64_t author_id;     /* user */
    char *body;
    int64_t created_at;
} message;

typedef struct audit_entry {
    int64_t id;
    int64_t at;            /* unix seconds */
    int64_t actor_id;      /* user, 0 for the system (import, demo) */
    char *action;          /* "create", "update", "publish", "verify", ... */
    char *entity;          /* "organisation", "listing", ... */
    int64_t entity_id;
    char *detail;          /* JSON text; may be NULL */
} audit_entry;

/* ---- lifetime ---- */
void country_free(country *c);
void organisation_free(organisation *o);
void user_free(user *u);
void listing_free(listing *l);
void interest_free(interest *i);
void message_free(message *m);
void audit_entry_free(audit_entry *a);

/* ---- validation (model_validate.c): 0 or HK_EINVAL with err naming the
 * field. Checks UTF-8, lengths in code points, code formats, BCP 47 tags,
 * dates, enum ranges and required fields. Whether a country exists or a
 * code is in the taxonomy is checked by the store, which knows them. ---- */
int country_validate(const country *c, hk_err *err);
int organisation_validate(const organisation *o, hk_err *err);
int user_validate(const user *u, hk_err *err);
int listing_validate(const listing *l, hk_err *err);
int interest_validate(const interest *i, hk_err *err);
int message_validate(const message *m, hk_err *err);

/* Field-level checks reused by the store, importers and HTTP layer. */
bool model_is_bcp47(const char *tag);
bool model_is_date(const char *s);          /* YYYY-MM-DD, a real date */
bool model_is_hs_code(const char *s);       /* 2, 4 or 6 digits */
bool model_is_isic_code(const char *s);     /* 2, 3 or 4 digits */
bool model_is_iso2(const char *s);          /* two upper-case ASCII letters */
bool model_is_email(const char *s);         /* lower-case ASCII local@domain.tld, <= 254 bytes */
bool model_is_url(const char *s);           /* http:// or https:// with a host, no spaces */
/* Checks s is valid UTF-8 of 1..max code points (0..max when !required). */
int model_check_text(const char *field, const char *s, size_t max, bool required, hk_err *err);

/* ---- registry ids (model_registry.c) ----
 * The schemes with a rule, by the name written in registry_scheme:
 *   INN     Russia: 10 digits (organisation) or 12 (person), check digits;
 *           in KG 14 digits, in TJ 9 digits, in UZ as STIR (form only)
 *   OGRN    Russia: 13 digits, mod 11; OGRNIP: 15 digits, mod 13
 *   USCC    China: 18 characters (GB 32100-2015), mod-31 check character
 *   BIN     Kazakhstan: 12 digits, two-pass mod-11 check; IIN: the same for persons
 *   STIR    Uzbekistan: 9 digits beginning with 2 or 3 (form only)
 *   CIN     India: 21 characters (form only); GSTIN: 15, mod-36 check;
 *           PAN: India's 10 characters, in NP 9 digits
 *   UNP     Belarus: 9 digits (or 2 letters + 7 digits), mod-11 check
 *   NID     Iran (IR only): 11 digits, check digit
 *   NTN     Pakistan: 7 digits, "-", check digit (form only)
 *   RN      Mongolia (MN only): 7 digits (form only)
 *   VKN     Türkiye: 10 digits, check digit; VOEN Azerbaijan: 10 digits (form only)
 * Any other name is a registry without a rule: its id is free text. */

/* 0 when id has the form (and check digits) of scheme for an organisation
 * of country (ISO alpha-2, may be NULL), or when scheme has no rule or
 * either is NULL; else HK_EINVAL naming registry_id with a message such
 * as "registry_id INN 7707083894: the check digit should be 3" or
 * "registry_id: a BIN is 12 digits; this one has 11", or naming
 * registry_scheme when a known name is written in other case ("inn").
 * organisation_validate calls it. */
int model_registry_check(const char *scheme, const char *id, const char *iso2, hk_err *err);
/* True when scheme has a rule for organisations of country. */
bool model_registry_known(const char *scheme, const char *iso2);
/* True when scheme names one country's registry (USCC, BIN, STIR, ...),
 * so that one id under it is the same organisation in any country; false
 * for names several countries use (INN, PAN, ...) and for unknown
 * schemes, whose ids the store compares within one country. */
bool model_registry_national(const char *scheme);

#endif
