"""Users and permissions: creating users, database and collection access levels, what a
user with read-only access sees, and access tokens (docs/guide/users.md).

    python docs/examples/users.py                   # asyncio, then trio
    python docs/examples/users.py --backend trio
"""

from __future__ import annotations

import argparse
import time

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import DocumentInsertError
from arango_anyio.testing import Emulator


async def manage_users(sys_db: StandardDatabase) -> None:
    # [start users]
    await sys_db.create_user("ada", "s3cret", extra={"team": "reports"})
    print("users:", sorted(user["username"] for user in await sys_db.users()))
    print("ada:", await sys_db.user("ada"))
    await sys_db.update_user("ada", extra={"team": "billing"})     # changes what is given
    await sys_db.replace_user("ada", "n3w-s3cret", active=True)     # resets the rest
    print("has bob:", await sys_db.has_user("bob"))
    # [end users]


async def permissions(sys_db: StandardDatabase) -> None:
    # [start permissions]
    await sys_db.update_permission("ada", "ro", "shop")               # read the database
    await sys_db.update_permission("ada", "rw", "shop", "notes")      # and write one collection
    print("shop:", await sys_db.permission("ada", "shop"))
    print("shop/orders:", await sys_db.permission("ada", "shop", "orders"))
    print("shop/notes:", await sys_db.permission("ada", "shop", "notes"))
    # [end permissions]
    assert await sys_db.permission("ada", "shop", "notes") == "rw"


async def as_ada(client: ArangoClient) -> None:
    # [start as-user]
    shop = await client.db("shop", username="ada", password="n3w-s3cret", verify=True)
    print("ada sees:", await shop.collection("orders").count(), "orders")
    try:
        await shop.collection("orders").insert({"total": 1})
    except DocumentInsertError as error:
        print("write refused:", error.http_code, error.error_code, error.error_message)
    await shop.collection("notes").insert({"text": "ada was here"})
    print("ada's databases:", await shop.databases_accessible_to_user())
    # [end as-user]


async def tokens(client: ArangoClient, sys_db: StandardDatabase) -> None:
    # [start tokens]
    created = await sys_db.create_access_token("ada", "nightly-report",
                                               valid_until=int(time.time()) + 3600)
    token = created["token"]               # the secret: the server shows it this once
    shop = await client.db("shop", username="ada", password=token)   # used as a password
    print("with the token:", await shop.collection("orders").count(), "orders")
    listed = await sys_db.list_access_tokens("ada")
    print("tokens:", [(t["name"], t["active"]) for t in listed])     # never the secret
    await sys_db.delete_access_token("ada", created["id"])
    # [end tokens]


async def cleanup(sys_db: StandardDatabase) -> None:
    # [start reset]
    await sys_db.reset_permission("ada", "shop", "notes")   # back to the database's level
    print("shop/notes after reset:", await sys_db.permission("ada", "shop", "notes"))
    await sys_db.delete_user("ada")
    print("ada deleted:", not await sys_db.has_user("ada"))
    # [end reset]
    assert not await sys_db.has_user("ada")


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        sys_db = await client.db("_system", username="root", password="")
        await sys_db.create_database("shop")
        shop = await client.db("shop", username="root", password="")
        await (await shop.create_collection("orders")).insert({"total": 12})
        await shop.create_collection("notes")
        await manage_users(sys_db)
        await permissions(sys_db)
        await as_ada(client)
        await tokens(client, sys_db)
        await cleanup(sys_db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
