#!/usr/bin/env bash
# Set up .venv with the package alone (no test toolchain) and run examples/quickstart.py: on
# the embedded emulator, or on a real server when ARANGO_HOSTS (comma-separated URLs) and
# ARANGO_PASSWORD are set. Arguments go to the example (e.g. --backend trio).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh --run
exec .venv/bin/python examples/quickstart.py "$@"
