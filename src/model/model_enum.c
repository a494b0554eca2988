/*
 * model_enum.c - the stable lowercase names of every enumeration in
 * model.h. These names are what JSON, CSV and the SQL columns hold, so a
 * name once shipped never changes; new values are appended.
 */
#include "model/model.h"

#include <string.h>

static const char *const sco_status_names[SCO__COUNT] = {"member", "observer", "dialogue_partner", "guest"};
static const char *const org_type_names[ORG__COUNT] = {
    "enterprise", "state_agency", "research", "university", "business_association",
    "cluster", "financial", "medical", "other"};
static const char *const org_size_names[SIZE__COUNT] = {"unknown", "micro", "small", "medium", "large"};
static const char *const tier_names[TIER__COUNT] = {"self_declared", "registry_checked", "coordinator_endorsed"};
static const char *const role_names[ROLE__COUNT] = {"member", "coordinator", "financial", "secretariat"};
static const char *const direction_names[DIR__COUNT] = {"offer", "request"};
static const char *const kind_names[KIND__COUNT] = {
    "coproduction", "subcontracting", "supply", "technology", "investment", "research"};
static const char *const status_names[STATUS__COUNT] = {"draft", "published", "closed", "expired"};
static const char *const origin_names[ORIGIN__COUNT] = {"original", "human", "machine"};
static const char *const capability_names[CAP__COUNT] = {"process", "equipment", "capacity"};
static const char *const quantity_names[QTY__COUNT] = {"quantity", "capacity"};
static const char *const eoi_names[EOI__COUNT] = {"pending", "accepted", "declined"};

/* Finds the name table of e; *n receives its length. */
static const char *const *enum_table(model_enum e, int *n)
{
    switch (e) {
    case ENUM_SCO_STATUS: *n = SCO__COUNT; return sco_status_names;
    case ENUM_ORG_TYPE: *n = ORG__COUNT; return org_type_names;
    case ENUM_ORG_SIZE: *n = SIZE__COUNT; return org_size_names;
    case ENUM_TIER: *n = TIER__COUNT; return tier_names;
    case ENUM_ROLE: *n = ROLE__COUNT; return role_names;
    case ENUM_DIRECTION: *n = DIR__COUNT; return direction_names;
    case ENUM_KIND: *n = KIND__COUNT; return kind_names;
    case ENUM_STATUS: *n = STATUS__COUNT; return status_names;
    case ENUM_ORIGIN: *n = ORIGIN__COUNT; return origin_names;
    case ENUM_CAPABILITY: *n = CAP__COUNT; return capability_names;
    case ENUM_QUANTITY: *n = QTY__COUNT; return quantity_names;
    case ENUM_EOI_STATUS: *n = EOI__COUNT; return eoi_names;
    }
    *n = 0;
    return NULL;
}

const char *model_enum_name(model_enum e, int v)
{
    int n;
    const char *const *t = enum_table(e, &n);
    if (!t || v < 0 || v >= n)
        return NULL;
    return t[v];
}

int model_enum_parse(model_enum e, const char *name)
{
    int n;
    const char *const *t = enum_table(e, &n);
    if (!t || !name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(t[i], name) == 0)
            return i;
    return -1;
}

int model_enum_count(model_enum e)
{
    int n;
    enum_table(e, &n);
    return n;
}
