/*
 * test_io.c - import and export of organisations and listings as JSON
 * Lines and CSV: round trips are byte-identical, and a bad record anywhere
 * aborts the import naming file:line, with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/io_csv.h"
#include "io/io_records.h"
#include "model/model_json.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"
#include "store_fixture.h"

#define COUNTRIES "data/countries.tsv"

typedef struct db {
    char path[STORE_FIXTURE_PATH_MAX];
    hk_store *st;
} db;

static void db_open(db *d)
{
    assert_int_equal(store_fixture_path(d->path, sizeof d->path, "io"), 0);
    hk_err err;
    assert_int_equal(store_open(d->path, &d->st, &err), 0);
    assert_int_equal(store_seed_countries(d->st, COUNTRIES, &err), 0);
}

static void db_close(db *d)
{
    store_close(d->st);
    store_fixture_remove(d->path);
}

static char *xstrdup(const char *s) { return strdup(s); }

/* Two organisations and three listings in three languages and scripts,
 * with every optional field used somewhere. */
static void fill(hk_store *st)
{
    hk_err err;
    organisation o;
    memset(&o, 0, sizeof o);
    o.n_names = 3;
    o.names = calloc(3, sizeof *o.names);
    o.names[0] = (org_name){xstrdup("Тошкент қуйма заводи"), xstrdup("uz-Cyrl"), true};
    o.names[1] = (org_name){xstrdup("Toshkent quyma zavodi"), xstrdup("uz-Latn"), false};
    o.names[2] = (org_name){xstrdup("Tashkent \"Foundry\", Ltd"), xstrdup("en"), false};
    o.registry_scheme = xstrdup("STIR");
    o.registry_id = xstrdup("301234567");
    memcpy(o.country, "UZ", 3);
    o.city = xstrdup("=Toshkent"); /* read as a formula by spreadsheets: guarded in CSV */
    o.lat = 41.2995;
    o.lon = 69.2401;
    o.has_coords = true;
    o.type = ORG_ENTERPRISE;
    o.size = SIZE_MEDIUM;
    o.sme = true;
    o.n_isic = 1;
    o.isic = calloc(1, sizeof *o.isic);
    o.isic[0] = xstrdup("243");
    o.n_hs = 2;
    o.hs = calloc(2, sizeof *o.hs);
    o.hs[0] = xstrdup("7616");
    o.hs[1] = xstrdup("7604");
    o.n_capabilities = 1;
    o.capabilities = calloc(1, sizeof *o.capabilities);
    o.capabilities[0] = (capability){CAP_CAPACITY, xstrdup("aluminium die casting, line 1"), 1200, xstrdup("t/year")};
    o.n_certifications = 1;
    o.certifications = calloc(1, sizeof *o.certifications);
    o.certifications[0] = (certification){xstrdup("ISO 9001:2015"), xstrdup("casting, machining"), "2024-03-01",
                                          "2027-02-28"};
    o.n_languages = 2;
    o.languages = calloc(2, sizeof *o.languages);
    o.languages[0] = xstrdup("uz");
    o.languages[1] = xstrdup("ru");
    o.website = xstrdup("https://quyma.example.uz");
    if (store_org_create(st, &o, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    int64_t org1 = o.id;
    organisation_free(&o);

    memset(&o, 0, sizeof o);
    o.n_names = 1;
    o.names = calloc(1, sizeof *o.names);
    o.names[0] = (org_name){xstrdup("重庆压铸有限公司"), xstrdup("zh"), true};
    memcpy(o.country, "CN", 3);
    o.type = ORG_ENTERPRISE;
    if (store_org_create(st, &o, 0, &err))
        fail_msg("%s: %s", err.field, err.msg);
    int64_t org2 = o.id;
    organisation_free(&o);

    const char *titles[] = {"Литьё алюминия под давлением, 2000 т/год", "寻求铝压铸件合作生产伙伴",
                            "Contract machining of die-cast housings, line 2\nsecond line"};
    const char *langs[] = {"ru", "zh", "en"};
    for (int i = 0; i < 3; i++) {
        listing l;
        memset(&l, 0, sizeof l);
        l.org_id = i == 1 ? org2 : org1;
        l.direction = i == 1 ? DIR_REQUEST : DIR_OFFER;
        l.kind = i == 1 ? KIND_COPRODUCTION : KIND_SUBCONTRACTING;
        l.n_texts = 1;
        l.texts = calloc(1, sizeof *l.texts);
        l.texts[0] = (listing_text){xstrdup(langs[i]), ORIGIN_ORIGINAL, xstrdup(titles[i]),
                                    i == 2 ? NULL : xstrdup("Описание, с \"кавычками\", запятыми")};
        l.n_hs = 1;
        l.hs = calloc(1, sizeof *l.hs);
        l.hs[0] = xstrdup("7616");
        l.n_quantities = 1;
        l.quantities = calloc(1, sizeof *l.quantities);
        l.quantities[0] = (quantity){QTY_CAPACITY, 2000.5, xstrdup("t"), xstrdup("year")};
        l.n_targets = 2;
        l.targets = calloc(2, sizeof *l.targets);
        memcpy(l.targets[0], "KZ", 3);
        memcpy(l.targets[1], "RU", 3);
        memcpy(l.expires, "2027-06-30", 11);
        if (i == 1)
            memcpy(l.deadline, "2027-01-15", 11);
        if (store_listing_create(st, &l, 0, &err))
            fail_msg("%s: %s", err.field, err.msg);
        listing_free(&l);
    }
}

/* Exports entity in format into a malloc'd string. */
static char *export_text(hk_store *st, io_entity entity, io_format format)
{
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    hk_err err;
    if (io_export(st, entity, format, out, NULL, NULL, &err))
        fail_msg("%s: %s", err.field, err.msg);
    fclose(out);
    return buf;
}

static int import_text(hk_store *st, io_entity entity, io_format format, const char *text, hk_err *err)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    long n;
    int rc = io_import(st, entity, format, in, "in.file", NULL, NULL, &n, err);
    fclose(in);
    return rc;
}

static void round_trip(io_format format)
{
    db a, b;
    db_open(&a);
    fill(a.st);
    char *orgs = export_text(a.st, IO_ORGANISATIONS, format);
    char *lists = export_text(a.st, IO_LISTINGS, format);
    /* The city that a spreadsheet would run is guarded in CSV and comes
     * back without the guard. */
    if (format == IO_CSV)
        assert_non_null(strstr(orgs, ",'=Toshkent,"));
    db_open(&b);
    hk_err err;
    if (import_text(b.st, IO_ORGANISATIONS, format, orgs, &err) ||
        import_text(b.st, IO_LISTINGS, format, lists, &err))
        fail_msg("%s: %s", err.field, err.msg);
    char *orgs2 = export_text(b.st, IO_ORGANISATIONS, format);
    char *lists2 = export_text(b.st, IO_LISTINGS, format);
    assert_string_equal(orgs, orgs2);
    assert_string_equal(lists, lists2);
    free(orgs); free(lists); free(orgs2); free(lists2);
    db_close(&a);
    db_close(&b);
}

static void jsonl_export_import_export_is_identical(void **state) { (void)state; round_trip(IO_JSONL); }

static void count_progress(void *ctx, long records) { *(long *)ctx = records; }

/* What `hamkor export` shows on a terminal: the count of records written,
 * told at least at the end. */
static void export_reports_its_progress(void **state)
{
    (void)state;
    db a;
    db_open(&a);
    fill(a.st);
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    hk_err err;
    long last = -1;
    assert_int_equal(io_export(a.st, IO_LISTINGS, IO_JSONL, out, count_progress, &last, &err), 0);
    fclose(out);
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    assert_true(lines > 0);
    assert_int_equal(last, lines);
    free(buf);
    db_close(&a);
}
static void csv_export_import_export_is_identical(void **state) { (void)state; round_trip(IO_CSV); }

/* Imports lines (with one bad line made by mutate) into a fresh store and
 * checks the error names in.file:bad_line and that nothing was written. */
static void expect_refused(const char *jsonl, const char *field_sub, const char *msg_sub)
{
    db d;
    db_open(&d);
    hk_err err;
    hk_err_clear(&err);
    assert_int_not_equal(import_text(d.st, IO_LISTINGS, IO_JSONL, jsonl, &err), 0);
    if (!strstr(err.field, field_sub) || (msg_sub && !strstr(err.msg, msg_sub)))
        fail_msg("unexpected error: %s: %s", err.field, err.msg);
    store_stats s;
    assert_int_equal(store_get_stats(d.st, &s, &err), 0);
    assert_int_equal(s.listings, 0);
    assert_int_equal(s.organisations, 0);
    db_close(&d);
}

/* The exported organisations then listings of fill(), as one string of
 * JSON lines, with line `bad` (1-based) replaced by `replacement`. */
static char *lines_with(int bad, const char *replacement)
{
    db d;
    db_open(&d);
    fill(d.st);
    char *orgs = export_text(d.st, IO_ORGANISATIONS, IO_JSONL);
    char *lists = export_text(d.st, IO_LISTINGS, IO_JSONL);
    db_close(&d);
    char *all;
    size_t len;
    FILE *out = open_memstream(&all, &len);
    int line = 0;
    for (int part = 0; part < 2; part++) {
        char *save = NULL;
        for (char *l = strtok_r(part ? lists : orgs, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            line++;
            fprintf(out, "%s\n", line == bad ? replacement : l);
        }
    }
    fclose(out);
    free(orgs);
    free(lists);
    return all;
}

static void import_of_mixed_organisations_fails_as_listings(void **state)
{
    (void)state;
    /* Organisation lines fed as listings are refused on line 1. */
    char *text = lines_with(0, "");
    expect_refused(text, "in.file:1", NULL);
    free(text);
}

static void import_refuses_malformed_json_naming_the_line(void **state)
{
    (void)state;
    db d;
    db_open(&d);
    fill(d.st);
    char *orgs = export_text(d.st, IO_ORGANISATIONS, IO_JSONL);
    db_close(&d);
    char *text = malloc(strlen(orgs) + 64);
    sprintf(text, "%s{\"names\": [\n", orgs);
    db_open(&d);
    hk_err err;
    assert_int_not_equal(import_text(d.st, IO_ORGANISATIONS, IO_JSONL, text, &err), 0);
    assert_string_equal(err.field, "in.file:3");
    assert_non_null(strstr(err.msg, "malformed JSON"));
    store_stats s;
    assert_int_equal(store_get_stats(d.st, &s, &err), 0);
    assert_int_equal(s.organisations, 0); /* the two good lines were not kept */
    db_close(&d);
    free(text);
    free(orgs);
}

/* Takes the first exported organisation, changes member `key` to value
 * (JSON text) and imports [good org 1, bad] expecting an error on line 2. */
static void org_member_refused(const char *key, const char *value, const char *msg_sub)
{
    db d;
    db_open(&d);
    fill(d.st);
    char *orgs = export_text(d.st, IO_ORGANISATIONS, IO_JSONL);
    db_close(&d);
    char *nl = strchr(orgs, '\n');
    *nl = '\0';
    json_t *j = json_loads(orgs, 0, NULL);
    assert_non_null(j);
    json_object_del(j, "id");
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    if (v)
        json_object_set_new(j, key, v);
    else
        json_object_set_new(j, key, json_string(value));
    char *bad = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    char *text = malloc(strlen(orgs) + strlen(bad) + 4);
    sprintf(text, "%s\n%s\n", orgs, bad);
    db_open(&d);
    hk_err err;
    assert_int_not_equal(import_text(d.st, IO_ORGANISATIONS, IO_JSONL, text, &err), 0);
    if (strcmp(err.field, "in.file:2") != 0 || !strstr(err.msg, msg_sub))
        fail_msg("for %s=%s: unexpected error: %s: %s", key, value, err.field, err.msg);
    store_stats s;
    assert_int_equal(store_get_stats(d.st, &s, &err), 0);
    assert_int_equal(s.organisations, 0);
    db_close(&d);
    free(text);
    free(bad);
    free(orgs);
}

static void import_refuses_unknown_country(void **state)
{
    (void)state;
    org_member_refused("country", "\"ZZ\"", "country");
}

static void import_refuses_overlong_field(void **state)
{
    (void)state;
    char *city = malloc(4 * 1000 + 3);
    strcpy(city, "\"");
    for (int i = 0; i < 1000; i++)
        strcat(city, "Ш");
    strcat(city, "\"");
    org_member_refused("city", city, "city");
    free(city);
}

static void import_refuses_bad_code_and_unknown_member(void **state)
{
    (void)state;
    org_member_refused("hs", "[\"76A6\"]", "hs");
    org_member_refused("colour", "\"blue\"", "colour");
}

static void import_refuses_code_not_in_taxonomy(void **state)
{
    (void)state;
    tax *t;
    hk_err err;
    assert_int_equal(tax_load("tests/data/taxonomy", NULL, &t, &err), 0);
    db d;
    db_open(&d);
    store_set_code_check(d.st, tax_code_known, t);
    const char *text = "{\"names\":[{\"text\":\"A\",\"lang\":\"en\",\"primary\":true}],\"country\":\"UZ\","
                       "\"type\":\"enterprise\",\"hs\":[\"7616\"]}\n"
                       "{\"names\":[{\"text\":\"B\",\"lang\":\"en\",\"primary\":true}],\"country\":\"UZ\","
                       "\"type\":\"enterprise\",\"hs\":[\"9999\"]}\n";
    assert_int_equal(import_text(d.st, IO_ORGANISATIONS, IO_JSONL, text, &err), HK_EINVAL);
    assert_string_equal(err.field, "in.file:2");
    assert_non_null(strstr(err.msg, "hs[0]"));
    assert_null(strstr(strstr(err.msg, "hs[0]") + 1, "hs[0]")); /* named once */
    store_stats s;
    assert_int_equal(store_get_stats(d.st, &s, &err), 0);
    assert_int_equal(s.organisations, 0);
    db_close(&d);
    tax_free(t);
}

static void import_refuses_invalid_utf8_naming_the_line(void **state)
{
    (void)state;
    db d;
    db_open(&d);
    hk_err err;
    const char *text = "\n{\"names\":\"\xC3\x28\"}\n";
    assert_int_not_equal(import_text(d.st, IO_ORGANISATIONS, IO_JSONL, text, &err), 0);
    assert_string_equal(err.field, "in.file:2");
    assert_non_null(strstr(err.msg, "UTF-8"));
    db_close(&d);
}

static void csv_import_refuses_unknown_column_and_short_row(void **state)
{
    (void)state;
    db d;
    db_open(&d);
    hk_err err;
    assert_int_not_equal(import_text(d.st, IO_ORGANISATIONS, IO_CSV, "id,shoe_size\r\n1,42\r\n", &err), 0);
    assert_string_equal(err.field, "in.file:1");
    assert_non_null(strstr(err.msg, "shoe_size"));
    db_close(&d);

    db a;
    db_open(&a);
    fill(a.st);
    char *csv = export_text(a.st, IO_ORGANISATIONS, IO_CSV);
    db_close(&a);
    char *text = malloc(strlen(csv) + 8);
    sprintf(text, "%s1,2\r\n", csv);
    db_open(&d);
    assert_int_not_equal(import_text(d.st, IO_ORGANISATIONS, IO_CSV, text, &err), 0);
    assert_string_equal(err.field, "in.file:4");
    db_close(&d);
    free(text);
    free(csv);
}

static void csv_reader_handles_quotes_and_multiline_fields(void **state)
{
    (void)state;
    const char *text = "a,\"b,1\",\"c \"\"q\"\"\"\r\n\"multi\nline\",,x\n";
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    hk_err err;
    assert_int_equal(io_csv_read(&r, &err), 1);
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(r.fields[1], "b,1");
    assert_string_equal(r.fields[2], "c \"q\"");
    assert_int_equal(io_csv_read(&r, &err), 1);
    assert_int_equal(r.record_line, 2);
    assert_string_equal(r.fields[0], "multi\nline");
    assert_string_equal(r.fields[1], "");
    assert_int_equal(io_csv_read(&r, &err), 0);
    io_csv_reader_free(&r);
    fclose(in);
}

/* Writes one cell as CSV. */
static char *write_cell(const char *cell)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    io_csv_write_field(out, cell, 1);
    fclose(out);
    return text;
}

static void csv_cells_that_spreadsheets_run_as_formulas_get_a_quote_and_read_back_whole(void **state)
{
    (void)state;
    static const struct {
        const char *cell, *written;
    } cases[] = {
        {"=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""},
        {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
        {"-2+3", "'-2+3"},
        {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
        {"\tindented", "'\tindented"},
        {"\rreturn", "\"'\rreturn\""},
        {"=1,2", "\"'=1,2\""},
        /* Quotes then a formula character: one more quote, so that reading
         * can tell the guard from the text. */
        {"'=not a formula", "''=not a formula"},
        {"''@x", "'''@x"},
        /* Left alone: numbers (coordinates, amounts), a quote before
         * ordinary text, a formula character later in the cell. */
        {"-41.2995", "-41.2995"},
        {"+7", "+7"},
        {"-1.5e-3", "-1.5e-3"},
        {"'s-Hertogenbosch", "'s-Hertogenbosch"},
        {"1+1", "1+1"},
        {"Tashkent", "Tashkent"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = write_cell(cases[i].cell);
        if (strcmp(text, cases[i].written) != 0)
            fail_msg("[%s] written as [%s], not [%s]", cases[i].cell, text, cases[i].written);
        size_t len = strlen(text);
        text = realloc(text, len + 3);
        memcpy(text + len, "\r\n", 3);
        FILE *in = fmemopen(text, len + 2, "r");
        io_csv_reader r;
        io_csv_reader_init(&r, in);
        hk_err err;
        assert_int_equal(io_csv_read(&r, &err), 1);
        assert_int_equal(r.n_fields, 1);
        if (strcmp(r.fields[0], cases[i].cell) != 0)
            fail_msg("[%s] read back as [%s]", cases[i].cell, r.fields[0]);
        io_csv_reader_free(&r);
        fclose(in);
        free(text);
    }
}

static void csv_reader_refuses_unclosed_quote(void **state)
{
    (void)state;
    const char *text = "a,b\n\"open,c\n";
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    hk_err err;
    assert_int_equal(io_csv_read(&r, &err), 1);
    assert_int_equal(io_csv_read(&r, &err), HK_EINVAL);
    assert_non_null(strstr(err.msg, "line 2"));
    io_csv_reader_free(&r);
    fclose(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_reader_handles_quotes_and_multiline_fields),
        cmocka_unit_test(csv_reader_refuses_unclosed_quote),
        cmocka_unit_test(csv_cells_that_spreadsheets_run_as_formulas_get_a_quote_and_read_back_whole),
        cmocka_unit_test(jsonl_export_import_export_is_identical),
        cmocka_unit_test(export_reports_its_progress),
        cmocka_unit_test(csv_export_import_export_is_identical),
        cmocka_unit_test(import_of_mixed_organisations_fails_as_listings),
        cmocka_unit_test(import_refuses_malformed_json_naming_the_line),
        cmocka_unit_test(import_refuses_unknown_country),
        cmocka_unit_test(import_refuses_overlong_field),
        cmocka_unit_test(import_refuses_bad_code_and_unknown_member),
        cmocka_unit_test(import_refuses_code_not_in_taxonomy),
        cmocka_unit_test(import_refuses_invalid_utf8_naming_the_line),
        cmocka_unit_test(csv_import_refuses_unknown_column_and_short_row),
    };
    return cmocka_run_group_tests_name("import/export", tests, NULL, NULL);
}
