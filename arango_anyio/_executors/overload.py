"""Calls with overload control: a queue-time limit sent, the reported queue time kept."""

from __future__ import annotations

from typing import TypeVar

from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import Executor, with_header
from arango_anyio._executors.handling import Handler, interpret
from arango_anyio.request import Request

T = TypeVar("T")

MAX_QUEUE_TIME_HEADER = "x-arango-max-queue-time-seconds"
QUEUE_TIME_HEADER = "x-arango-queue-time-seconds"


class OverloadControlExecutor(Executor):
    """Sends every call with ``x-arango-max-queue-time-seconds`` (when a limit is set) and
    remembers the queue time the server reports (``x-arango-queue-time-seconds``).

    The limit lives here rather than in the connection so that changing it on the handle
    also reaches sub-handles created earlier (collections, ``aql``), which share this
    executor.
    """

    def __init__(self, connection: Connection, max_queue_time: float | None) -> None:
        super().__init__(connection)
        self.max_queue_time = max_queue_time
        self.last_queue_time = 0.0

    async def execute(self, request: Request, handler: Handler[T]) -> T:
        """Send with the queue-time limit and remember the reported queue time."""
        limit = self.max_queue_time
        if limit is not None and limit > 0:
            with_header(request, MAX_QUEUE_TIME_HEADER, str(limit))
        response = await self.connection.send(request)
        value = response.header(QUEUE_TIME_HEADER)
        if value:
            try:
                self.last_queue_time = float(value)
            except ValueError:
                pass
        return interpret(response, handler)
