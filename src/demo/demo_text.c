/*
 * demo_text.c - titles and descriptions of the demo's listings in
 * English, Russian, Chinese, Uzbek (Latin, and Cyrillic by
 * transliteration) and Kazakh (Cyrillic, and Latin by transliteration).
 *
 * Every language has the same templates in the same order, indexed by
 * direction, kind and variant, so that a translation next to an original
 * says the same thing, as a human translator's would. Templates name the
 * product in a set phrase ("Закупаем: ...", "采购...") so that product
 * names never need inflecting.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo_int.h"
#include "model/model.h"

enum { L_EN, L_RU, L_ZH, L_UZ, L_KK, L__COUNT };

typedef struct lang_templates {
    const char *title[DIR__COUNT][KIND__COUNT][2];
    const char *intro[DIR__COUNT][KIND__COUNT];
    const char *capacity;      /* amount, unit */
    const char *volume;        /* amount, unit, period */
    const char *period[3];     /* year, month, batch */
    const char *site;          /* city, country (zh: country, city) */
    const char *certs;         /* list */
    const char *targets;       /* list */
    const char *deadline;      /* date */
    const char *invest;        /* amount in million USD */
    const char *hs;            /* heading(s) */
    const char *closing;
    const char *sep;           /* list separator */
    char thousands;            /* 0: none; ',' or ' ' */
} lang_templates;

