"""Base class of every API group (database, collection, AQL, graph, ...)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import DefaultExecutor, Executor
from arango_anyio._executors.handling import ErrorClass, Handler, raise_unless_success
from arango_anyio.request import Request
from arango_anyio.response import Response

T = TypeVar("T")

#: A JSON object as the server sends it (documents, and the answers python-arango returns
#: as dicts).
Json = dict[str, Any]

#: The header that lets a cluster answer reads from followers.
DIRTY_READ_HEADER = "x-arango-allow-dirty-read"


def dirty_read(allow: bool | None) -> dict[str, str] | None:
    """The headers for ``allow_dirty_read``."""
    return {DIRTY_READ_HEADER: "true"} if allow else None


def without_envelope(body: Any) -> Json:
    """The answer without the ``error`` and ``code`` envelope fields."""
    result = dict(body)
    result.pop("error", None)
    result.pop("code", None)
    return result


class ApiGroup:
    """An API group sends requests through its executor.

    Under a transaction the same methods carry the transaction header; under async execution
    they return :class:`~arango_anyio.AsyncJob` objects instead of results.
    """

    def __init__(self, connection: Connection, executor: Executor) -> None:
        self._conn = connection
        self._executor = executor

    @property
    def db_name(self) -> str:
        """The name of the database this group works in."""
        return self._conn.db_name

    @property
    def username(self) -> str | None:
        """The user the requests are sent as."""
        return self._conn.username

    @property
    def context(self) -> str:
        """``default``, ``transaction`` or ``async``: how calls are carried."""
        return self._executor.context

    def _execute(self, request: Request, handler: Handler[T]) -> Awaitable[T]:
        """Send ``request`` through this group's executor; ``handler`` makes the result of
        the answer (or raises). Returns the executor's coroutine itself: no extra frame."""
        return self._executor.execute(request, handler)

    def _call(self, request: Request, error: ErrorClass,
              result: Callable[[Response], T]) -> Awaitable[T]:
        """Send ``request``; an answer that is not a success raises ``error(response,
        request)``, a success gives ``result(response)``."""

        def handler(response: Response) -> T:
            raise_unless_success(response, request, error)
            return result(response)

        return self._executor.execute(request, handler)

    def _call_delete(self, request: Request, error: ErrorClass, ignore_missing: bool,
                     *missing: int) -> Awaitable[bool]:
        """Send a delete: True when done, False when the answer's errorNum is one of
        ``missing`` and ``ignore_missing`` is set, else ``error(response, request)``."""

        def handler(response: Response) -> bool:
            if response.error_code in missing and ignore_missing:
                return False
            raise_unless_success(response, request, error)
            return True

        return self._executor.execute(request, handler)

    @property
    def _direct(self) -> Executor:
        """An executor that sends directly whatever this handle's executor is, for calls
        that are never part of a transaction or an async job (beginning a transaction,
        listing the jobs of every coordinator)."""
        return DefaultExecutor(self._conn)
