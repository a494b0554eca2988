/*
 * demo_coord.c - the coordination mechanism of the demo (BRIEF 4.8, issue
 * 13): meetings, the chairmanship, initiatives and an Action Plan of 24
 * measures, in Russian, English and Chinese side by side.
 *
 * The first records follow the brief's history: the SCO summit of 10
 * November 2020 (by videoconference, chaired by Russia) where Uzbekistan
 * proposed its programme of industrial co-production; the Heads of
 * Government Council of 30 November 2020 (by videoconference; the
 * chairmanship passed to Kazakhstan); the first Meeting of SCO Industry
 * Ministers on 16 July 2021 (by videoconference, chaired by Tajikistan),
 * where the draft programme submitted in July 2021 went to the experts.
 * The later meetings, the other initiatives' proposers and dates, and the
 * measures are plausible demo entries, not a record of events
 * (docs/demo-data.md). Like the rest of the demo, every date is fixed;
 * whether a measure is overdue depends on the day it is read, so a demo
 * read later shows more of them overdue.
 *
 * Tables are plain C data; demo_coordination writes them through the
 * store in one transaction, as the system (actor 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"

/* A title in the three languages; which one is the original is given
 * per record (the others are human translations, zh marked machine
 * where the demo says so). */
typedef struct tri {
    const char *ru, *en, *zh;
} tri;

typedef struct demo_meeting {
    meeting_type type;
    const char *starts, *tz;
    int minutes;
    meeting_format format;
    const char *place;      /* NULL for a videoconference */
    const char *chair;
    tri title;
    const char *original;   /* "ru", "en" or "zh" */
    const char *parties;    /* "UZ KZ ..." members; observers after '|' */
    const char *decision_en, *decision_ru, *decision_zh; /* may be NULL */
    doc_type doc;           /* a document of the meeting, or DOC_NONE */
    bool restricted;        /* the document is open to the member states only */
} demo_meeting;

#define MEMBERS "CN IN KZ KG PK RU TJ UZ"

