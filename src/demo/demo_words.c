/*
 * demo_words.c - the demo's small shared vocabularies (sector words for
 * organisation names and capabilities, quantity units per language) and
 * helpers every generator file uses: the bounded text buffer and civil
 * date arithmetic (days since 1970, so dates never depend on the clock
 * or the time zone).
 */
#include <stdio.h>
#include <string.h>

#include "demo/demo_int.h"
#include "hk_utf8.h"

/* ---- bounded buffer ---- */

void demo_buf_init(demo_buf *b, char *storage, size_t cap)
{
    b->p = storage;
    b->cap = cap;
    demo_buf_reset(b);
}

void demo_buf_reset(demo_buf *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->cap)
        b->p[0] = '\0';
}

void demo_buf_puts(demo_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->overflow = true;
        return;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

void demo_buf_printf(demo_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= b->cap - b->len) {
        b->overflow = true;
        b->p[b->len] = '\0';
        return;
    }
    b->len += (size_t)n;
}

void demo_buf_capitalise(demo_buf *b, size_t off)
{
    if (off >= b->len)
        return;
    char *s = b->p + off;
    if (*s >= 'a' && *s <= 'z') {
        *s = (char)(*s - 32);
        return;
    }
    uint32_t cp;
    int k = hk_utf8_decode(s, &cp);
    uint32_t up = cp;
    if (cp >= 0x430 && cp <= 0x44F)
        up = cp - 0x20;
    else if (cp >= 0x450 && cp <= 0x45F)
        up = cp - 0x50;
    else if (cp >= 0x460 && cp <= 0x4FF && (cp & 1))
        up = cp - 1;
    if (up == cp)
        return;
    char enc[4];
    /* Cyrillic capitals take as many bytes as their small letters. */
    if (hk_utf8_encode(up, enc) == k)
        memcpy(s, enc, (size_t)k);
}

/* ---- sectors ---- */

