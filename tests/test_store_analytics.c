/*
 * test_store_analytics.c - the analytics figures (store_analytics.c,
 * migration 14) against a small world whose every number is counted by
 * hand below: four listings in two months, three interests, two joint
 * projects (one financed), one match alert seen by two people, four
 * Action Plan measures, two 1:1 meeting requests (one accepted) and one
 * meeting placed at an event. Records are written through the store; their
 * dates are then set by raw SQL, which also exercises the triggers that
 * keep the listing counters. Runs on SQLite, and on PostgreSQL when
 * HAMKOR_TEST_PG is set (tests/run.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_analytics.h"
#include "store/store_project.h"
#include "store_fixture.h"
#include "store_raw.h"

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n"
                                "RU\tmember\tRussia\tРоссия\t俄罗斯\n";

typedef struct world {
    fx *f;
    int64_t uz, kz, cn, bank;
    int64_t uz_admin, kz_admin, cn_admin, fin;
    int64_t l1, l2, l3, l4, l5;
    int64_t i1, i2, i3;
    int64_t p1, p2;
} world;

static int64_t D0, D1; /* 2026-03-10 and 2026-04-20, noon UTC */

static void ok(int rc, const hk_err *err)
{
    if (rc)
        fail_msg("%s (%s)", err->msg, err->field);
}

static void sql(world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql(world *w, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (raw_exec(w->f->path, buf))
        fail_msg("raw SQL refused: %s", buf);
}

static const char *at(int64_t t)
{
    static char bufs[4][48];
    static int k;
    k = (k + 1) % 4;
    return raw_time(bufs[k], sizeof bufs[k], t);
}

static int64_t org(world *w, const char *iso2, const char *name, org_type type)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){.text = strdup(name), .lang = strdup("en"), .primary = true};
    o.n_names = 1;
    strcpy(o.country, iso2);
    o.type = type;
    o.size = SIZE_LARGE;
    hk_err err;
    ok(store_org_create(w->f->st, &o, 0, &err), &err);
    int64_t id = o.id;
    organisation_free(&o);
    return id;
}

static int64_t person(world *w, const char *email, user_role role, int64_t org_id)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone", .role = role};
    hk_err err;
    ok(store_user_create(w->f->st, &u, &err), &err);
    membership m = {.user_id = u.id, .org_id = org_id, .is_admin = true};
    ok(store_membership_put(w->f->st, &m, 0, &err), &err);
    return u.id;
}

static char **codes(const char *a)
{
    char **v = calloc(1, sizeof *v);
    v[0] = strdup(a);
    return v;
}

/* A listing of org_id published (or a draft) on day `on`, with an HS and
 * an ISIC code when given. */
static int64_t listing_at(world *w, int64_t org_id, listing_direction dir, listing_kind kind, const char *hs,
                          const char *isic, bool draft, int64_t on)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org_id;
    l.direction = dir;
    l.kind = kind;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){.lang = strdup("en"), .origin = ORIGIN_ORIGINAL, .title = strdup("A listing")};
    l.n_texts = 1;
    if (hs) {
        l.hs = codes(hs);
        l.n_hs = 1;
    }
    if (isic) {
        l.isic = codes(isic);
        l.n_isic = 1;
    }
    l.status = draft ? STATUS_DRAFT : STATUS_PUBLISHED;
    strcpy(l.expires, "2099-12-31");
    hk_err err;
    ok(store_listing_create(w->f->st, &l, 0, &err), &err);
    int64_t id = l.id;
    listing_free(&l);
    if (!draft)
        sql(w, "UPDATE listings SET published_at = %s WHERE id = %lld", at(on), (long long)id);
    return id;
}

static int64_t interest_at(world *w, int64_t listing_id, int64_t from_org, int64_t from_user, int64_t decider,
                           bool accept, int64_t on)
{
    interest i = {.listing_id = listing_id, .from_org_id = from_org, .from_user_id = from_user,
                  .offered = (char *)"machining", .sought = (char *)"castings", .why = (char *)"same corridor"};
    hk_err err;
    ok(store_interest_create(w->f->st, &i, &err), &err);
    if (accept)
        ok(store_interest_decide(w->f->st, i.id, EOI_ACCEPTED, decider, &err), &err);
    sql(w, "UPDATE interests SET created_at = %s WHERE id = %lld", at(on), (long long)i.id);
    return i.id;
}

