/*
 * store.h - the store of record. The rest of hamkor sees records (model.h),
 * never SQL. store_sqlite.c implements it on SQLite (WAL, foreign keys,
 * synchronous=FULL, versioned migrations); a PostgreSQL implementation of
 * the same functions comes later, so SQL stays plain where that is free.
 *
 * Every write validates its record (model_validate.c) and the references
 * the store can check (country exists, organisation exists), runs in one
 * transaction together with its audit entry, and is durable when the call
 * returns 0. A refused write changes nothing.
 *
 * One hk_store is used by one thread at a time; open one per thread (or
 * per pool worker) for concurrency: SQLite's WAL lets readers proceed
 * beside the single writer.
 */
#ifndef HK_STORE_H
#define HK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "hk_err.h"
#include "model/model.h"

typedef struct hk_store hk_store;

/* Opens (creating when absent) the database at path and runs pending
 * migrations. A database whose schema is newer than this binary is
 * refused with HK_EINVAL and a message saying so. ":memory:" works. */
int store_open(const char *path, hk_store **out, hk_err *err);
void store_close(hk_store *st);

/* Schema version this binary writes, and the one found in the file. */
int store_schema_version(void);
int store_db_version(hk_store *st);

/* Explicit transactions group many writes (import, demo) into one commit;
 * the single-record calls below join an open transaction instead of
 * starting their own. */
int store_begin(hk_store *st, hk_err *err);
int store_commit(hk_store *st, hk_err *err);
void store_rollback(hk_store *st);

/* When set, every HS or ISIC code written must be known to fn (the
 * taxonomy); scheme is "hs" or "isic". Unset, only code formats are
 * checked. fn must be safe to call from the thread using st. */
typedef bool (*store_code_known_fn)(void *ctx, const char *scheme, const char *code);
void store_set_code_check(hk_store *st, store_code_known_fn fn, void *ctx);

/* ---- countries ---- */
int store_country_put(hk_store *st, const country *c, hk_err *err); /* insert or replace */
int store_country_get(hk_store *st, const char *iso2, country *out, hk_err *err);
/* Calls fn for each country in iso2 order; fn returning non-zero stops. */
int store_country_each(hk_store *st, int (*fn)(const country *c, void *ctx), void *ctx, hk_err *err);
/* Loads the shipped countries (data/countries.tsv) when the table is empty. */
int store_seed_countries(hk_store *st, const char *tsv_path, hk_err *err);

/* ---- organisations ---- */
/* Validates and inserts o; sets o->id, created_at, updated_at, version.
 * When o->id is non-zero (import) that id is kept, or HK_ECONFLICT. */
int store_org_create(hk_store *st, organisation *o, int64_t actor_id, hk_err *err);
/* Replaces the organisation o->id. When expected_version is non-zero and
 * differs from the stored one, HK_ECONFLICT and nothing changes. */
int store_org_update(hk_store *st, organisation *o, int64_t expected_version, int64_t actor_id, hk_err *err);
int store_org_get(hk_store *st, int64_t id, organisation *out, hk_err *err);
int store_org_set_tier(hk_store *st, int64_t id, verification_tier tier, int64_t actor_id, hk_err *err);
int store_org_each(hk_store *st, int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err);

/* ---- users and memberships ---- */
int store_user_create(hk_store *st, user *u, hk_err *err);
int store_user_get(hk_store *st, int64_t id, user *out, hk_err *err);
int store_user_get_by_email(hk_store *st, const char *email, user *out, hk_err *err);
int store_user_set_password(hk_store *st, int64_t id, const char *password_hash, hk_err *err);
int store_membership_put(hk_store *st, const membership *m, int64_t actor_id, hk_err *err);
int store_membership_delete(hk_store *st, int64_t user_id, int64_t org_id, int64_t actor_id, hk_err *err);
/* Fills *out (malloc'd, caller frees) with the user's memberships. */
int store_memberships_of_user(hk_store *st, int64_t user_id, membership **out, size_t *n, hk_err *err);

