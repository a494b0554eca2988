/*
 * test_store_driver_pg.c - the PostgreSQL driver (store_drv_pg.c) on its
 * own, below the store's rules: values of every type round trip, ?N
 * parameters are rewritten only where they are parameters, server errors
 * map to the right HK_E* status, transactions, a statement run from a
 * row callback, and two connections contending for a row.
 *
 * It needs a server: HAMKOR_TEST_PG is a libpq connection string (e.g.
 * "postgresql:///postgres?host=/tmp/x&port=5499&user=postgres"). Without
 * it every test that needs one is skipped. Each test works in a schema of
 * its own, hkdrv_<pid>_<n>, dropped at the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_driver.h"

static const store_driver *const drv = &store_driver_pg;

/* The parameter array and count of a run call. */
#define V(...) (const store_val[]){__VA_ARGS__}, (int)(sizeof((const store_val[]){__VA_ARGS__}) / sizeof(store_val))
#define NOV NULL, 0

typedef struct fx {
    void *c;            /* the test's connection, search_path = schema */
    char schema[48];
} fx;

static const char *pg_target(void)
{
    const char *t = getenv("HAMKOR_TEST_PG");
    return t && *t ? t : NULL;
}

/* A second connection working in the same schema as f. */
static void *open_in_schema(const fx *f)
{
    void *c = NULL;
    hk_err err;
    assert_int_equal(drv->open(pg_target(), &c, &err), 0);
    char sql[96];
    snprintf(sql, sizeof sql, "SET search_path = %s", f->schema);
    assert_int_equal(drv->exec(c, sql, &err), 0);
    return c;
}

static int setup(void **state)
{
    static int n;
    *state = NULL;
    if (!pg_target())
        return 0;
    fx *f = calloc(1, sizeof *f);
    hk_err err;
    if (!f || drv->open(pg_target(), &f->c, &err) != 0) {
        fprintf(stderr, "cannot open %s\n", f ? err.msg : "(no memory)");
        free(f);
        return -1;
    }
    snprintf(f->schema, sizeof f->schema, "hkdrv_%d_%d", (int)getpid(), n++);
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path = %s", f->schema, f->schema);
    if (drv->exec(f->c, sql, &err) != 0) {
        fprintf(stderr, "cannot create %s: %s\n", f->schema, err.msg);
        drv->close(f->c);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (!f)
        return 0;
    hk_err err;
    char sql[96];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
    drv->rollback(f->c);
    int rc = drv->exec(f->c, sql, &err);
    drv->close(f->c);
    free(f);
    return rc;
}

static fx *need_pg(void **state)
{
    if (!*state)
        skip();
    return *state;
}

/* Column 0 of the last row seen, read with every accessor. */
typedef struct got {
    int rows;
    bool null;
    int64_t i, t;
    double d;
    bool b;
    char text[256];
} got;

static int grab(const store_row *r, void *ctx)
{
    got *g = ctx;
    g->rows++;
    g->null = row_null(r, 0);
    g->i = row_int(r, 0);
    g->d = row_double(r, 0);
    g->b = row_bool(r, 0);
    g->t = row_time(r, 0);
    const char *s = row_text(r, 0);
    snprintf(g->text, sizeof g->text, "%s", s ? s : "(null)");
    return 0;
}

/* Runs a one-row query and returns what grab saw. */
static got one(void *c, int id, const char *sql, const store_val *p, int n)
{
    got g = {0};
    hk_err err = {0};
    int rc = drv->run(c, id, sql, p, n, grab, &g, NULL, &err);
    if (rc != 1)
        fail_msg("statement %d returned %d: %s", id, rc, err.msg);
    return g;
}

/* Runs a statement whose rows are not wanted: rows seen or a status. */
static int run0(void *c, int id, const char *sql, const store_val *p, int n, hk_err *err)
{
    return drv->run(c, id, sql, p, n, NULL, NULL, NULL, err);
}

static void ok_exec(void *c, const char *sql)
{
    hk_err err = {0};
    int rc = drv->exec(c, sql, &err);
    if (rc != 0)
        fail_msg("%s: %s", sql, err.msg);
}

static int64_t count_rows(void *c, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return one(c, 999, sql, NOV).i; /* one id, many texts: never prepared twice on one connection */
}

/* ---- opening ---- */

static void a_failed_open_names_the_server_but_not_the_password(void **state)
{
    (void)state;
    void *c = (void *)1;
    hk_err err = {0};
    int rc = drv->open("postgresql://hkuser:sekrit@/hkdb?host=/nonexistent-hamkor&port=5", &c, &err);
    assert_int_equal(rc, HK_EIO);
    assert_null(c);
    assert_non_null(strstr(err.msg, "hkuser@/nonexistent-hamkor:5/hkdb"));
    assert_null(strstr(err.msg, "sekrit"));

    /* A malformed string is refused before libpq can quote it back. */
    assert_int_equal(drv->open("postgresql://hkuser:sekrit@[::1", &c, &err), HK_EINVAL);
    assert_null(strstr(err.msg, "sekrit"));
}

/* ---- values ---- */

static void integers_round_trip_including_the_extremes(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v bigint)");
    const int64_t vals[] = {0, -42, INT64_MAX, INT64_MIN, 1733390000123};
    for (int k = 0; k < 5; k++) {
        hk_err err;
        int64_t changed = 0;
        const char *ins = "INSERT INTO t(k, v) VALUES (?1, ?2)";
        assert_int_equal(drv->run(f->c, 1, ins, V(sv_int(k), sv_int(vals[k])), NULL, NULL, &changed, &err), 0);
        assert_int_equal(changed, 1);
    }
    for (int k = 0; k < 5; k++) {
        got g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(k)));
        assert_false(g.null);
        assert_true(g.i == vals[k]);
    }
}