static int64_t project_at(world *w, int64_t lead, int64_t other, double budget, const char *currency,
                          const char *state, int64_t on)
{
    project p;
    memset(&p, 0, sizeof p);
    p.sector = SECTOR_INDUSTRY;
    p.texts = calloc(1, sizeof *p.texts);
    p.texts[0] = (project_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Joint production"), NULL};
    p.n_texts = 1;
    p.partners = calloc(2, sizeof *p.partners);
    p.partners[0] = (project_partner){.org_id = lead, .role = PROLE_LEAD, .share_bp = 6000};
    p.partners[1] = (project_partner){.org_id = other, .role = PROLE_COPRODUCER, .share_bp = 4000};
    p.n_partners = 2;
    p.budget = budget;
    strcpy(p.currency, currency);
    hk_err err;
    ok(store_project_create(w->f->st, &p, w->uz_admin, &err), &err);
    int64_t id = p.id;
    project_free(&p);
    sql(w, "UPDATE projects SET state = '%s', created_at = %s WHERE id = %lld", state, at(on), (long long)id);
    return id;
}

static void build(world *w, fx *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    D0 = analytics_day_of("2026-03-10") * 86400 + 43200;
    D1 = analytics_day_of("2026-04-20") * 86400 + 43200;
    w->uz = org(w, "UZ", "Toshkent Mashinasozlik", ORG_ENTERPRISE);
    w->kz = org(w, "KZ", "Qaraghandy Steel", ORG_ENTERPRISE);
    w->cn = org(w, "CN", "Xi'an Precision Casting", ORG_ENTERPRISE);
    w->bank = org(w, "CN", "Asian Infrastructure Investment Bank", ORG_FINANCIAL);
    w->uz_admin = person(w, "admin@uz.example", ROLE_MEMBER, w->uz);
    w->kz_admin = person(w, "admin@kz.example", ROLE_MEMBER, w->kz);
    w->cn_admin = person(w, "admin@cn.example", ROLE_MEMBER, w->cn);
    w->fin = person(w, "credit@aiib.example", ROLE_FINANCIAL, w->bank);

    /* Listings: L1 (XV, C) and L3 (A) in March, L2 (XVII) and L5 (XV) in
     * April, L4 a draft that never counts. */
    w->l1 = listing_at(w, w->uz, DIR_OFFER, KIND_COPRODUCTION, "7604", "242", false, D0);
    w->l2 = listing_at(w, w->uz, DIR_REQUEST, KIND_SUPPLY, "8708", NULL, false, D1);
    w->l3 = listing_at(w, w->kz, DIR_OFFER, KIND_COPRODUCTION, NULL, "011", false, D0);
    w->l4 = listing_at(w, w->cn, DIR_OFFER, KIND_TECHNOLOGY, "8501", NULL, true, D0);
    w->l5 = listing_at(w, w->kz, DIR_REQUEST, KIND_COPRODUCTION, "7601", NULL, false, D1);
    hk_err err;
    ok(store_listing_set_status(w->f->st, w->l5, STATUS_CLOSED, NULL, 0, &err), &err); /* closed still counts */

    /* Interests: I1 KZ -> UZ accepted, I2 CN -> UZ pending (March), I3
     * UZ -> KZ accepted (April). */
    w->i1 = interest_at(w, w->l1, w->kz, w->kz_admin, w->uz_admin, true, D0);
    w->i2 = interest_at(w, w->l1, w->cn, w->cn_admin, w->uz_admin, false, D0);
    w->i3 = interest_at(w, w->l3, w->uz, w->uz_admin, w->kz_admin, true, D1);

    /* Projects: P1 UZ + KZ submitted in March, asked 1000 USD, 600 USD
     * approved in April; P2 UZ + CN a draft of April, 500 EUR. */
    w->p1 = project_at(w, w->uz, w->kz, 1000, "USD", "submitted", D0);
    w->p2 = project_at(w, w->uz, w->cn, 500, "EUR", "draft", D1);
    sql(w,
        "INSERT INTO project_submissions(project_id, institution_id, status, amount, currency, submitted_by, "
        "submitted_at, decided_by, decided_at) VALUES (%lld, %lld, 'approved', 600, 'USD', %lld, %s, %lld, %s)",
        (long long)w->p1, (long long)w->bank, (long long)w->uz_admin, at(D0), (long long)w->fin, at(D1));

    /* One match (L3 found for L1), alerted to two people: one pair. */
    for (int k = 0; k < 2; k++)
        sql(w,
            "INSERT INTO notifications(user_id, kind, listing_id, matched_listing_id, about_id, payload, created_at) "
            "VALUES (%lld, 'listing_match', %lld, %lld, %lld, '{}', %s)",
            (long long)(k ? w->uz_admin : w->kz_admin), (long long)w->l3, (long long)w->l1, (long long)w->l1,
            at(D0));

    /* Meetings: KZ asked UZ in March and UZ accepted; CN asked UZ in
     * April (pending); at the April Forum, CN's participant meets UZ's. */
    sql(w,
        "INSERT INTO partner_meetings(id, interest_id, listing_id, from_org_id, to_org_id, from_user_id, status, "
        "turn_org_id, round, place, video_url, starts, tz, minutes, starts_at, created_at, updated_at, version) "
        "VALUES (800, %lld, %lld, %lld, %lld, %lld, 'accepted', %lld, 1, 'Tashkent', '', '2026-03-20T10:00', "
        "'Asia/Tashkent', 60, %s, %s, %s, 1)",
        (long long)w->i1, (long long)w->l1, (long long)w->kz, (long long)w->uz, (long long)w->kz_admin,
        (long long)w->uz, at(D0 + 10 * 86400), at(D0), at(D0));
    sql(w,
        "INSERT INTO partner_meetings(id, interest_id, listing_id, from_org_id, to_org_id, from_user_id, status, "
        "turn_org_id, round, place, video_url, created_at, updated_at, version) "
        "VALUES (801, NULL, %lld, %lld, %lld, %lld, 'pending', %lld, 1, '', 'https://meet.example/x', %s, %s, 1)",
        (long long)w->l1, (long long)w->cn, (long long)w->uz, (long long)w->cn_admin, (long long)w->uz, at(D1),
        at(D1));
    sql(w,
        "INSERT INTO events(id, kind, tz, first_day, days, day_start, day_end, slot_minutes, tables, created_at, "
        "updated_at, version) VALUES (500, 'economic_forum', 'Asia/Tashkent', '2026-04-20', 1, '09:00', '12:00', "
        "30, 5, %s, %s, 1)",
        at(D0), at(D0));
    sql(w,
        "INSERT INTO event_participants(id, event_id, org_id, user_id, meeting_limit, auto_accept, avail, "
        "created_at, updated_at) VALUES (600, 500, %lld, %lld, 8, false, 63, %s, %s), (601, 500, %lld, %lld, 8, false, 63, "
        "%s, %s)",
        (long long)w->uz, (long long)w->uz_admin, at(D0), at(D0), (long long)w->cn, (long long)w->cn_admin, at(D0),
        at(D0));
    sql(w,
        "INSERT INTO event_requests(id, event_id, from_id, to_id, priority, status, created_at) "
        "VALUES (700, 500, 601, 600, 0, 'accepted', %s)",
        at(D0));
    sql(w, "INSERT INTO event_meetings(request_id, event_id, slot_start, table_no) VALUES (700, 500, %lld, 0)",
        (long long)D1);

    /* The plan: judged on 2026-06-01. */
    const char *ms[][4] = {{"A1", "2026-02-01", "done", "UZ,KZ"},
                           {"A2", "2026-03-01", "in_progress", "UZ"},
                           {"A3", "2026-12-01", "not_started", "UZ"},
                           {"A4", "2026-05-01", "dropped", "KZ"}};
    for (int k = 0; k < 4; k++) {
        sql(w,
            "INSERT INTO measures(id, code, deadline, status, created_at, updated_at, version) "
            "VALUES (%d, '%s', '%s', '%s', %s, %s, 1)",
            100 + k, ms[k][0], ms[k][1], ms[k][2], at(D0), at(D0));
        sql(w, "INSERT INTO measure_states(measure_id, pos, country) VALUES (%d, 0, '%.2s')", 100 + k, ms[k][3]);
        if (strlen(ms[k][3]) > 2)
            sql(w, "INSERT INTO measure_states(measure_id, pos, country) VALUES (%d, 1, '%.2s')", 100 + k,
                ms[k][3] + 3);
    }
}

static int setup(void **state)
{
    if (store_fixture_setup(state, "analytics", COUNTRIES))
        return -1;
    world *w = calloc(1, sizeof *w);
    build(w, *state);
    fx *f = *state;
    (void)f;
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    void *f = w->f;
    free(w);
    return store_fixture_teardown(&f);
}

/* ---- reading a figure ---- */

static analytics_table fig(world *w, analytics_figure figure, const char *from, const char *to, const char *state,
                           bool restricted)
{
    analytics_query q = {.figure = figure, .from_day = analytics_day_of(from), .to_day = analytics_day_of(to),
                         .restricted = restricted};
    snprintf(q.state, sizeof q.state, "%s", state);
    strcpy(q.today, "2026-06-01");
    analytics_table t;
    hk_err err;
    ok(store_analytics(w->f->st, &q, &t, &err), &err);
    return t;
}

/* The table as text, one line per row, cells joined by '|', amounts
 * with two decimals: easy to compare with the expectation. */
static char *text_of(const analytics_table *t)
{
    size_t cap = 4096, len = 0;
    char *s = calloc(1, cap);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const analytics_cell *x = &t->cells[r * t->n_cols + c];
            len += (size_t)snprintf(s + len, cap - len, c ? "|" : "");
            if (t->types[c] == AN_TEXT)
                len += (size_t)snprintf(s + len, cap - len, "%s", x->text);
            else if (t->types[c] == AN_INT)
                len += (size_t)snprintf(s + len, cap - len, "%lld", (long long)x->i);
            else
                len += (size_t)snprintf(s + len, cap - len, "%.2f", x->d);
        }
        len += (size_t)snprintf(s + len, cap - len, "\n");
    }
    return s;
}

