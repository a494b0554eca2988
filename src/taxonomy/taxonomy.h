/*
 * taxonomy.h - the trilingual classification that bridges languages
 * (BRIEF 4.3): HS 2022 (sections, chapters, headings, and six-digit
 * subheadings when imported) and ISIC Rev.4 (sections, divisions, groups,
 * and classes when imported), each code with labels and search synonyms in
 * English, Russian and Chinese, and the HS->ISIC crosswalk.
 *
 * The data lives in data/taxonomy/ (TSV files) (docs/taxonomy-data.md); tax_load
 * reads it once. The secretariat's changes to labels and synonyms are kept
 * in the store and laid over the files (tax_apply_store) at every start.
 * A loaded tax is immutable except for tax_learn and tax_relabel, which
 * take a write lock: any number of threads may look up and classify
 * concurrently, and read labels through tax_label()/tax_synonyms().
 *
 *   tax_load.c      reading and checking the TSV files, the code table
 *   tax_lookup.c    lookups, hierarchy, crosswalk, tax_code_known
 *   tax_infer.c     code inference from free text (tax_classify, tax_learn)
 *   tax_suggest.c   autocomplete over labels in any language
 *   tax_import.c    loading a fuller official list from CSV
 *   tax_edit.c      changing a code's labels and synonyms while serving
 *   tax_store.c     applying the labels kept in the store at start
 */
#ifndef HK_TAXONOMY_H
#define HK_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk_err.h"
#include "text/text.h"

typedef enum { TAX_HS, TAX_ISIC } tax_scheme;

/* Levels: HS section/chapter/heading/subheading; ISIC section/division/
 * group/class. The same four depths for both schemes. */
typedef enum { TAX_LEVEL_SECTION, TAX_LEVEL_2, TAX_LEVEL_3, TAX_LEVEL_4 } tax_level;

typedef enum { TAX_EN, TAX_RU, TAX_ZH, TAX__LANGS } tax_lang;

typedef struct tax tax;

typedef struct tax_node {
    char code[8];            /* "XV", "76", "7616", "761699"; "C", "24", "243", "2431" */
    uint8_t scheme;          /* tax_scheme */
    uint8_t level;           /* tax_level */
    int32_t parent;          /* node index, -1 for a section */
    /* Labels and synonyms may be replaced by tax_relabel while other
     * threads read them: outside src/taxonomy/ read them only through
     * tax_label() and tax_synonyms(), never these fields. */
    char *label[TAX__LANGS]; /* all three present; owned by the tax */
    char *syn[TAX__LANGS];   /* '|'-separated synonyms or NULL; owned */
    int32_t *xwalk;          /* HS heading -> ISIC groups, ISIC group -> HS headings (node indexes) */
    uint32_t n_xwalk;
    uint32_t n_children;
} tax_node;

/* Loads every *.tsv of dir (and dir/imported/) into a new tax. The
 * analyzer (not owned, must outlive the tax) is used for inference and
 * suggestions. Errors name "file:line". */
int tax_load(const char *dir, text_analyzer *a, tax **out, hk_err *err);
void tax_free(tax *t);

size_t tax_count(const tax *t);
const tax_node *tax_node_at(const tax *t, int32_t index);
/* Index of scheme's code, or -1. */
int32_t tax_find(const tax *t, tax_scheme scheme, const char *code);
/* "hs"/"isic" -> scheme; -1 otherwise. */
int tax_scheme_parse(const char *s);
const char *tax_scheme_name(tax_scheme s);

/* store_code_known_fn: known exactly, or a six-digit HS / four-digit ISIC
 * code whose parent is known when no finer codes were imported under that
 * parent. ctx is the tax. */
bool tax_code_known(void *ctx, const char *scheme, const char *code);

/* The ancestor of index at level, or -1 (e.g. the chapter of a heading). */
int32_t tax_ancestor(const tax *t, int32_t index, tax_level level);
/* How many levels two codes of one scheme share (0 = different sections,
 * 4 = same subheading/class). Codes need not be in the taxonomy: this is
 * by code structure, the section found through the taxonomy. */
int tax_shared_depth(const tax *t, tax_scheme scheme, const char *a, const char *b);

/* ---- inference ---- */
typedef struct tax_hit {
    int32_t node;            /* node index */
    double score;            /* > 0; comparable within one call only */
} tax_hit;

