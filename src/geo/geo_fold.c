/*
 * geo_fold.c - the folding that makes "TASHKENT", "Tashkent", "Ташкент"
 * spelled with ё or і, "Alma-Ata" and "alma ata" compare equal.
 *
 * A small table of our own rather than ICU: place names need only case
 * and accent folding of Latin and Cyrillic (with the letters of Kazakh,
 * Uzbek, Tajik, Kyrgyz, Belarusian, Mongolian, Turkish and Azerbaijani),
 * the Arabic-script letter variants of Persian and Urdu, and the handling
 * of spaces and punctuation; the geo module stays free of the text module
 * and of locale, and the fold is the same on every machine. Han is
 * compared as written: Traditional spellings that users type are aliases
 * in the data.
 */
#include <string.h>

#include "geo/geo.h"
#include "hk_utf8.h"

#define FOLD_DROP 0u          /* the code point disappears */
#define FOLD_SPACE 0x20u      /* a word separator */

/* Base letters of U+00C0..U+00FF (Latin-1 letters); '*' marks the
 * two-letter and non-letter cases handled in code. */
static const char latin1[] =
    "aaaaaa*ceeeeiiii" /* C0 */
    "dnooooo*ouuuuyt*" /* D0: D7 is the multiplication sign */
    "aaaaaa*ceeeeiiii" /* E0 */
    "dnooooo*ouuuuyty";/* F0: F7 is the division sign */

/* Base letters of U+0100..U+017F (Latin Extended-A). */
static const char latin_ext_a[] =
    "aaaaaacccccccc"   /* 0100 Ā..č */
    "dddd"             /* 010E Ď..đ */
    "eeeeeeeeee"       /* 0112 Ē..ě */
    "gggggggg"         /* 011C Ĝ..ģ */
    "hhhh"             /* 0124 Ĥ..ħ */
    "iiiiiiiiii"       /* 0128 Ĩ..ı */
    "ii"               /* 0132 Ĳ ĳ */
    "jj"               /* 0134 Ĵ ĵ */
    "kkk"              /* 0136 Ķ ķ ĸ */
    "llllllllll"       /* 0139 Ĺ..ł */
    "nnnnnnnnn"        /* 0143 Ń..ŋ */
    "oooooo"           /* 014C Ō..ő */
    "oo"               /* 0152 Œ œ */
    "rrrrrr"           /* 0154 Ŕ..ř */
    "ssssssss"         /* 015A Ś..š */
    "tttttt"           /* 0162 Ţ..ŧ */
    "uuuuuuuuuuuu"     /* 0168 Ũ..ų */
    "ww"               /* 0174 Ŵ ŵ */
    "yyy"              /* 0176 Ŷ ŷ Ÿ */
    "zzzzzz"           /* 0179 Ź..ž */
    "s";               /* 017F ſ */
_Static_assert(sizeof latin1 == 64 + 1, "one letter per code point");
_Static_assert(sizeof latin_ext_a == 128 + 1, "one letter per code point");

/* Cyrillic after lower-casing: letters with a diacritic or descender
 * become the plain Russian letter, so that Kazakh Қарағанды, Uzbek
 * Тошкент with ў and қ, Belarusian Мінск and Russian spellings with ё
 * meet the plain forms users type. */
static uint32_t cyrillic_base(uint32_t c)
{
    switch (c) {
    case 0x0450: case 0x0451: return 0x0435;             /* ѐ ё -> е */
    case 0x0453: return 0x0433;                          /* ѓ -> г */
    case 0x0454: return 0x0435;                          /* є -> е */
    case 0x0456: case 0x0457: return 0x0438;             /* і ї -> и */
    case 0x0439: case 0x045D: return 0x0438;             /* й ѝ -> и */
    case 0x045C: return 0x043A;                          /* ќ -> к */
    case 0x045E: return 0x0443;                          /* ў -> у */
    case 0x0493: case 0x0495: return 0x0433;             /* ғ ҕ -> г */
    case 0x0497: return 0x0436;                          /* җ -> ж */
    case 0x049B: case 0x049D: case 0x049F: case 0x04A1: return 0x043A; /* қ ҝ ҟ ҡ -> к */
    case 0x04A3: case 0x04A5: return 0x043D;             /* ң ҥ -> н */
    case 0x04AB: return 0x0441;                          /* ҫ -> с */
    case 0x04AD: return 0x0442;                          /* ҭ -> т */
    case 0x04AF: case 0x04B1: return 0x0443;             /* ү ұ -> у */
    case 0x04B3: case 0x04BB: return 0x0445;             /* ҳ һ -> х */
    case 0x04B7: case 0x04B9: return 0x0447;             /* ҷ ҹ -> ч */
    case 0x04D1: case 0x04D3: return 0x0430;             /* ӑ ӓ -> а */
    case 0x04D5: return 0x0430;                          /* ӕ -> а */
    case 0x04D7: return 0x0435;                          /* ӗ -> е */
    case 0x04D9: case 0x04DB: return 0x0430;             /* ә ӛ -> а */
    case 0x04E3: case 0x04E5: return 0x0438;             /* ӣ ӥ -> и */
    case 0x04E7: case 0x04E9: case 0x04EB: return 0x043E;/* ӧ ө ӫ -> о */
    case 0x04EF: case 0x04F1: case 0x04F3: return 0x0443;/* ӯ ӱ ӳ -> у */
    case 0x04F5: return 0x0447;                          /* ӵ -> ч */
    case 0x04F9: return 0x044B;                          /* ӹ -> ы */
    default: return c;
    }
}

