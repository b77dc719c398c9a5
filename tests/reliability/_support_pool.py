"""Checks that a client is left clean: nothing in use, waiting or in flight."""

from __future__ import annotations

import anyio

from arango_anyio import ArangoClient


async def settle(client: ArangoClient, within: float = 6.0) -> None:
    """Wait (bounded) until the client's background clean-ups and health probes are done:
    they hold pooled connections while they run."""
    with anyio.fail_after(within):
        while True:
            background = client.statistics().background
            if background.cleanups == 0 and background.health_probes == 0:
                return
            await anyio.sleep(0.01)


def assert_pool_clean(client: ArangoClient) -> None:
    """Nothing in use, waiting or being opened, and no request in flight."""
    stats = client.statistics()
    pool = stats.pool
    assert pool is not None
    assert pool.in_use == 0, pool
    assert pool.waiting == 0, pool
    assert pool.connecting == 0, pool
    assert {h.in_flight for h in stats.hosts.values()} == {0}, stats.hosts
