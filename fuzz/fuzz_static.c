/*
 * fuzz_static.c - where a request path lands among the web UI's files
 * (http_static_resolve, http_static.c), before the file system is
 * touched.
 *
 * Input: one byte choosing the web root (a short one, or one near the
 * path buffer's size), then the decoded request path.
 * Invariants for a path accepted: the file is root + path (or root +
 * "/index.html" for "/"), whole, never cut; it has no "..", no "//", no
 * "/." (hidden files), only letters, digits and "/-_."; it is not under
 * /api/; a content type is one of the served ones or none.
 */
#include "fuzz_util.h"
#include "http/http_int.h"

#define PATH_CAP 512 /* the buffer http_static uses */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char root[PATH_CAP];
    /* Roots of 8 to 504 bytes: "/srv/web" padded with "/x" segments. */
    size_t rl = 8 + (size_t)(data[0] % 63) * 8;
    memcpy(root, "/srv/web", 8);
    for (size_t i = 8; i < rl; i += 2)
        memcpy(root + i, "/x", 2);
    root[rl] = '\0';
    char *url = fuzz_strndup(data + 1, size - 1);
    char path[PATH_CAP];
    const char *type = NULL;
    if (http_static_resolve(root, url, path, sizeof path, &type) == 0) {
        size_t pl = strlen(path);
        FUZZ_CHECK(pl < sizeof path, "path not terminated");
        FUZZ_CHECK(!strncmp(path, root, rl), "%s is not under %s", path, root);
        const char *rest = path + rl;
        FUZZ_CHECK(!strcmp(rest, strcmp(url, "/") ? url : "/index.html"), "%s for %s", path, url);
        FUZZ_CHECK(rest[0] == '/' && !strstr(rest, "..") && !strstr(rest, "//") && !strstr(rest, "/."),
                   "unsafe %s", rest);
        FUZZ_CHECK(strncmp(rest, "/api/", 5) != 0, "an API path served as a file: %s", rest);
        for (const char *c = rest; *c; c++)
            FUZZ_CHECK(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.", *c),
                       "byte 0x%02x in a served path", (unsigned char)*c);
        FUZZ_CHECK(!type || strchr(path, '.'), "a type for a path with no extension: %s", path);
    } else {
        FUZZ_CHECK(type == NULL, "a type for a refused path");
    }
    free(url);
    return 0;
}
