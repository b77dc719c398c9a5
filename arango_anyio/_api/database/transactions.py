"""Stream and JavaScript transactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from arango_anyio._api.group import ApiGroup
from arango_anyio._api.transaction import TransactionBegin
from arango_anyio._connection.url import segment
from arango_anyio._executors.base import TransactionExecutor
from arango_anyio.exceptions import (
    TransactionExecuteError,
    TransactionFetchError,
    TransactionInitError,
    TransactionListError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

if TYPE_CHECKING:
    from arango_anyio._api.database.database import TransactionDatabase

_Names = str | Sequence[str] | None


def _names(value: _Names) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        return value
    return list(value)


class TransactionsMixin(ApiGroup):
    """Stream and JavaScript transactions."""

    def _transaction_handle(self, transaction_id: str, host: str | None) -> TransactionDatabase:
        from arango_anyio._api.database.database import TransactionDatabase

        executor = TransactionExecutor(self._conn, transaction_id, host)
        return TransactionDatabase(self._conn, executor)

    def begin_transaction(
        self,
        read: _Names = None,
        write: _Names = None,
        exclusive: _Names = None,
        *,
        sync: bool | None = None,
        allow_implicit: bool | None = None,
        lock_timeout: int | None = None,
        max_size: int | None = None,
        allow_dirty_read: bool | None = None,
        skip_fast_lock_round: bool | None = None,
    ) -> TransactionBegin:
        """Begin a stream transaction. ``POST /_api/transaction/begin``.

        Use ``async with db.begin_transaction(write="c") as txn:`` (commit on normal exit,
        abort on exception or cancellation) or ``txn = await db.begin_transaction(...)`` and
        end it yourself with ``await txn.commit()`` / ``await txn.abort()``. ``txn`` is a
        :class:`~arango_anyio.TransactionDatabase`: every call through it (and
        through its collections, ``txn.aql`` and cursors) runs in the transaction, on the
        coordinator that began it, one call at a time.

        :param read: collection(s) read.
        :param write: collection(s) written (shared access).
        :param exclusive: collection(s) written with exclusive access.
        :param sync: wait until the commit is synced to disk (``waitForSync``).
        :param allow_implicit: allow reading undeclared collections (``allowImplicit``).
        :param lock_timeout: seconds to wait for collection locks (0: forever).
        :param max_size: the transaction's size limit in bytes (``maxTransactionSize``).
        :param allow_dirty_read: allow reads from followers (``x-arango-allow-dirty-read``).
        :param skip_fast_lock_round: ``skipFastLockRound``.
        :raises TransactionInitError: the server refused.

        If the begin request itself is cancelled in flight, the client never learns the id
        of a transaction the server may have begun; the server aborts it after its idle
        timeout (``--transaction.streaming-idle-timeout``, 60 s by default).
        """
        collections: dict[str, Any] = {}
        for key, value in (("read", read), ("write", write), ("exclusive", exclusive)):
            names = _names(value)
            if names is not None:
                collections[key] = names
        candidates = {
            "waitForSync": sync,
            "allowImplicit": allow_implicit,
            "lockTimeout": lock_timeout,
            "maxTransactionSize": max_size,
            "skipFastLockRound": skip_fast_lock_round,
        }
        data: dict[str, Any] = {"collections": collections}
        data.update({k: v for k, v in candidates.items() if v is not None})
        headers = {"x-arango-allow-dirty-read": "true"} if allow_dirty_read else None

        async def begin() -> TransactionDatabase:
            request = Request("POST", "/_api/transaction/begin", data=data, headers=headers)
            # Sent directly (not through this handle's executor): beginning a transaction is
            # never itself an async job or part of another transaction.
            response = await self._conn.send(request)
            if not response.is_success:
                raise TransactionInitError(response, request)
            transaction_id = str(response.body["result"]["id"])
            return self._transaction_handle(transaction_id, response.host)

        return TransactionBegin(begin)

    async def fetch_transaction(
        self, transaction_id: str, *, host: str | None = None
    ) -> TransactionDatabase:
        """A handle to a running stream transaction begun elsewhere.

        A transaction lives on one coordinator: give its ``host`` when you know it
        (``txn.transaction_host``); otherwise each of the client's hosts is asked in turn
        (``GET /_api/transaction/{id}``) and the one that knows it is used.

        :raises TransactionFetchError: no host knows the transaction.
        """
        hosts = [host] if host is not None else list(self._conn.state.hosts)
        endpoint = f"/_api/transaction/{segment(str(transaction_id), 'transaction id')}"
        last: tuple[Response, Request] | None = None
        for candidate in hosts:
            request = Request("GET", endpoint, host=candidate)
            response = await self._conn.send(request)
            if response.is_success:
                return self._transaction_handle(str(transaction_id), response.host)
            last = (response, request)
        assert last is not None
        raise TransactionFetchError(*last)

    async def list_transactions(self) -> list[dict[str, Any]]:
        """The running stream transactions: ``[{"id": ..., "state": ...}]``.
        ``GET /_api/transaction``."""
        request = Request("GET", "/_api/transaction")

        def handler(response: Response) -> list[dict[str, Any]]:
            if not response.is_success:
                raise TransactionListError(response, request)
            transactions: list[dict[str, Any]] = response.body["transactions"]
            return transactions

        return await self._execute(request, handler)

    async def execute_transaction(
        self,
        command: str,
        params: Mapping[str, Any] | None = None,
        read: Sequence[str] | None = None,
        write: Sequence[str] | None = None,
        sync: bool | None = None,
        timeout: float | None = None,
        max_size: int | None = None,
        allow_implicit: bool | None = None,
        intermediate_commit_count: int | None = None,
        intermediate_commit_size: int | None = None,
        allow_dirty_read: bool = False,
    ) -> Any:
        """Run a JavaScript transaction on the server and return what ``command`` returns.
        ``POST /_api/transaction``.

        :param command: JavaScript source of a function, e.g.
            ``"function (params) { return params.x; }"``.
        :param params: passed to the function.
        :param read: collections read.
        :param write: collections written.
        :param sync: ``waitForSync``.
        :param timeout: seconds to wait for locks (``lockTimeout``).
        :param max_size: ``maxTransactionSize`` in bytes.
        :param allow_implicit: allow reading undeclared collections.
        :param intermediate_commit_count: ``intermediateCommitCount``.
        :param intermediate_commit_size: ``intermediateCommitSize``.
        :param allow_dirty_read: allow reads from followers.
        :raises TransactionExecuteError: the server refused or the function threw.
        """
        collections: dict[str, Any] = {}
        if allow_implicit is not None:
            collections["allowImplicit"] = allow_implicit
        if read is not None:
            collections["read"] = _names(read)
        if write is not None:
            collections["write"] = _names(write)
        data: dict[str, Any] = {"action": command, "collections": collections}
        candidates = {
            "params": dict(params) if params is not None else None,
            "lockTimeout": timeout,
            "waitForSync": sync,
            "maxTransactionSize": max_size,
            "intermediateCommitCount": intermediate_commit_count,
            "intermediateCommitSize": intermediate_commit_size,
        }
        data.update({k: v for k, v in candidates.items() if v is not None})
        headers = {"x-arango-allow-dirty-read": "true"} if allow_dirty_read else None
        request = Request("POST", "/_api/transaction", data=data, headers=headers)

        def handler(response: Response) -> Any:
            if not response.is_success:
                raise TransactionExecuteError(response, request)
            return response.body.get("result")

        return await self._execute(request, handler)
