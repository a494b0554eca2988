/*
 * bench_search.c - the search engine against SQLite FTS5 and, given a
 * server, PostgreSQL's full-text search, on the same data and queries, in
 * one run (issues 4 and 11):
 *
 *   build/bench/bench_search --db PATH [--pg URI [--pg-keep]]
 *       (PATH a database from `hamkor demo --scale N`; URI a PostgreSQL
 *       server the benchmark may make a schema on, as bench/run.sh starts;
 *       --pg-keep leaves the schema hamkor_bench_search there, to look at
 *       the plans with psql)
 *
 * 1. Builds the index from the store: listings/s and index bytes/listing.
 * 2. Feeds FTS5 (an in-memory SQLite database) the same listings, as the
 *    analyzer's pre-segmented stems, with country/direction/chapter columns.
 * 3. With --pg, copies FTS5's rows, the same segmented text, into
 *    PostgreSQL (bench_search_pg.c: COPY, a tsvector column of the 'simple'
 *    configuration, a GIN index) and reports the load time.
 * 4. Runs a fixed rotating query set on every engine: single words,
 *    two-word queries, phrases, prefixes, misspellings, cross-script and
 *    cross-lingual words, each alone, with a filter, and with facet counts.
 *    FTS5 gets MATCH ... ORDER BY rank LIMIT 20 and, for facets, GROUP BY
 *    over the matching rows; PostgreSQL the same with @@ and ts_rank.
 * 5. Prints p50/p95/p99 for each and the ratios to hamkor, for the first
 *    pass over the queries and for the best of --rounds passes (default 3)
 *    per query: on a shared machine the best of three takes out other
 *    work's bursts, for all engines alike. A query runs on the engines one
 *    after the other, so a burst lands on one query of each rather than on
 *    one engine's whole pass. That also means each engine starts every
 *    query with the other's data in the caches. --blocked runs each round
 *    as hamkor's whole pass, then the peers': each engine warm, as a
 *    server answering one query after another is.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_search_pg.h"
#include "bench_search_redis.h"
#include "index/index.h"
#include "store/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the whole process (every thread), user and system. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* CPU time of the calling thread, in ms. */
static double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

/* ---- FTS5 peer ---- */

typedef struct fts_ctx {
    sqlite3 *db;
    sqlite3_stmt *ins;
    hk_store *st;
    text_analyzer *a;
    text_tokens toks;
    char *buf;
    size_t cap;
    long n;
    double analyse_ms; /* of the build's time, the analyser's */
} fts_ctx;

/* Appends the stems of text (as the index sees them) to c->buf. */
static size_t segment(fts_ctx *c, size_t at, const char *text, const char *lang)
{
    hk_err err;
    if (!text)
        return at;
    double t0 = now_ms();
    int rc = text_analyze(c->a, text, strlen(text), lang, TEXT_NO_XKEY, &c->toks, &err);
    c->analyse_ms += now_ms() - t0;
    if (rc)
        return at;
    for (size_t i = 0; i < c->toks.n; i++) {
        const text_token *t = &c->toks.v[i];
        const char *w = t->kind == TEXT_TOK_BIGRAM ? t->norm : t->stem;
        size_t n = strlen(w);
        if (at + n + 2 > c->cap) {
            c->cap = (at + n + 2) * 2;
            c->buf = realloc(c->buf, c->cap);
        }
        memcpy(c->buf + at, w, n);
        at += n;
        c->buf[at++] = ' ';
    }
    c->buf[at] = '\0';
    return at;
}

typedef struct org_country {
    int64_t id;
    char country[3];
} org_country;

static org_country *orgs;
static size_t n_orgs, cap_orgs;

static int note_org(const organisation *o, void *ctx)
{
    (void)ctx;
    if (n_orgs == cap_orgs) {
        cap_orgs = cap_orgs ? cap_orgs * 2 : 4096;
        orgs = realloc(orgs, cap_orgs * sizeof *orgs);
    }
    orgs[n_orgs].id = o->id;
    memcpy(orgs[n_orgs].country, o->country, 3);
    n_orgs++;
    return 0;
}

static const char *country_of(int64_t org)
{
    size_t lo = 0, hi = n_orgs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (orgs[mid].id < org)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n_orgs && orgs[lo].id == org ? orgs[lo].country : "";
}

