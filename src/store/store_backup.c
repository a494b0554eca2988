/*
 * store_backup.c - backups of a SQLite store as one file, and putting one
 * back (store_backup.h). SQLite is reached directly here, beside its
 * driver (store_drv_sqlite.c), because these work on whole database files
 * (the online backup API, integrity checks, file locks) rather than on
 * records through the driver's interface.
 *
 * A backup is one sqlite3_backup_step(-1): every page is copied inside a
 * single read transaction on the source, which in WAL mode neither waits
 * for nor blocks the server's writer. Copying in smaller steps would let
 * writes in between restart the copy, which under steady load might never
 * finish; the price of one step is a WAL that cannot be checkpointed past
 * the backup's snapshot until it ends (seconds for a few hundred MB).
 */
#include "store/store_backup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define BUSY_MS 5000
#define SHM_DMS_BYTE 128 /* SQLite's WAL-index "dead man switch" lock (walformat.html) */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int lite_fail(sqlite3 *db, const char *what, const char *path, hk_err *err)
{
    return hk_err_set(err, HK_EIO, "", "%s %s: %s", what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

/* One integer from sql on db; -1 when it fails. */
static int64_t int_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Runs pragma (quick_check or integrity_check) on db: 0 when it answers
 * "ok", else HK_EINVAL with its first complaint. */
static int check_pages(sqlite3 *db, const char *pragma, const char *path, hk_err *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA %s(1)", pragma);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return hk_err_set(err, HK_EINVAL, "", "%s: not a SQLite database (%s)", path, sqlite3_errmsg(db));
    int rc = 0;
    int step = sqlite3_step(s);
    if (step != SQLITE_ROW)
        rc = hk_err_set(err, HK_EINVAL, "", "%s: not a SQLite database (%s)", path, sqlite3_errmsg(db));
    else if (strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
        rc = hk_err_set(err, HK_EINVAL, "", "%s: damaged: %s", path, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return rc;
}

/* The hamkor schema version of db: its user_version, which must be set
 * (a hamkor database) and no newer than this binary's. */
static int check_schema(sqlite3 *db, const char *path, int *version, hk_err *err)
{
    int64_t v = int_of(db, "PRAGMA user_version");
    int64_t tables = int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'");
    if (v <= 0 || tables != 1)
        return hk_err_set(err, HK_EINVAL, "", "%s: not a hamkor database (no schema version)", path);
    if (v > store_schema_version())
        return hk_err_set(err, HK_EINVAL, "", "%s: schema version %lld, newer than this hamkor (which knows up to %d)",
                          path, (long long)v, store_schema_version());
    *version = (int)v;
    return 0;
}

static int fsync_path(const char *path, int flags, hk_err *err)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return hk_err_set(err, HK_EIO, "", "cannot open %s: %s", path, strerror(errno));
    int rc = fsync(fd) ? hk_err_set(err, HK_EIO, "", "cannot sync %s: %s", path, strerror(errno)) : 0;
    close(fd);
    return rc;
}

/* fsync of the folder holding path, so that a rename in it is durable. */
static int fsync_parent(const char *path, hk_err *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    return fsync_path(dir, O_RDONLY | O_DIRECTORY, err);
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

pid_t store_sqlite_holder(const char *path)
{
    char shm[PATH_MAX];
    if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm)
        return 0;
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
    pid_t holder = 0;
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        holder = fl.l_pid > 0 ? fl.l_pid : 1;
    close(fd);
    return holder;
}

/* Copies src (main) into the file at dst_path: one backup step. */
static int copy_into(sqlite3 *src, const char *src_path, const char *dst_path, hk_err *err)
{
    sqlite3 *dst = NULL;
    int rc = 0;
    if (sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = lite_fail(dst, "cannot create", dst_path, err);
        sqlite3_close(dst);
        return rc;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        rc = lite_fail(dst, "cannot start the backup into", dst_path, err);
    } else {
        int step = sqlite3_backup_step(b, -1);
        /* The source's busy timeout does not cover backup_step: a writer
         * holding the lock (only in rollback mode) is waited for here. */
        for (int waited = 0; (step == SQLITE_BUSY || step == SQLITE_LOCKED) && waited < BUSY_MS; waited += 50) {
            sqlite3_sleep(50);
            step = sqlite3_backup_step(b, -1);
        }
        if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE)
            rc = hk_err_set(err, step == SQLITE_BUSY ? HK_EBUSY : HK_EIO, "", "copying %s: %s", src_path,
                            sqlite3_errmsg(dst));
    }
    /* One self-contained file: the copy carries the source's WAL flag in
     * its header; a rollback journal needs no -wal beside it. */
    if (!rc && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = lite_fail(dst, "cannot finish", dst_path, err);
    if (!rc)
        rc = check_pages(dst, "quick_check", dst_path, err);
    sqlite3_close(dst);
    return rc;
}

int store_backup_sqlite(const char *db_path, const char *out_path, bool replace, store_backup_info *info,
                        hk_err *err)
{
    int64_t t0 = now_ms();
    memset(info, 0, sizeof *info);
    struct stat sb;
    if (stat(db_path, &sb) != 0)
        return hk_err_set(err, HK_ENOTFOUND, "--db", "no database at %s", db_path);
    if (!replace && stat(out_path, &sb) == 0)
        return hk_err_set(err, HK_ECONFLICT, NULL, "%s exists (--force replaces it)", out_path);
    char part[PATH_MAX];
    if ((size_t)snprintf(part, sizeof part, "%s.part", out_path) >= sizeof part)
        return hk_err_set(err, HK_EINVAL, NULL, "%s: path is too long", out_path);
    unlink(part);
    /* The copy holds password hashes and session hashes: readable by its
     * owner only. SQLite keeps the mode of a file that exists. */
    int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return hk_err_set(err, HK_EIO, NULL, "cannot create %s: %s", part, strerror(errno));
    close(fd);
    /* Read-write without create: the server's WAL and -shm are shared,
     * and a missing file must not be made here. */
    sqlite3 *src = NULL;
    int rc = 0;
    if (sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = lite_fail(src, "cannot open", db_path, err);
        sqlite3_close(src);
        return rc;
    }
    sqlite3_busy_timeout(src, BUSY_MS);
    rc = check_schema(src, db_path, &info->schema_version, err);
    if (!rc)
        rc = copy_into(src, db_path, part, err);
    sqlite3_close(src);
    if (!rc)
        rc = fsync_path(part, O_RDONLY, err);
    if (!rc && rename(part, out_path) != 0)
        rc = hk_err_set(err, HK_EIO, NULL, "cannot rename %s to %s: %s", part, out_path, strerror(errno));
    if (!rc)
        rc = fsync_parent(out_path, err);
    if (rc) {
        unlink(part);
        return rc;
    }
    info->bytes = file_size(out_path);
    info->ms = now_ms() - t0;
    return 0;
}

/* Copies the file from into to (created, mode 0600), fsynced. */
static int copy_file(const char *from, const char *to, hk_err *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return hk_err_set(err, HK_ENOTFOUND, NULL, "cannot read %s: %s", from, strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return hk_err_set(err, HK_EIO, "--db", "cannot create %s: %s", to, strerror(errno));
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while (!rc && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = hk_err_set(err, HK_EIO, NULL, "reading %s: %s", from, strerror(errno));
            break;
        }
        for (ssize_t done = 0; !rc && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR)
                rc = hk_err_set(err, HK_EIO, "--db", "writing %s: %s", to, strerror(errno));
            else if (w > 0)
                done += w;
        }
    }
    if (!rc && fsync(out) != 0)
        rc = hk_err_set(err, HK_EIO, "--db", "cannot sync %s: %s", to, strerror(errno));
    close(in);
    close(out);
    return rc;
}

/* Checks the copy at path (integrity, schema) and leaves it in WAL mode,
 * as the server keeps its database. */
static int check_copy(const char *path, const char *shown, int *version, hk_err *err)
{
    sqlite3 *db = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = lite_fail(db, "cannot open", shown, err);
        sqlite3_close(db);
        return rc;
    }
    rc = check_pages(db, "integrity_check", shown, err);
    if (!rc)
        rc = check_schema(db, shown, version, err);
    if (!rc && sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
        rc = lite_fail(db, "cannot prepare", shown, err);
    sqlite3_close(db);
    return rc;
}

/* Moves path+from_suffix to path+to_suffix when it exists (*moved says
 * whether it did; may be NULL). */
static int move_aside(const char *path, const char *from_suffix, const char *to_suffix, bool *moved, hk_err *err)
{
    char a[PATH_MAX], b[PATH_MAX];
    snprintf(a, sizeof a, "%s%s", path, from_suffix);
    snprintf(b, sizeof b, "%s%s", path, to_suffix);
    if (rename(a, b) != 0) {
        if (errno != ENOENT)
            return hk_err_set(err, HK_EIO, "--db", "cannot move %s to %s: %s", a, b, strerror(errno));
        return 0;
    }
    if (moved)
        *moved = true;
    return 0;
}

int store_restore_sqlite(const char *backup_path, const char *db_path, store_backup_info *info, hk_err *err)
{
    int64_t t0 = now_ms();
    memset(info, 0, sizeof *info);
    pid_t holder = store_sqlite_holder(db_path);
    if (holder)
        return hk_err_set(err, HK_ECONFLICT, "--db",
                          "%s is open in process %ld (a running server?): stop it before restoring", db_path,
                          (long)holder);
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.restoring", db_path) >= sizeof tmp)
        return hk_err_set(err, HK_EINVAL, "--db", "path is too long");
    /* The checks run on a copy beside the database, never on the backup
     * itself, which stays as it was whatever happens. */
    int rc = copy_file(backup_path, tmp, err);
    if (!rc)
        rc = check_copy(tmp, backup_path, &info->schema_version, err);
    /* A server may have started meanwhile. */
    if (!rc && (holder = store_sqlite_holder(db_path)))
        rc = hk_err_set(err, HK_ECONFLICT, "--db", "%s is open in process %ld: stop it before restoring", db_path,
                        (long)holder);
    /* The old database and its WAL move aside together (a WAL must never
     * meet another database file); its -shm is rebuilt from the WAL. */
    if (!rc)
        rc = move_aside(db_path, "-wal", ".pre-restore-wal", NULL, err);
    if (!rc)
        rc = move_aside(db_path, "", ".pre-restore", &info->replaced, err);
    if (!rc) {
        char shm[PATH_MAX];
        snprintf(shm, sizeof shm, "%s-shm", db_path);
        unlink(shm);
        if (rename(tmp, db_path) != 0)
            rc = hk_err_set(err, HK_EIO, "--db", "cannot rename %s to %s: %s", tmp, db_path, strerror(errno));
    }
    if (!rc)
        rc = fsync_parent(db_path, err);
    if (rc) {
        unlink(tmp);
        char twal[PATH_MAX + 8];
        snprintf(twal, sizeof twal, "%s-wal", tmp);
        unlink(twal);
        return rc;
    }
    info->bytes = file_size(db_path);
    info->ms = now_ms() - t0;
    return 0;
}