static void doubles_round_trip_exactly(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v float8)");
    const double vals[] = {3.141592653589793, -0.1, 1e-300, 1.7976931348623157e308, 0.0};
    for (int k = 0; k < 5; k++) {
        hk_err err;
        assert_int_equal(run0(f->c, 1, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(k), sv_double(vals[k])), &err), 0);
        got g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(k)));
        assert_true(g.d == vals[k]);
    }
}

static void texts_in_any_script_round_trip_and_empty_is_not_null(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v text)");
    const char *vals[] = {"Узбекистан — 乌兹别克斯坦", "", NULL, "it's \"quoted\" ?1 $1 \\"};
    for (int k = 0; k < 4; k++) {
        hk_err err;
        assert_int_equal(run0(f->c, 1, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(k), sv_text(vals[k])), &err), 0);
        got g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(k)));
        assert_int_equal(g.null, vals[k] == NULL);
        assert_string_equal(g.text, vals[k] ? vals[k] : "(null)");
    }
    got g = one(f->c, 3, "SELECT count(*) FROM t WHERE v = ''", NOV);
    assert_int_equal(g.i, 1);
}

static void booleans_round_trip_and_read_as_integers(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v boolean NOT NULL)");
    hk_err err;
    assert_int_equal(run0(f->c, 1, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(1), sv_bool(true)), &err), 0);
    assert_int_equal(run0(f->c, 1, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(2), sv_bool(false)), &err), 0);
    got g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(1)));
    assert_true(g.b);
    assert_int_equal(g.i, 1);
    g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(2)));
    assert_false(g.b);
    assert_int_equal(g.i, 0);
    g = one(f->c, 3, "SELECT count(*) FROM t WHERE v = ?1", V(sv_bool(true)));
    assert_int_equal(g.i, 1);
}

