#!/bin/sh
# propagation.sh - a write on node A searchable on node B (make bench):
# one throwaway PostgreSQL 15 (tests/pg.sh), two `hamkor serve` nodes on
# it with one key, then bench/propagation.py measures the delay. Node B
# learns of A's commit by LISTEN/NOTIFY; polling (250 ms) is the net.
set -u
build=${1:-build}
cd "$(dirname "$0")/.." || exit 1
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "propagation: PostgreSQL 15 not installed; skipped"; exit 0; }
work=$(mktemp -d /tmp/hamkor-prop-XXXXXX)
pg_dir=$(mktemp -d /tmp/hamkor-prop-pg-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    tests/pg.sh stop "$pg_dir" >/dev/null 2>&1 || rm -rf "$pg_dir"
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
uri=$(tests/pg.sh start "$pg_dir") || exit 1
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node() { # PORT [options]
    p=$1
    shift
    "$build/hamkor" serve --db "$uri" --key "$work/key" --listen "127.0.0.1:$p" "$@" 2>>"$work/nodes.log" &
    pids="$pids $!"
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "propagation: a node did not start" >&2
    cat "$work/nodes.log" >&2
    exit 1
}
port_a=$(free_port)
node "$port_a" --demo-if-empty
port_b=$(free_port)
node "$port_b"
python3 bench/propagation.py "$port_a" "$port_b" "${HAMKOR_PROP_WRITES:-100}"
