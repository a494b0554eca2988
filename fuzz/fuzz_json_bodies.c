/*
 * fuzz_json_bodies.c - request bodies and import records into every
 * *_from_json of src/model/model_json.c (the only ones in src/), through
 * the HTTP layer's body gate (http_body_object: JSON, an object, depth)
 * as a write request's body goes.
 *
 * Input: one selector byte, then the body.
 *   selector % 8: 0 country, 1/2 organisation (with_ids false/true),
 *   3/4 listing (false/true), 5 interest, 6/7 the body as a merge patch
 *   (http_patched) over a stored organisation / listing, as PATCH does.
 * Invariants: a record read without error, written back with *_to_json
 * and read again, gives the same canonical text (model_json_dump) both
 * times; *_validate runs on every record read (it must not crash); on an
 * error nothing is left allocated (LeakSanitizer sees it otherwise).
 */
#include <jansson.h>

#include "fuzz_util.h"
#include "http/http_int.h"
#include "model/model_json.h"

typedef enum { REC_COUNTRY, REC_ORG, REC_LISTING, REC_INTEREST } rec_kind;

/* One record of any kind, so the round trip below is written once. */
typedef union any_rec {
    country c;
    organisation o;
    listing l;
    interest i;
} any_rec;

static int rec_from(rec_kind k, const json_t *j, bool with_ids, any_rec *r, hk_err *err)
{
    switch (k) {
    case REC_COUNTRY: return country_from_json(j, &r->c, err);
    case REC_ORG: return organisation_from_json(j, with_ids, &r->o, err);
    case REC_LISTING: return listing_from_json(j, with_ids, &r->l, err);
    default: return interest_from_json(j, &r->i, err);
    }
}

static json_t *rec_to(rec_kind k, const any_rec *r)
{
    switch (k) {
    case REC_COUNTRY: return country_to_json(&r->c);
    case REC_ORG: return organisation_to_json(&r->o);
    case REC_LISTING: return listing_to_json(&r->l);
    default: return interest_to_json(&r->i);
    }
}

static void rec_validate(rec_kind k, const any_rec *r)
{
    hk_err err;
    switch (k) {
    case REC_COUNTRY: country_validate(&r->c, &err); break;
    case REC_ORG: organisation_validate(&r->o, &err); break;
    case REC_LISTING: listing_validate(&r->l, &err); break;
    default: interest_validate(&r->i, &err); break;
    }
}

static void rec_free(rec_kind k, any_rec *r)
{
    switch (k) {
    case REC_COUNTRY: country_free(&r->c); break;
    case REC_ORG: organisation_free(&r->o); break;
    case REC_LISTING: listing_free(&r->l); break;
    default: interest_free(&r->i); break;
    }
}

/* Reads j; when it is a record, checks that it reads back the same. */
static void round_trip(rec_kind k, const json_t *j, bool with_ids)
{
    any_rec r1, r2;
    hk_err err;
    hk_err_clear(&err);
    if (rec_from(k, j, with_ids, &r1, &err)) {
        FUZZ_CHECK(err.code != 0 && err.msg[0], "an error without a message");
        return;
    }
    rec_validate(k, &r1);
    json_t *j1 = rec_to(k, &r1);
    FUZZ_CHECK(j1 != NULL, "to_json failed on a record from_json accepted");
    char *t1 = model_json_dump(j1);
    int rc = rec_from(k, j1, with_ids, &r2, &err);
    FUZZ_CHECK(rc == 0, "the written record does not read back: %s: %s\n%s", err.field, err.msg, t1);
    json_t *j2 = rec_to(k, &r2);
    char *t2 = model_json_dump(j2);
    FUZZ_CHECK(t1 && t2 && !strcmp(t1, t2), "record -> JSON -> record -> JSON differs:\n%s\n%s", t1, t2);
    free(t1);
    free(t2);
    json_decref(j1);
    json_decref(j2);
    rec_free(k, &r1);
    rec_free(k, &r2);
}

