"""arango_anyio quickstart: runs on the embedded emulator, or on a real server.

    ./quickstart.sh                      # embedded in-memory emulator (no server needed)
    ./quickstart.sh --backend trio       # the very same code under trio
    ARANGO_HOSTS=http://127.0.0.1:8529 ARANGO_PASSWORD=... ./quickstart.sh

``./quickstart.sh`` sets up ``.venv`` (the package and trio) and runs this file with it; after
that, from the repository root:

    .venv/bin/python examples/quickstart.py --backend trio
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator


@asynccontextmanager
async def open_client() -> AsyncIterator[tuple[ArangoClient, str]]:
    """A client on ARANGO_HOSTS when set, else on a fresh in-process emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    if hosts:
        async with ArangoClient(hosts=hosts.split(","), host_resolver="roundrobin") as client:
            yield client, os.environ.get("ARANGO_PASSWORD", "")
        return
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        yield client, ""


async def main() -> None:
    async with open_client() as (client, password):
        sys_db = await client.db("_system", username="root", password=password, verify=True)
        print("server version:", await sys_db.version())

        if await sys_db.has_database("quickstart"):
            await sys_db.delete_database("quickstart")
        await sys_db.create_database("quickstart")
        db = await client.db("quickstart", username="root", password=password)

        orders = await db.create_collection("orders")
        await orders.add_index({"type": "persistent", "fields": ["customer"]})
        await orders.insert({"_key": "o1", "customer": "ada", "total": 12})
        results = await orders.insert_many(
            [{"_key": f"o{i}", "customer": "bob" if i % 2 else "ada", "total": i * 10}
             for i in range(2, 8)]
        )
        print("inserted:", 1 + len(results), "orders; o1 =", await orders.get("o1"))

        # Fan-out: several queries at once inside a task group (works under trio and asyncio).
        totals: dict[str, int] = {}

        async def total_for(customer: str) -> None:
            query = (
                "FOR o IN orders FILTER o.customer == @c "
                "COLLECT AGGREGATE s = SUM(o.total) RETURN s"
            )
            async with db.aql.execute(query, bind_vars={"c": customer}) as cursor:
                async for value in cursor:
                    totals[customer] = value

        async with anyio.create_task_group() as tg:
            for customer in ("ada", "bob"):
                tg.start_soon(total_for, customer)
        print("totals per customer:", dict(sorted(totals.items())))

        # A cursor streamed in batches; leaving the block deletes it on the server.
        async with db.aql.execute("FOR o IN orders SORT o.total DESC RETURN o._key",
                                  batch_size=3, count=True) as cursor:
            print("orders by total:", [key async for key in cursor], "count:", cursor.count())

        # A stream transaction: commits on exit, aborts on error or cancellation.
        async with db.begin_transaction(write="orders") as txn:
            await txn.collection("orders").update({"_key": "o1", "total": 13})
        o1 = await orders.get("o1")
        assert o1 is not None
        print("o1 after transaction:", o1["total"])

        await sys_db.delete_database("quickstart")
        print("done")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    anyio.run(main, backend=parser.parse_args().backend)
