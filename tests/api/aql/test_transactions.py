"""Stream transactions: commit/abort by block, header and pinning, serialization, JS."""

from __future__ import annotations

import anyio
import pytest

from arango_anyio import Database, StandardDatabase, TransactionDatabase
from arango_anyio.exceptions import (
    TransactionCommitError,
    TransactionExecuteError,
    TransactionFetchError,
    TransactionInitError,
    TransactionStateError,
)
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

from .conftest import count_docs, create_collection

pytestmark = pytest.mark.anyio

INSERT = "FOR i IN 1..@n INSERT {n: i} INTO @@c"


def server_status(emulator: Emulator, tid: str) -> str:
    """What the emulator's transaction store says about ``tid``."""
    return emulator.transaction_status(tid)


async def test_block_commits_on_normal_exit(db: StandardDatabase, emulator: Emulator) -> None:
    await create_collection(db, "t")
    async with db.begin_transaction(write="t") as txn:
        assert isinstance(txn, TransactionDatabase)
        await txn.aql.execute(INSERT, bind_vars={"n": 3, "@c": "t"})
        assert await count_docs(db, "t") == 0  # not visible outside yet
        cursor = await txn.aql.execute("RETURN LENGTH(t)")
        assert [x async for x in cursor] == [3]  # visible inside
        assert await txn.transaction_status() == "running"
    assert txn.state == "committed"
    assert server_status(emulator, txn.transaction_id) == "committed"
    assert await count_docs(db, "t") == 3


async def test_block_aborts_on_exception(db: StandardDatabase, emulator: Emulator) -> None:
    await create_collection(db, "t")
    with pytest.raises(RuntimeError):
        async with db.begin_transaction(write=["t"]) as txn:
            await txn.aql.execute(INSERT, bind_vars={"n": 2, "@c": "t"})
            raise RuntimeError("boom")
    assert server_status(emulator, txn.transaction_id) == "aborted"
    assert txn.state == "aborted"
    assert await count_docs(db, "t") == 0


async def test_block_aborts_on_cancellation(db: StandardDatabase, emulator: Emulator) -> None:
    await create_collection(db, "t")
    with anyio.move_on_after(0.1) as scope:
        async with db.begin_transaction(write="t") as txn:
            await txn.aql.execute(INSERT, bind_vars={"n": 2, "@c": "t"})
            assert emulator.running_transactions()
            await anyio.sleep(5)
    assert scope.cancelled_caught
    assert server_status(emulator, txn.transaction_id) == "aborted"
    assert emulator.running_transactions() == []
    assert await count_docs(db, "t") == 0


async def test_cursor_cancelled_inside_transaction(db: StandardDatabase,
                                                   emulator: Emulator) -> None:

    await create_collection(db, "t", docs=20)
    with anyio.CancelScope() as scope:
        async with db.begin_transaction(read="t") as txn:  # noqa: SIM117 (txn is needed)
            async with txn.aql.execute("FOR d IN t RETURN d", batch_size=3) as cursor:
                async for _ in cursor:
                    if emulator.open_cursors():
                        scope.cancel()
                        await anyio.sleep(1)
    assert scope.cancelled_caught
    assert emulator.open_cursors() == []
    assert server_status(emulator, txn.transaction_id) == "aborted"


async def test_awaitable_form_commit_abort_status(db: StandardDatabase) -> None:
    await create_collection(db, "t")
    txn = await db.begin_transaction(write="t", sync=True, allow_implicit=False,
                                     lock_timeout=5, max_size=1 << 20)
    assert isinstance(txn.transaction_id, str) and txn.transaction_host is not None
    await txn.aql.execute(INSERT, bind_vars={"n": 1, "@c": "t"})
    assert await txn.transaction_status() == "running"
    assert await txn.commit() is True
    assert await txn.commit_transaction() is True  # already committed: no-op
    assert await txn.transaction_status() == "committed"
    with pytest.raises(TransactionStateError):
        await txn.abort()
    assert await count_docs(db, "t") == 1

    other = await db.begin_transaction(write="t")
    await other.aql.execute(INSERT, bind_vars={"n": 5, "@c": "t"})
    assert await other.abort_transaction() is True
    assert await other.transaction_status() == "aborted"
    with pytest.raises(TransactionStateError):
        await other.commit()
    async with other:  # already finished: leaving does nothing
        pass
    assert await count_docs(db, "t") == 1


async def test_explicit_commit_inside_block(db: StandardDatabase, emulator: Emulator) -> None:
    await create_collection(db, "t")
    async with db.begin_transaction(write="t") as txn:
        await txn.aql.execute(INSERT, bind_vars={"n": 1, "@c": "t"})
        await txn.commit()
    assert server_status(emulator, txn.transaction_id) == "committed"


async def test_every_call_carries_the_header(rec_db: StandardDatabase,
                                             recorder: RecordingHTTPClient) -> None:
    await create_collection(rec_db, "t", docs=9)
    recorder.sent.clear()
    async with rec_db.begin_transaction(read="t") as txn:
        async with txn.aql.execute("FOR d IN t RETURN d", batch_size=2) as cursor:
            assert len([d async for d in cursor]) == 9
        async with txn.aql.execute("FOR d IN t RETURN d", batch_size=2) as cursor:
            await cursor.next()  # left early: deleted inside the transaction
    tid = txn.transaction_id
    inside = [s for s in recorder.sent if "/_api/cursor" in s.path]
    assert len(inside) >= 7
    assert all(s.lower_headers.get("x-arango-trx-id") == tid for s in inside)
    assert recorder.matching("DELETE", "/_api/cursor/")[0].lower_headers["x-arango-trx-id"] == tid
    begin = recorder.matching("POST", "/_api/transaction/begin")[0]
    assert begin.body == {"collections": {"read": "t"}}
    commit = recorder.matching("PUT", f"/_api/transaction/{tid}")[0]
    assert "x-arango-trx-id" not in commit.lower_headers


