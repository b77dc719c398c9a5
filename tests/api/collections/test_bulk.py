"""Bulk operations: per-document results in input order, batching, concurrency, and the
exact per-document report when a batch fails or the call is cancelled."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.collection import BulkReport, DocumentStatus, StandardCollection
from arango_anyio.exceptions import (
    BulkOperationError,
    DocumentDeleteError,
    DocumentGetError,
    DocumentInsertError,
    DocumentParseError,
    DocumentReplaceError,
    DocumentRevisionError,
    DocumentUpdateError,
    InvalidArgumentError,
    RequestTimeoutError,
    ServerConnectionError,
)
from arango_anyio.testing import Emulator
from tests.api.collections.conftest import stored, written
from tests.conftest import ROOT_PASSWORD
from tests.recording import RecordingHTTPClient

pytestmark = pytest.mark.anyio


def docs(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"_key": f"k{i:04d}", "n": i} for i in range(start, start + n)]


def col_ghost(col: StandardCollection) -> StandardCollection:
    return StandardCollection(col._conn, col._executor, "ghost")


def document_posts(http: RecordingHTTPClient) -> int:
    return sum(1 for s in http.sent if s.method == "POST" and "/_api/document/" in s.url)


# -- one request (python-arango behaviour) ---------------------------------------------------


async def test_insert_many_results_in_order(col: StandardCollection) -> None:
    await col.insert({"_key": "dup"})
    results = await col.insert_many([{"_key": "a"}, {"_key": "dup"}, {"n": 1},
                                     {"_key": "bad key"}], return_new=True)
    assert isinstance(results, list) and len(results) == 4
    first, dup, auto, bad = results
    assert isinstance(first, dict) and first["_key"] == "a" and first["new"]["_key"] == "a"
    assert isinstance(dup, DocumentInsertError)
    assert dup.error_code == 1210 and dup.http_code == 409
    assert "unique constraint" in (dup.error_message or "")
    assert isinstance(auto, dict) and auto["_id"].startswith("things/")
    assert isinstance(bad, DocumentInsertError) and bad.error_code == 1221
    assert await col.count() == 3


async def test_insert_many_raise_on_document_error(col: StandardCollection) -> None:
    await col.insert({"_key": "dup"})
    with pytest.raises(DocumentInsertError) as info:
        await col.insert_many([{"_key": "a"}, {"_key": "dup"}], raise_on_document_error=True)
    assert info.value.error_code == 1210


async def test_insert_many_silent_and_overwrite(col: StandardCollection) -> None:
    assert await col.insert_many(docs(3), silent=True) is True
    results = await col.insert_many([{"_key": "k0000", "n": 100}], overwrite_mode="update",
                                    return_old=True, return_new=True)
    assert isinstance(results, list) and isinstance(results[0], dict)
    assert results[0]["old"]["n"] == 0 and results[0]["new"]["n"] == 100
    assert "_old_rev" in results[0]
    assert await col.insert_many([]) == []


async def test_update_replace_delete_many(col: StandardCollection) -> None:
    metas = written(await col.insert_many(docs(3)))
    rev0 = metas[0]["_rev"]
    updated = await col.update_many(
        [{"_key": "k0000", "m": 1}, {"_id": "things/k0001", "m": 2}, {"_key": "nope", "m": 3},
         {"_key": "k0002", "_rev": "_wrong____", "m": 4}],
        return_new=True,
    )
    first, second = written(updated[:2])
    assert first["new"] == {**first["new"], "n": 0, "m": 1}
    assert first["_old_rev"] == rev0
    assert second["new"]["m"] == 2
    assert isinstance(updated[2], DocumentUpdateError) and updated[2].error_code == 1202
    assert isinstance(updated[3], DocumentRevisionError) and updated[3].error_code == 1200
    forced = await col.update_many([{"_key": "k0002", "_rev": "_wrong____", "m": 4}],
                                   check_rev=False)
    assert isinstance(forced, list) and isinstance(forced[0], dict)

    replaced = await col.replace_many([{"_key": "k0000", "r": 1}, {"_key": "nope"}],
                                      return_old=True)
    assert written(replaced[:1])[0]["old"]["m"] == 1
    assert isinstance(replaced[1], DocumentReplaceError) and replaced[1].error_code == 1202
    doc = await col.get("k0000")
    assert doc is not None and "n" not in doc and doc["r"] == 1

    deleted = await col.delete_many(["k0000", "things/k0001", {"_key": "nope"},
                                     {"_key": "k0002", "_rev": "_wrong____"}],
                                    return_old=True)
    first, second = written(deleted[:2])
    assert first["old"]["r"] == 1 and second["_key"] == "k0001"
    assert isinstance(deleted[2], DocumentDeleteError) and deleted[2].error_code == 1202
    assert isinstance(deleted[3], DocumentRevisionError)
    assert await col.count() == 1
    assert await col.delete_many([{"_key": "k0002", "_rev": "_wrong____"}],
                                 check_rev=False, silent=True) is True
    assert await col.count() == 0


async def test_update_many_raise_on_document_error(col: StandardCollection) -> None:
    with pytest.raises(DocumentUpdateError) as info:
        await col.update_many([{"_key": "nope"}], raise_on_document_error=True)
    assert info.value.error_code == 1202
    with pytest.raises(DocumentDeleteError):
        await col.delete_many(["nope"], raise_on_document_error=True)


async def test_get_many(col: StandardCollection) -> None:
    await col.insert_many(docs(5))
    found = await col.get_many(["k0003", "things/k0001", {"_key": "missing"},
                                {"_id": "things/k0004"}])
    assert [d["_key"] for d in found] == ["k0003", "k0001", "k0004"]
    many = await col.get_many([f"k{i:04d}" for i in range(5)], batch_size=2, concurrency=2)
    assert [d["n"] for d in many] == [0, 1, 2, 3, 4]
    with pytest.raises(DocumentGetError):
        await col_ghost(col).get_many(["a"])


async def test_whole_request_failure_raises_operation_error(db: StandardDatabase) -> None:
    ghost = db.collection("ghost")
    with pytest.raises(DocumentInsertError) as info:
        await ghost.insert_many([{"a": 1}])
    assert info.value.error_code == 1203
    with pytest.raises(DocumentUpdateError):
        await ghost.update_many([{"_key": "a"}])
    with pytest.raises(DocumentReplaceError):
        await ghost.replace_many([{"_key": "a"}])
    with pytest.raises(DocumentDeleteError):
        await ghost.delete_many(["a"])


# -- batches and concurrency -----------------------------------------------------------------


@pytest.mark.emulator_only
async def test_batches_keep_input_order(emulator: Emulator, db: StandardDatabase,
                                        col: StandardCollection,
                                        http: RecordingHTTPClient) -> None:
    await col.insert({"_key": "k0007"})
    before = document_posts(http)
    report = BulkReport()
    results = await col.insert_many(docs(25), batch_size=4, report=report)
    assert document_posts(http) - before == 7
    assert isinstance(results, list) and len(results) == 25
    for i, result in enumerate(results):
        if i == 7:
            assert isinstance(result, DocumentInsertError) and result.error_code == 1210
        else:
            assert isinstance(result, dict) and result["_key"] == f"k{i:04d}"
    assert report.finished and report.is_complete
    assert report.failed == [7]
    assert len(report.written) == 24
    assert report.counts() == {"written": 24, "failed": 1, "not_sent": 0, "unknown": 0}
    assert report.batches_done == 7
    assert set(stored(emulator, db, "things")) == {f"k{i:04d}" for i in range(25)}


@pytest.mark.emulator_only
async def test_concurrency_sends_batches_in_parallel(emulator: Emulator,
                                                     col: StandardCollection,
                                                     http: RecordingHTTPClient) -> None:
    emulator.faults.add_latency(0.02)
    try:
        http.max_in_flight = 0
        results = await col.insert_many(docs(40), batch_size=5, concurrency=4)
    finally:
        emulator.faults.clear_latency()
    assert http.max_in_flight == 4
    assert [r["_key"] for r in written(results)] == [f"k{i:04d}" for i in range(40)]
    assert await col.count() == 40


@pytest.mark.emulator_only
async def test_concurrency_without_batch_size_splits_evenly(col: StandardCollection,
                                                            http: RecordingHTTPClient) -> None:
    before = document_posts(http)
    results = await col.insert_many(docs(10), concurrency=3)
    assert document_posts(http) - before == 3
    assert isinstance(results, list) and len(results) == 10


async def test_progress_callback(col: StandardCollection) -> None:
    seen: list[int] = []
    await col.insert_many(docs(10), batch_size=3, progress=lambda r: seen.append(r.done))
    assert seen == [3, 6, 9, 10]


async def test_batched_update_replace_delete(col: StandardCollection) -> None:
    await col.insert_many(docs(12))
    updated = await col.update_many([{"_key": f"k{i:04d}", "u": i} for i in range(13)],
                                    batch_size=5, concurrency=2)
    assert isinstance(updated, list)
    assert all(isinstance(r, dict) for r in updated[:12])
    assert isinstance(updated[12], DocumentUpdateError)
    replaced = await col.replace_many([{"_key": f"k{i:04d}", "r": i} for i in range(12)],
                                      batch_size=5, concurrency=3)
    assert isinstance(replaced, list) and all(isinstance(r, dict) for r in replaced)
    deleted = await col.delete_many([f"k{i:04d}" for i in range(0, 12, 2)], batch_size=2,
                                    concurrency=3)
    assert [d["_key"] for d in written(deleted)] == [
        f"k{i:04d}" for i in range(0, 12, 2)]
    assert await col.count() == 6
    assert await col.insert_many(docs(4, 100), batch_size=2, silent=True) is True
    assert await col.count() == 10


@pytest.mark.emulator_only
async def test_batch_arguments_validated(col: StandardCollection,
                                         http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    for kwargs in ({"batch_size": 0}, {"concurrency": 0}, {"batch_size": True},
                   {"concurrency": 1.5}):
        with pytest.raises(InvalidArgumentError):
            await col.insert_many(docs(3), **kwargs)
    assert len(http.sent) == before


@pytest.mark.emulator_only
async def test_failing_batch_stops_the_rest(emulator: Emulator, db: StandardDatabase,
                                            col: StandardCollection) -> None:
    def fail_the_next_batch(report: BulkReport) -> None:
        if report.batches_done == 2:  # the server turns read-only for the third batch
            emulator.faults.fail_next(1, status=403, error_num=1004, method="POST",
                                      path="/_api/document")

    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(docs(50), batch_size=10, progress=fail_the_next_batch)
    error = info.value
    report = error.report
    assert isinstance(error.error, DocumentInsertError)
    assert error.http_code == 403 and error.error_code == 1004
    assert report.written == list(range(20))
    assert report.failed == list(range(20, 30))
    assert report.not_sent == list(range(30, 50))
    assert report.unknown == []
    assert error.written == report.written and error.not_sent == report.not_sent
    assert report.batch_errors[0][0] == 2
    assert "20 written" in str(error) and "20 not sent" in str(error)
    assert set(stored(emulator, db, "things")) == {f"k{i:04d}" for i in range(20)}


@pytest.mark.emulator_only
async def test_resume_what_was_not_sent(emulator: Emulator, db: StandardDatabase,
                                        col: StandardCollection) -> None:
    documents = docs(40)
    emulator.faults.fail_next(1, status=403, error_num=1004, method="POST",
                              path="/_api/document")
    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(documents, batch_size=10)
    report = info.value.report
    retry = report.pick(documents, DocumentStatus.FAILED, "not_sent")
    assert len(retry) == 40 and retry[0] is documents[0]
    results = await col.insert_many(retry, batch_size=10, concurrency=2)
    assert isinstance(results, list) and all(isinstance(r, dict) for r in results)
    assert len(stored(emulator, db, "things")) == 40
    with pytest.raises(ValueError):
        report.pick(documents[:3], "written")
    with pytest.raises(ValueError):
        report.pick(documents, "lost")


@pytest.mark.emulator_only
async def test_failing_batch_lets_in_flight_batches_finish(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    emulator.faults.add_latency(0.01)
    emulator.faults.fail_next(1, status=403, error_num=1004, method="POST",
                              path="/_api/document")
    try:
        with pytest.raises(BulkOperationError) as info:
            await col.insert_many(docs(60), batch_size=5, concurrency=3)
    finally:
        emulator.faults.clear_latency()
    report = info.value.report
    assert report.finished and report.unknown == []
    failed = report.failed  # the first batch to reach the server was refused
    assert len(failed) == 5 and failed == list(range(failed[0], failed[0] + 5))
    assert failed[0] in (0, 5, 10)
    # exactly the reported documents are stored: nothing more, nothing less
    written = {f"k{i:04d}" for i in report.written}
    assert set(stored(emulator, db, "things")) == written
    assert len(report.written) == 10  # the two batches already in flight completed
    assert len(report.not_sent) == 45


@pytest.mark.emulator_only
async def test_internal_server_error_is_unknown(emulator: Emulator,
                                                col: StandardCollection) -> None:
    emulator.faults.fail_next(1, status=500, error_num=4, method="POST",
                              path="/_api/document")
    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(docs(20), batch_size=10)
    assert info.value.http_code == 500
    # a 500 does not prove nothing was applied (a cluster may fail part-way)
    assert info.value.report.unknown == list(range(10))
    assert info.value.report.not_sent == list(range(10, 20))


@pytest.mark.emulator_only
async def test_unbatched_failure_raises_the_original_error(emulator: Emulator,
                                                           col: StandardCollection) -> None:
    emulator.faults.fail_next(1, status=403, error_num=1004, method="POST",
                              path="/_api/document")
    report = BulkReport()
    with pytest.raises(DocumentInsertError) as info:
        await col.insert_many(docs(5), report=report)
    assert info.value.error_code == 1004
    assert report.failed == list(range(5)) and report.finished


@pytest.mark.emulator_only
async def test_unreachable_server_means_not_sent(emulator: Emulator, db: StandardDatabase,
                                                 col: StandardCollection) -> None:
    def go_down(report: BulkReport) -> None:
        if report.batches_done == 1:
            emulator.faults.down("c0")

    try:
        with pytest.raises(BulkOperationError) as info:
            await col.insert_many(docs(30), batch_size=10, progress=go_down)
    finally:
        emulator.faults.up("c0")
    assert isinstance(info.value.error, ServerConnectionError)
    assert not info.value.error.may_have_been_applied
    report = info.value.report
    assert report.written == list(range(10))
    assert report.not_sent == list(range(10, 30))  # connection refused: never sent
    assert set(stored(emulator, db, "things")) == {f"k{i:04d}" for i in range(10)}


@pytest.mark.emulator_only
async def test_connection_lost_after_sending_is_unknown(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    emulator.faults.reset_next(1, when="after", method="POST", path="/_api/document")
    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(docs(30), batch_size=10)
    report = info.value.report
    assert isinstance(info.value.error, ServerConnectionError)
    assert report.unknown == list(range(10))
    assert report.not_sent == list(range(10, 30))
    # "after": the server did apply it; the report honestly said it might have
    assert set(stored(emulator, db, "things")) == {f"k{i:04d}" for i in range(10)}


@pytest.mark.emulator_only
async def test_connection_lost_before_applying_is_unknown_too(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    emulator.faults.reset_next(1, when="before", method="POST", path="/_api/document")
    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(docs(20), batch_size=10)
    assert info.value.report.unknown == list(range(10))
    assert stored(emulator, db, "things") == {}


@pytest.mark.emulator_only
async def test_request_timeout_is_unknown(emulator: Emulator, db: StandardDatabase,
                                          col: StandardCollection) -> None:
    async with ArangoClient(hosts="http://emulator:8529", http_client=emulator.http_client(),
                            request_timeout=0.05) as impatient:
        handle = (await impatient.db(db.name, password=ROOT_PASSWORD)).collection("things")
        emulator.faults.add_latency(0.2)
        try:
            with pytest.raises(BulkOperationError) as info:
                await handle.insert_many(docs(20), batch_size=10)
        finally:
            emulator.faults.clear_latency()
    assert isinstance(info.value.error, RequestTimeoutError)
    assert info.value.report.unknown == list(range(10))
    assert info.value.report.not_sent == list(range(10, 20))
    assert stored(emulator, db, "things") == {}


async def test_batched_raise_on_document_error_stops(col: StandardCollection) -> None:
    await col.insert({"_key": "k0012"})
    with pytest.raises(BulkOperationError) as info:
        await col.insert_many(docs(30), batch_size=5, raise_on_document_error=True)
    report = info.value.report
    assert isinstance(info.value.error, DocumentInsertError)
    assert info.value.error_code == 1210
    assert report.failed == [12]
    assert report.written == [i for i in range(15) if i != 12]
    assert report.not_sent == list(range(15, 30))


async def test_unbatched_call_fills_a_report(col: StandardCollection) -> None:
    report = BulkReport()
    await col.insert({"_key": "k0001"})
    await col.insert_many(docs(3), report=report)
    assert report.statuses == [DocumentStatus.WRITTEN, DocumentStatus.FAILED,
                               DocumentStatus.WRITTEN]
    assert isinstance(report.results[1], DocumentInsertError)
    assert "insert_many" in repr(report)


async def test_insert_many_input_forms(col: StandardCollection,
                                       http: RecordingHTTPClient) -> None:
    """Plain dicts are sent as given; other mappings, ``_id``-only documents and generators
    are accepted too; anything else is refused before a request is sent."""
    from types import MappingProxyType

    plain = docs(3)
    mixed: list[Any] = [*plain, MappingProxyType({"_key": "m"}), {"_id": "things/i", "n": 9}]
    results = await col.insert_many(iter(mixed))
    assert isinstance(results, list)
    assert [r["_key"] for r in results if isinstance(r, dict)] == ["k0000", "k0001", "k0002",
                                                                    "m", "i"]
    assert plain == docs(3)  # the caller's documents are not modified
    before = len(http.sent)
    with pytest.raises(DocumentParseError):
        await col.insert_many([*docs(3, 10), {"_id": "other/x"}])
    with pytest.raises(DocumentParseError):
        await col.insert_many([*docs(3, 10), ["not", "a", "document"]])  # type: ignore[list-item]
    assert len(http.sent) == before


@pytest.mark.emulator_only
async def test_error_without_report_carries_the_same_report_as_a_live_one(
    emulator: Emulator, db: StandardDatabase, http: RecordingHTTPClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without ``report=``/``progress=`` the report is built only for the error; it must
    say exactly what a live report says."""
    send = http.send_request
    posts = 0

    async def refuse_every_third_post(session: Any, method: str, url: str, *args: Any
                                      ) -> Any:
        nonlocal posts
        if method == "POST" and "/_api/document/" in url:
            posts += 1
            if posts % 3 == 0:
                emulator.faults.fail_next(1, status=403, error_num=1004, method="POST",
                                          path="/_api/document")
        return await send(session, method, url, *args)

    monkeypatch.setattr(http, "send_request", refuse_every_third_post)
    errors: list[BulkOperationError] = []
    for name, report in (("lazy", None), ("live", BulkReport())):
        col = await db.create_collection(name)
        await col.insert_many([{"_key": "k0002"}, {"_key": "k0007"}])  # the 1st POST
        posts = 0
        with pytest.raises(BulkOperationError) as info:
            await col.insert_many(docs(30), batch_size=5, report=report)
        assert report is None or info.value.report is report
        errors.append(info.value)
    lazy, live = (error.report for error in errors)
    assert lazy.finished and live.finished
    assert lazy.statuses == live.statuses
    assert lazy.written == [0, 1, 3, 4, 5, 6, 8, 9]
    assert lazy.failed == [2, 7, 10, 11, 12, 13, 14]
    assert lazy.not_sent == list(range(15, 30)) and lazy.unknown == []
    assert lazy.counts() == live.counts() and lazy.done == live.done == 15
    assert lazy.batches == live.batches and lazy.total == live.total == 30
    assert lazy.batches_done == live.batches_done == 2
    assert [i for i, _ in lazy.batch_errors] == [i for i, _ in live.batch_errors] == [2]
    assert lazy.operation == live.operation == "insert_many"
    for mine, theirs in zip(lazy.results, live.results, strict=True):
        assert type(mine) is type(theirs)
        if isinstance(mine, dict):
            assert mine["_key"] == theirs["_key"]
        elif isinstance(mine, DocumentInsertError):
            assert mine.error_code == theirs.error_code == 1210
    assert str(errors[0]).replace("lazy", "live") == str(errors[1])
    assert lazy.pick(docs(30), "not_sent") == docs(30)[15:]


async def test_batched_results_join_in_input_order(col: StandardCollection) -> None:
    await col.insert({"_key": "k0013"})
    report = BulkReport()
    with_report = await col.insert_many(docs(20), batch_size=6, concurrency=2, report=report)
    await col.truncate()
    await col.insert({"_key": "k0013"})
    without = await col.insert_many(docs(20), batch_size=6, concurrency=2)
    for results in (with_report, without):
        assert isinstance(results, list) and len(results) == 20
        assert isinstance(results[13], DocumentInsertError)
        assert [r["_key"] for r in results if isinstance(r, dict)] == [
            f"k{i:04d}" for i in range(20) if i != 13]
    assert report.failed == [13] and report.is_complete
    assert report.results is not with_report


async def test_update_many_renames_old_rev_in_every_batch(col: StandardCollection) -> None:
    await col.insert_many(docs(7))
    results = await col.update_many([{"_key": f"k{i:04d}", "x": i} for i in range(7)],
                                    batch_size=3)
    assert isinstance(results, list) and len(results) == 7
    assert all(isinstance(r, dict) and "_old_rev" in r and "_oldRev" not in r
               for r in results)


# -- cancellation ------------------------------------------------------------------------------


@pytest.mark.emulator_only
async def test_cancel_in_the_middle_reports_exactly_what_was_written(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    emulator.faults.add_latency(0.01)
    report = BulkReport()
    with anyio.CancelScope() as scope:
        def cancel_after_third_batch(r: BulkReport) -> None:
            if r.batches_done == 3:
                scope.cancel()

        await col.insert_many(docs(200), batch_size=10, concurrency=4, report=report,
                              progress=cancel_after_third_batch)
    emulator.faults.clear_latency()
    assert scope.cancelled_caught
    assert report.finished and not report.is_complete
    counts = report.counts()
    # batches that finished in the same scheduler step as the third one are written too;
    # the other workers' batches were in flight (unknown); the rest were never sent
    assert counts["written"] >= 30
    assert counts["unknown"] <= 30  # at most the other three workers' batches
    assert counts["written"] + counts["unknown"] + counts["not_sent"] == 200
    assert counts["not_sent"] >= 100
    assert counts["failed"] == 0
    contents = set(stored(emulator, db, "things"))
    written = {f"k{i:04d}" for i in report.written}
    unknown = {f"k{i:04d}" for i in report.unknown}
    assert written <= contents <= written | unknown
    # in-process, a request cancelled during its latency was never applied:
    assert contents == written
    for i in report.written:
        assert report.results[i]["_key"] == f"k{i:04d}"


@pytest.mark.emulator_only
async def test_cancel_by_deadline(emulator: Emulator, db: StandardDatabase,
                                  col: StandardCollection) -> None:
    emulator.faults.add_latency(0.02)
    report = BulkReport()

    with anyio.CancelScope() as scope:
        def set_deadline_once_started(r: BulkReport) -> None:
            if r.batches_done == 2:  # a deadline that fires while batches are in flight
                scope.deadline = anyio.current_time() + 0.01

        await col.insert_many(docs(300), batch_size=10, concurrency=3, report=report,
                              progress=set_deadline_once_started)
    emulator.faults.clear_latency()
    assert scope.cancelled_caught
    contents = set(stored(emulator, db, "things"))
    written = {f"k{i:04d}" for i in report.written}
    assert contents == written
    assert 20 <= len(written) < 300
    assert len(report.unknown) <= 30
    assert sorted(report.written + report.unknown + report.not_sent) == list(range(300))


@pytest.mark.emulator_only
async def test_cancel_unbatched_call_in_flight_leaves_it_unknown(
    emulator: Emulator, db: StandardDatabase, col: StandardCollection
) -> None:
    emulator.faults.add_latency(0.2)
    report = BulkReport()
    try:
        with anyio.move_on_after(0.05) as scope:
            await col.insert_many(docs(10), report=report)
    finally:
        emulator.faults.clear_latency()
    assert scope.cancelled_caught
    assert report.finished and report.unknown == list(range(10))
    assert report.results == [None] * 10 and report.batches_done == 0
    assert stored(emulator, db, "things") == {}


async def test_cancelled_before_sending_leaves_all_not_sent(col: StandardCollection) -> None:
    report = BulkReport()
    with anyio.CancelScope() as scope:
        scope.cancel()
        await col.insert_many(docs(12), batch_size=5, concurrency=2, report=report)
    assert report.finished and report.not_sent == list(range(12))
    assert report.counts() == {"written": 0, "failed": 0, "not_sent": 12, "unknown": 0}
    assert await col.count() == 0


# -- over loopback HTTP, three coordinators --------------------------------------------------


@pytest.mark.emulator_only
async def test_cluster_batches_spread_over_coordinators(cluster: ArangoClient) -> None:
    sys_db = await cluster.db("_system", password=ROOT_PASSWORD)
    col = await sys_db.create_collection("spread")
    results = await col.insert_many(docs(60), batch_size=5, concurrency=4)
    assert [r["_key"] for r in written(results)] == [f"k{i:04d}" for i in range(60)]
    sent = [h.requests_sent for h in cluster._state.host_states]
    assert len(sent) == 3 and all(n >= 4 for n in sent)
    assert await col.count() == 60
    got = await col.get_many([f"k{i:04d}" for i in range(60)], batch_size=7, concurrency=3)
    assert [d["n"] for d in got] == list(range(60))
    imported = await col.import_bulk(docs(20, 100), batch_size=5, concurrency=3)
    assert isinstance(imported, list) and sum(r["created"] for r in imported) == 20


@pytest.mark.emulator_only
async def test_cluster_cancellation_report_brackets_contents(
    emulator: Emulator, cluster: ArangoClient
) -> None:
    sys_db = await cluster.db("_system", password=ROOT_PASSWORD)
    col = await sys_db.create_collection("cancelled")
    emulator.faults.add_latency(0.01)
    report = BulkReport()
    with anyio.CancelScope() as scope:
        def cancel_after_four(r: BulkReport) -> None:
            if r.batches_done == 4:
                scope.cancel()

        await col.insert_many(docs(120), batch_size=6, concurrency=3, report=report,
                              progress=cancel_after_four)
    await anyio.sleep(0.05)  # let the coordinators finish what they had started
    emulator.faults.clear_latency()
    contents = set(emulator.documents("cancelled", "_system"))
    written = {f"k{i:04d}" for i in report.written}
    unknown = {f"k{i:04d}" for i in report.unknown}
    assert len(written) >= 24
    assert len(unknown) <= 12  # at most the two other workers' batches
    assert written <= contents <= written | unknown
    assert len(report.not_sent) >= 120 - len(written) - 12


@pytest.mark.emulator_only
async def test_cluster_coordinator_down_between_batches_fails_over(
    emulator: Emulator, cluster: ArangoClient
) -> None:
    sys_db = await cluster.db("_system", password=ROOT_PASSWORD)
    col = await sys_db.create_collection("failover")

    def take_one_down(report: BulkReport) -> None:
        if report.batches_done == 2:
            emulator.faults.down("c1")

    report = BulkReport()
    try:
        results = await col.insert_many(docs(40), batch_size=5, report=report,
                                        progress=take_one_down)
    finally:
        emulator.faults.up("c1")
    assert isinstance(results, list) and all(isinstance(r, dict) for r in results)
    assert report.is_complete and len(report.written) == 40
    assert await col.count() == 40


@pytest.mark.emulator_only
async def test_cluster_coordinator_dies_mid_request(emulator: Emulator,
                                                    cluster: ArangoClient) -> None:
    sys_db = await cluster.db("_system", password=ROOT_PASSWORD)
    col = await sys_db.create_collection("dying")
    emulator.faults.add_latency(0.2, coordinator="c1")  # c1's requests stay in flight

    def kill_one(report: BulkReport) -> None:
        if report.batches_done == 2:
            emulator.faults.down("c1")  # drops the requests it has open

    try:
        with pytest.raises(BulkOperationError) as info:
            await col.insert_many(docs(60), batch_size=5, concurrency=3,
                                  progress=kill_one)
    finally:
        emulator.faults.up("c1")
        emulator.faults.clear_latency()
    report = info.value.report
    assert isinstance(info.value.error, ServerConnectionError)
    assert info.value.error.may_have_been_applied
    assert report.unknown  # the dropped request may or may not have been applied
    contents = set(emulator.documents("dying", "_system"))
    written = {f"k{i:04d}" for i in report.written}
    assert written <= contents <= written | {f"k{i:04d}" for i in report.unknown}


@pytest.mark.emulator_only
async def test_cluster_failing_batch(emulator: Emulator, cluster: ArangoClient) -> None:
    sys_db = await cluster.db("_system", password=ROOT_PASSWORD)
    col = await sys_db.create_collection("failing")
    await col.insert({"_key": "k0003"})
    emulator.faults.fail_next(1, status=409, error_num=1200, method="PATCH",
                              path="/_api/document")
    with pytest.raises(BulkOperationError) as info:
        await col.update_many([{"_key": f"k{i:04d}", "x": 1} for i in range(10)],
                              batch_size=2, concurrency=2)
    report = info.value.report
    assert report.unknown == []
    assert len(report.failed) >= 2
    assert sorted(report.written + report.failed + report.not_sent) == list(range(10))


# -- import_bulk ---------------------------------------------------------------------------


async def test_import_bulk(col: StandardCollection) -> None:
    result = await col.import_bulk(docs(5))
    assert isinstance(result, dict)
    assert result["created"] == 5 and result["errors"] == 0
    partial = await col.import_bulk([{"_key": "new"}, {"_key": "k0001"}],
                                    halt_on_error=False)
    assert isinstance(partial, dict)
    assert partial["created"] == 1 and partial["errors"] == 1
    assert "at position" in partial["details"][0]
    with pytest.raises(DocumentInsertError):
        await col.import_bulk([{"_key": "other"}, {"_key": "k0001"}], halt_on_error=True)
    assert await col.get("other") is None
    updated = await col.import_bulk([{"_key": "k0001", "extra": 1}], on_duplicate="update")
    assert isinstance(updated, dict) and updated["updated"] == 1
    doc = await col.get("k0001")
    assert doc is not None and doc["n"] == 1 and doc["extra"] == 1
    ignored = await col.import_bulk([{"_key": "k0001", "z": 1}], on_duplicate="ignore")
    assert isinstance(ignored, dict) and ignored["ignored"] == 1
    replaced = await col.import_bulk([{"_key": "k0001", "r": 1}], on_duplicate="replace")
    assert isinstance(replaced, dict) and replaced["updated"] == 1
    fresh = await col.import_bulk([{"_key": "only"}], overwrite=True)
    assert isinstance(fresh, dict) and fresh["created"] == 1
    assert await col.count() == 1


async def test_import_bulk_batches_and_report(col: StandardCollection) -> None:
    await col.insert({"_key": "k0006"})
    report = BulkReport()
    results = await col.import_bulk(docs(10), batch_size=4, halt_on_error=False,
                                    report=report)
    assert isinstance(results, list) and len(results) == 3
    assert [r["created"] for r in results] == [4, 3, 2]
    assert report.failed == [6]
    assert isinstance(report.results[6], DocumentInsertError)
    assert "position" in (report.results[6].error_message or "")
    assert len(report.written) == 9
    quiet = BulkReport()
    await col.import_bulk([{"_key": "q1"}, {"_key": "k0000"}], halt_on_error=False,
                          details=False, report=quiet)
    assert quiet.unknown == [0, 1]  # errors counted but not named


@pytest.mark.emulator_only
async def test_import_bulk_validation(col: StandardCollection,
                                      http: RecordingHTTPClient) -> None:
    before = len(http.sent)
    with pytest.raises(InvalidArgumentError):
        await col.import_bulk(docs(3), overwrite=True, batch_size=2)
    with pytest.raises(InvalidArgumentError):
        await col.import_bulk(docs(3), on_duplicate="merge")
    with pytest.raises(InvalidArgumentError):
        await col.import_bulk([1, 2])  # type: ignore[list-item]
    assert len(http.sent) == before


async def test_any_iterable_of_documents(col: StandardCollection) -> None:
    results = await col.insert_many({"_key": f"g{i}"} for i in range(5))
    assert [r["_key"] for r in written(results)] == [
        f"g{i}" for i in range(5)]
    found = await col.get_many(f"g{i}" for i in (4, 0))
    assert [d["_key"] for d in found] == ["g4", "g0"]
    assert await col.delete_many(iter(["g1", "g2"]), silent=True) is True
    assert await col.count() == 3
