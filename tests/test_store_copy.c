/*
 * test_store_copy.c - store_copy and `hamkor copy`: a whole store copied
 * into an empty one reads back the same through the store's API (every
 * record, user, session, token, notification, both logs), crossing
 * engines when the tests run on PostgreSQL; ids go on from where the
 * source left them; a destination that is not empty, or at another
 * schema version, is refused before anything is written; a copy that
 * fails half way leaves the destination as it was.
 *
 * The source is always a SQLite file, the second store comes from
 * store_fixture_path (PostgreSQL when HAMKOR_TEST_PG is set) and the
 * round trip ends in a SQLite file again, so the PostgreSQL pass copies
 * SQLite -> PostgreSQL -> SQLite. The last tests run the real binary
 * (build/hamkor, beside build/tests/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo/demo.h"
#include "model/model_json.h"
#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

/* Small enough to be quick on PostgreSQL, large enough that the bigger
 * child tables (listing codes, texts, targets) and both logs take more
 * than one page of the copy (2,000 rows), so the keyset paging on
 * composite keys is crossed several times. */
#define DEMO_ORGS 200
#define DEMO_LISTINGS 2200

static const char PW_HASH[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNo";

/* ---- stores ---- */

/* A fresh SQLite file name under /tmp (nothing there yet). */
static void temp_sqlite(char *path, size_t len, const char *tag)
{
    snprintf(path, len, "/tmp/hamkor-%s-XXXXXX", tag);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
}

static hk_store *open_empty(const char *path)
{
    hk_store *st = NULL;
    hk_err err;
    if (store_open(path, &st, &err))
        fail_msg("%s: %s", path, err.msg);
    return st;
}

/* Fails the test at the caller's line with the store's message when the
 * call does not return 0. */
#define CHECK(call, errp)                                           \
    do {                                                            \
        const hk_err *e_ = (errp);                                  \
        if ((call) != 0)                                            \
            fail_msg("%s: %s", e_->field, e_->msg);                 \
    } while (0)

/* ---- the source: the demo data at small scale, and everything else a
 * store holds, made through the store's API ---- */

typedef struct world {
    char path[STORE_FIXTURE_PATH_MAX];  /* the source, a SQLite file */
    hk_store *st;
    int64_t org1, org2;        /* two demo organisations */
    int64_t listing;           /* a listing of org1 in three languages */
    int64_t alice, bob, coord; /* admin of org1, member of org2, a coordinator */
    int64_t interest;          /* from org2 on listing, accepted, with messages */
    int64_t pmeet;             /* org2's meeting request on it: countered, then accepted */
    int64_t saved;             /* alice's saved search */
    int64_t token, revoked;    /* bob's API tokens */
} world;

static const char SESSION_A[] = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
static const char CSRF_A[] = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
static const char SESSION_B[] = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
static const char CSRF_B[] = "d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2";
static const char SESSION_C[] = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
static const char KEY_1[] = "0123456789abcdef";
static const char KEY_2[] = "fedcba9876543210";
static const char TOKEN_HASH[] = "e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3";

static int64_t make_user(hk_store *st, const char *email, const char *name, user_role role, const char *iso2)
{
    user u = {.email = (char *)email, .display_name = (char *)name, .password_hash = (char *)PW_HASH, .role = role};
    snprintf(u.country, sizeof u.country, "%s", iso2 ? iso2 : "");
    hk_err err;
    CHECK(store_user_create(st, &u, &err), &err);
    return u.id;
}

static void add_member(hk_store *st, int64_t user_id, int64_t org_id, bool admin)
{
    membership m = {.user_id = user_id, .org_id = org_id, .is_admin = admin};
    hk_err err;
    CHECK(store_membership_put(st, &m, 0, &err), &err);
}

/* A published listing of org_id with texts in Russian, English and
 * Chinese and n_codes HS codes (1..MODEL_MAX_LIST). */
static int64_t make_listing_codes(hk_store *st, int64_t org_id, size_t n_codes)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = org_id;
    l.direction = DIR_REQUEST;
    l.kind = KIND_SUBCONTRACTING;
    listing_text texts[3] = {
        {.lang = "ru", .origin = ORIGIN_ORIGINAL, .title = "Ищем литьё алюминия", .description = "До 500 т в год."},
        {.lang = "en", .origin = ORIGIN_MACHINE, .title = "Aluminium die casting wanted"},
        {.lang = "zh", .origin = ORIGIN_HUMAN, .title = "求购铝压铸件", .description = "每年最多500吨。"},
    };
    l.texts = texts;
    l.n_texts = 3;
    char codes[MODEL_MAX_LIST][7], *hs[MODEL_MAX_LIST];
    for (size_t i = 0; i < n_codes; i++) {
        snprintf(codes[i], sizeof codes[i], "%zu", i ? 7300 + i : 7616);
        hs[i] = codes[i];
    }
    l.hs = hs;
    l.n_hs = n_codes;
    quantity q = {.kind = QTY_QUANTITY, .amount = 512.25, .unit = "t", .period = "year"};
    l.quantities = &q;
    l.n_quantities = 1;
    char targets[2][3] = {"KZ", "CN"};
    l.targets = targets;
    l.n_targets = 2;
    /* The listing with many codes has a deadline too; the plain one, which
     * gets an interest decided at once, has none (answers to a listing
     * with a deadline are sealed until it). */
    if (n_codes > 1)
        strcpy(l.deadline, "2099-06-30");
    strcpy(l.expires, "2099-12-31");
    l.status = STATUS_PUBLISHED;
    hk_err err;
    CHECK(store_listing_create(st, &l, 0, &err), &err);
    return l.id;
}

