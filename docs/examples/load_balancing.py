"""Load balancing and failover: host resolvers, a coordinator that goes down, cool-down,
"not now" answers, calls pinned to their coordinator, and a resolver of your own
(docs/concepts/load-balancing.md).

    python docs/examples/load_balancing.py                   # asyncio, then trio
    python docs/examples/load_balancing.py --backend trio

Three host names reach three coordinators of one in-process emulator; the failures are the
emulator's fault injection.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import anyio

from arango_anyio import ArangoClient, HostResolver, HostState, StandardCollection
from arango_anyio.testing import Emulator

HOSTS = ["http://c0:8529", "http://c1:8529", "http://c2:8529"]


def sent(client: ArangoClient) -> list[int]:
    """Requests sent to each host so far."""
    return [host.requests_sent for host in client.statistics().hosts.values()]


def since(before: list[int], client: ArangoClient) -> list[int]:
    """Requests sent to each host since ``before``."""
    return [now - then for now, then in zip(sent(client), before, strict=True)]


async def round_robin(emulator: Emulator) -> None:
    # [start roundrobin]
    async with ArangoClient(hosts=HOSTS, host_resolver="roundrobin",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        orders = db.collection("orders")
        for _ in range(9):
            await orders.count()
        print("round robin:", sent(client))
        # [end roundrobin]
        await failover(client, orders, emulator)
        await pinned(client, emulator)


async def failover(client: ArangoClient, orders: StandardCollection,
                   emulator: Emulator) -> None:
    # [start failover]
    emulator.faults.down("c1")                  # c1 refuses connections
    before = sent(client)
    for _ in range(9):
        await orders.count()                    # none of them fails
    print("with c1 down:", since(before, client))
    print("c1 healthy:", client.statistics().hosts["http://c1:8529"].healthy)
    emulator.faults.up("c1")
    # [end failover]

    # [start not-now]
    emulator.faults.fail_next(2, status=503, error_num=503)     # "not now", twice
    await orders.insert({"_key": "o1"})                         # retried, after a back-off
    print("o1 stored once:", await orders.has("o1"))
    # [end not-now]


async def pinned(client: ArangoClient, emulator: Emulator) -> None:
    db = await client.db("_system", username="root", password="")
    # [start pinned]
    async with db.aql.execute("FOR i IN 1..10 RETURN i", batch_size=2) as cursor:
        before = sent(client)
        total = sum([n async for n in cursor])  # four more batches
        fetches = since(before, client)
    print("cursor on", cursor.host, "- fetches per host:", fetches, "- total:", total)
    # [end pinned]
    assert total == 55 and sorted(fetches) == [0, 0, 4]


# [start custom]
class PreferLocal(HostResolver):
    """The local coordinator while it is healthy, the others (in turn) otherwise."""

    def __init__(self, local: str) -> None:
        self.local = local
        self.turn = 0

    def pick(self, hosts: Sequence[HostState], candidates: list[int]) -> int:
        for index in candidates:
            if hosts[index].url == self.local:
                return index
        self.turn += 1
        return candidates[self.turn % len(candidates)]
# [end custom]


async def custom(emulator: Emulator) -> None:
    # [start use-custom]
    async with ArangoClient(hosts=HOSTS, host_resolver=PreferLocal("http://c2:8529"),
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        for _ in range(4):
            await db.collection("orders").count()
        emulator.faults.down("c2")
        for _ in range(4):
            await db.collection("orders").count()
        emulator.faults.up("c2")
        print("prefer c2:", sent(client))
    # [end use-custom]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts=HOSTS[0], http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("orders")
    await round_robin(emulator)
    await custom(emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
