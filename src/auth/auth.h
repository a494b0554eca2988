/*
 * auth.h - the security core of the API: password hashing and policy,
 * random tokens and their stored form, a login rate limiter, and the
 * authorization rules of BRIEF 2 in one table.
 *
 *   auth_password.c  Argon2id hashing, verification, rehash check, policy
 *   auth_nfc.c       the Unicode normal form (NFC) passwords are hashed in
 *   auth_token.c     session ids, CSRF tokens, API tokens; keyed hashes
 *   auth_ratelimit.c thread-safe token buckets keyed by a string
 *   auth_policy.c    auth_can(): who may do what to which record
 *
 * Nothing here knows HTTP or SQL. The HTTP layer builds an auth_actor from
 * the session (or API token) and an auth_target from the record it loaded,
 * asks auth_can(), and maps the decision to 401/403/404 in one place. The
 * store keeps only hashes of tokens (auth_token_hash), never the tokens.
 * docs/security.md describes how the pieces are meant to be used.
 *
 * Every cryptographic primitive comes from libsodium, which stays behind
 * this folder: callers need not include sodium.h. The functions below
 * initialise it on first use (sodium_init is idempotent and thread-safe),
 * and auth_init() lets main() find out at start if it cannot be.
 */
#ifndef HK_AUTH_H
#define HK_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "model/model.h"

/* Initialises libsodium. 0, or HK_EINTERNAL when it cannot be (no usable
 * random source): the server must not start then. */
int auth_init(hk_err *err);

/* ==== passwords (auth_password.c) ==== */

#define AUTH_PASSWORD_MIN 10   /* code points */
#define AUTH_PASSWORD_MAX 256  /* code points */
#define AUTH_PWHASH_STRBYTES 128 /* crypto_pwhash_STRBYTES, incl. the NUL */

/* Argon2id cost. Production uses auth_pwhash_interactive(); tests pass
 * auth_pwhash_fast() explicitly. There is no global setting on purpose: a
 * test build can never leak cheap hashes into a real store by accident,
 * and auth_password_needs_rehash() upgrades any hash made with other
 * parameters at the next successful login. */
typedef struct auth_pwhash_params {
    unsigned long long opslimit; /* passes over memory (Argon2 t) */
    size_t memlimit;             /* bytes of memory (Argon2 m) */
} auth_pwhash_params;

/* OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: 2 passes, 64 MiB. */
auth_pwhash_params auth_pwhash_interactive(void);
/* The smallest cost libsodium accepts: for tests only. */
auth_pwhash_params auth_pwhash_fast(void);

/* Checks a new password against the policy: valid UTF-8, 10..256 code
 * points, not one character repeated, not the email address (compared
 * without regard to ASCII case; email may be NULL). 0, or HK_EINVAL with
 * err->field "password". Only for setting a password: logins verify
 * whatever is typed, so that tightening the policy locks nobody out. */
int auth_password_check(const char *password, const char *email, hk_err *err);

/* Hashes password with Argon2id into out, a NUL-terminated string in the
 * PHC format ("$argon2id$v=19$m=65536,t=2,p=1$...") that carries its own
 * salt and parameters. params NULL means auth_pwhash_interactive(). Does
 * not apply the policy (call auth_password_check first). 0, HK_ETOOBIG
 * for a password over 4 * AUTH_PASSWORD_MAX bytes, or HK_ENOMEM when the
 * memory Argon2 needs could not be had. */
int auth_password_hash(const auth_pwhash_params *params, const char *password,
                       char out[AUTH_PWHASH_STRBYTES], hk_err *err);

/* True when password matches stored (a string from auth_password_hash).
 * False for a wrong password, a malformed or non-Argon2id stored string,
 * NULL arguments, or a password too long to be one of ours (refused
 * before hashing, so a megabyte of input cannot buy a megabyte of work).
 * Takes as long as hashing does; see docs/security.md for unknown users. */
bool auth_password_verify(const char *stored, const char *password);

