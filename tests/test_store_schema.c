/*
 * test_store_schema.c - the SQLite and PostgreSQL stores have one schema.
 * store_schema_sqlite.c and store_schema_pg.c each list the migrations in
 * their engine's dialect; this test builds a fresh store with each (both
 * through store_open, so through the real migration runner) and compares
 * what the two engines' catalogues say, table by table:
 *
 * - the same tables;
 * - the same columns in the same order, equally NOT NULL, with types that
 *   correspond: SQLite INTEGER is PostgreSQL bigint, or boolean for a 0/1
 *   flag (an INTEGER with CHECK (x IN (0,1))), or timestamptz for a time
 *   (a column named at or *_at); REAL is double precision; TEXT is text;
 * - the same primary key and UNIQUE constraints (their columns in order);
 * - the same foreign keys (columns, table and columns referenced, and
 *   what ON DELETE does);
 * - the same indexes by name, on the same columns, equally UNIQUE and
 *   equally partial.
 *
 * Every difference is printed naming its table and column, then the test
 * fails. CHECK constraints are not compared: their text differs between
 * the engines by design (the flags' CHECKs are PostgreSQL's boolean type),
 * and the store's tests exercise them on both.
 *
 * The PostgreSQL side needs a server: HAMKOR_TEST_PG is its libpq URI
 * (tests/run.sh starts a throwaway one with tests/pg.sh). Without it those
 * tests are skipped. Each works in a schema of its own, dropped at the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_int.h" /* the two migration lists */

/* Bounds of what one schema may hold; the store's is well inside them,
 * and a schema that outgrows one fails the test naming it. */
#define MAX_NAME 64
#define MAX_TABLES 96
#define MAX_COLS 64
#define MAX_ITEMS 32
#define MAX_DESC 256

typedef struct column {
    char name[MAX_NAME];
    /* PostgreSQL's data_type; on the SQLite side the one its declared
     * type should be in PostgreSQL. */
    char type[MAX_NAME];
    char declared[MAX_NAME]; /* SQLite's declared type, for messages; "" on PostgreSQL */
    bool notnull;
} column;

/* A list of descriptions such as "(user_id, kind)", kept sorted so that
 * two lists compare as sets. */
typedef struct desc_list {
    char item[MAX_ITEMS][MAX_DESC];
    size_t n;
} desc_list;

typedef struct table {
    char name[MAX_NAME];
    column cols[MAX_COLS];      /* in the table's order */
    size_t n_cols;
    char pkey[MAX_DESC];        /* "(a, b)", "" without a primary key */
    desc_list uniques;          /* "(a, b)": UNIQUE constraints */
    desc_list fkeys;            /* "(a) -> t(b) ON DELETE CASCADE" */
    /* Indexes made by CREATE INDEX: "name (a, b)", "name UNIQUE (a)", and
     * " WHERE ..." after a partial one (the predicates' texts are each
     * engine's own rendering, so only their presence is compared). */
    desc_list indexes;
} table;

typedef struct schema {
    const char *engine;         /* "SQLite" or "PostgreSQL", for messages */
    table tables[MAX_TABLES];   /* sorted by name once read */
    size_t n_tables;
} schema;

/* ---- building descriptions ---- */

/* Formats a description into out[MAX_DESC]; one that does not fit fails
 * the test rather than be compared cut short. */
static void vfmt_desc(char *out, const char *table_name, const char *fmt, va_list ap)
{
    int n = vsnprintf(out, MAX_DESC, fmt, ap);
    if (n < 0 || n >= MAX_DESC)
        fail_msg("table %s: a description longer than %d bytes", table_name, MAX_DESC - 1);
}

