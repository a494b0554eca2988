/*
 * store_core.c - the backend-neutral machinery of the store: opening a
 * store by URI with the right driver, the statement table of
 * store_sql.def, running statements, transactions, the audit and change
 * logs, the referential checks shared by organisations and listings, and
 * reading records with child rows in batches. The rule files
 * (store_org.c, store_listing.c, ...) are written on these alone and
 * never see an engine.
 */
#include "store/store_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the statement table ---- */

typedef struct stmt_text {
    const char *what;
    const char *sql[2]; /* by store_dialect; NULL = the SQLite text; "" = nothing to run */
} stmt_text;

static const stmt_text stmts[SQ__COUNT] = {
#define STMT(id, what, sqlite_sql, pg_sql) [SQ_##id] = {what, {sqlite_sql, pg_sql}},
#include "store/store_sql.def"
#undef STMT
};

const char *store__sql(const hk_store *st, store_sq id)
{
    const char *s = stmts[id].sql[st->drv->dialect];
    if (!s)
        s = stmts[id].sql[STORE_SQLITE];
    return s && *s ? s : NULL;
}

bool store__is_pg(const hk_store *st)
{
    return st->drv->dialect == STORE_PG;
}

int store__q(hk_store *st, store_sq id, const store_val *p, int n, store_row_fn fn, void *ctx, hk_err *err)
{
    const char *sql = store__sql(st, id);
    st->changed = 0;
    if (!sql)
        return 0;
    int rc = st->drv->run(st->conn, (int)id, sql, p, n, fn, ctx, &st->changed, err);
    if (rc < 0)
        store__err_prefix(err, stmts[id].what);
    return rc;
}

int store__do(hk_store *st, store_sq id, const store_val *p, int n, hk_err *err)
{
    int rc = store__q(st, id, p, n, NULL, NULL, err);
    return rc < 0 ? rc : 0;
}

static int first_int(const store_row *r, void *ctx)
{
    *(int64_t *)ctx = row_int(r, 0);
    return 1;
}

int store__int(hk_store *st, store_sq id, const store_val *p, int n, int64_t *out, hk_err *err)
{
    *out = 0;
    return store__q(st, id, p, n, first_int, out, err);
}

static int range_row(const store_row *r, void *ctx)
{
    int64_t *v = ctx;
    if (!row_null(r, 0)) {
        v[0] = row_int(r, 0);
        v[1] = row_int(r, 1);
    }
    return 1;
}

int store__id_range(hk_store *st, store_sq id, int64_t *first, int64_t *last, hk_err *err)
{
    int64_t v[2] = {0, -1};
    int rc = store__q(st, id, NOARGS, range_row, v, err);
    *first = v[0];
    *last = v[1];
    return rc < 0 ? rc : 0;
}

/* ---- rows ---- */

int row_dup(const store_row *r, int c, char **out)
{
    *out = NULL;
    if (row_null(r, c))
        return 0;
    const char *t = row_text(r, c);
    if (!t || !(*out = strdup(t)))
        return HK_ENOMEM;
    return 0;
}

void row_fixed(const store_row *r, int c, char *out, size_t size)
{
    out[0] = '\0';
    const char *t = row_null(r, c) ? NULL : row_text(r, c);
    if (t)
        snprintf(out, size, "%s", t);
}

/* ---- small helpers ---- */

int64_t store__now(void)
{
    return (int64_t)time(NULL);
}

const char *store__today(hk_store *st)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(st->today, sizeof st->today, "%Y-%m-%d", &tm);
    return st->today;
}

void store__forget_caches(hk_store *st)
{
    memset(st->country_known, 0, sizeof st->country_known);
    st->org_known = 0;
}

void store__err_prefix(hk_err *err, const char *prefix)
{
    if (!err)
        return;
    size_t p = strlen(prefix) + 2, n = strlen(err->msg);
    if (p >= sizeof err->msg)
        return;
    if (n + p >= sizeof err->msg)
        n = sizeof err->msg - p - 1;
    memmove(err->msg + p, err->msg, n);
    err->msg[p + n] = '\0';
    memcpy(err->msg, prefix, p - 2);
    err->msg[p - 2] = ':';
    err->msg[p - 1] = ' ';
}

int store__oom(hk_err *err)
{
    return hk_err_set(err, HK_ENOMEM, "", "out of memory");
}

void *store__grow(void *arr, size_t n, size_t sz)
{
    if (n >= MODEL_MAX_LIST)
        return NULL;
    void *p = realloc(arr, (n + 1) * sz);
    if (p)
        memset((char *)p + n * sz, 0, sz);
    return p;
}

static int list_row(const store_row *r, void *ctx)
{
    store_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        void *p = realloc(l->v, cap * l->size);
        if (!p) {
            l->oom = true;
            return 1;
        }
        l->v = p;
        l->cap = cap;
    }
    void *rec = (char *)l->v + l->n++ * l->size;
    memset(rec, 0, l->size);
    if (l->read(r, rec, l->ctx)) {
        l->oom = true;
        return 1;
    }
    return 0;
}

