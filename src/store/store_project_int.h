/*
 * store_project_int.h - what the project files of the store share
 * (store_project.c: the record; store_project_flow.c: the state machine;
 * store_project_fin.c: financing, documents, lists). Private to
 * src/store/.
 */
#ifndef HK_STORE_PROJECT_INT_H
#define HK_STORE_PROJECT_INT_H

#include "store/store_int.h"
#include "store/store_project.h"

/* Who is told of a transition (bits of prj__tell's who). */
enum {
    TELL_MEMBERS = 1u << 0,      /* every member of every partner */
    TELL_ADMINS = 1u << 1,       /* the partners' admins */
    TELL_UNSIGNED = 1u << 2,     /* admins of partners that have not signed */
    TELL_LEAD = 1u << 3,         /* admins of the lead partner */
    TELL_COORDS = 1u << 4,       /* coordinators of the partners' states */
    TELL_COORDS_OPEN = 1u << 5,  /* ... of the states that have not endorsed */
    TELL_INSTITUTIONS = 1u << 6, /* financial users of the institutions submitted to (or of one) */
};

/* Takes the project's row lock (PostgreSQL) and reads its state and
 * versions: HK_ENOTFOUND naming "id" when there is no such project. */
typedef struct prj_head {
    project_state state;
    int64_t version, content_version;
} prj_head;
int prj__lock(hk_store *st, int64_t id, prj_head *out, hk_err *err);

/* The actor's relation to project id (see store_project_relation), inside
 * the caller's transaction. */
int prj__relation(hk_store *st, int64_t id, int64_t user_id, project_relation *out, hk_err *err);

/* One project notice of kind for every user of the sets in who (one each,
 * never the actor). institution limits TELL_INSTITUTIONS to one
 * organisation when non-zero. payload is a JSON object. */
int prj__tell(hk_store *st, int64_t id, unsigned who, int64_t institution, const char *kind, const char *payload,
              int64_t actor, hk_err *err);

/* The refusal of a transition that the project's state does not allow:
 * HK_ECONFLICT naming "state", saying the rule. */
int prj__state_refused(hk_err *err, project_state was, const char *rule);

/* Whether user_id is a member of org_id, and its admin. */
int prj__membership(hk_store *st, int64_t user_id, int64_t org_id, bool *member, bool *admin, hk_err *err);

/* Voids every sign-off and endorsement of id; *n (may be NULL) counts them. */
int prj__void(hk_store *st, int64_t id, size_t *n, hk_err *err);

#endif
