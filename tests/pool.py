"""The connection-pool figures of a client whose HTTP client keeps pools (the default one)."""

from __future__ import annotations

from arango_anyio import ArangoClient, PoolStatistics


def pool_of(client: ArangoClient) -> PoolStatistics:
    """``client.statistics().pool``, which the default HTTP client always reports."""
    pool = client.statistics().pool
    assert pool is not None, "this HTTP client keeps no connection pools"
    return pool
