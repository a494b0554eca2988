/*
 * store_project.h - joint projects and their financing (BRIEF 3 and 4.7),
 * the store's part: the records, their validation, and the state machine
 * with every rule of it, the same on SQLite and PostgreSQL
 * (docs/projects.md).
 *
 *   draft --every partner's admin signs off--> signed_off
 *   signed_off --each involved state's coordinator endorses--> endorsed
 *   signed_off --a coordinator returns it, with a reason--> draft
 *   endorsed --the lead's admin submits to institutions--> submitted
 *   submitted --an institution approves or declines; the lead's admin
 *              starts once one approved--> implementation
 *   implementation --every milestone done; the lead's admin--> completed
 *   any state but completed --the lead's admin, with a reason--> cancelled
 *
 * The content (texts, sector, budget, partners, milestones, linked
 * interests, documents added before endorsement) is co-edited by the
 * partners' members in draft and signed_off; any change voids every
 * sign-off and endorsement and puts the project back into draft, and the
 * call says how many it voided. A refused transition is HK_ECONFLICT (or
 * HK_EFORBIDDEN when the actor is not the one who may make it) with a
 * message naming the rule. Every transition is audited (entity "project")
 * and leaves a project notice for whoever must act next, in the same
 * transaction.
 *
 * Records are caller-owned structs: zero them, fill them, release them
 * with the *_free functions; strings are NUL-terminated UTF-8 from
 * malloc().
 */
#ifndef HK_STORE_PROJECT_H
#define HK_STORE_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ---- limits ---- */
#define PROJECT_MAX_TEXTS 8           /* languages side by side */
#define PROJECT_MAX_PARTNERS 32
#define PROJECT_MAX_MILESTONES 64
#define PROJECT_MAX_INTERESTS 16
#define PROJECT_TITLE_MAX 300         /* code points */
#define PROJECT_SUMMARY_MAX 20000     /* code points */
#define PROJECT_NOTE_MAX 4000         /* code points: reasons, evidence, in kind, questions */
#define PROJECT_AMOUNT_MAX 1e13       /* budget and money, in the currency's units */
#define PROJECT_DOC_MAX_BYTES (10 * 1024 * 1024)
#define PROJECT_DOCS_MAX 32           /* documents per project */
#define PROJECT_DOC_NAME_MAX 200      /* code points */
#define PROJECT_SHARE_TOTAL 10000     /* work shares are basis points: 100.00 % */

typedef enum {
    PRJ_DRAFT, PRJ_SIGNED_OFF, PRJ_ENDORSED, PRJ_SUBMITTED, PRJ_IMPLEMENTATION, PRJ_COMPLETED, PRJ_CANCELLED,
    PRJ__COUNT
} project_state;
typedef enum {
    SECTOR_FINANCE, SECTOR_INVESTMENT, SECTOR_INDUSTRY, SECTOR_TRANSPORT, SECTOR_ENERGY, SECTOR_AGRICULTURE,
    SECTOR_OTHER, SECTOR__COUNT
} project_sector;
typedef enum { PROLE_LEAD, PROLE_COPRODUCER, PROLE_SUPPLIER, PROLE_RESEARCH, PROLE_FINANCIER, PROLE__COUNT } partner_role;
typedef enum { MS_PLANNED, MS_IN_PROGRESS, MS_DONE, MS__COUNT } milestone_status;
typedef enum { SUB_PENDING, SUB_APPROVED, SUB_DECLINED, SUB__COUNT } submission_status;

typedef enum { PENUM_STATE, PENUM_SECTOR, PENUM_ROLE, PENUM_MILESTONE, PENUM_SUBMISSION } project_enum;
/* The stable lowercase name of value v ("signed_off"), or NULL. */
const char *project_enum_name(project_enum e, int v);
/* The value of name, or -1. */
int project_enum_parse(project_enum e, const char *name);

