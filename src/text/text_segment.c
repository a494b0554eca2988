/*
 * text_segment.c - word segmentation with ICU's word break iterator
 * (UBRK_WORD, root locale: Unicode word rules, with ICU's dictionary for
 * Chinese, Japanese, Thai and other scripts written without spaces).
 *
 * ICU works on UTF-16; hamkor's spans are UTF-8 byte offsets into the
 * caller's input. Boundaries come in increasing order, so one cursor walks
 * both encodings forward together and no offset table is needed.
 *
 * Most listings are Latin, Cyrillic or Chinese text with ordinary
 * punctuation, for which the word rules reduce to a few lines of C. The
 * fast path at the end of this file cuts such text directly in UTF-8,
 * with no UTF-16 copy of the text; the break iterator only cuts each
 * distinct run of Han characters once. tests/test_text_fast.c checks it
 * against ICU on every code point it accepts and on real texts.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "hk_utf8.h"
#include "text_int.h"

int text_segmenter_start(text_segmenter *sg, UBreakIterator *brk, const UChar *u, int32_t ulen,
                         const char *s, hk_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(brk, u, ulen, &st);
    if (U_FAILURE(st))
        return hk_err_set(err, HK_EINTERNAL, "text", "ICU word break failed: %s", u_errorName(st));
    sg->brk = brk;
    sg->u = u;
    sg->ulen = ulen;
    sg->s = s;
    sg->ucur = 0;
    sg->bcur = 0;
    sg->prev = ubrk_first(brk);
    return 0;
}

/* Moves the cursor to UTF-16 index to (>= the current one) and returns the
 * matching byte offset. */
static uint32_t advance(text_segmenter *sg, int32_t to)
{
    while (sg->ucur < to) {
        UChar c = sg->u[sg->ucur];
        if (c < 0x80) {
            sg->bcur += 1;
            sg->ucur += 1;
        } else if (c < 0x800) {
            sg->bcur += 2;
            sg->ucur += 1;
        } else if (U16_IS_LEAD(c)) {
            sg->bcur += 4;
            sg->ucur += 2;
        } else {
            sg->bcur += 3;
            sg->ucur += 1;
        }
    }
    return sg->bcur;
}

int text_segmenter_next(text_segmenter *sg, text_seg *seg)
{
    for (;;) {
        int32_t end = ubrk_next(sg->brk);
        if (end == UBRK_DONE)
            return 0;
        int32_t start = sg->prev;
        sg->prev = end;
        int32_t status = ubrk_getRuleStatus(sg->brk);
        /* UBRK_WORD_NONE covers spaces, punctuation and symbols. */
        if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT)
            continue;
        seg->u0 = start;
        seg->u1 = end;
        seg->b0 = advance(sg, start);
        seg->b1 = advance(sg, end);
        seg->status = status;
        return 1;
    }
}

/* ---- the fast path: Latin, Cyrillic, Chinese and punctuation ---- */

/* The code points the fast path may see: Basic Latin to the Cyrillic
 * Supplement (Latin-1, Latin Extended A/B, IPA and modifier letters such
 * as Uzbek ʻ, Greek, Cyrillic), Latin Extended Additional, General
 * Punctuation to Arrows (dashes, quotes, №, ℃, ™, fractions), CJK
 * punctuation, the CJK ideographs of the BMP and the full-width forms.
 * Within them combining marks, format characters, the underscore, kana
 * and the like stay slow: they bring rules WB4, WB13 and ICU's Katakana
 * rules into play. */
static bool wb_in_range(uint32_t c)
{
    return c < 0x530 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2000 && c < 0x2200) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

static uint8_t wb_class(uint32_t c)
{
    if (!wb_in_range(c))
        return TEXT_WB_SLOW;
    UErrorCode st = U_ZERO_ERROR;
    if (uscript_getScript((UChar32)c, &st) == USCRIPT_HAN)
        /* Ideographs go to the dictionary; the few Han-script marks among
         * the CJK punctuation (々 〇 〡) are left to ICU. */
        return c >= 0x3400 ? TEXT_WB_HAN : TEXT_WB_SLOW;
    if (c >= 0x3400 && c <= 0x9FFF)
        return TEXT_WB_SLOW; /* unassigned: ICU decides */
    /* ICU 72 tailors the Unicode classes: "@" is a letter (e-mail
     * addresses stay one word), ":" no longer joins letters. The probes in
     * text_wb_build check that the ICU in use agrees. */
    if (c == '@')
        return TEXT_WB_LETTER;
    if (c == ':' || c == 0xFF1A)
        return TEXT_WB_OTHER;
    int wb = u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK);
    /* CJK letters outside the word classes (〆) are words to ICU's
     * ideographic rules: leave them to it. */
    if (c >= 0x3000 && wb == U_WB_OTHER && (U_GET_GC_MASK((UChar32)c) & (U_GC_L_MASK | U_GC_N_MASK)))
        return TEXT_WB_SLOW;
    switch (wb) {
    case U_WB_ALETTER: return TEXT_WB_LETTER;
    case U_WB_NUMERIC: return TEXT_WB_NUMERIC;
    case U_WB_MIDLETTER: return TEXT_WB_MIDLETTER;
    case U_WB_MIDNUM: return TEXT_WB_MIDNUM;
    case U_WB_MIDNUMLET: return TEXT_WB_MIDNUMLET;
    case U_WB_SINGLE_QUOTE: return TEXT_WB_SQUOTE;
    /* Double quotes join only Hebrew letters (WB7b), which are slow;
     * spaces (WB3d) and line ends (WB3) only join one another, and such
     * segments are not words. */
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE:
    case U_WB_WSEGSPACE:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE: return TEXT_WB_OTHER;
    default: return TEXT_WB_SLOW;
    }
}

