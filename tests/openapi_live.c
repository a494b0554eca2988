/*
 * openapi_live.c - the live server of tests/test_openapi.c (see
 * openapi_live.h): seeding the store, signing the actors in, making
 * fresh records for writes, building requests from the document, calling
 * as an actor, and checking answers against the document.
 *
 * Seeding happens before the server starts, so that its index holds the
 * seeded listings; fresh records are made later through the test's own
 * store handle (the server reads them from the store, which is all the
 * write routes need).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/auth.h"
#include "model/model_json.h"
#include "openapi_live.h"
#include "store/store_event.h"
#include "store/store_project.h"
#include "store_fixture.h"
#include "openapi_schema.h"

/* The actors' names in x-hamkor-auth, in the order of the enum. */
static const char *const actor_names[ACT__COUNT] = {"visitor",     "user",      "admin", "other",
                                                    "secretariat", "coordinator", "financial", "fresh"};

/* The seeds x-hamkor-seed may name. */
static const char *const seed_names[] = {"listing", "draft",  "organisation", "interest", "notification",
                                         "saved_search", "token", "member", "country", "hs_code", "isic_code",
                                         "invitation",
                                         "project", "project_draft", "project_signed_off", "project_endorsed",
                                         "project_approved", "project_implementation", "project_finishing",
                                         "project_document", "submission", "project_notice", "milestone",
                                         "meeting", "initiative", "measure", "chair_term", "accepted_interest",
                                         "partner_meeting", "partner_meeting_accepted",
                                         "event", "event_participant", "event_request", "event_notice"};

/* The users the seeds and the examples need. Every one has the password
 * LIVE_PASSWORD. The signIn example signs in as Dilnoza; the
 * addOrganisationMember example adds Nodira, who must be in no
 * organisation of the seeds. */
typedef struct seed_user {
    actor who;                 /* the actor this user plays, or ACT_VISITOR for none */
    const char *email, *name;
    user_role role;
    int org;                   /* 0 none, 1 the first organisation, 2 the second, 3 the bank */
    bool admin;
} seed_user;

static const seed_user seed_users[] = {
    {ACT_ADMIN, "farhod.tursunov@quyma.example.uz", "Фарҳод Турсунов", ROLE_MEMBER, 1, true},
    {ACT_USER, "malika.rashidova@quyma.example.uz", "Малика Рашидова", ROLE_MEMBER, 1, false},
    {ACT_OTHER, "yerlan.abenov@almaty-mash.example.kz", "Ерлан Абенов", ROLE_MEMBER, 2, true},
    {ACT_SECRETARIAT, "desk@secretariat.sco.example.org", "SCO Secretariat desk", ROLE_SECRETARIAT, 0, false},
    {ACT_COORDINATOR, "coordinator@mininvest.example.uz", "Шерзод Каримов", ROLE_COORDINATOR, 0, false},
    {ACT_FINANCIAL, "credit@aiib.example.org", "Li Wei", ROLE_FINANCIAL, 3, false},
    {ACT_VISITOR, "dilnoza.karimova@quyma.example.uz", "Дилноза Каримова", ROLE_MEMBER, 1, false},
    {ACT_VISITOR, "nodira.yusupova@quyma.example.uz", "Нодира Юсупова", ROLE_MEMBER, 0, false},
};

int op_actor(const op *o)
{
    const char *a = ystr(o->node, "x-hamkor-auth");
    if (!a)
        return ACT_VISITOR;
    for (int i = ACT_USER; i < ACT__COUNT; i++)
        if (!strcmp(a, actor_names[i]))
            return i;
    return -1;
}

const char *actor_name(actor a) { return a < ACT__COUNT ? actor_names[a] : "?"; }

