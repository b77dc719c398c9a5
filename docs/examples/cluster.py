"""A cluster: several coordinators, finding them from one, health and server counts,
maintenance mode, rebalancing, and sharding options (docs/guide/cluster.md).

    python docs/examples/cluster.py                   # asyncio, then trio
    python docs/examples/cluster.py --backend trio

The emulator serves three coordinators over loopback HTTP (``serve(emulator,
coordinators=3)``, 127.0.0.1 and ephemeral ports), sharing one store like a small cluster.
It has no DB-Servers of its own, so it keeps no shards: ``shards()`` and
``responsible_shard()`` answer 501 there (a real cluster answers them).
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator, serve


async def tour(urls: list[str]) -> None:
    # [start discover]
    async with ArangoClient(hosts=urls[0], host_resolver="roundrobin") as client:
        print("known:", len(client.hosts), "coordinator")
        await client.refresh_hosts(username="root", password="")   # asks the cluster
        print("known:", len(client.hosts), "coordinators")
        db = await client.db("_system", username="root", password="")
        # [end discover]
        assert len(client.hosts) == 3

        # [start health]
        print("role:", await db.cluster.server_role())
        print("servers:", await db.cluster.server_count())
        health = await db.cluster.health()
        for server in sorted(health["Health"].values(), key=lambda s: s["Role"]):
            print(f"  {server['Role']:<12} {server.get('ShortName', '-'):<16}"
                  f" {server['Status']}")
        # [end health]

        # [start maintenance]
        await db.cluster.toggle_maintenance_mode("on")     # supervision stops acting
        await db.cluster.toggle_maintenance_mode("off")
        plan = await db.cluster.calculate_rebalance_plan()
        print("moves planned:", len(plan["moves"]))
        # [end maintenance]

        # [start sharding]
        orders = await db.create_collection(
            "orders", shard_count=6, shard_fields=["customer"],
            replication_factor=2, write_concern=2)
        await orders.insert_many([{"customer": c} for c in ("ada", "bob", "cy")])
        # [end sharding]

        # [start spread]
        for _ in range(30):
            await orders.count()
        hosts = client.statistics().hosts
        print("requests per coordinator:", sorted(h.requests_sent for h in hosts.values()))
        # [end spread]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with serve(emulator, coordinators=3) as urls:
        await tour(urls)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
