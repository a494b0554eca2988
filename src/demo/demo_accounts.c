/*
 * demo_accounts.c - accounts to try the demo with: the secretariat,
 * national coordinators of four states, and an admin of one organisation
 * in each of those states, all with one password that the caller chooses
 * and prints (`hamkor serve --demo-if-empty` uses DEMO_PASSWORD, written
 * in docs/demo-data.md). Only for demo databases: anyone who reads the
 * docs can sign in with them.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "demo/demo.h"

static const struct {
    const char *state;       /* the coordinator's state, and the member's organisation's */
} states[] = {{"UZ"}, {"KZ"}, {"RU"}, {"CN"}};

static int add_user(hk_store *st, const char *email, const char *name, user_role role, const char *state,
                    const char *hash, int64_t *id, hk_err *err)
{
    user u;
    memset(&u, 0, sizeof u);
    u.email = (char *)email;
    u.display_name = (char *)name;
    u.password_hash = (char *)hash;
    u.role = role;
    if (state)
        memcpy(u.country, state, 3);
    int rc = store_user_create(st, &u, err);
    *id = u.id;
    return rc;
}

int demo_accounts(hk_store *st, const char *password, void (*each)(const char *email, const char *what, void *ctx),
                  void *ctx, hk_err *err)
{
    char hash[AUTH_PWHASH_STRBYTES];
    int rc = auth_password_hash(NULL, password, hash, err);
    if (rc || (rc = store_begin(st, err)))
        return rc;
    int64_t id;
    rc = add_user(st, "desk@demo.hamkor.org", "SCO Secretariat (demo)", ROLE_SECRETARIAT, NULL, hash, &id, err);
    if (!rc && each)
        each("desk@demo.hamkor.org", "secretariat", ctx);
    for (size_t i = 0; !rc && i < sizeof states / sizeof states[0]; i++) {
        char email[64], name[64], lower[3] = {(char)(states[i].state[0] + 32), (char)(states[i].state[1] + 32), 0};
        snprintf(email, sizeof email, "coordinator.%s@demo.hamkor.org", lower);
        snprintf(name, sizeof name, "National coordinator %s (demo)", states[i].state);
        rc = add_user(st, email, name, ROLE_COORDINATOR, states[i].state, hash, &id, err);
        if (!rc && each)
            each(email, "national coordinator", ctx);
        /* Its reports on the Action Plan (none when the demo has no plan). */
        if (!rc)
            rc = demo_coordination_notes(st, id, states[i].state, err);
        /* An admin of the state's first organisation. */
        store_org_query q = {.country = states[i].state, .tier = -1, .type = -1, .limit = 1};
        organisation *orgs = NULL;
        size_t n = 0;
        if (!rc)
            rc = store_org_list(st, &q, &orgs, &n, err);
        if (!rc && n) {
            snprintf(email, sizeof email, "member.%s@demo.hamkor.org", lower);
            snprintf(name, sizeof name, "Member in %s (demo)", states[i].state);
            rc = add_user(st, email, name, ROLE_MEMBER, NULL, hash, &id, err);
            membership m = {.user_id = id, .org_id = orgs[0].id, .is_admin = true};
            if (!rc)
                rc = store_membership_put(st, &m, 0, err);
            /* A participant of the demo's Economic Forum, for its organisation. */
            if (!rc)
                rc = demo_forum_join(st, id, orgs[0].id, err);
            if (!rc && each) {
                char what[160];
                snprintf(what, sizeof what, "admin of organisation %lld", (long long)orgs[0].id);
                each(email, what, ctx);
            }
        }
        store_orgs_free(orgs, n);
    }
    if (!rc)
        return store_commit(st, err);
    store_rollback(st);
    return rc;
}
