"""The handles of the API: what the client and a database hand out, each printed with the
public name of its class (every one imports from ``arango_anyio``; the API reference documents
it there). Making a handle does no I/O.

    python docs/examples/handles.py
"""

from __future__ import annotations

import anyio

import arango_anyio
from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        # [handles]
        db = await client.db("_system", username="root", password="")
        handles: dict[str, object] = {
            'await client.db("_system", ...)': db,
            'db.collection("orders")': db.collection("orders"),
            'db.graph("roads")': db.graph("roads"),
            "db.aql": db.aql,
            "db.aql.cache": db.aql.cache,
            'db.aql.execute("RETURN 1")': db.aql.execute("RETURN 1"),
            'db.begin_transaction(write="orders")': db.begin_transaction(write="orders"),
            "db.begin_async_execution()": db.begin_async_execution(),
            "db.begin_controlled_execution(5)": db.begin_controlled_execution(5),
            "db.foxx": db.foxx,
            "db.backup": db.backup,
            "db.cluster": db.cluster,
            "db.replication": db.replication,
            "db.wal": db.wal,
            "db.pregel": db.pregel,
        }
        for how, handle in handles.items():
            cls = type(handle)
            print(f"{how:38} {cls.__module__}.{cls.__qualname__}")
            assert getattr(arango_anyio, cls.__qualname__) is cls
        # [/handles]


if __name__ == "__main__":
    anyio.run(main)
