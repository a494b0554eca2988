/*
 * tax_import.c - `hamkor import-taxonomy`: a fuller official list (six-digit
 * HS, ISIC classes, a national list mapped to them) read from CSV, checked
 * against the loaded taxonomy, and written as dir/imported/<scheme>-<name>.tsv
 * in the shipped format, where tax_load picks it up.
 *
 * Imported codes live in files, not in the store, because the taxonomy is
 * reference data loaded before any store is opened (the store checks codes
 * against it); a file is also easy to review and to ship to other nodes.
 * The file is written to a temporary name and renamed, so a bad row or a
 * crash leaves the previous state untouched.
 */
#include "taxonomy/tax_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk_utf8.h"
#include "io/io_csv.h"

enum { COL_CODE, COL_PARENT, COL_EN, COL_RU, COL_ZH, COL__N };

/* Column names accepted for each field (official lists vary). */
static int column_of(const char *name)
{
    static const struct { const char *name; int col; } names[] = {
        {"code", COL_CODE}, {"hscode", COL_CODE}, {"isic", COL_CODE},
        {"parent", COL_PARENT},
        {"en", COL_EN}, {"label", COL_EN}, {"label_en", COL_EN}, {"description", COL_EN}, {"name", COL_EN},
        {"ru", COL_RU}, {"label_ru", COL_RU}, {"zh", COL_ZH}, {"label_zh", COL_ZH},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i].name))
            return names[i].col;
    return -1;
}

