"""Async jobs: calls the server runs in the background, typed AsyncJob results, waiting,
cancelling, fire-and-forget, and listing the jobs a server keeps (docs/guide/async-jobs.md).

    python docs/examples/async_jobs.py                   # asyncio, then trio
    python docs/examples/async_jobs.py --backend trio

``async with emulator:`` makes the emulator run stored jobs in the background, as a server
does (without it, they finish before the server answers 202).
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from arango_anyio import ArangoClient, AsyncJob, Cursor, StandardDatabase
from arango_anyio.exceptions import (
    AQLQueryExecuteError,
    AsyncJobPendingError,
    QueueTimeViolatedError,
)
from arango_anyio.testing import Emulator


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Poll ``check`` until it is true (at most 5 s)."""
    with anyio.fail_after(5):
        while True:
            if await check():
                return
            await anyio.sleep(0.01)


async def no_pending_jobs(db: StandardDatabase) -> bool:
    return not await db.async_jobs("pending")


async def submit_and_wait(db: StandardDatabase) -> None:
    # [start submit]
    adb = db.begin_async_execution()            # no I/O: a handle whose calls become jobs
    orders = adb.collection("orders")

    job: AsyncJob[dict[str, Any]] = await orders.insert({"_key": "o1", "total": 12})
    print("job:", job.id.isdigit(), "status:", await job.status())
    meta = await job.wait()                     # polls with AnyIO sleeps until it is done
    print("inserted:", meta["_id"])
    # [end submit]
    assert meta["_id"] == "orders/o1"

    # [start query-job]
    query_job: AsyncJob[Cursor] = await adb.aql.execute("FOR i IN 1..5 RETURN i * i",
                                                        batch_size=2)
    cursor = await query_job.wait()             # the job's result is a cursor
    async with cursor:                          # its batches come from the same coordinator
        print("squares:", [n async for n in cursor])
    # [end query-job]


async def pending_jobs(db: StandardDatabase) -> None:
    adb = db.begin_async_execution()
    # [start pending]
    job = await adb.aql.execute("RETURN SLEEP(0.2)")
    try:
        await job.result()
    except AsyncJobPendingError:
        print("not done yet; pending:", await db.async_jobs("pending") == [job.id])
    with anyio.fail_after(5):                   # bound the wait with your own deadline
        cursor = await job.wait(poll_interval=0.02)
    print("done:", await cursor.next())
    # [end pending]

    # [start cancel]
    job = await adb.aql.execute("RETURN SLEEP(10)")
    await anyio.sleep(0.05)
    await job.cancel()
    try:
        await job.wait(poll_interval=0.02)
    except AQLQueryExecuteError as error:       # the operation's own error, from the job
        print("cancelled:", error.http_code, error.error_message)
    # [end cancel]


async def fire_and_forget(db: StandardDatabase) -> None:
    # [start forget]
    fire = db.begin_async_execution(return_result=False)
    await fire.collection("orders").insert({"_key": "o2", "total": 30})   # returns None
    # [end forget]
    await until(lambda: db.collection("orders").has("o2"))
    print("o2 arrived:", await db.collection("orders").has("o2"))

    # [start housekeeping]
    adb = db.begin_async_execution()
    for n in range(3):
        await adb.aql.execute("RETURN @n", bind_vars={"n": n})   # results never fetched
    await until(lambda: no_pending_jobs(db))
    print("done jobs kept:", len(await db.async_jobs("done")))
    await db.clear_async_jobs()                 # or clear_async_jobs(threshold=unix_time)
    print("after clearing:", await db.async_jobs("done"))
    # [end housekeeping]


async def overload_control(db: StandardDatabase, emulator: Emulator) -> None:
    emulator.faults.set_queue_time(0.5)        # the server reports 0.5 s in its queue
    # [start overload]
    controlled = db.begin_controlled_execution(max_queue_time_seconds=0.1)
    try:
        await controlled.collection("orders").count()
    except QueueTimeViolatedError as error:     # not run: the server is too busy
        print("too busy:", error.http_code, error.error_code)
    controlled.adjust_max_queue_time(1.0)
    print("orders:", await controlled.collection("orders").count(),
          "- queued for", controlled.last_queue_time, "s")
    # [end overload]
    assert controlled.last_queue_time == 0.5
    emulator.faults.set_queue_time(0)


async def main() -> None:
    emulator = Emulator(root_password="")
    async with emulator, ArangoClient(hosts="http://emulator:8529",
                                      http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await db.create_collection("orders")
        await submit_and_wait(db)
        await pending_jobs(db)
        await fire_and_forget(db)
        await overload_control(db, emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
