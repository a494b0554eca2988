/*
 * idx_expiry.c - the day against which the index judges expiry. A
 * published listing is live through its expiry date; the index used to
 * fix "today" when it started, so a listing past its date stayed in
 * results until a restart, or until the store's sweep marked it expired
 * (every ENGINE_SWEEP_S) and the follower took that change in.
 *
 * Now the day follows the clock: searches, puts and the engine's follower
 * look at it first (idx_refresh_day: one clock read and an atomic load
 * when nothing changed), and the first to see a new day re-evaluates the
 * live set under the write lock: every document not dead is live when it
 * is published and its expiry date is not before the day. That is one
 * pass over the document table once a day (a few milliseconds at a
 * million listings), and it goes both ways, so a day fixed back for a
 * test brings listings back as well.
 */
#include "index/idx_int.h"

#include <time.h>

bool idx_doc_live_today(const idx *ix, const idx_doc *d)
{
    return !d->dead && d->status == STATUS_PUBLISHED && d->expires_day >= ix->today;
}

/* The day the live set should be judged against now. */
static int32_t wanted_day(const idx *ix)
{
    int32_t fixed = __atomic_load_n(&ix->fixed_today, __ATOMIC_ACQUIRE);
    return fixed != INT32_MIN ? fixed : (int32_t)(time(NULL) / 86400);
}

/* Sets the day and brings the live set in line with it. Caller holds
 * the write lock. */
static size_t rejudge(idx *ix, int32_t day)
{
    size_t changed = 0;
    __atomic_store_n(&ix->today, day, __ATOMIC_RELEASE);
    for (uint32_t doc = 0; doc < ix->n_docs; doc++) {
        const idx_doc *d = &ix->docs[doc];
        if (d->dead)
            continue;
        bool want = idx_doc_live_today(ix, d), have = roaring_bitmap_contains(ix->live, doc);
        if (want == have)
            continue;
        changed++;
        idx_live_set(ix, doc, want);
        if (want) {
            for (int f = 0; f < IDX_DOC_FIELDS; f++)
                ix->field_len_sum[f] += d->len[f];
            ix->n_live++;
        } else {
            for (int f = 0; f < IDX_DOC_FIELDS; f++)
                ix->field_len_sum[f] -= d->len[f];
            ix->n_live--;
        }
    }
    return changed;
}

size_t idx_refresh_day(idx *ix)
{
    int32_t day = wanted_day(ix);
    if (__atomic_load_n(&ix->today, __ATOMIC_ACQUIRE) == day)
        return 0;
    pthread_rwlock_wrlock(&ix->lock);
    size_t changed = 0;
    day = wanted_day(ix); /* another thread may have done it meanwhile */
    if (ix->today != day)
        changed = rejudge(ix, day);
    pthread_rwlock_unlock(&ix->lock);
    return changed;
}

int idx_set_today(idx *ix, const char *today, hk_err *err)
{
    int32_t day = INT32_MIN;
    if (today) {
        if (!model_is_date(today))
            return hk_err_set(err, HK_EINVAL, "today", "must be a date YYYY-MM-DD");
        day = idx_day_of(today);
    }
    __atomic_store_n(&ix->fixed_today, day, __ATOMIC_RELEASE);
    idx_refresh_day(ix);
    return 0;
}