int store__q_list(hk_store *st, store_sq id, const store_val *p, int n, store_list *l, hk_err *err)
{
    int rc = store__q(st, id, p, n, list_row, l, err);
    if (rc < 0)
        return rc;
    return l->oom ? store__oom(err) : 0;
}

/* ---- transactions ---- */

/* A store function's own transaction marks the handle as in one too, so
 * that the store functions it calls (store_membership_put inside
 * store_invitation_answer) join it rather than try to begin another;
 * in_tx_own tells the two kinds apart for store_begin's checks. */
int store__tx_enter(hk_store *st, bool *own, hk_err *err)
{
    if (st->in_tx) {
        *own = false;
        if (st->tx_failed)
            return hk_err_set(err, HK_EIO, "",
                              "an earlier write in this transaction failed; roll it back before writing again");
        return 0;
    }
    int rc = st->drv->begin(st->conn, err);
    *own = rc == 0;
    if (*own) {
        st->in_tx = true;
        st->in_tx_own = true;
        st->tx_failed = false;
    }
    return rc;
}

int store__tx_leave(hk_store *st, bool own, int rc, bool wrote, hk_err *err)
{
    if (!own) {
        if (rc && wrote)
            st->tx_failed = true;
        return rc;
    }
    bool failed = st->tx_failed;
    st->in_tx = st->in_tx_own = st->tx_failed = false;
    if (!rc && failed)
        rc = hk_err_set(err, HK_EIO, "", "a write in the transaction failed half way; everything was rolled back");
    if (rc) {
        st->drv->rollback(st->conn);
        store__forget_caches(st);
        return rc;
    }
    int c = st->drv->commit(st->conn, err);
    if (c) {
        st->drv->rollback(st->conn);
        store__forget_caches(st);
    }
    return c;
}

int store_begin(hk_store *st, hk_err *err)
{
    if (st->in_tx)
        return hk_err_set(err, HK_EINTERNAL, "", "a transaction is already open on this store");
    int rc = st->drv->begin(st->conn, err);
    if (rc == 0) {
        st->in_tx = true;
        st->tx_failed = false;
    }
    return rc;
}

int store_commit(hk_store *st, hk_err *err)
{
    if (!st->in_tx)
        return hk_err_set(err, HK_EINTERNAL, "", "store_commit without store_begin");
    if (st->tx_failed) {
        store_rollback(st);
        return hk_err_set(err, HK_EIO, "", "a write in the transaction failed half way; everything was rolled back");
    }
    int rc = st->drv->commit(st->conn, err);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    st->in_tx = false;
    return 0;
}

void store_rollback(hk_store *st)
{
    if (!st || !st->in_tx)
        return;
    st->drv->rollback(st->conn);
    st->in_tx = false;
    st->tx_failed = false;
    store__forget_caches(st);
}

/* ---- audit and change logs ---- */

int store__audit(hk_store *st, int64_t actor, const char *action, const char *entity, int64_t id,
                 const char *detail, hk_err *err)
{
    return store__do(st, SQ_AUDIT_ADD,
                     ARGS(sv_time(store__now()), sv_int(actor), sv_text(action), sv_text(entity), sv_int(id),
                          sv_opt(detail)),
                     err);
}

int store__change(hk_store *st, const char *entity, int64_t id, const char *op, int64_t at, hk_err *err)
{
    int rc = store__do(st, SQ_CHANGE_LOCK, NOARGS, err);
    if (!rc)
        rc = store__do(st, SQ_CHANGE_ADD, ARGS(sv_text(entity), sv_int(id), sv_text(op), sv_time(at)), err);
    if (!rc)
        rc = store__do(st, SQ_CHANGE_NOTIFY, NOARGS, err);
    return rc;
}

bool store_changes_can_wait(const hk_store *st)
{
    return st->drv->wait != NULL;
}

int store_changes_wait(hk_store *st, int timeout_ms, hk_err *err)
{
    if (!st->drv->wait)
        return 0;
    return st->drv->wait(st->conn, STORE_CHANGES_CHANNEL, timeout_ms, err);
}

/* ---- referential checks ---- */

