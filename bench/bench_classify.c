/*
 * bench_classify.c - accuracy of code inference (tax_classify), top-1 and
 * top-5 by HS heading and by ISIC group:
 *
 *   (a) held-out demo listings, per language: with --db PATH of a demo
 *       database, learn from 80% of the listings (every fifth is held out)
 *       and classify the other 20% from their title and description;
 *   (b) the labelled English electronic components of
 *       ../shared/data/electronics-hs-labelled (by heading), when present,
 *       from labels and synonyms only (nothing learned from that set).
 *
 * Built and run by `make bench`; run alone as
 *   build/bench/bench_classify [--db var/hamkor.db]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/io_csv.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"

typedef struct tally {
    char lang[16];
    long n, hs1, hs5, isic1, isic5;
} tally;

#define MAX_LANGS 16

typedef struct eval_ctx {
    tax *t;
    int pass;                /* 0 = learn, 1 = test */
    long seen;
    tally by_lang[MAX_LANGS];
    size_t n_langs;
} eval_ctx;

static tally *tally_for(eval_ctx *c, const char *lang)
{
    for (size_t i = 0; i < c->n_langs; i++)
        if (!strcmp(c->by_lang[i].lang, lang))
            return &c->by_lang[i];
    if (c->n_langs == MAX_LANGS)
        return &c->by_lang[MAX_LANGS - 1];
    tally *t = &c->by_lang[c->n_langs++];
    memset(t, 0, sizeof *t);
    snprintf(t->lang, sizeof t->lang, "%s", lang);
    return t;
}

/* Rank (1-based) of the first hit whose code is one of codes, 0 if none. */
static int rank_of(const tax *t, const tax_hit *h, size_t n, char **codes, size_t n_codes, size_t prefix)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n_codes; k++)
            if (!strncmp(tax_node_at(t, h[i].node)->code, codes[k], prefix))
                return (int)i + 1;
    return 0;
}

static void score(tally *ty, const tax *t, const tax_result *r, char **hs, size_t n_hs, char **isic,
                  size_t n_isic)
{
    int rh = rank_of(t, r->hs, r->n_hs, hs, n_hs, 4);
    ty->n++;
    ty->hs1 += rh == 1;
    ty->hs5 += rh >= 1 && rh <= 5;
    if (n_isic) {
        int ri = rank_of(t, r->isic, r->n_isic, isic, n_isic, 3);
        ty->isic1 += ri == 1;
        ty->isic5 += ri >= 1 && ri <= 5;
    }
}

static int each_listing(const listing *l, void *ctx)
{
    eval_ctx *c = ctx;
    bool held_out = c->seen++ % 5 == 4;
    const listing_text *tx = NULL;
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL)
            tx = &l->texts[i];
    if (!tx || held_out != (c->pass == 1))
        return 0;
    char text[24000];
    int len = snprintf(text, sizeof text, "%s. %s", tx->title, tx->description ? tx->description : "");
    if (len >= (int)sizeof text)
        len = (int)sizeof text - 1;
    hk_err err;
    if (c->pass == 0)
        return tax_learn(c->t, text, (size_t)len, tx->lang, (const char *const *)l->hs, l->n_hs,
                         (const char *const *)l->isic, l->n_isic, &err);
    tax_result r;
    if (tax_classify(c->t, text, (size_t)len, tx->lang, 5, &r, &err))
        return 1;
    char base[4] = {0};
    snprintf(base, sizeof base, "%.2s", tx->lang);
    score(tally_for(c, base), c->t, &r, l->hs, l->n_hs, l->isic, l->n_isic);
    tax_result_free(&r);
    return 0;
}

static void print_tally(const char *what, const tally *t, bool isic)
{
    if (!t->n)
        return;
    printf("%-28s %-4s n=%-6ld HS top-1 %5.1f%%  top-5 %5.1f%%", what, t->lang, t->n, 100.0 * t->hs1 / t->n,
           100.0 * t->hs5 / t->n);
    if (isic)
        printf("   ISIC top-1 %5.1f%%  top-5 %5.1f%%", 100.0 * t->isic1 / t->n, 100.0 * t->isic5 / t->n);
    putchar('\n');
}

static int eval_demo(text_analyzer *a, const char *db)
{
    tax *t;
    hk_err err;
    hk_store *st;
    if (tax_load("data/taxonomy", a, &t, &err) || store_open(db, &st, &err)) {
        fprintf(stderr, "bench_classify: %s: %s\n", err.field, err.msg);
        return 1;
    }
    eval_ctx c = {.t = t};
    int rc = store_listing_each(st, each_listing, &c, &err);
    c.pass = 1;
    c.seen = 0;
    if (!rc)
        rc = store_listing_each(st, each_listing, &c, &err);
    for (size_t i = 0; i < c.n_langs; i++)
        print_tally("demo listings, held out 20%", &c.by_lang[i], true);
    store_close(st);
    tax_free(t);
    return rc;
}

static int eval_electronics(text_analyzer *a)
{
    const char *paths[] = {"../shared/data/electronics-hs-labelled/electronics_en_hs.csv",
                           "/work/shared/data/electronics-hs-labelled/electronics_en_hs.csv"};
    FILE *in = NULL;
    for (int i = 0; i < 2 && !in; i++)
        in = fopen(paths[i], "r");
    if (!in) {
        printf("electronics-hs-labelled: not present, skipped\n");
        return 0;
    }
    tax *t;
    hk_err err;
    if (tax_load("data/taxonomy", a, &t, &err)) {
        fprintf(stderr, "bench_classify: %s: %s\n", err.field, err.msg);
        fclose(in);
        return 1;
    }
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    tally ty = {.lang = "en"};
    int got = io_csv_read(&r, &err); /* header */
    while (got > 0 && (got = io_csv_read(&r, &err)) > 0) {
        if (r.n_fields < 6 || strlen(r.fields[3]) != 4 || !r.fields[5][0])
            continue; /* no description, or a label like "othe" */
        tax_result res;
        if (tax_classify(t, r.fields[5], strlen(r.fields[5]), "en", 5, &res, &err))
            break;
        char *hs = r.fields[3];
        score(&ty, t, &res, &hs, 1, NULL, 0);
        tax_result_free(&res);
    }
    print_tally("electronics-hs-labelled", &ty, false);
    io_csv_reader_free(&r);
    fclose(in);
    tax_free(t);
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
    text_analyzer *a;
    hk_err err;
    if (text_analyzer_new(&a, &err)) {
        fprintf(stderr, "bench_classify: %s\n", err.msg);
        return 1;
    }
    int rc = eval_electronics(a);
    if (!rc && db)
        rc = eval_demo(a, db);
    else if (!db)
        printf("demo listings: pass --db PATH of a 'hamkor demo' database to measure\n");
    text_analyzer_free(a);
    return rc;
}
