/*
 * demo_projects.c - the joint projects of the demo (BRIEF 4.7): the
 * financial institutions the brief names (the Asian Infrastructure
 * Investment Bank, the New Development Bank, the Silk Road Fund, the SCO
 * Interbank Association) and three national development banks, each with
 * a credit officer of role financial; two accepted expressions of
 * interest between the demo accounts' organisations (UZ, KZ, RU, CN), with
 * meeting requests on them (demo_partner_meetings.c); and
 * one project grown from them at every stage of the chain, each with
 * partners from three or four states, titles and summaries in Russian,
 * Chinese and English, milestones (some overdue), documents, sign-offs,
 * endorsements, questions and decisions written by the very people the
 * chain names. It runs after demo_accounts, whose people it needs, through
 * the store's own state machine, so the demo holds nothing the rules
 * would refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "demo/demo.h"
#include "demo/demo_int.h"
#include "store/store_project.h"

/* The institutions: names in English, Russian and Chinese, state, city. */
static const struct {
    const char *en, *ru, *zh, *iso2, *city, *slug;
    double lat, lon;
} banks[] = {
    {"Asian Infrastructure Investment Bank", "Азиатский банк инфраструктурных инвестиций", "亚洲基础设施投资银行", "CN",
     "Beijing", "aiib", 39.91, 116.40},
    {"New Development Bank", "Новый банк развития", "新开发银行", "CN", "Shanghai", "ndb", 31.23, 121.47},
    {"Silk Road Fund", "Фонд Шёлкового пути", "丝路基金", "CN", "Beijing", "silkroad", 39.91, 116.40},
    {"SCO Interbank Association", "Межбанковское объединение ШОС", "上海合作组织银行联合体", "RU", "Moscow", "sco-iba",
     55.76, 37.62},
    {"Development Bank of Kazakhstan", "Банк Развития Казахстана", "哈萨克斯坦开发银行", "KZ", "Astana", "dbk", 51.17,
     71.45},
    {"Uzbekistan Fund for Reconstruction and Development", "Фонд реконструкции и развития Узбекистана",
     "乌兹别克斯坦重建与发展基金", "UZ", "Tashkent", "ufrd", 41.31, 69.28},
    {"VEB.RF", "ВЭБ.РФ", "俄罗斯国家开发集团", "RU", "Moscow", "veb", 55.76, 37.62},
};
#define N_BANKS (sizeof banks / sizeof banks[0])

typedef struct demo_people {
    int64_t org[4];           /* the first organisation of UZ, KZ, RU, CN */
    int64_t admin[4];         /* member.uz ... member.cn: their admins */
    int64_t coord[4];         /* coordinator.uz ... */
    int64_t bank[N_BANKS];    /* the institutions */
    int64_t banker[N_BANKS];  /* their credit officers */
    int64_t eoi[2];           /* accepted interests: KZ in UZ's listing, RU in CN's */
} demo_people;

enum { UZ, KZ, RU, CN };
static const char *const iso[4] = {"UZ", "KZ", "RU", "CN"};

static int user_id(hk_store *st, const char *email, int64_t *id, hk_err *err)
{
    user u;
    int rc = store_user_get_by_email(st, email, &u, err);
    if (!rc) {
        *id = u.id;
        user_free(&u);
    }
    return rc;
}

static int make_bank(hk_store *st, size_t i, const char *hash, demo_people *p, hk_err *err)
{
    organisation o;
    memset(&o, 0, sizeof o);
    o.names = calloc(3, sizeof *o.names);
    if (!o.names)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    o.names[0] = (org_name){strdup(banks[i].en), strdup("en"), true};
    o.names[1] = (org_name){strdup(banks[i].ru), strdup("ru"), false};
    o.names[2] = (org_name){strdup(banks[i].zh), strdup("zh"), false};
    o.n_names = 3;
    memcpy(o.country, banks[i].iso2, 3);
    o.city = strdup(banks[i].city);
    o.lat = banks[i].lat;
    o.lon = banks[i].lon;
    o.has_coords = true;
    o.type = ORG_FINANCIAL;
    o.size = SIZE_LARGE;
    int rc = store_org_create(st, &o, 0, err);
    p->bank[i] = o.id;
    organisation_free(&o);
    if (rc)
        return rc;
    char email[96], name[160];
    snprintf(email, sizeof email, "credit.%s@demo.hamkor.org", banks[i].slug);
    snprintf(name, sizeof name, "Credit officer, %s (demo)", banks[i].en);
    user u;
    memset(&u, 0, sizeof u);
    u.email = email;
    u.display_name = name;
    u.password_hash = (char *)hash;
    u.role = ROLE_FINANCIAL;
    if ((rc = store_user_create(st, &u, err)))
        return rc;
    p->banker[i] = u.id;
    membership m = {.user_id = u.id, .org_id = p->bank[i], .is_admin = true};
    return store_membership_put(st, &m, 0, err);
}