static int feed_fts(const listing *l, void *ctx)
{
    fts_ctx *c = ctx;
    if (l->status != STATUS_PUBLISHED)
        return 0;
    size_t at = 0;
    if (!c->buf) {
        c->cap = 4096;
        c->buf = malloc(c->cap);
    }
    c->buf[0] = '\0';
    for (size_t i = 0; i < l->n_texts; i++) {
        at = segment(c, at, l->texts[i].title, l->texts[i].lang);
        at = segment(c, at, l->texts[i].description, l->texts[i].lang);
    }
    sqlite3_bind_int64(c->ins, 1, l->id);
    sqlite3_bind_text(c->ins, 2, c->buf, (int)at, SQLITE_STATIC);
    sqlite3_bind_text(c->ins, 3, country_of(l->org_id), -1, SQLITE_STATIC);
    sqlite3_bind_text(c->ins, 4, model_enum_name(ENUM_DIRECTION, l->direction), -1, SQLITE_STATIC);
    char chapter[3] = "";
    if (l->n_hs)
        snprintf(chapter, sizeof chapter, "%.2s", l->hs[0]);
    sqlite3_bind_text(c->ins, 5, chapter, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(c->ins);
    sqlite3_reset(c->ins);
    c->n++;
    return rc == SQLITE_DONE ? 0 : 1;
}

/* Appends w to a to_tsquery string as a quoted lexeme: inside quotes a
 * quote is doubled and a backslash escaped. */
static size_t pg_lexeme(char *out, size_t cap, size_t at, const char *w)
{
    if (at + 2 * strlen(w) + 8 >= cap)
        return at;
    out[at++] = '\'';
    for (; *w; w++) {
        if (*w == '\'' || *w == '\\')
            out[at++] = *w == '\'' ? '\'' : '\\';
        out[at++] = *w;
    }
    out[at++] = '\'';
    out[at] = '\0';
    return at;
}

/* Appends w to a RediSearch query (words separated by spaces are ANDed),
 * ASCII punctuation escaped with a backslash. */
static size_t rs_word(char *out, size_t cap, size_t at, const char *w, bool first)
{
    if (at + 2 * strlen(w) + 4 >= cap)
        return at;
    if (!first)
        out[at++] = ' ';
    for (; *w; w++) {
        unsigned char c = (unsigned char)*w;
        if (c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
            out[at++] = '\\';
        out[at++] = *w;
    }
    out[at] = '\0';
    return at;
}

/* The FTS5, PostgreSQL and RediSearch forms of a query: its stems, ANDed, the last as
 * a prefix when the engine would treat it so; a phrase stays a phrase
 * (<-> between the stems in PostgreSQL). Each form is "" when the
 * analyser leaves no stem. */
static void peer_query(text_analyzer *a, const char *q, char *fts, char *pg, char *rs, size_t cap)
{
    text_tokens t;
    text_tokens_init(&t);
    hk_err err;
    fts[0] = pg[0] = rs[0] = '\0';
    bool phrase = q[0] == '"';
    if (text_analyze(a, q, strlen(q), NULL, TEXT_NO_XKEY, &t, &err) == 0) {
        size_t at = 0, pat = 0, rat = 0;
        bool first = true; /* no stem written yet */
        if (phrase) {
            at += (size_t)snprintf(fts + at, cap - at, "\"");
            rat += (size_t)snprintf(rs + rat, cap - rat, "\"");
        }
        for (size_t i = 0; i < t.n && at + 64 < cap && pat + 64 < cap && rat + 128 < cap; i++) {
            const char *w = t.v[i].kind == TEXT_TOK_BIGRAM ? t.v[i].norm : t.v[i].stem;
            /* A Han word of two or more characters is searched by its
             * bigrams, which follow it. The joiner goes by what was
             * written, not by i: a query that began with such a word
             * (变压器) used to begin with " AND ", which FTS5 refused as
             * a syntax error, in microseconds and with no hits. */
            if (t.v[i].script == TEXT_SCRIPT_HAN && t.v[i].kind == TEXT_TOK_WORD && t.v[i].cps >= 2)
                continue;
            at += (size_t)snprintf(fts + at, cap - at, phrase ? "%s%s" : "%s\"%s\"", first ? "" : phrase ? " " : " AND ", w);
            if (!first)
                pat += (size_t)snprintf(pg + pat, cap - pat, phrase ? " <-> " : " & ");
            pat = pg_lexeme(pg, cap, pat, w);
            rat = rs_word(rs, cap, rat, w, first);
            first = false;
        }
        if (phrase) {
            snprintf(fts + at, cap - at, "\"");
            snprintf(rs + rat, cap - rat, "\"");
        } else if (q[strlen(q) - 1] != ' ' && at) {
            snprintf(fts + at, cap - at, "*");
            snprintf(pg + pat, cap - pat, ":*");
            snprintf(rs + rat, cap - rat, "*");
        }
    }
    text_tokens_free(&t);
}

/* Copies FTS5's rows (the segmented text and the facet columns) into
 * PostgreSQL and prints the load's figures. */
static int load_pg(sqlite3 *fts, pg_peer *pg, hk_err *err)
{
    sqlite3_stmt *rows;
    if (sqlite3_prepare_v2(fts, "SELECT rowid, body, country, direction, chapter FROM fts", -1, &rows, NULL))
        return hk_err_set(err, HK_EIO, "fts5", "%s", sqlite3_errmsg(fts));
    int rc = pg_peer_load_begin(pg, err);
    while (!rc && sqlite3_step(rows) == SQLITE_ROW)
        rc = pg_peer_add(pg, sqlite3_column_int64(rows, 0), (const char *)sqlite3_column_text(rows, 1),
                         (size_t)sqlite3_column_bytes(rows, 1), (const char *)sqlite3_column_text(rows, 2),
                         (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4), err);
    sqlite3_finalize(rows);
    double copy_ms, index_ms, vacuum_ms;
    if (rc || pg_peer_load_end(pg, &copy_ms, &index_ms, &vacuum_ms, err))
        return HK_EIO;
    long n;
    int64_t table, index;
    pg_peer_stats(pg, &n, &table, &index);
    printf("pg load: %ld listings in %.1f s (COPY with to_tsvector %.1f s, GIN index %.1f s,"
           " VACUUM ANALYZE %.1f s)\n",
           n, (copy_ms + index_ms + vacuum_ms) / 1e3, copy_ms / 1e3, index_ms / 1e3, vacuum_ms / 1e3);
    printf("pg size: table %.1f MB, GIN index %.1f MB = %.0f bytes/listing\n", table / 1e6, index / 1e6,
           (double)(table + index) / (n ? n : 1));
    return 0;
}

/* ---- the query set ---- */

static const char *const words[] = {
    "алюминий", "литьё", "трубы", "подшипники", "трансформатор", "насосы", "пряжа", "цемент", "удобрения",
    "铝", "压铸", "钢管", "轴承", "变压器", "水泵", "棉纱", "水泥", "化肥", "aluminium", "castings", "pipes",
    "bearings", "transformers", "pumps", "cotton", "cement", "fertiliser", "tractor", "wagons", "copper",
};
static const char *const pairs[] = {"литьё алюминия", "стальные трубы", "铝 压铸", "cotton yarn", "copper wire",
                                    "steel pipes", "тракторные запчасти", "solar modules"};
static const char *const prefixes[] = {"алюм", "подши", "transf", "cott", "trac", "цеме"};
static const char *const typos[] = {"alumnium ", "bearngs ", "трансформатр ", "подшипнеки ", "fertilizr "};
static const char *const cross[] = {"Тошкент ", "Almaty ", "Ташкент ", "Shymkent ", "Самарканд "};
static const char *const phrases[] = {"\"die castings\"", "\"steel pipes\"", "\"cotton yarn\"", "\"литьё под давлением\""};
static const char *const countries[] = {"RU", "CN", "KZ", "UZ", "IN", "BY", "KG", "TJ", "PK", "IR"};

#define N_OF(a) (sizeof a / sizeof a[0])

static const char *pick(size_t i)
{
    switch (i % 6) {
    case 0: return words[(i / 6) % N_OF(words)];
    case 1: return pairs[(i / 6) % N_OF(pairs)];
    case 2: return prefixes[(i / 6) % N_OF(prefixes)];
    case 3: return typos[(i / 6) % N_OF(typos)];
    case 4: return cross[(i / 6) % N_OF(cross)];
    default: return phrases[(i / 6) % N_OF(phrases)];
    }
}

/* A peer's times for one table: NULL times when it was not measured. */
typedef struct peer_times {
    const char *name;
    double *t;
    size_t hits;
} peer_times;

/* Prints p50/p95/p99 of the engines' times (sorted in place) and the
 * peers' ratios to hamkor. */
static void print_latency(const char *label, double *ours, size_t ours_hits, peer_times *peers, int n_peers,
                          size_t n)
{
    qsort(ours, n, sizeof *ours, cmp_double);
    printf("%s:\n", label);
    printf("  %-7s p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  (%zu queries, %zu hits)\n", "hamkor:", pct(ours, n, .5),
           pct(ours, n, .95), pct(ours, n, .99), n, ours_hits);
    for (int k = 0; k < n_peers; k++) {
        if (!peers[k].t)
            continue;
        qsort(peers[k].t, n, sizeof *peers[k].t, cmp_double);
        char name[16];
        snprintf(name, sizeof name, "%s:", peers[k].name);
        printf("  %-7s p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  (%zu hits)\n", name, pct(peers[k].t, n, .5),
               pct(peers[k].t, n, .95), pct(peers[k].t, n, .99), peers[k].hits);
    }
    for (int k = 0; k < n_peers; k++)
        if (peers[k].t)
            printf("  ratio %s/hamkor: p50 %.1fx  p99 %.1fx\n", peers[k].name,
                   pct(peers[k].t, n, .5) / pct(ours, n, .5), pct(peers[k].t, n, .99) / pct(ours, n, .99));
}

/* Copies FTS5's rows (the segmented text and the facet columns) into
 * RediSearch and prints the load's figures. */
static int load_redis(sqlite3 *fts, redis_peer *rs, hk_err *err)
{
    sqlite3_stmt *rows;
    if (sqlite3_prepare_v2(fts, "SELECT rowid, body, country, direction, chapter FROM fts", -1, &rows, NULL))
        return hk_err_set(err, HK_EIO, "fts5", "%s", sqlite3_errmsg(fts));
    double t0 = now_ms();
    int rc = 0;
    while (!rc && sqlite3_step(rows) == SQLITE_ROW)
        rc = redis_peer_add(rs, sqlite3_column_int64(rows, 0), (const char *)sqlite3_column_text(rows, 1),
                            (size_t)sqlite3_column_bytes(rows, 1), (const char *)sqlite3_column_text(rows, 2),
                            (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4),
                            err);
    sqlite3_finalize(rows);
    long n;
    int64_t mem;
    if (rc || redis_peer_load_end(rs, &n, &mem, err))
        return HK_EIO;
    printf("redisearch load: %ld listings in %.1f s (FT.ADD, pipelined)\n", n, (now_ms() - t0) / 1e3);
    printf("redisearch memory: %.1f MB (used_memory) = %.0f bytes/listing\n", mem / 1e6, (double)mem / (n ? n : 1));
    return 0;
}

/* ---- --throughput: the rate of the query set on N threads, against HTTP ---- */

/* The query set's i-th query as the HTTP route builds it from
 * GET /api/v1/search?q=...&limit=20[&country=XX][&facets=1]
 * (http_api_read.c: limit 20, collapse on, facets when asked). */
static void route_query(size_t i, idx_query *q)
{
    int mode = (int)(i / N_OF(words)) % 3; /* 0 plain, 1 filter, 2 facets */
    memset(q, 0, sizeof *q);
    q->text = pick(i);
    q->limit = 20;
    q->collapse = true;
    if (mode == 1) {
        q->filters[0] = (idx_filter){IDX_F_COUNTRY, 1, {countries[i % N_OF(countries)]}};
        q->n_filters = 1;
    }
    q->facets = mode == 2;
}

/* Writes the query set as request targets, one a line, for
 * bench/wrk/search_1m.lua: the same strings, percent-encoded. */
static int write_urls(const char *path, size_t n_queries)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < n_queries; i++) {
        idx_query q;
        route_query(i, &q);
        fputs("/api/v1/search?limit=20&q=", f);
        for (const unsigned char *c = (const unsigned char *)q.text; *c; c++)
            if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
                *c == '.' || *c == '_' || *c == '~')
                fputc(*c, f);
            else
                fprintf(f, "%%%02X", *c);
        if (q.n_filters)
            fprintf(f, "&country=%s", q.filters[0].values[0]);
        if (q.facets)
            fputs("&facets=1", f);
        fputc('\n', f);
    }
    return fclose(f);
}

