/*
 * cmd_classify.c - `hamkor classify [--json] [--limit N] [--db PATH]
 * [--taxonomy DIR] TEXT|-`: the most likely HS headings and ISIC groups
 * for a text. With "-", one text per input line and one JSON result per
 * output line, in order, for classifying a whole product list.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "hk_utf8.h"
#include "taxonomy/taxonomy.h"

#define CLASSIFY_MAX_LINE (1u << 20)

static void classify_usage(FILE *out)
{
    fprintf(out, "usage: hamkor classify [--json] [--limit N] [--db PATH] [--taxonomy DIR] TEXT|-\n\n"
                 "Prints the most likely HS headings and ISIC groups for TEXT, in any language.\n"
                 "With -, reads one text per line and writes one JSON object per line.\n"
                 "With --db, also learns from the classified listings of that database.\n");
}

typedef struct learn_ctx {
    tax *t;
    long learned;
    hk_err *err;
} learn_ctx;

static int learn_listing(const listing *l, void *ctx)
{
    learn_ctx *c = ctx;
    for (size_t i = 0; i < l->n_texts; i++) {
        if (l->texts[i].origin != ORIGIN_ORIGINAL)
            continue;
        char *text;
        size_t len;
        FILE *m = open_memstream(&text, &len);
        fprintf(m, "%s. %s", l->texts[i].title, l->texts[i].description ? l->texts[i].description : "");
        fclose(m);
        int rc = tax_learn(c->t, text, len, l->texts[i].lang, (const char *const *)l->hs, l->n_hs,
                           (const char *const *)l->isic, l->n_isic, c->err);
        free(text);
        if (rc)
            return rc;
        c->learned++;
    }
    return 0;
}

static json_t *hits_json(tax *t, const tax_hit *h, size_t n, int lang)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const tax_node *nd = tax_node_at(t, h[i].node);
        json_array_append_new(a, json_pack("{s:s, s:f, s:s}", "code", nd->code, "score",
                                           (double)((long long)(h[i].score * 1000 + 0.5)) / 1000.0, "label",
                                           tax_label(nd, (tax_lang)lang)));
    }
    return a;
}

static int lang_index(const char *text, size_t len)
{
    const char *l = text_detect_lang(text, len);
    return !strcmp(l, "zh") ? TAX_ZH : (!strcmp(l, "en") || !strcmp(l, "und")) ? TAX_EN : TAX_RU;
}

static int classify_one(tax *t, const char *text, size_t len, size_t limit, int json, hk_err *err)
{
    tax_result r;
    int rc = tax_classify(t, text, len, NULL, limit, &r, err);
    if (rc)
        return rc;
    int lang = lang_index(text, len);
    if (json) {
        json_t *o = json_pack("{s:o, s:o}", "hs", hits_json(t, r.hs, r.n_hs, lang), "isic",
                              hits_json(t, r.isic, r.n_isic, lang));
        json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(o);
    } else {
        for (int s = 0; s < 2; s++) {
            const tax_hit *h = s ? r.isic : r.hs;
            size_t n = s ? r.n_isic : r.n_hs;
            printf("%s:\n", s ? "ISIC" : "HS");
            for (size_t i = 0; i < n; i++) {
                const tax_node *nd = tax_node_at(t, h[i].node);
                printf("  %-6s %7.3f  %s\n", nd->code, h[i].score, tax_label(nd, (tax_lang)lang));
            }
            if (!n)
                printf("  (no code found)\n");
        }
    }
    tax_result_free(&r);
    return 0;
}

static int classify_lines(tax *t, size_t limit, hk_err *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long no = 0;
    int rc = 0;
    while (!rc && (len = getline(&line, &cap, stdin)) >= 0) {
        no++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if ((size_t)len > CLASSIFY_MAX_LINE)
            rc = hk_err_set(err, HK_ETOOBIG, NULL, "line %ld: longer than %u bytes", no, CLASSIFY_MAX_LINE);
        else if (!hk_utf8_valid(line, (size_t)len))
            rc = hk_err_set(err, HK_EINVAL, NULL, "line %ld: invalid UTF-8", no);
        else
            rc = classify_one(t, line, (size_t)len, limit, 1, err);
        if (rc && !strstr(err->msg, "line "))
            snprintf(err->field, sizeof err->field, "line %ld", no);
    }
    free(line);
    fflush(stdout);
    return rc;
}

int cmd_classify(int argc, char **argv)
{
    char shipped[CLI_PATH_MAX];
    const char *db = NULL, *dir = cli_data_path(NULL, "taxonomy", shipped);
    int json = 0;
    long limit = 5;
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"taxonomy", required_argument, 0, 't'},
                                         {"json", no_argument, 0, 'j'},
                                         {"limit", required_argument, 0, 'n'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': dir = optarg; break;
        case 'j': json = 1; break;
        case 'n': limit = strtol(optarg, NULL, 10); break;
        case 'h': classify_usage(stdout); return 0;
        default: classify_usage(stderr); return 2;
        }
    }
    if (optind + 1 != argc || limit < 1 || limit > 100) {
        classify_usage(stderr);
        return 2;
    }
    const char *text = argv[optind];
    hk_err err;
    hk_err_clear(&err);
    if (strcmp(text, "-") != 0 && !hk_utf8_valid(text, strlen(text))) {
        hk_err_set(&err, HK_EINVAL, "TEXT", "invalid UTF-8");
        return cli_fail("classify", &err);
    }
    text_analyzer *a;
    if (text_analyzer_new(&a, &err))
        return cli_fail("classify", &err);
    tax *t;
    if (tax_load(dir, a, &t, &err)) {
        text_analyzer_free(a);
        return cli_fail("classify", &err);
    }
    int rc = 0;
    if (db) {
        hk_store *st;
        rc = cli_open_store(db, &st, &err);
        if (!rc) {
            /* The secretariat's labels and synonyms first, as the server
             * applies them: they are part of the model and of the output. */
            rc = tax_apply_store(t, st, &err);
            learn_ctx lc = {t, 0, &err};
            if (!rc)
                rc = store_listing_each(st, learn_listing, &lc, &err);
            store_close(st);
        }
    }
    if (!rc)
        rc = strcmp(text, "-") ? classify_one(t, text, strlen(text), (size_t)limit, json, &err)
                               : classify_lines(t, (size_t)limit, &err);
    tax_free(t);
    text_analyzer_free(a);
    return rc ? cli_fail("classify", &err) : 0;
}
