/*
 * demo_forum.c - the SCO Economic Forum of the demo (BRIEF 4.6, issue 14):
 * one two-day event in Tashkent with 30-minute 1:1 meetings, a few hundred
 * participants from the demo's organisations (one delegate each, a person
 * made for the purpose), the listings they bring, their availability and
 * meeting limits, meeting requests (most accepted, some declined or
 * pending, a few of priority), and the schedule computed by the scheduler
 * (src/sched) and stored as the organisers' run would store it.
 *
 * Like the rest of the demo it is drawn from a seeded PRNG, so the same
 * seed writes the same forum; the event's dates are fixed (after
 * DEMO_REFERENCE_DATE). Requests follow the shape of a b2match forum: the
 * requesting side uniform, the requested side skewed towards a few
 * popular exhibitors. The delegates have no password (they cannot sign
 * in); demo_accounts registers the demo members for their organisations,
 * so that a demo account sees a marketplace, requests and an agenda.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "store/store_event.h"

#define FORUM_PARTICIPANTS 300
#define FORUM_FIRST_DAY "2026-11-18"

static const char *const first_names[] = {"Azamat", "Dilshod", "Gulnara", "Aigerim", "Nurlan", "Timur",  "Olga",
                                          "Sergei", "Li Na",   "Wang Wei", "Zhang Min", "Bakyt", "Farrukh", "Madina",
                                          "Rustam", "Anvar",   "Saida",   "Irina",   "Chen Jie", "Kamila"};
static const char *const last_names[] = {"Karimov",  "Tursunova", "Abenov", "Nurlanova", "Ivanov",   "Petrova",
                                         "Rahimov",  "Sadykov",   "Zhou",   "Liu",       "Akhmedov", "Ismoilova",
                                         "Kuznetsov", "Bekova",   "Yusupov", "Orlova"};

/* The event itself, announced in Russian and translated by the
 * secretariat's translators. */
static int forum_event(hk_store *st, int64_t *id, hk_err *err)
{
    hk_event e = {.kind = EVENT_FORUM, .n_texts = 3, .days = 2, .slot_minutes = 30, .tables = 60};
    event_text t[3] = {
        {(char *)"ru", (char *)"Экономический форум ШОС: деловые встречи",
         (char *)"Встречи один на один по 30 минут между предприятиями государств ШОС.", ORIGIN_ORIGINAL},
        {(char *)"en", (char *)"SCO Economic Forum: B2B matchmaking",
         (char *)"Thirty-minute one-to-one meetings between enterprises of the SCO states.", ORIGIN_HUMAN},
        {(char *)"zh", (char *)"上合组织经济论坛：企业对接会", (char *)"上合组织国家企业之间的30分钟一对一会谈。",
         ORIGIN_HUMAN}};
    event_break b[2] = {{"11:00", "11:30"}, {"13:00", "14:00"}};
    e.texts = t;
    e.breaks = b;
    e.n_breaks = 2;
    e.place = (char *)"Tashkent, Congress Hall";
    strcpy(e.tz, "Asia/Tashkent");
    strcpy(e.first_day, FORUM_FIRST_DAY);
    strcpy(e.day_start, "09:00");
    strcpy(e.day_end, "17:30");
    int rc = store_event_create(st, &e, 0, err);
    *id = e.id;
    return rc;
}

/* Availability over n slots: 70 % all day, 15 % the first 60 %, 15 % the
 * last 60 %, each away from about 8 % of the slots. */
static uint64_t availability(demo_rng *r, size_t n)
{
    uint64_t all = n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1), m = all;
    uint32_t shape = demo_rng_below(r, 100);
    size_t cut = n * 6 / 10;
    if (shape >= 70 && shape < 85)
        m = ((uint64_t)1 << cut) - 1;
    else if (shape >= 85)
        m = all & ~(((uint64_t)1 << (n - cut)) - 1);
    for (size_t s = 0; s < n; s++)
        if (demo_rng_below(r, 100) < 8)
            m &= ~((uint64_t)1 << s);
    return m ? m : all;
}

/* A delegate of org o: a user made for the forum, member of o. */
static int delegate(hk_store *st, demo_rng *r, const organisation *o, int64_t *id, hk_err *err)
{
    char email[96], name[96];
    snprintf(email, sizeof email, "delegate-%lld@forum.demo.hamkor.org", (long long)o->id);
    snprintf(name, sizeof name, "%s %s", first_names[demo_rng_below(r, sizeof first_names / sizeof *first_names)],
             last_names[demo_rng_below(r, sizeof last_names / sizeof *last_names)]);
    user u;
    memset(&u, 0, sizeof u);
    u.email = email;
    u.display_name = name;
    u.role = ROLE_MEMBER;
    int rc = store_user_create(st, &u, err);
    membership m = {.user_id = u.id, .org_id = o->id, .is_admin = false};
    if (!rc)
        rc = store_membership_put(st, &m, 0, err);
    *id = u.id;
    return rc;
}

