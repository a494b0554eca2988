/*
 * test_http_openapi_served.c - the running server serves its own API
 * description (issue 18): GET /api/v1/openapi.yaml answers the data
 * folder's openapi.yaml byte for byte, GET /api/v1/openapi.json the same
 * document as JSON, equal to what the tests' own YAML reader
 * (openapi_doc.c) makes of it; both public, with ETags that answer 304.
 * A data folder without the file still serves (404 for both), and a
 * malformed one stops the start with the file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_fixture.h"
#include "openapi_doc.h"

static int setup(void **state)
{
    http_fixture *f = calloc(1, sizeof *f);
    if (http_fixture_start(f, "oaserve")) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    http_fixture *f = *state;
    http_fixture_stop(f);
    free(f);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void the_yaml_is_the_shipped_file_as_it_is(void **state)
{
    http_fixture *f = *state;
    http_reply r = http_client_call(f->port, "GET", "/api/v1/openapi.yaml", NULL, 0, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.content_type, "application/yaml"));
    assert_true(r.etag[0] != '\0');
    size_t n;
    char *want = slurp(DOC_PATH, &n);
    assert_int_equal(r.len, n);
    assert_memory_equal(r.body, want, n);
    free(want);
    /* Unchanged: 304, no body. */
    http_reply again = http_client_call(f->port, "GET", "/api/v1/openapi.yaml", NULL, 0, NULL, r.etag);
    assert_int_equal(again.status, 304);
    http_reply_free(&again);
    http_reply_free(&r);
}

static void the_json_is_the_same_document(void **state)
{
    http_fixture *f = *state;
    http_reply r = http_client_call(f->port, "GET", "/api/v1/openapi.json", NULL, 0, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "application/json");
    json_error_t jerr;
    json_t *got = json_loadb(r.body, r.len, 0, &jerr);
    if (!got)
        fail_msg("not JSON: %s", jerr.text);
    ynode *root;
    char err[256];
    if (oa_yaml_load_file(DOC_PATH, &root, err, sizeof err))
        fail_msg("%s", err);
    json_t *want = ynode_to_json(root);
    ynode_free(root);
    if (!json_equal(got, want))
        fail_msg("the served JSON differs from %s read by the tests' YAML reader", DOC_PATH);
    /* Typed as YAML means: a response code key is a string, minimum an
     * integer, additionalProperties a boolean. */
    assert_non_null(json_object_get(json_object_get(json_object_get(got, "paths"), "/api/v1/openapi.json"), "get"));
    json_t *health = json_object_get(json_object_get(json_object_get(got, "components"), "schemas"), "Health");
    assert_true(json_is_false(json_object_get(health, "additionalProperties")));
    assert_true(json_is_integer(
        json_object_get(json_object_get(json_object_get(health, "properties"), "schema_version"), "minimum")));
    json_decref(want);
    json_decref(got);
    http_reply_free(&r);
}

static void both_are_public_to_a_signed_in_user_too(void **state)
{
    http_fixture *f = *state;
    hk_store *st = http_fixture_store(f);
    http_fixture_user(st, "reader@oa.example", ROLE_MEMBER, NULL);
    store_close(st);
    http_session s = {0};
    assert_int_equal(http_session_login(&s, f->port, "reader@oa.example", HTTP_FIXTURE_PASSWORD), 200);
    http_reply r = http_session_call(&s, "GET", "/api/v1/openapi.json", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.cache_control, "public, max-age=86400");
    http_reply_free(&r);
}

/* A data folder of its own under /tmp holding only openapi.yaml (text,
 * or none when NULL); the taxonomy and gazetteer come from the tree. */
static int serve_with_doc(const char *text, char dir[64], http_server **srv, hk_err *err)
{
    snprintf(dir, 64, "/tmp/hamkor-oadata-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/openapi.yaml", dir);
    if (text) {
        FILE *fp = fopen(path, "w");
        fputs(text, fp);
        fclose(fp);
    }
    http_config cfg = {.listen_addr = "127.0.0.1", .port = 0, .db_path = ":memory:", .data_dir = dir,
                       .taxonomy_dir = "data/taxonomy", .geo_dir = "data/geo", .web_root = "tests/data/web",
                       .fast_password_hashing = 1};
    return http_server_start(&cfg, srv, err);
}

static void cleanup_dir(const char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/openapi.yaml", dir);
    unlink(path);
    rmdir(dir);
}

static void without_the_file_the_server_serves_and_both_answer_404(void **state)
{
    (void)state;
    char dir[64];
    http_server *srv;
    hk_err err;
    assert_int_equal(serve_with_doc(NULL, dir, &srv, &err), 0);
    uint16_t port = http_server_port(srv);
    http_reply r = http_client_call(port, "GET", "/api/v1/openapi.json", NULL, 0, NULL, NULL);
    assert_int_equal(r.status, 404);
    http_reply_free(&r);
    r = http_client_call(port, "GET", "/healthz", NULL, 0, NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    http_server_stop(srv);
    cleanup_dir(dir);
}

static void a_malformed_file_stops_the_start_naming_its_line(void **state)
{
    (void)state;
    char dir[64];
    http_server *srv = NULL;
    hk_err err;
    hk_err_clear(&err);
    assert_int_not_equal(serve_with_doc("openapi: 3.1.0\ninfo:\n  title: [unclosed\n", dir, &srv, &err), 0);
    assert_non_null(strstr(err.msg, "openapi.yaml:"));
    cleanup_dir(dir);
    hk_err_clear(&err);
    assert_int_not_equal(serve_with_doc("a: 1\na: 2\n", dir, &srv, &err), 0);
    assert_non_null(strstr(err.msg, "twice"));
    cleanup_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_yaml_is_the_shipped_file_as_it_is, setup, teardown),
        cmocka_unit_test_setup_teardown(the_json_is_the_same_document, setup, teardown),
        cmocka_unit_test_setup_teardown(both_are_public_to_a_signed_in_user_too, setup, teardown),
        cmocka_unit_test(without_the_file_the_server_serves_and_both_answer_404),
        cmocka_unit_test(a_malformed_file_stops_the_start_naming_its_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