/* An accepted interest of from (its admin) in the first published listing of to. */
static int accepted_interest(hk_store *st, const demo_people *p, int to, int from, const char *offered,
                             const char *sought, const char *why, int64_t *out, hk_err *err)
{
    listing *v = NULL;
    size_t n = 0;
    int rc = store_listings_of_org(st, p->org[to], false, 0, 1, &v, &n, err);
    if (rc)
        return rc;
    if (n == 0) {
        store_listings_free(v, n);
        return hk_err_set(err, HK_EINVAL, "", "demo: organisation %lld has no published listing",
                          (long long)p->org[to]);
    }
    interest i = {.listing_id = v[0].id, .from_org_id = p->org[from], .from_user_id = p->admin[from],
                  .offered = (char *)offered, .sought = (char *)sought, .why = (char *)why};
    store_listings_free(v, n);
    if (!(rc = store_interest_create(st, &i, err)))
        rc = store_interest_decide(st, i.id, EOI_ACCEPTED, p->admin[to], err);
    *out = i.id;
    return rc;
}

/* One demo project: its texts, partners and milestones. */
typedef struct demo_plan {
    project_sector sector;
    const char *ru, *ru_summary, *zh, *en;
    int partners[4];          /* UZ..CN, -1 ends; the first is the lead */
    int32_t shares[4];        /* basis points */
    double budget;
    int eoi;                  /* index into demo_people.eoi */
    project_state stage;
    int bank;                 /* index into banks: where it is submitted */
} demo_plan;

static const demo_plan plans[] = {
    {SECTOR_INDUSTRY, "Совместное производство алюминиевых профилей для вагонов",
     "Литейный участок в Ташкенте, механообработка в Караганде, матрицы из Китая.", "车厢铝型材联合生产",
     "Joint production of aluminium profiles for railway cars", {UZ, KZ, CN, -1}, {5000, 3000, 2000}, 18.5e6, 0,
     PRJ_DRAFT, 0},
    {SECTOR_ENERGY, "Солнечная электростанция 50 МВт в Навои",
     "Панели и монтаж — Узбекистан, опорные конструкции — Казахстан, инверторы — Китай.", "纳沃伊50兆瓦太阳能电站",
     "50 MW solar power plant in Navoi", {UZ, KZ, CN, -1}, {4500, 3000, 2500}, 42e6, 0, PRJ_SIGNED_OFF, 0},
    {SECTOR_TRANSPORT, "Терминал контейнерных перевозок Достык — Алашанькоу",
     "Модернизация перегрузочного терминала на границе Казахстана и Китая.", "多斯特克—阿拉山口集装箱转运站",
     "Dostyk–Alashankou container transfer terminal", {KZ, CN, RU, -1}, {4000, 4000, 2000}, 65e6, 0, PRJ_ENDORSED,
     1},
    {SECTOR_AGRICULTURE, "Переработка хлопка и выпуск технического текстиля",
     "Сбыт и переработка в Китае, хлопок из Узбекистана, оборудование из России.", "棉花加工与产业用纺织品生产",
     "Cotton processing and technical textiles", {CN, UZ, RU, -1}, {4000, 3500, 2500}, 27e6, 1, PRJ_SUBMITTED, 2},
    {SECTOR_INDUSTRY, "Сборка сельскохозяйственной техники в Казахстане",
     "Узлы из России и Китая, сборка и сервис в Костанае.", "哈萨克斯坦农业机械组装",
     "Assembly of agricultural machinery in Kazakhstan", {KZ, RU, CN, UZ}, {4000, 2500, 2500, 1000}, 33e6, 0,
     PRJ_IMPLEMENTATION, 0},
    {SECTOR_ENERGY, "Модернизация подстанций 220 кВ в Ферганской долине",
     "Трансформаторы из Китая, монтаж и наладка — Узбекистан и Россия.", "费尔干纳盆地220千伏变电站改造",
     "Upgrade of 220 kV substations in the Fergana Valley", {UZ, CN, RU, -1}, {5000, 3000, 2000}, 21e6, 0,
     PRJ_COMPLETED, 4},
    {SECTOR_FINANCE, "Фонд торгового финансирования для МСП в рамках ШОС",
     "Гарантии по экспортным контрактам малых и средних предприятий.", "上合组织中小企业贸易融资基金",
     "SCO trade finance facility for SMEs", {RU, KZ, UZ, -1}, {4000, 3000, 3000}, 50e6, 1, PRJ_CANCELLED, 3},
};

