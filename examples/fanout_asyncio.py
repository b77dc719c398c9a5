"""Fan-out written the asyncio way: ``asyncio.TaskGroup`` (Python 3.11+) or
``asyncio.gather``, results in query order.

After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/fanout_asyncio.py

arango_anyio uses AnyIO inside, so it runs under plain asyncio without any adapter.
"""

from __future__ import annotations

import asyncio
import sys

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator

QUERY = "FOR i IN 1..@n FILTER i % @k == 0 RETURN i"


async def count_multiples(db: StandardDatabase, k: int) -> int:
    async with db.aql.execute(QUERY, bind_vars={"n": 1000, "k": k}, batch_size=50) as cursor:
        return len([x async for x in cursor])


async def main() -> list[int]:
    emulator = Emulator()
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system")
        if sys.version_info >= (3, 11):
            async with asyncio.timeout(10):  # a deadline for the whole fan-out
                async with asyncio.TaskGroup() as tg:
                    tasks = [tg.create_task(count_multiples(db, k)) for k in range(1, 11)]
            counts = [task.result() for task in tasks]
        else:  # pragma: no cover
            counts = list(await asyncio.gather(*(count_multiples(db, k) for k in range(1, 11))))
        print("multiples of 1..10 up to 1000:", counts)
        return counts


if __name__ == "__main__":
    asyncio.run(main())
