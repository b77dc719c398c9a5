"""The emulator behaves like a server in time: in-process requests pass a checkpoint, long
queries run in slices (the caller's cancel scope and ``request_timeout`` act while they run,
and ending the caller ends the query), ``maxRuntime`` and kills act while a query runs, and one
slow query does not stall the other connections of ``serve()``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.errno import QUERY_KILLED
from arango_anyio.exceptions import AQLQueryExecuteError, RequestTimeoutError
from arango_anyio.testing import Emulator, serve

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

#: Runs for seconds on the emulator (no collection needed): 3 million rows, filtered.
HEAVY = "FOR i IN 1..3000000 FILTER i % 7 == 3 RETURN i"
#: The bound the issue sets for a cancelled heavy query, with room for a loaded machine.
ENDS_WITHIN = 1.0


@asynccontextmanager
async def connect(emu: Emulator, transport: str, request_timeout: float | None = None
                  ) -> AsyncIterator[StandardDatabase]:
    """``_system`` as root, in-process or over ``serve()``."""
    if transport == "inprocess":
        async with ArangoClient(hosts="http://emu:8529", http_client=emu.http_client(),
                                request_timeout=request_timeout) as client:
            yield await client.db("_system", username="root", password="")
        return
    async with serve(emu, coordinators=1) as urls, \
            ArangoClient(hosts=urls, request_timeout=request_timeout) as client:
        yield await client.db("_system", username="root", password="")


TRANSPORTS = pytest.mark.parametrize("transport", ["inprocess", "serve"])


async def running_queries(db: StandardDatabase, *, present: bool) -> list[dict[str, Any]]:
    """Poll ``/_api/query/current`` until a query runs (``present``) or none does."""
    with anyio.fail_after(5):
        while True:
            running = await db.aql.queries()
            if bool(running) == present:
                return running
            await anyio.sleep(0.005)


async def test_cancel_scope_acts_on_a_loop_of_in_process_gets() -> None:
    emu = Emulator()
    async with connect(emu, "inprocess") as db:
        col = await db.create_collection("c")
        await col.insert({"_key": "k"})
        started = time.perf_counter()
        with anyio.move_on_after(0.05) as scope:
            while True:
                await col.get("k")
        assert scope.cancelled_caught
        assert time.perf_counter() - started < ENDS_WITHIN


async def test_other_tasks_run_during_in_process_traffic() -> None:
    emu = Emulator()
    async with connect(emu, "inprocess") as db:
        col = await db.create_collection("c")
        await col.insert({"_key": "k"})
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await anyio.sleep(0.001)
                ticks += 1

        async with anyio.create_task_group() as tg:
            tg.start_soon(ticker)
            for _ in range(500):
                await col.get("k")
            tg.cancel_scope.cancel()
        assert ticks > 0


@TRANSPORTS
async def test_a_cancelled_heavy_query_ends_on_time_and_is_gone(transport: str) -> None:
    emu = Emulator()
    async with connect(emu, transport) as db:
        started = time.perf_counter()
        with anyio.move_on_after(0.1) as scope:
            async with db.aql.execute(HEAVY, batch_size=1000) as cursor:
                async for _ in cursor:
                    pass
        assert scope.cancelled_caught  # the caller's own deadline, swallowed by its scope
        assert time.perf_counter() - started < ENDS_WITHIN
        await running_queries(db, present=False)


@TRANSPORTS
async def test_request_timeout_on_a_heavy_query(transport: str) -> None:
    emu = Emulator()
    async with connect(emu, transport, request_timeout=0.1) as db:
        started = time.perf_counter()
        with pytest.raises(RequestTimeoutError):
            await db.aql.execute(HEAVY)
        assert time.perf_counter() - started < ENDS_WITHIN
        await running_queries(db, present=False)


@TRANSPORTS
async def test_max_runtime_is_enforced_while_the_query_runs(transport: str) -> None:
    emu = Emulator()
    async with connect(emu, transport) as db:
        started = time.perf_counter()
        with pytest.raises(AQLQueryExecuteError) as caught:
            await db.aql.execute(HEAVY, max_runtime=0.05)
        assert caught.value.error_code == QUERY_KILLED
        assert caught.value.http_code == 410
        assert time.perf_counter() - started < ENDS_WITHIN


@TRANSPORTS
async def test_a_running_query_can_be_killed(transport: str) -> None:
    emu = Emulator()
    async with connect(emu, transport) as db:
        errors: list[AQLQueryExecuteError] = []

        async def run() -> None:
            try:
                await db.aql.execute(HEAVY)
            except AQLQueryExecuteError as error:
                errors.append(error)

        async with anyio.create_task_group() as tg:
            tg.start_soon(run)
            running = await running_queries(db, present=True)
            assert [q["query"] for q in running] == [HEAVY]
            assert emu.running_queries() == [running[0]["id"]]
            await db.aql.kill(running[0]["id"])
        assert [e.error_code for e in errors] == [QUERY_KILLED]
        assert emu.running_queries() == []


async def test_a_slow_query_does_not_stall_other_connections() -> None:
    emu = Emulator()
    async with serve(emu, coordinators=1) as urls, \
            ArangoClient(hosts=urls) as slow_client, ArangoClient(hosts=urls) as fast_client:
        slow = await slow_client.db("_system", username="root", password="")
        fast = await fast_client.db("_system", username="root", password="")
        col = await fast.create_collection("c")
        await col.insert({"_key": "k"})
        async def run_slow() -> None:
            await slow.aql.execute(HEAVY)

        async with anyio.create_task_group() as tg:
            tg.start_soon(run_slow)
            await running_queries(fast, present=True)
            with anyio.fail_after(ENDS_WITHIN * 5):
                for _ in range(10):
                    await col.get("k")
            assert emu.running_queries()  # still running: the gets did not wait for it
            tg.cancel_scope.cancel()
        await running_queries(fast, present=False)  # the hung-up client's query is killed


async def test_a_large_bulk_write_lets_other_tasks_run_and_is_never_torn() -> None:
    emu = Emulator()
    async with connect(emu, "inprocess") as db:
        col = await db.create_collection("c")
        docs = [{"n": i, "pad": "x" * 16} for i in range(20_000)]  # one request of ~700 kB
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await anyio.sleep(0.001)
                ticks += 1

        async with anyio.create_task_group() as tg:
            tg.start_soon(ticker)
            await col.insert_many(docs)
            tg.cancel_scope.cancel()
        assert ticks > 0  # the event loop ran while the documents were written
        with anyio.move_on_after(0.01):
            await col.insert_many([{"m": i} for i in range(20_000)])
        assert await col.count() in (20_000, 40_000)  # a cut-off request: all or nothing


async def test_a_lock_wait_of_a_client_that_hung_up_ends() -> None:
    emu = Emulator()
    async with serve(emu, coordinators=1) as urls, ArangoClient(hosts=urls) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("c")
        holder = await db.begin_transaction(exclusive="c")
        with anyio.move_on_after(0.1):  # gives up waiting: the client drops the connection
            await db.begin_transaction(write="c")
        await anyio.sleep(0.05)
        await holder.commit()
        await anyio.sleep(0.05)
        assert emu.running_transactions() == []  # the abandoned begin took no locks


async def test_a_stored_async_query_outlives_its_connection() -> None:
    emu = Emulator()
    query = "FOR i IN 1..200000 FILTER i % 1000 == 0 RETURN i"  # several slices
    async with serve(emu, coordinators=1) as urls:
        async with ArangoClient(hosts=urls) as client:
            db = await client.db("_system", username="root", password="")
            job = await db.begin_async_execution().aql.execute(query, batch_size=1000)
        # the connection that submitted it is closed now; the job runs on
        async with httpx.AsyncClient(base_url=urls[0], auth=("root", "")) as http:
            with anyio.fail_after(10):
                for _ in range(1000):  # polls a job (no event to wait on)
                    if (await http.get(f"/_api/job/{job.id}")).status_code != 204:
                        break
                    await anyio.sleep(0.01)
            answer = await http.put(f"/_api/job/{job.id}")
        assert answer.status_code == 201, answer.text
        assert len(answer.json()["result"]) == 200


async def test_an_exclusive_lock_waits_for_a_bulk_write_in_progress() -> None:
    emu = Emulator()
    async with connect(emu, "inprocess") as db:
        col = await db.create_collection("c")
        docs = [{"n": i, "pad": "x" * 16} for i in range(40_000)]
        async with anyio.create_task_group() as tg:
            tg.start_soon(col.insert_many, docs)
            with anyio.fail_after(10):
                for _ in range(100_000):  # until the bulk write is under way
                    if emu.documents("c"):
                        break
                    await anyio.lowlevel.checkpoint()
            txn = await db.begin_transaction(exclusive="c")
            # the lock was granted only once the whole bulk write was in
            assert len(emu.documents("c")) == 40_000
            await txn.abort()
