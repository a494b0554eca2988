#!/bin/sh
# run.sh - runs every test binary of the given build folders and prints
# one summary line CI reads: "N passed, N failed".
#
# Each binary is a cmocka runner; its "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)" lines are summed. A binary that crashes or exits
# non-zero without a cmocka summary counts as one failure. Other runners
# (the browser tests) print "# pass N" / "# fail N" and are summed the same way.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
failures=""
for build in "$@"; do
    for t in "$build"/tests/test_*; do
        case "$t" in *.o|*.d) continue ;; esac
        [ -x "$t" ] || continue
        log="$build/tests/$(basename "$t").log"
        echo "== $t"
        "$t" >"$log" 2>&1
        rc=$?
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
        fi
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$f" -ne 0 ]; then
            failures="$failures $t"
            tail -n 40 "$log"
        else
            echo "   $p passed, $s skipped"
        fi
    done
done
for extra in tests/web/run.sh; do
    [ -x "$extra" ] || continue
    [ "${HAMKOR_SKIP_WEB:-0}" = 1 ] && continue
    log=${1:-build}/web-tests.log
    mkdir -p "${1:-build}"
    echo "== $extra"
    "$extra" >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$log" | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ]; then failures="$failures $extra"; tail -n 60 "$log"; else echo "   $p passed"; fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
