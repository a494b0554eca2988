/*
 * engine.h - what `hamkor serve` and the search and match commands share:
 * a pool of store handles, the text analyzer, the taxonomy (with the
 * secretariat's labels from the store), the gazetteer and the in-memory
 * index built from the store, and, for a server, a follower thread that
 * keeps the index in step with the store's change log and raises alerts.
 *
 *   engine.c         the data folder, opening and closing, the store pool,
 *                    the accessors
 *   engine_follow.c  the follower: change log -> index, alerts, compaction
 *   engine_int.h     the struct both share
 *
 * Data flows one way: the follower reads the store, writes the index,
 * and writes to the store only the notifications it raises (with the
 * alerts consumer's position, in one transaction). Handlers never apply
 * changes themselves; after a write they call engine_sync (or only
 * engine_wake), and writes by other processes are seen by polling.
 *
 * All functions are safe to call from any thread, except engine_close
 * (once, when nothing else uses the engine).
 */
#ifndef HK_ENGINE_H
#define HK_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "hk_err.h"
#include "geo/geo.h"
#include "index/index.h"
#include "mail/mail.h"
#include "store/store.h"
#include "taxonomy/taxonomy.h"
#include "text/text.h"

#define ENGINE_POOL_MAX 16          /* idle store handles kept for reuse */
#define ENGINE_POLL_MS 250          /* the follower's default polling interval */
#define ENGINE_ALERTS_CONSUMER "alerts" /* the consumer name of the alerts position */

typedef struct engine_config {
    const char *db;             /* the store: a SQLite path or a postgresql:// URI */
    const char *data_dir;       /* shipped data; NULL = engine_data_dir() */
    const char *taxonomy_dir;   /* NULL = data_dir/taxonomy (tests pass their own) */
    const char *geo_dir;        /* NULL = data_dir/geo */
    unsigned build_threads;     /* threads building the index; 0 = 2 */
    bool follow;                /* start the follower thread (a server); the CLI does not */
    void (*on_applied)(void *ctx); /* called by the follower after each round that
                                    * applied changes or was woken; may be NULL */
    void *on_applied_ctx;
    unsigned poll_ms;           /* the follower looks at least this often; 0 = ENGINE_POLL_MS */
    const mail_config *mail;    /* SMTP configured: the follower sends the outbox every
                                 * MAIL_ROUND_S (mail_outbox_round); NULL = no mail.
                                 * Borrowed: must outlive the engine */
} engine_config;

typedef struct engine engine;

/* The folder of the shipped data files (countries.tsv, taxonomy/, geo/,
 * web/ and openapi.yaml): the environment variable HAMKOR_DATA_DIR when
 * set and not empty (`hamkor --data-dir DIR` sets it), else the folder
 * compiled in (HK_DATA_DIR, `make DATADIR=...`; a relative one is taken
 * relative to the executable's folder, as `make install` builds it), so
 * that the binary works from any current directory. */
const char *engine_data_dir(void);

/* What engine_sweep did. */
typedef struct engine_sweep_counts {
    size_t listings;            /* published listings past their date, now expired */
    size_t reminded;            /* listings whose organisation was reminded of their expiry */
    size_t sessions;            /* expired sessions deleted */
} engine_sweep_counts;

/* The housekeeping the follower runs every ENGINE_SWEEP_S (engine_sweep.c),
 * on st at unix time now: published listings past their expiry date
 * become expired (store_listings_expire_due, 256 at a time, at most
 * max_batches batches; 0 = until none is left), the organisations of
 * listings expiring within a week are reminded (store_listings_remind_
 * expiring, batched the same way), then expired sessions are deleted
 * (store_sessions_expire). `hamkor sweep` calls it too. */
int engine_sweep(hk_store *st, int64_t now, unsigned max_batches, engine_sweep_counts *out, hk_err *err);

/* Opens the first store handle, the analyzer, the taxonomy (and the
 * secretariat's labels from the store), the gazetteer and the index;
 * reads the change log's position, then builds the index (a write that
 * lands during the build is applied again afterwards, harmlessly); with
 * cfg->follow, starts the follower. The alerts consumer resumes from the
 * position saved in the store, so alerts for writes committed before a
 * crash or while no server ran are raised after start. */
int engine_open(const engine_config *cfg, engine **out, hk_err *err);
/* Stops the follower (waiting for its round to end) and frees everything. */
void engine_close(engine *e);

/* A store handle for one thread's use: an idle one from the pool, or a
 * new connection. Every handle is configured alike (the HS/ISIC code
 * check against the engine's taxonomy). NULL with err when the store
 * cannot be opened. */
hk_store *engine_store_take(engine *e, hk_err *err);
/* Gives st back (an open transaction is rolled back first); closed when
 * the pool is full. NULL is ignored. */
void engine_store_give(engine *e, hk_store *st);

/* Borrowed; valid until engine_close. */
text_analyzer *engine_analyzer(engine *e);
tax *engine_taxonomy(engine *e);
geo *engine_gazetteer(engine *e);
idx *engine_index(engine *e);
/* The schema version of the store, as read at open. */
int engine_schema_version(const engine *e);

/* A write committed: the follower should look at the change log now
 * rather than at its next poll. Cheap; never blocks on the follower. */
void engine_wake(engine *e);
/* Wakes the follower and waits until the index has applied every change
 * up to seq (a writer reads store_changes_last_seq on its own handle
 * after commit and passes it, so its next request finds its write).
 * Alerts for those changes are raised in the same round, just after.
 * 0, or HK_EBUSY when timeout_ms passed first, the engine is closing, or
 * it has no follower (the write is committed either way). */
int engine_sync(engine *e, int64_t seq, int timeout_ms);

#endif
