#!/bin/sh
# run-cluster.sh - `make run-cluster`: hamkor as it runs when one machine
# is no longer enough, on this machine: one PostgreSQL 15 (a throwaway
# server from tests/pg.sh), two hamkor nodes on 127.0.0.1:8081 and :8082
# sharing it and one token key, and HAProxy on http://127.0.0.1:8080
# balancing between them (docs/operations.md, "Several nodes"). The demo
# data set is written on first start. Ctrl-C stops everything and throws
# the database away.
#
# Environment: HAMKOR_CLUSTER_PORT (default 8080; the nodes take the next
# two ports).
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
HAMKOR_EXTRA_PKGS=haproxy sh scripts/deps.sh
port=${HAMKOR_CLUSTER_PORT:-8080}
port_a=$((port + 1))
port_b=$((port + 2))
mkdir -p var/cluster
pg_dir=$(mktemp -d /tmp/hamkor-cluster-pg-XXXXXX)
pids=""
stop() {
    trap - EXIT INT TERM
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    tests/pg.sh stop "$pg_dir" >/dev/null 2>&1 || rm -rf "$pg_dir"
}
trap stop EXIT INT TERM

echo "run-cluster: starting PostgreSQL 15"
uri=$(tests/pg.sh start "$pg_dir")
key=var/cluster/hamkor.key

node() { # node NAME PORT [extra options]
    name=$1
    p=$2
    shift 2
    "$build/hamkor" serve --db "$uri" --key "$key" --listen "127.0.0.1:$p" --trusted-proxy 127.0.0.1 "$@" \
        2>"var/cluster/$name.log" &
    pids="$pids $!"
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "run-cluster: node $name did not start; see var/cluster/$name.log" >&2
    exit 1
}
# Node A writes the demo data set (and the key file) first; B then starts
# on the same database and key.
node a "$port_a" --demo-if-empty
node b "$port_b"

cat >var/cluster/haproxy.cfg <<EOF
global
    maxconn 2000
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # live notification streams (server-sent events) stay open
    timeout tunnel 1h
    option forwardfor
    option httpchk GET /healthz
frontend hamkor
    bind 127.0.0.1:$port
    default_backend nodes
backend nodes
    balance roundrobin
    server a 127.0.0.1:$port_a check
    server b 127.0.0.1:$port_b check
EOF
echo "run-cluster: http://127.0.0.1:$port (HAProxy) -> nodes :$port_a and :$port_b on $uri"
echo "run-cluster: logs in var/cluster/; Ctrl-C stops everything"
haproxy -f var/cluster/haproxy.cfg -db &
pids="$pids $!"
wait