static void times_are_stored_as_timestamptz_and_read_back_as_unix_seconds(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v timestamptz)");
    const int64_t vals[] = {1733390000, 0, -86400};
    const char *texts[] = {"2024-12-05 09:13:20", "1970-01-01 00:00:00", "1969-12-31 00:00:00"};
    for (int k = 0; k < 3; k++) {
        hk_err err;
        assert_int_equal(run0(f->c, 1, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(k), sv_time(vals[k])), &err), 0);
        got g = one(f->c, 2, "SELECT v FROM t WHERE k = ?1", V(sv_int(k)));
        assert_false(g.null);
        assert_true(g.t == vals[k]);
        /* The server sees the same instant, not a shifted one. */
        g = one(f->c, 3, "SELECT to_char(v AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM t WHERE k = ?1",
                V(sv_int(k)));
        assert_string_equal(g.text, texts[k]);
    }
    /* A fraction is dropped, another offset is honoured, a bigint is
     * taken as it is, a date is its midnight, NULL is 0. */
    assert_true(one(f->c, 4, "SELECT '2024-12-05 09:13:20.75+00'::timestamptz", NOV).t == 1733390000);
    assert_true(one(f->c, 5, "SELECT '2024-12-05 14:43:20+05:30'::timestamptz::text", NOV).t == 1733390000);
    assert_true(one(f->c, 6, "SELECT 1733390000::bigint", NOV).t == 1733390000);
    assert_true(one(f->c, 7, "SELECT DATE '2024-12-05'", NOV).t == 1733356800);
    got g = one(f->c, 8, "SELECT NULL::timestamptz", NOV);
    assert_true(g.null);
    assert_int_equal(g.t, 0);
}

typedef struct ids {
    int n;
    int64_t v[8];
} ids;

static int collect(const store_row *r, void *ctx)
{
    ids *s = ctx;
    if (s->n < 8)
        s->v[s->n++] = row_int(r, 0);
    return 0;
}

static void an_id_list_matches_with_any(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 5)");
    const char *sql = "SELECT id FROM t WHERE id = ANY(?1) ORDER BY id";
    const int64_t want[] = {4, 2, 99, -1};
    ids s = {0};
    hk_err err;
    assert_int_equal(drv->run(f->c, 1, sql, V(sv_ints(want, 4)), collect, &s, NULL, &err), 2);
    assert_int_equal(s.v[0], 2);
    assert_int_equal(s.v[1], 4);
    assert_int_equal(drv->run(f->c, 1, sql, V(sv_ints(NULL, 0)), collect, &s, NULL, &err), 0);
}

/* ---- parameters ---- */

/* Copies six text columns into ctx, a char[6][32]. */
static int six_texts(const store_row *r, void *ctx)
{
    char(*v)[32] = ctx;
    for (int i = 0; i < 6; i++)
        snprintf(v[i], 32, "%s", row_text(r, i));
    return 0;
}

static void question_marks_in_literals_identifiers_and_comments_stay(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(\"q?1\" int); INSERT INTO t VALUES (7)");
    const char *sql = "SELECT '?1 it''s ?2', E'\\'?1', $$?1$$, $x$ ?1 $x$, \"q?1\", ?1 /* ?2 /* ?3 */ */ -- ?2\n"
                      "FROM t";
    const char *want[] = {"?1 it's ?2", "'?1", "?1", " ?1 ", "7", "p"};
    char cols[6][32] = {{0}};
    hk_err err = {0};
    int rc = drv->run(f->c, 1, sql, V(sv_text("p")), six_texts, cols, NULL, &err);
    if (rc != 1)
        fail_msg("%d: %s", rc, err.msg);
    for (int i = 0; i < 6; i++)
        assert_string_equal(cols[i], want[i]);

    /* An apostrophe in a comment opens no literal: the ?1 after it is
     * still a parameter. */
    const char *commented[] = {
        "SELECT -- don't\n CAST(?1 AS text)",
        "SELECT /* don't */ CAST(?1 AS text)",
        "SELECT /* comments /* nest */ so this isn't code */ CAST(?1 AS text)",
    };
    for (int i = 0; i < 3; i++)
        assert_string_equal(one(f->c, 2 + i, commented[i], V(sv_text("p"))).text, "p");
}

static void parameters_may_appear_in_any_order(void **state)
{
    fx *f = need_pg(state);
    ids s = {0};
    hk_err err;
    const char *sql = "SELECT CAST(?2 AS bigint) * 10 UNION ALL SELECT CAST(?1 AS bigint)";
    assert_int_equal(drv->run(f->c, 1, sql, V(sv_int(3), sv_int(4)), collect, &s, NULL, &err), 2);
    assert_int_equal(s.v[0], 40);
    assert_int_equal(s.v[1], 3);
}

