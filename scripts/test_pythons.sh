#!/usr/bin/env bash
# Run the test suite under every supported Python this machine has (3.10 to 3.13, found as
# python3.X on PATH or in ~/.pyenv/versions), each in its own venv under build/pythons/.
#   bash scripts/test_pythons.sh                 all that are found
#   bash scripts/test_pythons.sh 3.10 3.13 -x    some, with arguments for pytest after them
# Prints one line per interpreter; pip's and pytest's output only for those that fail.
set -uo pipefail
cd "$(dirname "$0")/.."

versions=()
while [ $# -gt 0 ] && [[ "$1" =~ ^3\.[0-9]+$ ]]; do
    versions+=("$1")
    shift
done
[ ${#versions[@]} -gt 0 ] || versions=(3.10 3.11 3.12 3.13)

find_python() {
    local candidate
    # (a pyenv shim is on PATH for every version but runs only the selected ones)
    for candidate in "$(command -v "python$1")" "$HOME"/.pyenv/versions/"$1".*/bin/python; do
        if [ -x "$candidate" ] && "$candidate" -c '' >/dev/null 2>&1; then
            echo "$candidate"
            return
        fi
    done
}

failed=0
for version in "${versions[@]}"; do
    python=$(find_python "$version")
    if [ -z "$python" ]; then
        echo "Python $version: not on this machine, skipped"
        continue
    fi
    venv="build/pythons/$version"
    log="build/pythons/$version.log"
    mkdir -p build/pythons
    : >"$log"
    if [ ! -x "$venv/bin/python" ] || [ pyproject.toml -nt "$venv/.installed" ]; then
        if ! { "$python" -m venv "$venv" &&
               "$venv/bin/python" -m pip install -q --disable-pip-version-check -U pip &&
               "$venv/bin/python" -m pip install -q --disable-pip-version-check \
                   -e ".[test,trio]" --config-settings editable_mode=compat; } >>"$log" 2>&1
        then
            echo "Python $version ($python): install FAILED"
            cat "$log"
            failed=1
            continue
        fi
        touch "$venv/.installed"
    fi
    start=$SECONDS
    if "$venv/bin/python" -m pytest -q "$@" >>"$log" 2>&1; then
        echo "Python $("$venv/bin/python" -V 2>&1 | cut -d' ' -f2): $(tail -n 1 "$log") ($((SECONDS - start)) s)"
    else
        echo "Python $version ($python): FAILED"
        tail -n 60 "$log"
        failed=1
    fi
done
exit $failed
