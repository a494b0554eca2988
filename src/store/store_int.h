/*
 * store_int.h - what the files of src/store/ share and nobody else sees:
 * the hk_store struct, the prepared-statement cache, transaction and
 * audit helpers. store_sqlite.c implements these; store_org.c,
 * store_listing.c and the rest use them.
 *
 * Conventions inside the store:
 * - every statement is fetched with store__stmt (prepared once per
 *   hk_store, reset and unbound on each fetch) and reset by the caller as
 *   soon as it is done, so no statement holds a read snapshot open;
 * - every write runs between store__tx_enter and store__tx_leave, which
 *   either own a transaction (BEGIN IMMEDIATE ... COMMIT) or join the one
 *   opened by store_begin.
 */
#ifndef HK_STORE_INT_H
#define HK_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* One slot per cached statement; the SQL lives next to its only user. */
typedef enum {
    SQ_COUNTRY_EXISTS, SQ_COUNTRY_PUT, SQ_COUNTRY_GET, SQ_COUNTRY_COUNT,
    SQ_AUDIT_ADD, SQ_CHANGE_ADD,
    SQ_ORG_EXISTS, SQ_ORG_VERSION, SQ_ORG_INSERT, SQ_ORG_UPDATE, SQ_ORG_GET, SQ_ORG_SET_TIER,
    SQ_ORG_NAME_INS, SQ_ORG_CODE_INS, SQ_ORG_CAP_INS, SQ_ORG_CERT_INS, SQ_ORG_LANG_INS,
    SQ_ORG_NAME_DEL, SQ_ORG_CODE_DEL, SQ_ORG_CAP_DEL, SQ_ORG_CERT_DEL, SQ_ORG_LANG_DEL,
    SQ_ORG_NAME_GET, SQ_ORG_CODE_GET, SQ_ORG_CAP_GET, SQ_ORG_CERT_GET, SQ_ORG_LANG_GET,
    SQ_LST_EXISTS, SQ_LST_STATE, SQ_LST_INSERT, SQ_LST_UPDATE, SQ_LST_GET, SQ_LST_SET_STATUS,
    SQ_LST_TEXT_INS, SQ_LST_CODE_INS, SQ_LST_QTY_INS, SQ_LST_TARGET_INS,
    SQ_LST_TEXT_DEL, SQ_LST_CODE_DEL, SQ_LST_QTY_DEL, SQ_LST_TARGET_DEL,
    SQ_LST_TEXT_GET, SQ_LST_CODE_GET, SQ_LST_QTY_GET, SQ_LST_TARGET_GET,
    SQ_USER_EXISTS, SQ_USER_EMAIL_TAKEN, SQ_USER_INSERT, SQ_USER_GET, SQ_USER_GET_EMAIL, SQ_USER_SET_PW,
    SQ_MEMBER_PUT, SQ_MEMBER_DEL, SQ_MEMBER_OF_USER,
    SQ_EOI_INSERT, SQ_EOI_GET, SQ_EOI_DECIDE, SQ_EOI_EXISTS, SQ_MSG_INSERT, SQ_EOI_PENDING,
    /* Sessions and API tokens are looked up and touched on every
     * authenticated request, so their statements are kept. */
    SQ_SESS_GET, SQ_SESS_TOUCH, SQ_TOKEN_GET, SQ_TOKEN_GET_KEY, SQ_TOKEN_TOUCH,
    SQ__COUNT
} store_sq;

struct hk_store {
    sqlite3 *db;                      /* owned; closed by store_close */
    sqlite3_stmt *sq[SQ__COUNT];      /* lazily prepared, finalized by store_close */
    bool in_tx;                       /* store_begin opened a transaction */
    bool tx_failed;                   /* a write inside it failed halfway: commit refuses */
    store_code_known_fn code_fn;      /* NULL: only code formats are checked */
    void *code_ctx;
    /* Countries known to exist, by (c0-'A')*26+(c1-'A'). Countries are
     * never deleted, so a hit stays true; the cache is dropped on every
     * rollback because the row may have come from the rolled-back work. */
    unsigned char country_known[26 * 26];
    int64_t org_known;                /* last organisation id seen to exist (same rule) */
    char today[11];                   /* "YYYY-MM-DD" of the last store__today call */
};

/* Returns the cached statement for slot, reset with bindings cleared, or
 * NULL with err set. */
sqlite3_stmt *store__stmt(hk_store *st, store_sq slot, const char *sql, hk_err *err);
/* Maps the connection's last SQLite error to an HK_E* status and message. */
int store__sqlerr(hk_store *st, const char *what, hk_err *err);
int store__exec(hk_store *st, const char *sql, hk_err *err);
/* Runs sql, a constant "SELECT min, max ..." of one table's ids, into
 * *first and *last. */
int store__id_range(hk_store *st, const char *sql, int64_t *first, int64_t *last, hk_err *err);
/* Runs a reset statement that returns no rows (or whose rows are ignored)
 * and resets it. */
