/*
 * http_static.c - the web UI's files from web/. Paths are checked before
 * they touch the file system (no "..", no hidden files, a short list of
 * safe characters); a path with no file extension that is not a file gets
 * index.html, so the single-page app can own its routes.
 */
#include "http/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_MAX_FILE (8u << 20)

static const char *type_of(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},  {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return NULL;
}

static bool safe_path(const char *p)
{
    if (p[0] != '/' || strstr(p, "..") || strstr(p, "/.") || strstr(p, "//"))
        return false;
    for (const char *c = p; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              strchr("/-_.", *c)))
            return false;
    return strlen(p) < 256;
}

static int read_file(const char *path, char **out, size_t *len)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > STATIC_MAX_FILE)
        return -1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)sb.st_size) {
        free(buf);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

int http_static_resolve(const char *root, const char *url, char *path, size_t cap, const char **type)
{
    *type = NULL;
    if (!root || !safe_path(url) || !strncmp(url, "/api/", 5))
        return -1;
    int n = snprintf(path, cap, "%s%s", root, strcmp(url, "/") ? url : "/index.html");
    if (n < 0 || (size_t)n >= cap)
        return -1; /* a cut path could name another file */
    *type = type_of(path);
    return 0;
}

void http_static(http_req *req, http_resp *resp)
{
    const char *root = req->app->web_root;
    const char *url = req->url;
    char path[512];
    const char *type;
    if (http_static_resolve(root, url, path, sizeof path, &type)) {
        http_problem(resp, 404, "not_found", "No such resource", NULL);
        return;
    }
    char *body;
    size_t len;
    if (!type || read_file(path, &body, &len) != 0) {
        if (strrchr(url, '.') > strrchr(url, '/')) { /* a file name that is not there */
            http_problem(resp, 404, "not_found", "No such resource", NULL);
            return;
        }
        snprintf(path, sizeof path, "%s/index.html", root);
        type = "text/html; charset=utf-8";
        if (read_file(path, &body, &len) != 0) {
            http_problem(resp, 404, "not_found", "No such resource", NULL);
            return;
        }
    }
    resp->status = 200;
    resp->raw = body;
    resp->raw_len = len;
    resp->content_type = type;
    http_etag(resp);
}
