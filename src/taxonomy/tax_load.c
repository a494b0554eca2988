/*
 * tax_load.c - reading the TSV files of data/taxonomy/ into a tax: every line checked
 * (field count, code format, parent, labels, crosswalk groups), errors as
 * "file:line: reason". The file name says the scheme: hs-*.tsv or
 * isic*.tsv; dir/imported/ holds lists added by `hamkor import-taxonomy`.
 */
#include "taxonomy/tax_int.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"

#define TAX_HEADER "code\tparent\ten\tru\tzh\tsyn_en\tsyn_ru\tsyn_zh\tisic"
#define TAX_MAX_LINE 16384
#define TAX_MAX_FILES 64

uint64_t tax_hash(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = 1469598103934665603ull ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static size_t map_slot(const tax *t, tax_scheme scheme, const char *code)
{
    return (size_t)tax_hash(code, strlen(code), (uint64_t)scheme + 1) & (t->map_cap - 1);
}

int32_t tax_find(const tax *t, tax_scheme scheme, const char *code)
{
    if (!t->map_cap)
        return -1;
    for (size_t i = map_slot(t, scheme, code);; i = (i + 1) & (t->map_cap - 1)) {
        int32_t k = t->map[i];
        if (k < 0)
            return -1;
        if (t->nodes[k].scheme == scheme && !strcmp(t->nodes[k].code, code))
            return k;
    }
}

static int map_rebuild(tax *t, hk_err *err)
{
    size_t cap = 1024;
    while (cap < t->n * 2 + 16)
        cap *= 2;
    int32_t *m = malloc(cap * sizeof *m);
    if (!m)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < cap; i++)
        m[i] = -1;
    free(t->map);
    t->map = m;
    t->map_cap = cap;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = map_slot(t, t->nodes[k].scheme, t->nodes[k].code);
        while (m[i] >= 0)
            i = (i + 1) & (cap - 1);
        m[i] = (int32_t)k;
    }
    return 0;
}

static bool is_roman(const char *s)
{
    if (!*s || strlen(s) > 5)
        return false;
    for (; *s; s++)
        if (!strchr("IVX", *s))
            return false;
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

int tax_code_level(tax_scheme scheme, const char *code)
{
    if (scheme == TAX_HS) {
        if (is_roman(code))
            return TAX_LEVEL_SECTION;
        if (all_digits(code, 2))
            return TAX_LEVEL_2;
        if (all_digits(code, 4))
            return TAX_LEVEL_3;
        if (all_digits(code, 6))
            return TAX_LEVEL_4;
        return -1;
    }
    if (strlen(code) == 1 && code[0] >= 'A' && code[0] <= 'Z')
        return TAX_LEVEL_SECTION;
    for (int n = 2; n <= 4; n++)
        if (all_digits(code, (size_t)n))
            return n - 1;
    return -1;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++)
        if (*p == '\t') {
            *p = '\0';
            if (n == max)
                return max + 1;
            f[n++] = p + 1;
        }
    return n;
}

/* Pending crosswalk entries, resolved once every file is read. */
typedef struct pending_xwalk {
    int32_t node;
    char *groups;            /* the raw isic column; from malloc() */
    char where[160];         /* file:line for errors */
} pending_xwalk;

typedef struct load_state {
    tax *t;
    char **parents;          /* raw parent code per node, from malloc() */
    char (*wheres)[160];     /* file:line per node */
    pending_xwalk *xw;
    size_t n_xw, cap_xw;
    bool imported;           /* reading dir/imported/ */
} load_state;

static int grow_nodes(load_state *s, hk_err *err)
{
    tax *t = s->t;
    if (t->n < t->cap)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 2048;
    tax_node *nn = realloc(t->nodes, cap * sizeof *nn);
    if (!nn)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    t->nodes = nn;
    char **np = realloc(s->parents, cap * sizeof *np);
    if (!np)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    s->parents = np;
    char(*nw)[160] = realloc(s->wheres, cap * sizeof *nw);
    if (!nw)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    s->wheres = nw;
    t->cap = cap;
    return 0;
}

static char *dup_or_null(const char *s)
{
    return *s ? strdup(s) : NULL;
}

