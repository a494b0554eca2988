/*
 * tax_store.c - laying the secretariat's labels and synonyms, kept in
 * the store (store_taxonomy.c), over the taxonomy that tax_load read from
 * data/taxonomy/. The server and the commands that load the taxonomy next
 * to a store call it once, right after tax_load, so that every process
 * shows and infers with the same wording.
 *
 * The only file of src/taxonomy/ that knows the store: the taxonomy is
 * loaded before any store is opened (the store checks codes against it),
 * and this step comes after both.
 */
#include "taxonomy/tax_int.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

typedef struct apply_ctx {
    tax *t;
    int rc;                  /* a failure that stops the whole start */
    hk_err *err;
} apply_ctx;

static int apply_row(const store_tax_label *r, void *ctx)
{
    apply_ctx *c = ctx;
    int scheme = tax_scheme_parse(r->scheme);
    hk_err e;
    hk_err_clear(&e);
    int rc = scheme < 0 ? hk_err_set(&e, HK_EINVAL, "scheme", "unknown scheme")
                        : tax_relabel(c->t, (tax_scheme)scheme, r->code, r->label, r->synonyms, &e);
    if (rc == HK_ENOMEM) {
        c->rc = hk_err_set(c->err, rc, NULL, "applying the stored labels of %s %s: out of memory", r->scheme,
                           r->code);
        return 1;
    }
    /* The files changed under the stored row (a code withdrawn from
     * data/taxonomy/) or the rules did: serving with the shipped
     * wording of one code beats not starting at all. */
    if (rc == HK_ENOTFOUND)
        fprintf(stderr, "hamkor: warning: the stored labels of %s code %s are skipped: the code is not in the "
                        "taxonomy any more\n",
                r->scheme, r->code);
    else if (rc)
        fprintf(stderr, "hamkor: warning: the stored labels of %s code %s are skipped: %s %s\n", r->scheme,
                r->code, e.field, e.msg);
    return 0;
}

int tax_apply_store(tax *t, struct hk_store *st, hk_err *err)
{
    apply_ctx c = {t, 0, err};
    int rc = store_tax_label_each(st, apply_row, &c, err);
    return rc ? rc : c.rc;
}
