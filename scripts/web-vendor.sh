#!/bin/sh
# web-vendor.sh - the npm libraries the web UI serves itself (docs/web-ui.md,
# "Libraries"): installs the exact versions of package-lock.json with
# `npm ci` into node_modules/ and copies the files the pages load into
# web/vendor/, so that hamkor serves them and nothing is loaded from
# outside. Needs Node.js with npm: as root it installs Debian's nodejs and
# npm when missing; otherwise it prints the command. Idempotent: npm ci
# runs again only when package-lock.json is newer than node_modules.
# Called by `make web-vendor` (and so by make run, make check, make web).
set -eu
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "web-vendor: installing nodejs npm" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends nodejs npm >&2
    else
        echo "web-vendor: npm is missing; run:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends nodejs npm" >&2
        exit 1
    fi
fi
if [ ! -f node_modules/chart.js/package.json ] ||
   [ -n "$(find package-lock.json -newer node_modules/.package-lock.json 2>/dev/null)" ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
mkdir -p web/vendor
# Chart.js's UMD bundle (its colour helper included): imported as a module,
# it sets globalThis.Chart. Its licence goes with it.
cp node_modules/chart.js/dist/chart.umd.min.js web/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md web/vendor/chart.js.LICENSE.txt
