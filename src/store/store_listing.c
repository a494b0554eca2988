/*
 * store_listing.c - offers and requests in the store of record: create
 * (keeping ids and times given by an import), update with a version
 * check, the status life cycle, and reading one or all of them. The
 * statements are in sql_listing.def.
 *
 * A listing is one row of listings plus ordered child rows in
 * listing_texts, listing_codes, listing_quantities and listing_targets.
 * This is the hot write path of `hamkor demo --scale 1000000`: every
 * statement is kept prepared by the driver, the organisation and country
 * checks hit small in-memory caches, and nothing is read back that was
 * just written.
 *
 * Status life cycle (BRIEF 4.2):
 *   draft     -> published   needs an expiry date not in the past
 *   published -> closed | expired
 *   published | closed | expired -> published   renew: a new expiry date
 * A listing's status changes only through store_listing_set_status;
 * store_listing_update keeps the stored one.
 *
 * Concurrent writers (PostgreSQL): an update or a status change reads the
 * listing's state with a row lock and writes with the version it read in
 * the UPDATE's WHERE, so two writers can never both pass a check made on
 * the same state.
 */
#include "store/store_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(listing_status s)
{
    return model_enum_name(ENUM_STATUS, (int)s);
}

/* ---- writing ---- */

static int insert_children(hk_store *st, const listing *l, hk_err *err)
{
    int rc;
    for (size_t i = 0; i < l->n_texts; i++) {
        const listing_text *t = &l->texts[i];
        if ((rc = store__do(st, SQ_LST_TEXT_INS,
                            ARGS(sv_int(l->id), sv_int((int64_t)i), sv_text(t->lang),
                                 sv_text(model_enum_name(ENUM_ORIGIN, (int)t->origin)), sv_text(t->title),
                                 sv_opt(t->description)),
                            err)))
            return rc;
    }
    if ((rc = store__insert_codes(st, SQ_LST_CODE_INS, l->id, "hs", l->hs, l->n_hs, err)) ||
        (rc = store__insert_codes(st, SQ_LST_CODE_INS, l->id, "isic", l->isic, l->n_isic, err)))
        return rc;
    for (size_t i = 0; i < l->n_quantities; i++) {
        const quantity *q = &l->quantities[i];
        if ((rc = store__do(st, SQ_LST_QTY_INS,
                            ARGS(sv_int(l->id), sv_int((int64_t)i),
                                 sv_text(model_enum_name(ENUM_QUANTITY, (int)q->kind)), sv_double(q->amount),
                                 sv_text(q->unit), sv_opt(q->period)),
                            err)))
            return rc;
    }
    for (size_t i = 0; i < l->n_targets; i++)
        if ((rc = store__do(st, SQ_LST_TARGET_INS, ARGS(sv_int(l->id), sv_int((int64_t)i), sv_text(l->targets[i])),
                            err)))
            return rc;
    return 0;
}

static int delete_children(hk_store *st, int64_t id, hk_err *err)
{
    static const store_sq children[] = {SQ_LST_TEXT_DEL, SQ_LST_CODE_DEL, SQ_LST_QTY_DEL, SQ_LST_TARGET_DEL};
    return store__delete_children(st, children, sizeof children / sizeof children[0], id, err);
}

static int check_refs(hk_store *st, const listing *l, hk_err *err)
{
    int rc = store__org_exists(st, l->org_id, "org_id", err);
    for (size_t i = 0; !rc && i < l->n_targets; i++) {
        char path[32];
        snprintf(path, sizeof path, "targets[%zu]", i);
        rc = store__country_exists(st, l->targets[i], path, err);
    }
    if (!rc)
        rc = store__codes_known(st, "hs", "hs", l->hs, l->n_hs, err);
    if (!rc)
        rc = store__codes_known(st, "isic", "isic", l->isic, l->n_isic, err);
    return rc;
}

/* What the status rules and the version check need of a stored listing. */
typedef struct lst_state {
    int64_t org_id, version, created_at, published_at;
    listing_status status;
    char expires[11];
} lst_state;

static int state_row(const store_row *r, void *ctx)
{
    lst_state *out = ctx;
    out->org_id = row_int(r, 0);
    out->version = row_int(r, 1);
    out->created_at = row_time(r, 2);
    out->published_at = row_time(r, 3);
    int v = model_enum_parse(ENUM_STATUS, row_text(r, 4));
    out->status = v < 0 ? STATUS_DRAFT : (listing_status)v;
    row_fixed(r, 5, out->expires, sizeof out->expires);
    return 1;
}

