/*
 * store.h - the store of record. The rest of hamkor sees records (model.h),
 * never SQL. One backend-neutral core (store_core.c and the rule files)
 * runs on SQLite (store_drv_sqlite.c: WAL, foreign keys, synchronous=FULL)
 * or PostgreSQL (store_drv_pg.c), with versioned migrations for each
 * (docs/store.md).
 *
 * Every write validates its record (model_validate.c) and the references
 * the store can check (country exists, organisation exists), runs in one
 * transaction together with its audit entry, and is durable when the call
 * returns 0. A refused write changes nothing.
 *
 * One hk_store is used by one thread at a time; open one per thread (or
 * per pool worker) for concurrency: SQLite's WAL lets readers proceed
 * beside the single writer; PostgreSQL takes concurrent writers, and a
 * write that lost a race it may retry fails with HK_EBUSY.
 */
#ifndef HK_STORE_H
#define HK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "hk_err.h"
#include "model/model.h"

typedef struct hk_store hk_store;

/* Opens the store at target and runs pending migrations: a SQLite file
 * ("sqlite:PATH" or a bare path, created when absent; ":memory:" works)
 * or a PostgreSQL database ("postgresql://..." or "postgres://..."). A
 * store whose schema is newer than this binary is refused with HK_EINVAL
 * and a message saying so. */
int store_open(const char *target, hk_store **out, hk_err *err);
/* True when target names a SQLite file; *path (may be NULL) gets the
 * file's path (target without "sqlite:"). */
bool store_driver_is_file(const char *target, const char **path);
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
/* The same for the organisations with first_id <= id <= last_id. */
int store_org_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                         int (*fn)(const organisation *o, void *ctx), void *ctx, hk_err *err);
/* The smallest and largest organisation id (0 and -1 when there are none). */
int store_org_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err);

/* ---- users and memberships ---- */
int store_user_create(hk_store *st, user *u, hk_err *err);
int store_user_get(hk_store *st, int64_t id, user *out, hk_err *err);
int store_user_get_by_email(hk_store *st, const char *email, user *out, hk_err *err);
int store_user_set_password(hk_store *st, int64_t id, const char *password_hash, hk_err *err);
/* The operator's changes to accounts (store_user_admin.c; `hamkor user`).
 * Each joins an open transaction, writes an audit entry by actor_id (0 =
 * the command line), and fails with HK_ENOTFOUND for an unknown id. */
/* Calls fn for every user in id order (password hashes included, for
 * store_user_disabled); fn returning non-zero stops. */
int store_user_each(hk_store *st, int (*fn)(const user *u, void *ctx), void *ctx, hk_err *err);
/* Sets the role, and the state of a coordinator (NULL or "" for other roles;
 * validated as store_user_create does). Takes effect at the user's next
 * request: the role is read from the store for each one. */
int store_user_set_role(hk_store *st, int64_t id, user_role role, const char *state, int64_t actor_id,
                        hk_err *err);
/* Disables (or enables) an account. A disabled account cannot sign in:
 * its password hash is kept behind a "!" that no password matches (the
 * shadow(5) convention, which needs no schema change), its sessions are
 * deleted and its API tokens revoked at once. Enabling takes the "!" off,
 * so the old password works again; tokens stay revoked. *changed (may be
 * NULL) is false when the account already was in that state. Changing the
 * password of a disabled account (store_user_set_password) enables it:
 * keep the "!" with store_user_disabled when that is not wanted. */
int store_user_set_disabled(hk_store *st, int64_t id, bool disabled, int64_t actor_id, bool *changed, hk_err *err);
/* True when u's password hash marks it disabled. */
bool store_user_disabled(const user *u);
/* Adds user m->user_id to organisation m->org_id, or changes whether
 * they are its admin (HK_EINVAL naming user_id or org_id when either
 * does not exist). An organisation keeps at least one admin: making its
 * only admin a plain member is HK_ECONFLICT naming "id". Audited. */
int store_membership_put(hk_store *st, const membership *m, int64_t actor_id, hk_err *err);
/* Removes user_id from org_id: HK_ENOTFOUND naming "id" when they are not
 * a member, HK_ECONFLICT naming "id" when they are its last admin (make
 * another member admin first). The check and the removal are one
 * transaction, safe with concurrent writers. Audited. */
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
/* Sets up to max (1..1024) published listings whose expiry date has
 * passed (before today, UTC) to expired, each as store_listing_set_status
 * would with actor 0 (the system); *expired counts them. */
