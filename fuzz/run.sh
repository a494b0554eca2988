#!/bin/sh
# run.sh BUILD SECONDS - runs every libFuzzer harness of BUILD/fuzz/ (made
# by `make fuzz`) for SECONDS each, one after the other, and prints per
# harness the executions, executions per second, corpus size and crashes.
#
# Each harness starts from its seed corpus in fuzz/corpus/<name>/ (read
# only) and keeps what it finds in BUILD/corpus/<name>/; a crash, leak or
# timeout is written to BUILD/crashes/<name>/ (libFuzzer stops the harness
# at the first one). Replay one with BUILD/fuzz/<name> FILE. A dictionary
# fuzz/<name>.dict is used when there is one; FUZZ_FLAGS adds libFuzzer
# options (e.g. -use_value_profile=1). Exits 1 when
# any harness found something. FUZZ_ONLY="a b" runs only those harnesses.
set -u
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-60}
found=0
printf '%-20s %12s %10s %8s %8s\n' harness executions exec/s corpus crashes
for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    if [ -n "${FUZZ_ONLY:-}" ]; then
        case " $FUZZ_ONLY " in *" $name "*) ;; *) continue ;; esac
    fi
    work="$build/corpus/$name"
    crashes="$build/crashes/$name"
    log="$build/fuzz/$name.log"
    mkdir -p "$work" "$crashes"
    dict=""
    [ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
    # -rss_limit_mb: the analyzer and the index hold some tens of MB;
    # -timeout: an input taking over 10 s is a hang worth a report.
    "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$crashes/" $dict ${FUZZ_FLAGS:-} "$work" "fuzz/corpus/$name" >"$log" 2>&1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(find "$work" -type f | wc -l)
    n=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    printf '%-20s %12s %10s %8s %8s\n' "$name" "${execs:-?}" "${rate:-?}" "$corpus" "$n"
    if [ "$n" -ne 0 ]; then
        found=1
        grep -a -m1 -E 'invariant failed|runtime error|ERROR' "$log" | sed 's/^/    /'
    fi
done
[ "$found" -eq 0 ] || { echo "crashes found: see $build/crashes/ and $build/fuzz/*.log"; exit 1; }
