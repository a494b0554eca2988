/*
 * http_ical.c - GET /api/v1/calendar.ics: an iCalendar feed (RFC 5545) of
 * the coordination mechanism's upcoming meetings and the Action Plan's
 * upcoming deadlines, for a calendar application to subscribe to.
 *
 * Meetings are timed events in UTC (DTSTART...Z, computed by the store
 * from the local time and IANA zone they were announced in), so no
 * VTIMEZONE is needed and every client shows them in its own zone; the
 * announced local time and zone are repeated in the description.
 * Deadlines are all-day events on the deadline's date. Titles are in the
 * language asked for (lang=en|ru|zh), else the original's. The content
 * lines are written by src/io/io_ical.c (escaping and folding).
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/io_ical.h"

/* The title in lang, else the original, else the first. */
static const coord_text *pick(const coord_text *t, size_t n, const char *lang)
{
    for (size_t i = 0; lang && i < n; i++)
        if (!strncmp(t[i].lang, lang, 2) && (t[i].lang[2] == '\0' || t[i].lang[2] == '-'))
            return &t[i];
    for (size_t i = 0; i < n; i++)
        if (t[i].origin == ORIGIN_ORIGINAL)
            return &t[i];
    return n ? &t[0] : NULL;
}

static void meeting_event(FILE *out, const meeting *m, const char *lang, int64_t now)
{
    const coord_text *t = pick(m->texts, m->n_texts, lang);
    char uid[64], desc[256];
    snprintf(uid, sizeof uid, "meeting-%lld@hamkor", (long long)m->id);
    fputs("BEGIN:VEVENT\r\n", out);
    io_ical_raw(out, "UID", uid);
    io_ical_utc(out, "DTSTAMP", now);
    io_ical_utc(out, "DTSTART", m->starts_at);
    io_ical_utc(out, "DTEND", m->starts_at + (int64_t)m->minutes * 60);
    io_ical_text(out, "SUMMARY", t ? t->title : "");
    if (m->place)
        io_ical_text(out, "LOCATION", m->place);
    snprintf(desc, sizeof desc, "%s, %s %s (%s), chair: %s", coord_enum_name(CENUM_MEETING_TYPE, (int)m->type),
             m->starts, m->tz, coord_enum_name(CENUM_FORMAT, (int)m->format), m->chair);
    io_ical_text(out, "DESCRIPTION", desc);
    io_ical_raw(out, "CATEGORIES", "MEETING");
    fputs("END:VEVENT\r\n", out);
}

static void deadline_event(FILE *out, const measure *m, const char *lang, int64_t now)
{
    const coord_text *t = pick(m->texts, m->n_texts, lang);
    char uid[64], summary[MODEL_MAX_NAME * 4 + 64], next[11];
    snprintf(uid, sizeof uid, "measure-%lld-deadline@hamkor", (long long)m->id);
    snprintf(summary, sizeof summary, "%s %s", m->code, t ? t->title : "");
    /* DTEND of an all-day event is the day after (exclusive). */
    struct tm tm = {0};
    tm.tm_year = atoi(m->deadline) - 1900;
    tm.tm_mon = atoi(m->deadline + 5) - 1;
    tm.tm_mday = atoi(m->deadline + 8) + 1;
    time_t d = timegm(&tm);
    gmtime_r(&d, &tm);
    strftime(next, sizeof next, "%Y-%m-%d", &tm);
    fputs("BEGIN:VEVENT\r\n", out);
    io_ical_raw(out, "UID", uid);
    io_ical_utc(out, "DTSTAMP", now);
    io_ical_date(out, "DTSTART", m->deadline);
    io_ical_date(out, "DTEND", next);
    io_ical_text(out, "SUMMARY", summary);
    io_ical_raw(out, "CATEGORIES", "DEADLINE");
    io_ical_raw(out, "TRANSP", "TRANSPARENT");
    fputs("END:VEVENT\r\n", out);
}

void api_calendar(http_req *req, http_resp *resp)
{
    const char *lang = http_arg(req, "lang");
    store_meeting_filter mf = {.type = -1};
    hk_err err;
    if (lang && strcmp(lang, "en") && strcmp(lang, "ru") && strcmp(lang, "zh")) {
        hk_err_set(&err, HK_EINVAL, "lang", "lang must be en, ru or zh");
        http_error(resp, &err);
        return;
    }
    if (http_state_arg(req, resp, "country", mf.country) || http_authorize(req, resp, AUTH_COORD_READ, NULL))
        return;
    int64_t now = (int64_t)time(NULL);
    store_measure_filter sf = {.status = -1};
    memcpy(sf.state, mf.country, 3);
    http_today(sf.today);
    /* Upcoming: meetings from the start of today (UTC), deadlines from
     * today on. */
    mf.from = now - now % 86400;
    meeting *mv = NULL;
    measure *sv = NULL;
    size_t mn = 0, sn = 0;
    if (store_meetings_list(req->st, &mf, &mv, &mn, &err) || store_measures_list(req->st, &sf, &sv, &sn, &err)) {
        store_meetings_free(mv, mn);
        http_error(resp, &err);
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (out) {
        fputs("BEGIN:VCALENDAR\r\n", out);
        io_ical_raw(out, "VERSION", "2.0");
        io_ical_raw(out, "PRODID", "-//hamkor//SCO coordination mechanism//EN");
        io_ical_raw(out, "CALSCALE", "GREGORIAN");
        io_ical_raw(out, "METHOD", "PUBLISH");
        io_ical_text(out, "X-WR-CALNAME", "SCO industrial cooperation: meetings and Action Plan deadlines");
        for (size_t i = 0; i < mn; i++)
            meeting_event(out, &mv[i], lang, now);
        for (size_t i = 0; i < sn; i++)
            if ((sv[i].status == MEASURE_NOT_STARTED || sv[i].status == MEASURE_IN_PROGRESS) &&
                strcmp(sv[i].deadline, sf.today) >= 0)
                deadline_event(out, &sv[i], lang, now);
        fputs("END:VCALENDAR\r\n", out);
        fclose(out);
    }
    store_meetings_free(mv, mn);
    store_measures_free(sv, sn);
    if (!out) {
        hk_err_set(&err, HK_ENOMEM, "", "out of memory");
        http_error(resp, &err);
        return;
    }
    resp->status = 200;
    resp->raw = buf;
    resp->raw_len = len;
    resp->content_type = "text/calendar; charset=utf-8";
}
