/*
 * test_store_coord.c - the coordination mechanism in the store (migration
 * 6; store_meeting.c, store_initiative.c, store_measure.c): meetings with
 * their texts side by side, participants, agenda, documents and decisions;
 * the chairmanship as data; initiatives and their status history; the
 * Action Plan with overdue computed from the deadline, and progress notes;
 * the links of measures and initiatives to joint projects (migration 10).
 * Each test works on its own temporary database (SQLite, or PostgreSQL
 * with HAMKOR_TEST_PG) and removes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "hk_tz.h"
#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "TJ\tmember\tTajikistan\tТаджикистан\t塔吉克斯坦\n"
                                "RU\tmember\tRussia\tРоссия\t俄罗斯\n"
                                "CN\tmember\tChina\tКитай\t中国\n"
                                "MN\tobserver\tMongolia\tМонголия\t蒙古国\n";

static int setup(void **state) { return store_fixture_setup(state, "coord", COUNTRIES); }
static int teardown(void **state) { return store_fixture_teardown(state); }

static int64_t count(fx *f, const char *sql) { return raw_count(f->path, sql); }

#define OK(call)                                                                                                  \
    do {                                                                                                          \
        hk_err e_;                                                                                                \
        hk_err_clear(&e_);                                                                                        \
        int rc_ = (call);                                                                                         \
        if (rc_)                                                                                                  \
            fail_msg("%s: %d %s (%s)", #call, rc_, e_.msg, e_.field);                                             \
    } while (0)

/* ---- record builders ---- */

static coord_text *texts3(const char *en, const char *ru, const char *zh)
{
    coord_text *t = calloc(3, sizeof *t);
    t[0] = (coord_text){strdup("ru"), ORIGIN_ORIGINAL, strdup(ru), NULL};
    t[1] = (coord_text){strdup("en"), ORIGIN_HUMAN, strdup(en), NULL};
    t[2] = (coord_text){strdup("zh-Hans"), ORIGIN_MACHINE, strdup(zh), NULL};
    return t;
}

static coord_text *text1(const char *title)
{
    coord_text *t = calloc(1, sizeof *t);
    t[0] = (coord_text){strdup("en"), ORIGIN_ORIGINAL, strdup(title), NULL};
    return t;
}

/* The first Meeting of SCO Industry Ministers: 16 July 2021, by
 * videoconference, chaired by Tajikistan. */
static void ministers_2021(meeting *m)
{
    memset(m, 0, sizeof *m);
    m->type = MEET_INDUSTRY_MINISTERS;
    strcpy(m->starts, "2021-07-16T10:00");
    strcpy(m->tz, "Asia/Dushanbe");
    m->minutes = 180;
    m->format = FMT_VIDEOCONFERENCE;
    strcpy(m->chair, "TJ");
    m->texts = texts3("First Meeting of SCO Industry Ministers", "Первое совещание министров промышленности ШОС",
                      "上合组织成员国第一次工业部长会议");
    m->n_texts = 3;
    m->parties = calloc(3, sizeof *m->parties);
    m->parties[0] = (meeting_party){"TJ", STANDING_MEMBER};
    m->parties[1] = (meeting_party){"UZ", STANDING_MEMBER};
    m->parties[2] = (meeting_party){"MN", STANDING_OBSERVER};
    m->n_parties = 3;
    m->bodies = calloc(2, sizeof *m->bodies);
    m->bodies[0] = BODY_SECRETARIAT;
    m->bodies[1] = BODY_BUSINESS_COUNCIL;
    m->n_bodies = 2;
    m->delegates = calloc(2, sizeof *m->delegates);
    m->delegates[0] = (meeting_delegate){strdup("Sherali Kabir"), "TJ", -1, strdup("Minister of Industry")};
    m->delegates[1] = (meeting_delegate){strdup("Secretariat officer"), "", BODY_SECRETARIAT, NULL};
    m->n_delegates = 2;
    m->items = calloc(3, sizeof *m->items);
    m->items[0] = (meeting_item){.kind = ITEM_AGENDA, .doc = DOC_NONE};
    m->items[0].texts = text1("Industrial co-production programme");
    m->items[0].n_texts = 1;
    m->items[1] = (meeting_item){.kind = ITEM_DOCUMENT, .doc = DOC_MINUTES, .restricted = true};
    m->items[1].texts = text1("Minutes");
    m->items[1].n_texts = 1;
    m->items[1].access_states = calloc(1, 3);
    strcpy(m->items[1].access_states[0], "UZ");
    m->items[1].n_access_states = 1;
    m->items[1].access_bodies = calloc(1, sizeof(int));
    m->items[1].access_bodies[0] = BODY_BUSINESS_COUNCIL;
    m->items[1].n_access_bodies = 1;
    m->items[2] = (meeting_item){.kind = ITEM_DECISION, .doc = DOC_NONE};
    m->items[2].texts = texts3("Experts to study the programme", "Поручить экспертам изучить программу",
                               "委托专家研究该方案");
    m->items[2].n_texts = 3;
    m->n_items = 3;
}

static meeting simple_meeting(meeting_type type, const char *starts, const char *chair)
{
    meeting m = {0};
    m.type = type;
    snprintf(m.starts, sizeof m.starts, "%s", starts);
    strcpy(m.tz, "Asia/Tashkent");
    m.minutes = 120;
    m.format = FMT_IN_PERSON;
    m.place = strdup("Tashkent");
    strcpy(m.chair, chair);
    m.texts = text1("A meeting");
    m.n_texts = 1;
    return m;
}

