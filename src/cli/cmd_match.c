/*
 * cmd_match.c - `hamkor match [--db PATH] [--limit N] [--same-country]
 * [--json] LISTING_ID`: complementary listings for one listing, each with
 * the reasons it matched.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_engine.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "match/match.h"

static void match_usage(FILE *out)
{
    fprintf(out, "usage: hamkor match [--db PATH] [--limit N] [--same-country] [--json] LISTING_ID\n\n"
                 "Lists the complementary listings of other organisations (by default in other\n"
                 "states), best first, with the reasons for each match.\n");
}

int cmd_match(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *dir = NULL; /* NULL: the shipped taxonomy */
    int json = 0;
    match_options opt = {.limit = 20};
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"taxonomy", required_argument, 0, 't'},
                                         {"limit", required_argument, 0, 'n'},
                                         {"same-country", no_argument, 0, 's'},
                                         {"json", no_argument, 0, 'j'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': dir = optarg; break;
        case 'n': opt.limit = (size_t)strtoul(optarg, NULL, 10); break;
        case 's': opt.same_country = true; break;
        case 'j': json = 1; break;
        case 'h': match_usage(stdout); return 0;
        default: match_usage(stderr); return 2;
        }
    }
    char *end;
    long long id = optind + 1 == argc ? strtoll(argv[optind], &end, 10) : 0;
    if (optind + 1 != argc || *end || id <= 0 || opt.limit < 1 || opt.limit > 100) {
        match_usage(stderr);
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    engine *e;
    if (cli_engine_open(db, dir, &e, &err))
        return cli_fail("match", &err);
    listing l;
    memset(&l, 0, sizeof l);
    match_result r;
    memset(&r, 0, sizeof r);
    hk_store *st = engine_store_take(e, &err);
    int rc = st ? store_listing_get(st, id, &l, &err) : err.code;
    opt.geo = engine_gazetteer(e);
    if (!rc)
        rc = match_listing(engine_index(e), &l, &opt, &r, &err);
    for (size_t i = 0; !rc && i < r.n_hits; i++) {
        listing m;
        memset(&m, 0, sizeof m);
        organisation o;
        memset(&o, 0, sizeof o);
        rc = store_listing_get(st, r.hits[i].listing_id, &m, &err);
        if (!rc)
            rc = store_org_get(st, m.org_id, &o, &err);
        if (!rc) {
            const listing_text *t = m.n_texts ? &m.texts[0] : NULL;
            for (size_t k = 0; k < m.n_texts; k++)
                if (m.texts[k].origin == ORIGIN_ORIGINAL)
                    t = &m.texts[k];
            json_t *reasons = json_array();
            for (size_t k = 0; k < r.hits[i].n_reasons; k++)
                json_array_append_new(reasons, match_reason_to_json(&r.hits[i].reasons[k]));
            if (json) {
                json_t *hs = json_array();
                for (size_t k = 0; k < m.n_hs; k++)
                    json_array_append_new(hs, json_string(m.hs[k]));
                json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:f, s:o}", "id", (json_int_t)m.id, "title",
                                      t ? t->title : "", "lang", t ? t->lang : "", "direction",
                                      model_enum_name(ENUM_DIRECTION, m.direction), "hs", hs, "country", o.country,
                                      "score", r.hits[i].score, "reasons", reasons);
                char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
                puts(s);
                free(s);
                json_decref(j);
            } else {
                char *s = json_dumps(reasons, JSON_COMPACT);
                printf("%8lld  %6.2f  %s %-7s %s\n          %s\n", (long long)m.id, r.hits[i].score, o.country,
                       model_enum_name(ENUM_DIRECTION, m.direction), t ? t->title : "", s);
                free(s);
                json_decref(reasons);
            }
        }
        listing_free(&m);
        organisation_free(&o);
    }
    match_result_free(&r);
    listing_free(&l);
    engine_store_give(e, st);
    engine_close(e);
    return rc ? cli_fail("match", &err) : 0;
}
