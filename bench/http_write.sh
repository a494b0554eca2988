#!/bin/sh
# http_write.sh - writes per second through the API (make bench), SQLite
# against PostgreSQL in one run (issue 11).
#
# Starts `hamkor serve --demo-if-empty` twice, on a fresh SQLite file and
# on a fresh PostgreSQL 15 (a throwaway server from tests/pg.sh), so both
# hold the same demo data set and demo accounts; signs in on each as the
# admin of a demo organisation, makes an API token, and drives
# POST /api/v1/listings (bench/wrk/write.lua: a valid draft, a new title
# each time) with wrk for a fixed time, at one connection and at several.
#
# Writes wait on the disk's fsync, which on a shared machine varies more
# than anything else measured here (one run gave SQLite 190 writes/s at one
# connection, the next 632). So each concurrency runs in rounds, the
# engines one after the other within a round (in turn first), and the
# figure is the median of the rounds' ratios pg/sqlite: a burst of other
# work moves one round, not the result. Prints, per run, writes/s (201
# answers), latency percentiles, busy (503) and other answers and socket
# errors; per concurrency, each engine's writes/s over all its rounds and
# the median ratio.
#
# Durability is on for both, as in production: SQLite commits with
# synchronous=FULL (an fsync per commit; docs/store.md), PostgreSQL with
# fsync=on and synchronous_commit=on (tests/pg.sh; bench/pg_tune.sh sizes
# its buffer cache as for a dedicated server). Both write to the same disk.
#
# Environment: HAMKOR_WRITE_SECONDS (one run, default 10),
# HAMKOR_WRITE_ROUNDS (default 3), HAMKOR_WRITE_CONNECTIONS (the
# concurrencies, default "1 16"), HAMKOR_WRK_THREADS (default 2).
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 1
HAMKOR_EXTRA_PKGS=wrk sh scripts/deps.sh || exit 1
secs=${HAMKOR_WRITE_SECONDS:-10}
rounds=${HAMKOR_WRITE_ROUNDS:-3}
threads=${HAMKOR_WRK_THREADS:-2}
conns_list=${HAMKOR_WRITE_CONNECTIONS:-1 16}
email=member.uz@demo.hamkor.org
password=hamkor-demo-2026

# A folder of our own under /tmp (a unix socket's path must be short); as
# root the PostgreSQL server runs as another user, who must pass through it.
work=$(mktemp -d /tmp/hamkor-bench-write.XXXXXX) || exit 1
chmod 0711 "$work"
pgdir=$work/pg
sqlite_pid="" pg_pid="" pguri=""
cleanup() {
    for p in $sqlite_pid $pg_pid; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    [ -z "$pguri" ] || tests/pg.sh stop "$pgdir"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

pguri=$(tests/pg.sh start "$pgdir")
case $? in
0) ;;
2) pguri=""; echo "bench: PostgreSQL 15 is not installed; no write figures"; exit 0 ;;
*) pguri=""; exit 1 ;;
esac
bench/pg_tune.sh "$pgdir" "$pguri" || exit 1

. bench/lib.sh

sqlite_port=$(free_port)
start "$work/write.db" "$work/write.db.key" "$sqlite_port" || exit 1
sqlite_pid=$started
pg_port=$(free_port)
t0=$(date +%s.%N)
start "$pguri" "$work/pg.key" "$pg_port" || exit 1
pg_pid=$started
awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "PostgreSQL store: demo data set written and serving after %.1f s\n", e - s }'

tok=$(token_for "$sqlite_port") || { echo "bench: cannot sign in on the SQLite server" >&2; exit 1; }
sqlite_token=${tok% *} sqlite_org=${tok#* }
tok=$(token_for "$pg_port") || { echo "bench: cannot sign in on the PostgreSQL server" >&2; exit 1; }
pg_token=${tok% *} pg_org=${tok#* }

# Runs wrk at $2 connections against port $3 with token $4 for organisation
# $5; prints one line of figures under the label $1 and leaves writes/s in
# $rate.
run() {
    out=$(HAMKOR_WRK_TOKEN=$4 HAMKOR_WRK_ORG=$5 wrk -t"$(($2 < threads ? $2 : threads))" -c"$2" -d"${secs}s" \
        --latency -s bench/wrk/write.lua "http://127.0.0.1:$3")
    rate=$(printf '%s\n' "$out" | sed -n 's/^created (201): [0-9]* = \([0-9.]*\) writes\/s$/\1/p')
    printf '%s\n' "$out" | awk -v label="$1" -v rate="${rate:-0}" '
        $1 == "50%" { p50 = $2 } $1 == "90%" { p90 = $2 } $1 == "99%" { p99 = $2 }
        /^busy/ { sub(/^busy \(503\): /, ""); rest = $0 }
        END { printf "  %-10s %8.1f writes/s  p50 %s  p90 %s  p99 %s  503: %s\n", label, rate, p50, p90, p99, rest }'
}

echo "durability: SQLite synchronous=FULL (fsync per commit); PostgreSQL fsync=on, synchronous_commit=on"
echo "POST /api/v1/listings (a draft each), $rounds rounds of ${secs} s per engine and concurrency"
for c in $conns_list; do
    echo "== $c connection(s)"
    ratios="" s_sum=0 p_sum=0
    for r in $(seq 1 "$rounds"); do
        echo " round $r"
        if [ $((r % 2)) -eq 1 ]; then
            run sqlite "$c" "$sqlite_port" "$sqlite_token" "$sqlite_org"
            s_rate=$rate
            run postgresql "$c" "$pg_port" "$pg_token" "$pg_org"
            p_rate=$rate
        else
            run postgresql "$c" "$pg_port" "$pg_token" "$pg_org"
            p_rate=$rate
            run sqlite "$c" "$sqlite_port" "$sqlite_token" "$sqlite_org"
            s_rate=$rate
        fi
        s_sum=$(awk -v a="$s_sum" -v b="${s_rate:-0}" 'BEGIN { print a + b }')
        p_sum=$(awk -v a="$p_sum" -v b="${p_rate:-0}" 'BEGIN { print a + b }')
        ratios="$ratios $(awk -v s="${s_rate:-0}" -v p="${p_rate:-0}" 'BEGIN { print (s > 0 ? p / s : 0) }')"
    done
    # shellcheck disable=SC2086 # one ratio a line
    printf '%s\n' $ratios | sort -g | awk -v c="$c" -v n="$rounds" -v s="$s_sum" -v p="$p_sum" '
        { v[NR] = $1 }
        END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "writes/s at %d connection(s): sqlite %.1f, postgresql %.1f (mean of %d rounds)\n", c, s / n, p / n, n
            printf "ratio pg/sqlite at %d connection(s): %.2fx (median of the rounds; rounds %.2fx to %.2fx)\n", c, m, v[1], v[NR]
        }'
done
