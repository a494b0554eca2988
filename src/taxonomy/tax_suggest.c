/*
 * tax_suggest.c - autocomplete over codes, labels and synonyms in every
 * language ("alumin", "литьё", "压铸", "7616"), for the code pickers of
 * the UI. Each node's words are analysed once at load (t->terms); a query
 * matches a node when each of its words equals one of the node's words and
 * the last is a prefix of one (search-as-you-type).
 */
#include "taxonomy/tax_int.h"

#include <stdlib.h>
#include <string.h>

#define TERMS_MAX (64u * 1024u)   /* bytes of words kept per node */

typedef struct terms_buf {
    char *s;
    size_t n, cap;
} terms_buf;

static int buf_add(terms_buf *b, const char *word, size_t len)
{
    if (b->n + len + 2 > TERMS_MAX)
        return 0; /* enough words to suggest from; the rest add nothing */
    if (b->n + len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->n + len + 2)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s)
            return HK_ENOMEM;
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->n, word, len);
    b->n += len;
    b->s[b->n++] = '\n';
    b->s[b->n] = '\0';
    return 0;
}

static int add_words(text_analyzer *a, terms_buf *b, const char *text, size_t len, const char *lang, hk_err *err)
{
    text_tokens toks;
    text_tokens_init(&toks);
    int rc = text_analyze(a, text, len, lang, TEXT_NO_XKEY | TEXT_KEEP_STOPWORDS, &toks, err);
    for (size_t i = 0; !rc && i < toks.n; i++)
        if (toks.v[i].kind == TEXT_TOK_WORD || toks.v[i].kind == TEXT_TOK_BIGRAM)
            if (buf_add(b, toks.v[i].norm, strlen(toks.v[i].norm)))
                rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    text_tokens_free(&toks);
    return rc;
}

static const char *const tags[TAX__LANGS] = {"en", "ru", "zh"};

int tax_terms_of(text_analyzer *a, const char *const labels[TAX__LANGS], const char *const syns[TAX__LANGS],
                 char **out, hk_err *err)
{
    terms_buf b = {0};
    int rc = 0;
    for (int l = 0; l < TAX__LANGS && !rc; l++) {
        rc = add_words(a, &b, labels[l], strlen(labels[l]), tags[l], err);
        if (!rc && syns[l])
            rc = add_words(a, &b, syns[l], strlen(syns[l]), tags[l], err);
    }
    if (!rc && !b.s && !(b.s = strdup("")))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    if (rc) {
        free(b.s);
        return rc;
    }
    *out = b.s;
    return 0;
}

int tax_terms_build(tax *t, hk_err *err)
{
    t->terms = calloc(t->n ? t->n : 1, sizeof *t->terms);
    if (!t->terms)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (size_t k = 0; k < t->n; k++) {
        const tax_node *nd = &t->nodes[k];
        int rc = tax_terms_of(t->analyzer, (const char *const *)nd->label, (const char *const *)nd->syn,
                              &t->terms[k], err);
        if (rc)
            return rc;
    }
    return 0;
}

/* 2 when word is one of the node's words, 1 when (prefix) a word starts
 * with it, 0 otherwise. */
static int word_match(const char *terms, const char *word, bool prefix)
{
    size_t len = strlen(word);
    int best = 0;
    for (const char *p = terms; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == len && !memcmp(p, word, len))
            return 2;
        if (prefix && n > len && !memcmp(p, word, len))
            best = 1;
        p += n + (nl ? 1 : 0);
    }
    return best;
}

static int cmp_hit(const void *a, const void *b)
{
    const tax_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->node - y->node;
}

int tax_suggest(tax *t, tax_scheme scheme, const char *query, size_t limit, tax_hit **out, size_t *n,
                hk_err *err)
{
    *out = NULL;
    *n = 0;
    text_tokens q;
    text_tokens_init(&q);
    int rc = text_analyze(t->analyzer, query, strlen(query), NULL, TEXT_NO_XKEY | TEXT_KEEP_STOPWORDS, &q, err);
    if (rc) {
        text_tokens_free(&q);
        return rc;
    }
    tax_hit *hits = malloc((t->n ? t->n : 1) * sizeof *hits);
    if (!hits) {
        text_tokens_free(&q);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    /* The query as typed, for matching codes ("761" -> 7610..7616). */
    const char *code_q = query;
    while (*code_q == ' ')
        code_q++;
    size_t code_len = strcspn(code_q, " ");
    size_t count = 0;
    pthread_rwlock_rdlock(&t->lock);
    for (size_t k = 0; k < t->n; k++) {
        const tax_node *nd = &t->nodes[k];
        if (nd->scheme != scheme)
            continue;
        double score = 0;
        if (code_len && code_len <= strlen(nd->code) && !strncmp(nd->code, code_q, code_len))
            score = 100.0 + (code_len == strlen(nd->code) ? 50 : 0) - nd->level;
        else if (q.n) {
            size_t words = 0;
            bool all = true;
            for (size_t i = 0; i < q.n && all; i++) {
                if (q.v[i].kind != TEXT_TOK_WORD && q.v[i].kind != TEXT_TOK_BIGRAM)
                    continue;
                bool last = q.v[i].end == q.v[q.n - 1].end;
                int m = word_match(t->terms[k], q.v[i].norm, last);
                all = m > 0;
                score += m;
                words++;
            }
            if (!all || !words)
                score = 0;
            else /* prefer headings/groups, then shorter labels */
                score += (nd->level == TAX_LEVEL_3 ? 0.5 : 0) - strlen(tax_label(nd, TAX_EN)) / 1000.0;
        }
        if (score > 0)
            hits[count++] = (tax_hit){(int32_t)k, score};
    }
    pthread_rwlock_unlock(&t->lock);
    text_tokens_free(&q);
    qsort(hits, count, sizeof *hits, cmp_hit);
    *n = count < limit ? count : limit;
    *out = hits;
    return 0;
}
