/*
 * test_auth.c - the security core (src/auth/): Argon2id passwords and the
 * password policy, random tokens and their keyed hashes, API tokens, the
 * login rate limiter (bursts, refill, eviction, threads), and the full
 * authorization matrix, written below as the table it specifies.
 *
 * Runs from the repository root (the matrix is also checked against the
 * table in docs/security.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth.h"

#define SECURITY_DOC "docs/security.md"

static int setup_sodium(void **state)
{
    hk_err err;
    (void)state;
    return auth_init(&err);
}

/* ================================================================
 * passwords
 * ================================================================ */

static void password_round_trip_with_argon2id(void **state)
{
    auth_pwhash_params fast = auth_pwhash_fast();
    char h[AUTH_PWHASH_STRBYTES];
    hk_err err;
    assert_int_equal(auth_password_hash(&fast, "Самарқанд-2021 цех", h, &err), 0);
    assert_memory_equal(h, "$argon2id$v=19$", 15);
    assert_true(auth_password_verify(h, "Самарқанд-2021 цех"));
}

static void password_verify_refuses_wrong_passwords(void **state)
{
    auth_pwhash_params fast = auth_pwhash_fast();
    char h[AUTH_PWHASH_STRBYTES];
    assert_int_equal(auth_password_hash(&fast, "correct horse battery", h, NULL), 0);
    assert_false(auth_password_verify(h, "Correct horse battery"));
    assert_false(auth_password_verify(h, "correct horse battery "));
    assert_false(auth_password_verify(h, "correct horse batter"));
    assert_false(auth_password_verify(h, ""));
    assert_false(auth_password_verify(h, NULL));
    assert_false(auth_password_verify(NULL, "correct horse battery"));
}

static void password_verify_refuses_malformed_stored_strings(void **state)
{
    auth_pwhash_params fast = auth_pwhash_fast();
    char h[AUTH_PWHASH_STRBYTES], cut[AUTH_PWHASH_STRBYTES];
    assert_int_equal(auth_password_hash(&fast, "correct horse battery", h, NULL), 0);
    snprintf(cut, sizeof cut, "%.*s", (int)strlen(h) - 4, h);
    assert_false(auth_password_verify(cut, "correct horse battery"));
    assert_false(auth_password_verify("", "correct horse battery"));
    assert_false(auth_password_verify("correct horse battery", "correct horse battery"));

    /* An Argon2i string is a valid libsodium hash, but not one hamkor
     * writes: refused, and flagged for rehash. */
    char i2[crypto_pwhash_argon2i_STRBYTES];
    assert_int_equal(crypto_pwhash_argon2i_str(i2, "correct horse battery", 21, 3, crypto_pwhash_argon2i_MEMLIMIT_MIN), 0);
    assert_false(auth_password_verify(i2, "correct horse battery"));
    assert_true(auth_password_needs_rehash(&fast, i2));

    /* Not NUL-terminated within the size libsodium reads. */
    char longs[AUTH_PWHASH_STRBYTES + 8];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    assert_false(auth_password_verify(longs, "correct horse battery"));
    assert_true(auth_password_needs_rehash(&fast, longs));
}

static void password_hashes_of_one_password_differ_by_salt(void **state)
{
    auth_pwhash_params fast = auth_pwhash_fast();
    char a[AUTH_PWHASH_STRBYTES], b[AUTH_PWHASH_STRBYTES];
    assert_int_equal(auth_password_hash(&fast, "one password twice", a, NULL), 0);
    assert_int_equal(auth_password_hash(&fast, "one password twice", b, NULL), 0);
    assert_string_not_equal(a, b);
    assert_true(auth_password_verify(a, "one password twice"));
    assert_true(auth_password_verify(b, "one password twice"));
}