static const demo_sector_words sectors[DEMO_SEC__COUNT] = {
    [DEMO_SEC_METAL] = {"Steel", "Metallurgy", "сталь", "металлургии", "钢铁", "冶金", "Metallurgiya", "Металлургия", "Металлургия", "Металлурги", "فولاد", "Çelik",
                        {"electric arc furnace steelmaking", "hot and cold rolling", "pipe welding and heat treatment"},
                        {"electric arc furnace", "continuous casting machine", "rolling mill"}},
    [DEMO_SEC_CASTING] = {"Foundry", "Foundry Engineering", "лит", "литейного производства", "精密铸造", "铸造", "Quyuvchilik", "Құю", "Рехтагарӣ", "Цутгамал", "ریخته‌گری", "Döküm",
                          {"high-pressure aluminium die casting", "sand and investment casting", "CNC machining of castings"},
                          {"cold-chamber die casting machines", "induction melting furnaces", "5-axis CNC machining centres"}},
    [DEMO_SEC_MACHINERY] = {"Machinery", "Mechanical Engineering", "маш", "машиностроения", "机械", "机械", "Mashinasozlik", "Машина жасау", "Мошинсозӣ", "Машин үйлдвэр", "ماشین‌سازی", "Makina",
                            {"welding and assembly of machinery", "gear cutting and grinding", "hydraulic system assembly"},
                            {"CNC machining centres", "gear hobbing machines", "robotic welding cells"}},
    [DEMO_SEC_AUTO] = {"Auto Components", "Automotive Engineering", "авто", "автомобилестроения", "汽车零部件", "汽车", "Avtosanoat", "Автоөнеркәсіп", "Автосозӣ", "Авто", "قطعه‌سازی خودرو", "Otomotiv",
                       {"stamping and welding of body parts", "injection moulding of interior parts", "assembly of vehicle modules"},
                       {"transfer presses", "injection moulding machines", "vehicle assembly lines"}},
    [DEMO_SEC_AGRIMACH] = {"Agro Machinery", "Agricultural Machinery", "агромаш", "сельскохозяйственного машиностроения", "农业机械", "农机", "Agromash", "Агромаш", "Агромаш", "Хөдөө аж ахуйн машин", "ماشین‌آلات کشاورزی", "Tarım Makinaları",
                           {"assembly of tractors and harvesters", "frame welding", "powder painting"},
                           {"tractor assembly lines", "robotic welding cells", "painting booths"}},
    [DEMO_SEC_ELECTRICAL] = {"Electric", "Electrical Engineering", "электро", "электротехники", "电气", "电气", "Elektrotexnika", "Электротехника", "Электротехника", "Цахилгаан", "الکتریک", "Elektrik",
                             {"transformer winding and assembly", "cable extrusion", "switchgear assembly and testing"},
                             {"winding machines", "vacuum drying ovens", "high-voltage test bays"}},
    [DEMO_SEC_ELECTRONICS] = {"Electronics", "Electronics", "электрон", "электроники", "电子", "电子", "Elektronika", "Электроника", "Электроника", "Электроник", "الکترونیک", "Elektronik",
                              {"SMT assembly of printed circuit boards", "firmware development", "electronics testing"},
                              {"SMT pick-and-place lines", "reflow ovens", "automated optical inspection"}},
    [DEMO_SEC_ENERGY] = {"Energy", "Energy", "энерго", "энергетики", "新能源", "能源", "Energetika", "Энергетика", "Энергетика", "Эрчим хүч", "انرژی", "Enerji",
                         {"PV module lamination", "power plant EPC", "turbine assembly"},
                         {"module laminators", "cell stringers", "turbine test benches"}},
    [DEMO_SEC_CHEMICALS] = {"Chemicals", "Chemical Technology", "хим", "химической технологии", "化工", "化工", "Kimyo", "Химия", "Кимиё", "Хими", "شیمیایی", "Kimya",
                            {"ammonia and urea synthesis", "polymerisation", "granulation and bagging"},
                            {"synthesis reactors", "distillation columns", "granulation towers"}},
    [DEMO_SEC_PHARMA] = {"Pharma", "Pharmaceutics", "фарм", "фармацевтики", "制药", "医药", "Farmatsevtika", "Фармацевтика", "Фарматсевтика", "Эм", "دارویی", "İlaç",
                         {"tablet pressing and coating", "sterile filling", "quality control laboratory"},
                         {"rotary tablet presses", "aseptic filling lines", "HPLC analysers"}},
    [DEMO_SEC_TEXTILES] = {"Textile", "Textile Industry", "текс", "текстильной промышленности", "纺织", "纺织", "To'qimachilik", "Тоқыма", "Нассоҷӣ", "Нэхмэл", "نساجی", "Tekstil",
                           {"ring and open-end spinning", "weaving and dyeing", "garment sewing"},
                           {"ring spinning frames", "air-jet looms", "sewing lines"}},
    [DEMO_SEC_FOOD] = {"Foods", "Food Industry", "продукт", "пищевой промышленности", "食品", "食品", "Oziq-ovqat", "Азық-түлік", "Ғизо", "Хүнс", "غذایی", "Gıda",
                       {"fruit and vegetable processing", "aseptic packaging", "cold storage"},
                       {"processing lines", "aseptic fillers", "cold stores"}},
    [DEMO_SEC_BUILDING] = {"Building Materials", "Building Materials", "строй", "строительных материалов", "建材", "建材", "Qurilish materiallari", "Құрылыс материалдары", "Масолеҳи сохтмонӣ", "Барилгын материал", "مصالح ساختمانی", "Yapı Malzemeleri",
                           {"clinker burning", "tile pressing and firing", "precast concrete production"},
                           {"rotary kilns", "hydraulic tile presses", "roller kilns"}},
    [DEMO_SEC_MINING] = {"Mining", "Mining", "руда", "горного дела", "矿业", "矿业", "Kon", "Тау-кен", "Кӯҳӣ", "Уул уурхай", "معدنی", "Madencilik",
                         {"open-pit mining", "ore flotation", "exploration drilling"},
                         {"mining dump trucks", "flotation cells", "drilling rigs"}},
    [DEMO_SEC_RAIL] = {"Railcar", "Railway Transport", "вагон", "железнодорожного транспорта", "轨道交通装备", "轨道交通", "Vagonsozlik", "Вагон жасау", "Вагонсозӣ", "Төмөр зам", "واگن‌سازی", "Vagon",
                       {"wagon body welding", "bogie assembly", "wheelset machining"},
                       {"welding jigs", "wheel lathes", "test tracks"}},
    [DEMO_SEC_PLASTICS] = {"Polymers", "Polymer Materials", "полимер", "полимерных материалов", "塑胶", "高分子材料", "Polimer", "Полимер", "Полимер", "Полимер", "پلیمر", "Plastik",
                           {"pipe extrusion", "injection moulding", "film blowing"},
                           {"extrusion lines", "injection moulding machines", "blown film lines"}},
    [DEMO_SEC_WOOD] = {"Timber", "Woodworking", "лес", "деревообработки", "木业", "木材加工", "Yog'ochsozlik", "Ағаш өңдеу", "Чӯб", "Мод", "چوب", "Orman Ürünleri",
                       {"sawmilling and drying", "panel pressing", "furniture making"},
                       {"band saws", "drying kilns", "CNC panel saws"}},
    [DEMO_SEC_INSTRUMENTS] = {"Instruments", "Instrument Engineering", "прибор", "приборостроения", "仪器仪表", "仪器仪表", "Asbobsozlik", "Аспап жасау", "Асбобсозӣ", "Багаж", "ابزار دقیق", "Ölçü Aletleri",
                              {"precision assembly", "calibration", "sensor manufacturing"},
                              {"calibration benches", "clean rooms", "coordinate measuring machines"}},
    [DEMO_SEC_ENGINEERING] = {"Engineering", "Industrial Engineering", "инжиниринг", "промышленного инжиниринга", "工程技术", "工程技术", "Muhandislik", "Инжиниринг", "Муҳандисӣ", "Инженеринг", "مهندسی", "Mühendislik",
                              {"process engineering", "3D design and simulation", "laboratory testing"},
                              {"accredited test laboratory", "design workstations", "pilot plant"}},
};

