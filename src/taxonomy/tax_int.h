/*
 * tax_int.h - private layout of a loaded taxonomy, shared by the files of
 * src/taxonomy/ (see taxonomy.h for who does what).
 */
#ifndef HK_TAX_INT_H
#define HK_TAX_INT_H

#include <pthread.h>

#include "taxonomy/taxonomy.h"

/* Inference model: for each feature (analysed term), the codes it points
 * to with weights. Built from labels and synonyms at load, grown by
 * tax_learn. Kept in an open-addressing table of features. */
typedef struct tax_posting {
    int32_t node;
    float weight;
} tax_posting;

typedef struct tax_feature {
    char *term;              /* "s:лит", "b:压铸", "w:casting"; from malloc() */
    tax_posting *v;          /* from malloc() */
    uint32_t n, cap;
    float df;                /* number of distinct codes it points to */
} tax_feature;

typedef struct tax_model {
    tax_feature *slots;      /* open addressing; term NULL = empty */
    size_t cap, used;
    double n_docs;           /* codes with any feature, for idf */
} tax_model;

struct tax {
    tax_node *nodes;         /* from malloc(); index = node id */
    size_t n, cap;
    int32_t *map;            /* open addressing over nodes by (scheme, code); -1 empty */
    size_t map_cap;
    bool has_finer[2];       /* per scheme: any level-4 code was loaded */
    text_analyzer *analyzer; /* not owned */
    tax_model model;
    char **terms;            /* per node: '\n'-joined normalised words of its
                              * labels and synonyms (lang-tagged "L:word"),
                              * for suggestions; built with the model */
    pthread_rwlock_t lock;   /* write-held by tax_learn and tax_relabel, read-held
                              * by classify/suggest */
    pthread_mutex_t edit_lock; /* serialises relabels (tax_edit.c), held across
                              * the caller's store write so that the store and
                              * memory see concurrent edits in one order */
    char **retired;          /* labels and synonyms replaced by tax_relabel,
                              * kept (from malloc()) until tax_free because a
                              * reader without the lock may still hold one */
    size_t n_retired, cap_retired;
};

/* Adds term -> (node, weight) to the model (weights of repeats add up). */
int tax_model_add(tax_model *m, const char *term, int32_t node, float weight);
const tax_feature *tax_model_get(const tax_model *m, const char *term);
void tax_model_free(tax_model *m);
/* Analyses text and calls fn for each feature term (with its weight
 * factor). Shared by building, learning and classifying so they agree. */
int tax_features(text_analyzer *a, const char *text, size_t len, const char *lang,
                 int (*fn)(void *ctx, const char *term, float w), void *ctx, hk_err *err);
/* The same for text already analysed (cross-script keys are not used). */
int tax_features_of(const text_tokens *toks, int (*fn)(void *ctx, const char *term, float w), void *ctx,
                    hk_err *err);
/* Builds t->terms for suggestions (tax_suggest.c). */
int tax_terms_build(tax *t, hk_err *err);
/* Builds the model from the labels and synonyms of every node. */
int tax_model_build(tax *t, hk_err *err);
/* Moves node k's share of the model from its old labels and synonyms to
 * new ones: its own terms when it is a heading/group, and the parent
 * terms its label gives its headings/groups when it is a chapter/
 * division. Exactly the weighting of tax_model_build; postings whose
 * weight falls to zero are dropped. Caller holds t->lock for writing.
 * Only an allocation can fail, and then the model may lack some of the
 * new terms until the next load. */
int tax_model_relabel(tax *t, int32_t k, const char *const old_labels[TAX__LANGS],
                      const char *const old_syns[TAX__LANGS], const char *const new_labels[TAX__LANGS],
                      const char *const new_syns[TAX__LANGS], hk_err *err);
/* The suggestion words (t->terms entry) of labels and synonyms, into
 * *out (from malloc()). */
int tax_terms_of(text_analyzer *a, const char *const labels[TAX__LANGS], const char *const syns[TAX__LANGS],
                 char **out, hk_err *err);

/* Level of code in scheme by its form, or -1 when it has no valid form. */
int tax_code_level(tax_scheme scheme, const char *code);

uint64_t tax_hash(const char *s, size_t n, uint64_t seed);

#endif
