/*
 * demo_translit.c - the script conversions the demo uses to write one
 * name in several scripts, as users of the region do: Uzbek Latin to
 * Uzbek Cyrillic ("Toshkent" -> "Тошкент"), Kazakh Cyrillic to the 2021
 * Kazakh Latin alphabet ("Қарағанды" -> "Qarağandy"), and any Cyrillic
 * (Russian, Kazakh, Kyrgyz, Tajik, Mongolian) to plain ASCII for English
 * aliases ("Уралхим" -> "Uralkhim").
 *
 * These are the demo's own simple table-driven rules, good for the names
 * and phrases in this folder's tables; search has its own folding
 * (src/text) and does not depend on them.
 */
#include <string.h>

#include "demo/demo.h"
#include "hk_utf8.h"

/* Output cursor with a hard capacity; ok turns false on overflow. */
typedef struct tl_out {
    char *p;
    size_t len, cap;
    bool ok;
} tl_out;

static void tl_put(tl_out *o, const char *s, size_t n)
{
    if (!o->ok || o->len + n + 1 > o->cap) {
        o->ok = false;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void tl_put_cp(tl_out *o, uint32_t cp)
{
    char b[4];
    int n = hk_utf8_encode(cp, b);
    tl_put(o, b, (size_t)n);
}

static int tl_finish(tl_out *o)
{
    if (!o->ok)
        return -1;
    o->p[o->len] = '\0';
    return (int)o->len;
}

/* ---- Cyrillic to Latin ---- */

static bool cyr_is_upper(uint32_t cp)
{
    if (cp >= 0x400 && cp <= 0x42F)
        return true;
    if (cp >= 0x460 && cp <= 0x4FF)
        return (cp & 1) == 0;
    return false;
}

static uint32_t cyr_lower(uint32_t cp)
{
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp >= 0x460 && cp <= 0x4FF && (cp & 1) == 0)
        return cp + 1;
    return cp;
}

typedef struct tl_map {
    uint32_t cp;     /* lower-case Cyrillic letter */
    const char *lo;  /* its Latin form in a lower-case word */
    const char *up;  /* its Latin form when the letter is a capital */
} tl_map;

static const tl_map ascii_map[] = {
    {0x430, "a", "A"},   {0x431, "b", "B"},  {0x432, "v", "V"},       {0x433, "g", "G"},
    {0x434, "d", "D"},   {0x435, "e", "E"},  {0x451, "yo", "Yo"},     {0x436, "zh", "Zh"},
    {0x437, "z", "Z"},   {0x438, "i", "I"},  {0x439, "y", "Y"},       {0x43A, "k", "K"},
    {0x43B, "l", "L"},   {0x43C, "m", "M"},  {0x43D, "n", "N"},       {0x43E, "o", "O"},
    {0x43F, "p", "P"},   {0x440, "r", "R"},  {0x441, "s", "S"},       {0x442, "t", "T"},
    {0x443, "u", "U"},   {0x444, "f", "F"},  {0x445, "kh", "Kh"},     {0x446, "ts", "Ts"},
    {0x447, "ch", "Ch"}, {0x448, "sh", "Sh"}, {0x449, "shch", "Shch"}, {0x44A, "", ""},
    {0x44B, "y", "Y"},   {0x44C, "", ""},    {0x44D, "e", "E"},       {0x44E, "yu", "Yu"},
    {0x44F, "ya", "Ya"}, {0x4D9, "a", "A"},  {0x493, "g", "G"},       {0x49B, "k", "K"},
    {0x4A3, "n", "N"},   {0x4E9, "o", "O"},  {0x4B1, "u", "U"},       {0x4AF, "u", "U"},
    {0x4BB, "h", "H"},   {0x456, "i", "I"},  {0x4E3, "i", "I"},       {0x4EF, "u", "U"},
    {0x4B3, "h", "H"},   {0x4B7, "j", "J"},  {0x45E, "u", "U"},       {0, NULL, NULL}};

/* Kazakh Latin alphabet of 2021 (Presidential decree), letter for letter. */
static const tl_map kk_map[] = {
    {0x430, "a", "A"},   {0x4D9, "ä", "Ä"},   {0x431, "b", "B"},   {0x432, "v", "V"},
    {0x433, "g", "G"},   {0x493, "ğ", "Ğ"},   {0x434, "d", "D"},   {0x435, "e", "E"},
    {0x451, "io", "Io"}, {0x436, "j", "J"},   {0x437, "z", "Z"},   {0x438, "i", "I"},
    {0x439, "i", "I"},   {0x43A, "k", "K"},   {0x49B, "q", "Q"},   {0x43B, "l", "L"},
    {0x43C, "m", "M"},   {0x43D, "n", "N"},   {0x4A3, "ñ", "Ñ"},   {0x43E, "o", "O"},
    {0x4E9, "ö", "Ö"},   {0x43F, "p", "P"},   {0x440, "r", "R"},   {0x441, "s", "S"},
    {0x442, "t", "T"},   {0x443, "u", "U"},   {0x4B1, "ū", "Ū"},   {0x4AF, "ü", "Ü"},
    {0x444, "f", "F"},   {0x445, "h", "H"},   {0x4BB, "h", "H"},   {0x446, "ts", "Ts"},
    {0x447, "ç", "Ç"},   {0x448, "ş", "Ş"},   {0x449, "şş", "Şş"}, {0x44A, "", ""},
    {0x44B, "y", "Y"},   {0x456, "ı", "I"},   {0x44C, "", ""},     {0x44D, "e", "E"},
    {0x44E, "iu", "Iu"}, {0x44F, "ia", "Ia"}, {0, NULL, NULL}};

static const tl_map *tl_find(const tl_map *m, uint32_t lower)
{
    for (; m->lo; m++)
        if (m->cp == lower)
            return m;
    return NULL;
}

static int cyr_to_latin(const tl_map *map, const char *in, char *out, size_t cap)
{
    tl_out o = {out, 0, cap, cap > 0};
    size_t n = strlen(in);
    if (!hk_utf8_valid(in, n))
        return -1;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = hk_utf8_decode(in + i, &cp);
        const tl_map *m = tl_find(map, cyr_lower(cp));
        if (m) {
            const char *s = cyr_is_upper(cp) ? m->up : m->lo;
            tl_put(&o, s, strlen(s));
        } else {
            tl_put(&o, in + i, (size_t)k);
        }
        i += (size_t)k;
    }
    return tl_finish(&o);
}