static void expect(world *w, analytics_figure figure, const char *from, const char *to, const char *state,
                   bool restricted, const char *want)
{
    analytics_table t = fig(w, figure, from, to, state, restricted);
    char *got = text_of(&t);
    if (strcmp(got, want) != 0)
        fail_msg("%s %s..%s state '%s'%s:\nwant:\n%sgot:\n%s", analytics_figure_name(figure), from, to, state,
                 restricted ? " (restricted)" : "", want, got);
    free(got);
    analytics_table_free(&t);
}

#define YEAR "2026-01-01", "2026-12-31"

static void listings_by_kind_and_direction(void **state)
{
    world *w = *state;
    expect(w, AN_LISTINGS, YEAR, "", false,
           "KZ|coproduction|offer|1\nKZ|coproduction|request|1\nUZ|coproduction|offer|1\nUZ|supply|request|1\n");
    expect(w, AN_LISTINGS, "2026-04-01", "2026-12-31", "", false, "KZ|coproduction|request|1\nUZ|supply|request|1\n");
    expect(w, AN_LISTINGS, YEAR, "UZ", false, "UZ|coproduction|offer|1\nUZ|supply|request|1\n");
    expect(w, AN_LISTINGS, "2026-03-10", "2026-03-10", "", false, "KZ|coproduction|offer|1\nUZ|coproduction|offer|1\n");
    expect(w, AN_LISTINGS, "2025-01-01", "2025-12-31", "", false, "");
}