typedef struct project_text {
    char *lang;            /* BCP 47 */
    text_origin origin;    /* exactly one text is ORIGIN_ORIGINAL */
    char *title;           /* 1..PROJECT_TITLE_MAX code points */
    char *summary;         /* may be NULL */
} project_text;

typedef struct project_partner {
    int64_t org_id;        /* an organisation in the store, once per project */
    partner_role role;     /* exactly one PROLE_LEAD to be signed off */
    int32_t share_bp;      /* work share in basis points, 0..10000; all sum to 10000 to sign off */
    double money;          /* contribution in money, >= 0 */
    char currency[4];      /* ISO 4217 of money; "" when money is 0 */
    char *in_kind;         /* contribution in kind; may be NULL */
    char country[3];       /* read only: the organisation's state (filled by reads) */
} project_partner;

typedef struct project_milestone {
    char *title;           /* required */
    char due[11];          /* YYYY-MM-DD */
    milestone_status status;
    char *evidence;        /* progress notes and evidence; may be NULL */
} project_milestone;

/* A milestone not done whose due date is before today (YYYY-MM-DD, UTC):
 * it stands out for partners and coordinators. */
bool project_milestone_overdue(const project_milestone *m, const char *today);

typedef struct project_signoff {
    int64_t org_id, user_id, at;
    int64_t content_version;   /* the content the admin signed */
} project_signoff;

typedef struct project_endorsement {
    char country[3];
    int64_t user_id, at;
} project_endorsement;

typedef struct project {
    int64_t id;            /* assigned by the store; 0 before create */
    project_sector sector;
    project_state state;   /* set by the store: a new project is a draft */
    project_text *texts; size_t n_texts;
    project_partner *partners; size_t n_partners;
    project_milestone *milestones; size_t n_milestones;
    int64_t *interest_ids; size_t n_interests; /* accepted interests it grew from */
    double budget;         /* >= 0, in currency */
    char currency[4];      /* ISO 4217, three upper-case letters */
    /* Read only, filled by the store: */
    char *state_reason;    /* why it was returned or cancelled; NULL otherwise */
    int64_t created_by;
    int64_t created_at, updated_at, state_at; /* unix seconds */
    int64_t version;       /* every change (ETag) */
    int64_t content_version; /* changes of what partners sign */
    project_signoff *signoffs; size_t n_signoffs;
    project_endorsement *endorsements; size_t n_endorsements;
    char (*countries)[3]; size_t n_countries; /* the partners' states, sorted */
} project;

void project_free(project *p);
void projects_free(project *v, size_t n);
/* Checks the fields a user gives (not the rules of sign-off, which a
 * draft may not meet yet): 0 or HK_EINVAL/HK_ETOOBIG naming the field
 * ("partners[2].share", "texts[0].title"). */
int project_validate(const project *p, hk_err *err);

/* ---- who the actor is to a project ----
 * Computed from memberships, the user's role and country, the partners
 * and the submissions, in one place; the store's rules and the HTTP
 * layer's authorization (auth_policy.c) both read it. */
typedef struct project_relation {
    bool partner_member;   /* member of a partner organisation */
    bool partner_admin;    /* admin of a partner organisation */
    bool lead_admin;       /* admin of the lead partner */
    bool coordinator;      /* coordinator of one of the partners' states */
    bool institution;      /* financial user, member of an institution it was submitted to */
    bool financial;        /* any user of role financial */
    bool secretariat;
} project_relation;
int store_project_relation(hk_store *st, int64_t project_id, int64_t user_id, project_relation *out,
                           hk_err *err);
/* Who may see the project at all: its partners, the coordinators of its
 * states from sign-off on, the institutions it was submitted to, any
 * financial user while it seeks financing or is financed (the pipeline),
 * and the secretariat (follow-up in the action plan) once signed off. */
bool project_visible(const project_relation *r, project_state s);
/* Who may read a confidential document: partners, the involved
 * coordinators and the institutions it was submitted to, nobody else. */
bool project_confidential_visible(const project_relation *r);

