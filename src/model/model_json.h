/*
 * model_json.h - the canonical JSON form of each record (jansson).
 *
 * *_to_json returns a new reference the caller owns (NULL only when out of
 * memory). *_from_json fills a zeroed struct from a JSON object: unknown
 * members, wrong types and invalid values are refused with an error naming
 * the member ("names[0].lang"); on error nothing is left allocated in out.
 * from_json does not call *_validate: callers do, so that every path runs
 * the same checks once. Fields the store assigns (id, created_at,
 * updated_at, version, published_at) are written by to_json and accepted
 * but ignored by from_json unless `with_ids` is true (import keeps ids).
 */
#ifndef HK_MODEL_JSON_H
#define HK_MODEL_JSON_H

#include <jansson.h>

#include "model.h"

json_t *country_to_json(const country *c);
int country_from_json(const json_t *j, country *out, hk_err *err);

json_t *organisation_to_json(const organisation *o);
int organisation_from_json(const json_t *j, bool with_ids, organisation *out, hk_err *err);

json_t *listing_to_json(const listing *l);
int listing_from_json(const json_t *j, bool with_ids, listing *out, hk_err *err);

/* Users are written without password_hash. */
json_t *user_to_json(const user *u);

json_t *interest_to_json(const interest *i);
int interest_from_json(const json_t *j, interest *out, hk_err *err);

json_t *message_to_json(const message *m);

/* The canonical text of a record: compact, members in the order *_to_json
 * wrote them, doubles with 17 significant digits so that every double
 * reads back bit for bit (41.3 is written 41.299999999999997). Export and
 * the API write through this so that export -> import -> export is
 * byte-identical. Returns malloc'd text (free()) or NULL when out of memory. */
char *model_json_dump(const json_t *j);

/* Unix seconds <-> "2026-11-23T09:30:00Z". model_format_time clamps t to
 * 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z; model_parse_time accepts
 * exactly that form in that range and returns 0 or HK_EINVAL. */
void model_format_time(int64_t t, char out[21]);
int model_parse_time(const char *s, int64_t *out);

#endif
