/*
 * fuzz_coord_bodies.c - request bodies into the readers of the records
 * that came after fuzz_json_bodies.c: the coordination mechanism's
 * meeting, chair_term, initiative and measure (model_coord_json.c) and
 * a joint project (http_project_from_json), through the HTTP layer's
 * body gate (http_body_object) as a write request's body goes.
 *
 * Input: one selector byte, then the body.
 *   selector % 5: 0 meeting, 1 chair term, 2 initiative, 3 measure,
 *   4 project.
 * Invariants: an error names a field and says why; a coordination record
 * read without error, written back with *_to_json and read again, gives
 * the same canonical text (model_json_dump) both times; *_validate runs
 * on every record read (it must not crash); nothing is left allocated
 * (LeakSanitizer sees it otherwise).
 */
#include <jansson.h>

#include "fuzz_util.h"
#include "http/http_int.h"
#include "model/model_coord_json.h"
#include "model/model_json.h"
#include "store/store_project.h"

typedef enum { REC_MEETING, REC_CHAIR, REC_INITIATIVE, REC_MEASURE } rec_kind;

typedef union any_rec {
    meeting m;
    chair_term c;
    initiative i;
    measure me;
} any_rec;

static int rec_from(rec_kind k, const json_t *j, any_rec *r, hk_err *err)
{
    switch (k) {
    case REC_MEETING: return meeting_from_json(j, &r->m, err);
    case REC_CHAIR: return chair_term_from_json(j, &r->c, err);
    case REC_INITIATIVE: return initiative_from_json(j, &r->i, err);
    default: return measure_from_json(j, &r->me, err);
    }
}

static json_t *rec_to(rec_kind k, const any_rec *r)
{
    switch (k) {
    case REC_MEETING: return meeting_to_json(&r->m);
    case REC_CHAIR: return chair_term_to_json(&r->c);
    case REC_INITIATIVE: return initiative_to_json(&r->i);
    default: return measure_to_json(&r->me);
    }
}

static void rec_validate(rec_kind k, const any_rec *r)
{
    hk_err err;
    switch (k) {
    case REC_MEETING: meeting_validate(&r->m, &err); break;
    case REC_CHAIR: chair_term_validate(&r->c, &err); break;
    case REC_INITIATIVE: initiative_validate(&r->i, &err); break;
    default: measure_validate(&r->me, &err); break;
    }
}

static void rec_free(rec_kind k, any_rec *r)
{
    switch (k) {
    case REC_MEETING: meeting_free(&r->m); break;
    case REC_CHAIR: break; /* fixed-size fields only */
    case REC_INITIATIVE: initiative_free(&r->i); break;
    default: measure_free(&r->me); break;
    }
}

static void round_trip(rec_kind k, const json_t *j)
{
    any_rec r1, r2;
    hk_err err;
    hk_err_clear(&err);
    if (rec_from(k, j, &r1, &err)) {
        FUZZ_CHECK(err.code != 0 && err.msg[0], "an error without a message");
        return;
    }
    rec_validate(k, &r1);
    json_t *j1 = rec_to(k, &r1);
    FUZZ_CHECK(j1 != NULL, "to_json failed on a record from_json accepted");
    char *t1 = model_json_dump(j1);
    int rc = rec_from(k, j1, &r2, &err);
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

/* A project has no writer of its own outside the HTTP view (which needs
 * a request and a reader), so only reading and validating are checked. */
static void project_body(const json_t *j)
{
    project p;
    hk_err err;
    hk_err_clear(&err);
    if (http_project_from_json(j, &p, &err) == 0)
        project_validate(&p, &err);
    else
        FUZZ_CHECK(err.code != 0 && err.msg[0], "an error without a message");
    project_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > HTTP_MAX_BODY)
        return 0;
    int sel = data[0] % 5;
    http_req req;
    http_resp resp;
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    req.body = fuzz_strndup(data + 1, size - 1);
    req.body_len = size - 1;
    json_t *body = http_body_object(&req, &resp);
    FUZZ_CHECK(body || (resp.status == 400 && resp.problem), "a refused body is not a 400 problem");
    if (body) {
        if (sel == 4)
            project_body(body);
        else
            round_trip((rec_kind)sel, body);
        json_decref(body);
    }
    json_decref(resp.json);
    free(req.body);
    return 0;
}
