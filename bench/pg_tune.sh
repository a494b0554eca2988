#!/bin/sh
# pg_tune.sh - sizes a throwaway PostgreSQL from tests/pg.sh for the
# benchmarks and restarts it:
#
#   bench/pg_tune.sh DIR URI     (DIR and URI as tests/pg.sh start gave them)
#
# tests/pg.sh sizes its server for tests (shared_buffers = 32MB). Measured
# that way, PostgreSQL reads every page of a large table through the
# operating system's cache: at 1,000,000 listings its full-text search
# answered at p50 18.5 ms instead of 7.0 ms, a handicap no deployment would
# carry. So the benchmarks give it what PostgreSQL's documentation advises
# for a dedicated server, a quarter of the memory as shared_buffers
# (HAMKOR_BENCH_PG_SHARED_BUFFERS overrides, e.g. 2GB). Durability settings
# stay as tests/pg.sh made them (fsync on). Prints the setting used.
set -eu
PGBIN=/usr/lib/postgresql/15/bin
[ $# -eq 2 ] || { echo "usage: $0 DIR URI" >&2; exit 1; }
dir=$1 uri=$2
kb=$(awk '/^MemTotal:/ { print int($2 / 4) }' /proc/meminfo)
sb=${HAMKOR_BENCH_PG_SHARED_BUFFERS:-${kb}kB}
"$PGBIN/psql" -X -q "$uri" -c "ALTER SYSTEM SET shared_buffers = '$sb'" >/dev/null
# The server runs as the owner of its data folder (tests/pg.sh: ourselves,
# or another user when we are root, as initdb refuses root).
owner=$(stat -c %U "$dir/data")
if [ "$(id -u)" -eq 0 ] && [ "$owner" != root ]; then
    runuser -u "$owner" -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 restart >/dev/null
else
    "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 restart >/dev/null
fi
echo "PostgreSQL for the benchmark: shared_buffers = $("$PGBIN/psql" -X -At "$uri" -c 'SHOW shared_buffers'), fsync = $("$PGBIN/psql" -X -At "$uri" -c 'SHOW fsync'), synchronous_commit = $("$PGBIN/psql" -X -At "$uri" -c 'SHOW synchronous_commit')"
