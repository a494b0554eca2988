/*
 * store_drv_pg.c - the PostgreSQL driver of the store (store_driver.h),
 * the only file that talks to libpq.
 *
 * Statements are prepared on first use, once per connection, under the
 * name "hk<id>": the SQL's ?N parameters become $N and each parameter's
 * type comes from the first call's value (an int is int8, a time is
 * timestamptz, a text or NULL is left for the server to infer from the
 * context). The types of a prepared statement are fixed, so a later call
 * whose non-NULL types differ (an int where the first call passed a text)
 * gets a second prepared variant "hk<id>_1", and so on. Values travel as
 * text and results come back as text (ISO dates in UTC, set at open).
 *
 * Server errors become HK_E* statuses by SQLSTATE: lock and serialization
 * failures are HK_EBUSY (worth retrying), a unique violation is
 * HK_ECONFLICT, other integrity and data errors are HK_EINVAL, and the
 * rest, including a lost connection, HK_EIO.
 */
#include "store/store_driver.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_MAX_ID 1024      /* statement ids are below this */
#define PG_MAX_VARIANTS 4   /* prepared type variants kept per id */

/* OIDs of the types parameters are declared as (pg_type.h). */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_FLOAT8 701
#define OID_TIMESTAMPTZ 1184
#define OID_INT8_ARRAY 1016

/* In a prepared variant's types: the first call passed NULL here, the
 * server inferred the type, and a value of any type fits. */
#define OID_ANY ((Oid)-1)

/* The parameter types one statement was prepared with. */
typedef struct pg_variant {
    int n;        /* parameter count */
    Oid *types;   /* n types: as declared (0: inferred from a text) or OID_ANY; malloc'd */
} pg_variant;

typedef struct pg_stmt {
    int nvar;                            /* variants prepared: "hk<id>", "hk<id>_1", ... */
    pg_variant var[PG_MAX_VARIANTS];
} pg_stmt;

typedef struct pg_conn {
    PGconn *pg;                /* owned: PQfinish at close */
    pg_stmt *stmts;            /* indexed by statement id, cap entries; malloc'd, grown on demand */
    int cap;
    hk_err aborted;            /* the first failure of the open transaction (code 0: none) */
    bool listening;            /* LISTEN was sent (pg_wait) */
} pg_conn;

/* ---- errors ---- */

/* libpq's message on one line (its lines joined, the trailing newline
 * dropped), copied into buf. */
static const char *pg_errmsg(PGconn *pg, char *buf, size_t size)
{
    const char *m = PQerrorMessage(pg);
    size_t len = 0;
    for (; *m && len + 1 < size; m++) {
        if (*m == '\t')
            continue;
        buf[len++] = *m == '\n' ? ' ' : *m;
    }
    while (len > 0 && buf[len - 1] == ' ')
        len--;
    buf[len] = '\0';
    return buf;
}

static int pg_code(const char *state)
{
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") || !strcmp(state, "57014"))
        return HK_EBUSY;
    if (!strcmp(state, "23505"))
        return HK_ECONFLICT;
    if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
        return HK_EINVAL;
    return HK_EIO;
}

/* Fills err from a failed result (res may be NULL) and returns its status.
 * Inside a transaction the first failure is kept, so that a later commit,
 * which PostgreSQL turns into a rollback, can say why. */
static int pg_fail(pg_conn *c, const PGresult *res, hk_err *err)
{
    char buf[400];
    int rc;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        rc = hk_err_set(err, HK_EIO, "", "lost the connection to PostgreSQL: %s", pg_errmsg(c->pg, buf, sizeof buf));
    } else if (!state) {
        rc = hk_err_set(err, HK_EIO, "", "PostgreSQL: %s", pg_errmsg(c->pg, buf, sizeof buf));
    } else {
        const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        if (!primary)
            primary = "unknown error";
        rc = pg_code(state);
        if (!strncmp(state, "53", 2))
            hk_err_set(err, rc, "", "PostgreSQL is out of resources (disk, memory or connections): %s [%s]",
                       primary, state);
        else if (constraint && !strstr(primary, constraint))
            hk_err_set(err, rc, "", "%s (constraint %s)", primary, constraint);
        else if (rc == HK_EIO)
            hk_err_set(err, rc, "", "%s [%s]", primary, state);
        else
            hk_err_set(err, rc, "", "%s", primary);
    }
    if (PQtransactionStatus(c->pg) == PQTRANS_INERROR && c->aborted.code == 0 && err)
        c->aborted = *err;
    return rc;
}

/* True when res is a success (a command, rows, or nothing to run). */
static bool pg_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return res && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY);
}

