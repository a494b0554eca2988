/*
 * idx_mark.c - highlights: the byte spans of a hit's title (or
 * description) whose words match the query, for <mark> in results.
 * A word matches when its stem or cross-script key is a query word's, or,
 * for the last query word, when it starts with it (search as you type);
 * Han bigrams match bigrams, and overlapping ones merge into one span.
 *
 * A marker analyses the query once, or takes the analysis the search
 * made (idx_marker_of); a page of hits then costs one analysis of each
 * title (they were one analysis of the query per hit too, before).
 */
#include "index/idx_int.h"

#include <stdlib.h>
#include <string.h>

struct idx_marker {
    idx *ix;
    const text_tokens *q;     /* the query's tokens: own, or the caller's */
    text_tokens own;
    text_tokens t;            /* the text being marked; reused */
    unsigned flags;           /* for analysing texts: no Han bigrams when the
                               * query has none (they could match nothing) */
};

static idx_marker *marker_alloc(idx *ix)
{
    idx_marker *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->ix = ix;
    m->q = &m->own;
    text_tokens_init(&m->own);
    text_tokens_init(&m->t);
    return m;
}

/* Texts need no Han bigrams when the query has none (they could match nothing). */
static void marker_ready(idx_marker *m)
{
    m->flags = TEXT_NO_BIGRAMS;
    for (size_t i = 0; i < m->q->n; i++)
        if (m->q->v[i].kind == TEXT_TOK_BIGRAM)
            m->flags = 0;
}

int idx_marker_new(idx *ix, const char *query, const char *lang, idx_marker **out, hk_err *err)
{
    idx_marker *m = marker_alloc(ix);
    if (!m)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    int rc = idx_query_analyse(ix, query, lang, &m->own, err);
    if (rc) {
        idx_marker_free(m);
        return rc;
    }
    marker_ready(m);
    *out = m;
    return 0;
}

int idx_marker_of(idx *ix, const text_tokens *query, idx_marker **out, hk_err *err)
{
    idx_marker *m = marker_alloc(ix);
    if (!m)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    m->q = query;
    marker_ready(m);
    *out = m;
    return 0;
}

void idx_marker_free(idx_marker *m)
{
    if (!m)
        return;
    text_tokens_free(&m->own);
    text_tokens_free(&m->t);
    free(m);
}

/* Whether text token t matches a query token. */
static bool matches(const text_tokens *qt, const text_token *t)
{
    for (size_t j = 0; j < qt->n; j++) {
        const text_token *q = &qt->v[j];
        if (q->kind != t->kind)
            continue;
        if (t->kind == TEXT_TOK_BIGRAM) {
            if (!strcmp(q->norm, t->norm))
                return true;
            continue;
        }
        const char *qx = q->xkey ? q->xkey : q->norm, *tx = t->xkey ? t->xkey : t->norm;
        bool last = j + 1 == qt->n;
        if (!strcmp(q->stem, t->stem) || !strcmp(qx, tx) || (last && !strncmp(t->norm, q->norm, strlen(q->norm))))
            return true;
    }
    return false;
}

int idx_marker_spans(idx_marker *m, const char *text, const char *lang, uint32_t **spans, size_t *cap,
                     size_t *n_spans, hk_err *err)
{
    *n_spans = 0;
    if (!m->q->n)
        return 0;
    int rc = text_analyze(m->ix->a, text, strlen(text), lang, m->flags, &m->t, err);
    for (size_t i = 0; !rc && i < m->t.n; i++) {
        const text_token *t = &m->t.v[i];
        if (!matches(m->q, t))
            continue;
        if (*n_spans && (*spans)[2 * *n_spans - 1] >= t->start) { /* overlapping bigrams merge */
            if ((*spans)[2 * *n_spans - 1] < t->end)
                (*spans)[2 * *n_spans - 1] = t->end;
            continue;
        }
        if (*n_spans == *cap) {
            size_t ncap = *cap ? *cap * 2 : 8;
            uint32_t *v = realloc(*spans, 2 * ncap * sizeof *v);
            if (!v) {
                rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
                break;
            }
            *spans = v;
            *cap = ncap;
        }
        (*spans)[2 * *n_spans] = t->start;
        (*spans)[2 * *n_spans + 1] = t->end;
        (*n_spans)++;
    }
    if (rc)
        *n_spans = 0;
    return rc;
}

int idx_highlight(idx *ix, const char *query, const char *text, const char *lang, uint32_t **spans,
                  size_t *n_spans, hk_err *err)
{
    *spans = NULL;
    *n_spans = 0;
    idx_marker *m;
    int rc = idx_marker_new(ix, query, NULL, &m, err);
    if (rc)
        return rc;
    size_t cap = 0;
    rc = idx_marker_spans(m, text, lang, spans, &cap, n_spans, err);
    idx_marker_free(m);
    if (rc) {
        free(*spans);
        *spans = NULL;
    }
    return rc;
}
