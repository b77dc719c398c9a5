"""Bulk operations: per-document results, batches in parallel, progress, and the report that
says what was written when a call stops early (docs/guide/documents.md).

    python docs/examples/documents_bulk.py                   # asyncio, then trio
    python docs/examples/documents_bulk.py --backend trio

The lost answer in ``recover_after_a_failed_batch`` is simulated with the emulator's fault
injection (``emulator.faults``); against a real server it happens when a coordinator goes away.
"""

from __future__ import annotations

import argparse
from typing import Any

import anyio

from arango_anyio import ArangoClient, BulkReport, StandardCollection
from arango_anyio.exceptions import ArangoServerError, BulkOperationError, DocumentInsertError
from arango_anyio.testing import Emulator


async def per_document_results(products: StandardCollection) -> None:
    # [start results]
    results = await products.insert_many([
        {"_key": "a", "price": 1},
        {"_key": "a", "price": 2},          # the same key again: refused
        {"_key": "b", "price": 3},
    ])
    for result in results:                  # one entry per input document, in input order
        if isinstance(result, ArangoServerError):      # a DocumentInsertError
            print("  refused:", result.error_code, result.error_message[:40])
        else:
            print("  written:", result["_key"])
    # [end results]
    assert isinstance(results[1], DocumentInsertError) and await products.count() == 2

    # [start raise]
    try:
        await products.insert_many([{"_key": "c"}, {"_key": "a"}],
                                   raise_on_document_error=True)
    except DocumentInsertError as error:
        print("raised:", error.error_code, "- but 'c' was written:", await products.has("c"))
    # [end raise]


def make_documents(count: int) -> list[dict[str, Any]]:
    return [{"_key": f"p{i}", "n": i} for i in range(count)]


async def batches_with_progress(products: StandardCollection) -> None:
    # [start progress]
    documents = make_documents(10_000)

    def show(report: BulkReport) -> None:             # called after every batch
        if report.batches_done % 5 == 0:
            print(f"  {report.done}/{report.total} answered, {report.counts()}")

    results = await products.insert_many(documents, batch_size=1_000, concurrency=4,
                                         progress=show)
    print("inserted:", len(results), "- collection holds", await products.count())
    # [end progress]
    assert len(results) == 10_000


async def watch_from_another_task(products: StandardCollection) -> None:
    # [start watch]
    documents = make_documents(20_000)
    report = BulkReport()

    async def watch() -> None:
        while not report.finished:
            await anyio.sleep(0.01)
            print(f"  watcher: {report.done}/{report.total}")

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        await products.insert_many(documents, batch_size=2_000, concurrency=2,
                                   overwrite_mode="replace", report=report)
    print("report:", report.summary())
    # [end watch]
    assert report.is_complete and report.finished


async def recover_after_a_failed_batch(products: StandardCollection,
                                       emulator: Emulator) -> None:
    await products.truncate()
    # The first batch is applied, then its connection is reset before the answer arrives.
    emulator.faults.reset_next(1, when="after", path="/_api/document")
    # [start recover]
    documents = make_documents(1_000)
    try:
        await products.insert_many(documents, batch_size=100, concurrency=2)
    except BulkOperationError as error:
        report = error.report
        print("stopped:", report.summary())
        # NOT_SENT documents were never sent: sending them is safe.
        # UNKNOWN ones were in a batch whose answer was lost: read back what arrived.
        unknown = report.pick(documents, "unknown")
        arrived = {doc["_key"] for doc in await products.get_many(unknown)}
        retry = report.pick(documents, "not_sent") + [
            doc for doc in unknown if doc["_key"] not in arrived]
        await products.insert_many(retry, batch_size=100, concurrency=2)
    print("after recovery:", await products.count(), "documents")
    # [end recover]
    assert await products.count() == 1_000


async def cancelled_import(products: StandardCollection, emulator: Emulator) -> None:
    await products.truncate()
    emulator.faults.add_latency(0.01)   # each request takes 10 ms more
    # [start cancel]
    documents = make_documents(5_000)
    report = BulkReport()
    with anyio.move_on_after(0.05):
        await products.insert_many(documents, batch_size=250, concurrency=2, report=report)
    # the cancellation propagated (move_on_after caught it); the report says what happened
    print("cancelled:", report.counts())
    # [end cancel]
    assert report.counts()["not_sent"] > 0 and report.finished
    emulator.faults.clear_latency()


async def import_bulk(products: StandardCollection) -> None:
    await products.truncate()
    # [start import]
    answer = await products.import_bulk(
        [{"_key": "x", "n": 1}, {"_key": "y", "n": 2}, {"_key": "x", "n": 3}],
        on_duplicate="update",
    )
    print("import:", {k: answer[k] for k in ("created", "updated", "errors")})
    # [end import]
    assert (answer["created"], answer["updated"]) == (2, 1)


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        products = await db.create_collection("products")
        await per_document_results(products)
        await batches_with_progress(products)
        await watch_from_another_task(products)
        await recover_after_a_failed_batch(products, emulator)
        await cancelled_import(products, emulator)
        await import_bulk(products)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
