/*
 * auth_policy.c - who may do what: the authorization rules of BRIEF 2 for
 * every endpoint of the API, in one table.
 *
 * Each action has one row saying
 *   - whether a visitor is turned away at once (401),
 *   - when the record is private, and who may then know it exists (the
 *     others get 404, exactly as if it did not exist, so that ids cannot be
 *     probed for drafts, interests or other people's tokens),
 *   - who may do the action (the others get 403, or 401 if a visitor).
 * "Who" is a set of relations between the actor and the target, never a
 * user id list: member of the owning org, admin of it, member of the
 * sending org, the owner, the coordinator of the org's state, the
 * secretariat, any signed-in user, anyone.
 *
 * Two principles run through the table. Rights over an organisation's
 * records come from membership of that organisation, not from having
 * written them, so a person who leaves an organisation takes nothing with
 * them. And a role (coordinator, financial institution, secretariat) adds
 * only the powers named for it; a coordinator posting offers does so as
 * a member of their agency's organisation, like anyone else.
 *
 * Whether the action makes sense in the record's state (publishing a
 * closed listing, answering a declined interest) is not authorization;
 * the store refuses those with HK_ECONFLICT.
 */
#include "auth/auth.h"

#include <string.h>

/* Relations between actor and target; a rule's mask is any of them. */
enum {
    W_ANYONE = 1u << 0,      /* everybody, visitors included */
    W_USER = 1u << 1,        /* any signed-in user */
    W_ORG_MEMBER = 1u << 2,  /* member (or admin) of target->org_id */
    W_ORG_ADMIN = 1u << 3,   /* admin of target->org_id */
    W_FROM_MEMBER = 1u << 4, /* member of target->from_org_id */
    W_OWNER = 1u << 5,       /* target->owner_user_id is the actor */
    W_STATE_COORD = 1u << 6, /* coordinator whose state is target->org_country */
    W_SECRETARIAT = 1u << 7, /* role secretariat */
    W_FINANCIAL = 1u << 8,   /* role financial (the pipeline) */
    W_PRJ_PARTNER = 1u << 9, /* target->project_rel: a partner's member */
    W_PRJ_PARTNER_ADMIN = 1u << 10,
    W_PRJ_LEAD_ADMIN = 1u << 11,
    W_PRJ_COORD = 1u << 12,  /* coordinator of one of the project's states */
    W_PRJ_INSTITUTION = 1u << 13,
};

/* When the record is private, so that only rule->see may know of it. */
typedef enum {
    H_NEVER,   /* public record, or one being created */
    H_DRAFT,   /* a listing: private while it is a draft */
    H_ALWAYS,  /* always private */
    H_PROJECT, /* a project: hidden unless target->project_visible */
} hiding;

typedef struct rule {
    const char *name;     /* stable name: logs, docs, tests */
    bool needs_user;      /* a visitor gets 401 before anything else */
    hiding hidden;
    unsigned see;         /* who may know a hidden record exists */
    unsigned allow;       /* who may do the action */
    bool other_org;       /* INTEREST_SEND: from_org_id must differ from org_id */
    bool session_only;    /* refused (403) to an actor signed in by API token */
} rule;

#define ORG_PARTIES (W_ORG_MEMBER | W_FROM_MEMBER)

