/*
 * hk_base64.h - base64 (RFC 4648, standard alphabet, with padding): how
 * the store keeps a project document's bytes in a text column, and how
 * the API carries them in a JSON body.
 */
#ifndef HK_BASE64_H
#define HK_BASE64_H

#include <stddef.h>

/* A malloc'd NUL-terminated encoding of d[0..n); NULL when out of memory. */
char *hk_base64_encode(const unsigned char *d, size_t n);
/* Decodes s[0..len) into a malloc'd buffer (*out, *n): 0, or -1 when s is
 * not padded base64 (or out of memory, *out NULL then too). */
int hk_base64_decode(const char *s, size_t len, unsigned char **out, size_t *n);
/* The size hk_base64_decode would give for an input of len characters (at most). */
static inline size_t hk_base64_decoded_max(size_t len) { return len / 4 * 3; }

#endif
