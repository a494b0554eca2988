/*
 * hk_huge.h - zeroed memory for large arrays read at random (the search's
 * per-document scratch): aligned to 2 MiB and marked for transparent huge
 * pages where the kernel allows them (its "madvise" mode, Debian's
 * default), so that a random read costs a cache miss but rarely a
 * page-table walk as well. Freed with free().
 */
#ifndef HK_HUGE_H
#define HK_HUGE_H

#include <stddef.h>

/* As calloc(n, size): NULL when out of memory or n * size overflows.
 * Arrays under 2 MiB get plain calloc memory. */
void *hk_huge_calloc(size_t n, size_t size);

/* Moves the first used bytes of the block p (from malloc(), cap bytes in
 * all) into huge-page memory of cap bytes, zeroed past used, and frees p.
 * Returns the new block, or p itself when out of memory (still valid). */
void *hk_huge_move(void *p, size_t used, size_t cap);

#endif
