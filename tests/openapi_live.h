/*
 * openapi_live.h - the live server tests/test_openapi.c calls: a
 * temporary database seeded with two organisations in two states, their
 * listings, users in every role the document names (x-hamkor-auth), and
 * the records path ids stand for (x-hamkor-seed); the users signed in;
 * requests built from the document (path ids, query examples) and sent
 * as a given actor; answers held to what the document promises for them.
 * The document model is openapi_doc.h, the schema validator
 * openapi_schema.h.
 */
#ifndef HK_TESTS_OPENAPI_LIVE_H
#define HK_TESTS_OPENAPI_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "http/http_server.h"
#include "http_client.h"
#include "store_fixture.h"
#include "openapi_doc.h"
#include "store/store.h"

#define URL_MAX 16384          /* bytes of a request URL the test builds */
#define LIVE_PASSWORD "correct horse battery" /* every seeded user's password */

/* Who calls an operation: the value of its x-hamkor-auth (absent: a
 * visitor). ACT_FRESH is a user made and signed in for that one call. */
typedef enum {
    ACT_VISITOR, ACT_USER, ACT_ADMIN, ACT_OTHER, ACT_SECRETARIAT,
    ACT_COORDINATOR, /* the national coordinator of UZ (the first organisation's state) */
    ACT_FINANCIAL,   /* a user of role financial, member of the bank (organisation 3) */
    ACT_FRESH, ACT__COUNT
} actor;

/* The records made before the server starts; GETs read these. */
typedef struct seeds {
    int64_t org, org2;         /* the organisations (UZ, KZ); ids 1 and 2, as the examples say */
    int64_t listing, listing2; /* an offer of org, published; a request of org2, published */
    int64_t draft;             /* a draft of org */
    int64_t interest;          /* from org2 on listing, with a message */
    int64_t notification;      /* ACT_USER's, raised by the interest */
    int64_t saved_search;      /* ACT_USER's */
    int64_t token;             /* ACT_USER's API token */
    int64_t bank;              /* a financial institution (organisation 3) */
    int64_t coordinator_kz;    /* KZ's coordinator (no actor: endorses the seeded projects) */
    int64_t project;           /* of org (lead) and org2, submitted to bank: pending, a confidential document */
    int64_t project_document, submission;
    int64_t meeting;           /* an expert meeting chaired by UZ (id 1, as the examples say) */
    int64_t initiative;        /* proposed by UZ */
    int64_t measure;           /* of the Action Plan, UZ responsible */
    int64_t chair_term;        /* a chairmanship term */
    /* Events (issue 14): event 1, organised by org; participant 1 is the
     * user actor's registration for org, 2 the other actor's for org2, 3
     * another member's for org; request 1 goes from 2 to 3, pending (the
     * examples name these ids). */
    int64_t event, event_part, event_part2, event_part3, event_request;
} seeds;

typedef struct server {
    doc d;
    char db[STORE_FIXTURE_PATH_MAX];
    http_server *srv;
    hk_store *st;              /* the test's own handle on the same file, for fresh records */
    uint16_t port;
    seeds seed;
    int64_t user[ACT__COUNT];  /* the actors' user ids; 0 for the visitor and ACT_FRESH */
    http_session session[ACT__COUNT]; /* signed in at setup; ACT_VISITOR's is empty */
    int serial;                /* makes fresh records unique */
    FILE *outbox;              /* the server's outbox: the email checks' links */
    /* The last project a seed made, and its submission: the second path
     * id of /projects/{id}/documents/{id} and .../submissions/{id} belongs
     * to the project of the first. */
    int64_t last_project, last_submission, last_document;
} server;

/* cmocka group setup and teardown: *state is the server. */
int live_setup(void **state);
int live_teardown(void **state);

/* The actor of o (x-hamkor-auth), or -1 when it names none the test knows. */
int op_actor(const op *o);
const char *actor_name(actor a);
/* Whether name is a seed the test can make (x-hamkor-seed). */
bool seed_known(const char *name);
/* The session to call as a: the actor's own, or for ACT_FRESH a new user,
 * registered through the API (so with an email not yet confirmed), signed
 * in into *fresh. */
http_session *live_session(server *s, actor a, http_session *fresh);
/* For an operation marked x-hamkor-body-seed: email_token, the body
 * {"token": ...} of the newest link in the outbox, after registering a
 * fresh user; from malloc(). */
char *live_email_token_body(server *s);

/* ---- building requests from the document ---- */

typedef struct reqtarget {
    char s[URL_MAX];           /* path and query */
    size_t len;
    bool has_query;
} reqtarget;

void t_append(reqtarget *t, const char *s);
void t_query(reqtarget *t, const char *name, const char *value);
/* Adds query parameter p with its example (each item of an array example
 * as a repeated parameter: style form, explode true). */
void t_example(reqtarget *t, const ynode *p);
/* The path of o with its parameters replaced by the seeded records (or,
 * when fresh, by records made for this one request, so that a write
 * cannot change what the next request sees), or by id_text when given
 * (a probe for 404). */
void t_path(reqtarget *t, server *s, const op *o, const char *id_text, bool fresh);
/* The request of o with its required query parameters (from their
 * examples), or with every parameter that has an example. */
void t_build(reqtarget *t, server *s, const op *o, bool all_examples, bool fresh);

/* ---- calling ---- */

typedef struct call_opts {
    const char *body, *body_type;  /* body_type default application/json */
    const char *if_none_match, *if_match;
    bool no_csrf;              /* leave X-CSRF-Token out (a session call) */
} call_opts;

/* method target as who (NULL: a visitor). An operation marked
 * x-hamkor-stream is read up to its first bytes and hung up on, so a
 * never-ending answer still gives its status and headers. */
http_reply live_call(server *s, const op *o, http_session *who, const char *method, const char *target,
                     const call_opts *opts);
/* Checks that r is what the document promises for o: a documented
 * status, the documented media type, a body that validates (JSON, or
 * each line of JSON Lines), and the documented headers (ETag, Location,
 * Set-Cookie, Retry-After) sent, and ETag, Location and Set-Cookie not
 * sent where the document does not say so. */
void check_reply(const doc *d, const op *o, const char *target, const http_reply *r, report *rep);

#endif
