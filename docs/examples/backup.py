"""Hot backups: taking one, listing, restoring in place, uploading to a remote repository,
deleting (docs/guide/backup.md).

    python docs/examples/backup.py                   # asyncio, then trio
    python docs/examples/backup.py --backend trio

Hot backups are an ArangoDB Enterprise feature. The emulator simulates them in memory
(uploads and downloads finish at once and transfer nothing).
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator


async def backups(sys_db: StandardDatabase) -> None:
    orders = await sys_db.create_collection("orders")
    await orders.insert({"_key": "o1", "total": 12})

    # [start create]
    created = await sys_db.backup.create(label="before-migration", timeout=30)
    backup_id = created["backup_id"]
    print("backup:", backup_id.endswith("_before-migration"))
    listed = await sys_db.backup.get()
    print("backups:", len(listed["list"]), "- this one:", sorted(listed["list"][backup_id]))
    # [end create]

    # [start restore]
    await orders.insert({"_key": "o2", "total": 99})          # a change to undo
    await sys_db.backup.restore(backup_id)                      # the whole deployment
    print("after restore:", await orders.count(), "document(s)")
    # [end restore]
    assert not await orders.has("o2")

    # [start upload]
    started = await sys_db.backup.upload(
        backup_id, repository="S3://backups/arango",
        config={"S3": {"type": "s3", "provider": "aws", "env_auth": "false"}})
    progress = await sys_db.backup.upload(upload_id=started["upload_id"])
    print("upload:", sorted(progress))
    # [end upload]

    # [start delete]
    await sys_db.backup.delete(backup_id)
    print("backups left:", len((await sys_db.backup.get())["list"]))
    # [end delete]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        sys_db = await client.db("_system", username="root", password="")
        await backups(sys_db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