static void a_parameter_of_another_type_gets_its_own_prepared_variant(void **state)
{
    fx *f = need_pg(state);
    const char *sql = "SELECT CAST(?1 AS text)";
    assert_string_equal(one(f->c, 1, sql, V(sv_int(5))).text, "5");
    assert_string_equal(one(f->c, 1, sql, V(sv_text("abc"))).text, "abc");
    assert_true(one(f->c, 1, sql, V(sv_null())).null);
    assert_string_equal(one(f->c, 1, sql, V(sv_bool(true))).text, "true");
    assert_string_equal(one(f->c, 1, sql, V(sv_double(0.5))).text, "0.5");
    /* A fifth type is more than the driver keeps prepared: it runs unprepared. */
    assert_string_equal(one(f->c, 1, sql, V(sv_time(0))).text, "1970-01-01 00:00:00+00");
    assert_string_equal(one(f->c, 1, sql, V(sv_int(7))).text, "7");
    assert_string_equal(one(f->c, 1, sql, V(sv_text("again"))).text, "again");

    /* NULL first, a value later, in the same statement. */
    ok_exec(f->c, "CREATE TABLE t(k int PRIMARY KEY, v bigint)");
    hk_err err;
    assert_int_equal(run0(f->c, 2, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(1), sv_null()), &err), 0);
    assert_int_equal(run0(f->c, 2, "INSERT INTO t VALUES (?1, ?2)", V(sv_int(2), sv_int(9)), &err), 0);
    assert_int_equal(one(f->c, 3, "SELECT sum(v) FROM t", NOV).i, 9);
}

static int stop_at_first(const store_row *r, void *ctx)
{
    (void)r;
    (*(int *)ctx)++;
    return 1;
}

static void changed_counts_rows_and_a_callback_may_stop_early(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY, v int); INSERT INTO t SELECT generate_series(1, 3), 0");
    hk_err err;
    int64_t changed = -1;
    assert_int_equal(drv->run(f->c, 1, "UPDATE t SET v = ?1", V(sv_int(1)), NULL, NULL, &changed, &err), 0);
    assert_int_equal(changed, 3);
    assert_int_equal(drv->run(f->c, 2, "DELETE FROM t WHERE id = ?1", V(sv_int(42)), NULL, NULL, &changed, &err), 0);
    assert_int_equal(changed, 0);
    int calls = 0;
    assert_int_equal(drv->run(f->c, 3, "SELECT id FROM t ORDER BY id", NOV, stop_at_first, &calls, NULL, &err), 1);
    assert_int_equal(calls, 1);
    assert_int_equal(run0(f->c, 3, "SELECT id FROM t ORDER BY id", NOV, &err), 3);
}

/* ---- errors ---- */

static void a_duplicate_key_is_a_conflict_naming_the_constraint(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY, email text CONSTRAINT t_email_unique UNIQUE)");
    hk_err err = {0};
    const char *sql = "INSERT INTO t VALUES (?1, ?2)";
    assert_int_equal(run0(f->c, 1, sql, V(sv_int(1), sv_text("a@b.uz")), &err), 0);
    assert_int_equal(run0(f->c, 1, sql, V(sv_int(2), sv_text("a@b.uz")), &err), HK_ECONFLICT);
    assert_int_equal(err.code, HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "t_email_unique"));
    assert_int_equal(drv->exec(f->c, "INSERT INTO t VALUES (1, 'x')", &err), HK_ECONFLICT);
}

static void broken_rules_and_bad_data_are_invalid(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE p(id bigint PRIMARY KEY);"
                  "CREATE TABLE t(id bigint PRIMARY KEY, qty int CONSTRAINT qty_positive CHECK (qty > 0),"
                  " name text NOT NULL, day date, parent bigint REFERENCES p(id))");
    const char *sql = "INSERT INTO t(id, qty, name, day, parent) VALUES (?1, ?2, ?3, ?4, ?5)";
    hk_err err = {0};
