#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, tests (asyncio and trio).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
.venv/bin/python -m ruff check arango_anyio tests examples benchmarks scripts
.venv/bin/python -m mypy --strict arango_anyio tests examples
exec .venv/bin/python -m pytest -q "$@"
