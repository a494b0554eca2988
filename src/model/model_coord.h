/*
 * model_coord.h - the records of the coordination mechanism (BRIEF 4.8):
 * meetings of the mechanism with their participants, agenda, documents
 * and decisions; the chairmanship of each kind of meeting as data;
 * initiatives proposed by member states with the history of their
 * status; and the Action Plan's measures with their progress notes.
 *
 * The conventions are model.h's: caller-owned structs released with
 * *_free, strings from malloc() owned by the struct, arrays a pointer
 * plus a count, validation naming the field at fault. Every title and
 * text is a list of coord_text in several languages side by side, each
 * marked original, human or machine (model.h's text_origin), exactly one
 * of them the original.
 *
 * Initiatives and measures name the joint projects (store_project.h)
 * that serve them by id (project_ids); that those projects exist is the
 * store's check, as for every other reference.
 */
#ifndef HK_MODEL_COORD_H
#define HK_MODEL_COORD_H

#include "model/model.h"

#define COORD_MAX_TZ 64       /* bytes of an IANA zone name, with the NUL */
#define COORD_MAX_CODE 16     /* code points of a measure's number in the plan ("2.4.1") */
#define COORD_MAX_MINUTES (14 * 24 * 60) /* longest meeting: two weeks */

/* ---- enumerations: stable lowercase names (coord_enum_name) ---- */
typedef enum {
    MEET_INDUSTRY_MINISTERS, MEET_HEADS_OF_GOVERNMENT, MEET_EXPERT, MEET_ECONOMIC_FORUM, MEET_OTHER, MEET__COUNT
} meeting_type;
typedef enum { FMT_IN_PERSON, FMT_VIDEOCONFERENCE, FMT_HYBRID, FMT__COUNT } meeting_format;
/* How a state takes part in one meeting (not its SCO status, which may
 * differ: a dialogue partner attends as a guest). */
typedef enum { STANDING_MEMBER, STANDING_OBSERVER, STANDING_GUEST, STANDING__COUNT } meeting_standing;
/* Bodies of the SCO and its partners that attend meetings and answer
 * for measures of the plan. New ones are appended. */
typedef enum {
    BODY_SECRETARIAT, BODY_BUSINESS_COUNCIL, BODY_INTERBANK_ASSOCIATION, BODY_ENERGY_CLUB, BODY_AIIB, BODY_NDB,
    BODY_SILK_ROAD_FUND, BODY__COUNT
} sco_body;
typedef enum { ITEM_AGENDA, ITEM_DOCUMENT, ITEM_DECISION, ITEM__COUNT } item_kind;
typedef enum { DOC_NONE, DOC_COMMUNIQUE, DOC_MINUTES, DOC_REPORT, DOC_OTHER, DOC__COUNT } doc_type;
typedef enum {
    INIT_PROPOSED, INIT_UNDER_STUDY, INIT_ADOPTED, INIT_DECLINED, INIT_WITHDRAWN, INIT__COUNT
} initiative_status;
/* Overdue is not a status: it is computed from the deadline when read
 * (measure_overdue). */
typedef enum { MEASURE_NOT_STARTED, MEASURE_IN_PROGRESS, MEASURE_DONE, MEASURE_DROPPED, MEASURE__COUNT } measure_status;

typedef enum {
    CENUM_MEETING_TYPE, CENUM_FORMAT, CENUM_STANDING, CENUM_BODY, CENUM_ITEM_KIND, CENUM_DOC_TYPE,
    CENUM_INITIATIVE_STATUS, CENUM_MEASURE_STATUS
} coord_enum;

const char *coord_enum_name(coord_enum e, int v);
int coord_enum_parse(coord_enum e, const char *name); /* -1 when unknown */
int coord_enum_count(coord_enum e);

/* ---- texts side by side ---- */
typedef struct coord_text {
    char *lang;            /* BCP 47, one text per language */
    text_origin origin;    /* exactly one text of a list is ORIGIN_ORIGINAL */
    char *title;           /* required, <= MODEL_MAX_NAME */
    char *body;            /* may be NULL, <= MODEL_MAX_TEXT */
} coord_text;

/* ---- meetings ---- */
typedef struct meeting_party {
    char country[3];       /* ISO alpha-2 of a country in the store; once per meeting */
    meeting_standing standing;
} meeting_party;

typedef struct meeting_delegate {
    char *name;            /* as written, required */
    char country[3];       /* the state the delegate represents, or "" */
    int body;              /* the sco_body represented, or -1; exactly one of country and body */
    char *position;        /* "Minister of Industry", may be NULL */
} meeting_delegate;

/* An agenda item, a document (communiqué, minutes, ...) or a decision.
 * A restricted document is shown only to the secretariat and to the
 * states and bodies listed (its texts are withheld from everyone else);
 * agenda items and decisions are never restricted. */
