#!/bin/sh
# run.sh - the benchmarks (make bench); never part of make check.
#
# Prepares two databases under var/bench/ when missing: the default demo
# data set (for code-inference accuracy) and a scaled one of
# HAMKOR_BENCH_SCALE listings (default 1,000,000) for search speed. Then
# runs every build/bench/bench_* program, giving each the database it needs
# (bench_sched generates its own events), and last bench/http_search_1m.sh
# (search over HTTP against the engine in process on the scaled store).
# When PostgreSQL 15 is installed, a throwaway server (tests/pg.sh, sized
# by bench/pg_tune.sh) is started for bench_search's PostgreSQL peer and
# stopped at the end. Likewise a throwaway Redis with the RediSearch module
# (bench/redis.sh, on a free loopback port) for its RediSearch peer; Debian's
# redis-server and redis-redisearch are installed when missing.
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 1
scale=${HAMKOR_BENCH_SCALE:-1000000}
mkdir -p var/bench
if [ ! -f var/bench/demo.db ]; then
    "$build/hamkor" demo --db var/bench/demo.db || exit 1
fi
if [ ! -f "var/bench/scale-$scale.db" ]; then
    echo "== demo --scale $scale"
    rm -f "var/bench/scale-$scale.db.tmp"*
    start=$(date +%s.%N)
    "$build/hamkor" demo --db "var/bench/scale-$scale.db.tmp" --scale "$scale" || exit 1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v n="$scale" 'BEGIN { printf "demo --scale %d: %.1f s\n", n, e - s }'
    mv "var/bench/scale-$scale.db.tmp" "var/bench/scale-$scale.db"
fi
# bench_analytics reads a copy of the scaled store with dates spread over
# three years and the interests, match alerts, projects and measures the
# demo does not write at this scale (bench/analytics_data.sql).
if [ ! -f "var/bench/analytics-$scale.db" ]; then
    echo "== analytics store from scale-$scale.db"
    rm -f "var/bench/analytics-$scale.db.tmp"*
    "$build/hamkor" stats --db "var/bench/scale-$scale.db" >/dev/null || exit 1 # brings its schema up to date
    cp "var/bench/scale-$scale.db" "var/bench/analytics-$scale.db.tmp" || exit 1
    sqlite3 -bail "var/bench/analytics-$scale.db.tmp" <bench/analytics_data.sql || exit 1
    mv "var/bench/analytics-$scale.db.tmp" "var/bench/analytics-$scale.db"
fi
# bench_sched measures the scheduler against GLPK's exact optimum on small
# events: libglpk-dev is installed when missing (scripts/deps.sh, as root or
# with password-less sudo) and bench_sched rebuilt with it; without it,
# bench_sched skips that part and says so.
if [ ! -f /usr/include/glpk.h ]; then
    if HAMKOR_EXTRA_PKGS=libglpk-dev scripts/deps.sh >/dev/null 2>&1 && [ -f /usr/include/glpk.h ]; then
        rm -f "$build/bench/bench_sched"
        make --no-print-directory BUILD="$build" "$build/bench/bench_sched" >/dev/null || exit 1
    else
        echo "bench: libglpk-dev could not be installed; bench_sched runs without GLPK"
    fi
fi
# The PostgreSQL peer's server, in a folder of its own under /tmp (a unix
# socket's path must be short, and as root the server runs as another user,
# who must be able to reach the folder).
pgdir=$(mktemp -d /tmp/hamkor-bench-pg.XXXXXX) || exit 1
pguri=$(tests/pg.sh start "$pgdir")
case $? in
0) ;;
2) pguri=""; rm -rf "$pgdir"; echo "bench: PostgreSQL 15 is not installed; bench_search runs without its PostgreSQL peer" ;;
*) rm -rf "$pgdir"; exit 1 ;;
esac
# The RediSearch peer's server.
if ! command -v redis-server >/dev/null 2>&1 || [ ! -f /usr/lib/redis/modules/redisearch.so ]; then
    HAMKOR_EXTRA_PKGS="redis-server redis-redisearch" scripts/deps.sh >/dev/null 2>&1 || true
fi
rsdir=$(mktemp -d /tmp/hamkor-bench-redis.XXXXXX) || exit 1
rsport=$(bench/redis.sh start "$rsdir")
case $? in
0) ;;
2) rsport=""; rm -rf "$rsdir"; echo "bench: redis-server with RediSearch is not installed; bench_search runs without its RediSearch peer" ;;
*) rm -rf "$rsdir"; rsport=""; echo "bench: redis-server did not start; bench_search runs without its RediSearch peer" ;;
esac
# shellcheck disable=SC2317 # called by the trap
stop_pg() {
    [ -z "$pguri" ] || tests/pg.sh stop "$pgdir"
    pguri=""
    [ -z "$rsport" ] || bench/redis.sh stop "$rsdir"
    rsport=""
}
trap stop_pg EXIT
trap 'exit 1' INT TERM
[ -z "$pguri" ] || bench/pg_tune.sh "$pgdir" "$pguri" || exit 1
status=0
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $b"
    case "$b" in
    */bench_search) "$b" --db "var/bench/scale-$scale.db" ${pguri:+--pg "$pguri"} ${rsport:+--redis "$rsport"} || status=1 ;;
    */bench_classify) "$b" --db var/bench/demo.db || status=1 ;;
    */bench_analytics) "$b" --db "var/bench/analytics-$scale.db" || status=1 ;;
    *) "$b" || status=1 ;;
    esac
done
# Search over HTTP against the engine in process on the scaled store, on the
# same queries (bench/http_search_1m.sh; issue 16's target: at least 80 %).
# The peers' servers are stopped first: it needs the memory and both cores.
stop_pg
echo "== bench/http_search_1m.sh"
bench/http_search_1m.sh "$build" || status=1
exit $status
