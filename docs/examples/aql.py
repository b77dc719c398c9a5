"""AQL and cursors: queries, bind parameters, batches, statistics, closing, several queries
at once, explain and validate (docs/guide/aql.md).

    python docs/examples/aql.py                   # asyncio, then trio
    python docs/examples/aql.py --backend trio
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import AQLQueryExecuteError
from arango_anyio.testing import Emulator


async def setup(db: StandardDatabase) -> None:
    orders = await db.create_collection("orders")
    await orders.insert_many([{"_key": f"o{i}", "customer": ["ada", "bob", "cy"][i % 3],
                               "total": i * 10} for i in range(1, 31)])


async def run_a_query(db: StandardDatabase) -> None:
    # [start execute]
    query = """
        FOR o IN @@orders
          FILTER o.total >= @least
          SORT o.total DESC
          RETURN { key: o._key, total: o.total }
    """
    bind_vars = {"@orders": "orders", "least": 200}
    async with db.aql.execute(query, bind_vars=bind_vars, batch_size=5, count=True) as cursor:
        print("count:", cursor.count())
        async for row in cursor:            # batches of 5 fetched as needed
            if row["total"] < 280:
                break                       # leaving the block deletes the server cursor
            print("  ", row)
    # [end execute]


async def statistics_and_full_count(db: StandardDatabase) -> None:
    # [start statistics]
    query = "FOR o IN orders FILTER o.customer == 'ada' LIMIT 3 RETURN o._key"
    async with db.aql.execute(query, full_count=True) as cursor:
        keys = [key async for key in cursor]
        stats = cursor.statistics() or {}
    print("first three:", keys, "of", stats["fullCount"], "- scanned:", stats["scanned_full"])
    # [end statistics]
    assert keys == ["o3", "o6", "o9"] and stats["fullCount"] == 10


async def cursor_by_hand(db: StandardDatabase) -> None:
    # [start by-hand]
    cursor = await db.aql.execute("FOR i IN 1..10 RETURN i", batch_size=4)
    try:
        print("first:", await cursor.next())
        print("rest of this batch:", list(cursor.batch()), "more:", cursor.has_more())
        cursor.batch().clear()
        await cursor.fetch()                 # the next batch, from the same coordinator
        print("next batch:", list(cursor.batch()))
    finally:
        await cursor.close()                 # a bare cursor is yours to close
    # [end by-hand]


async def writes_and_errors(db: StandardDatabase) -> None:
    # [start write]
    query = "FOR o IN orders FILTER o.customer == 'cy' UPDATE o WITH { vip: true } IN orders"
    async with db.aql.execute(query) as cursor:
        pass
    print("modified:", (cursor.statistics() or {})["modified"])
    # [end write]
    assert (cursor.statistics() or {})["modified"] == 10
    # [start error]
    try:
        await db.aql.execute("FOR o IN no_such_collection RETURN o")
    except AQLQueryExecuteError as error:
        print("refused:", error.http_code, error.error_code, error.error_message)
    # [end error]


async def many_queries(db: StandardDatabase) -> None:
    # [start many]
    query = "FOR o IN orders FILTER o.customer == @c COLLECT AGGREGATE s = SUM(o.total) RETURN s"
    results = await db.aql.execute_many(
        [(query, {"c": customer}) for customer in ("ada", "bob", "cy")], concurrency=3)
    print("totals:", [rows[0] for rows in results])
    # [end many]
    assert [rows[0] for rows in results] == [1650, 1450, 1550]

    # [start task-group]
    totals: dict[str, int] = {}

    async def total_for(customer: str) -> None:
        async with db.aql.execute(query, bind_vars={"c": customer}) as cursor:
            totals[customer] = await cursor.next()

    async with anyio.create_task_group() as group:
        for customer in ("ada", "bob", "cy"):
            group.start_soon(total_for, customer)
    print("totals:", dict(sorted(totals.items())))
    # [end task-group]


async def deadline(db: StandardDatabase) -> None:
    # [start deadline]
    slow = "FOR a IN 1..3000 FOR b IN 1..3000 FILTER a * b == -1 RETURN a"
    with anyio.move_on_after(0.2) as scope:
        # the time left (about 0.2 s) is sent as the query's maxRuntime: the server stops
        # the query when the caller gives up on it
        await db.aql.execute(slow)
    print("gave up:", scope.cancelled_caught, "- still running:", await db.aql.queries())
    # [end deadline]
    assert scope.cancelled_caught


async def explain_and_validate(db: StandardDatabase) -> None:
    # [start explain]
    parsed = await db.aql.validate("FOR o IN orders FILTER o.total > @t RETURN o")
    print("collections:", parsed["collections"], "bind vars:", parsed["bind_vars"])
    plan = await db.aql.explain("FOR o IN orders FILTER o.total > 100 RETURN o")
    print("plan nodes:", [node["type"] for node in plan["nodes"]])
    # [end explain]


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await setup(db)
        await run_a_query(db)
        await statistics_and_full_count(db)
        await cursor_by_hand(db)
        await writes_and_errors(db)
        await many_queries(db)
        await deadline(db)
        await explain_and_validate(db)
        print("server-side cursors left:", emulator.open_cursors())
        assert emulator.open_cursors() == []


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