static const lang_templates T[L__COUNT] = {
    [L_EN] = {
        .title = {{{"Co-production of %s with a partner", "We offer co-production of %s"},
                   {"We offer contract manufacturing of %s", "Subcontracting capacity available: %s"},
                   {"Supply of %s from the manufacturer", "We supply %s"},
                   {"Technology licence for the production of %s", "Know-how and technology transfer: %s"},
                   {"Ready to invest in %s production", "Investment offered for %s projects"},
                   {"Joint R&D and testing: %s", "Research partnership offered: %s"}},
                  {{"Seeking a co-production partner for %s", "Partner wanted for joint production of %s"},
                   {"Contract manufacturer wanted for %s", "Looking for a subcontractor: %s"},
                   {"Buying %s", "Supplier wanted: %s"},
                   {"Looking for technology to produce %s", "Technology wanted: %s"},
                   {"Investor sought for a %s plant", "Seeking financing for %s production"},
                   {"Research partner sought: %s", "Looking for R&D cooperation on %s"}}},
        .intro = {{"We want to expand production of %s together with a partner and can contribute equipment, qualified staff and an existing customer base.",
                   "We manufacture %s to customer drawings and specifications, from prototypes to series production.",
                   "We produce and supply %s with full quality documentation.",
                   "We license our proven technology for the production of %s, including documentation, training and start-up support.",
                   "We are prepared to invest in a company or project producing %s, as an equity partner or through supplier financing.",
                   "Our laboratories offer joint research, development and testing in the field of %s."},
                  {"We are seeking a partner for the joint production of %s, with part of the production localised at our site.",
                   "We need a reliable contract manufacturer for %s to our drawings.",
                   "We are buying %s on a long-term contract.",
                   "We are looking for a licensor or technology partner for the production of %s.",
                   "We are raising investment for a project to produce %s; the business plan and the site are ready.",
                   "We are looking for a research institute or university for joint work on %s."}},
        .capacity = "Production capacity: %s %s per year.",
        .volume = "Required volume: %s %s %s.",
        .period = {"per year", "per month", "per batch"},
        .site = "Location: %s, %s.",
        .certs = "Certified: %s.",
        .targets = "Partners from %s are preferred.",
        .deadline = "Proposals are accepted until %s.",
        .invest = "Planned investment: USD %s million.",
        .hs = "HS heading %s.",
        .closing = "Contact us through hamkor to discuss terms.",
        .sep = ", ",
        .thousands = ',',
    },
    [L_RU] = {
        .title = {{{"Предлагаем совместное производство: %s", "Кооперация в производстве: %s"},
                   {"Контрактное производство по чертежам заказчика: %s", "Выполним заказ на изготовление: %s"},
                   {"Поставка от производителя: %s", "Предлагаем к поставке: %s"},
                   {"Лицензия и технология производства: %s", "Передача технологии: %s"},
                   {"Готовы инвестировать в производство: %s", "Инвестиции в проекты: %s"},
                   {"Совместные НИОКР и испытания: %s", "Научное партнёрство: %s"}},
                  {{"Ищем партнёра по совместному производству: %s", "Требуется партнёр для кооперации: %s"},
                   {"Требуется подрядчик на изготовление: %s", "Ищем контрактного производителя: %s"},
                   {"Закупаем: %s", "Ищем поставщика: %s"},
                   {"Ищем технологию производства: %s", "Требуется технология: %s"},
                   {"Ищем инвестора для проекта: %s", "Привлекаем финансирование в производство: %s"},
                   {"Ищем научного партнёра: %s", "Требуются совместные исследования: %s"}}},
        .intro = {{"Готовы расширить выпуск продукции совместно с партнёром (%s): предоставим оборудование, квалифицированный персонал и действующую клиентскую базу.",
                   "Изготавливаем по чертежам и техническим условиям заказчика: %s — от опытных образцов до серийного производства.",
                   "Производим и поставляем: %s, с полным комплектом документов о качестве.",
                   "Предлагаем лицензию на отработанную технологию производства (%s), включая документацию, обучение и пусконаладку.",
                   "Готовы инвестировать в предприятие или проект по выпуску продукции (%s): долевое участие или финансирование поставок.",
                   "Наши лаборатории предлагают совместные исследования, разработки и испытания по направлению: %s."},
                  {"Ищем партнёра для совместного производства (%s) с локализацией части производства на нашей площадке.",
                   "Требуется надёжный контрактный производитель по нашим чертежам: %s.",
                   "Закупаем по долгосрочному контракту: %s.",
                   "Ищем лицензиара или технологического партнёра для организации производства: %s.",
                   "Привлекаем инвестиции в проект производства (%s); бизнес-план и площадка подготовлены.",
                   "Ищем научно-исследовательский институт или университет для совместной работы по направлению: %s."}},
        .capacity = "Производственная мощность: %s %s в год.",
        .volume = "Требуемый объём: %s %s %s.",
        .period = {"в год", "в месяц", "на партию"},
        .site = "Площадка: %s, %s.",
        .certs = "Сертификаты: %s.",
        .targets = "Приоритетные страны партнёров: %s.",
        .deadline = "Предложения принимаются до %s.",
        .invest = "Объём инвестиций: %s млн долларов США.",
        .hs = "Код ТН ВЭД: %s.",
        .closing = "Условия обсудим через платформу hamkor.",
        .sep = ", ",
        .thousands = ' ',
    },
    [L_ZH] = {
        .title = {{{"提供%s合作生产", "%s合作生产项目"},
                   {"承接%s来图来样加工", "提供%s代工服务"},
                   {"厂家直供%s", "长期供应%s"},
                   {"%s生产技术转让", "%s技术许可"},
                   {"投资%s生产项目", "寻找%s投资项目"},
                   {"%s联合研发与检测", "提供%s科研合作"}},
                  {{"寻求%s合作生产伙伴", "诚邀%s合作生产伙伴"},
                   {"寻找%s代工企业", "%s外协加工需求"},
                   {"采购%s", "寻找%s供应商"},
                   {"引进%s生产技术", "寻求%s技术合作"},
                   {"%s项目寻求投资", "%s生产项目融资需求"},
                   {"寻求%s科研合作伙伴", "%s联合研发需求"}}},
        .intro = {{"我公司希望与合作伙伴共同扩大%s的生产，可提供设备、熟练员工和现有客户资源。",
                   "按客户图纸和技术要求加工%s，可承接样品试制到批量生产。",
                   "我公司生产并供应%s，质量文件齐全。",
                   "转让成熟的%s生产技术，包括技术文件、人员培训和开车调试。",
                   "我方愿以股权投资或供应链融资方式投资%s生产企业或项目。",
                   "我方实验室可在%s领域开展联合研发与检测。"},
                  {"寻求%s合作生产伙伴，可将部分生产环节本地化至我方厂区。",
                   "需要可靠的代工企业按我方图纸加工%s。",
                   "长期采购%s。",
                   "寻找%s生产技术的许可方或技术合作伙伴。",
                   "%s生产项目寻求投资，商业计划书和厂址已落实。",
                   "寻找科研院所或高校在%s方面开展联合研究。"}},
        .capacity = "年产能：%s%s。",
        .volume = "需求量：%s%s（%s）。",
        .period = {"每年", "每月", "每批"},
        .site = "所在地：%s%s。",
        .certs = "已通过认证：%s。",
        .targets = "优先考虑来自%s的合作伙伴。",
        .deadline = "报价截止日期：%s。",
        .invest = "计划投资额：%s百万美元。",
        .hs = "海关编码（HS）：%s。",
        .closing = "欢迎通过hamkor平台洽谈。",
        .sep = "、",
        .thousands = 0,
    },
    [L_UZ] = {
        .title = {{{"%s: qo'shma ishlab chiqarish taklifi", "%s ishlab chiqarishda hamkorlik taklif qilamiz"},
                   {"%s: buyurtma asosida ishlab chiqarish", "%s tayyorlash bo'yicha pudrat xizmatlari"},
                   {"%s yetkazib beramiz", "Ishlab chiqaruvchidan: %s"},
                   {"%s ishlab chiqarish texnologiyasi litsenziyasi", "%s: texnologiya transferi"},
                   {"%s ishlab chiqarishga investitsiya kiritamiz", "%s loyihalariga investitsiya"},
                   {"%s bo'yicha qo'shma ilmiy tadqiqotlar", "%s: ilmiy hamkorlik taklifi"}},
                  {{"%s ishlab chiqarish bo'yicha hamkor izlaymiz", "%s: qo'shma ishlab chiqarish uchun hamkor kerak"},
                   {"%s tayyorlash uchun pudratchi izlaymiz", "%s: buyurtma asosida ishlab chiqaruvchi kerak"},
                   {"%s sotib olamiz", "%s yetkazib beruvchi izlaymiz"},
                   {"%s ishlab chiqarish texnologiyasini izlaymiz", "%s: texnologiya kerak"},
                   {"%s loyihasiga investor izlaymiz", "%s ishlab chiqarish uchun moliyalashtirish izlaymiz"},
                   {"%s bo'yicha ilmiy hamkor izlaymiz", "%s: qo'shma tadqiqotlar uchun hamkor kerak"}}},
        .intro = {{"Hamkor bilan birgalikda %s ishlab chiqarishni kengaytirishga tayyormiz: uskunalar, malakali xodimlar va mijozlar bazasi mavjud.",
                   "Buyurtmachining chizmalari asosida %s tayyorlaymiz, namunadan seriyali ishlab chiqarishgacha.",
                   "Biz %s ishlab chiqaramiz va sifat hujjatlari bilan yetkazib beramiz.",
                   "%s ishlab chiqarish texnologiyasi litsenziyasini taklif qilamiz: hujjatlar, o'qitish va ishga tushirish.",
                   "%s ishlab chiqaruvchi korxona yoki loyihaga investitsiya kiritishga tayyormiz.",
                   "Laboratoriyalarimiz %s bo'yicha qo'shma tadqiqotlar va sinovlarni taklif qiladi."},
                  {"%s qo'shma ishlab chiqarish uchun hamkor izlaymiz, ishlab chiqarishning bir qismi bizning maydonchamizda mahalliylashtiriladi.",
                   "Chizmalarimiz asosida %s tayyorlaydigan ishonchli pudratchi kerak.",
                   "Uzoq muddatli shartnoma asosida %s sotib olamiz.",
                   "%s ishlab chiqarish uchun litsenziar yoki texnologik hamkor izlaymiz.",
                   "%s ishlab chiqarish loyihasiga investitsiya jalb qilamiz; biznes-reja va maydon tayyor.",
                   "%s bo'yicha qo'shma ish uchun ilmiy-tadqiqot instituti yoki universitet izlaymiz."}},
        .capacity = "Ishlab chiqarish quvvati: yiliga %s %s.",
        .volume = "Talab qilinadigan hajm: %s %s (%s).",
        .period = {"yiliga", "oyiga", "har partiyada"},
        .site = "Joylashuv: %s, %s.",
        .certs = "Sertifikatlar: %s.",
        .targets = "Afzal ko'rilgan hamkor davlatlar: %s.",
        .deadline = "Takliflar %s gacha qabul qilinadi.",
        .invest = "Rejalashtirilgan investitsiya: %s mln AQSh dollari.",
        .hs = "TIF TN kodi: %s.",
        .closing = "Shartlarni hamkor platformasi orqali muhokama qilamiz.",
        .sep = ", ",
        .thousands = ' ',
    },
    [L_KK] = {
        .title = {{{"%s: бірлескен өндіріс ұсынысы", "%s өндірісінде ынтымақтастық ұсынамыз"},
                   {"%s: тапсырыс бойынша өндіріс", "%s дайындау бойынша мердігерлік қызмет"},
                   {"%s жеткіземіз", "Өндірушіден: %s"},
                   {"%s өндіру технологиясының лицензиясы", "%s: технология трансфері"},
                   {"%s өндірісіне инвестиция саламыз", "%s жобаларына инвестиция"},
                   {"%s бойынша бірлескен ғылыми зерттеулер", "%s: ғылыми ынтымақтастық ұсынысы"}},
                  {{"%s өндірісі бойынша серіктес іздейміз", "%s: бірлескен өндіріске серіктес қажет"},
                   {"%s дайындауға мердігер іздейміз", "%s: тапсырыс бойынша өндіруші қажет"},
                   {"%s сатып аламыз", "%s жеткізушісін іздейміз"},
                   {"%s өндіру технологиясын іздейміз", "%s: технология қажет"},
                   {"%s жобасына инвестор іздейміз", "%s өндірісіне қаржыландыру іздейміз"},
                   {"%s бойынша ғылыми серіктес іздейміз", "%s: бірлескен зерттеулерге серіктес қажет"}}},
        .intro = {{"Серіктеспен бірге %s өндірісін кеңейтуге дайынбыз: жабдықтар, білікті мамандар және тұтынушылар базасы бар.",
                   "Тапсырыс берушінің сызбалары бойынша %s дайындаймыз, үлгіден сериялық өндіріске дейін.",
                   "Біз %s өндіреміз және сапа құжаттарымен жеткіземіз.",
                   "%s өндіру технологиясының лицензиясын ұсынамыз: құжаттама, оқыту және іске қосу.",
                   "%s өндіретін кәсіпорынға немесе жобаға инвестиция салуға дайынбыз.",
                   "Зертханаларымыз %s бойынша бірлескен зерттеулер мен сынақтарды ұсынады."},
                  {"%s бірлескен өндірісі үшін серіктес іздейміз, өндірістің бір бөлігі біздің алаңға орналастырылады.",
                   "Сызбаларымыз бойынша %s дайындайтын сенімді мердігер қажет.",
                   "Ұзақ мерзімді келісімшарт бойынша %s сатып аламыз.",
                   "%s өндірісі үшін лицензиар немесе технологиялық серіктес іздейміз.",
                   "%s өндірісі жобасына инвестиция тартамыз; бизнес-жоспар мен алаң дайын.",
                   "%s бойынша бірлескен жұмыс үшін ғылыми-зерттеу институтын немесе университетті іздейміз."}},
        .capacity = "Өндірістік қуаты: жылына %s %s.",
        .volume = "Қажетті көлем: %s %s (%s).",
        .period = {"жылына", "айына", "әр партияға"},
        .site = "Орналасқан жері: %s, %s.",
        .certs = "Сертификаттар: %s.",
        .targets = "Басым серіктес елдер: %s.",
        .deadline = "Ұсыныстар %s дейін қабылданады.",
        .invest = "Жоспарланған инвестиция: %s млн АҚШ доллары.",
        .hs = "СЭҚ ТН коды: %s.",
        .closing = "Шарттарды hamkor платформасы арқылы талқылаймыз.",
        .sep = ", ",
        .thousands = ' ',
    },
};

