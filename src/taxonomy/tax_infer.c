/*
 * tax_infer.c - code inference: the most likely HS headings and ISIC
 * groups for a free text in any language.
 *
 * The model is a weighted bag of analysed terms per code. At load, each HS
 * heading and ISIC group gets the terms of its labels and synonyms in all
 * three languages (and, weaker, of its parent's label); tax_learn adds the
 * terms of classified listings. Terms are stems of words ("s:лит") and, for
 * Chinese, character bigrams ("b:压铸"), so the analyzer decides what
 * matches for search and for inference alike.
 *
 * Score of a code = sum over query terms of idf(term) * sat(weight), where
 * sat saturates like BM25's tf so that a code with many learned examples
 * does not win on one common word. ISIC groups also receive a share of the
 * score of the HS headings the crosswalk links them to.
 */
#include "taxonomy/tax_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_MIN_CAP 4096
#define FEATURE_MAX 200           /* bytes of one feature term */
#define LABEL_WEIGHT 2.0f
#define SYNONYM_WEIGHT 2.0f
#define PARENT_WEIGHT 0.5f
#define EXAMPLE_WEIGHT 1.0f
#define SAT_K 1.2
#define XWALK_SHARE 0.6
#define MODEL_EPSILON 1e-3f       /* weight left by rounding after removals */

static size_t feature_slot(const tax_model *m, const char *term)
{
    return (size_t)tax_hash(term, strlen(term), 7) & (m->cap - 1);
}

static tax_feature *feature_find(const tax_model *m, const char *term)
{
    if (!m->cap)
        return NULL;
    for (size_t i = feature_slot(m, term);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].term)
            return NULL;
        if (!strcmp(m->slots[i].term, term))
            return &m->slots[i];
    }
}

const tax_feature *tax_model_get(const tax_model *m, const char *term)
{
    return feature_find(m, term);
}

