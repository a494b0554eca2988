/*
 * bench_text.c - throughput of the text analyzer per language.
 *
 * Builds about BENCH_MB of "listings" per language from the labelled
 * sentences of tests/data/langid.tsv (four sentences each, chosen by a
 * fixed pseudo-random sequence, plus one made-up word per listing so that
 * the key cache also sees new terms, as a real catalogue would), then
 * analyses them all with the language given, as the index will: first on
 * one thread, then on two threads sharing one analyzer. One line per
 * language:
 *   lang  MB  listings  1-thread MB/s  listings/s  2-thread MB/s  listings/s
 * Run from the repository root (make bench does).
 *
 * bench_text FILE instead reads real texts, one "lang<TAB>text" per line
 * (e.g. every title, description and organisation name of a demo
 * database, see docs/text-analysis.md), and analyses them the same way,
 * each with its own language, in file order: one line, "file".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk_utf8.h"
#include "text/text.h"

#define BENCH_MB 4
#define PER_LISTING 4
#define MAX_SENT 256

static const char *const langs[] = {"ru", "en", "zh", "uz", "kk", "hi"};

typedef struct corpus {
    char **v;          /* listings, malloc'd */
    char **lang;       /* per listing (file mode), malloc'd; NULL = one language */
    size_t n, bytes;
} corpus;

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sentences of language lang (label "uz" takes uz-Cyrl and uz-Latn). */
static size_t load(const char *lang, char **out, size_t max)
{
    FILE *fp = fopen("tests/data/langid.tsv", "r");
    if (!fp)
        return 0;
    char line[2048];
    size_t n = 0, ll = strlen(lang);
    while (n < max && fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab || (size_t)(tab - line) < ll || strncmp(line, lang, ll) != 0 ||
            (line[ll] != '\t' && line[ll] != '-'))
            continue;
        char *s = tab + 1;
        s[strcspn(s, "\r\n")] = '\0';
        out[n++] = strdup(s);
    }
    fclose(fp);
    return n;
}

/* A made-up word of 6 code points taken from sentence s. */
static size_t fake_word(const char *s, uint64_t *seed, char *out)
{
    uint32_t cps[512];
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < 512;) {
        uint32_t cp;
        i += (size_t)hk_utf8_decode(s + i, &cp);
        if (cp > ' ' && cp != '.' && cp != ',' && cp != 0x3002)
            cps[n++] = cp;
    }
    size_t o = 0;
    for (int k = 0; k < 6 && n; k++)
        o += (size_t)hk_utf8_encode(cps[rng(seed) % n], out + o);
    out[o] = '\0';
    return o;
}

static int build(const char *lang, corpus *c)
{
    char *sent[MAX_SENT];
    size_t ns = load(lang, sent, MAX_SENT);
    if (ns == 0)
        return -1;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    size_t cap = 1024;
    c->v = malloc(cap * sizeof *c->v);
    c->lang = NULL;
    c->n = c->bytes = 0;
    while (c->bytes < (size_t)BENCH_MB << 20) {
        char buf[8192];
        size_t o = 0;
        for (int k = 0; k < PER_LISTING; k++) {
            const char *s = sent[rng(&seed) % ns];
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s ", s);
        }
        o += fake_word(sent[rng(&seed) % ns], &seed, buf + o);
        if (c->n == cap) {
            cap *= 2;
            c->v = realloc(c->v, cap * sizeof *c->v);
        }
        c->v[c->n++] = strdup(buf);
        c->bytes += o;
    }
    for (size_t i = 0; i < ns; i++)
        free(sent[i]);
    return 0;
}

typedef struct job {
    text_analyzer *a;
    const corpus *c;
    const char *lang;
    size_t from, step;  /* listings from, from+step, ... */
    int failed;
} job;

static void *run(void *p)
{
    job *j = p;
    text_tokens t;
    text_tokens_init(&t);
    hk_err err;
    for (size_t i = j->from; i < j->c->n; i += j->step)
        if (text_analyze(j->a, j->c->v[i], strlen(j->c->v[i]), j->c->lang ? j->c->lang[i] : j->lang, 0, &t,
                         &err) != 0)
            j->failed = 1;
    text_tokens_free(&t);
    return NULL;
}

