#!/bin/sh
# web-deps.sh - installs what the web UI's browser tests need on Debian 12:
# Debian's Chromium (/usr/bin/chromium) and Node.js with npm. As root it runs
# apt-get; otherwise it prints the exact command to run. Idempotent.
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# A font with Han glyphs, so that screenshots of the Chinese UI are legible
# (the UI itself loads no font: it uses the system's).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    missing="$missing fonts-wqy-microhei"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "web-deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
else
    echo "web-deps: missing$missing; run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
