"""Cursors: iteration, batches, metadata, closing, cancellation, read-ahead, retry."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.lowlevel
import pytest

from arango_anyio import StandardDatabase
from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import Executor
from arango_anyio._executors.handling import interpret
from arango_anyio.cursor import Cursor
from arango_anyio.exceptions import (
    AQLQueryExecuteError,
    CursorCountError,
    CursorEmptyError,
    CursorNextError,
    CursorStateError,
    ResponseParseError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

from .conftest import create_collection

pytestmark = pytest.mark.anyio

RANGE = "FOR i IN 1..@n RETURN i"

T = TypeVar("T")


class ScriptedExecutor(Executor):
    """Answers each request with the next of ``bodies`` (200), remembering what was asked;
    the handler runs as under the real executor."""

    def __init__(self, connection: Connection, bodies: list[dict[str, Any]]) -> None:
        super().__init__(connection)
        self.bodies = bodies
        self.asked: list[Request] = []

    async def execute(self, request: Request, handler: Callable[[Response], T]) -> T:
        self.asked.append(request)
        await anyio.lowlevel.checkpoint()
        body = json.dumps(self.bodies.pop(0)).encode()
        return interpret(Response(request.method, request.endpoint, {}, 200, "OK", body), handler)


async def test_iterates_every_batch_in_order(db: StandardDatabase) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 10}, batch_size=3) as cursor:
        assert isinstance(cursor, Cursor)
        assert cursor.id is not None and cursor.has_more()
        assert list(cursor.batch()) == [1, 2, 3]
        assert [i async for i in cursor] == list(range(1, 11))
        assert not cursor.has_more()


async def test_single_batch_has_no_server_cursor(db: StandardDatabase,
                                                 emulator: Emulator) -> None:
    cursor = await db.aql.execute("RETURN 42")
    assert cursor.id is None and not cursor.has_more()
    assert [x async for x in cursor] == [42]
    assert await cursor.close() is None  # nothing to delete
    assert emulator.open_cursors() == []


async def test_count_statistics_and_metadata(db: StandardDatabase) -> None:
    await create_collection(db, "c", docs=5)
    cursor = await db.aql.execute("FOR d IN c FILTER d.n >= 2 RETURN d.n", count=True,
                                  full_count=True, profile=True)
    assert cursor.count() == 3 == len(cursor)
    stats = cursor.statistics()
    assert stats is not None
    assert stats["scanned_full"] == 5 and stats["modified"] == 0
    assert "writesExecuted" not in stats and "fullCount" in stats
    assert cursor.profile() is not None
    assert cursor.warnings() == []
    assert cursor.cached() is False
    assert cursor.type == "cursor"
    assert sorted([x async for x in cursor]) == [2, 3, 4]


async def test_profile_two_gives_the_plan(db: StandardDatabase) -> None:
    cursor = await db.aql.execute("FOR i IN 1..3 RETURN i", profile=2)
    plan = cursor.plan()
    assert plan is not None and plan["nodes"][0]["type"] == "SingletonNode"
    assert cursor.profile() is not None


async def test_count_without_count_option_raises(db: StandardDatabase) -> None:
    cursor = await db.aql.execute("RETURN 1")
    with pytest.raises(CursorCountError):
        cursor.count()


async def test_warnings_are_exposed(db: StandardDatabase) -> None:
    cursor = await db.aql.execute("RETURN 1 / 0")
    warnings = cursor.warnings()
    assert warnings and warnings[0]["code"] == 1562
    assert [x async for x in cursor] == [None]


async def test_write_statistics_use_python_arango_names(db: StandardDatabase) -> None:
    await create_collection(db, "w")
    cursor = await db.aql.execute("FOR i IN 1..4 INSERT {n: i} INTO w")
    stats = cursor.statistics()
    assert stats is not None and stats["modified"] == 4 and stats["ignored"] == 0


async def test_fetch_pop_empty_and_next(db: StandardDatabase) -> None:
    cursor = await db.aql.execute(RANGE, bind_vars={"n": 4}, batch_size=2)
    try:
        assert cursor.pop() == 1 and cursor.pop() == 2
        assert cursor.empty()
        with pytest.raises(CursorEmptyError):
            cursor.pop()
        result = await cursor.fetch()
        assert result["batch"] == [3, 4] and result["has_more"] is False
        assert await cursor.next() == 3
        assert await cursor.next() == 4
        with pytest.raises(StopAsyncIteration):
            await cursor.next()
        with pytest.raises(CursorStateError):
            await cursor.fetch()
    finally:
        await cursor.close()


async def test_bare_cursor_must_be_closed(db: StandardDatabase, emulator: Emulator) -> None:
    cursor = await db.aql.execute(RANGE, bind_vars={"n": 5}, batch_size=2)
    assert emulator.open_cursors() == [cursor.id]
    assert await cursor.close() is True
    assert emulator.open_cursors() == []
    assert cursor.closed
    assert await cursor.close() is None  # idempotent
    assert list(cursor.batch()) == [1, 2]  # what was already fetched stays readable
    with pytest.raises(CursorStateError):
        _ = [x async for x in cursor]  # but nothing more is fetched


async def test_async_with_on_an_awaited_cursor(db: StandardDatabase,
                                               emulator: Emulator) -> None:
    cursor = await db.aql.execute(RANGE, bind_vars={"n": 5}, batch_size=2)
    async with cursor:
        assert await cursor.next() == 1
    assert emulator.open_cursors() == []


async def test_leaving_the_block_deletes_the_cursor(db: StandardDatabase,
                                                    emulator: Emulator) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 10}, batch_size=2) as cursor:
        assert await cursor.next() == 1
        assert emulator.open_cursors() == [cursor.id]
    assert emulator.open_cursors() == []


async def test_exhausted_cursor_is_not_deleted_again(rec_db: StandardDatabase,
                                                     recorder: RecordingHTTPClient) -> None:
    async with rec_db.aql.execute(RANGE, bind_vars={"n": 4}, batch_size=2) as cursor:
        assert [x async for x in cursor] == [1, 2, 3, 4]
    assert recorder.matching("DELETE", "/_api/cursor") == []
    assert len(recorder.matching("POST", "/_api/cursor/")) == 1


async def test_exception_in_block_deletes_cursor(db: StandardDatabase,
                                                 emulator: Emulator) -> None:
    with pytest.raises(ZeroDivisionError):
        async with db.aql.execute(RANGE, bind_vars={"n": 10}, batch_size=2) as cursor:
            await cursor.next()
            1 / 0  # noqa: B018
    assert emulator.open_cursors() == []


async def test_cancel_while_iterating_deletes_cursor(db: StandardDatabase,
                                                    emulator: Emulator) -> None:
    seen: list[int] = []
    with anyio.CancelScope() as scope:
        async with db.aql.execute(RANGE, bind_vars={"n": 100}, batch_size=5) as cursor:
            async for i in cursor:
                seen.append(i)
                if i == 7:
                    assert emulator.open_cursors() == [cursor.id]
                    scope.cancel()
                    await anyio.sleep(1)  # cancelled here: the block is left by cancellation
    assert scope.cancelled_caught
    assert seen == list(range(1, 8))
    assert emulator.open_cursors() == []


async def test_move_on_after_while_fetching_deletes_cursor(db: StandardDatabase,
                                                           emulator: Emulator) -> None:
    with anyio.move_on_after(0.2) as scope:
        async with db.aql.execute(RANGE, bind_vars={"n": 50}, batch_size=1) as cursor:
            async for _ in cursor:
                emulator.faults.add_latency(0.05)  # every later fetch is slower
    assert scope.cancelled_caught
    emulator.faults.clear_latency()
    assert emulator.open_cursors() == []


async def test_query_error_raises_on_await(db: StandardDatabase) -> None:
    with pytest.raises(AQLQueryExecuteError) as info:
        await db.aql.execute("FOR d IN missing_collection RETURN d")
    assert info.value.error_code == 1203
    with pytest.raises(AQLQueryExecuteError):
        async with db.aql.execute("RETURN ("):
            pass


async def test_expired_cursor_raises_next_error(db: StandardDatabase,
                                                emulator: Emulator) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 6}, batch_size=2) as cursor:
        emulator.expire_cursors()  # the server forgets it (ttl ran out)
        with pytest.raises(CursorNextError) as info:
            _ = [x async for x in cursor]
        assert info.value.error_code == 1600
    # the close on exit found it missing and ignored that


async def test_prefetch_reads_one_batch_ahead(rec_db: StandardDatabase,
                                              recorder: RecordingHTTPClient) -> None:
    async with rec_db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3,
                                  prefetch=True) as cursor:
        await anyio.sleep(0.05)  # let the read-ahead run
        # batch 2 was fetched while batch 1 is untouched; batch 3 was not (bounded)
        assert len(recorder.matching("POST", "/_api/cursor/")) == 1
        assert list(cursor.batch()) == [1, 2, 3]
        docs = [x async for x in cursor]
    assert docs == list(range(1, 10))
    assert len(recorder.matching("POST", "/_api/cursor/")) == 2


async def test_prefetch_task_ends_with_the_cursor(db: StandardDatabase,
                                                  emulator: Emulator) -> None:
    emulator.faults.add_latency(0.2)  # the read-ahead is still in flight when we leave
    with anyio.fail_after(3):
        async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3,
                                  prefetch=True) as cursor:
            assert await cursor.next() == 1
    emulator.faults.clear_latency()
    assert emulator.open_cursors() == []


async def test_prefetch_error_surfaces_in_the_consumer(db: StandardDatabase,
                                                       emulator: Emulator) -> None:
    emulator.faults.fail_next(1, 500, 4, method="POST", path="/_api/cursor/")
    with pytest.raises(CursorNextError):
        async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3,
                                  prefetch=True) as cursor:
            _ = [x async for x in cursor]
    assert emulator.open_cursors() == []


async def test_prefetch_without_async_with_fetches_on_demand(db: StandardDatabase) -> None:
    cursor = await db.aql.execute(RANGE, bind_vars={"n": 5}, batch_size=2, prefetch=True)
    try:
        assert [x async for x in cursor] == [1, 2, 3, 4, 5]
    finally:
        await cursor.close()


@pytest.mark.emulator_only
async def test_allow_retry_rereads_a_lost_batch(rec_db: StandardDatabase, emulator: Emulator,
                                                recorder: RecordingHTTPClient) -> None:
    async with rec_db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3,
                                  allow_retry=True) as cursor:
        assert [await cursor.next() for _ in range(3)] == [1, 2, 3]
        # the server advances the cursor, then the answer is lost
        emulator.faults.reset_next(1, "after", method="POST", path="/_api/cursor/")
        rest = [x async for x in cursor]
        assert rest == [4, 5, 6, 7, 8, 9]  # nothing skipped, nothing repeated
        assert emulator.open_cursors() == [cursor.id]  # kept for a last re-read
    fetches = [s.path.rsplit("/", 2)[-2:] for s in recorder.matching("POST", "/_api/cursor/")]
    assert fetches[0] == fetches[1]  # the same batch id was asked twice
    assert emulator.faults.counts["reset_after"] == 1
    assert emulator.open_cursors() == []  # deleted on exit, even though exhausted


@pytest.mark.emulator_only
async def test_without_allow_retry_a_lost_batch_is_an_error(db: StandardDatabase,
                                                            emulator: Emulator) -> None:
    from arango_anyio.exceptions import ServerConnectionError

    async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3) as cursor:
        emulator.faults.reset_next(1, "after", method="POST", path="/_api/cursor/")
        with pytest.raises(ServerConnectionError) as info:
            _ = [x async for x in cursor]
        assert info.value.may_have_been_applied


async def test_stream_query(db: StandardDatabase) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 7}, batch_size=2, stream=True) as cursor:
        assert [x async for x in cursor] == list(range(1, 8))


async def test_cursor_reads_plan_and_extra_from_the_answer(db: StandardDatabase) -> None:
    # every field of a real answer's extra is read (stats renamed as python-arango does)
    data = {
        "result": [1], "hasMore": False, "cached": True, "count": 1,
        "extra": {"plan": {"nodes": []}, "profile": {"executing": 0.1}, "warnings": [],
                  "stats": {"writesExecuted": 0, "writesIgnored": 0, "documentLookups": 2,
                            "scannedFull": 1, "scannedIndex": 0, "executionTime": 0.01,
                            "httpRequests": 0, "peakMemoryUsage": 0,
                            "intermediateCommits": 0, "filtered": 3, "nodes": []}},
    }
    cursor = Cursor(db._executor, data)
    assert cursor.plan() == {"nodes": []} and cursor.profile() == {"executing": 0.1}
    assert cursor.cached() is True and cursor.count() == 1
    assert cursor.statistics() == {
        "modified": 0, "ignored": 0, "lookups": 2, "scanned_full": 1, "scanned_index": 0,
        "execution_time": 0.01, "http_requests": 0, "peak_memory_usage": 0,
        "intermediate_commits": 0, "filtered": 3, "nodes": []}
    assert repr(cursor) == "<Cursor>"


@pytest.mark.parametrize("allow_retry", [False, True])
async def test_tasks_sharing_a_cursor_get_each_document_once(
        rec_db: StandardDatabase, recorder: RecordingHTTPClient, allow_retry: bool) -> None:
    recorder.delay = 0.005  # fetches take a while, so the tasks really overlap
    seen: list[int] = []

    async def drain(cursor: Cursor) -> None:
        async for i in cursor:
            seen.append(i)
            await anyio.lowlevel.checkpoint()

    async with rec_db.aql.execute(RANGE, bind_vars={"n": 40}, batch_size=3,
                                  allow_retry=allow_retry) as cursor, \
            anyio.create_task_group() as tg:
        for _ in range(4):
            tg.start_soon(drain, cursor)
    assert sorted(seen) == list(range(1, 41))


async def test_nested_async_with_on_a_prefetching_cursor(db: StandardDatabase,
                                                         emulator: Emulator) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3,
                              prefetch=True) as cursor:
        async with cursor:  # entering again is harmless; leaving closes the cursor
            assert await cursor.next() == 1
        assert cursor.closed and emulator.open_cursors() == []
    assert emulator.open_cursors() == []


async def test_failed_delete_on_exit(db: StandardDatabase, emulator: Emulator) -> None:
    from arango_anyio.exceptions import CursorCloseError

    emulator.faults.fail_next(1, 500, 4, method="DELETE", path="/_api/cursor/")
    with pytest.raises(CursorCloseError):  # a normal exit reports it
        async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3):
            pass
    emulator.faults.fail_next(1, 500, 4, method="DELETE", path="/_api/cursor/")
    with pytest.raises(KeyError):  # the block's own exception wins
        async with db.aql.execute(RANGE, bind_vars={"n": 9}, batch_size=3):
            raise KeyError("mine")


async def test_fetch_reports_what_changed(db: StandardDatabase) -> None:
    async with db.aql.execute(RANGE, bind_vars={"n": 5}, batch_size=2, count=True,
                              allow_retry=True, profile=True) as cursor:
        assert [cursor.pop(), cursor.pop()] == [1, 2]
        result = await cursor.fetch()
        assert result["batch"] == [3, 4] and result["has_more"] is True
        assert result["id"] == cursor.id and result["count"] == 5
        assert result["next_batch_id"] == "3"
        assert result["statistics"] == cursor.statistics()
        assert "scanned_full" in result["statistics"]
        assert result["warnings"] == cursor.warnings() == []
        assert result["profile"] == cursor.profile()
        assert [x async for x in cursor] == [3, 4, 5]


async def test_each_fetch_uses_the_latest_cursor_id_and_statistics(
        db: StandardDatabase) -> None:
    # Some servers (and proxies in front of them) name the next batch with a new cursor id.
    executor = ScriptedExecutor(db._conn, [
        {"result": [3, 4], "hasMore": True, "id": "c2",
         "extra": {"stats": {"writesExecuted": 0, "scannedFull": 4}}},
        {"result": [5], "hasMore": False, "id": "c1",
         "extra": {"stats": {"writesExecuted": 0, "scannedFull": 5}, "warnings": []}},
    ])
    cursor = Cursor(executor, {"result": [1, 2], "hasMore": True, "id": "c3",
                               "extra": {"stats": {"scannedFull": 2}}}, host="http://c9:8529")
    assert cursor.statistics() == {"scanned_full": 2}
    assert [x async for x in cursor] == [1, 2, 3, 4, 5]
    assert [r.endpoint for r in executor.asked] == ["/_api/cursor/c3", "/_api/cursor/c2"]
    assert {r.host for r in executor.asked} == {"http://c9:8529"}
    assert cursor.statistics() == {"modified": 0, "scanned_full": 5}
    assert cursor.warnings() == [] and cursor.id == "c1"


async def test_a_cursor_that_came_whole_is_read_without_fetching(
        db: StandardDatabase) -> None:
    executor = ScriptedExecutor(db._conn, [])
    cursor = Cursor(executor, {"result": [1, 2, 3], "hasMore": False})
    async with cursor:
        assert [x async for x in cursor] == [1, 2, 3]
        assert [x async for x in cursor] == []
        with pytest.raises(StopAsyncIteration):
            await cursor.next()
    assert executor.asked == []
    assert cursor.statistics() is None


async def test_cancel_while_another_task_fetches_deletes_cursor(
        rec_db: StandardDatabase, recorder: RecordingHTTPClient, emulator: Emulator) -> None:
    seen: list[int] = []

    async def drain(cursor: Cursor) -> None:
        async for i in cursor:
            seen.append(i)
            recorder.delay = 0.5  # the fetch of the second batch hangs

    with anyio.CancelScope() as scope:
        async with rec_db.aql.execute(RANGE, bind_vars={"n": 20}, batch_size=2) as cursor, \
                anyio.create_task_group() as tg:
            tg.start_soon(drain, cursor)  # fetches batch 2 (slowly)
            tg.start_soon(drain, cursor)  # waits for the fetch lock
            await anyio.sleep(0.1)
            assert emulator.open_cursors() == [cursor.id]
            scope.cancel()
    assert scope.cancelled_caught
    assert sorted(seen) == [1, 2]
    assert cursor.closed and emulator.open_cursors() == []
    assert len(recorder.matching("POST", "/_api/cursor/")) == 1  # one fetch, not two


@pytest.mark.parametrize("bad", [
    {"hasMore": False},  # no result
    {"result": 5, "hasMore": False},
    {"result": [3], "hasMore": False, "extra": {"stats": 5}},
    {"result": [3]},  # no hasMore
])
async def test_a_malformed_follow_up_batch_is_a_typed_error(
        db: StandardDatabase, bad: dict[str, Any]) -> None:
    executor = ScriptedExecutor(db._conn, [bad])
    cursor = Cursor(executor, {"result": [1, 2], "hasMore": True, "id": "c3"})
    with pytest.raises(ResponseParseError):
        assert [x async for x in cursor] == [1, 2]
    assert [r.endpoint for r in executor.asked] == ["/_api/cursor/c3"]
