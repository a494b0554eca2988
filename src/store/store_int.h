/*
 * store_int.h - what the files of src/store/ share and nobody else sees:
 * the hk_store struct, the statement table, and the helpers every rule
 * file uses to run statements, transactions, the audit and change logs
 * and the referential checks (store_core.c).
 *
 * Conventions inside the store:
 * - SQL lives only in store_sql.def, one entry per statement with its
 *   SQLite and PostgreSQL text side by side; a rule file names the
 *   statement by id (SQ_ORG_GET) and passes typed values (sv_int, ...);
 * - a statement returns rows to a callback (store_row_fn) and never holds
 *   a read snapshot open after store__q returns;
 * - every write runs between store__tx_enter and store__tx_leave, which
 *   either own a transaction or join the one opened by store_begin.
 */
#ifndef HK_STORE_INT_H
#define HK_STORE_INT_H

#include "store/store.h"
#include "store/store_driver.h"

/* One id per statement of store_sql.def: SQ_COUNTRY_GET, ... */
typedef enum {
#define STMT(id, what, sqlite_sql, pg_sql) SQ_##id,
#include "store/store_sql.def"
#undef STMT
    SQ__COUNT
} store_sq;

struct hk_store {
    const store_driver *drv;
    void *conn;                       /* the driver's connection; owned */
    bool in_tx;                       /* a transaction is open (store_begin, or a
                                       * store function's own: in_tx_own) */
    bool in_tx_own;                   /* the open one is a store function's own */
    bool tx_failed;                   /* a write inside it failed halfway: commit refuses */
    int64_t changed;                  /* rows the last write statement touched */
    store_code_known_fn code_fn;      /* NULL: only code formats are checked */
    void *code_ctx;
    /* Countries known to exist, by (c0-'A')*26+(c1-'A'). Countries are
     * never deleted, so a hit stays true; the cache is dropped on every
     * rollback because the row may have come from the rolled-back work. */
    unsigned char country_known[26 * 26];
    int64_t org_known;                /* last organisation id seen to exist (same rule) */
    char today[11];                   /* "YYYY-MM-DD" of the last store__today call */
};

/* ---- running statements (store_core.c) ----
 * store__q runs statement id with params p[0..n) and calls fn (may be
 * NULL) for each row; it returns the number of rows seen (>= 0) or an
 * HK_E* status with err set, its message starting with the statement's
 * "what" ("reading a listing: ..."). A statement with no text for this
 * store's dialect (NONE in store_sql.def) runs nothing and returns 0.
 * store__do is the same for a statement whose rows are not wanted: 0 or
 * a status; st->changed says how many rows it touched. store__int reads
 * column 0 of the first row as an integer: 1 when there was a row, 0
 * when none, or a status.
 *
 * ARGS(a, b, ...) expands to the array and count of the parameters:
 *   store__q(st, SQ_COUNTRY_GET, ARGS(sv_text(iso2)), read_country, &c, err)
 */
#define ARGS(...) (const store_val[]){__VA_ARGS__}, (int)(sizeof((const store_val[]){__VA_ARGS__}) / sizeof(store_val))
#define NOARGS NULL, 0

int store__q(hk_store *st, store_sq id, const store_val *p, int n, store_row_fn fn, void *ctx, hk_err *err);
int store__do(hk_store *st, store_sq id, const store_val *p, int n, hk_err *err);
int store__int(hk_store *st, store_sq id, const store_val *p, int n, int64_t *out, hk_err *err);
/* Runs statement id, a "SELECT min(id), max(id) FROM ...", into *first
 * and *last: 0 and -1 when the table is empty. */
int store__id_range(hk_store *st, store_sq id, int64_t *first, int64_t *last, hk_err *err);
/* The text of statement id in this store's dialect; NULL when it has none. */
const char *store__sql(const hk_store *st, store_sq id);
/* True on PostgreSQL (for the few places where a rule needs to know). */
bool store__is_pg(const hk_store *st);

/* ---- transactions ---- */
int store__tx_enter(hk_store *st, bool *own, hk_err *err);
/* Ends the transaction entered with store__tx_enter: commits (own, rc 0),
 * rolls back (own, rc != 0) or, inside store_begin, marks the outer
 * transaction failed when wrote is true. Returns rc or the commit error. */
int store__tx_leave(hk_store *st, bool own, int rc, bool wrote, hk_err *err);
void store__forget_caches(hk_store *st);
/* Puts "prefix: " before err->msg (truncating at its end when needed). */
void store__err_prefix(hk_err *err, const char *prefix);
int store__oom(hk_err *err);

int64_t store__now(void);
/* Today's UTC date "YYYY-MM-DD" (listings expire by date). */
const char *store__today(hk_store *st);

/* ---- logs ---- */
int store__audit(hk_store *st, int64_t actor, const char *action, const char *entity, int64_t id,
                 const char *detail, hk_err *err);
/* Appends to the change log. On PostgreSQL it first takes the change
 * log's transaction lock, so that changes commit in seq order and a
 * follower reading "seq > N" can never skip one (docs/store.md). */
int store__change(hk_store *st, const char *entity, int64_t id, const char *op, int64_t at, hk_err *err);

/* The channel store__change notifies on PostgreSQL at every commit. */
#define STORE_CHANGES_CHANNEL "hamkor_changes"