static void sectors_by_month(void **state)
{
    world *w = *state;
    expect(w, AN_SECTORS, YEAR, "", false,
           "2026-03|hs|XV|1\n2026-03|isic|A|1\n2026-03|isic|C|1\n2026-04|hs|XV|1\n2026-04|hs|XVII|1\n");
    expect(w, AN_SECTORS, YEAR, "KZ", false, "2026-03|isic|A|1\n2026-04|hs|XV|1\n");
}

/* The counters follow later changes: a listing moved to another day, a
 * first code replaced, an organisation moved to another state, a listing
 * published from draft. */
static void counters_follow_changes(void **state)
{
    world *w = *state;
    sql(w, "UPDATE listings SET published_at = %s WHERE id = %lld", at(D0), (long long)w->l2);
    expect(w, AN_SECTORS, YEAR, "UZ", false, "2026-03|hs|XV|1\n2026-03|hs|XVII|1\n2026-03|isic|C|1\n");
    sql(w, "UPDATE listing_codes SET code = '2701' WHERE listing_id = %lld AND scheme = 'hs'", (long long)w->l2);
    sql(w, "DELETE FROM listing_codes WHERE listing_id = %lld AND scheme = 'hs'", (long long)w->l2);
    sql(w, "INSERT INTO listing_codes(listing_id, scheme, pos, code) VALUES (%lld, 'hs', 0, '2701')",
        (long long)w->l2);
    expect(w, AN_SECTORS, YEAR, "UZ", false, "2026-03|hs|V|1\n2026-03|hs|XV|1\n2026-03|isic|C|1\n");
    sql(w, "UPDATE organisations SET country = 'RU' WHERE id = %lld", (long long)w->kz);
    expect(w, AN_LISTINGS, YEAR, "", false,
           "RU|coproduction|offer|1\nRU|coproduction|request|1\nUZ|coproduction|offer|1\nUZ|supply|request|1\n");
    expect(w, AN_SECTORS, YEAR, "RU", false, "2026-03|isic|A|1\n2026-04|hs|XV|1\n");
    hk_err err;
    ok(store_listing_set_status(w->f->st, w->l4, STATUS_PUBLISHED, NULL, 0, &err), &err);
    analytics_table t = fig(w, AN_LISTINGS, "2026-01-01", "9999-12-31", "CN", false);
    assert_int_equal(t.n_rows, 1);
    assert_int_equal(t.cells[3].i, 1);
    analytics_table_free(&t);
}

