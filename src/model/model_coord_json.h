/*
 * model_coord_json.h - the JSON form of the coordination records
 * (model_coord.h), with model_json.h's conventions: *_to_json returns a
 * new reference (NULL only when out of memory); *_from_json fills a zeroed
 * struct from an object, refusing unknown members, wrong types and
 * unknown enumeration names with an error naming the member
 * ("items[1].texts[0].origin"), leaving nothing allocated on error. The
 * fields the store assigns (id, starts_at, status of an initiative,
 * history, created_at, updated_at, version) are written by to_json and
 * accepted but ignored by from_json. Callers validate after parsing.
 */
#ifndef HK_MODEL_COORD_JSON_H
#define HK_MODEL_COORD_JSON_H

#include <jansson.h>

#include "model/model_coord.h"

json_t *coord_texts_to_json(const coord_text *t, size_t n);
json_t *meeting_to_json(const meeting *m);
int meeting_from_json(const json_t *j, meeting *out, hk_err *err);
json_t *chair_term_to_json(const chair_term *c);
int chair_term_from_json(const json_t *j, chair_term *out, hk_err *err);
json_t *initiative_to_json(const initiative *i);
int initiative_from_json(const json_t *j, initiative *out, hk_err *err);
json_t *measure_to_json(const measure *m);
int measure_from_json(const json_t *j, measure *out, hk_err *err);
json_t *measure_note_to_json(const measure_note *n);

#endif
