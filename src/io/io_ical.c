/*
 * io_ical.c - iCalendar content lines (see io_ical.h). A line is built
 * whole in memory, then written folded: a break is placed before the
 * octet that would make the line longer than 75 octets, moved back to the
 * start of a UTF-8 sequence when it falls inside one, and the next line
 * starts with one space (which counts toward its 75).
 */
#include "io/io_ical.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Writes s (n octets) as one folded content line ended by CRLF. */
static void folded(FILE *out, const char *s, size_t n)
{
    size_t at = 0, width = IO_ICAL_FOLD;
    while (n - at > width) {
        size_t cut = at + width;
        /* Continuation octets are 10xxxxxx: back up to a lead octet. */
        while (cut > at && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        fwrite(s + at, 1, cut - at, out);
        fputs("\r\n ", out);
        at = cut;
        width = IO_ICAL_FOLD - 1;
    }
    fwrite(s + at, 1, n - at, out);
    fputs("\r\n", out);
}

/* Appends to a growing buffer; on failure the line is dropped (the
 * caller's stream reports the memory failure). */
typedef struct line {
    char *p;
    size_t n, cap;
    int failed;
} line;

static void add(line *l, const char *s, size_t n)
{
    if (l->failed)
        return;
    if (l->n + n + 1 > l->cap) {
        size_t cap = (l->n + n + 1) * 2;
        char *p = realloc(l->p, cap);
        if (!p) {
            l->failed = 1;
            return;
        }
        l->p = p;
        l->cap = cap;
    }
    memcpy(l->p + l->n, s, n);
    l->n += n;
}

static void emit(FILE *out, line *l)
{
    if (!l->failed)
        folded(out, l->p, l->n);
    free(l->p);
}

void io_ical_raw(FILE *out, const char *name, const char *value)
{
    line l = {0};
    add(&l, name, strlen(name));
    add(&l, ":", 1);
    add(&l, value, strlen(value));
    emit(out, &l);
}

void io_ical_text(FILE *out, const char *name, const char *value)
{
    line l = {0};
    add(&l, name, strlen(name));
    add(&l, ":", 1);
    for (const char *p = value ? value : ""; *p; p++) {
        switch (*p) {
        case '\\': add(&l, "\\\\", 2); break;
        case ';': add(&l, "\\;", 2); break;
        case ',': add(&l, "\\,", 2); break;
        case '\n': add(&l, "\\n", 2); break;
        case '\r': break; /* CRLF in the source becomes one \n */
        default:
            /* Other control characters are not allowed in TEXT. */
            if ((unsigned char)*p >= 0x20 && *p != 0x7f)
                add(&l, p, 1);
        }
    }
    emit(out, &l);
}

void io_ical_utc(FILE *out, const char *name, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[17];
    gmtime_r(&tt, &tm);
    strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    io_ical_raw(out, name, buf);
}

void io_ical_date(FILE *out, const char *name, const char *date)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s;VALUE=DATE", name);
    char d[9] = {date[0], date[1], date[2], date[3], date[5], date[6], date[8], date[9], 0};
    io_ical_raw(out, buf, d);
}