static void matches_count_each_pair_once(void **state)
{
    world *w = *state;
    expect(w, AN_MATCHES, YEAR, "", false, "KZ|1\nUZ|1\n");
    expect(w, AN_MATCHES, YEAR, "CN", false, "");
    expect(w, AN_MATCHES, "2026-04-01", "2026-12-31", "", false, "");
}

static void interests_sent_and_received(void **state)
{
    world *w = *state;
    expect(w, AN_INTERESTS, YEAR, "", false, "CN|1|0|0|0\nKZ|1|1|1|1\nUZ|1|1|2|1\n");
    expect(w, AN_INTERESTS, "2026-03-01", "2026-03-31", "UZ", false, "UZ|0|0|2|1\n");
}

static void projects_by_stage(void **state)
{
    world *w = *state;
    expect(w, AN_PROJECTS, YEAR, "", false, "KZ|submitted|1\nUZ|submitted|1\n");
    expect(w, AN_PROJECTS, YEAR, "", true, "CN|draft|1\nKZ|submitted|1\nUZ|draft|1\nUZ|submitted|1\n");
    expect(w, AN_PROJECTS, YEAR, "CN", true, "CN|draft|1\n");
}

static void financing_per_currency(void **state)
{
    world *w = *state;
    expect(w, AN_FINANCING, YEAR, "", true, "KZ|USD|1|1000.00|1|600.00\nUZ|USD|1|1000.00|1|600.00\n");
    /* Asked in March, approved in April. */
    expect(w, AN_FINANCING, "2026-03-01", "2026-03-31", "UZ", true, "UZ|USD|1|1000.00|0|0.00\n");
    expect(w, AN_FINANCING, "2026-04-01", "2026-04-30", "KZ", true, "KZ|USD|0|0.00|1|600.00\n");
}