/* Runs sql with PQexec; 0 or a status. */
static int pg_simple(pg_conn *c, const char *sql, hk_err *err)
{
    PGresult *res = PQexec(c->pg, sql);
    int rc = pg_ok(res) ? 0 : pg_fail(c, res, err);
    PQclear(res);
    return rc;
}

/* ---- connections ---- */

/* "user@host:port/dbname" of a valid conninfo, without its password. */
static void pg_describe(const PQconninfoOption *opts, char *out, size_t size)
{
    const char *user = "", *host = "", *port = "", *db = "";
    for (const PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val)
            continue;
        if (!strcmp(o->keyword, "user"))
            user = o->val;
        else if (!strcmp(o->keyword, "host"))
            host = o->val;
        else if (!strcmp(o->keyword, "port"))
            port = o->val;
        else if (!strcmp(o->keyword, "dbname"))
            db = o->val;
    }
    snprintf(out, size, "%s%s%s%s%s/%s", user, *user ? "@" : "", *host ? host : "localhost", *port ? ":" : "",
             port, db);
}

static int pg_open(const char *target, void **conn, hk_err *err)
{
    *conn = NULL;
    /* libpq's complaint about a malformed string quotes all of it,
     * password included, so it is not repeated. */
    char *why = NULL;
    PQconninfoOption *opts = target ? PQconninfoParse(target, &why) : NULL;
    PQfreemem(why);
    if (!opts)
        return hk_err_set(err, HK_EINVAL, "", "not a valid PostgreSQL connection string (postgresql://user@host/db)");
    char where[256];
    pg_describe(opts, where, sizeof where);
    PQconninfoFree(opts);
    pg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory opening PostgreSQL");
    c->pg = PQconnectdb(target);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        char buf[400];
        hk_err_set(err, HK_EIO, "", "could not connect to PostgreSQL at %s: %s", where,
                   c->pg ? pg_errmsg(c->pg, buf, sizeof buf) : "out of memory");
        PQfinish(c->pg);
        free(c);
        return HK_EIO;
    }
    /* Times are read and written as ISO text in UTC; see pg_time_text and
     * pg_col_time. Notices below warnings (e.g. "table already exists,
     * skipping") are noise on stderr. */
    int rc = pg_simple(c,
                       "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';"
                       " SET client_min_messages = warning",
                       err);
    if (rc) {
        PQfinish(c->pg);
        free(c);
        return rc;
    }
    *conn = c;
    return 0;
}

static void pg_close(void *conn)
{
    pg_conn *c = conn;
    if (!c)
        return;
    for (int i = 0; i < c->cap; i++)
        for (int k = 0; k < c->stmts[i].nvar; k++)
            free(c->stmts[i].var[k].types);
    free(c->stmts);
    PQfinish(c->pg);
    free(c);
}

static int pg_exec(void *conn, const char *sql, hk_err *err) { return pg_simple(conn, sql, err); }

static int pg_begin(void *conn, hk_err *err)
{
    pg_conn *c = conn;
    hk_err_clear(&c->aborted);
    return pg_simple(c, "BEGIN", err);
}

/* A COMMIT of a transaction that an error aborted succeeds as a ROLLBACK;
 * the caller must learn that its work is gone. */
static int pg_commit(void *conn, hk_err *err)
{
    pg_conn *c = conn;
    PGresult *res = PQexec(c->pg, "COMMIT");
    int rc = 0;
    if (!pg_ok(res))
        rc = pg_fail(c, res, err);
    else if (!strcmp(PQcmdStatus(res), "ROLLBACK"))
        rc = c->aborted.code
                 ? hk_err_set(err, c->aborted.code, "", "the transaction was rolled back: %s", c->aborted.msg)
                 : hk_err_set(err, HK_EIO, "", "the transaction was rolled back after an earlier failure");
    PQclear(res);
    hk_err_clear(&c->aborted);
    return rc;
}

/* Outside a transaction there is nothing to undo, and a ROLLBACK would
 * only print a warning. */
static void pg_rollback(void *conn)
{
    pg_conn *c = conn;
    if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        PQclear(PQexec(c->pg, "ROLLBACK"));
    hk_err_clear(&c->aborted);
}

/* ---- statements ---- */

static bool ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_' || (unsigned char)ch >= 0x80; }

/* A malloc'd copy of sql with each ?N turned into $N, except inside
 * string literals ('...', E'...' with backslash escapes, $tag$...$tag$),
 * quoted identifiers and comments. NULL when out of memory. */
