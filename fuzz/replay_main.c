/*
 * replay_main.c - runs a libFuzzer harness without libFuzzer: each file
 * named on the command line, or each file of each folder named there, is
 * read and given once to LLVMFuzzerTestOneInput. With no argument it
 * replays the harness's own seed corpus, fuzz/corpus/<program name>/,
 * from the source tree's root (where tests/run.sh runs).
 *
 * `make check` links every fuzz/fuzz_*.c with this file into the
 * ASan+UBSan build (build-asan/fuzz/) so that the corpora kept in the tree
 * (seeds and the inputs of bugs once found) are replayed as tests. A
 * crash, a sanitizer report or a failed invariant aborts the process,
 * which tests/run.sh counts as a failure; otherwise it prints cmocka's
 * summary line with one "test" per input.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as in libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define REPLAY_MAX_INPUT (8u << 20) /* bytes of one input; seeds are far smaller */

/* Reads path whole and runs it. 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    uint8_t *buf = malloc(REPLAY_MAX_INPUT);
    size_t n = buf ? fread(buf, 1, REPLAY_MAX_INPUT, f) : 0;
    int bad = !buf || ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: cannot read %s (or it is over %u bytes)\n", path, REPLAY_MAX_INPUT);
        free(buf);
        return -1;
    }
    /* A buffer of exactly the input's size, so that ASan sees a read one
     * past the end as libFuzzer would. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a file, or every regular file of a folder in name order. Adds
 * the inputs run to *runs; -1 when something could not be read. */
static int replay_path(const char *path, long *runs)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "replay: no such file or folder: %s\n", path);
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (replay_file(path))
            return -1;
        ++*runs;
        return 0;
    }
    DIR *d = opendir(path);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (!rc && stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (replay_file(full))
                rc = -1;
            else
                ++*runs;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    char own[512];
    snprintf(own, sizeof own, "fuzz/corpus/%s", base);
    long runs = 0;
    int rc = 0;
    printf("[==========] %s: replaying %s\n", base, argc > 1 ? "the inputs given" : own);
    if (argc == 1)
        rc = replay_path(own, &runs);
    for (int i = 1; i < argc; i++)
        if (replay_path(argv[i], &runs))
            rc = -1;
    if (runs == 0) {
        fprintf(stderr, "replay: no input found\n");
        rc = -1;
    }
    if (rc) {
        printf("[  FAILED  ] 1 test(s), listed below:\n[  FAILED  ] %s corpus\n", base);
        return 1;
    }
    printf("[  PASSED  ] %ld test(s).\n", runs);
    return 0;
}
