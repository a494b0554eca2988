/*
 * test_http_authz.c - the authorization matrix over real HTTP: every
 * route of the router, asked by each of eight actors (docs/security.md,
 * "The table"), against records owned by organisation A (Uzbekistan)
 * and, for personal records, by A's member. Each cell gets fresh records
 * made directly in the store, so a write allowed in one cell cannot
 * change the answer of the next. A route missing from the matrix fails
 * the test, so a new endpoint cannot arrive without its rules.
 *
 * Actors, in column order: visitor; member of A; admin of A; member of B
 * (Kazakhstan, B also sends the interests); coordinator of UZ;
 * coordinator of KZ; a bank's staff (financial, member of bank C);
 * secretariat. In the expectations "S" is the route's success status
 * (200, 201 or 204), "-" skips the cell (explained where used).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "store/store_event.h"
#include "store/store_project.h"
#include "http_fixture.h"

#define PASSWORD HTTP_FIXTURE_PASSWORD
#define N_ACTORS 8

enum { VISITOR, MEMBER, ADMIN, OTHER, COORD_UZ, COORD_KZ, FINANCIAL, SECRETARIAT };
static const char *const actor_names[N_ACTORS] = {"visitor",        "member",         "org admin", "other org",
                                                  "coordinator UZ", "coordinator KZ", "financial", "secretariat"};

typedef struct world {
    http_fixture fx;
    hk_store *st;              /* the test's own handle on the same file */
    int64_t org_a, org_b, org_c;
    int64_t user[N_ACTORS];    /* 0 for the visitor */
    http_session session[N_ACTORS];
    int64_t listing_pub;       /* a published listing of A, never changed */
} world;

/* What a cell needs made before the call; fills the ids used by the path
 * and body templates ({L} listing, {I} interest, {N} notification,
 * {SS} saved search, {T} token, {A} org A, {B} org B, {U} a user of A,
 * {V} an invitation of A). */
typedef struct fixture {
    int64_t listing, interest, notification, saved, token, member_user;
    int64_t invitation;        /* {V}: A's pending invitation to a lone user's email */
    int64_t project, submission, document;     /* {P}, {S}, {D} */
    int64_t meeting, initiative, measure, chair; /* the coordination mechanism's records */
    int64_t partner_meeting;   /* {PM}: B's meeting request to A on interest {I} */
    char email[64];            /* {E}: a registered user in no organisation */
    int64_t event, part_a, part_b, request; /* {EV} {PA} {PB} {RQ}: events (issue 14) */
} fixture;

typedef enum {
    F_NONE, F_DRAFT, F_PUBLISHED, F_EXPIRED, F_INTEREST, F_NOTIFICATION, F_SAVED, F_TOKEN, F_MEMBER_USER, F_USER,
    F_INVITATION,
    /* A project of A (UZ, the lead) and B (KZ) with one milestone, moved
     * along the chain to: */
    F_PRJ_DRAFT, F_PRJ_SIGNED_OFF, F_PRJ_ENDORSED,
    F_PRJ_SUBMITTED,      /* submitted to bank C, pending, with a confidential document {D} */
    F_PRJ_SUBMITTED_OPEN, /* the same with a public document {D} */
    F_PRJ_APPROVED,       /* submitted, C approved */
    F_PRJ_IMPLEMENTATION, /* started, the milestone open */
    F_PRJ_FINISHING,      /* started, the milestone done */
    F_PRJ_NOTICE          /* a draft whose creation told A's member ({N}) */,
    F_MEETING, F_INITIATIVE, F_MEASURE, F_CHAIR,
    /* A draft project {P} of A and B, and an initiative {IN} / a measure
     * {ME} of UZ linked to it (migration 10). */
    F_INITIATIVE_PRJ, F_MEASURE_PRJ,
    /* B's interest {I} in a listing of A, accepted by A; then B's meeting
     * request {PM} on it, pending (A's turn) or accepted. */
    F_EOI_ACCEPTED, F_PM_PENDING, F_PM_ACCEPTED,
    /* An event {EV} organised by A; with A's member registered for A
     * ({PA}) and B's for B ({PB}); and a pending request {RQ} from B to A. */
    F_EVENT, F_EVENT_PARTS, F_EVENT_REQUEST,
    /* The same request accepted and scheduled: the run tells A's member
     * ({N}, their notice) and B's. */
    F_EVENT_NOTICE
} fixture_kind;

typedef struct cell_row {
    const char *method, *pattern;   /* as in the router */
    const char *path, *body;        /* templates */
    fixture_kind fix;
    int if_match;                   /* send the record's current ETag */
    const char *expect[N_ACTORS];   /* "S", a status, or "-" */
    const char *why;                /* the security.md row */
} cell_row;

#define ALL_S {"S", "S", "S", "S", "S", "S", "S", "S"}
#define PROJECT_BODY                                                                                           \
    "{\"sector\":\"industry\",\"budget\":1000,\"currency\":\"USD\",\"texts\":[{\"lang\":\"en\",\"origin\":"     \
    "\"original\",\"title\":\"Cell {R}\"}],\"partners\":[{\"org_id\":{A},\"role\":\"lead\",\"share\":60},"      \
    "{\"org_id\":{B},\"role\":\"coproducer\",\"share\":40}]}"
#define SIGNED_IN {"401", "S", "S", "S", "S", "S", "S", "S"}