int store_listings_expire_due(hk_store *st, size_t max, size_t *expired, hk_err *err);
int store_listing_set_status(hk_store *st, int64_t id, listing_status status, const char *new_expires,
                             int64_t actor_id, hk_err *err);
int store_listing_each(hk_store *st, int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err);
/* The same for the listings with first_id <= id <= last_id. */
int store_listing_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                             int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err);
/* The smallest and largest listing id (0 and -1 when there are none). */
int store_listing_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err);

/* ---- interests and messages ----
 * An organisation has at most one pending interest per listing (another
 * is HK_ECONFLICT naming listing_id); a message on a declined interest is
 * HK_ECONFLICT naming interest_id. Each write raises the inbox
 * notifications described with store_notify_kind below, in its own
 * transaction. */
int store_interest_create(hk_store *st, interest *i, hk_err *err);
int store_interest_get(hk_store *st, int64_t id, interest *out, hk_err *err);
/* Whether answers to a listing with this deadline ("" or NULL = none)
 * are still sealed from its organisation today (UTC): until the end of the
 * deadline day. See store_interest.c. */
bool store_answers_sealed(hk_store *st, const char *deadline);
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
/* The seq of the newest change (0 when the log is empty). */
int store_changes_last_seq(hk_store *st, int64_t *seq, hk_err *err);
/* Waiting for other writers. On PostgreSQL every commit that appends to
 * the change log also sends a notification; store_changes_wait waits up
 * to timeout_ms for one (the first call starts listening on this
 * connection, which should then be kept for waiting only): 1 when a
 * change was committed meanwhile, 0 on timeout, or a status.
 * store_changes_can_wait is false on SQLite, where nothing is sent and
 * store_changes_wait returns 0 at once: followers poll instead. */
bool store_changes_can_wait(const hk_store *st);
int store_changes_wait(hk_store *st, int timeout_ms, hk_err *err);

/* ---- consumers of the change log ----
 * A consumer (the alerts follower of the nodes, say) keeps the seq of the
 * last change it has dealt with under a name, so that after a restart it
 * resumes there. The position only moves forward; setting it joins an
 * open transaction (store_begin), so it commits together with whatever
 * the consumer wrote for those changes. */
#define STORE_CONSUMER_NAME_MAX 64 /* bytes */
/* *seq gets the consumer's position, 0 when it has none yet. */
int store_consumer_get(hk_store *st, const char *name, int64_t *seq, hk_err *err);
/* Moves the consumer's position to seq (never back: a lower seq is kept
 * as the higher one already stored). HK_EINVAL naming "name" for an empty
 * or over-long name. */
int store_consumer_set(hk_store *st, const char *name, int64_t seq, hk_err *err);

/* ---- copying a whole store (store_copy.c; `hamkor copy`) ----
 * Copies every row of every table of from into to (users, sessions,
 * tokens, audit and change logs included, ids kept), in one transaction
 * on to: all or nothing. to must be at the same schema version and hold
 * no records (countries aside, which may be there already and must then
 * equal from's): HK_ECONFLICT otherwise. fn (may be NULL) is called as
 * rows are copied, with the table's name, the rows copied of it so far
 * and its row count. On PostgreSQL the id sequences are moved past the
 * copied ids. */
typedef void (*store_copy_progress_fn)(const char *table, int64_t done, int64_t total, void *ctx);
int store_copy(hk_store *from, hk_store *to, store_copy_progress_fn fn, void *ctx, hk_err *err);

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
#define STORE_SAVED_FILTERS_MAX 4096  /* bytes of filter JSON (IDX_FILTERS_MAX) */
#define STORE_SAVED_PER_USER 100      /* saved searches a user may keep */
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
                            * strings; NULL = none. Kept as given: the format
                            * is the index's, and callers check and
                            * canonicalise it first (idx_filters_canonical). */
    int64_t created_at;    /* unix seconds, set by the store */
} store_saved_search;

void store_saved_search_free(store_saved_search *s);
/* Checks the fields a user gives (name, query, lang; filters only as a
 * JSON object of at most STORE_SAVED_FILTERS_MAX bytes); 0 or
 * HK_EINVAL/HK_ETOOBIG naming the field. */
