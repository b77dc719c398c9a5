"""One HTTP/1.1 client connection: send a request, parse its response with httptools.

A connection carries one request at a time. Whoever drives it must close it (:meth:`aclose`)
unless :attr:`HTTP11Connection.reusable` is true after a complete response: any failure or
cancellation in between leaves the stream at an unknown position.
"""

from __future__ import annotations

import select
import socket
from collections.abc import AsyncIterable

import anyio
import httptools
import httpx
from anyio.abc import ByteStream, SocketAttribute

READ_SIZE = 65536
MAX_HEAD_SIZE = 65536
CLOSE_TIMEOUT = 2.0

# Errors of a stream that is broken or was closed under us (by aclose from another task).
_BROKEN = (OSError, anyio.BrokenResourceError, anyio.ClosedResourceError)
_PARSER_ERRORS = (httptools.HttpParserError, httptools.HttpParserUpgrade)
_HAS_POLL = hasattr(select, "poll")


class StaleConnection(Exception):
    """The first write on a reused connection failed: no byte of the request reached the server."""


class HTTP11Connection:
    """An HTTP/1.1 connection over an AnyIO byte stream (plain TCP or TLS)."""

    __slots__ = (
        "_body",
        "_done",
        "_head_done",
        "_headers",
        "_informational",
        "_keep_alive",
        "_parser",
        "_poll",
        "_reason",
        "_skip_body",
        "_sock",
        "_spoiled",
        "_status",
        "closed",
        "idle_since",
        "reusable",
        "reused",
        "stream",
    )

    def __init__(self, stream: ByteStream) -> None:
        self.stream = stream
        self.reused = False
        self.reusable = False
        self.closed = False
        self.idle_since = 0.0
        self._parser = httptools.HttpResponseParser(self)
        self._sock: socket.socket | None = stream.extra(SocketAttribute.raw_socket, None)
        self._poll: select.poll | None = None
        if _HAS_POLL and self._sock is not None:
            self._poll = select.poll()
            self._poll.register(self._sock.fileno(), select.POLLIN)
        self._reset(False)

    def _reset(self, skip_body: bool) -> None:
        self._skip_body = skip_body
        self._status = 0
        self._reason = b""
        self._headers: list[tuple[bytes, bytes]] = []
        self._body: list[bytes] = []
        self._head_done = False
        self._informational = False
        self._done = False
        self._keep_alive = False
        self._spoiled = False

    # -- health --------------------------------------------------------------------------------

    def is_stale(self) -> bool:
        """True if the idle connection can't carry a request: the server closed it, or sent bytes
        nobody asked for. Checked without blocking before each reuse."""
        sock = self._sock
        if sock is None:
            return False
        fd = sock.fileno()
        if fd < 0:
            return True
        if self._poll is not None:
            return bool(self._poll.poll(0))
        return bool(select.select((fd,), (), (), 0)[0])  # pragma: no cover - no poll() (Windows)

    async def aclose(self) -> None:
        """Close the stream; shielded and bounded so it completes even while being cancelled."""
        if self.closed:
            return
        self.closed = True
        self.reusable = False
        with anyio.move_on_after(CLOSE_TIMEOUT, shield=True):
            try:
                await self.stream.aclose()
            except (*_BROKEN, anyio.EndOfStream):
                pass

    # -- request -------------------------------------------------------------------------------

    async def send_head(self, data: bytes, *, skip_body: bool) -> None:
        """Send the start of a request (its head, possibly with the whole body).

        :raises StaleConnection: the connection was reused and the write failed, so nothing of
            this request was delivered.
        :raises httpx.WriteError: the write failed on a fresh connection.
        """
        self.reusable = False
        self._reset(skip_body)
        try:
            await self.stream.send(data)
        except _BROKEN as exc:
            if self.reused:
                raise StaleConnection() from exc
            raise httpx.WriteError(_describe(exc, "writing the request")) from exc

    async def send_body(self, data: bytes) -> None:
        """Send more of the request body."""
        try:
            await self.stream.send(data)
        except _BROKEN as exc:
            raise httpx.WriteError(_describe(exc, "writing the request body")) from exc

    async def send_stream(self, chunks: AsyncIterable[bytes], *, chunked: bool) -> None:
        """Send a request body from an async iterable, framed as chunks if ``chunked``."""
        for_error = "writing the request body"
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                if chunked:
                    chunk = frame_chunk(chunk)
                await self.stream.send(chunk)
            if chunked:
                await self.stream.send(b"0\r\n\r\n")
        except _BROKEN as exc:
            raise httpx.WriteError(_describe(exc, for_error)) from exc

    async def receive_response(self) -> None:
        """Read one complete response; then :meth:`result` returns it.

        :raises httpx.ReadError: the stream broke while reading.
        :raises httpx.RemoteProtocolError: the server closed early or sent something invalid.
        """
        stream = self.stream
        parser = self._parser
        received = 0
        while not self._done:
            try:
                data = await stream.receive(READ_SIZE)
            except anyio.EndOfStream:
                self._on_eof(received)
                break
            except _BROKEN as exc:
                raise httpx.ReadError(_describe(exc, "reading the response")) from exc
            received += len(data)
            try:
                parser.feed_data(data)
            except _PARSER_ERRORS as exc:
                if not self._done:
                    raise httpx.RemoteProtocolError(f"invalid HTTP response: {exc}") from exc
                self._spoiled = True  # garbage after a complete response
            if not self._head_done and received > MAX_HEAD_SIZE:
                raise httpx.RemoteProtocolError(f"response head larger than {MAX_HEAD_SIZE} bytes")
        if self._skip_body:
            # The parser can't be told a response to HEAD has no body; start afresh.
            self._parser = httptools.HttpResponseParser(self)
        self.reusable = self._keep_alive and not self._spoiled

    def result(self) -> tuple[int, bytes, list[tuple[bytes, bytes]], bytes]:
        """The status code, reason, raw headers and body of the response just received."""
        body = self._body
        if not body:
            content = b""
        elif len(body) == 1:
            content = body[0]
        else:
            content = b"".join(body)
        return self._status, self._reason, self._headers, content

    def _on_eof(self, received: int) -> None:
        if received == 0:
            raise httpx.RemoteProtocolError("server disconnected without sending a response")
        if self._head_done and not self._done and self._body_until_close():
            self._done = True
            self._keep_alive = False
            return
        raise httpx.RemoteProtocolError("server closed the connection mid-response")

    def _body_until_close(self) -> bool:
        for name, value in self._headers:
            lower = name.lower()
            if lower == b"content-length":
                return False
            if lower == b"transfer-encoding" and b"chunked" in value.lower():
                return False
        return True

    # -- httptools callbacks -------------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self._done:
            self._spoiled = True

    def on_status(self, status: bytes) -> None:
        self._reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        parser = self._parser
        status = parser.get_status_code()
        if status < 200:
            self._informational = True
            return
        self._status = status
        self._keep_alive = parser.should_keep_alive()
        self._head_done = True
        if self._skip_body:
            self._done = True

    def on_body(self, body: bytes) -> None:
        if not self._done:
            self._body.append(body)

    def on_message_complete(self) -> None:
        if self._informational:  # 100 Continue, 103 Early Hints: the real answer follows
            self._informational = False
            self._reason = b""
            self._headers = []
            return
        self._done = True


def frame_chunk(data: bytes) -> bytes:
    """Frame ``data`` as one chunk of a chunked body."""
    return b"".join((b"%x\r\n" % len(data), data, b"\r\n"))


def _describe(exc: BaseException, doing: str) -> str:
    detail = str(exc)
    if not detail and exc.__cause__ is not None:
        detail = str(exc.__cause__)
    return f"{type(exc).__name__} while {doing}" + (f": {detail}" if detail else "")