/* ---- the record ---- */
/* Validates and inserts p as a draft created by actor_id, who must be a
 * member of one of its partners (HK_EFORBIDDEN naming "partners"). Every
 * linked interest must be accepted (HK_ECONFLICT naming interest_ids[i])
 * and actor_id a member of one of its two organisations. Sets p->id,
 * state, times and versions. Partners are told (kind "project_invited"). */
int store_project_create(hk_store *st, project *p, int64_t actor_id, hk_err *err);
int store_project_get(hk_store *st, int64_t id, project *out, hk_err *err);
/* Replaces the content of project p->id (sector, texts, budget, partners,
 * milestones, interests) when its version is expected_version (checked in
 * the UPDATE; another is HK_ECONFLICT naming "version"). Only in draft or
 * signed_off, by a member of a partner before and after the change.
 * Voids every sign-off and endorsement (*voided, may be NULL, counts
 * them) and puts the project back into draft; the partners' admins are
 * told to sign again. */
int store_project_update(hk_store *st, project *p, int64_t expected_version, int64_t actor_id, size_t *voided,
                         hk_err *err);
/* The projects an accepted interest grew into (the link the other way). */
int store_projects_of_interest(hk_store *st, int64_t interest_id, int64_t **ids, size_t *n, hk_err *err);

/* ---- transitions (store_project_flow.c). expected_version 0 = unchecked. ---- */
/* The admin actor_id signs off for partner org_id the content version
 * content_version (HK_ECONFLICT naming content_version when it changed).
 * The sign-off rules are checked here: partners from at least two
 * states, work shares summing to 100 %, exactly one lead, budget > 0, a
 * title. The last sign-off moves the project to signed_off. */
int store_project_signoff(hk_store *st, int64_t id, int64_t org_id, int64_t content_version, int64_t actor_id,
                          hk_err *err);
/* A coordinator endorses for their state; the last state moves it to endorsed. */
int store_project_endorse(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err);
/* A coordinator of an involved state returns it to draft with a reason,
 * voiding sign-offs and endorsements. */
int store_project_return(hk_store *st, int64_t id, const char *reason, int64_t expected_version, int64_t actor_id,
                         hk_err *err);
/* The lead's admin submits it to institutions[0..n) (organisations of
 * type financial, each once per project), from endorsed or submitted. */
int store_project_submit(hk_store *st, int64_t id, const int64_t *institutions, size_t n, int64_t expected_version,
                         int64_t actor_id, hk_err *err);
/* The lead's admin starts implementation: from submitted, with at least
 * one approved submission. */
int store_project_start(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err);
/* A partner's member reports progress on milestone index (0-based) during
 * implementation: new status and evidence (NULL keeps it). */
int store_project_milestone_report(hk_store *st, int64_t id, size_t index, milestone_status status,
                                   const char *evidence, int64_t actor_id, hk_err *err);
/* The lead's admin completes it: from implementation, every milestone done. */
int store_project_complete(hk_store *st, int64_t id, int64_t expected_version, int64_t actor_id, hk_err *err);
/* The lead's admin cancels it, with a reason, from any state but completed/cancelled. */
int store_project_cancel(hk_store *st, int64_t id, const char *reason, int64_t expected_version, int64_t actor_id,
                         hk_err *err);

/* ---- financing (store_project_fin.c) ---- */
typedef struct project_submission {
    int64_t id, project_id, institution_id;
    submission_status status;
    double amount;         /* approved amount; 0 otherwise */
    char currency[4];      /* of amount; "" otherwise */
    char *reason;          /* why declined; NULL otherwise */
    int64_t submitted_by, submitted_at, decided_by, decided_at;
} project_submission;
void project_submissions_free(project_submission *v, size_t n);
int store_project_submissions(hk_store *st, int64_t project_id, project_submission **out, size_t *n, hk_err *err);
int store_project_submission_get(hk_store *st, int64_t submission_id, project_submission *out, hk_err *err);
/* A financial user of the institution decides a pending submission of a
 * submitted project: approved with amount > 0 and currency, or declined
 * with a reason. */
