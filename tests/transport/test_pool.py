"""Keep-alive reuse, pool limits, fair waiting, idle expiry, statistics, closing."""

from __future__ import annotations

import anyio
import pytest

from arango_anyio._transport import ArangoTransport
from arango_anyio._transport.deadline import CALL_DEADLINE, DeadlineExceeded
from arango_anyio._transport.errors import TransportClosed
from tests.transport.server import Request, ServerConnection, eventually, response, serve

pytestmark = pytest.mark.anyio


async def test_sequential_requests_share_one_connection() -> None:
    async with serve() as server:
        transport = ArangoTransport()
        for i in range(5):
            resp = await transport.request("GET", f"{server.url}/n/{i}", None, None)
            assert resp.body == b'{"path":"/n/%d"}' % i
        stats = transport.statistics()
        assert (stats.open, stats.idle, stats.in_use, stats.waiting) == (1, 1, 0, 0)
        host = stats.hosts[f"http://127.0.0.1:{server.port}"]
        assert (host.open, host.idle) == (1, 1)
        await transport.aclose()
        await eventually(lambda: server.open == 0)
    assert server.accepted == 1
    assert {r.connection for r in server.requests} == {1}


async def test_host_without_port_and_equivalent_urls_share_a_pool() -> None:
    async with serve() as server:
        transport = ArangoTransport()
        await transport.request("GET", f"http://127.0.0.1:{server.port}/a", None, None)
        await transport.request("GET", f"HTTP://127.0.0.1:{server.port}/b", None, None)
        assert list(transport.statistics().hosts) == [f"http://127.0.0.1:{server.port}"]
        await transport.aclose()
    assert server.accepted == 1


@pytest.mark.parametrize("limit", [1, 3])
async def test_pool_limit_and_fifo_waiting(limit: int) -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        await gate.wait()
        await conn.send(response())

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=limit)
        async with anyio.create_task_group() as tg:
            for i in range(8):
                tg.start_soon(transport.request, "GET", f"{server.url}/{i}", None, None)
                await anyio.wait_all_tasks_blocked()
            await eventually(lambda: len(server.requests) == limit)
            stats = transport.statistics()
            assert (stats.open, stats.in_use, stats.waiting) == (limit, limit, 8 - limit)
            gate.set()
        if limit == 1:  # one connection: the server sees the waiters in the order they came
            assert [r.path for r in server.requests] == [f"/{i}" for i in range(8)]
        stats = transport.statistics()
        assert (stats.open, stats.idle, stats.in_use, stats.waiting) == (limit, limit, 0, 0)
        await transport.aclose()
    assert server.accepted == limit


async def test_cancelled_waiter_leaves_the_queue() -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        if request.path == "/slow":
            await gate.wait()
        await conn.send(response())

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=1)
        async with anyio.create_task_group() as tg:
            tg.start_soon(transport.request, "GET", server.url + "/slow", None, None)
            await eventually(lambda: len(server.requests) == 1)
            with anyio.move_on_after(0.05) as scope:
                await transport.request("GET", server.url + "/never", None, None)
            assert scope.cancelled_caught
            assert transport.statistics().waiting == 0
            gate.set()
        stats = transport.statistics()
        assert (stats.open, stats.idle, stats.in_use, stats.waiting) == (1, 1, 0, 0)
        assert (
            await transport.request("GET", server.url + "/after", None, None)
        ).status_code == 200
        await transport.aclose()
    assert [r.path for r in server.requests] == ["/slow", "/after"]


async def test_waiter_gets_a_new_slot_when_a_connection_is_dropped() -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        if request.path == "/first":
            await gate.wait()
            await conn.send(response(headers={"Connection": "close"}))
        else:
            await conn.send(response())

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=1)
        async with anyio.create_task_group() as tg:
            tg.start_soon(transport.request, "GET", server.url + "/first", None, None)
            await eventually(lambda: len(server.requests) == 1)
            tg.start_soon(transport.request, "GET", server.url + "/second", None, None)
            await anyio.wait_all_tasks_blocked()
            assert transport.statistics().waiting == 1
            gate.set()
        assert transport.statistics().open == 1
        await transport.aclose()
    assert server.accepted == 2


async def test_idle_connections_expire() -> None:
    async with serve() as server:
        transport = ArangoTransport(idle_timeout=0.05)
        await transport.request("GET", server.url + "/", None, None)
        await transport.request("GET", server.url + "/", None, None)
        assert server.accepted == 1
        await anyio.sleep(0.1)
        await transport.request("GET", server.url + "/", None, None)
        assert server.accepted == 2
        await eventually(lambda: server.open == 1)  # the expired one was closed
        assert transport.statistics().open == 1
        await transport.aclose()


async def test_server_closing_idle_connection_reconnects_transparently() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await conn.send(response())  # claims keep-alive...
        if request.path == "/fin":
            await conn.close()
        elif request.path == "/rst":
            await conn.reset()

    async with serve(handler) as server:
        transport = ArangoTransport()
        for path in ["/fin", "/rst", "/fin", "/ok", "/ok"]:
            resp = await transport.request("POST", server.url + path, None, b"data")
            assert resp.status_code == 200
            if path != "/ok":
                await eventually(lambda: server.open == 0)  # closed by the server, idle at ours
                assert transport.statistics().idle == 1
        await transport.aclose()
    assert server.accepted == 4


