#!/usr/bin/env bash
# Make sure Graphviz's `dot` program is on PATH: the Python package `graphviz`
# only writes DOT text and calls `dot` to draw it.
# As root (or with passwordless sudo) on Debian/Ubuntu we install it ourselves;
# anywhere else we stop and say what to install.
set -euo pipefail

if command -v dot >/dev/null 2>&1; then
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
        echo "Graphviz's dot is missing: installing the Debian/Ubuntu package graphviz"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -q
        $SUDO apt-get install -y -q graphviz
        command -v dot >/dev/null 2>&1 && exit 0
    fi
fi

cat >&2 <<'MSG'
Graphviz's `dot` program is not installed (the book draws computational graphs with it).
Install it, then run make again:
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
MSG
exit 1
