/*
 * fuzz_http_headers.c - the request headers the server parses itself:
 * If-Match and If-None-Match entity-tag lists (http_etag_listed,
 * http_resp.c, used by http_send and http_if_match) and Last-Event-ID
 * (http_sse_parse_last_event_id, http_sse.c), and the ETags it makes
 * (http_etag over a raw body).
 *
 * Input: one selector byte, then the header value.
 *   selector % 2 == 0: an entity-tag list; 1: a Last-Event-ID value.
 * Invariants:
 * - an ETag is a quoted 16-digit lower-case hex string;
 * - a list matches an ETag only if it holds the ETag's text; a strong
 *   match is also a weak one; the ETag alone, W/ + ETag (weak only), and
 *   the list with the ETag added before or after always match;
 * - a Last-Event-ID accepted is written back by "%lld" as it came (digits,
 *   no sign, no leading zero, no overflow), and is never negative.
 */
#include <inttypes.h>

#include "fuzz_util.h"
#include "http/http_int.h"

/* A quoted 16-digit lower-case hex string, as http_etag makes them. */
static bool etag_shaped(const char *e)
{
    if (strlen(e) != 18 || e[0] != '"' || e[17] != '"')
        return false;
    for (int i = 1; i < 17; i++)
        if (!e[i] || !strchr("0123456789abcdef", e[i]))
            return false;
    return true;
}

static void etag_lists(const char *list, size_t len)
{
    http_resp resp;
    memset(&resp, 0, sizeof resp);
    resp.raw = (char *)list;
    resp.raw_len = len;
    http_etag(&resp);
    FUZZ_CHECK(etag_shaped(resp.etag), "ETag %s", resp.etag);

    /* Tags to hold the list against: the list's own body's, and one
     * found in the list, when it has something of that shape. */
    const char *tags[2] = {resp.etag, NULL};
    char found[19];
    const char *q = strchr(list, '"');
    if (q && strlen(q) >= 18) {
        memcpy(found, q, 18);
        found[18] = '\0';
        if (etag_shaped(found))
            tags[1] = found;
    }
    for (int t = 0; t < 2 && tags[t]; t++) {
        const char *etag = tags[t];
        bool strong = http_etag_listed(list, etag, false), weak = http_etag_listed(list, etag, true);
        FUZZ_CHECK(!strong || weak, "a strong match that is not a weak one: %s in [%s]", etag, list);
        FUZZ_CHECK(!weak || strstr(list, etag), "%s matched in [%s], which does not hold it", etag, list);

        size_t n = strlen(list) + 64;
        char *buf = malloc(n);
        FUZZ_CHECK(buf != NULL, "out of memory");
        snprintf(buf, n, "%s, %s", list, etag);
        FUZZ_CHECK(http_etag_listed(buf, etag, false), "not found when last: [%s]", buf);
        snprintf(buf, n, "%s,%s", etag, list);
        FUZZ_CHECK(http_etag_listed(buf, etag, false), "not found when first: [%s]", buf);
        snprintf(buf, n, "W/%s", etag);
        FUZZ_CHECK(http_etag_listed(buf, etag, true) && !http_etag_listed(buf, etag, false),
                   "W/ tag compared wrongly: [%s]", buf);
        FUZZ_CHECK(http_etag_listed(etag, etag, false), "the tag alone does not match: %s", etag);
        free(buf);
    }
}

static void last_event_id(const char *v)
{
    int64_t id = -2;
    if (http_sse_parse_last_event_id(v, &id))
        return;
    FUZZ_CHECK(id >= 0, "Last-Event-ID [%s] read as %" PRId64, v, id);
    char back[32];
    snprintf(back, sizeof back, "%" PRId64, id);
    FUZZ_CHECK(!strcmp(back, v), "Last-Event-ID [%s] read as %s", v, back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    char *v = fuzz_strndup(data + 1, size - 1);
    if (data[0] % 2 == 0)
        etag_lists(v, strlen(v));
    else
        last_event_id(v);
    free(v);
    return 0;
}
