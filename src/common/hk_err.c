/*
 * hk_err.c - filling and naming error values (see hk_err.h).
 */
#include "hk_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void hk_err_clear(hk_err *err)
{
    if (!err)
        return;
    err->code = 0;
    err->field[0] = '\0';
    err->msg[0] = '\0';
}

int hk_err_set(hk_err *err, int code, const char *field, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *hk_err_name(int code)
{
    switch (code) {
    case HK_OK: return "ok";
    case HK_EINVAL: return "invalid";
    case HK_ENOTFOUND: return "not_found";
    case HK_ECONFLICT: return "conflict";
    case HK_EIO: return "io";
    case HK_ENOMEM: return "no_memory";
    case HK_EFORBIDDEN: return "forbidden";
    case HK_ETOOBIG: return "too_big";
    case HK_EBUSY: return "busy";
    default: return "internal";
    }
}
