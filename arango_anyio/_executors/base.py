"""Executors: how an API call is carried. API code is written once and runs under each.

An API method builds a :class:`~arango_anyio.Request` and a handler (what to make of the
answer) and gives both to its executor's :meth:`Executor.execute`. The executors:

* :class:`DefaultExecutor` sends the request and interprets the answer.
* :class:`~arango_anyio._executors.transaction.TransactionExecutor` adds ``x-arango-trx-id``,
  pins the call to the transaction's coordinator, and serializes calls.
* :class:`~arango_anyio._executors.async_job.AsyncExecutor` submits the call as a server-side
  job and returns an :class:`~arango_anyio.AsyncJob` instead of the result.
* :class:`~arango_anyio._executors.overload.OverloadControlExecutor` sends a queue-time limit
  and records the queue time the server reports.

What differs between them is asked of the executor, never decided by looking at its kind:
:meth:`Executor.require_results` (may this call rely on having its result at once?) and
:meth:`Executor.follow_up` (which executor carries a resource's later requests?).
"""

from __future__ import annotations

from typing import TypeVar

from arango_anyio._connection.connection import Connection
from arango_anyio._executors.handling import Handler, interpret
from arango_anyio.request import Request

T = TypeVar("T")


def with_header(request: Request, name: str, value: str) -> None:
    """Give ``request`` the header ``name: value``, in a new dict (the caller's headers may be
    shared with other requests)."""
    headers = dict(request.headers) if request.headers else {}
    headers[name] = value
    request.headers = headers


class Executor:
    """Base executor: sends directly."""

    #: A short name for ``repr`` and error messages.
    context = "default"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __repr__(self) -> str:
        return f"<{type(self).__name__} db={self.connection.db_name!r}>"

    async def execute(self, request: Request, handler: Handler[T]) -> T:
        """Send ``request`` and return ``handler(response)``."""
        response = await self.connection.send(request)
        return interpret(response, handler)

    def require_results(self, what: str) -> None:
        """Refuse ``what`` (raise :class:`~arango_anyio.exceptions.InvalidArgumentError`)
        unless calls through this executor return their results at once. Operations made of
        several requests that depend on each other's answers (batched bulk calls, a cursor
        entered with ``async with``) ask this before sending anything."""

    def follow_up(self) -> Executor:
        """The executor for the later requests of a resource a call through this one
        created (a cursor's batches): this one, unless calls here do not run at once."""
        return self


class DefaultExecutor(Executor):
    """Sends each call directly."""