static int model_grow(tax_model *m)
{
    size_t cap = m->cap ? m->cap * 2 : MODEL_MIN_CAP;
    tax_feature *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return HK_ENOMEM;
    for (size_t k = 0; k < m->cap; k++) {
        if (!m->slots[k].term)
            continue;
        size_t i = (size_t)tax_hash(m->slots[k].term, strlen(m->slots[k].term), 7) & (cap - 1);
        while (slots[i].term)
            i = (i + 1) & (cap - 1);
        slots[i] = m->slots[k];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int tax_model_add(tax_model *m, const char *term, int32_t node, float weight)
{
    if ((m->used + 1) * 2 > m->cap && model_grow(m))
        return HK_ENOMEM;
    size_t i = feature_slot(m, term);
    while (m->slots[i].term && strcmp(m->slots[i].term, term))
        i = (i + 1) & (m->cap - 1);
    tax_feature *f = &m->slots[i];
    if (!f->term) {
        if (!(f->term = strdup(term)))
            return HK_ENOMEM;
        m->used++;
    }
    for (uint32_t k = 0; k < f->n; k++)
        if (f->v[k].node == node) {
            f->v[k].weight += weight;
            return 0;
        }
    if (f->n == f->cap) {
        uint32_t cap = f->cap ? f->cap * 2 : 4;
        tax_posting *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return HK_ENOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n++] = (tax_posting){node, weight};
    f->df = (float)f->n;
    return 0;
}

/* Takes weight off term -> node (the reverse of tax_model_add). A posting
 * left with (float rounding of) nothing is dropped and df follows; the
 * feature itself stays, empty, because open addressing cannot simply
 * delete a slot, and an empty feature scores nothing. */
static void model_sub(tax_model *m, const char *term, int32_t node, float weight)
{
    tax_feature *f = feature_find(m, term);
    if (!f)
        return;
    for (uint32_t k = 0; k < f->n; k++) {
        if (f->v[k].node != node)
            continue;
        f->v[k].weight -= weight;
        /* Every contribution is at least PARENT_WEIGHT * 0.7, so what is
         * left below this is rounding, not weight. */
        if (f->v[k].weight < MODEL_EPSILON)
            f->v[k] = f->v[--f->n];
        f->df = (float)f->n;
        return;
    }
}

void tax_model_free(tax_model *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i].term);
        free(m->slots[i].v);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

int tax_features_of(const text_tokens *toks, int (*fn)(void *ctx, const char *term, float w), void *ctx,
                    hk_err *err)
{
    char term[FEATURE_MAX];
    for (size_t i = 0; i < toks->n; i++) {
        const text_token *tk = &toks->v[i];
        if (tk->script == TEXT_SCRIPT_DIGIT)
            continue;
        if (tk->kind == TEXT_TOK_BIGRAM)
            snprintf(term, sizeof term, "b:%s", tk->norm);
        else if (tk->cps < 2 && tk->script != TEXT_SCRIPT_HAN)
            continue; /* single Latin/Cyrillic letters say nothing */
        else
            snprintf(term, sizeof term, "s:%s", tk->stem);
        if (fn(ctx, term, tk->kind == TEXT_TOK_BIGRAM ? 0.7f : 1.0f))
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    return 0;
}

int tax_features(text_analyzer *a, const char *text, size_t len, const char *lang,
                 int (*fn)(void *ctx, const char *term, float w), void *ctx, hk_err *err)
{
    text_tokens toks;
    text_tokens_init(&toks);
    int rc = text_analyze(a, text, len, lang, TEXT_NO_XKEY, &toks, err);
    if (!rc)
        rc = tax_features_of(&toks, fn, ctx, err);
    text_tokens_free(&toks);
    return rc;
}

typedef struct add_ctx {
    tax_model *m;
    int32_t node;
    float weight;
    int sign;                /* +1 adds the terms, -1 takes them off again */
} add_ctx;

static int add_feature(void *ctx, const char *term, float w)
{
    add_ctx *c = ctx;
    if (c->sign < 0) {
        model_sub(c->m, term, c->node, c->weight * w);
        return 0;
    }
    return tax_model_add(c->m, term, c->node, c->weight * w);
}

static const char *const lang_tags[TAX__LANGS] = {"en", "ru", "zh"};

/* Adds the terms of each '|'-separated synonym in syns. */
static int add_synonyms(tax *t, add_ctx *c, const char *syns, const char *lang, hk_err *err)
{
    const char *p = syns;
    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        int rc = tax_features(t->analyzer, p, n, lang, add_feature, c, err);
        if (rc)
            return rc;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

/* The terms that labels and synonyms give node (a heading or group), and
 * those that parent_labels (its chapter's or division's) give it; any of
 * the three may be NULL. sign +1 adds them to the model, -1 removes them.
 * The one place the model's weighting of reference texts is decided, so
 * that building and relabelling cannot disagree. */
static int node_texts(tax *t, int32_t node, const char *const labels[TAX__LANGS],
                      const char *const syns[TAX__LANGS], const char *const parent_labels[TAX__LANGS], int sign,
                      hk_err *err)
{
    add_ctx c = {&t->model, node, LABEL_WEIGHT, sign};
    for (int l = 0; l < TAX__LANGS; l++) {
        int rc = 0;
        if (labels) {
            c.weight = LABEL_WEIGHT;
            rc = tax_features(t->analyzer, labels[l], strlen(labels[l]), lang_tags[l], add_feature, &c, err);
        }
        if (!rc && syns) {
            c.weight = SYNONYM_WEIGHT;
            rc = add_synonyms(t, &c, syns[l], lang_tags[l], err);
        }
        if (!rc && parent_labels) {
            c.weight = PARENT_WEIGHT;
            rc = tax_features(t->analyzer, parent_labels[l], strlen(parent_labels[l]), lang_tags[l], add_feature,
                              &c, err);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int tax_model_build(tax *t, hk_err *err)
{
    for (size_t k = 0; k < t->n; k++) {
        tax_node *nd = &t->nodes[k];
        if (nd->level != TAX_LEVEL_3)
            continue;
        const char *const *parent = nd->parent >= 0 ? (const char *const *)t->nodes[nd->parent].label : NULL;
        int rc = node_texts(t, (int32_t)k, (const char *const *)nd->label, (const char *const *)nd->syn, parent, 1,
                            err);
        if (rc)
            return rc;
        t->model.n_docs++;
    }
    return 0;
}

int tax_model_relabel(tax *t, int32_t k, const char *const old_labels[TAX__LANGS],
                      const char *const old_syns[TAX__LANGS], const char *const new_labels[TAX__LANGS],
                      const char *const new_syns[TAX__LANGS], hk_err *err)
{
    int rc = 0;
    /* Removals first (they cannot fail), then additions. n_docs does not
     * change: the node keeps its place in the model. */
    if (t->nodes[k].level == TAX_LEVEL_3) {
        node_texts(t, k, old_labels, old_syns, NULL, -1, err);
        rc = node_texts(t, k, new_labels, new_syns, NULL, 1, err);
    }
    for (size_t c = 0; c < t->n && !rc; c++) {
        if (t->nodes[c].parent != k || t->nodes[c].level != TAX_LEVEL_3)
            continue;
        node_texts(t, (int32_t)c, NULL, NULL, old_labels, -1, err);
        rc = node_texts(t, (int32_t)c, NULL, NULL, new_labels, 1, err);
    }
    return rc;
}

int tax_learn(tax *t, const char *text, size_t len, const char *lang, const char *const *hs, size_t n_hs,
              const char *const *isic, size_t n_isic, hk_err *err)
{
    int rc = 0;
    pthread_rwlock_wrlock(&t->lock);
    for (size_t s = 0; s < 2 && !rc; s++) {
        const char *const *codes = s == 0 ? hs : isic;
        size_t n = s == 0 ? n_hs : n_isic;
        for (size_t i = 0; i < n && !rc; i++) {
            tax_scheme scheme = s == 0 ? TAX_HS : TAX_ISIC;
            int32_t k = tax_find(t, scheme, codes[i]);
            if (k < 0 && strlen(codes[i]) == (scheme == TAX_HS ? 6u : 4u)) {
                /* A finer code than the loaded lists: learn it at its parent. */
                char parent[8];
                snprintf(parent, sizeof parent, "%.*s", scheme == TAX_HS ? 4 : 3, codes[i]);
                k = tax_find(t, scheme, parent);
            }
            /* Learn at the heading/group level, the level inference answers at. */
            k = k >= 0 ? tax_ancestor(t, k, TAX_LEVEL_3) : -1;
            if (k < 0)
                continue; /* codes outside the taxonomy teach nothing */
            add_ctx c = {&t->model, k, EXAMPLE_WEIGHT, 1};
            rc = tax_features(t->analyzer, text, len, lang, add_feature, &c, err);
        }
    }
    pthread_rwlock_unlock(&t->lock);
    return rc;
}

void tax_result_free(tax_result *r)
{
    free(r->hs);
    free(r->isic);
    memset(r, 0, sizeof *r);
}

typedef struct score_ctx {
    const tax *t;
    double *score;           /* per node */
} score_ctx;

static int score_feature(void *ctx, const char *term, float w)
{
    score_ctx *c = ctx;
    const tax_feature *f = tax_model_get(&c->t->model, term);
    if (!f || !f->n)
        return 0; /* unknown, or emptied by a relabel */
    double idf = log(1.0 + c->t->model.n_docs / (double)f->df);
    for (uint32_t k = 0; k < f->n; k++) {
        double x = f->v[k].weight;
        c->score[f->v[k].node] += w * idf * x * (SAT_K + 1) / (x + SAT_K);
    }
    return 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const tax_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->node - y->node;
}

/* The best `limit` nodes of scheme at level 3 with a positive score. */
static int top_hits(const tax *t, const double *score, tax_scheme scheme, size_t limit, tax_hit **out,
                    size_t *n)
{
    size_t count = 0;
    for (size_t k = 0; k < t->n; k++)
        if (score[k] > 0 && t->nodes[k].scheme == scheme && t->nodes[k].level == TAX_LEVEL_3)
            count++;
    tax_hit *all = malloc((count ? count : 1) * sizeof *all);
    if (!all)
        return HK_ENOMEM;
    size_t i = 0;
    for (size_t k = 0; k < t->n; k++)
        if (score[k] > 0 && t->nodes[k].scheme == scheme && t->nodes[k].level == TAX_LEVEL_3)
            all[i++] = (tax_hit){(int32_t)k, score[k]};
    qsort(all, count, sizeof *all, cmp_hit);
    *n = count < limit ? count : limit;
    *out = all;
    return 0;
}

int tax_classify_tokens(tax *t, const text_tokens *toks, size_t limit, tax_result *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    double *score = calloc(t->n ? t->n : 1, sizeof *score);
    if (!score)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    pthread_rwlock_rdlock(&t->lock);
    score_ctx c = {t, score};
    int rc = tax_features_of(toks, score_feature, &c, err);
    if (!rc && top_hits(t, score, TAX_HS, limit > 10 ? limit : 10, &out->hs, &out->n_hs))
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    if (!rc) {
        /* Pass a share of the best headings' scores to their ISIC groups. */
        for (size_t i = 0; i < out->n_hs; i++) {
            const tax_node *h = &t->nodes[out->hs[i].node];
            for (uint32_t g = 0; g < h->n_xwalk; g++)
                score[h->xwalk[g]] += XWALK_SHARE * out->hs[i].score / h->n_xwalk;
        }
        if (out->n_hs > limit)
            out->n_hs = limit;
        if (top_hits(t, score, TAX_ISIC, limit, &out->isic, &out->n_isic))
            rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    pthread_rwlock_unlock(&t->lock);
    free(score);
    if (rc)
        tax_result_free(out);
    return rc;
}

int tax_classify(tax *t, const char *text, size_t len, const char *lang, size_t limit, tax_result *out,
                 hk_err *err)
{
    memset(out, 0, sizeof *out);
    text_tokens toks;
    text_tokens_init(&toks);
    int rc = text_analyze(t->analyzer, text, len, lang, TEXT_NO_XKEY, &toks, err);
    if (!rc)
        rc = tax_classify_tokens(t, &toks, limit, out, err);
    text_tokens_free(&toks);
    return rc;
}
