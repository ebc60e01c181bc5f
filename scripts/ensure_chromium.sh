#!/usr/bin/env bash
# Make sure headless Chromium and its matching driver are installed: the
# browser test of the book (tests/book/test_pages.py, `make test-book`) drives
# them. Both come from the distribution's packages (chromium, chromium-driver),
# so the driver always matches the browser and nothing is downloaded at run time.
# As root (or with passwordless sudo) on Debian/Ubuntu we install them
# ourselves; anywhere else we stop and say what to install.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        SUDO="none"
    fi
    if [ "$SUDO" != "none" ]; then
        echo "Chromium or its driver is missing: installing the Debian packages chromium and chromium-driver"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -q
        $SUDO apt-get install -y -q chromium chromium-driver
        command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && exit 0
    fi
fi

cat >&2 <<'MSG'
The browser test of the book needs Chromium and its driver (chromium, chromedriver).
Install them, then run make again:
  Debian:  sudo apt-get install chromium chromium-driver
  Ubuntu:  sudo apt-get install chromium-browser chromium-chromedriver
  macOS:   brew install --cask chromium && brew install chromedriver
MSG
exit 1
