/*
 * auth_token.c - random secrets and the form in which the store keeps them.
 *
 * Every secret hamkor hands out (session id, CSRF token, API token) is 32
 * bytes from randombytes_buf written as unpadded base64url, so it fits a
 * cookie, a header and a URL without escaping. The store never holds one:
 * it holds a BLAKE2b hash keyed with the server's key (auth_key), so a
 * copy of the database lets nobody sign in, and without the key nobody can
 * even check a guess against it offline. 256 random bits need no salt and
 * no slow hash; a lookup is one indexed equality on the hash.
 */
#include "auth/auth.h"
#include "auth/auth_int.h"

#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* Mixed into each hash with its NUL, so "session" || token can never
 * equal "api" || token' for any two tokens. */
static const char *const kind_label[AUTH_TOKEN__COUNT] = {
    [AUTH_TOKEN_SESSION] = "hamkor/session",
    [AUTH_TOKEN_CSRF] = "hamkor/csrf",
    [AUTH_TOKEN_API] = "hamkor/api",
    [AUTH_TOKEN_EMAIL] = "hamkor/email",
};

void auth_key_generate(auth_key *key)
{
    /* randombytes_buf initialises libsodium's generator itself; calling
     * sodium_init first also picks the fastest BLAKE2b implementation. */
    auth__sodium();
    randombytes_buf(key->k, sizeof key->k);
}

int auth_key_from_text(auth_key *key, const char *text, const char *field, hk_err *err)
{
    size_t n = 0;
    if (!text || strlen(text) != AUTH_KEY_B64_LEN ||
        sodium_base642bin(key->k, sizeof key->k, text, AUTH_KEY_B64_LEN, NULL, &n, NULL, B64) != 0 ||
        n != sizeof key->k) {
        sodium_memzero(key, sizeof *key);
        return hk_err_set(err, HK_EINVAL, field, "must be a key of %d base64url characters (as written by `hamkor init`)",
                          AUTH_KEY_B64_LEN);
    }
    return 0;
}

void auth_key_to_text(const auth_key *key, char out[AUTH_KEY_B64_LEN + 1])
{
    sodium_bin2base64(out, AUTH_KEY_B64_LEN + 1, key->k, sizeof key->k, B64);
}

void auth_key_wipe(auth_key *key)
{
    sodium_memzero(key, sizeof *key);
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char raw[AUTH_TOKEN_BYTES];
    auth__sodium();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw, B64);
    sodium_memzero(raw, sizeof raw);
}

bool auth_token_well_formed(const char *s)
{
    unsigned char raw[AUTH_TOKEN_BYTES];
    size_t n = 0;
    if (!s || strnlen(s, AUTH_TOKEN_LEN + 1) != AUTH_TOKEN_LEN)
        return false;
    /* sodium_base642bin refuses characters outside the alphabet and a
     * last character whose unused low bits are not zero, so exactly one
     * spelling of each 32 bytes is well formed. */
    bool ok = sodium_base642bin(raw, sizeof raw, s, AUTH_TOKEN_LEN, NULL, &n, NULL, B64) == 0 && n == sizeof raw;
    sodium_memzero(raw, sizeof raw);
    return ok;
}

void auth_token_hash(const auth_key *key, auth_token_kind kind, const char *token,
                     char out[AUTH_TOKEN_HASH_LEN + 1])
{
    unsigned char h[AUTH_TOKEN_HASH_LEN / 2];
    crypto_generichash_state st;
    const char *label = (unsigned)kind < AUTH_TOKEN__COUNT ? kind_label[kind] : "hamkor/?";
    auth__sodium();
    crypto_generichash_init(&st, key->k, sizeof key->k, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)label, strlen(label) + 1);
    crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, AUTH_TOKEN_HASH_LEN + 1, h, sizeof h);
    sodium_memzero(&st, sizeof st);
}

bool auth_token_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

bool auth_token_check(const auth_key *key, auth_token_kind kind, const char *token, const char *stored_hash)
{
    char h[AUTH_TOKEN_HASH_LEN + 1];
    if (!token || !stored_hash)
        return false;
    auth_token_hash(key, kind, token, h);
    return auth_token_equal(h, stored_hash);
}

void auth_api_token_new(const auth_key *key, auth_api_token *out)
{
    unsigned char id[AUTH_API_ID_LEN / 2];
    char secret[AUTH_TOKEN_LEN + 1];
    auth__sodium();
    randombytes_buf(id, sizeof id);
    sodium_bin2hex(out->id, sizeof out->id, id, sizeof id);
    auth_token_new(secret);
    memcpy(out->token, AUTH_API_PREFIX, 3);
    memcpy(out->token + 3, out->id, AUTH_API_ID_LEN);
    out->token[3 + AUTH_API_ID_LEN] = '_';
    memcpy(out->token + 4 + AUTH_API_ID_LEN, secret, AUTH_TOKEN_LEN + 1);
    sodium_memzero(secret, sizeof secret);
    /* The hash covers the whole token, id included, so a row's hash
     * matches only the token that was issued with that id. */
    auth_token_hash(key, AUTH_TOKEN_API, out->token, out->hash);
}

static bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int auth_api_token_parse(const char *token, char id[AUTH_API_ID_LEN + 1], hk_err *err)
{
    id[0] = '\0';
    if (!token || strnlen(token, AUTH_API_TOKEN_LEN + 1) != AUTH_API_TOKEN_LEN ||
        memcmp(token, AUTH_API_PREFIX, 3) != 0 || token[3 + AUTH_API_ID_LEN] != '_')
        return hk_err_set(err, HK_EINVAL, "token", "is not an hamkor API token (hk_<id>_<secret>)");
    for (size_t i = 0; i < AUTH_API_ID_LEN; i++)
        if (!is_lower_hex(token[3 + i]))
            return hk_err_set(err, HK_EINVAL, "token", "is not an hamkor API token (bad id)");
    if (!auth_token_well_formed(token + 4 + AUTH_API_ID_LEN))
        return hk_err_set(err, HK_EINVAL, "token", "is not an hamkor API token (bad secret)");
    memcpy(id, token + 3, AUTH_API_ID_LEN);
    id[AUTH_API_ID_LEN] = '\0';
    return 0;
}