static void fmt_desc(char *out, const char *table_name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fmt_desc(char *out, const char *table_name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfmt_desc(out, table_name, fmt, ap);
    va_end(ap);
}

static void add_desc(desc_list *l, const char *table_name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_desc(desc_list *l, const char *table_name, const char *fmt, ...)
{
    if (l->n == MAX_ITEMS)
        fail_msg("table %s: more than %d constraints or indexes of one kind", table_name, MAX_ITEMS);
    va_list ap;
    va_start(ap, fmt);
    vfmt_desc(l->item[l->n++], table_name, fmt, ap);
    va_end(ap);
}

/* Appends ", name" (or "name" first) to a column list being built. */
static void add_name(char *list, size_t size, const char *name)
{
    size_t used = strlen(list);
    int n = snprintf(list + used, size - used, "%s%s", used ? ", " : "", name);
    if (n < 0 || (size_t)n >= size - used)
        fail_msg("a column list longer than %zu bytes at %s", size, name);
}

static void copy_name(char *dst, const char *src, const char *what)
{
    if (!src || strlen(src) >= MAX_NAME)
        fail_msg("%s: a name missing or longer than %d bytes", what, MAX_NAME - 1);
    strcpy(dst, src);
}

static table *new_table(schema *s, const char *name)
{
    if (s->n_tables == MAX_TABLES)
        fail_msg("%s: more than %d tables", s->engine, MAX_TABLES);
    table *t = &s->tables[s->n_tables++];
    copy_name(t->name, name, s->engine);
    return t;
}

static column *new_column(table *t, const char *name)
{
    if (t->n_cols == MAX_COLS)
        fail_msg("table %s: more than %d columns", t->name, MAX_COLS);
    column *c = &t->cols[t->n_cols++];
    copy_name(c->name, name, t->name);
    return c;
}

static int cmp_desc(const void *a, const void *b) { return strcmp(a, b); }
static int cmp_table(const void *a, const void *b) { return strcmp(((const table *)a)->name, ((const table *)b)->name); }

static void sort_schema(schema *s)
{
    qsort(s->tables, s->n_tables, sizeof s->tables[0], cmp_table);
    for (size_t i = 0; i < s->n_tables; i++) {
        table *t = &s->tables[i];
        qsort(t->uniques.item, t->uniques.n, MAX_DESC, cmp_desc);
        qsort(t->fkeys.item, t->fkeys.n, MAX_DESC, cmp_desc);
        qsort(t->indexes.item, t->indexes.n, MAX_DESC, cmp_desc);
    }
}

/* ---- the SQLite catalogue ---- */

static sqlite3_stmt *sq_prepare(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("SQLite: %s: %s", sql, sqlite3_errmsg(db));
    if (arg)
        sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
    return s;
}

/* True for a row, false at the end; fails the test on an error. */
static bool sq_row(sqlite3 *db, sqlite3_stmt *s)
{
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        fail_msg("SQLite: %s: %s", sqlite3_sql(s), sqlite3_errmsg(db));
    return r == SQLITE_ROW;
}

static const char *sq_text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

/* A time in the store is a column named "at" or ending in "_at". */
static bool is_time_name(const char *name)
{
    size_t n = strlen(name);
    return !strcmp(name, "at") || (n > 3 && !strcmp(name + n - 3, "_at"));
}

/* A 0/1 flag is an INTEGER column whose table carries CHECK (name IN
 * (0,1)), written so in store_schema_sqlite.c. */
static bool is_flag(const char *create_sql, const char *name)
{
    char needle[MAX_NAME + 32];
    snprintf(needle, sizeof needle, "CHECK (%s IN (0,1))", name);
    return strstr(create_sql, needle) != NULL;
}

/* What SQLite's declared type should be in PostgreSQL. */
static void pg_type_for(const char *declared, const char *name, const char *create_sql, char *out)
{
    if (!strcasecmp(declared, "INTEGER"))
        strcpy(out, is_flag(create_sql, name) ? "boolean" : is_time_name(name) ? "timestamp with time zone" : "bigint");
    else if (!strcasecmp(declared, "REAL"))
        strcpy(out, "double precision");
    else if (!strcasecmp(declared, "TEXT"))
        strcpy(out, "text");
    else
        strcpy(out, "(no type: this test has no rule for it)");
}

/* The columns of index name, in order, as "a, b". */
static void sq_index_columns(sqlite3 *db, const char *index, char *out, size_t size)
{
    out[0] = '\0';
    sqlite3_stmt *s = sq_prepare(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", index);
    while (sq_row(db, s))
        add_name(out, size, sq_text(s, 0));
    sqlite3_finalize(s);
}

static void read_sqlite_table(sqlite3 *db, table *t, const char *create_sql)
{
    /* Columns, and the primary key from their pk ordinals. A PRIMARY KEY
     * column counts as NOT NULL, as in PostgreSQL: SQLite refuses NULL in
     * an INTEGER PRIMARY KEY and in a WITHOUT ROWID table's key, and the
     * store never writes one into the others' (SQLite's old leniency). */
    char pk[MAX_COLS][MAX_NAME] = {{0}};
    int n_pk = 0;
    sqlite3_stmt *s = sq_prepare(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid", t->name);
    while (sq_row(db, s)) {
        column *c = new_column(t, sq_text(s, 0));
        copy_name(c->declared, sq_text(s, 1), t->name);
        pg_type_for(c->declared, c->name, create_sql, c->type);
        int pos = sqlite3_column_int(s, 3);
        c->notnull = sqlite3_column_int(s, 2) || pos > 0;
        if (pos > 0 && pos <= MAX_COLS) {
            strcpy(pk[pos - 1], c->name);
            n_pk = pos > n_pk ? pos : n_pk;
        }
    }
    sqlite3_finalize(s);
    if (n_pk) {
        char cols[MAX_DESC] = "";
        for (int i = 0; i < n_pk; i++)
            add_name(cols, sizeof cols, pk[i]);
        fmt_desc(t->pkey, t->name, "(%s)", cols);
    }

    /* origin 'c': made by CREATE INDEX; 'u': a UNIQUE constraint; 'pk':
     * the primary key, read above. */
    s = sq_prepare(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)", t->name);
    while (sq_row(db, s)) {
        char cols[MAX_DESC];
        const char *origin = sq_text(s, 2);
        sq_index_columns(db, sq_text(s, 0), cols, sizeof cols);
        if (!strcmp(origin, "c"))
            add_desc(&t->indexes, t->name, "%s %s(%s)%s", sq_text(s, 0), sqlite3_column_int(s, 1) ? "UNIQUE " : "",
                     cols, sqlite3_column_int(s, 3) ? " WHERE ..." : "");
        else if (!strcmp(origin, "u"))
            add_desc(&t->uniques, t->name, "(%s)", cols);
    }
    sqlite3_finalize(s);

    /* Foreign keys, one row per column, grouped by id. A reference that
     * names no column is to the referenced table's primary key; the
     * store's schema always names it, and an empty name here would show
     * as a difference. */
    s = sq_prepare(db,
                   "SELECT id, \"table\", \"from\", coalesce(\"to\", ''), on_delete FROM pragma_foreign_key_list(?1) "
                   "ORDER BY id, seq",
                   t->name);
    int id = -1;
    char from[MAX_DESC] = "", to[MAX_DESC] = "", ref[MAX_NAME] = "", del[32] = "";
    for (;;) {
        bool row = sq_row(db, s);
        if (id >= 0 && (!row || sqlite3_column_int(s, 0) != id)) {
            add_desc(&t->fkeys, t->name, "(%s) -> %s(%s) ON DELETE %s", from, ref, to, del);
            from[0] = to[0] = '\0';
        }
        if (!row)
            break;
        id = sqlite3_column_int(s, 0);
        copy_name(ref, sq_text(s, 1), t->name);
        snprintf(del, sizeof del, "%s", sq_text(s, 4));
        add_name(from, sizeof from, sq_text(s, 2));
        add_name(to, sizeof to, sq_text(s, 3));
    }
    sqlite3_finalize(s);
}

static void read_sqlite(const char *path, schema *s)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("SQLite: cannot open %s: %s", path, sqlite3_errmsg(db));
    sqlite3_stmt *q =
        sq_prepare(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                   NULL);
    while (sq_row(db, q))
        read_sqlite_table(db, new_table(s, sq_text(q, 0)), sq_text(q, 1));
    sqlite3_finalize(q);
    sqlite3_close(db);
    sort_schema(s);
}

/* ---- the PostgreSQL catalogue ---- */

static PGresult *pg_query(PGconn *c, const char *sql, const char *schema_name, const char *table_name)
{
    const char *p[2] = {schema_name, table_name};
    PGresult *r = PQexecParams(c, sql, table_name ? 2 : 1, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
        PQclear(r);
        fail_msg("PostgreSQL: %s: %s", sql, msg);
    }
    return r;
}

/* The table's oid, by schema ($1) and name ($2). */
#define PG_TABLE                                                                                            \
    "WITH t AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "               \
    "           WHERE n.nspname = $1 AND c.relname = $2) "
/* Column names of attribute numbers keys of relation rel, in key order. */
#define PG_NAMES(keys, rel)                                                                                 \
    "(SELECT string_agg(a.attname, ', ' ORDER BY k.i) FROM unnest(" keys ") WITH ORDINALITY AS k(num, i) "  \
    " JOIN pg_attribute a ON a.attrelid = " rel " AND a.attnum = k.num)"

static void read_pg_table(PGconn *c, const char *schema_name, table *t)
{
    PGresult *r = pg_query(c,
                           "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                           "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
                           schema_name, t->name);
    for (int i = 0; i < PQntuples(r); i++) {
        column *col = new_column(t, PQgetvalue(r, i, 0));
        copy_name(col->type, PQgetvalue(r, i, 1), t->name);
        col->notnull = !strcmp(PQgetvalue(r, i, 2), "NO");
    }
    PQclear(r);

    r = pg_query(c,
                 PG_TABLE "SELECT x.contype, " PG_NAMES("x.conkey", "x.conrelid") ", "
                          "  (SELECT relname FROM pg_class WHERE oid = x.confrelid), "
                          "  " PG_NAMES("x.confkey", "x.confrelid") ", "
                          "  CASE x.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' "
                          "    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END "
                          "FROM pg_constraint x, t WHERE x.conrelid = t.oid AND x.contype IN ('p', 'u', 'f')",
                 schema_name, t->name);
    for (int i = 0; i < PQntuples(r); i++) {
        const char *type = PQgetvalue(r, i, 0), *cols = PQgetvalue(r, i, 1);
        if (*type == 'p')
            fmt_desc(t->pkey, t->name, "(%s)", cols);
        else if (*type == 'u')
            add_desc(&t->uniques, t->name, "(%s)", cols);
        else
            add_desc(&t->fkeys, t->name, "(%s) -> %s(%s) ON DELETE %s", cols, PQgetvalue(r, i, 2),
                     PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
    }
    PQclear(r);

    /* Indexes not made for a primary key or UNIQUE constraint, which is
     * what SQLite's origin 'c' means. */
    r = pg_query(c,
                 PG_TABLE "SELECT i.relname, x.indisunique, x.indpred IS NOT NULL, "
                          "  (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ', ' ORDER BY k) "
                          "   FROM generate_series(1, x.indnkeyatts) AS k) "
                          "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid, t "
                          "WHERE x.indrelid = t.oid AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                          "  WHERE k.conindid = x.indexrelid AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x'))",
                 schema_name, t->name);
    for (int i = 0; i < PQntuples(r); i++)
        add_desc(&t->indexes, t->name, "%s %s(%s)%s", PQgetvalue(r, i, 0), *PQgetvalue(r, i, 1) == 't' ? "UNIQUE " : "",
                 PQgetvalue(r, i, 3), *PQgetvalue(r, i, 2) == 't' ? " WHERE ..." : "");
    PQclear(r);
}

static void read_pg(PGconn *c, const char *schema_name, schema *s)
{
    PGresult *r = pg_query(c,
                           "SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
                           schema_name, NULL);
    for (int i = 0; i < PQntuples(r); i++)
        new_table(s, PQgetvalue(r, i, 0));
    PQclear(r);
    for (size_t i = 0; i < s->n_tables; i++)
        read_pg_table(c, schema_name, &s->tables[i]);
    sort_schema(s);
}

/* ---- comparing ---- */

/* Prints what one sorted list has and the other lacks; the count. */
static int compare_lists(const char *table_name, const char *what, const desc_list *a, const desc_list *b)
{
    int diffs = 0;
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->item[i], b->item[j]);
        if (c < 0)
            print_error("table %s: %s %s is in SQLite only\n", table_name, what, a->item[i++]);
        else if (c > 0)
            print_error("table %s: %s %s is in PostgreSQL only\n", table_name, what, b->item[j++]);
        else
            i++, j++;
        diffs += c != 0;
    }
    return diffs;
}

static int compare_table(const table *a, const table *b)
{
    int diffs = 0;
    for (size_t i = 0; i < a->n_cols || i < b->n_cols; i++) {
        const column *x = i < a->n_cols ? &a->cols[i] : NULL, *y = i < b->n_cols ? &b->cols[i] : NULL;
        if (!x || !y || strcmp(x->name, y->name)) {
            print_error("table %s, column %zu: %s in SQLite, %s in PostgreSQL\n", a->name, i + 1,
                        x ? x->name : "none", y ? y->name : "none");
            diffs++;
            continue;
        }
        if (strcmp(x->type, y->type)) {
            print_error("table %s, column %s: SQLite's %s should be %s in PostgreSQL, which has %s\n", a->name,
                        x->name, x->declared, x->type, y->type);
            diffs++;
        }
        if (x->notnull != y->notnull) {
            print_error("table %s, column %s: %s in SQLite but %s in PostgreSQL\n", a->name, x->name,
                        x->notnull ? "NOT NULL" : "nullable", y->notnull ? "NOT NULL" : "nullable");
            diffs++;
        }
    }
    if (strcmp(a->pkey, b->pkey)) {
        print_error("table %s: primary key %s in SQLite, %s in PostgreSQL\n", a->name, *a->pkey ? a->pkey : "none",
                    *b->pkey ? b->pkey : "none");
        diffs++;
    }
    diffs += compare_lists(a->name, "UNIQUE", &a->uniques, &b->uniques);
    diffs += compare_lists(a->name, "foreign key", &a->fkeys, &b->fkeys);
    diffs += compare_lists(a->name, "index", &a->indexes, &b->indexes);
    return diffs;
}

static int compare_schemas(const schema *lite, const schema *pg)
{
    int diffs = 0;
    size_t i = 0, j = 0;
    while (i < lite->n_tables || j < pg->n_tables) {
        int c = i == lite->n_tables ? 1
                : j == pg->n_tables ? -1
                                    : strcmp(lite->tables[i].name, pg->tables[j].name);
        if (c < 0)
            print_error("table %s is in SQLite only\n", lite->tables[i++].name);
        else if (c > 0)
            print_error("table %s is in PostgreSQL only\n", pg->tables[j++].name);
        else
            diffs += compare_table(&lite->tables[i++], &pg->tables[j++]);
        diffs += c != 0;
    }
    return diffs;
}

/* ---- fixtures ---- */

typedef struct fx {
    PGconn *admin;                 /* the test's own connection: schema, catalogue */
    char schema[64];               /* hk_schema_<pid>_<n>, made by setup, dropped by teardown */
    char target[1024];             /* HAMKOR_TEST_PG with the schema as its search path */
    char sqlite_path[64];          /* "" until a test makes one */
} fx;

static const char *pg_uri(void)
{
    const char *u = getenv("HAMKOR_TEST_PG");
    return u && *u ? u : NULL;
}

static int pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        print_error("PostgreSQL: %.200s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok ? 0 : -1;
}

/* A target whose connections work in schema f->schema: libpq's options
 * parameter sets the search path, percent-encoded in a URI. */
static int make_target(fx *f, const char *base)
{
    int n;
    if (!strncmp(base, "postgresql://", 13) || !strncmp(base, "postgres://", 11))
        n = snprintf(f->target, sizeof f->target, "%s%coptions=-csearch_path%%3D%s", base,
                     strchr(base, '?') ? '&' : '?', f->schema);
    else
        n = snprintf(f->target, sizeof f->target, "%s options=-csearch_path=%s", base, f->schema);
    return n > 0 && (size_t)n < sizeof f->target ? 0 : -1;
}

/* The server's notices ("drop cascades to ...") are not the test's news. */
static void quiet(void *ctx, const char *msg)
{
    (void)ctx;
    (void)msg;
}

static int setup(void **state)
{
    static unsigned serial;
    *state = NULL;
    if (!pg_uri())
        return 0;
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->schema, sizeof f->schema, "hk_schema_%ld_%u", (long)getpid(), serial++);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->schema);
    f->admin = PQconnectdb(pg_uri());
    PQsetNoticeProcessor(f->admin, quiet, NULL);
    if (PQstatus(f->admin) != CONNECTION_OK || make_target(f, pg_uri()) || pg_exec(f->admin, sql)) {
        print_error("cannot make a schema on %s: %s", pg_uri(), PQerrorMessage(f->admin));
        PQfinish(f->admin);
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
    char sql[128];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
    int rc = pg_exec(f->admin, sql);
    PQfinish(f->admin);
    if (*f->sqlite_path) {
        static const char *const suffix[] = {"", "-wal", "-shm", ".key"};
        for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
            char p[96];
            snprintf(p, sizeof p, "%s%s", f->sqlite_path, suffix[i]);
            unlink(p);
        }
    }
    free(f);
    return rc;
}

