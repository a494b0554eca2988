/*
 * idx_compact.c - giving back the postings of dead documents while the
 * index serves.
 *
 * A changed listing gets a new document id and a deleted one is only
 * marked dead (idx_int.h), so every edit leaves its old postings behind:
 * about 50 of them and their positions. Once the documents killed since
 * the last sweep reach a fifth of all documents, a sweep is due; it goes
 * through the terms a few at a time (idx_compact_step), each step under
 * the write lock for about a millisecond, dropping the dead postings of
 * each term in place. A term longer than a step is copied under the read
 * lock instead and swapped in under the write lock. Dead rows (the
 * document table) stay: their ids are the order of every posting list.
 *
 * After a full sweep the postings, and so document frequencies and
 * scores, are those of an index that put each listing once.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define SWEEP_SHARE 5 /* a sweep is due when killed documents reach 1/5 of all */

/* Bytes of count varints at s. */
static size_t varints_len(const uint8_t *s, uint32_t count)
{
    const uint8_t *p = s;
    for (uint32_t k = 0; k < count; k++)
        while (*p++ & 0x80)
            ;
    return (size_t)(p - s);
}

void idx_note_killed(idx *ix)
{
    ix->killed_since_sweep++;
    if (ix->sweep_next == SIZE_MAX && ix->killed_since_sweep * SWEEP_SHARE >= ix->n_docs) {
        ix->sweep_next = 0;
        ix->killed_since_sweep = 0;
    }
}

/* A term's live postings and their positions, copied to new arrays. */
typedef struct term_copy {
    idx_posting *v;
    uint8_t *pos;
    uint32_t *blk;
    uint32_t n, pos_n;
} term_copy;

static void copy_free(term_copy *c)
{
    free(c->v);
    free(c->pos);
    free(c->blk);
    memset(c, 0, sizeof *c);
}

/* Appends the postings [from, t->n) of t that are not dead to c, with
 * their positions and block offsets. src_off is the offset of posting
 * from's positions. c may be t's own arrays (compaction in place: what is
 * written never passes what is read). */
static void keep_live(const idx *ix, const idx_term *t, uint32_t from, size_t src_off, term_copy *c)
{
    for (uint32_t r = from; r < t->n; r++) {
        size_t len = varints_len(t->pos + src_off, t->v[r].n_pos);
        if (!ix->dn[t->v[r].doc].dead) {
            if (c->n % IDX_POS_BLOCK == 0)
                c->blk[c->n / IDX_POS_BLOCK] = c->pos_n;
            memmove(c->pos + c->pos_n, t->pos + src_off, len);
            c->v[c->n++] = t->v[r];
            c->pos_n += (uint32_t)len;
        }
        src_off += len;
    }
}

/* Drops the postings of dead documents from term t in place, and gives
 * the room back when most of it is free. Returns the postings dropped. */
static size_t compact_term(idx *ix, idx_term *t)
{
    term_copy c = {t->v, t->pos, t->blk, 0, 0};
    keep_live(ix, t, 0, 0, &c);
    size_t dropped = t->n - c.n;
    t->n = c.n;
    t->pos_n = c.pos_n;
    if (t->cap > 2 * t->n + 16)
        idx_term_shrink(ix, t);
    return dropped;
}

static int copy_alloc(term_copy *c, uint32_t n, uint32_t pos_n)
{
    c->v = malloc((n ? n : 1) * sizeof *c->v);
    c->pos = malloc(pos_n ? pos_n : 1);
    c->blk = malloc((n / IDX_POS_BLOCK + 1) * sizeof *c->blk);
    return c->v && c->pos && c->blk ? 0 : HK_ENOMEM;
}

/* Compacts a long term without holding the write lock for long: its live
 * postings are copied under the read lock (searches go on; writers wait),
 * then, under the write lock, what was appended meanwhile is copied too
 * and the arrays are swapped. A document killed in between keeps its
 * posting until the next sweep, skipped by searches as before. */
static size_t compact_long_term(idx *ix, size_t term)
{
    term_copy c = {0};
    pthread_rwlock_rdlock(&ix->lock);
    const idx_term *t = &ix->terms[term];
    uint32_t n0 = t->n, pos0 = t->pos_n;
    int rc = copy_alloc(&c, n0, pos0);
    if (!rc)
        keep_live(ix, t, 0, 0, &c);
    pthread_rwlock_unlock(&ix->lock);

    pthread_rwlock_wrlock(&ix->lock);
    idx_term *tw = &ix->terms[term];
    size_t dropped = 0;
    if (!rc && tw->n > n0) {
        /* Postings appended since: grow the copy to take them all. */
        uint32_t n = c.n + (tw->n - n0), pos_n = c.pos_n + (tw->pos_n - pos0);
        idx_posting *v = realloc(c.v, n * sizeof *v);
        uint8_t *p = v ? realloc(c.pos, pos_n ? pos_n : 1) : NULL;
        uint32_t *b = p ? realloc(c.blk, (n / IDX_POS_BLOCK + 1) * sizeof *b) : NULL;
        c.v = v ? v : c.v;
        c.pos = p ? p : c.pos;
        c.blk = b ? b : c.blk;
        rc = b ? 0 : HK_ENOMEM;
        if (!rc)
            keep_live(ix, tw, n0, pos0, &c);
    }
    if (!rc) {
        dropped = tw->n - c.n;
        ix->bytes -= (tw->cap - c.n) * sizeof *tw->v + (tw->pos_cap - c.pos_n);
        free(tw->v);
        free(tw->pos);
        free(tw->blk);
        tw->v = c.v;
        tw->pos = c.pos;
        tw->blk = c.blk;
        tw->n = tw->cap = c.n;
        tw->pos_n = tw->pos_cap = c.pos_n;
        ix->postings -= dropped;
    } else {
        copy_free(&c); /* out of memory: the term stays as it was */
    }
    pthread_rwlock_unlock(&ix->lock);
    return dropped;
}

size_t idx_compact_step(idx *ix, size_t budget, bool *done)
{
    /* Most calls find nothing due: they ask under the read lock, which
     * does not stop searches. */
    pthread_rwlock_rdlock(&ix->lock);
    bool due = ix->sweep_next != SIZE_MAX;
    pthread_rwlock_unlock(&ix->lock);
    if (!due) {
        if (done)
            *done = true;
        return 0;
    }
    size_t dropped = 0, seen = 0;
    pthread_rwlock_wrlock(&ix->lock);
    while (ix->sweep_next < ix->n_terms && seen < budget) {
        size_t term = ix->sweep_next;
        idx_term *t = &ix->terms[term];
        if (t->n > budget) {
            /* A long term gets a step of its own, mostly under the read lock. */
            if (seen)
                break;
            ix->sweep_next++;
            pthread_rwlock_unlock(&ix->lock);
            dropped += compact_long_term(ix, term);
            pthread_rwlock_wrlock(&ix->lock);
            break;
        }
        ix->sweep_next++;
        seen += t->n + 1;
        size_t d = compact_term(ix, t);
        ix->postings -= d;
        dropped += d;
    }
    if (ix->sweep_next >= ix->n_terms)
        ix->sweep_next = SIZE_MAX;
    if (done)
        *done = ix->sweep_next == SIZE_MAX;
    pthread_rwlock_unlock(&ix->lock);
    return dropped;
}

void idx_compact_now(idx *ix)
{
    pthread_rwlock_wrlock(&ix->lock);
    ix->sweep_next = 0;
    ix->killed_since_sweep = 0;
    pthread_rwlock_unlock(&ix->lock);
    bool done = false;
    while (!done)
        idx_compact_step(ix, 1 << 18, &done);
}