/* ---- referential checks shared by organisations and listings ---- */
int store__country_exists(hk_store *st, const char *iso2, const char *field, hk_err *err);
int store__codes_known(hk_store *st, const char *scheme, const char *field, char **codes, size_t n, hk_err *err);
int store__org_exists(hk_store *st, int64_t id, const char *field, hk_err *err);
/* HK_ETOOBIG when actor_id (> 0) created STORE_ORGS_PER_USER_DAY
 * organisations in the last day (store_invite.c). */
int store__org_create_room(hk_store *st, int64_t actor_id, hk_err *err);
/* 0 when user id exists, else HK_EINVAL naming field (store_user.c). */
int store__user_exists(hk_store *st, int64_t id, const char *field, hk_err *err);

/* A list of records read row by row into a growing array (the lists
 * store.h returns: members, memberships, tokens, ...). read fills rec,
 * zeroed before, from the row (ctx is the list's ctx) and returns
 * non-zero when out of memory; the record is counted either way, so the
 * caller's free function releases what it half filled. */
typedef struct store_list {
    void *v;                  /* n records of size bytes, room for cap; malloc'd, the caller's after */
    size_t n, cap, size;
    int (*read)(const store_row *r, void *rec, void *ctx);
    void *ctx;
    bool oom;
} store_list;
/* Runs statement id with p[0..n) and appends its rows to l: 0 or a
 * status (HK_ENOMEM included); l->v holds the l->n records read either
 * way, for the caller to keep or free. */
int store__q_list(hk_store *st, store_sq id, const store_val *p, int n, store_list *l, hk_err *err);

/* Grows arr (of n elements of size sz) by one zeroed element; NULL when
 * out of memory or when n reached MODEL_MAX_LIST (rows beyond the limit
 * were not written through this store). */
void *store__grow(void *arr, size_t n, size_t sz);

/* ---- records with child rows, read in batches ----
 * Organisations and listings are a parent row plus ordered child rows
 * (names, codes, texts, ...). They are read a batch at a time: the
 * parents with first <= id <= last into an array sorted by id, then each
 * child statement once for the whole id range (parameters ?1 = first,
 * ?2 = last; column 0 the parent's id; ordered by parent id then
 * position). store__children runs one child statement and calls add
 * with the record each row belongs to. The same code reads one record
 * (first = last = id) and a million (batches of STORE_BATCH). */
#define STORE_BATCH 512
typedef struct store_batch {
    void *recs;               /* array of n records of size bytes each, ascending ids */
    size_t n, size;
    size_t id_offset;         /* offsetof(record, id) */
} store_batch;
int store__children(hk_store *st, store_sq id, const store_batch *b, int (*add)(void *rec, const store_row *r),
                    hk_err *err);
/* Reads code rows (parent id, scheme, code) into the HS and ISIC lists;
 * shared by the organisation and listing batches. */
int store__add_code(const store_row *r, char ***hs, size_t *n_hs, char ***isic, size_t *n_isic);

/* Deletes the rows of record id from each child statement (a DELETE with
 * ?1 = the parent id) before the children are written again on update. */
int store__delete_children(hk_store *st, const store_sq *children, size_t n, int64_t id, hk_err *err);
/* Writes the codes of one scheme ("hs"/"isic") of record id with the
 * statement id (parent id, scheme, pos, code). */
int store__insert_codes(hk_store *st, store_sq id, int64_t parent, const char *scheme, char **codes, size_t n,
                        hk_err *err);

/* ---- migrations (store_migrate.c; the lists in store_schema_*.c) ---- */
typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;
extern const store_migration store__migrations_sqlite[];
extern const size_t store__n_migrations_sqlite;
extern const store_migration store__migrations_pg[];
extern const size_t store__n_migrations_pg;
int store__migrate(hk_store *st, hk_err *err);
/* The SQL of migration version in SQLite's dialect, or NULL: lets a test
 * build a database at an older schema version with the shipped SQL. */
const char *store__migration_sql(int version);

/* Registers a Unicode-aware lower() on a SQLite connection (store_fold.c),
 * replacing SQLite's ASCII-only one, so that case-insensitive name
 * filters behave for Cyrillic and other scripts as PostgreSQL's lower()
 * does. db is a sqlite3 *. */
int store__register_lower(void *db, hk_err *err);

/* Inbox notifications (store_saved.c), written inside the caller's
 * transaction (no transaction of their own): one notification of kind
 * for every member of org_id except skip_user, about interest_id (and
 * message_id for NOTIFY_MESSAGE) on listing_id. One already present is
 * skipped, so calling it for two organisations that share a member tells
 * that member once. payload is a JSON object. */
int store__notify_members(hk_store *st, int64_t org_id, int64_t skip_user, store_notify_kind kind,
                          int64_t listing_id, int64_t interest_id, int64_t message_id, const char *payload,
                          hk_err *err);

/* store_mail.c: queues the mail of new notification note_id when its
 * user wants mail at once (inside the notification's transaction). */
int store__mail_enqueue(hk_store *st, int64_t user_id, int64_t note_id, int64_t now, hk_err *err);
/* The same for a step of a meeting request (store_partner_meeting.c):
 * one NOTIFY_PARTNER_MEETING about step_id for every member of org_id
 * but skip_user, on listing_id and interest_id (0 = none). */
int store__notify_members_pm(hk_store *st, int64_t org_id, int64_t skip_user, int64_t listing_id,
                             int64_t interest_id, int64_t step_id, const char *payload, hk_err *err);

#endif
