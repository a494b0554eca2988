/*
 * fuzz_util.h - what the harnesses of fuzz/ share: an invariant check
 * that stops the run with a message (libFuzzer then saves the input as a
 * crash), and the copy of an input into a NUL-terminated string.
 *
 * A harness is one fuzz/fuzz_<area>.c defining LLVMFuzzerTestOneInput.
 * It is built twice: with clang and libFuzzer for `make fuzz`, and with
 * the project's compiler and fuzz/replay_main.c for `make check`, which
 * replays fuzz/corpus/<harness>/. See docs/fuzzing.md.
 */
#ifndef HK_FUZZ_UTIL_H
#define HK_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant the code under test promises; abort() when it fails. */
#define FUZZ_CHECK(cond, ...)                                                        \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                     \
            abort();                                                                 \
        }                                                                            \
    } while (0)

/* data[0..size) as a new NUL-terminated string (malloc'd); it may hold
 * NUL bytes before its end, which C-string code sees as the end. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