static int lang_index(const char *lang)
{
    if (!strncmp(lang, "ru", 2))
        return L_RU;
    if (!strncmp(lang, "zh", 2))
        return L_ZH;
    if (!strncmp(lang, "uz", 2))
        return L_UZ;
    if (!strncmp(lang, "kk", 2))
        return L_KK;
    return L_EN;
}

bool demo_product_has_lang(const demo_product *p, const char *lang)
{
    switch (lang_index(lang)) {
    case L_UZ:
        return p->uz != NULL;
    case L_KK:
        return p->kk != NULL;
    default:
        return true;
    }
}

/* Formats a whole number with the language's thousands separator. */
static void fmt_amount(double v, char sep, char *out, size_t cap)
{
    char digits[32];
    if (v >= 1e15 || v < 0)
        v = 0;
    if (v != floor(v)) {
        snprintf(out, cap, "%.1f", v);
        if (sep == ' ' || sep == 0) {
            char *dot = strchr(out, '.');
            if (dot && sep == ' ')
                *dot = ',';
        }
        return;
    }
    snprintf(digits, sizeof digits, "%.0f", v);
    size_t n = strlen(digits), j = 0;
    for (size_t i = 0; i < n && j + 2 < cap; i++) {
        if (sep && i && (n - i) % 3 == 0)
            out[j++] = sep;
        out[j++] = digits[i];
    }
    out[j] = '\0';
}