/* Writes s to out with tabs and newlines (not allowed in TSV fields) as spaces. */
static void put_field(FILE *out, const char *s)
{
    for (; *s; s++)
        putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

typedef struct new_code {
    char code[8];
} new_code;

int tax_import_csv(const char *dir, const char *csv_path, size_t *added, hk_err *err)
{
    *added = 0;
    const char *base = strrchr(csv_path, '/');
    base = base ? base + 1 : csv_path;
    tax *t;
    int rc = tax_load(dir, NULL, &t, err);
    if (rc)
        return rc;
    FILE *in = fopen(csv_path, "r");
    if (!in) {
        tax_free(t);
        return hk_err_set(err, HK_EIO, base, "cannot open: %s", strerror(errno));
    }
    char imported[3800], tmp[4300], final[4200], stem[200];
    snprintf(imported, sizeof imported, "%s/imported", dir);
    snprintf(stem, sizeof stem, "%.*s", (int)strcspn(base, "."), base);
    tmp[0] = final[0] = '\0';
    FILE *out = NULL;
    io_csv_reader r;
    io_csv_reader_init(&r, in);
    int cols[COL__N] = {-1, -1, -1, -1, -1};
    new_code *fresh = NULL; /* codes added by this file, for parents */
    size_t n_fresh = 0, cap_fresh = 0;
    tax_scheme scheme = TAX_HS;
    int got = io_csv_read(&r, err);
    if (got <= 0) {
        rc = got < 0 ? got : hk_err_set(err, HK_EINVAL, NULL, "the file is empty");
        snprintf(err->field, sizeof err->field, "%.40s:1", base);
        goto done;
    }
    for (size_t i = 0; i < r.n_fields; i++) {
        int c = column_of(r.fields[i]);
        if (c >= 0 && cols[c] < 0)
            cols[c] = (int)i;
        if (!strcmp(r.fields[i], "isic"))
            scheme = TAX_ISIC;
    }
    if (cols[COL_CODE] < 0 || cols[COL_EN] < 0) {
        rc = hk_err_set(err, HK_EINVAL, NULL, "the header needs a code column and an English label column "
                                              "(code/hscode and en/description)");
        snprintf(err->field, sizeof err->field, "%.40s:1", base);
        goto done;
    }
    if (mkdir(imported, 0775) != 0 && errno != EEXIST) {
        rc = hk_err_set(err, HK_EIO, imported, "cannot create: %s", strerror(errno));
        goto done;
    }
    snprintf(final, sizeof final, "%s/%s-%s.tsv", imported, tax_scheme_name(scheme), stem);
    snprintf(tmp, sizeof tmp, "%s.tmp", final);
    out = fopen(tmp, "w");
    if (!out) {
        rc = hk_err_set(err, HK_EIO, tmp, "cannot create: %s", strerror(errno));
        goto done;
    }
    fputs("code\tparent\ten\tru\tzh\tsyn_en\tsyn_ru\tsyn_zh\tisic\n", out);
    while ((got = io_csv_read(&r, err)) > 0) {
        char where[64];
        snprintf(where, sizeof where, "%.40s:%ld", base, r.record_line);
        const char *f[COL__N];
        for (int c = 0; c < COL__N; c++)
            f[c] = cols[c] >= 0 && (size_t)cols[c] < r.n_fields ? r.fields[cols[c]] : "";
        if (r.n_fields == 1 && !r.fields[0][0])
            continue;
        for (int c = 0; c < COL__N; c++)
            if (!hk_utf8_valid(f[c], strlen(f[c]))) {
                rc = hk_err_set(err, HK_EINVAL, where, "invalid UTF-8");
                goto done;
            }
        int level = tax_code_level(scheme, f[COL_CODE]);
        if (level < 0) {
            rc = hk_err_set(err, HK_EINVAL, where, "'%.20s' is not a valid %s code", f[COL_CODE],
                            tax_scheme_name(scheme));
            goto done;
        }
        if (tax_find(t, scheme, f[COL_CODE]) >= 0)
            continue; /* already known: the shipped labels stay */
        if (level < TAX_LEVEL_3) {
            rc = hk_err_set(err, HK_EINVAL, where, "%s is a new section or chapter/division; only finer codes "
                            "can be imported", f[COL_CODE]);
            goto done;
        }
        if (!f[COL_EN][0]) {
            rc = hk_err_set(err, HK_EINVAL, where, "the English label of %s is empty", f[COL_CODE]);
            goto done;
        }
        /* The parent by structure: HS drops two digits, ISIC one. */
        char parent[8];
        size_t plen = strlen(f[COL_CODE]) - (scheme == TAX_HS || level == TAX_LEVEL_3 ? 2 : 1);
        if (scheme == TAX_ISIC && level == TAX_LEVEL_3)
            plen = 2;
        snprintf(parent, sizeof parent, "%.*s", (int)plen, f[COL_CODE]);
        if (f[COL_PARENT][0] && strcmp(f[COL_PARENT], parent) != 0) {
            rc = hk_err_set(err, HK_EINVAL, where, "parent %.20s does not match the code %s", f[COL_PARENT],
                            f[COL_CODE]);
            goto done;
        }
        bool parent_known = tax_find(t, scheme, parent) >= 0;
        for (size_t i = 0; i < n_fresh && !parent_known; i++)
            parent_known = !strcmp(fresh[i].code, parent);
        if (!parent_known) {
            rc = hk_err_set(err, HK_EINVAL, where, "parent %s of %s is not in the taxonomy", parent, f[COL_CODE]);
            goto done;
        }
        for (size_t i = 0; i < n_fresh; i++)
            if (!strcmp(fresh[i].code, f[COL_CODE])) {
                rc = hk_err_set(err, HK_EINVAL, where, "%s is listed twice", f[COL_CODE]);
                goto done;
            }
        if (n_fresh == cap_fresh) {
            cap_fresh = cap_fresh ? cap_fresh * 2 : 1024;
            new_code *nf = realloc(fresh, cap_fresh * sizeof *nf);
            if (!nf) {
                rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
                goto done;
            }
            fresh = nf;
        }
        snprintf(fresh[n_fresh++].code, sizeof fresh[0].code, "%s", f[COL_CODE]);
        fprintf(out, "%s\t%s\t", f[COL_CODE], parent);
        put_field(out, f[COL_EN]);
        putc('\t', out);
        put_field(out, f[COL_RU]);
        putc('\t', out);
        put_field(out, f[COL_ZH]);
        fputs("\t\t\t\t\n", out);
    }
    if (got < 0) {
        rc = got;
        snprintf(err->field, sizeof err->field, "%.40s:%ld", base, r.record_line);
        goto done;
    }
    if (fflush(out) != 0 || fsync(fileno(out)) != 0 || ferror(out)) {
        rc = hk_err_set(err, HK_EIO, tmp, "cannot write: %s", strerror(errno));
        goto done;
    }
    fclose(out);
    out = NULL;
    if (rename(tmp, final) != 0) {
        rc = hk_err_set(err, HK_EIO, final, "cannot rename into place: %s", strerror(errno));
        goto done;
    }
    tmp[0] = '\0';
    *added = n_fresh;
done:
    if (out)
        fclose(out);
    if (tmp[0])
        unlink(tmp);
    free(fresh);
    io_csv_reader_free(&r);
    fclose(in);
    tax_free(t);
    return rc;
}
