"""The connection pool of one host.

All bookkeeping is synchronous: checking a connection out or in, reserving a slot to open a new
connection, queueing and waking waiters. The only awaits are opening a connection, closing
connections (always shielded) and waiting for a turn. Waiters are served first come, first
served: a connection coming back goes straight to the oldest waiter, and so does the slot of a
connection that was closed.
"""

from __future__ import annotations

import ssl
import time
from collections import deque

import anyio
from anyio.abc import ByteStream
from anyio.streams.tls import TLSStream

from arango_anyio._transport._http11 import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_UNDECLARED_BODY,
    HTTP11Connection,
)
from arango_anyio._transport._models import HostPoolStatistics
from arango_anyio._transport._socket import connect
from arango_anyio._transport.deadline import (
    CALL_DEADLINE,
    DeadlineExceeded,
    deadline_scope,
    raise_if_expired,
)
from arango_anyio._transport.errors import (
    CONNECTING,
    QUEUED,
    TLS,
    CertificateRejected,
    ConnectFailed,
    ConnectTimedOut,
    TransportClosed,
)

_SLOT = object()  # the waiter was given the right to open a new connection
_CLOSED = object()  # the pool closed while the waiter waited


def closed_error(stage: str) -> TransportClosed:
    """The error of a request that found the transport closed before it was sent."""
    return TransportClosed("the transport is closed", sent=False, stage=stage)


class _Waiter:
    __slots__ = ("event", "result")

    def __init__(self) -> None:
        self.event = anyio.Event()
        self.result: object = None