static int load_line(load_state *s, tax_scheme scheme, char *line, const char *where, hk_err *err)
{
    char *f[9];
    size_t n = split_tabs(line, f, 9);
    if (n != 9)
        return hk_err_set(err, HK_EINVAL, where, "expected 9 tab-separated fields, found %zu", n);
    if (!hk_utf8_valid(line, strlen(line)))
        return hk_err_set(err, HK_EINVAL, where, "invalid UTF-8");
    int level = tax_code_level(scheme, f[0]);
    if (level < 0)
        return hk_err_set(err, HK_EINVAL, where, "'%.20s' is not a valid %s code", f[0],
                          tax_scheme_name(scheme));
    if ((level == TAX_LEVEL_SECTION) != (f[1][0] == '\0'))
        return hk_err_set(err, HK_EINVAL, where, "%s", level == TAX_LEVEL_SECTION ? "a section has no parent"
                                                                                   : "the parent is missing");
    static const char *const lang_names[] = {"en", "ru", "zh"};
    for (int l = 0; l < TAX__LANGS; l++)
        if (!f[2 + l][0] && (l == TAX_EN || !s->imported))
            return hk_err_set(err, HK_EINVAL, where, "the %s label of %s is empty", lang_names[l], f[0]);
    if (tax_find(s->t, scheme, f[0]) >= 0)
        return hk_err_set(err, HK_EINVAL, where, "%s is listed twice", f[0]);
    int rc = grow_nodes(s, err);
    if (rc)
        return rc;
    tax *t = s->t;
    tax_node *nd = &t->nodes[t->n];
    memset(nd, 0, sizeof *nd);
    snprintf(nd->code, sizeof nd->code, "%s", f[0]);
    nd->scheme = (uint8_t)scheme;
    nd->level = (uint8_t)level;
    nd->parent = -1;
    for (int l = 0; l < TAX__LANGS; l++) {
        /* An imported official list may be English only: its codes then
         * show the English label in every language (docs/taxonomy.md). */
        nd->label[l] = strdup(f[2 + l][0] ? f[2 + l] : f[2]);
        nd->syn[l] = dup_or_null(f[5 + l]);
    }
    s->parents[t->n] = dup_or_null(f[1]);
    snprintf(s->wheres[t->n], sizeof s->wheres[0], "%s", where);
    if (f[8][0]) {
        if (s->n_xw == s->cap_xw) {
            size_t cap = s->cap_xw ? s->cap_xw * 2 : 1024;
            pending_xwalk *nx = realloc(s->xw, cap * sizeof *nx);
            if (!nx)
                return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
            s->xw = nx;
            s->cap_xw = cap;
        }
        pending_xwalk *p = &s->xw[s->n_xw++];
        p->node = (int32_t)t->n;
        p->groups = strdup(f[8]);
        snprintf(p->where, sizeof p->where, "%s", where);
    }
    if (level == TAX_LEVEL_4)
        t->has_finer[scheme] = true;
    t->n++;
    /* The map is rebuilt as it fills, so duplicates are caught per line. */
    if (t->n * 2 + 16 > t->map_cap)
        return map_rebuild(t, err);
    size_t i = map_slot(t, scheme, nd->code);
    while (t->map[i] >= 0)
        i = (i + 1) & (t->map_cap - 1);
    t->map[i] = (int32_t)(t->n - 1);
    return 0;
}

static int load_file(load_state *s, const char *path, const char *name, tax_scheme scheme, hk_err *err)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return hk_err_set(err, HK_EIO, name, "cannot open %s", path);
    char *line = malloc(TAX_MAX_LINE);
    if (!line) {
        fclose(in);
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    long no = 0;
    int rc = 0;
    bool header = false;
    while (!rc && fgets(line, TAX_MAX_LINE, in)) {
        no++;
        char where[64];
        snprintf(where, sizeof where, "%.40s:%ld", name, no);
        size_t len = strlen(line);
        if (len == TAX_MAX_LINE - 1 && line[len - 1] != '\n') {
            rc = hk_err_set(err, HK_ETOOBIG, where, "line longer than %d bytes", TAX_MAX_LINE);
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#' || (!len && header))
            continue;
        if (!header) {
            if (strcmp(line, TAX_HEADER) != 0)
                rc = hk_err_set(err, HK_EINVAL, where, "the first line must be the header: %s", TAX_HEADER);
            header = true;
            continue;
        }
        rc = load_line(s, scheme, line, where, err);
    }
    if (!rc && !header)
        rc = hk_err_set(err, HK_EINVAL, name, "the file is empty: expected the header line");
    free(line);
    fclose(in);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads every hs*.tsv / isic*.tsv of dir in name order. */
static int load_dir(load_state *s, const char *dir, const char *prefix, bool required, hk_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return required ? hk_err_set(err, HK_EIO, dir, "cannot open the taxonomy folder") : 0;
    char *names[TAX_MAX_FILES] = {0};
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0)
            continue;
        if (strncmp(e->d_name, "hs", 2) != 0 && strncmp(e->d_name, "isic", 4) != 0)
            continue;
        if (n == TAX_MAX_FILES) {
            rc = hk_err_set(err, HK_ETOOBIG, dir, "more than %d taxonomy files", TAX_MAX_FILES);
            break;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc) {
            char path[4096], shown[256];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            snprintf(shown, sizeof shown, "%s%s", prefix, names[i]);
            rc = load_file(s, path, shown, names[i][0] == 'h' ? TAX_HS : TAX_ISIC, err);
        }
        free(names[i]);
    }
    return rc;
}

