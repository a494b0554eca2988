/*
 * hk_tz.h - IANA time zones (ICU's calendar behind one file): whether a
 * zone name is known, and the UTC instant of a local date and time in a
 * zone. Meetings are kept as the organisers announce them ("16 July 2021,
 * 10:00, Asia/Dushanbe"); the store also keeps the UTC instant this
 * gives, for ordering and for the iCalendar feed.
 */
#ifndef HK_TZ_H
#define HK_TZ_H

#include <stdbool.h>
#include <stdint.h>

#define HK_TZ_MAX 64 /* bytes of a zone name, with the NUL */

/* True when zone is an IANA zone name ICU knows ("Asia/Tashkent",
 * "Europe/Moscow", "UTC"), written exactly (case included); false for
 * NULL, "", abbreviations ("MSK") and raw offsets ("GMT+5"). */
bool hk_tz_known(const char *zone);

/* The unix time of local "YYYY-MM-DDTHH:MM" in zone, into *out. A time
 * skipped by a daylight-saving change is moved forward by the gap, one
 * that occurs twice is taken at its first occurrence. 0, or -1 when
 * local or zone is malformed or unknown. */
int hk_tz_to_utc(const char *local, const char *zone, int64_t *out);

/* The offset from UTC of zone at unix time at, in seconds east of UTC
 * (daylight saving included), into *seconds: 0, or -1 for an unknown
 * zone. */
int hk_tz_offset(const char *zone, int64_t at, int *seconds);

/* True when s is "YYYY-MM-DDTHH:MM" with a real date and time. */
bool hk_tz_is_local(const char *s);

#endif
