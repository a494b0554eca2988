/*
 * hk_utf8.h - UTF-8 validity and code-point counting, used wherever input
 * enters hamkor (model validation, import, HTTP bodies, the analyzer).
 * Lengths that users see are always counted in code points, never bytes.
 */
#ifndef HK_UTF8_H
#define HK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). NUL bytes are refused too: no field may hold one. */
bool hk_utf8_valid(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t hk_utf8_count(const char *s, size_t len);

/* Decodes one code point at s (valid UTF-8 assumed), stores it in *cp and
 * returns the number of bytes it took (1..4). */
int hk_utf8_decode(const char *s, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes) and returns the byte count. */
int hk_utf8_encode(uint32_t cp, char *out);

#endif
