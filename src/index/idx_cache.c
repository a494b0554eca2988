/*
 * idx_cache.c - what one bulk-build thread remembers of the index: term
 * text -> term id and facet key -> bitmap. A million listings share some
 * twenty thousand terms and a few thousand facet values, so after the
 * first batches nearly every lookup is answered here, outside the index
 * lock, and the locked part of putting a listing is only appending.
 *
 * Safe because what is remembered never changes: a term keeps its id and
 * a facet value its bitmap for the index's lifetime.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define STRMAP_MAX_KEYS ((size_t)1 << 30) /* bytes of key text, then stop remembering */

/* 0 marks an empty slot, so a hash of 0 is stored as 1. */
static uint64_t slot_hash(uint64_t h)
{
    return h ? h : 1;
}

uintptr_t *idx_strmap_get(idx_strmap *m, const char *key, uint64_t hash)
{
    if (!m->cap)
        return NULL;
    uint64_t h = slot_hash(hash);
    size_t mask = m->cap - 1;
    for (size_t i = h & mask; m->slot[i].hash; i = (i + 1) & mask)
        if (m->slot[i].hash == h && !strcmp(m->keys + m->slot[i].off, key))
            return &m->slot[i].val;
    return NULL;
}

static int grow(idx_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 4096;
    idx_strmap_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return HK_ENOMEM;
    for (size_t k = 0; k < m->cap; k++) {
        if (!m->slot[k].hash)
            continue;
        size_t i = m->slot[k].hash & (cap - 1);
        while (v[i].hash)
            i = (i + 1) & (cap - 1);
        v[i] = m->slot[k];
    }
    free(m->slot);
    m->slot = v;
    m->cap = cap;
    return 0;
}

/* Remembers key -> val (key not present). A map that cannot grow just
 * forgets: the caller then asks the index, under its lock. */
int idx_strmap_put(idx_strmap *m, const char *key, uint64_t hash, uintptr_t val)
{
    size_t kl = strlen(key) + 1;
    if (m->len + kl > STRMAP_MAX_KEYS)
        return HK_ETOOBIG;
    if ((m->used + 1) * 2 > m->cap && grow(m))
        return HK_ENOMEM;
    if (m->len + kl > m->kcap) {
        size_t cap = m->kcap ? m->kcap * 2 : 65536;
        while (cap < m->len + kl)
            cap *= 2;
        char *k = realloc(m->keys, cap);
        if (!k)
            return HK_ENOMEM;
        m->keys = k;
        m->kcap = cap;
    }
    memcpy(m->keys + m->len, key, kl);
    uint64_t h = slot_hash(hash);
    size_t i = h & (m->cap - 1);
    while (m->slot[i].hash)
        i = (i + 1) & (m->cap - 1);
    m->slot[i] = (idx_strmap_slot){.hash = h, .val = val, .off = (uint32_t)m->len};
    m->len += kl;
    m->used++;
    return 0;
}

static void strmap_free(idx_strmap *m)
{
    free(m->slot);
    free(m->keys);
    memset(m, 0, sizeof *m);
}

void idx_cache_free(idx_cache *c)
{
    strmap_free(&c->terms);
    strmap_free(&c->bitmaps);
}