static int64_t add_meeting(fx *f, meeting_type type, const char *starts, const char *chair)
{
    meeting m = simple_meeting(type, starts, chair);
    OK(store_meeting_create(f->st, &m, 0, &e_));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

static initiative new_initiative(const char *proposer, int64_t at_meeting, const char *on)
{
    initiative i = {0};
    strcpy(i.proposer, proposer);
    i.meeting_id = at_meeting;
    snprintf(i.proposed_on, sizeof i.proposed_on, "%s", on);
    i.status = INIT_PROPOSED;
    i.texts = texts3("Programme of industrial co-production", "Программа промышленной кооперации",
                     "工业合作生产计划");
    i.n_texts = 3;
    return i;
}

static measure new_measure(const char *code, const char *deadline, measure_status status, const char *state)
{
    measure m = {0};
    m.code = strdup(code);
    m.texts = text1("Draft a register of industrial parks");
    m.n_texts = 1;
    m.states = calloc(1, 3);
    strcpy(m.states[0], state);
    m.n_states = 1;
    snprintf(m.deadline, sizeof m.deadline, "%s", deadline);
    m.status = status;
    return m;
}

static void day_offset(char out[11], int days)
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int64_t person(fx *f, const char *email)
{
    user u = {.email = (char *)email, .display_name = (char *)"Someone"};
    OK(store_user_create(f->st, &u, &e_));
    return u.id;
}

/* A bare joint project with this id (the project rules are
 * test_store_project's; here it only has to exist). */
static void raw_project(fx *f, int64_t id, int64_t creator)
{
    char sql[512], t[48];
    raw_time(t, sizeof t, 1767225600);
    snprintf(sql, sizeof sql,
             "INSERT INTO projects(id, sector, state, budget, currency, created_by, created_at, updated_at, state_at, "
             "version, content_version) VALUES (%lld, 'energy', 'draft', 0, 'USD', %lld, %s, %s, %s, 1, 1)",
             (long long)id, (long long)creator, t, t, t);
    if (raw_exec(f->path, sql))
        fail_msg("raw_project: %s", sql);
}

static int64_t *ids(size_t n, ...)
{
    int64_t *v = calloc(n, sizeof *v);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        v[i] = va_arg(ap, int64_t);
    va_end(ap);
    return v;
}

/* ---- meetings ---- */

static void meeting_keeps_texts_side_by_side_participants_and_items(void **state)
{
    fx *f = *state;
    meeting m;
    ministers_2021(&m);
    OK(store_meeting_create(f->st, &m, 0, &e_));
    assert_true(m.id > 0);
    assert_int_equal(m.version, 1);
    /* 10:00 in Dushanbe (UTC+5 all year) is 05:00 UTC. */
    assert_int_equal(m.starts_at, 1626411600);

    meeting got;
    OK(store_meeting_get(f->st, m.id, &got, &e_));
    assert_string_equal(got.starts, "2021-07-16T10:00");
    assert_string_equal(got.tz, "Asia/Dushanbe");
    assert_int_equal(got.starts_at, 1626411600);
    assert_int_equal(got.format, FMT_VIDEOCONFERENCE);
    assert_null(got.place);
    assert_string_equal(got.chair, "TJ");
    assert_int_equal(got.n_texts, 3);
    assert_string_equal(got.texts[0].lang, "ru");
    assert_int_equal(got.texts[0].origin, ORIGIN_ORIGINAL);
    assert_string_equal(got.texts[0].title, "Первое совещание министров промышленности ШОС");
    assert_int_equal(got.texts[1].origin, ORIGIN_HUMAN);
    assert_string_equal(got.texts[2].lang, "zh-Hans");
    assert_int_equal(got.texts[2].origin, ORIGIN_MACHINE);
    assert_string_equal(got.texts[2].title, "上合组织成员国第一次工业部长会议");
    assert_int_equal(got.n_parties, 3);
    assert_string_equal(got.parties[2].country, "MN");
    assert_int_equal(got.parties[2].standing, STANDING_OBSERVER);
    assert_int_equal(got.n_bodies, 2);
    assert_int_equal(got.bodies[1], BODY_BUSINESS_COUNCIL);
    assert_int_equal(got.n_delegates, 2);
    assert_string_equal(got.delegates[0].position, "Minister of Industry");
    assert_int_equal(got.delegates[0].body, -1);
    assert_string_equal(got.delegates[1].country, "");
    assert_int_equal(got.delegates[1].body, BODY_SECRETARIAT);
    assert_int_equal(got.n_items, 3);
    assert_int_equal(got.items[1].kind, ITEM_DOCUMENT);
    assert_int_equal(got.items[1].doc, DOC_MINUTES);
    assert_true(got.items[1].restricted);
    assert_int_equal(got.items[1].n_access_states, 1);
    assert_string_equal(got.items[1].access_states[0], "UZ");
    assert_int_equal(got.items[1].n_access_bodies, 1);
    assert_int_equal(got.items[1].access_bodies[0], BODY_BUSINESS_COUNCIL);
    assert_int_equal(got.items[2].n_texts, 3);
    assert_string_equal(got.items[2].texts[1].title, "Experts to study the programme");
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'meeting' AND action = 'create'"), 1);
    meeting_free(&got);
    meeting_free(&m);
}

static void meeting_refused_names_its_field_and_writes_nothing(void **state)
{
    fx *f = *state;
    static const struct {
        const char *field;
        int code;
    } want[] = {{"tz", HK_EINVAL},        {"place", HK_EINVAL},   {"texts", HK_EINVAL},
                {"chair", HK_EINVAL},     {"parties[1].country", HK_EINVAL}, {"delegates[0].country", HK_EINVAL},
                {"items[0].restricted", HK_EINVAL}, {"starts", HK_EINVAL}, {"items[1].texts[0].title", HK_EINVAL}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        meeting m;
        ministers_2021(&m);
        switch (k) {
        case 0: strcpy(m.tz, "MSK"); break;
        case 1: m.format = FMT_IN_PERSON; break;
        case 2: m.texts[1].origin = ORIGIN_ORIGINAL; break;
        case 3: strcpy(m.chair, "FR"); strcpy(m.parties[0].country, "FR"); break;
        case 4: strcpy(m.parties[1].country, "TJ"); break;
        case 5: m.delegates[0].body = BODY_NDB; break;
        case 6: m.items[0].restricted = true; break;
        case 7: strcpy(m.starts, "2021-02-30T10:00"); break;
        case 8: free(m.items[1].texts[0].title); m.items[1].texts[0].title = strdup("\xff\xfe"); break;
        }
        hk_err err;
        hk_err_clear(&err);
        int rc = store_meeting_create(f->st, &m, 0, &err);
        if (rc != want[k].code)
            fail_msg("case %zu: status %d, wanted %d (%s)", k, rc, want[k].code, err.msg);
        if (strcmp(err.field, want[k].field) != 0)
            fail_msg("case %zu: field %s, wanted %s (%s)", k, err.field, want[k].field, err.msg);
        assert_int_equal(m.id, 0);
        meeting_free(&m);
    }
    assert_int_equal(count(f, "SELECT count(*) FROM meetings"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM meeting_texts"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'meeting'"), 0);
}

static void meeting_update_replaces_children_and_refuses_a_stale_version(void **state)
{
    fx *f = *state;
    meeting m;
    ministers_2021(&m);
    OK(store_meeting_create(f->st, &m, 0, &e_));
    /* Held in person in Dushanbe after all, with a communiqué. */
    m.format = FMT_HYBRID;
    m.place = strdup("Dushanbe, Kokhi Navruz");
    m.n_items = 1;
    OK(store_meeting_update(f->st, &m, 1, 7, &e_));
    assert_int_equal(m.version, 2);
    meeting got;
    OK(store_meeting_get(f->st, m.id, &got, &e_));
    assert_int_equal(got.format, FMT_HYBRID);
    assert_string_equal(got.place, "Dushanbe, Kokhi Navruz");
    assert_int_equal(got.n_items, 1);
    assert_int_equal(got.version, 2);
    meeting_free(&got);
    assert_int_equal(count(f, "SELECT count(*) FROM meeting_item_texts"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM meeting_item_access"), 0);

    hk_err err;
    m.minutes = 60;
    assert_int_equal(store_meeting_update(f->st, &m, 1, 7, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");
    OK(store_meeting_get(f->st, m.id, &got, &e_));
    assert_int_equal(got.minutes, 180);
    meeting_free(&got);
    m.n_items = 3; /* so that meeting_free releases what was built */
    meeting_free(&m);
}

static void meetings_list_a_series_per_type_in_time_order(void **state)
{
    fx *f = *state;
    int64_t a = add_meeting(f, MEET_HEADS_OF_GOVERNMENT, "2021-11-25T10:00", "KZ");
    int64_t b = add_meeting(f, MEET_HEADS_OF_GOVERNMENT, "2020-11-30T10:00", "RU");
    add_meeting(f, MEET_EXPERT, "2021-03-01T10:00", "UZ");
    int64_t c = add_meeting(f, MEET_HEADS_OF_GOVERNMENT, "2022-11-01T10:00", "UZ");

    store_meeting_filter flt = {.type = MEET_HEADS_OF_GOVERNMENT};
    meeting *v;
    size_t n;
    OK(store_meetings_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, b);
    assert_int_equal(v[1].id, a);
    assert_int_equal(v[2].id, c);
    store_meetings_free(v, n);

    flt = (store_meeting_filter){.type = -1, .country = "UZ"};
    OK(store_meetings_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 2);
    store_meetings_free(v, n);

    /* From 2021 on, at most one. */
    flt = (store_meeting_filter){.type = -1, .from = 1609459200, .limit = 1};
    OK(store_meetings_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].starts, "2021-03-01T10:00");
    store_meetings_free(v, n);
}

/* ---- chairmanship ---- */

static void chairmanship_says_who_chairs_when_and_who_chairs_next(void **state)
{
    fx *f = *state;
    chair_term ru = {.type = MEET_HEADS_OF_GOVERNMENT, .country = "RU", .from = "2019-11-02", .to = ""};
    chair_term kz = {.type = MEET_HEADS_OF_GOVERNMENT, .country = "KZ", .from = "2020-11-30", .to = ""};
    chair_term uz = {.type = MEET_HEADS_OF_GOVERNMENT, .country = "UZ", .from = "2021-11-25", .to = "2022-11-01"};
    OK(store_chair_put(f->st, &ru, 0, &e_));
    OK(store_chair_put(f->st, &uz, 0, &e_));
    OK(store_chair_put(f->st, &kz, 0, &e_));

    chair_term *v;
    size_t n;
    OK(store_chair_terms(f->st, MEET_HEADS_OF_GOVERNMENT, &v, &n, &e_));
    assert_int_equal(n, 3);
    assert_string_equal(v[1].country, "KZ");
    /* The day the chairmanship passed to Kazakhstan, and the day before. */
    assert_string_equal(store_chair_at(v, n, MEET_HEADS_OF_GOVERNMENT, "2020-11-29")->country, "RU");
    assert_string_equal(store_chair_at(v, n, MEET_HEADS_OF_GOVERNMENT, "2020-11-30")->country, "KZ");
    assert_string_equal(store_chair_next(v, n, MEET_HEADS_OF_GOVERNMENT, "2020-11-30")->country, "UZ");
    assert_string_equal(store_chair_at(v, n, MEET_HEADS_OF_GOVERNMENT, "2022-11-01")->country, "UZ");
    assert_null(store_chair_at(v, n, MEET_HEADS_OF_GOVERNMENT, "2022-11-02"));
    assert_null(store_chair_next(v, n, MEET_HEADS_OF_GOVERNMENT, "2022-11-02"));
    assert_null(store_chair_at(v, n, MEET_INDUSTRY_MINISTERS, "2021-07-16"));
    free(v);

    /* A term reaching into the next one's is refused; so is a second
     * term starting the same day. */
    hk_err err;
    chair_term bad = {.type = MEET_HEADS_OF_GOVERNMENT, .country = "CN", .from = "2021-01-01", .to = "2021-12-01"};
    assert_int_equal(store_chair_put(f->st, &bad, 0, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "from");
    chair_term same = {.type = MEET_HEADS_OF_GOVERNMENT, .country = "CN", .from = "2020-11-30", .to = ""};
    assert_int_equal(store_chair_put(f->st, &same, 0, &err), HK_ECONFLICT);
    chair_term unknown = {.type = MEET_INDUSTRY_MINISTERS, .country = "FR", .from = "2021-01-01", .to = ""};
    assert_int_equal(store_chair_put(f->st, &unknown, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "country");
    assert_int_equal(count(f, "SELECT count(*) FROM chair_terms"), 3);

    OK(store_chair_delete(f->st, uz.id, 0, &e_));
    assert_int_equal(store_chair_delete(f->st, uz.id, 0, &err), HK_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'chair_term'"), 4);
}

/* ---- initiatives ---- */

static void initiative_moves_through_study_to_adoption_with_its_history(void **state)
{
    fx *f = *state;
    int64_t summit = add_meeting(f, MEET_OTHER, "2020-11-10T10:00", "RU");
    int64_t experts = add_meeting(f, MEET_EXPERT, "2021-09-01T10:00", "TJ");
    int64_t sec = person(f, "sec@example.org");
    initiative i = new_initiative("UZ", summit, "2020-11-10");
    OK(store_initiative_create(f->st, &i, sec, &e_));
    assert_int_equal(i.status, INIT_PROPOSED);

    hk_err err;
    /* Under study needs an expert meeting, and an expert one. */
    assert_int_equal(store_initiative_set_status(f->st, i.id, INIT_UNDER_STUDY, "2021-07-20", 0, NULL, sec, &err),
                     HK_EINVAL);
    assert_string_equal(err.field, "expert_meeting_id");
    assert_int_equal(
        store_initiative_set_status(f->st, i.id, INIT_UNDER_STUDY, "2021-07-20", summit, NULL, sec, &err), HK_EINVAL);
    assert_string_equal(err.field, "expert_meeting_id");
    OK(store_initiative_set_status(f->st, i.id, INIT_UNDER_STUDY, "2021-07-20", experts,
                                   "Draft programme submitted in July 2021", sec, &e_));
    /* A date before the last change is refused. */
    assert_int_equal(store_initiative_set_status(f->st, i.id, INIT_ADOPTED, "2021-01-01", 0, NULL, sec, &err),
                     HK_EINVAL);
    assert_string_equal(err.field, "on");
    OK(store_initiative_set_status(f->st, i.id, INIT_ADOPTED, "2021-11-25", 0, NULL, sec, &e_));
    /* Adopted is final. */
    assert_int_equal(store_initiative_set_status(f->st, i.id, INIT_WITHDRAWN, "2022-01-01", 0, NULL, sec, &err),
                     HK_ECONFLICT);
    assert_string_equal(err.field, "status");

    initiative got;
    OK(store_initiative_get(f->st, i.id, &got, &e_));
    assert_int_equal(got.status, INIT_ADOPTED);
    assert_int_equal(got.expert_meeting_id, experts);
    assert_int_equal(got.meeting_id, summit);
    assert_int_equal(got.version, 3);
    assert_int_equal(got.n_history, 3);
    assert_int_equal(got.history[0].status, INIT_PROPOSED);
    assert_string_equal(got.history[0].on, "2020-11-10");
    assert_int_equal(got.history[1].status, INIT_UNDER_STUDY);
    assert_string_equal(got.history[1].note, "Draft programme submitted in July 2021");
    assert_int_equal(got.history[1].actor_id, sec);
    assert_int_equal(got.history[2].status, INIT_ADOPTED);
    assert_string_equal(got.texts[2].title, "工业合作生产计划");
    initiative_free(&got);

    /* An update replaces the record but keeps the status whatever the
     * caller says. */
    i.status = INIT_PROPOSED;
    i.expert_meeting_id = experts;
    OK(store_initiative_update(f->st, &i, 0, sec, &e_));
    OK(store_initiative_get(f->st, i.id, &got, &e_));
    assert_int_equal(got.status, INIT_ADOPTED);
    assert_int_equal(got.version, 4);
    initiative_free(&got);
    assert_int_equal(store_initiative_update(f->st, &i, 2, sec, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "version");

    store_initiative_filter flt = {.proposer = "UZ", .status = INIT_ADOPTED};
    initiative *v;
    size_t n;
    OK(store_initiatives_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    store_initiatives_free(v, n);
    flt = (store_initiative_filter){.proposer = "", .status = -1, .meeting_id = experts};
    OK(store_initiatives_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    store_initiatives_free(v, n);
    initiative_free(&i);
}

static void initiative_refused_names_its_field_and_writes_nothing(void **state)
{
    fx *f = *state;
    hk_err err;
    initiative i = new_initiative("FR", 0, "2020-11-10");
    assert_int_equal(store_initiative_create(f->st, &i, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "proposer");
    strcpy(i.proposer, "UZ");
    i.meeting_id = 99;
    assert_int_equal(store_initiative_create(f->st, &i, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "meeting_id");
    i.meeting_id = 0;
    strcpy(i.proposed_on, "2020-13-01");
    assert_int_equal(store_initiative_create(f->st, &i, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "proposed_on");
    strcpy(i.proposed_on, "2020-11-10");
    i.status = INIT_ADOPTED;
    assert_int_equal(store_initiative_create(f->st, &i, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "status");
    assert_int_equal(count(f, "SELECT count(*) FROM initiatives"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM initiative_history"), 0);
    initiative_free(&i);
}

/* ---- the Action Plan ---- */

static void overdue_is_computed_from_the_deadline_on_the_day_it_is_read(void **state)
{
    fx *f = *state;
    char yesterday[11], today[11], tomorrow[11];
    day_offset(yesterday, -1);
    day_offset(today, 0);
    day_offset(tomorrow, 1);
    measure late = new_measure("1.1", yesterday, MEASURE_IN_PROGRESS, "UZ");
    measure due = new_measure("1.2", today, MEASURE_NOT_STARTED, "UZ");
    measure done = new_measure("1.3", yesterday, MEASURE_DONE, "KZ");
    measure dropped = new_measure("1.4", yesterday, MEASURE_DROPPED, "KZ");
    OK(store_measure_create(f->st, &late, 0, &e_));
    OK(store_measure_create(f->st, &due, 0, &e_));
    OK(store_measure_create(f->st, &done, 0, &e_));
    OK(store_measure_create(f->st, &dropped, 0, &e_));

    /* The deadline day itself is not overdue; the day after it is. */
    assert_true(measure_overdue(&late, today));
    assert_false(measure_overdue(&due, today));
    assert_true(measure_overdue(&due, tomorrow));
    assert_false(measure_overdue(&done, today));
    assert_false(measure_overdue(&dropped, today));

    store_measure_filter flt = {.status = -1, .overdue = true};
    strcpy(flt.today, today);
    measure *v;
    size_t n;
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "1.1");
    store_measures_free(v, n);
    /* Read a day later, the measure due today is overdue too: nothing was
     * stored to make it so. */
    strcpy(flt.today, tomorrow);
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 2);
    store_measures_free(v, n);

    /* Done on time, it stops being overdue. */
    late.status = MEASURE_DONE;
    OK(store_measure_update(f->st, &late, late.version, 0, &e_));
    strcpy(flt.today, today);
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 0);
    store_measures_free(v, n);
    measure_free(&late);
    measure_free(&due);
    measure_free(&done);
    measure_free(&dropped);
}

static void measures_are_listed_per_state_and_per_initiative_with_their_links(void **state)
{
    fx *f = *state;
    int64_t meet = add_meeting(f, MEET_INDUSTRY_MINISTERS, "2021-07-16T10:00", "TJ");
    initiative i = new_initiative("UZ", meet, "2020-11-10");
    OK(store_initiative_create(f->st, &i, 0, &e_));
    measure m = new_measure("2.1", "2030-01-01", MEASURE_NOT_STARTED, "UZ");
    m.states = realloc(m.states, 2 * 3);
    strcpy(m.states[1], "KZ");
    m.n_states = 2;
    m.bodies = calloc(1, sizeof(int));
    m.bodies[0] = BODY_INTERBANK_ASSOCIATION;
    m.n_bodies = 1;
    m.initiatives = calloc(1, sizeof(int64_t));
    m.initiatives[0] = i.id;
    m.n_initiatives = 1;
    m.meetings = calloc(1, sizeof(int64_t));
    m.meetings[0] = meet;
    m.n_meetings = 1;
    OK(store_measure_create(f->st, &m, 0, &e_));
    measure other = new_measure("2.2", "2030-01-01", MEASURE_NOT_STARTED, "CN");
    OK(store_measure_create(f->st, &other, 0, &e_));

    measure got;
    OK(store_measure_get(f->st, m.id, &got, &e_));
    assert_int_equal(got.n_states, 2);
    assert_string_equal(got.states[1], "KZ");
    assert_int_equal(got.bodies[0], BODY_INTERBANK_ASSOCIATION);
    assert_int_equal(got.initiatives[0], i.id);
    assert_int_equal(got.meetings[0], meet);
    measure_free(&got);

    measure *v;
    size_t n;
    store_measure_filter flt = {.state = "KZ", .status = -1};
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "2.1");
    store_measures_free(v, n);
    flt = (store_measure_filter){.initiative_id = i.id, .status = -1};
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    store_measures_free(v, n);
    flt = (store_measure_filter){.status = -1};
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 2);
    store_measures_free(v, n);
    /* Paged in plan order (deadline, then code): pages never overlap, and
     * the count ignores the page. */
    flt = (store_measure_filter){.status = -1, .limit = 1};
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "2.1");
    store_measures_free(v, n);
    flt.offset = 1;
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "2.2");
    store_measures_free(v, n);
    flt.offset = 2;
    OK(store_measures_list(f->st, &flt, &v, &n, &e_));
    assert_int_equal(n, 0);
    size_t total;
    OK(store_measures_count(f->st, &flt, &total, &e_));
    assert_int_equal(total, 2);
    flt = (store_measure_filter){.state = "KZ", .status = -1};
    OK(store_measures_count(f->st, &flt, &total, &e_));
    assert_int_equal(total, 1);

    /* A second measure 2.1, a link to nothing, no one responsible. */
    hk_err err;
    measure dup = new_measure("2.1", "2030-01-01", MEASURE_NOT_STARTED, "UZ");
    assert_int_equal(store_measure_create(f->st, &dup, 0, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "code");
    free(dup.code);
    dup.code = strdup("2.3");
    dup.initiatives = calloc(1, sizeof(int64_t));
    dup.initiatives[0] = 999;
    dup.n_initiatives = 1;
    assert_int_equal(store_measure_create(f->st, &dup, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "initiatives[0]");
    dup.n_initiatives = 0;
    dup.n_states = 0;
    assert_int_equal(store_measure_create(f->st, &dup, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "states");
    assert_int_equal(count(f, "SELECT count(*) FROM measures"), 2);
    dup.n_states = 1;
    measure_free(&dup);
    measure_free(&m);
    measure_free(&other);
    initiative_free(&i);
}

static void measures_and_initiatives_link_to_existing_joint_projects_seen_from_both_sides(void **state)
{
    fx *f = *state;
    int64_t creator = person(f, "lead@example.uz");
    raw_project(f, 501, creator);
    raw_project(f, 502, creator);
    initiative i = new_initiative("UZ", 0, "2020-11-10");
    i.project_ids = ids(2, (int64_t)502, (int64_t)501);
    i.n_project_ids = 2;
    OK(store_initiative_create(f->st, &i, 0, &e_));
    measure m = new_measure("3.1", "2030-01-01", MEASURE_IN_PROGRESS, "UZ");
    m.project_ids = ids(1, (int64_t)501);
    m.n_project_ids = 1;
    OK(store_measure_create(f->st, &m, 0, &e_));

    /* Read back in id order, with the record. */
    initiative gi;
    OK(store_initiative_get(f->st, i.id, &gi, &e_));
    assert_int_equal(gi.n_project_ids, 2);
    assert_int_equal(gi.project_ids[0], 501);
    assert_int_equal(gi.project_ids[1], 502);
    initiative_free(&gi);
    measure gm;
    OK(store_measure_get(f->st, m.id, &gm, &e_));
    assert_int_equal(gm.n_project_ids, 1);
    assert_int_equal(gm.project_ids[0], 501);
    measure_free(&gm);

    /* An update replaces the links whole. */
    m.project_ids[0] = 502;
    OK(store_measure_update(f->st, &m, 0, 0, &e_));
    i.n_project_ids = 1;
    OK(store_initiative_update(f->st, &i, 0, 0, &e_));
    assert_int_equal(count(f, "SELECT count(*) FROM measure_projects"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM initiative_projects WHERE project_id = 502"), 1);

    /* The project's side: what it serves. */
    int64_t *ms, *is;
    size_t nm, ni;
    OK(store_project_served(f->st, 502, &ms, &nm, &is, &ni, &e_));
    assert_int_equal(nm, 1);
    assert_int_equal(ms[0], m.id);
    assert_int_equal(ni, 1);
    assert_int_equal(is[0], i.id);
    free(ms);
    free(is);
    OK(store_project_served(f->st, 501, &ms, &nm, &is, &ni, &e_));
    assert_int_equal(nm + ni, 0);
    assert_null(ms);

    /* A project that does not exist, and one named twice: refused, naming
     * the entry, and nothing written. */
    hk_err err;
    measure bad = new_measure("3.2", "2030-01-01", MEASURE_NOT_STARTED, "KZ");
    bad.project_ids = ids(2, (int64_t)502, (int64_t)999);
    bad.n_project_ids = 2;
    assert_int_equal(store_measure_create(f->st, &bad, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "project_ids[1]");
    assert_non_null(strstr(err.msg, "999"));
    bad.project_ids[1] = 502;
    assert_int_equal(store_measure_create(f->st, &bad, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "project_ids[1]");
    m.project_ids[0] = 999;
    assert_int_equal(store_measure_update(f->st, &m, 0, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "project_ids[0]");
    i.project_ids[0] = 999;
    assert_int_equal(store_initiative_update(f->st, &i, 0, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "project_ids[0]");
    assert_int_equal(count(f, "SELECT count(*) FROM measures"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM measure_projects WHERE project_id = 502"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM initiative_projects WHERE project_id = 502"), 1);
    measure_free(&bad);
    measure_free(&m);
    initiative_free(&i);
}

static void progress_notes_are_dated_and_listed_by_date(void **state)
{
    fx *f = *state;
    int64_t coord = person(f, "coord@example.uz");
    measure m = new_measure("3.1", "2030-01-01", MEASURE_IN_PROGRESS, "UZ");
    OK(store_measure_create(f->st, &m, 0, &e_));
    measure_note a = {.measure_id = m.id, .on = "2022-05-01", .author_id = coord, .country = "UZ",
                      .lang = (char *)"ru", .text = (char *)"Реестр индустриальных парков составлен на 60%"};
    measure_note b = {.measure_id = m.id, .on = "2021-12-01", .author_id = coord, .country = "UZ",
                      .lang = (char *)"en", .text = (char *)"Work started"};
    OK(store_measure_note_add(f->st, &a, &e_));
    OK(store_measure_note_add(f->st, &b, &e_));
    measure_note *v;
    size_t n;
    OK(store_measure_notes(f->st, m.id, &v, &n, &e_));
    assert_int_equal(n, 2);
    assert_string_equal(v[0].text, "Work started");
    assert_string_equal(v[1].on, "2022-05-01");
    assert_string_equal(v[1].country, "UZ");
    for (size_t i = 0; i < n; i++)
        measure_note_free(&v[i]);
    free(v);

    hk_err err;
    measure_note bad = b;
    bad.measure_id = 999;
    assert_int_equal(store_measure_note_add(f->st, &bad, &err), HK_EINVAL);
    assert_string_equal(err.field, "measure_id");
    bad = b;
    bad.text = (char *)"";
    assert_int_equal(store_measure_note_add(f->st, &bad, &err), HK_EINVAL);
    assert_string_equal(err.field, "text");
    bad = b;
    strcpy(bad.on, "yesterday");
    assert_int_equal(store_measure_note_add(f->st, &bad, &err), HK_EINVAL);
    assert_string_equal(err.field, "on");
    assert_int_equal(count(f, "SELECT count(*) FROM measure_notes"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'measure_note'"), 2);
    measure_free(&m);
}

static void time_zones_are_iana_names_and_local_times_map_to_utc(void **state)
{
    (void)state;
    int64_t t;
    assert_true(hk_tz_known("Asia/Tashkent"));
    assert_true(hk_tz_known("Europe/Moscow"));
    assert_false(hk_tz_known("MSK"));
    assert_false(hk_tz_known("GMT+05:00"));
    assert_false(hk_tz_known("Asia/Nowhere"));
    assert_false(hk_tz_known(""));
    /* Beijing, UTC+8: the Heads of Government Council of 30 November 2020. */
    assert_int_equal(hk_tz_to_utc("2020-11-30T10:00", "Asia/Shanghai", &t), 0);
    assert_int_equal(t, 1606701600);
    /* Daylight saving: Berlin in summer is UTC+2, in winter UTC+1. */
    assert_int_equal(hk_tz_to_utc("2021-07-16T12:00", "Europe/Berlin", &t), 0);
    assert_int_equal(t, 1626429600);
    assert_int_equal(hk_tz_to_utc("2021-01-16T12:00", "Europe/Berlin", &t), 0);
    assert_int_equal(t, 1610794800);
    assert_int_equal(hk_tz_to_utc("2021-07-16 12:00", "Europe/Berlin", &t), -1);
    assert_int_equal(hk_tz_to_utc("2021-07-16T24:00", "Europe/Berlin", &t), -1);
}

/* A second writer moving the same initiative on, from its own connection,
 * while the first one's move is not yet committed. */
typedef struct mover {
    const char *path;
    int64_t id;
    int rc;
    hk_err err;
} mover;

static void *move_to_adopted(void *arg)
{
    mover *m = arg;
    hk_store *st;
    if ((m->rc = store_open(m->path, &st, &m->err)))
        return NULL;
    m->rc = store_initiative_set_status(st, m->id, INIT_ADOPTED, "2021-12-01", 0, NULL, 0, &m->err);
    store_close(st);
    return NULL;
}

/* Two secretaries move one proposed initiative at once, one to withdrawn
 * and one to adopted: the second waits for the first, then finds the
 * initiative no longer proposed and changes nothing (on PostgreSQL the
 * UPDATE that names the status it moves from does it; on SQLite the
 * single writer). One history entry is added, not two. */
static void concurrent_moves_of_one_initiative_let_one_win(void **state)
{
    fx *f = *state;
    initiative i = new_initiative("UZ", 0, "2020-11-10");
    OK(store_initiative_create(f->st, &i, 0, &e_));
    OK(store_begin(f->st, &e_));
    OK(store_initiative_set_status(f->st, i.id, INIT_WITHDRAWN, "2021-06-01", 0, NULL, 0, &e_));
    mover m = {.path = f->path, .id = i.id};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, move_to_adopted, &m), 0);
    usleep(300 * 1000); /* the other writer is now waiting for this one */
    OK(store_commit(f->st, &e_));
    pthread_join(th, NULL);
    assert_int_equal(m.rc, HK_ECONFLICT);
    assert_string_equal(m.err.field, "status");
    initiative got;
    OK(store_initiative_get(f->st, i.id, &got, &e_));
    assert_int_equal(got.status, INIT_WITHDRAWN);
    assert_int_equal(got.n_history, 2);
    initiative_free(&got);
    initiative_free(&i);
}

/* `hamkor copy` carries every coordination table with its ids: the copy
 * reads back the same meeting, initiative history, measure and notes, and
 * new records there get fresh ids. */
static void copy_carries_meetings_initiatives_and_the_plan(void **state)
{
    fx *f = *state;
    int64_t author = person(f, "coord@example.uz");
    meeting m;
    ministers_2021(&m);
    OK(store_meeting_create(f->st, &m, 0, &e_));
    int64_t experts = add_meeting(f, MEET_EXPERT, "2021-09-01T10:00", "TJ");
    initiative i = new_initiative("UZ", m.id, "2020-11-10");
    OK(store_initiative_create(f->st, &i, author, &e_));
    OK(store_initiative_set_status(f->st, i.id, INIT_UNDER_STUDY, "2021-07-20", experts, "draft", author, &e_));
    chair_term t = {.type = MEET_INDUSTRY_MINISTERS, .country = "TJ", .from = "2021-01-01", .to = ""};
    OK(store_chair_put(f->st, &t, 0, &e_));
    raw_project(f, 77, author);
    i.project_ids = ids(1, (int64_t)77);
    i.n_project_ids = 1;
    OK(store_initiative_update(f->st, &i, 0, author, &e_));
    measure me = new_measure("1.1", "2022-01-01", MEASURE_IN_PROGRESS, "UZ");
    me.project_ids = ids(1, (int64_t)77);
    me.n_project_ids = 1;
    me.initiatives = calloc(1, sizeof(int64_t));
    me.initiatives[0] = i.id;
    me.n_initiatives = 1;
    OK(store_measure_create(f->st, &me, 0, &e_));
    measure_note note = {.measure_id = me.id, .on = "2021-12-01", .author_id = author, .country = "UZ",
                         .lang = (char *)"en", .text = (char *)"Started"};
    OK(store_measure_note_add(f->st, &note, &e_));

    char path[STORE_FIXTURE_PATH_MAX];
    assert_int_equal(store_fixture_path(path, sizeof path, "coord-copy"), 0);
    hk_store *to;
    OK(store_open(path, &to, &e_));
    OK(store_copy(f->st, to, NULL, NULL, &e_));

    meeting got;
    OK(store_meeting_get(to, m.id, &got, &e_));
    assert_int_equal(got.starts_at, m.starts_at);
    assert_int_equal(got.n_items, 3);
    assert_true(got.items[1].restricted);
    assert_string_equal(got.items[2].texts[2].title, "委托专家研究该方案");
    meeting_free(&got);
    initiative gi;
    OK(store_initiative_get(to, i.id, &gi, &e_));
    assert_int_equal(gi.n_history, 2);
    assert_int_equal(gi.history[1].actor_id, author);
    assert_int_equal(gi.status, INIT_UNDER_STUDY);
    assert_int_equal(gi.n_project_ids, 1);
    assert_int_equal(gi.project_ids[0], 77);
    initiative_free(&gi);
    measure gm;
    OK(store_measure_get(to, me.id, &gm, &e_));
    assert_int_equal(gm.initiatives[0], i.id);
    assert_int_equal(gm.n_project_ids, 1);
    assert_int_equal(gm.project_ids[0], 77);
    measure_free(&gm);
    measure_note *v;
    size_t n;
    OK(store_measure_notes(to, me.id, &v, &n, &e_));
    assert_int_equal(n, 1);
    measure_note_free(&v[0]);
    free(v);
    int64_t next = add_meeting(&(fx){.st = to}, MEET_EXPERT, "2022-01-01T10:00", "UZ");
    assert_true(next > experts);

    store_close(to);
    store_fixture_remove(path);
    measure_free(&me);
    initiative_free(&i);
    meeting_free(&m);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(meeting_keeps_texts_side_by_side_participants_and_items),
        T(meeting_refused_names_its_field_and_writes_nothing),
        T(meeting_update_replaces_children_and_refuses_a_stale_version),
        T(meetings_list_a_series_per_type_in_time_order),
        T(chairmanship_says_who_chairs_when_and_who_chairs_next),
        T(initiative_moves_through_study_to_adoption_with_its_history),
        T(initiative_refused_names_its_field_and_writes_nothing),
        T(overdue_is_computed_from_the_deadline_on_the_day_it_is_read),
        T(measures_are_listed_per_state_and_per_initiative_with_their_links),
        T(measures_and_initiatives_link_to_existing_joint_projects_seen_from_both_sides),
        T(progress_notes_are_dated_and_listed_by_date),
        T(copy_carries_meetings_initiatives_and_the_plan),
        T(concurrent_moves_of_one_initiative_let_one_win),
        cmocka_unit_test(time_zones_are_iana_names_and_local_times_map_to_utc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