static int64_t make_listing(hk_store *st, int64_t org_id)
{
    return make_listing_codes(st, org_id, 1);
}

static void make_world(world *w)
{
    memset(w, 0, sizeof *w);
    temp_sqlite(w->path, sizeof w->path, "copy-a");
    w->st = store_fixture_open(w->path, NULL);
    hk_store *st = w->st;
    hk_err err;

    demo_opts o;
    demo_opts_default(&o);
    o.n_orgs = DEMO_ORGS;
    o.n_listings = DEMO_LISTINGS;
    demo_result res;
    CHECK(demo_generate(st, &o, &res, &err), &err);
    w->org1 = 1;
    w->org2 = 2;
    w->listing = make_listing(st, w->org1);
    /* Listings of 25 codes each: the demo's listings have one to three,
     * and with them the pages of listing_codes happen to end at the last
     * code of a listing; with these, a later page ends inside one, where
     * a keyset that compared the listing id alone would lose rows. */
    for (int i = 0; i < 120; i++)
        make_listing_codes(st, w->org2, 25);

    w->alice = make_user(st, "alice@example.uz", "Алиса", ROLE_MEMBER, NULL);
    w->bob = make_user(st, "bob@example.kz", "Bob", ROLE_MEMBER, NULL);
    w->coord = make_user(st, "coord@example.cn", "协调员", ROLE_COORDINATOR, "CN");
    add_member(st, w->alice, w->org1, true);
    add_member(st, w->bob, w->org2, true);
    add_member(st, w->alice, w->org2, false);

    CHECK(store_session_create(st, SESSION_A, CSRF_A, w->alice, NULL, &err), &err);
    int64_t sb;
    CHECK(store_session_create(st, SESSION_B, CSRF_B, w->bob, &sb, &err), &err);
    CHECK(store_session_touch(st, sb, 2000000000, &err), &err);

    store_api_token t = {.user_id = w->bob, .name = "Bitrix24 export", .expires_at = 2100000000};
    memcpy(t.key_id, KEY_1, sizeof t.key_id);
    memcpy(t.hash, TOKEN_HASH, sizeof t.hash);
    CHECK(store_api_token_create(st, &t, &err), &err);
    w->token = t.id;
    CHECK(store_api_token_touch(st, t.id, 2000000100, &err), &err);
    store_api_token r = {.user_id = w->bob, .name = "old script"};
    memcpy(r.key_id, KEY_2, sizeof r.key_id);
    memcpy(r.hash, TOKEN_HASH, sizeof r.hash);
    CHECK(store_api_token_create(st, &r, &err), &err);
    w->revoked = r.id;
    CHECK(store_api_token_revoke(st, r.id, w->bob, &err), &err);

    /* An invitation to org1 and an email check of bob's, pending. */
    store_invitation inv;
    CHECK(store_invitation_send(st, w->org1, "newcomer@example.kz", true, w->alice, &inv, &err), &err);
    store_invitation_free(&inv);
    CHECK(store_email_check_start(st, w->bob, TOKEN_HASH, &err), &err);

    /* An interest of org2 on org1's listing: alice is told; deciding it
     * tells bob; each message tells the other side. */
    interest i = {.listing_id = w->listing, .from_org_id = w->org2, .from_user_id = w->bob,
                  .offered = "Литьё под давлением, 800 т в год.", .sought = "Заказ на 2027 год.",
                  .why = "Рядом, ISO 9001."};
    CHECK(store_interest_create(st, &i, &err), &err);
    w->interest = i.id;
    CHECK(store_interest_decide(st, i.id, EOI_ACCEPTED, w->alice, &err), &err);
    message m1 = {.interest_id = i.id, .author_id = w->bob, .body = "Образцы пришлём в четверг."};
    CHECK(store_message_add(st, &m1, &err), &err);
    message m2 = {.interest_id = i.id, .author_id = w->alice, .body = "谢谢, 星期四见。"};
    CHECK(store_message_add(st, &m2, &err), &err);
    /* A meeting request on it: two rounds, then accepted (migration 12). */
    pm_proposal pp = {.n_times = 2, .place = "Ташкент", .message = "Обсудим"};
    pp.times[0] = (pm_time){.starts = "2031-03-10T10:00", .tz = "Asia/Tashkent", .minutes = 60};
    pp.times[1] = (pm_time){.starts = "2031-03-11T10:00", .tz = "Asia/Tashkent", .minutes = 45};
    CHECK(store_pm_propose_on_interest(st, i.id, w->org2, w->bob, &pp, &w->pmeet, &err), &err);
    pm_proposal pc = {.n_times = 1, .video_url = "https://meet.example.org/x"};
    pc.times[0] = (pm_time){.starts = "2031-03-12T09:00", .tz = "Asia/Almaty", .minutes = 30};
    CHECK(store_pm_counter(st, w->pmeet, w->org1, w->alice, &pc, &err), &err);
    CHECK(store_pm_accept(st, w->pmeet, w->org2, w->bob, 1, &err), &err);

    store_saved_search s = {.user_id = w->alice, .name = "Литьё", .query = "литьё алюминия", .lang = "ru",
                            .filters = strdup("{\"country\":[\"KZ\",\"CN\"]}")};
    /* The store frees filters and puts its canonical form in their place. */
    CHECK(store_saved_search_create(st, &s, &err), &err);
    w->saved = s.id;
    free(s.filters);
    store_notification n = {.user_id = w->alice, .kind = NOTIFY_SAVED_SEARCH, .saved_search_id = w->saved,
                            .listing_id = 3, .payload = "{\"why\":\"saved search\"}"};
    CHECK(store_notification_add(st, &n, NULL, &err), &err);

    /* Some of alice's notifications read, some not. */
    store_notification *v = NULL;
    size_t nv = 0;
    CHECK(store_notifications_of_user(st, w->alice, 0, 100, &v, &nv, &err), &err);
    assert_true(nv >= 3);
    CHECK(store_notification_mark_read(st, v[0].id, w->alice, &err), &err);
    CHECK(store_notification_mark_read(st, v[2].id, w->alice, &err), &err);
    store_notifications_free(v, nv);

    store_dup_flag f = {.org_id = w->org1, .duplicate_of = w->org2, .flagged_by = w->bob, .note = "Тот же ИНН."};
    CHECK(store_dup_flag_create(st, &f, &err), &err);

    store_tax_label label = {.scheme = "hs", .code = "7616",
                             .label = {"Other articles of aluminium", "Прочие изделия из алюминия", "其他铝制品"},
                             .synonyms = {"aluminium castings|die castings", NULL, "铝铸件"}};
    CHECK(store_tax_label_put(st, &label, w->coord, &err), &err);

    int64_t last;
    CHECK(store_changes_last_seq(st, &last, &err), &err);
    CHECK(store_consumer_set(st, "alerts", last, &err), &err);
}