static const cell_row rows[] = {
    {"GET", "/healthz", "/healthz", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/openapi.yaml", "/api/v1/openapi.yaml", NULL, F_NONE, 0, ALL_S, "public (the API description)"},
    {"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", NULL, F_NONE, 0, ALL_S, "public (the API description)"},
    {"GET", "/api/v1/countries", "/api/v1/countries", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/taxonomy/hs", "/api/v1/taxonomy/hs?q=alum", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/taxonomy/isic", "/api/v1/taxonomy/isic?q=metal", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/taxonomy/hs/{code}", "/api/v1/taxonomy/hs/7604", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/taxonomy/isic/{code}", "/api/v1/taxonomy/isic/243", NULL, F_NONE, 0, ALL_S, "public"},
    {"GET", "/api/v1/cities", "/api/v1/cities?q=tash", NULL, F_NONE, 0, ALL_S, "public (the gazetteer)"},
    {"GET", "/api/v1/search", "/api/v1/search?q=aluminium", NULL, F_NONE, 0, ALL_S, "export.public"},
    {"GET", "/api/v1/export/listings.jsonl", "/api/v1/export/listings.jsonl", NULL, F_NONE, 0, SIGNED_IN,
     "export.public"},
    {"GET", "/api/v1/export/listings.csv", "/api/v1/export/listings.csv", NULL, F_NONE, 0, SIGNED_IN,
     "export.public"},
    {"GET", "/api/v1/export/organisations.jsonl", "/api/v1/export/organisations.jsonl", NULL, F_NONE, 0, SIGNED_IN,
     "export.public"},
    {"GET", "/api/v1/export/organisations.csv", "/api/v1/export/organisations.csv", NULL, F_NONE, 0, SIGNED_IN,
     "export.public"},
    {"GET", "/api/v1/listings/{id}", "/api/v1/listings/{L}", NULL, F_PUBLISHED, 0, ALL_S,
     "listing.read (published)"},
    {"GET", "/api/v1/listings/{id}", "/api/v1/listings/{L}", NULL, F_DRAFT, 0,
     {"404", "S", "S", "404", "404", "404", "404", "404"}, "listing.read (draft)"},
    {"GET", "/api/v1/listings/{id}/matches", "/api/v1/listings/{L}/matches", NULL, F_PUBLISHED, 0, ALL_S,
     "listing.read (published)"},
    {"GET", "/api/v1/organisations/{id}", "/api/v1/organisations/{A}", NULL, F_NONE, 0, ALL_S,
     "organisation.read"},
    {"GET", "/api/v1/organisations/{id}/matches", "/api/v1/organisations/{A}/matches", NULL, F_NONE, 0, ALL_S,
     "organisation.read"},
    {"GET", "/api/v1/organisations", "/api/v1/organisations", NULL, F_NONE, 0, ALL_S, "organisation.read"},
    {"GET", "/api/v1/organisations/{id}/listings", "/api/v1/organisations/{A}/listings", NULL, F_NONE, 0, ALL_S,
     "organisation.read (drafts filtered)"},

    /* Accounts. Sign-in routes are for everyone; logout is tested last
     * in its own test (it ends the session). */
    {"POST", "/api/v1/auth/register", "/api/v1/auth/register",
     "{\"email\":\"new-{R}@example.org\",\"password\":\"" PASSWORD "\",\"display_name\":\"New\"}", F_NONE, 0,
     ALL_S, "anyone may register"},
    {"POST", "/api/v1/auth/login", "/api/v1/auth/login",
     "{\"email\":\"nobody-{R}@example.org\",\"password\":\"wrong password\"}", F_NONE, 0,
     {"401", "401", "401", "401", "401", "401", "401", "401"}, "sign-in checks the password only"},
    {"POST", "/api/v1/auth/logout", NULL, NULL, F_NONE, 0, {"401", "S", "S", "S", "S", "S", "S", "S"},
     "tested in signing_out_needs_a_session"},
    {"POST", "/api/v1/auth/verify-email", "/api/v1/auth/verify-email",
     "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", F_NONE, 0,
     {"404", "404", "404", "404", "404", "404", "404", "404"}, "anyone with the link (an unknown one: 404)"},
    {"POST", "/api/v1/auth/verify-email/resend", "/api/v1/auth/verify-email/resend", "{}", F_NONE, 0,
     {"401", "409", "409", "409", "409", "409", "409", "409"}, "own account (made by the operator: verified)"},
    {"POST", "/api/v1/auth/logout-everywhere", NULL, NULL, F_NONE, 0, {"401", "S", "S", "S", "S", "S", "S", "S"},
     "own account, by session only: tested in signing_out_needs_a_session and test_http_abuse"},
    {"POST", "/api/v1/auth/password", "/api/v1/auth/password",
     "{\"current_password\":\"not the password\",\"new_password\":\"a brand new secret\"}", F_NONE, 0,
     {"401", "400", "400", "400", "400", "400", "400", "400"}, "own account only (wrong current password: 400)"},
    {"GET", "/api/v1/me", "/api/v1/me", NULL, F_NONE, 0, SIGNED_IN, "own account"},
    {"GET", "/api/v1/me/mail-preferences", "/api/v1/me/mail-preferences", NULL, F_NONE, 0, SIGNED_IN,
     "own account"},
    {"PUT", "/api/v1/me/mail-preferences", "/api/v1/me/mail-preferences", "{\"mail\":\"daily\",\"lang\":\"ru\"}",
     F_NONE, 0, SIGNED_IN, "own account"},
    {"GET", "/api/v1/tokens", "/api/v1/tokens", NULL, F_NONE, 0, SIGNED_IN, "api_token.manage (own)"},
    {"POST", "/api/v1/tokens", "/api/v1/tokens", "{\"name\":\"cell\"}", F_NONE, 0, SIGNED_IN,
     "api_token.manage (own)"},
    {"DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/{T}", NULL, F_TOKEN, 0,
     {"401", "S", "404", "404", "404", "404", "404", "S"}, "api_token.revoke (the member's token)"},

    /* Organisations. */
    {"POST", "/api/v1/organisations", "/api/v1/organisations",
     "{\"names\":[{\"text\":\"Cell Org\",\"lang\":\"en\",\"primary\":true}],\"country\":\"UZ\",\"type\":\"enterprise\"}",
     F_NONE, 0, SIGNED_IN, "organisation.create"},
    {"PATCH", "/api/v1/organisations/{id}", "/api/v1/organisations/{A}", "{\"website\":\"https://a.example.uz\"}",
     F_NONE, 1, {"401", "S", "S", "403", "403", "403", "403", "403"}, "organisation.update"},
    {"POST", "/api/v1/organisations/{id}/verify", "/api/v1/organisations/{A}/verify",
     "{\"tier\":\"registry_checked\"}", F_NONE, 0, {"401", "403", "403", "403", "S", "403", "403", "S"},
     "organisation.verify"},
    {"POST", "/api/v1/organisations/{id}/duplicates", "/api/v1/organisations/{A}/duplicates",
     "{\"duplicate_of\":{B},\"note\":\"same company? {R}\"}", F_NONE, 0, SIGNED_IN, "organisation.flag_duplicate"},
    {"GET", "/api/v1/duplicates", "/api/v1/duplicates", NULL, F_NONE, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "organisation.merge (review of flags)"},
    {"GET", "/api/v1/organisations/{id}/members", "/api/v1/organisations/{A}/members", NULL, F_NONE, 0,
     {"401", "S", "S", "403", "403", "403", "403", "403"}, "members see their organisation's members"},
    {"POST", "/api/v1/organisations/{id}/invitations", "/api/v1/organisations/{A}/invitations",
     "{\"email\":\"invitee-{R}@example.org\",\"is_admin\":false}", F_NONE, 0,
     {"401", "403", "S", "403", "403", "403", "403", "403"}, "membership.manage"},
    {"GET", "/api/v1/organisations/{id}/invitations", "/api/v1/organisations/{A}/invitations", NULL, F_NONE, 0,
     {"401", "403", "S", "403", "403", "403", "403", "403"}, "membership.manage"},
    {"DELETE", "/api/v1/organisations/{id}/invitations/{id}", "/api/v1/organisations/{A}/invitations/{V}", NULL,
     F_INVITATION, 0, {"401", "403", "S", "403", "403", "403", "403", "403"}, "membership.manage"},
    {"GET", "/api/v1/invitations", "/api/v1/invitations", NULL, F_NONE, 0, SIGNED_IN, "invitation.answer (own)"},
    {"POST", "/api/v1/invitations/{id}/accept", "/api/v1/invitations/{V}/accept", "{}", F_INVITATION, 0,
     {"401", "404", "404", "404", "404", "404", "404", "404"}, "invitation.answer (another's email: 404)"},
    {"POST", "/api/v1/invitations/{id}/decline", "/api/v1/invitations/{V}/decline", "{}", F_INVITATION, 0,
     {"401", "404", "404", "404", "404", "404", "404", "404"}, "invitation.answer (another's email: 404)"},
    {"DELETE", "/api/v1/organisations/{id}/members/{id}", "/api/v1/organisations/{A}/members/{U}", NULL,
     F_MEMBER_USER, 0, {"401", "403", "S", "403", "403", "403", "403", "403"}, "membership.manage"},

    /* Listings of A. */
    {"POST", "/api/v1/listings", "/api/v1/listings",
     "{\"org_id\":{A},\"direction\":\"offer\",\"kind\":\"supply\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\","
     "\"title\":\"Aluminium profiles\"}],\"hs\":[\"7604\"]}",
     F_NONE, 0, {"401", "S", "S", "403", "403", "403", "403", "403"}, "listing.create"},
    {"PATCH", "/api/v1/listings/{id}", "/api/v1/listings/{L}", "{\"deadline\":\"2099-01-31\"}", F_PUBLISHED, 1,
     {"401", "S", "S", "403", "403", "403", "403", "403"}, "listing.update (published)"},
    {"PATCH", "/api/v1/listings/{id}", "/api/v1/listings/{L}", "{\"deadline\":\"2099-01-31\"}", F_DRAFT, 1,
     {"401", "S", "S", "404", "404", "404", "404", "404"}, "listing.update (draft)"},
    {"POST", "/api/v1/listings/{id}/publish", "/api/v1/listings/{L}/publish", "{}", F_DRAFT, 0,
     {"401", "S", "S", "404", "404", "404", "404", "404"}, "listing.publish (draft)"},
    {"POST", "/api/v1/listings/{id}/close", "/api/v1/listings/{L}/close", "{}", F_PUBLISHED, 0,
     {"401", "S", "S", "403", "403", "403", "403", "S"}, "listing.close (published)"},
    {"POST", "/api/v1/listings/{id}/close", "/api/v1/listings/{L}/close", "{}", F_DRAFT, 0,
     {"401", "409", "409", "404", "404", "404", "404", "404"}, "listing.close (draft: allowed, but not a valid change)"},
    {"POST", "/api/v1/listings/{id}/renew", "/api/v1/listings/{L}/renew", "{}", F_EXPIRED, 0,
     {"401", "S", "S", "403", "403", "403", "403", "403"}, "listing.renew (expired)"},

    /* Interests from B on A's listing. */
    {"POST", "/api/v1/listings/{id}/interests", "/api/v1/listings/{L}/interests",
     "{\"from_org_id\":{B},\"offered\":\"Extrusion lines\",\"sought\":\"Profiles\",\"why\":\"Close to us\"}",
     F_PUBLISHED, 0, {"401", "403", "403", "S", "403", "403", "403", "403"}, "interest.send (published, as B)"},
    {"POST", "/api/v1/listings/{id}/interests", "/api/v1/listings/{L}/interests",
     "{\"from_org_id\":{B},\"offered\":\"Extrusion lines\",\"sought\":\"Profiles\",\"why\":\"Close to us\"}",
     F_DRAFT, 0, {"401", "403", "403", "404", "404", "404", "404", "404"}, "interest.send (draft)"},
    {"GET", "/api/v1/interests", "/api/v1/interests?box=received", NULL, F_NONE, 0, SIGNED_IN,
     "lists are filtered by membership"},
    {"GET", "/api/v1/interests/{id}", "/api/v1/interests/{I}", NULL, F_INTEREST, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "interest.read"},
    {"POST", "/api/v1/interests/{id}/accept", "/api/v1/interests/{I}/accept", "{}", F_INTEREST, 0,
     {"401", "S", "S", "403", "404", "404", "404", "404"}, "interest.decide"},
    {"POST", "/api/v1/interests/{id}/decline", "/api/v1/interests/{I}/decline", "{}", F_INTEREST, 0,
     {"401", "S", "S", "403", "404", "404", "404", "404"}, "interest.decide"},
    {"GET", "/api/v1/interests/{id}/messages", "/api/v1/interests/{I}/messages", NULL, F_INTEREST, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "message.read"},
    {"POST", "/api/v1/interests/{id}/messages", "/api/v1/interests/{I}/messages", "{\"body\":\"Hello\"}",
     F_INTEREST, 0, {"401", "S", "S", "S", "404", "404", "404", "404"}, "message.write"},

    /* Meeting requests between partners (issue 14). */
#define PM_TIME "\"times\":[{\"start\":\"2031-05-20T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":60}]"
    {"POST", "/api/v1/interests/{id}/meetings", "/api/v1/interests/{I}/meetings", "{" PM_TIME ",\"place\":\"Tashkent\"}",
     F_EOI_ACCEPTED, 0, {"401", "S", "S", "S", "404", "404", "404", "404"},
     "partner_meeting.propose (either side of the interest)"},
    {"POST", "/api/v1/listings/{id}/meetings", "/api/v1/listings/{L}/meetings",
     "{\"from_org_id\":{B}," PM_TIME ",\"place\":\"Almaty\"}", F_PUBLISHED, 0,
     {"401", "403", "403", "S", "403", "403", "403", "403"}, "partner_meeting.request (published, as B)"},
    {"POST", "/api/v1/listings/{id}/meetings", "/api/v1/listings/{L}/meetings",
     "{\"from_org_id\":{B}," PM_TIME ",\"place\":\"Almaty\"}", F_DRAFT, 0,
     {"401", "403", "403", "404", "404", "404", "404", "404"}, "partner_meeting.request (draft)"},
    {"GET", "/api/v1/partner-meetings", "/api/v1/partner-meetings", NULL, F_NONE, 0, SIGNED_IN,
     "lists are filtered by membership"},
    {"GET", "/api/v1/partner-meetings/{id}", "/api/v1/partner-meetings/{PM}", NULL, F_PM_PENDING, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "partner_meeting.read"},
    {"GET", "/api/v1/partner-meetings/{id}.ics", "/api/v1/partner-meetings/{PM}.ics", NULL, F_PM_ACCEPTED, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "partner_meeting.read"},
    /* B asked, so answering is A's turn: B's answer is a state conflict
     * (409, the rule named), not an authorization matter. */
    {"POST", "/api/v1/partner-meetings/{id}/accept", "/api/v1/partner-meetings/{PM}/accept", "{\"option\":1}",
     F_PM_PENDING, 0, {"401", "S", "S", "409", "404", "404", "404", "404"}, "partner_meeting.answer"},
    {"POST", "/api/v1/partner-meetings/{id}/propose", "/api/v1/partner-meetings/{PM}/propose",
     "{" PM_TIME ",\"place\":\"Tashkent\"}", F_PM_PENDING, 0, {"401", "S", "S", "409", "404", "404", "404", "404"},
     "partner_meeting.answer"},
    {"POST", "/api/v1/partner-meetings/{id}/decline", "/api/v1/partner-meetings/{PM}/decline",
     "{\"reason\":\"Not now\"}", F_PM_PENDING, 0, {"401", "S", "S", "409", "404", "404", "404", "404"},
     "partner_meeting.answer"},
    {"POST", "/api/v1/partner-meetings/{id}/cancel", "/api/v1/partner-meetings/{PM}/cancel", "{}", F_PM_PENDING, 0,
     {"401", "403", "403", "S", "404", "404", "404", "404"}, "partner_meeting.cancel (the asking side)"},
#undef PM_TIME

    /* Personal records of A's member. */
    {"GET", "/api/v1/notifications", "/api/v1/notifications", NULL, F_NONE, 0, SIGNED_IN,
     "notification.read (own, listed by owner)"},
    {"POST", "/api/v1/notifications/{id}/read", "/api/v1/notifications/{N}/read", "{}", F_NOTIFICATION, 0,
     {"401", "S", "404", "404", "404", "404", "404", "404"}, "notification.read (the member's)"},
    {"GET", "/api/v1/notifications/stream", NULL, NULL, F_NONE, 0, SIGNED_IN,
     "tested in the stream test (it does not end)"},
    {"GET", "/api/v1/saved-searches", "/api/v1/saved-searches", NULL, F_NONE, 0, SIGNED_IN,
     "saved_search.manage (own)"},
    {"POST", "/api/v1/saved-searches", "/api/v1/saved-searches", "{\"name\":\"Cell {R}\",\"query\":\"aluminium\"}",
     F_NONE, 0, SIGNED_IN, "saved_search.manage (own)"},
    {"DELETE", "/api/v1/saved-searches/{id}", "/api/v1/saved-searches/{SS}", NULL, F_SAVED, 0,
     {"401", "S", "404", "404", "404", "404", "404", "404"}, "saved_search.manage (the member's)"},

    /* Registry. */
    /* Joint projects (docs/security.md, project.*): partners A and B;
     * from sign-off on the coordinators of UZ and KZ and the secretariat see
     * it; bank C from endorsement (pipeline) and once submitted to. */
    {"GET", "/api/v1/projects", "/api/v1/projects", NULL, F_PRJ_SUBMITTED, 0, SIGNED_IN, "own projects"},
    {"POST", "/api/v1/projects", "/api/v1/projects", PROJECT_BODY, F_NONE, 0,
     {"401", "S", "S", "S", "403", "403", "403", "403"}, "project.create (the creator is a partner's member)"},
    {"GET", "/api/v1/projects/pipeline", "/api/v1/projects/pipeline?format=csv", NULL, F_PRJ_ENDORSED, 0,
     {"401", "403", "403", "403", "403", "403", "S", "S"}, "pipeline.read"},
    {"GET", "/api/v1/projects/{id}", "/api/v1/projects/{P}", NULL, F_PRJ_DRAFT, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "project.read (a draft)"},
    {"GET", "/api/v1/projects/{id}", "/api/v1/projects/{P}", NULL, F_PRJ_SUBMITTED, 0, SIGNED_IN,
     "project.read (submitted)"},
    {"PATCH", "/api/v1/projects/{id}", "/api/v1/projects/{P}", "{\"budget\":2000}", F_PRJ_DRAFT, 1,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "project.edit"},
    {"POST", "/api/v1/projects/{id}/signoff", "/api/v1/projects/{P}/signoff",
     "{\"org_id\":{A},\"content_version\":1}", F_PRJ_DRAFT, 0,
     {"401", "403", "S", "403", "404", "404", "404", "404"}, "project.signoff (for A)"},
    {"POST", "/api/v1/projects/{id}/endorse", "/api/v1/projects/{P}/endorse", "{}", F_PRJ_SIGNED_OFF, 0,
     {"401", "403", "403", "403", "S", "S", "404", "403"}, "project.endorse"},
    {"POST", "/api/v1/projects/{id}/return", "/api/v1/projects/{P}/return", "{\"reason\":\"land title\"}",
     F_PRJ_SIGNED_OFF, 0, {"401", "403", "403", "403", "S", "S", "404", "403"}, "project.endorse (return)"},
    {"POST", "/api/v1/projects/{id}/submit", "/api/v1/projects/{P}/submit", "{\"institution_ids\":[{C}]}",
     F_PRJ_ENDORSED, 0, {"401", "403", "S", "403", "403", "403", "403", "403"}, "project.lead (submit)"},
    {"POST", "/api/v1/projects/{id}/start", "/api/v1/projects/{P}/start", "{}", F_PRJ_APPROVED, 0,
     {"401", "403", "S", "403", "403", "403", "403", "403"}, "project.lead (start)"},
    {"POST", "/api/v1/projects/{id}/complete", "/api/v1/projects/{P}/complete", "{}", F_PRJ_FINISHING, 0,
     {"401", "403", "S", "403", "403", "403", "403", "403"}, "project.lead (complete)"},
    {"POST", "/api/v1/projects/{id}/cancel", "/api/v1/projects/{P}/cancel", "{\"reason\":\"withdrawn\"}",
     F_PRJ_DRAFT, 0, {"401", "403", "S", "403", "404", "404", "404", "404"}, "project.lead (cancel)"},
    {"POST", "/api/v1/projects/{id}/milestones/{id}/report", "/api/v1/projects/{P}/milestones/1/report",
     "{\"status\":\"in_progress\",\"evidence\":\"site cleared\"}", F_PRJ_IMPLEMENTATION, 0,
     {"401", "S", "S", "S", "403", "403", "403", "403"}, "project.edit (progress)"},
    {"GET", "/api/v1/projects/{id}/documents", "/api/v1/projects/{P}/documents", NULL, F_PRJ_SUBMITTED, 0,
     SIGNED_IN, "project.read"},
    {"POST", "/api/v1/projects/{id}/documents", "/api/v1/projects/{P}/documents",
     "{\"name\":\"plan.pdf\",\"content_type\":\"application/pdf\",\"data\":\"JVBERi0xLjcK\"}", F_PRJ_DRAFT, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"}, "project.edit (documents)"},
    {"GET", "/api/v1/projects/{id}/documents/{id}", "/api/v1/projects/{P}/documents/{D}", NULL, F_PRJ_SUBMITTED, 0,
     {"401", "S", "S", "S", "S", "S", "S", "403"}, "project.confidential"},
    {"GET", "/api/v1/projects/{id}/documents/{id}", "/api/v1/projects/{P}/documents/{D}", NULL,
     F_PRJ_SUBMITTED_OPEN, 0, SIGNED_IN, "project.read (a public document)"},
    {"POST", "/api/v1/projects/{id}/submissions/{id}/decision", "/api/v1/projects/{P}/submissions/{S}/decision",
     "{\"status\":\"declined\",\"reason\":\"outside our mandate\"}", F_PRJ_SUBMITTED, 0,
     {"401", "403", "403", "403", "403", "403", "S", "403"}, "project.finance"},
    {"GET", "/api/v1/projects/{id}/submissions/{id}/questions", "/api/v1/projects/{P}/submissions/{S}/questions",
     NULL, F_PRJ_SUBMITTED, 0, {"401", "S", "S", "S", "403", "403", "S", "403"}, "project.thread"},
    {"POST", "/api/v1/projects/{id}/submissions/{id}/questions", "/api/v1/projects/{P}/submissions/{S}/questions",
     "{\"body\":\"Who holds the land title?\"}", F_PRJ_SUBMITTED, 0,
     {"401", "S", "S", "S", "403", "403", "S", "403"}, "project.thread"},
    {"GET", "/api/v1/project-notices", "/api/v1/project-notices", NULL, F_NONE, 0, SIGNED_IN,
     "project_notice.read (own)"},
    {"POST", "/api/v1/project-notices/{id}/read", "/api/v1/project-notices/{N}/read", "{}", F_PRJ_NOTICE, 0,
     {"401", "S", "404", "404", "404", "404", "404", "404"}, "project_notice.read"},

    {"PUT", "/api/v1/countries/{code}", "/api/v1/countries/MN",
     "{\"status\":\"observer\",\"name_en\":\"Mongolia\",\"name_ru\":\"Монголия\",\"name_zh\":\"蒙古国\"}", F_NONE, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "registry.admin"},
    {"PUT", "/api/v1/taxonomy/hs/{code}", "/api/v1/taxonomy/hs/7604",
     "{\"labels\":{\"en\":\"Aluminium bars, rods and profiles\",\"ru\":\"Алюминиевые прутки и профили\","
     "\"zh\":\"铝条、杆及型材\"}}",
     F_NONE, 0, {"401", "403", "403", "403", "403", "403", "403", "S"}, "registry.admin (taxonomy)"},
    {"PUT", "/api/v1/taxonomy/isic/{code}", "/api/v1/taxonomy/isic/243",
     "{\"labels\":{\"en\":\"Casting of metals\",\"ru\":\"Литьё металлов\",\"zh\":\"金属铸造\"}}", F_NONE, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "registry.admin (taxonomy)"},
    /* The coordination mechanism (issue 13): public to read, kept by the
     * secretariat; coordinators propose for their state and report on
     * their state's measures ({M} is a meeting, {IN} an initiative of UZ,
     * {ME} a measure UZ answers for, {CH} a chairmanship term). */
    {"GET", "/api/v1/meetings", "/api/v1/meetings?type=industry_ministers", NULL, F_NONE, 0, ALL_S,
     "coordination.read"},
    {"POST", "/api/v1/meetings", "/api/v1/meetings",
     "{\"type\":\"expert\",\"starts\":\"2031-03-01T10:00\",\"tz\":\"Asia/Tashkent\",\"minutes\":120,"
     "\"format\":\"videoconference\",\"chair\":\"UZ\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\","
     "\"title\":\"Expert meeting {R}\"}]}",
     F_NONE, 0, {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"GET", "/api/v1/meetings/{id}", "/api/v1/meetings/{M}", NULL, F_MEETING, 0, ALL_S, "coordination.read"},
    {"PATCH", "/api/v1/meetings/{id}", "/api/v1/meetings/{M}", "{\"minutes\":90}", F_MEETING, 1,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"GET", "/api/v1/chairmanship", "/api/v1/chairmanship", NULL, F_NONE, 0, ALL_S, "coordination.read"},
    {"POST", "/api/v1/chairmanship", "/api/v1/chairmanship",
     "{\"type\":\"economic_forum\",\"country\":\"UZ\",\"from\":\"2040-01-01\"}", F_NONE, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"DELETE", "/api/v1/chairmanship/{id}", "/api/v1/chairmanship/{CH}", NULL, F_CHAIR, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"GET", "/api/v1/initiatives", "/api/v1/initiatives?proposer=UZ", NULL, F_NONE, 0, ALL_S, "coordination.read"},
    {"POST", "/api/v1/initiatives", "/api/v1/initiatives",
     "{\"proposer\":\"UZ\",\"proposed_on\":\"2020-11-10\",\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\","
     "\"title\":\"Инициатива {R}\"}]}",
     F_NONE, 0, {"401", "403", "403", "403", "S", "403", "403", "S"}, "initiative.propose (for UZ)"},
    {"GET", "/api/v1/initiatives/{id}", "/api/v1/initiatives/{IN}", NULL, F_INITIATIVE, 0, ALL_S,
     "coordination.read"},
    {"PATCH", "/api/v1/initiatives/{id}", "/api/v1/initiatives/{IN}", "{\"proposed_on\":\"2020-11-11\"}",
     F_INITIATIVE, 1, {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"PATCH", "/api/v1/initiatives/{id}", "/api/v1/initiatives/{IN}", "{\"project_ids\":[{P}]}",
     F_INITIATIVE_PRJ, 1, {"401", "403", "403", "403", "403", "403", "403", "S"},
     "coordination.keep (link a joint project: the project's partners may not)"},
    {"POST", "/api/v1/initiatives/{id}/status", "/api/v1/initiatives/{IN}/status",
     "{\"status\":\"withdrawn\",\"on\":\"2021-01-01\"}", F_INITIATIVE, 0,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"GET", "/api/v1/plan/measures", "/api/v1/plan/measures?overdue=true", NULL, F_NONE, 0, ALL_S,
     "coordination.read"},
    {"POST", "/api/v1/plan/measures", "/api/v1/plan/measures",
     "{\"code\":\"9.{R}\",\"texts\":[{\"lang\":\"en\",\"origin\":\"original\",\"title\":\"A measure\"}],"
     "\"states\":[\"UZ\"],\"deadline\":\"2030-12-31\"}",
     F_NONE, 0, {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"GET", "/api/v1/plan/measures/{id}", "/api/v1/plan/measures/{ME}", NULL, F_MEASURE, 0, ALL_S,
     "coordination.read"},
    {"PATCH", "/api/v1/plan/measures/{id}", "/api/v1/plan/measures/{ME}", "{\"status\":\"in_progress\"}",
     F_MEASURE, 1, {"401", "403", "403", "403", "403", "403", "403", "S"}, "coordination.keep"},
    {"PATCH", "/api/v1/plan/measures/{id}", "/api/v1/plan/measures/{ME}", "{\"project_ids\":[{P}]}",
     F_MEASURE_PRJ, 1, {"401", "403", "403", "403", "403", "403", "403", "S"},
     "coordination.keep (link a joint project: the project's partners may not)"},
    {"GET", "/api/v1/projects/{id}", "/api/v1/projects/{P}", NULL, F_MEASURE_PRJ, 0,
     {"401", "S", "S", "S", "404", "404", "404", "404"},
     "project.read (a draft a measure serves: the link opens the project to no one)"},
    {"POST", "/api/v1/plan/measures/{id}/notes", "/api/v1/plan/measures/{ME}/notes",
     "{\"on\":\"2022-01-01\",\"lang\":\"en\",\"text\":\"Progress\"}", F_MEASURE, 0,
     {"401", "403", "403", "403", "S", "403", "403", "S"}, "measure.report (a measure of UZ)"},
    {"GET", "/api/v1/export/plan.csv", "/api/v1/export/plan.csv", NULL, F_NONE, 0, ALL_S, "coordination.read"},
    {"GET", "/api/v1/coordination/states/{code}", "/api/v1/coordination/states/UZ", NULL, F_NONE, 0, ALL_S,
     "coordination.read"},
    {"GET", "/api/v1/calendar.ics", "/api/v1/calendar.ics?lang=ru", NULL, F_NONE, 0, ALL_S, "coordination.read"},
    /* Events with matchmaking sessions (issue 14): {EV} is organised by
     * A, {PA} is A's registration, {PB} B's, {RQ} a request from B to A. */
    {"GET", "/api/v1/events", "/api/v1/events", NULL, F_NONE, 0, ALL_S, "event.read"},
    {"POST", "/api/v1/events", "/api/v1/events",
     "{\"kind\":\"side_event\",\"texts\":[{\"lang\":\"en\",\"title\":\"B2B {R}\"}],\"tz\":\"Asia/Tashkent\","
     "\"first_day\":\"2031-06-10\",\"days\":1,\"day_start\":\"09:00\",\"day_end\":\"12:00\",\"slot_minutes\":30,"
     "\"tables\":10}",
     F_NONE, 0, {"401", "403", "403", "403", "403", "403", "403", "S"}, "event.keep"},
    {"GET", "/api/v1/events/{id}", "/api/v1/events/{EV}", NULL, F_EVENT, 0, ALL_S, "event.read"},
    {"PATCH", "/api/v1/events/{id}", "/api/v1/events/{EV}", "{\"tables\":9}", F_EVENT, 1,
     {"401", "403", "403", "403", "403", "403", "403", "S"}, "event.keep"},
    {"GET", "/api/v1/events/{id}/participants", "/api/v1/events/{EV}/participants?q=alu", NULL, F_EVENT, 0,
     SIGNED_IN, "event.market"},
    {"POST", "/api/v1/events/{id}/participants", "/api/v1/events/{EV}/participants", "{\"org_id\":{A}}", F_EVENT, 0,
     {"401", "S", "S", "403", "403", "403", "403", "403"}, "event.register (for A)"},
    {"PUT", "/api/v1/events/{id}/participants/{id}", "/api/v1/events/{EV}/participants/{PA}",
     "{\"meeting_limit\":3}", F_EVENT_PARTS, 0, {"401", "S", "S", "403", "403", "403", "403", "S"},
     "event.participant (A's registration)"},
    {"DELETE", "/api/v1/events/{id}/participants/{id}", "/api/v1/events/{EV}/participants/{PA}", NULL,
     F_EVENT_PARTS, 0, {"401", "S", "S", "403", "403", "403", "403", "S"}, "event.participant (A's registration)"},
    {"GET", "/api/v1/events/{id}/participants/{id}/agenda", "/api/v1/events/{EV}/participants/{PA}/agenda", NULL,
     F_EVENT_PARTS, 0, {"401", "S", "S", "404", "404", "404", "404", "S"}, "event.agenda (A's)"},
    {"GET", "/api/v1/events/{id}/participants/{id}/agenda.ics",
     "/api/v1/events/{EV}/participants/{PA}/agenda.ics", NULL, F_EVENT_PARTS, 0,
     {"401", "S", "S", "404", "404", "404", "404", "S"}, "event.agenda (A's)"},
    {"GET", "/api/v1/events/{id}/requests", "/api/v1/events/{EV}/requests?participant={PA}", NULL, F_EVENT_PARTS, 0,
     {"401", "S", "S", "404", "404", "404", "404", "S"}, "event.agenda (A's requests)"},
    {"POST", "/api/v1/events/{id}/requests", "/api/v1/events/{EV}/requests", "{\"from_id\":{PA},\"to_id\":{PB}}",
     F_EVENT_PARTS, 0, {"401", "S", "S", "403", "403", "403", "403", "403"}, "event.request_send (as A)"},
    {"POST", "/api/v1/events/{id}/requests/{id}/accept", "/api/v1/events/{EV}/requests/{RQ}/accept", NULL,
     F_EVENT_REQUEST, 0, {"401", "S", "S", "403", "404", "404", "404", "404"}, "event.request_decide (to A)"},
    {"POST", "/api/v1/events/{id}/requests/{id}/decline", "/api/v1/events/{EV}/requests/{RQ}/decline", NULL,
     F_EVENT_REQUEST, 0, {"401", "S", "S", "403", "404", "404", "404", "404"}, "event.request_decide (to A)"},
    {"POST", "/api/v1/events/{id}/requests/{id}/cancel", "/api/v1/events/{EV}/requests/{RQ}/cancel", NULL,
     F_EVENT_REQUEST, 0, {"401", "S", "S", "S", "404", "404", "404", "404"}, "event.request_cancel (B to A)"},
    {"POST", "/api/v1/events/{id}/schedule", "/api/v1/events/{EV}/schedule", NULL, F_EVENT, 0,
     {"401", "403", "S", "403", "403", "403", "403", "S"}, "event.organise (A organises)"},
    {"GET", "/api/v1/events/{id}/schedule", "/api/v1/events/{EV}/schedule", NULL, F_EVENT, 0,
     {"401", "403", "S", "403", "403", "403", "403", "S"}, "event.organise (A organises)"},
    {"GET", "/api/v1/event-notices", "/api/v1/event-notices", NULL, F_NONE, 0, SIGNED_IN, "event_notice.read (own)"},
    {"POST", "/api/v1/event-notices/{id}/read", "/api/v1/event-notices/{N}/read", "{}", F_EVENT_NOTICE, 0,
     {"401", "S", "404", "404", "404", "404", "404", "404"}, "event_notice.read (A's member's)"},
    /* Analytics (issue 15): public aggregates for anyone; financing, the
     * matrix and the funnel for the secretariat, and for a coordinator
     * about its own state (its own when it names none). */
    {"GET", "/api/v1/analytics", "/api/v1/analytics?figure=listings", NULL, F_NONE, 0, ALL_S, "analytics.public"},
    {"GET", "/api/v1/analytics", "/api/v1/analytics?figure=projects&state=UZ&format=csv", NULL, F_NONE, 0, ALL_S,
     "analytics.public (drafts counted for UZ's coordinator and the secretariat)"},
    {"GET", "/api/v1/analytics", "/api/v1/analytics?figure=funnel", NULL, F_NONE, 0,
     {"401", "403", "403", "403", "S", "S", "403", "S"}, "analytics.restricted (a coordinator's own state)"},
    {"GET", "/api/v1/analytics", "/api/v1/analytics?figure=matrix&state=UZ", NULL, F_NONE, 0,
     {"401", "403", "403", "403", "S", "403", "403", "S"}, "analytics.restricted"},
    {"GET", "/api/v1/analytics", "/api/v1/analytics?figure=financing&state=KZ", NULL, F_NONE, 0,
     {"401", "403", "403", "403", "403", "S", "403", "S"}, "analytics.restricted"},
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* ---- the world ---- */

/* A user, and a member (admin or not) of org unless it is 0. */
static int64_t make_user(hk_store *st, const char *email, user_role role, const char *state, int64_t org,
                         bool admin)
{
    int64_t id = http_fixture_user(st, email, role, state);
    if (org)
        http_fixture_member(st, id, org, admin);
    return id;
}

static int64_t make_listing(world *w, listing_status status)
{
    listing l;
    memset(&l, 0, sizeof l);
    l.org_id = w->org_a;
    l.direction = DIR_OFFER;
    l.kind = KIND_SUPPLY;
    l.n_texts = 1;
    l.texts = calloc(1, sizeof *l.texts);
    l.texts[0] = (listing_text){strdup("en"), ORIGIN_ORIGINAL, strdup("Aluminium window profiles"), NULL};
    l.n_hs = 1;
    l.hs = calloc(1, sizeof *l.hs);
    l.hs[0] = strdup("7604");
    memcpy(l.expires, "2099-12-31", 11);
    hk_err err;
    if (store_listing_create(w->st, &l, 0, &err))
        fail_msg("listing: %s: %s", err.field, err.msg);
    int64_t id = l.id;
    listing_free(&l);
    if (status != STATUS_DRAFT && store_listing_set_status(w->st, id, STATUS_PUBLISHED, NULL, 0, &err))
        fail_msg("publish: %s: %s", err.field, err.msg);
    if (status == STATUS_EXPIRED && store_listing_set_status(w->st, id, STATUS_EXPIRED, NULL, 0, &err))
        fail_msg("expire: %s: %s", err.field, err.msg);
    return id;
}

static int64_t make_interest(world *w, int64_t listing_id)
{
    interest i;
    memset(&i, 0, sizeof i);
    i.listing_id = listing_id;
    i.from_org_id = w->org_b;
    i.from_user_id = w->user[OTHER];
    i.offered = (char *)"Extrusion";
    i.sought = (char *)"Profiles";
    i.why = (char *)"Near";
    hk_err err;
    if (store_interest_create(w->st, &i, &err))
        fail_msg("interest: %s: %s", err.field, err.msg);
    return i.id;
}

static void must(int rc, const hk_err *err, const char *what)
{
    if (rc)
        fail_msg("%s: %s: %s", what, err->field, err->msg);
}

/* A project of A (lead, 60 %) and B (40 %) with one milestone, created by
 * A's admin and moved along the chain to kind (F_PRJ_*). */
static void make_project(world *w, fixture_kind kind, fixture *f)
{
    hk_err err;
    project p;
    memset(&p, 0, sizeof p);
    p.sector = SECTOR_ENERGY;
    p.texts = calloc(1, sizeof *p.texts);
    p.texts[0] = (project_text){strdup("ru"), ORIGIN_ORIGINAL, strdup("Солнечная станция"), NULL};
    p.n_texts = 1;
    p.partners = calloc(2, sizeof *p.partners);
    p.partners[0] = (project_partner){.org_id = w->org_a, .role = PROLE_LEAD, .share_bp = 6000};
    p.partners[1] = (project_partner){.org_id = w->org_b, .role = PROLE_COPRODUCER, .share_bp = 4000};
    p.n_partners = 2;
    p.milestones = calloc(1, sizeof *p.milestones);
    p.milestones[0] = (project_milestone){.title = strdup("Panels installed"), .due = "2027-05-01"};
    p.n_milestones = 1;
    p.budget = 5e6;
    strcpy(p.currency, "USD");
    int64_t creator = kind == F_PRJ_NOTICE ? w->user[ADMIN] : w->user[MEMBER];
    must(store_project_create(w->st, &p, creator, &err), &err, "project");
    int64_t id = f->project = p.id;
    project_free(&p);
    if (kind == F_PRJ_NOTICE) {
        project_notice *v;
        size_t n;
        must(store_project_notices(w->st, w->user[MEMBER], 0, 1, &v, &n, &err), &err, "notices");
        if (n != 1)
            fail_msg("the project told A's member nothing");
        f->notification = v[0].id;
        project_notices_free(v, n);
        return;
    }
    if (kind == F_PRJ_DRAFT)
        return;
    must(store_project_signoff(w->st, id, w->org_a, 1, w->user[ADMIN], &err), &err, "sign-off A");
    must(store_project_signoff(w->st, id, w->org_b, 1, w->user[OTHER], &err), &err, "sign-off B");
    if (kind == F_PRJ_SIGNED_OFF)
        return;
    must(store_project_endorse(w->st, id, 0, w->user[COORD_UZ], &err), &err, "endorse UZ");
    must(store_project_endorse(w->st, id, 0, w->user[COORD_KZ], &err), &err, "endorse KZ");
    if (kind == F_PRJ_ENDORSED)
        return;
    must(store_project_submit(w->st, id, &w->org_c, 1, 0, w->user[ADMIN], &err), &err, "submit");
    project_submission *s;
    size_t n;
    must(store_project_submissions(w->st, id, &s, &n, &err), &err, "submissions");
    f->submission = s[0].id;
    project_submissions_free(s, n);
    project_document d = {.project_id = id, .name = (char *)"Смета.pdf", .content_type = (char *)"application/pdf",
                          .confidential = kind != F_PRJ_SUBMITTED_OPEN};
    must(store_project_doc_add(w->st, &d, "%PDF-1.7\n", 9, w->user[MEMBER], NULL, &err), &err, "document");
    f->document = d.id;
    if (kind == F_PRJ_SUBMITTED || kind == F_PRJ_SUBMITTED_OPEN)
        return;
    must(store_project_decide(w->st, f->submission, SUB_APPROVED, 4e6, "USD", NULL, w->user[FINANCIAL], &err), &err,
         "decide");
    if (kind == F_PRJ_APPROVED)
        return;
    must(store_project_start(w->st, id, 0, w->user[ADMIN], &err), &err, "start");
    if (kind == F_PRJ_FINISHING)
        must(store_project_milestone_report(w->st, id, 0, MS_DONE, NULL, w->user[MEMBER], &err), &err, "milestone");
}

static void make_fixture(world *w, fixture_kind kind, fixture *f)
{
    static int serial;
    char buf[64];
    hk_err err;
    memset(f, 0, sizeof *f);
    int64_t link[1] = {0};
    if (kind == F_INITIATIVE_PRJ || kind == F_MEASURE_PRJ) {
        make_project(w, F_PRJ_DRAFT, f);
        link[0] = f->project;
        kind = kind == F_INITIATIVE_PRJ ? F_INITIATIVE : F_MEASURE;
    }
    switch (kind) {
    case F_NONE: break;
    case F_DRAFT: f->listing = make_listing(w, STATUS_DRAFT); break;
    case F_PUBLISHED: f->listing = make_listing(w, STATUS_PUBLISHED); break;
    case F_EXPIRED: f->listing = make_listing(w, STATUS_EXPIRED); break;
    case F_EOI_ACCEPTED:
    case F_PM_PENDING:
    case F_PM_ACCEPTED: {
        f->interest = make_interest(w, make_listing(w, STATUS_PUBLISHED));
        must(store_interest_decide(w->st, f->interest, EOI_ACCEPTED, w->user[ADMIN], &err), &err, "accept");
        if (kind == F_EOI_ACCEPTED)
            break;
        pm_proposal p = {.n_times = 1, .place = "Tashkent"};
        p.times[0] = (pm_time){.starts = "2031-05-20T10:00", .tz = "Asia/Tashkent", .minutes = 60};
        must(store_pm_propose_on_interest(w->st, f->interest, w->org_b, w->user[OTHER], &p, &f->partner_meeting,
                                          &err),
             &err, "meeting request");
        if (kind == F_PM_ACCEPTED)
            must(store_pm_accept(w->st, f->partner_meeting, w->org_a, w->user[MEMBER], 1, &err), &err, "accept");
        break;
    }
    case F_INTEREST:
    case F_NOTIFICATION: {
        f->interest = make_interest(w, make_listing(w, STATUS_PUBLISHED));
        store_notification *v = NULL;
        size_t n = 0;
        if (store_notifications_of_user(w->st, w->user[MEMBER], 0, 1, &v, &n, &err) || n != 1)
            fail_msg("the interest raised no notification for A's member");
        f->notification = v[0].id;
        store_notifications_free(v, n);
        break;
    }
    case F_SAVED: {
        store_saved_search s = {.user_id = w->user[MEMBER], .name = buf, .query = (char *)"aluminium"};
        snprintf(buf, sizeof buf, "saved %d", ++serial);
        if (store_saved_search_create(w->st, &s, &err))
            fail_msg("saved: %s: %s", err.field, err.msg);
        f->saved = s.id;
        free(s.filters);
        break;
    }
    case F_TOKEN: {
        auth_key key;
        auth_key_generate(&key);
        auth_api_token tok;
        auth_api_token_new(&key, &tok);
        store_api_token t;
        memset(&t, 0, sizeof t);
        memcpy(t.key_id, tok.id, sizeof t.key_id);
        memcpy(t.hash, tok.hash, sizeof t.hash);
        t.user_id = w->user[MEMBER];
        t.name = (char *)"cell";
        if (store_api_token_create(w->st, &t, &err))
            fail_msg("token: %s: %s", err.field, err.msg);
        f->token = t.id;
        break;
    }
    case F_MEMBER_USER:
        snprintf(buf, sizeof buf, "joiner-%d@example.uz", ++serial);
        f->member_user = make_user(w->st, buf, ROLE_MEMBER, NULL, w->org_a, false);
        break;
    case F_USER:
    case F_INVITATION:
        snprintf(f->email, sizeof f->email, "lone-%d@example.uz", ++serial);
        make_user(w->st, f->email, ROLE_MEMBER, NULL, 0, false);
        if (kind == F_INVITATION) {
            store_invitation v;
            if (store_invitation_send(w->st, w->org_a, f->email, false, w->user[ADMIN], &v, &err))
                fail_msg("invitation: %s: %s", err.field, err.msg);
            f->invitation = v.id;
            store_invitation_free(&v);
        }
        break;
    default: make_project(w, kind, f); break;
    case F_MEETING:
    case F_INITIATIVE: {
        meeting m = {.type = MEET_EXPERT, .starts = "2031-01-01T10:00", .tz = "Asia/Tashkent", .minutes = 60,
                     .format = FMT_VIDEOCONFERENCE, .chair = "UZ", .n_texts = 1};
        coord_text t = {(char *)"en", ORIGIN_ORIGINAL, (char *)"Expert meeting", NULL};
        m.texts = &t;
        if (store_meeting_create(w->st, &m, 0, &err))
            fail_msg("meeting: %s: %s", err.field, err.msg);
        f->meeting = m.id;
        if (kind == F_INITIATIVE) {
            initiative i = {.proposer = "UZ", .proposed_on = "2020-11-10", .status = INIT_PROPOSED, .n_texts = 1};
            i.texts = &t;
            i.project_ids = link[0] ? link : NULL;
            i.n_project_ids = link[0] ? 1 : 0;
            if (store_initiative_create(w->st, &i, 0, &err))
                fail_msg("initiative: %s: %s", err.field, err.msg);
            f->initiative = i.id;
        }
        break;
    }
    case F_MEASURE: {
        coord_text t = {(char *)"en", ORIGIN_ORIGINAL, (char *)"Register of industrial parks", NULL};
        char states[1][3] = {"UZ"};
        measure m = {.code = buf, .texts = &t, .n_texts = 1, .states = states, .n_states = 1,
                     .deadline = "2030-06-30", .status = MEASURE_NOT_STARTED};
        m.project_ids = link[0] ? link : NULL;
        m.n_project_ids = link[0] ? 1 : 0;
        snprintf(buf, sizeof buf, "1.%d", ++serial);
        if (store_measure_create(w->st, &m, 0, &err))
            fail_msg("measure: %s: %s", err.field, err.msg);
        f->measure = m.id;
        break;
    }
    case F_EVENT:
    case F_EVENT_PARTS:
    case F_EVENT_REQUEST:
    case F_EVENT_NOTICE: {
        hk_event e = {.kind = EVENT_FORUM, .organiser_org_id = w->org_a, .n_texts = 1, .days = 1,
                      .slot_minutes = 30, .tables = 4};
        event_text et = {(char *)"en", (char *)"SCO Economic Forum", NULL, ORIGIN_ORIGINAL};
        e.texts = &et;
        strcpy(e.tz, "Asia/Tashkent");
        strcpy(e.first_day, "2031-06-10");
        strcpy(e.day_start, "09:00");
        strcpy(e.day_end, "12:00");
        must(store_event_create(w->st, &e, 0, &err), &err, "event");
        f->event = e.id;
        if (kind == F_EVENT)
            break;
        event_participant pa = {.event_id = e.id, .org_id = w->org_a, .user_id = w->user[MEMBER],
                                .meeting_limit = 4, .avail = 0x3f};
        event_participant pb = {.event_id = e.id, .org_id = w->org_b, .user_id = w->user[OTHER],
                                .meeting_limit = 4, .avail = 0x3f};
        must(store_event_register(w->st, &pa, 0, &err), &err, "participant A");
        must(store_event_register(w->st, &pb, 0, &err), &err, "participant B");
        f->part_a = pa.id;
        f->part_b = pb.id;
        if (kind == F_EVENT_REQUEST || kind == F_EVENT_NOTICE) {
            event_request r = {.event_id = e.id, .from_id = pb.id, .to_id = pa.id};
            must(store_event_request_send(w->st, &r, 0, &err), &err, "request");
            f->request = r.id;
        }
        if (kind == F_EVENT_NOTICE) {
            store_event_run run;
            must(store_event_request_decide(w->st, f->request, EREQ_ACCEPTED, 0, &err), &err, "accept");
            must(store_event_schedule_run(w->st, e.id, NULL, 0, &run, &err), &err, "schedule");
            event_notice *v;
            size_t n;
            must(store_event_notices(w->st, w->user[MEMBER], 1, &v, &n, &err), &err, "event notices");
            if (n != 1)
                fail_msg("the schedule told A's member nothing");
            f->notification = v[0].id;
            event_notices_free(v, n);
        }
        break;
    }
    case F_CHAIR: {
        chair_term c = {.type = MEET_OTHER, .country = "KZ", .to = ""};
        snprintf(buf, sizeof buf, "%04d-01-01", (1900 + ++serial) % 10000);
        memcpy(c.from, buf, sizeof c.from - 1);
        if (store_chair_put(w->st, &c, 0, &err))
            fail_msg("chair: %s: %s", err.field, err.msg);
        f->chair = c.id;
        break;
    }
    }
}

/* Replaces {L} {I} {N} {SS} {T} {A} {B} {C} {U} {E} {V} {R} {P} {S} {D} {M} {IN} {ME} {CH} {PM} in tmpl. */
static void expand(const world *w, const fixture *f, const char *tmpl, char *out, size_t len)
{
    static int serial;
    int r = ++serial;
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 32 < len;) {
        const struct {
            const char *tag;
            long long v;
        } tags[] = {{"{L}", f->listing}, {"{I}", f->interest}, {"{N}", f->notification}, {"{SS}", f->saved},
                    {"{T}", f->token},   {"{A}", w->org_a},    {"{B}", w->org_b},        {"{U}", f->member_user},
                    {"{V}", f->invitation}, {"{R}", r},
                    {"{P}", f->project},  {"{S}", f->submission},   {"{D}", f->document},
                    {"{C}", w->org_c},
                    {"{M}", f->meeting}, {"{IN}", f->initiative}, {"{ME}", f->measure}, {"{CH}", f->chair},
                    {"{PM}", f->partner_meeting},
                    {"{EV}", f->event}, {"{PA}", f->part_a}, {"{PB}", f->part_b}, {"{RQ}", f->request}};
        int done = 0;
        if (!strncmp(p, "{E}", 3)) {
            o += (size_t)snprintf(out + o, len - o, "%s", f->email);
            p += 3;
            continue;
        }
        for (size_t i = 0; i < sizeof tags / sizeof tags[0] && !done; i++) {
            size_t n = strlen(tags[i].tag);
            if (!strncmp(p, tags[i].tag, n)) {
                o += (size_t)snprintf(out + o, len - o, "%lld", tags[i].v);
                p += n;
                done = 1;
            }
        }
        if (!done)
            out[o++] = *p++;
    }
    out[o] = '\0';
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    *state = w;
    if (http_fixture_db(&w->fx, "authz"))
        return -1;
    w->st = http_fixture_store(&w->fx);
    w->org_a = http_fixture_org(w->st, "Tashkent Aluminium", "UZ", ORG_ENTERPRISE);
    w->org_b = http_fixture_org(w->st, "Almaty Extrusion", "KZ", ORG_ENTERPRISE);
    w->org_c = http_fixture_org(w->st, "Eurasian Bank", "KZ", ORG_FINANCIAL);
    w->user[MEMBER] = make_user(w->st, "member@a.uz", ROLE_MEMBER, NULL, w->org_a, false);
    w->user[ADMIN] = make_user(w->st, "admin@a.uz", ROLE_MEMBER, NULL, w->org_a, true);
    w->user[OTHER] = make_user(w->st, "member@b.kz", ROLE_MEMBER, NULL, w->org_b, true);
    w->user[COORD_UZ] = make_user(w->st, "coordinator@uz.example", ROLE_COORDINATOR, "UZ", 0, false);
    w->user[COORD_KZ] = make_user(w->st, "coordinator@kz.example", ROLE_COORDINATOR, "KZ", 0, false);
    w->user[FINANCIAL] = make_user(w->st, "staff@bank.kz", ROLE_FINANCIAL, NULL, w->org_c, false);
    w->user[SECRETARIAT] = make_user(w->st, "desk@sco.example", ROLE_SECRETARIAT, NULL, 0, false);
    w->listing_pub = make_listing(w, STATUS_PUBLISHED);
    if (http_fixture_serve(&w->fx))
        return -1;
    static const char *const emails[N_ACTORS] = {NULL,
                                                 "member@a.uz",
                                                 "admin@a.uz",
                                                 "member@b.kz",
                                                 "coordinator@uz.example",
                                                 "coordinator@kz.example",
                                                 "staff@bank.kz",
                                                 "desk@sco.example"};
    w->session[VISITOR].port = w->fx.port;
    for (int a = 1; a < N_ACTORS; a++)
        if (http_session_login(&w->session[a], w->fx.port, emails[a], PASSWORD) != 200)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    store_close(w->st);
    http_fixture_stop(&w->fx);
    free(w);
    return 0;
}

/* ---- the tests ---- */

static long success_status(const cell_row *r)
{
    if (!strcmp(r->method, "DELETE") || strstr(r->pattern, "/read") || !strcmp(r->pattern, "/api/v1/auth/logout"))
        return 204;
    if (!strcmp(r->method, "POST") && !strstr(r->pattern, "/publish") && !strstr(r->pattern, "/close") &&
        !strstr(r->pattern, "/renew") && !strstr(r->pattern, "/verify") && !strstr(r->pattern, "/accept") &&
        !strstr(r->pattern, "/decline") && !strstr(r->pattern, "/status") && strcmp(r->pattern, "/api/v1/auth/login") != 0 &&
        !strstr(r->pattern, "/signoff") && !strstr(r->pattern, "/endorse") && !strstr(r->pattern, "/return") &&
        !strstr(r->pattern, "/submit") && !strstr(r->pattern, "/start") && !strstr(r->pattern, "/complete") &&
        !strstr(r->pattern, "/cancel") && !strstr(r->pattern, "/report") && !strstr(r->pattern, "/decision") &&
        !strstr(r->pattern, "/propose") &&
        !strstr(r->pattern, "/schedule") &&
        strcmp(r->pattern, "/api/v1/auth/password") != 0)
        return 201;
    return 200;
}

/* The ETag of what GET answers for the record at path. */
static void current_etag(world *w, const char *path, char *out, size_t len)
{
    http_reply r = http_session_call(&w->session[ADMIN], "GET", path, NULL, NULL);
    snprintf(out, len, "%s", r.etag);
    http_reply_free(&r);
}

static void every_route_answers_every_actor_as_the_table_says(void **state)
{
    world *w = *state;
    int failures = 0, cells = 0;
    for (size_t i = 0; i < N_ROWS; i++) {
        const cell_row *r = &rows[i];
        if (!r->path)
            continue;
        for (int a = 0; a < N_ACTORS; a++) {
            if (!strcmp(r->expect[a], "-"))
                continue;
            fixture f;
            make_fixture(w, r->fix, &f);
            char path[256], body[1024], etag[64] = "";
            expand(w, &f, r->path, path, sizeof path);
            if (r->body)
                expand(w, &f, r->body, body, sizeof body);
            if (r->if_match)
                current_etag(w, path, etag, sizeof etag);
            http_reply rep = http_session_call(&w->session[a], r->method, path, r->body ? body : NULL,
                                               r->if_match ? etag : NULL);
            long want = !strcmp(r->expect[a], "S") ? success_status(r) : atol(r->expect[a]);
            cells++;
            if (rep.status != want) {
                failures++;
                print_error("%s %s as %s (%s): got %ld, want %ld: %.200s\n", r->method, path, actor_names[a], r->why,
                            rep.status, want, rep.body ? rep.body : "");
            }
            http_reply_free(&rep);
        }
    }
    print_message("%d cells checked\n", cells);
    if (failures)
        fail_msg("%d of %d cells answered otherwise than docs/security.md says", failures, cells);
}

typedef struct coverage {
    int missing;
} coverage;

static void check_route(const char *method, const char *pattern, void *ctx)
{
    coverage *c = ctx;
    for (size_t i = 0; i < N_ROWS; i++)
        if (!strcmp(rows[i].method, method) && !strcmp(rows[i].pattern, pattern))
            return;
    print_error("route %s %s has no row in the authorization matrix\n", method, pattern);
    c->missing++;
}

/* http_routes_each is internal to the server; declared here for the test. */
void http_routes_each(void (*fn)(const char *method, const char *pattern, void *ctx), void *ctx);

static void every_route_is_in_the_matrix(void **state)
{
    (void)state;
    coverage c = {0};
    http_routes_each(check_route, &c);
    assert_int_equal(c.missing, 0);
}

static void signing_out_needs_a_session(void **state)
{
    world *w = *state;
    http_reply r = http_session_call(&w->session[VISITOR], "POST", "/api/v1/auth/logout", NULL, NULL);
    assert_int_equal(r.status, 401);
    http_reply_free(&r);
    http_session s;
    assert_int_equal(http_session_login(&s, w->fx.port, "desk@sco.example", PASSWORD), 200);
    r = http_session_call(&s, "POST", "/api/v1/auth/logout", NULL, NULL);
    assert_int_equal(r.status, 204);
    http_reply_free(&r);
    r = http_session_call(&w->session[VISITOR], "POST", "/api/v1/auth/logout-everywhere", NULL, NULL);
    assert_int_equal(r.status, 401);
    http_reply_free(&r);
    assert_int_equal(http_session_login(&s, w->fx.port, "desk@sco.example", PASSWORD), 200);
    r = http_session_call(&s, "POST", "/api/v1/auth/logout-everywhere", NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

static void the_stream_needs_a_session(void **state)
{
    world *w = *state;
    http_reply r = http_session_call(&w->session[VISITOR], "GET", "/api/v1/notifications/stream", NULL, NULL);
    assert_int_equal(r.status, 401);
    http_reply_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_is_in_the_matrix),
        cmocka_unit_test_setup_teardown(every_route_answers_every_actor_as_the_table_says, setup, teardown),
        cmocka_unit_test_setup_teardown(signing_out_needs_a_session, setup, teardown),
        cmocka_unit_test_setup_teardown(the_stream_needs_a_session, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
