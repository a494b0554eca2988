#!/bin/sh
# soak.sh - the real server under a mixed read/write load for a while
# (make soak; issue 17): on a fresh SQLite file, then on a throwaway
# PostgreSQL 15 (tests/pg.sh) when it is installed, `hamkor serve` with the
# demo data set takes wrk's mixed load (bench/wrk/mixed.lua: searches,
# listing reads, the directory, new drafts by API token) on loopback for
# HAMKOR_SOAK_SECONDS (default 600) per engine, while its resident memory
# is sampled every 10 s. Prints the samples, the answers by class and the
# latency; fails when an answer other than 2xx, 404 or 503 came, when the
# server died, or when memory at the end is more than 50 % above what it
# was after the first minute (a leak, not a cache filling).
#
# Environment: HAMKOR_SOAK_SECONDS, HAMKOR_WRK_CONNECTIONS (default 16),
# HAMKOR_WRK_THREADS (default 2).
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 1
HAMKOR_EXTRA_PKGS=wrk sh scripts/deps.sh || exit 1
secs=${HAMKOR_SOAK_SECONDS:-600}
conns=${HAMKOR_WRK_CONNECTIONS:-16}
threads=${HAMKOR_WRK_THREADS:-2}
email=member.uz@demo.hamkor.org
password=hamkor-demo-2026
work=$(mktemp -d /tmp/hamkor-soak.XXXXXX) || exit 1
chmod 0711 "$work"
pgdir=$work/pg
started="" pguri=""
cleanup() {
    [ -z "$started" ] || { kill "$started" 2>/dev/null; wait "$started" 2>/dev/null; }
    [ -z "$pguri" ] || tests/pg.sh stop "$pgdir"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. bench/lib.sh

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Soaks the server on database $1 (key $2) under the label $3; 0 when it held.
soak() {
    port=$(free_port)
    start "$1" "$2" "$port" || return 1
    pid=$started
    tok=$(token_for "$port") || { echo "soak: cannot sign in" >&2; return 1; }
    listings=$("$build/hamkor" stats --db "$1" 2>/dev/null | awk '/^listings:/ { print $2 }')
    echo "== $3: ${secs} s, $conns connections"
    (while kill -0 "$pid" 2>/dev/null; do echo "$(date +%s) $(rss_kb "$pid")"; sleep 10; done) >"$work/rss-$3" &
    sampler=$!
    out=$(HAMKOR_WRK_TOKEN=${tok% *} HAMKOR_WRK_ORG=${tok#* } HAMKOR_WRK_LISTINGS=${listings:-1000} \
        wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s bench/wrk/mixed.lua "http://127.0.0.1:$port")
    alive=1
    kill -0 "$pid" 2>/dev/null || alive=0
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null
    printf '%s\n' "$out" | grep -E "Requests/sec|Latency|50%|90%|99%|answers:|Socket errors"
    awk 'NR == 1 { t0 = $1 } { printf "  %4d s  RSS %6.1f MiB\n", $1 - t0, $2 / 1024 }' "$work/rss-$3"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    started=""
    other=$(printf '%s\n' "$out" | sed -n 's/^answers: .* other \([0-9]*\)$/\1/p')
    # Memory after the first minute against the end.
    grow=$(awk 'NR == 1 { t0 = $1 } $1 - t0 >= 60 && !base { base = $2 } { last = $2 }
        END { if (!base) base = last; printf "%.0f", base ? 100 * (last - base) / base : 0 }' "$work/rss-$3")
    echo "  memory from the first minute to the end: ${grow} %"
    ok=0
    [ "$alive" = 1 ] || { echo "soak: $3: the server died" >&2; ok=1; }
    [ "${other:-1}" = 0 ] || { echo "soak: $3: $other answers were neither 2xx, 404 nor 503" >&2; ok=1; }
    [ "$grow" -le 50 ] || { echo "soak: $3: memory grew ${grow} % after the first minute" >&2; ok=1; }
    return $ok
}

status=0
soak "$work/soak.db" "$work/soak.db.key" sqlite || status=1
pguri=$(tests/pg.sh start "$pgdir")
case $? in
0) bench/pg_tune.sh "$pgdir" "$pguri" >/dev/null && { soak "$pguri" "$work/pg.key" postgresql || status=1; } ;;
2) pguri=""; echo "soak: PostgreSQL 15 is not installed; SQLite only" ;;
*) pguri=""; status=1 ;;
esac
exit $status
