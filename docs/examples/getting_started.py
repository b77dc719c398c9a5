"""Getting started: a first program, under trio or asyncio, on the emulator or a real server.

    python docs/examples/getting_started.py                   # asyncio, then trio
    python docs/examples/getting_started.py --backend trio    # trio only
    ARANGO_HOSTS=http://127.0.0.1:8529 ARANGO_PASSWORD=secret \
        python docs/examples/getting_started.py               # a real server

Without ``ARANGO_HOSTS`` it runs on an in-memory emulator inside the process
(``arango_anyio.testing``), so it needs no server.
"""

from __future__ import annotations

import argparse
import asyncio
import os

import trio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator


# [start client]
def make_client() -> ArangoClient:
    """A client on ``ARANGO_HOSTS`` when it is set, else on a fresh in-process emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    if hosts:
        return ArangoClient(hosts=hosts.split(","))
    emulator = Emulator(root_password="")
    return ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client())
# [end client]


# [start main]
async def main() -> None:
    password = os.environ.get("ARANGO_PASSWORD", "")
    async with make_client() as client:
        sys_db = await client.db("_system", username="root", password=password, verify=True)
        print("server version:", await sys_db.version())

        if not await sys_db.has_database("getting_started"):
            await sys_db.create_database("getting_started")
        db = await client.db("getting_started", username="root", password=password)

        if await db.has_collection("fruit"):
            fruit = db.collection("fruit")
            await fruit.truncate()
        else:
            fruit = await db.create_collection("fruit")
        await fruit.insert({"_key": "apple", "colour": "red", "stock": 12})
        await fruit.insert_many([
            {"_key": "banana", "colour": "yellow", "stock": 30},
            {"_key": "cherry", "colour": "red", "stock": 250},
        ])
        print("apple:", await fruit.get("apple"))

        query = "FOR f IN fruit FILTER f.colour == @colour SORT f._key RETURN f._key"
        async with db.aql.execute(query, bind_vars={"colour": "red"}) as cursor:
            print("red fruit:", [key async for key in cursor])

        await sys_db.delete_database("getting_started")
# [end main]
        assert not await sys_db.has_database("getting_started")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    # [start run]
    if backend in ("asyncio", "both"):
        asyncio.run(main())
    if backend in ("trio", "both"):
        trio.run(main)
    # [end run]
