/*
 * hk_tz.c - IANA time zones through ICU's ucal (see hk_tz.h). ICU carries
 * its own copy of the tz database, so the answer does not depend on the
 * host's /usr/share/zoneinfo, and ucal objects are per call, so this is
 * safe from any thread.
 */
#include "hk_tz.h"

#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

/* The zone name as UTF-16 into u (cap units); false when it does not
 * fit or is not plain ASCII (every IANA name is). */
static bool to_uchars(const char *zone, UChar *u, size_t cap)
{
    size_t n = strlen(zone);
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)zone[i];
        if (c < 0x21 || c > 0x7e)
            return false;
        u[i] = c;
    }
    u[n] = 0;
    return true;
}

bool hk_tz_known(const char *zone)
{
    UChar u[HK_TZ_MAX], canon[HK_TZ_MAX];
    if (!zone || !to_uchars(zone, u, HK_TZ_MAX))
        return false;
    /* A name ICU does not know canonicalises with an error (or to
     * "Etc/Unknown"); custom ids ("GMT+05:00") are "known" to ICU but
     * not system zones, and are refused: a meeting's zone must follow
     * the place's rules. */
    UErrorCode e = U_ZERO_ERROR;
    UBool system = 0;
    int32_t n = ucal_getCanonicalTimeZoneID(u, -1, canon, HK_TZ_MAX, &system, &e);
    if (U_FAILURE(e) || n <= 0 || !system)
        return false;
    static const UChar unknown[] = {'E', 't', 'c', '/', 'U', 'n', 'k', 'n', 'o', 'w', 'n', 0};
    return u_strcmp(canon, unknown) != 0;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Parses "YYYY-MM-DDTHH:MM" into its parts; false when malformed or not
 * a real date and time. */
static bool parse_local(const char *s, int *y, int *mo, int *d, int *h, int *mi)
{
    if (!s || strlen(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':')
        return false;
    *y = digits(s, 4);
    *mo = digits(s + 5, 2);
    *d = digits(s + 8, 2);
    *h = digits(s + 11, 2);
    *mi = digits(s + 14, 2);
    if (*y < 1 || *mo < 1 || *mo > 12 || *d < 1 || *h < 0 || *h > 23 || *mi < 0 || *mi > 59)
        return false;
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = dim[*mo - 1];
    if (*mo == 2 && ((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
        max = 29;
    return *d <= max;
}

bool hk_tz_is_local(const char *s)
{
    int y, mo, d, h, mi;
    return parse_local(s, &y, &mo, &d, &h, &mi);
}

int hk_tz_to_utc(const char *local, const char *zone, int64_t *out)
{
    int y, mo, d, h, mi;
    UChar u[HK_TZ_MAX];
    *out = 0;
    if (!parse_local(local, &y, &mo, &d, &h, &mi) || !hk_tz_known(zone) || !to_uchars(zone, u, HK_TZ_MAX))
        return -1;
    UErrorCode e = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(u, -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &e);
    if (U_FAILURE(e))
        return -1;
    ucal_clear(cal);
    ucal_setDateTime(cal, y, mo - 1, d, h, mi, 0, &e);
    UDate ms = ucal_getMillis(cal, &e);
    ucal_close(cal);
    if (U_FAILURE(e))
        return -1;
    *out = (int64_t)(ms / 1000.0);
    return 0;
}

int hk_tz_offset(const char *zone, int64_t at, int *seconds)
{
    UChar u[HK_TZ_MAX];
    *seconds = 0;
    if (!hk_tz_known(zone) || !to_uchars(zone, u, HK_TZ_MAX))
        return -1;
    UErrorCode e = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(u, -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &e);
    if (U_FAILURE(e))
        return -1;
    ucal_setMillis(cal, (UDate)at * 1000.0, &e);
    int32_t ms = ucal_get(cal, UCAL_ZONE_OFFSET, &e) + ucal_get(cal, UCAL_DST_OFFSET, &e);
    ucal_close(cal);
    if (U_FAILURE(e))
        return -1;
    *seconds = ms / 1000;
    return 0;
}