static char *pg_rewrite(const char *sql)
{
    char *out = strdup(sql);
    if (!out)
        return NULL;
    char *p = out;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            bool esc = q == '\'' && p > out && (p[-1] == 'E' || p[-1] == 'e') && (p - 1 == out || !ident_char(p[-2]));
            for (p++; *p && *p != q; p++)
                if (esc && *p == '\\' && p[1])
                    p++;
            if (*p)
                p++; /* a doubled quote reads as a closed literal and a new one */
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            int depth = 1; /* PostgreSQL's block comments nest */
            for (p += 2; *p && depth > 0; p++) {
                if (p[0] == '/' && p[1] == '*')
                    depth++, p++;
                else if (p[0] == '*' && p[1] == '/')
                    depth--, p++;
            }
        } else if (*p == '$' && (p == out || !ident_char(p[-1]))) {
            /* "$$" or "$name$" opens a dollar-quoted string ("$1" is a
             * parameter: a tag never starts with a digit). */
            size_t tag = 1;
            if (!isdigit((unsigned char)p[1]))
                while (ident_char(p[tag]))
                    tag++;
            if (p[tag] != '$') {
                p++;
                continue;
            }
            char *end = NULL;
            for (char *s = p + tag + 1; (s = strchr(s, '$')) != NULL; s++)
                if (!strncmp(s, p, tag + 1)) {
                    end = s;
                    break;
                }
            p = end ? end + tag + 1 : p + strlen(p);
        } else {
            if (*p == '?' && isdigit((unsigned char)p[1]))
                *p = '$';
            p++;
        }
    }
    return out;
}

static Oid pg_type_of(store_vtype t)
{
    switch (t) {
    case SV_INT: return OID_INT8;
    case SV_DOUBLE: return OID_FLOAT8;
    case SV_BOOL: return OID_BOOL;
    case SV_TIME: return OID_TIMESTAMPTZ;
    case SV_INTS: return OID_INT8_ARRAY;
    default: return 0; /* SV_TEXT, SV_NULL: inferred from the context */
    }
}

/* Unix seconds as timestamptz text, "2024-12-05 09:13:20+00"; -1 when
 * the time has no such form (before year 1 or beyond time_t). */
static int pg_time_text(int64_t t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if ((int64_t)tt != t || !gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 1)
        return -1;
    snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d+00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    return 0;
}

/* The parameters of one call as libpq wants them. */
typedef struct pg_params {
    const char **values;   /* n texts (NULL for SQL NULL), into buf or the caller's strings */
    Oid *types;            /* n declared types */
    char *buf;             /* the formatted numbers; all three malloc'd by pg_params_make */
} pg_params;

static void pg_params_free(pg_params *pp)
{
    free(pp->values);
    free(pp->types);
    free(pp->buf);
}

static int pg_params_make(const store_val *p, int n, pg_params *pp, hk_err *err)
{
    memset(pp, 0, sizeof *pp);
    size_t size = 1;
    for (int i = 0; i < n; i++) {
        if (p[i].type == SV_INTS && p[i].n > (SIZE_MAX - size) / 21 - 4)
            return hk_err_set(err, HK_ETOOBIG, "", "a list of %zu ids is too long", p[i].n);
        size += p[i].type == SV_INTS ? p[i].n * 21 + 3 : 40;
    }
    pp->values = calloc((size_t)n + 1, sizeof *pp->values);
    pp->types = calloc((size_t)n + 1, sizeof *pp->types);
    pp->buf = malloc(size);
    if (!pp->values || !pp->types || !pp->buf) {
        pg_params_free(pp);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory binding parameters");
    }
    char *w = pp->buf;
    for (int i = 0; i < n; i++) {
        const store_val *v = &p[i];
        pp->types[i] = pg_type_of(v->type);
        pp->values[i] = w;
        switch (v->type) {
        case SV_NULL: pp->values[i] = NULL; continue;
        case SV_TEXT: pp->values[i] = v->s; continue;
        case SV_INT: w += sprintf(w, "%lld", (long long)v->i); break;
        case SV_BOOL: w += sprintf(w, "%s", v->i ? "t" : "f"); break;
        case SV_DOUBLE:
            if (isnan(v->d))
                w += sprintf(w, "NaN");
            else if (isinf(v->d))
                w += sprintf(w, "%sInfinity", v->d < 0 ? "-" : "");
            else
                w += sprintf(w, "%.17g", v->d);
            break;
        case SV_TIME:
            if (pg_time_text(v->i, w, 40) != 0) {
                pg_params_free(pp);
                return hk_err_set(err, HK_EINVAL, "", "the time %lld is out of range", (long long)v->i);
            }
            w += strlen(w);
            break;
        case SV_INTS:
            *w++ = '{';
            for (size_t k = 0; k < v->n; k++)
                w += sprintf(w, "%s%lld", k ? "," : "", (long long)v->ints[k]);
            *w++ = '}';
            *w = '\0';
            break;
        }
        w++; /* past the NUL */
    }
    return 0;
}

