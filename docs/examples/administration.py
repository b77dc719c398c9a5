"""Administration: the server, databases, collection properties and indexes, log levels,
read-only mode, server tasks and query tracking (docs/guide/administration.md).

    python docs/examples/administration.py                   # asyncio, then trio
    python docs/examples/administration.py --backend trio
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import DocumentInsertError, ServerCheckAvailabilityError
from arango_anyio.testing import Emulator


async def server(sys_db: StandardDatabase) -> None:
    # [start server]
    print("version:", await sys_db.version())
    details = await sys_db.version(details=True)          # the whole answer, as a dict
    print("license:", details["license"], "- engine:", (await sys_db.engine())["name"])
    print("role:", await sys_db.role(), "- mode:", await sys_db.mode())
    print("server time:", (await sys_db.time()).year > 2000)   # a datetime
    metrics = await sys_db.metrics()                      # Prometheus text, not parsed
    print("metrics lines:", len(metrics.splitlines()) > 0)
    # [end server]


async def databases(client: ArangoClient, sys_db: StandardDatabase) -> StandardDatabase:
    # [start databases]
    await sys_db.create_database("shop", users=[{"username": "app", "password": "pw"}])
    print("databases:", await sys_db.databases())
    shop = await client.db("shop", username="root", password="")
    print("shop:", {k: v for k, v in (await shop.properties()).items()
                    if k in ("name", "system")})
    # [end databases]
    assert await sys_db.has_database("shop")
    return shop


async def collections(shop: StandardDatabase) -> None:
    # [start collection]
    orders = await shop.create_collection("orders", key_generator="autoincrement",
                                          schema={"rule": {"required": ["total"]},
                                                  "level": "moderate", "message": "no total"})
    properties = await orders.properties()
    print("key generator:", properties["key_options"]["key_generator"])
    try:
        await orders.insert({"customer": "ada"})
    except DocumentInsertError as error:
        print("schema:", error.error_code, error.error_message)
    await orders.configure(schema={})                    # drop the schema again
    await orders.rename("purchases")                      # the handle follows the new name
    print("renamed:", orders.name, await shop.has_collection("purchases"))
    # [end collection]

    # [start indexes]
    await orders.add_index({"type": "persistent", "fields": ["customer", "day"],
                            "name": "by_customer_day", "unique": False})
    await orders.add_index({"type": "ttl", "fields": ["expires_at"], "expireAfter": 0})
    print("indexes:", [(index["type"], index.get("name")) for index in await orders.indexes()])
    # [end indexes]


async def operations(sys_db: StandardDatabase) -> None:
    # [start log-levels]
    levels = await sys_db.log_levels()
    print("queries log level:", levels["queries"])
    await sys_db.set_log_levels(queries="DEBUG")
    print("now:", (await sys_db.log_levels())["queries"])
    await sys_db.reset_log_levels()
    # [end log-levels]

    # [start read-only]
    await sys_db.set_mode("readonly")              # writes are refused from now on
    print("mode:", await sys_db.mode())
    try:
        await sys_db.check_availability()          # 503 while read-only (for load balancers)
    except ServerCheckAvailabilityError as error:
        print("availability:", error.http_code, error.error_message)
    await sys_db.set_mode("default")
    print("availability:", await sys_db.check_availability())
    # [end read-only]

    # [start tracking]
    await sys_db.aql.set_tracking(slow_query_threshold=5, track_bind_vars=True)
    print("tracking:", await sys_db.aql.tracking())
    print("running queries:", await sys_db.aql.queries())
    # [end tracking]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        sys_db = await client.db("_system", username="root", password="")
        await server(sys_db)
        shop = await databases(client, sys_db)
        await collections(shop)
        await operations(sys_db)
        await sys_db.delete_database("shop")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
