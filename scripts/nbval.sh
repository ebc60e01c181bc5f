#!/usr/bin/env bash
# Run every notebook in book/ and solutions/ and compare each cell's output
# with the output stored in the notebook (nbval). What legitimately varies
# between runs is normalised by .nbval_sanitize.cfg.
set -uo pipefail
cd "$(dirname "$0")/.."

dirs=()
for d in book solutions; do
    [ -d "$d" ] && dirs+=("$d")
done
if [ ${#dirs[@]} -eq 0 ]; then
    echo "nbval: no book/ or solutions/ folder, nothing to check"
    exit 0
fi

# --dist loadfile keeps all cells of one notebook on one worker (one kernel).
.venv/bin/python -m pytest --nbval --nbval-current-env \
    --nbval-sanitize-with .nbval_sanitize.cfg \
    -n "${JOBS:-2}" --dist loadfile \
    "${dirs[@]}" "$@"
rc=$?
# Exit code 5 means "no tests collected": a folder without notebooks yet.
if [ $rc -eq 5 ]; then
    echo "nbval: no notebooks found in ${dirs[*]}"
    rc=0
fi
exit $rc
