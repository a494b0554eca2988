/*
 * hk_huge.c - zeroed, huge-page-backed memory for large random-access
 * arrays (see hk_huge.h).
 *
 * Why (measured 2026-12-06, 1,000,000 listings): a search's scratch entry
 * per document is 16 MB read at random; with 4 KiB pages nearly every
 * read also missed the TLB, and prefetching could not hide the walks.
 */
#include "hk_huge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *hk_huge_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    if (bytes < HUGE_PAGE)
        return calloc(n ? n : 1, size ? size : 1);
    size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, rounded))
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, rounded, MADV_HUGEPAGE); /* a hint: without it, plain pages */
#endif
    memset(p, 0, rounded);
    return p;
}

void *hk_huge_move(void *p, size_t used, size_t cap)
{
    if (cap < HUGE_PAGE || used > cap)
        return p;
    void *q = hk_huge_calloc(1, cap);
    if (!q)
        return p;
    memcpy(q, p, used);
    free(p);
    return q;
}