const demo_sector_words *demo_sector_words_of(demo_sector s)
{
    return &sectors[s];
}

/* ---- units ---- */

typedef struct unit_words {
    const char *key, *en, *ru, *zh, *uz, *kk;
} unit_words;

static const unit_words units[] = {
    {"t", "t", "т", "吨", "t", "т"},
    {"kg", "kg", "кг", "公斤", "kg", "кг"},
    {"pcs", "pcs", "шт.", "件", "dona", "дана"},
    {"m", "m", "м", "米", "m", "м"},
    {"km", "km", "км", "公里", "km", "км"},
    {"m2", "m²", "м²", "平方米", "m²", "м²"},
    {"m3", "m³", "м³", "立方米", "m³", "м³"},
    {"sets", "sets", "компл.", "套", "komplekt", "жиынтық"},
    {"MW", "MW", "МВт", "兆瓦", "MVt", "МВт"},
    {"MWh", "MWh", "МВт·ч", "兆瓦时", "MVt·soat", "МВт·сағ"},
    {"doses", "doses", "доз", "剂", "doza", "доза"},
    {"pairs", "pairs", "пар", "双", "juft", "жұп"},
    {"l", "l", "л", "升", "l", "л"},
    {"hours", "hours", "ч", "小时", "soat", "сағат"},
};

const char *demo_unit_word(const char *unit, const char *lang)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        const unit_words *u = &units[i];
        if (strcmp(u->key, unit))
            continue;
        if (!strncmp(lang, "ru", 2))
            return u->ru;
        if (!strncmp(lang, "zh", 2))
            return u->zh;
        if (!strncmp(lang, "uz", 2))
            return u->uz;
        if (!strncmp(lang, "kk", 2))
            return u->kk;
        return u->en;
    }
    return unit;
}

/* ---- dates (Howard Hinnant's civil calendar algorithms) ---- */

int64_t demo_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void demo_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

void demo_format_date(int64_t days, char out[11])
{
    int y, m, d;
    demo_civil_from_days(days, &y, &m, &d);
    /* Written digit by digit: years stay within 0..9999 here. */
    y = ((y % 10000) + 10000) % 10000;
    const int v[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, d / 10, d % 10};
    for (int i = 0, j = 0; i < 10; i++)
        out[i] = (i == 4 || i == 7) ? '-' : (char)('0' + v[j++]);
    out[10] = '\0';
}
