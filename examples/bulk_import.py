"""Bulk import with progress: batches sent in parallel, a live progress line, and an exact
account of what was written when the import stops early.

After ``./quickstart.sh`` (it sets up ``.venv``), from the repository root:

    .venv/bin/python examples/bulk_import.py                         # embedded emulator, asyncio
    .venv/bin/python examples/bulk_import.py --backend trio --documents 50000 --concurrency 8

Set ``ARANGO_HOSTS`` (comma-separated URLs, e.g. ``http://c1:8529,http://c2:8529``) and
``ARANGO_PASSWORD`` to run it on a real server instead.

``insert_many(..., batch_size=, concurrency=)`` splits the input into batches and keeps up to
``concurrency`` of them in flight inside a task group; the client's round-robin resolver
spreads them over the coordinators. A ``BulkReport`` passed as ``report=`` is filled as batches
are answered: another task can watch it, and after a failure or a cancellation (try
``--timeout 0.05``) it says for every input document whether it was written, failed, not sent,
or is unknown (its batch was in flight and may have been applied).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from arango_anyio import ArangoClient
from arango_anyio.collection import BulkReport
from arango_anyio.exceptions import BulkOperationError
from arango_anyio.testing import Emulator


@asynccontextmanager
async def open_client() -> AsyncIterator[tuple[ArangoClient, str]]:
    """A client on ARANGO_HOSTS when set, else on a fresh in-process emulator."""
    hosts = os.environ.get("ARANGO_HOSTS")
    if hosts:
        async with ArangoClient(hosts=hosts.split(","), host_resolver="roundrobin") as client:
            yield client, os.environ.get("ARANGO_PASSWORD", "")
        return
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        yield client, ""


def make_documents(count: int) -> list[dict[str, Any]]:
    """Documents to import; every 1000th reuses a key, so a few fail on purpose."""
    return [{"_key": f"p{i if i % 1000 != 999 else i - 1}", "n": i, "name": f"product {i}"}
            for i in range(count)]


async def show_progress(report: BulkReport, every: float = 0.2) -> None:
    """Print a progress line until the import has finished."""
    while not report.finished:
        await anyio.sleep(every)
        if report.total:
            percent = 100 * report.done / report.total
            print(f"  {report.done}/{report.total} ({percent:.0f}%) {report.counts()}")


async def run(documents: int = 10_000, batch_size: int = 500, concurrency: int = 4,
              cancel_after: float | None = None) -> BulkReport:
    """Import ``documents`` documents; returns the final report."""
    async with open_client() as (client, password):
        db = await client.db("_system", username="root", password=password)
        await db.delete_collection("products", ignore_missing=True)
        products = await db.create_collection("products")
        report = BulkReport()
        docs = make_documents(documents)

        async def import_all() -> None:
            limit = cancel_after if cancel_after is not None else float("inf")
            with anyio.move_on_after(limit) as scope:
                try:
                    await products.insert_many(docs, batch_size=batch_size,
                                               concurrency=concurrency, report=report)
                except BulkOperationError as exc:
                    print(f"import stopped: {exc}")
            if scope.cancelled_caught:
                print(f"import cancelled after {cancel_after} s")

        async with anyio.create_task_group() as group:
            group.start_soon(show_progress, report)
            await import_all()
            group.cancel_scope.cancel()  # stop the progress printer

        counts = report.counts()
        print(f"done: {counts}; collection holds {await products.count()} documents")
        for index in report.failed[:3]:
            print(f"  document {index} failed: {report.results[index]}")
        if report.unknown:
            print(f"  {len(report.unknown)} documents may or may not have been written "
                  "(their batches were in flight)")
        return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=None,
                        help="cancel the import after this many seconds")
    args = parser.parse_args()

    async def entry() -> None:
        await run(args.documents, args.batch_size, args.concurrency, args.timeout)

    anyio.run(entry, backend=args.backend)


if __name__ == "__main__":
    main()
