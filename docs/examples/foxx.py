"""Foxx services: installing a bundle, configuration, dependencies, development mode,
upgrading, downloading and removing a service (docs/guide/foxx.md).

    python docs/examples/foxx.py                   # asyncio, then trio
    python docs/examples/foxx.py --backend trio

Foxx is deprecated in ArangoDB 3.12 and gone in 4.0. The emulator keeps services as
metadata and runs no JavaScript: nothing is served under a mount, and scripts and tests
answer 501 there.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.testing import Emulator


# [start bundle]
def make_bundle(version: str) -> bytes:
    """A service bundle: a zip with a manifest and its main file."""
    manifest = {
        "name": "greeter", "version": version, "main": "index.js",
        "configuration": {"greeting": {"type": "string", "default": "Hello"}},
        "dependencies": {"mailer": {"name": "mailer", "version": "^1.0.0",
                                    "required": False}},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
        bundle.writestr("index.js", "module.context.use(require('./routes'));")
        bundle.writestr("README.md", "# Greeter\nSays hello.")
    return buffer.getvalue()
# [end bundle]


async def install(db: StandardDatabase) -> None:
    # [start install]
    service = await db.foxx.create_service("/greeter", make_bundle("1.0.0"),
                                           config={"greeting": "Hi"})
    print("installed:", service["mount"], service["name"], service["version"])
    print("services:", [s["mount"] for s in await db.foxx.services(exclude_system=True)])
    # [end install]

    # [start config]
    print("config:", {k: v["current"] for k, v in (await db.foxx.config("/greeter")).items()})
    await db.foxx.update_config("/greeter", {"greeting": "Hey"})
    print("dependencies:", list(await db.foxx.dependencies("/greeter")))
    print("readme:", (await db.foxx.readme("/greeter")).splitlines()[0])
    # [end config]


async def change(db: StandardDatabase) -> None:
    # [start development]
    await db.foxx.enable_development("/greeter")       # serve from its files, reloaded
    print("development:", (await db.foxx.service("/greeter"))["development"])
    await db.foxx.disable_development("/greeter")
    # [end development]

    # [start upgrade]
    upgraded = await db.foxx.update_service("/greeter", make_bundle("1.1.0"))
    print("upgraded to:", upgraded["version"], "- config kept:",
          (await db.foxx.config("/greeter"))["greeting"]["current"])
    bundle = await db.foxx.download("/greeter")        # the bundle, as zip bytes
    print("downloaded a zip:", bundle[:2] == b"PK")
    await db.foxx.delete_service("/greeter")
    print("services left:", await db.foxx.services(exclude_system=True))
    # [end upgrade]
    assert upgraded["version"] == "1.1.0"


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await install(db)
        await change(db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
