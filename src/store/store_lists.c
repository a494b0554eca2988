/*
 * store_lists.c - the pages the HTTP API lists: the organisation
 * directory with its filters, an organisation's listings and members, the
 * interests an organisation received or sent, and the duplicate flags the
 * secretariat reviews; plus the two writes that belong with them
 * (creating an organisation together with its first admin, flagging a
 * duplicate). Its statements are in sql_lists.def.
 *
 * Lists page by keyset (after_id / before_id), never by offset, so a page
 * costs the same wherever it starts and a record written meanwhile is
 * neither skipped nor shown twice. Each list first selects the ids of one
 * page and then reads each record with its own reader (store_org_get,
 * store_listing_get, store_interest_get), inside one read transaction so
 * the page is one snapshot; the column lists live in one place only.
 *
 * Each list is one fixed statement whose optional filters are off when
 * their parameter is NULL, and every value, the user's text included, is
 * a bound parameter.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_limit(size_t limit, hk_err *err)
{
    if (limit < 1 || limit > STORE_PAGE_MAX)
        return hk_err_set(err, HK_EINVAL, "limit", "limit: between 1 and %d", STORE_PAGE_MAX);
    return 0;
}

/* Opens a read transaction unless one is open (store_begin's, which the
 * page then joins); the page read between read_begin and read_end is
 * then one snapshot. The transaction is the page's own statements
 * (sql_lists.def says why not the driver's begin). */
static int read_begin(hk_store *st, bool *own, hk_err *err)
{
    *own = !st->in_tx;
    return *own ? store__do(st, SQ_LIST_READ_BEGIN, NOARGS, err) : 0;
}

/* Ends the read transaction. Nothing was written, so a failing COMMIT
 * loses nothing; its error would only hide the page's own. */
static void read_end(hk_store *st, bool own)
{
    hk_err ignored;
    if (own)
        store__do(st, SQ_LIST_READ_END, NOARGS, &ignored);
}

/* How a page reads its records: each by its own reader, into an array
 * of elements of size bytes, freed (the first n) by free_page. */
typedef struct page_reader {
    size_t size;
    int (*get)(hk_store *st, int64_t id, void *out, hk_err *err);
    void (*free_page)(void *v, size_t n);
} page_reader;

/* The ids of one page, collected from column 0 of its statement. */
typedef struct page_ids {
    int64_t *ids;   /* limit slots; the caller's */
    size_t n, limit;
} page_ids;

static int page_id_row(const store_row *r, void *ctx)
{
    page_ids *p = ctx;
    p->ids[p->n++] = row_int(r, 0);
    return p->n == p->limit;
}

/* Reads one page: runs statement id with params p[0..np) for the ids of
 * at most limit records, then reads each with pr, all in one read
 * transaction so that the page is one snapshot. On failure nothing is
 * left allocated and *out is NULL. */