/* The NFC form of password in a new malloc'd string (*out; the caller
 * wipes and frees it). Callers hash and verify this form, never the bytes
 * as typed, so that a password typed composed (й) and decomposed (и +
 * U+0306) is the same password. No case folding, no compatibility
 * mapping. 0; HK_EINVAL naming "password" for invalid UTF-8; HK_ETOOBIG
 * for more than 4 * AUTH_PASSWORD_MAX bytes; HK_ENOMEM. auth_nfc.c */
int auth_password_nfc(const char *password, char **out, hk_err *err);

/* True when stored was not made with params (NULL: interactive) and
 * should be replaced by a fresh hash after the next successful login;
 * also true for a string that is not Argon2id at all. */
bool auth_password_needs_rehash(const auth_pwhash_params *params, const char *stored);

/* ==== tokens (auth_token.c) ==== */

#define AUTH_TOKEN_BYTES 32  /* random bytes in every secret: 256 bits */
#define AUTH_TOKEN_LEN 43    /* their base64url form, unpadded */
#define AUTH_TOKEN_HASH_LEN 64 /* hex of a 32-byte keyed BLAKE2b */
#define AUTH_KEY_BYTES 32   /* crypto_generichash_KEYBYTES */
#define AUTH_KEY_B64_LEN 43

/* API tokens read "hk_" + id + "_" + secret, for example
 * "hk_3f9a0c27d41e8b65_Vq3...": the prefix lets secret scanners and grep
 * find a leaked token, and the id (16 lower-case hex digits, not secret)
 * lets the store find its row, the owner revoke it, and logs name it. */
#define AUTH_API_PREFIX "hk_"
#define AUTH_API_ID_LEN 16
#define AUTH_API_TOKEN_LEN (3 + AUTH_API_ID_LEN + 1 + AUTH_TOKEN_LEN) /* 63 */

/* The server's secret key for token hashes. Generated once by `hamkor
 * init`, kept outside the database (so a stolen database alone lets
 * nobody test guesses of tokens against it), passed in, never global. */
typedef struct auth_key {
    unsigned char k[AUTH_KEY_BYTES];
} auth_key;

/* What a token is for; mixed into its hash so that a session id can never
 * be accepted as an API token or the other way round. */
typedef enum { AUTH_TOKEN_SESSION, AUTH_TOKEN_CSRF, AUTH_TOKEN_API, AUTH_TOKEN_EMAIL, AUTH_TOKEN__COUNT } auth_token_kind;

void auth_key_generate(auth_key *key);
/* Reads a key from its unpadded base64url text (43 characters). 0 or
 * HK_EINVAL naming field. */
int auth_key_from_text(auth_key *key, const char *text, const char *field, hk_err *err);
/* Writes the key's text form (AUTH_KEY_B64_LEN + 1 bytes with the NUL). */
void auth_key_to_text(const auth_key *key, char out[AUTH_KEY_B64_LEN + 1]);
/* Reads the key from path, or when there is no such file makes a new one
 * and writes it there (mode 0600, created exclusively, fsync'd); *created
 * (may be NULL) says which. HK_EIO or HK_EINVAL (a damaged file) naming
 * "key". auth_keyfile.c */
int auth_key_load_or_create(const char *path, auth_key *key, bool *created, hk_err *err);
/* Wipes the key (sodium_memzero) once it is no longer needed. */
void auth_key_wipe(auth_key *key);

/* A fresh random secret: 32 bytes from randombytes_buf as 43 characters
 * of unpadded base64url ([A-Za-z0-9_-]). Session ids and CSRF tokens. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);

/* True when s has the shape of auth_token_new output (length, alphabet,
 * canonical last character), so garbage is refused before any lookup. */
bool auth_token_well_formed(const char *s);

/* The stored form of a token: hex of BLAKE2b-256 keyed with key over the
 * kind and the token. The store keeps this, never the token; looking a
 * session up is "WHERE hash = ?" with the hash of the cookie's value. */
void auth_token_hash(const auth_key *key, auth_token_kind kind, const char *token,
                     char out[AUTH_TOKEN_HASH_LEN + 1]);

/* Compares two NUL-terminated secrets (tokens or hashes) in time that
 * depends only on their lengths (sodium_memcmp); lengths are not secret. */
