/*
 * text_langid.c - language detection from script and letter statistics,
 * good enough to choose the stemmer, stop words and transliterator.
 *
 * The dominant script decides first (Han -> zh, Devanagari -> hi). Within
 * a script the letters that only some alphabets have decide next:
 *   Cyrillic: ӣ ӯ ҷ -> tg; ә ұ -> kk; ў with і -> be, ў alone -> uz;
 *             і with қ ғ ң ү ө һ -> kk, і alone -> be; ң -> ky (or kk with
 *             қ ғ һ); ө ү -> ky or mn; қ ғ ҳ -> uz (or kk/tg by words);
 *             else ru (unless function words say otherwise).
 *   Arabic:   ے ٹ ڈ ڑ ں ہ ھ -> ur; پ چ ژ گ ک ی -> fa; else ar.
 *   Latin:    oʻ gʻ (any apostrophe) or Uzbek function words -> uz;
 *             ä ñ ū ı -> kk (2021 Kazakh Latin); else en.
 * Ties between languages sharing letters are broken by counting a few
 * frequent function words of each (whole words, case-insensitive).
 * Only the first DETECT_MAX bytes are read: enough for a verdict, and the
 * cost stays flat for long texts.
 */
#include <string.h>

#include "hk_utf8.h"
#include "text_int.h"

#define DETECT_MAX 8192u

static const char *const lang_tags[TL__COUNT] = {
    [TL_UND] = "und", [TL_EN] = "en", [TL_RU] = "ru", [TL_ZH] = "zh", [TL_KK] = "kk",
    [TL_UZ] = "uz",   [TL_KY] = "ky", [TL_TG] = "tg", [TL_BE] = "be", [TL_HI] = "hi",
    [TL_UR] = "ur",   [TL_FA] = "fa", [TL_MN] = "mn", [TL_AR] = "ar",
};

const char *text_lang_tag(text_lang l)
{
    return (l >= 0 && l < TL__COUNT) ? lang_tags[l] : "und";
}

text_lang text_lang_parse(const char *tag)
{
    if (!tag)
        return TL_UND;
    char p[4];
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_' && n < 3) {
        char c = tag[n];
        p[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (n < 2 || (tag[n] && tag[n] != '-' && tag[n] != '_'))
        return TL_UND;
    p[n] = '\0';
    for (int l = TL_UND + 1; l < TL__COUNT; l++)
        if (strcmp(p, lang_tags[l]) == 0)
            return (text_lang)l;
    return TL_UND;
}

bool text_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || c == 0x3007;
}

