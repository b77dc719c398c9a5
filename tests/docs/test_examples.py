"""Every program under ``docs/examples/`` runs, on the embedded emulator, under asyncio and
under trio: the pages show parts of these programs (``literalinclude``), so what a page shows
is code that ran.

The contract of a program ``docs/examples/NAME.py`` (``docs/examples/README.md``): complete and
runnable as ``python docs/examples/NAME.py``; ``async def main() -> None`` does the work, on an
in-memory :class:`~arango_anyio.testing.Emulator` it makes itself; it prints what it shows and
asserts what it promises; a program written for one backend only says so with
``BACKENDS = ("trio",)``. Modules whose names start with ``_`` are helpers, not programs.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import anyio
import pytest

from tests.docs.pages import DOCS, ROOT

EXAMPLES = DOCS / "examples"
PROGRAMS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))
#: Bounds one program's run; the programs take well under a second each.
SECONDS_PER_PROGRAM = 60


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_example_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickle look their module up
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


@pytest.fixture
def no_real_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The programs run on their own emulator, whatever the environment points at."""
    for name in ("ARANGO_HOSTS", "ARANGO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.syspath_prepend(str(EXAMPLES))  # their helper modules, as when run directly


def test_programs_exist_and_are_complete() -> None:
    assert EXAMPLES.is_dir()
    for path in PROGRAMS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name}: say what it shows and how to run it"
        guards = [node for node in tree.body if isinstance(node, ast.If)
                  and ast.unparse(node.test) in {"__name__ == '__main__'",
                                                 '__name__ == "__main__"'}]
        assert guards, f"{path.name}: runs as a program (if __name__ == '__main__': ...)"


@pytest.mark.anyio
@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
async def test_program_runs(path: Path, anyio_backend: str, no_real_server: None,
                            capsys: pytest.CaptureFixture[str]) -> None:
    module = _load(path)
    backends = getattr(module, "BACKENDS", ("asyncio", "trio"))
    if anyio_backend not in backends:
        pytest.skip(f"{path.name} is written for {', '.join(backends)} only")
    main = getattr(module, "main", None)
    assert main is not None and inspect.iscoroutinefunction(main), \
        f"{path.name}: async def main() -> None runs the program"
    with anyio.fail_after(SECONDS_PER_PROGRAM):
        await main()
    assert capsys.readouterr().out.strip(), f"{path.name}: prints what it shows"


@pytest.mark.skipif(not PROGRAMS, reason="no programs yet")
def test_programs_run_as_commands() -> None:
    """``python docs/examples/NAME.py`` works: the ``__main__`` part of every program, run in
    one interpreter (one start-up for them all) from the repository root."""
    script = (
        "import os, runpy, sys\n"
        "for path in sys.argv[1:]:\n"
        "    sys.argv = [path]\n"
        "    sys.path.insert(0, os.path.dirname(path))\n"
        "    runpy.run_path(path, run_name='__main__')\n"
        "    print('ran', path, flush=True)\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARANGO_")}
    done = subprocess.run(
        [sys.executable, "-c", script, *(str(p.relative_to(ROOT)) for p in PROGRAMS)],
        cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=SECONDS_PER_PROGRAM * len(PROGRAMS))
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    for path in PROGRAMS:
        assert f"ran {path.relative_to(ROOT)}" in done.stdout