static bool is_wordlike(uint8_t k)
{
    return k == TEXT_WB_LETTER || k == TEXT_WB_NUMERIC;
}

/* Does the fast path cut s exactly as ICU does? */
static bool probe(const uint8_t *tab, UBreakIterator *brk, const char *s)
{
    UChar u[128];
    int32_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(u, 128, &n, s, -1, &st);
    if (U_FAILURE(st) || !text_wb_fast(tab, s, strlen(s)))
        return false;
    /* The reference first, in full: the fast path borrows brk for runs. */
    text_seg want[32];
    int nw = 0;
    text_segmenter sg;
    if (text_segmenter_start(&sg, brk, u, n, s, NULL) != 0)
        return false;
    while (nw < 32 && text_segmenter_next(&sg, &want[nw]))
        nw++;
    text_memo runs = {.nslots = 16};
    text_ubuf ub = {0};
    text_fastseg f = {.wb = tab, .s = s, .len = strlen(s), .brk = brk, .runs = &runs, .u = &ub};
    bool ok = true;
    for (int i = 0; ok; i++) {
        text_seg got;
        int r = text_fastseg_next(&f, &got);
        if (r < 0 || (r == 0) != (i == nw))
            ok = false;
        else if (r == 0)
            break;
        else
            ok = got.b0 == want[i].b0 && got.b1 == want[i].b1;
    }
    static const UChar empty[1] = {0};
    ubrk_setText(brk, empty, 0, &st);
    text_memo_free(&runs);
    text_ubuf_free(&ub);
    return ok;
}

void text_wb_build(uint8_t *tab, UBreakIterator *brk)
{
    for (uint32_t c = 0; c < TEXT_WB_LIMIT; c++)
        tab[c] = wb_class(c);
    /* The characters whose treatment differs between ICU versions or
     * between ICU and the Unicode classes, one of each join rule, and Han
     * runs next to everything else. tests/test_text_fast.c checks every
     * code point of the table. */
    static const char *const probes[] = {
        "a:b", "a@b c@ @", "can't 'a a'", "o’zbek", "e.g. U.S.A.", "1,000.50 3;4", "a1.5 1.a a.1",
        "ООО \"Ромашка\"", "Тошкент-2 №5", "x\xC2\xB7y", "iPhone手机 5吨钢材，中国农业发展银行。华为技术有限公司",
        "１２吨ＡＢＣ中.国", NULL};
    for (int i = 0; probes[i]; i++)
        if (!probe(tab, brk, probes[i])) {
            memset(tab, TEXT_WB_SLOW, TEXT_WB_LIMIT);
            return;
        }
}

bool text_wb_fast(const uint8_t *tab, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (tab[b] == TEXT_WB_SLOW)
                return false;
            i++;
            continue;
        }
        uint32_t c;
        i += (size_t)hk_utf8_decode(s + i, &c);
        if (c >= TEXT_WB_LIMIT || tab[c] == TEXT_WB_SLOW)
            return false;
    }
    return true;
}

/* Class of the code point at s[i] (i < len), its byte length in *k. */
static inline uint8_t class_at(const text_fastseg *f, size_t i, int *k)
{
    unsigned char b = (unsigned char)f->s[i];
    if (b < 0x80) {
        *k = 1;
        return f->wb[b];
    }
    uint32_t c;
    *k = hk_utf8_decode(f->s + i, &c);
    return c < TEXT_WB_LIMIT ? f->wb[c] : TEXT_WB_SLOW;
}

/* Starts cutting the Han run s[b0..b1) (3 bytes a character: the fast
 * Han class is in the BMP above U+0800). ICU treats a run of ideographs
 * as one stretch for its dictionary, whose cuts depend on that stretch
 * alone, and breaks on both sides of it against every other fast class:
 * so the run is cut here by itself, and once per distinct run. */
