/*
 * store_fold.c - the store's one use of ICU: a Unicode-aware lower() for
 * SQL. SQLite's built-in lower() and LIKE fold ASCII letters only, so
 * "завод" would not find "Завод". Registering lower() under the same name
 * keeps the SQL of the name filter (lower(text) LIKE lower(?)) plain and
 * portable: PostgreSQL's lower() is already Unicode-aware.
 *
 * The mapping is ICU's full lower-casing with the root locale (no
 * Turkish dotless-i rules), UTF-8 in and out, one UCaseMap per
 * connection (an hk_store is used by one thread at a time).
 */
#include "store/store_int.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <unicode/ucasemap.h>

/* Lower-casing rarely changes the length (a few characters expand, e.g.
 * U+0130 to i + U+0307); the first buffer is the input's size plus a
 * margin, and ICU says how much it needs when that is not enough. */
#define FOLD_MARGIN 16
#define FOLD_MAX (1 << 24) /* bytes; far beyond any name, a bound on what lower() allocates */

static void sql_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *src = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    if (!src) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (len > FOLD_MAX) {
        sqlite3_result_error_toobig(ctx);
        return;
    }
    int cap = len + FOLD_MARGIN;
    for (int attempt = 0; attempt < 2; attempt++) {
        char *out = sqlite3_malloc(cap);
        if (!out) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        UErrorCode status = U_ZERO_ERROR;
        int32_t n = ucasemap_utf8ToLower(sqlite3_user_data(ctx), out, cap, src, len, &status);
        if (U_SUCCESS(status) && n < cap) {
            sqlite3_result_text(ctx, out, n, sqlite3_free);
            return;
        }
        sqlite3_free(out);
        if (status != U_BUFFER_OVERFLOW_ERROR && status != U_STRING_NOT_TERMINATED_WARNING)
            break;
        if (n > FOLD_MAX) {
            sqlite3_result_error_toobig(ctx);
            return;
        }
        cap = n + 1;
    }
    sqlite3_result_error(ctx, "lower(): cannot lower-case this text", -1);
}

static void close_map(void *map)
{
    ucasemap_close(map);
}

int store__register_lower(void *db, hk_err *err)
{
    UErrorCode status = U_ZERO_ERROR;
    UCaseMap *map = ucasemap_open("", 0, &status);
    if (U_FAILURE(status))
        return hk_err_set(err, HK_EIO, "", "cannot set up lower-casing (ICU: %s)", u_errorName(status));
    /* On failure sqlite3_create_function_v2 calls the destructor itself. */
    if (sqlite3_create_function_v2(db, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, map,
                                   sql_lower, NULL, NULL, close_map) != SQLITE_OK)
        return hk_err_set(err, HK_EIO, "", "registering lower(): %s", sqlite3_errmsg(db));
    return 0;
}