typedef struct tp_thread {
    idx *ix;
    size_t n_queries, start; /* this thread's first query: threads start apart */
    double until_ms;
    bool page;               /* also the page's summaries and marks, as the route */
    size_t done, errors, hits;
} tp_thread;

static void *tp_run(void *arg)
{
    tp_thread *t = arg;
    hk_err err;
    uint32_t *spans = NULL;
    size_t cap = 0;
    for (size_t i = t->start; now_ms() < t->until_ms; i = (i + 1) % t->n_queries) {
        idx_query q;
        route_query(i, &q);
        idx_result r;
        if (idx_search(t->ix, &q, &r, &err)) {
            t->errors++;
            t->done++;
            continue;
        }
        t->hits += r.n_hits;
        if (t->page) {
            int64_t ids[100] = {0};
            for (size_t k = 0; k < r.n_hits && k < 100; k++)
                ids[k] = r.hits[k].listing_id;
            idx_summaries sm;
            idx_marker *mk = NULL;
            if (idx_summaries_get(t->ix, ids, r.n_hits, &sm, &err) == 0) {
                if (idx_marker_new(t->ix, q.text, NULL, &mk, &err))
                    mk = NULL;
                for (size_t k = 0; k < sm.n && mk; k++) {
                    size_t ns;
                    if (sm.v[k].found && !r.hits[k].cross_lingual)
                        idx_marker_spans(mk, sm.v[k].title, sm.v[k].lang[0] ? sm.v[k].lang : NULL, &spans, &cap,
                                         &ns, &err);
                }
                idx_marker_free(mk);
                idx_summaries_free(&sm);
            }
        }
        idx_result_free(&r);
        t->done++;
    }
    free(spans);
    return NULL;
}

