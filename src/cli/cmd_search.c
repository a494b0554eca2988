/*
 * cmd_search.c - `hamkor search [--db PATH] [--lang L] [--filter K=V]...
 * [--limit N] [--json] QUERY`: the search engine from the terminal. With
 * --json each hit is one JSON object per line: id, title, lang, direction,
 * hs, country, score (and its components).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_engine.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "hk_utf8.h"
#include "model/model_json.h"

static void search_usage(FILE *out)
{
    fprintf(out, "usage: hamkor search [--db PATH] [--lang L] [--filter KEY=VALUE]... [--limit N] [--json] QUERY\n\n"
                 "Searches the published listings in any language. Filter keys: country, org_type,\n"
                 "kind, direction, hs (section, chapter or heading), isic, sme, tier; repeat a key\n"
                 "to allow several values. An empty QUERY lists by filters only.\n");
}

/* Adds KEY=VALUE to q; values of one key are ORed. */
static int add_filter(idx_query *q, char *kv, hk_err *err)
{
    char *eq = strchr(kv, '=');
    if (!eq || eq == kv || !eq[1])
        return hk_err_set(err, HK_EINVAL, "--filter", "expected KEY=VALUE, got '%.60s'", kv);
    *eq = '\0';
    int f = idx_facet_parse(kv);
    if (f < 0)
        return hk_err_set(err, HK_EINVAL, "--filter", "unknown filter '%.40s'", kv);
    for (size_t i = 0; i < q->n_filters; i++)
        if (q->filters[i].facet == f) {
            if (q->filters[i].n == IDX_MAX_FILTER_VALUES)
                return hk_err_set(err, HK_ETOOBIG, "--filter", "too many values for %s", kv);
            q->filters[i].values[q->filters[i].n++] = eq + 1;
            return 0;
        }
    q->filters[q->n_filters].facet = (uint8_t)f;
    q->filters[q->n_filters].n = 1;
    q->filters[q->n_filters].values[0] = eq + 1;
    q->n_filters++;
    return 0;
}

static const listing_text *original_text(const listing *l)
{
    for (size_t i = 0; i < l->n_texts; i++)
        if (l->texts[i].origin == ORIGIN_ORIGINAL)
            return &l->texts[i];
    return l->n_texts ? &l->texts[0] : NULL;
}

static int print_hit(hk_store *st, const idx_hit *h, int json, hk_err *err)
{
    listing l;
    memset(&l, 0, sizeof l);
    int rc = store_listing_get(st, h->listing_id, &l, err);
    if (rc)
        return rc;
    organisation o;
    memset(&o, 0, sizeof o);
    rc = store_org_get(st, l.org_id, &o, err);
    if (rc) {
        listing_free(&l);
        return rc;
    }
    const listing_text *t = original_text(&l);
    if (json) {
        json_t *hs = json_array();
        for (size_t i = 0; i < l.n_hs; i++)
            json_array_append_new(hs, json_string(l.hs[i]));
        json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:f, s:{s:f, s:f, s:f, s:f}, s:b}", "id",
                              (json_int_t)l.id, "title", t ? t->title : "", "lang", t ? t->lang : "", "direction",
                              model_enum_name(ENUM_DIRECTION, l.direction), "kind", model_enum_name(ENUM_KIND, l.kind),
                              "hs", hs, "country", o.country, "score", h->score, "components", "text", h->text_score,
                              "code", h->code_score, "freshness", h->fresh, "verification", h->verified,
                              "cross_lingual", h->cross_lingual);
        char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(j);
    } else {
        printf("%8lld  %6.2f  %s %-7s %-5s %s%s\n", (long long)l.id, h->score, o.country,
               model_enum_name(ENUM_DIRECTION, l.direction), t ? t->lang : "", t ? t->title : "",
               h->cross_lingual ? "  [by code]" : "");
    }
    listing_free(&l);
    organisation_free(&o);
    return 0;
}

int cmd_search(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *dir = NULL; /* NULL: the shipped taxonomy */
    int json = 0;
    idx_query q;
    memset(&q, 0, sizeof q);
    q.limit = 20;
    hk_err err;
    hk_err_clear(&err);
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"taxonomy", required_argument, 0, 't'},
                                         {"lang", required_argument, 0, 'l'},
                                         {"filter", required_argument, 0, 'f'},
                                         {"limit", required_argument, 0, 'n'},
                                         {"json", no_argument, 0, 'j'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': dir = optarg; break;
        case 'l': q.lang = optarg; break;
        case 'f':
            if (add_filter(&q, optarg, &err))
                return cli_fail("search", &err);
            break;
        case 'n': q.limit = (size_t)strtoul(optarg, NULL, 10); break;
        case 'j': json = 1; break;
        case 'h': search_usage(stdout); return 0;
        default: search_usage(stderr); return 2;
        }
    }
    if (optind + 1 != argc || q.limit < 1 || q.limit > 100) {
        search_usage(stderr);
        return 2;
    }
    q.text = argv[optind];
    if (!hk_utf8_valid(q.text, strlen(q.text))) {
        hk_err_set(&err, HK_EINVAL, "QUERY", "invalid UTF-8");
        return cli_fail("search", &err);
    }
    engine *e;
    if (cli_engine_open(db, dir, &e, &err))
        return cli_fail("search", &err);
    hk_store *st = engine_store_take(e, &err);
    idx_result r;
    memset(&r, 0, sizeof r);
    int rc = st ? idx_search(engine_index(e), &q, &r, &err) : err.code;
    for (size_t i = 0; !rc && i < r.n_hits; i++)
        rc = print_hit(st, &r.hits[i], json, &err);
    if (!rc && !json)
        fprintf(stderr, "%zu matching listings\n", r.total);
    idx_result_free(&r);
    engine_store_give(e, st);
    engine_close(e);
    return rc ? cli_fail("search", &err) : 0;
}
