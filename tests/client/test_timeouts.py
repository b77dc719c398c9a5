"""Timeouts are cancel scopes: request_timeout bounds each call; the caller's scope wins."""

from __future__ import annotations

import anyio
import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import RequestTimeoutError
from arango_anyio.testing import Emulator

from ..conftest import ROOT_PASSWORD

pytestmark = pytest.mark.emulator_only

HOST = "http://c0:8529"


@pytest.mark.anyio
async def test_request_timeout_raises_typed_error(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client(),
                            request_timeout=0.2) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.add_latency(5)
        started = anyio.current_time()
        with pytest.raises(RequestTimeoutError) as info:
            await db.version()
        assert isinstance(info.value, TimeoutError)
        assert anyio.current_time() - started < 1.5
        assert "request_timeout" in str(info.value)
        emulator.faults.clear_latency()
        assert await db.version()
        assert client.statistics().hosts[HOST].in_flight == 0


@pytest.mark.anyio
async def test_callers_move_on_after_wins_and_is_not_converted(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client(),
                            request_timeout=30) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.add_latency(5)
        with anyio.move_on_after(0.1) as scope:
            await db.version()
        assert scope.cancelled_caught
        with pytest.raises(TimeoutError) as info:
            with anyio.fail_after(0.1):
                await db.version()
        assert not isinstance(info.value, RequestTimeoutError)


@pytest.mark.anyio
async def test_cancellation_from_outside_propagates(emulator: Emulator) -> None:
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client()) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.add_latency(5)
        reached = anyio.Event()
        finished = []

        async def call() -> None:
            reached.set()
            await db.version()
            finished.append(True)  # pragma: no cover - must not run

        async with anyio.create_task_group() as tg:
            tg.start_soon(call)
            await reached.wait()
            await anyio.sleep(0.01)
            tg.cancel_scope.cancel()
        assert finished == []
        assert client.statistics().hosts[HOST].in_flight == 0


@pytest.mark.trio
async def test_back_off_grows_exponentially_with_jitter(autojump_clock: object) -> None:
    import trio

    emulator = Emulator(root_password=ROOT_PASSWORD)
    async with ArangoClient(hosts=HOST, http_client=emulator.http_client(), max_retries=4,
                            retry_backoff=1.0, retry_backoff_max=100,
                            request_timeout=None) as client:
        db = await client.db("_system", password=ROOT_PASSWORD)
        emulator.faults.fail_next(4, path="/_api/version")
        started = trio.current_time()
        assert await db.version()
        elapsed = trio.current_time() - started
    # delays 1, 2, 4, 8 seconds, each scaled by a jitter factor in [0.5, 1.0]
    assert 7.5 <= elapsed <= 15.01
