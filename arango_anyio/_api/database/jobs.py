"""Async jobs kept on the servers (listing and clearing them), and what an overload-controlled
handle adds (its queue-time limit)."""

from __future__ import annotations

from arango_anyio._api.group import ApiGroup
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio._executors.overload import OverloadControlExecutor
from arango_anyio.exceptions import AsyncJobClearError, AsyncJobListError, InvalidArgumentError
from arango_anyio.request import Request
from arango_anyio.response import Response


class OverloadControlMixin(ApiGroup):
    """What an :class:`~arango_anyio.OverloadControlDatabase` adds: the queue-time
    limit and the last queue time the server reported."""

    _overload: OverloadControlExecutor

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
    """The async jobs the servers keep."""

    async def async_jobs(self, status: str, count: int | None = None) -> list[str]:
        """The ids of async jobs with ``status`` (``"pending"`` or ``"done"``).
        ``GET /_api/job/{status}``.

        Jobs live on the coordinator that accepted them, so with several hosts every host is
        asked and the ids are merged (at most ``count`` in all).
        """
        params = {"count": count} if count is not None else None
        endpoint = f"/_api/job/{segment(status, 'job status')}"
        ids: dict[str, None] = {}  # in order, without repeats
        for host in self._conn.hosts:
            request = Request("GET", endpoint, params=params, host=host)

            def handler(response: Response, request: Request = request) -> list[str]:
                raise_unless_success(response, request, AsyncJobListError)
                return [str(job_id) for job_id in response.body]

            ids.update(dict.fromkeys(await self._direct.execute(request, handler)))
        return list(ids) if count is None else list(ids)[:count]

    async def clear_async_jobs(self, threshold: float | None = None) -> bool:
        """Delete the results of finished jobs (all, or those older than the Unix time
        ``threshold``) on every host. ``DELETE /_api/job/all`` or
        ``/_api/job/expired?stamp=``. Jobs still running are not stopped."""
        for host in self._conn.hosts:
            if threshold is None:
                request = Request("DELETE", "/_api/job/all", host=host)
            else:
                request = Request("DELETE", "/_api/job/expired", params={"stamp": threshold},
                                  host=host)

            def handler(response: Response, request: Request = request) -> None:
                raise_unless_success(response, request, AsyncJobClearError)

            await self._direct.execute(request, handler)
        return True