static void free_world(world *w)
{
    store_close(w->st);
    store_fixture_remove(w->path);
}

/* ---- everything a store says through its API, as text ----
 * Two stores hold the same data when these texts are equal. Each line
 * starts with what it describes, so that a difference names it. */

static void put_json(FILE *out, const char *what, json_t *j)
{
    char *s = model_json_dump(j);
    assert_non_null(s);
    fprintf(out, "%s %s\n", what, s);
    free(s);
    json_decref(j);
}

static int country_line(const country *c, void *ctx)
{
    put_json(ctx, "country", country_to_json(c));
    return 0;
}

static int org_line(const organisation *o, void *ctx)
{
    put_json(ctx, "organisation", organisation_to_json(o));
    return 0;
}

static int listing_line(const listing *l, void *ctx)
{
    put_json(ctx, "listing", listing_to_json(l));
    return 0;
}

static int audit_line(const audit_entry *a, void *ctx)
{
    fprintf(ctx, "audit %lld %lld %lld %s %s %lld %s\n", (long long)a->id, (long long)a->at, (long long)a->actor_id,
            a->action, a->entity, (long long)a->entity_id, a->detail ? a->detail : "NULL");
    return 0;
}

static int change_line(const store_change *c, void *ctx)
{
    fprintf(ctx, "change %lld %s %lld %s %lld\n", (long long)c->seq, c->entity, (long long)c->entity_id, c->op,
            (long long)c->at);
    return 0;
}

static int message_line(const message *m, void *ctx)
{
    put_json(ctx, "message", message_to_json(m));
    return 0;
}

static int label_line(const store_tax_label *r, void *ctx)
{
    fprintf(ctx, "label %s %s", r->scheme, r->code);
    for (int i = 0; i < STORE_TAX_LANGS; i++)
        fprintf(ctx, " [%s|%s]", r->label[i], r->synonyms[i] ? r->synonyms[i] : "NULL");
    fprintf(ctx, " %lld %lld\n", (long long)r->updated_at, (long long)r->updated_by);
    return 0;
}