typedef struct tax_result {
    tax_hit *hs;  size_t n_hs;   /* best first; from malloc() */
    tax_hit *isic; size_t n_isic;
} tax_result;

void tax_result_free(tax_result *r);

/* The most likely HS headings and ISIC groups for text (any language; lang
 * may be NULL to detect), at most limit of each. No hit is not an error. */
int tax_classify(tax *t, const char *text, size_t len, const char *lang, size_t limit, tax_result *out,
                 hk_err *err);

/* The same for a text the caller has analysed already (text_analyze with
 * any flags: cross-script keys are not used), so that a search analyses
 * its query once for its words, its codes and its highlights. */
int tax_classify_tokens(tax *t, const text_tokens *toks, size_t limit, tax_result *out, hk_err *err);

/* Adds a classified example (a listing's text and its codes) to the model. */
int tax_learn(tax *t, const char *text, size_t len, const char *lang, const char *const *hs, size_t n_hs,
              const char *const *isic, size_t n_isic, hk_err *err);

/* ---- suggestions (autocomplete) ---- */
/* Codes of scheme whose code, label or synonym in any language matches
 * query, the last word as a prefix; best first. */
int tax_suggest(tax *t, tax_scheme scheme, const char *query, size_t limit, tax_hit **out, size_t *n,
                hk_err *err);

/* ---- labels, and changing them (tax_edit.c) ---- */
#define TAX_LABEL_MAX 200            /* code points of one label */
#define TAX_SYNONYM_MAX 100          /* code points of one synonym */
#define TAX_SYNONYMS_MAX_BYTES 2000  /* bytes of one language's '|'-joined synonyms */

/* The node's label (never NULL) and '|'-separated synonyms (NULL when
 * none) in lang. Safe from any thread, without a lock, while another
 * relabels: the pointer is read atomically and a replaced string stays
 * valid until tax_free. Two calls may see one old and one new value. */
const char *tax_label(const tax_node *nd, tax_lang lang);
const char *tax_synonyms(const tax_node *nd, tax_lang lang);

/* Checks a relabel without applying it: the code is known (HK_ENOTFOUND
 * naming "code"); each label is valid UTF-8 of 1..TAX_LABEL_MAX code
 * points without control characters, and not blank; each synonyms value
 * is NULL/"" (none) or '|'-separated synonyms of 1..TAX_SYNONYM_MAX code
 * points, at most TAX_SYNONYMS_MAX_BYTES in all (HK_EINVAL naming
 * "labels.en", "synonyms.ru", ...). */
int tax_relabel_check(const tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                      const char *const synonyms[TAX__LANGS], hk_err *err);
/* Replaces the labels and synonyms of scheme's code in all three
 * languages (synonyms NULL or "" = none), checked as tax_relabel_check,
 * and moves the code's share of the inference model and its suggestion
 * words to the new text: the next tax_suggest and tax_classify use them.
 * Nothing changes when the check fails. */
int tax_relabel(tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                const char *const synonyms[TAX__LANGS], hk_err *err);
/* tax_relabel after persist(ctx, err) succeeded, both under the
 * taxonomy's edit lock, so that concurrent edits reach the caller's
 * store and the taxonomy in the same order. The check runs first:
 * persist is not called for a change that would be refused. Lookups and
 * classification are not blocked while persist runs. */
int tax_relabel_persist(tax *t, tax_scheme scheme, const char *code, const char *const labels[TAX__LANGS],
                        const char *const synonyms[TAX__LANGS], int (*persist)(void *ctx, hk_err *err), void *ctx,
                        hk_err *err);

/* Relabels from every row the store keeps (store_tax_label_each), over
 * what tax_load read from the files; a row whose code is no longer in
 * the taxonomy, or that no longer passes the check, is skipped with a
 * warning on stderr. Fails only when the store cannot be read or memory
 * runs out. */
struct hk_store;
int tax_apply_store(tax *t, struct hk_store *st, hk_err *err);

/* ---- import ---- */
/* Reads an official list from CSV (header with columns code, en and
 * optionally parent, ru, zh, level) and writes it, checked, to
 * dir/imported/<name>.tsv, where tax_load finds it. Nothing is written
 * when any row is bad; errors name "file:line". *added counts new codes. */
int tax_import_csv(const char *dir, const char *csv_path, size_t *added, hk_err *err);

#endif
