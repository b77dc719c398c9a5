"""Collection calls under every executor: stream transactions and async jobs."""

from __future__ import annotations

import pytest

from arango_anyio import AsyncJob, StandardDatabase
from arango_anyio.collection import StandardCollection
from arango_anyio.exceptions import DocumentInsertError, InvalidArgumentError
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored, written
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


class Boom(Exception):
    pass


@pytest.mark.emulator_only
async def test_bulk_and_reads_inside_a_transaction(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection,
    http: RecordingHTTPClient,
) -> None:
    async with db.begin_transaction(write="things") as txn:
        tcol = txn.collection("things")
        results = await tcol.insert_many([{"_key": f"k{i}"} for i in range(10)],
                                         batch_size=3, concurrency=2)
        assert isinstance(results, list) and len(results) == 10
        assert all("x-arango-trx-id" in s.headers for s in http.sent[-4:])
        assert stored(emulator, db, "things") == {}  # not committed yet
        assert await tcol.count() == 10
        async with tcol.all() as cursor:
            assert len([d async for d in cursor]) == 10
        await tcol.update({"_key": "k1", "x": 1})
        assert await tcol.delete_match({"_key": "k2"}) == 1
    assert set(stored(emulator, db, "things")) == {f"k{i}" for i in range(10)} - {"k2"}
    assert stored(emulator, db, "things")["k1"]["x"] == 1


@pytest.mark.emulator_only
async def test_aborted_transaction_writes_nothing(emulator: Emulator, db: StandardDatabase,
                                                  col: StandardCollection) -> None:
    with pytest.raises(Boom):
        async with db.begin_transaction(write="things") as txn:
            await txn.collection("things").import_bulk([{"_key": "a"}, {"_key": "b"}])
            raise Boom
    assert stored(emulator, db, "things") == {}


async def test_async_jobs(db: StandardDatabase, col: StandardCollection) -> None:
    await col.insert({"_key": "dup"})
    adb = db.begin_async_execution()
    acol = adb.collection("things")
    job = await acol.insert({"_key": "a", "n": 1})
    assert isinstance(job, AsyncJob)
    meta = await job.wait()
    assert meta["_key"] == "a"
    many = await acol.insert_many([{"_key": "b"}, {"_key": "dup"}])
    assert isinstance(many, AsyncJob)
    results = await many.wait()
    assert written(results[:1])[0]["_key"] == "b" and isinstance(results[1], DocumentInsertError)
    got = await (await acol.get_many(["a", "b", "zz"])).wait()
    assert [d["_key"] for d in got] == ["a", "b"]
    count_job = await acol.count()
    assert await count_job.wait() == 3
    with pytest.raises(InvalidArgumentError, match="async execution"):
        await acol.insert_many([{"_key": "c"}], batch_size=1)


@pytest.mark.emulator_only
async def test_overload_control(db: StandardDatabase, col: StandardCollection,
                                http: RecordingHTTPClient) -> None:
    controlled = db.begin_controlled_execution(2.5).collection("things")
    before = len(http.sent)
    results = await controlled.insert_many([{"_key": f"k{i}"} for i in range(6)],
                                           batch_size=2, concurrency=3)
    assert isinstance(results, list) and len(results) == 6
    batches = http.sent[before:]
    assert len(batches) == 3
    assert all(s.headers.get("x-arango-max-queue-time-seconds") == "2.5" for s in batches)
    assert await controlled.count() == 6