/* One real-cost hash: the default is OPSLIMIT/MEMLIMIT_INTERACTIVE. */
static void password_default_cost_is_interactive(void **state)
{
    char h[AUTH_PWHASH_STRBYTES];
    hk_err err;
    assert_int_equal(auth_password_hash(NULL, "default cost password", h, &err), 0);
    char want[64];
    snprintf(want, sizeof want, "$argon2id$v=19$m=%zu,t=%llu,p=1$", (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024,
             (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE);
    assert_memory_equal(h, want, strlen(want));
    assert_true(auth_password_verify(h, "default cost password"));
    assert_false(auth_password_needs_rehash(NULL, h));
}

static void password_needs_rehash_when_cost_changes(void **state)
{
    auth_pwhash_params fast = auth_pwhash_fast();
    char h[AUTH_PWHASH_STRBYTES];
    assert_int_equal(auth_password_hash(&fast, "cheap test hash!", h, NULL), 0);
    assert_false(auth_password_needs_rehash(&fast, h));
    assert_true(auth_password_needs_rehash(NULL, h));
    auth_pwhash_params more = fast;
    more.opslimit++;
    assert_true(auth_password_needs_rehash(&more, h));
    assert_true(auth_password_needs_rehash(&fast, "not a hash"));
    assert_true(auth_password_needs_rehash(&fast, NULL));
}

static void password_hash_refuses_bad_cost_and_overlong_input(void **state)
{
    char h[AUTH_PWHASH_STRBYTES];
    hk_err err;
    auth_pwhash_params bad = {0, crypto_pwhash_MEMLIMIT_MIN};
    assert_int_equal(auth_password_hash(&bad, "a fine password", h, &err), HK_EINVAL);
    assert_string_equal(err.field, "params");

    auth_pwhash_params fast = auth_pwhash_fast();
    char *big = malloc(4 * AUTH_PASSWORD_MAX + 2);
    memset(big, 'x', 4 * AUTH_PASSWORD_MAX + 1);
    big[4 * AUTH_PASSWORD_MAX + 1] = '\0';
    assert_int_equal(auth_password_hash(&fast, big, h, &err), HK_ETOOBIG);
    assert_string_equal(err.field, "password");
    /* Verification refuses it without hashing, whatever is stored. */
    assert_int_equal(auth_password_hash(&fast, "a fine password", h, &err), 0);
    assert_false(auth_password_verify(h, big));
    free(big);
}

/* Builds a string of n copies of the UTF-8 sequence u (from malloc). */
static char *repeat(const char *u, size_t n)
{
    size_t k = strlen(u);
    char *s = malloc(k * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * k, u, k);
    s[k * n] = '\0';
    return s;
}

typedef struct pw_case {
    const char *what;
    const char *password;
    const char *email;
    const char *error; /* a word the message must contain; NULL = accepted */
} pw_case;

static void password_policy_names_the_field_and_the_rule(void **state)
{
    static const pw_case cases[] = {
        {"ten ASCII characters", "abcdefghij", NULL, NULL},
        {"nine ASCII characters", "abcdefghi", NULL, "least 10"},
        {"ten Cyrillic letters (20 bytes)", "Самаркандщ", NULL, NULL},
        {"nine Cyrillic letters (18 bytes) are still nine", "Самарканд", NULL, "least 10"},
        {"nine Han characters (27 bytes) are still nine", "铝压铸件生产合作伙", NULL, "least 10"},
        {"ten Han characters", "铝压铸件生产合作伙伴", NULL, NULL},
        {"Devanagari with combining marks", "सहयोग उत्पादन", NULL, NULL},
        {"empty", "", NULL, "required"},
        {"invalid UTF-8", "abcdefghij\xff", NULL, "UTF-8"},
        {"overlong UTF-8 encoding of '/'", "abcdefghij\xc0\xaf", NULL, "UTF-8"},
        {"a UTF-16 surrogate", "abcdefghij\xed\xa0\x80", NULL, "UTF-8"},
        {"one ASCII character repeated", "aaaaaaaaaaaa", NULL, "repeated"},
        {"one Cyrillic letter repeated", "жжжжжжжжжжжж", NULL, "repeated"},
        {"two characters alternating", "abababababab", NULL, NULL},
        {"the email", "anvar@example.uz", "anvar@example.uz", "email"},
        {"the email in other case", "Anvar@Example.UZ", "anvar@example.uz", "email"},
        {"the email with more", "anvar@example.uz!", "anvar@example.uz", NULL},
        {"another email", "timur@example.kz", "anvar@example.uz", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const pw_case *c = &cases[i];
        hk_err err;
        hk_err_clear(&err);
        int rc = auth_password_check(c->password, c->email, &err);
        if (!c->error) {
            if (rc != 0)
                fail_msg("%s: refused: %s", c->what, err.msg);
            continue;
        }
        if (rc != HK_EINVAL)
            fail_msg("%s: accepted", c->what);
        assert_string_equal(err.field, "password");
        if (!strstr(err.msg, c->error))
            fail_msg("%s: message \"%s\" does not say \"%s\"", c->what, err.msg, c->error);
    }
    hk_err err;
    assert_int_equal(auth_password_check(NULL, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "password");
}

static void password_policy_counts_code_points_up_to_256(void **state)
{
    hk_err err;
    char *s = repeat("ab", 128); /* 256 */
    assert_int_equal(auth_password_check(s, NULL, &err), 0);
    free(s);
    s = repeat("цх", 128); /* 256 code points, 512 bytes */
    assert_int_equal(auth_password_check(s, NULL, &err), 0);
    free(s);
    s = repeat("铝件", 128); /* 256 code points, 768 bytes */
    assert_int_equal(auth_password_check(s, NULL, &err), 0);
    free(s);
    s = repeat("𠀀𠀁", 128); /* 256 code points, 1024 bytes: the byte limit exactly */
    assert_int_equal(auth_password_check(s, NULL, &err), 0);
    free(s);
    s = malloc(258);
    memcpy(s, "ab", 2);
    memset(s + 2, 'c', 255); /* 257 */
    s[257] = '\0';
    assert_int_equal(auth_password_check(s, NULL, &err), HK_EINVAL);
    assert_string_equal(err.field, "password");
    assert_non_null(strstr(err.msg, "most 256"));
    free(s);
    s = repeat("цх", 2000); /* far over: refused by length before decoding */
    assert_int_equal(auth_password_check(s, NULL, &err), HK_EINVAL);
    assert_non_null(strstr(err.msg, "most 256"));
    free(s);
}

/* ================================================================
 * tokens
 * ================================================================ */

static bool all_base64url(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_'))
            return false;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void token_new_is_43_base64url_characters_and_unique(void **state)
{
    enum { N = 20000 };
    char(*t)[AUTH_TOKEN_LEN + 1] = malloc(N * sizeof *t);
    for (size_t i = 0; i < N; i++) {
        auth_token_new(t[i]);
        assert_int_equal(strlen(t[i]), AUTH_TOKEN_LEN);
        assert_true(all_base64url(t[i]));
        assert_true(auth_token_well_formed(t[i]));
    }
    qsort(t, N, sizeof *t, cmp_str);
    for (size_t i = 1; i < N; i++)
        assert_string_not_equal(t[i - 1], t[i]);
    free(t);
}

static void token_well_formed_refuses_other_shapes(void **state)
{
    char t[AUTH_TOKEN_LEN + 1], bad[AUTH_TOKEN_LEN + 2];
    auth_token_new(t);
    assert_false(auth_token_well_formed(NULL));
    assert_false(auth_token_well_formed(""));
    snprintf(bad, sizeof bad, "%.42s", t); /* one short */
    assert_false(auth_token_well_formed(bad));
    snprintf(bad, sizeof bad, "%sA", t); /* one long */
    assert_false(auth_token_well_formed(bad));
    snprintf(bad, sizeof bad, "%s", t);
    bad[10] = '+'; /* standard base64, not the URL alphabet */
    assert_false(auth_token_well_formed(bad));
    bad[10] = '=';
    assert_false(auth_token_well_formed(bad));
    /* The last character holds 2 unused bits; only the spelling with them
     * zero is canonical ('B' sets one, 'A' does not). */
    snprintf(bad, sizeof bad, "%.42sA", t);
    assert_true(auth_token_well_formed(bad));
    snprintf(bad, sizeof bad, "%.42sB", t);
    assert_false(auth_token_well_formed(bad));
}

static void token_hash_is_keyed_and_separates_kinds(void **state)
{
    auth_key k1, k2;
    auth_key_generate(&k1);
    auth_key_generate(&k2);
    char t[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
    auth_token_new(t);
    auth_token_new(t2);
    char a[AUTH_TOKEN_HASH_LEN + 1], b[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_hash(&k1, AUTH_TOKEN_SESSION, t, a);
    assert_int_equal(strlen(a), AUTH_TOKEN_HASH_LEN);
    for (const char *p = a; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    assert_string_not_equal(a, t); /* the store never sees the token */
    auth_token_hash(&k1, AUTH_TOKEN_SESSION, t, b);
    assert_string_equal(a, b); /* deterministic: usable as a lookup key */
    auth_token_hash(&k2, AUTH_TOKEN_SESSION, t, b);
    assert_string_not_equal(a, b); /* keyed */
    auth_token_hash(&k1, AUTH_TOKEN_API, t, b);
    assert_string_not_equal(a, b); /* a session id is not an API token */
    auth_token_hash(&k1, AUTH_TOKEN_CSRF, t, b);
    assert_string_not_equal(a, b);
    auth_token_hash(&k1, AUTH_TOKEN_SESSION, t2, b);
    assert_string_not_equal(a, b);
    auth_key_wipe(&k1);
    auth_key_wipe(&k2);
}

static void token_hash_is_blake2b_keyed_over_label_and_token(void **state)
{
    /* Pins the stored form: a change here would sign everybody out and
     * revoke every API token, so it must never happen by accident. */
    auth_key k;
    memset(k.k, 7, sizeof k.k);
    char got[AUTH_TOKEN_HASH_LEN + 1], want[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_hash(&k, AUTH_TOKEN_SESSION, "tok", got);
    unsigned char msg[] = "hamkor/session\0tok";
    unsigned char h[32];
    crypto_generichash(h, sizeof h, msg, sizeof msg - 1, k.k, sizeof k.k);
    sodium_bin2hex(want, sizeof want, h, sizeof h);
    assert_string_equal(got, want);
}

static void token_equal_compares_whole_strings(void **state)
{
    assert_true(auth_token_equal("abcdef", "abcdef"));
    assert_true(auth_token_equal("", ""));
    assert_false(auth_token_equal("abcdef", "abcdeg"));
    assert_false(auth_token_equal("abcdef", "bbcdef"));
    assert_false(auth_token_equal("abcdef", "abcde"));
    assert_false(auth_token_equal("abcde", "abcdef"));
    assert_false(auth_token_equal("abcdef", ""));
    assert_false(auth_token_equal(NULL, "abcdef"));
    assert_false(auth_token_equal("abcdef", NULL));
}

static void token_check_matches_only_its_own_hash(void **state)
{
    auth_key k;
    auth_key_generate(&k);
    char t[AUTH_TOKEN_LEN + 1], other[AUTH_TOKEN_LEN + 1], h[AUTH_TOKEN_HASH_LEN + 1];
    auth_token_new(t);
    auth_token_new(other);
    auth_token_hash(&k, AUTH_TOKEN_SESSION, t, h);
    assert_true(auth_token_check(&k, AUTH_TOKEN_SESSION, t, h));
    assert_false(auth_token_check(&k, AUTH_TOKEN_SESSION, other, h));
    assert_false(auth_token_check(&k, AUTH_TOKEN_API, t, h));
    assert_false(auth_token_check(&k, AUTH_TOKEN_SESSION, h, h)); /* presenting the hash itself */
    assert_false(auth_token_check(&k, AUTH_TOKEN_SESSION, t, ""));
    assert_false(auth_token_check(&k, AUTH_TOKEN_SESSION, NULL, h));
    auth_key_wipe(&k);
}

static void key_text_round_trip_and_refusals(void **state)
{
    auth_key k, back;
    char text[AUTH_KEY_B64_LEN + 1];
    hk_err err;
    auth_key_generate(&k);
    auth_key_to_text(&k, text);
    assert_int_equal(strlen(text), AUTH_KEY_B64_LEN);
    assert_int_equal(auth_key_from_text(&back, text, "auth_key", &err), 0);
    assert_memory_equal(k.k, back.k, sizeof k.k);
    assert_int_equal(auth_key_from_text(&back, "short", "auth_key", &err), HK_EINVAL);
    assert_string_equal(err.field, "auth_key");
    text[5] = '*';
    assert_int_equal(auth_key_from_text(&back, text, "auth_key", &err), HK_EINVAL);
    assert_int_equal(auth_key_from_text(&back, NULL, "auth_key", &err), HK_EINVAL);
}

static void api_token_has_prefix_id_and_secret(void **state)
{
    auth_key k;
    auth_key_generate(&k);
    auth_api_token t;
    auth_api_token_new(&k, &t);
    assert_int_equal(strlen(t.token), AUTH_API_TOKEN_LEN);
    assert_memory_equal(t.token, "hk_", 3);
    assert_memory_equal(t.token + 3, t.id, AUTH_API_ID_LEN);
    assert_int_equal(t.token[3 + AUTH_API_ID_LEN], '_');
    assert_true(auth_token_well_formed(t.token + 4 + AUTH_API_ID_LEN));
    assert_int_equal(strlen(t.id), AUTH_API_ID_LEN);

    char id[AUTH_API_ID_LEN + 1];
    hk_err err;
    assert_int_equal(auth_api_token_parse(t.token, id, &err), 0);
    assert_string_equal(id, t.id);
    assert_true(auth_token_check(&k, AUTH_TOKEN_API, t.token, t.hash));
    assert_false(auth_token_check(&k, AUTH_TOKEN_SESSION, t.token, t.hash));
    /* The hash binds the id: the same secret under another id fails. */
    char swapped[AUTH_API_TOKEN_LEN + 1];
    memcpy(swapped, t.token, sizeof swapped);
    swapped[3] = swapped[3] == '0' ? '1' : '0';
    assert_false(auth_token_check(&k, AUTH_TOKEN_API, swapped, t.hash));
    auth_key_wipe(&k);
}

static void api_token_ids_are_unique(void **state)
{
    enum { N = 5000 };
    auth_key k;
    auth_key_generate(&k);
    char(*ids)[AUTH_API_ID_LEN + 1] = malloc(N * sizeof *ids);
    for (size_t i = 0; i < N; i++) {
        auth_api_token t;
        auth_api_token_new(&k, &t);
        memcpy(ids[i], t.id, sizeof ids[i]);
    }
    qsort(ids, N, sizeof *ids, cmp_str);
    for (size_t i = 1; i < N; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
    free(ids);
}

static void api_token_parse_refuses_other_shapes(void **state)
{
    auth_key k;
    auth_key_generate(&k);
    auth_api_token t;
    auth_api_token_new(&k, &t);
    char id[AUTH_API_ID_LEN + 1], bad[AUTH_API_TOKEN_LEN + 8];
    hk_err err;
    const char *plain[] = {"", "hk_", "Bearer hk_0123456789abcdef_x", "sk_live_0123456789abcdef"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        assert_int_equal(auth_api_token_parse(plain[i], id, &err), HK_EINVAL);
        assert_string_equal(err.field, "token");
        assert_string_equal(id, "");
    }
    assert_int_equal(auth_api_token_parse(NULL, id, &err), HK_EINVAL);

    /* One change at a time to a real token. */
    struct { size_t at; char c; } edits[] = {
        {0, 'H'},                       /* prefix is lower case */
        {2, '-'},                       /* prefix separator */
        {3, 'A'},                       /* id is lower-case hex */
        {10, 'g'},
        {3 + AUTH_API_ID_LEN, '-'},     /* id/secret separator */
        {30, '.'},                      /* secret alphabet */
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        memcpy(bad, t.token, AUTH_API_TOKEN_LEN + 1);
        bad[edits[i].at] = edits[i].c;
        assert_int_equal(auth_api_token_parse(bad, id, &err), HK_EINVAL);
    }
    snprintf(bad, sizeof bad, "%s=", t.token);
    assert_int_equal(auth_api_token_parse(bad, id, &err), HK_EINVAL);
    snprintf(bad, sizeof bad, "%.*s", AUTH_API_TOKEN_LEN - 1, t.token);
    assert_int_equal(auth_api_token_parse(bad, id, &err), HK_EINVAL);
    auth_key_wipe(&k);
}

/* ================================================================
 * rate limiter
 * ================================================================ */

static auth_rate *rate(uint32_t burst, uint32_t refill_ms, uint32_t slots)
{
    auth_rate_config c = {burst, refill_ms, slots};
    auth_rate *rl;
    hk_err err;
    assert_int_equal(auth_rate_new(&c, &rl, &err), 0);
    return rl;
}

static void rate_allows_a_burst_then_refuses(void **state)
{
    auth_rate *rl = rate(5, 1000, 16);
    for (int i = 0; i < 5; i++)
        assert_true(auth_rate_allow(rl, "203.0.113.7", 1000));
    assert_false(auth_rate_allow(rl, "203.0.113.7", 1000));
    assert_false(auth_rate_allow(rl, "203.0.113.7", 1999));
    auth_rate_free(rl);
}

static void rate_refills_one_attempt_per_interval(void **state)
{
    auth_rate *rl = rate(3, 1000, 16);
    int64_t wait = -1;
    for (int i = 0; i < 3; i++)
        assert_true(auth_rate_take(rl, "k", 0, &wait));
    assert_int_equal(wait, 0);
    assert_false(auth_rate_take(rl, "k", 0, &wait));
    assert_int_equal(wait, 1000);
    assert_false(auth_rate_take(rl, "k", 400, &wait));
    assert_int_equal(wait, 600);
    assert_true(auth_rate_take(rl, "k", 1000, &wait));
    assert_false(auth_rate_take(rl, "k", 1000, &wait));
    assert_int_equal(wait, 1000);
    /* 2.5 intervals later: two attempts back, half of a third banked. */
    assert_true(auth_rate_allow(rl, "k", 3500));
    assert_true(auth_rate_allow(rl, "k", 3500));
    assert_false(auth_rate_take(rl, "k", 3500, &wait));
    assert_int_equal(wait, 500);
    assert_true(auth_rate_allow(rl, "k", 4000));
    auth_rate_free(rl);
}

static void rate_refill_stops_at_the_burst(void **state)
{
    auth_rate *rl = rate(3, 1000, 16);
    assert_true(auth_rate_allow(rl, "k", 0));
    /* A day idle earns three attempts, not 86 400. */
    for (int i = 0; i < 3; i++)
        assert_true(auth_rate_allow(rl, "k", 86400000));
    assert_false(auth_rate_allow(rl, "k", 86400000));
    auth_rate_free(rl);
}

static void rate_keys_are_independent(void **state)
{
    auth_rate *rl = rate(2, 60000, 16);
    assert_true(auth_rate_allow(rl, "anvar@example.uz", 0));
    assert_true(auth_rate_allow(rl, "anvar@example.uz", 0));
    assert_false(auth_rate_allow(rl, "anvar@example.uz", 0));
    assert_true(auth_rate_allow(rl, "timur@example.kz", 0));
    assert_true(auth_rate_allow(rl, "2001:db8::1", 0));
    assert_true(auth_rate_allow(rl, "", 0)); /* the empty key is a key like any */
    assert_int_equal(auth_rate_count(rl), 4);
    auth_rate_free(rl);
}

static void rate_evicts_the_key_seen_longest_ago(void **state)
{
    auth_rate *rl = rate(1, 60000, 3);
    assert_true(auth_rate_allow(rl, "a", 0));
    assert_true(auth_rate_allow(rl, "b", 1));
    assert_true(auth_rate_allow(rl, "c", 2));
    assert_false(auth_rate_allow(rl, "a", 3)); /* a is now the newest */
    assert_int_equal(auth_rate_count(rl), 3);
    assert_true(auth_rate_allow(rl, "d", 4)); /* full: b, seen longest ago, goes */
    assert_int_equal(auth_rate_count(rl), 3);
    assert_false(auth_rate_allow(rl, "a", 5)); /* a and c kept their state */
    assert_false(auth_rate_allow(rl, "c", 5));
    assert_false(auth_rate_allow(rl, "d", 5));
    assert_true(auth_rate_allow(rl, "b", 6)); /* b was forgotten: full bucket again (evicts a) */
    assert_true(auth_rate_allow(rl, "a", 7)); /* and a was evicted by b */
    assert_int_equal(auth_rate_count(rl), 3);
    auth_rate_free(rl);
}

static void rate_with_one_slot_keeps_only_the_latest_key(void **state)
{
    auth_rate *rl = rate(1, 60000, 1);
    assert_true(auth_rate_allow(rl, "a", 0));
    assert_false(auth_rate_allow(rl, "a", 0));
    assert_true(auth_rate_allow(rl, "b", 0));
    assert_true(auth_rate_allow(rl, "a", 0));
    assert_int_equal(auth_rate_count(rl), 1);
    auth_rate_free(rl);
}

static void rate_eviction_keeps_the_table_consistent_under_churn(void **state)
{
    /* Many more keys than slots, revisited in a pattern: every lookup must
     * find the right bucket (a broken chain would lose or mix keys). */
    auth_rate *rl = rate(2, 1000000, 64);
    char key[32];
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 1000; i++) {
            snprintf(key, sizeof key, "10.0.%d.%d", i / 256, i % 256);
            (void)auth_rate_allow(rl, key, round);
        }
        assert_int_equal(auth_rate_count(rl), 64);
    }
    /* The last 64 keys are the ones remembered, each with one attempt spent. */
    for (int i = 1000 - 64; i < 1000; i++) {
        snprintf(key, sizeof key, "10.0.%d.%d", i / 256, i % 256);
        assert_true(auth_rate_allow(rl, key, 100));
        assert_false(auth_rate_allow(rl, key, 100));
    }
    auth_rate_free(rl);
}

static void rate_time_going_backwards_earns_nothing(void **state)
{
    auth_rate *rl = rate(1, 1000, 4);
    assert_true(auth_rate_allow(rl, "k", 5000));
    assert_false(auth_rate_allow(rl, "k", 0));
    assert_false(auth_rate_allow(rl, "k", 5999));
    assert_true(auth_rate_allow(rl, "k", 6000));
    /* Extreme clocks neither overflow nor wrap into a free pass. */
    assert_false(auth_rate_allow(rl, "k", INT64_MIN));
    assert_true(auth_rate_allow(rl, "k", INT64_MAX));
    assert_false(auth_rate_allow(rl, "k", INT64_MAX));
    assert_true(auth_rate_allow(rl, "x", INT64_MIN));
    assert_false(auth_rate_allow(rl, "x", INT64_MIN));
    assert_true(auth_rate_allow(rl, "x", INT64_MAX));
    auth_rate_free(rl);
}

static void rate_reset_gives_a_full_bucket(void **state)
{
    auth_rate *rl = rate(2, 60000, 4);
    assert_true(auth_rate_allow(rl, "k", 0));
    assert_true(auth_rate_allow(rl, "k", 0));
    assert_false(auth_rate_allow(rl, "k", 0));
    auth_rate_reset(rl, "k");
    auth_rate_reset(rl, "never seen");
    assert_int_equal(auth_rate_count(rl), 0);
    assert_true(auth_rate_allow(rl, "k", 0));
    assert_true(auth_rate_allow(rl, "k", 0));
    assert_false(auth_rate_allow(rl, "k", 0));
    auth_rate_free(rl);
}

static void rate_config_out_of_range_is_refused(void **state)
{
    struct { auth_rate_config c; const char *field; } bad[] = {
        {{0, 1000, 16}, "burst"},
        {{1000001, 1000, 16}, "burst"},
        {{5, 0, 16}, "refill_ms"},
        {{5, 86400001, 16}, "refill_ms"},
        {{5, 1000, 0}, "slots"},
        {{5, 1000, (1u << 24) + 1}, "slots"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        auth_rate *rl = (auth_rate *)1;
        hk_err err;
        assert_int_equal(auth_rate_new(&bad[i].c, &rl, &err), HK_EINVAL);
        assert_null(rl);
        assert_string_equal(err.field, bad[i].field);
    }
    /* The largest values are accepted and cannot overflow the credit. */
    auth_rate *rl = rate(1000000, 86400000, 1);
    assert_true(auth_rate_allow(rl, "k", 0));
    auth_rate_free(rl);
}

#define THREADS 8
#define TRIES 2000

typedef struct race {
    auth_rate *rl;
    int id;
    int allowed;  /* OUT: attempts granted on the shared key */
} race;

static void *race_run(void *p)
{
    race *r = p;
    char key[32];
    for (int i = 0; i < TRIES; i++) {
        if (auth_rate_allow(r->rl, "shared", 0))
            r->allowed++;
        /* Churn private keys through the small table to race eviction
         * against lookups of the shared key. */
        snprintf(key, sizeof key, "t%d-%d", r->id, i % 97);
        (void)auth_rate_allow(r->rl, key, 0);
    }
    return NULL;
}

static void rate_grants_exactly_the_burst_across_threads(void **state)
{
    /* No refill (time stands still), so across all threads exactly
     * `burst` attempts on the shared key may succeed, provided the
     * shared key is never evicted: the table has room for it and all the
     * private keys (8 x 97 + 1 = 777 <= 1024). */
    auth_rate *rl = rate(500, 1000, 1024);
    pthread_t th[THREADS];
    race r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (race){rl, i, 0};
        assert_int_equal(pthread_create(&th[i], NULL, race_run, &r[i]), 0);
    }
    int total = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        total += r[i].allowed;
    }
    assert_int_equal(total, 500);
    assert_int_equal(auth_rate_count(rl), THREADS * 97 + 1);
    auth_rate_free(rl);
}

static void rate_stays_bounded_when_threads_overflow_the_table(void **state)
{
    auth_rate *rl = rate(500, 1000, 50);
    pthread_t th[THREADS];
    race r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (race){rl, i, 0};
        assert_int_equal(pthread_create(&th[i], NULL, race_run, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(auth_rate_count(rl), 50);
    auth_rate_free(rl);
}

/* ================================================================
 * authorization: the full matrix
 *
 * Eight actors against one organisation, org 10 in Uzbekistan, whose
 * records are the targets. "own" rows make the actor the target's owner
 * (author of the listing, addressee of the notification, owner of the
 * saved search or token); the others give it to user 99. Interests are
 * sent by org 20 to org 10's listing.
 * ================================================================ */

enum { ORG = 10, OTHER_ORG = 20, BANK = 30, UZ_MINISTRY = 40, KZ_MINISTRY = 50, SOMEONE = 99 };

static const auth_membership m_member[] = {{ORG, false}};
static const auth_membership m_admin[] = {{ORG, true}};
static const auth_membership m_other[] = {{OTHER_ORG, true}};
static const auth_membership m_coord[] = {{UZ_MINISTRY, true}};
static const auth_membership m_coord_x[] = {{KZ_MINISTRY, true}};
static const auth_membership m_fin[] = {{BANK, false}};

#define N_ACTORS 8
static const struct {
    const char *name;
    auth_actor a;
} actors[N_ACTORS] = {
    {"visitor", {0, ROLE_MEMBER, "", NULL, 0, false}},
    {"member of the owning org", {2, ROLE_MEMBER, "", m_member, 1, false}},
    {"admin of the owning org", {3, ROLE_MEMBER, "", m_admin, 1, false}},
    {"member of another org", {4, ROLE_MEMBER, "", m_other, 1, false}},
    {"coordinator of the org's state", {5, ROLE_COORDINATOR, "UZ", m_coord, 1, false}},
    {"coordinator of another state", {6, ROLE_COORDINATOR, "KZ", m_coord_x, 1, false}},
    {"financial institution", {7, ROLE_FINANCIAL, "", m_fin, 1, false}},
    {"secretariat", {8, ROLE_SECRETARIAT, "", NULL, 0, false}},
};

#define NA -1 /* the target is not a listing: its status is left zero */

typedef struct spec_row {
    auth_action action;
    int status;       /* listing status, or NA */
    bool own;         /* the actor owns the target */
    const char *d;    /* one decision per actor, in the order of actors[] */
} spec_row;

/* A = allow, U = 401 (deny_unauthenticated), F = 403 (deny_forbidden),
 * N = 404 (not_found). Columns:
 *   visitor, member, org admin, other org's member, coordinator of UZ,
 *   coordinator of KZ, financial institution, secretariat. */
static const spec_row spec[] = {
    /*                                                          vis mem adm oth cUZ cKZ fin sec */
    {AUTH_LISTING_READ, STATUS_PUBLISHED, false,              " A   A   A   A   A   A   A   A "},
    {AUTH_LISTING_READ, STATUS_PUBLISHED, true,               " A   A   A   A   A   A   A   A "},
    {AUTH_LISTING_READ, STATUS_CLOSED, false,                 " A   A   A   A   A   A   A   A "},
    {AUTH_LISTING_READ, STATUS_EXPIRED, false,                " A   A   A   A   A   A   A   A "},
    {AUTH_LISTING_READ, STATUS_DRAFT, false,                  " N   A   A   N   N   N   N   N "},
    /* having written a draft gives nothing once out of the org */
    {AUTH_LISTING_READ, STATUS_DRAFT, true,                   " N   A   A   N   N   N   N   N "},
    {AUTH_LISTING_CREATE, NA, false,                          " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_CREATE, NA, true,                           " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_UPDATE, STATUS_PUBLISHED, false,            " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_UPDATE, STATUS_PUBLISHED, true,             " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_UPDATE, STATUS_DRAFT, false,                " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_UPDATE, STATUS_DRAFT, true,                 " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_PUBLISH, STATUS_PUBLISHED, false,           " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_PUBLISH, STATUS_PUBLISHED, true,            " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_PUBLISH, STATUS_DRAFT, false,               " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_PUBLISH, STATUS_DRAFT, true,                " U   A   A   N   N   N   N   N "},
    /* the secretariat moderates by closing public listings */
    {AUTH_LISTING_CLOSE, STATUS_PUBLISHED, false,             " U   A   A   F   F   F   F   A "},
    {AUTH_LISTING_CLOSE, STATUS_PUBLISHED, true,              " U   A   A   F   F   F   F   A "},
    {AUTH_LISTING_CLOSE, STATUS_DRAFT, false,                 " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_CLOSE, STATUS_DRAFT, true,                  " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_RENEW, STATUS_EXPIRED, false,               " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_RENEW, STATUS_EXPIRED, true,                " U   A   A   F   F   F   F   F "},
    {AUTH_LISTING_RENEW, STATUS_DRAFT, false,                 " U   A   A   N   N   N   N   N "},
    {AUTH_LISTING_RENEW, STATUS_DRAFT, true,                  " U   A   A   N   N   N   N   N "},

    {AUTH_ORG_READ, NA, false,                                " A   A   A   A   A   A   A   A "},
    {AUTH_ORG_READ, NA, true,                                 " A   A   A   A   A   A   A   A "},
    {AUTH_ORG_CREATE, NA, false,                              " U   A   A   A   A   A   A   A "},
    {AUTH_ORG_CREATE, NA, true,                               " U   A   A   A   A   A   A   A "},
    {AUTH_ORG_UPDATE, NA, false,                              " U   A   A   F   F   F   F   F "},
    {AUTH_ORG_UPDATE, NA, true,                               " U   A   A   F   F   F   F   F "},
    /* its own state's coordinator, or the secretariat; never the org itself */
    {AUTH_ORG_VERIFY, NA, false,                              " U   F   F   F   A   F   F   A "},
    {AUTH_ORG_VERIFY, NA, true,                               " U   F   F   F   A   F   F   A "},
    {AUTH_ORG_FLAG_DUPLICATE, NA, false,                      " U   A   A   A   A   A   A   A "},
    {AUTH_ORG_FLAG_DUPLICATE, NA, true,                       " U   A   A   A   A   A   A   A "},
    {AUTH_ORG_MERGE, NA, false,                               " U   F   F   F   F   F   F   A "},
    {AUTH_ORG_MERGE, NA, true,                                " U   F   F   F   F   F   F   A "},
    {AUTH_MEMBERSHIP_MANAGE, NA, false,                       " U   F   A   F   F   F   F   F "},
    {AUTH_MEMBERSHIP_MANAGE, NA, true,                        " U   F   A   F   F   F   F   F "},
    /* one leaves oneself, never another */
    {AUTH_MEMBERSHIP_LEAVE, NA, true,                         " U   A   A   A   A   A   A   A "},
    {AUTH_MEMBERSHIP_LEAVE, NA, false,                        " U   F   F   F   F   F   F   F "},
    /* the store looks only among the user's own invitations */
    {AUTH_INVITATION_ANSWER, NA, true,                        " U   A   A   A   A   A   A   A "},
    {AUTH_INVITATION_ANSWER, NA, false,                       " U   A   A   A   A   A   A   A "},

    /* sent as org 20 to org 10's listing: only org 20's member may */
    {AUTH_INTEREST_SEND, STATUS_PUBLISHED, false,             " U   F   F   A   F   F   F   F "},
    {AUTH_INTEREST_SEND, STATUS_PUBLISHED, true,              " U   F   F   A   F   F   F   F "},
    {AUTH_INTEREST_SEND, STATUS_DRAFT, false,                 " U   F   F   N   N   N   N   N "},
    {AUTH_INTEREST_SEND, STATUS_DRAFT, true,                  " U   F   F   N   N   N   N   N "},
    {AUTH_INTEREST_READ, NA, false,                           " U   A   A   A   N   N   N   N "},
    {AUTH_INTEREST_READ, NA, true,                            " U   A   A   A   N   N   N   N "},
    {AUTH_INTEREST_DECIDE, NA, false,                         " U   A   A   F   N   N   N   N "},
    {AUTH_INTEREST_DECIDE, NA, true,                          " U   A   A   F   N   N   N   N "},
    {AUTH_MESSAGE_READ, NA, false,                            " U   A   A   A   N   N   N   N "},
    {AUTH_MESSAGE_READ, NA, true,                             " U   A   A   A   N   N   N   N "},
    {AUTH_MESSAGE_WRITE, NA, false,                           " U   A   A   A   N   N   N   N "},
    {AUTH_MESSAGE_WRITE, NA, true,                            " U   A   A   A   N   N   N   N "},

    /* personal records: the owner only */
    {AUTH_NOTIFICATION_READ, NA, false,                       " U   N   N   N   N   N   N   N "},
    {AUTH_NOTIFICATION_READ, NA, true,                        " U   A   A   A   A   A   A   A "},
    {AUTH_SAVED_SEARCH_MANAGE, NA, false,                     " U   N   N   N   N   N   N   N "},
    {AUTH_SAVED_SEARCH_MANAGE, NA, true,                      " U   A   A   A   A   A   A   A "},
    {AUTH_API_TOKEN_MANAGE, NA, false,                        " U   N   N   N   N   N   N   N "},
    {AUTH_API_TOKEN_MANAGE, NA, true,                         " U   A   A   A   A   A   A   A "},
    /* a leaked token can be revoked by the secretariat too */
    {AUTH_API_TOKEN_REVOKE, NA, false,                        " U   N   N   N   N   N   N   A "},
    {AUTH_API_TOKEN_REVOKE, NA, true,                         " U   A   A   A   A   A   A   A "},

    {AUTH_REGISTRY_ADMIN, NA, false,                          " U   F   F   F   F   F   F   A "},
    {AUTH_REGISTRY_ADMIN, NA, true,                           " U   F   F   F   F   F   F   A "},
    /* public records, but an account runs the export (issue 17, finding 5) */
    {AUTH_EXPORT_PUBLIC, NA, false,                           " U   A   A   A   A   A   A   A "},
    {AUTH_EXPORT_PUBLIC, NA, true,                            " U   A   A   A   A   A   A   A "},

    /* Joint projects. "own": a project of org 10 (UZ, the lead) and org
     * 20 (KZ), submitted to the bank (so past the states' endorsement);
     * "someone else's": a draft of other organisations, which none of
     * them may know of (target_of sets the relations store_project_relation
     * would give). */
    {AUTH_PROJECT_READ, NA, true,                             " U   A   A   A   A   A   A   A "},
    {AUTH_PROJECT_READ, NA, false,                            " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_CREATE, NA, true,                           " U   A   A   A   A   A   A   A "},
    {AUTH_PROJECT_CREATE, NA, false,                          " U   A   A   A   A   A   A   A "},
    {AUTH_PROJECT_EDIT, NA, true,                             " U   A   A   A   F   F   F   F "},
    {AUTH_PROJECT_EDIT, NA, false,                            " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_SIGNOFF, NA, true,                          " U   F   A   A   F   F   F   F "},
    {AUTH_PROJECT_SIGNOFF, NA, false,                         " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_ENDORSE, NA, true,                          " U   F   F   F   A   A   F   F "},
    {AUTH_PROJECT_ENDORSE, NA, false,                         " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_LEAD, NA, true,                             " U   F   A   F   F   F   F   F "},
    {AUTH_PROJECT_LEAD, NA, false,                            " U   N   N   N   N   N   N   N "},
    /* confidential papers: not the secretariat */
    {AUTH_PROJECT_CONFIDENTIAL, NA, true,                     " U   A   A   A   A   A   A   F "},
    {AUTH_PROJECT_CONFIDENTIAL, NA, false,                    " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_FINANCE, NA, true,                          " U   F   F   F   F   F   A   F "},
    {AUTH_PROJECT_FINANCE, NA, false,                         " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_THREAD, NA, true,                           " U   A   A   A   F   F   A   F "},
    {AUTH_PROJECT_THREAD, NA, false,                          " U   N   N   N   N   N   N   N "},
    {AUTH_PIPELINE_READ, NA, true,                            " U   F   F   F   F   F   A   A "},
    {AUTH_PIPELINE_READ, NA, false,                           " U   F   F   F   F   F   A   A "},
    {AUTH_PROJECT_NOTICE_READ, NA, false,                     " U   N   N   N   N   N   N   N "},
    {AUTH_PROJECT_NOTICE_READ, NA, true,                      " U   A   A   A   A   A   A   A "},

    /* the coordination mechanism: public record, kept by the secretariat;
     * the target's state (UZ) is the proposer, the measure's responsible
     * state or the state a restricted document is open to */
    {AUTH_COORD_READ, NA, false,                              " A   A   A   A   A   A   A   A "},
    {AUTH_COORD_READ, NA, true,                               " A   A   A   A   A   A   A   A "},
    {AUTH_COORD_KEEP, NA, false,                              " U   F   F   F   F   F   F   A "},
    {AUTH_COORD_KEEP, NA, true,                               " U   F   F   F   F   F   F   A "},
    {AUTH_INITIATIVE_PROPOSE, NA, false,                      " U   F   F   F   A   F   F   A "},
    {AUTH_INITIATIVE_PROPOSE, NA, true,                       " U   F   F   F   A   F   F   A "},
    {AUTH_MEASURE_REPORT, NA, false,                          " U   F   F   F   A   F   F   A "},
    {AUTH_MEASURE_REPORT, NA, true,                           " U   F   F   F   A   F   F   A "},
    {AUTH_DOCUMENT_READ, NA, false,                           " U   F   F   F   A   F   F   A "},
    {AUTH_DOCUMENT_READ, NA, true,                            " U   F   F   F   A   F   F   A "},

    /* meeting requests between partners: the interest's (or listing's)
     * two organisations only, org 20 asking org 10 as for an interest */
    {AUTH_PMEET_PROPOSE, NA, false,                           " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_PROPOSE, NA, true,                            " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_REQUEST, STATUS_PUBLISHED, false,             " U   F   F   A   F   F   F   F "},
    {AUTH_PMEET_REQUEST, STATUS_PUBLISHED, true,              " U   F   F   A   F   F   F   F "},
    {AUTH_PMEET_REQUEST, STATUS_DRAFT, false,                 " U   F   F   N   N   N   N   N "},
    {AUTH_PMEET_REQUEST, STATUS_DRAFT, true,                  " U   F   F   N   N   N   N   N "},
    {AUTH_PMEET_READ, NA, false,                              " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_READ, NA, true,                               " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_ANSWER, NA, false,                            " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_ANSWER, NA, true,                             " U   A   A   A   N   N   N   N "},
    {AUTH_PMEET_CANCEL, NA, false,                            " U   F   F   A   N   N   N   N "},
    {AUTH_PMEET_CANCEL, NA, true,                             " U   F   F   A   N   N   N   N "},
    /* events (issue 14): the target is org 10's registration (organiser
     * org for event.organise); requests go from org 20 to org 10 */
    {AUTH_EVENT_READ, NA, false,                              " A   A   A   A   A   A   A   A "},
    {AUTH_EVENT_READ, NA, true,                               " A   A   A   A   A   A   A   A "},
    {AUTH_EVENT_KEEP, NA, false,                              " U   F   F   F   F   F   F   A "},
    {AUTH_EVENT_KEEP, NA, true,                               " U   F   F   F   F   F   F   A "},
    {AUTH_EVENT_ORGANISE, NA, false,                          " U   F   A   F   F   F   F   A "},
    {AUTH_EVENT_ORGANISE, NA, true,                           " U   F   A   F   F   F   F   A "},
    {AUTH_EVENT_MARKET, NA, false,                            " U   A   A   A   A   A   A   A "},
    {AUTH_EVENT_MARKET, NA, true,                             " U   A   A   A   A   A   A   A "},
    {AUTH_EVENT_REGISTER, NA, false,                          " U   A   A   F   F   F   F   F "},
    {AUTH_EVENT_REGISTER, NA, true,                           " U   A   A   F   F   F   F   F "},
    {AUTH_EVENT_PARTICIPANT, NA, false,                       " U   A   A   F   F   F   F   A "},
    {AUTH_EVENT_PARTICIPANT, NA, true,                        " U   A   A   F   F   F   F   A "},
    {AUTH_EVENT_AGENDA, NA, false,                            " U   A   A   N   N   N   N   A "},
    {AUTH_EVENT_AGENDA, NA, true,                             " U   A   A   N   N   N   N   A "},
    {AUTH_EVENT_REQUEST_SEND, NA, false,                      " U   F   F   A   F   F   F   F "},
    {AUTH_EVENT_REQUEST_SEND, NA, true,                       " U   F   F   A   F   F   F   F "},
    {AUTH_EVENT_REQUEST_DECIDE, NA, false,                    " U   A   A   F   N   N   N   N "},
    {AUTH_EVENT_REQUEST_DECIDE, NA, true,                     " U   A   A   F   N   N   N   N "},
    {AUTH_EVENT_REQUEST_CANCEL, NA, false,                    " U   A   A   A   N   N   N   N "},
    {AUTH_EVENT_REQUEST_CANCEL, NA, true,                     " U   A   A   A   N   N   N   N "},
    {AUTH_EVENT_NOTICE_READ, NA, false,                       " U   N   N   N   N   N   N   N "},
    {AUTH_EVENT_NOTICE_READ, NA, true,                        " U   A   A   A   A   A   A   A "},
    /* analytics: public aggregates for all; the restricted figures of the
     * target's state (UZ) for its coordinator and the secretariat */
    {AUTH_ANALYTICS_PUBLIC, NA, false,                        " A   A   A   A   A   A   A   A "},
    {AUTH_ANALYTICS_PUBLIC, NA, true,                         " A   A   A   A   A   A   A   A "},
    {AUTH_ANALYTICS_RESTRICTED, NA, false,                    " U   F   F   F   A   F   F   A "},
    {AUTH_ANALYTICS_RESTRICTED, NA, true,                     " U   F   F   F   A   F   F   A "},
};
#define N_SPEC (sizeof spec / sizeof spec[0])

static auth_decision letter(char c)
{
    switch (c) {
    case 'A': return AUTH_ALLOW;
    case 'U': return AUTH_DENY_UNAUTHENTICATED;
    case 'F': return AUTH_DENY_FORBIDDEN;
    case 'N': return AUTH_NOT_FOUND;
    default: fail_msg("bad letter '%c' in the matrix", c); return AUTH_DECISION__COUNT;
    }
}

/* The 8 decisions of row r, read from its letters. */
static void row_decisions(const spec_row *r, auth_decision out[N_ACTORS])
{
    int n = 0;
    for (const char *p = r->d; *p; p++) {
        if (*p == ' ')
            continue;
        assert_true(n < N_ACTORS);
        out[n++] = letter(*p);
    }
    assert_int_equal(n, N_ACTORS);
}

static bool is_project_action(auth_action a)
{
    return a >= AUTH_PROJECT_READ && a <= AUTH_PIPELINE_READ;
}

/* What store_project_relation says of actor a and the "own" project of
 * the matrix (org 10 leads, org 20 partners, submitted to the bank);
 * nothing of the other (a draft of organisations none of them is in). */
static void project_relation_of(const spec_row *r, const auth_actor *a, auth_target *t)
{
    if (!r->own || a->user_id <= 0)
        return;
    for (size_t i = 0; i < a->n_memberships; i++) {
        int64_t org = a->memberships[i].org_id;
        bool admin = a->memberships[i].is_admin;
        if (org == ORG || org == OTHER_ORG)
            t->project_rel |= AUTH_PRJ_PARTNER | (admin ? AUTH_PRJ_PARTNER_ADMIN : 0u);
        if (org == ORG && admin)
            t->project_rel |= AUTH_PRJ_LEAD_ADMIN;
        if (org == BANK && a->role == ROLE_FINANCIAL)
            t->project_rel |= AUTH_PRJ_INSTITUTION;
    }
    if (a->role == ROLE_COORDINATOR && (!strcmp(a->country, "UZ") || !strcmp(a->country, "KZ")))
        t->project_rel |= AUTH_PRJ_COORDINATOR;
    /* Submitted: its partners, states, institution and the secretariat see it. */
    t->project_visible = t->project_rel != 0 || a->role == ROLE_SECRETARIAT;
}

static auth_target target_of(const spec_row *r, const auth_actor *a)
{
    auth_target t = {0};
    t.org_id = ORG;
    memcpy(t.org_country, "UZ", 3);
    t.owner_user_id = r->own ? a->user_id : SOMEONE;
    t.listing_status = r->status == NA ? STATUS_DRAFT : (listing_status)r->status;
    t.from_org_id = OTHER_ORG;
    if (is_project_action(r->action))
        project_relation_of(r, a, &t);
    return t;
}

/* Local names, so the test needs no model code linked in. */
static const char *status_label(int s)
{
    static const char *const names[STATUS__COUNT] = {"draft", "published", "closed", "expired"};
    return s >= 0 && s < STATUS__COUNT ? names[s] : "";
}

static void policy_matrix_matches_the_specification(void **state)
{
    int wrong = 0, cells = 0;
    for (size_t i = 0; i < N_SPEC; i++) {
        auth_decision want[N_ACTORS];
        row_decisions(&spec[i], want);
        for (int k = 0; k < N_ACTORS; k++) {
            auth_target t = target_of(&spec[i], &actors[k].a);
            auth_decision got = auth_can(&actors[k].a, spec[i].action, &t);
            cells++;
            if (got != want[k]) {
                print_error("%s %s (%s) as %s: expected %s, got %s\n", auth_action_name(spec[i].action),
                            status_label(spec[i].status), spec[i].own ? "own" : "someone else's", actors[k].name,
                            auth_decision_name(want[k]), auth_decision_name(got));
                wrong++;
            }
        }
    }
    print_message("%d cells checked\n", cells);
    if (wrong)
        fail_msg("%d of %d cells of the authorization matrix differ from the specification", wrong, cells);
}

static bool hides_drafts(auth_action a)
{
    return a == AUTH_LISTING_READ || a == AUTH_LISTING_UPDATE || a == AUTH_LISTING_PUBLISH ||
           a == AUTH_LISTING_CLOSE || a == AUTH_LISTING_RENEW || a == AUTH_INTEREST_SEND || a == AUTH_PMEET_REQUEST;
}

static void policy_matrix_covers_every_action_both_ways(void **state)
{
    for (int a = 0; a < AUTH_ACTION__COUNT; a++) {
        assert_non_null(auth_action_name((auth_action)a));
        bool own = false, other = false, draft = false, visible = false;
        for (size_t i = 0; i < N_SPEC; i++) {
            if ((int)spec[i].action != a)
                continue;
            own |= spec[i].own;
            other |= !spec[i].own;
            draft |= spec[i].status == STATUS_DRAFT;
            visible |= spec[i].status != STATUS_DRAFT && spec[i].status != NA;
        }
        if (!own || !other)
            fail_msg("%s: the matrix needs an own and a someone-else's row", auth_action_name((auth_action)a));
        if (hides_drafts((auth_action)a) && (!draft || !visible))
            fail_msg("%s: the matrix needs a draft and a public row", auth_action_name((auth_action)a));
    }
    /* Actions a visitor can never do say so up front, so the HTTP layer can
     * answer 401 before loading (and so before revealing) anything. */
    for (size_t i = 0; i < N_SPEC; i++) {
        auth_decision d[N_ACTORS];
        row_decisions(&spec[i], d);
        if (auth_action_needs_user(spec[i].action))
            assert_int_equal(d[0], AUTH_DENY_UNAUTHENTICATED);
    }
}

static void interest_is_sent_as_an_org_the_actor_belongs_to_and_not_the_listings(void **state)
{
    static const auth_membership both[] = {{ORG, false}, {OTHER_ORG, false}};
    auth_actor a = {11, ROLE_MEMBER, "", both, 2, false};
    auth_target t = {.org_id = ORG, .org_country = "UZ", .listing_status = STATUS_PUBLISHED};
    t.from_org_id = OTHER_ORG;
    assert_int_equal(auth_can(&a, AUTH_INTEREST_SEND, &t), AUTH_ALLOW);
    t.from_org_id = ORG; /* to its own listing */
    assert_int_equal(auth_can(&a, AUTH_INTEREST_SEND, &t), AUTH_DENY_FORBIDDEN);
    t.from_org_id = BANK; /* as an org it does not belong to */
    assert_int_equal(auth_can(&a, AUTH_INTEREST_SEND, &t), AUTH_DENY_FORBIDDEN);
    t.from_org_id = 0; /* as no org at all */
    assert_int_equal(auth_can(&a, AUTH_INTEREST_SEND, &t), AUTH_DENY_FORBIDDEN);
}

static void visitor_is_a_visitor_whatever_else_it_carries(void **state)
{
    /* user_id 0 with a secretariat role and an admin membership: nothing. */
    auth_actor v = {0, ROLE_SECRETARIAT, "UZ", m_admin, 1, false};
    auth_target t = {.org_id = ORG, .org_country = "UZ", .owner_user_id = 0, .from_org_id = OTHER_ORG};
    for (int a = 0; a < AUTH_ACTION__COUNT; a++) {
        auth_decision d = auth_can(&v, (auth_action)a, &t);
        auth_decision plain = auth_can(&actors[0].a, (auth_action)a, &t);
        assert_int_equal(d, plain);
        /* Only the public directory, the coordination record, events and
         * the public analytics are open to it (the listing here is a draft;
         * the export needs an account). */
        assert_int_equal(d == AUTH_ALLOW, a == AUTH_ORG_READ || a == AUTH_COORD_READ || a == AUTH_EVENT_READ ||
                                              a == AUTH_ANALYTICS_PUBLIC);
    }
    /* A NULL actor and a negative id are visitors too. */
    assert_int_equal(auth_can(NULL, AUTH_LISTING_UPDATE, &t), AUTH_DENY_UNAUTHENTICATED);
    assert_int_equal(auth_can(NULL, AUTH_ORG_READ, &t), AUTH_ALLOW);
    auth_actor neg = {-5, ROLE_SECRETARIAT, "", m_admin, 1, false};
    assert_int_equal(auth_can(&neg, AUTH_REGISTRY_ADMIN, &t), AUTH_DENY_UNAUTHENTICATED);
}

static void coordinator_without_a_state_verifies_nothing(void **state)
{
    auth_actor c = {5, ROLE_COORDINATOR, "", NULL, 0, false};
    auth_target t = {.org_id = ORG, .org_country = ""};
    assert_int_equal(auth_can(&c, AUTH_ORG_VERIFY, &t), AUTH_DENY_FORBIDDEN);
    /* A member who claims a country is still not a coordinator. */
    auth_actor m = {2, ROLE_MEMBER, "UZ", NULL, 0, false};
    memcpy(t.org_country, "UZ", 3);
    assert_int_equal(auth_can(&m, AUTH_ORG_VERIFY, &t), AUTH_DENY_FORBIDDEN);
    c.country[0] = 'U', c.country[1] = 'Z';
    assert_int_equal(auth_can(&c, AUTH_ORG_VERIFY, &t), AUTH_ALLOW);
    memcpy(t.org_country, "uz", 3); /* countries are compared exactly */
    assert_int_equal(auth_can(&c, AUTH_ORG_VERIFY, &t), AUTH_DENY_FORBIDDEN);
}

static void membership_in_no_org_matches_no_org(void **state)
{
    /* A membership row with org 0 (a bug upstream) must not match a target
     * whose org_id was never set. */
    static const auth_membership zero[] = {{0, true}};
    auth_actor a = {2, ROLE_MEMBER, "", zero, 1, false};
    auth_target t = {.org_id = 0, .listing_status = STATUS_DRAFT};
    assert_int_equal(auth_can(&a, AUTH_LISTING_READ, &t), AUTH_NOT_FOUND);
    assert_int_equal(auth_can(&a, AUTH_MEMBERSHIP_MANAGE, &t), AUTH_DENY_FORBIDDEN);
    /* A personal record with no owner belongs to nobody. */
    assert_int_equal(auth_can(&a, AUTH_NOTIFICATION_READ, &t), AUTH_NOT_FOUND);
}

static void api_token_cannot_manage_api_tokens(void **state)
{
    auth_actor a = actors[1].a;
    auth_target own = {.org_id = ORG, .owner_user_id = a.user_id};
    assert_int_equal(auth_can(&a, AUTH_API_TOKEN_MANAGE, &own), AUTH_ALLOW);
    a.by_api_token = true;
    assert_int_equal(auth_can(&a, AUTH_API_TOKEN_MANAGE, &own), AUTH_DENY_FORBIDDEN);
    /* Someone else's tokens stay invisible, and revoking one's own (a
     * script retiring its token) is still allowed. */
    auth_target other = {.org_id = ORG, .owner_user_id = SOMEONE};
    assert_int_equal(auth_can(&a, AUTH_API_TOKEN_MANAGE, &other), AUTH_NOT_FOUND);
    assert_int_equal(auth_can(&a, AUTH_API_TOKEN_REVOKE, &own), AUTH_ALLOW);
    /* Everything else is as with a session. */
    auth_actor s = actors[1].a;
    for (size_t i = 0; i < N_SPEC; i++) {
        if (spec[i].action == AUTH_API_TOKEN_MANAGE)
            continue;
        auth_target t = target_of(&spec[i], &a);
        assert_int_equal(auth_can(&a, spec[i].action, &t), auth_can(&s, spec[i].action, &t));
    }
}

static void unknown_states_and_actions_fail_closed(void **state)
{
    const auth_actor *m = &actors[1].a;
    auth_target t = {.org_id = OTHER_ORG, .listing_status = (listing_status)42};
    /* A status out of range is treated as a draft. */
    assert_int_equal(auth_can(m, AUTH_LISTING_READ, &t), AUTH_NOT_FOUND);
    assert_int_equal(auth_can(m, (auth_action)AUTH_ACTION__COUNT, &t), AUTH_DENY_FORBIDDEN);
    assert_int_equal(auth_can(m, (auth_action)-1, &t), AUTH_DENY_FORBIDDEN);
    assert_true(auth_action_needs_user((auth_action)AUTH_ACTION__COUNT));
    assert_null(auth_action_name((auth_action)AUTH_ACTION__COUNT));
    /* No target at all: nothing owned, a draft of no org. */
    assert_int_equal(auth_can(m, AUTH_LISTING_READ, NULL), AUTH_NOT_FOUND);
    assert_int_equal(auth_can(m, AUTH_ORG_CREATE, NULL), AUTH_ALLOW);
}

static void decisions_map_to_http_statuses(void **state)
{
    assert_int_equal(auth_decision_http_status(AUTH_ALLOW), 200);
    assert_int_equal(auth_decision_http_status(AUTH_DENY_UNAUTHENTICATED), 401);
    assert_int_equal(auth_decision_http_status(AUTH_DENY_FORBIDDEN), 403);
    assert_int_equal(auth_decision_http_status(AUTH_NOT_FOUND), 404);
    assert_int_equal(auth_decision_http_status(AUTH_DECISION__COUNT), 403);
    assert_string_equal(auth_decision_name(AUTH_NOT_FOUND), "not_found");
    assert_null(auth_decision_name(AUTH_DECISION__COUNT));
    /* Action names are unique. */
    for (int a = 0; a < AUTH_ACTION__COUNT; a++)
        for (int b = a + 1; b < AUTH_ACTION__COUNT; b++)
            assert_string_not_equal(auth_action_name((auth_action)a), auth_action_name((auth_action)b));
}

/* Renders one line of the table in docs/security.md for spec row r:
 * "| listing.read (draft) | 404 | 200 | ... |". Rows whose own and
 * someone-else's variants agree are written once, without the suffix. */
static void doc_line(const spec_row *r, bool suffix, char *out, size_t cap)
{
    auth_decision d[N_ACTORS];
    row_decisions(r, d);
    char what[96];
    if (r->status != NA && suffix)
        snprintf(what, sizeof what, "%s (%s, %s)", auth_action_name(r->action), status_label(r->status),
                 r->own ? "own" : "others'");
    else if (r->status != NA)
        snprintf(what, sizeof what, "%s (%s)", auth_action_name(r->action), status_label(r->status));
    else if (suffix)
        snprintf(what, sizeof what, "%s (%s)", auth_action_name(r->action), r->own ? "own" : "others'");
    else
        snprintf(what, sizeof what, "%s", auth_action_name(r->action));
    size_t n = (size_t)snprintf(out, cap, "| %s |", what);
    for (int k = 0; k < N_ACTORS && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, " %u |", auth_decision_http_status(d[k]));
}

static void security_doc_table_matches_the_policy(void **state)
{
    FILE *f = fopen(SECURITY_DOC, "rb");
    if (!f)
        fail_msg("cannot open %s (run the tests from the repository root)", SECURITY_DOC);
    static char doc[1 << 17];
    size_t len = fread(doc, 1, sizeof doc - 1, f);
    doc[len] = '\0';
    fclose(f);
    int missing = 0;
    for (size_t i = 0; i < N_SPEC; i++) {
        const spec_row *r = &spec[i];
        /* Find the row's twin (same action and status, other ownership). */
        const spec_row *twin = NULL;
        for (size_t j = 0; j < N_SPEC; j++)
            if (j != i && spec[j].action == r->action && spec[j].status == r->status && spec[j].own != r->own)
                twin = &spec[j];
        bool same = !twin || strcmp(twin->d, r->d) == 0;
        if (same && r->own && twin)
            continue; /* written once, on the someone-else's row */
        char line[256];
        doc_line(r, !same, line, sizeof line);
        if (!strstr(doc, line)) {
            print_error("missing from %s: %s\n", SECURITY_DOC, line);
            missing++;
        }
    }
    if (missing)
        fail_msg("%d lines of the authorization table are missing or differ in %s", missing, SECURITY_DOC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_round_trip_with_argon2id),
        cmocka_unit_test(password_verify_refuses_wrong_passwords),
        cmocka_unit_test(password_verify_refuses_malformed_stored_strings),
        cmocka_unit_test(password_hashes_of_one_password_differ_by_salt),
        cmocka_unit_test(password_default_cost_is_interactive),
        cmocka_unit_test(password_needs_rehash_when_cost_changes),
        cmocka_unit_test(password_hash_refuses_bad_cost_and_overlong_input),
        cmocka_unit_test(password_policy_names_the_field_and_the_rule),
        cmocka_unit_test(password_policy_counts_code_points_up_to_256),
        cmocka_unit_test(token_new_is_43_base64url_characters_and_unique),
        cmocka_unit_test(token_well_formed_refuses_other_shapes),
        cmocka_unit_test(token_hash_is_keyed_and_separates_kinds),
        cmocka_unit_test(token_hash_is_blake2b_keyed_over_label_and_token),
        cmocka_unit_test(token_equal_compares_whole_strings),
        cmocka_unit_test(token_check_matches_only_its_own_hash),
        cmocka_unit_test(key_text_round_trip_and_refusals),
        cmocka_unit_test(api_token_has_prefix_id_and_secret),
        cmocka_unit_test(api_token_ids_are_unique),
        cmocka_unit_test(api_token_parse_refuses_other_shapes),
        cmocka_unit_test(rate_allows_a_burst_then_refuses),
        cmocka_unit_test(rate_refills_one_attempt_per_interval),
        cmocka_unit_test(rate_refill_stops_at_the_burst),
        cmocka_unit_test(rate_keys_are_independent),
        cmocka_unit_test(rate_evicts_the_key_seen_longest_ago),
        cmocka_unit_test(rate_with_one_slot_keeps_only_the_latest_key),
        cmocka_unit_test(rate_eviction_keeps_the_table_consistent_under_churn),
        cmocka_unit_test(rate_time_going_backwards_earns_nothing),
        cmocka_unit_test(rate_reset_gives_a_full_bucket),
        cmocka_unit_test(rate_config_out_of_range_is_refused),
        cmocka_unit_test(rate_grants_exactly_the_burst_across_threads),
        cmocka_unit_test(rate_stays_bounded_when_threads_overflow_the_table),
        cmocka_unit_test(policy_matrix_matches_the_specification),
        cmocka_unit_test(policy_matrix_covers_every_action_both_ways),
        cmocka_unit_test(interest_is_sent_as_an_org_the_actor_belongs_to_and_not_the_listings),
        cmocka_unit_test(visitor_is_a_visitor_whatever_else_it_carries),
        cmocka_unit_test(coordinator_without_a_state_verifies_nothing),
        cmocka_unit_test(membership_in_no_org_matches_no_org),
        cmocka_unit_test(api_token_cannot_manage_api_tokens),
        cmocka_unit_test(unknown_states_and_actions_fail_closed),
        cmocka_unit_test(decisions_map_to_http_statuses),
        cmocka_unit_test(security_doc_table_matches_the_policy),
    };
    return cmocka_run_group_tests(tests, setup_sodium, NULL);
}
