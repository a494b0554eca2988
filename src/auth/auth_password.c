/*
 * auth_password.c - passwords: the policy a new one must meet, Argon2id
 * hashing through libsodium, verification and the rehash check.
 *
 * The stored form is libsodium's PHC string, which carries the algorithm,
 * its parameters and a random salt, so raising the cost later needs no
 * migration: auth_password_needs_rehash() tells the login handler to store
 * a fresh hash while it still holds the plain password.
 */
#include "auth/auth.h"
#include "auth/auth_int.h"

#include <string.h>

#include "hk_utf8.h"

/* The most bytes a password within the policy can take (4 per code point).
 * Longer input is refused before Argon2 ever sees it. */
#define PASSWORD_MAX_BYTES (4u * AUTH_PASSWORD_MAX)

int auth_init(hk_err *err)
{
    if (sodium_init() < 0)
        return hk_err_set(err, HK_EINTERNAL, "", "libsodium could not be initialised (no random source?)");
    return 0;
}

auth_pwhash_params auth_pwhash_interactive(void)
{
    return (auth_pwhash_params){crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

auth_pwhash_params auth_pwhash_fast(void)
{
    /* OPSLIMIT_MIN is 1 and MEMLIMIT_MIN 8 KiB: a hash costs microseconds,
     * so the test suite can make hundreds. Never use outside tests. */
    return (auth_pwhash_params){crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

/* ASCII case-insensitive equality: emails are stored lower-cased, but a
 * user may type "Anvar@Example.uz" as a password; that is still the email. */
static bool same_ignoring_ascii_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

int auth_password_check(const char *password, const char *email, hk_err *err)
{
    if (!password || !*password)
        return hk_err_set(err, HK_EINVAL, "password", "is required");
    /* Bound the work before looking at the bytes: a 1 MiB body is refused
     * by its length alone. The limit in code points is checked below. */
    size_t len = strnlen(password, PASSWORD_MAX_BYTES + 1);
    if (len > PASSWORD_MAX_BYTES)
        return hk_err_set(err, HK_EINVAL, "password", "must be at most %d characters long", AUTH_PASSWORD_MAX);
    if (!hk_utf8_valid(password, len))
        return hk_err_set(err, HK_EINVAL, "password", "must be valid UTF-8 text");
    size_t n = hk_utf8_count(password, len);
    if (n < AUTH_PASSWORD_MIN)
        return hk_err_set(err, HK_EINVAL, "password", "must be at least %d characters long (it has %zu)",
                          AUTH_PASSWORD_MIN, n);
    if (n > AUTH_PASSWORD_MAX)
        return hk_err_set(err, HK_EINVAL, "password", "must be at most %d characters long (it has %zu)",
                          AUTH_PASSWORD_MAX, n);

    /* "aaaaaaaaaa" or "жжжжжжжжжж" meets the length and nothing else. */
    uint32_t first, cp;
    size_t i = (size_t)hk_utf8_decode(password, &first);
    bool all_same = true;
    while (i < len && all_same) {
        i += (size_t)hk_utf8_decode(password + i, &cp);
        all_same = cp == first;
    }
    if (all_same)
        return hk_err_set(err, HK_EINVAL, "password", "must not be one character repeated");

    if (email && *email && same_ignoring_ascii_case(password, email))
        return hk_err_set(err, HK_EINVAL, "password", "must not be the email address");
    return 0;
}

int auth_password_hash(const auth_pwhash_params *params, const char *password,
                       char out[AUTH_PWHASH_STRBYTES], hk_err *err)
{
    auth_pwhash_params p = params ? *params : auth_pwhash_interactive();
    if (!password)
        return hk_err_set(err, HK_EINVAL, "password", "is required");
    size_t len = strnlen(password, PASSWORD_MAX_BYTES + 1);
    if (len > PASSWORD_MAX_BYTES)
        return hk_err_set(err, HK_ETOOBIG, "password", "must be at most %u bytes long", PASSWORD_MAX_BYTES);
    if (p.opslimit < crypto_pwhash_OPSLIMIT_MIN || p.opslimit > crypto_pwhash_OPSLIMIT_MAX ||
        p.memlimit < crypto_pwhash_MEMLIMIT_MIN || p.memlimit > crypto_pwhash_MEMLIMIT_MAX)
        return hk_err_set(err, HK_EINVAL, "params", "Argon2id cost is outside what libsodium accepts");
    if (sodium_init() < 0)
        return hk_err_set(err, HK_EINTERNAL, "", "libsodium could not be initialised");
    /* The _alg form names Argon2id explicitly rather than relying on
     * crypto_pwhash_str's default, which is the same today. */
    if (crypto_pwhash_str_alg(out, password, len, p.opslimit, p.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return hk_err_set(err, HK_ENOMEM, "", "hashing the password needs %zu KiB of memory, which is not available",
                          p.memlimit / 1024);
    return 0;
}

/* A stored string is usable when it is NUL-terminated within the size
 * libsodium reads. */
static bool stored_ok(const char *stored)
{
    return stored && strnlen(stored, AUTH_PWHASH_STRBYTES) < AUTH_PWHASH_STRBYTES;
}

bool auth_password_verify(const char *stored, const char *password)
{
    if (!stored_ok(stored) || !password)
        return false;
    size_t len = strnlen(password, PASSWORD_MAX_BYTES + 1);
    if (len > PASSWORD_MAX_BYTES)
        return false;
    if (sodium_init() < 0)
        return false;
    /* Only Argon2id strings: the store never holds anything else, and an
     * Argon2i string there would mean someone wrote it by other means. */
    return crypto_pwhash_argon2id_str_verify(stored, password, len) == 0;
}

bool auth_password_needs_rehash(const auth_pwhash_params *params, const char *stored)
{
    auth_pwhash_params p = params ? *params : auth_pwhash_interactive();
    if (!stored_ok(stored))
        return true;
    /* 1 = other parameters, -1 = not an Argon2id string at all: both
     * mean "replace it at the next successful login". */
    return crypto_pwhash_argon2id_str_needs_rehash(stored, p.opslimit, p.memlimit) != 0;
}
