#!/usr/bin/env bash
# Make sure Graphviz's `dot` program is on PATH: the Python package `graphviz`
# only writes DOT text and calls `dot` to draw it.
# As root (or with passwordless sudo) on Debian/Ubuntu we install it ourselves
# (apt_install.sh); anywhere else we stop and say what to install.
set -euo pipefail

if command -v dot >/dev/null 2>&1; then
    exit 0
fi

echo "Graphviz's dot is missing"
"$(dirname "$0")/apt_install.sh" graphviz && command -v dot >/dev/null 2>&1 && exit 0

cat >&2 <<'MSG'
Graphviz's `dot` program is not installed (the book draws computational graphs with it).
Install it, then run make again:
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
MSG
exit 1