static void describe_user(FILE *out, hk_store *st, int64_t id)
{
    hk_err err;
    user u;
    CHECK(store_user_get(st, id, &u, &err), &err);
    put_json(out, "user", user_to_json(&u));
    fprintf(out, "user %lld password %s\n", (long long)id, u.password_hash ? u.password_hash : "NULL");
    user_free(&u);
    membership *m = NULL;
    size_t n = 0;
    CHECK(store_memberships_of_user(st, id, &m, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "membership %lld %lld %d\n", (long long)m[i].user_id, (long long)m[i].org_id, m[i].is_admin);
    free(m);

    store_notification *v = NULL;
    CHECK(store_notifications_of_user(st, id, 0, STORE_NOTIFICATIONS_PAGE, &v, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "notification %lld user %lld kind %s ss %lld listing %lld interest %lld message %lld "
                     "matched %lld payload %s created %lld read %lld\n",
                (long long)v[i].id, (long long)v[i].user_id, store_notify_kind_name(v[i].kind),
                (long long)v[i].saved_search_id, (long long)v[i].listing_id, (long long)v[i].interest_id,
                (long long)v[i].message_id, (long long)v[i].matched_listing_id, v[i].payload,
                (long long)v[i].created_at, (long long)v[i].read_at);
    store_notifications_free(v, n);
    int64_t unread;
    CHECK(store_notifications_unread(st, id, &unread, &err), &err);
    fprintf(out, "unread %lld\n", (long long)unread);

    store_api_token *t = NULL;
    CHECK(store_api_tokens_of_user(st, id, &t, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "token %lld %s %s user %lld %s created %lld used %lld expires %lld revoked %lld\n",
                (long long)t[i].id, t[i].key_id, t[i].hash, (long long)t[i].user_id, t[i].name,
                (long long)t[i].created_at, (long long)t[i].last_used_at, (long long)t[i].expires_at,
                (long long)t[i].revoked_at);
    store_api_tokens_free(t, n);

    store_saved_search *s = NULL;
    CHECK(store_saved_searches_of_user(st, id, &s, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "saved %lld %lld %s %s %s %s %lld\n", (long long)s[i].id, (long long)s[i].user_id, s[i].name,
                s[i].query, s[i].lang ? s[i].lang : "NULL", s[i].filters ? s[i].filters : "NULL",
                (long long)s[i].created_at);
    store_saved_searches_free(s, n);
}

static void describe_session(FILE *out, hk_store *st, const char *hash)
{
    store_session s;
    hk_err err;
    CHECK(store_session_get(st, hash, &s, &err), &err);
    fprintf(out, "session %lld user %lld csrf %s created %lld seen %lld\n", (long long)s.id, (long long)s.user_id,
            s.csrf_hash, (long long)s.created_at, (long long)s.last_seen_at);
}

static void describe_token(FILE *out, hk_store *st, const char *key_id)
{
    store_api_token t;
    hk_err err;
    CHECK(store_api_token_get_by_key(st, key_id, &t, &err), &err);
    fprintf(out, "token by key %s: id %lld user %lld %s revoked %lld\n", key_id, (long long)t.id,
            (long long)t.user_id, t.name, (long long)t.revoked_at);
    store_api_token_free(&t);
}

/* Everything about the world's store st, in a malloc'd text. */
static char *describe(const world *w, hk_store *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    hk_err err;

    store_stats s;
    CHECK(store_get_stats(st, &s, &err), &err);
    fprintf(out, "stats %lld %lld %lld %lld %lld %lld %lld %lld %lld\n", (long long)s.countries,
            (long long)s.organisations, (long long)s.users, (long long)s.memberships, (long long)s.listings,
            (long long)s.listings_published, (long long)s.interests, (long long)s.messages,
            (long long)s.audit_entries);
    CHECK(store_country_each(st, country_line, out, &err), &err);
    CHECK(store_org_each(st, org_line, out, &err), &err);
    CHECK(store_listing_each(st, listing_line, out, &err), &err);

    int64_t users[] = {w->alice, w->bob, w->coord};
    for (size_t i = 0; i < 3; i++)
        describe_user(out, st, users[i]);
    describe_session(out, st, SESSION_A);
    describe_session(out, st, SESSION_B);
    describe_token(out, st, KEY_1);
    describe_token(out, st, KEY_2);

    interest in;
    CHECK(store_interest_get(st, w->interest, &in, &err), &err);
    put_json(out, "interest", interest_to_json(&in));
    interest_free(&in);
    CHECK(store_message_each(st, w->interest, message_line, out, &err), &err);
    partner_meeting pm;
    CHECK(store_pm_get(st, w->pmeet, &pm, &err), &err);
    fprintf(out, "partner_meeting %lld %s round %d %s %s %lld v%lld\n", (long long)pm.id, pm_status_name(pm.status),
            pm.round, pm.accepted.starts, pm.accepted.tz, (long long)pm.accepted.starts_at, (long long)pm.version);
    for (size_t k = 0; k < pm.n_steps; k++) {
        fprintf(out, "step %lld %s %d %lld %s %lld", (long long)pm.steps[k].id, pm_action_name(pm.steps[k].action),
                pm.steps[k].round, (long long)pm.steps[k].org_id, pm.steps[k].video_url, (long long)pm.steps[k].at);
        for (size_t t = 0; t < pm.steps[k].n_times; t++)
            fprintf(out, " %s/%s/%d", pm.steps[k].times[t].starts, pm.steps[k].times[t].tz,
                    pm.steps[k].times[t].minutes);
        fputc('\n', out);
    }
    partner_meeting_free(&pm);

    store_dup_flag *f = NULL;
    size_t n = 0;
    CHECK(store_dup_flags_list(st, 0, STORE_PAGE_MAX, &f, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "flag %lld %lld %lld %lld %s %lld\n", (long long)f[i].id, (long long)f[i].org_id,
                (long long)f[i].duplicate_of, (long long)f[i].flagged_by, f[i].note, (long long)f[i].created_at);
    store_dup_flags_free(f, n);
    CHECK(store_tax_label_each(st, label_line, out, &err), &err);

    /* The audit entries of records of each kind the world wrote. */
    static const char *const entities[] = {"organisation", "listing", "user", "api_token", "interest",
                                           "message", "taxonomy_label", "country", "partner_meeting"};
    int64_t ids[] = {w->org1, w->listing, w->alice, w->token, w->interest, 1, 0, 0, w->pmeet};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK(store_audit_each(st, entities[i], ids[i], audit_line, out, &err), &err);
    CHECK(store_audit_each(st, "organisation", DEMO_ORGS, audit_line, out, &err), &err);
    CHECK(store_audit_each(st, "listing", DEMO_LISTINGS, audit_line, out, &err), &err);

    int64_t seq, max_id;
    CHECK(store_changes_last_seq(st, &seq, &err), &err);
    fprintf(out, "changes_last_seq %lld\n", (long long)seq);
    CHECK(store_changes_since(st, 0, change_line, out, &err), &err);
    CHECK(store_consumer_get(st, "alerts", &seq, &err), &err);
    fprintf(out, "consumer alerts %lld\n", (long long)seq);
    CHECK(store_notifications_max_id(st, &max_id, &err), &err);
    fprintf(out, "notifications_max_id %lld\n", (long long)max_id);
    fclose(out);
    return text;
}

/* Fails naming the first line where the two descriptions differ. */
static void assert_same_store(const char *a, const char *b, const char *which)
{
    if (strcmp(a, b) == 0)
        return;
    size_t line = 1, i = 0, start = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '\n')
            line++, start = i + 1;
    fail_msg("%s: line %zu differs:\n  source: %.300s\n  copy:   %.300s", which, line, a + start, b + start);
}

/* ---- progress: what the callback was told ---- */

#define MAX_TABLES 96
typedef struct progress_log {
    char table[MAX_TABLES][32];
    int64_t first_done[MAX_TABLES], last_done[MAX_TABLES], total[MAX_TABLES];
    int calls[MAX_TABLES];
    int n;
    bool backwards;    /* done fell, exceeded total, or total changed within a table */
} progress_log;

static void record(const char *table, int64_t done, int64_t total, void *ctx)
{
    progress_log *p = ctx;
    if (p->n == 0 || strcmp(p->table[p->n - 1], table) != 0) {
        assert_true(p->n < MAX_TABLES);
        snprintf(p->table[p->n], sizeof p->table[0], "%s", table);
        p->first_done[p->n] = done;
        p->last_done[p->n] = -1;
        p->total[p->n] = total;
        p->n++;
    }
    int i = p->n - 1;
    if (done < p->last_done[i] || done > total || total != p->total[i])
        p->backwards = true;
    p->last_done[i] = done;
    p->calls[i]++;
}

static int64_t logged_total(const progress_log *p, const char *table)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->table[i], table) == 0)
            return p->total[i];
    fail_msg("no progress for %s", table);
    return -1;
}

/* ---- ids after the copy ---- */

static int64_t new_org(hk_store *st)
{
    organisation o;
    memset(&o, 0, sizeof o);
    org_name name = {.text = "Новый завод", .lang = "ru", .primary = true};
    o.names = &name;
    o.n_names = 1;
    strcpy(o.country, "KZ");
    o.type = ORG_ENTERPRISE;
    hk_err err;
    CHECK(store_org_create(st, &o, 0, &err), &err);
    return o.id;
}

/* A record written after the copy takes the id after the source's last,
 * in each table that hands out ids: the sequences were moved. */
static void new_records_get_fresh_ids(const world *w, hk_store *st)
{
    hk_err err;
    int64_t first, last_org, last_listing, last_seq, last_note;
    CHECK(store_org_id_range(w->st, &first, &last_org, &err), &err);
    CHECK(store_listing_id_range(w->st, &first, &last_listing, &err), &err);
    CHECK(store_changes_last_seq(w->st, &last_seq, &err), &err);
    CHECK(store_notifications_max_id(w->st, &last_note, &err), &err);

    int64_t org = new_org(st);
    assert_int_equal(org, last_org + 1);
    assert_int_equal(make_listing(st, org), last_listing + 1);
    int64_t seq;
    CHECK(store_changes_last_seq(st, &seq, &err), &err);
    assert_int_equal(seq, last_seq + 2);
    int64_t user_id = make_user(st, "new@example.kz", "New", ROLE_MEMBER, NULL);
    assert_int_equal(user_id, w->coord + 1);
    int64_t session;
    CHECK(store_session_create(st, SESSION_C, CSRF_A, user_id, &session, &err), &err);
    assert_true(session > 2);
    store_notification n = {.user_id = w->alice, .kind = NOTIFY_SAVED_SEARCH, .saved_search_id = w->saved,
                            .listing_id = 4, .payload = "{\"why\":\"after the copy\"}"};
    CHECK(store_notification_add(st, &n, NULL, &err), &err);
    assert_int_equal(n.id, last_note + 1);
    store_api_token t = {.user_id = user_id, .name = "new"};
    memcpy(t.key_id, "00000000000000aa", sizeof t.key_id);
    memcpy(t.hash, TOKEN_HASH, sizeof t.hash);
    CHECK(store_api_token_create(st, &t, &err), &err);
    assert_int_equal(t.id, w->revoked + 1);
}

/* ---- the tests ---- */

static const char *const TABLE_ORDER[] = {
    "countries", "organisations", "org_names", "org_codes", "capabilities", "certifications", "org_languages",
    "users", "memberships", "email_checks", "invitations", "listings", "listing_texts", "listing_codes", "listing_quantities", "listing_targets",
    "interests", "messages", "saved_searches", "notifications", "mail_prefs", "outbox", "sessions", "api_tokens", "duplicate_flags",
    "taxonomy_labels", "projects", "project_texts", "project_partners", "project_milestones", "project_interests",
    "project_signoffs", "project_endorsements", "project_documents", "project_submissions", "project_questions",
    "project_notices", "audit_log", "changes", "consumers", "meetings", "meeting_texts", "meeting_parties",
    "meeting_bodies", "meeting_delegates", "meeting_items", "meeting_item_texts", "meeting_item_access", "chair_terms",
    "initiatives", "initiative_texts", "initiative_history", "measures", "measure_texts", "measure_states",
    "measure_bodies", "measure_initiatives", "measure_meetings", "measure_notes", "measure_projects",
    "initiative_projects", "partner_meetings", "partner_meeting_steps", "partner_meeting_times",
    "events", "event_texts", "event_breaks", "event_participants",
    "event_participant_listings", "event_requests", "event_meetings", "event_runs", "event_notices"};

static void copy_there_and_back_reads_the_same_everywhere(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    char *source = describe(&w, w.st);

    char path_b[STORE_FIXTURE_PATH_MAX], path_c[STORE_FIXTURE_PATH_MAX];
    assert_int_equal(store_fixture_path(path_b, sizeof path_b, "copy-b"), 0);
    temp_sqlite(path_c, sizeof path_c, "copy-c");
    hk_store *b = open_empty(path_b), *c = open_empty(path_c);
    hk_err err;

    progress_log *p = calloc(1, sizeof *p);
    CHECK(store_copy(w.st, b, record, p, &err), &err);
    /* Every table in foreign key order, from 0 to its count, never back. */
    size_t n_tables = sizeof TABLE_ORDER / sizeof TABLE_ORDER[0];
    assert_int_equal(p->n, (int)n_tables);
    for (size_t i = 0; i < n_tables; i++) {
        assert_string_equal(p->table[i], TABLE_ORDER[i]);
        assert_int_equal(p->first_done[i], 0);
        assert_int_equal(p->last_done[i], p->total[i]);
    }
    assert_false(p->backwards);
    store_stats s;
    CHECK(store_get_stats(w.st, &s, &err), &err);
    assert_int_equal(logged_total(p, "listings"), s.listings);
    assert_int_equal(logged_total(p, "audit_log"), s.audit_entries);
    /* More than one page of 2,000 rows: one call at the start, one per page. */
    assert_true(logged_total(p, "listing_codes") > 6000);
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->table[i], "listing_codes"))
            assert_int_equal(p->calls[i], 1 + (int)((p->total[i] + 1999) / 2000));
    free(p);

    char *copy_b = describe(&w, b);
    assert_same_store(source, copy_b, "source -> second store");
    CHECK(store_copy(b, c, NULL, NULL, &err), &err);
    char *copy_c = describe(&w, c);
    assert_same_store(source, copy_c, "second store -> third store");

    new_records_get_fresh_ids(&w, b);
    new_records_get_fresh_ids(&w, c);

    free(copy_c);
    free(copy_b);
    free(source);
    store_close(c);
    store_close(b);
    store_fixture_remove(path_c);
    store_fixture_remove(path_b);
    free_world(&w);
}

