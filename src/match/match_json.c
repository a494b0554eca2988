/*
 * match_json.c - the JSON form of a match reason, shared by the API and
 * the command line, so both say the same thing the same way.
 */
#include <jansson.h>

#include "match/match.h"

json_t *match_reason_to_json(const match_reason *r)
{
    const char *name = match_reason_name((match_reason_type)r->type);
    switch (r->type) {
    case MR_VALUE_CHAIN: return json_pack("{s:s, s:s}", name, r->code, "via_isic", r->via);
    case MR_TEXT_SIMILARITY:
    case MR_QUANTITY_FIT: return json_pack("{s:f}", name, r->value);
    case MR_DISTANCE_KM:
    case MR_RAIL_KM: return json_pack("{s:I}", name, (json_int_t)r->value);
    default: return json_pack("{s:s}", name, r->code);
    }
}