static int make_project(hk_store *st, const demo_people *p, const demo_plan *pl, hk_err *err)
{
    project x;
    memset(&x, 0, sizeof x);
    x.sector = pl->sector;
    x.texts = calloc(3, sizeof *x.texts);
    x.partners = calloc(4, sizeof *x.partners);
    x.milestones = calloc(3, sizeof *x.milestones);
    x.interest_ids = calloc(1, sizeof *x.interest_ids);
    if (!x.texts || !x.partners || !x.milestones || !x.interest_ids) {
        project_free(&x);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory");
    }
    x.texts[0] = (project_text){strdup("ru"), ORIGIN_ORIGINAL, strdup(pl->ru), strdup(pl->ru_summary)};
    x.texts[1] = (project_text){strdup("zh"), ORIGIN_HUMAN, strdup(pl->zh), NULL};
    x.texts[2] = (project_text){strdup("en"), ORIGIN_MACHINE, strdup(pl->en), NULL};
    x.n_texts = 3;
    for (int i = 0; i < 4 && pl->partners[i] >= 0; i++) {
        static const partner_role roles[] = {PROLE_LEAD, PROLE_COPRODUCER, PROLE_SUPPLIER, PROLE_RESEARCH};
        x.partners[i] = (project_partner){.org_id = p->org[pl->partners[i]], .role = roles[i],
                                          .share_bp = pl->shares[i]};
        if (i == 0) {
            x.partners[i].money = pl->budget / 10;
            memcpy(x.partners[i].currency, "USD", 4);
        } else {
            x.partners[i].in_kind = strdup(i == 1 ? "Оборудование и персонал" : "Комплектующие");
        }
        x.n_partners++;
    }
    /* The first milestone falls before the reference date: overdue until done. */
    x.milestones[0] = (project_milestone){.title = strdup("Технико-экономическое обоснование"), .due = "2026-09-30"};
    x.milestones[1] = (project_milestone){.title = strdup("Поставка оборудования"), .due = "2027-06-30"};
    x.milestones[2] = (project_milestone){.title = strdup("Выход на проектную мощность"), .due = "2028-03-31"};
    x.n_milestones = 3;
    x.interest_ids[0] = p->eoi[pl->eoi];
    x.n_interests = 1;
    x.budget = pl->budget;
    memcpy(x.currency, "USD", 4);
    int lead = pl->partners[0];
    int rc = store_project_create(st, &x, p->admin[lead], err);
    int64_t id = x.id;
    project_free(&x);
    if (rc)
        return rc;
    static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    project_document d = {.project_id = id, .name = (char *)"ТЭО.pdf", .content_type = (char *)"application/pdf",
                          .confidential = true};
    if ((rc = store_project_doc_add(st, &d, pdf, sizeof pdf - 1, p->admin[lead], NULL, err)))
        return rc;
    if (pl->stage == PRJ_DRAFT)
        return 0;
    if (pl->stage == PRJ_CANCELLED)
        return store_project_cancel(st, id, "Партнёр вышел из проекта; ищем замену.", 0, p->admin[lead], err);
    for (int i = 0; i < 4 && pl->partners[i] >= 0; i++)
        if ((rc = store_project_signoff(st, id, p->org[pl->partners[i]], 2, p->admin[pl->partners[i]], err)))
            return rc;
    if (pl->stage == PRJ_SIGNED_OFF)
        return store_project_endorse(st, id, 0, p->coord[pl->partners[0]], err); /* one state of three */
    for (int i = 0; i < 4 && pl->partners[i] >= 0; i++)
        if ((rc = store_project_endorse(st, id, 0, p->coord[pl->partners[i]], err)))
            return rc;
    if (pl->stage == PRJ_ENDORSED)
        return 0;
    int b = pl->bank;
    if ((rc = store_project_submit(st, id, &p->bank[b], 1, 0, p->admin[lead], err)))
        return rc;
    project_submission *s;
    size_t n;
    if ((rc = store_project_submissions(st, id, &s, &n, err)))
        return rc;
    int64_t sid = n ? s[0].id : 0;
    project_submissions_free(s, n);
    project_question q = {.submission_id = sid, .author_id = p->banker[b],
                          .body = (char *)"Please attach the land lease and the grid connection approval."};
    if ((rc = store_project_question_add(st, &q, err)))
        return rc;
    project_question a = {.submission_id = sid, .author_id = p->admin[lead],
                          .body = (char *)"Договор аренды на 49 лет и техусловия приложены к ТЭО."};
    if ((rc = store_project_question_add(st, &a, err)) || pl->stage == PRJ_SUBMITTED)
        return rc;
    if ((rc = store_project_decide(st, sid, SUB_APPROVED, pl->budget * 0.7, "USD", NULL, p->banker[b], err)) ||
        (rc = store_project_start(st, id, 0, p->admin[lead], err)) ||
        (rc = store_project_milestone_report(st, id, 0, MS_DONE, "ТЭО утверждено", p->admin[pl->partners[1]], err)))
        return rc;
    if (pl->stage == PRJ_IMPLEMENTATION)
        return store_project_milestone_report(st, id, 1, MS_IN_PROGRESS, "Поставлено 60 % оборудования",
                                              p->admin[pl->partners[2]], err);
    if ((rc = store_project_milestone_report(st, id, 1, MS_DONE, NULL, p->admin[lead], err)) ||
        (rc = store_project_milestone_report(st, id, 2, MS_DONE, "Акт ввода в эксплуатацию", p->admin[lead], err)))
        return rc;
    return store_project_complete(st, id, 0, p->admin[lead], err);
}

