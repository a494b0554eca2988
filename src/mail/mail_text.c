/*
 * mail_text.c - the text of notification mails, in the user's language:
 * one subject and one sentence per notification kind, in English,
 * Russian and Chinese, and a link into the web UI (the listing's page,
 * or the inbox for interests and messages). Plain text only: a mail
 * client shows it as written, and nothing in it can run.
 *
 * A new notification kind needs a row in each table below; the test
 * (tests/test_mail.c) renders every kind in every language.
 */
#include "mail/mail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kind_text {
    const char *kind;          /* store_notify_kind_name */
    const char *page;          /* the page the mail links to ("/inbox"); NULL: the listing's */
    const char *subject[3];    /* en, ru, zh */
    const char *line[3];       /* one sentence, then the link */
} kind_text;

static const kind_text kinds[] = {
    {"saved_search", NULL,
     {"New listing for your saved search", "Новое объявление по вашему сохранённому поиску",
      "您保存的搜索有新的信息"},
     {"A new listing matches one of your saved searches.", "Новое объявление соответствует вашему сохранённому поиску.",
      "一条新信息符合您保存的搜索。"}},
    {"listing_match", NULL,
     {"A listing matches yours", "Объявление соответствует вашему", "有信息与您的信息匹配"},
     {"A listing matches one of your organisation's listings.",
      "Объявление соответствует одному из объявлений вашей организации.", "有一条信息与贵组织的信息匹配。"}},
    {"interest_received", "/inbox",
     {"New expression of interest", "Новое выражение интереса", "新的意向表达"},
     {"Your organisation received an expression of interest.", "Ваша организация получила выражение интереса.",
      "贵组织收到了一份意向表达。"}},
    {"interest_decided", "/inbox",
     {"Your expression of interest was answered", "На ваше выражение интереса ответили", "您的意向表达已有答复"},
     {"An expression of interest you sent was accepted or declined.",
      "Выражение интереса, которое вы отправили, принято или отклонено.", "您发出的意向表达已被接受或拒绝。"}},
    {"message", "/inbox",
     {"New message", "Новое сообщение", "新消息"},
     {"You have a new message about an expression of interest.", "У вас новое сообщение по выражению интереса.",
      "您有一条关于意向表达的新消息。"}},
    {"listing_expiring", NULL,
     {"Your listing expires soon", "Срок вашего объявления скоро истекает", "您的信息即将过期"},
     {"One of your organisation's listings expires within a week.",
      "Срок одного из объявлений вашей организации истекает в течение недели.", "贵组织的一条信息将在一周内过期。"}},
    {"partner_meeting", "/partner-meetings",
     {"A meeting request needs your answer", "Запрос о встрече ждёт вашего ответа", "会面请求等待您的答复"},
     {"A partner asked for a meeting, proposed other times, or answered your request.",
      "Партнёр предложил встречу, другое время или ответил на ваш запрос.", "合作伙伴提出了会面、建议了其他时间或答复了您的请求。"}},
};

static const char *const digest_subject[3] = {"Your daily summary: %zu notifications",
                                              "Ваша ежедневная сводка: уведомлений — %zu", "您的每日摘要：%zu 条通知"};
static const char *const digest_intro[3] = {"Unread notifications since your last summary:",
                                            "Непрочитанные уведомления после прошлой сводки:", "自上次摘要以来的未读通知："};
static const char *const footer[3] = {
    "You receive this mail because of your notification settings on your account page.",
    "Вы получили это письмо из-за настроек уведомлений на странице вашей учётной записи.",
    "您收到此邮件是因为您账户页面上的通知设置。"};

static int lang_index(const char *lang)
{
    if (lang && !strcmp(lang, "ru"))
        return 1;
    if (lang && !strcmp(lang, "zh"))
        return 2;
    return 0;
}

static const kind_text *find_kind(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kind && !strcmp(kinds[i].kind, kind))
            return &kinds[i];
    return NULL;
}

/* A growing string; ok false once an allocation failed. */
typedef struct sbuf {
    char *s;                   /* from malloc() */
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0 || (b->n + (size_t)k + 1 > b->cap && !b->oom)) {
        size_t cap = b->cap ? b->cap : 256;
        while (k >= 0 && cap < b->n + (size_t)k + 1)
            cap *= 2;
        char *s = k < 0 ? NULL : realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

/* The link of a notification: its kind's page, else the listing's (the inbox without one). */
static void sb_link(sbuf *b, const kind_text *k, int64_t listing_id, const char *public_url)
{
    const char *base = public_url && *public_url ? public_url : "";
    size_t len = strlen(base);
    while (len && base[len - 1] == '/')
        len--;
    if (!k || k->page || listing_id <= 0)
        sb_printf(b, "%.*s%s", (int)len, base, k && k->page ? k->page : "/inbox");
    else
        sb_printf(b, "%.*s/listings/%lld", (int)len, base, (long long)listing_id);
}

static int finish(sbuf *subj, sbuf *body, char **subject, char **out_body)
{
    if (subj->oom || body->oom || !subj->s || !body->s) {
        free(subj->s);
        free(body->s);
        return HK_ENOMEM;
    }
    *subject = subj->s;
    *out_body = body->s;
    return 0;
}

int mail_text_notification(const char *lang, const char *kind, int64_t listing_id, const char *public_url,
                           char **subject, char **body)
{
    int li = lang_index(lang);
    const kind_text *k = find_kind(kind);
    sbuf s = {0}, b = {0};
    if (k) {
        sb_printf(&s, "%s", k->subject[li]);
        sb_printf(&b, "%s\n\n", k->line[li]);
    } else { /* a kind newer than this table: still a useful mail */
        sb_printf(&s, "%s", kinds[0].subject[li]);
    }
    sb_link(&b, k, listing_id, public_url);
    sb_printf(&b, "\n\n-- \n%s\n", footer[li]);
    return finish(&s, &b, subject, body);
}

int mail_text_digest(const char *lang, const store_notification *v, size_t n, const char *public_url, char **subject,
                     char **body)
{
    int li = lang_index(lang);
    sbuf s = {0}, b = {0};
    sb_printf(&s, digest_subject[li], n);
    sb_printf(&b, "%s\n\n", digest_intro[li]);
    for (size_t i = 0; i < n; i++) {
        const kind_text *k = find_kind(store_notify_kind_name(v[i].kind));
        sb_printf(&b, "- %s\n  ", k ? k->subject[li] : "");
        sb_link(&b, k, v[i].listing_id, public_url);
        sb_printf(&b, "\n");
    }
    sb_printf(&b, "\n-- \n%s\n", footer[li]);
    return finish(&s, &b, subject, body);
}