/* Reads commands from stdin, one a line, and answers each on stdout:
 *   run SECONDS [page]   the query set on the threads for SECONDS; "page"
 *                        adds what the route does for a page besides the
 *                        search (summaries, title marks), not the JSON
 * EOF ends it. bench/http_search_1m.sh alternates these runs with wrk's. */
static int throughput(idx *ix, size_t n_queries, int threads)
{
    char line[128];
    printf("throughput: ready (%zu queries, %d threads)\n", n_queries, threads);
    while (fgets(line, sizeof line, stdin)) {
        double secs = 0;
        char what[16] = "";
        if (sscanf(line, "run %lf %15s", &secs, what) < 1 || secs <= 0) {
            printf("throughput: not a command: %s", line);
            continue;
        }
        bool page = !strcmp(what, "page");
        tp_thread *t = calloc((size_t)threads, sizeof *t);
        pthread_t *tid = calloc((size_t)threads, sizeof *tid);
        double cpu0 = cpu_seconds(), t0 = now_ms();
        for (int k = 0; k < threads; k++) {
            t[k] = (tp_thread){.ix = ix, .n_queries = n_queries, .start = (size_t)k * n_queries / (size_t)threads,
                               .until_ms = t0 + secs * 1e3, .page = page};
            pthread_create(&tid[k], NULL, tp_run, &t[k]);
        }
        size_t done = 0, errors = 0, hits = 0;
        for (int k = 0; k < threads; k++) {
            pthread_join(tid[k], NULL);
            done += t[k].done;
            errors += t[k].errors;
            hits += t[k].hits;
        }
        double wall = (now_ms() - t0) / 1e3, cpu = cpu_seconds() - cpu0;
        printf("engine%s: %zu queries in %.1f s = %.1f queries/s, %zu errors, %.1f hits/query,"
               " CPU %.2f s = %.1f us/query\n",
               page ? "+page" : "", done, wall, done / wall, errors, done ? (double)hits / done : 0, cpu,
               done ? cpu * 1e6 / done : 0);
        free(t);
        free(tid);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    const char *pg_uri = NULL; /* PostgreSQL peer's server; none: FTS5 alone */
    int redis_port = 0;        /* RediSearch peer's server on 127.0.0.1; 0: none */
    bool pg_keep = false;      /* leave the peer's schema for a look at its plans */
    size_t n_queries = 600;
    int threads = 2;         /* build threads: one per core here */
    int rounds = 3;          /* passes over the query set (best of them per query) */
    bool build_only = false; /* stop after the build: for working on its rate */
    bool engine_only = false; /* no peers: for working on the engine's queries */
    bool blocked = false;     /* each round runs every query on hamkor, then every query on FTS5 */
    const char *urls = NULL;  /* --throughput: the query set's request targets, for wrk */
    bool tp = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--pg") && i + 1 < argc)
            pg_uri = argv[++i];
        else if (!strcmp(argv[i], "--redis") && i + 1 < argc)
            redis_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pg-keep"))
            pg_keep = true;
        else if (!strcmp(argv[i], "--queries") && i + 1 < argc)
            n_queries = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        else if (!strcmp(argv[i], "--build-only"))
            build_only = true;
        else if (!strcmp(argv[i], "--engine-only"))
            engine_only = true;
        else if (!strcmp(argv[i], "--blocked"))
            blocked = true;
        else if (!strcmp(argv[i], "--throughput"))
            tp = true;
        else if (!strcmp(argv[i], "--urls") && i + 1 < argc)
            urls = argv[++i];
    }
    if (!db) {
        fprintf(stderr, "usage: bench_search --db PATH [--pg URI [--pg-keep]] [--redis PORT] [--queries N] [--rounds N] [--threads N]"
                        " [--build-only] [--engine-only] [--blocked]\n"
                        "       bench_search --db PATH --throughput [--urls FILE] [--queries N] [--threads N]"
                        " (then \"run SECONDS [page]\" lines on stdin)\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* progress shows as it comes, also into a file */
    hk_err err;
    hk_store *st;
    text_analyzer *a = NULL;
    tax *t = NULL;
    idx *ix = NULL;
    if (store_open(db, &st, &err)) {
        fprintf(stderr, "bench_search: %s: %s\n", err.field, err.msg);
        return 1;
    }
    /* One build per process, as at a server's start: a second build in
     * the same process ran up to twice as fast on the small database
     * (memory already mapped, analyser and page cache warm), which a
     * start never is. For the noise of a shared machine, run the whole
     * benchmark again. */
    if (text_analyzer_new(&a, &err) || tax_load("data/taxonomy", a, &t, &err) || idx_new(a, t, NULL, &ix, &err)) {
        fprintf(stderr, "bench_search: %s: %s\n", err.field, err.msg);
        return 1;
    }
    double cpu0 = cpu_seconds();
    double t0 = now_ms();
    size_t n = 0;
    if (idx_build_parallel(ix, st, db, threads, &n, &err)) {
        fprintf(stderr, "bench_search: %s: %s\n", err.field, err.msg);
        return 1;
    }
    double build_ms = now_ms() - t0;
    double build_cpu = cpu_seconds() - cpu0;
    printf("index build: %zu listings in %.1f s = %.0f listings/s\n", n, build_ms / 1e3, n / (build_ms / 1e3));
    printf("index build CPU: %.1f s = %.1f us/listing; wall / CPU %.2f (%d threads; 1/%d is all of them busy)\n",
           build_cpu, build_cpu * 1e6 / (double)(n ? n : 1), build_ms / 1e3 / build_cpu, threads, threads);
    idx_build_times bt;
    idx_get_build_times(ix, &bt);
    if (bt.threads)
    {
        /* Each thread's time is its CPU, its waits for a CPU other
         * programs held, its waits for the lock, and the rest (I/O, page
         * faults): without the waits for a CPU, the wall time would have
         * been about (phases - cpu_wait / threads). */
        double phases = bt.orgs_ms + bt.listings_ms;
        double own = phases - bt.cpu_wait_ms / bt.threads + bt.finish_ms;
        printf("index build phases: organisations %.1f s, listings %.1f s, finish %.2f s (wall); threads' CPU"
               " %.1f s = %.2f of %d cores over the two phases; waits for the lock %.2f s, for a CPU held by"
               " other programs %.1f s\n",
               bt.orgs_ms / 1e3, bt.listings_ms / 1e3, bt.finish_ms / 1e3, bt.threads_cpu_ms / 1e3,
               bt.threads_cpu_ms / phases, bt.threads, bt.lock_wait_ms / 1e3, bt.cpu_wait_ms / 1e3);
        printf("index build wall / CPU without the waits for a CPU: %.2f (%.1f s / %.1f s)\n", own / build_cpu / 1e3,
               own / 1e3, build_cpu);
    }
    idx_stats s;
    idx_get_stats(ix, &s);
    printf("index: %zu terms, %zu postings\n", s.terms, s.postings);
    printf("index memory: %.1f MB = %.0f bytes/listing\n", s.memory_bytes / 1e6, (double)s.memory_bytes / (n ? n : 1));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu_s = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("process CPU so far: %.1f s = %.1f us/listing (start-up included; %.1f s in the kernel)\n", cpu_s,
           cpu_s * 1e6 / (n ? n : 1), ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    if (build_only)
        return 0;
    if (tp) {
        if (urls && write_urls(urls, n_queries)) {
            fprintf(stderr, "bench_search: %s: cannot write\n", urls);
            return 1;
        }
        int rc = throughput(ix, n_queries, threads);
        idx_free(ix);
        tax_free(t);
        text_analyzer_free(a);
        store_close(st);
        return rc;
    }

    fts_ctx c = {.st = st, .a = a};
    text_tokens_init(&c.toks);
    sqlite3_open(":memory:", &c.db);
    sqlite3_exec(c.db,
                 "CREATE VIRTUAL TABLE fts USING fts5(body, country UNINDEXED, direction UNINDEXED,"
                 " chapter UNINDEXED, tokenize='unicode61 remove_diacritics 0');",
                 NULL, NULL, NULL);
    sqlite3_exec(c.db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(c.db, "INSERT INTO fts(rowid, body, country, direction, chapter) VALUES (?,?,?,?,?)", -1,
                       &c.ins, NULL);
    store_org_each(st, note_org, NULL, &err);
    t0 = now_ms();
    if (!engine_only)
        store_listing_each(st, feed_fts, &c, &err);
    sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL);
    printf("fts5 build: %ld listings in %.1f s (%.1f s of it in the analyser)\n", c.n, (now_ms() - t0) / 1e3,
           c.analyse_ms / 1e3);
    sqlite3_finalize(c.ins);

    pg_peer *pg = NULL;
    if (pg_uri && (pg_peer_open(pg_uri, &pg, &err) || load_pg(c.db, pg, &err))) {
        fprintf(stderr, "bench_search: %s: %s\n", err.field, err.msg);
        pg_peer_close(pg, false);
        return 1;
    }
    if (!pg)
        printf("pg: not measured (no --pg URI)\n");
    redis_peer *rs = NULL;
    if (redis_port && (redis_peer_open(redis_port, &rs, &err) || load_redis(c.db, rs, &err))) {
        fprintf(stderr, "bench_search: %s: %s\n", err.field, err.msg);
        redis_peer_close(rs);
        pg_peer_close(pg, pg_keep);
        return 1;
    }
    if (!rs)
        printf("redisearch: not measured (no --redis PORT)\n");

    sqlite3_stmt *q_plain, *q_filter, *f_country, *f_dir, *f_chapter;
    sqlite3_prepare_v2(c.db, "SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 20", -1, &q_plain, NULL);
    sqlite3_prepare_v2(c.db, "SELECT rowid FROM fts WHERE fts MATCH ?1 AND country = ?2 ORDER BY rank LIMIT 20", -1,
                       &q_filter, NULL);
    sqlite3_prepare_v2(c.db, "SELECT country, count(*) FROM fts WHERE fts MATCH ?1 GROUP BY country", -1, &f_country, NULL);
    sqlite3_prepare_v2(c.db, "SELECT direction, count(*) FROM fts WHERE fts MATCH ?1 GROUP BY direction", -1, &f_dir, NULL);
    sqlite3_prepare_v2(c.db, "SELECT chapter, count(*) FROM fts WHERE fts MATCH ?1 GROUP BY chapter", -1, &f_chapter, NULL);

    /* Each round runs the whole query set on both engines; a query's time
     * in a round is its own, and "best" is its fastest round. The first
     * round is the plain figure; the best of the rounds takes out the
     * bursts of other work on a shared machine, for both engines alike. */
    double *ours = malloc(n_queries * sizeof *ours), *theirs = malloc(n_queries * sizeof *theirs);
    double *ours_best = malloc(n_queries * sizeof *ours_best), *theirs_best = malloc(n_queries * sizeof *theirs_best);
    double *pgs = malloc(n_queries * sizeof *pgs), *pgs_best = malloc(n_queries * sizeof *pgs_best);
    double *rss = malloc(n_queries * sizeof *rss), *rss_best = malloc(n_queries * sizeof *rss_best);
    size_t ours_hits = 0, theirs_hits = 0, pg_hits = 0, rs_hits = 0, fts_errors = 0, pg_errors = 0, rs_errors = 0;
    /* CPU time of the in-process engines (hamkor, FTS5), best of the
     * rounds: unlike wall time, not stretched by other programs taking
     * the CPU of a shared machine. */
    double *ours_cpu = malloc(n_queries * sizeof *ours_cpu), *theirs_cpu = malloc(n_queries * sizeof *theirs_cpu);
    for (int round = 0; round < rounds; round++)
        for (int part = 0; part < (blocked ? 2 : 1); part++)
        for (size_t i = 0; i < n_queries; i++) {
            /* part 0 of a blocked round runs hamkor alone, part 1 the peers */
            bool run_ours = !blocked || part == 0, run_peers = !blocked || part == 1;
            const char *text = pick(i);
            int mode = (int)(i / N_OF(words)) % 3; /* 0 plain, 1 filter, 2 facets */
            const char *iso2 = countries[i % N_OF(countries)];
            idx_query q;
            memset(&q, 0, sizeof q);
            q.text = text;
            q.limit = 20;
            if (mode == 1) {
                q.filters[0] = (idx_filter){IDX_F_COUNTRY, 1, {iso2}};
                q.n_filters = 1;
            }
            q.facets = mode == 2;
            idx_result r;
            double c0 = thread_cpu_ms();
            double q0 = now_ms();
            if (run_ours && idx_search(ix, &q, &r, &err) == 0) {
                ours_hits += round == 0 ? r.n_hits : 0;
                idx_result_free(&r);
            }
            double t_ours = now_ms() - q0;
            double c_ours = thread_cpu_ms() - c0;

            char fq[1024], pq[1024], rq[1024];
            if (engine_only || !run_peers)
                fq[0] = pq[0] = rq[0] = '\0';
            else
                peer_query(a, text, fq, pq, rq, sizeof fq);
            c0 = thread_cpu_ms();
            q0 = now_ms();
            sqlite3_stmt *stmts[4] = {mode == 1 ? q_filter : q_plain, mode == 2 ? f_country : NULL,
                                      mode == 2 ? f_dir : NULL, mode == 2 ? f_chapter : NULL};
            for (int k = 0; k < 4; k++) {
                if (!stmts[k] || !fq[0])
                    continue;
                sqlite3_bind_text(stmts[k], 1, fq, -1, SQLITE_STATIC);
                if (k == 0 && mode == 1)
                    sqlite3_bind_text(stmts[k], 2, iso2, -1, SQLITE_STATIC);
                int rc;
                while ((rc = sqlite3_step(stmts[k])) == SQLITE_ROW)
                    theirs_hits += k == 0 && round == 0;
                if (rc != SQLITE_DONE && fts_errors++ == 0)
                    fprintf(stderr, "bench_search: fts5: %s (query %s; only the first error is shown)\n",
                            sqlite3_errmsg(c.db), fq);
                sqlite3_reset(stmts[k]);
            }
            double t_theirs = now_ms() - q0;
            double c_theirs = thread_cpu_ms() - c0;
            if (run_ours && (round == 0 || c_ours < ours_cpu[i]))
                ours_cpu[i] = c_ours;
            if (run_peers && (round == 0 || c_theirs < theirs_cpu[i]))
                theirs_cpu[i] = c_theirs;

            double t_pg = 0;
            if (pg && pq[0]) {
                size_t h = 0;
                q0 = now_ms();
                if (pg_peer_search(pg, pq, mode == 1 ? iso2 : NULL, mode == 2, &h, &err) && pg_errors++ == 0)
                    fprintf(stderr, "bench_search: %s (query %s; only the first error is shown)\n", err.msg, pq);
                t_pg = now_ms() - q0;
                pg_hits += round == 0 ? h : 0;
            }
            double t_rs = 0;
            if (rs && rq[0]) {
                size_t h = 0;
                q0 = now_ms();
                if (redis_peer_search(rs, rq, mode == 1 ? iso2 : NULL, mode == 2, &h, &err) && rs_errors++ == 0)
                    fprintf(stderr, "bench_search: %s (query %s; only the first error is shown)\n", err.msg, rq);
                t_rs = now_ms() - q0;
                rs_hits += round == 0 ? h : 0;
            }
            if (round == 0) {
                if (run_peers) {
                    rss[i] = rss_best[i] = t_rs;
                    theirs[i] = theirs_best[i] = t_theirs;
                    pgs[i] = pgs_best[i] = t_pg;
                }
                if (run_ours)
                    ours[i] = ours_best[i] = t_ours;
            } else {
                if (run_ours)
                    ours_best[i] = t_ours < ours_best[i] ? t_ours : ours_best[i];
                if (run_peers) {
                    theirs_best[i] = t_theirs < theirs_best[i] ? t_theirs : theirs_best[i];
                    pgs_best[i] = t_pg < pgs_best[i] ? t_pg : pgs_best[i];
                    rss_best[i] = t_rs < rss_best[i] ? t_rs : rss_best[i];
                }
            }
        }
    /* The slowest of ours (best of the rounds), to say where the tail comes from. */
    double *ours_at = malloc(n_queries * sizeof *ours_at);
    memcpy(ours_at, ours_best, n_queries * sizeof *ours_at);
    for (int k = 0; k < 5; k++) {
        size_t worst = 0;
        for (size_t i = 1; i < n_queries; i++)
            if (ours_at[i] > ours_at[worst])
                worst = i;
        static const char *const modes[] = {"plain", "country filter", "facets"};
        printf("slow: %.2f ms  %-26s (%s)\n", ours_at[worst], pick(worst), modes[(worst / N_OF(words)) % 3]);
        ours_at[worst] = -1;
    }
    free(ours_at);
    /* Each class of query (kind of text by mode): its slowest, best of the
     * rounds, wall and CPU, to find the class that makes the tail. */
    static const char *const kinds[] = {"word", "pair", "prefix", "typo", "cross-script", "phrase"};
    for (int kd = 0; kd < 6; kd++) {
        printf("class %-12s", kinds[kd]);
        for (int mode = 0; mode < 3; mode++) {
            double worst = 0, sum = 0, worst_cpu = 0;
            size_t cnt = 0;
            for (size_t i = 0; i < n_queries; i++)
                if ((int)(i % 6) == kd && (int)(i / N_OF(words)) % 3 == mode) {
                    worst = ours_best[i] > worst ? ours_best[i] : worst;
                    worst_cpu = ours_cpu[i] > worst_cpu ? ours_cpu[i] : worst_cpu;
                    sum += ours_best[i];
                    cnt++;
                }
            printf("  %s: mean %.2f max %.2f (CPU %.2f) ms", mode == 0 ? "plain" : mode == 1 ? "filter" : "facets",
                   cnt ? sum / (double)cnt : 0, worst, worst_cpu);
        }
        printf("\n");
    }
    if (fts_errors)
        printf("fts5: %zu statements failed\n", fts_errors);
    if (pg_errors)
        printf("pg: %zu queries failed\n", pg_errors);
    if (rs_errors)
        printf("redisearch: %zu queries failed\n", rs_errors);
    peer_times first[] = {{"fts5", theirs, theirs_hits}, {"pg", pg ? pgs : NULL, pg_hits},
                          {"redis", rs ? rss : NULL, rs_hits}};
    print_latency("first round", ours, ours_hits, first, 3, n_queries);
    if (rounds > 1) {
        char label[64];
        snprintf(label, sizeof label, "best of %d rounds", rounds);
        peer_times best[] = {{"fts5", theirs_best, theirs_hits}, {"pg", pg ? pgs_best : NULL, pg_hits},
                             {"redis", rs ? rss_best : NULL, rs_hits}};
        print_latency(label, ours_best, ours_hits, best, 3, n_queries);
    }
    if (!engine_only) {
        qsort(ours_cpu, n_queries, sizeof *ours_cpu, cmp_double);
        qsort(theirs_cpu, n_queries, sizeof *theirs_cpu, cmp_double);
        printf("CPU time per query (this thread), best of %d rounds:\n", rounds);
        printf("  hamkor: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms\n", pct(ours_cpu, n_queries, .5),
               pct(ours_cpu, n_queries, .95), pct(ours_cpu, n_queries, .99));
        printf("  fts5:   p50 %.2f ms  p95 %.2f ms  p99 %.2f ms\n", pct(theirs_cpu, n_queries, .5),
               pct(theirs_cpu, n_queries, .95), pct(theirs_cpu, n_queries, .99));
        printf("  ratio fts5/hamkor: p50 %.1fx  p99 %.1fx\n", pct(theirs_cpu, n_queries, .5) / pct(ours_cpu, n_queries, .5),
               pct(theirs_cpu, n_queries, .99) / pct(ours_cpu, n_queries, .99));
    } else {
        qsort(ours_cpu, n_queries, sizeof *ours_cpu, cmp_double);
        printf("CPU time per query (this thread), best of %d rounds: hamkor p50 %.2f ms  p95 %.2f ms  p99 %.2f ms\n",
               rounds, pct(ours_cpu, n_queries, .5), pct(ours_cpu, n_queries, .95), pct(ours_cpu, n_queries, .99));
    }
    free(ours_cpu);
    free(theirs_cpu);
    free(ours);
    free(theirs);
    free(ours_best);
    free(theirs_best);
    free(pgs);
    free(pgs_best);
    free(rss);
    free(rss_best);
    redis_peer_close(rs);
    pg_peer_close(pg, pg_keep);
    sqlite3_finalize(q_plain);
    sqlite3_finalize(q_filter);
    sqlite3_finalize(f_country);
    sqlite3_finalize(f_dir);
    sqlite3_finalize(f_chapter);
    sqlite3_close(c.db);
    free(c.buf);
    text_tokens_free(&c.toks);
    free(orgs);
    idx_free(ix);
    tax_free(t);
    text_analyzer_free(a);
    store_close(st);
    return 0;
}
