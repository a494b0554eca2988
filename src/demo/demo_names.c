/*
 * demo_names.c - names and national registry ids for the demo's
 * organisations, in the way each country writes them: a Russian
 * «Уралхим» with its legal form, an Uzbek name in Latin and Cyrillic, a
 * Kazakh name in Cyrillic and the 2021 Latin alphabet, a Chinese
 * city + brand + trade + 有限公司 name, each with an English alias; and
 * ids in each scheme's format with its check digit where the scheme
 * publishes one (INN, USCC, BIN, UNP, Iranian national id, VKN).
 */
#include <stdio.h>
#include <string.h>

#include "demo/demo_int.h"
#include "model/model.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Appends "{C}", "{S}" and "{B}" of tpl replaced by c, s and b. */
static void expand(demo_buf *out, const char *tpl, const char *c, const char *s, const char *b)
{
    char one[2] = {0, 0};
    for (const char *p = tpl; *p; p++) {
        if (p[0] == '{' && p[1] && p[2] == '}' && strchr("CSB", p[1])) {
            demo_buf_puts(out, p[1] == 'C' ? c : p[1] == 'S' ? s : b);
            p += 2;
        } else {
            one[0] = *p;
            demo_buf_puts(out, one);
        }
    }
}

/* ASCII form of a stem for the English alias and the web host. */
static void stem_ascii(const demo_stem *st, char *out, size_t cap)
{
    if (st->latin) {
        snprintf(out, cap, "%s", st->latin);
        return;
    }
    /* Cyrillic stems are transliterated; Latin ones lose their
     * apostrophes ("Ipak Yo'li" -> "Ipak Yoli"). */
    char tmp[256];
    if (demo_cyrl_to_ascii(st->local, tmp, sizeof tmp) < 0)
        snprintf(tmp, sizeof tmp, "%s", st->local);
    size_t j = 0;
    for (size_t i = 0; tmp[i] && j + 1 < cap; i++)
        if (tmp[i] != '\'')
            out[j++] = tmp[i];
    out[j] = '\0';
}

static void make_slug(const char *a, const char *b, char *out, size_t cap)
{
    size_t j = 0;
    bool dash = false;
    for (int part = 0; part < 2; part++) {
        const char *s = part ? b : a;
        if (part && s && j)
            dash = true;
        for (size_t i = 0; s && s[i] && j + 2 < cap; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && j)
                    out[j++] = '-';
                dash = false;
                out[j++] = c;
            } else if ((unsigned char)c < 0x80) {
                dash = true;
            }
        }
    }
    out[j] = '\0';
    if (!j)
        snprintf(out, cap, "company");
}

typedef struct namer {
    demo_name_out *out;
    demo_buf b[4];    /* one per name, over out->text[i] */
} namer;

static demo_buf *next_name(namer *nm, const char *lang)
{
    demo_name_out *o = nm->out;
    demo_buf *b = &nm->b[o->n];
    demo_buf_init(b, o->text[o->n], sizeof o->text[0]);
    o->lang[o->n] = lang;
    o->n++;
    return b;
}

/* ---- institutions ---- */

enum { IS_EN, IS_RU, IS_ZH, IS_UZ, IS__COUNT };

typedef struct inst_tpl {
    const char *local[IS__COUNT]; /* {C} city, {S} sector field, {B} brand stem */
    const char *en[IS__COUNT];    /* the English alias for each local style */
} inst_tpl;