/* Reads (and on PostgreSQL locks until the transaction ends) the state
 * of listing id. */
static int read_state(hk_store *st, int64_t id, lst_state *out, hk_err *err)
{
    int rc = store__q(st, SQ_LST_STATE, ARGS(sv_int(id)), state_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "listing %lld does not exist", (long long)id);
    return 0;
}

static int version_conflict(int64_t id, int64_t stored, int64_t edited, hk_err *err)
{
    return hk_err_set(err, HK_ECONFLICT, "version",
                      "listing %lld was changed by someone else (version %lld, you edited %lld); reload it",
                      (long long)id, (long long)stored, (long long)edited);
}

/* After an UPDATE guarded by version touched no row: the listing is gone
 * or another writer changed it since read_state. Which one is told by
 * reading it again. */
static int update_missed(hk_store *st, int64_t id, int64_t version, hk_err *err)
{
    lst_state now;
    int rc = read_state(st, id, &now, err);
    return rc ? rc : version_conflict(id, now.version, version, err);
}

static int expiry_not_past(hk_store *st, const char *expires, hk_err *err)
{
    const char *today = store__today(st);
    if (!expires[0])
        return hk_err_set(err, HK_EINVAL, "expires", "expires is required to publish a listing");
    if (strcmp(expires, today) < 0)
        return hk_err_set(err, HK_EINVAL, "expires", "expires (%s) is in the past (today is %s)", expires, today);
    return 0;
}

/* Writes the parent row of l (l->id 0: a new id, set in l->id); a taken
 * id is HK_ECONFLICT with *wrote false, nothing having been written. */
static int insert_listing(hk_store *st, listing *l, bool *wrote, hk_err *err)
{
    int64_t id = 0;
    bool import = l->id != 0;
    int rc = store__int(st, SQ_LST_INSERT,
                        ARGS(sv_int_opt(l->id), sv_int(l->org_id),
                             sv_text(model_enum_name(ENUM_DIRECTION, (int)l->direction)),
                             sv_text(model_enum_name(ENUM_KIND, (int)l->kind)), sv_text(status_name(l->status)),
                             sv_opt(l->deadline), sv_opt(l->expires), sv_time(l->created_at),
                             sv_time(l->updated_at), sv_time(l->published_at), sv_int(l->version)),
                        &id, err);
    *wrote = rc != 0;
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ECONFLICT, "id", "listing %lld already exists", (long long)l->id);
    l->id = id;
    return import ? store__do(st, SQ_LST_SEQ_SYNC, NOARGS, err) : 0;
}

int store_listing_create(hk_store *st, listing *l, int64_t actor_id, hk_err *err)
{
    int rc = listing_validate(l, err);
    if (rc)
        return rc;
    bool import = l->id != 0;
    /* A new listing starts as a draft or goes straight to published;
     * closed and expired are where a listing ends, not begins. Imports
     * keep whatever state they were exported in. */
    if (!import) {
        if (l->status != STATUS_DRAFT && l->status != STATUS_PUBLISHED)
            return hk_err_set(err, HK_EINVAL, "status", "a new listing is a draft or published, not %s",
                              status_name(l->status));
        if (l->status == STATUS_PUBLISHED && (rc = expiry_not_past(st, l->expires, err)))
            return rc;
    }
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    listing saved = *l;
    rc = check_refs(st, l, err);
    if (!rc) {
        int64_t now = store__now();
        if (!import || !l->created_at)
            l->created_at = now;
        if (!import || !l->updated_at)
            l->updated_at = l->created_at;
        if (!import || !l->version)
            l->version = 1;
        if (!import)
            l->published_at = l->status == STATUS_PUBLISHED ? now : 0;
        rc = insert_listing(st, l, &wrote, err);
        if (!rc)
            rc = insert_children(st, l, err);
        if (!rc) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"version\":%lld,\"status\":\"%s\"}", (long long)l->version,
                     status_name(l->status));
            rc = store__audit(st, actor_id, import ? "import" : "create", "listing", l->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", l->id, "create", l->updated_at, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (rc) {
        l->id = saved.id;
        l->created_at = saved.created_at;
        l->updated_at = saved.updated_at;
        l->published_at = saved.published_at;
        l->version = saved.version;
    }
    return rc;
}

