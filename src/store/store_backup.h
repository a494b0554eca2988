/*
 * store_backup.h - whole-file backups of a SQLite store (store_backup.c;
 * `hamkor backup` and `hamkor restore`). A PostgreSQL store is backed up
 * with PostgreSQL's own pg_dump and pg_restore (docs/operations.md).
 */
#ifndef HK_STORE_BACKUP_H
#define HK_STORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hk_err.h"

typedef struct store_backup_info {
    int schema_version;        /* of the copy */
    int64_t bytes;             /* size of the copy */
    int64_t ms;                /* wall time taken */
    bool replaced;             /* restore: a database was there, now PATH.pre-restore */
} store_backup_info;

/* Copies the SQLite database db_path into the single file out_path with
 * SQLite's online backup API, in one read transaction: a consistent
 * snapshot of every commit made before it started, taken while servers
 * go on reading and writing (WAL lets a writer proceed beside a reader).
 * The copy is written to out_path.part, checked (quick_check), made
 * self-contained (rollback journal, no -wal), fsynced and then renamed
 * over out_path, so that out_path is never a half-written file; an
 * existing out_path is refused (HK_ECONFLICT) unless replace. The copy is
 * readable by its owner only (0600: it holds password hashes). The token
 * key (db_path.key) is not copied. */
int store_backup_sqlite(const char *db_path, const char *out_path, bool replace, store_backup_info *info,
                        hk_err *err);

/* Checks the backup file (SQLite's integrity_check; a hamkor schema no
 * newer than this binary's), then puts it in place of db_path: the
 * database there, with its -wal, is kept as db_path.pre-restore (and
 * db_path.pre-restore-wal), the copy is renamed into place. Refused with
 * HK_ECONFLICT while another process has db_path open (a running server:
 * see store_sqlite_holder). Nothing is changed when a check fails. An
 * older schema is brought up to date the next time the store is opened. */
int store_restore_sqlite(const char *backup_path, const char *db_path, store_backup_info *info, hk_err *err);

/* The id of a process that has the SQLite database at path open in WAL
 * mode (every connection holds a shared lock on the "DMS" byte, 128, of
 * path-shm while open; SQLite's WAL file format), or 0 when none does
 * (or the database is not in WAL mode, or nothing is there). A process
 * never sees its own locks here. */
pid_t store_sqlite_holder(const char *path);

#endif
