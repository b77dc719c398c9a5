"""Stream transactions: a database handle whose every call runs inside one transaction.

``async with db.begin_transaction(write="orders") as txn:`` gives a
:class:`~arango_anyio.TransactionDatabase`. Every call made through it (documents, bulk
operations, AQL and its cursors, imports) carries ``x-arango-trx-id`` and goes to the
coordinator that began the transaction, one call at a time (the server takes one request at a
time per transaction, so calls from several tasks wait for each other). Leaving the block
commits; an exception or a cancellation aborts, in a shielded scope bounded to
:data:`CLEANUP_TIMEOUT` seconds.

``txn = await db.begin_transaction(...)`` gives the same handle without the block: end it with
``await txn.commit()`` or ``await txn.abort()`` (or ``async with txn:`` later).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Generator
from types import TracebackType
from typing import Any, Generic, TypeVar

import anyio

from arango_anyio._api.group import ApiGroup
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio._executors.transaction import TransactionExecutor
from arango_anyio.exceptions import (
    ArangoError,
    InvalidArgumentError,
    TransactionAbortError,
    TransactionCommitError,
    TransactionStateError,
    TransactionStatusError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

logger = logging.getLogger("arango_anyio")

_Handle = TypeVar("_Handle", bound="TransactionControlMixin")

#: Seconds the shielded abort (or abort after a failed commit) may take.
CLEANUP_TIMEOUT = 5.0

RUNNING = "running"
COMMITTED = "committed"
ABORTED = "aborted"


def abort_begun_transaction(response: Response) -> Request | None:
    """The request that aborts the transaction a ``POST /_api/transaction/begin`` answer
    began (the clean-up of a begin whose caller was cancelled: see ``Request.cleanup``)."""
    body = response.body
    result = body.get("result") if isinstance(body, dict) else None
    transaction_id = result.get("id") if isinstance(result, dict) else None
    if transaction_id is None:
        return None
    return Request("DELETE",
                   f"/_api/transaction/{segment(str(transaction_id), 'transaction id')}",
                   host=response.host, idempotent=True)


class TransactionControlMixin(ApiGroup):
    """What a :class:`~arango_anyio.TransactionDatabase` adds to a database handle:
    the transaction's id, status, commit and abort, and ``async with`` (commit on normal exit,
    abort on exception or cancellation)."""

    _state: str = RUNNING
    _trx: TransactionExecutor

    @property
    def transaction_id(self) -> str:
        """The transaction id (``x-arango-trx-id``)."""
        return self._trx.transaction_id

    @property
    def transaction_host(self) -> str | None:
        """The coordinator that holds the transaction (every call goes there)."""
        return self._trx.host

    @property
    def state(self) -> str:
        """What this handle knows: ``running``, ``committed`` or ``aborted`` (no I/O)."""
        return self._state

    def _request(self, method: str) -> Request:
        # Commit and abort are safe to re-send after a lost answer: the server answers a
        # repeated commit (abort) of a committed (aborted) transaction with success, and
        # refuses the opposite one (409/1653), so nothing is applied twice.
        transaction_id = segment(self._trx.transaction_id, "transaction id")
        return Request(method, f"/_api/transaction/{transaction_id}", idempotent=True)

    async def transaction_status(self) -> str:
        """The transaction's status on the server: ``running``, ``committed`` or
        ``aborted``. ``GET /_api/transaction/{id}``.

        (``status()`` is the server's status, as on every database handle.)
        """
        request = self._request("GET")

        def handler(response: Response) -> str:
            raise_unless_success(response, request, TransactionStatusError)
            return str(response.body["result"]["status"])

        return await self._trx.execute_control(request, handler)

    async def commit(self) -> bool:
        """Commit. ``PUT /_api/transaction/{id}``.

        :raises TransactionStateError: it was aborted by this handle already.
        :raises TransactionCommitError: the server refused (the transaction is then usually
            aborted by the server).
        """
        return await self._end("PUT", COMMITTED, TransactionCommitError)

    async def abort(self) -> bool:
        """Abort, discarding the transaction's writes. ``DELETE /_api/transaction/{id}``.

        :raises TransactionStateError: it was committed by this handle already.
        :raises TransactionAbortError: the server refused.
        """
        return await self._end("DELETE", ABORTED, TransactionAbortError)

    async def _end(self, method: str, state: str,
                   error: type[TransactionCommitError] | type[TransactionAbortError]) -> bool:
        """Commit or abort (``state``); a repeat is a no-op, the opposite one is refused."""
        if self._state == state:
            return True
        if self._state != RUNNING:
            raise TransactionStateError(f"transaction {self.transaction_id} was {self._state}")
        request = self._request(method)

        def handler(response: Response) -> None:
            raise_unless_success(response, request, error)

        await self._trx.execute_control(request, handler)
        self._state = state
        return True

    # python-arango's names
    async def commit_transaction(self) -> bool:
        """Same as :meth:`commit` (python-arango's name)."""
        return await self.commit()

    async def abort_transaction(self) -> bool:
        """Same as :meth:`abort` (python-arango's name)."""
        return await self.abort()

    async def _abort_quietly(self) -> None:
        with anyio.move_on_after(CLEANUP_TIMEOUT, shield=True) as scope:
            try:
                await self.abort()
            except ArangoError as exc:
                logger.warning("could not abort transaction %s: %s", self.transaction_id, exc)
        if scope.cancelled_caught:
            logger.warning("aborting transaction %s took longer than %s s; the server will "
                           "abort it when it times out", self.transaction_id, CLEANUP_TIMEOUT)

    async def __aenter__(self: _Handle) -> _Handle:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._state != RUNNING:
            return
        if exc is not None:
            await self._abort_quietly()
            return
        try:
            await self.commit()
        except BaseException:
            # Commit refused, failed in transit, or cancelled: make sure it is not left
            # running (an abort after a commit that did land is refused and ignored).
            await self._abort_quietly()
            raise


class TransactionBegin(Generic[_Handle]):
    """A transaction about to begin: ``await`` it for the handle, or ``async with`` it to
    commit on normal exit and abort on exception or cancellation."""

    def __init__(self, begin: Callable[[], Awaitable[_Handle]]) -> None:
        self._begin = begin
        self._txn: _Handle | None = None

    def __await__(self) -> Generator[Any, None, _Handle]:
        return self._begin().__await__()

    async def __aenter__(self) -> _Handle:
        if self._txn is not None:
            raise InvalidArgumentError("this transaction was already entered")
        self._txn = await self._begin()
        return self._txn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._txn is not None:
            await self._txn.__aexit__(exc_type, exc, tb)