bool seed_known(const char *name)
{
    for (size_t i = 0; name && i < sizeof seed_names / sizeof seed_names[0]; i++)
        if (!strcmp(name, seed_names[i]))
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Seeding                                                             */
/* ------------------------------------------------------------------ */

/* Two organisations in two states, an offer and a request of the same HS
 * heading, so that search, matches and every optional member of the
 * schemas have something to show; then the users, an interest with a
 * message and a notification, a saved search, a token, a duplicate
 * report. Each maker answers 0 (and says why on stderr) when the store
 * refuses. */

static char **strs(size_t n, ...)
{
    char **a = calloc(n, sizeof *a);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        a[i] = strdup(va_arg(ap, const char *));
    va_end(ap);
    return a;
}

static int64_t seed_org(hk_store *st, const char *name, const char *lang, const char *iso2, const char *city,
                        double lat, double lon)
{
    organisation o;
    memset(&o, 0, sizeof o);
    hk_err err;
    o.n_names = 2;
    o.names = calloc(2, sizeof *o.names);
    o.names[0] = (org_name){strdup(name), strdup(lang), true};
    o.names[1] = (org_name){strdup("Casting Works"), strdup("en"), false};
    memcpy(o.country, iso2, 3);
    o.city = strdup(city);
    o.lat = lat;
    o.lon = lon;
    o.has_coords = true;
    o.registry_scheme = strdup("STIR");
    o.registry_id = strdup("301234567");
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_MEDIUM;
    o.sme = true;
    o.n_isic = 1;
    o.isic = strs(1, "2432");
    o.n_hs = 1;
    o.hs = strs(1, "7616");
    o.n_capabilities = 1;
    o.capabilities = calloc(1, sizeof *o.capabilities);
    o.capabilities[0] = (capability){CAP_PROCESS, strdup("high-pressure aluminium die casting"), 1200,
                                     strdup("t/year")};
    o.n_certifications = 1;
    o.certifications = calloc(1, sizeof *o.certifications);
    o.certifications[0] = (certification){strdup("ISO 9001:2015"), strdup("die casting"), "2024-01-15", "2027-01-14"};
    o.n_languages = 2;
    o.languages = strs(2, lang, "ru");
    o.website = strdup("https://example.org/casting");
    int64_t id = 0;
    if (store_org_create(st, &o, 0, &err))
        fprintf(stderr, "seeding organisation: %s: %s\n", err.field, err.msg);
    else
        id = o.id;
    organisation_free(&o);
    return id;
}


static int64_t seed_listing(hk_store *st, int64_t org, listing_direction dir, const char *lang, const char *title,
                            const char *deadline, bool publish)
{
    listing l;
    memset(&l, 0, sizeof l);
    hk_err err;
    l.org_id = org;
    l.direction = dir;
    l.kind = KIND_SUPPLY;
    l.n_texts = 2;
    l.texts = calloc(2, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup(lang), ORIGIN_ORIGINAL, strdup(title), strdup("Отливки под давлением, АК12")};
    l.texts[1] = (listing_text){strdup("en"), ORIGIN_MACHINE, strdup("Aluminium die castings"), NULL};
    l.n_hs = 1;
    l.hs = strs(1, "7616");
    l.n_isic = 1;
    l.isic = strs(1, "2432");
    l.n_quantities = 1;
    l.quantities = calloc(1, sizeof *l.quantities);
    l.quantities[0] = (quantity){QTY_CAPACITY, 1200, strdup("t"), strdup("year")};
    l.n_targets = 1;
    l.targets = calloc(1, sizeof *l.targets);
    memcpy(l.targets[0], dir == DIR_OFFER ? "KZ" : "UZ", 3);
    if (deadline)
        snprintf(l.deadline, sizeof l.deadline, "%s", deadline);
    memcpy(l.expires, "2099-12-31", 11);
    int64_t id = 0;
    if (store_listing_create(st, &l, 0, &err) ||
        (publish && store_listing_set_status(st, l.id, STATUS_PUBLISHED, NULL, 0, &err)))
        fprintf(stderr, "seeding listing: %s: %s\n", err.field, err.msg);
    else
        id = l.id;
    listing_free(&l);
    return id;
}

/* A user with LIVE_PASSWORD (hashed at the cheapest cost), a member of
 * org when org is not 0. */
static int64_t seed_user_make(hk_store *st, const char *email, const char *name, user_role role, int64_t org,
                              bool admin)
{
    hk_err err;
    char hash[AUTH_PWHASH_STRBYTES];
    auth_pwhash_params fast = auth_pwhash_fast();
    if (auth_password_hash(&fast, LIVE_PASSWORD, hash, &err)) {
        fprintf(stderr, "hashing: %s\n", err.msg);
        return 0;
    }
    user u;
    memset(&u, 0, sizeof u);
    u.email = (char *)email;
    u.display_name = (char *)name;
    u.password_hash = hash;
    u.role = role;
    /* The coordinators of the seeds: UZ's plays the actor, KZ's endorses. */
    if (role == ROLE_COORDINATOR)
        memcpy(u.country, strstr(email, ".kz") ? "KZ" : "UZ", 3);
    if (store_user_create(st, &u, &err)) {
        fprintf(stderr, "seeding user %s: %s: %s\n", email, err.field, err.msg);
        return 0;
    }
    membership m = {.user_id = u.id, .org_id = org, .is_admin = admin};
    if (org && store_membership_put(st, &m, 0, &err)) {
        fprintf(stderr, "seeding the membership of %s: %s: %s\n", email, err.field, err.msg);
        return 0;
    }
    return u.id;
}

/* An interest of org2 (sent by its member) on listing_id. */
static int64_t seed_interest(server *s, int64_t listing_id)
{
    interest i;
    memset(&i, 0, sizeof i);
    i.listing_id = listing_id;
    i.from_org_id = s->seed.org2;
    i.from_user_id = s->user[ACT_OTHER];
    i.offered = (char *)"Механообработка отливок на станках с ЧПУ, до 20 000 деталей в год.";
    i.sought = (char *)"Алюминиевые отливки под давлением для корпусов насосов.";
    i.why = (char *)"800 км по железной дороге; ISO 9001 у обеих сторон.";
    hk_err err;
    if (store_interest_create(s->st, &i, &err)) {
        fprintf(stderr, "seeding interest: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return i.id;
}

/* The newest notification of user_id, or 0. */
static int64_t newest_notification(server *s, int64_t user_id)
{
    store_notification *v = NULL;
    size_t n = 0;
    hk_err err;
    int64_t id = 0;
    if (store_notifications_of_user(s->st, user_id, 0, 1, &v, &n, &err) == 0 && n == 1)
        id = v[0].id;
    store_notifications_free(v, n);
    return id;
}

static int64_t seed_saved_search(server *s, int64_t user_id)
{
    char name[64];
    snprintf(name, sizeof name, "Литьё алюминия %d", ++s->serial);
    store_saved_search ss = {.user_id = user_id, .name = name, .query = (char *)"литьё алюминия",
                             .lang = (char *)"ru"};
    hk_err err;
    if (store_saved_search_create(s->st, &ss, &err)) {
        fprintf(stderr, "seeding saved search: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return ss.id;
}

/* An API token of user_id. Its hash is made with a key of its own: the
 * token is listed and revoked, never used to sign in. */
static int64_t seed_token(server *s, int64_t user_id)
{
    auth_key key;
    auth_key_generate(&key);
    auth_api_token tok;
    auth_api_token_new(&key, &tok);
    store_api_token t;
    memset(&t, 0, sizeof t);
    memcpy(t.key_id, tok.id, sizeof t.key_id);
    memcpy(t.hash, tok.hash, sizeof t.hash);
    t.user_id = user_id;
    t.name = (char *)"Bitrix24 export";
    hk_err err;
    if (store_api_token_create(s->st, &t, &err)) {
        fprintf(stderr, "seeding token: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return t.id;
}

/* A project of org (lead, 60 %) and org2 with one milestone, moved along
 * the chain to state (submitted: to the bank, pending, with a confidential
 * document; approved: submitted and approved; finishing: in
 * implementation with its milestone done). Remembers it and its
 * submission in s->last_*. 0 when the store refused. */
typedef enum { SP_DRAFT, SP_SIGNED_OFF, SP_ENDORSED, SP_SUBMITTED, SP_APPROVED, SP_IMPLEMENTATION, SP_FINISHING } sp_state;

static int64_t seed_project(server *s, sp_state target, int64_t creator)
{
    hk_err err;
    project p;
    memset(&p, 0, sizeof p);
    p.sector = SECTOR_ENERGY;
    p.texts = calloc(2, sizeof *p.texts);
    p.texts[0] = (project_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Солнечная электростанция 50 МВт в Навои"),
                                strdup("Совместное производство и монтаж панелей.")};
    p.texts[1] = (project_text){strdup("en"), ORIGIN_MACHINE, strdup("50 MW solar power plant in Navoi"), NULL};
    p.n_texts = 2;
    p.partners = calloc(2, sizeof *p.partners);
    p.partners[0] = (project_partner){.org_id = s->seed.org, .role = PROLE_LEAD, .share_bp = 6000, .money = 4e6,
                                      .currency = "USD"};
    p.partners[1] = (project_partner){.org_id = s->seed.org2, .role = PROLE_COPRODUCER, .share_bp = 4000,
                                      .in_kind = strdup("Mounting structures")};
    p.n_partners = 2;
    p.milestones = calloc(1, sizeof *p.milestones);
    p.milestones[0] = (project_milestone){.title = strdup("Site prepared"), .due = "2027-03-31"};
    p.n_milestones = 1;
    p.budget = 24e6;
    memcpy(p.currency, "USD", 4);
    int rc = store_project_create(s->st, &p, creator, &err);
    int64_t id = p.id;
    project_free(&p);
    s->last_project = id;
    s->last_submission = s->last_document = 0;
    const char *step = "create";
    if (rc || target == SP_DRAFT)
        goto done;
    step = "sign-off";
    if ((rc = store_project_signoff(s->st, id, s->seed.org, 1, s->user[ACT_ADMIN], &err)) ||
        (rc = store_project_signoff(s->st, id, s->seed.org2, 1, s->user[ACT_OTHER], &err)) ||
        target == SP_SIGNED_OFF)
        goto done;
    step = "endorse";
    if ((rc = store_project_endorse(s->st, id, 0, s->user[ACT_COORDINATOR], &err)) ||
        (rc = store_project_endorse(s->st, id, 0, s->seed.coordinator_kz, &err)) || target == SP_ENDORSED)
        goto done;
    step = "submit";
    if ((rc = store_project_submit(s->st, id, &s->seed.bank, 1, 0, s->user[ACT_ADMIN], &err)))
        goto done;
    project_submission *v;
    size_t n;
    if ((rc = store_project_submissions(s->st, id, &v, &n, &err)) || n != 1)
        goto done;
    s->last_submission = v[0].id;
    project_submissions_free(v, n);
    static const char pdf[] = "%PDF-1.7\n%\xc3\xa4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    project_document d = {.project_id = id, .name = (char *)"feasibility-study.pdf",
                          .content_type = (char *)"application/pdf", .confidential = true};
    step = "document";
    if ((rc = store_project_doc_add(s->st, &d, pdf, sizeof pdf - 1, s->user[ACT_USER], NULL, &err)))
        goto done;
    s->last_document = d.id;
    if (target == SP_SUBMITTED)
        goto done;
    step = "decide";
    if ((rc = store_project_decide(s->st, s->last_submission, SUB_APPROVED, 18e6, "USD", NULL,
                                   s->user[ACT_FINANCIAL], &err)) ||
        target == SP_APPROVED)
        goto done;
    step = "start";
    if ((rc = store_project_start(s->st, id, 0, s->user[ACT_ADMIN], &err)) || target == SP_IMPLEMENTATION)
        goto done;
    step = "milestone";
    rc = store_project_milestone_report(s->st, id, 0, MS_DONE, "Акт приёмки", s->user[ACT_USER], &err);
done:
    if (rc) {
        fprintf(stderr, "seeding a project (%s): %s: %s\n", step, err.field, err.msg);
        return 0;
    }
    return id;
}

/* The newest project notice of user_id, or 0. */
static int64_t newest_project_notice(server *s, int64_t user_id)
{
    project_notice *v = NULL;
    size_t n = 0;
    hk_err err;
    int64_t id = 0;
    if (store_project_notices(s->st, user_id, 0, 1, &v, &n, &err) == 0 && n == 1)
        id = v[0].id;
    project_notices_free(v, n);
    return id;
}

/* ---- the coordination mechanism's records ---- */

static int64_t seed_meeting(server *s)
{
    coord_text t = {(char *)"ru", ORIGIN_ORIGINAL, (char *)"Совещание экспертов по промышленной кооперации", NULL};
    meeting m = {.type = MEET_EXPERT, .starts = "2031-03-01T10:00", .tz = "Asia/Tashkent", .minutes = 180,
                 .format = FMT_VIDEOCONFERENCE, .chair = "UZ", .texts = &t, .n_texts = 1};
    hk_err err;
    if (store_meeting_create(s->st, &m, 0, &err)) {
        fprintf(stderr, "seeding meeting: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return m.id;
}

static int64_t seed_initiative(server *s)
{
    coord_text t = {(char *)"ru", ORIGIN_ORIGINAL, (char *)"Программа промышленной кооперации", NULL};
    initiative i = {.proposer = "UZ", .proposed_on = "2020-11-10", .status = INIT_PROPOSED, .texts = &t,
                    .n_texts = 1};
    hk_err err;
    if (store_initiative_create(s->st, &i, 0, &err)) {
        fprintf(stderr, "seeding initiative: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return i.id;
}

static int64_t seed_measure(server *s)
{
    char code[16];
    snprintf(code, sizeof code, "7.%d", ++s->serial);
    coord_text t = {(char *)"en", ORIGIN_ORIGINAL, (char *)"Register of industrial parks", NULL};
    char states[1][3] = {"UZ"};
    measure m = {.code = code, .texts = &t, .n_texts = 1, .states = states, .n_states = 1, .deadline = "2030-06-30",
                 .status = MEASURE_IN_PROGRESS};
    hk_err err;
    if (store_measure_create(s->st, &m, 0, &err)) {
        fprintf(stderr, "seeding measure: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return m.id;
}

static int64_t seed_chair_term(server *s)
{
    chair_term c = {.type = MEET_OTHER, .country = "KZ", .to = ""};
    char from[16];
    snprintf(from, sizeof from, "%04d-01-01", (1000 + ++s->serial) % 10000);
    memcpy(c.from, from, sizeof c.from - 1);
    hk_err err;
    if (store_chair_put(s->st, &c, 0, &err)) {
        fprintf(stderr, "seeding chair term: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return c.id;
}

/* ---- events (issue 14) ---- */

static int64_t seed_event(server *s)
{
    hk_event e = {.kind = EVENT_FORUM, .organiser_org_id = s->seed.org, .n_texts = 2, .days = 2,
                  .slot_minutes = 30, .tables = 20};
    event_text t[2] = {{(char *)"en", (char *)"SCO Economic Forum", NULL, ORIGIN_ORIGINAL},
                       {(char *)"ru", (char *)"Экономический форум ШОС", NULL, ORIGIN_HUMAN}};
    event_break b = {"10:30", "11:00"};
    e.texts = t;
    e.breaks = &b;
    e.n_breaks = 1;
    e.place = (char *)"Tashkent, Congress Hall";
    strcpy(e.tz, "Asia/Tashkent");
    strcpy(e.first_day, "2031-06-10");
    strcpy(e.day_start, "09:00");
    strcpy(e.day_end, "13:00");
    hk_err err;
    if (store_event_create(s->st, &e, 0, &err)) {
        fprintf(stderr, "seeding event: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return e.id;
}

/* A registration of user (a member of org) for the seeded event. */
static int64_t seed_event_part(server *s, int64_t org, int64_t who)
{
    event_participant p = {.event_id = s->seed.event, .org_id = org, .user_id = who, .meeting_limit = 8,
                           .avail = 0x3fff};
    hk_err err;
    if (store_event_register(s->st, &p, 0, &err)) {
        fprintf(stderr, "seeding participant: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return p.id;
}

/* A fresh member of org registered for the seeded event. */
static int64_t fresh_event_part(server *s, int64_t org)
{
    char email[96];
    snprintf(email, sizeof email, "guest-%d@forum.example", ++s->serial);
    int64_t u = seed_user_make(s->st, email, "Гость форума", ROLE_MEMBER, org, false);
    return u ? seed_event_part(s, org, u) : 0;
}

/* A pending request to participant to from a fresh participant of org2. */
static int64_t seed_event_request(server *s, int64_t to)
{
    int64_t from = fresh_event_part(s, s->seed.org2);
    event_request r = {.event_id = s->seed.event, .from_id = from, .to_id = to, .message = (char *)"Встретимся?"};
    hk_err err;
    if (!from || store_event_request_send(s->st, &r, 0, &err))
        return 0;
    return r.id;
}

/* A new notice for the user (participant 1): a fresh participant of org2
 * asks them, they accept, and the organisers run the schedule, which
 * places the meeting and tells both. A user already at their meeting
 * limit gets no new notice: then their newest, as good for marking read. */
static int64_t seed_event_notice(server *s)
{
    int64_t r = seed_event_request(s, s->seed.event_part);
    hk_err err;
    store_event_run run;
    if (!r || store_event_request_decide(s->st, r, EREQ_ACCEPTED, 0, &err) ||
        store_event_schedule_run(s->st, s->seed.event, NULL, 0, &run, &err))
        return 0;
    event_notice *v = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (store_event_notices(s->st, s->user[ACT_USER], 1, &v, &n, &err) == 0 && n == 1)
        id = v[0].id;
    event_notices_free(v, n);
    return id;
}

static int seed_all(server *s)
{
    hk_store *st = s->st;
    seeds *sd = &s->seed;
    sd->org = seed_org(st, "Тошкент қуйма заводи", "uz-Cyrl", "UZ", "Toshkent", 41.3, 69.24);
    sd->org2 = seed_org(st, "Алматы машина жасау", "kk", "KZ", "Almaty", 43.24, 76.95);
    if (sd->org != 1 || sd->org2 != 2) {
        /* The request body examples name organisations 1 and 2. */
        fprintf(stderr, "seeding: the organisations must be 1 and 2, are %lld and %lld\n", (long long)sd->org,
                (long long)sd->org2);
        return -1;
    }
    sd->listing = seed_listing(st, sd->org, DIR_OFFER, "ru", "Литьё алюминия под давлением", NULL, true);
    sd->listing2 = seed_listing(st, sd->org2, DIR_REQUEST, "ru", "Ищем поставщика алюминиевых отливок",
                                "2099-06-30", true);
    sd->draft = seed_listing(st, sd->org, DIR_OFFER, "ru", "Корпуса насосов (черновик)", NULL, false);
    sd->bank = seed_org(st, "Asian Infrastructure Investment Bank", "en", "CN", "Beijing", 39.9, 116.4);
    organisation bank;
    hk_err berr;
    /* The examples submit to organisation 3: a financial institution. */
    if (sd->bank != 3 || store_org_get(st, sd->bank, &bank, &berr)) {
        fprintf(stderr, "seeding: the bank must be organisation 3\n");
        return -1;
    }
    bank.type = ORG_FINANCIAL;
    int brc = store_org_update(st, &bank, 0, 0, &berr);
    organisation_free(&bank);
    if (brc) {
        fprintf(stderr, "seeding the bank: %s: %s\n", berr.field, berr.msg);
        return -1;
    }
    for (size_t i = 0; i < sizeof seed_users / sizeof seed_users[0]; i++) {
        const seed_user *u = &seed_users[i];
        int64_t org = u->org == 1 ? sd->org : u->org == 2 ? sd->org2 : u->org == 3 ? sd->bank : 0;
        int64_t id = seed_user_make(st, u->email, u->name, u->role, org, u->admin);
        if (!id)
            return -1;
        if (u->who != ACT_VISITOR)
            s->user[u->who] = id;
    }
    sd->coordinator_kz = seed_user_make(st, "coordinator@mintrade.example.kz", "Асель Нурланова", ROLE_COORDINATOR, 0,
                                        false);
    sd->project = seed_project(s, SP_SUBMITTED, s->user[ACT_USER]);
    sd->project_document = s->last_document;
    sd->submission = s->last_submission;
    sd->interest = seed_interest(s, sd->listing);
    sd->notification = newest_notification(s, s->user[ACT_USER]);
    message m = {.interest_id = sd->interest, .author_id = s->user[ACT_OTHER],
                 .body = (char *)"Можем прислать образцы в четверг."};
    hk_err err;
    if (store_message_add(st, &m, &err))
        fprintf(stderr, "seeding message: %s: %s\n", err.field, err.msg);
    sd->saved_search = seed_saved_search(s, s->user[ACT_USER]);
    sd->token = seed_token(s, s->user[ACT_USER]);
    sd->meeting = seed_meeting(s);
    sd->initiative = seed_initiative(s);
    sd->measure = seed_measure(s);
    sd->chair_term = seed_chair_term(s);
    sd->event = seed_event(s);
    sd->event_part = seed_event_part(s, sd->org, s->user[ACT_USER]);
    sd->event_part2 = seed_event_part(s, sd->org2, s->user[ACT_OTHER]);
    int64_t third = seed_user_make(st, "aziz.rahimov@quyma.example.uz", "Азиз Раҳимов", ROLE_MEMBER, sd->org, false);
    sd->event_part3 = third ? seed_event_part(s, sd->org, third) : 0;
    event_request er = {.event_id = sd->event, .from_id = sd->event_part2, .to_id = sd->event_part3};
    if (store_event_request_send(st, &er, 0, &err))
        fprintf(stderr, "seeding event request: %s: %s\n", err.field, err.msg);
    sd->event_request = er.id;
    if (sd->event != 1 || sd->event_part != 1 || sd->event_part2 != 2 || sd->event_part3 != 3 ||
        sd->event_request != 1) {
        fprintf(stderr, "seeding: the event, its participants and request must be 1, 1-3 and 1\n");
        return -1;
    }
    if (sd->meeting != 1 || sd->initiative != 1) {
        /* The request body examples name meeting 1 and initiative 1. */
        fprintf(stderr, "seeding: the meeting and initiative must be 1, are %lld and %lld\n", (long long)sd->meeting,
                (long long)sd->initiative);
        return -1;
    }
    /* Reported by the admin: the flagDuplicateOrganisation example is
     * sent by the user, and one user reports one pair once. */
    store_dup_flag f = {.org_id = sd->org, .duplicate_of = sd->org2, .flagged_by = s->user[ACT_ADMIN],
                        .note = (char *)"Same registry id; probably registered twice."};
    if (store_dup_flag_create(st, &f, &err))
        fprintf(stderr, "seeding duplicate flag: %s: %s\n", err.field, err.msg);
    return sd->listing && sd->listing2 && sd->draft && sd->interest && sd->notification && sd->saved_search &&
                   sd->project && sd->project_document && sd->submission && sd->measure && sd->chair_term &&
                   sd->token && m.id && f.id
               ? 0
               : -1;
}

/* ---- fresh records, one per request that would change a seeded one ---- */

static int64_t fresh_member(server *s)
{
    char email[96];
    snprintf(email, sizeof email, "joiner-%d@quyma.example.uz", ++s->serial);
    return seed_user_make(s->st, email, "Бобур Алиев", ROLE_MEMBER, s->seed.org, false);
}


/* A pending invitation of the seed organisation to the user actor's
 * email (made by the admin actor); 0 on failure. */
static int64_t seed_invitation(server *s)
{
    user u;
    hk_err err;
    store_invitation v;
    if (store_user_get(s->st, s->user[ACT_USER], &u, &err))
        return 0;
    int rc = store_invitation_send(s->st, s->seed.org, u.email, false, s->user[ACT_ADMIN], &v, &err);
    user_free(&u);
    if (rc)
        return 0;
    int64_t id = v.id;
    store_invitation_free(&v);
    return id;
}

/* A fresh interest of org2 on a fresh listing of org1, accepted by the
 * admin; with stage 1, org2's meeting request on it (org1's turn); with
 * stage 2, that request accepted by the user. Returns the interest's or
 * the request's id, or 0. */
static int64_t seed_partner_meeting(server *s, int stage)
{
    hk_err err;
    int64_t i = seed_interest(s, seed_listing(s->st, s->seed.org, DIR_OFFER, "ru", "Литьё алюминия", NULL, true));
    if (!i || store_interest_decide(s->st, i, EOI_ACCEPTED, s->user[ACT_ADMIN], &err))
        return 0;
    if (stage == 0)
        return i;
    pm_proposal p = {.n_times = 1, .place = "Ташкент, ул. Навои 5", .message = "Обсудим отливки."};
    p.times[0] = (pm_time){.starts = "2031-03-10T10:00", .tz = "Asia/Tashkent", .minutes = 60};
    int64_t id = 0;
    if (store_pm_propose_on_interest(s->st, i, s->seed.org2, s->user[ACT_OTHER], &p, &id, &err) ||
        (stage == 2 && store_pm_accept(s->st, id, s->seed.org, s->user[ACT_USER], 1, &err))) {
        fprintf(stderr, "seeding a meeting request: %s: %s\n", err.field, err.msg);
        return 0;
    }
    return id;
}

/* The value of seed for a path: the seeded record's id, or a fresh one. */
static void seed_value(server *s, const char *seed, bool fresh, char *out, size_t len)
{
    int64_t id = 0;
    if (!seed) {
        fail_msg("a path parameter has no x-hamkor-seed");
    } else if (!strcmp(seed, "country")) {
        snprintf(out, len, "MN");
        return;
    } else if (!strcmp(seed, "hs_code") || !strcmp(seed, "isic_code")) {
        /* Taxonomy codes are shipped data, not records: always there. */
        snprintf(out, len, "%s", seed[0] == 'h' ? "7604" : "243");
        return;
    } else if (!strcmp(seed, "organisation")) {
        id = s->seed.org;
    } else if (!strcmp(seed, "listing")) {
        id = fresh ? seed_listing(s->st, s->seed.org, DIR_OFFER, "ru", "Литьё алюминия под давлением", NULL, true)
                   : s->seed.listing;
    } else if (!strcmp(seed, "draft")) {
        id = fresh ? seed_listing(s->st, s->seed.org, DIR_OFFER, "ru", "Корпуса насосов", NULL, false) : s->seed.draft;
    } else if (!strcmp(seed, "interest") || !strcmp(seed, "notification")) {
        int64_t i = s->seed.interest, n = s->seed.notification;
        if (fresh) {
            i = seed_interest(s, seed_listing(s->st, s->seed.org, DIR_OFFER, "ru", "Литьё алюминия", NULL, true));
            n = newest_notification(s, s->user[ACT_USER]);
        }
        id = seed[0] == 'i' ? i : n;
    } else if (!strcmp(seed, "saved_search")) {
        id = fresh ? seed_saved_search(s, s->user[ACT_USER]) : s->seed.saved_search;
    } else if (!strcmp(seed, "token")) {
        id = fresh ? seed_token(s, s->user[ACT_USER]) : s->seed.token;
    } else if (!strcmp(seed, "member")) {
        id = fresh ? fresh_member(s) : s->user[ACT_USER];
    } else if (!strcmp(seed, "invitation")) {
        id = seed_invitation(s); /* always fresh: answering one uses it up */
    } else if (!strcmp(seed, "project")) {
        id = fresh ? seed_project(s, SP_SUBMITTED, s->user[ACT_USER]) : s->seed.project;
        if (!fresh) {
            s->last_project = id;
            s->last_submission = s->seed.submission;
            s->last_document = s->seed.project_document;
        }
    } else if (!strncmp(seed, "project_", 8) && strcmp(seed, "project_document") && strcmp(seed, "project_notice")) {
        static const struct {
            const char *name;
            sp_state state;
        } states[] = {{"project_draft", SP_DRAFT},         {"project_signed_off", SP_SIGNED_OFF},
                      {"project_endorsed", SP_ENDORSED},   {"project_approved", SP_APPROVED},
                      {"project_implementation", SP_IMPLEMENTATION}, {"project_finishing", SP_FINISHING}};
        for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
            if (!strcmp(seed, states[k].name))
                id = seed_project(s, states[k].state, s->user[ACT_USER]);
    } else if (!strcmp(seed, "project_document")) {
        id = s->last_document;
    } else if (!strcmp(seed, "submission")) {
        id = s->last_submission;
    } else if (!strcmp(seed, "milestone")) {
        id = 1;
    } else if (!strcmp(seed, "project_notice")) {
        /* Made by the admin, the project tells the user (project_invited). */
        id = seed_project(s, SP_DRAFT, s->user[ACT_ADMIN]) ? newest_project_notice(s, s->user[ACT_USER]) : 0;
    } else if (!strcmp(seed, "meeting")) {
        id = fresh ? seed_meeting(s) : s->seed.meeting;
    } else if (!strcmp(seed, "initiative")) {
        id = fresh ? seed_initiative(s) : s->seed.initiative;
    } else if (!strcmp(seed, "measure")) {
        id = fresh ? seed_measure(s) : s->seed.measure;
    } else if (!strcmp(seed, "chair_term")) {
        id = fresh ? seed_chair_term(s) : s->seed.chair_term;
    } else if (!strcmp(seed, "accepted_interest")) {
        id = seed_partner_meeting(s, 0); /* always fresh: one per request */
    } else if (!strcmp(seed, "partner_meeting")) {
        id = seed_partner_meeting(s, 1);
    } else if (!strcmp(seed, "partner_meeting_accepted")) {
        id = seed_partner_meeting(s, 2);
    } else if (!strcmp(seed, "event")) {
        /* Writes to the event itself (an edit, a run of the schedule)
         * leave it usable, and the body examples name event 1. */
        id = s->seed.event;
    } else if (!strcmp(seed, "event_participant")) {
        id = fresh ? fresh_event_part(s, s->seed.org) : s->seed.event_part;
    } else if (!strcmp(seed, "event_request")) {
        id = fresh ? seed_event_request(s, s->seed.event_part3) : s->seed.event_request;
    } else if (!strcmp(seed, "event_notice")) {
        id = seed_event_notice(s); /* always fresh: each is marked read once */
    } else {
        fail_msg("x-hamkor-seed %s is not a seed the test knows (openapi_live.c, seed_value)", seed);
    }
    if (!id)
        fail_msg("could not make a %s record", seed);
    snprintf(out, len, "%lld", (long long)id);
}

/* ------------------------------------------------------------------ */
/* The server                                                          */
/* ------------------------------------------------------------------ */

int live_teardown(void **state)
{
    server *s = *state;
    if (!s)
        return 0;
    if (s->srv)
        http_server_stop(s->srv);
    if (s->outbox)
        fclose(s->outbox);
    if (s->st)
        store_close(s->st);
    if (s->db[0])
        store_fixture_remove(s->db);
    if (store_fixture_pg()) {
        char key[64];
        snprintf(key, sizeof key, "/tmp/hamkor-openapi-%ld.key", (long)getpid());
        unlink(key);
    }
    if (s->port)
        curl_global_cleanup();
    doc_free(&s->d);
    free(s);
    *state = NULL;
    return 0;
}

int live_setup(void **state)
{
    server *s = calloc(1, sizeof *s);
    *state = s;
    char err[600];
    if (!s || doc_load(&s->d, err, sizeof err)) {
        fprintf(stderr, "%s\n", s ? err : "out of memory");
        return live_teardown(state), -1;
    }
    if (store_fixture_path(s->db, sizeof s->db, "openapi")) {
        s->db[0] = '\0';
        return live_teardown(state), -1;
    }
    hk_err e;
    if (store_open(s->db, &s->st, &e)) {
        fprintf(stderr, "store: %s: %s\n", e.field, e.msg);
        s->st = NULL;
        return live_teardown(state), -1;
    }
    if (store_seed_countries(s->st, "data/countries.tsv", &e)) {
        fprintf(stderr, "countries: %s: %s\n", e.field, e.msg);
        return live_teardown(state), -1;
    }
    if (seed_all(s))
        return live_teardown(state), -1;
    /* Sign-in is rate-limited per address; every actor and every fresh
     * user signs in from 127.0.0.1. */
    /* A PostgreSQL store has no folder to keep the token key beside. */
    char key[64];
    snprintf(key, sizeof key, "/tmp/hamkor-openapi-%ld.key", (long)getpid());
    if (!(s->outbox = tmpfile()))
        return live_teardown(state), -1;
    http_config cfg = {.listen_addr = "127.0.0.1", .port = 0, .db_path = s->db, .web_root = "tests/data/web",
                       .key_path = store_fixture_pg() ? key : NULL, .fast_password_hashing = 1,
                       .login_burst = 100000, .outbox = s->outbox};
    if (http_server_start(&cfg, &s->srv, &e)) {
        fprintf(stderr, "start: %s: %s\n", e.field, e.msg);
        s->srv = NULL;
        return live_teardown(state), -1;
    }
    s->port = http_server_port(s->srv);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    s->session[ACT_VISITOR].port = s->port;
    for (size_t i = 0; i < sizeof seed_users / sizeof seed_users[0]; i++) {
        actor a = seed_users[i].who;
        if (a == ACT_VISITOR)
            continue;
        long st = http_session_login(&s->session[a], s->port, seed_users[i].email, LIVE_PASSWORD);
        if (st != 200) {
            fprintf(stderr, "signing in %s: status %ld\n", seed_users[i].email, st);
            return live_teardown(state), -1;
        }
    }
    return 0;
}

http_session *live_session(server *s, actor a, http_session *fresh)
{
    if (a != ACT_FRESH)
        return &s->session[a];
    char email[96], body[256];
    snprintf(email, sizeof email, "newcomer-%d@chirchiq-metall.example.uz", ++s->serial);
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\",\"display_name\":\"Азиз Рахимов\"}", email,
             LIVE_PASSWORD);
    http_request rq = {.method = "POST", .target = "/api/v1/auth/register", .body = body, .body_len = strlen(body)};
    http_reply r = http_client_request(s->port, &rq);
    if (r.status != 201)
        fail_msg("registering the fresh user %s: status %ld", email, r.status);
    http_reply_free(&r);
    long st = http_session_login(fresh, s->port, email, LIVE_PASSWORD);
    if (st != 200)
        fail_msg("signing in the fresh user %s: status %ld", email, st);
    return fresh;
}

char *live_email_token_body(server *s)
{
    http_session fresh;
    live_session(s, ACT_FRESH, &fresh);
    char line[1024], token[128] = "";
    fflush(s->outbox);
    rewind(s->outbox);
    while (fgets(line, sizeof line, s->outbox)) {
        const char *t = strstr(line, "token=");
        if (t)
            snprintf(token, sizeof token, "%.*s", (int)strcspn(t + 6, "\r\n"), t + 6);
    }
    fseek(s->outbox, 0, SEEK_END);
    if (!token[0])
        fail_msg("the server sent no verification link");
    char *body = malloc(192);
    snprintf(body, 192, "{\"token\":\"%s\"}", token);
    return body;
}

/* ------------------------------------------------------------------ */
/* Building requests from the document                                 */
/* ------------------------------------------------------------------ */

void t_append(reqtarget *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > sizeof t->s)
        fail_msg("request target over %d bytes", URL_MAX);
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

void t_query(reqtarget *t, const char *name, const char *value)
{
    char *k = curl_easy_escape(NULL, name, 0), *v = curl_easy_escape(NULL, value, 0);
    t_append(t, t->has_query ? "&" : "?");
    t_append(t, k);
    t_append(t, "=");
    t_append(t, v);
    t->has_query = true;
    curl_free(k);
    curl_free(v);
}

/* Adds parameter p with its example (each item of an array example as a
 * repeated parameter: style form, explode true). */
void t_example(reqtarget *t, const ynode *p)
{
    const ynode *ex = yget(p, "example");
    if (!ex)
        return;
    if (ex->kind == YN_SEQ)
        for (size_t i = 0; i < ex->n; i++)
            t_query(t, ystr(p, "name"), yscalar_text(ex->kids[i]));
    else if (ex->kind == YN_SCALAR)
        t_query(t, ystr(p, "name"), ex->text);
}


/* The seed of the n-th occurrence of parameter p in its path: its
 * x-hamkor-seed, or the n-th item of a list of them. */
static const char *seed_of(const ynode *p, size_t nth)
{
    const ynode *sd = yget(p, "x-hamkor-seed");
    if (sd && sd->kind == YN_SEQ)
        return nth < sd->n ? yscalar_text(sd->kids[nth]) : NULL;
    return yscalar_text(sd);
}

void t_path(reqtarget *t, server *s, const op *o, const char *id_text, bool fresh)
{
    const ynode *ps[OP_MAX_PARAMS];
    size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
    memset(t, 0, sizeof *t);
    size_t seen[OP_MAX_PARAMS] = {0}; /* occurrences of each parameter so far */
    for (const char *p = o->path; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            t_append(t, p);
            break;
        }
        char lit[256], name[64];
        snprintf(lit, sizeof lit, "%.*s", (int)(open - p), p);
        t_append(t, lit);
        const char *close = strchr(open, '}');
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        char val[32] = "";
        for (size_t k = 0; k < n && !id_text; k++)
            if (!strcmp(ystr(ps[k], "in"), "path") && !strcmp(ystr(ps[k], "name"), name)) {
                const char *seed = seed_of(ps[k], seen[k]++);
                if (!seed)
                    fail_msg("%s:%zu: path parameter %s has no x-hamkor-seed for its occurrence %zu", DOC_PATH,
                             ps[k]->line, name, seen[k]);
                seed_value(s, seed, fresh, val, sizeof val);
            }
        t_append(t, id_text ? id_text : val);
        p = close + 1;
    }
}

void t_build(reqtarget *t, server *s, const op *o, bool all_examples, bool fresh)
{
    t_path(t, s, o, NULL, fresh);
    const ynode *ps[OP_MAX_PARAMS];
    size_t n = op_params(&s->d, o, ps, OP_MAX_PARAMS);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(ystr(ps[k], "in"), "query") && (all_examples || ytrue(ps[k], "required")))
            t_example(t, ps[k]);
}

/* ------------------------------------------------------------------ */
/* Calling                                                             */
/* ------------------------------------------------------------------ */

/* What a stream read keeps: the reply so far. */
static size_t stream_body(char *p, size_t size, size_t n, void *ctx)
{
    http_reply *r = ctx;
    size_t len = size * n;
    char *b = realloc(r->body, r->len + len + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, p, len);
    r->body = b;
    r->len += len;
    b[r->len] = '\0';
    /* An event stream has shown what it is with its first bytes: hang up
     * (curl then reports a write error, which is what we asked for). A
     * problem document is read whole. */
    return strncasecmp(r->content_type, "text/event-stream", 17) ? len : 0;
}

static size_t stream_header(char *p, size_t size, size_t n, void *ctx)
{
    http_reply *r = ctx;
    size_t len = size * n;
    while (len && (p[len - 1] == '\r' || p[len - 1] == '\n'))
        len--;
    const struct {
        const char *name;
        char *out;
        size_t size;
    } keep[] = {{"Content-Type: ", r->content_type, sizeof r->content_type}, {"ETag: ", r->etag, sizeof r->etag},
                {"Location: ", r->location, sizeof r->location},
                {"Retry-After: ", r->retry_after, sizeof r->retry_after}};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        size_t k = strlen(keep[i].name);
        if (len > k && !strncasecmp(p, keep[i].name, k))
            snprintf(keep[i].out, keep[i].size, "%.*s", (int)(len - k), p + k);
    }
    if (len > 12 && !strncasecmp(p, "Set-Cookie: ", 12)) {
        size_t used = strlen(r->cookies);
        snprintf(r->cookies + used, sizeof r->cookies - used, "%s%.*s", used ? "; " : "",
                 (int)strcspn(p + 12, ";\r\n"), p + 12);
    }
    return size * n;
}

/* A GET of a never-ending answer: its status, headers and first bytes,
 * within five seconds at most. */
static http_reply stream_request(uint16_t port, const http_request *rq)
{
    http_reply r;
    memset(&r, 0, sizeof r);
    CURL *c = curl_easy_init();
    if (!c)
        fail_msg("curl_easy_init failed");
    char url[URL_MAX + 64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, rq->target);
    struct curl_slist *h = NULL;
    for (size_t i = 0; i < 8 && rq->headers[i]; i++)
        h = curl_slist_append(h, rq->headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, stream_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR)
        fail_msg("curl %s %s: %s", rq->method, rq->target, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

http_reply live_call(server *s, const op *o, http_session *who, const char *method, const char *target,
                     const call_opts *opts)
{
    static const call_opts none;
    if (!opts)
        opts = &none;
    http_request rq = {.method = method, .target = target, .body = opts->body,
                       .body_len = opts->body ? strlen(opts->body) : 0, .body_type = opts->body_type};
    char cookie[600], csrf[100], bearer[120], im[128], inm[128];
    size_t n = 0;
    if (who && who->bearer[0]) {
        snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", who->bearer);
        rq.headers[n++] = bearer;
    } else if (who && who->cookie[0]) {
        snprintf(cookie, sizeof cookie, "Cookie: %s", who->cookie);
        rq.headers[n++] = cookie;
        if (!opts->no_csrf) {
            snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", who->csrf);
            rq.headers[n++] = csrf;
        }
    }
    if (opts->if_match) {
        snprintf(im, sizeof im, "If-Match: %s", opts->if_match);
        rq.headers[n++] = im;
    }
    if (opts->if_none_match) {
        snprintf(inm, sizeof inm, "If-None-Match: %s", opts->if_none_match);
        rq.headers[n++] = inm;
    }
    if (o && ytrue(o->node, "x-hamkor-stream") && !opts->body)
        return stream_request(s->port, &rq);
    return http_client_request(s->port, &rq);
}

/* ------------------------------------------------------------------ */
/* Checking answers                                                    */
/* ------------------------------------------------------------------ */

/* The documented headers of a response that the client captures, and
 * whether the reply has each. */
static void check_headers(const ynode *resp, const char *m, const char *target, const http_reply *r, report *rep)
{
    const ynode *hs = yget(resp, "headers");
    const struct {
        const char *name;
        bool sent;
        bool undocumented_is_wrong; /* sent but not documented is a problem */
    } kept[] = {{"ETag", r->etag[0] != 0, true},
                {"Location", r->location[0] != 0, true},
                {"Set-Cookie", r->cookies[0] != 0, true},
                {"Retry-After", r->retry_after[0] != 0, false}};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        bool documented = yget(hs, kept[i].name) != NULL;
        if (documented && !kept[i].sent)
            rep_add(rep, "%s %.200s: status %ld documents the header %s, none was sent", m, target, r->status,
                    kept[i].name);
        else if (!documented && kept[i].sent && kept[i].undocumented_is_wrong)
            rep_add(rep, "%s %.200s: status %ld sent %s, which the document does not say (add it to headers)", m,
                    target, r->status, kept[i].name);
    }
}

void check_reply(const doc *d, const op *o, const char *target, const http_reply *r, report *rep)
{
    char m[16];
    upper(o->method, m, sizeof m);
    const ynode *resp = op_response(d, o, r->status);
    if (!resp) {
        rep_add(rep, "%s %.200s: status %ld is not documented for %s (body: %.200s)", m, target, r->status, o->path,
                r->body ? r->body : "");
        return;
    }
    check_headers(resp, m, target, r, rep);
    const ynode *content = yget(resp, "content");
    if (!content || content->n == 0) {
        if (r->len)
            rep_add(rep, "%s %.200s: status %ld has a %s body the document does not describe", m, target, r->status,
                    r->content_type);
        return;
    }
    char mt[128];
    snprintf(mt, sizeof mt, "%s", r->content_type);
    char *semi = strchr(mt, ';');
    if (semi)
        *semi = '\0';
    const ynode *media = yget(content, mt);
    if (!media) {
        rep_add(rep, "%s %.200s: Content-Type '%s' is not documented for status %ld", m, target, r->content_type,
                r->status);
        return;
    }
    const ynode *schema = yget(media, "schema");
    vctx v = {d->root, ""};
    if (is_json_type(mt)) {
        json_error_t je;
        json_t *j = json_loads(r->body ? r->body : "", 0, &je);
        if (!j)
            rep_add(rep, "%s %.200s: body is not JSON: %s", m, target, je.text);
        else if (schema_validate(&v, schema, j, "$"))
            rep_add(rep, "%s %.200s: %ld body does not match the schema: %s", m, target, r->status, v.err);
        json_decref(j);
        return;
    }
    const ynode *line_schema = yget(media, "x-hamkor-line-schema");
    if (!strcmp(mt, "application/x-ndjson") && line_schema) {
        size_t n = 0;
        for (char *p = r->body; p && *p; n++) {
            char *nl = strchr(p, '\n');
            if (!nl) {
                rep_add(rep, "%s %.200s: line %zu does not end in a newline", m, target, n + 1);
                break;
            }
            json_error_t je;
            json_t *j = json_loadb(p, (size_t)(nl - p), 0, &je);
            char at[32];
            snprintf(at, sizeof at, "line %zu", n + 1);
            if (!j)
                rep_add(rep, "%s %.200s: %s is not JSON: %s", m, target, at, je.text);
            else if (schema_validate(&v, line_schema, j, at))
                rep_add(rep, "%s %.200s: %s does not match the schema: %s", m, target, at, v.err);
            json_decref(j);
            v.err[0] = '\0';
            p = nl + 1;
        }
    }
}