bool auth_token_equal(const char *a, const char *b);

/* True when token hashes (for kind, with key) to stored_hash. */
bool auth_token_check(const auth_key *key, auth_token_kind kind, const char *token,
                      const char *stored_hash);

/* A new API token. token is shown to the user once; id and hash are what
 * the store keeps. */
typedef struct auth_api_token {
    char token[AUTH_API_TOKEN_LEN + 1];  /* "hk_<id>_<secret>"; wipe after showing */
    char id[AUTH_API_ID_LEN + 1];        /* public, unique with overwhelming odds */
    char hash[AUTH_TOKEN_HASH_LEN + 1];  /* auth_token_hash(key, API, token) */
} auth_api_token;

void auth_api_token_new(const auth_key *key, auth_api_token *out);

/* Splits a presented API token ("Authorization: Bearer hk_...") into its
 * id, checking the whole shape. 0, or HK_EINVAL (field "token") when it is
 * not an hamkor API token. The caller then loads the row by id and calls
 * auth_token_check(key, AUTH_TOKEN_API, token, row_hash). */
int auth_api_token_parse(const char *token, char id[AUTH_API_ID_LEN + 1], hk_err *err);

/* ==== sessions' life ==== */
#define AUTH_SESSION_MAX_AGE (30 * 24 * 3600) /* a session ends 30 days after sign-in */
#define AUTH_SESSION_IDLE_MAX (7 * 24 * 3600) /* or after 7 days unused */

/* Whether a session made at created_at and last seen at last_seen_at
 * (unix seconds) has ended by now. */
static inline bool auth_session_expired(int64_t created_at, int64_t last_seen_at, int64_t now)
{
    return now - created_at > AUTH_SESSION_MAX_AGE || now - last_seen_at > AUTH_SESSION_IDLE_MAX;
}

/* ==== login rate limiter (auth_ratelimit.c) ==== */

/* Token buckets keyed by a string (a client address, an email): each key
 * may spend `burst` attempts at once, and earns one back every
 * `refill_ms`. Memory is fixed at creation (`slots` keys); when a new key
 * finds the table full, the key seen longest ago is forgotten, which at
 * worst gives that key a fresh, full bucket. Time comes from the caller
 * (milliseconds of a monotonic clock) so tests control it. All calls are
 * thread-safe. */
typedef struct auth_rate auth_rate;

typedef struct auth_rate_config {
    uint32_t burst;      /* attempts allowed at once, >= 1 */
    uint32_t refill_ms;  /* one attempt comes back every refill_ms, >= 1 */
    uint32_t slots;      /* keys remembered, 1 .. 1<<24 */
} auth_rate_config;

/* 0, HK_EINVAL (a field of config out of range, named), or HK_ENOMEM. */
int auth_rate_new(const auth_rate_config *config, auth_rate **out, hk_err *err);
void auth_rate_free(auth_rate *rl);

/* Spends one attempt of key at now_ms: true when there was one. */
bool auth_rate_allow(auth_rate *rl, const char *key, int64_t now_ms);

/* As auth_rate_allow; when refused, *retry_after_ms (may be NULL) is how
 * long until the next attempt comes back (for a Retry-After header). */
bool auth_rate_take(auth_rate *rl, const char *key, int64_t now_ms, int64_t *retry_after_ms);

/* Gives key a full bucket again (forgets it), e.g. after a login that
 * succeeded from a known address. */
void auth_rate_reset(auth_rate *rl, const char *key);

/* Number of keys currently remembered (for tests and /metrics). */
size_t auth_rate_count(auth_rate *rl);

/* ==== authorization (auth_policy.c) ==== */

typedef enum {
    AUTH_ALLOW = 0,
    AUTH_DENY_UNAUTHENTICATED, /* 401: signing in might help */
    AUTH_DENY_FORBIDDEN,       /* 403: the actor sees the record but may not do this */
    AUTH_NOT_FOUND,            /* 404: the actor may not even know the record exists */
    AUTH_DECISION__COUNT
} auth_decision;

/* Every action the API authorizes; the table in auth_policy.c says who
 * may do each, and why. Keep in step with docs/security.md. */
