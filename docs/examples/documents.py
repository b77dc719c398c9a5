"""Documents: collections, single documents, revisions, simple reads (docs/guide/documents.md).

    python docs/examples/documents.py                   # asyncio, then trio
    python docs/examples/documents.py --backend trio
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardCollection, StandardDatabase
from arango_anyio.exceptions import DocumentInsertError, DocumentRevisionError
from arango_anyio.testing import Emulator


async def collections(db: StandardDatabase) -> StandardCollection:
    # [start collections]
    if await db.has_collection("products"):
        await db.delete_collection("products")
    products = await db.create_collection("products")   # returns its handle
    same = db.collection("products")                     # a handle, no I/O
    print("collections:", [c["name"] for c in await db.collections() if not c["system"]])
    print("count:", await same.count())
    # [end collections]
    return products


async def single_documents(products: StandardCollection) -> None:
    # [start insert]
    meta = await products.insert({"_key": "p1", "name": "lamp", "price": 25})
    print("inserted:", meta["_id"], meta["_rev"] == meta["_rev"])
    # return_new gives the stored document, with the attributes the server added
    meta = await products.insert({"name": "desk", "price": 120}, return_new=True)
    print("generated key:", meta["_key"] == meta["new"]["_key"])
    # [end insert]

    # [start read]
    lamp = await products.get("p1")              # a key, an _id or a dict with _key/_id
    print("get:", lamp is not None and lamp["name"])
    print("missing:", await products.get("nope"))          # None, not an exception
    print("has:", await products.has("products/p1"), await products.has("nope"))
    # [end read]
    assert lamp is not None and await products.get("nope") is None

    # [start write]
    await products.update({"_key": "p1", "price": 22, "tags": ["sale"]})  # merges
    await products.replace({"_key": "p1", "name": "lamp", "price": 22})   # replaces
    lamp = await products.get("p1")
    print("after replace:", {k: v for k, v in (lamp or {}).items() if not k.startswith("_")})
    # [end write]

    # [start duplicate]
    try:
        await products.insert({"_key": "p1", "name": "another lamp"})
    except DocumentInsertError as error:
        print("duplicate:", error.http_code, error.error_code, error.error_message)
    # overwrite_mode says what to do with an existing key instead
    await products.insert({"_key": "p1", "stock": 4}, overwrite_mode="update")
    lamp = await products.get("p1")
    print("upsert:", lamp is not None and (lamp["name"], lamp["stock"]))
    # [end duplicate]
    assert lamp is not None and (lamp["name"], lamp["stock"]) == ("lamp", 4)

    # [start revisions]
    lamp = await products.get("p1")
    assert lamp is not None
    await products.update({"_key": "p1", "stock": 3})     # someone else changes it
    try:
        # lamp["_rev"] is now outdated: with check_rev (the default) the write is refused
        await products.update({**lamp, "stock": lamp["stock"] - 1})
    except DocumentRevisionError as error:
        print("stale revision:", error.http_code, error.error_code)
    await products.update({**lamp, "stock": 0}, check_rev=False)   # last writer wins
    # [end revisions]
    assert (await products.get("p1") or {}).get("stock") == 0

    # [start delete]
    await products.delete("p1")
    print("delete again:", await products.delete("p1", ignore_missing=True))
    # [end delete]
    assert not await products.has("p1")


async def simple_reads(products: StandardCollection) -> None:
    await products.insert_many([{"_key": f"k{i}", "colour": c, "price": i * 10}
                                for i, c in enumerate(["red", "blue", "red", "green"])])
    # [start find]
    async with products.find({"colour": "red"}, sort=[{"sort_by": "price",
                                                         "sort_order": "DESC"}]) as cursor:
        print("red:", [doc["_key"] async for doc in cursor])
    async with products.all(limit=2) as cursor:
        print("first two:", len([doc async for doc in cursor]))
    found = await products.get_many(["k1", "k3", "nope"])    # those that exist, in order
    print("get_many:", [doc["_key"] for doc in found])
    # [end find]
    assert [doc["_key"] for doc in found] == ["k1", "k3"]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        products = await collections(db)
        await single_documents(products)
        await simple_reads(products)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