typedef struct meeting_item {
    item_kind kind;
    doc_type doc;          /* DOC_NONE unless kind is ITEM_DOCUMENT, which needs one */
    coord_text *texts; size_t n_texts;
    char *url;             /* where the document is published; may be NULL */
    bool restricted;
    char (*access_states)[3]; size_t n_access_states; /* only when restricted */
    int *access_bodies; size_t n_access_bodies;       /* sco_body values */
} meeting_item;

typedef struct meeting {
    int64_t id;
    meeting_type type;
    char starts[17];       /* local "YYYY-MM-DDTHH:MM" where the meeting is held (or chaired) */
    char tz[COORD_MAX_TZ]; /* IANA zone of starts: "Asia/Dushanbe" */
    int64_t starts_at;     /* unix seconds of starts in tz; computed by the store */
    int minutes;           /* planned duration, 1..COORD_MAX_MINUTES */
    meeting_format format;
    char *place;           /* city and venue; required unless a videoconference */
    char chair[3];         /* the chairing state, ISO alpha-2 */
    coord_text *texts; size_t n_texts;          /* title (and summary) */
    meeting_party *parties; size_t n_parties;
    int *bodies; size_t n_bodies;                /* sco_body values, each once */
    meeting_delegate *delegates; size_t n_delegates;
    meeting_item *items; size_t n_items;         /* in order: agenda, documents, decisions as given */
    int64_t created_at, updated_at, version;
} meeting;

/* ---- chairmanship ----
 * Who chairs a kind of meeting from a date (to the day before the next
 * term's start, or open when it is the last). */
typedef struct chair_term {
    int64_t id;
    meeting_type type;
    char country[3];
    char from[11];         /* YYYY-MM-DD, first day of the term */
    char to[11];           /* YYYY-MM-DD last day, or "" while open */
} chair_term;

/* ---- initiatives ---- */
typedef struct initiative_event {
    initiative_status status;
    char on[11];           /* YYYY-MM-DD the status took effect */
    int64_t actor_id;      /* user; 0 for the system (demo, import) */
    char *note;            /* may be NULL */
    int64_t at;            /* unix seconds it was recorded */
} initiative_event;

typedef struct initiative {
    int64_t id;
    char proposer[3];      /* the proposing state */
    int64_t meeting_id;    /* the meeting it was proposed at, or 0 */
    char proposed_on[11];  /* YYYY-MM-DD */
    int64_t expert_meeting_id; /* the expert meeting studying it, or 0 */
    initiative_status status;  /* changed only by store_initiative_set_status */
    coord_text *texts; size_t n_texts;
    initiative_event *history; size_t n_history; /* oldest first; read only */
    int64_t *project_ids; size_t n_project_ids;  /* joint projects serving it, each once */
    int64_t created_at, updated_at, version;
} initiative;

/* ---- the Action Plan ---- */
typedef struct measure {
    int64_t id;
    char *code;            /* its number in the plan ("2.4"), unique; required */
    coord_text *texts; size_t n_texts;
    char (*states)[3]; size_t n_states;  /* responsible states */
    int *bodies; size_t n_bodies;        /* responsible bodies (sco_body) */
    char deadline[11];     /* YYYY-MM-DD */
    measure_status status;
    int64_t *initiatives; size_t n_initiatives; /* initiatives it serves */
    int64_t *meetings; size_t n_meetings;       /* meetings that set or reviewed it */
    int64_t *project_ids; size_t n_project_ids; /* joint projects serving it, each once */
    int64_t created_at, updated_at, version;
} measure;

typedef struct measure_note {
    int64_t id;
    int64_t measure_id;
    char on[11];           /* YYYY-MM-DD the progress is reported as of */
    int64_t author_id;     /* user */
    char country[3];       /* the state reporting, or "" (secretariat) */
    char *lang;            /* BCP 47 of text */
    char *text;            /* required, <= MODEL_MAX_TEXT */
    int64_t created_at;
} measure_note;

void coord_text_free(coord_text *t, size_t n);
void meeting_free(meeting *m);
void initiative_free(initiative *i);
void measure_free(measure *m);
void measure_note_free(measure_note *n);

int coord_texts_validate(const char *field, const coord_text *t, size_t n, hk_err *err);
/* Checks form; that the countries and referenced records exist is the
 * store's business. meeting_validate also checks starts against tz. */
int meeting_validate(const meeting *m, hk_err *err);
int chair_term_validate(const chair_term *c, hk_err *err);
int initiative_validate(const initiative *i, hk_err *err);
int measure_validate(const measure *m, hk_err *err);
int measure_note_validate(const measure_note *n, hk_err *err);

/* True when the measure is still open (not started or in progress) and
 * its deadline is before today ("YYYY-MM-DD"): the deadline day itself
 * is not overdue. */
bool measure_overdue(const measure *m, const char *today);
/* True when an initiative may move from one status to another: proposed
 * to any other; under study to adopted, declined or withdrawn; the last
 * three are final. */
bool initiative_can_move(initiative_status from, initiative_status to);

#endif
