/*
 * store_coord_int.h - what the coordination rule files (store_meeting.c,
 * store_initiative.c, store_measure.c) share, private to src/store/: the
 * writing and reading of texts side by side (store_coord_text.c), and the
 * check that a meeting exists and is of a kind.
 */
#ifndef HK_STORE_COORD_INT_H
#define HK_STORE_COORD_INT_H

#include "store/store_int.h"

/* Writes texts t[0..n) of owner with statement id, whose parameters are
 * (owner, pos, lang, origin, title, body). */
int store__coord_texts_put(hk_store *st, store_sq id, int64_t owner, const coord_text *t, size_t n, hk_err *err);
/* Reads the texts of owner with statement id, whose rows are (owner, pos,
 * lang, origin, title, body), into *v / *n. */
int store__coord_texts_get(hk_store *st, store_sq id, int64_t owner, coord_text **v, size_t *n, hk_err *err);
/* Appends a text from row columns c .. c+3 (lang, origin, title, body)
 * to *v / *n; non-zero when out of memory (or past MODEL_MAX_LIST). */
int store__coord_text_row(const store_row *r, int c, coord_text **v, size_t *n);

/* 0 when meeting id exists (and, when type >= 0, is of that type); else
 * HK_EINVAL naming field. */
int store__meeting_check(hk_store *st, int64_t id, int type, const char *field, hk_err *err);

/* 0 when every project v[0..n) exists; else HK_EINVAL naming
 * "project_ids[i]" (migration 10's links). */
int store__coord_projects_check(hk_store *st, const int64_t *v, size_t n, hk_err *err);
/* Reads column 0 (an id) of every row of statement id for owner into the
 * malloc'd *v / *n (left NULL / 0 when there are none). */
int store__coord_ids_get(hk_store *st, store_sq id, int64_t owner, int64_t **v, size_t *n, hk_err *err);
/* Writes a link (owner, v[i]) for each i with statement id. */
int store__coord_ids_put(hk_store *st, store_sq id, int64_t owner, const int64_t *v, size_t n, hk_err *err);

/* The error of an update whose version no longer matches (or whose
 * record is gone): HK_ECONFLICT naming "version", or HK_ENOTFOUND. */
int store__coord_stale(hk_store *st, store_sq version_stmt, const char *what, int64_t id, hk_err *err);

/* Reads a list of records: the ids from column 0 of statement id with
 * p[0..np), then each record by its reader, all in one read transaction
 * (so the list is one snapshot). *out is a malloc'd array of *n records
 * of pg->size bytes, released with pg->free_list. */
typedef struct store_coord_page {
    size_t size;
    int (*get)(hk_store *st, int64_t id, void *out, hk_err *err);
    void (*free_list)(void *v, size_t n);
} store_coord_page;
int store__coord_page(hk_store *st, store_sq id, const store_val *p, int np, const store_coord_page *pg, void **out,
                      size_t *n, hk_err *err);

#endif
