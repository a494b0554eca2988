#!/bin/sh
# run.sh - the benchmarks (make bench); never part of make check.
#
# Prepares two databases under var/bench/ when missing: the default demo
# data set (for code-inference accuracy) and a scaled one of
# HAMKOR_BENCH_SCALE listings (default 1,000,000) for search speed. Then
# runs every build/bench/bench_* program, giving each the database it needs.
set -u
build=${1:-build}
cd "$(dirname "$0")/.."
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
status=0
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $b"
    case "$b" in
    */bench_search) "$b" --db "var/bench/scale-$scale.db" || status=1 ;;
    */bench_classify) "$b" --db var/bench/demo.db || status=1 ;;
    *) "$b" || status=1 ;;
    esac
done
exit $status
