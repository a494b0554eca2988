/*
 * auth_ratelimit.c - token buckets keyed by a string, in fixed memory,
 * for login attempts (per client address and per email).
 *
 * A bucket is kept as "credit": milliseconds of refill banked, capped at
 * burst * refill_ms. An attempt costs refill_ms of credit. This keeps the
 * arithmetic exact in integers (no drifting fractions of a token) and
 * makes "when may I try again" a subtraction.
 *
 * The table holds at most `slots` keys. Keys are not stored, only their
 * SipHash under a key drawn at creation (crypto_shorthash): memory does
 * not depend on how long the keys are, and nobody outside can choose keys
 * that collide in the table. Two keys with the same 64-bit hash would
 * share a bucket, with odds around slots^2 / 2^65: about 1 in 10^10 for a
 * million slots. Slots hang off hash buckets by index chains and off a
 * least-recently-used list; a new key in a full table takes the slot of
 * the key seen longest ago, which loses that key's history (it gets a
 * full bucket back). Size the table so that eviction only hits keys idle
 * long enough to have refilled anyway; docs/security.md gives figures.
 *
 * One mutex guards the table. A login already costs an Argon2id hash of
 * tens of milliseconds; the critical section is a hash lookup, so the
 * lock is never where a login waits.
 */
#include "auth/auth.h"
#include "auth/auth_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX
#define MAX_SLOTS (1u << 24)
#define MAX_BURST 1000000u
#define MAX_REFILL_MS 86400000u /* one day */

typedef struct slot {
    uint64_t h;               /* SipHash of the key; meaningful when in use */
    int64_t credit;           /* ms of refill banked, 0 .. rl->cap */
    int64_t seen_ms;          /* the latest now_ms this key was seen with */
    uint32_t newer, older;    /* LRU neighbours (slot indexes or NIL) */
    uint32_t next;            /* next slot in the same hash bucket, or on the free list */
} slot;

struct auth_rate {
    pthread_mutex_t lock;     /* guards everything below */
    uint32_t refill_ms;       /* cost of one attempt in credit */
    int64_t cap;              /* burst * refill_ms: a full bucket */
    unsigned char hkey[crypto_shorthash_KEYBYTES]; /* random, per limiter */
    slot *slots;              /* from calloc(); n_slots entries */
    uint32_t n_slots;
    uint32_t *heads;          /* from malloc(); mask + 1 chain heads */
    uint32_t mask;            /* heads - 1, a power of two minus one */
    uint32_t free;            /* first unused slot, chained by .next, or NIL */
    uint32_t newest, oldest;  /* ends of the LRU list, NIL when empty */
    size_t used;              /* slots in use */
};

int auth_rate_new(const auth_rate_config *config, auth_rate **out, hk_err *err)
{
    *out = NULL;
    if (config->burst < 1 || config->burst > MAX_BURST)
        return hk_err_set(err, HK_EINVAL, "burst", "must be between 1 and %u", MAX_BURST);
    if (config->refill_ms < 1 || config->refill_ms > MAX_REFILL_MS)
        return hk_err_set(err, HK_EINVAL, "refill_ms", "must be between 1 and %u (one day)", MAX_REFILL_MS);
    if (config->slots < 1 || config->slots > MAX_SLOTS)
        return hk_err_set(err, HK_EINVAL, "slots", "must be between 1 and %u", MAX_SLOTS);

    auth_rate *rl = calloc(1, sizeof *rl);
    if (!rl)
        return hk_err_set(err, HK_ENOMEM, "", "out of memory for the rate limiter");
    uint32_t nheads = 1;
    while (nheads < config->slots)
        nheads <<= 1;
    rl->slots = calloc(config->slots, sizeof *rl->slots);
    rl->heads = malloc((size_t)nheads * sizeof *rl->heads);
    if (!rl->slots || !rl->heads || pthread_mutex_init(&rl->lock, NULL) != 0) {
        free(rl->slots);
        free(rl->heads);
        free(rl);
        return hk_err_set(err, HK_ENOMEM, "", "out of memory for a rate limiter of %u keys", config->slots);
    }
    rl->refill_ms = config->refill_ms;
    rl->cap = (int64_t)config->burst * config->refill_ms;
    rl->n_slots = config->slots;
    rl->mask = nheads - 1;
    for (uint32_t i = 0; i < nheads; i++)
        rl->heads[i] = NIL;
    for (uint32_t i = 0; i < rl->n_slots; i++)
        rl->slots[i].next = i + 1 < rl->n_slots ? i + 1 : NIL;
    rl->free = 0;
    rl->newest = rl->oldest = NIL;
    auth__sodium();
    randombytes_buf(rl->hkey, sizeof rl->hkey);
    *out = rl;
    return 0;
}