int store_listing_update(hk_store *st, listing *l, int64_t expected_version, int64_t actor_id, hk_err *err)
{
    if (l->id <= 0)
        return hk_err_set(err, HK_EINVAL, "id", "id is required to update a listing");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    lst_state old;
    int64_t now = store__now();
    listing u = *l; /* what is written: the caller's content, the stored status */
    rc = read_state(st, l->id, &old, err);
    if (!rc && expected_version && expected_version != old.version)
        rc = version_conflict(l->id, old.version, expected_version, err);
    if (!rc) {
        u.status = old.status;
        rc = listing_validate(&u, err);
    }
    if (!rc && l->org_id != old.org_id)
        rc = hk_err_set(err, HK_EINVAL, "org_id", "a listing cannot move to another organisation");
    if (!rc && old.status == STATUS_PUBLISHED)
        rc = expiry_not_past(st, l->expires, err);
    if (!rc)
        rc = check_refs(st, l, err);
    if (!rc) {
        wrote = true;
        rc = store__do(st, SQ_LST_UPDATE,
                       ARGS(sv_int(l->id), sv_text(model_enum_name(ENUM_DIRECTION, (int)l->direction)),
                            sv_text(model_enum_name(ENUM_KIND, (int)l->kind)), sv_opt(l->deadline),
                            sv_opt(l->expires), sv_time(now), sv_int(old.version)),
                       err);
        if (!rc && st->changed == 0)
            rc = update_missed(st, l->id, old.version, err);
        if (!rc && !(rc = delete_children(st, l->id, err)))
            rc = insert_children(st, l, err);
        if (!rc) {
            char detail[64];
            snprintf(detail, sizeof detail, "{\"version\":%lld}", (long long)(old.version + 1));
            rc = store__audit(st, actor_id, "update", "listing", l->id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", l->id, "update", now, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        l->status = old.status;
        l->version = old.version + 1;
        l->updated_at = now;
        l->created_at = old.created_at;
        l->published_at = old.published_at;
    }
    return rc;
}

/* The action name of a transition, or NULL when it is not allowed. */
static const char *transition(listing_status from, listing_status to, bool new_expiry)
{
    if (to == STATUS_PUBLISHED) {
        if (from == STATUS_DRAFT)
            return "publish";
        return new_expiry ? "renew" : NULL;
    }
    if (from != STATUS_PUBLISHED)
        return NULL;
    if (to == STATUS_CLOSED)
        return "close";
    if (to == STATUS_EXPIRED)
        return "expire";
    return NULL;
}

int store_listing_set_status(hk_store *st, int64_t id, listing_status status, const char *new_expires,
                             int64_t actor_id, hk_err *err)
{
    if (!status_name(status))
        return hk_err_set(err, HK_EINVAL, "status", "status has an unknown value (%d)", (int)status);
    bool has_expiry = new_expires && *new_expires;
    if (has_expiry && !model_is_date(new_expires))
        return hk_err_set(err, HK_EINVAL, "expires", "expires must be a real date written YYYY-MM-DD");
    if (has_expiry && status != STATUS_PUBLISHED)
        return hk_err_set(err, HK_EINVAL, "expires", "a new expiry date is only given when publishing or renewing");
    bool own, wrote = false;
    int rc = store__tx_enter(st, &own, err);
    if (rc)
        return rc;
    lst_state old;
    int64_t now = store__now();
    const char *action = NULL;
    char expires[11];
    rc = read_state(st, id, &old, err);
    if (!rc) {
        action = transition(old.status, status, has_expiry);
        if (!action)
            rc = hk_err_set(err, HK_EINVAL, "status", "a %s listing cannot become %s%s", status_name(old.status),
                            status_name(status),
                            status == STATUS_PUBLISHED ? " without a new expiry date (renew)" : "");
    }
    if (!rc) {
        snprintf(expires, sizeof expires, "%s", has_expiry ? new_expires : old.expires);
        if (status == STATUS_PUBLISHED)
            rc = expiry_not_past(st, expires, err);
    }
    if (!rc) {
        int64_t published_at = status == STATUS_PUBLISHED ? now : old.published_at;
        wrote = true;
        rc = store__do(st, SQ_LST_SET_STATUS,
                       ARGS(sv_int(id), sv_text(status_name(status)), sv_opt(expires), sv_time(published_at),
                            sv_time(now), sv_int(old.version)),
                       err);
        if (!rc && st->changed == 0)
            rc = update_missed(st, id, old.version, err);
        if (!rc) {
            char detail[160];
            snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"expires\":\"%s\",\"version\":%lld}",
                     status_name(old.status), status_name(status), expires, (long long)(old.version + 1));
            rc = store__audit(st, actor_id, action, "listing", id, detail, err);
        }
        if (!rc)
            rc = store__change(st, "listing", id, "status", now, err);
    }
    return store__tx_leave(st, own, rc, wrote, err);
}

typedef struct id_batch {
    int64_t *v;
    size_t n, max;
} id_batch;

static int id_row(const store_row *r, void *ctx)
{
    id_batch *b = ctx;
    if (b->n < b->max)
        b->v[b->n++] = row_int(r, 0);
    return 1;
}

int store_listings_expire_due(hk_store *st, size_t max, size_t *expired, hk_err *err)
{
    *expired = 0;
    if (max == 0 || max > 1024)
        return hk_err_set(err, HK_EINVAL, "max", "expire 1 to 1024 listings at a time");
    int64_t ids[1024];
    id_batch b = {ids, 0, max};
    int rc = store__q(st, SQ_LST_DUE_EXPIRY, ARGS(sv_text(store__today(st)), sv_int((int64_t)max)), id_row, &b, err);
    if (rc < 0)
        return rc;
    /* Each through the one status path: its own transaction, audit entry
     * (actor 0: the system) and change; a listing renewed or closed since
     * the query is refused by the version check or the transition rule
     * and simply left as it now is. */
    for (size_t i = 0; i < b.n; i++) {
        hk_err one;
        rc = store_listing_set_status(st, ids[i], STATUS_EXPIRED, NULL, 0, &one);
        if (rc == 0)
            (*expired)++;
        else if (rc != HK_EINVAL && rc != HK_ECONFLICT && rc != HK_ENOTFOUND) {
            if (err)
                *err = one;
            return rc;
        }
    }
    return 0;
}

/* ---- reading ----
 * One listing or a million are read the same way, a batch at a time
 * (store_int.h): the parent rows of the batch, then each child table once
 * for the batch's id range. No statement stays open while the caller's
 * callback runs, so the callback may use the store.
 *
 * A scan (store_listing_each_range) lends each listing to its callback
 * only for the call, so the strings and arrays of a batch come from one
 * arena, emptied for the next batch: at a million listings, a malloc
 * and a free per string and a realloc per child row were about a
 * twentieth of building the search index. store_listing_get hands its
 * listing over, so its strings are malloc'd (listing_free frees them). */

#define ARENA_CHUNK (256 * 1024)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
} arena_chunk;