static uint32_t cyrillic_lower(uint32_t c)
{
    if (c >= 0x0410 && c <= 0x042F)
        return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F)
        return c + 0x50;
    if (c >= 0x0460 && c <= 0x04FF) {
        if (c == 0x04C0)
            return 0x04CF;
        if (c >= 0x04C1 && c <= 0x04CE)
            return (c & 1) ? c + 1 : c;
        if ((c <= 0x0481 || c >= 0x048A) && !(c & 1))
            return c + 1;
    }
    return c;
}

/* Maps one code point; writes up to 2 ASCII letters for the Latin
 * ligatures into two[] and returns 2, else returns the mapped code point
 * count (0 or 1) with the code point in *out. */
static int fold_cp(uint32_t c, uint32_t *out, char two[2])
{
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            *out = c;
            return 1;
        }
        if (c == '\'' || c == '`')
            return 0;
        *out = FOLD_SPACE; /* spaces, hyphens, dots, commas, brackets... */
        return 1;
    }
    if (c >= 0xC0 && c <= 0xFF) {
        switch (c) {
        case 0xC6: case 0xE6: two[0] = 'a', two[1] = 'e'; return 2;
        case 0xDE: case 0xFE: two[0] = 't', two[1] = 'h'; return 2;
        case 0xDF: two[0] = 's', two[1] = 's'; return 2;
        case 0xD7: case 0xF7: *out = FOLD_SPACE; return 1;
        default: *out = (unsigned char)latin1[c - 0xC0]; return 1;
        }
    }
    if (c == 0xA0 || c == 0xB7) { /* no-break space, middle dot */
        *out = FOLD_SPACE;
        return 1;
    }
    if (c == 0xAD || c == 0xB4) /* soft hyphen, acute accent */
        return 0;
    if (c >= 0x100 && c <= 0x17F) {
        *out = (unsigned char)latin_ext_a[c - 0x100];
        return 1;
    }
    switch (c) {
    case 0x018F: case 0x0259: *out = 'e'; return 1;              /* Ə ə (Azerbaijani) */
    case 0x01E6: case 0x01E7: *out = 'g'; return 1;              /* Ǧ ǧ */
    case 0x0218: case 0x0219: *out = 's'; return 1;              /* Ș ș */
    case 0x021A: case 0x021B: *out = 't'; return 1;              /* Ț ț */
    case 0x02BB: case 0x02BC: case 0x02BD: case 0x02B9: return 0;/* ʻ ʼ ʽ ʹ: o‘zbek apostrophes */
    case 0x2018: case 0x2019: case 0x2032: return 0;             /* ‘ ’ ′ */
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: return 0;/* zero-width, BOM */
    case 0x0640: return 0;                                       /* Arabic tatweel */
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: *out = 0x0627; return 1; /* alef forms */
    case 0x0643: *out = 0x06A9; return 1;                        /* Arabic kaf -> keheh */
    case 0x064A: case 0x0649: case 0x06D2: *out = 0x06CC; return 1; /* yeh forms -> Farsi yeh */
    case 0x0629: case 0x06C1: case 0x06BE: *out = 0x0647; return 1; /* teh marbuta, heh goal/doachashmee */
    case 0x093C: return 0;                                       /* Devanagari nukta */
    default: break;
    }
    if (c >= 0x0300 && c <= 0x036F) /* combining accents of decomposed input */
        return 0;
    if (c >= 0x064B && c <= 0x065F) /* Arabic harakat */
        return 0;
    if (c == 0x0670)
        return 0;
    if (c >= 0x2010 && c <= 0x2015) { /* hyphens and dashes */
        *out = FOLD_SPACE;
        return 1;
    }
    if (c == 0x3000 || c == 0x3001 || c == 0x30FB || c == 0xFF0C) { /* CJK space, comma, dot */
        *out = FOLD_SPACE;
        return 1;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
        return fold_cp(c - 0xFEE0, out, two);
    if (c >= 0x0400 && c <= 0x04FF) {
        *out = cyrillic_base(cyrillic_lower(c));
        return 1;
    }
    *out = c;
    return 1;
}

int geo_fold(const char *s, char *out, size_t cap)
{
    size_t len = strlen(s);
    if (!hk_utf8_valid(s, len) || cap < len + 1)
        return -1;
    size_t o = 0;
    bool pending_space = false;
    for (size_t i = 0; i < len;) {
        uint32_t c, m = 0;
        char two[2];
        i += (size_t)hk_utf8_decode(s + i, &c);
        int k = fold_cp(c, &m, two);
        if (k == 0)
            continue;
        if (k == 1 && m == FOLD_SPACE) {
            pending_space = o > 0;
            continue;
        }
        char buf[4];
        int nb;
        if (k == 2) {
            memcpy(buf, two, 2);
            nb = 2;
        } else {
            nb = hk_utf8_encode(m, buf);
        }
        /* The fold never lengthens: every mapping keeps or shrinks the
         * byte count of its input (2-byte ligatures give 2 ASCII bytes). */
        if (o + (pending_space ? 1 : 0) + (size_t)nb >= cap)
            return -1;
        if (pending_space)
            out[o++] = ' ';
        pending_space = false;
        memcpy(out + o, buf, (size_t)nb);
        o += (size_t)nb;
    }
    out[o] = '\0';
    return (int)o;
}