static const inst_tpl inst[ORG__COUNT] = {
    [ORG_RESEARCH] = {{"{C} Research Institute of {S}", "{C} научно-исследовательский институт {S}", "{C}{S}研究院", "{C} {S} ilmiy-tadqiqot instituti"},
                      {"{C} Research Institute of {S}", "{C} Research Institute of {S}", "{C} Research Institute of {S}", "{C} Research Institute of {S}"}},
    [ORG_UNIVERSITY] = {{"{C} University of Technology", "{C} государственный технический университет", "{C}理工大学", "{C} davlat texnika universiteti"},
                        {"{C} University of Technology", "{C} State Technical University", "{C} University of Technology", "{C} State Technical University"}},
    [ORG_CLUSTER] = {{"{C} {S} Cluster", "{C} кластер {S}", "{C}{S}产业集群", "{C} {S} klasteri"},
                     {"{C} {S} Cluster", "{C} {S} Cluster", "{C} {S} Industrial Cluster", "{C} {S} Cluster"}},
    [ORG_STATE_AGENCY] = {{"{C} Industrial Development Authority", "{C} агентство промышленного развития", "{C}市工业和信息化局", "{C} sanoatni rivojlantirish agentligi"},
                          {"{C} Industrial Development Authority", "{C} Industrial Development Agency", "{C} Municipal Bureau of Industry and Information Technology", "{C} Industrial Development Agency"}},
    [ORG_FINANCIAL] = {{"{B} Industrial Bank", "АО «{B}банк»", "{C}农村商业银行", "\"{B} Bank\" ATB"},
                       {"{B} Industrial Bank", "{B}bank JSC", "{C} Rural Commercial Bank", "{B} Bank JSCB"}},
    [ORG_BUSINESS_ASSOCIATION] = {{"{C} Chamber of Commerce and Industry", "{C} союз промышленников и предпринимателей", "{C}{S}行业协会", "{C} savdo-sanoat palatasi"},
                                  {"{C} Chamber of Commerce and Industry", "{C} Union of Industrialists and Entrepreneurs", "{C} {S} Industry Association", "{C} Chamber of Commerce and Industry"}},
    [ORG_MEDICAL] = {{"{C} General Hospital", "{C} клинический медицинский центр", "{C}市第一人民医院", "{C} ko'p tarmoqli tibbiyot markazi"},
                     {"{C} General Hospital", "{C} Clinical Medical Centre", "{C} First People's Hospital", "{C} Multidisciplinary Medical Centre"}},
    [ORG_OTHER] = {{"{C} Standards and Testing Centre", "{C} центр стандартизации и метрологии", "{C}产品质量监督检验研究院", "{C} standartlashtirish va metrologiya markazi"},
                   {"{C} Standards and Testing Centre", "{C} Centre for Standardisation and Metrology", "{C} Institute of Product Quality Supervision and Inspection", "{C} Centre for Standardisation and Metrology"}},
};

static int name_institution(demo_rng *r, const demo_country *c, const demo_city *city, int t, demo_sector sec,
                            namer *nm)
{
    const demo_sector_words *w = demo_sector_words_of(sec);
    int style = IS_EN;
    if (!strcmp(c->iso2, "CN"))
        style = IS_ZH;
    else if (!strcmp(c->iso2, "UZ"))
        style = IS_UZ;
    else if (city->ru_adj && c->style != NS_EN)
        style = IS_RU;

    const demo_stem *stems = c->style == NS_RU ? c->stems : c->ru_stems ? c->ru_stems : c->stems;
    size_t n_stems = c->style == NS_RU ? c->n_stems : c->ru_stems ? c->n_ru_stems : c->n_stems;
    const demo_stem *st = &stems[demo_rng_below(r, (uint32_t)n_stems)];
    char ascii[128];
    stem_ascii(st, ascii, sizeof ascii);

    const char *local_c = city->en, *local_s = w->en_field, *local_b = ascii, *lang = "en";
    switch (style) {
    case IS_RU:
        local_c = city->ru_adj, local_s = w->ru_gen, local_b = st->local, lang = "ru";
        break;
    case IS_ZH:
        local_c = city->zh, local_s = w->zh_field, local_b = st->local, lang = "zh";
        break;
    case IS_UZ:
        local_c = city->local, local_s = w->uz, local_b = st->local, lang = "uz-Latn";
        break;
    default:
        break;
    }
    demo_buf *b = next_name(nm, lang);
    expand(b, inst[t].local[style], local_c, local_s, local_b);
    if (b->overflow)
        return -1;
    if (style == IS_UZ) {
        demo_buf *cy = next_name(nm, "uz-Cyrl");
        if (demo_uz_latn_to_cyrl(nm->out->text[0], cy->p, cy->cap) < 0)
            return -1;
    }
    if (style != IS_EN) {
        demo_buf *e = next_name(nm, "en");
        expand(e, inst[t].en[style], city->en, w->en_field, ascii);
        if (e->overflow)
            return -1;
    }
    make_slug(t == ORG_FINANCIAL ? ascii : city->en, t == ORG_FINANCIAL ? "bank" : w->en_field, nm->out->slug,
              sizeof nm->out->slug);
    return 0;
}

