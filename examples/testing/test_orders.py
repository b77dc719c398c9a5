"""An application's tests on the emulator, with the fixtures of arango_anyio's pytest plugin.

Run them with ``pytest examples/testing`` (the plugin comes with the package). With
``--arango-hosts http://localhost:8529 --arango-password ...`` the same tests run against a
real ArangoDB; the ones that need the emulator are skipped.
"""

from __future__ import annotations

import anyio
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import ServerConnectionError
from arango_anyio.testing import Emulator

pytestmark = pytest.mark.anyio


async def place_order(db: StandardDatabase, key: str, total: int) -> None:
    """The application code under test."""
    await db.collection("orders").insert({"_key": key, "total": total})


async def revenue(db: StandardDatabase) -> int:
    cursor = await db.aql.execute("RETURN SUM(FOR o IN orders RETURN o.total)")
    return int(await cursor.next())


async def test_revenue_adds_up(arango_db: StandardDatabase) -> None:
    await arango_db.create_collection("orders")
    await place_order(arango_db, "o1", 12)
    await place_order(arango_db, "o2", 30)
    assert await revenue(arango_db) == 42


async def test_a_lost_answer_is_reported_as_maybe_applied(
        arango_db: StandardDatabase, arango_emulator: Emulator) -> None:
    await arango_db.create_collection("orders")
    # the next write is applied, then its connection is reset before the answer
    arango_emulator.faults.reset_next(1, when="after", path="/_api/document")
    with pytest.raises(ServerConnectionError) as lost:
        await place_order(arango_db, "o1", 12)
    assert lost.value.may_have_been_applied
    assert "o1" in arango_emulator.documents("orders", arango_db.name)


async def test_a_slow_report_is_cut_off_by_the_callers_deadline(
        arango_db: StandardDatabase, arango_emulator: Emulator) -> None:
    with anyio.move_on_after(0.1) as scope:  # the query is killed on the server too
        await arango_db.aql.execute("FOR i IN 1..10000000 FILTER i == -1 RETURN i")
    assert scope.cancelled_caught
    assert arango_emulator.running_queries() == []


@pytest.mark.arango(coordinators=3)
async def test_over_real_http_with_three_coordinators(arango_server: list[str]) -> None:
    async with ArangoClient(hosts=arango_server, host_resolver="roundrobin") as client:
        db = await client.db("_system", username="root", password="")
        assert len(await db.cluster.endpoints()) == 3
