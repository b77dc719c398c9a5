"""Cancellation at every await point leaves the pool usable, with nothing leaked or stuck.

A wrapper around each connection's stream counts the transport's await points (connect, each
send, each receive) across all requests of an example; hypothesis picks the step at which a
cancel scope is cancelled, and whether that scope covers every request or only the request that
reached the step.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable
from typing import Any
from unittest import mock

import anyio
import pytest
from anyio.abc import ByteStream
from hypothesis import given, settings
from hypothesis import strategies as st

from arango_anyio._transport import ArangoTransport
from arango_anyio._transport._pool import HostPool
from tests.transport.server import (
    Request,
    ServerConnection,
    TestServer,
    eventually,
    response,
    serve,
)

pytestmark = pytest.mark.anyio

# More examples for a soak run: TRANSPORT_EXAMPLES=500 pytest tests/transport
_EXAMPLES = os.environ.get("TRANSPORT_EXAMPLES")


def _more(test: Callable[..., Any]) -> Callable[..., Any]:
    return settings(max_examples=int(_EXAMPLES))(test) if _EXAMPLES else test


_task_scope: contextvars.ContextVar[anyio.CancelScope] = contextvars.ContextVar("task_scope")


class Steps:
    def __init__(self, cancel_at: int, scope: anyio.CancelScope | None) -> None:
        self.count = 0
        self.cancel_at = cancel_at
        self.scope = scope  # None: cancel the scope of the request that reaches the step
        self.fired = False

    def point(self) -> None:
        self.count += 1
        if self.count == self.cancel_at:
            self.fired = True
            (self.scope or _task_scope.get()).cancel()


class CountingStream(ByteStream):
    def __init__(self, inner: ByteStream, steps: Steps) -> None:
        self.inner = inner
        self.steps = steps

    async def receive(self, max_bytes: int = 65536) -> bytes:
        self.steps.point()
        return await self.inner.receive(max_bytes)

    async def send(self, item: bytes) -> None:
        self.steps.point()
        await self.inner.send(item)

    async def send_eof(self) -> None:
        await self.inner.send_eof()

    async def aclose(self) -> None:
        await self.inner.aclose()

    @property
    def extra_attributes(self) -> Any:
        return self.inner.extra_attributes


def counting_connect(steps: Steps) -> Any:
    original = HostPool._connect

    async def connect(self: HostPool) -> ByteStream:
        steps.point()
        await anyio.lowlevel.checkpoint()
        return CountingStream(await original(self), steps)

    return mock.patch.object(HostPool, "_connect", connect)


async def slow_answer(request: Request, conn: ServerConnection) -> None:
    """Answer in pieces so the client needs several receives."""
    kind, size = request.path.split("/")[1:3]
    body = b"x" * int(size)
    if kind == "chunked":
        pieces = [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"]
        pieces += [b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:10], body[10:]) if p]
        pieces.append(b"0\r\n\r\n")
    else:
        data = response(body=body, length=kind != "close")
        pieces = [data[:20], data[20:60], data[60:]]
    for piece in pieces:
        await conn.send(piece)
        await anyio.sleep(0.0005)
    if kind == "close":
        await conn.close()


async def check_usable(transport: ArangoTransport, server: TestServer) -> None:
    stats = transport.statistics()
    assert (stats.in_use, stats.waiting, stats.connecting) == (0, 0, 0), stats
    assert stats.open == stats.idle
    resp = await transport.request("GET", server.url + "/length/5", None, None)
    assert resp.body == b"xxxxx"
    # Every connection the client let go of is closed at the server too: none leaked.
    await eventually(lambda: server.open == transport.statistics().open)


requests_st = st.lists(
    st.tuples(
        st.sampled_from(["length", "chunked", "close"]),
        st.sampled_from([10, 100_000]),
        st.sampled_from([None, b"{}", b"y" * 200_000]),
    ),
    min_size=1,
    max_size=4,
)


@_more
@given(
    requests=requests_st,
    max_connections=st.integers(1, 2),
    cancel_at=st.integers(1, 14),
    cancel_all=st.booleans(),
)
async def test_cancel_at_any_step(
    requests: list[tuple[str, int, bytes | None]],
    max_connections: int,
    cancel_at: int,
    cancel_all: bool,
) -> None:
    async with serve(slow_answer) as server:
        transport = ArangoTransport(max_connections=max_connections)
        outer = anyio.CancelScope()
        steps = Steps(cancel_at, outer if cancel_all else None)
        done: list[int] = []

        async def call(i: int, kind: str, size: int, body: bytes | None) -> None:
            with anyio.CancelScope() as scope:
                _task_scope.set(scope)
                resp = await transport.request("POST", f"{server.url}/{kind}/{size}", None, body)
                assert len(resp.body) == size
                done.append(i)

        with counting_connect(steps):
            with outer:
                async with anyio.create_task_group() as tg:
                    for i, (kind, size, body) in enumerate(requests):
                        tg.start_soon(call, i, kind, size, body)
            if not steps.fired:
                assert len(done) == len(requests)
            elif not cancel_all:
                # Only the one request was cancelled -- unless the cancel landed at its last
                # step and the request finished before reaching another checkpoint.
                assert len(requests) - 1 <= len(done) <= len(requests)
            steps.cancel_at = 0
            await check_usable(transport, server)
        await transport.aclose()


@_more
@given(
    delay=st.floats(0, 0.006),
    n=st.integers(1, 4),
    max_connections=st.integers(1, 3),
)
async def test_cancel_after_random_delay(delay: float, n: int, max_connections: int) -> None:
    async with serve(slow_answer) as server:
        transport = ArangoTransport(max_connections=max_connections)
        with anyio.move_on_after(delay):
            async with anyio.create_task_group() as tg:
                for i in range(n):
                    kind = ("length", "chunked", "close")[i % 3]
                    tg.start_soon(transport.request, "GET", f"{server.url}/{kind}/300", None, None)
        await check_usable(transport, server)
        await transport.aclose()
