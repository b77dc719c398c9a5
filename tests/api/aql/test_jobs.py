"""Async execution (jobs) and overload control."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from arango_anyio import (
    ArangoClient,
    AsyncDatabase,
    AsyncJob,
    OverloadControlDatabase,
    StandardDatabase,
)
from arango_anyio.cursor import Cursor
from arango_anyio.exceptions import (
    AQLQueryExecuteError,
    InvalidArgumentError,
    QueueTimeViolatedError,
)
from arango_anyio.testing import Emulator
from tests.recording import RecordingHTTPClient

from .conftest import until

pytestmark = pytest.mark.anyio


async def is_done(job: AsyncJob[Any]) -> bool:
    return await job.status() == "done"


async def test_async_query_returns_a_job_with_a_cursor(db: StandardDatabase,
                                                       emulator: Emulator) -> None:
    adb = db.begin_async_execution()
    assert isinstance(adb, AsyncDatabase) and adb.context == "async"
    job = await adb.aql.execute("FOR i IN 1..7 RETURN i", batch_size=3)
    assert isinstance(job, AsyncJob)
    cursor = await job.wait(poll_interval=0.01)
    assert isinstance(cursor, Cursor)
    async with cursor:  # follow-ups are plain requests to the job's coordinator
        assert [x async for x in cursor] == list(range(1, 8))
    assert emulator.open_cursors() == []


async def test_async_query_error_comes_from_the_job(db: StandardDatabase) -> None:
    job = await db.begin_async_execution().aql.execute("FOR d IN missing RETURN d")
    with pytest.raises(AQLQueryExecuteError) as info:
        await job.wait(poll_interval=0.01)
    assert info.value.error_code == 1203


async def test_async_with_needs_a_cursor(db: StandardDatabase) -> None:
    with pytest.raises(InvalidArgumentError):
        # The type checker refuses this too: under async execution a query is only awaitable.
        async with db.begin_async_execution().aql.execute("RETURN 1"):  # type: ignore[attr-defined]
            pass
    assert await db.async_jobs("done") == []  # refused before anything was sent


async def outcome(call: Awaitable[object]) -> object:
    """What ``call`` gives (for calls typed as giving nothing)."""
    return await call


async def test_fire_and_forget(db: StandardDatabase) -> None:
    adb = db.begin_async_execution(return_result=False)
    assert await outcome(adb.aql.execute("RETURN 1")) is None


async def test_pending_and_done_jobs(db: StandardDatabase, emulator: Emulator) -> None:
    adb = db.begin_async_execution()
    async with emulator:  # stored jobs run in the background
        job = await adb.aql.execute("RETURN SLEEP(0.2)")
        assert await job.status() == "pending"
        assert await db.async_jobs("pending") == [job.id]
        assert await db.async_jobs("done") == []
        await until(lambda: is_done(job))
        assert await db.async_jobs("done", count=5) == [job.id]
        cursor = await job.result()
        assert [x async for x in cursor] == [None]
        assert await db.async_jobs("done") == []  # the result was handed out


async def test_cancel_a_pending_job(db: StandardDatabase, emulator: Emulator) -> None:
    adb = db.begin_async_execution()
    async with emulator:
        job = await adb.aql.execute("RETURN SLEEP(5)")
        await anyio.sleep(0.05)  # started (see docs/emulator-gaps.md about queued jobs)
        assert await job.cancel() is True
        await until(lambda: is_done(job), within=2)
        with pytest.raises(AQLQueryExecuteError) as info:
            await job.result()
        assert info.value.http_code == 410


async def test_clear_async_jobs(db: StandardDatabase) -> None:
    adb = db.begin_async_execution()
    jobs = [await adb.aql.execute("RETURN 1") for _ in range(3)]
    assert sorted(await db.async_jobs("done")) == sorted(j.id for j in jobs)
    assert await db.async_jobs("done", count=2) == [j.id for j in jobs][:2]
    assert await db.clear_async_jobs(threshold=time.time() + 60) is True
    assert await db.async_jobs("done") == []
    await adb.aql.execute("RETURN 1")
    assert await db.clear_async_jobs() is True
    assert await db.async_jobs("done") == []


async def test_jobs_are_pinned_to_their_coordinator(multi_db: StandardDatabase,
                                                    recorder: RecordingHTTPClient) -> None:
    adb = multi_db.begin_async_execution()
    jobs = [await adb.aql.execute("FOR i IN 1..@n RETURN i", bind_vars={"n": n}, batch_size=2)
            for n in (3, 4, 5)]
    submitted = [s.host for s in recorder.matching("POST", "/_api/cursor")
                 if s.lower_headers.get("x-arango-async") == "store"]
    assert len(set(submitted)) == 3  # round-robin spread the jobs over 3 coordinators
    # listing asks every coordinator
    assert sorted(await multi_db.async_jobs("done")) == sorted(j.id for j in jobs)
    for n, job in zip((3, 4, 5), jobs, strict=True):
        cursor = await job.wait(poll_interval=0.01)
        async with cursor:
            assert [x async for x in cursor] == list(range(1, n + 1))
    for host, job in zip(submitted, jobs, strict=True):
        polls = [s for s in recorder.sent if s.path.endswith(f"/_api/job/{job.id}")]
        assert polls and {s.host for s in polls} == {host}
    follow_ups = recorder.matching("POST", "/_api/cursor/")
    assert len(follow_ups) == 1 + 1 + 2 and set(follow_ups[i].host for i in range(4)) <= set(
        submitted)
    await multi_db.clear_async_jobs()


async def test_jobs_over_loopback(cluster: ArangoClient, emulator: Emulator) -> None:
    db = await cluster.db("_system", username="root", password=emulator.root_password)
    adb = db.begin_async_execution()
    jobs = [await adb.aql.execute("FOR i IN 1..6 RETURN i * @k", bind_vars={"k": k},
                                  batch_size=2) for k in range(1, 4)]
    for k, job in zip(range(1, 4), jobs, strict=True):
        cursor = await job.wait(poll_interval=0.01)
        async with cursor:
            assert [x async for x in cursor] == [i * k for i in range(1, 7)]
    assert emulator.open_cursors() == []


# -- overload control ----------------------------------------------------------------------------


async def test_controlled_execution(rec_db: StandardDatabase, emulator: Emulator,
                                    recorder: RecordingHTTPClient) -> None:
    cdb = rec_db.begin_controlled_execution(0.5)
    assert isinstance(cdb, OverloadControlDatabase)
    assert cdb.max_queue_time == 0.5 and cdb.last_queue_time == 0.0
    emulator.faults.set_queue_time(0.25)
    cursor = await cdb.aql.execute("RETURN 1")
    assert [x async for x in cursor] == [1]
    sent = recorder.matching("POST", "/_api/cursor")[-1]
    assert sent.lower_headers["x-arango-max-queue-time-seconds"] == "0.5"
    assert cdb.last_queue_time == 0.25
    aql = cdb.aql  # created before the change: sees it too
    cdb.adjust_max_queue_time(None)
    await aql.execute("RETURN 1")
    assert "x-arango-max-queue-time-seconds" not in recorder.sent[-1].lower_headers
    cdb.adjust_max_queue_time(2)
    await aql.tracking()
    assert recorder.sent[-1].lower_headers["x-arango-max-queue-time-seconds"] == "2"
    with pytest.raises(InvalidArgumentError):
        cdb.adjust_max_queue_time(-1)
    with pytest.raises(InvalidArgumentError):
        rec_db.begin_controlled_execution(-1)


async def test_queue_time_violation(db: StandardDatabase, emulator: Emulator) -> None:
    cdb = db.begin_controlled_execution(0.001)
    emulator.faults.fail_next(1, 412, 21004, path="/_api/cursor")
    with pytest.raises(QueueTimeViolatedError):
        await cdb.aql.execute("RETURN 1")


#: Calls made of several dependent requests: the async protocols leave them out, and at run
#: time they refuse async execution before sending anything.
NEEDS_RESULTS: dict[str, Callable[[Any], Awaitable[object]]] = {
    "execute_many": lambda adb: adb.aql.execute_many(["RETURN 1"]),
    "random": lambda adb: adb.collection("jobs").random(),
    "update_match": lambda adb: adb.collection("jobs").update_match({}, {"a": 1}),
    "replace_match": lambda adb: adb.collection("jobs").replace_match({}, {"a": 1}),
    "delete_match": lambda adb: adb.collection("jobs").delete_match({}),
    "find_near": lambda adb: adb.collection("jobs").find_near(0, 0),
    "find_in_radius": lambda adb: adb.collection("jobs").find_in_radius(0, 0, 10),
    "find_in_box": lambda adb: adb.collection("jobs").find_in_box(0, 0, 1, 1),
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the geo calls warn first
@pytest.mark.parametrize("call", NEEDS_RESULTS.values(), ids=NEEDS_RESULTS.keys())
async def test_calls_that_need_results_refuse_async_execution(
        db: StandardDatabase, call: Callable[[Any], Awaitable[object]]) -> None:
    await db.create_collection("jobs")
    with pytest.raises(InvalidArgumentError, match="async"):
        await call(db.begin_async_execution())
    assert await db.async_jobs("pending") == [] and await db.async_jobs("done") == []
