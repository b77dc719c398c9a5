"""Async execution: calls the server runs in the background (``x-arango-async``), and the
:class:`AsyncJob` handles that stand for their results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import anyio

from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import segment
from arango_anyio._executors.base import DefaultExecutor, Executor, with_header
from arango_anyio._executors.handling import Handler, interpret
from arango_anyio.exceptions import (
    AsyncExecuteError,
    AsyncJobCancelError,
    AsyncJobClearError,
    AsyncJobPendingError,
    AsyncJobResultError,
    AsyncJobStatusError,
    InvalidArgumentError,
    ResponseParseError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

T = TypeVar("T")


class AsyncJob(Generic[T]):
    """A job the server runs in the background, pinned to the coordinator that accepted it.

    :ivar id: the job id (``x-arango-async-id``).
    """

    def __init__(
        self,
        connection: Connection,
        job_id: str,
        handler: Callable[[Response], T],
        *,
        host: str | None = None,
    ) -> None:
        self._conn = connection
        self.id = job_id
        self._handler = handler
        self._host = host

    def __repr__(self) -> str:
        return f"<AsyncJob {self.id}>"

    def _request(self, method: str, suffix: str = "") -> Request:
        return Request(method, f"/_api/job/{segment(self.id, 'job id')}{suffix}", host=self._host)

    async def status(self) -> str:
        """``"pending"`` or ``"done"``; raises AsyncJobStatusError when the job is unknown."""
        request = self._request("GET")
        response = await self._conn.send(request)
        if response.status_code == 204:
            return "pending"
        if response.status_code == 200:
            return "done"
        raise AsyncJobStatusError(response, request, f"job {self.id} not found")

    async def result(self) -> T:
        """The job's result (fetching it removes it from the server).

        Raises :class:`AsyncJobPendingError` when it is not done yet; the operation's own
        exception when the job failed on the server.
        """
        request = self._request("PUT")
        response = await self._conn.send(request)
        if response.status_code == 204:
            raise AsyncJobPendingError(f"job {self.id} is not done yet")
        if response.header("x-arango-async-id") is None and response.status_code == 404:
            raise AsyncJobResultError(response, request, f"job {self.id} not found")
        return interpret(response, self._handler)

    async def wait(self, *, poll_interval: float = 0.05, max_interval: float = 1.0) -> T:
        """Poll until the job is done, then return its result.

        Sleeps with AnyIO between polls (growing from ``poll_interval`` to ``max_interval``);
        bound it with the caller's own ``anyio.fail_after``.
        """
        interval = poll_interval
        while await self.status() == "pending":
            await anyio.sleep(interval)
            interval = min(max_interval, interval * 1.5)
        return await self.result()

    async def cancel(self, ignore_missing: bool = False) -> bool:
        """Ask the server to cancel the job. False when it is unknown and ``ignore_missing``."""
        request = self._request("PUT", "/cancel")
        response = await self._conn.send(request)
        if response.is_success:
            return True
        if response.status_code == 404 and ignore_missing:
            return False
        raise AsyncJobCancelError(response, request, f"could not cancel job {self.id}")

    async def clear(self, ignore_missing: bool = False) -> bool:
        """Delete the job's stored result. False when it is unknown and ``ignore_missing``."""
        request = self._request("DELETE")
        response = await self._conn.send(request)
        if response.is_success:
            return True
        if response.status_code == 404 and ignore_missing:
            return False
        raise AsyncJobClearError(response, request, f"could not delete job {self.id}")


class AsyncExecutor(Executor):
    """Submits calls as async jobs: each call returns an :class:`AsyncJob` for its result
    (or ``None`` when the server keeps no result), pinned to the coordinator that accepted
    it."""

    context = "async"

    def __init__(self, connection: Connection, return_result: bool) -> None:
        super().__init__(connection)
        self.return_result = return_result

    async def execute(self, request: Request, handler: Handler[T]) -> Any:
        with_header(request, "x-arango-async", "store" if self.return_result else "true")
        response = await self.connection.send(request)
        if response.status_code != 202:
            raise AsyncExecuteError(response, request)
        if not self.return_result:
            return None
        job_id = response.header("x-arango-async-id")
        if not job_id:
            raise ResponseParseError("async job accepted without an x-arango-async-id", response)
        return AsyncJob(self.connection, job_id, handler, host=response.host)

    def require_results(self, what: str) -> None:
        raise InvalidArgumentError(
            f"{what} cannot be used with async execution: each call there returns an AsyncJob "
            "for its result, not the result"
        )

    def follow_up(self) -> Executor:
        # A job's result may be a cursor: its further batches are plain requests.
        return DefaultExecutor(self.connection)