/* ---- enterprises ---- */

static const char *const ru_mods[] = {"", "", "", "", "-М", " Плюс", "-Сервис", " Групп", "-Техно", "-Профи", "-Центр"};

/* Russian legal forms as written in each country that uses them. */
static void ru_legal(const demo_country *c, int k, const char **local, const char **en)
{
    static const struct {
        const char *iso2, *llc, *jsc, *llc_en, *jsc_en;
    } forms[] = {
        {"RU", "ООО", "АО", "LLC", "JSC"},   {"BY", "ООО", "ОАО", "LLC", "OJSC"}, {"KG", "ОсОО", "ОАО", "LLC", "OJSC"},
        {"KZ", "ТОО", "АО", "LLP", "JSC"},   {"UZ", "ООО", "АО", "LLC", "JSC"},   {"TJ", "ООО", "ОАО", "LLC", "OJSC"},
    };
    for (size_t i = 0; i < N(forms); i++)
        if (!strcmp(forms[i].iso2, c->iso2)) {
            *local = k ? forms[i].jsc : forms[i].llc;
            *en = k ? forms[i].jsc_en : forms[i].llc_en;
            return;
        }
    *local = k ? "АО" : "ООО";
    *en = k ? "JSC" : "LLC";
}

static int name_enterprise(demo_rng *r, const demo_country *c, const demo_city *city, demo_sector sec, namer *nm)
{
    const demo_sector_words *w = demo_sector_words_of(sec);
    int k = demo_rng_below(r, 100) < 80 ? 0 : 1; /* LLC-like or JSC-like */
    bool ru_style = c->style == NS_RU || (c->ru_stems && (int)demo_rng_below(r, 100) < c->ru_share);
    char ascii[128];
    char tmp[512];

    if (ru_style) {
        const demo_stem *stems = c->style == NS_RU ? c->stems : c->ru_stems;
        size_t n = c->style == NS_RU ? c->n_stems : c->n_ru_stems;
        const demo_stem *st = &stems[demo_rng_below(r, (uint32_t)n)];
        const char *mod = ru_mods[demo_rng_below(r, N(ru_mods))];
        const char *legal, *legal_en;
        ru_legal(c, k, &legal, &legal_en);
        char brand[256];
        snprintf(brand, sizeof brand, "%s%s%s", st->local, w->ru_brand, mod);
        demo_buf *b = next_name(nm, "ru");
        demo_buf_printf(b, "%s «%s»", legal, brand);
        if (demo_cyrl_to_ascii(brand, ascii, sizeof ascii) < 0)
            return -1;
        demo_buf *e = next_name(nm, "en");
        demo_buf_printf(e, "%s %s", ascii, legal_en);
        make_slug(ascii, NULL, nm->out->slug, sizeof nm->out->slug);
        return b->overflow || e->overflow ? -1 : 0;
    }

    const demo_stem *st = &c->stems[demo_rng_below(r, (uint32_t)c->n_stems)];
    stem_ascii(st, ascii, sizeof ascii);
    const char *legal = c->legal_local[k], *legal_en = c->legal_en[k];
    demo_buf *b, *e;
    switch (c->style) {
    case NS_UZ: {
        static const char *const cyr_legal[2] = {"МЧЖ", "АЖ"};
        bool cyr_first = demo_rng_below(r, 100) < 30;
        snprintf(tmp, sizeof tmp, "%s %s", st->local, w->uz);
        char cyr[512];
        if (demo_uz_latn_to_cyrl(tmp, cyr, sizeof cyr) < 0)
            return -1;
        for (int pass = 0; pass < 2; pass++) {
            if ((pass == 0) != cyr_first) {
                b = next_name(nm, "uz-Latn");
                demo_buf_printf(b, "\"%s\" %s", tmp, legal);
            } else {
                b = next_name(nm, "uz-Cyrl");
                demo_buf_printf(b, "«%s» %s", cyr, cyr_legal[k]);
            }
            if (b->overflow)
                return -1;
        }
        break;
    }
    case NS_KK: {
        b = next_name(nm, "kk-Cyrl");
        demo_buf_printf(b, "«%s %s» %s", st->local, w->kk, legal);
        demo_buf *l = next_name(nm, "kk-Latn");
        if (b->overflow || demo_kk_cyrl_to_latn(b->p, l->p, l->cap) < 0)
            return -1;
        break;
    }
    case NS_TG:
        b = next_name(nm, "tg");
        demo_buf_printf(b, "%s «%s %s»", legal, st->local, w->tg);
        break;
    case NS_MN:
        b = next_name(nm, "mn");
        demo_buf_printf(b, "%s %s %s", st->local, w->mn, legal);
        break;
    case NS_ZH:
        b = next_name(nm, "zh");
        demo_buf_printf(b, "%s%s%s%s", city->zh, st->local, w->zh_company, legal);
        break;
    case NS_FA:
        b = next_name(nm, "fa");
        demo_buf_printf(b, "%s %s %s", legal, w->fa, st->local);
        break;
    case NS_TR:
        b = next_name(nm, "tr");
        demo_buf_printf(b, "%s %s %s", st->local, w->tr, legal);
        break;
    default:
        b = next_name(nm, "en");
        demo_buf_printf(b, "%s %s %s", ascii, w->en_company, legal);
        if (c->alias_lang && st->latin) {
            demo_buf *a = next_name(nm, c->alias_lang);
            demo_buf_printf(a, "%s %s", st->local, c->alias_suffix);
            if (a->overflow)
                return -1;
        }
        make_slug(ascii, w->en_company, nm->out->slug, sizeof nm->out->slug);
        return b->overflow ? -1 : 0;
    }
    if (b->overflow)
        return -1;
    e = next_name(nm, "en");
    if (c->style == NS_ZH)
        demo_buf_printf(e, "%s %s %s %s", city->en, ascii, w->en_company, legal_en);
    else
        demo_buf_printf(e, "%s %s %s", ascii, w->en_company, legal_en);
    make_slug(ascii, w->en_company, nm->out->slug, sizeof nm->out->slug);
    return e->overflow ? -1 : 0;
}