/* A fresh SQLite file name (not store_fixture_path, which names a
 * PostgreSQL schema when HAMKOR_TEST_PG is set). */
static void make_sqlite_path(fx *f)
{
    snprintf(f->sqlite_path, sizeof f->sqlite_path, "/tmp/hamkor-schema-XXXXXX");
    int fd = mkstemp(f->sqlite_path);
    assert_true(fd >= 0);
    close(fd);
    unlink(f->sqlite_path);
}

/* Opens target with store_open, which brings it to the current schema,
 * and closes it again. */
static void migrate(const char *target)
{
    hk_store *st = NULL;
    hk_err err;
    if (store_open(target, &st, &err))
        fail_msg("store_open %s: %s: %s", target, err.field, err.msg);
    assert_int_equal(store_db_version(st), store_schema_version());
    store_close(st);
}

/* ---- tests ---- */

static void both_dialects_list_the_same_migrations(void **state)
{
    (void)state;
    assert_int_equal(store__n_migrations_pg, store__n_migrations_sqlite);
    for (size_t i = 0; i < store__n_migrations_sqlite; i++) {
        const store_migration *a = &store__migrations_sqlite[i], *b = &store__migrations_pg[i];
        if (a->version != b->version || strcmp(a->name, b->name))
            fail_msg("migration %zu: SQLite's is %d \"%s\", PostgreSQL's %d \"%s\"", i + 1, a->version, a->name,
                     b->version, b->name);
        assert_int_equal(a->version, (int)i + 1);
    }
}

