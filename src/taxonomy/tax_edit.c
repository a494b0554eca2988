/*
 * tax_edit.c - changing a code's labels and synonyms while the server
 * answers lookups and classifies: the secretariat's administration of
 * the taxonomy (docs/taxonomy.md, "Administration"). Adding codes is not
 * done here; it stays with `hamkor import-taxonomy` (tax_import.c).
 *
 * A relabel touches three things that readers use concurrently: the
 * node's label and synonym strings, its suggestion words (t->terms) and
 * its share of the inference model (tax_infer.c). The last two are only
 * read under t->lock, so they change under the write lock. The strings
 * are also read without any lock, through tax_label()/tax_synonyms(), by
 * code that holds a node from tax_node_at() (the HTTP answers, the
 * classify command). For them the pointer is published with a release
 * store and read with an acquire load, and a replaced string is not
 * freed but retired until tax_free: a reader that loaded the old pointer
 * just before the swap still reads a whole, valid string. Relabels are
 * rare administrative acts, so the retired strings are a few kilobytes
 * over a server's lifetime.
 */
#include "taxonomy/tax_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"

static const char *const lang_names[TAX__LANGS] = {"en", "ru", "zh"};

const char *tax_label(const tax_node *nd, tax_lang lang)
{
    return __atomic_load_n(&nd->label[lang], __ATOMIC_ACQUIRE);
}

const char *tax_synonyms(const tax_node *nd, tax_lang lang)
{
    return __atomic_load_n(&nd->syn[lang], __ATOMIC_ACQUIRE);
}

/* A C0 or C1 control character, or DEL: none belongs in a label (they
 * would also break the TSV form the labels share with data/taxonomy/). */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Checks one piece of text (a label, or one synonym) of len bytes: valid
 * UTF-8, no control characters, not blank, 1..max code points. what says
 * what it is in messages ("", "synonym 2 "). */
static int check_text(const char *field, const char *what, const char *s, size_t len, size_t max, hk_err *err)
{
    if (!hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, field, "%sis not valid UTF-8", what);
    size_t cps = 0;
    bool blank = true;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)hk_utf8_decode(s + i, &cp);
        if (is_control(cp))
            return hk_err_set(err, HK_EINVAL, field, "%scontains a control character (U+%04X)", what, (unsigned)cp);
        if (cp != ' ' && cp != 0x3000 && cp != 0xa0)
            blank = false;
        cps++;
    }
    if (!cps || blank)
        return hk_err_set(err, HK_EINVAL, field, "%smust not be empty", what);
    if (cps > max)
        return hk_err_set(err, HK_EINVAL, field, "%sis %zu characters long; at most %zu are allowed", what, cps, max);
    return 0;
}

int tax_relabel_check(const tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                      const char *const synonyms[TAX__LANGS], hk_err *err)
{
    if (!code || tax_find(t, scheme, code) < 0)
        return hk_err_set(err, HK_ENOTFOUND, "code", "no %s code %.16s in the taxonomy (new codes come with "
                                                     "hamkor import-taxonomy)",
                          scheme == TAX_HS ? "HS" : "ISIC", code ? code : "");
    char field[32];
    for (int l = 0; l < TAX__LANGS; l++) {
        snprintf(field, sizeof field, "labels.%s", lang_names[l]);
        if (!labels || !labels[l])
            return hk_err_set(err, HK_EINVAL, field, "is required");
        int rc = check_text(field, "", labels[l], strlen(labels[l]), TAX_LABEL_MAX, err);
        if (rc)
            return rc;
    }
    for (int l = 0; synonyms && l < TAX__LANGS; l++) {
        const char *s = synonyms[l];
        if (!s || !*s)
            continue;
        snprintf(field, sizeof field, "synonyms.%s", lang_names[l]);
        size_t len = strlen(s);
        if (len > TAX_SYNONYMS_MAX_BYTES)
            return hk_err_set(err, HK_EINVAL, field, "are %zu bytes long together; at most %d are allowed", len,
                              TAX_SYNONYMS_MAX_BYTES);
        int n = 0;
        for (const char *p = s;;) {
            const char *bar = strchr(p, '|');
            size_t one = bar ? (size_t)(bar - p) : strlen(p);
            char what[32];
            snprintf(what, sizeof what, "synonym %d ", ++n);
            int rc = check_text(field, what, p, one, TAX_SYNONYM_MAX, err);
            if (rc)
                return rc;
            if (!bar)
                break;
            p = bar + 1;
        }
    }
    return 0;
}

