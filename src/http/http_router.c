/*
 * http_router.c - the route table: every path the server answers, in one
 * place, so that the OpenAPI document can be held to it by a test.
 * Patterns are literal segments, {id} (a positive integer) and {code}
 * (1..16 letters, digits or '-'). Routes marked NO_CSRF are the sign-in
 * routes, which a visitor calls before there is a CSRF token.
 *
 * Each route also names the query parameters it knows, so that the
 * dispatcher (http_server.c) refuses any other with a 400 naming it
 * before the handler runs, on every route alike. A route without a list
 * takes none. OWN_ARGS marks the one route whose parameters are open
 * ended (search: any facet name is a filter), whose handler checks them
 * itself.
 */
#include "http/http_int.h"
#include "http/http_api_event.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { NO_CSRF = 1, OWN_ARGS = 2 };

/* A NULL-ended list of query parameter names, for the table below. */
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct route {
    const char *method;
    const char *pattern;
    http_handler fn;
    int flags;
    const char *const *args;   /* query parameters known (NULL-ended); NULL = none */
} route;

static const char *const no_args[] = {NULL};

static const route routes[] = {
    {"GET", "/healthz", api_healthz, 0, NULL},
    {"GET", "/api/v1/openapi.yaml", api_openapi_yaml, 0, NULL},
    {"GET", "/api/v1/openapi.json", api_openapi_json, 0, NULL},
    {"GET", "/api/v1/countries", api_countries, 0, NULL},
    {"GET", "/api/v1/taxonomy/hs", api_taxonomy_hs, 0, ARGS("q", "limit")},
    {"GET", "/api/v1/taxonomy/isic", api_taxonomy_isic, 0, ARGS("q", "limit")},
    {"GET", "/api/v1/taxonomy/hs/{code}", api_taxonomy_hs_get, 0, NULL},
    {"GET", "/api/v1/taxonomy/isic/{code}", api_taxonomy_isic_get, 0, NULL},
    {"GET", "/api/v1/cities", api_cities, 0, ARGS("q", "country", "limit")},
    {"GET", "/api/v1/search", api_search, OWN_ARGS, NULL},
    {"GET", "/api/v1/listings/{id}", api_listing_get, 0, NULL},
    {"GET", "/api/v1/listings/{id}/matches", api_listing_matches, 0, ARGS("limit")},
    {"GET", "/api/v1/organisations/{id}", api_organisation_get, 0, NULL},
    {"GET", "/api/v1/organisations/{id}/matches", api_organisation_matches, 0, ARGS("limit")},
    {"GET", "/api/v1/export/listings.jsonl", api_export_listings, 0, NULL},
    {"GET", "/api/v1/export/listings.csv", api_export_listings_csv, 0, NULL},
    {"GET", "/api/v1/export/organisations.jsonl", api_export_organisations, 0, NULL},
    {"GET", "/api/v1/export/organisations.csv", api_export_organisations_csv, 0, NULL},

    {"POST", "/api/v1/auth/register", api_register, NO_CSRF, NULL},
    {"POST", "/api/v1/auth/login", api_login, NO_CSRF, NULL},
    {"POST", "/api/v1/auth/logout", api_logout, 0, NULL},
    {"POST", "/api/v1/auth/logout-everywhere", api_logout_everywhere, 0, NULL},
    {"POST", "/api/v1/auth/verify-email", api_verify_email, NO_CSRF, NULL},
    {"POST", "/api/v1/auth/verify-email/resend", api_verify_email_resend, 0, NULL},
    {"POST", "/api/v1/auth/password", api_password, 0, NULL},
    {"GET", "/api/v1/me", api_me, 0, NULL},
    {"GET", "/api/v1/me/mail-preferences", api_mail_prefs_get, 0, NULL},
    {"PUT", "/api/v1/me/mail-preferences", api_mail_prefs_put, 0, NULL},
    {"GET", "/api/v1/tokens", api_tokens_list, 0, NULL},
    {"POST", "/api/v1/tokens", api_token_create, 0, NULL},
    {"DELETE", "/api/v1/tokens/{id}", api_token_revoke, 0, NULL},

    {"GET", "/api/v1/organisations", api_organisations_list, 0,
     ARGS("q", "country", "tier", "type", "cursor", "limit")},
    {"POST", "/api/v1/organisations", api_organisation_create, 0, NULL},
    {"PATCH", "/api/v1/organisations/{id}", api_organisation_update, 0, NULL},
    {"POST", "/api/v1/organisations/{id}/verify", api_organisation_verify, 0, NULL},
    {"POST", "/api/v1/organisations/{id}/duplicates", api_organisation_flag_duplicate, 0, NULL},
    {"GET", "/api/v1/organisations/{id}/listings", api_organisation_listings, 0, ARGS("cursor", "limit")},
    {"GET", "/api/v1/organisations/{id}/members", api_members_list, 0, NULL},
    {"POST", "/api/v1/organisations/{id}/invitations", api_invitation_send, 0, NULL},
    {"GET", "/api/v1/organisations/{id}/invitations", api_org_invitations, 0, NULL},
    {"DELETE", "/api/v1/organisations/{id}/invitations/{id}", api_invitation_revoke, 0, NULL},
    {"GET", "/api/v1/invitations", api_my_invitations, 0, NULL},
    {"POST", "/api/v1/invitations/{id}/accept", api_invitation_accept, 0, NULL},
    {"POST", "/api/v1/invitations/{id}/decline", api_invitation_decline, 0, NULL},
    {"DELETE", "/api/v1/organisations/{id}/members/{id}", api_member_remove, 0, NULL},
    {"GET", "/api/v1/duplicates", api_duplicates_list, 0, ARGS("cursor", "limit")},

    {"POST", "/api/v1/listings", api_listing_create, 0, NULL},
    {"PATCH", "/api/v1/listings/{id}", api_listing_update, 0, NULL},
    {"POST", "/api/v1/listings/{id}/publish", api_listing_publish, 0, NULL},
    {"POST", "/api/v1/listings/{id}/close", api_listing_close, 0, NULL},
    {"POST", "/api/v1/listings/{id}/renew", api_listing_renew, 0, NULL},

    {"POST", "/api/v1/listings/{id}/interests", api_interest_send, 0, NULL},
    {"GET", "/api/v1/interests", api_interests_list, 0, ARGS("box", "cursor", "limit")},
    {"GET", "/api/v1/interests/{id}", api_interest_get, 0, NULL},
    {"POST", "/api/v1/interests/{id}/accept", api_interest_accept, 0, NULL},
    {"POST", "/api/v1/interests/{id}/decline", api_interest_decline, 0, NULL},
    {"GET", "/api/v1/interests/{id}/messages", api_messages_list, 0, NULL},
    {"POST", "/api/v1/interests/{id}/messages", api_message_post, 0, NULL},
    {"POST", "/api/v1/interests/{id}/meetings", api_pm_propose_on_interest, 0, NULL},
    {"POST", "/api/v1/listings/{id}/meetings", api_pm_propose_on_listing, 0, NULL},
    {"GET", "/api/v1/partner-meetings", api_pm_list, 0, ARGS("status", "interest", "cursor", "limit")},
    {"GET", "/api/v1/partner-meetings/{id}", api_pm_get, 0, NULL},
    {"GET", "/api/v1/partner-meetings/{id}.ics", api_pm_ics, 0, NULL},
    {"POST", "/api/v1/partner-meetings/{id}/accept", api_pm_accept, 0, NULL},
    {"POST", "/api/v1/partner-meetings/{id}/propose", api_pm_propose, 0, NULL},
    {"POST", "/api/v1/partner-meetings/{id}/decline", api_pm_decline, 0, NULL},
    {"POST", "/api/v1/partner-meetings/{id}/cancel", api_pm_cancel, 0, NULL},

    {"GET", "/api/v1/notifications", api_notifications_list, 0, ARGS("before", "limit")},
    {"POST", "/api/v1/notifications/{id}/read", api_notification_read, 0, NULL},
    {"GET", "/api/v1/notifications/stream", api_notifications_stream, 0, NULL},
    {"GET", "/api/v1/saved-searches", api_saved_list, 0, NULL},
    {"POST", "/api/v1/saved-searches", api_saved_create, 0, NULL},
    {"DELETE", "/api/v1/saved-searches/{id}", api_saved_delete, 0, NULL},

    {"GET", "/api/v1/projects", api_projects_list, 0,
     ARGS("stage", "sector", "country", "min_amount", "max_amount", "currency", "sort", "offset", "limit")},
    {"POST", "/api/v1/projects", api_project_create, 0, NULL},
    {"GET", "/api/v1/projects/pipeline", api_projects_pipeline, 0,
     ARGS("stage", "sector", "country", "min_amount", "max_amount", "currency", "sort", "offset", "limit", "format",
          "lang")},
    {"GET", "/api/v1/projects/{id}", api_project_get, 0, NULL},
    {"PATCH", "/api/v1/projects/{id}", api_project_update, 0, NULL},
    {"POST", "/api/v1/projects/{id}/signoff", api_project_signoff, 0, NULL},
    {"POST", "/api/v1/projects/{id}/endorse", api_project_endorse, 0, NULL},
    {"POST", "/api/v1/projects/{id}/return", api_project_return, 0, NULL},
    {"POST", "/api/v1/projects/{id}/submit", api_project_submit, 0, NULL},
    {"POST", "/api/v1/projects/{id}/start", api_project_start, 0, NULL},
    {"POST", "/api/v1/projects/{id}/complete", api_project_complete, 0, NULL},
    {"POST", "/api/v1/projects/{id}/cancel", api_project_cancel, 0, NULL},
    {"POST", "/api/v1/projects/{id}/milestones/{id}/report", api_project_milestone_report, 0, NULL},
    {"GET", "/api/v1/projects/{id}/documents", api_project_documents, 0, NULL},
    {"POST", "/api/v1/projects/{id}/documents", api_project_document_add, 0, NULL},
    {"GET", "/api/v1/projects/{id}/documents/{id}", api_project_document_get, 0, NULL},
    {"POST", "/api/v1/projects/{id}/submissions/{id}/decision", api_project_decision, 0, NULL},
    {"GET", "/api/v1/projects/{id}/submissions/{id}/questions", api_project_questions, 0, NULL},
    {"POST", "/api/v1/projects/{id}/submissions/{id}/questions", api_project_question_add, 0, NULL},
    {"GET", "/api/v1/project-notices", api_project_notices, 0, ARGS("before", "limit")},
    {"POST", "/api/v1/project-notices/{id}/read", api_project_notice_read, 0, NULL},
    {"GET", "/api/v1/meetings", api_meetings_list, 0, ARGS("type", "country", "from", "to", "limit")},
    {"POST", "/api/v1/meetings", api_meeting_create, 0, NULL},
    {"GET", "/api/v1/meetings/{id}", api_meeting_get, 0, NULL},
    {"PATCH", "/api/v1/meetings/{id}", api_meeting_update, 0, NULL},
    {"GET", "/api/v1/chairmanship", api_chairmanship, 0, ARGS("type")},
    {"POST", "/api/v1/chairmanship", api_chair_create, 0, NULL},
    {"DELETE", "/api/v1/chairmanship/{id}", api_chair_delete, 0, NULL},
    {"GET", "/api/v1/initiatives", api_initiatives_list, 0, ARGS("proposer", "status", "meeting")},
    {"POST", "/api/v1/initiatives", api_initiative_create, 0, NULL},
    {"GET", "/api/v1/initiatives/{id}", api_initiative_get, 0, NULL},
    {"PATCH", "/api/v1/initiatives/{id}", api_initiative_update, 0, NULL},
    {"POST", "/api/v1/initiatives/{id}/status", api_initiative_status, 0, NULL},
    {"GET", "/api/v1/plan/measures", api_measures_list, 0,
     ARGS("state", "initiative", "meeting", "status", "overdue", "offset", "limit")},
    {"POST", "/api/v1/plan/measures", api_measure_create, 0, NULL},
    {"GET", "/api/v1/plan/measures/{id}", api_measure_get, 0, NULL},
    {"PATCH", "/api/v1/plan/measures/{id}", api_measure_update, 0, NULL},
    {"POST", "/api/v1/plan/measures/{id}/notes", api_measure_note_add, 0, NULL},
    {"GET", "/api/v1/export/plan.csv", api_export_plan, 0,
     ARGS("state", "initiative", "meeting", "status", "overdue")},
    {"GET", "/api/v1/coordination/states/{code}", api_state_coordination, 0, NULL},
    {"GET", "/api/v1/calendar.ics", api_calendar, 0, ARGS("lang", "country")},
    {"GET", "/api/v1/events", api_events_list, 0, ARGS("limit")},
    {"POST", "/api/v1/events", api_event_create, 0, NULL},
    {"GET", "/api/v1/events/{id}", api_event_get, 0, NULL},
    {"PATCH", "/api/v1/events/{id}", api_event_update, 0, NULL},
    {"GET", "/api/v1/events/{id}/participants", api_event_participants, 0,
     ARGS("q", "country", "sector", "org", "offset", "limit")},
    {"POST", "/api/v1/events/{id}/participants", api_event_register, 0, NULL},
    {"PUT", "/api/v1/events/{id}/participants/{id}", api_event_participant_put, 0, NULL},
    {"DELETE", "/api/v1/events/{id}/participants/{id}", api_event_unregister, 0, NULL},
    {"GET", "/api/v1/events/{id}/participants/{id}/agenda", api_event_agenda, 0, NULL},
    {"GET", "/api/v1/events/{id}/participants/{id}/agenda.ics", api_event_agenda_ics, 0, ARGS("lang")},
    {"GET", "/api/v1/events/{id}/requests", api_event_requests, 0, ARGS("participant")},
    {"POST", "/api/v1/events/{id}/requests", api_event_request_send, 0, NULL},
    {"POST", "/api/v1/events/{id}/requests/{id}/accept", api_event_request_accept, 0, NULL},
    {"POST", "/api/v1/events/{id}/requests/{id}/decline", api_event_request_decline, 0, NULL},
    {"POST", "/api/v1/events/{id}/requests/{id}/cancel", api_event_request_cancel, 0, NULL},
    {"POST", "/api/v1/events/{id}/schedule", api_event_schedule_run, 0, NULL},
    {"GET", "/api/v1/events/{id}/schedule", api_event_schedule, 0, NULL},
    {"GET", "/api/v1/event-notices", api_event_notices, 0, ARGS("limit")},
    {"POST", "/api/v1/event-notices/{id}/read", api_event_notice_read, 0, NULL},
    {"GET", "/api/v1/analytics", api_analytics, 0, ARGS("figure", "from", "to", "state", "format")},

    {"PUT", "/api/v1/countries/{code}", api_country_put, 0, NULL},
    {"PUT", "/api/v1/taxonomy/hs/{code}", api_taxonomy_hs_put, 0, NULL},
    {"PUT", "/api/v1/taxonomy/isic/{code}", api_taxonomy_isic_put, 0, NULL},
};