/* Registers o's delegate with up to two published listings of o. */
static int enrol(hk_store *st, demo_rng *r, int64_t event, size_t n_slots, const organisation *o, int64_t who,
                 int64_t *pid, hk_err *err)
{
    listing *ls = NULL;
    size_t nl = 0;
    int rc = store_listings_of_org(st, o->id, false, 0, 2, &ls, &nl, err);
    int64_t ids[2];
    size_t k = 0;
    for (size_t i = 0; !rc && i < nl; i++)
        if (ls[i].status == STATUS_PUBLISHED)
            ids[k++] = ls[i].id;
    store_listings_free(ls, nl);
    event_participant p = {.event_id = event, .org_id = o->id, .user_id = who,
                           .meeting_limit = 4 + (int)demo_rng_below(r, 9), .auto_accept = demo_rng_below(r, 5) == 0,
                           .avail = availability(r, n_slots), .listing_ids = ids, .n_listing_ids = k};
    if (!rc)
        rc = store_event_register(st, &p, 0, err);
    *pid = p.id;
    return rc;
}

int demo_forum(hk_store *st, uint64_t seed, size_t *n_participants, size_t *n_held, hk_err *err)
{
    demo_rng r;
    demo_rng_seed(&r, seed, 14);
    int64_t event = 0;
    int64_t *pid = calloc(FORUM_PARTICIPANTS, sizeof *pid), *org = calloc(FORUM_PARTICIPANTS, sizeof *org);
    if (!pid || !org) {
        free(pid);
        free(org);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    size_t n = 0;
    int rc = store_begin(st, err);
    if (!rc)
        rc = forum_event(st, &event, err);
    hk_event e;
    event_slot *slots = NULL;
    size_t ns = 0;
    if (!rc && !(rc = store_event_get(st, event, &e, err))) {
        rc = event_slots(&e, &slots, &ns, err);
        hk_event_free(&e);
    }
    free(slots);
    /* Enterprises, clusters and research institutes, in id order. */
    int64_t after = 0;
    while (!rc && n < FORUM_PARTICIPANTS) {
        store_org_query q = {.tier = -1, .type = -1, .after_id = after, .limit = STORE_PAGE_MAX};
        organisation *os = NULL;
        size_t no = 0;
        if ((rc = store_org_list(st, &q, &os, &no, err)))
            break;
        for (size_t i = 0; !rc && i < no && n < FORUM_PARTICIPANTS; i++) {
            after = os[i].id;
            if (os[i].type != ORG_ENTERPRISE && os[i].type != ORG_CLUSTER && os[i].type != ORG_RESEARCH)
                continue;
            int64_t who;
            rc = delegate(st, &r, &os[i], &who, err);
            if (!rc)
                rc = enrol(st, &r, event, ns, &os[i], who, &pid[n], err);
            org[n++] = os[i].id;
        }
        store_orgs_free(os, no);
        if (no < STORE_PAGE_MAX)
            break;
    }
    /* Requests: each participant asks 3 to 7 others, the asked drawn
     * towards the first tenth (the popular exhibitors) half the time. */
    for (size_t a = 0; !rc && a < n; a++) {
        uint32_t k = 3 + demo_rng_below(&r, 5);
        for (uint32_t j = 0; !rc && j < k; j++) {
            size_t b = demo_rng_below(&r, 2) ? demo_rng_below(&r, (uint32_t)(n / 10 + 1)) : demo_rng_below(&r, (uint32_t)n);
            if (b == a || org[b] == org[a])
                continue;
            event_request q = {.event_id = event, .from_id = pid[a], .to_id = pid[b],
                               .priority = demo_rng_below(&r, 10) == 0 ? 1 : 0};
            hk_err e2;
            if (store_event_request_send(st, &q, 0, &e2))
                continue; /* the pair already has one */
            if (q.status != EREQ_PENDING)
                continue; /* auto-accepted */
            uint32_t fate = demo_rng_below(&r, 100);
            if (fate < 75)
                rc = store_event_request_decide(st, q.id, EREQ_ACCEPTED, 0, err);
            else if (fate < 85)
                rc = store_event_request_decide(st, q.id, EREQ_DECLINED, 0, err);
        }
    }
    store_event_run run = {0};
    sched_options o = {.seed = seed, .threads = 2, .searches = 1, .time_limit_ms = 4000};
    if (!rc)
        rc = store_event_schedule_run(st, event, &o, 0, &run, err);
    if (!rc)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    free(pid);
    free(org);
    if (n_participants)
        *n_participants = rc ? 0 : n;
    if (n_held)
        *n_held = rc ? 0 : run.held;
    return rc;
}

int demo_forum_join(hk_store *st, int64_t user_id, int64_t org_id, hk_err *err)
{
    hk_event *v = NULL;
    size_t n = 0;
    int rc = store_events_list(st, 1, &v, &n, err);
    if (rc || n == 0) {
        store_events_free(v, n);
        return rc;
    }
    event_slot *s = NULL;
    size_t ns = 0;
    rc = event_slots(&v[0], &s, &ns, err);
    free(s);
    event_participant p = {.event_id = v[0].id, .org_id = org_id, .user_id = user_id, .meeting_limit = 8,
                           .avail = ns >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << ns) - 1)};
    if (!rc)
        rc = store_event_register(st, &p, 0, err);
    store_events_free(v, n);
    return rc;
}
