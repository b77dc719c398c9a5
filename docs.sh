#!/usr/bin/env bash
# Build the documentation site into docs/_build/html: Sphinx with warnings as errors and
# nitpicky cross-references (every reference must resolve), then check that the API reference
# lists every public method (tests/docs/test_reference.py reads the built objects.inv).
# Sets up .venv first (scripts/bootstrap.sh, then the "docs" extra); quiet unless something
# fails, and again only when pyproject.toml or this script changed. Arguments go to
# sphinx-build (./docs.sh -E rebuilds everything). Sphinx 9 needs Python 3.11 or newer.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
PY=.venv/bin/python

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "docs.sh: the documentation is built with Sphinx 9, which needs Python 3.11 or newer;" >&2
    echo "docs.sh: .venv has $("$PY" -V 2>&1). Make it anew with a newer one:" >&2
    echo "docs.sh:     rm -rf .venv && PYTHON=python3.12 ./docs.sh" >&2
    exit 1
fi

key=$(cat pyproject.toml docs.sh | "$PY" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
if [ ! -f ".venv/.installed-docs-$key" ]; then
    echo "docs.sh: installing the documentation toolchain into .venv..." >&2
    log=$(mktemp)
    # the docs extra's requirements alone: the package itself stays the editable install
    # that scripts/bootstrap.sh made
    if ! "$PY" -c 'import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["docs"]))' >"$log.req" \
        || ! "$PY" -m pip install --disable-pip-version-check -r "$log.req" >"$log" 2>&1; then
        echo "docs.sh: installing the documentation toolchain failed:" >&2
        cat "$log" >&2
        rm -f "$log" "$log.req"
        exit 1
    fi
    rm -f "$log" "$log.req" .venv/.installed-docs-*
    touch ".venv/.installed-docs-$key"
fi

# docs/_build/doctrees keeps Sphinx's environment between builds, so a build after a small
# change re-reads only what changed. A failed build drops it: Sphinx reports a page's warnings
# only when it reads the page, and the next build must report them all again.
# Sphinx notices changed pages and modules, not a changed conf.py function or inventory.
conf_key=$(cat docs/conf.py docs/_inventories/*.inv | "$PY" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
if [ "$(cat docs/_build/doctrees/.conf-key 2>/dev/null)" != "$conf_key" ]; then
    rm -rf docs/_build/doctrees
fi
start=$(date +%s)
if ! "$PY" -m sphinx -b html -W --keep-going -n -q -d docs/_build/doctrees "$@" \
        docs docs/_build/html; then
    rm -rf docs/_build/doctrees
    echo "docs.sh: the build has warnings (above); it is not done" >&2
    exit 1
fi
echo "$conf_key" > docs/_build/doctrees/.conf-key
echo "docs.sh: built docs/_build/html in $(( $(date +%s) - start )) s"
ARANGO_ANYIO_DOCS_BUILT=docs/_build/html "$PY" -m pytest -q -s tests/docs/test_reference.py
