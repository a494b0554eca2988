/*
 * demo_partner_meetings.c - the demo's 1:1 meeting requests between
 * partners (issue 14): on the two accepted interests of demo_projects.c
 * (KZ in UZ's listing, RU in CN's), a few requests in every state a
 * reader should see: accepted (with its calendar file), awaiting the
 * other side, countered, declined with a reason, and cancelled. They are
 * written through the store's own steps by the demo accounts' admins, so
 * the history, audit trail and notifications are the real ones. Times lie
 * a few weeks after the day the demo is made, so they are always ahead.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo/demo_int.h"

/* "YYYY-MM-DDTHH:MM" of the day days after today (UTC) at hh:00. */
static void day_at(int days, int hh, char out[17])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    char day[11];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(out, 17, "%.10sT%02u:00", day, (unsigned)hh % 24u);
}

static pm_proposal proposal(int days, const char *tz, int n, const char *place, const char *video,
                            const char *text)
{
    pm_proposal p = {.n_times = (size_t)n, .place = place, .video_url = video, .message = text};
    for (int i = 0; i < n; i++) {
        day_at(days + i, 10 + 2 * i, p.times[i].starts);
        snprintf(p.times[i].tz, sizeof p.times[i].tz, "%s", tz);
        p.times[i].minutes = 60 - 15 * (i % 2);
    }
    return p;
}

int demo__partner_meetings(hk_store *st, const int64_t org[4], const int64_t admin[4], const int64_t eoi[2],
                           hk_err *err)
{
    enum { UZ, KZ, RU, CN };
    int64_t id;
    /* KZ asks UZ; UZ takes the second time: an accepted meeting. */
    pm_proposal p = proposal(21, "Asia/Tashkent", 2, "Ташкент, Чиланзарский р-н, заводоуправление",
                             NULL, "Обсудим поставки металлоконструкций и график монтажа.");
    int rc = store_pm_propose_on_interest(st, eoi[0], org[KZ], admin[KZ], &p, &id, err);
    if (!rc)
        rc = store_pm_accept(st, id, org[UZ], admin[UZ], 2, err);
    /* UZ asks KZ for a video call: awaiting KZ's answer. */
    if (!rc) {
        p = proposal(28, "Asia/Tashkent", 3, NULL, "https://meet.example.org/uz-kz-montazh",
                     "Короткий созвон по техническому заданию.");
        rc = store_pm_propose_on_interest(st, eoi[0], org[UZ], admin[UZ], &p, &id, err);
    }
    /* RU asks CN; CN proposes other times: awaiting RU's answer. */
    if (!rc) {
        p = proposal(30, "Europe/Moscow", 2, "Москва, ВДНХ, павильон 75", NULL,
                     "Предлагаем встретиться на выставке и обсудить сервисные центры.");
        rc = store_pm_propose_on_interest(st, eoi[1], org[RU], admin[RU], &p, &id, err);
    }
    if (!rc) {
        p = proposal(35, "Asia/Shanghai", 1, "上海，浦东新区，公司总部", "https://meet.example.org/cn-ru-service",
                     "我们的团队那周在上海，欢迎来访或视频会议。");
        rc = store_pm_counter(st, id, org[CN], admin[CN], &p, err);
    }
    /* CN asks RU; RU declines, saying why. */
    if (!rc) {
        p = proposal(40, "Asia/Shanghai", 1, NULL, "https://meet.example.org/cn-ru-sales", "讨论销售合作。");
        rc = store_pm_propose_on_interest(st, eoi[1], org[CN], admin[CN], &p, &id, err);
    }
    if (!rc)
        rc = store_pm_decline(st, id, org[RU], admin[RU], "До конца квартала график переговоров заполнен.", err);
    /* KZ asks UZ, then withdraws. */
    if (!rc) {
        p = proposal(45, "Asia/Almaty", 1, "Алматы, пр. Абая 10", NULL, "Визит на производство.");
        rc = store_pm_propose_on_interest(st, eoi[0], org[KZ], admin[KZ], &p, &id, err);
    }
    if (!rc)
        rc = store_pm_cancel(st, id, org[KZ], admin[KZ], "Командировку перенесли на следующий месяц.", err);
    return rc;
}
