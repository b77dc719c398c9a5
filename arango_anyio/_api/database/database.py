"""Database handles: the root of the API tree below the client, and its variants (inside a
stream transaction, as async jobs, with overload control)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, cast, overload

from arango_anyio._api.database.collections import CollectionsMixin
from arango_anyio._api.database.databases import DatabasesMixin
from arango_anyio._api.database.graphs import GraphsMixin
from arango_anyio._api.database.handles import HandlesMixin
from arango_anyio._api.database.jobs import JobsMixin, OverloadControlMixin
from arango_anyio._api.database.server import ServerMixin
from arango_anyio._api.database.tasks import TasksMixin
from arango_anyio._api.database.transactions import Names, TransactionsMixin, collection_names
from arango_anyio._api.database.users import UsersMixin
from arango_anyio._api.database.views import ViewsMixin
from arango_anyio._api.group import dirty_read
from arango_anyio._api.transaction import (
    TransactionBegin,
    TransactionControlMixin,
    abort_begun_transaction,
)
from arango_anyio._connection.connection import Connection
from arango_anyio._connection.url import segment
from arango_anyio._executors.async_job import AsyncExecutor
from arango_anyio._executors.base import DefaultExecutor, Executor
from arango_anyio._executors.handling import raise_unless_success
from arango_anyio._executors.overload import OverloadControlExecutor
from arango_anyio._executors.transaction import TransactionExecutor
from arango_anyio.exceptions import (
    InvalidArgumentError,
    TransactionFetchError,
    TransactionInitError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

if TYPE_CHECKING:
    from arango_anyio._api.async_types.database import AsyncDatabase as AsyncJobsView
    from arango_anyio._api.async_types.database_no_result import (
        AsyncDatabaseNoResult as NoResultView,
    )


class Database(
    DatabasesMixin,
    CollectionsMixin,
    HandlesMixin,
    UsersMixin,
    ServerMixin,
    TransactionsMixin,
    JobsMixin,
    GraphsMixin,
    ViewsMixin,
    TasksMixin,
):
    """A database: collections, AQL, transactions, users, server administration, ...

    Get one with ``await client.db(name, ...)``. Creating sub-handles (``db.collection(n)``,
    ``db.aql``) does no I/O.
    """

    def __init__(self, connection: Connection, executor: Executor | None = None) -> None:
        super().__init__(connection, executor or DefaultExecutor(connection))

    @property
    def name(self) -> str:
        """The database name."""
        return self._conn.db_name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # -- variants of this handle (no I/O) ---------------------------------------------------

    @overload
    def begin_async_execution(self, return_result: Literal[True] = True) -> AsyncJobsView: ...
    @overload
    def begin_async_execution(self, return_result: Literal[False]) -> NoResultView: ...
    @overload
    def begin_async_execution(self, return_result: bool) -> AsyncJobsView | NoResultView: ...
    def begin_async_execution(self, return_result: bool = True
                              ) -> AsyncJobsView | NoResultView:
        """A handle whose calls are run by the server in the background (no I/O).

        Each call returns an :class:`~arango_anyio.AsyncJob` (``status()``, ``result()``,
        ``wait()``, ``cancel()``, ``clear()``), pinned to the coordinator that accepted it;
        with ``return_result=False`` calls return None and the server keeps no result.

        The handle is an :class:`AsyncDatabase`, and its collections, graphs, ``aql`` and
        the other sub-handles share its executor. Type checkers see it (and them) through
        the protocols of :mod:`arango_anyio.job` (generated from these classes), where each
        call returns ``AsyncJob[<its direct result>]`` (or None).
        """
        handle = AsyncDatabase(self._conn, AsyncExecutor(self._conn, return_result))
        # The runtime object is a Database whose executor turns each call's result into
        # an AsyncJob (or None): the protocols say exactly that.
        return cast("AsyncJobsView | NoResultView", handle)

    def begin_controlled_execution(
        self, max_queue_time_seconds: float | None = None
    ) -> OverloadControlDatabase:
        """A handle whose calls tell the server how long they may wait in its queue
        (``x-arango-max-queue-time-seconds``; no I/O). A request that waited longer is
        refused with :class:`~arango_anyio.exceptions.QueueTimeViolatedError` (HTTP 412).
        ``last_queue_time`` and ``adjust_max_queue_time`` are on the handle.
        """
        if max_queue_time_seconds is not None and max_queue_time_seconds < 0:
            raise InvalidArgumentError("max_queue_time_seconds must not be negative")
        executor = OverloadControlExecutor(self._conn, max_queue_time_seconds)
        return OverloadControlDatabase(self._conn, executor)

    # -- stream transactions ----------------------------------------------------------------

    def begin_transaction(
        self,
        read: Names = None,
        write: Names = None,
        exclusive: Names = None,
        *,
        sync: bool | None = None,
        allow_implicit: bool | None = None,
        lock_timeout: int | None = None,
        max_size: int | None = None,
        allow_dirty_read: bool | None = None,
        skip_fast_lock_round: bool | None = None,
    ) -> TransactionBegin[TransactionDatabase]:
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
            names = collection_names(value)
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
        headers = dirty_read(allow_dirty_read)

        async def begin() -> TransactionDatabase:
            request = Request("POST", "/_api/transaction/begin", data=data, headers=headers,
                              cleanup=abort_begun_transaction)

            def handler(response: Response) -> TransactionDatabase:
                raise_unless_success(response, request, TransactionInitError)
                return self._transaction_handle(str(response.body["result"]["id"]),
                                                response.host)

            # Beginning a transaction is never itself an async job or part of another
            # transaction.
            return await self._direct.execute(request, handler)

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
        hosts = [host] if host is not None else self._conn.hosts
        endpoint = f"/_api/transaction/{segment(str(transaction_id), 'transaction id')}"
        last: TransactionFetchError | None = None
        for candidate in hosts:
            request = Request("GET", endpoint, host=candidate)

            def handler(response: Response, request: Request = request) -> str | None:
                raise_unless_success(response, request, TransactionFetchError)
                return response.host

            try:
                answered_by = await self._direct.execute(request, handler)
            except TransactionFetchError as exc:
                last = exc
                continue
            return self._transaction_handle(str(transaction_id), answered_by)
        assert last is not None  # there is always at least one host
        raise last

    def _transaction_handle(self, transaction_id: str, host: str | None) -> TransactionDatabase:
        executor = TransactionExecutor(self._conn, transaction_id, host)
        return TransactionDatabase(self._conn, executor)


class StandardDatabase(Database):
    """A database whose calls are sent directly."""


class TransactionDatabase(TransactionControlMixin, Database):
    """A database whose calls run inside a stream transaction (see
    :meth:`Database.begin_transaction`)."""

    def __init__(self, connection: Connection, executor: TransactionExecutor) -> None:
        super().__init__(connection, executor)
        self._trx = executor


class AsyncDatabase(Database):
    """A database whose calls are submitted as async jobs (see
    :meth:`Database.begin_async_execution`).

    This is the runtime class; type checkers see ``arango_anyio.AsyncDatabase`` as the
    generated protocol of the same name, where every call returns an ``AsyncJob``.
    """


class OverloadControlDatabase(OverloadControlMixin, Database):
    """A database whose calls carry ``x-arango-max-queue-time-seconds`` (see
    :meth:`Database.begin_controlled_execution`)."""

    def __init__(self, connection: Connection, executor: OverloadControlExecutor) -> None:
        super().__init__(connection, executor)
        self._overload = executor
