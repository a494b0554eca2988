# lib.sh - what the HTTP benchmarks share (sourced by http_write.sh and
# soak.sh, from the source tree's root): a free port, starting `hamkor
# serve` with the demo data set and waiting for it, and an API token of a
# demo organisation's admin.
#
# Expects: $build (the build folder), $work (a temporary folder), $email
# and $password (a demo account).

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts serve on the database $1 (with the token key $2) at port $3,
# writing the demo data set first; sets $started to its pid once /healthz
# answers.
start() {
    "$build/hamkor" serve --db "$1" --key "$2" --listen "127.0.0.1:$3" --demo-if-empty 2>"$work/serve-$3.log" &
    started=$!
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$3/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$started" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: hamkor serve on $1 did not start:" >&2
    tail -n 20 "$work/serve-$3.log" >&2
    kill "$started" 2>/dev/null
    wait "$started" 2>/dev/null
    return 1
}

# Signs in at port $1 and prints "TOKEN ORG_ID": an API token of the demo
# admin and the id of the organisation it administers.
token_for() {
    jar=$work/cookies-$1
    login=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://127.0.0.1:$1/api/v1/auth/login") || return 1
    set -- "$1" "$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')" \
        "$(printf '%s' "$login" | python3 -c 'import json,sys; print([m["org_id"] for m in json.load(sys.stdin)["memberships"] if m["is_admin"]][0])')"
    tok=$(curl -fs -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $2" \
        -d '{"name":"bench write"}' "http://127.0.0.1:$1/api/v1/tokens" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || return 1
    echo "$tok $3"
}

