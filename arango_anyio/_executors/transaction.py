"""Calls inside a stream transaction: header, pinned coordinator, one call at a time."""

from __future__ import annotations

from typing import TypeVar

import anyio

from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import Executor, with_header
from arango_anyio._executors.handling import Handler, interpret
from arango_anyio.request import Request

T = TypeVar("T")

TRANSACTION_HEADER = "x-arango-trx-id"


class TransactionExecutor(Executor):
    """Carries calls inside a stream transaction (header, pinned host, one call at a time:
    the server takes one request at a time per transaction, so calls from several tasks
    wait for each other)."""

    context = "transaction"

    def __init__(self, connection: Connection, transaction_id: str, host: str | None) -> None:
        super().__init__(connection)
        self.transaction_id = transaction_id
        self.host = host
        self._lock = anyio.Lock()

    async def execute(self, request: Request, handler: Handler[T]) -> T:
        with_header(request, TRANSACTION_HEADER, self.transaction_id)
        return await self.execute_control(request, handler)

    async def execute_control(self, request: Request, handler: Handler[T]) -> T:
        """Send a request about the transaction itself (status, commit, abort): on its
        coordinator and never overlapping a call still running in it, but without the
        transaction header (it is not part of the transaction)."""
        if self.host is not None:
            request.host = self.host
        async with self._lock:
            response = await self.connection.send(request)
        return interpret(response, handler)