text_script text_script_of(uint32_t c)
{
    if (c < 0x80) {
        if (c >= '0' && c <= '9')
            return TEXT_SCRIPT_DIGIT;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return TEXT_SCRIPT_LATIN;
        return TEXT_SCRIPT_OTHER;
    }
    if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF) ||
        (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
        return TEXT_SCRIPT_LATIN;
    if ((c >= 0x400 && c <= 0x52F) || (c >= 0x1C80 && c <= 0x1C8F) || (c >= 0x2DE0 && c <= 0x2DFF) ||
        (c >= 0xA640 && c <= 0xA69F))
        return TEXT_SCRIPT_CYRILLIC;
    if (text_is_han(c))
        return TEXT_SCRIPT_HAN;
    if ((c >= 0x900 && c <= 0x97F) || (c >= 0xA8E0 && c <= 0xA8FF)) {
        if (c >= 0x966 && c <= 0x96F)
            return TEXT_SCRIPT_DIGIT;
        return TEXT_SCRIPT_DEVANAGARI;
    }
    if ((c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9) || (c >= 0xFF10 && c <= 0xFF19))
        return TEXT_SCRIPT_DIGIT;
    if ((c >= 0x620 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return TEXT_SCRIPT_ARABIC;
    return TEXT_SCRIPT_OTHER;
}

/* Frequent function words and word endings, lower case, used only to
 * break ties between languages that share an alphabet. */
static const char *const words_en[] = {"the", "and", "of", "for", "with", "we", "our", "in", "to", "is", "are", "from",
                                       "a", "an", "by", "on", NULL};
static const char *const words_uz_lat[] = {"va", "bilan", "uchun", "ishlab", "chiqarish", "korxona", "mahsulot",
                                           "yoki", "ham", "qilamiz", "etamiz", "yetkazib", "xizmat", "zavod",
                                           "uskunalari", "kerak", "yangi", "bor", "ega", "qayta", NULL};
static const char *const words_ru[] = {"и", "в", "на", "для", "с", "по", "из", "от", "мы", "не", "что", "или", "производство", NULL};
static const char *const words_uz[] = {"ва", "билан", "учун", "ишлаб", "чиқариш", "корхона", "маҳсулот", "ёки", "ҳам",
                                       "қиламиз", "керак", "бор", "ега", "эга", "қайта", NULL};
static const char *const words_kk[] = {"және", "мен", "үшін", "бойынша", "өндіру", "зауыт", "біз", "өнім", NULL};
static const char *const words_ky[] = {"жана", "менен", "үчүн", "боюнча", "өндүрүү", "биз", "бул", "ишкана", "керек", NULL};
static const char *const words_tg[] = {"ва", "дар", "барои", "аз", "бо", "мо", "ширкат", "истеҳсол", "мекунем", "мекунад",
                                       "мекунанд", "мебошад", "аст", "ки", "оид", "намуда", NULL};
static const char *const words_mn[] = {"болон", "нь", "юм", "энэ", "бид", "үйлдвэр", "бүтээгдэхүүн", "зэрэг", NULL};

static const char *const ends_en[] = {"ing", "tion", "ed", "ly", "ers", "th", NULL};
static const char *const ends_uz_lat[] = {"lar", "larni", "larga", "ning", "ni", "ga", "iga", "da", "dagi", "ish", "lash",
                                          "moqda", "adi", "miz", "lik", "gan", NULL};
static const char *const ends_ru[] = {"ого", "его", "ый", "ий", "ая", "ое", "ых", "их", "ие", "ать", "ение", "ция",
                                      "ться", "ов", "ами", "ует", "ом", "ей", "ую", "ки", NULL};
static const char *const ends_uz[] = {"лар", "ларни", "ларга", "ларда", "нинг", "ни", "га", "да", "ган", "моқда", "иш",
                                      "лаш", "ади", "миз", "лик", NULL};
static const char *const ends_ky[] = {"луу", "дуу", "туу", "нун", "дын", "тын", "гы", "уу", NULL};
static const char *const ends_tg[] = {"аи", "яи", "ои", "уи", "ҳо", "ҳои", "ро", "ӣ", "ад", NULL};

typedef enum {
    W_EN, W_UZL, W_RU, W_UZ, W_KK, W_KY, W_TG, W_MN, W__COUNT
} word_set;

static const char *const *const word_sets[W__COUNT] = {
    words_en, words_uz_lat, words_ru, words_uz, words_kk, words_ky, words_tg, words_mn,
};
static const char *const *const end_sets[W__COUNT] = {
    [W_EN] = ends_en, [W_UZL] = ends_uz_lat, [W_RU] = ends_ru, [W_UZ] = ends_uz,
    [W_KY] = ends_ky, [W_TG] = ends_tg,
};

typedef struct stats {
    unsigned script[8];     /* letters per text_script */
    unsigned kana, hangul;
    /* Cyrillic letters that tell alphabets apart (lower case) */
    unsigned u_short, gh, q, h_uz, schwa, ng, o_bar, u_str, u_bar_kk, shha, i_dot, i_macron,
        u_macron, che_desc, i_cyr;
    unsigned dbl_vowel;     /* уу оо ыы: Kyrgyz long vowels */
    /* Arabic letters */
    unsigned ur, fa;
    /* Latin */
    unsigned uz_apos, kk_lat, q_lat, w_lat;
    unsigned words[W__COUNT];  /* function words seen */
    unsigned ends[W__COUNT];   /* words with a typical ending */
} stats;

static uint32_t lower(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0x460 && c <= 0x52F)
        return c | 1; /* the extended Cyrillic letters come in upper/lower pairs */
    return c;
}

static bool is_apos(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BB || c == 0x02BC || c == 0x60;
}

static void count_word(stats *st, const char *w, size_t n)
{
    for (int s = 0; s < W__COUNT; s++) {
        for (const char *const *p = word_sets[s]; *p; p++)
            if (strlen(*p) == n && memcmp(*p, w, n) == 0) {
                st->words[s]++;
                break;
            }
        if (!end_sets[s])
            continue;
        for (const char *const *p = end_sets[s]; *p; p++) {
            size_t k = strlen(*p);
            /* An ending needs a stem: at least as many bytes before it. */
            if (n >= 2 * k && memcmp(w + n - k, *p, k) == 0) {
                st->ends[s]++;
                break;
            }
        }
    }
}

static void collect(const char *s, size_t len, stats *st)
{
    memset(st, 0, sizeof *st);
    char word[64];  /* the current word, lower-cased, for the word lists */
    size_t wn = 0;
    bool word_ok = true;
    uint32_t prev = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        int k = hk_utf8_decode(s + i, &c);
        if (i + (size_t)k > len)
            break;
        i += (size_t)k;
        c = lower(c);
        text_script sc = text_script_of(c);
        if (sc != TEXT_SCRIPT_OTHER)
            st->script[sc]++;
        if (c >= 0x3040 && c <= 0x30FF)
            st->kana++;
        else if (c >= 0xAC00 && c <= 0xD7AF)
            st->hangul++;
        switch (c) {
        case 0x45E: st->u_short++; break;   /* ў */
        case 0x493: st->gh++; break;        /* ғ */
        case 0x49B: st->q++; break;         /* қ */
        case 0x4B3: st->h_uz++; break;      /* ҳ */
        case 0x4D9: st->schwa++; break;     /* ә */
        case 0x4A3: st->ng++; break;        /* ң */
        case 0x4E9: st->o_bar++; break;     /* ө */
        case 0x4AF: st->u_str++; break;     /* ү */
        case 0x4B1: st->u_bar_kk++; break;  /* ұ */
        case 0x4BB: st->shha++; break;      /* һ */
        case 0x456: st->i_dot++; break;     /* і */
        case 0x4E3: st->i_macron++; break;  /* ӣ */
        case 0x4EF: st->u_macron++; break;  /* ӯ */
        case 0x4B7: st->che_desc++; break;  /* ҷ */
        case 0x438: st->i_cyr++; break;     /* и */
        case 0x6D2: case 0x679: case 0x688: case 0x691: case 0x6BA: case 0x6C1: case 0x6BE:
            st->ur++; break;                /* ے ٹ ڈ ڑ ں ہ ھ */
        case 0x67E: case 0x686: case 0x698: case 0x6AF: case 0x6CC: case 0x6A9:
            st->fa++; break;                /* پ چ ژ گ ی ک */
        case 0xE4: case 0xF1: case 0x16B: case 0x131:
            st->kk_lat++; break;            /* ä ñ ū ı */
        case 'w': st->w_lat++; break;
        case 0x443: case 0x43E: case 0x44B:
            if (prev == c)
                st->dbl_vowel++;            /* уу оо ыы */
            break;
        default: break;
        }
        if (prev == 'q' && c != 'u')
            st->q_lat++;                    /* q without u: Uzbek, not English */
        /* oʻ gʻ: o or g, an apostrophe, then a letter. */
        if (is_apos(c) && (prev == 'o' || prev == 'g') && i < len) {
            uint32_t nx;
            hk_utf8_decode(s + i, &nx);
            if (text_script_of(lower(nx)) == TEXT_SCRIPT_LATIN)
                st->uz_apos++;
        }
        bool letter = sc == TEXT_SCRIPT_LATIN || sc == TEXT_SCRIPT_CYRILLIC;
        if (letter) {
            if (wn + 4 < sizeof word)
                wn += (size_t)hk_utf8_encode(c, word + wn);
            else
                word_ok = false;
        } else {
            if (wn && word_ok)
                count_word(st, word, wn);
            wn = 0;
            word_ok = true;
        }
        prev = c;
    }
    if (wn && word_ok)
        count_word(st, word, wn);
}