#define INS(...) run0(f->c, 1, sql, V(__VA_ARGS__), &err)
    assert_int_equal(INS(sv_int(1), sv_int(-5), sv_text("a"), sv_null(), sv_null()), HK_EINVAL);
    assert_non_null(strstr(err.msg, "qty_positive"));
    assert_int_equal(INS(sv_int(1), sv_int(5), sv_null(), sv_null(), sv_null()), HK_EINVAL);
    assert_int_equal(INS(sv_int(1), sv_int(5), sv_text("a"), sv_text("2024-13-45"), sv_null()), HK_EINVAL);
    assert_int_equal(INS(sv_int(1), sv_int(5000000000), sv_text("a"), sv_null(), sv_null()), HK_EINVAL);
    assert_int_equal(INS(sv_int(1), sv_int(5), sv_text("a"), sv_null(), sv_int(77)), HK_EINVAL);
    assert_int_equal(INS(sv_int(1), sv_int(5), sv_text("a"), sv_text("2024-12-05"), sv_null()), 0);
#undef INS
    assert_int_equal(one(f->c, 2, "SELECT day FROM t", NOV).t, 1733356800);
}

static void a_lost_connection_is_an_io_error(void **state)
{
    fx *f = need_pg(state);
    void *victim = open_in_schema(f);
    int64_t pid = one(victim, 1, "SELECT pg_backend_pid()", NOV).i;
    got g = one(f->c, 1, "SELECT pg_terminate_backend(CAST(?1 AS int))", V(sv_int(pid)));
    assert_true(g.b);
    hk_err err = {0};
    int rc = run0(victim, 2, "SELECT 1", NOV, &err);
    assert_int_equal(rc, HK_EIO);
    assert_non_null(strstr(err.msg, "lost the connection to PostgreSQL"));
    drv->close(victim);
}

/* ---- callbacks and transactions ---- */

typedef struct nested {
    void *c;
    int rows;
    char names[64];
} nested;

/* For each id, runs another statement on the same connection, one first
 * prepared here (and with an id that grows the driver's table). */
static int name_of(const store_row *r, void *ctx)
{
    nested *n = ctx;
    got g = one(n->c, 1000, "SELECT name FROM t WHERE id = ?1", V(sv_int(row_int(r, 0))));
    size_t used = strlen(n->names);
    snprintf(n->names + used, sizeof n->names - used, "%s", g.text);
    n->rows++;
    return 0;
}

static void a_row_callback_may_run_another_statement(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY, name text);"
                  "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    nested n = {.c = f->c};
    hk_err err;
    assert_int_equal(drv->run(f->c, 1, "SELECT id FROM t ORDER BY id", NOV, name_of, &n, NULL, &err), 3);
    assert_int_equal(n.rows, 3);
    assert_string_equal(n.names, "abc");
}

static void a_rollback_discards_the_work_but_not_the_prepared_statements(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY)");
    hk_err err;
    const char *ins = "INSERT INTO t VALUES (?1)";
    assert_int_equal(drv->begin(f->c, &err), 0);
    assert_int_equal(run0(f->c, 1, ins, V(sv_int(1)), &err), 0);
    assert_int_equal(count_rows(f->c, "t"), 1);
    drv->rollback(f->c);
    assert_int_equal(count_rows(f->c, "t"), 0);
    assert_int_equal(run0(f->c, 1, ins, V(sv_int(2)), &err), 0);
    assert_int_equal(count_rows(f->c, "t"), 1);

    assert_int_equal(drv->begin(f->c, &err), 0);
    assert_int_equal(run0(f->c, 1, ins, V(sv_int(3)), &err), 0);
    assert_int_equal(drv->commit(f->c, &err), 0);
    assert_int_equal(count_rows(f->c, "t"), 2);
}

