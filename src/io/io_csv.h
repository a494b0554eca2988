/*
 * io_csv.h - RFC 4180 CSV: reading records (quoted fields may span lines)
 * and writing them. Used by import/export; knows nothing of hamkor records.
 *
 * The reader keeps the physical line number where each record starts, so
 * errors can say "file.csv:17". Every field and record has a hard maximum.
 */
#ifndef HK_IO_CSV_H
#define HK_IO_CSV_H

#include <stdio.h>

#include "hk_err.h"

#define IO_CSV_MAX_FIELD (1u << 20)   /* bytes in one field */
#define IO_CSV_MAX_FIELDS 256         /* fields in one record */

typedef struct io_csv_reader {
    FILE *in;                /* not owned */
    long line;               /* physical line of the next byte (1-based) */
    long record_line;        /* line where the last record read started */
    char **fields;           /* OUT of io_csv_read: NUL-terminated, owned here */
    size_t n_fields;
    size_t cap_fields;
    char *buf;               /* field bytes, from malloc(), grows to the maximum */
    size_t buf_cap;
    size_t *offs;            /* start of each field in buf */
} io_csv_reader;

void io_csv_reader_init(io_csv_reader *r, FILE *in);
void io_csv_reader_free(io_csv_reader *r);

/* Reads the next record into r->fields. Returns 1 when a record was read,
 * 0 at end of input, or a negative HK_E* with err->field = "line N". */
int io_csv_read(io_csv_reader *r, hk_err *err);

/* Writes one field, quoted when it holds a comma, quote, CR or LF, or
 * starts with a space; sep is written before it unless first. */
void io_csv_write_field(FILE *out, const char *s, int first);

#endif