int demo_projects(hk_store *st, const char *password, void (*each)(const char *email, const char *what, void *ctx),
                  void *ctx, hk_err *err)
{
    demo_people p;
    memset(&p, 0, sizeof p);
    char hash[AUTH_PWHASH_STRBYTES];
    int rc = auth_password_hash(NULL, password, hash, err);
    if (rc)
        return rc;
    for (int i = 0; i < 4 && !rc; i++) {
        char email[64], lower[3] = {(char)(iso[i][0] + 32), (char)(iso[i][1] + 32), 0};
        snprintf(email, sizeof email, "member.%s@demo.hamkor.org", lower);
        if ((rc = user_id(st, email, &p.admin[i], err)))
            break;
        snprintf(email, sizeof email, "coordinator.%s@demo.hamkor.org", lower);
        if ((rc = user_id(st, email, &p.coord[i], err)))
            break;
        membership *m = NULL;
        size_t n = 0;
        if (!(rc = store_memberships_of_user(st, p.admin[i], &m, &n, err)))
            p.org[i] = n ? m[0].org_id : 0;
        free(m);
        if (!rc && !p.org[i])
            rc = hk_err_set(err, HK_EINVAL, "", "demo: %s is in no organisation", email);
    }
    if (rc)
        return hk_err_set(err, rc, err->field, "demo projects need the demo accounts: %s", err->msg);
    if ((rc = store_begin(st, err)))
        return rc;
    for (size_t i = 0; i < N_BANKS && !rc; i++)
        rc = make_bank(st, i, hash, &p, err);
    if (!rc)
        rc = accepted_interest(st, &p, UZ, KZ, "Металлоконструкции и монтаж, 4000 т в год",
                               "Заказы на литьё и профили для совместного проекта",
                               "Железная дорога Караганда — Ташкент, опыт совместных поставок", &p.eoi[0], err);
    if (!rc)
        rc = accepted_interest(st, &p, CN, RU, "Оборудование для переработки и сервисные центры",
                               "Партнёр по сбыту в Китае", "Общие заказчики в Центральной Азии", &p.eoi[1], err);
    if (!rc)
        rc = demo__partner_meetings(st, p.org, p.admin, p.eoi, err);
    for (size_t i = 0; i < sizeof plans / sizeof plans[0] && !rc; i++)
        rc = make_project(st, &p, &plans[i], err);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    if ((rc = store_commit(st, err)))
        return rc;
    for (size_t i = 0; each && i < N_BANKS; i++) {
        char email[96], what[160];
        snprintf(email, sizeof email, "credit.%s@demo.hamkor.org", banks[i].slug);
        snprintf(what, sizeof what, "financial institution: %s (organisation %lld)", banks[i].en,
                 (long long)p.bank[i]);
        each(email, what, ctx);
    }
    return 0;
}
