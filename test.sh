#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, tests (asyncio and trio).
# Arguments go to pytest (./test.sh tests/client -x) and then only those tests run. Without
# arguments, the tests that cross the JSON codec also run on the stdlib codec (no orjson)
# first, and the suite includes tests/packaging (builds the sdist and wheel, and runs the
# wheel from a clean venv).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
.venv/bin/python -m ruff check arango_anyio tests examples benchmarks scripts docs
.venv/bin/python -m mypy --strict arango_anyio tests examples
# the site's programs apart: their names may repeat those in examples/
.venv/bin/python -m mypy --strict docs/examples
if [ $# -gt 0 ]; then
    exec .venv/bin/python -m pytest -q "$@"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ARANGO_ANYIO_NO_ORJSON=1 .venv/bin/python -m pytest -q tests/client tests/api \
        tests/conformance tests/test_quickstart.py tests/reliability/test_hostile_input.py \
        tests/reliability/test_bad_answers.py >"$log" 2>&1; then
    echo "stdlib JSON codec (ARANGO_ANYIO_NO_ORJSON=1): $(tail -n 1 "$log")"
else
    cat "$log"
    echo "FAILED on the stdlib JSON codec (ARANGO_ANYIO_NO_ORJSON=1)" >&2
    exit 1
fi
.venv/bin/python -m pytest -q
