/*
 * tax_lookup.c - questions about codes: is it known, what is its chapter
 * or division, how close are two codes in the hierarchy.
 */
#include "taxonomy/tax_int.h"

#include <string.h>

size_t tax_count(const tax *t) { return t->n; }

const tax_node *tax_node_at(const tax *t, int32_t index)
{
    return index >= 0 && (size_t)index < t->n ? &t->nodes[index] : NULL;
}

int tax_scheme_parse(const char *s)
{
    if (!strcmp(s, "hs"))
        return TAX_HS;
    if (!strcmp(s, "isic"))
        return TAX_ISIC;
    return -1;
}

const char *tax_scheme_name(tax_scheme s) { return s == TAX_HS ? "hs" : "isic"; }

bool tax_code_known(void *ctx, const char *scheme_name, const char *code)
{
    const tax *t = ctx;
    int scheme = tax_scheme_parse(scheme_name);
    if (scheme < 0)
        return false;
    if (tax_find(t, (tax_scheme)scheme, code) >= 0)
        return true;
    /* A finer code than the shipped lists hold is accepted under a known
     * parent until a finer official list is imported; from then on the
     * imported list decides. */
    size_t len = strlen(code);
    size_t finest = scheme == TAX_HS ? 6 : 4;
    if (len != finest || t->has_finer[scheme])
        return false;
    char parent[8];
    memcpy(parent, code, len - (scheme == TAX_HS ? 2 : 1));
    parent[len - (scheme == TAX_HS ? 2 : 1)] = '\0';
    for (size_t i = 0; i < len; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    return tax_find(t, (tax_scheme)scheme, parent) >= 0;
}

int32_t tax_ancestor(const tax *t, int32_t index, tax_level level)
{
    while (index >= 0 && t->nodes[index].level > level)
        index = t->nodes[index].parent;
    return index >= 0 && t->nodes[index].level == level ? index : -1;
}

/* The section of a code by structure: through its chapter/division when
 * the taxonomy knows it. */
static int32_t section_of(const tax *t, tax_scheme scheme, const char *code)
{
    char two[3] = {code[0], code[1], '\0'};
    int32_t k = tax_find(t, scheme, two);
    return k >= 0 ? t->nodes[k].parent : -1;
}

int tax_shared_depth(const tax *t, tax_scheme scheme, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < 2 || lb < 2)
        return 0;
    int32_t sa = section_of(t, scheme, a), sb = section_of(t, scheme, b);
    if (sa < 0 || sa != sb)
        return 0;
    /* Digits shared, in steps of the scheme's levels: HS 2/4/6, ISIC 2/3/4. */
    static const size_t hs_steps[] = {2, 4, 6}, isic_steps[] = {2, 3, 4};
    const size_t *steps = scheme == TAX_HS ? hs_steps : isic_steps;
    int depth = 1;
    for (int i = 0; i < 3; i++) {
        size_t n = steps[i];
        if (la < n || lb < n || memcmp(a, b, n) != 0)
            break;
        depth++;
    }
    return depth;
}
