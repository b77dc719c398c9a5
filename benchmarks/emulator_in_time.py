"""Measure the emulator in time, as a user would (issue 12's "done when"), on both backends,
in-process and over ``serve()``:

- how long after its deadline a ``move_on_after(0.05)`` around a loop of gets ends;
- how many of its ticks a 5 ms ticker task gets during 3,000 gets;
- how long a heavy query (200,000 documents) under ``move_on_after(0.1)`` takes to end, what
  it raises, and how many queries are left in ``/_api/query/current``;
- what ``request_timeout=0.1`` on that query raises, and after how long.

``python benchmarks/emulator_in_time.py [--rounds N]`` prints one line per round and setting.
Not part of the test run; everything listens on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import RequestTimeoutError
from arango_anyio.http import HTTPClient
from arango_anyio.testing import Emulator, serve

HEAVY = "FOR d IN big FILTER d.v % 7 == 3 SORT d.v DESC RETURN MERGE(d, {x: d.v * 2})"
DOCUMENTS = 200_000
GETS = 3_000


async def _get_loop(db: StandardDatabase) -> float:
    col = db.collection("c")
    started = time.perf_counter()
    with anyio.move_on_after(0.05):
        for _ in range(10_000_000):  # bounded: the scope ends it long before
            await col.get("k")
    return (time.perf_counter() - started - 0.05) * 1000


async def _ticker_share(db: StandardDatabase) -> str:
    col = db.collection("c")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await anyio.sleep(0.005)
            ticks += 1

    async with anyio.create_task_group() as tg:
        tg.start_soon(ticker)
        started = time.perf_counter()
        for _ in range(GETS):
            await col.get("k")
        elapsed = time.perf_counter() - started
        tg.cancel_scope.cancel()
    return f"{ticks}/{int(elapsed / 0.005)}"


async def _cancelled_heavy(db: StandardDatabase) -> tuple[float, str, int]:
    raised = "nothing"
    started = time.perf_counter()
    try:
        with anyio.move_on_after(0.1):
            async with db.aql.execute(HEAVY, batch_size=1000) as cursor:
                async for _ in cursor:
                    pass
    except Exception as error:
        raised = repr(error)
    ended = (time.perf_counter() - started) * 1000
    return ended, raised, len(await db.aql.queries())


async def _timed_out_heavy(hosts: str | list[str], http_client: HTTPClient | None
                           ) -> tuple[str, float]:
    async with ArangoClient(hosts=hosts, http_client=http_client,
                            request_timeout=0.1) as client:
        db = await client.db("_system", username="root", password="")
        started = time.perf_counter()
        try:
            await db.aql.execute(HEAVY, batch_size=1000)
            outcome = "nothing"
        except RequestTimeoutError:
            outcome = "RequestTimeoutError"
        except Exception as error:
            outcome = repr(error)
        return outcome, (time.perf_counter() - started) * 1000


async def _measure(hosts: str | list[str], http_client: HTTPClient | None) -> dict[str, Any]:
    async with ArangoClient(hosts=hosts, http_client=http_client) as client:
        db = await client.db("_system", username="root", password="")
        overshoot = await _get_loop(db)
        ticks = await _ticker_share(db)
        ended, raised, left = await _cancelled_heavy(db)
    outcome, after = await _timed_out_heavy(hosts, http_client)
    return {"get-loop overshoot ms": round(overshoot, 1), "ticker ticks": ticks,
            "heavy cancel ends ms": round(ended, 1), "heavy raised": raised,
            "queries left": left, "request_timeout=0.1": f"{outcome} after {after:.1f} ms"}


async def _round(backend: str, number: int) -> None:
    emu = Emulator()
    async with ArangoClient(hosts="http://emu:8529", http_client=emu.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await (await db.create_collection("c")).insert({"_key": "k"})
        big = await db.create_collection("big")
        for start in range(0, DOCUMENTS, 10_000):
            await big.insert_many([{"v": i} for i in range(start, start + 10_000)])
    inprocess = await _measure("http://emu:8529", emu.http_client())
    print(f"round {number} {backend:7} in-process {inprocess}", flush=True)
    async with serve(emu, coordinators=1) as urls:
        over_http = await _measure(urls, None)
    print(f"round {number} {backend:7} serve()     {over_http}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for number in range(1, args.rounds + 1):
        for backend in ("asyncio", "trio"):
            anyio.run(_round, backend, number, backend=backend)


if __name__ == "__main__":
    main()