/* Stored records that PATCH bodies are merged over. */
static const char org_current[] =
    "{\"id\":7,\"names\":[{\"text\":\"Тошкент қуйма заводи\",\"lang\":\"uz-Cyrl\",\"primary\":true}],"
    "\"registry_scheme\":\"STIR\",\"registry_id\":\"301234567\",\"country\":\"UZ\",\"city\":\"Toshkent\","
    "\"lat\":41.2995,\"lon\":69.2401,\"type\":\"enterprise\",\"size\":\"medium\",\"sme\":true,\"isic\":[\"243\"],"
    "\"hs\":[\"7616\"],\"capabilities\":[{\"kind\":\"capacity\",\"text\":\"die casting\",\"amount\":1200,"
    "\"unit\":\"t/year\"}],\"certifications\":[{\"name\":\"ISO 9001:2015\",\"issued\":\"2024-01-01\"}],"
    "\"languages\":[\"uz\",\"ru\"],\"website\":\"https://example.uz\",\"tier\":\"self_declared\","
    "\"created_at\":\"2026-11-23T09:30:00Z\",\"updated_at\":\"2026-11-23T09:30:00Z\",\"version\":3}";
static const char listing_current[] =
    "{\"id\":11,\"org_id\":7,\"direction\":\"offer\",\"kind\":\"coproduction\",\"status\":\"published\","
    "\"texts\":[{\"lang\":\"ru\",\"origin\":\"original\",\"title\":\"Литьё алюминия\",\"description\":\"Отливки\"}],"
    "\"hs\":[\"7616\"],\"isic\":[],\"quantities\":[{\"kind\":\"quantity\",\"amount\":500,\"unit\":\"t\","
    "\"period\":\"year\"}],\"targets\":[\"KZ\"],\"deadline\":\"2027-01-31\",\"expires\":\"2027-06-30\","
    "\"created_at\":\"2026-11-23T09:30:00Z\",\"version\":2}";
static const char *const org_server_owned[] = {"id", "version", "tier", "created_at", "updated_at", NULL};
static const char *const listing_server_owned[] = {"id", "org_id", "status", "version", "created_at",
                                                   "updated_at", "published_at", "organisation", NULL};

static void patch(rec_kind k, const json_t *body)
{
    json_t *current = json_loads(k == REC_ORG ? org_current : listing_current, 0, NULL);
    FUZZ_CHECK(current != NULL, "the stored record does not parse");
    json_t *merged = http_patched(current, body, k == REC_ORG ? org_server_owned : listing_server_owned);
    FUZZ_CHECK(merged != NULL, "http_patched failed");
    /* What the client may not change is the stored record's still. */
    const char *const *owned = k == REC_ORG ? org_server_owned : listing_server_owned;
    for (size_t i = 0; owned[i]; i++) {
        json_t *a = json_object_get(current, owned[i]), *b = json_object_get(merged, owned[i]);
        FUZZ_CHECK((!a && !b) || (a && b && json_equal(a, b)), "server-owned member %s changed", owned[i]);
    }
    round_trip(k, merged, false);
    json_decref(merged);
    json_decref(current);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > HTTP_MAX_BODY)
        return 0;
    int sel = data[0] % 8;
    http_req req;
    http_resp resp;
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    /* The request body is NUL-terminated, as http_server.c keeps it. */
    req.body = fuzz_strndup(data + 1, size - 1);
    req.body_len = size - 1;
    json_t *body = http_body_object(&req, &resp);
    FUZZ_CHECK(body || (resp.status == 400 && resp.problem), "a refused body is not a 400 problem");
    if (body) {
        switch (sel) {
        case 0: round_trip(REC_COUNTRY, body, false); break;
        case 1: round_trip(REC_ORG, body, false); break;
        case 2: round_trip(REC_ORG, body, true); break;
        case 3: round_trip(REC_LISTING, body, false); break;
        case 4: round_trip(REC_LISTING, body, true); break;
        case 5: round_trip(REC_INTEREST, body, false); break;
        case 6: patch(REC_ORG, body); break;
        default: patch(REC_LISTING, body); break;
        }
        json_decref(body);
    }
    json_decref(resp.json);
    free(req.body);
    return 0;
}