static int resolve(load_state *s, hk_err *err)
{
    tax *t = s->t;
    for (size_t k = 0; k < t->n; k++) {
        tax_node *nd = &t->nodes[k];
        if (!s->parents[k])
            continue;
        int32_t p = tax_find(t, (tax_scheme)nd->scheme, s->parents[k]);
        if (p < 0)
            return hk_err_set(err, HK_EINVAL, s->wheres[k], "parent %.20s of %s is not in the taxonomy",
                              s->parents[k], nd->code);
        if (t->nodes[p].level + 1 != nd->level)
            return hk_err_set(err, HK_EINVAL, s->wheres[k], "%s cannot be the parent of %s",
                              t->nodes[p].code, nd->code);
        /* By structure a chapter/heading/subheading starts with its parent's code. */
        if (nd->level > TAX_LEVEL_2 && strncmp(nd->code, t->nodes[p].code, strlen(t->nodes[p].code)) != 0)
            return hk_err_set(err, HK_EINVAL, s->wheres[k], "%s does not start with its parent %s", nd->code,
                              t->nodes[p].code);
        nd->parent = p;
        t->nodes[p].n_children++;
    }
    /* Crosswalk: heading -> groups from the isic column, and the reverse. */
    for (size_t i = 0; i < s->n_xw; i++) {
        pending_xwalk *px = &s->xw[i];
        tax_node *nd = &t->nodes[px->node];
        if (nd->scheme != TAX_HS)
            return hk_err_set(err, HK_EINVAL, px->where, "only HS codes carry ISIC groups");
        char *save = NULL;
        for (char *g = strtok_r(px->groups, "|", &save); g; g = strtok_r(NULL, "|", &save)) {
            int32_t gi = tax_find(t, TAX_ISIC, g);
            if (gi < 0)
                return hk_err_set(err, HK_EINVAL, px->where, "ISIC %.20s (crosswalk of %s) is not in the taxonomy",
                                  g, nd->code);
            tax_node *gn = &t->nodes[gi];
            int32_t *a = realloc(nd->xwalk, (nd->n_xwalk + 1) * sizeof *a);
            if (!a)
                return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
            nd->xwalk = a;
            nd->xwalk[nd->n_xwalk++] = gi;
            int32_t *b = realloc(gn->xwalk, (gn->n_xwalk + 1) * sizeof *b);
            if (!b)
                return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
            gn->xwalk = b;
            gn->xwalk[gn->n_xwalk++] = px->node;
        }
    }
    return 0;
}

int tax_load(const char *dir, text_analyzer *a, tax **out, hk_err *err)
{
    tax *t = calloc(1, sizeof *t);
    if (!t)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    t->analyzer = a;
    pthread_rwlock_init(&t->lock, NULL);
    pthread_mutex_init(&t->edit_lock, NULL);
    load_state s = {.t = t};
    int rc = map_rebuild(t, err);
    if (!rc)
        rc = load_dir(&s, dir, "", true, err);
    if (!rc) {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/imported", dir);
        s.imported = true;
        rc = load_dir(&s, sub, "imported/", false, err);
    }
    if (!rc && t->n == 0)
        rc = hk_err_set(err, HK_EINVAL, dir, "no taxonomy files (hs*.tsv, isic*.tsv) found");
    if (!rc)
        rc = resolve(&s, err);
    if (!rc && a)
        rc = tax_model_build(t, err);
    if (!rc && a)
        rc = tax_terms_build(t, err);
    for (size_t k = 0; k < t->n; k++)
        free(s.parents[k]);
    free(s.parents);
    free(s.wheres);
    for (size_t i = 0; i < s.n_xw; i++)
        free(s.xw[i].groups);
    free(s.xw);
    if (rc) {
        tax_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void tax_free(tax *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->n; k++) {
        for (int l = 0; l < TAX__LANGS; l++) {
            free(t->nodes[k].label[l]);
            free(t->nodes[k].syn[l]);
        }
        free(t->nodes[k].xwalk);
    }
    if (t->terms)
        for (size_t k = 0; k < t->n; k++)
            free(t->terms[k]);
    free(t->terms);
    free(t->nodes);
    free(t->map);
    tax_model_free(&t->model);
    for (size_t i = 0; i < t->n_retired; i++)
        free(t->retired[i]);
    free(t->retired);
    pthread_rwlock_destroy(&t->lock);
    pthread_mutex_destroy(&t->edit_lock);
    free(t);
}
