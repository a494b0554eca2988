#!/bin/sh
# run.sh - runs every test binary of the given build folders and prints
# one summary line CI reads: "N passed, N failed".
#
# Each binary is a cmocka runner; its "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)" lines are summed. A binary that crashes or exits
# non-zero without a cmocka summary counts as one failure. Other runners
# (the browser tests) print "# pass N" / "# fail N" and are summed the same way.
#
# An argument "pg:BUILD" runs BUILD's store and HTTP tests (PG_TESTS) once
# more on PostgreSQL: a throwaway server is started with tests/pg.sh and
# its URI given to the tests as HAMKOR_TEST_PG (each test makes a schema
# of its own there); the server is stopped at the end.
set -u
PG_TESTS="test_store test_store_coord test_mail test_store_accounts test_store_schema test_store_driver_pg test_store_concurrency test_alerts test_durability \
test_io test_http test_http_abuse test_http_account test_http_invite test_http_lifecycle test_http_admin test_http_authz test_http_coord test_http_inbox test_http_org \
test_openapi test_engine test_store_copy test_store_registry test_crash_loop test_store_project test_http_project test_backup test_http_partner_meetings test_store_partner_meetings test_store_event test_http_events test_store_analytics test_http_analytics"
cd "$(dirname "$0")/.."
passed=0
failed=0
failures=""
pg_dir=""
stop_pg() {
    [ -n "$pg_dir" ] && tests/pg.sh stop "$pg_dir" >/dev/null 2>&1
    pg_dir=""
}
trap stop_pg EXIT INT TERM
for arg in "$@"; do
    build=${arg#pg:}
    # fuzz/ harnesses built with fuzz/replay_main.c replay their seed corpora.
    tests="$build/tests/test_* $build/fuzz/fuzz_*"
    suffix=""
    unset HAMKOR_TEST_PG
    if [ "$build" != "$arg" ]; then
        pg_dir=$(mktemp -d /tmp/hamkor-pg-XXXXXX)
        if ! uri=$(tests/pg.sh start "$pg_dir"); then
            echo "== PostgreSQL could not be started (tests/pg.sh); its tests count as one failure"
            failed=$((failed + 1)); failures="$failures pg"
            tests/pg.sh stop "$pg_dir" 2>/dev/null || rm -rf "$pg_dir"; pg_dir=""
            continue
        fi
        export HAMKOR_TEST_PG="$uri"
        tests=""
        for name in $PG_TESTS; do tests="$tests $build/tests/$name"; done
        suffix=".pg"
    fi
    for t in $tests; do
        case "$t" in *.o|*.d) continue ;; esac
        [ -x "$t" ] || continue
        log="$t$suffix.log" # beside the binary: $build/tests/ or $build/fuzz/
        echo "== $t${suffix:+ (PostgreSQL)}"
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
    stop_pg
done
unset HAMKOR_TEST_PG
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