/* Columns: name, needs_user, hidden, see, allow, other_org, session_only. */
static const rule rules[AUTH_ACTION__COUNT] = {
    /* The published directory is the point of the platform: anyone reads
     * a published, closed or expired listing (closed and expired ones stay
     * readable so links from interests, messages and exports keep
     * working). A draft is an organisation's unfinished work: no one
     * outside it learns that it exists, the secretariat included, since
     * moderation concerns what is public. */
    [AUTH_LISTING_READ] = {"listing.read", false, H_DRAFT, W_ORG_MEMBER, W_ANYONE, false, false},
    /* A listing speaks for an organisation, so only its members post in
     * its name. target.org_id is the organisation named in the request. */
    [AUTH_LISTING_CREATE] = {"listing.create", true, H_NEVER, 0, W_ORG_MEMBER, false, false},
    /* Members keep their organisation's listings (BRIEF 2); authorship
     * alone gives nothing, so an author who left the org cannot edit. */
    [AUTH_LISTING_UPDATE] = {"listing.update", true, H_DRAFT, W_ORG_MEMBER, W_ORG_MEMBER, false, false},
    [AUTH_LISTING_PUBLISH] = {"listing.publish", true, H_DRAFT, W_ORG_MEMBER, W_ORG_MEMBER, false, false},
    /* Closing is also how the secretariat moderates the directory: it may
     * take any public listing down, but still cannot see drafts. */
    [AUTH_LISTING_CLOSE] = {"listing.close", true, H_DRAFT, W_ORG_MEMBER, W_ORG_MEMBER | W_SECRETARIAT, false, false},
    [AUTH_LISTING_RENEW] = {"listing.renew", true, H_DRAFT, W_ORG_MEMBER, W_ORG_MEMBER, false, false},

    /* Organisations form the public directory. */
    [AUTH_ORG_READ] = {"organisation.read", false, H_NEVER, 0, W_ANYONE, false, false},
    /* Anyone signed in may register an organisation; the store makes the
     * creator its first admin. It starts self-declared, so this grants no
     * trust. */
    [AUTH_ORG_CREATE] = {"organisation.create", true, H_NEVER, 0, W_USER, false, false},
    /* "A member keeps the organisation's profile" (BRIEF 2). The tier is
     * not part of the profile: only ORG_VERIFY changes it. */
    [AUTH_ORG_UPDATE] = {"organisation.update", true, H_NEVER, 0, W_ORG_MEMBER, false, false},
    /* The national coordinator vouches for organisations of its own state
     * only; the secretariat for any (states without a coordinator yet). */
    [AUTH_ORG_VERIFY] = {"organisation.verify", true, H_NEVER, 0, W_STATE_COORD | W_SECRETARIAT, false, false},
    /* A flag is a report that the secretariat reviews, and whoever meets
     * the same company under two scripts is best placed to notice. */
    [AUTH_ORG_FLAG_DUPLICATE] = {"organisation.flag_duplicate", true, H_NEVER, 0, W_USER, false, false},
    /* Merging rewrites two organisations' records; only the secretariat,
     * which keeps the registry, decides it. */
    [AUTH_ORG_MERGE] = {"organisation.merge", true, H_NEVER, 0, W_SECRETARIAT, false, false},
    /* "An organisation admin invites and removes members" (BRIEF 2). */
    [AUTH_MEMBERSHIP_MANAGE] = {"membership.manage", true, H_NEVER, 0, W_ORG_ADMIN, false, false},
    /* Anyone may leave an organisation, admins included (the store keeps
     * the last admin from leaving it with none). */
    [AUTH_MEMBERSHIP_LEAVE] = {"membership.leave", true, H_NEVER, 0, W_OWNER, false, false},
    /* Invitations go to an email: any signed-in user may list and answer
     * theirs, and the store finds only those to the user's own email
     * (another's is 404), verified before one is accepted. */
    [AUTH_INVITATION_ANSWER] = {"invitation.answer", true, H_NEVER, 0, W_USER, false, false},

    /* An interest goes from one organisation to another: the actor must be
     * a member of the organisation it is sent as (target.from_org_id),
     * which must not be the listing's own. A draft cannot be answered by
     * anyone who cannot see it. */
    [AUTH_INTEREST_SEND] = {"interest.send", true, H_DRAFT, W_ORG_MEMBER, W_FROM_MEMBER, true, false},
    /* An interest and its thread are between the two organisations only;
     * everyone else, the secretariat included, gets 404. */
    [AUTH_INTEREST_READ] = {"interest.read", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    /* The listing's organisation answers; the sender sees the interest
     * but cannot accept it on the other side's behalf (403). */
    [AUTH_INTEREST_DECIDE] = {"interest.decide", true, H_ALWAYS, ORG_PARTIES, W_ORG_MEMBER, false, false},
    [AUTH_MESSAGE_READ] = {"message.read", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    [AUTH_MESSAGE_WRITE] = {"message.write", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},

    /* Personal records belong to one user; no one else learns of them. */
    [AUTH_NOTIFICATION_READ] = {"notification.read", true, H_ALWAYS, W_OWNER, W_OWNER, false, false},
    [AUTH_SAVED_SEARCH_MANAGE] = {"saved_search.manage", true, H_ALWAYS, W_OWNER, W_OWNER, false, false},
    /* A token cannot mint tokens: whoever steals one must not be able to
     * outlive its revocation by making more. Listing and creating tokens
     * needs a signed-in session. */
    [AUTH_API_TOKEN_MANAGE] = {"api_token.manage", true, H_ALWAYS, W_OWNER, W_OWNER, false, true},
    /* A token found leaked (its hk_ prefix makes that easy) must be
     * stoppable at once, without waiting for its owner: the secretariat
     * may revoke any token, though it never sees a token's secret. */
    [AUTH_API_TOKEN_REVOKE] = {"api_token.revoke", true, H_ALWAYS, W_OWNER | W_SECRETARIAT,
                               W_OWNER | W_SECRETARIAT, false, false},

    /* "The secretariat keeps countries, taxonomies ..." (BRIEF 2). */
    [AUTH_REGISTRY_ADMIN] = {"registry.admin", true, H_NEVER, 0, W_SECRETARIAT, false, false},
    /* Public records are public in bulk too (BRIEF 5), to any account,
     * API tokens included: signing in is what lets the server count and
     * cap the exports each user runs at once (http_export.c; issue 17,
     * finding 5, the unauthenticated export). */
    [AUTH_EXPORT_PUBLIC] = {"export.public", true, H_NEVER, 0, W_USER, false, false},

    /* Joint projects (docs/projects.md). Who may know a project exists is
     * the store's project_visible (partners; from sign-off on the
     * coordinators of its states and the secretariat; the institutions it
     * was submitted to; financial users while it is in the pipeline), so
     * the "see" column is unused: H_PROJECT reads target->project_visible.
     * The store checks the same relations again for the state machine. */
    [AUTH_PROJECT_READ] = {"project.read", true, H_PROJECT, 0, W_USER, false, false},
    /* The store makes sure the creator is a member of one of its partners. */
    [AUTH_PROJECT_CREATE] = {"project.create", true, H_NEVER, 0, W_USER, false, false},
    /* "Co-edited by the partners' members" (issue 12). */
    [AUTH_PROJECT_EDIT] = {"project.edit", true, H_PROJECT, 0, W_PRJ_PARTNER, false, false},
    /* An organisation admin "signs for it" (BRIEF 2). */
    [AUTH_PROJECT_SIGNOFF] = {"project.signoff", true, H_PROJECT, 0, W_PRJ_PARTNER_ADMIN, false, false},
    /* A coordinator "endorses joint projects that involve its state". */
    [AUTH_PROJECT_ENDORSE] = {"project.endorse", true, H_PROJECT, 0, W_PRJ_COORD, false, false},
    [AUTH_PROJECT_LEAD] = {"project.lead", true, H_PROJECT, 0, W_PRJ_LEAD_ADMIN, false, false},
    /* Confidential documents: partners, the involved coordinators and the
     * institutions it was submitted to, nobody else (not the secretariat). */
    [AUTH_PROJECT_CONFIDENTIAL] = {"project.confidential", true, H_PROJECT, 0,
                                   W_PRJ_PARTNER | W_PRJ_COORD | W_PRJ_INSTITUTION, false, false},
    /* A financial institution "records decisions" on what was submitted to it. */
    [AUTH_PROJECT_FINANCE] = {"project.finance", true, H_PROJECT, 0, W_PRJ_INSTITUTION, false, false},
    /* "Asks questions": a thread between the institution and the partners. */
    [AUTH_PROJECT_THREAD] = {"project.thread", true, H_PROJECT, 0, W_PRJ_PARTNER | W_PRJ_INSTITUTION, false, false},
    /* "Sees the pipeline of projects that seek financing"; the secretariat follows it. */
    [AUTH_PIPELINE_READ] = {"pipeline.read", true, H_NEVER, 0, W_FINANCIAL | W_SECRETARIAT, false, false},
    [AUTH_PROJECT_NOTICE_READ] = {"project_notice.read", true, H_ALWAYS, W_OWNER, W_OWNER, false, false},

    /* The coordination mechanism (BRIEF 4.8, issue 13). Its record is
     * public: anyone reads meetings, the chairmanship, initiatives and the
     * Action Plan with its progress notes. */
    [AUTH_COORD_READ] = {"coordination.read", false, H_NEVER, 0, W_ANYONE, false, false},
    /* "The secretariat keeps meetings, initiatives and the plan." */
    [AUTH_COORD_KEEP] = {"coordination.keep", true, H_NEVER, 0, W_SECRETARIAT, false, false},
    /* A national coordinator proposes initiatives for its own state
     * (target.org_country is the proposer); the secretariat records
     * anyone's. */
    [AUTH_INITIATIVE_PROPOSE] = {"initiative.propose", true, H_NEVER, 0, W_STATE_COORD | W_SECRETARIAT, false,
                                 false},
    /* A coordinator reports progress on measures its state answers for:
     * the handler sets target.org_country to the coordinator's state when
     * it is among the measure's responsible states (else to the first
     * one), so W_STATE_COORD holds exactly then. */
    [AUTH_MEASURE_REPORT] = {"measure.report", true, H_NEVER, 0, W_STATE_COORD | W_SECRETARIAT, false, false},
    /* A restricted document is read by the secretariat and the
     * coordinators of the states listed for it (the same mapping of
     * target.org_country as above). Bodies other than the Secretariat
     * have no accounts here, so their access is recorded but gives no one
     * more. The meeting itself stays public; only the document's texts
     * and link are withheld. */
    [AUTH_DOCUMENT_READ] = {"document.read", true, H_NEVER, 0, W_STATE_COORD | W_SECRETARIAT, false, false},

    /* Meeting requests between partners (issue 14). On an accepted
     * interest either of its two organisations may ask the other; the
     * interest stays as private as before (404 to everyone else). */
    [AUTH_PMEET_PROPOSE] = {"partner_meeting.propose", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    /* On a listing, as for an interest: a member of another organisation
     * asks the listing's, which must be visible to it. */
    [AUTH_PMEET_REQUEST] = {"partner_meeting.request", true, H_DRAFT, W_ORG_MEMBER, W_FROM_MEMBER, true, false},
    /* A request is between its two organisations only, the secretariat
     * included. Whose turn it is to answer is the request's state, so the
     * store refuses an answer out of turn (409), not this table. */
    [AUTH_PMEET_READ] = {"partner_meeting.read", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    [AUTH_PMEET_ANSWER] = {"partner_meeting.answer", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    /* Only the asking organisation withdraws its request; the other side
     * declines instead. */
    [AUTH_PMEET_CANCEL] = {"partner_meeting.cancel", true, H_ALWAYS, ORG_PARTIES, W_FROM_MEMBER, false, false},
    /* Events with matchmaking sessions (BRIEF 4.6, issue 14). An event is
     * public, like the meetings it sits beside. */
    [AUTH_EVENT_READ] = {"event.read", false, H_NEVER, 0, W_ANYONE, false, false},
    /* The secretariat announces the Forum and the side events. */
    [AUTH_EVENT_KEEP] = {"event.keep", true, H_NEVER, 0, W_SECRETARIAT, false, false},
    /* The organisers run the schedule and see the table plan: the
     * secretariat, and the admins of the event's organiser organisation
     * (target.org_id; 0 when it has none, so only the secretariat). */
    [AUTH_EVENT_ORGANISE] = {"event.organise", true, H_NEVER, 0, W_SECRETARIAT | W_ORG_ADMIN, false, false},
    /* The participants' marketplace names people: signed-in users only. */
    [AUTH_EVENT_MARKET] = {"event.market", true, H_NEVER, 0, W_USER, false, false},
    /* A member registers their own organisation (target.org_id). */
    [AUTH_EVENT_REGISTER] = {"event.register", true, H_NEVER, 0, W_ORG_MEMBER, false, false},
    /* A registration is the organisation's: its members change or
     * withdraw it; the secretariat may withdraw any (the handler asks
     * AUTH_EVENT_PARTICIPANT for changes and this same rule for
     * withdrawal, target.org_id the participant's organisation). */
    [AUTH_EVENT_PARTICIPANT] = {"event.participant", true, H_NEVER, 0, W_ORG_MEMBER | W_SECRETARIAT, false, false},
    /* A participant's requests and agenda: its organisation's members and
     * the secretariat; no one else learns of them (404). */
    [AUTH_EVENT_AGENDA] = {"event.agenda", true, H_ALWAYS, W_ORG_MEMBER | W_SECRETARIAT,
                           W_ORG_MEMBER | W_SECRETARIAT, false, false},
    /* A request is sent as a participant of one's own organisation
     * (from_org_id) to another organisation's (org_id). */
    [AUTH_EVENT_REQUEST_SEND] = {"event.request_send", true, H_NEVER, 0, W_FROM_MEMBER, true, false},
    /* Between the two organisations only; the recipient answers. */
    [AUTH_EVENT_REQUEST_DECIDE] = {"event.request_decide", true, H_ALWAYS, ORG_PARTIES, W_ORG_MEMBER, false, false},
    /* Either side may call a meeting off. */
    [AUTH_EVENT_REQUEST_CANCEL] = {"event.request_cancel", true, H_ALWAYS, ORG_PARTIES, ORG_PARTIES, false, false},
    [AUTH_EVENT_NOTICE_READ] = {"event_notice.read", true, H_ALWAYS, W_OWNER, W_OWNER, false, false},
    /* Analytics (BRIEF 4.9, issue 15; docs/api.md "Analytics"). Counts of
     * what is public anyway (published listings, match alerts, projects
     * past draft, sectors, the Action Plan) and of private acts that name
     * no one when counted by state (interests, meetings between partners)
     * are public aggregates. Financing, the cooperation matrix and the funnel say
     * which states work together and for how much, and draft projects are
     * their partners' alone: a national coordinator reads them for its
     * own state (target.org_country: the state asked, the coordinator's
     * own when none), the secretariat for every state. */
    [AUTH_ANALYTICS_PUBLIC] = {"analytics.public", false, H_NEVER, 0, W_ANYONE, false, false},
    [AUTH_ANALYTICS_RESTRICTED] = {"analytics.restricted", true, H_NEVER, 0, W_STATE_COORD | W_SECRETARIAT, false,
                                   false},
};

static bool is_visitor(const auth_actor *a)
{
    return !a || a->user_id <= 0;
}

static bool member_of(const auth_actor *a, int64_t org_id, bool admin)
{
    if (org_id <= 0 || !a->memberships)
        return false;
    for (size_t i = 0; i < a->n_memberships; i++)
        if (a->memberships[i].org_id == org_id && (!admin || a->memberships[i].is_admin))
            return true;
    return false;
}

/* True when the actor stands in one of the relations of mask to t. A
 * visitor stands only in W_ANYONE, whatever else its struct holds. */
static bool relates(const auth_actor *a, unsigned mask, const auth_target *t)
{
    if (mask & W_ANYONE)
        return true;
    if (is_visitor(a))
        return false;
    if (mask & W_USER)
        return true;
    if ((mask & W_ORG_MEMBER) && member_of(a, t->org_id, false))
        return true;
    if ((mask & W_ORG_ADMIN) && member_of(a, t->org_id, true))
        return true;
    if ((mask & W_FROM_MEMBER) && member_of(a, t->from_org_id, false))
        return true;
    if ((mask & W_OWNER) && t->owner_user_id == a->user_id)
        return true;
    /* An empty or malformed country matches nothing, not another empty one. */
    if ((mask & W_STATE_COORD) && a->role == ROLE_COORDINATOR && strlen(a->country) == 2 &&
        strncmp(a->country, t->org_country, sizeof a->country) == 0)
        return true;
    if ((mask & W_SECRETARIAT) && a->role == ROLE_SECRETARIAT)
        return true;
    if ((mask & W_FINANCIAL) && a->role == ROLE_FINANCIAL)
        return true;
    static const struct {
        unsigned w, rel;
    } prj[] = {{W_PRJ_PARTNER, AUTH_PRJ_PARTNER},
               {W_PRJ_PARTNER_ADMIN, AUTH_PRJ_PARTNER_ADMIN},
               {W_PRJ_LEAD_ADMIN, AUTH_PRJ_LEAD_ADMIN},
               {W_PRJ_COORD, AUTH_PRJ_COORDINATOR},
               {W_PRJ_INSTITUTION, AUTH_PRJ_INSTITUTION}};
    for (size_t i = 0; i < sizeof prj / sizeof prj[0]; i++)
        if ((mask & prj[i].w) && (t->project_rel & prj[i].rel))
            return true;
    return false;
}

/* Only these states are public; anything else, including a value out of
 * range, is treated as a draft (fail closed). */
static bool listing_public(listing_status s)
{
    return s == STATUS_PUBLISHED || s == STATUS_CLOSED || s == STATUS_EXPIRED;
}

auth_decision auth_can(const auth_actor *actor, auth_action action, const auth_target *target)
{
    static const auth_target none; /* all zero: no org, no owner, a draft */
    if ((unsigned)action >= AUTH_ACTION__COUNT)
        return AUTH_DENY_FORBIDDEN;
    const rule *r = &rules[action];
    const auth_target *t = target ? target : &none;
    bool visitor = is_visitor(actor);

    if (r->needs_user && visitor)
        return AUTH_DENY_UNAUTHENTICATED;
    if (r->hidden == H_PROJECT && (visitor || !t->project_visible))
        return AUTH_NOT_FOUND;
    bool hidden = r->hidden == H_ALWAYS || (r->hidden == H_DRAFT && !listing_public(t->listing_status));
    if (hidden && !relates(actor, r->see, t))
        return AUTH_NOT_FOUND;
    if (r->session_only && actor && actor->by_api_token)
        return AUTH_DENY_FORBIDDEN;
    if (relates(actor, r->allow, t) && (!r->other_org || t->from_org_id != t->org_id))
        return AUTH_ALLOW;
    return visitor ? AUTH_DENY_UNAUTHENTICATED : AUTH_DENY_FORBIDDEN;
}

bool auth_action_needs_user(auth_action action)
{
    return (unsigned)action >= AUTH_ACTION__COUNT || rules[action].needs_user;
}

const char *auth_action_name(auth_action action)
{
    return (unsigned)action < AUTH_ACTION__COUNT ? rules[action].name : NULL;
}

const char *auth_decision_name(auth_decision d)
{
    switch (d) {
    case AUTH_ALLOW: return "allow";
    case AUTH_DENY_UNAUTHENTICATED: return "deny_unauthenticated";
    case AUTH_DENY_FORBIDDEN: return "deny_forbidden";
    case AUTH_NOT_FOUND: return "not_found";
    default: return NULL;
    }
}

unsigned auth_decision_http_status(auth_decision d)
{
    switch (d) {
    case AUTH_ALLOW: return 200;
    case AUTH_DENY_UNAUTHENTICATED: return 401;
    case AUTH_NOT_FOUND: return 404;
    default: return 403;
    }
}
