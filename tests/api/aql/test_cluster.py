"""Cursors and stream transactions over real loopback HTTP to 3 coordinators, round-robin:
follow-up requests must go to the coordinator that holds the state (the others answer
404/1600 for a cursor and 404/1655 for a transaction)."""

from __future__ import annotations

import anyio
import pytest

from arango_anyio import Database, StandardDatabase
from arango_anyio.request import Request
from arango_anyio.testing import Emulator

from .conftest import count_docs, create_collection

pytestmark = pytest.mark.anyio

RANGE = "FOR i IN 1..@n RETURN i"


async def test_other_coordinators_refuse_the_state(cluster_db: StandardDatabase) -> None:
    """Without pinning these calls fail: this is what the tests below rely on."""
    hosts = cluster_db._conn.state.hosts
    cursor = await cluster_db.aql.execute(RANGE, bind_vars={"n": 6}, batch_size=2)
    other = next(h for h in hosts if h != cursor.host)
    response = await cluster_db._conn.send(
        Request("POST", f"/_api/cursor/{cursor.id}", host=other))
    assert (response.status_code, response.error_code) == (404, 1600)
    await cursor.close()
    txn = await cluster_db.begin_transaction()
    other = next(h for h in hosts if h != txn.transaction_host)
    response = await cluster_db._conn.send(
        Request("GET", f"/_api/transaction/{txn.transaction_id}", host=other))
    assert (response.status_code, response.error_code) == (404, 1655)
    await txn.abort()


@pytest.mark.parametrize("prefetch", [False, True])
async def test_cursor_batches_come_from_the_creating_coordinator(
        cluster_db: StandardDatabase, emulator: Emulator, prefetch: bool) -> None:
    for _ in range(3):  # start on each coordinator in turn
        async with cluster_db.aql.execute(RANGE, bind_vars={"n": 11}, batch_size=2,
                                          prefetch=prefetch) as cursor:
            assert cursor.host in cluster_db._conn.state.hosts
            assert [x async for x in cursor] == list(range(1, 12))
    assert emulator.open_cursors() == []


async def test_cursor_close_goes_to_the_creating_coordinator(
        cluster_db: StandardDatabase, emulator: Emulator) -> None:
    for _ in range(3):
        async with cluster_db.aql.execute(RANGE, bind_vars={"n": 10}, batch_size=2,
                                          allow_retry=True) as cursor:
            assert await cursor.next() == 1
            assert len(emulator.open_cursors()) == 1
        assert emulator.open_cursors() == []


async def test_cancelled_cursor_is_deleted(cluster_db: StandardDatabase,
                                           emulator: Emulator) -> None:
    with anyio.CancelScope() as scope:
        async with cluster_db.aql.execute(RANGE, bind_vars={"n": 50}, batch_size=4,
                                          prefetch=True) as cursor:
            async for i in cursor:
                if i == 10:
                    scope.cancel()
                    await anyio.sleep(1)
    assert scope.cancelled_caught
    assert emulator.open_cursors() == []


async def test_transaction_calls_go_to_its_coordinator(cluster_db: StandardDatabase,
                                                       emulator: Emulator) -> None:
    await create_collection(cluster_db, "t", docs=10)
    async with cluster_db.begin_transaction(write="t") as txn:
        for i in range(5):  # round-robin would spread these over the 3 coordinators
            await txn.aql.execute("INSERT {n: @i} INTO t", bind_vars={"i": 100 + i})
        async with txn.aql.execute("FOR d IN t RETURN d.n", batch_size=3) as cursor:
            assert len([n async for n in cursor]) == 15
        assert await txn.transaction_status() == "running"
        again = await cluster_db.fetch_transaction(txn.transaction_id)
        assert again.transaction_host == txn.transaction_host
    assert emulator.transaction_status(txn.transaction_id) == "committed"
    assert await count_docs(cluster_db, "t") == 15


async def test_cancelled_transaction_is_aborted(cluster_db: StandardDatabase,
                                                emulator: Emulator) -> None:
    await create_collection(cluster_db, "t")
    with anyio.move_on_after(0.3) as scope:
        async with cluster_db.begin_transaction(write="t") as txn:
            for i in range(3):
                await txn.aql.execute("INSERT {n: @i} INTO t", bind_vars={"i": i})
            await anyio.sleep(5)
    assert scope.cancelled_caught
    assert emulator.transaction_status(txn.transaction_id) == "aborted"
    assert await count_docs(cluster_db, "t") == 0


async def test_concurrent_tasks_in_one_transaction(cluster_db: StandardDatabase) -> None:
    await create_collection(cluster_db, "t")

    async def insert(db: Database, i: int) -> None:
        await db.aql.execute("INSERT {n: @i} INTO t", bind_vars={"i": i})

    async with cluster_db.begin_transaction(write="t") as txn, \
            anyio.create_task_group() as tg:
        for i in range(10):
            tg.start_soon(insert, txn, i)
    assert await count_docs(cluster_db, "t") == 10