int store_project_decide(hk_store *st, int64_t submission_id, submission_status status, double amount,
                         const char *currency, const char *reason, int64_t actor_id, hk_err *err);

typedef struct project_question {
    int64_t id, submission_id, author_id, created_at;
    char *body;
} project_question;
void project_questions_free(project_question *v, size_t n);
/* A message in the question thread of a submission, by a financial user
 * of the institution or a partner's member, while the project is neither
 * completed nor cancelled. The other side is told. Sets q->id, created_at. */
int store_project_question_add(hk_store *st, project_question *q, hk_err *err);
int store_project_questions(hk_store *st, int64_t submission_id, project_question **out, size_t *n, hk_err *err);

/* ---- documents (store_project_doc.c) ----
 * PDF and office files (OOXML, OpenDocument, the old binary formats),
 * whose first bytes must agree with the declared type, of at most
 * PROJECT_DOC_MAX_BYTES, at most PROJECT_DOCS_MAX per project. */
typedef struct project_document {
    int64_t id, project_id;
    char *name;            /* file name as given */
    char *content_type;    /* one of the accepted types */
    int64_t size;          /* bytes */
    bool confidential;     /* partners, involved coordinators and institutions submitted to only */
    char sha256[65];       /* hex */
    int64_t uploaded_by, uploaded_at;
} project_document;
void project_document_free(project_document *d);
void project_documents_free(project_document *v, size_t n);
/* True when content_type is one the store accepts. */
bool project_doc_type_ok(const char *content_type);
/* The accepted type equal to content_type, as a static string; NULL for
 * any other. */
const char *project_doc_type_name(const char *content_type);
/* A partner's member adds a document (data[0..len), copied). Before
 * endorsement it is a change of the content: sign-offs are voided
 * (*voided counts them) and the project returns to draft; afterwards it
 * is a progress document. Refused once completed or cancelled. */
int store_project_doc_add(hk_store *st, project_document *d, const void *data, size_t len, int64_t actor_id,
                          size_t *voided, hk_err *err);
int store_project_docs(hk_store *st, int64_t project_id, project_document **out, size_t *n, hk_err *err);
/* The document's record and its bytes (*data malloc'd, caller frees). */
int store_project_doc_get(hk_store *st, int64_t doc_id, project_document *out, unsigned char **data, size_t *len,
                          hk_err *err);

/* ---- lists (store_project_list.c) ---- */
typedef enum { PSORT_UPDATED, PSORT_BUDGET, PSORT_CREATED, PSORT__COUNT } project_sort;
typedef struct project_query {
    int64_t member_user_id;    /* projects of this user's organisations; 0 = any */
    const char *country;       /* a partner's state; NULL = any */
    unsigned states;           /* bit (1u << project_state) per stage wanted; 0 = any */
    int sector;                /* project_sector, or -1 for any */
    double min_budget, max_budget; /* max 0 = no upper bound */
    const char *currency;      /* NULL = any */
    project_sort sort;
    bool descending;
    size_t offset, limit;      /* limit 1..STORE_PAGE_MAX */
} project_query;
/* The projects matching q (records read in full), in q's order. */
int store_project_list(hk_store *st, const project_query *q, project **out, size_t *n, hk_err *err);

/* ---- notices: who must act next ---- */
typedef struct project_notice {
    int64_t id, user_id, project_id;
    char *kind;            /* "signoff_needed", "endorsement_needed", ... (docs/projects.md) */
    char *payload;         /* JSON object */
    int64_t created_at, read_at;
} project_notice;
void project_notices_free(project_notice *v, size_t n);
/* The user's notices, newest first, id below before_id (0 = newest), at most limit. */
int store_project_notices(hk_store *st, int64_t user_id, int64_t before_id, size_t limit, project_notice **out,
                          size_t *n, hk_err *err);
int store_project_notice_read(hk_store *st, int64_t id, int64_t user_id, hk_err *err);

#endif
