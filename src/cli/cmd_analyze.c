/*
 * cmd_analyze.c - `hamkor analyze [--lang L] TEXT`: shows what the text
 * analyzer (src/text/) makes of a text, for debugging search and for
 * writing golden files.
 *
 * Output: a line "lang: L" with the language used (given or detected),
 * then one line per token, tab-separated:
 *   position  kind(word|bigram)  norm  stem  xkey(or -)  start  end
 * where start/end is the token's byte span in TEXT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "text/text.h"

static void usage(FILE *f)
{
    fputs("usage: hamkor analyze [--lang L] [--keep-stopwords] [--no-bigrams] [--no-xkey] [TEXT...]\n"
          "\n"
          "Analyses TEXT (the arguments joined by spaces, or standard input when\n"
          "there are none) as the search index does and prints the language used\n"
          "and one line per token: position, kind, norm, stem, cross-script key\n"
          "(- when none) and the token's byte span in TEXT.\n"
          "\n"
          "  --lang L          language tag (en, ru, zh, kk, uz, ky, tg, be, hi, ur, fa, mn);\n"
          "                    detected from the text when absent\n"
          "  --keep-stopwords  keep stop words\n"
          "  --no-bigrams      no Han character bigrams\n"
          "  --no-xkey         no cross-script keys\n",
          f);
}

/* Reads standard input up to TEXT_MAX_INPUT bytes (+1 to notice more). */
static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    if (!b)
        return NULL;
    for (;;) {
        if (n == cap) {
            if (cap > TEXT_MAX_INPUT)
                break;
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n, stdin);
        if (r == 0)
            break;
        n += r;
    }
    *len = n;
    return b;
}

int cmd_analyze(int argc, char **argv)
{
    const char *lang = NULL;
    unsigned flags = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--lang") == 0) {
            if (++i >= argc) {
                fputs("hamkor analyze: --lang needs a value\n", stderr);
                usage(stderr);
                return 2;
            }
            lang = argv[i];
        } else if (strncmp(a, "--lang=", 7) == 0) {
            lang = a + 7;
        } else if (strcmp(a, "--keep-stopwords") == 0) {
            flags |= TEXT_KEEP_STOPWORDS;
        } else if (strcmp(a, "--no-bigrams") == 0) {
            flags |= TEXT_NO_BIGRAMS;
        } else if (strcmp(a, "--no-xkey") == 0) {
            flags |= TEXT_NO_XKEY;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "hamkor analyze: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else {
            break;
        }
    }

    char *text = NULL;
    size_t len = 0;
    if (i < argc) {
        for (int k = i; k < argc; k++)
            len += strlen(argv[k]) + 1;
        text = malloc(len + 1);
        if (!text) {
            fputs("hamkor analyze: out of memory\n", stderr);
            return 1;
        }
        size_t o = 0;
        for (int k = i; k < argc; k++) {
            size_t n = strlen(argv[k]);
            if (o)
                text[o++] = ' ';
            memcpy(text + o, argv[k], n);
            o += n;
        }
        text[o] = '\0';
        len = o;
    } else {
        text = read_stdin(&len);
        if (!text) {
            fputs("hamkor analyze: out of memory reading standard input\n", stderr);
            return 1;
        }
    }

    hk_err err;
    hk_err_clear(&err);
    text_analyzer *an = NULL;
    int rc = text_analyzer_new(&an, &err);
    text_tokens t;
    text_tokens_init(&t);
    if (rc == 0)
        rc = text_analyze(an, text, len, lang, flags, &t, &err);
    if (rc) {
        fprintf(stderr, "hamkor analyze: %s\n", err.msg);
    } else {
        printf("lang: %s\n", t.lang);
        for (size_t k = 0; k < t.n; k++) {
            const text_token *x = &t.v[k];
            printf("%u\t%s\t%s\t%s\t%s\t%u\t%u\n", x->pos, x->kind == TEXT_TOK_BIGRAM ? "bigram" : "word",
                   x->norm, x->stem, x->xkey ? x->xkey : "-", x->start, x->end);
        }
    }
    text_tokens_free(&t);
    text_analyzer_free(an);
    free(text);
    return rc ? 1 : 0;
}
