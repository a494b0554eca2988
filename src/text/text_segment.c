/*
 * text_segment.c - word segmentation with ICU's word break iterator
 * (UBRK_WORD, root locale: Unicode word rules, with ICU's dictionary for
 * Chinese, Japanese, Thai and other scripts written without spaces).
 *
 * ICU works on UTF-16; hamkor's spans are UTF-8 byte offsets into the
 * caller's input. Boundaries come in increasing order, so one cursor walks
 * both encodings forward together and no offset table is needed.
 */
#include <unicode/utf16.h>

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
