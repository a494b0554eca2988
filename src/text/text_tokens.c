/*
 * text_tokens.c - the caller-owned token array of text_analyze and the
 * arena its strings live in.
 *
 * The analyzer writes three short strings per token; allocating each with
 * malloc would dominate the cost of analysis, so they are bump-allocated
 * from chunks that the struct keeps between calls (text_analyze resets
 * it). Chunks never move, so token pointers stay valid until the next
 * call or text_tokens_free.
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

#define ARENA_CHUNK (64u * 1024u)
/* Analysis of TEXT_MAX_INPUT bytes writes at most a few times the input
 * (norm, stem, key, bigrams); this bound only stops a runaway. */
#define ARENA_MAX ((size_t)128 * 1024 * 1024)
#define TOKENS_MAX ((size_t)8 * 1024 * 1024)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t cap;   /* bytes of data[] */
    size_t used;  /* bytes handed out */
    char data[];
} arena_chunk;

typedef struct arena {
    arena_chunk *head;  /* all chunks, the current one first */
    arena_chunk *cur;   /* where allocation happens */
    size_t total;       /* sum of cap over chunks, bounded by ARENA_MAX */
} arena;

void text_tokens_init(text_tokens *t)
{
    memset(t, 0, sizeof *t);
    strcpy(t->lang, "und");
}

void text_tokens_free(text_tokens *t)
{
    arena *a = t->arena;
    if (a) {
        arena_chunk *c = a->head;
        while (c) {
            arena_chunk *n = c->next;
            free(c);
            c = n;
        }
        free(a);
    }
    free(t->v);
    text_tokens_init(t);
}

void text_tokens_reset(text_tokens *t)
{
    arena *a = t->arena;
    if (a) {
        for (arena_chunk *c = a->head; c; c = c->next)
            c->used = 0;
        a->cur = a->head;
    }
    t->n = 0;
}

char *text_arena_alloc(text_tokens *t, size_t n)
{
    arena *a = t->arena;
    if (!a) {
        a = calloc(1, sizeof *a);
        if (!a)
            return NULL;
        t->arena = a;
    }
    /* Reuse the chunks kept from earlier calls before adding new ones. */
    while (a->cur && a->cur->cap - a->cur->used < n && a->cur->next)
        a->cur = a->cur->next;
    if (!a->cur || a->cur->cap - a->cur->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        if (a->total + cap > ARENA_MAX)
            return NULL;
        arena_chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = NULL;
        /* Append after cur so the chunk order stays the allocation order. */
        if (a->cur) {
            c->next = a->cur->next;
            a->cur->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
        a->cur = c;
        a->total += cap;
    }
    char *p = a->cur->data + a->cur->used;
    a->cur->used += n;
    return p;
}

char *text_arena_strdup(text_tokens *t, const char *s, size_t n)
{
    char *p = text_arena_alloc(t, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int text_tokens_push(text_tokens *t, const text_token *tok, hk_err *err)
{
    if (t->n == t->cap) {
        if (t->cap >= TOKENS_MAX)
            return hk_err_set(err, HK_ETOOBIG, "text", "more than %zu tokens", (size_t)TOKENS_MAX);
        size_t cap = t->cap ? t->cap * 2 : 64;
        text_token *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return hk_err_set(err, HK_ENOMEM, "text", "out of memory for tokens");
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = *tok;
    return 0;
}
