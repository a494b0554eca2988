/*
 * io_records.c - JSONL and CSV import/export of organisations and listings
 * (see io_records.h). Records go through the canonical JSON codec
 * (model_json.c) both ways; this file only maps JSON objects to and from
 * lines and CSV rows.
 */
#include "io/io_records.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "hk_utf8.h"
#include "io/io_csv.h"
#include "model/model_json.h"

#define END_OF_INPUT (-100)

int io_entity_parse(const char *s)
{
    if (!strcmp(s, "organisations") || !strcmp(s, "organizations"))
        return IO_ORGANISATIONS;
    if (!strcmp(s, "listings"))
        return IO_LISTINGS;
    return -1;
}

int io_format_parse(const char *s)
{
    if (!strcmp(s, "jsonl") || !strcmp(s, "ndjson"))
        return IO_JSONL;
    if (!strcmp(s, "csv"))
        return IO_CSV;
    return -1;
}

int io_format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? io_format_parse(dot + 1) : -1;
}

/* ---- columns ----
 * The CSV columns of an entity are the members of its canonical JSON form,
 * read off a sample record with every optional field set, so that the CSV
 * layout follows the codec without a second list to keep in step. */

typedef struct io_columns {
    json_t *sample;          /* owned; keys are the columns, values give types */
    const char **names;      /* from malloc(); point into sample's keys */
    json_type *types;
    size_t n;
} io_columns;

static char *dup_s(const char *s) { return strdup(s); }

static json_t *sample_organisation(void)
{
    organisation o;
    memset(&o, 0, sizeof o);
    org_name name = {dup_s("x"), dup_s("en"), true};
    char *code = dup_s("01");
    capability cap = {CAP_PROCESS, dup_s("x"), 1.5, dup_s("t")};
    certification cert = {dup_s("x"), dup_s("x"), "2020-01-01", "2020-01-01"};
    char *lang = dup_s("en");
    o.id = 1;
    o.names = &name; o.n_names = 1;
    o.registry_scheme = dup_s("x"); o.registry_id = dup_s("x");
    memcpy(o.country, "UZ", 3);
    o.city = dup_s("x"); o.lat = 1.5; o.lon = 1.5; o.has_coords = true;
    o.isic = &code; o.n_isic = 1; o.hs = &code; o.n_hs = 1;
    o.capabilities = &cap; o.n_capabilities = 1;
    o.certifications = &cert; o.n_certifications = 1;
    o.languages = &lang; o.n_languages = 1;
    o.website = dup_s("https://x");
    o.created_at = o.updated_at = 1; o.version = 1;
    json_t *j = organisation_to_json(&o);
    free(name.text); free(name.lang); free(code); free(cap.text); free(cap.unit);
    free(cert.name); free(cert.scope); free(lang); free(o.registry_scheme); free(o.registry_id);
    free(o.city); free(o.website);
    return j;
}

static json_t *sample_listing(void)
{
    listing l;
    memset(&l, 0, sizeof l);
    listing_text t = {dup_s("en"), ORIGIN_ORIGINAL, dup_s("x"), dup_s("x")};
    char *code = dup_s("01");
    quantity q = {QTY_QUANTITY, 1.5, dup_s("t"), dup_s("year")};
    char target[3] = "UZ";
    l.id = 1; l.org_id = 1;
    l.texts = &t; l.n_texts = 1;
    l.hs = &code; l.n_hs = 1; l.isic = &code; l.n_isic = 1;
    l.quantities = &q; l.n_quantities = 1;
    l.targets = &target; l.n_targets = 1;
    memcpy(l.deadline, "2020-01-01", 11);
    memcpy(l.expires, "2020-01-01", 11);
    l.created_at = l.updated_at = l.published_at = 1; l.version = 1;
    json_t *j = listing_to_json(&l);
    free(t.lang); free(t.title); free(t.description); free(code); free(q.unit); free(q.period);
    return j;
}

