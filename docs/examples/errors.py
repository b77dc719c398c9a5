"""Errors: the exception tree, server errors with errno, errors raised before anything is
sent, and the connection errors that say whether a write may have been applied
(docs/topics/errors.md).

    python docs/examples/errors.py                   # asyncio, then trio
    python docs/examples/errors.py --backend trio

The lost connection and the slow server are simulated with the emulator's fault injection.
"""

from __future__ import annotations

import argparse
import math

import anyio

from arango_anyio import ArangoClient, StandardDatabase, errno
from arango_anyio.exceptions import (
    ArangoClientError,
    ArangoError,
    ArangoServerError,
    CollectionCreateError,
    DocumentInsertError,
    InvalidArgumentError,
    RequestSerializationError,
    RequestTimeoutError,
    ServerConnectionError,
)
from arango_anyio.testing import Emulator


async def server_errors(db: StandardDatabase) -> None:
    orders = await db.create_collection("orders")
    await orders.insert({"_key": "o1"})
    # [start server]
    try:
        await orders.insert({"_key": "o1"})
    except DocumentInsertError as error:          # one class per operation
        print("class:", type(error).__name__, "- an ArangoServerError:",
              isinstance(error, ArangoServerError))
        print("http_code:", error.http_code, "error_code:", error.error_code)
        print("error_message:", error.error_message)
        print("request:", error.http_method, error.url)
        print("str:", error)
    # [end server]

    # [start errno]
    try:
        await db.create_collection("orders")
    except CollectionCreateError as error:
        if error.error_code == errno.DUPLICATE_NAME:     # 1207
            print("already there: fine")
        else:
            raise
    # [end errno]


async def client_errors(db: StandardDatabase) -> None:
    orders = db.collection("orders")
    # [start client]
    try:
        await orders.insert({"_key": "o2", "ratio": math.nan})
    except RequestSerializationError as error:        # nothing was sent
        print("not JSON:", error)
    try:
        await db.aql.execute("")
    except InvalidArgumentError as error:             # nothing was sent
        print("invalid:", error, "- a ValueError too:", isinstance(error, ValueError))
    # [end client]


async def connection_errors(db: StandardDatabase, emulator: Emulator) -> None:
    orders = db.collection("orders")
    # [start lost]
    emulator.faults.reset_next(1, when="after", path="/_api/document")   # answer lost
    try:
        await orders.insert({"_key": "o3"})
    except ServerConnectionError as error:
        print("lost:", error.may_have_been_applied, error.hosts)
        print("  it was applied:", await orders.has("o3"))
    emulator.faults.down("c0")               # the coordinator refuses connections
    try:
        await orders.insert({"_key": "o4"})
    except ServerConnectionError as error:
        print("refused:", error.may_have_been_applied)
    emulator.faults.up("c0")
    print("  it was applied:", await orders.has("o4"))
    # [end lost]
    assert await orders.has("o3") and not await orders.has("o4")


async def timeouts(emulator: Emulator) -> None:
    # [start timeout]
    emulator.faults.add_latency(0.5)                  # every request takes 0.5 s more
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                            request_timeout=0.1) as client:
        db = await client.db("_system", username="root", password="")
        try:
            await db.collection("orders").insert({"_key": "o5"})
        except RequestTimeoutError as error:
            print("timeout:", error.may_have_been_applied, "- a TimeoutError:",
                  isinstance(error, TimeoutError))
    emulator.faults.clear_latency()
    # [end timeout]


async def catch_all(db: StandardDatabase) -> None:
    # [start tree]
    try:
        await db.collection("no_such_collection").insert({})
    except ArangoServerError as error:     # the server answered with an error
        print("server said:", error.http_code, error.error_code)
    except ArangoClientError as error:     # no usable answer, or refused before sending
        print("client:", error)
    except ArangoError:                    # the root of both (and of BulkOperationError)
        raise
    # [end tree]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await server_errors(db)
        await client_errors(db)
        await connection_errors(db, emulator)
        await catch_all(db)
    await timeouts(emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