static const demo_meeting meetings[] = {
    /* 1 */ {MEET_OTHER, "2020-11-10T15:00", "Europe/Moscow", 180, FMT_VIDEOCONFERENCE, NULL, "RU",
             {"Заседание Совета глав государств - членов ШОС", "Meeting of the SCO Heads of State Council",
              "上海合作组织成员国元首理事会会议"},
             "ru", MEMBERS "|MN",
             "Uzbekistan proposes a programme of industrial co-production of the SCO member states",
             "Узбекистан предлагает программу промышленной кооперации государств - членов ШОС",
             "乌兹别克斯坦提出上合组织成员国工业合作生产计划", DOC_COMMUNIQUE, false},
    /* 2 */ {MEET_HEADS_OF_GOVERNMENT, "2020-11-30T10:00", "Asia/Kolkata", 180, FMT_VIDEOCONFERENCE, NULL, "IN",
             {"Заседание Совета глав правительств государств - членов ШОС",
              "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
             "en", MEMBERS,
             "The chairmanship of the Council passes to Kazakhstan",
             "Председательство в Совете переходит к Казахстану", "理事会主席国由哈萨克斯坦接任", DOC_COMMUNIQUE, false},
    /* 3 */ {MEET_INDUSTRY_MINISTERS, "2021-07-16T10:00", "Asia/Dushanbe", 180, FMT_VIDEOCONFERENCE, NULL, "TJ",
             {"Первое совещание министров промышленности государств - членов ШОС",
              "First Meeting of SCO Industry Ministers", "上海合作组织成员国首次工业部长会议"},
             "ru", MEMBERS,
             "The draft programme of industrial co-production goes to a preliminary expert meeting",
             "Проект программы промышленной кооперации передать на предварительное совещание экспертов",
             "将工业合作生产计划草案提交专家预备会议研究", DOC_MINUTES, true},
    /* 4 */ {MEET_EXPERT, "2021-09-14T10:00", "Asia/Tashkent", 240, FMT_HYBRID, "Tashkent, Ministry of Investment",
             "UZ",
             {"Совещание экспертов по программе промышленной кооперации",
              "Expert meeting on the programme of industrial co-production", "工业合作生产计划专家会议"},
             "ru", MEMBERS, NULL, NULL, NULL, DOC_REPORT, false},
    /* 5 */ {MEET_HEADS_OF_GOVERNMENT, "2021-11-25T11:00", "Asia/Almaty", 180, FMT_VIDEOCONFERENCE, NULL, "KZ",
             {"Заседание Совета глав правительств государств - членов ШОС",
              "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
             "ru", MEMBERS "|MN BY IR",
             "The programme of industrial co-production is adopted",
             "Программа промышленной кооперации одобрена", "批准工业合作生产计划", DOC_COMMUNIQUE, false},
    /* 6 */ {MEET_INDUSTRY_MINISTERS, "2022-06-24T10:00", "Asia/Tashkent", 300, FMT_IN_PERSON,
             "Tashkent, International Congress Centre", "UZ",
             {"Второе совещание министров промышленности государств - членов ШОС",
              "Second Meeting of SCO Industry Ministers", "上海合作组织成员国第二次工业部长会议"},
             "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
    /* 7 */ {MEET_HEADS_OF_GOVERNMENT, "2022-11-01T10:00", "Asia/Shanghai", 180, FMT_VIDEOCONFERENCE, NULL, "CN",
             {"Заседание Совета глав правительств государств - членов ШОС",
              "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
             "zh", MEMBERS, NULL, NULL, NULL, DOC_COMMUNIQUE, false},
    /* 8 */ {MEET_EXPERT, "2023-03-15T10:00", "Asia/Almaty", 240, FMT_IN_PERSON, "Astana", "KZ",
             {"Совещание экспертов по промышленным кластерам", "Expert meeting on industrial clusters",
              "产业集群专家会议"},
             "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
    /* 9 */ {MEET_ECONOMIC_FORUM, "2023-05-18T09:30", "Asia/Tashkent", 480, FMT_IN_PERSON, "Tashkent", "UZ",
             {"Экономический форум ШОС", "SCO Economic Forum", "上海合作组织经济论坛"}, "ru", MEMBERS "|MN BY",
             NULL, NULL, NULL, DOC_NONE, false},
    /* 10 */ {MEET_HEADS_OF_GOVERNMENT, "2023-10-26T10:00", "Asia/Bishkek", 240, FMT_IN_PERSON, "Bishkek", "KG",
              {"Заседание Совета глав правительств государств - членов ШОС",
               "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
              "ru", MEMBERS, NULL, NULL, NULL, DOC_COMMUNIQUE, false},
    /* 11 */ {MEET_INDUSTRY_MINISTERS, "2024-05-22T10:00", "Asia/Almaty", 300, FMT_IN_PERSON, "Astana", "KZ",
              {"Совещание министров промышленности государств - членов ШОС",
               "Meeting of SCO Industry Ministers", "上海合作组织成员国工业部长会议"},
              "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
    /* 12 */ {MEET_HEADS_OF_GOVERNMENT, "2024-10-16T10:00", "Asia/Karachi", 240, FMT_IN_PERSON, "Islamabad", "PK",
              {"Заседание Совета глав правительств государств - членов ШОС",
               "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
              "en", MEMBERS, NULL, NULL, NULL, DOC_COMMUNIQUE, false},
    /* 13 */ {MEET_HEADS_OF_GOVERNMENT, "2025-11-18T10:00", "Europe/Moscow", 240, FMT_IN_PERSON, "Moscow", "RU",
              {"Заседание Совета глав правительств государств - членов ШОС",
               "Meeting of the SCO Council of Heads of Government", "上海合作组织成员国政府首脑理事会会议"},
              "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
    /* 14 */ {MEET_EXPERT, "2027-02-10T10:00", "Asia/Bishkek", 180, FMT_VIDEOCONFERENCE, NULL, "KG",
              {"Совещание экспертов по грузовым железнодорожным перевозкам",
               "Expert meeting on freight rail cooperation", "铁路货运合作专家会议"},
              "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
    /* 15 */ {MEET_INDUSTRY_MINISTERS, "2027-04-15T10:00", "Asia/Bishkek", 300, FMT_HYBRID, "Cholpon-Ata", "KG",
              {"Совещание министров промышленности государств - членов ШОС",
               "Meeting of SCO Industry Ministers", "上海合作组织成员国工业部长会议"},
              "ru", MEMBERS, NULL, NULL, NULL, DOC_NONE, false},
};

/* Terms of the chairmanship. */
static const struct {
    meeting_type type;
    const char *country, *from, *to;
} terms[] = {
    {MEET_HEADS_OF_GOVERNMENT, "UZ", "2019-11-02", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "IN", "2020-01-01", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "KZ", "2020-11-30", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "CN", "2021-11-25", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "KG", "2022-11-01", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "PK", "2023-10-26", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "RU", "2024-10-16", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "TJ", "2025-11-18", NULL},
    {MEET_HEADS_OF_GOVERNMENT, "UZ", "2027-11-01", NULL},
    {MEET_INDUSTRY_MINISTERS, "TJ", "2020-11-10", NULL},
    {MEET_INDUSTRY_MINISTERS, "UZ", "2021-09-17", NULL},
    {MEET_INDUSTRY_MINISTERS, "IN", "2022-09-16", NULL},
    {MEET_INDUSTRY_MINISTERS, "KZ", "2023-07-04", NULL},
    {MEET_INDUSTRY_MINISTERS, "CN", "2024-07-04", NULL},
    {MEET_INDUSTRY_MINISTERS, "KG", "2025-09-01", NULL},
    {MEET_INDUSTRY_MINISTERS, "RU", "2027-09-01", NULL},
};

/* Initiatives: proposed by a state at meeting (1-based index into
 * meetings[], 0 = none) on a date, then moved on. */
typedef struct demo_step {
    initiative_status status;
    const char *on;
    int expert;             /* meetings[] index of the expert meeting, or 0 */
    const char *note;
} demo_step;

static const struct {
    const char *proposer;
    int meeting;
    const char *on;
    tri title;
    demo_step steps[2];
} initiatives[] = {
    {"UZ", 1, "2020-11-10",
     {"Программа промышленной кооперации государств - членов ШОС",
      "Programme of industrial co-production of the SCO member states", "上合组织成员国工业合作生产计划"},
     {{INIT_UNDER_STUDY, "2021-07-16", 4, "Draft programme submitted in July 2021"},
      {INIT_ADOPTED, "2021-11-25", 0, "Adopted by the Council of Heads of Government"}}},
    {"UZ", 1, "2020-11-10",
     {"Экономический форум ШОС", "SCO Economic Forum", "上海合作组织经济论坛"},
     {{INIT_ADOPTED, "2022-06-24", 0, NULL}, {0, NULL, 0, NULL}}},
    {"KZ", 5, "2021-11-25",
     {"Развитие промышленных кластеров", "Development of industrial clusters", "发展产业集群"},
     {{INIT_UNDER_STUDY, "2023-03-15", 8, NULL}, {0, NULL, 0, NULL}}},
    {"RU", 7, "2022-11-01",
     {"Сотрудничество в грузовых железнодорожных перевозках", "Cooperation in freight rail transport",
      "铁路货运合作"},
     {{INIT_UNDER_STUDY, "2025-11-18", 14, NULL}, {0, NULL, 0, NULL}}},
    {"CN", 7, "2022-11-01",
     {"Партнёрство с АБИИ, Новым банком развития и Фондом Шёлкового пути",
      "Partnerships with the AIIB, the New Development Bank and the Silk Road Fund",
      "与亚投行、新开发银行和丝路基金的伙伴关系"},
     {{0, NULL, 0, NULL}, {0, NULL, 0, NULL}}},
};

/* The Action Plan: code, title, responsible states and bodies, deadline,
 * status, the initiative served (1-based, 0 = none) and the meeting that
 * set it (1-based, 0 = none). */
static const struct {
    const char *code;
    tri title;
    const char *states;
    const char *bodies;     /* sco_body names separated by spaces, or "" */
    const char *deadline;
    measure_status status;
    int initiative, meeting;
} measures[] = {
    {"1.1", {"Создать реестр промышленных предприятий, готовых к кооперации", "Build a register of industrial enterprises ready for co-production", "建立愿意开展合作生产的工业企业名录"}, "UZ KZ", "secretariat", "2022-06-30", MEASURE_DONE, 1, 3},
    {"1.2", {"Согласовать перечень приоритетных отраслей кооперации", "Agree the list of priority industries for co-production", "商定合作生产优先行业清单"}, "UZ TJ KG", "", "2022-12-31", MEASURE_DONE, 1, 4},
    {"1.3", {"Провести биржу кооперационных предложений", "Hold a co-production exchange of offers", "举办合作生产供需对接会"}, "UZ", "business_council", "2025-06-30", MEASURE_IN_PROGRESS, 1, 6},
    {"1.4", {"Подготовить типовое соглашение о совместном производстве", "Prepare a model agreement on joint manufacturing", "编制联合生产示范协议"}, "RU KZ", "secretariat", "2025-12-31", MEASURE_IN_PROGRESS, 1, 6},
    {"1.5", {"Обеспечить взаимное признание сертификатов соответствия", "Arrange mutual recognition of conformity certificates", "推动合格证书互认"}, "CN RU KZ UZ", "", "2026-09-30", MEASURE_NOT_STARTED, 1, 11},
    {"1.6", {"Запустить платформу поиска партнёров по кооперации", "Launch the partner search platform for co-production", "上线合作生产伙伴搜索平台"}, "UZ", "secretariat", "2026-03-31", MEASURE_DONE, 1, 11},
    {"1.7", {"Подготовить ежегодный доклад о промышленной кооперации", "Prepare the annual report on industrial co-production", "编写工业合作生产年度报告"}, "", "secretariat", "2027-03-31", MEASURE_IN_PROGRESS, 1, 13},
    {"2.1", {"Учредить ежегодный Экономический форум ШОС", "Establish the annual SCO Economic Forum", "设立年度上海合作组织经济论坛"}, "UZ", "business_council", "2023-05-31", MEASURE_DONE, 2, 6},
    {"2.2", {"Провести отраслевые сессии форума по машиностроению", "Hold the forum's sector sessions on machine building", "举办论坛机械制造行业分会"}, "UZ KZ", "business_council", "2026-05-31", MEASURE_IN_PROGRESS, 2, 9},
    {"2.3", {"Открыть секретариат форума в Ташкенте", "Open the forum's secretariat in Tashkent", "在塔什干设立论坛秘书处"}, "UZ", "", "2024-12-31", MEASURE_DROPPED, 2, 9},
    {"3.1", {"Составить карту промышленных кластеров государств - членов", "Map the industrial clusters of the member states", "绘制成员国产业集群分布图"}, "KZ UZ KG TJ", "", "2024-06-30", MEASURE_DONE, 3, 8},
    {"3.2", {"Составить реестр индустриальных парков и зон", "Compile a register of industrial parks and zones", "编制工业园区名录"}, "KZ UZ", "business_council", "2025-09-30", MEASURE_IN_PROGRESS, 3, 8},
    {"3.3", {"Разработать методику оценки кластеров", "Develop a method for assessing clusters", "制定产业集群评估方法"}, "KZ", "", "2026-06-30", MEASURE_NOT_STARTED, 3, 11},
    {"3.4", {"Провести пилотный проект межгосударственного кластера", "Run a pilot cross-border cluster", "开展跨境产业集群试点"}, "KZ KG", "interbank_association", "2027-12-31", MEASURE_NOT_STARTED, 3, 13},
    {"3.5", {"Подготовить предложения по налоговым стимулам для кластеров", "Propose tax incentives for clusters", "提出产业集群税收激励建议"}, "KZ UZ CN", "", "2026-11-30", MEASURE_IN_PROGRESS, 3, 13},
    {"4.1", {"Согласовать график контейнерных поездов Китай - Центральная Азия", "Agree the timetable of China - Central Asia container trains", "商定中国-中亚集装箱班列时刻表"}, "CN KZ UZ", "", "2026-04-30", MEASURE_IN_PROGRESS, 4, 13},
    {"4.2", {"Унифицировать железнодорожные накладные", "Harmonise rail consignment notes", "统一铁路运单"}, "RU KZ CN", "", "2027-06-30", MEASURE_NOT_STARTED, 4, 14},
    {"4.3", {"Сократить время пограничных процедур на железной дороге", "Shorten border procedures for rail freight", "缩短铁路货运边境手续时间"}, "KZ UZ KG", "", "2025-12-31", MEASURE_NOT_STARTED, 4, 13},
    {"4.4", {"Оценить пропускную способность транзитных коридоров", "Assess the capacity of transit corridors", "评估过境走廊运力"}, "RU", "", "2026-08-31", MEASURE_IN_PROGRESS, 4, 0},
    {"5.1", {"Подписать меморандум о сотрудничестве с АБИИ", "Sign a memorandum of cooperation with the AIIB", "与亚投行签署合作备忘录"}, "CN", "interbank_association aiib", "2026-10-31", MEASURE_NOT_STARTED, 5, 0},
    {"5.2", {"Подготовить перечень проектов для Нового банка развития", "Prepare a pipeline of projects for the New Development Bank", "编制新开发银行项目清单"}, "CN RU IN", "ndb interbank_association", "2027-05-31", MEASURE_NOT_STARTED, 5, 0},
    {"5.3", {"Провести консультации с Фондом Шёлкового пути", "Hold consultations with the Silk Road Fund", "与丝路基金开展磋商"}, "CN", "silk_road_fund", "2026-02-28", MEASURE_IN_PROGRESS, 5, 0},
    {"6.1", {"Обновить План мероприятий по реализации Программы торгово-экономического сотрудничества", "Update the Action Plan of the Trade and Economic Cooperation Programme", "更新贸易和经济合作纲要落实措施计划"}, "", "secretariat", "2026-12-31", MEASURE_IN_PROGRESS, 0, 13},
    {"6.2", {"Подготовить доклад о выполнении Плана мероприятий", "Report on the implementation of the Action Plan", "编写行动计划落实情况报告"}, "RU", "secretariat", "2025-10-31", MEASURE_DONE, 0, 12},
};

#define N(a) (sizeof(a) / sizeof(a)[0])

/* The three texts of t, original first, the others human translations
 * (Chinese machine ones where the original is Russian: the demo shows
 * all three marks). v has room for 3. */
static size_t texts_of(const tri *t, const char *original, coord_text *v)
{
    const char *langs[3] = {"ru", "en", "zh"};
    const char *vals[3] = {t->ru, t->en, t->zh};
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 3; i++) {
            bool orig = !strcmp(langs[i], original);
            if ((pass == 0) != orig || !vals[i])
                continue;
            text_origin o = orig ? ORIGIN_ORIGINAL
                            : (!strcmp(original, "ru") && i == 2) ? ORIGIN_MACHINE
                                                                   : ORIGIN_HUMAN;
            v[n++] = (coord_text){(char *)langs[i], o, (char *)vals[i], NULL};
        }
    return n;
}

/* Splits "UZ KZ|MN" into parties: members before '|', observers after. */
static size_t parties_of(const char *s, meeting_party *v, size_t cap)
{
    size_t n = 0;
    meeting_standing standing = STANDING_MEMBER;
    for (const char *p = s; *p && n < cap;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p == '|') {
            standing = STANDING_OBSERVER;
            p++;
            continue;
        }
        memcpy(v[n].country, p, 2);
        v[n].country[2] = '\0';
        v[n++].standing = standing;
        p += 2;
    }
    return n;
}

static size_t states_of(const char *s, char (*v)[3], size_t cap)
{
    size_t n = 0;
    for (const char *p = s; *p && n < cap;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        memcpy(v[n], p, 2);
        v[n++][2] = '\0';
        p += 2;
    }
    return n;
}

static size_t bodies_of(const char *s, int *v, size_t cap)
{
    size_t n = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && n < cap; w = strtok_r(NULL, " ", &save)) {
        int b = coord_enum_parse(CENUM_BODY, w);
        if (b >= 0)
            v[n++] = b;
    }
    return n;
}

static int write_meeting(hk_store *st, const demo_meeting *d, int64_t *id, hk_err *err)
{
    coord_text texts[3], dec[3], doc_texts[1];
    meeting_party parties[16];
    char access[8][3];
    int bodies[1] = {BODY_SECRETARIAT};
    meeting_item items[2];
    meeting m = {.type = d->type, .minutes = d->minutes, .format = d->format, .place = (char *)d->place};
    snprintf(m.starts, sizeof m.starts, "%s", d->starts);
    snprintf(m.tz, sizeof m.tz, "%s", d->tz);
    memcpy(m.chair, d->chair, 3);
    m.texts = texts;
    m.n_texts = texts_of(&d->title, d->original, texts);
    m.parties = parties;
    m.n_parties = parties_of(d->parties, parties, 16);
    m.bodies = bodies;
    m.n_bodies = 1;
    m.items = items;
    if (d->decision_en) {
        tri t = {d->decision_ru, d->decision_en, d->decision_zh};
        items[m.n_items++] = (meeting_item){.kind = ITEM_DECISION, .texts = dec, .n_texts = texts_of(&t, d->original, dec)};
    }
    if (d->doc != DOC_NONE) {
        static const char *const names[DOC__COUNT] = {"", "Communiqué", "Minutes", "Report", "Document"};
        doc_texts[0] = (coord_text){(char *)"en", ORIGIN_ORIGINAL, (char *)names[d->doc], NULL};
        meeting_item it = {.kind = ITEM_DOCUMENT, .doc = d->doc, .texts = doc_texts, .n_texts = 1,
                           .restricted = d->restricted};
        if (d->restricted) {
            it.access_states = access;
            it.n_access_states = states_of(MEMBERS, access, 8);
        }
        items[m.n_items++] = it;
    }
    int rc = store_meeting_create(st, &m, 0, err);
    *id = m.id;
    return rc;
}

/* True when every state the demo's coordination names is in the store. */
static bool states_present(hk_store *st)
{
    static const char *const need[] = {"CN", "IN", "KZ", "KG", "PK", "RU", "TJ", "UZ", "MN", "BY", "IR"};
    for (size_t i = 0; i < N(need); i++) {
        country c;
        hk_err e;
        if (store_country_get(st, need[i], &c, &e))
            return false;
        country_free(&c);
    }
    return true;
}

static int write_all(hk_store *st, size_t *n_measures, hk_err *err)
{
    int64_t meeting_ids[N(meetings)] = {0}, init_ids[N(initiatives)] = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < N(meetings); i++)
        rc = write_meeting(st, &meetings[i], &meeting_ids[i], err);
    for (size_t i = 0; !rc && i < N(terms); i++) {
        chair_term c = {.type = terms[i].type};
        memcpy(c.country, terms[i].country, 3);
        snprintf(c.from, sizeof c.from, "%s", terms[i].from);
        rc = store_chair_put(st, &c, 0, err);
    }
    for (size_t i = 0; !rc && i < N(initiatives); i++) {
        coord_text texts[3];
        initiative in = {.meeting_id = initiatives[i].meeting ? meeting_ids[initiatives[i].meeting - 1] : 0,
                         .status = INIT_PROPOSED, .texts = texts};
        memcpy(in.proposer, initiatives[i].proposer, 3);
        snprintf(in.proposed_on, sizeof in.proposed_on, "%s", initiatives[i].on);
        in.n_texts = texts_of(&initiatives[i].title, "ru", texts);
        rc = store_initiative_create(st, &in, 0, err);
        init_ids[i] = in.id;
        for (size_t k = 0; !rc && k < 2 && initiatives[i].steps[k].on; k++) {
            const demo_step *s = &initiatives[i].steps[k];
            rc = store_initiative_set_status(st, in.id, s->status, s->on, s->expert ? meeting_ids[s->expert - 1] : 0,
                                             s->note, 0, err);
        }
    }
    for (size_t i = 0; !rc && i < N(measures); i++) {
        coord_text texts[3];
        char states[8][3];
        int bodies[4];
        int64_t init = measures[i].initiative ? init_ids[measures[i].initiative - 1] : 0;
        int64_t meet = measures[i].meeting ? meeting_ids[measures[i].meeting - 1] : 0;
        measure m = {.code = (char *)measures[i].code, .texts = texts, .states = states, .bodies = bodies,
                     .status = measures[i].status};
        m.n_texts = texts_of(&measures[i].title, "ru", texts);
        m.n_states = states_of(measures[i].states, states, 8);
        m.n_bodies = bodies_of(measures[i].bodies, bodies, 4);
        snprintf(m.deadline, sizeof m.deadline, "%s", measures[i].deadline);
        if (init) {
            m.initiatives = &init;
            m.n_initiatives = 1;
        }
        if (meet) {
            m.meetings = &meet;
            m.n_meetings = 1;
        }
        rc = store_measure_create(st, &m, 0, err);
        if (!rc)
            (*n_measures)++;
    }
    return rc;
}

int demo_coordination(hk_store *st, size_t *n_measures, hk_err *err)
{
    *n_measures = 0;
    if (!states_present(st))
        return 0;
    int rc = store_begin(st, err);
    if (rc)
        return rc;
    rc = write_all(st, n_measures, err);
    if (rc) {
        store_rollback(st);
        *n_measures = 0;
        return rc;
    }
    return store_commit(st, err);
}

int demo_coordination_notes(hk_store *st, int64_t coordinator_id, const char *state, hk_err *err)
{
    store_measure_filter f = {.status = MEASURE_IN_PROGRESS};
    snprintf(f.state, sizeof f.state, "%s", state);
    measure *v;
    size_t n;
    int rc = store_measures_list(st, &f, &v, &n, err);
    /* Two reports on each of the state's first two measures in progress:
     * one from the spring, one from the autumn before the reference date. */
    static const struct {
        const char *on, *lang, *text;
    } notes[] = {
        {"2026-04-15", "ru", "Рабочая группа сформирована, согласован график работ."},
        {"2026-10-15", "en", "About half of the work is done; the rest depends on data from the regions."},
    };
    for (size_t i = 0; !rc && i < n && i < 2; i++)
        for (size_t k = 0; !rc && k < sizeof notes / sizeof notes[0]; k++) {
            measure_note note = {.measure_id = v[i].id, .author_id = coordinator_id, .lang = (char *)notes[k].lang,
                                 .text = (char *)notes[k].text};
            snprintf(note.on, sizeof note.on, "%s", notes[k].on);
            snprintf(note.country, sizeof note.country, "%s", state);
            rc = store_measure_note_add(st, &note, err);
        }
    store_measures_free(v, n);
    return rc;
}