int store_saved_search_validate(const store_saved_search *s, hk_err *err);

/* Validates and inserts s (user must exist: HK_EINVAL naming user_id; a
 * user keeps at most STORE_SAVED_PER_USER: HK_ETOOBIG); sets s->id and
 * s->created_at. s->filters is stored as it is. */
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

/* The inbox kinds (INTEREST_*, MESSAGE) are raised by the store itself in
 * the transaction of store_interest_create (every member of the listing's
 * organisation), store_interest_decide (every member of the sending
 * organisation) and store_message_add (every member of the other
 * organisation of the thread), never for the actor who wrote. */
/* LISTING_EXPIRING is raised by store_listings_remind_expiring (the
 * follower's sweep) for every member of the listing's organisation, once
 * per expiry date: a listing renewed to a later date is reminded again. */
typedef enum {
    NOTIFY_SAVED_SEARCH, NOTIFY_LISTING_MATCH, NOTIFY_INTEREST_RECEIVED, NOTIFY_INTEREST_DECIDED, NOTIFY_MESSAGE,
    NOTIFY_LISTING_EXPIRING, NOTIFY_PARTNER_MEETING, NOTIFY__COUNT
} store_notify_kind;
/* PARTNER_MEETING is raised by each step of a meeting request
 * (store_partner_meeting.c) for every member of the other organisation,
 * about the step (meeting_step_id), with the request's listing and, when
 * it came from one, its interest; the payload names the request. */
/* "saved_search", "listing_match", "interest_received", "interest_decided",
 * "message", "listing_expiring", "partner_meeting"; NULL for other values. */
const char *store_notify_kind_name(store_notify_kind k);

