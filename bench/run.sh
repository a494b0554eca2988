#!/bin/sh
# run.sh - runs every benchmark binary of a build folder (make bench).
# Benchmarks print their own figures; they are never part of make check.
set -u
build=${1:-build}
cd "$(dirname "$0")/.."
status=0
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $b"
    "$b" || status=1
done
exit $status