/* Whether a call with these parameters can run variant v: the same count,
 * and each type the same unless either side is NULL. */
static bool pg_fits(const pg_variant *v, const pg_params *pp, int n)
{
    if (v->n != n)
        return false;
    for (int i = 0; i < n; i++)
        if (pp->values[i] && v->types[i] != OID_ANY && v->types[i] != pp->types[i])
            return false;
    return true;
}

static void pg_name(char *out, size_t size, int id, int k)
{
    if (k == 0)
        snprintf(out, size, "hk%d", id);
    else
        snprintf(out, size, "hk%d_%d", id, k);
}

/* Makes room in c->stmts for id. */
static int pg_grow(pg_conn *c, int id, hk_err *err)
{
    if (id < c->cap)
        return 0;
    int cap = c->cap ? c->cap : 64;
    while (cap <= id)
        cap *= 2;
    pg_stmt *s = realloc(c->stmts, (size_t)cap * sizeof *s);
    if (!s)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory preparing a statement");
    memset(s + c->cap, 0, (size_t)(cap - c->cap) * sizeof *s);
    c->stmts = s;
    c->cap = cap;
    return 0;
}

/* Prepares sql as variant number st->nvar of id for these parameters. */
static int pg_prepare(pg_conn *c, int id, const char *sql, const pg_params *pp, int n, hk_err *err)
{
    pg_stmt *st = &c->stmts[id];
    pg_variant v = {.n = n, .types = malloc((size_t)n * sizeof *v.types + 1)};
    char *text = pg_rewrite(sql);
    if (!v.types || !text) {
        free(v.types);
        free(text);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory preparing a statement");
    }
    for (int i = 0; i < n; i++)
        v.types[i] = pp->values[i] ? pp->types[i] : OID_ANY;
    char name[32];
    pg_name(name, sizeof name, id, st->nvar);
    PGresult *res = PQprepare(c->pg, name, text, n, pp->types);
    int rc = pg_ok(res) ? 0 : pg_fail(c, res, err);
    PQclear(res);
    free(text);
    if (rc) {
        free(v.types);
        return rc;
    }
    st->var[st->nvar++] = v;
    return 0;
}

/* Runs id, preparing it (or a variant for new types) on first use. More
 * type variants than PG_MAX_VARIANTS mean a caller mixing types freely;
 * those calls run unprepared rather than fail. */
static PGresult *pg_execute(pg_conn *c, int id, const char *sql, const pg_params *pp, int n, hk_err *err,
                            int *rc)
{
    *rc = pg_grow(c, id, err);
    if (*rc)
        return NULL;
    pg_stmt *st = &c->stmts[id];
    int k = 0;
    while (k < st->nvar && !pg_fits(&st->var[k], pp, n))
        k++;
    if (k == PG_MAX_VARIANTS) {
        char *text = pg_rewrite(sql);
        if (!text) {
            *rc = hk_err_set(err, HK_ENOMEM, "", "out of memory running a statement");
            return NULL;
        }
        PGresult *res = PQexecParams(c->pg, text, n, pp->types, pp->values, NULL, NULL, 0);
        free(text);
        return res;
    }
    if (k == st->nvar && (*rc = pg_prepare(c, id, sql, pp, n, err)) != 0)
        return NULL;
    char name[32];
    pg_name(name, sizeof name, id, k);
    return PQexecPrepared(c->pg, name, n, pp->values, NULL, NULL, 0);
}

static int pg_run(void *conn, int id, const char *sql, const store_val *p, int n, store_row_fn fn, void *ctx,
                  int64_t *changed, hk_err *err)
{
    pg_conn *c = conn;
    if (changed)
        *changed = 0;
    if (id < 0 || id >= PG_MAX_ID || n < 0 || !sql)
        return hk_err_set(err, HK_EINTERNAL, "", "statement %d: bad id or parameters", id);
    pg_params pp;
    int rc = pg_params_make(p, n, &pp, err);
    if (rc)
        return rc;
    PGresult *res = pg_execute(c, id, sql, &pp, n, err, &rc);
    pg_params_free(&pp);
    if (rc)
        return rc;
    if (!pg_ok(res)) {
        rc = pg_fail(c, res, err);
        PQclear(res);
        return rc;
    }
    if (changed)
        *changed = atoll(PQcmdTuples(res));
    /* The whole result is in res, so fn may run other statements. */
    int rows = PQntuples(res), seen = 0;
    while (seen < rows) {
        store_row r = {.drv = &store_driver_pg, .res = res, .row = seen++};
        if (fn && fn(&r, ctx))
            break;
    }
    PQclear(res);
    return seen;
}