typedef struct lst_arena {
    arena_chunk *first, *cur; /* chunks are kept and reused batch after batch */
} lst_arena;

static void *arena_alloc(lst_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    for (;;) {
        arena_chunk *c = a->cur;
        if (c && c->cap - c->used >= n) {
            void *p = (char *)c->data + c->used;
            c->used += n;
            return p;
        }
        if (c && c->next) { /* a chunk of an earlier batch */
            a->cur = c->next;
            a->cur->used = 0;
            continue;
        }
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        arena_chunk *k = malloc(sizeof *k + cap);
        if (!k)
            return NULL;
        k->next = NULL;
        k->used = 0;
        k->cap = cap;
        if (c)
            c->next = k;
        else
            a->first = k;
        a->cur = k;
    }
}

static void arena_reset(lst_arena *a)
{
    a->cur = a->first;
    if (a->cur)
        a->cur->used = 0;
}

static void arena_free(lst_arena *a)
{
    for (arena_chunk *c = a->first, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->first = a->cur = NULL;
}

/* A listing being read, and where its strings go: the arena of a scan,
 * or malloc() when ar is NULL. */
typedef struct lst_rec {
    listing l;
    lst_arena *ar;
} lst_rec;

/* Column c in *out (NULL for NULL); HK_ENOMEM or 0. */
static int rec_dup(lst_rec *x, const store_row *r, int c, char **out)
{
    if (!x->ar)
        return row_dup(r, c, out);
    *out = NULL;
    if (row_null(r, c))
        return 0;
    const char *t = row_text(r, c);
    if (!t)
        return HK_ENOMEM;
    size_t n = strlen(t) + 1;
    if (!(*out = arena_alloc(x->ar, n)))
        return HK_ENOMEM;
    memcpy(*out, t, n);
    return 0;
}

/* Room for element n (zeroed) of arr, n elements of sz bytes so far:
 * store__grow, or in the arena, doubling at powers of two. */
static void *rec_grow(lst_rec *x, void *arr, size_t n, size_t sz)
{
    if (!x->ar)
        return store__grow(arr, n, sz);
    if (n >= MODEL_MAX_LIST)
        return NULL;
    if (n && (n < 4 || (n & (n - 1)))) { /* room left: capacity 4, then powers of two */
        memset((char *)arr + n * sz, 0, sz);
        return arr;
    }
    size_t cap = n < 4 ? 4 : 2 * n;
    void *p = arena_alloc(x->ar, cap * sz);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, arr, n * sz);
    memset((char *)p + n * sz, 0, sz);
    return p;
}

