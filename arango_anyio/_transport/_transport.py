"""The transport: routes requests to per-host pools; a fast path and the httpx path."""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from urllib.parse import urlsplit

import anyio
import httpx
from anyio.lowlevel import checkpoint

from arango_anyio._transport._http11 import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_UNDECLARED_BODY,
    HTTP11Connection,
    StaleConnection,
    frame_chunk,
)
from arango_anyio._transport._models import PoolStatistics, RawResponse
from arango_anyio._transport._pool import HostPool, closed_error
from arango_anyio._transport.errors import (
    QUEUED,
    InvalidRequest,
    ServerStillWorking,
    TransportClosed,
    TransportError,
)
from arango_anyio._transport.handoff import ANSWER_GRACE, HANDOFF

# Bodies up to this size go out in the same write as the head; bigger ones are not copied.
_JOIN_BODY_LIMIT = 16384
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Framing headers the fast path writes itself; a caller's copy is dropped. Checking the name's
# length first keeps the per-header cost near zero.
_OWN_HEADERS = frozenset({"host", "content-length", "transfer-encoding"})
_OWN_HEADER_LENGTHS = frozenset(len(name) for name in _OWN_HEADERS)
# Control characters other than CR and LF (counted separately) and TAB: never in a head.
# (The fast path leaves them to its caller: the connection checks every header value that
# does not come from itself before anything is sent.)
_CONTROLS = bytes([*range(0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), 0x7F])

#: A request normally gives the event loop a turn between sending and reading
#: (:meth:`HTTP11Connection.roundtrip`). One that did not have to (its connection skips that
#: turn for a while, and the answer was there at once) ends without another: a turn costs a
#: loop pass. So that a busy task can't starve the others or outrun its deadlines, it yields
#: anyway once this many seconds went by since a request last gave the event loop a turn.
YIELD_INTERVAL = 0.001


class _LastYield:
    """When a request last gave the event loop a turn (shared by all transports: only one
    task runs at a time, so "the loop had a turn recently" is what matters)."""

    at = 0.0


def _should_yield(yielded: bool) -> bool:
    """Whether a request that just ended should still give the event loop a turn: not if it
    did (``yielded``) or one did very recently."""
    now = time.monotonic()
    if yielded:
        _LastYield.at = now
        return False
    if now - _LastYield.at >= YIELD_INTERVAL:
        _LastYield.at = now
        return True
    return False


class ArangoTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 keep-alive connection pools (one per host) on AnyIO streams.

    Use it as the transport of an ``httpx.AsyncClient``, or call :meth:`request` directly for
    complete in-memory requests without building httpx objects.

    A connection is reused only after a complete response; a request that fails or is cancelled
    midway closes its connection. An idle connection closed by the server is noticed before
    reuse, so a request that was not sent never fails because of it.

    :param max_connections: the most connections open at once per host; further requests wait
        their turn in arrival order.
    :param idle_timeout: seconds an unused connection stays in the pool.
    :param ssl_context: TLS settings for ``https`` hosts
        (default: ``ssl.create_default_context()``).
    :param connect_timeout: seconds allowed to connect (and complete the TLS handshake);
        ``None`` for no limit.
    :param max_response_size: the largest answer body read, in bytes (as received, before
        any decompression); a larger one raises
        :class:`~arango_anyio._transport.errors.ResponseTooLarge` and its connection is
        closed. Default 1 GiB.
    :param max_undeclared_response_size: the same for an answer that does not declare its
        length (chunked, or ended by closing the connection); the smaller limit counts.
        Default 64 MiB.

    Failures raise the transport's own exceptions
    (:mod:`arango_anyio._transport.errors`) on the fast path, httpx's on the httpx path.
    """

    def __init__(
        self,
        *,
        max_connections: int = 64,
        idle_timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        connect_timeout: float | None = 10.0,
        max_response_size: int = DEFAULT_MAX_BODY,
        max_undeclared_response_size: int = DEFAULT_MAX_UNDECLARED_BODY,
    ) -> None:
        if max_connections < 1:
            raise ValueError("max_connections must be at least 1")
        if max_response_size < 1:
            raise ValueError("max_response_size must be at least 1")
        if max_undeclared_response_size < 1:
            raise ValueError("max_undeclared_response_size must be at least 1")
        self._max_response_size = max_response_size
        self._max_undeclared_response_size = max_undeclared_response_size
        self._max_connections = max_connections
        self._idle_timeout = idle_timeout
        self._ssl_context = ssl_context
        self._connect_timeout = connect_timeout
        self._pools: dict[tuple[str, str, int], HostPool] = {}
        # "scheme://authority" as written in request URLs -> (pool, Host header)
        self._routes: dict[str, tuple[HostPool, str]] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"<ArangoTransport hosts={len(self._pools)} closed={self._closed}>"

    # -- fast path -------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        body: bytes | None,
    ) -> RawResponse:
        """Send one request and read the whole response.

        :param url: absolute and already encoded: ``http(s)://host:port/path?query``.
        :param headers: request headers; ``Host`` and ``Content-Length`` are added here.
        :param body: the complete body, or ``None``.
        :return: the response; its body is exactly as received (not decompressed).
        :raises TransportError: see :mod:`arango_anyio._transport.errors`.
        """
        slash = url.find("/", 8)  # 8 = len("https://"): the path starts after the authority
        origin, target = url[:slash], url[slash:]
        if slash < 0 or "?" in origin:  # no path: "http://host:port" or "http://host:port?q"
            origin, query_mark, query = url.partition("?")
            target = "/" + query_mark + query
        route = self._routes.get(origin)
        if route is None:
            route = self._add_route(origin)
        pool, host_header = route

        text = f"{method} {target} HTTP/1.1\r\nHost: {host_header}\r\n"
        lines = 3
        if headers:
            fields = [
                f"{name}: {value}\r\n"
                for name, value in headers.items()
                if len(name) not in _OWN_HEADER_LENGTHS or name.lower() not in _OWN_HEADERS
            ]
            lines += len(fields)
            text += "".join(fields)
        if body is not None:
            text += f"Content-Length: {len(body)}\r\n"
            lines += 1
        text += "\r\n"
        # Each line adds exactly one CR and one LF: any other CR or LF was smuggled into a name,
        # a value, the method or the URL.
        if text.count("\n") != lines or text.count("\r") != lines:
            raise InvalidRequest("CR or LF in the request line or a header")
        try:
            head = text.encode("latin-1")
        except UnicodeEncodeError as exc:
            raise InvalidRequest(f"request head is not latin-1: {exc}") from None

        if body and len(body) <= _JOIN_BODY_LIMIT:
            head += body
            body = None
        conn = await self._roundtrip(pool, head, body, method == "HEAD", True)
        response = RawResponse(conn.status, conn.reason, conn.header_map, conn.body())
        if not (conn.reusable and pool.release(conn)):
            await self._drop(pool, conn)
        if _should_yield(conn.yielded):
            try:
                await checkpoint()
            except BaseException:
                handoff = HANDOFF.get()
                if handoff is not None:  # cancelled with the answer in hand: pass it on
                    handoff.resume = _ready(response)
                raise
        return response

    async def _roundtrip(
        self,
        pool: HostPool,
        head: bytes,
        body: bytes | AsyncIterable[bytes] | None,
        skip_body: bool,
        header_map: bool,
        chunked: bool = False,
    ) -> HTTP11Connection:
        """Send a request on a connection of ``pool`` and read its response. The connection is
        returned still checked out; on failure it is already discarded and closed, except when
        a fast-path caller with a :data:`~arango_anyio._transport.handoff.HANDOFF` is
        cancelled while its answer is awaited: then the connection stays checked out and the
        handoff's ``resume`` finishes the request."""
        conn = pool.checkout() or await pool.acquire()
        while True:
            try:
                await conn.roundtrip(
                    head, body, skip_body=skip_body, header_map=header_map, chunked=chunked
                )
                return conn
            except StaleConnection:
                await self._drop(pool, conn)
            except BaseException as exc:
                if (header_map and conn.awaiting_answer and not self._closed
                        and isinstance(exc, anyio.get_cancelled_exc_class())):
                    handoff = HANDOFF.get()
                    if handoff is not None:
                        handoff.resume = self._resumer(pool, conn)
                        raise
                await self._drop(pool, conn)
                if self._closed and isinstance(exc, TransportError):
                    # aclose() closed the connection under the request
                    raise TransportClosed("the transport was closed during the request",
                                          sent=exc.sent, stage=exc.stage) from exc
                raise
            conn = await pool.acquire()

    def _resumer(self, pool: HostPool, conn: HTTP11Connection) -> _Resume:
        async def resume() -> RawResponse:
            try:
                with anyio.move_on_after(ANSWER_GRACE) as grace:
                    await conn.wait_for_answer()
                if grace.cancelled_caught:
                    raise ServerStillWorking(
                        f"no answer within {ANSWER_GRACE} s: hung up, so the server stops the "
                        "work of a client that is gone")
                await conn.resume()
            except BaseException:
                await self._drop(pool, conn)
                raise
            response = RawResponse(conn.status, conn.reason, conn.header_map, conn.body())
            if not (conn.reusable and pool.release(conn)):
                await self._drop(pool, conn)
            return response

        return resume

    @staticmethod
    async def _drop(pool: HostPool, conn: HTTP11Connection) -> None:
        """Take ``conn`` out of ``pool`` and close it."""
        pool.discard(conn)
        await conn.aclose()

    def _add_route(self, origin: str) -> tuple[HostPool, str]:
        if self._closed:
            raise closed_error(QUEUED)
        parts = urlsplit(origin)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise InvalidRequest(f"unsupported URL: {origin!r}")
        port = parts.port or _DEFAULT_PORTS[scheme]
        pool = self._pool(scheme, parts.hostname, port)
        route = (pool, _host_header(scheme, parts.hostname, port))
        self._routes[origin] = route
        return route

    def _pool(self, scheme: str, host: str, port: int) -> HostPool:
        if self._closed:
            raise closed_error(QUEUED)
        key = (scheme, host, port)
        pool = self._pools.get(key)
        if pool is None:
            context: ssl.SSLContext | None = None
            if scheme == "https":
                if self._ssl_context is None:
                    self._ssl_context = ssl.create_default_context()
                context = self._ssl_context
            pool = HostPool(
                host=host,
                port=port,
                ssl_context=context,
                max_connections=self._max_connections,
                idle_timeout=self._idle_timeout,
                connect_timeout=self._connect_timeout,
                max_body=self._max_response_size,
                max_undeclared_body=self._max_undeclared_response_size,
            )
            self._pools[key] = pool
        return pool

    # -- httpx path ------------------------------------------------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send an ``httpx.Request`` (its body may be a stream) and return an ``httpx.Response``
        with the full body loaded; httpx decodes any content-encoding as usual. Failures are
        httpx's exceptions."""
        try:
            return await self._handle(request)
        except TransportError as exc:
            raise exc.as_httpx() from exc

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in _DEFAULT_PORTS or not url.host:
            raise httpx.UnsupportedProtocol(f"unsupported URL: {url}")
        pool = self._pool(scheme, url.host, url.port or _DEFAULT_PORTS[scheme])

        method = request.method.encode("ascii")
        lines = [method, b" ", url.raw_path, b" HTTP/1.1\r\n"]
        chunked = False
        has_length = False
        for name, value in request.headers.raw:
            lines += (name, b": ", value, b"\r\n")
            lower = name.lower()
            if lower == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif lower == b"content-length":
                has_length = True
        lines.append(b"\r\n")
        head = b"".join(lines)
        n_lines = len(request.headers.raw) + 2
        if head.count(b"\n") != n_lines or head.count(b"\r") != n_lines:
            raise InvalidRequest("CR or LF in the request line or a header")
        if len(head.translate(None, _CONTROLS)) != len(head):
            raise InvalidRequest("a control character in the request line or a header")

        body: bytes | AsyncIterable[bytes] | None
        try:
            content = request.content
        except httpx.RequestNotRead:
            stream = request.stream
            if not isinstance(stream, httpx.AsyncByteStream):
                raise TypeError("the request body must be an async stream") from None
            if not (chunked or has_length):
                raise httpx.LocalProtocolError(
                    "a streamed request body needs Content-Length or Transfer-Encoding: chunked"
                ) from None
            body = stream
        else:
            if chunked:
                content = (frame_chunk(content) if content else b"") + b"0\r\n\r\n"
            body = content or None
            if body and len(body) <= _JOIN_BODY_LIMIT:
                head += body
                body = None

        conn = await self._roundtrip(pool, head, body, method == b"HEAD", False, chunked)
        response = httpx.Response(
            conn.status,
            headers=conn.header_list,
            stream=httpx.ByteStream(conn.body()),
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": conn.reason.encode("latin-1"),
            },
        )
        if not (conn.reusable and pool.release(conn)):
            await self._drop(pool, conn)
        if _should_yield(conn.yielded):
            await checkpoint()
        return response

    # -- introspection and closing ---------------------------------------------------------------

    def statistics(self) -> PoolStatistics:
        """Connection figures summed over all hosts and per host (``scheme://host:port``)."""
        hosts = {
            f"{scheme}://{_authority(host, port)}": pool.statistics()
            for (scheme, host, port), pool in self._pools.items()
        }
        return PoolStatistics.combine(hosts)

    async def close_idle_connections(self) -> int:
        """Close the idle connections that are past ``idle_timeout`` or were closed by the
        server; returns how many."""
        conns = [conn for pool in self._pools.values() for conn in pool.take_idle_to_close()]
        if conns:
            with anyio.CancelScope(shield=True):
                for conn in conns:
                    await conn.aclose()
        return len(conns)

    async def aclose(self) -> None:
        """Close every connection, idle or in use, and refuse further requests. Idempotent."""
        if self._closed:
            return
        self._closed = True
        conns = [conn for pool in self._pools.values() for conn in pool.close()]
        self._routes.clear()
        with anyio.CancelScope(shield=True):
            for conn in conns:
                await conn.aclose()


_Resume = Callable[[], Awaitable[RawResponse]]


def _ready(response: RawResponse) -> _Resume:
    """A resume function for an answer already read."""

    async def resume() -> RawResponse:
        return response

    return resume


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _host_header(scheme: str, host: str, port: int) -> str:
    if port == _DEFAULT_PORTS[scheme]:
        return f"[{host}]" if ":" in host else host
    return _authority(host, port)