static int code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Matches path against pattern, filling ids and code; 1 on a match. */
static int match(const char *pattern, const char *path, int64_t *ids, char *code)
{
    int n_ids = 0;
    while (*pattern && *path) {
        if (!strncmp(pattern, "{code}", 6)) {
            size_t n = 0;
            while (code_char(path[n]))
                n++;
            if (n == 0 || n > HTTP_MAX_CODE)
                return 0;
            memcpy(code, path, n);
            code[n] = '\0';
            path += n;
            pattern += 6;
            continue;
        }
        if (!strncmp(pattern, "{id}", 4)) {
            char *end;
            if (*path < '1' || *path > '9')
                return 0;
            /* An id past INT64_MAX is no id: strtoll would read it as
             * INT64_MAX, so that many paths named one record (found by
             * fuzz/fuzz_router.c). */
            errno = 0;
            long long v = strtoll(path, &end, 10);
            if (errno == ERANGE || v <= 0 || n_ids == HTTP_MAX_IDS)
                return 0;
            ids[n_ids++] = v;
            path = end;
            pattern += 4;
            continue;
        }
        if (*pattern != *path)
            return 0;
        pattern++;
        path++;
    }
    return !*pattern && !*path;
}

http_handler http_route(const char *method, const char *path, http_req *req, int *allowed)
{
    *allowed = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        int64_t ids[HTTP_MAX_IDS] = {0};
        char code[HTTP_MAX_CODE + 1] = "";
        if (!match(routes[i].pattern, path, ids, code))
            continue;
        if (strcmp(routes[i].method, method) != 0 &&
            !(strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            *allowed = 1;
            continue;
        }
        memcpy(req->ids, ids, sizeof ids);
        memcpy(req->code, code, sizeof code);
        req->no_csrf = (routes[i].flags & NO_CSRF) != 0;
        req->args = routes[i].flags & OWN_ARGS ? NULL : routes[i].args ? routes[i].args : no_args;
        return routes[i].fn;
    }
    return NULL;
}

void http_routes_each(void (*fn)(const char *method, const char *pattern, void *ctx), void *ctx)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        fn(routes[i].method, routes[i].pattern, ctx);
}