int store__country_exists(hk_store *st, const char *iso2, const char *field, hk_err *err)
{
    if (!model_is_iso2(iso2))
        return hk_err_set(err, HK_EINVAL, field, "%s must be two upper-case letters (ISO 3166-1 alpha-2)", field);
    int slot = (iso2[0] - 'A') * 26 + (iso2[1] - 'A');
    if (st->country_known[slot])
        return 0;
    int rc = store__q(st, SQ_COUNTRY_EXISTS, ARGS(sv_text(iso2)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: %s is not a country known to hamkor", field, iso2);
    st->country_known[slot] = 1;
    return 0;
}

int store__codes_known(hk_store *st, const char *scheme, const char *field, char **codes, size_t n, hk_err *err)
{
    if (!st->code_fn)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!st->code_fn(st->code_ctx, scheme, codes[i])) {
            char path[64];
            snprintf(path, sizeof path, "%s[%zu]", field, i);
            return hk_err_set(err, HK_EINVAL, path, "%s: %s is not a known %s code", path, codes[i],
                              strcmp(scheme, "hs") == 0 ? "HS" : "ISIC");
        }
    return 0;
}

int store__org_exists(hk_store *st, int64_t id, const char *field, hk_err *err)
{
    if (id > 0 && id == st->org_known)
        return 0;
    int rc = store__q(st, SQ_ORG_EXISTS, ARGS(sv_int(id)), NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: organisation %lld does not exist", field, (long long)id);
    st->org_known = id;
    return 0;
}

void store_set_code_check(hk_store *st, store_code_known_fn fn, void *ctx)
{
    st->code_fn = fn;
    st->code_ctx = ctx;
}

/* ---- records with child rows ---- */

typedef struct child_ctx {
    const store_batch *b;
    size_t at;                    /* the record rows are being added to */
    int (*add)(void *rec, const store_row *r);
    int rc;
} child_ctx;

static int64_t batch_id(const store_batch *b, size_t i)
{
    int64_t id;
    memcpy(&id, (const char *)b->recs + i * b->size + b->id_offset, sizeof id);
    return id;
}

static int child_row(const store_row *r, void *ctx)
{
    child_ctx *c = ctx;
    int64_t owner = row_int(r, 0);
    while (c->at < c->b->n && batch_id(c->b, c->at) < owner)
        c->at++;
    if (c->at == c->b->n || batch_id(c->b, c->at) != owner)
        return 0; /* a row of an id inside the range that is not in the batch */
    c->rc = c->add((char *)c->b->recs + c->at * c->b->size, r);
    return c->rc != 0;
}

int store__children(hk_store *st, store_sq id, const store_batch *b, int (*add)(void *rec, const store_row *r),
                    hk_err *err)
{
    if (b->n == 0)
        return 0;
    child_ctx c = {.b = b, .add = add};
    int rc = store__q(st, id, ARGS(sv_int(batch_id(b, 0)), sv_int(batch_id(b, b->n - 1))), child_row, &c, err);
    if (rc < 0)
        return rc;
    if (c.rc)
        return store__oom(err);
    return 0;
}

int store__add_code(const store_row *r, char ***hs, size_t *n_hs, char ***isic, size_t *n_isic)
{
    const char *scheme = row_text(r, 1);
    bool is_hs = scheme && strcmp(scheme, "hs") == 0;
    char ***v = is_hs ? hs : isic;
    size_t *n = is_hs ? n_hs : n_isic;
    char **p = store__grow(*v, *n, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    *v = p;
    if (row_dup(r, 2, &p[*n]))
        return HK_ENOMEM;
    (*n)++;
    return 0;
}

int store__delete_children(hk_store *st, const store_sq *children, size_t n, int64_t id, hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = store__do(st, children[i], ARGS(sv_int(id)), err);
        if (rc)
            return rc;
    }
    return 0;
}

int store__insert_codes(hk_store *st, store_sq id, int64_t parent, const char *scheme, char **codes, size_t n,
                        hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = store__do(st, id, ARGS(sv_int(parent), sv_text(scheme), sv_int((int64_t)i), sv_text(codes[i])), err);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- open and close ---- */

const store_driver *store_driver_for(const char *target, const char **path)
{
    *path = target;
    if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0 ||
        strstr(target, "dbname=") || strstr(target, "host="))
        return &store_driver_pg;
    if (strncmp(target, "sqlite:", 7) == 0)
        *path = target + 7;
    return &store_driver_sqlite;
}

bool store_driver_is_file(const char *target, const char **path)
{
    const char *p;
    bool file = store_driver_for(target, &p) == &store_driver_sqlite;
    if (path)
        *path = p;
    return file;
}

int store_open(const char *target, hk_store **out, hk_err *err)
{
    *out = NULL;
    if (!target || !*target)
        return hk_err_set(err, HK_EINVAL, "db", "no database given");
    hk_store *st = calloc(1, sizeof *st);
    if (!st)
        return store__oom(err);
    const char *path;
    st->drv = store_driver_for(target, &path);
    int rc = st->drv->open(path, &st->conn, err);
    if (!rc)
        rc = store__migrate(st, err);
    if (rc) {
        store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

void store_close(hk_store *st)
{
    if (!st)
        return;
    if (st->in_tx)
        store_rollback(st);
    if (st->conn)
        st->drv->close(st->conn);
    free(st);
}
