"""Checks that a client is left clean: nothing in use, waiting or in flight."""

from __future__ import annotations

from collections.abc import Callable

import anyio

from arango_anyio import ArangoClient


async def eventually(predicate: Callable[[], bool], within: float = 3.0) -> None:
    """Wait (bounded) until ``predicate()`` holds."""
    with anyio.fail_after(within):
        for _ in range(int(within / 0.01) + 1):
            if predicate():
                return
            await anyio.sleep(0.01)
    assert predicate()


async def settle(client: ArangoClient, within: float = 6.0) -> None:
    """Wait (bounded) until the client's background clean-ups and health probes are done:
    they hold pooled connections while they run."""
    def done() -> bool:
        background = client.statistics().background
        return background.cleanups == 0 and background.health_probes == 0

    await eventually(done, within)


def assert_pool_clean(client: ArangoClient) -> None:
    """Nothing in use, waiting or being opened, and no request in flight."""
    stats = client.statistics()
    pool = stats.pool
    assert pool is not None
    assert pool.in_use == 0, pool
    assert pool.waiting == 0, pool
    assert pool.connecting == 0, pool
    assert {h.in_flight for h in stats.hosts.values()} == {0}, stats.hosts


def connected_sockets(ports: set[int]) -> int | None:
    """How many TCP sockets of this process are connected to one of ``ports`` (client-side
    sockets: their remote port is the server's); None without procfs."""
    import os

    try:
        inodes = set()
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        count = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = open(table).read().splitlines()[1:]  # noqa: SIM115
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                remote_port = int(fields[2].rsplit(":", 1)[1], 16)
                if fields[9] in inodes and remote_port in ports:
                    count += 1
        return count
    except OSError:  # pragma: no cover - no procfs
        return None