void auth_rate_free(auth_rate *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->slots);
    free(rl->heads);
    free(rl);
}

static uint64_t key_hash(const auth_rate *rl, const char *key)
{
    unsigned char h[crypto_shorthash_BYTES];
    uint64_t v = 0;
    crypto_shorthash(h, (const unsigned char *)key, strlen(key), rl->hkey);
    for (int i = 0; i < 8; i++)
        v = v << 8 | h[i];
    return v;
}

static void lru_unlink(auth_rate *rl, uint32_t i)
{
    slot *s = &rl->slots[i];
    if (s->newer != NIL)
        rl->slots[s->newer].older = s->older;
    else
        rl->newest = s->older;
    if (s->older != NIL)
        rl->slots[s->older].newer = s->newer;
    else
        rl->oldest = s->newer;
    s->newer = s->older = NIL;
}

static void lru_push_newest(auth_rate *rl, uint32_t i)
{
    slot *s = &rl->slots[i];
    s->newer = NIL;
    s->older = rl->newest;
    if (rl->newest != NIL)
        rl->slots[rl->newest].newer = i;
    rl->newest = i;
    if (rl->oldest == NIL)
        rl->oldest = i;
}

/* Removes slot i from its hash chain and the LRU list, onto the free list. */
static void slot_release(auth_rate *rl, uint32_t i)
{
    uint32_t *p = &rl->heads[rl->slots[i].h & rl->mask];
    while (*p != i)
        p = &rl->slots[*p].next;
    *p = rl->slots[i].next;
    lru_unlink(rl, i);
    rl->slots[i].next = rl->free;
    rl->free = i;
    rl->used--;
}

static uint32_t slot_find(const auth_rate *rl, uint64_t h)
{
    uint32_t i = rl->heads[h & rl->mask];
    while (i != NIL && rl->slots[i].h != h)
        i = rl->slots[i].next;
    return i;
}

/* The slot for h, made the newest; a new key starts with a full bucket,
 * evicting the oldest key when no slot is free. */
static slot *slot_get(auth_rate *rl, uint64_t h, int64_t now_ms)
{
    uint32_t i = slot_find(rl, h);
    if (i != NIL) {
        lru_unlink(rl, i);
        lru_push_newest(rl, i);
        return &rl->slots[i];
    }
    if (rl->free == NIL)
        slot_release(rl, rl->oldest);
    i = rl->free;
    slot *s = &rl->slots[i];
    rl->free = s->next;
    s->h = h;
    s->credit = rl->cap;
    s->seen_ms = now_ms;
    s->next = rl->heads[h & rl->mask];
    rl->heads[h & rl->mask] = i;
    lru_push_newest(rl, i);
    rl->used++;
    return s;
}

bool auth_rate_take(auth_rate *rl, const char *key, int64_t now_ms, int64_t *retry_after_ms)
{
    uint64_t h = key_hash(rl, key);
    bool ok;
    int64_t wait = 0;
    pthread_mutex_lock(&rl->lock);
    slot *s = slot_get(rl, h, now_ms);
    /* Time that runs backwards (a caller mixing clocks, or two threads
     * reading the clock in one order and locking in the other) earns
     * nothing, and never lowers seen_ms. The difference is taken unsigned
     * so that no pair of int64 times can overflow it. */
    if (now_ms > s->seen_ms) {
        uint64_t elapsed = (uint64_t)now_ms - (uint64_t)s->seen_ms;
        uint64_t room = (uint64_t)(rl->cap - s->credit);
        s->credit = elapsed >= room ? rl->cap : s->credit + (int64_t)elapsed;
        s->seen_ms = now_ms;
    }
    ok = s->credit >= rl->refill_ms;
    if (ok)
        s->credit -= rl->refill_ms;
    else
        wait = rl->refill_ms - s->credit;
    pthread_mutex_unlock(&rl->lock);
    if (retry_after_ms)
        *retry_after_ms = wait;
    return ok;
}

bool auth_rate_allow(auth_rate *rl, const char *key, int64_t now_ms)
{
    return auth_rate_take(rl, key, now_ms, NULL);
}

void auth_rate_reset(auth_rate *rl, const char *key)
{
    uint64_t h = key_hash(rl, key);
    pthread_mutex_lock(&rl->lock);
    uint32_t i = slot_find(rl, h);
    if (i != NIL)
        slot_release(rl, i);
    pthread_mutex_unlock(&rl->lock);
}

size_t auth_rate_count(auth_rate *rl)
{
    pthread_mutex_lock(&rl->lock);
    size_t n = rl->used;
    pthread_mutex_unlock(&rl->lock);
    return n;
}
