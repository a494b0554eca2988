/*
 * test_store_accounts.c - what migration 3 added to the store of record:
 * sessions and API tokens (store_session.c), the directory and inbox
 * lists and duplicate flags (store_lists.c), the inbox notifications that
 * interests and messages raise (store_interest.c, store_saved.c), and the
 * migration itself from a version-2 database. Each test works on its own
 * temporary database file under /tmp and removes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"
#include "store/store_int.h" /* the migrations' SQL */
#include "store_raw.h"

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n";

/* Keyed hashes of the right shape (64 lower-case hex), distinct. */
static const char H1[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char H2[] = "2222222222222222222222222222222222222222222222222222222222222222";
static const char H3[] = "3333333333333333333333333333333333333333333333333333333333333333";
static const char HC[] = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

static int setup(void **state) { return store_fixture_setup(state, "accounts", COUNTRIES); }
static int teardown(void **state) { return store_fixture_teardown(state); }

static int64_t count(fx *f, const char *sql)
{
    return raw_count(f->path, sql);
}

/* ---- record builders ---- */

static void new_org(organisation *o, const char *iso2, const char *name)
{
    memset(o, 0, sizeof *o);
    o->names = calloc(1, sizeof *o->names);
    o->names[0] = (org_name){.text = strdup(name), .lang = strdup("en"), .primary = true};
    o->n_names = 1;
    strcpy(o->country, iso2);
    o->type = ORG_ENTERPRISE;
    o->size = SIZE_SMALL;
}

static int64_t org_named(fx *f, const char *iso2, const char *name, org_type type, verification_tier tier)
{
    organisation o;
    new_org(&o, iso2, name);
    o.type = type;
    o.tier = tier;
    hk_err err;
    assert_int_equal(store_org_create(f->st, &o, 0, &err), 0);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t org(fx *f, const char *iso2)
{
    return org_named(f, iso2, "Alumin Quyish", ORG_ENTERPRISE, TIER_SELF_DECLARED);
}

static int64_t person(fx *f, const char *email)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone"};
    hk_err err;
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    return u.id;
}

static void join(fx *f, int64_t user_id, int64_t org_id, bool admin)
{
    membership m = {.user_id = user_id, .org_id = org_id, .is_admin = admin};
    hk_err err;
    assert_int_equal(store_membership_put(f->st, &m, 0, &err), 0);
}

static int64_t listing_of(fx *f, int64_t org_id, listing_status status)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org_id;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_ORIGINAL, .title = strdup("Castings")};
    l.n_texts = 1;
    l.status = status;
    strcpy(l.expires, "2099-12-31");
    hk_err err;
    assert_int_equal(store_listing_create(f->st, &l, 0, &err), 0);
    int64_t id = l.id;
    listing_free(&l);
    return id;
}

static int64_t send_interest(fx *f, int64_t listing_id, int64_t from_org, int64_t from_user)
{
    interest i = {.listing_id = listing_id, .from_org_id = from_org, .from_user_id = from_user,
                  .offered = (char *)"machining", .sought = (char *)"castings", .why = (char *)"same corridor"};
    hk_err err;
    assert_int_equal(store_interest_create(f->st, &i, &err), 0);
    return i.id;
}

static int64_t say(fx *f, int64_t interest_id, int64_t author, const char *body)
{
    message m = {.interest_id = interest_id, .author_id = author, .body = (char *)body};
    hk_err err;
    assert_int_equal(store_message_add(f->st, &m, &err), 0);
    return m.id;
}

/* How many notifications of kind (a name) user_id has. */
static int64_t inbox(fx *f, int64_t user_id, const char *kind)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifications WHERE user_id = %lld AND kind = '%s'",
             (long long)user_id, kind);
    return count(f, sql);
}

/* ---- migration 3 ---- */

static void fresh_database_has_the_tables_of_migration_3(void **state)
{
    fx *f = *state;
    if (store_fixture_pg())
        skip(); /* SQLite's catalogue; test_store_schema compares PostgreSQL's with it */
    assert_true(store_schema_version() >= 3);
    assert_int_equal(store_db_version(f->st), store_schema_version());
    assert_int_equal(count(f, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('sessions','api_tokens','duplicate_flags','notifications')"),
                     4);
    assert_int_equal(count(f, "SELECT count(*) FROM sqlite_master WHERE name = 'notifications_new'"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                              "('sessions_user','api_tokens_user','notifications_user','notifications_saved_search')"),
                     4);
    assert_int_equal(count(f, "SELECT count(*) FROM pragma_table_info('notifications') WHERE name IN "
                              "('interest_id','message_id')"),
                     2);
}

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg);
}

/* A database as hamkor with schema version 2 left it, built with the
 * shipped SQL of migrations 1 and 2, with two notifications (one read). */
