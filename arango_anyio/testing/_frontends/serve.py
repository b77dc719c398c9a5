"""``serve()``: the emulator over real HTTP/1.1 on loopback, one port per coordinator."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
from anyio.abc import SocketStream

from arango_anyio.testing._frontends.http_connection import serve_connection
from arango_anyio.testing._frontends.listener import ConnectionHandler, CoordinatorListener

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found,unused-ignore]

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment


def _url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass
    return f"http://{host}:{port}"


@asynccontextmanager
async def serve(emu: Deployment, coordinators: int = 3, host: str = "127.0.0.1",
                port: int = 0, *, compress_response_threshold: int = 0
                ) -> AsyncIterator[list[str]]:
    """Serve ``emu`` over HTTP/1.1, one listening port per coordinator, sharing one store.

    Yields the coordinators' URLs (``c0`` first), also recorded in ``emu.endpoints``. With
    ``port=0`` every coordinator gets an ephemeral port, otherwise ports ``port``,
    ``port + 1``, ... Taking a coordinator down with ``emu.faults.down(...)`` closes its
    listener (connections are refused) and drops its open connections; ``up`` reopens the
    same port. Stored async jobs run in the background while serving. Leaving the block stops
    listening, closes every connection and cancels what is still running.

    Compressed request bodies (gzip, deflate) are accepted; answers of at least
    ``compress_response_threshold`` bytes are compressed for clients that send
    ``Accept-Encoding`` (0, the server's default, never compresses).
    """
    if coordinators < 1:
        raise ValueError("coordinators must be at least 1")
    listeners = [CoordinatorListener(emu.coordinator_id(i), host, port + i if port else 0)
                 for i in range(coordinators)]
    try:
        for listener in listeners:
            listener.open()
    except BaseException:
        for listener in listeners:
            listener.close()
        raise
    by_id = {listener.coordinator: listener for listener in listeners}

    def on_fault(coordinator: str, down: bool) -> None:
        listener = by_id.get(coordinator)
        if listener is None:
            return
        if down:
            listener.close()
        else:
            listener.open()

    for listener in listeners:
        if emu.faults.is_down(listener.coordinator):
            listener.close()
    urls = [_url(host, listener.port) for listener in listeners]
    saved_endpoints = dict(emu.endpoints)
    emu.endpoints.clear()
    emu.endpoints.update(
        {listener.coordinator: url for listener, url in zip(listeners, urls, strict=True)})
    unwatch = emu.faults.watch(on_fault)
    body_error: BaseException | None = None
    try:
        async with anyio.create_task_group() as tg:
            for listener in listeners:
                tg.start_soon(listener.run, _handler(emu, listener.coordinator,
                                                     compress_response_threshold))
            try:
                async with emu.jobs.running():
                    try:
                        yield urls
                    except BaseException as error:
                        body_error = error
                        raise
            finally:
                for listener in listeners:
                    listener.close()
                tg.cancel_scope.cancel()
    except BaseExceptionGroup as group:
        if body_error is not None and _only(group, body_error):
            raise body_error from None  # the block's own error, not wrapped by task groups
        raise
    finally:
        unwatch()
        for listener in listeners:
            listener.close()
        emu.endpoints.clear()
        emu.endpoints.update(saved_endpoints)


def _only(group: BaseException, error: BaseException) -> bool:
    """True when ``group`` wraps nothing but ``error`` (through nested groups)."""
    if group is error:
        return True
    if isinstance(group, BaseExceptionGroup) and len(group.exceptions) == 1:
        return _only(group.exceptions[0], error)
    return False


def _handler(emu: Deployment, coordinator: str, compress_threshold: int) -> ConnectionHandler:
    async def handle_connection(stream: SocketStream) -> None:
        await serve_connection(stream, coordinator, emu.handle,
                               lambda: emu.faults.is_down(coordinator),
                               compress_threshold=compress_threshold)

    return handle_connection