static void new_stores_have_the_same_schema_on_sqlite_and_postgresql(void **state)
{
    fx *f = *state;
    if (!f)
        skip(); /* HAMKOR_TEST_PG is not set */
    make_sqlite_path(f);
    migrate(f->sqlite_path);
    migrate(f->target);

    schema *lite = calloc(1, sizeof *lite), *pg = calloc(1, sizeof *pg);
    assert_non_null(lite);
    assert_non_null(pg);
    lite->engine = "SQLite";
    pg->engine = "PostgreSQL";
    read_sqlite(f->sqlite_path, lite);
    read_pg(f->admin, f->schema, pg);
    int diffs = compare_schemas(lite, pg);
    size_t n_tables = lite->n_tables;
    free(lite);
    free(pg);
    if (diffs)
        fail_msg("%d difference(s) between the SQLite and PostgreSQL schemas (listed above)", diffs);
    assert_true(n_tables >= 20); /* the catalogues were read at all */
}

/* Runs migrations [from, to] of PostgreSQL's list on f's schema as the
 * runner does: the migrations table first, then each in a transaction. */
static void migrate_pg_by_hand(fx *f, int from, int to)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SET search_path = %s", f->schema);
    assert_int_equal(pg_exec(f->admin, sql), 0);
    assert_int_equal(pg_exec(f->admin, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       "version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"),
                     0);
    for (size_t i = 0; i < store__n_migrations_pg; i++) {
        const store_migration *m = &store__migrations_pg[i];
        if (m->version < from || m->version > to)
            continue;
        snprintf(sql, sizeof sql, "INSERT INTO schema_migrations VALUES (%d, 'by hand', now())", m->version);
        if (pg_exec(f->admin, "BEGIN") || pg_exec(f->admin, m->sql) || pg_exec(f->admin, sql) ||
            pg_exec(f->admin, "COMMIT")) {
            pg_exec(f->admin, "ROLLBACK"); /* so that teardown can still drop the schema */
            fail_msg("PostgreSQL migration %d failed (above)", m->version);
        }
    }
}