/* Evidence for language w from function words (worth two) and endings. */
static unsigned score(const stats *st, word_set w)
{
    return 2 * st->words[w] + st->ends[w];
}

static text_lang cyrillic(const stats *st)
{
    const unsigned *w = st->words;
    unsigned kk_only = st->q + st->gh + st->shha;
    if (st->i_macron + st->u_macron + st->che_desc)
        return TL_TG;
    if (st->schwa + st->u_bar_kk)
        return TL_KK;
    if (st->u_short)
        /* Belarusian writes і where the others write и, and never и. */
        return (st->i_dot || !st->i_cyr) ? TL_BE : TL_UZ;
    if (st->i_dot)
        return (kk_only + st->ng + st->u_str + st->o_bar) ? TL_KK : TL_BE;
    if (st->ng)
        return kk_only ? TL_KK : TL_KY;
    if (st->o_bar + st->u_str)
        return w[W_MN] > w[W_KY] ? TL_MN : TL_KY;
    unsigned uz = score(st, W_UZ), tg = score(st, W_TG), ky = score(st, W_KY) + 2 * st->dbl_vowel,
             kk = score(st, W_KK), ru = score(st, W_RU);
    if (st->q + st->gh + st->h_uz) {
        /* Letters of Uzbek, Tajik and Kazakh; Uzbek wins ties. */
        if (tg > uz && tg >= kk)
            return TL_TG;
        if (kk > uz && !st->h_uz)
            return TL_KK;
        return TL_UZ;
    }
    /* The Russian alphabet only: Russian unless the words of another
     * language written without its special letters outweigh it. */
    if (ky > ru && ky >= uz && ky >= tg)
        return TL_KY;
    if (tg > ru && tg > uz)
        return TL_TG;
    if (uz > ru)
        return TL_UZ;
    return TL_RU;
}