int demo_name_org(demo_rng *r, const demo_country *c, const demo_city *city, int t, demo_sector sec,
                  demo_name_out *out, hk_err *err)
{
    out->n = 0;
    out->slug[0] = '\0';
    namer nm = {.out = out};
    int rc = t == ORG_ENTERPRISE ? name_enterprise(r, c, city, sec, &nm)
                                 : name_institution(r, c, city, t, sec, &nm);
    if (rc)
        return hk_err_set(err, HK_EINTERNAL, "names", "a demo organisation name did not fit its buffer");
    return 0;
}

/* ---- registry ids ---- */

/* A bijection of [0, m) for m a power of ten: the multiplier is prime
 * to 10, so distinct serials give distinct numbers, which keeps ids
 * unique per country without remembering them. */
static uint64_t scramble(uint64_t serial, uint64_t m)
{
    return (serial % m * 982451653ULL + 7368787ULL) % m;
}

static void put_digits(char *out, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    out[width] = '\0';
}

static int dig(char c)
{
    return c - '0';
}

static void ru_inn(const demo_city *city, uint64_t serial, char *id)
{
    static const int w[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    snprintf(id, 3, "%s", city->region ? city->region : "77");
    put_digits(id + 2, scramble(serial, 10000000), 7);
    int s = 0;
    for (int i = 0; i < 9; i++)
        s += dig(id[i]) * w[i];
    id[9] = (char)('0' + s % 11 % 10);
    id[10] = '\0';
}

/* GB 32100-2015: 2 registration chars, 6-digit division code, the
 * 9-character organisation code (GB 11714 check char), a mod-31 check. */
static void cn_uscc(const demo_city *city, uint64_t serial, char *id)
{
    static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    static const int uw[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    snprintf(id, 9, "91%s", city->region ? city->region : "310115");
    put_digits(id + 8, scramble(serial, 100000000), 8);
    int s = 0;
    for (int i = 0; i < 8; i++)
        s += dig(id[8 + i]) * ow[i];
    int c9 = 11 - s % 11;
    id[16] = c9 == 10 ? 'X' : c9 == 11 ? '0' : (char)('0' + c9);
    s = 0;
    for (int i = 0; i < 17; i++)
        s += (int)(strchr(cs, id[i]) - cs) * uw[i];
    int c18 = (31 - s % 31) % 31;
    id[17] = cs[c18];
    id[18] = '\0';
}

/* Kazakhstan's BIN: YYMM of registration, 4 (resident legal entity), an
 * attribute digit, a 5-digit serial and a two-pass mod-11 check; the
 * attribute moves on when both passes give 10. */
static void kz_bin(demo_rng *r, uint64_t serial, char *id)
{
    int yy = 3 + (int)demo_rng_below(r, 22), mm = 1 + (int)demo_rng_below(r, 12);
    for (int attr = 0; attr < 10; attr++) {
        put_digits(id, (uint64_t)(yy * 100 + mm), 4);
        id[4] = '4';
        id[5] = (char)('0' + attr);
        put_digits(id + 6, scramble(serial, 100000), 5);
        int s = 0;
        for (int i = 0; i < 11; i++)
            s += dig(id[i]) * (i + 1);
        int c = s % 11;
        if (c == 10) {
            s = 0;
            for (int i = 0; i < 11; i++)
                s += dig(id[i]) * ((i + 2) % 11 + 1);
            c = s % 11;
        }
        if (c < 10) {
            id[11] = (char)('0' + c);
            id[12] = '\0';
            return;
        }
    }
}

/* Belarus UNP: region digit, a free digit, a 6-digit serial, mod-11 check. */
static void by_unp(const demo_city *city, uint64_t serial, char *id)
{
    static const int w[8] = {29, 23, 19, 17, 13, 7, 5, 3};
    for (int freed = 0; freed < 10; freed++) {
        id[0] = city->region ? city->region[0] : '1';
        id[1] = (char)('0' + freed);
        put_digits(id + 2, scramble(serial, 1000000), 6);
        int s = 0;
        for (int i = 0; i < 8; i++)
            s += dig(id[i]) * w[i];
        if (s % 11 < 10) {
            id[8] = (char)('0' + s % 11);
            id[9] = '\0';
            return;
        }
    }
}

/* Iran's 11-digit national id of legal entities. Digits 4 to 9 are never
 * all zero (model_registry.c refuses that): "101", then a 7-digit serial
 * of 1000000..9999999 (scramble is one-to-one modulo 9000000 too, its
 * multiplier being a prime above it), then the check digit. */
static void ir_nid(uint64_t serial, char *id)
{
    static const int w[10] = {29, 27, 23, 19, 17, 29, 27, 23, 19, 17};
    id[0] = '1', id[1] = '0', id[2] = '1';
    put_digits(id + 3, 1000000 + scramble(serial, 9000000), 7);
    int d = dig(id[9]) + 2, s = 0;
    for (int i = 0; i < 10; i++)
        s += (dig(id[i]) + d) * w[i];
    int c = s % 11;
    id[10] = (char)('0' + (c == 10 ? 0 : c));
    id[11] = '\0';
}

/* Turkey's 10-digit tax number (Vergi Kimlik No). */
static void tr_vkn(uint64_t serial, char *id)
{
    put_digits(id, 100000000 + scramble(serial, 100000000), 9);
    int s = 0;
    for (int i = 0; i < 9; i++) {
        int t = (dig(id[i]) + 9 - i) % 10;
        int v = (int)((t * (1ULL << (9 - i))) % 9);
        if (t != 0 && v == 0)
            v = 9;
        s += v;
    }
    id[9] = (char)('0' + (10 - s % 10) % 10);
    id[10] = '\0';
}

void demo_registry_id(demo_rng *r, const demo_country *c, const demo_city *city, const char *isic,
                      uint64_t serial, char *id, size_t cap)
{
    char v[128]; /* room for any argument width, so snprintf never truncates */
    const char *iso = c->iso2;
    /* A per-country offset keeps different countries' ids from sharing
     * digit patterns; adding a constant keeps scramble() one-to-one. */
    serial += (uint64_t)(iso[0] * 31 + iso[1]) * 104729ULL;
    if (!strcmp(iso, "RU")) {
        ru_inn(city, serial, v);
    } else if (!strcmp(iso, "CN")) {
        cn_uscc(city, serial, v);
    } else if (!strcmp(iso, "KZ")) {
        kz_bin(r, serial, v);
    } else if (!strcmp(iso, "BY")) {
        by_unp(city, serial, v);
    } else if (!strcmp(iso, "IR")) {
        ir_nid(serial, v);
    } else if (!strcmp(iso, "TR")) {
        tr_vkn(serial, v);
    } else if (!strcmp(iso, "UZ")) {
        /* STIR of a legal entity: nine digits starting with 2 or 3. */
        v[0] = demo_rng_below(r, 2) ? '3' : '2';
        put_digits(v + 1, scramble(serial, 100000000), 8);
    } else if (!strcmp(iso, "IN")) {
        /* CIN: listing, the 5-digit NIC 2008 activity (the ISIC group
         * padded with zeros: NIC subdivides ISIC), state, year,
         * ownership, serial. */
        char serial6[8], nic[6];
        put_digits(serial6, scramble(serial, 1000000), 6);
        const char *group = isic && isic[0] ? isic : "259";
        for (size_t k = 0, n = strlen(group); k < 5; k++)
            nic[k] = k < n ? group[k] : '0';
        nic[5] = '\0';
        snprintf(v, sizeof v, "%c%s%s%04d%s%s", demo_rng_below(r, 5) ? 'U' : 'L', nic,
                 city->region ? city->region : "MH", 1985 + (int)demo_rng_below(r, 40),
                 demo_rng_below(r, 5) ? "PTC" : "PLC", serial6);
    } else if (!strcmp(iso, "PK")) {
        char d7[8];
        put_digits(d7, scramble(serial, 10000000), 7);
        int s = 0;
        for (int i = 0; i < 7; i++)
            s += dig(d7[i]) * (i + 1);
        snprintf(v, sizeof v, "%s-%d", d7, s % 10);
    } else if (!strcmp(iso, "KG")) {
        /* Kyrgyz INN of a legal entity: 0, registration date, serial. */
        char d5[6];
        put_digits(d5, scramble(serial, 100000), 5);
        snprintf(v, sizeof v, "0%02d%02d%04d%s", 1 + (int)demo_rng_below(r, 28), 1 + (int)demo_rng_below(r, 12),
                 1995 + (int)demo_rng_below(r, 30), d5);
    } else if (!strcmp(iso, "MN")) {
        put_digits(v, scramble(serial, 10000000), 7);
    } else if (!strcmp(iso, "AZ")) {
        put_digits(v, scramble(serial, 1000000000), 9);
        v[9] = '1'; /* VÖEN of a legal person ends in 1 (2: a natural person) */
        v[10] = '\0';
    } else if (!strcmp(iso, "AE")) {
        char d7[8];
        put_digits(d7, scramble(serial, 10000000), 7);
        snprintf(v, sizeof v, "CN-%s", d7);
    } else {
        put_digits(v, scramble(serial, 1000000000), 9);
    }
    snprintf(id, cap, "%s", v);
}