static int64_t pg_int(fx *f, const char *sql)
{
    PGresult *r = PQexec(f->admin, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(f->admin));
        PQclear(r);
        fail_msg("PostgreSQL: %s: %s", sql, msg);
    }
    int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

/* Version 3 rebuilds notifications on PostgreSQL as on SQLite; the ids
 * of the rows it copies are the live stream's event ids, so they must
 * survive, and the next notification must follow the highest of them. */
static void notifications_keep_their_ids_through_the_version_3_rebuild(void **state)
{
    fx *f = *state;
    if (!f)
        skip(); /* HAMKOR_TEST_PG is not set */
    migrate_pg_by_hand(f, 1, 2);
    assert_int_equal(
        pg_exec(f->admin,
                "INSERT INTO countries VALUES ('UZ', 'member', 'Uzbekistan', 'Узбекистан', '乌兹别克斯坦');"
                "INSERT INTO organisations(id, country, type, size, sme, tier, created_at, updated_at, version)"
                "  VALUES (1, 'UZ', 'enterprise', 'small', true, 'self_declared', now(), now(), 1);"
                "INSERT INTO users(id, email, display_name, role, created_at)"
                "  VALUES (1, 'a@example.org', 'A', 'member', now());"
                "INSERT INTO listings(id, org_id, direction, kind, status, created_at, updated_at, published_at, version)"
                "  VALUES (1, 1, 'offer', 'supply', 'draft', now(), now(), now(), 1);"
                "INSERT INTO saved_searches(id, user_id, name, query, created_at)"
                "  VALUES (7, 1, 's', 'q', now()), (8, 1, 't', 'r', now());"
                "INSERT INTO notifications(user_id, kind, saved_search_id, listing_id, about_id, payload, created_at)"
                "  VALUES (1, 'saved_search', 7, 1, 7, '{}', now());"
                "INSERT INTO notifications(id, user_id, kind, matched_listing_id, listing_id, about_id, payload,"
                "  created_at, read_at) VALUES (41, 1, 'listing_match', 1, 1, 1, '{}', now(), now())"),
        0);
    migrate_pg_by_hand(f, 3, store_schema_version());

    assert_int_equal(pg_int(f, "SELECT count(*) FROM notifications WHERE id IN (1, 41)"), 2);
    assert_int_equal(pg_int(f, "SELECT count(*) FROM notifications WHERE id = 41 AND read_at IS NOT NULL"), 1);
    assert_int_equal(pg_int(f, "INSERT INTO notifications(user_id, kind, saved_search_id, listing_id, about_id,"
                               "  payload, created_at) VALUES (1, 'saved_search', 8, 1, 8, '{}', now())"
                               "  RETURNING id"),
                     42);
    /* Nothing of the rebuild's scaffolding is left under its own name. */
    assert_int_equal(pg_int(f, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                               "  WHERE n.nspname = current_schema() AND c.relname LIKE 'notifications\\_new%'"),
                     0);
    assert_int_equal(pg_int(f, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'notifications\\_new%'"
                               "  AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"),
                     0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_dialects_list_the_same_migrations),
        T(new_stores_have_the_same_schema_on_sqlite_and_postgresql),
        T(notifications_keep_their_ids_through_the_version_3_rebuild),
    };
    if (!pg_uri())
        fprintf(stderr, "HAMKOR_TEST_PG is not set: the PostgreSQL side of the schema tests is skipped\n");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