static double timed(text_analyzer *a, const corpus *c, const char *lang, int threads, int *failed)
{
    pthread_t th[8];
    job jobs[8];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){.a = a, .c = c, .lang = lang, .from = (size_t)i, .step = (size_t)threads};
        pthread_create(&th[i], NULL, run, &jobs[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        *failed |= jobs[i].failed;
    }
    return now() - t0;
}

/* File mode: "lang<TAB>text" lines. */
static int load_file(const char *path, corpus *c)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    size_t cap = 1024;
    c->v = malloc(cap * sizeof *c->v);
    c->lang = malloc(cap * sizeof *c->lang);
    c->n = c->bytes = 0;
    char *line = NULL;
    size_t lc = 0;
    ssize_t len;
    while ((len = getline(&line, &lc, fp)) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        if (c->n == cap) {
            cap *= 2;
            c->v = realloc(c->v, cap * sizeof *c->v);
            c->lang = realloc(c->lang, cap * sizeof *c->lang);
        }
        c->lang[c->n] = strdup(line);
        c->v[c->n++] = strdup(tab + 1);
        c->bytes += strlen(tab + 1);
    }
    free(line);
    fclose(fp);
    return c->n ? 0 : -1;
}

static int run_file(text_analyzer *a, const char *path)
{
    corpus c;
    if (load_file(path, &c) != 0) {
        fprintf(stderr, "bench_text: no \"lang<TAB>text\" lines in %s\n", path);
        return 1;
    }
    int failed = 0;
    double cold = timed(a, &c, NULL, 1, &failed);
    double t1 = timed(a, &c, NULL, 1, &failed);
    double t2 = timed(a, &c, NULL, 2, &failed);
    double mb = (double)c.bytes / (1 << 20);
    printf("%-6s %7.2f %9zu %14.1f %11.0f %14.1f %11.0f   (cold pass %.1f MB/s)\n", "file", mb, c.n, mb / t1,
           (double)c.n / t1, mb / t2, (double)c.n / t2, mb / cold);
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i]);
        free(c.lang[i]);
    }
    free(c.v);
    free(c.lang);
    if (failed)
        fprintf(stderr, "bench_text: analysis failed for a text of %s\n", path);
    return failed;
}

int main(int argc, char **argv)
{
    hk_err err;
    text_analyzer *a = NULL;
    if (text_analyzer_new(&a, &err) != 0) {
        fprintf(stderr, "bench_text: %s\n", err.msg);
        return 1;
    }
    if (argc > 1) {
        printf("# bench_text: the texts of %s, each with its language\n", argv[1]);
        printf("# what        MB     texts  1-thread MB/s     texts/s  2-thread MB/s     texts/s\n");
        int rc = run_file(a, argv[1]);
        text_analyzer_free(a);
        return rc;
    }
    printf("# bench_text: %d MB of %d-sentence listings per language, language given\n", BENCH_MB,
           PER_LISTING);
    printf("# lang      MB  listings  1-thread MB/s  listings/s  2-thread MB/s  listings/s\n");
    int rc = 0;
    for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
        corpus c;
        if (build(langs[l], &c) != 0) {
            fprintf(stderr, "bench_text: no sentences for %s (run from the repository root)\n", langs[l]);
            rc = 1;
            break;
        }
        int failed = 0;
        /* The first pass warms the worker pool and the key cache. */
        double cold = timed(a, &c, langs[l], 1, &failed);
        double t1 = timed(a, &c, langs[l], 1, &failed);
        double t2 = timed(a, &c, langs[l], 2, &failed);
        double mb = (double)c.bytes / (1 << 20);
        printf("%-6s %7.2f %9zu %14.1f %11.0f %14.1f %11.0f   (cold pass %.1f MB/s)\n", langs[l], mb, c.n,
               mb / t1, (double)c.n / t1, mb / t2, (double)c.n / t2, mb / cold);
        if (failed) {
            fprintf(stderr, "bench_text: analysis failed for %s\n", langs[l]);
            rc = 1;
        }
        for (size_t i = 0; i < c.n; i++)
            free(c.v[i]);
        free(c.v);
    }
    text_analyzer_free(a);
    return rc;
}