async def test_send_failure_on_reused_connection_is_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from arango_anyio._transport._http11 import HTTP11Connection

    async with serve() as server:
        transport = ArangoTransport()
        await transport.request("GET", server.url + "/1", None, None)
        # Break the idle connection in a way the readability check can't see.
        monkeypatch.setattr(HTTP11Connection, "is_stale", lambda self: False)
        pool = next(iter(transport._pools.values()))
        (conn,) = pool._idle
        await conn.stream.aclose()
        resp = await transport.request("POST", server.url + "/2", None, b"x")
        assert resp.status_code == 200
        assert transport.statistics().open == 1
        await transport.aclose()
    assert [r.connection for r in server.requests] == [1, 2]


async def test_statistics_per_host_and_close() -> None:
    async with serve() as one, serve() as two:
        transport = ArangoTransport()
        await transport.request("GET", one.url + "/", None, None)
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(transport.request, "GET", two.url + "/", None, None)
        stats = transport.statistics()
        assert stats.hosts[f"http://127.0.0.1:{one.port}"].open == 1
        assert stats.hosts[f"http://127.0.0.1:{two.port}"].open == 3
        assert (stats.open, stats.idle) == (4, 4)
        await transport.aclose()
        await transport.aclose()  # idempotent
        assert transport.statistics().open == 0
        await eventually(lambda: one.open == two.open == 0)
        with pytest.raises(TransportClosed, match="closed") as info:
            await transport.request("GET", one.url + "/", None, None)
        assert not info.value.sent


async def test_aclose_while_requests_wait_and_run() -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        await gate.wait()

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=1)
        errors: list[BaseException] = []

        async def call() -> None:
            try:
                await transport.request("GET", server.url + "/", None, None)
            except Exception as exc:
                errors.append(exc)

        async with anyio.create_task_group() as tg:
            tg.start_soon(call)
            await eventually(lambda: len(server.requests) == 1)
            tg.start_soon(call)
            await anyio.wait_all_tasks_blocked()
            await transport.aclose()
        gate.set()
    assert len(errors) == 2
    # the running request had been sent, the queued one not
    assert all(isinstance(error, TransportClosed) for error in errors), errors
    assert sorted(error.sent for error in errors if isinstance(error, TransportClosed)) == [
        False, True]
    stats = transport.statistics()
    assert (stats.open, stats.in_use, stats.waiting) == (0, 0, 0)


async def test_waiter_cancelled_right_after_being_handed_a_connection() -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        if request.path == "/a":
            await gate.wait()
        await conn.send(response())

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=1)
        waiter_scope = anyio.CancelScope()
        results: list[str] = []

        async def first() -> None:
            await transport.request("GET", server.url + "/a", None, None)
            waiter_scope.cancel()  # no checkpoint since the hand-over to the waiter
            results.append("a")

        async def waiter() -> None:
            with waiter_scope:
                await transport.request("GET", server.url + "/b", None, None)
                results.append("b")

        async def last() -> None:
            await transport.request("GET", server.url + "/c", None, None)
            results.append("c")

        async with anyio.create_task_group() as tg:
            tg.start_soon(first)
            await eventually(lambda: len(server.requests) == 1)
            tg.start_soon(waiter)
            await anyio.wait_all_tasks_blocked()
            tg.start_soon(last)
            await anyio.wait_all_tasks_blocked()
            assert transport.statistics().waiting == 2
            gate.set()
        assert sorted(results) == ["a", "c"]
        stats = transport.statistics()
        assert (stats.open, stats.in_use, stats.waiting, stats.connecting) == (1, 0, 0, 0)
        await eventually(lambda: server.open == 1)
        await transport.aclose()
    assert [r.path for r in server.requests] == ["/a", "/c"]


async def test_waiting_for_a_connection_ends_at_the_call_deadline() -> None:
    gate = anyio.Event()

    async def handler(request: Request, conn: ServerConnection) -> None:
        await gate.wait()
        await conn.send(response())

    async with serve(handler) as server:
        transport = ArangoTransport(max_connections=1)
        async with anyio.create_task_group() as tg:
            tg.start_soon(transport.request, "GET", f"{server.url}/holder", None, None)
            await eventually(lambda: len(server.requests) == 1)
            token = CALL_DEADLINE.set(anyio.current_time() + 0.2)
            try:
                with anyio.fail_after(5), pytest.raises(DeadlineExceeded):
                    await transport.request("GET", f"{server.url}/waiter", None, None)
            finally:
                CALL_DEADLINE.reset(token)
            stats = transport.statistics()
            assert (stats.in_use, stats.waiting) == (1, 0)  # the holder only
            gate.set()
        assert [r.path for r in server.requests] == ["/holder"]
        resp = await transport.request("GET", f"{server.url}/after", None, None)
        assert resp.status_code == 200
        await transport.aclose()


async def test_waiting_for_the_answer_ends_at_the_call_deadline() -> None:
    async def handler(request: Request, conn: ServerConnection) -> None:
        await anyio.sleep_forever()

    async with serve(handler) as server:
        transport = ArangoTransport()
        token = CALL_DEADLINE.set(anyio.current_time() + 0.2)
        try:
            with anyio.fail_after(5), pytest.raises(DeadlineExceeded):
                await transport.request("GET", f"{server.url}/slow", None, None)
        finally:
            CALL_DEADLINE.reset(token)
        stats = transport.statistics()
        assert (stats.open, stats.in_use) == (0, 0)  # cut mid-request: closed, not pooled
        await transport.aclose()