/* Dates as each language writes them: ISO in English, DD.MM.YYYY in
 * Russian, Uzbek and Kazakh, Y年M月D日 in Chinese. */
static void fmt_date(const char *iso, int l, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;
    sscanf(iso, "%d-%d-%d", &y, &m, &d);
    if (l == L_EN)
        snprintf(out, cap, "%s", iso);
    else if (l == L_ZH)
        snprintf(out, cap, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, cap, "%02d.%02d.%04d", d, m, y);
}

static const char *product_word(const demo_product *p, int l)
{
    switch (l) {
    case L_RU:
        return p->ru;
    case L_ZH:
        return p->zh;
    case L_UZ:
        return p->uz ? p->uz : p->en;
    case L_KK:
        return p->kk ? p->kk : p->ru;
    default:
        return p->en;
    }
}

static void put_sentence(demo_buf *d, int l)
{
    /* Chinese runs sentences together; the others separate them. */
    if (d->len && l != L_ZH)
        demo_buf_puts(d, " ");
}

static void append_list(demo_buf *b, const char *const *items, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            demo_buf_puts(b, sep);
        demo_buf_puts(b, items[i]);
    }
}

static int write_native(const demo_text_in *in, int l, demo_buf *title, demo_buf *desc, demo_buf *tmp)
{
    const lang_templates *t = &T[l];
    const demo_product *p = in->product;
    const char *pw = product_word(p, l);
    char num[48], date[48];

    demo_buf_reset(title);
    demo_buf_printf(title, t->title[in->direction][in->kind][in->variant & 1], pw);
    demo_buf_capitalise(title, 0);

    demo_buf_reset(desc);
    demo_buf_printf(desc, t->intro[in->direction][in->kind], pw);
    demo_buf_capitalise(desc, 0);

    if (in->amount > 0) {
        fmt_amount(in->amount, t->thousands, num, sizeof num);
        const char *unit = demo_unit_word(p->unit, l == L_EN ? "en" : l == L_RU ? "ru" : l == L_ZH ? "zh" : l == L_UZ ? "uz" : "kk");
        put_sentence(desc, l);
        if (in->direction == DIR_OFFER) {
            demo_buf_printf(desc, t->capacity, num, unit);
        } else {
            int pi = !strcmp(in->period, "month") ? 1 : !strcmp(in->period, "batch") ? 2 : 0;
            demo_buf_printf(desc, t->volume, num, unit, t->period[pi]);
        }
    }
    if (in->invest_musd > 0) {
        fmt_amount(in->invest_musd, t->thousands, num, sizeof num);
        put_sentence(desc, l);
        demo_buf_printf(desc, t->invest, num);
    }

    const demo_city *c = in->city;
    const char *city = l == L_RU ? c->ru : l == L_ZH ? c->zh : c->en;
    if (l == L_UZ)
        city = !strcmp(c->iso2, "UZ") ? c->local : c->en;
    else if (l == L_KK)
        city = !strcmp(c->iso2, "KZ") ? c->local : c->ru;
    const char *ctry = l == L_RU ? in->country_ru : l == L_ZH ? in->country_zh : l == L_UZ ? in->country_uz
                        : l == L_KK ? in->country_kk : in->country_en;
    put_sentence(desc, l);
    if (l == L_ZH)
        demo_buf_printf(desc, t->site, ctry, city);
    else
        demo_buf_printf(desc, t->site, city, ctry);

    if (in->n_certs) {
        demo_buf_reset(tmp);
        append_list(tmp, in->certs, in->n_certs, t->sep);
        put_sentence(desc, l);
        demo_buf_printf(desc, t->certs, tmp->p);
    }
    if (in->n_targets) {
        const char *const *names = l == L_RU ? in->target_ru : l == L_ZH ? in->target_zh : l == L_UZ ? in->target_uz
                                 : l == L_KK ? in->target_kk : in->target_en;
        demo_buf_reset(tmp);
        append_list(tmp, names, in->n_targets, t->sep);
        put_sentence(desc, l);
        demo_buf_printf(desc, t->targets, tmp->p);
    }
    if (in->deadline) {
        fmt_date(in->deadline, l, date, sizeof date);
        put_sentence(desc, l);
        demo_buf_printf(desc, t->deadline, date);
    }
    if (in->show_hs && p->hs[0]) {
        demo_buf_reset(tmp);
        for (int i = 0; i < 3 && p->hs[i]; i++) {
            if (i)
                demo_buf_puts(tmp, t->sep);
            demo_buf_puts(tmp, p->hs[i]);
        }
        put_sentence(desc, l);
        demo_buf_printf(desc, t->hs, tmp->p);
    }
    put_sentence(desc, l);
    demo_buf_puts(desc, t->closing);
    return title->overflow || desc->overflow || tmp->overflow ? -1 : 0;
}

