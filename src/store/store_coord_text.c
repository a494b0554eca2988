/*
 * store_coord_text.c - texts side by side for the coordination records
 * (meetings, their items, initiatives, measures): each a list of
 * (language, origin, title, body) in one child table per record, written
 * and read the same way for all of them. Also the two small checks the
 * three rule files share (store_coord_int.h).
 */
#include "store/store_coord_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store__coord_texts_put(hk_store *st, store_sq id, int64_t owner, const coord_text *t, size_t n, hk_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = store__do(st, id,
                           ARGS(sv_int(owner), sv_int((int64_t)i), sv_text(t[i].lang),
                                sv_text(model_enum_name(ENUM_ORIGIN, (int)t[i].origin)), sv_text(t[i].title),
                                sv_opt(t[i].body)),
                           err);
        if (rc)
            return rc;
    }
    return 0;
}

int store__coord_text_row(const store_row *r, int c, coord_text **v, size_t *n)
{
    coord_text *p = store__grow(*v, *n, sizeof *p);
    if (!p)
        return HK_ENOMEM;
    *v = p;
    coord_text *t = &p[(*n)++];
    int o = model_enum_parse(ENUM_ORIGIN, row_text(r, c + 1));
    t->origin = o < 0 ? ORIGIN_MACHINE : (text_origin)o;
    if (row_dup(r, c, &t->lang) || row_dup(r, c + 2, &t->title) || row_dup(r, c + 3, &t->body) || !t->lang ||
        !t->title)
        return HK_ENOMEM;
    return 0;
}

typedef struct texts_ctx {
    coord_text **v;
    size_t *n;
    bool oom;
} texts_ctx;

static int text_row(const store_row *r, void *ctx)
{
    texts_ctx *c = ctx;
    if (store__coord_text_row(r, 2, c->v, c->n)) {
        c->oom = true;
        return 1;
    }
    return 0;
}

int store__coord_texts_get(hk_store *st, store_sq id, int64_t owner, coord_text **v, size_t *n, hk_err *err)
{
    texts_ctx c = {v, n, false};
    int rc = store__q(st, id, ARGS(sv_int(owner)), text_row, &c, err);
    if (rc < 0)
        return rc;
    return c.oom ? store__oom(err) : 0;
}

static int type_row(const store_row *r, void *ctx)
{
    *(int *)ctx = coord_enum_parse(CENUM_MEETING_TYPE, row_text(r, 0));
    return 1;
}

int store__meeting_check(hk_store *st, int64_t id, int type, const char *field, hk_err *err)
{
    int got = -1;
    int rc = store__q(st, SQ_MEET_TYPE, ARGS(sv_int(id)), type_row, &got, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_EINVAL, field, "%s: meeting %lld does not exist", field, (long long)id);
    if (type >= 0 && got != type)
        return hk_err_set(err, HK_EINVAL, field, "%s: meeting %lld is not a meeting of kind %s", field, (long long)id,
                          coord_enum_name(CENUM_MEETING_TYPE, type));
    return 0;
}

int store__coord_stale(hk_store *st, store_sq version_stmt, const char *what, int64_t id, hk_err *err)
{
    int64_t v = 0;
    int rc = store__int(st, version_stmt, ARGS(sv_int(id)), &v, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "id", "%s %lld does not exist", what, (long long)id);
    return hk_err_set(err, HK_ECONFLICT, "version",
                      "%s %lld was changed by someone else (now version %lld); read it again and redo your change",
                      what, (long long)id, (long long)v);
}

typedef struct ids_ctx {
    int64_t *v;
    size_t n, cap;
    bool oom;
} ids_ctx;

static int id_row(const store_row *r, void *ctx)
{
    ids_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        int64_t *p = realloc(c->v, cap * sizeof *p);
        if (!p) {
            c->oom = true;
            return 1;
        }
        c->v = p;
        c->cap = cap;
    }
    c->v[c->n++] = row_int(r, 0);
    return 0;
}

int store__coord_page(hk_store *st, store_sq id, const store_val *p, int np, const store_coord_page *pg, void **out,
                      size_t *n, hk_err *err)
{
    *out = NULL;
    *n = 0;
    /* The list's own read transaction (sql_lists.def says why not the
     * driver's begin), unless the caller has one open. */
    bool own = !st->in_tx;
    int rc = own ? store__do(st, SQ_LIST_READ_BEGIN, NOARGS, err) : 0;
    ids_ctx ids = {0};
    if (!rc) {
        rc = store__q(st, id, p, np, id_row, &ids, err);
        rc = rc < 0 ? rc : ids.oom ? store__oom(err) : 0;
    }
    char *v = NULL;
    if (!rc && ids.n && !(v = calloc(ids.n, pg->size)))
        rc = store__oom(err);
    size_t got = 0;
    for (; !rc && got < ids.n; got++)
        rc = pg->get(st, ids.v[got], v + got * pg->size, err);
    if (own) {
        hk_err ignored;
        store__do(st, SQ_LIST_READ_END, NOARGS, &ignored);
    }
    free(ids.v);
    if (rc) {
        /* The record that failed was released by its reader. */
        pg->free_list(v, got ? got - 1 : 0);
        return rc;
    }
    *out = v;
    *n = got;
    return 0;
}

/* ---- links by id (migration 10's links to joint projects) ---- */

int store__coord_projects_check(hk_store *st, const int64_t *v, size_t n, hk_err *err)
{
    char path[48];
    for (size_t i = 0; i < n; i++) {
        int found = store__q(st, SQ_COORD_PROJECT_EXISTS, ARGS(sv_int(v[i])), NULL, NULL, err);
        if (found < 0)
            return found;
        if (found == 0) {
            snprintf(path, sizeof path, "project_ids[%zu]", i);
            return hk_err_set(err, HK_EINVAL, path, "%s: joint project %lld does not exist", path, (long long)v[i]);
        }
    }
    return 0;
}

int store__coord_ids_get(hk_store *st, store_sq id, int64_t owner, int64_t **v, size_t *n, hk_err *err)
{
    ids_ctx c = {0};
    int rc = store__q(st, id, ARGS(sv_int(owner)), id_row, &c, err);
    if (rc >= 0 && c.oom)
        rc = store__oom(err);
    if (rc < 0) {
        free(c.v);
        return rc;
    }
    *v = c.v;
    *n = c.n;
    return 0;
}

int store__coord_ids_put(hk_store *st, store_sq id, int64_t owner, const int64_t *v, size_t n, hk_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = store__do(st, id, ARGS(sv_int(owner), sv_int(v[i])), err);
    return rc;
}
