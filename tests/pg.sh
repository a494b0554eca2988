#!/bin/sh
# pg.sh - a throwaway PostgreSQL 15 for the tests of the PostgreSQL store.
#
#   tests/pg.sh start DIR   makes a cluster in DIR/data, starts it on a unix
#                           socket in DIR only (no TCP), waits until it takes
#                           connections and prints its conninfo URI, e.g.
#                           postgresql:///postgres?host=/tmp/x&port=5433&user=postgres
#   tests/pg.sh stop DIR    stops that server and removes DIR
#
# The URI is the only line on standard output, so a caller can write
#   HAMKOR_TEST_PG=$(tests/pg.sh start "$dir") || exit 1
# Everything else goes to standard error; the server's log is DIR/server.log.
#
# Authentication is trust over the socket, which is in DIR alone, so the
# server is reachable only by whoever can reach DIR. initdb and postgres
# refuse to run as root: run as root (CI), this script runs them as the
# postgres system user (Debian's package makes it), or as a user of its
# own when there is none, and gives DIR to that user. The settings suit
# tests: a small shared_buffers, room for many connections, and fsync on,
# because the durability tests rely on it.
#
# Exit status: 0 done; 1 failed (the reason on standard error); 2
# PostgreSQL 15 is not installed.
set -eu

PGBIN=/usr/lib/postgresql/15/bin
MARK=.hamkor-pg # in DIR: this script made it, so stop may remove DIR

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 1
}

# The OS user that runs the server: ourselves, or when we are root a user
# that is not root.
server_user() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        if ! id hamkor-pg >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin hamkor-pg >&2 ||
                die "cannot create the system user hamkor-pg to run PostgreSQL (initdb refuses root)"
        fi
        echo hamkor-pg
    fi
}

# Runs a command as the server's user, arguments passed through unchanged.
as_server() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$SERVER_USER" -- "$@"
    else
        # shellcheck disable=SC2016 # the inner shell expands them
        su -s /bin/sh "$SERVER_USER" -c 'exec "$0" "$@"' -- "$@"
    fi
}

# DIR made absolute (the socket directory and the URI need it). Only
# characters that need no escaping in a URI are accepted, so the URI can
# be printed as it is.
absolute_dir() {
    case "$1" in
    /*) d=$1 ;;
    *) d=$(pwd -P)/$1 ;;
    esac
    d=$(printf '%s\n' "$d" | sed 's#//*#/#g; s#/$##')
    case "$d" in
    *[!A-Za-z0-9/._-]*) die "DIR must be made of letters, digits and / . _ - only (it goes into a URI): $d" ;;
    esac
    echo "$d"
}

# A port for the socket's name. The server listens on no TCP port, so the
# number only names DIR/.s.PGSQL.PORT; one not used by a server in the
# usual socket directories is still taken, so that a client that forgets
# host= reaches nothing rather than some other server.
free_port() {
    p=$((5433 + $$ % 1000))
    tries=0
    while [ -e "/var/run/postgresql/.s.PGSQL.$p" ] || [ -e "/tmp/.s.PGSQL.$p" ]; do
        p=$((p + 1))
        tries=$((tries + 1))
        [ "$tries" -lt 1000 ] || die "no free port number between 5433 and 7433"
    done
    echo "$p"
}

start() {
    [ -x "$PGBIN/initdb" ] || {
        echo "pg.sh: PostgreSQL 15 is not installed ($PGBIN/initdb is missing);" \
            "install Debian's postgresql-15 package (scripts/deps.sh)" >&2
        exit 2
    }
    dir=$(absolute_dir "$1")
    mkdir -p "$dir"
    [ ! -e "$dir/data" ] || die "$dir/data exists already: is a server running there? (tests/pg.sh stop $dir)"
    # A unix socket's path is limited to 107 bytes.
    [ $((${#dir} + 16)) -le 107 ] || die "DIR is too long for a unix socket path: $dir"
    SERVER_USER=$(server_user)
    : >"$dir/$MARK"
    chmod 0755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown "$SERVER_USER" "$dir"
    as_server test -w "$dir" ||
        die "the user $SERVER_USER cannot write $dir (is a folder above it closed to others?)"

    port=$(free_port)
    if ! as_server "$PGBIN/initdb" -D "$dir/data" --auth=trust -U postgres --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed (log above, kept in $dir/initdb.log)"
    fi
    cat >>"$dir/data/postgresql.conf" <<EOF

# tests/pg.sh: a throwaway server for the tests
listen_addresses = ''
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
shared_buffers = 32MB
max_connections = 200
fsync = on
EOF
    if ! as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
        tail -n 30 "$dir/server.log" >&2 || true
        die "the server did not start (log above, kept in $dir/server.log)"
    fi
    # pg_ctl -w waits for the server's own "ready" mark; a query through
    # the socket is the proof a test needs.
    i=0
    until "$PGBIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -lt 100 ] || die "the server started but takes no connection on $dir (see $dir/server.log)"
        sleep 0.1
    done
    echo "postgresql:///postgres?host=$dir&port=$port&user=postgres"
}

stop() {
    [ -d "$1" ] || die "no such folder: $1"
    dir=$(absolute_dir "$1")
    [ -e "$dir/$MARK" ] || die "$dir was not made by tests/pg.sh start; not removing it"
    if [ -f "$dir/data/postmaster.pid" ]; then
        SERVER_USER=$(server_user)
        as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
            die "the server in $dir/data did not stop (see $dir/server.log); $dir kept"
    fi
    rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac
