"""The client's lifecycle: built anywhere, opened by ``async with`` (with the task group that
runs its background work), handles that cost nothing, resources that clean up after
themselves, closed once (docs/concepts/lifecycle.md).

    python docs/examples/lifecycle.py                   # asyncio, then trio
    python docs/examples/lifecycle.py --backend trio
"""

from __future__ import annotations

import argparse
from contextlib import AsyncExitStack

import anyio

from arango_anyio import ArangoClient, StandardCollection
from arango_anyio.exceptions import ClientClosedError
from arango_anyio.testing import Emulator


# [start build]
def build_client(emulator: Emulator) -> ArangoClient:
    """A plain function: building a client does no I/O and needs no event loop."""
    return ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                        request_timeout=30)
# [end build]


async def use(client: ArangoClient) -> None:
    print(repr(client))
    # [start block]
    async with client:                          # the task group, one session per host
        print(repr(client))
        db = await client.db("_system", username="root", password="",
                             auth_method="jwt")             # no I/O: it logs in when used
        orders = db.collection("orders")                                 # no I/O
        if not await db.has_collection("orders"):
            await db.create_collection("orders")

        async with anyio.create_task_group() as group:       # tasks that use the client
            for n in range(10):
                group.start_soon(orders.insert, {"total": n})
        # ... have all ended here, before the client can close

        query = "FOR o IN orders SORT o.total RETURN o.total"
        async with db.aql.execute(query, batch_size=3) as cursor:
            print("smallest total:", await cursor.next())
        # the server-side cursor was deleted when that block ended
        print(client.statistics().background)               # the JWT's renewal waits
    print(repr(client), client.closed)          # every session closed, every task ended
    # [end block]
    assert client.closed
    await after_close(client, orders)


async def after_close(client: ArangoClient, orders: StandardCollection) -> None:
    # [start closed]
    try:
        await orders.count()                    # handles outlive the client: unusable
    except ClientClosedError as error:
        print("after close:", error)
    try:
        async with client:
            pass
    except ClientClosedError as error:
        print("reopen:", error)
    # [end closed]


async def explicit(emulator: Emulator) -> None:
    # [start explicit]
    stack = AsyncExitStack()                    # e.g. kept by an application's startup hook
    client = await stack.enter_async_context(build_client(emulator))
    try:
        db = await client.db("_system", username="root", password="")
        print("orders:", await db.collection("orders").count())
    finally:
        await stack.aclose()                    # the shutdown hook, in the same task
    # [end explicit]
    assert client.closed


async def main() -> None:
    emulator = Emulator(root_password="")
    client = build_client(emulator)
    await use(client)
    await explicit(emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
