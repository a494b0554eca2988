/*
 * test_store.c - the SQLite store of record: schema and migrations,
 * durability settings, CRUD of every record type, version conflicts,
 * listing status transitions, refused writes that change nothing, the
 * audit log and the change log. Each test works on its own temporary
 * database file under /tmp and removes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model_json.h"
#include "store/store.h"
#include "store_fixture.h"
#include "store/store_driver.h" /* the SQLite driver, for its settings */

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n"
                                "TM\tguest\tTurkmenistan\tТуркменистан\t土库曼斯坦\n";

static void write_file(char *path_template, const char *text)
{
    int fd = mkstemp(path_template);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static int setup(void **state) { return store_fixture_setup(state, "store", COUNTRIES); }
static int teardown(void **state) { return store_fixture_teardown(state); }

/* ---- record builders: own their memory, freed with *_free ---- */

static char **strv(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    char **v = calloc((size_t)n + 1, sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = strdup(va_arg(ap, const char *));
    va_end(ap);
    return v;
}

static void new_org(organisation *o, const char *iso2, const char *name)
{
    memset(o, 0, sizeof *o);
    o->names = calloc(2, sizeof *o->names);
    o->names[0] = (org_name){.text = strdup(name), .lang = strdup("uz-Latn"), .primary = true};
    o->names[1] = (org_name){.text = strdup("Тошкент"), .lang = strdup("uz-Cyrl")};
    o->n_names = 2;
    strcpy(o->country, iso2);
    o->city = strdup("Toshkent");
    o->has_coords = true;
    o->lat = 41.3;
    o->lon = 69.28;
    o->type = ORG_ENTERPRISE;
    o->size = SIZE_MEDIUM;
    o->sme = true;
    o->hs = strv(2, "7616", "761699");
    o->n_hs = 2;
    o->isic = strv(1, "2432");
    o->n_isic = 1;
    o->capabilities = calloc(1, sizeof *o->capabilities);
    o->capabilities[0] = (capability){.kind = CAP_PROCESS, .text = strdup("die casting"), .amount = 500,
                                      .unit = strdup("t/year")};
    o->n_capabilities = 1;
    o->certifications = calloc(1, sizeof *o->certifications);
    o->certifications[0] = (certification){.name = strdup("ISO 9001:2015"), .issued = "2023-01-01"};
    o->n_certifications = 1;
    o->languages = strv(2, "uz", "ru");
    o->n_languages = 2;
    o->website = strdup("https://example.uz");
}

static void new_listing(listing *l, int64_t org_id, const char *expires)
{
    memset(l, 0, sizeof *l);
    l->org_id = org_id;
    l->direction = DIR_OFFER;
    l->kind = KIND_SUPPLY;
    l->texts = calloc(2, sizeof *l->texts);
    l->texts[0] = (listing_text){.lang = strdup("ru"), .origin = ORIGIN_ORIGINAL,
                                 .title = strdup("Литьё алюминия"), .description = strdup("До 500 т в год.")};
    l->texts[1] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_MACHINE, .title = strdup("Die casting")};
    l->n_texts = 2;
    l->hs = strv(1, "7616");
    l->n_hs = 1;
    l->quantities = calloc(1, sizeof *l->quantities);
    l->quantities[0] = (quantity){.kind = QTY_CAPACITY, .amount = 500, .unit = strdup("t"), .period = strdup("year")};
    l->n_quantities = 1;
    l->targets = calloc(2, sizeof *l->targets);
    strcpy(l->targets[0], "KZ");
    strcpy(l->targets[1], "CN");
    l->n_targets = 2;
    if (expires)
        strcpy(l->expires, expires);
}

static char *org_text(const organisation *o)
{
    json_t *j = organisation_to_json(o);
    char *s = model_json_dump(j);
    json_decref(j);
    return s;
}

static char *listing_text_of(const listing *l)
{
    json_t *j = listing_to_json(l);
    char *s = model_json_dump(j);
    json_decref(j);
    return s;
}

/* Counts read through the store's API, never with SQL on one engine, so
 * that the same assertions hold on SQLite and PostgreSQL. */
static store_stats stats(fx *f)
{
    store_stats s;
    hk_err err;
    assert_int_equal(store_get_stats(f->st, &s, &err), 0);
    return s;
}

static int64_t last_change(fx *f)
{
    int64_t seq;
    hk_err err;
    assert_int_equal(store_changes_last_seq(f->st, &seq, &err), 0);
    return seq;
}

typedef struct audit_filter {
    const char *action;   /* NULL = any */
    const char *needle;   /* a substring of detail; NULL = any */
    int64_t n;
} audit_filter;

static int audit_match(const audit_entry *a, void *ctx)
{
    audit_filter *q = ctx;
    if ((!q->action || !strcmp(a->action, q->action)) && (!q->needle || (a->detail && strstr(a->detail, q->needle))))
        q->n++;
    return 0;
}

/* The audit entries of one record with action (NULL = any) whose detail
 * holds needle (NULL = any). */
static int64_t audits(fx *f, const char *entity, int64_t id, const char *action, const char *needle)
{
    audit_filter q = {action, needle, 0};
    hk_err err;
    assert_int_equal(store_audit_each(f->st, entity, id, audit_match, &q, &err), 0);
    return q.n;
}

static int64_t create_org(fx *f, const char *iso2)
{
    organisation o;
    hk_err err;
    new_org(&o, iso2, "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t create_listing(fx *f, int64_t org_id, listing_status status)
{
    listing l;
    hk_err err;
    new_listing(&l, org_id, "2099-12-31");
    l.status = status;
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), 0);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

/* ---- schema, migrations, settings ---- */

static void new_database_is_at_the_current_schema_version(void **state)
{
    fx *f = *state;
    assert_true(store_schema_version() >= 1);
    assert_int_equal(store_db_version(f->st), store_schema_version());
}

static int text_row(const store_row *r, void *ctx)
{
    snprintf(ctx, 16, "%s", row_text(r, 0));
    return 1;
}

/* The SQLite driver's settings, read on a connection of its own: they are
 * the driver's, so this asks the driver, not the store. */
static void durability_pragmas_are_set_on_open(void **state)
{
    fx *f = *state;
    if (store_fixture_pg())
        skip();
    static const char *const pragma[][2] = {
        {"PRAGMA journal_mode", "wal"}, {"PRAGMA synchronous", "2"}, /* FULL */
        {"PRAGMA foreign_keys", "1"},   {"PRAGMA busy_timeout", "5000"},
    };
    void *conn;
    hk_err err;
    assert_int_equal(store_driver_sqlite.open(f->path, &conn, &err), 0);
    for (int i = 0; i < 4; i++) {
        char got[16] = "";
        assert_int_equal(store_driver_sqlite.run(conn, i, pragma[i][0], NULL, 0, text_row, got, NULL, &err), 1);
        assert_string_equal(got, pragma[i][1]);
    }
    store_driver_sqlite.close(conn);
}

static void reopening_runs_no_migration_twice(void **state)
{
    fx *f = *state;
    hk_err err;
    store_close(f->st);
    assert_int_equal(store_open(f->path, &f->st, &err), 0);
    store_close(f->st);
    assert_int_equal(store_open(f->path, &f->st, &err), 0);
    assert_int_equal(store_db_version(f->st), store_schema_version());
    assert_int_equal(stats(f).countries, 4); /* data kept */
}

/* Writes what a newer hamkor would leave: schema version 999. This is
 * the one place the test writes to an engine directly, since no store
 * call may do it. */
static void pretend_newer_schema(const char *target)
{
    if (store_fixture_pg()) {
        PGconn *c = PQconnectdb(target);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *r = PQexec(c, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, 'x', now())");
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(target, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void newer_schema_is_refused_naming_both_versions(void **state)
{
    fx *f = *state;
    hk_err err;
    store_close(f->st);
    f->st = NULL;
    pretend_newer_schema(f->path);
    assert_int_equal(store_open(f->path, &f->st, &err), HK_EINVAL);
    assert_null(f->st);
    char mine[16];
    snprintf(mine, sizeof mine, "%d", store_schema_version());
    assert_non_null(strstr(err.msg, "999"));
    assert_non_null(strstr(err.msg, mine));
    assert_non_null(strstr(err.msg, "newer"));
    /* Nothing was touched: a second try says the same. */
    assert_int_equal(store_open(f->path, &f->st, &err), HK_EINVAL);
    assert_non_null(strstr(err.msg, "999"));
}

static void memory_database_works(void **state)
{
    (void)state;
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    assert_int_equal(store_db_version(st), store_schema_version());
    /* SQLite sends no change notifications: followers poll. */
    assert_false(store_changes_can_wait(st));
    assert_int_equal(store_changes_wait(st, 1000, &err), 0);
    store_close(st);
}

/* ---- countries ---- */

static void seeding_loads_the_file_once(void **state)
{
    fx *f = *state;
    hk_err err;
    country c;
    assert_int_equal(store_country_get(f->st, "TM", &c, &err), 0);
    assert_int_equal(c.status, SCO_GUEST);
    assert_string_equal(c.name_ru, "Туркменистан");
    assert_string_equal(c.name_zh, "土库曼斯坦");
    country_free(&c);
    assert_int_equal(store_seed_countries(f->st, "data/countries.tsv", &err), 0); /* not empty: no-op */
    assert_int_equal(stats(f).countries, 4);
    assert_int_equal(store_country_get(f->st, "RU", &c, &err), HK_ENOTFOUND);
}

static void seeding_refuses_a_file_with_the_wrong_header(void **state)
{
    (void)state;
    char db[64] = "/tmp/hk_test_seed_XXXXXX", tsv[64] = "/tmp/hk_test_tsv_XXXXXX";
    write_file(db, "");
    write_file(tsv, "code\tstatus\tname\n");
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(db, &st, &err), 0);
    assert_int_equal(store_seed_countries(st, tsv, &err), HK_EINVAL);
    assert_non_null(strstr(err.field, ":1"));
    store_stats s;
    assert_int_equal(store_get_stats(st, &s, &err), 0);
    assert_int_equal(s.countries, 0);
    store_close(st);
    store_fixture_remove(db);
    unlink(tsv);
}

static void seeding_refuses_a_bad_line_and_loads_nothing(void **state)
{
    (void)state;
    char db[64] = "/tmp/hk_test_seed_XXXXXX", tsv[64] = "/tmp/hk_test_tsv_XXXXXX";
    write_file(db, "");
    write_file(tsv, "iso2\tstatus\tname_en\tname_ru\tname_zh\nUZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                    "KZ\tpartner\tKazakhstan\tКазахстан\t哈萨克斯坦\n");
    hk_store *st;
    hk_err err;
    assert_int_equal(store_open(db, &st, &err), 0);
    assert_int_equal(store_seed_countries(st, tsv, &err), HK_EINVAL);
    assert_non_null(strstr(err.field, ":3"));
    store_stats s;
    assert_int_equal(store_get_stats(st, &s, &err), 0);
    assert_int_equal(s.countries, 0);
    store_close(st);
    store_fixture_remove(db);
    unlink(tsv);
}

static int collect_iso2(const country *c, void *ctx)
{
    strcat(ctx, c->iso2);
    return 0;
}

static void countries_are_listed_in_code_order_and_can_be_replaced(void **state)
{
    fx *f = *state;
    hk_err err;
    char seen[32] = "";
    assert_int_equal(store_country_each(f->st, collect_iso2, seen, &err), 0);
    assert_string_equal(seen, "CNKZTMUZ");
    country c = {.iso2 = "TM", .status = SCO_OBSERVER, .name_en = "Turkmenistan", .name_ru = "Туркменистан",
                 .name_zh = "土库曼斯坦"};
    assert_int_equal(store_country_put(f->st, &c, &err), 0);
    country got;
    assert_int_equal(store_country_get(f->st, "TM", &got, &err), 0);
    assert_int_equal(got.status, SCO_OBSERVER);
    country_free(&got);
}

/* ---- organisations ---- */

static void organisation_reads_back_as_written(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o, got;
    new_org(&o, "UZ", "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 7, &err), 0);
    assert_true(o.id > 0);
    assert_int_equal(o.version, 1);
    assert_true(o.created_at > 0);
    assert_int_equal(store_org_get(f->st, o.id, &got, &err), 0);
    char *a = org_text(&o), *b = org_text(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    organisation_free(&got);
    organisation_free(&o);
    assert_int_equal(store_org_get(f->st, 999, &got, &err), HK_ENOTFOUND);
}

static void organisation_in_unknown_country_is_refused_and_nothing_written(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "RU", "Uralmash");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
    assert_int_equal(o.id, 0);
    organisation_free(&o);
    assert_int_equal(stats(f).organisations, 0);
    assert_int_equal(stats(f).audit_entries, stats(f).countries); /* the seeding's only */
    assert_int_equal(last_change(f), 0);
}

static bool only_chapter_76(void *ctx, const char *scheme, const char *code)
{
    (*(int *)ctx)++;
    return strcmp(scheme, "isic") == 0 || strncmp(code, "76", 2) == 0;
}

static void unknown_code_is_refused_when_a_code_check_is_set(void **state)
{
    fx *f = *state;
    hk_err err;
    int calls = 0;
    store_set_code_check(f->st, only_chapter_76, &calls);
    organisation o;
    new_org(&o, "UZ", "Alumin Quyish");
    free(o.hs[1]);
    o.hs[1] = strdup("8701");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs[1]");
    assert_true(calls >= 2);
    assert_int_equal(stats(f).organisations, 0);
    free(o.hs[1]);
    o.hs[1] = strdup("7610");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
    organisation_free(&o);
    store_set_code_check(f->st, NULL, NULL);
}

static void invalid_organisation_is_refused_naming_the_field(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "UZ", "Alumin Quyish");
    o.names[1].primary = true;
    assert_int_equal(store_org_create(f->st, &o, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "names");
    organisation_free(&o);
    assert_int_equal(stats(f).organisations, 0);
}

static void organisation_update_bumps_version_and_replaces_details(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o, got;
    new_org(&o, "UZ", "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
    free(o.city);
    o.city = strdup("Samarqand");
    o.n_hs = 1; /* drop the second code (still owned; freed by organisation_free via count?) */
    free(o.hs[1]);
    o.hs[1] = NULL;
    strcpy(o.country, "KZ");
    assert_int_equal(store_org_update(f->st, &o, 1, 2, &err), 0);
    assert_int_equal(o.version, 2);
    assert_int_equal(store_org_get(f->st, o.id, &got, &err), 0);
    assert_string_equal(got.city, "Samarqand");
    assert_string_equal(got.country, "KZ");
    assert_int_equal(got.n_hs, 1);
    assert_int_equal(got.version, 2);
    char *a = org_text(&o), *b = org_text(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    organisation_free(&got);
    organisation_free(&o);
}

static void stale_version_is_a_conflict_and_changes_nothing(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o, got;
    new_org(&o, "UZ", "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
    assert_int_equal(store_org_update(f->st, &o, 1, 1, &err), 0); /* now version 2 */
    free(o.city);
    o.city = strdup("Buxoro");
    assert_int_equal(store_org_update(f->st, &o, 1, 1, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");
    assert_int_equal(store_org_get(f->st, o.id, &got, &err), 0);
    assert_string_equal(got.city, "Toshkent");
    assert_int_equal(got.version, 2);
    organisation_free(&got);
    organisation_free(&o);
}

static void update_of_missing_organisation_is_not_found(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "UZ", "Ghost");
    o.id = 4242;
    assert_int_equal(store_org_update(f->st, &o, 0, 1, &err), HK_ENOTFOUND);
    organisation_free(&o);
}

static void only_verification_changes_the_tier(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o, got;
    new_org(&o, "UZ", "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
    o.tier = TIER_COORDINATOR_ENDORSED; /* an author cannot endorse itself */
    assert_int_equal(store_org_update(f->st, &o, 0, 1, &err), 0);
    assert_int_equal(o.tier, TIER_SELF_DECLARED);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_REGISTRY_CHECKED, 9, &err), 0);
    assert_int_equal(store_org_get(f->st, o.id, &got, &err), 0);
    assert_int_equal(got.tier, TIER_REGISTRY_CHECKED);
    assert_int_equal(got.version, 3);
    organisation_free(&got);
    organisation_free(&o);
    assert_int_equal(store_org_set_tier(f->st, 9999, TIER_REGISTRY_CHECKED, 9, &err), HK_ENOTFOUND);
}

static void import_keeps_id_times_and_version(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o, got;
    new_org(&o, "UZ", "Imported");
    o.id = 500;
    o.created_at = 1700000000;
    o.updated_at = 1700000500;
    o.version = 7;
    o.tier = TIER_COORDINATOR_ENDORSED;
    assert_int_equal(store_org_create(f->st, &o, 0, &err), 0);
    assert_int_equal(store_org_get(f->st, 500, &got, &err), 0);
    char *a = org_text(&o), *b = org_text(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    organisation_free(&got);
    assert_int_equal(store_org_create(f->st, &o, 0, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "id");
    assert_int_equal(o.id, 500);
    organisation_free(&o);
    assert_int_equal(stats(f).organisations, 1);
}

typedef struct each_ctx {
    fx *f;
    int n;
    int64_t last;
} each_ctx;

static int org_matches_get(const organisation *o, void *ctx)
{
    each_ctx *c = ctx;
    hk_err err;
    organisation got;
    assert_true(o->id > c->last);
    c->last = o->id;
    assert_int_equal(store_org_get(c->f->st, o->id, &got, &err), 0);
    char *a = org_text(o), *b = org_text(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    organisation_free(&got);
    c->n++;
    return 0;
}

static void every_organisation_is_visited_whole_in_id_order(void **state)
{
    fx *f = *state;
    hk_err err;
    /* Different shapes, so the merge join must keep children apart. */
    for (int i = 0; i < 5; i++) {
        organisation o;
        new_org(&o, i % 2 ? "KZ" : "UZ", "Org");
        o.n_capabilities = (size_t)(i % 2);
        o.n_languages = (size_t)(i % 3);
        o.n_isic = (size_t)(i % 2);
        assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
        o.n_capabilities = 1;
        o.n_languages = 2;
        o.n_isic = 1;
        organisation_free(&o);
    }
    each_ctx c = {.f = f};
    assert_int_equal(store_org_each(f->st, org_matches_get, &c, &err), 0);
    assert_int_equal(c.n, 5);
}

static void a_range_of_organisation_ids_is_visited_whole(void **state)
{
    fx *f = *state;
    hk_err err;
    for (int i = 0; i < 5; i++) {
        organisation o;
        new_org(&o, "UZ", "Org");
        o.n_languages = (size_t)(i % 3);
        assert_int_equal(store_org_create(f->st, &o, 1, &err), 0);
        o.n_languages = 2;
        organisation_free(&o);
    }
    int64_t first, last;
    assert_int_equal(store_org_id_range(f->st, &first, &last, &err), 0);
    assert_int_equal(last - first, 4);
    each_ctx c = {.f = f, .last = first};
    assert_int_equal(store_org_each_range(f->st, first + 1, first + 3, org_matches_get, &c, &err), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.last, first + 3);
}

/* ---- users and memberships ---- */

static void user_is_found_by_id_and_by_email_in_any_case(void **state)
{
    fx *f = *state;
    hk_err err;
    user u = {.email = strdup("ali@ttz.uz"), .display_name = strdup("Ali Karimov"), .role = ROLE_COORDINATOR,
              .country = "UZ"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    assert_true(u.id > 0);
    user got;
    assert_int_equal(store_user_get(f->st, u.id, &got, &err), 0);
    assert_string_equal(got.display_name, "Ali Karimov");
    assert_string_equal(got.country, "UZ");
    assert_int_equal(got.role, ROLE_COORDINATOR);
    user_free(&got);
    assert_int_equal(store_user_get_by_email(f->st, "Ali@TTZ.uz", &got, &err), 0);
    assert_int_equal(got.id, u.id);
    user_free(&got);
    assert_int_equal(store_user_get_by_email(f->st, "nobody@ttz.uz", &got, &err), HK_ENOTFOUND);
    user_free(&u);
}

static void second_user_with_the_same_email_is_a_conflict(void **state)
{
    fx *f = *state;
    hk_err err;
    user u = {.email = "ali@ttz.uz", .display_name = "Ali"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    user v = {.email = "ali@ttz.uz", .display_name = "Another Ali"};
    assert_int_equal(store_user_create(f->st, &v, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "email");
    assert_int_equal(stats(f).users, 1);
}

static void coordinator_of_unknown_country_is_refused(void **state)
{
    fx *f = *state;
    hk_err err;
    user u = {.email = "min@gov.ru", .display_name = "Ministry", .role = ROLE_COORDINATOR, .country = "RU"};
    assert_int_equal(store_user_create(f->st, &u, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
}

static void password_is_set_and_audited_without_the_hash(void **state)
{
    fx *f = *state;
    hk_err err;
    user u = {.email = "ali@ttz.uz", .display_name = "Ali"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    assert_int_equal(store_user_set_password(f->st, u.id, "$argon2id$v=19$m=65536,t=2,p=1$abc$def", &err), 0);
    user got;
    assert_int_equal(store_user_get(f->st, u.id, &got, &err), 0);
    assert_string_equal(got.password_hash, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
    user_free(&got);
    assert_int_equal(audits(f, "user", u.id, NULL, "argon"), 0);
    assert_int_equal(audits(f, "user", u.id, "set_password", NULL), 1);
    assert_int_equal(store_user_set_password(f->st, 999, "$argon2id$x", &err), HK_ENOTFOUND);
}

static void memberships_are_added_listed_and_removed(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t a = create_org(f, "UZ"), b = create_org(f, "KZ");
    user u = {.email = "ali@ttz.uz", .display_name = "Ali"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    assert_int_equal(store_membership_put(f->st, &(membership){u.id, b, false}, 1, &err), 0);
    assert_int_equal(store_membership_put(f->st, &(membership){u.id, a, true}, 1, &err), 0);
    assert_int_equal(store_membership_put(f->st, &(membership){u.id, b, true}, 1, &err), 0); /* upsert */
    membership *m;
    size_t n;
    assert_int_equal(store_memberships_of_user(f->st, u.id, &m, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].org_id, a);
    assert_true(m[1].is_admin);
    free(m);
    /* The only admin of a can be neither removed nor demoted... */
    assert_int_equal(store_membership_delete(f->st, u.id, a, 1, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "id");
    assert_int_equal(store_membership_put(f->st, &(membership){u.id, a, false}, 1, &err), HK_ECONFLICT);
    /* ...until someone else is admin too. */
    user v = {.email = "vali@ttz.uz", .display_name = "Vali"};
    assert_int_equal(store_user_create(f->st, &v, &err), 0);
    assert_int_equal(store_membership_put(f->st, &(membership){v.id, a, true}, 1, &err), 0);
    assert_int_equal(store_membership_delete(f->st, u.id, a, 1, &err), 0);
    assert_int_equal(store_membership_delete(f->st, u.id, a, 1, &err), HK_ENOTFOUND);
    assert_int_equal(store_membership_put(f->st, &(membership){u.id + 50, a, false}, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "user_id");
    assert_int_equal(store_membership_put(f->st, &(membership){u.id, 777, false}, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "org_id");
}

/* ---- listings ---- */

static void listing_reads_back_as_written(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l, got;
    new_listing(&l, create_org(f, "UZ"), NULL);
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), 0);
    assert_int_equal(store_listing_get(f->st, l.id, &got, &err), 0);
    char *a = listing_text_of(&l), *b = listing_text_of(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    listing_free(&got);
    listing_free(&l);
}

static void listing_with_unknown_target_country_is_refused_and_nothing_written(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l;
    new_listing(&l, create_org(f, "UZ"), NULL);
    strcpy(l.targets[1], "RU");
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "targets[1]");
    listing_free(&l);
    assert_int_equal(stats(f).listings, 0);
    /* The seeding's and the organisation's entries only. */
    assert_int_equal(stats(f).audit_entries, stats(f).countries + 1);
    assert_int_equal(last_change(f), 1);
}

static void listing_of_unknown_organisation_is_refused(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l;
    new_listing(&l, 31337, NULL);
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "org_id");
    listing_free(&l);
}

static void listing_with_unknown_code_is_refused_when_a_code_check_is_set(void **state)
{
    fx *f = *state;
    hk_err err;
    int calls = 0;
    int64_t org = create_org(f, "UZ");
    store_set_code_check(f->st, only_chapter_76, &calls);
    listing l;
    new_listing(&l, org, NULL);
    free(l.hs[0]);
    l.hs[0] = strdup("8701");
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "hs[0]");
    listing_free(&l);
    store_set_code_check(f->st, NULL, NULL);
    assert_int_equal(stats(f).listings, 0);
}

static void publishing_needs_an_expiry_not_in_the_past(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t id = create_listing(f, create_org(f, "UZ"), STATUS_DRAFT);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, "2001-01-01", 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "expires");
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, "2099-06-30", 1, &err), 0);
    listing got;
    assert_int_equal(store_listing_get(f->st, id, &got, &err), 0);
    assert_int_equal(got.status, STATUS_PUBLISHED);
    assert_string_equal(got.expires, "2099-06-30");
    assert_true(got.published_at > 0);
    assert_int_equal(got.version, 2);
    listing_free(&got);
}

static void new_listing_published_with_past_expiry_is_refused(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l;
    new_listing(&l, create_org(f, "UZ"), "2001-01-01");
    l.status = STATUS_PUBLISHED;
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "expires");
    l.status = STATUS_CLOSED;
    strcpy(l.expires, "2099-01-01");
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "status");
    listing_free(&l);
}

static void listing_goes_through_its_life_cycle(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t id = create_listing(f, create_org(f, "UZ"), STATUS_PUBLISHED);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_CLOSED, NULL, 1, &err), 0);
    /* closed -> published only by renewing with a new expiry */
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, NULL, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "status");
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, "2098-01-01", 1, &err), 0);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_EXPIRED, NULL, 1, &err), 0);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_CLOSED, NULL, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "status");
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_DRAFT, NULL, 1, &err), HK_EINVAL);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, "2097-01-01", 1, &err), 0);
    listing got;
    assert_int_equal(store_listing_get(f->st, id, &got, &err), 0);
    assert_int_equal(got.status, STATUS_PUBLISHED);
    assert_string_equal(got.expires, "2097-01-01");
    listing_free(&got);
    assert_int_equal(audits(f, "listing", id, "renew", NULL), 2);
}

static void draft_cannot_be_closed_or_expired(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t id = create_listing(f, create_org(f, "UZ"), STATUS_DRAFT);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_CLOSED, NULL, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "status");
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_EXPIRED, NULL, 1, &err), HK_EINVAL);
    assert_int_equal(store_listing_set_status(f->st, 4040, STATUS_CLOSED, NULL, 1, &err), HK_ENOTFOUND);
}

