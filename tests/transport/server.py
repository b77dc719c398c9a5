"""A small scriptable HTTP/1.1 server on 127.0.0.1 for the transport tests.

Each test passes a handler ``async def handler(request, conn)`` that answers by writing bytes
with ``conn.send`` and may misbehave on purpose (close, reset, stall, send garbage).
"""

from __future__ import annotations

import socket
import ssl
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
import httptools
from anyio.abc import ByteStream, SocketAttribute
from anyio.streams.tls import TLSListener

CERTS = Path(__file__).parent / "certs"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int  # sequence number of the connection it arrived on


def response(
    status: int = 200,
    body: bytes = b'{"ok":true}',
    *,
    headers: dict[str, str] | None = None,
    reason: str = "OK",
    length: bool = True,
) -> bytes:
    """A response with Content-Length (unless ``length`` is false) and the given headers."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def chunked(*chunks: bytes, headers: dict[str, str] | None = None) -> bytes:
    head = response(
        body=b"", headers={**(headers or {}), "Transfer-Encoding": "chunked"}, length=False
    )
    return head + b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


class ServerConnection:
    """The server side of one client connection."""

    def __init__(self, stream: ByteStream, number: int) -> None:
        self.stream = stream
        self.number = number
        self.closed = False

    async def send(self, data: bytes) -> None:
        await self.stream.send(data)

    async def close(self) -> None:
        """Close with a FIN."""
        self.closed = True
        await self.stream.aclose()

    async def reset(self) -> None:
        """Close with a RST (SO_LINGER 0)."""
        sock = self.stream.extra(SocketAttribute.raw_socket)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        await self.close()


Handler = Callable[[Request, ServerConnection], Awaitable[None]]


async def ok(request: Request, conn: ServerConnection) -> None:
    """Answer 200 with a small JSON body naming the path."""
    await conn.send(response(body=b'{"path":"%s"}' % request.path.encode()))


class _Parser:
    def __init__(self) -> None:
        self.parser = httptools.HttpRequestParser(self)
        self.done: list[tuple[str, str, dict[str, str], bytes]] = []
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        key = name.decode().lower()
        if key in self._headers:
            self._headers[key] += ", " + value.decode()
        else:
            self._headers[key] = value.decode()

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        method = self.parser.get_method().decode()
        self.done.append((method, self._url.decode(), self._headers, b"".join(self._body)))
        self._url, self._headers, self._body = b"", {}, []


class TestServer:
    """Runs ``handler`` for every request; counts connections."""

    __test__ = False

    def __init__(self, handler: Handler, scheme: str) -> None:
        self.handler = handler
        self.scheme = scheme
        self.port = 0
        self.accepted = 0
        self.open = 0
        self.requests: list[Request] = []

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    async def serve_connection(self, stream: ByteStream) -> None:
        self.accepted += 1
        self.open += 1
        conn = ServerConnection(stream, self.accepted)
        parser = _Parser()
        try:
            while not conn.closed:
                try:
                    data = await stream.receive()
                except (anyio.EndOfStream, anyio.BrokenResourceError, OSError):
                    break
                try:
                    parser.parser.feed_data(data)
                except httptools.HttpParserError:
                    break
                while parser.done and not conn.closed:
                    method, path, headers, body = parser.done.pop(0)
                    request = Request(method, path, headers, body, conn.number)
                    self.requests.append(request)
                    try:
                        await self.handler(request, conn)
                    except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
                        conn.closed = True
        finally:
            self.open -= 1
            with anyio.CancelScope(shield=True):
                await stream.aclose()


async def eventually(predicate: Callable[[], bool], seconds: float = 2.0) -> None:
    """Wait until ``predicate()`` holds, e.g. until the server noticed a closed connection."""
    with anyio.fail_after(seconds):
        while not predicate():  # noqa: ASYNC110 - polls state that has no event to wait on
            await anyio.sleep(0.002)


def server_ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.pem")
    return context


def client_ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(CERTS / "ca.pem"))


@asynccontextmanager
async def serve(
    handler: Handler = ok,
    *,
    tls: bool = False,
    raw: Callable[[ByteStream], Awaitable[None]] | None = None,
) -> AsyncIterator[TestServer]:
    """Run a server on 127.0.0.1 for the duration of the block; ``raw`` replaces the HTTP
    handling of each connection."""
    server = TestServer(handler, "https" if tls else "http")
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    server.port = listener.extra(SocketAttribute.local_port)
    serve_connection = raw or server.serve_connection
    async with listener, anyio.create_task_group() as tg:
        if tls:
            tls_listener = TLSListener(
                listener, server_ssl_context(), standard_compatible=False, handshake_timeout=5
            )
            tg.start_soon(tls_listener.serve, serve_connection)
        else:
            tg.start_soon(listener.serve, serve_connection)
        try:
            yield server
        finally:
            tg.cancel_scope.cancel()
