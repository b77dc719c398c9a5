"""What "may have been applied" means: a write whose answer was lost, one that never left
the client, a deadline that passed while the server worked, reads that are simply retried,
and writes you can repeat safely (docs/concepts/may-have-been-applied.md).

    python docs/examples/may_have_been_applied.py                   # asyncio, then trio
    python docs/examples/may_have_been_applied.py --backend trio

Lost answers, refused connections and slow answers are the emulator's fault injection.
"""

from __future__ import annotations

import argparse
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardCollection
from arango_anyio.exceptions import (
    DocumentInsertError,
    RequestTimeoutError,
    ServerConnectionError,
)
from arango_anyio.testing import Emulator


async def flag(orders: StandardCollection, emulator: Emulator) -> None:
    # [start lost]
    emulator.faults.reset_next(1, when="after", path="/_api/document")  # applied, answer lost
    try:
        await orders.insert({"_key": "o1", "total": 12})
    except ServerConnectionError as error:
        print("answer lost:", error.may_have_been_applied, "- stored:", await orders.has("o1"))

    emulator.faults.reset_next(1, when="before", path="/_api/document")  # lost before applying
    try:
        await orders.insert({"_key": "o2", "total": 30})
    except ServerConnectionError as error:
        print("answer lost:", error.may_have_been_applied, "- stored:", await orders.has("o2"))
    # [end lost]

    # [start not-sent]
    emulator.faults.down("c0")                       # refuses connections
    try:
        await orders.insert({"_key": "o3", "total": 7})
    except ServerConnectionError as error:
        print("never sent:", error.may_have_been_applied)
    emulator.faults.up("c0")
    print("  stored:", await orders.has("o3"))
    # [end not-sent]

    # [start read]
    emulator.faults.reset_next(1, when="before", method="GET")
    print("a read is sent again:", await orders.get("o1") is not None)
    # [end read]


async def timeout(emulator: Emulator) -> None:
    # [start timeout]
    emulator.faults.add_latency(0.3)
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                            request_timeout=0.1) as client:
        orders = (await client.db("_system", username="root", password="")).collection("orders")
        try:
            await orders.insert({"_key": "o4", "total": 1})
        except RequestTimeoutError as error:
            print("timed out:", error.may_have_been_applied)
        try:
            await orders.get("o4")
        except RequestTimeoutError as error:
            print("read timed out:", error.may_have_been_applied)
    emulator.faults.clear_latency()
    # [end timeout]


# [start safe-insert]
async def insert_once(orders: StandardCollection, order: dict[str, Any]) -> None:
    """Insert ``order`` (with a ``_key`` you chose) exactly once, even across lost answers."""
    for _ in range(3):
        try:
            await orders.insert(order)
            return
        except DocumentInsertError as error:
            if error.error_code == 1210:         # the key exists: an earlier attempt landed
                return
            raise
        except ServerConnectionError as error:
            if not error.may_have_been_applied:
                continue                         # nothing happened: send it again
            if await orders.has(order["_key"]):  # a read tells what happened
                return
    raise RuntimeError("the server could not be reached")
# [end safe-insert]


async def repeatable(orders: StandardCollection, emulator: Emulator) -> None:
    # [start use-safe-insert]
    emulator.faults.reset_next(1, when="after", path="/_api/document")
    await insert_once(orders, {"_key": "o5", "total": 99})
    print("o5:", (await orders.get("o5") or {}).get("total"))
    # [end use-safe-insert]
    assert await orders.has("o5")

    # [start overwrite]
    emulator.faults.reset_next(1, when="after", path="/_api/document")
    try:
        await orders.insert({"_key": "o6", "total": 5}, overwrite_mode="replace")
    except ServerConnectionError:
        await orders.insert({"_key": "o6", "total": 5}, overwrite_mode="replace")  # harmless
    print("o6:", (await orders.get("o6") or {}).get("total"))
    # [end overwrite]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        orders = await db.create_collection("orders")
        await flag(orders, emulator)
        await timeout(emulator)
        await repeatable(orders, emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
