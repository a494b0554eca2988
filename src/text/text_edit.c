/*
 * text_edit.c - edit distance between two UTF-8 strings in code points,
 * for typo tolerance in search ("Toshkent" vs "Tashkent" is 1, "литьё" vs
 * "литье" is 1 although ё and е differ in two bytes).
 *
 * Damerau in its "optimal string alignment" form: insertions, deletions,
 * substitutions and transpositions of two adjacent code points each cost
 * one. Callers ask "is it within max?", so the computation keeps only a
 * band of width 2*max+1 around the diagonal and stops as soon as a whole
 * row exceeds max: O(n*max) time, not O(n*m).
 */
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"
#include "text.h"

#define STACK_CPS 128

/* Decodes s into cps (cap entries); returns the count. The strings are
 * validated leniently: a byte that does not start a well-formed sequence
 * counts as one code point, so bad input still gets an answer. */
static size_t decode(const char *s, uint32_t *cps, size_t cap)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)s[i];
        int k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (k == 0 || i + (size_t)k > len || !hk_utf8_valid(s + i, (size_t)k)) {
            cps[n++] = 0xFFFD00u | c; /* distinct from every real code point */
            i++;
            continue;
        }
        i += (size_t)hk_utf8_decode(s + i, &cps[n++]);
    }
    return n;
}

static int osa(const uint32_t *a, size_t n, const uint32_t *b, size_t m, int max, int *rows)
{
    /* rows holds three rows of m + 1 cells: two back, previous, current. */
    int *r2 = rows, *r1 = rows + (m + 1), *r0 = rows + 2 * (m + 1);
    const int big = max + 1;
    for (size_t j = 0; j <= m; j++)
        r1[j] = j <= (size_t)max ? (int)j : big;
    for (size_t i = 1; i <= n; i++) {
        size_t lo = i > (size_t)max ? i - (size_t)max : 1;
        size_t hi = i + (size_t)max < m ? i + (size_t)max : m;
        for (size_t j = 0; j <= m; j++)
            r0[j] = big;
        r0[0] = i <= (size_t)max ? (int)i : big;
        int row_min = r0[0];
        for (size_t j = lo; j <= hi; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = r1[j - 1] + cost;
            if (r1[j] + 1 < v)
                v = r1[j] + 1;
            if (r0[j - 1] + 1 < v)
                v = r0[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && r2[j - 2] + 1 < v)
                v = r2[j - 2] + 1;
            if (v > big)
                v = big;
            r0[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return big;
        int *t = r2;
        r2 = r1;
        r1 = r0;
        r0 = t;
    }
    return r1[m] > max ? big : r1[m];
}

int text_edit_distance(const char *a, const char *b, int max)
{
    if (max < 0)
        max = 0;
    size_t la = strlen(a), lb = strlen(b);
    uint32_t sa[STACK_CPS], sb[STACK_CPS];
    int srows[3 * (STACK_CPS + 1)];
    uint32_t *ca = sa, *cb = sb;
    int *rows = srows;
    size_t n, m;
    int d;
    /* Code points never outnumber bytes, so byte lengths size the arrays. */
    if (la > STACK_CPS)
        ca = malloc(la * sizeof *ca);
    if (lb > STACK_CPS)
        cb = malloc(lb * sizeof *cb);
    if (!ca || !cb) {
        d = max + 1; /* out of memory: report "too far" rather than a guess */
        goto out;
    }
    n = decode(a, ca, la > STACK_CPS ? la : STACK_CPS);
    m = decode(b, cb, lb > STACK_CPS ? lb : STACK_CPS);
    if ((n > m ? n - m : m - n) > (size_t)max) {
        d = max + 1;
        goto out;
    }
    if (m > STACK_CPS) {
        rows = malloc(3 * (m + 1) * sizeof *rows);
        if (!rows) {
            d = max + 1;
            goto out;
        }
    }
    d = osa(ca, n, cb, m, max, rows);
out:
    if (ca != sa)
        free(ca);
    if (cb != sb)
        free(cb);
    if (rows != srows)
        free(rows);
    return d;
}
