/*
 * idx_filters.c - the stored form of search filters: a JSON object of
 * facet names (idx_facet_parse) to a value or an array of values, e.g.
 * {"country":["CN","KZ"],"hs":"7616"}. A saved search keeps its filters in
 * this form (the store holds the text as given; the HTTP handler that
 * creates saved searches checks it here first), and match_alerts.c turns
 * it back into an idx_query. The format belongs to the index because the
 * facet names and the limits on values are the index's own.
 */
#include "index/index.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk_utf8.h"

static int check_value(const char *key, size_t i, json_t *v, hk_err *err)
{
    /* key is a facet name (a few letters), i below IDX_MAX_FILTER_VALUES;
     * the bounds only keep the compiler sure that field is big enough. */
    char field[64];
    if (i == (size_t)-1)
        snprintf(field, sizeof field, "filters.%.20s", key);
    else
        snprintf(field, sizeof field, "filters.%.20s[%zu]", key, i);
    if (!json_is_string(v))
        return hk_err_set(err, HK_EINVAL, field, "%s: a filter value is a string", field);
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    if (len == 0 || len > IDX_FILTER_VALUE_MAX || !hk_utf8_valid(s, len))
        return hk_err_set(err, HK_EINVAL, field, "%s: a filter value is 1 to %d bytes of UTF-8", field,
                          IDX_FILTER_VALUE_MAX);
    return 0;
}

int idx_filters_canonical(const char *json, char **out, hk_err *err)
{
    if (out)
        *out = NULL;
    if (!json || !*json)
        return 0;
    if (strlen(json) > IDX_FILTERS_MAX)
        return hk_err_set(err, HK_ETOOBIG, "filters", "filters: at most %d bytes of JSON", IDX_FILTERS_MAX);
    json_error_t je;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return hk_err_set(err, HK_EINVAL, "filters", "filters: not valid JSON (%s at character %d)", je.text,
                          je.position);
    int rc = 0;
    if (!json_is_object(root)) {
        rc = hk_err_set(err, HK_EINVAL, "filters", "filters: a JSON object of facet names to values");
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (idx_facet_parse(key) < 0) {
            rc = hk_err_set(err, HK_EINVAL, "filters",
                            "filters: \"%.40s\" is not a facet (country, org_type, kind, direction, hs, isic, sme, "
                            "tier)",
                            key);
            goto done;
        }
        if (json_is_array(v)) {
            size_t n = json_array_size(v);
            if (n == 0 || n > IDX_MAX_FILTER_VALUES) {
                rc = hk_err_set(err, HK_EINVAL, "filters", "filters.%.40s: 1 to %d values", key,
                                IDX_MAX_FILTER_VALUES);
                goto done;
            }
            for (size_t i = 0; i < n; i++)
                if ((rc = check_value(key, i, json_array_get(v, i), err)))
                    goto done;
        } else if ((rc = check_value(key, (size_t)-1, v, err))) {
            goto done;
        }
    }
    if (out && json_object_size(root) > 0) {
        *out = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
        if (!*out)
            rc = hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    }
done:
    json_decref(root);
    return rc;
}
