"""One coordinator's listening socket, which fault injection can close and reopen at once.

The socket is plain and non-blocking so that taking the coordinator down closes it
synchronously (``connection refused`` from the next connect on) and bringing it up rebinds the
same port before :meth:`Faults.up` returns. :meth:`CoordinatorListener.run` accepts connections
and serves each one in a task of its own; going down also drops the open connections.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Awaitable, Callable

import anyio
from anyio.abc import SocketStream, TaskGroup

logger = logging.getLogger("arango_anyio.testing")

#: ``serve(stream)``: answer requests on one accepted connection, then close it.
ConnectionHandler = Callable[[SocketStream], Awaitable[None]]

_ACCEPT_BATCH = 64


class CoordinatorListener:
    """The listening socket of coordinator ``coordinator`` at ``host:port``."""

    def __init__(self, coordinator: str, host: str, port: int) -> None:
        self.coordinator = coordinator
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self._connections: anyio.CancelScope | None = None
        self._wakeup: anyio.Event | None = None

    def __repr__(self) -> str:
        state = "listening" if self._sock is not None else "closed"
        return f"<CoordinatorListener {self.coordinator} {self.host}:{self.port} {state}>"

    @property
    def listening(self) -> bool:
        """True while connections are accepted."""
        return self._sock is not None

    def open(self) -> None:
        """Bind and listen (synchronously); the first call fixes :attr:`port` if it was 0."""
        if self._sock is not None:
            return
        infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
        # IPv4 first: "localhost" must answer clients that try 127.0.0.1 first
        infos.sort(key=lambda info: info[0] != socket.AF_INET)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(1024)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._sock = sock
        if self._wakeup is not None:
            self._wakeup.set()

    def close(self) -> None:
        """Stop listening and drop every open connection (synchronously)."""
        sock, self._sock = self._sock, None
        if sock is not None:
            anyio.notify_closing(sock)
            sock.close()
        if self._connections is not None:
            self._connections.cancel()

    async def run(self, handler: ConnectionHandler) -> None:
        """Accept connections while listening; wait while closed. Runs until cancelled."""
        while True:
            sock = self._sock
            if sock is None:
                self._wakeup = anyio.Event()
                await self._wakeup.wait()
                continue
            with anyio.CancelScope() as scope:
                self._connections = scope
                async with anyio.create_task_group() as connections:
                    await self._accept(sock, handler, connections)
                    connections.cancel_scope.cancel()
            self._connections = None

    async def _accept(self, sock: socket.socket, handler: ConnectionHandler,
                      connections: TaskGroup) -> None:
        while sock is self._sock:
            try:
                await anyio.wait_readable(sock)
            except (anyio.ClosedResourceError, OSError):
                return
            for _ in range(_ACCEPT_BATCH):
                if sock is not self._sock:
                    return
                try:
                    client, _ = sock.accept()
                except BlockingIOError:
                    break
                except OSError as error:  # e.g. out of file descriptors: back off a little
                    logger.warning("accept failed on %s: %s", self.coordinator, error)
                    await anyio.sleep(0.05)
                    break
                connections.start_soon(self._serve_one, client, handler)

    @staticmethod
    async def _serve_one(client: socket.socket, handler: ConnectionHandler) -> None:
        try:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            stream = await SocketStream.from_socket(client)
        except BaseException:
            client.close()
            raise
        await handler(stream)
