/*
 * auth_nfc.c - the one Unicode normal form passwords are hashed and
 * verified in: NFC (ICU's unorm2). The same password typed on two systems
 * can arrive composed (й, U+0439) or decomposed (и + U+0306); after NFC
 * both are the same bytes, so both sign in. Only canonical equivalence is
 * applied: no case folding and no compatibility mapping (NFKC would make
 * "ﬁ" and "fi" one password), which would make passwords weaker.
 *
 * ICU otherwise stays behind src/text/; this file is the auth folder's
 * only use of it, kept apart so that auth_password.c depends on libsodium
 * alone.
 */
#include "auth/auth.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "hk_utf8.h"

/* Input longer than this cannot be a password within the policy (4 bytes
 * per code point); it is refused before any work is done for it. */
#define NFC_MAX_BYTES (4 * AUTH_PASSWORD_MAX)

int auth_password_nfc(const char *password, char **out, hk_err *err)
{
    *out = NULL;
    if (!password)
        return hk_err_set(err, HK_EINVAL, "password", "is required");
    size_t len = strlen(password);
    if (len > NFC_MAX_BYTES)
        return hk_err_set(err, HK_ETOOBIG, "password", "must be at most %d characters", AUTH_PASSWORD_MAX);
    if (!hk_utf8_valid(password, len))
        return hk_err_set(err, HK_EINVAL, "password", "is not valid UTF-8");
    UErrorCode ue = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&ue);
    if (U_FAILURE(ue))
        return hk_err_set(err, HK_EINTERNAL, "", "ICU's NFC normaliser is unavailable: %s", u_errorName(ue));
    /* UTF-16 never takes more units than UTF-8 takes bytes; NFC grows a
     * string at most threefold. */
    int32_t cap16 = (int32_t)len + 1, n16 = 0;
    UChar *src = malloc((size_t)cap16 * sizeof *src), *dst = malloc((size_t)cap16 * 3 * sizeof *dst);
    char *o = NULL;
    int rc = 0;
    if (!src || !dst) {
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
        goto done;
    }
    u_strFromUTF8(src, cap16, &n16, password, (int32_t)len, &ue);
    int32_t m = U_SUCCESS(ue) ? unorm2_normalize(nfc, src, n16, dst, cap16 * 3, &ue) : 0;
    int32_t n8 = 0;
    if (U_SUCCESS(ue)) {
        u_strToUTF8(NULL, 0, &n8, dst, m, &ue); /* preflight: the length */
        if (ue == U_BUFFER_OVERFLOW_ERROR)
            ue = U_ZERO_ERROR;
    }
    if (U_SUCCESS(ue) && !(o = malloc((size_t)n8 + 1))) {
        rc = hk_err_set(err, HK_ENOMEM, "", "out of memory");
        goto done;
    }
    if (U_SUCCESS(ue))
        u_strToUTF8(o, n8 + 1, &n8, dst, m, &ue);
    if (U_FAILURE(ue)) {
        free(o);
        o = NULL;
        rc = hk_err_set(err, HK_EINTERNAL, "", "NFC normalisation failed: %s", u_errorName(ue));
    }
done:
    free(src);
    free(dst);
    *out = o;
    return rc;
}