class HostPool:
    """Keep-alive connections to one ``scheme://host:port``, at most ``max_connections``."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None,
        max_connections: int,
        idle_timeout: float,
        connect_timeout: float | None,
        max_body: int = DEFAULT_MAX_BODY,
        max_undeclared_body: int = DEFAULT_MAX_UNDECLARED_BODY,
    ) -> None:
        self.host = host
        self.port = port
        self._ssl_context = ssl_context
        self._max = max_connections
        self._idle_timeout = idle_timeout
        self._connect_timeout = connect_timeout
        self._idle: deque[HTTP11Connection] = deque()  # oldest left, most recently used right
        self._in_use: set[HTTP11Connection] = set()
        self._connecting = 0
        self._waiters: deque[_Waiter] = deque()
        self._closed = False
        self._max_body = max_body
        self._max_undeclared_body = max_undeclared_body
        # One scope per connection being opened: closing the pool cancels them.
        self._connect_scopes: set[anyio.CancelScope] = set()

    def statistics(self) -> HostPoolStatistics:
        idle = len(self._idle)
        in_use = len(self._in_use)
        return HostPoolStatistics(
            open=idle + in_use + self._connecting,
            idle=idle,
            in_use=in_use,
            connecting=self._connecting,
            waiting=len(self._waiters),
        )

    # -- checkout --------------------------------------------------------------------------------

    def checkout(self) -> HTTP11Connection | None:
        """The most recently used idle connection, if it is live and nothing needs closing;
        otherwise None (then call :meth:`acquire`)."""
        idle = self._idle
        if idle and idle[0].idle_since >= time.monotonic() - self._idle_timeout:
            conn = idle[-1]
            if not conn.is_stale():
                idle.pop()
                self._in_use.add(conn)
                return conn
        return None

    async def acquire(self) -> HTTP11Connection:
        """Check out a connection: a live idle one, a new one, or the next one free.

        Waits within the call's deadline (:mod:`arango_anyio._transport.deadline`).

        :raises DeadlineExceeded: with ``stage`` :data:`QUEUED`, :data:`CONNECTING` or
            :data:`TLS`; nothing was sent.
        :raises TransportClosed: the pool was closed; nothing was sent.
        :raises ConnectFailed, ConnectTimedOut, CertificateRejected: opening failed.
        """
        if self._closed:
            raise closed_error(QUEUED)
        conn: HTTP11Connection | None = None
        discard: list[HTTP11Connection] = []
        idle = self._idle
        if idle:
            expired_before = time.monotonic() - self._idle_timeout
            while idle and idle[0].idle_since < expired_before:
                discard.append(idle.popleft())
            while idle:
                candidate = idle.pop()
                if candidate.is_stale():
                    discard.append(candidate)
                else:
                    conn = candidate
                    break
        if conn is not None:
            self._in_use.add(conn)
            if discard:
                await _close_all(discard)
            return conn
        if self._waiters or len(self._idle) + len(self._in_use) + self._connecting >= self._max:
            waiter = _Waiter()
            self._waiters.append(waiter)
            if discard:
                await _close_all(discard)
            return await self._wait(waiter)
        self._connecting += 1
        if discard:
            await _close_all(discard)
        return await self._open_reserved()

    async def _wait(self, waiter: _Waiter) -> HTTP11Connection:
        try:
            if CALL_DEADLINE.get() is None:
                await waiter.event.wait()
            else:
                with deadline_scope() as scope:
                    await waiter.event.wait()
                raise_if_expired(scope, stage=QUEUED)
        except BaseException:
            self._abandon(waiter)
            raise
        result = waiter.result
        if self._closed:
            raise closed_error(QUEUED)
        if isinstance(result, HTTP11Connection):
            if not result.is_stale():
                return result
            # Closed by the server as it was handed over: open a new one in its place.
            self._in_use.discard(result)
            self._connecting += 1
            await result.aclose()
        return await self._open_reserved()

    def _abandon(self, waiter: _Waiter) -> None:
        """The waiter stopped waiting (cancelled, deadline): give back what it was given."""
        result = waiter.result
        if result is None:
            self._waiters.remove(waiter)
        elif isinstance(result, HTTP11Connection):
            self.release(result)
        elif result is _SLOT:
            self._release_slot()

    async def _open_reserved(self) -> HTTP11Connection:
        """Open a connection in a slot already counted in ``_connecting``."""
        try:
            conn = HTTP11Connection(await self._connect(), max_body=self._max_body,
                                    max_undeclared_body=self._max_undeclared_body)
        except BaseException:
            self._release_slot()
            raise
        self._connecting -= 1
        if self._closed:
            await conn.aclose()
            raise closed_error(TLS if self._ssl_context is not None else CONNECTING)
        self._in_use.add(conn)
        return conn

    async def _connect(self) -> ByteStream:
        """Open the TCP connection (and TLS) within ``connect_timeout`` and the call's
        deadline; closing the pool cancels it."""
        where = f"{self.host}:{self.port}"
        stage = CONNECTING
        with anyio.CancelScope() as closing:
            self._connect_scopes.add(closing)
            try:
                with deadline_scope(), anyio.fail_after(self._connect_timeout):
                    stream = await connect(self.host, self.port)
                    if self._ssl_context is None:
                        return stream
                    stage = TLS
                    try:
                        return await TLSStream.wrap(
                            stream,
                            hostname=self.host,
                            ssl_context=self._ssl_context,
                            standard_compatible=False,
                        )
                    except BaseException:
                        stream.close()
                        raise
            except TimeoutError as exc:
                raise ConnectTimedOut(f"timed out {_DOING[stage]} {where}", stage=stage) from exc
            except ssl.SSLCertVerificationError as exc:
                raise CertificateRejected(
                    f"the TLS certificate of {where} failed verification: {exc}", stage=TLS
                ) from exc
            except (OSError, anyio.BrokenResourceError, anyio.EndOfStream) as exc:
                raise ConnectFailed(
                    f"could not connect to {where}: {exc or type(exc).__name__}", stage=stage
                ) from exc
            except DeadlineExceeded as exc:  # a TLS read or write waited past the deadline
                exc.stage = stage
                exc.sent = False
                raise
            finally:
                self._connect_scopes.discard(closing)
        if closing.cancelled_caught:
            raise closed_error(stage)
        raise DeadlineExceeded(stage=stage)  # the call's deadline ended the attempt

    # -- checkin ---------------------------------------------------------------------------------

    def release(self, conn: HTTP11Connection) -> bool:
        """Take back a connection that finished a response cleanly; False if it must be closed."""
        self._in_use.discard(conn)
        if self._closed or conn.closed:
            self._free_slot()
            return False
        conn.reused = True
        if self._waiters:
            waiter = self._waiters.popleft()
            self._in_use.add(conn)
            waiter.result = conn
            waiter.event.set()
        else:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        return True

    def discard(self, conn: HTTP11Connection) -> None:
        """Forget a connection that will be closed (failed, cancelled, or not keep-alive)."""
        self._in_use.discard(conn)
        self._free_slot()

    def _release_slot(self) -> None:
        self._connecting -= 1
        self._free_slot()

    def _free_slot(self) -> None:
        if self._waiters and not self._closed:
            waiter = self._waiters.popleft()
            self._connecting += 1
            waiter.result = _SLOT
            waiter.event.set()

    def take_idle_to_close(self) -> list[HTTP11Connection]:
        """Take out of the pool the idle connections that are past ``idle_timeout`` or were
        closed by the server, and return them to be closed."""
        idle = self._idle
        if not idle:
            return []
        expired_before = time.monotonic() - self._idle_timeout
        keep: deque[HTTP11Connection] = deque()
        out: list[HTTP11Connection] = []
        for conn in idle:
            if conn.idle_since < expired_before or conn.is_stale():
                out.append(conn)
            else:
                keep.append(conn)
        self._idle = keep
        for _ in out:
            self._free_slot()
        return out

    def close(self) -> list[HTTP11Connection]:
        """Mark the pool closed, wake every waiter, stop every connection being opened;
        return the connections to close."""
        self._closed = True
        for scope in self._connect_scopes:
            scope.cancel()
        conns = [*self._idle, *self._in_use]
        self._idle.clear()
        self._in_use.clear()
        waiters, self._waiters = self._waiters, deque()
        for waiter in waiters:
            waiter.result = _CLOSED
            waiter.event.set()
        return conns


_DOING = {CONNECTING: "connecting to", TLS: "in the TLS handshake with"}


async def _close_all(conns: list[HTTP11Connection]) -> None:
    for conn in conns:
        await conn.aclose()
