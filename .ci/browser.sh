#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/web) when it is missing.
#
#   bash .ci/browser.sh        # or: source .ci/browser.sh
#
# Playwright drives it through executable_path=/usr/bin/chromium; never `playwright install`
# (that downloads a browser build, which this environment cannot fetch). Safe to source: it
# never calls `exit` or `set -e` in the caller's shell, and returns non-zero if it could not install.

_according_browser() {
    if [ -x /usr/bin/chromium ]; then
        return 0
    fi
    local run=""
    if [ "$(id -u)" != 0 ]; then run="sudo"; fi
    echo "browser.sh: installing chromium" >&2
    $run apt-get update -qq >&2 \
        && DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 \
        || { echo "browser.sh: could not install chromium; browser tests will be skipped" >&2; return 1; }
}

_according_browser