static int run_start(text_fastseg *f, size_t b0, size_t b1)
{
    f->run_b0 = b0;
    f->run_b1 = b1;
    f->run_at = 0;
    f->icut = f->ncuts = 0;
    int32_t n = (int32_t)((b1 - b0) / 3);
    const char *key = f->s + b0;
    size_t kn = b1 - b0;
    uint32_t h = 0;
    f->run_icu = n > TEXT_RUN_MEMO_MAX;
    if (!f->run_icu) {
        h = text_memo_hash(1, key, kn);
        text_memo_val v;
        if (text_memo_get(f->runs, 1, key, kn, h, &v)) {
            memcpy(f->cuts, v.s[0], v.n[0]);
            f->ncuts = v.n[0];
            return 0;
        }
    }
    int rc = text_ubuf_reserve(f->u, n + 1);
    if (rc)
        return rc;
    UErrorCode st = U_ZERO_ERROR;
    int32_t un = 0;
    u_strFromUTF8(f->u->p, f->u->cap, &un, key, (int32_t)kn, &st);
    if (U_FAILURE(st) || un != n)
        return HK_EINTERNAL;
    ubrk_setText(f->brk, f->u->p, un, &st);
    if (U_FAILURE(st))
        return HK_EINTERNAL;
    ubrk_first(f->brk);
    if (f->run_icu)
        return 0; /* cut as we go */
    int32_t e;
    while ((e = ubrk_next(f->brk)) != UBRK_DONE)
        f->cuts[f->ncuts++] = (uint8_t)e;
    text_memo_put(f->runs, 1, key, kn, h,
                  &(text_memo_val){.s = {(const char *)f->cuts}, .n = {(uint16_t)f->ncuts}});
    return 0;
}

/* The next word of the current run into seg; 0 when the run is done. */
static int run_next(text_fastseg *f, text_seg *seg)
{
    int32_t end;
    if (f->run_icu) {
        end = ubrk_next(f->brk);
        if (end == UBRK_DONE)
            end = -1;
    } else {
        end = f->icut < f->ncuts ? f->cuts[f->icut++] : -1;
    }
    if (end < 0 || end <= f->run_at) {
        f->i = f->run_b1;
        f->run_b0 = f->run_b1 = 0;
        return 0;
    }
    seg->u0 = seg->u1 = -1;
    seg->b0 = (uint32_t)(f->run_b0 + 3 * (size_t)f->run_at);
    seg->b1 = (uint32_t)(f->run_b0 + 3 * (size_t)end);
    seg->status = UBRK_WORD_IDEO;
    f->run_at = end;
    return 1;
}

/* A word starts at a letter or digit and goes on through letters and
 * digits (WB5, WB8, WB9, WB10) and through one middle character between
 * two letters (WB6, WB7: "can't", "e.g") or two digits (WB11, WB12:
 * "1,000.50"). Everything else breaks (WB999), and what lies between
 * words holds no letter or digit, so ICU gives it UBRK_WORD_NONE. Han
 * runs break on both sides and are cut by the dictionary. */
int text_fastseg_next(text_fastseg *f, text_seg *seg)
{
    if (f->run_b0 != f->run_b1 && run_next(f, seg))
        return 1;
    size_t i = f->i, n = f->len;
    int k = 0;
    uint8_t last = TEXT_WB_SLOW;
    while (i < n) {
        last = class_at(f, i, &k);
        if (is_wordlike(last) || last == TEXT_WB_HAN)
            break;
        i += (size_t)k;
    }
    if (i >= n) {
        f->i = n;
        return 0;
    }
    size_t b0 = i;
    i += (size_t)k;
    if (last == TEXT_WB_HAN) {
        while (i < n && class_at(f, i, &k) == TEXT_WB_HAN)
            i += (size_t)k;
        int rc = run_start(f, b0, i);
        if (rc)
            return rc;
        if (run_next(f, seg))
            return 1;
        return text_fastseg_next(f, seg); /* (a run always has a word) */
    }
    while (i < n) {
        int k1, k2;
        uint8_t c1 = class_at(f, i, &k1);
        if (is_wordlike(c1)) {
            last = c1;
            i += (size_t)k1;
            continue;
        }
        if (c1 < TEXT_WB_MIDLETTER || i + (size_t)k1 >= n)
            break;
        uint8_t c2 = class_at(f, i + (size_t)k1, &k2);
        bool join = last == TEXT_WB_LETTER
                        ? c2 == TEXT_WB_LETTER && c1 != TEXT_WB_MIDNUM
                        : c2 == TEXT_WB_NUMERIC && c1 != TEXT_WB_MIDLETTER;
        if (!join)
            break;
        last = c2;
        i += (size_t)k1 + (size_t)k2;
    }
    f->i = i;
    seg->u0 = seg->u1 = -1;
    seg->b0 = (uint32_t)b0;
    seg->b1 = (uint32_t)i;
    seg->status = last == TEXT_WB_LETTER ? UBRK_WORD_LETTER : UBRK_WORD_NUMBER;
    return 1;
}
