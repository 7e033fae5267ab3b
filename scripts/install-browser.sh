#!/usr/bin/env bash
# Installs Debian's Chromium for the browser end-to-end test (tests/test_web_e2e.py).
# Idempotent: does nothing when /usr/bin/chromium is already there. The test drives it
# with Python Playwright through executable_path, so no browser is ever downloaded
# by Playwright itself (`playwright install` is never needed).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser.sh: need root (or sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# quiet unless it fails: then the whole apt log is shown
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-browser.sh: apt-get could not install chromium" >&2
    exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "install-browser.sh: chromium was installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
