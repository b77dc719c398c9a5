"""The protocols the type checker sees under async execution are generated from the API
classes (``scripts/gen_async_types.py``): they must be what the script makes of the code as
it is now."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import arango_anyio.job

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gen_async_types.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_async_types", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_generated_protocols_are_current() -> None:
    generator = _generator()
    files: dict[str, str] = generator.generate()
    output: Path = generator.OUTPUT
    on_disk = {path.name for path in output.glob("*.py")}
    assert on_disk == set(files), "run: python scripts/gen_async_types.py"
    stale = [name for name, text in files.items() if (output / name).read_text() != text]
    assert not stale, f"{stale} out of date; run: python scripts/gen_async_types.py"


def test_every_protocol_is_public() -> None:
    generated = set()
    for path in (ROOT / "arango_anyio" / "_api" / "async_types").glob("*.py"):
        generated.update(re.findall(r"^class (\w+)\(", path.read_text(), re.M))
    # AsyncDatabase is arango_anyio.AsyncDatabase; the group protocols are only bases.
    expected = generated - {"AsyncDatabase", "AsyncApiGroup", "AsyncApiGroupNoResult"}
    assert expected <= set(arango_anyio.job.__all__)
    for name in expected:  # loaded on first use, from the module that defines it
        protocol = getattr(arango_anyio.job, name)
        assert protocol.__name__ == name
        assert protocol.__module__.startswith("arango_anyio._api.async_types.")
