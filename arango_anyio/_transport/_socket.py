"""A TCP byte stream over a plain non-blocking socket, driven with AnyIO's readiness waits.

AnyIO's own socket streams cost several system calls per read on asyncio (the transport resumes
and pauses reading around every ``receive``, i.e. two ``epoll_ctl`` calls) and extra bookkeeping
on trio. A request/response client mostly finds its answer already waiting, so this stream tries
the system call first and only waits (``anyio.wait_readable``/``wait_writable``) when the socket
is not ready. It does not checkpoint when it does not wait: :attr:`SocketStream.waited` tells
the caller whether it did, so the caller can checkpoint once per request instead.

Closing from another task while one waits on the socket is safe: the socket is shut down (which
wakes the waiter), and the waiter closes it and raises :class:`anyio.ClosedResourceError`.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable, Mapping
from typing import Any

import anyio
from anyio.abc import ByteStream, SocketAttribute

from arango_anyio._transport.deadline import CALL_DEADLINE, deadline_scope, raise_if_expired


class SocketStream(ByteStream):
    """A connected non-blocking TCP socket as an AnyIO byte stream."""

    __slots__ = ("_closed", "_sock", "_waiting", "sent_bytes", "waited", "waits")

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._closed = False
        self._waiting = False
        #: Set whenever an operation waited (so it yielded to the event loop); the user resets it.
        self.waited = False
        #: How many times an operation had to wait for the socket.
        self.waits = 0
        #: Bytes written since the user last set it to 0 (what tells whether a request left
        #: the client).
        self.sent_bytes = 0

    @property
    def extra_attributes(self) -> Mapping[Any, Callable[[], Any]]:
        sock = self._sock
        return {
            SocketAttribute.family: lambda: sock.family,
            SocketAttribute.local_address: sock.getsockname,
            SocketAttribute.remote_address: sock.getpeername,
            SocketAttribute.raw_socket: lambda: sock,
        }

    async def _wait(self, readable: bool) -> None:
        """Wait until the socket is ready, within the call's deadline if one is set
        (:mod:`arango_anyio._transport.deadline`): :class:`DeadlineExceeded` when it passes."""
        self.waited = True
        self.waits += 1
        self._waiting = True
        wait = anyio.wait_readable if readable else anyio.wait_writable
        try:
            if CALL_DEADLINE.get() is None:
                await wait(self._sock)
            else:
                with deadline_scope() as scope:
                    await wait(self._sock)
                raise_if_expired(scope)
        finally:
            self._waiting = False
            if self._closed:
                self._sock.close()  # closed by another task while we waited: ours to finish
        if self._closed:
            raise anyio.ClosedResourceError

    async def wait_readable(self) -> None:
        """Wait until there is something to read (or the peer closed)."""
        if self._closed:
            raise anyio.ClosedResourceError
        await self._wait(True)

    async def receive(self, max_bytes: int = 65536) -> bytes:
        sock = self._sock
        while True:
            if self._closed:
                raise anyio.ClosedResourceError
            try:
                data = sock.recv(max_bytes)
            except BlockingIOError:
                await self._wait(True)
                continue
            except OSError as exc:
                raise anyio.BrokenResourceError(exc) from exc
            if not data:
                raise anyio.EndOfStream
            return data

    async def send(self, item: bytes) -> None:
        sock = self._sock
        view: memoryview | None = None
        remaining = len(item)
        while True:
            if self._closed:
                raise anyio.ClosedResourceError
            try:
                sent = sock.send(item if view is None else view)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                raise anyio.BrokenResourceError(exc) from exc
            self.sent_bytes += sent
            remaining -= sent
            if remaining <= 0:
                return
            view = memoryview(item)[len(item) - remaining :]
            await self._wait(False)

    async def send_eof(self) -> None:
        if self._closed:
            raise anyio.ClosedResourceError
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            raise anyio.BrokenResourceError(exc) from exc

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        """Close now (no await needed). If a task waits on the socket, it is woken instead and
        closes the socket itself."""
        if self._closed:
            return
        self._closed = True
        if self._waiting:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already reset: the waiter wakes anyway
                pass
        else:
            self._sock.close()


#: Seconds before the next address is tried while the previous attempt is still pending
#: (RFC 8305 "happy eyeballs"); a failed attempt starts the next one at once.
HAPPY_EYEBALLS_DELAY = 0.25


async def connect(host: str, port: int) -> SocketStream:
    """Open a TCP connection to ``host:port``. When the name has several addresses they are
    tried in order, each one starting when the previous failed or after
    :data:`HAPPY_EYEBALLS_DELAY`; the first connected wins and the others are dropped.

    :raises OSError: name resolution or every connection attempt failed.
    """
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos:
        raise OSError(errno.EHOSTUNREACH, f"no address for {host}")
    if len(infos) == 1:
        return await _attempt(infos[0])
    won: list[SocketStream] = []
    errors: list[OSError] = []
    failed = [anyio.Event() for _ in infos]

    async def attempt(index: int, info: _AddrInfo, scope: anyio.CancelScope) -> None:
        if index:
            with anyio.move_on_after(HAPPY_EYEBALLS_DELAY):
                await failed[index - 1].wait()
        try:
            stream = await _attempt(info)
        except OSError as exc:
            errors.append(exc)
            failed[index].set()
            return
        if won:  # another attempt connected first
            stream.close()
        else:
            won.append(stream)
            scope.cancel()

    try:
        async with anyio.create_task_group() as tg:
            for index, info in enumerate(infos):
                tg.start_soon(attempt, index, info, tg.cancel_scope)
    except BaseException:
        for stream in won:
            stream.close()
        raise
    if won:
        return won[0]
    raise errors[0]


_AddrInfo = tuple[Any, Any, int, str, Any]


async def _attempt(info: _AddrInfo) -> SocketStream:
    family, kind, proto, _, address = info
    sock = socket.socket(family, kind, proto)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.connect(address)
        except BlockingIOError:
            await anyio.wait_writable(sock)
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise OSError(code, os.strerror(code)) from None
    except BaseException:
        sock.close()
        raise
    return SocketStream(sock)
