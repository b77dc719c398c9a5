"""Fan-out: many AQL queries at once, results collected in order — the same code under
asyncio and trio (AnyIO task groups).

After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/fanout.py                    # embedded emulator, asyncio
    .venv/bin/python examples/fanout.py --backend trio     # the very same code under trio

Set ``ARANGO_HOSTS`` (comma-separated URLs, e.g. ``http://c1:8529,http://c2:8529``) and
``ARANGO_PASSWORD`` to run it on a real server instead.

Three ways, from the most explicit to the shortest:

1. a bare task group, each task writing into its own slot of a result list;
2. the same, bounded by a ``CapacityLimiter`` (at most N queries in flight);
3. ``await db.aql.execute_many(queries, concurrency=N)``: bounded, results in order, and the
   first failing query cancels the rest.

Every query's cursor is used with ``async with``, so its server-side state is released even if
the fan-out is cancelled half-way (try the ``move_on_after`` at the end).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator

REGIONS = ["north", "south", "east", "west", "centre"]
TOTAL_BY_REGION = (
    "FOR o IN orders FILTER o.region == @region "
    "COLLECT AGGREGATE n = COUNT(o), total = SUM(o.total) RETURN {region: @region, n, total}"
)


@asynccontextmanager
async def open_db() -> AsyncIterator[StandardDatabase]:
    """``_system`` on ARANGO_HOSTS when set (round-robin over them), else on an in-process
    emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    if hosts:
        async with ArangoClient(hosts=hosts.split(","), host_resolver="roundrobin") as client:
            yield await client.db("_system", password=os.environ.get("ARANGO_PASSWORD", ""))
        return
    emulator = Emulator()
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        yield await client.db("_system")


async def seed(db: StandardDatabase, n: int = 1000) -> None:
    """A fresh ``orders`` collection with ``n`` orders spread over the regions."""
    await db.delete_collection("orders", ignore_missing=True)
    await db.create_collection("orders")
    async with db.aql.execute(
        "FOR i IN 1..@n INSERT {region: @regions[i % LENGTH(@regions)], total: i} INTO orders",
        bind_vars={"n": n, "regions": REGIONS},
    ):
        pass


async def one(db: StandardDatabase, query: str, bind_vars: dict[str, Any]) -> list[Any]:
    """Every document of one query (its cursor is deleted when done or cancelled)."""
    async with db.aql.execute(query, bind_vars=bind_vars, batch_size=100) as cursor:
        return [doc async for doc in cursor]


async def fan_out(db: StandardDatabase) -> list[list[Any]]:
    """1. A bare task group: one task per query, each fills its own slot (so the order is
    the order of the queries, not of completion)."""
    results: list[list[Any]] = [[] for _ in REGIONS]

    async def run(i: int, region: str) -> None:
        results[i] = await one(db, TOTAL_BY_REGION, {"region": region})

    async with anyio.create_task_group() as tg:
        for i, region in enumerate(REGIONS):
            tg.start_soon(run, i, region)
    return results


async def fan_out_bounded(db: StandardDatabase, limit: int = 2) -> list[list[Any]]:
    """2. The same with at most ``limit`` queries in flight."""
    results: list[list[Any]] = [[] for _ in REGIONS]
    limiter = anyio.CapacityLimiter(limit)

    async def run(i: int, region: str) -> None:
        async with limiter:
            results[i] = await one(db, TOTAL_BY_REGION, {"region": region})

    async with anyio.create_task_group() as tg:
        for i, region in enumerate(REGIONS):
            tg.start_soon(run, i, region)
    return results


async def main() -> dict[str, Any]:
    async with open_db() as db:
        await seed(db)
        first = await fan_out(db)
        second = await fan_out_bounded(db)
        # 3. The helper: bounded, ordered, first error cancels the rest.
        third = await db.aql.execute_many(
            [(TOTAL_BY_REGION, {"region": r}) for r in REGIONS], concurrency=3)
        assert first == second == third
        for rows in third:
            print(rows[0])

        # A deadline around the whole fan-out: cancelled queries leave nothing behind on the
        # server (each cursor is deleted; the server is told the remaining time as maxRuntime).
        with anyio.move_on_after(5) as scope:
            await db.aql.execute_many([f"FOR i IN 1..{n} RETURN i" for n in range(1, 50)],
                                      concurrency=8, batch_size=10)
        print("big fan-out finished:", not scope.cancelled_caught)
        await db.delete_collection("orders")
        return {"by_region": [rows[0] for rows in third]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    anyio.run(main, backend=parser.parse_args().backend)
