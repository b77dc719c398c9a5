"""Timeouts and cancellation: the client's request_timeout, your own cancel scopes (which
always win), deadlines sent to the server as maxRuntime, and clean-up when a block is
cancelled (docs/concepts/timeouts.md).

    python docs/examples/timeouts.py                   # asyncio, then trio
    python docs/examples/timeouts.py --backend trio

The slow server is the emulator with ``emulator.faults.add_latency(...)``.
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, BulkReport, StandardDatabase
from arango_anyio.exceptions import RequestTimeoutError
from arango_anyio.testing import Emulator


async def request_timeout(emulator: Emulator) -> None:
    emulator.faults.add_latency(0.5)             # every request takes 0.5 s more
    # [start request-timeout]
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                            request_timeout=0.2) as client:
        db = await client.db("_system", username="root", password="")
        try:
            await db.collection("orders").count()
        except RequestTimeoutError as error:     # a TimeoutError too
            print("request_timeout:", error)
    # [end request-timeout]
    emulator.faults.clear_latency()


async def your_scopes(db: StandardDatabase, emulator: Emulator) -> None:
    emulator.faults.add_latency(0.5)
    # [start your-scopes]
    with anyio.move_on_after(0.1) as scope:      # gives up quietly
        await db.collection("orders").count()
    print("move_on_after caught its cancellation:", scope.cancelled_caught)

    try:
        with anyio.fail_after(0.1):              # raises TimeoutError, not RequestTimeoutError
            await db.collection("orders").count()
    except TimeoutError as error:
        print("fail_after:", type(error).__name__)
    # [end your-scopes]
    emulator.faults.clear_latency()


async def max_runtime(db: StandardDatabase, emulator: Emulator) -> None:
    # [start max-runtime]
    slow = "FOR a IN 1..3000 FOR b IN 1..3000 FILTER a * b == -1 RETURN a"
    with anyio.move_on_after(0.2) as scope:
        # sent with maxRuntime = 0.2 (the time left): the server stops the query in time
        await db.aql.execute(slow)
    print("query given up:", scope.cancelled_caught, "- running on the server:",
          emulator.running_queries())
    # [end max-runtime]


async def cleanup(db: StandardDatabase, emulator: Emulator) -> None:
    # [start cleanup]
    with anyio.move_on_after(0.05):
        async with db.aql.execute("FOR i IN 1..100 RETURN i", batch_size=10) as cursor:
            async for _ in cursor:
                await anyio.sleep(0.01)          # cancelled in here
    print("cursors left:", emulator.open_cursors())

    with anyio.move_on_after(0.05):
        async with db.begin_transaction(write="orders") as txn:
            await txn.collection("orders").insert({"_key": "never"})
            await anyio.sleep(1)                 # cancelled in here: aborted
    print("transactions left:", emulator.running_transactions(),
          "- 'never' stored:", await db.collection("orders").has("never"))
    # [end cleanup]
    assert emulator.open_cursors() == [] and emulator.running_transactions() == []


async def bulk(db: StandardDatabase, emulator: Emulator) -> None:
    emulator.faults.add_latency(0.02)
    # [start bulk]
    report = BulkReport()
    with anyio.move_on_after(0.1) as scope:
        await db.collection("orders").insert_many(
            [{"n": i} for i in range(2_000)], batch_size=100, concurrency=2, report=report)
    print("bulk cancelled:", scope.cancelled_caught, report.counts())
    # [end bulk]
    emulator.faults.clear_latency()


async def main() -> None:
    emulator = Emulator(root_password="")
    await request_timeout(emulator)
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("orders")
        await your_scopes(db, emulator)
        await max_runtime(db, emulator)
        await cleanup(db, emulator)
        await bulk(db, emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
