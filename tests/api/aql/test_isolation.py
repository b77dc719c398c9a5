"""Stream transactions as ArangoDB's RocksDB engine runs them: snapshot reads, write-write
conflicts, and exclusive collection locks that make the other writers wait (up to their
``lockTimeout``, then 500/18). Runs against the emulator, or a real server (ARANGO_HOSTS)."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from arango_anyio import StandardCollection, StandardDatabase
from arango_anyio.errno import CONFLICT, LOCK_TIMEOUT
from arango_anyio.exceptions import (
    DocumentInsertError,
    DocumentUpdateError,
    TransactionInitError,
)

pytestmark = pytest.mark.anyio


async def value(collection: StandardCollection, key: str) -> Any:
    """Field ``v`` of document ``key``, which must exist."""
    doc = await collection.get(key)
    assert doc is not None, key
    return doc["v"]

#: How long a writer is seen waiting before the lock holder lets go.
HELD = 0.2


async def test_a_transaction_reads_the_snapshot_taken_when_it_began(
        db: StandardDatabase) -> None:
    col = await db.create_collection("c")
    await col.insert_many([{"_key": "changed", "v": 1}, {"_key": "removed", "v": 1}])
    async with db.begin_transaction(read="c") as txn:
        tcol = txn.collection("c")
        assert await tcol.count() == 2
        await col.update({"_key": "changed", "v": 2})
        await col.delete("removed")
        await col.insert({"_key": "added", "v": 1})
        assert await value(tcol, "changed") == 1
        assert await value(tcol, "removed") == 1
        assert await tcol.get("added") is None
        assert await tcol.count() == 2
        cursor = await txn.aql.execute("FOR d IN c SORT d._key RETURN [d._key, d.v]")
        assert [row async for row in cursor] == [["changed", 1], ["removed", 1]]
    assert await value(col, "changed") == 2
    assert await col.count() == 2


async def test_a_transaction_cannot_overwrite_a_newer_commit(db: StandardDatabase) -> None:
    col = await db.create_collection("c")
    await col.insert({"_key": "k", "v": 0})
    async with db.begin_transaction(write="c") as first, \
            db.begin_transaction(write="c") as second:
        await first.collection("c").update({"_key": "k", "v": 1})
        with pytest.raises(DocumentUpdateError) as busy:  # k is locked by first
            await second.collection("c").update({"_key": "k", "v": 2})
        assert busy.value.error_code == CONFLICT
        with pytest.raises(DocumentUpdateError) as outside:
            await col.update({"_key": "k", "v": 3})
        assert outside.value.error_code == CONFLICT
        await first.commit()
        with pytest.raises(DocumentUpdateError) as stale:  # committed after second began
            await second.collection("c").update({"_key": "k", "v": 4})
        assert stale.value.error_code == CONFLICT
        await second.abort()
    assert await value(col, "k") == 1


@pytest.mark.parametrize("end", ["commit", "abort"])
async def test_an_exclusive_holder_makes_other_writers_wait(db: StandardDatabase,
                                                             end: str) -> None:
    col = await db.create_collection("c")
    finished: dict[str, float] = {}

    async def write(name: str, operation: object) -> None:
        await operation  # type: ignore[misc]
        finished[name] = time.perf_counter()

    txn = await db.begin_transaction(exclusive="c")
    await txn.collection("c").insert({"_key": "mine"})
    async with anyio.create_task_group() as tg:
        tg.start_soon(write, "insert", col.insert({"_key": "single"}))
        tg.start_soon(write, "aql", db.aql.execute("INSERT {_key: 'aql'} INTO c"))
        tg.start_soon(write, "transaction", _begin_and_commit(db))
        await anyio.sleep(HELD)
        assert finished == {}  # all three wait for the exclusive holder
        released = time.perf_counter()
        await (txn.commit() if end == "commit" else txn.abort())
    assert sorted(finished) == ["aql", "insert", "transaction"]
    assert all(at >= released for at in finished.values())
    expected = {"aql", "single", "later"} | ({"mine"} if end == "commit" else set())
    assert {doc["_key"] async for doc in await db.aql.execute("FOR d IN c RETURN d")} \
        == expected


async def _begin_and_commit(db: StandardDatabase) -> None:
    async with db.begin_transaction(write="c") as txn:
        await txn.collection("c").insert({"_key": "later"})


async def test_waiting_for_a_lock_ends_at_lock_timeout(db: StandardDatabase) -> None:
    await db.create_collection("c")
    async with db.begin_transaction(exclusive="c"):
        started = time.perf_counter()
        with pytest.raises(TransactionInitError) as caught:
            await db.begin_transaction(write="c", lock_timeout=1)
        assert caught.value.error_code == LOCK_TIMEOUT
        assert caught.value.http_code == 500
        assert 0.9 < time.perf_counter() - started < 5
    async with db.begin_transaction(write="c"):  # a shared holder keeps exclusive out
        with pytest.raises(TransactionInitError) as shared:
            await db.begin_transaction(exclusive="c", lock_timeout=1)
        assert shared.value.error_code == LOCK_TIMEOUT
        async with db.begin_transaction(write="c"):  # but not another shared one
            pass


async def test_readers_never_wait(db: StandardDatabase) -> None:
    col = await db.create_collection("c")
    await col.insert({"_key": "k", "v": 1})
    async with db.begin_transaction(exclusive="c") as txn:
        await txn.collection("c").update({"_key": "k", "v": 2})
        with anyio.fail_after(2):
            assert await value(col, "k") == 1
            assert await col.count() == 1
            async with db.begin_transaction(read="c") as reader:
                assert await value(reader.collection("c"), "k") == 1
    with pytest.raises(DocumentInsertError):
        await col.insert({"_key": "k"})