static void listing_update_keeps_status_and_checks_version(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l, got;
    new_listing(&l, create_org(f, "UZ"), "2099-12-31");
    l.status = STATUS_PUBLISHED;
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), 0);
    free(l.texts[0].title);
    l.texts[0].title = strdup("Литьё алюминия под давлением");
    l.status = STATUS_DRAFT; /* ignored: status moves only by transitions */
    assert_int_equal(store_listing_update(f->st, &l, 1, 1, &err), 0);
    assert_int_equal(l.status, STATUS_PUBLISHED);
    assert_int_equal(l.version, 2);
    assert_int_equal(store_listing_get(f->st, l.id, &got, &err), 0);
    char *a = listing_text_of(&l), *b = listing_text_of(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    listing_free(&got);
    assert_int_equal(store_listing_update(f->st, &l, 1, 1, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");
    strcpy(l.expires, "2001-01-01"); /* a published listing cannot be given a past expiry */
    assert_int_equal(store_listing_update(f->st, &l, 0, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "expires");
    listing_free(&l);
}

static void imported_listing_keeps_its_id_and_state(void **state)
{
    fx *f = *state;
    hk_err err;
    listing l, got;
    new_listing(&l, create_org(f, "UZ"), "2010-01-01");
    l.id = 900;
    l.status = STATUS_EXPIRED;
    l.created_at = 1200000000;
    l.updated_at = 1200000100;
    l.published_at = 1200000050;
    l.version = 4;
    assert_int_equal(store_listing_create(f->st, &l, 0, &err), 0);
    assert_int_equal(store_listing_get(f->st, 900, &got, &err), 0);
    char *a = listing_text_of(&l), *b = listing_text_of(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    listing_free(&got);
    assert_int_equal(store_listing_create(f->st, &l, 0, &err), HK_ECONFLICT);
    listing_free(&l);
}

static int listing_matches_get(const listing *l, void *ctx)
{
    each_ctx *c = ctx;
    hk_err err;
    listing got;
    assert_true(l->id > c->last);
    c->last = l->id;
    assert_int_equal(store_listing_get(c->f->st, l->id, &got, &err), 0);
    char *a = listing_text_of(l), *b = listing_text_of(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    listing_free(&got);
    c->n++;
    return c->n == 6; /* stopping early works too */
}

static void every_listing_is_visited_whole_in_id_order(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t org = create_org(f, "UZ");
    for (int i = 0; i < 8; i++) {
        listing l;
        new_listing(&l, org, NULL);
        l.n_targets = (size_t)(i % 3);
        l.n_texts = 1 + (size_t)(i % 2);
        l.n_quantities = (size_t)(i % 2);
        assert_int_equal(store_listing_create(f->st, &l, 1, &err), 0);
        l.n_targets = 2;
        l.n_texts = 2;
        l.n_quantities = 1;
        listing_free(&l);
    }
    each_ctx c = {.f = f};
    assert_int_equal(store_listing_each(f->st, listing_matches_get, &c, &err), 0);
    assert_int_equal(c.n, 6);
}

static void a_range_of_listing_ids_is_visited_whole(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t org = create_org(f, "UZ");
    for (int i = 0; i < 5; i++) {
        listing l;
        new_listing(&l, org, NULL);
        assert_int_equal(store_listing_create(f->st, &l, 1, &err), 0);
        listing_free(&l);
    }
    int64_t first, last;
    assert_int_equal(store_listing_id_range(f->st, &first, &last, &err), 0);
    assert_int_equal(last - first, 4);
    each_ctx c = {.f = f, .last = first};
    assert_int_equal(store_listing_each_range(f->st, first + 1, first + 3, listing_matches_get, &c, &err), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.last, first + 3);
}

/* ---- interests and messages ---- */

static int count_messages(const message *m, void *ctx)
{
    (*(int *)ctx)++;
    assert_non_null(m->body);
    return 0;
}

static void interest_is_decided_once_and_carries_messages(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t seller = create_org(f, "UZ"), buyer = create_org(f, "KZ");
    int64_t lst = create_listing(f, seller, STATUS_PUBLISHED);
    user u = {.email = "buyer@kz.kz", .display_name = "Buyer"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    interest i = {.listing_id = lst, .from_org_id = buyer, .from_user_id = u.id, .offered = "machining",
                  .sought = "castings", .why = "on the same rail corridor"};
    assert_int_equal(store_interest_create(f->st, &i, &err), 0);
    assert_true(i.id > 0);
    message m = {.interest_id = i.id, .author_id = u.id, .body = "Здравствуйте!"};
    assert_int_equal(store_message_add(f->st, &m, &err), 0);
    m.body = "谢谢";
    assert_int_equal(store_message_add(f->st, &m, &err), 0);
    int n = 0;
    assert_int_equal(store_message_each(f->st, i.id, count_messages, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_interest_decide(f->st, i.id, EOI_ACCEPTED, u.id, &err), 0);
    assert_int_equal(store_interest_decide(f->st, i.id, EOI_DECLINED, u.id, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "status");
    interest got;
    assert_int_equal(store_interest_get(f->st, i.id, &got, &err), 0);
    assert_int_equal(got.status, EOI_ACCEPTED);
    assert_true(got.decided_at > 0);
    assert_string_equal(got.why, "on the same rail corridor");
    interest_free(&got);
    i.listing_id = 5555;
    assert_int_equal(store_interest_create(f->st, &i, &err), HK_EINVAL);
    assert_string_equal(err.field, "listing_id");
    m.interest_id = 5555;
    assert_int_equal(store_message_add(f->st, &m, &err), HK_EINVAL);
    assert_string_equal(err.field, "interest_id");
}

/* ---- audit and change logs ---- */

typedef struct audit_seen {
    char actions[256];
    int64_t actors[8];
    int n;
} audit_seen;

static int collect_audit(const audit_entry *a, void *ctx)
{
    audit_seen *s = ctx;
    strcat(s->actions, a->action);
    strcat(s->actions, " ");
    if (s->n < 8)
        s->actors[s->n++] = a->actor_id;
    assert_non_null(a->detail);
    assert_true(a->at > 0);
    return 0;
}

static void every_write_of_an_organisation_is_audited(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "UZ", "Alumin Quyish");
    assert_int_equal(store_org_create(f->st, &o, 11, &err), 0);
    assert_int_equal(store_org_update(f->st, &o, 0, 12, &err), 0);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_COORDINATOR_ENDORSED, 13, &err), 0);
    audit_seen s = {0};
    assert_int_equal(store_audit_each(f->st, "organisation", o.id, collect_audit, &s, &err), 0);
    assert_string_equal(s.actions, "create update verify ");
    assert_int_equal(s.actors[0], 11);
    assert_int_equal(s.actors[1], 12);
    assert_int_equal(s.actors[2], 13);
    assert_int_equal(audits(f, "organisation", o.id, "verify", "\"to\":\"coordinator_endorsed\""), 1);
    organisation_free(&o);
}

static void every_status_change_of_a_listing_is_audited(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t id = create_listing(f, create_org(f, "UZ"), STATUS_DRAFT);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_PUBLISHED, "2099-01-01", 5, &err), 0);
    assert_int_equal(store_listing_set_status(f->st, id, STATUS_CLOSED, NULL, 5, &err), 0);
    audit_seen s = {0};
    assert_int_equal(store_audit_each(f->st, "listing", id, collect_audit, &s, &err), 0);
    assert_string_equal(s.actions, "create publish close ");
}

typedef struct change_seen {
    int64_t seq[16];
    char ops[256];
    int n;
} change_seen;

static int collect_change(const store_change *c, void *ctx)
{
    change_seen *s = ctx;
    if (s->n < 16)
        s->seq[s->n++] = c->seq;
    strcat(s->ops, c->entity[0] == 'o' ? "o:" : "l:");
    strcat(s->ops, c->op);
    strcat(s->ops, " ");
    return 0;
}

static void change_log_follows_every_write_in_order(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t org = create_org(f, "UZ");
    int64_t lst = create_listing(f, org, STATUS_DRAFT);
    assert_int_equal(store_listing_set_status(f->st, lst, STATUS_PUBLISHED, "2099-01-01", 1, &err), 0);
    assert_int_equal(store_org_set_tier(f->st, org, TIER_REGISTRY_CHECKED, 1, &err), 0);
    change_seen s = {0};
    assert_int_equal(store_changes_since(f->st, 0, collect_change, &s, &err), 0);
    assert_string_equal(s.ops, "o:create l:create l:status o:update ");
    for (int i = 1; i < s.n; i++)
        assert_true(s.seq[i] > s.seq[i - 1]);
    change_seen later = {0};
    assert_int_equal(store_changes_since(f->st, s.seq[1], collect_change, &later, &err), 0);
    assert_string_equal(later.ops, "l:status o:update ");
}

/* ---- transactions ---- */

static void a_consumer_position_only_moves_forward_and_joins_a_transaction(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t seq;
    assert_int_equal(store_consumer_get(f->st, "alerts", &seq, &err), 0);
    assert_int_equal(seq, 0);
    assert_int_equal(store_consumer_set(f->st, "alerts", 5, &err), 0);
    assert_int_equal(store_consumer_set(f->st, "alerts", 3, &err), 0); /* never back */
    assert_int_equal(store_consumer_get(f->st, "alerts", &seq, &err), 0);
    assert_int_equal(seq, 5);
    assert_int_equal(store_consumer_get(f->st, "other", &seq, &err), 0);
    assert_int_equal(seq, 0);
    assert_int_equal(store_begin(f->st, &err), 0);
    assert_int_equal(store_consumer_set(f->st, "alerts", 9, &err), 0);
    store_rollback(f->st);
    assert_int_equal(store_consumer_get(f->st, "alerts", &seq, &err), 0);
    assert_int_equal(seq, 5);
    assert_int_equal(store_consumer_set(f->st, "", 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "name");
    assert_int_equal(store_consumer_set(f->st, "alerts", -1, &err), HK_EINVAL);
}

static void writes_inside_a_transaction_join_it_and_rollback_discards_them(void **state)
{
    fx *f = *state;
    hk_err err;
    assert_int_equal(store_begin(f->st, &err), 0);
    int64_t org = create_org(f, "UZ");
    create_listing(f, org, STATUS_DRAFT);
    assert_int_equal(stats(f).listings, 1);
    store_rollback(f->st);
    assert_int_equal(stats(f).organisations, 0);
    assert_int_equal(stats(f).listings, 0);
    assert_int_equal(stats(f).audit_entries, stats(f).countries); /* the seeding's only */
    /* The organisation cache must not remember the rolled-back row. */
    listing l;
    new_listing(&l, org, NULL);
    assert_int_equal(store_listing_create(f->st, &l, 1, &err), HK_EINVAL);
    assert_string_equal(err.field, "org_id");
    listing_free(&l);
}

static void refused_write_inside_a_transaction_leaves_the_rest_to_commit(void **state)
{
    fx *f = *state;
    hk_err err;
    assert_int_equal(store_begin(f->st, &err), 0);
    int64_t org = create_org(f, "UZ");
    listing bad;
    new_listing(&bad, org, NULL);
    strcpy(bad.targets[0], "RU");
    assert_int_equal(store_listing_create(f->st, &bad, 1, &err), HK_EINVAL);
    listing_free(&bad);
    create_listing(f, org, STATUS_DRAFT);
    assert_int_equal(store_commit(f->st, &err), 0);
    assert_int_equal(stats(f).organisations, 1);
    assert_int_equal(stats(f).listings, 1);
    assert_int_equal(store_begin(f->st, &err), 0);
    assert_int_equal(store_begin(f->st, &err), HK_EINTERNAL); /* no nesting */
    assert_int_equal(store_commit(f->st, &err), 0);
}

static void stats_count_each_kind_of_record(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t org = create_org(f, "UZ");
    create_listing(f, org, STATUS_DRAFT);
    create_listing(f, org, STATUS_PUBLISHED);
    store_stats s;
    assert_int_equal(store_get_stats(f->st, &s, &err), 0);
    assert_int_equal(s.countries, 4);
    assert_int_equal(s.organisations, 1);
    assert_int_equal(s.listings, 2);
    assert_int_equal(s.listings_published, 1);
    assert_int_equal(s.users, 0);
    assert_int_equal(s.audit_entries, 4 + 1 + 2); /* 4 countries seeded, 1 org, 2 listings */
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(new_database_is_at_the_current_schema_version),
        T(durability_pragmas_are_set_on_open),
        T(reopening_runs_no_migration_twice),
        T(newer_schema_is_refused_naming_both_versions),
        cmocka_unit_test(memory_database_works),
        T(seeding_loads_the_file_once),
        cmocka_unit_test(seeding_refuses_a_file_with_the_wrong_header),
        cmocka_unit_test(seeding_refuses_a_bad_line_and_loads_nothing),
        T(countries_are_listed_in_code_order_and_can_be_replaced),
        T(organisation_reads_back_as_written),
        T(organisation_in_unknown_country_is_refused_and_nothing_written),
        T(unknown_code_is_refused_when_a_code_check_is_set),
        T(invalid_organisation_is_refused_naming_the_field),
        T(organisation_update_bumps_version_and_replaces_details),
        T(stale_version_is_a_conflict_and_changes_nothing),
        T(update_of_missing_organisation_is_not_found),
        T(only_verification_changes_the_tier),
        T(import_keeps_id_times_and_version),
        T(every_organisation_is_visited_whole_in_id_order),
        T(user_is_found_by_id_and_by_email_in_any_case),
        T(second_user_with_the_same_email_is_a_conflict),
        T(coordinator_of_unknown_country_is_refused),
        T(password_is_set_and_audited_without_the_hash),
        T(memberships_are_added_listed_and_removed),
        T(listing_reads_back_as_written),
        T(listing_with_unknown_target_country_is_refused_and_nothing_written),
        T(listing_of_unknown_organisation_is_refused),
        T(listing_with_unknown_code_is_refused_when_a_code_check_is_set),
        T(publishing_needs_an_expiry_not_in_the_past),
        T(new_listing_published_with_past_expiry_is_refused),
        T(listing_goes_through_its_life_cycle),
        T(draft_cannot_be_closed_or_expired),
        T(listing_update_keeps_status_and_checks_version),
        T(imported_listing_keeps_its_id_and_state),
        T(every_listing_is_visited_whole_in_id_order),
        T(a_range_of_listing_ids_is_visited_whole),
        T(a_range_of_organisation_ids_is_visited_whole),
        T(interest_is_decided_once_and_carries_messages),
        T(every_write_of_an_organisation_is_audited),
        T(every_status_change_of_a_listing_is_audited),
        T(change_log_follows_every_write_in_order),
        T(a_consumer_position_only_moves_forward_and_joins_a_transaction),
        T(writes_inside_a_transaction_join_it_and_rollback_discards_them),
        T(refused_write_inside_a_transaction_leaves_the_rest_to_commit),
        T(stats_count_each_kind_of_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
