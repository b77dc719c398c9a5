"""execute_many and the fan-out examples (run against the emulator)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import anyio
import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import AQLQueryExecuteError, InvalidArgumentError
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_execute_many_keeps_the_order(rec_db: StandardDatabase,
                                            recorder: RecordingHTTPClient,
                                            emulator: Emulator) -> None:
    recorder.delay = 0.005
    queries: list[str | tuple[str, dict[str, object]]] = [
        ("FOR i IN 1..@n RETURN i", {"n": n}) for n in range(12, 0, -1)]
    queries.append("RETURN 'plain'")
    results = await rec_db.aql.execute_many(queries, concurrency=3, batch_size=4)
    assert results[:-1] == [list(range(1, n + 1)) for n in range(12, 0, -1)]
    assert results[-1] == ["plain"]
    assert recorder.max_in_flight_per_trx[""] <= 3  # bounded
    assert recorder.max_in_flight_per_trx[""] > 1  # and really concurrent
    assert emulator.open_cursors() == []


async def test_execute_many_first_error_cancels_the_rest(db: StandardDatabase,
                                                         emulator: Emulator) -> None:
    queries = ["RETURN SLEEP(3)"] * 4 + ["FOR d IN missing RETURN d"]
    with anyio.fail_after(2):
        with pytest.raises(AQLQueryExecuteError) as info:
            await db.aql.execute_many(queries, concurrency=8)
    assert info.value.error_code == 1203
    assert emulator.running_queries() == []
    assert emulator.open_cursors() == []


async def test_execute_many_arguments(db: StandardDatabase) -> None:
    assert await db.aql.execute_many([]) == []
    with pytest.raises(InvalidArgumentError):
        await db.aql.execute_many(["RETURN 1"], concurrency=0)
    with pytest.raises(InvalidArgumentError):
        await db.aql.execute_many(["RETURN 1"], bind_vars={"x": 1})


async def test_fanout_example(capsys: pytest.CaptureFixture[str]) -> None:
    result = await load_example("fanout").main()
    assert [row["region"] for row in result["by_region"]] == [
        "north", "south", "east", "west", "centre"]
    assert sum(row["n"] for row in result["by_region"]) == 1000
    assert "big fan-out finished: True" in capsys.readouterr().out


async def test_backend_specific_example(anyio_backend: str) -> None:
    if anyio_backend == "trio":
        counts = await load_example("fanout_trio").main()
    else:
        if sys.version_info < (3, 11):  # pragma: no cover
            pytest.skip("asyncio.TaskGroup needs Python 3.11")
        counts = await load_example("fanout_asyncio").main()
    assert counts == [1000 // k for k in range(1, 11)]
