/*
 * store_driver.h - the narrow interface between the store's rules (the
 * other store_*.c files) and a database engine. A driver opens a
 * connection, runs transactions, and runs a statement by id with typed
 * parameters, handing each result row to a callback. It maps the engine's
 * errors to HK_E* statuses (HK_EBUSY for a lock or serialization failure
 * worth retrying). It knows no table and no rule.
 *
 * Two drivers: store_drv_sqlite.c (a file, the embedded default) and
 * store_drv_pg.c (PostgreSQL through libpq). The SQL of every statement,
 * in each dialect side by side, is in store_sql.def; parameters are
 * written ?1, ?2, ... in both (the PostgreSQL driver turns them into $1,
 * $2, ...), so one text serves both wherever both accept it.
 *
 * Values are typed so that each engine stores them natively: SV_BOOL is
 * 0/1 in SQLite and boolean in PostgreSQL; SV_TIME (unix seconds) is an
 * integer in SQLite and timestamptz in PostgreSQL; SV_INTS (a list of
 * ids) is a JSON array for SQLite's json_each and an array literal for
 * PostgreSQL's = ANY. Rows are read back with the matching row_* call.
 */
#ifndef HK_STORE_DRIVER_H
#define HK_STORE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"

typedef enum { SV_NULL, SV_INT, SV_DOUBLE, SV_TEXT, SV_BOOL, SV_TIME, SV_INTS } store_vtype;

typedef struct store_val {
    store_vtype type;
    int64_t i;             /* SV_INT, SV_BOOL (0 or 1), SV_TIME (unix seconds) */
    double d;              /* SV_DOUBLE */
    const char *s;         /* SV_TEXT: NUL-terminated UTF-8, the caller's */
    const int64_t *ints;   /* SV_INTS: n ids, the caller's */
    size_t n;
} store_val;

static inline store_val sv_null(void) { return (store_val){.type = SV_NULL}; }
static inline store_val sv_int(int64_t v) { return (store_val){.type = SV_INT, .i = v}; }
/* 0 binds NULL (an optional reference). */
static inline store_val sv_int_opt(int64_t v) { return v ? sv_int(v) : sv_null(); }
static inline store_val sv_double(double v) { return (store_val){.type = SV_DOUBLE, .d = v}; }
static inline store_val sv_bool(bool v) { return (store_val){.type = SV_BOOL, .i = v ? 1 : 0}; }
static inline store_val sv_time(int64_t unix_s) { return (store_val){.type = SV_TIME, .i = unix_s}; }
/* 0 binds NULL (a time not yet reached: read_at, revoked_at, ...). */
static inline store_val sv_time_opt(int64_t unix_s) { return unix_s ? sv_time(unix_s) : sv_null(); }
/* The text as it is ("" stays ""); NULL binds NULL. */
static inline store_val sv_text(const char *s) { return s ? (store_val){.type = SV_TEXT, .s = s} : sv_null(); }
/* An optional text: NULL and "" bind NULL. */
static inline store_val sv_opt(const char *s) { return s && *s ? sv_text(s) : sv_null(); }
static inline store_val sv_ints(const int64_t *v, size_t n) { return (store_val){.type = SV_INTS, .ints = v, .n = n}; }

typedef struct store_driver store_driver;

/* One result row, valid during the row callback only. */
typedef struct store_row {
    const store_driver *drv;
    void *res;             /* the driver's statement or result */
    int row;               /* the row's number within res (PostgreSQL) */
} store_row;

/* Called for each row; returning non-zero stops the statement (not an
 * error: the caller's ctx says why). */
typedef int (*store_row_fn)(const store_row *r, void *ctx);

typedef enum { STORE_SQLITE, STORE_PG } store_dialect;

struct store_driver {
    const char *name;          /* "sqlite" or "postgresql" */
    store_dialect dialect;
    /* target: a file path (SQLite) or a libpq connection URI. */
    int (*open)(const char *target, void **conn, hk_err *err);
    void (*close)(void *conn);
    /* Runs SQL text with no parameters and no rows wanted (schema,
     * settings); several statements separated by ';' are allowed. */
    int (*exec)(void *conn, const char *sql, hk_err *err);
    int (*begin)(void *conn, hk_err *err);
    int (*commit)(void *conn, hk_err *err);
    void (*rollback)(void *conn);
    /* Runs statement id (its text is sql, the same for every call with
     * this id, so a driver may keep it prepared) with params p[0..n),
     * calling fn (may be NULL) for each row. Returns the number of rows
     * seen (>= 0) or an HK_E* status; *changed (may be NULL) gets the
     * rows an INSERT, UPDATE or DELETE touched. fn may run other
     * statements on the same connection. */
    int (*run)(void *conn, int id, const char *sql, const store_val *p, int n, store_row_fn fn, void *ctx,
               int64_t *changed, hk_err *err);
    /* Waits up to timeout_ms for a notification on channel, sent by
     * another connection's committed transaction (PostgreSQL's LISTEN and
     * NOTIFY); the first call starts listening. 1 when one came (all
     * pending are consumed), 0 on timeout, or a status. NULL when the
     * engine has no such thing (SQLite: one process, or files polled). */
    int (*wait)(void *conn, const char *channel, int timeout_ms, hk_err *err);
    /* Row access: column numbers from 0. */
    bool (*is_null)(const store_row *r, int col);
    int64_t (*col_int)(const store_row *r, int col);
    double (*col_double)(const store_row *r, int col);
    const char *(*col_text)(const store_row *r, int col); /* NULL for NULL */
    bool (*col_bool)(const store_row *r, int col);
    int64_t (*col_time)(const store_row *r, int col);      /* unix seconds; 0 for NULL */
};

extern const store_driver store_driver_sqlite;
extern const store_driver store_driver_pg;

/* The driver for target: "postgresql://" and "postgres://" URIs (and
 * libpq "host=... dbname=..." strings) are PostgreSQL; "sqlite:PATH" or a
 * bare path is SQLite. *path gets the driver's own form of the target
 * (the path without "sqlite:"). */
const store_driver *store_driver_for(const char *target, const char **path);

static inline bool row_null(const store_row *r, int c) { return r->drv->is_null(r, c); }
static inline int64_t row_int(const store_row *r, int c) { return r->drv->col_int(r, c); }
static inline double row_double(const store_row *r, int c) { return r->drv->col_double(r, c); }
static inline const char *row_text(const store_row *r, int c) { return r->drv->col_text(r, c); }
static inline bool row_bool(const store_row *r, int c) { return r->drv->col_bool(r, c); }
static inline int64_t row_time(const store_row *r, int c) { return r->drv->col_time(r, c); }
/* A malloc'd copy of column c in *out (NULL for NULL); HK_ENOMEM or 0. */
int row_dup(const store_row *r, int c, char **out);
/* Column c copied into out[size] (truncated; "" for NULL). */
void row_fixed(const store_row *r, int c, char *out, size_t size);

#endif
