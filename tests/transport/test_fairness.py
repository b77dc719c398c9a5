"""How requests share the event loop: each gives it a turn between sending and reading (the
answer is then usually there, read without a readiness wait), backing off from that turn on a
connection where it did not help; a request that never had to yield still lets the other tasks
run and its deadlines fire.

The server runs in another process (not in the event loop under test), so answers are often waiting
in the socket before the client reads: the case where the transport does not have to wait.
"""

from __future__ import annotations

import select
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import anyio
import pytest

from arango_anyio._transport import ArangoTransport, _pool, _socket
from arango_anyio._transport._http11 import PRE_READ_YIELD_BACKOFF, HTTP11Connection
from arango_anyio._transport._socket import SocketStream
from tests.transport.server import Request, ServerConnection, response, serve

pytestmark = pytest.mark.anyio

_SERVER = r"""
import socket, sys, threading
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
def serve(conn):
    with conn:
        buffer = b""
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buffer += data
            while b"\r\n\r\n" in buffer:  # bodiless GETs: one head, one answer
                _, _, buffer = buffer.partition(b"\r\n\r\n")
                conn.sendall(ANSWER)
listener = socket.create_server(("127.0.0.1", 0))
print(listener.getsockname()[1], flush=True)
while True:
    try:
        conn, _ = listener.accept()
    except OSError:
        break
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
"""


@contextmanager
def process_server() -> Iterator[str]:
    """A keep-alive server in another process (not waiting for our GIL or event loop)
    that answers every GET at once; killed at the end."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER], stdout=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()


class _AnswerReadyStream(SocketStream):
    """Reads only once the answer is in the socket (a blocking select, no event loop turn):
    every request then finds its answer ready, as on a fast server."""

    async def receive(self, max_bytes: int = 65536) -> bytes:
        select.select([self._sock], [], [], 5)
        return await super().receive(max_bytes)


@pytest.fixture
def answers_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    async def connect(host: str, port: int) -> SocketStream:
        stream = await _socket.connect(host, port)
        stream.__class__ = _AnswerReadyStream
        return stream

    monkeypatch.setattr(_pool, "connect", connect)


class _Turns:
    def __init__(self) -> None:
        self.turns = 0
        self.done = False

    async def run(self) -> None:
        while not self.done:
            self.turns += 1
            await anyio.lowlevel.checkpoint()


@asynccontextmanager
async def other_task() -> AsyncIterator[_Turns]:
    """Another task counting its turns on the event loop while the block runs."""
    counter = _Turns()
    async with anyio.create_task_group() as tg:
        tg.start_soon(counter.run)
        await anyio.lowlevel.checkpoint()
        counter.turns = 0
        try:
            yield counter
        finally:
            counter.done = True


@pytest.mark.usefixtures("answers_ready")
async def test_back_to_back_requests_let_other_tasks_run() -> None:
    with process_server() as url:
        transport = ArangoTransport()
        with anyio.fail_after(30):
            async with other_task() as other:
                with anyio.move_on_after(0.3):  # ~hundreds of requests on a busy machine
                    while True:
                        await transport.request("GET", f"{url}/_api/version", None, None)
        await transport.aclose()
    assert other.turns > 10


@pytest.mark.usefixtures("answers_ready")
async def test_deadline_fires_in_a_loop_of_ready_answers() -> None:
    with process_server() as url:
        transport = ArangoTransport()
        count = 0
        with anyio.fail_after(30):  # the guard: the inner deadline must end the loop first
            with anyio.move_on_after(0.2) as scope:
                while True:
                    await transport.request("GET", f"{url}/_api/version", None, None)
                    count += 1
        await transport.aclose()
    assert scope.cancelled_caught
    assert count > 0


def _only_connection(transport: ArangoTransport) -> HTTP11Connection:
    (pool,) = transport._pools.values()
    (conn,) = pool._idle
    return conn


@pytest.mark.usefixtures("answers_ready")
async def test_each_request_gives_a_turn_and_reads_a_ready_answer_without_a_wait() -> None:
    with process_server() as url:
        transport = ArangoTransport()
        await transport.request("GET", f"{url}/_api/version", None, None)
        conn = _only_connection(transport)
        raw = conn._raw
        assert raw is not None
        waits = raw.waits
        async with other_task() as other:
            for _ in range(20):
                await transport.request("GET", f"{url}/_api/version", None, None)
        await transport.aclose()
    # A turn between sending and reading each time (without it: one a millisecond at most).
    assert other.turns >= 15
    assert raw.waits == waits  # the answer was there after it: no readiness wait
    assert conn._pre_read_yields_skipped == 0


async def test_when_the_turn_did_not_spare_the_wait_the_next_requests_skip_it() -> None:
    async def slow(request: Request, conn: ServerConnection) -> None:
        await anyio.sleep(0.01)
        await conn.send(response())

    async with serve(slow) as server:
        transport = ArangoTransport()
        await transport.request("GET", f"{server.url}/first", None, None)
        conn = _only_connection(transport)
        assert conn._pre_read_yields_skipped == PRE_READ_YIELD_BACKOFF
        await transport.request("GET", f"{server.url}/second", None, None)
        assert conn._pre_read_yields_skipped == PRE_READ_YIELD_BACKOFF - 1
        await transport.aclose()
