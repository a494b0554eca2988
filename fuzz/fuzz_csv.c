/*
 * fuzz_csv.c - the RFC 4180 reader and writer of CSV import and export
 * (src/io/io_csv.c) on any bytes.
 *
 * Input: the file.
 * Invariants: the reader ends (at the end of input or at an error with a
 * message naming the line); each record has 1..IO_CSV_MAX_FIELDS fields
 * of at most IO_CSV_MAX_FIELD bytes and starts on a line at or after the
 * previous one's; every record read, written back with
 * io_csv_write_field and read again, gives the same fields.
 */
#include "fuzz_util.h"
#include "io/io_csv.h"

/* Writes fields as one CSV record and reads it back; they must agree. */
static void round_trip(char **fields, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    FUZZ_CHECK(out != NULL, "open_memstream");
    for (size_t i = 0; i < n; i++)
        io_csv_write_field(out, fields[i], i == 0);
    fputs("\r\n", out);
    fclose(out);
    FILE *in = fmemopen(text, len, "r");
    FUZZ_CHECK(in != NULL, "fmemopen");
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    hk_err err;
    int rc = io_csv_read(&r, &err);
    FUZZ_CHECK(rc == 1, "a written record does not read back (%d: %s): [%s]", rc, rc < 0 ? err.msg : "", text);
    FUZZ_CHECK(r.n_fields == n, "%zu fields written, %zu read back", n, r.n_fields);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(!strcmp(fields[i], r.fields[i]), "field %zu [%s] read back as [%s]", i, fields[i],
                   r.fields[i]);
    FUZZ_CHECK(io_csv_read(&r, &err) == 0, "more than one record written: [%s]", text);
    io_csv_reader_free(&r);
    fclose(in);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 20))
        return 0;
    FILE *in = fmemopen((void *)data, size, "r");
    FUZZ_CHECK(in != NULL, "fmemopen");
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    hk_err err;
    long last_line = 1;
    int rc;
    while ((rc = io_csv_read(&r, &err)) == 1) {
        FUZZ_CHECK(r.n_fields >= 1 && r.n_fields <= IO_CSV_MAX_FIELDS, "%zu fields", r.n_fields);
        FUZZ_CHECK(r.record_line >= last_line, "record at line %ld after %ld", r.record_line, last_line);
        last_line = r.record_line;
        for (size_t i = 0; i < r.n_fields; i++)
            FUZZ_CHECK(strlen(r.fields[i]) <= IO_CSV_MAX_FIELD, "field of %zu bytes", strlen(r.fields[i]));
        round_trip(r.fields, r.n_fields);
    }
    if (rc < 0)
        FUZZ_CHECK(err.msg[0] && (rc == HK_EINVAL || rc == HK_ETOOBIG), "error %d [%s]", rc, err.msg);
    io_csv_reader_free(&r);
    fclose(in);
    return 0;
}