static void a_commit_after_a_failed_statement_says_the_work_is_gone(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY)");
    hk_err err = {0};
    const char *ins = "INSERT INTO t VALUES (?1)";
    assert_int_equal(drv->begin(f->c, &err), 0);
    assert_int_equal(run0(f->c, 1, ins, V(sv_int(1)), &err), 0);
    assert_int_equal(run0(f->c, 1, ins, V(sv_int(1)), &err), HK_ECONFLICT);
    /* Statements in the aborted transaction fail; a first prepare too. */
    assert_true(run0(f->c, 2, "SELECT 1", NOV, &err) < 0);
    hk_err_clear(&err);
    assert_int_equal(drv->commit(f->c, &err), HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "rolled back"));
    assert_int_equal(count_rows(f->c, "t"), 0);
    assert_int_equal(run0(f->c, 2, "SELECT 1", NOV, &err), 1);
}

static void a_row_locked_by_another_connection_is_busy(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0)");
    void *b = open_in_schema(f);
    hk_err err = {0};
    const char *upd = "UPDATE t SET v = ?2 WHERE id = ?1";
    assert_int_equal(drv->begin(f->c, &err), 0);
    assert_int_equal(run0(f->c, 1, upd, V(sv_int(1), sv_int(1)), &err), 0);
    ok_exec(b, "SET lock_timeout = '100ms'");
    assert_int_equal(run0(b, 1, upd, V(sv_int(1), sv_int(2)), &err), HK_EBUSY);
    drv->rollback(f->c);
    /* Once the lock is gone the same statement goes through. */
    assert_int_equal(run0(b, 1, upd, V(sv_int(1), sv_int(2)), &err), 0);
    drv->close(b);
}

static void a_serialization_failure_is_busy(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0)");
    void *b = open_in_schema(f);
    hk_err err = {0};
    const char *upd = "UPDATE t SET v = v + 1 WHERE id = ?1";
    ok_exec(f->c, "BEGIN ISOLATION LEVEL SERIALIZABLE");
    assert_int_equal(one(f->c, 1, "SELECT v FROM t WHERE id = ?1", V(sv_int(1))).i, 0);
    assert_int_equal(run0(b, 2, upd, V(sv_int(1)), &err), 0);
    assert_int_equal(run0(f->c, 2, upd, V(sv_int(1)), &err), HK_EBUSY);
    assert_int_equal(drv->commit(f->c, &err), HK_EBUSY);
    assert_int_equal(one(f->c, 1, "SELECT v FROM t WHERE id = ?1", V(sv_int(1))).i, 1);
    drv->close(b);
}

static void exec_runs_several_statements(void **state)
{
    fx *f = need_pg(state);
    ok_exec(f->c, "CREATE TABLE t(id bigint PRIMARY KEY); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);");
    assert_int_equal(count_rows(f->c, "t"), 2);
    hk_err err = {0};
    assert_int_equal(drv->exec(f->c, "SELECT * FROM no_such_table", &err), HK_EIO);
    assert_non_null(strstr(err.msg, "no_such_table"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_failed_open_names_the_server_but_not_the_password),
        T(integers_round_trip_including_the_extremes),
        T(doubles_round_trip_exactly),
        T(texts_in_any_script_round_trip_and_empty_is_not_null),
        T(booleans_round_trip_and_read_as_integers),
        T(times_are_stored_as_timestamptz_and_read_back_as_unix_seconds),
        T(an_id_list_matches_with_any),
        T(question_marks_in_literals_identifiers_and_comments_stay),
        T(parameters_may_appear_in_any_order),
        T(a_parameter_of_another_type_gets_its_own_prepared_variant),
        T(changed_counts_rows_and_a_callback_may_stop_early),
        T(a_duplicate_key_is_a_conflict_naming_the_constraint),
        T(broken_rules_and_bad_data_are_invalid),
        T(a_lost_connection_is_an_io_error),
        T(a_row_callback_may_run_another_statement),
        T(a_rollback_discards_the_work_but_not_the_prepared_statements),
        T(a_commit_after_a_failed_statement_says_the_work_is_gone),
        T(a_row_locked_by_another_connection_is_busy),
        T(a_serialization_failure_is_busy),
        T(exec_runs_several_statements),
    };
    if (!pg_target())
        fprintf(stderr, "HAMKOR_TEST_PG is not set: the PostgreSQL driver tests are skipped\n");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
