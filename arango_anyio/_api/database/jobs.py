"""Async execution (server-side jobs) and overload control (queue-time limits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from arango_anyio._api.group import ApiGroup
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import segment
from arango_anyio._executors.base import AsyncExecutor, Executor, interpret
from arango_anyio.exceptions import AsyncJobClearError, AsyncJobListError, InvalidArgumentError
from arango_anyio.request import Request
from arango_anyio.response import Response

if TYPE_CHECKING:
    from arango_anyio._api.database.database import AsyncDatabase, OverloadControlDatabase

T = TypeVar("T")

_QUEUE_TIME_HEADER = "x-arango-max-queue-time-seconds"


class OverloadControlExecutor(Executor):
    """Sends every call with ``x-arango-max-queue-time-seconds`` (when a limit is set) and
    remembers the queue time the server reports (``x-arango-queue-time-seconds``).

    The limit lives here rather than in the connection so that
    :meth:`OverloadControlMixin.adjust_max_queue_time` also reaches sub-handles created
    earlier (collections, ``aql``), which share this executor.
    """

    context = "default"

    def __init__(self, connection: Connection, max_queue_time: float | None) -> None:
        super().__init__(connection)
        self.max_queue_time = max_queue_time
        self.last_queue_time = 0.0

    async def execute(self, request: Request, handler: Callable[[Response], T]) -> T:
        """Send with the queue-time limit and remember the reported queue time."""
        limit = self.max_queue_time
        if limit is not None and limit > 0:
            headers = dict(request.headers) if request.headers else {}
            headers[_QUEUE_TIME_HEADER] = str(limit)
            request.headers = headers
        response = await self.connection.send(request)
        value = response.header("x-arango-queue-time-seconds")
        if value:
            try:
                self.last_queue_time = float(value)
            except ValueError:
                pass
        return interpret(response, handler)


class OverloadControlMixin(ApiGroup):
    """What an :class:`~arango_anyio.OverloadControlDatabase` adds: the queue-time
    limit and the last queue time the server reported."""

    @property
    def _overload(self) -> OverloadControlExecutor:
        executor = self._executor
        assert isinstance(executor, OverloadControlExecutor)
        return executor

    @property
    def last_queue_time(self) -> float:
        """Seconds the last answered request waited in the server's queue (0 before any)."""
        return self._overload.last_queue_time

    @property
    def max_queue_time(self) -> float | None:
        """The limit sent with every request (None: no limit)."""
        return self._overload.max_queue_time

    def adjust_max_queue_time(self, max_queue_time_seconds: float | None) -> None:
        """Change the limit for every later call (None or 0: no limit)."""
        if max_queue_time_seconds is not None and max_queue_time_seconds < 0:
            raise InvalidArgumentError("max_queue_time_seconds must not be negative")
        self._overload.max_queue_time = max_queue_time_seconds


class JobsMixin(ApiGroup):
    """Async execution and overload control."""

    def begin_async_execution(self, return_result: bool = True) -> AsyncDatabase:
        """A handle whose calls are run by the server in the background (no I/O).

        Each call returns an :class:`~arango_anyio.AsyncJob` (``status()``, ``result()``,
        ``wait()``, ``cancel()``, ``clear()``), pinned to the coordinator that accepted it;
        with ``return_result=False`` calls return None and the server keeps no result.
        """
        from arango_anyio._api.database.database import AsyncDatabase

        return AsyncDatabase(self._conn, AsyncExecutor(self._conn, return_result))

    def begin_controlled_execution(
        self, max_queue_time_seconds: float | None = None
    ) -> OverloadControlDatabase:
        """A handle whose calls tell the server how long they may wait in its queue
        (``x-arango-max-queue-time-seconds``; no I/O). A request that waited longer is
        refused with :class:`~arango_anyio.exceptions.QueueTimeViolatedError` (HTTP 412).
        ``last_queue_time`` and ``adjust_max_queue_time`` are on the handle.
        """
        from arango_anyio._api.database.database import OverloadControlDatabase

        if max_queue_time_seconds is not None and max_queue_time_seconds < 0:
            raise InvalidArgumentError("max_queue_time_seconds must not be negative")
        executor = OverloadControlExecutor(self._conn, max_queue_time_seconds)
        return OverloadControlDatabase(self._conn, executor)

    async def async_jobs(self, status: str, count: int | None = None) -> list[str]:
        """The ids of async jobs with ``status`` (``"pending"`` or ``"done"``).
        ``GET /_api/job/{status}``.

        Jobs live on the coordinator that accepted them, so with several hosts every host is
        asked and the ids are merged (at most ``count`` in all).
        """
        params = {"count": count} if count is not None else None
        endpoint = f"/_api/job/{segment(status, 'job status')}"
        ids: list[str] = []
        for host in self._conn.state.hosts:
            request = Request("GET", endpoint, params=params, host=host)
            response = await self._conn.send(request)
            if not response.is_success:
                raise AsyncJobListError(response, request)
            for job_id in response.body:
                if job_id not in ids:
                    ids.append(str(job_id))
        return ids if count is None else ids[:count]

    async def clear_async_jobs(self, threshold: float | None = None) -> bool:
        """Delete the results of finished jobs (all, or those older than the Unix time
        ``threshold``) on every host. ``DELETE /_api/job/all`` or
        ``/_api/job/expired?stamp=``. Jobs still running are not stopped."""
        for host in self._conn.state.hosts:
            if threshold is None:
                request = Request("DELETE", "/_api/job/all", host=host)
            else:
                request = Request("DELETE", "/_api/job/expired", params={"stamp": threshold},
                                  host=host)
            response = await self._conn.send(request)
            if not response.is_success:
                raise AsyncJobClearError(response, request)
        return True
