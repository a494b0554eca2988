#!/bin/sh
# redis.sh - a throwaway Redis with the RediSearch module for bench_search's
# RediSearch peer (bench/run.sh starts it and stops it).
#
#   bench/redis.sh start DIR   starts redis-server on a free loopback port,
#                              its files in DIR only (no persistence), waits
#                              until it answers and prints the port
#   bench/redis.sh stop DIR    stops that server and removes DIR
#
# The port is the only line on standard output. Exit status: 0 done; 1
# failed (the reason on standard error); 2 redis-server or the module
# (Debian's redis-server and redis-redisearch) is not installed.
set -eu

MODULE=/usr/lib/redis/modules/redisearch.so
MARK=.hamkor-redis # in DIR: this script made it, so stop may remove DIR

[ $# -eq 2 ] || { echo "usage: $0 start DIR | stop DIR" >&2; exit 1; }
dir=$2
case $1 in
start)
    command -v redis-server >/dev/null 2>&1 && [ -f "$MODULE" ] || exit 2
    mkdir -p "$dir"
    : >"$dir/$MARK"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # No snapshots, no append-only file: the data is made again each run.
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/server.log" \
        --loadmodule "$MODULE" >&2
    for _ in $(seq 1 100); do
        if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
            echo "$port" >"$dir/port"
            echo "$port"
            exit 0
        fi
        sleep 0.1
    done
    echo "redis.sh: redis-server did not start; see $dir/server.log" >&2
    exit 1
    ;;
stop)
    [ -f "$dir/$MARK" ] || { echo "redis.sh: $dir was not made by this script" >&2; exit 1; }
    if [ -f "$dir/redis.pid" ]; then
        pid=$(cat "$dir/redis.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 1
    ;;
esac
