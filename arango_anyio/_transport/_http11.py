"""One HTTP/1.1 client connection: send a request, parse its response with httptools.

A connection carries one request at a time. Whoever drives it must close it (:meth:`aclose`)
unless :attr:`HTTP11Connection.reusable` is true after a complete response: any failure or
cancellation in between leaves the stream at an unknown position.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import AsyncIterable

import anyio
import httptools
from anyio.abc import ByteStream, SocketAttribute
from anyio.lowlevel import checkpoint, checkpoint_if_cancelled

from arango_anyio._transport._headers import Headers, raw_pairs
from arango_anyio._transport._socket import SocketStream
from arango_anyio._transport.deadline import DeadlineExceeded, deadline_passed
from arango_anyio._transport.errors import (
    READING,
    SENDING,
    ProtocolViolation,
    RequestMaybeSent,
    RequestNotSent,
    ResponseTooLarge,
)

READ_SIZE = 65536
MAX_HEAD_SIZE = 65536
CLOSE_TIMEOUT = 2.0
#: The largest answer body accepted unless the pool says otherwise (1 GiB).
DEFAULT_MAX_BODY = 1 << 30
#: The default limit for an answer that does not declare its length (chunked, or ended by
#: closing the connection): 64 MiB. ArangoDB declares the length of every answer it sends,
#: so only proxies and hostile servers are held to it; a body that never ends stops here.
DEFAULT_MAX_UNDECLARED_BODY = 64 << 20
#: While an answer takes several reads, its deadline is checked and other tasks get a turn
#: at least this often (seconds).
LONG_READ_TICK = 0.002
#: Requests that read without yielding first after a yield did not spare the wait.
PRE_READ_YIELD_BACKOFF = 8

# Errors of a stream that is broken or was closed under us (by aclose from another task).
_BROKEN = (OSError, anyio.BrokenResourceError, anyio.ClosedResourceError)
_PARSER_ERRORS = (httptools.HttpParserError, httptools.HttpParserUpgrade)
_HAS_POLL = hasattr(select, "poll")
_REASONS = {b"OK": "OK", b"Created": "Created", b"Accepted": "Accepted", b"Not Found": "Not Found"}


class StaleConnection(Exception):
    """The first write on a reused connection failed before any byte was written: the server
    closed it while it was idle. Internal: the transport retries on another connection."""


class HTTP11Connection:
    """An HTTP/1.1 connection over an AnyIO byte stream (plain TCP or TLS)."""

    __slots__ = (
        "_body",
        "_done",
        "_got",
        "_head_done",
        "_informational",
        "_informational_seen",
        "_keep_alive",
        "_limit",
        "_next_tick",
        "_parser",
        "_poll",
        "_pre_read_yields_skipped",
        "_raw",
        "_reason",
        "_received",
        "_skip_body",
        "_sock",
        "_spoiled",
        "_tick_waits",
        "_use_map",
        "_write_error",
        "awaiting_answer",
        "closed",
        "header_list",
        "header_map",
        "idle_since",
        "max_body",
        "max_undeclared_body",
        "reason",
        "reusable",
        "reused",
        "status",
        "stream",
    )

    def __init__(self, stream: ByteStream, *, max_body: int = DEFAULT_MAX_BODY,
                 max_undeclared_body: int = DEFAULT_MAX_UNDECLARED_BODY) -> None:
        self.stream = stream
        #: The largest answer read, in bytes as received (head and chunk framing included; a
        #: declared ``Content-Length`` is compared with it at once): more raises
        #: :class:`ResponseTooLarge`.
        self.max_body = max_body
        #: The same for an answer that does not declare its length (the smaller one counts).
        self.max_undeclared_body = max_undeclared_body
        # Our own socket stream doesn't yield when it needn't wait: see `yielded`.
        inner = getattr(stream, "transport_stream", stream)  # under TLS: the TCP stream
        self._raw = inner if isinstance(inner, SocketStream) else None
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
        # Requests left that read at once instead of yielding first (see roundtrip).
        self._pre_read_yields_skipped = 0
        self.header_list: list[tuple[bytes, bytes]] = []
        self.header_map: Headers = _NO_HEADERS
        #: The request was sent completely and its answer is awaited or being read.
        self.awaiting_answer = False
        self._tick_waits = -1
        self._write_error: RequestMaybeSent | None = None
        self._received = 0
        self._got: list[bytes] | None = None
        self._reset(False, True)

    def _reset(self, skip_body: bool, header_map: bool) -> None:
        self._skip_body = skip_body
        self._use_map = header_map
        self.status = 0
        self.reason = ""
        self._reason = b""
        self._body: list[bytes] = []
        self._head_done = False
        self._informational = False
        self._informational_seen = 0
        self._done = False
        self._keep_alive = False
        self._spoiled = False
        self._next_tick = 0.0
        #: this answer's limit: max_body, or less once its head shows no declared length
        self._limit = self.max_body

    @property
    def yielded(self) -> bool:
        """Whether the last :meth:`roundtrip` yielded to the event loop; when it did not, the
        caller should checkpoint once it has put the connection back."""
        raw = self._raw
        return raw is None or raw.waited

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

    async def roundtrip(
        self,
        head: bytes | None,
        body: bytes | AsyncIterable[bytes] | None,
        *,
        skip_body: bool,
        header_map: bool,
        chunked: bool = False,
    ) -> None:
        """Send a request and read its complete response into :attr:`status`, :attr:`reason`,
        :attr:`header_map` (if ``header_map``) or :attr:`header_list`, and :meth:`body`.

        :param head: the request head, possibly followed by the whole body; None to go on
            reading the answer of the request in progress (see :meth:`resume`).
        :param body: the rest of the body: bytes, or chunks to send (framed if ``chunked``).
        :param skip_body: the request was HEAD: the response has no body whatever it says.
        :raises StaleConnection: the connection was reused and its first write failed before
            any byte was written, so nothing of this request was delivered.
        :raises RequestNotSent: writing failed before any byte was written.
        :raises RequestMaybeSent: the stream broke after bytes were written
            (:class:`ProtocolViolation`: the server sent something invalid or closed early;
            :class:`ResponseTooLarge`: the answer is over :attr:`max_body`).
        :raises DeadlineExceeded: the call's deadline passed (``sent`` and ``stage`` say how
            far the request got).

        If the caller is cancelled while :attr:`awaiting_answer` is set, the request was sent
        completely and :meth:`resume` can finish reading its answer (in another task).
        """
        stream = self.stream
        raw = self._raw
        waits_before_read = -1
        if head is not None:
            self.reusable = False
            self._reset(skip_body, header_map)
            await checkpoint_if_cancelled()  # nothing sent yet: the connection stays clean
            if raw is not None:
                raw.waited = False
                raw.sent_bytes = 0
            try:
                await stream.send(head)
            except _BROKEN as exc:
                written = raw is None or raw.sent_bytes != 0
                if self.reused and not written:
                    raise StaleConnection() from exc
                message = _describe(exc, "writing the request")
                if written:
                    raise RequestMaybeSent(message, stage=SENDING) from exc
                raise RequestNotSent(message, stage=SENDING) from exc
            except DeadlineExceeded as exc:
                exc.stage = SENDING
                exc.sent = raw is None or raw.sent_bytes != 0
                raise
            if body is not None:
                await self._send_rest(body, chunked)
            self.awaiting_answer = True
            if raw is not None and not raw.waited:
                if self._pre_read_yields_skipped:
                    self._pre_read_yields_skipped -= 1
                else:
                    # One turn of the event loop before reading: the server (and every other
                    # task) runs meanwhile, so the answer is usually there and is read without
                    # a readiness wait (a timeout scope and a poller registration), which costs
                    # several times more. When the answer was not there even so (a lone
                    # request to a slower server), the next requests on this connection skip
                    # the turn.
                    try:
                        await checkpoint()
                    except BaseException:
                        self._received, self._got = 0, []  # for resume(): nothing read yet
                        raise
                    raw.waited = True
                    waits_before_read = raw.waits

        parser = self._parser
        if head is None:  # resuming: where the interrupted read left off
            received, got = self._received, self._got
        else:
            received, got = 0, []  # got: what was received until the head was complete
        try:
            while True:
                try:
                    data = await stream.receive(READ_SIZE)
                except anyio.EndOfStream:
                    self._on_eof(received)
                    break
                except _BROKEN as exc:
                    raise RequestMaybeSent(_describe(exc, "reading the response"),
                                           stage=READING) from exc
                except DeadlineExceeded as exc:
                    exc.stage = READING
                    exc.sent = True
                    raise
                received += len(data)
                if got is not None:
                    got.append(data)
                try:
                    parser.feed_data(data)
                except _PARSER_ERRORS as exc:
                    if not self._done:
                        raise ProtocolViolation(f"invalid HTTP response: {exc}",
                                                stage=READING) from exc
                    self._spoiled = True  # garbage after a complete response
                if got is not None:
                    if self._head_done:
                        self._set_head(got)
                        got = None
                        if not self._done:
                            self._check_declared_size()
                    elif received > MAX_HEAD_SIZE:
                        raise ProtocolViolation(
                            f"response head larger than {MAX_HEAD_SIZE} bytes", stage=READING
                        )
                if received > self._limit:
                    raise self._too_large(None)
                if self._done:
                    break
                await self._long_read_tick()
        except ResponseTooLarge:
            raise
        except RequestMaybeSent:
            if self._write_error is not None:
                raise self._write_error from None
            raise
        except BaseException:
            self._received, self._got = received, got  # for resume() after a cancellation
            raise

        if raw is not None and 0 <= waits_before_read < raw.waits:
            self._pre_read_yields_skipped = PRE_READ_YIELD_BACKOFF
        self.awaiting_answer = False
        if self._write_error is not None:  # (set only when the body could not all be sent)
            self._write_error = None
            self._spoiled = True
        if skip_body:
            # The parser can't be told a response to HEAD has no body; start afresh.
            self._parser = httptools.HttpResponseParser(self)
        self.reusable = self._keep_alive and not self._spoiled

    async def resume(self) -> None:
        """Finish reading the answer of a request whose caller was cancelled while it was
        awaited (:attr:`awaiting_answer`). Same outcome and exceptions as :meth:`roundtrip`."""
        await self.roundtrip(None, None, skip_body=self._skip_body, header_map=self._use_map)

    async def wait_for_answer(self) -> None:
        """Wait until the answer of the interrupted request starts arriving (at once if some
        of it was read already). Cancel it to stop waiting."""
        raw = self._raw
        if self._received or raw is None:
            return
        await raw.wait_readable()

    async def _send_rest(self, body: bytes | AsyncIterable[bytes], chunked: bool) -> None:
        """Write the body that did not go out with the head (bodies over 16 KiB)."""
        raw = self._raw
        try:
            await self._send_body(body, chunked)
        except RequestMaybeSent as exc:
            # The server may have answered early (e.g. 413) and closed: read that answer.
            self._write_error = exc
        except DeadlineExceeded as exc:
            exc.stage = SENDING
            exc.sent = True
            raise
        else:
            if raw is not None and raw.waited and self.is_stale():
                # The body had to wait for the server to read it, and the answer was there
                # as soon as it was all sent: most likely an early answer (413, 401) from
                # a server that may not read the rest. Don't reuse the connection.
                self._spoiled = True

    async def _long_read_tick(self) -> None:
        """An answer that takes more than one read: every :data:`LONG_READ_TICK` seconds,
        check the call's deadline (a socket that always has data never waits, and only
        waits look at it) and give other tasks a turn unless the socket waited meanwhile."""
        now = time.monotonic()
        if now < self._next_tick:
            return
        first = self._next_tick == 0.0
        self._next_tick = now + LONG_READ_TICK
        if first:
            self._tick_waits = -1
            return
        if deadline_passed():
            raise DeadlineExceeded(sent=True, stage=READING)
        raw = self._raw
        if raw is not None and raw.waits != self._tick_waits:
            self._tick_waits = raw.waits  # it waited for the socket: other tasks ran
            return
        await checkpoint()

    def _check_declared_size(self) -> None:
        """Refuse at once an answer whose ``Content-Length`` is over :attr:`max_body`; hold
        one without a ``Content-Length`` to :attr:`max_undeclared_body` as well."""
        if self._use_map:
            length = self.header_map.get("content-length")
        else:
            length = next((value.decode("latin-1") for name, value in self.header_list
                           if name.lower() == b"content-length"), None)
        if length is None:
            self._limit = min(self.max_body, self.max_undeclared_body)
            return
        try:
            declared = int(length)
        except ValueError:  # the parser accepted it, so this does not happen
            return
        if declared > self.max_body:
            raise self._too_large(declared)

    def _too_large(self, declared: int | None) -> ResponseTooLarge:
        limit = self._limit
        if declared is not None:
            what = f"declares {declared:,} bytes, over the client's max_response_size"
        elif limit < self.max_body:  # (only an undeclared length lowers it)
            what = ("does not declare its length and is over the client's "
                    "max_undeclared_response_size")
        else:
            what = "is over the client's max_response_size"
        return ResponseTooLarge(
            f"the answer (HTTP {self.status}) {what} of {limit:,} bytes",
            limit=limit,
            status_code=self.status or None,
        )

    async def _send_body(self, body: bytes | AsyncIterable[bytes], chunked: bool) -> None:
        stream = self.stream
        try:
            if isinstance(body, (bytes, bytearray, memoryview)):
                await stream.send(body)
                return
            async for chunk in body:
                if chunk:
                    await stream.send(frame_chunk(chunk) if chunked else chunk)
            if chunked:
                await stream.send(b"0\r\n\r\n")
        except _BROKEN as exc:
            raise RequestMaybeSent(_describe(exc, "writing the request body"),
                                   stage=SENDING) from exc

    def _set_head(self, chunks: list[bytes]) -> None:
        """Keep the final response's head (after any 1xx ones) from the bytes received."""
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        start = 0
        for _ in range(self._informational_seen):
            start = data.index(b"\r\n\r\n", start) + 4
        head = data[start : data.index(b"\r\n\r\n", start)]
        if self._use_map:
            self.header_map = Headers(head)
        else:
            self.header_list = raw_pairs(head)

    def body(self) -> bytes:
        """The body of the response just received (the connection lets go of it: an idle
        connection holds no answer)."""
        body = self._body
        self._body = []
        if len(body) == 1:
            return body[0]
        return b"".join(body)

    def _on_eof(self, received: int) -> None:
        if received == 0:
            raise ProtocolViolation("server disconnected without sending a response",
                                    stage=READING)
        if self._head_done and not self._done and self._body_until_close():
            self._done = True
            self._keep_alive = False
            return
        raise ProtocolViolation("server closed the connection mid-response", stage=READING)

    def _body_until_close(self) -> bool:
        if self._use_map:
            headers = self.header_map
            return "content-length" not in headers and (
                "chunked" not in headers.get("transfer-encoding", "").lower()
            )
        for name, value in self.header_list:
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

    def on_headers_complete(self) -> None:
        parser = self._parser
        status = parser.get_status_code()
        if status < 200:
            self._informational = True
            return
        self.status = status
        reason = self._reason
        self.reason = _REASONS.get(reason) or reason.decode("latin-1")
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
            self._informational_seen += 1
            self._reason = b""
            return
        self._done = True


_NO_HEADERS = Headers(b"")


def frame_chunk(data: bytes) -> bytes:
    """Frame ``data`` as one chunk of a chunked body."""
    return b"".join((b"%x\r\n" % len(data), data, b"\r\n"))


def _describe(exc: BaseException, doing: str) -> str:
    detail = str(exc)
    if not detail and exc.__cause__ is not None:
        detail = str(exc.__cause__)
    return f"{type(exc).__name__} while {doing}" + (f": {detail}" if detail else "")
