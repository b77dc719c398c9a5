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
from arango_anyio.errno import QUERY_KILLED
from arango_anyio.exceptions import (
    AQLQueryExecuteError,
    InvalidArgumentError,
    RequestTimeoutError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

#: The smallest ``maxRuntime`` sent when the caller's deadline is (almost) reached.
MIN_PROPAGATED_RUNTIME = 0.001
#: How early (seconds) a "query killed" answer may come and still count as the deadline's
#: doing (the server rounds, and starts its clock when the request arrives).
DEADLINE_SLACK = 0.01


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
        #: when the propagated maxRuntime runs out (AnyIO clock), if it came from a deadline
        self._deadline_at: float | None = None
        #: the request_timeout behind it, when that was the nearer bound
        self._timeout: float | None = None

    def __repr__(self) -> str:
        return f"<QueryExecution {self._data['query']!r}>"

    def request(self) -> Request:
        """The ``POST /_api/cursor`` request as it would be sent now (deadline included)."""
        data = dict(self._data)
        options = dict(data.get("options") or {})
        self._deadline_at = self._timeout = None
        if self._propagate:
            asked = options.get("maxRuntime")
            request_timeout = self._executor.connection.request_timeout
            runtime = propagated_runtime(
                asked, stream=options.get("stream"), request_timeout=request_timeout)
            if runtime is not None:
                options["maxRuntime"] = runtime
                if runtime != asked:  # the deadline, not the caller's maxRuntime, bounds it
                    self._note_deadline(runtime, request_timeout,
                                        stream=bool(options.get("stream")))
        if options:
            data["options"] = options
        return Request("POST", "/_api/cursor", data=data,
                       headers=dict(self._headers) if self._headers else None,
                       cleanup=delete_created_cursor)

    def _note_deadline(self, runtime: float, request_timeout: float | None, *,
                       stream: bool) -> None:
        now = anyio.current_time()
        self._deadline_at = now + runtime
        if request_timeout is not None and not stream and \
                now + request_timeout <= anyio.current_effective_deadline():
            self._timeout = request_timeout

    async def _start(self) -> Cursor:
        request = self.request()
        executor = self._executor
        allow_retry, prefetch = self._allow_retry, self._prefetch

        def handler(response: Response) -> Cursor:
            raise_unless_success(response, request, AQLQueryExecuteError)
            return Cursor(executor, response.body, host=response.host,
                          allow_retry=allow_retry, prefetch=prefetch)

        try:
            return await executor.execute(request, handler)
        except AQLQueryExecuteError as error:
            if error.error_code == QUERY_KILLED:
                await self._end_as_deadline(request)
            raise

    async def _end_as_deadline(self, request: Request) -> None:
        """The server killed the query. When that was the propagated deadline running out,
        end the call as that deadline does without a server: ``RequestTimeoutError`` for
        ``request_timeout``, the caller's own cancellation for its cancel scope. Returns
        (and the "query killed" error stands) when something else killed it."""
        deadline_at = self._deadline_at
        if deadline_at is None or anyio.current_time() < deadline_at - DEADLINE_SLACK:
            return
        timeout = self._timeout
        if timeout is not None:
            raise RequestTimeoutError(
                f"{request.method} {request.endpoint} did not finish within {timeout} s "
                "(request_timeout); it was sent, so the server may have applied it",
                may_have_been_applied=True,
            ) from None
        caller_deadline = anyio.current_effective_deadline()
        if caller_deadline != math.inf:  # -inf: the scope was cancelled already
            # the caller's scope fires at its deadline (already passed, or within the slack)
            await anyio.sleep(max(0.0, caller_deadline - anyio.current_time()) + 1.0)

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
