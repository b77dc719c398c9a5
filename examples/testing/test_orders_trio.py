"""The same fixtures under pytest-trio (``@pytest.mark.trio``, or ``trio_mode = true``)."""

from __future__ import annotations

import pytest
import trio

from arango_anyio import StandardDatabase


@pytest.mark.trio
async def test_concurrent_orders(arango_db: StandardDatabase) -> None:
    orders = await arango_db.create_collection("orders")
    async with trio.open_nursery() as nursery:
        for i in range(10):
            nursery.start_soon(orders.insert, {"_key": f"o{i}", "total": i})
    assert await orders.count() == 10
