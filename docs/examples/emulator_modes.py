"""The emulator's two ways in: in-process (an HTTP client that routes to it, no sockets) and
over real HTTP on 127.0.0.1, one port per coordinator, all sharing one store.

    python docs/examples/emulator_modes.py
"""

from __future__ import annotations

import anyio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator, serve


async def main() -> None:
    # [modes]
    emulator = Emulator(root_password="")

    # in-process: no sockets, the fastest way for tests
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("orders")
        await db.collection("orders").insert({"_key": "o1", "total": 12})

    # real HTTP, three coordinators on ephemeral ports, the same store behind them
    async with serve(emulator, coordinators=3) as urls, \
            ArangoClient(hosts=urls, host_resolver="roundrobin") as client:
        db = await client.db("_system", username="root", password="")
        order = await db.collection("orders").get("o1")
        print("coordinators:", len(urls), "- o1 over HTTP:", order)
        assert order is not None and order["total"] == 12
    # [/modes]


if __name__ == "__main__":
    anyio.run(main)
