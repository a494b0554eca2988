/*
 * fuzz_import.c - `hamkor import` on any file: JSON Lines and CSV of
 * organisations and listings (io_import, src/io/io_records.c) into a real
 * SQLite store in memory, with the shipped countries and, for listings,
 * two organisations (ids 1 and 2) for them to belong to. Every check of
 * the store (validation, registry ids, codes, uniqueness) runs as in a
 * real import.
 *
 * Input: byte 0 bit 0 organisations/listings, bit 1 JSONL/CSV; the rest
 * is the file.
 * Invariants: a refused import names "fuzz:<line>" and writes nothing (an
 * export finds no record); an accepted one exported, imported into a
 * fresh store and exported again gives the same bytes (the round trip
 * io_records.h promises).
 *
 * Opening a store runs the migrations (about 50 ms under ASan), so the
 * store of a refused import, checked empty, serves the next input; only
 * an accepted import costs fresh stores.
 */
#include "fuzz_util.h"
#include "io/io_records.h"
#include "model/model_json.h"
#include "store/store.h"

static const char *const fixture_orgs[] = {
    "{\"id\":1,\"names\":[{\"text\":\"Уральский литейный завод\",\"lang\":\"ru\",\"primary\":true}],"
    "\"country\":\"RU\",\"type\":\"enterprise\"}",
    "{\"id\":2,\"names\":[{\"text\":\"重庆压铸有限公司\",\"lang\":\"zh\",\"primary\":true}],"
    "\"country\":\"CN\",\"type\":\"enterprise\",\"sme\":true}",
};

static hk_store *fresh_store(io_entity entity)
{
    hk_store *st;
    hk_err err;
    if (store_open(":memory:", &st, &err) || store_seed_countries(st, HK_DATA_DIR "/countries.tsv", &err)) {
        fprintf(stderr, "fuzz_import: %s: %s\n", err.field, err.msg);
        abort();
    }
    for (size_t i = 0; entity == IO_LISTINGS && i < sizeof fixture_orgs / sizeof fixture_orgs[0]; i++) {
        json_t *j = json_loads(fixture_orgs[i], 0, NULL);
        organisation o;
        if (!j || organisation_from_json(j, true, &o, &err) || store_org_create(st, &o, 0, &err)) {
            fprintf(stderr, "fuzz_import: fixture organisation %zu: %s\n", i, err.msg);
            abort();
        }
        organisation_free(&o);
        json_decref(j);
    }
    return st;
}

/* The store's records of entity in format, as malloc'd text. */
static char *export_text(hk_store *st, io_entity entity, io_format format, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    FUZZ_CHECK(out != NULL, "open_memstream");
    hk_err err;
    int rc = io_export(st, entity, format, out, NULL, NULL, &err);
    fclose(out);
    FUZZ_CHECK(rc == 0, "export failed: %s: %s", err.field, err.msg);
    return text;
}

static int import_text(hk_store *st, io_entity entity, io_format format, const char *text, size_t len,
                       long *count, hk_err *err)
{
    FILE *in = fmemopen((void *)text, len, "r");
    FUZZ_CHECK(in != NULL, "fmemopen");
    int rc = io_import(st, entity, format, in, "fuzz", NULL, NULL, count, err);
    fclose(in);
    return rc;
}

/* The store of each entity that the last refused import left (empty). */
static hk_store *spare[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 256 * 1024)
        return 0;
    io_entity entity = data[0] & 1 ? IO_LISTINGS : IO_ORGANISATIONS;
    io_format format = data[0] & 2 ? IO_CSV : IO_JSONL;
    hk_store *st = spare[entity] ? spare[entity] : fresh_store(entity);
    spare[entity] = NULL;
    hk_err err;
    hk_err_clear(&err);
    long count = 0;
    int rc = import_text(st, entity, format, (const char *)data + 1, size - 1, &count, &err);
    size_t len;
    char *first = export_text(st, entity, IO_JSONL, &len);
    if (rc) {
        FUZZ_CHECK(!strncmp(err.field, "fuzz:", 5) && err.msg[0], "refusal names [%s]: %s", err.field, err.msg);
        FUZZ_CHECK(len == 0, "a refused import wrote records:\n%s", first);
        free(first);
        spare[entity] = st;
        return 0;
    }
    free(first);
    first = export_text(st, entity, format, &len);
    hk_store *again = fresh_store(entity);
    long count2 = 0;
    rc = import_text(again, entity, format, first, len, &count2, &err);
    FUZZ_CHECK(rc == 0, "the export does not import: %s: %s\n%s", err.field, err.msg, first);
    FUZZ_CHECK(count2 == count, "%ld records imported, %ld after the round trip", count, count2);
    size_t len2;
    char *second = export_text(again, entity, format, &len2);
    FUZZ_CHECK(len == len2 && !memcmp(first, second, len), "export -> import -> export differs:\n%s\n%s", first,
               second);
    free(first);
    free(second);
    store_close(again);
    store_close(st);
    return 0;
}