text_lang text_lang_detect(const char *s, size_t len)
{
    if (!s)
        return TL_UND;
    if (len > DETECT_MAX) {
        /* Stop at a code point boundary. */
        len = DETECT_MAX;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    stats st;
    collect(s, len, &st);
    unsigned lat = st.script[TEXT_SCRIPT_LATIN], cyr = st.script[TEXT_SCRIPT_CYRILLIC],
             han = st.script[TEXT_SCRIPT_HAN] * 2, deva = st.script[TEXT_SCRIPT_DEVANAGARI],
             arab = st.script[TEXT_SCRIPT_ARABIC];
    /* A Han character carries about a word: weigh it double against letters. */
    unsigned best = lat;
    text_script sc = TEXT_SCRIPT_LATIN;
    if (cyr > best) { best = cyr; sc = TEXT_SCRIPT_CYRILLIC; }
    if (han > best) { best = han; sc = TEXT_SCRIPT_HAN; }
    if (deva > best) { best = deva; sc = TEXT_SCRIPT_DEVANAGARI; }
    if (arab > best) { best = arab; sc = TEXT_SCRIPT_ARABIC; }
    if (best == 0 || st.kana > han / 4 + 1 || st.hangul > best)
        return TL_UND;
    switch (sc) {
    case TEXT_SCRIPT_HAN: return TL_ZH;
    case TEXT_SCRIPT_DEVANAGARI: return TL_HI;
    case TEXT_SCRIPT_ARABIC:
        if (st.ur)
            return TL_UR;
        return st.fa ? TL_FA : TL_AR;
    case TEXT_SCRIPT_CYRILLIC: return cyrillic(&st);
    default:
        if (st.uz_apos || score(&st, W_UZL) + st.q_lat > score(&st, W_EN) + st.w_lat)
            return TL_UZ;
        if (st.kk_lat)
            return TL_KK;
        return TL_EN;
    }
}

const char *text_detect_lang(const char *s, size_t len)
{
    /* The internal detector trusts its input (text_analyze has checked
     * it); this public entry point may see anything. */
    if (!s || !hk_utf8_valid(s, len))
        return "und";
    return text_lang_tag(text_lang_detect(s, len));
}
