"""Cancellation at any point leaves nothing behind, and always propagates.

Phase by phase (connecting, sending, waiting, reading the body, back-off, JWT refresh) against
scripted loopback servers, then at random points chosen by hypothesis (which operation, how
long before the cancel) against the emulator's coordinators: after each cancel the pool has
nothing in use or waiting, the cursor is gone from the server, the transaction is not left
running, the JWT lock is free and the next call succeeds at once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio._connection.auth import JwtAuth
from arango_anyio.testing import Emulator, serve
from tests.pool import pool_of

from ._support_pool import assert_pool_clean, settle
from .rawserver import Certs, Conn, RawServer, raw_server, serve_version
from .workload import ROOT_PASSWORD

pytestmark = pytest.mark.anyio


async def cancel_after(delay: float, operation: Callable[[], Awaitable[Any]]) -> bool:
    """Run ``operation`` and cancel it after ``delay`` s. True if it finished first; when it
    did not, the cancellation must have propagated out of it (nothing swallowed it)."""
    finished = False
    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as tg:

            async def canceller() -> None:
                await anyio.sleep(delay)
                scope.cancel()

            tg.start_soon(canceller)
            await operation()
            finished = True
            tg.cancel_scope.cancel()
    if not finished:
        assert scope.cancelled_caught, "the cancellation did not propagate"
    return finished


# -- phase by phase -----------------------------------------------------------------------


async def test_cancel_while_connecting_tls_handshake(certs: Certs) -> None:
    # the first connection is accepted but never answers the TLS handshake
    async def handler(conn: Conn, server: RawServer) -> None:
        if conn.number == 1:
            await anyio.sleep_forever()
        await serve_version(conn, server)

    async with (
        raw_server(handler, tls=certs.server_context(), tls_after=1) as server,
        ArangoClient(hosts=server.url, ssl_context=certs.client_context()) as client,
    ):
        db = await client.db("_system", password="pw")
        assert not await cancel_after(0.2, db.version)
        assert_pool_clean(client)
        assert pool_of(client).open == 0
        with anyio.fail_after(2):
            assert (await db.version()) == "3.12.0"
        assert_pool_clean(client)


async def test_cancel_while_sending_a_large_body() -> None:
    received = 0

    async def handler(conn: Conn, server: RawServer) -> None:
        nonlocal received
        if conn.number == 1:  # reads a little, then stops reading: the client's send blocks
            received += len(await conn.stream.receive())
            await anyio.sleep_forever()
        await serve_version(conn, server)

    async with raw_server(handler) as server, ArangoClient(hosts=server.url) as client:
        db = await client.db("_system", password="pw")
        big = {"_key": "big", "blob": "x" * (24 * 1024 * 1024)}
        done = await cancel_after(0.5, lambda: db.collection("c").insert(big))
        assert not done
        assert 0 < received < 24 * 1024 * 1024
        assert_pool_clean(client)
        with anyio.fail_after(2):
            assert (await db.version()) == "3.12.0"


async def test_cancel_while_reading_the_body() -> None:
    async def handler(conn: Conn, server: RawServer) -> None:
        if conn.number == 1:
            await conn.read_request()
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"server\":")
            await anyio.sleep_forever()
        await serve_version(conn, server)

    async with raw_server(handler) as server, ArangoClient(hosts=server.url) as client:
        db = await client.db("_system", password="pw")
        assert not await cancel_after(0.2, db.version)
        assert_pool_clean(client)
        assert pool_of(client).open == 0  # a half-read connection is closed
        with anyio.fail_after(2):
            assert (await db.version()) == "3.12.0"
        assert server.connections == 2


@pytest.mark.emulator_only
async def test_cancel_while_waiting_for_the_answer() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.create_collection("c")
        emu.faults.add_latency(1.0)
        started = time.monotonic()
        assert not await cancel_after(0.1, lambda: db.collection("c").insert({"_key": "a"}))
        assert time.monotonic() - started < 0.5
        assert_pool_clean(client)
        emu.faults.clear_latency()
        with anyio.fail_after(2):
            await db.collection("c").insert({"_key": "b"})


@pytest.mark.emulator_only
async def test_cancel_during_back_off() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(
            hosts=urls,
            host_resolver="roundrobin",
            retry_backoff=2.0,
            retry_backoff_max=2.0,
        ) as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD)
        await db.version()
        emu.faults.fail_next(10, 503, 503, path="/_api/version")
        started = time.monotonic()
        assert not await cancel_after(0.3, db.version)
        assert time.monotonic() - started < 0.8
        # one attempt answered 503, then the back-off sleep was cancelled
        assert emu.faults.counts["error"] == 1
        assert_pool_clean(client)
        emu.faults.clear()
        with anyio.fail_after(2):
            await db.version()


@pytest.mark.emulator_only
async def test_cancel_during_jwt_refresh_frees_the_lock() -> None:
    emu = Emulator(root_password=ROOT_PASSWORD)
    async with (
        serve(emu, coordinators=2) as urls,
        ArangoClient(hosts=urls, host_resolver="roundrobin") as client,
    ):
        db = await client.db("_system", password=ROOT_PASSWORD, auth_method="jwt")
        await db.version()
        auth = db._conn.auth
        assert isinstance(auth, JwtAuth) and auth.fetches == 1
        auth._expires = time.time()  # due for a refresh
        emu.faults.add_latency(1.0)

        async def many() -> None:  # several callers wait on the single refresh
            async with anyio.create_task_group() as tg:
                for _ in range(5):
                    tg.start_soon(db.version)

        assert not await cancel_after(0.2, many)
        assert not auth.locked
        assert auth.fetches == 1  # the refresh never completed
        assert_pool_clean(client)
        emu.faults.clear_latency()
        with anyio.fail_after(2):
            await db.version()
        assert auth.fetches == 2 and not auth.locked


# -- random points, random operations -----------------------------------------------------

OPERATIONS = ["insert", "get", "cursor", "transaction", "bulk", "backoff", "jwt", "import"]


class Scenario:
    """One emulator + client reused across hypothesis examples (state reset per example)."""

    def __init__(self, emu: Emulator, client: ArangoClient, db: StandardDatabase,
                 jwt_db: StandardDatabase) -> None:
        self.emu = emu
        self.client = client
        self.db = db
        self.jwt_db = jwt_db
        self.cursor: Any = None
        self.txn: Any = None
        self.n = 0

    async def run(self, op: str) -> None:
        self.n += 1
        db, n = self.db, self.n
        collection = db.collection("c")
        if op == "insert":
            await collection.insert({"_key": f"k{n}"})
        elif op == "get":
            await collection.get("static")
        elif op == "cursor":
            async with db.aql.execute("FOR d IN s RETURN d", batch_size=3,
                                      allow_retry=bool(n % 2)) as cursor:
                self.cursor = cursor
                async for _ in cursor:
                    await anyio.sleep(0.002)
        elif op == "transaction":
            async with db.begin_transaction(write="c") as txn:
                self.txn = txn
                for i in range(3):
                    await txn.collection("c").insert({"_key": f"t{n}_{i}", "grp": n})
        elif op == "bulk":
            await collection.insert_many([{"_key": f"b{n}_{i}"} for i in range(12)],
                                         batch_size=3, concurrency=3)
        elif op == "import":
            await collection.import_bulk([{"_key": f"i{n}_{i}"} for i in range(12)],
                                         batch_size=4, concurrency=2)
        elif op == "backoff":
            self.emu.faults.fail_next(2, 503, 503, path="/_api/version")
            await db.version()
        elif op == "jwt":
            auth = self.jwt_db._conn.auth
            assert isinstance(auth, JwtAuth)
            auth._expires = time.time()  # refresh on this call
            await self.jwt_db.version()

    async def check(self) -> None:
        emu = self.emu
        await settle(self.client)  # a cancelled cursor or transaction creation is cleaned up
        assert_pool_clean(self.client)
        auth = self.jwt_db._conn.auth
        assert isinstance(auth, JwtAuth) and not auth.locked
        cursor = self.cursor
        if cursor is not None and cursor.id is not None:
            assert cursor.id not in emu.open_cursors(), "cursor left on the server"
        txn = self.txn
        if txn is not None:
            status = emu.transaction_status(txn.transaction_id)
            assert status != "running", "transaction left running"
            stored = [d for d in emu.documents("c", "_system").values()
                      if d.get("grp") == self.n]
            assert len(stored) in (0, 3), "transaction half applied"
        emu.faults.clear()
        emu.faults.add_latency(0.004)
        with anyio.fail_after(2):
            await self.db.version()
            await self.jwt_db.version()
        self.cursor = self.txn = None


@pytest.mark.emulator_only
@settings(max_examples=40)
@given(op=st.sampled_from(OPERATIONS), delay=st.floats(0.0, 0.08))
async def test_cancel_at_a_random_point(scenario_factory: Any, op: str, delay: float) -> None:
    scenario = await scenario_factory()
    finished = await cancel_after(delay, lambda: scenario.run(op))
    event(f"{op}: {'finished' if finished else 'cancelled'}")
    await scenario.check()


@pytest.fixture
async def scenario_factory() -> Any:
    """Lazily start one served emulator + client for all examples of a test."""
    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:
        holder: list[Scenario] = []

        async def get() -> Scenario:
            if not holder:
                emu = Emulator(root_password=ROOT_PASSWORD)
                urls = await stack.enter_async_context(serve(emu, coordinators=3))
                client = await stack.enter_async_context(
                    ArangoClient(hosts=urls, host_resolver="roundrobin", retry_backoff=0.01))
                db = await client.db("_system", password=ROOT_PASSWORD)
                await db.create_collection("c")
                await db.create_collection("s")
                await db.collection("s").insert_many([{"n": i} for i in range(15)])
                await db.collection("c").insert({"_key": "static"})
                jwt_db = await client.db("_system", password=ROOT_PASSWORD,
                                         auth_method="jwt")
                await jwt_db.version()
                emu.faults.add_latency(0.004)  # every request takes a few ms: more to hit
                holder.append(Scenario(emu, client, db, jwt_db))
            return holder[0]

        yield get
