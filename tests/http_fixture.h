/*
 * http_fixture.h - the test server the HTTP tests share: a fresh
 * temporary database seeded with the countries, served over loopback
 * with fast password hashing and a high sign-in burst; users,
 * organisations and memberships written straight into the store (for
 * the cast a test needs before it calls the API); calls that must
 * answer a given status; and reading a reply as JSON or as a problem
 * document. Requests themselves are http_client.h's.
 */
#ifndef HK_TESTS_HTTP_FIXTURE_H
#define HK_TESTS_HTTP_FIXTURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "http/http_server.h"
#include "http_client.h"
#include "store/store.h"
#include "store_fixture.h"

/* The password of every user http_fixture_user makes. */
#define HTTP_FIXTURE_PASSWORD "correct horse battery"

typedef struct http_fixture {
    char db[STORE_FIXTURE_PATH_MAX]; /* the database (a file, or a PostgreSQL URI) */
    char key[64];              /* the token key file: beside a file database, else in /tmp */
    http_server *srv;          /* owned; NULL until http_fixture_serve */
    uint16_t port;             /* the server's loopback port */
    unsigned login_burst;      /* sign-ins per address; set before serving; 0 = 100000 */
    const char *web_root;      /* the UI's files; set before serving; NULL = web/ */
    const char *trusted_proxy; /* the load balancer's address; set before serving; NULL = none */
    FILE *access_log;          /* the server's access log; set before serving; NULL = none */
    FILE *outbox;              /* the server's outbox (verification links); made by serving */
} http_fixture;

/* Makes a fresh database under /tmp named after tag ("acct", "org"),
 * with the shipped countries; 0, or -1 with the reason on stderr. The
 * server is not started yet, so that a test can seed the store first. */
int http_fixture_db(http_fixture *f, const char *tag);
/* Starts the server on f->db; 0, or -1 with the reason on stderr. */
int http_fixture_serve(http_fixture *f);
/* http_fixture_db, then http_fixture_serve. */
int http_fixture_start(http_fixture *f, const char *tag);
/* Stops the server and starts it again on the same database and key. */
int http_fixture_restart(http_fixture *f);
/* Stops the server and removes the database, -wal, -shm and .key. */
void http_fixture_stop(http_fixture *f);

/* A handle on f->db beside the server's (the caller closes it); fails
 * the calling test when it cannot be opened. */
hk_store *http_fixture_store(const http_fixture *f);
/* Makes a user whose password is HTTP_FIXTURE_PASSWORD and whose display
 * name is its email; state is the coordinator's country or NULL. Returns
 * its id; a store error fails the calling test. */
int64_t http_fixture_user(hk_store *st, const char *email, user_role role, const char *state);
/* Makes an organisation with one primary English name; returns its id. */
int64_t http_fixture_org(hk_store *st, const char *name, const char *iso2, org_type type);
/* Follows the newest verification link the server sent to s's email
 * (read from the outbox), as its owner would; fails the test without one. */
void http_fixture_verify_email(http_fixture *f, http_session *s, const char *email);
/* Invites email to org_id as admin (an admin's session), and the invitee
 * (signed in as that email, verified) accepts; fails the test otherwise. */
void http_fixture_join(http_fixture *f, http_session *admin, int64_t org_id, http_session *invitee,
                       const char *email, bool is_admin);
/* Makes a published listing of org (expiring 2099-12-31) with one
 * original Russian text titled title, and the deadline ("YYYY-MM-DD")
 * when not NULL; returns its id. */
int64_t http_fixture_listing(hk_store *st, int64_t org, listing_direction dir, const char *title,
                             const char *deadline);
/* Makes user a member (admin or not) of org. */
void http_fixture_member(hk_store *st, int64_t user_id, int64_t org_id, bool admin);

/* s sends method target with an optional JSON body; the reply must have
 * status (else the calling test fails, showing the body), and a refusal
 * must be a problem document. Returns the body as JSON (NULL when empty). */
json_t *http_expect_json(http_session *s, const char *method, const char *target, const char *body, long status);
/* As http_expect_json, for a call whose body is not looked at. */
void http_expect(http_session *s, const char *method, const char *target, const char *body, long status);

/* The reply's body as JSON; fails the calling test when it is not JSON. */
json_t *http_reply_json(const http_reply *r);
/* The last segment of a problem's type ("invalid", "csrf_failed"); "". */
const char *http_problem_type(const json_t *problem);
/* The field of a problem's first error; "" when it has none. */
const char *http_problem_field(const json_t *problem);

#endif
