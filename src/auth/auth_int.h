/*
 * auth_int.h - what the files of src/auth/ share and nobody else needs.
 */
#ifndef HK_AUTH_INT_H
#define HK_AUTH_INT_H

#include <sodium.h>

#include "auth/auth.h"

/* auth.h spells libsodium's sizes out so that its users need not include
 * sodium.h; these keep the two in step. */
_Static_assert(AUTH_PWHASH_STRBYTES == crypto_pwhash_STRBYTES, "Argon2 string size");
_Static_assert(AUTH_KEY_BYTES == crypto_generichash_KEYBYTES, "BLAKE2b key size");
_Static_assert(AUTH_TOKEN_LEN + 1 == sodium_base64_ENCODED_LEN(AUTH_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "token text size");
_Static_assert(AUTH_KEY_B64_LEN + 1 == sodium_base64_ENCODED_LEN(AUTH_KEY_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "key text size");

/* Makes sure libsodium is initialised before a primitive is used.
 * sodium_init() is idempotent and thread-safe, so every entry point that
 * needs randomness may call this instead of trusting main() to have
 * called auth_init(). Its result is ignored on purpose here: it fails only
 * when the system has no random source, and then randombytes_buf() aborts
 * the process itself rather than return predictable bytes, which is the
 * only safe outcome for a token generator. auth_init() reports the same
 * failure as an error at start, where it can be acted on. */
static inline void auth__sodium(void)
{
    int rc = sodium_init();
    (void)rc;
}

#endif