static int read_page(hk_store *st, store_sq id, const store_val *p, int np, size_t limit, const page_reader *pr,
                     void **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    page_ids pi = {.ids = malloc(limit * sizeof *pi.ids), .limit = limit};
    if (!pi.ids)
        return store__oom(err);
    bool own;
    int rc = read_begin(st, &own, err);
    if (rc) {
        free(pi.ids);
        return rc;
    }
    rc = store__q(st, id, p, np, page_id_row, &pi, err);
    if (rc > 0)
        rc = 0;
    char *v = NULL;
    size_t k = 0;
    if (!rc && pi.n && !(v = calloc(pi.n, pr->size)))
        rc = store__oom(err);
    for (; !rc && k < pi.n; k++)
        if ((rc = pr->get(st, pi.ids[k], v + k * pr->size, err)))
            break;
    read_end(st, own);
    free(pi.ids);
    if (rc) {
        pr->free_page(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- the organisation directory ---- */

void store_orgs_free(organisation *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        organisation_free(&v[i]);
    free(v);
}

static int page_get_org(hk_store *st, int64_t id, void *out, hk_err *err) { return store_org_get(st, id, out, err); }
static void page_free_orgs(void *v, size_t n) { store_orgs_free(v, n); }
static const page_reader org_page = {sizeof(organisation), page_get_org, page_free_orgs};

/* "%<text>%" with the LIKE metacharacters of text escaped by '\', so the
 * user's text matches only itself; from malloc(). */
static char *like_contains(const char *text)
{
    size_t len = strlen(text);
    char *p = malloc(2 * len + 3), *o = p;
    if (!p)
        return NULL;
    *o++ = '%';
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

static int org_query_validate(const store_org_query *q, hk_err *err)
{
    int rc = check_limit(q->limit, err);
    if (rc)
        return rc;
    if (q->after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: an organisation id, or 0 for the first page");
    if (q->country && *q->country && !model_is_iso2(q->country))
        return hk_err_set(err, HK_EINVAL, "country", "country: two upper-case letters (ISO 3166-1 alpha-2)");
    if (q->tier != -1 && !model_enum_name(ENUM_TIER, q->tier))
        return hk_err_set(err, HK_EINVAL, "tier", "tier: self_declared, registry_checked or coordinator_endorsed");
    if (q->type != -1 && !model_enum_name(ENUM_ORG_TYPE, q->type))
        return hk_err_set(err, HK_EINVAL, "type", "type: not an organisation type");
    if (q->name && *q->name)
        return model_check_text("name", q->name, MODEL_MAX_NAME, false, err);
    return 0;
}

int store_org_list(hk_store *st, const store_org_query *q, organisation **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = org_query_validate(q, err);
    if (rc)
        return rc;
    bool by_name = q->name && *q->name;
    char *pattern = by_name ? like_contains(q->name) : NULL;
    if (by_name && !pattern)
        return store__oom(err);
    /* A filter that is not set binds NULL, which turns it off. */
    void *v;
    rc = read_page(st, SQ_LIST_ORGS,
                   ARGS(sv_int(q->after_id), sv_opt(q->country),
                        sv_text(q->tier != -1 ? model_enum_name(ENUM_TIER, q->tier) : NULL),
                        sv_text(q->type != -1 ? model_enum_name(ENUM_ORG_TYPE, q->type) : NULL), sv_text(pattern),
                        sv_int((int64_t)q->limit)),
                   q->limit, &org_page, &v, n, err);
    *out = v;
    free(pattern);
    return rc;
}

int store_org_create_with_admin(hk_store *st, organisation *o, int64_t user_id, hk_err *err)
{
    organisation saved = *o; /* the store-assigned fields, restored on failure */
    o->tier = TIER_SELF_DECLARED; /* a new organisation vouches for nothing yet */
    o->id = 0;                    /* the store assigns it; an id is only kept by import */
    /* Inside an outer transaction the writes join it; otherwise this call
     * owns one (through store_begin, so that the two writes below join it
     * too), and the organisation never exists without its admin. */
    bool own = !st->in_tx;
    int rc = own ? store_begin(st, err) : 0;
    if (rc) {
        o->id = saved.id;
        return rc;
    }
    /* Every check that can refuse runs before the first write, so a
     * refusal inside an outer transaction leaves it usable. */
    if (user_id <= 0)
        rc = hk_err_set(err, HK_EINVAL, "user_id", "user_id: the organisation's first admin is a user");
    else
        rc = store__user_exists(st, user_id, "user_id", err);
    if (!rc)
        rc = store_org_create(st, o, user_id, err);
    if (!rc) {
        membership m = {.user_id = user_id, .org_id = o->id, .is_admin = true};
        if ((rc = store_membership_put(st, &m, user_id, err)) && !own)
            st->tx_failed = true; /* the organisation was written without its admin */
    }
    if (own) {
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, err);
    }
    if (rc) {
        o->id = saved.id;
        o->created_at = saved.created_at;
        o->updated_at = saved.updated_at;
        o->version = saved.version;
    }
    return rc;
}

/* ---- an organisation's listings and members ---- */

void store_listings_free(listing *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        listing_free(&v[i]);
    free(v);
}

static int page_get_listing(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_listing_get(st, id, out, err);
}
static void page_free_listings(void *v, size_t n) { store_listings_free(v, n); }
static const page_reader listing_page = {sizeof(listing), page_get_listing, page_free_listings};

int store_listings_of_org(hk_store *st, int64_t org_id, bool include_drafts, int64_t after_id, size_t limit,
                          listing **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: a listing id, or 0 for the first page");
    void *v;
    rc = read_page(st, SQ_LIST_LISTINGS_OF_ORG,
                   ARGS(sv_int(org_id), sv_int(after_id), sv_bool(include_drafts), sv_int((int64_t)limit)), limit,
                   &listing_page, &v, n, err);
    *out = v;
    return rc;
}

void store_members_free(store_member *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].email);
        free(v[i].display_name);
    }
    free(v);
}

static int read_member(const store_row *r, void *rec, void *ctx)
{
    store_member *m = rec;
    m->user_id = row_int(r, 0);
    m->is_admin = row_bool(r, 3);
    return row_dup(r, 1, &m->email) || row_dup(r, 2, &m->display_name);
}

int store_members_of_org(hk_store *st, int64_t org_id, store_member **out, size_t *n, hk_err *err)
{
    store_list l = {.size = sizeof(store_member), .read = read_member};
    int rc = store__q_list(st, SQ_LIST_MEMBERS, ARGS(sv_int(org_id)), &l, err);
    if (rc) {
        store_members_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}

/* ---- interests received and sent ---- */

void store_interests_free(interest *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        interest_free(&v[i]);
    free(v);
}

static int page_get_interest(hk_store *st, int64_t id, void *out, hk_err *err)
{
    return store_interest_get(st, id, out, err);
}
static void page_free_interests(void *v, size_t n) { store_interests_free(v, n); }
static const page_reader interest_page = {sizeof(interest), page_get_interest, page_free_interests};

int store_interests_of_orgs(hk_store *st, const int64_t *org_ids, size_t n_orgs, store_box box, int64_t before_id,
                            size_t limit, interest **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (before_id < 0)
        return hk_err_set(err, HK_EINVAL, "before_id", "before_id: an interest id, or 0 for the newest");
    if (box != STORE_BOX_RECEIVED && box != STORE_BOX_SENT)
        return hk_err_set(err, HK_EINVAL, "box", "box: received or sent");
    /* The organisations of one user: a handful; the bound is the model's
     * list bound, which also keeps the bound list small. */
    if (n_orgs > MODEL_MAX_LIST)
        return hk_err_set(err, HK_EINVAL, "org_ids", "org_ids: at most %d organisations", MODEL_MAX_LIST);
    if (n_orgs == 0)
        return 0; /* a user of no organisation has no interests */
    void *v;
    rc = read_page(st, box == STORE_BOX_RECEIVED ? SQ_LIST_INTERESTS_RECEIVED : SQ_LIST_INTERESTS_SENT,
                   ARGS(sv_int(before_id > 0 ? before_id : INT64_MAX), sv_int((int64_t)limit),
                        sv_ints(org_ids, n_orgs)),
                   limit, &interest_page, &v, n, err);
    *out = v;
    return rc;
}

/* ---- duplicate flags ---- */

void store_dup_flag_free(store_dup_flag *f)
{
    if (!f)
        return;
    free(f->note);
    f->note = NULL;
}

void store_dup_flags_free(store_dup_flag *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_dup_flag_free(&v[i]);
    free(v);
}

static int dup_flag_validate(const store_dup_flag *f, hk_err *err)
{
    if (f->org_id <= 0)
        return hk_err_set(err, HK_EINVAL, "org_id", "org_id: the organisation reported");
    if (f->duplicate_of <= 0)
        return hk_err_set(err, HK_EINVAL, "duplicate_of", "duplicate_of: the organisation it duplicates");
    if (f->duplicate_of == f->org_id)
        return hk_err_set(err, HK_EINVAL, "duplicate_of", "duplicate_of: an organisation does not duplicate itself");
    if (f->flagged_by <= 0)
        return hk_err_set(err, HK_EINVAL, "flagged_by", "flagged_by: the user who reports it");
    return model_check_text("note", f->note, STORE_FLAG_NOTE_MAX, false, err);
}

int store_dup_flag_create(hk_store *st, store_dup_flag *f, hk_err *err)
{
    int rc = dup_flag_validate(f, err);
    if (rc)
        return rc;
    bool own, wrote = false;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    /* The reported organisation is usually named by the URL (and checked
     * there); the other one is what the user typed, hence the field. */
    if (!(rc = store__org_exists(st, f->org_id, "org_id", err)) &&
        !(rc = store__org_exists(st, f->duplicate_of, "duplicate_of", err)))
        rc = store__user_exists(st, f->flagged_by, "flagged_by", err);
    int64_t now = store__now(), id = 0;
    if (!rc) {
        wrote = true;
        /* The same user flags the same pair once: a second insert writes
         * nothing and returns no id (sql_lists.def), also when two
         * requests race. */
        rc = store__int(st, SQ_FLAG_ADD,
                        ARGS(sv_int(f->org_id), sv_int(f->duplicate_of), sv_int(f->flagged_by),
                             sv_text(f->note ? f->note : ""), sv_time(now)),
                        &id, err);
        if (rc == 0) {
            wrote = false; /* nothing was written: the outer transaction stays usable */
            rc = hk_err_set(err, HK_ECONFLICT, "duplicate_of",
                            "you already reported organisation %lld as a duplicate of %lld", (long long)f->org_id,
                            (long long)f->duplicate_of);
        } else if (rc > 0) {
            rc = 0;
        }
    }
    if (!rc) {
        /* Under the organisation reported, so that its history shows it. */
        char detail[96];
        snprintf(detail, sizeof detail, "{\"flag_id\":%lld,\"duplicate_of\":%lld}", (long long)id,
                 (long long)f->duplicate_of);
        rc = store__audit(st, f->flagged_by, "flag_duplicate", "organisation", f->org_id, detail, err);
    }
    rc = store__tx_leave(st, own, rc, wrote, err);
    if (!rc) {
        f->id = id;
        f->created_at = now;
    }
    return rc;
}

/* The flags read so far into a calloc'd array of limit entries. */
typedef struct flags_ctx {
    store_dup_flag *v;
    size_t n, limit;
    bool oom;
} flags_ctx;

static int flag_row(const store_row *r, void *ctx)
{
    flags_ctx *c = ctx;
    store_dup_flag *f = &c->v[c->n++];
    f->id = row_int(r, 0);
    f->org_id = row_int(r, 1);
    f->duplicate_of = row_int(r, 2);
    f->flagged_by = row_int(r, 3);
    f->created_at = row_time(r, 5);
    if (row_dup(r, 4, &f->note)) {
        c->oom = true;
        return 1;
    }
    return c->n == c->limit;
}

int store_dup_flags_list(hk_store *st, int64_t after_id, size_t limit, store_dup_flag **out, size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = check_limit(limit, err);
    if (rc)
        return rc;
    if (after_id < 0)
        return hk_err_set(err, HK_EINVAL, "after_id", "after_id: a flag id, or 0 for the first page");
    flags_ctx c = {.v = calloc(limit, sizeof *c.v), .limit = limit};
    if (!c.v)
        return store__oom(err);
    rc = store__q(st, SQ_FLAG_LIST, ARGS(sv_int(after_id), sv_int((int64_t)limit)), flag_row, &c, err);
    if (rc >= 0)
        rc = c.oom ? store__oom(err) : 0;
    if (rc) {
        store_dup_flags_free(c.v, c.n);
        return rc;
    }
    *out = c.v;
    *n = c.n;
    return 0;
}
