#!/usr/bin/env bash
# Install Debian/Ubuntu packages, when this machine lets us: as root, or with
# passwordless sudo. Exits 1 without trying anywhere else (no apt-get, no
# rights); the ensure_*.sh script that called it then says what to install.
set -euo pipefail

command -v apt-get >/dev/null 2>&1 || exit 1
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    exit 1
fi
echo "installing the Debian/Ubuntu packages: $*"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "$@"
