"""A tiny raw HTTP/1.1 server on 127.0.0.1 that answers exactly the bytes a test scripts,
and a self-signed TLS certificate made with openssl for the TLS tests."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from anyio.abc import ByteStream, SocketAttribute
from anyio.streams.tls import TLSStream


@dataclass
class RawRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Conn:
    """One accepted connection: its number (1, 2, ...) and its stream."""

    number: int
    stream: ByteStream
    buffer: bytes = b""

    async def read_request(self) -> RawRequest | None:
        """The next request on this connection (None when the client closed it)."""
        while b"\r\n\r\n" not in self.buffer:
            try:
                data = await self.stream.receive()
            except (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError,
                    OSError):
                return None
            self.buffer += data
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            try:
                rest += await self.stream.receive()
            except (anyio.EndOfStream, anyio.BrokenResourceError, OSError):
                return None
        self.buffer = rest[length:]
        return RawRequest(method, path, headers, rest[:length])

    async def send(self, data: bytes) -> None:
        await self.stream.send(data)


Handler = Callable[[Conn], Awaitable[None]]


@dataclass
class RawServer:
    port: int
    scheme: str = "http"
    connections: int = 0
    requests: list[RawRequest] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"


def answer(status: int, body: bytes | str = b"", *, reason: str = "X",
           headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    """Response bytes; ``length`` overrides Content-Length (to lie about it)."""
    data = body.encode() if isinstance(body, str) else body
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    lines.append(f"Content-Length: {len(data) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


VERSION = answer(200, b'{"server":"arango","version":"3.12.0","license":"community"}',
                 reason="OK", headers={"Content-Type": "application/json"})


async def serve_version(conn: Conn, server: RawServer) -> None:
    """A well-behaved answer to every request on ``conn``."""
    while (request := await conn.read_request()) is not None:
        server.requests.append(request)
        await conn.send(VERSION)


@asynccontextmanager
async def raw_server(handler: Callable[[Conn, RawServer], Awaitable[None]], *,
                     tls: ssl.SSLContext | None = None,
                     tls_after: int = 0) -> AsyncIterator[RawServer]:
    """Serve ``handler(conn, server)`` per connection on an ephemeral 127.0.0.1 port.

    With ``tls``, connections numbered above ``tls_after`` are wrapped in TLS first (the
    earlier ones get the raw TCP stream: a TLS client hangs in its handshake there).
    """
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(SocketAttribute.local_port)
    server = RawServer(port, "https" if tls is not None else "http")

    async def on_connection(stream: ByteStream) -> None:
        server.connections += 1
        number = server.connections
        try:
            if tls is not None and number > tls_after:
                stream = await TLSStream.wrap(stream, server_side=True, ssl_context=tls,
                                              standard_compatible=False)
            await handler(Conn(number, stream), server)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, anyio.EndOfStream,
                OSError, ssl.SSLError):
            pass
        finally:
            with anyio.CancelScope(shield=True):
                await stream.aclose()

    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, on_connection)
        try:
            yield server
        finally:
            tg.cancel_scope.cancel()


@dataclass
class Certs:
    ca: Path
    server_pem: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server_pem)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))


def make_certs(directory: Path) -> Certs | None:
    """A throw-away CA and a certificate for 127.0.0.1/localhost signed by it (openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], cwd=directory, check=True, capture_output=True)

    (directory / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=reliability CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf")
    pem = directory / "server.pem"
    pem.write_bytes((directory / "server.crt").read_bytes()
                    + (directory / "server.key").read_bytes())
    return Certs(directory / "ca.pem", pem)
