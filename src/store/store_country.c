/*
 * store_country.c - the countries of the SCO (members, observers,
 * dialogue partners, guests) with their names in English, Russian and
 * Chinese, and the loader of the shipped list (data/countries.tsv).
 */
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line of the countries file is five short fields; anything longer is
 * not that file. */
#define TSV_MAX_LINE 4096

int store_country_put(hk_store *st, const country *c, hk_err *err)
{
    int rc = country_validate(c, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = store__tx_enter(st, &own, err)))
        return rc;
    rc = store__do(st, SQ_COUNTRY_PUT,
                   ARGS(sv_text(c->iso2), sv_text(model_enum_name(ENUM_SCO_STATUS, (int)c->status)),
                        sv_text(c->name_en), sv_text(c->name_ru), sv_text(c->name_zh)),
                   err);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"iso2\":\"%s\",\"status\":\"%s\"}", c->iso2,
                 model_enum_name(ENUM_SCO_STATUS, (int)c->status));
        /* Countries have no numeric id; the audit row uses 0 and names
         * the country in its detail. */
        rc = store__audit(st, 0, "put", "country", 0, detail, err);
    }
    return store__tx_leave(st, own, rc, true, err);
}

static int read_country(const store_row *r, country *out)
{
    memset(out, 0, sizeof *out);
    row_fixed(r, 0, out->iso2, sizeof out->iso2);
    int v = model_enum_parse(ENUM_SCO_STATUS, row_text(r, 1));
    out->status = v < 0 ? SCO_GUEST : (sco_status)v;
    if (row_dup(r, 2, &out->name_en) || row_dup(r, 3, &out->name_ru) || row_dup(r, 4, &out->name_zh)) {
        country_free(out);
        return HK_ENOMEM;
    }
    return 0;
}

static int country_row(const store_row *r, void *ctx)
{
    return read_country(r, ctx) ? -1 : 1;
}

int store_country_get(hk_store *st, const char *iso2, country *out, hk_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = store__q(st, SQ_COUNTRY_GET, ARGS(sv_text(iso2 ? iso2 : "")), country_row, out, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return hk_err_set(err, HK_ENOTFOUND, "iso2", "no country %.8s", iso2 ? iso2 : "");
    return out->name_en ? 0 : store__oom(err);
}

typedef struct each_ctx {
    int (*fn)(const country *c, void *ctx);
    void *ctx;
    bool oom;
} each_ctx;

static int each_row(const store_row *r, void *ctx)
{
    each_ctx *e = ctx;
    country c;
    if (read_country(r, &c)) {
        e->oom = true;
        return 1;
    }
    int stop = e->fn(&c, e->ctx);
    country_free(&c);
    return stop;
}

int store_country_each(hk_store *st, int (*fn)(const country *c, void *ctx), void *ctx, hk_err *err)
{
    each_ctx e = {fn, ctx, false};
    int rc = store__q(st, SQ_COUNTRY_ALL, NOARGS, each_row, &e, err);
    if (rc < 0)
        return rc;
    return e.oom ? store__oom(err) : 0;
}

/* Splits line (without its newline) at tabs into exactly n fields. */
static bool split_tabs(char *line, char **f, int n)
{
    for (int i = 0; i < n; i++) {
        f[i] = line;
        char *t = strchr(line, '\t');
        if (i < n - 1) {
            if (!t)
                return false;
            *t = '\0';
            line = t + 1;
        } else if (t) {
            return false;
        }
    }
    return true;
}

static int seed_line(hk_store *st, char *line, const char *where, hk_err *err)
{
    char *f[5];
    if (!split_tabs(line, f, 5))
        return hk_err_set(err, HK_EINVAL, where, "%s: expected 5 tab-separated fields", where);
    country c = {0};
    int status = model_enum_parse(ENUM_SCO_STATUS, f[1]);
    if (strlen(f[0]) != 2 || status < 0)
        return hk_err_set(err, HK_EINVAL, where, "%s: bad iso2 \"%.8s\" or status \"%.24s\"", where, f[0], f[1]);
    memcpy(c.iso2, f[0], 3);
    c.status = (sco_status)status;
    c.name_en = f[2];
    c.name_ru = f[3];
    c.name_zh = f[4];
    int rc = store_country_put(st, &c, err);
    if (rc && err) {
        store__err_prefix(err, where);
        snprintf(err->field, sizeof err->field, "%s", where);
    }
    return rc;
}

int store_seed_countries(hk_store *st, const char *tsv_path, hk_err *err)
{
    int64_t n = 0;
    int rc = store__int(st, SQ_COUNTRY_COUNT, NOARGS, &n, err);
    if (rc < 0 || n > 0)
        return rc < 0 ? rc : 0;
    FILE *f = fopen(tsv_path, "r");
    if (!f)
        return hk_err_set(err, HK_EIO, tsv_path, "cannot read %s: %s", tsv_path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0;
    bool own = !st->in_tx;
    if (own && (rc = store_begin(st, err))) {
        fclose(f);
        return rc;
    }
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char where[64];
        snprintf(where, sizeof where, "%.40s:%d", tsv_path, lineno);
        if (len > TSV_MAX_LINE) {
            rc = hk_err_set(err, HK_EINVAL, where, "%s: line longer than %d bytes", where, TSV_MAX_LINE);
            break;
        }
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, "iso2\tstatus\tname_en\tname_ru\tname_zh") != 0)
                rc = hk_err_set(err, HK_EINVAL, where,
                                "%s: the header must be iso2, status, name_en, name_ru, name_zh (tab-separated)", where);
            continue;
        }
        if (len == 0 || line[0] == '#')
            continue;
        rc = seed_line(st, line, where, err);
    }
    if (!rc && ferror(f))
        rc = hk_err_set(err, HK_EIO, tsv_path, "reading %s failed", tsv_path);
    free(line);
    fclose(f);
    if (own) {
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, err);
    }
    return rc;
}
