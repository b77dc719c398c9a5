#!/usr/bin/env bash
# Set everything up and run examples/quickstart.py: on the embedded emulator, or on a real
# server when ARANGO_HOSTS (comma-separated URLs) and ARANGO_PASSWORD are set.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
exec .venv/bin/python examples/quickstart.py "$@"
