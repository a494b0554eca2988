/*
 * store_consumer.c - the positions of the change log's consumers (see
 * store.h): a name and the seq of the last change dealt with, kept in the
 * consumers table (migration 5) and moved only forward.
 */
#include "store/store_int.h"

#include <string.h>

static int check_name(const char *name, hk_err *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > STORE_CONSUMER_NAME_MAX)
        return hk_err_set(err, HK_EINVAL, "name", "a consumer's name is 1 to %d bytes", STORE_CONSUMER_NAME_MAX);
    return 0;
}

int store_consumer_get(hk_store *st, const char *name, int64_t *seq, hk_err *err)
{
    *seq = 0;
    int rc = check_name(name, err);
    if (!rc)
        rc = store__int(st, SQ_CONSUMER_GET, ARGS(sv_text(name)), seq, err);
    return rc < 0 ? rc : 0;
}

int store_consumer_set(hk_store *st, const char *name, int64_t seq, hk_err *err)
{
    int rc = check_name(name, err);
    if (rc)
        return rc;
    if (seq < 0)
        return hk_err_set(err, HK_EINVAL, "seq", "a position in the change log is not negative");
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    rc = store__do(st, SQ_CONSUMER_SET, ARGS(sv_text(name), sv_int(seq), sv_time(store__now())), err);
    return store__tx_leave(st, own, rc, true, err);
}