int demo_write_text(const demo_text_in *in, const char *lang, demo_buf *title, demo_buf *description,
                    demo_buf *tmp, hk_err *err)
{
    int l = lang_index(lang);
    bool uz_cyrl = !strcmp(lang, "uz-Cyrl"), kk_latn = !strcmp(lang, "kk-Latn");
    int rc = write_native(in, l, title, description, tmp);
    if (!rc && (uz_cyrl || kk_latn)) {
        /* The second script is written from the first, as people do. */
        int (*conv)(const char *, char *, size_t) = uz_cyrl ? demo_uz_latn_to_cyrl : demo_kk_cyrl_to_latn;
        demo_buf_reset(tmp);
        int n = conv(title->p, tmp->p, tmp->cap);
        if (n < 0 || (size_t)n >= title->cap)
            rc = -1;
        else {
            memcpy(title->p, tmp->p, (size_t)n + 1);
            title->len = (size_t)n;
            n = conv(description->p, tmp->p, tmp->cap);
            if (n < 0 || (size_t)n >= description->cap)
                rc = -1;
            else {
                memcpy(description->p, tmp->p, (size_t)n + 1);
                description->len = (size_t)n;
            }
        }
    }
    if (rc)
        return hk_err_set(err, HK_EINTERNAL, "texts", "a demo listing text did not fit its buffer");
    return 0;
}
