"""Base class of every API group (database, collection, AQL, graph, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import DefaultExecutor, Executor
from arango_anyio.request import Request
from arango_anyio.response import Response

T = TypeVar("T")


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

    async def _execute(self, request: Request, handler: Callable[[Response], T]) -> T:
        return await self._executor.execute(request, handler)

    @property
    def _direct(self) -> Executor:
        """An executor that sends directly whatever this handle's executor is, for calls
        that are never part of a transaction or an async job (beginning a transaction,
        listing the jobs of every coordinator)."""
        return DefaultExecutor(self._conn)
