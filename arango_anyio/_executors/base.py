"""Executors: how an API call is carried. API code is written once and runs under each.

* :class:`DefaultExecutor` sends the request and interprets the answer.
* :class:`TransactionExecutor` adds ``x-arango-trx-id``, pins the call to the transaction's
  coordinator, and serializes calls (the server takes one request at a time per transaction).
* :class:`AsyncExecutor` sends with ``x-arango-async`` and returns an
  :class:`~arango_anyio.AsyncJob` (or ``None`` when results are not kept), pinned to the
  coordinator that accepted it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio

from arango_anyio._connection.connection import Connection
from arango_anyio.exceptions import ArangoError, AsyncExecuteError, ResponseParseError
from arango_anyio.request import Request
from arango_anyio.response import Response

T = TypeVar("T")

# What a handler raises when the body has the wrong shape or values of the wrong kind
# (``int("abc")``, ``int(float("inf"))``, a str where a dict was expected, ...).
_PARSE_ERRORS = (KeyError, TypeError, IndexError, AttributeError, ValueError, OverflowError)


def interpret(response: Response, handler: Callable[[Response], T]) -> T:
    """Run ``handler`` on ``response``; a body of the wrong shape becomes ResponseParseError."""
    try:
        return handler(response)
    except ArangoError:  # the handler's own typed errors (some are also ValueErrors)
        raise
    except _PARSE_ERRORS as exc:
        raise ResponseParseError(
            f"unexpected answer to {response.method} {response.url} "
            f"(HTTP {response.status_code}): {type(exc).__name__}: {exc}",
            response,
        ) from exc


class Executor:
    """Base executor: sends directly."""

    #: A short name for ``repr`` and error messages.
    context = "default"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    async def execute(self, request: Request, handler: Callable[[Response], T]) -> T:
        """Send ``request`` and return ``handler(response)``."""
        response = await self.connection.send(request)
        return interpret(response, handler)


class DefaultExecutor(Executor):
    """Sends each call directly."""


class TransactionExecutor(Executor):
    """Carries calls inside a stream transaction (header, pinned host, one call at a time)."""

    context = "transaction"

    def __init__(self, connection: Connection, transaction_id: str, host: str | None) -> None:
        super().__init__(connection)
        self.transaction_id = transaction_id
        self.host = host
        self._lock = anyio.Lock()

    async def execute(self, request: Request, handler: Callable[[Response], T]) -> T:
        headers = dict(request.headers) if request.headers else {}
        headers["x-arango-trx-id"] = self.transaction_id
        request.headers = headers
        if self.host is not None:
            request.host = self.host
        async with self._lock:
            response = await self.connection.send(request)
        return interpret(response, handler)


class AsyncExecutor(Executor):
    """Submits calls as async jobs; each call returns an ``AsyncJob`` (or None)."""

    context = "async"

    def __init__(self, connection: Connection, return_result: bool) -> None:
        super().__init__(connection)
        self.return_result = return_result

    async def execute(self, request: Request, handler: Callable[[Response], T]) -> Any:
        from arango_anyio._executors.async_job import AsyncJob

        headers = dict(request.headers) if request.headers else {}
        headers["x-arango-async"] = "store" if self.return_result else "true"
        request.headers = headers
        response = await self.connection.send(request)
        if response.status_code != 202:
            raise AsyncExecuteError(response, request)
        if not self.return_result:
            return None
        job_id = response.header("x-arango-async-id")
        if not job_id:
            raise ResponseParseError("async job accepted without an x-arango-async-id", response)
        return AsyncJob(self.connection, job_id, handler, host=response.host)
