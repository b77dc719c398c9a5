"""examples/bulk_import.py runs against the emulator (both backends)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "bulk_import.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bulk_import_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_bulk_import_example(capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example()
    report = await example.run(documents=3000, batch_size=250, concurrency=3)
    assert report.finished
    assert report.counts() == {"written": 2997, "failed": 3, "not_sent": 0, "unknown": 0}
    assert report.failed == [999, 1999, 2999]
    out = capsys.readouterr().out
    assert "collection holds 2997 documents" in out
    assert "document 999 failed" in out


async def test_bulk_import_example_cancelled(capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example()
    report = await example.run(documents=1000, batch_size=100, concurrency=2, cancel_after=0)
    assert report.finished
    assert report.counts()["not_sent"] == 1000
    assert "import cancelled" in capsys.readouterr().out