static void version_2_database_keeps_its_notifications_through_migration_3(void **state)
{
    fx *f = *state;
    if (store_fixture_pg())
        skip(); /* an upgrade of a SQLite file; PostgreSQL stores begin at this version */
    store_close(f->st);
    f->st = NULL;
    store_fixture_remove(f->path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    exec_ok(db, "PRAGMA foreign_keys = ON; BEGIN");
    exec_ok(db, store__migration_sql(1));
    exec_ok(db, store__migration_sql(2));
    exec_ok(db,
            "INSERT INTO schema_migrations VALUES (1, 'initial schema', 1), (2, 'saved searches and notifications', 2);"
            "INSERT INTO countries VALUES ('UZ', 'member', 'Uzbekistan', 'Узбекистан', '乌兹别克斯坦');"
            "INSERT INTO organisations(id, country, type, size, sme, tier, created_at, updated_at, version) "
            "  VALUES (7, 'UZ', 'enterprise', 'small', 0, 'self_declared', 1, 1, 1);"
            "INSERT INTO users(id, email, display_name, role, created_at) VALUES (3, 'a@b.uz', 'A', 'member', 1);"
            "INSERT INTO listings(id, org_id, direction, kind, status, expires, created_at, updated_at, "
            "  published_at, version) VALUES (11, 7, 'offer', 'supply', 'published', '2099-01-01', 1, 1, 1, 1),"
            "  (12, 7, 'request', 'supply', 'published', '2099-01-01', 1, 1, 1, 1);"
            "INSERT INTO saved_searches(id, user_id, name, query, created_at) VALUES (5, 3, 'Castings', 'cast', 1);"
            "INSERT INTO notifications(id, user_id, kind, saved_search_id, listing_id, about_id, payload, "
            "  created_at, read_at) VALUES (40, 3, 'saved_search', 5, 11, 5, '{\"n\":1}', 100, 150);"
            "INSERT INTO notifications(id, user_id, kind, matched_listing_id, listing_id, about_id, payload, "
            "  created_at) VALUES (41, 3, 'listing_match', 12, 11, 12, '{\"n\":2}', 101);"
            "PRAGMA user_version = 2; COMMIT");
    sqlite3_close(db);

    hk_err err;
    assert_int_equal(store_open(f->path, &f->st, &err), 0);
    assert_int_equal(store_db_version(f->st), store_schema_version());
    assert_int_equal(count(f, "SELECT count(*) FROM schema_migrations"), store_schema_version());
    store_notification *v;
    size_t n;
    assert_int_equal(store_notifications_of_user(f->st, 3, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, 41);
    assert_int_equal(v[0].kind, NOTIFY_LISTING_MATCH);
    assert_int_equal(v[0].matched_listing_id, 12);
    assert_int_equal(v[0].read_at, 0);
    assert_int_equal(v[0].interest_id, 0);
    assert_string_equal(v[0].payload, "{\"n\":2}");
    assert_int_equal(v[1].id, 40);
    assert_int_equal(v[1].kind, NOTIFY_SAVED_SEARCH);
    assert_int_equal(v[1].saved_search_id, 5);
    assert_int_equal(v[1].read_at, 150);
    assert_int_equal(v[1].created_at, 100);
    store_notifications_free(v, n);
    assert_int_equal(count(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM sqlite_master WHERE name = 'notifications_user'"), 1);
    /* "Never twice" still holds for the copied rows, and the new ids follow theirs. */
    store_notification again = {.user_id = 3, .kind = NOTIFY_SAVED_SEARCH, .saved_search_id = 5, .listing_id = 11,
                                .payload = strdup("{}")};
    bool created;
    assert_int_equal(store_notification_add(f->st, &again, &created, &err), 0);
    assert_false(created);
    store_notification_free(&again);
    int64_t max;
    assert_int_equal(store_notifications_max_id(f->st, &max, &err), 0);
    assert_int_equal(max, 41);
    /* Deleting the saved search still takes its notifications along. */
    assert_int_equal(store_saved_search_delete(f->st, 5, 3, &err), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications"), 1);
}

static void notifications_check_refuses_an_inconsistent_row_written_by_hand(void **state)
{
    fx *f = *state;
    int64_t u = person(f, "a@b.uz"), o = org(f, "UZ"), l = listing_of(f, o, STATUS_PUBLISHED);
    int64_t i = send_interest(f, l, org(f, "KZ"), person(f, "k@b.kz"));
    char sql[256];
    /* A message notification without its message. */
    snprintf(sql, sizeof sql,
             "INSERT INTO notifications(user_id, kind, listing_id, interest_id, about_id, payload, created_at) "
             "VALUES (%lld, 'message', %lld, %lld, %lld, '{}', CURRENT_TIMESTAMP)",
             (long long)u, (long long)l, (long long)i, (long long)i);
    assert_int_not_equal(raw_exec(f->path, sql), 0);
    /* An interest notification whose about_id is not the interest. */
    snprintf(sql, sizeof sql,
             "INSERT INTO notifications(user_id, kind, listing_id, interest_id, about_id, payload, created_at) "
             "VALUES (%lld, 'interest_received', %lld, %lld, 999, '{}', CURRENT_TIMESTAMP)",
             (long long)u, (long long)l, (long long)i);
    assert_int_not_equal(raw_exec(f->path, sql), 0);
    snprintf(sql, sizeof sql,
             "INSERT INTO notifications(user_id, kind, listing_id, interest_id, about_id, payload, created_at) "
             "VALUES (%lld, 'interest_received', %lld, %lld, %lld, '{}', CURRENT_TIMESTAMP)",
             (long long)u, (long long)l, (long long)i, (long long)i);
    assert_int_equal(raw_exec(f->path, sql), 0);
}

/* ---- sessions ---- */

static void session_is_found_by_its_hash_touched_and_deleted(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz"), id;
    assert_int_equal(store_session_create(f->st, H1, HC, u, &id, &err), 0);
    assert_true(id > 0);
    store_session s;
    assert_int_equal(store_session_get(f->st, H1, &s, &err), 0);
    assert_int_equal(s.id, id);
    assert_int_equal(s.user_id, u);
    assert_string_equal(s.csrf_hash, HC);
    assert_true(s.created_at > 0);
    assert_int_equal(s.last_seen_at, s.created_at);
    assert_int_equal(store_session_touch(f->st, id, s.created_at + 90, &err), 0);
    assert_int_equal(store_session_get(f->st, H1, &s, &err), 0);
    assert_int_equal(s.last_seen_at, s.created_at + 90);
    assert_int_equal(store_session_get(f->st, H2, &s, &err), HK_ENOTFOUND);
    assert_int_equal(store_session_get(f->st, "not-a-hash", &s, &err), HK_ENOTFOUND);
    assert_int_equal(store_session_delete(f->st, id, &err), 0);
    assert_int_equal(store_session_get(f->st, H1, &s, &err), HK_ENOTFOUND);
    assert_int_equal(store_session_delete(f->st, id, &err), 0); /* none: not an error */
    assert_int_equal(store_session_touch(f->st, id, 1, &err), HK_ENOTFOUND);
}

static void session_create_names_the_field_it_refuses(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz"), id = 5;
    char upper[STORE_HASH_LEN + 1];
    memset(upper, 'A', STORE_HASH_LEN);
    upper[STORE_HASH_LEN] = '\0';
    assert_int_equal(store_session_create(f->st, upper, HC, u, &id, &err), HK_EINVAL);
    assert_string_equal(err.field, "hash");
    assert_int_equal(id, 0);
    assert_int_equal(store_session_create(f->st, "abc", HC, u, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "hash");
    assert_int_equal(store_session_create(f->st, H1, NULL, u, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "csrf_hash");
    assert_int_equal(store_session_create(f->st, H1, HC, 999, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "user_id");
    assert_int_equal(store_session_create(f->st, H1, HC, u, NULL, &err), 0);
    assert_int_equal(store_session_create(f->st, H1, HC, u, NULL, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "hash");
    assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
}

static void password_change_deletes_the_other_sessions_of_the_user_only(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t a = person(f, "a@b.uz"), b = person(f, "b@b.uz"), keep, other;
    assert_int_equal(store_session_create(f->st, H1, HC, a, &keep, &err), 0);
    assert_int_equal(store_session_create(f->st, H2, HC, a, &other, &err), 0);
    assert_int_equal(store_session_create(f->st, H3, HC, b, NULL, &err), 0);
    size_t deleted;
    assert_int_equal(store_sessions_delete_for_user(f->st, a, keep, &deleted, &err), 0);
    assert_int_equal(deleted, 1);
    store_session s;
    assert_int_equal(store_session_get(f->st, H1, &s, &err), 0);
    assert_int_equal(store_session_get(f->st, H2, &s, &err), HK_ENOTFOUND);
    assert_int_equal(store_session_get(f->st, H3, &s, &err), 0);
    assert_int_equal(store_sessions_delete_for_user(f->st, a, 0, &deleted, &err), 0);
    assert_int_equal(deleted, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
}

/* ---- the operator's changes (store_user_admin.c; `hamkor user`) ---- */

static int collect_disabled(const user *u, void *ctx)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s:%s:%s;", u->email, model_enum_name(ENUM_ROLE, (int)u->role),
             store_user_disabled(u) ? "off" : "on");
    return 0;
}

static void disabling_hides_the_password_signs_out_and_enabling_brings_it_back(void **state)
{
    fx *f = *state;
    hk_err err;
    user u = {.email = (char *)"a@b.uz", .display_name = (char *)"A", .password_hash = (char *)"$argon2id$v=19$x"};
    assert_int_equal(store_user_create(f->st, &u, &err), 0);
    int64_t other = person(f, "b@b.uz"); /* no password yet */
    assert_int_equal(store_session_create(f->st, H1, HC, u.id, NULL, &err), 0);
    assert_int_equal(store_session_create(f->st, H2, HC, other, NULL, &err), 0);
    bool changed;
    assert_int_equal(store_user_set_disabled(f->st, u.id, true, 0, &changed, &err), 0);
    assert_true(changed);
    assert_int_equal(store_user_set_disabled(f->st, u.id, true, 0, &changed, &err), 0);
    assert_false(changed);
    user got;
    assert_int_equal(store_user_get(f->st, u.id, &got, &err), 0);
    assert_string_equal(got.password_hash, "!$argon2id$v=19$x");
    assert_true(store_user_disabled(&got));
    user_free(&got);
    store_session s;
    assert_int_equal(store_session_get(f->st, H1, &s, &err), HK_ENOTFOUND);
    assert_int_equal(store_session_get(f->st, H2, &s, &err), 0);
    /* One without a password is disabled too, and comes back without one. */
    assert_int_equal(store_user_set_disabled(f->st, other, true, 0, NULL, &err), 0);
    char seen[256] = "";
    assert_int_equal(store_user_each(f->st, collect_disabled, seen, &err), 0);
    assert_string_equal(seen, "a@b.uz:member:off;b@b.uz:member:off;");
    assert_int_equal(store_user_set_disabled(f->st, other, false, 0, &changed, &err), 0);
    assert_true(changed);
    assert_int_equal(store_user_get(f->st, other, &got, &err), 0);
    assert_null(got.password_hash);
    user_free(&got);
    assert_int_equal(store_user_set_disabled(f->st, u.id, false, 0, NULL, &err), 0);
    assert_int_equal(store_user_get(f->st, u.id, &got, &err), 0);
    assert_string_equal(got.password_hash, "$argon2id$v=19$x");
    user_free(&got);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action IN ('disable', 'enable')"), 4);
    assert_int_equal(store_user_set_disabled(f->st, 999, true, 0, NULL, &err), HK_ENOTFOUND);
}

static void a_role_change_follows_the_rules_of_a_new_user(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz");
    assert_int_equal(store_user_set_role(f->st, u, ROLE_COORDINATOR, "KZ", 0, &err), 0);
    user got;
    assert_int_equal(store_user_get(f->st, u, &got, &err), 0);
    assert_int_equal(got.role, ROLE_COORDINATOR);
    assert_string_equal(got.country, "KZ");
    user_free(&got);
    assert_int_equal(store_user_set_role(f->st, u, ROLE_COORDINATOR, NULL, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
    assert_int_equal(store_user_set_role(f->st, u, ROLE_COORDINATOR, "XX", 0, &err), HK_EINVAL);
    assert_int_equal(store_user_set_role(f->st, u, ROLE_SECRETARIAT, "UZ", 0, &err), HK_EINVAL);
    assert_int_equal(store_user_set_role(f->st, u, ROLE_SECRETARIAT, NULL, 0, &err), 0);
    assert_int_equal(store_user_get(f->st, u, &got, &err), 0);
    assert_int_equal(got.role, ROLE_SECRETARIAT);
    assert_string_equal(got.country, "");
    user_free(&got);
    assert_int_equal(store_user_set_role(f->st, 999, ROLE_MEMBER, NULL, 0, &err), HK_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'set_role'"), 2);
}

static void old_and_idle_sessions_expire(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz"), s1, s2, s3;
    assert_int_equal(store_session_create(f->st, H1, HC, u, &s1, &err), 0);
    assert_int_equal(store_session_create(f->st, H2, HC, u, &s2, &err), 0);
    assert_int_equal(store_session_create(f->st, H3, HC, u, &s3, &err), 0);
    store_session s;
    assert_int_equal(store_session_get(f->st, H1, &s, &err), 0);
    int64_t now = s.created_at;
    /* s1 idle since long ago; s2 created long ago (rewritten by hand); s3 fresh. */
    assert_int_equal(store_session_touch(f->st, s1, now - 8 * 86400, &err), 0);
    char sql[128], t[48];
    snprintf(sql, sizeof sql, "UPDATE sessions SET created_at = %s WHERE id = %lld",
             raw_time(t, sizeof t, now - 31 * 86400), (long long)s2);
    assert_int_equal(raw_exec(f->path, sql), 0);
    size_t deleted;
    assert_int_equal(store_sessions_expire(f->st, now - 30 * 86400, now - 7 * 86400, &deleted, &err), 0);
    assert_int_equal(deleted, 2);
    assert_int_equal(store_session_get(f->st, H3, &s, &err), 0);
    assert_int_equal(s.id, s3);
}

/* ---- API tokens ---- */

static store_api_token token(int64_t user_id, const char *key_id, const char *name)
{
    store_api_token t = {.user_id = user_id, .name = name ? strdup(name) : NULL};
    snprintf(t.key_id, sizeof t.key_id, "%s", key_id);
    snprintf(t.hash, sizeof t.hash, "%s", H1);
    return t;
}

static int collect_actions(const audit_entry *a, void *ctx)
{
    strcat(ctx, a->action);
    strcat(ctx, " ");
    assert_null(strstr(a->detail ? a->detail : "", H1)); /* never the hash */
    return 0;
}

static void api_token_is_created_listed_newest_first_touched_and_revoked_once(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz"), other = person(f, "b@b.uz");
    store_api_token t1 = token(u, "0123456789abcdef", "CI upload"), t2 = token(u, "fedcba9876543210", "Отчёты");
    t2.expires_at = 4102444800;
    assert_int_equal(store_api_token_create(f->st, &t1, &err), 0);
    assert_int_equal(store_api_token_create(f->st, &t2, &err), 0);
    assert_true(t1.id > 0 && t2.id > t1.id);
    assert_true(t1.created_at > 0);
    store_api_token got;
    assert_int_equal(store_api_token_get_by_key(f->st, "fedcba9876543210", &got, &err), 0);
    assert_int_equal(got.id, t2.id);
    assert_string_equal(got.name, "Отчёты");
    assert_string_equal(got.hash, H1);
    assert_int_equal(got.expires_at, 4102444800);
    assert_int_equal(got.last_used_at, 0);
    assert_int_equal(got.revoked_at, 0);
    store_api_token_free(&got);
    assert_int_equal(store_api_token_get_by_key(f->st, "0000000000000000", &got, &err), HK_ENOTFOUND);
    assert_int_equal(store_api_token_get_by_key(f->st, "XYZ", &got, &err), HK_ENOTFOUND);
    assert_int_equal(store_api_token_get(f->st, 999, &got, &err), HK_ENOTFOUND);

    assert_int_equal(store_api_token_touch(f->st, t1.id, 1234, &err), 0);
    assert_int_equal(store_api_token_touch(f->st, 999, 1234, &err), HK_ENOTFOUND);
    assert_int_equal(store_api_token_revoke(f->st, t1.id, other, &err), 0);
    assert_int_equal(store_api_token_get(f->st, t1.id, &got, &err), 0);
    int64_t revoked = got.revoked_at;
    assert_true(revoked > 0);
    assert_int_equal(got.last_used_at, 1234);
    store_api_token_free(&got);
    assert_int_equal(store_api_token_revoke(f->st, t1.id, u, &err), 0); /* twice: fine, first counts */
    assert_int_equal(store_api_token_revoke(f->st, 999, u, &err), HK_ENOTFOUND);

    store_api_token *v;
    size_t n;
    assert_int_equal(store_api_tokens_of_user(f->st, u, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, t2.id); /* newest first */
    assert_int_equal(v[1].id, t1.id);
    assert_int_equal(v[1].revoked_at, revoked);
    store_api_tokens_free(v, n);
    assert_int_equal(store_api_tokens_of_user(f->st, other, &v, &n, &err), 0);
    assert_int_equal(n, 0);
    store_api_tokens_free(v, n);

    char actions[128] = "";
    assert_int_equal(store_audit_each(f->st, "api_token", t1.id, collect_actions, actions, &err), 0);
    assert_string_equal(actions, "create revoke ");
    char sql[128];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE entity = 'api_token' AND action = 'revoke' AND actor_id = %lld",
             (long long)other);
    assert_int_equal(count(f, sql), 1);
    store_api_token_free(&t1);
    store_api_token_free(&t2);
}

static void api_token_create_names_the_field_it_refuses(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz");
    struct {
        const char *key_id, *name;
        const char *field;
    } bad[] = {
        {"0123456789abcdef", NULL, "name"},
        {"0123456789abcdef", "", "name"},
        {"0123456789abcdef", "bad \xff utf-8", "name"},
        {"0123456789ABCDEF", "ok", "key_id"},
        {"0123456789abcde", "ok", "key_id"},
        {"0123456789abcdeg", "ok", "key_id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        store_api_token t = token(u, bad[i].key_id, bad[i].name);
        assert_int_equal(store_api_token_create(f->st, &t, &err), HK_EINVAL);
        assert_string_equal(err.field, bad[i].field);
        assert_int_equal(t.id, 0);
        store_api_token_free(&t);
    }
    /* 100 code points are fine, 101 are not (Cyrillic: two bytes each). */
    char name[2 * 101 + 1] = "";
    for (int i = 0; i < 100; i++)
        strcat(name, "ж");
    store_api_token t = token(u, "0123456789abcdef", name);
    assert_int_equal(store_api_token_create(f->st, &t, &err), 0);
    store_api_token_free(&t);
    strcat(name, "ж");
    t = token(u, "1123456789abcdef", name);
    assert_int_equal(store_api_token_create(f->st, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "name");
    store_api_token_free(&t);

    t = token(u, "2123456789abcdef", "ok");
    t.hash[3] = 'G';
    assert_int_equal(store_api_token_create(f->st, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "hash");
    store_api_token_free(&t);
    t = token(999, "2123456789abcdef", "ok");
    assert_int_equal(store_api_token_create(f->st, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "user_id");
    store_api_token_free(&t);
    t = token(u, "0123456789abcdef", "same key id");
    assert_int_equal(store_api_token_create(f->st, &t, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "key_id");
    store_api_token_free(&t);
    /* Nothing refused was written, nor audited. */
    assert_int_equal(count(f, "SELECT count(*) FROM api_tokens"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'api_token'"), 1);
}

static void a_user_keeps_at_most_fifty_unrevoked_tokens(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz"), first = 0;
    assert_int_equal(store_begin(f->st, &err), 0); /* one commit for the fifty */
    for (int i = 0; i < STORE_TOKENS_PER_USER; i++) {
        char key[17];
        snprintf(key, sizeof key, "%016x", i);
        store_api_token t = token(u, key, "t");
        assert_int_equal(store_api_token_create(f->st, &t, &err), 0);
        if (!first)
            first = t.id;
        store_api_token_free(&t);
    }
    assert_int_equal(store_commit(f->st, &err), 0);
    store_api_token t = token(u, "aaaaaaaaaaaaaaaa", "one too many");
    assert_int_equal(store_api_token_create(f->st, &t, &err), HK_ETOOBIG);
    assert_string_equal(err.field, "user_id");
    assert_int_equal(store_api_token_revoke(f->st, first, u, &err), 0);
    assert_int_equal(store_api_token_create(f->st, &t, &err), 0);
    store_api_token_free(&t);
}

/* ---- the organisation directory ---- */

static store_org_query any(size_t limit)
{
    return (store_org_query){.tier = -1, .type = -1, .limit = limit};
}

/* The ids of the organisations q finds, as "1,2,3". */
static void list_ids(fx *f, const store_org_query *q, char *out, size_t cap)
{
    organisation *v;
    size_t n;
    hk_err err;
    if (store_org_list(f->st, q, &v, &n, &err))
        fail_msg("store_org_list: %s", err.msg);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s%lld", i ? "," : "", (long long)v[i].id);
    }
    store_orgs_free(v, n);
}

/* q finds exactly the n organisations whose ids (int64_t) follow, in
 * that order. */
static void finds(fx *f, const store_org_query *q, int n, ...)
{
    char got[128], want[128] = "";
    list_ids(f, q, got, sizeof got);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        size_t used = strlen(want);
        snprintf(want + used, sizeof want - used, "%s%lld", i ? "," : "", (long long)va_arg(ap, int64_t));
    }
    va_end(ap);
    assert_string_equal(got, want);
}

static void directory_filters_by_country_tier_type_and_name(void **state)
{
    fx *f = *state;
    int64_t a = org_named(f, "UZ", "Завод Алюминий", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    int64_t b = org_named(f, "KZ", "Steppe Research", ORG_RESEARCH, TIER_REGISTRY_CHECKED);
    int64_t c = org_named(f, "UZ", "Tashkent Research Institute", ORG_RESEARCH, TIER_COORDINATOR_ENDORSED);
    int64_t d = org_named(f, "CN", "上海铝业", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    store_org_query q = any(10);
    finds(f, &q, 4, a, b, c, d);
    q.country = "UZ";
    finds(f, &q, 2, a, c);
    q.type = ORG_RESEARCH;
    finds(f, &q, 1, c);
    q = any(10);
    q.tier = TIER_REGISTRY_CHECKED;
    finds(f, &q, 1, b);
    q = any(10);
    q.tier = TIER_SELF_DECLARED; /* 0 is a value, not "any" */
    finds(f, &q, 2, a, d);
    /* Case-insensitive in any script, anywhere in the name. */
    q = any(10);
    q.name = "RESEARCH";
    finds(f, &q, 2, b, c);
    q.name = "завод";
    finds(f, &q, 1, a);
    q.name = "АЛЮМ";
    finds(f, &q, 1, a);
    q.name = "铝业";
    finds(f, &q, 1, d);
    q.name = "nothing like it";
    finds(f, &q, 0);
}

static void directory_name_filter_matches_percent_underscore_and_backslash_literally(void **state)
{
    fx *f = *state;
    int64_t pct = org_named(f, "UZ", "100% Steel", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    org_named(f, "UZ", "1000 Steel", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    int64_t und = org_named(f, "UZ", "Metal_Works", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    org_named(f, "UZ", "MetalXWorks", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    int64_t bs = org_named(f, "UZ", "Back\\slash Ltd", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    org_named(f, "UZ", "Backslash Ltd", ORG_ENTERPRISE, TIER_SELF_DECLARED);
    store_org_query q = any(10);
    q.name = "100%";
    finds(f, &q, 1, pct);
    q.name = "%";
    finds(f, &q, 1, pct);
    q.name = "l_w";
    finds(f, &q, 1, und);
    q.name = "k\\s";
    finds(f, &q, 1, bs);
    q.name = "' OR 1=1 --";
    finds(f, &q, 0);
}

static void directory_pages_by_id_after_the_cursor(void **state)
{
    fx *f = *state;
    int64_t ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = org(f, "KZ");
    store_org_query q = any(2);
    finds(f, &q, 2, ids[0], ids[1]);
    q.after_id = ids[1];
    finds(f, &q, 2, ids[2], ids[3]);
    q.after_id = ids[3];
    finds(f, &q, 1, ids[4]);
    q.after_id = ids[4];
    finds(f, &q, 0);
}

static void directory_query_names_the_field_it_refuses(void **state)
{
    fx *f = *state;
    organisation *v = (organisation *)1;
    size_t n = 7;
    hk_err err;
    struct {
        store_org_query q;
        const char *field;
    } bad[] = {
        {{.tier = -1, .type = -1, .limit = 0}, "limit"},
        {{.tier = -1, .type = -1, .limit = STORE_PAGE_MAX + 1}, "limit"},
        {{.tier = -1, .type = -1, .limit = 5, .after_id = -1}, "after_id"},
        {{.tier = -1, .type = -1, .limit = 5, .country = "uz"}, "country"},
        {{.tier = TIER__COUNT, .type = -1, .limit = 5}, "tier"},
        {{.tier = -1, .type = 42, .limit = 5}, "type"},
        {{.tier = -1, .type = -1, .limit = 5, .name = "\xc3"}, "name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(store_org_list(f->st, &bad[i].q, &v, &n, &err), HK_EINVAL);
        assert_string_equal(err.field, bad[i].field);
        assert_null(v);
        assert_int_equal(n, 0);
    }
}

/* ---- creating an organisation with its first admin ---- */

static void organisation_created_by_a_user_starts_self_declared_with_them_as_admin(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t u = person(f, "a@b.uz");
    organisation o;
    new_org(&o, "UZ", "Yangi Zavod");
    o.tier = TIER_COORDINATOR_ENDORSED; /* asked for, not granted */
    o.id = 777;
    assert_int_equal(store_org_create_with_admin(f->st, &o, u, &err), 0);
    assert_true(o.id > 0);
    assert_int_not_equal(o.id, 777);
    organisation got;
    assert_int_equal(store_org_get(f->st, o.id, &got, &err), 0);
    assert_int_equal(got.tier, TIER_SELF_DECLARED);
    organisation_free(&got);
    store_member *m;
    size_t n;
    assert_int_equal(store_members_of_org(f->st, o.id, &m, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].user_id, u);
    assert_true(m[0].is_admin);
    assert_string_equal(m[0].email, "a@b.uz");
    store_members_free(m, n);
    organisation_free(&o);
}

static void organisation_for_an_unknown_user_is_refused_and_nothing_is_written(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t before = count(f, "SELECT count(*) FROM organisations"),
            audit = count(f, "SELECT count(*) FROM audit_log");
    organisation o;
    new_org(&o, "UZ", "Yangi Zavod");
    assert_int_equal(store_org_create_with_admin(f->st, &o, 999, &err), HK_EINVAL);
    assert_string_equal(err.field, "user_id");
    assert_int_equal(o.id, 0);
    /* Invalid organisation: refused by its validation, naming its field. */
    int64_t u = person(f, "a@b.uz");
    audit = count(f, "SELECT count(*) FROM audit_log");
    strcpy(o.country, "ZZ");
    assert_int_equal(store_org_create_with_admin(f->st, &o, u, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
    /* Inside an outer transaction the refusal leaves it usable. */
    strcpy(o.country, "UZ");
    assert_int_equal(store_begin(f->st, &err), 0);
    assert_int_equal(store_org_create_with_admin(f->st, &o, 999, &err), HK_EINVAL);
    assert_int_equal(store_org_create_with_admin(f->st, &o, u, &err), 0);
    assert_int_equal(store_commit(f->st, &err), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM organisations"), before + 1);
    assert_int_equal(count(f, "SELECT count(*) FROM memberships"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit + 2); /* create, add_member */
    organisation_free(&o);
}

/* ---- an organisation's listings and members ---- */

static void listings_of_an_organisation_page_in_id_order_with_drafts_on_request(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t o = org(f, "UZ"), other = org(f, "KZ");
    int64_t p1 = listing_of(f, o, STATUS_PUBLISHED), d = listing_of(f, o, STATUS_DRAFT);
    listing_of(f, other, STATUS_PUBLISHED);
    int64_t p2 = listing_of(f, o, STATUS_PUBLISHED);
    listing *v;
    size_t n;
    assert_int_equal(store_listings_of_org(f->st, o, false, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, p1);
    assert_int_equal(v[1].id, p2);
    assert_string_equal(v[0].texts[0].title, "Castings");
    store_listings_free(v, n);
    assert_int_equal(store_listings_of_org(f->st, o, true, 0, 2, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, p1);
    assert_int_equal(v[1].id, d);
    store_listings_free(v, n);
    assert_int_equal(store_listings_of_org(f->st, o, true, d, 2, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, p2);
    store_listings_free(v, n);
    assert_int_equal(store_listings_of_org(f->st, o, true, 0, 0, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "limit");
    assert_int_equal(store_listings_of_org(f->st, o, true, -5, 10, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "after_id");
}

static void members_are_listed_by_user_id_with_their_admin_flag(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t o = org(f, "UZ"), b = person(f, "b@b.uz"), a = person(f, "a@b.uz");
    person(f, "c@b.uz");
    join(f, a, o, false);
    join(f, b, o, true);
    store_member *m;
    size_t n;
    assert_int_equal(store_members_of_org(f->st, o, &m, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].user_id, b);
    assert_true(m[0].is_admin);
    assert_string_equal(m[0].email, "b@b.uz");
    assert_string_equal(m[0].display_name, "Someone");
    assert_int_equal(m[1].user_id, a);
    assert_false(m[1].is_admin);
    store_members_free(m, n);
    assert_int_equal(store_members_of_org(f->st, 999, &m, &n, &err), 0);
    assert_int_equal(n, 0);
    store_members_free(m, n);
}

/* ---- interests received and sent ---- */

static void interests_received_and_sent_are_listed_newest_first_in_pages(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t seller = org(f, "UZ"), buyer = org(f, "KZ"), third = org(f, "CN");
    int64_t ub = person(f, "b@b.kz"), ut = person(f, "t@t.cn");
    int64_t l1 = listing_of(f, seller, STATUS_PUBLISHED), l2 = listing_of(f, seller, STATUS_PUBLISHED);
    int64_t l3 = listing_of(f, third, STATUS_PUBLISHED);
    int64_t i1 = send_interest(f, l1, buyer, ub), i2 = send_interest(f, l2, buyer, ub);
    int64_t i3 = send_interest(f, l1, third, ut), i4 = send_interest(f, l3, buyer, ub);
    interest *v;
    size_t n;
    assert_int_equal(store_interests_of_orgs(f->st, &seller, 1, STORE_BOX_RECEIVED, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, i3);
    assert_int_equal(v[1].id, i2);
    assert_int_equal(v[2].id, i1);
    assert_string_equal(v[0].why, "same corridor");
    store_interests_free(v, n);
    assert_int_equal(store_interests_of_orgs(f->st, &buyer, 1, STORE_BOX_SENT, 0, 2, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, i4);
    assert_int_equal(v[1].id, i2);
    store_interests_free(v, n);
    assert_int_equal(store_interests_of_orgs(f->st, &buyer, 1, STORE_BOX_SENT, i2, 2, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, i1);
    store_interests_free(v, n);
    /* Several organisations at once: the union. */
    int64_t both[2] = {seller, third};
    assert_int_equal(store_interests_of_orgs(f->st, both, 2, STORE_BOX_RECEIVED, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 4);
    store_interests_free(v, n);
    assert_int_equal(store_interests_of_orgs(f->st, both, 0, STORE_BOX_RECEIVED, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_null(v);
    assert_int_equal(store_interests_of_orgs(f->st, both, 2, STORE_BOX_SENT, 0, 101, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "limit");
}

/* ---- interests: one pending per organisation and listing ---- */

static void second_pending_interest_from_the_same_organisation_is_refused_and_changes_nothing(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t seller = org(f, "UZ"), buyer = org(f, "KZ"), other = org(f, "CN");
    int64_t s1 = person(f, "s@s.uz"), b1 = person(f, "b1@b.kz"), b2 = person(f, "b2@b.kz"),
            o1 = person(f, "o@o.cn");
    join(f, s1, seller, true);
    join(f, b1, buyer, false);
    join(f, b2, buyer, false);
    int64_t l = listing_of(f, seller, STATUS_PUBLISHED);
    int64_t first = send_interest(f, l, buyer, b1);
    int64_t interests = count(f, "SELECT count(*) FROM interests"),
            notes = count(f, "SELECT count(*) FROM notifications"), audit = count(f, "SELECT count(*) FROM audit_log");
    interest i = {.listing_id = l, .from_org_id = buyer, .from_user_id = b2, .offered = (char *)"a",
                  .sought = (char *)"b", .why = (char *)"c"};
    assert_int_equal(store_interest_create(f->st, &i, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "listing_id");
    assert_non_null(strstr(err.msg, "already has a pending expression of interest"));
    assert_int_equal(i.id, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM interests"), interests);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications"), notes);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
    /* Another organisation may; and once decided, the first may send again. */
    send_interest(f, l, other, o1);
    assert_int_equal(store_interest_decide(f->st, first, EOI_DECLINED, s1, &err), 0);
    assert_int_equal(store_interest_create(f->st, &i, &err), 0);
}

/* ---- inbox notifications raised by interests and messages ---- */

typedef struct thread {
    int64_t seller, buyer;   /* organisations */
    int64_t s1, s2, b1, b2;  /* two members of each */
    int64_t outsider;        /* a member of neither */
    int64_t listing;
} thread;

static thread make_thread(fx *f)
{
    thread t;
    t.seller = org(f, "UZ");
    t.buyer = org(f, "KZ");
    t.s1 = person(f, "s1@s.uz");
    t.s2 = person(f, "s2@s.uz");
    t.b1 = person(f, "b1@b.kz");
    t.b2 = person(f, "b2@b.kz");
    t.outsider = person(f, "x@x.cn");
    join(f, t.s1, t.seller, true);
    join(f, t.s2, t.seller, false);
    join(f, t.b1, t.buyer, false);
    join(f, t.b2, t.buyer, false);
    t.listing = listing_of(f, t.seller, STATUS_PUBLISHED);
    return t;
}

static void new_interest_notifies_every_member_of_the_listings_organisation(void **state)
{
    fx *f = *state;
    hk_err err;
    thread t = make_thread(f);
    join(f, t.b1, t.seller, false); /* the sender also belongs to the seller: still not told */
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    assert_int_equal(inbox(f, t.s1, "interest_received"), 1);
    assert_int_equal(inbox(f, t.s2, "interest_received"), 1);
    assert_int_equal(inbox(f, t.b1, "interest_received"), 0);
    assert_int_equal(inbox(f, t.b2, "interest_received"), 0);
    assert_int_equal(inbox(f, t.outsider, "interest_received"), 0);
    store_notification *v;
    size_t n;
    assert_int_equal(store_notifications_of_user(f->st, t.s2, 0, 10, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].kind, NOTIFY_INTEREST_RECEIVED);
    assert_int_equal(v[0].interest_id, i);
    assert_int_equal(v[0].listing_id, t.listing);
    assert_int_equal(v[0].message_id, 0);
    assert_int_equal(v[0].saved_search_id, 0);
    assert_int_equal(v[0].matched_listing_id, 0);
    char want[96];
    snprintf(want, sizeof want, "\"from_org_id\":%lld", (long long)t.buyer);
    assert_non_null(strstr(v[0].payload, want));
    store_notifications_free(v, n);
}

static void decision_notifies_the_sending_organisation_but_not_the_actor(void **state)
{
    fx *f = *state;
    hk_err err;
    thread t = make_thread(f);
    join(f, t.s1, t.buyer, false); /* the decider also belongs to the buyer */
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    assert_int_equal(store_interest_decide(f->st, i, EOI_ACCEPTED, t.s1, &err), 0);
    assert_int_equal(inbox(f, t.b1, "interest_decided"), 1);
    assert_int_equal(inbox(f, t.b2, "interest_decided"), 1);
    assert_int_equal(inbox(f, t.s1, "interest_decided"), 0);
    assert_int_equal(inbox(f, t.s2, "interest_decided"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications WHERE kind = 'interest_decided' "
                              "AND payload LIKE '%\"status\":\"accepted\"%'"),
                     2);
    /* A refused decision (decided already) raises nothing. */
    int64_t before = count(f, "SELECT count(*) FROM notifications");
    assert_int_equal(store_interest_decide(f->st, i, EOI_DECLINED, t.s1, &err), HK_ECONFLICT);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications"), before);
}

static void message_notifies_the_other_side_of_the_thread_only(void **state)
{
    fx *f = *state;
    hk_err err;
    thread t = make_thread(f);
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    int64_t m1 = say(f, i, t.b1, "Здравствуйте");
    assert_int_equal(inbox(f, t.s1, "message"), 1);
    assert_int_equal(inbox(f, t.s2, "message"), 1);
    assert_int_equal(inbox(f, t.b1, "message"), 0);
    assert_int_equal(inbox(f, t.b2, "message"), 0);
    say(f, i, t.s2, "你好");
    assert_int_equal(inbox(f, t.b1, "message"), 1);
    assert_int_equal(inbox(f, t.b2, "message"), 1);
    assert_int_equal(inbox(f, t.s1, "message"), 1);
    assert_int_equal(inbox(f, t.s2, "message"), 1);
    store_notification *v;
    size_t n;
    assert_int_equal(store_notifications_of_user(f->st, t.s1, 0, 1, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].kind, NOTIFY_MESSAGE);
    assert_int_equal(v[0].message_id, m1);
    assert_int_equal(v[0].interest_id, i);
    assert_int_equal(v[0].listing_id, t.listing);
    store_notifications_free(v, n);
}

static void message_by_a_member_of_both_sides_tells_both_sides_but_not_the_author(void **state)
{
    fx *f = *state;
    thread t = make_thread(f);
    join(f, t.s2, t.buyer, false);
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    say(f, i, t.s2, "I sit on both sides");
    assert_int_equal(inbox(f, t.s1, "message"), 1);
    assert_int_equal(inbox(f, t.b1, "message"), 1);
    assert_int_equal(inbox(f, t.b2, "message"), 1);
    assert_int_equal(inbox(f, t.s2, "message"), 0);
    /* A member of both organisations who is not the author is told once. */
    say(f, i, t.b1, "Noted");
    assert_int_equal(inbox(f, t.s2, "message"), 1);
    assert_int_equal(inbox(f, t.s1, "message"), 2);
    assert_int_equal(inbox(f, t.b2, "message"), 1);
}

static void message_on_a_declined_interest_is_refused_and_changes_nothing(void **state)
{
    fx *f = *state;
    hk_err err;
    thread t = make_thread(f);
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    assert_int_equal(store_interest_decide(f->st, i, EOI_DECLINED, t.s1, &err), 0);
    int64_t notes = count(f, "SELECT count(*) FROM notifications"), audit = count(f, "SELECT count(*) FROM audit_log");
    message m = {.interest_id = i, .author_id = t.b1, .body = (char *)"But why?"};
    assert_int_equal(store_message_add(f->st, &m, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "interest_id");
    assert_int_equal(m.id, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM messages"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications"), notes);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
    /* An accepted interest's thread stays open. */
    int64_t j = send_interest(f, t.listing, t.buyer, t.b1);
    assert_int_equal(store_interest_decide(f->st, j, EOI_ACCEPTED, t.s1, &err), 0);
    say(f, j, t.b1, "Thank you");
}

/* ---- reading the inbox ---- */

static void inbox_is_read_after_a_cursor_oldest_first_and_counts_unread(void **state)
{
    fx *f = *state;
    hk_err err;
    thread t = make_thread(f);
    int64_t max;
    assert_int_equal(store_notifications_max_id(f->st, &max, &err), 0);
    assert_int_equal(max, 0);
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    for (int k = 0; k < 4; k++)
        say(f, i, t.b1, "hello");
    int64_t unread;
    assert_int_equal(store_notifications_unread(f->st, t.s1, &unread, &err), 0);
    assert_int_equal(unread, 5);
    store_notification *v;
    size_t n;
    assert_int_equal(store_notifications_after(f->st, t.s1, 0, 2, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].kind, NOTIFY_INTEREST_RECEIVED);
    assert_int_equal(v[1].kind, NOTIFY_MESSAGE);
    assert_true(v[0].id < v[1].id);
    int64_t cursor = v[1].id;
    assert_int_equal(store_notification_mark_read(f->st, v[0].id, t.s1, &err), 0);
    store_notifications_free(v, n);
    assert_int_equal(store_notifications_after(f->st, t.s1, cursor, 10, &v, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_true(v[0].id > cursor);
    int64_t last = v[2].id;
    store_notifications_free(v, n);
    assert_int_equal(store_notifications_after(f->st, t.s1, last, 10, &v, &n, &err), 0);
    assert_int_equal(n, 0);
    store_notifications_free(v, n);
    assert_int_equal(store_notifications_unread(f->st, t.s1, &unread, &err), 0);
    assert_int_equal(unread, 4);
    assert_int_equal(store_notifications_unread(f->st, t.outsider, &unread, &err), 0);
    assert_int_equal(unread, 0);
    assert_int_equal(store_notifications_max_id(f->st, &max, &err), 0);
    assert_true(max >= last);
    assert_int_equal(store_notifications_after(f->st, t.s1, 0, 0, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "limit");
    assert_int_equal(store_notifications_after(f->st, t.s1, -1, 5, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "after");
}

static void notification_kinds_have_names_and_must_name_what_they_are_about(void **state)
{
    fx *f = *state;
    hk_err err;
    assert_string_equal(store_notify_kind_name(NOTIFY_INTEREST_RECEIVED), "interest_received");
    assert_string_equal(store_notify_kind_name(NOTIFY_INTEREST_DECIDED), "interest_decided");
    assert_string_equal(store_notify_kind_name(NOTIFY_MESSAGE), "message");
    assert_null(store_notify_kind_name(NOTIFY__COUNT));
    thread t = make_thread(f);
    int64_t i = send_interest(f, t.listing, t.buyer, t.b1);
    int64_t m = say(f, i, t.b1, "hi");
    int64_t before = count(f, "SELECT count(*) FROM notifications");
    store_notification bad[] = {
        {.user_id = t.outsider, .kind = NOTIFY_MESSAGE, .listing_id = t.listing, .interest_id = i},
        {.user_id = t.outsider, .kind = NOTIFY_INTEREST_RECEIVED, .listing_id = t.listing, .interest_id = i,
         .message_id = m},
        {.user_id = t.outsider, .kind = NOTIFY_INTEREST_DECIDED, .listing_id = t.listing},
        {.user_id = t.outsider, .kind = NOTIFY_SAVED_SEARCH, .listing_id = t.listing, .saved_search_id = 1,
         .interest_id = i},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        bad[k].payload = strdup("{}");
        assert_int_equal(store_notification_add(f->st, &bad[k], NULL, &err), HK_EINVAL);
        assert_string_equal(err.field, "[0]");
        store_notification_free(&bad[k]);
    }
    store_notification unknown = {.user_id = t.outsider, .kind = NOTIFY_MESSAGE, .listing_id = t.listing,
                                  .interest_id = i, .message_id = 999, .payload = strdup("{}")};
    assert_int_equal(store_notification_add(f->st, &unknown, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "[0].message_id");
    unknown.message_id = m;
    bool created;
    assert_int_equal(store_notification_add(f->st, &unknown, &created, &err), 0);
    assert_true(created);
    assert_int_equal(store_notification_add(f->st, &unknown, &created, &err), 0);
    assert_false(created); /* already notified */
    store_notification_free(&unknown);
    assert_int_equal(count(f, "SELECT count(*) FROM notifications"), before + 1);
}

/* ---- duplicate flags ---- */

static void duplicate_flag_is_kept_once_per_user_and_pair_and_audited(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t a = org(f, "UZ"), b = org(f, "UZ"), c = org(f, "KZ");
    int64_t u = person(f, "a@b.uz"), w = person(f, "w@b.uz");
    store_dup_flag fl = {.org_id = a, .duplicate_of = b, .flagged_by = u, .note = strdup("Same INN, other spelling")};
    assert_int_equal(store_dup_flag_create(f->st, &fl, &err), 0);
    assert_true(fl.id > 0);
    assert_true(fl.created_at > 0);
    int64_t first = fl.id;
    int64_t audit = count(f, "SELECT count(*) FROM audit_log");
    assert_int_equal(store_dup_flag_create(f->st, &fl, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "duplicate_of");
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
    fl.flagged_by = w;
    assert_int_equal(store_dup_flag_create(f->st, &fl, &err), 0);
    store_dup_flag_free(&fl);
    store_dup_flag none = {.org_id = b, .duplicate_of = c, .flagged_by = u}; /* no note */
    assert_int_equal(store_dup_flag_create(f->st, &none, &err), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'flag_duplicate' "
                              "AND entity = 'organisation'"),
                     3);

    store_dup_flag *v;
    size_t n;
    assert_int_equal(store_dup_flags_list(f->st, 0, 2, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, first);
    assert_string_equal(v[0].note, "Same INN, other spelling");
    assert_int_equal(v[0].flagged_by, u);
    assert_int_equal(v[1].flagged_by, w);
    int64_t cursor = v[1].id;
    store_dup_flags_free(v, n);
    assert_int_equal(store_dup_flags_list(f->st, cursor, 2, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, none.id);
    assert_string_equal(v[0].note, "");
    store_dup_flags_free(v, n);
    assert_int_equal(store_dup_flags_list(f->st, 0, 0, &v, &n, &err), HK_EINVAL);
    assert_string_equal(err.field, "limit");
}

static void duplicate_flag_names_the_field_it_refuses(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t a = org(f, "UZ"), b = org(f, "UZ"), u = person(f, "a@b.uz");
    char *long_note = malloc(STORE_FLAG_NOTE_MAX + 2);
    memset(long_note, 'x', STORE_FLAG_NOTE_MAX + 1);
    long_note[STORE_FLAG_NOTE_MAX + 1] = '\0';
    struct {
        store_dup_flag fl;
        int code;
        const char *field;
    } bad[] = {
        {{.org_id = a, .duplicate_of = a, .flagged_by = u}, HK_EINVAL, "duplicate_of"},
        {{.org_id = a, .duplicate_of = 999, .flagged_by = u}, HK_EINVAL, "duplicate_of"},
        {{.org_id = 999, .duplicate_of = a, .flagged_by = u}, HK_EINVAL, "org_id"},
        {{.org_id = a, .duplicate_of = 0, .flagged_by = u}, HK_EINVAL, "duplicate_of"},
        {{.org_id = a, .duplicate_of = b, .flagged_by = 999}, HK_EINVAL, "flagged_by"},
        {{.org_id = a, .duplicate_of = b, .flagged_by = u, .note = long_note}, HK_EINVAL, "note"},
        {{.org_id = a, .duplicate_of = b, .flagged_by = u, .note = (char *)"bad \xfe"}, HK_EINVAL, "note"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(store_dup_flag_create(f->st, &bad[i].fl, &err), bad[i].code);
        assert_string_equal(err.field, bad[i].field);
        assert_int_equal(bad[i].fl.id, 0);
    }
    free(long_note);
    assert_int_equal(count(f, "SELECT count(*) FROM duplicate_flags"), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(fresh_database_has_the_tables_of_migration_3),
        T(version_2_database_keeps_its_notifications_through_migration_3),
        T(notifications_check_refuses_an_inconsistent_row_written_by_hand),
        T(session_is_found_by_its_hash_touched_and_deleted),
        T(session_create_names_the_field_it_refuses),
        T(password_change_deletes_the_other_sessions_of_the_user_only),
        T(old_and_idle_sessions_expire),
        T(disabling_hides_the_password_signs_out_and_enabling_brings_it_back),
        T(a_role_change_follows_the_rules_of_a_new_user),
        T(api_token_is_created_listed_newest_first_touched_and_revoked_once),
        T(api_token_create_names_the_field_it_refuses),
        T(a_user_keeps_at_most_fifty_unrevoked_tokens),
        T(directory_filters_by_country_tier_type_and_name),
        T(directory_name_filter_matches_percent_underscore_and_backslash_literally),
        T(directory_pages_by_id_after_the_cursor),
        T(directory_query_names_the_field_it_refuses),
        T(organisation_created_by_a_user_starts_self_declared_with_them_as_admin),
        T(organisation_for_an_unknown_user_is_refused_and_nothing_is_written),
        T(listings_of_an_organisation_page_in_id_order_with_drafts_on_request),
        T(members_are_listed_by_user_id_with_their_admin_flag),
        T(interests_received_and_sent_are_listed_newest_first_in_pages),
        T(second_pending_interest_from_the_same_organisation_is_refused_and_changes_nothing),
        T(new_interest_notifies_every_member_of_the_listings_organisation),
        T(decision_notifies_the_sending_organisation_but_not_the_actor),
        T(message_notifies_the_other_side_of_the_thread_only),
        T(message_by_a_member_of_both_sides_tells_both_sides_but_not_the_author),
        T(message_on_a_declined_interest_is_refused_and_changes_nothing),
        T(inbox_is_read_after_a_cursor_oldest_first_and_counts_unread),
        T(notification_kinds_have_names_and_must_name_what_they_are_about),
        T(duplicate_flag_is_kept_once_per_user_and_pair_and_audited),
        T(duplicate_flag_names_the_field_it_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
