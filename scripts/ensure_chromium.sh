#!/usr/bin/env bash
# Make sure headless Chromium and its matching driver are installed: the
# browser test of the book (tests/browser/test_pages.py, `make test-book`) drives
# them. Both come from the distribution's packages (chromium, chromium-driver),
# so the driver always matches the browser and nothing is downloaded at run time.
# As root (or with passwordless sudo) on Debian/Ubuntu we install them
# ourselves (apt_install.sh); anywhere else we stop and say what to install.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi

echo "Chromium or its driver is missing"
"$(dirname "$0")/apt_install.sh" chromium chromium-driver && command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && exit 0

cat >&2 <<'MSG'
The browser test of the book needs Chromium and its driver (chromium, chromedriver).
Install them, then run make again:
  Debian:  sudo apt-get install chromium chromium-driver
  Ubuntu:  sudo apt-get install chromium-browser chromium-chromedriver
  macOS:   brew install --cask chromium && brew install chromedriver
MSG
exit 1
