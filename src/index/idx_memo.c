/*
 * idx_memo.c - a bulk-build thread's memory of the titles it has
 * analysed. Analysis is most of the cost of a build, and titles repeat
 * ("Supply of cement from the manufacturer", the same product in
 * several listings and translations): a title seen before is copied from
 * here instead of going through the analyser again. Descriptions are
 * rarely equal and are not remembered.
 *
 * Direct-mapped by a hash of language and text; a collision replaces the
 * older title. Only the bulk build uses it (idx_build.c); a single
 * idx_put_listing analyses as before.
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 8192     /* per thread: a few MB */
#define MEMO_MAX_TEXT 512   /* longer titles are not remembered */

typedef struct memo_entry {
    uint64_t hash;          /* of lang NUL text; 0 = empty */
    char *key;              /* lang NUL text NUL, then the terms; from malloc() */
    size_t key_len;         /* bytes of lang NUL text */
    size_t terms_len;       /* bytes of the terms after it */
    idx_occ *occ;           /* offsets into the terms, positions relative; from malloc() */
    size_t n;
    uint32_t advance;       /* what the analysis added to *pos */
    uint16_t words;         /* what it added to the field's length */
} memo_entry;

struct idx_memo {
    memo_entry v[MEMO_SLOTS];
};

int idx_memo_new(idx_memo **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : HK_ENOMEM;
}

static void entry_clear(memo_entry *e)
{
    free(e->key);
    free(e->occ);
    memset(e, 0, sizeof *e);
}

void idx_memo_free(idx_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < MEMO_SLOTS; i++)
        entry_clear(&m->v[i]);
    free(m);
}

/* Remembers the occurrences [n0, p->n) that analysing text added to p. */
static void remember(memo_entry *e, uint64_t h, const char *lang, size_t ll, const char *text, size_t tl,
                     const idx_pending *p, size_t n0, size_t len0, uint32_t pos0, uint32_t advance, uint16_t words)
{
    entry_clear(e);
    size_t key_len = ll + 1 + tl + 1, terms = p->len - len0, n = p->n - n0;
    e->key = malloc(key_len + terms);
    e->occ = malloc((n ? n : 1) * sizeof *e->occ);
    if (!e->key || !e->occ) {
        entry_clear(e);
        return; /* a memo that cannot grow just forgets */
    }
    memcpy(e->key, lang, ll);
    e->key[ll] = '\0';
    memcpy(e->key + ll + 1, text, tl + 1);
    memcpy(e->key + key_len, p->terms + len0, terms);
    for (size_t i = 0; i < n; i++) {
        e->occ[i] = p->occ[n0 + i];
        e->occ[i].off = (uint32_t)(p->occ[n0 + i].off - len0);
        e->occ[i].pos = p->occ[n0 + i].pos - pos0;
    }
    e->hash = h;
    e->key_len = key_len;
    e->terms_len = terms;
    e->n = n;
    e->advance = advance;
    e->words = words;
}

int idx_memo_analyse(idx_memo *m, text_analyzer *a, idx_pending *p, const char *text, const char *lang, int field,
                     uint32_t base, uint32_t *pos, text_tokens *toks, hk_err *err)
{
    size_t tl = text ? strlen(text) : 0;
    if (!m || !tl || tl > MEMO_MAX_TEXT)
        return idx_pending_analyse(a, p, text, lang, field, base, pos, toks, err);
    const char *lg = lang ? lang : "";
    size_t ll = strlen(lg);
    uint64_t h = idx_hash(lg, ll) * 31 + idx_hash(text, tl);
    h = h ? h : 1;
    memo_entry *e = &m->v[h % MEMO_SLOTS];
    uint32_t pos0 = base + *pos;
    if (e->hash == h && e->key_len == ll + 1 + tl + 1 && !memcmp(e->key, lg, ll) && !e->key[ll] &&
        !memcmp(e->key + ll + 1, text, tl)) {
        if (idx_pending_append_occ(p, e->key + e->key_len, e->terms_len, e->occ, e->n, pos0))
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        p->flen[field] = (uint16_t)(p->flen[field] + e->words < UINT16_MAX ? p->flen[field] + e->words : UINT16_MAX);
        *pos += e->advance;
        return 0;
    }
    size_t n0 = p->n, len0 = p->len;
    uint32_t before = *pos;
    uint16_t words = p->flen[field];
    int rc = idx_pending_analyse(a, p, text, lang, field, base, pos, toks, err);
    if (!rc && p->flen[field] < UINT16_MAX)
        remember(e, h, lg, ll, text, tl, p, n0, len0, pos0, *pos - before, (uint16_t)(p->flen[field] - words));
    return rc;
}