static int columns_init(io_columns *c, io_entity entity, hk_err *err)
{
    memset(c, 0, sizeof *c);
    c->sample = entity == IO_ORGANISATIONS ? sample_organisation() : sample_listing();
    if (!c->sample)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    size_t n = json_object_size(c->sample);
    c->names = calloc(n, sizeof *c->names);
    c->types = calloc(n, sizeof *c->types);
    if (!c->names || !c->types) {
        free(c->names); free(c->types); json_decref(c->sample);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    const char *key;
    json_t *v;
    json_object_foreach(c->sample, key, v) {
        c->names[c->n] = key;
        c->types[c->n] = json_typeof(v);
        c->n++;
    }
    return 0;
}

static void columns_free(io_columns *c)
{
    free(c->names);
    free(c->types);
    json_decref(c->sample);
}

/* ---- export ---- */

typedef struct export_ctx {
    io_format format;
    FILE *out;
    io_columns *cols;
    int failed;              /* HK_ENOMEM when a record could not be encoded */
    bool published_only;     /* listings: only the published ones */
    long records;            /* written so far by this step */
} export_ctx;

static void write_csv_value(FILE *out, json_t *v, int first)
{
    if (!v || json_is_null(v)) {
        io_csv_write_field(out, "", first);
    } else if (json_is_string(v)) {
        io_csv_write_field(out, json_string_value(v), first);
    } else {
        char *s = model_json_dump(v);
        io_csv_write_field(out, s ? s : "", first);
        free(s);
    }
}

static int export_json(export_ctx *x, json_t *j)
{
    if (!j) {
        x->failed = HK_ENOMEM;
        return 1;
    }
    if (x->format == IO_JSONL) {
        char *s = model_json_dump(j);
        if (!s)
            x->failed = HK_ENOMEM;
        else if (fputs(s, x->out) < 0 || putc('\n', x->out) == EOF)
            x->failed = HK_EIO;
        free(s);
    } else {
        for (size_t i = 0; i < x->cols->n; i++)
            write_csv_value(x->out, json_object_get(j, x->cols->names[i]), i == 0);
        fputs("\r\n", x->out);
    }
    json_decref(j);
    if (!x->failed)
        x->records++;
    return x->failed ? 1 : 0;
}

static int export_org(const organisation *o, void *ctx) { return export_json(ctx, organisation_to_json(o)); }
static int export_listing(const listing *l, void *ctx)
{
    export_ctx *x = ctx;
    if (x->published_only && l->status != STATUS_PUBLISHED)
        return 0;
    return export_json(ctx, listing_to_json(l));
}

struct io_exporter {
    io_entity entity;
    io_format format;
    bool published_only;
    io_columns cols;
    bool started;            /* the id range is known (and the CSV header written) */
    int64_t next_id, last_id;
    long records;            /* written so far */
};

int io_exporter_new(io_entity entity, io_format format, bool published_only, io_exporter **out, hk_err *err)
{
    *out = NULL;
    io_exporter *x = calloc(1, sizeof *x);
    if (!x)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    int rc = columns_init(&x->cols, entity, err);
    if (rc) {
        free(x);
        return rc;
    }
    x->entity = entity;
    x->format = format;
    x->published_only = published_only;
    *out = x;
    return 0;
}

void io_exporter_free(io_exporter *x)
{
    if (!x)
        return;
    columns_free(&x->cols);
    free(x);
}

int io_exporter_step(io_exporter *x, hk_store *st, int64_t max_ids, FILE *out, bool *done, hk_err *err)
{
    *done = false;
    int rc;
    if (!x->started) {
        /* The records there are now: one written meanwhile with a higher
         * id is left for the next export. */
        int64_t first = 0, last = -1;
        rc = x->entity == IO_ORGANISATIONS ? store_org_id_range(st, &first, &last, err)
                                           : store_listing_id_range(st, &first, &last, err);
        if (rc)
            return rc;
        x->next_id = first;
        x->last_id = last;
        x->started = true;
        if (x->format == IO_CSV) {
            for (size_t i = 0; i < x->cols.n; i++)
                io_csv_write_field(out, x->cols.names[i], i == 0);
            fputs("\r\n", out);
        }
    }
    if (x->next_id > x->last_id) {
        *done = true;
        return 0;
    }
    int64_t to = x->last_id - x->next_id < max_ids ? x->last_id : x->next_id + max_ids - 1;
    export_ctx c = {x->format, out, &x->cols, 0, x->published_only, 0};
    rc = x->entity == IO_ORGANISATIONS ? store_org_each_range(st, x->next_id, to, export_org, &c, err)
                                       : store_listing_each_range(st, x->next_id, to, export_listing, &c, err);
    if (!rc && c.failed)
        rc = hk_err_set(err, c.failed, NULL, c.failed == HK_EIO ? "cannot write the output" : "out of memory");
    x->records += c.records;
    if (rc)
        return rc;
    x->next_id = to + 1;
    *done = x->next_id > x->last_id;
    return 0;
}

long io_exporter_records(const io_exporter *x)
{
    return x->records;
}

int io_export(hk_store *st, io_entity entity, io_format format, FILE *out, io_progress_fn progress,
              void *progress_ctx, hk_err *err)
{
    io_exporter *x;
    int rc = io_exporter_new(entity, format, false, &x, err);
    bool done = false;
    long reported = 0;
    while (!rc && !done) {
        rc = io_exporter_step(x, st, IO_EXPORT_BATCH, out, &done, err);
        /* About as often as import reports: every few thousand records. */
        if (!rc && progress && (done || x->records - reported >= 4096)) {
            progress(progress_ctx, x->records);
            reported = x->records;
        }
    }
    io_exporter_free(x);
    if (!rc && (fflush(out) != 0 || ferror(out)))
        rc = hk_err_set(err, HK_EIO, NULL, "cannot write the output");
    return rc;
}

/* ---- import ---- */

/* Prefixes err's field with "name:line: ". */
static int at_line(hk_err *err, const char *name, long line)
{
    size_t fl = strlen(err->field);
    bool named = fl && !strncmp(err->msg, err->field, fl); /* the message names its field already */
    if (err->field[0] && strncmp(err->field, "line ", 5) != 0 && !named) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%.63s: %.380s", err->field, err->msg);
        memcpy(err->msg, msg, sizeof msg);
    }
    snprintf(err->field, sizeof err->field, "%.40s:%ld", name, line);
    return err->code ? err->code : HK_EINVAL;
}