static void the_matrix_is_symmetric(void **state)
{
    world *w = *state;
    /* meetings: KZ-UZ the accepted request, CN-UZ the meeting at the Forum;
     * financed: P1 (UZ and KZ) */
    expect(w, AN_MATRIX, YEAR, "", true,
           "CN|UZ|0|1|0|1|1|0\nKZ|UZ|1|2|2|1|1|1\nUZ|CN|0|1|0|1|1|0\nUZ|KZ|1|2|2|1|1|1\n");
    expect(w, AN_MATRIX, YEAR, "", false,
           "CN|UZ|0|1|0|1|0|0\nKZ|UZ|1|2|2|1|1|1\nUZ|CN|0|1|0|1|0|0\nUZ|KZ|1|2|2|1|1|1\n");
    expect(w, AN_MATRIX, YEAR, "KZ", true, "KZ|UZ|1|2|2|1|1|1\n");
    /* Created in March, approved in April: not financed within March. */
    expect(w, AN_MATRIX, "2026-03-01", "2026-03-31", "KZ", true, "KZ|UZ|1|1|1|1|1|0\n");
    expect(w, AN_MATRIX, "2026-04-01", "2026-04-30", "CN", true, "CN|UZ|0|0|0|1|1|0\n");
}

static void the_funnel_per_state(void **state)
{
    world *w = *state;
    expect(w, AN_FUNNEL, YEAR, "", true, "CN|0|1|0|1|1|0\nKZ|2|2|2|1|1|1\nUZ|2|3|2|2|2|1\n");
    expect(w, AN_FUNNEL, YEAR, "UZ", false, "UZ|2|3|2|2|1|1\n");
}

static void the_plan_completion_and_overdue(void **state)
{
    world *w = *state;
    expect(w, AN_PLAN, YEAR, "", false, "KZ|2|1|0|0|1|0|100.00\nUZ|3|1|1|1|0|1|33.33\n");
    expect(w, AN_PLAN, "2026-03-01", "2026-12-31", "UZ", false, "UZ|2|0|1|1|0|1|0.00\n");
}

/* A request counts in both organisations' states on the day it was made;
 * a meeting at an event in the month of its slot. The counters follow a
 * cancelled request, a moved meeting, a participant who leaves and the
 * scheduler's re-placing. */
static void meetings_requested_accepted_and_at_events(void **state)
{
    world *w = *state;
    expect(w, AN_MEETINGS, YEAR, "", false, "CN|1|0|1\nKZ|1|1|0\nUZ|2|1|1\n");
    expect(w, AN_MEETINGS, "2026-03-01", "2026-03-31", "", false, "KZ|1|1|0\nUZ|1|1|0\n");
    expect(w, AN_MEETINGS, "2026-04-01", "2026-04-30", "CN", false, "CN|1|0|1\n");
    expect(w, AN_MEETINGS, "2025-01-01", "2025-12-31", "", false, "");
    /* A request cancelled after it was accepted is no longer accepted. */
    sql(w, "UPDATE partner_meetings SET status = 'cancelled' WHERE id = 800");
    expect(w, AN_MEETINGS, YEAR, "KZ", false, "KZ|1|0|0\n");
    /* A meeting moved to May leaves April's count; CN's participant
     * leaving the Forum takes its meeting off. */
    sql(w, "UPDATE event_meetings SET slot_start = %lld WHERE request_id = 700", (long long)(D1 + 30 * 86400));
    expect(w, AN_MEETINGS, "2026-04-01", "2026-04-30", "CN", false, "CN|1|0|0\n");
    expect(w, AN_MEETINGS, "2026-05-01", "2026-05-31", "", false, "CN|0|0|1\nUZ|0|0|1\n");
    sql(w, "DELETE FROM event_participants WHERE id = 601");
    expect(w, AN_MEETINGS, YEAR, "", false, "CN|1|0|0\nKZ|1|0|0\nUZ|2|0|0\n");
    /* The scheduler's way: the event's meetings deleted, placed again. */
    sql(w,
        "INSERT INTO event_participants(id, event_id, org_id, user_id, meeting_limit, auto_accept, avail, "
        "created_at, updated_at) VALUES (602, 500, %lld, %lld, 8, false, 63, %s, %s)",
        (long long)w->kz, (long long)w->kz_admin, at(D0), at(D0));
    sql(w, "INSERT INTO event_requests(id, event_id, from_id, to_id, priority, status, created_at) "
           "VALUES (701, 500, 602, 600, 0, 'accepted', %s)", at(D0));
    sql(w, "INSERT INTO event_meetings(request_id, event_id, slot_start, table_no) VALUES (701, 500, %lld, 1)",
        (long long)D1);
    sql(w, "DELETE FROM event_meetings WHERE event_id = 500");
    sql(w, "INSERT INTO event_meetings(request_id, event_id, slot_start, table_no) VALUES (701, 500, %lld, 2)",
        (long long)D1);
    expect(w, AN_MEETINGS, "2026-04-01", "2026-04-30", "", false, "CN|1|0|0\nKZ|0|0|1\nUZ|1|0|1\n");
}

