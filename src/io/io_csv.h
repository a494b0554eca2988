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
 * 0 at end of input, or a negative HK_E* with err->field = "line N". A
 * field of one or more single quotes followed by = + - @, tab or CR loses
 * its first quote (the formula guard of io_csv_write_field, undone). */
int io_csv_read(io_csv_reader *r, hk_err *err);

/* Writes one field, quoted when it holds a comma, quote, CR or LF, or
 * starts with a space; sep is written before it unless first. This is
 * the one CSV cell writer of hamkor: every CSV it answers or exports
 * (listings and organisations, the Action Plan, the projects pipeline)
 * writes its cells here, so that the formula guard below holds for all.
 *
 * The formula guard (OWASP, "CSV Injection"): a spreadsheet runs a cell
 * that starts with = + - @, a tab or a CR as a formula, so such a cell is
 * written with a single quote before it ("=HYPERLINK(...)" is written
 * "'=HYPERLINK(...)", which spreadsheets show as text). A plain number
 * ("-41.29", "+7") is left as it is: it is no formula, and coordinates
 * and amounts stay numbers. So that the guard can be undone, a cell that
 * is one or more quotes followed by one of those characters gets one
 * more quote too; io_csv_read removes one quote from exactly such cells,
 * so reading gives back what was written (export, import, export is
 * byte-identical). */
void io_csv_write_field(FILE *out, const char *s, int first);

/* True when the field s is written with the formula guard's quote. */
int io_csv_guarded(const char *s);

#endif