/* Makes room for n more retired strings, so that retiring cannot fail
 * once the swap has begun. Caller holds t->lock for writing. */
static int retired_reserve(tax *t, size_t n)
{
    if (t->n_retired + n <= t->cap_retired)
        return 0;
    size_t cap = t->cap_retired ? t->cap_retired * 2 : 32;
    while (cap < t->n_retired + n)
        cap *= 2;
    char **v = realloc(t->retired, cap * sizeof *v);
    if (!v)
        return HK_ENOMEM;
    t->retired = v;
    t->cap_retired = cap;
    return 0;
}

static void retire(tax *t, char *s)
{
    if (s)
        t->retired[t->n_retired++] = s;
}

/* The relabel itself; caller holds t->edit_lock and has checked. */
static int relabel_locked(tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                          const char *const synonyms[TAX__LANGS], hk_err *err)
{
    int32_t k = tax_find(t, scheme, code);
    char *nl[TAX__LANGS] = {0}, *ns[TAX__LANGS] = {0}, *terms = NULL;
    int rc = 0;
    for (int l = 0; l < TAX__LANGS && !rc; l++) {
        const char *syn = synonyms ? synonyms[l] : NULL;
        if (!(nl[l] = strdup(labels[l])) || (syn && *syn && !(ns[l] = strdup(syn))))
            rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    /* The suggestion words are analysed before the lock is taken: they
     * depend on the new text only. */
    if (!rc && t->terms)
        rc = tax_terms_of(t->analyzer, (const char *const *)nl, (const char *const *)ns, &terms, err);
    if (rc) {
        for (int l = 0; l < TAX__LANGS; l++) {
            free(nl[l]);
            free(ns[l]);
        }
        return rc;
    }
    pthread_rwlock_wrlock(&t->lock);
    tax_node *nd = &t->nodes[k];
    if (retired_reserve(t, 2 * TAX__LANGS)) {
        pthread_rwlock_unlock(&t->lock);
        free(terms);
        for (int l = 0; l < TAX__LANGS; l++) {
            free(nl[l]);
            free(ns[l]);
        }
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
    /* A tax loaded without an analyzer (the code check of the import
     * commands) has neither model nor suggestion words. */
    if (t->analyzer)
        rc = tax_model_relabel(t, k, (const char *const *)nd->label, (const char *const *)nd->syn,
                               (const char *const *)nl, (const char *const *)ns, err);
    if (t->terms) {
        free(t->terms[k]);
        t->terms[k] = terms;
    }
    for (int l = 0; l < TAX__LANGS; l++) {
        retire(t, nd->label[l]);
        retire(t, nd->syn[l]);
        __atomic_store_n(&nd->label[l], nl[l], __ATOMIC_RELEASE);
        __atomic_store_n(&nd->syn[l], ns[l], __ATOMIC_RELEASE);
    }
    pthread_rwlock_unlock(&t->lock);
    return rc;
}

int tax_relabel_persist(tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                        const char *const synonyms[TAX__LANGS], int (*persist)(void *ctx, hk_err *err), void *ctx,
                        hk_err *err)
{
    int rc = tax_relabel_check(t, scheme, code, labels, synonyms, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&t->edit_lock);
    if (persist)
        rc = persist(ctx, err);
    if (!rc)
        rc = relabel_locked(t, scheme, code, labels, synonyms, err);
    pthread_mutex_unlock(&t->edit_lock);
    return rc;
}

int tax_relabel(tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                const char *const synonyms[TAX__LANGS], hk_err *err)
{
    return tax_relabel_persist(t, scheme, code, labels, synonyms, NULL, NULL, err);
}
