/*
 * store_copy.c - copying a whole store into an empty one (`hamkor copy`):
 * the way up from a SQLite file to PostgreSQL when one machine is no
 * longer enough, or back down. Every row of every table is copied with
 * every column and its id, so the copy reads exactly as the source did:
 * records, users with their password hashes, sessions, API tokens,
 * notifications, the audit log and the change log.
 *
 * It is written on the store's neutral machinery alone (store__q and
 * store__do with typed values), so either store may be on either engine.
 * One generic loop copies every table; what differs from table to table
 * is data: the descriptors below (the kind of each column, how many
 * columns make the primary key) and the three statements per table in
 * sql_copy.def (count, page, insert). Values are read and bound by their
 * meaning (a time as a time, a flag as a boolean), so each engine stores
 * them natively: a SQLite integer time becomes a PostgreSQL timestamptz
 * and back.
 *
 * Memory is bounded whatever the size of the store: the source is read a
 * page of COPY_PAGE_ROWS rows at a time, each page starting after the
 * primary key of the last row copied (a keyset, so every page is one
 * index seek), and each row is written before the next is read.
 *
 * The destination is written in one transaction: all or nothing. The
 * source is read in one transaction too, so that the pages of all the
 * tables come from one state of it (on PostgreSQL a repeatable-read
 * snapshot; SQLite's BEGIN IMMEDIATE keeps writers out until the end).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* Rows per page of the source: large enough that a page's statement
 * costs little beside its rows, small enough that a PostgreSQL result
 * (which arrives whole) stays a few megabytes. */
#define COPY_PAGE_ROWS 2000
/* The widest table (partner_meetings) has 18 columns. */
#define COPY_MAX_COLS 20
/* The longest primary key (org_codes, listing_codes) has 3 columns. */
#define COPY_MAX_KEY 3
/* A text key column is an iso2 code, a scheme, a taxonomy code (7) or a
 * consumer's name (STORE_CONSUMER_NAME_MAX = 64 bytes). */
#define COPY_KEY_TEXT_MAX 128

/* One table to copy. kinds has one letter per column, in the order of
 * the column list in sql_copy.def:
 *   i  integer (ids, positions, versions, counts)
 *   t  text
 *   r  REAL / double precision
 *   b  boolean (0/1 in SQLite)
 *   @  time (unix seconds in SQLite, timestamptz in PostgreSQL)
 * Any column may be NULL; a NULL is copied as NULL. */
typedef struct copy_table {
    const char *name;
    const char *kinds;
    int n_key;                 /* the primary key is the first n_key columns, 1..COPY_MAX_KEY */
    int page_rows;             /* rows per page: COPY_PAGE_ROWS, fewer for tables of large rows */
    store_sq count, page, put; /* COPY_<ID>_COUNT, _PAGE, _PUT */
} copy_table;

#define TABLE_PAGED(name, id, kinds, n_key, rows) \
    {name, kinds, n_key, rows, SQ_COPY_##id##_COUNT, SQ_COPY_##id##_PAGE, SQ_COPY_##id##_PUT}
#define TABLE(name, id, kinds, n_key) TABLE_PAGED(name, id, kinds, n_key, COPY_PAGE_ROWS)

/* In an order that satisfies every foreign key: a row is written after
 * the rows it refers to. Countries come first; they are the one table the
 * destination may already hold (see copy_row). */
static const copy_table tables[] = {
    TABLE("countries", COUNTRIES, "ttttt", 1),
    TABLE("organisations", ORGS, "ittttrrttbtt@@i", 1),
    TABLE("org_names", ORG_NAMES, "iittb", 2),
    TABLE("org_codes", ORG_CODES, "itit", 3),
    TABLE("capabilities", CAPABILITIES, "iittrt", 2),
    TABLE("certifications", CERTIFICATIONS, "iitttt", 2),
    TABLE("org_languages", ORG_LANGUAGES, "iit", 2),
    TABLE("users", USERS, "ittttt@", 1),
    TABLE("memberships", MEMBERSHIPS, "iib", 2),
    TABLE("email_checks", EMAIL_CHECKS, "it@@", 1),
    TABLE("invitations", INVITATIONS, "iitbit@@@", 1),
    TABLE("listings", LISTINGS, "iittttt@@@i", 1),
    TABLE("listing_texts", LISTING_TEXTS, "iitttt", 2),
    TABLE("listing_codes", LISTING_CODES, "itit", 3),
    TABLE("listing_quantities", LISTING_QUANTITIES, "iitrtt", 2),
    TABLE("listing_targets", LISTING_TARGETS, "iit", 2),
    TABLE("interests", INTERESTS, "iiiitttt@@", 1),
    TABLE("messages", MESSAGES, "iiit@", 1),
    TABLE("saved_searches", SAVED_SEARCHES, "iitttt@", 1),
    TABLE("notifications", NOTIFICATIONS, "iitiiiiiit@@", 1),
    TABLE("mail_prefs", MAIL_PREFS, "itt@", 1),
    TABLE("outbox", OUTBOX, "iitiit@i@@t", 1),
    TABLE("sessions", SESSIONS, "itti@@", 1),
    TABLE("api_tokens", API_TOKENS, "ittit@@@@", 1),
    TABLE("duplicate_flags", DUPLICATE_FLAGS, "iiiit@", 1),
    TABLE("taxonomy_labels", TAXONOMY_LABELS, "tttttttt@i", 2),
    TABLE("projects", PROJECTS, "ittrtti@@@ii", 1),
    TABLE("project_texts", PROJECT_TEXTS, "iitttt", 2),
    TABLE("project_partners", PROJECT_PARTNERS, "iiitirtt", 2),
    TABLE("project_milestones", PROJECT_MILESTONES, "iitttt", 2),
    TABLE("project_interests", PROJECT_INTERESTS, "ii", 2),
    TABLE("project_signoffs", PROJECT_SIGNOFFS, "iiii@", 2),
    TABLE("project_endorsements", PROJECT_ENDORSEMENTS, "iti@", 2),
    /* A document row holds up to 10 MiB as base64: a few per page keep
     * the copy's memory bounded. */
    TABLE_PAGED("project_documents", PROJECT_DOCUMENTS, "iittibtti@", 1, 4),
    TABLE("project_submissions", PROJECT_SUBMISSIONS, "iiitrtti@i@", 1),
    TABLE("project_questions", PROJECT_QUESTIONS, "iiit@", 1),
    TABLE("project_notices", PROJECT_NOTICES, "iiitt@@", 1),
    TABLE("audit_log", AUDIT_LOG, "i@ittit", 1),
    TABLE("changes", CHANGES, "itit@", 1),
    TABLE("consumers", CONSUMERS, "ti@", 1),
    TABLE("meetings", MEETINGS, "ittt@ittt@@i", 1),
    TABLE("meeting_texts", MEETING_TEXTS, "iitttt", 2),
    TABLE("meeting_parties", MEETING_PARTIES, "iitt", 2),
    TABLE("meeting_bodies", MEETING_BODIES, "iit", 2),
    TABLE("meeting_delegates", MEETING_DELEGATES, "iitttt", 2),
    TABLE("meeting_items", MEETING_ITEMS, "iitttb", 2),
    TABLE("meeting_item_texts", MEETING_ITEM_TEXTS, "iiitttt", 3),
    TABLE("meeting_item_access", MEETING_ITEM_ACCESS, "iiitt", 3),
    TABLE("chair_terms", CHAIR_TERMS, "itttt", 1),
    TABLE("initiatives", INITIATIVES, "ititit@@i", 1),
    TABLE("initiative_texts", INITIATIVE_TEXTS, "iitttt", 2),
    TABLE("initiative_history", INITIATIVE_HISTORY, "iittit@", 2),
    TABLE("measures", MEASURES, "ittt@@i", 1),
    TABLE("measure_texts", MEASURE_TEXTS, "iitttt", 2),
    TABLE("measure_states", MEASURE_STATES, "iit", 2),
    TABLE("measure_bodies", MEASURE_BODIES, "iit", 2),
    TABLE("measure_initiatives", MEASURE_INITIATIVES, "ii", 2),
    TABLE("measure_meetings", MEASURE_MEETINGS, "ii", 2),
    TABLE("measure_notes", MEASURE_NOTES, "iitittt@", 1),
    TABLE("measure_projects", MEASURE_PROJECTS, "ii", 2),
    TABLE("initiative_projects", INITIATIVE_PROJECTS, "ii", 2),
    TABLE("partner_meetings", PARTNER_MEETINGS, "iiiiiitiitttti@@@i", 1),
    TABLE("partner_meeting_steps", PARTNER_MEETING_STEPS, "iiitiittt@", 1),
    TABLE("partner_meeting_times", PARTNER_MEETING_TIMES, "iiitti@", 3),
    TABLE("events", EVENTS, "itiitttittii@@i", 1),
    TABLE("event_texts", EVENT_TEXTS, "iitttt", 2),
    TABLE("event_breaks", EVENT_BREAKS, "iitt", 2),
    TABLE("event_participants", EVENT_PARTICIPANTS, "iiiiibit@@", 1),
    TABLE("event_participant_listings", EVENT_PARTICIPANT_LISTINGS, "iii", 2),
    TABLE("event_requests", EVENT_REQUESTS, "iiiiitt@@", 1),
    TABLE("event_meetings", EVENT_MEETINGS, "iiii", 1),
    TABLE("event_runs", EVENT_RUNS, "iii@iiiiiii", 1),
    TABLE("event_notices", EVENT_NOTICES, "iiitt@@", 1),
};

#undef TABLE
#undef TABLE_PAGED

#define N_TABLES (sizeof tables / sizeof tables[0])

/* The identity sequences to move past the copied ids (PostgreSQL only;
 * the statements are NONE for SQLite). */
static const store_sq sequences[] = {
    SQ_COPY_SEQ_ORGS,          SQ_COPY_SEQ_USERS,           SQ_COPY_SEQ_LISTINGS,  SQ_COPY_SEQ_INTERESTS,
    SQ_COPY_SEQ_MESSAGES,      SQ_COPY_SEQ_SAVED_SEARCHES,  SQ_COPY_SEQ_SESSIONS,  SQ_COPY_SEQ_NOTIFICATIONS,
    SQ_COPY_SEQ_API_TOKENS,    SQ_COPY_SEQ_DUPLICATE_FLAGS, SQ_COPY_SEQ_AUDIT_LOG, SQ_COPY_SEQ_CHANGES,
    SQ_COPY_SEQ_INVITATIONS,
    SQ_COPY_SEQ_PROJECTS,      SQ_COPY_SEQ_PROJECT_DOCUMENTS, SQ_COPY_SEQ_PROJECT_SUBMISSIONS,
    SQ_COPY_SEQ_PROJECT_QUESTIONS, SQ_COPY_SEQ_PROJECT_NOTICES,
    SQ_COPY_SEQ_MEETINGS,      SQ_COPY_SEQ_CHAIR_TERMS,     SQ_COPY_SEQ_INITIATIVES, SQ_COPY_SEQ_MEASURES,
    SQ_COPY_SEQ_MEASURE_NOTES, SQ_COPY_SEQ_OUTBOX, SQ_COPY_SEQ_PARTNER_MEETINGS, SQ_COPY_SEQ_PARTNER_MEETING_STEPS,
    SQ_COPY_SEQ_EVENTS,        SQ_COPY_SEQ_EVENT_PARTICIPANTS, SQ_COPY_SEQ_EVENT_REQUESTS, SQ_COPY_SEQ_EVENT_RUNS,
    SQ_COPY_SEQ_EVENT_NOTICES,
};

/* A primary key value kept between two statements: the text of a text
 * column is copied into buf, since the row it came from is gone once the
 * page's statement ends. */
typedef struct copy_key {
    store_val v[COPY_MAX_KEY];
    char buf[COPY_MAX_KEY][COPY_KEY_TEXT_MAX];
} copy_key;

/* The state of one table's copy, shared with the row callback. */
typedef struct copy_run {
    hk_store *to;
    const copy_table *t;
    int n_cols;                /* strlen(t->kinds) */
    int64_t done;              /* rows copied so far */
    copy_key last;             /* the key of the last row copied */
    int rc;                    /* the first failure of the callback; err says why */
    hk_err *err;
} copy_run;

/* Sets to->v[i] to the key value v, copying its text into to->buf. */
static int key_set(copy_key *to, int i, store_val v, hk_err *err)
{
    if (v.type != SV_TEXT) {
        to->v[i] = v;
        return 0;
    }
    size_t n = strlen(v.s);
    if (n >= COPY_KEY_TEXT_MAX)
        return hk_err_set(err, HK_EINTERNAL, "", "a primary key of %zu bytes is longer than copy allows (%d)", n,
                          COPY_KEY_TEXT_MAX - 1);
    memcpy(to->buf[i], v.s, n + 1);
    to->v[i] = sv_text(to->buf[i]);
    return 0;
}

/* Column c of a source row as a value for the destination, by kind. */
static store_val column(const store_row *r, int c, char kind)
{
    if (row_null(r, c))
        return sv_null();
    switch (kind) {
    case 'i': return sv_int(row_int(r, c));
    case 'r': return sv_double(row_double(r, c));
    case 'b': return sv_bool(row_bool(r, c));
    case '@': return sv_time(row_time(r, c));
    default: return sv_text(row_text(r, c));
    }
}

/* A country the destination already holds is skipped by the INSERT (ON
 * CONFLICT DO NOTHING); it must then be the same country, or the copy's
 * organisations and listings would silently change meaning. */
static int country_same(copy_run *c, const store_val *v)
{
    int rc = store__q(c->to, SQ_COPY_COUNTRY_SAME, v, c->n_cols, NULL, NULL, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(c->err, HK_ECONFLICT, "country",
                          "the destination already holds country %s with another status or other names than the "
                          "source; make the two equal (or copy into an empty store)",
                          v[0].s);
    return 0;
}

static int copy_row(const store_row *r, void *ctx)
{
    copy_run *c = ctx;
    store_val v[COPY_MAX_COLS];
    for (int i = 0; i < c->n_cols; i++)
        v[i] = column(r, i, c->t->kinds[i]);
    int rc = store__do(c->to, c->t->put, v, c->n_cols, c->err);
    if (!rc && c->t->put == SQ_COPY_COUNTRIES_PUT && c->to->changed == 0)
        rc = country_same(c, v);
    for (int i = 0; !rc && i < c->t->n_key; i++)
        rc = key_set(&c->last, i, v[i], c->err);
    if (rc) {
        c->rc = rc;
        return 1;
    }
    c->done++;
    return 0;
}

/* The number of parameters ?N in sql. */
static int count_params(const char *sql)
{
    int n = 0;
    for (const char *p = sql; (p = strchr(p, '?')) != NULL; p++)
        n++;
    return n;
}

static int copy_one_table(hk_store *from, hk_store *to, const copy_table *t, store_copy_progress_fn fn, void *ctx,
                          hk_err *err)
{
    copy_run c = {.to = to, .t = t, .n_cols = (int)strlen(t->kinds), .err = err};
    /* The kinds here and the column list in sql_copy.def are written
     * apart; a table whose two disagree is not copied at all. */
    const char *put = store__sql(to, t->put);
    if (c.n_cols > COPY_MAX_COLS || t->n_key < 1 || t->n_key > COPY_MAX_KEY || !put ||
        count_params(put) != c.n_cols)
        return hk_err_set(err, HK_EINTERNAL, "", "copying %s: its column kinds do not match its INSERT", t->name);
    int64_t total = 0;
    int rc = store__int(from, t->count, NOARGS, &total, err);
    if (rc < 0)
        return rc;
    if (fn)
        fn(t->name, 0, total, ctx);
    /* The first page starts below every key: ids are positive and no text
     * key is empty (CHECKs on iso2, scheme and code; consumer names are
     * 1..64 bytes). */
    for (int i = 0; i < t->n_key; i++)
        c.last.v[i] = t->kinds[i] == 't' ? sv_text("") : sv_int(INT64_MIN);
    for (;;) {
        /* The page's parameters are a copy of the last key: the callback
         * overwrites c.last while the statement still has these bound. */
        copy_key after = c.last;
        store_val p[1 + COPY_MAX_KEY];
        p[0] = sv_int(t->page_rows);
        for (int i = 0; i < t->n_key; i++)
            p[1 + i] = after.v[i].type == SV_TEXT ? sv_text(after.buf[i]) : after.v[i];
        int rows = store__q(from, t->page, p, 1 + t->n_key, copy_row, &c, err);
        if (rows < 0)
            return rows;
        if (c.rc)
            return c.rc;
        if (rows > 0 && fn)
            fn(t->name, c.done, total, ctx);
        if (rows < t->page_rows)
            break;
    }
    /* The count and the pages read one snapshot, so they agree; if they
     * do not, rows were skipped (a key read wrongly), and a copy that
     * lost rows must not commit. */
    if (c.done != total)
        return hk_err_set(err, HK_EINTERNAL, "", "copying %s: %lld rows copied, but the source holds %lld", t->name,
                          (long long)c.done, (long long)total);
    return 0;
}

/* The destination holds no records: every table but countries is empty.
 * This says more than store_get_stats (it also sees sessions, tokens,
 * notifications, labels, both logs and consumers), and the copy needs
 * exactly this, since it keeps every id. */
static int check_empty(hk_store *to, hk_err *err)
{
    for (size_t i = 0; i < N_TABLES; i++) {
        if (tables[i].put == SQ_COPY_COUNTRIES_PUT)
            continue;
        int64_t n = 0;
        int rc = store__int(to, tables[i].count, NOARGS, &n, err);
        if (rc < 0)
            return rc;
        if (n > 0)
            return hk_err_set(err, HK_ECONFLICT, "to",
                              "the destination is not empty: it holds %lld row%s of %s. Copy into a new SQLite "
                              "file or an empty PostgreSQL database, on which neither `hamkor init` nor a "
                              "server has run",
                              (long long)n, n == 1 ? "" : "s", tables[i].name);
    }
    return 0;
}

/* Everything that runs inside the destination's transaction, once the
 * destination is known to be empty: the source's transaction is opened
 * here, after that check, so that copying a SQLite file into itself is
 * refused at once instead of waiting for its own lock. */
static int copy_all(hk_store *from, hk_store *to, store_copy_progress_fn fn, void *ctx, hk_err *err)
{
    int rc = check_empty(to, err);
    if (rc)
        return rc;
    /* A caller that opened a transaction on the source already has its
     * snapshot; the copy reads inside it. */
    bool own_from = !from->in_tx;
    if (own_from && (rc = store_begin(from, err)))
        return rc;
    if (own_from)
        rc = store__do(from, SQ_COPY_SNAPSHOT, NOARGS, err);
    for (size_t i = 0; !rc && i < N_TABLES; i++)
        rc = copy_one_table(from, to, &tables[i], fn, ctx, err);
    /* Nothing was written to the source: ending its transaction either
     * way is the same, and a rollback cannot fail. */
    if (own_from)
        store_rollback(from);
    for (size_t i = 0; !rc && i < sizeof sequences / sizeof sequences[0]; i++)
        rc = store__do(to, sequences[i], NOARGS, err);
    return rc;
}

static int check_versions(hk_store *from, hk_store *to, hk_err *err)
{
    int vf = store_db_version(from), vt = store_db_version(to);
    if (vf < 0 || vt < 0)
        return hk_err_set(err, HK_EIO, vf < 0 ? "from" : "to", "cannot read the schema version of the %s",
                          vf < 0 ? "source" : "destination");
    if (vf != vt)
        return hk_err_set(err, HK_ECONFLICT, "to",
                          "the source has schema version %d and the destination %d; open both with the same "
                          "hamkor first, so that both are migrated to the same version",
                          vf, vt);
    return 0;
}

int store_copy(hk_store *from, hk_store *to, store_copy_progress_fn fn, void *ctx, hk_err *err)
{
    if (from == to)
        return hk_err_set(err, HK_EINVAL, "to", "a store cannot be copied into itself");
    int rc = check_versions(from, to, err);
    if (rc || (rc = store_begin(to, err)))
        return rc;
    rc = copy_all(from, to, fn, ctx, err);
    if (rc) {
        store_rollback(to);
        return rc;
    }
    return store_commit(to, err);
}