typedef struct store_notification {
    int64_t id;            /* assigned by the store; grows with time */
    int64_t user_id;       /* who is told */
    store_notify_kind kind;
    int64_t saved_search_id;    /* NOTIFY_SAVED_SEARCH: the search that matched; else 0 */
    int64_t listing_id;         /* the listing the notification is about (new or changed) */
    int64_t interest_id;        /* NOTIFY_INTEREST_*, NOTIFY_MESSAGE: the interest; else 0 */
    int64_t message_id;         /* NOTIFY_MESSAGE: the message; else 0 */
    int64_t matched_listing_id; /* NOTIFY_LISTING_MATCH: the user's organisation's
                                 * listing it matched; else 0 */
    int64_t expires_on;         /* NOTIFY_LISTING_EXPIRING: the expiry date it warns
                                 * of as YYYYMMDD (20270131); else 0 */
    int64_t meeting_step_id;    /* NOTIFY_PARTNER_MEETING: the step of the meeting
                                 * request it tells of (written only; reads give 0) */
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

/* The user's notifications with id above after_id, oldest first, at most
 * limit (the live stream resumes from Last-Event-ID with this). */
int store_notifications_after(hk_store *st, int64_t user_id, int64_t after_id, size_t limit,
                              store_notification **out, size_t *n, hk_err *err);
/* How many of the user's notifications are unread. */
int store_notifications_unread(hk_store *st, int64_t user_id, int64_t *count, hk_err *err);
/* Days before a listing's expiry date when its organisation is reminded. */
#define STORE_EXPIRY_REMINDER_DAYS 7
/* Reminds the members of the organisations whose published listings
 * expire within STORE_EXPIRY_REMINDER_DAYS (UTC days, today included) and
 * were not yet reminded of that date: one NOTIFY_LISTING_EXPIRING each,
 * with payload {"expires", "days_left"}; at most max (1..1024) listings a
 * call, *reminded counting them (fewer than max: none are left). A
 * listing whose organisation has no members is passed over. Safe on several nodes at once (the UNIQUE of
 * notifications makes a second reminder a no-op). */
int store_listings_remind_expiring(hk_store *st, size_t max, size_t *reminded, hk_err *err);
/* The largest notification id of any user (0 when none): the live stream
 * polls this cheaply to learn that something new was written. */
int store_notifications_max_id(hk_store *st, int64_t *max_id, hk_err *err);

/* The users who are members of organisation org_id, ascending (the
 * recipients of listing_match notifications). *out is malloc'd. */
int store_org_member_ids(hk_store *st, int64_t org_id, int64_t **out, size_t *n, hk_err *err);

/* ---- invitations and email checks (store_invite.c; migration 6) ----
 * An organisation's admin invites an email; the user signed in with it,
 * once verified, accepts (becoming a member) or declines. */
#define STORE_INVITE_DAYS 14          /* an invitation lasts this long */
#define STORE_MEMBERSHIPS_PER_USER 32 /* organisations one account may belong to */
#define STORE_ORGS_PER_USER_DAY 5     /* organisations one account may create a day */

typedef struct store_invitation {
    int64_t id, org_id, invited_by;
    char *email;                      /* from malloc() */
    bool is_admin;
    char status[10];                  /* pending, accepted, declined, revoked */
    int64_t created_at, expires_at, decided_at;
} store_invitation;
void store_invitation_free(store_invitation *v);
void store_invitations_free(store_invitation *v, size_t n);
/* Invites email (lower-cased by the caller) to org_id, or renews the
 * pending invitation it has; *out is the invitation. Audited. */
int store_invitation_send(hk_store *st, int64_t org_id, const char *email, bool is_admin, int64_t actor_id,
                          store_invitation *out, hk_err *err);
int store_invitation_get(hk_store *st, int64_t id, store_invitation *out, hk_err *err);
/* Pending, unexpired invitations of an organisation / to an email. */
int store_invitations_of_org(hk_store *st, int64_t org_id, store_invitation **out, size_t *n, hk_err *err);
int store_invitations_for_email(hk_store *st, const char *email, store_invitation **out, size_t *n, hk_err *err);
/* user_id answers invitation id, which must be to their email
 * (HK_ENOTFOUND otherwise), pending and unexpired (HK_ECONFLICT).
 * Accepting needs a verified email (HK_EFORBIDDEN) and room under
 * STORE_MEMBERSHIPS_PER_USER (HK_ETOOBIG), and makes the membership. */
int store_invitation_answer(hk_store *st, int64_t id, int64_t user_id, bool accept, hk_err *err);
/* Withdraws a pending invitation of org_id (HK_ENOTFOUND for another's). */
int store_invitation_revoke(hk_store *st, int64_t org_id, int64_t id, int64_t actor_id, hk_err *err);
/* Starts (or restarts, with a new link) the check of user_id's email;
 * token_hash is the keyed hash of the secret in the link. */
int store_email_check_start(hk_store *st, int64_t user_id, const char *token_hash, hk_err *err);
/* Marks the email whose check has token_hash verified; *user_id is its
 * user. HK_ENOTFOUND for an unknown, used or expired (3 days) link. */
int store_email_check_confirm(hk_store *st, const char *token_hash, int64_t *user_id, hk_err *err);
/* Whether user_id's email is verified: a check followed, or none started
 * (the operator made the user). */
int store_email_verified(hk_store *st, int64_t user_id, bool *verified, hk_err *err);

/* ---- accounts: sessions and API tokens (store_session.c; migration 3) ----
 * The store keeps only keyed hashes of secrets (auth_token_hash, 64 hex
 * characters), never the secrets: see docs/security.md. */
#define STORE_HASH_LEN 64
#define STORE_TOKEN_NAME_MAX 100   /* code points */
#define STORE_TOKENS_PER_USER 50

typedef struct store_session {
    int64_t id;
    int64_t user_id;
    char csrf_hash[STORE_HASH_LEN + 1];
    int64_t created_at, last_seen_at;  /* unix seconds */
} store_session;

/* Inserts a session for user_id (HK_EINVAL naming user_id when there is no
 * such user); hash and csrf_hash are 64 lower-case hex characters. Sets
 * *id_out (may be NULL). created_at = last_seen_at = now. */
int store_session_create(hk_store *st, const char *hash, const char *csrf_hash, int64_t user_id, int64_t *id_out,
                         hk_err *err);
/* The session whose hash is hash, or HK_ENOTFOUND. */
int store_session_get(hk_store *st, const char *hash, store_session *out, hk_err *err);
/* The session with row id id, or HK_ENOTFOUND (signed out, expired). */
int store_session_get_by_id(hk_store *st, int64_t id, store_session *out, hk_err *err);
/* Sets last_seen_at = now (callers do it at most once a minute). */
int store_session_touch(hk_store *st, int64_t id, int64_t now, hk_err *err);
/* Deletes the session (sign-out); none is not an error. */
int store_session_delete(hk_store *st, int64_t id, hk_err *err);
/* Deletes every session of user_id except except_id (0 = all): after a
 * password change. *deleted (may be NULL) counts them. */
int store_sessions_delete_for_user(hk_store *st, int64_t user_id, int64_t except_id, size_t *deleted, hk_err *err);
/* Deletes sessions created before created_before or last seen before
 * seen_before (housekeeping at start and hourly). */
int store_sessions_expire(hk_store *st, int64_t created_before, int64_t seen_before, size_t *deleted, hk_err *err);

typedef struct store_api_token {
    int64_t id;                        /* row id, used in /api/v1/tokens/{id} */
    char key_id[17];                   /* the public 16-hex id inside the token */
    char hash[STORE_HASH_LEN + 1];     /* auth_token_hash(key, API, whole token) */
    int64_t user_id;                   /* owner */
    char *name;                        /* 1..100 code points; from malloc() */
    int64_t created_at, last_used_at;  /* unix seconds; last_used_at 0 = never */
    int64_t expires_at;                /* 0 = never */
    int64_t revoked_at;                /* 0 = not revoked */
} store_api_token;

void store_api_token_free(store_api_token *t);
void store_api_tokens_free(store_api_token *v, size_t n);
/* Validates (name, key_id shape, hash shape, owner exists: HK_EINVAL naming
 * the field; more than STORE_TOKENS_PER_USER unrevoked tokens: HK_ETOOBIG)
 * and inserts t; sets t->id and t->created_at. Audited. */
int store_api_token_create(hk_store *st, store_api_token *t, hk_err *err);
int store_api_token_get(hk_store *st, int64_t id, store_api_token *out, hk_err *err);
int store_api_token_get_by_key(hk_store *st, const char *key_id, store_api_token *out, hk_err *err);
/* The user's tokens, revoked ones included, newest first. */
int store_api_tokens_of_user(hk_store *st, int64_t user_id, store_api_token **out, size_t *n, hk_err *err);
/* Sets revoked_at (the first time counts; revoking twice is not an error). Audited. */
int store_api_token_revoke(hk_store *st, int64_t id, int64_t actor_id, hk_err *err);
/* Revokes every unrevoked token of user_id (signing out everywhere), as
 * one write audited once by actor_id; *revoked (may be NULL) counts them. */
int store_api_tokens_revoke_for_user(hk_store *st, int64_t user_id, int64_t actor_id, size_t *revoked, hk_err *err);
int store_api_token_touch(hk_store *st, int64_t id, int64_t now, hk_err *err);

/* ---- directory and inbox lists (store_lists.c) ---- */
#define STORE_PAGE_MAX 100

/* Filters of the organisation directory; NULL or "" strings do not
 * filter, nor do tier and type when -1 (0 is a value of both enums, so a
 * zeroed struct filters on self_declared enterprises: set them to -1). */
typedef struct store_org_query {
    const char *country;     /* ISO alpha-2 */
    int tier;                /* verification_tier, or -1 for any */
    int type;                /* org_type, or -1 for any */
    const char *name;        /* case-insensitive substring of any of its names
                              * (bound as a LIKE pattern with %, _ and \ escaped) */
    int64_t after_id;        /* keyset cursor: ids greater than this */
    size_t limit;            /* 1..STORE_PAGE_MAX */
} store_org_query;

/* Organisations matching q in id order; *out is a malloc'd array, free
 * each with organisation_free then free(*out) (store_orgs_free). */
int store_org_list(hk_store *st, const store_org_query *q, organisation **out, size_t *n, hk_err *err);
void store_orgs_free(organisation *v, size_t n);

/* Creates organisation o (tier forced to self_declared, id assigned) and
 * makes user_id its first admin, in one transaction. */
int store_org_create_with_admin(hk_store *st, organisation *o, int64_t user_id, hk_err *err);

/* The organisation's listings in id order after after_id, at most limit;
 * drafts only when include_drafts. Free with store_listings_free. */
int store_listings_of_org(hk_store *st, int64_t org_id, bool include_drafts, int64_t after_id, size_t limit,
                          listing **out, size_t *n, hk_err *err);
void store_listings_free(listing *v, size_t n);

typedef struct store_member {
    int64_t user_id;
    char *email, *display_name;      /* from malloc() */
    bool is_admin;
} store_member;
/* The members of org_id ordered by user id. */
int store_members_of_org(hk_store *st, int64_t org_id, store_member **out, size_t *n, hk_err *err);
void store_members_free(store_member *v, size_t n);

typedef enum { STORE_BOX_RECEIVED, STORE_BOX_SENT } store_box;
/* Interests received by (on listings of) or sent by any of the
 * organisations org_ids, newest first, with id below before_id (0 = from
 * the newest), at most limit. Free with store_interests_free. */
int store_interests_of_orgs(hk_store *st, const int64_t *org_ids, size_t n_orgs, store_box box, int64_t before_id,
                            size_t limit, interest **out, size_t *n, hk_err *err);
void store_interests_free(interest *v, size_t n);

/* ---- duplicate flags (store_lists.c) ---- */
#define STORE_FLAG_NOTE_MAX 1000   /* code points */
typedef struct store_dup_flag {
    int64_t id;
    int64_t org_id;          /* the organisation reported */
    int64_t duplicate_of;    /* the one it duplicates (a different id) */
    int64_t flagged_by;      /* user */
    char *note;              /* 0..1000 code points; from malloc() */
    int64_t created_at;
} store_dup_flag;
void store_dup_flag_free(store_dup_flag *f);
void store_dup_flags_free(store_dup_flag *v, size_t n);
/* Validates and inserts f; both organisations must exist (HK_EINVAL
 * naming org_id or duplicate_of, whichever does not), differ (HK_EINVAL
 * naming duplicate_of), flagged_by must be a user, and the same user may
 * flag the same pair once (HK_ECONFLICT naming duplicate_of). Sets id and
 * created_at. Audited as flag_duplicate on organisation org_id. */
int store_dup_flag_create(hk_store *st, store_dup_flag *f, hk_err *err);
/* Flags in id order after after_id (the secretariat's review list). */
int store_dup_flags_list(hk_store *st, int64_t after_id, size_t limit, store_dup_flag **out, size_t *n, hk_err *err);

/* ---- the secretariat's taxonomy labels (store_taxonomy.c; migration 4) ----
 * The labels and search synonyms the secretariat set for an existing HS
 * or ISIC code, laid over data/taxonomy/ at every start
 * (tax_apply_store). One row per (scheme, code), holding the code's
 * whole wording in the three languages. The store checks form and size;
 * the taxonomy's own rules (tax_relabel_check) are checked by the caller
 * before writing. */
#define STORE_TAX_LANGS 3                 /* en, ru, zh: tax_lang's order */
#define STORE_TAX_LABEL_MAX_BYTES 800     /* 200 code points of up to 4 bytes */
#define STORE_TAX_SYNONYMS_MAX_BYTES 2000 /* one language's '|'-joined synonyms */

typedef struct store_tax_label {
    const char *scheme;                    /* "hs" or "isic" */
    const char *code;                      /* 1..7 ASCII letters or digits */
    const char *label[STORE_TAX_LANGS];    /* en, ru, zh; non-empty UTF-8 */
    const char *synonyms[STORE_TAX_LANGS]; /* '|'-separated; NULL or "" = none */
    int64_t updated_at;                    /* unix seconds; set by put */
    int64_t updated_by;                    /* the user who wrote it; 0 = none */
} store_tax_label;

/* Inserts or replaces the row of (r->scheme, r->code), audited as "put"
 * of entity "taxonomy_label" by actor_id (0 = no user). Sets
 * r->updated_at and r->updated_by. HK_EINVAL naming "scheme", "code",
 * "labels.en", "synonyms.ru", ... The strings are the caller's. */
int store_tax_label_put(hk_store *st, store_tax_label *r, int64_t actor_id, hk_err *err);
/* Calls fn for every row in (scheme, code) order; the strings are valid
 * during the call only. fn returning non-zero stops. fn must not write
 * through st. */
int store_tax_label_each(hk_store *st, int (*fn)(const store_tax_label *r, void *ctx), void *ctx, hk_err *err);

/* The coordination mechanism: meetings, chairmanship, initiatives, the
 * Action Plan (migration 8). */
#include "store/store_coord.h"

/* ---- notifications by email (store_mail.c) ----
 * Each user chooses how notifications reach them by email: at once, in a
 * daily digest, or never (the default, also for a user with no row: mail
 * is opt-in, so turning SMTP on mails nobody who did not ask). A
 * notification for an "immediately" user queues a mail in the outbox in
 * the notification's own transaction; the sender (src/mail) renders and
 * sends it, and a failure leaves it queued for a later attempt. */
typedef enum store_mail_pref { MAIL_PREF_NEVER, MAIL_PREF_IMMEDIATELY, MAIL_PREF_DAILY } store_mail_pref;
#define STORE_MAIL_MAX_ATTEMPTS 10 /* a mail that failed this often stays, with its last error */

typedef struct store_mail_prefs {
    store_mail_pref pref;
    char lang[3];              /* "en", "ru" or "zh": the language of the user's mails */
    int64_t digest_at;         /* unix seconds of the last digest; 0 = none yet */
} store_mail_prefs;

const char *store_mail_pref_name(store_mail_pref p);
/* -1 when name is none of immediately, daily, never. */
int store_mail_pref_parse(const char *name);
/* A user's preferences: never and "en" when not set. */
int store_mail_prefs_get(hk_store *st, int64_t user_id, store_mail_prefs *out, hk_err *err);
/* HK_EINVAL (field "lang") for a language other than en, ru, zh. */
int store_mail_prefs_set(hk_store *st, int64_t user_id, store_mail_pref pref, const char *lang, hk_err *err);

/* A mail to send, as store_mail_due reads it. Strings from malloc(). */
typedef struct store_mail {
    int64_t id, user_id;
    bool digest;               /* else a notification's mail */
    int64_t notification_id;   /* 0 for a digest, or when the notification is gone */
    char *subject, *body;      /* NULL until rendered (a notification's mail) */
    int attempts;
    char *to;                  /* the user's address */
    char lang[3];
    char *note_kind;           /* the notification's kind; NULL when none */
    int64_t listing_id;
    char *note_payload;        /* the notification's JSON payload; NULL when none */
} store_mail;
void store_mails_free(store_mail *v, size_t n);
/* The unsent mails due by now with fewer than STORE_MAIL_MAX_ATTEMPTS
 * attempts, oldest first, at most max. */
int store_mail_due(hk_store *st, int64_t now, size_t max, store_mail **out, size_t *n, hk_err *err);
/* Takes mail id for sending until lease_until; *claimed false when
 * another sender has it or it was sent. */
int store_mail_claim(hk_store *st, int64_t id, int64_t now, int64_t lease_until, bool *claimed, hk_err *err);
/* Marks mail id sent at now, keeping the text sent (NULL keeps what is there). */
int store_mail_sent(hk_store *st, int64_t id, int64_t now, const char *subject, const char *body, hk_err *err);
/* Counts a failed attempt: tried again at next_at; error is kept for the operator. */
int store_mail_failed(hk_store *st, int64_t id, int64_t next_at, const char *error, hk_err *err);

typedef struct store_mail_counts {
    int64_t pending;           /* unsent, still to be tried */
    int64_t failed;            /* unsent, given up after STORE_MAIL_MAX_ATTEMPTS */
    int64_t sent;
} store_mail_counts;
int store_mail_counts_get(hk_store *st, store_mail_counts *out, hk_err *err);

/* A user whose daily digest is due. */
typedef struct store_mail_digest {
    int64_t user_id;
    char lang[3];
    int64_t digest_at;         /* the last digest; 0 = none */
} store_mail_digest;
/* The "daily" users whose last digest is at or before due_before (or
 * none), at most max; *out is malloc'd. */
int store_mail_digests_due(hk_store *st, int64_t due_before, size_t max, store_mail_digest **out, size_t *n,
                           hk_err *err);
/* The user's unread notifications created after `after`, oldest first, at
 * most limit (id, user_id, kind, listing_id and payload are set). */
int store_mail_digest_notes(hk_store *st, int64_t user_id, int64_t after, size_t limit, store_notification **out,
                            size_t *n, hk_err *err);
/* In one transaction: queues the digest (unless subject is NULL: nothing
 * to tell) and records now as the user's last digest. */
int store_mail_digest_queue(hk_store *st, int64_t user_id, const char *subject, const char *body, int64_t now,
                            hk_err *err);
/* Meeting requests between partners (migration 12). */
#include "store/store_partner_meeting.h"

#endif
