"""Replication and the write-ahead log: a consistent dump of a database (dump batch,
inventory, dump chunks), the logger state, and the WAL's ticks (docs/guide/replication.md).

    python docs/examples/replication.py                   # asyncio, then trio
    python docs/examples/replication.py --backend trio

The emulator records no replicable events: WAL tailing answers 204 (nothing) there.
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator


async def dump(db: StandardDatabase) -> None:
    # [start dump]
    batch = await db.replication.create_dump_batch(ttl=60)      # holds a snapshot
    try:
        inventory = await db.replication.inventory(batch["id"], include_system=False)
        for collection in inventory["collections"]:
            name = collection["parameters"]["name"]
            chunk = await db.replication.dump(name, batch_id=batch["id"], deserialize=True)
            lines = chunk["content"][0]
            print(f"{name}: {len(collection['indexes'])} index(es), {len(lines)} document(s),"
                  f" more: {chunk['check_more']}")
    finally:
        await db.replication.delete_dump_batch(batch["id"])
    # [end dump]
    assert [c["parameters"]["name"] for c in inventory["collections"]] == ["orders"]


async def ticks(db: StandardDatabase) -> None:
    # [start logger]
    state = await db.replication.logger_state()
    print("logger running:", state["state"]["running"],
          "- last tick is a string:", isinstance(state["state"]["last_log_tick"], str))
    # [end logger]
    # [start wal]
    last = await db.wal.last_tick()
    ranges = await db.wal.tick_ranges()
    print("WAL ticks:", sorted(last), sorted(ranges))
    # [end wal]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        sys_db = await client.db("_system", username="root", password="")
        await sys_db.create_database("shop")
        db = await client.db("shop", username="root", password="")
        orders = await db.create_collection("orders")
        await orders.add_index({"type": "persistent", "fields": ["customer"]})
        await orders.insert_many([{"customer": c} for c in ("ada", "bob")])
        await dump(db)
        await ticks(db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
