"""A query about to run: :class:`QueryExecution` (what ``db.aql.execute`` returns), and the
deadline it passes to the server as ``maxRuntime``."""

from __future__ import annotations

import math
from collections.abc import Generator
from types import TracebackType
from typing import Any

import anyio

from arango_anyio._api.aql.cursor import Cursor, delete_created_cursor
from arango_anyio._executors.base import Executor
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio.exceptions import AQLQueryExecuteError, InvalidArgumentError
from arango_anyio.request import Request
from arango_anyio.response import Response

#: The smallest ``maxRuntime`` sent when the caller's deadline is (almost) reached.
MIN_PROPAGATED_RUNTIME = 0.001


def propagated_runtime(
    max_runtime: float | None,
    *,
    stream: bool | None,
    request_timeout: float | None,
) -> float | None:
    """The ``maxRuntime`` to send: ``max_runtime``, or the time left before the caller's
    effective deadline (and ``request_timeout`` for non-streaming queries) when that is less.
    """
    deadline = anyio.current_effective_deadline()
    # No clock read without a deadline (the common case): inf minus any time is inf.
    remaining = deadline - anyio.current_time() if deadline != math.inf else math.inf
    if request_timeout is not None and not stream:
        remaining = min(remaining, request_timeout)
    if math.isinf(remaining):
        return max_runtime
    remaining = max(MIN_PROPAGATED_RUNTIME, round(remaining, 3))
    if max_runtime is None or max_runtime <= 0 or remaining < max_runtime:
        return remaining
    return max_runtime


class QueryExecution:
    """A query about to run: ``await`` it for a :class:`~arango_anyio.Cursor`, or use
    it as ``async with`` to get a cursor that is deleted on the server when the block is
    left (normally, by exception, or by cancellation).

    Nothing is sent until it is awaited or entered, so the deadline that is propagated is
    the one in force at that point.
    """

    def __init__(
        self,
        executor: Executor,
        data: dict[str, Any],
        headers: dict[str, str] | None,
        *,
        allow_retry: bool,
        prefetch: bool,
        propagate_deadline: bool,
    ) -> None:
        self._executor = executor
        self._data = data
        self._headers = headers
        self._allow_retry = allow_retry
        self._prefetch = prefetch
        self._propagate = propagate_deadline
        self._cursor: Cursor | None = None

    def __repr__(self) -> str:
        return f"<QueryExecution {self._data['query']!r}>"

    def request(self) -> Request:
        """The ``POST /_api/cursor`` request as it would be sent now (deadline included)."""
        data = dict(self._data)
        options = dict(data.get("options") or {})
        if self._propagate:
            runtime = propagated_runtime(
                options.get("maxRuntime"),
                stream=options.get("stream"),
                request_timeout=self._executor.connection.request_timeout,
            )
            if runtime is not None:
                options["maxRuntime"] = runtime
        if options:
            data["options"] = options
        return Request("POST", "/_api/cursor", data=data,
                       headers=dict(self._headers) if self._headers else None,
                       cleanup=delete_created_cursor)

    async def _start(self) -> Cursor:
        request = self.request()
        executor = self._executor
        allow_retry, prefetch = self._allow_retry, self._prefetch

        def handler(response: Response) -> Cursor:
            raise_unless_success(response, request, AQLQueryExecuteError)
            return Cursor(executor, response.body, host=response.host,
                          allow_retry=allow_retry, prefetch=prefetch)

        return await executor.execute(request, handler)

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._start().__await__()

    async def __aenter__(self) -> Cursor:
        if self._cursor is not None:
            raise InvalidArgumentError("this query execution was already entered")
        # checked before anything is sent
        self._executor.require_results("'async with' on a query (it needs the cursor)")
        cursor = await self._start()
        self._cursor = cursor
        return await cursor.__aenter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        cursor = self._cursor
        if cursor is not None:
            await cursor.__aexit__(exc_type, exc, tb)
