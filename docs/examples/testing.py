"""Testing on the emulator: in-process and over loopback HTTP, the emulator in time,
transactions and locks, inspecting the emulator (docs/testing.md).

    python docs/examples/testing.py                   # asyncio, then trio
    python docs/examples/testing.py --backend trio
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import TransactionInitError
from arango_anyio.testing import Emulator, serve


# [start in-process]
async def in_process() -> None:
    emu = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529", http_client=emu.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        orders = await db.create_collection("orders")
        await orders.insert({"_key": "o1", "total": 12})
        print("in-process:", emu.documents("orders"))
# [end in-process]


async def over_http() -> None:
    emu = Emulator(root_password="")
    # [start serve]
    async with serve(emu, coordinators=3) as urls, \
            ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
        db = await client.db("_system", username="root", password="")
        print("over HTTP:", len(await db.cluster.endpoints()), "coordinators")
    # [end serve]


async def in_time(db: StandardDatabase, emu: Emulator) -> None:
    # [start in-time]
    with anyio.move_on_after(0.1) as scope:     # the query is killed on the server too
        await db.aql.execute("FOR i IN 1..10000000 FILTER i == -1 RETURN i")
    assert scope.cancelled_caught
    assert emu.running_queries() == []
    # [end in-time]
    print("in time: the query was stopped with its caller")


async def locks(db: StandardDatabase) -> None:
    await db.create_collection("orders")
    # [start locks]
    async with db.begin_transaction(exclusive="orders"):
        # writers of "orders" wait until this block ends: this one gives up after 1 s
        try:
            await db.begin_transaction(write="orders", lock_timeout=1)
        except TransactionInitError as error:
            print("lock:", error.http_code, error.error_code, error.error_message[:40])
    # [end locks]


async def inspect(db: StandardDatabase, emu: Emulator) -> None:
    # [start inspect]
    async with db.aql.execute("FOR i IN 1..10 RETURN i", batch_size=2) as cursor:
        assert emu.open_cursors() == [cursor.id]
    assert emu.open_cursors() == []
    # [end inspect]
    print("inspect: the cursor was deleted on the way out")


async def main() -> None:
    await in_process()
    await over_http()
    emu = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emu.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await in_time(db, emu)
        await locks(db)
        await inspect(db, emu)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
