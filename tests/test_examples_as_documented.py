"""Every example runs as its docstring says: each ``.venv/bin/python examples/...`` line,
from the repository root, on the embedded emulator. (What the examples print is checked by
the tests of their API areas; this checks the way they are started.)"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REAL_SERVER

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = re.compile(r"^ {4}(\.venv/bin/python examples/\S+\.py.*?)(?:\s+#.*)?$", re.M)


def documented_commands() -> list[tuple[str, list[str]]]:
    commands = []
    for path in sorted((ROOT / "examples").glob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        found = DOCUMENTED.findall(docstring)
        assert found, f"{path.name} does not say how to run it"
        commands += [(path.name, shlex.split(line)) for line in found]
    return commands


@pytest.mark.skipif(REAL_SERVER, reason="the examples' real-server mode needs no new test")
@pytest.mark.parametrize("example, command", documented_commands(),
                         ids=[" ".join(c[1:]) for _, c in documented_commands()])
def test_example_runs_as_documented(example: str, command: list[str]) -> None:
    # the interpreter running the tests: .venv/bin/python itself under ./test.sh
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARANGO_")}
    done = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{example}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert done.stdout.strip(), example