static int import_object(hk_store *st, io_entity entity, json_t *j, hk_err *err)
{
    int rc;
    if (entity == IO_ORGANISATIONS) {
        organisation o;
        memset(&o, 0, sizeof o);
        rc = organisation_from_json(j, true, &o, err);
        if (!rc)
            rc = store_org_create(st, &o, 0, err);
        organisation_free(&o);
    } else {
        listing l;
        memset(&l, 0, sizeof l);
        rc = listing_from_json(j, true, &l, err);
        if (!rc)
            rc = store_listing_create(st, &l, 0, err);
        listing_free(&l);
    }
    return rc;
}

/* Reads one line of at most IO_MAX_LINE bytes into *buf (growing it). */
static ssize_t read_line(FILE *in, char **buf, size_t *cap, hk_err *err)
{
    size_t len = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        if (len + 2 > *cap) {
            if (*cap >= IO_MAX_LINE)
                return hk_err_set(err, HK_ETOOBIG, NULL, "line longer than %u bytes", IO_MAX_LINE);
            size_t ncap = *cap ? *cap * 2 : 8192;
            char *nb = realloc(*buf, ncap);
            if (!nb)
                return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
            *buf = nb;
            *cap = ncap;
        }
        if (c == '\n')
            break;
        (*buf)[len++] = (char)c;
    }
    if (c == EOF && len == 0)
        return END_OF_INPUT;
    if (len && (*buf)[len - 1] == '\r')
        len--;
    (*buf)[len] = '\0';
    return (ssize_t)len;
}