typedef enum {
    AUTH_LISTING_READ,          /* GET a listing: drafts are private to its org */
    AUTH_LISTING_CREATE,        /* target.org_id = the org it is posted for */
    AUTH_LISTING_UPDATE,
    AUTH_LISTING_PUBLISH,
    AUTH_LISTING_CLOSE,
    AUTH_LISTING_RENEW,
    AUTH_ORG_READ,
    AUTH_ORG_CREATE,
    AUTH_ORG_UPDATE,
    AUTH_ORG_VERIFY,            /* raise the verification tier */
    AUTH_ORG_FLAG_DUPLICATE,    /* report two records as one organisation */
    AUTH_ORG_MERGE,             /* merge or split flagged duplicates */
    AUTH_MEMBERSHIP_MANAGE,     /* invite, remove, make admin */
    AUTH_MEMBERSHIP_LEAVE,      /* target.owner_user_id: the member leaving */
    AUTH_INVITATION_ANSWER,     /* one's own invitations: list, accept, decline */
    AUTH_INTEREST_SEND,         /* target: the listing; from_org_id: the sender */
    AUTH_INTEREST_READ,
    AUTH_INTEREST_DECIDE,       /* accept or decline */
    AUTH_MESSAGE_READ,          /* the thread of an interest */
    AUTH_MESSAGE_WRITE,
    AUTH_NOTIFICATION_READ,     /* target.owner_user_id: the addressee */
    AUTH_SAVED_SEARCH_MANAGE,   /* target.owner_user_id: its owner */
    AUTH_API_TOKEN_MANAGE,      /* create and list one's own tokens */
    AUTH_API_TOKEN_REVOKE,
    AUTH_REGISTRY_ADMIN,        /* countries and taxonomy */
    AUTH_EXPORT_PUBLIC,         /* bulk export of public records */
    /* Joint projects (docs/projects.md): target.project_rel and
     * target.project_visible come from store_project_relation. */
    AUTH_PROJECT_READ,          /* a project, its partners, milestones, public documents */
    AUTH_PROJECT_CREATE,        /* the store checks the actor is a partner's member */
    AUTH_PROJECT_EDIT,          /* co-edit the draft, add documents, report milestones */
    AUTH_PROJECT_SIGNOFF,       /* sign off for a partner organisation */
    AUTH_PROJECT_ENDORSE,       /* endorse or return, as an involved state's coordinator */
    AUTH_PROJECT_LEAD,          /* submit, start, complete, cancel */
    AUTH_PROJECT_CONFIDENTIAL,  /* read a confidential document */
    AUTH_PROJECT_FINANCE,       /* decide on a submission: target.project_rel has INSTITUTION for it */
    AUTH_PROJECT_THREAD,        /* a submission's question thread */
    AUTH_PIPELINE_READ,         /* the financial institutions' pipeline */
    AUTH_PROJECT_NOTICE_READ,   /* target.owner_user_id: the addressee */
    AUTH_COORD_READ,            /* meetings, chairmanship, initiatives, the Action Plan */
    AUTH_COORD_KEEP,            /* record and change them (the secretariat) */
    AUTH_INITIATIVE_PROPOSE,    /* target.org_country: the proposing state */
    AUTH_MEASURE_REPORT,        /* a progress note; target.org_country: a responsible state */
    AUTH_DOCUMENT_READ,         /* a restricted document; target.org_country: a state with access */
    AUTH_PMEET_PROPOSE,         /* ask for a meeting on an interest: target as for INTEREST_READ */
    AUTH_PMEET_REQUEST,         /* ask a listing's org for a meeting: target as for INTEREST_SEND */
    AUTH_PMEET_READ,            /* a meeting request: org_id = asked, from_org_id = asking org */
    AUTH_PMEET_ANSWER,          /* accept, counter-propose, decline (whose turn: the store) */
    AUTH_PMEET_CANCEL,          /* the asking organisation withdraws its request */
    /* Events with matchmaking sessions (issue 14, http_api_event.c). */
    AUTH_EVENT_READ,            /* events, their slots */
    AUTH_EVENT_KEEP,            /* create and edit events (the secretariat) */
    AUTH_EVENT_ORGANISE,        /* run the schedule, the table plan; target.org_id: the organiser org */
    AUTH_EVENT_MARKET,          /* the marketplace of participants */
    AUTH_EVENT_REGISTER,        /* target.org_id: the organisation registered */
    AUTH_EVENT_PARTICIPANT,     /* edit or withdraw a registration; target.org_id: the participant's org */
    AUTH_EVENT_AGENDA,          /* a participant's requests and agenda; target.org_id: its org */
    AUTH_EVENT_REQUEST_SEND,    /* target.from_org_id: the sender's org, org_id: the recipient's */
    AUTH_EVENT_REQUEST_DECIDE,  /* accept or decline; org_id: the recipient's, from_org_id: the sender's */
    AUTH_EVENT_REQUEST_CANCEL,  /* either side */
    AUTH_EVENT_NOTICE_READ,     /* one's own event notices */
    AUTH_ANALYTICS_PUBLIC,      /* the public figures (listings, matches, interests, projects, sectors, plan, meetings) */
    AUTH_ANALYTICS_RESTRICTED,  /* financing, the matrix, the funnel, drafts; target.org_country: the state */
    AUTH_ACTION__COUNT
} auth_action;

