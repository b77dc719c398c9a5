"""``db.replication`` and ``db.wal``: the emulator's logger state, tick ranges, dump batches,
inventory and dumps; the recorded 3.12 answers; the removed endpoints (warnings, 404)."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable

import pytest

from arango_anyio import StandardDatabase
from arango_anyio.exceptions import (
    ArangoServerError,
    ReplicationClusterInventoryError,
    ReplicationDumpBatchDeleteError,
    ReplicationDumpBatchExtendError,
    ReplicationDumpError,
    ReplicationInventoryError,
    ReplicationLoggerFirstTickError,
    ReplicationMakeSlaveError,
    ReplicationSyncError,
    ResponseParseError,
    WALConfigureError,
    WALPropertiesError,
)
from tests.api.admin.replay import documented, recorded, replay_db

pytestmark = pytest.mark.anyio

DUMP = "reference/http-api/replication/replication-dump.md"
WAL = "reference/http-api/replication/write-ahead-log.md"


async def test_logger_state_and_ticks(sys_db: StandardDatabase) -> None:
    state = await sys_db.replication.logger_state()
    assert state["state"]["running"] is True
    assert int(state["state"]["last_log_tick"]) > 0
    assert set(state["server"]) == {"version", "server_id"}
    assert state["clients"] == []
    ranges = await sys_db.wal.tick_ranges()
    assert int(ranges["tick_min"]) <= int(ranges["tick_max"])
    last = await sys_db.wal.last_tick()
    assert int(last["tick"]) >= int(ranges["tick_max"])
    assert await sys_db.wal.flush(sync=False, garbage_collect=False) is True
    tail = await sys_db.wal.tail(lower=last["tick"], chunk_size=1000, all_databases=True)
    assert tail["content"] == "" and tail["check_more"] is False
    assert tail["from_present"] is True and "active" not in tail  # as 3.12.10 answers


@pytest.mark.emulator_only
async def test_dump_batch_inventory_and_dump(db: StandardDatabase) -> None:
    books = await db.create_collection("books")
    await books.insert_many([{"_key": "a", "n": 1}, {"_key": "b", "n": 2}])
    await books.add_index({"type": "persistent", "fields": ["n"], "name": "by_n"})
    replication = db.replication
    batch = await replication.create_dump_batch(ttl=60)
    assert set(batch) == {"id", "last_tick"}

    inventory = await replication.inventory(batch["id"], include_system=False)
    (entry,) = inventory["collections"]
    assert entry["parameters"]["name"] == "books"
    assert entry["parameters"]["edge"] is False  # python-arango's collection format
    assert [i["name"] for i in entry["indexes"]] == ["by_n"]
    assert inventory["properties"]["name"] == db.name and inventory["views"] == []
    everything = await replication.inventory(batch["id"], all_databases=True)
    assert {"_system", db.name} <= set(everything["databases"])
    assert everything["databases"][db.name]["name"] == db.name

    dumped = await replication.dump("books", batch_id=batch["id"], deserialize=True)
    (lines,) = dumped["content"]
    assert sorted(line["data"]["_key"] for line in lines) == ["a", "b"]
    assert {line["type"] for line in lines} == {2300}
    assert dumped["check_more"] is False
    raw = await replication.dump("books", batch_id=batch["id"], chunk_size=1 << 16)
    assert isinstance(raw["content"][0], str) and '"_key":"a"' in raw["content"][0]

    assert await replication.extend_dump_batch(batch["id"], 120) is True
    assert await replication.delete_dump_batch(batch["id"]) is True
    with pytest.raises(ReplicationDumpBatchDeleteError) as gone:
        await replication.delete_dump_batch(batch["id"])
    assert gone.value.http_code == 404
    with pytest.raises(ReplicationDumpBatchExtendError):
        await replication.extend_dump_batch(batch["id"], 10)
    with pytest.raises(ReplicationInventoryError):
        await replication.inventory(batch["id"])
    with pytest.raises(ReplicationDumpError):
        await replication.dump("books", batch_id=batch["id"])
    with pytest.raises(ReplicationClusterInventoryError) as single:
        await replication.cluster_inventory(include_system=True)
    assert single.value.http_code == 403


async def test_removed_endpoints_warn_and_answer_404(sys_db: StandardDatabase) -> None:
    replication = sys_db.replication
    calls: list[tuple[Callable[..., Awaitable[object]], type[ArangoServerError],
                      tuple[str, ...]]] = [
        (replication.logger_first_tick, ReplicationLoggerFirstTickError, ()),
        (replication.make_slave, ReplicationMakeSlaveError, ("tcp://x:1",)),
        (replication.synchronize, ReplicationSyncError, ("tcp://x:1",)),
    ]
    for method, error, args in calls:
        with pytest.warns(DeprecationWarning, match="removed in ArangoDB 3.12"), \
                pytest.raises(error) as refused:
            await method(*args)
        assert refused.value.http_code == 404, method
    # the applier and server-id routes still answer on a 3.12 single server (the official
    # drivers' suites use them); leader/follower replication is deprecated, so they warn
    answered: list[tuple[Callable[..., Awaitable[object]], tuple[str, ...]]] = [
        (replication.applier_config, ()), (replication.set_applier_config, ("tcp://x:1",)),
        (replication.applier_state, ()), (replication.start_applier, ()),
        (replication.stop_applier, ()), (replication.server_id, ())]
    for call, args in answered:
        with pytest.warns(DeprecationWarning, match="leader/follower replication"):
            await call(*args)
    with pytest.warns(DeprecationWarning, match="removed in ArangoDB 4.0"), \
            pytest.raises(WALPropertiesError) as rocksdb:
        await sys_db.wal.properties()
    assert (rocksdb.value.http_code, rocksdb.value.error_code) == (501, 9)
    with pytest.warns(DeprecationWarning), pytest.raises(WALConfigureError):
        await sys_db.wal.configure(log_size=1 << 20, oversized_ops=True)
    with pytest.warns(DeprecationWarning):
        running = await sys_db.wal.transactions()
    assert running["count"] == 0


async def test_current_endpoints_do_not_warn(sys_db: StandardDatabase) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await sys_db.replication.logger_state()
        await sys_db.wal.tick_ranges()
        await sys_db.wal.last_tick()


async def test_recorded_answers() -> None:
    async with replay_db(recorded("RestReplicationLoggerStateActive_single"),
                         recorded("RestWalAccessTickRange_single"),
                         recorded("RestWalAccessTailingEmpty_single"),
                         recorded("RestWalAccessTailingBufferLimit_single"),
                         recorded("RestWalAccessTailingBufferLimit_single")) as (db, _):
        state = await db.replication.logger_state()
        assert state == {
            "state": {"running": True, "last_log_tick": "184777",
                      "last_uncommitted_log_tick": "184777", "total_events": 184777,
                      "time": "2026-08-04T15:28:26Z"},
            "server": {"version": "3.12.10", "server_id": "101420792779199"},
            "clients": []}
        assert await db.wal.tick_ranges() == {
            "tick_min": "1", "tick_max": "184777", "time": "2026-08-04T15:28:26Z",
            "server": {"version": "3.12.10", "server_id": "101420792779199"}}
        empty = await db.wal.tail(lower="184777")
        assert empty == {"from_present": True, "last_included": "0",
                         "last_scanned": "184776", "last_tick": "184777",
                         "check_more": False, "content": ""}
        some = await db.wal.tail(lower="184819", chunk_size=400, deserialize=True)
        assert some["content"] == [{"tick": "184835", "type": 2001, "db": "_system",
                                    "cuid": "h5C3DDE5391BF/74601"}]
        assert some["check_more"] is True and some["last_included"] == "184835"
        raw = await db.wal.tail(lower="184819", chunk_size=400)
        assert '"tick" : "184835"' in raw["content"]


async def test_documented_answers() -> None:
    # No recordings of these: answers from the reference pages' response descriptions.
    batch = {"id": "5", "lastTick": "100"}
    inventory = {
        "collections": [{"parameters": {"name": "books", "id": "9", "type": 2,
                                        "waitForSync": False, "isSystem": False},
                         "indexes": [{"id": "books/12", "type": "persistent",
                                      "fields": ["n"], "name": "by_n", "unique": False,
                                      "sparse": False}]}],
        "views": [{"globallyUniqueId": "g", "id": "7", "name": "v", "type": "arangosearch"}],
        "properties": {"id": "1", "name": "_system", "isSystem": True},
        "state": {"running": True, "lastLogTick": "100", "lastUncommittedLogTick": "100",
                  "totalEvents": 100, "time": "2026-01-01T00:00:00Z"},
        "tick": "100"}
    exchanges = [
        documented("POST", "/_api/replication/batch", source=DUMP, body=batch,
                   request_body={"ttl": 30}),
        documented("GET", "/_api/replication/inventory", source=DUMP, body=inventory,
                   query={"batchId": "5", "includeSystem": "false", "global": "false"}),
        documented("GET", "/_api/replication/dump", source=DUMP,
                   content_type="application/x-arango-dump",
                   text='{"type":2300,"data":{"_key":"a"}}\n{"type":2300,"data":{"_key":"b"}}\n',
                   query={"collection": "books", "batchId": "5", "chunkSize": "100"}),
        documented("GET", "/_api/replication/dump", source=DUMP, text="not json\n",
                   content_type="application/x-arango-dump",
                   query={"collection": "books"}),
        documented("PUT", "/_api/replication/batch/5", source=DUMP, status=204,
                   request_body={"ttl": 60}),
        documented("DELETE", "/_api/replication/batch/5", source=DUMP, status=204),
        documented("GET", "/_api/replication/clusterInventory", source=DUMP,
                   body={"collections": [], "views": [], "tick": "1", "state": {}},
                   query={"includeSystem": "true"}),
        documented("GET", "/_api/wal/lastTick", source=WAL, body={
            "time": "2026-01-01T00:00:00Z", "tick": "184777",
            "server": {"version": "3.12.10", "serverId": "1"}}),
        documented("PUT", "/_admin/wal/flush", source="python-arango (not in 3.12 docs)",
                   query={"waitForSync": "true", "waitForCollector": "true"},
                   body={"error": False, "code": 200}),
    ]
    async with replay_db(*exchanges) as (db, replay):
        created = await db.replication.create_dump_batch(ttl=30)
        assert created == {"id": "5", "last_tick": "100"}
        listed = await db.replication.inventory("5", include_system=False,
                                                all_databases=False)
        (collection,) = listed["collections"]
        assert collection["parameters"]["sync"] is False
        assert collection["indexes"][0]["id"] == "12"
        assert listed["views"] == [{"global_id": "g", "id": "7", "name": "v",
                                    "type": "arangosearch"}]
        assert listed["properties"]["system"] is True
        assert listed["state"]["last_log_tick"] == "100"
        dumped = await db.replication.dump("books", batch_id="5", chunk_size=100,
                                           deserialize=True)
        assert [d["data"]["_key"] for d in dumped["content"][0]] == ["a", "b"]
        with pytest.raises(ResponseParseError):
            await db.replication.dump("books", deserialize=True)
        assert await db.replication.extend_dump_batch("5", 60) is True
        assert await db.replication.delete_dump_batch("5") is True
        assert (await db.replication.cluster_inventory(include_system=True))["tick"] == "1"
        assert (await db.wal.last_tick())["server"] == {"version": "3.12.10",
                                                         "server_id": "1"}
        assert await db.wal.flush() is True
    assert replay.sent[2][3] == {"collection": "books", "chunkSize": "100", "batchId": "5"}
