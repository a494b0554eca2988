/*
 * auth_keyfile.c - the server's token key on disk: one line of 43
 * base64url characters in a file beside the database, readable by its
 * owner only, made on first use. The key is kept out of the database so
 * that a copy of the database alone lets nobody test guesses of session
 * ids or API tokens (docs/security.md, "The server key").
 */
#include "auth/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_key(const char *path, auth_key *key, hk_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return hk_err_set(err, HK_EIO, "key", "cannot read %s: %s", path, strerror(errno));
    char line[128];
    int ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return hk_err_set(err, HK_EINVAL, "key", "%s is empty", path);
    line[strcspn(line, "\r\n")] = '\0';
    return auth_key_from_text(key, line, "key", err);
}

int auth_key_load_or_create(const char *path, auth_key *key, bool *created, hk_err *err)
{
    if (created)
        *created = false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return read_key(path, key, err);
        return hk_err_set(err, HK_EIO, "key", "cannot create %s: %s", path, strerror(errno));
    }
    auth_key_generate(key);
    char text[AUTH_KEY_B64_LEN + 2];
    auth_key_to_text(key, text);
    size_t n = strlen(text);
    text[n++] = '\n';
    int ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    memset(text, 0, sizeof text);
    if (!ok) {
        unlink(path);
        return hk_err_set(err, HK_EIO, "key", "cannot write %s", path);
    }
    if (created)
        *created = true;
    return 0;
}