int store__run(hk_store *st, sqlite3_stmt *s, const char *what, hk_err *err);

int store__tx_enter(hk_store *st, bool *own, hk_err *err);
/* Ends the transaction entered with store__tx_enter: commits (own, rc 0),
 * rolls back (own, rc != 0) or, inside store_begin, marks the outer
 * transaction failed when wrote is true. Returns rc or the commit error. */
int store__tx_leave(hk_store *st, bool own, int rc, bool wrote, hk_err *err);
void store__forget_caches(hk_store *st);
/* Puts "prefix: " before err->msg (truncating at its end when needed). */
void store__err_prefix(hk_err *err, const char *prefix);

int64_t store__now(void);
/* Today's UTC date "YYYY-MM-DD" (listings expire by date). */
const char *store__today(hk_store *st);

int store__audit(hk_store *st, int64_t actor, const char *action, const char *entity, int64_t id,
                 const char *detail, hk_err *err);
int store__change(hk_store *st, const char *entity, int64_t id, const char *op, int64_t at, hk_err *err);

/* Referential checks shared by organisations and listings. */
int store__country_exists(hk_store *st, const char *iso2, const char *field, hk_err *err);
int store__codes_known(hk_store *st, const char *scheme, const char *field, char **codes, size_t n, hk_err *err);
int store__org_exists(hk_store *st, int64_t id, const char *field, hk_err *err);
/* 0 when user id exists, else HK_EINVAL naming field (store_user.c). */
int store__user_exists(hk_store *st, int64_t id, const char *field, hk_err *err);

/* Binding and reading helpers. */
int store__bind_text(sqlite3_stmt *s, int i, const char *v); /* NULL and "" bind NULL */
int store__col_dup(sqlite3_stmt *s, int i, char **out);      /* NULL column -> NULL */
void store__col_fixed(sqlite3_stmt *s, int i, char *out, size_t size);

/* A cursor over child rows whose column 0 is the owner's id, ordered by
 * owner then position. Loading a record takes the rows at its id; the
 * same code serves a single get (statement bound to one id) and a full
 * scan (a merge join in id order, one pass per child table). */
typedef struct store_cur {
    sqlite3_stmt *s;
    int r; /* last sqlite3_step result; SQLITE_ROW when a row is current */
} store_cur;
/* Skips rows of owners before id; true when the current row is id's. */
bool store__cur_at(store_cur *c, int64_t id);
/* 0, or HK_EIO when the last step failed. */
int store__cur_status(hk_store *st, const store_cur *c, hk_err *err);

/* Grows arr (of n elements of size sz) by one zeroed element; NULL when
 * out of memory or when n reached MODEL_MAX_LIST (rows beyond the limit
 * were not written through this store). */
void *store__grow(void *arr, size_t n, size_t sz);

/* Migrations (store_migrate.c). */
int store__migrate(hk_store *st, hk_err *err);
/* The SQL of migration version, or NULL when there is none: lets a test
 * build a database at an older schema version with the shipped SQL. */
const char *store__migration_sql(int version);

/* Registers the connection's Unicode-aware lower() (store_fold.c),
 * replacing SQLite's ASCII-only one, so that case-insensitive name
 * filters behave for Cyrillic and other scripts as PostgreSQL's lower()
 * does. */
int store__register_lower(hk_store *st, hk_err *err);

/* Inbox notifications (store_saved.c), written inside the caller's
 * transaction (no transaction of their own): one notification of kind
 * for every member of org_id except skip_user, about interest_id (and
 * message_id for NOTIFY_MESSAGE) on listing_id. One already present is
 * skipped, so calling it for two organisations that share a member tells
 * that member once. payload is a JSON object. */
int store__notify_members(hk_store *st, int64_t org_id, int64_t skip_user, store_notify_kind kind,
                          int64_t listing_id, int64_t interest_id, int64_t message_id, const char *payload,
                          hk_err *err);

/* Reads the code rows (listing_id or org_id, scheme, code) of record id
 * from cursor c into the HS and ISIC lists; HK_ENOMEM on failure. Shared
 * by the organisation and listing scans. */
int store__read_codes(store_cur *c, int64_t id, char ***hs, size_t *n_hs, char ***isic, size_t *n_isic);

/* The status to return when store__stmt failed (it filled err). */
int store__stmt_failed(hk_err *err);

/* One child table of a record, by its cached delete statement. */
typedef struct store_child {
    store_sq slot;
    const char *sql;          /* DELETE ... WHERE <parent>_id = ?1 */
} store_child;

/* Deletes the rows of record id from each child table (before the
 * children are written again on update). */
int store__delete_children(hk_store *st, const store_child *children, size_t n, int64_t id, hk_err *err);

/* Writes the codes of one scheme ("hs"/"isic") of record id with the
 * cached statement slot/sql (parent id, scheme, pos, code). */
int store__insert_codes(hk_store *st, store_sq slot, const char *sql, int64_t id, const char *scheme, char **codes,
                        size_t n, hk_err *err);

#endif
