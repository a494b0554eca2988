#!/bin/sh
# deps.sh - make sure the Debian packages hamkor builds and tests with are
# installed. As root it installs what is missing with apt-get; otherwise it
# prints the exact command to run and fails. Called by `make run`,
# `make check` and `make bench`.
set -eu

PKGS="build-essential pkg-config libicu-dev libsqlite3-dev libstemmer-dev \
libroaring-dev libpq-dev libmicrohttpd-dev libjansson-dev libsodium-dev \
libcmocka-dev libcurl4-openssl-dev libyaml-dev sqlite3 curl postgresql-15 postfix \
python3-aiosmtpd openssl"
[ -n "${HAMKOR_EXTRA_PKGS:-}" ] && PKGS="$PKGS $HAMKOR_EXTRA_PKGS"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || true
    apt-get install -y -q $missing
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
else
    echo "deps: install them with:  sudo apt-get install -y$missing" >&2
    exit 1
fi