static void bad_queries_are_refused(void **state)
{
    world *w = *state;
    analytics_table t;
    hk_err err;
    analytics_query q = {.figure = AN_LISTINGS, .from_day = 10, .to_day = 5};
    assert_int_equal(store_analytics(w->f->st, &q, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "from");
    q = (analytics_query){.figure = AN_LISTINGS, .from_day = 0, .to_day = AN_DAY_MAX + 1};
    assert_int_equal(store_analytics(w->f->st, &q, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "to");
    q = (analytics_query){.figure = AN__COUNT, .to_day = 5};
    assert_int_equal(store_analytics(w->f->st, &q, &t, &err), HK_EINVAL);
    assert_string_equal(err.field, "figure");
    q = (analytics_query){.figure = AN_LISTINGS, .to_day = 5, .state = "ZZ"};
    assert_int_not_equal(store_analytics(w->f->st, &q, &t, &err), 0);
    assert_string_equal(err.field, "state");
    assert_int_equal(analytics_day_of("2026-02-30"), -1);
    assert_int_equal(analytics_day_of("1970-01-01"), 0);
    assert_int_equal(analytics_day_of("9999-12-31"), AN_DAY_MAX);
    char d[11];
    analytics_date_of(analytics_day_of("2024-02-29"), d);
    assert_string_equal(d, "2024-02-29");
    int64_t a = analytics_day_of("2026-02-14"), b = analytics_day_of("2026-12-05");
    analytics_whole_months(&a, &b);
    assert_int_equal(a, analytics_day_of("2026-02-01"));
    assert_int_equal(b, analytics_day_of("2026-12-31"));
    a = analytics_day_of("2024-02-29"), b = a;
    analytics_whole_months(&a, &b);
    assert_int_equal(b - a, 28);
    a = 0, b = AN_DAY_MAX;
    analytics_whole_months(&a, &b);
    assert_int_equal(a, 0);
    assert_int_equal(b, AN_DAY_MAX);
    assert_int_equal(analytics_figure_parse("matrix"), AN_MATRIX);
    assert_int_equal(analytics_figure_parse("meetings"), AN_MEETINGS);
    assert_int_equal(analytics_figure_parse("gdp"), -1);
    assert_true(analytics_figure_restricted(AN_FUNNEL));
    assert_false(analytics_figure_restricted(AN_LISTINGS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(listings_by_kind_and_direction, setup, teardown),
        cmocka_unit_test_setup_teardown(sectors_by_month, setup, teardown),
        cmocka_unit_test_setup_teardown(counters_follow_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(matches_count_each_pair_once, setup, teardown),
        cmocka_unit_test_setup_teardown(interests_sent_and_received, setup, teardown),
        cmocka_unit_test_setup_teardown(projects_by_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(financing_per_currency, setup, teardown),
        cmocka_unit_test_setup_teardown(the_matrix_is_symmetric, setup, teardown),
        cmocka_unit_test_setup_teardown(the_funnel_per_state, setup, teardown),
        cmocka_unit_test_setup_teardown(the_plan_completion_and_overdue, setup, teardown),
        cmocka_unit_test_setup_teardown(meetings_requested_accepted_and_at_events, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_queries_are_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
