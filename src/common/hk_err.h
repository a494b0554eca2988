/*
 * hk_err.h - the error value every fallible hamkor function fills.
 *
 * Functions return 0 on success and a negative HK_E* status on failure,
 * and write a human-readable message (naming the field or line at fault)
 * into a caller-provided hk_err. The HTTP layer maps statuses to responses
 * in one place; the command line prints the message.
 */
#ifndef HK_ERR_H
#define HK_ERR_H

#include <stddef.h>

enum {
    HK_OK = 0,
    HK_EINVAL = -1,    /* input failed validation; err.field names it */
    HK_ENOTFOUND = -2, /* the record asked for does not exist */
    HK_ECONFLICT = -3, /* version mismatch or uniqueness violation */
    HK_EIO = -4,       /* the store or the file system failed */
    HK_ENOMEM = -5,    /* an allocation failed */
    HK_EFORBIDDEN = -6,/* the actor may not do this */
    HK_ETOOBIG = -7,   /* input over a documented limit */
    HK_EINTERNAL = -8, /* a bug: an invariant did not hold */
    HK_EBUSY = -9      /* the store was busy (a lock held too long, a serialization
                        * failure between concurrent writers): nothing changed,
                        * and the same request may be tried again */
};

typedef struct hk_err {
    int code;          /* one of HK_E*, 0 when no error was set */
    char field[64];    /* the field (or "file:line") at fault, "" if none */
    char msg[448];     /* a sentence a user can act on */
} hk_err;

void hk_err_clear(hk_err *err);

/* Sets err (when not NULL) and returns code, so callers can write
 * `return hk_err_set(err, HK_EINVAL, "title", "must not be empty");`. */
int hk_err_set(hk_err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A short stable name for a status code: "invalid", "not_found", ... */
const char *hk_err_name(int code);

#endif
