#!/usr/bin/env bash
# Create .venv (if needed) and install arango_anyio into it, editable, as a path that type
# checkers (mypy, pyright) resolve:
#   bash scripts/bootstrap.sh          the development set: the package, trio and the test
#                                      toolchain (pytest, hypothesis, mypy, ruff, build, twine)
#   bash scripts/bootstrap.sh --run    only what the examples need: the package and trio
# Quiet unless something fails; then it prints pip's log. Runs again only when pyproject.toml
# or this script changed. PYTHON=python3.12 picks the interpreter that makes the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

profile=dev
extras=test,trio
if [ "${1:-}" = "--run" ]; then
    profile=run
    extras=trio
fi

key=$(cat pyproject.toml scripts/bootstrap.sh | "$PY" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
# the development set includes the examples' set
if [ -f ".venv/.installed-dev-$key" ] || [ -f ".venv/.installed-$profile-$key" ]; then
    exit 0
fi

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "bootstrap: arango_anyio needs Python 3.10 or newer; $PY is $("$PY" -V 2>&1)." >&2
    echo "bootstrap: set PYTHON to a newer one, e.g. PYTHON=python3.12 ./test.sh" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
quietly() {
    if ! "$@" >>"$log" 2>&1; then
        echo "bootstrap: failed: $*" >&2
        echo "---- its output ----" >&2
        cat "$log" >&2
        exit 1
    fi
}

if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv with $("$PY" -V 2>&1) and installing ($profile set)..." >&2
    quietly "$PY" -m venv .venv
else
    echo "bootstrap: installing into .venv ($profile set)..." >&2
fi
quietly .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip
# editable_mode=compat: a plain path in a .pth file, which mypy and pyright follow (the
# default import-hook editable install is invisible to them)
quietly .venv/bin/python -m pip install --disable-pip-version-check -e ".[$extras]" \
    --config-settings editable_mode=compat
rm -f .venv/.installed-*
touch ".venv/.installed-$profile-$key"