/* ---- listings ---- */
int store_listing_create(hk_store *st, listing *l, int64_t actor_id, hk_err *err);
int store_listing_update(hk_store *st, listing *l, int64_t expected_version, int64_t actor_id, hk_err *err);
int store_listing_get(hk_store *st, int64_t id, listing *out, hk_err *err);
/* Status transitions: publish (needs expires in the future), close, renew
 * (new expiry date, back to published), expire. Invalid transitions are
 * HK_EINVAL naming "status". */
int store_listing_set_status(hk_store *st, int64_t id, listing_status status, const char *new_expires,
                             int64_t actor_id, hk_err *err);
int store_listing_each(hk_store *st, int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err);
/* The same for the listings with first_id <= id <= last_id. */
int store_listing_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                             int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err);
/* The smallest and largest listing id (0 and -1 when there are none). */
int store_listing_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err);

/* ---- interests and messages ---- */
int store_interest_create(hk_store *st, interest *i, hk_err *err);
int store_interest_get(hk_store *st, int64_t id, interest *out, hk_err *err);
int store_interest_decide(hk_store *st, int64_t id, eoi_status status, int64_t actor_id, hk_err *err);
int store_message_add(hk_store *st, message *m, hk_err *err);
int store_message_each(hk_store *st, int64_t interest_id, int (*fn)(const message *m, void *ctx), void *ctx,
                       hk_err *err);

/* ---- audit ---- */
int store_audit_each(hk_store *st, const char *entity, int64_t entity_id,
                     int (*fn)(const audit_entry *a, void *ctx), void *ctx, hk_err *err);

/* ---- change log ----
 * Every committed write of an organisation or listing appends one row to
 * the change log in the same transaction, numbered by seq (strictly
 * increasing). The in-memory index follows the store by remembering the
 * last seq it applied and asking for what came after. */
typedef struct store_change {
    int64_t seq;           /* position in the log, > 0 */
    const char *entity;    /* "organisation" or "listing"; valid during fn */
    int64_t entity_id;
    const char *op;        /* "create", "update" or "status"; valid during fn */
    int64_t at;            /* unix seconds */
} store_change;
/* Calls fn for each change with seq > after_seq, oldest first; fn
 * returning non-zero stops. fn must not write through st. */
int store_changes_since(hk_store *st, int64_t after_seq, int (*fn)(const store_change *c, void *ctx), void *ctx,
                        hk_err *err);

/* ---- counts for `hamkor stats` ---- */
typedef struct store_stats {
    int64_t countries, organisations, users, memberships, listings, listings_published,
        interests, messages, audit_entries;
} store_stats;
int store_get_stats(hk_store *st, store_stats *out, hk_err *err);

/* ---- saved searches and notifications (store_saved.c; BRIEF 4.3, 4.4) ----
 * A saved search is a search box and filters a user keeps; every new or
 * changed listing is run against them (src/match/match_alerts.c) and a
 * match leaves a notification. Notifications are also raised for the
 * members of an organisation when a new listing matches one of its own.
 * These types live here rather than in model.h because the store is
 * their only source and sink so far; they follow the model's rules
 * (caller-owned, strings from malloc(), *_free). */
#define STORE_SAVED_NAME_MAX 100      /* code points */
#define STORE_SAVED_QUERY_MAX 1000    /* bytes, as idx_search accepts */
#define STORE_SAVED_FILTERS_MAX 4096  /* bytes of filter JSON */
#define STORE_SAVED_PER_USER 100      /* saved searches a user may keep */
#define STORE_FILTER_VALUE_MAX 40     /* bytes of one filter value */
#define STORE_PAYLOAD_MAX 16384       /* bytes of a notification's payload */
#define STORE_NOTIFICATIONS_PAGE 100  /* most notifications one list call returns */

typedef struct store_saved_search {
    int64_t id;            /* assigned by the store; 0 before create */
    int64_t user_id;       /* the owner, a user in the store */
    char *name;            /* 1..100 code points */
    char *query;           /* the search box, 0..1000 bytes of UTF-8; "" = filters only */
    char *lang;            /* BCP 47 of the query, or NULL to detect */
    char *filters;         /* JSON object {"country":["CN","KZ"],"hs":"7616"} over
                            * idx_facet names, values strings or arrays of
                            * strings; NULL = none. Stored compact, keys sorted. */
    int64_t created_at;    /* unix seconds, set by the store */
} store_saved_search;

