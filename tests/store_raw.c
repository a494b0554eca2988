/*
 * store_raw.c - SQL straight on a test store's engine (see store_raw.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

/* Runs sql on target; *out (may be NULL) gets column 0 of row 0. */
static int raw_run(const char *target, const char *sql, int64_t *out)
{
    const char *path;
    int rc = -1;
    if (store_driver_is_file(target, &path)) {
        sqlite3 *db;
        sqlite3_stmt *s = NULL;
        /* A running server may hold the write lock for a moment. */
        if (sqlite3_open(path, &db) == SQLITE_OK && sqlite3_busy_timeout(db, 10000) == SQLITE_OK &&
            sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
            int r = sqlite3_step(s);
            if (r == SQLITE_ROW && out)
                *out = sqlite3_column_int64(s, 0);
            rc = r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return rc;
    }
    PGconn *c = PQconnectdb(target);
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_TUPLES_OK && out && PQntuples(r) > 0)
            *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        rc = t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK ? 0 : -1;
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

int64_t raw_count(const char *target, const char *sql)
{
    int64_t n = -1;
    if (raw_run(target, sql, &n))
        fail_msg("raw_count: %s failed", sql);
    return n;
}

int raw_exec(const char *target, const char *sql)
{
    return raw_run(target, sql, NULL);
}

const char *raw_time(char *buf, size_t len, int64_t unix_s)
{
    snprintf(buf, len, store_fixture_pg() ? "to_timestamp(%lld)" : "%lld", (long long)unix_s);
    return buf;
}

/* What each SQLite migration added, undone (children before parents).
 * A new migration adds its row here so the upgrade tests still start
 * from the older file they mean. */
static const char *const undo_sqlite[] = {
    [2] = "DROP TABLE notifications; DROP TABLE saved_searches;",
    [3] = "DROP TABLE sessions; DROP TABLE api_tokens; DROP TABLE duplicate_flags;",
    [4] = "DROP TABLE taxonomy_labels;",
    [5] = "DROP INDEX interests_one_pending; DROP TABLE consumers;",
    [6] = "DROP TABLE email_checks; DROP TABLE invitations; DROP INDEX audit_log_actor;",
    [7] = "DROP TABLE project_notices; DROP TABLE project_questions; DROP TABLE project_submissions;"
          "DROP TABLE project_documents; DROP TABLE project_endorsements; DROP TABLE project_signoffs;"
          "DROP TABLE project_interests; DROP TABLE project_milestones; DROP TABLE project_partners;"
          "DROP TABLE project_texts; DROP TABLE projects;",
    [8] = "DROP TABLE measure_notes; DROP TABLE measure_meetings; DROP TABLE measure_initiatives;"
          "DROP TABLE measure_bodies; DROP TABLE measure_states; DROP TABLE measure_texts; DROP TABLE measures;"
          "DROP TABLE initiative_history; DROP TABLE initiative_texts; DROP TABLE initiatives; DROP TABLE chair_terms;"
          "DROP TABLE meeting_item_access; DROP TABLE meeting_item_texts; DROP TABLE meeting_items;"
          "DROP TABLE meeting_delegates; DROP TABLE meeting_bodies; DROP TABLE meeting_parties;"
          "DROP TABLE meeting_texts; DROP TABLE meetings;",
    /* The wider CHECK of notifications stays: migration 9 rebuilds the table again. */
    [9] = "DROP INDEX notifications_listing;",
    [10] = "DROP TABLE initiative_projects; DROP TABLE measure_projects;",
    [11] = "DROP TABLE outbox; DROP TABLE mail_prefs;",
    /* The wider CHECK of notifications stays, as after migration 9. */
    [12] = "DROP TABLE partner_meeting_times; DROP TABLE partner_meeting_steps; DROP TABLE partner_meetings;",
    [13] = "DROP TABLE event_notices; DROP TABLE event_runs; DROP TABLE event_meetings; DROP TABLE event_requests;"
           "DROP TABLE event_participant_listings; DROP TABLE event_participants; DROP TABLE event_breaks;"
           "DROP TABLE event_texts; DROP TABLE events;",
    [14] = "DROP TRIGGER analytics_listing_insert; DROP TRIGGER analytics_listing_update;"
           "DROP TRIGGER analytics_code_insert; DROP TRIGGER analytics_code_delete; DROP TRIGGER analytics_code_update; DROP TRIGGER analytics_org_country;"
           "DROP TRIGGER analytics_interest_insert; DROP TRIGGER analytics_interest_update; DROP TRIGGER analytics_match_insert;"
           "DROP TABLE analytics_pair_months; DROP TABLE analytics_listing_months; DROP TABLE analytics_sector_months; DROP INDEX project_submissions_decided;",
    [15] = "DROP TRIGGER analytics_pmeet_insert; DROP TRIGGER analytics_pmeet_update; DROP TRIGGER analytics_evmeet_insert;"
           "DROP TRIGGER analytics_evmeet_delete; DROP TRIGGER analytics_evmeet_update; DROP TRIGGER analytics_evmeet_unregister;"
           "DROP TABLE analytics_meeting_months;",
    [16] = "ALTER TABLE event_texts DROP COLUMN origin;",
};

void raw_downgrade_sqlite(const char *path, int version)
{
    int newest = (int)store_schema_version();
    if (newest >= (int)(sizeof undo_sqlite / sizeof undo_sqlite[0]))
        fail_msg("raw_downgrade_sqlite: migration %d has no undo in tests/store_raw.c", newest);
    sqlite3 *db;
    char *msg = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        fail_msg("raw_downgrade_sqlite: %s", sqlite3_errmsg(db));
    for (int v = newest; v > version; v--)
        if (sqlite3_exec(db, undo_sqlite[v], NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("raw_downgrade_sqlite: undo of migration %d: %s", v, msg);
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM schema_migrations WHERE version > %d; PRAGMA user_version = %d;", version,
             version);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("raw_downgrade_sqlite: %s", msg);
    sqlite3_close(db);
}
