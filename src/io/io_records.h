/*
 * io_records.h - import and export of organisations and listings as JSON
 * Lines and CSV (`hamkor import` / `hamkor export`).
 *
 * Both formats carry the canonical JSON form of model_json.h: a JSONL line
 * is one record object; a CSV row has one column per member of that
 * object, scalar members as text and list members as compact JSON in the
 * cell. So export -> import -> export gives identical output, and a CSV is
 * still readable in a spreadsheet.
 *
 * An import is one transaction: the first bad record aborts it with
 * "FILE:LINE: field: reason" and nothing is written.
 */
#ifndef HK_IO_RECORDS_H
#define HK_IO_RECORDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hk_err.h"
#include "store/store.h"

typedef enum { IO_ORGANISATIONS, IO_LISTINGS } io_entity;
typedef enum { IO_JSONL, IO_CSV } io_format;

#define IO_MAX_LINE (4u << 20) /* bytes in one JSONL line */

/* "organisations" / "listings" -> entity; -1 when neither. */
int io_entity_parse(const char *s);
/* "jsonl" / "csv" -> format; -1 otherwise. */
int io_format_parse(const char *s);
/* Format from a file name's extension (.jsonl, .ndjson, .csv); -1 when unknown. */
int io_format_from_path(const char *path);

/* Called every few thousand records with the count so far (may be NULL). */
typedef void (*io_progress_fn)(void *ctx, long records);

/* Every record of entity to out, in id order; progress (may be NULL) is
 * told the count every few thousand records and at the end. */
int io_export(hk_store *st, io_entity entity, io_format format, FILE *out, io_progress_fn progress,
              void *progress_ctx, hk_err *err);

/* An export a step at a time, for a caller that cannot hold the store or
 * the whole output for long (the HTTP export streams it): each step
 * writes the records of the next max_ids ids, in id order, up to the
 * largest id there was at the first step. published_only keeps only the
 * published listings (organisations are all public). */
#define IO_EXPORT_BATCH 512
typedef struct io_exporter io_exporter;
int io_exporter_new(io_entity entity, io_format format, bool published_only, io_exporter **out, hk_err *err);
/* Writes the next records (and, at the first step, the CSV header) to
 * out; *done once nothing remains. */
int io_exporter_step(io_exporter *x, hk_store *st, int64_t max_ids, FILE *out, bool *done, hk_err *err);
/* How many records the steps so far wrote. */
long io_exporter_records(const io_exporter *x);
void io_exporter_free(io_exporter *x);

/* Imports records of `entity` from in. name is used in error messages.
 * *imported receives the count on success. */
int io_import(hk_store *st, io_entity entity, io_format format, FILE *in, const char *name,
              io_progress_fn progress, void *progress_ctx, long *imported, hk_err *err);

#endif