typedef struct auth_membership {
    int64_t org_id;        /* > 0 */
    bool is_admin;         /* organisation admin */
} auth_membership;

/* Who is asking. Built by the HTTP layer from the session's user and
 * memberships; user_id 0 is a visitor, whatever the other fields say. */
typedef struct auth_actor {
    int64_t user_id;       /* 0 = visitor (not signed in) */
    user_role role;        /* member / coordinator / financial / secretariat */
    char country[3];       /* a coordinator's state (ISO alpha-2); "" otherwise */
    const auth_membership *memberships; /* borrowed; n_memberships entries */
    size_t n_memberships;
    bool by_api_token;     /* signed in with an API token, not a session */
} auth_actor;

/* What is asked about: the fields an action does not use are ignored
 * (the table in auth_policy.c lists which each one reads). */
typedef struct auth_target {
    int64_t org_id;        /* org owning the record: the listing's org, the
                              organisation itself, an interest's listing's
                              org, the org a new listing is posted for */
    char org_country[3];   /* that org's country (ORG_VERIFY) */
    int64_t owner_user_id; /* the user owning a personal record: the
                              addressee of a notification, the owner of a
                              saved search or API token; 0 = none */
    listing_status listing_status; /* for the listing actions and INTEREST_SEND */
    int64_t from_org_id;   /* the interest's sending org; for INTEREST_SEND,
                              the org the actor sends as */
    /* A project's relations to the actor, which need the store to know
     * (partners, states, submissions): AUTH_PRJ_* bits filled by the HTTP
     * layer from store_project_relation, and whether the actor may know
     * the project exists (project_visible). */
    unsigned project_rel;
    bool project_visible;
} auth_target;

enum {
    AUTH_PRJ_PARTNER = 1u << 0,       /* member of a partner organisation */
    AUTH_PRJ_PARTNER_ADMIN = 1u << 1, /* admin of the partner concerned (sign-off: the one signing) */
    AUTH_PRJ_LEAD_ADMIN = 1u << 2,    /* admin of the lead partner */
    AUTH_PRJ_COORDINATOR = 1u << 3,   /* coordinator of one of the partners' states */
    AUTH_PRJ_INSTITUTION = 1u << 4,   /* financial user of the institution concerned */
};

auth_decision auth_can(const auth_actor *actor, auth_action action, const auth_target *target);

/* True when the action is never allowed to a visitor, so the HTTP layer
 * can answer 401 before loading the record (and so before a 404 could
 * tell a visitor that it exists). */
bool auth_action_needs_user(auth_action action);

/* Stable names ("listing.read", "deny_forbidden") for logs and docs. */
const char *auth_action_name(auth_action action);
const char *auth_decision_name(auth_decision d);
/* 200, 401, 403 or 404. */
unsigned auth_decision_http_status(auth_decision d);

#endif