void store_saved_search_free(store_saved_search *s);
/* Checks the fields a user gives (name, query, lang, filters); 0 or
 * HK_EINVAL/HK_ETOOBIG naming the field. */
int store_saved_search_validate(const store_saved_search *s, hk_err *err);

/* Validates and inserts s (user must exist: HK_EINVAL naming user_id; a
 * user keeps at most STORE_SAVED_PER_USER: HK_ETOOBIG); sets s->id and
 * s->created_at, and rewrites s->filters in its stored (canonical) form. */
int store_saved_search_create(hk_store *st, store_saved_search *s, hk_err *err);
int store_saved_search_get(hk_store *st, int64_t id, store_saved_search *out, hk_err *err);
/* Deletes the saved search id of user_id, and its notifications. Another
 * user's search, or none, is HK_ENOTFOUND (the same answer, so that ids
 * of others cannot be probed). */
int store_saved_search_delete(hk_store *st, int64_t id, int64_t user_id, hk_err *err);
/* Fills *out (malloc'd array, each freed with store_saved_search_free,
 * then free(*out)) with the user's saved searches, oldest first. */
int store_saved_searches_of_user(hk_store *st, int64_t user_id, store_saved_search **out, size_t *n,
                                 hk_err *err);
void store_saved_searches_free(store_saved_search *v, size_t n);
/* Calls fn for every saved search in id order; fn returning non-zero
 * stops. fn must not write through st (the scan holds a read snapshot). */
int store_saved_search_each(hk_store *st, int (*fn)(const store_saved_search *s, void *ctx), void *ctx,
                            hk_err *err);

typedef enum { NOTIFY_SAVED_SEARCH, NOTIFY_LISTING_MATCH, NOTIFY__COUNT } store_notify_kind;
/* "saved_search", "listing_match"; NULL for other values. */
const char *store_notify_kind_name(store_notify_kind k);

typedef struct store_notification {
    int64_t id;            /* assigned by the store; grows with time */
    int64_t user_id;       /* who is told */
    store_notify_kind kind;
    int64_t saved_search_id;    /* NOTIFY_SAVED_SEARCH: the search that matched; else 0 */
    int64_t listing_id;         /* the listing the notification is about (new or changed) */
    int64_t matched_listing_id; /* NOTIFY_LISTING_MATCH: the user's organisation's
                                 * listing it matched; else 0 */
    char *payload;         /* JSON object saying why; from malloc(), owned */
    int64_t created_at;    /* unix seconds, set by the store */
    int64_t read_at;       /* unix seconds, 0 while unread */
} store_notification;

void store_notification_free(store_notification *n);
void store_notifications_free(store_notification *v, size_t n);

/* Adds notifications v[0..n) in one transaction (one durable commit for
 * all). One already present for the same (user, kind, saved search or
 * matched listing, listing) is skipped, not an error: "already
 * notified". *created (may be NULL) counts the new ones, and v[i].id is
 * set for them (0 for the skipped). A refused entry (unknown user or
 * listing, payload not a JSON object, inconsistent kind) refuses all. */
int store_notifications_add(hk_store *st, store_notification *v, size_t n, size_t *created, hk_err *err);
/* One notification; *created (may be NULL) says whether it was new. */
int store_notification_add(hk_store *st, store_notification *nt, bool *created, hk_err *err);
/* The user's notifications, newest first: at most limit (1..100) with id
 * below before_id (0 = from the newest). The next page passes the last
 * id returned. *out is malloc'd; free with store_notifications_free. */
int store_notifications_of_user(hk_store *st, int64_t user_id, int64_t before_id, size_t limit,
                                store_notification **out, size_t *n, hk_err *err);
/* Marks notification id of user_id read (the first time counts). Another
 * user's notification, or none, is HK_ENOTFOUND. */
int store_notification_mark_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err);

/* The users who are members of organisation org_id, ascending (the
 * recipients of listing_match notifications). *out is malloc'd. */
int store_org_member_ids(hk_store *st, int64_t org_id, int64_t **out, size_t *n, hk_err *err);

#endif
