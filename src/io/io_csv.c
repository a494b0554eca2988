/*
 * io_csv.c - a small RFC 4180 reader and writer (see io_csv.h). Written by
 * hand: Debian has no well-kept C CSV library that reports line numbers
 * and enforces limits, and the format is a page of code.
 */
#include "io/io_csv.h"

#include <stdlib.h>
#include <string.h>

/* The characters that make a spreadsheet read a cell as a formula. */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* A plain decimal number: an optional sign, digits, an optional fraction
 * and exponent. */
static int plain_number(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '-' || *p == '+';
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* Quotes (none or more), then a formula character. */
static int quotes_then_formula(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    return i < n && formula_start(s[i]);
}

void io_csv_reader_init(io_csv_reader *r, FILE *in)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    r->line = 1;
}

void io_csv_reader_free(io_csv_reader *r)
{
    free(r->fields);
    free(r->buf);
    free(r->offs);
    memset(r, 0, sizeof *r);
}

static int push_byte(io_csv_reader *r, size_t *len, int c, hk_err *err)
{
    if (*len + 1 >= r->buf_cap) {
        if (r->buf_cap >= IO_CSV_MAX_FIELD * 4u)
            return hk_err_set(err, HK_ETOOBIG, NULL, "record longer than %u bytes", IO_CSV_MAX_FIELD * 4u);
        size_t cap = r->buf_cap ? r->buf_cap * 2 : 4096;
        char *nb = realloc(r->buf, cap);
        if (!nb)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        r->buf = nb;
        r->buf_cap = cap;
    }
    r->buf[(*len)++] = (char)c;
    return 0;
}

static int end_field(io_csv_reader *r, size_t *len, size_t start, hk_err *err)
{
    if (*len - start > IO_CSV_MAX_FIELD)
        return hk_err_set(err, HK_ETOOBIG, NULL, "field %zu is longer than %u bytes", r->n_fields + 1,
                          IO_CSV_MAX_FIELD);
    if (r->n_fields >= IO_CSV_MAX_FIELDS)
        return hk_err_set(err, HK_ETOOBIG, NULL, "more than %d fields", IO_CSV_MAX_FIELDS);
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
        size_t *no = realloc(r->offs, cap * sizeof *no);
        if (!no)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        r->offs = no;
        char **nf = realloc(r->fields, cap * sizeof *nf);
        if (!nf)
            return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
        r->fields = nf;
        r->cap_fields = cap;
    }
    /* Undo the formula guard: one quote less on a field of quotes then a
     * formula character (at least one quote). */
    if (*len > start && r->buf[start] == '\'' && quotes_then_formula(r->buf + start, *len - start)) {
        memmove(r->buf + start, r->buf + start + 1, *len - start - 1);
        (*len)--;
    }
    int rc = push_byte(r, len, '\0', err);
    if (rc)
        return rc;
    r->offs[r->n_fields++] = start;
    return 0;
}

int io_csv_read(io_csv_reader *r, hk_err *err)
{
    size_t len = 0, start = 0;
    int quoted = 0, in_quotes = 0, any = 0, rc;
    r->n_fields = 0;
    r->record_line = r->line;
    for (;;) {
        int c = getc(r->in);
        if (c == EOF) {
            if (in_quotes)
                return hk_err_set(err, HK_EINVAL, NULL, "line %ld: a quoted field is not closed", r->record_line);
            if (!any)
                return 0;
            break;
        }
        any = 1;
        if (c == '\n')
            r->line++;
        if (in_quotes) {
            if (c == '"') {
                int d = getc(r->in);
                if (d == '"') {
                    if ((rc = push_byte(r, &len, '"', err)))
                        return rc;
                    continue;
                }
                if (d != EOF)
                    ungetc(d, r->in);
                in_quotes = 0;
                continue;
            }
            if ((rc = push_byte(r, &len, c, err)))
                return rc;
            continue;
        }
        if (c == '"') {
            if (len != start || quoted)
                return hk_err_set(err, HK_EINVAL, NULL, "line %ld: a quote inside an unquoted field", r->line);
            quoted = in_quotes = 1;
            continue;
        }
        if (c == ',') {
            if ((rc = end_field(r, &len, start, err)))
                return rc;
            start = len;
            quoted = 0;
            continue;
        }
        if (c == '\r') {
            int d = getc(r->in);
            if (d != '\n') {
                if (d != EOF)
                    ungetc(d, r->in);
                return hk_err_set(err, HK_EINVAL, NULL, "line %ld: a bare carriage return", r->line);
            }
            r->line++;
            break;
        }
        if (c == '\n')
            break;
        if (quoted)
            return hk_err_set(err, HK_EINVAL, NULL, "line %ld: text after a closing quote", r->line);
        if ((rc = push_byte(r, &len, c, err)))
            return rc;
    }
    if ((rc = end_field(r, &len, start, err)))
        return rc;
    for (size_t i = 0; i < r->n_fields; i++)
        r->fields[i] = r->buf + r->offs[i];
    return 1;
}

int io_csv_guarded(const char *s)
{
    return s && quotes_then_formula(s, strlen(s)) && !plain_number(s);
}

void io_csv_write_field(FILE *out, const char *s, int first)
{
    if (!first)
        putc(',', out);
    if (!s)
        return;
    if (io_csv_guarded(s)) {
        /* The quote goes inside the CSV quoting, if any: it is part of
         * the cell. */
        if (!strpbrk(s, ",\"\r\n")) {
            putc('\'', out);
            fputs(s, out);
            return;
        }
        fputs("\"'", out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                putc('"', out);
            putc(*p, out);
        }
        putc('"', out);
        return;
    }
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ') {
        fputs(s, out);
        return;
    }
    putc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            putc('"', out);
        putc(*p, out);
    }
    putc('"', out);
}