typedef struct parents_ctx {
    lst_rec *v;         /* room for max listings; v[0..n) read */
    size_t n, max;
    lst_arena *ar;
} parents_ctx;

static int parent_row(const store_row *r, void *ctx)
{
    parents_ctx *p = ctx;
    if (p->n == p->max)
        return 1;
    lst_rec *x = &p->v[p->n++];
    x->ar = p->ar;
    listing *l = &x->l;
    memset(l, 0, sizeof *l);
    l->id = row_int(r, 0);
    l->org_id = row_int(r, 1);
    int d = model_enum_parse(ENUM_DIRECTION, row_text(r, 2));
    int k = model_enum_parse(ENUM_KIND, row_text(r, 3));
    int t = model_enum_parse(ENUM_STATUS, row_text(r, 4));
    l->direction = d < 0 ? DIR_OFFER : (listing_direction)d;
    l->kind = k < 0 ? KIND_SUPPLY : (listing_kind)k;
    l->status = t < 0 ? STATUS_DRAFT : (listing_status)t;
    row_fixed(r, 5, l->deadline, sizeof l->deadline);
    row_fixed(r, 6, l->expires, sizeof l->expires);
    l->created_at = row_time(r, 7);
    l->updated_at = row_time(r, 8);
    l->published_at = row_time(r, 9);
    l->version = row_int(r, 10);
    return 0;
}

/* The add functions of store__children: one child row into its listing.
 * A count is raised before the strings are copied, so that listing_free
 * frees whatever was copied when a later copy fails. */