/* A source of a few records: countries, one organisation, a listing. */
static void small_source(char *path, size_t len)
{
    temp_sqlite(path, len, "copy-src");
    hk_store *st = store_fixture_open(path, NULL);
    make_listing(st, new_org(st));
    store_close(st);
}

static store_stats stats_of(hk_store *st)
{
    store_stats s;
    hk_err err;
    CHECK(store_get_stats(st, &s, &err), &err);
    return s;
}

static void destination_holding_an_organisation_is_refused_and_unchanged(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    small_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-full"), 0);
    hk_store *from = open_empty(src), *to = store_fixture_open(dst, NULL);
    int64_t org = new_org(to);
    store_stats before = stats_of(to);

    hk_err err;
    assert_int_equal(store_copy(from, to, NULL, NULL, &err), HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "organisations"));
    store_stats after = stats_of(to);
    assert_memory_equal(&before, &after, sizeof before);
    organisation o;
    CHECK(store_org_get(to, org, &o, &err), &err);
    organisation_free(&o);

    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

static void destination_with_only_audit_rows_is_refused(void **state)
{
    (void)state;
    /* A store made by `hamkor init` holds countries and the audit entries
     * of their loading: ids the copy would need for the source's own. */
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    small_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-init"), 0);
    hk_store *from = open_empty(src), *to = store_fixture_open(dst, NULL);
    hk_err err;
    assert_int_equal(store_copy(from, to, NULL, NULL, &err), HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "audit_log"));
    assert_int_equal(stats_of(to).organisations, 0);
    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

