"""Fan-out written the trio way: a nursery, one task per query, results in query order.

After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/fanout_trio.py

arango_anyio uses AnyIO inside, so it runs under trio without any adapter.
"""

from __future__ import annotations

from typing import Any

import trio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator

QUERY = "FOR i IN 1..@n FILTER i % @k == 0 RETURN i"


async def main() -> list[int]:
    emulator = Emulator()
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system")
        counts: list[int] = [0] * 10

        async def count_multiples(i: int, k: int) -> None:
            async with db.aql.execute(QUERY, bind_vars={"n": 1000, "k": k},
                                      batch_size=50, prefetch=True) as cursor:
                counts[i] = len([x async for x in cursor])

        with trio.fail_after(10):  # a deadline for the whole fan-out (sent as maxRuntime)
            async with trio.open_nursery() as nursery:
                for i, k in enumerate(range(1, 11)):
                    nursery.start_soon(count_multiples, i, k)
        print("multiples of 1..10 up to 1000:", counts)

        rows: list[Any] = await db.aql.execute_many(
            [(QUERY, {"n": 100, "k": k}) for k in (7, 11, 13)], concurrency=2)
        print("multiples of 7, 11, 13 up to 100:", rows)
        return counts


if __name__ == "__main__":
    trio.run(main)
