"""HTTP/1.1 on one accepted connection: parse requests with httptools, answer with the emulator.

:func:`serve_connection` reads requests (bounded head, ``Content-Length`` or chunked bodies,
``Expect: 100-continue``), hands each to the emulator as an :class:`EmuRequest`, and writes the
answer back; connections are kept alive unless the client asks otherwise. A
:class:`DropConnection` raised while answering resets the connection without a reply.
"""

from __future__ import annotations

import logging
import socket
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from urllib.parse import parse_qsl

import anyio
import httptools
from anyio.abc import ByteStream, SocketAttribute

from arango_anyio.testing._frontends.encoding import compress_response
from arango_anyio.testing._protocol.content_encoding import MAX_BODY
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse
from arango_anyio.testing._server.faults import DropConnection

logger = logging.getLogger("arango_anyio.testing")

#: The largest request head (request line and headers) accepted; larger ones get 431.
MAX_HEAD = 128 * 1024
READ_SIZE = 64 * 1024
#: Seconds a connection may stay silent between requests before it is closed (the server's
#: ``--http.keep-alive-timeout``).
IDLE_TIMEOUT = 300.0
#: Seconds a request that has begun may go without a byte before the connection is dropped
#: (a body that never completes must not hold the connection for the keep-alive timeout).
PARTIAL_REQUEST_TIMEOUT = 30.0

Handle = Callable[[EmuRequest], Awaitable[EmuResponse]]

_REASONS = {status.value: status.phrase for status in HTTPStatus}
_SKIPPED = frozenset({"content-length", "connection", "transfer-encoding"})
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_LINGER_RESET = struct.pack("ii", 1, 0)


class _Parsed:
    __slots__ = ("body", "headers", "keep_alive", "method", "url")

    def __init__(self, method: str, url: bytes, headers: dict[str, str], body: bytes,
                 keep_alive: bool) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.keep_alive = keep_alive


class _RequestReader:
    """Feeds bytes to httptools and collects complete requests (httptools calls ``on_*``)."""

    def __init__(self) -> None:
        self.parser = httptools.HttpRequestParser(self)
        self.ready: deque[_Parsed] = deque()
        self.error: int = 0  # an HTTP status to answer with before closing
        self.send_continue = False
        #: a request has begun and is not complete yet
        self.in_message = False
        self._in_head = True
        self._head_bytes = 0
        self._reset()

    def _reset(self) -> None:
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._body_size = 0

    def feed(self, data: bytes) -> None:
        """Parse ``data``; complete requests land in :attr:`ready`, a fatal problem in
        :attr:`error`."""
        counting = self._in_head
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.error = 400
        except httptools.HttpParserError:
            if not self.error:
                self.error = 400
        if counting and self._in_head:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD:
                self.error = 431

    # httptools callbacks -------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self.in_message = True
        self._reset()
        self._in_head = True

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        old = self._headers.get(key)
        self._headers[key] = text if old is None else f"{old}, {text}"

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        declared = self._headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY:
            self.error = 413
            raise httptools.HttpParserError("body too large")
        if self._headers.get("expect", "").lower() == "100-continue":
            self.send_continue = True

    def on_body(self, body: bytes) -> None:
        self._body_size += len(body)
        if self._body_size > MAX_BODY:
            self.error = 413
            raise httptools.HttpParserError("body too large")
        self._body.append(body)

    def on_message_complete(self) -> None:
        self.in_message = False
        parser = self.parser
        self.ready.append(_Parsed(
            parser.get_method().decode("ascii", "replace"), self._url, self._headers,
            b"".join(self._body), parser.should_keep_alive(),
        ))
        self._in_head = True
        self._head_bytes = 0
        self.send_continue = False
        self._reset()


def _split_url(url: bytes) -> tuple[str, dict[str, str]]:
    """The raw (still percent-encoded) path and the decoded query arguments of a target."""
    text = url.decode("utf-8", "replace")
    if not text.startswith("/"):  # absolute form: http://host:port/path?query
        scheme_end = text.find("://")
        slash = text.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        text = text[slash:] if slash >= 0 else "/"
    text = text.partition("#")[0]
    path, _, query = text.partition("?")
    params = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    return path or "/", params


