#!/bin/sh
# tests/web/run.sh - the web UI's browser tests against the real server.
#
# Installs what is missing (Debian's chromium and nodejs/npm through
# scripts/web-deps.sh, playwright-core through npm ci), builds build/hamkor
# if needed, makes a temporary demo database (plus one imported listing
# whose title is a script-injection payload), starts `hamkor serve` on a
# free loopback port, runs the tests with node's test runner, stops the
# server and ends with the two lines CI reads: "# pass N" and "# fail N".
#
# Environment: HAMKOR_BIN (default build/hamkor), HAMKOR_WEB_KEEP=1 keeps
# the temporary folder, HAMKOR_WEB_ORGS / HAMKOR_WEB_SCALE size the demo,
# HAMKOR_WEB_ONLY="account apidocs" runs only those test files.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo" || exit 1
bin=${HAMKOR_BIN:-$repo/build/hamkor}
artifacts=$repo/build/web-artifacts
server_pid=""
tmp=""

summary() { echo "# pass $1"; echo "# fail $2"; }
fail_setup() {
    echo "web tests: setup failed: $*" >&2
    [ -n "$tmp" ] && [ -f "$tmp/server.log" ] && tail -n 30 "$tmp/server.log" >&2
    summary 0 1
    exit 1
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [ -n "$tmp" ] && [ "${HAMKOR_WEB_KEEP:-0}" != 1 ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Tools.
"$repo/scripts/web-deps.sh" || fail_setup "scripts/web-deps.sh could not install chromium/nodejs/npm"
if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
   [ -n "$(find "$here/package-lock.json" -newer "$here/node_modules/.package-lock.json" 2>/dev/null)" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 || fail_setup "npm ci in tests/web"
fi

# The libraries the UI serves from web/vendor/ (Chart.js for the analytics page).
"$repo/scripts/web-vendor.sh" || fail_setup "scripts/web-vendor.sh could not install the UI's npm libraries"

# 2. The server binary.
if [ ! -x "$bin" ]; then
    make -C "$repo" all >&2 || fail_setup "make all"
fi
[ -x "$bin" ] || fail_setup "no $bin"

# 3. A temporary database: the demo data set and one hostile listing.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hamkor-web.XXXXXX")
db=$tmp/web.db
demo_help=$("$bin" demo --help 2>&1)
set -- --db "$db"
case "$demo_help" in *--orgs*) set -- "$@" --orgs "${HAMKOR_WEB_ORGS:-200}" ;; esac
case "$demo_help" in *--scale*) set -- "$@" --scale "${HAMKOR_WEB_SCALE:-1000}" ;; esac
echo "web tests: $bin demo $*" >&2
"$bin" demo "$@" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; fail_setup "hamkor demo"; }

# The payload listing is a copy of a demo listing with a new title, fed
# through the importer (the only way in while the API is read-only).
"$bin" export listings --format jsonl --db "$db" >"$tmp/all-listings.jsonl" 2>"$tmp/export.log" ||
    { cat "$tmp/export.log" >&2; fail_setup "hamkor export listings"; }
node "$here/lib/make-payload.js" "$tmp/all-listings.jsonl" >"$tmp/payload-listings.jsonl" ||
    fail_setup "make-payload.js"
"$bin" import "$tmp/payload-listings.jsonl" --kind listings --db "$db" >"$tmp/import.log" 2>&1 ||
    { cat "$tmp/import.log" >&2; fail_setup "hamkor import of the payload listing"; }

# Accounts with roles for writes-roles.test.js (a national coordinator of
# Kazakhstan and the secretariat) and writes-projects.test.js (those, the
# coordinator of Uzbekistan and a user of role financial), when this
# hamkor has `hamkor user`.
roles_env=""
if "$bin" user --help >/dev/null 2>&1; then
    roles_pw="correct horse battery staple"
    if printf '%s\n' "$roles_pw" | "$bin" user add --email coordinator-kz@example.org --name "Coordinator KZ" \
            --role coordinator --country KZ --password-stdin --db "$db" >"$tmp/user.log" 2>&1 &&
        printf '%s\n' "$roles_pw" | "$bin" user add --email secretariat@example.org --name "SCO Secretariat" \
            --role secretariat --password-stdin --db "$db" >>"$tmp/user.log" 2>&1 &&
        printf '%s\n' "$roles_pw" | "$bin" user add --email coordinator-uz@example.org --name "Coordinator UZ" \
            --role coordinator --country UZ --password-stdin --db "$db" >>"$tmp/user.log" 2>&1 &&
        printf '%s\n' "$roles_pw" | "$bin" user add --email banker@example.org --name "Credit officer" \
            --role financial --password-stdin --db "$db" >>"$tmp/user.log" 2>&1; then
        # Read by position: writes-roles.test.js takes the first two,
        # writes-projects.test.js all four.
        roles_env="coordinator-kz@example.org secretariat@example.org coordinator-uz@example.org banker@example.org"
    else
        cat "$tmp/user.log" >&2
        fail_setup "hamkor user add"
    fi
fi

# 4. The server on a free loopback port.
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
[ -n "$port" ] || fail_setup "no free port"
# The tests sign in and out hundreds of times from one address: lift the
# per-address sign-in budget (10 at once, then one every 6 s) that would
# otherwise answer 429 halfway through.
"$bin" serve --listen "127.0.0.1:$port" --db "$db" --login-burst 100000 >"$tmp/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
node -e '
  const url = process.argv[1] + "/healthz", end = Date.now() + 60000;
  (async function poll() {
    try { const r = await fetch(url); if (r.ok && (await r.json()).status === "ok") process.exit(0); } catch {}
    if (Date.now() > end) process.exit(1);
    setTimeout(poll, 200);
  })();' "$url" || fail_setup "the server did not answer $url/healthz within 60 s"
kill -0 "$server_pid" 2>/dev/null || fail_setup "the server exited"
echo "web tests: server at $url (pid $server_pid)" >&2

# 5. The tests. node --test's TAP output ends with "# pass N" / "# fail N".
# One file at a time: writes-*.test.js change the data the read-only tests
# compare against, so they run after them (the glob sorts them last).
mkdir -p "$artifacts"
files="$here"/*.test.js
if [ -n "${HAMKOR_WEB_ONLY:-}" ]; then
    files=""
    for name in $HAMKOR_WEB_ONLY; do files="$files $here/$name.test.js"; done
fi
serial=""
node --help 2>/dev/null | grep -q -- '--test-concurrency' && serial="--test-concurrency=1"
# shellcheck disable=SC2086 # $serial is one flag or nothing; $files a list
HAMKOR_URL=$url HAMKOR_WEB_ARTIFACTS=$artifacts HAMKOR_WEB_SERVER_LOG=$tmp/server.log HAMKOR_WEB_ROLES="$roles_env" \
    node --test $serial --test-reporter=tap $files
rc=$?
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "web tests: the server died during the tests" >&2
    tail -n 30 "$tmp/server.log" >&2
    [ "$rc" -eq 0 ] && { summary 0 1; exit 1; }
fi
exit "$rc"