static int add_text(void *rec, const store_row *r)
{
    lst_rec *x = rec;
    listing *l = &x->l;
    listing_text *p = rec_grow(x, l->texts, l->n_texts, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    l->texts = p;
    listing_text *t = &l->texts[l->n_texts++];
    int o = model_enum_parse(ENUM_ORIGIN, row_text(r, 2));
    t->origin = o < 0 ? ORIGIN_MACHINE : (text_origin)o;
    if (rec_dup(x, r, 1, &t->lang) || rec_dup(x, r, 3, &t->title) || rec_dup(x, r, 4, &t->description))
        return HK_ENOMEM;
    return 0;
}

static int add_code(void *rec, const store_row *r)
{
    lst_rec *x = rec;
    listing *l = &x->l;
    if (!x->ar)
        return store__add_code(r, &l->hs, &l->n_hs, &l->isic, &l->n_isic);
    const char *scheme = row_text(r, 1);
    bool is_hs = scheme && strcmp(scheme, "hs") == 0;
    char ***v = is_hs ? &l->hs : &l->isic;
    size_t *n = is_hs ? &l->n_hs : &l->n_isic;
    char **p = rec_grow(x, *v, *n, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    *v = p;
    if (rec_dup(x, r, 2, &p[*n]))
        return HK_ENOMEM;
    (*n)++;
    return 0;
}

static int add_quantity(void *rec, const store_row *r)
{
    lst_rec *x = rec;
    listing *l = &x->l;
    quantity *p = rec_grow(x, l->quantities, l->n_quantities, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    l->quantities = p;
    quantity *q = &l->quantities[l->n_quantities++];
    int k = model_enum_parse(ENUM_QUANTITY, row_text(r, 1));
    q->kind = k < 0 ? QTY_QUANTITY : (quantity_kind)k;
    q->amount = row_double(r, 2);
    if (rec_dup(x, r, 3, &q->unit) || rec_dup(x, r, 4, &q->period))
        return HK_ENOMEM;
    return 0;
}

static int add_target(void *rec, const store_row *r)
{
    lst_rec *x = rec;
    listing *l = &x->l;
    char(*p)[3] = rec_grow(x, l->targets, l->n_targets, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    l->targets = p;
    row_fixed(r, 1, l->targets[l->n_targets++], sizeof *p);
    return 0;
}

/* Frees what reading v[0..n) allocated (with an arena, the caller
 * empties it). */
static void recs_free(lst_rec *v, size_t n, lst_arena *ar)
{
    for (size_t i = 0; i < n; i++) {
        if (!ar)
            listing_free(&v[i].l);
        else
            memset(&v[i].l, 0, sizeof v[i].l);
    }
}

/* Reads into v[0..*n) the first max listings (at most) with
 * from <= id <= to, whole, their strings in ar (or malloc'd when ar is
 * NULL). On failure nothing is left to free but the arena. */
static int read_batch(hk_store *st, int64_t from, int64_t to, lst_rec *v, size_t max, lst_arena *ar, size_t *n,
                      hk_err *err)
{
    parents_ctx p = {v, 0, max, ar};
    *n = 0;
    int rc = store__q(st, SQ_LST_BATCH, ARGS(sv_int(from), sv_int(to), sv_int((int64_t)max)), parent_row, &p, err);
    if (rc < 0)
        return rc;
    store_batch b = {v, p.n, sizeof *v, offsetof(lst_rec, l.id)};
    if ((rc = store__children(st, SQ_LST_TEXTS, &b, add_text, err)) ||
        (rc = store__children(st, SQ_LST_CODES, &b, add_code, err)) ||
        (rc = store__children(st, SQ_LST_QTYS, &b, add_quantity, err)) ||
        (rc = store__children(st, SQ_LST_TARGETS, &b, add_target, err))) {
        recs_free(v, p.n, ar);
        return rc;
    }
    *n = p.n;
    return 0;
}

int store_listing_get(hk_store *st, int64_t id, listing *out, hk_err *err)
{
    lst_rec x;
    memset(&x, 0, sizeof x);
    size_t n;
    int rc = read_batch(st, id, id, &x, 1, NULL, &n, err);
    *out = x.l;
    if (!rc && n == 0)
        rc = hk_err_set(err, HK_ENOTFOUND, "id", "listing %lld does not exist", (long long)id);
    return rc;
}

int store_listing_each(hk_store *st, int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err)
{
    return store_listing_each_range(st, INT64_MIN, INT64_MAX, fn, ctx, err);
}

int store_listing_id_range(hk_store *st, int64_t *first, int64_t *last, hk_err *err)
{
    return store__id_range(st, SQ_LST_ID_RANGE, first, last, err);
}

int store_listing_each_range(hk_store *st, int64_t first_id, int64_t last_id,
                             int (*fn)(const listing *l, void *ctx), void *ctx, hk_err *err)
{
    /* Batches of STORE_BATCH listings in id order: five statements per
     * batch however many child rows, which is what building the search
     * index from a million listings at start-up needs. A range lets
     * several threads read disjoint parts side by side. Each batch is
     * read as it stands when read: a listing written during a long scan
     * is also in the change log, which the index follows afterwards. */
    lst_rec *v = calloc(STORE_BATCH, sizeof *v);
    if (!v)
        return store__oom(err);
    lst_arena ar = {NULL, NULL};
    int rc = 0;
    bool stop = false;
    int64_t from = first_id;
    while (!stop && from <= last_id) {
        size_t n;
        arena_reset(&ar);
        if ((rc = read_batch(st, from, last_id, v, STORE_BATCH, &ar, &n, err)) || n == 0)
            break;
        int64_t last_read = v[n - 1].l.id;
        for (size_t i = 0; i < n && !stop; i++)
            stop = fn(&v[i].l, ctx) != 0;
        recs_free(v, n, &ar);
        if (n < STORE_BATCH || last_read >= last_id)
            break;
        from = last_read + 1;
    }
    arena_free(&ar);
    free(v);
    return rc;
}