int demo_kk_cyrl_to_latn(const char *in, char *out, size_t cap)
{
    return cyr_to_latin(kk_map, in, out, cap);
}

int demo_cyrl_to_ascii(const char *in, char *out, size_t cap)
{
    return cyr_to_latin(ascii_map, in, out, cap);
}

/* ---- Uzbek Latin to Cyrillic ---- */

/* The Uzbek Latin apostrophes: ASCII ', modifier letter turned comma and
 * the two typographic quotes people type instead. Returns its byte length
 * at s, or 0. */
static int uz_apostrophe(const char *s)
{
    if (s[0] == '\'')
        return 1;
    if (!strncmp(s, "\xCA\xBB", 2))
        return 2; /* U+02BB */
    if (!strncmp(s, "\xE2\x80\x98", 3) || !strncmp(s, "\xE2\x80\x99", 3))
        return 3; /* U+2018, U+2019 */
    return 0;
}

static uint32_t cyr_upper(uint32_t cp)
{
    if (cp >= 0x430 && cp <= 0x44F)
        return cp - 0x20;
    if (cp >= 0x450 && cp <= 0x45F)
        return cp - 0x50;
    if (cp >= 0x460 && cp <= 0x4FF && (cp & 1))
        return cp - 1;
    return cp;
}

static bool is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int demo_uz_latn_to_cyrl(const char *in, char *out, size_t cap)
{
    /* Lower-case Cyrillic for a..z; 0 where the letter has no single
     * counterpart ("c", "w") and is copied as it is. */
    static const uint32_t single[26] = {
        0x430, 0x431, 0x446, 0x434, 0x435, 0x444, 0x433, 0x4B3, 0x438, 0x436, 0x43A, 0x43B, 0x43C,
        0x43D, 0x43E, 0x43F, 0x49B, 0x440, 0x441, 0x442, 0x443, 0x432, 0, 0x445, 0x439, 0x437};
    tl_out o = {out, 0, cap, cap > 0};
    size_t n = strlen(in);
    if (!hk_utf8_valid(in, n))
        return -1;
    for (size_t i = 0; i < n;) {
        char c = in[i];
        if (!is_ascii_alpha(c)) {
            int a = uz_apostrophe(in + i);
            if (a) {
                /* Between letters it is the hard sign (tutuq belgisi). */
                if (i > 0 && is_ascii_alpha(in[i - 1]) && is_ascii_alpha(in[i + (size_t)a]))
                    tl_put_cp(&o, 0x44A);
                i += (size_t)a;
                continue;
            }
            uint32_t cp;
            int k = hk_utf8_decode(in + i, &cp);
            tl_put(&o, in + i, (size_t)k);
            i += (size_t)k;
            continue;
        }
        bool up = c >= 'A' && c <= 'Z';
        char l = (char)(c | 0x20);
        char nx = (char)(in[i + 1] | 0x20); /* in[i+1] is at worst the NUL */
        uint32_t cp = 0;
        size_t used = 1;
        int ap = uz_apostrophe(in + i + 1);
        if ((l == 'o' || l == 'g') && ap) {
            cp = l == 'o' ? 0x45E : 0x493; /* ў, ғ */
            used = 1 + (size_t)ap;
        } else if (l == 's' && nx == 'h') {
            cp = 0x448, used = 2;
        } else if (l == 'c' && nx == 'h') {
            cp = 0x447, used = 2;
        } else if (l == 't' && nx == 's') {
            cp = 0x446, used = 2;
        } else if (l == 'y' && (nx == 'a' || nx == 'u' || nx == 'e' ||
                                (nx == 'o' && !uz_apostrophe(in + i + 2)))) {
            cp = nx == 'a' ? 0x44F : nx == 'u' ? 0x44E : nx == 'e' ? 0x435 : 0x451;
            used = 2;
        } else if (l == 'e') {
            /* Word-initial e is э, elsewhere е. */
            bool initial = i == 0 || !is_ascii_alpha(in[i - 1]);
            cp = initial ? 0x44D : 0x435;
        } else {
            cp = single[l - 'a'];
        }
        if (cp)
            tl_put_cp(&o, up ? cyr_upper(cp) : cp);
        else
            tl_put(&o, in + i, 1);
        i += used;
    }
    return tl_finish(&o);
}
