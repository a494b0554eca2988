/*
 * hk_base64.c - base64 encoding and strict decoding (see hk_base64.h).
 */
#include "hk_base64.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *hk_base64_encode(const unsigned char *d, size_t n)
{
    char *out = malloc((n + 2) / 3 * 4 + 1), *w = out;
    if (!out)
        return NULL;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
        *w++ = B64[v >> 18];
        *w++ = B64[(v >> 12) & 63];
        *w++ = B64[(v >> 6) & 63];
        *w++ = B64[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);
        *w++ = B64[v >> 18];
        *w++ = B64[(v >> 12) & 63];
        *w++ = i + 1 < n ? B64[(v >> 6) & 63] : '=';
        *w++ = '=';
    }
    *w = '\0';
    return out;
}

static int value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int hk_base64_decode(const char *s, size_t len, unsigned char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (len % 4)
        return -1;
    unsigned char *d = malloc(len / 4 * 3 + 1), *w = d;
    if (!d)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        bool pad2 = last && s[i + 2] == '=', pad3 = last && s[i + 3] == '=';
        int a = value(s[i]), b = value(s[i + 1]);
        int c = pad2 ? 0 : value(s[i + 2]), e = pad3 ? 0 : value(s[i + 3]);
        if (a < 0 || b < 0 || c < 0 || e < 0 || (pad2 && !pad3)) {
            free(d);
            return -1;
        }
        uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)e;
        *w++ = (unsigned char)(v >> 16);
        if (!pad2)
            *w++ = (unsigned char)(v >> 8);
        if (!pad3)
            *w++ = (unsigned char)v;
    }
    *out = d;
    *n = (size_t)(w - d);
    return 0;
}
