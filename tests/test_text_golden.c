/*
 * test_text_golden.c - replays the golden files of tests/golden/text/
 * (one per language and script): each case is "> input" followed by the
 * exact lines `hamkor analyze --lang L input` prints, and the analyzer
 * must still produce them. A changed line is reported with its file and
 * line number. After an intended change, regenerate a case with
 * `hamkor analyze --lang L 'input'` and review the difference.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/text.h"

#define GOLDEN_DIR "tests/golden/text"

/* The lines the CLI prints for t, one per entry of out (malloc'd). */
static char *token_line(const text_token *x)
{
    char *s = NULL;
    if (asprintf(&s, "%u\t%s\t%s\t%s\t%s\t%u\t%u", x->pos, x->kind == TEXT_TOK_BIGRAM ? "bigram" : "word",
                 x->norm, x->stem, x->xkey ? x->xkey : "-", x->start, x->end) < 0)
        return NULL;
    return s;
}

typedef struct replay {
    text_analyzer *a;
    text_tokens t;
    int cases, failures;
} replay;

/* Checks one case: input and its expected lines (want[0] is "lang: L"). */
static void check_case(replay *r, const char *file, int line, const char *lang, const char *input,
                       char **want, size_t nwant)
{
    hk_err err;
    r->cases++;
    if (text_analyze(r->a, input, strlen(input), lang, 0, &r->t, &err) != 0) {
        print_error("%s:%d: analyze failed: %s\n", file, line, err.msg);
        r->failures++;
        return;
    }
    char langline[64];
    snprintf(langline, sizeof langline, "lang: %s", r->t.lang);
    if (nwant == 0 || strcmp(want[0], langline) != 0) {
        print_error("%s:%d: got '%s', want '%s'\n", file, line, langline, nwant ? want[0] : "");
        r->failures++;
        return;
    }
    if (r->t.n != nwant - 1) {
        print_error("%s:%d: got %zu tokens, want %zu\n", file, line, r->t.n, nwant - 1);
        r->failures++;
    }
    for (size_t i = 0; i < r->t.n && i + 1 < nwant; i++) {
        char *got = token_line(&r->t.v[i]);
        if (!got || strcmp(got, want[i + 1]) != 0) {
            print_error("%s:%d: token %zu\n  got  %s\n  want %s\n", file, line, i, got ? got : "?", want[i + 1]);
            r->failures++;
            free(got);
            return;
        }
        free(got);
    }
}

static void replay_file(replay *r, const char *path)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char lang[32] = "";
    char *input = NULL;
    int input_line = 0;
    char *want[4096];
    size_t nwant = 0;
    char buf[8192];
    int ln = 0;
    for (;;) {
        char *l = fgets(buf, sizeof buf, fp);
        if (l) {
            ln++;
            l[strcspn(l, "\n")] = '\0';
        }
        /* A blank line, a new case or the end closes the open case. */
        if ((!l || l[0] == '\0' || l[0] == '>') && input) {
            check_case(r, path, input_line, lang, input, want, nwant);
            free(input);
            input = NULL;
            for (size_t i = 0; i < nwant; i++)
                free(want[i]);
            nwant = 0;
        }
        if (!l)
            break;
        if (l[0] == '#' || l[0] == '\0')
            continue;
        if (strncmp(l, "@lang ", 6) == 0) {
            snprintf(lang, sizeof lang, "%.31s", l + 6);
        } else if (l[0] == '>') {
            input = strdup(l + 2);
            input_line = ln;
        } else if (input && nwant < sizeof want / sizeof *want) {
            want[nwant++] = strdup(l);
        }
    }
    fclose(fp);
}

static void test_golden_files_replay_unchanged(void **state)
{
    (void)state;
    replay r = {0};
    hk_err err;
    assert_int_equal(text_analyzer_new(&r.a, &err), 0);
    text_tokens_init(&r.t);
    DIR *d = opendir(GOLDEN_DIR);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, e->d_name);
        replay_file(&r, path);
        files++;
    }
    closedir(d);
    text_tokens_free(&r.t);
    text_analyzer_free(r.a);
    print_message("%d golden files, %d cases, %d failures\n", files, r.cases, r.failures);
    /* One file per language and script: en ru zh kk uz-Cyrl uz-Latn ky tg be hi ur fa. */
    assert_true(files >= 12);
    assert_true(r.cases >= files);
    assert_int_equal(r.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_files_replay_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
