/*
 * http_api_admin.c - the secretariat's registry: countries (their names
 * in the three languages and SCO status). The taxonomy is data shipped in
 * data/taxonomy/ and extended with `hamkor import-taxonomy`; it is not
 * edited through the API.
 */
#include "http/http_int.h"

#include <string.h>

#include "model/model_json.h"

void api_country_put(http_req *req, http_resp *resp)
{
    if (http_require_user(req, resp) || http_authorize(req, resp, AUTH_REGISTRY_ADMIN, NULL))
        return;
    json_t *body = http_body_object(req, resp);
    if (!body)
        return;
    country c;
    memset(&c, 0, sizeof c);
    hk_err err;
    const json_t *iso = json_object_get(body, "iso2");
    if (iso && (!json_is_string(iso) || strcmp(json_string_value(iso), req->code) != 0)) {
        hk_err_set(&err, HK_EINVAL, "iso2", "must be the code in the path (%s) when given", req->code);
        http_error(resp, &err);
    } else {
        if (!iso)
            json_object_set_new(body, "iso2", json_string(req->code));
        if (country_from_json(body, &c, &err) || store_country_put(req->st, &c, &err))
            http_error(resp, &err);
        else
            http_json(resp, 200, country_to_json(&c));
    }
    country_free(&c);
    json_decref(body);
}
