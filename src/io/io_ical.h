/*
 * io_ical.h - writing iCalendar (RFC 5545) content lines: TEXT values
 * escaped (backslash, semicolon, comma, newline; section 3.3.11), lines
 * folded at 75 octets with CRLF and a space, never inside a UTF-8
 * sequence (section 3.1), every line ended by CRLF. The calendar's
 * content (which events) is the caller's; see src/http/http_ical.c.
 */
#ifndef HK_IO_ICAL_H
#define HK_IO_ICAL_H

#include <stdint.h>
#include <stdio.h>

#define IO_ICAL_FOLD 75 /* octets per line before folding, CRLF excluded */

/* Writes "NAME:value" with value written as is (no escaping): for
 * values whose form has no special characters (dates, UIDs, "2.0"). */
void io_ical_raw(FILE *out, const char *name, const char *value);
/* Writes "NAME:value" with value escaped as TEXT. */
void io_ical_text(FILE *out, const char *name, const char *value);
/* Writes "NAME:YYYYMMDDTHHMMSSZ" for unix time t (UTC form). */
void io_ical_utc(FILE *out, const char *name, int64_t t);
/* Writes "NAME;VALUE=DATE:YYYYMMDD" for date "YYYY-MM-DD". */
void io_ical_date(FILE *out, const char *name, const char *date);

#endif