def encode_response(response: EmuResponse, *, head_only: bool, keep_alive: bool) -> bytes:
    """The bytes of ``response`` on the wire (without its body for a HEAD request).

    ``content-length`` is always computed from the body, except for a HEAD answer without
    body, which keeps the length its ``content-length`` header announces (that of the GET).
    """
    body = response.body
    parts = [f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Unknown')}\r\n"]
    for name, value in response.headers.items():
        if name in _SKIPPED:
            continue
        if "\n" in value or "\r" in value:  # never let a value split the head
            value = value.replace("\r", " ").replace("\n", " ")
        parts.append(f"{name}: {value}\r\n")
    length = len(body)
    if head_only and not body:  # a HEAD answer whose body was dropped may give its length
        declared = response.headers.get("content-length", "")
        length = int(declared) if declared.isdigit() else 0
    parts.append(f"content-length: {length}\r\n")
    parts.append("connection: Keep-Alive\r\n\r\n" if keep_alive else "connection: Close\r\n\r\n")
    head = "".join(parts).encode("latin-1", "replace")
    return head if head_only else head + body


def _plain_error(status: int) -> bytes:
    body = (f'{{"code":{status},"error":true,"errorMessage":"{_REASONS[status].lower()}",'
            f'"errorNum":{status}}}').encode()
    response = EmuResponse(status, body, {"content-type": "application/json; charset=utf-8",
                                          "server": "ArangoDB",
                                          "x-arango-queue-time-seconds": "0.000000"})
    return encode_response(response, head_only=False, keep_alive=False)


async def _reset(stream: ByteStream) -> None:
    """Close with a TCP reset (no answer): what a crashed or killed coordinator does."""
    raw = stream.extra(SocketAttribute.raw_socket, None)
    if raw is not None:
        try:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
        except OSError:
            pass
    await anyio.aclose_forcefully(stream)


async def _linger_close(stream: ByteStream) -> None:
    """Close after a last answer: half-close, let the client read it and hang up, then close.

    Closing at once could discard the answer (unsent buffer, or a reset caused by unread
    request bytes), so wait a short bounded time for the client's end of stream first.
    """
    try:
        send_eof = getattr(stream, "send_eof", None)
        if send_eof is not None:
            await send_eof()
        with anyio.move_on_after(1.0):
            for _ in range(256):
                await stream.receive(READ_SIZE)
    except (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
        pass


async def serve_connection(stream: ByteStream, coordinator: str, handle: Handle,
                           is_down: Callable[[], bool], *, compress_threshold: int = 0) -> None:
    """Serve HTTP/1.1 requests from ``stream`` for ``coordinator`` until either side closes.

    Compressed request bodies are decoded; answers of at least ``compress_threshold`` bytes
    (0: none) are compressed for clients that accept it. The stream is always closed on
    return (with a reset when a fault asked for one).
    """
    reset = False
    try:
        reset = await _serve_requests(stream, coordinator, handle, is_down,
                                      compress_threshold)
    except (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
        pass
    except Exception:  # a bug: log it, drop this connection, keep the server up
        logger.exception("emulator connection for %s failed", coordinator)
        reset = True
    finally:
        with anyio.CancelScope(shield=True):
            if reset:
                await _reset(stream)
            else:
                await anyio.aclose_forcefully(stream)


class _HangupDetector:
    """A cheap check, for long handler work to call between slices: has the client closed
    the connection (or reset it)? Long queries of a client that went away are killed, as
    the server does. Peeks at the socket through a duplicate of its descriptor (made on
    first use: asyncio hands out a wrapper that cannot peek)."""

    def __init__(self, stream: ByteStream) -> None:
        self._stream = stream
        self._peek: socket.socket | None = None

    def __call__(self) -> bool:
        peek = self._peek
        if peek is None:
            raw = self._stream.extra(SocketAttribute.raw_socket, None)
            if raw is None:
                return False
            try:
                peek = self._peek = socket.fromfd(raw.fileno(), raw.family, raw.type)
            except OSError:
                return True
        try:
            return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    def close(self) -> None:
        """Close the duplicate descriptor (the connection's own stays as it is)."""
        if self._peek is not None:
            self._peek.close()
            self._peek = None


def _log_request(coordinator: str, request: EmuRequest, status: int | None,
                 started: float) -> None:
    """One INFO line per request: coordinator, method, path (no query string: it may carry
    data), status (``-`` when the client hung up first) and time taken."""
    if logger.isEnabledFor(logging.INFO):
        logger.info("%s %s %s %s %.1f ms", coordinator, request.method, request.path,
                    "-" if status is None else status, (time.perf_counter() - started) * 1000)


async def _serve_requests(stream: ByteStream, coordinator: str, handle: Handle,
                          is_down: Callable[[], bool], compress_threshold: int) -> bool:
    """The request loop; returns True when the connection must be reset, not closed."""
    gone = _HangupDetector(stream)
    try:
        return await _answer_requests(stream, coordinator, handle, is_down, compress_threshold,
                                      gone)
    finally:
        gone.close()


async def _answer_requests(stream: ByteStream, coordinator: str, handle: Handle,
                           is_down: Callable[[], bool], compress_threshold: int,
                           gone: _HangupDetector) -> bool:
    reader = _RequestReader()
    while True:
        while not reader.ready:
            if reader.error:
                await stream.send(_plain_error(reader.error))
                await _linger_close(stream)
                return False
            data = b""
            silence = PARTIAL_REQUEST_TIMEOUT if reader.in_message else IDLE_TIMEOUT
            with anyio.move_on_after(silence):
                data = await stream.receive(READ_SIZE)
            if not data:  # silent for too long: close, as the server's keep-alive timeout does
                return False
            reader.feed(data)
            if reader.send_continue and not reader.ready and not reader.error:
                reader.send_continue = False
                await stream.send(_CONTINUE)
        parsed = reader.ready.popleft()
        if is_down():
            return True
        path, params = _split_url(parsed.url)
        request = EmuRequest(parsed.method, path, params, parsed.headers, parsed.body,
                             coordinator)
        request.client_gone = gone
        started = time.perf_counter()
        try:
            response = await handle(request)
        except DropConnection:
            return True
        _log_request(coordinator, request, response.status, started)
        response = compress_response(response, request.headers.get("accept-encoding"),
                                     compress_threshold)
        keep_alive = parsed.keep_alive and not is_down()
        await stream.send(encode_response(response, head_only=parsed.method == "HEAD",
                                          keep_alive=keep_alive))
        if not keep_alive:
            await _linger_close(stream)
            return False