/* ---- rows ---- */

/* The text of a column, NULL for NULL (and for a column out of range). */
static const char *pg_col_text(const store_row *r, int col)
{
    if (PQgetisnull(r->res, r->row, col))
        return NULL;
    return PQgetvalue(r->res, r->row, col);
}

static bool pg_is_null(const store_row *r, int col) { return PQgetisnull(r->res, r->row, col) != 0; }

static int64_t pg_col_int(const store_row *r, int col)
{
    const char *s = pg_col_text(r, col);
    if (!s)
        return 0;
    if (*s == 't' || *s == 'f') /* a boolean */
        return *s == 't';
    return strtoll(s, NULL, 10);
}

static double pg_col_double(const store_row *r, int col)
{
    const char *s = pg_col_text(r, col);
    return s ? strtod(s, NULL) : 0.0;
}

static bool pg_col_bool(const store_row *r, int col)
{
    const char *s = pg_col_text(r, col);
    return s && (!strcmp(s, "t") || !strcmp(s, "1") || !strcmp(s, "true"));
}

/* A timestamptz, timestamp or date in ISO form ("2024-12-05 09:13:20.5+00",
 * any UTC offset) as unix seconds, the fraction dropped; a bigint column
 * as it is; 'infinity' as the extreme int64. Years BC are not read. */
static int64_t pg_col_time(const store_row *r, int col)
{
    const char *s = pg_col_text(r, col);
    if (!s)
        return 0;
    const char *digits = s + (*s == '-');
    if (*digits && digits[strspn(digits, "0123456789")] == '\0')
        return strtoll(s, NULL, 10);
    if (!strcmp(s, "infinity") || !strcmp(s, "-infinity"))
        return *s == '-' ? INT64_MIN : INT64_MAX;
    struct tm tm = {0};
    int used = 0;
    if (sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &used) != 3)
        return 0;
    const char *p = s + used;
    if ((*p == ' ' || *p == 'T') && sscanf(p + 1, "%d:%d:%d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) == 3)
        p += 1 + used;
    if (*p == '.')
        p += 1 + strspn(p + 1, "0123456789");
    long offset = 0;
    if (*p == '+' || *p == '-') {
        int h = 0, m = 0, sec = 0;
        sscanf(p + 1, "%d:%d:%d", &h, &m, &sec);
        offset = (*p == '-' ? -1 : 1) * (h * 3600L + m * 60L + sec);
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - offset;
}

/* ---- notifications ---- */

/* Drains the notifications libpq has read; true when there was one. */
static bool pg_drain(pg_conn *c)
{
    bool got = false;
    PGnotify *n;
    while ((n = PQnotifies(c->pg))) {
        got = true;
        PQfreemem(n);
    }
    return got;
}

static int pg_wait(void *conn, const char *channel, int timeout_ms, hk_err *err)
{
    pg_conn *c = conn;
    if (!c->listening) {
        char *ident = PQescapeIdentifier(c->pg, channel, strlen(channel));
        if (!ident)
            return hk_err_set(err, HK_ENOMEM, "", "out of memory");
        char sql[128];
        snprintf(sql, sizeof sql, "LISTEN %s", ident);
        PQfreemem(ident);
        int rc = pg_simple(c, sql, err);
        if (rc)
            return rc;
        c->listening = true;
    }
    if (PQconsumeInput(c->pg) == 0)
        return hk_err_set(err, HK_EIO, "", "lost the connection to PostgreSQL");
    if (pg_drain(c))
        return 1;
    struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
    if (pfd.fd < 0)
        return hk_err_set(err, HK_EIO, "", "lost the connection to PostgreSQL");
    int r = poll(&pfd, 1, timeout_ms);
    if (r < 0 && errno != EINTR)
        return hk_err_set(err, HK_EIO, "", "waiting for PostgreSQL: %s", strerror(errno));
    if (r <= 0)
        return 0;
    if (PQconsumeInput(c->pg) == 0)
        return hk_err_set(err, HK_EIO, "", "lost the connection to PostgreSQL");
    return pg_drain(c) ? 1 : 0;
}

const store_driver store_driver_pg = {
    .name = "postgresql",
    .dialect = STORE_PG,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .run = pg_run,
    .wait = pg_wait,
    .is_null = pg_is_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_bool = pg_col_bool,
    .col_time = pg_col_time,
};
