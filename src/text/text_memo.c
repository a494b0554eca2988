/*
 * text_memo.c - small lock-free memos that live in a worker.
 *
 * Listings repeat their vocabulary: the same few thousand words come back
 * in every title and description. The shared key cache of
 * text_translit.c serves all threads and so takes a shard mutex per
 * lookup; stemming and the stop word search cost as much again per word.
 * A worker belongs to one call at a time (text_analyzer.c), so a memo
 * inside it needs no lock at all. Three are kept per worker:
 *
 *   - the word memo (text_analyzer.c): key = the word's input bytes and
 *     the text's language; value = norm, stem, key and what was learnt
 *     about the word (script, stop word, ...);
 *   - the key memo (text_translit.c): key = (transliterator, norm); value
 *     = the folded Latin key. It sits in front of the shared cache and
 *     serves Han bigrams and words the word memo missed;
 *   - the run memo (text_segment.c): key = a run of Han characters; value
 *     = where ICU's dictionary cuts it.
 *
 * Both are direct-mapped tables of fixed-size slots: a lookup is one hash,
 * one slot, one memcmp; a new entry overwrites the slot's old one. No
 * allocation happens after the table itself (allocated on first use), so
 * a memo costs nslots * sizeof(text_memo_slot) bytes and no more. Entries
 * too long for a slot are simply not kept.
 *
 * A memo only ever returns what was put under the same (tag, key), and
 * callers put only values that are pure functions of (tag, key) and of
 * the analyzer's immutable tables: a hit gives exactly the result the
 * computation would have given.
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

uint32_t text_memo_hash(uint8_t tag, const char *key, size_t n)
{
    /* Eight bytes a step (byte-wise FNV-1a was a twentieth of a warm
     * analysis): multiply, fold the high half into the low bits that pick
     * the slot. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)tag << 56) ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, key + i, 8);
        h = (h ^ x) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < n) {
        /* Byte by byte: a variable-length memcpy went through the stack. */
        uint64_t x = 0;
        for (size_t j = 0; i + j < n; j++)
            x |= (uint64_t)(unsigned char)key[i + j] << (8 * j);
        h = (h ^ x) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    h *= 0xC4CEB9FE1A85EC53ull;
    return (uint32_t)(h >> 32);
}

void text_memo_free(text_memo *m)
{
    free(m->slot);
    m->slot = NULL;
    m->mask = 0;
}

bool text_memo_get(text_memo *m, uint8_t tag, const char *key, size_t n, uint32_t h, text_memo_val *out)
{
    if (!m->slot || n > TEXT_MEMO_DATA)
        return false;
    const text_memo_slot *s = &m->slot[h & m->mask];
    if (s->tag != tag || s->hash != h || s->klen != n || memcmp(s->data, key, n) != 0)
        return false;
    size_t o = n;
    for (int i = 0; i < TEXT_MEMO_VALS; i++) {
        if (s->vlen[i] == TEXT_MEMO_NONE) {
            out->s[i] = NULL;
            out->n[i] = 0;
            continue;
        }
        out->s[i] = s->data + o;
        out->n[i] = s->vlen[i];
        o += (size_t)s->vlen[i] + 1;
    }
    out->aux = s->aux;
    return true;
}

void text_memo_put(text_memo *m, uint8_t tag, const char *key, size_t n, uint32_t h, const text_memo_val *v)
{
    if (tag == 0)
        return; /* 0 marks an empty slot */
    size_t need = n;
    for (int i = 0; i < TEXT_MEMO_VALS; i++)
        if (v->s[i]) {
            if (v->n[i] >= TEXT_MEMO_NONE)
                return;
            need += (size_t)v->n[i] + 1;
        }
    if (need > TEXT_MEMO_DATA)
        return;
    if (!m->slot) {
        size_t ns = m->nslots ? m->nslots : 1024;
        m->slot = calloc(ns, sizeof *m->slot);
        if (!m->slot)
            return; /* a memo that cannot be allocated just misses */
        m->mask = (uint32_t)(ns - 1);
    }
    text_memo_slot *s = &m->slot[h & m->mask];
    /* The values may point into this very slot (a caller completing an
     * entry it got from here): build the new contents aside first. */
    char data[TEXT_MEMO_DATA];
    memcpy(data, key, n);
    size_t o = n;
    uint8_t vlen[TEXT_MEMO_VALS];
    for (int i = 0; i < TEXT_MEMO_VALS; i++) {
        if (!v->s[i]) {
            vlen[i] = TEXT_MEMO_NONE;
            continue;
        }
        memcpy(data + o, v->s[i], v->n[i]);
        data[o + v->n[i]] = '\0';
        vlen[i] = (uint8_t)v->n[i];
        o += (size_t)v->n[i] + 1;
    }
    s->tag = tag;
    s->hash = h;
    s->klen = (uint8_t)n;
    memcpy(s->vlen, vlen, sizeof vlen);
    s->aux = v->aux;
    memcpy(s->data, data, o);
}
