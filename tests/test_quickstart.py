"""The README's quickstart runs on the embedded emulator under both backends."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REAL_SERVER

pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quickstart.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quickstart_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_quickstart_runs(capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    if not REAL_SERVER:
        monkeypatch.delenv("ARANGO_HOSTS", raising=False)
    await _load().main()
    out = capsys.readouterr().out
    assert "server version: 3.12" in out or REAL_SERVER
    assert "inserted: 7 orders" in out
    assert "totals per customer: {'ada': 132, 'bob': 150}" in out
    assert "orders by total: ['o7', 'o6', 'o5', 'o4', 'o3', 'o2', 'o1'] count: 7" in out
    assert "o1 after transaction: 13" in out
    assert out.rstrip().endswith("done")