static void destination_at_another_schema_version_is_refused_up_front(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    small_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-version"), 0);
    hk_store *from = open_empty(src), *to = open_empty(dst);
    /* What a newer hamkor would have left, written beside the open store
     * (store_open would refuse it, so it is written after). */
    assert_int_equal(raw_exec(dst, store_fixture_pg() ? "INSERT INTO schema_migrations(version, name, applied_at) "
                                                        "VALUES (999, 'x', now())"
                                                      : "PRAGMA user_version = 999"),
                     0);
    hk_err err;
    assert_int_equal(store_copy(from, to, NULL, NULL, &err), HK_ECONFLICT);
    assert_non_null(strstr(err.msg, "999"));
    assert_int_equal(raw_count(dst, "SELECT count(*) FROM countries"), 0);
    assert_int_equal(raw_count(dst, "SELECT count(*) FROM organisations"), 0);
    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

static void identical_countries_already_there_are_kept(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    small_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-same"), 0);
    hk_store *from = open_empty(src), *to = open_empty(dst);
    hk_err err;
    country kz;
    CHECK(store_country_get(from, "KZ", &kz, &err), &err);
    /* Countries written by hand: through the store they would bring audit
     * entries, and the destination would not be empty. */
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO countries VALUES ('KZ', 'member', '%s', '%s', '%s')", kz.name_en,
             kz.name_ru, kz.name_zh);
    country_free(&kz);
    assert_int_equal(raw_exec(dst, sql), 0);
    CHECK(store_copy(from, to, NULL, NULL, &err), &err);
    store_stats a = stats_of(from), b = stats_of(to);
    assert_memory_equal(&a, &b, sizeof a);
    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

static void a_country_that_differs_stops_the_copy_and_nothing_stays(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    small_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-differ"), 0);
    hk_store *from = open_empty(src), *to = open_empty(dst);
    /* UZ comes after most countries in iso2 order: those before it are
     * written before the difference is found, and must be rolled back. */
    assert_int_equal(raw_exec(dst, "INSERT INTO countries VALUES ('UZ', 'guest', 'Uzbekistan (old)', 'Узбекистан', "
                                   "'乌兹别克斯坦')"),
                     0);
    hk_err err;
    assert_int_equal(store_copy(from, to, NULL, NULL, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "country");
    assert_non_null(strstr(err.msg, "UZ"));
    assert_int_equal(raw_count(dst, "SELECT count(*) FROM countries"), 1);
    country uz;
    CHECK(store_country_get(to, "UZ", &uz, &err), &err);
    assert_string_equal(uz.name_en, "Uzbekistan (old)");
    country_free(&uz);
    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

/* A source whose last tables hold a row the destination refuses: a
 * duplicate flag by a user who does not exist, written with SQLite's
 * foreign keys off (the store would never write it). */
static void broken_source(char *path, size_t len)
{
    small_source(path, len);
    hk_store *st = open_empty(path);
    int64_t other = new_org(st); /* the flag needs two organisations (a CHECK) */
    store_close(st);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO duplicate_flags(id, org_id, duplicate_of, flagged_by, note, created_at) "
             "VALUES (1, 1, %lld, 999, 'x', 1700000000)",
             (long long)other);
    assert_int_equal(raw_exec(path, sql), 0);
}

static void a_copy_that_fails_half_way_leaves_the_destination_as_it_was(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    broken_source(src, sizeof src);
    assert_int_equal(store_fixture_path(dst, sizeof dst, "copy-half"), 0);
    hk_store *from = open_empty(src), *to = open_empty(dst);
    progress_log *p = calloc(1, sizeof *p);
    hk_err err;
    assert_int_equal(store_copy(from, to, record, p, &err), HK_EINVAL);
    assert_non_null(strstr(err.msg, "duplicate_flags"));
    /* It got as far as the duplicate flags: organisations, listings,
     * users, sessions and the rest were written, then rolled back. */
    assert_string_equal(p->table[p->n - 1], "duplicate_flags");
    free(p);
    static const char *const tables[] = {"countries", "organisations", "listings", "listing_texts", "audit_log",
                                         "changes", "duplicate_flags"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(raw_count(dst, sql), 0);
    }
    /* The destination still works, and a good copy goes in afterwards. */
    store_close(from);
    store_fixture_remove(src);
    small_source(src, sizeof src);
    from = open_empty(src);
    CHECK(store_copy(from, to, NULL, NULL, &err), &err);
    assert_int_equal(stats_of(to).listings, 1);
    store_close(to);
    store_close(from);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

/* ---- the command ---- */

/* build/tests/test_store_copy -> build/hamkor */
static void hamkor_path(char *out, size_t len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    snprintf(out, len, "%s/hamkor", dirname(dirname(self)));
}

/* Runs build/hamkor with args (NULL-terminated), its standard output into
 * out_path (or nowhere); returns its exit status. */
static int run_hamkor(const char *out_path, const char *const *args)
{
    char bin[PATH_MAX];
    hamkor_path(bin, sizeof bin);
    const char *argv[16] = {bin};
    size_t n = 1;
    for (; args[n - 1] && n < 15; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_WRONLY);
        if (fd < 0 || null < 0 || dup2(fd, 1) < 0 || dup2(null, 2) < 0)
            _exit(126);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *buf = calloc(1, 4096);
    size_t n = fread(buf, 1, 4095, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void hamkor_copy_copies_a_file_into_a_new_file(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX], out1[STORE_FIXTURE_PATH_MAX + 8],
        out2[STORE_FIXTURE_PATH_MAX + 8];
    small_source(src, sizeof src);
    temp_sqlite(dst, sizeof dst, "copy-cli");
    snprintf(out1, sizeof out1, "%s.stats", src);
    snprintf(out2, sizeof out2, "%s.stats", dst);
    assert_int_equal(run_hamkor(NULL, (const char *[]){"copy", "--from", src, "--to", dst, NULL}), 0);
    assert_int_equal(run_hamkor(out1, (const char *[]){"stats", "--db", src, NULL}), 0);
    assert_int_equal(run_hamkor(out2, (const char *[]){"stats", "--db", dst, NULL}), 0);
    char *a = read_all(out1), *b = read_all(out2);
    assert_non_null(strstr(a, "organisations: 1"));
    assert_string_equal(a, b);
    free(a);
    free(b);
    unlink(out1);
    unlink(out2);
    store_fixture_remove(dst);
    store_fixture_remove(src);
}

static void hamkor_copy_without_to_is_a_usage_error(void **state)
{
    (void)state;
    assert_int_equal(run_hamkor(NULL, (const char *[]){"copy", "--from", "/tmp/x.db", NULL}), 2);
    assert_int_equal(run_hamkor(NULL, (const char *[]){"copy", "--from", "a", "--to", "b", "extra", NULL}), 2);
}

static void hamkor_copy_from_a_missing_file_fails_and_creates_nothing(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    temp_sqlite(src, sizeof src, "copy-missing");
    temp_sqlite(dst, sizeof dst, "copy-nodst");
    assert_int_equal(run_hamkor(NULL, (const char *[]){"copy", "--from", src, "--to", dst, NULL}), 1);
    assert_int_equal(access(src, F_OK), -1);
    assert_int_equal(access(dst, F_OK), -1);
}

static void hamkor_copy_that_fails_removes_the_file_it_made(void **state)
{
    (void)state;
    char src[STORE_FIXTURE_PATH_MAX], dst[STORE_FIXTURE_PATH_MAX];
    broken_source(src, sizeof src);
    temp_sqlite(dst, sizeof dst, "copy-undo");
    assert_int_equal(run_hamkor(NULL, (const char *[]){"copy", "--from", src, "--to", dst, NULL}), 1);
    assert_int_equal(access(dst, F_OK), -1);
    store_fixture_remove(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_there_and_back_reads_the_same_everywhere),
        cmocka_unit_test(destination_holding_an_organisation_is_refused_and_unchanged),
        cmocka_unit_test(destination_with_only_audit_rows_is_refused),
        cmocka_unit_test(destination_at_another_schema_version_is_refused_up_front),
        cmocka_unit_test(identical_countries_already_there_are_kept),
        cmocka_unit_test(a_country_that_differs_stops_the_copy_and_nothing_stays),
        cmocka_unit_test(a_copy_that_fails_half_way_leaves_the_destination_as_it_was),
        cmocka_unit_test(hamkor_copy_copies_a_file_into_a_new_file),
        cmocka_unit_test(hamkor_copy_without_to_is_a_usage_error),
        cmocka_unit_test(hamkor_copy_from_a_missing_file_fails_and_creates_nothing),
        cmocka_unit_test(hamkor_copy_that_fails_removes_the_file_it_made),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
