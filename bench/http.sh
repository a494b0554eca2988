#!/bin/sh
# http.sh - the HTTP benchmark (make bench): wrk against `hamkor serve`
# on the demo database, for search and for a listing read, with
# GET /healthz (no store, no index) measured in the same run as the peer
# the figures are reported against. Prints requests/s, latency
# percentiles, errors, the server's CPU time per request (user + system,
# from /proc: steadier than the rates on a shared machine), and the
# server's resident memory before, between and after the runs (it should
# stay flat).
#
# Environment: HAMKOR_WRK_SECONDS (default 20), HAMKOR_WRK_CONNECTIONS
# (default 32), HAMKOR_WRK_THREADS (default 2).
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 1
HAMKOR_EXTRA_PKGS=wrk sh scripts/deps.sh || exit 1
secs=${HAMKOR_WRK_SECONDS:-20}
conns=${HAMKOR_WRK_CONNECTIONS:-32}
threads=${HAMKOR_WRK_THREADS:-2}
db=var/bench/http.db
mkdir -p var/bench
if [ ! -f "$db" ]; then
    "$build/hamkor" demo --db "$db.tmp" >/dev/null || exit 1
    mv "$db.tmp" "$db"
    [ -f "$db.tmp.key" ] && mv "$db.tmp.key" "$db.key"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$build/hamkor" serve --db "$db" --listen "127.0.0.1:$port" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
rss() { awk '/^VmRSS/ { print $2 " kB" }' "/proc/$pid/status"; }
tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{ print ($14 + $15) / t }' "/proc/$pid/stat"; }
run() {
    echo "== $1"
    shift
    c0=$(cpu)
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@")
    c1=$(cpu)
    echo "$out" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|non-200|other than"
    echo "$out" | awk -v c0="$c0" -v c1="$c1" '/requests in/ && $1 > 0 {
        printf "server CPU: %.2f s, %.1f us/request\n", c1 - c0, (c1 - c0) * 1e6 / $1 }'
    echo "server RSS: $(rss)"
}
echo "server RSS at start: $(rss)"
# One warm-up pass so the first figures do not include cold caches.
wrk -t1 -c4 -d2s -s bench/wrk/search.lua "http://127.0.0.1:$port" >/dev/null
echo "server RSS after warm-up: $(rss)"
run "GET /healthz (peer)" "http://127.0.0.1:$port/healthz"
run "GET /api/v1/search (rotating queries and filters)" -s bench/wrk/search.lua "http://127.0.0.1:$port"
run "GET /api/v1/listings/{id} (rotating ids)" -s bench/wrk/listing.lua "http://127.0.0.1:$port"
run "GET /api/v1/search again (memory should stay flat)" -s bench/wrk/search.lua "http://127.0.0.1:$port"