static int import_jsonl(hk_store *st, io_entity entity, FILE *in, const char *name, io_progress_fn progress,
                        void *pctx, long *count, hk_err *err)
{
    char *buf = NULL;
    size_t cap = 0;
    long line = 0;
    int rc = 0;
    for (;;) {
        ssize_t len = read_line(in, &buf, &cap, err);
        line++;
        if (len == END_OF_INPUT)
            break;
        if (len < 0) {
            rc = at_line(err, name, line);
            break;
        }
        if (len == 0)
            continue; /* blank lines are allowed, e.g. a trailing one */
        if (!hk_utf8_valid(buf, (size_t)len)) {
            hk_err_set(err, HK_EINVAL, NULL, "invalid UTF-8");
            rc = at_line(err, name, line);
            break;
        }
        json_error_t jerr;
        json_t *j = json_loadb(buf, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
        if (!j) {
            hk_err_set(err, HK_EINVAL, NULL, "malformed JSON at column %d: %s", jerr.column, jerr.text);
            rc = at_line(err, name, line);
            break;
        }
        if (!json_is_object(j)) {
            json_decref(j);
            hk_err_set(err, HK_EINVAL, NULL, "expected a JSON object");
            rc = at_line(err, name, line);
            break;
        }
        rc = import_object(st, entity, j, err);
        json_decref(j);
        if (rc) {
            rc = at_line(err, name, line);
            break;
        }
        if (++*count % 5000 == 0 && progress)
            progress(pctx, *count);
    }
    free(buf);
    return rc;
}

/* Turns a CSV cell into the JSON value of its column's type. */
static int cell_to_json(const char *cell, json_type type, const char *column, json_t **out, hk_err *err)
{
    *out = NULL;
    if (!cell[0])
        return 0; /* empty cell: member absent */
    if (!hk_utf8_valid(cell, strlen(cell)))
        return hk_err_set(err, HK_EINVAL, column, "invalid UTF-8");
    if (type == JSON_STRING) {
        *out = json_string(cell);
    } else {
        json_error_t jerr;
        *out = json_loads(cell, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
        if (!*out)
            return hk_err_set(err, HK_EINVAL, column, "not a valid %s: %s",
                              type == JSON_ARRAY ? "JSON list" : type == JSON_OBJECT ? "JSON object" : "value",
                              jerr.text);
    }
    return *out ? 0 : hk_err_set(err, HK_ENOMEM, column, "out of memory");
}

static int import_csv(hk_store *st, io_entity entity, FILE *in, const char *name, io_progress_fn progress,
                      void *pctx, long *count, hk_err *err)
{
    io_columns cols;
    int rc = columns_init(&cols, entity, err);
    if (rc)
        return rc;
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    int *map = NULL; /* CSV field index -> column index */
    size_t n_map = 0;

    rc = io_csv_read(&r, err);
    if (rc <= 0) {
        if (rc == 0)
            hk_err_set(err, HK_EINVAL, NULL, "the file is empty: expected a header line");
        rc = at_line(err, name, 1);
        goto done;
    }
    n_map = r.n_fields;
    map = malloc(n_map * sizeof *map);
    if (!map) {
        rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n_map; i++) {
        map[i] = -1;
        for (size_t k = 0; k < cols.n; k++)
            if (!strcmp(r.fields[i], cols.names[k]))
                map[i] = (int)k;
        if (map[i] < 0) {
            hk_err_set(err, HK_EINVAL, NULL, "unknown column '%.100s'", r.fields[i]);
            rc = at_line(err, name, 1);
            goto done;
        }
        for (size_t k = 0; k < i; k++)
            if (map[k] == map[i]) {
                hk_err_set(err, HK_EINVAL, NULL, "column '%.100s' appears twice", r.fields[i]);
                rc = at_line(err, name, 1);
                goto done;
            }
    }
    for (;;) {
        rc = io_csv_read(&r, err);
        if (rc == 0)
            break;
        if (rc < 0) {
            rc = at_line(err, name, r.record_line);
            break;
        }
        if (r.n_fields == 1 && !r.fields[0][0])
            continue; /* blank line */
        if (r.n_fields != n_map) {
            hk_err_set(err, HK_EINVAL, NULL, "%zu fields where the header has %zu", r.n_fields, n_map);
            rc = at_line(err, name, r.record_line);
            break;
        }
        json_t *obj = json_object();
        rc = obj ? 0 : hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        for (size_t i = 0; !rc && i < n_map; i++) {
            json_t *v;
            rc = cell_to_json(r.fields[i], cols.types[map[i]], cols.names[map[i]], &v, err);
            if (!rc && v)
                json_object_set_new(obj, cols.names[map[i]], v);
        }
        if (!rc)
            rc = import_object(st, entity, obj, err);
        json_decref(obj);
        if (rc) {
            rc = at_line(err, name, r.record_line);
            break;
        }
        if (++*count % 5000 == 0 && progress)
            progress(pctx, *count);
    }
done:
    free(map);
    io_csv_reader_free(&r);
    columns_free(&cols);
    return rc;
}

int io_import(hk_store *st, io_entity entity, io_format format, FILE *in, const char *name,
              io_progress_fn progress, void *progress_ctx, long *imported, hk_err *err)
{
    long count = 0;
    int rc = store_begin(st, err);
    if (rc)
        return rc;
    rc = format == IO_JSONL ? import_jsonl(st, entity, in, name, progress, progress_ctx, &count, err)
                            : import_csv(st, entity, in, name, progress, progress_ctx, &count, err);
    if (!rc && ferror(in))
        rc = hk_err_set(err, HK_EIO, name, "read error");
    if (rc) {
        store_rollback(st);
        return rc;
    }
    rc = store_commit(st, err);
    if (!rc && imported)
        *imported = count;
    return rc;
}