async def test_concurrent_calls_are_serialized(rec_db: StandardDatabase,
                                               recorder: RecordingHTTPClient,
                                               emulator: Emulator) -> None:
    await create_collection(rec_db, "t")
    recorder.delay = 0.01

    async def insert_one(db: Database) -> None:
        await db.aql.execute(INSERT, bind_vars={"n": 1, "@c": "t"})

    async with rec_db.begin_transaction(write="t") as txn, anyio.create_task_group() as tg:
        for _ in range(8):
            tg.start_soon(insert_one, txn)
    assert recorder.max_in_flight_per_trx[txn.transaction_id] == 1
    # without a transaction the same calls do overlap (so the check above means something)
    async with anyio.create_task_group() as tg:
        for _ in range(4):
            tg.start_soon(insert_one, rec_db)
    assert recorder.max_in_flight_per_trx[""] > 1
    assert await count_docs(rec_db, "t") == 12


async def test_commit_failure_aborts_and_raises(db: StandardDatabase,
                                                emulator: Emulator) -> None:
    await create_collection(db, "t")
    emulator.faults.fail_next(1, 500, 4, method="PUT", path="/_api/transaction/")
    with pytest.raises(TransactionCommitError):
        async with db.begin_transaction(write="t") as txn:
            await txn.aql.execute(INSERT, bind_vars={"n": 1, "@c": "t"})
    assert server_status(emulator, txn.transaction_id) == "aborted"
    assert await count_docs(db, "t") == 0


async def test_begin_failure(db: StandardDatabase) -> None:
    with pytest.raises(TransactionInitError) as info:
        async with db.begin_transaction(write="no_such_collection"):
            pytest.fail("the block must not run")
    assert info.value.error_code == 1203


async def test_list_and_fetch(db: StandardDatabase) -> None:
    await create_collection(db, "t")
    async with db.begin_transaction(write="t") as txn:
        listed = await db.list_transactions()
        assert {"id": txn.transaction_id, "state": "running"} in listed
        again = await db.fetch_transaction(txn.transaction_id)
        assert again.transaction_id == txn.transaction_id
        assert again.transaction_host == txn.transaction_host
        await again.aql.execute(INSERT, bind_vars={"n": 2, "@c": "t"})
        pinned = await db.fetch_transaction(txn.transaction_id, host=txn.transaction_host)
        assert await pinned.transaction_status() == "running"
    assert await count_docs(db, "t") == 2
    assert all(t["id"] != txn.transaction_id for t in await db.list_transactions())
    with pytest.raises(TransactionFetchError) as info:
        await db.fetch_transaction("123456789")
    assert info.value.error_code == 1655


async def test_fetch_finds_the_coordinator(multi_db: StandardDatabase,
                                           recorder: RecordingHTTPClient) -> None:
    await create_collection(multi_db, "t")
    async with multi_db.begin_transaction(write="t") as txn:
        found = await multi_db.fetch_transaction(txn.transaction_id)
        assert found.transaction_host == txn.transaction_host
        for _ in range(3):
            await found.aql.execute(INSERT, bind_vars={"n": 1, "@c": "t"})
    assert await count_docs(multi_db, "t") == 3
    inside = [s for s in recorder.sent if s.lower_headers.get("x-arango-trx-id")]
    assert {s.host for s in inside} == {txn.transaction_host}


async def test_javascript_transaction_request(rec_db: StandardDatabase,
                                              recorder: RecordingHTTPClient) -> None:
    with pytest.raises(TransactionExecuteError) as info:
        await rec_db.execute_transaction(
            "function (p) { return p.x; }", params={"x": 1}, read=["a"], write=["b"],
            sync=True, timeout=3, max_size=100, allow_implicit=True,
            intermediate_commit_count=10, intermediate_commit_size=1000)
    assert info.value.http_code == 501  # the emulator has no JavaScript engine
    sent = recorder.matching("POST", "/_api/transaction")[-1]
    assert sent.body == {
        "action": "function (p) { return p.x; }",
        "collections": {"allowImplicit": True, "read": ["a"], "write": ["b"]},
        "params": {"x": 1}, "lockTimeout": 3, "waitForSync": True,
        "maxTransactionSize": 100, "intermediateCommitCount": 10,
        "intermediateCommitSize": 1000,
    }


async def test_collection_calls_run_in_the_transaction(rec_db: StandardDatabase,
                                                       recorder: RecordingHTTPClient) -> None:
    await create_collection(rec_db, "t")
    recorder.sent.clear()
    async with rec_db.begin_transaction(write="t") as txn:
        col = txn.collection("t")
        await col.insert({"_key": "a", "n": 1})
        await col.insert_many([{"_key": "b"}, {"_key": "c"}])
        await col.import_bulk([{"_key": "d"}])
        doc = await col.get("a")
        assert doc is not None and doc["n"] == 1
        async with await col.find({"n": 1}) as cursor:
            assert [d["_key"] async for d in cursor] == ["a"]
        assert await count_docs(rec_db, "t") == 0
    tid = txn.transaction_id
    calls = [s for s in recorder.sent
             if "/_api/transaction" not in s.path and "/count" not in s.path]
    assert len(calls) >= 5
    assert all(s.lower_headers.get("x-arango-trx-id") == tid for s in calls)
    assert await count_docs(rec_db, "t") == 4
